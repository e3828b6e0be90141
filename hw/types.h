/*
 * hw/types.h - units of physical memory.
 *
 * Every quantity of memory in numasim carries its unit in its type or name:
 * a pfn_t is a page frame number (physical address >> PAGE_SHIFT), a paddr_t
 * is a byte address, an "order" is log2 of a number of pages and "nr_pages"
 * counts base pages.  Conversions go through the helpers below, never through
 * a bare 4096.
 *
 * Linux counterpart: PAGE_SHIFT/PAGE_SIZE (arch/x86/include/asm/page_types.h),
 * PFN_PHYS/PHYS_PFN (include/linux/pfn.h).
 */
#ifndef HW_TYPES_H
#define HW_TYPES_H

#include <stdbool.h>
#include <stdint.h>

typedef uint64_t pfn_t;		/* page frame number */
typedef uint64_t paddr_t;	/* physical byte address */

#define PAGE_SHIFT	12
#define PAGE_SIZE	((uint64_t)1 << PAGE_SHIFT)

/* The simulated hardware's limits. */
#define HW_MAX_NODES	64
#define HW_MAX_CPUS	256
#define HW_MAX_HOLES	64

/* "No frame": used where the kernel would print pfn -1 or hold NULL. */
#define PFN_NONE	((pfn_t)-1)

/* Round a byte count or address up to a page boundary.  Linux: PAGE_ALIGN(). */
static inline uint64_t page_align(uint64_t bytes) { return (bytes + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1); }

static inline pfn_t phys_to_pfn(paddr_t addr) { return addr >> PAGE_SHIFT; }
static inline paddr_t pfn_to_phys(pfn_t pfn) { return (paddr_t)pfn << PAGE_SHIFT; }
static inline uint64_t order_to_pages(unsigned int order) { return (uint64_t)1 << order; }
static inline uint64_t pages_to_kb(uint64_t nr_pages) { return nr_pages << (PAGE_SHIFT - 10); }
static inline uint64_t kb_to_pages(uint64_t kb) { return kb >> (PAGE_SHIFT - 10); }

#endif /* HW_TYPES_H */
