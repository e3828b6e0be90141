/*
 * tests/check_init_from.c - starting from a recorded state:
 * mm/zone_restore.c (a zone rebuilt from pageblock, free-list and per-CPU
 * counts) and "numasim run --init-from SNAPDIR" (sim/init_from.c).
 *
 * The kernel's rules the tests hold the rebuilt zones to (Linux 6.1):
 *   - __free_one_page() merges a free block with its buddy whenever that is
 *     free at the same order, across pageblocks too unless one of the two
 *     types may not merge (highatomic, isolate, CMA): so a state the buddy
 *     allocator can be in never has two such free buddies (buddy_check()
 *     says so too), and no more than half of a zone's frames can be free
 *     order-0 blocks when nothing else is free;
 *   - a free list's type may differ from its blocks' pageblock type (6.1
 *     leaves such blocks behind fallbacks that do not claim);
 *   - reserve_highatomic_pageblock() counts pageblock_nr_pages per
 *     highatomic pageblock in nr_reserved_highatomic;
 *   - free_unref_page() caches a page's pageblock type on its per-CPU list;
 *   - pagetypeinfo_showfree_print() stops counting a list at 100000 and
 *     prints ">100000"; frag_show_print() (buddyinfo) counts nr_free;
 *   - page_owner records each allocation's gfp migratetype, and
 *     pagetypeinfo_showmixedcount_print() counts a pageblock mixed when it
 *     holds an allocated page of another migratetype than the block's;
 *     the LRU pages (zoneinfo's nr_zone_* LRU counters) are user and page
 *     cache memory, allocated movable;
 *   - get_page_from_freelist() moves to the next node's zones when a zone's
 *     free pages would fall below its watermark (numa_miss on the zone that
 *     served, zone_statistics()).
 * The machines of the mm tests: one node of 64 MiB (16384 frames, 32
 * pageblocks of 512, 16 order-10 blocks), one CPU, nothing reserved, so
 * boot leaves every pageblock Movable and every frame free.  The command
 * tests use the recordings' snapshot before the anon_frag phase
 * (tests/data/diff/anon_frag.before, read by hand: the lines are named) on
 * the reference machine, and a small machine (tests/data/init_from/) for
 * round trips through numasim's own snapshots.
 *
 * No kernel counterpart: tests.
 */
#include <check.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mm/internal.h"
#include "mm/pageblock-flags.h"
#include "mm/vmstat.h"
#include "mm/vmstat_counters.h"
#include "mm/zone_restore.h"
#include "sim/procparse.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"

#define U		MIGRATE_UNMOVABLE
#define M		MIGRATE_MOVABLE
#define R		MIGRATE_RECLAIMABLE
#define H		MIGRATE_HIGHATOMIC
#define NODE_PAGES	16384ul
#define PB_PAGES	512ul

/* ---- mm: zone_restore() ---- */

static struct machine *boot_64m(const char *kernel_keys)
{
	return test_boot_node("64M", 1, kernel_keys);
}

static struct zone_restore_want *new_want(unsigned long u, unsigned long m, unsigned long r,
					  unsigned long h)
{
	struct zone_restore_want *w = calloc(1, sizeof(*w));

	ck_assert_ptr_nonnull(w);
	w->pageblocks[U] = u;
	w->pageblocks[M] = m;
	w->pageblocks[R] = r;
	w->pageblocks[H] = h;
	return w;
}

/* 4 Unmovable, 26 Movable, 2 Reclaimable pageblocks; free blocks of each; 50 per-CPU pages. */
static struct zone_restore_want *example_want(void)
{
	struct zone_restore_want *w = new_want(4, 26, 2, 0);

	w->nr_free[10][M] = 8;
	w->nr_free[9][M] = 2;
	w->nr_free[3][M] = 5;
	w->nr_free[0][M] = 7;
	w->nr_free[2][U] = 3;
	w->nr_free[0][U] = 1;
	w->nr_free[1][R] = 2;
	w->pcp_pages[0] = 50;
	return w;
}

static void restore_ok(struct machine *m, struct zone *z, const struct zone_restore_want *w,
		       struct zone_restore_result *res)
{
	char err[256] = "";

	ck_assert_msg(zone_restore(m, z, w, res, err, sizeof(err)) == 0, "%s", err);
	test_check(m);
}

/* Every count of the description, read back as pagetypeinfo and zoneinfo would. */
START_TEST(test_restore_counts)
{
	struct machine *m = boot_64m(TEST_K_PLAIN);
	struct zone *z = test_normal0(m);
	struct zone_restore_want *w = example_want();
	struct zone_restore_result res;
	unsigned long counts[MIGRATE_TYPES], free_pages = 0;

	restore_ok(m, z, w, &res);
	for (unsigned int order = 0; order < MAX_ORDER; order++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			ck_assert_uint_eq(free_list_length(m, z, order, mt), w->nr_free[order][mt]);
			free_pages += w->nr_free[order][mt] << order;
		}
	/* 8 * 1024 + 2 * 512 + 5 * 8 + 7 + 3 * 4 + 1 + 2 * 2 */
	ck_assert_uint_eq(free_pages, 9280);
	ck_assert_uint_eq(zone_free_pages(z), free_pages);
	/* folded: zoneinfo's lagging counter is exact too */
	ck_assert_uint_eq(zone_page_state(z, NR_FREE_PAGES), free_pages);
	ck_assert_int_eq(z->per_cpu_pageset[0].count, 50);
	pageblock_type_counts(m, z, counts);
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		ck_assert_uint_eq(counts[mt], w->pageblocks[mt]);
	ck_assert_uint_eq(res.used_pages, NODE_PAGES - free_pages - 50);
	ck_assert_uint_eq(zone_restore_misplaced(&res), 0);
	/* boot made every block Movable: the 6 others were retyped */
	ck_assert_uint_eq(res.pageblocks_retyped, 6);
	free(w);
	test_release(m);
}
END_TEST

/*
 * The placement rules: lacking blocks taken from the lowest addresses
 * (Unmovable 0-3, then Reclaimable 4-5), each free block inside its list
 * type's pageblocks, each allocated page recorded with its block's type,
 * each per-CPU page on its block type's list, caching that type.
 */
START_TEST(test_restore_placement)
{
	struct machine *m = boot_64m(TEST_K_PLAIN);
	struct zone *z = test_normal0(m);
	struct zone_restore_want *w = example_want();
	struct zone_restore_result res;
	struct page *page;

	restore_ok(m, z, w, &res);
	for (pfn_t pfn = 0; pfn < NODE_PAGES; pfn += PB_PAGES)
		ck_assert_int_eq(get_pageblock_migratetype(m, pfn),
				 pfn < 4 * PB_PAGES ? U : pfn < 6 * PB_PAGES ? R : M);
	for (unsigned int order = 0; order < MAX_ORDER; order++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			page_list_for_each(m, page, &z->free_area[order].free_list[mt])
				ck_assert_int_eq(get_pageblock_migratetype(m, page_to_pfn(m, page)),
						 mt);
	for (pfn_t pfn = 0; pfn < NODE_PAGES; pfn++) {
		page = pfn_to_page(m, pfn);
		if (page->_refcount != 1)
			continue;
		ck_assert(page->owner & PAGE_OWNER_VALID);
		ck_assert_int_eq((int)(page->owner & PAGE_OWNER_MT_MASK),
				 get_pageblock_migratetype(m, pfn));
	}
	for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
		page_list_for_each(m, page, &z->per_cpu_pageset[0].lists[mt]) {
			ck_assert_int_eq(get_pageblock_migratetype(m, page_to_pfn(m, page)), mt);
			ck_assert_int_eq(get_pcppage_migratetype(page), mt);
		}
	free(w);
	test_release(m);
}
END_TEST

/* The zone's allocated pages by [pageblock type][recorded gfp migratetype]. */
static void tally_used(struct machine *m, unsigned long tally[MIGRATE_TYPES][MIGRATE_TYPES],
		       pfn_t *last_unmovable_in_movable, pfn_t *first_movable_in_movable)
{
	memset(tally, 0, sizeof(unsigned long) * MIGRATE_TYPES * MIGRATE_TYPES);
	*last_unmovable_in_movable = 0;
	*first_movable_in_movable = PFN_NONE;
	for (pfn_t pfn = 0; pfn < NODE_PAGES; pfn++) {
		struct page *page = pfn_to_page(m, pfn);
		int block = get_pageblock_migratetype(m, pfn), kind;

		if (page->_refcount != 1)
			continue;
		kind = (int)(page->owner & PAGE_OWNER_MT_MASK);
		tally[block][kind]++;
		if (block == M && kind == U)
			*last_unmovable_in_movable = pfn;
		if (block == M && kind == M && *first_movable_in_movable == PFN_NONE)
			*first_movable_in_movable = pfn;
	}
}

/*
 * Fewer LRU pages than the Movable pageblocks hold allocated: the LRU
 * pages are movable, the rest of those blocks' allocated pages unmovable
 * (fallbacks that did not claim), the lowest addresses first, and only
 * the blocks holding them count as mixed.
 */
START_TEST(test_restore_kinds_few_lru)
{
	struct machine *m = boot_64m(TEST_K_PLAIN);
	struct zone *z = test_normal0(m);
	struct zone_restore_want *w = example_want();
	struct zone_restore_result res;
	unsigned long tally[MIGRATE_TYPES][MIGRATE_TYPES], mixed[MIGRATE_TYPES];
	unsigned long in_movable;
	pfn_t last_u, first_m;

	w->lru_known = true;
	w->lru_pages = 100;
	restore_ok(m, z, w, &res);
	tally_used(m, tally, &last_u, &first_m);
	in_movable = tally[M][M] + tally[M][U];
	ck_assert_uint_gt(in_movable, 100);
	ck_assert_uint_eq(tally[M][M], 100);
	ck_assert_uint_eq(res.used_movable, 100);
	ck_assert_uint_eq(res.used_unmovable_in_movable, in_movable - 100);
	ck_assert_uint_eq(res.used_movable_elsewhere, 0);
	ck_assert_uint_lt(last_u, first_m);
	/* the other types' allocated pages keep their blocks' kinds */
	ck_assert_uint_eq(tally[U][M] + tally[R][M] + tally[R][U] + tally[U][R], 0);
	pageblock_mixed_counts(m, z, mixed);
	ck_assert_uint_eq(mixed[U] + mixed[R], 0);
	/* the unmovable pages fill whole blocks before the next: at most one block shared */
	ck_assert_uint_le(mixed[M], (in_movable - 100 + PB_PAGES - 1) / PB_PAGES + 1);
	ck_assert_uint_ge(mixed[M], 1);
	free(w);
	test_release(m);
}
END_TEST

/*
 * More LRU pages than the Movable pageblocks hold allocated: all of those
 * are movable, and the rest of the LRU pages sit in the other types'
 * blocks, which become mixed; without the LRU count every allocated page
 * is of its block's kind.
 */
START_TEST(test_restore_kinds_many_lru)
{
	struct machine *m = boot_64m(TEST_K_PLAIN);
	struct zone *z = test_normal0(m);
	struct zone_restore_want *w = example_want();
	struct zone_restore_result res;
	unsigned long tally[MIGRATE_TYPES][MIGRATE_TYPES], mixed[MIGRATE_TYPES];
	unsigned long in_movable, in_others;
	pfn_t last_u, first_m;

	restore_ok(m, z, w, &res);
	tally_used(m, tally, &last_u, &first_m);
	in_movable = tally[M][M];
	in_others = tally[U][U] + tally[R][R];
	ck_assert_uint_eq(tally[M][U] + tally[U][M] + tally[R][M], 0);
	ck_assert_uint_eq(res.used_movable + res.used_unmovable_in_movable, 0);
	test_release(m);

	m = boot_64m(TEST_K_PLAIN);
	z = test_normal0(m);
	w->lru_known = true;
	w->lru_pages = in_movable + 10;
	restore_ok(m, z, w, &res);
	tally_used(m, tally, &last_u, &first_m);
	ck_assert_uint_eq(tally[M][M], in_movable);
	ck_assert_uint_eq(tally[U][M] + tally[R][M], 10);
	ck_assert_uint_eq(tally[U][U] + tally[R][R], in_others - 10);
	ck_assert_uint_eq(res.used_movable, in_movable + 10);
	ck_assert_uint_eq(res.used_movable_elsewhere, 10);
	pageblock_mixed_counts(m, z, mixed);
	ck_assert_uint_eq(mixed[M], 0);
	ck_assert_uint_eq(mixed[U] + mixed[R], 1);
	free(w);
	test_release(m);
}
END_TEST

/*
 * Two free order-9 buddies in Movable pageblocks would be one order-10
 * block: of 32 order-9 blocks asked for, one per order-10 pair fits, and
 * the other 16 stay allocated.  Order 0 likewise: half the frames at most.
 */
START_TEST(test_restore_never_free_buddies)
{
	struct machine *m = boot_64m(TEST_K_PLAIN);
	struct zone *z = test_normal0(m);
	struct zone_restore_want *w = new_want(0, 32, 0, 0);
	struct zone_restore_result res;

	w->nr_free[9][M] = 32;
	restore_ok(m, z, w, &res);
	ck_assert_uint_eq(free_list_length(m, z, 9, M), 16);
	ck_assert_uint_eq(res.unplaced[9][M], 16);
	ck_assert_uint_eq(res.used_pages, 16 * PB_PAGES);
	test_release(m);

	m = boot_64m(TEST_K_PLAIN);
	z = test_normal0(m);
	w->nr_free[9][M] = 0;
	w->nr_free[0][M] = NODE_PAGES / 2 + 1;
	restore_ok(m, z, w, &res);
	ck_assert_uint_eq(free_list_length(m, z, 0, M), NODE_PAGES / 2);
	ck_assert_uint_eq(res.unplaced[0][M], 1);
	free(w);
	test_release(m);
}
END_TEST

/*
 * One Unmovable pageblock holds one order-9 block; the second goes to a
 * Movable pageblock, on the Unmovable list: the lower half of the highest
 * order-10 pair, pfn 15360 (rule 2), whose upper half stays allocated.
 */
START_TEST(test_restore_foreign_block)
{
	struct machine *m = boot_64m(TEST_K_PLAIN);
	struct zone *z = test_normal0(m);
	struct zone_restore_want *w = new_want(1, 31, 0, 0);
	struct zone_restore_result res;

	w->nr_free[9][U] = 2;
	restore_ok(m, z, w, &res);
	ck_assert_uint_eq(res.foreign[9][U], 1);
	test_expect_list(m, &z->free_area[9].free_list[U], 0, 15360);
	ck_assert_int_eq(get_pageblock_migratetype(m, 0), U);
	ck_assert_int_eq(get_pageblock_migratetype(m, 15360), M);
	ck_assert_uint_eq(pfn_to_page(m, 15872)->_refcount, 1);
	free(w);
	test_release(m);
}
END_TEST

/*
 * A zone partly in use keeps its memory in use at the lowest addresses of
 * each type's pageblocks and its large free blocks above: boot frees
 * memory to the tails of the free lists in ascending order
 * (memblock_free_all() -> __free_pages_core(), FPI_TO_TAIL) and
 * __rmqueue_smallest() takes the head of a list, so allocations fill a
 * zone from the bottom.  Unmovable takes blocks 0-3 (rule 1); its free
 * order-9 block is split from the higher of their two order-10 pieces, as
 * its lower half (block 2; the upper half stays for smaller blocks);
 * Movable's four order-10 blocks are the highest four pairs, and every
 * other frame below them is in use.
 */
START_TEST(test_restore_free_at_top)
{
	struct machine *m = boot_64m(TEST_K_PLAIN);
	struct zone *z = test_normal0(m);
	struct zone_restore_want *w = new_want(4, 28, 0, 0);
	struct zone_restore_result res;

	w->nr_free[10][M] = 4;
	w->nr_free[9][U] = 1;
	restore_ok(m, z, w, &res);
	test_expect_list(m, &z->free_area[10].free_list[M], 12288, 13312, 14336, 15360);
	test_expect_list(m, &z->free_area[9].free_list[U], 2 * PB_PAGES);
	for (pfn_t pfn = 0; pfn < 12288; pfn++)
		if (pfn < 2 * PB_PAGES || pfn >= 3 * PB_PAGES)
			ck_assert_uint_eq(pfn_to_page(m, pfn)->_refcount, 1);
	ck_assert_uint_eq(res.used_pages, NODE_PAGES - 4 * 1024 - PB_PAGES);
	ck_assert_uint_eq(zone_restore_misplaced(&res), 0);
	free(w);
	test_release(m);
}
END_TEST

/*
 * A highatomic pageblock: reserved in nr_reserved_highatomic, and its free
 * order-9 block stays apart from its Movable buddy's.
 */
START_TEST(test_restore_highatomic)
{
	struct machine *m = boot_64m(TEST_K_PLAIN);
	struct zone *z = test_normal0(m);
	struct zone_restore_want *w = new_want(0, 31, 0, 1);
	struct zone_restore_result res;

	w->nr_free[9][H] = 1;
	w->nr_free[9][M] = 1;
	restore_ok(m, z, w, &res);
	ck_assert_uint_eq(z->nr_reserved_highatomic, PB_PAGES);
	test_expect_list(m, &z->free_area[9].free_list[H], 0);
	test_expect_list(m, &z->free_area[9].free_list[M], 512);
	ck_assert_uint_eq(zone_restore_misplaced(&res), 0);
	free(w);
	test_release(m);
}
END_TEST

/*
 * Boot's own Unmovable pageblocks stay so: on a 256 MiB node, deferred
 * init leaves the top 4 MiB that boot reserves for the memmap (two whole
 * pageblocks, their first frames never freed) Unmovable; asked for 3
 * Unmovable blocks, the restore keeps those two and takes block 0.
 */
START_TEST(test_restore_keeps_boot_types)
{
	struct machine *m = test_boot_node("256M", 1, TEST_K_BASE);
	struct zone *z = test_normal0(m);
	struct zone_restore_want *w = new_want(3, 125, 0, 0);
	struct zone_restore_result res;

	for (unsigned long b = 0; b < 128; b++)
		ck_assert_int_eq(get_pageblock_migratetype(m, b * PB_PAGES), b >= 126 ? U : M);
	w->nr_free[10][M] = 10;
	restore_ok(m, z, w, &res);
	for (unsigned long b = 0; b < 128; b++)
		ck_assert_int_eq(get_pageblock_migratetype(m, b * PB_PAGES),
				 b == 0 || b >= 126 ? U : M);
	ck_assert_uint_eq(res.pageblocks_retyped, 1);
	free(w);
	test_release(m);
}
END_TEST

/*
 * After the restore the allocator serves the head of a list, its lowest
 * block: __rmqueue_smallest() takes the smallest order with a Movable
 * block, order 0 here (4 order-10 blocks keep the zone above its marks).
 */
START_TEST(test_restore_then_allocate)
{
	struct machine *m = boot_64m(TEST_K_PLAIN ", \"pcp\": false");
	struct zone *z = test_normal0(m);
	struct zone_restore_want *w = new_want(0, 32, 0, 0);
	struct zone_restore_result res;
	pfn_t head;

	w->nr_free[0][M] = 3;
	w->nr_free[4][M] = 1;
	w->nr_free[10][M] = 4;
	restore_ok(m, z, w, &res);
	head = page_to_pfn(m, page_list_first(m, &z->free_area[0].free_list[M]));
	for (const struct page *p = page_list_first(m, &z->free_area[0].free_list[M]); p;
	     p = page_list_next(m, p))
		ck_assert_uint_le(head, page_to_pfn(m, p));
	ck_assert_uint_eq(test_alloc_pfn(m, TEST_GFP_MOV, 0), head);
	ck_assert_uint_eq(zone_free_pages(z), 2 + 16 + 4 * 1024);
	free(w);
	test_release(m);
}
END_TEST

static void expect_refused(struct machine *m, const struct zone_restore_want *w, int error,
			   const char *says)
{
	struct zone_restore_result res;
	struct zone *z = test_normal0(m);
	unsigned long free_before = zone_free_pages(z);
	char err[256] = "";

	ck_assert_int_eq(zone_restore(m, z, w, &res, err, sizeof(err)), error);
	ck_assert_msg(strstr(err, says), "'%s' does not say '%s'", err, says);
	ck_assert_uint_eq(zone_free_pages(z), free_before);
	test_check(m);
}

/* What does not fit the zone, or a machine that is not fresh, changes nothing. */
START_TEST(test_restore_refuses)
{
	struct machine *m = boot_64m(TEST_K_PLAIN);
	struct zone_restore_want *w = new_want(0, 31, 0, 0);

	expect_refused(m, w, -EINVAL, "31 pageblocks wanted, the zone has 32");
	w->pageblocks[M] = 30;
	w->pageblocks[MIGRATE_ISOLATE] = 2;
	expect_refused(m, w, -EINVAL, "Isolate");
	w->pageblocks[M] = 32;
	w->pageblocks[MIGRATE_ISOLATE] = 0;
	w->pcp_pages[1] = 1;
	expect_refused(m, w, -EINVAL, "cpu 1");
	w->pcp_pages[1] = 0;
	w->nr_free[10][M] = 16;
	w->pcp_pages[0] = 1;
	expect_refused(m, w, -EINVAL,
		       "more free and per-CPU pages wanted than the 16384 the zone manages");
	w->pcp_pages[0] = 0;
	w->nr_free[0][M] = ~0ul;
	expect_refused(m, w, -EINVAL, "more free and per-CPU pages wanted than the 16384");
	w->nr_free[0][M] = 0;
	w->pageblocks[U] = ~0ul;
	expect_refused(m, w, -EINVAL, "more than 32 pageblocks wanted, the zone has 32");
	w->pageblocks[U] = 0;
	w->pcp_pages[0] = 0;
	proc_spawn(m, 1);
	expect_refused(m, w, -EBUSY, "not freshly booted");
	free(w);
	test_release(m);
}
END_TEST

/* ---- the command ---- */

#define BEFORE		"tests/data/diff/anon_frag.before"
#define ORACLE		"configs/oracle-2node.json"
#define SMALL		"tests/data/init_from/small.json"
#define OUT_BYTES	(1u << 16)

static char work[64];
static char out[OUT_BYTES];
static char err[4096];

static void cmd_setup(void)
{
	test_scratch_dir(work, sizeof(work), "init-from");
}

static void cmd_teardown(void)
{
	test_remove_dir(work);
}

/* "numasim ARGS" and a shell command that must succeed ("@": the scratch directory). */
#define numasim(...)	test_numasim_at(work, out, sizeof(out), err, sizeof(err), __VA_ARGS__)
#define sh(...)		test_sh_at(work, __VA_ARGS__)

/* A trace that only takes a snapshot, "start", at the first event. */
static void write_start_trace(void)
{
	static const char trace[] = "numasim-trace v1\nsnapshot name=start\n";

	test_write_file(test_path_in(work, "start.trace"), trace, sizeof(trace) - 1);
}

static json_t *load_results(const char *rel)
{
	json_error_t jerr;
	json_t *root = json_load_file(test_path_in(work, rel), 0, &jerr);

	ck_assert_msg(root != NULL, "%s: %s", rel, jerr.text);
	return root;
}

static void expect_array(json_t *a, const unsigned long *want, size_t n, const char *what)
{
	ck_assert_msg(json_is_array(a) && json_array_size(a) == n, "%s: not %zu numbers", what, n);
	for (size_t i = 0; i < n; i++)
		ck_assert_msg((unsigned long)json_integer_value(json_array_get(a, i)) == want[i],
			      "%s[%zu]: %lld, want %lu", what, i,
			      (long long)json_integer_value(json_array_get(a, i)), want[i]);
}

/* The "count:" lines of a zoneinfo, in order (each CPU of each populated zone). */
static char *pcp_counts(const char *path)
{
	char *text = test_read_file(path), *counts = calloc(1, strlen(text) + 1);

	ck_assert_ptr_nonnull(counts);
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
		if (strstr(line, "count:"))
			strcat(strcat(counts, line), "\n");
	free(text);
	return counts;
}

static void expect_same_file(const char *a, const char *b)
{
	char *x = test_read_file(a), *y = test_read_file(b);

	ck_assert_msg(!strcmp(x, y), "%s and %s differ", a, b);
	free(x);
	free(y);
}

static void expect_same_pcp_counts(const char *a, const char *b)
{
	char *x = pcp_counts(a), *y = pcp_counts(b);

	ck_assert_str_eq(x, y);
	free(x);
	free(y);
}

/*
 * The recordings' snapshot on the reference machine.  Its node 0 DMA32
 * zone, read off the files: free blocks per order the sum of pagetypeinfo
 * lines 10-14 (60 20 37 36 20 17 7 6 2 6 426: 442424 pages), pageblocks
 * line 18 (635 373 8 0 0), per-CPU pages zoneinfo lines 116 and 121
 * (13540, 0), nr_free_pages line 97 (442448, which lags the lists by 24:
 * within the CPUs' thresholds of 20).  The state taken at the first event
 * shows the recorded pagetypeinfo byte for byte and the same per-CPU
 * counts; buddyinfo's line 2 disagrees with pagetypeinfo at orders 0-5,
 * which a note says.
 */
START_TEST(test_recorded_snapshot)
{
	static const unsigned long free_blocks[MAX_ORDER] = {
		60, 20, 37, 36, 20, 17, 7, 6, 2, 6, 426
	};
	static const unsigned long pcp[2] = { 13540, 0 };
	json_t *root, *z;

	write_start_trace();
	ck_assert_int_eq(numasim("run -c " ORACLE " --check=1 --init-from " BEFORE
				 " -o @/out @/start.trace"), 0);
	ck_assert_msg(strstr(out, "started from " BEFORE " (buddyinfo, pagetypeinfo, zoneinfo): "
			     "every count matches\n"), "%s", out);
	expect_same_file(test_path_in(work, "out/snapshots/start/pagetypeinfo"),
			 BEFORE "/pagetypeinfo");
	expect_same_pcp_counts(test_path_in(work, "out/snapshots/start/zoneinfo"),
			       BEFORE "/zoneinfo");
	root = load_results("out/results.json");
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(root, "init_from"),
							     "counts_differ")), 0);
	z = json_array_get(json_object_get(json_object_get(root, "init_from"), "zones"), 1);
	ck_assert_str_eq(json_string_value(json_object_get(z, "zone")), "DMA32");
	expect_array(json_object_get(json_object_get(z, "free_blocks"), "recorded"), free_blocks,
		     MAX_ORDER, "recorded free_blocks");
	expect_array(json_object_get(json_object_get(z, "free_blocks"), "reconstructed"),
		     free_blocks, MAX_ORDER, "reconstructed free_blocks");
	expect_array(json_object_get(json_object_get(z, "pcp_pages"), "reconstructed"), pcp, 2,
		     "reconstructed pcp_pages");
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(z, "free_pages"),
							     "recorded")), 442424);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(z, "free_pages"),
							     "zoneinfo")), 442448);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(json_object_get(z,
				"pageblocks"), "reconstructed"), "Unmovable")), 635);
	ck_assert_msg(strstr(json_string_value(json_array_get(json_object_get(z, "notes"), 0)),
			     "order 0 61 (not 60); order 1 21 (not 20); order 2 40 (not 37); "
			     "order 3 34 (not 36); order 4 21 (not 20); order 5 16 (not 17)"),
		      "the buddyinfo note");
	/* node 1 Normal's LRU pages (zoneinfo: inactive_anon 7382 + active_anon 1782) */
	z = json_object_get(json_array_get(json_object_get(json_object_get(root, "init_from"),
							    "zones"), 3), "used_kinds");
	ck_assert_int_eq(json_integer_value(json_object_get(z, "lru_recorded")), 7382 + 1782);
	ck_assert_int_eq(json_integer_value(json_object_get(z, "movable")), 7382 + 1782);
	json_decref(root);
}
END_TEST

/*
 * Round trip: numasim's own snapshots of a churned small machine, each
 * restored on a fresh boot, show the same buddyinfo, pagetypeinfo and
 * per-CPU counts at the first event.
 */
START_TEST(test_round_trip)
{
	static const char *const names[] = { "filled", "mid", "end" };

	write_start_trace();
	ck_assert_int_eq(numasim("run -q -c " SMALL " --seed 7 --check=5000 -o @/first"), 0);
	for (size_t i = 0; i < TEST_ARRAY_SIZE(names); i++) {
		char snap[128];

		snprintf(snap, sizeof(snap), "first/snapshots/%s", names[i]);
		sh("rm -rf @/again");
		ck_assert_int_eq(numasim("run -q -c " SMALL " --check=1 --init-from @/%s -o @/again "
					 "@/start.trace", snap), 0);
		for (int f = 0; f < 3; f++) {
			static const char *const files[] = { "buddyinfo", "pagetypeinfo", "zoneinfo" };
			char a[256], b[256];

			snprintf(a, sizeof(a), "%s/again/snapshots/start/%s", work, files[f]);
			snprintf(b, sizeof(b), "%s/%s/%s", work, snap, files[f]);
			if (f < 2)
				expect_same_file(a, b);
			else
				expect_same_pcp_counts(a, b);
		}
	}
}
END_TEST

/* The trace, 900 order-9 movable allocations on CPU 0 (node 0), written out. */
static void write_thp_trace(void)
{
	FILE *f = fopen(test_path_in(work, "thp.trace"), "w");

	ck_assert_ptr_nonnull(f);
	fprintf(f, "numasim-trace v1\n");
	for (int i = 0; i < 900; i++)
		fprintf(f, "alloc id=t%d order=9 gfp=GFP_HIGHUSER_MOVABLE|__GFP_COMP cpu=0\n", i);
	ck_assert_int_eq(fclose(f), 0);
}

static long numa_miss_of(const char *rel)
{
	json_t *root = load_results(rel);
	long v = (long)json_integer_value(json_object_get(json_object_get(root, "counters"),
							  "numa_miss"));

	json_decref(root);
	return v;
}

/*
 * Why start from a recorded state: 900 order-9 blocks (460800 pages) fit
 * in node 0 after a fresh boot (DMA32 manages 511890 pages), but the
 * recorded node 0 had 3712 + 442424 pages free (pagetypeinfo), 871 such
 * blocks at most: at least 29 allocations come from node 1, numa_miss.
 */
START_TEST(test_trace_runs_from_there)
{
	write_thp_trace();
	ck_assert_int_eq(numasim("run -q -c " ORACLE " -o @/fresh @/thp.trace"), 0);
	ck_assert_int_eq(numa_miss_of("fresh/results.json"), 0);
	ck_assert_int_eq(numasim("run -q -c " ORACLE " --init-from " BEFORE " -o @/rec @/thp.trace"),
			 0);
	ck_assert_int_ge(numa_miss_of("rec/results.json"), 29);
}
END_TEST

/*
 * A capped count (edits of a copy: node 0 DMA32's Unmovable order-0 count
 * ">100000" and 94 order-10 blocks, not 240; buddyinfo's order-0 total
 * 100060 and order-10 280; zoneinfo's free pages 392920 to match).
 * buddyinfo resolves it: 100060 - 11 Movable - 3 Reclaimable = 100046,
 * which pagetypeinfo prints capped again.  Without buddyinfo: 100000, a
 * count that differs, and a note.
 */
START_TEST(test_capped_count)
{
	json_t *root, *z;

	write_start_trace();
	sh("cp -r " BEFORE " @/s && cd @/s && "
	   "sed -i '10s/Unmovable     46 /Unmovable >100000 /; 10s/   240 $/    94 /' "
	   "pagetypeinfo && "
	   "sed -i '2s/DMA32     61 /DMA32 100060 /; 2s/   426 $/   280 /' buddyinfo && "
	   "sed -i 's/ 442448$/ 392920/' zoneinfo && cp pagetypeinfo @/capped.pagetypeinfo");
	ck_assert_int_eq(numasim("run -c " ORACLE " --check=1 --init-from @/s -o @/out "
				 "@/start.trace"), 0);
	ck_assert_msg(strstr(out, "note: pagetypeinfo capped the Unmovable order-0 count (>100000); "
			     "buddyinfo's order-0 total gives 100046\n"), "%s", out);
	expect_same_file(test_path_in(work, "out/snapshots/start/pagetypeinfo"),
			 test_path_in(work, "capped.pagetypeinfo"));
	root = load_results("out/results.json");
	z = json_array_get(json_object_get(json_object_get(root, "init_from"), "zones"), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(json_object_get(
		json_object_get(z, "free_area"), "reconstructed"), "0"), "Unmovable")), 100046);
	ck_assert_int_eq(json_integer_value(json_object_get(z, "counts_differ")), 0);
	json_decref(root);

	sh("rm @/s/buddyinfo");
	ck_assert_int_eq(numasim("run -c " ORACLE " --check=1 --init-from @/s -o @/out2 "
				 "@/start.trace"), 0);
	ck_assert_msg(strstr(out, "(pagetypeinfo, zoneinfo): 1 count differs\n"), "%s", out);
	ck_assert_msg(strstr(out, "note: pagetypeinfo capped the Unmovable order-0 count (>100000): "
			     "100000 reconstructed, the zone had more\n"), "%s", out);
}
END_TEST

/* Bad input: a prepared folder, the run's arguments, its one message ("@": scratch). */
static const struct {
	const char *prepare;
	const char *args;
	const char *message;
} bad_cases[] = {
	{ NULL, "--init-from @/nope", "@/nope: cannot open: No such file or directory" },
	{ "mkdir @/s", "--init-from @/s", NULL },	/* no known file: proc_file_names */
	{ "mkdir @/s && cp " BEFORE "/vmstat @/s", "--init-from @/s",
	  "@/s: no zoneinfo in it: --init-from needs zoneinfo and pagetypeinfo" },
	{ "mkdir @/s && cp " BEFORE "/zoneinfo @/s", "--init-from @/s",
	  "@/s: no pagetypeinfo in it: --init-from needs zoneinfo and pagetypeinfo" },
	/* another machine: the default one has no DMA zone (zoneinfo line 53: managed 3840) */
	{ NULL, "-c configs/default.json --init-from " BEFORE,
	  BEFORE "/zoneinfo:53: node 0 DMA: managed 3840 in the snapshot, 0 in "
	  "configs/default.json" },
	{ "cp -r " BEFORE " @/s && sed -i 's/managed  234407/managed  230000/' @/s/zoneinfo",
	  "--init-from @/s",
	  "@/s/zoneinfo:223: node 1 DMA32: managed 230000 in the snapshot, 234407 in " ORACLE },
	/* a third CPU: no pageset of it (node 0 DMA's managed line, 53) */
	{ "cp -r " BEFORE " @/s && sed 's/\"mem\": \"3G\", \"cpus\": 1/\"mem\": \"3G\", \"cpus\": 2/' "
	  ORACLE " > @/three.json", "-c @/three.json --init-from @/s",
	  "@/s/zoneinfo:53: node 0 DMA: no pageset of cpu 2 in the snapshot, @/three.json has "
	  "CPUs 0-2" },
	/* cpu 5's first item by name is its batch, line 82 */
	{ "cp -r " BEFORE " @/s && sed -i '79s/cpu: 1/cpu: 5/' @/s/zoneinfo", "--init-from @/s",
	  "@/s/zoneinfo:82: node 0 DMA: cpu 5 in the snapshot, " ORACLE " has CPUs 0-1" },
	{ "cp -r " BEFORE " @/s && sed -i 's/order: 9/order: 10/' @/s/pagetypeinfo",
	  "--init-from @/s",
	  "@/s/pagetypeinfo:1: pageblock order 10 in the snapshot, 9 in " ORACLE },
	{ "cp -r " BEFORE " @/s && sed -i '36s/326/327/' @/s/pagetypeinfo", "--init-from @/s",
	  "@/s/pagetypeinfo:36: node 1 Normal: 513 pageblocks in the snapshot, 512 in " ORACLE },
	/*
	 * 20 more order-10 Movable blocks in node 1 Normal: 182688 + 20480
	 * pages, 20482 above nr_free_pages; the per-CPU pages (0 + 7086) and
	 * thresholds (16 + 16) explain 7118.
	 */
	{ "cp -r " BEFORE " @/s && sed -i '29s/ 79 $/ 99 /' @/s/pagetypeinfo", "--init-from @/s",
	  "@/s/pagetypeinfo:28: node 1 Normal: the free lists hold 203168 pages, zoneinfo's "
	  "nr_free_pages is 182686: more apart than the 7118 pages the per-CPU lists and the "
	  "counters' drift explain" },
	{ "cp -r " BEFORE " @/s && sed -i '291s/7086/90000/' @/s/zoneinfo", "--init-from @/s",
	  "@/s/zoneinfo:264: node 1 Normal: 182688 free and 90000 per-CPU pages recorded, more "
	  "than its 253135 managed pages" },
	{ "cp -r " BEFORE " @/s && sed -i '245s/count: 9/count: -1/' @/s/zoneinfo",
	  "--init-from @/s", "@/s/zoneinfo:245: node 1 DMA32: negative count -1" },
	/* node 0 DMA32 holds 511890 order-0 blocks at most */
	{ "cp -r " BEFORE " @/s && sed -i '11s/Movable     11 /Movable 600000 /' @/s/pagetypeinfo",
	  "--init-from @/s", "@/s/pagetypeinfo:11: node 0 DMA32: 600000 out of range (0..511890)" },
	/* node 1 renamed node 2: its first number by name is DMA's boost, line 162 */
	{ "cp -r " BEFORE " @/s && sed -i 's/^Node 1,/Node 2,/' @/s/zoneinfo", "--init-from @/s",
	  "@/s/zoneinfo:162: node 2 in the snapshot, " ORACLE " has nodes 0-1" },
	/* Normal of node 0 renamed HighMem (line 127): its first number, boost, line 129 */
	{ "cp -r " BEFORE " @/s && sed -i '127s/Normal/HighMem/' @/s/zoneinfo", "--init-from @/s",
	  "@/s/zoneinfo:129: unknown zone in 'zoneinfo/node0/HighMem/boost'" },
	/* an order-11 column: the first row by name is node 0 DMA's HighAtomic, line 8 */
	{ "cp -r " BEFORE " @/s && sed -i '/^Free pages count/s/$/    11 /; /^Node.*type/s/$/     0 /' "
	  "@/s/pagetypeinfo", "--init-from @/s",
	  "@/s/pagetypeinfo:8: 'pagetypeinfo/node0/DMA/HighAtomic/order11': the largest order is 10" },
	{ "cp -r " BEFORE " @/s && sed -i '/^Number of blocks type/s/$/      Pinned /; "
	  "/^Node [0-9], zone/s/$/           0 /' @/s/pagetypeinfo", "--init-from @/s",
	  "@/s/pagetypeinfo:17: unknown migratetype in 'pagetypeinfo/node0/DMA/blocks/Pinned'" },
};

/* Exit 2, the one message, nothing on stdout, no output directory. */
START_TEST(test_bad_input)
{
	char want[2048];
	struct stat st;

	if (bad_cases[_i].prepare)
		sh("%s", bad_cases[_i].prepare);
	if (bad_cases[_i].message)
		test_expand_at(want, sizeof(want), bad_cases[_i].message, work);
	else
		snprintf(want, sizeof(want), "%s/s: no snapshot files in it (known: %s)", work,
			 proc_file_names);
	strcat(want, "\n");
	write_start_trace();
	ck_assert_int_eq(numasim("run -c " ORACLE " %s -o @/out @/start.trace",
				 bad_cases[_i].args), 2);
	ck_assert_str_eq(err, want);
	ck_assert_str_eq(out, "");
	ck_assert_int_ne(stat(test_path_in(work, "out"), &st), 0);
}
END_TEST

/* The snapshot's files are inputs: an output that would replace one is refused. */
START_TEST(test_snapshot_in_outdir)
{
	char want[1024];

	write_start_trace();
	ck_assert_int_eq(numasim("run -q -c " ORACLE " --init-from " BEFORE " -o @/out "
				 "@/start.trace"), 0);
	ck_assert_int_eq(numasim("run -q -c " ORACLE " --init-from @/out/snapshots/start -o @/out "
				 "@/start.trace"), 2);
	test_expand_at(want, sizeof(want), "numasim: @/out/snapshots/start/buddyinfo: would "
		       "overwrite the input @/out/snapshots/start/buddyinfo\n", work);
	ck_assert_str_eq(err, want);
}
END_TEST

/* Without --init-from, results.json has no "init_from" and the summary no such lines. */
START_TEST(test_only_when_asked)
{
	json_t *root;

	write_start_trace();
	ck_assert_int_eq(numasim("run -c " ORACLE " -o @/out @/start.trace"), 0);
	ck_assert_ptr_null(strstr(out, "started from"));
	root = load_results("out/results.json");
	ck_assert_ptr_null(json_object_get(root, "init_from"));
	json_decref(root);
	ck_assert_int_eq(numasim("run -q -c " ORACLE " --init-from " BEFORE " -o @/q "
				 "@/start.trace"), 0);
	ck_assert_str_eq(out, "");
}
END_TEST

Suite *init_from_suite(void);	/* collected into the runner by the Makefile */
Suite *init_from_suite(void)
{
	Suite *s = suite_create("init_from");
	TCase *tc = tcase_create("zone_restore");

	tcase_add_test(tc, test_restore_counts);
	tcase_add_test(tc, test_restore_placement);
	tcase_add_test(tc, test_restore_kinds_few_lru);
	tcase_add_test(tc, test_restore_kinds_many_lru);
	tcase_add_test(tc, test_restore_never_free_buddies);
	tcase_add_test(tc, test_restore_foreign_block);
	tcase_add_test(tc, test_restore_free_at_top);
	tcase_add_test(tc, test_restore_highatomic);
	tcase_add_test(tc, test_restore_keeps_boot_types);
	tcase_add_test(tc, test_restore_then_allocate);
	tcase_add_test(tc, test_restore_refuses);
	suite_add_tcase(s, tc);

	tc = tcase_create("command");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, cmd_setup, cmd_teardown);
	tcase_add_test(tc, test_recorded_snapshot);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_trace_runs_from_there);
	tcase_add_test(tc, test_capped_count);
	tcase_add_loop_test(tc, test_bad_input, 0, (int)TEST_ARRAY_SIZE(bad_cases));
	tcase_add_test(tc, test_snapshot_in_outdir);
	tcase_add_test(tc, test_only_when_asked);
	suite_add_tcase(s, tc);
	return s;
}
