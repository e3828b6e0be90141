/*
 * mm/swap_state.c - the swap cache: folios on their way to or from swap,
 * found by their swap entry, and swap-in readahead.
 *
 * The cache is one table per device, offset -> pfn (the kernel has an
 * address space per 64 MiB of each device, swapper_spaces).  A cached
 * folio has PG_swapcache, its entry in page->private (type above
 * SWAP_OFFSET_BITS of offset), one reference per page held by the cache,
 * and counts in NR_FILE_PAGES and NR_SWAPCACHE of its node, as 6.1
 * counts it (meminfo's Cached leaves it out, SwapCached shows it).  Its
 * page->mapping stays its anon_vma: the kernel finds the swap address
 * space from the entry, not from the folio.  Only small folios enter:
 * THP_SWAP is not modelled (reclaim splits a THP whose add_to_swap()
 * fails, as 6.1 does when no cluster is free).
 *
 * Readahead is 6.1's swap_cluster_readahead(), the one it uses when a
 * rotational device is swapped on: the aligned window of up to
 * 2^page_cluster slots around the faulting one, sized by
 * swapin_nr_pages() from the readahead hits; the window's pages are
 * allocated for the faulting address by the task's policy, read, and
 * marked PG_readahead (PG_reclaim, as in the kernel) until a fault finds
 * them (swap_ra_hit).  Reads complete at once as far as page state goes;
 * the faulting task waits for its own page's device time.
 *
 * A folio reclaim takes out of the cache leaves a shadow entry in its
 * slot (si->shadow); a folio read into the slot later replaces it and is
 * judged by workingset_refault() (mm/workingset.c).
 *
 * Invariants: see mm/swap.h.
 *
 * Linux counterpart: mm/swap_state.c (6.1): add_to_swap_cache,
 * __delete_from_swap_cache, add_to_swap, delete_from_swap_cache,
 * swap_cache_get_folio, __read_swap_cache_async, swapin_nr_pages,
 * swap_cluster_readahead, swapin_readahead; folio_free_swap() of
 * mm/swapfile.c.
 */
#include "mm/swap.h"

#include "mm/bug.h"
#include "mm/internal.h"
#include "mm/mempolicy.h"
#include "mm/mm.h"
#include "mm/rmap.h"
#include "mm/vmstat_counters.h"
#include "mm/workingset.h"

/* Linux: PG_readahead is PG_reclaim (include/linux/page-flags.h). */
#define PG_readahead	PG_reclaim

bool folio_test_swapcache(const struct page *folio)
{
	return PageFlag(folio, PG_swapbacked) && PageFlag(folio, PG_swapcache);
}

swp_entry_t folio_swap_entry(const struct page *folio)
{
	return swp_entry(folio->private >> SWAP_OFFSET_BITS,
			 folio->private & (SWAP_MAX_SLOTS - 1));
}

struct page *lookup_swap_cache(const struct machine *m, swp_entry_t entry)
{
	struct swap_info_struct *si = swp_swap_info(m, entry);
	uint32_t slot = si ? si->cache_slot[swp_offset(entry)] : 0;

	return slot ? pfn_to_page(m, slot - 1) : NULL;
}

/* The cache's counters for folio, nr pages in or out. */
static void swap_cache_account(struct machine *m, struct page *folio, long nr)
{
	mod_node_page_state(m, folio, NR_FILE_PAGES, nr);
	mod_node_page_state(m, folio, NR_SWAPCACHE, nr);
}

/*
 * Linux: add_to_swap_cache(), mm/swap_state.c (the slot has SWAP_HAS_CACHE
 * already): returns the shadow the folio replaces in the slot, or 0.
 */
static uint64_t add_to_swap_cache(struct machine *m, struct page *folio, swp_entry_t entry)
{
	struct swap_info_struct *si = swp_swap_info(m, entry);
	uint64_t shadow = si->shadow[swp_offset(entry)];

	MM_BUG_ON_PAGE(folio_test_swapcache(folio), m, folio);
	get_page(m, folio);
	SetPageFlag(folio, PG_swapbacked);
	SetPageFlag(folio, PG_swapcache);
	folio->private = (uint32_t)(swp_type(entry) << SWAP_OFFSET_BITS | swp_offset(entry));
	si->cache_slot[swp_offset(entry)] = (uint32_t)page_to_pfn(m, folio) + 1;
	si->cache_pages++;
	si->shadow[swp_offset(entry)] = 0;
	swap_cache_account(m, folio, 1);
	return shadow;
}

/* Linux: __delete_from_swap_cache(), mm/swap_state.c: shadow (or 0) takes the slot. */
static void __delete_from_swap_cache(struct machine *m, struct page *folio, swp_entry_t entry,
				     uint64_t shadow)
{
	struct swap_info_struct *si = swp_swap_info(m, entry);

	si->cache_slot[swp_offset(entry)] = 0;
	si->shadow[swp_offset(entry)] = shadow;
	si->cache_pages--;
	folio->private = 0;
	ClearPageFlag(folio, PG_swapcache);
	swap_cache_account(m, folio, -1);
}

/* Linux: add_to_swap(), mm/swap_state.c */
bool add_to_swap(struct machine *m, struct page *folio)
{
	swp_entry_t entry;

	if (PageFlag(folio, PG_head) || !PageAnon(folio))
		return false;
	entry = folio_alloc_swap(m);
	if (!entry.val)
		return false;
	add_to_swap_cache(m, folio, entry);	/* a slot just allocated has no shadow */
	/* The page's identity goes with its data: its offset in its anon_vma. */
	swp_swap_info(m, entry)->slot_index[swp_offset(entry)] = folio->index;
	/* swap_dirty_folio(): noop_dirty_folio, no dirty accounting for swap. */
	SetPageFlag(folio, PG_dirty);
	return true;
}

/*
 * Linux: the swap cache half of __remove_mapping(), mm/vmscan.c: shadow
 * (0 for none) stays in the slot until a folio takes it again or the
 * slot is freed.
 */
void delete_from_swap_cache_shadow(struct machine *m, struct page *folio, uint64_t shadow)
{
	swp_entry_t entry = folio_swap_entry(folio);

	__delete_from_swap_cache(m, folio, entry, shadow);
	put_swap_folio(m, entry);
	put_page(m, folio);
}

/* Linux: delete_from_swap_cache(), mm/swap_state.c */
void delete_from_swap_cache(struct machine *m, struct page *folio)
{
	delete_from_swap_cache_shadow(m, folio, 0);
}

/* Linux: folio_free_swap(), mm/swapfile.c */
bool folio_free_swap(struct machine *m, struct page *folio)
{
	if (!folio_test_swapcache(folio) || PageFlag(folio, PG_writeback))
		return false;
	if (__swap_count(m, folio_swap_entry(folio)))
		return false;
	delete_from_swap_cache(m, folio);
	SetPageFlag(folio, PG_dirty);
	return true;
}

/* Linux: swap_cache_get_folio(), mm/swap_state.c (cluster readahead's accounting) */
struct page *swap_cache_get_folio(struct machine *m, swp_entry_t entry)
{
	struct page *folio = lookup_swap_cache(m, entry);

	if (!folio)
		return NULL;
	get_page(m, folio);
	if (PageFlag(folio, PG_readahead) && !PageFlag(folio, PG_writeback)) {
		ClearPageFlag(folio, PG_readahead);
		__count_vm_events(m, SWAP_RA_HIT, 1);
		m->swap.ra_hits++;
	}
	return folio;
}

/*
 * Linux: __read_swap_cache_async(), mm/swap_state.c: the cached folio of
 * entry with a reference, or a new one allocated for vma at addr and
 * added to the cache and the LRU (*allocated: the caller reads it); NULL
 * for a slot no entry uses, or without memory.
 */
static struct page *read_swap_cache_async(struct machine *m, swp_entry_t entry,
					  struct vm_area_struct *vma, uint64_t addr,
					  bool *allocated)
{
	struct page *folio = lookup_swap_cache(m, entry);
	uint64_t shadow;

	*allocated = false;
	if (folio) {
		get_page(m, folio);
		return folio;
	}
	if (!__swap_count(m, entry))
		return NULL;
	folio = vma_alloc_folio(m, GFP_HIGHUSER_MOVABLE, 0, vma, addr, false);
	if (!folio)
		return NULL;
	if (swapcache_prepare(m, entry)) {
		put_page(m, folio);
		return NULL;
	}
	shadow = add_to_swap_cache(m, folio, entry);
	if (shadow)
		workingset_refault(m, folio, shadow);
	folio_add_lru(m, folio, NULL);
	*allocated = true;
	return folio;
}

/* Linux: __swapin_nr_pages(), mm/swap_state.c */
static unsigned int __swapin_nr_pages(uint64_t prev_offset, uint64_t offset, unsigned int hits,
				      unsigned int max_pages, unsigned int prev_win)
{
	unsigned int pages = hits + 2;

	if (pages == 2) {
		/* No hits to judge by: read ahead only for a neighbour of the last fault. */
		if (offset != prev_offset + 1 && offset != prev_offset - 1)
			pages = 1;
	} else {
		unsigned int roundup = 4;

		while (roundup < pages)
			roundup <<= 1;
		pages = roundup;
	}
	if (pages > max_pages)
		pages = max_pages;
	/* Shrink the window by half at most. */
	if (pages < prev_win / 2)
		pages = prev_win / 2;
	return pages;
}

/* Linux: swapin_nr_pages(), mm/swap_state.c */
static unsigned int swapin_nr_pages(struct machine *m, uint64_t offset)
{
	struct mm_swap *s = &m->swap;
	unsigned int max_pages = 1u << s->page_cluster, hits, pages;

	if (max_pages <= 1)
		return 1;
	hits = s->ra_hits;
	s->ra_hits = 0;
	pages = __swapin_nr_pages(s->ra_prev_offset, offset, hits, max_pages, s->ra_last_pages);
	if (!hits)
		s->ra_prev_offset = offset;
	s->ra_last_pages = pages;
	return pages;
}

/* Read a new cache folio in; the faulting task waits for its own (target). */
static void read_new_folio(struct machine *m, struct page *folio, bool target, uint64_t *wait_ns)
{
	uint64_t done_ns = swap_readpage(m, folio);

	if (target)
		*wait_ns = done_ns;
	else {
		SetPageFlag(folio, PG_readahead);
		__count_vm_events(m, SWAP_RA, 1);
	}
}

/* Linux: swap_cluster_readahead(), mm/swap_state.c */
static struct page *swap_cluster_readahead(struct machine *m, swp_entry_t entry,
					   struct vm_area_struct *vma, uint64_t addr)
{
	struct swap_info_struct *si = swp_swap_info(m, entry);
	uint64_t offset = swp_offset(entry), mask = swapin_nr_pages(m, offset) - 1;
	uint64_t wait_ns = 0;
	struct page *folio;
	bool allocated;

	if (mask) {
		uint64_t start = offset & ~mask, end = offset | mask;

		if (!start)
			start = 1;	/* the header */
		if (end >= si->max)
			end = si->max - 1;
		for (uint64_t o = start; o <= end; o++) {
			folio = read_swap_cache_async(m, swp_entry(si->type, o), vma, addr, &allocated);
			if (!folio)
				continue;
			if (allocated)
				read_new_folio(m, folio, o == offset, &wait_ns);
			put_page(m, folio);
		}
	}
	folio = read_swap_cache_async(m, entry, vma, addr, &allocated);
	if (folio && allocated)
		read_new_folio(m, folio, true, &wait_ns);
	if (wait_ns > m->clock_ns) {
		m->swap.stats.read_wait_ns += wait_ns - m->clock_ns;
		m->clock_ns = wait_ns;
	}
	return folio;
}

struct page *swapin_readahead(struct machine *m, swp_entry_t entry, struct vm_area_struct *vma,
			      uint64_t addr, bool *major)
{
	struct page *folio = swap_cache_get_folio(m, entry);

	*major = false;
	if (folio)
		return folio;
	*major = true;
	return swap_cluster_readahead(m, entry, vma, addr);
}

/* Linux: the swap cache arm of folio_migrate_mapping(), mm/migrate.c */
void swap_cache_migrate(struct machine *m, struct page *dst, struct page *src)
{
	swp_entry_t entry = folio_swap_entry(src);

	SetPageFlag(dst, PG_swapcache);
	dst->private = src->private;
	swp_swap_info(m, entry)->cache_slot[swp_offset(entry)] = (uint32_t)page_to_pfn(m, dst) + 1;
	swap_cache_account(m, src, -1);
	swap_cache_account(m, dst, 1);
	ClearPageFlag(src, PG_swapcache);
	src->private = 0;
}
