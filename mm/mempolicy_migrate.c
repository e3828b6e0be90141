/*
 * mm/mempolicy_migrate.c - moving a task's pages between nodes for its
 * NUMA policies: the page walk that picks the pages (queue_pages_range()),
 * migrate_pages(2) with its node-by-node remapping (do_migrate_pages()),
 * and mbind's migration of the pages its new policy would place
 * elsewhere (new_page()).  cpusets' memory_migrate uses
 * do_migrate_pages() too.
 *
 * The walk, as 6.1.192 has it:
 *   - per VMA (queue_pages_test_walk()): a hole before the first VMA or
 *     between two is -EFAULT unless MPOL_MF_DISCONTIG_OK; a VMA is walked
 *     when a flag of MPOL_MF_VALID is given;
 *   - per mapping: a page on a node the mask asks for (or, with
 *     MPOL_MF_INVERT, on none of its nodes) is wanted; the zero pages are
 *     not; MPOL_MF_STRICT alone stops at the first wanted page with -EIO;
 *     with MPOL_MF_MOVE a folio whose first page one mapping maps, with
 *     MPOL_MF_MOVE_ALL any folio, is isolated onto the list; a shared one
 *     under MPOL_MF_MOVE is left without a word; a folio that cannot be
 *     isolated (already taken: the second PTE of a PTE-mapped THP) marks
 *     the walk as having an unmovable page, under MPOL_MF_STRICT only;
 *   - hugetlb pages likewise, by their mapcount.
 * Every VMA numasim has is migratable (no VM_IO/VM_PFNMAP, no DAX, 2 MiB
 * hugetlb pages migrate, the page cache allocates movable), and no
 * hugetlb PMD is shared.
 *
 * Invariants: a folio is on the caller's list exactly when this walk
 * isolated it, and only the caller puts it back.
 *
 * Linux counterpart: mm/mempolicy.c (6.1.192): queue_pages_required,
 * queue_folios_pmd, queue_folios_pte_range, queue_pages_hugetlb,
 * queue_pages_test_walk, queue_pages_range, migrate_folio_add,
 * migrate_to_node, do_migrate_pages, new_page, kernel_migrate_pages, the
 * migration step of do_mbind; page_address_in_vma() of mm/rmap.c.
 */
#include <errno.h>

#include "mm/cpuset.h"
#include "mm/explain.h"
#include "mm/huge_mm.h"
#include "mm/hugetlb.h"
#include "mm/internal.h"
#include "mm/mempolicy.h"
#include "mm/migrate.h"
#include "mm/mm.h"
#include "mm/nodemask.h"
#include "mm/rmap.h"
#include "mm/swap.h"

/* Linux: struct queue_pages, mm/mempolicy.c */
struct queue_pages {
	struct page_list *pagelist;
	unsigned long flags;
	const nodemask_t *nmask;
	uint64_t start;
	uint64_t end;
	const struct vm_area_struct *first;
	bool has_unmovable;
};

/* Linux: queue_pages_required(): on a node of the mask (or of none, MPOL_MF_INVERT)? */
static bool queue_pages_required(const struct page *page, const struct queue_pages *qp)
{
	return node_isset(page_to_nid(page), qp->nmask) == !(qp->flags & MPOL_MF_INVERT);
}

/*
 * Isolate the folio headed by head if the flags let it go: all of them
 * with MPOL_MF_MOVE_ALL, else only one its first page's mappings say a
 * single process maps.  -EIO when it could not be isolated and the caller
 * is strict.  Linux: migrate_folio_add() with folio_estimated_sharers().
 */
static int migrate_folio_add(struct machine *m, struct page *head, struct page_list *list,
			     unsigned long flags)
{
	if ((flags & MPOL_MF_MOVE_ALL) || page_mapcount_total(m, head) == 1) {
		if (!isolate_folio_to_list(m, head, list) && (flags & MPOL_MF_STRICT))
			return -EIO;
	}
	return 0;
}

/*
 * A huge PMD: a THP (the huge zero page is skipped).  A PMD migration
 * entry is -EIO, as in 6.1 (none survives a step here).
 * Linux: queue_folios_pmd(), mm/mempolicy.c.
 */
static int queue_folios_pmd(struct machine *m, struct queue_pages *qp, pmd_t pmd)
{
	struct page *head;

	if (!pmd_present(pmd))
		return -EIO;
	if (is_huge_zero_pmd(m, pmd))
		return 0;
	head = pfn_to_page(m, pmd_pfn(pmd));
	if (!queue_pages_required(head, qp))
		return 0;
	if (!(qp->flags & (MPOL_MF_MOVE | MPOL_MF_MOVE_ALL)))
		return -EIO;
	if (migrate_folio_add(m, head, qp->pagelist, qp->flags))
		qp->has_unmovable = true;
	return 0;
}

/*
 * The PTEs of [addr, end) under one table.  -EIO when MPOL_MF_STRICT
 * alone met a wanted page.  Linux: queue_folios_pte_range(), mm/mempolicy.c.
 */
static int queue_folios_pte_range(struct machine *m, struct queue_pages *qp, pte_t *pte,
				  uint64_t addr, uint64_t end)
{
	for (; addr < end; addr += PAGE_SIZE, pte++) {
		struct page *page;

		/* vm_normal_folio() has no folio for the zero page; it is reserved too. */
		if (!pte_present(*pte) || pte_special(*pte))
			continue;
		page = pfn_to_page(m, pte_pfn(*pte));
		if (PageReserved(page) || !queue_pages_required(page, qp))
			continue;
		if (!(qp->flags & (MPOL_MF_MOVE | MPOL_MF_MOVE_ALL)))
			return -EIO;
		/* Taken pages and unmovable ones alike: walk on, the rest may move. */
		if (migrate_folio_add(m, compound_head(m, page), qp->pagelist, qp->flags))
			qp->has_unmovable = true;
	}
	return 0;
}

/*
 * One hugetlb page (its huge PMD).  With MPOL_MF_MOVE only a page mapped
 * once moves.  Linux: queue_pages_hugetlb(), mm/mempolicy.c.
 */
static int queue_pages_hugetlb(struct machine *m, struct queue_pages *qp, pmd_t pmd)
{
	unsigned long flags = qp->flags & MPOL_MF_VALID;
	struct page *head;

	if (!pmd_present(pmd))
		return 0;
	head = pfn_to_page(m, pmd_pfn(pmd));
	if (!queue_pages_required(head, qp))
		return 0;
	if (flags == MPOL_MF_STRICT)
		return -EIO;
	if ((flags & MPOL_MF_MOVE_ALL) ||
	    ((flags & MPOL_MF_MOVE) && page_mapcount_total(m, head) == 1)) {
		if (folio_isolate_hugetlb(m, head, qp->pagelist) && (flags & MPOL_MF_STRICT))
			qp->has_unmovable = true;
	}
	return 0;
}

/* One PMD's worth, [addr, end), of vma.  Linux: walk_pmd_range() with the ops above. */
static int queue_pages_pmd(struct machine *m, struct queue_pages *qp,
			   const struct vm_area_struct *vma, pmd_t *pmd, uint64_t addr,
			   uint64_t end)
{
	if (pmd_none(*pmd))
		return 0;
	if (vma->vm_flags & VM_HUGETLB)
		return queue_pages_hugetlb(m, qp, *pmd);
	if (pmd_trans_huge(*pmd) || !pmd_present(*pmd))
		return queue_folios_pmd(m, qp, *pmd);
	return queue_folios_pte_range(m, qp, pte_offset_map(m, pmd, addr), addr, end);
}

/* The page tables of [start, end) of vma.  Linux: walk_page_range()'s descent. */
static int queue_pages_vma(struct machine *m, struct queue_pages *qp,
			   const struct vm_area_struct *vma, uint64_t start, uint64_t end)
{
	uint64_t addr = start;

	while (addr < end) {
		uint64_t next = (addr & PMD_MASK) + PMD_SIZE;
		pmd_t *pmd;
		int err = 0;

		follow_pte(m, vma->vm_mm, addr, &pmd);
		/* No PMD table: nothing is mapped up to the next PUD entry. */
		if (!pmd)
			next = (addr & ~(PUD_SIZE - 1)) + PUD_SIZE;
		if (next > end)
			next = end;
		if (pmd)
			err = queue_pages_pmd(m, qp, vma, pmd, addr, next);
		if (err)
			return err;
		addr = next;
	}
	return 0;
}

/*
 * Should the walk enter vma ([start, end) of it)?  -EFAULT for a hole
 * before it (when it is the first) or after it inside the range, unless
 * MPOL_MF_DISCONTIG_OK; 1 to skip it (no flag asks for pages), 0 to walk.
 * Linux: queue_pages_test_walk(), mm/mempolicy.c.
 */
static int queue_pages_test_walk(struct queue_pages *qp, const struct vm_area_struct *vma)
{
	bool holes_ok = qp->flags & MPOL_MF_DISCONTIG_OK;
	const struct vm_area_struct *next;

	if (!qp->first) {
		qp->first = vma;
		if (!holes_ok && qp->start < vma->vm_start)
			return -EFAULT;
	}
	next = find_vma(vma->vm_mm, vma->vm_end);
	if (!holes_ok && vma->vm_end < qp->end && (!next || vma->vm_end < next->vm_start))
		return -EFAULT;
	return (qp->flags & MPOL_MF_VALID) ? 0 : 1;
}

/*
 * Linux: queue_pages_range() -> walk_page_range(), mm/mempolicy.c.  An
 * unmovable page makes the result 1 whatever the walk returned, and a
 * range without any VMA is -EFAULT whatever else happened.
 */
int queue_pages_range(struct machine *m, struct mm_struct *mm, uint64_t start, uint64_t end,
		      const nodemask_t *nodes, unsigned long flags, struct page_list *pagelist)
{
	struct queue_pages qp = {
		.pagelist = pagelist, .flags = flags, .nmask = nodes, .start = start, .end = end,
	};
	struct vm_area_struct *vma;
	int err = 0;

	for (vma = find_vma(mm, start); vma && vma->vm_start < end;
	     vma = find_vma(mm, vma->vm_end)) {
		uint64_t vstart = start > vma->vm_start ? start : vma->vm_start;
		uint64_t vend = end < vma->vm_end ? end : vma->vm_end;

		err = queue_pages_test_walk(&qp, vma);
		if (err > 0) {
			err = 0;
			continue;
		}
		if (!err)
			err = queue_pages_vma(m, &qp, vma, vstart, vend);
		if (err)
			break;
	}
	if (qp.has_unmovable)
		err = 1;
	if (!qp.first)
		err = -EFAULT;
	return err;
}

/* ==================== migrate_pages(2) ==================== */

/*
 * Every page of mm on node source that flags let go, to node dest.
 * Returns migrate_pages()'s result (folios not moved, or -ENOMEM).
 * Linux: migrate_to_node(), mm/mempolicy.c.
 */
static int migrate_to_node(struct machine *m, struct mm_struct *mm, int source, int dest,
			   int flags)
{
	struct migration_target_control mtc = {
		.nid = dest, .gfp_mask = GFP_HIGHUSER_MOVABLE | __GFP_THISNODE,
	};
	nodemask_t nmask = { (uint64_t)1 << source };
	struct vm_area_struct *vma = find_vma(mm, 0);
	struct page_list pagelist;
	int err = 0;

	if (!vma)
		return 0;
	page_list_init(&pagelist);
	/* The whole address space and holes allowed: this cannot fail. */
	queue_pages_range(m, mm, vma->vm_start, TASK_SIZE, &nmask,
			  ((unsigned long)flags & ~MPOL_MF_SWAP) | MPOL_MF_DISCONTIG_OK, &pagelist);
	MM_EXPLAIN(&m->explain, "migrate_to_node", "migrate_to_node", "mm/mempolicy.c",
		   { "source", source }, { "dest", dest }, { "via_swap", !!(flags & MPOL_MF_SWAP) },
		   { "queued", !page_list_empty(&pagelist) });
	if (!page_list_empty(&pagelist)) {
		if (flags & MPOL_MF_SWAP)
			err = migrate_pages_via_swap(m, &pagelist);
		else
			err = migrate_pages(m, &pagelist, alloc_migration_target, NULL,
					    (unsigned long)&mtc, MIGRATE_SYNC, MR_SYSCALL, NULL);
		if (err)
			putback_movable_pages(m, &pagelist);
	}
	return err;
}

/*
 * The next (source, destination) pair of do_migrate_pages(): over the
 * sources left in tmp, the last one that moves at all, or the first whose
 * destination no source left in tmp still occupies.  With unequal
 * weights a source that is also a destination stays where it is.  false
 * when nothing is left to move.  Linux: the scan of do_migrate_pages().
 */
static bool pick_migration_pair(const nodemask_t *tmp, const nodemask_t *from,
				const nodemask_t *to, int *source, int *dest)
{
	bool found = false;

	for_each_node_mask(s, tmp) {
		int d;

		if (nodes_weight(from) != nodes_weight(to) && node_isset(s, to))
			continue;
		d = node_remap(s, from, to);
		if (s == d)
			continue;
		*source = s;
		*dest = d;
		found = true;
		if (!node_isset(d, tmp))
			break;
	}
	return found;
}

/* Linux: do_migrate_pages(), mm/mempolicy.c */
int do_migrate_pages(struct machine *m, struct mm_struct *mm, const nodemask_t *from,
		     const nodemask_t *to, int flags)
{
	nodemask_t tmp = *from;
	int busy = 0, source, dest;

	while (!nodes_empty(&tmp) && pick_migration_pair(&tmp, from, to, &source, &dest)) {
		int err;

		tmp.bits &= ~((uint64_t)1 << source);
		err = migrate_to_node(m, mm, source, dest, flags);
		if (err < 0)
			return err;
		busy += err;
	}
	return busy;
}

/*
 * The checks of the system call for a caller that is the task itself:
 * the nodes of its cpuset bound the new nodes.  extra: MPOL_MF_SWAP or 0.
 * Linux: kernel_migrate_pages(), mm/mempolicy.c.
 */
static int __kernel_migrate_pages(struct machine *m, struct task_struct *t,
				  const nodemask_t *old_nodes, const nodemask_t *new_nodes,
				  bool cap_sys_nice, int extra)
{
	nodemask_t task_nodes, new = *new_nodes;

	set_current(m, t);
	task_nodes = cpuset_mems_allowed(m, t);
	if (!nodes_subset(&new, &task_nodes) && !cap_sys_nice)
		return -EPERM;
	/* Linux: the caller's cpuset, here the task's own. */
	new.bits &= task_nodes.bits;
	if (nodes_empty(&new))
		return -EINVAL;
	return do_migrate_pages(m, t->mm, old_nodes, &new,
				(cap_sys_nice ? MPOL_MF_MOVE_ALL : MPOL_MF_MOVE) | extra);
}

int kernel_migrate_pages(struct machine *m, struct task_struct *t, const nodemask_t *old_nodes,
			 const nodemask_t *new_nodes, bool cap_sys_nice)
{
	return kernel_migrate_pages_via(m, t, old_nodes, new_nodes, cap_sys_nice,
					m->swap.migrate_via_swap);
}

int kernel_migrate_pages_via(struct machine *m, struct task_struct *t,
			     const nodemask_t *old_nodes, const nodemask_t *new_nodes,
			     bool cap_sys_nice, bool via_swap)
{
	return __kernel_migrate_pages(m, t, old_nodes, new_nodes, cap_sys_nice,
				      via_swap ? MPOL_MF_SWAP : 0);
}

/* ==================== mbind ==================== */

/*
 * Where page would be mapped in vma, or 0 if vma cannot map it (another
 * anon_vma family, another file).  Linux: page_address_in_vma(), mm/rmap.c.
 */
static uint64_t page_address_in_vma(const struct machine *m, struct page *page,
				    const struct vm_area_struct *vma)
{
	struct page *head = compound_head(m, page);

	if (PageAnon(head)) {
		const struct anon_vma *av = page_anon_vma(m, head);

		if (!vma->anon_vma || !av || vma->anon_vma->root != av->root)
			return 0;
	} else if (!vma->vm_file || vma->vm_file != page_mapping(m, head)) {
		return 0;
	}
	return vma_address(m, page, vma);
}

/*
 * The destination of page for mbind: allocated by the policy of the
 * first VMA from start on that maps it (the list is in address order),
 * or the task's policy if none does.  Linux: new_page(), mm/mempolicy.c.
 */
static struct page *new_page(struct machine *m, struct page *page, unsigned long start)
{
	struct page *head = compound_head(m, page);
	const struct mm_struct *mm = m->current->mm;
	struct vm_area_struct *vma;
	uint64_t address = 0;
	bool large = PageFlag(head, PG_head);
	const nodemask_t *nodemask;
	gfp_t gfp = GFP_HIGHUSER_MOVABLE | __GFP_RETRY_MAYFAIL;

	for (vma = find_vma(mm, start); vma; vma = find_vma(mm, vma->vm_end)) {
		address = page_address_in_vma(m, page, vma);
		if (address)
			break;
	}
	if (PageHuge(m, head)) {
		/* Linux: alloc_huge_page_vma() */
		int nid = huge_node(m, vma, address, &nodemask);

		return alloc_huge_page_nodemask(m, nid, nodemask, GFP_HIGHUSER_MOVABLE);
	}
	if (large)
		gfp = GFP_TRANSHUGE;
	return vma_alloc_folio(m, gfp, compound_order(head), vma, address, large);
}

/* Linux: the migration step of do_mbind(), mm/mempolicy.c */
int mbind_migrate(struct machine *m, struct page_list *pagelist, uint64_t start)
{
	int nr_failed = migrate_pages(m, pagelist, new_page, NULL, (unsigned long)start,
				      MIGRATE_SYNC, MR_MEMPOLICY_MBIND, NULL);

	if (nr_failed)
		putback_movable_pages(m, pagelist);
	return nr_failed;
}
