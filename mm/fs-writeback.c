/*
 * mm/fs-writeback.c - writing dirty files back: the flusher (one per
 * machine: its one block device's bdi_writeback), write_cache_pages()
 * and fsync.
 *
 * The flusher runs as a daemon.  Each run does what 6.1's wb_do_writeback()
 * finds to do: background writeback while dirty pages exceed the
 * background threshold (wb_over_bg_thresh()), then the periodic pass
 * (wb_check_old_data_flush()) every vm.dirty_writeback_centisecs, which
 * writes the files dirtied more than vm.dirty_expire_centisecs ago.
 * Files are taken oldest dirtied first, each file's folios in index
 * order from where the last background pass stopped (writeback_index).
 * Simplified: one run starts at most MAX_WRITEBACK_PAGES pages and then
 * sleeps until the device has written them (the request queue's depth is
 * what bounds the kernel's flusher), so writeback pages stay bounded.
 *
 * Invariants: the flusher is due whenever background writeback was asked
 * for and not yet done, or a file is dirty and the periodic pass is on.
 *
 * Linux counterpart: fs/fs-writeback.c (wb_workfn, wb_do_writeback,
 * wb_writeback, wb_check_background_flush, wb_check_old_data_flush,
 * wb_start_background_writeback); mm/page-writeback.c
 * (write_cache_pages); mm/filemap.c (file_write_and_wait_range).
 */
#include "mm/writeback.h"

#include <limits.h>
#include <stdlib.h>

#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/rmap.h"
#include "mm/vmstat_counters.h"

/* Linux: MAX_WRITEBACK_PAGES, fs/fs-writeback.c: 4 MiB per chunk. */
#define MAX_WRITEBACK_PAGES	(4096ul >> (PAGE_SHIFT - 10))

static uint64_t centisecs_ns(unsigned int cs)
{
	return (uint64_t)cs * 10 * NSEC_PER_MSEC;
}

void wb_start_background_writeback(struct machine *m)
{
	if (m->wb.background)
		return;
	m->wb.background = true;
	mm_daemon_wake(m, &m->wb.flusher);
}

/* ---- one file ---- */

/* A dirty folio met: written, unless WB_SYNC_NONE finds it under writeback already. */
static long write_one(struct machine *m, struct page *folio, struct writeback_control *wbc)
{
	if (PageFlag(folio, PG_writeback) &&
	    (wbc->sync_mode == WB_SYNC_NONE || !blk_wait_folio(m, folio)))
		return 0;
	return mapping_writepage(m, folio, wbc) == 0 ? (long)folio_nr_pages(folio) : 0;
}

/* The fallback for sparse files: every dirty folio of [first, last], by index. */
static long write_sorted(struct machine *m, struct address_space *mapping,
			 struct writeback_control *wbc, uint64_t first, uint64_t last)
{
	size_t nr;
	struct page **v = filemap_collect(m, mapping, first, last, true, &nr);
	long started = 0;

	for (size_t i = 0; i < nr; i++) {
		if (wbc->nr_to_write > 0 && PageFlag(v[i], PG_dirty))
			started += write_one(m, v[i], wbc);
		put_page(m, v[i]);
	}
	free(v);
	return started;
}

/* A walk of the file by index, which gives up on long runs of holes. */
struct wcp_walk {
	uint64_t next;			/* where it stopped */
	unsigned long dirty_left;	/* dirty pages not met yet */
	unsigned long budget;		/* lookups left */
	long started;
};

/* Walk [first, last]; false if the budget ran out first. */
static bool walk_range(struct machine *m, struct address_space *mapping,
		       struct writeback_control *wbc, uint64_t first, uint64_t last,
		       struct wcp_walk *w)
{
	for (w->next = first; w->next <= last; w->next++) {
		struct page *folio;

		if (wbc->nr_to_write <= 0 || !w->dirty_left)
			return true;
		if (!w->budget--)
			return false;
		folio = filemap_lookup(m, mapping, w->next);
		if (!folio || !PageFlag(folio, PG_dirty))
			continue;
		w->dirty_left -= w->dirty_left < folio_nr_pages(folio) ? w->dirty_left
									: folio_nr_pages(folio);
		w->started += write_one(m, folio, wbc);
	}
	return true;
}

/*
 * Linux: write_cache_pages(), mm/page-writeback.c.  Index order: a range
 * (range_end set) from its start, a background pass cyclically from the
 * file's writeback_index, an integrity pass from 0.  A folio under
 * writeback is skipped by WB_SYNC_NONE and waited for by WB_SYNC_ALL (the
 * write in flight may predate the last change).  The walk looks pages up
 * by index; on a file whose cache is mostly holes it sorts the dirty
 * folios instead.
 */
long write_cache_pages(struct machine *m, struct address_space *mapping,
		       struct writeback_control *wbc)
{
	bool cyclic = !wbc->range_end && wbc->sync_mode == WB_SYNC_NONE;
	uint64_t first = wbc->range_end ? wbc->range_start >> PAGE_SHIFT : 0;
	uint64_t last = wbc->range_end ? wbc->range_end >> PAGE_SHIFT : UINT32_MAX;
	struct wcp_walk w = { .dirty_left = mapping->nrdirty,
			      .budget = 2 * mapping->cache_cap + 1024 };
	bool done;

	if (!mapping_can_writeback(mapping) || !mapping->nrdirty)
		return 0;
	if (last > UINT32_MAX)
		last = UINT32_MAX;
	if (cyclic && mapping->writeback_index) {
		done = walk_range(m, mapping, wbc, mapping->writeback_index, last, &w);
		if (done && wbc->nr_to_write > 0 && w.dirty_left)
			done = walk_range(m, mapping, wbc, 0, mapping->writeback_index - 1, &w);
	} else {
		done = walk_range(m, mapping, wbc, first, last, &w);
	}
	if (!done)
		return w.started + write_sorted(m, mapping, wbc, first, last);
	if (cyclic)
		mapping->writeback_index = w.next > UINT32_MAX ? 0 : w.next;
	return w.started;
}

/* The latest completion among the file's writes in flight (the clock if none). */
static uint64_t mapping_writes_done_ns(const struct machine *m,
				       const struct address_space *mapping)
{
	const struct bdi_writeback *wb = &m->wb;
	uint64_t done = m->clock_ns;

	for (size_t i = 0; i < wb->nr; i++) {
		const struct wb_inflight *e = &wb->inflight[(wb->head + i) % wb->cap];

		if (e->pfn != PFN_NONE &&
		    page_mapping(m, pfn_to_page(m, e->pfn)) == mapping && e->done_ns > done)
			done = e->done_ns;
	}
	return done;
}

/* Linux: file_write_and_wait_range() over the whole file (vfs_fsync). */
void vfs_fsync(struct machine *m, struct address_space *mapping)
{
	struct writeback_control wbc = { .nr_to_write = LONG_MAX, .sync_mode = WB_SYNC_ALL };
	uint64_t done;

	write_cache_pages(m, mapping, &wbc);
	done = mapping_writes_done_ns(m, mapping);
	m->wb.sync_wait_ns += done - m->clock_ns;
	io_wait_until(m, done);
}

/* ---- the flusher ---- */

/* Linux: wb_over_bg_thresh(): dirty (not yet under writeback) pages above the background limit. */
static bool wb_over_bg_thresh(const struct machine *m)
{
	unsigned long bg_thresh, thresh;

	global_dirty_limits(m, &bg_thresh, &thresh);
	return global_node_page_state(m, NR_FILE_DIRTY) > bg_thresh;
}

/* The dirty file dirtied first, among those dirtied at or before older_than_ns. */
static struct address_space *oldest_dirty_file(const struct machine *m, uint64_t older_than_ns)
{
	struct address_space *oldest = NULL;

	for (size_t i = 0; i < m->procs.nr_files; i++) {
		struct address_space *f = m->procs.files[i];

		if (f->nrdirty && f->dirtied_when_ns <= older_than_ns &&
		    (!oldest || f->dirtied_when_ns < oldest->dirtied_when_ns))
			oldest = f;
	}
	return oldest;
}

/*
 * Linux: wb_writeback(): write files oldest first until the chunk is
 * spent, background work stops below the threshold, or no file
 * qualifies.  A file whose pages are all under writeback already is
 * passed over (it would qualify again at once).
 */
static long wb_writeback(struct machine *m, bool background, uint64_t older_than_ns)
{
	struct writeback_control wbc = { .nr_to_write = MAX_WRITEBACK_PAGES,
					 .sync_mode = WB_SYNC_NONE };
	long written = 0;

	while (wbc.nr_to_write > 0 && (!background || wb_over_bg_thresh(m))) {
		struct address_space *f = oldest_dirty_file(m, older_than_ns);
		long n;

		if (!f)
			break;
		n = write_cache_pages(m, f, &wbc);
		written += n;
		if (!n)
			break;
	}
	return written;
}

/*
 * Linux: wb_check_old_data_flush(): the periodic pass, if its time has
 * come, writes every file dirtied before the expiry.
 */
static long wb_check_old_data_flush(struct machine *m)
{
	uint64_t interval = centisecs_ns(m->vm.dirty_writeback_centisecs);
	uint64_t expire = centisecs_ns(m->vm.dirty_expire_centisecs);

	long written;

	if (!interval || m->clock_ns < m->wb.last_old_flush_ns + interval)
		return 0;
	written = wb_writeback(m, false, m->clock_ns >= expire ? m->clock_ns - expire : 0);
	/* A full chunk may have left expired files: the pass goes on at the next run. */
	if (written < (long)MAX_WRITEBACK_PAGES)
		m->wb.last_old_flush_ns = m->clock_ns;
	return written;
}

static bool any_dirty_file(const struct machine *m)
{
	return oldest_dirty_file(m, UINT64_MAX) != NULL;
}

/*
 * Linux: wb_workfn() -> wb_do_writeback().  After a chunk the flusher
 * sleeps until the device has written it; with nothing more to do now
 * it sleeps until the next periodic pass (wb_wakeup_delayed()).
 */
void wb_workfn(struct machine *m, struct mm_daemon *d)
{
	long written = 0;

	if (m->wb.background || wb_over_bg_thresh(m)) {
		written = wb_writeback(m, true, UINT64_MAX);
		m->wb.background = written > 0 && wb_over_bg_thresh(m);
	}
	written += wb_check_old_data_flush(m);
	if (written > 0) {
		mm_daemon_wake_at(m, d, blk_writes_done_ns(m));
		return;
	}
	m->wb.background = false;
	if (any_dirty_file(m) && m->vm.dirty_writeback_centisecs)
		mm_daemon_wake_at(m, d, m->wb.last_old_flush_ns +
				  centisecs_ns(m->vm.dirty_writeback_centisecs));
}
