/*
 * hw/blockdev.h - the machine's block device: the disk its files live on.
 *
 * One device per machine, a queue served in order at a fixed bandwidth:
 * a transfer of B bytes keeps the device busy B / bandwidth, after the
 * transfers queued before it.  No seek time, no parallel queues, no
 * request merging beyond what the caller submits as one transfer.
 *
 * The default bandwidth, 500 MiB/s, is a SATA SSD's sequential rate (an
 * assumption, not a calibration); read_ahead_kb defaults to the kernel's
 * VM_READAHEAD_PAGES (128 KiB), which the block layer gives a queue
 * unless its driver says otherwise.
 *
 * No kernel counterpart: hardware timing (the queue's read_ahead_kb is
 * the backing_dev_info's ra_pages, include/linux/backing-dev-defs.h).
 */
#ifndef HW_BLOCKDEV_H
#define HW_BLOCKDEV_H

#include <stdint.h>

#define BLOCKDEV_BANDWIDTH_MIB_S	500u
#define BLOCKDEV_READ_AHEAD_KB		128u
#define BLOCKDEV_BANDWIDTH_MIB_S_MAX	(1u << 20)	/* 1 TiB/s: anything faster is no disk */
#define BLOCKDEV_READ_AHEAD_KB_MAX	(1u << 20)	/* 1 GiB */

/* The config's machine.disk. */
struct hw_blockdev {
	uint32_t bandwidth_mib_s;	/* both directions, MiB (2^20 bytes) per second */
	uint32_t read_ahead_kb;		/* the queue's read_ahead_kb; 0: no readahead */
};

void hw_blockdev_default(struct hw_blockdev *d);

/* How long the device is busy moving bytes (at least 1 ns). */
uint64_t hw_blockdev_transfer_ns(const struct hw_blockdev *d, uint64_t bytes);

#endif /* HW_BLOCKDEV_H */
