/*
 * mm/filemap.c - the page cache of files and shmem objects, as far as
 * mappings need it.
 *
 * A fault on a regular file reads its page through mm/filemap_fault.c;
 * filemap_get_page() serves shmem, and a file's pages past its size
 * (allocated without I/O).  Named files live for the whole run, so their
 * pages stay cached after the last munmap, as in the kernel, until
 * vm.drop_caches=1 frees the clean, unmapped ones.  A shmem object (shared
 * anonymous memory, or the file behind MAP_HUGETLB) dies with its last
 * mapping and takes its pages with it.
 *
 * A shared anonymous object is charged to the committed memory
 * (mm/mman.h) at its size when it is made, or, made with VM_NORESERVE, a
 * page at a time as its pages are allocated; it is refunded when it dies.
 *
 * A page reclaim evicts leaves a shadow entry at its index
 * (mm/workingset.c keeps them beside the table): a page added there
 * later replaces it and is judged by workingset_refault().
 *
 * Invariants: each cached page has the mapping's id and its index, holds
 * one reference for the cache, and is counted in NR_FILE_PAGES (and
 * NR_SHMEM for shmem); hugetlb pages are cached but not counted there.
 *
 * Linux counterpart: mm/filemap.c (filemap_get_folio, filemap_add_folio,
 * __filemap_remove_folio, filemap_fault), mm/shmem.c (shmem_zero_setup,
 * shmem_acct_size, shmem_acct_block, shmem_evict_inode), fs/drop_caches.c, mm/truncate.c
 * (invalidate_mapping_pages, invalidate_inode_page).
 */
#include <stdlib.h>
#include <string.h>

#include "mm/array.h"
#include "mm/bug.h"
#include "mm/internal.h"
#include "mm/mempolicy.h"
#include "mm/mm.h"
#include "mm/mman.h"
#include "mm/numa_balancing.h"
#include "mm/rmap.h"
#include "mm/vmscan.h"
#include "mm/vmstat_counters.h"
#include "mm/workingset.h"
#include "mm/writeback.h"

#define SLOT_EMPTY	UINT64_MAX
#define SLOT_DELETED	(UINT64_MAX - 1)
#define CACHE_RUN	8

/*
 * Fibonacci hashing of a page index into a power-of-two table, by runs
 * of CACHE_RUN indexes: a run's slots are adjacent (one host cache line
 * of indexes), so a file read or written in order, or reclaimed in the
 * order it was cached, touches a new line every CACHE_RUN pages instead
 * of every page.
 */
static size_t slot_of(uint64_t index, size_t cap)
{
	uint64_t run = index / CACHE_RUN;

	return (size_t)(((run * 0x9e3779b97f4a7c15ull) >> 20) * CACHE_RUN + index % CACHE_RUN) &
	       (cap - 1);
}

static size_t cache_find(const struct address_space *mapping, uint64_t index)
{
	size_t cap = mapping->cache_cap;

	if (!cap)
		return SIZE_MAX;
	for (size_t i = slot_of(index, cap), n = 0; n < cap; i = (i + 1) & (cap - 1), n++) {
		if (mapping->cache_index[i] == SLOT_EMPTY)
			return SIZE_MAX;
		if (mapping->cache_index[i] == index)
			return i;
	}
	return SIZE_MAX;
}

/*
 * Rehash the table into one twice as large, or as large when at most
 * half of it is live: slots freed by removal stay as tombstones until
 * this, and a lookup of a missing index probes through them.
 */
static int cache_grow(struct address_space *mapping)
{
	size_t old_cap = mapping->cache_cap;
	size_t cap = !old_cap ? 64 : (mapping->nrpages + 1) * 2 <= old_cap ? old_cap : old_cap * 2;
	uint64_t *old_index = mapping->cache_index;
	pfn_t *old_pfn = mapping->cache_pfn;
	uint64_t *idx = malloc(cap * sizeof(*idx));
	pfn_t *pfn = malloc(cap * sizeof(*pfn));

	if (!idx || !pfn) {
		free(idx);
		free(pfn);
		return -1;
	}
	for (size_t i = 0; i < cap; i++)
		idx[i] = SLOT_EMPTY;
	mapping->cache_index = idx;
	mapping->cache_pfn = pfn;
	mapping->cache_cap = cap;
	mapping->cache_used = 0;
	for (size_t i = 0; i < old_cap; i++) {
		size_t s;

		if (old_index[i] >= SLOT_DELETED)
			continue;
		for (s = slot_of(old_index[i], cap); idx[s] != SLOT_EMPTY; s = (s + 1) & (cap - 1))
			;
		idx[s] = old_index[i];
		pfn[s] = old_pfn[i];
		mapping->cache_used++;
	}
	free(old_index);
	free(old_pfn);
	return 0;
}

/* Linux: filemap_add_folio() for a page already prepared by the caller. */
int filemap_add_page(struct machine *m, struct address_space *mapping, uint64_t index,
		     struct page *page)
{
	size_t s;

	if ((mapping->cache_used + 1) * 4 > mapping->cache_cap * 3 && cache_grow(mapping))
		return -1;
	for (s = slot_of(index, mapping->cache_cap); mapping->cache_index[s] < SLOT_DELETED;
	     s = (s + 1) & (mapping->cache_cap - 1))
		;
	if (mapping->cache_index[s] == SLOT_EMPTY)
		mapping->cache_used++;
	mapping->cache_index[s] = index;
	mapping->cache_pfn[s] = page_to_pfn(m, page);
	mapping->nrpages++;
	page_set_mapping(page, mapping->id, false);
	page->index = (uint32_t)index;
	return 0;
}

struct page *filemap_lookup(const struct machine *m, const struct address_space *mapping,
			    uint64_t index)
{
	size_t s = cache_find(mapping, index);

	return s == SIZE_MAX ? NULL : pfn_to_page(m, mapping->cache_pfn[s]);
}

/*
 * Linux: the xas_store() of folio_migrate_mapping(), mm/migrate.c: the
 * slot of old's index now holds new (the caller moves the references
 * and the counters).
 */
void filemap_replace_page(const struct machine *m, struct address_space *mapping,
			  struct page *old, struct page *new)
{
	size_t s = cache_find(mapping, old->index);

	MM_BUG_ON(s == SIZE_MAX || mapping->cache_pfn[s] != page_to_pfn(m, old));
	mapping->cache_pfn[s] = page_to_pfn(m, new);
}

/* Linux: __filemap_remove_folio() + folio_put() of the cache's reference. */
static void filemap_remove_slot(struct machine *m, struct address_space *mapping, size_t s)
{
	struct page *page = pfn_to_page(m, mapping->cache_pfn[s]);

	/* truncate_inode_folio(): wait for the write in flight; unwritten data is lost. */
	if (PageFlag(page, PG_writeback) && !blk_wait_folio(m, page))
		folio_end_writeback(m, page);
	folio_cancel_dirty(m, page);
	mapping->cache_index[s] = SLOT_DELETED;
	mapping->nrpages--;
	if (!PageHuge(m, page)) {
		unsigned int nr = folio_nr_pages(page);

		mod_node_page_state(m, page, NR_FILE_PAGES, -(long)nr);
		if (mapping->shmem)
			mod_node_page_state(m, page, NR_SHMEM, -(long)nr);
	}
	/* Linux: shmem_recalc_inode() -> shmem_inode_unacct_blocks() */
	if (mapping->acct_noreserve)
		vm_unacct_memory(m, 1);
	page_set_mapping(page, 0, false);
	put_page(m, page);
}

/*
 * Linux: shmem_inode_acct_block() -> shmem_acct_block(), mm/shmem.c: a
 * VM_NORESERVE object is charged a page at a time, as it is allocated.
 */
static int shmem_acct_block(struct machine *m, const struct address_space *mapping)
{
	if (!mapping->acct_noreserve)
		return 0;
	return security_vm_enough_memory_mm(m, m->current ? m->current->mm : NULL, 1);
}

/*
 * Linux: filemap_add_folio() + folio_add_lru() of a new page: cached,
 * uptodate (see mm/readahead.c) and counted; NULL (the page put back)
 * when the table cannot grow.  A shadow left at index is replaced, and
 * judged by workingset_refault() unless the page is cached to be written.
 */
static struct page *cache_new_page(struct machine *m, struct address_space *mapping,
				   uint64_t index, struct page *page, gfp_t gfp)
{
	uint64_t shadow;

	page_cpupid_reset_last(m, page);	/* see vma_alloc_folio() */
	if (filemap_add_page(m, mapping, index, page)) {
		put_page(m, page);
		return NULL;
	}
	shadow = mapping_take_shadow(m, mapping, index);
	if (shadow && !(gfp & __GFP_WRITE))
		workingset_refault(m, page, shadow);
	SetPageFlag(page, PG_uptodate);
	mod_node_page_state(m, page, NR_FILE_PAGES, 1);
	if (mapping->shmem) {
		SetPageFlag(page, PG_swapbacked);
		mod_node_page_state(m, page, NR_SHMEM, 1);
	}
	/* The cache adds it as lru_cache_add() does; mapping it may mlock it later. */
	folio_add_lru(m, page, NULL);
	return page;
}

/* Linux: filemap_alloc_folio() (the task's policy, as alloc_pages()) + filemap_add_folio(). */
struct page *filemap_create_folio(struct machine *m, struct address_space *mapping,
				  uint64_t index, gfp_t gfp)
{
	struct page *page = alloc_pages(m, gfp | __GFP_COMP, 0);

	return page ? cache_new_page(m, mapping, index, page, gfp) : NULL;
}

struct page *filemap_get_page(struct machine *m, struct address_space *mapping,
			      struct vm_area_struct *vma, uint64_t index, uint64_t addr,
			      vm_fault_t *fault)
{
	struct page *page;

	/* 6.1 turns a refused charge into -ENOSPC, so that the fault is a SIGBUS. */
	if (shmem_acct_block(m, mapping)) {
		m->proc_stats.sigbus++;
		*fault = VM_FAULT_SIGBUS;
		return NULL;
	}
	/* shmem follows the VMA's policy; page-cache pages the task's (alloc_pages). */
	if (mapping->shmem)
		page = vma_alloc_folio(m, GFP_HIGHUSER_MOVABLE, 0, vma, addr, false);
	else
		page = alloc_pages(m, mapping->gfp_mask | __GFP_COMP, 0);
	if (page)
		page = cache_new_page(m, mapping, index, page, mapping->gfp_mask);
	if (!page) {
		if (mapping->acct_noreserve)
			vm_unacct_memory(m, 1);
		*fault = VM_FAULT_OOM;
		return NULL;
	}
	return page;
}

/* ---- the life of files and shmem objects ---- */

static struct address_space *mapping_new(struct machine *m, const char *name, bool shmem)
{
	struct address_space *mapping = calloc(1, sizeof(*mapping));

	if (!mapping)
		return NULL;
	mapping->name = strdup(name);
	mapping->id = mapping_id_alloc(m, mapping);
	if (!mapping->name || !mapping->id) {
		free(mapping->name);
		free(mapping);
		return NULL;
	}
	mapping->shmem = shmem;
	mapping->gfp_mask = MAPPING_GFP;
	mapping->refcount = 1;
	INIT_LIST_HEAD(&mapping->i_mmap);
	return mapping;
}

/* Drop every cached page and free the object.  Linux: shmem_evict_inode(). */
static void mapping_destroy(struct machine *m, struct address_space *mapping)
{
	for (size_t s = 0; s < mapping->cache_cap; s++)
		if (mapping->cache_index[s] < SLOT_DELETED)
			filemap_remove_slot(m, mapping, s);
	mapping_clear_shadows(m, mapping, 0, UINT64_MAX);
	vm_unacct_memory(m, (long)mapping->acct_pages);	/* Linux: shmem_unacct_size() */
	mapping_id_free(m, mapping->id);
	free(mapping->cache_index);
	free(mapping->cache_pfn);
	free(mapping->ra);
	free(mapping->name);
	free(mapping);
}

struct address_space *file_lookup(struct machine *m, const char *name)
{
	struct mm_procs *p = &m->procs;
	struct address_space *mapping;

	for (size_t i = 0; i < p->nr_files; i++)
		if (!strcmp(p->files[i]->name, name))
			return p->files[i];
	mapping = mapping_new(m, name, false);	/* the machine holds the first reference */
	if (mapping && array_insert(&p->files, sizeof(*p->files), &p->nr_files, &p->files_cap,
				    p->nr_files, &mapping)) {
		mapping_put(m, mapping);
		return NULL;
	}
	return mapping;
}

/*
 * Linux: do_unlinkat() -> iput(): the name goes at once (a later
 * file_lookup() of it makes a new file); the machine's reference with it,
 * so the cache dies now or with the last mapping (evict()).
 */
void file_unlink(struct machine *m, struct address_space *mapping)
{
	struct mm_procs *p = &m->procs;

	for (size_t i = 0; i < p->nr_files; i++) {
		if (p->files[i] != mapping)
			continue;
		array_remove(p->files, sizeof(*p->files), &p->nr_files, i);
		mapping->unlinked = true;
		mapping_put(m, mapping);
		return;
	}
}

void filemap_for_each_folio(struct machine *m, struct address_space *mapping,
			    void (*fn)(struct machine *m, struct address_space *mapping,
				       struct page *folio, void *arg),
			    void *arg)
{
	for (size_t s = 0; s < mapping->cache_cap; s++)
		if (mapping->cache_index[s] < SLOT_DELETED)
			fn(m, mapping, pfn_to_page(m, mapping->cache_pfn[s]), arg);
}

/* qsort: folios by index. */
static int folio_index_cmp(const void *a, const void *b)
{
	uint64_t ia = (*(struct page *const *)a)->index, ib = (*(struct page *const *)b)->index;

	return ia < ib ? -1 : ia > ib;
}

struct page **filemap_collect(struct machine *m, struct address_space *mapping, uint64_t start,
			      uint64_t end, bool dirty_only, size_t *nr)
{
	struct page **v = NULL;
	size_t cap = 0;

	*nr = 0;
	for (size_t s = 0; s < mapping->cache_cap; s++) {
		struct page *folio;

		if (mapping->cache_index[s] >= SLOT_DELETED || mapping->cache_index[s] < start ||
		    mapping->cache_index[s] > end)
			continue;
		folio = pfn_to_page(m, mapping->cache_pfn[s]);
		if (dirty_only && !PageFlag(folio, PG_dirty))
			continue;
		if (array_insert(&v, sizeof(*v), nr, &cap, *nr, &folio))
			break;	/* no host memory for more: the caller gets those found */
		get_page(m, folio);
	}
	/* The kernel walks the xarray: truncation and invalidation free in index order. */
	if (*nr > 1)
		qsort(v, *nr, sizeof(*v), folio_index_cmp);
	return v;
}

/* Linux: filemap_remove_folio() + the cache's folio_put(), mm/filemap.c */
void filemap_remove_folio(struct machine *m, struct page *folio)
{
	struct address_space *mapping = page_mapping(m, folio);
	size_t s = cache_find(mapping, folio->index);

	MM_BUG_ON_PAGE(s == SIZE_MAX || mapping->cache_pfn[s] != page_to_pfn(m, folio), m, folio);
	filemap_remove_slot(m, mapping, s);
}

/* Linux: hugetlb_file_setup(): a new object, one reference; hugetlb is never charged. */
struct address_space *shmem_object_new(struct machine *m, const char *name)
{
	return mapping_new(m, name, true);
}

/*
 * Linux: shmem_zero_setup() -> shmem_kernel_file_setup(), with
 * shmem_acct_size(): the object is charged its whole size for mm now,
 * unless VM_NORESERVE defers the charge to each page.
 */
struct address_space *shmem_zero_setup(struct machine *m, const struct mm_struct *mm,
				       uint64_t nr_pages, unsigned long vm_flags)
{
	bool noreserve = vm_flags & VM_NORESERVE;
	struct address_space *mapping;

	if (!noreserve && security_vm_enough_memory_mm(m, mm, (long)nr_pages))
		return NULL;
	mapping = mapping_new(m, "/dev/zero (deleted)", true);
	if (!mapping) {
		if (!noreserve)
			vm_unacct_memory(m, (long)nr_pages);
		return NULL;
	}
	mapping->acct_noreserve = noreserve;
	mapping->acct_pages = noreserve ? 0 : nr_pages;
	return mapping;
}

void mapping_get(struct address_space *mapping)
{
	mapping->refcount++;
}

void mapping_put(struct machine *m, struct address_space *mapping)
{
	MM_BUG_ON(mapping->refcount <= 0);
	if (--mapping->refcount == 0)
		mapping_destroy(m, mapping);
}

void files_release(struct machine *m)
{
	struct mm_procs *p = &m->procs;

	for (size_t i = 0; i < p->nr_files; i++)
		mapping_put(m, p->files[i]);
	free(p->files);
	p->files = NULL;
	p->nr_files = 0;
	p->files_cap = 0;
}

/*
 * Linux: invalidate_inode_page() -> mapping_evict_folio(), mm/truncate.c:
 * a clean page referenced only by its cache and by the caller (a mapped
 * page holds a reference per mapping) leaves the cache; the caller's
 * reference is then its last.  Returns 1 if it left, else 0.  Reclaim's
 * removal (__remove_mapping() with reclaimed set) leaves a shadow of a
 * file-LRU folio; invalidation's (reclaimed clear) leaves none.
 */
static long evict_page(struct machine *m, struct page *page, bool reclaimed)
{
	struct address_space *mapping = page_mapping(m, page);
	uint64_t index = page->index, shadow = 0;
	size_t s;

	if (!mapping || PageFlag(page, PG_dirty) || PageFlag(page, PG_writeback) ||
	    page_count(page) > 2)
		return 0;
	s = cache_find(mapping, page->index);
	if (s == SIZE_MAX || mapping->cache_pfn[s] != page_to_pfn(m, page))
		return 0;	/* an index past 32 bits: not found by its page */
	if (reclaimed && folio_is_file_lru(page))
		shadow = workingset_eviction(m, page);
	filemap_remove_slot(m, mapping, s);
	if (shadow)
		mapping_store_shadow(m, mapping, index, shadow);
	return 1;
}

long invalidate_inode_page(struct machine *m, struct page *page)
{
	return evict_page(m, page, false);
}

long remove_mapping_reclaimed(struct machine *m, struct page *page)
{
	return evict_page(m, page, true);
}

/*
 * Linux: drop_pagecache_sb() -> invalidate_mapping_pages(): free every
 * cached page of the named files that is clean, unmapped and referenced
 * by the cache alone.  Returns the pages freed.
 */
unsigned long drop_pagecache(struct machine *m)
{
	struct mm_procs *p = &m->procs;
	unsigned long freed = 0;

	for (size_t i = 0; i < p->nr_files; i++) {
		struct address_space *mapping = p->files[i];

		mapping_clear_shadows(m, mapping, 0, UINT64_MAX);
		for (size_t s = 0; s < mapping->cache_cap; s++) {
			struct page *page;

			if (mapping->cache_index[s] >= SLOT_DELETED)
				continue;
			page = pfn_to_page(m, mapping->cache_pfn[s]);
			if (page_mapcount(page) > 0 || PageFlag(page, PG_dirty) ||
			    page_count(page) != 1)
				continue;
			filemap_remove_slot(m, mapping, s);
			freed++;
		}
	}
	__count_vm_events(m, DROP_PAGECACHE, 1);
	return freed;
}
