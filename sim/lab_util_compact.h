/*
 * sim/lab_util_compact.h - what the compaction, CMA and hotplug labs
 * read off their machines beyond sim/lab_internal.h: a zone's pageblocks
 * counted frame by frame (the numbers `show block N` prints), and the
 * last record of one tracepoint (what a student reads in tracefs).
 *
 * No kernel counterpart.
 */
#ifndef SIM_LAB_UTIL_COMPACT_H
#define SIM_LAB_UTIL_COMPACT_H

#include <stddef.h>

#include "mm/pageblock_census.h"
#include "mm/trace_events.h"
#include "sim/lab_internal.h"

/* A zone's pageblocks, in pfn order. */
struct lab_census {
	struct pageblock_census *b;
	size_t nr;
};

/* Count zone's pageblocks into c (c->b allocated).  0, or -1: out of memory. */
int lab_census_take(const struct machine *m, const struct zone *zone, struct lab_census *c);
void lab_census_release(struct lab_census *c);
/*
 * Pageblocks [first, first + nr) of c as a table (block, first pfn, type,
 * free, movable, other used), one line each, into buf; returns its length.
 */
size_t lab_census_text(const struct machine *m, const struct lab_census *c, size_t first,
		       size_t nr, char *buf, size_t len);

/*
 * The events of some ids the machine emitted while the watch ran, the
 * first LAB_WATCH_MAX of them kept.  The lab session has no trace output
 * of its own, so the watch owns the machine's sink meanwhile.
 */
#define LAB_WATCH_MAX	256

struct lab_trace_watch {
	struct machine *m;
	struct mm_event_sink saved;
	struct mm_event ev[LAB_WATCH_MAX];
	size_t nr;		/* events seen, kept or not */
};

/* Watch the events whose MM_EV_BIT() is in mask. */
void lab_watch_start(struct lab_trace_watch *w, struct machine *m, uint64_t mask);
void lab_watch_stop(struct lab_trace_watch *w);
/* The last event kept of id, NULL if none. */
const struct mm_event *lab_watch_last(const struct lab_trace_watch *w, enum mm_event_id id);

#endif /* SIM_LAB_UTIL_COMPACT_H */
