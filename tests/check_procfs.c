/*
 * tests/check_procfs.c - the /proc and debugfs views (sim/procfs.c) and the
 * numbers behind them (mm/vmstat.c).
 *
 * Two kinds of fixture:
 *   - the reference machine: the reference kernel's boot state (2 nodes,
 *     4 GiB, its real e820 holes) loaded into hand-built structures from
 *     the recordings in tests/data/oracle/boot/.  Our views of that state
 *     must reproduce the kernel's files byte for byte; the numbers the
 *     views derive themselves (block census over holes, the vmstat
 *     threshold, the dirty limits) are checked that way against the real
 *     kernel.  (The four files were read at slightly different instants, so
 *     each view is compared on a machine loaded from its own file.)
 *   - small machines built by hand, for the formulas and the corner cases
 *     (CMA columns, the 100000-block walk cap, memoryless nodes).
 *   - machines booted through the real boot path (test_boot()), whose views
 *     must agree with each other as the kernel's do.
 * The hand-built fixtures link pages onto lists directly: they model the
 * kernel's state, not the allocator's way of reaching it.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/internal.h"
#include "mm/pageblock-flags.h"
#include "mm/vmstat.h"
#include "mm/vmstat_counters.h"
#include "mm/writeback.h"
#include "sim/procfs.h"
#include "tests/helpers.h"
#include "tests/zoneinfo_load.h"

#define ORACLE_BOOT_DIR	"tests/data/oracle/boot/"

/* ---- text helpers ---------------------------------------------------------- */

typedef void (*view_fn)(FILE *f, const struct machine *m);

static size_t line_len(const char *s)
{
	const char *nl = strchr(s, '\n');

	return nl ? (size_t)(nl - s) : strlen(s);
}

/* Byte-for-byte equality; on a difference, name the first differing line. */
static void assert_same_text(const char *what, const char *expected, const char *got)
{
	int line = 1;

	while (*expected || *got) {
		size_t le = line_len(expected), lg = line_len(got);

		if (le != lg || memcmp(expected, got, le) != 0 || !expected[le] != !got[lg])
			ck_abort_msg("%s line %d:\n  expected \"%.*s\"\n  got      \"%.*s\"",
				     what, line, (int)le, expected, (int)lg, got);
		expected += le + (expected[le] != '\0');
		got += lg + (got[lg] != '\0');
		line++;
	}
}

/* The line that starts with prefix (NULL if none), and how many such lines. */
static const char *find_line(const char *text, const char *prefix)
{
	for (const char *s = text; *s; s += line_len(s) + (s[line_len(s)] != '\0'))
		if (strncmp(s, prefix, strlen(prefix)) == 0)
			return s;
	return NULL;
}

static int count_lines_containing(const char *text, const char *needle)
{
	int n = 0;

	for (const char *s = text; *s; s += line_len(s) + (s[line_len(s)] != '\0')) {
		char buf[512];
		size_t len = line_len(s) < sizeof(buf) - 1 ? line_len(s) : sizeof(buf) - 1;

		memcpy(buf, s, len);
		buf[len] = '\0';
		n += strstr(buf, needle) != NULL;
	}
	return n;
}

static void assert_line(const char *text, const char *prefix, const char *expected_line)
{
	const char *s = find_line(text, prefix);

	ck_assert_msg(s != NULL, "no line starting \"%s\"", prefix);
	ck_assert_msg(line_len(s) == strlen(expected_line) &&
		      memcmp(s, expected_line, line_len(s)) == 0,
		      "expected \"%s\", got \"%.*s\"", expected_line, (int)line_len(s), s);
}

/* ---- hand-built machines --------------------------------------------------- */

static void fixture_init_zone(struct machine *m, pg_data_t *pgdat, int zid)
{
	struct zone *zone = &pgdat->node_zones[zid];

	zone->zone_pgdat = pgdat;
	zone->node = pgdat->node_id;
	zone->name = zone_names[zid];
	for (int order = 0; order < MAX_ORDER; order++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			zone->free_area[order].free_list[mt] =
				(struct page_list){ PAGE_LIST_NIL, PAGE_LIST_NIL };
	zone->per_cpu_pageset = calloc(m->nr_cpus, sizeof(*zone->per_cpu_pageset));
	ck_assert_ptr_nonnull(zone->per_cpu_pageset);
	for (unsigned int cpu = 0; cpu < m->nr_cpus; cpu++)
		for (int i = 0; i < NR_PCP_LISTS; i++)
			zone->per_cpu_pageset[cpu].lists[i] =
				(struct page_list){ PAGE_LIST_NIL, PAGE_LIST_NIL };
}

/*
 * Nodes of node_pages[nid] frames each, back to back from pfn 0, with
 * cpus_per_node CPUs each; every zone empty.  Pageblocks of 512 pages.
 */
static struct machine *fixture_new(unsigned int nr_nodes, const pfn_t *node_pages,
				   unsigned int cpus_per_node)
{
	struct machine *m = calloc(1, sizeof(*m));
	pfn_t start = 0;

	ck_assert_ptr_nonnull(m);
	m->hw.nr_nodes = nr_nodes;
	for (unsigned int nid = 0; nid < nr_nodes; nid++) {
		m->hw.node[nid].start = pfn_to_phys(start);
		m->hw.node[nid].bytes = pfn_to_phys(node_pages[nid]);
		m->hw.node[nid].nr_cpus = cpus_per_node;
		for (unsigned int j = 0; j < nr_nodes; j++)
			m->hw.distance[nid][j] = nid == j ? LOCAL_DISTANCE : REMOTE_DISTANCE;
		start += node_pages[nid];
	}
	hw_machine_assign_cpus(&m->hw);
	m->end_pfn = start;
	m->pageblock_order = 9;
	writeback_sysctls_init(m);	/* the vm.dirty_* defaults, as at boot */
	ck_assert_int_eq(sparse_init(m), 0);
	m->nr_node_ids = nr_nodes;
	m->nr_cpus = m->hw.nr_cpus;
	for (unsigned int cpu = 0; cpu < m->nr_cpus; cpu++)
		m->cpu_to_node[cpu] = m->hw.cpu_to_node[cpu];
	start = 0;
	for (unsigned int nid = 0; nid < nr_nodes; nid++) {
		pg_data_t *pgdat = calloc(1, sizeof(*pgdat));

		ck_assert_ptr_nonnull(pgdat);
		pgdat->node_id = (int)nid;
		pgdat->machine = m;
		pgdat->node_start_pfn = start;
		start += node_pages[nid];
		m->node_data[nid] = pgdat;
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			fixture_init_zone(m, pgdat, zid);
	}
	return m;
}

/* Stamp every frame of the zone's span that has a memmap with its node and zone. */
static void fixture_stamp_zone(struct machine *m, struct zone *zone)
{
	uint32_t tag = ((uint32_t)zone->node << PAGE_NODE_SHIFT) |
		       ((uint32_t)zone_idx(zone) << PAGE_ZONE_SHIFT);

	for_each_valid_pfn_run(m, run, run_end, zone->zone_start_pfn, zone_end_pfn(zone))
		for (pfn_t pfn = run; pfn < run_end; pfn++)
			pfn_to_page(m, pfn)->flags = tag;
}

/* Give zone (nid, zid) the span [start, start + nr_pages), all present and managed. */
static struct zone *fixture_zone(struct machine *m, int nid, int zid, pfn_t start,
				 unsigned long nr_pages)
{
	struct zone *zone = &m->node_data[nid]->node_zones[zid];

	zone->zone_start_pfn = start;
	zone->spanned_pages = zone->present_pages = zone->managed_pages = nr_pages;
	fixture_stamp_zone(m, zone);
	return zone;
}

/*
 * Holes change which sections and subsections have memory, which
 * sparse_init() records: the memmap is built again, so add holes before
 * stamping zones or listing blocks.
 */
static void fixture_add_hole(struct machine *m, pfn_t start, pfn_t end)
{
	struct hw_range *r = &m->hw.hole[m->hw.nr_holes++];

	r->start = pfn_to_phys(start);
	r->end = pfn_to_phys(end);
	sparse_release(m);
	ck_assert_int_eq(sparse_init(m), 0);
}

static void list_add_tail_pfn(struct machine *m, struct page_list *list, pfn_t pfn)
{
	struct page *page = pfn_to_page(m, pfn);

	page->lru_next = PAGE_LIST_NIL;
	page->lru_prev = list->last;
	if (list->last == PAGE_LIST_NIL)
		list->first = (uint32_t)pfn;
	else
		pfn_to_page(m, list->last)->lru_next = (uint32_t)pfn;
	list->last = (uint32_t)pfn;
}

/* Put nr_blocks free blocks of order on zone's mt list, from *cursor up. */
static void fixture_free_blocks(struct machine *m, struct zone *zone, unsigned int order,
				int mt, unsigned long nr_blocks, pfn_t *cursor)
{
	for (unsigned long i = 0; i < nr_blocks; i++) {
		ck_assert_uint_le(*cursor + (1ul << order), m->end_pfn);
		set_buddy_order(pfn_to_page(m, *cursor), order);
		list_add_tail_pfn(m, &zone->free_area[order].free_list[mt], *cursor);
		*cursor += 1ul << order;
	}
}

static void fixture_release(struct machine *m)
{
	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++) {
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			free(m->node_data[nid]->node_zones[zid].per_cpu_pageset);
		free(m->node_data[nid]);
	}
	sparse_release(m);
	free(m);
}

/* ---- the reference machine, loaded from its recordings --------------------- */

static int name_index(const char *const *names, int nr_names, const char *name)
{
	for (int i = 0; i < nr_names; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

/*
 * The reference machine's hardware: node 0 = [0, 2G), node 1 = [2G, 5G);
 * its e820 map leaves pfn 0, the legacy window 0x9f-0xff and everything
 * from 0xbffdd to the 4 GiB line (PCI hole) without RAM.
 */
static struct machine *oracle_hw(void)
{
	const pfn_t node_pages[2] = { 0x80000, 0xc0000 };
	struct machine *m = fixture_new(2, node_pages, 1);

	fixture_add_hole(m, 0, 1);
	fixture_add_hole(m, 0x9f, 0x100);
	fixture_add_hole(m, 0xbffdd, 0x100000);
	return m;
}

static void oracle_load_zoneinfo(struct machine *m)
{
	test_zoneinfo_load(m, ORACLE_BOOT_DIR "zoneinfo");
	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			fixture_stamp_zone(m, &m->node_data[nid]->node_zones[zid]);
}

static struct zone *oracle_zone(struct machine *m, int nid, const char *zname)
{
	return &m->node_data[nid]->node_zones[name_index(zone_names, MAX_NR_ZONES, zname)];
}

/* Parse the numbers after offset into v[]; returns how many. */
static int parse_columns(const char *s, unsigned long *v, int max)
{
	int n = 0;

	while (n < max) {
		char *end;

		while (*s == ' ' || *s == '>')
			s++;
		v[n] = strtoul(s, &end, 10);
		if (end == s)
			break;
		s = end;
		n++;
	}
	return n;
}

/* The ABI column index -> our migratetype (no CMA column on this kernel). */
static int abi_column_to_mt(const struct machine *m, int column)
{
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		if (migratetype_abi_number(m, mt) == column)
			return mt;
	return -1;
}

/*
 * Give the zone's pageblocks, in the kernel's walk order (from the zone
 * start by whole pageblocks), counts[] blocks of each type; later blocks keep
 * type 0.  On the reference machine the blocks with RAM come first in every
 * zone, so a census that wrongly counted the hole's blocks would show them
 * as extra Unmovable ones.
 */
static void oracle_set_block_types(struct machine *m, struct zone *zone,
				   const unsigned long *counts, int nr_columns)
{
	pfn_t pfn = zone->zone_start_pfn;

	for (int col = 0; col < nr_columns; col++)
		for (unsigned long i = 0; i < counts[col]; i++, pfn += pageblock_nr_pages(m))
			set_pageblock_migratetype(m, pfn, abi_column_to_mt(m, col));
}

static void oracle_load_pagetypeinfo(struct machine *m)
{
	char *text = test_read_file(ORACLE_BOOT_DIR "pagetypeinfo");
	pfn_t cursor[MAX_NUMNODES][MAX_NR_ZONES];
	char *save = NULL;

	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			cursor[nid][zid] = m->node_data[nid]->node_zones[zid].zone_start_pfn;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char zname[16], tname[16];
		unsigned long v[MAX_ORDER];
		int nid, off = 0;

		if (sscanf(line, "Node %d, zone %15[^,], type %15s %n", &nid, zname, tname, &off) == 3 &&
		    off > 0) {
			struct zone *zone = oracle_zone(m, nid, zname);
			int mt = name_index(migratetype_names, MIGRATE_TYPES, tname);

			ck_assert_int_eq(parse_columns(line + off, v, MAX_ORDER), MAX_ORDER);
			for (unsigned int order = 0; order < MAX_ORDER; order++)
				fixture_free_blocks(m, zone, order, mt, v[order],
						    &cursor[nid][zone_idx(zone)]);
		} else if (sscanf(line, "Node %d, zone %15s %n", &nid, zname, &off) == 2 && off > 0) {
			int n = parse_columns(line + off, v, MAX_ORDER);

			oracle_set_block_types(m, oracle_zone(m, nid, zname), v, n);
		}
	}
	free(text);
}

static void oracle_load_buddyinfo(struct machine *m)
{
	char *text = test_read_file(ORACLE_BOOT_DIR "buddyinfo");
	char *save = NULL;

	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char zname[16];
		unsigned long v[MAX_ORDER];
		int nid, off = 0;

		ck_assert(sscanf(line, "Node %d, zone %15s %n", &nid, zname, &off) == 2);
		ck_assert_int_eq(parse_columns(line + off, v, MAX_ORDER), MAX_ORDER);
		for (unsigned int order = 0; order < MAX_ORDER; order++)
			oracle_zone(m, nid, zname)->free_area[order].nr_free = v[order];
	}
	free(text);
}

/*
 * Replace every counter by the values of the oracle's /proc/vmstat, all
 * on the first zone / node (only the sums show).  Counter units are the
 * kernel's internal ones, so THP items become pages and pgpgin sectors.
 */
static void oracle_load_vmstat(struct machine *m)
{
	char *text = test_read_file(ORACLE_BOOT_DIR "vmstat");
	struct zone *dma = oracle_zone(m, 0, "DMA");
	char *save = NULL;

	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++) {
		memset(m->node_data[nid]->vm_stat, 0, sizeof(m->node_data[nid]->vm_stat));
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *z = &m->node_data[nid]->node_zones[zid];

			memset(z->vm_stat, 0, sizeof(z->vm_stat));
			memset(z->vm_numa_event, 0, sizeof(z->vm_numa_event));
		}
	}
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char name[64];
		unsigned long v;
		int i;

		ck_assert(sscanf(line, "%63s %lu", name, &v) == 2);
		if ((i = name_index(zone_stat_names, NR_VM_ZONE_STAT_ITEMS, name)) >= 0)
			dma->vm_stat[i] = (long)v;
		else if ((i = name_index(numa_stat_names, NR_VM_NUMA_EVENT_ITEMS, name)) >= 0)
			dma->vm_numa_event[i] = v;
		else if ((i = name_index(node_stat_names, NR_VM_NODE_STAT_ITEMS, name)) >= 0)
			m->node_data[0]->vm_stat[i] = (long)v;
		else if ((i = name_index(vm_event_names, NR_VM_EVENT_ITEMS, name)) >= 0)
			m->vm_events[i] = i == PGPGIN || i == PGPGOUT ? 2 * v : v;
	}
	free(text);
}

/* ---- views of the reference machine ---------------------------------------- */

/*
 * Load the reference machine from the zoneinfo recording and, with load
 * (unless NULL), from the recording named file; expect view of that
 * machine to reproduce file byte for byte.
 */
static void expect_oracle_view(view_fn view, void (*load)(struct machine *m), const char *file)
{
	struct machine *m = oracle_hw();
	char path[256];
	char *expected, *got;

	oracle_load_zoneinfo(m);
	if (load)
		load(m);
	snprintf(path, sizeof(path), ORACLE_BOOT_DIR "%s", file);
	expected = test_read_file(path);
	got = test_render(view, m);
	assert_same_text(file, expected, got);
	free(expected);
	free(got);
	fixture_release(m);
}

/* Define test name as expect_oracle_view(view, load, file). */
#define ORACLE_VIEW_TEST(name, view, load, file)				\
	START_TEST(name)							\
	{									\
		expect_oracle_view((view), (load), (file));			\
	}									\
	END_TEST

/*
 * frag_show(): one line per populated zone (4 of the 10 zones), zone name
 * right-aligned in 8 columns, 11 "%6lu " columns, trailing space kept.
 * Expect the reference kernel's buddyinfo exactly.
 */
ORACLE_VIEW_TEST(test_buddyinfo_oracle_layout,
		 procfs_buddyinfo, oracle_load_buddyinfo, "buddyinfo")

/*
 * pagetypeinfo_show(): per node, the header, the free table (5 type rows
 * per populated zone on a kernel without CMA; the counts are list walks)
 * and the block table.  pagetypeinfo_showblockcount_print() counts only
 * pageblocks with RAM in their 2 MiB subsection: node 1 DMA32 spans 1024
 * pageblocks but half of them lie in the PCI hole, and the DMA zone starts
 * at pfn 1, so its walk visits pfns 1, 513, ..., 3585 (8 blocks).
 * Expect the reference kernel's pagetypeinfo exactly.
 */
ORACLE_VIEW_TEST(test_pagetypeinfo_oracle_layout,
		 procfs_pagetypeinfo, oracle_load_pagetypeinfo, "pagetypeinfo")

/*
 * zoneinfo_show_print(): all 10 zones; node stats in DMA for node 0 and
 * DMA32 for node 1 (their first populated zones); unpopulated zones stop at
 * "protection:"; a pageset block per CPU (2 CPUs).  The "vm stats
 * threshold" is not loaded from the file but computed by
 * calculate_normal_threshold(): managed 3840 -> 4, 511890 -> 20,
 * 234407 and 253135 -> 16.  Expect the reference kernel's zoneinfo exactly.
 */
ORACLE_VIEW_TEST(test_zoneinfo_oracle_layout,
		 procfs_zoneinfo, NULL, "zoneinfo")

/*
 * vmstat_show(): 173 lines in the kernel's order, ending with the legacy
 * "nr_unstable 0".  nr_dirty_threshold and nr_dirty_background_threshold
 * are not loaded but computed (global_dirty_limits()): 973505 free pages,
 * no file pages, totalreserve 36773 from the zoneinfo watermarks and
 * protections -> 936733 dirtyable pages -> 187300 and 93536.
 * Expect the reference kernel's vmstat exactly.
 */
ORACLE_VIEW_TEST(test_vmstat_oracle_layout,
		 procfs_vmstat, oracle_load_vmstat, "vmstat")

/*
 * vmstat_text[]: the names, in order, do not depend on the values.  On an
 * empty machine, Expect exactly the oracle's names in the oracle's order.
 */
START_TEST(test_vmstat_names_match_oracle)
{
	const pfn_t pages[1] = { 4096 };
	struct machine *m = fixture_new(1, pages, 1);
	char *expected = test_read_file(ORACLE_BOOT_DIR "vmstat");
	char *got = test_render(procfs_vmstat, m);
	const char *e = expected, *g = got;
	int line = 1;

	while (*e && *g) {
		size_t ne = strcspn(e, " "), ng = strcspn(g, " ");

		ck_assert_msg(ne == ng && memcmp(e, g, ne) == 0, "line %d: expected %.*s, got %.*s",
			      line, (int)ne, e, (int)ng, g);
		e += line_len(e) + (e[line_len(e)] != '\0');
		g += line_len(g) + (g[line_len(g)] != '\0');
		line++;
	}
	ck_assert_msg(!*e && !*g, "line counts differ at line %d", line);
	ck_assert_int_eq(line - 1, 173);
	free(expected);
	free(got);
	fixture_release(m);
}
END_TEST

/* ---- small machines: layout corner cases ------------------------------------ */

/* One node with a single Normal zone of nr_pages frames, 1 CPU. */
static struct machine *normal_machine(pfn_t nr_pages)
{
	struct machine *m = fixture_new(1, &nr_pages, 1);

	fixture_zone(m, 0, ZONE_NORMAL, 0, nr_pages);
	return m;
}

/* 512 MiB: 256 pageblocks. */
static struct machine *small_machine(void)
{
	return normal_machine(131072);
}

/*
 * pagetypeinfo with CONFIG_CMA: MIGRATE_CMA is a real type, so both tables
 * get a sixth column between HighAtomic and Isolate.  One CMA and one
 * ISOLATE pageblock land in their own columns.  Expect 6 type rows and the
 * header "... HighAtomic          CMA      Isolate "; without CMA, 5 rows and
 * the oracle's header.
 */
START_TEST(test_pagetypeinfo_cma_columns)
{
	struct machine *m = small_machine();
	char *with, *without;

	set_pageblock_migratetype(m, 0, MIGRATE_CMA);
	set_pageblock_migratetype(m, 512, MIGRATE_ISOLATE);
	for (pfn_t pfn = 1024; pfn < 131072; pfn += 512)
		set_pageblock_migratetype(m, pfn, MIGRATE_MOVABLE);
	m->has_cma = true;
	with = test_render(procfs_pagetypeinfo, m);
	assert_line(with, "Number of blocks type",
		    "Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic"
		    "          CMA      Isolate ");
	assert_line(with, "Node 0, zone   Normal",
		    "Node 0, zone   Normal            0          254            0            0"
		    "            1            1 ");
	ck_assert_int_eq(count_lines_containing(with, ", type "), 6);
	ck_assert_ptr_nonnull(find_line(with, "Node    0, zone   Normal, type          CMA "));

	m->has_cma = false;
	set_pageblock_migratetype(m, 0, MIGRATE_MOVABLE);
	without = test_render(procfs_pagetypeinfo, m);
	assert_line(without, "Number of blocks type",
		    "Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic"
		    "      Isolate ");
	assert_line(without, "Node 0, zone   Normal",
		    "Node 0, zone   Normal            0          255            0            0"
		    "            1 ");
	ck_assert_int_eq(count_lines_containing(without, ", type "), 5);
	free(with);
	free(without);
	fixture_release(m);
}
END_TEST

/*
 * pagetypeinfo_showfree_print() stops walking a list at 100000 blocks and
 * prefixes the count with '>'.  Expect ">100000" for a list of 100000
 * order-0 blocks and " 99999" (no prefix) for 99999.
 */
START_TEST(test_pagetypeinfo_walk_cap)
{
	struct machine *m = normal_machine(262144);
	struct zone *zone = test_normal0(m);
	pfn_t cursor = 0;
	char *text;

	fixture_free_blocks(m, zone, 0, MIGRATE_MOVABLE, 100000, &cursor);
	fixture_free_blocks(m, zone, 0, MIGRATE_UNMOVABLE, 99999, &cursor);
	text = test_render(procfs_pagetypeinfo, m);
	assert_line(text, "Node    0, zone   Normal, type      Movable",
		    "Node    0, zone   Normal, type      Movable >100000      0      0      0"
		    "      0      0      0      0      0      0      0 ");
	assert_line(text, "Node    0, zone   Normal, type    Unmovable",
		    "Node    0, zone   Normal, type    Unmovable  99999      0      0      0"
		    "      0      0      0      0      0      0      0 ");
	ck_assert_uint_eq(free_list_length(m, zone, 0, MIGRATE_MOVABLE), 100000);
	free(text);
	fixture_release(m);
}
END_TEST

/*
 * A node without memory: frag_show and pagetypeinfo_show print nothing for
 * it (pagetypeinfo checks N_MEMORY), zoneinfo_show still lists its five
 * zones, each ending at "protection:".  Expect 1 buddyinfo line, one
 * "Page block order" header, and 10 zone headers in zoneinfo.
 */
START_TEST(test_memoryless_node)
{
	const pfn_t pages[2] = { 4096, 4096 };
	struct machine *m = fixture_new(2, pages, 1);
	char *buddy, *pti, *zi;

	fixture_zone(m, 0, ZONE_DMA32, 0, 4096);
	buddy = test_render(procfs_buddyinfo, m);
	pti = test_render(procfs_pagetypeinfo, m);
	zi = test_render(procfs_zoneinfo, m);
	ck_assert_int_eq(count_lines_containing(buddy, "Node "), 1);
	ck_assert_int_eq(count_lines_containing(pti, "Page block order: 9"), 1);
	ck_assert_int_eq(count_lines_containing(zi, ", zone "), 10);
	ck_assert_int_eq(count_lines_containing(zi, "per-node stats"), 1);
	ck_assert_int_eq(count_lines_containing(zi, "start_pfn:"), 1);
	ck_assert_ptr_nonnull(strstr(zi, "Node 1, zone   Device\n  pages free     0\n"));
	free(buddy);
	free(pti);
	free(zi);
	fixture_release(m);
}
END_TEST

/*
 * calculate_normal_threshold(): 2 * fls(cpus) * (1 + fls(managed >> 15)),
 * capped at 125.  1 CPU, managed 3840: 2 * 1 * (1 + 0) = 2.  64 CPUs
 * (fls 7), managed 4 Mi pages (>> 15 = 128, fls 8): 2 * 7 * 9 = 126 -> 125.
 * Expect "vm stats threshold: 2", then 125 on every CPU's block.
 */
START_TEST(test_zoneinfo_threshold_formula)
{
	const pfn_t pages[1] = { 4096 };
	struct machine *m = fixture_new(1, pages, 1);
	struct zone *zone = fixture_zone(m, 0, ZONE_NORMAL, 0, 4096);
	char *text;

	zone->managed_pages = 3840;
	text = test_render(procfs_zoneinfo, m);
	assert_line(text, "  vm stats threshold:", "  vm stats threshold: 2");
	free(text);
	fixture_release(m);

	m = fixture_new(1, pages, 64);
	zone = fixture_zone(m, 0, ZONE_NORMAL, 0, 4096);
	zone->managed_pages = 1ul << 22;
	text = test_render(procfs_zoneinfo, m);
	ck_assert_int_eq(count_lines_containing(text, "  vm stats threshold: 125"), 64);
	ck_assert_ptr_nonnull(find_line(text, "    cpu: 63"));
	free(text);
	fixture_release(m);
}
END_TEST

/*
 * vmstat_start(): THP node counters are kept in pages and shown in 2 MiB
 * THPs (vmstat_item_print_in_thp()), pgpgin/pgpgout are kept in 512-byte
 * sectors and shown in KiB.  1024 anon THP pages -> 2; 24 sectors -> 12.
 * zoneinfo's per-node block divides the same way.
 */
START_TEST(test_vmstat_units)
{
	struct machine *m = small_machine();
	char *vm, *zi;

	m->node_data[0]->vm_stat[NR_ANON_THPS] = 1024;
	m->node_data[0]->vm_stat[NR_ANON_MAPPED] = 1024;
	m->vm_events[PGPGIN] = 24;
	m->vm_events[PGPGOUT] = 7;
	vm = test_render(procfs_vmstat, m);
	zi = test_render(procfs_zoneinfo, m);
	assert_line(vm, "nr_anon_transparent_hugepages ", "nr_anon_transparent_hugepages 2");
	assert_line(vm, "nr_anon_pages ", "nr_anon_pages 1024");
	assert_line(vm, "pgpgin ", "pgpgin 12");
	assert_line(vm, "pgpgout ", "pgpgout 3");
	assert_line(zi, "      nr_anon_transparent_hugepages",
		    "      nr_anon_transparent_hugepages 2");
	free(vm);
	free(zi);
	fixture_release(m);
}
END_TEST

/* ---- fragmentation indices --------------------------------------------------- */

/*
 * kernel-spec §10 item 21 (__fragmentation_index()): 1024 free order-0
 * pages, request order 9: no suitable block, free_pages 1024, blocks 1024:
 * 1000 - (1000 + 1024 * 1000 / 512) / 1024 = 1000 - 3000 / 1024 = 998.
 * Order 0 is satisfiable: -1000.  Expect 998 and -1000, printed " 0.998"
 * and "-1.000" by extfrag_show_print().  The other orders truncate at each
 * step: order 1: 1000 - 513000 / 1024 = 500; order 4: 1000 - 65000 / 1024
 * = 937 (not 938).
 */
START_TEST(test_fragindex_spec_item21)
{
	struct machine *m = small_machine();
	struct zone *zone = test_normal0(m);
	char *text;

	zone->free_area[0].nr_free = 1024;
	ck_assert_int_eq(fragmentation_index(zone, 9), 998);
	ck_assert_int_eq(fragmentation_index(zone, 0), -1000);
	text = test_render(procfs_extfrag_index, m);
	assert_line(text, "Node 0, zone   Normal ",
		    "Node 0, zone   Normal -1.000  0.500  0.750  0.875  0.937  0.968  0.984"
		    "  0.992  0.996  0.998  0.999 ");
	free(text);
	fixture_release(m);
}
END_TEST

/*
 * Item 21, second half: any free block of order >= 9 makes an order-9
 * request succeed, so the index is -1000 for every order up to 9 and
 * still > 0 for order 10 only if no order-10 block exists.  One order-9
 * block + 10 order-0 pages: order 10 -> blocks 11, free 522 pages,
 * 1000 - (1000 + 522 * 1000 / 1024) / 11 = 1000 - 1509 / 11 = 863.
 * Expect -1000 for orders 0..9 and 863 for order 10.
 */
START_TEST(test_fragindex_suitable_block)
{
	struct machine *m = small_machine();
	struct zone *zone = test_normal0(m);

	zone->free_area[9].nr_free = 1;
	zone->free_area[0].nr_free = 10;
	for (unsigned int order = 0; order <= 9; order++)
		ck_assert_int_eq(fragmentation_index(zone, order), -1000);
	ck_assert_int_eq(fragmentation_index(zone, 10), 863);
	fixture_release(m);
}
END_TEST

/*
 * unusable_free_index() and extfrag_for_order() on free blocks
 *   order 0: 4 blocks (4 pages), order 2: 1 block (4), order 3: 2 blocks (16)
 * = 24 free pages in 7 blocks.
 *   order 2: suitable = 1 + 2 * 2 = 5 blocks = 20 pages -> (24-20)*1000/24 = 166
 *   order 3: suitable = 2 blocks = 16 pages -> 8*1000/24 = 333; extfrag 8*100/24 = 33
 *   order 4: nothing suitable -> 1000; fragindex 1000 - (1000 + 1500) / 7 = 643
 *   fragindex order 5: 1000 - (1000 + 750) / 7 = 750; order 10: 1000 - 1023 / 7 = 854
 * An empty zone: unusable 1000 ("1.000"), fragmentation index 0 (" 0.000").
 */
START_TEST(test_unusable_index_worked_example)
{
	const pfn_t pages[1] = { 8192 };
	struct machine *m = fixture_new(1, pages, 1);
	struct zone *dma32 = fixture_zone(m, 0, ZONE_DMA32, 0, 4096);
	struct zone *normal = fixture_zone(m, 0, ZONE_NORMAL, 4096, 4096);
	char *unusable, *extfrag;

	dma32->free_area[0].nr_free = 4;
	dma32->free_area[2].nr_free = 1;
	dma32->free_area[3].nr_free = 2;
	ck_assert_int_eq(unusable_free_index(dma32, 0), 0);
	ck_assert_int_eq(unusable_free_index(dma32, 2), 166);
	ck_assert_int_eq(unusable_free_index(dma32, 3), 333);
	ck_assert_int_eq(unusable_free_index(dma32, 4), 1000);
	ck_assert_uint_eq(extfrag_for_order(dma32, 3), 33);
	ck_assert_uint_eq(extfrag_for_order(normal, 3), 0);
	ck_assert_int_eq(fragmentation_index(dma32, 4), 643);
	ck_assert_int_eq(fragmentation_index(normal, 4), 0);

	unusable = test_render(procfs_unusable_index, m);
	extfrag = test_render(procfs_extfrag_index, m);
	assert_line(unusable, "Node 0, zone    DMA32 ",
		    "Node 0, zone    DMA32 0.000 0.166 0.166 0.333 1.000 1.000 1.000 1.000"
		    " 1.000 1.000 1.000 ");
	assert_line(unusable, "Node 0, zone   Normal ",
		    "Node 0, zone   Normal 1.000 1.000 1.000 1.000 1.000 1.000 1.000 1.000"
		    " 1.000 1.000 1.000 ");
	assert_line(extfrag, "Node 0, zone    DMA32 ",
		    "Node 0, zone    DMA32 -1.000 -1.000 -1.000 -1.000  0.643  0.750  0.804"
		    "  0.831  0.844  0.851  0.854 ");
	assert_line(extfrag, "Node 0, zone   Normal ",
		    "Node 0, zone   Normal  0.000  0.000  0.000  0.000  0.000  0.000  0.000"
		    "  0.000  0.000  0.000  0.000 ");
	free(unusable);
	free(extfrag);
	fixture_release(m);
}
END_TEST

/* ---- census, ABI numbers, sums --------------------------------------------- */

/*
 * fill_contig_page_info(): free pages, blocks and order-O-sized suitable
 * blocks.  nr_free[1] = 3, nr_free[4] = 2: 6 + 32 = 38 pages, 5 blocks;
 * suitable at order 2: 2 << 2 = 8.  Expect 38, 5, 8.
 */
START_TEST(test_contig_page_info)
{
	struct machine *m = small_machine();
	struct zone *zone = test_normal0(m);
	struct contig_page_info info;

	zone->free_area[1].nr_free = 3;
	zone->free_area[4].nr_free = 2;
	fill_contig_page_info(zone, 2, &info);
	ck_assert_uint_eq(info.free_pages, 38);
	ck_assert_uint_eq(info.free_blocks_total, 5);
	ck_assert_uint_eq(info.free_blocks_suitable, 8);
	fixture_release(m);
}
END_TEST

/*
 * The kernel's migratetype numbers: without CONFIG_CMA there is no CMA
 * type and ISOLATE is 4 (kernel-spec §10 item 54); with it, CMA is 4 and
 * ISOLATE 5.  Expect exactly that, and -1 for CMA on a non-CMA kernel.
 */
START_TEST(test_migratetype_abi)
{
	struct machine *m = small_machine();

	ck_assert(!migratetype_in_abi(m, MIGRATE_CMA));
	ck_assert_int_eq(migratetype_abi_number(m, MIGRATE_CMA), -1);
	ck_assert_int_eq(migratetype_abi_number(m, MIGRATE_ISOLATE), 4);
	ck_assert_int_eq(migratetype_abi_number(m, MIGRATE_HIGHATOMIC), 3);
	ck_assert_int_eq(migratetype_abi_number(m, MIGRATE_MOVABLE), 1);
	ck_assert(!migratetype_in_abi(m, MIGRATE_TYPES));
	m->has_cma = true;
	ck_assert(migratetype_in_abi(m, MIGRATE_CMA));
	ck_assert_int_eq(migratetype_abi_number(m, MIGRATE_CMA), 4);
	ck_assert_int_eq(migratetype_abi_number(m, MIGRATE_ISOLATE), 5);
	ck_assert_str_eq(migratetype_names[MIGRATE_ISOLATE], "Isolate");
	ck_assert_str_eq(zone_names[ZONE_MOVABLE], "Movable");
	fixture_release(m);
}
END_TEST

/*
 * pagetypeinfo_showblockcount_print() on a DMA-like zone [1, 4096): the
 * walk visits pfns 1, 513, ..., 3585 = 8 pageblocks.  A hole covering the
 * whole 2 MiB subsection [1024, 1536) hides the block at 1025; a hole of
 * [512, 600) leaves RAM in its subsection, so 513 still counts (its memmap
 * belongs to the zone).  A present frame stamped with another zone
 * (pfn 2049 -> DMA32) is skipped.  Expect 6 blocks: 1 UNMOVABLE, 5 MOVABLE.
 */
START_TEST(test_pageblock_census)
{
	const pfn_t pages[1] = { 8192 };
	struct machine *m = fixture_new(1, pages, 1);
	struct zone *dma;
	unsigned long counts[MIGRATE_TYPES];

	fixture_add_hole(m, 0, 1);
	fixture_add_hole(m, 512, 600);
	fixture_add_hole(m, 1024, 1536);
	dma = fixture_zone(m, 0, ZONE_DMA, 1, 4095);
	for (pfn_t pfn = 512; pfn < 4096; pfn += 512)
		set_pageblock_migratetype(m, pfn, MIGRATE_MOVABLE);
	pfn_to_page(m, 2049)->flags = (uint32_t)ZONE_DMA32 << PAGE_ZONE_SHIFT;

	pageblock_type_counts(m, dma, counts);
	ck_assert_uint_eq(counts[MIGRATE_UNMOVABLE], 1);
	ck_assert_uint_eq(counts[MIGRATE_MOVABLE], 5);
	ck_assert_uint_eq(counts[MIGRATE_RECLAIMABLE] + counts[MIGRATE_ISOLATE], 0);
	fixture_release(m);
}
END_TEST

/*
 * free_list_length() walks one list: 3 order-2 blocks on RECLAIMABLE,
 * nothing on MOVABLE.  Expect 3 and 0.
 */
START_TEST(test_free_list_length)
{
	struct machine *m = small_machine();
	struct zone *zone = test_normal0(m);
	pfn_t cursor = 64;

	fixture_free_blocks(m, zone, 2, MIGRATE_RECLAIMABLE, 3, &cursor);
	ck_assert_uint_eq(free_list_length(m, zone, 2, MIGRATE_RECLAIMABLE), 3);
	ck_assert_uint_eq(free_list_length(m, zone, 2, MIGRATE_MOVABLE), 0);
	ck_assert_uint_eq(free_list_length(m, zone, 1, MIGRATE_RECLAIMABLE), 0);
	fixture_release(m);
}
END_TEST

/*
 * global_zone_page_state() reads the global counter, the sum of the zone
 * counters, read as 0 while negative: zones 10 and -3 -> 7; 10 and -15 -> 0.
 * global_node_page_state() likewise; numa events simply add up.
 */
START_TEST(test_global_sums)
{
	const pfn_t pages[2] = { 4096, 4096 };
	struct machine *m = fixture_new(2, pages, 1);
	struct zone *a = fixture_zone(m, 0, ZONE_NORMAL, 0, 4096);
	struct zone *b = fixture_zone(m, 1, ZONE_NORMAL, 4096, 4096);

	a->vm_stat[NR_ZSPAGES] = 10;
	b->vm_stat[NR_ZSPAGES] = -3;
	ck_assert_uint_eq(global_zone_page_state(m, NR_ZSPAGES), 7);
	b->vm_stat[NR_ZSPAGES] = -15;
	ck_assert_uint_eq(global_zone_page_state(m, NR_ZSPAGES), 0);
	a->vm_numa_event[NUMA_HIT] = 5;
	b->vm_numa_event[NUMA_HIT] = 6;
	ck_assert_uint_eq(global_numa_event_state(m, NUMA_HIT), 11);
	m->node_data[0]->vm_stat[NR_SHMEM] = 4;
	m->node_data[1]->vm_stat[NR_SHMEM] = 9;
	ck_assert_uint_eq(global_node_page_state(m, NR_SHMEM), 13);
	fixture_release(m);
}
END_TEST

/*
 * global_dirty_limits() over global_dirtyable_memory() and
 * calculate_totalreserve_pages():
 *   DMA: high 100, lowmem_reserve[DMA32] 30, managed 50 -> min(130, 50) = 50
 *   Normal: high 100, lowmem_reserve[DMA] 999 (a lower zone's entry: the
 *           kernel only looks at j >= the zone's own index) -> 100
 *   totalreserve 150.  Free 5000, file LRU 1000 + 500:
 *   dirtyable = 5000 - 150 + 1500 + 1 = 6351;
 *   thresh = 819 * 6351 / 4096 = 1269, bg = 409 * 6351 / 4096 = 634.
 * With 100 free pages (< reserve) and no file pages: dirtyable 1, both 0.
 */
START_TEST(test_dirty_limits)
{
	const pfn_t pages[1] = { 16384 };
	struct machine *m = fixture_new(1, pages, 1);
	struct zone *dma = fixture_zone(m, 0, ZONE_DMA, 0, 4096);
	struct zone *normal = fixture_zone(m, 0, ZONE_NORMAL, 4096, 12288);
	char *text;

	dma->managed_pages = 50;
	dma->_watermark[WMARK_HIGH] = 100;
	dma->lowmem_reserve[ZONE_DMA32] = 30;
	normal->managed_pages = 10000;
	normal->_watermark[WMARK_HIGH] = 100;
	normal->lowmem_reserve[ZONE_DMA] = 999;
	normal->vm_stat[NR_FREE_PAGES] = 5000;
	m->node_data[0]->vm_stat[NR_INACTIVE_FILE] = 1000;
	m->node_data[0]->vm_stat[NR_ACTIVE_FILE] = 500;
	calculate_totalreserve_pages(m);	/* as watermark setup does */
	text = test_render(procfs_vmstat, m);
	assert_line(text, "nr_dirty_threshold ", "nr_dirty_threshold 1269");
	assert_line(text, "nr_dirty_background_threshold ", "nr_dirty_background_threshold 634");
	free(text);

	normal->vm_stat[NR_FREE_PAGES] = 100;
	m->node_data[0]->vm_stat[NR_INACTIVE_FILE] = 0;
	m->node_data[0]->vm_stat[NR_ACTIVE_FILE] = 0;
	text = test_render(procfs_vmstat, m);
	assert_line(text, "nr_dirty_threshold ", "nr_dirty_threshold 0");
	assert_line(text, "nr_dirty_background_threshold ", "nr_dirty_background_threshold 0");
	free(text);
	fixture_release(m);
}
END_TEST

/* ---- booted machines: the views agree with each other --------------------- */

/* Sum, per order, of the pagetypeinfo free-table rows of one zone. */
static void pagetypeinfo_zone_sums(const char *text, int nid, const char *zname,
				   unsigned long sums[MAX_ORDER])
{
	char prefix[64];

	snprintf(prefix, sizeof(prefix), "Node %4d, zone %8s, type ", nid, zname);
	memset(sums, 0, MAX_ORDER * sizeof(sums[0]));
	for (const char *s = text; *s; s += line_len(s) + (s[line_len(s)] != '\0')) {
		unsigned long v[MAX_ORDER];

		if (strncmp(s, prefix, strlen(prefix)) != 0)
			continue;
		ck_assert_int_eq(parse_columns(s + strlen(prefix) + 13, v, MAX_ORDER), MAX_ORDER);
		for (int order = 0; order < MAX_ORDER; order++)
			sums[order] += v[order];
	}
}

/* The "pages free" value of one zone in zoneinfo text. */
static unsigned long zoneinfo_pages_free(const char *text, int nid, const char *zname)
{
	char header[64];
	const char *s;
	unsigned long free_pages;

	snprintf(header, sizeof(header), "Node %d, zone %8s\n", nid, zname);
	s = strstr(text, header);
	ck_assert_msg(s != NULL, "zoneinfo has no \"%s\"", header);
	s = strstr(s, "\n  pages free ");
	ck_assert_ptr_nonnull(s);
	ck_assert(sscanf(s, "\n  pages free %lu", &free_pages) == 1);
	return free_pages;
}

/*
 * After boot, with pcp lists off and nothing isolated, every free page is
 * on a free list: buddyinfo's nr_free[o] is the total of the zone's
 * pagetypeinfo rows at order o (free_area->nr_free counts every list), and
 * zoneinfo's "pages free" (NR_FREE_PAGES) is sum nr_free[o] << o.  The
 * debugfs views list the same zones as buddyinfo.  Expect all of that for
 * each populated zone of a 2-node machine with DMA zones.
 */
START_TEST(test_boot_views_agree)
{
	struct machine *m = test_boot_node_pair("64M", "64M", "\"pcp\": false, \"dma\": true");
	char *buddy = test_render(procfs_buddyinfo, m), *pti = test_render(procfs_pagetypeinfo, m);
	char *zi = test_render(procfs_zoneinfo, m), *ef = test_render(procfs_extfrag_index, m);
	char *ui = test_render(procfs_unusable_index, m);
	int nr_zones = 0;

	test_check(m);
	for (const char *s = buddy; *s; s += line_len(s) + (s[line_len(s)] != '\0'), nr_zones++) {
		unsigned long nr_free[MAX_ORDER], sums[MAX_ORDER], pages = 0;
		char zname[16];
		int nid, off = 0;

		ck_assert(sscanf(s, "Node %d, zone %15s %n", &nid, zname, &off) == 2 && off > 0);
		ck_assert_int_eq(parse_columns(s + off, nr_free, MAX_ORDER), MAX_ORDER);
		pagetypeinfo_zone_sums(pti, nid, zname, sums);
		for (int order = 0; order < MAX_ORDER; order++) {
			ck_assert_uint_eq(sums[order], nr_free[order]);
			pages += nr_free[order] << order;
		}
		ck_assert_uint_eq(zoneinfo_pages_free(zi, nid, zname), pages);
	}
	ck_assert_int_ge(nr_zones, 2);
	ck_assert_int_eq(count_lines_containing(ef, "Node "), nr_zones);
	ck_assert_int_eq(count_lines_containing(ui, "Node "), nr_zones);
	ck_assert_int_eq(count_lines_containing(zi, ", zone "), 2 * MAX_NR_ZONES);
	free(buddy);
	free(pti);
	free(zi);
	free(ef);
	free(ui);
	test_release(m);
}
END_TEST

/*
 * The "cma" kernel switch is CONFIG_CMA: with it, a booted machine's
 * pagetypeinfo has the CMA column (6 types), without it 5.  Expect the
 * two block-table headers of test_pagetypeinfo_cma_columns.
 */
START_TEST(test_boot_cma_columns)
{
	struct machine *with = test_boot_node("64M", 1, "\"cma\": true");
	struct machine *without = test_boot_node("64M", 1, "\"cma\": false");
	char *a = test_render(procfs_pagetypeinfo, with);
	char *b = test_render(procfs_pagetypeinfo, without);

	assert_line(a, "Number of blocks type",
		    "Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic"
		    "          CMA      Isolate ");
	assert_line(b, "Number of blocks type",
		    "Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic"
		    "      Isolate ");
	free(a);
	free(b);
	test_release(with);
	test_release(without);
}
END_TEST

Suite *procfs_suite(void);	/* collected into the runner by the Makefile */

Suite *procfs_suite(void)
{
	Suite *s = suite_create("procfs");
	TCase *oracle = tcase_create("oracle");
	TCase *layout = tcase_create("layout");
	TCase *frag = tcase_create("fragindex");
	TCase *census = tcase_create("census");
	TCase *boot = tcase_create("boot");

	tcase_add_test(oracle, test_buddyinfo_oracle_layout);
	tcase_add_test(oracle, test_pagetypeinfo_oracle_layout);
	tcase_add_test(oracle, test_zoneinfo_oracle_layout);
	tcase_add_test(oracle, test_vmstat_oracle_layout);
	tcase_add_test(oracle, test_vmstat_names_match_oracle);
	tcase_add_test(layout, test_pagetypeinfo_cma_columns);
	tcase_add_test(layout, test_pagetypeinfo_walk_cap);
	tcase_add_test(layout, test_memoryless_node);
	tcase_add_test(layout, test_zoneinfo_threshold_formula);
	tcase_add_test(layout, test_vmstat_units);
	tcase_add_test(frag, test_fragindex_spec_item21);
	tcase_add_test(frag, test_fragindex_suitable_block);
	tcase_add_test(frag, test_unusable_index_worked_example);
	tcase_add_test(frag, test_contig_page_info);
	tcase_add_test(census, test_migratetype_abi);
	tcase_add_test(census, test_pageblock_census);
	tcase_add_test(census, test_free_list_length);
	tcase_add_test(census, test_global_sums);
	tcase_add_test(census, test_dirty_limits);
	suite_add_tcase(s, oracle);
	suite_add_tcase(s, layout);
	suite_add_tcase(s, frag);
	tcase_add_test(boot, test_boot_views_agree);
	tcase_add_test(boot, test_boot_cma_columns);
	suite_add_tcase(s, census);
	suite_add_tcase(s, boot);
	return s;
}
