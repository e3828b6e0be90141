/*
 * tests/check_lab.c - `numasim lab`: every lab's exercise over several
 * seeds, its commands replayed in `numasim shell`, the answer checker,
 * the usage errors, every ```numasim block of docs/labs/ run in the
 * shell, and lab 1's answers against the buddy allocator's rules.
 *
 * No kernel counterpart: tests.  The rules lab 1 is checked against are
 * __rmqueue_smallest() (the first non-empty list of the requested
 * migratetype from the requested order up) and __free_one_page() (merge
 * while the buddy is a free block of the same order), mm/page_alloc.c.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mm/internal.h"
#include "mm/page_inspect.h"
#include "mm/raw_alloc.h"
#include "sim/alloc_ids.h"
#include "sim/lab_internal.h"
#include "sim/verbs_page.h"
#include "tests/helpers.h"

#define LAB_SEEDS	8

static char out[1 << 17], err[8192];

static void generate(const struct lab *lab, uint64_t seed, struct lab_sheet *s)
{
	char msg[1024] = "";

	memset(s, 0, sizeof(*s));
	ck_assert_msg(lab->generate(s, seed, msg, sizeof(msg)) == 0 && !s->failed,
		      "lab %s seed %llu: %s", lab->name, (unsigned long long)seed, msg);
}

/* Every lab's sheet: questions with one-line answers and reasoning; seeds differ. */
START_TEST(test_every_lab_generates)
{
	for (size_t i = 0; i < lab_list_len; i++) {
		const struct lab *lab = lab_list[i];
		char first[1024] = "";
		bool differs = false;

		ck_assert_msg(lab->generate, "lab %s has no exercise", lab->name);
		ck_assert_msg(access(lab->doc, R_OK) == 0, "lab %s: no page %s", lab->name, lab->doc);
		for (uint64_t seed = 0; seed < LAB_SEEDS; seed++) {
			struct lab_sheet s;
			char all[1024] = "";

			generate(lab, seed, &s);
			ck_assert_msg(s.nr >= 3, "lab %s: %u questions", lab->name, s.nr);
			for (unsigned int q = 0; q < s.nr; q++) {
				ck_assert_msg(s.q[q].answer && s.q[q].answer[0] &&
					      !strchr(s.q[q].answer, '\n'),
					      "lab %s Q%u: answer '%s'", lab->name, q + 1,
					      s.q[q].answer ? s.q[q].answer : "(none)");
				ck_assert_msg(s.q[q].why && s.q[q].why[0], "lab %s Q%u: no reasoning",
					      lab->name, q + 1);
				strncat(all, s.q[q].answer, sizeof(all) - strlen(all) - 1);
			}
			if (seed == 0)
				snprintf(first, sizeof(first), "%s", all);
			differs |= strcmp(first, all) != 0;
			lab_sheet_release(&s);
		}
		ck_assert_msg(differs, "lab %s: the same answers for every seed", lab->name);
	}
}
END_TEST

/* A config file for the lab's machine in dir, or "" for the shell's own. */
static const char *lab_config_option(const struct lab *lab, const char *dir, char *buf, size_t len)
{
	if (!lab->config_json)
		return "";
	test_write_file(test_path_in(dir, "lab.json"), lab->config_json, strlen(lab->config_json));
	snprintf(buf, len, "-c %s", test_path_in(dir, "lab.json"));
	return buf;
}

/* `numasim lab NAME --commands | numasim shell` runs without a message. */
START_TEST(test_commands_replay_in_shell)
{
	char dir[128], cmd[1024], config[256];

	test_scratch_dir(dir, sizeof(dir), "lab-replay");
	for (size_t i = 0; i < lab_list_len; i++) {
		const struct lab *lab = lab_list[i];

		snprintf(cmd, sizeof(cmd), "%s lab %s --seed 3 --commands | %s shell --no-color %s",
			 test_numasim_path(), lab->name, test_numasim_path(),
			 lab_config_option(lab, dir, config, sizeof(config)));
		ck_assert_msg(test_run(cmd, out, sizeof(out), err, sizeof(err)) == 0 && !err[0],
			      "lab %s: %s", lab->name, err);
	}
	test_remove_dir(dir);
}
END_TEST

/* The answers of lab 1, seed 5, as an answer file; wrong: which one to get wrong. */
static void write_answers(const char *path, int wrong, int missing)
{
	struct lab_sheet s;
	char text[4096] = "# my answers\n\n";

	generate(lab_list[0], 5, &s);
	for (unsigned int q = 0; q < s.nr; q++) {
		size_t used = strlen(text);

		if ((int)q + 1 == missing)
			continue;
		snprintf(text + used, sizeof(text) - used, "Q%u: %s\n", q + 1,
			 (int)q + 1 == wrong ? "99" : s.q[q].answer);
	}
	lab_sheet_release(&s);
	test_write_file(path, text, strlen(text));
}

START_TEST(test_check_answers)
{
	char dir[128];
	const char *file;

	test_scratch_dir(dir, sizeof(dir), "lab-check");
	file = test_path_in(dir, "answers.txt");
	write_answers(file, 0, 0);
	ck_assert_int_eq(test_numasim_at(dir, out, sizeof(out), err, sizeof(err),
					 "lab buddy --seed 5 --check @/answers.txt"), 0);
	ck_assert_msg(strstr(out, "Q1: right\n") && !strstr(out, "wrong"), "%s", out);
	write_answers(file, 2, 0);
	ck_assert_int_eq(test_numasim_at(dir, out, sizeof(out), err, sizeof(err),
					 "lab buddy --seed 5 --check @/answers.txt"), 1);
	ck_assert_msg(strstr(out, "Q2: wrong\n") && strstr(out, "Q1: right\n"), "%s", out);
	write_answers(file, 0, 3);
	ck_assert_int_eq(test_numasim_at(dir, out, sizeof(out), err, sizeof(err),
					 "lab buddy --seed 5 --check @/answers.txt"), 1);
	ck_assert_msg(strstr(out, "Q3: no answer\n"), "%s", out);
	test_remove_dir(dir);
}
END_TEST

/* Bad answer files: FILE:LINE: message, exit 2, nothing on stdout. */
START_TEST(test_bad_answer_files)
{
	static const char *const bad[][2] = {
		{ "Q1: 4\nfour\n", "answers.txt:2: not an answer: want 'QN: ANSWER'" },
		{ "Q99: 4\n", "answers.txt:1: no question Q99" },
		{ "Q1: 4\n\nQ1: 5\n", "answers.txt:3: a second answer to Q1" },
		{ "Q0: 4\n", "answers.txt:1: not an answer" },
	};
	char dir[128];

	test_scratch_dir(dir, sizeof(dir), "lab-bad");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		test_write_file(test_path_in(dir, "answers.txt"), bad[i][0], strlen(bad[i][0]));
		ck_assert_int_eq(test_numasim_at(dir, out, sizeof(out), err, sizeof(err),
						 "lab buddy --check @/answers.txt"), 2);
		ck_assert_msg(strstr(err, bad[i][1]) && !out[0], "%s: %s", bad[i][1], err);
	}
	ck_assert_int_eq(test_numasim_at(dir, out, sizeof(out), err, sizeof(err),
					 "lab buddy --check @/none.txt"), 2);
	ck_assert_msg(strstr(err, "none.txt: No such file"), "%s", err);
	test_remove_dir(dir);
}
END_TEST

START_TEST(test_usage_errors)
{
	static const char *const bad[][2] = {
		{ "lab nosuch", "numasim lab: no lab 'nosuch'" },
		{ "lab --answers", "numasim: lab: --answers, --commands, --config and --check need a lab" },
		{ "lab buddy --answers --commands", "numasim: lab: --answers, --commands, --config and --check go alone" },
		{ "lab buddy --seed x", "numasim: bad --seed 'x'" },
		{ "lab buddy cma", "numasim: lab: too many arguments ('cma')" },
		{ "lab buddy --seeds 1", "numasim: unknown option '--seeds'" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(test_run_numasim(bad[i][0], out, sizeof(out), err, sizeof(err)), 2);
		ck_assert_msg(strstr(err, bad[i][1]), "%s: %s", bad[i][0], err);
	}
	ck_assert_int_eq(test_run_numasim("lab", out, sizeof(out), err, sizeof(err)), 0);
	for (size_t i = 0; i < lab_list_len; i++)
		ck_assert_msg(strstr(out, lab_list[i]->name), "%s", out);
}
END_TEST

/* ---- every ```numasim block of the lab pages runs in the shell ---- */

/* Run the blocks of page (a lab's) in the shell; the number run. */
static unsigned int run_page_blocks(const struct lab *lab, const char *dir)
{
	char *page = test_read_file(lab->doc), *p = page, *end, cmd[1024], config[256];
	unsigned int nr = 0;

	ck_assert_msg(page, "%s", lab->doc);
	while ((p = strstr(p, "```numasim\n"))) {
		p += strlen("```numasim\n");
		end = strstr(p, "```");
		ck_assert_msg(end, "%s: an open block", lab->doc);
		test_write_file(test_path_in(dir, "block.txt"), p, (size_t)(end - p));
		snprintf(cmd, sizeof(cmd), "{ %s shell --no-color %s < %s; }", test_numasim_path(),
			 lab_config_option(lab, dir, config, sizeof(config)),
			 test_path_in(dir, "block.txt"));
		ck_assert_msg(test_run(cmd, out, sizeof(out), err, sizeof(err)) == 0 && !err[0],
			      "%s, block %u: %s", lab->doc, nr + 1, err);
		nr++;
		p = end + 3;
	}
	free(page);
	return nr;
}

START_TEST(test_page_blocks_run)
{
	char dir[128];

	test_scratch_dir(dir, sizeof(dir), "lab-pages");
	for (size_t i = 0; i < lab_list_len; i++)
		ck_assert_msg(run_page_blocks(lab_list[i], dir) > 0, "%s: no numasim block",
			      lab_list[i]->doc);
	test_remove_dir(dir);
}
END_TEST

/* ---- lab 1 against the buddy rules ---- */

static pfn_t id_pfn(struct lab_session *ls, const char *id)
{
	struct alloc_key key;
	raw_handle_t handle;

	alloc_key_init(&key, id);
	ck_assert_msg(alloc_ids_get(&page_state(&ls->e)->ids, &key, &handle), "%s", id);
	return page_to_pfn(&ls->m, raw_alloc_page(&ls->m, handle));
}

/* __rmqueue_smallest(): the first order from order up with a free Movable block. */
static int smallest_movable(const struct zone *z, unsigned int order)
{
	for (unsigned int o = order; o < MAX_ORDER; o++)
		if (z->free_area[o].free_list[MIGRATE_MOVABLE].first != PAGE_LIST_NIL)
			return (int)o;
	return -1;
}

/* The order of the free block that holds pfn, -1 if it is not free. */
static int free_block_order(struct lab_session *ls, pfn_t pfn)
{
	struct page_info info;

	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		page_inspect(&ls->m, pfn_to_page(&ls->m, pfn & ~(((pfn_t)1 << o) - 1)), &info);
		if (info.buddy && info.buddy_order == o)
			return (int)o;
	}
	return -1;
}

/* Replay one command of the sheet, checking its question q against the rules. */
static void check_buddy_command(struct lab_session *ls, const char *line, const char *answer)
{
	struct zone *z = lab_zone(ls, 0, ZONE_NORMAL);
	unsigned int k, order;
	char id[16];
	pfn_t pfn = 0;
	int want = -1;

	if (sscanf(line, "alloc id=b%u order=%u", &k, &order) == 2)
		want = smallest_movable(z, order);
	else if (sscanf(line, "free id=b%u", &k) == 1)
		pfn = id_pfn(ls, (snprintf(id, sizeof(id), "b%u", k), id));
	ck_assert_int_eq(lab_run(ls, "%s", line), 0);
	if (pfn)
		want = free_block_order(ls, pfn);
	ck_assert_msg(want >= 0 && atoi(answer) == want, "%s: answer %s, the rules say %d", line,
		      answer, want);
}

START_TEST(test_buddy_answers_follow_the_rules)
{
	for (uint64_t seed = 0; seed < 20; seed++) {
		struct lab_session *ls = calloc(1, sizeof(*ls));
		struct lab_sheet s;
		char *line, *save = NULL;
		unsigned int q = 0;

		generate(lab_list[0], seed, &s);
		ck_assert_int_eq(lab_session_boot(ls, NULL, NULL), 0);
		for (line = strtok_r(s.commands, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
			check_buddy_command(ls, line, s.q[q++].answer);
		ck_assert_int_eq(q + 1, s.nr);
		lab_session_release(ls);
		free(ls);
		lab_sheet_release(&s);
	}
}
END_TEST

Suite *lab_suite(void);

Suite *lab_suite(void)
{
	Suite *s = suite_create("lab");
	TCase *tc = tcase_create("lab");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_every_lab_generates);
	tcase_add_test(tc, test_commands_replay_in_shell);
	tcase_add_test(tc, test_check_answers);
	tcase_add_test(tc, test_bad_answer_files);
	tcase_add_test(tc, test_usage_errors);
	tcase_add_test(tc, test_page_blocks_run);
	tcase_add_test(tc, test_buddy_answers_follow_the_rules);
	suite_add_tcase(s, tc);
	return s;
}
