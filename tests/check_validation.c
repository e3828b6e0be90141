/*
 * tests/check_validation.c - tests/validation/validate.sh, the script
 * behind `make validate` (docs/validation.md), on the reference kernel's
 * boot snapshot copied into tests/data/oracle/boot.
 *
 * The recordings themselves live outside the project, so `make check`
 * cannot run the workload phases; the boot phase needs only the copied
 * snapshot.  What is checked: the boot table's layout and its arithmetic
 * (relative error, the bold marks) on rows whose numasim side follows
 * from the kernel's rules, byte-identical output from two runs, the
 * page check and rewrite (-d, -u) on a small page, and the bad-usage
 * exits.  The values themselves are check_oracle.c's business.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/helpers.h"

#define SCRIPT		"tests/validation/validate.sh"
#define BOOT_SNAPSHOT	"tests/data/oracle/boot"
#define OUT_BYTES	(64u << 10)
#define ERR_BYTES	4096u

static char work[64];
static char out[OUT_BYTES];
static char out2[OUT_BYTES];
static char err[ERR_BYTES];

/* A recordings tree in the scratch directory holding only the boot snapshot. */
static void setup(void)
{
	char *cmd;

	test_scratch_dir(work, sizeof(work), "validate");
	ck_assert_int_ge(asprintf(&cmd, "mkdir -p %s/oracle/basic-2node/guest/snap && "
				  "cp -r " BOOT_SNAPSHOT " %s/oracle/basic-2node/guest/snap/boot",
				  work, work), 0);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

static void teardown(void)
{
	test_remove_dir(work);
}

/*
 * Run the script with -n and -w, then ARGS ("@" in it standing for the
 * scratch directory); exit status, stdout in buf, stderr in err.
 */
static int validate(const char *at_args, char *buf)
{
	char args[512];
	char *cmd;
	int status;

	test_expand_at(args, sizeof(args), at_args, work);
	ck_assert_int_ge(asprintf(&cmd, "sh " SCRIPT " -n %s -w %s/work %s", test_numasim_path(),
				  work, args), 0);
	status = test_run(cmd, buf, OUT_BYTES, err, sizeof(err));
	free(cmd);
	return status;
}

static void expect_prefix(const char *text, const char *prefix)
{
	ck_assert_msg(!strncmp(text, prefix, strlen(prefix)), "expected \"%s...\", got:\n%s",
		      prefix, text);
}

static void expect_suffix(const char *text, const char *suffix)
{
	size_t n = strlen(text), k = strlen(suffix);

	ck_assert_msg(n >= k && !strcmp(text + n - k, suffix), "expected \"...%s\", got:\n%s",
		      suffix, text);
}

static void expect_line(const char *text, const char *line)
{
	char *want;

	ck_assert_int_ge(asprintf(&want, "\n%s\n", line), 0);
	ck_assert_msg(strstr(text, want) != NULL, "no line \"%s\" in:\n%s", line, text);
	free(want);
}

/*
 * The boot table.  Expect exit 0, the table between its markers with the
 * four columns, and these rows:
 *   - managed pages of node 0's DMA zone: numasim's boot gives the
 *     kernel's 3840 (the config reserves what the kernel reserved), so
 *     the error reads 0;
 *   - free pages of that zone: numasim's boot frees every managed page
 *     (memblock_free_all()), the kernel had 3712 free: (3840 - 3712) /
 *     3712 = 3.45%, printed +3.4%, not bold (under 10%);
 *   - node 0 DMA32's per-CPU pages: 3404 in the kernel; numasim's boot
 *     frees straight into the buddy lists (__free_pages_core() bypasses
 *     the per-CPU lists), so 0: one side zero, bold "numasim 0".
 * A second run gives the same bytes.
 */
START_TEST(test_boot_table)
{
	ck_assert_int_eq(validate("@/oracle boot", out), 0);
	expect_prefix(out, "\n<!-- validate: boot -->\n"
		      "| counter | kernel | numasim | relative error |\n|---|--:|--:|--:|\n");
	expect_line(out, "| Node 0 DMA: managed | 3840 | 3840 | 0 |");
	expect_line(out, "| Node 0 DMA: free | 3712 | 3840 | +3.4% |");
	expect_line(out, "| Node 0 DMA32: pcp | 3404 | 0 | **numasim 0** |");
	expect_suffix(out, "\n<!-- /validate -->\n");
	ck_assert_int_eq(validate("@/oracle boot", out2), 0);
	ck_assert_str_eq(out, out2);
}
END_TEST

/*
 * -d PAGE and -u.  A page whose boot block is stale: -d says its tables
 * differ and leaves it alone; -d -u rewrites the block with the table
 * just made and keeps the text around it; then -d finds it up to date.
 */
START_TEST(test_page_check_and_rewrite)
{
	static const char stale[] = "# page\n\nbefore\n<!-- validate: boot -->\nold table\n"
				    "<!-- /validate -->\nafter\n";
	char path[128], *page;

	snprintf(path, sizeof(path), "%s/page.md", work);
	test_write_file(path, stale, sizeof(stale) - 1);
	ck_assert_int_eq(validate("-d @/page.md @/oracle boot", out), 0);
	ck_assert_ptr_nonnull(strstr(out, "its tables differ from this build's"));
	page = test_read_file(path);
	ck_assert_str_eq(page, stale);
	free(page);

	ck_assert_int_eq(validate("-d @/page.md -u @/oracle boot", out), 0);
	ck_assert_ptr_nonnull(strstr(out, "tables rewritten"));
	page = test_read_file(path);
	ck_assert_ptr_null(strstr(page, "old table"));
	ck_assert_ptr_nonnull(strstr(page, "| Node 0 DMA: managed | 3840 | 3840 | 0 |"));
	expect_prefix(page, "# page\n\nbefore\n<!-- validate: boot -->\n| counter |");
	expect_suffix(page, "|\n<!-- /validate -->\nafter\n");
	free(page);

	ck_assert_int_eq(validate("-d @/page.md @/oracle boot", out), 0);
	ck_assert_ptr_nonnull(strstr(out, "its tables are this build's"));
}
END_TEST

static const struct bad_usage {
	const char *args;	/* @: the scratch directory */
	const char *msg;	/* stderr holds this */
} bad_usages[] = {
	{ "@/oracle bogus", "validate.sh: unknown phase 'bogus'" },
	{ "@/none boot", "/none: no such directory" },
	{ "-u @/oracle boot", "validate.sh: -u needs -d DOC" },
	{ "@/oracle anon_frag", "workload-2node/summary.txt: no such file" },
	{ "", "usage: validate.sh" },
};

/*
 * Bad usage: an unknown phase, recordings that are not there, -u without
 * a page, a workload phase without its recordings, no recordings named.
 * Expect exit 2 and the message on stderr.
 */
START_TEST(test_bad_usage)
{
	const struct bad_usage *b = &bad_usages[_i];

	ck_assert_int_eq(validate(b->args, out), 2);
	ck_assert_msg(strstr(err, b->msg) != NULL, "%s: expected \"%s\", got \"%s\"", b->args,
		      b->msg, err);
}
END_TEST

Suite *validation_suite(void);

Suite *validation_suite(void)
{
	Suite *s = suite_create("validation");
	TCase *tc = tcase_create("boot");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_boot_table);
	tcase_add_test(tc, test_page_check_and_rewrite);
	tcase_add_loop_test(tc, test_bad_usage, 0, (int)TEST_ARRAY_SIZE(bad_usages));
	suite_add_tcase(s, tc);
	return s;
}
