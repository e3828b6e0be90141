/*
 * mm/writeback.h - dirty pages, writeback and the block device queue
 * (mm/page-writeback.c, mm/fs-writeback.c, mm/blk_queue.c), and the page
 * cache I/O of the read/write calls (mm/filemap.c, mm/readahead.c,
 * mm/truncate.c).
 *
 * A regular file's folio is dirtied only through folio_mark_dirty(),
 * which counts it (NR_FILE_DIRTY, NR_ZONE_WRITE_PENDING, nr_dirtied);
 * anonymous and shmem folios take the flag uncounted, as the kernel's
 * noop_dirty_folio() leaves them.  Writeback clears the dirty bit
 * (folio_clear_dirty_for_io()), sets PG_writeback (NR_WRITEBACK) and
 * queues the folio on the block device; the device's end_io daemon ends
 * it at its time (folio_end_writeback()).
 *
 * Time: the simulated clock is global (mm/daemon.h).  A task that waits
 * for the device at the top of a call (a read, fsync, a throttled write)
 * runs the daemons due meanwhile and moves the clock to the end of its
 * wait (io_wait_until()); a wait deep inside another path (migration,
 * the last munmap of an unlinked file) only moves the clock, as the
 * migration cost model does, and the daemons due meanwhile run after the
 * event.
 *
 * Linux counterpart: include/linux/writeback.h, include/linux/backing-dev.h.
 */
#ifndef MM_WRITEBACK_H
#define MM_WRITEBACK_H

#include "mm/mmzone.h"

/* The kernel's defaults of the vm.dirty_* sysctls. */
#define VM_DIRTY_RATIO			20
#define DIRTY_BACKGROUND_RATIO		10
#define DIRTY_WRITEBACK_CENTISECS	500
#define DIRTY_EXPIRE_CENTISECS		3000

struct writeback_control {
	long nr_to_write;	/* pages still to write; decremented per page */
	int sync_mode;		/* WB_SYNC_NONE or WB_SYNC_ALL */
	bool for_reclaim;	/* pageout() */
	uint64_t range_start;	/* bytes; write_cache_pages() takes the pages of */
	uint64_t range_end;	/* [range_start, range_end], or all when range_end is 0 */
};
#define WB_SYNC_NONE	0
#define WB_SYNC_ALL	1

/* Linux: AOP_WRITEPAGE_ACTIVATE: the folio stays dirty, put it back active. */
#define AOP_WRITEPAGE_ACTIVATE	0x80000

/* ---- dirty limits and throttling (page-writeback.c) ---- */

/*
 * Linux: global_dirty_limits(), mm/page-writeback.c.  The background and the
 * hard dirty thresholds, in pages.
 */
void global_dirty_limits(const struct machine *m, unsigned long *background_pages,
			 unsigned long *dirty_pages);

/* Set the vm.dirty_* sysctls to the kernel's defaults (boot). */
void writeback_sysctls_init(struct machine *m);

/*
 * The vm.dirty_* sysctl writes with their handlers' side effects (a ratio
 * zeroes its bytes twin and the other way round).  0 or -EINVAL.
 */
int dirty_background_ratio_write(struct machine *m, long value);
int dirty_background_bytes_write(struct machine *m, long value);
int dirty_ratio_write(struct machine *m, long value);
int dirty_bytes_write(struct machine *m, long value);
int dirty_writeback_centisecs_write(struct machine *m, long value);
int dirty_expire_centisecs_write(struct machine *m, long value);

/*
 * Linux: balance_dirty_pages_ratelimited(), mm/page-writeback.c: after a
 * write, start background writeback above the background threshold and
 * pause the writing task while dirty + writeback pages exceed the limit.
 */
void balance_dirty_pages_ratelimited(struct machine *m);

/* ---- the dirty and writeback states of a folio (page-writeback.c) ---- */

/*
 * Linux: folio_mark_dirty(), mm/page-writeback.c.  true if the folio was
 * clean.  A regular file's folio is counted dirty (NR_FILE_DIRTY,
 * NR_ZONE_WRITE_PENDING, nr_dirtied) and its file's dirtied_when set.
 */
bool folio_mark_dirty(struct machine *m, struct page *folio);

/*
 * Linux: folio_clear_dirty_for_io(), mm/page-writeback.c: clear the dirty
 * bit before writing, uncounting it.  true if it was dirty.
 */
bool folio_clear_dirty_for_io(struct machine *m, struct page *folio);

/*
 * Linux: folio_account_cleaned() under folio_cancel_dirty(): a dirty folio
 * leaves the cache unwritten (truncate); its dirty count goes.
 */
void folio_cancel_dirty(struct machine *m, struct page *folio);

/* Linux: folio_start_writeback(): PG_writeback and NR_WRITEBACK. */
void folio_start_writeback(struct machine *m, struct page *folio);

/*
 * Linux: folio_end_writeback(), mm/filemap.c: clear PG_writeback, count
 * nr_written, and rotate a folio reclaim wanted (PG_reclaim) to the tail
 * of its inactive list (folio_rotate_reclaimable()).
 */
void folio_end_writeback(struct machine *m, struct page *folio);

/*
 * Linux: mapping->a_ops->writepage of a regular file, for pageout() and
 * the flusher: clear the folio's dirty bit, set PG_writeback and queue
 * the write on the block device.  0 (writeback started), or
 * AOP_WRITEPAGE_ACTIVATE when the folio cannot be written now (it stays
 * dirty), or a negative errno.  The caller holds the folio and has found
 * it dirty.
 */
int mapping_writepage(struct machine *m, struct page *folio, struct writeback_control *wbc);

/* ---- the block device queue (blk_queue.c) ---- */

/* Register the end_io and flusher daemons (boot).  0 or -ENOMEM. */
int writeback_init(struct machine *m);

/* Free the queue (machine release). */
void writeback_release(struct machine *m);

/*
 * Queue a read of nr_pages pages (submit_bio of a read, counted in
 * pgpgin); returns when the device will have read them.
 */
uint64_t blk_submit_read(struct machine *m, unsigned long nr_pages);

/* Queue the write of a folio under writeback (submit_bio, pgpgout). */
void blk_submit_write(struct machine *m, struct page *folio);

/*
 * The calling task sleeps until when_ns: the daemons due meanwhile run
 * (the device's completions among them), then the clock stands there.
 * Only at the top of a call: nothing may hold a folio across it.
 */
void io_wait_until(struct machine *m, uint64_t when_ns);

/*
 * A reader sleeps until done_ns, when the device has read what it waits
 * for (counted in read_wait_ns); nothing when that time has passed.
 */
void filemap_wait_read(struct machine *m, uint64_t done_ns);

/*
 * Linux: folio_wait_writeback() for a folio of the queue: the caller
 * waits until the device has written it; every write queued before it
 * ends too.  Moves the clock only (see above).  false: the folio was in
 * no queue (the caller's own PG_writeback).
 */
bool blk_wait_folio(struct machine *m, struct page *folio);

/* The time the last queued write completes (the device's queue drains). */
uint64_t blk_writes_done_ns(const struct machine *m);

/* ---- writing files back (fs-writeback.c) ---- */

/*
 * Linux: wb_start_background_writeback(), fs/fs-writeback.c: wake the
 * flusher for background writeback.
 */
void wb_start_background_writeback(struct machine *m);

/*
 * Linux: do_writepages() -> write_cache_pages(), mm/page-writeback.c:
 * start writeback of the mapping's dirty folios in index order, at most
 * wbc->nr_to_write pages.  Returns the pages started.
 */
long write_cache_pages(struct machine *m, struct address_space *mapping,
		       struct writeback_control *wbc);

/*
 * Linux: vfs_fsync_range() -> file_write_and_wait_range(): write every
 * dirty folio of the file and wait until the device has written them.
 */
void vfs_fsync(struct machine *m, struct address_space *mapping);

/* The flusher's work (wb_workfn), run as its daemon. */
void wb_workfn(struct machine *m, struct mm_daemon *d);

/* ---- page cache I/O (filemap.c, readahead.c, truncate.c, fadvise.c) ---- */

/* What fadvise may say (POSIX_FADV_*). */
enum fadvise_advice {
	FADV_NORMAL, FADV_RANDOM, FADV_SEQUENTIAL, FADV_WILLNEED, FADV_DONTNEED
};

/*
 * Linux: filemap_read(), mm/filemap.c: read len bytes at pos of the file
 * through the current task's page cache, with readahead; the task waits
 * for the device.  Returns the bytes read (0 at or past the end of the
 * file), or -ENOMEM if no folio could be allocated for the first page.
 */
long filemap_read(struct machine *m, struct address_space *mapping, uint64_t pos,
		  uint64_t len);

/*
 * Linux: generic_perform_write(), mm/filemap.c: write len bytes at pos:
 * each folio is found or allocated (a partial write of a page inside the
 * file reads it first), marked accessed and dirtied; i_size grows to the
 * end of the write; then balance_dirty_pages_ratelimited().  Returns the
 * bytes written, or -ENOMEM if not even the first folio could be had.
 */
long generic_perform_write(struct machine *m, struct address_space *mapping, uint64_t pos,
			   uint64_t len);

/*
 * Linux: truncate_setsize() -> truncate_pagecache(): the file's size
 * becomes size; unmapped folios wholly past it leave the cache (waiting
 * for their writeback, dirty ones discarded); mapped ones are unmapped
 * first (unmap_mapping_range()).
 */
void truncate_setsize(struct machine *m, struct address_space *mapping, uint64_t size);

/*
 * Linux: invalidate_mapping_pages(), mm/truncate.c: free the clean,
 * unmapped, idle folios of pages [start, end].  Returns those freed.
 */
unsigned long invalidate_mapping_pages(struct machine *m, struct address_space *mapping,
				       uint64_t start, uint64_t end);

/*
 * Linux: do_unlinkat() -> iput(): the file loses its name; its cache dies
 * with its last mapping (at once if none).
 */
void file_unlink(struct machine *m, struct address_space *mapping);

/* Linux: generic_fadvise(), mm/fadvise.c, for the current task. */
void generic_fadvise(struct machine *m, struct address_space *mapping, uint64_t offset,
		     uint64_t len, enum fadvise_advice advice);

/* ---- readahead (readahead.c) ---- */

/*
 * Linux: struct file_ra_state, include/linux/fs.h.  numasim has no open
 * files: each (task, file) pair has one, made on the task's first read.
 */
struct file_ra_state {
	int pid;			/* the reading task */
	uint64_t start;			/* the current window's first page */
	unsigned long size;		/* its pages */
	unsigned long async_size;	/* the last async_size of them trigger the next */
	unsigned long ra_pages;		/* the window's maximum (the device's read_ahead_kb) */
	uint64_t prev_pos;		/* where the last read ended, bytes; ~0: none */
	bool random;			/* FMODE_RANDOM (fadvise random) */
	unsigned int mmap_miss;		/* a mapping's faults: misses less hits, capped */
	/* The last async window, still being read until io_done_ns. */
	uint64_t io_start, io_end;	/* pages [io_start, io_end) */
	uint64_t io_done_ns;
};

/* The current task's readahead state for mapping (made on first use); NULL: no host memory. */
struct file_ra_state *file_ra_state_of(struct machine *m, struct address_space *mapping);

/*
 * Linux: page_cache_sync_ra(), mm/readahead.c: a read found page index
 * missing; read it and the window ahead.  The caller waits for
 * the returned time (the device's completion of the pages it asked for).
 */
uint64_t page_cache_sync_ra(struct machine *m, struct address_space *mapping,
			    struct file_ra_state *ra, uint64_t index, unsigned long req_count);

/*
 * Linux: page_cache_async_ra(): a read reached the PG_readahead folio at
 * index: read the next window ahead without waiting for it.
 */
void page_cache_async_ra(struct machine *m, struct address_space *mapping,
			 struct file_ra_state *ra, struct page *folio, unsigned long req_count);

/*
 * Linux: force_page_cache_ra(): read pages [index, index + nr_to_read)
 * in 2 MiB chunks (fadvise willneed, random reads).  Returns when the
 * device is done.
 */
uint64_t force_page_cache_ra(struct machine *m, struct address_space *mapping,
			     struct file_ra_state *ra, uint64_t index, unsigned long nr_to_read);

/*
 * Linux: page_cache_ra_order() of an order-0 mapping: do_page_cache_ra()
 * of ra's window (start, size, async_size).  Returns when the device is
 * done.
 */
uint64_t page_cache_ra_order(struct machine *m, struct address_space *mapping,
			     const struct file_ra_state *ra);

/* Linux: get_init_ra_size() and get_next_ra_size(), mm/readahead.c (for the tests). */
unsigned long get_init_ra_size(unsigned long size, unsigned long max);
unsigned long get_next_ra_size(const struct file_ra_state *ra, unsigned long max);

/* ---- the page cache (filemap.c) ---- */

/*
 * Linux: filemap_alloc_folio() + filemap_add_folio() + folio_add_lru():
 * a new, not yet uptodate order-0 folio of a regular file at index, on
 * the current task's policy.  NULL when the allocator refuses.
 */
struct page *filemap_create_folio(struct machine *m, struct address_space *mapping,
				  uint64_t index, gfp_t gfp);

/* Linux: mapping_gfp_mask() of a regular file (ext4 and most disk filesystems). */
#define MAPPING_GFP	GFP_HIGHUSER_MOVABLE

/*
 * Linux: mapping_gfp_mask() of a block device's page cache (bdev_alloc():
 * GFP_USER, not movable).
 */
#define BDEV_MAPPING_GFP	GFP_USER

/*
 * Linux: node_dirty_ok(), mm/page-writeback.c: the page allocator's test
 * for a __GFP_WRITE request (spread_dirty_pages): is the node under its
 * share of the dirty limit?
 */
bool node_dirty_ok(const struct machine *m, const pg_data_t *pgdat);

/* Linux: readahead_gfp_mask(): readahead gives up early and quietly. */
static inline gfp_t readahead_gfp_mask(const struct address_space *mapping)
{
	return mapping->gfp_mask | __GFP_NORETRY | __GFP_NOWARN;
}

/* Does the mapping write back to the block device (mapping_can_writeback())? */
static inline bool mapping_can_writeback(const struct address_space *mapping)
{
	return mapping && !mapping->shmem;
}

/* Call fn on every cached folio of mapping, in slot order (not index order). */
void filemap_for_each_folio(struct machine *m, struct address_space *mapping,
			    void (*fn)(struct machine *m, struct address_space *mapping,
				       struct page *folio, void *arg),
			    void *arg);

/*
 * The cached folios with start <= index <= end (only the dirty ones if
 * dirty_only), in index order, each with a reference the caller puts;
 * *nr of them, in an array the caller frees.
 */
struct page **filemap_collect(struct machine *m, struct address_space *mapping, uint64_t start,
			      uint64_t end, bool dirty_only, size_t *nr);

/*
 * Remove one folio from its mapping's cache (the caller has checked that
 * it may go: not mapped, not under writeback) and drop the cache's
 * reference; a dirty folio's dirty count goes with it.
 */
void filemap_remove_folio(struct machine *m, struct page *folio);

/* The pages of every dirty / writeback file folio (checker). */
int writeback_check(const struct machine *m, char *msg, size_t msglen);

#endif /* MM_WRITEBACK_H */
