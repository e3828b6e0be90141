/*
 * mm/memory_hotplug.h - memory blocks and memory hotplug: the physical
 * range cut into memory blocks that user space onlines and offlines,
 * hot-add of new memory to a node and hot-remove of offline memory.
 *
 * Vocabulary:
 *   memory block  memory_block_size_bytes() of physical memory, aligned on
 *                 its size (a power-of-two number of 128 MiB sections);
 *                 it exists where some section of it is present, and is
 *                 online (its pages belong to a zone and the buddy) or
 *                 offline.  Its id is its address / the block size.
 *   online type   how a block is onlined (MMOP_*): the word written to
 *                 its state file; MMOP_OFFLINE also means "leave it
 *                 offline" in auto_online_blocks.
 *
 * Invariants:
 *   - a block exists iff some section of it is present; the blocks of a
 *     hot-added range exist from add_memory() to remove_memory();
 *   - a block is MEM_ONLINE iff its present sections are online; an
 *     online block's zone is the one zone that holds all its memory, or
 *     NULL when boot memory of several zones or nodes shares it (such a
 *     block cannot be offlined, as in the kernel);
 *   - hot-added memory is whole blocks of one node.
 *
 * Offlining (offline_pages(), mm/memory_offline.c) isolates the block,
 * migrates its movable pages away and takes its free frames off the
 * buddy; it refuses with -EBUSY (unmovable pages), the notifiers' error
 * or -EINTR (bounded retries), the block then online as before.
 *
 * Linux counterpart: include/linux/memory.h, include/linux/memory_hotplug.h;
 * mm/memory_hotplug.c and drivers/base/memory.c (6.1).
 */
#ifndef MM_MEMORY_HOTPLUG_H
#define MM_MEMORY_HOTPLUG_H

#include "mm/mmzone.h"

/* x86_64: MIN_MEMORY_BLOCK_SIZE (one section) and MAX_BLOCK_SIZE. */
#define MIN_MEMORY_BLOCK_SIZE	((uint64_t)1 << 27)
#define MAX_MEMORY_BLOCK_SIZE	((uint64_t)2 << 30)

/* Linux: the MMOP_* online types, in the order of online_type_to_str[]. */
enum mmop {
	MMOP_OFFLINE,
	MMOP_ONLINE,
	MMOP_ONLINE_KERNEL,
	MMOP_ONLINE_MOVABLE,
	NR_MMOP
};

/*
 * Linux: a memory block's state, and the memory notifier's actions: one
 * set of values in include/linux/memory.h.
 */
enum memory_block_state {
	MEM_ONLINE = 1 << 0,
	MEM_GOING_OFFLINE = 1 << 1,
	MEM_OFFLINE = 1 << 2,
	MEM_GOING_ONLINE = 1 << 3,
	MEM_CANCEL_ONLINE = 1 << 4,
	MEM_CANCEL_OFFLINE = 1 << 5,
};

/* Linux: struct memory_block (no device, no group, no vmemmap pages). */
struct memory_block {
	bool present;			/* the block device exists */
	enum memory_block_state state;
	int nid;			/* the last node that claimed it (NUMA_NO_NODE: none yet) */
	uint64_t nodes;			/* bit n: nodeN/memoryM links to it */
	struct zone *zone;		/* online: its one zone, or NULL (see above) */
};

/* What the hotplug requests did: the kernel's refusals are answers, not errors. */
struct memory_hotplug_stats {
	unsigned long online_ok;	/* blocks onlined (by a state write or auto online) */
	unsigned long online_refused;	/* state writes the kernel refused */
	unsigned long offline_ok;	/* blocks offlined */
	unsigned long offline_refused;	/* state writes refused (the answers above) */
	unsigned long notifier_refused;	/* MEM_GOING_ONLINE/OFFLINE: the injected error answered */
	unsigned long added;		/* add_memory() calls that succeeded */
	unsigned long removed;
	unsigned long remove_refused;	/* -EBUSY: a block of the range was online */
};

/* The memory block devices and the hotplug settings, one per machine. */
struct memory_hotplug {
	uint64_t block_size_bytes;	/* memory_block_size_bytes() */
	unsigned long sections_per_block;
	unsigned long nr_blocks;	/* blocks[] covers the whole physical range */
	struct memory_block *blocks;
	enum mmop default_online_type;	/* auto_online_blocks (mhp_default_online_type) */
	bool movable_node;		/* movable_node on the command line */
	/*
	 * The memory notifier error injector's actions/MEM_GOING_ONLINE/error
	 * and MEM_GOING_OFFLINE/error: 0, or the -errno the notifier answers.
	 */
	int inject_going_online;
	int inject_going_offline;
	struct memory_hotplug_stats stats;
};

/* Boot settings (mm_boot_params). */
struct memory_hotplug_params {
	uint64_t block_size_bytes;	/* 0: MIN_MEMORY_BLOCK_SIZE */
	enum mmop default_online_type;	/* memhp_default_state= */
	bool movable_node;
};

/* ---- boot and teardown ---- */

/*
 * Linux: memory_dev_init() + the node links of register_one_node(): a
 * block for every range of block size holding a present section, online,
 * with its node and zone as boot left them.  0 or -ENOMEM.
 */
int memory_dev_init(struct machine *m, const struct memory_hotplug_params *p);
void memory_dev_release(struct machine *m);

/* ---- reading (the sysfs view) ---- */

/* Linux: memory_block_size_bytes() */
static inline uint64_t memory_block_size_bytes(const struct machine *m)
{
	return m->hotplug->block_size_bytes;
}

static inline unsigned long memory_block_nr_pages(const struct machine *m)
{
	return (unsigned long)(m->hotplug->block_size_bytes >> PAGE_SHIFT);
}

/* Linux: find_memory_block_by_id(): the block, or NULL if it does not exist. */
const struct memory_block *find_memory_block_by_id(const struct machine *m, unsigned long id);

/*
 * Linux: zone_for_pfn_range(), mm/memory_hotplug.c: the zone onlining
 * nr_pages from start_pfn on node nid with this online type would use.
 */
struct zone *zone_for_pfn_range(const struct machine *m, enum mmop online_type, int nid,
				pfn_t start_pfn, unsigned long nr_pages);

/*
 * Linux: valid_zones_show(), drivers/base/memory.c: the zone names the
 * block's valid_zones file lists, separated by spaces, without the
 * newline: its zone (or "none") when online; else the default zone, then
 * the online_kernel and online_movable choices that differ from it.
 */
void memory_block_valid_zones(const struct machine *m, unsigned long id, char *buf, size_t len);

/* Linux: mhp_online_type_from_str() (sysfs_streq: one trailing newline allowed); -1 if none. */
int mhp_online_type_from_str(const char *s);
extern const char *const mhp_online_type_names[NR_MMOP];

/* ---- changing ---- */

/*
 * Linux: state_store(), drivers/base/memory.c, for an existing block:
 * online it with this type, or offline it.  0; -EINVAL when the block is
 * in that state already (device_online()/device_offline() answer 1) or
 * online_pages() refuses; an offline's refusal by offline_pages() (-EBUSY,
 * -EINTR, the injected error).  Each answer is counted in m->hotplug->stats.
 */
int memory_block_store_state(struct machine *m, unsigned long id, enum mmop online_type);

/*
 * The device core's online_store() on a block (its "online" file): 1
 * onlines it (MMOP_ONLINE), 0 offlines it; a block in that state already
 * is no error here.  0 or the answer of the change, as above.
 */
int memory_block_store_online(struct machine *m, unsigned long id, bool online);

/*
 * Linux: add_memory(), mm/memory_hotplug.c: nr_bytes of new memory at
 * start on node nid: sections added, blocks created offline, then onlined
 * with auto_online_blocks unless that says offline.  start and nr_bytes
 * must be block aligned, inside the machine's physical range, and not
 * overlap present memory (the caller checks: the kernel's -EINVAL and
 * -EEXIST).  0 or -ENOMEM.
 */
int add_memory(struct machine *m, int nid, paddr_t start, uint64_t nr_bytes);

/*
 * Linux: remove_memory() -> try_remove_memory(): every block of the block
 * aligned range [start, start + nr_bytes) must exist; 0, or -EBUSY (the
 * kernel's answer, counted) while one of them is online.
 */
int remove_memory(struct machine *m, paddr_t start, uint64_t nr_bytes);

/* ---- between mm/memory_hotplug.c and mm/memory_offline.c ---- */

/*
 * Linux: offline_pages(), mm/memory_hotplug.c: offline nr_pages from
 * start_pfn (block aligned, all in zone).  0, or -EINVAL (several zones),
 * -EBUSY (an unmovable page, a huge page that will not dissolve), -EINTR
 * (numasim's bound on the retries) or the MEM_GOING_OFFLINE notifier's
 * error; on failure nothing but what migrated away has changed.
 */
int offline_pages(struct machine *m, pfn_t start_pfn, unsigned long nr_pages, struct zone *zone);

/* Linux: adjust_present_page_count(): zone and node present pages by nr_pages. */
void adjust_present_page_count(struct zone *zone, long nr_pages);

/*
 * Linux: remove_pfn_range_from_zone(): the range's struct pages leave zone
 * (zoneless placeholders again) and the zone and node spans shrink.
 */
void remove_pfn_range_from_zone(struct machine *m, struct zone *zone, pfn_t start_pfn,
				unsigned long nr_pages);

/*
 * Linux: memory_notify(MEM_GOING_ONLINE or MEM_GOING_OFFLINE): the only
 * notifier numasim has that can refuse is the error injector
 * (mm/memory-notifier-error-inject.c).  0 or its -errno (counted).
 */
int memory_notify_going(struct machine *m, enum memory_block_state action);

/* Linux: reserve_mem_notifier(), mm/mmap.c, for MEM_ONLINE or MEM_OFFLINE. */
void reserve_mem_notifier(struct machine *m, enum memory_block_state action);

#endif /* MM_MEMORY_HOTPLUG_H */
