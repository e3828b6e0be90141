/*
 * tests/check_procfs_proc.c - the views of memory and processes:
 * /proc/meminfo, the per-node meminfo files, /proc/PID/numa_maps
 * (sim/procfs.c over mm/task_mmu.c), the process counters in vmstat and
 * zoneinfo, and what a snapshot and results.json report about processes.
 *
 * Two kinds of fixture:
 *   - the reference machine's counters, loaded from the reference kernel's
 *     own zoneinfo (tests/data/oracle/boot/, recorded at the same instant
 *     as the meminfo files there): meminfo and the node files must then
 *     come out as the kernel printed them, MemAvailable and CommitLimit
 *     included, since those are the kernel's formulas over those counters;
 *   - booted machines whose tasks are built with the process API (spawn,
 *     mmap, user accesses, fork), for the values and the numa_maps lines
 *     the kernel's rules give in a known state.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/hugetlb.h"
#include "mm/internal.h"
#include "mm/mempolicy.h"
#include "mm/mm.h"
#include "mm/mman.h"
#include "mm/rmap.h"
#include "mm/task_mmu.h"
#include "mm/vmstat.h"
#include "mm/vmstat_counters.h"
#include "sim/output.h"
#include "sim/procfs.h"
#include "sim/report.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"
#include "tests/zoneinfo_load.h"

#define ORACLE_DIR	"tests/data/oracle/boot/"

#define KB_PER_PAGE	(PAGE_SIZE >> 10)

/* Where the tests map things: page aligned, the THP area 2 MiB aligned. */
#define ADDR_A		0x10000000ull
#define ADDR_B		0x20000000ull
#define ADDR_THP	0x40000000ull

/* ---- text helpers ---------------------------------------------------------- */

static size_t line_len(const char *s)
{
	const char *nl = strchr(s, '\n');

	return nl ? (size_t)(nl - s) : strlen(s);
}

static const char *next_line(const char *s)
{
	return s + line_len(s) + (s[line_len(s)] != '\0');
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s = next_line(s))
		n++;
	return n;
}

/* The line starting with prefix, or NULL. */
static const char *find_line(const char *text, const char *prefix)
{
	for (const char *s = text; *s; s = next_line(s))
		if (strncmp(s, prefix, strlen(prefix)) == 0)
			return s;
	return NULL;
}

/* The number after prefix on its line ("MemFree:" -> the kB value). */
static unsigned long value_after(const char *text, const char *prefix)
{
	const char *s = find_line(text, prefix);
	unsigned long v;

	ck_assert_msg(s != NULL, "no line starting \"%s\"", prefix);
	ck_assert_msg(sscanf(s + strlen(prefix), "%lu", &v) == 1, "no value after \"%s\"", prefix);
	return v;
}

/* Byte-for-byte equality; on a difference, name the first differing line. */
static void assert_same_text(const char *what, const char *expected, const char *got)
{
	int line = 1;

	for (; *expected || *got; expected = next_line(expected), got = next_line(got), line++) {
		size_t le = line_len(expected), lg = line_len(got);

		if (le != lg || memcmp(expected, got, le) != 0)
			ck_abort_msg("%s line %d:\n  expected \"%.*s\"\n  got      \"%.*s\"",
				     what, line, (int)le, expected, (int)lg, got);
	}
}

static char *render_numa_maps(const struct machine *m, const struct task_struct *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	procfs_numa_maps(f, m, t);
	ck_assert_int_eq(fclose(f), 0);
	return buf;
}

/* ---- the reference machine's counters -------------------------------------- */

/* An empty machine of nr_nodes nodes: zones with no pages, no hardware ranges. */
static struct machine *counters_machine(unsigned int nr_nodes)
{
	struct machine *m = calloc(1, sizeof(*m));

	ck_assert_ptr_nonnull(m);
	m->nr_node_ids = nr_nodes;
	for (unsigned int nid = 0; nid < nr_nodes; nid++) {
		pg_data_t *pgdat = calloc(1, sizeof(*pgdat));

		ck_assert_ptr_nonnull(pgdat);
		pgdat->node_id = (int)nid;
		pgdat->machine = m;
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			pgdat->node_zones[zid].zone_pgdat = pgdat;
			pgdat->node_zones[zid].node = (int)nid;
		}
		m->node_data[nid] = pgdat;
	}
	vm_commit_init(m);	/* the overcommit sysctls' boot defaults */
	return m;
}

static void counters_machine_release(struct machine *m)
{
	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++)
		free(m->node_data[nid]);
	free(m);
}

/* The recorded zoneinfo's counters and sizes, and the node sizes they add up to. */
static void load_zoneinfo(struct machine *m, const char *path)
{
	test_zoneinfo_load(m, path);
	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			m->node_data[nid]->node_present_pages +=
				m->node_data[nid]->node_zones[zid].present_pages;
}

/* The part of a meminfo line before its ':' (the field name). */
static size_t label_len(const char *line)
{
	const char *colon = memchr(line, ':', line_len(line));

	ck_assert_msg(colon != NULL, "no ':' in \"%.*s\"", (int)line_len(line), line);
	return (size_t)(colon - line);
}

/* The column just after the last digit of a line: where a right-aligned value ends. */
static size_t value_end(const char *line)
{
	size_t end = line_len(line);

	while (end && !(line[end - 1] >= '0' && line[end - 1] <= '9'))
		end--;
	return end;
}

/* Compare two lines up to their ends: 0 if equal. */
static int strcmp_line(const char *a, const char *b)
{
	if (line_len(a) != line_len(b))
		return 1;
	return memcmp(a, b, line_len(a));
}

/* A meminfo line whose value is the simulator's own (docs/metrics.md). */
static bool simulated_line(const char *line)
{
	static const char *const simulated[] = {
		"Committed_AS", "VmallocUsed", "Percpu", "DirectMap4k", "DirectMap2M",
		"DirectMap1G",
	};
	size_t n = label_len(line);

	for (size_t i = 0; i < TEST_ARRAY_SIZE(simulated); i++)
		if (n == strlen(simulated[i]) && memcmp(line, simulated[i], n) == 0)
			return true;
	return false;
}

/*
 * The reference kernel's counters at boot, loaded from its zoneinfo.
 * Expect /proc/meminfo with the kernel's lines in the kernel's order, each
 * line equal to the recording except those the simulator has no subsystem
 * for (Committed_AS counts only the tasks' mappings, VmallocUsed and
 * Percpu are 0, the direct map is our own split of the RAM ranges); those
 * keep the kernel's name and value column.  MemAvailable (si_mem_available
 * over free pages, reserves, low watermarks, file LRU and reclaimable
 * slab) and CommitLimit (vm_commit_limit: half of totalram) match exactly.
 */
START_TEST(test_meminfo_reference)
{
	struct machine *m = counters_machine(2);
	char *expected = test_read_file(ORACLE_DIR "meminfo");
	char *got;
	const char *e, *g;

	load_zoneinfo(m, ORACLE_DIR "zoneinfo");
	got = test_render(procfs_meminfo, m);
	ck_assert_int_eq(count_lines(got), count_lines(expected));
	for (e = expected, g = got; *e; e = next_line(e), g = next_line(g)) {
		size_t n = label_len(e);

		ck_assert_msg(label_len(g) == n && memcmp(e, g, n) == 0,
			      "expected \"%.*s\", got \"%.*s\"", (int)line_len(e), e,
			      (int)line_len(g), g);
		if (simulated_line(e))
			ck_assert_msg(value_end(e) == value_end(g) &&
				      strcmp_line(e + value_end(e), g + value_end(g)) == 0,
				      "layout of \"%.*s\"", (int)line_len(g), g);
		else
			ck_assert_msg(strcmp_line(e, g) == 0,
				      "expected \"%.*s\", got \"%.*s\"", (int)line_len(e), e,
				      (int)line_len(g), g);
	}
	free(got);
	free(expected);
	counters_machine_release(m);
}
END_TEST

/*
 * The same counters.  Expect each node's meminfo file byte for byte as the
 * kernel wrote it: every value there is a node or zone counter, MemUsed is
 * MemTotal - MemFree, and the kernel's two short labels (FileHugePages,
 * FilePmdMapped) stay one column short.
 */
START_TEST(test_node_meminfo_reference)
{
	struct machine *m = counters_machine(2);

	load_zoneinfo(m, ORACLE_DIR "zoneinfo");
	for (int nid = 0; nid < 2; nid++) {
		char path[64], what[32];
		char *expected, *got;

		snprintf(path, sizeof(path), ORACLE_DIR "node%d.meminfo", nid);
		snprintf(what, sizeof(what), "node%d.meminfo", nid);
		expected = test_read_file(path);
		got = test_render_node(procfs_node_meminfo, m, nid);
		assert_same_text(what, expected, got);
		free(expected);
		free(got);
	}
	counters_machine_release(m);
}
END_TEST

/*
 * Huge pages in the pool: 3 on node 0 (1 free), 2 on node 1 (2 free, 1
 * surplus), 1 reserved.  Expect HugePages_Total 5, Free 3, Rsvd 1, Surp 1,
 * Hugetlb 5 x 2048 kB, CommitLimit = (totalram - 5 x 512) / 2 pages
 * (vm_commit_limit leaves the pool out), and per node the node's own
 * Total/Free/Surp.
 */
START_TEST(test_meminfo_hugetlb_pool)
{
	struct machine *m = counters_machine(2);
	struct hstate *h = &m->hstate;
	char *text;

	load_zoneinfo(m, ORACLE_DIR "zoneinfo");
	h->nr_huge_pages = 5;
	h->free_huge_pages = 3;
	h->resv_huge_pages = 1;
	h->surplus_huge_pages = 1;
	h->nr_huge_pages_node[0] = 3;
	h->free_huge_pages_node[0] = 1;
	h->nr_huge_pages_node[1] = 2;
	h->free_huge_pages_node[1] = 2;
	h->surplus_huge_pages_node[1] = 1;
	text = test_render(procfs_meminfo, m);
	ck_assert_ptr_nonnull(strstr(text, "HugePages_Total:       5\nHugePages_Free:        3\n"
				     "HugePages_Rsvd:        1\nHugePages_Surp:        1\n"
				     "Hugepagesize:       2048 kB\nHugetlb:           10240 kB\n"));
	ck_assert_uint_eq(value_after(text, "CommitLimit:"),
			  (value_after(text, "MemTotal:") / KB_PER_PAGE - 5 * HPAGE_PMD_NR) / 2 *
			  KB_PER_PAGE);
	free(text);
	text = test_render_node(procfs_node_meminfo, m, 1);
	ck_assert_ptr_nonnull(strstr(text, "Node 1 HugePages_Total:     2\n"
				     "Node 1 HugePages_Free:      2\n"
				     "Node 1 HugePages_Surp:      1\n"));
	free(text);
	counters_machine_release(m);
}
END_TEST

/* ---- machines with tasks --------------------------------------------------- */

#define K_PROC(thp)	TEST_K_BASE ", \"pcp\": false, \"transparent_hugepage\": \"" thp "\""

/* Two nodes of 64 MiB, cpu 0 on node 0 and cpu 1 on node 1. */
static struct machine *proc_machine(const char *kernel_keys)
{
	return test_boot_node_pair("64M", "64M", kernel_keys);
}


/* mmap at a fixed address; asserts success. */
static void map_at(struct machine *m, struct task_struct *t, uint64_t addr, uint64_t nr_pages,
		   unsigned long prot, unsigned long flags, struct address_space *file)
{
	uint64_t got;

	ck_assert_int_eq(do_mmap(m, t, addr, nr_pages << PAGE_SHIFT, prot, flags | MAP_FIXED,
				 file, 0, &got), 0);
	ck_assert_uint_eq(got, addr);
}

#define ANON_PRIVATE	(MAP_PRIVATE | MAP_ANONYMOUS)
#define PROT_RW		(PROT_READ | PROT_WRITE)

/* Access nr_pages pages from addr, one byte each; asserts no fault failed. */
static void touch(struct machine *m, struct task_struct *t, uint64_t addr, uint64_t nr_pages,
		  bool write)
{
	proc_touch(m, t, addr, nr_pages << PAGE_SHIFT, write);
	test_check(m);
}

/* Active(anon) + Inactive(anon) of a meminfo text, in kB. */
static unsigned long anon_lru_kb(const char *meminfo)
{
	return value_after(meminfo, "Active(anon):") + value_after(meminfo, "Inactive(anon):");
}

/* Assert that t's numa_maps is exactly the expected text. */
static void expect_numa_maps(const struct machine *m, const struct task_struct *t,
			     const char *expected)
{
	char *got = render_numa_maps(m, t);

	ck_assert_msg(strcmp(got, expected) == 0,
		      "numa_maps of %d:\n  expected \"%s\"\n  got      \"%s\"",
		      t->pid, expected, got);
	free(got);
}

/*
 * One task on node 0 writes 64 pages of a private anonymous mapping (THP
 * off).  Expect, against the meminfo before: AnonPages and the anon LRU
 * up by 64 x 4 kB (do_anonymous_page maps and adds each page),
 * PageTables up by 8 kB (one PMD and one PTE table; 6.1 does not count
 * PGD and PUD pages), Committed_AS up by 256 kB (a private writable
 * mapping is charged at mmap: accountable_mapping), MemFree equal to
 * NR_FREE_PAGES, MemTotal to the managed pages and CommitLimit to half of
 * them (vm_commit_limit).  Node 0's file shows the anon pages and tables,
 * node 1's none; MemUsed = MemTotal - MemFree.
 */
START_TEST(test_meminfo_anon_faults)
{
	struct machine *m = proc_machine(K_PROC("never"));
	unsigned long managed = 0;
	char *before, *after, *node0, *node1;
	struct task_struct *t;

	for (int nid = 0; nid < 2; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			managed += m->node_data[nid]->node_zones[zid].managed_pages;
	before = test_render(procfs_meminfo, m);
	t = proc_spawn_on(m, 1, 0);
	map_at(m, t, ADDR_A, 64, PROT_RW, ANON_PRIVATE, NULL);
	touch(m, t, ADDR_A, 64, true);
	vmstat_refresh(m);	/* echo 1 > /proc/sys/vm/stat_refresh: no per-CPU lag */
	after = test_render(procfs_meminfo, m);

	ck_assert_uint_eq(value_after(after, "AnonPages:") - value_after(before, "AnonPages:"),
			  64 * KB_PER_PAGE);
	ck_assert_uint_eq(anon_lru_kb(after) - anon_lru_kb(before), 64 * KB_PER_PAGE);
	ck_assert_uint_eq(value_after(after, "PageTables:") - value_after(before, "PageTables:"),
			  2 * KB_PER_PAGE);
	ck_assert_uint_eq(value_after(after, "Committed_AS:") -
			  value_after(before, "Committed_AS:"), 64 * KB_PER_PAGE);
	ck_assert_uint_eq(value_after(after, "MemFree:"),
			  global_zone_page_state(m, NR_FREE_PAGES) * KB_PER_PAGE);
	ck_assert_uint_eq(value_after(after, "MemTotal:"), managed * KB_PER_PAGE);
	ck_assert_uint_eq(value_after(after, "CommitLimit:"), managed / 2 * KB_PER_PAGE);

	node0 = test_render_node(procfs_node_meminfo, m, 0);
	node1 = test_render_node(procfs_node_meminfo, m, 1);
	ck_assert_uint_eq(value_after(node0, "Node 0 AnonPages:"), 64 * KB_PER_PAGE);
	ck_assert_uint_eq(value_after(node0, "Node 0 PageTables:"), 2 * KB_PER_PAGE);
	ck_assert_uint_eq(value_after(node1, "Node 1 AnonPages:"), 0);
	ck_assert_uint_eq(value_after(node0, "Node 0 MemUsed:"),
			  value_after(node0, "Node 0 MemTotal:") -
			  value_after(node0, "Node 0 MemFree:"));
	free(before);
	free(after);
	free(node0);
	free(node1);
	test_release(m);
}
END_TEST

/*
 * THP "always": one write into a 2 MiB-aligned private anonymous VMA maps
 * a THP (do_huge_pmd_anonymous_page); a read of a one-page VMA 4 MiB
 * further (too small for a THP) maps the zero page.  Expect /proc/vmstat
 * to show pgfault 2 (one per fault), thp_fault_alloc 1,
 * nr_anon_transparent_hugepages 1 (printed in THPs,
 * vmstat_item_print_in_thp), nr_anon_pages 512 (the zero page is not an
 * anon page), nr_page_table_pages 3 (the PMD table both share, the PTE
 * table deposited with the THP, the PTE table of the read); zoneinfo's
 * node 0 stats the same; meminfo AnonHugePages and AnonPages 2048 kB.
 */
START_TEST(test_vmstat_thp_counters)
{
	struct machine *m = proc_machine(K_PROC("always"));
	struct task_struct *t = proc_spawn_on(m, 1, 0);
	char *vmstat, *zoneinfo, *meminfo;

	map_at(m, t, ADDR_THP, HPAGE_PMD_NR, PROT_RW, ANON_PRIVATE, NULL);
	map_at(m, t, ADDR_THP + 2 * HPAGE_PMD_SIZE, 1, PROT_RW, ANON_PRIVATE, NULL);
	touch(m, t, ADDR_THP, 1, true);
	touch(m, t, ADDR_THP + 2 * HPAGE_PMD_SIZE, 1, false);

	vmstat_refresh(m);	/* echo 1 > /proc/sys/vm/stat_refresh: no per-CPU lag */
	vmstat = test_render(procfs_vmstat, m);
	ck_assert_uint_eq(value_after(vmstat, "pgfault "), 2);
	ck_assert_uint_eq(value_after(vmstat, "pgmajfault "), 0);
	ck_assert_uint_eq(value_after(vmstat, "thp_fault_alloc "), 1);
	ck_assert_uint_eq(value_after(vmstat, "nr_anon_transparent_hugepages "), 1);
	ck_assert_uint_eq(value_after(vmstat, "nr_anon_pages "), HPAGE_PMD_NR);
	ck_assert_uint_eq(value_after(vmstat, "nr_page_table_pages "), 3);
	zoneinfo = test_render(procfs_zoneinfo, m);
	ck_assert_ptr_nonnull(strstr(zoneinfo, "\n      nr_anon_transparent_hugepages 1\n"));
	ck_assert_ptr_nonnull(strstr(zoneinfo, "\n      nr_anon_pages 512\n"));
	meminfo = test_render(procfs_meminfo, m);
	ck_assert_uint_eq(value_after(meminfo, "AnonHugePages:"), HPAGE_PMD_SIZE >> 10);
	ck_assert_uint_eq(value_after(meminfo, "AnonPages:"), HPAGE_PMD_SIZE >> 10);
	free(vmstat);
	free(zoneinfo);
	free(meminfo);
	test_release(m);
}
END_TEST

/* ---- numa_maps ------------------------------------------------------------- */

/*
 * Three private anonymous VMAs (THP off): one never touched, one only
 * read (every PTE maps the zero page), one with 8 pages written.  Expect
 * the first two lines to stop after the policy (no page counted:
 * vm_normal_page() skips the zero page) and the third "anon=8 dirty=8
 * active=0 N0=8 kernelpagesize_kB=4": anonymous, PTEs dirty, on the
 * inactive list (active < pages prints active=), all on node 0; mapped= is
 * left out since pages equals anon.
 */
START_TEST(test_numa_maps_anon)
{
	struct machine *m = proc_machine(K_PROC("never"));
	struct task_struct *t = proc_spawn_on(m, 1, 0);

	map_at(m, t, ADDR_A, 4, PROT_RW, ANON_PRIVATE, NULL);
	map_at(m, t, ADDR_B, 4, PROT_RW, ANON_PRIVATE, NULL);
	map_at(m, t, ADDR_THP, 8, PROT_RW, ANON_PRIVATE, NULL);
	touch(m, t, ADDR_B, 4, false);
	touch(m, t, ADDR_THP, 8, true);
	expect_numa_maps(m, t,
			 "10000000 default\n"
			 "20000000 default\n"
			 "40000000 default anon=8 dirty=8 active=0 N0=8 kernelpagesize_kB=4\n");
	test_release(m);
}
END_TEST

/*
 * A task on node 1's CPU writes 3 pages.  Expect them counted under N1
 * (the default policy allocates on the local node).
 */
START_TEST(test_numa_maps_node)
{
	struct machine *m = proc_machine(K_PROC("never"));
	struct task_struct *t = proc_spawn_on(m, 1, 1);

	map_at(m, t, ADDR_A, 3, PROT_RW, ANON_PRIVATE, NULL);
	touch(m, t, ADDR_A, 3, true);
	expect_numa_maps(m, t,
			 "10000000 default anon=3 dirty=3 active=0 N1=3 kernelpagesize_kB=4\n");
	test_release(m);
}
END_TEST

/*
 * A parent writes 4 pages and forks.  Expect both tasks to show
 * "anon=4 dirty=4 mapmax=2": the pages are shared copy-on-write, each
 * mapped by both (page_mapcount 2), and fork keeps the dirty bit of a
 * private PTE (copy_present_pte only makes it old and read-only).  After
 * the child writes all 4, each page has one mapping again: no mapmax in
 * either line.
 */
START_TEST(test_numa_maps_fork)
{
	struct machine *m = proc_machine(K_PROC("never"));
	struct task_struct *parent = proc_spawn_on(m, 1, 0), *child;
	static const char shared[] =
		"10000000 default anon=4 dirty=4 mapmax=2 active=0 N0=4 kernelpagesize_kB=4\n";
	static const char own[] =
		"10000000 default anon=4 dirty=4 active=0 N0=4 kernelpagesize_kB=4\n";

	map_at(m, parent, ADDR_A, 4, PROT_RW, ANON_PRIVATE, NULL);
	touch(m, parent, ADDR_A, 4, true);
	ck_assert_int_eq(task_fork(m, parent, 2, &child), 0);
	test_check(m);
	expect_numa_maps(m, parent, shared);
	expect_numa_maps(m, child, shared);
	touch(m, child, ADDR_A, 4, true);
	expect_numa_maps(m, parent, own);
	expect_numa_maps(m, child, own);
	test_release(m);
}
END_TEST

/*
 * THP "always": a 4 MiB private anonymous VMA at a 2 MiB boundary, one
 * byte written in its first half.  Expect the THP's PMD to count 512 base
 * pages (gather_pte_stats adds HPAGE_PMD_NR for a huge PMD), "anon=512
 * dirty=512" (the THP fault maps the PMD dirty), kernelpagesize_kB=4 (a
 * THP VMA is not a hugetlb VMA), and the second half, untouched, nothing.
 */
START_TEST(test_numa_maps_thp)
{
	struct machine *m = proc_machine(K_PROC("always"));
	struct task_struct *t = proc_spawn_on(m, 1, 0);

	map_at(m, t, ADDR_THP, 2 * HPAGE_PMD_NR, PROT_RW, ANON_PRIVATE, NULL);
	touch(m, t, ADDR_THP + PAGE_SIZE, 1, true);
	expect_numa_maps(m, t,
			 "40000000 default anon=512 dirty=512 active=0 N0=512 "
			 "kernelpagesize_kB=4\n");
	test_release(m);
}
END_TEST

/*
 * A file whose name holds a space and an '=' mapped twice: private and
 * read-only (page 20 read), shared and writable (page 0 written, page 3
 * read).  The pages lie more than 64 KiB apart, so no read maps another
 * mapping's page by fault-around (do_fault_around).  Expect "file=" with
 * the kernel's escapes (seq_file_path with "\n\t= ": space \040, '='
 * \075), no anon=, "mapped=" whenever the pages differ from both anon and
 * dirty; the shared mapping "dirty=1 mapped=2" (the written PTE is dirty,
 * the read one clean).
 */
START_TEST(test_numa_maps_file)
{
	struct machine *m = proc_machine(K_PROC("never"));
	struct task_struct *t = proc_spawn_on(m, 1, 0);
	struct address_space *file = file_lookup(m, "/data/a=b c");

	ck_assert_ptr_nonnull(file);
	map_at(m, t, ADDR_A, 32, PROT_READ, MAP_PRIVATE, file);
	map_at(m, t, ADDR_B, 32, PROT_RW, MAP_SHARED, file);
	touch(m, t, ADDR_A + 20 * PAGE_SIZE, 1, false);
	touch(m, t, ADDR_B, 1, true);
	touch(m, t, ADDR_B + 3 * PAGE_SIZE, 1, false);
	expect_numa_maps(m, t,
			 "10000000 default file=/data/a\\075b\\040c mapped=1 active=0 N0=1 "
			 "kernelpagesize_kB=4\n"
			 "20000000 default file=/data/a\\075b\\040c dirty=1 mapped=2 active=0 N0=2 "
			 "kernelpagesize_kB=4\n");
	test_release(m);
}
END_TEST

/*
 * MAP_SHARED|MAP_ANONYMOUS, 4 pages written.  Expect the kernel's name of
 * the shmem object, "/dev/zero (deleted)", escaped to
 * "file=/dev/zero\040(deleted)", and "dirty=4" without anon= (shmem pages
 * are not PageAnon) or mapped= (pages equals dirty).
 */
START_TEST(test_numa_maps_shmem)
{
	struct machine *m = proc_machine(K_PROC("never"));
	struct task_struct *t = proc_spawn_on(m, 1, 0);

	map_at(m, t, ADDR_A, 4, PROT_RW, MAP_SHARED | MAP_ANONYMOUS, NULL);
	touch(m, t, ADDR_A, 4, true);
	expect_numa_maps(m, t,
			 "10000000 default file=/dev/zero\\040(deleted) dirty=4 active=0 N0=4 "
			 "kernelpagesize_kB=4\n");
	test_release(m);
}
END_TEST

/*
 * A pool of 4 huge pages (2 per node); a private MAP_HUGETLB mapping of
 * two huge pages, both written by a task on node 0.  Expect the hugetlbfs
 * name of an anonymous huge mapping, " huge", counts in huge pages
 * (gather_hugetlb_stats adds 1 per huge page), "anon=2 dirty=2" (private
 * hugetlb pages are anonymous), no active= (never printed for hugetlb),
 * N0=2 and kernelpagesize_kB=2048 (vma_kernel_pagesize).
 */
START_TEST(test_numa_maps_hugetlb)
{
	struct machine *m = proc_machine(K_PROC("never"));
	struct task_struct *t = proc_spawn_on(m, 1, 0);

	ck_assert_int_eq(hugetlb_set_nr_hugepages(m, NUMA_NO_NODE, 4), 0);
	map_at(m, t, ADDR_THP, 2 * HPAGE_PMD_NR, PROT_RW, ANON_PRIVATE | MAP_HUGETLB, NULL);
	touch(m, t, ADDR_THP, 1, true);
	touch(m, t, ADDR_THP + HPAGE_PMD_SIZE, 1, true);
	expect_numa_maps(m, t,
			 "40000000 default file=/anon_hugepage\\040(deleted) huge anon=2 dirty=2 "
			 "N0=2 kernelpagesize_kB=2048\n");
	test_release(m);
}
END_TEST

/*
 * The policy numa_maps names: the VMA's if it has one (mbind), else the
 * task's (set_mempolicy), else the default.  Expect each in turn
 * (show_numa_map: __get_vma_policy, then the task's policy).
 */
START_TEST(test_numa_maps_policy_choice)
{
	struct machine *m = proc_machine(K_PROC("never"));
	struct task_struct *t = proc_spawn_on(m, 1, 0);
	struct mempolicy task_pol = { .refcnt = 1, .mode = MPOL_INTERLEAVE };
	struct mempolicy vma_pol = { .refcnt = 1, .mode = MPOL_BIND };
	struct vm_area_struct *vma;

	map_at(m, t, ADDR_A, 1, PROT_RW, ANON_PRIVATE, NULL);
	vma = vma_lookup(t->mm, ADDR_A);
	ck_assert_int_eq(numa_maps_policy(t, vma)->mode, MPOL_DEFAULT);
	t->mempolicy = &task_pol;
	ck_assert_ptr_eq(numa_maps_policy(t, vma), &task_pol);
	vma->vm_policy = &vma_pol;
	ck_assert_ptr_eq(numa_maps_policy(t, vma), &vma_pol);
	vma->vm_policy = NULL;		/* they live on this stack, not the heap */
	t->mempolicy = NULL;
	test_release(m);
}
END_TEST

/* ---- snapshots and results.json -------------------------------------------- */

static char *render_summary(const struct machine *m, const struct report_info *ri)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	report_print_summary(f, m, ri);
	ck_assert_int_eq(fclose(f), 0);
	return buf;
}

static json_t *json_path_int(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	ck_assert_msg(json_is_integer(v), "no integer \"%s\"", key);
	return v;
}

/*
 * Two tasks (pids 7 and 3; 3 writes 5 pages), one snapshot "s", then
 * results.json.  Expect snapshots/s/ to hold meminfo, node0.meminfo,
 * node1.meminfo and a numa_maps per task under its pid, each equal to the
 * view; results.json "processes" to list the tasks by pid with their
 * resident pages (rss_anon 5 for pid 3), page-table bytes (VmPTE: the
 * PUD, PMD and PTE tables, 3 pages) and faults (5 minor), and the
 * machine's totals; the summary to total them in one line each.
 */
START_TEST(test_report_processes)
{
	struct machine *m = proc_machine(K_PROC("never"));
	struct task_struct *t3, *t7 = proc_spawn_on(m, 7, 0);
	struct report_info ri = { .version = "test", .profile = "linux" };
	char dir[128], path[256], err[256];
	struct report_run rr;
	json_t *root, *procs, *task;
	struct output *o;
	char *got, *want;

	t3 = proc_spawn_on(m, 3, 1);
	map_at(m, t3, ADDR_A, 5, PROT_RW, ANON_PRIVATE, NULL);
	touch(m, t3, ADDR_A, 5, true);
	test_scratch_dir(dir, sizeof(dir), "procfs-proc");
	snprintf(path, sizeof(path), "%s/out", dir);
	o = output_begin(&(struct output_spec){ .dir = path }, err, sizeof(err));
	ck_assert_msg(o != NULL, "%s", err);
	report_run_init(&rr, o);
	ck_assert_msg(report_snapshot(&rr, "s", m, err, sizeof(err)) == 0, "%s", err);
	ck_assert_msg(report_write_results(o, m, &ri, err, sizeof(err)) == 0, "%s", err);
	ck_assert_msg(output_commit(o, err, sizeof(err)) == 0, "%s", err);
	report_run_release(&rr);

	snprintf(path, sizeof(path), "%s/out/snapshots/s/3/numa_maps", dir);
	got = test_read_file(path);
	want = render_numa_maps(m, t3);
	assert_same_text("3/numa_maps", want, got);
	free(got);
	free(want);
	snprintf(path, sizeof(path), "%s/out/snapshots/s/7/numa_maps", dir);
	got = test_read_file(path);
	ck_assert_str_eq(got, "");
	free(got);
	snprintf(path, sizeof(path), "%s/out/snapshots/s/node1.meminfo", dir);
	got = test_read_file(path);
	want = test_render_node(procfs_node_meminfo, m, 1);
	assert_same_text("node1.meminfo", want, got);
	free(got);
	free(want);
	snprintf(path, sizeof(path), "%s/out/snapshots/s/meminfo", dir);
	got = test_read_file(path);
	want = test_render(procfs_meminfo, m);
	assert_same_text("meminfo", want, got);
	free(got);
	free(want);

	snprintf(path, sizeof(path), "%s/out/results.json", dir);
	root = json_load_file(path, 0, NULL);
	ck_assert_ptr_nonnull(root);
	procs = json_object_get(root, "processes");
	ck_assert_int_eq(json_integer_value(json_path_int(procs, "tasks")), 2);
	task = json_array_get(json_object_get(procs, "task"), 0);
	ck_assert_int_eq(json_integer_value(json_path_int(task, "pid")), 3);
	ck_assert_int_eq(json_integer_value(json_path_int(task, "rss_anon")), 5);
	ck_assert_int_eq(json_integer_value(json_path_int(task, "rss_file")), 0);
	ck_assert_int_eq(json_integer_value(json_path_int(task, "pgtables_bytes")),
			 3 * PAGE_SIZE);
	ck_assert_int_eq(json_integer_value(json_path_int(task, "min_flt")), 5);
	ck_assert_int_eq(json_integer_value(json_path_int(task, "maj_flt")), 0);
	task = json_array_get(json_object_get(procs, "task"), 1);
	ck_assert_int_eq(json_integer_value(json_path_int(task, "pid")), 7);
	ck_assert_str_eq(json_string_value(json_object_get(task, "comm")), "test");	/* proc_spawn_on() names it */
	ck_assert_int_eq(json_integer_value(json_path_int(procs, "segv")), 0);
	ck_assert_int_eq(json_integer_value(json_path_int(procs, "cow_copies")), 0);
	json_decref(root);
	test_remove_dir(dir);

	got = render_summary(m, &ri);
	ck_assert_ptr_nonnull(strstr(got, "\nprocesses: 2 tasks, resident 5 anon + 0 file + "
				     "0 shmem pages, page tables 12 KiB\n"));
	ck_assert_ptr_nonnull(strstr(got, "\nfaults: 5 (major 0), SIGSEGV 0, SIGBUS 0, "
				     "out of memory 0, migration entry waits 0\n"));
	ck_assert_ptr_nonnull(strstr(got, "\ncopy-on-write: copied 0, reused 0; pins 0, "
				     "long-term pins 0\n"));
	free(got);
	(void)t7;
	test_release(m);
}
END_TEST

Suite *procfs_proc_suite(void);	/* collected into the runner by the Makefile */
Suite *procfs_proc_suite(void)
{
	Suite *s = suite_create("procfs_proc");
	TCase *tc = tcase_create("meminfo");

	tcase_add_test(tc, test_meminfo_reference);
	tcase_add_test(tc, test_node_meminfo_reference);
	tcase_add_test(tc, test_meminfo_hugetlb_pool);
	tcase_add_test(tc, test_meminfo_anon_faults);
	tcase_add_test(tc, test_vmstat_thp_counters);
	suite_add_tcase(s, tc);

	tc = tcase_create("numa_maps");
	tcase_add_test(tc, test_numa_maps_anon);
	tcase_add_test(tc, test_numa_maps_node);
	tcase_add_test(tc, test_numa_maps_fork);
	tcase_add_test(tc, test_numa_maps_thp);
	tcase_add_test(tc, test_numa_maps_file);
	tcase_add_test(tc, test_numa_maps_shmem);
	tcase_add_test(tc, test_numa_maps_hugetlb);
	tcase_add_test(tc, test_numa_maps_policy_choice);
	suite_add_tcase(s, tc);

	tc = tcase_create("report");
	tcase_add_test(tc, test_report_processes);
	suite_add_tcase(s, tc);
	return s;
}
