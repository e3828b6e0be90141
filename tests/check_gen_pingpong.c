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

#include "tests/helpers.h"
#include "workloads/gen_memory.h"
#include "workloads/gen_pingpong.h"

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
	return s;
}
