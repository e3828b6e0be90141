/*
 * mm/swap.c - page references and the LRU lists.
 *
 * A user page joins its node's LRU when it is first mapped or cached
 * (anonymous and shmem pages on the anon lists, file pages on the file
 * lists, pages of VM_LOCKED VMAs on the unevictable list) and leaves it
 * when its last reference goes, just before it is freed.  The lists are
 * threaded through the head page's lru links.  6.1 first collects new
 * pages in per-CPU pagevecs of 15 and moves them to the lists in batches;
 * numasim adds them at once (documented in docs/design.md).
 *
 * Invariants: PG_lru is set exactly on the heads on a list; a user folio
 * is off the lists only while isolated, counted in NR_ISOLATED_ANON or
 * NR_ISOLATED_FILE (by PG_swapbacked) of its node; the node and
 * zone LRU counters (nr_inactive_anon..., nr_zone_inactive_anon...) equal
 * the base pages on each list; a page on the unevictable list because of
 * mlock is PG_mlocked and counted in NR_MLOCK.
 *
 * Linux counterpart: mm/swap.c (folio_add_lru, __folio_put,
 * release_pages), include/linux/mm_inline.h (lruvec_add_folio,
 * folio_lru_list), mm/mlock.c (mlock_new_folio).
 */
#include <stdio.h>

#include "mm/bug.h"
#include "mm/huge_mm.h"
#include "mm/hugetlb.h"
#include "mm/internal.h"
#include "mm/migrate.h"
#include "mm/mm.h"
#include "mm/rmap.h"
#include "mm/sparse.h"
#include "mm/vmstat_counters.h"
#include "mm/workingset.h"

/* Linux: folio_lru_list(), include/linux/mm_inline.h */
enum lru_list folio_lru_list(const struct page *head)
{
	if (PageFlag(head, PG_unevictable))
		return LRU_UNEVICTABLE;
	if (PageFlag(head, PG_swapbacked))
		return PageFlag(head, PG_active) ? LRU_ACTIVE_ANON : LRU_INACTIVE_ANON;
	return PageFlag(head, PG_active) ? LRU_ACTIVE_FILE : LRU_INACTIVE_FILE;
}

/* The node counter of an LRU list (Linux: NR_LRU_BASE + lru). */
static enum node_stat_item lru_node_item(enum lru_list lru)
{
	return (enum node_stat_item)(NR_INACTIVE_ANON + lru);
}

/* Linux: update_lru_size(): the node and the zone counters move together. */
static void update_lru_size(struct machine *m, struct page *head, enum lru_list lru, long nr)
{
	struct zone *zone = page_zone(m, head);

	mod_node_page_state(m, head, lru_node_item(lru), nr);
	__mod_zone_page_state(zone, (enum zone_stat_item)(NR_ZONE_INACTIVE_ANON + lru), nr);
}

static struct page_list *lru_list_of(struct machine *m, struct page *head, enum lru_list lru)
{
	return &NODE_DATA(m, page_to_nid(head))->lruvec.lists[lru];
}

/* Linux: lruvec_add_folio(), include/linux/mm_inline.h */
static void lruvec_add_folio(struct machine *m, struct page *head)
{
	enum lru_list lru = folio_lru_list(head);

	page_list_add(m, lru_list_of(m, head, lru), head);
	update_lru_size(m, head, lru, folio_nr_pages(head));
	SetPageFlag(head, PG_lru);
}

/* Linux: lruvec_add_folio_tail(), include/linux/mm_inline.h: the end reclaim takes first. */
static void lruvec_add_folio_tail(struct machine *m, struct page *head)
{
	enum lru_list lru = folio_lru_list(head);

	page_list_add_tail(m, lru_list_of(m, head, lru), head);
	update_lru_size(m, head, lru, folio_nr_pages(head));
	SetPageFlag(head, PG_lru);
}

/* Linux: folio_add_lru() / lru_cache_add_inactive_or_unevictable(), mm/swap.c */
void folio_add_lru(struct machine *m, struct page *head, struct vm_area_struct *vma)
{
	MM_BUG_ON_PAGE(PageFlag(head, PG_lru), m, head);
	lruvec_add_folio(m, head);
	/* Linux: mlock_new_folio(): born in a locked VMA, straight to unevictable. */
	if (vma && (vma->vm_flags & VM_LOCKED))
		mlock_folio(m, head);
}

/* Linux: lruvec_del_folio(), include/linux/mm_inline.h */
void folio_del_lru(struct machine *m, struct page *head)
{
	enum lru_list lru = folio_lru_list(head);

	MM_BUG_ON_PAGE(!PageFlag(head, PG_lru), m, head);
	page_list_del(m, lru_list_of(m, head, lru), head);
	update_lru_size(m, head, lru, -(long)folio_nr_pages(head));
	ClearPageFlag(head, PG_lru);
}

/* Move a folio on or off the unevictable list (mlock, munlock). */
void folio_set_unevictable(struct machine *m, struct page *head, bool unevictable)
{
	bool on_lru = PageFlag(head, PG_lru);

	if (PageFlag(head, PG_unevictable) == unevictable)
		return;
	if (on_lru)
		folio_del_lru(m, head);
	if (unevictable)
		SetPageFlag(head, PG_unevictable);
	else
		ClearPageFlag(head, PG_unevictable);
	if (on_lru)
		lruvec_add_folio(m, head);
}

/*
 * Linux: folio_activate() -> folio_activate_fn(), mm/swap.c: an evictable
 * folio on an inactive list moves to the head of its active list.
 */
void folio_activate(struct machine *m, struct page *head)
{
	if (!PageFlag(head, PG_lru) || PageFlag(head, PG_active) ||
	    PageFlag(head, PG_unevictable))
		return;
	folio_del_lru(m, head);
	SetPageFlag(head, PG_active);
	lruvec_add_folio(m, head);
	__count_vm_events(m, PGACTIVATE, folio_nr_pages(head));
}

/*
 * Linux: folio_mark_accessed(), mm/swap.c: the two-touch rule.  The
 * first access sets PG_referenced; a second one on an inactive folio
 * activates it and clears the mark.  An isolated folio is not on a list
 * to move (6.1 would look for it in this CPU's pagevec, which numasim
 * does not have); it only loses the mark, as the kernel's does.
 */
void folio_mark_accessed(struct machine *m, struct page *head)
{
	if (!PageFlag(head, PG_referenced)) {
		SetPageFlag(head, PG_referenced);
		return;
	}
	if (PageFlag(head, PG_unevictable) || PageFlag(head, PG_active))
		return;
	folio_activate(m, head);
	ClearPageFlag(head, PG_referenced);
	workingset_activation(m, head);
}

/*
 * Linux: folio_rotate_reclaimable() -> lru_move_tail_fn(), mm/swap.c: a
 * folio reclaim queued for writeback has finished it; put it at the tail
 * of its inactive list so the next scan frees it first.
 */
void folio_rotate_reclaimable(struct machine *m, struct page *head)
{
	if (PageFlag(head, PG_locked) || PageFlag(head, PG_dirty) ||
	    PageFlag(head, PG_unevictable) || !PageFlag(head, PG_lru))
		return;
	folio_del_lru(m, head);
	ClearPageFlag(head, PG_active);
	lruvec_add_folio_tail(m, head);
	__count_vm_events(m, PGROTATED, folio_nr_pages(head));
}

/*
 * Linux: folio_deactivate() -> lru_deactivate_fn(), mm/swap.c
 * (MADV_COLD): an active folio goes to the head of its inactive list,
 * its reference forgotten.
 */
void folio_deactivate(struct machine *m, struct page *head)
{
	if (!PageFlag(head, PG_lru) || !PageFlag(head, PG_active) ||
	    PageFlag(head, PG_unevictable))
		return;
	folio_del_lru(m, head);
	ClearPageFlag(head, PG_active);
	ClearPageFlag(head, PG_referenced);
	lruvec_add_folio(m, head);
	__count_vm_events(m, PGDEACTIVATE, folio_nr_pages(head));
}

/*
 * Linux: lru_note_cost(), mm/swap.c: reclaiming this kind cost I/O
 * (nr_pages written, or refaulted); get_scan_count() leans away from the
 * costlier kind.  Both costs halve once they pass a quarter of the LRU,
 * so old history fades.
 */
void lru_note_cost(struct machine *m, pg_data_t *pgdat, bool file, unsigned long nr_pages)
{
	struct lruvec *lruvec = &pgdat->lruvec;
	unsigned long lrusize = 0;

	(void)m;
	if (file)
		lruvec->file_cost += nr_pages;
	else
		lruvec->anon_cost += nr_pages;
	for (int lru = 0; lru < LRU_UNEVICTABLE; lru++)
		lrusize += node_page_state(pgdat, lru_node_item((enum lru_list)lru));
	if (lruvec->file_cost + lruvec->anon_cost > lrusize / 4) {
		lruvec->file_cost /= 2;
		lruvec->anon_cost /= 2;
	}
}

/* Linux: free_compound_page() / destroy_large_folio(): undo the compound state. */
static void free_compound_page(struct machine *m, struct page *head)
{
	unsigned int order = compound_order(head);

	head[1].private = 0;
	head[1].lru_prev = 0;
	if (PageTransHuge(head))
		deferred_split_dequeue(m, head);
	head[2].private = 0;
	__free_pages(m, head, order);
}

/* Linux: __folio_put(), mm/swap.c */
static void __folio_put(struct machine *m, struct page *head)
{
	if (PageHuge(m, head)) {
		free_huge_page(m, head);
		return;
	}
	if (PageFlag(head, PG_lru))
		folio_del_lru(m, head);
	if (PageFlag(head, PG_mlocked)) {
		__mod_zone_page_state(page_zone(m, head), NR_MLOCK, -(long)folio_nr_pages(head));
		__count_vm_events(m, UNEVICTABLE_PGS_CLEARED, folio_nr_pages(head));
	}
	head->_refcount = 1;	/* __free_pages drops the last reference itself */
	if (PageFlag(head, PG_head))
		free_compound_page(m, head);
	else
		__free_pages(m, head, 0);
}

/* Linux: put_page() / folio_put(), include/linux/mm.h */
void put_page(struct machine *m, struct page *page)
{
	struct page *head = compound_head(m, page);

	MM_BUG_ON_PAGE(head->_refcount <= 0, m, head);
	if (--head->_refcount == 0)
		__folio_put(m, head);
}

/*
 * One node's LRU lists: the heads on them are PG_lru, on the right node and
 * list, and the counters equal the pages listed.  Adds the heads seen to
 * *heads; returns 1 (message in msg) on a violation.  A walk longer than
 * the machine's frames means a list runs in a circle.
 */
static int lru_check_node(const struct machine *m, const pg_data_t *pgdat, unsigned long *heads,
			  char *msg, size_t msglen)
{
	for (int lru = 0; lru < NR_LRU_LISTS; lru++) {
		const struct page_list *list = &pgdat->lruvec.lists[lru];
		long nr = 0;

		for (struct page *p = page_list_first(m, list); p; p = page_list_next(m, p)) {
			if (!PageFlag(p, PG_lru) || page_to_nid(p) != pgdat->node_id ||
			    (int)folio_lru_list(p) != lru || ++*heads > m->end_pfn) {
				snprintf(msg, msglen, "node %d LRU list %d holds pfn %#llx wrongly",
					 pgdat->node_id, lru, (unsigned long long)page_to_pfn(m, p));
				return 1;
			}
			nr += folio_nr_pages(p);
		}
		if (nr != __node_page_state_snapshot(pgdat, lru_node_item(lru))) {
			snprintf(msg, msglen, "node %d LRU list %d: %ld pages, counter %ld",
				 pgdat->node_id, lru, nr,
				 __node_page_state_snapshot(pgdat, lru_node_item(lru)));
			return 1;
		}
	}
	return 0;
}

/*
 * Is the frame the head of a user folio that is off the LRU?  Every
 * anonymous and page-cache folio (hugetlb aside) is on a list from its
 * birth to its last put, except while isolated (for migration), so those
 * are the isolated ones.  A poisoned frame is out of use for good: soft
 * offline keeps the source of its migration with the mapping it had
 * (6.1's free_pages_prepare() stops before clearing it).
 */
static bool folio_isolated_from_lru(const struct machine *m, struct page *page)
{
	if (page->_refcount <= 0 || PageFlag(page, PG_tail) || PageFlag(page, PG_lru) ||
	    PageFlag(page, PG_hwpoison) || !page_mapping_id(page) || __PageMovable(page))
		return false;
	return !PageHuge(m, page);
}

/*
 * What the frames of the machine say about the lists: those with PG_lru
 * set (returned), the base pages of the isolated folios by node and kind
 * (isolated[nid][file]), the THPs on each node's deferred split queue
 * (queued[nid]), and the frames that are PG_active while neither on a
 * list nor isolated (*stray_active: PG_active belongs to LRU folios).
 */
static unsigned long count_lru_flags(const struct machine *m, long (*isolated)[2],
				     unsigned long *queued, unsigned long *stray_active)
{
	unsigned long nr = 0;

	for_each_valid_pfn_run(m, run, run_end, 0, m->end_pfn)
		for (pfn_t pfn = run; pfn < run_end; pfn++) {
			struct page *page = pfn_to_page(m, pfn);
			bool isolated_folio = folio_isolated_from_lru(m, page);

			nr += PageFlag(page, PG_lru);
			if (isolated_folio)
				isolated[page_to_nid(page)][!PageFlag(page, PG_swapbacked)] +=
					folio_nr_pages(page);
			else if (PageFlag(page, PG_active) && !PageFlag(page, PG_lru))
				++*stray_active;
			if (page->_refcount > 0 && PageTransHuge(page) && page[2].private)
				queued[page_to_nid(page)]++;
		}
	return nr;
}

/* Each node's deferred split queue length against the THPs marked queued. */
static int split_queue_check(const struct machine *m, const unsigned long *queued, char *msg,
			     size_t msglen)
{
	for_each_online_node(m, nid) {
		const pg_data_t *pgdat = NODE_DATA(m, nid);

		if (!pgdat || pgdat->deferred_split_queue_len == queued[nid])
			continue;
		snprintf(msg, msglen, "node %d: deferred split queue length %lu, %lu THPs queued",
			 nid, pgdat->deferred_split_queue_len, queued[nid]);
		return 1;
	}
	return 0;
}

/* NR_ISOLATED_ANON/FILE of every node against the isolated folios found. */
static int isolated_check(const struct machine *m, long (*isolated)[2], char *msg, size_t msglen)
{
	for_each_online_node(m, nid) {
		const pg_data_t *pgdat = NODE_DATA(m, nid);

		for (int file = 0; pgdat && file < 2; file++) {
			enum node_stat_item item = file ? NR_ISOLATED_FILE : NR_ISOLATED_ANON;

			if (__node_page_state_snapshot(pgdat, item) == isolated[nid][file])
				continue;
			snprintf(msg, msglen, "node %d: nr_isolated_%s %ld, %ld pages are isolated",
				 nid, file ? "file" : "anon", __node_page_state_snapshot(pgdat, item),
				 isolated[nid][file]);
			return 1;
		}
	}
	return 0;
}

/*
 * Check every node's LRU lists (lru_check_node()), and that no page is
 * PG_lru without being on one: each listed head is PG_lru and has one pair
 * of links, so equal counts mean every PG_lru page is on exactly one list.
 * A user folio off the lists is isolated and counted in NR_ISOLATED_*;
 * PG_active is only on listed or isolated folios (a listed one on an
 * active list: lru_check_node()); the deferred split queue lengths match
 * the THPs marked queued.
 * Returns 0 or the number of violations, the first described in msg.
 */
int lru_check(const struct machine *m, char *msg, size_t msglen)
{
	long isolated[MAX_NUMNODES][2] = { { 0 } };
	unsigned long queued[MAX_NUMNODES] = { 0 };
	unsigned long heads = 0, flagged, stray_active = 0;

	for_each_online_node(m, nid)
		if (NODE_DATA(m, nid) && lru_check_node(m, NODE_DATA(m, nid), &heads, msg, msglen))
			return 1;
	flagged = count_lru_flags(m, isolated, queued, &stray_active);
	if (flagged != heads) {
		snprintf(msg, msglen, "%lu pages are PG_lru but the LRU lists hold %lu", flagged,
			 heads);
		return 1;
	}
	if (stray_active) {
		snprintf(msg, msglen, "%lu frames are PG_active off the LRU and not isolated",
			 stray_active);
		return 1;
	}
	if (split_queue_check(m, queued, msg, msglen))
		return 1;
	return isolated_check(m, isolated, msg, msglen);
}
