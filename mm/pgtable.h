/*
 * mm/pgtable.h - x86_64 page-table entries: the bits, the levels, and the
 * non-present (swap and migration) entry encoding.
 *
 * A process's page tables are real 4-level x86_64 tables: PGD -> PUD -> PMD
 * -> PTE, 512 eight-byte entries per level, each table one frame allocated
 * from the buddy (mm/pgtable.c).  An entry holds the kernel's bit layout, so
 * a value read here means what it means in a kernel trace:
 *
 *   bit 0 present, 1 RW, 2 user, 5 accessed (young), 6 dirty, 7 PSE (a
 *   huge PMD), 8 global (on a non-present entry: PROT_NONE), 9 special
 *   (zero page), 11 soft-dirty, 63 NX;
 *   bits 12..51 the frame number.
 *
 * A non-present, non-zero entry is a swap entry: the type in bits 59..63,
 * the offset stored inverted in bits 9..58 (the L1TF mitigation, so that a
 * stale entry never points at real memory), and the swap soft-dirty bit in
 * the RW position.  Migration entries are swap entries of three reserved
 * types whose offset is the frame under migration, plus (since 6.1) the
 * young and dirty bits of the PTE they replaced, just above the frame bits.
 *
 * The reserved types follow from the reference kernel's configuration
 * (5 type bits; CONFIG_PTE_MARKER, CONFIG_MEMORY_FAILURE, the 6.1 swapin-
 * error type, no CONFIG_DEVICE_PRIVATE): MAX_SWAPFILES is 26, so
 * migration read/read-exclusive/write are 27/28/29.  The recordings agree:
 * `set_migration_pte ... pte=eff9fffff49c1402` is type 29, frame 0x5b1f5,
 * young and dirty, soft-dirty.
 *
 * Linux counterpart: arch/x86/include/asm/pgtable_types.h,
 * arch/x86/include/asm/pgtable_64.h (__swp_entry), include/linux/swapops.h,
 * include/linux/swap.h (SWP_MIGRATION_*).
 */
#ifndef MM_PGTABLE_H
#define MM_PGTABLE_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/types.h"

typedef uint64_t pteval_t;
typedef struct { pteval_t pte; } pte_t;
typedef struct { pteval_t pmd; } pmd_t;

/* Levels: 9 bits of the virtual address each above the 12-bit page offset. */
#define PTRS_PER_TABLE	512
#define PMD_SHIFT	21
#define PUD_SHIFT	30
#define PGDIR_SHIFT	39
#define PMD_SIZE	((uint64_t)1 << PMD_SHIFT)
#define PMD_MASK	(~(PMD_SIZE - 1))
#define PUD_SIZE	((uint64_t)1 << PUD_SHIFT)
#define PGDIR_SIZE	((uint64_t)1 << PGDIR_SHIFT)
#define HPAGE_PMD_ORDER	(PMD_SHIFT - PAGE_SHIFT)
#define HPAGE_PMD_NR	((uint64_t)1 << HPAGE_PMD_ORDER)
#define HPAGE_PMD_SIZE	PMD_SIZE

/* The user half of a 4-level address space: 128 TiB less one page. */
#define TASK_SIZE	(((uint64_t)1 << 47) - PAGE_SIZE)

#define _PAGE_BIT_PRESENT	0
#define _PAGE_BIT_RW		1
#define _PAGE_BIT_USER		2
#define _PAGE_BIT_ACCESSED	5
#define _PAGE_BIT_DIRTY		6
#define _PAGE_BIT_PSE		7
#define _PAGE_BIT_GLOBAL	8
#define _PAGE_BIT_SPECIAL	9
#define _PAGE_BIT_SOFT_DIRTY	11
#define _PAGE_BIT_NX		63

#define _PAGE_PRESENT		((pteval_t)1 << _PAGE_BIT_PRESENT)
#define _PAGE_RW		((pteval_t)1 << _PAGE_BIT_RW)
#define _PAGE_USER		((pteval_t)1 << _PAGE_BIT_USER)
#define _PAGE_ACCESSED		((pteval_t)1 << _PAGE_BIT_ACCESSED)
#define _PAGE_DIRTY		((pteval_t)1 << _PAGE_BIT_DIRTY)
#define _PAGE_PSE		((pteval_t)1 << _PAGE_BIT_PSE)
#define _PAGE_SPECIAL		((pteval_t)1 << _PAGE_BIT_SPECIAL)
#define _PAGE_SOFT_DIRTY	((pteval_t)1 << _PAGE_BIT_SOFT_DIRTY)
#define _PAGE_NX		((pteval_t)1 << _PAGE_BIT_NX)
/* PROT_NONE PTEs: not present to the MMU, present to the kernel. */
#define _PAGE_PROTNONE		((pteval_t)1 << _PAGE_BIT_GLOBAL)

/* The protection of PROT_NONE mappings and NUMA hinting entries.  Linux: PAGE_NONE. */
#define PAGE_NONE		(_PAGE_ACCESSED | _PAGE_PROTNONE)

/* Frame bits: 52 physical address bits (MAX_PHYSMEM_BITS with 5-level). */
#define PTE_PFN_MASK		((((pteval_t)1 << 52) - 1) & ~(PAGE_SIZE - 1))

/*
 * The bits a protection change keeps: the frame and the state the MMU and
 * the kernel set (Linux: _PAGE_CHG_MASK; _HPAGE_CHG_MASK adds _PAGE_PSE).
 * The write bit is not among them: the new protection brings it, or
 * not.
 */
#define _PAGE_CHG_MASK		(PTE_PFN_MASK | _PAGE_SPECIAL | _PAGE_ACCESSED | \
				 _PAGE_DIRTY | _PAGE_SOFT_DIRTY)
#define _HPAGE_CHG_MASK		(_PAGE_CHG_MASK | _PAGE_PSE)

/* An upper-level entry pointing at the next table (Linux: _PAGE_TABLE). */
#define _PAGE_TABLE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY)

/* Non-present entries: where the swap fields live. */
#define _PAGE_SWP_SOFT_DIRTY	_PAGE_RW
#define SWP_TYPE_BITS		5
#define SWP_OFFSET_FIRST_BIT	(_PAGE_BIT_GLOBAL + 1)
#define SWP_OFFSET_SHIFT	(SWP_OFFSET_FIRST_BIT + SWP_TYPE_BITS)

#define MAX_SWAPFILES			26
#define SWP_HWPOISON			MAX_SWAPFILES
#define SWP_MIGRATION_READ		(MAX_SWAPFILES + 1)
#define SWP_MIGRATION_READ_EXCLUSIVE	(MAX_SWAPFILES + 2)
#define SWP_MIGRATION_WRITE		(MAX_SWAPFILES + 3)

/* The frame of a migration entry, then the saved young and dirty bits. */
#define SWP_PFN_BITS		40
#define SWP_MIG_YOUNG		((uint64_t)1 << SWP_PFN_BITS)
#define SWP_MIG_DIRTY		((uint64_t)1 << (SWP_PFN_BITS + 1))

typedef struct { uint64_t val; } swp_entry_t;

static inline pte_t __pte(pteval_t v) { return (pte_t){ v }; }
static inline pmd_t __pmd(pteval_t v) { return (pmd_t){ v }; }

static inline bool pte_none(pte_t pte) { return pte.pte == 0; }
static inline bool pte_present(pte_t pte) { return pte.pte & (_PAGE_PRESENT | _PAGE_PROTNONE); }
static inline bool pte_write(pte_t pte) { return pte.pte & _PAGE_RW; }
static inline bool pte_young(pte_t pte) { return pte.pte & _PAGE_ACCESSED; }
static inline bool pte_dirty(pte_t pte) { return pte.pte & _PAGE_DIRTY; }
static inline bool pte_soft_dirty(pte_t pte) { return pte.pte & _PAGE_SOFT_DIRTY; }
static inline bool pte_special(pte_t pte) { return pte.pte & _PAGE_SPECIAL; }
static inline pfn_t pte_pfn(pte_t pte) { return (pte.pte & PTE_PFN_MASK) >> PAGE_SHIFT; }

static inline pte_t pte_set(pte_t pte, pteval_t bits) { return __pte(pte.pte | bits); }
static inline pte_t pte_clear_bits(pte_t pte, pteval_t bits) { return __pte(pte.pte & ~bits); }
/* x86 marks a page soft-dirty whenever it marks it dirty (pte_mkdirty). */
static inline pte_t pte_mkdirty(pte_t pte) { return pte_set(pte, _PAGE_DIRTY | _PAGE_SOFT_DIRTY); }
static inline pte_t pte_mkyoung(pte_t pte) { return pte_set(pte, _PAGE_ACCESSED); }
static inline pte_t pte_mkwrite(pte_t pte) { return pte_set(pte, _PAGE_RW); }
static inline pte_t pte_wrprotect(pte_t pte) { return pte_clear_bits(pte, _PAGE_RW); }
static inline pte_t pte_mkold(pte_t pte) { return pte_clear_bits(pte, _PAGE_ACCESSED); }
static inline pte_t pte_mkclean(pte_t pte) { return pte_clear_bits(pte, _PAGE_DIRTY); }

/*
 * PROT_NONE: present to the kernel, not to the MMU, so every access
 * faults (a PROT_NONE VMA's entries, and NUMA hinting entries in any
 * other).  Linux: pte_protnone()/pmd_protnone(), arch/x86.
 */
static inline bool pte_protnone(pte_t pte)
{
	return (pte.pte & (_PAGE_PROTNONE | _PAGE_PRESENT)) == _PAGE_PROTNONE;
}

/*
 * The entry with protection newprot, keeping its frame and state.  The
 * kernel also inverts the frame bits of PROT_NONE entries (the L1TF
 * mitigation, flip_protnone_guard()); numasim keeps them as they are, for
 * PROT_NONE VMAs as for NUMA hinting entries.  Linux: pte_modify(), arch/x86.
 */
static inline pte_t pte_modify(pte_t pte, pteval_t newprot)
{
	return __pte((pte.pte & _PAGE_CHG_MASK) | (newprot & ~_PAGE_CHG_MASK));
}

static inline pte_t pfn_pte(pfn_t pfn, pteval_t prot)
{
	return __pte(((pteval_t)pfn << PAGE_SHIFT) | prot);
}

static inline bool pmd_none(pmd_t pmd) { return pmd.pmd == 0; }
static inline bool pmd_present(pmd_t pmd) { return pmd.pmd & (_PAGE_PRESENT | _PAGE_PROTNONE); }
static inline bool pmd_trans_huge(pmd_t pmd)
{
	return pmd_present(pmd) && (pmd.pmd & _PAGE_PSE);
}
static inline pfn_t pmd_pfn(pmd_t pmd) { return (pmd.pmd & PTE_PFN_MASK) >> PAGE_SHIFT; }
static inline bool pmd_write(pmd_t pmd) { return pmd.pmd & _PAGE_RW; }
static inline bool pmd_young(pmd_t pmd) { return pmd.pmd & _PAGE_ACCESSED; }
static inline bool pmd_dirty(pmd_t pmd) { return pmd.pmd & _PAGE_DIRTY; }
static inline bool pmd_protnone(pmd_t pmd)
{
	return (pmd.pmd & (_PAGE_PROTNONE | _PAGE_PRESENT)) == _PAGE_PROTNONE;
}

/* Linux: pmd_modify(), arch/x86: as pte_modify(), keeping the huge bit. */
static inline pmd_t pmd_modify(pmd_t pmd, pteval_t newprot)
{
	return __pmd((pmd.pmd & _HPAGE_CHG_MASK) | (newprot & ~_HPAGE_CHG_MASK));
}

/* Linux: __swp_entry()/__swp_type()/__swp_offset(), arch/x86/include/asm/pgtable_64.h */
static inline pte_t swp_entry_to_pte(unsigned int type, uint64_t offset)
{
	return __pte((~offset << SWP_OFFSET_SHIFT >> SWP_TYPE_BITS) |
		     ((pteval_t)type << (64 - SWP_TYPE_BITS)));
}

static inline unsigned int pte_swp_type(pte_t pte)
{
	return (unsigned int)(pte.pte >> (64 - SWP_TYPE_BITS));
}

static inline uint64_t pte_swp_offset(pte_t pte)
{
	return ~pte.pte << SWP_TYPE_BITS >> SWP_OFFSET_SHIFT;
}

/* Linux: is_swap_pte(), include/linux/swapops.h */
static inline bool is_swap_pte(pte_t pte) { return !pte_none(pte) && !pte_present(pte); }

static inline bool is_migration_pte(pte_t pte)
{
	unsigned int type = pte_swp_type(pte);

	return is_swap_pte(pte) && type >= SWP_MIGRATION_READ && type <= SWP_MIGRATION_WRITE;
}

static inline bool pte_swp_soft_dirty(pte_t pte) { return pte.pte & _PAGE_SWP_SOFT_DIRTY; }

/*
 * The migration entry that replaces pte (a present PTE mapping pfn):
 * writable if the PTE was, else read-exclusive for an exclusive anon page;
 * young and dirty carried in the offset, soft-dirty in the swap bit.
 * Linux: the entry built by try_to_migrate_one(), mm/rmap.c.
 */
static inline pte_t make_migration_pte(pte_t pte, bool anon_exclusive)
{
	unsigned int type = pte_write(pte) ? SWP_MIGRATION_WRITE :
			    anon_exclusive ? SWP_MIGRATION_READ_EXCLUSIVE : SWP_MIGRATION_READ;
	uint64_t offset = pte_pfn(pte);
	pte_t entry;

	if (pte_young(pte))
		offset |= SWP_MIG_YOUNG;
	if (pte_dirty(pte))
		offset |= SWP_MIG_DIRTY;
	entry = swp_entry_to_pte(type, offset);
	if (pte_soft_dirty(pte))
		entry = pte_set(entry, _PAGE_SWP_SOFT_DIRTY);
	return entry;
}

static inline pfn_t migration_entry_pfn(pte_t pte)
{
	return pte_swp_offset(pte) & (((uint64_t)1 << SWP_PFN_BITS) - 1);
}

/* Linux: make_readable_migration_entry() (fork of a CoW mapping), soft-dirty kept. */
static inline pte_t migration_pte_make_readable(pte_t pte)
{
	pte_t entry = swp_entry_to_pte(SWP_MIGRATION_READ, pte_swp_offset(pte));

	return pte_swp_soft_dirty(pte) ? pte_set(entry, _PAGE_SWP_SOFT_DIRTY) : entry;
}

/*
 * Swap entries proper: a device type below MAX_SWAPFILES and the slot's
 * offset (not inverted beyond the encoding above).  x86 keeps the
 * "exclusive" mark of an anonymous page swapped out of one mapping in the
 * PSE position (6.1's _PAGE_SWP_EXCLUSIVE), outside the type and offset.
 * Linux: is_swap_entry() side of non_swap_entry(), pte_swp_exclusive(),
 * include/linux/swapops.h, arch/x86/include/asm/pgtable.h.
 */
#define _PAGE_SWP_EXCLUSIVE	_PAGE_PSE

static inline bool is_swap_entry_pte(pte_t pte)
{
	return is_swap_pte(pte) && pte_swp_type(pte) < MAX_SWAPFILES;
}

static inline bool pte_swp_exclusive(pte_t pte) { return pte.pte & _PAGE_SWP_EXCLUSIVE; }
static inline pte_t pte_swp_mkexclusive(pte_t pte) { return pte_set(pte, _PAGE_SWP_EXCLUSIVE); }
static inline pte_t pte_swp_clear_exclusive(pte_t pte)
{
	return pte_clear_bits(pte, _PAGE_SWP_EXCLUSIVE);
}

/* Linux: swp_entry(), swp_type(), swp_offset(), include/linux/swapops.h (5 type bits on top). */
#define SWP_TYPE_SHIFT	58
static inline swp_entry_t swp_entry(unsigned int type, uint64_t offset)
{
	return (swp_entry_t){ ((uint64_t)type << SWP_TYPE_SHIFT) | offset };
}
static inline unsigned int swp_type(swp_entry_t e) { return (unsigned int)(e.val >> SWP_TYPE_SHIFT); }
static inline uint64_t swp_offset(swp_entry_t e)
{
	return e.val & (((uint64_t)1 << SWP_TYPE_SHIFT) - 1);
}

/* Linux: pte_to_swp_entry() / swp_entry_to_pte() (the marks left behind). */
static inline swp_entry_t pte_to_swp_entry(pte_t pte)
{
	return swp_entry(pte_swp_type(pte), pte_swp_offset(pte));
}

static inline pte_t mk_swap_pte(swp_entry_t e)
{
	return swp_entry_to_pte(swp_type(e), swp_offset(e));
}

/* Indices of a virtual address into each level. */
static inline unsigned int table_index(uint64_t addr, unsigned int shift)
{
	return (addr >> shift) & (PTRS_PER_TABLE - 1);
}

static inline unsigned int pgd_index(uint64_t addr) { return table_index(addr, PGDIR_SHIFT); }
static inline unsigned int pud_index(uint64_t addr) { return table_index(addr, PUD_SHIFT); }
static inline unsigned int pmd_index(uint64_t addr) { return table_index(addr, PMD_SHIFT); }
static inline unsigned int pte_index(uint64_t addr) { return table_index(addr, PAGE_SHIFT); }

#endif /* MM_PGTABLE_H */
