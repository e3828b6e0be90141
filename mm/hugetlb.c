/*
 * mm/hugetlb.c - the hugetlb pools: 2 MiB pages, and 1 GiB gigantic pages
 * (a second hstate, filled at run time through mm/hugetlb_gigantic.c,
 * never mapped: only the 2 MiB size backs hugetlb VMAs).
 *
 * The pool grows with order-HPAGE_PMD_ORDER blocks from the buddy (gigantic
 * pages: 1 GiB ranges from alloc_contig_pages()), node by
 * node in round robin (next_nid_to_alloc), and shrinks by giving free pages
 * back, round robin too (next_nid_to_free).  Pages in use when it must
 * shrink become "surplus": freed, they go to the buddy, not the pool.
 * Overcommit lets faults and reservations add surplus pages on demand.
 *
 * Invariants: the hstate totals are the sums of their _node arrays, with
 * surplus <= nr per node; a free pool page is on its node's free list
 * (newest first) at refcount 0 (frozen, as in the kernel) with HPG_freed; a
 * page in use has refcount >= 1 and is on no list but a migration list
 * while isolated (then not HPG_migratable); resv <= free (a
 * reservation promises a free page at fault time); every pool page is a
 * compound page (mm_types.h) with the hugetlb destructor and its flags in
 * page[2].private (mm/hugetlb.h).  Uses __alloc_pages()/__free_pages(), the
 * zonelists, and huge_node()/get_vma_policy() of mm/mempolicy.c.
 *
 * The second half of the file maps pool pages into hugetlb VMAs: a huge
 * page is mapped by one PMD-level entry (PSE).  A private mapping's pages
 * are anonymous (the VMA's anon_vma) and copied on write after fork; a
 * shared mapping's pages live in the mapping's file at their index, so
 * every process sharing it maps the same page.  A fault first uses the
 * VMA's reservation; when the pool has nothing the task gets SIGBUS, as in
 * the kernel.  Hugetlb pages count only in the entire mapcount, never in
 * NR_ANON_MAPPED/NR_FILE_MAPPED or RSS; a mapped page holds one reference
 * per mapping.
 *
 * Linux counterpart: mm/hugetlb.c (v6.1), include/linux/hugetlb.h; a
 * "Linux:" tag without a path names a function of mm/hugetlb.c.
 */
#include <errno.h>

#include "mm/hugetlb.h"
#include "mm/bug.h"
#include "mm/cpuset.h"
#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/mempolicy.h"
#include "mm/mm.h"
#include "mm/pgtable.h"
#include "mm/rmap.h"

/*
 * 2 MiB pages can migrate on x86_64, so pool pages are movable memory.
 * Linux: htlb_alloc_mask() with hugepage_movable_supported() true.
 */
#define HTLB_ALLOC_MASK	GFP_HIGHUSER_MOVABLE

/*
 * Gigantic pages count as unmovable (hugepage_movable_supported() says
 * no), so they are never taken from ZONE_MOVABLE.
 * Linux: htlb_alloc_mask(), include/linux/hugetlb.h
 */
static gfp_t htlb_alloc_mask(const struct hstate *h)
{
	return hstate_is_gigantic(h) ? GFP_HIGHUSER : HTLB_ALLOC_MASK;
}

/* ---- counters and node masks ---- */

/* The pool's size without surplus pages.  Linux: persistent_huge_pages() */
#define persistent_huge_pages(h)	((h)->nr_huge_pages - (h)->surplus_huge_pages)

/* Free pages nobody has reserved.  Linux: available_huge_pages(). */
static unsigned long available_huge_pages(const struct hstate *h)
{
	return h->free_huge_pages - h->resv_huge_pages;
}


/*
 * The node to try now (the cursor, moved into mask); the cursor advances
 * whether or not the try works, so consecutive tries alternate nodes.
 * Linux: hstate_next_node_to_alloc() / _to_free(), mm/hugetlb.c
 */
static int hstate_next_node(int *cursor, const nodemask_t *mask)
{
	int nid = node_isset(*cursor, mask) ? *cursor : next_node_in(*cursor, mask);

	*cursor = next_node_in(nid, mask);
	return nid;
}

static void set_hpage_flag(struct page *head, enum hugetlb_page_flags flag, bool on)
{
	head[2].private = (head[2].private & ~(1u << flag)) | (uint32_t)on << flag;
}

/* ---- pages in and out of the pool ---- */

/*
 * Make a fresh block a pool page.  prep_new_page() set only PG_head/PG_tail:
 * the rest of prep_compound_page() (order, tails' head link, page[1]'s
 * mapcount -1 and pincount 0) is here.  Linux: prep_new_huge_page()
 */
static void prep_new_huge_page(struct machine *m, struct hstate *h, struct page *head)
{
	uint32_t head_idx = page_list_index(m, head);

	head->private = h->order;
	head->lru_next = head->lru_prev = PAGE_LIST_NIL;
	for (uint64_t i = 1; i < order_to_pages(h->order); i++) {
		MM_BUG_ON_PAGE(!PageFlag(&head[i], PG_tail), m, &head[i]);
		head[i].lru_next = head_idx;
		head[i].lru_prev = PAGE_LIST_NIL;
		head[i].private = 0;
	}
	head[1].private = (uint32_t)-1;
	head[1].lru_prev = 0;
	set_compound_page_dtor(head, HUGETLB_PAGE_DTOR);
	h->nr_huge_pages++;
	h->nr_huge_pages_node[page_to_nid(head)]++;
}

/*
 * A 2 MiB block from the buddy allocator, refcount 1.  noretry (may be
 * NULL): nodes where trying hard failed, tried next without
 * __GFP_RETRY_MAYFAIL until a success there.
 * Linux: alloc_buddy_huge_page(), mm/hugetlb.c
 */
static struct page *alloc_buddy_huge_page(struct machine *m, struct hstate *h, gfp_t gfp,
					  int nid, const nodemask_t *nmask, nodemask_t *noretry)
{
	bool try_hard = !(noretry && nid != NUMA_NO_NODE && node_isset(nid, noretry));
	struct page *page;

	gfp |= __GFP_COMP | __GFP_NOWARN;
	if (try_hard)
		gfp |= __GFP_RETRY_MAYFAIL;
	if (nid == NUMA_NO_NODE)
		nid = numa_node_id(m);
	page = __alloc_pages(m, gfp, h->order, nid, nmask);
	__count_vm_events(m, page ? HTLB_BUDDY_ALLOC_SUCCESS : HTLB_BUDDY_ALLOC_FAIL, 1);
	if (noretry && page && !try_hard)
		noretry->bits &= ~(1ull << nid);
	if (noretry && !page && try_hard)
		noretry->bits |= 1ull << nid;
	return page;
}

/*
 * A fresh pool page of h, frozen, counted in nr_huge_pages but not free:
 * a gigantic one from alloc_contig_pages() (no htlb_buddy_alloc_* count,
 * as in 6.1), else a buddy block.
 * Linux: alloc_fresh_huge_page(), mm/hugetlb.c
 */
static struct page *alloc_fresh_huge_page(struct machine *m, struct hstate *h, gfp_t gfp,
					  int nid, const nodemask_t *nmask, nodemask_t *noretry)
{
	struct page *page = hstate_is_gigantic(h) ? alloc_gigantic_page(m, h, gfp, nid, nmask)
						  : alloc_buddy_huge_page(m, h, gfp, nid, nmask, noretry);

	if (!page)
		return NULL;
	MM_BUG_ON_PAGE(page->_refcount != 1, m, page);
	page->_refcount = 0;	/* page_ref_freeze() */
	prep_new_huge_page(m, h, page);
	return page;
}

/*
 * A page that left the pool (refcount 1) back to the buddy.  The compound
 * fields sit in words the free lists reuse: cleared here, as by
 * free_tail_pages_check().  Linux: __update_and_free_page(), mm/hugetlb.c
 */
static void update_and_free_page(struct machine *m, struct hstate *h, struct page *page)
{
	unsigned int order = h->order;
	uint32_t stale = 1u << PG_locked | 1u << PG_referenced | 1u << PG_dirty |
			 1u << PG_active | 1u << PG_private | 1u << PG_writeback;

	MM_BUG_ON_PAGE(page[1].private != (uint32_t)-1, m, page);
	for (uint64_t i = 0; i < order_to_pages(order); i++) {
		page[i].flags &= ~stale;
		if (i)
			page[i].lru_next = page[i].lru_prev = PAGE_LIST_NIL;
		page[i].private = 0;
	}
	if (hstate_is_gigantic(h))
		free_gigantic_page(m, page, order);
	else
		__free_pages(m, page, order);
}

/* Free the pages collected on list, head first.  Linux: update_and_free_pages_bulk(). */
static void update_and_free_pages_bulk(struct machine *m, struct hstate *h,
				       struct page_list *list)
{
	struct page *page;

	while ((page = page_list_first(m, list))) {
		page_list_del(m, list, page);
		update_and_free_page(m, h, page);
	}
}

/* Linux: enqueue_huge_page(), mm/hugetlb.c */
static void enqueue_huge_page(struct machine *m, struct hstate *h, struct page *page)
{
	int nid = page_to_nid(page);

	MM_BUG_ON_PAGE(page->_refcount != 0, m, page);
	page_list_add(m, &h->hugepage_freelists[nid], page);
	h->free_huge_pages++;
	h->free_huge_pages_node[nid]++;
	set_hpage_flag(page, HPG_freed, true);
}

/* The newest free page of node nid, at refcount 1.  Linux: dequeue_huge_page_node_exact(). */
static struct page *dequeue_huge_page_node_exact(struct machine *m, int nid)
{
	struct hstate *h = &m->hstate;
	struct page *page;

	page_list_for_each(m, page, &h->hugepage_freelists[nid]) {
		if (PageFlag(page, PG_hwpoison))
			continue;
		page_list_del(m, &h->hugepage_freelists[nid], page);
		page->_refcount = 1;
		set_hpage_flag(page, HPG_freed, false);
		h->free_huge_pages--;
		h->free_huge_pages_node[nid]--;
		return page;
	}
	return NULL;
}

/*
 * The first free page along nid's zonelist, each node asked once (the pool
 * is per node), on the nodes the running task's cpuset allows.
 * Linux: dequeue_huge_page_nodemask(), mm/hugetlb.c
 */
static struct page *dequeue_huge_page_nodemask(struct machine *m, gfp_t gfp, int nid,
					       const nodemask_t *nmask)
{
	const struct zoneref *z = NODE_DATA(m, nid)->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
	int last = NUMA_NO_NODE;

	for (; z->zone; z++) {
		int node = z->zone->node;
		struct page *page;

		if (z->zone_idx > gfp_zone(gfp) || (nmask && !node_isset(node, nmask)) ||
		    !cpuset_zone_allowed(m, z->zone, gfp) || node == last)
			continue;
		last = node;
		page = dequeue_huge_page_node_exact(m, node);
		if (page)
			return page;
	}
	return NULL;
}

/* Out of the pool, with the reference __free_pages() drops.  Linux: remove_hugetlb_page() */
static void remove_hugetlb_page(struct machine *m, struct hstate *h, struct page *page,
				bool adjust_surplus)
{
	int nid = page_to_nid(page);

	if ((page[2].private >> HPG_freed) & 1) {
		page_list_del(m, &h->hugepage_freelists[nid], page);
		set_hpage_flag(page, HPG_freed, false);
		h->free_huge_pages--;
		h->free_huge_pages_node[nid]--;
	}
	if (adjust_surplus) {
		h->surplus_huge_pages--;
		h->surplus_huge_pages_node[nid]--;
	}
	set_compound_page_dtor(page, COMPOUND_PAGE_DTOR);
	page->_refcount = 1;	/* set_page_refcounted() */
	h->nr_huge_pages--;
	h->nr_huge_pages_node[nid]--;
}

/* Linux: free_huge_page(), mm/hugetlb.c */
void free_huge_page(struct machine *m, struct page *page)
{
	struct hstate *h = page_hstate(m, page);
	int nid = page_to_nid(page);

	MM_BUG_ON_PAGE(!PageHuge(m, page) || compound_head(m, page) != page, m, page);
	MM_BUG_ON_PAGE(page->_refcount != 0, m, page);
	MM_BUG_ON_PAGE(page->_mapcount != -1 || page[1].private != (uint32_t)-1, m, page);
	page->owner &= PAGE_OWNER_VALID | PAGE_OWNER_MT_MASK;	/* mapping = NULL */
	ClearPageFlag(page, PG_anon_exclusive);
	set_hpage_flag(page, HPG_migratable, false);
	if (HPageRestoreReserve(page)) {
		ClearHPageRestoreReserve(page);
		h->resv_huge_pages++;
	}
	if (HPageFlag(page, HPG_temporary)) {
		set_hpage_flag(page, HPG_temporary, false);
		remove_hugetlb_page(m, h, page, false);
		update_and_free_page(m, h, page);
	} else if (h->surplus_huge_pages_node[nid]) {
		remove_hugetlb_page(m, h, page, true);
		update_and_free_page(m, h, page);
	} else {
		enqueue_huge_page(m, h, page);
	}
}

/* ---- memory failure ---- */

static bool HPageFreed(const struct page *head)
{
	return (head[2].private >> HPG_freed) & 1;
}

int get_hwpoison_huge_page(struct machine *m, struct page *page, bool *hugetlb)
{
	*hugetlb = PageHuge(m, page) && compound_head(m, page) == page;
	if (!*hugetlb || HPageFreed(page) || page_count(page) == 0)
		return 0;
	get_page(m, page);
	return 1;
}

int dissolve_free_huge_page(struct machine *m, struct page *page)
{
	struct page *head;
	struct hstate *h;

	if (!PageHuge(m, page))
		return 0;
	head = compound_head(m, page);
	h = page_hstate(m, head);
	if (page_count(head) || h->free_huge_pages == h->resv_huge_pages)
		return -EBUSY;
	MM_BUG_ON_PAGE(!HPageFreed(head), m, head);
	remove_hugetlb_page(m, h, head, false);
	h->max_huge_pages--;
	/* The poison, if any, belongs to the raw page: the rest may be reused. */
	if (PageHWPoison(head) && page != head) {
		SetPageFlag(page, PG_hwpoison);
		ClearPageFlag(head, PG_hwpoison);
	}
	update_and_free_page(m, h, head);
	return 0;
}

/* ---- resizing the pool ---- */

/* A fresh page into the pool from the next node that has one.  Linux: alloc_pool_huge_page() */
static bool alloc_pool_huge_page(struct machine *m, struct hstate *h, const nodemask_t *allowed,
				 nodemask_t *noretry)
{
	struct page *page = NULL;

	for (int nr_nodes = __builtin_popcountll(allowed->bits); nr_nodes > 0 && !page; nr_nodes--) {
		int nid = hstate_next_node(&h->next_nid_to_alloc, allowed);

		page = alloc_fresh_huge_page(m, h, htlb_alloc_mask(h) | __GFP_THISNODE, nid,
					     allowed, noretry);
	}
	if (!page)
		return false;
	free_huge_page(m, page);	/* into the pool */
	return true;
}

/*
 * Take the newest free page of the next node (acct_surplus: with surplus,
 * as a surplus page) out of the pool.  Linux: remove_pool_huge_page()
 */
static struct page *remove_pool_huge_page(struct machine *m, struct hstate *h,
					  const nodemask_t *allowed, bool acct_surplus)
{

	for (int nr_nodes = __builtin_popcountll(allowed->bits); nr_nodes > 0; nr_nodes--) {
		int nid = hstate_next_node(&h->next_nid_to_free, allowed);
		struct page *page = page_list_first(m, &h->hugepage_freelists[nid]);

		if (page && (!acct_surplus || h->surplus_huge_pages_node[nid])) {
			remove_hugetlb_page(m, h, page, acct_surplus);
			return page;
		}
	}
	return NULL;
}

/* One page more (delta 1) or fewer (-1) counted surplus.  Linux: adjust_pool_surplus() */
static bool adjust_pool_surplus(struct hstate *h, const nodemask_t *allowed, int delta)
{
	for (int nr_nodes = __builtin_popcountll(allowed->bits); nr_nodes > 0; nr_nodes--) {
		int nid;

		if (delta < 0) {
			nid = hstate_next_node(&h->next_nid_to_alloc, allowed);
			if (!h->surplus_huge_pages_node[nid])
				continue;
		} else {
			nid = hstate_next_node(&h->next_nid_to_free, allowed);
			if (h->surplus_huge_pages_node[nid] >= h->nr_huge_pages_node[nid])
				continue;
		}
		h->surplus_huge_pages += delta;
		h->surplus_huge_pages_node[nid] += delta;
		return true;
	}
	return false;
}

/*
 * Free pages go while pages in use and reservations stay covered, then
 * pages in use become surplus (try_to_free_low() is CONFIG_HIGHMEM only).
 * Linux: the shrinking half of set_max_huge_pages(), mm/hugetlb.c
 */
static void shrink_pool(struct machine *m, struct hstate *h, unsigned long count,
			const nodemask_t *allowed)
{
	unsigned long min_count = h->resv_huge_pages + h->nr_huge_pages - h->free_huge_pages;
	struct page_list to_free;
	struct page *page;

	if (min_count < count)
		min_count = count;
	page_list_init(&to_free);
	while (min_count < persistent_huge_pages(h) &&
	       (page = remove_pool_huge_page(m, h, allowed, false)))
		page_list_add(m, &to_free, page);
	update_and_free_pages_bulk(m, h, &to_free);
	while (count < persistent_huge_pages(h))
		if (!adjust_pool_surplus(h, allowed, 1))
			break;
}

/* Linux: set_max_huge_pages() and __nr_hugepages_store_common(), mm/hugetlb.c */
int set_max_huge_pages(struct machine *m, struct hstate *h, int nid, unsigned long count)
{
	nodemask_t allowed = node_states_memory(m);
	nodemask_t noretry = { 0 };

	if (nid != NUMA_NO_NODE) {
		unsigned long asked = count;

		/*
		 * Every online node has the sysfs file, one without memory
		 * too: there the allocations fail and the pool stays as it was.
		 */
		if (nid < 0 || nid >= (int)m->nr_node_ids)
			return -EINVAL;
		allowed.bits = 1ull << nid;
		/* The other nodes keep their pages: count is for the whole pool. */
		count += h->nr_huge_pages - h->nr_huge_pages_node[nid];
		if (count < asked)
			count = ~0ul;
	}
	if (!allowed.bits)
		return 0;
	/* Growing: first make surplus pages persistent, then allocate. */
	while (h->surplus_huge_pages && count > persistent_huge_pages(h))
		if (!adjust_pool_surplus(h, &allowed, -1))
			break;
	while (count > persistent_huge_pages(h))
		if (!alloc_pool_huge_page(m, h, &allowed, &noretry))
			goto out;
	shrink_pool(m, h, count, &allowed);
out:
	h->max_huge_pages = persistent_huge_pages(h);
	return 0;
}

/* Linux: hugetlb_overcommit_handler(), mm/hugetlb.c */
void hugetlb_set_overcommit(struct machine *m, unsigned long count)
{
	m->hstate.nr_overcommit_huge_pages = count;
}

/* ---- surplus pages and reservations ---- */

/* A fresh, frozen surplus page if overcommit allows.  Linux: alloc_surplus_huge_page() */
static struct page *alloc_surplus_huge_page(struct machine *m, gfp_t gfp, int nid,
					    const nodemask_t *nmask)
{
	struct hstate *h = &m->hstate;
	struct page *page;

	if (h->surplus_huge_pages >= h->nr_overcommit_huge_pages)
		return NULL;
	page = alloc_fresh_huge_page(m, h, gfp, nid, nmask, NULL);
	if (page) {
		h->surplus_huge_pages++;
		h->surplus_huge_pages_node[page_to_nid(page)]++;
	}
	return page;
}

/*
 * Raise Rsvd by delta, first adding the surplus pages the free pool lacks
 * (from the local node on), all or nothing.  Linux: gather_surplus_pages()
 */
static int gather_surplus_pages(struct machine *m, unsigned long delta)
{
	struct hstate *h = &m->hstate;
	long needed = (long)(h->resv_huge_pages + delta) - (long)h->free_huge_pages;
	struct page_list surplus;
	struct page *page;
	long allocated = 0;

	page_list_init(&surplus);
	for (; allocated < needed; allocated++) {
		page = alloc_surplus_huge_page(m, HTLB_ALLOC_MASK, NUMA_NO_NODE, NULL);
		if (!page)
			break;
		page_list_add(m, &surplus, page);
	}
	/* Short: what was allocated goes back, as surplus, to the buddy. */
	while ((page = page_list_first(m, &surplus))) {
		page_list_del(m, &surplus, page);
		if (allocated >= needed)
			enqueue_huge_page(m, h, page);
		else
			free_huge_page(m, page);
	}
	if (allocated < needed)
		return -ENOMEM;
	h->resv_huge_pages += delta;
	return 0;
}

/* Drop nr reservations and as many free surplus pages.  Linux: return_unused_surplus_pages() */
static void return_unused_surplus_pages(struct machine *m, unsigned long nr)
{
	struct hstate *h = &m->hstate;
	nodemask_t allowed = node_states_memory(m);
	unsigned long nr_pages = nr < h->surplus_huge_pages ? nr : h->surplus_huge_pages;
	struct page_list to_free;
	struct page *page;

	MM_BUG_ON(nr > h->resv_huge_pages);
	h->resv_huge_pages -= nr;
	page_list_init(&to_free);
	while (nr_pages-- && (page = remove_pool_huge_page(m, h, &allowed, true)))
		page_list_add(m, &to_free, page);
	update_and_free_pages_bulk(m, h, &to_free);
}

/*
 * Free pages on the nodes the current task may use: its cpuset's, within
 * its MPOL_BIND nodes.  Linux: allowed_mems_nr() + policy_mbind_nodemask()
 */
static unsigned long allowed_mems_nr(const struct machine *m)
{
	const struct mempolicy *pol = m->current ? m->current->mempolicy : NULL;
	nodemask_t mems = *cpuset_current_mems_allowed(m);
	unsigned long nr = 0;

	/* A bind mask the cpuset leaves nothing of is not enforced. */
	if (pol && pol->mode == MPOL_BIND && cpuset_nodemask_valid_mems_allowed(m, &pol->nodes))
		mems.bits &= pol->nodes.bits;
	for_each_online_node(m, nid)
		if (node_isset(nid, &mems))
			nr += m->hstate.free_huge_pages_node[nid];
	return nr;
}

/* Linux: hugetlb_acct_memory() for delta > 0, mm/hugetlb.c */
int hugetlb_reserve_pages(struct machine *m, unsigned long nr)
{
	if (gather_surplus_pages(m, nr) < 0)
		return -ENOMEM;
	/* A best effort for bound tasks: their nodes must hold the pages. */
	if (nr > allowed_mems_nr(m)) {
		return_unused_surplus_pages(m, nr);
		return -ENOMEM;
	}
	return 0;
}

/* Linux: hugetlb_acct_memory() for delta < 0, mm/hugetlb.c */
void hugetlb_unreserve_pages(struct machine *m, unsigned long nr)
{
	return_unused_surplus_pages(m, nr);
}

/* ---- huge pages for faults ---- */

/*
 * A free page where vma's policy says (MPOL_PREFERRED_MANY: then anywhere);
 * without a reservation, only an unreserved one.  Linux: dequeue_huge_page_vma()
 */
static struct page *dequeue_huge_page_vma(struct machine *m, struct vm_area_struct *vma,
					  uint64_t addr, bool from_reserve)
{
	const nodemask_t *nodemask;
	struct page *page = NULL;
	int nid;

	if (!from_reserve && !available_huge_pages(&m->hstate))
		return NULL;
	nid = huge_node(m, vma, addr, &nodemask);
	if (get_vma_policy(m, vma, addr)->mode == MPOL_PREFERRED_MANY) {
		page = dequeue_huge_page_nodemask(m, HTLB_ALLOC_MASK, nid, nodemask);
		nodemask = NULL;
	}
	if (!page)
		page = dequeue_huge_page_nodemask(m, HTLB_ALLOC_MASK, nid, nodemask);
	if (page && from_reserve) {
		set_hpage_flag(page, HPG_restore_reserve, true);
		m->hstate.resv_huge_pages--;
	}
	return page;
}

/* Linux: alloc_buddy_huge_page_with_mpol(), mm/hugetlb.c */
static struct page *alloc_buddy_huge_page_with_mpol(struct machine *m,
						    struct vm_area_struct *vma, uint64_t addr)
{
	gfp_t gfp = HTLB_ALLOC_MASK;
	const nodemask_t *nodemask;
	struct page *page = NULL;
	int nid = huge_node(m, vma, addr, &nodemask);

	if (get_vma_policy(m, vma, addr)->mode == MPOL_PREFERRED_MANY) {
		gfp_t light = (gfp | __GFP_NOWARN) & ~(__GFP_DIRECT_RECLAIM | __GFP_NOFAIL);

		page = alloc_surplus_huge_page(m, light, nid, nodemask);
		nodemask = NULL;
	}
	if (!page)
		page = alloc_surplus_huge_page(m, gfp, nid, nodemask);
	return page;
}

/* Linux: alloc_huge_page(), mm/hugetlb.c */
struct page *alloc_huge_page(struct machine *m, struct vm_area_struct *vma, uint64_t addr,
			     bool from_reserve)
{
	struct page *page = dequeue_huge_page_vma(m, vma, addr, from_reserve);

	if (page)
		return page;
	page = alloc_buddy_huge_page_with_mpol(m, vma, addr);
	if (!page)
		return NULL;
	if (from_reserve) {
		set_hpage_flag(page, HPG_restore_reserve, true);
		m->hstate.resv_huge_pages--;
	}
	page->_refcount = 1;
	return page;
}

/* ---- migration ---- */

/* Linux: folio_isolate_hugetlb(), mm/hugetlb.c (6.1.192) */
int folio_isolate_hugetlb(struct machine *m, struct page *head, struct page_list *list)
{
	if (!PageHuge(m, head) || compound_head(m, head) != head ||
	    !HPageFlag(head, HPG_migratable) || head->_refcount <= 0)
		return -EBUSY;
	head->_refcount++;		/* get_page_unless_zero() */
	set_hpage_flag(head, HPG_migratable, false);
	page_list_add_tail(m, list, head);
	return 0;
}

/*
 * Linux: folio_putback_hugetlb(), mm/hugetlb.c (6.1.192).  numasim keeps
 * no hugepage_activelist (nothing walks it), so "back on the active list"
 * is the migratable mark alone.
 */
void folio_putback_hugetlb(struct machine *m, struct page *head)
{
	set_hpage_flag(head, HPG_migratable, true);
	put_page(m, head);
}

/* Linux: alloc_migrate_huge_page(), mm/hugetlb.c */
static struct page *alloc_migrate_huge_page(struct machine *m, gfp_t gfp, int nid,
					    const nodemask_t *nmask)
{
	struct page *page = alloc_fresh_huge_page(m, &m->hstate, gfp, nid, nmask, NULL);

	if (!page)
		return NULL;
	page->_refcount = 1;		/* set_page_refcounted() */
	set_hpage_flag(page, HPG_temporary, true);
	return page;
}

/* Linux: alloc_huge_page_nodemask(), mm/hugetlb.c */
struct page *alloc_huge_page_nodemask(struct machine *m, int preferred_nid,
				      const nodemask_t *nmask, gfp_t gfp)
{
	if (available_huge_pages(&m->hstate)) {
		struct page *page = dequeue_huge_page_nodemask(m, gfp, preferred_nid, nmask);

		if (page)
			return page;
	}
	return alloc_migrate_huge_page(m, gfp, preferred_nid, nmask);
}

/* Linux: move_hugetlb_state(), mm/hugetlb.c */
void move_hugetlb_state(struct machine *m, struct page *old, struct page *new, int reason)
{
	struct hstate *h = &m->hstate;
	int old_nid = page_to_nid(old), new_nid = page_to_nid(new);

	(void)reason;		/* page_owner's migrate reason is not kept */
	if (HPageFlag(new, HPG_temporary)) {
		set_hpage_flag(old, HPG_temporary, true);
		set_hpage_flag(new, HPG_temporary, false);
		if (new_nid != old_nid && h->surplus_huge_pages_node[old_nid]) {
			h->surplus_huge_pages_node[old_nid]--;
			h->surplus_huge_pages_node[new_nid]++;
		}
	}
	set_hpage_flag(new, HPG_migratable, true);
}

/* Linux: hugetlb_add_hstate(), mm/hugetlb.c */
static void hugetlb_add_hstate(struct machine *m, struct hstate *h, unsigned int order)
{
	nodemask_t mems = node_states_memory(m);

	*h = (struct hstate){ .order = order };
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		page_list_init(&h->hugepage_freelists[nid]);
	/* first_memory_node */
	h->next_nid_to_alloc = h->next_nid_to_free = mems.bits ? __builtin_ctzll(mems.bits) : 0;
}

/*
 * The two sizes x86_64 offers: 2 MiB (the default) and, with 1 GiB pages
 * in the CPU (X86_FEATURE_GBPAGES, which every numasim CPU has), 1 GiB.
 * Linux: hugetlb_init() and gigantic_pages_init(), arch/x86/mm/hugetlbpage.c
 */
void hugetlb_init(struct machine *m)
{
	hugetlb_add_hstate(m, &m->hstate, HPAGE_PMD_ORDER);
	hugetlb_add_hstate(m, &m->hstate_gigantic, PUD_SHIFT - PAGE_SHIFT);
}

/* ==== hugetlb VMAs: faults, unmapping, fork ============================ */

/* Linux: make_huge_pte(), mm/hugetlb.c */
static pmd_t make_huge_pte(struct machine *m, struct vm_area_struct *vma, struct page *head,
			   bool writable)
{
	pmd_t entry = __pmd(((pteval_t)page_to_pfn(m, head) << PAGE_SHIFT) |
			    vma_page_prot(vma) | _PAGE_PSE);

	if (writable)
		entry.pmd |= _PAGE_RW | _PAGE_DIRTY | _PAGE_SOFT_DIRTY;
	else
		entry.pmd &= ~_PAGE_RW;
	return entry;
}

/* Linux: vma_hugecache_offset(), mm/hugetlb.c (in base pages here) */
static uint64_t huge_index(const struct vm_area_struct *vma, uint64_t haddr)
{
	return vma->vm_pgoff + ((haddr - vma->vm_start) >> PAGE_SHIFT);
}

/* A new huge page for haddr, using the VMA's reservation when it has one. */
static struct page *hugetlb_alloc(struct machine *m, struct vm_area_struct *vma, uint64_t haddr)
{
	bool from_reserve = vma->hugetlb_resv > 0;
	struct page *head = alloc_huge_page(m, vma, haddr, from_reserve);

	if (head && from_reserve)
		vma->hugetlb_resv--;
	return head;
}

/*
 * Linux: hugepage_add_new_anon_rmap(), mm/rmap.c, and the fault's
 * ClearHPageRestoreReserve(): a new private huge page, exclusive, mapped
 * once (entire mapcount only), its reservation used for good.
 */
static void hugepage_add_new_anon_rmap(struct page *head, struct vm_area_struct *vma,
				       uint64_t index)
{
	page_set_mapping(head, vma->anon_vma->id, true);
	head->index = (uint32_t)index;
	SetPageFlag(head, PG_anon_exclusive);
	head[1].private++;
	ClearHPageRestoreReserve(head);
}

/* Linux: hugetlb_no_page(), mm/hugetlb.c */
static unsigned int hugetlb_no_page(struct machine *m, struct vm_area_struct *vma,
				    uint64_t haddr, pmd_t *pmd, bool write)
{
	bool shared = vma->vm_flags & VM_SHARED;
	uint64_t index = huge_index(vma, haddr);
	struct page *head = shared ? filemap_lookup(m, vma->vm_file, index) : NULL;

	if (!head) {
		if (!shared && anon_vma_prepare(m, vma))
			return VM_FAULT_OOM;
		head = hugetlb_alloc(m, vma, haddr);
		if (!head) {
			m->proc_stats.sigbus++;
			return VM_FAULT_SIGBUS;
		}
		if (shared && filemap_add_page(m, vma->vm_file, index, head)) {
			put_page(m, head);
			return VM_FAULT_OOM;
		}
		/* Linux: SetHPageMigratable() once the new page is in place. */
		set_hpage_flag(head, HPG_migratable, true);
		if (!shared) {
			hugepage_add_new_anon_rmap(head, vma, index);
			*pmd = make_huge_pte(m, vma, head, write && (vma->vm_flags & VM_WRITE));
			return 0;
		}
		ClearHPageRestoreReserve(head);
	}
	get_page(m, head);		/* the mapping's reference; the cache keeps its own */
	head[1].private++;		/* Linux: page_dup_file_rmap() */
	*pmd = make_huge_pte(m, vma, head, vma->vm_flags & VM_WRITE);
	return 0;
}

/* Linux: hugetlb_wp(), mm/hugetlb.c: reuse an exclusive page, else copy. */
static unsigned int hugetlb_wp(struct machine *m, struct vm_area_struct *vma, uint64_t haddr,
			       pmd_t *pmd)
{
	struct page *old = pfn_to_page(m, pmd_pfn(*pmd));
	struct page *head;

	/* A shared mapping's page is everybody's: just allow the write. */
	if (vma->vm_flags & VM_MAYSHARE) {
		*pmd = make_huge_pte(m, vma, old, true);
		return 0;
	}
	if (PageFlag(old, PG_anon_exclusive) || page_count(old) == 1) {
		page_set_mapping(old, vma->anon_vma->id, true);
		SetPageFlag(old, PG_anon_exclusive);
		*pmd = make_huge_pte(m, vma, old, true);
		return 0;
	}
	head = hugetlb_alloc(m, vma, haddr);
	if (!head) {
		m->proc_stats.sigbus++;
		return VM_FAULT_SIGBUS;
	}
	hugepage_add_new_anon_rmap(head, vma, huge_index(vma, haddr));
	set_hpage_flag(head, HPG_migratable, true);
	old[1].private--;
	put_page(m, old);
	*pmd = make_huge_pte(m, vma, head, true);
	m->proc_stats.cow_copies++;
	return 0;
}

/* Linux: hugetlb_fault(), mm/hugetlb.c */
unsigned int hugetlb_fault(struct machine *m, struct vm_area_struct *vma, uint64_t addr,
			   unsigned int flags)
{
	uint64_t haddr = addr & PMD_MASK;
	bool write = flags & FAULT_FLAG_WRITE;
	pmd_t *pmd = mm_find_pmd(m, vma->vm_mm, haddr, true);

	if (!pmd)
		return VM_FAULT_OOM;
	if (pmd_none(*pmd))
		return hugetlb_no_page(m, vma, haddr, pmd, write);
	if (write && !pmd_write(*pmd))
		return hugetlb_wp(m, vma, haddr, pmd);
	pmd->pmd |= _PAGE_ACCESSED | (write ? _PAGE_DIRTY : 0);
	return 0;
}

/* Linux: __unmap_hugepage_range(), mm/hugetlb.c */
void unmap_hugepage_range(struct machine *m, struct vm_area_struct *vma, uint64_t start,
			  uint64_t end)
{
	for (uint64_t a = start & PMD_MASK; a < end; a += HPAGE_PMD_SIZE) {
		pmd_t *pmd = mm_find_pmd(m, vma->vm_mm, a, false);
		struct page *head;

		if (!pmd || pmd_none(*pmd))
			continue;
		head = pfn_to_page(m, pmd_pfn(*pmd));
		*pmd = __pmd(0);
		MM_BUG_ON_PAGE(compound_mapcount(head) <= 0, m, head);
		head[1].private--;
		put_page(m, head);
	}
}

/* Linux: copy_hugetlb_page_range(), mm/hugetlb.c */
int copy_hugetlb_page_range(struct machine *m, struct vm_area_struct *dst,
			    struct vm_area_struct *src)
{
	bool cow = (src->vm_flags & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE;

	for (uint64_t a = src->vm_start; a < src->vm_end; a += HPAGE_PMD_SIZE) {
		pmd_t *spmd = mm_find_pmd(m, src->vm_mm, a, false);
		pmd_t *dpmd;
		struct page *head;

		if (!spmd || pmd_none(*spmd))
			continue;
		dpmd = mm_find_pmd(m, dst->vm_mm, a, true);
		if (!dpmd)
			return -ENOMEM;
		head = pfn_to_page(m, pmd_pfn(*spmd));
		get_page(m, head);
		head[1].private++;
		if (cow) {
			ClearPageFlag(head, PG_anon_exclusive);
			spmd->pmd &= ~_PAGE_RW;
		}
		*dpmd = *spmd;
	}
	return 0;
}
