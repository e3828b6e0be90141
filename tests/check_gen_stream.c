/*
 * tests/check_gen_stream.c - `numasim gen stream`: a page cache stream
 * (workloads/gen_stream.c), and its command line.
 *
 * The trace's rules: one task, calls of CHUNK bytes at offsets 0, CHUNK,
 * ... covering the file once per pass, fsync after the writes, the read
 * pass after it in mode both; with a rate, each call stamped at its byte
 * offset in the stream over the rate.  The replay checks what 6.1's
 * reclaim makes of a stream three times larger than memory.
 *
 * No kernel counterpart: tests.
 */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/mm.h"
#include "mm/vmstat_counters.h"
#include "sim/engine.h"
#include "tests/helpers.h"
#include "workloads/gen_memory.h"
#include "workloads/gen_stream.h"

#define MIB		(1ull << 20)

static char *gen_text(const struct gen_stream_params *p)
{
	ck_assert_msg(gen_stream_check(p) == NULL, "%s", gen_stream_check(p));
	return test_gen_text(gen_stream_writer, p);
}

/* The bytes the calls of verb ask for, added up from their len= (plain or M). */
static uint64_t call_bytes(const char *text, const char *verb)
{
	uint64_t total = 0;
	size_t vlen = strlen(verb);

	for (const char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		const char *at = l[0] == '@' ? strchr(l, ' ') + 1 : l;
		const char *len;
		char *end;
		uint64_t v;

		if (strncmp(at, verb, vlen) || at[vlen] != ' ')
			continue;
		len = strstr(at, " len=") + 5;
		v = strtoull(len, &end, 10);
		total += *end == 'M' ? v * MIB : *end == 'K' ? v << 10 : v;
	}
	return total;
}

/* 10 MiB in 3 MiB calls, mode both: 4 writes (the last of 1 MiB), fsync, 4 reads. */
START_TEST(test_trace_shape)
{
	struct gen_stream_params p;
	char *text;

	gen_stream_default_params(&p);
	p.size_bytes = 10 * MIB;
	p.chunk_bytes = 3 * MIB;
	p.mode = GEN_STREAM_BOTH;
	ck_assert_uint_eq(gen_stream_nr_calls(&p), 4);
	text = gen_text(&p);
	ck_assert_ptr_nonnull(strstr(text, "\nspawn pid=1000 cpu=0 name=stream\n"
				     "write pid=1000 file=stream off=0 len=3M\n"));
	ck_assert_ptr_nonnull(strstr(text, "\nwrite pid=1000 file=stream off=9437184 len=1M\n"
				     "fsync pid=1000 file=stream\n"
				     "read pid=1000 file=stream off=0 len=3M\n"));
	ck_assert_ptr_nonnull(strstr(text, "\nread pid=1000 file=stream off=9437184 len=1M\n"
				     "exit pid=1000\n"));
	ck_assert_uint_eq(test_count_lines(text, "write "), 4);
	ck_assert_uint_eq(test_count_lines(text, "read "), 4);
	ck_assert_uint_eq(call_bytes(text, "write"), 10 * MIB);
	ck_assert_uint_eq(call_bytes(text, "read"), 10 * MIB);
	ck_assert_uint_eq(test_count_lines(text, "truncate "), 0);
	free(text);
}
END_TEST

/* Mode read: the file made its size first, then only reads; mode write: no read. */
START_TEST(test_modes)
{
	struct gen_stream_params p;
	char *text;

	gen_stream_default_params(&p);
	p.size_bytes = 4 * MIB;
	p.mode = GEN_STREAM_READ;
	p.file = "data/in";
	p.pid = 7;
	p.cpu = 1;
	text = gen_text(&p);
	ck_assert_ptr_nonnull(strstr(text, "\nspawn pid=7 cpu=1 name=stream\n"
				     "truncate pid=7 file=data/in len=4194304\n"
				     "read pid=7 file=data/in off=0 len=1M\n"));
	ck_assert_uint_eq(test_count_lines(text, "read "), 4);
	ck_assert_uint_eq(test_count_lines(text, "write ") + test_count_lines(text, "fsync "), 0);
	free(text);
	p.mode = GEN_STREAM_WRITE;
	text = gen_text(&p);
	ck_assert_uint_eq(test_count_lines(text, "write "), 4);
	ck_assert_uint_eq(test_count_lines(text, "fsync "), 1);
	ck_assert_uint_eq(test_count_lines(text, "read ") + test_count_lines(text, "truncate "),
			  0);
	free(text);
}
END_TEST

/*
 * At 100 MiB/s a 1 MiB call takes 10 ms: call k at k x 10 ms, the fsync
 * at the end of the write pass (40 ms for 4 MiB), the reads after it.
 */
START_TEST(test_rate)
{
	struct gen_stream_params p;
	char *text;

	gen_stream_default_params(&p);
	p.size_bytes = 4 * MIB;
	p.mode = GEN_STREAM_BOTH;
	p.rate_mib_s = 100;
	text = gen_text(&p);
	ck_assert_ptr_nonnull(strstr(text, "\n@0.000000000 write pid=1000 file=stream off=0 "));
	ck_assert_ptr_nonnull(strstr(text, "\n@0.030000000 write pid=1000 file=stream "
				     "off=3145728 len=1M\n@0.040000000 fsync pid=1000 "
				     "file=stream\n@0.040000000 read pid=1000 file=stream off=0 "));
	ck_assert_ptr_nonnull(strstr(text, "\n@0.070000000 read pid=1000 file=stream "
				     "off=3145728 len=1M\n@0.080000000 exit pid=1000\n"));
	free(text);
}
END_TEST

START_TEST(test_size_and_checks)
{
	struct gen_stream_params p;

	gen_stream_default_params(&p);
	p.ram_bytes = 64 * MIB;
	gen_stream_size_from_ram(&p);
	ck_assert_uint_eq(p.size_bytes, 192 * MIB);
	p.size_bytes = 5 * MIB;
	gen_stream_size_from_ram(&p);
	ck_assert_uint_eq(p.size_bytes, 5 * MIB);	/* a size given stays */
	p.chunk_bytes = 0;
	ck_assert_ptr_nonnull(strstr(gen_stream_check(&p), "chunk must be"));
	p.chunk_bytes = MIB;
	p.file = ".hidden";
	ck_assert_ptr_nonnull(strstr(gen_stream_check(&p), "file must be"));
	p.file = "a b";
	ck_assert_ptr_nonnull(strstr(gen_stream_check(&p), "file must be"));
	p.file = "ok/name-1.x";
	p.size_bytes = GEN_STREAM_MAX_BYTES + 1;
	ck_assert_ptr_nonnull(strstr(gen_stream_check(&p), "size must be"));
}
END_TEST

/* MemTotal of configs/default.json once booted, in bytes. */
static uint64_t default_memtotal(void)
{
	struct mm_boot_params bp;
	struct machine *m;
	uint64_t bytes;

	test_load_config_file("configs/default.json", &bp);
	m = test_boot_params(&bp);
	bytes = (uint64_t)totalram_pages(m) * PAGE_SIZE;
	test_release(m);
	return bytes;
}

/* The command line: each bad option named, exit 2, no file written. */
START_TEST(test_cli)
{
	static const char *const bad[][2] = {
		{ "--size 0", "numasim: bad --size '0': out of range (1..17592186044416)" },
		{ "--size 32T", "numasim: bad --size '32T': out of range" },
		{ "--size 1Q", "numasim: bad --size '1Q': not a size" },
		{ "--chunk 2G", "numasim: bad --chunk '2G': out of range (1..1073741824)" },
		{ "--mode append", "numasim: bad --mode 'append' (read, write or both)" },
		{ "--file .x", "numasim: bad --file '.x': 1 to 64 of" },
		{ "--file a#b", "numasim: bad --file 'a#b': 1 to 64 of" },
		{ "--rate 0", "numasim: bad --rate '0': out of range (1..1048576)" },
		{ "--pid 0", "numasim: bad --pid '0': out of range (1..2147483647)" },
		{ "--cpu 4", "numasim: gen stream: bad --cpu 4: the machine has CPUs 0-3" },
		{ "--cpu x", "numasim: bad --cpu 'x'" },
		{ "--seed 1", "numasim: unknown option '--seed'" },
		{ "extra", "numasim: gen stream: unexpected argument 'extra'" },
	};
	char dir[128], args[512], out[4096], err[4096], path[200];
	char *text, *again;

	test_scratch_dir(dir, sizeof(dir), "stream");
	snprintf(path, sizeof(path), "%s/t.trace", dir);
	test_expect_usage_errors("gen stream", bad, TEST_ARRAY_SIZE(bad), path);
	/* The default size: 3 x MemTotal of the machine of -c, in 1 MiB calls. */
	snprintf(args, sizeof(args), "gen stream -c configs/default.json -o %s", path);
	ck_assert_int_eq(test_run_numasim(args, out, sizeof(out), err, sizeof(err)), 0);
	text = test_read_file(path);
	ck_assert_uint_eq(test_count_lines(text, "write "), 3 * default_memtotal() / MIB);
	free(text);
	snprintf(args, sizeof(args), "gen stream --size 3m --chunk 512K --mode both --rate 50 "
		 "--file f --pid 9 --cpu 3 -o %s", path);
	ck_assert_int_eq(test_run_numasim(args, out, sizeof(out), err, sizeof(err)), 0);
	text = test_read_file(path);
	ck_assert_uint_eq(test_count_lines(text, "@"), 14);	/* 6 + fsync + 6 + exit */
	ck_assert_ptr_nonnull(strstr(text, "\nspawn pid=9 cpu=3 name=stream\n"));
	ck_assert_int_eq(test_run_numasim(args, out, sizeof(out), err, sizeof(err)), 0);
	again = test_read_file(path);
	ck_assert_str_eq(again, text);
	free(again);
	free(text);
	test_remove_dir(dir);
}
END_TEST

/* ---- the replay ---- */

/*
 * A 64 MiB machine streams 192 MiB through a file, written then read
 * back.  The page cache cannot hold it: allocations fall below the low
 * watermark and wake kswapd (wakeup_kswapd() from the slow path), whose
 * shrink_folio_list() frees clean file folios (pgsteal_kswapd); dirty
 * ones are written by the flusher (balance_dirty_pages() throttles the
 * writer) and freed once clean.  No order-0 allocation fails and the OOM
 * killer never runs: clean page cache is always there to reclaim.
 */
START_TEST(test_replay_3x)
{
	struct machine *m = test_boot_node("64M", 1, TEST_K_PLAIN);
	struct engine_opts opts = { .check_every = 256 };
	struct gen_stream_params p;
	char *text;

	gen_stream_default_params(&p);
	p.ram_bytes = (uint64_t)totalram_pages(m) * PAGE_SIZE;
	p.mode = GEN_STREAM_BOTH;
	gen_stream_size_from_ram(&p);
	ck_assert_uint_gt(p.size_bytes, 3 * 60 * MIB);
	text = gen_text(&p);
	test_replay_text(m, "stream.trace", text, &opts);
	ck_assert_uint_gt(m->vm_events[PGSTEAL_KSWAPD], 0);
	/*
	 * The passes allocate at least 2 x size less what the read found
	 * cached (at most RAM), and at most RAM stays cached at the end.
	 */
	ck_assert_uint_ge(m->vm_events[PGSTEAL_KSWAPD] + m->vm_events[PGSTEAL_DIRECT],
			  2 * p.size_bytes / PAGE_SIZE - 2 * totalram_pages(m));
	ck_assert_uint_eq(m->stats.alloc_fail[0], 0);
	ck_assert_uint_eq(m->vm_events[OOM_KILL], 0);
	ck_assert_uint_eq(m->proc_stats.fault_oom, 0);
	free(text);
	test_release(m);
}
END_TEST

Suite *gen_stream_suite(void);

Suite *gen_stream_suite(void)
{
	Suite *s = suite_create("gen_stream");
	TCase *tc = tcase_create("trace");

	tcase_add_test(tc, test_trace_shape);
	tcase_add_test(tc, test_modes);
	tcase_add_test(tc, test_rate);
	tcase_add_test(tc, test_size_and_checks);
	tcase_add_test(tc, test_cli);
	suite_add_tcase(s, tc);
	tc = tcase_create("replay");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_replay_3x);
	suite_add_tcase(s, tc);
	return s;
}
