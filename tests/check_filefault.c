/*
 * tests/check_filefault.c - page faults on file mappings as 6.1 runs
 * them: filemap_fault() reading from the block device (major faults,
 * pgpgin, the task's wait), the read-around window and the madvise
 * hints of do_sync_mmap_readahead(), mmap_miss, async readahead from a
 * fault, fault-around, CoW faults of a private file mapping, and writes
 * through a shared mapping: dirty accounting, balance_dirty_pages() and
 * writeback (folio_mkclean()).
 *
 * Every replay runs the checkers after each event (the fixture's engine).
 * The default disk reads 500 MiB/s and read_ahead_kb is 128, so ra_pages
 * is 32; device times are taken from hw_blockdev_transfer_ns(), and each
 * untimed event moves the clock 1 us before it runs (engine_tick()).  Files
 * are given a size by truncate, with nothing cached: their pages are on
 * the disk.  Mappings sit at BASE, 64 KiB aligned, so fault-around's
 * window (fault_around_bytes, 16 pages) starts at a multiple of 16.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/internal.h"
#include "mm/rmap.h"
#include "mm/vmstat_counters.h"
#include "mm/writeback.h"
#include "tests/verbs_fixture.h"

#define RA_PAGES	32u		/* read_ahead_kb 128 */
#define SECTORS		8u		/* pgpgin's 512-byte units in a page */
#define EVENT_NS	1000u		/* the engine's clock step for an untimed event */

static uint64_t ev(struct fx *fx, enum vm_event_item item)
{
	return fx->m->vm_events[item];
}

static uint64_t read_ns(struct fx *fx, unsigned int nr_pages)
{
	return hw_blockdev_transfer_ns(&fx->m->hw.disk, (uint64_t)nr_pages * PAGE_SIZE);
}

static uint64_t page_addr(unsigned int index)
{
	return BASE + (uint64_t)index * PAGE_SIZE;
}

/* Touch (read or write) page index of the mapping at BASE. */
static void touch(struct fx *fx, unsigned int index, bool write)
{
	char body[96];

	snprintf(body, sizeof(body), "touch pid=1 addr=0x%llx%s\n",
		 (unsigned long long)page_addr(index), write ? " write" : "");
	run_ok(fx, body);
}

/*
 * Boot, a task, and a file of nr_pages pages on the disk, none cached,
 * mapped whole at BASE (MAP_SHARED if shared, else MAP_PRIVATE).
 */
static struct address_space *map_file(struct fx *fx, const char *mem, unsigned int nr_pages,
				      bool shared)
{
	char body[256];

	fx_boot(fx, mem, K_PLAIN);
	snprintf(body, sizeof(body),
		 "spawn pid=1 cpu=0\ntruncate pid=1 file=f len=%u\n"
		 "mmap pid=1 addr=0x%llx len=%u file=f%s fixed id=m\n",
		 nr_pages * (unsigned int)PAGE_SIZE, (unsigned long long)BASE,
		 nr_pages * (unsigned int)PAGE_SIZE, shared ? " shared" : "");
	run_ok(fx, body);
	ck_assert_uint_eq(fx_file(fx, "f")->nrpages, 0);
	return fx_file(fx, "f");
}

/* Pages [first, last] are cached, and the ones just outside are not. */
static void assert_cached_run(struct fx *fx, struct address_space *f, uint64_t first,
			      uint64_t last)
{
	for (uint64_t i = first; i <= last; i++)
		ck_assert_msg(filemap_lookup(fx->m, f, i), "page %llu not cached",
			      (unsigned long long)i);
	if (first)
		ck_assert_ptr_null(filemap_lookup(fx->m, f, first - 1));
	ck_assert_ptr_null(filemap_lookup(fx->m, f, last + 1));
	ck_assert_uint_eq(f->nrpages, last - first + 1);
}

/* ---- major faults and the read-around window ---- */

/*
 * Linux: filemap_fault() counts PGMAJFAULT when the page is not cached
 * and returns VM_FAULT_MAJOR (the task's maj_flt); do_sync_mmap_readahead()
 * reads around: ra->start = index - ra_pages/2, ra->size = ra_pages,
 * ra->async_size = ra_pages/4, so page 100 brings pages 84..115, with
 * PG_readahead on page 84 + 32 - 8 = 108 (page_cache_ra_unbounded()).
 * pgpgin counts the 32 pages in 512-byte sectors (submit_bio()).  The
 * task sleeps until the device has read them (the folio lock of
 * filemap_fault()).  do_read_fault() tries fault-around before the read,
 * so no neighbour is mapped.
 */
START_TEST(test_first_fault_is_major_and_reads_around)
{
	struct fx fx;
	struct address_space *f = map_file(&fx, "1G", 256, false);
	uint64_t t0 = fx.m->clock_ns, waited = fx.m->wb.read_wait_ns;

	touch(&fx, 100, false);
	ck_assert_uint_eq(ev(&fx, PGMAJFAULT), 1);
	ck_assert_uint_eq(task(&fx, 1)->maj_flt, 1);
	ck_assert_uint_eq(ev(&fx, PGPGIN), RA_PAGES * SECTORS);
	assert_cached_run(&fx, f, 84, 115);
	for (uint64_t i = 84; i <= 115; i++)
		ck_assert_int_eq(PageFlag(filemap_lookup(fx.m, f, i), PG_readahead), i == 108);
	ck_assert_uint_eq(fx.m->clock_ns - t0, EVENT_NS + read_ns(&fx, RA_PAGES));
	ck_assert_uint_eq(fx.m->wb.read_wait_ns - waited, read_ns(&fx, RA_PAGES));
	ck_assert_ptr_eq(page_at(&fx, 1, page_addr(100)), filemap_lookup(fx.m, f, 100));
	ck_assert_ptr_null(pte_at(&fx, 1, page_addr(101)));
	fx_release(&fx);
}
END_TEST

/*
 * Linux: do_sync_mmap_readahead() clamps the window's start at page 0
 * (max_t(long, 0, ...)), and do_page_cache_ra() never reads past the
 * page holding the file's last byte: page 3 of a 256-page file reads
 * 0..31; page 39 of a 40-page file reads 23..39.
 */
START_TEST(test_read_around_window_edges)
{
	struct fx fx;
	struct address_space *f = map_file(&fx, "1G", 256, false);

	touch(&fx, 3, false);
	assert_cached_run(&fx, f, 0, 31);
	fx_release(&fx);

	f = map_file(&fx, "1G", 40, false);
	touch(&fx, 39, false);
	assert_cached_run(&fx, f, 23, 39);
	ck_assert_uint_eq(ev(&fx, PGPGIN), 17 * SECTORS);
	fx_release(&fx);
}
END_TEST

/*
 * Linux: filemap_fault() finds the page cached: no PGMAJFAULT, no I/O, a
 * minor fault.  do_read_fault() runs do_fault_around() first, and
 * filemap_map_pages() maps the cached pages of the 64 KiB around the
 * fault (pages 96..111 here) that next_uptodate_page() accepts: not the
 * PG_readahead page 108.  The faulting page is among them, so the fault
 * ends there (VM_FAULT_NOPAGE).
 */
START_TEST(test_cached_fault_is_minor_with_fault_around)
{
	struct fx fx;
	struct address_space *f = map_file(&fx, "1G", 256, false);
	uint64_t t0;

	touch(&fx, 100, false);
	t0 = fx.m->clock_ns;
	touch(&fx, 101, false);
	ck_assert_uint_eq(ev(&fx, PGMAJFAULT), 1);
	ck_assert_uint_eq(task(&fx, 1)->maj_flt, 1);
	ck_assert_uint_eq(ev(&fx, PGPGIN), RA_PAGES * SECTORS);
	ck_assert_uint_eq(fx.m->clock_ns, t0 + EVENT_NS);
	ck_assert_uint_eq(f->nrpages, RA_PAGES);
	for (unsigned int i = 96; i < 112; i++) {
		pte_t *pte = pte_at(&fx, 1, page_addr(i));

		if (i == 108) {
			ck_assert_ptr_null(pte);
			continue;
		}
		ck_assert_msg(pte && !pte_write(*pte), "page %u", i);
		ck_assert_ptr_eq(page_at(&fx, 1, page_addr(i)), filemap_lookup(fx.m, f, i));
	}
	ck_assert_ptr_null(pte_at(&fx, 1, page_addr(95)));
	ck_assert_ptr_null(pte_at(&fx, 1, page_addr(112)));
	fx_release(&fx);
}
END_TEST

/*
 * Linux: do_async_mmap_readahead(): the fault on the PG_readahead page
 * 108 runs page_cache_async_ra(); ondemand_readahead() sees the expected
 * index (start + size - async_size = 84 + 32 - 8) and moves the window
 * on: start 116, size get_next_ra_size(32) = 32, all of it async (the
 * marker on 116).  The fault does not wait for it.  6.1 dropped
 * mmap_lock for that I/O and retried the fault, which mm_account_fault()
 * counts in maj_flt (FAULT_FLAG_TRIED) but not in pgmajfault.  The fault
 * on page 116 then finds its page still being read (the folio locked):
 * it starts the next window (148..179) and sleeps until 116's window is
 * read, which the device finishes first: the window went to the idle
 * device at the fault on 108, one event (1 us) after t0.
 */
START_TEST(test_async_readahead_from_a_fault)
{
	struct fx fx;
	struct address_space *f = map_file(&fx, "1G", 512, false);
	uint64_t t0;

	touch(&fx, 100, false);
	t0 = fx.m->clock_ns;
	touch(&fx, 108, false);
	ck_assert_uint_eq(ev(&fx, PGMAJFAULT), 1);
	ck_assert_uint_eq(task(&fx, 1)->maj_flt, 2);
	ck_assert_uint_eq(ev(&fx, PGPGIN), 2 * RA_PAGES * SECTORS);
	ck_assert_uint_eq(fx.m->clock_ns, t0 + EVENT_NS);
	assert_cached_run(&fx, f, 84, 147);
	ck_assert(!PageFlag(filemap_lookup(fx.m, f, 108), PG_readahead));
	ck_assert(PageFlag(filemap_lookup(fx.m, f, 116), PG_readahead));

	touch(&fx, 116, false);
	ck_assert_uint_eq(ev(&fx, PGMAJFAULT), 1);
	ck_assert_uint_eq(task(&fx, 1)->maj_flt, 3);
	ck_assert_uint_eq(ev(&fx, PGPGIN), 3 * RA_PAGES * SECTORS);
	ck_assert_uint_eq(fx.m->clock_ns, t0 + EVENT_NS + read_ns(&fx, RA_PAGES));
	assert_cached_run(&fx, f, 84, 179);
	fx_release(&fx);
}
END_TEST

/*
 * Linux: the file_ra_state is the open file's, shared by read(2) and the
 * mapping's faults (file->f_ra).  A read of page 0 makes the initial
 * window 0..3 (get_init_ra_size(1) = 4, marker on page 1); a fault on
 * page 1 continues that window (ondemand_readahead(): index == start +
 * size - async_size), reading get_next_ra_size(4) = 8 pages, 4..11.
 * A state of the mapping's own would have seen no window there and read
 * 32 pages from the next miss (4..35).
 */
START_TEST(test_ra_state_shared_with_read)
{
	struct fx fx;
	struct address_space *f = map_file(&fx, "1G", 256, false);

	run_ok(&fx, "read pid=1 file=f off=0 len=4K\n");
	assert_cached_run(&fx, f, 0, 3);
	touch(&fx, 1, false);
	assert_cached_run(&fx, f, 0, 11);
	ck_assert_uint_eq(ev(&fx, PGMAJFAULT), 0);
	fx_release(&fx);
}
END_TEST

/* ---- the madvise hints ---- */

/*
 * Linux: do_sync_mmap_readahead() reads nothing ahead for VM_RAND_READ
 * (MADV_RANDOM): filemap_fault() creates the page and
 * filemap_read_folio() reads it alone.  Every first touch of a page is a
 * major fault, each waiting for one page's transfer.
 */
START_TEST(test_madv_random_reads_one_page)
{
	struct fx fx;
	struct address_space *f = map_file(&fx, "1G", 256, false);
	uint64_t t0;

	run_ok(&fx, "madvise pid=1 addr=@m len=1M advice=random\n");
	ck_assert(vma_at(&fx, 1, BASE)->vm_flags & VM_RAND_READ);
	t0 = fx.m->clock_ns;
	touch(&fx, 100, false);
	ck_assert_uint_eq(f->nrpages, 1);
	ck_assert_uint_eq(ev(&fx, PGPGIN), SECTORS);
	ck_assert_uint_eq(fx.m->clock_ns - t0, EVENT_NS + read_ns(&fx, 1));
	touch(&fx, 101, false);
	ck_assert_uint_eq(f->nrpages, 2);
	ck_assert_uint_eq(ev(&fx, PGMAJFAULT), 2);
	/* MADV_NORMAL takes the hint back: read-around again. */
	run_ok(&fx, "madvise pid=1 addr=@m len=1M advice=normal\n");
	ck_assert(!(vma_at(&fx, 1, BASE)->vm_flags & (VM_RAND_READ | VM_SEQ_READ)));
	touch(&fx, 200, false);
	ck_assert_uint_eq(f->nrpages, 2 + RA_PAGES);
	fx_release(&fx);
}
END_TEST

/*
 * Linux: with VM_SEQ_READ (MADV_SEQUENTIAL) do_sync_mmap_readahead()
 * calls page_cache_sync_ra(ra_pages), as filemap_read() does for a
 * read(2) of ra_pages pages: ondemand_readahead()'s initial window
 * get_init_ra_size(32, 32) = 32, all async, which the
 * read-at-window-start rule trims to async_size 16: pages 0..31, the
 * marker on page 16.  The fault on page 16 then runs
 * page_cache_async_ra() as the read does when its batch ends on the
 * marker: the next window, 32..63, marked on 32.  So a read(2) of 128
 * KiB of a second file caches what the two faults do.
 */
START_TEST(test_madv_sequential_reads_ahead_like_read)
{
	struct fx fx;
	struct address_space *f = map_file(&fx, "1G", 256, false), *g;

	run_ok(&fx, "madvise pid=1 addr=@m len=1M advice=sequential\n"
		    "truncate pid=1 file=g len=1M\nread pid=1 file=g off=0 len=128K\n");
	ck_assert(vma_at(&fx, 1, BASE)->vm_flags & VM_SEQ_READ);
	g = fx_file(&fx, "g");
	touch(&fx, 0, false);
	ck_assert_uint_eq(ev(&fx, PGMAJFAULT), 1);
	assert_cached_run(&fx, f, 0, 31);
	for (unsigned int i = 0; i < RA_PAGES; i++)
		ck_assert_int_eq(PageFlag(filemap_lookup(fx.m, f, i), PG_readahead), i == 16);
	touch(&fx, 16, false);
	assert_cached_run(&fx, f, 0, 63);
	assert_cached_run(&fx, g, 0, 63);
	for (unsigned int i = 0; i < 2 * RA_PAGES; i++) {
		ck_assert_int_eq(PageFlag(filemap_lookup(fx.m, f, i), PG_readahead), i == 32);
		ck_assert_int_eq(PageFlag(filemap_lookup(fx.m, g, i), PG_readahead), i == 32);
	}
	fx_release(&fx);
}
END_TEST

/*
 * Linux: do_sync_mmap_readahead() counts each miss in ra->mmap_miss and
 * stops reading around once it exceeds MMAP_LOTSAMISS (100): the 101st
 * miss in a row reads its page alone.  Faults 64 pages apart each miss
 * (their windows 16 pages either side never meet, and fault-around finds
 * nothing cached to pay a miss back).
 */
START_TEST(test_mmap_miss_stops_read_around)
{
	struct fx fx;
	struct address_space *f = map_file(&fx, "1G", 101 * 64 + 64, false);
	uint64_t in;

	for (unsigned int k = 0; k < 100; k++)
		touch(&fx, k * 64 + 32, false);
	ck_assert_uint_eq(ev(&fx, PGMAJFAULT), 100);
	ck_assert_uint_eq(f->nrpages, 100 * RA_PAGES);
	in = ev(&fx, PGPGIN);
	touch(&fx, 100 * 64 + 32, false);
	ck_assert_uint_eq(ev(&fx, PGMAJFAULT), 101);
	ck_assert_uint_eq(ev(&fx, PGPGIN) - in, SECTORS);
	ck_assert_uint_eq(f->nrpages, 100 * RA_PAGES + 1);
	fx_release(&fx);
}
END_TEST

/* ---- CoW and shared writes ---- */

/*
 * Linux: do_cow_fault() gets the file's page through __do_fault() ->
 * filemap_fault() (a major fault reading around it) and maps a private
 * anonymous copy; the file's page stays cached, unmapped.
 */
START_TEST(test_cow_fault_reads_the_file_page)
{
	struct fx fx;
	struct address_space *f = map_file(&fx, "1G", 256, false);
	struct page *page;

	touch(&fx, 100, true);
	ck_assert_uint_eq(ev(&fx, PGMAJFAULT), 1);
	ck_assert_uint_eq(ev(&fx, PGPGIN), RA_PAGES * SECTORS);
	assert_cached_run(&fx, f, 84, 115);
	page = page_at(&fx, 1, page_addr(100));
	ck_assert(PageAnon(page));
	ck_assert_ptr_ne(page, filemap_lookup(fx.m, f, 100));
	ck_assert_int_eq(page_mapcount(filemap_lookup(fx.m, f, 100)), 0);
	ck_assert_int_eq(fx_node_stat(&fx, NR_FILE_DIRTY), 0);
	fx_release(&fx);
}
END_TEST

/*
 * Linux: do_shared_fault() -> fault_dirty_shared_page(): a write fault
 * on a shared mapping dirties the page (folio_mark_dirty(): Dirty in
 * meminfo, folded by vm.stat_refresh; the file's dirty count); a read fault maps read-only, and the
 * write after it takes wp_page_shared(), which dirties it too.
 */
START_TEST(test_shared_write_fault_dirties)
{
	struct fx fx;
	struct address_space *f = map_file(&fx, "1G", 64, true);

	touch(&fx, 0, true);
	ck_assert_uint_eq(ev(&fx, PGMAJFAULT), 1);
	ck_assert(PageFlag(filemap_lookup(fx.m, f, 0), PG_dirty));
	ck_assert_uint_eq(f->nrdirty, 1);
	run_ok(&fx, "sysctl vm.stat_refresh=1\n");
	ck_assert_uint_eq(test_meminfo_kb(fx.m, "Dirty:"), 4);
	touch(&fx, 1, false);
	ck_assert(!pte_write(*pte_at(&fx, 1, page_addr(1))));
	ck_assert(!PageFlag(filemap_lookup(fx.m, f, 1), PG_dirty));
	touch(&fx, 1, true);
	ck_assert(pte_write(*pte_at(&fx, 1, page_addr(1))));
	ck_assert_uint_eq(f->nrdirty, 2);
	run_ok(&fx, "sysctl vm.stat_refresh=1\n");
	ck_assert_uint_eq(test_meminfo_kb(fx.m, "Dirty:"), 8);
	fx_release(&fx);
}
END_TEST

/*
 * Linux: folio_clear_dirty_for_io() -> folio_mkclean() write-protects
 * and cleans every PTE of the folio it cleans for writeback, so a write
 * after fsync faults again (wp_page_shared()) and dirties it again.
 */
START_TEST(test_writeback_write_protects_shared_pages)
{
	struct fx fx;
	struct address_space *f = map_file(&fx, "1G", 64, true);
	pte_t *pte;
	uint64_t faults;

	touch(&fx, 5, true);
	run_ok(&fx, "fsync pid=1 file=f\n");
	ck_assert_uint_eq(f->nrdirty, 0);
	pte = pte_at(&fx, 1, page_addr(5));
	ck_assert(pte && !pte_write(*pte) && !pte_dirty(*pte));
	faults = ev(&fx, PGFAULT);
	touch(&fx, 5, true);
	ck_assert_uint_eq(ev(&fx, PGFAULT), faults + 1);
	ck_assert_uint_eq(f->nrdirty, 1);
	ck_assert(PageFlag(filemap_lookup(fx.m, f, 5), PG_dirty));
	fx_release(&fx);
}
END_TEST

/*
 * Linux: fault_dirty_shared_page() calls balance_dirty_pages_ratelimited()
 * (ext4 has ->page_mkwrite): writing 4 MiB through a shared mapping with
 * vm.dirty_bytes at 1 MiB (all of it cached) pauses the writer until
 * writeback brings dirty + writeback pages back to the limit (256 pages,
 * give or take the per-CPU counter drift), the flusher having started at
 * the background threshold.  Left alone, the flusher writes the rest back within
 * dirty_expire_centisecs.
 */
START_TEST(test_shared_writes_are_throttled)
{
	struct fx fx;
	struct address_space *f = map_file(&fx, "1G", 1024, true);
	unsigned long drift = fx_node_stat_drift(&fx);
	uint64_t t0;

	/* Cached first: the writer's only waits are then the throttle's. */
	run_ok(&fx, "read pid=1 file=f off=0 len=4M\nsysctl vm.dirty_background_bytes=524288\n"
		    "sysctl vm.dirty_bytes=1048576\n");
	ck_assert_uint_eq(f->nrpages, 1024);
	t0 = fx.m->clock_ns;
	run_ok(&fx, "touch pid=1 addr=@m len=4M write\n");
	ck_assert_uint_gt(fx.m->wb.throttle_pauses, 0);
	ck_assert_uint_gt(fx.m->wb.throttle_ns, 0);
	ck_assert_int_ge(fx_node_stat(&fx, NR_WRITTEN), (long)(1024 - 256 - drift));
	ck_assert_int_le(fx_node_stat(&fx, NR_FILE_DIRTY) + fx_node_stat(&fx, NR_WRITEBACK),
			 (long)(256 + drift));
	ck_assert_uint_ge(fx.m->clock_ns - t0, (1024 - 256 - drift) *
			  hw_blockdev_transfer_ns(&fx.m->hw.disk, PAGE_SIZE));
	mm_run_daemons(fx.m, fx.m->clock_ns + 60 * NSEC_PER_SEC);
	test_check(fx.m);
	ck_assert_uint_eq(f->nrdirty, 0);
	ck_assert_int_eq(fx_node_stat(&fx, NR_WRITEBACK), 0);
	ck_assert_int_eq(fx_node_stat(&fx, NR_WRITTEN), 1024);
	ck_assert_uint_ge(ev(&fx, PGPGOUT), 1024 * SECTORS);
	fx_release(&fx);
}
END_TEST

/* ---- the file's size ---- */

/*
 * Linux: no fault reads at or past i_size (filemap_fault()'s max_idx,
 * do_page_cache_ra()).  A page past the size of a file that was only
 * mapped is numasim's stand-in for contents no verb described (6.1
 * would raise SIGBUS): allocated, counted major, but read from nowhere.
 */
START_TEST(test_no_read_past_the_file_size)
{
	struct fx fx;
	uint64_t t0;

	fx_boot(&fx, "1G", K_PLAIN);
	run_ok(&fx, "spawn pid=1 cpu=0\nmmap pid=1 addr=0x10000000 len=1M file=e fixed id=m\n");
	t0 = fx.m->clock_ns;
	touch(&fx, 7, false);
	ck_assert_uint_eq(ev(&fx, PGMAJFAULT), 1);
	ck_assert_uint_eq(ev(&fx, PGPGIN), 0);
	ck_assert_uint_eq(fx.m->clock_ns, t0 + EVENT_NS);
	ck_assert_uint_eq(fx_file(&fx, "e")->nrpages, 1);
	fx_release(&fx);
}
END_TEST

/* A misspelt advice is an input error naming the words madvise takes. */
START_TEST(test_bad_advice)
{
	struct fx fx;

	map_file(&fx, "1G", 16, false);
	expect_bad(&fx, "madvise pid=1 addr=@m len=64K advice=sequentiel\n",
		   "t.trace:2: bad value 'sequentiel' for advice (dontneed, hugepage, "
		   "nohugepage, cold, pageout, normal, random or sequential)");
	fx_release(&fx);
}
END_TEST

Suite *filefault_suite(void);	/* called by the runner through suites.h */
Suite *filefault_suite(void)
{
	Suite *s = suite_create("filefault");
	TCase *tc = tcase_create("filefault");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_first_fault_is_major_and_reads_around);
	tcase_add_test(tc, test_read_around_window_edges);
	tcase_add_test(tc, test_cached_fault_is_minor_with_fault_around);
	tcase_add_test(tc, test_async_readahead_from_a_fault);
	tcase_add_test(tc, test_ra_state_shared_with_read);
	tcase_add_test(tc, test_madv_random_reads_one_page);
	tcase_add_test(tc, test_madv_sequential_reads_ahead_like_read);
	tcase_add_test(tc, test_mmap_miss_stops_read_around);
	tcase_add_test(tc, test_cow_fault_reads_the_file_page);
	tcase_add_test(tc, test_shared_write_fault_dirties);
	tcase_add_test(tc, test_writeback_write_protects_shared_pages);
	tcase_add_test(tc, test_shared_writes_are_throttled);
	tcase_add_test(tc, test_no_read_past_the_file_size);
	tcase_add_test(tc, test_bad_advice);
	suite_add_tcase(s, tc);
	return s;
}
