/*
 * mm/task_mmu.c - what /proc/meminfo, the per-node meminfo files and
 * /proc/PID/numa_maps report, computed from the machine's counters and
 * page tables.  Nothing here prints: sim/procfs.c lays the text out.
 *
 * meminfo is arithmetic over counters the rest of mm/ keeps (node and zone
 * vm_stat, the hstate, the committed total), with the kernel's formulas:
 * MemAvailable is si_mem_available(), CommitLimit vm_commit_limit() and
 * Committed_AS vm_memory_committed() (mm/util.c).  A few lines have no
 * simulated subsystem behind them (swap, zswap, vmalloc, per-CPU chunks,
 * poisoned pages): they read 0.  The direct map is modelled in a simple
 * way: each RAM range of the machine split into the largest aligned pages.
 *
 * numa_maps walks one VMA's page tables read-only.  As in the kernel, a
 * page counts if a present PTE or PMD maps it, it is not the (huge) zero
 * page and its node has memory; its flags are read on the folio's head
 * (PageActive, PageDirty and PageAnon are per folio), its mapcount on the
 * subpage.  A huge PMD counts HPAGE_PMD_NR base pages in a normal VMA and
 * one huge page in a hugetlb VMA.
 *
 * Linux counterpart: fs/proc/meminfo.c, drivers/base/node.c,
 * fs/proc/task_mmu.c (numa_maps), mm/page_alloc.c (si_mem_available),
 * v6.1.
 */
#include "mm/task_mmu.h"

#include <string.h>

#include "mm/cma.h"
#include "mm/huge_mm.h"
#include "mm/hugetlb.h"
#include "mm/internal.h"
#include "mm/mempolicy.h"
#include "mm/mm.h"
#include "mm/mman.h"
#include "mm/rmap.h"
#include "mm/swap.h"
#include "mm/vmstat.h"
#include "mm/vmstat_counters.h"

/*
 * VMALLOC_END - VMALLOC_START of the reference kernel, in KiB: the 12800 TiB
 * vmalloc area of its address-space layout (VmallocTotal is a constant of
 * the kernel build, not of the machine's memory).
 */
#define VMALLOC_TOTAL_KB	13743895347199ul

#define KB_PER_PAGE		(PAGE_SIZE >> 10)

/* ---- counters ---- */

/* The node counter of an LRU list (Linux: NR_LRU_BASE + lru). */
static enum node_stat_item lru_stat_item(int lru)
{
	return (enum node_stat_item)(NR_INACTIVE_ANON + lru);
}

/* Linux: sum_zone_node_page_state(), mm/vmstat.c */
static unsigned long sum_zone_node_page_state(const pg_data_t *pgdat, enum zone_stat_item item)
{
	unsigned long sum = 0;

	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		sum += zone_page_state(&pgdat->node_zones[zid], item);
	return sum;
}

static unsigned long node_managed_pages(const pg_data_t *pgdat)
{
	unsigned long nr_pages = 0;

	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		nr_pages += pgdat->node_zones[zid].managed_pages;
	return nr_pages;
}

/* ---- MemAvailable ---- */

/* Linux: si_mem_available(), mm/page_alloc.c */
unsigned long si_mem_available(const struct machine *m)
{
	unsigned long wmark_low = 0, pagecache, reclaimable;
	long available;

	for_each_online_node(m, nid)
		for (int zid = 0; NODE_DATA(m, nid) && zid < MAX_NR_ZONES; zid++)
			wmark_low += low_wmark_pages(&NODE_DATA(m, nid)->node_zones[zid]);

	available = (long)global_zone_page_state(m, NR_FREE_PAGES) -
		    (long)m->totalreserve_pages;

	pagecache = global_node_page_state(m, NR_ACTIVE_FILE) +
		    global_node_page_state(m, NR_INACTIVE_FILE);
	pagecache -= pagecache / 2 < wmark_low ? pagecache / 2 : wmark_low;
	available += (long)pagecache;

	reclaimable = global_node_page_state(m, NR_SLAB_RECLAIMABLE_B) +
		      global_node_page_state(m, NR_KERNEL_MISC_RECLAIMABLE);
	reclaimable -= reclaimable / 2 < wmark_low ? reclaimable / 2 : wmark_low;
	available += (long)reclaimable;

	return available < 0 ? 0 : (unsigned long)available;
}

/* ---- the direct map ---- */

/* pfn rounded up / down to a multiple of 2^order frames. */
static pfn_t pfn_align_up(pfn_t pfn, unsigned int order)
{
	return (pfn + (1ul << order) - 1) >> order << order;
}

static pfn_t pfn_align_down(pfn_t pfn, unsigned int order)
{
	return pfn >> order << order;
}

/*
 * Map [start, end) with 4 KiB pages up to the first 2 MiB boundary, 2 MiB
 * pages up to the first 1 GiB boundary, 1 GiB pages in the middle, and
 * the same in reverse at the end.  Linux: split_mem_range(),
 * arch/x86/mm/init.c (without the later splits of kernel text and data).
 */
static void direct_map_range(pfn_t start, pfn_t end, unsigned long kb[3])
{
	const unsigned int pmd_order = PMD_SHIFT - PAGE_SHIFT, pud_order = PUD_SHIFT - PAGE_SHIFT;
	pfn_t pmd_start = pfn_align_up(start, pmd_order), pmd_end = pfn_align_down(end, pmd_order);
	pfn_t pud_start = pfn_align_up(start, pud_order), pud_end = pfn_align_down(end, pud_order);

	if (pmd_start >= pmd_end) {
		kb[0] += (end - start) * KB_PER_PAGE;
		return;
	}
	if (pud_start >= pud_end)
		pud_start = pud_end = pmd_end;
	kb[0] += (pmd_start - start + end - pmd_end) * KB_PER_PAGE;
	kb[1] += (pud_start - pmd_start + pmd_end - pud_end) * KB_PER_PAGE;
	kb[2] += (pud_end - pud_start) * KB_PER_PAGE;
}

static void direct_map_gather(const struct machine *m, struct meminfo *mi)
{
	unsigned long kb[3] = { 0, 0, 0 };

	for (unsigned int nid = 0; nid < m->hw.nr_nodes; nid++) {
		size_t cursor = 0;
		pfn_t start, end;

		while (hw_node_next_present_range(&m->hw, nid, &cursor, &start, &end))
			direct_map_range(start, end, kb);
	}
	mi->directmap_4k_kb = kb[0];
	mi->directmap_2m_kb = kb[1];
	mi->directmap_1g_kb = kb[2];
}

/* ---- /proc/meminfo ---- */

/*
 * Linux: hugetlb_report_meminfo(), mm/hugetlb.c: HugePages_* of the
 * default (2 MiB) hstate, Hugetlb: every hstate's pages.
 */
static void meminfo_hugetlb(const struct machine *m, struct meminfo *mi)
{
	const struct hstate *h = &m->hstate;

	mi->huge_pages_total = h->nr_huge_pages;
	mi->huge_pages_free = h->free_huge_pages;
	mi->huge_pages_rsvd = h->resv_huge_pages;
	mi->huge_pages_surp = h->surplus_huge_pages;
	mi->hugepagesize_kb = HPAGE_PMD_SIZE >> 10;
	mi->hugetlb_kb = hugetlb_total_pages(m) * (PAGE_SIZE >> 10);
}

/* The node counters meminfo shows as they are. */
static void meminfo_node_counters(const struct machine *m, struct meminfo *mi)
{
	for (int lru = 0; lru < NR_LRU_LISTS; lru++)
		mi->lru[lru] = global_node_page_state(m, lru_stat_item(lru));
	mi->swapcached = global_node_page_state(m, NR_SWAPCACHE);
	mi->dirty = global_node_page_state(m, NR_FILE_DIRTY);
	mi->writeback = global_node_page_state(m, NR_WRITEBACK);
	mi->anon_pages = global_node_page_state(m, NR_ANON_MAPPED);
	mi->mapped = global_node_page_state(m, NR_FILE_MAPPED);
	mi->shmem = global_node_page_state(m, NR_SHMEM);
	mi->slab_reclaimable = global_node_page_state(m, NR_SLAB_RECLAIMABLE_B);
	mi->slab_unreclaimable = global_node_page_state(m, NR_SLAB_UNRECLAIMABLE_B);
	mi->kreclaimable = mi->slab_reclaimable +
			   global_node_page_state(m, NR_KERNEL_MISC_RECLAIMABLE);
	mi->kernel_stack_kb = global_node_page_state(m, NR_KERNEL_STACK_KB);
	mi->pagetables = global_node_page_state(m, NR_PAGETABLE);
	mi->sec_pagetables = global_node_page_state(m, NR_SECONDARY_PAGETABLE);
	mi->writeback_tmp = global_node_page_state(m, NR_WRITEBACK_TEMP);
	mi->anon_thps = global_node_page_state(m, NR_ANON_THPS);
	mi->shmem_thps = global_node_page_state(m, NR_SHMEM_THPS);
	mi->shmem_pmdmapped = global_node_page_state(m, NR_SHMEM_PMDMAPPED);
	mi->file_thps = global_node_page_state(m, NR_FILE_THPS);
	mi->file_pmdmapped = global_node_page_state(m, NR_FILE_PMDMAPPED);
}

/* Linux: the arithmetic of meminfo_proc_show(), fs/proc/meminfo.c */
void meminfo_gather(const struct machine *m, struct meminfo *mi)
{
	long cached;

	memset(mi, 0, sizeof(*mi));
	mi->totalram = totalram_pages(m);
	mi->freeram = global_zone_page_state(m, NR_FREE_PAGES);
	mi->available = si_mem_available(m);
	meminfo_node_counters(m, mi);
	/* Linux: the page cache less the swap cache and the block devices' buffers. */
	cached = (long)global_node_page_state(m, NR_FILE_PAGES) - (long)mi->swapcached -
		 (long)mi->bufferram;
	mi->cached = cached < 0 ? 0 : (unsigned long)cached;
	mi->mlocked = global_zone_page_state(m, NR_MLOCK);
	mi->bounce = global_zone_page_state(m, NR_BOUNCE);
	mi->commit_limit = vm_commit_limit(m);
	mi->totalswap = (unsigned long)total_swap_pages(m);
	mi->freeswap = (unsigned long)get_nr_swap_pages(m);
	mi->committed_as = vm_memory_committed(m);
	mi->vmalloc_total_kb = VMALLOC_TOTAL_KB;
	mi->hardware_corrupted = m->num_poisoned_pages;
	mi->has_cma = m->has_cma;
	mi->cma_total = m->cma ? m->cma->totalcma_pages : 0;
	mi->cma_free = global_zone_page_state(m, NR_FREE_CMA_PAGES);
	meminfo_hugetlb(m, mi);
	direct_map_gather(m, mi);
}

/* ---- per-node meminfo ---- */

/* Linux: the arithmetic of node_read_meminfo(), drivers/base/node.c */
void node_meminfo_gather(const struct machine *m, int nid, struct node_meminfo *nmi)
{
	const pg_data_t *pgdat = NODE_DATA(m, nid);

	memset(nmi, 0, sizeof(*nmi));
	nmi->totalram = node_managed_pages(pgdat);
	nmi->freeram = sum_zone_node_page_state(pgdat, NR_FREE_PAGES);
	nmi->swapcached = node_page_state(pgdat, NR_SWAPCACHE);
	for (int lru = 0; lru < NR_LRU_LISTS; lru++)
		nmi->lru[lru] = node_page_state(pgdat, lru_stat_item(lru));
	nmi->mlocked = sum_zone_node_page_state(pgdat, NR_MLOCK);
	nmi->dirty = node_page_state(pgdat, NR_FILE_DIRTY);
	nmi->writeback = node_page_state(pgdat, NR_WRITEBACK);
	nmi->file_pages = node_page_state(pgdat, NR_FILE_PAGES);
	nmi->mapped = node_page_state(pgdat, NR_FILE_MAPPED);
	nmi->anon_pages = node_page_state(pgdat, NR_ANON_MAPPED);
	nmi->shmem = node_page_state(pgdat, NR_SHMEM);
	nmi->kernel_stack_kb = node_page_state(pgdat, NR_KERNEL_STACK_KB);
	nmi->pagetables = node_page_state(pgdat, NR_PAGETABLE);
	nmi->sec_pagetables = node_page_state(pgdat, NR_SECONDARY_PAGETABLE);
	nmi->bounce = sum_zone_node_page_state(pgdat, NR_BOUNCE);
	nmi->writeback_tmp = node_page_state(pgdat, NR_WRITEBACK_TEMP);
	nmi->slab_reclaimable = node_page_state(pgdat, NR_SLAB_RECLAIMABLE_B);
	nmi->slab_unreclaimable = node_page_state(pgdat, NR_SLAB_UNRECLAIMABLE_B);
	nmi->kreclaimable = nmi->slab_reclaimable +
			    node_page_state(pgdat, NR_KERNEL_MISC_RECLAIMABLE);
	nmi->anon_thps = node_page_state(pgdat, NR_ANON_THPS);
	nmi->shmem_thps = node_page_state(pgdat, NR_SHMEM_THPS);
	nmi->shmem_pmdmapped = node_page_state(pgdat, NR_SHMEM_PMDMAPPED);
	nmi->file_thps = node_page_state(pgdat, NR_FILE_THPS);
	nmi->file_pmdmapped = node_page_state(pgdat, NR_FILE_PMDMAPPED);
	nmi->huge_pages_total = m->hstate.nr_huge_pages_node[nid];
	nmi->huge_pages_free = m->hstate.free_huge_pages_node[nid];
	nmi->huge_pages_surp = m->hstate.surplus_huge_pages_node[nid];
}

/* ---- numa_maps ---- */

/* Linux: vma_kernel_pagesize(), mm/hugetlb.c */
unsigned long vma_kernel_pagesize(const struct vm_area_struct *vma)
{
	return (vma->vm_flags & VM_HUGETLB) ? HPAGE_PMD_SIZE : PAGE_SIZE;
}

/* Linux: __get_vma_policy() ?: the task's policy, as show_numa_map() asks */
const struct mempolicy *numa_maps_policy(const struct task_struct *t,
					 const struct vm_area_struct *vma)
{
	/* The kernel's default_policy also prints as "default". */
	static const struct mempolicy default_policy = { .refcnt = 1, .mode = MPOL_DEFAULT };

	if (vma->vm_policy)
		return vma->vm_policy;
	if (t->mempolicy)
		return t->mempolicy;
	return &default_policy;
}

/* Linux: gather_stats(), fs/proc/task_mmu.c: nr_pages pages from page on. */
static void gather_stats(const struct machine *m, struct page *page, struct numa_maps *md,
			 bool pte_dirty, unsigned long nr_pages)
{
	struct page *head = compound_head(m, page);
	unsigned long count = (unsigned long)page_mapcount_total(m, page);

	md->pages += nr_pages;
	if (pte_dirty || PageFlag(head, PG_dirty))
		md->dirty += nr_pages;
	if (PageFlag(head, PG_active) || PageFlag(head, PG_unevictable))
		md->active += nr_pages;
	if (PageFlag(head, PG_writeback))
		md->writeback += nr_pages;
	if (folio_test_swapcache(head))
		md->swapcache += nr_pages;
	if (PageAnon(head))
		md->anon += nr_pages;
	if (count > md->mapcount_max)
		md->mapcount_max = count;
	md->node[page_to_nid(page)] += nr_pages;
}

/*
 * The page a present PTE maps, if numa_maps counts it.  The zero page's
 * PTE is special, so vm_normal_page() has no page for it.
 * Linux: can_gather_numa_stats(), fs/proc/task_mmu.c.
 */
static struct page *can_gather_numa_stats(const struct machine *m, pte_t pte)
{
	struct page *page;

	if (!pte_present(pte) || pte_special(pte))
		return NULL;
	page = pfn_to_page(m, pte_pfn(pte));
	if (PageReserved(page) || !node_has_memory(m, page_to_nid(page)))
		return NULL;
	return page;
}

/* Linux: can_gather_numa_stats_pmd(): the same for a huge PMD. */
static struct page *can_gather_numa_stats_pmd(const struct machine *m, pmd_t pmd)
{
	struct page *page;

	if (!pmd_present(pmd) || is_huge_zero_pmd(m, pmd))
		return NULL;
	page = pfn_to_page(m, pmd_pfn(pmd));
	if (PageReserved(page) || !node_has_memory(m, page_to_nid(page)))
		return NULL;
	return page;
}

/*
 * One PMD's worth of [addr, end): a huge leaf, or the PTEs of its table.
 * Linux: gather_pte_stats() and, for hugetlb VMAs, gather_hugetlb_stats()
 * (one count per huge page, no node check).
 */
static void gather_pmd(const struct machine *m, const struct vm_area_struct *vma,
		       const pmd_t *pmd, const pte_t *pte, uint64_t addr, uint64_t end,
		       struct numa_maps *md)
{
	if (vma->vm_flags & VM_HUGETLB) {
		if (pmd_trans_huge(*pmd))
			gather_stats(m, pfn_to_page(m, pmd_pfn(*pmd)), md, pmd_dirty(*pmd), 1);
		return;
	}
	if (pmd_trans_huge(*pmd)) {
		struct page *page = can_gather_numa_stats_pmd(m, *pmd);

		if (page)
			gather_stats(m, page, md, pmd_dirty(*pmd), HPAGE_PMD_NR);
		return;
	}
	for (; pte && addr < end; addr += PAGE_SIZE, pte++) {
		struct page *page = can_gather_numa_stats(m, *pte);

		if (page)
			gather_stats(m, page, md, pte_dirty(*pte), 1);
	}
}

/* Linux: walk_page_vma() with the numa_maps walk ops, fs/proc/task_mmu.c */
void gather_numa_maps(const struct machine *m, struct vm_area_struct *vma, struct numa_maps *md)
{
	uint64_t addr = vma->vm_start;

	memset(md, 0, sizeof(*md));
	md->kernelpagesize_kb = vma_kernel_pagesize(vma) >> 10;
	while (addr < vma->vm_end) {
		uint64_t next = (addr & PMD_MASK) + PMD_SIZE;
		pmd_t *pmd;
		const pte_t *pte = follow_pte(m, vma->vm_mm, addr, &pmd);

		/* No PMD table: nothing is mapped up to the next PUD entry. */
		if (!pmd)
			next = (addr & ~(PUD_SIZE - 1)) + PUD_SIZE;
		if (next > vma->vm_end)
			next = vma->vm_end;
		if (pmd)
			gather_pmd(m, vma, pmd, pte, addr, next, md);
		addr = next;
	}
}
