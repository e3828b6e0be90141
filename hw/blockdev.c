/*
 * hw/blockdev.c - the block device's timing (hw/blockdev.h).
 *
 * Invariants: the bandwidth is 1 .. BLOCKDEV_BANDWIDTH_MIB_S_MAX MiB/s
 * (the config refuses the rest), so a transfer time is finite and the
 * arithmetic below cannot overflow.
 *
 * No kernel counterpart: hardware timing.
 */
#include "hw/blockdev.h"

#define NSEC_PER_SEC_BLK	1000000000ull

void hw_blockdev_default(struct hw_blockdev *d)
{
	d->bandwidth_mib_s = BLOCKDEV_BANDWIDTH_MIB_S;
	d->read_ahead_kb = BLOCKDEV_READ_AHEAD_KB;
}

uint64_t hw_blockdev_transfer_ns(const struct hw_blockdev *d, uint64_t bytes)
{
	uint64_t per_sec = (uint64_t)d->bandwidth_mib_s << 20;
	/* 10^9 / 2^20 = 1953125 / 2^11: the remainder (< 2^40) times 1953125 fits 64 bits. */
	uint64_t ns = bytes / per_sec * NSEC_PER_SEC_BLK +
		      (bytes % per_sec) * 1953125u / ((uint64_t)d->bandwidth_mib_s << 11);

	return ns ? ns : 1;
}
