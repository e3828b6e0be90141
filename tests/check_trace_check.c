/*
 * tests/check_trace_check.c - `numasim trace check` (sim/trace_check.c)
 * and `numasim gen fragmenter` (workloads/gen_fragmenter.c,
 * sim/gen_cli_fragmenter.c).
 *
 * What is checked:
 *   - trace check on small hand-made traces, whose counts are worked out
 *     in the comments from workloads/FORMAT.md's rules (an untimed event
 *     1 us after the one before; alloc holds 2^order pages until its free;
 *     split keeps the pages under new names), in text and JSON, from a
 *     plain file, a gzip file and standard input;
 *   - bad traces (unknown verb, key or flag, a flag with a value, a
 *     missing key, the reader's syntax errors) exit 2 with FILE:LINE:
 *     message and print nothing on stdout;
 *   - gen fragmenter's events for small parameters, written out by hand;
 *     bad parameters exit 2 and leave no file;
 *   - a replay of a fragmenter trace: every freed block stays a free block
 *     of its order, because its buddy is still allocated.
 *
 * No kernel counterpart: tests.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/vmstat_counters.h"
#include "sim/engine.h"
#include "tests/helpers.h"
#include "workloads/gen_fragmenter.h"
#include "workloads/gen_memory.h"
#include "workloads/trace.h"

#define OUT_BYTES	(64u << 10)
#define ERR_BYTES	4096u

/* ---- trace check ---- */

/*
 * The hand-made trace, and what its statistics must be:
 *   events: 11 records (line 1 is the header, 2 a comment)
 *   time: line 3 at 1 ms; line 4 untimed, 1 us later (1.001 ms); ...;
 *     line 12 @3ms; line 13 untimed: 3.001 ms.  first 1000000 ns, last
 *     3001000 ns, span 2001000 ns.
 *   live pages: a (order 2) 4, b (order 0) 5 = the peak; split a keeps 5
 *     (a.0..a.3); free a.0: 4; free pfn= order= is a pre-trace block, not
 *     counted: 4; free b: 3 at the end.
 *   processes: spawn 1 and 3, fork 1 -> 2 (3 alive, the peak), exit 2 (2
 *     alive): 2 spawned, 1 forked, 1 exited, 3 at most.
 *   snapshots: 1.
 */
static const char small_trace[] =
	"numasim-trace v1\n"
	"# two allocations, a split, processes\n"
	"@1ms alloc id=a order=2 gfp=GFP_KERNEL\n"
	"alloc id=b order=0 gfp=GFP_KERNEL node=0\n"
	"split id=a\n"
	"free id=a.0\n"
	"free pfn=0x1000 order=3\n"
	"spawn pid=1\n"
	"fork pid=1 child=2\n"
	"spawn pid=3 cpu=0\n"
	"exit pid=2\n"
	"@3ms free id=b\n"
	"snapshot name=s\n";

static const char *write_in(const char *dir, const char *name, const char *text)
{
	const char *path = test_path_in(dir, name);

	test_write_file(path, text, strlen(text));
	return path;
}

static json_int_t jint(json_t *root, const char *obj, const char *key)
{
	json_t *o = obj ? json_object_get(root, obj) : root;
	json_t *v = o ? json_object_get(o, key) : NULL;

	ck_assert_msg(json_is_integer(v), "no integer %s.%s", obj ? obj : "", key);
	return json_integer_value(v);
}

/*
 * trace check --json of args ("@" standing for dir), parsed; with stdin_file,
 * the file in dir piped to its standard input.
 */
static json_t *check_json_in(const char *dir, const char *args, const char *stdin_file)
{
	static char out[OUT_BYTES], err[ERR_BYTES];
	char cmd[1024], expanded[1024];
	json_error_t jerr;
	json_t *root;

	/* a group, so that test_run()'s </dev/null does not replace the pipe */
	snprintf(cmd, sizeof(cmd), "{ %s%s%s%s trace check --json %s; }",
		 stdin_file ? "cat @/" : "", stdin_file ? stdin_file : "",
		 stdin_file ? " | " : "", test_numasim_path(), args);
	test_expand_at(expanded, sizeof(expanded), cmd, dir);
	ck_assert_int_eq(test_run(expanded, out, sizeof(out), err, sizeof(err)), 0);
	ck_assert_str_eq(err, "");
	root = json_loads(out, 0, &jerr);
	ck_assert_msg(root, "bad JSON: %s\n%s", jerr.text, out);
	return root;
}

static json_t *check_json(const char *dir, const char *args)
{
	return check_json_in(dir, args, NULL);
}

static void assert_small_counts(json_t *root)
{
	json_t *verbs = json_object_get(root, "events_by_verb");

	ck_assert(json_is_true(json_object_get(root, "valid")));
	ck_assert_int_eq(jint(root, NULL, "events"), 11);
	ck_assert_int_eq(jint(verbs, NULL, "alloc"), 2);
	ck_assert_int_eq(jint(verbs, NULL, "free"), 3);
	ck_assert_int_eq(jint(verbs, NULL, "split"), 1);
	ck_assert_int_eq(jint(verbs, NULL, "spawn"), 2);
	ck_assert_int_eq(jint(verbs, NULL, "fork"), 1);
	ck_assert_int_eq(jint(verbs, NULL, "exit"), 1);
	ck_assert_int_eq(jint(verbs, NULL, "snapshot"), 1);
	ck_assert_ptr_null(json_object_get(verbs, "touch"));	/* verbs not used: absent */
	ck_assert_int_eq(jint(root, "time", "first_ns"), 1000000);
	ck_assert_int_eq(jint(root, "time", "last_ns"), 3001000);
	ck_assert_int_eq(jint(root, "time", "span_ns"), 2001000);
	ck_assert_int_eq(jint(root, "memory", "peak_live_pages"), 5);
	ck_assert_int_eq(jint(root, "memory", "live_pages_at_end"), 3);
	ck_assert_int_eq(jint(root, "processes", "spawned"), 2);
	ck_assert_int_eq(jint(root, "processes", "forked"), 1);
	ck_assert_int_eq(jint(root, "processes", "exited"), 1);
	ck_assert_int_eq(jint(root, "processes", "peak_alive"), 3);
	ck_assert_int_eq(jint(root, NULL, "snapshots"), 1);
}

START_TEST(test_check_counts_json)
{
	char dir[128];
	json_t *root;

	test_scratch_dir(dir, sizeof(dir), "tcheck");
	write_in(dir, "t.trace", small_trace);
	root = check_json(dir, "@/t.trace");
	assert_small_counts(root);
	json_decref(root);
	/* the same from a gzip file and from standard input */
	test_sh_at(dir, "gzip -c @/t.trace > @/t.trace.gz");
	root = check_json(dir, "@/t.trace.gz");
	assert_small_counts(root);
	json_decref(root);
	root = check_json_in(dir, "-", "t.trace");
	assert_small_counts(root);
	ck_assert_str_eq(json_string_value(json_object_get(root, "file")), "-");
	json_decref(root);
	test_remove_dir(dir);
}
END_TEST

START_TEST(test_check_counts_text)
{
	static char out[OUT_BYTES];
	char dir[128], err[ERR_BYTES];

	test_scratch_dir(dir, sizeof(dir), "tcheck");
	write_in(dir, "t.trace", small_trace);
	ck_assert_int_eq(test_numasim_at(dir, out, sizeof(out), err, sizeof(err),
					 "trace check @/t.trace"), 0);
	ck_assert_msg(strstr(out, "11 events\n"), "%s", out);
	ck_assert_msg(strstr(out, "  free                 3\n"), "%s", out);
	ck_assert_msg(strstr(out, "time span              0.002001000 s\n"), "%s", out);
	ck_assert_msg(strstr(out, "peak live pages        5\n"), "%s", out);
	ck_assert_msg(strstr(out, "live pages at end      3\n"), "%s", out);
	ck_assert_msg(strstr(out, "2 spawned, 1 forked, 1 exited, 3 alive at most\n"), "%s", out);
	test_remove_dir(dir);
}
END_TEST

/*
 * Untimed events only: the first at 1 us, each next 1 us later (FORMAT.md
 * section 3), so 3 events span 2 us from 1 us to 3 us.  An empty trace
 * (header only) has no events and a span of 0.
 */
START_TEST(test_check_untimed)
{
	char dir[128];
	json_t *root;

	test_scratch_dir(dir, sizeof(dir), "tcheck");
	write_in(dir, "u.trace", "numasim-trace v1\ndrain\ndrain\ndrain\n");
	root = check_json(dir, "@/u.trace");
	ck_assert_int_eq(jint(root, "time", "first_ns"), 1000);
	ck_assert_int_eq(jint(root, "time", "last_ns"), 3000);
	ck_assert_int_eq(jint(root, "time", "span_ns"), 2000);
	ck_assert_int_eq(jint(json_object_get(root, "events_by_verb"), NULL, "drain"), 3);
	json_decref(root);
	write_in(dir, "e.trace", "numasim-trace v1\n");
	root = check_json(dir, "@/e.trace");
	ck_assert_int_eq(jint(root, NULL, "events"), 0);
	ck_assert_int_eq(jint(root, "time", "span_ns"), 0);
	ck_assert_int_eq(jint(root, "memory", "peak_live_pages"), 0);
	json_decref(root);
	test_remove_dir(dir);
}
END_TEST

/* A bad trace: exit 2, exactly "FILE:LINE: message" on stderr, nothing on stdout. */
static void assert_bad(const char *dir, const char *body, const char *msg)
{
	char out[256], err[ERR_BYTES], want[512];
	const char *path = write_in(dir, "bad.trace", body);

	ck_assert_int_eq(test_numasim_at(dir, out, sizeof(out), err, sizeof(err),
					 "trace check @/bad.trace"), 2);
	snprintf(want, sizeof(want), "%s:%s\n", path, msg);
	ck_assert_str_eq(err, want);
	ck_assert_str_eq(out, "");
}

START_TEST(test_check_bad)
{
	char dir[128];

	test_scratch_dir(dir, sizeof(dir), "tcheck");
	/* the engine's verb rows: sim/verbs.c's registry */
	assert_bad(dir, "numasim-trace v1\ndrain\nallocate id=a order=0\n",
		   "3: unknown verb 'allocate'");
	assert_bad(dir, "numasim-trace v1\nalloc id=a order=0 gfp=GFP_KERNEL size=4\n",
		   "2: unknown key 'size' for alloc");
	assert_bad(dir, "numasim-trace v1\nspawn pid=1\ntouch pid=1 addr=0 wrte\n",
		   "3: unknown flag 'wrte' for touch");
	assert_bad(dir, "numasim-trace v1\nspawn pid=1\ntouch pid=1 addr=0 write=1\n",
		   "3: flag 'write' takes no value (got 'write=1')");
	assert_bad(dir, "numasim-trace v1\nalloc id=a order=0 gfp=GFP_KERNEL w\n",
		   "2: unexpected word 'w' for alloc (expected key=value)");
	assert_bad(dir, "numasim-trace v1\n\nalloc id=a gfp=GFP_KERNEL\n",
		   "3: missing key 'order' for alloc");
	/* the reader's syntax (workloads/trace.c) */
	assert_bad(dir, "drain\n",
		   "1: missing header: the first line must be 'numasim-trace v1'");
	assert_bad(dir, "numasim-trace v1\nalloc id=a id=b order=0 gfp=GFP_KERNEL\n",
		   "2: duplicate argument 'id'");
	assert_bad(dir, "numasim-trace v1\n@2ms drain\n@1ms drain\n",
		   "3: time @1ms goes backwards (the previous event was at @0.002000000)");
	test_remove_dir(dir);
}
END_TEST

START_TEST(test_check_cli)
{
	char out[OUT_BYTES], err[ERR_BYTES];

	/* trace has two kinds now, each with its own help */
	ck_assert_int_eq(test_run_numasim("trace", out, sizeof(out), err, sizeof(err)), 2);
	ck_assert_msg(strstr(err, "missing the kind (known: stats, check)"), "%s", err);
	ck_assert_int_eq(test_run_numasim("trace check --help", out, sizeof(out), err,
					  sizeof(err)), 0);
	ck_assert_msg(!strncmp(out, "usage: numasim trace check", 26), "%s", out);
	ck_assert_int_eq(test_run_numasim("trace stats --help", out, sizeof(out), err,
					  sizeof(err)), 0);
	ck_assert_msg(!strncmp(out, "usage: numasim trace stats", 26), "%s", out);
	ck_assert_int_eq(test_run_numasim("trace check", out, sizeof(out), err, sizeof(err)), 2);
	ck_assert_msg(strstr(err, "missing the trace FILE"), "%s", err);
	ck_assert_int_eq(test_run_numasim("trace check --jsn x", out, sizeof(out), err,
					  sizeof(err)), 2);
	ck_assert_int_eq(test_run_numasim("trace check /nonexistent/t.trace", out, sizeof(out),
					  err, sizeof(err)), 2);
}
END_TEST

/* ---- gen fragmenter ---- */

static char *frag_text(const struct gen_fragmenter_params *p)
{
	char *text;
	size_t len;

	ck_assert_msg(gen_fragmenter_check(p) == NULL, "%s", gen_fragmenter_check(p));
	ck_assert_int_eq(gen_write_memory(gen_fragmenter_writer, p, &text, &len), 0);
	ck_assert_uint_eq(strlen(text), len);
	return text;
}

/* text without its comment lines */
static char *strip_comments(const char *text)
{
	char *out = calloc(1, strlen(text) + 1), *o = out;

	ck_assert_ptr_nonnull(out);
	for (const char *l = text; *l; ) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) + 1 : strlen(l);

		if (l[0] != '#') {
			memcpy(o, l, n);
			o += n;
		}
		l += n;
	}
	return out;
}

/*
 * 40 free pages, half of them, in order-2 blocks of 4 pages: 20 / 4 = 5
 * blocks, f0..f4; every other one freed: f0, f2, f4.
 */
START_TEST(test_frag_events)
{
	struct gen_fragmenter_params p = {
		.order = 2, .gfp = "GFP_KERNEL", .fraction_ppm = 500000, .free_pages = 40,
		.has_node = true, .node = 1,
	};
	char *text = frag_text(&p), *events = strip_comments(text);

	ck_assert_str_eq(events,
		"numasim-trace v1\n"
		"alloc id=f0 order=2 gfp=GFP_KERNEL node=1\n"
		"alloc id=f1 order=2 gfp=GFP_KERNEL node=1\n"
		"alloc id=f2 order=2 gfp=GFP_KERNEL node=1\n"
		"alloc id=f3 order=2 gfp=GFP_KERNEL node=1\n"
		"alloc id=f4 order=2 gfp=GFP_KERNEL node=1\n"
		"free id=f0\n"
		"free id=f2\n"
		"free id=f4\n"
		"snapshot name=fragmented\n");
	free(text);
	free(events);
	/* 0.25 of 33 pages is 8.25: 8 order-0 blocks, no node=; frees f0 f2 f4 f6 */
	p = (struct gen_fragmenter_params){ .order = 0, .gfp = "GFP_HIGHUSER_MOVABLE",
					    .fraction_ppm = 250000, .free_pages = 33 };
	ck_assert_uint_eq(gen_fragmenter_nr_blocks(&p), 8);
	text = frag_text(&p);
	events = strip_comments(text);
	ck_assert_msg(strstr(events, "alloc id=f7 order=0 gfp=GFP_HIGHUSER_MOVABLE\n"
			     "free id=f0\nfree id=f2\nfree id=f4\nfree id=f6\nsnapshot"), "%s",
		      events);
	ck_assert_ptr_null(strstr(events, "f8"));
	free(text);
	free(events);
}
END_TEST

START_TEST(test_frag_bad_params)
{
	struct gen_fragmenter_params p = {
		.order = 11, .gfp = "GFP_KERNEL", .fraction_ppm = 500000, .free_pages = 40,
	};
	char *text;
	size_t len;

	ck_assert_str_eq(gen_fragmenter_check(&p), "order out of range (0..10)");
	ck_assert_int_eq(gen_write_memory(gen_fragmenter_writer, &p, &text, &len), -1);
	p.order = 0;
	p.fraction_ppm = 0;
	ck_assert_str_eq(gen_fragmenter_check(&p), "fraction out of range (above 0, at most 1)");
	p.fraction_ppm = GEN_FRAGMENTER_PPM + 1;
	ck_assert_str_eq(gen_fragmenter_check(&p), "fraction out of range (above 0, at most 1)");
	p.fraction_ppm = 1;	/* 40 millionths of a page */
	ck_assert_str_eq(gen_fragmenter_check(&p),
			 "fraction of free memory holds no block of that order");
	p.fraction_ppm = GEN_FRAGMENTER_PPM;
	p.gfp = "GFP_KERNEL node=1";
	ck_assert_str_eq(gen_fragmenter_check(&p), "gfp must be one token of gfp flag names");
}
END_TEST

/* The command line: bad values exit 2 with the option named, and no file. */
static void assert_cli_bad(const char *dir, const char *args, const char *msg)
{
	char out[256], err[ERR_BYTES];
	struct stat st;

	ck_assert_int_eq(test_numasim_at(dir, out, sizeof(out), err, sizeof(err),
					 "gen fragmenter %s -o @/f.trace", args), 2);
	ck_assert_msg(!strncmp(err, "numasim: ", 9) && strstr(err, msg), "%s: %s", args, err);
	ck_assert_int_ne(stat(test_path_in(dir, "f.trace"), &st), 0);
}

START_TEST(test_frag_cli_bad)
{
	char dir[128];

	test_scratch_dir(dir, sizeof(dir), "frag");
	assert_cli_bad(dir, "--order 11", "bad --order '11': out of range (0..10)");
	assert_cli_bad(dir, "--fraction 0", "bad --fraction '0'");
	assert_cli_bad(dir, "--fraction 1.5", "bad --fraction '1.5'");
	assert_cli_bad(dir, "--fraction 0.1234567", "bad --fraction '0.1234567'");
	assert_cli_bad(dir, "--fraction half", "bad --fraction 'half'");
	assert_cli_bad(dir, "--gfp GFP_BOGUS", "bad --gfp 'GFP_BOGUS'");
	assert_cli_bad(dir, "--node 2", "bad --node 2: the machine has nodes 0-1");
	assert_cli_bad(dir, "--fraction 0.000001 --order 10",
		       "fraction of free memory holds no block of that order");
	assert_cli_bad(dir, "extra", "unexpected argument 'extra'");
	test_remove_dir(dir);
}
END_TEST

/*
 * The command line sizes the trace from the machine it boots, and trace
 * check reads it back: B blocks of 2^order pages live at the peak, the
 * odd-numbered floor(B/2) at the end.
 */
START_TEST(test_frag_cli_checked)
{
	char dir[128];
	json_t *root;
	json_int_t allocs;

	test_scratch_dir(dir, sizeof(dir), "frag");
	test_sh_at(dir, "%s gen fragmenter --order 4 --fraction 0.01 --gfp "
		   "'GFP_HIGHUSER_MOVABLE' -o @/f.trace", test_numasim_path());
	root = check_json(dir, "@/f.trace");
	allocs = jint(json_object_get(root, "events_by_verb"), NULL, "alloc");
	ck_assert_int_gt(allocs, 1);
	ck_assert_int_eq(jint(json_object_get(root, "events_by_verb"), NULL, "free"),
			 (allocs + 1) / 2);
	ck_assert_int_eq(jint(root, "memory", "peak_live_pages"), allocs * 16);
	ck_assert_int_eq(jint(root, "memory", "live_pages_at_end"), allocs / 2 * 16);
	ck_assert_int_eq(jint(root, NULL, "snapshots"), 1);
	json_decref(root);
	test_remove_dir(dir);
}
END_TEST

/* ---- the replay ---- */

#define FRAG_ORDER	4	/* above PAGE_ALLOC_COSTLY_ORDER: no per-CPU list in between */

struct free_counts {
	unsigned long nr_free[MAX_ORDER];	/* node 0's zones together */
	int seen;
};

static int count_free_blocks(void *ctx, const char *name, const struct machine *m, char *err,
			     size_t errlen)
{
	struct free_counts *c = ctx;
	struct free_counts *at = &c[c[0].seen ? 1 : 0];

	(void)name;
	(void)err;
	(void)errlen;
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (int o = 0; o < MAX_ORDER; o++)
			at->nr_free[o] += NODE_DATA(m, 0)->node_zones[z].free_area[o].nr_free;
	c[0].seen++;
	return 0;
}

/*
 * The allocations of a fresh machine split large free blocks (expand(),
 * mm/page_alloc.c): the first order-4 request splits a large block and
 * leaves its order-4 buddy free, which the next request takes, so f(2k)
 * and f(2k+1) are buddies.  Freeing the even ones: __free_one_page()
 * merges a freed block only with a free buddy, and each one's buddy is
 * allocated, so each free adds exactly one free block of order 4 and
 * changes no other order.  A snapshot after the allocations and the
 * final one give the free lists before and after the frees.
 */
START_TEST(test_frag_replay)
{
	struct machine *m = test_boot_node("64M", 1, TEST_K_PLAIN);
	struct gen_fragmenter_params p = {
		.order = FRAG_ORDER, .gfp = "GFP_HIGHUSER_MOVABLE", .fraction_ppm = 250000,
	};
	struct free_counts c[2];
	struct engine_opts opts = { .snapshot = count_free_blocks, .snapshot_ctx = c };
	struct trace_reader *r;
	struct engine e;
	char *text, *first_free, *full;
	uint64_t nr;

	memset(c, 0, sizeof(c));
	p.free_pages = global_zone_page_state(m, NR_FREE_PAGES);
	nr = gen_fragmenter_nr_blocks(&p);
	ck_assert_uint_ge(nr, 100);
	text = frag_text(&p);
	first_free = strstr(text, "free id=f0\n");
	ck_assert_ptr_nonnull(first_free);
	ck_assert_int_ge(asprintf(&full, "%.*ssnapshot name=allocated\n%s",
				  (int)(first_free - text), text, first_free), 0);
	r = trace_reader_open_memory("frag.trace", full, strlen(full));
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(engine_init(&e, m, &opts), ENGINE_OK);
	ck_assert_msg(engine_replay(&e, r) == ENGINE_OK, "%s", e.msg);
	ck_assert_int_eq(c[0].seen, 2);
	for (int o = 0; o < MAX_ORDER; o++)
		ck_assert_msg(c[1].nr_free[o] == c[0].nr_free[o] + (o == FRAG_ORDER ? (nr + 1) / 2 : 0),
			      "order %d: %lu free blocks after the frees, %lu before", o,
			      c[1].nr_free[o], c[0].nr_free[o]);
	engine_release(&e);
	trace_reader_close(r);
	free(full);
	free(text);
	test_release(m);
}
END_TEST

Suite *trace_check_suite(void);

Suite *trace_check_suite(void)
{
	Suite *s = suite_create("trace_check");
	TCase *tc = tcase_create("check");

	tcase_add_test(tc, test_check_counts_json);
	tcase_add_test(tc, test_check_counts_text);
	tcase_add_test(tc, test_check_untimed);
	tcase_add_test(tc, test_check_bad);
	tcase_add_test(tc, test_check_cli);
	suite_add_tcase(s, tc);
	tc = tcase_create("fragmenter");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_frag_events);
	tcase_add_test(tc, test_frag_bad_params);
	tcase_add_test(tc, test_frag_cli_bad);
	tcase_add_test(tc, test_frag_cli_checked);
	tcase_add_test(tc, test_frag_replay);
	suite_add_tcase(s, tc);
	return s;
}
