/*
 * mm/virtio_balloon.h - the virtio balloon driver: the hypervisor asks
 * the guest for memory back (inflate) or returns it (deflate).
 *
 * The host writes a target, the number of pages it wants to hold (the
 * device's config space num_pages); virtballoon_changed() queues the
 * driver's work, update_balloon_size_work (a daemon, mm/daemon.h), which
 * runs at once after the event and moves the balloon towards the target
 * in batches of at most 256 pages: fill_balloon() allocates pages with
 * the balloon's gfp and gives them to the host, leak_balloon() takes them
 * back and frees them.  An allocation that fails ends the batch; as the
 * kernel's driver does, the work sleeps 200 ms before it gives the host
 * what that batch got, then tries again, every 200 ms for as long as the
 * target is out of reach.
 *
 * numasim's device does not offer VIRTIO_BALLOON_F_DEFLATE_ON_OOM, so
 * every page the host holds is taken out of its zone's managed pages
 * (adjust_managed_page_count()): MemTotal, zoneinfo's managed and the
 * per-node MemTotal shrink as the balloon grows, and the watermarks,
 * which the kernel does not recompute here, stay where they were.
 *
 * struct virtio_balloon (machine->balloon) is in mm/mmzone.h.
 *
 * Linux counterpart: drivers/virtio/virtio_balloon.c (6.1): fill_balloon,
 * leak_balloon, release_pages_balloon, update_balloon_size_func,
 * virtballoon_changed, virtballoon_migratepage, virtballoon_probe.
 */
#ifndef MM_VIRTIO_BALLOON_H
#define MM_VIRTIO_BALLOON_H

#include <stddef.h>
#include <stdint.h>

#include "mm/mmzone.h"

/* Pages one fill or leak hands over at most.  Linux: VIRTIO_BALLOON_ARRAY_PFNS_MAX. */
#define VIRTIO_BALLOON_ARRAY_PFNS_MAX	256

/* How long fill_balloon() sleeps after an allocation failed. */
#define VIRTIO_BALLOON_FILL_RETRY_NS	(200 * NSEC_PER_MSEC)

/*
 * Linux: virtballoon_probe(): the device at boot, empty, its work
 * registered asleep.  0 or -ENOMEM.
 */
int virtio_balloon_probe(struct machine *m);

/*
 * The host sets the target to target_pages (Linux: a config change,
 * virtballoon_changed()): the work is queued on cpu and runs with the
 * next mm_run_daemons() (the engine's, after the event).  While the work
 * sleeps after a failed allocation the change waits for it to wake.
 */
void virtballoon_changed(struct machine *m, uint32_t target_pages, int cpu);

/* The "balloon" row of the checker registry (mm/check.h). */
int balloon_check(const struct machine *m, char *msg, size_t msglen);

#endif /* MM_VIRTIO_BALLOON_H */
