/*
 * mm/migrate_internal.h - what mm/migrate.c (the migration loop) uses of
 * mm/migrate_folio.c (moving one folio): the page locks and waits of the
 * migration path and the move itself.  Not for callers of migration:
 * they use mm/migrate.h.
 *
 * Linux counterpart: the static helpers of mm/migrate.c and
 * include/linux/pagemap.h's folio lock.
 */
#ifndef MM_MIGRATE_INTERNAL_H
#define MM_MIGRATE_INTERNAL_H

#include <stdbool.h>

#include "mm/migrate.h"

/* Linux: folio_trylock() / folio_unlock() (PG_locked of the head). */
bool folio_trylock(struct page *head);
void folio_unlock(struct page *head);

/* Linux: folio_lock(): the holder (never a task numasim runs) unlocks first; counted. */
void folio_lock(struct machine *m, struct page *head);

/* Linux: folio_wait_writeback(): the write completes now; counted. */
void folio_wait_writeback(struct machine *m, struct page *head);

/*
 * Move the locked, unmapped folio src's mapping, references and flags to
 * the locked folio dst.  MIGRATEPAGE_SUCCESS, -EAGAIN (extra references:
 * retry), -EBUSY (cannot move in this mode).
 * Linux: move_to_new_folio(), mm/migrate.c
 */
int move_to_new_folio(struct machine *m, struct page *dst, struct page *src,
		      enum migrate_mode mode);

/* Linux: folio_migrate_flags(), mm/migrate.c */
void folio_migrate_flags(struct machine *m, struct page *dst, struct page *src);

#endif /* MM_MIGRATE_INTERNAL_H */
