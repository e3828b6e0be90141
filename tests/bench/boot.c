/*
 * tests/bench/boot.c - time to boot a 256 GiB, 4-node machine (memmap,
 * zones, freeing every frame into the buddy, watermarks), and the simulator
 * memory it takes per simulated 4 KiB frame.  Target: <= 32 bytes/frame.
 */
#include "tests/bench/bench_common.h"

int main(int argc, char **argv)
{
	uint64_t node_gib = argc > 1 ? strtoull(argv[1], NULL, 10) : 64;
	long rss0 = bench_peak_rss_kb();
	double t0 = bench_now(), dt;
	struct machine *m = bench_boot(4, node_gib << 30, 4);
	uint64_t frames;
	long rss;

	dt = bench_now() - t0;
	rss = bench_peak_rss_kb() - rss0;
	frames = m->end_pfn;
	printf("{\"bench\": \"boot\", \"nodes\": 4, \"memory_gib\": %llu, \"frames\": %llu, "
	       "\"seconds\": %.3f, \"struct_page_bytes\": %zu, \"rss_bytes_per_frame\": %.2f}\n",
	       (unsigned long long)(4 * node_gib), (unsigned long long)frames, dt,
	       sizeof(struct page), (double)rss * 1024.0 / (double)frames);
	machine_release(m);
	free(m);
	return 0;
}
