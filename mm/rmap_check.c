/*
 * mm/rmap_check.c - the whole-machine checker of the process side:
 * rmap_check() walks every task's page tables and compares what it finds
 * with the mapcounts, references, mapping handles and counters that the
 * mapping code keeps incrementally.
 *
 * What must hold (each a rule of the kernel's):
 *   - a present PTE maps an allocated frame (refcount > 0, not in the
 *     buddy), or is the special zero-page mapping;
 *   - the page's mapping leads back: an anonymous page's anon_vma is on
 *     the VMA's chains, a file page's address_space is the VMA's file, and
 *     vma_address(page) is the address it is mapped at;
 *   - _mapcount + 1 equals the PTEs found, the entire mapcount the PMDs;
 *   - refcount >= mapcount;
 *   - a small page is PG_mlocked exactly when a VM_LOCKED VMA maps it, a
 *     THP exactly when a VM_LOCKED VMA maps it with a PMD;
 *   - NR_ANON_MAPPED, NR_FILE_MAPPED, NR_ANON_THPS and NR_PAGETABLE per
 *     node, and each mm's RSS counters, equal the recount;
 *   - a huge PMD is 2 MiB aligned inside its VMA and has a deposited table;
 *   - a PROT_NONE VMA's entries are PROT_NONE; elsewhere a PROT_NONE entry
 *     is a NUMA hinting entry: not a zero page, writable only where a
 *     present entry could be (check_protnone()).
 *
 * Linux counterpart: none as one function; the checks of CONFIG_DEBUG_VM
 * (page_vma_mapped_walk, VM_BUG_ON_PAGE in rmap.c, check_mm() in
 * kernel/fork.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "mm/bug.h"
#include "mm/huge_mm.h"
#include "mm/internal.h"
#include "mm/rmap.h"
#include "mm/vmstat_counters.h"

/*
 * The per-frame arrays are indexed by pfn over [0, end_pfn).  Only entries
 * of frames with a memmap are ever touched, and arrays this large come
 * from calloc as fresh anonymous memory, so the sections without memory
 * cost no host memory here either; per-section arrays would put another
 * lookup in front of every count.
 */
struct recount {
	const struct machine *m;
	int32_t *pte_maps;		/* per frame */
	int32_t *pmd_maps;		/* per compound head */
	uint8_t *locked;		/* per head: mapped in a VM_LOCKED VMA */
	long rss[NR_MM_COUNTERS];
	unsigned long tables[MAX_NUMNODES];	/* PMD + PTE tables reached (PageTable) */
	int errors;
	char *msg;
	size_t msglen;
};

__attribute__((format(printf, 2, 3)))
static void report(struct recount *rc, const char *fmt, ...)
{
	va_list ap;

	if (rc->errors++ == 0) {
		va_start(ap, fmt);
		vsnprintf(rc->msg, rc->msglen, fmt, ap);
		va_end(ap);
	}
}

static bool vma_chains_to(const struct vm_area_struct *vma, const struct anon_vma *av)
{
	const struct anon_vma_chain *avc;

	list_for_each_entry(avc, &vma->anon_vma_chain, same_vma)
		if (avc->anon_vma == av)
			return true;
	return false;
}

/* The mapping and index of the page mapped at addr lead back to vma. */
static void check_backlink(struct recount *rc, struct vm_area_struct *vma, struct page *page,
			   uint64_t addr)
{
	struct machine *m = (struct machine *)rc->m;
	struct page *head = compound_head(m, page);

	if (PageAnon(head)) {
		if (!vma_chains_to(vma, page_anon_vma(m, head)))
			report(rc, "pfn %#llx at %#llx: its anon_vma is not on the VMA's chains",
			       (unsigned long long)page_to_pfn(m, page), (unsigned long long)addr);
	} else if (page_mapping(m, head) != vma->vm_file) {
		report(rc, "pfn %#llx at %#llx: mapping is not the VMA's file",
		       (unsigned long long)page_to_pfn(m, page), (unsigned long long)addr);
	}
	if (vma_address(m, page, vma) != addr)
		report(rc, "pfn %#llx at %#llx: index points at %#llx",
		       (unsigned long long)page_to_pfn(m, page), (unsigned long long)addr,
		       (unsigned long long)vma_address(m, page, vma));
}

static bool frame_allocated(struct recount *rc, pfn_t pfn, uint64_t addr)
{
	const struct page *head;

	if (!pfn_valid(rc->m, pfn)) {
		report(rc, "entry at %#llx maps pfn %#llx, which has no memmap", (unsigned long long)addr,
		       (unsigned long long)pfn);
		return false;
	}
	head = compound_head((struct machine *)rc->m, pfn_to_page(rc->m, pfn));
	if (head->_refcount <= 0 || PageBuddy(head)) {
		report(rc, "entry at %#llx maps free pfn %#llx", (unsigned long long)addr,
		       (unsigned long long)pfn);
		return false;
	}
	return true;
}

static void count_rss(struct recount *rc, struct vm_area_struct *vma, struct page *head,
		      long nr)
{
	if (!(vma->vm_flags & VM_HUGETLB))
		rc->rss[mm_counter(rc->m, head)] += nr;
}

static bool page_anon_exclusive(struct machine *m, struct page *page)
{
	return PageAnon(compound_head(m, page)) && PageFlag(page, PG_anon_exclusive);
}

/*
 * A PROT_NONE entry: every present entry of a PROT_NONE VMA is one
 * (mprotect made them so, and nothing faults there); in any other VMA it
 * is a NUMA hinting entry, which change_prot_numa() puts only on a
 * normal page (never the zero pages) and which keeps the write bit only
 * where a present entry could have it: in a writable VMA, and in a
 * private one for an exclusive anonymous page.
 */
static void check_protnone(struct recount *rc, const struct vm_area_struct *vma, uint64_t addr,
			   bool protnone, bool special, bool write, struct page *page)
{
	struct machine *m = (struct machine *)rc->m;

	if (!vma_is_accessible(vma)) {
		if (!protnone)
			report(rc, "entry at %#llx of a PROT_NONE VMA is present to the MMU",
			       (unsigned long long)addr);
		return;
	}
	if (!protnone)
		return;
	if (special)
		report(rc, "NUMA hinting entry at %#llx maps a zero page",
		       (unsigned long long)addr);
	else if (write && (!(vma->vm_flags & VM_WRITE) ||
			   (!(vma->vm_flags & VM_SHARED) && !page_anon_exclusive(m, page))))
		report(rc, "NUMA hinting entry at %#llx keeps a write bit the page may not have",
		       (unsigned long long)addr);
}

static void check_huge_pmd(struct recount *rc, struct vm_area_struct *vma, pmd_t pmd,
			   uint64_t haddr)
{
	struct machine *m = (struct machine *)rc->m;
	pfn_t pfn = pmd_pfn(pmd);

	if ((haddr & ~PMD_MASK) || haddr < vma->vm_start || haddr + PMD_SIZE > vma->vm_end)
		report(rc, "huge PMD at %#llx is not inside its VMA", (unsigned long long)haddr);
	if (is_huge_zero_pmd(m, pmd)) {
		check_protnone(rc, vma, haddr, pmd_protnone(pmd), true, pmd_write(pmd), NULL);
		return;
	}
	if (!frame_allocated(rc, pfn, haddr))
		return;
	check_protnone(rc, vma, haddr, pmd_protnone(pmd), false, pmd_write(pmd),
		       pfn_to_page(m, pfn));
	rc->pmd_maps[pfn]++;
	rc->locked[pfn] |= (vma->vm_flags & VM_LOCKED) != 0;
	check_backlink(rc, vma, pfn_to_page(m, pfn), haddr);
	count_rss(rc, vma, pfn_to_page(m, pfn), (long)HPAGE_PMD_NR);
}

static void check_pte(struct recount *rc, struct vm_area_struct *vma, pte_t pte, uint64_t addr)
{
	struct machine *m = (struct machine *)rc->m;
	pfn_t pfn = pte_pfn(pte);

	if (pte_none(pte))
		return;
	if (!pte_present(pte)) {
		/* A page under migration still counts in the RSS (zap drops it). */
		if (is_migration_pte(pte) && pfn_valid(m, migration_entry_pfn(pte)))
			count_rss(rc, vma, compound_head(m, pfn_to_page(m, migration_entry_pfn(pte))), 1);
		/* A swap entry counts in MM_SWAPENTS (its slot: swap_check()). */
		if (is_swap_entry_pte(pte))
			rc->rss[MM_SWAPENTS]++;
		return;
	}
	if (pte_special(pte)) {
		if (pfn != m->zero_pfn)
			report(rc, "special PTE at %#llx is not the zero page", (unsigned long long)addr);
		check_protnone(rc, vma, addr, pte_protnone(pte), true, pte_write(pte), NULL);
		return;
	}
	if (!frame_allocated(rc, pfn, addr))
		return;
	check_protnone(rc, vma, addr, pte_protnone(pte), false, pte_write(pte),
		       pfn_to_page(m, pfn));
	rc->pte_maps[pfn]++;
	/* 6.1 mlocks small pages by their PTEs, THPs only by their PMDs. */
	if (!(pfn_to_page(m, pfn)->flags & ((1u << PG_head) | (1u << PG_tail))))
		rc->locked[pfn] |= (vma->vm_flags & VM_LOCKED) != 0;
	check_backlink(rc, vma, pfn_to_page(m, pfn), addr);
	count_rss(rc, vma, compound_head(m, pfn_to_page(m, pfn)), 1);
}

static void count_table(struct recount *rc, pfn_t table)
{
	rc->tables[page_to_nid(pfn_to_page(rc->m, table))]++;
}

static void walk_vma(struct recount *rc, struct vm_area_struct *vma)
{
	struct machine *m = (struct machine *)rc->m;

	for (uint64_t a = vma->vm_start; a < vma->vm_end;) {
		uint64_t next = (a & PMD_MASK) + PMD_SIZE;
		pmd_t *pmd;
		pte_t *pte = follow_pte(m, vma->vm_mm, a, &pmd);

		if (next > vma->vm_end)
			next = vma->vm_end;
		if (pmd && pmd_trans_huge(*pmd)) {
			check_huge_pmd(rc, vma, *pmd, a & PMD_MASK);
		} else if (pte) {
			for (uint64_t p = a; p < next; p += PAGE_SIZE)
				check_pte(rc, vma, *pte_offset_map(m, pmd, p), p);
		}
		a = next;
	}
}

/* PMD and PTE tables (and deposited ones) of mm: the PageTable frames it owns. */
static void count_tables(struct recount *rc, const struct mm_struct *mm)
{
	const struct machine *m = rc->m;
	const uint64_t *pgd = pt_entries(m, mm->pgd_pfn);

	for (unsigned int g = 0; g < PTRS_PER_TABLE; g++) {
		const uint64_t *pud;

		if (!pgd[g])
			continue;
		pud = pt_entries(m, (pgd[g] & PTE_PFN_MASK) >> PAGE_SHIFT);
		for (unsigned int u = 0; u < PTRS_PER_TABLE; u++) {
			pfn_t pmd_table = (pud[u] & PTE_PFN_MASK) >> PAGE_SHIFT;
			const uint64_t *pmd;

			if (!pud[u])
				continue;
			count_table(rc, pmd_table);
			pmd = pt_entries(m, pmd_table);
			for (unsigned int d = 0; d < PTRS_PER_TABLE; d++)
				if (pmd[d] && !(pmd[d] & _PAGE_PSE))
					count_table(rc, (pmd[d] & PTE_PFN_MASK) >> PAGE_SHIFT);
			for (uint32_t t = pfn_to_page(m, pmd_table)->lru_next; t != PAGE_LIST_NIL;
			     t = pfn_to_page(m, t)->lru_next)
				count_table(rc, t);
		}
	}
}

static void check_task(struct recount *rc, const struct task_struct *t)
{
	const struct mm_struct *mm = t->mm;

	for (int i = 0; i < NR_MM_COUNTERS; i++)
		rc->rss[i] = 0;
	for (size_t i = 0; i < mm->nr_vmas; i++)
		walk_vma(rc, mm->vmas[i]);
	for (int i = 0; i < NR_MM_COUNTERS; i++)
		if (rc->rss[i] != mm->rss_stat[i])
			report(rc, "pid %d: rss counter %d is %ld, the tables hold %ld", t->pid, i,
			       mm->rss_stat[i], rc->rss[i]);
	count_tables(rc, mm);
}

/* The entire mapcount and references of a THP or hugetlb head. */
static void check_compound(struct recount *rc, struct page *head, long *thps)
{
	struct machine *m = (struct machine *)rc->m;
	pfn_t pfn = page_to_pfn(m, head);
	int pte_maps = 0;

	if (compound_mapcount(head) != rc->pmd_maps[pfn])
		report(rc, "pfn %#llx: entire mapcount %d, %d PMDs map it", (unsigned long long)pfn,
		       compound_mapcount(head), rc->pmd_maps[pfn]);
	if (PageTransHuge(head) && rc->pmd_maps[pfn] > 0)
		thps[page_to_nid(head)] += HPAGE_PMD_NR;
	for (unsigned int i = 0; i < folio_nr_pages(head); i++)
		pte_maps += rc->pte_maps[pfn + i];
	/* Each PMD and each PTE mapping holds a reference of its own. */
	if (head->_refcount < rc->pmd_maps[pfn] + pte_maps)
		report(rc, "pfn %#llx: refcount %d below its %d mappings", (unsigned long long)pfn,
		       head->_refcount, rc->pmd_maps[pfn] + pte_maps);
}

/* Mapcounts and references of one frame against the recount. */
static void check_frame(struct recount *rc, pfn_t pfn, long *anon, long *file, long *thps)
{
	struct machine *m = (struct machine *)rc->m;
	struct page *page = pfn_to_page(m, pfn);
	struct page *head;
	int total;

	if (page->_mapcount < -1)
		return;		/* a page type: buddy, table */
	if (page->_mapcount + 1 != rc->pte_maps[pfn])
		report(rc, "pfn %#llx: mapcount %d, %d PTEs map it", (unsigned long long)pfn,
		       page->_mapcount + 1, rc->pte_maps[pfn]);
	head = compound_head(m, page);
	if (page == head && (PageTransHuge(page) || PageHuge(m, page)))
		check_compound(rc, page, thps);
	if (PageHuge(m, head))
		return;
	/* Linux: mlock_vma_folio()/munlock_vma_folio(), with their 6.1 tests. */
	if (page == head && PageFlag(page, PG_mlocked) != (rc->locked[pfn] != 0))
		report(rc, "pfn %#llx: PG_mlocked %d but %s locked VMA maps it",
		       (unsigned long long)pfn, PageFlag(page, PG_mlocked),
		       rc->locked[pfn] ? "a" : "no");
	total = page_mapcount_total(m, page);
	if (total > 0)
		(PageAnon(head) ? anon : file)[page_to_nid(page)]++;
	if (!PageFlag(head, PG_head) && head->_refcount < total)
		report(rc, "pfn %#llx: refcount %d below mapcount %d", (unsigned long long)pfn,
		       head->_refcount, total);
}

static void check_counters(struct recount *rc, const long *anon, const long *file,
			   const long *thps)
{
	const struct machine *m = rc->m;

	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++) {
		const pg_data_t *pgdat = m->node_data[nid];

		if (!pgdat)
			continue;
		if (__node_page_state_snapshot(pgdat, NR_ANON_MAPPED) != anon[nid])
			report(rc, "node %u: nr_anon_pages %ld, %ld pages are mapped", nid,
			       __node_page_state_snapshot(pgdat, NR_ANON_MAPPED), anon[nid]);
		if (__node_page_state_snapshot(pgdat, NR_FILE_MAPPED) != file[nid])
			report(rc, "node %u: nr_mapped %ld, %ld file pages are mapped", nid,
			       __node_page_state_snapshot(pgdat, NR_FILE_MAPPED), file[nid]);
		if (__node_page_state_snapshot(pgdat, NR_ANON_THPS) != thps[nid])
			report(rc, "node %u: nr_anon_transparent_hugepages %ld pages, %ld found", nid,
			       __node_page_state_snapshot(pgdat, NR_ANON_THPS), thps[nid]);
		if (__node_page_state_snapshot(pgdat, NR_PAGETABLE) != (long)rc->tables[nid])
			report(rc, "node %u: nr_page_table_pages %ld, %lu tables reached", nid,
			       __node_page_state_snapshot(pgdat, NR_PAGETABLE), rc->tables[nid]);
	}
}

int rmap_check(const struct machine *m, char *msg, size_t msglen)
{
	struct recount rc = { .m = m, .msg = msg, .msglen = msglen };
	long anon[MAX_NUMNODES] = { 0 }, file[MAX_NUMNODES] = { 0 }, thps[MAX_NUMNODES] = { 0 };

	if (!m->procs.nr_tasks && !m->procs.nr_files)
		return 0;
	rc.pte_maps = calloc(m->end_pfn, sizeof(*rc.pte_maps));
	rc.pmd_maps = calloc(m->end_pfn, sizeof(*rc.pmd_maps));
	rc.locked = calloc(m->end_pfn, sizeof(*rc.locked));
	if (!rc.pte_maps || !rc.pmd_maps || !rc.locked) {
		free(rc.pte_maps);
		free(rc.pmd_maps);
		free(rc.locked);
		return 0;	/* no host memory to check with: nothing found */
	}
	for (size_t i = 0; i < m->procs.nr_tasks; i++)
		check_task(&rc, m->procs.tasks[i]);
	for_each_valid_pfn_run(m, run, run_end, 0, m->end_pfn)
		for (pfn_t pfn = run; pfn < run_end; pfn++)
			check_frame(&rc, pfn, anon, file, thps);
	check_counters(&rc, anon, file, thps);
	free(rc.pte_maps);
	free(rc.pmd_maps);
	free(rc.locked);
	return rc.errors;
}
