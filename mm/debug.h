/*
 * mm/debug.h - the buddy allocator's whole-structure checkers.
 *
 * buddy_check(zone) and pageblock_check(zone) walk a whole zone and report
 * the first broken invariant into a buffer; buddy_check_all() runs both
 * over every zone of the machine and is the "buddy" row of the checker
 * registry (mm/check.h), which tests run after every step and
 * `numasim run --check=N` every N events.  Assertions (MM_BUG_ON) are in
 * mm/bug.h.
 *
 * Linux counterpart: the checks of CONFIG_DEBUG_VM (bad_range,
 * check_free_page, VM_BUG_ON_PAGE) spread over mm/page_alloc.c.
 */
#ifndef MM_DEBUG_H
#define MM_DEBUG_H

#include <stddef.h>
#include "mm/bug.h"
#include "mm/mmzone.h"

/*
 * Check every buddy invariant of zone (see mmzone.h).  Returns 0, or the
 * number of violations found with the first described in msg.
 */
int buddy_check(const struct machine *m, const struct zone *zone, char *msg, size_t msglen);

/*
 * Check the pageblock bitmap against the zone: every pageblock of the zone
 * holds a valid migratetype (CMA only with CONFIG_CMA), the ISOLATE count
 * equals nr_isolate_pageblock, and pcp lists hold only allocatable pages of
 * their zone with refcount 0.
 */
int pageblock_check(const struct machine *m, const struct zone *zone, char *msg, size_t msglen);

/* Both checkers over every zone of the machine; the first violation wins. */
int buddy_check_all(const struct machine *m, char *msg, size_t msglen);

#endif /* MM_DEBUG_H */
