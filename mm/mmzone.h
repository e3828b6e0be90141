/*
 * mm/mmzone.h - nodes, zones, free areas, per-CPU page lists and the machine
 * that holds them.
 *
 * Vocabulary (smallest to largest):
 *   frame/page   4 KiB of physical memory and its struct page.
 *   block        2^order naturally aligned frames handled as one unit by the
 *                buddy allocator; its head page carries PageBuddy and order.
 *   pageblock    2^pageblock_order frames (2 MiB by default) sharing one
 *                migratetype; the unit of anti-fragmentation grouping.
 *   zone         a pfn range of one node with one allocation policy
 *                (DMA, DMA32, Normal, Movable), its own free lists,
 *                watermarks and counters.
 *   node         pglist_data: the zones of one NUMA node.
 *   machine      all nodes, the memory sections and memmap, the sysctls,
 *                the global event counters and the kernel profile.  It
 *                replaces the kernel's globals: every mm function takes a
 *                struct machine * (or something reachable from one).
 *
 * Invariants (checked by buddy_check()/pageblock_check() in mm/debug.c):
 *   - free_area[o].nr_free equals the total length of free_area[o]'s lists;
 *   - a page is PageBuddy iff it heads a block on exactly one free list, and
 *     the block lies inside its zone;
 *   - NR_FREE_PAGES equals the pages on the free lists, minus those on
 *     MIGRATE_ISOLATE lists;
 *   - no two free buddies of the same order that could merge are left
 *     unmerged.
 *
 * Linux counterpart: include/linux/mmzone.h (v6.1).
 */
#ifndef MM_MMZONE_H
#define MM_MMZONE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/machine.h"
#include "mm/latency_hist.h"
#include "mm/daemon.h"
#include "mm/mm_types.h"
#include "mm/gfp.h"
#include "mm/migrate_mode.h"
#include "mm/explain.h"
#include "mm/trace_events.h"

/* Orders 0..10: 6.1's MAX_ORDER is exclusive (the largest block is 4 MiB). */
#define MAX_ORDER		11
#define NR_PAGE_ORDERS		MAX_ORDER
#define PAGE_ALLOC_COSTLY_ORDER	3
#define MAX_NUMNODES		HW_MAX_NODES
#define NUMA_NO_NODE		(-1)

enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_PCPTYPES,	/* the number of types on the pcp lists */
	MIGRATE_HIGHATOMIC = MIGRATE_PCPTYPES,
	MIGRATE_CMA,		/* present only when the machine has CMA */
	MIGRATE_ISOLATE,
	MIGRATE_TYPES
};

static inline bool is_migrate_movable(int mt)
{
	return mt == MIGRATE_MOVABLE || mt == MIGRATE_CMA;
}

/* Types whose pageblocks may merge with any other type's (see __free_one_page). */
static inline bool migratetype_is_mergeable(int mt)
{
	return mt < MIGRATE_PCPTYPES;
}

/* x86_64 zones, in index order. */
enum zone_type {
	ZONE_DMA,
	ZONE_DMA32,
	ZONE_NORMAL,
	ZONE_MOVABLE,
	ZONE_DEVICE,
	MAX_NR_ZONES
};

enum zone_watermarks {
	WMARK_MIN,
	WMARK_LOW,
	WMARK_HIGH,
	WMARK_PROMO,
	NR_WMARK
};

/* zone->flags bits. */
enum zone_flags {
	ZONE_BOOSTED_WATERMARK,	/* a fallback boosted the watermark: wake kswapd */
	ZONE_RECLAIM_ACTIVE,	/* kswapd is reclaiming this zone */
};

#define ZONE_STAT_ITEM(e, s) e,
enum zone_stat_item {
#include "mm/vmstat_items.h"
	NR_VM_ZONE_STAT_ITEMS
};
#undef ZONE_STAT_ITEM

#define NUMA_STAT_ITEM(e, s) e,
enum numa_stat_item {
#include "mm/vmstat_items.h"
	NR_VM_NUMA_EVENT_ITEMS
};
#undef NUMA_STAT_ITEM

#define NODE_STAT_ITEM(e, s) e,
enum node_stat_item {
#include "mm/vmstat_items.h"
	NR_VM_NODE_STAT_ITEMS
};
#undef NODE_STAT_ITEM

#define VM_EVENT_ITEM(e, s) e,
enum vm_event_item {
#include "mm/vmstat_items.h"
	NR_VM_EVENT_ITEMS
};
#undef VM_EVENT_ITEM

/*
 * A doubly linked list of pages threaded through page->lru_next/lru_prev.
 * Links are memmap indices, not pointers, to keep struct page at 32 bytes.
 */
struct page_list {
	uint32_t first;
	uint32_t last;
};

struct free_area {
	struct page_list free_list[MIGRATE_TYPES];
	unsigned long nr_free;		/* blocks of this order, all types */
};

/*
 * Per-CPU page lists: orders 0..PAGE_ALLOC_COSTLY_ORDER for each of the
 * MIGRATE_PCPTYPES types, plus one list of pageblock_order pages (THP).
 */
#define NR_LOWORDER_PCP_LISTS	(MIGRATE_PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1))
#define NR_PCP_LISTS		(NR_LOWORDER_PCP_LISTS + 1)

struct per_cpu_pages {
	int count;		/* base pages on all lists */
	int high;		/* drain above this */
	int batch;		/* refill/drain chunk */
	short free_factor;	/* 6.1 batch scaling for consecutive frees */
	uint8_t expire;		/* vmstat_update rounds left before a remote drain */
	struct page_list lists[NR_PCP_LISTS];
};

/*
 * One CPU's not yet folded share of a zone's counters.  An update adds to
 * the CPU's diff; only when the diff passes stat_threshold does it reach
 * zone->vm_stat (see mm/vmstat_counters.h).  Linux: struct per_cpu_zonestat.
 */
struct per_cpu_zonestat {
	int8_t vm_stat_diff[NR_VM_ZONE_STAT_ITEMS];
	int8_t stat_threshold;
};

/* The same for a node's counters.  Linux: struct per_cpu_nodestat. */
struct per_cpu_nodestat {
	int8_t stat_threshold;
	int8_t vm_node_stat_diff[NR_VM_NODE_STAT_ITEMS];
};

/* LRU lists.  Linux: enum lru_list, include/linux/mmzone.h. */
enum lru_list {
	LRU_INACTIVE_ANON,
	LRU_ACTIVE_ANON,
	LRU_INACTIVE_FILE,
	LRU_ACTIVE_FILE,
	LRU_UNEVICTABLE,
	NR_LRU_LISTS
};

/* Linux: struct lruvec (one per node; no memory cgroups). */
struct lruvec {
	struct page_list lists[NR_LRU_LISTS];
	/* LRU and reclaim: what reclaiming each kind cost lately (lru_note_cost()). */
	unsigned long anon_cost;
	unsigned long file_cost;
	/* Workingset (mm/workingset.c): evictions and activations so far. */
	unsigned long nonresident_age;
	/* workingset_activate_anon/_file when reclaim last finished (snapshot_refaults()). */
	unsigned long refaults[2];
};

struct pglist_data;
struct machine;
struct mem_section;

struct zone {
	/* Read-mostly: watermarks and reserves. */
	unsigned long _watermark[NR_WMARK];
	unsigned long watermark_boost;
	unsigned long nr_reserved_highatomic;
	/* Free pages on HIGHATOMIC lists (6.10; kept with freelist_accounting only). */
	unsigned long nr_free_highatomic;
	long lowmem_reserve[MAX_NR_ZONES];

	int node;
	struct pglist_data *zone_pgdat;
	struct per_cpu_pages *per_cpu_pageset;	/* [machine->nr_cpus] */
	int pageset_high;
	int pageset_batch;

	pfn_t zone_start_pfn;
	unsigned long spanned_pages;	/* end - start, holes included */
	unsigned long present_pages;	/* spanned minus holes */
	unsigned long managed_pages;	/* present minus reserved: the buddy's */
	unsigned long cma_pages;
	const char *name;

	int nr_isolate_pageblock;
	unsigned long flags;		/* enum zone_flags bits */
	struct free_area free_area[MAX_ORDER];

	/*
	 * Compaction (mm/compaction.c): where the scanners resume (the
	 * migrate scanner's for ASYNC [0] and SYNC [1] runs), where the last
	 * skip-hint reset put them, and the deferral after failures: skip
	 * compaction for orders >= compact_order_failed until
	 * compact_considered reaches 1 << compact_defer_shift.
	 */
	pfn_t compact_cached_free_pfn;
	pfn_t compact_cached_migrate_pfn[2];
	pfn_t compact_init_migrate_pfn;
	pfn_t compact_init_free_pfn;
	unsigned int compact_considered;
	unsigned int compact_defer_shift;
	int compact_order_failed;
	bool compact_blockskip_flush;	/* a full direct run asks kswapd to reset the hints */

	/*
	 * Counters: vm_stat lags the truth by what the CPUs hold in
	 * per_cpu_zonestats[cpu] (NR_FREE_PAGES included, as in the kernel);
	 * zone_page_state_snapshot() adds it back.  NUMA events are exact
	 * (the kernel folds its per-CPU ones before every read).
	 */
	struct per_cpu_zonestat *per_cpu_zonestats;	/* [machine->nr_cpus] */
	unsigned long percpu_drift_mark;	/* below it, read NR_FREE_PAGES exactly */
	long vm_stat[NR_VM_ZONE_STAT_ITEMS];
	unsigned long vm_numa_event[NR_VM_NUMA_EVENT_ITEMS];
};

/* A zone in a zonelist, with its index cached (struct zoneref). */
struct zoneref {
	struct zone *zone;
	int zone_idx;
};

enum {
	ZONELIST_FALLBACK,	/* every node, nearest first */
	ZONELIST_NOFALLBACK,	/* this node only: __GFP_THISNODE */
	MAX_ZONELISTS
};

#define MAX_ZONES_PER_ZONELIST	(MAX_NUMNODES * MAX_NR_ZONES)

struct zonelist {
	struct zoneref _zonerefs[MAX_ZONES_PER_ZONELIST + 1];	/* NULL-terminated */
};

typedef struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];
	struct zonelist node_zonelists[MAX_ZONELISTS];
	int nr_zones;			/* highest populated zone index + 1 */
	pfn_t node_start_pfn;
	unsigned long node_present_pages;
	unsigned long node_spanned_pages;
	/*
	 * The first frame of the node's highest zone whose struct page boot
	 * left to deferred init (CONFIG_DEFERRED_STRUCT_PAGE_INIT), PFN_NONE
	 * when nothing was deferred.  Pageblocks from here on are marked
	 * MOVABLE only where deferred init frees memory.
	 */
	pfn_t first_deferred_pfn;
	int node_id;
	struct machine *machine;

	/* kswapd (mm/vmscan.c): woken by allocators, run as a daemon. */
	struct mm_daemon kswapd;
	int kswapd_order;
	enum zone_type kswapd_highest_zoneidx;

	/* kcompactd (mm/kcompactd.c): woken by kswapd, or every 500 ms. */
	struct mm_daemon kcompactd;
	int kcompactd_max_order;
	enum zone_type kcompactd_highest_zoneidx;
	bool proactive_compact_trigger;	/* the proactiveness sysctl was written */
	uint64_t kcompactd_timeout_ns;	/* its next sleep's length */

	struct lruvec lruvec;

	/*
	 * LRU and reclaim (mm/vmscan.c): kswapd runs in a row that reclaimed
	 * nothing (MAX_RECLAIM_RETRIES of them: the node is hopeless until
	 * a direct reclaimer frees something), the PGDAT_* bits, and the
	 * THPs on the node's deferred split queue (the shrinker's count).
	 */
	int kswapd_failures;
	unsigned long totalreserve_pages;	/* the node's part of machine.totalreserve_pages */
	unsigned long reclaim_flags;	/* 1 << enum pgdat_flags */
	/*
	 * kswapd's short nap before it sleeps for good (kswapd_try_to_sleep()):
	 * napping while armed for the nap's end; nap_woken if an allocation
	 * woke it before then; the order and zone it reclaimed for.
	 */
	bool kswapd_napping;
	bool kswapd_nap_woken;
	int kswapd_reclaim_order;
	enum zone_type kswapd_last_zoneidx;
	/*
	 * kswapd throttled on writeback (reclaim_throttle() with
	 * VMSCAN_THROTTLE_WRITEBACK): armed for the end of the wait, woken
	 * early once more than SWAP_CLUSTER_MAX pages were written since
	 * nr_reclaim_start (NR_THROTTLED_WRITTEN).  balance_pgdat()'s state
	 * is kept here to go on where it stopped.
	 */
	bool kswapd_throttled;
	uint64_t kswapd_throttle_start_ns;
	unsigned long nr_reclaim_start;
	struct kswapd_balance {
		int alloc_order, order, priority;
		enum zone_type highest_zoneidx;
		unsigned long nr_reclaimed, nr_boost_reclaim;
		bool boosted;
		unsigned long boosts[MAX_NR_ZONES];
	} kswapd_balance;
	unsigned long deferred_split_queue_len;

	struct per_cpu_nodestat *per_cpu_nodestats;	/* [machine->nr_cpus] */
	long vm_stat[NR_VM_NODE_STAT_ITEMS];		/* lags as zone->vm_stat does */
} pg_data_t;

/* The /proc/sys/vm knobs the allocator reads. */
struct vm_sysctls {
	int min_free_kbytes;
	int user_min_free_kbytes;	/* -1 until someone writes min_free_kbytes */
	int watermark_scale_factor;
	int watermark_boost_factor;
	int percpu_pagelist_high_fraction;
	int extfrag_threshold;
	int compaction_proactiveness;	/* 0..100: proactive compaction's effort */
	int compact_unevictable_allowed;	/* may compaction move mlocked pages? */
	int stat_interval;		/* seconds between vmstat_update runs */
	int lowmem_reserve_ratio[MAX_NR_ZONES];
	/* The commit accounting (mm/util.c, mm/mman.h). */
	int overcommit_memory;		/* OVERCOMMIT_GUESS, _ALWAYS or _NEVER */
	int overcommit_ratio;		/* % of RAM in CommitLimit while overcommit_kbytes is 0 */
	unsigned long overcommit_kbytes;	/* CommitLimit's RAM part in KiB, if not 0 */
	unsigned long user_reserve_kbytes;	/* mode 2 keeps this much from one process */
	unsigned long admin_reserve_kbytes;	/* mode 2 keeps this much for CAP_SYS_ADMIN */
	/* LRU and reclaim (mm/vmscan.c). */
	int swappiness;			/* 0..200: anon against file reclaim */
	int vfs_cache_pressure;		/* % the shrinkers scale their counts by */
	/* Dirty pages and writeback (mm/page-writeback.c); a ratio or bytes, never both. */
	int dirty_background_ratio;		/* % of dirtyable memory; 0 while _bytes is set */
	unsigned long dirty_background_bytes;
	int dirty_ratio;
	unsigned long dirty_bytes;
	unsigned int dirty_writeback_centisecs;	/* the flusher's period; 0: none */
	unsigned int dirty_expire_centisecs;	/* dirty data older than this is written */
};

/*
 * kernel.numa_balancing and the scanner's tunables (mm/numa_balancing.h).
 * In 6.1 the four scan tunables are debugfs files
 * (/sys/kernel/debug/sched/numa_balancing/); numasim names them as the
 * sysctls they were before 5.13.
 * Linux: sysctl_numa_balancing_mode, sysctl_numa_balancing_scan_*.
 */
struct numa_balancing_sysctls {
	int mode;			/* 0 off; bit 0 normal, bit 1 memory tiering */
	unsigned int scan_delay_ms;	/* a new address space waits this long */
	unsigned int scan_period_min_ms;	/* the fastest a task's whole RSS is scanned */
	unsigned int scan_period_max_ms;	/* the slowest */
	unsigned int scan_size_mb;	/* what one scan marks */
};

/*
 * One CPU as the scheduler sees it (mm/sched_tick.c): the user task on
 * it and since when, and its tick.  Linux: struct rq (curr), the
 * scheduler tick.
 */
struct sched_rq {
	struct task_struct *curr;	/* NULL: no user task (idle, or a kernel thread) */
	uint64_t exec_start_ns;		/* when curr's runtime was last brought up to date */
	struct mm_daemon tick;		/* armed for the next tick that does something */
};

/*
 * The costliest step an allocation took, for its latency (the order of the
 * enum: a later step outranks an earlier one).  FAST: the first
 * get_page_from_freelist() served it; SLOW: __alloc_pages_slowpath()
 * without direct compaction or reclaim; COMPACT: direct compaction ran
 * (not skipped); RECLAIM: direct reclaim ran.
 */
enum alloc_path { ALLOC_PATH_FAST, ALLOC_PATH_SLOW, ALLOC_PATH_COMPACT, ALLOC_PATH_RECLAIM,
		  NR_ALLOC_PATHS };

/*
 * Totals that /proc does not show but a simulator user wants: how often the
 * allocator fell back, failed, and so on.  All counts, never bytes.
 */
struct mm_sim_stats {
	unsigned long alloc_success[MAX_ORDER];
	unsigned long alloc_fail[MAX_ORDER];
	unsigned long extfrag_events;		/* mm_page_alloc_extfrag fired */
	unsigned long extfrag_fragmenting;	/* ... with fragmenting=1 */
	unsigned long extfrag_change_ownership;	/* ... with change_ownership=1 */
	/* ... by the request's type (first index) and the fallback's */
	unsigned long extfrag_by_type[MIGRATE_TYPES][MIGRATE_TYPES];
	unsigned long pageblock_steals;		/* pageblocks whose type changed by fallback */
	/*
	 * Blocks taken from a request's own type's free list that lay in a
	 * pageblock of another type (a pcp free put them on the wrong list:
	 * 6.1 can, 6.10's freelist hygiene cannot): the "Pagealloc type
	 * mismatch" of the hygiene series' cover letter.
	 */
	unsigned long alloc_type_mismatch;
	unsigned long kswapd_wakeups;
	unsigned long reclaim_throttled;	/* direct reclaimers that waited for writes (reclaim_throttle()) */
	unsigned long kswapd_throttled;		/* kswapd waits for writeback (VMSCAN_THROTTLE_WRITEBACK) */
	/* Page isolation and contiguous allocation (mm/page_isolation.h, mm/page_alloc_contig.h). */
	unsigned long isolate_unmovable_reported; /* REPORT_FAILURE: a pageblock refused isolation */
	unsigned long test_pages_isolated_fail;	/* test_pages_isolated() met a busy frame */
	unsigned long contig_range_success;	/* alloc_contig_range() returned 0 */
	unsigned long contig_range_fail;	/* ... an error */
	unsigned long contig_pages_success;	/* alloc_contig_pages() found a range */
	unsigned long contig_pages_fail;	/* ... found none */
	/* How long each allocation took in simulated time, by order (mm/latency_hist.h). */
	struct latency_hist alloc_latency[MAX_ORDER];
	/* ... by the costliest step each took (all orders together). */
	struct latency_hist alloc_path_latency[NR_ALLOC_PATHS];
	enum alloc_path alloc_path;	/* of the allocation in progress */
};

/*
 * Where a followed trace (mm/page_place.h) and the simulated memory
 * disagree, by kind; the event is skipped.
 */
enum follow_kind {
	FOLLOW_OK,
	FOLLOW_IN_USE,		/* an alloc pfn= finds a frame of its block in use */
	FOLLOW_OUTSIDE,		/* the block is not memory of one zone of this machine */
	FOLLOW_ORDER_MISMATCH,	/* pfn not aligned to the order, or a free pfn= block partly free */
	FOLLOW_FREE_IN_USE,	/* a free pfn= of a block in use (a followed allocation's) */
	NR_FOLLOW_KINDS
};

/* What a followed replay did (mm/page_place.c counts, sim/ reports). */
struct mm_follow_stats {
	unsigned long placed_pcp;	/* alloc pfn= served from a per-CPU list */
	unsigned long placed_buddy;	/* ... from the buddy lists */
	unsigned long pretrace_frees;	/* free pfn= of a free block: reconstructed, freed */
	unsigned long reserved_released; /* boot-reserved frames the trace shows free */
	unsigned long extfrag_applied;	/* extfrag change_ownership=1 applied */
	unsigned long inconsistent[NR_FOLLOW_KINDS];	/* [FOLLOW_OK] stays 0 */
};

/* /sys/kernel/mm/transparent_hugepage.  Linux: transparent_hugepage_flags. */
enum thp_enabled_mode { THP_ENABLED_ALWAYS, THP_ENABLED_MADVISE, THP_ENABLED_NEVER };
enum thp_defrag_mode {
	THP_DEFRAG_ALWAYS,
	THP_DEFRAG_DEFER,
	THP_DEFRAG_DEFER_MADVISE,
	THP_DEFRAG_MADVISE,
	THP_DEFRAG_NEVER
};

struct thp_settings {
	enum thp_enabled_mode enabled;
	enum thp_defrag_mode defrag;
	bool use_zero_page;
};

/*
 * A hugetlb pool of one page size: the default 2 MiB one (m->hstate) or
 * the gigantic 1 GiB one (m->hstate_gigantic).  Linux: struct hstate,
 * include/linux/hugetlb.h.  Free huge pages sit on their node's list,
 * linked through the head page's lru links.
 */
struct hstate {
	unsigned int order;
	int next_nid_to_alloc;
	int next_nid_to_free;
	unsigned long max_huge_pages;
	unsigned long nr_huge_pages;
	unsigned long free_huge_pages;
	unsigned long resv_huge_pages;
	unsigned long surplus_huge_pages;
	unsigned long nr_overcommit_huge_pages;
	unsigned long nr_huge_pages_node[MAX_NUMNODES];
	unsigned long free_huge_pages_node[MAX_NUMNODES];
	unsigned long surplus_huge_pages_node[MAX_NUMNODES];
	struct page_list hugepage_freelists[MAX_NUMNODES];
};

/*
 * The process side of the machine (mm/fork.c owns it): tasks by pid, the
 * handles that page->owner's mapping bits name, the contents of page-table
 * pages, named files, the cpusets (mm/cpuset.c).  The kernel keeps these in global tables (the pid
 * hash, the direct map); numasim keeps them per machine.
 */
struct task_struct;
struct capture_control;
struct address_space;

struct mm_procs {
	struct task_struct **tasks;	/* sorted by pid */
	size_t nr_tasks;
	size_t tasks_cap;

	void **map_objs;		/* id -> anon_vma or address_space; [0] unused */
	uint32_t nr_map_ids;
	uint32_t map_ids_cap;
	uint32_t map_free;		/* a free id, chained through map_objs; 0: none */

	uint64_t **pt_tables;		/* slot -> the 512 entries of a table page */
	uint32_t nr_pt_slots;
	uint32_t pt_slots_cap;
	uint32_t pt_free;		/* a free slot, chained; 0: none */

	struct address_space **files;	/* named files, in creation order */
	size_t nr_files;
	size_t files_cap;

	struct cpuset top_cpuset;	/* the root: every node with memory (mm/cpuset.c) */
	struct cpuset **cpusets;	/* the others, one per mems set, in creation order */
	size_t nr_cpusets;
	size_t cpusets_cap;
};

/* The time migrations took, by the cost model (hw/migrate_cost.h). */
struct migrate_time {
	uint64_t folios;		/* folios moved */
	uint64_t bytes;			/* their size */
	uint64_t time_ns;		/* the clock time they took */
	uint64_t tlb_flushes;		/* TLB flushes charged (per mapping, or per batch from 6.3) */
	uint64_t tlb_ipis;		/* IPIs those flushes sent */
};

/*
 * Swap (mm/swap.h): the devices swapon enabled and what swapping did.
 * Linux: swap_info[], nr_swap_pages, total_swap_pages, swap_avail_heads,
 * least_priority (mm/swapfile.c); the swapin readahead window state
 * (mm/swap_state.c).
 */
struct swap_info_struct;

struct swap_stats {
	unsigned long via_swap_folios;		/* migrate_pages via=swap: folios swapped out */
	unsigned long via_swap_refused_mlocked;	/* ... left: a VM_LOCKED mapping */
	unsigned long via_swap_refused_pinned;	/* ... left: maybe DMA-pinned */
	unsigned long via_swap_refused_unswappable; /* ... left: hugetlb, file or shmem */
	unsigned long via_swap_refused_noswap;	/* ... left: no free swap slot */
	uint64_t via_swap_ns;			/* the clock time those calls took */
	uint64_t write_ns;			/* device time of every swap write */
	uint64_t read_ns;			/* device time of every swap read */
	uint64_t read_wait_ns;			/* faults' time waiting for swap reads */
	unsigned long tag_waits;		/* writers that found the request queue full */
	uint64_t tag_wait_ns;			/* the clock time they waited for a request */
};

struct mm_swap {
	struct swap_info_struct *info[MAX_SWAPFILES];	/* by type, in swapon order */
	unsigned int nr_swapfiles;
	struct swap_info_struct *avail[MAX_SWAPFILES];	/* with free slots, by priority */
	unsigned int nr_avail;
	long nr_swap_pages;		/* free slots */
	long total_swap_pages;		/* usable slots */
	int least_priority;		/* the last default priority given */
	unsigned int page_cluster;	/* vm.page-cluster: readahead up to 2^n pages */
	uint64_t ra_prev_offset;	/* swapin_nr_pages(): the last offset without hits */
	unsigned int ra_hits;		/* swapin_readahead_hits */
	unsigned int ra_last_pages;	/* last_readahead_pages */
	bool migrate_via_swap;		/* config: migrate_pages(2) swaps pages out */
	struct mm_daemon io_done;	/* completes swap writes at their device time */
	struct swap_stats stats;
};

/* What a simulated process did that /proc does not count. */
struct mm_proc_stats {
	unsigned long segv;			/* accesses outside any VMA or against its protection */
	unsigned long sigbus;			/* hugetlb faults without a huge page, shmem ones without commit */
	unsigned long fault_oom;		/* faults that found no memory (pagefault_out_of_memory) */
	unsigned long migration_entry_waits;	/* faults that found a migration entry */
	unsigned long migration_lock_waits;	/* migrations that slept on a page lock (folio_lock) */
	unsigned long migration_writeback_waits; /* migrations that waited for a writeback */
	unsigned long cow_copies;		/* wp faults that copied */
	unsigned long cow_reuses;		/* wp faults that reused the page */
	unsigned long pins_longterm;		/* FOLL_LONGTERM pins taken */
	unsigned long pins;			/* other FOLL_PIN/FOLL_GET references taken */
	unsigned long commit_refused;		/* charges __vm_enough_memory() refused */
	/* NUMA hinting faults that chose to move their page, by target node */
	unsigned long numa_misplaced[MAX_NUMNODES];
};

/*
 * The OOM killer's record (mm/oom_kill.c): one entry per kill, with what
 * 6.1's "Killed process" line prints, and the totals.
 */
struct oom_kill {
	int pid;
	char comm[TASK_COMM_LEN];
	uint64_t time_ns;			/* the machine's clock at the kill */
	unsigned long total_vm_kb;
	unsigned long anon_rss_kb;
	unsigned long file_rss_kb;
	unsigned long shmem_rss_kb;
	unsigned long pgtables_kb;
	int oom_score_adj;
	long points;				/* its oom_badness() */
	unsigned long totalpages;		/* the constraint's size */
	int constraint;				/* enum oom_constraint (mm/oom.h) */
	int order;				/* the failed allocation's */
	gfp_t gfp_mask;
};

struct oom_state {
	struct oom_kill *kills;			/* in kill order */
	size_t nr_kills;
	size_t kills_cap;
	unsigned long no_killable;		/* OOMs with no task to kill (6.1 panics) */
	unsigned long nofail_failed;		/* __GFP_NOFAIL allocations that could never succeed */
};

/* A raw allocation's handle (mm/raw_alloc.h): 1 .. 2^32 - 2; RAW_HANDLE_NONE names nothing. */
typedef uint32_t raw_handle_t;
#define RAW_HANDLE_NONE	0u

/* The table of the trace's raw allocations (mm/raw_alloc.c), one per machine. */
struct raw_allocs {
	uint64_t *slots;	/* [handle]: see raw_alloc.c for the word's layout */
	uint32_t nr_slots;	/* handles handed out so far, slot 0 unused */
	uint32_t cap;		/* slots allocated, and room on the free stack */
	uint32_t *free;		/* a stack of freed handles, [nr_free] */
	uint32_t nr_free;
	unsigned long nr_live;
	uint32_t mops_id;	/* the mapping handle of the raw movable_operations */
};

/*
 * A balloon device: the pages a driver took from the allocator and gave
 * to the hypervisor, listed through their lru links (mm/balloon_compaction.h).
 * Linux: struct balloon_dev_info, include/linux/balloon_compaction.h.
 */
struct balloon_dev_info {
	unsigned long isolated_pages;	/* off the list for migration, not yet back */
	struct page_list pages;		/* the pages the host holds, newest first */
	uint32_t mops_id;		/* the mapping handle of balloon_mops (the kernel's &balloon_mops) */
	/* The driver's move of one page: see balloon_page_migrate(). */
	int (*migratepage)(struct machine *m, struct balloon_dev_info *b, struct page *newpage,
			   struct page *page, enum migrate_mode mode);
};

/*
 * The virtio balloon driver's state, one device per machine
 * (mm/virtio_balloon.h).  Counts are in 4 KiB balloon pages, which are
 * frames here.  Linux: struct virtio_balloon, drivers/virtio/virtio_balloon.c.
 */
struct virtio_balloon {
	struct balloon_dev_info vb_dev_info;
	uint32_t target_pages;		/* the host's wish: the config space's num_pages */
	uint32_t num_pages;		/* the pages the host holds: the config space's actual */
	struct page_list fill_batch;	/* allocated by a fill_balloon() asleep before enqueueing */
	uint32_t fill_batch_pages;
	struct mm_daemon update_balloon_size_work;
};

/*
 * Page cache and writeback: the machine's block device queue and its
 * flusher (mm/writeback.h).  Writes complete in the order they were
 * queued, each at its own time; inflight[] is a ring in that order.
 * Linux: struct bdi_writeback (its work list and dirty-time state), the
 * block device's request queue.
 */
struct wb_inflight {
	pfn_t pfn;			/* the folio under writeback; PFN_NONE: done early */
	uint64_t done_ns;		/* when the device has written it */
};

struct bdi_writeback {
	uint64_t busy_until_ns;		/* the device has finished what it was given by then */
	struct wb_inflight *inflight;	/* ring of writes not yet completed */
	size_t head, nr, cap;
	struct mm_daemon end_io;	/* completes the writes due (bio end_io) */
	struct mm_daemon flusher;	/* wb_workfn: background and periodic writeback */
	bool background;		/* background writeback asked for (wb_start_background_writeback) */
	uint64_t last_old_flush_ns;	/* wb_check_old_data_flush's last periodic pass */
	/* What the tasks waited for, in simulated time. */
	uint64_t read_wait_ns;		/* reads waiting for the device */
	uint64_t sync_wait_ns;		/* fsync, truncate: waiting for writes */
	uint64_t throttle_ns;		/* balance_dirty_pages() pauses */
	unsigned long throttle_pauses;
};

struct memory_hotplug;
struct mm_profile;

#define MAX_FALLBACKS	(MIGRATE_PCPTYPES - 1)

/*
 * The allocator's research knobs (kernel.policy.* of the config): the
 * values the profile's fallback decisions read, filled at boot from the
 * profile's defaults and overridden by the config (mm/profile.h).
 */
struct alloc_knobs {
	/* The types a request falls back to, in order; MIGRATE_TYPES ends a row. */
	int fallbacks[MIGRATE_PCPTYPES][MAX_FALLBACKS + 1];
	/* A fallback claims the block when this many pages are free or alike. */
	unsigned int claim_threshold_pages;
	/* A Movable fallback of at least this order takes the whole block. */
	unsigned int steal_order;
};
struct shrinker;
struct slab_caches;

#define MAX_SHRINKERS	8

struct machine {
	struct hw_machine hw;

	/*
	 * The memmap, SPARSEMEM_VMEMMAP style (mm/sparse.h): host address
	 * space for the struct pages of [0, end_pfn) rounded up to a section,
	 * backed only where a section has a memmap.  Reach it through
	 * pfn_to_page()/page_to_pfn() and the page-list helpers alone, and
	 * only for pfns that pfn_valid() accepts.
	 */
	struct page *vmemmap;
	pfn_t end_pfn;			/* end of the physical range the nodes span */
	struct mem_section **mem_section;	/* NR_SECTION_ROOTS roots, each on demand */
	unsigned long highest_present_section_nr;
	unsigned int pageblock_order;	/* pageblock flags live in the section usage */
	struct memory_hotplug *hotplug;	/* the memory blocks (mm/memory_hotplug.h) */

	unsigned int nr_node_ids;
	pg_data_t *node_data[MAX_NUMNODES];
	unsigned int nr_cpus;
	int cpu_to_node[HW_MAX_CPUS];
	int current_cpu;		/* the CPU the current event runs on */

	struct vm_sysctls vm;
	struct numa_balancing_sysctls numab;
	bool page_group_by_mobility_disabled;
	bool deferred_struct_page_init;	/* CONFIG_DEFERRED_STRUCT_PAGE_INIT */
	bool pcp_enabled;
	bool thp_enabled;		/* THP "always" or "madvise": khugepaged raises min_free_kbytes */
	bool has_cma;			/* CONFIG_CMA: MIGRATE_CMA exists in the ABI */
	bool has_zone_dma;		/* CONFIG_ZONE_DMA: else __GFP_DMA means Normal */
	bool has_zone_dma32;		/* CONFIG_ZONE_DMA32: else __GFP_DMA32 means Normal */
	const struct mm_profile *profile;	/* the kernel's decisions (mm/profile.h) */
	struct alloc_knobs alloc_knobs;		/* what those decisions read */

	/* Processes (issue 3 on). */
	struct task_struct *current;	/* the task of the current event, or NULL */
	/* A direct compactor's claim on freed pages (current->capture_control). */
	struct capture_control *capture_control;
	struct mm_procs procs;
	struct thp_settings thp;
	struct hstate hstate;		/* 2 MiB, the default size */
	struct hstate hstate_gigantic;	/* 1 GiB, filled at run time only */
	pfn_t zero_pfn;			/* ZERO_PAGE: a reserved frame */
	struct page *huge_zero_page;	/* allocated on first use */
	struct mm_proc_stats proc_stats;
	struct oom_state oom;		/* the OOM killer's kills (mm/oom_kill.c) */
	struct migrate_time migrate_time;	/* what migration cost (hw/migrate_cost.h) */
	struct mm_swap swap;		/* swap devices and the swap cache (mm/swap.h) */
	/*
	 * Each frame's last_cpupid (mm/numa_balancing.h), [end_pfn], stored
	 * inverted so that a zeroed entry reads as the reset value.  The
	 * kernel keeps it in page->flags; numasim's 32-byte struct page has
	 * no room left.
	 */
	uint32_t *last_cpupid;

	struct raw_allocs raw;		/* the trace's raw allocations (mm/raw_alloc.h) */
	struct virtio_balloon balloon;	/* the balloon device (mm/virtio_balloon.h) */
	unsigned long num_poisoned_pages;	/* PG_hwpoison frames (mm/memory-failure.c) */
	struct cma_state *cma;		/* CMA areas (mm/cma.h), NULL without any */

	/* Time and background work (mm/daemon.h). */
	uint64_t clock_ns;		/* simulated time since boot */
	struct mm_daemons daemons;
	struct mm_daemon *vmstat_work;	/* [nr_cpus]: vmstat_update per CPU (mm/vmstat.c) */
	struct mm_daemon vmstat_shepherd;
	struct sched_rq *rq;		/* [nr_cpus]: who runs where (mm/sched_tick.c) */

	/* Caches that give memory back (mm/vmscan.h), registered at boot. */
	const struct shrinker *shrinkers[MAX_SHRINKERS];
	unsigned int nr_shrinkers;
	/* Each shrinker's work left over, per node (node 0 alone if not NUMA aware). */
	long shrinker_nr_deferred[MAX_SHRINKERS][MAX_NUMNODES];

	/* Kernel object caches (mm/slab.h): the caches and the trace's objects. */
	struct slab_caches *slab;

	unsigned long totalreserve_pages;	/* calculate_totalreserve_pages(), kept as 6.1 keeps it */
	long vm_committed_as;		/* pages committed (mm/util.c); the kernel's percpu counter, exact */
	unsigned long vm_events[NR_VM_EVENT_ITEMS];
	struct mm_sim_stats stats;
	struct mm_follow_stats follow;	/* a followed replay's (mm/page_place.h) */
	struct mm_event_sink sink;
	struct mm_explain_sink explain;	/* the narration (mm/explain.h), NULL emit without one */

	/* Page cache and writeback (mm/writeback.h). */
	struct bdi_writeback wb;
};

/* ---- memmap and pfn helpers ---- */

/* Linux: __pfn_to_page() / __page_to_pfn() for SPARSEMEM_VMEMMAP. */
static inline struct page *pfn_to_page(const struct machine *m, pfn_t pfn)
{
	return m->vmemmap + pfn;
}

static inline pfn_t page_to_pfn(const struct machine *m, const struct page *page)
{
	return (pfn_t)(page - m->vmemmap);
}

/* Linux: compound_head(): a tail's first link names its head (mm_types.h). */
static inline struct page *compound_head(const struct machine *m, struct page *page)
{
	if (page->flags & (1u << PG_tail))
		return pfn_to_page(m, page->lru_next);
	return page;
}

/* Linux: compound_order(): the order of a compound head, 0 for any other page. */
static inline unsigned int compound_order(const struct page *head)
{
	return (head->flags & (1u << PG_head)) ? head->private : 0;
}

static inline int page_to_nid(const struct page *page)
{
	return (int)((page->flags >> PAGE_NODE_SHIFT) & ((1u << PAGE_NODE_BITS) - 1));
}

static inline enum zone_type page_zonenum(const struct page *page)
{
	return (enum zone_type)((page->flags >> PAGE_ZONE_SHIFT) & ((1u << PAGE_ZONE_BITS) - 1));
}

static inline pg_data_t *NODE_DATA(const struct machine *m, int nid)
{
	return m->node_data[nid];
}

static inline struct zone *page_zone(const struct machine *m, const struct page *page)
{
	return &m->node_data[page_to_nid(page)]->node_zones[page_zonenum(page)];
}

static inline struct machine *zone_machine(const struct zone *zone)
{
	return zone->zone_pgdat->machine;
}

static inline enum zone_type zone_idx(const struct zone *zone)
{
	return (enum zone_type)(zone - zone->zone_pgdat->node_zones);
}

static inline bool populated_zone(const struct zone *zone)
{
	return zone->present_pages != 0;
}

static inline bool managed_zone(const struct zone *zone)
{
	return zone->managed_pages != 0;
}

static inline pfn_t zone_end_pfn(const struct zone *zone)
{
	return zone->zone_start_pfn + zone->spanned_pages;
}

static inline bool zone_spans_pfn(const struct zone *zone, pfn_t pfn)
{
	return zone->zone_start_pfn <= pfn && pfn < zone_end_pfn(zone);
}

static inline unsigned long pageblock_nr_pages(const struct machine *m)
{
	return 1ul << m->pageblock_order;
}

static inline pfn_t pageblock_start_pfn(const struct machine *m, pfn_t pfn)
{
	return pfn & ~(pfn_t)(pageblock_nr_pages(m) - 1);
}

static inline unsigned long min_wmark_pages(const struct zone *z)
{
	return z->_watermark[WMARK_MIN] + z->watermark_boost;
}

static inline unsigned long low_wmark_pages(const struct zone *z)
{
	return z->_watermark[WMARK_LOW] + z->watermark_boost;
}

static inline unsigned long high_wmark_pages(const struct zone *z)
{
	return z->_watermark[WMARK_HIGH] + z->watermark_boost;
}

static inline unsigned long wmark_pages(const struct zone *z, enum zone_watermarks w)
{
	return z->_watermark[w] + z->watermark_boost;
}

static inline bool node_isset(int nid, const nodemask_t *mask)
{
	return (mask->bits >> nid) & 1;
}

static inline int cpu_to_node(const struct machine *m, int cpu)
{
	return m->cpu_to_node[cpu];
}

static inline int numa_node_id(const struct machine *m)
{
	return m->cpu_to_node[m->current_cpu];
}

/* ---- counters: see mm/vmstat_counters.h ---- */

static inline void __count_vm_events(struct machine *m, enum vm_event_item item, unsigned long delta)
{
	m->vm_events[item] += delta;
}

#define for_each_online_node(m, nid) for (int nid = 0; nid < (int)(m)->nr_node_ids; nid++)

/*
 * Linux: node_state(nid, N_MEMORY): a node of the machine with a populated
 * zone (check_for_memory()).
 */
static inline bool node_has_memory(const struct machine *m, int nid)
{
	if (nid < 0 || (unsigned int)nid >= m->nr_node_ids || !m->node_data[nid])
		return false;
	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		if (populated_zone(&m->node_data[nid]->node_zones[zid]))
			return true;
	return false;
}

/* Linux: totalram_pages(): the pages the buddy allocator was given, every zone. */
static inline unsigned long totalram_pages(const struct machine *m)
{
	unsigned long nr_pages = 0;

	for_each_online_node(m, nid)
		for (int zid = 0; m->node_data[nid] && zid < MAX_NR_ZONES; zid++)
			nr_pages += m->node_data[nid]->node_zones[zid].managed_pages;
	return nr_pages;
}

/* Linux: node_states[N_MEMORY]. */
static inline nodemask_t node_states_memory(const struct machine *m)
{
	nodemask_t mask = { 0 };

	for_each_online_node(m, nid)
		if (node_has_memory(m, nid))
			mask.bits |= 1ull << nid;
	return mask;
}

/* The first node of mask after nid, wrapping round; MAX_NUMNODES if empty.  Linux: next_node_in(). */
static inline int next_node_in(int nid, const nodemask_t *mask)
{
	uint64_t after = nid + 1 < 64 ? mask->bits & (~0ull << (nid + 1)) : 0;

	if (!mask->bits)
		return MAX_NUMNODES;
	return __builtin_ctzll(after ? after : mask->bits);
}

/*
 * Linux: none (see mm/daemon.h): run every daemon due by now_ns, then move
 * the clock there.  Inline: the engine calls it twice per event, and
 * nearly always nothing is due.
 */
static inline void mm_run_daemons(struct machine *m, uint64_t now_ns)
{
	if (now_ns >= m->daemons.next_ns)
		__mm_run_daemons(m, now_ns);
	if (now_ns > m->clock_ns)
		m->clock_ns = now_ns;
}

#endif /* MM_MMZONE_H */
