/*
 * tests/check_config.c - the JSON machine description (sim/config.c).
 *
 * What a config means is fixed by the kernel it models: the defaults are the
 * kernel's (sysctl defaults, x86_64 pageblock order, Debian's THP mode), the
 * ranges are those the kernel's parsers and sysctl handlers accept, and the
 * reference machine (configs/oracle-2node.json) must reproduce the memory map
 * the reference kernel recorded.  Every rejected input must come back as -1
 * with "NAME: key.path: message", naming the offending key.
 *
 * Only the parser is exercised here: nothing boots a machine.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hw/machine.h"
#include "mm/profile.h"
#include "sim/config.h"
#include "tests/helpers.h"

#define GiB	((uint64_t)1 << 30)
#define MiB	((uint64_t)1 << 20)

/*
 * Load inline JSON written with single quotes, which read better inside C
 * strings: {'kernel': {'pcp': false}}.  No test needs a literal quote.
 */
static int load(const char *json_sq, struct mm_boot_params *p, char *err, size_t errlen)
{
	char *json = strdup(json_sq);
	int ret;

	ck_assert_ptr_nonnull(json);
	for (char *s = json; *s; s++)
		if (*s == '\'')
			*s = '"';
	ret = sim_config_load_string("test.json", json, p, err, errlen);
	free(json);
	return ret;
}

static void load_ok(const char *json, struct mm_boot_params *p)
{
	char err[512];

	if (load(json, p, err, sizeof(err)) != 0)
		ck_abort_msg("unexpected error: %s", err);
}

static uint64_t present_pages(const struct hw_machine *hw, unsigned int nid)
{
	uint64_t nr_pages = 0;
	size_t cursor = 0;
	pfn_t start, end;

	while (hw_node_next_present_range(hw, nid, &cursor, &start, &end))
		nr_pages += end - start;
	return nr_pages;
}

static void assert_same_params(const struct mm_boot_params *a, const struct mm_boot_params *b)
{
	ck_assert_uint_eq(a->hw.nr_nodes, b->hw.nr_nodes);
	for (unsigned int i = 0; i < a->hw.nr_nodes; i++) {
		ck_assert_uint_eq(a->hw.node[i].start, b->hw.node[i].start);
		ck_assert_uint_eq(a->hw.node[i].bytes, b->hw.node[i].bytes);
		ck_assert_uint_eq(a->hw.node[i].nr_cpus, b->hw.node[i].nr_cpus);
		ck_assert_uint_eq(a->reserved_bytes[i], b->reserved_bytes[i]);
		for (unsigned int j = 0; j < a->hw.nr_nodes; j++)
			ck_assert_uint_eq(a->hw.distance[i][j], b->hw.distance[i][j]);
	}
	ck_assert_uint_eq(a->hw.nr_holes, b->hw.nr_holes);
	ck_assert_uint_eq(a->hw.nr_cpus, b->hw.nr_cpus);
	ck_assert_int_eq(a->zone_dma, b->zone_dma);
	ck_assert_int_eq(a->zone_dma32, b->zone_dma32);
	ck_assert_uint_eq(a->kernelcore_bytes, b->kernelcore_bytes);
	ck_assert_uint_eq(a->kernelcore_percent, b->kernelcore_percent);
	ck_assert_uint_eq(a->movablecore_bytes, b->movablecore_bytes);
	ck_assert_uint_eq(a->movablecore_percent, b->movablecore_percent);
	ck_assert_uint_eq(a->pageblock_order, b->pageblock_order);
	ck_assert_int_eq(a->mobility_grouping, b->mobility_grouping);
	ck_assert_int_eq(a->pcp, b->pcp);
	ck_assert_int_eq(a->has_cma, b->has_cma);
	ck_assert_int_eq(a->deferred_struct_page_init, b->deferred_struct_page_init);
	ck_assert_int_eq(a->thp, b->thp);
	ck_assert_int_eq(a->min_free_kbytes, b->min_free_kbytes);
	ck_assert_int_eq(a->watermark_scale_factor, b->watermark_scale_factor);
	ck_assert_int_eq(a->watermark_boost_factor, b->watermark_boost_factor);
	ck_assert_int_eq(a->percpu_pagelist_high_fraction, b->percpu_pagelist_high_fraction);
	ck_assert_str_eq(a->profile, b->profile);
}

/* ======================= defaults ======================================= */

/*
 * An empty config is the kernel's defaults on the embedded machine.
 * Expect: 2 nodes x 4 GiB at [0, 4G) and [4G, 8G), 2 CPUs each numbered
 * node by node, SLIT 10/20, no holes; watermark_scale_factor 10 and
 * watermark_boost_factor 15000 (mm/page_alloc.c initialisers), min_free_kbytes
 * from the formula (-1), percpu_pagelist_high_fraction 0 (pcp->high from the
 * batch), pageblock_order 9 (x86_64: HPAGE_PMD_ORDER), mobility grouping and
 * pcp lists on, no CMA, THP "always" (Debian's CONFIG_TRANSPARENT_HUGEPAGE_ALWAYS),
 * no ZONE_DMA/DMA32, no kernelcore=/movablecore=, reserved memory left to the
 * boot code (UINT64_MAX), profile linux-6.1.
 */
START_TEST(test_empty_config_is_kernel_default)
{
	struct mm_boot_params p;

	load_ok("{}", &p);
	ck_assert_uint_eq(p.hw.nr_nodes, 2);
	for (unsigned int nid = 0; nid < 2; nid++) {
		ck_assert_uint_eq(p.hw.node[nid].start, nid * 4 * GiB);
		ck_assert_uint_eq(p.hw.node[nid].bytes, 4 * GiB);
		ck_assert_uint_eq(p.hw.node[nid].nr_cpus, 2);
		ck_assert_uint_eq(p.reserved_bytes[nid], UINT64_MAX);
		for (unsigned int j = 0; j < 2; j++)
			ck_assert_uint_eq(p.hw.distance[nid][j], nid == j ? 10 : 20);
	}
	ck_assert_uint_eq(p.hw.nr_cpus, 4);
	ck_assert_uint_eq(p.hw.cpu_to_node[0], 0);
	ck_assert_uint_eq(p.hw.cpu_to_node[1], 0);
	ck_assert_uint_eq(p.hw.cpu_to_node[2], 1);
	ck_assert_uint_eq(p.hw.cpu_to_node[3], 1);
	ck_assert_uint_eq(p.hw.nr_holes, 0);
	ck_assert(!p.zone_dma && !p.zone_dma32);
	ck_assert_uint_eq(p.kernelcore_bytes, 0);
	ck_assert_uint_eq(p.kernelcore_percent, 0);
	ck_assert_uint_eq(p.movablecore_bytes, 0);
	ck_assert_uint_eq(p.movablecore_percent, 0);
	ck_assert_uint_eq(p.pageblock_order, 9);
	ck_assert(p.mobility_grouping);
	ck_assert(p.pcp);
	ck_assert(!p.has_cma);
	ck_assert(p.deferred_struct_page_init);	/* CONFIG_DEFERRED_STRUCT_PAGE_INIT=y */
	ck_assert_int_eq(p.thp, THP_ALWAYS);
	ck_assert_int_eq(p.min_free_kbytes, -1);
	ck_assert_int_eq(p.watermark_scale_factor, 10);
	ck_assert_int_eq(p.watermark_boost_factor, 15000);
	ck_assert_int_eq(p.percpu_pagelist_high_fraction, 0);
	ck_assert_str_eq(p.profile, "linux-6.1");
}
END_TEST

/*
 * The embedded default must be the very text of configs/default.json.
 * Expect: byte-for-byte equal.
 */
START_TEST(test_embedded_default_equals_file)
{
	char *text = test_read_file("configs/default.json");

	ck_assert_str_eq(sim_default_config_json, text);
	free(text);
}
END_TEST

/*
 * The default config spells out the defaults, so it describes the same
 * machine as "{}".  Expect: identical parameters.
 */
START_TEST(test_embedded_default_equals_empty)
{
	struct mm_boot_params a, b;

	load_ok("{}", &a);
	load_ok(sim_default_config_json, &b);
	assert_same_params(&a, &b);
}
END_TEST

/* ======================= the sample configs ============================== */

static const char *const sample_configs[] = {
	"configs/default.json", "configs/laptop-1node.json", "configs/server-2node.json",
	"configs/server-4node.json", "configs/oracle-2node.json", "configs/cxl-4node.json",
};

/* Every sample config loads.  Expect: 0 and no message. */
START_TEST(test_sample_config_loads)
{
	const char *path = sample_configs[_i];
	struct mm_boot_params p;
	char err[512] = "";

	ck_assert_msg(sim_config_load_file(path, &p, err, sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(err, "");
}
END_TEST

/*
 * The samples describe what their names say.  Expect: laptop 1 x 16G with 8
 * CPUs and DMA/DMA32; server-2node 2 x 64G, 16 CPUs each; server-4node
 * 4 x 32G with the uneven SLIT (two hops = 22).
 */
START_TEST(test_sample_configs_shapes)
{
	struct mm_boot_params p;

	test_load_config_file("configs/laptop-1node.json", &p);
	ck_assert_uint_eq(p.hw.nr_nodes, 1);
	ck_assert_uint_eq(p.hw.node[0].bytes, 16 * GiB);
	ck_assert_uint_eq(p.hw.nr_cpus, 8);
	ck_assert(p.zone_dma && p.zone_dma32);

	test_load_config_file("configs/server-2node.json", &p);
	ck_assert_uint_eq(p.hw.nr_nodes, 2);
	ck_assert_uint_eq(p.hw.node[1].start, 64 * GiB);
	ck_assert_uint_eq(p.hw.node[1].bytes, 64 * GiB);
	ck_assert_uint_eq(p.hw.nr_cpus, 32);
	ck_assert_uint_eq(p.hw.cpu_to_node[16], 1);

	test_load_config_file("configs/server-4node.json", &p);
	ck_assert_uint_eq(p.hw.nr_nodes, 4);
	ck_assert_uint_eq(p.hw.node[3].start, 96 * GiB);
	ck_assert_uint_eq(p.hw.distance[0][3], 22);
	ck_assert_uint_eq(p.hw.distance[1][2], 22);
	ck_assert_uint_eq(p.hw.distance[2][3], 16);

	/* cxl-4node: two sockets with CPUs, two memory-only nodes, 1G each. */
	test_load_config_file("configs/cxl-4node.json", &p);
	ck_assert_uint_eq(p.hw.nr_nodes, 4);
	ck_assert_uint_eq(p.hw.nr_cpus, 4);
	for (unsigned int nid = 0; nid < 4; nid++) {
		ck_assert_uint_eq(p.hw.node[nid].bytes, GiB);
		ck_assert_uint_eq(p.hw.node[nid].nr_cpus, nid < 2 ? 2 : 0);
	}
	ck_assert_uint_eq(p.hw.node[3].start, 3 * GiB);
	ck_assert_uint_eq(p.hw.cpu_to_node[3], 1);
	ck_assert_uint_eq(p.hw.distance[0][2], 17);
	ck_assert_uint_eq(p.hw.distance[0][1], 21);
}
END_TEST

/*
 * The reference machine, from the reference kernel recordings: SRAT/"Early
 * memory node ranges" put node 0 at [0, 2G) and node 1 at [2G, 5G); e820
 * leaves [0, 4K), [0x9f000, 0x100000) and [0xbffdd000, 4G) without RAM.
 * zoneinfo: node 0 present 3998 (DMA) + 520192 (DMA32), managed 3840 +
 * 511890; node 1 present 262109 (DMA32) + 262144 (Normal), managed 234407 +
 * 253135.  Expect: the same present pages, reserved ranges adding up to
 * present - managed per node, the late-freed ranges of the boot log, DMA
 * and DMA32 on, one CPU per node, SLIT 20, THP always.
 */
/* Pages of ranges [from, to) of r. */
static uint64_t range_pages(const struct hw_range *r, unsigned int from, unsigned int to)
{
	uint64_t bytes = 0;

	for (unsigned int i = from; i < to; i++)
		bytes += r[i].end - r[i].start;
	return bytes / PAGE_SIZE;
}

START_TEST(test_oracle_config_matches_recording)
{
	struct mm_boot_params p;

	test_load_config_file("configs/oracle-2node.json", &p);
	ck_assert_uint_eq(p.hw.nr_nodes, 2);
	ck_assert_uint_eq(p.hw.node[0].start, 0);
	ck_assert_uint_eq(p.hw.node[0].bytes, 2 * GiB);
	ck_assert_uint_eq(p.hw.node[1].start, 2 * GiB);
	ck_assert_uint_eq(p.hw.node[1].bytes, 3 * GiB);
	ck_assert_uint_eq(present_pages(&p.hw, 0), 3998 + 520192);
	ck_assert_uint_eq(present_pages(&p.hw, 1), 262109 + 262144);
	/* Nothing from the top of the nodes; the reserved ranges hold present - managed. */
	ck_assert_uint_eq(p.reserved_bytes[0], 0);
	ck_assert_uint_eq(p.reserved_bytes[1], 0);
	ck_assert_uint_eq(p.nr_reserved_ranges, 5);
	ck_assert_uint_eq(range_pages(p.reserved_range, 0, 2), (3998 + 520192) - (3840 + 511890));
	ck_assert_uint_eq(range_pages(p.reserved_range, 2, 5),
			  (262109 + 262144) - (234407 + 253135));
	/*
	 * Freed after the watermarks: the initrd (the log's "RAMDISK: [mem
	 * 0xbf349000-0xbffcffff]", 12828 KiB = 3207 pages) and the image's
	 * freed sections (2036 + 2824 + 2040 + 1108 KiB = 2002 pages).
	 */
	ck_assert_uint_eq(p.nr_late_frees, 2);
	ck_assert_uint_eq(p.late_free[0].range.start, 0xbf349000);
	ck_assert_uint_eq(p.late_free[0].range.end, 0xbffd0000);
	ck_assert_uint_eq((p.late_free[1].range.end - p.late_free[1].range.start) / PAGE_SIZE,
			  (2036 + 2824 + 2040 + 1108) / 4);
	ck_assert(!hw_pfn_present(&p.hw, 0));
	ck_assert(hw_pfn_present(&p.hw, 1));
	ck_assert(!hw_pfn_present(&p.hw, phys_to_pfn(0x9f000)));
	ck_assert(hw_pfn_present(&p.hw, phys_to_pfn(0x100000)));
	ck_assert(!hw_pfn_present(&p.hw, phys_to_pfn(0xbffdd000)));
	ck_assert(hw_pfn_present(&p.hw, phys_to_pfn(4 * GiB)));
	ck_assert(p.zone_dma && p.zone_dma32);
	ck_assert_uint_eq(p.hw.nr_cpus, 2);
	ck_assert_uint_eq(p.hw.cpu_to_node[1], 1);
	ck_assert_uint_eq(p.hw.distance[0][1], 20);
	ck_assert_int_eq(p.thp, THP_ALWAYS);
	ck_assert(!p.has_cma);
}
END_TEST

/* ======================= accepted input ================================= */

/*
 * Sizes as the kernel's memparse() reads them, binary units.
 * Expect: "4G" = 4 GiB, "2g" = 2 GiB, "64k" = 64 KiB, "512M", "1T", a plain
 * byte count, hex; -1 for empty, unknown suffix, sign, space, fraction,
 * a bare suffix and two suffixes; -2 past 2^64 - 1 (too large, not malformed).
 */
START_TEST(test_parse_size)
{
	static const char *const bad[] = {
		"", "4X", "-1", "4 G", " 4G", "1.5G", "G", "4GB", "0x", "0xG", "12a",
	};
	uint64_t bytes;

	ck_assert_int_eq(sim_parse_size("4G", &bytes), 0);
	ck_assert_uint_eq(bytes, 4 * GiB);
	ck_assert_int_eq(sim_parse_size("2g", &bytes), 0);
	ck_assert_uint_eq(bytes, 2 * GiB);
	ck_assert_int_eq(sim_parse_size("64k", &bytes), 0);
	ck_assert_uint_eq(bytes, 64 << 10);
	ck_assert_int_eq(sim_parse_size("512M", &bytes), 0);
	ck_assert_uint_eq(bytes, 512 * MiB);
	ck_assert_int_eq(sim_parse_size("1T", &bytes), 0);
	ck_assert_uint_eq(bytes, 1024 * GiB);
	ck_assert_int_eq(sim_parse_size("4096", &bytes), 0);
	ck_assert_uint_eq(bytes, PAGE_SIZE);
	ck_assert_int_eq(sim_parse_size("0xbffdd000", &bytes), 0);
	ck_assert_uint_eq(bytes, 0xbffdd000ull);
	ck_assert_int_eq(sim_parse_size("0x10M", &bytes), 0);
	ck_assert_uint_eq(bytes, 16 * MiB);
	for (size_t i = 0; i < TEST_ARRAY_SIZE(bad); i++)
		ck_assert_msg(sim_parse_size(bad[i], &bytes) == -1, "'%s' accepted", bad[i]);
	ck_assert_int_eq(sim_parse_size("18446744073709551616", &bytes), -2);
	ck_assert_int_eq(sim_parse_size("16777216T", &bytes), -2);
}
END_TEST

/*
 * Nodes follow each other from address 0 unless "start" places them; cpus
 * defaults to 1; sizes may be JSON integers.
 * Expect: [0, 1G), [4G, 5G), [5G, 7G); 1 + 1 + 3 CPUs, CPU 4 on node 2.
 */
START_TEST(test_node_placement)
{
	struct mm_boot_params p;

	load_ok("{'machine': {'nodes': [{'mem': 1073741824}, {'mem': '1G', 'start': '4G'},"
		"{'mem': '2G', 'cpus': 3}]}}", &p);
	ck_assert_uint_eq(p.hw.nr_nodes, 3);
	ck_assert_uint_eq(p.hw.node[0].start, 0);
	ck_assert_uint_eq(p.hw.node[0].bytes, GiB);
	ck_assert_uint_eq(p.hw.node[1].start, 4 * GiB);
	ck_assert_uint_eq(p.hw.node[2].start, 5 * GiB);
	ck_assert_uint_eq(p.hw.node[2].bytes, 2 * GiB);
	ck_assert_uint_eq(p.hw.nr_cpus, 5);
	ck_assert_uint_eq(p.hw.cpu_to_node[4], 2);
	ck_assert_uint_eq(p.hw.distance[0][2], 20);
	ck_assert_uint_eq(p.hw.distance[2][2], 10);
}
END_TEST

/*
 * A node may lack CPUs ("cpus": 0) or memory ("mem": "0", also as the
 * JSON integer 0), as SRAT can describe both.  CPUs are numbered node by
 * node, so a node without CPUs takes no number; a node without memory
 * has an empty range where the previous node ends, and the next node
 * follows on from there.  kernel.reserved applies to the nodes with
 * memory.  Expect: node 1 [1G, 1G) with CPUs 1 and 2, node 2 [1G, 2G)
 * without CPUs, node 3 [2G, 2G) with CPU 3; 16M reserved on nodes 0 and
 * 2, none set on 1 and 3.
 */
START_TEST(test_nodes_without_cpus_or_memory)
{
	struct mm_boot_params p;

	load_ok("{'machine': {'nodes': [{'mem': '1G'}, {'mem': '0', 'cpus': 2},"
		" {'mem': '1G', 'cpus': 0}, {'mem': 0, 'cpus': 1}]},"
		" 'kernel': {'reserved': '16M'}}", &p);
	ck_assert_uint_eq(p.hw.nr_nodes, 4);
	ck_assert_uint_eq(p.hw.node[1].start, GiB);
	ck_assert_uint_eq(p.hw.node[1].bytes, 0);
	ck_assert_uint_eq(p.hw.node[2].start, GiB);
	ck_assert_uint_eq(p.hw.node[2].bytes, GiB);
	ck_assert_uint_eq(p.hw.node[2].nr_cpus, 0);
	ck_assert_uint_eq(p.hw.node[3].start, 2 * GiB);
	ck_assert_uint_eq(p.hw.node[3].bytes, 0);
	ck_assert_uint_eq(p.hw.nr_cpus, 4);
	ck_assert_uint_eq(p.hw.cpu_to_node[0], 0);
	ck_assert_uint_eq(p.hw.cpu_to_node[1], 1);
	ck_assert_uint_eq(p.hw.cpu_to_node[2], 1);
	ck_assert_uint_eq(p.hw.cpu_to_node[3], 3);
	ck_assert_uint_eq(p.reserved_bytes[0], 16 * MiB);
	ck_assert_uint_eq(p.reserved_bytes[1], UINT64_MAX);
	ck_assert_uint_eq(p.reserved_bytes[2], 16 * MiB);
	ck_assert_uint_eq(p.reserved_bytes[3], UINT64_MAX);
}
END_TEST

/*
 * Holes may be given in any order; the hardware keeps them sorted.
 * Expect: two holes, the lower first; their frames are not present.
 */
START_TEST(test_holes_sorted)
{
	struct mm_boot_params p;

	load_ok("{'machine': {'holes': [{'start': '3G', 'size': '1G'},"
		"{'start': '0', 'size': '4K'}]}}", &p);
	ck_assert_uint_eq(p.hw.nr_holes, 2);
	ck_assert_uint_eq(p.hw.hole[0].start, 0);
	ck_assert_uint_eq(p.hw.hole[0].end, PAGE_SIZE);
	ck_assert_uint_eq(p.hw.hole[1].start, 3 * GiB);
	ck_assert_uint_eq(p.hw.hole[1].end, 4 * GiB);
	ck_assert(!hw_pfn_present(&p.hw, phys_to_pfn(3 * GiB)));
	ck_assert(hw_pfn_present(&p.hw, phys_to_pfn(4 * GiB)));
}
END_TEST

/*
 * kernel.reserved applies to every node; a node's own "reserved" wins.
 * Expect: 16M on node 0, 32M on node 1.
 */
START_TEST(test_reserved_override)
{
	struct mm_boot_params p;

	load_ok("{'machine': {'nodes': [{'mem': '1G'}, {'mem': '1G', 'reserved': '32M'}]},"
		"'kernel': {'reserved': '16M'}}", &p);
	ck_assert_uint_eq(p.reserved_bytes[0], 16 * MiB);
	ck_assert_uint_eq(p.reserved_bytes[1], 32 * MiB);
}
END_TEST

/*
 * Every kernel key reaches its field.  Expect: the values given, with THP
 * "never" and "madvise" mapped to their modes.
 */
START_TEST(test_kernel_keys_applied)
{
	struct mm_boot_params p;

	load_ok("{'kernel': {'profile': 'linux-6.1', 'min_free_kbytes': 67584,"
		"'watermark_scale_factor': 200, 'watermark_boost_factor': 0,"
		"'percpu_pagelist_high_fraction': 8, 'pcp': false, 'mobility_grouping': false,"
		"'reserved': '8M', 'dma': true, 'dma32': true, 'kernelcore': '2G',"
		"'movablecore': '10%', 'pageblock_order': 10, 'transparent_hugepage': 'never',"
		"'cma': true, 'deferred_struct_page_init': false}}", &p);
	ck_assert_int_eq(p.min_free_kbytes, 67584);
	ck_assert_int_eq(p.watermark_scale_factor, 200);
	ck_assert_int_eq(p.watermark_boost_factor, 0);
	ck_assert_int_eq(p.percpu_pagelist_high_fraction, 8);
	ck_assert(!p.pcp && !p.mobility_grouping);
	ck_assert_uint_eq(p.reserved_bytes[0], 8 * MiB);
	ck_assert_uint_eq(p.reserved_bytes[1], 8 * MiB);
	ck_assert(p.zone_dma && p.zone_dma32 && p.has_cma);
	ck_assert(!p.deferred_struct_page_init);
	ck_assert_uint_eq(p.kernelcore_bytes, 2 * GiB);
	ck_assert_uint_eq(p.kernelcore_percent, 0);
	ck_assert_uint_eq(p.movablecore_bytes, 0);
	ck_assert_uint_eq(p.movablecore_percent, 10);
	ck_assert_uint_eq(p.pageblock_order, 10);
	ck_assert_int_eq(p.thp, THP_NEVER);
	ck_assert_str_eq(p.profile, "linux-6.1");

	load_ok("{'kernel': {'kernelcore': '25%', 'movablecore': '0',"
		"'transparent_hugepage': 'madvise'}}", &p);
	ck_assert_uint_eq(p.kernelcore_percent, 25);
	ck_assert_uint_eq(p.movablecore_bytes, 0);
	ck_assert_uint_eq(p.movablecore_percent, 0);
	ck_assert_int_eq(p.thp, THP_MADVISE);

	/* The memory hotplug keys, and their defaults: 128 MiB blocks, offline, no region. */
	ck_assert_uint_eq(p.hotplug.block_size_bytes, 128 * MiB);
	ck_assert_int_eq(p.hotplug.default_online_type, MMOP_OFFLINE);
	ck_assert(!p.hotplug.movable_node && !p.hw.hotplug_bytes);
	load_ok("{'machine': {'hotplug': '8G'}, 'kernel': {'memory_block_size': '512M',"
		"'auto_online_blocks': 'online_kernel', 'movable_node': true}}", &p);
	ck_assert_uint_eq(p.hw.hotplug_bytes, 8 * GiB);
	ck_assert_uint_eq(p.hotplug.block_size_bytes, 512 * MiB);
	ck_assert_int_eq(p.hotplug.default_online_type, MMOP_ONLINE_KERNEL);
	ck_assert(p.hotplug.movable_node);
}
END_TEST

/*
 * A failed load leaves the caller's parameters alone, so a caller never sees
 * a half-applied config.  Expect: -1 and the sentinel untouched.
 */
START_TEST(test_error_leaves_params_untouched)
{
	struct mm_boot_params p;
	char err[512];

	memset(&p, 0, sizeof(p));
	p.pageblock_order = 77;
	ck_assert_int_eq(load("{'kernel': {'pcp': false, 'dma': 1}}", &p, err, sizeof(err)), -1);
	ck_assert_uint_eq(p.pageblock_order, 77);
	ck_assert(!p.pcp);
}
END_TEST

/* ======================= rejected input ================================= */

struct bad_config {
	const char *json;
	const char *path;	/* the key path the message must name */
	const char *detail;	/* another part of the message, or NULL */
};

static const struct bad_config bad_configs[] = {
	/* Not a JSON object at the top.  Expect: "(top level)". */
	{ "[1, 2]", "(top level)", "object" },
	/* Duplicate keys would make one of them silently lost. */
	{ "{'kernel': {}, 'kernel': {}}", "test.json:1:", "duplicate" },
	/* Zero nodes: a machine needs memory somewhere. */
	{ "{'machine': {'nodes': []}}", "machine.nodes", NULL },
	/* mem missing. */
	{ "{'machine': {'nodes': [{'mem': '1G'}, {'cpus': 1}]}}",
	  "machine.nodes[1].mem", "missing" },
	/*
	 * mem zero on the only node: a CPU-only node is fine, a machine
	 * without memory is not (there is nothing to boot on).
	 */
	{ "{'machine': {'nodes': [{'mem': '0'}]}}", "machine.nodes", "no node has memory" },
	/* mem not a whole number of pageblocks (2 MiB with pageblock_order 9). */
	{ "{'machine': {'nodes': [{'mem': '1G'}, {'mem': '3M'}]}}", "machine.nodes[1].mem", "2M" },
	/* ... and of 4 MiB pageblocks when pageblock_order is 10. */
	{ "{'machine': {'nodes': [{'mem': '2M'}]}, 'kernel': {'pageblock_order': 10}}",
	  "machine.nodes[0].mem", "4M" },
	/* A node start that is not pageblock aligned. */
	{ "{'machine': {'nodes': [{'mem': '2M', 'start': '1M'}]}}",
	  "machine.nodes[0].start", "2M" },
	/* A size that is not a size. */
	{ "{'machine': {'nodes': [{'mem': '4Q'}]}}", "machine.nodes[0].mem", "4Q" },
	/* A negative size. */
	{ "{'machine': {'nodes': [{'mem': -4096}]}}", "machine.nodes[0].mem", "negative" },
	/* cpus 0 on the only node: a memory-only node is fine, a machine without CPUs is not. */
	{ "{'machine': {'nodes': [{'mem': '1G', 'cpus': 0}]}}", "machine.nodes", "no node has a CPU" },
	/* A node with neither memory nor CPUs: no firmware table describes one. */
	{ "{'machine': {'nodes': [{'mem': '1G'}, {'mem': '0', 'cpus': 0}]}}",
	  "machine.nodes[1]", "neither" },
	/* A node without memory has no range: start and reserved mean nothing there. */
	{ "{'machine': {'nodes': [{'mem': '1G'}, {'mem': '0', 'start': '4G'}]}}",
	  "machine.nodes[1].start", "without memory" },
	{ "{'machine': {'nodes': [{'mem': '1G'}, {'mem': '0', 'reserved': '0'}]}}",
	  "machine.nodes[1].reserved", "without memory" },
	/* More CPUs than HW_MAX_CPUS in total. */
	{ "{'machine': {'nodes': [{'mem': '1G', 'cpus': 200}, {'mem': '1G', 'cpus': 200}]}}",
	  "machine.nodes[1].cpus", "256" },
	/* Nodes overlapping when "start" is given. */
	{ "{'machine': {'nodes': [{'mem': '4G'}, {'mem': '1G', 'start': '2G'}]}}",
	  "machine.nodes[1].start", "overlaps" },
	/* Distance matrix with the wrong number of rows. */
	{ "{'machine': {'distance': [[10, 20]]}}", "machine.distance", "2 rows" },
	/* Distance matrix with a short row. */
	{ "{'machine': {'distance': [[10, 20], [20]]}}", "machine.distance[1]", NULL },
	/* Asymmetric distances. */
	{ "{'machine': {'distance': [[10, 20], [30, 10]]}}",
	  "machine.distance[0][1]", "symmetric" },
	/* Local distance other than 10 (LOCAL_DISTANCE). */
	{ "{'machine': {'distance': [[10, 20], [20, 11]]}}", "machine.distance[1][1]", NULL },
	/* Remote distance not greater than local. */
	{ "{'machine': {'distance': [[10, 10], [10, 10]]}}", "machine.distance[0][1]", NULL },
	/* Non-positive remote distance. */
	{ "{'machine': {'distance': [[10, -5], [-5, 10]]}}", "machine.distance[0][1]", NULL },
	/* SLIT entries are one byte. */
	{ "{'machine': {'distance': [[10, 256], [256, 10]]}}", "machine.distance[0][1]", "255" },
	/* Migration costs: known keys, positive bandwidths, one row per node. */
	{ "{'machine': {'migration_cost': {'copy_gbps': 10}}}", "machine.migration_cost.copy_gbps",
	  "unknown key" },
	{ "{'machine': {'migration_cost': {'copy_mbps': 0}}}", "machine.migration_cost.copy_mbps",
	  "between 1" },
	{ "{'machine': {'migration_cost': {'copy_mbps': [[1000, 500]]}}}",
	  "machine.migration_cost.copy_mbps", "2 rows" },
	{ "{'machine': {'migration_cost': {'copy_mbps': [[1000, 500], [500]]}}}",
	  "machine.migration_cost.copy_mbps[1]", "a row of 2" },
	{ "{'machine': {'migration_cost': {'copy_mbps': [[1000, 500], [500, -1]]}}}",
	  "machine.migration_cost.copy_mbps[1][1]", NULL },
	{ "{'machine': {'migration_cost': {'unmap_ns': -1}}}", "machine.migration_cost.unmap_ns",
	  NULL },
	{ "{'machine': {'migration_cost': {'remap_ns': '5'}}}", "machine.migration_cost.remap_ns",
	  "integer" },
	{ "{'machine': {'migration_cost': {'scan_ns': 1000000001}}}",
	  "machine.migration_cost.scan_ns", NULL },
	{ "{'machine': {'migration_cost': 5}}", "machine.migration_cost", "object" },
	/* Hole start not page aligned. */
	{ "{'machine': {'holes': [{'start': '1000', 'size': '4K'}]}}",
	  "machine.holes[0].start", "4K" },
	/* Hole size not page aligned. */
	{ "{'machine': {'holes': [{'start': '1M', 'size': '100'}]}}",
	  "machine.holes[0].size", NULL },
	/* Empty hole. */
	{ "{'machine': {'holes': [{'start': '1M', 'size': '0'}]}}", "machine.holes[0]", "empty" },
	/* Hole without a size. */
	{ "{'machine': {'holes': [{'start': '1M'}]}}", "machine.holes[0].size", "missing" },
	/* Overlapping holes. */
	{ "{'machine': {'holes': [{'start': '1G', 'size': '1G'},"
	  " {'start': '1536M', 'size': '1G'}]}}",
	  "machine.holes[1]", "overlaps" },
	/* A hole outside every node. */
	{ "{'machine': {'holes': [{'start': '16G', 'size': '1G'}]}}", "machine.holes[0]", "node" },
	/* A hole straddling two nodes. */
	{ "{'machine': {'holes': [{'start': '3G', 'size': '2G'}]}}", "machine.holes[0]", "node" },
	/* A node entirely in a hole has no memory. */
	{ "{'machine': {'holes': [{'start': '4G', 'size': '4G'}]}}", "machine", "nodes[1]" },
	/* Wrong JSON types. */
	{ "{'machine': []}", "machine", "object" },
	{ "{'kernel': 3}", "kernel", "object" },
	{ "{'machine': {'nodes': {}}}", "machine.nodes", "array" },
	{ "{'machine': {'nodes': [4]}}", "machine.nodes[0]", "object" },
	{ "{'machine': {'nodes': [{'mem': '1G', 'cpus': '2'}]}}",
	  "machine.nodes[0].cpus", "integer" },
	{ "{'machine': {'nodes': [{'mem': 4.5}]}}", "machine.nodes[0].mem", "size" },
	{ "{'machine': {'distance': [[10, '20'], [20, 10]]}}",
	  "machine.distance[0][1]", "integer" },
	{ "{'machine': {'holes': {}}}", "machine.holes", NULL },
	{ "{'kernel': {'pcp': 1}}", "kernel.pcp", "true or false" },
	{ "{'kernel': {'deferred_struct_page_init': 'yes'}}", "kernel.deferred_struct_page_init",
	  "true or false" },
	{ "{'kernel': {'watermark_scale_factor': '10'}}",
	  "kernel.watermark_scale_factor", "integer" },
	{ "{'kernel': {'profile': 6}}", "kernel.profile", NULL },
	{ "{'kernel': {'kernelcore': true}}", "kernel.kernelcore", NULL },
	/* Unknown keys, at every level. */
	{ "{'machin': {}}", "machin", "unknown key" },
	{ "{'machine': {'node': []}}", "machine.node", "unknown key" },
	{ "{'machine': {'nodes': [{'memory': '1G'}]}}", "machine.nodes[0].memory", "unknown key" },
	{ "{'machine': {'holes': [{'start': '1G', 'end': '2G'}]}}",
	  "machine.holes[0].end", "unknown" },
	{ "{'kernel': {'min_free_kb': 1}}", "kernel.min_free_kb", "unknown key" },
	/* Bad enum strings. */
	{ "{'kernel': {'transparent_hugepage': 'sometimes'}}",
	  "kernel.transparent_hugepage", "madvise" },
	{ "{'kernel': {'profile': 'linux-0.01'}}", "kernel.profile", "linux-0.01" },
	/* pageblock_order outside 1..MAX_ORDER-1. */
	{ "{'kernel': {'pageblock_order': 0}}", "kernel.pageblock_order", NULL },
	{ "{'kernel': {'pageblock_order': 11}}", "kernel.pageblock_order", NULL },
	/* vm.min_free_kbytes: the sysctl's minimum is 0. */
	{ "{'kernel': {'min_free_kbytes': -1}}", "kernel.min_free_kbytes", NULL },
	/* vm.watermark_scale_factor: the sysctl accepts 1..3000. */
	{ "{'kernel': {'watermark_scale_factor': 0}}", "kernel.watermark_scale_factor", "3000" },
	{ "{'kernel': {'watermark_scale_factor': 3001}}", "kernel.watermark_scale_factor", "3000" },
	/* vm.watermark_boost_factor: minimum 0. */
	{ "{'kernel': {'watermark_boost_factor': -1}}", "kernel.watermark_boost_factor", NULL },
	/* vm.percpu_pagelist_high_fraction: 0 or >= MIN_PERCPU_PAGELIST_HIGH_FRACTION (8). */
	{ "{'kernel': {'percpu_pagelist_high_fraction': 4}}",
	  "kernel.percpu_pagelist_high_fraction", "8" },
	{ "{'kernel': {'percpu_pagelist_high_fraction': -1}}",
	  "kernel.percpu_pagelist_high_fraction", NULL },
	/* Percentages over 100. */
	{ "{'kernel': {'kernelcore': '101%'}}", "kernel.kernelcore", "100" },
	{ "{'kernel': {'movablecore': '150%'}}", "kernel.movablecore", "100" },
	/* kernelcore=mirror needs mirrored memory, which the model lacks. */
	{ "{'kernel': {'kernelcore': 'mirror'}}", "kernel.kernelcore", "mirror" },
	{ "{'kernel': {'movablecore': 'x%'}}", "kernel.movablecore", NULL },
	/* Reserved memory that is not whole pages, or leaves a node nothing. */
	{ "{'kernel': {'reserved': '1000'}}", "kernel.reserved", NULL },
	{ "{'machine': {'nodes': [{'mem': '1G', 'reserved': '1G'}]}}",
	  "machine.nodes[0].reserved", NULL },
	/* kernel.reserved_ranges: an array of page-aligned ranges inside one node. */
	{ "{'kernel': {'reserved_ranges': {'start': '0', 'size': '4K'}}}",
	  "kernel.reserved_ranges", "array" },
	{ "{'kernel': {'reserved_ranges': [{'start': '0x800', 'size': '4K'}]}}",
	  "kernel.reserved_ranges[0].start", "page size" },
	{ "{'kernel': {'reserved_ranges': [{'start': '0'}]}}",
	  "kernel.reserved_ranges[0].size", "missing" },
	{ "{'kernel': {'reserved_ranges': [{'start': '0', 'size': '0'}]}}",
	  "kernel.reserved_ranges[0]", "empty" },
	{ "{'kernel': {'reserved_ranges': [{'start': '0xfffff000', 'size': '8K'}]}}",
	  "kernel.reserved_ranges[0]", "any one node" },
	{ "{'kernel': {'reserved_ranges': [{'start': '8M', 'size': '8K'},"
	  " {'start': '8M', 'size': '4K'}]}}", "kernel.reserved_ranges[1]", "overlaps" },
	{ "{'kernel': {'reserved_ranges': [{'start': '0', 'size': '4K', 'nid': 0}]}}",
	  "kernel.reserved_ranges[0]", "nid" },
	/* kernel.late_freed_ranges: the same, apart from reservations and holes, a real CPU. */
	{ "{'kernel': {'late_freed_ranges': {'start': '0', 'size': '4K'}}}",
	  "kernel.late_freed_ranges", "array" },
	{ "{'kernel': {'late_freed_ranges': [{'start': '0x800', 'size': '4K'}]}}",
	  "kernel.late_freed_ranges[0].start", "page size" },
	{ "{'kernel': {'late_freed_ranges': [{'start': '0xfffff000', 'size': '8K'}]}}",
	  "kernel.late_freed_ranges[0]", "any one node" },
	{ "{'kernel': {'late_freed_ranges': [{'start': '8M', 'size': '8K'},"
	  " {'start': '8M', 'size': '4K'}]}}", "kernel.late_freed_ranges[1]", "overlaps" },
	{ "{'kernel': {'reserved_ranges': [{'start': '8M', 'size': '8K'}],"
	  " 'late_freed_ranges': [{'start': '8M', 'size': '4K'}]}}",
	  "kernel.late_freed_ranges[0]", "kernel.reserved_ranges[0]" },
	{ "{'machine': {'holes': [{'start': '16M', 'size': '16M'}]},"
	  " 'kernel': {'late_freed_ranges': [{'start': '20M', 'size': '4K'}]}}",
	  "kernel.late_freed_ranges[0]", "machine.holes[0]" },
	{ "{'kernel': {'late_freed_ranges': [{'start': '8M', 'size': '4K', 'cpu': 4}]}}",
	  "kernel.late_freed_ranges[0].cpu", NULL },
	{ "{'kernel': {'late_freed_ranges': [{'start': '8M', 'size': '4K', 'cpu': -1}]}}",
	  "kernel.late_freed_ranges[0].cpu", NULL },
	{ "{'kernel': {'late_freed_ranges': [{'start': '8M', 'size': '4K', 'node': 0}]}}",
	  "kernel.late_freed_ranges[0]", "node" },
	/* kernel.in_use: a node, a kind, whole pages, a real CPU. */
	{ "{'kernel': {'in_use': {'node': 0}}}", "kernel.in_use", "array" },
	{ "{'kernel': {'in_use': [{'node': 0, 'size': '4K'}]}}", "kernel.in_use[0].kind",
	  "missing" },
	{ "{'kernel': {'in_use': [{'node': 0, 'kind': 'slab', 'size': '4K'}]}}",
	  "kernel.in_use[0].kind", "unmovable, reclaimable, movable" },
	{ "{'kernel': {'in_use': [{'node': 2, 'kind': 'movable', 'size': '4K'}]}}",
	  "kernel.in_use[0].node", "between 0 and 1" },
	{ "{'kernel': {'in_use': [{'node': 0, 'kind': 'movable', 'size': '1000'}]}}",
	  "kernel.in_use[0].size", "page size" },
	{ "{'kernel': {'in_use': [{'node': 0, 'kind': 'movable', 'size': '0'}]}}",
	  "kernel.in_use[0].size", "positive" },
	{ "{'kernel': {'in_use': [{'node': 0, 'kind': 'movable', 'size': '4K', 'cpu': 9}]}}",
	  "kernel.in_use[0].cpu", NULL },
	{ "{'kernel': {'in_use': [{'node': 0, 'kind': 'movable', 'size': '4K', 'zone': 1}]}}",
	  "kernel.in_use[0]", "zone" },
	/* memory_dev_init() wants a power of two from one section (128M) to 2G (x86_64). */
	{ "{'kernel': {'memory_block_size': '192M'}}", "kernel.memory_block_size", "power of two" },
	{ "{'kernel': {'memory_block_size': '64M'}}", "kernel.memory_block_size", "128M" },
	{ "{'kernel': {'memory_block_size': '4G'}}", "kernel.memory_block_size", "2G" },
	{ "{'kernel': {'memory_block_size': 'big'}}", "kernel.memory_block_size", "not a size" },
	/* memhp_default_state= takes the words of the state file. */
	{ "{'kernel': {'auto_online_blocks': 'yes'}}", "kernel.auto_online_blocks", "online_movable" },
	{ "{'kernel': {'auto_online_blocks': 1}}", "kernel.auto_online_blocks", "offline" },
	{ "{'kernel': {'movable_node': 1}}", "kernel.movable_node", "true or false" },
	/* The hotplug region holds whole sections. */
	{ "{'machine': {'hotplug': '100M'}}", "machine.hotplug", "128M" },
	{ "{'machine': {'hotplug': '128T'}}", "machine.hotplug", "at most" },
	/* kernel.policy: the allocator knobs (mm/profile.h). */
	{ "{'kernel': {'policy': []}}", "kernel.policy", "object" },
	{ "{'kernel': {'policy': {'claim': 1}}}", "kernel.policy.claim", "unknown key" },
	/* at most a pageblock (512 pages at pageblock_order 9) */
	{ "{'kernel': {'policy': {'claim_threshold_pages': 513}}}",
	  "kernel.policy.claim_threshold_pages", "512" },
	{ "{'kernel': {'pageblock_order': 8, 'policy': {'claim_threshold_pages': 257}}}",
	  "kernel.policy.claim_threshold_pages", "256" },
	{ "{'kernel': {'policy': {'claim_threshold_pages': -1}}}",
	  "kernel.policy.claim_threshold_pages", NULL },
	{ "{'kernel': {'policy': {'steal_order': 10}}}", "kernel.policy.steal_order", "9" },
	{ "{'kernel': {'policy': {'steal_order': '4'}}}", "kernel.policy.steal_order", "integer" },
	{ "{'kernel': {'policy': {'fallbacks': {'cma': []}}}}",
	  "kernel.policy.fallbacks.cma", "unknown key" },
	{ "{'kernel': {'policy': {'fallbacks': {'movable': 'unmovable'}}}}",
	  "kernel.policy.fallbacks.movable", "array" },
	{ "{'kernel': {'policy': {'fallbacks': {'movable': ['unmovable', 'reclaimable',"
	  " 'unmovable']}}}}", "kernel.policy.fallbacks.movable", "at most 2" },
	{ "{'kernel': {'policy': {'fallbacks': {'movable': ['movable']}}}}",
	  "kernel.policy.fallbacks.movable[0]", "itself" },
	{ "{'kernel': {'policy': {'fallbacks': {'movable': ['cma']}}}}",
	  "kernel.policy.fallbacks.movable[0]", "reclaimable" },
	{ "{'kernel': {'policy': {'fallbacks': {'movable': ['unmovable', 'unmovable']}}}}",
	  "kernel.policy.fallbacks.movable[1]", "twice" },
	/* vm.extfrag_threshold: 0..1000; vm.compaction_proactiveness: 0..100. */
	{ "{'kernel': {'extfrag_threshold': 1001}}", "kernel.extfrag_threshold", "1000" },
	{ "{'kernel': {'compaction_proactiveness': 101}}",
	  "kernel.compaction_proactiveness", "100" },
	/* the words of .../transparent_hugepage/defrag */
	{ "{'kernel': {'transparent_hugepage_defrag': 'sometimes'}}",
	  "kernel.transparent_hugepage_defrag", "defer+madvise" },
	{ "{'kernel': {'transparent_hugepage_defrag': 1}}",
	  "kernel.transparent_hugepage_defrag", "string" },
};

/*
 * Each class of bad input is refused.  Expect: -1 and a message
 * "test.json: <key path>: ..." (syntax-level ones "test.json:LINE: ...")
 * naming the key.
 */
START_TEST(test_bad_config_rejected)
{
	const struct bad_config *b = &bad_configs[_i];
	struct mm_boot_params p;
	char err[512] = "";

	ck_assert_msg(load(b->json, &p, err, sizeof(err)) == -1, "accepted: %s", b->json);
	ck_assert_msg(strncmp(err, "test.json", 9) == 0, "no file name in '%s'", err);
	ck_assert_msg(strstr(err, b->path) != NULL, "'%s' does not name %s", err, b->path);
	if (b->detail)
		ck_assert_msg(strstr(err, b->detail) != NULL, "'%s' does not mention %s",
			      err, b->detail);
}
END_TEST

/*
 * A JSON syntax error is located by line, as jansson reports it.
 * Expect: -1 and "test.json:3: ..." for a typo on line 3.
 */
START_TEST(test_syntax_error_has_line)
{
	const char *json = "{\n  'kernel': {\n    'pcp': tru\n  }\n}\n";
	struct mm_boot_params p;
	char err[512];

	ck_assert_int_eq(load(json, &p, err, sizeof(err)), -1);
	ck_assert_msg(strncmp(err, "test.json:3: ", 13) == 0, "%s", err);
}
END_TEST

/*
 * More nodes than HW_MAX_NODES.  Expect: -1, "machine.nodes" and the limit.
 */
START_TEST(test_too_many_nodes)
{
	size_t len = 64 + (HW_MAX_NODES + 1) * 24;
	char *json = malloc(len), err[512], limit[16];
	struct mm_boot_params p;

	ck_assert_ptr_nonnull(json);
	strcpy(json, "{'machine': {'nodes': [");
	for (int i = 0; i <= HW_MAX_NODES; i++)
		strcat(json, i ? ", {'mem': '1G'}" : "{'mem': '1G'}");
	strcat(json, "]}}");
	ck_assert_int_eq(load(json, &p, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "machine.nodes") != NULL, "%s", err);
	snprintf(limit, sizeof(limit), "%d", HW_MAX_NODES);
	ck_assert_msg(strstr(err, limit) != NULL, "%s", err);
	free(json);
}
END_TEST

/* A size as format_size() prints it ("32T", "23.54G") -> bytes. */
static double printed_bytes(const char *text)
{
	char *end;
	double v = strtod(text, &end);

	switch (*end) {
	case 'K': return v * 1024;
	case 'M': return v * 1024 * 1024;
	case 'G': return v * 1024 * 1024 * 1024;
	case 'T': return v * 1024 * 1024 * 1024 * 1024;
	default: return v;
	}
}

/* MemAvailable of /proc/meminfo in bytes, the measure the loader uses. */
static double host_mem_available(void)
{
	unsigned long long kib = 0;
	char line[128];
	FILE *f = fopen("/proc/meminfo", "r");

	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f) && sscanf(line, "MemAvailable: %llu kB", &kib) != 1)
		;
	fclose(f);
	ck_assert_uint_gt(kib, 0);
	return (double)kib * 1024;
}

/* A one-node config of about bytes of memory, rounded down to whole GiB. */
static void one_node_json(char *json, size_t len, double bytes)
{
	snprintf(json, len, "{'machine': {'nodes': [{'mem': '%lluG'}]}}",
		 (unsigned long long)(bytes / (double)GiB));
}

/*
 * A machine whose memmap cannot fit in this host: 4 PiB of simulated RAM
 * needs 32 TiB of struct page (32 bytes per 4 KiB frame).  Expect: -1 and
 * "test.json: machine: the run needs N of host memory (the memmap M), but
 * only A is available", where M is at least 32 bytes per frame, N adds as
 * much again for the per-frame tables (so at least twice M), and A is at
 * most the host's memory.
 */
START_TEST(test_memmap_larger_than_host)
{
	const char *json = "{'machine': {'nodes': [{'mem': '4096T'}]}}";
	char err[512], need[32], memmap[32], have[32], tail[64];
	double frames = 4096.0 * 1024 * 1024 * 1024 * 1024 / PAGE_SIZE;
	struct mm_boot_params p;

	ck_assert_int_eq(load(json, &p, err, sizeof(err)), -1);
	ck_assert_msg(sscanf(err, "test.json: machine: the run needs %31s of host memory (the "
			     "memmap %31[^)]), but only %31s is %63[^\n]", need, memmap, have,
			     tail) == 4, "%s", err);
	ck_assert_str_eq(tail, "available");
	ck_assert_msg(printed_bytes(memmap) >= frames * 32, "%s", err);
	ck_assert_msg(printed_bytes(need) >= 2 * printed_bytes(memmap), "%s", err);
	ck_assert_msg(printed_bytes(have) <= (double)sysconf(_SC_PHYS_PAGES) *
		      (double)sysconf(_SC_PAGESIZE), "%s", err);
}
END_TEST

/*
 * Headroom: the memmap is not all a run needs.  A machine whose memmap
 * alone takes 70% of the memory the host has available (MemAvailable)
 * would pass a memmap-only check; with the per-frame tables beside it (as
 * much again) it needs 140% and must be refused.  One whose memmap takes
 * 10% needs about 20% and loads.  The wide margins keep the test true
 * while other programs come and go.  Expect: -1 naming "machine", then 0.
 */
START_TEST(test_host_memory_headroom)
{
	double avail = host_mem_available();
	/* memory whose memmap (1/128 of it) is the given share of avail */
	double big = 0.70 * avail * 128, small = 0.10 * avail * 128;
	struct mm_boot_params p;
	char json[128], err[512];

	one_node_json(json, sizeof(json), big);
	ck_assert_int_eq(load(json, &p, err, sizeof(err)), -1);
	ck_assert_msg(strncmp(err, "test.json: machine: the run needs ", 34) == 0, "%s", err);
	one_node_json(json, sizeof(json), small);
	load_ok(json, &p);
}
END_TEST

/* ======================= messages stay one plain line =================== */

/* Every byte of msg is printable ASCII: no newline, no escape sequence. */
static void assert_plain_line(const char *msg)
{
	for (const char *s = msg; *s; s++)
		ck_assert_msg(*s >= 0x20 && *s < 0x7f, "byte 0x%02x in \"%s\"",
			      (unsigned char)*s, msg);
}

static const struct {
	const char *json;
	const char *msg;
} exact_errors[] = {
	/* A JSON escape puts a newline into a value. */
	{ "{'kernel': {'transparent_hugepage': 'a\\nb'}}",
	  "test.json: kernel.transparent_hugepage: \"a\\x0ab\" is not one of always, madvise, never" },
	/* ... or ESC [2J, which would clear the terminal. */
	{ "{'kernel': {'transparent_hugepage': '\\u001b[2J'}}",
	  "test.json: kernel.transparent_hugepage: \"\\x1b[2J\" is not one of always, madvise, never" },
	/* UTF-8, raw in the file. */
	{ "{'kernel': {'transparent_hugepage': 'caf\xc3\xa9'}}",
	  "test.json: kernel.transparent_hugepage: \"caf\\xc3\\xa9\" is not one of always, madvise, never" },
	/* A tab inside a size. */
	{ "{'machine': {'nodes': [{'mem': '4\\tG'}]}}",
	  "test.json: machine.nodes[0].mem: \"4\\x09G\" is not a size (a number, optionally with K, M, G or T)" },
	/* A newline inside a key: the key path carries it (one edit from mem). */
	{ "{'machine': {'nodes': [{'me\\nm': '1G'}]}}",
	  "test.json: machine.nodes[0].me\\x0am: unknown key; did you mean 'mem'? "
	  "(known here: mem, cpus, start, reserved)" },
	/* A typo two edits away is named; a word further off is not. */
	{ "{'kernel': {'extfrag_treshold': 500}}",
	  "test.json: kernel.extfrag_treshold: unknown key; did you mean 'extfrag_threshold'? "
	  "(known here: profile, min_free_kbytes, watermark_scale_factor, watermark_boost_factor, "
	  "percpu_pagelist_high_fraction, pcp, mobility_grouping, reserved, dma, dma32, kernelcore, "
	  "movablecore, pageblock_order, transparent_hugepage, cma, reserved_ranges, "
	  "late_freed_ranges, and 18 more: docs/config.md)" },
	{ "{'machine': {'nodes': [{'bogus': '1G'}]}}",
	  "test.json: machine.nodes[0].bogus: unknown key (known here: mem, cpus, start, reserved)" },
	/* A quoted value is cut at 64 characters, so the rest of the message survives. */
	{ "{'kernel': {'transparent_hugepage': '"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaBBBBBBBBBBBBBBBB'}}",
	  "test.json: kernel.transparent_hugepage: "
	  "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" "
	  "is not one of always, madvise, never" },
	/* Blank lines before the text count in jansson's line numbers. */
	{ "\n\n\n{'a' tru}", "test.json:4: ':' expected near 'tru'" },
	/* jansson quotes the raw text near a syntax error. */
	{ "{'kernel': 'caf\xc3\xa9", "test.json:1: premature end of input near '\"caf\\xc3\\xa9'" },
	{ "{'kernel': \xc3\xa9}", "test.json:1: invalid token near '\\xc3\\xa9'" },
	/*
	 * A range's two ends are refused in the same words: a user who misses
	 * below learns the upper bound too, and the other way round.
	 */
	/* vm.min_free_kbytes: proc_dointvec_minmax() with extra1 = 0, an int. */
	{ "{'kernel': {'min_free_kbytes': -1}}",
	  "test.json: kernel.min_free_kbytes: must be between 0 and 2147483647, got -1" },
	{ "{'kernel': {'min_free_kbytes': 2147483648}}",
	  "test.json: kernel.min_free_kbytes: must be between 0 and 2147483647, got 2147483648" },
	/* vm.watermark_scale_factor: extra1 = 1, extra2 = 3000. */
	{ "{'kernel': {'watermark_scale_factor': 0}}",
	  "test.json: kernel.watermark_scale_factor: must be between 1 and 3000, got 0" },
	{ "{'kernel': {'watermark_scale_factor': 3001}}",
	  "test.json: kernel.watermark_scale_factor: must be between 1 and 3000, got 3001" },
	/*
	 * vm.percpu_pagelist_high_fraction: 0, or at least
	 * MIN_PERCPU_PAGELIST_HIGH_FRACTION (8) as its handler insists.
	 */
	{ "{'kernel': {'percpu_pagelist_high_fraction': -1}}",
	  "test.json: kernel.percpu_pagelist_high_fraction: must be 0 or between 8 and 2147483647, got -1" },
	{ "{'kernel': {'percpu_pagelist_high_fraction': 7}}",
	  "test.json: kernel.percpu_pagelist_high_fraction: must be 0 or between 8 and 2147483647, got 7" },
	{ "{'kernel': {'percpu_pagelist_high_fraction': 2147483648}}",
	  "test.json: kernel.percpu_pagelist_high_fraction: must be 0 or between 8 and 2147483647, got 2147483648" },
	/*
	 * kernel.numa_balancing: 0..4 (proc_dointvec_minmax, extra2
	 * SYSCTL_FOUR); the scan tunables are 6.1's u32 debugfs files, and
	 * scan_size_mb 0 (a division by zero in task_scan_min()) or from 2^24
	 * (the page count wraps in task_nr_scan_windows()) is refused.
	 */
	{ "{'kernel': {'numa_balancing': -1}}",
	  "test.json: kernel.numa_balancing: must be between 0 and 4, got -1" },
	{ "{'kernel': {'numa_balancing': 5}}",
	  "test.json: kernel.numa_balancing: must be between 0 and 4, got 5" },
	{ "{'kernel': {'numa_balancing_scan_delay_ms': 4294967296}}",
	  "test.json: kernel.numa_balancing_scan_delay_ms: must be between 0 and 4294967295, got 4294967296" },
	{ "{'kernel': {'numa_balancing_scan_period_min_ms': -1}}",
	  "test.json: kernel.numa_balancing_scan_period_min_ms: must be between 0 and 4294967295, got -1" },
	{ "{'kernel': {'numa_balancing_scan_period_max_ms': 4294967296}}",
	  "test.json: kernel.numa_balancing_scan_period_max_ms: must be between 0 and 4294967295, got 4294967296" },
	{ "{'kernel': {'numa_balancing_scan_size_mb': 0}}",
	  "test.json: kernel.numa_balancing_scan_size_mb: must be between 1 and 16777215, got 0" },
	{ "{'kernel': {'numa_balancing_scan_size_mb': 16777216}}",
	  "test.json: kernel.numa_balancing_scan_size_mb: must be between 1 and 16777215, got 16777216" },
	{ "{'kernel': {'numa_balancing': true}}", "test.json: kernel.numa_balancing: expected an integer" },
	/* CPUs per node: none (a memory-only node) up to HW_MAX_CPUS (256). */
	{ "{'machine': {'nodes': [{'mem': '1G', 'cpus': -1}]}}",
	  "test.json: machine.nodes[0].cpus: must be between 0 and 256, got -1" },
	{ "{'machine': {'nodes': [{'mem': '1G', 'cpus': 257}]}}",
	  "test.json: machine.nodes[0].cpus: must be between 0 and 256, got 257" },
	/* A machine needs memory and a CPU somewhere, and every node one of them. */
	{ "{'machine': {'nodes': [{'mem': '0', 'cpus': 1}, {'mem': '0', 'cpus': 2}]}}",
	  "test.json: machine.nodes: no node has memory, and a machine cannot boot without" },
	{ "{'machine': {'nodes': [{'mem': '1G', 'cpus': 0}, {'mem': '1G', 'cpus': 0}]}}",
	  "test.json: machine.nodes: no node has a CPU, and a machine cannot boot without" },
	{ "{'machine': {'nodes': [{'mem': '1G'}, {'mem': '0', 'cpus': 0}]}}",
	  "test.json: machine.nodes[1]: a node needs memory, CPUs or both; this one has neither" },
	{ "{'machine': {'nodes': [{'mem': '1G'}, {'mem': 0, 'start': '4G'}]}}",
	  "test.json: machine.nodes[1].start: a node without memory has no range to place" },
	{ "{'machine': {'nodes': [{'mem': '1G'}, {'mem': '0', 'reserved': '1M'}]}}",
	  "test.json: machine.nodes[1].reserved: a node without memory has nothing to reserve" },
	/* A remote SLIT distance: more than LOCAL_DISTANCE, at most one byte. */
	{ "{'machine': {'distance': [[10, 10], [10, 10]]}}",
	  "test.json: machine.distance[0][1]: a remote distance must be between 11 and 255 "
	  "(more than the local 10, and one byte), got 10" },
	{ "{'machine': {'distance': [[10, 256], [256, 10]]}}",
	  "test.json: machine.distance[0][1]: a remote distance must be between 11 and 255 "
	  "(more than the local 10, and one byte), got 256" },
	/* kernelcore=N%: 0..100, however many digits. */
	{ "{'kernel': {'kernelcore': '101%'}}", "test.json: kernel.kernelcore: 101% is more than 100%" },
	{ "{'kernel': {'kernelcore': '100000000000000000000%'}}",
	  "test.json: kernel.kernelcore: 100000000000000000000% is more than 100%" },
	/* A size: 64 bits; past them it is too large, not malformed. */
	{ "{'machine': {'nodes': [{'mem': '18446744073709551616'}]}}",
	  "test.json: machine.nodes[0].mem: \"18446744073709551616\" is too large (a size must fit in 64 bits)" },
	{ "{'machine': {'nodes': [{'mem': '16777216T'}]}}",
	  "test.json: machine.nodes[0].mem: \"16777216T\" is too large (a size must fit in 64 bits)" },
};

/*
 * Keys, values and JSON text that hold bytes outside printable ASCII, and
 * both ends of every bounded key.  numasim's messages are one line each
 * (docs/cli.md): those bytes are shown as \xNN.  Expect the exact
 * message, and no byte of it outside printable ASCII.
 */
START_TEST(test_exact_message)
{
	struct mm_boot_params p;
	char err[512];

	ck_assert_int_eq(load(exact_errors[_i].json, &p, err, sizeof(err)), -1);
	ck_assert_str_eq(err, exact_errors[_i].msg);
	assert_plain_line(err);
}
END_TEST

/*
 * The top of a config must be an object: a scalar is refused in the same
 * words as an array, not in the parser's ("'[' or '{' expected"), and
 * text that is all blanks says it is empty.  Expect the exact messages.
 */
START_TEST(test_top_level_not_object)
{
	static const char *const scalars[] = { "3", "-1.5", "'x'", "null", "true", "[1, 2]" };
	struct mm_boot_params p;
	char err[512];

	for (size_t i = 0; i < TEST_ARRAY_SIZE(scalars); i++) {
		ck_assert_int_eq(load(scalars[i], &p, err, sizeof(err)), -1);
		ck_assert_str_eq(err, "test.json: (top level): expected a JSON object");
	}
	ck_assert_int_eq(load("", &p, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "test.json: (top level): expected a JSON object, the file is empty");
	ck_assert_int_eq(load(" \n\t\r\n", &p, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "test.json: (top level): expected a JSON object, the file is empty");
	ck_assert_int_eq(load("\xef\xbb\xbf\n", &p, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "test.json: (top level): expected a JSON object, the file is empty");
}
END_TEST

/*
 * A UTF-8 byte order mark before the text, as some editors write: RFC 8259
 * (section 8.1) lets a parser ignore it.  Expect the config to load and
 * its keys to apply.
 */
START_TEST(test_byte_order_mark_skipped)
{
	struct mm_boot_params p;

	load_ok("\xef\xbb\xbf{'kernel': {'pcp': false}}", &p);
	ck_assert(!p.pcp);
}
END_TEST

/*
 * \u0000 in a string or a key: a C string cannot hold it, and jansson's
 * own message names its flag JSON_ALLOW_NUL.  Expect the project's words,
 * at the line of the string.
 */
START_TEST(test_nul_character_refused)
{
	const char *want = "test.json:2: \\u0000 (the NUL character) is not allowed in a config";
	struct mm_boot_params p;
	char err[512];

	ck_assert_int_eq(load("{'kernel':\n {'profile': 'linux-6.1\\u0000x'}}", &p, err,
			      sizeof(err)), -1);
	ck_assert_str_eq(err, want);
	ck_assert_int_eq(load("{'kernel':\n {'pcp\\u0000': true}}", &p, err, sizeof(err)), -1);
	ck_assert_str_eq(err, want);
}
END_TEST

/* ======================= files ========================================== */

/* A new empty file under /tmp; path receives its name. */
static void temp_config(char *path, size_t len)
{
	int fd;

	snprintf(path, len, "/tmp/numasim-check-config-XXXXXX.json");
	fd = mkstemps(path, 5);
	ck_assert_int_ge(fd, 0);
	close(fd);
}

/*
 * Paths that are no config file.  Expect "PATH: cannot open: REASON": the
 * errno text for a missing file and a directory, a refusal for a
 * character device (/dev/zero never ends, /dev/null is no JSON), and a
 * name's bytes outside printable ASCII as \xNN.
 */
START_TEST(test_file_not_a_config)
{
	struct mm_boot_params p;
	char err[512];

	ck_assert_int_eq(sim_config_load_file("configs", &p, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "configs: cannot open: Is a directory");
	ck_assert_int_eq(sim_config_load_file("/dev/zero", &p, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "/dev/zero: cannot open: Is a character device, not a file or a pipe");
	ck_assert_int_eq(sim_config_load_file("/dev/null", &p, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "/dev/null: cannot open: Is a character device, not a file or a pipe");
	ck_assert_int_eq(sim_config_load_file("configs/no\nsuch\x1b.json", &p, err, sizeof(err)),
			 -1);
	ck_assert_str_eq(err, "configs/no\\x0asuch\\x1b.json: cannot open: No such file or directory");
}
END_TEST

/*
 * A pipe is a config file like any other (numasim run -c <(...)).
 * Expect the config written into a pipe to load through its /dev/fd path.
 */
START_TEST(test_file_from_pipe)
{
	const char *json = "{\"kernel\": {\"pcp\": false}}";
	struct mm_boot_params p;
	char path[32], err[512];
	int fds[2];

	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(write(fds[1], json, strlen(json)), (int)strlen(json));
	close(fds[1]);
	snprintf(path, sizeof(path), "/dev/fd/%d", fds[0]);
	if (sim_config_load_file(path, &p, err, sizeof(err)) != 0)
		ck_abort_msg("%s", err);
	close(fds[0]);
	ck_assert(!p.pcp);
}
END_TEST

/*
 * A NUL byte in the file (a binary file given as a config).  Expect
 * "PATH:LINE: a NUL byte: a config is JSON text" at the byte's line.
 */
START_TEST(test_file_nul_byte)
{
	struct mm_boot_params p;
	char path[64], want[160], err[512];

	temp_config(path, sizeof(path));
	test_write_file(path, "{\n\"kernel\": {}\n\0}", 17);
	snprintf(want, sizeof(want), "%s:3: a NUL byte: a config is JSON text", path);
	ck_assert_int_eq(sim_config_load_file(path, &p, err, sizeof(err)), -1);
	ck_assert_str_eq(err, want);
	unlink(path);
}
END_TEST

/*
 * Size limit, both ends: "{}" padded with blanks to exactly 1 MiB loads;
 * one byte more is refused before it is parsed.  Expect 0, then
 * "PATH: cannot read: more than 1M, too large for a config".
 */
START_TEST(test_file_size_limit)
{
	size_t len = 1u << 20;
	char *text = malloc(len + 1), path[64], want[160], err[512];
	struct mm_boot_params p;

	ck_assert_ptr_nonnull(text);
	memset(text, ' ', len + 1);
	memcpy(text, "{}", 2);
	temp_config(path, sizeof(path));
	test_write_file(path, text, len);
	if (sim_config_load_file(path, &p, err, sizeof(err)) != 0)
		ck_abort_msg("%s", err);
	test_write_file(path, text, len + 1);
	snprintf(want, sizeof(want), "%s: cannot read: more than 1M, too large for a config", path);
	ck_assert_int_eq(sim_config_load_file(path, &p, err, sizeof(err)), -1);
	ck_assert_str_eq(err, want);
	unlink(path);
	free(text);
}
END_TEST

/*
 * The unknown-profile message lists the profiles that exist.
 * Expect: the first registered name appears in the message.
 */
START_TEST(test_unknown_profile_lists_names)
{
	struct mm_boot_params p;
	char err[512];

	ck_assert_int_eq(load("{'kernel': {'profile': 'nope'}}", &p, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(mm_profiles[0]);
	ck_assert_msg(strstr(err, mm_profiles[0]->name) != NULL, "%s", err);
}
END_TEST

/*
 * A config file that does not exist.  Expect: -1 and "PATH: cannot open".
 */
START_TEST(test_missing_file)
{
	const char *path = "configs/no-such-file.json";
	struct mm_boot_params p;
	char err[512];

	ck_assert_int_eq(sim_config_load_file(path, &p, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "configs/no-such-file.json: cannot open") == err, "%s", err);
}
END_TEST

Suite *config_suite(void);	/* collected into the runner by the Makefile */

Suite *config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc;

	tc = tcase_create("defaults");
	tcase_add_test(tc, test_empty_config_is_kernel_default);
	tcase_add_test(tc, test_embedded_default_equals_file);
	tcase_add_test(tc, test_embedded_default_equals_empty);
	suite_add_tcase(s, tc);

	tc = tcase_create("samples");
	tcase_add_loop_test(tc, test_sample_config_loads, 0,
			    (int)TEST_ARRAY_SIZE(sample_configs));
	tcase_add_test(tc, test_sample_configs_shapes);
	tcase_add_test(tc, test_oracle_config_matches_recording);
	suite_add_tcase(s, tc);

	tc = tcase_create("accepted");
	tcase_add_test(tc, test_parse_size);
	tcase_add_test(tc, test_node_placement);
	tcase_add_test(tc, test_nodes_without_cpus_or_memory);
	tcase_add_test(tc, test_holes_sorted);
	tcase_add_test(tc, test_reserved_override);
	tcase_add_test(tc, test_kernel_keys_applied);
	tcase_add_test(tc, test_error_leaves_params_untouched);
	suite_add_tcase(s, tc);

	tc = tcase_create("rejected");
	tcase_add_loop_test(tc, test_bad_config_rejected, 0,
			    (int)TEST_ARRAY_SIZE(bad_configs));
	tcase_add_test(tc, test_syntax_error_has_line);
	tcase_add_test(tc, test_too_many_nodes);
	tcase_add_test(tc, test_memmap_larger_than_host);
	tcase_add_test(tc, test_host_memory_headroom);
	tcase_add_test(tc, test_unknown_profile_lists_names);
	tcase_add_test(tc, test_missing_file);
	suite_add_tcase(s, tc);

	tc = tcase_create("messages");
	tcase_add_loop_test(tc, test_exact_message, 0, (int)TEST_ARRAY_SIZE(exact_errors));
	tcase_add_test(tc, test_top_level_not_object);
	tcase_add_test(tc, test_byte_order_mark_skipped);
	tcase_add_test(tc, test_nul_character_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("files");
	tcase_add_test(tc, test_file_not_a_config);
	tcase_add_test(tc, test_file_from_pipe);
	tcase_add_test(tc, test_file_nul_byte);
	tcase_add_test(tc, test_file_size_limit);
	suite_add_tcase(s, tc);
	return s;
}
