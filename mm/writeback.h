/*
 * mm/writeback.h - dirty-page limits (mm/page-writeback.c).
 *
 * Linux counterpart: include/linux/writeback.h.
 */
#ifndef MM_WRITEBACK_H
#define MM_WRITEBACK_H

#include "mm/mmzone.h"

/* /proc/sys/vm/dirty_ratio and dirty_background_ratio, the kernel defaults. */
#define VM_DIRTY_RATIO		20
#define DIRTY_BACKGROUND_RATIO	10

/*
 * Linux: global_dirty_limits(), mm/page-writeback.c.  The background and the
 * hard dirty thresholds, in pages.
 */
void global_dirty_limits(const struct machine *m, unsigned long *background_pages,
			 unsigned long *dirty_pages);

struct page;

/* Linux: struct writeback_control, include/linux/writeback.h (the fields reclaim sets). */
struct writeback_control {
	long nr_to_write;
	int sync_mode;
	bool for_reclaim;
};
#define WB_SYNC_NONE	0
#define WB_SYNC_ALL	1
#define AOP_WRITEPAGE_ACTIVATE	0x80000

/*
 * Linux: mapping->a_ops->writepage for a file or shmem mapping: clear the
 * folio's dirty bit, set PG_writeback, queue the I/O; completion
 * (folio_end_writeback()) comes later in simulated time.  0 (writeback
 * started), AOP_WRITEPAGE_ACTIVATE (cannot be written now: it stays
 * dirty), or a negative errno.
 */
int mapping_writepage(struct machine *m, struct page *folio, struct writeback_control *wbc);

/* Linux: folio_mark_dirty(), mm/page-writeback.c: set PG_dirty (and count it). */
void folio_mark_dirty(struct machine *m, struct page *folio);

#endif /* MM_WRITEBACK_H */
