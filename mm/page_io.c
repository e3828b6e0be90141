/*
 * mm/page_io.c - swap I/O: writing swap cache folios out and reading them
 * back, in simulated time.
 *
 * Each device is one queue: an I/O starts when the device is free (or
 * now) and takes the folio's bytes at the device's bandwidth (the
 * config's read_mbps / write_mbps).  A write sets PG_writeback and
 * completes at its time through folio_end_writeback(), run by the
 * "swap_io" daemon (the block layer's completion); a read is waited for
 * by the faulting task (mm/swap_state.c advances the clock).  Writes go
 * in requests: a write merges into the last request when it continues
 * it, else takes one of the device's nr_requests tags, waiting for the
 * oldest request to complete when none is free.  The device
 * model is the swap device's own, kept with its config (the file block
 * device of the page cache is another).
 *
 * Invariants: a device's writes in flight are in completion order and
 * belong to at most nr_requests requests (the last request's seq minus
 * the first write's rq_seq, plus one); a
 * folio under swap writeback is in the swap cache.  An entry whose folio
 * was ended early (a migration waited for it) is skipped at its time.
 *
 * Linux counterpart: mm/page_io.c (6.1): swap_writepage, __swap_writepage,
 * count_swpout_vm_event, end_swap_bio_write, swap_readpage; the request
 * queue's tags and merges of block/blk-mq.c and block/blk-merge.c;
 * __folio_start_writeback() of mm/page-writeback.c for the counters.
 */
#include "mm/swap.h"

#include <errno.h>
#include <stdlib.h>

#include "mm/array.h"
#include "mm/bug.h"
#include "mm/internal.h"
#include "mm/migrate_internal.h"
#include "mm/mm.h"
#include "mm/vmstat_counters.h"
#include "mm/writeback.h"

/* ns to move bytes at mbps (10^6 bytes per second). */
static uint64_t xfer_ns(uint64_t bytes, uint32_t mbps)
{
	return bytes * 1000u / mbps;
}

/* Queue an I/O of bytes on si: when it completes. */
static uint64_t device_submit(struct machine *m, struct swap_info_struct *si, uint64_t bytes,
			      uint32_t mbps, uint64_t *spent_ns)
{
	uint64_t start = si->busy_until_ns > m->clock_ns ? si->busy_until_ns : m->clock_ns;

	*spent_ns += xfer_ns(bytes, mbps);
	si->busy_until_ns = start + xfer_ns(bytes, mbps);
	return si->busy_until_ns;
}

/* Linux: __folio_start_writeback(), mm/page-writeback.c (the swap mapping keeps no tags) */
static void swap_start_writeback(struct machine *m, struct page *folio)
{
	long nr = folio_nr_pages(folio);

	SetPageFlag(folio, PG_writeback);
	mod_node_page_state(m, folio, NR_WRITEBACK, nr);
	__mod_zone_page_state(page_zone(m, folio), NR_ZONE_WRITE_PENDING, nr);
}

static int io_push(struct swap_info_struct *si, const struct swap_io *io)
{
	if (si->io_head && si->io_head == si->io_nr) {
		si->io_head = 0;
		si->io_nr = 0;
	}
	return array_insert(&si->io, sizeof(*si->io), &si->io_nr, &si->io_cap, si->io_nr, io);
}

/* Requests holding writes not yet completed (each holds a tag). */
static uint32_t rqs_in_flight(const struct swap_info_struct *si)
{
	if (si->io_head == si->io_nr)
		return 0;
	return si->last_rq.seq - si->io[si->io_head].rq_seq + 1;
}

/*
 * Linux: blk_mq_get_tag(), block/blk-mq-tag.c: a writer that finds every
 * request of the queue in flight sleeps until one completes.  Here the
 * clock moves to the end of the oldest request and the writes done by
 * then complete (their folios leave writeback, as they would have while
 * the writer slept).
 */
static void wait_for_tag(struct machine *m, struct swap_info_struct *si)
{
	uint64_t until_ns, from_ns = m->clock_ns;
	size_t last;

	if (rqs_in_flight(si) < si->nr_requests)
		return;
	for (last = si->io_head; last + 1 < si->io_nr && si->io[last + 1].rq_seq == si->io[last].rq_seq;)
		last++;
	until_ns = si->io[last].done_ns;
	mm_run_daemon_until(m, &m->swap.io_done, until_ns);
	if (m->clock_ns < until_ns)
		m->clock_ns = until_ns;
	m->swap.stats.tag_waits++;
	m->swap.stats.tag_wait_ns += m->clock_ns - from_ns;
}

/*
 * Linux: the back merge of a bio into the queue's last request
 * (blk_attempt_plug_merge(), the elevator's bio merge): the slot right
 * after the request's last, while the device has not started it (a
 * request made at this instant is still in the submitter's plug), and
 * within max_sectors_kb.  Each write ends when the device has moved its
 * bytes (the kernel ends a request's bios together, at its last byte: a
 * difference within one request's transfer time).
 */
static bool rq_back_merge(struct machine *m, struct swap_info_struct *si, struct swap_io *io,
			  unsigned long nr_pages)
{
	struct swap_rq *rq = &si->last_rq;

	if (si->io_head == si->io_nr || io->offset != rq->next_offset ||
	    rq->start_ns < m->clock_ns || rq->nr_pages + nr_pages > si->max_rq_pages)
		return false;
	rq->next_offset += (uint32_t)nr_pages;
	rq->nr_pages += (uint32_t)nr_pages;
	io->rq_seq = rq->seq;
	io->done_ns = device_submit(m, si, nr_pages * PAGE_SIZE, si->write_mbps,
				    &m->swap.stats.write_ns);
	return true;
}

/* Linux: submit_bio() of one swap write: merged, or a new request (a tag). */
static void swap_submit_write(struct machine *m, struct swap_info_struct *si, struct swap_io *io,
			      unsigned long nr_pages)
{
	struct swap_rq *rq = &si->last_rq;

	if (rq_back_merge(m, si, io, nr_pages))
		return;
	wait_for_tag(m, si);
	rq->seq++;
	rq->start_ns = si->busy_until_ns > m->clock_ns ? si->busy_until_ns : m->clock_ns;
	rq->next_offset = io->offset + (uint32_t)nr_pages;
	rq->nr_pages = (uint32_t)nr_pages;
	io->rq_seq = rq->seq;
	io->done_ns = device_submit(m, si, nr_pages * PAGE_SIZE, si->write_mbps,
				    &m->swap.stats.write_ns);
}

int swap_writepage(struct machine *m, struct page *folio, struct writeback_control *wbc)
{
	swp_entry_t entry = folio_swap_entry(folio);
	struct swap_info_struct *si = swp_swap_info(m, entry);
	struct swap_io io = { .pfn = (uint32_t)page_to_pfn(m, folio),
			      .offset = (uint32_t)swp_offset(entry) };

	(void)wbc;
	MM_BUG_ON_PAGE(!folio_test_swapcache(folio), m, folio);
	/* Nobody needs the data any more: drop the slot instead of writing it. */
	if (folio_free_swap(m, folio)) {
		folio_unlock(folio);
		return 0;
	}
	ClearPageFlag(folio, PG_dirty);		/* folio_clear_dirty_for_io() */
	swap_start_writeback(m, folio);
	__count_vm_events(m, PSWPOUT, folio_nr_pages(folio));
	swap_submit_write(m, si, &io, folio_nr_pages(folio));
	if (io_push(si, &io)) {
		/* Out of host memory for the queue: the write completes now. */
		folio_end_writeback(m, folio);
	} else {
		mm_daemon_wake_at(m, &m->swap.io_done, io.done_ns);
	}
	folio_unlock(folio);
	return 0;
}

uint64_t swap_readpage(struct machine *m, struct page *folio)
{
	struct swap_info_struct *si = swp_swap_info(m, folio_swap_entry(folio));

	__count_vm_events(m, PSWPIN, folio_nr_pages(folio));
	SetPageFlag(folio, PG_uptodate);
	/* The device moves the read between the writes: none merges past it. */
	si->last_rq.next_offset = UINT32_MAX;
	return device_submit(m, si, folio_nr_pages(folio) * PAGE_SIZE, si->read_mbps,
			     &m->swap.stats.read_ns);
}

/* Linux: end_swap_bio_write() -> folio_end_writeback() for one finished write. */
static void complete_write(struct machine *m, const struct swap_info_struct *si,
			   const struct swap_io *io)
{
	struct page *folio = pfn_to_page(m, io->pfn);

	if (!PageFlag(folio, PG_writeback) || !folio_test_swapcache(folio) ||
	    folio_swap_entry(folio).val != swp_entry(si->type, io->offset).val)
		return;
	folio_end_writeback(m, folio);
}

void swap_io_complete(struct machine *m, uint64_t now_ns)
{
	for (unsigned int i = 0; i < m->swap.nr_swapfiles; i++) {
		struct swap_info_struct *si = m->swap.info[i];

		while (si->io_head < si->io_nr && si->io[si->io_head].done_ns <= now_ns)
			complete_write(m, si, &si->io[si->io_head++]);
	}
}

uint64_t swap_writeback_done_ns(const struct machine *m, const struct page *folio)
{
	struct swap_info_struct *si = swp_swap_info(m, folio_swap_entry(folio));
	uint32_t pfn = (uint32_t)page_to_pfn(m, folio);

	for (size_t i = si->io_head; i < si->io_nr; i++)
		if (si->io[i].pfn == pfn)
			return si->io[i].done_ns;
	return m->clock_ns;
}

/* The completion daemon: every write due now, then sleep until the next. */
static void swap_io_run(struct machine *m, struct mm_daemon *d)
{
	uint64_t next = MM_DAEMON_ASLEEP;

	swap_io_complete(m, m->clock_ns);
	for (unsigned int i = 0; i < m->swap.nr_swapfiles; i++) {
		const struct swap_info_struct *si = m->swap.info[i];

		if (si->io_head < si->io_nr && si->io[si->io_head].done_ns < next)
			next = si->io[si->io_head].done_ns;
	}
	if (next != MM_DAEMON_ASLEEP)
		mm_daemon_wake_at(m, d, next);
}

int swap_io_init(struct machine *m)
{
	struct mm_daemon *d = &m->swap.io_done;

	if (!m->swap.nr_swapfiles)
		return 0;
	d->name = "swap_io";
	d->run = swap_io_run;
	d->next_ns = MM_DAEMON_ASLEEP;
	d->cpu = 0;
	return mm_daemon_register(m, d) ? -ENOMEM : 0;
}
