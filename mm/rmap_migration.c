/*
 * mm/rmap_migration.c - migration entries: replacing every mapping of a
 * folio under migration by a migration entry (try_to_migrate), and
 * turning those entries back into mappings of the new folio, or of the
 * old one when the move failed (remove_migration_ptes).
 *
 * A migration entry is a non-present swap entry of one of the three
 * migration types (mm/pgtable.h): writable if the mapping was,
 * read-exclusive for an exclusive anonymous page, else readable; it keeps
 * the young and dirty bits of the entry it replaced and its soft-dirty
 * bit.  A small page or a PTE-mapped THP gets one per PTE, a PMD-mapped
 * THP one at the PMD (x86_64 has ARCH_ENABLE_THP_MIGRATION), a hugetlb
 * page one in its huge entry (at the PMD here).  The entry keeps the page
 * in the RSS counters; the mapping's mapcount and reference go with it
 * and come back when the entry is removed.
 *
 * An exclusive anonymous page that may be DMA-pinned cannot be shared
 * with a migration entry (page_try_share_anon_rmap() refuses): the walk
 * restores that entry and stops, the folio stays mapped, and the caller
 * gives up with -EAGAIN.
 *
 * Invariants: while entries exist the folio is locked (PG_locked) and
 * isolated; every entry of a folio is removed before the migration call
 * returns, so no checker ever sees one.
 *
 * Linux counterpart: mm/rmap.c (try_to_migrate, try_to_migrate_one),
 * mm/migrate.c (remove_migration_ptes, remove_migration_pte),
 * mm/huge_memory.c (set_pmd_migration_entry, remove_migration_pmd),
 * include/linux/rmap.h (page_try_share_anon_rmap), 6.1.
 */
#include <errno.h>

#include "mm/bug.h"
#include "mm/explain.h"
#include "mm/internal.h"
#include "mm/rmap.h"
#include "mm/writeback.h"
#include "mm/trace_events.h"

/* Linux: page_try_share_anon_rmap(), include/linux/rmap.h */
int page_try_share_anon_rmap(const struct machine *m, struct page *page)
{
	if (page_maybe_dma_pinned(m, page))
		return -EBUSY;
	ClearPageFlag(page, PG_anon_exclusive);
	return 0;
}

/* Linux: trace_set_migration_pte() / trace_remove_migration_pte(), include/trace/events/migrate.h */
static void trace_migration_pte(struct machine *m, enum mm_event_id id, uint64_t addr,
				pteval_t pte, unsigned int order)
{
	struct mm_event ev = { .id = id };

	if (!mm_event_enabled(&m->sink, id))
		return;
	/* The two events share one class, so one payload layout. */
	ev.set_migration_pte = (struct mm_ev_set_migration_pte){
		.addr = addr, .pte = pte, .order = (int)order };
	mm_event_emit(&m->sink, &ev);
}

/*
 * The tail of try_to_migrate_one() once the entry is in place: the
 * mapping's mapcount (6.1's page_remove_rmap() also munlocks) and its
 * reference go.
 */
static void drop_migrated_mapping(struct machine *m, struct vm_area_struct *vma,
				  struct page *head, struct page *page, bool compound)
{
	if (PageHuge(m, head))
		head[1].private--;		/* hugetlb: the entire mapcount alone */
	else
		page_remove_rmap(m, page, compound);
	if ((vma->vm_flags & VM_LOCKED) && PageFlag(head, PG_mlocked))
		munlock_folio(m, head);
	put_page(m, page);
}

/*
 * One present entry (a PTE, or a hugetlb page's huge entry) of page at
 * addr becomes a migration entry.  False if the page is exclusive and
 * maybe pinned (the entry is left as it was).
 * Linux: the loop body of try_to_migrate_one(), mm/rmap.c
 */
static bool migrate_one_entry(struct machine *m, struct vm_area_struct *vma, struct page *head,
			      struct page *page, uint64_t addr, pteval_t *entry)
{
	pte_t pteval = __pte(*entry);
	bool anon_exclusive = PageAnon(head) && PageFlag(page, PG_anon_exclusive);
	pte_t swp;

	*entry = 0;				/* ptep_clear_flush() */
	if (pte_dirty(pteval))
		folio_mark_dirty(m, head);
	if (anon_exclusive && page_try_share_anon_rmap(m, page)) {
		*entry = pteval.pte;
		return false;
	}
	swp = make_migration_pte(pteval, anon_exclusive);
	*entry = swp.pte;
	trace_migration_pte(m, MM_EV_set_migration_pte, addr, swp.pte, compound_order(head));
	drop_migrated_mapping(m, vma, head, page, PageHuge(m, head));
	return true;
}

/*
 * A PMD mapping of a THP becomes a PMD migration entry.  -EBUSY if the
 * THP is exclusive and maybe pinned.  (6.1 traces it as thp's
 * set_migration_pmd, an event numasim's table does not carry.)
 * Linux: set_pmd_migration_entry(), mm/huge_memory.c
 */
static int set_pmd_migration_entry(struct machine *m, struct vm_area_struct *vma,
				   struct page *head, pmd_t *pmd)
{
	pmd_t pmdval = *pmd;
	bool anon_exclusive = PageAnon(head) && PageFlag(head, PG_anon_exclusive);

	*pmd = __pmd(pmdval.pmd & ~(_PAGE_PRESENT | _PAGE_PROTNONE));	/* pmdp_invalidate() */
	if (anon_exclusive && page_try_share_anon_rmap(m, head)) {
		*pmd = pmdval;
		return -EBUSY;
	}
	if (pmd_dirty(pmdval))
		folio_mark_dirty(m, head);
	*pmd = __pmd(make_migration_pte(__pte(pmdval.pmd), anon_exclusive).pte);
	drop_migrated_mapping(m, vma, head, head, true);
	return 0;
}

/* The PMD of addr in vma if it maps head whole (a huge PMD or a hugetlb entry), else NULL. */
static pmd_t *pmd_mapping_folio(struct machine *m, struct vm_area_struct *vma,
				struct page *head, uint64_t addr)
{
	pmd_t *pmd;

	if ((addr & ~PMD_MASK) || addr < vma->vm_start || addr >= vma->vm_end)
		return NULL;
	pmd = mm_find_pmd(m, vma->vm_mm, addr, false);
	if (!pmd || !pmd_trans_huge(*pmd) || pmd_pfn(*pmd) != page_to_pfn(m, head))
		return NULL;
	return pmd;
}

/* Linux: try_to_migrate_one(), mm/rmap.c (the page_vma_mapped_walk() over vma) */
static bool try_to_migrate_one(struct machine *m, struct page *head, struct vm_area_struct *vma,
			       uint64_t addr, void *arg)
{
	pfn_t head_pfn = page_to_pfn(m, head);
	pmd_t *pmd = PageFlag(head, PG_head) ? pmd_mapping_folio(m, vma, head, addr) : NULL;

	unsigned long *nr_entries = arg;

	if (pmd) {
		bool done = PageHuge(m, head) ? migrate_one_entry(m, vma, head, head, addr, &pmd->pmd)
					      : set_pmd_migration_entry(m, vma, head, pmd) == 0;

		*nr_entries += done;
		return done;
	}
	if (PageHuge(m, head))
		return true;
	for (unsigned int i = 0; i < folio_nr_pages(head); i++) {
		uint64_t a = addr + (uint64_t)i * PAGE_SIZE;
		pte_t *pte;

		if (a < vma->vm_start || a >= vma->vm_end)
			continue;
		pte = follow_pte(m, vma->vm_mm, a, &pmd);
		if (!pte || !pte_present(*pte) || pte_special(*pte) || pte_pfn(*pte) != head_pfn + i)
			continue;
		if (!migrate_one_entry(m, vma, head, head + i, a, &pte->pte))
			return false;
		++*nr_entries;
	}
	return true;
}

/* Linux: try_to_migrate(), mm/rmap.c */
void try_to_migrate(struct machine *m, struct page *head)
{
	unsigned long nr_entries = 0;
	struct rmap_walk_control rwc = { .rmap_one = try_to_migrate_one, .arg = &nr_entries };

	MM_BUG_ON_PAGE(!PageFlag(head, PG_locked), m, head);
	rmap_walk(m, head, &rwc);
	MM_EXPLAIN(&m->explain, "migration_entries", "try_to_migrate", "mm/rmap.c",
		   { "pfn", (long)page_to_pfn(m, head) }, { "nr_entries", (long)nr_entries },
		   { "still_mapped", folio_mapped(head) });
}

/* ---- removing the entries ---- */

/*
 * The entry that replaces a migration entry, for new (a page, or a huge
 * entry's head with huge set) in vma: the VMA's protection, soft-dirty
 * kept, old unless the entry says young, dirty if the folio and the
 * entry are, writable only from a writable entry.
 * Linux: the entry building of remove_migration_pte() / remove_migration_pmd()
 */
static pteval_t restored_entry(struct machine *m, struct vm_area_struct *vma, struct page *new,
			       pte_t swp, bool folio_dirty, bool huge)
{
	uint64_t offset = pte_swp_offset(swp);
	pte_t pte = pfn_pte(page_to_pfn(m, new), vma_page_prot(vma) | (huge ? _PAGE_PSE : 0));

	if (pte_swp_soft_dirty(swp))
		pte = pte_set(pte, _PAGE_SOFT_DIRTY);
	if (!(offset & SWP_MIG_YOUNG))
		pte = pte_mkold(pte);
	if (folio_dirty && (offset & SWP_MIG_DIRTY))
		pte = pte_mkdirty(pte);
	if (pte_swp_type(swp) == SWP_MIGRATION_WRITE)
		pte = (vma->vm_flags & VM_WRITE) ? pte_mkwrite(pte) : pte;	/* maybe_mkwrite() */
	else
		pte = pte_wrprotect(pte);
	return pte.pte;
}

/*
 * The mapping comes back: a reference, the mapcount (exclusive unless the
 * entry was a plain readable one), and 6.1's page_add_*_rmap() mlock in a
 * locked VMA (small pages by PTE, THPs by PMD).
 */
static void restore_mapping(struct machine *m, struct vm_area_struct *vma, struct page *new,
			    pte_t swp, bool compound)
{
	struct page *head = compound_head(m, new);

	get_page(m, new);
	if (PageHuge(m, head))
		head[1].private++;	/* hugepage_add_anon_rmap() / page_dup_file_rmap() */
	else if (PageAnon(head))
		page_add_anon_rmap(m, new, compound);
	else
		page_add_file_rmap(m, new, compound);
	if (PageAnon(head) && pte_swp_type(swp) != SWP_MIGRATION_READ)
		SetPageFlag(new, PG_anon_exclusive);	/* RMAP_EXCLUSIVE */
	if ((vma->vm_flags & VM_LOCKED) && (compound || !PageFlag(head, PG_head)))
		mlock_folio(m, head);
}

/* Is pmd a migration entry for the folio at src_pfn? */
static bool pmd_is_migration_of(pmd_t pmd, pfn_t src_pfn)
{
	pte_t swp = __pte(pmd.pmd);

	return is_migration_pte(swp) && migration_entry_pfn(swp) == src_pfn;
}

/* Linux: remove_migration_pmd(), mm/huge_memory.c; the hugetlb arm of remove_migration_pte() */
static void remove_migration_pmd(struct machine *m, struct vm_area_struct *vma, struct page *new,
				 pmd_t *pmd, uint64_t haddr)
{
	pte_t swp = __pte(pmd->pmd);

	restore_mapping(m, vma, new, swp, true);
	pmd->pmd = restored_entry(m, vma, new, swp, PageFlag(new, PG_dirty), true);
	if (PageHuge(m, new))
		trace_migration_pte(m, MM_EV_remove_migration_pte, haddr, pmd->pmd,
				    compound_order(new));
}

/* What remove_migration_pte() looks for, and how many entries it turned back. */
struct removal {
	struct page *src;
	unsigned long nr_entries;
};

/*
 * Linux: remove_migration_pte(), mm/migrate.c: every migration entry of
 * src (arg) that vma holds becomes a mapping of the same page of the
 * folio new (which may be src itself).
 */
static bool remove_migration_pte(struct machine *m, struct page *new, struct vm_area_struct *vma,
				 uint64_t addr, void *arg)
{
	struct removal *r = arg;
	pfn_t src_pfn = page_to_pfn(m, r->src);
	bool huge_ok = PageFlag(new, PG_head) && !(addr & ~PMD_MASK) && addr >= vma->vm_start &&
		       addr < vma->vm_end;
	pmd_t *pmd = huge_ok ? mm_find_pmd(m, vma->vm_mm, addr, false) : NULL;

	if (pmd && pmd_is_migration_of(*pmd, src_pfn)) {
		remove_migration_pmd(m, vma, new, pmd, addr);
		r->nr_entries++;
		return true;
	}
	if (PageHuge(m, new))
		return true;
	for (unsigned int i = 0; i < folio_nr_pages(new); i++) {
		uint64_t a = addr + (uint64_t)i * PAGE_SIZE;
		pte_t *pte, swp;

		if (a < vma->vm_start || a >= vma->vm_end)
			continue;
		pte = follow_pte(m, vma->vm_mm, a, &pmd);
		if (!pte || !is_migration_pte(*pte) || migration_entry_pfn(*pte) != src_pfn + i)
			continue;
		swp = *pte;
		restore_mapping(m, vma, new + i, swp, false);
		pte->pte = restored_entry(m, vma, new + i, swp, PageFlag(new, PG_dirty), false);
		trace_migration_pte(m, MM_EV_remove_migration_pte, a, pte->pte,
				    compound_order(new + i));
		r->nr_entries++;
	}
	return true;
}

/* Linux: remove_migration_ptes(), mm/migrate.c (the walk is dst's: it has src's mapping now) */
void remove_migration_ptes(struct machine *m, struct page *src, struct page *dst)
{
	struct removal r = { .src = src };
	struct rmap_walk_control rwc = { .rmap_one = remove_migration_pte, .arg = &r };

	rmap_walk(m, dst, &rwc);
	MM_EXPLAIN(&m->explain, "migration_entries_removed", "remove_migration_ptes",
		   "mm/migrate.c", { "pfn", (long)page_to_pfn(m, src) },
		   { "dst_pfn", (long)page_to_pfn(m, dst) }, { "nr_entries", (long)r.nr_entries },
		   { "to_new", src != dst });
}
