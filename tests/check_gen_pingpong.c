/*
 * tests/check_gen_pingpong.c - `numasim gen migration-pingpong`: the page
 * migration selftest (tools/testing/selftests/vm/migration.c, 6.1) as a
 * trace (workloads/gen_pingpong.c), and its command line.
 *
 * What the selftest does, and so what each trace must hold: a 2 MiB
 * buffer written with memset (a THP-aligned MADV_HUGEPAGE one in
 * private_anon_thp, a MAP_SHARED one in shared_anon, whose accessors are
 * forked processes), then move_pages(MPOL_MF_MOVE_ALL) of the page of its
 * first word to n2, n1, n2, ... while the accessors read it.
 *
 * No kernel counterpart: tests.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/vmstat_counters.h"
#include "sim/engine.h"
#include "tests/helpers.h"
#include "workloads/gen_memory.h"
#include "workloads/gen_pingpong.h"
#include "workloads/trace.h"

static char *gen_text(const struct gen_pingpong_params *p)
{
	char *text;
	size_t len;

	ck_assert_msg(gen_pingpong_check(p) == NULL, "%s", gen_pingpong_check(p));
	ck_assert_int_eq(gen_write_memory(gen_pingpong_writer, p, &text, &len), 0);
	ck_assert_uint_eq(strlen(text), len);
	return text;
}

/* How many lines of text start with prefix. */
static unsigned int count_lines(const char *text, const char *prefix)
{
	unsigned int n = 0;

	for (const char *line = text; line && *line; line = strchr(line, '\n'), line += !!line)
		n += !strncmp(line, prefix, strlen(prefix));
	return n;
}

/* private_anon: one task, its own reads after each move, nodes alternating. */
START_TEST(test_private)
{
	struct gen_pingpong_params p;
	char *text;

	gen_pingpong_default_params(&p);
	p.moves = 4;
	p.accessors = 2;
	text = gen_text(&p);
	ck_assert_ptr_nonnull(strstr(text, "\nspawn pid=1000 cpu=0 name=migration\n"
					   "mmap pid=1000 len=2M id=buf\n"
					   "touch pid=1000 addr=@buf len=2M write\n"
					   "move_pages pid=1000 addr=@buf len=4K node=1 all\n"
					   "touch pid=1000 addr=@buf\ntouch pid=1000 addr=@buf\n"
					   "move_pages pid=1000 addr=@buf len=4K node=0 all\n"));
	ck_assert_uint_eq(count_lines(text, "move_pages "), 4);
	ck_assert_uint_eq(count_lines(text, "touch pid=1000 addr=@buf\n"), 8);
	ck_assert_uint_eq(count_lines(text, "fork "), 0);
	free(text);
}
END_TEST

/* shared_anon: a MAP_SHARED buffer, one forked process per accessor. */
START_TEST(test_shared)
{
	struct gen_pingpong_params p;
	char *text;

	gen_pingpong_default_params(&p);
	p.kind = GEN_PINGPONG_SHARED;
	p.moves = 3;
	p.accessors = 2;
	p.node1 = 1;
	p.node2 = 3;
	text = gen_text(&p);
	ck_assert_ptr_nonnull(strstr(text, "\nmmap pid=1000 len=2M shared id=buf\n"));
	ck_assert_ptr_nonnull(strstr(text, "\nfork pid=1000 child=1001\nfork pid=1000 child=1002\n"
					   "move_pages pid=1000 addr=@buf len=4K node=3 all\n"
					   "touch pid=1001 addr=@buf\ntouch pid=1002 addr=@buf\n"
					   "move_pages pid=1000 addr=@buf len=4K node=1 all\n"));
	ck_assert_ptr_nonnull(strstr(text, "\nexit pid=1001\nexit pid=1002\nsnapshot name=end\n"
					   "exit pid=1000\n"));
	free(text);
}
END_TEST

/* private_anon_thp: a 2 MiB-aligned region with MADV_HUGEPAGE. */
START_TEST(test_thp)
{
	struct gen_pingpong_params p;
	char *text;

	gen_pingpong_default_params(&p);
	p.kind = GEN_PINGPONG_THP;
	p.moves = 1;
	text = gen_text(&p);
	ck_assert_ptr_nonnull(strstr(text, "\nmmap pid=1000 addr=0x200000000 len=2M noreplace "
					   "id=buf\nmadvise pid=1000 addr=@buf len=2M advice=hugepage\n"
					   "touch pid=1000 addr=@buf len=2M write\n"));
	free(text);
}
END_TEST

/* Each bad parameter: gen_pingpong_check() names it; nothing is written. */
START_TEST(test_bad_params)
{
	struct gen_pingpong_params p;
	char *text = NULL;
	size_t len = 0;

	gen_pingpong_default_params(&p);
	p.moves = 0;
	ck_assert_str_eq(gen_pingpong_check(&p), "moves: must be between 1 and 10000000");
	gen_pingpong_default_params(&p);
	p.node2 = 0;
	ck_assert_str_eq(gen_pingpong_check(&p), "nodes: the two nodes must differ");
	gen_pingpong_default_params(&p);
	p.accessors = 256;
	ck_assert_str_eq(gen_pingpong_check(&p), "accessors: must be at most 255");
	gen_pingpong_default_params(&p);
	p.kind = GEN_PINGPONG_SHARED;
	p.accessors = 2;
	p.pid = 2147483646;
	ck_assert_ptr_nonnull(gen_pingpong_check(&p));
	ck_assert_int_eq(gen_write_memory(gen_pingpong_writer, &p, &text, &len), -1);
	ck_assert_int_eq(gen_pingpong_parse_kind("THP", &p.kind), -1);
	ck_assert_int_eq(gen_pingpong_parse_kind("shared", &p.kind), 0);
	ck_assert_int_eq(p.kind, GEN_PINGPONG_SHARED);
	ck_assert_str_eq(gen_pingpong_kind_name(GEN_PINGPONG_THP), "thp");
	ck_assert_str_eq(gen_pingpong_kind_name(GEN_PINGPONG_KINDS), "?");
}
END_TEST

/* The command line: each bad option named, exit 2, no file written. */
START_TEST(test_cli)
{
	static const char *const bad[][2] = {
		{ "--kind huge", "numasim: bad --kind 'huge' (private, shared or thp)" },
		{ "--moves 0", "numasim: bad --moves '0': out of range (1..10000000)" },
		{ "--accessors 300", "numasim: bad --accessors '300': out of range (0..255)" },
		{ "--nodes 1", "numasim: bad --nodes '1': two nodes, A,B" },
		{ "--nodes 0,64", "numasim: bad --nodes '64': out of range (0..63)" },
		{ "--nodes 2,2", "numasim: gen migration-pingpong: nodes: the two nodes must differ" },
		{ "--pid 0", "numasim: bad --pid '0': out of range (1..2147483647)" },
		{ "--mb 3", "numasim: unknown option '--mb'" },
	};
	char dir[128], args[256], out[4096], err[4096], path[200];

	test_scratch_dir(dir, sizeof(dir), "pingpong");
	for (size_t i = 0; i < TEST_ARRAY_SIZE(bad); i++) {
		snprintf(args, sizeof(args), "gen migration-pingpong %s -o %s/t.trace", bad[i][0], dir);
		ck_assert_int_eq(test_run_numasim(args, out, sizeof(out), err, sizeof(err)), 2);
		ck_assert_msg(!strncmp(err, bad[i][1], strlen(bad[i][1])), "%s: %s", bad[i][0], err);
		snprintf(path, sizeof(path), "%s/t.trace", dir);
		ck_assert_ptr_null(fopen(path, "r"));
	}
	snprintf(args, sizeof(args), "gen migration-pingpong --kind thp --moves 2 -o %s/t.trace",
		 dir);
	ck_assert_int_eq(test_run_numasim(args, out, sizeof(out), err, sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/t.trace", dir);
	free(test_read_file(path));
	test_remove_dir(dir);
}
END_TEST

/* ---- the replay: the selftest's verdict ---- */

#define K_PINGPONG	TEST_K_BASE ", \"reserved\": \"0\", \"transparent_hugepage\": \"madvise\""

/*
 * Replay kind with 40 moves and 2 accessors on a 2-node machine, the
 * checkers after every event.  The selftest asserts that every
 * move_pages() call moves its page (ret 0, status the target node):
 * migrate_pages() counts no failure, and pgmigrate_success one page per
 * move, 512 for the THP (thp_migration_success one per move, the PMD
 * migration entry restored each time), and the page ends where the last
 * move sent it.
 */
static void replay_kind(enum gen_pingpong_kind kind, unsigned long pages_per_move)
{
	struct machine *m = test_boot_node_pair("32M", "32M", K_PINGPONG);
	struct engine_opts opts = { .check_every = 1 };
	struct gen_pingpong_params p;
	struct trace_reader *r;
	struct engine e;
	char *text;
	size_t len;

	gen_pingpong_default_params(&p);
	p.kind = kind;
	p.moves = 40;
	p.accessors = 2;
	ck_assert_int_eq(gen_write_memory(gen_pingpong_writer, &p, &text, &len), 0);
	engine_init(&e, m, &opts);
	r = trace_reader_open_memory("pingpong.trace", text, len);
	ck_assert_msg(engine_replay(&e, r) == ENGINE_OK, "%s", e.msg);
	ck_assert_uint_eq(m->vm_events[PGMIGRATE_FAIL], 0);
	ck_assert_uint_eq(m->vm_events[PGMIGRATE_SUCCESS], 40 * pages_per_move);
	ck_assert_uint_eq(m->vm_events[THP_MIGRATION_SUCCESS], pages_per_move > 1 ? 40 : 0);
	ck_assert_uint_eq(m->vm_events[THP_MIGRATION_FAIL], 0);
	ck_assert_uint_eq(m->migrate_time.folios, 40);
	trace_reader_close(r);
	engine_release(&e);
	free(text);
	test_release(m);
}

START_TEST(test_replay_private)
{
	replay_kind(GEN_PINGPONG_PRIVATE, 1);
}
END_TEST

START_TEST(test_replay_shared)
{
	replay_kind(GEN_PINGPONG_SHARED, 1);
}
END_TEST

START_TEST(test_replay_thp)
{
	replay_kind(GEN_PINGPONG_THP, 512);
}
END_TEST

Suite *gen_pingpong_suite(void);

Suite *gen_pingpong_suite(void)
{
	Suite *s = suite_create("gen_pingpong");
	TCase *tc = tcase_create("trace");

	tcase_add_test(tc, test_private);
	tcase_add_test(tc, test_shared);
	tcase_add_test(tc, test_thp);
	tcase_add_test(tc, test_bad_params);
	tcase_add_test(tc, test_cli);
	suite_add_tcase(s, tc);
	tc = tcase_create("replay");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_replay_private);
	tcase_add_test(tc, test_replay_shared);
	tcase_add_test(tc, test_replay_thp);
	suite_add_tcase(s, tc);
	return s;
}
