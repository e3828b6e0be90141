/*
 * tests/check_hugetlb.c - the 2 MiB hugetlb pool against the rules of
 * Linux 6.1 mm/hugetlb.c.
 *
 * Every expected value is derived by hand from the kernel's rules (the
 * function is named in each test), never copied from our own output.  The
 * machines have two nodes, no DMA zones, nothing reserved, per-CPU lists
 * off and watermarks at zero, so the buddy gives every block it has:
 *
 *   16M node = 4096 pages = 8 huge pages (order 9, 512 pages each)
 *    8M node = 2048 pages = 4 huge pages
 *
 * CPU 0 is on node 0, CPU 1 on node 1; node 1 follows node 0 in node 0's
 * zonelist and the other way round.  Huge pages are released as put_page()
 * will: the reference drops to 0, then the destructor free_huge_page().
 *
 * Linux counterpart: mm/hugetlb.c (v6.1): set_max_huge_pages,
 * alloc_pool_huge_page, alloc_buddy_huge_page, remove_pool_huge_page,
 * adjust_pool_surplus, gather_surplus_pages, return_unused_surplus_pages,
 * hugetlb_acct_memory, dequeue_huge_page_vma, alloc_huge_page,
 * free_huge_page.
 */
#include <check.h>
#include <errno.h>

#include "tests/helpers.h"
#include "mm/cpuset.h"
#include "mm/hugetlb.h"
#include "mm/internal.h"
#include "mm/mempolicy.h"
#include "mm/mm.h"
#include "mm/pgtable.h"


#define K_HTLB		TEST_K_PLAIN ", \"pcp\": false, \"min_free_kbytes\": 0," \
			" \"watermark_scale_factor\": 1"
#define NODE_16M_PAGES	4096ul
#define HPAGE_PAGES	((unsigned long)HPAGE_PMD_NR)

/* The mask of a pool page in the reference trace (oracle workload-2node). */
#define POOL_GFP	(GFP_HIGHUSER_MOVABLE | __GFP_NOWARN | __GFP_RETRY_MAYFAIL | \
			 __GFP_COMP | __GFP_THISNODE)

#define ALLOC_ONLY	MM_EV_BIT(MM_EV_mm_page_alloc)

/* ---- fixtures ----------------------------------------------------------- */

static unsigned long node_free(struct machine *m, int nid)
{
	unsigned long n = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		n += zone_free_pages(&NODE_DATA(m, nid)->node_zones[z]);
	return n;
}

/* Free order-10 blocks of node nid: all of a 16M node once everything merged. */
static unsigned long node_top_blocks(struct machine *m, int nid)
{
	unsigned long n = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		n += NODE_DATA(m, nid)->node_zones[z].free_area[MAX_ORDER - 1].nr_free;
	return n;
}

/* Two nodes, hstate set up, every page of both nodes free. */
static struct machine *boot2(const char *mem0, const char *mem1)
{
	struct machine *m = test_boot_node_pair(mem0, mem1, K_HTLB);

	hugetlb_init(m);
	test_check(m);
	return m;
}

static struct machine *boot_16m_pair(void)
{
	struct machine *m = boot2("16M", "16M");

	ck_assert_uint_eq(node_free(m, 0), NODE_16M_PAGES);
	ck_assert_uint_eq(node_free(m, 1), NODE_16M_PAGES);
	return m;
}

/* HugePages_Total, _Free, _Rsvd, _Surp in one assertion. */
#define expect_pool(m, total, free, resv, surp) do {					\
	const struct hstate *h_ = &(m)->hstate;						\
	ck_assert_msg(h_->nr_huge_pages == (total) && h_->free_huge_pages == (free) &&	\
		      h_->resv_huge_pages == (resv) && h_->surplus_huge_pages == (surp),\
		      "pool total/free/rsvd/surp %lu/%lu/%lu/%lu, want %lu/%lu/%lu/%lu",	\
		      h_->nr_huge_pages, h_->free_huge_pages, h_->resv_huge_pages,	\
		      h_->surplus_huge_pages, (unsigned long)(total),			\
		      (unsigned long)(free), (unsigned long)(resv), (unsigned long)(surp));	\
} while (0)

/* The per-node counters (the nodeN/hugepages/hugepages-2048kB files). */
#define expect_node(m, nid, total, free, surp) do {					\
	const struct hstate *h_ = &(m)->hstate;						\
	ck_assert_msg(h_->nr_huge_pages_node[nid] == (total) &&				\
		      h_->free_huge_pages_node[nid] == (free) &&				\
		      h_->surplus_huge_pages_node[nid] == (surp),			\
		      "node %d total/free/surp %lu/%lu/%lu, want %lu/%lu/%lu", (nid),	\
		      h_->nr_huge_pages_node[nid], h_->free_huge_pages_node[nid],	\
		      h_->surplus_huge_pages_node[nid], (unsigned long)(total),		\
		      (unsigned long)(free), (unsigned long)(surp));			\
} while (0)

/*
 * A pool page as the kernel lays it out: head PG_head with the order,
 * tails PG_tail pointing at the head, page[1] with the hugetlb destructor
 * and an entire mapcount of -1, every page at refcount 0 (free: frozen) or
 * the head at 1 (in use).
 */
static void expect_pool_page(struct machine *m, struct page *head, int nid, int refcount)
{
	uint32_t head_idx = page_list_index(m, head);

	ck_assert_int_eq(page_to_nid(head), nid);
	ck_assert(PageFlag(head, PG_head));
	ck_assert_uint_eq(compound_order(head), HPAGE_PMD_ORDER);
	ck_assert_uint_eq(head[1].index, HUGETLB_PAGE_DTOR);
	ck_assert_uint_eq(head[1].private, (uint32_t)-1);
	ck_assert(PageHuge(m, head) && PageHuge(m, &head[HPAGE_PAGES - 1]));
	ck_assert_int_eq(head->_refcount, refcount);
	ck_assert_int_eq(head->_mapcount, -1);
	for (unsigned long i = 1; i < HPAGE_PAGES; i++) {
		ck_assert(PageFlag(&head[i], PG_tail));
		ck_assert_uint_eq(head[i].lru_next, head_idx);
		ck_assert_int_eq(head[i]._refcount, 0);
	}
}

/* Every page on every free list is a free pool page of that list's node. */
static void expect_free_lists(struct machine *m)
{
	for (int nid = 0; nid < (int)m->nr_node_ids; nid++) {
		unsigned long n = 0;
		struct page *page;

		page_list_for_each(m, page, &m->hstate.hugepage_freelists[nid]) {
			expect_pool_page(m, page, nid, 0);
			n++;
		}
		ck_assert_uint_eq(n, m->hstate.free_huge_pages_node[nid]);
	}
}

static bool on_free_list(struct machine *m, struct page *head)
{
	struct page *page;

	page_list_for_each(m, page, &m->hstate.hugepage_freelists[page_to_nid(head)])
		if (page == head)
			return true;
	return false;
}

/* A private MAP_HUGETLB mapping of one huge page (only its address is used). */
static struct vm_area_struct test_vma(void)
{
	return (struct vm_area_struct){
		.vm_start = HPAGE_PMD_SIZE, .vm_end = 2 * HPAGE_PMD_SIZE,
		.vm_flags = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_HUGETLB,
	};
}

/* A fault's huge page, asserted non-NULL, in use. */
static struct page *fault_page(struct machine *m, bool from_reserve)
{
	struct vm_area_struct vma = test_vma();
	struct page *page = alloc_huge_page(m, &vma, vma.vm_start, from_reserve);

	ck_assert_ptr_nonnull(page);
	expect_pool_page(m, page, page_to_nid(page), 1);
	ck_assert(!on_free_list(m, page));
	test_check(m);
	return page;
}

/* Drop the last reference as put_page() will: refcount 0, then the destructor. */
static void put_huge(struct machine *m, struct page *head)
{
	ck_assert_int_eq(head->_refcount, 1);
	head->_refcount = 0;
	free_huge_page(m, head);
	test_check(m);
}

static unsigned long htlb_success(const struct machine *m)
{
	return m->vm_events[HTLB_BUDDY_ALLOC_SUCCESS];
}

static unsigned long htlb_fail(const struct machine *m)
{
	return m->vm_events[HTLB_BUDDY_ALLOC_FAIL];
}

/* ---- init ----------------------------------------------------------------- */

/*
 * hugetlb_add_hstate(): an empty pool of order HPAGE_PMD_ORDER whose
 * round-robin cursors start at the first node with memory.  Expect every
 * counter 0, empty free lists, both cursors at node 0.
 */
START_TEST(test_init_empty_pool)
{
	struct machine *m = boot_16m_pair();
	const struct hstate *h = &m->hstate;

	ck_assert_uint_eq(h->order, HPAGE_PMD_ORDER);
	expect_pool(m, 0, 0, 0, 0);
	ck_assert_uint_eq(h->max_huge_pages, 0);
	ck_assert_uint_eq(h->nr_overcommit_huge_pages, 0);
	ck_assert_int_eq(h->next_nid_to_alloc, 0);
	ck_assert_int_eq(h->next_nid_to_free, 0);
	for (int nid = 0; nid < 2; nid++) {
		expect_node(m, nid, 0, 0, 0);
		ck_assert(page_list_empty(&h->hugepage_freelists[nid]));
	}
	test_release(m);
}
END_TEST

/*
 * Every online node has a nr_hugepages file (hugetlb_register_all_nodes()
 * walks the online nodes); a node the machine does not have has none.
 * Expect -EINVAL for node 2 of a two-node machine and for a negative node
 * other than NUMA_NO_NODE, and the pool untouched.
 */
START_TEST(test_set_bad_node)
{
	struct machine *m = boot_16m_pair();

	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, 2, 1), -EINVAL);
	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, -2, 1), -EINVAL);
	expect_pool(m, 0, 0, 0, 0);
	ck_assert_uint_eq(htlb_success(m) + htlb_fail(m), 0);
	test_release(m);
}
END_TEST

/* ---- growing the pool ------------------------------------------------------ */

/*
 * vm.nr_hugepages = 6 on two 16M nodes.  alloc_pool_huge_page() takes
 * hstate_next_node_to_alloc(), which alternates 0, 1, 0, 1, ..., each page
 * with htlb_alloc_mask() | __GFP_THISNODE plus __GFP_COMP, __GFP_NOWARN and
 * __GFP_RETRY_MAYFAIL (alloc_buddy_huge_page()), as in the reference trace.
 * Each new page goes through free_huge_page() -> enqueue_huge_page(), at
 * the head of its node's list.  Expect 3 pages per node, all free, 6
 * htlb_buddy_alloc_success, 3 * 512 pages gone from each node's buddy,
 * the cursor back at node 0, and each list headed by the last page
 * allocated on its node (events 4 and 5).
 */
START_TEST(test_global_count_alternates_nodes)
{
	struct machine *m = boot_16m_pair();
	struct test_ev_log log;

	test_ev_attach(m, &log, ALLOC_ONLY);
	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, NUMA_NO_NODE, 6), 0);
	test_check(m);
	expect_pool(m, 6, 6, 0, 0);
	expect_node(m, 0, 3, 3, 0);
	expect_node(m, 1, 3, 3, 0);
	ck_assert_uint_eq(m->hstate.max_huge_pages, 6);
	ck_assert_uint_eq(htlb_success(m), 6);
	ck_assert_uint_eq(htlb_fail(m), 0);
	ck_assert_uint_eq(node_free(m, 0), NODE_16M_PAGES - 3 * HPAGE_PAGES);
	ck_assert_uint_eq(node_free(m, 1), NODE_16M_PAGES - 3 * HPAGE_PAGES);
	ck_assert_int_eq(m->hstate.next_nid_to_alloc, 0);
	ck_assert_uint_eq(log.n, 6);
	for (unsigned int i = 0; i < 6; i++) {
		ck_assert_int_eq(log.ev[i].mm_page_alloc.order, HPAGE_PMD_ORDER);
		ck_assert_uint_eq(log.ev[i].mm_page_alloc.gfp_flags, POOL_GFP);
		ck_assert_int_eq(page_to_nid(pfn_to_page(m, log.ev[i].mm_page_alloc.pfn)), (int)(i % 2));
	}
	ck_assert_uint_eq(m->hstate.hugepage_freelists[0].first, log.ev[4].mm_page_alloc.pfn);
	ck_assert_uint_eq(m->hstate.hugepage_freelists[1].first, log.ev[5].mm_page_alloc.pfn);
	expect_free_lists(m);
	test_release(m);
}
END_TEST

/*
 * A node's own nr_hugepages file: set_max_huge_pages() restricts the node
 * mask to that node and adds the other nodes' pages to the count.  Node 1
 * to 3: 3 pages there, none on node 0.  Node 0 to 2: the count becomes
 * 2 + 3, so 2 more on node 0 and node 1 keeps 3.  Node 1 to 1: shrinks
 * node 1 only.  Expect per node 0/3, then 2/3, then 2/1.
 */
START_TEST(test_node_count_fills_that_node)
{
	struct machine *m = boot_16m_pair();

	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, 1, 3), 0);
	test_check(m);
	expect_node(m, 0, 0, 0, 0);
	expect_node(m, 1, 3, 3, 0);
	ck_assert_uint_eq(node_free(m, 0), NODE_16M_PAGES);

	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, 0, 2), 0);
	test_check(m);
	expect_node(m, 0, 2, 2, 0);
	expect_node(m, 1, 3, 3, 0);
	expect_pool(m, 5, 5, 0, 0);
	ck_assert_uint_eq(m->hstate.max_huge_pages, 5);

	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, 1, 1), 0);
	test_check(m);
	expect_node(m, 0, 2, 2, 0);
	expect_node(m, 1, 1, 1, 0);
	ck_assert_uint_eq(node_free(m, 1), NODE_16M_PAGES - HPAGE_PAGES);
	expect_free_lists(m);
	test_release(m);
}
END_TEST

/*
 * Node 0 (16M) asked for 10: its buddy holds 8 huge pages' worth.  The 9th
 * __alloc_pages() fails; alloc_pool_huge_page() has no other node in the
 * mask, so set_max_huge_pages() stops.  Expect 8 pages, 8 successes, 1
 * failure (the last allocation event, no page), node 0's buddy empty,
 * node 1 untouched, max_huge_pages 8.
 */
START_TEST(test_node_count_stops_at_buddy)
{
	struct machine *m = boot_16m_pair();
	struct test_ev_log log;

	test_ev_attach(m, &log, ALLOC_ONLY);
	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, 0, 10), 0);
	test_check(m);
	expect_node(m, 0, 8, 8, 0);
	expect_node(m, 1, 0, 0, 0);
	ck_assert_uint_eq(htlb_success(m), 8);
	ck_assert_uint_eq(htlb_fail(m), 1);
	ck_assert_uint_eq(m->hstate.max_huge_pages, 8);
	ck_assert_uint_eq(node_free(m, 0), 0);
	ck_assert_uint_eq(node_free(m, 1), NODE_16M_PAGES);
	ck_assert_uint_eq(log.n, 9);
	ck_assert_uint_eq(log.ev[8].mm_page_alloc.pfn, PFN_NONE);
	expect_free_lists(m);
	test_release(m);
}
END_TEST

/*
 * vm.nr_hugepages = 20 on nodes of 16M (8 pages) and 8M (4 pages).
 * alloc_pool_huge_page() tries each node once per page, from the cursor:
 *   pages 1-8   nodes 0,1,0,1,...: node 1 is full after 4
 *   page 9      node 0
 *   pages 10-12 node 1 fails, then node 0 succeeds (cursor back to 1)
 *   then        node 1 fails, node 0 fails: no node could give a page.
 * The first failure on a node marks it in node_alloc_noretry: later tries
 * there drop __GFP_RETRY_MAYFAIL.  Expect 12 pages (8 + 4), 12 successes,
 * 5 failures of which 2 tried hard (node 1's first, node 0's only).
 */
START_TEST(test_global_count_stops_when_all_nodes_fail)
{
	struct machine *m = boot2("16M", "8M");
	unsigned int hard = 0, light = 0;
	struct test_ev_log log;

	test_ev_attach(m, &log, ALLOC_ONLY);
	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, NUMA_NO_NODE, 20), 0);
	test_check(m);
	expect_node(m, 0, 8, 8, 0);
	expect_node(m, 1, 4, 4, 0);
	ck_assert_uint_eq(m->hstate.max_huge_pages, 12);
	ck_assert_uint_eq(htlb_success(m), 12);
	ck_assert_uint_eq(htlb_fail(m), 5);
	ck_assert_uint_eq(log.n, 17);
	for (unsigned int i = 0; i < log.n; i++) {
		if (log.ev[i].mm_page_alloc.pfn != PFN_NONE)
			continue;
		if (log.ev[i].mm_page_alloc.gfp_flags == POOL_GFP)
			hard++;
		else if (log.ev[i].mm_page_alloc.gfp_flags == (POOL_GFP & ~__GFP_RETRY_MAYFAIL))
			light++;
	}
	ck_assert_uint_eq(hard, 2);
	ck_assert_uint_eq(light, 3);
	ck_assert_uint_eq(node_free(m, 0) + node_free(m, 1), 0);
	test_release(m);
}
END_TEST

/* ---- shrinking the pool ------------------------------------------------------ */

/*
 * 8 pages (4 per node) down to 3: remove_pool_huge_page() takes from
 * hstate_next_node_to_free(), starting at node 0: nodes 0,1,0,1,0 lose a
 * page each.  Then down to 0.  Expect node 0 with 1, node 1 with 2, the
 * cursor at node 1; then an empty pool and both buddies whole again: 4096
 * free pages, merged into 4 order-10 blocks each (the frames went back
 * clean enough for the buddy to merge them).
 */
START_TEST(test_shrink_round_robin)
{
	struct machine *m = boot_16m_pair();

	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, NUMA_NO_NODE, 8), 0);
	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, NUMA_NO_NODE, 3), 0);
	test_check(m);
	expect_pool(m, 3, 3, 0, 0);
	expect_node(m, 0, 1, 1, 0);
	expect_node(m, 1, 2, 2, 0);
	ck_assert_int_eq(m->hstate.next_nid_to_free, 1);
	ck_assert_uint_eq(m->hstate.max_huge_pages, 3);
	ck_assert_uint_eq(node_free(m, 0), NODE_16M_PAGES - HPAGE_PAGES);
	ck_assert_uint_eq(node_free(m, 1), NODE_16M_PAGES - 2 * HPAGE_PAGES);
	expect_free_lists(m);

	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, NUMA_NO_NODE, 0), 0);
	test_check(m);
	expect_pool(m, 0, 0, 0, 0);
	for (int nid = 0; nid < 2; nid++) {
		ck_assert_uint_eq(node_free(m, nid), NODE_16M_PAGES);
		ck_assert_uint_eq(node_top_blocks(m, nid), 4);
	}
	test_release(m);
}
END_TEST

/*
 * The same with per-CPU lists on: freed huge pages go to the zone's
 * pageblock-order pcp list (free_unref_page()).  Expect the buddy checker
 * happy throughout and, after drain_all_pages(), both nodes whole.
 */
START_TEST(test_shrink_through_pcp)
{
	struct machine *m = test_boot_node_pair("16M", "16M", TEST_K_PLAIN ", \"pcp\": true,"
						" \"min_free_kbytes\": 0, \"watermark_scale_factor\": 1");

	hugetlb_init(m);
	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, NUMA_NO_NODE, 6), 0);
	test_check(m);
	expect_node(m, 0, 3, 3, 0);
	expect_node(m, 1, 3, 3, 0);
	expect_free_lists(m);
	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, NUMA_NO_NODE, 0), 0);
	test_check(m);
	expect_pool(m, 0, 0, 0, 0);
	drain_all_pages(m, NULL);
	test_check(m);
	ck_assert_uint_eq(node_free(m, 0), NODE_16M_PAGES);
	ck_assert_uint_eq(node_free(m, 1), NODE_16M_PAGES);
	test_release(m);
}
END_TEST

/*
 * 4 pages (2 per node), 3 in use by faults on CPU 0 (node 0's two, then
 * node 1's first along the zonelist), then vm.nr_hugepages = 0.
 * set_max_huge_pages(): min_count = resv 0 + in use 3, so only the one
 * free page goes (node 0 has none, node 1 gives it; cursor back to 0);
 * then adjust_pool_surplus(+1) marks the 3 in-use pages surplus, round
 * robin over nodes with non-surplus pages: 0, 1, 0.  Expect total 3,
 * free 0, surplus 3 (node 0: 2, node 1: 1), max_huge_pages 0; each put
 * then returns a page to the buddy, ending with an empty pool and both
 * buddies whole.
 */
START_TEST(test_shrink_in_use_become_surplus)
{
	struct machine *m = boot_16m_pair();
	struct page *p[3];

	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, NUMA_NO_NODE, 4), 0);
	for (int i = 0; i < 3; i++)
		p[i] = fault_page(m, false);
	ck_assert_int_eq(page_to_nid(p[0]), 0);
	ck_assert_int_eq(page_to_nid(p[1]), 0);
	ck_assert_int_eq(page_to_nid(p[2]), 1);

	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, NUMA_NO_NODE, 0), 0);
	test_check(m);
	expect_pool(m, 3, 0, 0, 3);
	expect_node(m, 0, 2, 0, 2);
	expect_node(m, 1, 1, 0, 1);
	ck_assert_uint_eq(m->hstate.max_huge_pages, 0);
	ck_assert_uint_eq(node_free(m, 1), NODE_16M_PAGES - HPAGE_PAGES);

	put_huge(m, p[2]);
	expect_pool(m, 2, 0, 0, 2);
	ck_assert_uint_eq(node_free(m, 1), NODE_16M_PAGES);
	put_huge(m, p[0]);
	put_huge(m, p[1]);
	expect_pool(m, 0, 0, 0, 0);
	ck_assert_uint_eq(node_free(m, 0), NODE_16M_PAGES);
	ck_assert_uint_eq(node_top_blocks(m, 0), 4);
	test_release(m);
}
END_TEST

/*
 * Growing converts surplus pages first (set_max_huge_pages() calls
 * adjust_pool_surplus(-1) before allocating).  Overcommit 2, two faults
 * with an empty pool get surplus pages from node 0's buddy; then
 * vm.nr_hugepages = 2.  Expect no new buddy allocation (2 successes in
 * all), surplus 0, total 2; the puts then keep both pages in the pool
 * (node 0 has no surplus left): free 2.
 */
START_TEST(test_grow_takes_back_surplus)
{
	struct machine *m = boot_16m_pair();
	struct page *a, *b;

	hugetlb_set_overcommit(m, 2);
	a = fault_page(m, false);
	b = fault_page(m, false);
	expect_pool(m, 2, 0, 0, 2);
	ck_assert_uint_eq(htlb_success(m), 2);

	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, NUMA_NO_NODE, 2), 0);
	test_check(m);
	expect_pool(m, 2, 0, 0, 0);
	ck_assert_uint_eq(m->hstate.max_huge_pages, 2);
	ck_assert_uint_eq(htlb_success(m), 2);

	put_huge(m, a);
	put_huge(m, b);
	expect_pool(m, 2, 2, 0, 0);
	expect_node(m, 0, 2, 2, 0);
	expect_free_lists(m);
	test_release(m);
}
END_TEST

/* ---- reservations ------------------------------------------------------------ */

/*
 * Pool of 4 (2 per node).  hugetlb_acct_memory(3): enough free pages, so
 * gather_surplus_pages() only raises Rsvd.  A fault with a reservation
 * consumes one (dequeue_huge_page_vma(): resv_huge_pages--, the page marked
 * HPageRestoreReserve).  A fault without one may take only unreserved
 * pages (available_huge_pages() = free - rsvd): the first finds 3 - 2 = 1,
 * the second 0 and, without overcommit, gets nothing and never asks the
 * buddy.  free_huge_page() gives the reservation back for a page still
 * marked (an error path), not for one the fault path cleared.
 * Expect Total/Free/Rsvd 4/4/3, 4/3/2, 4/2/2, NULL, 4/1/1 after the second
 * reserved fault; then 4/2/1, 4/3/2, 4/4/2 after the puts; 4/4/0 after
 * unreserving 2.
 */
START_TEST(test_reserve_and_consume)
{
	struct machine *m = boot_16m_pair();
	struct vm_area_struct vma = test_vma();
	struct page *r1, *r2, *plain;

	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, NUMA_NO_NODE, 4), 0);
	ck_assert_int_eq(hugetlb_reserve_pages(m, 3), 0);
	test_check(m);
	expect_pool(m, 4, 4, 3, 0);

	r1 = fault_page(m, true);
	ck_assert(HPageRestoreReserve(r1));
	expect_pool(m, 4, 3, 2, 0);
	plain = fault_page(m, false);
	ck_assert(!HPageRestoreReserve(plain));
	expect_pool(m, 4, 2, 2, 0);
	ck_assert_ptr_null(alloc_huge_page(m, &vma, vma.vm_start, false));
	ck_assert_uint_eq(htlb_success(m), 4);
	ck_assert_uint_eq(htlb_fail(m), 0);
	r2 = fault_page(m, true);
	expect_pool(m, 4, 1, 1, 0);

	ClearHPageRestoreReserve(r1);	/* mapped: the reservation is used up */
	put_huge(m, r1);
	expect_pool(m, 4, 2, 1, 0);
	put_huge(m, r2);
	expect_pool(m, 4, 3, 2, 0);
	put_huge(m, plain);
	expect_pool(m, 4, 4, 2, 0);
	hugetlb_unreserve_pages(m, 2);
	test_check(m);
	expect_pool(m, 4, 4, 0, 0);
	expect_free_lists(m);
	test_release(m);
}
END_TEST

/*
 * Without overcommit a reservation the free pool cannot cover fails:
 * gather_surplus_pages() finds needed > 0 and alloc_surplus_huge_page()
 * refuses at once (surplus 0 >= overcommit 0).  Pool of 2: reserving 3
 * fails, 2 succeeds, 1 more fails.  Expect -ENOMEM, 0, -ENOMEM, Rsvd 0 then
 * 2, and no buddy allocation beyond the pool's 2.
 */
START_TEST(test_reserve_beyond_pool_fails)
{
	struct machine *m = boot_16m_pair();

	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, NUMA_NO_NODE, 2), 0);
	ck_assert_int_eq(hugetlb_reserve_pages(m, 3), -ENOMEM);
	expect_pool(m, 2, 2, 0, 0);
	ck_assert_int_eq(hugetlb_reserve_pages(m, 2), 0);
	expect_pool(m, 2, 2, 2, 0);
	ck_assert_int_eq(hugetlb_reserve_pages(m, 1), -ENOMEM);
	expect_pool(m, 2, 2, 2, 0);
	ck_assert_uint_eq(htlb_success(m), 2);
	ck_assert_uint_eq(htlb_fail(m), 0);
	test_check(m);
	test_release(m);
}
END_TEST

/*
 * Pool of 1 (node 0), overcommit 4, reserve 3: gather_surplus_pages()
 * needs 3 - 1 = 2 surplus pages, from NUMA_NO_NODE = the local node 0
 * (no __GFP_THISNODE), and puts them in the free pool.  Unreserving 3:
 * return_unused_surplus_pages() frees min(3, surplus 2) free pages from
 * nodes with surplus.  Expect Total/Free/Rsvd/Surp 3/3/3/2 with node 0
 * holding all 3 and 2 more buddy successes; then 1/1/0/0 and node 0's
 * buddy short of one huge page only.
 */
START_TEST(test_reserve_gathers_surplus)
{
	struct machine *m = boot_16m_pair();

	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, NUMA_NO_NODE, 1), 0);
	hugetlb_set_overcommit(m, 4);
	ck_assert_int_eq(hugetlb_reserve_pages(m, 3), 0);
	test_check(m);
	expect_pool(m, 3, 3, 3, 2);
	expect_node(m, 0, 3, 3, 2);
	ck_assert_uint_eq(htlb_success(m), 3);
	expect_free_lists(m);

	hugetlb_unreserve_pages(m, 3);
	test_check(m);
	expect_pool(m, 1, 1, 0, 0);
	expect_node(m, 0, 1, 1, 0);
	ck_assert_uint_eq(node_free(m, 0), NODE_16M_PAGES - HPAGE_PAGES);
	ck_assert_uint_eq(node_free(m, 1), NODE_16M_PAGES);
	test_release(m);
}
END_TEST

/*
 * gather_surplus_pages() is all or nothing.  Two 8M nodes (4 huge pages
 * each), empty pool, overcommit 10, reserve 9: the surplus allocations
 * fall back from node 0 to node 1 (no __GFP_THISNODE), get 8 and fail on
 * the 9th; the 8 go back through free_huge_page(), surplus, to the buddy.
 * Expect -ENOMEM, an empty pool, 8 successes and 1 failure, both buddies
 * whole (2048 pages each).
 */
START_TEST(test_reserve_gather_short_gives_back)
{
	struct machine *m = boot2("8M", "8M");

	hugetlb_set_overcommit(m, 10);
	ck_assert_int_eq(hugetlb_reserve_pages(m, 9), -ENOMEM);
	test_check(m);
	expect_pool(m, 0, 0, 0, 0);
	ck_assert_uint_eq(htlb_success(m), 8);
	ck_assert_uint_eq(htlb_fail(m), 1);
	ck_assert_uint_eq(node_free(m, 0), NODE_16M_PAGES / 2);
	ck_assert_uint_eq(node_free(m, 1), NODE_16M_PAGES / 2);
	test_release(m);
}
END_TEST

/*
 * hugetlb_acct_memory() checks a reservation against allowed_mems_nr():
 * the free pages on the nodes an MPOL_BIND task may use.  Pool of 4 (2 per
 * node), current task bound to node 1, reserve 3: gather_surplus_pages()
 * succeeds (4 free), but node 1 has only 2, so the reservation is undone.
 * Expect -ENOMEM and Rsvd 0; reserving 2 works.
 */
START_TEST(test_reserve_bound_task)
{
	struct machine *m = boot_16m_pair();
	struct mempolicy bind = { .refcnt = 1, .mode = MPOL_BIND, .nodes = { 1ull << 1 } };
	struct task_struct task = { .pid = 1, .cpu = 1, .mempolicy = &bind };

	cpuset_task_init(m, &task, NULL);
	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, NUMA_NO_NODE, 4), 0);
	m->current = &task;
	ck_assert_int_eq(hugetlb_reserve_pages(m, 3), -ENOMEM);
	expect_pool(m, 4, 4, 0, 0);
	ck_assert_int_eq(hugetlb_reserve_pages(m, 2), 0);
	expect_pool(m, 4, 4, 2, 0);
	m->current = NULL;
	test_check(m);
	test_release(m);
}
END_TEST

/* ---- faults ------------------------------------------------------------------ */

/*
 * dequeue_huge_page_nodemask() walks the zonelist of huge_node()'s node
 * (the local node for the default policy) and takes the first node with a
 * free page, newest first.  Pool of 4 (2 per node), faults on CPU 1:
 * expect node 1, node 1, then node 0 (next in node 1's zonelist), each
 * page at refcount 1 and off the free lists; the first one is the head of
 * node 1's list before the fault.  A put puts it back at the head.
 */
START_TEST(test_fault_local_node_then_zonelist)
{
	struct machine *m = boot_16m_pair();
	struct page *newest, *a, *b, *c;

	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, NUMA_NO_NODE, 4), 0);
	m->current_cpu = 1;
	newest = page_list_first(m, &m->hstate.hugepage_freelists[1]);
	a = fault_page(m, false);
	ck_assert_ptr_eq(a, newest);
	b = fault_page(m, false);
	c = fault_page(m, false);
	ck_assert_int_eq(page_to_nid(a), 1);
	ck_assert_int_eq(page_to_nid(b), 1);
	ck_assert_int_eq(page_to_nid(c), 0);
	expect_pool(m, 4, 1, 0, 0);
	expect_node(m, 1, 2, 0, 0);

	put_huge(m, a);
	ck_assert_ptr_eq(page_list_first(m, &m->hstate.hugepage_freelists[1]), a);
	expect_pool_page(m, a, 1, 0);
	put_huge(m, b);
	put_huge(m, c);
	expect_pool(m, 4, 4, 0, 0);
	expect_free_lists(m);
	test_release(m);
}
END_TEST

/*
 * An empty pool with overcommit 2: alloc_huge_page() falls back to
 * alloc_buddy_huge_page_with_mpol() -> alloc_surplus_huge_page(), a fresh
 * page from the local node's buddy, counted surplus.  A third fault finds
 * surplus == overcommit and gets nothing without asking the buddy.
 * free_huge_page() sends a page of a node with surplus back to the buddy.
 * Expect 2/0/0/2 and 2 successes, NULL, then 1/0/0/1 and finally an empty
 * pool with node 0's buddy whole.
 */
START_TEST(test_overcommit_surplus_back_to_buddy)
{
	struct machine *m = boot_16m_pair();
	struct vm_area_struct vma = test_vma();
	struct page *a, *b;

	hugetlb_set_overcommit(m, 2);
	a = fault_page(m, false);
	b = fault_page(m, false);
	ck_assert_int_eq(page_to_nid(a), 0);
	ck_assert_int_eq(page_to_nid(b), 0);
	expect_pool(m, 2, 0, 0, 2);
	expect_node(m, 0, 2, 0, 2);
	ck_assert_uint_eq(node_free(m, 0), NODE_16M_PAGES - 2 * HPAGE_PAGES);
	ck_assert_ptr_null(alloc_huge_page(m, &vma, vma.vm_start, false));
	ck_assert_uint_eq(htlb_success(m), 2);
	ck_assert_uint_eq(htlb_fail(m), 0);

	put_huge(m, a);
	expect_pool(m, 1, 0, 0, 1);
	ck_assert_uint_eq(node_free(m, 0), NODE_16M_PAGES - HPAGE_PAGES);
	put_huge(m, b);
	expect_pool(m, 0, 0, 0, 0);
	ck_assert_uint_eq(node_free(m, 0), NODE_16M_PAGES);
	ck_assert_uint_eq(node_top_blocks(m, 0), 4);
	test_release(m);
}
END_TEST

Suite *hugetlb_suite(void);

Suite *hugetlb_suite(void)
{
	Suite *s = suite_create("hugetlb");
	TCase *pool = tcase_create("pool");
	TCase *shrink = tcase_create("shrink");
	TCase *resv = tcase_create("reserve");
	TCase *fault = tcase_create("fault");

	tcase_add_test(pool, test_init_empty_pool);
	tcase_add_test(pool, test_set_bad_node);
	tcase_add_test(pool, test_global_count_alternates_nodes);
	tcase_add_test(pool, test_node_count_fills_that_node);
	tcase_add_test(pool, test_node_count_stops_at_buddy);
	tcase_add_test(pool, test_global_count_stops_when_all_nodes_fail);
	suite_add_tcase(s, pool);

	tcase_add_test(shrink, test_shrink_round_robin);
	tcase_add_test(shrink, test_shrink_through_pcp);
	tcase_add_test(shrink, test_shrink_in_use_become_surplus);
	tcase_add_test(shrink, test_grow_takes_back_surplus);
	suite_add_tcase(s, shrink);

	tcase_add_test(resv, test_reserve_and_consume);
	tcase_add_test(resv, test_reserve_beyond_pool_fails);
	tcase_add_test(resv, test_reserve_gathers_surplus);
	tcase_add_test(resv, test_reserve_gather_short_gives_back);
	tcase_add_test(resv, test_reserve_bound_task);
	suite_add_tcase(s, resv);

	tcase_add_test(fault, test_fault_local_node_then_zonelist);
	tcase_add_test(fault, test_overcommit_surplus_back_to_buddy);
	suite_add_tcase(s, fault);
	return s;
}
