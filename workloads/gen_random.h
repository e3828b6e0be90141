/*
 * workloads/gen_random.h - the generators' seeded PRNG: splitmix64
 * (Steele, Lea, Flood 2014), integer arithmetic only, so that the same
 * seed gives the same numbers, and the same trace bytes, on every host.
 * No kernel counterpart.
 */
#ifndef WORKLOADS_GEN_RANDOM_H
#define WORKLOADS_GEN_RANDOM_H

#include <stdint.h>

/* The next number of the sequence *state (a seed to start with) holds. */
static inline uint64_t gen_random_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* In [lo, hi] (lo <= hi), uniform enough for ranges far below 2^64. */
static inline uint64_t gen_random_range(uint64_t *state, uint64_t lo, uint64_t hi)
{
	return lo + gen_random_next(state) % (hi - lo + 1);
}

#endif /* WORKLOADS_GEN_RANDOM_H */
