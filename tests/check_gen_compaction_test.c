/*
 * tests/check_gen_compaction_test.c - `numasim gen compaction-test`: the
 * compaction selftest (tools/testing/selftests/vm/compaction_test.c, 6.1)
 * as a trace (workloads/gen_compaction_test.c), and its command line.
 *
 * The expected trace is derived from the selftest's own code, re-run here
 * step by step: main()'s loop `while (mem_fragmentable_MB > 0)` maps a
 * chunk and takes MAP_SIZE_MB off, each new chunk at the list's head; the
 * unmap loop munmaps the head, skips one, ...; check_compaction() writes
 * "0" then mem_free * 0.8 / hugepage_size / 2 to nr_hugepages, reads it
 * back, writes the initial value back, and fails when the 80% of MemFree
 * over the pool's bytes, truncated, is above 3.
 *
 * The replay runs the trace on a 128 MiB machine and checks what the
 * kernel's rules give at each snapshot, and the selftest's verdict on a
 * scenario that needs compaction to move mlocked pages: it passes with
 * vm.compact_unevictable_allowed at 1 and cannot with 0.
 *
 * No kernel counterpart: tests.
 */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/hugetlb.h"
#include "mm/internal.h"	/* PageFlag() */
#include "mm/mm.h"
#include "mm/sparse.h"
#include "mm/vmstat_counters.h"
#include "sim/engine.h"
#include "tests/helpers.h"
#include "workloads/gen_compaction_test.h"
#include "workloads/gen_memory.h"
#include "workloads/trace.h"

#define MIB		(1ull << 20)

static char *gen_text(const struct gen_compaction_test_params *p)
{
	ck_assert_msg(gen_compaction_test_check(p) == NULL, "%s", gen_compaction_test_check(p));
	return test_gen_text(gen_compaction_test_writer, p);
}

/* The event lines of text (not the header, comments or blank lines), in order. */
static char **event_lines(char *text, size_t *nr)
{
	char **v = calloc(strlen(text) / 8 + 1, sizeof(*v));
	size_t n = 0;

	ck_assert_ptr_nonnull(v);
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
		if (line[0] != '#' && strcmp(line, "numasim-trace v1") != 0)
			v[n++] = line;
	*nr = n;
	return v;
}

/* What the selftest's main() maps: chunks of chunk_mb while the MB left are above 0. */
static unsigned int selftest_chunks(uint64_t mem_free_kb, uint64_t chunk_mb)
{
	long mem_fragmentable_mb = (long)(mem_free_kb * 4 / 5 / 1024);	/* mem_free * 0.8 / 1024 */
	unsigned int n = 0;

	while (mem_fragmentable_mb > 0) {
		n++;
		mem_fragmentable_mb -= (long)chunk_mb;
	}
	return n;
}

/*
 * A machine of 1000000 kB free, 100 MB chunks: the selftest maps 8 chunks
 * (781 MB to lock), keeps the list newest first and unmaps its 1st, 3rd,
 * ... entries: chunks 7, 5, 3, 1.  It asks for 800000 / 2048 / 2 = 195
 * huge pages.
 */
START_TEST(test_trace_follows_selftest)
{
	struct gen_compaction_test_params p;
	unsigned int nr_chunks, at = 0;
	char expect[128];
	char **ev, *text;
	size_t nr;

	gen_compaction_test_default_params(&p);
	p.mem_free_kb = 1000000;
	p.initial_nr_hugepages = 3;
	nr_chunks = selftest_chunks(p.mem_free_kb, 100);
	ck_assert_uint_eq(nr_chunks, 8);
	ck_assert_uint_eq(gen_compaction_test_nr_chunks(&p), nr_chunks);
	text = gen_text(&p);
	ev = event_lines(text, &nr);
	ck_assert_str_eq(ev[at++], "spawn pid=1000 cpu=0 name=compaction_test");
	for (unsigned int k = 0; k < nr_chunks; k++) {
		snprintf(expect, sizeof(expect), "mmap pid=1000 len=100M locked id=c%u", k);
		ck_assert_str_eq(ev[at++], expect);
		snprintf(expect, sizeof(expect), "touch pid=1000 addr=@c%u len=100M write", k);
		ck_assert_str_eq(ev[at++], expect);
	}
	/* The list from its head: unmap one, skip one (the selftest's for loop). */
	for (int k = (int)nr_chunks - 1; k >= 0; k -= 2) {
		snprintf(expect, sizeof(expect), "munmap pid=1000 addr=@c%d len=100M", k);
		ck_assert_str_eq(ev[at++], expect);
	}
	/* prereq(): the selftest runs only with unevictable pages movable. */
	ck_assert_str_eq(ev[at++], "sysctl vm.compact_unevictable_allowed=1");
	ck_assert_str_eq(ev[at++], "snapshot name=fragmented");
	ck_assert_str_eq(ev[at++], "sysctl vm.nr_hugepages=0");
	ck_assert_str_eq(ev[at++], "sysctl vm.nr_hugepages=195");
	ck_assert_str_eq(ev[at++], "snapshot name=hugepages");
	ck_assert_str_eq(ev[at++], "sysctl vm.nr_hugepages=3");
	ck_assert_str_eq(ev[at++], "exit pid=1000");
	ck_assert_str_eq(ev[at++], "snapshot name=end");
	ck_assert_uint_eq(at, nr);
	free(ev);
	free(text);
}
END_TEST

/*
 * The chunks add up to the fraction: the loop stops at the first chunk
 * that reaches the MB to lock, so n chunks cover them and n - 1 do not
 * (other chunk sizes and fractions, in bytes).
 */
START_TEST(test_chunks_cover_fraction)
{
	static const struct { uint64_t free_kb, chunk; uint32_t ppm; } cases[] = {
		{ 1000000, 100 * MIB, 800000 }, { 123456, 4 * MIB, 800000 },
		{ 123456, 4 * MIB, 500000 }, { 8257536, 64 * MIB, 250000 },
		{ 2048 * 1024, 1 * MIB, 1000000 }, { 131072, 3 * MIB + 4096, 800000 },
	};
	struct gen_compaction_test_params p;

	for (size_t i = 0; i < TEST_ARRAY_SIZE(cases); i++) {
		uint64_t target_bytes, n;

		gen_compaction_test_default_params(&p);
		p.mem_free_kb = cases[i].free_kb;
		p.chunk_bytes = cases[i].chunk;
		p.fraction_ppm = cases[i].ppm;
		target_bytes = p.mem_free_kb * p.fraction_ppm / 1000000 / 1024 * MIB;
		n = gen_compaction_test_nr_chunks(&p);
		ck_assert_msg(n * p.chunk_bytes >= target_bytes, "case %zu", i);
		ck_assert_msg((n - 1) * p.chunk_bytes < target_bytes, "case %zu", i);
		ck_assert_uint_eq(gen_compaction_test_request(&p),
				  p.mem_free_kb * p.fraction_ppm / 1000000 / 2048 / 2);
	}
}
END_TEST

/*
 * check_compaction()'s verdict: compaction_index = mem_free / (n *
 * hugepage_size) must be at most 3.  pass_min is the least n for which it
 * is, for MemFree 1000000 kB (800000 kB): 800000 / (98 * 2048) = 3 passes,
 * 800000 / (97 * 2048) = 4 fails.
 */
START_TEST(test_pass_rule)
{
	struct gen_compaction_test_params p;
	uint64_t target, n;

	gen_compaction_test_default_params(&p);
	p.mem_free_kb = 1000000;
	target = gen_compaction_test_target_kb(&p);
	ck_assert_uint_eq(target, 800000);
	n = gen_compaction_test_pass_min(&p);
	ck_assert_uint_eq(n, 98);
	ck_assert_uint_le(target / (n * p.hugepage_kb), 3);
	ck_assert_uint_gt(target / ((n - 1) * p.hugepage_kb), 3);
}
END_TEST

/* Each bad parameter is named; nothing is written. */
START_TEST(test_bad_params)
{
	struct gen_compaction_test_params p;
	char *text = NULL;
	size_t len = 0;

	gen_compaction_test_default_params(&p);
	p.mem_free_kb = 1000000;
	p.chunk_bytes = 4097;
	ck_assert_str_eq(gen_compaction_test_check(&p),
			 "chunk size must be a multiple of 4 KiB, at least 4K and at most 1T");
	ck_assert_int_eq(gen_write_memory(gen_compaction_test_writer, &p, &text, &len), -1);
	gen_compaction_test_default_params(&p);
	p.mem_free_kb = 1000;
	ck_assert_str_eq(gen_compaction_test_check(&p),
			 "the fraction of free memory is below 1 MiB: no chunk to map");
	p.mem_free_kb = 4000;	/* 3200 kB: 3 MiB to lock, but no 2048 kB x 2 to ask for */
	ck_assert_str_eq(gen_compaction_test_check(&p),
			 "the fraction of free memory asks for no huge page");
	p.mem_free_kb = 1000000;
	p.chunk_bytes = 1000 * MIB;
	ck_assert_ptr_nonnull(strstr(gen_compaction_test_check(&p), "exceed the free memory"));
	p.chunk_bytes = 100 * MIB;
	p.fraction_ppm = 1000001;
	ck_assert_str_eq(gen_compaction_test_check(&p),
			 "fraction out of range (above 0, at most 1)");
	p.fraction_ppm = 800000;
	p.unevictable_allowed = 2;
	ck_assert_str_eq(gen_compaction_test_check(&p),
			 "vm.compact_unevictable_allowed must be 0 or 1");
}
END_TEST

/* The command line: each bad option named, exit 2, no file written. */
START_TEST(test_cli)
{
	static const char *const bad[][2] = {
		{ "--chunk-size 0", "numasim: bad --chunk-size '0': out of range (1..18446744073709551615)" },
		{ "--chunk-size 5000", "numasim: bad --chunk-size '5000': not a multiple of 4K" },
		{ "--chunk-size 4X", "numasim: bad --chunk-size '4X': not a size" },
		{ "--fraction 1.5", "numasim: bad --fraction '1.5': a decimal above 0 and at most 1" },
		{ "--fraction 0", "numasim: bad --fraction '0': a decimal above 0 and at most 1" },
		{ "--chunk-size 1T", "numasim: gen compaction-test: the chunks to lock exceed the "
				     "free memory" },
		{ "--fraction 0.000001", "numasim: gen compaction-test: the fraction of free memory "
					 "is below 1 MiB" },
		{ "--unevictable-allowed 2", "numasim: bad --unevictable-allowed '2': out of "
					     "range (0..1)" },
		{ "--unevictable-allowed yes", "numasim: bad --unevictable-allowed 'yes': not a "
					       "number" },
		{ "--size 3", "numasim: unknown option '--size'" },
		{ "extra", "numasim: gen compaction-test: unexpected argument 'extra'" },
	};
	char dir[128], args[256], out[4096], err[4096], path[200];
	char *text, *again;

	test_scratch_dir(dir, sizeof(dir), "compaction-test");
	snprintf(path, sizeof(path), "%s/t.trace", dir);
	for (size_t i = 0; i < TEST_ARRAY_SIZE(bad); i++) {
		snprintf(args, sizeof(args), "gen compaction-test %s -o %s", bad[i][0], path);
		ck_assert_int_eq(test_run_numasim(args, out, sizeof(out), err, sizeof(err)), 2);
		ck_assert_msg(!strncmp(err, bad[i][1], strlen(bad[i][1])), "%s: %s", bad[i][0], err);
		ck_assert_ptr_null(fopen(path, "r"));
	}
	snprintf(args, sizeof(args), "gen compaction-test --chunk-size 64M --fraction .5 -o %s",
		 path);
	ck_assert_int_eq(test_run_numasim(args, out, sizeof(out), err, sizeof(err)), 0);
	text = test_read_file(path);
	ck_assert_ptr_nonnull(strstr(text, "\nmmap pid=1000 len=64M locked id=c0\n"));
	/* The same options write the same bytes. */
	ck_assert_int_eq(test_run_numasim(args, out, sizeof(out), err, sizeof(err)), 0);
	again = test_read_file(path);
	ck_assert_str_eq(again, text);
	ck_assert_ptr_nonnull(strstr(text, "\nsysctl vm.compact_unevictable_allowed=1\n"));
	free(again);
	free(text);
	snprintf(args, sizeof(args), "gen compaction-test --unevictable-allowed 0 -o %s", path);
	ck_assert_int_eq(test_run_numasim(args, out, sizeof(out), err, sizeof(err)), 0);
	text = test_read_file(path);
	ck_assert_ptr_nonnull(strstr(text, "\nsysctl vm.compact_unevictable_allowed=0\n"
					   "snapshot name=fragmented\n"
					   "sysctl vm.nr_hugepages=0\n"));
	free(text);
	test_remove_dir(dir);
}
END_TEST

/* ---- the replay ---- */

/* What the replay saw at the trace's snapshots. */
struct compaction_probe {
	unsigned long mlocked_fragmented;	/* NR_MLOCK at "fragmented" */
	unsigned long pool_hugepages;		/* nr_huge_pages at "hugepages" */
	unsigned long pool_end;			/* at "end" */
	unsigned int seen;
};

/* NR_MLOCK of every zone, exact (the CPUs' diffs added). */
static unsigned long mlocked_pages(const struct machine *m)
{
	unsigned long nr = 0;

	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++)
		for (int z = 0; m->node_data[nid] && z < MAX_NR_ZONES; z++)
			nr += zone_page_state_snapshot(&m->node_data[nid]->node_zones[z],
						       NR_MLOCK);
	return nr;
}

static int probe_snapshot(void *ctx, const char *name, const struct machine *m, char *msg,
			  size_t msglen)
{
	struct compaction_probe *cp = ctx;

	if (!strcmp(name, "fragmented")) {
		cp->mlocked_fragmented = mlocked_pages(m);
	} else if (!strcmp(name, "hugepages")) {
		cp->pool_hugepages = m->hstate.nr_huge_pages;
	} else {
		cp->pool_end = m->hstate.nr_huge_pages;
	}
	cp->seen++;
	return 0;
}

/*
 * On one 128 MiB node (no THP: the chunks are base pages), 4 MiB chunks,
 * the checkers every 64 events:
 *   - at "fragmented" the chunks left are mlocked page by page
 *     (mlock_folio() on each fault in a VM_LOCKED mapping; munmap
 *     munlocks what it unmaps): floor(N / 2) chunks of the N;
 *   - at "hugepages" the pool holds no more than was asked
 *     (set_max_huge_pages() stops at the count), each page one
 *     htlb_buddy_alloc_success (alloc_buddy_huge_page());
 *   - at "end" the pool is back to its size at boot (0).
 * 4 MiB chunks leave whole free huge pages between the locked ones, so
 * this pool needs no compaction; test_replay_verdict needs it.
 */
START_TEST(test_replay_small)
{
	struct machine *m = test_boot_node("128M", 1, TEST_K_PLAIN);
	struct compaction_probe cp = { 0 };
	struct engine_opts opts = { .check_every = 64, .snapshot = probe_snapshot,
				    .snapshot_ctx = &cp };
	struct gen_compaction_test_params p;
	uint64_t chunk_pages, nr;
	char *text;

	gen_compaction_test_default_params(&p);
	p.mem_free_kb = global_zone_page_state(m, NR_FREE_PAGES) * (PAGE_SIZE >> 10);
	p.chunk_bytes = 4 * MIB;
	nr = gen_compaction_test_nr_chunks(&p);
	chunk_pages = p.chunk_bytes / PAGE_SIZE;
	ck_assert_uint_ge(nr, 2);
	text = gen_text(&p);
	test_replay_text(m, "compaction-test.trace", text, &opts);
	ck_assert_uint_eq(cp.seen, 3);
	ck_assert_uint_eq(cp.mlocked_fragmented, nr / 2 * chunk_pages);
	ck_assert_uint_le(cp.pool_hugepages, gen_compaction_test_request(&p));
	ck_assert_uint_eq(cp.pool_end, 0);
	ck_assert_uint_eq(m->vm_events[HTLB_BUDDY_ALLOC_SUCCESS], cp.pool_hugepages);
	free(text);
	test_release(m);
}
END_TEST

/* ---- the selftest's verdict ---- */

/* What one replay of the verdict's scenario saw. */
struct verdict_probe {
	uint8_t *mlocked_fragmented;	/* a byte per pfn: PG_mlocked at "fragmented" */
	unsigned long free_ranges;	/* huge page ranges with no mlocked page there */
	unsigned long pool;		/* nr_huge_pages at "hugepages" */
	bool mlocked_moved;		/* an mlocked pfn at "hugepages" differs */
	unsigned int seen;
};

static bool pfn_mlocked(const struct machine *m, pfn_t pfn)
{
	return pfn_valid(m, pfn) && PageFlag(pfn_to_page(m, pfn), PG_mlocked);
}

/* The machine's one node: its pfns, in whole huge page ranges. */
static pfn_t node_end_pfn_of(const struct machine *m)
{
	const pg_data_t *pgdat = m->node_data[0];

	return pgdat->node_start_pfn + pgdat->node_spanned_pages;
}

/* PG_mlocked of every pfn, and the huge page ranges none of whose pages has it. */
static void probe_fragmented(struct verdict_probe *vp, const struct machine *m)
{
	const pfn_t start = m->node_data[0]->node_start_pfn, end = node_end_pfn_of(m);
	const unsigned long range = 1ul << m->hstate.order;

	vp->mlocked_fragmented = calloc(end, 1);
	ck_assert_ptr_nonnull(vp->mlocked_fragmented);
	for (pfn_t pfn = start; pfn < end; pfn++)
		vp->mlocked_fragmented[pfn] = pfn_mlocked(m, pfn);
	for (pfn_t head = start; head + range <= end; head += range) {
		bool locked = false;

		for (pfn_t pfn = head; pfn < head + range; pfn++)
			locked |= vp->mlocked_fragmented[pfn];
		vp->free_ranges += !locked;
	}
}

static int probe_verdict(void *ctx, const char *name, const struct machine *m, char *msg,
			 size_t msglen)
{
	struct verdict_probe *vp = ctx;

	if (!strcmp(name, "fragmented")) {
		probe_fragmented(vp, m);
	} else if (!strcmp(name, "hugepages")) {
		vp->pool = m->hstate.nr_huge_pages;
		for (pfn_t pfn = m->node_data[0]->node_start_pfn; pfn < node_end_pfn_of(m); pfn++)
			vp->mlocked_moved |= pfn_mlocked(m, pfn) != vp->mlocked_fragmented[pfn];
	}
	vp->seen++;
	return 0;
}

/*
 * The verdict's scenario on one 128 MiB node: 1 MiB chunks, 90% of
 * MemFree locked, unevictable pages movable as allowed says.
 */
static void replay_verdict(uint32_t allowed, struct gen_compaction_test_params *p,
			   struct verdict_probe *vp)
{
	struct machine *m = test_boot_node("128M", 1, TEST_K_PLAIN);
	struct engine_opts opts = { .check_every = 256, .snapshot = probe_verdict,
				    .snapshot_ctx = vp };
	char *text;

	ck_assert_uint_eq(m->hstate.order, m->pageblock_order);
	gen_compaction_test_default_params(p);
	p->mem_free_kb = global_zone_page_state(m, NR_FREE_PAGES) * (PAGE_SIZE >> 10);
	p->chunk_bytes = 1 * MIB;
	p->fraction_ppm = 900000;
	p->unevictable_allowed = allowed;
	text = gen_text(p);
	memset(vp, 0, sizeof(*vp));
	test_replay_text(m, "compaction-test.trace", text, &opts);
	ck_assert_uint_eq(vp->seen, 3);
	free(vp->mlocked_fragmented);
	free(text);
	test_release(m);
}

/*
 * The selftest's pass assertion.  Chunks of 1 MiB, half a huge page:
 * every other one unmapped, the locked ones leave no huge page range
 * free in the locked span, and what lies outside it, 10% of MemFree, is
 * less than the quarter of the 90% the selftest's rule needs.  (At its
 * own 80% the 20% never locked falls short of the quarter by a huge
 * page or so, too close for a bound that counts only mlocked pages.)
 * So the pool passes only if compaction moves mlocked pages:
 *   - vm.compact_unevictable_allowed=0: isolate_migratepages()'s mode
 *     lacks ISOLATE_UNEVICTABLE and isolate_migratepages_block() skips
 *     every unevictable (mlocked) page, so no mlocked page moves after
 *     the write (the trace writes it before "fragmented"), and a huge
 *     page (a free block of its order, alloc_buddy_huge_page()) can
 *     only be a range that held no mlocked page at "fragmented":
 *     the pool is at most those ranges, fewer than pass_min;
 *   - 1 (the selftest's condition): the selftest's rule holds, the pool
 *     reaches gen_compaction_test_pass_min().
 */
START_TEST(test_replay_verdict)
{
	struct gen_compaction_test_params p;
	struct verdict_probe locked, movable;
	uint64_t pass_min;

	replay_verdict(0, &p, &locked);
	pass_min = gen_compaction_test_pass_min(&p);
	ck_assert_uint_lt(locked.free_ranges, pass_min);	/* the scenario needs compaction */
	ck_assert(!locked.mlocked_moved);
	ck_assert_uint_le(locked.pool, locked.free_ranges);
	replay_verdict(1, &p, &movable);
	ck_assert_uint_eq(gen_compaction_test_pass_min(&p), pass_min);
	ck_assert_uint_eq(movable.free_ranges, locked.free_ranges);	/* the same until then */
	ck_assert_uint_ge(movable.pool, pass_min);
	ck_assert(movable.mlocked_moved);
	ck_assert_uint_lt(locked.pool, movable.pool);
}
END_TEST

Suite *gen_compaction_test_suite(void);

Suite *gen_compaction_test_suite(void)
{
	Suite *s = suite_create("gen_compaction_test");
	TCase *tc = tcase_create("trace");

	tcase_add_test(tc, test_trace_follows_selftest);
	tcase_add_test(tc, test_chunks_cover_fraction);
	tcase_add_test(tc, test_pass_rule);
	tcase_add_test(tc, test_bad_params);
	tcase_add_test(tc, test_cli);
	suite_add_tcase(s, tc);
	tc = tcase_create("replay");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_replay_small);
	tcase_add_test(tc, test_replay_verdict);
	suite_add_tcase(s, tc);
	return s;
}
