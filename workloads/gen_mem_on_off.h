/*
 * workloads/gen_mem_on_off.h - the kernel selftest of memory hotplug
 * (tools/testing/selftests/memory-hotplug/mem-on-off-test.sh, 6.1) as a
 * trace: `numasim gen mem-on-off`.
 *
 * The script onlines every offline block, offlines ratio percent of the
 * online ones (every block is removable in 6.1) and onlines them again;
 * then, with the memory notifier error injector, offlines a random
 * ratio percent with no error armed, expects every offline block to fail
 * to online while MEM_GOING_ONLINE answers error, onlines them all, and
 * expects a random ratio percent of the online blocks to fail to offline
 * while MEM_GOING_OFFLINE answers error.
 *
 * A trace cannot read a state file between writes, so where the script
 * tries blocks in order until target offlines succeeded, the trace
 * offlines target blocks picked at random (an offline of a block holding
 * unmovable pages is refused and counted: results.json's memory_hotplug
 * says how many succeeded), and where the script onlines "every offline
 * block" the trace writes 1 to the online file of each block it tried to
 * offline, which is no error for an online block (online_store()).
 *
 * The output is a pure function of the parameters (gen_random.h).
 */
#ifndef WORKLOADS_GEN_MEM_ON_OFF_H
#define WORKLOADS_GEN_MEM_ON_OFF_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define GEN_MEM_ON_OFF_MAX_BLOCKS	4096u

struct gen_mem_on_off_params {
	uint64_t seed;
	uint32_t ratio;			/* percent of the blocks, 0..100 (the script's -r) */
	int32_t error;			/* the errno injected, -4095..-1 (the script's -e) */
	/* From the booted machine: its memory blocks in sysfs's (ls) order. */
	uint32_t nr_blocks;
	uint32_t block_ids[GEN_MEM_ON_OFF_MAX_BLOCKS];
	bool online[GEN_MEM_ON_OFF_MAX_BLOCKS];
};

/* ratio 2, error -12 (the script's defaults), seed 1, no blocks. */
void gen_mem_on_off_default_params(struct gen_mem_on_off_params *p);

/* The script's target: ratio percent of n blocks, rounded up (its bc expression). */
uint32_t gen_mem_on_off_target(uint32_t n, uint32_t ratio);

/* NULL if p is usable, else a message naming the bad parameter. */
const char *gen_mem_on_off_check(const struct gen_mem_on_off_params *p);

/* Write the trace to out (params is a struct gen_mem_on_off_params): 0, or -1. */
int gen_mem_on_off_writer(FILE *out, const void *params);

#endif /* WORKLOADS_GEN_MEM_ON_OFF_H */
