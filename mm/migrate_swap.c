/*
 * mm/migrate_swap.c - migration through swap, the mechanism of the first
 * page migration (the 2.6.16 development series, before direct migration):
 * a page to move is swapped out, and comes back wherever its task's policy
 * puts it when the task next touches it.
 *
 * For each isolated folio of the list, as reclaim would treat it:
 * add_to_swap() (a slot and the swap cache), try_to_unmap() (its
 * mappings become swap entries), swap_writepage(); once every write is
 * done (the call waits for the device: the clock advances to the last
 * completion), each folio leaves the swap cache and is freed
 * (__remove_mapping()).  What cannot go stays on the list for the caller
 * to put back:
 *   - hugetlb, file and shmem folios: not swappable this way
 *     (unswappable);
 *   - a folio a VM_LOCKED VMA maps (mlocked): try_to_unmap() stops there;
 *   - a maybe DMA-pinned folio (pinned): an exclusive one cannot be
 *     shared with a swap entry, and a shared one keeps references no
 *     unmap drops (it stays unmapped in the swap cache, as reclaim leaves
 *     it, and faults back from there);
 *   - no free swap slot (noswap): every folio, when no swap is
 *     configured.
 * A THP is split first (6.1 reclaim's fallback without THP swap); a
 * pinned one cannot be.
 *
 * Time: each folio costs what its unmap costs in the migration model
 * (isolate + per mapping unmap and TLB flush, hw/migrate_cost.h), and the
 * writes take the swap device's time; the data comes back later, at the
 * faults, at the device's read time.  Direct migration instead pays one
 * copy at memory bandwidth and no fault.
 *
 * Linux counterpart: the swap path of migrate_pages() and swap_page() in
 * mm/vmscan.c of the 2.6.16 series, written with 6.1's pieces
 * (add_to_swap, try_to_unmap, swap_writepage, __remove_mapping of
 * mm/vmscan.c).
 */
#include "mm/swap.h"

#include "mm/bug.h"
#include "mm/explain.h"
#include "mm/huge_mm.h"
#include "mm/internal.h"
#include "mm/migrate.h"
#include "mm/migrate_internal.h"
#include "mm/mm.h"
#include "mm/rmap.h"
#include "mm/vmstat_counters.h"

enum swap_out_result { SWAPPED, REFUSED_MLOCKED, REFUSED_PINNED, REFUSED_UNSWAPPABLE,
		       REFUSED_NOSWAP };

/* The unmap's share of the migration cost model: isolate, and per mapping unmap + flush. */
static void charge_unmap(struct machine *m, unsigned long nr_mappings)
{
	const struct hw_migrate_cost *c = &m->hw.migrate_cost;

	m->clock_ns += c->isolate_ns + nr_mappings * (uint64_t)(c->unmap_ns + c->tlb_flush_ns);
}

/* A folio unmapping refused: why, and its slot back if no entry took it. */
static enum swap_out_result unmap_refused(struct machine *m, struct page *folio)
{
	enum swap_out_result why = PageFlag(folio, PG_mlocked) ? REFUSED_MLOCKED : REFUSED_PINNED;

	folio_free_swap(m, folio);
	folio_unlock(folio);
	return why;
}

/* Start swapping out one small anonymous folio: in the cache, unmapped, written. */
static enum swap_out_result swap_out_folio(struct machine *m, struct page *folio)
{
	unsigned long nr_mappings;

	if (PageHuge(m, folio) || !PageAnon(folio))
		return REFUSED_UNSWAPPABLE;
	if (PageFlag(folio, PG_mlocked))
		return REFUSED_MLOCKED;
	if (!folio_trylock(folio))
		return REFUSED_PINNED;		/* never: nobody else holds page locks */
	if (!folio_test_swapcache(folio) && !add_to_swap(m, folio)) {
		folio_unlock(folio);
		return REFUSED_NOSWAP;
	}
	nr_mappings = rmap_count_mappings(m, folio);
	try_to_unmap(m, folio, 0);
	charge_unmap(m, nr_mappings);
	MM_EXPLAIN(&m->explain, "migrate_swap_unmap", "try_to_unmap", "mm/rmap.c",
		   { "pfn", (long)page_to_pfn(m, folio) }, { "nr_entries", (long)nr_mappings },
		   { "still_mapped", folio_mapped(folio) }, { "dirty", PageFlag(folio, PG_dirty) });
	if (folio_mapped(folio))
		return unmap_refused(m, folio);
	/* The isolation's and the cache's references, nothing else (folio_ref_freeze()). */
	if (page_count(folio) != 2) {
		folio_unlock(folio);
		return REFUSED_PINNED;
	}
	if (PageFlag(folio, PG_dirty))
		swap_writepage(m, folio, NULL);		/* unlocks */
	else
		folio_unlock(folio);
	return SWAPPED;
}

/* One folio's answer in the swap path: swapped out, or why it stays. */
static void explain_swap_result(struct machine *m, struct page *folio, enum swap_out_result r)
{
	MM_EXPLAIN(&m->explain, "migrate_swap_folio", "swap_page", "mm/vmscan.c",
		   { "pfn", (long)page_to_pfn(m, folio) }, { "swapped", r == SWAPPED },
		   { "mlocked", r == REFUSED_MLOCKED }, { "pinned", r == REFUSED_PINNED },
		   { "unswappable", r == REFUSED_UNSWAPPABLE }, { "noswap", r == REFUSED_NOSWAP });
}

static void count_refusal(struct swap_stats *st, enum swap_out_result r)
{
	if (r == REFUSED_MLOCKED)
		st->via_swap_refused_mlocked++;
	else if (r == REFUSED_PINNED)
		st->via_swap_refused_pinned++;
	else if (r == REFUSED_UNSWAPPABLE)
		st->via_swap_refused_unswappable++;
	else
		st->via_swap_refused_noswap++;
}

/*
 * A THP cannot enter the swap cache whole: split it, its pieces joining
 * the list after it.  False if pinned (it stays whole).
 */
static bool split_for_swap(struct machine *m, struct page *folio, struct page_list *list)
{
	if (!PageTransHuge(folio))
		return true;
	return split_huge_page_to_list(m, folio, list) == 0;
}

/*
 * The written folio leaves the cache and the list and is freed: the
 * isolation's reference was the last.  Linux: __remove_mapping() and the
 * free of shrink_folio_list().
 */
static void free_swapped_folio(struct machine *m, struct page *folio, struct page_list *list)
{
	uint64_t done = swap_writeback_done_ns(m, folio);

	MM_EXPLAIN(&m->explain, "migrate_swap_freed", "__remove_mapping", "mm/vmscan.c",
		   { "pfn", (long)page_to_pfn(m, folio) },
		   { "wait_us", PageFlag(folio, PG_writeback) && done > m->clock_ns ?
				(long)((done - m->clock_ns) / 1000) : 0 });
	if (PageFlag(folio, PG_writeback) && done > m->clock_ns)
		m->clock_ns = done;
	swap_io_complete(m, m->clock_ns);
	MM_BUG_ON_PAGE(PageFlag(folio, PG_writeback), m, folio);
	if (folio_test_swapcache(folio))
		delete_from_swap_cache(m, folio);
	page_list_del(m, list, folio);
	mod_node_page_state(m, folio, NR_ISOLATED_ANON, -1);
	put_page(m, folio);
}

/* The folios on a list. */
static unsigned long list_nr_folios(struct machine *m, struct page_list *list)
{
	unsigned long nr = 0;
	struct page *folio;

	page_list_for_each(m, folio, list)
		nr++;
	return nr;
}

int migrate_pages_via_swap(struct machine *m, struct page_list *list)
{
	struct page_list swapped;
	uint64_t start_ns = m->clock_ns;
	int nr_left = 0;

	page_list_init(&swapped);
	MM_EXPLAIN(&m->explain, "migrate_swap_begin", "migrate_pages", "mm/vmscan.c",
		   { "nr_folios", mm_explaining(&m->explain) ? (long)list_nr_folios(m, list) : 0 });
	for (struct page *folio = page_list_first(m, list), *next; folio; folio = next) {
		enum swap_out_result r = REFUSED_PINNED;

		if (split_for_swap(m, folio, list))
			r = swap_out_folio(m, folio);
		next = page_list_next(m, folio);
		explain_swap_result(m, folio, r);
		if (r != SWAPPED) {
			count_refusal(&m->swap.stats, r);
			nr_left++;
			continue;
		}
		page_list_del(m, list, folio);
		page_list_add_tail(m, &swapped, folio);
		m->swap.stats.via_swap_folios++;
	}
	while (!page_list_empty(&swapped))
		free_swapped_folio(m, page_list_first(m, &swapped), &swapped);
	m->swap.stats.via_swap_ns += m->clock_ns - start_ns;
	MM_EXPLAIN(&m->explain, "migrate_swap_end", "migrate_pages", "mm/vmscan.c",
		   { "nr_left", nr_left }, { "time_us", (long)((m->clock_ns - start_ns) / 1000) });
	return nr_left;
}
