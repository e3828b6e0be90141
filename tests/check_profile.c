/*
 * tests/check_profile.c - the kernel profiles and the allocator's knobs.
 *
 * no-grouping: 6.1 with page_group_by_mobility_disabled forced on, checked
 * against the rules 6.1 applies under that switch (gfp_migratetype(),
 * set_pageblock_migratetype(), can_steal_fallback(),
 * steal_suitable_fallback()).  The kernel.policy knobs: each changes the
 * decision it names, derived from the 6.1 function that makes it.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/helpers.h"
#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/pageblock-flags.h"
#include "mm/profile.h"

/* Nothing reserved, THP "never", per-CPU lists off, watermarks all zero. */
#define K_EXACT	"\"reserved\": \"0\", \"transparent_hugepage\": \"never\", \"pcp\": false," \
		" \"min_free_kbytes\": 0, \"watermark_scale_factor\": 1"

/*
 * Every profile of the registry is found by its name and sets every
 * operation (mm/profile.h's invariant); no-grouping is one.
 */
START_TEST(test_registry_lists_no_grouping)
{
	bool seen = false;

	for (size_t i = 0; mm_profiles[i]; i++) {
		const struct alloc_ops *a = &mm_profiles[i]->alloc;

		ck_assert_ptr_eq(mm_profile_find(mm_profiles[i]->name), mm_profiles[i]);
		ck_assert_msg(a->knob_defaults && a->can_steal_fallback && a->claim_block &&
			      a->pick_block && a->free_to_tail && a->rmqueue && a->free_one_page &&
			      a->pcp_free_mt,
			      "%s leaves an operation NULL", mm_profiles[i]->name);
		seen |= strcmp(mm_profiles[i]->name, "no-grouping") == 0;
	}
	ck_assert(seen);
	ck_assert_ptr_eq(mm_profile_default(), &mm_profile_linux_6_1);
}
END_TEST

/*
 * Under 6.1's linux-6.1 profile a 16M machine (8 pageblocks, more than one
 * per type) groups by mobility: build_all_zonelists_init() leaves
 * page_group_by_mobility_disabled clear.  no-grouping sets it on the same
 * machine.
 */
START_TEST(test_no_grouping_sets_the_switch)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);

	ck_assert(!m->page_group_by_mobility_disabled);
	test_release(m);
	m = test_boot_node("16M", 1, K_EXACT ", \"profile\": \"no-grouping\"");
	ck_assert(m->page_group_by_mobility_disabled);
	ck_assert_str_eq(m->profile->name, "no-grouping");
	test_release(m);
}
END_TEST

/*
 * gfp_migratetype() answers Unmovable for every mask while the switch is
 * set, so mm_page_alloc reports Unmovable for Movable, Reclaimable and
 * Unmovable requests alike.  Memmap init marked every block Movable before
 * the switch was decided, so the first request falls back to a Movable
 * block; with the switch set can_steal_fallback() lets it steal and
 * steal_suitable_fallback() claims the block whatever its free count, and
 * set_pageblock_migratetype() writes Unmovable.  The two later requests
 * are served from that block's free pages, now on the Unmovable list.
 * Expect: three mm_page_alloc events of type Unmovable, the three pages in
 * one Unmovable block, one fallback, Unmovable from Movable, that changed
 * ownership.
 */
START_TEST(test_no_grouping_types_every_request_unmovable)
{
	static const gfp_t gfps[] = { TEST_GFP_MOV, TEST_GFP_RECL, TEST_GFP_UNMOV };
	struct machine *m = test_boot_node("16M", 1, K_EXACT ", \"profile\": \"no-grouping\"");
	struct test_ev_log log;
	pfn_t pfn[3];

	test_ev_attach(m, &log, MM_EV_BIT(MM_EV_mm_page_alloc));
	for (int i = 0; i < 3; i++) {
		pfn[i] = test_alloc_pfn(m, gfps[i], 0);
		ck_assert_uint_eq(log.ev[i].id, MM_EV_mm_page_alloc);
		ck_assert_int_eq(log.ev[i].mm_page_alloc.migratetype, MIGRATE_UNMOVABLE);
		ck_assert_int_eq(get_pageblock_migratetype(m, pfn[i]), MIGRATE_UNMOVABLE);
	}
	ck_assert_uint_eq(pfn[0] >> m->pageblock_order, pfn[2] >> m->pageblock_order);
	ck_assert_uint_eq(m->stats.extfrag_events, 1);
	ck_assert_uint_eq(m->stats.extfrag_change_ownership, 1);
	ck_assert_uint_eq(m->stats.extfrag_by_type[MIGRATE_UNMOVABLE][MIGRATE_MOVABLE], 1);
	test_release(m);
}
END_TEST

/* Types of all the pageblocks of node 0's Normal zone, counted. */
static void count_block_types(struct machine *m, unsigned long *nr)
{
	struct zone *zone = test_normal0(m);
	pfn_t end = zone->zone_start_pfn + zone->spanned_pages;

	memset(nr, 0, sizeof(*nr) * MIGRATE_TYPES);
	for (pfn_t pfn = zone->zone_start_pfn; pfn < end; pfn += pageblock_nr_pages(m))
		nr[get_pageblock_migratetype(m, pfn)]++;
}

/*
 * Fallbacks under the switch are claims of blocks still Movable from boot:
 * once claimed, set_pageblock_migratetype() can only write Unmovable, so
 * no block returns to Movable and no fallback repeats on it.  Interleave
 * Movable, Reclaimable and Unmovable requests until memory is full, free
 * every other page, and allocate again.  Expect every fallback to have
 * changed ownership, to be Unmovable from Movable, and no more than the
 * blocks there are; no block left Movable once all were taken; and no
 * fallback for a Movable or Reclaimable request (their type is Unmovable).
 */
START_TEST(test_no_grouping_fallbacks_only_claim_boot_blocks)
{
	static const gfp_t gfps[] = { TEST_GFP_MOV, TEST_GFP_RECL, TEST_GFP_UNMOV };
	struct machine *m = test_boot_node("16M", 1, K_EXACT ", \"profile\": \"no-grouping\"");
	unsigned long nr_blocks = test_normal0(m)->spanned_pages / pageblock_nr_pages(m);
	unsigned long nr[MIGRATE_TYPES];
	struct page *page;
	int i = 0;

	while ((page = alloc_pages_node(m, 0, gfps[i % 3], 0))) {
		if (i++ % 2)
			__free_pages(m, page, 0);
	}
	for (i = 0; alloc_pages_node(m, 0, gfps[i % 3], 0); i++)
		;
	test_check(m);
	count_block_types(m, nr);
	ck_assert_uint_eq(nr[MIGRATE_MOVABLE], 0);
	ck_assert_uint_eq(nr[MIGRATE_RECLAIMABLE], 0);
	ck_assert_uint_gt(m->stats.extfrag_events, 0);
	ck_assert_uint_le(m->stats.extfrag_events, nr_blocks);
	ck_assert_uint_eq(m->stats.extfrag_change_ownership, m->stats.extfrag_events);
	ck_assert_uint_eq(m->stats.extfrag_by_type[MIGRATE_UNMOVABLE][MIGRATE_MOVABLE],
			  m->stats.extfrag_events);
	test_release(m);
}
END_TEST

/* ---- kernel.policy knobs ---- */

/*
 * The knobs default to the profile's: steal_suitable_fallback() claims at
 * 1 << (pageblock_order - 1) pages, can_steal_fallback() steals whole
 * blocks from pageblock_order / 2; a config value replaces each.
 */
START_TEST(test_knob_defaults_follow_pageblock_order)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);

	ck_assert_uint_eq(m->alloc_knobs.claim_threshold_pages, 256);
	ck_assert_uint_eq(m->alloc_knobs.steal_order, 4);
	ck_assert_int_eq(m->alloc_knobs.fallbacks[MIGRATE_MOVABLE][0], MIGRATE_RECLAIMABLE);
	test_release(m);
	m = test_boot_node("16M", 1, K_EXACT ", \"pageblock_order\": 8");
	ck_assert_uint_eq(m->alloc_knobs.claim_threshold_pages, 128);
	ck_assert_uint_eq(m->alloc_knobs.steal_order, 4);
	test_release(m);
	m = test_boot_node("16M", 1, K_EXACT ", \"policy\": {\"claim_threshold_pages\": 0,"
			   " \"steal_order\": 7, \"fallbacks\": {\"movable\": [\"unmovable\"]}}");
	ck_assert_uint_eq(m->alloc_knobs.claim_threshold_pages, 0);
	ck_assert_uint_eq(m->alloc_knobs.steal_order, 7);
	ck_assert_int_eq(m->alloc_knobs.fallbacks[MIGRATE_MOVABLE][0], MIGRATE_UNMOVABLE);
	ck_assert_int_eq(m->alloc_knobs.fallbacks[MIGRATE_MOVABLE][1], MIGRATE_TYPES);
	/* the rows not named keep 6.1's */
	ck_assert_int_eq(m->alloc_knobs.fallbacks[MIGRATE_UNMOVABLE][1], MIGRATE_MOVABLE);
	test_release(m);
}
END_TEST

/* The first pageblock of node 0's lowest zone with memory. */
static pfn_t first_block(struct machine *m)
{
	for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
		struct zone *z = test_zone(m, 0, zid);

		if (z->managed_pages)
			return z->zone_start_pfn;
	}
	ck_abort_msg("node 0 has no memory");
	return 0;
}

/*
 * Node 0 fully allocated, then one pageblock made Unmovable and freed but
 * for its first page: 511 free pages on the Unmovable lists, the largest an
 * order-8 block, nothing free on the Movable lists.  Returns the block's pfn.
 */
static pfn_t unmovable_block_free_but_first(struct machine *m)
{
	pfn_t block;

	test_take_all(m, 0);
	block = first_block(m);
	set_pageblock_migratetype(m, block, MIGRATE_UNMOVABLE);
	test_free_range(m, block + 1, pageblock_nr_pages(m) - 1);
	return block;
}

/* Then one order-0 Movable request, its mm_page_alloc_extfrag event recorded. */
static pfn_t movable_fallback_into_unmovable_block(struct machine *m, struct test_ev_log *log)
{
	pfn_t block = unmovable_block_free_but_first(m);

	test_ev_attach(m, log, MM_EV_BIT(MM_EV_mm_page_alloc_extfrag));
	ck_assert_ptr_nonnull(alloc_pages_node(m, 0, TEST_GFP_MOV | __GFP_THISNODE, 0));
	test_check(m);
	return block;
}

/*
 * steal_suitable_fallback(): the Movable request falls back to the
 * order-8 Unmovable block (the largest, __rmqueue_fallback()), may steal
 * (order 8 >= pageblock_order / 2, can_steal_fallback()), moves the
 * block's 511 free pages, and claims the block when free + alike pages
 * reach the threshold: 511 >= 256 under 6.1, so the block turns Movable;
 * 511 < 512 with kernel.policy.claim_threshold_pages = 512, so it stays
 * Unmovable.  The event is the same fallback either way; only
 * change_ownership differs.
 */
START_TEST(test_claim_threshold_decides_the_claim)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);
	struct test_ev_log log;
	pfn_t block = movable_fallback_into_unmovable_block(m, &log);

	ck_assert_int_eq(get_pageblock_migratetype(m, block), MIGRATE_MOVABLE);
	test_expect_extfrag(&log, block + 256, 0, 8, MIGRATE_MOVABLE, MIGRATE_UNMOVABLE,
			    true, true);
	test_release(m);

	m = test_boot_node("16M", 1, K_EXACT ", \"policy\": {\"claim_threshold_pages\": 512}");
	block = movable_fallback_into_unmovable_block(m, &log);
	ck_assert_int_eq(get_pageblock_migratetype(m, block), MIGRATE_UNMOVABLE);
	test_expect_extfrag(&log, block + 256, 0, 8, MIGRATE_MOVABLE, MIGRATE_UNMOVABLE,
			    true, false);
	test_release(m);
}
END_TEST

/*
 * can_steal_fallback(): with kernel.policy.steal_order = 9 an order-8
 * Movable fallback may not take the block, so __rmqueue_fallback() looks
 * for the smallest fallback block instead (find_smallest) and takes the
 * order-0 page at block + 1 alone: no claim, the block stays Unmovable.
 */
START_TEST(test_steal_order_decides_whole_block)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT ", \"policy\": {\"steal_order\": 9}");
	struct test_ev_log log;
	pfn_t block = movable_fallback_into_unmovable_block(m, &log);

	ck_assert_int_eq(get_pageblock_migratetype(m, block), MIGRATE_UNMOVABLE);
	test_expect_extfrag(&log, block + 1, 0, 0, MIGRATE_MOVABLE, MIGRATE_UNMOVABLE,
			    true, false);
	test_release(m);
}
END_TEST

/*
 * find_suitable_fallback() tries the request type's row of fallbacks[]:
 * with the Movable row set to Reclaimable only, the Unmovable block's free
 * pages are no candidate, and the request, with nothing else free and
 * nothing to reclaim or compact, fails.
 */
START_TEST(test_fallback_row_limits_the_search)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT ", \"policy\": {\"fallbacks\":"
					   " {\"movable\": [\"reclaimable\"]}}");
	pfn_t block = unmovable_block_free_but_first(m);

	ck_assert_ptr_null(alloc_pages_node(m, 0, TEST_GFP_MOV | __GFP_THISNODE |
					    __GFP_NORETRY | __GFP_NOWARN, 0));
	ck_assert_uint_eq(m->stats.extfrag_events, 0);
	ck_assert_int_eq(get_pageblock_migratetype(m, block), MIGRATE_UNMOVABLE);
	test_release(m);
}
END_TEST

/* ---- contiguitas: the worked example of a policy ---- */

/*
 * contiguitas' pick_block: a Movable request takes the tail of a free
 * list, an Unmovable one the head.  On a fresh node every free block is
 * an order-10 Movable block, freed at boot in pfn order to the tail
 * (__free_pages_core() frees with FPI_TO_TAIL); the first Movable page is
 * therefore the first page of the zone's last order-10 block
 * (expand() hands out the low half it keeps splitting), and the first
 * Unmovable page, which steals a whole order-10 block (order >=
 * pageblock_order, steal_suitable_fallback()), the zone's first page.
 */
START_TEST(test_contiguitas_picks_by_end)
{
	struct machine *m = test_boot_node("64M", 1, K_EXACT ", \"profile\": \"contiguitas\"");
	pfn_t low = first_block(m);
	struct zone *z = page_zone(m, pfn_to_page(m, low));
	pfn_t end = z->zone_start_pfn + z->spanned_pages;

	ck_assert_uint_eq(test_alloc_pfn(m, TEST_GFP_MOV, 0), end - 1024);
	ck_assert_uint_eq(test_alloc_pfn(m, TEST_GFP_UNMOV, 0), low);
	test_release(m);
}
END_TEST

/*
 * The share of the Unmovable pages held at the end that lie in the low
 * half of their zone, after a fixed mixed sequence: a quarter of the
 * requests Unmovable, the rest Movable, order 0 or 2, each followed half
 * the time by the free of an earlier block picked by a fixed LCG.
 */
static double unmovable_low_share(const char *profile)
{
	enum { NR_STEPS = 30000, MAX_HELD = 8192 };
	static struct held { pfn_t pfn; unsigned int order; bool unmovable; } held[MAX_HELD];
	char keys[256];
	struct machine *m;
	unsigned long nr = 0, low = 0, total = 0;
	uint64_t x = 12345;

	snprintf(keys, sizeof(keys), K_EXACT ", \"profile\": \"%s\"", profile);
	m = test_boot_node("64M", 1, keys);
	for (int i = 0; i < NR_STEPS; i++) {
		bool unmovable = (x = x * 6364136223846793005ULL + 1442695040888963407ULL) >> 62 == 0;
		unsigned int order = (x >> 20) % 4 == 0 ? 2 : 0;
		struct page *page = nr < MAX_HELD ?
			alloc_pages_node(m, 0, unmovable ? TEST_GFP_UNMOV : TEST_GFP_MOV, order) : NULL;

		if (page)
			held[nr++] = (struct held){ page_to_pfn(m, page), order, unmovable };
		if (nr && ((x >> 30) & 1)) {
			size_t k = (size_t)((x >> 33) % nr);

			__free_pages(m, pfn_to_page(m, held[k].pfn), held[k].order);
			held[k] = held[--nr];
		}
	}
	for (unsigned long k = 0; k < nr; k++) {
		struct zone *z = page_zone(m, pfn_to_page(m, held[k].pfn));

		if (!held[k].unmovable)
			continue;
		total++;
		low += held[k].pfn < z->zone_start_pfn + z->spanned_pages / 2;
	}
	test_check(m);
	test_release(m);
	ck_assert_uint_gt(total, 0);
	return (double)low / (double)total;
}

/*
 * The policy does what it is for: on the same sequence, more of the
 * Unmovable pages sit in the low half of the zone under contiguitas than
 * under linux-6.1, and nearly all of them do (their blocks are taken from
 * the low end first).
 */
START_TEST(test_contiguitas_confines_unmovable_low)
{
	double linux = unmovable_low_share("linux-6.1");
	double contiguitas = unmovable_low_share("contiguitas");

	ck_assert_msg(contiguitas > linux, "contiguitas %.3f, linux-6.1 %.3f", contiguitas, linux);
	ck_assert_msg(contiguitas >= 0.9, "contiguitas %.3f", contiguitas);
}
END_TEST

/* ---- --set ---- */

/*
 * --set: its form is checked when parsed, its key and value when the
 * config loads, in the config's words; each is exit 2 and writes nothing.
 */
static const char *const bad_sets[][2] = {
	{ "--set kernel.pcp", "numasim: --set 'kernel.pcp': expected KEY=VALUE" },
	{ "--set =1", "numasim: --set '=1': an empty key" },
	{ "--set kernel..pcp=1", "numasim: --set 'kernel..pcp=1': an empty key" },
	{ "--set kernel.nope=1", "<default config> (with --set): kernel.nope: unknown key" },
	{ "--set kernel.pcp=maybe",
	  "<default config> (with --set): kernel.pcp: expected true or false" },
	{ "--set kernel.policy.claim_threshold_pages=513",
	  "<default config> (with --set): kernel.policy.claim_threshold_pages: must be "
	  "between 0 and 512, got 513" },
	{ "--set kernel.profile=linux-0.01",
	  "<default config> (with --set): kernel.profile: unknown profile \"linux-0.01\"" },
};

START_TEST(test_set_bad_input)
{
	char dir[128];

	test_scratch_dir(dir, sizeof(dir), "set");
	test_expect_usage_errors("run", bad_sets, TEST_ARRAY_SIZE(bad_sets),
				 test_path_in(dir, "out"));
	test_remove_dir(dir);
}
END_TEST

/* The profile results.json names after "numasim run ARGS -o DIR/out". */
static char *run_profile(const char *dir, const char *args)
{
	char cmd[1024], err[4096];
	json_t *r;
	char *name;

	snprintf(cmd, sizeof(cmd), "run -q --events 2000 %s -o %s", args, test_path_in(dir, "out"));
	ck_assert_msg(test_run_numasim(cmd, NULL, 0, err, sizeof(err)) == 0, "%s: %s", cmd, err);
	r = json_load_file(test_path_in(dir, "out/results.json"), 0, NULL);
	ck_assert_ptr_nonnull(r);
	name = strdup(json_string_value(json_object_get(json_object_get(r, "numasim"),
							 "profile")));
	json_decref(r);
	test_remove_dir(test_path_in(dir, "out"));
	return name;
}

/*
 * --set is merged over the config file, later --set over earlier ones:
 * a config naming no-grouping, run with --set kernel.profile=linux-6.1,
 * runs linux-6.1; with two --set, the last wins.  A string VALUE needs no
 * JSON quotes.
 */
START_TEST(test_set_overrides_config)
{
	char dir[128], *name;
	char args[512];
	FILE *f;

	test_scratch_dir(dir, sizeof(dir), "set");
	f = fopen(test_path_in(dir, "c.json"), "w");
	ck_assert_ptr_nonnull(f);
	fputs("{\"kernel\": {\"profile\": \"no-grouping\"}}\n", f);
	fclose(f);
	snprintf(args, sizeof(args), "-c %s", test_path_in(dir, "c.json"));
	name = run_profile(dir, args);
	ck_assert_str_eq(name, "no-grouping");
	free(name);
	snprintf(args, sizeof(args), "-c %s --set kernel.profile=linux-6.1",
		 test_path_in(dir, "c.json"));
	name = run_profile(dir, args);
	ck_assert_str_eq(name, "linux-6.1");
	free(name);
	name = run_profile(dir, "--set kernel.profile=linux-6.1 --set 'kernel.profile=\"no-grouping\"'");
	ck_assert_str_eq(name, "no-grouping");
	free(name);
	test_remove_dir(dir);
}
END_TEST

/*
 * results.json says what made the run: its numasim object lists the
 * --set strings in order, so runs of different knobs can be told apart
 * afterwards.
 */
START_TEST(test_results_record_sets)
{
	char dir[128], cmd[1024], err[4096];
	json_t *r, *sets;

	test_scratch_dir(dir, sizeof(dir), "set");
	snprintf(cmd, sizeof(cmd), "run -q --events 2000 --set kernel.pcp=false "
		 "--set kernel.extfrag_threshold=600 -o %s", test_path_in(dir, "out"));
	ck_assert_msg(test_run_numasim(cmd, NULL, 0, err, sizeof(err)) == 0, "%s: %s", cmd, err);
	r = json_load_file(test_path_in(dir, "out/results.json"), 0, NULL);
	ck_assert_ptr_nonnull(r);
	sets = json_object_get(json_object_get(r, "numasim"), "sets");
	ck_assert_uint_eq(json_array_size(sets), 2);
	ck_assert_str_eq(json_string_value(json_array_get(sets, 0)), "kernel.pcp=false");
	ck_assert_str_eq(json_string_value(json_array_get(sets, 1)), "kernel.extfrag_threshold=600");
	json_decref(r);
	test_remove_dir(dir);
}
END_TEST

/* Collected by the Makefile into the runner (tests/check_main.c). */
Suite *profile_suite(void);

Suite *profile_suite(void)
{
	Suite *s = suite_create("profile");
	TCase *tc = tcase_create("no_grouping");

	tcase_add_test(tc, test_registry_lists_no_grouping);
	tcase_add_test(tc, test_no_grouping_sets_the_switch);
	tcase_add_test(tc, test_no_grouping_types_every_request_unmovable);
	tcase_add_test(tc, test_no_grouping_fallbacks_only_claim_boot_blocks);
	suite_add_tcase(s, tc);
	tc = tcase_create("knobs");
	tcase_add_test(tc, test_knob_defaults_follow_pageblock_order);
	tcase_add_test(tc, test_claim_threshold_decides_the_claim);
	tcase_add_test(tc, test_steal_order_decides_whole_block);
	tcase_add_test(tc, test_fallback_row_limits_the_search);
	suite_add_tcase(s, tc);
	tc = tcase_create("contiguitas");
	tcase_add_test(tc, test_contiguitas_picks_by_end);
	tcase_add_test(tc, test_contiguitas_confines_unmovable_low);
	suite_add_tcase(s, tc);
	tc = tcase_create("set");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_set_bad_input);
	tcase_add_test(tc, test_set_overrides_config);
	tcase_add_test(tc, test_results_record_sets);
	suite_add_tcase(s, tc);
	return s;
}
