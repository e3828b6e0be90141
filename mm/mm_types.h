/*
 * mm/mm_types.h - struct page: one per physical frame.
 *
 * The kernel's struct page is 64 bytes; ours is 32 so that a 1 TiB machine's
 * memmap fits in 8 GiB.  It keeps the fields the mechanisms need, with the
 * kernel's meaning:
 *
 *   flags       PG_* bits; the frame's zone and node sit in the top bits,
 *               as in the kernel's page->flags (page_zonenum, page_to_nid).
 *   _refcount   0 = free (in the buddy, on a pcp list) or a tail page;
 *               an allocation returns its head page at 1.
 *   _mapcount / page_type
 *               one word, as in the kernel: -1 means "not mapped"; a free
 *               buddy head is marked by the page_type PG_buddy (PageBuddy()
 *               is a page type, not a flag bit).
 *   private     buddy head: order (bits 0-7) and the migratetype of the list
 *               the block sits on (bits 8-11).  In 6.1 that list may differ
 *               from the pageblock's type ("foreign" pages left behind when a
 *               fallback did not claim the block); we record it because our
 *               lists are not circular and unlinking needs the list head.
 *               On a pcp list: the cached migratetype (the kernel keeps it in
 *               page->index).
 *   lru_next/lru_prev
 *               links of whichever list holds the page (buddy free list, pcp
 *               list, later the LRU), as pfns relative to the memmap, 32 bits
 *               each, PAGE_LIST_NIL at the ends.
 *   owner       bits 0-3: page_owner-style record of the allocation (bit 3
 *               set when valid, bits 0-2 the gfp migratetype).  Bits 4-31:
 *               page->mapping as a handle (see mm/rmap.h, mm/migrate.h):
 *               bits 4-5 the kernel's two low mapping bits,
 *               PAGE_MAPPING_ANON and PAGE_MAPPING_MOVABLE, bits 6-31 the
 *               id of the anon_vma, address_space or movable_operations in
 *               the machine's mapping table, 0 for none.  The kernel's
 *               mapping is a pointer with the same low bits; 32 bytes per
 *               frame leave room for an id, not a pointer.
 *   index       file offset / anon linear index in pages, modulo 2^32 (see
 *               vma_address() in mm/rmap.c for why that is enough).
 *
 * Compound pages (THP, hugetlb) keep, as the kernel does in the head and
 * the first tail page:
 *   head:    PG_head; private = the compound order.
 *   tails:   PG_tail; lru_next = the head's memmap index (compound_head).
 *   page[1]: private = compound (entire, PMD) mapcount, stored like
 *            _mapcount (-1: not PMD-mapped); lru_prev = compound_pincount;
 *            index = the compound destructor (enum compound_dtor_id:
 *            hugetlb or THP), as the kernel's page[1].compound_dtor.
 *   page[2]: private = a THP's place on the deferred split queue (1:
 *            queued), or a hugetlb page's flags (mm/hugetlb.h), as the
 *            kernel keeps its deferred_list and hugetlb data in page[2].
 *
 * Linux counterpart: struct page in include/linux/mm_types.h, the PG_* enum
 * in include/linux/page-flags.h.
 */
#ifndef MM_MM_TYPES_H
#define MM_MM_TYPES_H

#include <stdint.h>
#include "hw/types.h"

struct page {
	uint32_t flags;
	int32_t _refcount;
	union {
		int32_t _mapcount;
		uint32_t page_type;
	};
	uint32_t private;
	uint32_t lru_next;
	uint32_t lru_prev;
	uint32_t owner;
	uint32_t index;
};

_Static_assert(sizeof(struct page) == 32, "struct page must stay 32 bytes");

#define PAGE_LIST_NIL	UINT32_MAX

/* Page flag bits (a subset of the kernel's, same names). */
enum pageflags {
	PG_locked,
	PG_referenced,
	PG_uptodate,
	PG_dirty,
	PG_lru,
	PG_active,
	PG_slab,
	PG_reserved,
	PG_private,
	PG_writeback,
	PG_head,
	PG_tail,	/* the kernel encodes this in compound_head bit 0 */
	PG_reclaim,	/* doubles as PG_isolated for non-LRU movable pages */
	PG_swapbacked,
	PG_unevictable,
	PG_mlocked,
	PG_hwpoison,
	PG_anon_exclusive,	/* the kernel aliases it to PG_mappedtodisk */
	PG_swapcache,	/* in the swap cache (mm/swap.h); the kernel aliases it to PG_owner_priv_1 */
	PG_workingset,	/* was active before it was aged out (mm/workingset.c) */
	__NR_PAGEFLAGS
};

/* The kernel's alias: a page-cache folio not under writeback marks the readahead trigger. */
#define PG_readahead	PG_reclaim

/* Zone and node live in the top bits of flags, as in the kernel. */
#define PAGE_NODE_SHIFT		26
#define PAGE_NODE_BITS		6
#define PAGE_ZONE_SHIFT		23
#define PAGE_ZONE_BITS		3

_Static_assert(__NR_PAGEFLAGS <= PAGE_ZONE_SHIFT, "page flags overlap the zone bits");

/*
 * Page types share the _mapcount word.  A word of the form 0xf0000000 with
 * the type's bit *cleared* carries that type; -1 (all ones) is "no type, not
 * mapped".  Values as in Linux 6.1 include/linux/page-flags.h.
 */
#define PAGE_TYPE_BASE	0xf0000000u
#define PG_buddy	0x00000080u
#define PG_offline	0x00000100u
#define PG_table	0x00000200u

/* page_owner-style record kept in page->owner. */
#define PAGE_OWNER_VALID	0x8u
#define PAGE_OWNER_MT_MASK	0x7u

/* page->owner bits 4-31: the mapping handle (see mm/rmap.h, mm/migrate.h). */
#define PAGE_OWNER_BITS		0xfu	/* the page_owner record below the handle */
#define PAGE_MAPPING_ANON	0x10u
#define PAGE_MAPPING_MOVABLE	0x20u
#define PAGE_MAPPING_FLAGS	(PAGE_MAPPING_ANON | PAGE_MAPPING_MOVABLE)
#define PAGE_MAPPING_ID_SHIFT	6


/* ==== address spaces ==================================================== */

/*
 * Everything below is the process side: tasks, their address spaces and
 * the objects that tie a mapped page back to its mappings.  The lifetime
 * rules are the kernel's:
 *   - a task owns one mm_struct (no threads); fork copies it, exit drops it;
 *   - an mm_struct owns its VMAs (kept sorted by address, the role the
 *     kernel's maple tree plays) and its page tables;
 *   - an anon_vma lives while a VMA chains to it or a child anon_vma has
 *     it as root (refcount); its root is the first ancestor's anon_vma.
 *     Pages hold no reference: a page's anon_vma is trusted only while the
 *     page is mapped, as in the kernel;
 *   - an address_space (a file or a shmem object) lives while a VMA maps
 *     it or, for a named file, for the whole run (the page cache outlives
 *     its mappings until vm.drop_caches).
 */

#include "mm/gfp.h"
#include "mm/list.h"
#include "mm/pgtable.h"

/* vm_flags.  Linux: include/linux/mm.h (same values). */
#define VM_NONE		0x00000000ul
#define VM_READ		0x00000001ul
#define VM_WRITE	0x00000002ul
#define VM_EXEC		0x00000004ul
#define VM_SHARED	0x00000008ul
#define VM_MAYREAD	0x00000010ul
#define VM_MAYWRITE	0x00000020ul
#define VM_MAYEXEC	0x00000040ul
#define VM_MAYSHARE	0x00000080ul
#define VM_GROWSDOWN	0x00000100ul
#define VM_LOCKED	0x00002000ul
#define VM_SEQ_READ	0x00008000ul	/* MADV_SEQUENTIAL: read ahead as read(2) does */
#define VM_RAND_READ	0x00010000ul	/* MADV_RANDOM: no readahead on faults */
#define VM_DONTCOPY	0x00020000ul
#define VM_LOCKONFAULT	0x00080000ul
#define VM_ACCOUNT	0x00100000ul
#define VM_NORESERVE	0x00200000ul
#define VM_HUGETLB	0x00400000ul
#define VM_HUGEPAGE	0x20000000ul
#define VM_NOHUGEPAGE	0x40000000ul

#define VM_ACCESS_FLAGS	(VM_READ | VM_WRITE | VM_EXEC)
#define VM_LOCKED_MASK	(VM_LOCKED | VM_LOCKONFAULT)

/* Per-mm RSS counters.  Linux: enum in include/linux/mm_types_task.h. */
enum {
	MM_FILEPAGES,
	MM_ANONPAGES,
	MM_SWAPENTS,
	MM_SHMEMPAGES,
	NR_MM_COUNTERS
};

struct mempolicy;
struct mm_struct;

/*
 * An anon_vma: the object anonymous pages point at (page->mapping), with
 * the chains of every VMA that may map pages of it.  Linux keeps the
 * chains in an interval tree; a list gives the same walk, only slower.
 * Linux: struct anon_vma, include/linux/rmap.h.
 */
struct anon_vma {
	struct anon_vma *root;		/* the first ancestor's anon_vma */
	int refcount;			/* chains from VMAs + child anon_vmas (root refs) */
	uint32_t id;			/* handle in the machine's mapping table */
	struct list_head chains;	/* anon_vma_chain.same_anon_vma */
};

/* One link VMA <-> anon_vma.  Linux: struct anon_vma_chain. */
struct anon_vma_chain {
	struct vm_area_struct *vma;
	struct anon_vma *anon_vma;
	struct list_head same_vma;	/* on vma->anon_vma_chain */
	struct list_head same_anon_vma;	/* on anon_vma->chains */
};

/*
 * A file's page cache and the VMAs that map it.  Until the page cache
 * subsystem arrives a file has no contents on disk: a page that is not
 * cached is simply allocated (a movable, file LRU page at its index).
 * A shmem object (MAP_SHARED|MAP_ANONYMOUS) is an address_space whose
 * pages are swap-backed and which dies with its last mapping.
 * Linux: struct address_space + struct inode, include/linux/fs.h.
 */
struct file_ra_state;
struct shadow_node;

struct address_space {
	char *name;			/* the path numa_maps prints */
	bool shmem;			/* swap-backed, anonymous shared memory */
	uint32_t id;			/* handle in the machine's mapping table */
	int refcount;			/* VMAs mapping it (+1 for a named file) */
	unsigned long nrpages;		/* pages in the cache */
	/* shmem: what it was charged (mm/mman.h).  Linux: shmem_acct_size/_block. */
	unsigned long acct_pages;	/* its size, charged at setup; 0 with VM_NORESERVE */
	bool acct_noreserve;		/* VM_NORESERVE: each cached page is charged instead */
	struct list_head i_mmap;	/* vm_area_struct.shared */
	/* index -> pfn, open addressing (the kernel's i_pages xarray) */
	uint64_t *cache_index;
	pfn_t *cache_pfn;
	size_t cache_cap;		/* slots, a power of two */
	size_t cache_used;		/* slots holding a page or a tombstone */
	/* Shadow entries of evicted folios, by 64-index node (mm/workingset.c). */
	struct shadow_node **shadow_nodes;	/* sorted by first index */
	size_t nr_shadow_nodes, shadow_nodes_cap;
	/* Page cache I/O (mm/filemap.c, mm/readahead.c, mm/page-writeback.c). */
	uint64_t i_size;		/* bytes: writes extend it, truncate cuts it */
	unsigned long nrdirty;		/* pages of its dirty folios (a regular file's) */
	uint64_t dirtied_when_ns;	/* when it last went from clean to dirty (inode->dirtied_when) */
	uint64_t writeback_index;	/* where background writeback goes on (a page index) */
	bool unlinked;			/* no name any more: dies with its last mapping */
	gfp_t gfp_mask;			/* what its page cache is allocated with (mapping_gfp_mask()) */
	struct file_ra_state *ra;	/* readahead state per reading task, [nr_ra] */
	size_t nr_ra;
};

/* Linux: struct vm_area_struct, include/linux/mm_types.h. */
struct vm_area_struct {
	uint64_t vm_start;		/* first byte */
	uint64_t vm_end;		/* first byte after */
	struct mm_struct *vm_mm;
	unsigned long vm_flags;
	uint64_t vm_pgoff;		/* offset in the file, or vm_start's page for anon */
	struct anon_vma *anon_vma;
	struct list_head anon_vma_chain; /* anon_vma_chain.same_vma */
	struct address_space *vm_file;
	struct list_head shared;	/* on vm_file->i_mmap */
	struct mempolicy *vm_policy;	/* NULL: the task's policy */
	unsigned long hugetlb_resv;	/* hugetlb pages reserved and not yet faulted */
};

/* Linux: struct mm_struct, include/linux/mm_types.h. */
struct mm_struct {
	struct vm_area_struct **vmas;	/* sorted by vm_start, non-overlapping */
	size_t nr_vmas;
	size_t vmas_cap;
	pfn_t pgd_pfn;			/* the top-level table */
	long rss_stat[NR_MM_COUNTERS];
	unsigned long pgtables_bytes;	/* PTE and PMD tables (VmPTE) */
	unsigned long total_vm;		/* pages mapped */
	unsigned long locked_vm;	/* pages in VM_LOCKED VMAs */
	uint64_t mmap_base;		/* top of the mmap area, grows down */
	/*
	 * The task using the mm (one per mm: numasim has no threads).  Its CPU
	 * is the mm's cpumask: the CPU a TLB flush must reach.  Linux:
	 * mm->owner (CONFIG_MEMCG), mm_cpumask().
	 */
	struct task_struct *owner;
	/* NUMA balancing's scanner (mm/numa_balancing.c). */
	uint64_t numa_next_scan;	/* jiffies; 0: not yet set (a new exec's mm) */
	uint64_t numa_scan_offset;	/* where the next scan starts */
	int numa_scan_seq;		/* completed passes over the address space */
};

/*
 * Linux: struct cpuset, kernel/cgroup/cpuset.c: the memory side of a
 * cpuset of the legacy (v1) hierarchy; its CPUs are every CPU.
 */
struct cpuset {
	nodemask_t mems_allowed;	/* cpuset.mems as written */
	nodemask_t effective_mems;	/* v1: mems_allowed within the parent's */
	nodemask_t old_mems_allowed;	/* its tasks' last mems: memory_migrate's source */
	bool memory_migrate;		/* cpuset.memory_migrate */
};

#define TASK_COMM_LEN	16

/*
 * A task's NUMA balancing state (mm/numa_balancing.c).  The scan runs
 * off the task's runtime: node_stamp is the runtime past which the next
 * tick may scan.  faults[] counts hinting faults per node, private and
 * shared, as decayed totals (NUMA_MEM) and since the last placement
 * (NUMA_MEMBUF); NULL until the first fault.  faults_locality[]: remote,
 * local, and failed migrations.
 * Linux: the numa_* members of struct task_struct, include/linux/sched.h.
 */
struct task_numab {
	uint64_t node_stamp;		/* ns of runtime */
	unsigned int scan_period;	/* ms; the scan delay until the first scan */
	unsigned int scan_period_max;	/* ms */
	int scan_seq;			/* the mm's numa_scan_seq at the last placement */
	int preferred_nid;		/* NUMA_NO_NODE: none yet */
	uint64_t migrate_retry;		/* jiffies: the next placement check */
	unsigned long *faults;
	unsigned long total_faults;
	unsigned long faults_locality[3];
	unsigned long pages_migrated;
};

/* Linux: struct task_struct, include/linux/sched.h (the part mm uses). */
struct task_struct {
	int pid;
	char comm[TASK_COMM_LEN];
	int cpu;			/* where it runs: decides the local node */
	int on_cpu;			/* the CPU whose current task it is, -1: none */
	uint64_t sum_exec_runtime;	/* ns spent on a CPU (mm/sched_tick.c) */
	struct task_numab numab;
	struct mm_struct *mm;
	struct mempolicy *mempolicy;	/* NULL: the default (local) policy */
	int il_prev;			/* last node interleave used */
	struct cpuset *cpuset;		/* its cpuset (the top one unless moved) */
	nodemask_t mems_allowed;	/* the nodes its cpuset lets it allocate on */
	unsigned long min_flt;		/* faults served without I/O */
	unsigned long maj_flt;
	unsigned long nr_segv;		/* accesses outside any VMA (SIGSEGV) */
	/* The OOM killer (mm/oom_kill.c).  Linux: signal->oom_score_adj, tsk_is_oom_victim(). */
	short oom_score_adj;		/* OOM_SCORE_ADJ_MIN..MAX, inherited on fork */
	bool oom_victim;		/* killed, its exit pending (it was allocating) */
};

#endif /* MM_MM_TYPES_H */
