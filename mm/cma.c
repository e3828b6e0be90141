/*
 * mm/cma.c - the contiguous memory allocator: the areas boot reserves
 * (cma= and cma_pernuma=), their activation as MIGRATE_CMA pageblocks,
 * and cma_alloc()/cma_release() over each area's bitmap.
 *
 * Boot reserves an area the way memblock places it in 6.1's
 * cma_declare_contiguous_nid(): size and alignment rounded up to a
 * pageblock (CMA_MIN_ALIGNMENT_BYTES); bottom-up from 4 GiB when memory
 * reaches 4 GiB + size (to keep clear of DMA32 and to sit low in its
 * node, so compaction moves pages out of it rather than into it), else
 * top-down below the limit, which on x86_64 is the end of memory
 * (setup_arch() passes max_pfn_mapped).  The frames avoid holes, the
 * config's reservations at given addresses, the boot frees kept for
 * later and earlier areas; the per-node reservation (memmap and the
 * rest, taken from the top of each node) is made afterwards, as the
 * kernel's memmap is allocated after setup_arch() reserves CMA.
 *
 * The pages an area lends out are movable allocations only (ALLOC_CMA,
 * mm/page_alloc.c); cma_alloc() takes them back with
 * alloc_contig_range(MIGRATE_CMA), which migrates what is in use there.
 *
 * Invariants: see mm/cma.h.  cma_alloc() leaves the bitmap as it found it
 * when it fails; a set bit is never covered by a free buddy block.
 *
 * Linux counterpart: mm/cma.c, kernel/dma/contiguous.c (6.1).
 */
#include "mm/cma.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/bug.h"
#include "mm/explain.h"
#include "mm/internal.h"
#include "mm/mm_init.h"
#include "mm/page_alloc_contig.h"

#define BITS_PER_WORD	(8 * sizeof(unsigned long))
#define FOUR_GIB_PFN	(((pfn_t)4 << 30) >> PAGE_SHIFT)	/* SZ_4G */

static pfn_t align_up(pfn_t pfn, pfn_t align)
{
	return (pfn + align - 1) & ~(align - 1);
}

/* ---- the bitmap (Linux: lib/bitmap.c, as mm/cma.c uses it) ---- */

bool cma_bit_set(const struct cma *cma, unsigned long bit)
{
	return cma->bitmap[bit / BITS_PER_WORD] >> (bit % BITS_PER_WORD) & 1;
}

static void bitmap_assign(struct cma *cma, unsigned long bit, unsigned long nr, bool set)
{
	for (unsigned long b = bit; b < bit + nr; b++) {
		unsigned long mask = 1ul << (b % BITS_PER_WORD);

		if (set)
			cma->bitmap[b / BITS_PER_WORD] |= mask;
		else
			cma->bitmap[b / BITS_PER_WORD] &= ~mask;
	}
}

/*
 * Linux: bitmap_find_next_zero_area_off(), lib/bitmap.c: the first run of
 * nr clear bits at or after start whose index plus align_offset is a
 * multiple of align_mask + 1; size when there is none.
 */
static unsigned long bitmap_find_next_zero_area_off(const struct cma *cma, unsigned long size,
						    unsigned long start, unsigned long nr,
						    unsigned long align_mask,
						    unsigned long align_offset)
{
	for (;;) {
		unsigned long index = start, end, i;

		while (index < size && cma_bit_set(cma, index))
			index++;
		index = ((index + align_offset + align_mask) & ~align_mask) - align_offset;
		end = index + nr;
		if (end > size)
			return size;
		for (i = index; i < end && !cma_bit_set(cma, i); i++)
			;
		if (i == end)
			return index;
		start = i + 1;
	}
}

/* Linux: cma_bitmap_aligned_mask(), mm/cma.c */
static unsigned long cma_bitmap_aligned_mask(const struct cma *cma, unsigned int align_order)
{
	if (align_order <= cma->order_per_bit)
		return 0;
	return (1ul << (align_order - cma->order_per_bit)) - 1;
}

/*
 * Linux: cma_bitmap_aligned_offset(), mm/cma.c: the alignment is of pfns,
 * not of bit numbers; an area whose base is not aligned to 2^align_order
 * shifts the bits that are.
 */
static unsigned long cma_bitmap_aligned_offset(const struct cma *cma, unsigned int align_order)
{
	return (cma->base_pfn & ((1ul << align_order) - 1)) >> cma->order_per_bit;
}

/* Linux: cma_bitmap_pages_to_bits(), mm/cma.c */
static unsigned long cma_bitmap_pages_to_bits(const struct cma *cma, unsigned long pages)
{
	unsigned long per_bit = 1ul << cma->order_per_bit;

	return ((pages + per_bit - 1) & ~(per_bit - 1)) >> cma->order_per_bit;
}

/* Linux: cma_clear_bitmap(), mm/cma.c */
static void cma_clear_bitmap(struct cma *cma, pfn_t pfn, unsigned long count)
{
	bitmap_assign(cma, (pfn - cma->base_pfn) >> cma->order_per_bit,
		      cma_bitmap_pages_to_bits(cma, count), false);
}

/* ---- boot: where an area goes (Linux: memblock_alloc_range_nid()) ---- */

/* What a new area may not overlap: boot's fixed reservations, late frees, earlier areas. */
struct cma_taken {
	unsigned int nr;
	pfn_t start[2 * HW_MAX_HOLES + MAX_CMA_AREAS];
	pfn_t end[2 * HW_MAX_HOLES + MAX_CMA_AREAS];
};

static void taken_add(struct cma_taken *t, pfn_t start, pfn_t end)
{
	t->start[t->nr] = start;
	t->end[t->nr++] = end;
}

static void taken_init(const struct machine *m, const struct mm_boot_params *p,
		       struct cma_taken *t)
{
	t->nr = 0;
	for (unsigned int i = 0; i < p->nr_reserved_ranges; i++)
		taken_add(t, phys_to_pfn(p->reserved_range[i].start),
			  phys_to_pfn(p->reserved_range[i].end));
	for (unsigned int i = 0; i < p->nr_late_frees; i++)
		taken_add(t, phys_to_pfn(p->late_free[i].range.start),
			  phys_to_pfn(p->late_free[i].range.end));
	for (unsigned int i = 0; i < m->cma->nr_areas; i++)
		taken_add(t, m->cma->areas[i].base_pfn,
			  m->cma->areas[i].base_pfn + m->cma->areas[i].count);
}

/* The first taken range overlapping [start, end), or -1. */
static int taken_overlap(const struct cma_taken *t, pfn_t start, pfn_t end)
{
	for (unsigned int i = 0; i < t->nr; i++)
		if (t->start[i] < end && start < t->end[i])
			return (int)i;
	return -1;
}

/* The lowest fit of nr frames aligned to align in [lo, hi), or 0. */
static pfn_t fit_bottom_up(const struct cma_taken *t, pfn_t lo, pfn_t hi, pfn_t nr, pfn_t align)
{
	pfn_t cand = align_up(lo, align);
	int i;

	while (cand >= lo && cand + nr <= hi) {
		i = taken_overlap(t, cand, cand + nr);
		if (i < 0)
			return cand;
		cand = align_up(t->end[i], align);
	}
	return 0;
}

/* The highest fit of nr frames aligned to align in [lo, hi), or 0. */
static pfn_t fit_top_down(const struct cma_taken *t, pfn_t lo, pfn_t hi, pfn_t nr, pfn_t align)
{
	pfn_t cand;
	int i;

	if (hi < lo + nr)
		return 0;
	cand = (hi - nr) & ~(align - 1);
	while (cand >= lo && cand + nr <= hi) {
		i = taken_overlap(t, cand, cand + nr);
		if (i < 0)
			return cand;
		if (t->start[i] < lo + nr)
			return 0;
		cand = (t->start[i] - nr) & ~(align - 1);
	}
	return 0;
}

/*
 * Linux: memblock_alloc_range_nid(size, align, start, end, nid, exact_nid
 * = true): the free memory of nid (any node for NUMA_NO_NODE), lowest
 * address first bottom-up, highest first top-down.  0 when nothing fits
 * (frame 0 is never free memory in a memblock sense: the kernel keeps the
 * first page).
 */
static pfn_t memblock_find(const struct machine *m, const struct cma_taken *t, pfn_t nr,
			   pfn_t align, pfn_t lo, pfn_t hi, int nid, bool bottom_up)
{
	pfn_t best = 0;

	for (unsigned int n = 0; n < m->hw.nr_nodes; n++) {
		size_t cursor = 0;
		pfn_t s, e, at;

		if (nid != NUMA_NO_NODE && (unsigned int)nid != n)
			continue;
		while (hw_node_next_present_range(&m->hw, n, &cursor, &s, &e)) {
			s = s > lo ? s : lo;
			e = e < hi ? e : hi;
			if (s >= e)
				continue;
			at = bottom_up ? fit_bottom_up(t, s, e, nr, align)
				       : fit_top_down(t, s, e, nr, align);
			if (at && (!best || (bottom_up ? at < best : at > best)))
				best = at;
		}
	}
	return best;
}

/*
 * Linux: cma_declare_contiguous_nid(base 0, size, limit, alignment 0,
 * order_per_bit, fixed false, name, nid) and cma_init_reserved_mem(),
 * mm/cma.c: round up, place, record.  -ENOSPC (no slot), -EINVAL (size
 * not a whole number of bits) or -ENOMEM (no room), counted.
 */
static int cma_declare_contiguous_nid(struct machine *m, const struct mm_boot_params *p,
				      uint64_t size_bytes, unsigned int order_per_bit,
				      const char *name, int nid)
{
	struct cma_state *cs = m->cma;
	pfn_t align = pageblock_nr_pages(m);	/* CMA_MIN_ALIGNMENT_PAGES */
	pfn_t nr = align_up(phys_to_pfn(size_bytes + PAGE_SIZE - 1), align);
	pfn_t limit = m->end_pfn, base = 0;	/* memblock_end_of_DRAM() */
	struct cma_taken taken;
	struct cma *cma;

	if (cs->nr_areas == MAX_CMA_AREAS || (nr & ((1ul << order_per_bit) - 1))) {
		cs->nr_reserve_failed++;
		return cs->nr_areas == MAX_CMA_AREAS ? -ENOSPC : -EINVAL;
	}
	taken_init(m, p, &taken);
	if (limit >= FOUR_GIB_PFN + nr)
		base = memblock_find(m, &taken, nr, align, FOUR_GIB_PFN, limit, nid, true);
	if (!base)
		base = memblock_find(m, &taken, nr, align, 0, limit, nid, false);
	if (!base) {
		cs->nr_reserve_failed++;
		return -ENOMEM;
	}
	cma = &cs->areas[cs->nr_areas++];
	snprintf(cma->name, sizeof(cma->name), "%s", name);
	cma->base_pfn = base;
	cma->count = nr;
	cma->order_per_bit = order_per_bit;
	cs->totalcma_pages += nr;
	return 0;
}

void cma_reserve_boot_areas(struct machine *m, const struct mm_boot_params *p)
{
	char name[CMA_MAX_NAME];

	if (!m->has_cma || (!p->cma_bytes && !p->cma_pernuma_bytes))
		return;
	m->cma = calloc(1, sizeof(*m->cma));
	if (!m->cma)
		return;
	/* Linux: dma_pernuma_cma_reserve(): every node with memory, in order. */
	for (unsigned int nid = 0; p->cma_pernuma_bytes && nid < m->hw.nr_nodes; nid++) {
		if (!m->hw.node[nid].bytes)
			continue;
		snprintf(name, sizeof(name), "pernuma%u", nid);
		cma_declare_contiguous_nid(m, p, p->cma_pernuma_bytes, p->cma_order_per_bit, name,
					   (int)nid);
	}
	/* Linux: dma_contiguous_reserve() -> dma_contiguous_reserve_area(). */
	if (p->cma_bytes)
		cma_declare_contiguous_nid(m, p, p->cma_bytes, p->cma_order_per_bit, "reserved",
					   NUMA_NO_NODE);
}

bool cma_reserved_pfn(const struct machine *m, pfn_t pfn)
{
	if (!m->cma)
		return false;
	for (unsigned int i = 0; i < m->cma->nr_areas; i++) {
		const struct cma *cma = &m->cma->areas[i];

		if (pfn >= cma->base_pfn && pfn < cma->base_pfn + cma->count)
			return true;
	}
	return false;
}

/* ---- activation (Linux: a core_initcall) ---- */

/*
 * Linux: cma_activate_area(), mm/cma.c.  alloc_contig_range() wants its
 * range in one zone, so an area that crosses a zone boundary is given up:
 * its frames become ordinary free pages.
 */
static int cma_activate_area(struct machine *m, struct cma *cma)
{
	const struct zone *zone = page_zone(m, pfn_to_page(m, cma->base_pfn));
	size_t words = (cma_bitmap_maxno(cma) + BITS_PER_WORD - 1) / BITS_PER_WORD;
	pfn_t pfn;

	cma->bitmap = calloc(words ? words : 1, sizeof(*cma->bitmap));
	if (!cma->bitmap)
		return -ENOMEM;
	for (pfn = cma->base_pfn + 1; pfn < cma->base_pfn + cma->count; pfn++)
		if (page_zone(m, pfn_to_page(m, pfn)) != zone)
			break;
	if (pfn < cma->base_pfn + cma->count) {
		free(cma->bitmap);
		cma->bitmap = NULL;
		for (pfn = cma->base_pfn; pfn < cma->base_pfn + cma->count; pfn++)
			free_reserved_page(m, pfn_to_page(m, pfn));
		m->cma->totalcma_pages -= cma->count;
		m->cma->nr_activate_failed++;
		cma->count = 0;
		return 0;
	}
	for (pfn = cma->base_pfn; pfn < cma->base_pfn + cma->count; pfn += pageblock_nr_pages(m))
		init_cma_reserved_pageblock(m, pfn_to_page(m, pfn));
	return 0;
}

int cma_init_reserved_areas(struct machine *m)
{
	if (!m->cma)
		return 0;
	for (unsigned int i = 0; i < m->cma->nr_areas; i++)
		if (cma_activate_area(m, &m->cma->areas[i]))
			return -ENOMEM;
	return 0;
}

void cma_release_areas(struct machine *m)
{
	if (!m->cma)
		return;
	for (unsigned int i = 0; i < m->cma->nr_areas; i++)
		free(m->cma->areas[i].bitmap);
	free(m->cma);
	m->cma = NULL;
}

struct cma *cma_find(struct machine *m, const char *name)
{
	if (!m->cma)
		return NULL;
	for (unsigned int i = 0; i < m->cma->nr_areas; i++)
		if (!strcmp(m->cma->areas[i].name, name))
			return &m->cma->areas[i];
	return NULL;
}

/* ---- the checker ---- */

/* One area: its pageblocks CMA (or isolated by a running cma_alloc), its set bits held. */
static int cma_check_area(const struct machine *m, const struct cma *cma, char *msg,
			  size_t msglen)
{
	for (pfn_t pfn = cma->base_pfn; pfn < cma->base_pfn + cma->count;
	     pfn += pageblock_nr_pages(m)) {
		int mt = get_pageblock_migratetype(m, pfn);

		if (mt != MIGRATE_CMA && mt != MIGRATE_ISOLATE) {
			snprintf(msg, msglen, "area %s: pageblock at pfn 0x%llx has type %d",
				 cma->name, (unsigned long long)pfn, mt);
			return 1;
		}
	}
	/* The first frame of every set bit belongs to a cma_alloc() that got it. */
	for (unsigned long bit = 0; bit < cma_bitmap_maxno(cma); bit++) {
		pfn_t pfn = cma->base_pfn + (bit << cma->order_per_bit);

		if (cma_bit_set(cma, bit) && pfn_to_page(m, pfn)->_refcount <= 0) {
			snprintf(msg, msglen, "area %s: bit %lu is set but pfn 0x%llx is free",
				 cma->name, bit, (unsigned long long)pfn);
			return 1;
		}
	}
	return 0;
}

int cma_check(const struct machine *m, char *msg, size_t msglen)
{
	unsigned long zone_cma = 0, active = 0;

	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++)
		for (int z = 0; m->node_data[nid] && z < MAX_NR_ZONES; z++)
			zone_cma += m->node_data[nid]->node_zones[z].cma_pages;
	for (unsigned int i = 0; m->cma && i < m->cma->nr_areas; i++) {
		active += m->cma->areas[i].count;
		if (m->cma->areas[i].count && cma_check_area(m, &m->cma->areas[i], msg, msglen))
			return 1;
	}
	if (zone_cma != active || (m->cma && m->cma->totalcma_pages != active)) {
		snprintf(msg, msglen, "zones' cma_pages %lu, areas %lu, totalcma_pages %lu",
			 zone_cma, active, m->cma ? m->cma->totalcma_pages : 0);
		return 1;
	}
	return 0;
}

/* ---- allocation ---- */

/* The end of cma_alloc(): the vm events and the area's sysfs counts. */
static int cma_alloc_account(struct machine *m, struct cma *cma, unsigned long count, int ret,
			     pfn_t pfn)
{
	MM_EXPLAIN(&m->explain, "cma_alloc_end", "cma_alloc", "mm/cma.c",
		   { "area", (long)(cma - m->cma->areas) }, { "count", (long)count },
		   { "pfn", (long)pfn }, { "rc", ret });
	if (ret == 0) {
		__count_vm_events(m, CMA_ALLOC_SUCCESS, 1);
		cma->nr_pages_succeeded += count;
	} else {
		__count_vm_events(m, CMA_ALLOC_FAIL, 1);
		cma->nr_pages_failed += count;
	}
	return ret;
}

int cma_alloc(struct machine *m, struct cma *cma, unsigned long count, unsigned int align,
	      bool no_warn, pfn_t *pfn)
{
	unsigned long mask, offset, maxno, nr_bits, bit, start = 0;
	gfp_t gfp = GFP_KERNEL | (no_warn ? __GFP_NOWARN : 0);
	int ret = -ENOMEM;

	MM_EXPLAIN(&m->explain, "cma_alloc_begin", "cma_alloc", "mm/cma.c",
		   { "area", (long)(cma - m->cma->areas) }, { "base_pfn", (long)cma->base_pfn },
		   { "area_pages", (long)cma->count }, { "count", (long)count }, { "align", align });
	if (!cma->count || !cma->bitmap || !count)
		return cma_alloc_account(m, cma, count, ret, ret ? 0 : *pfn);
	mask = cma_bitmap_aligned_mask(cma, align);
	offset = cma_bitmap_aligned_offset(cma, align);
	maxno = cma_bitmap_maxno(cma);
	nr_bits = cma_bitmap_pages_to_bits(cma, count);
	if (nr_bits > maxno)
		return cma_alloc_account(m, cma, count, ret, ret ? 0 : *pfn);
	for (;;) {
		bit = bitmap_find_next_zero_area_off(cma, maxno, start, nr_bits, mask, offset);
		if (bit >= maxno) {
			MM_EXPLAIN(&m->explain, "cma_bitmap_full", "cma_alloc", "mm/cma.c",
				   { "start_bit", (long)start }, { "nr_bits", (long)nr_bits },
				   { "rc", ret });
			break;
		}
		/* The bits are ours while the range is tried: no other cma_alloc takes them. */
		bitmap_assign(cma, bit, nr_bits, true);
		*pfn = cma->base_pfn + (bit << cma->order_per_bit);
		MM_EXPLAIN(&m->explain, "cma_range", "cma_alloc", "mm/cma.c", { "bit", (long)bit },
			   { "nr_bits", (long)nr_bits }, { "start_pfn", (long)*pfn },
			   { "end_pfn", (long)(*pfn + count) });
		ret = alloc_contig_range(m, *pfn, *pfn + count, MIGRATE_CMA, gfp);
		if (ret == 0)
			break;
		cma_clear_bitmap(cma, *pfn, count);
		if (ret != -EBUSY)
			break;
		/* Linux: the cma_alloc_busy_retry tracepoint; the next aligned candidate. */
		m->cma->busy_retries++;
		start = bit + mask + 1;
		MM_EXPLAIN(&m->explain, "cma_busy_retry", "cma_alloc", "mm/cma.c",
			   { "start_pfn", (long)*pfn }, { "next_bit", (long)start },
			   { "next_pfn", (long)(cma->base_pfn + (start << cma->order_per_bit)) });
	}
	return cma_alloc_account(m, cma, count, ret, ret ? 0 : *pfn);
}

bool cma_release(struct machine *m, struct cma *cma, pfn_t pfn, unsigned long count)
{
	/* Linux: cma_pages_valid(), mm/cma.c */
	if (pfn < cma->base_pfn || pfn >= cma->base_pfn + cma->count)
		return false;
	MM_BUG_ON(pfn + count > cma->base_pfn + cma->count);
	free_contig_range(m, pfn, count);
	cma_clear_bitmap(cma, pfn, count);
	return true;
}
