/*
 * mm/task_mmu.h - the numbers behind the /proc views of memory and of
 * processes: /proc/meminfo, the per-node meminfo files of sysfs, and
 * /proc/PID/numa_maps.  mm/ gathers them into the structs below;
 * sim/procfs.c owns the text layout.
 *
 * Units: a field is in base pages unless its name ends in _kb (the kernel
 * keeps those few counters in KiB already) or it counts huge pages
 * (huge_pages_*).  The kernel multiplies pages by 4 when it prints.
 *
 * Linux counterpart: fs/proc/meminfo.c (meminfo_proc_show),
 * drivers/base/node.c (node_read_meminfo), mm/hugetlb.c
 * (hugetlb_report_meminfo), mm/page_alloc.c (si_mem_available),
 * arch/x86/mm/pat/set_memory.c
 * (arch_report_meminfo), fs/proc/task_mmu.c (show_numa_map and its page
 * walk), all v6.1.
 */
#ifndef MM_TASK_MMU_H
#define MM_TASK_MMU_H

#include "mm/mmzone.h"

struct mempolicy;
struct task_struct;
struct vm_area_struct;

/*
 * /proc/meminfo.  Lines the simulator has nothing behind (no zswap, no
 * slab allocator, no vmalloc or per-CPU allocator)
 * hold what the counters say, which is 0 unless a trace set them; the
 * direct map is derived from the machine's RAM ranges (docs/metrics.md).
 */
struct meminfo {
	unsigned long totalram;		/* MemTotal: managed pages of every zone */
	unsigned long freeram;		/* MemFree: NR_FREE_PAGES */
	unsigned long available;	/* MemAvailable: si_mem_available() */
	unsigned long bufferram;	/* Buffers: no block devices, 0 */
	unsigned long cached;		/* Cached: file pages less swap cache and buffers */
	unsigned long swapcached;
	unsigned long lru[NR_LRU_LISTS];	/* Active/Inactive(anon/file), Unevictable */
	unsigned long mlocked;		/* NR_MLOCK */
	unsigned long totalswap;
	unsigned long freeswap;
	unsigned long zswap_kb;		/* the zswap pool */
	unsigned long zswapped;		/* pages stored in it */
	unsigned long dirty;
	unsigned long writeback;
	unsigned long anon_pages;	/* AnonPages: NR_ANON_MAPPED */
	unsigned long mapped;		/* Mapped: NR_FILE_MAPPED */
	unsigned long shmem;
	unsigned long kreclaimable;	/* reclaimable slab + NR_KERNEL_MISC_RECLAIMABLE */
	unsigned long slab_reclaimable;
	unsigned long slab_unreclaimable;
	unsigned long kernel_stack_kb;
	unsigned long pagetables;	/* PTE and PMD table pages */
	unsigned long sec_pagetables;
	unsigned long nfs_unstable;	/* always 0 since 5.x */
	unsigned long bounce;
	unsigned long writeback_tmp;
	unsigned long commit_limit;	/* vm_commit_limit(), mm/mman.h */
	unsigned long committed_as;	/* vm_memory_committed(), mm/mman.h */
	unsigned long vmalloc_total_kb;
	unsigned long vmalloc_used;
	unsigned long vmalloc_chunk;	/* always 0 since 5.3 */
	unsigned long percpu;
	unsigned long hardware_corrupted;	/* num_poisoned_pages (mm/memory-failure.c) */
	unsigned long anon_thps;	/* AnonHugePages: NR_ANON_THPS, in base pages */
	unsigned long shmem_thps;
	unsigned long shmem_pmdmapped;
	unsigned long file_thps;
	unsigned long file_pmdmapped;
	bool has_cma;			/* CONFIG_CMA: the two lines below are printed */
	unsigned long cma_total;	/* CmaTotal: totalcma_pages */
	unsigned long cma_free;		/* CmaFree: NR_FREE_CMA_PAGES */
	unsigned long huge_pages_total;	/* the default (2 MiB) hstate */
	unsigned long huge_pages_free;
	unsigned long huge_pages_rsvd;
	unsigned long huge_pages_surp;
	unsigned long hugepagesize_kb;
	unsigned long hugetlb_kb;	/* every hstate's pages, in KiB */
	unsigned long directmap_4k_kb;
	unsigned long directmap_2m_kb;
	unsigned long directmap_1g_kb;
};

/* /sys/devices/system/node/nodeN/meminfo: the same counters, one node. */
struct node_meminfo {
	unsigned long totalram;		/* managed pages of the node's zones */
	unsigned long freeram;		/* MemUsed is totalram - freeram */
	unsigned long swapcached;
	unsigned long lru[NR_LRU_LISTS];
	unsigned long mlocked;
	unsigned long dirty;
	unsigned long writeback;
	unsigned long file_pages;
	unsigned long mapped;
	unsigned long anon_pages;
	unsigned long shmem;
	unsigned long kernel_stack_kb;
	unsigned long pagetables;
	unsigned long sec_pagetables;
	unsigned long nfs_unstable;
	unsigned long bounce;
	unsigned long writeback_tmp;
	unsigned long kreclaimable;
	unsigned long slab_reclaimable;
	unsigned long slab_unreclaimable;
	unsigned long anon_thps;
	unsigned long shmem_thps;
	unsigned long shmem_pmdmapped;
	unsigned long file_thps;
	unsigned long file_pmdmapped;
	unsigned long huge_pages_total;
	unsigned long huge_pages_free;
	unsigned long huge_pages_surp;
};

/* Linux: meminfo_proc_show() + hugetlb_report_meminfo() + arch_report_meminfo(). */
void meminfo_gather(const struct machine *m, struct meminfo *mi);

/* Linux: node_read_meminfo() + hugetlb_report_node_meminfo().  nid must be online. */
void node_meminfo_gather(const struct machine *m, int nid, struct node_meminfo *nmi);

/*
 * Linux: si_mem_available(), mm/page_alloc.c: free pages above the
 * reserves, plus the page cache and reclaimable slab the kernel expects
 * to get back (at least half of each, and never less than the sum of the
 * low watermarks, stays).  In pages, never negative.
 */
unsigned long si_mem_available(const struct machine *m);

/*
 * One line of /proc/PID/numa_maps, before formatting.  Counts are in base
 * pages (a PMD-mapped THP adds HPAGE_PMD_NR), or in huge pages for a
 * hugetlb VMA.  Linux: struct numa_maps, fs/proc/task_mmu.c.
 */
struct numa_maps {
	unsigned long pages;		/* "mapped=" when it differs from anon and dirty */
	unsigned long anon;
	unsigned long active;		/* on an active or the unevictable list */
	unsigned long writeback;
	unsigned long mapcount_max;	/* "mapmax=" when above 1 */
	unsigned long dirty;		/* PTE dirty or PageDirty */
	unsigned long swapcache;	/* in the swap cache */
	unsigned long node[MAX_NUMNODES];
	unsigned long kernelpagesize_kb;	/* 4, or 2048 for hugetlb */
};

/*
 * Walk vma's page tables and count the pages numa_maps would: present
 * PTEs and PMDs of normal pages on a node with memory; never the zero
 * page or the huge zero page (vm_normal_page() skips them).  Reads only.
 * Linux: walk_page_vma() with gather_pte_stats() / gather_hugetlb_stats(),
 * fs/proc/task_mmu.c.
 */
void gather_numa_maps(const struct machine *m, struct vm_area_struct *vma,
		      struct numa_maps *md);

/*
 * The policy numa_maps names for vma of t: the VMA's own, else the task's,
 * else the default policy (never NULL).  Linux: __get_vma_policy() falling
 * back to get_task_policy(), as show_numa_map() does.
 */
const struct mempolicy *numa_maps_policy(const struct task_struct *t,
					 const struct vm_area_struct *vma);

/* Linux: vma_kernel_pagesize(), mm/hugetlb.c: the page size backing vma, in bytes. */
unsigned long vma_kernel_pagesize(const struct vm_area_struct *vma);

#endif /* MM_TASK_MMU_H */
