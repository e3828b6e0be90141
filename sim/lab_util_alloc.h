/*
 * sim/lab_util_alloc.h - what the allocator labs (migratetypes,
 * watermarks, zone-movable, thp) read off their machine: a /proc/vmstat
 * line's value, a zone's free pages as buddyinfo counts them, its
 * pageblocks by type as pagetypeinfo counts them, and each pageblock's
 * frames by state as `show block` prints them.
 *
 * Invariant: nothing here changes the machine; every value is one a
 * student can see in the shell's views.
 *
 * No kernel counterpart.
 */
#ifndef SIM_LAB_UTIL_ALLOC_H
#define SIM_LAB_UTIL_ALLOC_H

#include <stddef.h>

#include "mm/pageblock_census.h"
#include "mm/trace_events.h"
#include "sim/lab_internal.h"

#define LAB_MAX_PAGEBLOCKS	64	/* the labs' machines are far smaller */

/* Free pages in the zone's buddy lists: buddyinfo's counts times 2^order. */
unsigned long lab_buddy_free_pages(const struct zone *zone);

/* The zone's free blocks of order or more, each counted in order-sized units. */
unsigned long lab_free_blocks_at_least(const struct zone *zone, unsigned int order);

/* pagetypeinfo's "Number of blocks type" for Unmovable, Movable, Reclaimable: "U M R". */
void lab_block_types_row(struct lab_session *s, const struct zone *zone, char *buf, size_t len);

/* The zone's pageblocks as `show block` counts them, in pfn order; returns how many. */
size_t lab_census(struct lab_session *s, const struct zone *zone,
		  struct pageblock_census *out, size_t max);

/* The largest free buddy block that starts in pageblock b of the zone; -1 if none. */
int lab_largest_free_order(struct lab_session *s, const struct zone *zone, size_t b);

/*
 * The mm_page_alloc_extfrag events of one command, as `trace-cmd` would
 * show them: lab_extfrag_watch() before the command, lab_extfrag_unwatch()
 * after it, and last holds the latest event's fields.
 */
struct lab_extfrag {
	unsigned int nr;
	pfn_t pfn;
	int fallback_order, fallback_mt;
	bool change_ownership;
	struct mm_event_sink saved;	/* the machine's own sink, put back after */
};
void lab_extfrag_watch(struct lab_session *s, struct lab_extfrag *w);
void lab_extfrag_unwatch(struct lab_session *s, struct lab_extfrag *w);

#endif /* SIM_LAB_UTIL_ALLOC_H */
