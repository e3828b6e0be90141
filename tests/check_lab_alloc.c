/*
 * tests/check_lab_alloc.c - the allocator labs (migratetypes, watermarks,
 * zone-movable, thp): their generators build a sheet for every seed, the
 * answers they read off the machine obey the kernel's rules (checked here
 * another way: recomputed from the state before the command, or from the
 * kernel's formulas), different seeds ask different things, and every
 * ```numasim block of their pages runs in the shell without an error.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/helpers.h"
#include "mm/page_inspect.h"
#include "mm/pageblock_census.h"
#include "mm/sparse.h"
#include "sim/lab_internal.h"
#include "sim/lab_util_alloc.h"

extern const struct lab lab_migratetypes;
extern const struct lab lab_watermarks;
extern const struct lab lab_zone_movable;
extern const struct lab lab_thp;

#define NR_SEEDS	20

static struct lab_sheet *lab_gen(const struct lab *lab, uint64_t seed)
{
	struct lab_sheet *sheet = calloc(1, sizeof(*sheet));
	char err[512] = "";

	ck_assert_ptr_nonnull(sheet);
	ck_assert_msg(lab->generate(sheet, seed, err, sizeof(err)) == 0, "%s seed %llu: %s",
		      lab->name, (unsigned long long)seed, err);
	ck_assert_msg(!sheet->failed && sheet->nr >= 3 && sheet->nr <= LAB_MAX_QUESTIONS,
		      "%s seed %llu: %u questions", lab->name, (unsigned long long)seed, sheet->nr);
	for (unsigned int i = 0; i < sheet->nr; i++)
		ck_assert_msg(sheet->q[i].answer && *sheet->q[i].answer &&
			      !strchr(sheet->q[i].answer, '\n'), "%s seed %llu: Q%u's answer",
			      lab->name, (unsigned long long)seed, i + 1);
	return sheet;
}

static void lab_sheet_free(struct lab_sheet *sheet)
{
	lab_sheet_release(sheet);
	free(sheet);
}

/* Q n's answer (1-based). */
static const char *lab_answer_of(const struct lab_sheet *sheet, unsigned int n)
{
	ck_assert_uint_le(n, sheet->nr);
	return sheet->q[n - 1].answer;
}

/*
 * A fresh session of the lab's machine with the sheet's commands replayed
 * up to (not including) the first line that starts with stop (all of
 * them when stop is NULL).
 */
static struct lab_session *lab_replay_until(const struct lab *lab, const struct lab_sheet *sheet,
					    const char *stop)
{
	struct lab_session *s = calloc(1, sizeof(*s));
	const char *p = sheet->commands;

	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(lab_session_boot(s, lab->config_json, NULL), 0);
	while (p && *p) {
		size_t len = strcspn(p, "\n");
		char line[512];

		snprintf(line, sizeof(line), "%.*s", (int)len, p);
		if (stop && !strncmp(line, stop, strlen(stop)))
			break;
		ck_assert_msg(lab_run(s, "%s", line) == 0, "%s: %s", line, s->msg);
		p += len + (p[len] == '\n');
	}
	return s;
}

static void lab_session_free(struct lab_session *s)
{
	lab_session_release(s);
	free(s);
}

/* Run every ```numasim block of the lab's page in the shell: exit 0, nothing on stderr. */
static void lab_expect_doc_blocks_run(const struct lab *lab)
{
	char *page = test_read_file(lab->doc), dir[128], path[256], cmd[1024], err[4096];
	const char *p = page;
	char config[300] = "";
	unsigned int nr = 0;

	ck_assert_ptr_nonnull(page);
	test_scratch_dir(dir, sizeof(dir), "lab-doc");
	if (lab->config_json) {
		snprintf(path, sizeof(path), "%s/lab.json", dir);
		test_write_file(path, lab->config_json, strlen(lab->config_json));
		snprintf(config, sizeof(config), " -c %s", path);
	}
	while ((p = strstr(p, "```numasim\n"))) {
		const char *body = p + strlen("```numasim\n"), *end = strstr(body, "```");

		ck_assert_ptr_nonnull(end);
		snprintf(path, sizeof(path), "%s/block%u.txt", dir, nr++);
		test_write_file(path, body, (size_t)(end - body));
		snprintf(cmd, sizeof(cmd), "{ %s shell%s <%s; }", test_numasim_path(), config, path);
		ck_assert_msg(test_run(cmd, NULL, 0, err, sizeof(err)) == 0 && !*err,
			      "%s block %u: %s", lab->doc, nr, err);
		unlink(path);
		p = end + 3;
	}
	ck_assert_uint_ge(nr, 1);
	if (lab->config_json) {
		snprintf(path, sizeof(path), "%s/lab.json", dir);
		unlink(path);
	}
	rmdir(dir);
	free(page);
}

/* At least two seeds give different answers to Q n. */
static void lab_expect_answers_vary(const struct lab *lab, unsigned int n)
{
	struct lab_sheet *first = lab_gen(lab, 0);
	bool varied = false;

	for (uint64_t seed = 1; seed < NR_SEEDS && !varied; seed++) {
		struct lab_sheet *sheet = lab_gen(lab, seed);

		varied = strcmp(lab_answer_of(sheet, n), lab_answer_of(first, n)) != 0;
		lab_sheet_free(sheet);
	}
	ck_assert_msg(varied, "%s: Q%u is the same for seeds 0..%d", lab->name, n, NR_SEEDS - 1);
	lab_sheet_free(first);
}

/* ---- lab 2, migratetypes ---- */

/* The pfn heading the zone's only free block of the highest order; its order in *order. */
static pfn_t largest_free_block(struct lab_session *s, struct zone *z, unsigned int *order)
{
	int top = MAX_ORDER - 1;
	pfn_t end = z->zone_start_pfn + z->spanned_pages;

	while (top > 0 && !z->free_area[top].nr_free)
		top--;
	ck_assert_uint_eq(z->free_area[top].nr_free, 1);	/* the scenario makes it unique */
	*order = (unsigned int)top;
	for (pfn_t pfn = z->zone_start_pfn; pfn < end; pfn++) {
		struct page *page = pfn_to_online_page(&s->m, pfn);
		struct page_info info;

		if (!page)
			continue;
		page_inspect(&s->m, page, &info);
		if (info.buddy && info.buddy_order == (unsigned int)top)
			return pfn;
	}
	ck_abort_msg("no free block of order %d", top);
	return 0;
}

/*
 * u1, the first unmovable request, finds no Unmovable block: the fallback
 * takes the largest Movable block (__rmqueue_fallback()), and its
 * pageblock turns Unmovable when the block is a pageblock or more, or its
 * free plus alike pages make half a pageblock (steal_suitable_fallback()).
 * A fragmenting fallback boosts the watermark and so wakes kswapd.
 */
START_TEST(test_migratetypes_first_fallback)
{
	struct lab_sheet *sheet = lab_gen(&lab_migratetypes, (uint64_t)_i);
	struct lab_session *s = lab_replay_until(&lab_migratetypes, sheet, "alloc id=u1");
	struct zone *z = lab_zone(s, 0, ZONE_NORMAL);
	struct pageblock_census census[LAB_MAX_PAGEBLOCKS];
	unsigned long half = pageblock_nr_pages(&s->m) / 2, alike;
	unsigned int order;
	pfn_t pfn = largest_free_block(s, z, &order);
	size_t b = pfn / pageblock_nr_pages(&s->m);
	char want[64];
	bool claim;

	ck_assert_uint_lt(b, lab_census(s, z, census, LAB_MAX_PAGEBLOCKS));
	ck_assert_int_eq(census[b].migratetype, MIGRATE_MOVABLE);
	alike = pageblock_nr_pages(&s->m) - census[b].free - census[b].used[MIGRATE_MOVABLE];
	claim = order >= s->m.pageblock_order || census[b].free + alike >= half;
	snprintf(want, sizeof(want), "Movable %u", order);
	ck_assert_str_eq(lab_answer_of(sheet, 1), want);
	snprintf(want, sizeof(want), "%zu %s", b, claim ? "Unmovable" : "Movable");
	ck_assert_str_eq(lab_answer_of(sheet, 2), want);
	ck_assert_str_eq(lab_answer_of(sheet, 3), order >= s->m.pageblock_order ? "0" : "1");
	lab_session_free(s);
	lab_sheet_free(sheet);
}
END_TEST

/*
 * The last free (u1, order 0..3) goes to CPU 0's per-CPU list
 * (free_unref_page()): buddyinfo gains nothing, the pcp count is the
 * block's pages.  The pageblock counts still add up to eight.
 */
START_TEST(test_migratetypes_pcp_free)
{
	struct lab_sheet *sheet = lab_gen(&lab_migratetypes, (uint64_t)_i);
	unsigned int order, u, m, r;
	char want[32];

	ck_assert_int_eq(sscanf(strstr(sheet->commands, "alloc id=u1 "), "alloc id=u1 order=%u",
				&order), 1);
	snprintf(want, sizeof(want), "0 %u", 1u << order);
	ck_assert_str_eq(lab_answer_of(sheet, sheet->nr), want);
	ck_assert_int_eq(sscanf(lab_answer_of(sheet, sheet->nr - 1), "%u %u %u", &u, &m, &r), 3);
	ck_assert_uint_eq(u + m + r, 8);
	lab_sheet_free(sheet);
}
END_TEST

/* ---- lab 3, watermarks ---- */

/* The value of "KEY=" in the first command line holding it. */
static unsigned long command_value(const struct lab_sheet *sheet, const char *key, const char *from)
{
	const char *p = strstr(from ? strstr(sheet->commands, from) : sheet->commands, key);
	unsigned long v;

	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(sscanf(p + strlen(key), "%lu", &v), 1);
	return v;
}

/* __setup_per_zone_wmarks() on one lowmem zone: "min low high". */
static void expect_wmarks(const char *answer, unsigned long managed, unsigned long min_free_kbytes,
			  unsigned long scale_factor)
{
	unsigned long min = min_free_kbytes / 4, step = managed * scale_factor / 10000;
	char want[64];

	if (step < min / 4)
		step = min / 4;
	snprintf(want, sizeof(want), "%lu %lu %lu", min, min + step, min + 2 * step);
	ck_assert_str_eq(answer, want);
}

START_TEST(test_watermarks_formula)
{
	struct lab_sheet *sheet = lab_gen(&lab_watermarks, (uint64_t)_i);
	struct lab_session *s = lab_replay_until(&lab_watermarks, sheet, "");
	unsigned long managed = lab_zone(s, 0, ZONE_NORMAL)->managed_pages;
	unsigned long mfk = command_value(sheet, "vm.min_free_kbytes=", NULL);

	expect_wmarks(lab_answer_of(sheet, 1), managed, mfk,
		      command_value(sheet, "vm.watermark_scale_factor=", NULL));
	expect_wmarks(lab_answer_of(sheet, 4), managed, mfk,
		      command_value(sheet, "vm.watermark_scale_factor=", "alloc id=k1 "));
	lab_session_free(s);
	lab_sheet_free(sheet);
}
END_TEST

/*
 * Whether the low-mark check of __zone_watermark_ok() fails for the
 * command starting with line, on a replay up to it: too few free pages
 * after the request, or no free block of its order or more.  *free_pages
 * and *min for the min check.
 */
static bool low_check_fails(const struct lab_sheet *sheet, const char *line, unsigned int order,
			    unsigned long *free_pages, unsigned long *min)
{
	struct lab_session *s = lab_replay_until(&lab_watermarks, sheet, line);
	struct zone *z = lab_zone(s, 0, ZONE_NORMAL);
	bool block = false;

	*free_pages = 0;
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		*free_pages += z->free_area[o].nr_free << o;
		block |= o >= order && z->free_area[o].nr_free;
	}
	*min = z->_watermark[WMARK_MIN];
	block = *free_pages - ((1ul << order) - 1) > z->_watermark[WMARK_LOW] && block;
	lab_session_free(s);
	return !block;
}

/*
 * The fast path wakes kswapd at the first allocation that would leave no
 * more than low free (zone_watermark_fast()); the slow path's retry at
 * min decides whether it reclaims directly.  The allocation before it
 * passed, and the last allocation follows the same rule.
 */
START_TEST(test_watermarks_kswapd_waker)
{
	struct lab_sheet *sheet = lab_gen(&lab_watermarks, (uint64_t)_i);
	unsigned long k, min, nr;
	unsigned int order;
	char line[64];

	ck_assert_int_eq(sscanf(lab_answer_of(sheet, 2), "k%lu", &k), 1);
	ck_assert_uint_ge(k, 2);
	snprintf(line, sizeof(line), "alloc id=k%lu ", k);
	ck_assert(low_check_fails(sheet, line, 7, &nr, &min));
	ck_assert_str_eq(lab_answer_of(sheet, 3), nr - 127 <= min ? "yes" : "no");
	snprintf(line, sizeof(line), "alloc id=k%lu ", k - 1);
	ck_assert(!low_check_fails(sheet, line, 7, &nr, &min));
	order = (unsigned int)command_value(sheet, "order=", "alloc id=last ");
	ck_assert_str_eq(lab_answer_of(sheet, 5),
			 low_check_fails(sheet, "alloc id=last ", order, &nr, &min) ? "yes" : "no");
	lab_sheet_free(sheet);
}
END_TEST

/* ---- lab 4, zone-movable ---- */

/* __zone_watermark_ok() for an order-order request against mark + reserve. */
static bool zone_fits(const struct zone *z, unsigned int order, unsigned long mark, long reserve)
{
	unsigned long nr = 0;
	bool block = false;

	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		nr += z->free_area[o].nr_free << o;
		block |= o >= order && z->free_area[o].nr_free;
	}
	return (long)(nr - ((1ul << order) - 1)) > (long)mark + reserve && block;
}

/*
 * Where get_page_from_freelist() puts the request: gfp_zone() gives
 * Movable only to __GFP_MOVABLE with __GFP_HIGHMEM; the zonelist runs
 * Movable, Normal; the fast path checks the low marks, the slow path the
 * min marks, Normal's with lowmem_reserve[ZONE_MOVABLE] for a request
 * that could use Movable.
 */
static const char *expected_zone(struct lab_session *s, const char *gfp, unsigned int order)
{
	struct zone *n = lab_zone(s, 0, ZONE_NORMAL), *mv = lab_zone(s, 0, ZONE_MOVABLE);
	bool movable = !strncmp(gfp, "GFP_HIGHUSER_MOVABLE", strlen("GFP_HIGHUSER_MOVABLE"));
	long reserve = movable ? n->lowmem_reserve[ZONE_MOVABLE] : 0;

	for (int mark = WMARK_LOW; mark >= WMARK_MIN; mark--) {
		if (movable && zone_fits(mv, order, mv->_watermark[mark], 0))
			return "Movable";
		if (zone_fits(n, order, n->_watermark[mark], reserve))
			return "Normal";
	}
	return "none";
}

START_TEST(test_zone_movable_placement)
{
	struct lab_sheet *sheet = lab_gen(&lab_zone_movable, (uint64_t)_i);
	unsigned long used[2] = { 0, 0 }, nr_normal, nr_movable;
	char want_free[64];

	/* movablecore=12M of 32M; the memmap, 1/64 of the node, from its top. */
	ck_assert_str_eq(lab_answer_of(sheet, 1), "5120 5120 3072 2944");
	nr_normal = (unsigned long)test_count_lines(sheet->commands, "alloc id=n");
	nr_movable = (unsigned long)test_count_lines(sheet->commands, "alloc id=m");
	for (unsigned int k = 1; k <= 5; k++) {
		char line[32], gfp[64];
		const char *p;
		unsigned int order;
		struct lab_session *s;
		const char *want;

		snprintf(line, sizeof(line), "alloc id=q%u ", k);
		p = strstr(sheet->commands, line);
		ck_assert_ptr_nonnull(p);
		ck_assert_int_eq(sscanf(p + strlen(line), "order=%u gfp=%63s", &order, gfp), 2);
		s = lab_replay_until(&lab_zone_movable, sheet, line);
		want = expected_zone(s, gfp, order);
		ck_assert_str_eq(lab_answer_of(sheet, k + 1), want);
		if (strcmp(want, "none"))
			used[!strcmp(want, "Movable")] += 1ul << order;
		lab_session_free(s);
	}
	snprintf(want_free, sizeof(want_free), "%lu %lu", 5120 - nr_normal * 512 - used[0],
		 2944 - nr_movable * 512 - used[1]);
	ck_assert_str_eq(lab_answer_of(sheet, 7), want_free);
	lab_sheet_free(sheet);
}
END_TEST

/* ---- lab 11, thp ---- */

/* unusable_free_index() for order 9 from "free blocks9" (fill_contig_page_info()). */
static void expect_unusable(const char *state, const char *index)
{
	unsigned long nr_free, nr_huge, thousandths;
	char want[32];

	ck_assert_int_eq(sscanf(state, "%lu %lu", &nr_free, &nr_huge), 2);
	ck_assert_uint_gt(nr_free, 0);
	thousandths = (nr_free - nr_huge * 512) * 1000 / nr_free;
	snprintf(want, sizeof(want), "%lu.%03lu", thousandths / 1000, thousandths % 1000);
	ck_assert_str_eq(index, want);
}

/*
 * The fault gets a huge page when a free order-9 block exists; else only
 * when vma_thp_gfp_mask() allows direct compaction (defrag=always, or
 * madvise in a MADV_HUGEPAGE range) and compaction can empty a pageblock,
 * which a pinned page in every one of them forbids (migrate_pages() fails
 * on the extra references).
 */
START_TEST(test_thp_fault_rule)
{
	struct lab_sheet *sheet = lab_gen(&lab_thp, (uint64_t)_i);
	bool madvised = strstr(sheet->commands, "advice=hugepage") != NULL;
	bool pinned = strstr(sheet->commands, "pin id=") != NULL;
	bool direct = strstr(sheet->commands, "defrag value=always") ||
		      (strstr(sheet->commands, "defrag value=madvise") && madvised);
	struct lab_session *s = lab_replay_until(&lab_thp, sheet, "touch pid=1 ");
	bool free_block = lab_free_blocks_at_least(lab_zone(s, 0, ZONE_NORMAL), 9) > 0;
	unsigned long nr_free, nr_huge;

	expect_unusable(lab_answer_of(sheet, 1), lab_answer_of(sheet, 2));
	expect_unusable(lab_answer_of(sheet, 4), lab_answer_of(sheet, 5));
	ck_assert_str_eq(lab_answer_of(sheet, 3), free_block || (direct && !pinned)
			 ? "thp_fault_alloc" : "thp_fault_fallback");
	ck_assert_int_eq(sscanf(lab_answer_of(sheet, 4), "%lu %lu", &nr_free, &nr_huge), 2);
	if (pinned)
		ck_assert_uint_eq(nr_huge, 0);
	lab_session_free(s);
	lab_sheet_free(sheet);
}
END_TEST

/* Questions whose answer must differ between some two seeds. */
static const struct {
	const struct lab *lab;
	unsigned int question;
} varying[] = {
	{ &lab_migratetypes, 1 }, { &lab_migratetypes, 5 },
	{ &lab_watermarks, 1 }, { &lab_watermarks, 3 }, { &lab_watermarks, 5 },
	{ &lab_zone_movable, 2 }, { &lab_zone_movable, 3 }, { &lab_zone_movable, 4 },
	{ &lab_zone_movable, 5 }, { &lab_zone_movable, 6 }, { &lab_zone_movable, 7 },
	{ &lab_thp, 1 }, { &lab_thp, 3 }, { &lab_thp, 4 },
};

START_TEST(test_lab_alloc_answers_vary)
{
	lab_expect_answers_vary(varying[_i].lab, varying[_i].question);
}
END_TEST

static const struct lab *const alloc_labs[] = {
	&lab_migratetypes, &lab_watermarks, &lab_zone_movable, &lab_thp,
};

/*
 * The same seed builds the same sheet, and `numasim lab NAME --check`
 * takes its answers as right (exit 0) and a changed one as wrong (exit 1).
 */
START_TEST(test_lab_alloc_check_cli)
{
	const struct lab *lab = alloc_labs[_i];
	struct lab_sheet *sheet = lab_gen(lab, 5), *again = lab_gen(lab, 5);
	char dir[128], path[256], args[512], out[8192], err[1024], *text = NULL;
	size_t len = 0;
	FILE *f;

	ck_assert_str_eq(sheet->commands, again->commands);
	for (unsigned int i = 1; i <= sheet->nr; i++)
		ck_assert_str_eq(lab_answer_of(sheet, i), lab_answer_of(again, i));
	test_scratch_dir(dir, sizeof(dir), "lab-check");
	snprintf(path, sizeof(path), "%s/answers.txt", dir);
	f = open_memstream(&text, &len);
	ck_assert_ptr_nonnull(f);
	for (unsigned int i = 1; i <= sheet->nr; i++)
		fprintf(f, "Q%u: %s\n", i, lab_answer_of(sheet, i));
	fclose(f);
	test_write_file(path, text, len);
	snprintf(args, sizeof(args), "lab %s --seed 5 --check %s", lab->name, path);
	ck_assert_msg(test_run_numasim(args, out, sizeof(out), err, sizeof(err)) == 0, "%s", out);
	text[strlen("Q1: ")] = text[strlen("Q1: ")] == '9' ? '8' : '9';
	test_write_file(path, text, len);
	ck_assert_int_eq(test_run_numasim(args, out, sizeof(out), err, sizeof(err)), 1);
	unlink(path);
	rmdir(dir);
	free(text);
	lab_sheet_free(again);
	lab_sheet_free(sheet);
}
END_TEST

START_TEST(test_lab_alloc_doc_blocks)
{
	for (size_t i = 0; i < sizeof(alloc_labs) / sizeof(alloc_labs[0]); i++)
		lab_expect_doc_blocks_run(alloc_labs[i]);
}
END_TEST

Suite *lab_alloc_suite(void);

Suite *lab_alloc_suite(void)
{
	Suite *s = suite_create("lab_alloc");
	TCase *tc = tcase_create("lab_alloc");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_migratetypes_first_fallback, 0, NR_SEEDS);
	tcase_add_loop_test(tc, test_migratetypes_pcp_free, 0, NR_SEEDS);
	tcase_add_loop_test(tc, test_watermarks_formula, 0, NR_SEEDS);
	tcase_add_loop_test(tc, test_watermarks_kswapd_waker, 0, NR_SEEDS);
	tcase_add_loop_test(tc, test_zone_movable_placement, 0, NR_SEEDS);
	tcase_add_loop_test(tc, test_thp_fault_rule, 0, 2 * NR_SEEDS);
	tcase_add_loop_test(tc, test_lab_alloc_answers_vary, 0,
			    (int)(sizeof(varying) / sizeof(varying[0])));
	tcase_add_loop_test(tc, test_lab_alloc_check_cli, 0,
			    (int)(sizeof(alloc_labs) / sizeof(alloc_labs[0])));
	tcase_add_test(tc, test_lab_alloc_doc_blocks);
	suite_add_tcase(s, tc);
	return s;
}
