/*
 * mm/hugetlb_gigantic.c - the frames of gigantic (1 GiB) hugetlb pages:
 * taken with alloc_contig_pages() when the pool grows at run time, given
 * back with free_contig_range() when it shrinks.  mm/hugetlb.c does the
 * pool's bookkeeping; this file only turns a contiguous range of order-0
 * frames into a compound page and back.
 *
 * Invariants: a gigantic page handed to mm/hugetlb.c is a compound page
 * of h->order (PG_head on the first frame, PG_tail on every other one,
 * the tails at refcount 0); one handed back here has had its hugetlb
 * state cleared (mm/hugetlb.c's update_and_free_page()) and its head at
 * refcount 1.  No CMA area serves hugetlb (6.1's hugetlb_cma= is not
 * modelled), so the contiguous allocator is the only source.
 *
 * Linux counterpart: alloc_gigantic_page(), free_gigantic_page(),
 * __prep_compound_gigantic_page() and __destroy_compound_gigantic_page()
 * of mm/hugetlb.c (v6.1).
 */
#include "mm/hugetlb.h"
#include "mm/bug.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/page_alloc_contig.h"

/*
 * The compound bits only: mm/hugetlb.c's prep_new_huge_page() sets the
 * order, the tails' head link and page[1]'s fields.  Every frame comes
 * with one reference; the tails' are frozen to 0 as a compound page's tails
 * have none.  Linux: __prep_compound_gigantic_page(), mm/hugetlb.c
 */
static void prep_compound_gigantic_page(struct machine *m, struct page *head,
					unsigned int order)
{
	SetPageFlag(head, PG_head);
	for (uint64_t i = 1; i < order_to_pages(order); i++) {
		MM_BUG_ON_PAGE(head[i]._refcount != 1, m, &head[i]);
		head[i]._refcount = 0;		/* page_ref_freeze(p, 1) */
		SetPageFlag(&head[i], PG_tail);
	}
}

/* Linux: alloc_gigantic_page(), mm/hugetlb.c (CONFIG_CONTIG_ALLOC, no hugetlb_cma) */
struct page *alloc_gigantic_page(struct machine *m, const struct hstate *h, gfp_t gfp,
				 int nid, const nodemask_t *nmask)
{
	struct page *head;

	if (nid == NUMA_NO_NODE)
		nid = numa_node_id(m);		/* numa_mem_id() */
	head = alloc_contig_pages(m, order_to_pages(h->order), gfp, nid, nmask);
	if (head)
		prep_compound_gigantic_page(m, head, h->order);
	return head;
}

/*
 * Every frame an order-0 page with one reference again, then freed.
 * Linux: __destroy_compound_gigantic_page() + free_gigantic_page(), mm/hugetlb.c
 */
void free_gigantic_page(struct machine *m, struct page *head, unsigned int order)
{
	unsigned long in_use;

	MM_BUG_ON_PAGE(head->_refcount != 1, m, head);
	for (uint64_t i = 1; i < order_to_pages(order); i++) {
		ClearPageFlag(&head[i], PG_tail);
		head[i]._refcount = 1;		/* set_page_refcounted() */
	}
	head[1].index = 0;			/* the destructor's word */
	ClearPageFlag(head, PG_head);
	in_use = free_contig_range(m, page_to_pfn(m, head), order_to_pages(order));
	MM_BUG_ON_PAGE(in_use, m, head);
}
