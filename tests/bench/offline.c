/*
 * tests/bench/offline.c - the host time to offline a fully used 1 GiB
 * range.  One node of 2 GiB with a 1 GiB hotplug region: a 1 GiB DIMM is
 * hot-added to the node and its eight 128 MiB blocks onlined into
 * ZONE_MOVABLE.  Setup: movable raw pages are allocated until the
 * Movable zone is full (a movable request takes the highest zone first)
 * and those outside it freed again, which leaves the range full of
 * movable pages and Normal free enough for their new homes (the node is
 * the only one, so do_migrate_range() keeps it as the target).  Timed:
 * the eight state writes of "offline" (offline_pages(): isolate, migrate
 * with MR_MEMORY_HOTPLUG, take the range off the buddy, shrink the zone).
 * Each run boots afresh; the figures are the median run's.
 *
 *   offline [RUNS]
 *
 * Prints one JSON object: seconds (median, fastest, slowest), the pages
 * of the range, those that held a page and those migrated
 * (pgmigrate_success), and pages migrated per second.
 */
#include "tests/bench/bench_common.h"

#include "mm/memory_hotplug.h"
#include "mm/raw_alloc.h"
#include "mm/vmstat.h"

#define NODE_BYTES	((uint64_t)2 << 30)
#define RANGE_BYTES	((uint64_t)1 << 30)

static struct machine *boot_with_region(void)
{
	struct mm_boot_params p;
	struct hw_machine hw;

	bench_one_node_hw(&hw, NODE_BYTES);
	hw.hotplug_bytes = RANGE_BYTES;
	mm_boot_params_default(&p, &hw);
	return bench_boot_params(&p, "offline");
}

/* Hot-add the range on node 0 and online its blocks movable; its first pfn. */
static pfn_t add_movable_range(struct machine *m)
{
	paddr_t start, end;
	unsigned long first;

	if (!hw_hotplug_region(&m->hw, &start, &end) || hw_dimm_plug(&m->hw, 0, start, start + RANGE_BYTES) ||
	    add_memory(m, 0, start, RANGE_BYTES)) {
		fprintf(stderr, "bench offline: hot-add failed\n");
		exit(1);
	}
	first = (unsigned long)(start / memory_block_size_bytes(m));
	for (unsigned long id = first; id < first + RANGE_BYTES / memory_block_size_bytes(m); id++)
		if (memory_block_store_state(m, id, MMOP_ONLINE_MOVABLE)) {
			fprintf(stderr, "bench offline: online_movable failed\n");
			exit(1);
		}
	return phys_to_pfn(start);
}

/* Fill the range with movable pages; the number of its frames that hold one. */
static unsigned long fill_range(struct machine *m, pfn_t start_pfn)
{
	gfp_t gfp = GFP_HIGHUSER_MOVABLE | __GFP_NORETRY | __GFP_NOWARN;
	unsigned long nr = 0, cap = (NODE_BYTES + RANGE_BYTES) / PAGE_SIZE, busy = 0;
	pfn_t end_pfn = start_pfn + RANGE_BYTES / PAGE_SIZE;
	raw_handle_t *h = malloc(cap * sizeof(*h));

	while (h && nr < cap && raw_alloc(m, 0, gfp, 0, &h[nr]) == 0 && h[nr] != RAW_HANDLE_NONE) {
		pfn_t pfn = page_to_pfn(m, raw_alloc_page(m, h[nr]));

		nr++;
		if (pfn < start_pfn || pfn >= end_pfn)
			break;		/* the Movable zone is full */
	}
	for (unsigned long i = 0; h && i < nr; i++) {
		pfn_t pfn = page_to_pfn(m, raw_alloc_page(m, h[i]));

		if (pfn >= start_pfn && pfn < end_pfn)
			busy++;
		else
			raw_free(m, h[i]);
	}
	free(h);
	return busy;
}

static void run_once(struct bench_range_sample *s)
{
	struct machine *m = boot_with_region();
	pfn_t start_pfn = add_movable_range(m);
	unsigned long first = (unsigned long)(pfn_to_phys(start_pfn) / memory_block_size_bytes(m));
	unsigned long nr_blocks = RANGE_BYTES / memory_block_size_bytes(m), migrated;
	double t0;

	s->busy = fill_range(m, start_pfn);
	migrated = m->vm_events[PGMIGRATE_SUCCESS];
	t0 = bench_now();
	for (unsigned long id = first; id < first + nr_blocks; id++)
		if (memory_block_store_state(m, id, MMOP_OFFLINE)) {
			fprintf(stderr, "bench offline: offline of memory%lu refused\n", id);
			exit(1);
		}
	s->seconds = bench_now() - t0;
	s->migrated = m->vm_events[PGMIGRATE_SUCCESS] - migrated;
	machine_release(m);
	free(m);
}

int main(int argc, char **argv)
{
	return bench_range_main(argc, argv, "offline", "offline_1g_used", run_once,
				(unsigned long long)(RANGE_BYTES / PAGE_SIZE));
}
