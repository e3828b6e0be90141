/*
 * workloads/gen_thpchallenge.h - mmtests' thpchallenge recipe, simplified,
 * as a trace: `numasim gen thpchallenge`.
 *
 * mmtests (configs/config-workload-thpchallenge-*) first fragments memory
 * with a background workload (fio reading many small files at random, so
 * the page cache fills memory in small pieces), then runs its thpchallenge
 * program: each thread maps an anonymous region (MADV_HUGEPAGE in the
 * madvhugepage configs) and faults it one huge page range at a time,
 * recording whether each fault got a THP and how long it took.
 *
 * numasim's trace fragments memory with anonymous memory instead, in a way
 * it controls exactly: a MADV_HUGEPAGE region faulted in, then the end of
 * every 2 MiB range of it (half of it by default: a naturally aligned
 * 1 MiB) given back with MADV_DONTNEED, so that no free block of order 9
 * can form from it while the rest stays mapped.  Then a second
 * MADV_HUGEPAGE region is faulted one 2 MiB range at a time: the timed THP
 * faults.  What was simplified: no page cache and no fio, one thread, no
 * latency (a replay counts thp_fault_alloc against thp_fault_fallback and
 * the compaction events), and the shrinker that memory pressure would run
 * on the half-unmapped THPs runs at once (vm.drop_caches=2).
 *
 * The output is a pure function of the parameters (no randomness).
 */
#ifndef WORKLOADS_GEN_THPCHALLENGE_H
#define WORKLOADS_GEN_THPCHALLENGE_H

#include <stdint.h>
#include <stdio.h>

#define GEN_THPCHALLENGE_PPM		1000000u	/* fragment_ppm of a whole range */
#define GEN_THPCHALLENGE_PID		1000u
#define GEN_THPCHALLENGE_MAX_BYTES	(1ull << 45)	/* 32 TiB a region */

struct gen_thpchallenge_params {
	uint64_t size_bytes;		/* the fragmenting region; 0: from free_pages */
	uint64_t fault_bytes;		/* the timed region; 0: from free_pages */
	uint32_t fragment_ppm;		/* of each 2 MiB range, punched: in millionths */
	uint64_t free_pages;		/* the machine's free memory after boot */
};

/* Both sizes from the machine, half of each range punched. */
void gen_thpchallenge_default_params(struct gen_thpchallenge_params *p);

/*
 * The sizes left 0 from free_pages: the fragmenting region 90% of free
 * memory, the timed one 25%, each rounded down to 2 MiB.
 */
void gen_thpchallenge_size_from_free(struct gen_thpchallenge_params *p);

/* Pages given back at the end of each 2 MiB range of the fragmenting region. */
uint64_t gen_thpchallenge_punch_pages(const struct gen_thpchallenge_params *p);

/* NULL if p is usable, else a message naming the bad parameter. */
const char *gen_thpchallenge_check(const struct gen_thpchallenge_params *p);

/* Write the trace to out (params is a struct gen_thpchallenge_params): 0, or -1. */
int gen_thpchallenge_writer(FILE *out, const void *params);

#endif /* WORKLOADS_GEN_THPCHALLENGE_H */
