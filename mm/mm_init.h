/*
 * mm/mm_init.h - booting the memory manager on a simulated machine.
 *
 * Linux counterpart: mm/mm_init.c and the boot half of mm/page_alloc.c
 * (free_area_init, memmap_init, memblock_free_all, zone sizing).
 */
#ifndef MM_MM_INIT_H
#define MM_MM_INIT_H

#include <stddef.h>
#include "mm/memory_hotplug.h"
#include "mm/mmzone.h"

enum thp_mode { THP_NEVER, THP_MADVISE, THP_ALWAYS };

/* Entries of kernel.in_use: every mobility on every node, twice over. */
#define MM_MAX_IN_USE	(2 * 3 * HW_MAX_NODES)

/*
 * Everything the kernel would learn from firmware and its command line.
 * Sizes are in bytes; 0 means "not set" where the kernel has a default.
 */
struct mm_boot_params {
	struct hw_machine hw;
	bool zone_dma;			/* ZONE_DMA below 16 MiB */
	bool zone_dma32;		/* ZONE_DMA32 below 4 GiB */
	uint64_t reserved_bytes[HW_MAX_NODES];	/* boot memory kept out of the buddy, per node */
	/* Boot reservations at given addresses (memblock.reserved), sorted, disjoint. */
	unsigned int nr_reserved_ranges;
	struct hw_range reserved_range[HW_MAX_HOLES];
	/*
	 * Boot memory freed after the watermarks are set, page by page through
	 * the per-CPU lists of the CPU that frees it, in this order: the initrd
	 * (free_initrd_mem()) and the kernel's init sections (free_initmem()).
	 * Disjoint from reserved_range and from holes.
	 */
	unsigned int nr_late_frees;
	struct mm_late_free {
		struct hw_range range;
		unsigned int cpu;
	} late_free[HW_MAX_HOLES];
	/*
	 * Memory the running system holds when the trace begins (slab, page
	 * tables, kernel stacks, the tracing ring buffer, a shell's pages):
	 * nr_pages order-0 pages of one mobility from node nid, taken on cpu
	 * at the end of boot, in this order, and never freed.
	 */
	unsigned int nr_in_use;
	struct mm_in_use {
		unsigned int nid;
		unsigned int cpu;
		int migratetype;	/* MIGRATE_UNMOVABLE, _RECLAIMABLE or _MOVABLE */
		uint64_t nr_pages;
	} in_use[MM_MAX_IN_USE];
	struct memory_hotplug_params hotplug;	/* memory blocks, memhp_default_state=, movable_node */
	uint64_t kernelcore_bytes;	/* kernelcore= */
	unsigned int kernelcore_percent;	/* kernelcore=N% (0: unset) */
	uint64_t movablecore_bytes;	/* movablecore= */
	unsigned int movablecore_percent;	/* movablecore=N% */
	unsigned int pageblock_order;	/* 9 on x86_64 */
	bool mobility_grouping;		/* false: page_group_by_mobility_disabled */
	bool pcp;			/* per-CPU page lists on */
	bool has_cma;			/* CONFIG_CMA (the Debian 6.1 kernel: off) */
	uint64_t cma_bytes;		/* cma=: the global area, 0 none (mm/cma.h) */
	uint64_t cma_pernuma_bytes;	/* cma_pernuma=: an area on each node, 0 none */
	unsigned int cma_order_per_bit;	/* of those areas (the DMA layer's: 0) */
	bool deferred_struct_page_init;	/* CONFIG_DEFERRED_STRUCT_PAGE_INIT (Debian 6.1: on) */
	enum thp_mode thp;		/* transparent_hugepage= */
	enum thp_defrag_mode thp_defrag; /* .../transparent_hugepage/defrag */
	int min_free_kbytes;		/* -1: the kernel's formula */
	int watermark_scale_factor;
	int watermark_boost_factor;
	int percpu_pagelist_high_fraction;
	const char *profile;		/* kernel profile (mm/profile.h), e.g. "linux-6.1" */
	/* kernel.policy: overrides of the profile's knobs (struct alloc_knobs) */
	struct alloc_knob_params {
		bool set_fallbacks[MIGRATE_PCPTYPES];	/* this row replaces the profile's */
		int fallbacks[MIGRATE_PCPTYPES][MAX_FALLBACKS + 1];
		int claim_threshold_pages;	/* -1: the profile's */
		int steal_order;		/* -1: the profile's */
	} policy;
	int extfrag_threshold;		/* vm.extfrag_threshold */
	int compaction_proactiveness;	/* vm.compaction_proactiveness */
	/*
	 * kernel.numa_balancing (0..4), -1: the kernel's default, on when
	 * the machine has more than one node (check_numabalancing_enable()
	 * with CONFIG_NUMA_BALANCING_DEFAULT_ENABLED, as the reference
	 * kernel is built); and the scanner's tunables (mm/numa_balancing.h).
	 */
	int numa_balancing;
	unsigned int numa_balancing_scan_delay_ms;
	unsigned int numa_balancing_scan_period_min_ms;
	unsigned int numa_balancing_scan_period_max_ms;
	unsigned int numa_balancing_scan_size_mb;
	/*
	 * Swap devices, enabled at the end of boot in this order as swapon(8)
	 * would (mm/swap.h); and migrate_pages(2) through swap.
	 */
	unsigned int nr_swap;
	struct mm_swap_device {
		uint64_t size_bytes;	/* the swap file's size, its header page included */
		int prio;		/* swapon -p: 0..32767, or -1 for the default */
		uint32_t read_mbps;	/* device bandwidths (MB/s) for the I/O time */
		uint32_t write_mbps;
		uint32_t nr_requests;	/* the request queue's depth */
		uint32_t max_sectors_kb; /* a request's largest size */
	} swap[MAX_SWAPFILES];
	bool migrate_via_swap;
};

/* Fill p with the kernel defaults on the given hardware. */
void mm_boot_params_default(struct mm_boot_params *p, const struct hw_machine *hw);

/*
 * Build the memmap, nodes and zones, set watermarks, and free every present,
 * unreserved frame into the buddy allocator.  Returns 0, or -1 with a
 * message in err (e.g. a ZONE_MOVABLE request that leaves no kernel memory).
 */
int machine_boot(struct machine *m, const struct mm_boot_params *p, char *err, size_t errlen);

/* Release everything machine_boot() allocated. */
void machine_release(struct machine *m);

/* Bytes of host memory the memmap and pageblock flags of p's memory sections will take. */
uint64_t machine_memmap_bytes(const struct mm_boot_params *p);

#endif /* MM_MM_INIT_H */
