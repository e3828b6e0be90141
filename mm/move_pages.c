/*
 * mm/move_pages.c - move_pages(2): move each page of a list of addresses
 * to the node given for it and report, page by page, where it is now or
 * why it did not move; without nodes, only report where each page is.
 *
 * As 6.1.192 does it (do_pages_move()): the entries are taken in order;
 * consecutive entries for the same node form a run whose pages are
 * isolated one by one (add_page_for_migration()) and migrated together
 * (MIGRATE_SYNC, MR_SYSCALL, __GFP_THISNODE) when the node changes, when a
 * page is not queued (its status is stored at once, and the run is
 * flushed after it), or at the end.  A flushed run that migrated whole
 * stores the node as the status of each of its queued pages; one that
 * left pages behind ends the call, returning those pages plus every entry
 * not yet looked at, with the run's and the later entries' statuses
 * left as the caller had them.  A bad node ends the call with -ENODEV
 * (no such node, or no memory) or -EACCES (outside the task's cpuset),
 * after the run so far is flushed.
 *
 * A page's lookup is follow_page() with FOLL_DUMP: no page table or an
 * empty entry is -EFAULT in an anonymous private mapping (a read would
 * map the zero page) and -ENOENT in any other; the zero page and the
 * huge zero page are -EFAULT; an entry that is not present (or PROT_NONE)
 * is -ENOENT; no VMA is -EFAULT.  A page on the target node stays
 * (status: the node); a page mapped more than once without
 * MPOL_MF_MOVE_ALL is -EACCES; a page whose folio cannot be isolated
 * (already queued: the next subpage of a THP in the same run) is
 * -EBUSY; a subpage of a hugetlb page that is not its head is -EACCES,
 * as 6.1's add_page_for_migration() leaves it.
 *
 * Invariants: every folio this file isolates is migrated or put back
 * before the call returns.
 *
 * Linux counterpart: mm/migrate.c (6.1.192): kernel_move_pages,
 * find_mm_struct, do_pages_move, add_page_for_migration,
 * move_pages_and_store_status, do_move_pages_to_node, store_status,
 * do_pages_stat, do_pages_stat_array; follow_page() with FOLL_DUMP of
 * mm/gup.c (no_page_table, follow_page_pte, follow_pmd_mask,
 * follow_trans_huge_pmd) and follow_huge_pmd_pte() of mm/hugetlb.c.
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
#include "mm/rmap.h"

/*
 * A missing table or an empty entry under FOLL_DUMP: in an anonymous
 * private mapping the fault would map the zero page, which a dump skips.
 * Linux: no_page_table(), mm/gup.c.
 */
static int no_page_table(const struct vm_area_struct *vma)
{
	return vma_is_anonymous(vma) ? -EFAULT : -ENOENT;
}

/*
 * The page a huge PMD maps at addr.  Hugetlb entries are followed even
 * PROT_NONE; a THP's PROT_NONE entry is no page table, the huge zero
 * page -EFAULT.  Linux: follow_huge_pmd_pte(), follow_pmd_mask(),
 * follow_trans_huge_pmd().
 */
static int follow_huge_pmd(struct machine *m, const struct vm_area_struct *vma, pmd_t pmd,
			   uint64_t addr, struct page **pagep)
{
	if (vma->vm_flags & VM_HUGETLB) {
		if (!pmd_present(pmd))
			return -ENOENT;
	} else if (!pmd_present(pmd) || pmd_protnone(pmd)) {
		return no_page_table(vma);
	} else if (is_huge_zero_pmd(m, pmd)) {
		return -EFAULT;
	}
	*pagep = pfn_to_page(m, pmd_pfn(pmd) + ((addr & ~PMD_MASK) >> PAGE_SHIFT));
	return 0;
}

/*
 * The page mapped at addr of vma, for move_pages: 0 with *pagep set, or
 * the status the lookup gives instead (-EFAULT, -ENOENT).
 * Linux: follow_page(vma, addr, FOLL_GET | FOLL_DUMP), mm/gup.c.
 */
static int follow_page_dump(struct machine *m, const struct vm_area_struct *vma, uint64_t addr,
			    struct page **pagep)
{
	pmd_t *pmd;
	pte_t *pte = follow_pte(m, vma->vm_mm, addr, &pmd);

	*pagep = NULL;
	if (!pmd || pmd_none(*pmd))
		return no_page_table(vma);
	if ((vma->vm_flags & VM_HUGETLB) || !pte)
		return follow_huge_pmd(m, vma, *pmd, addr, pagep);
	if (pte_none(*pte))
		return no_page_table(vma);
	if (!pte_present(*pte) || pte_protnone(*pte))
		return -ENOENT;
	/* vm_normal_page() has no page for the zero page: a dump skips it. */
	if (pte_special(*pte))
		return -EFAULT;
	*pagep = pfn_to_page(m, pte_pfn(*pte));
	return 0;
}

/*
 * Queue the page at addr for node: 1 when queued, 0 when it is on node
 * already, else its status (see the top of the file).  The work of
 * add_page_for_migration().
 */
static int queue_page_for_node(struct machine *m, struct mm_struct *mm, uint64_t addr, int node,
			       struct page_list *pagelist, bool migrate_all)
{
	struct vm_area_struct *vma = vma_lookup(mm, addr);
	struct page *page, *head;
	int err;

	if (!vma)
		return -EFAULT;
	err = follow_page_dump(m, vma, addr, &page);
	if (err)
		return err;
	if (page_to_nid(page) == node)
		return 0;
	if (page_mapcount_total(m, page) > 1 && !migrate_all)
		return -EACCES;
	head = compound_head(m, page);
	if (PageHuge(m, head)) {
		if (page != head)
			return -EACCES;
		err = folio_isolate_hugetlb(m, head, pagelist);
		return err ? err : 1;
	}
	return isolate_folio_to_list(m, head, pagelist) ? 1 : -EBUSY;
}

/* Linux: add_page_for_migration(), mm/migrate.c; told with the address and the node asked for. */
static int add_page_for_migration(struct machine *m, struct mm_struct *mm, uint64_t addr,
				  int node, struct page_list *pagelist, bool migrate_all)
{
	int rc = queue_page_for_node(m, mm, addr, node, pagelist, migrate_all);

	MM_EXPLAIN(&m->explain, "move_pages_queue", "add_page_for_migration", "mm/migrate.c",
		   { "addr", (long)addr }, { "node", node }, { "queued", rc == 1 },
		   { "already_there", rc == 0 }, { "rc", rc < 0 ? rc : 0 });
	return rc;
}

/*
 * Migrate the run [start, i) queued on pagelist to node.  0 with the
 * node stored as those entries' status; the folios not moved plus the
 * nr_pages - i entries not looked at; or -ENOMEM.
 * Linux: move_pages_and_store_status() + do_move_pages_to_node().
 */
static int move_pages_and_store_status(struct machine *m, int node, struct page_list *pagelist,
				       int *status, unsigned long start, unsigned long i,
				       unsigned long nr_pages)
{
	struct migration_target_control mtc = {
		.nid = node, .gfp_mask = GFP_HIGHUSER_MOVABLE | __GFP_THISNODE,
	};
	int err;

	if (page_list_empty(pagelist))
		return 0;
	err = migrate_pages(m, pagelist, alloc_migration_target, NULL, (unsigned long)&mtc,
			    MIGRATE_SYNC, MR_SYSCALL, NULL);
	if (err) {
		putback_movable_pages(m, pagelist);
		return err > 0 ? err + (int)(nr_pages - i) : err;
	}
	for (unsigned long j = start; j < i; j++)
		status[j] = node;
	return 0;
}

/* A node the call may move pages to: 0, -ENODEV or -EACCES.  Linux: do_pages_move(). */
static int check_target_node(const struct machine *m, int node, const nodemask_t *task_nodes)
{
	if (node < 0 || node >= MAX_NUMNODES || !node_has_memory(m, node))
		return -ENODEV;
	return node_isset(node, task_nodes) ? 0 : -EACCES;
}

/* Linux: do_pages_move(), mm/migrate.c */
static int do_pages_move(struct machine *m, struct mm_struct *mm, const nodemask_t *task_nodes,
			 unsigned long nr_pages, const uint64_t *pages, const int *nodes,
			 int *status, int flags)
{
	int current_node = NUMA_NO_NODE, err = 0, err1;
	struct page_list pagelist;
	unsigned long start = 0, i;

	page_list_init(&pagelist);
	for (i = 0; i < nr_pages; i++) {
		err = check_target_node(m, nodes[i], task_nodes);
		if (err)
			break;
		if (current_node == NUMA_NO_NODE) {
			current_node = nodes[i];
			start = i;
		} else if (nodes[i] != current_node) {
			err = move_pages_and_store_status(m, current_node, &pagelist, status,
							  start, i, nr_pages);
			if (err)
				return err;
			start = i;
			current_node = nodes[i];
		}
		err = add_page_for_migration(m, mm, pages[i], current_node, &pagelist,
					     flags & MPOL_MF_MOVE_ALL);
		if (err > 0)
			continue;
		status[i] = err ? err : current_node;
		err = move_pages_and_store_status(m, current_node, &pagelist, status, start, i,
						  nr_pages);
		if (err)
			return err > 0 ? err - 1 : err;	/* page i is accounted for */
		current_node = NUMA_NO_NODE;
	}
	/* The run so far moves even when a bad node ends the call. */
	err1 = move_pages_and_store_status(m, current_node, &pagelist, status, start, i, nr_pages);
	return err >= 0 ? err1 : err;
}

/* Linux: do_pages_stat() / do_pages_stat_array(), mm/migrate.c */
static void do_pages_stat(struct machine *m, struct mm_struct *mm, unsigned long nr_pages,
			  const uint64_t *pages, int *status)
{
	for (unsigned long i = 0; i < nr_pages; i++) {
		struct vm_area_struct *vma = vma_lookup(mm, pages[i]);
		struct page *page;
		int err = vma ? follow_page_dump(m, vma, pages[i], &page) : -EFAULT;

		status[i] = err ? err : page_to_nid(page);
	}
}

/*
 * Linux: kernel_move_pages() with find_mm_struct(), mm/migrate.c, for a
 * task that calls it on itself (MPOL_MF_MOVE_ALL's CAP_SYS_NICE held).
 */
int kernel_move_pages(struct machine *m, struct task_struct *t, unsigned long nr_pages,
		      const uint64_t *pages, const int *nodes, int *status, int flags)
{
	nodemask_t task_nodes;

	if (flags & ~(MPOL_MF_MOVE | MPOL_MF_MOVE_ALL))
		return -EINVAL;
	set_current(m, t);
	task_nodes = cpuset_mems_allowed(m, t);
	if (!nodes) {
		do_pages_stat(m, t->mm, nr_pages, pages, status);
		return 0;
	}
	return do_pages_move(m, t->mm, &task_nodes, nr_pages, pages, nodes, status, flags);
}
