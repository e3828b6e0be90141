/*
 * mm/mm.h - the process side of the memory manager: the simulated system
 * calls (mmap, munmap, mprotect, madvise, mlock, fork, exit), the fault
 * handler, the page-table walker, page references and the LRU.
 *
 * Every entry point takes the machine and the task it acts for, sets
 * m->current (the kernel's `current`) and returns 0 or a negative errno,
 * as the system call would.  Nothing here prints or exits.
 *
 * Files of this half of mm/ (each one concept, each the kernel's name):
 *   fork.c        tasks: spawn, fork (dup_mmap), exit; the machine tables
 *   mmap.c        VMAs: lookup, mmap, munmap, splitting and merging
 *   mprotect.c    mprotect
 *   madvise.c     madvise (DONTNEED, HUGEPAGE, NOHUGEPAGE)
 *   mlock.c       mlock, munlock, the unevictable accounting
 *   pgtable.c     table pages: allocation, contents, walking, freeing
 *   memory.c      faults (anon, file, wp/CoW, migration entries), zap, copy
 *   rmap.c        anon_vma, mapcounts, rmap_walk
 *   rmap_check.c  the whole-machine checker of all of the above
 *   rmap_migration.c  migration entries (try_to_migrate, remove_migration_ptes)
 *   migrate.c, migrate_folio.c  page migration (mm/migrate.h)
 *   move_pages.c  move_pages(2)
 *   swap.c        page references and the LRU lists
 *   filemap.c     the page-cache stand-in of files and shmem objects
 *   gup.c         pins, extra references, populating ranges
 *   huge_memory.c THP faults, PMD mappings, splitting PMDs and folios
 *   hugetlb.c     the hugetlb pool and hugetlb faults
 *   mempolicy.c   set_mempolicy, mbind, placement of user pages
 *   mempolicy_migrate.c  the page walk of mbind and migrate_pages(2)
 *   cpuset.c      cpusets: the nodes a task may use, moving tasks
 *   numa_balancing.c, sched_tick.c
 *                 automatic NUMA balancing and the tick that drives it
 *   vmscan.c, vmscan_folio.c, kswapd.c, shrinker.c
 *                 reclaim: the LRU scan, kswapd, the shrinkers (mm/vmscan.h)
 *   task_mmu.c    what meminfo and numa_maps report
 *   util.c        committed memory and the overcommit policy (mm/mman.h)
 *
 * Linux counterpart: include/linux/mm.h and the files above.
 */
#ifndef MM_MM_H
#define MM_MM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mm/mmzone.h"

/* ---- mmap flags and protections (Linux UAPI values) ---- */

/* The host's <sys/mman.h> may define these too: same values (Linux UAPI). */
#ifndef PROT_NONE
#define PROT_NONE	0x0
#endif
#ifndef PROT_READ
#define PROT_READ	0x1
#endif
#ifndef PROT_WRITE
#define PROT_WRITE	0x2
#endif
#ifndef PROT_EXEC
#define PROT_EXEC	0x4
#endif

#ifndef MAP_SHARED
#define MAP_SHARED	0x01
#endif
#ifndef MAP_PRIVATE
#define MAP_PRIVATE	0x02
#endif
#ifndef MAP_FIXED
#define MAP_FIXED	0x10
#endif
#ifndef MAP_ANONYMOUS
#define MAP_ANONYMOUS	0x20
#endif
#ifndef MAP_NORESERVE
#define MAP_NORESERVE	0x4000
#endif
#ifndef MAP_POPULATE
#define MAP_POPULATE	0x8000
#endif
#ifndef MAP_LOCKED
#define MAP_LOCKED	0x2000
#endif
#ifndef MAP_HUGETLB
#define MAP_HUGETLB	0x40000
#endif
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#ifndef MADV_NORMAL
#define MADV_NORMAL	0
#endif
#ifndef MADV_RANDOM
#define MADV_RANDOM	1
#endif
#ifndef MADV_SEQUENTIAL
#define MADV_SEQUENTIAL	2
#endif
#ifndef MADV_DONTNEED
#define MADV_DONTNEED	4
#endif
#ifndef MADV_COLD
#define MADV_COLD	20
#endif
#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT	21
#endif
#ifndef MADV_HUGEPAGE
#define MADV_HUGEPAGE	14
#endif
#ifndef MADV_NOHUGEPAGE
#define MADV_NOHUGEPAGE	15
#endif

#ifndef MLOCK_ONFAULT
#define MLOCK_ONFAULT	0x01
#endif

/* Fault flags and results.  Linux: enum fault_flag, vm_fault_t. */
#define FAULT_FLAG_WRITE	0x01u
#define FAULT_FLAG_USER		0x40u

typedef unsigned int vm_fault_t;
#define VM_FAULT_OOM		0x000001u
#define VM_FAULT_SIGBUS		0x000002u
#define VM_FAULT_MAJOR		0x000004u
#define VM_FAULT_SIGSEGV	0x000040u
#define VM_FAULT_RETRY		0x000400u
#define VM_FAULT_FALLBACK	0x000800u
/* numasim: a write dirtied a regular file's page; the writer is throttled after the access. */
#define VM_FAULT_BALANCE_DIRTY	0x100000u
#define VM_FAULT_ERROR		(VM_FAULT_OOM | VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV)

/* gup flags.  Linux: FOLL_*, include/linux/mm.h. */
#define FOLL_WRITE	0x01u
#define FOLL_GET	0x04u
#define FOLL_LONGTERM	0x100u
#define FOLL_PIN	0x40000u

/* The refcount one FOLL_PIN adds to a small page (Linux: GUP_PIN_COUNTING_BIAS). */
#define GUP_PIN_COUNTING_BIAS	1024

/* ---- tasks (fork.c) ---- */

/* Set up the process tables of a booted machine; called by machine_boot(). */
int mm_procs_init(struct machine *m);
/* Exit every task and free the tables; called by machine_release(). */
void mm_procs_release(struct machine *m);

struct task_struct *find_task_by_pid(const struct machine *m, int pid);

/* A new task with an empty address space.  -EEXIST, -EINVAL (cpu), -ENOMEM. */
int task_spawn(struct machine *m, int pid, int cpu, const char *comm,
	       struct task_struct **out);

/* Linux: kernel_clone() -> copy_mm() -> dup_mmap(), kernel/fork.c */
int task_fork(struct machine *m, struct task_struct *parent, int child_pid,
	      struct task_struct **out);

/* Linux: do_exit() -> exit_mm() -> mmput() -> exit_mmap(). */
void task_exit(struct machine *m, struct task_struct *t);

/* ZERO_PAGE's frame (taken on first use if nothing is reserved); PFN_NONE if none. */
pfn_t get_zero_pfn(struct machine *m);

/*
 * Make t the running task (m->current, m->current_cpu), and its CPU's
 * current task from now on (mm/sched_tick.h).
 */
void set_current(struct machine *m, struct task_struct *t);

/* ---- address-space handles (fork.c) ---- */

uint32_t mapping_id_alloc(struct machine *m, void *obj);
void mapping_id_free(struct machine *m, uint32_t id);

static inline void *mapping_id_obj(const struct machine *m, uint32_t id)
{
	return m->procs.map_objs[id];
}

/* ---- VMAs (mmap.c, mprotect.c, madvise.c, mlock.c) ---- */

/* The VMA containing addr, or NULL.  Linux: vma_lookup(). */
struct vm_area_struct *vma_lookup(const struct mm_struct *mm, uint64_t addr);
/* The first VMA ending above addr, or NULL.  Linux: find_vma(). */
struct vm_area_struct *find_vma(const struct mm_struct *mm, uint64_t addr);

/*
 * Linux: do_mmap(), mm/mmap.c.  file is NULL for anonymous memory; a named
 * file is looked up or created (file_lookup()).  *out gets the address.
 * Errors: -EINVAL (length 0, misaligned, bad flag mix), -EEXIST
 * (MAP_FIXED_NOREPLACE over a mapping), -ENOMEM (no room), -ENOMEM when
 * MAP_HUGETLB cannot reserve its huge pages.
 */
int do_mmap(struct machine *m, struct task_struct *t, uint64_t addr, uint64_t len,
	    unsigned long prot, unsigned long flags, struct address_space *file,
	    uint64_t pgoff, uint64_t *out);

/* Linux: do_munmap() / __do_munmap(), mm/mmap.c.  -EINVAL if misaligned. */
int do_munmap(struct machine *m, struct task_struct *t, uint64_t addr, uint64_t len);

/* Linux: do_mprotect_pkey(), mm/mprotect.c.  -ENOMEM over a hole. */
int do_mprotect(struct machine *m, struct task_struct *t, uint64_t addr, uint64_t len,
		unsigned long prot);

/* change_protection()'s flags.  Linux: MM_CP_*, include/linux/mm.h. */
#define MM_CP_PROT_NUMA		(1ul << 1)	/* NUMA hinting: PROT_NONE, write kept */

/*
 * Give the entries of [start, end) of vma the VMA's protection, or with
 * MM_CP_PROT_NUMA make them PROT_NONE for NUMA hinting.  Returns the
 * entries changed (a huge PMD counts HPAGE_PMD_NR).
 * Linux: change_protection(), mm/mprotect.c.
 */
long change_protection(struct machine *m, struct vm_area_struct *vma, uint64_t start,
		       uint64_t end, unsigned long cp_flags);

/* Linux: do_madvise(), mm/madvise.c. */
int do_madvise(struct machine *m, struct task_struct *t, uint64_t addr, uint64_t len,
	       int advice);

/*
 * Linux: do_mlock() / sys_munlock(), mm/mlock.c.  -EINVAL (bad flags, a
 * range that wraps), -ENOMEM (a hole in the range; for mlock also a page
 * that could not be faulted in: PROT_NONE, a hugetlb SIGBUS), -EAGAIN
 * (mlock: a fault found no memory).
 */
int do_mlock(struct machine *m, struct task_struct *t, uint64_t addr, uint64_t len,
	     unsigned int flags);
int do_munlock(struct machine *m, struct task_struct *t, uint64_t addr, uint64_t len);

/*
 * Split vma at addr (page aligned, strictly inside); the new VMA takes the
 * part below addr if new_below, else the part above.  Linux: __split_vma().
 */
int split_vma(struct machine *m, struct mm_struct *mm, struct vm_area_struct *vma,
	      uint64_t addr, int new_below);

/* Linux: vma_merge(): join vma with equal neighbours; returns the merged VMA. */
struct vm_area_struct *vma_merge_neighbours(struct machine *m, struct mm_struct *mm,
					    struct vm_area_struct *vma);

/* The VMAs just below and above vma in its mm (NULL: none). */
void vma_neighbours(const struct mm_struct *mm, const struct vm_area_struct *vma,
		    struct vm_area_struct **prev, struct vm_area_struct **next);

/* Helpers of the range system calls (mm/mmap.c). */
bool vma_range_has_hole(const struct mm_struct *mm, uint64_t start, uint64_t end);
int vma_split_edges(struct machine *m, struct mm_struct *mm, uint64_t start, uint64_t end);

/* Free a VMA that is no longer in any mm (its policy, chains, file ref). */
void vm_area_free(struct machine *m, struct vm_area_struct *vma);

/* Page protection bits of a VMA's flags.  Linux: vm_get_page_prot(). */
pteval_t vm_get_page_prot(unsigned long vm_flags);
/* The protection new PTEs of vma get (vma->vm_page_prot).  Linux: vma_set_page_prot(). */
pteval_t vma_page_prot(const struct vm_area_struct *vma);

static inline bool vma_is_anonymous(const struct vm_area_struct *vma)
{
	return vma->vm_file == NULL;
}

/* Linux: vma_is_accessible(): not a PROT_NONE mapping. */
static inline bool vma_is_accessible(const struct vm_area_struct *vma)
{
	return vma->vm_flags & VM_ACCESS_FLAGS;
}

/* Linux: is_cow_mapping(): private and may be written (a fork shares its pages CoW). */
static inline bool is_cow_mapping(unsigned long vm_flags)
{
	return (vm_flags & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE;
}

static inline uint64_t vma_pages(const struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

/* ---- user accesses and faults (memory.c) ---- */

/*
 * One access by t to addr, as the MMU would make it: a present PTE with the
 * right permission just gets accessed/dirty bits; otherwise a page fault.
 * Returns 0, or VM_FAULT_SIGSEGV (no VMA, or the VMA forbids the access:
 * counted, the task lives on), VM_FAULT_OOM, VM_FAULT_RETRY (a migration
 * entry: the task waited).
 */
vm_fault_t user_access(struct machine *m, struct task_struct *t, uint64_t addr, bool write);

/*
 * Fault in addr of vma for t as gup does: no access check, no signal.
 * Linux: faultin_page(), mm/gup.c.
 */
vm_fault_t faultin_page(struct machine *m, struct task_struct *t, struct vm_area_struct *vma,
			uint64_t addr, bool write);

/*
 * Fault in every page of [start, start + len) the way mlock does: VMA by
 * VMA, skipping lock-on-fault ones, writing private writable ones (CoW
 * broken ahead).  Returns 0, or the first failure as gup reports it:
 * -ENOMEM (a fault found no memory) or -EFAULT (a PROT_NONE VMA, a SIGBUS);
 * with ignore_errors a failure only ends its VMA's part and 0 is returned.
 * Linux: __mm_populate() / populate_vma_page_range(), mm/gup.c.
 */
int __mm_populate(struct machine *m, struct task_struct *t, uint64_t start, uint64_t len,
		  bool ignore_errors);

/* mmap(MAP_POPULATE / MAP_LOCKED)'s populate: errors ignored.  Linux: mm_populate(). */
void mm_populate(struct machine *m, struct task_struct *t, uint64_t start, uint64_t len);

/*
 * A NUMA hinting fault on page (of page_nid) at addr of vma: takes a
 * reference, counts numa_hint_faults (and _local, setting TNF_FAULT_LOCAL
 * in *flags, when the page is on the faulting CPU's node) and returns
 * the node the page should move to, or NUMA_NO_NODE.
 * Linux: numa_migrate_prep(), mm/memory.c.
 */
int numa_migrate_prep(struct machine *m, struct page *page, struct vm_area_struct *vma,
		      uint64_t addr, int page_nid, int *flags);

/* Linux: handle_mm_fault(), mm/memory.c */
vm_fault_t handle_mm_fault(struct machine *m, struct vm_area_struct *vma, uint64_t addr,
			   unsigned int flags);

/*
 * Unmap [start, end) of vma: clear the PTEs/PMDs, drop the mapcounts and
 * references (splitting PMDs that straddle the range).  Page tables stay.
 * Linux: zap_page_range() / unmap_vmas(), mm/memory.c.
 */
void zap_page_range(struct machine *m, struct vm_area_struct *vma, uint64_t start, uint64_t end);

/* Linux: copy_page_range(), mm/memory.c (fork: share and write-protect). */
int copy_page_range(struct machine *m, struct vm_area_struct *dst_vma,
		    struct vm_area_struct *src_vma);

/* ---- page tables (pgtable.c) ---- */

/* Linux: pgd_alloc()/pgd_free(), arch/x86/mm/pgtable.c */
int pgd_alloc(struct machine *m, struct mm_struct *mm);
void pgd_free(struct machine *m, struct mm_struct *mm);

/* The 512 entries of the table in frame pfn. */
static inline uint64_t *pt_entries(const struct machine *m, pfn_t pfn)
{
	return m->procs.pt_tables[pfn_to_page(m, pfn)->private];
}

/*
 * Walk to the PMD entry of addr, allocating the PUD and PMD tables on the
 * way when alloc is set.  NULL if a level is missing (and !alloc) or out of
 * memory.  Linux: pud_alloc()/pmd_alloc(), mm/memory.c.
 */
pmd_t *mm_find_pmd(struct machine *m, struct mm_struct *mm, uint64_t addr, bool alloc);

/* The PTE of addr under a PMD that points at a table, else NULL. */
pte_t *pte_offset_map(const struct machine *m, const pmd_t *pmd, uint64_t addr);

/* Allocate the PTE table under pmd if none.  -ENOMEM.  Linux: __pte_alloc(). */
int pte_alloc(struct machine *m, struct mm_struct *mm, pmd_t *pmd);

/* A table page for a THP's PMD (pgtable_trans_huge_deposit). */
pfn_t pte_alloc_one(struct machine *m, struct mm_struct *mm);
void pte_free(struct machine *m, struct mm_struct *mm, pfn_t table_pfn);

/* Linux: pgtable_trans_huge_deposit()/withdraw(), mm/pgtable-generic.c */
void pgtable_trans_huge_deposit(struct machine *m, struct mm_struct *mm, uint64_t addr,
				pfn_t table_pfn);
pfn_t pgtable_trans_huge_withdraw(struct machine *m, struct mm_struct *mm, uint64_t addr);

/*
 * Free the page tables that cover only [start, end) (between floor and
 * ceiling, the neighbouring VMAs).  Linux: free_pgtables(), mm/memory.c.
 */
void free_pgtables(struct machine *m, struct mm_struct *mm, uint64_t start, uint64_t end,
		   uint64_t floor, uint64_t ceiling);

/* Resolve addr to its leaf: the PTE (or huge PMD via *pmdp), without allocating. */
pte_t *follow_pte(const struct machine *m, const struct mm_struct *mm, uint64_t addr,
		  pmd_t **pmdp);

/* ---- references and the LRU (swap.c) ---- */

/* Linux: enum compound_dtor_id, include/linux/mm.h (kept in page[1].index). */
enum compound_dtor_id {
	NULL_COMPOUND_DTOR,
	COMPOUND_PAGE_DTOR,
	HUGETLB_PAGE_DTOR,
	TRANSHUGE_PAGE_DTOR,
};

/* Linux: folio_nr_pages(): the base pages of the folio headed by head. */
static inline unsigned int folio_nr_pages(const struct page *head)
{
	return 1u << compound_order(head);
}

static inline void set_compound_page_dtor(struct page *head, enum compound_dtor_id dtor)
{
	head[1].index = dtor;
}

/* Linux: PageHuge(): a hugetlb page (head or tail). */
static inline bool PageHuge(const struct machine *m, struct page *page)
{
	struct page *head = compound_head(m, page);

	return (head->flags & (1u << PG_head)) && head[1].index == HUGETLB_PAGE_DTOR;
}

/* Linux: PageTransHuge() on a head page: a THP. */
static inline bool PageTransHuge(const struct page *head)
{
	return (head->flags & (1u << PG_head)) && head[1].index == TRANSHUGE_PAGE_DTOR;
}

static inline void get_page(struct machine *m, struct page *page)
{
	compound_head(m, page)->_refcount++;
}

/* Drop a reference; the last one frees the folio.  Linux: folio_put(). */
void put_page(struct machine *m, struct page *page);

/* Linux: folio_add_lru() / lru_cache_add_inactive_or_unevictable(). */
void folio_add_lru(struct machine *m, struct page *head, struct vm_area_struct *vma);
/* Linux: lruvec_del_folio() (the caller isolates or frees it). */
void folio_del_lru(struct machine *m, struct page *head);
/* Keep a folio resident: PG_mlocked, unevictable.  Linux: mlock_folio(). */
void mlock_folio(struct machine *m, struct page *head);
/* PG_mlocked as the folio's mappings say (after a split). */
void mlock_folio_update(struct machine *m, struct page *head);
/* Unlock a folio that no VM_LOCKED VMA maps any more.  Linux: munlock_folio(). */
void munlock_folio(struct machine *m, struct page *head);
/* Move a folio on or off the unevictable list (mlock, munlock). */
void folio_set_unevictable(struct machine *m, struct page *head, bool unevictable);

/* Check the LRU lists against their counters (mm/swap.c); 0 or violations. */
int lru_check(const struct machine *m, char *msg, size_t msglen);

/* ---- files (filemap.c) ---- */

/* A named file, created on first use.  NULL only when out of host memory. */
struct address_space *file_lookup(struct machine *m, const char *name);
/* A shmem object for MAP_HUGETLB (not charged: the pool reserves its own). */
struct address_space *shmem_object_new(struct machine *m, const char *name);
/*
 * The shmem object of a MAP_SHARED|MAP_ANONYMOUS mapping of nr_pages for
 * mm, charged to the committed memory (each page later, with
 * VM_NORESERVE in vm_flags).  NULL: refused or out of host memory (the
 * kernel's -ENOMEM either way).  Linux: shmem_zero_setup().
 */
struct address_space *shmem_zero_setup(struct machine *m, const struct mm_struct *mm,
				       uint64_t nr_pages, unsigned long vm_flags);
void mapping_get(struct address_space *mapping);
void mapping_put(struct machine *m, struct address_space *mapping);

/* Cache a prepared page (hugetlb) at index.  -1 when out of host memory. */
int filemap_add_page(struct machine *m, struct address_space *mapping, uint64_t index,
		     struct page *page);
/* The cached page at index, or NULL.  Linux: filemap_get_folio(). */
struct page *filemap_lookup(const struct machine *m, const struct address_space *mapping,
			    uint64_t index);
/*
 * Allocate, cache and return the page at index; NULL with *fault set to
 * VM_FAULT_OOM (no memory) or VM_FAULT_SIGBUS (a VM_NORESERVE shmem page
 * the commit policy refused).  Linux: shmem_get_folio_gfp(); for a
 * regular file, filemap_fault()'s stand-in past the file's size.
 */
struct page *filemap_get_page(struct machine *m, struct address_space *mapping,
			      struct vm_area_struct *vma, uint64_t index, uint64_t addr,
			      vm_fault_t *fault);
/*
 * Linux: filemap_fault(), mm/filemap.c: the page of a regular file's
 * mapping at index (addr in vma), read in with readahead if not cached
 * (pgmajfault, VM_FAULT_MAJOR), the task waiting for the device.  No
 * reference is taken for the caller; NULL with *ret holding
 * VM_FAULT_OOM when no page could be had.
 */
struct page *filemap_fault(struct machine *m, struct vm_area_struct *vma, uint64_t index,
			   uint64_t addr, vm_fault_t *ret);

/*
 * Linux: next_uptodate_page() of filemap_map_pages(): the cached page at
 * index if fault-around may map it (not PG_readahead, not still being
 * read), paying back one of the file's mmap misses; ra is the task's
 * readahead state for a regular file, NULL for shmem.
 */
struct file_ra_state;
struct page *filemap_map_page(struct machine *m, struct address_space *mapping,
			      struct file_ra_state *ra, uint64_t index);

/* Point old's cache slot at new (migration moved the page).  Linux: folio_migrate_mapping()'s xas_store(). */
void filemap_replace_page(const struct machine *m, struct address_space *mapping,
			  struct page *old, struct page *new);
/* Free every file's cached pages and the tables (machine release). */
void files_release(struct machine *m);
/* Linux: drop_caches (invalidate_mapping_pages): free clean unmapped pages. */
unsigned long drop_pagecache(struct machine *m);
/*
 * Drop one clean cached page that only the cache and the caller reference
 * from its cache (the caller's reference stays).  1 if dropped, else 0.
 * Linux: invalidate_inode_page(), mm/truncate.c.
 */
long invalidate_inode_page(struct machine *m, struct page *page);
/*
 * The same for reclaim (Linux: the page-cache half of __remove_mapping()
 * with reclaimed set): a file-LRU folio leaves a shadow entry behind.
 */
long remove_mapping_reclaimed(struct machine *m, struct page *page);

/* ---- pins (gup.c) ---- */

/*
 * Pin or reference nr_pages pages of t from addr, faulting them in first.
 * gup_flags: FOLL_PIN or FOLL_GET, with FOLL_WRITE / FOLL_LONGTERM.
 * pages[] gets the pinned (sub)pages.  Returns the number pinned, or a
 * negative errno if the first page could not be (-EFAULT: no VMA).
 * Linux: pin_user_pages() / get_user_pages(), mm/gup.c.
 */
long gup_pages(struct machine *m, struct task_struct *t, uint64_t addr, unsigned long nr_pages,
	       unsigned int gup_flags, struct page **pages);
/* Linux: unpin_user_pages() / put_page() for FOLL_GET. */
void gup_release(struct machine *m, struct page **pages, unsigned long nr_pages,
		 unsigned int gup_flags);

/* Linux: folio_maybe_dma_pinned(), include/linux/mm.h */
bool page_maybe_dma_pinned(const struct machine *m, struct page *page);

#endif /* MM_MM_H */
