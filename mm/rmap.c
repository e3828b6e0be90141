/*
 * mm/rmap.c - reverse mapping: anon_vma chains, mapcounts and the mapped
 * page counters, and rmap_walk().
 *
 * Anonymous pages: a page points at the anon_vma of the VMA it was first
 * faulted in.  A VMA is chained to its own anon_vma and to those of its
 * ancestors (anon_vma_fork clones the parent's chains), so the walk over
 * a page's anon_vma reaches every VMA in every process that can map it:
 * the parent, children that still share it after fork, and the pieces of
 * split VMAs.  A CoW copy made in a child points at the child's anon_vma,
 * which the parent is not chained to, so the parent's walks never see it.
 *
 * File and shmem pages point at their address_space, whose i_mmap lists
 * every VMA that maps the file.
 *
 * Invariants: an anon_vma lives while it has chains or children
 * (refcount); mapcounts equal the PTEs/PMDs that map a page (rmap_check);
 * the counters NR_ANON_MAPPED/NR_FILE_MAPPED count base pages mapped at
 * least once, which 6.1 keeps with PageDoubleMap and numasim computes
 * directly from the subpage and entire mapcounts.
 *
 * Linux counterpart: mm/rmap.c (6.1).
 */
#include <errno.h>
#include <stdlib.h>

#include "mm/bug.h"
#include "mm/huge_mm.h"
#include "mm/internal.h"
#include "mm/mempolicy.h"
#include "mm/rmap.h"
#include "mm/vmstat_counters.h"
#include "mm/writeback.h"

/* Linux: folio_anon_vma() / page_anon_vma(), mm/util.c */
struct anon_vma *page_anon_vma(const struct machine *m, const struct page *head)
{
	if (!PageAnon(head) || !page_mapping_id(head))
		return NULL;
	return mapping_id_obj(m, page_mapping_id(head));
}

/* Linux: folio_mapping() / page_mapping(), mm/util.c */
struct address_space *page_mapping(const struct machine *m, const struct page *head)
{
	/* Linux: folio_mapping(): anon and movable mappings are no address_space. */
	if ((head->owner & PAGE_MAPPING_FLAGS) || !page_mapping_id(head))
		return NULL;
	return mapping_id_obj(m, page_mapping_id(head));
}

int page_mapcount_total(const struct machine *m, struct page *page)
{
	struct page *head = compound_head(m, page);
	int n = page_mapcount(page);

	if (PageFlag(head, PG_head))
		n += compound_mapcount(head);
	return n;
}

/* ---- anon_vma lifetime ---- */

/* Linux: anon_vma_alloc(), mm/rmap.c */
static struct anon_vma *anon_vma_alloc(struct machine *m)
{
	struct anon_vma *av = calloc(1, sizeof(*av));

	if (!av)
		return NULL;
	av->id = mapping_id_alloc(m, av);
	if (!av->id) {
		free(av);
		return NULL;
	}
	av->root = av;
	INIT_LIST_HEAD(&av->chains);
	return av;
}

/* Linux: put_anon_vma(): the last chain or child is gone. */
static void put_anon_vma(struct machine *m, struct anon_vma *av)
{
	MM_BUG_ON(av->refcount <= 0);
	if (--av->refcount)
		return;
	MM_BUG_ON(!list_empty(&av->chains));
	if (av->root != av)
		put_anon_vma(m, av->root);
	mapping_id_free(m, av->id);
	free(av);
}

/* Linux: anon_vma_chain_link(). */
static int anon_vma_chain_link(struct vm_area_struct *vma, struct anon_vma *av)
{
	struct anon_vma_chain *avc = malloc(sizeof(*avc));

	if (!avc)
		return -ENOMEM;
	avc->vma = vma;
	avc->anon_vma = av;
	list_add(&avc->same_vma, &vma->anon_vma_chain);
	list_add_tail(&avc->same_anon_vma, &av->chains);
	av->refcount++;
	return 0;
}

/*
 * Linux: anon_vma_compatible(), mm/mmap.c: a and b (a just below) could
 * become one VMA but for their protection.
 */
static bool anon_vma_compatible(const struct vm_area_struct *a, const struct vm_area_struct *b)
{
	return a->vm_end == b->vm_start && mpol_equal(a->vm_policy, b->vm_policy) &&
	       a->vm_file == b->vm_file && !((a->vm_flags ^ b->vm_flags) & ~VM_ACCESS_FLAGS) &&
	       b->vm_pgoff == a->vm_pgoff + ((b->vm_start - a->vm_start) >> PAGE_SHIFT);
}

/* Linux: reusable_anon_vma(), mm/mmap.c: old's anon_vma, if never forked. */
static struct anon_vma *reusable_anon_vma(const struct vm_area_struct *old,
					  const struct vm_area_struct *a,
					  const struct vm_area_struct *b)
{
	if (!old || !old->anon_vma || !anon_vma_compatible(a, b))
		return NULL;
	return old->anon_vma_chain.next->next == &old->anon_vma_chain ? old->anon_vma : NULL;
}

/*
 * Linux: find_mergeable_anon_vma(), mm/mmap.c: share a neighbour's
 * anon_vma, so the two VMAs can merge again later (after an mprotect of
 * one of them is undone).
 */
static struct anon_vma *find_mergeable_anon_vma(const struct vm_area_struct *vma)
{
	struct vm_area_struct *prev, *next;
	struct anon_vma *av;

	vma_neighbours(vma->vm_mm, vma, &prev, &next);
	av = reusable_anon_vma(next, vma, next);
	return av ? av : reusable_anon_vma(prev, prev, vma);
}

/* Linux: anon_vma_prepare() / __anon_vma_prepare(), mm/rmap.c */
int anon_vma_prepare(struct machine *m, struct vm_area_struct *vma)
{
	struct anon_vma *av, *fresh = NULL;

	if (vma->anon_vma)
		return 0;
	av = find_mergeable_anon_vma(vma);
	if (!av) {
		av = fresh = anon_vma_alloc(m);
		if (!av)
			return -ENOMEM;
	}
	if (anon_vma_chain_link(vma, av)) {
		if (fresh) {
			mapping_id_free(m, fresh->id);
			free(fresh);
		}
		return -ENOMEM;
	}
	vma->anon_vma = av;
	return 0;
}

/* Linux: anon_vma_clone(), mm/rmap.c (without the reuse of dead anon_vmas). */
int anon_vma_clone(struct machine *m, struct vm_area_struct *dst, struct vm_area_struct *src)
{
	struct anon_vma_chain *avc;

	(void)m;
	/* Walk from the oldest chain so dst's list keeps src's order. */
	for (struct list_head *l = src->anon_vma_chain.prev; l != &src->anon_vma_chain;
	     l = l->prev) {
		avc = list_entry(l, struct anon_vma_chain, same_vma);
		if (anon_vma_chain_link(dst, avc->anon_vma)) {
			unlink_anon_vmas(m, dst);
			return -ENOMEM;
		}
	}
	dst->anon_vma = src->anon_vma;
	return 0;
}

/* Linux: anon_vma_fork(), mm/rmap.c */
int anon_vma_fork(struct machine *m, struct vm_area_struct *vma, struct vm_area_struct *pvma)
{
	struct anon_vma *av;

	vma->anon_vma = NULL;
	if (anon_vma_clone(m, vma, pvma))
		return -ENOMEM;
	av = anon_vma_alloc(m);
	if (!av || anon_vma_chain_link(vma, av)) {
		if (av) {
			mapping_id_free(m, av->id);
			free(av);
		}
		unlink_anon_vmas(m, vma);
		return -ENOMEM;
	}
	av->root = pvma->anon_vma->root;
	av->root->refcount++;		/* the kernel's get_anon_vma(root) */
	vma->anon_vma = av;
	return 0;
}

/* Linux: unlink_anon_vmas(), mm/rmap.c */
void unlink_anon_vmas(struct machine *m, struct vm_area_struct *vma)
{
	struct anon_vma_chain *avc, *next;

	list_for_each_entry_safe(avc, next, &vma->anon_vma_chain, same_vma) {
		list_del_init(&avc->same_anon_vma);
		list_del_init(&avc->same_vma);
		put_anon_vma(m, avc->anon_vma);
		free(avc);
	}
	vma->anon_vma = NULL;
}

/* ---- mapcounts and the mapped counters ---- */

/* Subpages of a THP that some PTE maps. */
static unsigned int nr_pte_mapped(struct page *head, unsigned int nr)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < nr; i++)
		n += head[i]._mapcount >= 0;
	return n;
}

static enum node_stat_item mapped_item(bool anon)
{
	return anon ? NR_ANON_MAPPED : NR_FILE_MAPPED;
}

/* The PMD of a THP maps it (again): entire mapcount, THP and mapped counters. */
static void add_compound_map(struct machine *m, struct page *head, bool anon)
{
	unsigned int nr = folio_nr_pages(head);

	head[1].private++;
	if (compound_mapcount(head) != 1)
		return;
	if (anon && PageTransHuge(head))
		mod_node_page_state(m, head, NR_ANON_THPS, nr);
	mod_node_page_state(m, head, mapped_item(anon), nr - nr_pte_mapped(head, nr));
}

static void add_pte_map(struct machine *m, struct page *page, bool anon)
{
	struct page *head = compound_head(m, page);
	bool in_thp = PageFlag(head, PG_head);

	if (++page->_mapcount == 0 && !(in_thp && compound_mapcount(head) > 0))
		mod_node_page_state(m, page, mapped_item(anon), 1);
}

/* Linux: page_add_new_anon_rmap() / __page_set_anon_rmap(), mm/rmap.c */
void page_add_new_anon_rmap(struct machine *m, struct page *page, struct vm_area_struct *vma,
			    uint64_t addr, bool compound)
{
	struct page *head = compound_head(m, page);
	uint64_t pgoff = vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);

	SetPageFlag(head, PG_swapbacked);
	page_set_mapping(head, vma->anon_vma->id, true);
	head->index = (uint32_t)pgoff;
	if (compound)
		add_compound_map(m, head, true);
	else
		add_pte_map(m, page, true);
	SetPageFlag(compound ? head : page, PG_anon_exclusive);
}

/* Linux: page_add_anon_rmap(), mm/rmap.c */
void page_add_anon_rmap(struct machine *m, struct page *page, bool compound)
{
	if (compound)
		add_compound_map(m, compound_head(m, page), true);
	else
		add_pte_map(m, page, true);
}

/* Linux: page_add_file_rmap(), mm/rmap.c */
void page_add_file_rmap(struct machine *m, struct page *page, bool compound)
{
	if (compound)
		add_compound_map(m, compound_head(m, page), false);
	else
		add_pte_map(m, page, false);
}

/*
 * Linux: deferred_split_huge_page(), mm/huge_memory.c.  A partly unmapped
 * THP waits on the deferred split queue (page[2].private marks it) until
 * the shrinker or a migration splits it.
 */
static void deferred_split_huge_page(struct machine *m, struct page *head)
{
	if (!PageTransHuge(head) || head[2].private)
		return;
	head[2].private = 1;
	NODE_DATA(m, page_to_nid(head))->deferred_split_queue_len++;
	__count_vm_events(m, THP_DEFERRED_SPLIT_PAGE, 1);
}

/* Linux: page_remove_rmap(), mm/rmap.c */
void page_remove_rmap(struct machine *m, struct page *page, bool compound)
{
	struct page *head = compound_head(m, page);
	bool anon = PageAnon(head);
	unsigned int nr = folio_nr_pages(head);

	if (compound) {
		MM_BUG_ON_PAGE(compound_mapcount(head) <= 0, m, head);
		head[1].private--;
		if (compound_mapcount(head) > 0)
			return;
		if (anon && PageTransHuge(head))
			mod_node_page_state(m, head, NR_ANON_THPS, -(long)nr);
		unsigned int still = nr_pte_mapped(head, nr);

		mod_node_page_state(m, head, mapped_item(anon), -(long)(nr - still));
		if (anon && still)
			deferred_split_huge_page(m, head);
		return;
	}
	MM_BUG_ON_PAGE(page->_mapcount < 0, m, page);
	if (--page->_mapcount >= 0)
		return;
	if (PageFlag(head, PG_head) && compound_mapcount(head) > 0)
		return;
	mod_node_page_state(m, page, mapped_item(anon), -1);
	if (anon && PageFlag(head, PG_head) && nr_pte_mapped(head, nr))
		deferred_split_huge_page(m, head);
}

/* ---- walking ---- */

/*
 * Linux: the arithmetic of vma_address(), mm/internal.h.  The address the
 * page at pgoff would have in vma if the nr_pages pages from pgoff overlap
 * it, else 0.  Unlike the kernel's, a folio that starts before vm_start
 * gets its head's address (below vm_start), so rmap_one callers can index
 * subpages.  Offsets are compared modulo 2^32 (page->index is 32 bits),
 * which is exact for VMAs under 16 TiB.
 */
static uint64_t pgoff_address(uint32_t pgoff, int64_t nr_pages, const struct vm_area_struct *vma)
{
	int64_t off = (int32_t)(pgoff - (uint32_t)vma->vm_pgoff);

	if (off + nr_pages <= 0 || off >= (int64_t)vma_pages(vma))
		return 0;
	return (uint64_t)((int64_t)vma->vm_start + off * (int64_t)PAGE_SIZE);
}

/* Where the folio's head lies (or would lie) in vma; 0 if they do not overlap. */
static uint64_t folio_address(const struct machine *m, struct page *head,
			      const struct vm_area_struct *vma)
{
	return pgoff_address(page_pgoff(m, head), (int64_t)1 << compound_order(head), vma);
}

/* Linux: vma_address(), mm/internal.h (one page, so never below vm_start) */
uint64_t vma_address(const struct machine *m, struct page *page, const struct vm_area_struct *vma)
{
	return pgoff_address(page_pgoff(m, page), 1, vma);
}

/* Linux: rmap_walk_anon(), mm/rmap.c */
static void rmap_walk_anon(struct machine *m, struct page *head,
			   const struct rmap_walk_control *rwc)
{
	struct anon_vma *av = page_anon_vma(m, head);
	struct anon_vma_chain *avc;

	if (!av)
		return;
	list_for_each_entry(avc, &av->chains, same_anon_vma) {
		uint64_t addr = folio_address(m, head, avc->vma);

		if (addr && !rwc->rmap_one(m, head, avc->vma, addr, rwc->arg))
			return;
	}
}

/* Linux: rmap_walk_file(), mm/rmap.c */
static void rmap_walk_file(struct machine *m, struct page *head,
			   const struct rmap_walk_control *rwc)
{
	struct address_space *mapping = page_mapping(m, head);
	struct vm_area_struct *vma;

	if (!mapping)
		return;
	list_for_each_entry(vma, &mapping->i_mmap, shared) {
		uint64_t addr = folio_address(m, head, vma);

		if (addr && !rwc->rmap_one(m, head, vma, addr, rwc->arg))
			return;
	}
}

/* Linux: rmap_walk(), mm/rmap.c */
void rmap_walk(struct machine *m, struct page *head, const struct rmap_walk_control *rwc)
{
	if (PageAnon(head))
		rmap_walk_anon(m, head, rwc);
	else
		rmap_walk_file(m, head, rwc);
}

/*
 * The present PTE of vma that maps subpage i of the folio whose head
 * would sit at addr, or NULL; *pmd gets the PMD the walk reached (NULL
 * outside the VMA), for callers that look for a huge mapping.
 */
pte_t *subpage_pte(struct machine *m, struct page *head, struct vm_area_struct *vma,
		   uint64_t addr, unsigned int i, pmd_t **pmd)
{
	uint64_t a = addr + (uint64_t)i * PAGE_SIZE;
	pte_t *pte;

	*pmd = NULL;
	if (a < vma->vm_start || a >= vma->vm_end)
		return NULL;
	pte = follow_pte(m, vma->vm_mm, a, pmd);
	if (!pte || !pte_present(*pte) || pte_pfn(*pte) != page_to_pfn(m, head) + i)
		return NULL;
	return pte;
}

/* Does pmd map the folio headed by head whole (a huge PMD)? */
static bool folio_pmd(struct machine *m, struct page *head, const pmd_t *pmd)
{
	return pmd && pmd_trans_huge(*pmd) && pmd_pfn(*pmd) == page_to_pfn(m, head);
}

/*
 * Linux: page_vma_mapped_walk(), mm/page_vma_mapped.c: the PTEs and PMDs
 * of vma that map the folio whose head would sit at addr.
 */
unsigned long folio_mappings_in_vma(struct machine *m, struct page *head,
				    struct vm_area_struct *vma, uint64_t addr)
{
	unsigned int nr = folio_nr_pages(head);
	unsigned long count = 0;
	bool pmd_counted = false;

	for (unsigned int i = 0; i < nr; i++) {
		pmd_t *pmd;
		pte_t *pte = subpage_pte(m, head, vma, addr, i, &pmd);

		if (folio_pmd(m, head, pmd) && !pmd_counted) {
			count++;
			pmd_counted = true;
		} else if (pte) {
			count++;
		}
	}
	return count;
}

static bool count_one(struct machine *m, struct page *head, struct vm_area_struct *vma,
		      uint64_t addr, void *arg)
{
	*(unsigned long *)arg += folio_mappings_in_vma(m, head, vma, addr);
	return true;
}

unsigned long rmap_count_mappings(struct machine *m, struct page *head)
{
	unsigned long count = 0;
	struct rmap_walk_control rwc = { .rmap_one = count_one, .arg = &count };

	rmap_walk(m, head, &rwc);
	return count;
}

/* ---- reclaim: references and unmapping ---- */

/* What folio_referenced()'s walk gathers.  Linux: struct folio_referenced_arg. */
struct referenced_arg {
	int mapcount;			/* mappings not yet seen */
	int referenced;			/* VMAs that found a young entry */
	unsigned long vm_flags;		/* theirs, or VM_LOCKED alone */
};

/*
 * One mapping of the folio (a PTE of subpage i, or the PMD) in a VMA:
 * test and clear its young bit.  false: a locked VMA ends the walk.
 */
static bool referenced_entry(struct vm_area_struct *vma, struct page *head, uint64_t *entry,
			     bool pmd_entry, struct referenced_arg *ra, int *young)
{
	if ((vma->vm_flags & VM_LOCKED) && (!PageFlag(head, PG_head) || pmd_entry)) {
		ra->vm_flags |= VM_LOCKED;
		return false;
	}
	if (*entry & _PAGE_ACCESSED) {
		*entry &= ~_PAGE_ACCESSED;	/* ptep_clear_flush_young() */
		/* A PTE young through a sequentially read mapping is no reference. */
		if (pmd_entry || !(vma->vm_flags & VM_SEQ_READ))
			++*young;
	}
	ra->mapcount--;
	return true;
}

/* Linux: folio_referenced_one(), mm/rmap.c */
static bool folio_referenced_one(struct machine *m, struct page *head, struct vm_area_struct *vma,
				 uint64_t addr, void *arg)
{
	struct referenced_arg *ra = arg;
	int young = 0;

	for (unsigned int i = 0; i < folio_nr_pages(head) && ra->mapcount > 0; i++) {
		pmd_t *pmd;
		pte_t *pte = subpage_pte(m, head, vma, addr, i, &pmd);

		if (folio_pmd(m, head, pmd)) {
			if (!referenced_entry(vma, head, &pmd->pmd, true, ra, &young))
				return false;
			break;		/* the PMD maps all of it */
		}
		if (pte && !referenced_entry(vma, head, &pte->pte, false, ra, &young))
			return false;
	}
	if (young) {
		ra->referenced++;
		ra->vm_flags |= vma->vm_flags & ~VM_LOCKED;
	}
	return ra->mapcount > 0;
}

/* Linux: folio_referenced(), mm/rmap.c */
int folio_referenced(struct machine *m, struct page *head, unsigned long *vm_flags)
{
	struct referenced_arg ra = {
		.mapcount = PageFlag(head, PG_head) ? total_mapcount(head) : page_mapcount(head),
	};
	struct rmap_walk_control rwc = { .rmap_one = folio_referenced_one, .arg = &ra };

	*vm_flags = 0;
	if (!ra.mapcount)
		return 0;
	rmap_walk(m, head, &rwc);
	*vm_flags = ra.vm_flags;
	return ra.referenced;
}
