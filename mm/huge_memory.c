/*
 * mm/huge_memory.c - transparent huge pages: the sysfs modes, huge faults,
 * PMD mappings, the huge zero page, and splitting a PMD into PTEs.
 *
 * A THP fault maps an order-9 folio with one PMD and deposits a PTE table
 * with it, so that splitting the PMD later never needs memory.  Reads of
 * an empty THP-eligible range map the shared huge zero page instead.  6.1
 * never copies a THP on a write fault: if the huge page is shared (after
 * fork) or referenced elsewhere, the PMD is split and the write is served
 * per 4 KiB page, copying one subpage at a time.  Partial unmaps split
 * the PMD; the folio itself then waits on the deferred split queue.  A
 * PMD made PROT_NONE by NUMA balancing takes a hinting fault for the
 * whole THP (do_huge_pmd_numa_page()).
 *
 * Invariants: a huge PMD maps a PageTransHuge folio (or the huge zero
 * page) at a 2 MiB-aligned address inside one VMA, and its PMD table
 * holds one deposited PTE table per huge PMD.
 *
 * Linux counterpart: mm/huge_memory.c (6.1), include/linux/huge_mm.h.
 */
#include <errno.h>

#include "mm/bug.h"
#include "mm/huge_mm.h"
#include "mm/vmscan.h"
#include "mm/internal.h"
#include "mm/mempolicy.h"
#include "mm/migrate.h"
#include "mm/numa_balancing.h"
#include "mm/rmap.h"

/* Linux: hugepage_vma_check() + transhuge_vma_suitable() (anonymous VMAs only). */
bool thp_vma_suitable(const struct machine *m, const struct vm_area_struct *vma, uint64_t addr)
{
	uint64_t haddr = addr & PMD_MASK;

	if (!vma_is_anonymous(vma) || (vma->vm_flags & VM_NOHUGEPAGE))
		return false;
	if (m->thp.enabled == THP_ENABLED_NEVER)
		return false;
	if (m->thp.enabled == THP_ENABLED_MADVISE && !(vma->vm_flags & VM_HUGEPAGE))
		return false;
	if (((vma->vm_start >> PAGE_SHIFT) - vma->vm_pgoff) & (HPAGE_PMD_NR - 1))
		return false;
	return haddr >= vma->vm_start && haddr + HPAGE_PMD_SIZE <= vma->vm_end;
}

/* Linux: vma_thp_gfp_mask(), mm/huge_memory.c */
gfp_t vma_thp_gfp_mask(const struct machine *m, const struct vm_area_struct *vma)
{
	bool madvised = vma && (vma->vm_flags & VM_HUGEPAGE);

	switch (m->thp.defrag) {
	case THP_DEFRAG_ALWAYS:		/* direct compaction; give up early unless madvised */
		return GFP_TRANSHUGE | (madvised ? 0 : __GFP_NORETRY);
	case THP_DEFRAG_DEFER:		/* wake kcompactd, fail fast */
		return GFP_TRANSHUGE_LIGHT | __GFP_KSWAPD_RECLAIM;
	case THP_DEFRAG_DEFER_MADVISE:
		return GFP_TRANSHUGE_LIGHT | (madvised ? __GFP_DIRECT_RECLAIM : __GFP_KSWAPD_RECLAIM);
	case THP_DEFRAG_MADVISE:
		return GFP_TRANSHUGE_LIGHT | (madvised ? __GFP_DIRECT_RECLAIM : 0);
	case THP_DEFRAG_NEVER:
	default:
		return GFP_TRANSHUGE_LIGHT;
	}
}

/* Linux: mk_huge_pmd(), include/linux/huge_mm.h */
static pmd_t mk_huge_pmd(pfn_t pfn, const struct vm_area_struct *vma)
{
	return __pmd(((pteval_t)pfn << PAGE_SHIFT) | vma_page_prot(vma) | _PAGE_PSE);
}

/* Linux: mm_get_huge_zero_page() / get_huge_zero_page(): allocated once, kept. */
static struct page *get_huge_zero_page(struct machine *m)
{
	struct page *page;

	if (m->huge_zero_page)
		return m->huge_zero_page;
	page = alloc_pages_node(m, NUMA_NO_NODE, (GFP_TRANSHUGE | __GFP_ZERO) & ~__GFP_MOVABLE,
				HPAGE_PMD_ORDER);
	if (!page) {
		__count_vm_events(m, THP_ZERO_PAGE_ALLOC_FAILED, 1);
		return NULL;
	}
	__count_vm_events(m, THP_ZERO_PAGE_ALLOC, 1);
	m->huge_zero_page = page;
	return page;
}

/* Linux: set_huge_zero_page(): a read-only PMD of the huge zero page. */
static void set_huge_zero_page(struct machine *m, struct vm_area_struct *vma, uint64_t haddr,
			       pmd_t *pmd, pfn_t pgtable)
{
	pgtable_trans_huge_deposit(m, vma->vm_mm, haddr, pgtable);
	*pmd = mk_huge_pmd(page_to_pfn(m, m->huge_zero_page), vma);
	pmd->pmd &= ~_PAGE_RW;
}

static vm_fault_t thp_fallback(struct machine *m)
{
	__count_vm_events(m, THP_FAULT_FALLBACK, 1);
	return VM_FAULT_FALLBACK;
}

/* Linux: do_huge_pmd_anonymous_page() + __do_huge_pmd_anonymous_page() */
vm_fault_t do_huge_pmd_anonymous_page(struct machine *m, struct vm_area_struct *vma,
				      uint64_t addr, pmd_t *pmd, unsigned int flags)
{
	uint64_t haddr = addr & PMD_MASK;
	struct page *page;
	pfn_t pgtable;
	pmd_t entry;

	if (anon_vma_prepare(m, vma))
		return VM_FAULT_OOM;
	if (!(flags & FAULT_FLAG_WRITE) && m->thp.use_zero_page) {
		pgtable = pte_alloc_one(m, vma->vm_mm);
		if (pgtable == PFN_NONE)
			return VM_FAULT_OOM;
		if (!get_huge_zero_page(m)) {
			pte_free(m, vma->vm_mm, pgtable);
			return thp_fallback(m);
		}
		set_huge_zero_page(m, vma, haddr, pmd, pgtable);
		return 0;
	}
	page = vma_alloc_folio(m, vma_thp_gfp_mask(m, vma), HPAGE_PMD_ORDER, vma, haddr, true);
	if (!page)
		return thp_fallback(m);		/* vma_alloc_folio() made it a THP */
	pgtable = pte_alloc_one(m, vma->vm_mm);
	if (pgtable == PFN_NONE) {
		put_page(m, page);
		return VM_FAULT_OOM;
	}
	entry = mk_huge_pmd(page_to_pfn(m, page), vma);
	entry.pmd |= _PAGE_DIRTY | _PAGE_SOFT_DIRTY;
	if (vma->vm_flags & VM_WRITE)
		entry.pmd |= _PAGE_RW;
	page_add_new_anon_rmap(m, page, vma, haddr, true);
	folio_add_lru(m, page, vma);
	pgtable_trans_huge_deposit(m, vma->vm_mm, haddr, pgtable);
	*pmd = entry;
	inc_mm_counter(vma->vm_mm, MM_ANONPAGES, HPAGE_PMD_NR);
	__count_vm_events(m, THP_FAULT_ALLOC, 1);
	return 0;
}

/* Linux: touch_pmd(), mm/huge_memory.c (what huge_pmd_set_accessed() does) */
void huge_pmd_touch(pmd_t *pmd, bool write)
{
	pmd->pmd |= _PAGE_ACCESSED;
	if (write)
		pmd->pmd |= _PAGE_DIRTY | _PAGE_SOFT_DIRTY;
}

/*
 * Linux: do_huge_pmd_numa_page(), mm/huge_memory.c (6.1): as
 * do_numa_page() for the whole THP (one fault, HPAGE_PMD_NR pages to the
 * statistics).  Only a THP can be PROT_NONE here: the scan leaves the
 * huge zero page alone.
 */
vm_fault_t do_huge_pmd_numa_page(struct machine *m, struct vm_area_struct *vma, uint64_t addr,
				 pmd_t *pmd)
{
	uint64_t haddr = addr & PMD_MASK;
	bool was_writable = pmd_write(*pmd);
	struct page *page = pfn_to_page(m, pmd_pfn(*pmd));
	int page_nid = page_to_nid(page), last_cpupid = page_cpupid_last(m, page);
	int flags = was_writable ? 0 : TNF_NO_GROUP;
	int target_nid = numa_migrate_prep(m, page, vma, haddr, page_nid, &flags);

	if (target_nid == NUMA_NO_NODE) {
		put_page(m, page);
	} else {
		m->proc_stats.numa_misplaced[target_nid]++;
		if (migrate_misplaced_page(m, page, vma, target_nid)) {
			task_numa_fault(m, last_cpupid, target_nid, HPAGE_PMD_NR,
					flags | TNF_MIGRATED);
			return 0;
		}
		flags |= TNF_MIGRATE_FAIL;
	}
	*pmd = pmd_modify(*pmd, vma_page_prot(vma));
	pmd->pmd |= _PAGE_ACCESSED | (was_writable ? _PAGE_RW : 0);
	task_numa_fault(m, last_cpupid, page_nid, HPAGE_PMD_NR, flags);
	return 0;
}

/* Linux: do_huge_pmd_wp_page(), mm/huge_memory.c (6.1) */
vm_fault_t do_huge_pmd_wp_page(struct machine *m, struct vm_area_struct *vma, uint64_t addr,
			       pmd_t *pmd)
{
	uint64_t haddr = addr & PMD_MASK;
	struct page *head;

	if (is_huge_zero_pmd(m, *pmd))
		goto fallback;
	head = pfn_to_page(m, pmd_pfn(*pmd));
	if (!PageFlag(head, PG_anon_exclusive)) {
		if (page_count(head) != 1)
			goto fallback;
		/* Linux: page_move_anon_rmap(): ours alone now. */
		page_set_mapping(head, vma->anon_vma->id, true);
		SetPageFlag(head, PG_anon_exclusive);
	}
	pmd->pmd |= _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_SOFT_DIRTY;
	if (vma->vm_flags & VM_WRITE)
		pmd->pmd |= _PAGE_RW;
	return 0;
fallback:
	__split_huge_pmd(m, vma, pmd, haddr);
	return VM_FAULT_FALLBACK;
}

/* Linux: zap_huge_pmd() with zap_deposited_table(), mm/huge_memory.c */
void zap_huge_pmd(struct machine *m, struct vm_area_struct *vma, pmd_t *pmd, uint64_t haddr)
{
	pmd_t orig = *pmd;
	struct page *head;

	*pmd = __pmd(0);
	pte_free(m, vma->vm_mm, pgtable_trans_huge_withdraw(m, vma->vm_mm, haddr));
	if (is_huge_zero_pmd(m, orig))
		return;
	head = pfn_to_page(m, pmd_pfn(orig));
	if (pmd_dirty(orig) && !PageAnon(head))
		SetPageFlag(head, PG_dirty);
	inc_mm_counter(vma->vm_mm, MM_ANONPAGES, -(long)HPAGE_PMD_NR);
	page_remove_rmap(m, head, true);
	if ((vma->vm_flags & VM_LOCKED) && PageFlag(head, PG_mlocked))
		munlock_folio(m, head);
	put_page(m, head);
}

/* Linux: copy_huge_pmd(), mm/huge_memory.c.  -EAGAIN: split, copy the PTEs instead. */
int copy_huge_pmd(struct machine *m, struct vm_area_struct *dst_vma,
		  struct vm_area_struct *src_vma, pmd_t *dst_pmd, pmd_t *src_pmd, uint64_t addr)
{
	struct mm_struct *dst_mm = dst_vma->vm_mm;
	uint64_t haddr = addr & PMD_MASK;
	pfn_t pgtable = pte_alloc_one(m, dst_mm);
	struct page *head;

	if (pgtable == PFN_NONE)
		return -ENOMEM;
	if (is_huge_zero_pmd(m, *src_pmd)) {
		set_huge_zero_page(m, dst_vma, haddr, dst_pmd, pgtable);
		return 0;
	}
	head = pfn_to_page(m, pmd_pfn(*src_pmd));
	if (PageFlag(head, PG_anon_exclusive) && page_maybe_dma_pinned(m, head)) {
		/* Linux: page_try_dup_anon_rmap() refuses; split and copy per PTE. */
		pte_free(m, dst_mm, pgtable);
		__split_huge_pmd(m, src_vma, src_pmd, haddr);
		return -EAGAIN;
	}
	get_page(m, head);
	ClearPageFlag(head, PG_anon_exclusive);
	page_add_anon_rmap(m, head, true);
	inc_mm_counter(dst_mm, MM_ANONPAGES, HPAGE_PMD_NR);
	pgtable_trans_huge_deposit(m, dst_mm, haddr, pgtable);
	src_pmd->pmd &= ~_PAGE_RW;
	*dst_pmd = __pmd(src_pmd->pmd & ~_PAGE_ACCESSED);
	return 0;
}

/* Linux: __split_huge_zero_page_pmd(): 512 PTEs of the small zero page. */
static void split_huge_zero_pmd(struct machine *m, struct vm_area_struct *vma, pmd_t *pmd,
				pfn_t table)
{
	pte_t *pte = (pte_t *)pt_entries(m, table);
	pfn_t zero_pfn = get_zero_pfn(m);

	/* Without a zero page the PTEs stay empty: the next read faults again. */
	for (unsigned int i = 0; i < HPAGE_PMD_NR && zero_pfn != PFN_NONE; i++)
		pte[i] = pte_set(pfn_pte(zero_pfn, vma_page_prot(vma)), _PAGE_SPECIAL);
	*pmd = __pmd(((pteval_t)table << PAGE_SHIFT) | _PAGE_TABLE);
}

/*
 * Linux: __split_huge_pmd_locked(), mm/huge_memory.c.  Each subpage gets a
 * PTE carrying the PMD's write, young, dirty and soft-dirty bits and its
 * own mapcount; the compound mapping goes.  Exclusivity moves to every
 * subpage.
 */
void __split_huge_pmd(struct machine *m, struct vm_area_struct *vma, pmd_t *pmd, uint64_t haddr)
{
	pmd_t orig = *pmd;
	pfn_t table = pgtable_trans_huge_withdraw(m, vma->vm_mm, haddr);
	pte_t *pte = (pte_t *)pt_entries(m, table);
	struct page *head;
	bool exclusive;

	__count_vm_events(m, THP_SPLIT_PMD, 1);
	if (is_huge_zero_pmd(m, orig)) {
		split_huge_zero_pmd(m, vma, pmd, table);
		return;
	}
	head = pfn_to_page(m, pmd_pfn(orig));
	exclusive = PageAnon(head) && PageFlag(head, PG_anon_exclusive);
	for (unsigned int i = 0; i < HPAGE_PMD_NR; i++) {
		pte_t entry = pfn_pte(pmd_pfn(orig) + i, vma_page_prot(vma));

		if (pmd_write(orig))
			entry = pte_mkwrite(entry);
		if (!pmd_young(orig))
			entry = pte_mkold(entry);
		if (pmd_dirty(orig))
			entry = pte_mkdirty(entry);
		if (orig.pmd & _PAGE_SOFT_DIRTY)
			entry = pte_set(entry, _PAGE_SOFT_DIRTY);
		if (exclusive)
			SetPageFlag(head + i, PG_anon_exclusive);
		if (PageAnon(head))
			page_add_anon_rmap(m, head + i, false);
		else
			page_add_file_rmap(m, head + i, false);
		pte[i] = entry;
	}
	/* Each PTE holds a reference of its own from now on. */
	head->_refcount += HPAGE_PMD_NR - 1;
	page_remove_rmap(m, head, true);
	*pmd = __pmd(((pteval_t)table << PAGE_SHIFT) | _PAGE_TABLE);
	/* 6.1 munlocks with the PMD mapping and never mlocks PTE-mapped THPs. */
	if ((vma->vm_flags & VM_LOCKED) && PageFlag(head, PG_mlocked))
		munlock_folio(m, head);
}

/* Linux: split_huge_pmd_address(), mm/huge_memory.c */
void split_huge_pmd_address(struct machine *m, struct vm_area_struct *vma, uint64_t addr)
{
	pmd_t *pmd;

	if (!(addr & ~PMD_MASK) || (vma->vm_flags & VM_HUGETLB))
		return;
	pmd = mm_find_pmd(m, vma->vm_mm, addr, false);
	if (pmd && pmd_trans_huge(*pmd))
		__split_huge_pmd(m, vma, pmd, addr & PMD_MASK);
}

/* ---- splitting a THP folio ---- */

/* Linux: total_mapcount() / folio_mapcount(), include/linux/mm.h */
int total_mapcount(const struct page *head)
{
	int n = compound_mapcount(head);

	for (unsigned int i = 0; i < HPAGE_PMD_NR; i++)
		n += page_mapcount(head + i);
	return n;
}

/* rmap_one of split_huge_page(): split every PMD that maps the folio. */
static bool split_pmd_one(struct machine *m, struct page *head, struct vm_area_struct *vma,
			  uint64_t addr, void *arg)
{
	pmd_t *pmd;

	(void)arg;
	if (addr & ~PMD_MASK)
		return true;	/* only a whole, aligned folio can be PMD-mapped */
	pmd = mm_find_pmd(m, vma->vm_mm, addr, false);
	if (pmd && pmd_trans_huge(*pmd) && pmd_pfn(*pmd) == page_to_pfn(m, head))
		__split_huge_pmd(m, vma, pmd, addr);
	return true;
}

/*
 * Linux: __split_huge_page_tail(): subpage i becomes a page of its own,
 * with the folio's mapping, state, last_cpupid and its own offset, one
 * reference per PTE mapping it plus one for the splitter (dropped at the
 * end).
 */
static void split_page_tail(struct machine *m, struct page *head, unsigned int i)
{
	struct page *tail = head + i;
	uint32_t keep = (1u << PG_swapbacked) | (1u << PG_dirty) | (1u << PG_uptodate) |
			(1u << PG_mlocked) | (1u << PG_unevictable) | (1u << PG_active) |
			(1u << PG_workingset) | (1u << PG_referenced);

	tail->flags = (tail->flags & ~((1u << PG_tail) | (1u << PG_lru))) | (head->flags & keep);
	tail->_refcount = page_mapcount(tail) + 1;
	tail->owner = head->owner;
	tail->index = head->index + i;
	tail->private = 0;
	page_cpupid_xchg_last(m, tail, page_cpupid_last(m, head));
}

/*
 * Linux: remap_page() and the end of __split_huge_page(): the pieces are
 * small pages now, mlocked if a locked VMA maps them; each tail gives up
 * the splitter's reference, or keeps it as an isolation reference on
 * list (an isolated THP: lru_add_page_tail() queues the tails there, last
 * first, instead of on the LRU).
 */
static void split_release_tails(struct machine *m, struct page *head, struct page_list *list)
{
	for (unsigned int i = 0; i < HPAGE_PMD_NR; i++) {
		if (page_mapcount(head + i) > 0 || PageFlag(head + i, PG_mlocked))
			mlock_folio_update(m, head + i);
		if (i && !list)
			put_page(m, head + i);
	}
	for (unsigned int i = HPAGE_PMD_NR - 1; list && i >= 1; i--)
		page_list_add_tail(m, list, head + i);
}

/*
 * Linux: split_huge_page_to_list() / __split_huge_page(), mm/huge_memory.c
 * (6.1), for an anonymous THP the caller holds one reference to.  Every
 * PMD mapping is split first (unmap_folio with TTU_SPLIT_HUGE_PMD); the
 * split needs every other reference to be a mapping (can_split_folio), so
 * a pinned THP stays whole (thp_split_page_failed).  The subpages go on
 * the LRU one by one, or on list if the THP was isolated (list given,
 * not on the LRU); those nobody maps or holds are freed.  Returns 0 or
 * -EBUSY.
 */
int split_huge_page_to_list(struct machine *m, struct page *head, struct page_list *list)
{
	struct rmap_walk_control rwc = { .rmap_one = split_pmd_one };
	bool on_lru = PageFlag(head, PG_lru);

	MM_BUG_ON_PAGE(!PageTransHuge(head), m, head);
	MM_BUG_ON_PAGE(list && on_lru, m, head);
	if (!PageAnon(head) || head->_refcount != total_mapcount(head) + 1) {
		__count_vm_events(m, THP_SPLIT_PAGE_FAILED, 1);
		return -EBUSY;
	}
	rmap_walk(m, head, &rwc);
	if (on_lru)
		folio_del_lru(m, head);
	deferred_split_dequeue(m, head);	/* before page[2] becomes a page of its own */
	for (unsigned int i = 1; i < HPAGE_PMD_NR; i++)
		split_page_tail(m, head, i);
	head->_refcount = page_mapcount(head) + 1;	/* the caller's reference */
	head->flags &= ~(1u << PG_head);
	head->private = 0;
	head[1].private = 0;
	head[1].lru_prev = 0;
	for (unsigned int i = 0; i < HPAGE_PMD_NR; i++)
		if (on_lru)
			folio_add_lru(m, head + i, NULL);
	__count_vm_events(m, THP_SPLIT_PAGE, 1);
	split_release_tails(m, head, list);
	return 0;
}

int split_huge_page(struct machine *m, struct page *head)
{
	return split_huge_page_to_list(m, head, NULL);
}

/* Linux: deferred_split_count(), mm/huge_memory.c: the THPs queued on the node. */
static unsigned long deferred_split_count(struct machine *m, struct shrink_control *sc)
{
	return NODE_DATA(m, sc->nid)->deferred_split_queue_len;
}

/*
 * Linux: deferred_split_scan(), mm/huge_memory.c: the shrinker of THPs
 * that were partly unmapped (page[2].private marks them): split up to
 * nr_to_scan of the node's queue, so the subpages nobody maps go back to
 * the buddy.  Those that cannot be split (pinned) stay queued.  The
 * kernel takes them from a list; numasim walks the node's frames in pfn
 * order.  Returns the number split, or SHRINK_STOP when none was and
 * the queue is empty.
 */
static unsigned long deferred_split_scan(struct machine *m, struct shrink_control *sc)
{
	pg_data_t *pgdat = NODE_DATA(m, sc->nid);
	pfn_t end = pgdat->node_start_pfn + pgdat->node_spanned_pages;
	unsigned long nr_split = 0, seen = 0;

	for_each_valid_pfn_run(m, run, run_end, pgdat->node_start_pfn, end) {
		for (pfn_t pfn = run; pfn < run_end && seen < sc->nr_to_scan; pfn++) {
			struct page *head = pfn_to_page(m, pfn);

			if (!PageTransHuge(head) || !head[2].private || head->_refcount <= 0)
				continue;
			seen++;
			head->_refcount++;		/* folio_try_get() */
			if (split_huge_page(m, head) == 0)
				nr_split++;
			put_page(m, head);
			pfn += HPAGE_PMD_NR - 1;
		}
	}
	if (!nr_split && !pgdat->deferred_split_queue_len)
		return SHRINK_STOP;
	return nr_split;
}

static const struct shrinker deferred_split_shrinker = {
	.name = "thp-deferred_split",
	.count_objects = deferred_split_count,
	.scan_objects = deferred_split_scan,
	.seeks = DEFAULT_SEEKS,
	.flags = SHRINKER_NUMA_AWARE,
};

int hugepage_init(struct machine *m)
{
	return register_shrinker(m, &deferred_split_shrinker);
}
