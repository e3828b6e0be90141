/*
 * sim/lab_util_compact.c - the pageblock census and the tracepoint watch
 * of the compaction, CMA and hotplug labs (sim/lab_util_compact.h).
 *
 * Invariant: a watch gives the machine's sink back as it found it; the
 * census is a copy, taken when asked, never updated.
 *
 * No kernel counterpart.
 */
#include "sim/lab_util_compact.h"

#include <stdlib.h>
#include <string.h>

#include "mm/vmstat.h"

struct census_fill {
	struct lab_census *c;
	size_t cap;
	bool failed;
};

static void census_add(void *arg, const struct pageblock_census *b)
{
	struct census_fill *f = arg;

	if (f->failed)
		return;
	if (f->c->nr == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 64;
		struct pageblock_census *nb = realloc(f->c->b, cap * sizeof(*nb));

		if (!nb) {
			f->failed = true;
			return;
		}
		f->c->b = nb;
		f->cap = cap;
	}
	f->c->b[f->c->nr++] = *b;
}

int lab_census_take(const struct machine *m, const struct zone *zone, struct lab_census *c)
{
	struct census_fill f = { .c = c };

	memset(c, 0, sizeof(*c));
	pageblock_census_walk(m, zone, census_add, &f);
	if (f.failed) {
		lab_census_release(c);
		return -1;
	}
	return 0;
}

void lab_census_release(struct lab_census *c)
{
	free(c->b);
	memset(c, 0, sizeof(*c));
}

/* A pageblock's frames in use by movable allocations, and by anything else. */
static unsigned long census_movable(const struct pageblock_census *b)
{
	return b->used[MIGRATE_MOVABLE];
}

static unsigned long census_pinned_down(const struct pageblock_census *b)
{
	return b->used[MIGRATE_UNMOVABLE] + b->used[MIGRATE_RECLAIMABLE] + b->other;
}

static const char *census_type(const struct pageblock_census *b)
{
	return b->migratetype >= 0 && b->migratetype < MIGRATE_TYPES
		       ? migratetype_names[b->migratetype] : "?";
}

size_t lab_census_text(const struct machine *m, const struct lab_census *c, size_t first,
		       size_t nr, char *buf, size_t len)
{
	size_t used = (size_t)snprintf(buf, len, "  block  first pfn  type         free  movable  other used\n");

	for (size_t i = first; i < first + nr && i < c->nr && used < len; i++) {
		const struct pageblock_census *b = &c->b[i];

		used += (size_t)snprintf(buf + used, len - used, "  %5llu  %9llu  %-11s  %4lu  %7lu  %10lu\n",
					 (unsigned long long)(b->start_pfn >> m->pageblock_order),
					 (unsigned long long)b->start_pfn, census_type(b), b->free,
					 census_movable(b), census_pinned_down(b));
	}
	return used < len ? used : len - 1;
}

/* ---- the tracepoint watch ---- */

static void watch_emit(void *ctx, const struct mm_event *ev)
{
	struct lab_trace_watch *w = ctx;

	if (w->nr < LAB_WATCH_MAX)
		w->ev[w->nr] = *ev;
	w->nr++;
}

void lab_watch_start(struct lab_trace_watch *w, struct machine *m, uint64_t mask)
{
	memset(w, 0, sizeof(*w));
	w->m = m;
	w->saved = m->sink;
	m->sink.emit = watch_emit;
	m->sink.ctx = w;
	m->sink.enabled = mask;
}

void lab_watch_stop(struct lab_trace_watch *w)
{
	if (w->m)
		w->m->sink = w->saved;
	w->m = NULL;
}

const struct mm_event *lab_watch_last(const struct lab_trace_watch *w, enum mm_event_id id)
{
	size_t kept = w->nr < LAB_WATCH_MAX ? w->nr : LAB_WATCH_MAX;

	for (size_t i = kept; i-- > 0;)
		if (w->ev[i].id == id)
			return &w->ev[i];
	return NULL;
}
