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

/* placeholder: owned by piece C */
struct writeback_control { long nr_to_write; int sync_mode; bool for_reclaim; };
#define WB_SYNC_NONE 0
#define WB_SYNC_ALL  1

/* placeholder: owned by piece C */
/* Linux: folio_end_writeback(), mm/filemap.c: the write of folio is done. */
void folio_end_writeback(struct machine *m, struct page *folio);

#endif /* MM_WRITEBACK_H */
