/*
 * mm/memory_hotplug.c - memory blocks, onlining memory into a zone, hot-add
 * of new memory and hot-remove of offline memory.
 *
 * Boot (memory_dev_init): every block-sized, block-aligned range that holds
 * a present section is a memory block, online; the nodes with memory in it
 * link to it, and it keeps its zone when one zone of one node holds all of
 * its memory.
 *
 * Online (memory_block_store_state -> online_pages): the block's zone comes
 * from zone_for_pfn_range(); the range joins the zone (spans grow, struct
 * pages initialised, pageblocks Movable), its frames enter the buddy in
 * MAX_ORDER - 1 chunks, present counts grow, and what depends on the
 * amount of memory follows: zonelists (when the zone was empty), min_free_
 * kbytes and the watermarks, the pcp sizes, the vmstat thresholds, the
 * commit reserves, kswapd and kcompactd of a node that had no memory.
 *
 * Hot-add (add_memory): sections gain a memmap (sparse_add_section), the
 * struct pages are reserved placeholders of no zone (ZONE_DEVICE's index,
 * whose zone stays empty) until onlined, blocks are created offline and
 * linked to the node, then onlined if auto_online_blocks says so.
 * Hot-remove (remove_memory) takes blocks that are all offline away again.
 *
 * Offline (memory_block_store_state -> memory_block_offline): offline_pages()
 * in mm/memory_offline.c; the block has no zone again afterwards.
 *
 * Invariants: see mm/memory_hotplug.h.
 *
 * Linux counterpart: mm/memory_hotplug.c and drivers/base/memory.c (6.1),
 * with the memory notifiers that follow an online (reserve_mem_notifier(),
 * mm/mmap.c).  Not modelled: memory groups and the auto-movable online
 * policy, memmap_on_memory, zone shuffling, the resource tree.
 */
#include "mm/memory_hotplug.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/compaction.h"
#include "mm/huge_mm.h"
#include "mm/internal.h"
#include "mm/sparse.h"
#include "mm/vmscan.h"
#include "mm/vmstat_counters.h"

const char *const mhp_online_type_names[NR_MMOP] = {
	[MMOP_OFFLINE] = "offline",
	[MMOP_ONLINE] = "online",
	[MMOP_ONLINE_KERNEL] = "online_kernel",
	[MMOP_ONLINE_MOVABLE] = "online_movable",
};

int mhp_online_type_from_str(const char *s)
{
	for (int i = 0; i < NR_MMOP; i++) {
		size_t n = strlen(mhp_online_type_names[i]);

		if (!strncmp(s, mhp_online_type_names[i], n) &&
		    (s[n] == '\0' || (s[n] == '\n' && s[n + 1] == '\0')))
			return i;
	}
	return -1;
}

/* ---- block arithmetic ---- */

static pfn_t block_start_pfn(const struct machine *m, unsigned long id)
{
	return section_nr_to_pfn(id * m->hotplug->sections_per_block);
}

static unsigned long pfn_to_block_id(const struct machine *m, pfn_t pfn)
{
	return pfn_to_section_nr(pfn) / m->hotplug->sections_per_block;
}

static struct memory_block *block_of(const struct machine *m, unsigned long id)
{
	const struct memory_hotplug *h = m->hotplug;

	return id < h->nr_blocks && h->blocks[id].present ? &h->blocks[id] : NULL;
}

const struct memory_block *find_memory_block_by_id(const struct machine *m, unsigned long id)
{
	return block_of(m, id);
}

/* Linux: zone_intersects(), include/linux/mmzone.h */
static bool zone_intersects(const struct zone *zone, pfn_t start_pfn, unsigned long nr_pages)
{
	if (!zone->spanned_pages)
		return false;
	return start_pfn < zone_end_pfn(zone) && start_pfn + nr_pages > zone->zone_start_pfn;
}

/* ---- boot ---- */

/*
 * Linux: early_node_zone_for_memory_block(), drivers/base/memory.c: the one
 * populated zone of node nid that the block intersects, else NULL.
 */
static struct zone *early_node_zone_for_memory_block(const struct machine *m, unsigned long id,
						     int nid)
{
	struct zone *matching_zone = NULL;

	for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
		struct zone *zone = &NODE_DATA(m, nid)->node_zones[zid];

		if (!populated_zone(zone) ||
		    !zone_intersects(zone, block_start_pfn(m, id), memory_block_nr_pages(m)))
			continue;
		if (matching_zone)
			return NULL;	/* several zones share the block */
		matching_zone = zone;
	}
	return matching_zone;
}

/*
 * Linux: memory_block_add_nid(), drivers/base/memory.c.  Boot memory takes
 * its zone from the first node that claims it and loses it to a second
 * one; hot-added memory gets its zone when onlined.
 */
static void memory_block_add_nid(const struct machine *m, unsigned long id, int nid, bool early)
{
	struct memory_block *mem = &m->hotplug->blocks[id];

	if (early && mem->nid != nid)
		mem->zone = mem->nid == NUMA_NO_NODE ? early_node_zone_for_memory_block(m, id, nid)
						     : NULL;
	mem->nid = nid;
	mem->nodes |= 1ull << nid;
}

/*
 * Linux: register_memory_blocks_under_node() with MEMINIT_EARLY: the
 * blocks holding memory of node nid link to it.  (The kernel asks the
 * node of each pfn of the node's span, and hole pfns answer node 0; with
 * nodes in disjoint ranges that only ever names a node the block has
 * memory of anyway.)
 */
static void register_memory_blocks_under_node_early(const struct machine *m, int nid)
{
	size_t cursor = 0;
	pfn_t start, end;

	while (hw_node_next_present_range(&m->hw, (unsigned int)nid, &cursor, &start, &end))
		for (unsigned long id = pfn_to_block_id(m, start); id <= pfn_to_block_id(m, end - 1); id++)
			if (!(m->hotplug->blocks[id].nodes & (1ull << nid)))
				memory_block_add_nid(m, id, nid, true);
}

/* Linux: add_boot_memory_block(): a block exists if a section of it is present. */
static void add_boot_memory_block(const struct machine *m, unsigned long id)
{
	struct memory_block *mem = &m->hotplug->blocks[id];
	unsigned long first = id * m->hotplug->sections_per_block;

	for (unsigned long nr = first; nr < first + m->hotplug->sections_per_block; nr++)
		if (present_section_nr(m, nr)) {
			*mem = (struct memory_block){ true, MEM_ONLINE, NUMA_NO_NODE, 0, NULL };
			return;
		}
}

int memory_dev_init(struct machine *m, const struct memory_hotplug_params *p)
{
	struct memory_hotplug *h = calloc(1, sizeof(*h));
	unsigned long block_pages;

	if (!h)
		return -ENOMEM;
	m->hotplug = h;
	h->block_size_bytes = p->block_size_bytes ? p->block_size_bytes : MIN_MEMORY_BLOCK_SIZE;
	h->sections_per_block = (unsigned long)(h->block_size_bytes / MIN_MEMORY_BLOCK_SIZE);
	h->default_online_type = p->default_online_type;
	h->movable_node = p->movable_node;
	block_pages = memory_block_nr_pages(m);
	h->nr_blocks = (unsigned long)((SECTION_ALIGN_UP(m->end_pfn) + block_pages - 1) / block_pages);
	h->blocks = calloc(h->nr_blocks, sizeof(*h->blocks));
	if (!h->blocks)
		return -ENOMEM;
	for (unsigned long id = 0; id < h->nr_blocks; id++)
		add_boot_memory_block(m, id);
	for_each_online_node(m, nid)
		register_memory_blocks_under_node_early(m, nid);
	return 0;
}

void memory_dev_release(struct machine *m)
{
	if (!m->hotplug)
		return;
	free(m->hotplug->blocks);
	free(m->hotplug);
	m->hotplug = NULL;
}

/* ---- the zone a block goes to ---- */

/*
 * Linux: default_kernel_zone_for_pfn(): the lowest kernel zone below
 * Normal that already intersects the range, else Normal.
 */
static struct zone *default_kernel_zone_for_pfn(const struct machine *m, int nid,
						pfn_t start_pfn, unsigned long nr_pages)
{
	pg_data_t *pgdat = NODE_DATA(m, nid);

	for (int zid = 0; zid < ZONE_NORMAL; zid++)
		if (zone_intersects(&pgdat->node_zones[zid], start_pfn, nr_pages))
			return &pgdat->node_zones[zid];
	return &pgdat->node_zones[ZONE_NORMAL];
}

/*
 * Linux: default_zone_for_pfn(): the zone already there if exactly one of
 * the kernel zone and Movable intersects the range; otherwise Movable with
 * movable_node, the kernel zone without.
 */
static struct zone *default_zone_for_pfn(const struct machine *m, int nid, pfn_t start_pfn,
					 unsigned long nr_pages)
{
	struct zone *kernel_zone = default_kernel_zone_for_pfn(m, nid, start_pfn, nr_pages);
	struct zone *movable_zone = &NODE_DATA(m, nid)->node_zones[ZONE_MOVABLE];
	bool in_kernel = zone_intersects(kernel_zone, start_pfn, nr_pages);
	bool in_movable = zone_intersects(movable_zone, start_pfn, nr_pages);

	if (in_kernel != in_movable)
		return in_kernel ? kernel_zone : movable_zone;
	return m->hotplug->movable_node ? movable_zone : kernel_zone;
}

struct zone *zone_for_pfn_range(const struct machine *m, enum mmop online_type, int nid,
				pfn_t start_pfn, unsigned long nr_pages)
{
	if (online_type == MMOP_ONLINE_KERNEL)
		return default_kernel_zone_for_pfn(m, nid, start_pfn, nr_pages);
	if (online_type == MMOP_ONLINE_MOVABLE)
		return &NODE_DATA(m, nid)->node_zones[ZONE_MOVABLE];
	return default_zone_for_pfn(m, nid, start_pfn, nr_pages);
}

void memory_block_valid_zones(const struct machine *m, unsigned long id, char *buf, size_t len)
{
	const struct memory_block *mem = block_of(m, id);
	pfn_t start_pfn = block_start_pfn(m, id);
	const struct zone *def, *other;
	size_t used;

	if (mem->state == MEM_ONLINE) {
		snprintf(buf, len, "%s", mem->zone ? mem->zone->name : "none");
		return;
	}
	def = zone_for_pfn_range(m, MMOP_ONLINE, mem->nid, start_pfn, memory_block_nr_pages(m));
	used = (size_t)snprintf(buf, len, "%s", def->name);
	for (enum mmop t = MMOP_ONLINE_KERNEL; t <= MMOP_ONLINE_MOVABLE && used < len; t++) {
		other = zone_for_pfn_range(m, t, mem->nid, start_pfn, memory_block_nr_pages(m));
		if (other != def)
			used += (size_t)snprintf(buf + used, len - used, " %s", other->name);
	}
}

/* ---- online ---- */

/* Linux: resize_zone_range() */
static void resize_zone_range(struct zone *zone, pfn_t start_pfn, unsigned long nr_pages)
{
	pfn_t old_end_pfn = zone_end_pfn(zone), end_pfn = start_pfn + nr_pages;

	if (!zone->spanned_pages || start_pfn < zone->zone_start_pfn)
		zone->zone_start_pfn = start_pfn;
	zone->spanned_pages = (unsigned long)((end_pfn > old_end_pfn ? end_pfn : old_end_pfn) -
					      zone->zone_start_pfn);
}

/* Linux: resize_pgdat_range() */
static void resize_pgdat_range(pg_data_t *pgdat, pfn_t start_pfn, unsigned long nr_pages)
{
	pfn_t old_end_pfn = pgdat->node_start_pfn + pgdat->node_spanned_pages;
	pfn_t end_pfn = start_pfn + nr_pages;

	if (!pgdat->node_spanned_pages || start_pfn < pgdat->node_start_pfn)
		pgdat->node_start_pfn = start_pfn;
	pgdat->node_spanned_pages = (unsigned long)((end_pfn > old_end_pfn ? end_pfn : old_end_pfn) -
						    pgdat->node_start_pfn);
}

/*
 * Linux: move_pfn_range_to_zone() with init_currently_empty_zone() for an
 * empty zone: the zone and node spans cover the range, its struct pages
 * belong to the zone (reserved), its pageblocks get migratetype.
 */
static void move_pfn_range_to_zone(struct machine *m, struct zone *zone, pfn_t start_pfn,
				   unsigned long nr_pages, int migratetype)
{
	pg_data_t *pgdat = zone->zone_pgdat;
	int nr_zones = (int)zone_idx(zone) + 1;

	if (!zone->spanned_pages && nr_zones > pgdat->nr_zones)
		pgdat->nr_zones = nr_zones;
	resize_zone_range(zone, start_pfn, nr_pages);
	resize_pgdat_range(pgdat, start_pfn, nr_pages);
	memmap_init_range(m, start_pfn, nr_pages, pgdat->node_id, zone_idx(zone), migratetype);
}

/*
 * Linux: online_pages_range() with generic_online_page(): the range enters
 * the buddy in MAX_ORDER - 1 chunks (__free_pages_core() counts them
 * managed), then its sections are online.
 */
static void online_pages_range(struct machine *m, pfn_t start_pfn, unsigned long nr_pages)
{
	pfn_t end_pfn = start_pfn + nr_pages;

	for (pfn_t pfn = start_pfn; pfn < end_pfn;) {
		unsigned int order = (unsigned int)__builtin_ctzll(pfn);

		if (order > (unsigned int)MAX_ORDER - 1)
			order = MAX_ORDER - 1;
		__free_pages_core(m, pfn_to_page(m, pfn), order);
		pfn += order_to_pages(order);
	}
	online_mem_sections(m, start_pfn, end_pfn);
}

/* Linux: adjust_present_page_count() (no memory groups, no early hot-added pages). */
void adjust_present_page_count(struct zone *zone, long nr_pages)
{
	zone->present_pages += (unsigned long)nr_pages;
	zone->zone_pgdat->node_present_pages += (unsigned long)nr_pages;
}

/* Linux: init_user_reserve() / init_admin_reserve(), mm/mmap.c: 3% of free, capped. */
static unsigned long reserve_from_free(unsigned long free_kbytes, unsigned long cap_kbytes)
{
	return free_kbytes / 32 < cap_kbytes ? free_kbytes / 32 : cap_kbytes;
}

/*
 * Linux: reserve_mem_notifier(), mm/mmap.c.  On MEM_ONLINE the user and
 * admin reserves follow the free memory while they hold the values
 * init_user_reserve()/init_admin_reserve() can give (below 128 MiB and
 * 8 MiB, not 0): an operator's own setting stays.  On MEM_OFFLINE a
 * reserve larger than what is free now is computed again.
 */
void reserve_mem_notifier(struct machine *m, enum memory_block_state action)
{
	unsigned long free_kbytes = pages_to_kb(global_zone_page_state(m, NR_FREE_PAGES));
	unsigned long *user = &m->vm.user_reserve_kbytes, *admin = &m->vm.admin_reserve_kbytes;

	if (action == MEM_ONLINE) {
		if (*user > 0 && *user < (1ul << 17))
			*user = reserve_from_free(free_kbytes, 1ul << 17);
		if (*admin > 0 && *admin < (1ul << 13))
			*admin = reserve_from_free(free_kbytes, 1ul << 13);
	} else if (action == MEM_OFFLINE) {
		if (*user > free_kbytes)
			*user = reserve_from_free(free_kbytes, 1ul << 17);
		if (*admin > free_kbytes)
			*admin = reserve_from_free(free_kbytes, 1ul << 13);
	}
}

/*
 * Linux: online_pages(), mm/memory_hotplug.c.  The kernel initialises the
 * range's pageblocks MIGRATE_ISOLATE, frees the chunks onto the isolate
 * lists (not counted free), then undo_isolate_page_range() moves each
 * chunk to the tail of the Movable list and counts it.  Freeing the same
 * chunks in the same order straight to the tail of the Movable lists
 * leaves the same lists and counters, so that is what happens here.  A
 * MEM_GOING_ONLINE notifier's refusal takes the range out of the zone
 * again (remove_pfn_range_from_zone()).
 */
static int online_pages(struct machine *m, pfn_t pfn, unsigned long nr_pages, struct zone *zone)
{
	bool need_zonelists_rebuild = !populated_zone(zone);
	int nid = zone->node, ret;

	if (!nr_pages || (pfn & (pageblock_nr_pages(m) - 1)) ||
	    ((pfn + nr_pages) & (PAGES_PER_SECTION - 1)))
		return -EINVAL;
	move_pfn_range_to_zone(m, zone, pfn, nr_pages, MIGRATE_MOVABLE);
	ret = memory_notify_going(m, MEM_GOING_ONLINE);
	if (ret) {
		/* MEM_CANCEL_ONLINE: no notifier numasim has keeps state to undo. */
		remove_pfn_range_from_zone(m, zone, pfn, nr_pages);
		return ret;
	}
	online_pages_range(m, pfn, nr_pages);
	adjust_present_page_count(zone, (long)nr_pages);
	if (need_zonelists_rebuild)
		build_all_zonelists(m);
	/* init_per_zone_wmark_min(): marks, reserves, pcp sizes, thresholds, THP's raise. */
	init_per_zone_wmark_min(m);
	refresh_zone_stat_thresholds(m);
	if (m->thp_enabled)
		start_stop_khugepaged(m);
	ret = kswapd_run(m, nid);
	if (!ret)
		ret = kcompactd_run(m, nid);
	reserve_mem_notifier(m, MEM_ONLINE);
	return ret;
}

/* Linux: memory_block_online(), drivers/base/memory.c */
static int memory_block_online(struct machine *m, unsigned long id, enum mmop online_type)
{
	struct memory_block *mem = &m->hotplug->blocks[id];
	pfn_t start_pfn = block_start_pfn(m, id);
	unsigned long nr_pages = memory_block_nr_pages(m);
	struct zone *zone = zone_for_pfn_range(m, online_type, mem->nid, start_pfn, nr_pages);
	int ret = online_pages(m, start_pfn, nr_pages, zone);

	if (!ret)
		mem->zone = zone;
	return ret;
}

/*
 * Linux: memory_block_offline(), drivers/base/memory.c.  A block whose
 * memory lies in several zones cannot go offline (the kernel's answer);
 * an offlined block belongs to no zone until onlined again.
 */
static int memory_block_offline(struct machine *m, unsigned long id)
{
	struct memory_block *mem = &m->hotplug->blocks[id];
	int ret;

	if (!mem->zone)
		return -EINVAL;
	ret = offline_pages(m, block_start_pfn(m, id), memory_block_nr_pages(m), mem->zone);
	if (!ret)
		mem->zone = NULL;
	return ret;
}

/* Linux: memory_block_change_state(): the block passes through GOING_OFFLINE. */
static int memory_block_change_state(struct machine *m, unsigned long id,
				     enum memory_block_state to_state,
				     enum memory_block_state from_state, enum mmop online_type)
{
	struct memory_block *mem = &m->hotplug->blocks[id];
	int ret;

	if (mem->state != from_state)
		return -EINVAL;
	if (to_state == MEM_OFFLINE)
		mem->state = MEM_GOING_OFFLINE;
	ret = to_state == MEM_ONLINE ? memory_block_online(m, id, online_type)
				     : memory_block_offline(m, id);
	mem->state = ret ? from_state : to_state;
	return ret;
}

/*
 * Linux: device_online() -> memory_subsys_online(): 1 if the block is
 * online already; a plain online is MMOP_ONLINE.
 */
static int device_online_block(struct machine *m, unsigned long id, enum mmop online_type)
{
	int ret;

	if (m->hotplug->blocks[id].state == MEM_ONLINE)
		return 1;
	ret = memory_block_change_state(m, id, MEM_ONLINE, MEM_OFFLINE,
					online_type == MMOP_OFFLINE ? MMOP_ONLINE : online_type);
	if (ret)
		m->hotplug->stats.online_refused++;
	else
		m->hotplug->stats.online_ok++;
	return ret;
}

/* Linux: device_offline() -> memory_subsys_offline(): 1 if offline already. */
static int device_offline_block(struct machine *m, unsigned long id)
{
	int ret;

	if (m->hotplug->blocks[id].state == MEM_OFFLINE)
		return 1;
	ret = memory_block_change_state(m, id, MEM_OFFLINE, MEM_ONLINE, MMOP_OFFLINE);
	if (ret)
		m->hotplug->stats.offline_refused++;
	else
		m->hotplug->stats.offline_ok++;
	return ret;
}

int memory_block_store_state(struct machine *m, unsigned long id, enum mmop online_type)
{
	int ret;

	if (!block_of(m, id))
		return -ENODEV;
	ret = online_type == MMOP_OFFLINE ? device_offline_block(m, id)
					  : device_online_block(m, id, online_type);
	if (ret == 1) {
		/* state_store() turns "nothing to do" into -EINVAL. */
		ret = -EINVAL;
		if (online_type == MMOP_OFFLINE)
			m->hotplug->stats.offline_refused++;
		else
			m->hotplug->stats.online_refused++;
	}
	return ret;
}

int memory_block_store_online(struct machine *m, unsigned long id, bool online)
{
	int ret;

	if (!block_of(m, id))
		return -ENODEV;
	ret = online ? device_online_block(m, id, MMOP_OFFLINE) : device_offline_block(m, id);
	return ret < 0 ? ret : 0;
}

/* ---- hot-add and hot-remove ---- */

/* Linux: __add_pages() -> sparse_add_section() per section; undone whole on failure. */
static int __add_pages(struct machine *m, pfn_t start_pfn, unsigned long nr_pages)
{
	for (pfn_t pfn = start_pfn; pfn < start_pfn + nr_pages; pfn += PAGES_PER_SECTION) {
		int ret = sparse_add_section(m, pfn, PAGES_PER_SECTION);

		if (ret) {
			for (pfn_t undo = start_pfn; undo < pfn; undo += PAGES_PER_SECTION)
				sparse_remove_section(m, undo, PAGES_PER_SECTION);
			return ret;
		}
	}
	return 0;
}

int add_memory(struct machine *m, int nid, paddr_t start, uint64_t nr_bytes)
{
	struct memory_hotplug *h = m->hotplug;
	pfn_t start_pfn = phys_to_pfn(start);
	unsigned long nr_pages = (unsigned long)(nr_bytes >> PAGE_SHIFT);
	unsigned long first = pfn_to_block_id(m, start_pfn);
	unsigned long last = pfn_to_block_id(m, start_pfn + nr_pages - 1);
	int ret = __add_pages(m, start_pfn, nr_pages);

	if (ret)
		return ret;
	/* Offline struct pages belong to no zone until online_pages() places them. */
	memmap_init_range(m, start_pfn, nr_pages, nid, ZONE_DEVICE, -1);
	/* create_memory_block_devices(), then the node's links (MEMINIT_HOTPLUG). */
	for (unsigned long id = first; id <= last; id++) {
		h->blocks[id] = (struct memory_block){ true, MEM_OFFLINE, NUMA_NO_NODE, 0, NULL };
		memory_block_add_nid(m, id, nid, false);
	}
	h->stats.added++;
	/* online_memory_block(): each block as auto_online_blocks says; answers ignored. */
	if (h->default_online_type != MMOP_OFFLINE)
		for (unsigned long id = first; id <= last; id++)
			device_online_block(m, id, h->default_online_type);
	return 0;
}

int remove_memory(struct machine *m, paddr_t start, uint64_t nr_bytes)
{
	struct memory_hotplug *h = m->hotplug;
	pfn_t start_pfn = phys_to_pfn(start);
	unsigned long nr_pages = (unsigned long)(nr_bytes >> PAGE_SHIFT);
	unsigned long first = pfn_to_block_id(m, start_pfn);
	unsigned long last = pfn_to_block_id(m, start_pfn + nr_pages - 1);

	/* check_memblock_offlined_cb(): every block offline, else -EBUSY. */
	for (unsigned long id = first; id <= last; id++)
		if (block_of(m, id) && h->blocks[id].state != MEM_OFFLINE) {
			h->stats.remove_refused++;
			return -EBUSY;
		}
	/* remove_memory_block_devices(), then arch_remove_memory() -> __remove_pages(). */
	for (unsigned long id = first; id <= last; id++)
		h->blocks[id] = (struct memory_block){ false, MEM_OFFLINE, NUMA_NO_NODE, 0, NULL };
	for (pfn_t pfn = start_pfn; pfn < start_pfn + nr_pages; pfn += PAGES_PER_SECTION)
		sparse_remove_section(m, pfn, PAGES_PER_SECTION);
	h->stats.removed++;
	return 0;
}
