/*
 * mm/page-writeback.c - dirty pages: the dirty limits and their sysctls,
 * the dirty and writeback states of a folio with their counters, a
 * regular file's writepage, and the throttling of writers
 * (balance_dirty_pages()).
 *
 * Invariants: a folio of a regular file is PG_dirty exactly while it is
 * counted in NR_FILE_DIRTY (its node) and in its mapping's nrdirty, and
 * PG_writeback exactly while counted in NR_WRITEBACK; NR_ZONE_WRITE_PENDING
 * counts both (writeback_check()).  Anonymous and shmem folios are never
 * counted dirty.  Of vm.dirty_ratio and vm.dirty_bytes (and of the two
 * background knobs) at most one is non-zero.
 *
 * Simplified: balance_dirty_pages() does not compute 6.1's position ratio
 * or per-task rate limits: below the limit (vm.dirty_ratio) a writer
 * never pauses; above it, it pauses until the next write completes (at
 * most MAX_PAUSE, 200 ms) and looks again, until dirty + writeback pages
 * fall to the limit.  It runs after every page a write call dirties and
 * after every write fault of a shared mapping (fault_dirty_shared_page()),
 * not every ratelimit_pages pages.
 *
 * Linux counterpart: mm/page-writeback.c (v6.1): global_dirtyable_memory(),
 * domain_dirty_limits(), the dirty_*_handler()s, balance_dirty_pages(),
 * folio_account_dirtied(), folio_mark_dirty(), folio_clear_dirty_for_io(),
 * folio_mkclean() of mm/rmap.c,
 * __folio_start_writeback(), __folio_end_writeback(); mm/filemap.c:
 * folio_end_writeback().
 */
#include "mm/writeback.h"

#include <errno.h>
#include <limits.h>

#include "mm/bug.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/rmap.h"
#include "mm/vmscan.h"
#include "mm/vmstat_counters.h"

/* Linux: MAX_PAUSE, HZ / 5: the longest balance_dirty_pages() sleep. */
#define MAX_PAUSE_NS	(200 * NSEC_PER_MSEC)

/* Linux: dirty_bytes_min, 2 * PAGE_SIZE: vm.dirty_bytes's floor. */
#define DIRTY_BYTES_MIN	(2 * PAGE_SIZE)

void writeback_sysctls_init(struct machine *m)
{
	m->vm.dirty_background_ratio = DIRTY_BACKGROUND_RATIO;
	m->vm.dirty_ratio = VM_DIRTY_RATIO;
	m->vm.dirty_background_bytes = 0;
	m->vm.dirty_bytes = 0;
	m->vm.dirty_writeback_centisecs = DIRTY_WRITEBACK_CENTISECS;
	m->vm.dirty_expire_centisecs = DIRTY_EXPIRE_CENTISECS;
}

/*
 * Linux: global_dirtyable_memory(), mm/page-writeback.c.  Free pages the
 * kernel does not keep in reserve, plus the file LRU; never 0.  (x86_64 has
 * no highmem to subtract.)
 */
static unsigned long global_dirtyable_memory(const struct machine *m)
{
	unsigned long free_pages = global_zone_page_state(m, NR_FREE_PAGES);
	unsigned long reserve_pages = m->totalreserve_pages;
	unsigned long x;

	x = free_pages - (free_pages < reserve_pages ? free_pages : reserve_pages);
	x += global_node_page_state(m, NR_INACTIVE_FILE);
	x += global_node_page_state(m, NR_ACTIVE_FILE);
	return x + 1;
}

static unsigned long bytes_to_pages_up(unsigned long bytes)
{
	return (unsigned long)((bytes + PAGE_SIZE - 1) / PAGE_SIZE);
}

/* Linux: node_dirtyable_memory(), mm/page-writeback.c: as the global one, for one node. */
static unsigned long node_dirtyable_memory(const pg_data_t *pgdat)
{
	unsigned long nr_pages = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (populated_zone(&pgdat->node_zones[z]))
			nr_pages += zone_page_state(&pgdat->node_zones[z], NR_FREE_PAGES);
	nr_pages -= nr_pages < pgdat->totalreserve_pages ? nr_pages : pgdat->totalreserve_pages;
	nr_pages += node_page_state(pgdat, NR_INACTIVE_FILE);
	nr_pages += node_page_state(pgdat, NR_ACTIVE_FILE);
	return nr_pages;
}

/*
 * Linux: node_dirty_ok() -> node_dirty_limit(), mm/page-writeback.c: may
 * the node take one more page about to be dirtied?  Its dirty and
 * writeback pages against its share of the dirty limit (numasim's tasks
 * are not real-time: no boost).
 */
bool node_dirty_ok(const struct machine *m, const pg_data_t *pgdat)
{
	unsigned long node_memory = node_dirtyable_memory(pgdat);
	unsigned long limit;

	if (m->vm.dirty_bytes)
		limit = (unsigned long)((unsigned long long)bytes_to_pages_up(m->vm.dirty_bytes) *
					node_memory / global_dirtyable_memory(m));
	else
		limit = (unsigned long)m->vm.dirty_ratio * node_memory / 100;
	return node_page_state(pgdat, NR_FILE_DIRTY) + node_page_state(pgdat, NR_WRITEBACK) <=
	       limit;
}

/*
 * Linux: global_dirty_limits() / domain_dirty_limits(), mm/page-writeback.c.
 * A byte limit counts in pages as it is; a ratio becomes a per-PAGE_SIZE
 * fraction first (20% -> 819/4096), then scales the dirtyable memory.  The
 * background limit stays below the other.  The reference kernel at boot:
 * 936733 dirtyable pages -> 187300 and 93536.
 */
void global_dirty_limits(const struct machine *m, unsigned long *background_pages,
			 unsigned long *dirty_pages)
{
	unsigned long long avail = global_dirtyable_memory(m);
	unsigned long long ratio = (unsigned long long)m->vm.dirty_ratio * PAGE_SIZE / 100;
	unsigned long long bg_ratio =
		(unsigned long long)m->vm.dirty_background_ratio * PAGE_SIZE / 100;
	unsigned long thresh, bg_thresh;

	if (m->vm.dirty_bytes)
		thresh = bytes_to_pages_up(m->vm.dirty_bytes);
	else
		thresh = (unsigned long)(ratio * avail / PAGE_SIZE);
	if (m->vm.dirty_background_bytes)
		bg_thresh = bytes_to_pages_up(m->vm.dirty_background_bytes);
	else
		bg_thresh = (unsigned long)(bg_ratio * avail / PAGE_SIZE);
	if (thresh > UINT_MAX)
		thresh = UINT_MAX;
	if (bg_thresh >= thresh)
		bg_thresh = thresh / 2;
	*background_pages = bg_thresh;
	*dirty_pages = thresh;
}

/* ---- the sysctls (the kernel's dirty_*_handler()s) ---- */

/* Linux: dirty_background_ratio_handler(): any write zeroes the bytes knob. */
int dirty_background_ratio_write(struct machine *m, long value)
{
	m->vm.dirty_background_ratio = (int)value;
	m->vm.dirty_background_bytes = 0;
	return 0;
}

/* Linux: dirty_background_bytes_handler(): more than UINT_MAX pages is -ERANGE. */
int dirty_background_bytes_write(struct machine *m, long value)
{
	if (bytes_to_pages_up((unsigned long)value) > UINT_MAX)
		return -EINVAL;
	m->vm.dirty_background_bytes = (unsigned long)value;
	m->vm.dirty_background_ratio = 0;
	return 0;
}

/* Linux: dirty_ratio_handler(): a changed ratio zeroes the bytes knob. */
int dirty_ratio_write(struct machine *m, long value)
{
	if (value != m->vm.dirty_ratio)
		m->vm.dirty_bytes = 0;
	m->vm.dirty_ratio = (int)value;
	return 0;
}

/* Linux: dirty_bytes_handler(): at least 2 pages (the table's min), a changed value zeroes the ratio. */
int dirty_bytes_write(struct machine *m, long value)
{
	if ((unsigned long)value < DIRTY_BYTES_MIN ||
	    bytes_to_pages_up((unsigned long)value) > UINT_MAX)
		return -EINVAL;
	if ((unsigned long)value != m->vm.dirty_bytes)
		m->vm.dirty_ratio = 0;
	m->vm.dirty_bytes = (unsigned long)value;
	return 0;
}

/* Linux: dirty_writeback_centisecs_handler(): a new non-zero period wakes the flushers. */
int dirty_writeback_centisecs_write(struct machine *m, long value)
{
	unsigned int old = m->vm.dirty_writeback_centisecs;

	m->vm.dirty_writeback_centisecs = (unsigned int)value;
	if (value && (unsigned int)value != old)
		mm_daemon_wake(m, &m->wb.flusher);
	return 0;
}

int dirty_expire_centisecs_write(struct machine *m, long value)
{
	m->vm.dirty_expire_centisecs = (unsigned int)value;
	return 0;
}

/* ---- the states of a folio ---- */

/* The regular file a folio's dirtiness is counted for, or NULL (anon, shmem, hugetlb). */
static struct address_space *folio_wb_mapping(const struct machine *m, struct page *folio)
{
	struct address_space *mapping;

	if (PageAnon(folio) || PageHuge(m, folio))
		return NULL;
	mapping = page_mapping(m, folio);
	return mapping_can_writeback(mapping) ? mapping : NULL;
}

/* The counters of pages going dirty (nr > 0) or clean (nr < 0). */
static void account_dirty(struct machine *m, struct address_space *mapping, struct page *folio,
			  long nr)
{
	mod_node_page_state(m, folio, NR_FILE_DIRTY, nr);
	__mod_zone_page_state(page_zone(m, folio), NR_ZONE_WRITE_PENDING, nr);
	mapping->nrdirty += nr;
}

/*
 * Linux: folio_mark_dirty() -> filemap_dirty_folio() ->
 * folio_account_dirtied() and __mark_inode_dirty(): a file going dirty
 * gets its dirtied_when and arms the flusher's periodic pass
 * (wb_wakeup_delayed()).
 */
bool folio_mark_dirty(struct machine *m, struct page *folio)
{
	struct address_space *mapping;
	long nr = folio_nr_pages(folio);

	if (PageFlag(folio, PG_dirty))
		return false;
	SetPageFlag(folio, PG_dirty);
	mapping = folio_wb_mapping(m, folio);
	if (!mapping)
		return true;
	if (!mapping->nrdirty) {
		mapping->dirtied_when_ns = m->clock_ns;
		if (m->vm.dirty_writeback_centisecs)
			mm_daemon_wake_at(m, &m->wb.flusher,
					  m->clock_ns + (uint64_t)m->vm.dirty_writeback_centisecs *
						  10 * NSEC_PER_MSEC);
	}
	account_dirty(m, mapping, folio, nr);
	mod_node_page_state(m, folio, NR_DIRTIED, nr);
	return true;
}

/* Clear PG_dirty and uncount it; false if it was clean. */
static bool folio_test_clear_dirty(struct machine *m, struct page *folio)
{
	struct address_space *mapping;

	if (!PageFlag(folio, PG_dirty))
		return false;
	ClearPageFlag(folio, PG_dirty);
	mapping = folio_wb_mapping(m, folio);
	if (mapping)
		account_dirty(m, mapping, folio, -(long)folio_nr_pages(folio));
	return true;
}

/*
 * rmap_one of folio_mkclean(): write-protect and clean the PTE that maps
 * the folio in a shared VMA (invalid_mkclean_vma() skips private ones).
 */
static bool mkclean_one(struct machine *m, struct page *head, struct vm_area_struct *vma,
			uint64_t addr, void *arg)
{
	bool *was_dirty = arg;
	pmd_t *pmd;
	pte_t *pte;

	if (!(vma->vm_flags & VM_SHARED))
		return true;
	pte = follow_pte(m, vma->vm_mm, addr, &pmd);
	if (pte && pte_present(*pte) && pte_pfn(*pte) == page_to_pfn(m, head)) {
		*was_dirty |= pte_dirty(*pte);
		*pte = pte_wrprotect(pte_mkclean(*pte));
	}
	return true;
}

/*
 * Linux: folio_mkclean(), mm/rmap.c: every shared mapping of the folio
 * loses its dirty and write bits, so the next write through it faults
 * and dirties the folio again (wp_page_shared()).  True if an entry was
 * dirty.  Page-cache folios of regular files are order 0: PTEs only.
 */
static bool folio_mkclean(struct machine *m, struct page *folio)
{
	struct rmap_walk_control rwc = { .rmap_one = mkclean_one };
	bool was_dirty = false;

	if (!page_mapcount(folio))
		return false;
	rwc.arg = &was_dirty;
	rmap_walk(m, folio, &rwc);
	return was_dirty;
}

bool folio_clear_dirty_for_io(struct machine *m, struct page *folio)
{
	if (folio_wb_mapping(m, folio) && folio_mkclean(m, folio))
		folio_mark_dirty(m, folio);
	return folio_test_clear_dirty(m, folio);
}

/* Linux: folio_cancel_dirty() -> folio_account_cleaned(), mm/page-writeback.c */
void folio_cancel_dirty(struct machine *m, struct page *folio)
{
	folio_test_clear_dirty(m, folio);
}

/* Linux: __folio_start_writeback(), mm/page-writeback.c */
void folio_start_writeback(struct machine *m, struct page *folio)
{
	long nr = folio_nr_pages(folio);

	MM_BUG_ON_PAGE(PageFlag(folio, PG_writeback), m, folio);
	SetPageFlag(folio, PG_writeback);
	mod_node_page_state(m, folio, NR_WRITEBACK, nr);
	__mod_zone_page_state(page_zone(m, folio), NR_ZONE_WRITE_PENDING, nr);
}

/* Linux: folio_end_writeback(), mm/filemap.c, with __folio_end_writeback(). */
void folio_end_writeback(struct machine *m, struct page *folio)
{
	long nr = folio_nr_pages(folio);

	MM_BUG_ON_PAGE(!PageFlag(folio, PG_writeback), m, folio);
	/* Reclaim wanted it while it was written: make it the next to go. */
	if (PageFlag(folio, PG_reclaim)) {
		ClearPageFlag(folio, PG_reclaim);
		folio_rotate_reclaimable(m, folio);
	}
	ClearPageFlag(folio, PG_writeback);
	mod_node_page_state(m, folio, NR_WRITEBACK, -nr);
	__mod_zone_page_state(page_zone(m, folio), NR_ZONE_WRITE_PENDING, -nr);
	mod_node_page_state(m, folio, NR_WRITTEN, nr);
	acct_reclaim_writeback(m, folio);
}

/*
 * Linux: a disk filesystem's ->writepage (ext4_writepage() ->
 * ext4_bio_write_page()): clean the folio for I/O and put it on the
 * device.  A folio already under writeback waits for the flusher's next
 * pass in the kernel too (it stays dirty, reclaim reactivates it).
 */
int mapping_writepage(struct machine *m, struct page *folio, struct writeback_control *wbc)
{
	if (!folio_wb_mapping(m, folio))
		return -EINVAL;		/* shmem and anon are swap's (swap_writepage()) */
	if (PageFlag(folio, PG_writeback))
		return AOP_WRITEPAGE_ACTIVATE;
	folio_clear_dirty_for_io(m, folio);
	folio_start_writeback(m, folio);
	blk_submit_write(m, folio);
	wbc->nr_to_write -= folio_nr_pages(folio);
	return 0;
}

/* ---- throttling ---- */

/* How long a throttled writer sleeps: until the next write completes, at most MAX_PAUSE. */
static uint64_t dirty_pause_ns(const struct machine *m)
{
	const struct bdi_writeback *wb = &m->wb;
	uint64_t until = m->clock_ns + MAX_PAUSE_NS;

	if (wb->nr && wb->inflight[wb->head].done_ns < until)
		until = wb->inflight[wb->head].done_ns;
	return until > m->clock_ns ? until - m->clock_ns : 1;
}

/*
 * Linux: balance_dirty_pages(), simplified (see the top of the file).
 * Gives up, as the kernel's would only after a long while, when nothing
 * is being written and the flusher started nothing.
 */
void balance_dirty_pages_ratelimited(struct machine *m)
{
	for (;;) {
		unsigned long nr_reclaimable = global_node_page_state(m, NR_FILE_DIRTY);
		unsigned long dirty = nr_reclaimable + global_node_page_state(m, NR_WRITEBACK);
		unsigned long bg_thresh, thresh;
		uint64_t pause_ns;

		global_dirty_limits(m, &bg_thresh, &thresh);
		if (nr_reclaimable > bg_thresh)
			wb_start_background_writeback(m);
		if (dirty <= thresh)
			return;
		io_wait_until(m, m->clock_ns);	/* the flusher gets the CPU first */
		if (!m->wb.nr)
			return;
		pause_ns = dirty_pause_ns(m);
		m->wb.throttle_pauses++;
		m->wb.throttle_ns += pause_ns;
		io_wait_until(m, m->clock_ns + pause_ns);
	}
}
