/*
 * mm/hugetlb.h - the hugetlb pools (2 MiB, and 1 GiB gigantic pages filled
 * at run time only; only 2 MiB pages are mapped): filling and shrinking them per node
 * (vm.nr_hugepages, the per-node sysfs files), reservations at mmap time,
 * and huge pages for faults.
 *
 * Counters (struct hstate in mmzone.h) mean what /proc/meminfo's
 * HugePages_* lines mean: Total = nr_huge_pages, Free = free_huge_pages,
 * Rsvd = resv_huge_pages, Surp = surplus_huge_pages.
 *
 * A pool page is a compound page of order HPAGE_PMD_ORDER laid out as in
 * mm_types.h (destructor HUGETLB_PAGE_DTOR in page[1].index), plus the
 * hugetlb page flags below in page[2].private: the kernel keeps them in the
 * head's private word, which here holds the compound order.
 *
 * Linux counterpart: mm/hugetlb.c, include/linux/hugetlb.h.
 */
#ifndef MM_HUGETLB_H
#define MM_HUGETLB_H

#include <stdbool.h>
#include <stdint.h>

#include "mm/gfp.h"
#include "mm/mmzone.h"

struct vm_area_struct;

/* Hugetlb page flags, in page[2].private.  Linux: enum hugetlb_page_flags. */
enum hugetlb_page_flags {
	HPG_restore_reserve,	/* took a reservation: give it back if freed unused */
	HPG_freed,		/* on a free list of the pool */
	HPG_migratable,		/* in use, mapped or cached, and not isolated */
	HPG_temporary,		/* a migration target beyond the pool: freed to the buddy */
};

static inline bool HPageFlag(const struct page *head, enum hugetlb_page_flags flag)
{
	return (head[2].private >> flag) & 1;
}

static inline bool HPageRestoreReserve(const struct page *head)
{
	return (head[2].private >> HPG_restore_reserve) & 1;
}

/*
 * The fault path made the reservation's use final (the page is mapped or
 * in the page cache), so freeing the page later must not restore it.
 * Linux: ClearHPageRestoreReserve(), called by hugetlb_no_page() and
 * hugetlb_wp() once the new page is installed.
 */
static inline void ClearHPageRestoreReserve(struct page *head)
{
	head[2].private &= ~(1u << HPG_restore_reserve);
}

/* Set up the hstates of a booted machine (empty pools). */
void hugetlb_init(struct machine *m);

/* Linux: hstate_is_gigantic(), include/linux/hugetlb.h: beyond the buddy's orders. */
static inline bool hstate_is_gigantic(const struct hstate *h)
{
	return h->order >= MAX_ORDER;
}

/* The hstate of a hugetlb head page, by its size.  Linux: page_hstate(). */
static inline struct hstate *page_hstate(struct machine *m, const struct page *head)
{
	return head->private == m->hstate_gigantic.order ? &m->hstate_gigantic : &m->hstate;
}

/* Every pool in base pages (CommitLimit leaves them out).  Linux: hugetlb_total_pages(). */
static inline unsigned long hugetlb_total_pages(const struct machine *m)
{
	return m->hstate.nr_huge_pages * HPAGE_PMD_NR +
	       (m->hstate_gigantic.nr_huge_pages << m->hstate_gigantic.order);
}

/*
 * Resize h's pool to count huge pages: nid == NUMA_NO_NODE for
 * vm.nr_hugepages (spread over the nodes with memory, round robin from
 * next_nid_to_alloc), else the node's own sysfs nr_hugepages file.
 * Grows with fresh buddy allocations (htlb_buddy_alloc_success/fail),
 * or for gigantic pages with alloc_gigantic_page() (uncounted), shrinks by freeing free huge pages; in-use pages become surplus.
 * Returns 0 (on a node without memory the allocations fail, as they
 * do on the kernel); -EINVAL for a node the machine does not have.
 * Linux: set_max_huge_pages(), mm/hugetlb.c.
 */
int set_max_huge_pages(struct machine *m, struct hstate *h, int nid, unsigned long count);

/* The same for the default (2 MiB) hstate: vm.nr_hugepages and its sysfs files. */
static inline int hugetlb_set_nr_hugepages(struct machine *m, int nid, unsigned long count)
{
	return set_max_huge_pages(m, &m->hstate, nid, count);
}

/* vm.nr_overcommit_hugepages.  Linux: hugetlb_overcommit_handler(). */
void hugetlb_set_overcommit(struct machine *m, unsigned long count);

/* ---- gigantic pages (mm/hugetlb_gigantic.c) ---- */

/*
 * The frames of a gigantic page of h from alloc_contig_pages() on nid
 * (gfp's __GFP_THISNODE: there only; else nid's zonelist within nmask),
 * made a compound page: head refcount 1, tails 0.  No CMA: numasim has
 * no hugetlb_cma.  NULL when no valid range could be taken.
 * Linux: alloc_gigantic_page() + prep_compound_gigantic_page()
 */
struct page *alloc_gigantic_page(struct machine *m, const struct hstate *h, gfp_t gfp,
				 int nid, const nodemask_t *nmask);

/*
 * Undo the compound page (every frame order 0, refcount 1) and give the
 * frames back.  Linux: destroy_compound_gigantic_page() + free_gigantic_page()
 */
void free_gigantic_page(struct machine *m, struct page *head, unsigned int order);

/*
 * Reserve / release nr huge pages for a mapping (MAP_HUGETLB without
 * MAP_NORESERVE).  -ENOMEM if the pool (plus overcommit) cannot cover them.
 * Linux: hugetlb_reserve_pages() / hugetlb_unreserve_pages().
 */
int hugetlb_reserve_pages(struct machine *m, unsigned long nr);
void hugetlb_unreserve_pages(struct machine *m, unsigned long nr);

/*
 * A huge page for a fault at addr of vma: from the pool on the node the
 * VMA's memory policy picks (falling back along the zonelist nodes), using
 * a reservation if the mapping holds one (from_reserve), else a surplus
 * page if overcommit allows.  Returns the head page with refcount 1, on no
 * list (the kernel's hugepage_activelist is not modelled: nothing walks
 * it), with HPageRestoreReserve set if it used a reservation; or NULL.
 * from_reserve is what the kernel's vma_has_reserves() answers for the
 * address (the caller keeps the reserve map).
 * Linux: alloc_huge_page() (later kernels: alloc_hugetlb_folio()).
 */
struct page *alloc_huge_page(struct machine *m, struct vm_area_struct *vma, uint64_t addr,
			     bool from_reserve);

/*
 * The destructor of a hugetlb page: its refcount has dropped to 0 and it
 * is mapped nowhere (put_page() calls this for PageHuge pages).  Gives
 * back the reservation if HPageRestoreReserve is still set, then returns
 * the page to its node's free list, or to the buddy if its node has
 * surplus pages (the pool is over its size).
 * Linux: free_huge_page().
 */
void free_huge_page(struct machine *m, struct page *head);

/* ---- migration (mm/migrate.c is the caller) ---- */

/*
 * Take an in-use, migratable hugetlb page (head) onto list for
 * migration: a reference, HPG_migratable cleared.  0 or -EBUSY.
 * Linux: folio_isolate_hugetlb(), mm/hugetlb.c (6.1.192; isolate_hugetlb()
 * before the stable series renamed it).
 */
int folio_isolate_hugetlb(struct machine *m, struct page *head, struct page_list *list);

/*
 * Undo the isolation of head (off whatever list holds it already):
 * migratable again, the reference dropped.  Linux: folio_putback_hugetlb().
 */
void folio_putback_hugetlb(struct machine *m, struct page *head);

/*
 * A destination for migrating a hugetlb page: a free pool page along
 * preferred_nid's zonelist within nmask if one is not reserved, else a
 * fresh temporary page from the buddy (not counted as surplus; freed to
 * the buddy when its last reference goes).  Refcount 1, or NULL.
 * Linux: alloc_huge_page_nodemask() / alloc_migrate_huge_page().
 */
struct page *alloc_huge_page_nodemask(struct machine *m, int preferred_nid,
				      const nodemask_t *nmask, gfp_t gfp);

/*
 * After old migrated to new: new takes over being in use (migratable,
 * and permanent while old takes its temporary state), with the per-node
 * surplus count when they are on different nodes.
 * Linux: move_hugetlb_state().
 */
void move_hugetlb_state(struct machine *m, struct page *old, struct page *new, int reason);

/* ---- memory failure ---- */

/*
 * Linux: get_hwpoison_huge_page(), mm/hugetlb.c.  *hugetlb: is page a
 * hugetlb head?  If so: 0 when it is free in the pool, 1 with a reference
 * taken when it is in use (6.1 takes one only on HPageMigratable pages;
 * every in-use page numasim shows between events is installed, hence
 * migratable).  0 for any other page.
 */
int get_hwpoison_huge_page(struct machine *m, struct page *page, bool *hugetlb);

/*
 * Linux: dissolve_free_huge_page(), mm/hugetlb.c: give the free pool page
 * holding page back to the buddy allocator, the pool one smaller.  0 (also
 * for a page that is no hugetlb page), or -EBUSY when the page is in use
 * or every free huge page is reserved.
 */
int dissolve_free_huge_page(struct machine *m, struct page *page);

/* ---- hugetlb VMAs ---- */

/* Linux: hugetlb_fault(), mm/hugetlb.c.  VM_FAULT_SIGBUS when no huge page is left. */
unsigned int hugetlb_fault(struct machine *m, struct vm_area_struct *vma, uint64_t addr,
			   unsigned int flags);
/* Linux: unmap_hugepage_range(), mm/hugetlb.c */
void unmap_hugepage_range(struct machine *m, struct vm_area_struct *vma, uint64_t start,
			  uint64_t end);
/* Linux: copy_hugetlb_page_range(), mm/hugetlb.c (fork) */
int copy_hugetlb_page_range(struct machine *m, struct vm_area_struct *dst,
			    struct vm_area_struct *src);

#endif /* MM_HUGETLB_H */
