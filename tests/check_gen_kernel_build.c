/*
 * tests/check_gen_kernel_build.c - `numasim gen kernel-build`: make -jJOBS
 * of a source tree (workloads/gen_kernel_build.c), and its command line.
 *
 * The trace's rules: the tree laid out first (truncate), then UNITS
 * compilers, at most JOBS alive at once, each reading its source and 16
 * shared headers, writing a heap, taking and freeing kernel objects and
 * writing an object of half its source; then the link reads every object.
 * Sizes: a quarter of pressure x RAM in heaps (each capped at RAM / (8 x
 * JOBS)), the rest page cache.  The replay checks that 6.1's reclaim
 * carries the build through on a machine without swap.
 *
 * No kernel counterpart: tests.
 */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/mm.h"
#include "mm/vmstat_counters.h"
#include "sim/engine.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"
#include "workloads/gen_kernel_build.h"
#include "workloads/gen_memory.h"

#define MIB		(1ull << 20)

static char *gen_text(const struct gen_kernel_build_params *p)
{
	ck_assert_msg(gen_kernel_build_check(p) == NULL, "%s", gen_kernel_build_check(p));
	return test_gen_text(gen_kernel_build_writer, p);
}

static void small_params(struct gen_kernel_build_params *p)
{
	gen_kernel_build_default_params(p);
	p->ram_bytes = 128 * MIB;
	p->nr_cpus = 2;
}

/*
 * 8 GiB and 4 CPUs at 1.5: 12 GiB touched, 3 GiB of heaps; 8 jobs cap a
 * heap at 8G / 64 = 128 MiB, so heaps get their 32 MiB target and 96
 * units; 9 GiB of page cache, a sixteenth of it in 64 headers.  128 MiB
 * and 2 CPUs: 4 jobs cap a heap at 4 MiB, 48 MiB of heaps make 12 units.
 */
START_TEST(test_plan)
{
	struct gen_kernel_build_params p;
	struct gen_kernel_build_plan plan;

	gen_kernel_build_default_params(&p);
	p.ram_bytes = 8192 * MIB;
	p.nr_cpus = 4;
	gen_kernel_build_plan(&p, &plan);
	ck_assert_uint_eq(plan.jobs, 8);
	ck_assert_uint_eq(plan.units, 96);
	ck_assert_uint_eq(plan.heap_bytes, 32 * MIB);
	ck_assert_uint_eq(plan.header_bytes, 9 * MIB);
	ck_assert_uint_eq(plan.source_bytes, (9216 - 576) * MIB * 4 / 7 / 96 / 4096 * 4096);
	small_params(&p);
	gen_kernel_build_plan(&p, &plan);
	ck_assert_uint_eq(plan.jobs, 4);
	ck_assert_uint_eq(plan.units, 12);
	ck_assert_uint_eq(plan.heap_bytes, 4 * MIB);
	/* The heaps at once stay within 3/16 of RAM: page cache reclaim suffices. */
	ck_assert_uint_le(plan.jobs * plan.heap_bytes * 3 / 2, p.ram_bytes * 3 / 16);
	/* Units given: the heaps shrink to the budget, never past the cap. */
	p.units = 2;
	p.jobs = 1;
	gen_kernel_build_plan(&p, &plan);
	ck_assert_uint_eq(plan.heap_bytes, 16 * MIB);	/* 128M / 8, not 48M / 2 */
}
END_TEST

/* The len= of a line, in bytes. */
static uint64_t line_len(const char *line)
{
	return strtoull(strstr(line, " len=") + 5, NULL, 10);
}

/* The pid= of a line. */
static unsigned int line_pid(const char *line)
{
	return (unsigned int)strtoul(strstr(line, "pid=") + 4, NULL, 10);
}

/* What a walk over the trace's lines found. */
struct shape {
	unsigned int compilers, exits, max_alive, src_reads, obj_writes, link_reads, lines;
	uint64_t src_laid, src_read, obj_written, obj_read;
	int times_ok;
};

static void walk_line(struct shape *sh, const char *l, unsigned int link_pid, unsigned int *alive)
{
	unsigned int pid = strstr(l, "pid=") ? line_pid(l) : 0;

	if (strstr(l, " spawn ") && strstr(l, "name=cc1")) {
		sh->compilers++;
		if (++*alive > sh->max_alive)
			sh->max_alive = *alive;
	} else if (strstr(l, " exit ") && pid >= GEN_KBUILD_FIRST_PID && pid != link_pid) {
		sh->exits++;
		--*alive;
	} else if (strstr(l, " truncate ") && strstr(l, "file=src/")) {
		sh->src_laid += line_len(l);
	} else if (strstr(l, " read ") && strstr(l, "file=src/")) {
		sh->src_reads++;
		sh->src_read += line_len(l);
	} else if (strstr(l, " write ") && strstr(l, "file=obj/")) {
		sh->obj_writes++;
		sh->obj_written += line_len(l);
	} else if (strstr(l, " read ") && strstr(l, "file=obj/") && pid == link_pid) {
		sh->link_reads++;
		sh->obj_read += line_len(l);
	}
}

static void walk(const char *text, unsigned int units, struct shape *sh)
{
	unsigned int alive = 0;
	char line[512];

	memset(sh, 0, sizeof(*sh));
	sh->times_ok = 1;
	for (const char *l = text; *l; l = strchr(l, '\n') + 1) {
		size_t n = (size_t)(strchr(l, '\n') - l);

		if (*l != '@')
			continue;
		snprintf(line, sizeof(line), "%.*s", (int)n, l);
		sh->lines++;
		/* 1 ms apart: line k is stamped k ms. */
		if (strtoull(line + 1, NULL, 10) * 1000 + strtoull(strchr(line, '.') + 1, NULL,
								    10) / 1000000 != sh->lines)
			sh->times_ok = 0;
		walk_line(sh, line, GEN_KBUILD_FIRST_PID + units, &alive);
	}
}

/* How many times word occurs in text. */
static unsigned int count_words(const char *text, const char *word)
{
	unsigned int n = 0;

	for (const char *at = text; (at = strstr(at, word)); at++)
		n++;
	return n;
}

START_TEST(test_trace_shape)
{
	struct gen_kernel_build_params p;
	struct gen_kernel_build_plan plan;
	struct shape sh;
	char *text;

	small_params(&p);
	gen_kernel_build_plan(&p, &plan);
	text = gen_text(&p);
	walk(text, plan.units, &sh);
	ck_assert_uint_eq(sh.compilers, plan.units);
	ck_assert_uint_eq(sh.exits, plan.units);
	ck_assert_uint_eq(sh.max_alive, plan.jobs);	/* JOBS overlap, never more */
	ck_assert_uint_eq(sh.src_reads, plan.units);
	ck_assert_uint_eq(sh.src_read, sh.src_laid);	/* each source read whole */
	ck_assert_uint_eq(sh.obj_writes, plan.units);
	ck_assert_uint_eq(sh.link_reads, plan.units);
	ck_assert_uint_eq(sh.obj_read, sh.obj_written);
	ck_assert_uint_ge(sh.obj_written, sh.src_read / 2 - plan.units * 4096);
	ck_assert_uint_le(sh.obj_written, sh.src_read / 2);
	ck_assert_int_eq(sh.times_ok, 1);
	/* 16 header reads a unit; each header's dentry taken once, by its first reader. */
	ck_assert_uint_eq(count_words(text, " read pid="), 2 * plan.units + 16 * plan.units);
	ck_assert_uint_eq(count_words(text, "file=include/"), 64 + 16 * plan.units);
	ck_assert_uint_le(count_words(text, " id=inc."), 2 * GEN_KBUILD_HEADERS);
	ck_assert_uint_ge(count_words(text, " id=inc."), 2 * 16);
	ck_assert_ptr_nonnull(strstr(text, " snapshot name=built\n"));
	free(text);
}
END_TEST

/* The same seed writes the same bytes; another seed other sizes. */
START_TEST(test_deterministic)
{
	struct gen_kernel_build_params p;
	char *a, *b;

	small_params(&p);
	a = gen_text(&p);
	b = gen_text(&p);
	ck_assert_str_eq(a, b);
	free(b);
	p.seed = 2;
	b = gen_text(&p);
	ck_assert_str_ne(a, b);
	free(b);
	free(a);
}
END_TEST

START_TEST(test_bad_params)
{
	struct gen_kernel_build_params p;
	char *text = NULL;
	size_t len = 0;

	small_params(&p);
	p.pressure_ppm = 0;
	ck_assert_str_eq(gen_kernel_build_check(&p), "pressure must be above 0 and at most 64");
	ck_assert_int_eq(gen_write_memory(gen_kernel_build_writer, &p, &text, &len), -1);
	p.pressure_ppm = 1500000;
	p.nr_cpus = 0;
	ck_assert_str_eq(gen_kernel_build_check(&p), "the machine has no CPU");
	p.nr_cpus = 1;
	p.jobs = GEN_KBUILD_MAX_JOBS + 1;
	ck_assert_ptr_nonnull(strstr(gen_kernel_build_check(&p), "jobs must be"));
}
END_TEST

/* The command line: each bad option named, exit 2, no file written. */
START_TEST(test_cli)
{
	static const char *const bad[][2] = {
		{ "--jobs 0", "numasim: bad --jobs '0': out of range (1..1024)" },
		{ "--jobs x", "numasim: bad --jobs 'x'" },
		{ "--units 0", "numasim: bad --units '0': out of range (1..1000000)" },
		{ "--pressure 0", "numasim: bad --pressure '0': a decimal above 0 and at most 64" },
		{ "--pressure 65", "numasim: bad --pressure '65': a decimal above 0 and at most 64" },
		{ "--pressure 1.1234567", "numasim: bad --pressure '1.1234567'" },
		{ "--seed -1", "numasim: bad --seed '-1'" },
		{ "--size 1M", "numasim: unknown option '--size'" },
		{ "make", "numasim: gen kernel-build: unexpected argument 'make'" },
	};
	char dir[128], args[512], out[4096], err[4096], path[200];
	char *text, *again;

	test_scratch_dir(dir, sizeof(dir), "kbuild");
	snprintf(path, sizeof(path), "%s/t.trace", dir);
	test_expect_usage_errors("gen kernel-build", bad, TEST_ARRAY_SIZE(bad), path);
	/* The embedded machine's 4 CPUs: 8 jobs by default. */
	snprintf(args, sizeof(args), "gen kernel-build --units 10 --pressure 0.05 --seed 3 -o %s",
		 path);
	ck_assert_int_eq(test_run_numasim(args, out, sizeof(out), err, sizeof(err)), 0);
	text = test_read_file(path);
	ck_assert_ptr_nonnull(strstr(text, "make -j8 of 10 units, seed 3"));
	ck_assert_uint_eq(test_count_lines(text, "@") > 0, 1);
	ck_assert_int_eq(test_run_numasim(args, out, sizeof(out), err, sizeof(err)), 0);
	again = test_read_file(path);
	ck_assert_str_eq(again, text);
	free(again);
	free(text);
	test_remove_dir(dir);
}
END_TEST

/* ---- the replay ---- */

/*
 * 128 MiB, 2 CPUs, no swap, at the default pressure: 192 MiB touched,
 * 144 MiB of it page cache.  The page cache outgrows memory, so kswapd
 * and direct reclaim free file folios (shrink_folio_list(): clean ones at
 * once, dirty objects once the flusher wrote them); the compilers' heaps
 * (at most 4 x 6 MiB) never need swap, so no task is killed and no
 * order-0 allocation fails.  The tree's dentries and inodes stay cached
 * in reclaimable slabs.  The checkers run every 64 events and at the end.
 */
START_TEST(test_replay_pressure)
{
	struct machine *m = test_boot_node("128M", 2, TEST_K_PLAIN);
	struct engine_opts opts = { .check_every = 64 };
	struct gen_kernel_build_params p;
	char *text;

	gen_kernel_build_default_params(&p);
	p.ram_bytes = (uint64_t)totalram_pages(m) * PAGE_SIZE;
	p.nr_cpus = m->nr_cpus;
	text = gen_text(&p);
	test_replay_text(m, "kernel-build.trace", text, &opts);
	ck_assert_uint_gt(m->vm_events[PGSTEAL_KSWAPD] + m->vm_events[PGSTEAL_DIRECT], 0);
	ck_assert_uint_gt(m->vm_events[PGSTEAL_FILE], 0);
	ck_assert_uint_eq(m->vm_events[PGSTEAL_ANON], 0);
	ck_assert_uint_eq(m->vm_events[OOM_KILL], 0);
	ck_assert_uint_eq(m->proc_stats.fault_oom, 0);
	ck_assert_uint_eq(m->stats.alloc_fail[0], 0);
	ck_assert_int_gt(node_stat(m, 0, NR_SLAB_RECLAIMABLE_B), 0);
	ck_assert_int_eq(node_stat(m, 0, NR_ANON_MAPPED), 0);	/* every compiler exited */
	free(text);
	test_release(m);
}
END_TEST

Suite *gen_kernel_build_suite(void);

Suite *gen_kernel_build_suite(void)
{
	Suite *s = suite_create("gen_kernel_build");
	TCase *tc = tcase_create("trace");

	tcase_add_test(tc, test_plan);
	tcase_add_test(tc, test_trace_shape);
	tcase_add_test(tc, test_deterministic);
	tcase_add_test(tc, test_bad_params);
	tcase_add_test(tc, test_cli);
	suite_add_tcase(s, tc);
	tc = tcase_create("replay");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_replay_pressure);
	suite_add_tcase(s, tc);
	return s;
}
