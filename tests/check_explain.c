/*
 * tests/check_explain.c - the narration of the page allocator (mm/explain.h
 * events, sim/explain.c sentences): each kind of decision on a small
 * machine whose numbers follow from the kernel's rules, then `run
 * --explain FILE` and the shell's `explain` end to end.
 *
 * The machines: one node of 16 MiB (pageblock_order 9: 512 pages, MAX_ORDER
 * 11) with per-CPU lists off unless a test needs them, so an allocation
 * goes straight to __rmqueue() and a free straight to __free_one_page().
 * Boot frees memory in MAX_ORDER - 1 blocks to the tail of the Movable
 * lists (__free_pages_core(), FPI_TO_TAIL), so the head of the order-10
 * list is the lowest such block; no Unmovable list holds anything.
 *
 * No kernel counterpart: tests.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mm/internal.h"
#include "mm/vmstat_counters.h"
#include "sim/explain.h"
#include "tests/helpers.h"

#define NO_PCP		TEST_K_PLAIN ", \"pcp\": false, \"min_free_kbytes\": 0"

static struct explain_log xlog;

static void explain_start(struct machine *m)
{
	explain_log_init(&xlog, NULL, 100000);
	explain_log_attach(&xlog, m);
}

static void explain_stop(void)
{
	explain_log_release(&xlog);
}

/* The first line at or after from holding the formatted text; -1 if none. */
static long line_with(long from, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static long line_with(long from, const char *fmt, ...)
{
	char want[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(want, sizeof(want), fmt, ap);
	va_end(ap);
	for (size_t i = (size_t)from; i < xlog.nr_lines; i++)
		if (strstr(xlog.lines[i], want))
			return (long)i;
	return -1;
}

/* Asserts the text is in the narration, at or after line from; its line. */
#define expect_line(from, ...)							\
	({									\
		long at_ = line_with((from), __VA_ARGS__);			\
		if (at_ < 0)							\
			dump_narration();					\
		ck_assert_msg(at_ >= 0, "missing in the narration: " __VA_ARGS__); \
		at_;								\
	})

static void dump_narration(void)
{
	explain_log_print(&xlog, stderr);
}

/* The lowest pfn of a whole pageblock past the zone's first one. */
static pfn_t second_pageblock(struct machine *m)
{
	struct zone *z = test_normal0(m);

	return pageblock_start_pfn(m, z->zone_start_pfn) + pageblock_nr_pages(m);
}

/*
 * rmqueue_pcplist(): an empty list is refilled by rmqueue_bulk() with
 * batch >> order blocks (at least 2); the block handed out is the list's
 * head, and the rest stays cached.  The next request of the same order
 * and type is a pcp hit.  A 256 MiB zone has a batch above 1
 * (zone_batchsize()), so the refill is more than one block.
 */
START_TEST(test_pcp_refill_and_hit)
{
	struct machine *m = test_boot_node("256M", 1, TEST_K_PLAIN);
	struct per_cpu_pages *pcp = &test_normal0(m)->per_cpu_pageset[0];
	int batch = pcp->batch, count1 = (batch >> 1) > 2 ? batch >> 1 : 2;
	long at;

	ck_assert_int_gt(batch, 2);
	explain_start(m);
	test_alloc_pfn(m, TEST_GFP_MOV, 0);
	at = expect_line(0, "The per-CPU Movable list for order 0 of Node 0 Normal is empty: "
			 "refill it from the buddy lists with %d block(s)", batch);
	at = expect_line(at, "The refill got %d of %d block(s); the CPU now caches %d pages",
			 batch, batch, batch);
	expect_line(at, "from the head of the refilled list (%d pages stay cached", batch - 1);
	ck_assert_int_lt(line_with(0, "has a block"), 0);

	explain_log_clear(&xlog);
	test_alloc_pfn(m, TEST_GFP_MOV, 0);
	expect_line(0, "The per-CPU Movable list for order 0 of Node 0 Normal has a block");
	expect_line(0, "(%d pages stay cached on this CPU)", batch - 2);
	ck_assert_int_lt(line_with(0, "refill"), 0);

	/* A high-order pcp list (order 1): batch >> 1 blocks of 2 pages. */
	explain_log_clear(&xlog);
	test_alloc_pfn(m, TEST_GFP_MOV, 1);
	expect_line(0, "per-CPU Movable list for order 1 of Node 0 Normal is empty: refill "
		    "it from the buddy lists with %d block(s)", count1);
	explain_stop();
	test_release(m);
}
END_TEST

/*
 * A first Unmovable request finds no Unmovable block (__rmqueue_smallest())
 * and falls back (__rmqueue_fallback()): the largest Movable block, order
 * 10, two whole pageblocks, which steal_suitable_fallback() retypes whole.
 * The order-0 request then splits it: expand() frees the upper halves,
 * orders 9 down to 0, onto the Unmovable lists.  The next order-2 request's
 * smallest Unmovable block is the order-4 half at B + 16: expand() puts back
 * its order-3 half at B + 24 and its order-2 half at B + 20.
 */
START_TEST(test_split_order4_for_order2)
{
	struct machine *m = test_boot_node("16M", 1, NO_PCP);
	pfn_t b;
	long at;

	explain_start(m);
	b = test_alloc_pfn(m, TEST_GFP_UNMOV, 4);
	at = expect_line(0, "No free Unmovable block of order 4 or more");
	at = expect_line(at, "Order 10: the fallback list of type Unmovable reaches a free "
			 "Movable block");
	at = expect_line(at, "Take the order-10 Movable block at pfn %lu for the request of "
			 "type Unmovable (steal the pageblock: yes)", (unsigned long)b);
	at = expect_line(at, "The block (order 10) covers 2 whole pageblocks: all of them "
			 "become Unmovable (they were Movable)");
	at = expect_line(at, "is order 10, at pfn %lu", (unsigned long)b);
	for (unsigned int o = 9; o >= 4; o--)
		at = expect_line(at, "Split: the upper half, %lu pages at pfn %lu, goes back on "
				 "the order-%u Unmovable list", 1ul << o,
				 (unsigned long)b + (1ul << o), o);

	explain_log_clear(&xlog);
	ck_assert_uint_eq(test_alloc_pfn(m, TEST_GFP_UNMOV, 2), b + 16);
	at = expect_line(0, "Allocate 4 pages (order 2, gfp GFP_KERNEL) for a request of type "
			 "Unmovable, preferring node 0");
	at = expect_line(at, "The smallest free Unmovable block of order 2 or more on Node 0 "
			 "Normal is order 4, at pfn %lu", (unsigned long)b + 16);
	at = expect_line(at, "Split: the upper half, 8 pages at pfn %lu, goes back on the "
			 "order-3 Unmovable list", (unsigned long)b + 24);
	at = expect_line(at, "Split: the upper half, 4 pages at pfn %lu, goes back on the "
			 "order-2 Unmovable list", (unsigned long)b + 20);
	expect_line(at, "Allocated the order-2 block at pfn %lu from Node 0 Normal",
		    (unsigned long)b + 16);
	/* Nesting: the steps sit one level under the allocation. */
	ck_assert_msg(!strncmp(xlog.lines[0], "Allocate", 8), "%s", xlog.lines[0]);
	ck_assert_msg(!strncmp(xlog.lines[1], "  ", 2), "%s", xlog.lines[1]);
	ck_assert_msg(!strncmp(xlog.lines[xlog.nr_lines - 1], "Allocated", 9), "%s",
		      xlog.lines[xlog.nr_lines - 1]);
	explain_stop();
	test_release(m);
}
END_TEST

/*
 * get_page_from_freelist() walks the zonelist from the preferred zone; a
 * zone whose free pages (less 2^order - 1, the highatomic reserve and CMA
 * the request may not use) are not above its low mark plus lowmem_reserve
 * fails (__zone_watermark_ok()) and the walk goes on.  Node 0, emptied,
 * fails; node 1 passes zone_watermark_fast()'s order-0 check: free pages
 * less the unusable ones above the mark plus lowmem_reserve.
 */
START_TEST(test_watermark_fail_then_next_zone)
{
	struct machine *m = test_boot_node_pair("16M", "16M", NO_PCP);
	struct zone *z0 = test_zone(m, 0, ZONE_NORMAL), *z1 = test_zone(m, 1, ZONE_NORMAL);
	unsigned long low0, low1, free0, free1;
	struct page *page;
	long at;

	test_take_all(m, 0);
	low0 = low_wmark_pages(z0);
	low1 = low_wmark_pages(z1);
	/* The check reads the counter, which may lag the lists by per-CPU deltas. */
	free0 = zone_page_state(z0, NR_FREE_PAGES);
	free1 = zone_page_state(z1, NR_FREE_PAGES);
	ck_assert_uint_le(free0, low0);
	ck_assert_uint_gt(free1, low1);
	explain_start(m);
	page = alloc_pages_node(m, 0, TEST_GFP_MOV, 0);
	ck_assert_ptr_nonnull(page);
	at = expect_line(0, "Node 0 Normal, order 0: %lu free pages, 0 of them out of reach "
			 "(2^order - 1 for the order, 0 in the highatomic reserve, 0 free CMA "
			 "pages this request may not use), must stay above the low mark %lu "
			 "(after ALLOC_HIGH/ALLOC_HARDER: %lu) plus 0 pages kept for lower "
			 "zones' requests: the zone fails the free-pages test", free0, low0, low0);
	at = expect_line(at, "Node 0 Normal fails its watermark: go on to the next zone");
	at = expect_line(at, "Node 1 Normal, order 0: %lu free pages less 0 reserved are above "
			 "the low mark %lu plus 0 kept for lower zones: the zone passes",
			 free1, low1);
	expect_line(at, "Allocated the order-0 block at pfn %lu from Node 1 Normal",
		    (unsigned long)page_to_pfn(m, page));
	explain_stop();
	__free_pages(m, page, 0);
	test_release(m);
}
END_TEST

/*
 * Node 0 all allocated, then free_pages pages freed at the start of
 * pageblock B and the rest of B put on the LRU (move_freepages() counts
 * those movable).  An Unmovable order-0 request falls back to B's largest
 * free block; can_steal_fallback() lets an Unmovable request take the
 * pageblock, move_freepages_block() moves all free_pages, and alike_pages
 * (the used pages that are not movable) is 0.  steal_suitable_fallback()
 * claims the block when free + alike >= half a pageblock (256).
 */
static struct machine *fallback_machine_of(const char *kernel_keys, unsigned long free_pages,
					  pfn_t *b)
{
	struct machine *m = test_boot_node("16M", 1, kernel_keys);
	struct zone *z = test_normal0(m);

	test_take_all(m, 0);
	*b = second_pageblock(m);
	test_free_range(m, *b, free_pages);
	test_set_lru(m, *b + free_pages, pageblock_nr_pages(m) - free_pages);
	ck_assert_uint_gt(free_pages, low_wmark_pages(z));
	ck_assert_uint_eq(m->alloc_knobs.claim_threshold_pages, pageblock_nr_pages(m) / 2);
	explain_start(m);
	ck_assert_ptr_nonnull(alloc_pages_node(m, 0, TEST_GFP_UNMOV, 0));
	return m;
}

static struct machine *fallback_machine(unsigned long free_pages, pfn_t *b)
{
	return fallback_machine_of(NO_PCP, free_pages, b);
}

START_TEST(test_fallback_claims_pageblock)
{
	pfn_t b;
	struct machine *m = fallback_machine(300, &b);
	struct zone *z = test_normal0(m);
	unsigned long max_boost = z->_watermark[WMARK_HIGH] * 15000 / 10000;
	long at;

	/* 300 = 256 + 32 + 8 + 4: the largest block is order 8 at B. */
	at = expect_line(0, "Order 8: the fallback list of type Unmovable reaches a free Movable "
			 "block; may it take over the whole pageblock (can_steal_fallback(): "
			 "order 8 >= 4, or an Unmovable or Reclaimable request)? yes");
	at = expect_line(at, "Take the order-8 Movable block at pfn %lu", (unsigned long)b);
	/* boost_watermark(): a pageblock, capped at max(1.5 x high, a pageblock). */
	if (max_boost < 512)
		max_boost = 512;
	at = expect_line(at, "watermarks are boosted by a pageblock (512 pages) to 512 (at most "
			 "%lu", max_boost);
	at = expect_line(at, "Pageblock at pfn %lu: its 300 free pages moved to the Unmovable "
			 "lists and 0 of its used pages are already of that kind; 300 >= 256 "
			 "(half of 512): the pageblock is claimed, Movable becomes Unmovable",
			 (unsigned long)b);
	/* Then the smallest Unmovable block, order 2 at B + 296, is split. */
	expect_line(at, "is order 2, at pfn %lu", (unsigned long)b + 296);
	ck_assert_int_eq(get_pageblock_migratetype(m, b), MIGRATE_UNMOVABLE);
	explain_stop();
	test_release(m);
}
END_TEST

START_TEST(test_fallback_steals_without_claim)
{
	pfn_t b;
	struct machine *m = fallback_machine(250, &b);
	long at;

	/* 250 = 128 + 64 + 32 + 16 + 8 + 2: the largest block is order 7 at B. */
	at = expect_line(0, "Take the order-7 Movable block at pfn %lu", (unsigned long)b);
	at = expect_line(at, "Pageblock at pfn %lu: its 250 free pages moved to the Unmovable "
			 "lists but only 0 of its used pages are of that kind; 250 < 256 (half "
			 "of 512): the pageblock stays Movable", (unsigned long)b);
	ck_assert_int_eq(get_pageblock_migratetype(m, b), MIGRATE_MOVABLE);
	explain_stop();
	test_release(m);
}
END_TEST

/*
 * The same block under the linux-6.12 profile: __rmqueue_claim() refuses
 * to claim (try_to_steal_block(): 250 < 256) and moves nothing; then
 * __rmqueue_steal() takes the smallest foreign block that fits, order 1
 * at B + 248, and the pageblock keeps its type.
 */
START_TEST(test_fallback_6_12_claim_refused_then_steal)
{
	pfn_t b;
	struct machine *m = fallback_machine_of(NO_PCP ", \"profile\": \"linux-6.12\"", 250, &b);
	long at;

	at = expect_line(0, "Claim pass: look for a foreign block whose whole pageblock the "
			 "request of type Unmovable may claim");
	at = expect_line(at, "Pageblock at pfn %lu: 250 free pages and 0 used pages of the "
			 "request's kind; 250 < 256 (half of 512): not claimed", (unsigned long)b);
	expect_line(at, "Steal pass: take the smallest foreign block that fits, the order-1 "
		    "Movable block at pfn %lu", (unsigned long)b + 248);
	ck_assert_int_eq(get_pageblock_migratetype(m, b), MIGRATE_MOVABLE);
	explain_stop();
	test_release(m);
}
END_TEST

/*
 * Two Unmovable order-0 pages at B and B + 1 (the split of test 2 leaves
 * free halves of order k at B + 2^k).  Freeing B: its buddy B + 1 is in
 * use, so __free_one_page() stops at order 0; the order-1 block B would
 * form has its buddy B + 2 free (buddy_merge_likely()), so B goes to the
 * tail.  Freeing B + 1 then merges at every order: buddy B at order 0,
 * then B + 2^k at order k, up to order 10 (MAX_ORDER - 1), which goes to
 * the head.
 */
START_TEST(test_free_merges_and_tail)
{
	struct machine *m = test_boot_node("16M", 1, NO_PCP);
	pfn_t b = test_alloc_pfn(m, TEST_GFP_UNMOV, 0);
	long at;

	ck_assert_uint_eq(test_alloc_pfn(m, TEST_GFP_UNMOV, 0), b + 1);
	explain_start(m);
	test_free_pfn(m, b, 0);
	at = expect_line(0, "Free the order-0 block at pfn %lu (Node 0 Normal)", (unsigned long)b);
	at = expect_line(at, "The buddy of the order-0 block at pfn %lu, at pfn %lu, is not free "
			 "at order 0: merging stops", (unsigned long)b, (unsigned long)b + 1);
	at = expect_line(at, "The order-1 block at pfn %lu this one would form with its buddy "
			 "has a free buddy of its own (pfn %lu)", (unsigned long)b,
			 (unsigned long)b + 2);
	expect_line(at, "The order-0 block at pfn %lu goes to the tail of the Unmovable list",
		    (unsigned long)b);

	explain_log_clear(&xlog);
	test_free_pfn(m, b + 1, 0);
	at = expect_line(0, "The buddy at pfn %lu is free at order 0 too: merge into the "
			 "order-1 block at pfn %lu", (unsigned long)b, (unsigned long)b);
	for (unsigned int o = 1; o < MAX_ORDER - 1; o++)
		at = expect_line(at, "The buddy at pfn %lu is free at order %u too: merge into "
				 "the order-%u block at pfn %lu", (unsigned long)b + (1ul << o),
				 o, o + 1, (unsigned long)b);
	expect_line(at, "The order-10 block at pfn %lu goes to the head of the Unmovable list, "
		    "the next to be handed out (largest order reached: yes)", (unsigned long)b);
	explain_stop();
	test_release(m);
}
END_TEST

/* An event without a template still prints, as "function(): name key=value". */
START_TEST(test_render_fallback_and_formats)
{
	struct mm_explain_event ev = { .name = "no_such_event", .function = "f",
				       .file = "mm/x.c", .nr_fields = 2,
				       .fields = { { "a", 1 }, { "b", -2 } } };
	char buf[256];

	explain_render(buf, sizeof(buf), &ev);
	ck_assert_str_eq(buf, "f(): no_such_event a=1 b=-2");
	ev.name = "direct_compact_end";
	ev.fields[0] = (struct mm_explain_field){ "result", 1 };
	ev.fields[1] = (struct mm_explain_field){ "captured", 0 };
	explain_render(buf, sizeof(buf), &ev);
	ck_assert_msg(strstr(buf, "COMPACT_SKIPPED") && strstr(buf, "captured as it was freed: no")
		      && strstr(buf, "[f(), mm/x.c]"), "%s", buf);
}
END_TEST

/* ---- the command line ---- */

static char out[1 << 16], err[8192];

static const char explain_trace[] =
	"numasim-trace v1\n"
	"alloc id=a order=2 gfp=GFP_KERNEL\n"
	"free id=a\n";

START_TEST(test_run_explain_file)
{
	char dir[] = "/tmp/numasim-explain-XXXXXX", args[1024], path[128], trace[128];
	char *text, *plain, *explained;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(trace, sizeof(trace), "%s/t.trace", dir);
	test_write_file(trace, explain_trace, strlen(explain_trace));
	snprintf(path, sizeof(path), "%s/narration.txt", dir);
	snprintf(args, sizeof(args), "run -q -c tests/data/cli/small.json -o %s/a --explain %s %s",
		 dir, path, trace);
	ck_assert_int_eq(test_run_numasim(args, out, sizeof(out), err, sizeof(err)), 0);
	text = test_read_file(path);
	ck_assert_msg(strstr(text, "t.trace:2: alloc id=a order=2 gfp=GFP_KERNEL\n  Allocate 4 "
			     "pages (order 2, gfp GFP_KERNEL)"), "%.2000s", text);
	ck_assert_msg(strstr(text, "\n    Walk the zonelist from Node 0"), "%.2000s", text);
	ck_assert_msg(strstr(text, "t.trace:3: free id=a\n  Free the order-2 block"), "%s", text);
	free(text);

	/* The narration changes nothing: results.json is the same without it. */
	snprintf(args, sizeof(args), "run -q -c tests/data/cli/small.json -o %s/b %s", dir, trace);
	ck_assert_int_eq(test_run_numasim(args, out, sizeof(out), err, sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/a/results.json", dir);
	explained = test_read_file(path);
	snprintf(path, sizeof(path), "%s/b/results.json", dir);
	plain = test_read_file(path);
	ck_assert_str_eq(explained, plain);
	free(explained);
	free(plain);

	/* A FILE that cannot be created: status 2, no output at all. */
	snprintf(args, sizeof(args), "run -q -c tests/data/cli/small.json -o %s/c --explain "
		 "%s/nodir/x.txt %s", dir, dir, trace);
	ck_assert_int_eq(test_run_numasim(args, out, sizeof(out), err, sizeof(err)), 2);
	ck_assert_msg(strstr(err, "numasim: ") && strstr(err, "nodir/x.txt"), "%s", err);
	snprintf(path, sizeof(path), "%s/c", dir);
	ck_assert_int_ne(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "%s/nodir", dir);
	ck_assert_int_ne(access(path, F_OK), 0);
	snprintf(args, sizeof(args), "rm -rf %s", dir);
	ck_assert_int_eq(system(args), 0);
}
END_TEST

static int shell_script(const char *script)
{
	char path[] = "/tmp/numasim-explain-script-XXXXXX", cmd[512];
	int fd = mkstemp(path), status;

	ck_assert_int_ge(fd, 0);
	close(fd);
	test_write_file(path, script, strlen(script));
	snprintf(cmd, sizeof(cmd), "{ %s shell --no-color < %s; }", test_numasim_path(), path);
	status = test_run(cmd, out, sizeof(out), err, sizeof(err));
	unlink(path);
	return status;
}

/*
 * explain before any operation, after a verb, after show (which keeps the
 * verb's narration), after help; a free's narration replaces the alloc's.
 */
START_TEST(test_shell_explain)
{
	const char *p, *q;

	ck_assert_int_eq(shell_script("explain\n"), 0);
	ck_assert_str_eq(out, "nothing to explain\n");

	ck_assert_int_eq(shell_script("alloc id=a order=4 gfp=GFP_KERNEL\nexplain\nshow buddyinfo\n"
				      "help\nexplain\nfree id=a\nexplain\n"), 0);
	p = strstr(out, "Allocate 16 pages (order 4, gfp GFP_KERNEL)");
	ck_assert_msg(p, "%s", out);
	q = strstr(p + 1, "Allocate 16 pages (order 4, gfp GFP_KERNEL)");
	ck_assert_msg(q && strstr(q, "Allocated the order-4 block"), "%s", out);
	p = strstr(q, "Free the order-4 block");
	ck_assert_msg(p && !strstr(p, "Allocate 16"), "%s", out);

	ck_assert_int_eq(shell_script("explain now\n"), 2);
	ck_assert_msg(strstr(err, "shell:1: explain: takes no arguments"), "%s", err);
}
END_TEST

Suite *explain_suite(void);

Suite *explain_suite(void)
{
	Suite *s = suite_create("explain");
	TCase *tc = tcase_create("alloc");
	TCase *cli = tcase_create("cli");

	tcase_add_test(tc, test_pcp_refill_and_hit);
	tcase_add_test(tc, test_split_order4_for_order2);
	tcase_add_test(tc, test_watermark_fail_then_next_zone);
	tcase_add_test(tc, test_fallback_claims_pageblock);
	tcase_add_test(tc, test_fallback_steals_without_claim);
	tcase_add_test(tc, test_fallback_6_12_claim_refused_then_steal);
	tcase_add_test(tc, test_free_merges_and_tail);
	tcase_add_test(tc, test_render_fallback_and_formats);
	suite_add_tcase(s, tc);
	tcase_set_timeout(cli, 60);
	tcase_add_test(cli, test_run_explain_file);
	tcase_add_test(cli, test_shell_explain);
	suite_add_tcase(s, cli);
	return s;
}
