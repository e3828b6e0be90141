/*
 * tests/bench/bench_common.h - helpers shared by the benchmarks: a monotonic
 * clock, the host's peak RSS, and booting a machine of given node sizes.
 * Every benchmark prints one JSON object per line on stdout.
 */
#ifndef TESTS_BENCH_COMMON_H
#define TESTS_BENCH_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "mm/mm_init.h"

static inline double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static inline long bench_peak_rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* Boot nr_nodes nodes of node_bytes each, cpus_per_node CPUs, defaults otherwise. */
static inline struct machine *bench_boot(unsigned int nr_nodes, uint64_t node_bytes,
					 unsigned int cpus_per_node)
{
	struct machine *m = calloc(1, sizeof(*m));
	struct mm_boot_params p;
	struct hw_machine hw;
	char err[256];

	memset(&hw, 0, sizeof(hw));
	hw.nr_nodes = nr_nodes;
	for (unsigned int i = 0; i < nr_nodes; i++) {
		hw.node[i].start = i * node_bytes;
		hw.node[i].bytes = node_bytes;
		hw.node[i].nr_cpus = cpus_per_node;
		for (unsigned int j = 0; j < nr_nodes; j++)
			hw.distance[i][j] = i == j ? LOCAL_DISTANCE : REMOTE_DISTANCE;
	}
	hw_machine_assign_cpus(&hw);
	mm_boot_params_default(&p, &hw);
	if (!m || machine_boot(m, &p, err, sizeof(err))) {
		fprintf(stderr, "bench: boot failed: %s\n", err);
		exit(1);
	}
	return m;
}

#endif /* TESTS_BENCH_COMMON_H */
