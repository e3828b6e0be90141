/*
 * mm/migrate_folio.c - moving one unmapped folio's identity to its new
 * folio: the mapping (anon_vma or page-cache slot), the references the
 * mapping holds, the page flags, the per-node counters; the page locks
 * and the waits of the migration path.
 *
 * By the time move_to_new_folio() runs the source is locked, isolated
 * and mapped nowhere (migration entries stand in for its mappings).
 * What it may hold then is what folio_expected_refs() allows: the
 * isolation's reference, plus for a cached folio the page cache's
 * reference per base page and one for private data (PG_private).  Any
 * other reference (a pin, a get_user_pages reference, a racing lookup)
 * makes the move fail with -EAGAIN, which the caller retries.
 *
 * Address-space operations: shmem's migrate_folio is migrate_folio();
 * hugetlbfs has hugetlbfs_migrate_folio(); numasim's named files stand
 * for a filesystem without one, so their folios take
 * fallback_migrate_folio(): a dirty folio moves only in MIGRATE_SYNC,
 * after being written out: writeout() starts the write on the block
 * device (mapping_writepage(), mm/writeback.h) and returns -EAGAIN; the
 * retry waits for the write (folio_wait_writeback()) and moves the clean
 * folio.
 *
 * Waiting: numasim runs one thread.  A page lock or a writeback that a
 * test set stands for another task's I/O or lock holding that ends by
 * itself; where 6.1 sleeps on it (folio_lock(), folio_wait_writeback()
 * in the modes and passes that may block), the holder is taken to finish
 * at once: the flag is cleared as its unlock or end_page_writeback()
 * would, and the wait is counted (mm_proc_stats).  A write that is on the
 * block device is waited for: the clock moves to its completion.  Where 6.1 does not
 * sleep it gives up exactly as 6.1 does.
 *
 * Linux counterpart: mm/migrate.c (6.1.192): move_to_new_folio,
 * migrate_folio, migrate_folio_extra, folio_migrate_mapping,
 * migrate_huge_page_move_mapping, folio_migrate_flags,
 * fallback_migrate_folio, writeout; fs/hugetlbfs/inode.c
 * (hugetlbfs_migrate_folio); mm/filemap.c (folio_lock,
 * folio_wait_writeback, filemap_release_folio).
 */
#include "mm/bug.h"
#include "mm/explain.h"
#include "mm/hugetlb.h"
#include "mm/internal.h"
#include "mm/migrate.h"
#include "mm/migrate_internal.h"
#include "mm/numa_balancing.h"
#include "mm/rmap.h"
#include "mm/swap.h"
#include "mm/vmstat_counters.h"
#include "mm/writeback.h"

#include <errno.h>

/* ---- locks and waits ---- */

/* Linux: folio_trylock(), include/linux/pagemap.h */
bool folio_trylock(struct page *head)
{
	if (PageFlag(head, PG_locked))
		return false;
	SetPageFlag(head, PG_locked);
	return true;
}

/* Linux: folio_unlock(), mm/filemap.c */
void folio_unlock(struct page *head)
{
	ClearPageFlag(head, PG_locked);
}

/*
 * Linux: folio_lock(), include/linux/pagemap.h: sleep until the holder
 * unlocks.  The holder is no task numasim runs: its unlock happens now.
 */
void folio_lock(struct machine *m, struct page *head)
{
	if (PageFlag(head, PG_locked))
		m->proc_stats.migration_lock_waits++;
	SetPageFlag(head, PG_locked);
}

/*
 * Linux: folio_wait_writeback(), mm/page-writeback.c: sleep until the
 * device has written the folio (blk_wait_folio() moves the clock there
 * and ends the write); a writeback started without the device ends now.
 */
void folio_wait_writeback(struct machine *m, struct page *head)
{
	if (!PageFlag(head, PG_writeback))
		return;
	m->proc_stats.migration_writeback_waits++;
	if (!blk_wait_folio(m, head))
		folio_end_writeback(m, head);
}

/* ---- the mapping ---- */

/* Linux: folio_expected_refs(), mm/migrate.c (a swap cache folio's mapping is the swap cache) */
static int folio_expected_refs(const struct address_space *mapping, const struct page *head)
{
	int refs = 1;

	if (!mapping && !folio_test_swapcache(head))
		return refs;
	refs += (int)folio_nr_pages(head);
	if (PageFlag(head, PG_private))
		refs++;
	return refs;
}

/* dst takes src's mapping handle and index (page->mapping, page->index). */
static void copy_mapping(struct page *dst, const struct page *src)
{
	dst->owner = (dst->owner & PAGE_OWNER_BITS) | (src->owner & ~PAGE_OWNER_BITS);
	dst->index = src->index;
	if (PageFlag(src, PG_swapbacked))
		SetPageFlag(dst, PG_swapbacked);
}

/*
 * The cache's counters follow the folio to dst's node; a regular file's
 * dirty count too (dirty && mapping_can_writeback()).
 */
static void move_cache_counters(struct machine *m, struct address_space *mapping,
				struct page *dst, struct page *src, long nr, bool dirty)
{
	if (page_zone(m, dst) == page_zone(m, src))
		return;
	mod_node_page_state(m, src, NR_FILE_PAGES, -nr);
	mod_node_page_state(m, dst, NR_FILE_PAGES, nr);
	if (PageFlag(src, PG_swapbacked)) {
		mod_node_page_state(m, src, NR_SHMEM, -nr);
		mod_node_page_state(m, dst, NR_SHMEM, nr);
	}
	if (dirty && mapping_can_writeback(mapping)) {
		mod_node_page_state(m, src, NR_FILE_DIRTY, -nr);
		__mod_zone_page_state(page_zone(m, src), NR_ZONE_WRITE_PENDING, -nr);
		mod_node_page_state(m, dst, NR_FILE_DIRTY, nr);
		__mod_zone_page_state(page_zone(m, dst), NR_ZONE_WRITE_PENDING, nr);
	}
}

/* What dst took over: an anonymous folio's anon_vma, or a cache slot (1 file, 2 swap cache). */
static void explain_mapping_moved(struct machine *m, const struct address_space *mapping,
				  struct page *dst, struct page *src)
{
	MM_EXPLAIN(&m->explain, "migrate_mapping", "folio_migrate_mapping", "mm/migrate.c",
		   { "pfn", (long)page_to_pfn(m, src) }, { "dst_pfn", (long)page_to_pfn(m, dst) },
		   { "cache", mapping ? 1 : folio_test_swapcache(src) ? 2 : 0 },
		   { "index", (long)src->index }, { "nr_pages", (long)folio_nr_pages(src) });
}

/*
 * Linux: folio_migrate_mapping(), mm/migrate.c.  The reference check is
 * the kernel's folio_ref_freeze(): nobody but the expected holders.
 */
static int folio_migrate_mapping(struct machine *m, struct address_space *mapping,
				 struct page *dst, struct page *src, int extra_count)
{
	int expected = folio_expected_refs(mapping, src) + extra_count;
	long nr = folio_nr_pages(src);
	bool dirty;

	MM_EXPLAIN(&m->explain, "migrate_refcount", "folio_migrate_mapping", "mm/migrate.c",
		   { "pfn", (long)page_to_pfn(m, src) }, { "expected", expected },
		   { "refcount", page_count(src) },
		   { "rc", page_count(src) != expected ? -EAGAIN : 0 });
	if (page_count(src) != expected)
		return -EAGAIN;
	copy_mapping(dst, src);
	explain_mapping_moved(m, mapping, dst, src);
	if (!mapping && !folio_test_swapcache(src))
		return MIGRATEPAGE_SUCCESS;
	dst->_refcount += (int)nr;		/* the cache's references */
	dirty = PageFlag(src, PG_dirty);
	if (dirty) {
		ClearPageFlag(src, PG_dirty);
		SetPageFlag(dst, PG_dirty);
	}
	src->_refcount = expected - (int)nr;
	if (!mapping) {
		swap_cache_migrate(m, dst, src);	/* counters included */
		return MIGRATEPAGE_SUCCESS;
	}
	filemap_replace_page(m, mapping, src, dst);
	move_cache_counters(m, mapping, dst, src, nr, dirty);
	return MIGRATEPAGE_SUCCESS;
}

/* Linux: migrate_huge_page_move_mapping(), mm/migrate.c */
static int migrate_huge_page_move_mapping(struct machine *m, struct address_space *mapping,
					  struct page *dst, struct page *src)
{
	int expected = 2 + PageFlag(src, PG_private);

	MM_EXPLAIN(&m->explain, "migrate_refcount", "migrate_huge_page_move_mapping",
		   "mm/migrate.c", { "pfn", (long)page_to_pfn(m, src) }, { "expected", expected },
		   { "refcount", page_count(src) },
		   { "rc", page_count(src) != expected ? -EAGAIN : 0 });
	if (page_count(src) != expected)
		return -EAGAIN;
	copy_mapping(dst, src);
	explain_mapping_moved(m, mapping, dst, src);
	get_page(m, dst);
	filemap_replace_page(m, mapping, src, dst);
	src->_refcount = expected - 1;
	return MIGRATEPAGE_SUCCESS;
}

/* Move flag from src to dst (set on dst, cleared on src); was it set? */
static bool move_flag(struct page *dst, struct page *src, enum pageflags flag)
{
	if (!PageFlag(src, flag))
		return false;
	ClearPageFlag(src, flag);
	SetPageFlag(dst, flag);
	return true;
}

static void copy_flag(struct page *dst, const struct page *src, enum pageflags flag)
{
	if (PageFlag(src, flag))
		SetPageFlag(dst, flag);
}

/*
 * Linux: folio_migrate_flags(), mm/migrate.c.  The page_owner record (the
 * allocation's migratetype) goes along (folio_copy_owner()), and so does
 * NUMA balancing's last_cpupid.  Not modelled: page_ext young/idle,
 * memcg, KSM.
 * 6.1 also clears a non-hugetlb source's page->private; numasim's
 * private holds the compound order there, which freeing still needs.
 */
void folio_migrate_flags(struct machine *m, struct page *dst, struct page *src)
{
	MM_EXPLAIN(&m->explain, "migrate_flags", "folio_migrate_flags", "mm/migrate.c",
		   { "pfn", (long)page_to_pfn(m, src) }, { "dst_pfn", (long)page_to_pfn(m, dst) },
		   { "dirty", PageFlag(src, PG_dirty) || PageFlag(dst, PG_dirty) },
		   { "active", PageFlag(src, PG_active) },
		   { "referenced", PageFlag(src, PG_referenced) },
		   { "unevictable", PageFlag(src, PG_unevictable) },
		   { "workingset", PageFlag(src, PG_workingset) });
	copy_flag(dst, src, PG_referenced);
	copy_flag(dst, src, PG_uptodate);
	copy_flag(dst, src, PG_workingset);
	if (!move_flag(dst, src, PG_active))
		move_flag(dst, src, PG_unevictable);
	copy_flag(dst, src, PG_anon_exclusive);	/* the kernel's PG_mappedtodisk */
	copy_flag(dst, src, PG_dirty);
	ClearPageFlag(src, PG_private);
	/*
	 * NUMA balancing's record of the last faulting task follows the data.
	 * Both unset (most pages): nothing to write, and the side array's
	 * untouched frames cost no host memory.
	 */
	if (page_cpupid_last(m, src) != page_cpupid_last(m, dst) ||
	    !cpupid_pid_unset(page_cpupid_last(m, src)))
		page_cpupid_xchg_last(m, dst, page_cpupid_xchg_last(m, src, -1));
	dst->owner = (dst->owner & ~PAGE_OWNER_BITS) | (src->owner & PAGE_OWNER_BITS);
}

/* The data copy (folio_copy(), not simulated): how many pages, from where to where. */
static void explain_copy(struct machine *m, struct page *dst, struct page *src)
{
	MM_EXPLAIN(&m->explain, "migrate_copy", "folio_migrate_copy", "mm/migrate.c",
		   { "pfn", (long)page_to_pfn(m, src) }, { "dst_pfn", (long)page_to_pfn(m, dst) },
		   { "nr_pages", (long)folio_nr_pages(src) }, { "src_nid", page_to_nid(src) },
		   { "dst_nid", page_to_nid(dst) });
}

/* Linux: migrate_folio_extra(), mm/migrate.c (the data copy is not simulated) */
static int migrate_folio_extra(struct machine *m, struct address_space *mapping,
			       struct page *dst, struct page *src, int extra_count)
{
	int rc;

	MM_BUG_ON_PAGE(PageFlag(src, PG_writeback), m, src);
	rc = folio_migrate_mapping(m, mapping, dst, src, extra_count);
	if (rc != MIGRATEPAGE_SUCCESS)
		return rc;
	explain_copy(m, dst, src);
	folio_migrate_flags(m, dst, src);
	return MIGRATEPAGE_SUCCESS;
}

/* Linux: migrate_folio(), mm/migrate.c: anonymous folios, shmem's a_ops */
static int migrate_folio(struct machine *m, struct address_space *mapping, struct page *dst,
			 struct page *src)
{
	return migrate_folio_extra(m, mapping, dst, src, 0);
}

/* Linux: hugetlbfs_migrate_folio(), fs/hugetlbfs/inode.c (no subpool to move) */
static int hugetlbfs_migrate_folio(struct machine *m, struct address_space *mapping,
				   struct page *dst, struct page *src)
{
	int rc = migrate_huge_page_move_mapping(m, mapping, dst, src);

	if (rc != MIGRATEPAGE_SUCCESS)
		return rc;
	explain_copy(m, dst, src);
	folio_migrate_flags(m, dst, src);
	return MIGRATEPAGE_SUCCESS;
}

/*
 * Linux: writeout(), mm/migrate.c: clean the folio for migration.  The
 * mappings come back first (the write may sleep); the write goes to the
 * device, and the caller retries.
 */
static int writeout(struct machine *m, struct page *src)
{
	struct writeback_control wbc = { .nr_to_write = 1, .sync_mode = WB_SYNC_NONE };

	if (!folio_clear_dirty_for_io(m, src))
		return -EAGAIN;
	remove_migration_ptes(m, src, src);
	/* The write runs on the device; the retry waits for it (folio_wait_writeback()). */
	if (mapping_writepage(m, src, &wbc) == AOP_WRITEPAGE_ACTIVATE)
		folio_mark_dirty(m, src);
	return -EAGAIN;
}

/*
 * Linux: filemap_release_folio() -> try_to_free_buffers(): private data
 * (buffers) is dropped with the reference it held; nothing keeps it busy
 * here.
 */
static bool filemap_release_folio(struct machine *m, struct page *src)
{
	if (!PageFlag(src, PG_private))
		return true;
	ClearPageFlag(src, PG_private);
	put_page(m, src);
	return true;
}

/* Linux: fallback_migrate_folio(), mm/migrate.c */
static int fallback_migrate_folio(struct machine *m, struct address_space *mapping,
				  struct page *dst, struct page *src, enum migrate_mode mode)
{
	if (PageFlag(src, PG_dirty)) {
		int rc = mode != MIGRATE_SYNC && mode != MIGRATE_SYNC_NO_COPY ? -EBUSY : -EAGAIN;

		MM_EXPLAIN(&m->explain, "migrate_dirty", "fallback_migrate_folio", "mm/migrate.c",
			   { "pfn", (long)page_to_pfn(m, src) }, { "mode", mode }, { "rc", rc });
		return rc == -EBUSY ? rc : writeout(m, src);
	}
	if (!filemap_release_folio(m, src))
		return mode == MIGRATE_SYNC ? -EAGAIN : -EBUSY;
	return migrate_folio(m, mapping, dst, src);
}

/* The address-space operation that moves an LRU folio: a_ops->migrate_folio or the fallback. */
static int migrate_lru_folio(struct machine *m, struct page *dst, struct page *src,
			     enum migrate_mode mode)
{
	struct address_space *mapping = page_mapping(m, src);

	if (!mapping)
		return migrate_folio(m, NULL, dst, src);
	if (PageHuge(m, src))
		return hugetlbfs_migrate_folio(m, mapping, dst, src);
	if (mapping->shmem)
		return migrate_folio(m, mapping, dst, src);
	return fallback_migrate_folio(m, mapping, dst, src, mode);
}

/* Linux: move_to_new_folio(), mm/migrate.c */
int move_to_new_folio(struct machine *m, struct page *dst, struct page *src,
		      enum migrate_mode mode)
{
	int rc;

	MM_BUG_ON_PAGE(!PageFlag(src, PG_locked), m, src);
	MM_BUG_ON_PAGE(!PageFlag(dst, PG_locked), m, dst);
	if (!__PageMovable(src)) {
		rc = migrate_lru_folio(m, dst, src, mode);
	} else if (!PageMovable(src)) {
		/* The owner let go of it after isolation: nothing to move. */
		ClearPageIsolated(src);
		return MIGRATEPAGE_SUCCESS;
	} else {
		MM_BUG_ON_PAGE(!PageIsolated(src), m, src);
		rc = page_movable_ops(m, src)->migrate_page(m, dst, src, mode);
	}
	if (rc != MIGRATEPAGE_SUCCESS)
		return rc;
	if (__PageMovable(src))
		ClearPageIsolated(src);
	/* A cache folio forgets its mapping; anon and movable keep the kind for the stats. */
	if (!(src->owner & PAGE_MAPPING_FLAGS))
		page_set_mapping(src, 0, false);
	return MIGRATEPAGE_SUCCESS;
}
