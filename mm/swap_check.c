/*
 * mm/swap_check.c - the swap checker: every swap entry in every page
 * table against the slot counts, the swap cache against SWAP_HAS_CACHE,
 * the free slots against nr_swap_pages, and each slot's page identity
 * against the address of the entries naming it (mm/swap.h lists the
 * invariants).
 *
 * The walk recounts from the page tables alone, as rmap_check() does for
 * mappings; it runs only on a machine with swap devices.
 *
 * Linux counterpart: none (swapoff's try_to_unuse() walks the same
 * entries, to a different end).
 */
#include "mm/swap.h"

#include <stdio.h>
#include <stdlib.h>

#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/vmstat_counters.h"

struct swap_recount {
	const struct machine *m;
	uint32_t *refs[MAX_SWAPFILES];
	int errors;
	char *msg;
	size_t msglen;
};

static void swap_report(struct swap_recount *rc, const char *what, swp_entry_t e, long a, long b)
{
	if (!rc->errors++)
		snprintf(rc->msg, rc->msglen, "swap %u:%llu: %s (%ld, %ld)", swp_type(e),
			 (unsigned long long)swp_offset(e), what, a, b);
}

/* One swap entry of vma at addr: a slot in use that holds this page. */
static void recount_entry(struct swap_recount *rc, const struct vm_area_struct *vma,
			  pte_t pte, uint64_t addr)
{
	swp_entry_t e = pte_to_swp_entry(pte);
	struct swap_info_struct *si = swp_swap_info(rc->m, e);
	uint32_t index = (uint32_t)(vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT));

	if (!si || !swp_offset(e)) {
		swap_report(rc, "entry names no slot", e, (long)addr, 0);
		return;
	}
	rc->refs[si->type][swp_offset(e)]++;
	if (si->slot_index[swp_offset(e)] != index)
		swap_report(rc, "slot holds another page", e, (long)si->slot_index[swp_offset(e)],
			    (long)index);
}

static void recount_vma(struct swap_recount *rc, const struct vm_area_struct *vma)
{
	for (uint64_t a = vma->vm_start; a < vma->vm_end;) {
		uint64_t next = (a & PMD_MASK) + PMD_SIZE;
		pmd_t *pmd;
		pte_t *pte = follow_pte(rc->m, vma->vm_mm, a, &pmd);

		if (next > vma->vm_end)
			next = vma->vm_end;
		for (uint64_t p = a; pte && p < next; p += PAGE_SIZE) {
			pte_t e = *pte_offset_map(rc->m, pmd, p);

			if (is_swap_entry_pte(e))
				recount_entry(rc, vma, e, p);
		}
		a = next;
	}
}

/*
 * One slot: its count against the entries found, its cache bit against
 * the cache, its shadow against both.
 */
static void check_slot(struct swap_recount *rc, const struct swap_info_struct *si,
		       unsigned long offset, unsigned long *cached)
{
	swp_entry_t e = swp_entry(si->type, offset);
	unsigned int map = si->swap_map[offset];
	uint32_t slot = si->cache_slot[offset];
	const struct page *folio = slot ? pfn_to_page(rc->m, slot - 1) : NULL;

	if ((map & SWAP_COUNT_MASK) != rc->refs[si->type][offset])
		swap_report(rc, "slot count differs from the entries naming it",
			    e, (long)(map & SWAP_COUNT_MASK), (long)rc->refs[si->type][offset]);
	if (!(map & SWAP_HAS_CACHE) != !folio)
		swap_report(rc, "SWAP_HAS_CACHE without a cached folio, or the reverse", e, (long)map,
			    (long)slot);
	/* A shadow is not a folio: it fills a used slot the cache left (mm/workingset.c). */
	if (si->shadow[offset] && (folio || !map || !(si->shadow[offset] & 1)))
		swap_report(rc, "shadow entry in a free or cached slot, or not a value", e,
			    (long)map, (long)slot);
	if (!folio)
		return;
	(*cached)++;
	if (!folio_test_swapcache(folio) || folio_swap_entry(folio).val != e.val ||
	    page_count(folio) < 1)
		swap_report(rc, "cached folio is not this slot's swap cache folio", e, (long)slot - 1,
			    0);
}

static void check_device(struct swap_recount *rc, const struct swap_info_struct *si,
			 long *free_slots, unsigned long *cached)
{
	unsigned long used = 0;

	for (unsigned long o = 1; o < si->max; o++) {
		check_slot(rc, si, o, cached);
		used += si->swap_map[o] != 0;
	}
	if (used != si->inuse_pages)
		swap_report(rc, "inuse_pages differs from the slots in use", swp_entry(si->type, 0),
			    (long)si->inuse_pages, (long)used);
	*free_slots += (long)(si->pages - used);
}

/* NR_SWAPCACHE with the per-CPU diffs not yet folded. */
static long swapcache_snapshot(const struct machine *m)
{
	long sum = 0;

	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++)
		if (NODE_DATA(m, nid))
			sum += __node_page_state_snapshot(NODE_DATA(m, nid), NR_SWAPCACHE);
	return sum;
}

/*
 * The device's writes in flight: in completion order, in at most
 * nr_requests requests (blk_mq_get_tag() made the
 * writer wait for the next).
 */
static void check_io_queue(struct swap_recount *rc, const struct swap_info_struct *si)
{
	for (size_t i = si->io_head + 1; !rc->errors && i < si->io_nr; i++)
		if (si->io[i].done_ns < si->io[i - 1].done_ns)
			swap_report(rc, "writes in flight out of completion order",
				    swp_entry(si->type, si->io[i].offset), (long)(i - 1), (long)i);
	if (!rc->errors && si->io_head < si->io_nr &&
	    si->last_rq.seq - si->io[si->io_head].rq_seq + 1 > si->nr_requests)
		swap_report(rc, "more requests in flight than the queue's tags",
			    swp_entry(si->type, si->io[si->io_head].offset),
			    (long)si->nr_requests, (long)(si->last_rq.seq - si->io[si->io_head].rq_seq + 1));
}

int swap_check(const struct machine *m, char *msg, size_t msglen)
{
	struct swap_recount rc = { .m = m, .msg = msg, .msglen = msglen };
	long free_slots = 0;
	unsigned long cached = 0;

	if (!m->swap.nr_swapfiles)
		return 0;
	for (unsigned int i = 0; i < m->swap.nr_swapfiles; i++) {
		rc.refs[i] = calloc(m->swap.info[i]->max, sizeof(uint32_t));
		if (!rc.refs[i])
			swap_report(&rc, "out of host memory", swp_entry(i, 0), 0, 0);
	}
	for (size_t t = 0; !rc.errors && t < m->procs.nr_tasks; t++) {
		const struct mm_struct *mm = m->procs.tasks[t]->mm;

		for (size_t v = 0; mm && v < mm->nr_vmas; v++)
			recount_vma(&rc, mm->vmas[v]);
	}
	for (unsigned int i = 0; !rc.errors && i < m->swap.nr_swapfiles; i++) {
		check_device(&rc, m->swap.info[i], &free_slots, &cached);
		check_io_queue(&rc, m->swap.info[i]);
	}
	if (!rc.errors && free_slots != m->swap.nr_swap_pages)
		swap_report(&rc, "nr_swap_pages differs from the free slots", swp_entry(0, 0),
			    m->swap.nr_swap_pages, free_slots);
	if (!rc.errors && (long)cached != swapcache_snapshot(m))
		swap_report(&rc, "NR_SWAPCACHE differs from the cached slots", swp_entry(0, 0),
			    swapcache_snapshot(m), (long)cached);
	for (unsigned int i = 0; i < m->swap.nr_swapfiles; i++)
		free(rc.refs[i]);
	return rc.errors;
}
