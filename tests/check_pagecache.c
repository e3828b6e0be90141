/*
 * tests/check_pagecache.c - the page cache's I/O and writeback: the file
 * verbs, readahead, dirty accounting, the flusher, balance_dirty_pages(),
 * fsync, truncate, unlink, fadvise, the vm.dirty_* sysctls and the
 * machine.disk config.
 *
 * Every replay runs the checkers after each event (the fixture's engine),
 * the writeback checker among them (NR_FILE_DIRTY and NR_WRITEBACK equal
 * the dirty and writeback folios).  Device times follow from the default
 * disk, 500 MiB/s: a 4 KiB page takes 4096 / (500 * 2^20) s = 7812.5 ns,
 * 7812 ns as hw_blockdev_transfer_ns() truncates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/sysctl.h"
#include "mm/vmstat_counters.h"
#include "mm/writeback.h"
#include "sim/config.h"
#include "sim/procfs.h"
#include "tests/verbs_fixture.h"

#define PAGE_NS		7812ull		/* one 4 KiB page at 500 MiB/s */

/* Let simulated time pass to when_ns with nothing else happening. */
static void run_until(struct fx *fx, uint64_t when_ns)
{
	mm_run_daemons(fx->m, when_ns);
	test_check(fx->m);
}

/* A file of nr_pages pages on disk and none in the cache (written, synced, dropped). */
static struct address_space *file_on_disk(struct fx *fx, const char *name, unsigned int nr_pages)
{
	char body[256];

	snprintf(body, sizeof(body),
		 "write pid=1 file=%s off=0 len=%u\nfsync pid=1 file=%s\n"
		 "fadvise pid=1 file=%s off=0 len=0 advice=dontneed\n",
		 name, nr_pages * (unsigned int)PAGE_SIZE, name, name);
	run_ok(fx, body);
	ck_assert_uint_eq(fx_file(fx, name)->nrpages, 0);
	ck_assert_uint_eq(fx_file(fx, name)->i_size, nr_pages * PAGE_SIZE);
	return fx_file(fx, name);
}

static void boot(struct fx *fx)
{
	fx_boot(fx, "1G", K_PLAIN);
	run_ok(fx, "spawn pid=1 cpu=0\n");
}

/* ---- readahead ---- */

/*
 * Linux: get_init_ra_size() quadruples a request up to max/32, doubles it
 * up to max/4, else takes max; get_next_ra_size() quadruples below
 * max/16, doubles up to max/2, else max.  max = 32 pages (128 KiB).
 */
START_TEST(test_ra_size_rules)
{
	struct file_ra_state ra = { 0 };

	ck_assert_uint_eq(get_init_ra_size(1, 32), 4);
	ck_assert_uint_eq(get_init_ra_size(3, 32), 8);		/* 3 -> 4, <= 32/4 */
	ck_assert_uint_eq(get_init_ra_size(16, 32), 32);
	ra.size = 1;
	ck_assert_uint_eq(get_next_ra_size(&ra, 32), 4);
	ra.size = 4;
	ck_assert_uint_eq(get_next_ra_size(&ra, 32), 8);
	ra.size = 16;
	ck_assert_uint_eq(get_next_ra_size(&ra, 32), 32);
	ra.size = 32;
	ck_assert_uint_eq(get_next_ra_size(&ra, 32), 32);
}
END_TEST

/*
 * A sequential read, one page per call, of a file not cached.  Linux:
 * page 0 is an initial window, get_init_ra_size(1, 32) = 4 pages with an
 * async tail of 3 (the marker on page 1); each marker hit moves the
 * window on by get_next_ra_size(): 8 (marker on its first page), 16,
 * 32, then 32.  So the cache holds 4, 12, 28, 60, 92, 124 pages after
 * the reads of pages 0, 1, 4, 12, 28, 60, and nothing changes between.
 */
START_TEST(test_ra_sequential_growth)
{
	static const struct { unsigned int page, cached; } steps[] = {
		{ 0, 4 }, { 1, 12 }, { 3, 12 }, { 4, 28 }, { 11, 28 }, { 12, 60 },
		{ 28, 92 }, { 59, 92 }, { 60, 124 },
	};
	struct fx fx;
	struct address_space *f;
	unsigned int next = 0;

	boot(&fx);
	f = file_on_disk(&fx, "seq", 256);
	for (size_t i = 0; i < TEST_ARRAY_SIZE(steps); i++) {
		for (; next <= steps[i].page; next++) {
			char body[96];

			snprintf(body, sizeof(body), "read pid=1 file=seq off=%llu len=4K\n",
				 (unsigned long long)next * PAGE_SIZE);
			run_ok(&fx, body);
		}
		ck_assert_msg(f->nrpages == steps[i].cached, "after page %u: %lu cached, want %u",
			      steps[i].page, f->nrpages, steps[i].cached);
	}
	/* pgpgin counts 512-byte sectors: 124 pages were read. */
	ck_assert_uint_eq(fx.m->vm_events[PGPGIN], 124 * 8);
	fx_release(&fx);
}
END_TEST

/*
 * Linux: page_cache_sync_ra() with ra_pages 0 reads the page asked for
 * alone; fadvise(RANDOM) forces reads of just the request
 * (force_page_cache_ra()); a read that follows neither the window nor
 * the last read nor cached history reads only itself
 * (ondemand_readahead()'s do_page_cache_ra()); an initial window never
 * passes the file's last page (do_page_cache_ra()).
 */
START_TEST(test_ra_off_random_and_eof)
{
	struct fx fx;
	struct address_space *f;

	fx_boot_machine(&fx, test_boot_machine("\"nodes\": [{\"mem\": \"1G\", \"cpus\": 2}], "
					       "\"disk\": {\"read_ahead_kb\": 0}",
					       K_PLAIN));
	run_ok(&fx, "spawn pid=1 cpu=0\n");
	f = file_on_disk(&fx, "f", 64);
	run_ok(&fx, "read pid=1 file=f off=0 len=8K\n");
	ck_assert_uint_eq(f->nrpages, 2);
	fx_release(&fx);

	boot(&fx);
	f = file_on_disk(&fx, "f", 64);
	run_ok(&fx, "fadvise pid=1 file=f off=0 len=0 advice=random\n"
		    "read pid=1 file=f off=40K len=4K\n");
	ck_assert_uint_eq(f->nrpages, 1);
	run_ok(&fx, "fadvise pid=1 file=f off=0 len=0 advice=normal\n"
		    "read pid=1 file=f off=248K len=4K\n");
	ck_assert_uint_eq(f->nrpages, 2);
	/* At or past the end nothing is read. */
	run_ok(&fx, "read pid=1 file=f off=256K len=1M\n");
	ck_assert_uint_eq(f->nrpages, 2);
	/* Page 0 of a 3-page file: get_init_ra_size(1, 32) = 4, cut to the 3 pages. */
	f = file_on_disk(&fx, "small", 3);
	run_ok(&fx, "read pid=1 file=small off=0 len=4K\n");
	ck_assert_uint_eq(f->nrpages, 3);
	fx_release(&fx);
}
END_TEST

/* Linux: generic_fadvise(WILLNEED) -> force_page_cache_ra(): reads ahead, at most ra_pages. */
START_TEST(test_fadvise_willneed)
{
	struct fx fx;
	struct address_space *f;

	boot(&fx);
	f = file_on_disk(&fx, "f", 64);
	run_ok(&fx, "fadvise pid=1 file=f off=0 len=64K advice=willneed\n");
	ck_assert_uint_eq(f->nrpages, 16);
	run_ok(&fx, "fadvise pid=1 file=f off=0 len=0 advice=willneed\n");
	ck_assert_uint_eq(f->nrpages, 32);	/* clamped to ra_pages = 32 from page 0 */
	fx_release(&fx);
}
END_TEST

/* ---- sharing with mmap ---- */

/* The folios a read caches are the ones an mmap of the file maps, both ways round. */
START_TEST(test_read_shares_mmap_folios)
{
	struct fx fx;
	struct address_space *f;

	boot(&fx);
	f = file_on_disk(&fx, "f", 8);
	/* MADV_RANDOM: each fault reads its page alone (do_sync_mmap_readahead()). */
	run_ok(&fx, "mmap pid=1 len=32K file=f shared id=m\n"
		    "madvise pid=1 addr=@m len=32K advice=random\ntouch pid=1 addr=@m len=16K\n");
	ck_assert_uint_eq(f->nrpages, 4);
	run_ok(&fx, "read pid=1 file=f off=0 len=16K\n");
	for (unsigned int i = 0; i < 4; i++)
		ck_assert_ptr_eq(filemap_lookup(fx.m, f, i),
				 page_at(&fx, 1, addr_of(&fx, "m") + i * PAGE_SIZE));
	/* Read first (pages 4..7 by the read's readahead), then map: the same folios. */
	run_ok(&fx, "read pid=1 file=f off=16K len=4K\n");
	ck_assert_uint_eq(f->nrpages, 8);
	{
		struct page *cached = filemap_lookup(fx.m, f, 6);

		run_ok(&fx, "touch pid=1 addr=@m+24K\n");
		ck_assert_ptr_eq(page_at(&fx, 1, addr_of(&fx, "m") + 6 * PAGE_SIZE), cached);
	}
	ck_assert_uint_eq(f->nrpages, 8);
	fx_release(&fx);
}
END_TEST

/* ---- writes ---- */

/*
 * Linux: generic_perform_write() -> folio_mark_dirty(): each new dirty
 * folio counts once in NR_FILE_DIRTY and nr_dirtied; dirtying a dirty
 * folio again counts nothing; i_size grows to the end of the write.
 */
START_TEST(test_write_dirties_and_counts)
{
	struct fx fx;
	struct address_space *f;

	boot(&fx);
	run_ok(&fx, "write pid=1 file=w off=0 len=64K\n");
	f = fx_file(&fx, "w");
	ck_assert_uint_eq(f->i_size, 64 * 1024);
	ck_assert_uint_eq(f->nrdirty, 16);
	ck_assert_int_eq(fx_node_stat(&fx, NR_FILE_DIRTY), 16);
	ck_assert_int_eq(fx_node_stat(&fx, NR_DIRTIED), 16);
	for (unsigned int i = 0; i < 16; i++)
		ck_assert(PageFlag(filemap_lookup(fx.m, f, i), PG_dirty));
	run_ok(&fx, "write pid=1 file=w off=4K len=8K\n");
	ck_assert_int_eq(fx_node_stat(&fx, NR_DIRTIED), 16);
	ck_assert_uint_eq(f->i_size, 64 * 1024);
	/* Writes never read what they wholly cover or what lies past the end. */
	ck_assert_uint_eq(fx.m->vm_events[PGPGIN], 0);
	run_ok(&fx, "write pid=1 file=w off=66K len=1K\n");
	ck_assert_uint_eq(fx.m->vm_events[PGPGIN], 0);
	ck_assert_uint_eq(f->i_size, 67 * 1024);
	fx_release(&fx);
}
END_TEST

/*
 * Linux: meminfo_proc_show() / node_read_meminfo(): Dirty, Writeback and
 * Cached come from NR_FILE_DIRTY, NR_WRITEBACK and NR_FILE_PAGES (folded
 * by vm.stat_refresh); Buffers is 0 (no block-device buffers).
 */
START_TEST(test_meminfo_dirty_writeback)
{
	struct fx fx;
	char *node;

	boot(&fx);
	run_ok(&fx, "write pid=1 file=mi off=0 len=64K\nwrite pid=1 file=mj off=0 len=32K\n"
		    "fadvise pid=1 file=mj off=0 len=0 advice=dontneed\nsysctl vm.stat_refresh=1\n");
	ck_assert_uint_eq(test_meminfo_kb(fx.m, "Dirty:"), 64);
	ck_assert_uint_eq(test_meminfo_kb(fx.m, "Writeback:"), 32);
	ck_assert_uint_eq(test_meminfo_kb(fx.m, "Cached:"), 96);
	ck_assert_uint_eq(test_meminfo_kb(fx.m, "Buffers:"), 0);
	node = test_render_node(procfs_node_meminfo, fx.m, 0);
	ck_assert_ptr_nonnull(strstr(node, "Node 0 Dirty:                64 kB"));
	ck_assert_ptr_nonnull(strstr(node, "Node 0 Writeback:            32 kB"));
	ck_assert_ptr_nonnull(strstr(node, "Node 0 FilePages:            96 kB"));
	free(node);
	fx_release(&fx);
}
END_TEST

/* Linux: block_write_begin(): a partial write of an uncached page inside the file reads it. */
START_TEST(test_partial_write_reads)
{
	struct fx fx;
	struct address_space *f;

	boot(&fx);
	f = file_on_disk(&fx, "p", 4);
	run_ok(&fx, "write pid=1 file=p off=5K len=1K\n");
	ck_assert_uint_eq(fx.m->vm_events[PGPGIN], 8);
	ck_assert_uint_eq(f->nrpages, 1);
	ck_assert(PageFlag(filemap_lookup(fx.m, f, 1), PG_dirty));
	fx_release(&fx);
}
END_TEST

/* ---- writeback ---- */

/*
 * Linux: balance_dirty_pages() wakes background writeback once dirty
 * pages pass the background threshold (vm.dirty_background_bytes, 1 MiB
 * = 256 pages); the flusher writes them (wb_over_bg_thresh(), a chunk of
 * at most MAX_WRITEBACK_PAGES), PG_writeback set, dirty cleared; the
 * device ends one page every 7812 ns.
 */
START_TEST(test_background_writeback)
{
	struct fx fx;
	uint64_t t0;

	boot(&fx);
	run_ok(&fx, "sysctl vm.dirty_background_bytes=1048576\nsysctl vm.dirty_bytes=67108864\n");
	run_ok(&fx, "write pid=1 file=bg off=0 len=512K\n");	/* 128 pages: below */
	ck_assert_int_eq(fx_node_stat(&fx, NR_WRITEBACK), 0);
	ck_assert_int_eq(fx_node_stat(&fx, NR_FILE_DIRTY), 128);
	run_ok(&fx, "write pid=1 file=bg off=512K len=1536K\n");	/* 512 pages: above */
	t0 = fx.m->clock_ns;
	ck_assert_int_eq(fx_node_stat(&fx, NR_WRITEBACK), 512);
	ck_assert_int_eq(fx_node_stat(&fx, NR_FILE_DIRTY), 0);
	run_until(&fx, t0 + 100 * PAGE_NS);
	ck_assert_int_eq(fx_node_stat(&fx, NR_WRITTEN), 100);
	ck_assert_int_eq(fx_node_stat(&fx, NR_WRITEBACK), 412);
	run_until(&fx, t0 + 512 * PAGE_NS);
	ck_assert_int_eq(fx_node_stat(&fx, NR_WRITTEN), 512);
	ck_assert_int_eq(fx_node_stat(&fx, NR_WRITEBACK), 0);
	ck_assert_uint_eq(fx.m->vm_events[PGPGOUT], 512 * 8);
	fx_release(&fx);
}
END_TEST

/*
 * Linux: wb_check_old_data_flush(): the flusher's periodic pass runs
 * every dirty_writeback_centisecs (5 s) from when the file went dirty
 * (wb_wakeup_delayed()), and writes the files dirtied at or before
 * dirty_expire_centisecs (30 s) ago (move_expired_inodes() stops only at
 * an inode dirtied strictly after the cut): the pass at dirtied_when +
 * 30 s writes them, none before.
 */
START_TEST(test_periodic_writeback_expires)
{
	struct fx fx;
	uint64_t t0;

	boot(&fx);
	t0 = fx.m->clock_ns + 1000;	/* the write's time */
	run_ok(&fx, "write pid=1 file=old off=0 len=16K\n");
	ck_assert_uint_eq(fx_file(&fx, "old")->dirtied_when_ns, t0);
	run_until(&fx, t0 + 30 * NSEC_PER_SEC - 1);
	ck_assert_int_eq(fx_node_stat(&fx, NR_FILE_DIRTY), 4);
	ck_assert_int_eq(fx_node_stat(&fx, NR_WRITTEN), 0);
	run_until(&fx, t0 + 30 * NSEC_PER_SEC + 4 * PAGE_NS);
	ck_assert_int_eq(fx_node_stat(&fx, NR_FILE_DIRTY), 0);
	ck_assert_int_eq(fx_node_stat(&fx, NR_WRITTEN), 4);
	fx_release(&fx);
}
END_TEST

/*
 * Linux: balance_dirty_pages(): a writer above the dirty limit
 * (vm.dirty_bytes 1 MiB = 256 pages) sleeps until writeback brings
 * dirty + writeback pages back to it.  Writing 1024 pages, it can only
 * return once the device has written all but the limit's worth (less the
 * counters' drift), which takes that many pages' device time.
 */
START_TEST(test_balance_dirty_pages_throttles)
{
	struct fx fx;
	unsigned long drift;
	uint64_t t0;

	boot(&fx);
	drift = fx_node_stat_drift(&fx);
	run_ok(&fx, "sysctl vm.dirty_background_bytes=524288\nsysctl vm.dirty_bytes=1048576\n");
	t0 = fx.m->clock_ns;
	run_ok(&fx, "write pid=1 file=big off=0 len=4M\n");
	ck_assert_uint_gt(fx.m->wb.throttle_pauses, 0);
	ck_assert_int_ge(fx_node_stat(&fx, NR_WRITTEN), (long)(1024 - 256 - drift));
	ck_assert_uint_ge(fx.m->clock_ns - t0, (1024 - 256 - drift) * PAGE_NS);
	ck_assert_int_le(fx_node_stat(&fx, NR_FILE_DIRTY) + fx_node_stat(&fx, NR_WRITEBACK),
			 (long)(256 + drift));
	fx_release(&fx);
}
END_TEST

/* Linux: vfs_fsync(): every dirty folio written and waited for; the task's time covers the device's. */
START_TEST(test_fsync_cleans_file)
{
	struct fx fx;
	struct address_space *f;
	uint64_t t0;

	boot(&fx);
	run_ok(&fx, "write pid=1 file=s off=0 len=1M\nwrite pid=1 file=other off=0 len=8K\n");
	f = fx_file(&fx, "s");
	t0 = fx.m->clock_ns;
	run_ok(&fx, "fsync pid=1 file=s\n");
	ck_assert_uint_ge(fx.m->clock_ns - t0, 256 * PAGE_NS);
	ck_assert_uint_eq(f->nrdirty, 0);
	for (unsigned int i = 0; i < 256; i++) {
		struct page *page = filemap_lookup(fx.m, f, i);

		ck_assert(!PageFlag(page, PG_dirty) && !PageFlag(page, PG_writeback));
	}
	ck_assert_int_eq(fx_node_stat(&fx, NR_FILE_DIRTY), 2);	/* the other file's */
	ck_assert_int_eq(fx_node_stat(&fx, NR_WRITTEN), 256);
	fx_release(&fx);
}
END_TEST

/*
 * Linux: migrate_pages(2) (MIGRATE_SYNC) of a shared file mapping with
 * dirty folios: fallback_migrate_folio() writes each out (writeout():
 * PG_writeback, the dirty count gone), the retry waits for the device
 * (folio_wait_writeback()) and moves the clean folio; the cache follows.
 * The task's time covers the writes.
 */
START_TEST(test_migrate_dirty_file_folios)
{
	struct fx fx;
	struct address_space *f;
	uint64_t t0;

	fx_boot_machine(&fx, test_boot_node_pair("512M", "512M", K_PLAIN));
	run_ok(&fx, "spawn pid=1 cpu=0\nwrite pid=1 file=mig off=0 len=64K\n"
		    "mmap pid=1 len=64K file=mig shared id=m\ntouch pid=1 addr=@m len=64K write\n");
	f = fx_file(&fx, "mig");
	ck_assert_int_eq(fx_node_stat(&fx, NR_FILE_DIRTY), 16);
	for (unsigned int i = 0; i < 16; i++)
		ck_assert_int_eq(page_to_nid(filemap_lookup(fx.m, f, i)), 0);
	t0 = fx.m->clock_ns;
	run_ok(&fx, "migrate_pages pid=1 from=0 to=1\n");
	for (unsigned int i = 0; i < 16; i++) {
		struct page *page = filemap_lookup(fx.m, f, i);

		ck_assert_int_eq(page_to_nid(page), 1);
		ck_assert_ptr_eq(page_at(&fx, 1, addr_of(&fx, "m") + i * PAGE_SIZE), page);
	}
	ck_assert_int_eq(fx_node_stat(&fx, NR_FILE_DIRTY), 0);
	ck_assert_int_eq(fx_node_stat(&fx, NR_WRITTEN), 16);
	ck_assert_uint_ge(fx.m->clock_ns - t0, 16 * PAGE_NS);
	fx_release(&fx);
}
END_TEST

/* ---- taking pages out ---- */

/*
 * Linux: generic_fadvise(DONTNEED) -> invalidate_mapping_pages(): clean,
 * unmapped pages go, mapped ones stay; a partial last page stays.
 */
START_TEST(test_dontneed_keeps_mapped)
{
	struct fx fx;
	struct address_space *f;

	boot(&fx);
	f = file_on_disk(&fx, "d", 16);
	run_ok(&fx, "read pid=1 file=d off=0 len=64K\n"
		    "mmap pid=1 len=16K file=d shared id=m\ntouch pid=1 addr=@m len=16K\n");
	ck_assert_uint_eq(f->nrpages, 16);
	run_ok(&fx, "fadvise pid=1 file=d off=0 len=62K advice=dontneed\n");
	ck_assert_uint_eq(f->nrpages, 5);	/* 0..3 mapped, 15 partly outside the range */
	ck_assert_ptr_nonnull(filemap_lookup(fx.m, f, 15));
	run_ok(&fx, "fadvise pid=1 file=d off=0 len=0 advice=dontneed\n");
	ck_assert_uint_eq(f->nrpages, 4);
	ck_assert_ptr_eq(filemap_lookup(fx.m, f, 0), page_at(&fx, 1, addr_of(&fx, "m")));
	fx_release(&fx);
}
END_TEST

/*
 * Linux: DONTNEED starts writeback of dirty pages (WB_SYNC_NONE) and
 * cannot free them while they are written; truncate_inode_pages_range()
 * waits for the writes, then frees them.
 */
START_TEST(test_truncate_waits_for_writeback)
{
	struct fx fx;
	struct address_space *f;
	uint64_t t0;

	boot(&fx);
	run_ok(&fx, "write pid=1 file=t off=0 len=16K\n");
	f = fx_file(&fx, "t");
	t0 = fx.m->clock_ns + 1000;	/* the fadvise's time */
	run_ok(&fx, "fadvise pid=1 file=t off=0 len=0 advice=dontneed\n");
	ck_assert_uint_eq(f->nrpages, 4);
	ck_assert_int_eq(fx_node_stat(&fx, NR_WRITEBACK), 4);
	run_ok(&fx, "truncate pid=1 file=t len=0\n");
	ck_assert_uint_eq(f->nrpages, 0);
	ck_assert_uint_eq(f->i_size, 0);
	ck_assert_int_eq(fx_node_stat(&fx, NR_WRITTEN), 4);
	ck_assert_uint_ge(fx.m->clock_ns, t0 + 4 * PAGE_NS);
	fx_release(&fx);
}
END_TEST

/*
 * Linux: truncate_pagecache(): dirty pages past the end are dropped
 * unwritten; pages past it are unmapped first (unmap_mapping_range());
 * the page holding the new end stays.
 */
START_TEST(test_truncate_drops_dirty_and_unmaps)
{
	struct fx fx;
	struct address_space *f;
	uint64_t m;

	boot(&fx);
	run_ok(&fx, "write pid=1 file=t off=0 len=32K\n"
		    "mmap pid=1 len=32K file=t shared id=m\ntouch pid=1 addr=@m len=32K\n");
	f = fx_file(&fx, "t");
	m = addr_of(&fx, "m");
	run_ok(&fx, "truncate pid=1 file=t len=5K\n");
	ck_assert_uint_eq(f->nrpages, 2);
	ck_assert_uint_eq(f->nrdirty, 2);
	ck_assert_int_eq(fx_node_stat(&fx, NR_FILE_DIRTY), 2);
	ck_assert_int_eq(fx_node_stat(&fx, NR_WRITTEN), 0);
	ck_assert_ptr_nonnull(pte_at(&fx, 1, m + PAGE_SIZE));
	ck_assert_ptr_null(pte_at(&fx, 1, m + 2 * PAGE_SIZE));
	fx_release(&fx);
}
END_TEST

/*
 * Linux: unlink of a mapped file: the name goes, the inode and its cache
 * live until the last mapping goes (iput() -> evict()); unmapped, it all
 * goes at once.
 */
START_TEST(test_unlink)
{
	struct fx fx;
	struct address_space *f;
	long cached;

	boot(&fx);
	cached = fx_node_stat(&fx, NR_FILE_PAGES);
	run_ok(&fx, "write pid=1 file=u off=0 len=64K\nfsync pid=1 file=u\n"
		    "mmap pid=1 len=16K file=u shared id=m\ntouch pid=1 addr=@m len=16K\n");
	f = fx_file(&fx, "u");
	run_ok(&fx, "unlink file=u\n");
	ck_assert(f->unlinked);
	ck_assert_uint_eq(f->nrpages, 16);
	ck_assert_int_eq(fx_node_stat(&fx, NR_FILE_PAGES), cached + 16);
	run_ok(&fx, "munmap pid=1 addr=@m len=16K\n");
	ck_assert_int_eq(fx_node_stat(&fx, NR_FILE_PAGES), cached);
	/* The name makes a new, empty file now. */
	ck_assert_uint_eq(fx_file(&fx, "u")->i_size, 0);
	run_ok(&fx, "write pid=1 file=v off=0 len=64K\nunlink file=v\n");
	ck_assert_int_eq(fx_node_stat(&fx, NR_FILE_PAGES), cached);
	ck_assert_int_eq(fx_node_stat(&fx, NR_FILE_DIRTY), 0);
	fx_release(&fx);
}
END_TEST

/* ---- the sysctls ---- */

/*
 * Linux: domain_dirty_limits(): a bytes knob is the limit in pages
 * (rounded up); a background limit at or above the limit becomes half of
 * it; the handlers keep only one of ratio and bytes.
 */
START_TEST(test_dirty_sysctls_either_or)
{
	struct fx fx;
	unsigned long bg, thresh;

	boot(&fx);
	run_ok(&fx, "sysctl vm.dirty_bytes=8388608\n");
	ck_assert_int_eq(fx.m->vm.dirty_ratio, 0);
	run_ok(&fx, "sysctl vm.dirty_background_bytes=16777216\n");
	ck_assert_int_eq(fx.m->vm.dirty_background_ratio, 0);
	global_dirty_limits(fx.m, &bg, &thresh);
	ck_assert_uint_eq(thresh, 2048);
	ck_assert_uint_eq(bg, 1024);
	run_ok(&fx, "sysctl vm.dirty_background_bytes=4097\n");
	global_dirty_limits(fx.m, &bg, &thresh);
	ck_assert_uint_eq(bg, 2);
	run_ok(&fx, "sysctl vm.dirty_ratio=20\nsysctl vm.dirty_background_ratio=10\n");
	ck_assert_uint_eq(fx.m->vm.dirty_bytes, 0);
	ck_assert_uint_eq(fx.m->vm.dirty_background_bytes, 0);
	/* A dirty_ratio write of the value it has keeps dirty_bytes (the handler compares). */
	run_ok(&fx, "sysctl vm.dirty_bytes=8388608\nsysctl vm.dirty_ratio=0\n");
	ck_assert_uint_eq(fx.m->vm.dirty_bytes, 8 << 20);
	fx_release(&fx);
}
END_TEST

/* ---- bad input ---- */

START_TEST(test_bad_file_lines)
{
	static const struct { const char *line, *msg; } bad[] = {
		{ "read pid=9 file=f off=0 len=4K", "unknown pid 9" },
		{ "read pid=1 file=f off=16T len=4K",
		  "off + len ends past the largest file (17592186044416 bytes)" },
		{ "write pid=1 file=f off=16T len=1",
		  "off + len ends past the largest file (17592186044416 bytes)" },
		{ "read pid=1 file=f off=x len=4K",
		  "bad value 'x' for off: not a number (decimal or 0x hex, optional K, M, G or T)" },
		{ "read pid=1 file=f len=4K", "missing key 'off' for read" },
		{ "write pid=1 file=f off=0 len=-1",
		  "bad value '-1' for len: not a number (decimal or 0x hex, optional K, M, G or T)" },
		{ "read pid=1 file=f off=0 len=4K write", "unknown flag 'write' for read" },
		{ "read pid=1 file=f off=0 len=4K bdev=1",
		  "flag 'bdev' takes no value (got 'bdev=1')" },
		{ "fsync pid=1", "missing key 'file' for fsync" },
		{ "truncate pid=1 file=f off=0 len=0", "unknown key 'off' for truncate" },
		{ "truncate pid=1 file=f len=17T",
		  "off + len ends past the largest file (17592186044416 bytes)" },
		{ "unlink file=nope", "unlink: ENOENT: no file 'nope'" },
		{ "unlink pid=1 file=f", "unknown key 'pid' for unlink" },
		{ "fadvise pid=1 file=f off=0 len=0 advice=bogus",
		  "bad value 'bogus' for advice (normal, random, sequential, willneed or dontneed)" },
		{ "fadvise pid=1 file=f off=0 len=0", "missing key 'advice' for fadvise" },
		{ "sysctl vm.dirty_ratio=101", "value 101 out of range for vm.dirty_ratio" },
		{ "sysctl vm.dirty_background_ratio=-1",
		  "value -1 out of range for vm.dirty_background_ratio" },
		{ "sysctl vm.dirty_bytes=8191", "value 8191 out of range for vm.dirty_bytes" },
		{ "sysctl vm.dirty_bytes=17592186044416001",
		  "value 17592186044416001 out of range for vm.dirty_bytes" },
		{ "sysctl vm.dirty_background_bytes=0",
		  "value 0 out of range for vm.dirty_background_bytes" },
		{ "sysctl vm.dirty_writeback_centisecs=-1",
		  "value -1 out of range for vm.dirty_writeback_centisecs" },
		{ "sysctl vm.dirty_expire_centisecs=2147483648",
		  "value 2147483648 out of range for vm.dirty_expire_centisecs" },
	};
	struct fx fx;

	for (size_t i = 0; i < TEST_ARRAY_SIZE(bad); i++) {
		char body[256], msg[256];

		boot(&fx);
		snprintf(body, sizeof(body), "%s\n", bad[i].line);
		snprintf(msg, sizeof(msg), "t.trace:2: %s", bad[i].msg);
		expect_bad(&fx, body, msg);
		fx_release(&fx);
	}
}
END_TEST

static int load_disk(const char *disk, struct mm_boot_params *p, char *err, size_t errlen)
{
	char json[256];

	snprintf(json, sizeof(json), "{\"machine\": {\"disk\": %s}}", disk);
	return sim_config_load_string("test.json", json, p, err, errlen);
}

/* machine.disk: the defaults, values in range, and each bad value refused, naming its key. */
/*
 * A block device's page cache: bdev_alloc() gives its mapping GFP_USER,
 * so its folios come from unmovable pageblocks, and its size is the
 * disk's (a read past what was written still fills the cache).  A file
 * used as a regular file first is not a block device.
 */
START_TEST(test_bdev_unmovable)
{
	struct fx fx;
	struct page *folio;

	boot(&fx);
	run_ok(&fx, "write pid=1 file=vda off=0 len=64K bdev\nread pid=1 file=vda off=1M len=64K\n"
		    "write pid=1 file=reg off=0 len=4K\n");
	folio = filemap_lookup(fx.m, fx_file(&fx, "vda"), 0);
	ck_assert_ptr_nonnull(folio);
	ck_assert_int_eq(get_pageblock_migratetype(fx.m, page_to_pfn(fx.m, folio)),
			 MIGRATE_UNMOVABLE);
	ck_assert_ptr_nonnull(filemap_lookup(fx.m, fx_file(&fx, "vda"), (1u << 20) / PAGE_SIZE));
	folio = filemap_lookup(fx.m, fx_file(&fx, "reg"), 0);
	ck_assert_int_eq(get_pageblock_migratetype(fx.m, page_to_pfn(fx.m, folio)),
			 MIGRATE_MOVABLE);
	expect_bad(&fx, "write pid=1 file=reg off=4K len=4K bdev\n",
		   "t.trace:2: file 'reg' is a regular file, not a block device (bdev must come "
		   "with its first use)");
	fx_release(&fx);
}
END_TEST

/*
 * Linux: get_page_from_freelist()'s spread_dirty_pages: a page written
 * (__GFP_WRITE) skips a node over its share of the dirty limit
 * (node_dirty_ok()).  With vm.dirty_ratio 1 and the flusher off, node 0
 * fills its share, and the writer on CPU 0 then gets node 1's pages.
 */
START_TEST(test_write_spreads_over_dirty_nodes)
{
	struct fx fx;
	unsigned long node1_before;

	fx_boot_machine(&fx, test_boot_node_pair("512M", "512M", K_PLAIN));
	run_ok(&fx, "spawn pid=1 cpu=0\nsysctl vm.dirty_writeback_centisecs=0 "
		    "vm.dirty_background_ratio=100 vm.dirty_ratio=1\n");
	node1_before = node_page_state(NODE_DATA(fx.m, 1), NR_FILE_PAGES);
	ck_assert(node_dirty_ok(fx.m, NODE_DATA(fx.m, 0)));
	run_ok(&fx, "write pid=1 file=f off=0 len=8M\n");
	ck_assert(node_page_state(NODE_DATA(fx.m, 1), NR_FILE_PAGES) > node1_before);
	ck_assert(!node_dirty_ok(fx.m, NODE_DATA(fx.m, 0)) ||
		  !node_dirty_ok(fx.m, NODE_DATA(fx.m, 1)));
	test_check(fx.m);
	fx_release(&fx);
}
END_TEST

/*
 * Linux: __alloc_pages() clears ac.spread_dirty_pages before the slow
 * path: dirty spreading is a preference of the first attempt, and when
 * every node is over its dirty limit the write still gets a page
 * (balance_dirty_pages() throttles the writer instead).  With both nodes
 * far over their share, one more written page must still be cached.
 */
START_TEST(test_write_over_every_dirty_limit_allocates)
{
	const long over = 1L << 20;	/* pages: beyond any node's dirty share */
	struct fx fx;
	struct address_space *f;

	fx_boot_machine(&fx, test_boot_node_pair("512M", "512M", K_PLAIN));
	run_ok(&fx, "spawn pid=1 cpu=0\nwrite pid=1 file=f off=0 len=4K\n");
	f = fx_file(&fx, "f");
	for (int nid = 0; nid < 2; nid++)
		__mod_node_page_state(NODE_DATA(fx.m, nid), NR_FILE_DIRTY, over);
	ck_assert(!node_dirty_ok(fx.m, NODE_DATA(fx.m, 0)));
	ck_assert(!node_dirty_ok(fx.m, NODE_DATA(fx.m, 1)));
	ck_assert_ptr_nonnull(filemap_create_folio(fx.m, f, 1, f->gfp_mask | __GFP_WRITE));
	for (int nid = 0; nid < 2; nid++)
		__mod_node_page_state(NODE_DATA(fx.m, nid), NR_FILE_DIRTY, -over);
	test_check(fx.m);
	fx_release(&fx);
}
END_TEST

START_TEST(test_disk_config)
{
	static const struct { const char *disk, *key; } bad[] = {
		{ "{\"bandwidth_mib_s\": 0}", "machine.disk.bandwidth_mib_s" },
		{ "{\"bandwidth_mib_s\": 1048577}", "machine.disk.bandwidth_mib_s" },
		{ "{\"bandwidth_mib_s\": \"fast\"}", "machine.disk.bandwidth_mib_s" },
		{ "{\"read_ahead_kb\": -1}", "machine.disk.read_ahead_kb" },
		{ "{\"read_ahead_kb\": 1048577}", "machine.disk.read_ahead_kb" },
		{ "{\"seek_ms\": 5}", "machine.disk.seek_ms" },
		{ "5", "machine.disk" },
	};
	struct mm_boot_params p;
	char err[512];

	ck_assert_int_eq(load_disk("{}", &p, err, sizeof(err)), 0);
	ck_assert_uint_eq(p.hw.disk.bandwidth_mib_s, BLOCKDEV_BANDWIDTH_MIB_S);
	ck_assert_uint_eq(p.hw.disk.read_ahead_kb, BLOCKDEV_READ_AHEAD_KB);
	ck_assert_int_eq(load_disk("{\"bandwidth_mib_s\": 1, \"read_ahead_kb\": 0}", &p, err,
				   sizeof(err)), 0);
	ck_assert_uint_eq(p.hw.disk.bandwidth_mib_s, 1);
	ck_assert_uint_eq(p.hw.disk.read_ahead_kb, 0);
	for (size_t i = 0; i < TEST_ARRAY_SIZE(bad); i++) {
		err[0] = '\0';
		ck_assert_msg(load_disk(bad[i].disk, &p, err, sizeof(err)) == -1, "accepted %s",
			      bad[i].disk);
		ck_assert_msg(strncmp(err, "test.json: ", 11) == 0 && strstr(err, bad[i].key),
			      "'%s' does not name %s", err, bad[i].key);
	}
}
END_TEST

/* 1 MiB/s: one page takes 4096 / 2^20 s = 3906250 ns, as the device model says. */
START_TEST(test_disk_bandwidth_time)
{
	struct hw_blockdev d = { .bandwidth_mib_s = 1, .read_ahead_kb = 128 };

	ck_assert_uint_eq(hw_blockdev_transfer_ns(&d, PAGE_SIZE), 3906250);
	d.bandwidth_mib_s = 500;
	ck_assert_uint_eq(hw_blockdev_transfer_ns(&d, PAGE_SIZE), PAGE_NS);
	ck_assert_uint_eq(hw_blockdev_transfer_ns(&d, 500ull << 20), NSEC_PER_SEC);
}
END_TEST

Suite *pagecache_suite(void);	/* called by the runner through suites.h */
Suite *pagecache_suite(void)
{
	Suite *s = suite_create("pagecache");
	TCase *tc = tcase_create("pagecache");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_ra_size_rules);
	tcase_add_test(tc, test_ra_sequential_growth);
	tcase_add_test(tc, test_ra_off_random_and_eof);
	tcase_add_test(tc, test_fadvise_willneed);
	tcase_add_test(tc, test_read_shares_mmap_folios);
	tcase_add_test(tc, test_write_dirties_and_counts);
	tcase_add_test(tc, test_meminfo_dirty_writeback);
	tcase_add_test(tc, test_partial_write_reads);
	tcase_add_test(tc, test_background_writeback);
	tcase_add_test(tc, test_periodic_writeback_expires);
	tcase_add_test(tc, test_balance_dirty_pages_throttles);
	tcase_add_test(tc, test_fsync_cleans_file);
	tcase_add_test(tc, test_migrate_dirty_file_folios);
	tcase_add_test(tc, test_dontneed_keeps_mapped);
	tcase_add_test(tc, test_truncate_waits_for_writeback);
	tcase_add_test(tc, test_truncate_drops_dirty_and_unmaps);
	tcase_add_test(tc, test_unlink);
	tcase_add_test(tc, test_dirty_sysctls_either_or);
	tcase_add_test(tc, test_bad_file_lines);
	tcase_add_test(tc, test_bdev_unmovable);
	tcase_add_test(tc, test_write_spreads_over_dirty_nodes);
	tcase_add_test(tc, test_write_over_every_dirty_limit_allocates);
	tcase_add_test(tc, test_disk_config);
	tcase_add_test(tc, test_disk_bandwidth_time);
	suite_add_tcase(s, tc);
	return s;
}
