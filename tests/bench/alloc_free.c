/*
 * tests/bench/alloc_free.c - order-0 allocation + free pairs per second on
 * one simulated CPU, through the per-CPU lists (the kernel's hot path), on
 * the default 2 x 4 GiB machine.  Target: >= 20 M pairs/s on one host core.
 */
#include "tests/bench/bench_common.h"

#include "mm/gfp.h"

int main(int argc, char **argv)
{
	unsigned long pairs = argc > 1 ? strtoul(argv[1], NULL, 10) : 50000000ul;
	struct machine *m = bench_boot(2, (uint64_t)4 << 30, 2);
	double t0, dt;

	t0 = bench_now();
	for (unsigned long i = 0; i < pairs; i++) {
		struct page *page = alloc_pages_node(m, NUMA_NO_NODE, GFP_KERNEL, 0);

		__free_pages(m, page, 0);
	}
	dt = bench_now() - t0;
	printf("{\"bench\": \"alloc_free_order0\", \"pairs\": %lu, \"seconds\": %.3f, "
	       "\"pairs_per_sec\": %.0f}\n", pairs, dt, (double)pairs / dt);
	machine_release(m);
	free(m);
	return 0;
}
