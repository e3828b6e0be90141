/*
 * workloads/gen_compaction_test.h - the kernel selftest of compaction
 * (tools/testing/selftests/vm/compaction_test.c, 6.1) as a trace:
 * `numasim gen compaction-test`.
 *
 * The selftest reads MemFree and Hugepagesize from /proc/meminfo, then
 * maps, locks (MAP_LOCKED) and writes 100 MB anonymous chunks until it has
 * mapped 80% of MemFree, unmaps every other chunk so that the locked
 * memory left is scattered over the zones, and asks vm.nr_hugepages for
 * huge pages worth half of that 80%.  It passes when what the pool got
 * is more than a quarter of the 80% (its arithmetic: 80% of MemFree over
 * the pool's bytes, truncated, is at most 3): compaction must have moved
 * mlocked pages (vm.compact_unevictable_allowed is 1).  The trace writes
 * that sysctl after the unmaps, before the pool request: 1 as the
 * selftest requires, or 0 to see the same scenario when compaction may
 * not move mlocked pages.
 *
 * The output is a pure function of the parameters (integer arithmetic:
 * the selftest's `mem_free * 0.8` is computed in millionths).
 */
#ifndef WORKLOADS_GEN_COMPACTION_TEST_H
#define WORKLOADS_GEN_COMPACTION_TEST_H

#include <stdint.h>
#include <stdio.h>

#define GEN_COMPACTION_TEST_PPM		1000000u	/* fraction_ppm of all of MemFree */
#define GEN_COMPACTION_TEST_PID		1000u

struct gen_compaction_test_params {
	uint64_t mem_free_kb;		/* MemFree when the selftest starts */
	uint64_t hugepage_kb;		/* Hugepagesize */
	uint64_t initial_nr_hugepages;	/* vm.nr_hugepages before: restored at the end */
	uint64_t chunk_bytes;		/* one mapping; the selftest's MAP_SIZE, 100 MB */
	uint32_t fraction_ppm;		/* of mem_free_kb, in millionths: 1..1000000 */
	uint32_t unevictable_allowed;	/* vm.compact_unevictable_allowed to write: 0 or 1 */
};

/*
 * 100 MB chunks, 80% of free memory, 2048 kB huge pages, unevictable
 * pages movable (1, the kernel's default and the selftest's condition),
 * the rest 0.
 */
void gen_compaction_test_default_params(struct gen_compaction_test_params *p);

/* The selftest's mem_free * 0.8, in kB: what it locks and what it asks for. */
uint64_t gen_compaction_test_target_kb(const struct gen_compaction_test_params *p);

/* Chunks mapped: the selftest's loop while the MB left (target / 1024) are above 0. */
uint64_t gen_compaction_test_nr_chunks(const struct gen_compaction_test_params *p);

/* What it writes to vm.nr_hugepages: target / Hugepagesize / 2. */
uint64_t gen_compaction_test_request(const struct gen_compaction_test_params *p);

/*
 * The fewest huge pages the selftest passes with: target / (pages x
 * Hugepagesize), truncated, must be at most 3.
 */
uint64_t gen_compaction_test_pass_min(const struct gen_compaction_test_params *p);

/* NULL if p is usable, else a message naming the bad parameter. */
const char *gen_compaction_test_check(const struct gen_compaction_test_params *p);

/* Write the trace to out (params is a struct gen_compaction_test_params): 0, or -1. */
int gen_compaction_test_writer(FILE *out, const void *params);

#endif /* WORKLOADS_GEN_COMPACTION_TEST_H */
