/*
 * mm/swap.h - swap devices, swap slots, the swap cache, swap I/O, and
 * migration through swap.
 *
 * A swap device (struct swap_info_struct) is a swap file of the config,
 * enabled at boot by swapon in the config's order.  Its slots are numbered
 * by offset; slot 0 holds the header and is never used.  swap_map[offset]
 * counts the references to the slot: the swap entries in page tables
 * (the count) and the swap cache (SWAP_HAS_CACHE).  A slot is free when
 * its map is 0.
 *
 * An anonymous folio being swapped out first gets a slot and joins the
 * swap cache (add_to_swap(): PG_swapcache, the entry in page->private,
 * one reference per page for the cache, NR_FILE_PAGES and NR_SWAPCACHE);
 * then try_to_unmap() replaces each mapping by the swap entry (one
 * count each, MM_SWAPENTS), swap_writepage() writes it (PG_writeback until
 * the device's time has passed), and once clean and unmapped it can leave
 * the cache and be freed.  A fault on a swap entry (do_swap_page()) finds
 * the folio in the swap cache (a minor fault) or reads it in with its
 * neighbours (swapin_readahead(), a major fault).
 *
 * Invariants (swap_check()): every swap entry in a page table names a
 * slot in use, and each slot's count equals the entries naming it; a
 * folio in the swap cache has PG_swapcache and its slot SWAP_HAS_CACHE,
 * and a slot with SWAP_HAS_CACHE has its folio in the cache; the free
 * slots of all devices sum to nr_swap_pages; every entry's slot holds
 * the page offset the entry's address has in its VMA (the page's
 * identity travels with it); a shadow entry (mm/workingset.h) is only in
 * a slot in use whose folio reclaim took out of the cache.
 *
 * Linux counterpart: include/linux/swap.h, include/linux/swapops.h,
 * mm/swapfile.c, mm/swap_state.c, mm/page_io.c (6.1).
 */
#ifndef MM_SWAP_H
#define MM_SWAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mm/mmzone.h"

struct writeback_control;
struct mm_boot_params;

/*
 * swap_map entries.  The kernel keeps a byte per slot (count up to 0x3e,
 * SWAP_HAS_CACHE 0x40, continuation pages past the count); numasim keeps
 * 16 bits with the same meaning and no continuation: up to 0x7ffe entries
 * per slot.
 */
#define SWAP_HAS_CACHE		0x8000u
#define SWAP_COUNT_MASK		0x7fffu
#define SWAP_MAP_BAD		0x7fffu		/* the header slot */
#define SWAP_MAP_MAX		0x7ffeu

/* Linux: SWAPFILE_CLUSTER (non-SSD: the run the allocator looks for first). */
#define SWAPFILE_CLUSTER	256
/* vm.page-cluster's default: readahead windows of up to 8 pages. */
#define SWAP_PAGE_CLUSTER	3

/* The largest offset page->private can hold with the type above it. */
#define SWAP_OFFSET_BITS	27
#define SWAP_MAX_SLOTS		((uint64_t)1 << SWAP_OFFSET_BITS)

/* Default device bandwidths (MB/s): a SATA SSD. */
#define SWAP_DEFAULT_READ_MBPS	500u
#define SWAP_DEFAULT_WRITE_MBPS	450u
/*
 * The default device's request queue: a SATA disk's NCQ depth of 32 under
 * mq-deadline gives 2 * min(32, BLKDEV_DEFAULT_RQ) requests
 * (blk_mq_init_sched()), each of at most BLK_DEF_MAX_SECTORS (1280 KiB).
 */
#define SWAP_DEFAULT_NR_REQUESTS	64u
#define SWAP_DEFAULT_MAX_SECTORS_KB	1280u

/* si->flags.  Linux: SWP_USED, SWP_WRITEOK, include/linux/swap.h. */
#define SWP_USED	(1u << 0)
#define SWP_WRITEOK	(1u << 1)

/* A swap write in flight: the folio and when the device finishes it. */
struct swap_io {
	uint32_t pfn;
	uint32_t offset;
	uint32_t rq_seq;	/* the request it was merged into */
	uint64_t done_ns;	/* when the device has written it */
};

/* The request the device's last write went into (see mm/page_io.c). */
struct swap_rq {
	uint32_t seq;		/* requests so far; ios carry theirs */
	uint32_t next_offset;	/* the slot a back merge must start at */
	uint32_t nr_pages;
	uint64_t start_ns;	/* when the device starts moving it */
};

/* Linux: struct swap_info_struct, include/linux/swap.h */
struct swap_info_struct {
	unsigned int flags;
	int prio;
	unsigned int type;
	unsigned long max;		/* slots, the header included */
	unsigned long pages;		/* usable slots */
	unsigned long inuse_pages;
	unsigned long lowest_bit;	/* the lowest free offset may be here */
	unsigned long highest_bit;	/* ... and the highest here (0: full) */
	unsigned long cluster_next;	/* where the next allocation looks first */
	unsigned long cluster_nr;	/* slots left in the current run */
	uint16_t *swap_map;
	uint32_t *cache_slot;		/* the swap cache: offset -> pfn + 1, 0 none */
	uint32_t *slot_index;		/* the page offset each slot holds (its identity) */
	uint64_t *shadow;		/* the swap cache's shadow entries (mm/workingset.h), 0 none */
	unsigned long cache_pages;	/* folios' pages in the cache */
	uint32_t read_mbps, write_mbps;
	uint32_t nr_requests;		/* the queue's tags: requests in flight at most */
	uint32_t max_rq_pages;		/* max_sectors_kb in pages: a request's size */
	struct swap_rq last_rq;
	uint64_t busy_until_ns;		/* the device queue: its last I/O ends here */
	struct swap_io *io;		/* writes in flight, in completion order */
	size_t io_head, io_nr, io_cap;
};

/* ---- the devices (swapfile.c) ---- */

/* Enable p's swap devices and settings (boot).  0, or -ENOMEM. */
int swap_boot(struct machine *m, const struct mm_boot_params *p);
/* Free every device (machine release). */
void swap_release(struct machine *m);
/* Linux: get_nr_swap_pages(): free swap slots over all devices (0: no swap). */
long get_nr_swap_pages(const struct machine *m);
/* Linux: total_swap_pages. */
long total_swap_pages(const struct machine *m);
/* Linux: vm_swap_full(): over half the swap space in use. */
bool vm_swap_full(const struct machine *m);
/* The device of an entry, or NULL (not a swapon'd type, offset out of range). */
struct swap_info_struct *swp_swap_info(const struct machine *m, swp_entry_t entry);
/* Linux: folio_alloc_swap() for one page: a slot with SWAP_HAS_CACHE, or val 0. */
swp_entry_t folio_alloc_swap(struct machine *m);
/* Linux: swap_duplicate(): one more page-table entry.  0, or -ENOENT if unused. */
int swap_duplicate(struct machine *m, swp_entry_t entry);
/* Linux: swapcache_prepare(): claim the cache.  0, -EEXIST (cached), -ENOENT (free). */
int swapcache_prepare(struct machine *m, swp_entry_t entry);
/* Linux: swap_free(): one entry less. */
void swap_free(struct machine *m, swp_entry_t entry);
/* Linux: put_swap_folio(): the cache lets go of the slot. */
void put_swap_folio(struct machine *m, swp_entry_t entry);
/* Linux: __swap_count(): the page-table entries naming the slot. */
unsigned int __swap_count(const struct machine *m, swp_entry_t entry);
/* Linux: free_swap_and_cache(): a zapped entry; frees an unmapped cached folio. */
void free_swap_and_cache(struct machine *m, swp_entry_t entry);
/*
 * Whole-machine check of the invariants above (swap_check.c).  0, or the
 * number of violations with the first in msg.
 */
int swap_check(const struct machine *m, char *msg, size_t msglen);

/* ---- the swap cache (swap_state.c) ---- */

/* Linux: folio_test_swapcache(). */
bool folio_test_swapcache(const struct page *folio);
/* The swap entry of a folio in the swap cache (Linux: folio->swap / page_private). */
swp_entry_t folio_swap_entry(const struct page *folio);
/* Linux: swap_cache_get_folio() without the readahead accounting: the cached folio or NULL. */
struct page *lookup_swap_cache(const struct machine *m, swp_entry_t entry);
/*
 * Linux: swap_cache_get_folio(), mm/swap_state.c: the cached folio with
 * a reference taken, counting a readahead hit; NULL if not cached.
 */
struct page *swap_cache_get_folio(struct machine *m, swp_entry_t entry);
/* Linux: add_to_swap(), mm/swap_state.c: give an anonymous folio a
 * swap slot and put it in the swap cache, dirty.  false: no slot (or a
 * large folio: THP_SWAP is not modelled, the caller splits it). */
bool add_to_swap(struct machine *m, struct page *folio);
/* Linux: __remove_mapping()'s swap cache part: take a clean, unmapped
 * folio out of the swap cache (its slot stays, held by the swap
 * entries in page tables) and drop the cache's references. */
void delete_from_swap_cache(struct machine *m, struct page *folio);
/* Linux: __remove_mapping()'s swap cache removal: shadow (0: none) stays in the slot. */
void delete_from_swap_cache_shadow(struct machine *m, struct page *folio, uint64_t shadow);
/* Linux: folio_free_swap(): free the slot of a swap cache folio whose
 * entry nobody else holds; true if freed. */
bool folio_free_swap(struct machine *m, struct page *folio);
/*
 * dst takes src's place in the swap cache (entry, PG_swapcache, the
 * counters); the caller moved the references.  Linux: the swap cache arm
 * of folio_migrate_mapping(), mm/migrate.c.
 */
void swap_cache_migrate(struct machine *m, struct page *dst, struct page *src);
/*
 * Linux: swapin_readahead() -> swap_cluster_readahead(), mm/swap_state.c:
 * the folio of entry, from the cache or read in (with its neighbours
 * on the device), allocated for vma at addr by the task's policy; with
 * a reference for the caller.  *major: it had to be read.  NULL: no memory.
 */
struct page *swapin_readahead(struct machine *m, swp_entry_t entry, struct vm_area_struct *vma,
			      uint64_t addr, bool *major);

/* ---- swap I/O (page_io.c) ---- */

/*
 * Linux: swap_writepage(), mm/page_io.c: write a swap cache folio
 * (clears dirty, sets PG_writeback; completion later, as for files,
 * through folio_end_writeback()); counts pswpout.  Unlocks the folio as
 * a writepage does.  A folio whose slot nobody references any more is
 * not written: its slot is freed (folio_free_swap()).  Returns 0.
 */
int swap_writepage(struct machine *m, struct page *folio, struct writeback_control *wbc);
/*
 * Linux: swap_readpage(): read a swap cache folio in (pswpin); the
 * return is when the device has it, in simulated ns.
 */
uint64_t swap_readpage(struct machine *m, struct page *folio);
/* Complete every swap write of every device due by now_ns (the block layer's completions). */
void swap_io_complete(struct machine *m, uint64_t now_ns);
/* When the write of folio (under swap writeback) completes, in ns. */
uint64_t swap_writeback_done_ns(const struct machine *m, const struct page *folio);
/* Register the completion daemon (boot). */
int swap_io_init(struct machine *m);

/* ---- migration through swap (migrate_swap.c) ---- */

/*
 * Migrate the isolated folios on list by swapping them out, as the
 * kernel did before direct migration: each is written to swap and freed;
 * its mappings become swap entries and it comes back, where the faulting
 * task's policy puts it, when touched.  Folios that cannot go stay on
 * the list.  Returns how many stayed.
 */
int migrate_pages_via_swap(struct machine *m, struct page_list *list);

#endif /* MM_SWAP_H */
