/*
 * mm/pgtable.c - page-table pages: allocating them from the buddy, keeping
 * their contents, walking them, and freeing the ones a range no longer
 * needs.
 *
 * Every table is a real frame, allocated as the kernel allocates it:
 *   PGD  order 1 (page-table isolation keeps a user and a kernel copy),
 *        GFP_KERNEL_ACCOUNT|__GFP_ZERO, not counted in NR_PAGETABLE;
 *        like every table, placed by the current task's memory policy
 *        (alloc_pages());
 *   PUD  order 0, same gfp, not counted in NR_PAGETABLE (6.1 has no
 *        constructor for it);
 *   PMD, PTE  order 0, same gfp, PageTable type, counted in NR_PAGETABLE
 *        (meminfo PageTables) and in mm->pgtables_bytes (VmPTE) like PUDs.
 * The 512 entries of a table live outside the memmap, in a slot of
 * m->procs.pt_tables; the table frame's page->private names the slot.
 *
 * Invariants (rmap_check() in mm/rmap_check.c counts the tables): an upper-level
 * entry is either 0 or _PAGE_TABLE plus the frame of an allocated table
 * page of the next level; a table page is referenced from exactly one
 * entry; a PMD entry is 0, a table pointer or a huge leaf.
 *
 * Linux counterpart: arch/x86/mm/pgtable.c (pgd_alloc, pte_alloc_one),
 * include/asm-generic/pgalloc.h, mm/memory.c (__pte_alloc, __pmd_alloc,
 * free_pgtables, free_pgd_range).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mm/bug.h"
#include "mm/internal.h"
#include "mm/mempolicy.h"
#include "mm/mm.h"
#include "mm/vmstat_counters.h"

/* Linux: GFP_PGTABLE_USER, arch/x86/include/asm/pgalloc.h */
#define GFP_PGTABLE_USER	(GFP_KERNEL_ACCOUNT | __GFP_ZERO)
/* With CONFIG_PAGE_TABLE_ISOLATION the PGD is two pages. */
#define PGD_ALLOCATION_ORDER	1

#define TABLE_BYTES		(PTRS_PER_TABLE * sizeof(uint64_t))

/* A zeroed slot for a new table's entries; 0 when out of host memory. */
static uint32_t pt_slot_get(struct mm_procs *p)
{
	uint32_t slot = p->pt_free;

	if (slot) {
		p->pt_free = (uint32_t)p->pt_tables[slot][0];
		memset(p->pt_tables[slot], 0, TABLE_BYTES);
		return slot;
	}
	if (p->nr_pt_slots + 1 >= p->pt_slots_cap) {
		uint32_t cap = p->pt_slots_cap ? p->pt_slots_cap * 2 : 1024;
		uint64_t **t = realloc(p->pt_tables, cap * sizeof(*t));

		if (!t)
			return 0;
		p->pt_tables = t;
		p->pt_slots_cap = cap;
	}
	slot = ++p->nr_pt_slots;	/* slot 0 is never used: it means "none" */
	p->pt_tables[slot] = calloc(PTRS_PER_TABLE, sizeof(uint64_t));
	if (!p->pt_tables[slot]) {
		p->nr_pt_slots--;
		return 0;
	}
	return slot;
}

static void pt_slot_put(struct mm_procs *p, uint32_t slot)
{
	p->pt_tables[slot][0] = p->pt_free;
	p->pt_free = slot;
}

/* Allocate a table frame and its entries.  PFN_NONE if either fails. */
static pfn_t table_alloc(struct machine *m, unsigned int order)
{
	struct page *page = alloc_pages(m, GFP_PGTABLE_USER, order);
	uint32_t slot;

	if (!page)
		return PFN_NONE;
	slot = pt_slot_get(&m->procs);
	if (!slot) {
		__free_pages(m, page, order);
		return PFN_NONE;
	}
	page->private = slot;
	page->lru_next = PAGE_LIST_NIL;	/* no deposited tables yet */
	return page_to_pfn(m, page);
}

static void table_free(struct machine *m, pfn_t pfn, unsigned int order)
{
	struct page *page = pfn_to_page(m, pfn);

	pt_slot_put(&m->procs, page->private);
	page->private = 0;
	__free_pages(m, page, order);
}

/* Linux: pgtable_pte_page_ctor()/pgtable_pmd_page_ctor(): a PageTable page. */
static void pgtable_page_ctor(struct machine *m, pfn_t pfn)
{
	struct page *page = pfn_to_page(m, pfn);

	page->page_type &= ~PG_table;
	mod_node_page_state(m, page, NR_PAGETABLE, 1);
}

static void pgtable_page_dtor(struct machine *m, pfn_t pfn)
{
	struct page *page = pfn_to_page(m, pfn);

	page->page_type |= PG_table;
	mod_node_page_state(m, page, NR_PAGETABLE, -1);
}

/* Linux: pgd_alloc(), arch/x86/mm/pgtable.c */
int pgd_alloc(struct machine *m, struct mm_struct *mm)
{
	mm->pgd_pfn = table_alloc(m, PGD_ALLOCATION_ORDER);
	return mm->pgd_pfn == PFN_NONE ? -ENOMEM : 0;
}

/* Linux: pgd_free(), arch/x86/mm/pgtable.c */
void pgd_free(struct machine *m, struct mm_struct *mm)
{
	if (mm->pgd_pfn != PFN_NONE)
		table_free(m, mm->pgd_pfn, PGD_ALLOCATION_ORDER);
	mm->pgd_pfn = PFN_NONE;
}

/* Linux: pte_alloc_one(), include/asm-generic/pgalloc.h */
pfn_t pte_alloc_one(struct machine *m, struct mm_struct *mm)
{
	pfn_t pfn = table_alloc(m, 0);

	if (pfn != PFN_NONE) {
		pgtable_page_ctor(m, pfn);
		mm->pgtables_bytes += PAGE_SIZE;
	}
	return pfn;
}

/* Linux: pte_free(); also frees PMD tables (pmd_free), same accounting. */
void pte_free(struct machine *m, struct mm_struct *mm, pfn_t table_pfn)
{
	pgtable_page_dtor(m, table_pfn);
	mm->pgtables_bytes -= PAGE_SIZE;
	table_free(m, table_pfn, 0);
}

static pfn_t entry_table_pfn(uint64_t entry)
{
	return (entry & PTE_PFN_MASK) >> PAGE_SHIFT;
}

/*
 * The entry at idx of table pfn, allocating the next-level table if
 * absent and alloc is set.  A PUD is allocated without the PageTable
 * constructor, as 6.1 does.
 */
static uint64_t *walk_level(struct machine *m, struct mm_struct *mm, pfn_t table,
			    unsigned int idx, bool alloc, bool counted)
{
	uint64_t *entry = &pt_entries(m, table)[idx];
	pfn_t next;

	if (*entry)
		return entry;
	if (!alloc)
		return NULL;
	next = counted ? pte_alloc_one(m, mm) : table_alloc(m, 0);
	if (next == PFN_NONE)
		return NULL;
	if (!counted)
		mm->pgtables_bytes += PAGE_SIZE;
	*entry = ((uint64_t)next << PAGE_SHIFT) | _PAGE_TABLE;
	return entry;
}

/* Linux: the p4d/pud/pmd_alloc chain of __handle_mm_fault(), mm/memory.c */
pmd_t *mm_find_pmd(struct machine *m, struct mm_struct *mm, uint64_t addr, bool alloc)
{
	uint64_t *pgd = walk_level(m, mm, mm->pgd_pfn, pgd_index(addr), alloc, false);
	uint64_t *pud;

	if (!pgd)
		return NULL;
	pud = walk_level(m, mm, entry_table_pfn(*pgd), pud_index(addr), alloc, true);
	if (!pud)
		return NULL;
	return (pmd_t *)&pt_entries(m, entry_table_pfn(*pud))[pmd_index(addr)];
}

/* Linux: pte_offset_map(), include/linux/pgtable.h */
pte_t *pte_offset_map(const struct machine *m, const pmd_t *pmd, uint64_t addr)
{
	if (pmd_none(*pmd) || pmd_trans_huge(*pmd) || !pmd_present(*pmd))
		return NULL;
	return (pte_t *)&pt_entries(m, pmd_pfn(*pmd))[pte_index(addr)];
}

/* Linux: __pte_alloc(), mm/memory.c */
int pte_alloc(struct machine *m, struct mm_struct *mm, pmd_t *pmd)
{
	pfn_t pfn;

	if (!pmd_none(*pmd))
		return 0;
	pfn = pte_alloc_one(m, mm);
	if (pfn == PFN_NONE)
		return -ENOMEM;
	*pmd = __pmd(((pteval_t)pfn << PAGE_SHIFT) | _PAGE_TABLE);
	return 0;
}

/* Linux: follow_pte(), mm/memory.c */
pte_t *follow_pte(const struct machine *m, const struct mm_struct *mm, uint64_t addr,
		  pmd_t **pmdp)
{
	uint64_t pgd = pt_entries(m, mm->pgd_pfn)[pgd_index(addr)];
	uint64_t pud;
	pmd_t *pmd;

	*pmdp = NULL;
	if (!pgd)
		return NULL;
	pud = pt_entries(m, entry_table_pfn(pgd))[pud_index(addr)];
	if (!pud)
		return NULL;
	pmd = (pmd_t *)&pt_entries(m, entry_table_pfn(pud))[pmd_index(addr)];
	*pmdp = pmd;
	return pte_offset_map(m, pmd, addr);
}

/* ---- freeing the tables of an unmapped range ---- */

/*
 * Free a lower-level table if [start, end) covers all of the address range
 * it maps, clipped to [floor, ceiling): the kernel frees a table only when
 * no neighbouring VMA can still use it.
 */
static bool table_span_free(uint64_t span_start, uint64_t span_size, uint64_t floor,
			    uint64_t ceiling)
{
	uint64_t span_end = span_start + span_size;

	return span_start >= floor && (ceiling == 0 || span_end <= ceiling);
}

/* Linux: free_pmd_range() / free_pte_range(), mm/memory.c */
static void free_pmd_range(struct machine *m, struct mm_struct *mm, pfn_t pmd_table,
			   uint64_t base, uint64_t start, uint64_t end, uint64_t floor,
			   uint64_t ceiling)
{
	uint64_t *e = pt_entries(m, pmd_table);

	for (unsigned int i = pmd_index(start); i < PTRS_PER_TABLE; i++) {
		uint64_t va = base + (uint64_t)i * PMD_SIZE;

		if (va >= end)
			break;
		if (!e[i] || (e[i] & _PAGE_PSE))
			continue;
		if (!table_span_free(va, PMD_SIZE, floor, ceiling))
			continue;
		pte_free(m, mm, entry_table_pfn(e[i]));
		e[i] = 0;
	}
}

static bool table_empty(const struct machine *m, pfn_t table)
{
	const uint64_t *e = pt_entries(m, table);

	for (unsigned int i = 0; i < PTRS_PER_TABLE; i++)
		if (e[i])
			return false;
	return true;
}

/* Linux: free_pgtables() -> free_pgd_range(), mm/memory.c */
void free_pgtables(struct machine *m, struct mm_struct *mm, uint64_t start, uint64_t end,
		   uint64_t floor, uint64_t ceiling)
{
	uint64_t *pgd = pt_entries(m, mm->pgd_pfn);

	for (uint64_t va = start & ~(PGDIR_SIZE - 1); va < end; va += PGDIR_SIZE) {
		uint64_t *g = &pgd[pgd_index(va)];
		uint64_t *pud;

		if (!*g)
			continue;
		pud = pt_entries(m, entry_table_pfn(*g));
		for (uint64_t pva = va; pva < va + PGDIR_SIZE && pva < end; pva += PUD_SIZE) {
			uint64_t *u = &pud[pud_index(pva)];

			if (!*u || pva + PUD_SIZE <= start)
				continue;
			free_pmd_range(m, mm, entry_table_pfn(*u), pva, pva > start ? pva : start,
				       end, floor, ceiling);
			if (table_span_free(pva, PUD_SIZE, floor, ceiling) &&
			    table_empty(m, entry_table_pfn(*u))) {
				pte_free(m, mm, entry_table_pfn(*u));
				*u = 0;
			}
		}
		if (table_span_free(va, PGDIR_SIZE, floor, ceiling) &&
		    table_empty(m, entry_table_pfn(*g))) {
			table_free(m, entry_table_pfn(*g), 0);
			mm->pgtables_bytes -= PAGE_SIZE;
			*g = 0;
		}
	}
}

/* ---- deposited tables (a THP's PMD keeps a PTE table for its split) ---- */

/* The frame of the PMD table that holds addr's PMD entry. */
static pfn_t pmd_table_pfn(const struct machine *m, const struct mm_struct *mm, uint64_t addr)
{
	uint64_t pgd = pt_entries(m, mm->pgd_pfn)[pgd_index(addr)];
	uint64_t pud = pt_entries(m, entry_table_pfn(pgd))[pud_index(addr)];

	return entry_table_pfn(pud);
}

/*
 * Linux: pgtable_trans_huge_deposit(), mm/pgtable-generic.c: the deposited
 * tables of a PMD table form a list through their lru links, headed by the
 * PMD table page's lru_next.
 */
void pgtable_trans_huge_deposit(struct machine *m, struct mm_struct *mm, uint64_t addr,
				pfn_t table_pfn)
{
	struct page *pmd_page = pfn_to_page(m, pmd_table_pfn(m, mm, addr));
	struct page *table = pfn_to_page(m, table_pfn);

	table->lru_next = pmd_page->lru_next;
	pmd_page->lru_next = (uint32_t)table_pfn;
}

/* Linux: pgtable_trans_huge_withdraw(), mm/pgtable-generic.c */
pfn_t pgtable_trans_huge_withdraw(struct machine *m, struct mm_struct *mm, uint64_t addr)
{
	struct page *pmd_page = pfn_to_page(m, pmd_table_pfn(m, mm, addr));
	pfn_t table_pfn = pmd_page->lru_next;

	MM_BUG_ON(table_pfn == PAGE_LIST_NIL);
	pmd_page->lru_next = pfn_to_page(m, table_pfn)->lru_next;
	pfn_to_page(m, table_pfn)->lru_next = PAGE_LIST_NIL;
	return table_pfn;
}
