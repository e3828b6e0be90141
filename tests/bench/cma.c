/*
 * tests/bench/cma.c - the host time of one cma_alloc() of 256 MiB out of
 * a busy area.  One 1 GiB node with a 256 MiB CMA area (kernel.cma_size;
 * below 4 GiB + size, so at the top of the node).  Setup: movable raw
 * pages are allocated until the node is full (the Movable lists first,
 * then the CMA ones, __rmqueue_cma_fallback()), and those outside the
 * area are freed again, which leaves the area full of movable pages and
 * the rest of the node free for their new homes.  Timed: cma_alloc() of
 * the whole area, which isolates it, migrates every page out
 * (MIGRATE_SYNC, MR_CONTIG_RANGE) and takes it.  Each run boots afresh;
 * the figures are the median run's.
 *
 *   cma [RUNS]
 *
 * Prints one JSON object: seconds (median, fastest, slowest), the pages
 * allocated, those that sat in the area and those migrated
 * (pgmigrate_success), and pages migrated per second.
 */
#include "tests/bench/bench_common.h"

#include "mm/cma.h"
#include "mm/raw_alloc.h"
#include "mm/vmstat.h"

#define NODE_BYTES	((uint64_t)1 << 30)
#define AREA_BYTES	((uint64_t)256 << 20)

static struct machine *boot_with_area(void)
{
	struct mm_boot_params p;
	struct hw_machine hw;

	bench_one_node_hw(&hw, NODE_BYTES);
	mm_boot_params_default(&p, &hw);
	p.has_cma = true;
	p.cma_bytes = AREA_BYTES;
	return bench_boot_params(&p, "cma");
}

/* Fill the area with movable pages; the number of its frames that hold one. */
static unsigned long fill_area(struct machine *m, const struct cma *cma)
{
	gfp_t gfp = GFP_HIGHUSER_MOVABLE | __GFP_NORETRY | __GFP_NOWARN;
	unsigned long nr = 0, cap = NODE_BYTES / PAGE_SIZE, busy = 0;
	raw_handle_t *h = malloc(cap * sizeof(*h));

	while (h && nr < cap && raw_alloc(m, 0, gfp, 0, &h[nr]) == 0 && h[nr] != RAW_HANDLE_NONE)
		nr++;
	for (unsigned long i = 0; h && i < nr; i++) {
		pfn_t pfn = page_to_pfn(m, raw_alloc_page(m, h[i]));

		if (pfn >= cma->base_pfn && pfn < cma->base_pfn + cma->count)
			busy++;
		else
			raw_free(m, h[i]);
	}
	free(h);
	return busy;
}

static void run_once(struct bench_range_sample *s)
{
	struct machine *m = boot_with_area();
	struct cma *cma = cma_find(m, "reserved");
	unsigned long migrated;
	double t0;
	pfn_t pfn;

	if (!cma) {
		fprintf(stderr, "bench cma: no area\n");
		exit(1);
	}
	s->busy = fill_area(m, cma);
	migrated = m->vm_events[PGMIGRATE_SUCCESS];
	t0 = bench_now();
	if (cma_alloc(m, cma, cma->count, 0, false, &pfn) != 0) {
		fprintf(stderr, "bench cma: cma_alloc failed\n");
		exit(1);
	}
	s->seconds = bench_now() - t0;
	s->migrated = m->vm_events[PGMIGRATE_SUCCESS] - migrated;
	machine_release(m);
	free(m);
}

int main(int argc, char **argv)
{
	return bench_range_main(argc, argv, "cma", "cma_alloc_256m_busy", run_once,
				(unsigned long long)(AREA_BYTES / PAGE_SIZE));
}
