/*
 * mm/latency_hist.h - a histogram of durations in simulated nanoseconds,
 * log-linear: exact below 8 ns, then eight buckets per power of two, so a
 * bucket's lower bound is within 12.5% of any value in it.  Fixed size
 * (LATENCY_HIST_BUCKETS counters), whatever the run's length.
 *
 * The allocator keeps one per order (struct mm_sim_stats): how long each
 * allocation took in simulated time.  Only work the model charges to the
 * clock counts: migrations (hw/migrate_cost.h) and compaction's scanning
 * (machine.migration_cost.scan_ns); a fast-path allocation takes 0 ns.
 *
 * No kernel counterpart (the kernel's latency figures come from tracing
 * or from timing the callers).
 */
#ifndef MM_LATENCY_HIST_H
#define MM_LATENCY_HIST_H

#include <stdint.h>

#define LATENCY_HIST_SUB	8u	/* buckets per power of two */
#define LATENCY_HIST_BUCKETS	(LATENCY_HIST_SUB + 61u * LATENCY_HIST_SUB)

struct latency_hist {
	uint64_t count;
	uint64_t max_ns;
	uint64_t buckets[LATENCY_HIST_BUCKETS];
};

/* The bucket of ns: ns itself below 8, else by its top four bits. */
static inline unsigned int latency_hist_bucket(uint64_t ns)
{
	unsigned int e;

	if (ns < LATENCY_HIST_SUB)
		return (unsigned int)ns;
	e = 63u - (unsigned int)__builtin_clzll(ns);	/* 3..63 */
	return LATENCY_HIST_SUB + (e - 3) * LATENCY_HIST_SUB +
	       (unsigned int)((ns >> (e - 3)) & (LATENCY_HIST_SUB - 1));
}

/* The smallest value of bucket b. */
static inline uint64_t latency_hist_bucket_low(unsigned int b)
{
	unsigned int e, sub;

	if (b < LATENCY_HIST_SUB)
		return b;
	e = (b - LATENCY_HIST_SUB) / LATENCY_HIST_SUB + 3;
	sub = (b - LATENCY_HIST_SUB) % LATENCY_HIST_SUB;
	return (uint64_t)(LATENCY_HIST_SUB + sub) << (e - 3);
}

static inline void latency_hist_add(struct latency_hist *h, uint64_t ns)
{
	h->count++;
	h->buckets[latency_hist_bucket(ns)]++;
	if (ns > h->max_ns)
		h->max_ns = ns;
}

/*
 * The pct-th percentile (0..100): the lower bound of the bucket holding
 * the ceil(count x pct / 100)-th smallest value; 0 for an empty histogram.
 */
static inline uint64_t latency_hist_percentile(const struct latency_hist *h, unsigned int pct)
{
	uint64_t rank = (h->count * pct + 99) / 100, seen = 0;

	if (!rank)
		rank = 1;
	for (unsigned int b = 0; b < LATENCY_HIST_BUCKETS && h->count; b++) {
		seen += h->buckets[b];
		if (seen >= rank)
			return latency_hist_bucket_low(b);
	}
	return 0;
}

#endif /* MM_LATENCY_HIST_H */
