/*
 * tests/check_gen_thpchallenge.c - `numasim gen thpchallenge`: mmtests'
 * thpchallenge recipe, simplified (workloads/gen_thpchallenge.c), and its
 * command line.
 *
 * The trace's rules: a MADV_HUGEPAGE region, 2 MiB aligned, written whole;
 * the last fraction of each of its 2 MiB ranges given back with
 * MADV_DONTNEED; the shrinkers run (vm.drop_caches=2); then a second
 * MADV_HUGEPAGE region written one 2 MiB range at a time.  The replay
 * checks what 6.1's THP rules make of it.
 *
 * No kernel counterpart: tests.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/mm.h"
#include "mm/vmstat_counters.h"
#include "sim/engine.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"
#include "workloads/gen_memory.h"
#include "workloads/gen_thpchallenge.h"
#include "workloads/trace.h"

#define MIB		(1ull << 20)
#define RANGE_PAGES	512u		/* pages of a 2 MiB range */

static char *gen_text(const struct gen_thpchallenge_params *p)
{
	ck_assert_msg(gen_thpchallenge_check(p) == NULL, "%s", gen_thpchallenge_check(p));
	return test_gen_text(gen_thpchallenge_writer, p);
}

static void expect_line(const char *text, const char *line)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "\n%s\n", line);
	ck_assert_msg(strstr(text, buf) != NULL, "no line '%s'", line);
}

/*
 * 8 MiB punched in halves: the upper, naturally aligned 1 MiB of each of
 * the 4 ranges; then 4 MiB faulted a range at a time, 2 MiB past the end
 * of the first region.
 */
START_TEST(test_trace_shape)
{
	struct gen_thpchallenge_params p;
	char line[128], *text;

	gen_thpchallenge_default_params(&p);
	p.size_bytes = 8 * MIB;
	p.fault_bytes = 4 * MIB;
	text = gen_text(&p);
	expect_line(text, "spawn pid=1000 cpu=0 name=thpchallenge\n"
		    "mmap pid=1000 addr=0x200000000 len=8M noreplace id=frag\n"
		    "madvise pid=1000 addr=@frag len=8M advice=hugepage\n"
		    "touch pid=1000 addr=@frag len=8M write");
	ck_assert_uint_eq(test_count_lines(text, "madvise pid=1000 addr=@frag+"), 4);
	for (unsigned int i = 0; i < 4; i++) {
		snprintf(line, sizeof(line), "madvise pid=1000 addr=@frag+0x%llx len=1M "
			 "advice=dontneed", i * 2 * MIB + MIB);
		expect_line(text, line);
	}
	expect_line(text, "sysctl vm.drop_caches=2\nsnapshot name=fragmented\n"
		    "mmap pid=1000 addr=0x200a00000 len=4M noreplace id=fault\n"
		    "madvise pid=1000 addr=@fault len=4M advice=hugepage\n"
		    "touch pid=1000 addr=@fault+0x0 len=2M write\n"
		    "touch pid=1000 addr=@fault+0x200000 len=2M write\n"
		    "snapshot name=faulted\nexit pid=1000");
	free(text);
}
END_TEST

/* The fraction of a range, in whole pages at its end: the piece's end stays aligned. */
START_TEST(test_fragment_fractions)
{
	static const struct { uint32_t ppm; uint64_t pages; const char *len, *off; } cases[] = {
		{ 500000, 256, "1M", "0x100000" }, { 250000, 128, "512K", "0x180000" },
		{ 1954, 1, "4K", "0x1ff000" }, { 999999, 511, "2044K", "0x1000" },
	};
	struct gen_thpchallenge_params p;
	char line[128], *text;

	for (size_t i = 0; i < TEST_ARRAY_SIZE(cases); i++) {
		gen_thpchallenge_default_params(&p);
		p.size_bytes = p.fault_bytes = 2 * MIB;
		p.fragment_ppm = cases[i].ppm;
		ck_assert_uint_eq(gen_thpchallenge_punch_pages(&p), cases[i].pages);
		text = gen_text(&p);
		snprintf(line, sizeof(line), "madvise pid=1000 addr=@frag+%s len=%s advice=dontneed",
			 cases[i].off, cases[i].len);
		expect_line(text, line);
		free(text);
	}
}
END_TEST

/* Sizes from free memory: 90% and 25%, in whole 2 MiB ranges. */
START_TEST(test_sizes_from_free)
{
	struct gen_thpchallenge_params p;

	gen_thpchallenge_default_params(&p);
	p.free_pages = 100000;		/* 90000 and 25000 pages: 175 and 48 ranges */
	gen_thpchallenge_size_from_free(&p);
	ck_assert_uint_eq(p.size_bytes, 175 * 2 * MIB);
	ck_assert_uint_eq(p.fault_bytes, 48 * 2 * MIB);
	p.fault_bytes = 0;
	p.size_bytes = 4 * MIB;
	gen_thpchallenge_size_from_free(&p);
	ck_assert_uint_eq(p.size_bytes, 4 * MIB);	/* a size given stays */
}
END_TEST

START_TEST(test_bad_params)
{
	struct gen_thpchallenge_params p;
	char *text = NULL;
	size_t len = 0;

	gen_thpchallenge_default_params(&p);
	p.size_bytes = 3 * MIB;
	p.fault_bytes = 2 * MIB;
	ck_assert_str_eq(gen_thpchallenge_check(&p),
			 "size must be a multiple of 2M, at least 2M and at most 32T");
	ck_assert_int_eq(gen_write_memory(gen_thpchallenge_writer, &p, &text, &len), -1);
	p.size_bytes = 2 * MIB;
	p.fault_bytes = 0;
	ck_assert_str_eq(gen_thpchallenge_check(&p),
			 "fault size must be a multiple of 2M, at least 2M and at most 32T");
	p.fault_bytes = 2 * MIB;
	p.fragment_ppm = 1000000;
	ck_assert_ptr_nonnull(strstr(gen_thpchallenge_check(&p), "leave at least one page"));
	p.fragment_ppm = 1953;
	ck_assert_ptr_nonnull(strstr(gen_thpchallenge_check(&p), "punch at least one"));
	p.fragment_ppm = 500000;
	p.free_pages = 511;
	ck_assert_ptr_nonnull(strstr(gen_thpchallenge_check(&p), "exceeds the machine's free"));
}
END_TEST

/* The command line: each bad option named, exit 2, no file written. */
START_TEST(test_cli)
{
	static const char *const bad[][2] = {
		{ "--size 3M", "numasim: bad --size '3M': not a multiple of 2M" },
		{ "--size 1M", "numasim: bad --size '1M': out of range (2097152..35184372088832)" },
		{ "--size 2Q", "numasim: bad --size '2Q': not a size" },
		{ "--fault-size 64T", "numasim: bad --fault-size '64T': out of range" },
		{ "--fragment 1", "numasim: bad --fragment '1': gives back every page" },
		{ "--fragment 0.001", "numasim: bad --fragment '0.001': gives back not one page" },
		{ "--fragment 2", "numasim: bad --fragment '2': a decimal above 0 and at most 1" },
		{ "--size 1T", "numasim: gen thpchallenge: size exceeds the machine's free memory" },
		{ "--seed 1", "numasim: unknown option '--seed'" },
	};
	char dir[128], args[256], out[4096], err[4096], path[200];
	char *text, *again;

	test_scratch_dir(dir, sizeof(dir), "thpchallenge");
	snprintf(path, sizeof(path), "%s/t.trace", dir);
	test_expect_usage_errors("gen thpchallenge", bad, TEST_ARRAY_SIZE(bad), path);
	snprintf(args, sizeof(args), "gen thpchallenge --size 4m --fault-size 2M -o %s", path);
	ck_assert_int_eq(test_run_numasim(args, out, sizeof(out), err, sizeof(err)), 0);
	text = test_read_file(path);
	ck_assert_uint_eq(test_count_lines(text, "touch pid=1000 addr=@fault+"), 1);
	ck_assert_uint_eq(test_count_lines(text, "madvise pid=1000 addr=@frag+"), 2);
	/* The same options write the same bytes. */
	ck_assert_int_eq(test_run_numasim(args, out, sizeof(out), err, sizeof(err)), 0);
	again = test_read_file(path);
	ck_assert_str_eq(again, text);
	free(again);
	free(text);
	test_remove_dir(dir);
}
END_TEST

/* ---- the replay ---- */

#define K_THP	TEST_K_BASE ", \"reserved\": \"0\", \"transparent_hugepage\": \"madvise\""

struct thp_probe {
	long anon_fragmented, thps_fragmented, anon_faulted;
	unsigned long alloc_fragmented, fallback_fragmented;
	unsigned int seen;
};

static int probe_snapshot(void *ctx, const char *name, const struct machine *m, char *msg,
			  size_t msglen)
{
	struct thp_probe *tp = ctx;

	if (!strcmp(name, "fragmented")) {
		tp->anon_fragmented = node_stat(m, 0, NR_ANON_MAPPED);
		tp->thps_fragmented = node_stat(m, 0, NR_ANON_THPS);
		tp->alloc_fragmented = m->vm_events[THP_FAULT_ALLOC];
		tp->fallback_fragmented = m->vm_events[THP_FAULT_FALLBACK];
	} else {
		tp->anon_faulted = node_stat(m, 0, NR_ANON_MAPPED);
	}
	tp->seen++;
	return 0;
}

/*
 * 64 MiB fragmented, 16 MiB faulted, on one 128 MiB node in THP mode
 * madvise, the checkers every 16 events.  By 6.1's rules:
 *   - the first region's 32 ranges are THP faults
 *     (do_huge_pmd_anonymous_page(): MADV_HUGEPAGE, memory free in whole
 *     pageblocks after boot);
 *   - MADV_DONTNEED of half a range splits its PMD and zaps the half
 *     (zap_pmd_range() -> __split_huge_pmd()), the THP goes on the
 *     deferred split queue; drop_caches=2 runs deferred_split_scan(),
 *     which splits every one and frees the unmapped pages: at
 *     "fragmented" no THP is left (32 thp_split_page) and 32 x 256 pages
 *     stay mapped;
 *   - each range of the second region is one THP fault attempt: a THP
 *     or a fallback (thp_fault_alloc or thp_fault_fallback), 4096 more
 *     pages mapped either way.
 */
START_TEST(test_replay_small)
{
	struct machine *m = test_boot_node("128M", 1, K_THP);
	struct thp_probe tp = { 0 };
	struct engine_opts opts = { .check_every = 16, .snapshot = probe_snapshot,
				    .snapshot_ctx = &tp };
	struct gen_thpchallenge_params p;
	char *text;

	gen_thpchallenge_default_params(&p);
	p.size_bytes = 64 * MIB;
	p.fault_bytes = 16 * MIB;
	p.free_pages = global_zone_page_state(m, NR_FREE_PAGES);
	text = gen_text(&p);
	test_replay_text(m, "thpchallenge.trace", text, &opts);
	ck_assert_uint_eq(tp.seen, 2);
	ck_assert_uint_eq(tp.alloc_fragmented, 32);
	ck_assert_uint_eq(tp.fallback_fragmented, 0);
	ck_assert_uint_eq(m->vm_events[THP_SPLIT_PAGE], 32);
	ck_assert_int_eq(tp.thps_fragmented, 0);
	ck_assert_int_eq(tp.anon_fragmented, 32 * (RANGE_PAGES / 2));
	ck_assert_uint_eq(m->vm_events[THP_FAULT_ALLOC] + m->vm_events[THP_FAULT_FALLBACK] -
			  tp.alloc_fragmented, 8);
	ck_assert_int_eq(tp.anon_faulted, tp.anon_fragmented + 8 * RANGE_PAGES);
	free(text);
	test_release(m);
}
END_TEST

Suite *gen_thpchallenge_suite(void);

Suite *gen_thpchallenge_suite(void)
{
	Suite *s = suite_create("gen_thpchallenge");
	TCase *tc = tcase_create("trace");

	tcase_add_test(tc, test_trace_shape);
	tcase_add_test(tc, test_fragment_fractions);
	tcase_add_test(tc, test_sizes_from_free);
	tcase_add_test(tc, test_bad_params);
	tcase_add_test(tc, test_cli);
	suite_add_tcase(s, tc);
	tc = tcase_create("replay");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_replay_small);
	suite_add_tcase(s, tc);
	return s;
}
