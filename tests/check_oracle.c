/*
 * tests/check_oracle.c - numasim's boot state against the reference Linux
 * 6.1 kernel's own /proc/zoneinfo (tests/data/oracle/boot/zoneinfo), on the
 * same machine (configs/oracle-2node.json).
 *
 * The zone sizes come from the machine description; everything else
 * checked here is computed by numasim the way the kernel computes it:
 * every zone's watermarks (__setup_per_zone_wmarks with khugepaged's
 * min_free_kbytes, from the managed counts before the initrd and the init
 * sections were freed: kernel.late_freed_ranges), lowmem_reserve
 * (protection:), pcp batch (zone_batchsize) and high (zone_highsize, from
 * the low watermark), and the vmstat thresholds
 * (calculate_normal_threshold).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/internal.h"
#include "mm/mman.h"
#include "mm/vmstat_counters.h"
#include "sim/engine.h"
#include "sim/procfs.h"
#include "tests/helpers.h"
#include "workloads/gen_memhog.h"
#include "workloads/trace.h"

#define ORACLE_DIR	"tests/data/oracle/boot/"
#define ORACLE_ZONEINFO	ORACLE_DIR "zoneinfo"
#define ORACLE_CONFIG	"configs/oracle-2node.json"

/* The lines of a zoneinfo text that start (after blanks) with one of keys. */
static char *select_lines(const char *text, const char *const *keys)
{
	char *out = calloc(1, strlen(text) + 1), *o = out;
	const char *line = text;

	while (*line) {
		const char *end = strchr(line, '\n'), *p = line;

		end = end ? end + 1 : line + strlen(line);
		while (*p == ' ')
			p++;
		for (const char *const *k = keys; *k; k++)
			if (!strncmp(p, *k, strlen(*k))) {
				memcpy(o, line, (size_t)(end - line));
				o += end - line;
				break;
			}
		line = end;
	}
	return out;
}

static struct machine *boot_oracle(void)
{
	struct mm_boot_params p;

	test_load_config_file(ORACLE_CONFIG, &p);
	return test_boot_params(&p);
}

/*
 * Expect the zone headers, watermarks, spans, managed pages, protection
 * lines, pcp high and batch, start_pfn and vm stats thresholds of every
 * zone to be identical.
 */
START_TEST(test_oracle_zone_sizes_reserves_and_pcp)
{
	static const char *const keys[] = {
		"Node ", "min ", "low ", "high ", "spanned", "present", "managed", "protection:",
		"high:", "batch:", "start_pfn:", "vm stats threshold:", NULL
	};
	struct machine *m = boot_oracle();
	char *ours = test_render(procfs_zoneinfo, m), *theirs = test_read_file(ORACLE_ZONEINFO);
	char *a = select_lines(ours, keys), *b = select_lines(theirs, keys);

	test_check(m);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	free(ours);
	free(theirs);
	test_release(m);
}
END_TEST

/*
 * min_free_kbytes: khugepaged's recommendation for 4 populated zones up to
 * Normal, 512 * 4 * (2 + 3 * 3) pages = 22528 pages = 90112 kB
 * (set_recommended_min_free_kbytes).  ZONE_DMA (3840 managed of 998063
 * lowmem pages when the marks are set, before the 5209 pages of the initrd
 * and init sections are freed) gets min 86, low 107, high 128 (gap = 86 /
 * 4 = 21); the recording shows the same.  The zones' mins add up to 22528
 * less the rounding of four divisions.
 */
START_TEST(test_oracle_min_free_kbytes_and_dma_watermarks)
{
	struct machine *m = boot_oracle();
	struct zone *dma = test_zone(m, 0, ZONE_DMA);
	unsigned long sum = 0;

	ck_assert_int_eq(m->vm.min_free_kbytes, 90112);
	test_expect_wmarks(dma, 86, 107, 128);
	for (int nid = 0; nid < 2; nid++)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			sum += test_zone(m, nid, z)->_watermark[WMARK_MIN];
	ck_assert_uint_le(sum, 22528);
	ck_assert_uint_ge(sum, 22528 - 4);
	test_release(m);
}
END_TEST


/*
 * The recordings' "thp" phase (memhog -m 512 -T thp -k 1), replayed from
 * workloads/samples/memhog-thp.trace on the reference machine.  The
 * recording's vmstat deltas: thp_fault_alloc +255 and thp_split_pmd +255
 * (mmap top-down leaves the 512 MiB unaligned, so 255 THPs fit; the
 * child's CoW write splits each PMD: do_huge_pmd_wp_page()).  pgfault:
 * 255 huge faults + 512 small ones at the ends + 131072 CoW faults in the
 * child = 131839 (the recording's +134562 also counts the shell's and the
 * process start-up's faults).
 */
START_TEST(test_oracle_thp_phase)
{
	struct machine *m = boot_oracle();
	struct engine_opts opts = { .check_every = 0 };
	struct engine e;
	char err[256];
	struct trace_reader *r = trace_reader_open("workloads/samples/memhog-thp.trace", err,
						   sizeof(err));

	ck_assert_msg(r != NULL, "%s", err);
	engine_init(&e, m, &opts);
	ck_assert_msg(engine_replay(&e, r) == ENGINE_OK, "%s", e.msg);
	ck_assert_uint_eq(m->vm_events[THP_FAULT_ALLOC], 255);
	ck_assert_uint_eq(m->vm_events[THP_SPLIT_PMD], 255);
	ck_assert_uint_eq(m->vm_events[THP_FAULT_FALLBACK], 0);
	ck_assert_uint_eq(m->vm_events[PGFAULT], 255 + 512 + 131072);
	test_check(m);
	trace_reader_close(r);
	engine_release(&e);
	test_release(m);
}
END_TEST

/* ---- the anon_frag phase: page allocations by kind ---- */

#define ANON_FRAG_ALLOCS "tests/data/oracle/workload/anon_frag.memhog-page-allocs"
#define MAX_ALLOC_KINDS 16

struct alloc_kind {
	int order;
	char gfp[96];
	unsigned long count;
};

struct alloc_census {
	struct machine *m;
	struct alloc_kind kind[MAX_ALLOC_KINDS];
	int nr;
};

static struct alloc_kind *census_kind(struct alloc_census *c, int order, const char *gfp)
{
	for (int i = 0; i < c->nr; i++)
		if (c->kind[i].order == order && !strcmp(c->kind[i].gfp, gfp))
			return &c->kind[i];
	ck_assert_int_lt(c->nr, MAX_ALLOC_KINDS);
	c->kind[c->nr].order = order;
	snprintf(c->kind[c->nr].gfp, sizeof(c->kind[c->nr].gfp), "%s", gfp);
	return &c->kind[c->nr++];
}

/* The event sink: count successful mm_page_alloc events by order and gfp. */
static void census_emit(void *ctx, const struct mm_event *ev)
{
	struct alloc_census *c = ctx;
	char gfp[96];

	if (ev->id != MM_EV_mm_page_alloc || ev->mm_page_alloc.pfn == PFN_NONE)
		return;
	gfp_format(gfp, sizeof(gfp), (gfp_t)ev->mm_page_alloc.gfp_flags);
	census_kind(c, (int)ev->mm_page_alloc.order, gfp)->count++;
}

static void census_load(struct alloc_census *c, const char *path)
{
	char *text = test_read_file(path), *save = NULL;

	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned long count;
		int order;
		char gfp[96];

		if (line[0] == '#')
			continue;
		ck_assert_int_eq(sscanf(line, "%lu %d %95s", &count, &order, gfp), 3);
		census_kind(c, order, gfp)->count = count;
	}
	free(text);
}

/*
 * Replay the memhog run p on the reference machine, counting every page
 * allocation by order and gfp, and compare with the recording's census
 * of the memhog processes' mm_page_alloc events.  The recording also holds
 * memhog's own start-up (its stack, data and binary: a few hundred pages)
 * and a handful of allocations the trace does not model (kernel-internal
 * GFP_NOWAIT ones, NUMA-balancing migrations).  So each kind we allocate
 * must appear in the recording with the same order and gfp, count no more
 * than the recording, and fall short of it by at most 5% (the page tables
 * of memhog's own mappings are the largest such share, 4.3% in the thp
 * phase), or loose_pct for the kind loose_gfp, where start-up weighs most;
 * we must allocate
 * nr_kinds kinds.
 */
static void census_compare(const struct gen_memhog_params *p, const char *recorded,
			   int nr_kinds, const char *loose_gfp, unsigned int loose_pct)
{
	struct alloc_census ours = { 0 }, theirs = { 0 };
	struct engine_opts opts = { .check_every = 0 };
	struct trace_reader *r;
	struct engine e;
	char *text;
	size_t len;

	ck_assert_int_eq(gen_memhog_write_memory(p, &text, &len), 0);
	ours.m = boot_oracle();
	ours.m->sink = (struct mm_event_sink){ .emit = census_emit, .ctx = &ours,
					       .enabled = MM_EV_BIT(MM_EV_mm_page_alloc) };
	engine_init(&e, ours.m, &opts);
	r = trace_reader_open_memory("memhog.trace", text, len);
	ck_assert_msg(engine_replay(&e, r) == ENGINE_OK, "%s", e.msg);
	census_load(&theirs, recorded);
	ck_assert_int_eq(ours.nr, nr_kinds);
	for (int i = 0; i < ours.nr; i++) {
		const struct alloc_kind *k = &ours.kind[i];
		const struct alloc_kind *rec = census_kind(&theirs, k->order, k->gfp);
		unsigned int short_pct = loose_gfp && !strcmp(k->gfp, loose_gfp) ? loose_pct : 5;

		ck_assert_msg(k->count <= rec->count &&
			      k->count * 100 >= rec->count * (100 - short_pct),
			      "order %d %s: %lu allocations, the recording has %lu", k->order,
			      k->gfp, k->count, rec->count);
	}
	test_check(ours.m);
	trace_reader_close(r);
	free(text);
	engine_release(&e);
	test_release(ours.m);
}

static void memhog_params(struct gen_memhog_params *p, uint64_t mb, enum gen_memhog_thp thp,
			  uint64_t stride, unsigned int forks, unsigned int pid, unsigned int cpu)
{
	gen_memhog_default_params(p);
	p->mb = mb;
	p->thp = thp;
	p->stride = stride;
	p->nr_forks = forks;
	p->pid = pid;
	p->cpu = cpu;
}

/* ---- committed memory ---- */

/* The kB value of a meminfo line "LABEL:   N kB"; fails if there is none. */
static unsigned long meminfo_kb(const char *text, const char *label)
{
	const char *line = strstr(text, label);
	unsigned long kb;

	ck_assert_msg(line && sscanf(line + strlen(label), " %lu kB", &kb) == 1,
		      "no %s line", label);
	return kb;
}

/*
 * CommitLimit after boot is vm_commit_limit(): totalram * 50 / 100 with
 * the default vm.overcommit_ratio, no swap and no hugetlb pool.  The
 * reference machine's managed pages are the recording's (MemTotal
 * 4013088 kB), so expect the recorded CommitLimit, 2006544 kB, exactly,
 * and Committed_AS 0: numasim has no processes at boot, where the
 * recording counts its init and shell (37820 kB).
 */
START_TEST(test_oracle_boot_commit_limit)
{
	struct machine *m = boot_oracle();
	char *ours = test_render(procfs_meminfo, m);
	char *theirs = test_read_file(ORACLE_DIR "meminfo");

	ck_assert_uint_eq(meminfo_kb(ours, "MemTotal:"), meminfo_kb(theirs, "MemTotal:"));
	ck_assert_uint_eq(meminfo_kb(ours, "CommitLimit:"),
			  meminfo_kb(ours, "MemTotal:") / 4 * 50 / 100 * 4);
	ck_assert_uint_eq(meminfo_kb(ours, "CommitLimit:"), meminfo_kb(theirs, "CommitLimit:"));
	ck_assert_uint_eq(meminfo_kb(ours, "Committed_AS:"), 0);
	free(ours);
	free(theirs);
	test_release(m);
}
END_TEST

/*
 * The anon_frag phase up to the point memhog sleeps in (snapshot
 * hog-done: the children have exited, the parent holds its mapping).  By
 * accountable_mapping(), the 768 MiB private writable mapping was charged
 * whole at mmap, MADV_DONTNEED refunds nothing, and each child's copy was
 * charged at fork (dup_mmap()) and refunded at its exit.  Expect
 * Committed_AS 786432 kB.  The recording's rise over the phase
 * (anon_frag.before -> after) is 786756 kB: 324 kB more, memhog's own
 * writable data, bss and stack, which the trace leaves out; expect it
 * between ours and ours + 1 MiB.
 */
START_TEST(test_oracle_anon_frag_committed)
{
	struct engine_opts opts = { .check_every = 0 };
	struct machine *m = boot_oracle();
	struct gen_memhog_params p;
	struct trace_reader *r;
	struct engine e;
	char *text, *before, *after, *cut;
	unsigned long ours, theirs;
	size_t len;

	memhog_params(&p, 768, GEN_MEMHOG_NOTHP, 2, 2, 251, 1);
	ck_assert_int_eq(gen_memhog_write_memory(&p, &text, &len), 0);
	cut = strstr(text, "snapshot name=hog-done");
	ck_assert_ptr_nonnull(cut);
	engine_init(&e, m, &opts);
	r = trace_reader_open_memory("memhog.trace", text, (size_t)(cut - text));
	ck_assert_msg(engine_replay(&e, r) == ENGINE_OK, "%s", e.msg);
	ours = vm_memory_committed(m) * (PAGE_SIZE >> 10);
	ck_assert_uint_eq(ours, 768 * 1024);
	before = test_read_file("tests/data/oracle/workload/anon_frag.before.meminfo");
	after = test_read_file("tests/data/oracle/workload/anon_frag.after.meminfo");
	theirs = meminfo_kb(after, "Committed_AS:") - meminfo_kb(before, "Committed_AS:");
	ck_assert_uint_ge(theirs, ours);
	ck_assert_uint_le(theirs, ours + 1024);
	test_check(m);
	free(before);
	free(after);
	trace_reader_close(r);
	free(text);
	engine_release(&e);
	test_release(m);
}
END_TEST

/*
 * The anon_frag phase, `memhog -m 768 -f 2 -k 2` (pid 251 on cpu 1).  By
 * the kernel's rules, and as recorded:
 *   - each first write to an anonymous page allocates one zeroed page,
 *     GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO (do_anonymous_page ->
 *     vma_alloc_folio): 196608, recorded 196908;
 *   - each copy-on-write one page, GFP_HIGHUSER_MOVABLE|__GFP_COMP
 *     (wp_page_copy): 2 x 49152, recorded 98330;
 *   - page tables, GFP_KERNEL_ACCOUNT|__GFP_ZERO: order 1 for each
 *     process's PGD (3, recorded 3), order 0 for the PUD, PMD and PTE
 *     tables of the parent and of the children's copies (recorded 1190).
 * Expect those four kinds, each within 5% below the recording.
 */
START_TEST(test_oracle_anon_frag_page_allocs)
{
	struct gen_memhog_params p;

	memhog_params(&p, 768, GEN_MEMHOG_NOTHP, 2, 2, 251, 1);
	census_compare(&p, "tests/data/oracle/workload/anon_frag.memhog-page-allocs", 4, NULL, 0);
}
END_TEST

/*
 * The thp phase, `memhog -m 512 -T thp -k 1` (pid 622 on cpu 1).  By
 * the kernel's rules, and as recorded: 255 THPs of order 9 with the madvised "always"-defrag
 * mask GFP_TRANSHUGE|__GFP_NORETRY plus __GFP_THISNODE from
 * vma_alloc_folio()'s first try (recorded: the same 255); 131072 CoW
 * copies in the child (recorded 131092); 2 PGDs; page tables (recorded
 * 541); zeroed small pages only for the 512 pages outside the THPs
 * (recorded 907, most of them memhog's start-up: 44% short, so this kind
 * alone is allowed 45%).  Expect five kinds within those bounds.
 */
START_TEST(test_oracle_thp_page_allocs)
{
	struct gen_memhog_params p;

	memhog_params(&p, 512, GEN_MEMHOG_THP, 0, 1, 622, 1);
	census_compare(&p, "tests/data/oracle/workload/thp.memhog-page-allocs", 5,
		       "GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO", 45);
}
END_TEST

/* The sum of a NUMA event over every zone of the machine. */
static unsigned long numa_event_total(const struct machine *m, enum numa_stat_item item)
{
	unsigned long sum = 0;

	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			sum += m->node_data[nid]->node_zones[z].vm_numa_event[item];
	return sum;
}

/*
 * The recordings' hugepages phase: `echo 256 > /proc/sys/vm/nr_hugepages`
 * from CPU 0.  set_max_huge_pages() fills the pool round robin over the
 * nodes with memory, one __GFP_THISNODE order-9 allocation each: 128 per
 * node (the recording's log: "asked 256 got 256: 128 128"), 256
 * htlb_buddy_alloc_success, and pgalloc counts 256 x 512 pages.  The 128
 * pages of node 1 are allocated from CPU 0's node: zone_statistics()
 * counts them numa_other, the other 128 numa_local (the recording's
 * vmstat deltas: htlb_buddy_alloc_success +256, numa_other +128; its
 * numa_hit/numa_local also count the shell's own small allocations).
 * Expect exactly those.
 */
START_TEST(test_oracle_hugepages_phase)
{
	static const char trace[] = "numasim-trace v1\nsysctl vm.nr_hugepages=256\n";
	struct machine *m = boot_oracle();
	struct engine_opts opts = { .check_every = 1 };
	unsigned long pgalloc0 = m->vm_events[PGALLOC_DMA32] + m->vm_events[PGALLOC_NORMAL];
	unsigned long local0 = numa_event_total(m, NUMA_LOCAL);
	struct trace_reader *r = trace_reader_open_memory("t.trace", trace, sizeof(trace) - 1);
	struct engine e;

	m->current_cpu = 0;
	engine_init(&e, m, &opts);
	ck_assert_msg(engine_replay(&e, r) == ENGINE_OK, "%s", e.msg);
	ck_assert_uint_eq(m->hstate.nr_huge_pages_node[0], 128);
	ck_assert_uint_eq(m->hstate.nr_huge_pages_node[1], 128);
	ck_assert_uint_eq(m->vm_events[HTLB_BUDDY_ALLOC_SUCCESS], 256);
	ck_assert_uint_eq(m->vm_events[PGALLOC_DMA32] + m->vm_events[PGALLOC_NORMAL] - pgalloc0,
			  256 * HPAGE_PMD_NR);
	ck_assert_uint_eq(numa_event_total(m, NUMA_OTHER), 128);
	ck_assert_uint_eq(numa_event_total(m, NUMA_LOCAL) - local0, 128);
	trace_reader_close(r);
	engine_release(&e);
	test_release(m);
}
END_TEST

Suite *oracle_suite(void);

Suite *oracle_suite(void)
{
	Suite *s = suite_create("oracle");
	TCase *tc = tcase_create("boot");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_oracle_zone_sizes_reserves_and_pcp);
	tcase_add_test(tc, test_oracle_min_free_kbytes_and_dma_watermarks);
	tcase_add_test(tc, test_oracle_thp_phase);
	tcase_add_test(tc, test_oracle_anon_frag_page_allocs);
	tcase_add_test(tc, test_oracle_thp_page_allocs);
	tcase_add_test(tc, test_oracle_hugepages_phase);
	tcase_add_test(tc, test_oracle_boot_commit_limit);
	tcase_add_test(tc, test_oracle_anon_frag_committed);
	suite_add_tcase(s, tc);
	return s;
}
