/*
 * workloads/gen_churn.c - the seeded synthetic churn workload (gen_churn.h).
 *
 * What it models: a busy machine whose kernel keeps a slowly growing set of
 * long-lived unmovable and reclaimable allocations (page tables, slab,
 * dentries and inodes) while user memory comes and goes around them.  That
 * is the classic recipe for external fragmentation: an unmovable request
 * finds its own free lists empty, falls back into a MOVABLE pageblock
 * (mm_page_alloc_extfrag), the block ends up mixed, and when the movable
 * pages around it are freed the free memory is left in small pieces.
 *
 * The mix (per mille of allocation events; "long" = long-lived):
 *
 *   class        gfp                            share  orders 0/1/2/3   long
 *   unmovable    GFP_KERNEL                      120   850/80/40/30     600
 *   reclaimable  GFP_KERNEL|__GFP_RECLAIMABLE     90   800/100/50/50    500
 *   movable      GFP_HIGHUSER_MOVABLE            790   1000/0/0/0        50
 *
 * (order 1-3 kernel requests stand for kernel stacks, slab pages of larger
 * objects and network buffers; user pages are order 0.)  Because long-lived
 * allocations are freed rarely, kernel memory keeps growing through the
 * run: with the defaults it ends near a third of all memory, spread over
 * many pageblocks.
 *
 * plus order-9 "THP-like" attempts, GFP_TRANSHUGE_LIGHT|__GFP_THISNODE (no
 * reclaim, no compaction: they fail once no free 2 MiB block is left),
 * evenly spaced so that they would cover thp_percent of memory, and
 * long-lived (huge pages of long-running processes).  The generator cannot
 * know which allocations fail; the format lets a trace free a failed
 * allocation's id, which then does nothing.
 *
 * The schedule: the first phase fills memory (950 per mille of events
 * allocate, so that pressure comes soon: memory full of order-0 pages
 * takes at least one event per page) until the live pages reach
 * high_percent of total_pages; then a drain (800 per mille free) down to
 * low_percent; then a refill (800 per mille allocate) and so on until
 * nr_events alloc/free events have been written.  Fallbacks that leave
 * pageblocks mixed only start once the large free blocks are gone, so a
 * run shows fragmentation from the first drain and refill on: allow about
 * 3 events per page of memory (the default) to see two cycles.  A free picks a
 * random live allocation: from the short-lived pool 950 times in 1000 (from
 * the long-lived one otherwise, or when the short pool is empty), so
 * lifetimes are geometric and the holes land all over memory.  Snapshots:
 * "start" before the first event, "filled" when memory first reaches
 * high_percent, "mid" halfway, "end" after the last event.
 *
 * CPUs run in bursts (1 to 32 events on one CPU, as a task would before it
 * migrates) so per-CPU lists see realistic reuse; a free runs on whatever
 * CPU is current, like a free from another task.  One allocation in 16
 * names a random node= (possibly remote); the others take the CPU's node.
 *
 * Invariants: the output is a pure function of the parameters (splitmix64,
 * integer arithmetic only); every id is allocated once and freed at most
 * once; the live pools hold exactly the allocations not yet freed, and a
 * free costs O(1) (random index, swap with the last).
 *
 * Kernel counterpart: none; the allocations stand for alloc_pages_node()
 * calls from slab, page tables and the fault path.
 */
#include "workloads/gen_churn.h"
#include "workloads/gen_memory.h"
#include "workloads/gen_random.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define CHURN_THP_ORDER		9
#define CHURN_MAX_CPUS		4096u
#define CHURN_MAX_NODES		1024u
#define CHURN_MIN_PAGES		1024u
#define CHURN_OUT_BYTES		(64u << 10)
#define CHURN_LINE_MAX		256u	/* no line we write is longer */

enum churn_class { CHURN_UNMOVABLE, CHURN_RECLAIMABLE, CHURN_MOVABLE, CHURN_THP, CHURN_CLASSES };

/* Per-class policy: a table, so a different mix is a data change. */
struct churn_class_desc {
	char id_prefix;
	const char *gfp;
	unsigned int share_permille;		/* of non-THP allocations */
	unsigned int order_permille[4];		/* orders 0..3 */
	unsigned int long_permille;		/* chance to be long-lived */
};

static const struct churn_class_desc churn_classes[CHURN_CLASSES] = {
	/* id, gfp, share, orders 0/1/2/3, long */
	[CHURN_UNMOVABLE] = { 'u', "GFP_KERNEL", 120, { 850, 80, 40, 30 }, 600 },
	[CHURN_RECLAIMABLE] = { 'r', "GFP_KERNEL|__GFP_RECLAIMABLE", 90, { 800, 100, 50, 50 }, 500 },
	[CHURN_MOVABLE] = { 'm', "GFP_HIGHUSER_MOVABLE", 790, { 1000, 0, 0, 0 }, 50 },
	[CHURN_THP] = { 't', "GFP_TRANSHUGE_LIGHT|__GFP_THISNODE", 0, { 0, 0, 0, 0 }, 1000 },
};

#define CHURN_PHASE_PERMILLE	800	/* allocs while refilling, frees while draining */
#define CHURN_FIRST_FILL_PERMILLE 950	/* allocs in the first fill: reach pressure soon */
#define CHURN_FREE_SHORT_PERMILLE 950
#define CHURN_REMOTE_ONE_IN	16
#define CHURN_BURST_MAX		32
#define CHURN_STEP_MAX_US	15	/* time advances 1..15 us per event */

struct churn_alloc {
	uint64_t id;
	unsigned int order;
	enum churn_class class;
};

/* A set of live allocations; free picks a random member in O(1). */
struct churn_pool {
	struct churn_alloc *a;
	size_t nr;
	size_t cap;
};

/* Buffered output: lines are formatted by hand, then written in blocks. */
struct churn_out {
	FILE *f;
	char buf[CHURN_OUT_BYTES];
	size_t len;
	bool error;
};

struct churn_state {
	const struct gen_churn_params *p;
	uint64_t rng;
	struct churn_pool pool_short, pool_long;
	uint64_t live_pages;		/* everything allocated and not freed, THP included */
	uint64_t high_pages, low_pages;
	bool draining;
	bool filled_once;
	uint64_t time_ns;
	unsigned int cpu, burst_left;
	uint64_t next_id;
	uint64_t thp_interval;		/* events between THP attempts; 0: none */
	uint64_t nr_allocs[CHURN_CLASSES], nr_frees, nr_cycles, peak_pages;
	struct churn_out out;
};

/* ---- PRNG: workloads/gen_random.h ---- */

static uint64_t churn_rand(struct churn_state *s)
{
	return gen_random_next(&s->rng);
}

/* Uniform enough in [0, n) for n far below 2^64 (the bias is < n / 2^64). */
static uint64_t churn_below(struct churn_state *s, uint64_t n)
{
	return churn_rand(s) % n;
}

static bool churn_chance(struct churn_state *s, unsigned int permille)
{
	return churn_below(s, 1000) < permille;
}

/* ---- output ---- */

static void out_flush(struct churn_out *o)
{
	if (o->len && fwrite(o->buf, 1, o->len, o->f) != o->len)
		o->error = true;
	o->len = 0;
}

/* Make sure a whole line fits before it is formatted. */
static void out_reserve_line(struct churn_out *o)
{
	if (o->len > sizeof(o->buf) - CHURN_LINE_MAX)
		out_flush(o);
}

static void out_str(struct churn_out *o, const char *s)
{
	size_t n = strlen(s);

	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void out_char(struct churn_out *o, char c)
{
	o->buf[o->len++] = c;
}

static void out_u64(struct churn_out *o, uint64_t v)
{
	char tmp[20];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		o->buf[o->len++] = tmp[--n];
}

/* v as exactly `digits` decimal digits (leading zeros). */
static void out_u64_padded(struct churn_out *o, uint64_t v, int digits)
{
	for (int i = digits - 1; i >= 0; i--) {
		o->buf[o->len + (size_t)i] = (char)('0' + v % 10);
		v /= 10;
	}
	o->len += (size_t)digits;
}

/* "@SECONDS.MICROSECONDS " (the times we write are whole microseconds). */
static void out_time(struct churn_out *o, uint64_t time_ns)
{
	uint64_t us = time_ns / 1000;

	out_char(o, '@');
	out_u64(o, us / 1000000);
	out_char(o, '.');
	out_u64_padded(o, us % 1000000, 6);
	out_char(o, ' ');
}

/* Free-form lines (the comments) go through stdio, after what is buffered. */
__attribute__((format(printf, 2, 3)))
static void out_printf(struct churn_out *o, const char *fmt, ...)
{
	va_list ap;

	out_flush(o);
	va_start(ap, fmt);
	if (vfprintf(o->f, fmt, ap) < 0)
		o->error = true;
	va_end(ap);
}

/* ---- the live pools ---- */

static int pool_add(struct churn_pool *pool, const struct churn_alloc *a)
{
	if (pool->nr == pool->cap) {
		size_t cap = pool->cap ? pool->cap * 2 : 4096;
		struct churn_alloc *grown = realloc(pool->a, cap * sizeof(*grown));

		if (!grown)
			return -1;
		pool->a = grown;
		pool->cap = cap;
	}
	pool->a[pool->nr++] = *a;
	return 0;
}

/* Remove and return a random member; the last one fills its slot. */
static struct churn_alloc pool_take_random(struct churn_state *s, struct churn_pool *pool)
{
	size_t i = (size_t)churn_below(s, pool->nr);
	struct churn_alloc a = pool->a[i];

	pool->a[i] = pool->a[--pool->nr];
	return a;
}

/* ---- events ---- */

static void churn_advance_time(struct churn_state *s)
{
	s->time_ns += (1 + churn_below(s, CHURN_STEP_MAX_US)) * 1000;
}

static void churn_pick_cpu(struct churn_state *s)
{
	if (s->burst_left == 0) {
		s->cpu = (unsigned int)churn_below(s, s->p->nr_cpus);
		s->burst_left = 1 + (unsigned int)churn_below(s, CHURN_BURST_MAX);
	}
	s->burst_left--;
}

static void churn_snapshot(struct churn_state *s, const char *name)
{
	struct churn_out *o = &s->out;

	out_reserve_line(o);
	out_time(o, s->time_ns);
	out_str(o, "snapshot name=");
	out_str(o, name);
	out_char(o, '\n');
}

static void out_id(struct churn_out *o, const struct churn_alloc *a)
{
	out_str(o, " id=");
	out_char(o, churn_classes[a->class].id_prefix);
	out_u64(o, a->id);
}

static unsigned int churn_pick_order(struct churn_state *s, enum churn_class class)
{
	const unsigned int *permille = churn_classes[class].order_permille;
	unsigned int r = (unsigned int)churn_below(s, 1000), order = 0;

	while (order < 3 && r >= permille[order])
		r -= permille[order++];
	return order;
}

static enum churn_class churn_pick_class(struct churn_state *s)
{
	unsigned int r = (unsigned int)churn_below(s, 1000);

	if (r < churn_classes[CHURN_UNMOVABLE].share_permille)
		return CHURN_UNMOVABLE;
	r -= churn_classes[CHURN_UNMOVABLE].share_permille;
	if (r < churn_classes[CHURN_RECLAIMABLE].share_permille)
		return CHURN_RECLAIMABLE;
	return CHURN_MOVABLE;
}

/* One alloc event of the given class. */
static int churn_alloc(struct churn_state *s, enum churn_class class)
{
	struct churn_out *o = &s->out;
	struct churn_alloc a = { .id = ++s->next_id, .class = class };
	bool remote = false, keep_long;

	a.order = class == CHURN_THP ? CHURN_THP_ORDER : churn_pick_order(s, class);
	keep_long = churn_chance(s, churn_classes[class].long_permille);
	if (class != CHURN_THP)
		remote = churn_below(s, CHURN_REMOTE_ONE_IN) == 0;

	out_reserve_line(o);
	out_time(o, s->time_ns);
	out_str(o, "alloc");
	out_id(o, &a);
	out_str(o, " order=");
	out_u64(o, a.order);
	out_str(o, " gfp=");
	out_str(o, churn_classes[class].gfp);
	out_str(o, " cpu=");
	out_u64(o, s->cpu);
	if (remote) {
		out_str(o, " node=");
		out_u64(o, churn_below(s, s->p->nr_nodes));
	}
	out_char(o, '\n');

	s->nr_allocs[class]++;
	s->live_pages += (uint64_t)1 << a.order;
	if (s->live_pages > s->peak_pages)
		s->peak_pages = s->live_pages;
	return pool_add(keep_long ? &s->pool_long : &s->pool_short, &a);
}

/* One free event of a random live allocation (the caller checked there is one). */
static void churn_free(struct churn_state *s)
{
	struct churn_out *o = &s->out;
	struct churn_pool *pool = &s->pool_short;
	struct churn_alloc a;

	if (!pool->nr || (s->pool_long.nr && !churn_chance(s, CHURN_FREE_SHORT_PERMILLE)))
		pool = &s->pool_long;
	a = pool_take_random(s, pool);

	out_reserve_line(o);
	out_time(o, s->time_ns);
	out_str(o, "free");
	out_id(o, &a);
	out_str(o, " cpu=");
	out_u64(o, s->cpu);
	out_char(o, '\n');

	s->nr_frees++;
	s->live_pages -= (uint64_t)1 << a.order;
}

/* Flip between filling and draining at the high and low marks. */
static void churn_update_phase(struct churn_state *s)
{
	if (!s->draining && s->live_pages >= s->high_pages) {
		s->draining = true;
		if (!s->filled_once) {
			s->filled_once = true;
			churn_snapshot(s, "filled");
		}
	} else if (s->draining && s->live_pages <= s->low_pages) {
		s->draining = false;
		s->nr_cycles++;
	}
}

/* Event number i (0-based): a THP attempt when one is due, else alloc or free. */
static int churn_event(struct churn_state *s, uint64_t i)
{
	bool majority, want_alloc;

	churn_advance_time(s);
	churn_pick_cpu(s);
	if (s->thp_interval && i % s->thp_interval == s->thp_interval / 2)
		return churn_alloc(s, CHURN_THP);
	majority = churn_chance(s, s->filled_once ? CHURN_PHASE_PERMILLE
						  : CHURN_FIRST_FILL_PERMILLE);
	want_alloc = s->draining ? !majority : majority;
	if (!s->pool_short.nr && !s->pool_long.nr)
		want_alloc = true;
	if (!want_alloc) {
		churn_free(s);
		return 0;
	}
	return churn_alloc(s, churn_pick_class(s));
}

/* ---- the trace ---- */

static void churn_write_header(struct churn_state *s)
{
	const struct gen_churn_params *p = s->p;
	struct churn_out *o = &s->out;

	out_printf(o, "numasim-trace v1\n"
		   "# churn: seeded synthetic fragmentation workload (numasim gen churn)\n"
		   "# seed=%llu nr_events=%llu total_pages=%llu nr_nodes=%u nr_cpus=%u\n"
		   "# fill to %u%% of memory, drain to %u%%, refill, ...; "
		   "order-9 attempts worth %u%% of memory\n",
		   (unsigned long long)p->seed, (unsigned long long)p->nr_events,
		   (unsigned long long)p->total_pages, p->nr_nodes, p->nr_cpus,
		   p->high_percent, p->low_percent, p->thp_percent);
	out_printf(o, "# mix per 1000 allocations "
		   "(orders 0/1/2/3 per 1000; long-lived per 1000):\n");
	for (int c = 0; c < CHURN_THP; c++) {
		const struct churn_class_desc *d = &churn_classes[c];

		out_printf(o, "#   %4u %-28s orders %u/%u/%u/%u, long-lived %u, ids %c...\n",
			   d->share_permille, d->gfp, d->order_permille[0], d->order_permille[1],
			   d->order_permille[2], d->order_permille[3], d->long_permille,
			   d->id_prefix);
	}
	out_printf(o, "#   plus order-%d %s attempts (ids %c...), long-lived\n",
		   CHURN_THP_ORDER, churn_classes[CHURN_THP].gfp,
		   churn_classes[CHURN_THP].id_prefix);
}

static void churn_write_summary(struct churn_state *s)
{
	out_printf(&s->out, "# summary: allocs unmovable=%llu reclaimable=%llu movable=%llu "
		   "thp=%llu, frees=%llu, drain cycles=%llu\n"
		   "# live pages at the end %llu, peak %llu (of %llu)\n",
		   (unsigned long long)s->nr_allocs[CHURN_UNMOVABLE],
		   (unsigned long long)s->nr_allocs[CHURN_RECLAIMABLE],
		   (unsigned long long)s->nr_allocs[CHURN_MOVABLE],
		   (unsigned long long)s->nr_allocs[CHURN_THP],
		   (unsigned long long)s->nr_frees, (unsigned long long)s->nr_cycles,
		   (unsigned long long)s->live_pages, (unsigned long long)s->peak_pages,
		   (unsigned long long)s->p->total_pages);
}

static void churn_init(struct churn_state *s, FILE *out, const struct gen_churn_params *p)
{
	uint64_t thp_attempts = p->total_pages * p->thp_percent / 100 >> CHURN_THP_ORDER;

	memset(s, 0, sizeof(*s));
	s->p = p;
	s->rng = p->seed;
	s->high_pages = p->total_pages * p->high_percent / 100;
	s->low_pages = p->total_pages * p->low_percent / 100;
	if (thp_attempts && p->nr_events / thp_attempts > 0)
		s->thp_interval = p->nr_events / thp_attempts;
	s->out.f = out;
}

static int churn_run(struct churn_state *s)
{
	const struct gen_churn_params *p = s->p;

	churn_write_header(s);
	churn_snapshot(s, "start");
	for (uint64_t i = 0; i < p->nr_events; i++) {
		if (i == p->nr_events / 2 && i)
			churn_snapshot(s, "mid");
		if (churn_event(s, i) < 0)
			return -1;
		churn_update_phase(s);
	}
	churn_snapshot(s, "end");
	churn_write_summary(s);
	out_flush(&s->out);
	return s->out.error ? -1 : 0;
}

void gen_churn_default_params(struct gen_churn_params *p, uint64_t total_pages,
			      unsigned int nr_nodes, unsigned int nr_cpus)
{
	memset(p, 0, sizeof(*p));
	p->seed = 1;
	p->total_pages = total_pages;
	p->nr_events = 3 * total_pages;
	p->nr_nodes = nr_nodes;
	p->nr_cpus = nr_cpus;
	p->high_percent = 90;
	p->low_percent = 60;
	p->thp_percent = 8;
}

const char *gen_churn_check(const struct gen_churn_params *p)
{
	if (p->nr_nodes < 1 || p->nr_nodes > CHURN_MAX_NODES)
		return "nr_nodes: must be between 1 and 1024";
	if (p->nr_cpus < 1 || p->nr_cpus > CHURN_MAX_CPUS)
		return "nr_cpus: must be between 1 and 4096";
	if (p->total_pages < CHURN_MIN_PAGES || p->total_pages > ((uint64_t)1 << 40))
		return "total_pages: must be between 1024 and 2^40";
	if (p->high_percent > 95 || p->high_percent < 1)
		return "high_percent: must be between 1 and 95";
	if (p->low_percent >= p->high_percent)
		return "low_percent: must be below high_percent";
	if (p->thp_percent > 20)
		return "thp_percent: must be at most 20";
	return NULL;
}

int gen_churn_write(FILE *out, const struct gen_churn_params *p)
{
	struct churn_state *s;
	int rc;

	if (gen_churn_check(p))
		return -1;
	/* The output buffer makes the state too big for the stack. */
	s = malloc(sizeof(*s));
	if (!s)
		return -1;
	churn_init(s, out, p);
	rc = churn_run(s);
	free(s->pool_short.a);
	free(s->pool_long.a);
	free(s);
	if (rc == 0 && fflush(out) != 0)
		rc = -1;
	return rc;
}

int gen_churn_writer(FILE *out, const void *params)
{
	return gen_churn_write(out, params);
}

int gen_churn_write_memory(const struct gen_churn_params *p, char **text, size_t *len)
{
	return gen_write_memory(gen_churn_writer, p, text, len);
}
