/*
 * mm/filemap_fault.c - page faults on a regular file's mapping: the page
 * cache page of the fault, read from the block device with readahead
 * when it is not cached, and the pages fault-around may map.
 *
 * A fault that finds its page cached is minor; one that finds it missing
 * counts pgmajfault and reads it: with the mapping's readahead hint
 * (madvise: VM_RAND_READ reads the page alone, VM_SEQ_READ reads ahead as
 * read(2) does), else the read-around window of ra_pages centred on the
 * page, unless the file's faults have missed far more often than they hit
 * (mmap_miss).  A cached page carrying PG_readahead starts the next window
 * without waiting for it.  The faulting task waits for the device as a
 * read(2) caller does (its clock moves on, the daemons run meanwhile); it
 * holds a reference on the page while it waits.
 *
 * The readahead state is the task's for the file (file_ra_state_of()),
 * shared with its read(2) calls, as the kernel's lives in the open file.
 *
 * Simplified: 6.1 drops mmap_lock for the read and retries the fault
 * (VM_FAULT_RETRY): pgfault counts both tries and the task's maj_flt the
 * retry.  numasim runs the fault once: pgfault once, and VM_FAULT_MAJOR
 * (the task's maj_flt, not pgmajfault) wherever 6.1 would have retried,
 * that is after any wait or readahead I/O.  A page past the file's size
 * stands for contents no verb described (a file that was only mapped):
 * it is allocated without I/O, a major fault, as before files had
 * contents; 6.1 would raise SIGBUS.
 *
 * Invariants: a fault never reads a page at or past i_size; it returns
 * its page without a reference of its own, cached at its index.
 *
 * Linux counterpart: mm/filemap.c (v6.1): filemap_fault(),
 * do_sync_mmap_readahead(), do_async_mmap_readahead(),
 * next_uptodate_page() and the mmap_miss count of filemap_map_pages().
 */
#include "mm/writeback.h"

#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/pgtable.h"
#include "mm/vmstat_counters.h"

/* Linux: MMAP_LOTSAMISS: more misses than this and read-around stops. */
#define MMAP_LOTSAMISS		100

/* The page lies inside the file's size: a fault may read it. */
static bool index_in_file(const struct address_space *mapping, uint64_t index)
{
	return index < (mapping->i_size + PAGE_SIZE - 1) >> PAGE_SHIFT;
}

/* Still being read by the task's last async window: its folio lock is held. */
static bool folio_read_in_flight(const struct machine *m, const struct file_ra_state *ra,
				 uint64_t index)
{
	return ra->io_done_ns > m->clock_ns && index >= ra->io_start && index < ra->io_end;
}

/*
 * Linux: the CONFIG_TRANSPARENT_HUGEPAGE arm of do_sync_mmap_readahead():
 * a VM_HUGEPAGE mapping reads the aligned 2 MiB around the fault and the
 * next (just that one unless VM_RAND_READ), even with readahead off;
 * ext4 has no large folios, so page_cache_ra_order() reads them as
 * order-0 pages.  ra->start is left as it was, as 6.1 leaves it.
 */
static uint64_t hugepage_read_around(struct machine *m, struct address_space *mapping,
				     struct file_ra_state *ra, unsigned long vm_flags,
				     uint64_t index)
{
	struct file_ra_state window;

	ra->size = (unsigned long)HPAGE_PMD_NR;
	if (!(vm_flags & VM_RAND_READ))
		ra->size *= 2;
	ra->async_size = (unsigned long)HPAGE_PMD_NR;
	window = *ra;
	window.start = index & ~(uint64_t)(HPAGE_PMD_NR - 1);
	return page_cache_ra_order(m, mapping, &window);
}

/* Linux: do_sync_mmap_readahead(), mm/filemap.c.  Returns when the device is done. */
static uint64_t do_sync_mmap_readahead(struct machine *m, struct vm_area_struct *vma,
				       struct file_ra_state *ra, uint64_t index)
{
	struct address_space *mapping = vma->vm_file;
	unsigned long vm_flags = vma->vm_flags;

	if (vm_flags & VM_HUGEPAGE)
		return hugepage_read_around(m, mapping, ra, vm_flags, index);
	if ((vm_flags & VM_RAND_READ) || !ra->ra_pages)
		return m->clock_ns;
	if (vm_flags & VM_SEQ_READ)
		return page_cache_sync_ra(m, mapping, ra, index, ra->ra_pages);
	if (ra->mmap_miss < MMAP_LOTSAMISS * 10)
		ra->mmap_miss++;
	if (ra->mmap_miss > MMAP_LOTSAMISS)
		return m->clock_ns;
	/* Read-around: the window centred on the fault, its last quarter async. */
	ra->start = index > ra->ra_pages / 2 ? index - ra->ra_pages / 2 : 0;
	ra->size = ra->ra_pages;
	ra->async_size = ra->ra_pages / 4;
	return page_cache_ra_order(m, mapping, ra);
}

/*
 * Linux: do_async_mmap_readahead(), mm/filemap.c: a hit pays back a miss;
 * a PG_readahead page starts the next window.  True when 6.1 would drop
 * mmap_lock for it (and retry the fault).
 */
static bool do_async_mmap_readahead(struct machine *m, struct vm_area_struct *vma,
				    struct file_ra_state *ra, struct page *folio)
{
	if ((vma->vm_flags & VM_RAND_READ) || !ra->ra_pages)
		return false;
	if (ra->mmap_miss)
		ra->mmap_miss--;
	if (!PageFlag(folio, PG_readahead))
		return false;
	page_cache_async_ra(m, vma->vm_file, ra, folio, ra->ra_pages);
	return true;
}

/*
 * The fault waits, holding a reference, until done_ns; true if the page
 * is still the cache's at index (the kernel's truncation check).
 */
static bool wait_for_fault_page(struct machine *m, struct address_space *mapping,
				struct page *folio, uint64_t index, uint64_t done_ns)
{
	bool cached;

	get_page(m, folio);
	filemap_wait_read(m, done_ns);
	cached = filemap_lookup(m, mapping, index) == folio;
	put_page(m, folio);
	return cached;
}

/* A cached page: async readahead, and a wait if it is still being read. */
static struct page *fault_cached(struct machine *m, struct vm_area_struct *vma,
				 struct file_ra_state *ra, struct page *folio, vm_fault_t *ret)
{
	uint64_t index = folio->index;
	uint64_t done_ns = folio_read_in_flight(m, ra, index) ? ra->io_done_ns : 0;

	if (do_async_mmap_readahead(m, vma, ra, folio))
		*ret |= VM_FAULT_MAJOR;		/* the retry's maj_flt */
	if (!done_ns)
		return folio;
	*ret |= VM_FAULT_MAJOR;
	if (wait_for_fault_page(m, vma->vm_file, folio, index, done_ns))
		return folio;
	return NULL;
}

/*
 * Linux: the retry_find part of filemap_fault(): the page readahead
 * brought, or the page alone (__filemap_get_folio(FGP_CREAT) and
 * filemap_read_folio()), and the wait for the device until done_ns.
 */
static struct page *fault_get_folio(struct machine *m, struct address_space *mapping,
				    uint64_t index, uint64_t done_ns, vm_fault_t *ret)
{
	for (;;) {
		struct page *folio = filemap_lookup(m, mapping, index);
		uint64_t read_ns;

		if (!folio) {
			folio = filemap_create_folio(m, mapping, index, mapping->gfp_mask);
			if (!folio) {
				*ret |= VM_FAULT_OOM;
				return NULL;
			}
			read_ns = blk_submit_read(m, 1);
			if (read_ns > done_ns)
				done_ns = read_ns;
		}
		if (wait_for_fault_page(m, mapping, folio, index, done_ns))
			return folio;
		done_ns = m->clock_ns;
	}
}

/* A page past i_size: the stand-in of a file without described contents. */
static struct page *fault_past_eof(struct machine *m, struct vm_area_struct *vma,
				   uint64_t index, uint64_t addr, vm_fault_t *ret)
{
	struct page *folio = filemap_lookup(m, vma->vm_file, index);

	if (folio)
		return folio;
	folio = filemap_get_page(m, vma->vm_file, vma, index, addr, ret);
	if (folio) {
		*ret |= VM_FAULT_MAJOR;
		__count_vm_events(m, PGMAJFAULT, 1);
	}
	return folio;
}

struct page *filemap_fault(struct machine *m, struct vm_area_struct *vma, uint64_t index,
			   uint64_t addr, vm_fault_t *ret)
{
	struct address_space *mapping = vma->vm_file;
	struct file_ra_state *ra;
	struct page *folio;

	if (!index_in_file(mapping, index))
		return fault_past_eof(m, vma, index, addr, ret);
	ra = file_ra_state_of(m, mapping);
	if (!ra) {
		*ret |= VM_FAULT_OOM;
		return NULL;
	}
	folio = filemap_lookup(m, mapping, index);
	if (folio) {
		folio = fault_cached(m, vma, ra, folio, ret);
		/* Gone while it waited: look again, as filemap_fault()'s retry_find. */
		return folio ? folio : fault_get_folio(m, mapping, index, m->clock_ns, ret);
	}
	__count_vm_events(m, PGMAJFAULT, 1);
	*ret |= VM_FAULT_MAJOR;
	return fault_get_folio(m, mapping, index, do_sync_mmap_readahead(m, vma, ra, index), ret);
}

struct page *filemap_map_page(struct machine *m, struct address_space *mapping,
			      struct file_ra_state *ra, uint64_t index)
{
	struct page *folio = filemap_lookup(m, mapping, index);

	if (!folio || !ra)
		return folio;	/* shmem, or a file's host memory ran out */
	if (PageFlag(folio, PG_readahead) || folio_read_in_flight(m, ra, index))
		return NULL;
	if (ra->mmap_miss)
		ra->mmap_miss--;
	return folio;
}
