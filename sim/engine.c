/*
 * sim/engine.c - the replay loop: verb dispatch, the machine's clock and
 * its daemons between events, and the periodic work: whole-machine checks
 * and samples for the report (timeseries.csv), each every N events and
 * once at the end.
 *
 * One record is one event.  engine_step() advances the clock (the record's
 * @TIME, else the previous time plus 1 us), running the kernel's background
 * work due before it (mm_run_daemons()), finds the verb's row in
 * engine_verbs[], matches every key=value and flag word of the record to a
 * key of the row (unknown and missing keys, and flags given a value, are
 * input errors), and calls the handler with the values in row order.  After
 * the handler the daemons it woke (kswapd) run, as the kernel's would once
 * the allocating task yields.
 *
 * Invariants: the clock never goes backwards; every event either completes
 * or stops the replay with a message (nothing is skipped); m->current_cpu
 * always names a CPU of the machine.
 *
 * Linux counterpart: none (the processes and kernel threads of a running
 * system); mm_run_daemons() stands for the scheduler running kernel threads.
 */
#include "sim/engine.h"


/*
 * Replay reads REPLAY_BATCH records at a time so it can look ahead: a free
 * names a random block, so its name's slot and then its struct page are
 * cache misses that would stall every event in turn.  The loop starts
 * loading the slot REPLAY_SLOT_AHEAD records early and the frame
 * REPLAY_PAGE_AHEAD records early (measured: about 15% faster replay of
 * the default workload; see docs/performance.md).
 */
#define REPLAY_BATCH		64
#define REPLAY_SLOT_AHEAD	32
#define REPLAY_HANDLE_AHEAD	16
#define REPLAY_PAGE_AHEAD	8

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/check.h"
#include "mm/daemon.h"
#include "mm/internal.h"
#include "mm/raw_alloc.h"
#include "sim/verbs.h"

#define NSEC_PER_USEC		1000ull
#define SNAPSHOT_NAME_MAX	64

/* Every verb a trace may use; later subsystems append their rows here. */
static const struct engine_verb *const engine_verbs[] = {
	&verb_alloc,
	&verb_free,
	&verb_drain,
	&verb_sysctl,
	&verb_snapshot,
	/* processes (verbs_proc.c) and their tunables (verbs_sysfs.c) */
	&verb_spawn,
	&verb_fork,
	&verb_exit,
	&verb_sched,
	&verb_mmap,
	&verb_munmap,
	&verb_mprotect,
	&verb_madvise,
	&verb_mlock,
	&verb_munlock,
	&verb_touch,
	&verb_pin,
	&verb_get,
	&verb_unpin,
	&verb_set_mempolicy,
	&verb_mbind,
	&verb_sysfs,
};

void engine_init(struct engine *e, struct machine *m, const struct engine_opts *opts)
{
	memset(e, 0, sizeof(*e));
	e->m = m;
	if (opts)
		e->opts = *opts;
	alloc_ids_init(&e->ids);
}

void engine_release(struct engine *e)
{
	alloc_ids_release(&e->ids);
	verbs_proc_release(e);
	for (size_t i = 0; i < GFP_CACHE_SLOTS; i++)
		free(e->gfp_cache[i].text);
	for (size_t i = 0; i < e->nr_snapshots; i++)
		free(e->snapshot_names[i]);
	free(e->snapshot_names);
	e->snapshot_names = NULL;
	e->nr_snapshots = 0;
}

/* ---- messages ---- */

enum engine_status engine_bad_input(struct engine *e, const struct trace_record *rec,
				    const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(e->msg, sizeof(e->msg), "%s:%lu: ", rec->file, rec->line);
	if (n < 0 || (size_t)n >= sizeof(e->msg))
		return ENGINE_BAD_INPUT;
	va_start(ap, fmt);
	vsnprintf(e->msg + n, sizeof(e->msg) - (size_t)n, fmt, ap);
	va_end(ap);
	return ENGINE_BAD_INPUT;
}

enum engine_status engine_internal(struct engine *e, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(e->msg, sizeof(e->msg), "numasim: ");

	va_start(ap, fmt);
	vsnprintf(e->msg + n, sizeof(e->msg) - (size_t)n, fmt, ap);
	va_end(ap);
	return ENGINE_INTERNAL;
}

/* ---- value parsing shared by the handlers ---- */

enum engine_status engine_parse_uint(struct engine *e, const struct trace_record *rec,
				     const char *key, const char *text, uint64_t max,
				     uint64_t *out)
{
	uint64_t v;

	if (trace_parse_u64(text, false, &v) != 0)
		return engine_bad_input(e, rec, "bad value '%s' for %s: not a number", text, key);
	if (v > max)
		return engine_bad_input(e, rec, "%s %llu out of range (0..%llu)", key,
					(unsigned long long)v, (unsigned long long)max);
	*out = v;
	return ENGINE_OK;
}

static uint64_t gfp_text_hash(const char *text, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)text[i];
		h *= 0x100000001b3ull;
	}
	return h ^ (h >> 29);
}

/* Report the '|'-separated part of text that gfp_parse() rejected. */
static enum engine_status gfp_bad_part(struct engine *e, const struct trace_record *rec,
				       const char *text, size_t bad)
{
	const char *part = text + bad;
	int part_len = (int)strcspn(part, "|");

	return engine_bad_input(e, rec, "bad gfp flags '%s': unknown flag '%.*s'",
				text, part_len, part);
}

/*
 * Traces repeat a handful of gfp strings millions of times; parsing each
 * one once keeps replay fast.  The cache is direct-mapped: a colliding
 * string simply replaces the slot's previous one.
 */
enum engine_status engine_parse_gfp(struct engine *e, const struct trace_record *rec,
				    const char *text, gfp_t *out)
{
	size_t len = strlen(text), bad = 0;
	struct gfp_cache_entry *slot;
	gfp_t gfp;

	slot = &e->gfp_cache[gfp_text_hash(text, len) % GFP_CACHE_SLOTS];
	if (slot->text && !strcmp(slot->text, text)) {
		*out = slot->gfp;
		return ENGINE_OK;
	}
	if (len == 0)
		return engine_bad_input(e, rec, "empty gfp flags");
	if (gfp_parse(text, len, &gfp, &bad) != 0)
		return gfp_bad_part(e, rec, text, bad);
	if (gfp_zone(gfp) < 0)
		return engine_bad_input(e, rec, "bad gfp flags '%s': invalid combination of zone modifiers",
					text);
	free(slot->text);
	slot->text = strdup(text);
	slot->gfp = gfp;
	*out = gfp;
	return ENGINE_OK;
}

/* ---- snapshots ---- */

static bool snapshot_name_valid(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len > SNAPSHOT_NAME_MAX || name[0] == '.')
		return false;
	return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789._-") == len;
}

/* Record a snapshot name; ENGINE_BAD_INPUT if invalid or taken before. */
static enum engine_status engine_add_snapshot(struct engine *e, const struct trace_record *rec,
				       const char *name)
{
	if (!snapshot_name_valid(name))
		return engine_bad_input(e, rec, "bad snapshot name '%s' (1..%d letters, digits, '.', '_' or '-', not starting with '.')",
					name, SNAPSHOT_NAME_MAX);
	for (size_t i = 0; i < e->nr_snapshots; i++)
		if (!strcmp(e->snapshot_names[i], name))
			return engine_bad_input(e, rec, "snapshot name '%s' used twice", name);
	if (e->nr_snapshots == e->snapshot_cap) {
		size_t cap = e->snapshot_cap ? 2 * e->snapshot_cap : 8;
		char **names = realloc(e->snapshot_names, cap * sizeof(*names));

		if (!names)
			return engine_internal(e, "out of memory");
		e->snapshot_names = names;
		e->snapshot_cap = cap;
	}
	e->snapshot_names[e->nr_snapshots] = strdup(name);
	if (!e->snapshot_names[e->nr_snapshots])
		return engine_internal(e, "out of memory");
	e->nr_snapshots++;
	return ENGINE_OK;
}

enum { SNAP_NAME };

/* snapshot name=NAME: write the /proc views of this moment. */
static enum engine_status do_snapshot(struct engine *e, const struct trace_record *rec,
				      const char *const *vals)
{
	char err[512];
	enum engine_status st = engine_add_snapshot(e, rec, vals[SNAP_NAME]);

	if (st != ENGINE_OK || !e->opts.snapshot)
		return st;
	if (e->opts.snapshot(e->opts.snapshot_ctx, vals[SNAP_NAME], e->m, err, sizeof(err))) {
		snprintf(e->msg, sizeof(e->msg), "%s", err);
		return ENGINE_OUTPUT;
	}
	return ENGINE_OK;
}

const struct engine_verb verb_snapshot = {
	.name = "snapshot",
	.handler = do_snapshot,
	.keys = { { "name", true } },
};

/* ---- dispatch ---- */

static const struct engine_verb *engine_find_verb(const char *name)
{
	/* Comparing the first byte first keeps the common misses cheap. */
	for (size_t i = 0; i < sizeof(engine_verbs) / sizeof(engine_verbs[0]); i++)
		if (engine_verbs[i]->name[0] == name[0] && !strcmp(engine_verbs[i]->name, name))
			return engine_verbs[i];
	return NULL;
}

static int verb_key_index(const struct engine_verb *v, const char *key)
{
	for (int i = 0; i < ENGINE_MAX_KEYS && v->keys[i].name; i++)
		if (v->keys[i].name[0] == key[0] && !strcmp(v->keys[i].name, key))
			return i;
	return -1;
}

static bool verb_has_flags(const struct engine_verb *v)
{
	for (int i = 0; i < ENGINE_MAX_KEYS && v->keys[i].name; i++)
		if (v->keys[i].flag)
			return true;
	return false;
}

/* A bare word of rec: its key index if it is one of the verb's flags. */
static int engine_match_flag(struct engine *e, const struct trace_record *rec,
			     const struct engine_verb *v, const char *word)
{
	int k = verb_key_index(v, word);

	if (k >= 0 && v->keys[k].flag)
		return k;
	if (k < 0 && verb_has_flags(v))
		engine_bad_input(e, rec, "unknown flag '%s' for %s", word, v->name);
	else
		engine_bad_input(e, rec, "unexpected word '%s' for %s (expected key=value)",
				 word, v->name);
	return -1;
}

/*
 * Fill vals[] (in the row's key order) from rec: the value of each
 * key=value, "" for each flag word, NULL for keys absent.  The bits of
 * seen say which keys were given; a flag given a value is caught at the
 * end, from its non-empty value, so the loop over the arguments stays
 * short (it runs for every event).  The reader has refused repeated keys.
 */
static enum engine_status engine_match_keys(struct engine *e, const struct trace_record *rec,
					    const struct engine_verb *v, const char **vals)
{
	uint32_t seen = 0;

	for (unsigned int a = 0; a < rec->nr_args; a++) {
		const struct trace_arg *arg = &rec->args[a];
		int k;

		if (!arg->value) {
			k = engine_match_flag(e, rec, v, arg->key);
			if (k < 0)
				return ENGINE_BAD_INPUT;
			vals[k] = "";
		} else {
			k = verb_key_index(v, arg->key);
			if (k < 0)
				return engine_bad_input(e, rec, "unknown key '%s' for %s", arg->key,
							v->name);
			vals[k] = arg->value;
		}
		seen |= 1u << k;
	}
	for (int k = 0; k < ENGINE_MAX_KEYS && v->keys[k].name; k++) {
		if (seen & (1u << k)) {
			if (v->keys[k].flag && vals[k][0])
				return engine_bad_input(e, rec, "flag '%s' takes no value (got '%s=%s')",
							v->keys[k].name, v->keys[k].name, vals[k]);
			continue;
		}
		if (v->keys[k].required)
			return engine_bad_input(e, rec, "missing key '%s' for %s", v->keys[k].name,
						v->name);
		vals[k] = NULL;
	}
	return ENGINE_OK;
}

/*
 * The machine's clock: @TIME when given, else 1 us after the previous
 * event.  The reader guarantees @TIMEs never decrease, but a run of untimed
 * events may have pushed the clock past the next @TIME; the clock then
 * stays where it is, so trace-event timestamps never go backwards.  The
 * kernel's background work due before the event runs first, at its own
 * times (mm_run_daemons()).
 */
static void engine_tick(struct engine *e, const struct trace_record *rec)
{
	uint64_t now_ns = e->m->clock_ns;

	if (!rec->has_time)
		now_ns += NSEC_PER_USEC;
	else if (rec->time_ns > now_ns)
		now_ns = rec->time_ns;
	mm_run_daemons(e->m, now_ns);
}

/* Replay one record: the verb dispatch. */
static enum engine_status engine_step(struct engine *e, const struct trace_record *rec)
{
	const char *vals[ENGINE_MAX_KEYS];	/* engine_match_keys() fills the row's keys */
	const struct engine_verb *v;
	enum engine_status st;

	engine_tick(e, rec);
	v = engine_find_verb(rec->verb);
	if (!v)
		return engine_bad_input(e, rec, "unknown verb '%s'", rec->verb);
	if (v->any_keys) {
		memset(vals, 0, sizeof(vals));
	} else {
		st = engine_match_keys(e, rec, v, vals);
		if (st != ENGINE_OK)
			return st;
	}
	st = v->handler(e, rec, vals);
	if (st != ENGINE_OK)
		return st;
	/* The task has returned: what it woke (kswapd) gets the CPU. */
	mm_run_daemons(e->m, e->m->clock_ns);
	e->nr_events++;
	return ENGINE_OK;
}

/* machine_check(), reported against the event that came before it. */
static enum engine_status engine_check(struct engine *e, const char *file, unsigned long line)
{
	char msg[512];

	if (machine_check(e->m, msg, sizeof(msg)) == 0)
		return ENGINE_OK;
	if (!file)
		return engine_internal(e, "invariant broken after boot: %s", msg);
	return engine_internal(e, "invariant broken after event %s:%lu: %s", file, line, msg);
}

/*
 * A periodic action (every N events) runs once more after the last event,
 * unless that event just had it.  An empty replay gets it once.
 */
static bool engine_final_due(const struct engine *e, unsigned long every)
{
	return every && (e->nr_events == 0 || e->nr_events % every != 0);
}

static void engine_sample(struct engine *e)
{
	if (e->opts.sample)
		e->opts.sample(e->opts.sample_ctx, e->m, e->nr_events, e->m->clock_ns);
}

/* Replay one record, then the checkers and the sampler when they are due. */
static enum engine_status engine_replay_one(struct engine *e, const struct trace_record *rec)
{
	unsigned long every = e->opts.check_every, sample_every = e->opts.sample_every;
	enum engine_status st = engine_step(e, rec);

	if (st != ENGINE_OK)
		return st;
	e->last_file = rec->file;
	e->last_line = rec->line;
	if (every && e->nr_events % every == 0) {
		st = engine_check(e, e->last_file, e->last_line);
		if (st != ENGINE_OK)
			return st;
	}
	if (sample_every && e->nr_events % sample_every == 0)
		engine_sample(e);
	return ENGINE_OK;
}

/* The id= value of a record, if any (alloc and free name their block so). */
static const char *record_id(const struct trace_record *rec)
{
	for (unsigned int a = 0; a < rec->nr_args; a++)
		if (rec->args[a].key[0] == 'i' && rec->args[a].key[1] == 'd' &&
		    rec->args[a].key[2] == '\0')
			return rec->args[a].value;
	return NULL;
}

static void prefetch_id_slot(const struct engine *e, const struct trace_record *rec)
{
	const char *id = record_id(rec);
	struct alloc_key key;

	if (!id)
		return;
	alloc_key_init(&key, id);
	alloc_ids_prefetch(&e->ids, &key);
}

/* The name's slot is in cache by now: start loading the handle's slot in mm/. */
static void prefetch_freed_handle(const struct engine *e, const struct trace_record *rec)
{
	struct alloc_key key;
	raw_handle_t handle;
	const char *id;

	if (rec->verb[0] != 'f' || !(id = record_id(rec)))
		return;
	alloc_key_init(&key, id);
	if (alloc_ids_get(&e->ids, &key, &handle) && handle != RAW_HANDLE_NONE)
		raw_alloc_prefetch(e->m, handle);
}

/* The handle's slot is in cache by now: start loading the frame a free will touch. */
static void prefetch_freed_page(const struct engine *e, const struct trace_record *rec)
{
	struct alloc_key key;
	raw_handle_t handle;
	const char *id;

	if (rec->verb[0] != 'f' || !(id = record_id(rec)))
		return;
	alloc_key_init(&key, id);
	if (alloc_ids_get(&e->ids, &key, &handle) && handle != RAW_HANDLE_NONE)
		__builtin_prefetch(raw_alloc_page(e->m, handle));
}

static enum engine_status engine_replay_batch(struct engine *e, const struct trace_record *recs,
					      int n)
{
	for (int i = 0; i < n && i < REPLAY_SLOT_AHEAD; i++)
		prefetch_id_slot(e, &recs[i]);
	for (int i = 0; i < n; i++) {
		enum engine_status st;

		if (i + REPLAY_SLOT_AHEAD < n)
			prefetch_id_slot(e, &recs[i + REPLAY_SLOT_AHEAD]);
		if (i + REPLAY_HANDLE_AHEAD < n)
			prefetch_freed_handle(e, &recs[i + REPLAY_HANDLE_AHEAD]);
		if (i + REPLAY_PAGE_AHEAD < n)
			prefetch_freed_page(e, &recs[i + REPLAY_PAGE_AHEAD]);
		st = engine_replay_one(e, &recs[i]);
		if (st != ENGINE_OK)
			return st;
	}
	return ENGINE_OK;
}

enum engine_status engine_replay(struct engine *e, struct trace_reader *r)
{
	unsigned long every = e->opts.check_every;
	struct trace_record *recs = malloc(REPLAY_BATCH * sizeof(*recs));
	enum engine_status st = ENGINE_OK;
	char err[sizeof(e->msg)];
	int n;

	if (!recs)
		return engine_internal(e, "out of memory");
	while ((n = trace_reader_next_batch(r, recs, REPLAY_BATCH, err, sizeof(err))) > 0) {
		st = engine_replay_batch(e, recs, n);
		if (st != ENGINE_OK)
			break;
	}
	free(recs);
	if (st != ENGINE_OK)
		return st;
	if (n < 0) {
		snprintf(e->msg, sizeof(e->msg), "%s", err);
		return ENGINE_BAD_INPUT;
	}
	if (engine_final_due(e, every)) {
		st = engine_check(e, e->last_file, e->last_line);
		if (st != ENGINE_OK)
			return st;
	}
	if (engine_final_due(e, e->opts.sample_every))
		engine_sample(e);
	return ENGINE_OK;
}
