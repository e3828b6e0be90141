/*
 * mm/vmscan_folio.c - the decision about each folio reclaim isolated
 * from an inactive list: free it, keep it on the inactive list, or
 * activate it.
 *
 * In the order 6.1 takes them: unevictable folios go back (to the
 * unevictable list); folios under writeback are left, marked PG_reclaim
 * so that the end of their I/O rotates them to the tail; referenced ones
 * (folio_check_references(): the page-table young bits, PG_referenced)
 * are activated or kept; anonymous ones need a swap slot (add_to_swap);
 * mapped ones are unmapped through the rmap (try_to_unmap); dirty file
 * folios are written only by kswapd, and only once a scan of the node
 * found them dirty and not queued (PGDAT_DIRTY) and they were marked
 * PG_reclaim on an earlier pass, else they are activated (pageout()
 * through the mapping's writepage); a clean folio nobody else holds
 * leaves the page cache (invalidate_inode_page(), mm/filemap.c) or the
 * swap cache and is freed.
 *
 * Simplified: no folio lock (an isolated folio is reclaim's alone here),
 * no demotion, no lazyfree (MADV_FREE) folios, no buffer heads
 * (filemap_release_folio), a large folio is never split here (the only
 * large folios on the LRU are anonymous THPs, which need swap).
 *
 * Invariants: every folio given back holds the isolation's reference
 * and is off the LRU; PG_active is set on those to activate, never on
 * an unevictable one.
 *
 * Linux counterpart: mm/vmscan.c (v6.1): shrink_folio_list,
 * folio_check_references, folio_check_dirty_writeback, may_enter_fs,
 * pageout, __remove_mapping.
 */
#include "mm/vmscan_internal.h"

#include "mm/huge_mm.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/rmap.h"
#include "mm/swap.h"
#include "mm/trace_events.h"
#include "mm/workingset.h"
#include "mm/writeback.h"

/* Linux: enum folio_references, mm/vmscan.c */
enum folio_references {
	FOLIOREF_RECLAIM,
	FOLIOREF_RECLAIM_CLEAN,
	FOLIOREF_KEEP,
	FOLIOREF_ACTIVATE,
};

/* What becomes of one folio (the labels of 6.1's shrink_folio_list()). */
enum folio_verdict {
	VERDICT_FREE,		/* free_it */
	VERDICT_KEEP,		/* keep_locked / keep */
	VERDICT_ACTIVATE,	/* activate_locked */
};

/* Linux: pageout_t, mm/vmscan.c */
typedef enum { PAGE_KEEP, PAGE_ACTIVATE, PAGE_SUCCESS, PAGE_CLEAN } pageout_t;

/* Linux: folio_check_references(), mm/vmscan.c */
static enum folio_references folio_check_references(struct machine *m, struct page *head)
{
	unsigned long vm_flags;
	int referenced_ptes = folio_referenced(m, head, &vm_flags);
	bool referenced_folio = PageFlag(head, PG_referenced);

	ClearPageFlag(head, PG_referenced);
	if (vm_flags & VM_LOCKED)
		return FOLIOREF_ACTIVATE;
	if (referenced_ptes) {
		/* Mapped and used once: keep it a round; used again, activate it. */
		SetPageFlag(head, PG_referenced);
		if (referenced_folio || referenced_ptes > 1)
			return FOLIOREF_ACTIVATE;
		if ((vm_flags & VM_EXEC) && folio_is_file_lru(head))
			return FOLIOREF_ACTIVATE;
		return FOLIOREF_KEEP;
	}
	/* Only read() touched it: reclaim it, but do not write it for that. */
	if (referenced_folio && folio_is_file_lru(head))
		return FOLIOREF_RECLAIM_CLEAN;
	return FOLIOREF_RECLAIM;
}

/* Linux: may_enter_fs(), mm/vmscan.c: may reclaim do filesystem (or swap) I/O? */
static bool may_enter_fs(const struct page *head, gfp_t gfp)
{
	if (gfp & __GFP_FS)
		return true;
	return folio_test_swapcache(head) && (gfp & __GFP_IO);
}

/* Linux: is_page_cache_freeable(): referenced by the cache and the isolation alone. */
static bool is_page_cache_freeable(const struct page *head)
{
	return page_count(head) - PageFlag(head, PG_private) == 2;
}

static void trace_write_folio(struct machine *m, struct page *head)
{
	struct mm_event ev = { .id = MM_EV_mm_vmscan_write_folio };

	if (!mm_event_enabled(&m->sink, ev.id))
		return;
	ev.mm_vmscan_write_folio.pfn = page_to_pfn(m, head);
	ev.mm_vmscan_write_folio.reclaim_flags = trace_reclaim_flags(folio_is_file_lru(head));
	mm_event_emit(&m->sink, &ev);
}

/* Linux: pageout(), mm/vmscan.c: start writing a dirty folio for reclaim. */
static pageout_t pageout(struct machine *m, struct page *head)
{
	struct writeback_control wbc = {
		.nr_to_write = (long)SWAP_CLUSTER_MAX, .sync_mode = WB_SYNC_NONE, .for_reclaim = true,
	};
	int res;

	if (!is_page_cache_freeable(head))
		return PAGE_KEEP;
	if (!folio_test_swapcache(head) && !page_mapping(m, head))
		return PAGE_KEEP;
	SetPageFlag(head, PG_reclaim);
	res = folio_test_swapcache(head) ? swap_writepage(m, head, &wbc)
					 : mapping_writepage(m, head, &wbc);
	if (res == AOP_WRITEPAGE_ACTIVATE) {
		ClearPageFlag(head, PG_reclaim);
		return PAGE_ACTIVATE;
	}
	if (!PageFlag(head, PG_writeback))
		ClearPageFlag(head, PG_reclaim);	/* written at once */
	trace_write_folio(m, head);
	mod_node_page_state(m, head, NR_VMSCAN_WRITE, folio_nr_pages(head));
	return PAGE_SUCCESS;
}

/*
 * Linux: __remove_mapping(), mm/vmscan.c, with reclaimed set: take a
 * clean folio nobody else holds out of its cache, leaving a shadow entry
 * in its slot (mm/workingset.c).  The page cache's removal is filemap.c's
 * (remove_mapping_reclaimed() checks the same: clean, not under
 * writeback, no reference but the cache's and the caller's).
 */
static bool __remove_mapping(struct machine *m, struct page *head)
{
	if (folio_test_swapcache(head)) {
		if (page_count(head) != 2 || PageFlag(head, PG_dirty))
			return false;
		delete_from_swap_cache_shadow(m, head, workingset_eviction(m, head));
		return true;
	}
	return page_mapping(m, head) && remove_mapping_reclaimed(m, head) == 1;
}

/*
 * The folio's state before the references count: unevictable, mapped
 * without leave to unmap, or under writeback.  VERDICT_FREE: go on.
 * Linux: the first part of the shrink_folio_list() loop.
 */
static enum folio_verdict check_state(struct machine *m, struct page *head, pg_data_t *pgdat,
				      struct scan_control *sc, struct reclaim_stat *stat)
{
	unsigned long nr = folio_nr_pages(head);
	bool file = folio_is_file_lru(head);
	bool dirty = file && PageFlag(head, PG_dirty);
	bool writeback = file && PageFlag(head, PG_writeback);

	(void)m;
	if (PageFlag(head, PG_mlocked) || PageFlag(head, PG_unevictable))
		return VERDICT_ACTIVATE;
	if (!sc->may_unmap && folio_mapped(head))
		return VERDICT_KEEP;
	if (dirty || writeback)
		stat->nr_dirty += nr;
	if (dirty && !writeback)
		stat->nr_unqueued_dirty += nr;
	if (writeback && PageFlag(head, PG_reclaim))
		stat->nr_congested += nr;
	if (!PageFlag(head, PG_writeback))
		return VERDICT_FREE;
	/* Under writeback: global reclaim never waits for it (writeback_throttling_sane()). */
	if (sc->kswapd && PageFlag(head, PG_reclaim) &&
	    (pgdat->reclaim_flags & (1ul << PGDAT_WRITEBACK))) {
		stat->nr_immediate += nr;
		return VERDICT_ACTIVATE;
	}
	SetPageFlag(head, PG_reclaim);
	stat->nr_writeback += nr;
	return VERDICT_ACTIVATE;
}

/*
 * An anonymous folio needs a swap slot before it can go.
 * Linux: the add_to_swap() step of shrink_folio_list().
 */
static enum folio_verdict anon_needs_swap(struct machine *m, struct page *head,
					  struct scan_control *sc, struct page_list *list)
{
	bool large = PageFlag(head, PG_head);

	if (!PageAnon(head) || !PageFlag(head, PG_swapbacked) || folio_test_swapcache(head))
		return VERDICT_FREE;
	if (!(sc->gfp_mask & __GFP_IO) || page_maybe_dma_pinned(m, head))
		return VERDICT_KEEP;
	/* A THP nobody maps whole: its pieces may go without I/O. */
	if (large && !compound_mapcount(head) && split_huge_page_to_list(m, head, list))
		return VERDICT_ACTIVATE;
	large = PageFlag(head, PG_head);
	if (add_to_swap(m, head))
		return VERDICT_FREE;
	if (!large)
		return VERDICT_ACTIVATE;
	/* No huge swap slot (rotational swap has no clusters): swap the pieces. */
	if (split_huge_page_to_list(m, head, list))
		return VERDICT_ACTIVATE;
	__count_vm_events(m, THP_SWPOUT_FALLBACK, 1);
	return add_to_swap(m, head) ? VERDICT_FREE : VERDICT_ACTIVATE;
}

/*
 * A dirty folio: 6.1's rule for file folios (only kswapd writes, and
 * only what it has seen before), then pageout().
 * Linux: the folio_test_dirty() step of shrink_folio_list().
 */
static enum folio_verdict write_dirty(struct machine *m, struct page *head, pg_data_t *pgdat,
				      struct scan_control *sc, enum folio_references references,
				      struct reclaim_stat *stat)
{
	unsigned long nr = folio_nr_pages(head);

	if (folio_is_file_lru(head) &&
	    (!sc->kswapd || !PageFlag(head, PG_reclaim) ||
	     !(pgdat->reclaim_flags & (1ul << PGDAT_DIRTY)))) {
		mod_node_page_state(m, head, NR_VMSCAN_IMMEDIATE_RECLAIM, (long)nr);
		SetPageFlag(head, PG_reclaim);
		return VERDICT_ACTIVATE;
	}
	if (references == FOLIOREF_RECLAIM_CLEAN || !may_enter_fs(head, sc->gfp_mask) ||
	    !sc->may_writepage)
		return VERDICT_KEEP;
	switch (pageout(m, head)) {
	case PAGE_KEEP:
		return VERDICT_KEEP;
	case PAGE_ACTIVATE:
		return VERDICT_ACTIVATE;
	case PAGE_SUCCESS:
		stat->nr_pageout += nr;
		if (PageFlag(head, PG_writeback) || PageFlag(head, PG_dirty))
			return VERDICT_KEEP;
		return VERDICT_FREE;	/* written synchronously: free it below */
	case PAGE_CLEAN:
		break;
	}
	return VERDICT_FREE;
}

/* Linux: the body of the shrink_folio_list() loop for one folio. */
static enum folio_verdict shrink_one(struct machine *m, struct page *head, pg_data_t *pgdat,
				     struct scan_control *sc, struct reclaim_stat *stat,
				     struct page_list *list)
{
	unsigned long nr = folio_nr_pages(head);
	enum folio_references references;
	enum folio_verdict v;

	sc->nr_scanned += nr;
	v = check_state(m, head, pgdat, sc, stat);
	if (v != VERDICT_FREE)
		return v;
	references = sc->ignore_references ? FOLIOREF_RECLAIM_CLEAN :
					     folio_check_references(m, head);
	if (references == FOLIOREF_ACTIVATE)
		return VERDICT_ACTIVATE;
	if (references == FOLIOREF_KEEP) {
		stat->nr_ref_keep += nr;
		return VERDICT_KEEP;
	}
	v = anon_needs_swap(m, head, sc, list);
	if (v != VERDICT_FREE)
		return v;
	if (folio_mapped(head)) {
		try_to_unmap(m, head, TTU_BATCH_FLUSH |
			     (PageFlag(head, PG_head) ? TTU_SPLIT_HUGE_PMD : 0));
		if (folio_mapped(head)) {
			stat->nr_unmap_fail += nr;
			return VERDICT_ACTIVATE;
		}
	}
	if (page_maybe_dma_pinned(m, head))
		return VERDICT_ACTIVATE;
	if (PageFlag(head, PG_dirty)) {
		v = write_dirty(m, head, pgdat, sc, references, stat);
		if (v != VERDICT_FREE)
			return v;
	}
	return __remove_mapping(m, head) ? VERDICT_FREE : VERDICT_KEEP;
}

/*
 * Linux: the activate_locked label: a swap cache folio that is staying
 * gives its slot back when swap is over half full (mem_cgroup_swap_full()
 * is vm_swap_full() without memcg) or it is mlocked; mlocked folios are
 * not activated.
 */
static void activate_folio(struct machine *m, struct page *head, struct reclaim_stat *stat,
			   unsigned long *pgactivate)
{
	if (folio_test_swapcache(head) && (vm_swap_full(m) || PageFlag(head, PG_mlocked)))
		folio_free_swap(m, head);
	if (PageFlag(head, PG_mlocked))
		return;
	SetPageFlag(head, PG_active);
	stat->nr_activate[folio_is_file_lru(head)] += folio_nr_pages(head);
	*pgactivate += folio_nr_pages(head);
}

unsigned long shrink_folio_list(struct machine *m, struct page_list *list, pg_data_t *pgdat,
				struct scan_control *sc, struct reclaim_stat *stat)
{
	struct page_list ret, free;
	unsigned long nr_reclaimed = 0, pgactivate = 0;
	struct page *head;

	*stat = (struct reclaim_stat){ 0 };
	page_list_init(&ret);
	page_list_init(&free);
	while ((head = page_list_last(m, list))) {
		enum folio_verdict v;

		page_list_del(m, list, head);
		v = shrink_one(m, head, pgdat, sc, stat, list);
		if (v == VERDICT_FREE) {
			nr_reclaimed += folio_nr_pages(head);
			page_list_add(m, &free, head);
			continue;
		}
		if (v == VERDICT_ACTIVATE)
			activate_folio(m, head, stat, &pgactivate);
		page_list_add(m, &ret, head);
	}
	/* free_unref_page_list(): the isolation's reference was the last. */
	while ((head = page_list_first(m, &free))) {
		page_list_del(m, &free, head);
		put_page(m, head);
	}
	*list = ret;
	__count_vm_events(m, PGACTIVATE, pgactivate);
	return nr_reclaimed;
}
