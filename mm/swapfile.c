/*
 * mm/swapfile.c - swap devices and their slots: swapon at boot, slot
 * allocation, and the per-slot reference counts (the checker of it all:
 * mm/swap_check.c).
 *
 * Devices are swap files on a rotational disk, as the kernel sees a file
 * on a device that is not an SSD: 6.1's non-SSD allocator (no cluster
 * table, no per-CPU cluster), which hands out slots sequentially from
 * cluster_next within runs of SWAPFILE_CLUSTER, starting a new run at the
 * first SWAPFILE_CLUSTER free slots from the bottom, and otherwise takes
 * the first free slot after cluster_next, wrapping.  Deterministic: one
 * CPU's view, without the per-CPU swap slots cache (6.1 hands out slots
 * in batches of 64 through it; a single CPU gets the same sequence, but
 * freed slots come back at once instead of after 64 frees).
 *
 * Priorities are swapon's: a device given one keeps it, the others get
 * -2, -3, ... in swapon order.  Allocation takes the highest priority
 * device with free slots, round robin among equal ones
 * (get_swap_pages()'s plist_requeue).  A device has no node (6.1 raises
 * a device's priority on its block device's node; a file has none here).
 *
 * Invariants: see mm/swap.h (swap_check(), mm/swap_check.c).
 *
 * Linux counterpart: mm/swapfile.c (6.1): SYSCALL_DEFINE2(swapon)
 * (setup_swap_map_and_extents, enable_swap_info), get_swap_pages,
 * scan_swap_map_slots, swap_range_alloc/free, __swap_duplicate,
 * swap_duplicate, swapcache_prepare, swap_free, put_swap_folio,
 * __swap_count, free_swap_and_cache, __try_to_reclaim_swap.
 */
#include "mm/swap.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mm/bug.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/mm_init.h"
#include "mm/rmap.h"

/* ---- the priority-ordered list of devices with free slots ---- */

/* Linux: add_to_avail_list(): after every device of a higher or equal priority. */
static void add_to_avail_list(struct mm_swap *s, struct swap_info_struct *si)
{
	unsigned int i = 0;

	while (i < s->nr_avail && s->avail[i]->prio >= si->prio)
		i++;
	memmove(&s->avail[i + 1], &s->avail[i], (s->nr_avail - i) * sizeof(s->avail[0]));
	s->avail[i] = si;
	s->nr_avail++;
}

/* Linux: __del_from_avail_list(): a full device leaves the list. */
static void del_from_avail_list(struct mm_swap *s, struct swap_info_struct *si)
{
	for (unsigned int i = 0; i < s->nr_avail; i++) {
		if (s->avail[i] != si)
			continue;
		memmove(&s->avail[i], &s->avail[i + 1], (s->nr_avail - i - 1) * sizeof(s->avail[0]));
		s->nr_avail--;
		return;
	}
}

/* Linux: plist_requeue(): behind the devices of the same priority. */
static void requeue_avail(struct mm_swap *s, unsigned int i)
{
	struct swap_info_struct *si = s->avail[i];

	while (i + 1 < s->nr_avail && s->avail[i + 1]->prio == si->prio) {
		s->avail[i] = s->avail[i + 1];
		i++;
	}
	s->avail[i] = si;
}

/* ---- swapon ---- */

static int swapon(struct machine *m, const struct mm_swap_device *dev)
{
	struct mm_swap *s = &m->swap;
	struct swap_info_struct *si = calloc(1, sizeof(*si));
	unsigned long maxpages = (unsigned long)(dev->size_bytes >> PAGE_SHIFT);

	if (!si)
		return -ENOMEM;
	si->swap_map = calloc(maxpages, sizeof(*si->swap_map));
	si->cache_slot = calloc(maxpages, sizeof(*si->cache_slot));
	si->slot_index = calloc(maxpages, sizeof(*si->slot_index));
	si->shadow = calloc(maxpages, sizeof(*si->shadow));
	if (!si->swap_map || !si->cache_slot || !si->slot_index || !si->shadow) {
		free(si->swap_map);
		free(si->cache_slot);
		free(si->slot_index);
		free(si->shadow);
		free(si);
		return -ENOMEM;
	}
	si->type = s->nr_swapfiles;
	si->max = maxpages;
	si->swap_map[0] = SWAP_MAP_BAD;		/* the header */
	si->pages = maxpages - 1;
	si->lowest_bit = 1;
	si->highest_bit = maxpages - 1;
	si->cluster_next = 1;
	si->read_mbps = dev->read_mbps;
	si->write_mbps = dev->write_mbps;
	si->nr_requests = dev->nr_requests ? dev->nr_requests : SWAP_DEFAULT_NR_REQUESTS;
	si->max_rq_pages = (dev->max_sectors_kb ? dev->max_sectors_kb : SWAP_DEFAULT_MAX_SECTORS_KB) /
			   (PAGE_SIZE / 1024);
	/* Linux: swapon: a given priority, else the next lower default. */
	si->prio = dev->prio >= 0 ? dev->prio : --s->least_priority;
	si->flags = SWP_USED | SWP_WRITEOK;
	s->info[s->nr_swapfiles++] = si;
	s->nr_swap_pages += (long)si->pages;
	s->total_swap_pages += (long)si->pages;
	add_to_avail_list(s, si);
	return 0;
}

int swap_boot(struct machine *m, const struct mm_boot_params *p)
{
	m->swap.least_priority = -1;
	m->swap.page_cluster = SWAP_PAGE_CLUSTER;
	m->swap.migrate_via_swap = p->migrate_via_swap;
	for (unsigned int i = 0; i < p->nr_swap; i++)
		if (swapon(m, &p->swap[i]))
			return -ENOMEM;
	return swap_io_init(m);
}

void swap_release(struct machine *m)
{
	for (unsigned int i = 0; i < m->swap.nr_swapfiles; i++) {
		struct swap_info_struct *si = m->swap.info[i];

		free(si->swap_map);
		free(si->cache_slot);
		free(si->slot_index);
		free(si->shadow);
		free(si->io);
		free(si);
		m->swap.info[i] = NULL;
	}
	m->swap.nr_swapfiles = 0;
	m->swap.nr_avail = 0;
}

long get_nr_swap_pages(const struct machine *m)
{
	return m->swap.nr_swap_pages;
}

long total_swap_pages(const struct machine *m)
{
	return m->swap.total_swap_pages;
}

/* Linux: vm_swap_full(), include/linux/swap.h */
bool vm_swap_full(const struct machine *m)
{
	return m->swap.nr_swap_pages * 2 < m->swap.total_swap_pages;
}

struct swap_info_struct *swp_swap_info(const struct machine *m, swp_entry_t entry)
{
	struct swap_info_struct *si;

	if (swp_type(entry) >= m->swap.nr_swapfiles)
		return NULL;
	si = m->swap.info[swp_type(entry)];
	return swp_offset(entry) < si->max ? si : NULL;
}

/* ---- allocating and freeing slots ---- */

/* Linux: swap_range_alloc(), mm/swapfile.c */
static void swap_range_alloc(struct mm_swap *s, struct swap_info_struct *si, unsigned long offset)
{
	if (offset == si->lowest_bit)
		si->lowest_bit++;
	if (offset == si->highest_bit)
		si->highest_bit--;
	if (++si->inuse_pages == si->pages) {
		si->lowest_bit = si->max;
		si->highest_bit = 0;
		del_from_avail_list(s, si);
	}
}

/* Linux: swap_range_free(), mm/swapfile.c (one slot) */
static void swap_range_free(struct mm_swap *s, struct swap_info_struct *si, unsigned long offset)
{
	if (offset < si->lowest_bit)
		si->lowest_bit = offset;
	if (offset > si->highest_bit) {
		bool was_full = !si->highest_bit;

		si->highest_bit = offset;
		if (was_full && (si->flags & SWP_WRITEOK))
			add_to_avail_list(s, si);
	}
	si->inuse_pages--;
	s->nr_swap_pages++;
	si->swap_map[offset] = 0;
	si->slot_index[offset] = 0;
	si->shadow[offset] = 0;		/* clear_shadow_from_swap_cache() */
}

/*
 * Linux: the non-SSD "first empty cluster" search of scan_swap_map_slots():
 * the first SWAPFILE_CLUSTER free slots in a row from lowest_bit start a
 * new run at cluster_next; none: the scan goes on from where it was.
 */
static unsigned long new_cluster(struct swap_info_struct *si, unsigned long offset)
{
	unsigned long last_in_cluster;

	si->cluster_nr = SWAPFILE_CLUSTER - 1;
	if (si->pages - si->inuse_pages < SWAPFILE_CLUSTER)
		return offset;
	last_in_cluster = si->lowest_bit + SWAPFILE_CLUSTER - 1;
	for (unsigned long o = si->lowest_bit; last_in_cluster <= si->highest_bit; o++) {
		if (si->swap_map[o]) {
			last_in_cluster = o + SWAPFILE_CLUSTER;
		} else if (o == last_in_cluster) {
			si->cluster_next = o - (SWAPFILE_CLUSTER - 1);
			return si->cluster_next;
		}
	}
	return offset;
}

/* The first free slot after offset up to highest_bit, then from lowest_bit up to base; 0: none. */
static unsigned long scan_free_slot(const struct swap_info_struct *si, unsigned long offset,
				    unsigned long base)
{
	while (++offset <= si->highest_bit)
		if (!si->swap_map[offset])
			return offset;
	for (offset = si->lowest_bit; offset < base; offset++)
		if (!si->swap_map[offset])
			return offset;
	return 0;
}

/* Linux: scan_swap_map_slots() for one slot of a non-SSD device: the offset, or 0. */
static unsigned long scan_swap_map(struct mm_swap *s, struct swap_info_struct *si)
{
	unsigned long offset = si->cluster_next, base = offset;

	if (si->cluster_nr-- == 0)
		base = offset = new_cluster(si, offset);
	if (!(si->flags & SWP_WRITEOK) || !si->highest_bit)
		return 0;
	if (offset > si->highest_bit)
		base = offset = si->lowest_bit;
	if (si->swap_map[offset]) {
		offset = scan_free_slot(si, offset, base);
		if (!offset)
			return 0;
	}
	si->swap_map[offset] = SWAP_HAS_CACHE;
	swap_range_alloc(s, si, offset);
	si->cluster_next = offset + 1;
	return offset;
}

/* Linux: folio_alloc_swap() -> get_swap_pages(1, ..., 1), mm/swapfile.c */
swp_entry_t folio_alloc_swap(struct machine *m)
{
	struct mm_swap *s = &m->swap;

	for (unsigned int i = 0; i < s->nr_avail; i++) {
		struct swap_info_struct *si = s->avail[i];
		unsigned long offset;

		requeue_avail(s, i);
		offset = scan_swap_map(s, si);
		if (offset) {
			s->nr_swap_pages--;
			return swp_entry(si->type, offset);
		}
	}
	return (swp_entry_t){ 0 };
}

/* The map entry of entry, or NULL for an entry of no device. */
static uint16_t *swap_map_of(const struct machine *m, swp_entry_t entry)
{
	struct swap_info_struct *si = swp_swap_info(m, entry);

	return si && swp_offset(entry) ? &si->swap_map[swp_offset(entry)] : NULL;
}

/* Linux: __swap_duplicate(), mm/swapfile.c (usage: 1 or SWAP_HAS_CACHE) */
static int __swap_duplicate(struct machine *m, swp_entry_t entry, unsigned int usage)
{
	uint16_t *map = swap_map_of(m, entry);
	unsigned int count, has_cache;

	if (!map || *map == SWAP_MAP_BAD)
		return -ENOENT;
	count = *map & SWAP_COUNT_MASK;
	has_cache = *map & SWAP_HAS_CACHE;
	if (usage == SWAP_HAS_CACHE) {
		if (has_cache)
			return -EEXIST;
		if (!count)
			return -ENOENT;
		has_cache = SWAP_HAS_CACHE;
	} else {
		if (!count && !has_cache)
			return -ENOENT;
		if (count == SWAP_MAP_MAX)
			return -ENOMEM;	/* the kernel would add a continuation page */
		count++;
	}
	*map = (uint16_t)(count | has_cache);
	return 0;
}

int swap_duplicate(struct machine *m, swp_entry_t entry)
{
	return __swap_duplicate(m, entry, 1);
}

int swapcache_prepare(struct machine *m, swp_entry_t entry)
{
	return __swap_duplicate(m, entry, SWAP_HAS_CACHE);
}

/* Linux: __swap_entry_free_locked() and swap_entry_free(): what is left of the slot's map. */
static unsigned int swap_entry_put(struct machine *m, swp_entry_t entry, unsigned int usage)
{
	struct swap_info_struct *si = swp_swap_info(m, entry);
	uint16_t *map = &si->swap_map[swp_offset(entry)];
	unsigned int count = *map & SWAP_COUNT_MASK, has_cache = *map & SWAP_HAS_CACHE;

	if (usage == SWAP_HAS_CACHE) {
		MM_BUG_ON(!has_cache);
		has_cache = 0;
	} else {
		MM_BUG_ON(!count);
		count--;
	}
	*map = (uint16_t)(count | has_cache);
	if (!*map)
		swap_range_free(&m->swap, si, (unsigned long)swp_offset(entry));
	return count | has_cache;
}

void swap_free(struct machine *m, swp_entry_t entry)
{
	swap_entry_put(m, entry, 1);
}

void put_swap_folio(struct machine *m, swp_entry_t entry)
{
	swap_entry_put(m, entry, SWAP_HAS_CACHE);
}

unsigned int __swap_count(const struct machine *m, swp_entry_t entry)
{
	const uint16_t *map = swap_map_of(m, entry);

	return map ? *map & SWAP_COUNT_MASK : 0;
}

/*
 * Linux: __try_to_reclaim_swap() with TTRS_UNMAPPED | TTRS_FULL: the
 * cached folio of a slot no entry names any more leaves the cache when
 * nothing maps it or swap is over half full (and it is not being written).
 */
static void try_to_reclaim_swap(struct machine *m, swp_entry_t entry)
{
	struct page *folio = lookup_swap_cache(m, entry);

	if (!folio || PageFlag(folio, PG_locked))
		return;
	if (folio_mapped(folio) && !vm_swap_full(m))
		return;
	get_page(m, folio);
	folio_free_swap(m, folio);
	put_page(m, folio);
}

void free_swap_and_cache(struct machine *m, swp_entry_t entry)
{
	if (!swp_swap_info(m, entry))
		return;
	if (swap_entry_put(m, entry, 1) == SWAP_HAS_CACHE)
		try_to_reclaim_swap(m, entry);
}
