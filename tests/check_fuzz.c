/*
 * tests/check_fuzz.c - the inputs the fuzz targets found wrong, kept as
 * regression tests.
 *
 * tests/data/fuzz/TARGET/ holds each finding's minimised input, for the
 * targets trace, replay, run and config (docs/fuzzing.md).  Every file runs
 * through the same function its fuzz target runs (fuzz_trace_input() and
 * the others, tests/fuzz/fuzz_inputs.h), so the test sees what the fuzzer
 * saw: the same machine, bounds and
 * checks.  Each file has a row below with what the input must give now
 * that the cause is fixed: the verdict, and a part of the message that
 * names the rule (the kernel's errno, the reader's message) the input
 * meets.  A file without a row, or a row without a file, fails the test,
 * so no finding is kept without its expectation.  make fuzz also seeds
 * its corpus with these files.
 *
 * No kernel counterpart: test scaffolding.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/fuzz/fuzz_inputs.h"
#include "tests/helpers.h"

#define FUZZ_DATA	"tests/data/fuzz/"

typedef enum fuzz_verdict (*input_fn)(const char *name, const uint8_t *data, size_t size,
				      char *msg, size_t msglen);

static const struct {
	const char *dir;
	input_fn run;
} targets[] = {
	{ "trace", fuzz_trace_input },
	{ "replay", fuzz_replay_input },
	{ "run", fuzz_run_input },
	{ "config", fuzz_config_input },
};

/* One kept input: where it is, and what it must give. */
struct fuzz_case {
	const char *target;	/* the directory under tests/data/fuzz/ */
	const char *file;
	enum fuzz_verdict want;
	const char *msg_part;	/* must appear in the verdict's message ("": no message) */
};

static const struct fuzz_case cases[] = {
	{ NULL, NULL, FUZZ_ACCEPTED, NULL },
};

static input_fn target_fn(const char *target)
{
	for (size_t i = 0; i < TEST_ARRAY_SIZE(targets); i++)
		if (!strcmp(targets[i].dir, target))
			return targets[i].run;
	ck_abort_msg("unknown fuzz target '%s'", target);
	return NULL;
}

static const struct fuzz_case *find_case(const char *target, const char *file)
{
	for (const struct fuzz_case *c = cases; c->target; c++)
		if (!strcmp(c->target, target) && !strcmp(c->file, file))
			return c;
	return NULL;
}

static const char *verdict_name(enum fuzz_verdict v)
{
	static const char *const names[] = { "accepted", "refused", "skipped", "broken" };

	return (unsigned int)v < TEST_ARRAY_SIZE(names) ? names[v] : "?";
}

/* Each row: its input gives the verdict and message it names. */
START_TEST(test_kept_inputs)
{
	for (const struct fuzz_case *c = cases; c->target; c++) {
		char path[256], msg[1536] = "";
		struct stat st;
		enum fuzz_verdict v;
		char *data;

		snprintf(path, sizeof(path), FUZZ_DATA "%s/%s", c->target, c->file);
		ck_assert_msg(stat(path, &st) == 0, "%s: missing", path);
		data = test_read_file(path);
		v = target_fn(c->target)(c->file, (const uint8_t *)data, (size_t)st.st_size, msg,
					 sizeof(msg));
		free(data);
		ck_assert_msg(v == c->want, "%s: %s (%s), want %s", path, verdict_name(v), msg,
			      verdict_name(c->want));
		ck_assert_msg(strstr(msg, c->msg_part), "%s: message '%s' lacks '%s'", path, msg,
			      c->msg_part);
	}
}
END_TEST

/* Every file under tests/data/fuzz/TARGET/ has its row. */
START_TEST(test_every_input_has_a_row)
{
	for (size_t i = 0; i < TEST_ARRAY_SIZE(targets); i++) {
		char dir[128];
		struct dirent *de;
		DIR *d;

		snprintf(dir, sizeof(dir), FUZZ_DATA "%s", targets[i].dir);
		d = opendir(dir);
		if (!d)
			continue;
		while ((de = readdir(d)))
			if (de->d_name[0] != '.')
				ck_assert_msg(find_case(targets[i].dir, de->d_name),
					      "%s/%s has no row in tests/check_fuzz.c", dir,
					      de->d_name);
		closedir(d);
	}
}
END_TEST

/*
 * The runners' oracles on inputs whose answer the project documents: a
 * valid trace and config are accepted by every runner (a runner that
 * called them broken would make every finding noise), and a trace that
 * fails on its last line (docs/cli.md: bad input, exit 2) is refused by
 * the replay and the run, the run leaving no output behind.
 */
START_TEST(test_runners_on_known_inputs)
{
	static const struct {
		const char *target;
		const char *path;
		enum fuzz_verdict want;
	} known[] = {
		{ "trace", "tests/data/cli/good.trace", FUZZ_ACCEPTED },
		{ "replay", "tests/data/cli/good.trace", FUZZ_ACCEPTED },
		{ "run", "tests/data/cli/good.trace", FUZZ_ACCEPTED },
		{ "config", "tests/data/cli/small.json", FUZZ_ACCEPTED },
		{ "replay", "tests/data/cli/late-error.trace", FUZZ_REFUSED },
		{ "run", "tests/data/cli/late-error.trace", FUZZ_REFUSED },
		{ "config", "tests/data/cli/good.trace", FUZZ_REFUSED },
	};

	for (size_t i = 0; i < TEST_ARRAY_SIZE(known); i++) {
		char msg[1536] = "";
		struct stat st;
		char *data;
		enum fuzz_verdict v;

		ck_assert_msg(stat(known[i].path, &st) == 0, "%s: missing", known[i].path);
		data = test_read_file(known[i].path);
		v = target_fn(known[i].target)(known[i].path, (const uint8_t *)data,
					       (size_t)st.st_size, msg, sizeof(msg));
		free(data);
		ck_assert_msg(v == known[i].want, "%s on %s: %s (%s), want %s", known[i].target,
			      known[i].path, verdict_name(v), msg, verdict_name(known[i].want));
	}
}
END_TEST

Suite *fuzz_suite(void);

Suite *fuzz_suite(void)
{
	Suite *s = suite_create("fuzz");
	TCase *tc = tcase_create("kept");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_kept_inputs);
	tcase_add_test(tc, test_every_input_has_a_row);
	tcase_add_test(tc, test_runners_on_known_inputs);
	suite_add_tcase(s, tc);
	return s;
}
