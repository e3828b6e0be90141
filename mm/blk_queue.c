/*
 * mm/blk_queue.c - the block device's queue as the memory manager sees
 * it: reads and writes take the device's time in the order they were
 * submitted (hw/blockdev.h), and each write's folio leaves writeback
 * when the device has written it (the end_io daemon).
 *
 * Reads are not queued for completion: the caller learns when the device
 * will have read its pages and waits for that itself (the folios are
 * uptodate at once; see docs/reclaim.md).
 *
 * Invariants: inflight[] holds the writes not yet ended in submission
 * order, which is their completion order, so done_ns never decreases
 * along it; each live entry names a PG_writeback folio; end_io is due at
 * the first entry's done_ns, asleep when the ring is empty.
 *
 * Linux counterpart: submit_bio() (block/blk-core.c: the pgpgin/pgpgout
 * counts, in 512-byte sectors), the bio completion that calls
 * folio_end_writeback() (end_bio_bh_io_sync, ext4_end_bio), and
 * folio_wait_writeback() (mm/page-writeback.c).
 */
#include "mm/writeback.h"

#include <errno.h>
#include <stdlib.h>

#include "mm/internal.h"
#include "mm/mm.h"

#define SECTORS_PER_PAGE	(PAGE_SIZE / 512)

/* The device takes bytes after what it was given before. */
static uint64_t blk_queue_transfer(struct machine *m, uint64_t bytes)
{
	struct bdi_writeback *wb = &m->wb;
	uint64_t start = wb->busy_until_ns > m->clock_ns ? wb->busy_until_ns : m->clock_ns;

	wb->busy_until_ns = start + hw_blockdev_transfer_ns(&m->hw.disk, bytes);
	return wb->busy_until_ns;
}

uint64_t blk_submit_read(struct machine *m, unsigned long nr_pages)
{
	__count_vm_events(m, PGPGIN, nr_pages * SECTORS_PER_PAGE);
	return blk_queue_transfer(m, (uint64_t)nr_pages * PAGE_SIZE);
}

static struct wb_inflight *inflight_at(const struct bdi_writeback *wb, size_t i)
{
	return &wb->inflight[(wb->head + i) % wb->cap];
}

/* Double the ring, keeping its order.  -ENOMEM: no host memory for it. */
static int inflight_grow(struct bdi_writeback *wb)
{
	size_t cap = wb->cap ? 2 * wb->cap : 256;
	struct wb_inflight *v = malloc(cap * sizeof(*v));

	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < wb->nr; i++)
		v[i] = *inflight_at(wb, i);
	free(wb->inflight);
	wb->inflight = v;
	wb->cap = cap;
	wb->head = 0;
	return 0;
}

void blk_submit_write(struct machine *m, struct page *folio)
{
	struct bdi_writeback *wb = &m->wb;
	unsigned long nr = folio_nr_pages(folio);
	struct wb_inflight *e;

	__count_vm_events(m, PGPGOUT, nr * SECTORS_PER_PAGE);
	if (wb->nr == wb->cap && inflight_grow(wb)) {
		/* Out of host memory for the queue: the write completes now. */
		blk_queue_transfer(m, (uint64_t)nr * PAGE_SIZE);
		folio_end_writeback(m, folio);
		return;
	}
	e = &wb->inflight[(wb->head + wb->nr) % wb->cap];
	e->pfn = page_to_pfn(m, folio);
	e->done_ns = blk_queue_transfer(m, (uint64_t)nr * PAGE_SIZE);
	if (wb->nr++ == 0)
		mm_daemon_wake_at(m, &wb->end_io, e->done_ns);
}

uint64_t blk_writes_done_ns(const struct machine *m)
{
	const struct bdi_writeback *wb = &m->wb;

	return wb->nr ? inflight_at(wb, wb->nr - 1)->done_ns : m->clock_ns;
}

/* End the first write of the ring (unless ended early) and drop it. */
static void inflight_pop(struct machine *m)
{
	struct bdi_writeback *wb = &m->wb;
	pfn_t pfn = wb->inflight[wb->head].pfn;

	wb->head = (wb->head + 1) % wb->cap;
	wb->nr--;
	if (pfn != PFN_NONE)
		folio_end_writeback(m, pfn_to_page(m, pfn));
}

static void end_io_rearm(struct machine *m)
{
	struct bdi_writeback *wb = &m->wb;

	if (wb->nr)
		mm_daemon_wake_at(m, &wb->end_io, wb->inflight[wb->head].done_ns);
}

/* The end_io daemon: every write the device has finished by now ends. */
static void blk_end_io(struct machine *m, struct mm_daemon *d)
{
	(void)d;
	while (m->wb.nr && m->wb.inflight[m->wb.head].done_ns <= m->clock_ns)
		inflight_pop(m);
	end_io_rearm(m);
}

bool blk_wait_folio(struct machine *m, struct page *folio)
{
	struct bdi_writeback *wb = &m->wb;
	pfn_t pfn = page_to_pfn(m, folio);
	size_t i;

	for (i = 0; i < wb->nr && inflight_at(wb, i)->pfn != pfn; i++)
		;
	if (i == wb->nr)
		return false;
	if (inflight_at(wb, i)->done_ns > m->clock_ns) {
		wb->sync_wait_ns += inflight_at(wb, i)->done_ns - m->clock_ns;
		m->clock_ns = inflight_at(wb, i)->done_ns;
	}
	while (i-- > 0)
		inflight_pop(m);
	inflight_pop(m);
	end_io_rearm(m);
	return true;
}

void io_wait_until(struct machine *m, uint64_t when_ns)
{
	mm_run_daemons(m, when_ns);
}

int writeback_init(struct machine *m)
{
	struct bdi_writeback *wb = &m->wb;

	wb->end_io = (struct mm_daemon){ .name = "blk_end_io", .run = blk_end_io,
					 .next_ns = MM_DAEMON_ASLEEP };
	wb->flusher = (struct mm_daemon){ .name = "flush", .run = wb_workfn,
					  .next_ns = MM_DAEMON_ASLEEP };
	if (mm_daemon_register(m, &wb->end_io) || mm_daemon_register(m, &wb->flusher))
		return -ENOMEM;
	return 0;
}

void writeback_release(struct machine *m)
{
	free(m->wb.inflight);
	m->wb.inflight = NULL;
	m->wb.nr = m->wb.cap = m->wb.head = 0;
}
