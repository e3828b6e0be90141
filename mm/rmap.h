/*
 * mm/rmap.h - reverse mapping: from a page to every page-table entry that
 * maps it, and the mapcounts that say how many there are.
 *
 * page->mapping is a handle (page->owner bits 4-31, see mm_types.h): for
 * an anonymous page the anon_vma it was first faulted under, for a file or
 * shmem page its address_space.  A page's mapcount counts its PTE mappings
 * (page->_mapcount + 1); a THP also has an entire mapcount of PMD mappings
 * (page[1].private + 1).  The node counters NR_ANON_MAPPED/NR_FILE_MAPPED
 * count base pages mapped at least once, NR_ANON_THPS PMD-mapped THPs in
 * base pages (/proc shows them divided by 512).
 *
 * Linux counterpart: include/linux/rmap.h, mm/rmap.c.
 */
#ifndef MM_RMAP_H
#define MM_RMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mm/mm.h"

/* ---- the mapping handle ---- */

static inline bool PageAnon(const struct page *head)
{
	return (head->owner & PAGE_MAPPING_ANON) != 0;
}

static inline void page_set_mapping(struct page *head, uint32_t id, bool anon)
{
	head->owner = (head->owner & PAGE_OWNER_BITS) | (id << PAGE_MAPPING_ID_SHIFT) |
		      (anon ? PAGE_MAPPING_ANON : 0);
}

static inline uint32_t page_mapping_id(const struct page *head)
{
	return head->owner >> PAGE_MAPPING_ID_SHIFT;
}

/* The anon_vma of an anonymous page, or NULL. */
struct anon_vma *page_anon_vma(const struct machine *m, const struct page *head);
/* The address_space of a file or shmem page, or NULL. */
struct address_space *page_mapping(const struct machine *m, const struct page *head);

/* The page's offset in its mapping, in pages (tails: the head's plus their place). */
static inline uint32_t page_pgoff(const struct machine *m, struct page *page)
{
	struct page *head = compound_head(m, page);

	return head->index + (uint32_t)(page - head);
}

/* Linux: add_mm_counter(), include/linux/mm.h */
static inline void inc_mm_counter(struct mm_struct *mm, int member, long nr)
{
	mm->rss_stat[member] += nr;
}

/* The RSS counter a mapped folio counts in.  Linux: mm_counter(), include/linux/mm.h */
static inline int mm_counter(const struct machine *m, const struct page *head)
{
	const struct address_space *mapping;

	if (PageAnon(head))
		return MM_ANONPAGES;
	mapping = page_mapping(m, head);
	return mapping && mapping->shmem ? MM_SHMEMPAGES : MM_FILEPAGES;
}

/* ---- mapcounts ---- */

static inline int compound_mapcount(const struct page *head)
{
	return (int32_t)head[1].private + 1;
}

/* Mappings of this (sub)page: its PTEs plus its THP's PMDs.  Linux: page_mapcount(). */
int page_mapcount_total(const struct machine *m, struct page *page);

/* ---- anon_vma lifetime ---- */

/* Linux: anon_vma_prepare(), mm/rmap.c.  -ENOMEM. */
int anon_vma_prepare(struct machine *m, struct vm_area_struct *vma);
/* Linux: anon_vma_clone() (split_vma: the new part shares the chains). */
int anon_vma_clone(struct machine *m, struct vm_area_struct *dst, struct vm_area_struct *src);
/* Linux: anon_vma_fork(): clone the parent's chains and add a new anon_vma. */
int anon_vma_fork(struct machine *m, struct vm_area_struct *vma, struct vm_area_struct *pvma);
/* Linux: unlink_anon_vmas(). */
void unlink_anon_vmas(struct machine *m, struct vm_area_struct *vma);

/* ---- adding and removing mappings ---- */

/*
 * A freshly allocated anonymous page (or THP, compound) mapped at addr of
 * vma: exclusive, mapping = vma->anon_vma.  Linux: page_add_new_anon_rmap().
 */
void page_add_new_anon_rmap(struct machine *m, struct page *page, struct vm_area_struct *vma,
			    uint64_t addr, bool compound);
/* One more mapping of an existing anonymous page.  Linux: page_add_anon_rmap(). */
void page_add_anon_rmap(struct machine *m, struct page *page, bool compound);
/* Linux: page_add_file_rmap(). */
void page_add_file_rmap(struct machine *m, struct page *page, bool compound);
/* Linux: page_remove_rmap(). */
void page_remove_rmap(struct machine *m, struct page *page, bool compound);

/* Linux: folio_mapped(): does any PTE or PMD map the folio? */
static inline bool folio_mapped(const struct page *head)
{
	if (!(head->flags & (1u << PG_head)))
		return head->_mapcount >= 0;
	if (compound_mapcount(head) > 0)
		return true;
	for (unsigned int i = 0; i < folio_nr_pages(head); i++)
		if (head[i]._mapcount >= 0)
			return true;
	return false;
}

/* ---- migration entries (rmap_migration.c) ---- */

/*
 * Replace every mapping of the locked folio head by a migration entry
 * (set_migration_pte events).  An exclusive anonymous page that may be
 * pinned stops the walk and stays mapped: check folio_mapped() after.
 * Linux: try_to_migrate(), mm/rmap.c
 */
void try_to_migrate(struct machine *m, struct page *head);

/*
 * Turn every migration entry of src back into a mapping of the same page
 * of dst (src itself when the move failed); remove_migration_pte events.
 * dst must have src's mapping and index.  Linux: remove_migration_ptes(), mm/migrate.c
 */
void remove_migration_ptes(struct machine *m, struct page *src, struct page *dst);

/* ---- reclaim (the end of rmap.c) ---- */

/*
 * How many VMAs map the folio with a young entry, clearing the young
 * bits on the way (the hardware sets them again on the next access);
 * *vm_flags gets the flags of those VMAs, or VM_LOCKED alone when a
 * locked VMA maps it (the walk stops there).
 * Linux: folio_referenced(), mm/rmap.c
 */
int folio_referenced(struct machine *m, struct page *head, unsigned long *vm_flags);

/*
 * An exclusive anonymous page is about to be shared with an entry (a
 * migration or swap entry): -EBUSY if it may be DMA-pinned, else it
 * loses PG_anon_exclusive.  Linux: page_try_share_anon_rmap().
 */
int page_try_share_anon_rmap(const struct machine *m, struct page *page);

/* ---- unmapping for reclaim (rmap_unmap.c) ---- */

/*
 * The PTE that maps page i of the folio headed by head, if vma maps the
 * folio from addr (the address of its first page) and that page is
 * there; NULL otherwise.  *pmd: the PMD above it.
 */
pte_t *subpage_pte(struct machine *m, struct page *head, struct vm_area_struct *vma,
		   uint64_t addr, unsigned int i, pmd_t **pmd);

/* Linux: enum ttu_flags, include/linux/rmap.h (the values numasim uses). */
#define TTU_SPLIT_HUGE_PMD	0x4
#define TTU_IGNORE_MLOCK	0x8
#define TTU_BATCH_FLUSH		0x40

/*
 * Unmap every PTE mapping of the folio (with TTU_SPLIT_HUGE_PMD, a THP's
 * PMD mappings are split first): anonymous ones become its swap entry
 * (it must be in the swap cache), file ones are cleared, their dirty
 * bits passed to the folio.  Stops at a VM_LOCKED VMA (without
 * TTU_IGNORE_MLOCK; the folio is mlocked instead) or a pinned exclusive
 * page: check folio_mapped() after.  Linux: try_to_unmap(), mm/rmap.c
 */
void try_to_unmap(struct machine *m, struct page *folio, unsigned int flags);

/* ---- walking ---- */

/*
 * Called for each VMA that may map the folio and the address the folio's
 * first page would have there; returns false to stop the walk.
 * Linux: struct rmap_walk_control.
 */
struct rmap_walk_control {
	bool (*rmap_one)(struct machine *m, struct page *head, struct vm_area_struct *vma,
			 uint64_t addr, void *arg);
	void *arg;
};

/* The address of page in vma, or 0 if the VMA does not cover its offset. */
uint64_t vma_address(const struct machine *m, struct page *page, const struct vm_area_struct *vma);

/* Linux: rmap_walk(), mm/rmap.c (anon: the anon_vma's chains; file: i_mmap). */
void rmap_walk(struct machine *m, struct page *head, const struct rmap_walk_control *rwc);

/* The PTEs and PMDs of vma mapping the folio whose head would sit at addr. */
unsigned long folio_mappings_in_vma(struct machine *m, struct page *head,
				    struct vm_area_struct *vma, uint64_t addr);

/*
 * How many PTEs and PMDs map the folio, found by rmap_walk and a page-table
 * lookup in each VMA (what page_vma_mapped_walk() finds).
 */
unsigned long rmap_count_mappings(struct machine *m, struct page *head);

/*
 * Whole-machine check: every present PTE/PMD of every task points at an
 * allocated frame whose mapping and index lead back to that VMA and
 * address; mapcounts equal the mappings found; NR_ANON_MAPPED,
 * NR_FILE_MAPPED, NR_ANON_THPS and NR_PAGETABLE agree with the tables;
 * refcount >= mapcount.  Returns 0 or the number of violations, the first
 * described in msg.
 */
int rmap_check(const struct machine *m, char *msg, size_t msglen);

#endif /* MM_RMAP_H */
