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

/* hw: one node of node_bytes with one CPU, nothing else. */
static inline void bench_one_node_hw(struct hw_machine *hw, uint64_t node_bytes)
{
	memset(hw, 0, sizeof(*hw));
	hw->nr_nodes = 1;
	hw->node[0].bytes = node_bytes;
	hw->node[0].nr_cpus = 1;
	hw->distance[0][0] = LOCAL_DISTANCE;
	hw_machine_assign_cpus(hw);
}

/* Boot a machine with p, or exit naming prog. */
static inline struct machine *bench_boot_params(const struct mm_boot_params *p, const char *prog)
{
	struct machine *m = calloc(1, sizeof(*m));
	char err[256];

	if (!m || machine_boot(m, p, err, sizeof(err))) {
		fprintf(stderr, "bench %s: boot failed: %s\n", prog, m ? err : "out of memory");
		exit(1);
	}
	return m;
}

/* One timed run of a benchmark that empties a busy range by migration (cma, offline). */
struct bench_range_sample {
	double seconds;
	unsigned long busy;		/* range frames holding a movable page */
	unsigned long migrated;		/* pgmigrate_success of the timed step */
};

#define BENCH_RANGE_MAX_RUNS	15

static inline int bench_range_by_seconds(const void *a, const void *b)
{
	const struct bench_range_sample *x = a, *y = b;

	return (x->seconds > y->seconds) - (x->seconds < y->seconds);
}

/*
 * main() of such a benchmark: `prog [RUNS]` (default 3) runs run_once
 * that many times and prints the median run as one JSON object named
 * bench, with the range's pages.  An exit status.
 */
static inline int bench_range_main(int argc, char **argv, const char *prog, const char *bench,
				   void (*run_once)(struct bench_range_sample *s),
				   unsigned long long pages)
{
	struct bench_range_sample s[BENCH_RANGE_MAX_RUNS];
	int runs = argc > 1 ? atoi(argv[1]) : 3;
	const struct bench_range_sample *mid;

	if (argc > 2 || runs < 1 || runs > BENCH_RANGE_MAX_RUNS) {
		fprintf(stderr, "usage: %s [RUNS (1..%d)]\n", prog, BENCH_RANGE_MAX_RUNS);
		return 2;
	}
	for (int i = 0; i < runs; i++)
		run_once(&s[i]);
	qsort(s, (size_t)runs, sizeof(s[0]), bench_range_by_seconds);
	mid = &s[runs / 2];
	printf("{\"bench\": \"%s\", \"runs\": %d, \"seconds\": %.4f, "
	       "\"min_seconds\": %.4f, \"max_seconds\": %.4f, \"pages\": %llu, "
	       "\"busy_pages\": %lu, \"migrated\": %lu, \"migrated_per_second\": %.0f}\n",
	       bench, runs, mid->seconds, s[0].seconds, s[runs - 1].seconds, pages, mid->busy,
	       mid->migrated, mid->seconds > 0 ? (double)mid->migrated / mid->seconds : 0.0);
	return 0;
}

#endif /* TESTS_BENCH_COMMON_H */
