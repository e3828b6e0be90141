/*
 * workloads/gen_churn.h - the seeded synthetic "churn" workload: the embedded
 * default behind `make run` and `numasim gen churn`.
 *
 * It writes a complete version 1 trace (workloads/FORMAT.md) of kernel page
 * allocations and frees of every mobility type, mixed orders, spread over
 * CPUs and nodes, whose lifetimes fragment memory: fill to high_percent of
 * total_pages, drain a random subset to low_percent, refill, and so on, while
 * long-lived unmovable and reclaimable allocations stay scattered among
 * short-lived movable ones.  gen_churn.c's opening comment gives the mix.
 *
 * The output is a pure function of the parameters: the same parameters give
 * byte-identical text on every host (a private PRNG, integer arithmetic).
 */
#ifndef WORKLOADS_GEN_CHURN_H
#define WORKLOADS_GEN_CHURN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct gen_churn_params {
	uint64_t seed;
	uint64_t nr_events;		/* alloc + free events (snapshots not counted) */
	uint64_t total_pages;		/* the machine's memory in pages: sizes the live set */
	unsigned int nr_nodes;		/* node= values stay below this */
	unsigned int nr_cpus;		/* cpu= values stay below this */
	unsigned int high_percent;	/* fill to this share of total_pages ... */
	unsigned int low_percent;	/* ... then drain to this one, and refill */
	unsigned int thp_percent;	/* memory the order-9 attempts add up to */
};

/*
 * Defaults for a machine of total_pages pages: seed 1, high 90%, low 60%,
 * THP 8%, and enough events (3 per page) to fill memory once and run two
 * drain/refill cycles, by when pageblocks have mixed.  With one event per
 * page, memory fills and the free blocks shift to low orders, but fallbacks
 * still find whole free pageblocks to claim.
 */
void gen_churn_default_params(struct gen_churn_params *p, uint64_t total_pages,
			      unsigned int nr_nodes, unsigned int nr_cpus);

/* NULL if p is usable, else a message naming the bad parameter. */
const char *gen_churn_check(const struct gen_churn_params *p);

/*
 * Write the trace to out.  Returns 0, or -1 if the parameters are bad
 * (see gen_churn_check()), memory runs out, or a write fails.
 */
int gen_churn_write(FILE *out, const struct gen_churn_params *p);

/* gen_churn_write() as a gen_write_fn (workloads/gen_memory.h), for generic writers. */
int gen_churn_writer(FILE *out, const void *params);

/*
 * The same into a malloc'ed buffer (open_memstream): *text is
 * NUL-terminated, *len excludes the NUL, the caller frees *text.  Returns 0
 * or -1 (nothing to free then).
 */
int gen_churn_write_memory(const struct gen_churn_params *p, char **text, size_t *len);

#endif /* WORKLOADS_GEN_CHURN_H */
