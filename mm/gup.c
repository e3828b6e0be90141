/*
 * mm/gup.c - pinning user pages (FOLL_PIN, FOLL_LONGTERM) and taking short
 * extra references (FOLL_GET), so that "a pinned page cannot migrate" can
 * be simulated.
 *
 * A pin faults the page in first (a write pin breaks CoW, as
 * faultin_page() with FOLL_WRITE does; a read pin of untouched anonymous
 * memory takes the zero page, as 6.1 does), then raises the refcount: by
 * GUP_PIN_COUNTING_BIAS for a small page, by 1 plus the compound pincount
 * for a large folio, as 6.1 does, so folio_maybe_dma_pinned() can tell a
 * pin from ordinary references.  FOLL_GET adds one reference.
 * A FOLL_LONGTERM pin may not hold a page where memory must stay
 * movable (ZONE_MOVABLE, CMA or isolated pageblocks): as 6.1 does, such
 * pages are unpinned, migrated elsewhere (MIGRATE_SYNC, MR_LONGTERM_PIN)
 * and the range pinned again.  6.1 also allocates the pages it faults in
 * for such a pin without __GFP_MOVABLE (PF_MEMALLOC_PIN); numasim faults
 * them in as any fault would and migrates them afterwards (the same
 * placement, with migrations counted).
 *
 * Invariants: every pin taken is released by gup_release() with the same
 * flags.  (6.1 leaves mm->pinned_vm to the drivers that pin; so does
 * numasim.)
 *
 * Populating a range (mmap's MAP_POPULATE/MAP_LOCKED, mlock) faults each
 * page in as __get_user_pages() would, VMA by VMA, and reports the first
 * failure as gup does (no memory: -ENOMEM; SIGBUS, or a PROT_NONE VMA:
 * -EFAULT); mmap ignores it, mlock returns it.
 *
 * Linux counterpart: mm/gup.c (__get_user_pages, try_grab_page,
 * unpin_user_pages, __mm_populate, populate_vma_page_range),
 * include/linux/mm.h (folio_maybe_dma_pinned, mm_populate).
 */
#include <errno.h>

#include "mm/bug.h"
#include "mm/internal.h"
#include "mm/migrate.h"
#include "mm/mm.h"
#include "mm/pageblock-flags.h"

/* Linux: folio_maybe_dma_pinned(), include/linux/mm.h */
bool page_maybe_dma_pinned(const struct machine *m, struct page *page)
{
	struct page *head = compound_head(m, page);

	if (PageFlag(head, PG_head))
		return head[1].lru_prev > 0;
	return page_count(head) >= GUP_PIN_COUNTING_BIAS;
}

/* Linux: try_grab_page(), mm/gup.c */
static void grab_page(struct machine *m, struct page *page, unsigned int gup_flags)
{
	struct page *head = compound_head(m, page);

	if (!(gup_flags & FOLL_PIN)) {
		head->_refcount++;
		return;
	}
	if (PageFlag(head, PG_head)) {
		head->_refcount++;
		head[1].lru_prev++;
	} else {
		head->_refcount += GUP_PIN_COUNTING_BIAS;
	}
}

/*
 * Linux: follow_page_mask() / follow_page_pte(), mm/gup.c: the page mapped
 * at addr, or NULL.  The zero page counts: 6.1 pins it for a read.
 */
static struct page *follow_page(struct machine *m, struct mm_struct *mm, uint64_t addr)
{
	pmd_t *pmd;
	pte_t *pte = follow_pte(m, mm, addr, &pmd);

	if (pmd && pmd_trans_huge(*pmd))
		return pfn_to_page(m, pmd_pfn(*pmd) + ((addr & ~PMD_MASK) >> PAGE_SHIFT));
	if (!pte || !pte_present(*pte) || (pte_special(*pte) && pte_pfn(*pte) != m->zero_pfn))
		return NULL;
	return pfn_to_page(m, pte_pfn(*pte));
}

/* Linux: __get_user_pages(), mm/gup.c */
static long get_user_pages_locked(struct machine *m, struct task_struct *t, uint64_t addr,
				  unsigned long nr_pages, unsigned int gup_flags, struct page **pages)
{
	bool write = gup_flags & FOLL_WRITE;
	unsigned long done;

	addr &= ~(PAGE_SIZE - 1);
	set_current(m, t);
	for (done = 0; done < nr_pages; done++, addr += PAGE_SIZE) {
		struct vm_area_struct *vma = vma_lookup(t->mm, addr);
		struct page *page;

		/* Linux: check_vma_flags(): -EFAULT, not a signal, for a bad address. */
		if (!vma || (write && !(vma->vm_flags & VM_WRITE)) ||
		    !(vma->vm_flags & VM_ACCESS_FLAGS))
			break;
		if (faultin_page(m, t, vma, addr, write) != 0)
			break;
		page = follow_page(m, t->mm, addr);
		if (!page)
			break;
		grab_page(m, page, gup_flags);
		pages[done] = page;
	}
	return done ? (long)done : -EFAULT;
}

/*
 * Linux: folio_is_longterm_pinnable(), include/linux/mm.h: not in a CMA
 * or isolated pageblock, not in ZONE_MOVABLE (no device memory here).
 */
static bool folio_is_longterm_pinnable(const struct machine *m, struct page *head)
{
	int mt = get_pageblock_migratetype(m, page_to_pfn(m, head));

	if (mt == MIGRATE_CMA || mt == MIGRATE_ISOLATE)
		return false;
	return page_zonenum(head) != ZONE_MOVABLE;
}

/*
 * Linux: collect_longterm_unpinnable_pages(), mm/gup.c: every folio of
 * pages that may not stay pinned where it is, counted, and isolated onto
 * list when it can be (an LRU or hugetlb folio).
 */
static unsigned long collect_longterm_unpinnable_pages(struct machine *m, struct page_list *list,
							unsigned long nr_pages, struct page **pages)
{
	struct page *prev = NULL;
	unsigned long collected = 0;

	for (unsigned long i = 0; i < nr_pages; i++) {
		struct page *head = compound_head(m, pages[i]);

		if (head == prev)
			continue;
		prev = head;
		if (folio_is_longterm_pinnable(m, head))
			continue;
		collected++;
		if (PageHuge(m, head) || PageLRU(head))
			(void)isolate_folio_to_list(m, head, list);
	}
	return collected;
}

/*
 * Linux: migrate_longterm_unpinnable_pages(), mm/gup.c: drop every pin
 * (migration refuses pinned pages) and move the collected folios to any
 * node's memory a non-movable allocation may use.  -EAGAIN: pin again;
 * -ENOMEM: some folio did not move.
 */
static int migrate_longterm_unpinnable_pages(struct machine *m, struct page_list *list,
					     unsigned long nr_pages, struct page **pages,
					     unsigned int gup_flags)
{
	struct migration_target_control mtc = {
		.nid = NUMA_NO_NODE, .gfp_mask = GFP_USER | __GFP_NOWARN,
	};
	int ret = -EAGAIN;

	gup_release(m, pages, nr_pages, gup_flags);
	/*
	 * 6.1 pins again and again while nothing could be isolated (a folio
	 * in a per-CPU LRU batch gets onto its LRU meanwhile); numasim has no
	 * such batches, so nothing would change: give up.
	 */
	if (page_list_empty(list))
		return -ENOMEM;
	if (migrate_pages(m, list, alloc_migration_target, NULL, (unsigned long)&mtc,
			  MIGRATE_SYNC, MR_LONGTERM_PIN, NULL))
		ret = -ENOMEM;
	putback_movable_pages(m, list);
	return ret;
}

/* Linux: check_and_migrate_movable_pages(), mm/gup.c: 0 when every page may stay pinned. */
static long check_and_migrate_movable_pages(struct machine *m, unsigned long nr_pages,
					    struct page **pages, unsigned int gup_flags)
{
	struct page_list list;

	page_list_init(&list);
	if (!collect_longterm_unpinnable_pages(m, &list, nr_pages, pages))
		return 0;
	return migrate_longterm_unpinnable_pages(m, &list, nr_pages, pages, gup_flags);
}

/*
 * Linux: __gup_longterm_locked(), mm/gup.c: a long-term pin is taken
 * again until every page it holds may stay where it is.
 */
long gup_pages(struct machine *m, struct task_struct *t, uint64_t addr, unsigned long nr_pages,
	       unsigned int gup_flags, struct page **pages)
{
	long got;

	if (!(gup_flags & FOLL_LONGTERM)) {
		got = get_user_pages_locked(m, t, addr, nr_pages, gup_flags, pages);
		if (got > 0)
			m->proc_stats.pins += (unsigned long)got;
		return got;
	}
	for (;;) {
		long rc;

		got = get_user_pages_locked(m, t, addr, nr_pages, gup_flags, pages);
		if (got <= 0)
			return got;
		rc = check_and_migrate_movable_pages(m, (unsigned long)got, pages, gup_flags);
		if (rc == -EAGAIN)
			continue;
		if (rc)
			return rc;
		m->proc_stats.pins_longterm += (unsigned long)got;
		return got;
	}
}

/* Linux: unpin_user_pages() / put_page(), mm/gup.c */
void gup_release(struct machine *m, struct page **pages, unsigned long nr_pages,
		 unsigned int gup_flags)
{
	for (unsigned long i = 0; i < nr_pages; i++) {
		struct page *head = compound_head(m, pages[i]);

		if ((gup_flags & FOLL_PIN) && PageFlag(head, PG_head)) {
			MM_BUG_ON_PAGE(head[1].lru_prev == 0, m, head);
			head[1].lru_prev--;
		} else if (gup_flags & FOLL_PIN) {
			MM_BUG_ON_PAGE(head->_refcount < GUP_PIN_COUNTING_BIAS, m, head);
			head->_refcount -= GUP_PIN_COUNTING_BIAS - 1;
		}
		put_page(m, head);
	}
}

/* Linux: vm_fault_to_errno(), include/linux/mm.h: what gup makes of a failed fault. */
static int vm_fault_to_errno(vm_fault_t ret)
{
	if (ret & VM_FAULT_OOM)
		return -ENOMEM;
	if (ret & (VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV))
		return -EFAULT;
	return 0;
}

/*
 * Linux: gup_can_follow_protnone(), include/linux/mm.h: a FOLL_FORCE walk
 * (populating) takes the page behind a NUMA hinting entry as it is where
 * the entry allows the access: no hinting fault, which would report no
 * access of the application's.
 */
static bool follow_protnone_force(struct machine *m, struct mm_struct *mm, uint64_t addr,
				  bool write)
{
	pmd_t *pmd;
	pte_t *pte = follow_pte(m, mm, addr, &pmd);

	if (pmd && pmd_trans_huge(*pmd))
		return pmd_protnone(*pmd) && (!write || pmd_write(*pmd));
	return pte && pte_protnone(*pte) && (!write || pte_write(*pte));
}

/*
 * Linux: populate_vma_page_range() and the __get_user_pages() loop it
 * runs, mm/gup.c: fault in [start, end) of vma, writing where a private
 * writable mapping must break CoW ahead of time, with FOLL_FORCE (the VMA
 * is accessible).  0 or the first error.
 */
static int populate_vma_page_range(struct machine *m, struct task_struct *t,
				   struct vm_area_struct *vma, uint64_t start, uint64_t end)
{
	bool write = (vma->vm_flags & (VM_WRITE | VM_SHARED)) == VM_WRITE;

	if (vma->vm_flags & VM_LOCKONFAULT)
		return 0;
	/* check_vma_flags(): without FOLL_FORCE, a read of a PROT_NONE VMA is refused. */
	if (!(vma->vm_flags & VM_ACCESS_FLAGS))
		return -EFAULT;
	for (uint64_t a = start; a < end; a += PAGE_SIZE) {
		vm_fault_t ret;

		if (follow_protnone_force(m, t->mm, a, write))
			continue;
		ret = faultin_page(m, t, vma, a, write);

		/* A migration entry: the task waited; the kernel takes the page again. */
		if (ret & VM_FAULT_RETRY)
			ret = faultin_page(m, t, vma, a, write);
		if (ret & VM_FAULT_ERROR)
			return vm_fault_to_errno(ret);
	}
	return 0;
}

/*
 * Linux: __mm_populate(), mm/gup.c: VMA by VMA; an error ends the walk,
 * or with ignore_errors only that VMA's part.
 */
int __mm_populate(struct machine *m, struct task_struct *t, uint64_t start, uint64_t len,
		  bool ignore_errors)
{
	uint64_t end = start + len;

	for (uint64_t a = start; a < end;) {
		struct vm_area_struct *vma = find_vma(t->mm, a);
		uint64_t vend;
		int ret;

		if (!vma || vma->vm_start >= end)
			break;
		vend = vma->vm_end < end ? vma->vm_end : end;
		ret = populate_vma_page_range(m, t, vma, a > vma->vm_start ? a : vma->vm_start, vend);
		if (ret && !ignore_errors)
			return ret;
		a = vend;
	}
	return 0;
}

/* Linux: mm_populate(), include/linux/mm.h: mmap's populate, errors ignored. */
void mm_populate(struct machine *m, struct task_struct *t, uint64_t start, uint64_t len)
{
	(void)__mm_populate(m, t, start, len, true);
}
