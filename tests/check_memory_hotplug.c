/*
 * tests/check_memory_hotplug.c - memory blocks, onlining and hot-add /
 * hot-remove (mm/memory_hotplug.c, sim/verbs_hotplug.c,
 * sim/sysfs_memory.c) against the rules of Linux 6.1.
 *
 * Facts the expected values rest on:
 *   - memory_dev_init() / add_boot_memory_block(): a block per block-sized
 *     range holding a present section, online; its zone is the one
 *     populated zone of its node it intersects, else none
 *     (early_node_zone_for_memory_block()), so memory0 (DMA + DMA32) shows
 *     "none";
 *   - add_memory() -> create_memory_block_devices(): hot-added blocks
 *     start offline; mhp_default_online_type is "offline" without
 *     CONFIG_MEMORY_HOTPLUG_DEFAULT_ONLINE (Debian's 6.1 build);
 *   - zone_for_pfn_range(): online_movable -> Movable, online_kernel ->
 *     default_kernel_zone_for_pfn() (the first of DMA/DMA32 intersecting
 *     the range, else Normal), online -> default_zone_for_pfn(): the one
 *     of {kernel zone, Movable} intersecting the range, else Movable only
 *     with movable_node;
 *   - valid_zones_show(): an online block's zone; an offline block's
 *     default zone, then the online_kernel / online_movable zones that
 *     differ from it;
 *   - online_pages(): resize_zone_range() / resize_pgdat_range() make the
 *     spans cover the range (spans may overlap), every frame is freed to
 *     the buddy (managed, free), present grows;
 *   - state_store(): device_online() of an online block answers 1, which
 *     state_store() turns into -EINVAL; online_store() returns success;
 *   - try_remove_memory(): -EBUSY while a block of the range is online;
 *   - find_zone_movable_pfns_for_nodes(): every range of a node is walked
 *     even after its share is used up; movable_node ignores kernelcore=.
 *
 * The machine is the reference machine (configs/oracle-2node.json: node 0
 * [0, 2G), node 1 [2G, 3G) + [4G, 5G)) with a 2 GiB hotplug region, which
 * starts at 5G (the last node's end rounded up to 1 GiB): blocks 40-55.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "mm/memory_hotplug.h"
#include "mm/sparse.h"
#include "sim/procfs.h"
#include "sim/sysfs_memory.h"
#include "tests/verbs_fixture.h"

#define GiB		((uint64_t)1 << 30)
#define MiB		((uint64_t)1 << 20)
#define BLOCK_PAGES	32768ul		/* 128 MiB */
#define PFN_5G		(5 * GiB >> PAGE_SHIFT)

static struct machine *boot_oracle(uint64_t hotplug_bytes, bool movable_node, enum mmop auto_online)
{
	struct mm_boot_params p;

	test_load_config_file("configs/oracle-2node.json", &p);
	p.hw.hotplug_bytes = hotplug_bytes;
	p.hotplug.movable_node = movable_node;
	p.hotplug.default_online_type = auto_online;
	return test_boot_params(&p);
}

static void fx_oracle(struct fx *fx)
{
	fx_boot_machine(fx, boot_oracle(2 * GiB, false, MMOP_OFFLINE));
}

/* What show(f, m) writes, on the heap. */
static char *show_text(void (*show)(FILE *f, const struct machine *m), const struct machine *m)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	show(f, m);
	fclose(f);
	return buf;
}

static void expect_valid_zones(const struct machine *m, unsigned long id, const char *want)
{
	char buf[64];

	memory_block_valid_zones(m, id, buf, sizeof(buf));
	ck_assert_msg(!strcmp(buf, want), "memory%lu: valid_zones '%s', expected '%s'", id, buf, want);
}

static const struct memory_block *block(const struct machine *m, unsigned long id)
{
	const struct memory_block *mem = find_memory_block_by_id(m, id);

	ck_assert_msg(mem != NULL, "no memory block %lu", id);
	return mem;
}

/* ---- boot ---- */

/*
 * memory_dev_init() on the reference machine gives the recorded view:
 * blocks 0-23 and 32-39 (24-31 are the 3-4 GiB hole), memory0 "none"
 * (DMA and DMA32), node 1's low blocks DMA32, its high ones Normal.
 * Expect memory_blocks.txt byte for byte as the 6.1 guest listed it, and
 * block_size_bytes 8000000, auto_online_blocks offline as its log shows.
 */
START_TEST(test_boot_view_matches_recording)
{
	struct machine *m = boot_oracle(0, false, MMOP_OFFLINE);
	char *want = test_read_file("tests/data/oracle/boot/memory_blocks.txt");
	char *got = show_text(sysfs_memory_blocks_digest, m);
	char *tree = show_text(sysfs_memory_tree, m);

	ck_assert_str_eq(got, want);
	ck_assert_ptr_nonnull(strstr(tree, "memory/block_size_bytes:8000000\n"));
	ck_assert_ptr_nonnull(strstr(tree, "memory/auto_online_blocks:offline\n"));
	ck_assert_ptr_nonnull(strstr(tree, "memory/memory39/phys_index:00000027\n"));
	ck_assert_ptr_nonnull(strstr(tree, "node/node1/memory16 -> ../../memory/memory16\n"));
	ck_assert_ptr_null(strstr(tree, "node/node0/memory16 "));
	ck_assert_ptr_null(find_memory_block_by_id(m, 24));
	free(want);
	free(got);
	free(tree);
	test_release(m);
}
END_TEST

/*
 * 256 MiB blocks (sections_per_block 2): a block exists if either of its
 * sections is present; phys_index is the block id.  Expect
 * block_size_bytes 10000000, blocks 0-11 and 16-19, memory8 at 2G.
 */
START_TEST(test_boot_view_larger_blocks)
{
	struct mm_boot_params p;
	struct machine *m;
	char *tree;

	test_load_config_file("configs/oracle-2node.json", &p);
	p.hotplug.block_size_bytes = 256 * MiB;
	m = test_boot_params(&p);
	tree = show_text(sysfs_memory_tree, m);
	ck_assert_ptr_nonnull(strstr(tree, "memory/block_size_bytes:10000000\n"));
	ck_assert_ptr_nonnull(strstr(tree, "memory/memory19/phys_index:00000013\n"));
	ck_assert_ptr_nonnull(block(m, 11));
	ck_assert_ptr_null(find_memory_block_by_id(m, 12));
	ck_assert_int_eq(block(m, 8)->nid, 1);
	free(tree);
	test_release(m);
}
END_TEST

/* ---- hot-add ---- */

/*
 * add_memory() of 256 MiB on node 1 at 5G: blocks 40 and 41, offline,
 * linked to node 1 only; nothing joins a zone (spans unchanged); the
 * default zone is Normal (no zone intersects), Movable the other choice.
 * Expect valid_zones "Normal Movable", Normal's span still [4G, 5G), the
 * new frames valid but not online.
 */
START_TEST(test_hotadd_creates_offline_blocks)
{
	struct fx fx;
	struct zone *normal1;

	fx_oracle(&fx);
	normal1 = test_zone(fx.m, 1, ZONE_NORMAL);
	run_ok(&fx, "hotadd node=1 size=256M\n");
	for (unsigned long id = 40; id <= 41; id++) {
		ck_assert_int_eq(block(fx.m, id)->state, MEM_OFFLINE);
		ck_assert_int_eq(block(fx.m, id)->nid, 1);
		ck_assert_uint_eq(block(fx.m, id)->nodes, 1ull << 1);
		expect_valid_zones(fx.m, id, "Normal Movable");
	}
	ck_assert_uint_eq(zone_end_pfn(normal1), PFN_5G);
	ck_assert(pfn_valid(fx.m, PFN_5G));
	ck_assert_ptr_null(pfn_to_online_page(fx.m, PFN_5G));
	ck_assert_uint_eq(fx.m->hotplug->stats.added, 1);
	fx_release(&fx);
}
END_TEST

/*
 * Host memory for struct pages only where memory is (sparse_add_section()
 * at hot-add, section_deactivate() at hot-remove).  Expect no resident
 * memmap page for the hotplug region before the hot-add, some after it,
 * none again once the offline range is removed.
 */
START_TEST(test_memmap_only_while_added)
{
	struct fx fx;

	fx_oracle(&fx);
	ck_assert_uint_eq(test_resident_memmap_pages(fx.m, PFN_5G, 16 * BLOCK_PAGES), 0);
	ck_assert(!pfn_valid(fx.m, PFN_5G));
	run_ok(&fx, "hotadd node=0 size=128M addr=5G\n");
	ck_assert_uint_gt(test_resident_memmap_pages(fx.m, PFN_5G, BLOCK_PAGES), 0);
	run_ok(&fx, "hotremove addr=5G size=128M\n");
	ck_assert_uint_eq(test_resident_memmap_pages(fx.m, PFN_5G, 16 * BLOCK_PAGES), 0);
	ck_assert(!pfn_valid(fx.m, PFN_5G));
	ck_assert_ptr_null(find_memory_block_by_id(fx.m, 40));
	ck_assert_uint_eq(fx.m->hw.nr_dimms, 0);
	fx_release(&fx);
}
END_TEST

/* ---- online ---- */

/*
 * online_movable: ZONE_MOVABLE of node 1 (empty) becomes [5G, 5G+128M):
 * spanned = present = managed = free = 32768 (online_pages() frees every
 * frame), node 1's span reaches 5G+128M.  Expect that, valid_zones
 * "Movable", and /proc/zoneinfo showing the zone.
 */
START_TEST(test_online_movable)
{
	struct fx fx;
	struct zone *movable1;
	pg_data_t *pgdat;
	unsigned long node_present;
	char *zoneinfo;

	fx_oracle(&fx);
	movable1 = test_zone(fx.m, 1, ZONE_MOVABLE);
	pgdat = NODE_DATA(fx.m, 1);
	node_present = pgdat->node_present_pages;
	run_ok(&fx, "hotadd node=1 size=256M\n"
		    "sysfs path=devices/system/memory/memory40/state value=online_movable\n");
	ck_assert_int_eq(block(fx.m, 40)->state, MEM_ONLINE);
	ck_assert_ptr_eq(block(fx.m, 40)->zone, movable1);
	ck_assert_uint_eq(movable1->zone_start_pfn, PFN_5G);
	ck_assert_uint_eq(movable1->spanned_pages, BLOCK_PAGES);
	ck_assert_uint_eq(movable1->present_pages, BLOCK_PAGES);
	ck_assert_uint_eq(movable1->managed_pages, BLOCK_PAGES);
	ck_assert_uint_eq(zone_page_state_snapshot(movable1, NR_FREE_PAGES), BLOCK_PAGES);
	ck_assert_uint_eq(pgdat->node_present_pages, node_present + BLOCK_PAGES);
	ck_assert_uint_eq(pgdat->node_start_pfn + pgdat->node_spanned_pages, PFN_5G + BLOCK_PAGES);
	ck_assert_ptr_nonnull(pfn_to_online_page(fx.m, PFN_5G));
	expect_valid_zones(fx.m, 40, "Movable");
	expect_valid_zones(fx.m, 41, "Normal Movable");	/* [5G+128M, ...) meets no zone */
	zoneinfo = show_text(procfs_zoneinfo, fx.m);
	ck_assert_ptr_nonnull(strstr(zoneinfo, "Node 1, zone  Movable\n  pages free     32768\n"));
	ck_assert_ptr_nonnull(strstr(zoneinfo, "        spanned  32768\n        present  32768\n"
					       "        managed  32768\n"));
	ck_assert_uint_eq(fx.m->hotplug->stats.online_ok, 1);
	free(zoneinfo);
	fx_release(&fx);
}
END_TEST

/*
 * online_kernel of block 41 after block 40 went Movable: Normal (no
 * DMA/DMA32 zone intersects); resize_zone_range() stretches Normal from
 * 4G over Movable's block to 5G+256M: the spans overlap, as in 6.1.
 * Expect Normal spanned 5G+256M-4G, present +32768, valid_zones "Normal".
 */
START_TEST(test_online_kernel_overlaps_spans)
{
	struct fx fx;
	struct zone *normal1;
	unsigned long present;

	fx_oracle(&fx);
	normal1 = test_zone(fx.m, 1, ZONE_NORMAL);
	present = normal1->present_pages;
	run_ok(&fx, "hotadd node=1 size=256M\n"
		    "sysfs path=devices/system/memory/memory40/state value=online_movable\n"
		    "sysfs path=/sys/devices/system/memory/memory41/state value=online_kernel\n");
	ck_assert_ptr_eq(block(fx.m, 41)->zone, normal1);
	ck_assert_uint_eq(normal1->zone_start_pfn, 4 * GiB >> PAGE_SHIFT);
	ck_assert_uint_eq(zone_end_pfn(normal1), PFN_5G + 2 * BLOCK_PAGES);
	ck_assert_uint_eq(normal1->present_pages, present + BLOCK_PAGES);
	expect_valid_zones(fx.m, 41, "Normal");
	fx_release(&fx);
}
END_TEST

/*
 * default_zone_for_pfn(): block 41 lies inside Movable's span once blocks
 * 40 and 42 are Movable, so "online" puts it there and valid_zones names
 * Movable first, then Normal (online_kernel's choice).  Expect "Movable
 * Normal", then block 41 in Movable.
 */
START_TEST(test_online_inherits_intersecting_zone)
{
	struct fx fx;

	fx_oracle(&fx);
	run_ok(&fx, "hotadd node=1 size=384M\n"
		    "sysfs path=devices/system/memory/memory40/state value=online_movable\n"
		    "sysfs path=devices/system/memory/memory42/state value=online_movable\n");
	expect_valid_zones(fx.m, 41, "Movable Normal");
	run_ok(&fx, "sysfs path=devices/system/memory/memory41/state value=online\n");
	ck_assert_ptr_eq(block(fx.m, 41)->zone, test_zone(fx.m, 1, ZONE_MOVABLE));
	fx_release(&fx);
}
END_TEST

/*
 * movable_node: default_zone_for_pfn() picks Movable where no zone
 * intersects, and find_zone_movable_pfns_for_nodes() ignores kernelcore=.
 * Expect no ZONE_MOVABLE at boot despite kernelcore=50%, valid_zones
 * "Movable Normal" for a new block, "online" putting it in Movable.
 */
START_TEST(test_movable_node)
{
	struct mm_boot_params p;
	struct fx fx;

	test_load_config_file("configs/oracle-2node.json", &p);
	p.hw.hotplug_bytes = GiB;
	p.hotplug.movable_node = true;
	p.kernelcore_percent = 50;
	fx_boot_machine(&fx, test_boot_params(&p));
	ck_assert_uint_eq(test_zone(fx.m, 1, ZONE_MOVABLE)->spanned_pages, 0);
	run_ok(&fx, "hotadd node=1 size=128M\n");
	expect_valid_zones(fx.m, 40, "Movable Normal");
	run_ok(&fx, "sysfs path=devices/system/memory/memory40/online value=1\n");
	ck_assert_ptr_eq(block(fx.m, 40)->zone, test_zone(fx.m, 1, ZONE_MOVABLE));
	fx_release(&fx);
}
END_TEST

/*
 * Onlining an online block: device_online() answers 1, state_store()
 * returns -EINVAL (a kernel answer: counted, the replay goes on), while
 * the device's online file takes it as success; offlining memory0, which
 * has no single zone, is memory_block_offline()'s -EINVAL.  Expect
 * ENGINE_OK each time, the two online state writes and the offline
 * counted as refusals (the online file write not), nothing changed.
 */
START_TEST(test_online_twice_is_kernel_answer)
{
	struct fx fx;
	unsigned long managed;

	fx_oracle(&fx);
	run_ok(&fx, "hotadd node=1 size=128M\n"
		    "sysfs path=devices/system/memory/memory40/state value=online_movable\n");
	managed = test_managed_pages(fx.m);
	run_ok(&fx, "sysfs path=devices/system/memory/memory40/state value=online_kernel\n"
		    "sysfs path=devices/system/memory/memory40/online value=1\n"
		    "sysfs path=devices/system/memory/memory3/state value=online\n"
		    "sysfs path=devices/system/memory/memory0/state value=offline\n");
	ck_assert_uint_eq(fx.m->hotplug->stats.online_refused, 2);
	ck_assert_uint_eq(fx.m->hotplug->stats.offline_refused, 1);
	ck_assert_int_eq(block(fx.m, 0)->state, MEM_ONLINE);
	ck_assert_uint_eq(fx.m->hotplug->stats.online_ok, 1);
	ck_assert_uint_eq(test_managed_pages(fx.m), managed);
	ck_assert_ptr_eq(block(fx.m, 40)->zone, test_zone(fx.m, 1, ZONE_MOVABLE));
	fx_release(&fx);
}
END_TEST

/*
 * gfp_zone() and the zonelists: a movable request of node 1 may use the
 * new ZONE_MOVABLE (the zonelist starts at the highest zone), a kernel
 * request never does (its highest zone is Normal).  Expect the first
 * movable page from Movable, 64 kernel pages none of them there.
 */
START_TEST(test_allocations_follow_zone_rules)
{
	struct fx fx;
	struct page *page;

	fx_oracle(&fx);
	run_ok(&fx, "hotadd node=1 size=128M\n"
		    "sysfs path=devices/system/memory/memory40/state value=online_movable\n");
	page = alloc_pages_node(fx.m, 1, GFP_HIGHUSER_MOVABLE | __GFP_THISNODE, 0);
	ck_assert_ptr_nonnull(page);
	ck_assert_int_eq(page_zonenum(page), ZONE_MOVABLE);
	__free_pages(fx.m, page, 0);
	for (int i = 0; i < 64; i++) {
		page = alloc_pages_node(fx.m, 1, GFP_KERNEL | __GFP_THISNODE, 0);
		ck_assert_ptr_nonnull(page);
		ck_assert_int_ne(page_zonenum(page), ZONE_MOVABLE);
		ck_assert_uint_lt(page_to_pfn(fx.m, page), PFN_5G);
	}
	test_check(fx.m);
	fx_release(&fx);
}
END_TEST

/*
 * auto_online_blocks (mhp_default_online_type): hot-added blocks are
 * onlined with it at once.  Expect online_movable from the config to put
 * the blocks in Movable, and a later sysfs write of "online" to put the
 * next ones in Normal (default_zone_for_pfn(): nothing intersects).
 */
START_TEST(test_auto_online_blocks)
{
	struct fx fx;
	char *tree;

	fx_boot_machine(&fx, boot_oracle(GiB, false, MMOP_ONLINE_MOVABLE));
	run_ok(&fx, "hotadd node=1 size=128M addr=5G\n");
	ck_assert_ptr_eq(block(fx.m, 40)->zone, test_zone(fx.m, 1, ZONE_MOVABLE));
	run_ok(&fx, "sysfs path=devices/system/memory/auto_online_blocks value=online\n"
		    "hotadd node=1 size=128M addr=0x150000000\n");
	ck_assert_ptr_eq(block(fx.m, 42)->zone, test_zone(fx.m, 1, ZONE_NORMAL));
	tree = show_text(sysfs_memory_tree, fx.m);
	ck_assert_ptr_nonnull(strstr(tree, "memory/auto_online_blocks:online\n"));
	ck_assert_ptr_nonnull(strstr(tree, "memory/memory42/state:online\n"));
	free(tree);
	fx_release(&fx);
}
END_TEST

/* ---- hot-remove ---- */

/*
 * try_remove_memory(): every block of the range must be offline.  Expect
 * -EBUSY counted (ENGINE_OK, the blocks and the DIMM stay) while block 40
 * is online; the offline block 41 alone goes.
 */
START_TEST(test_hotremove_refused_while_online)
{
	struct fx fx;

	fx_oracle(&fx);
	run_ok(&fx, "hotadd node=1 size=256M\n"
		    "sysfs path=devices/system/memory/memory40/state value=online_movable\n"
		    "hotremove addr=5G size=256M\n");
	ck_assert_uint_eq(fx.m->hotplug->stats.remove_refused, 1);
	ck_assert_ptr_nonnull(find_memory_block_by_id(fx.m, 41));
	ck_assert(hw_dimm_covers(&fx.m->hw, 5 * GiB, 5 * GiB + 256 * MiB));
	run_ok(&fx, "hotremove addr=0x148000000 size=128M\n");
	ck_assert_ptr_null(find_memory_block_by_id(fx.m, 41));
	ck_assert_ptr_nonnull(find_memory_block_by_id(fx.m, 40));
	ck_assert_uint_eq(fx.m->hotplug->stats.removed, 1);
	fx_release(&fx);
}
END_TEST

/* ---- wrong input ---- */

static const struct {
	const char *body;
	const char *msg;
} bad_inputs[] = {
	{ "sysfs path=devices/system/memory/memory30/state value=online\n",
	  "t.trace:2: devices/system/memory/memory30/state: no memory block 30" },
	{ "sysfs path=devices/system/memory/memory3/state value=up\n",
	  "t.trace:2: bad value 'up' for devices/system/memory/memory3/state (offline, online, "
	  "online_kernel or online_movable)" },
	{ "sysfs path=devices/system/memory/memory03/state value=online\n",
	  "t.trace:2: unknown sysfs file 'devices/system/memory/memory03/state'" },
	{ "sysfs path=devices/system/memory/memory3/valid_zones value=Normal\n",
	  "t.trace:2: devices/system/memory/memory3/valid_zones: not a writable file of a memory "
	  "block (state, online)" },
	{ "sysfs path=devices/system/memory/memory3/online value=maybe\n",
	  "t.trace:2: bad value 'maybe' for devices/system/memory/memory3/online (0 or 1)" },
	{ "sysfs path=devices/system/memory/auto_online_blocks value=yes\n",
	  "t.trace:2: bad value 'yes' for devices/system/memory/auto_online_blocks (offline, online, "
	  "online_kernel or online_movable)" },
	{ "sysfs path=/sys/kernel/debug/notifier-error-inject/memory/actions/MEM_GOING_OFFLINE/error "
	  "value=ENOMEM\n",
	  "t.trace:2: bad value 'ENOMEM' for kernel/debug/notifier-error-inject/memory/actions/"
	  "MEM_GOING_OFFLINE/error (an errno: 0, or -4095 to -1)" },
	{ "sysfs path=kernel/debug/notifier-error-inject/memory/actions/MEM_OFFLINE/error "
	  "value=-12\n",
	  "t.trace:2: unknown sysfs file 'kernel/debug/notifier-error-inject/memory/actions/"
	  "MEM_OFFLINE/error' (the memory notifier's actions are MEM_GOING_ONLINE/error and "
	  "MEM_GOING_OFFLINE/error)" },
	{ "hotadd node=2 size=128M\n", "t.trace:2: node 2 out of range (0..1)" },
	{ "hotadd node=1 size=192M\n",
	  "t.trace:2: size=0xc000000 is not a multiple of the memory block size (0x8000000: "
	  "add_memory() refuses it)" },
	{ "hotadd node=1 size=128M addr=0x144000000\n",
	  "t.trace:2: addr=0x144000000 is not a multiple of the memory block size (0x8000000: "
	  "add_memory() refuses it)" },
	{ "hotadd node=1 size=0\n", "t.trace:2: hotadd: size must not be 0" },
	{ "hotadd node=1 size=128M addr=4G\n",
	  "t.trace:2: hotadd: [0x100000000, 0x108000000) is outside the hotplug region "
	  "[0x140000000, 0x1c0000000)" },
	{ "hotadd node=1 size=4G\n",
	  "t.trace:2: hotadd: no free 0x100000000 bytes left in the hotplug region" },
	{ "hotadd node=0 size=256M\nhotadd node=1 size=128M addr=0x148000000\n",
	  "t.trace:3: hotadd: [0x148000000, 0x150000000) overlaps memory hot-added before "
	  "(add_memory(): -EEXIST)" },
	{ "hotremove addr=4G size=128M\n",
	  "t.trace:2: hotremove: [0x100000000, 0x108000000) is not all hot-added memory" },
	{ "hotadd node=0 size=128M\nhotremove addr=5G size=256M\n",
	  "t.trace:3: hotremove: [0x140000000, 0x150000000) is not all hot-added memory" },
	{ "hotremove addr=5G size=64M\n",
	  "t.trace:2: size=0x4000000 is not a multiple of the memory block size (0x8000000: "
	  "add_memory() refuses it)" },
};

/* Each class of wrong input stops the replay with FILE:LINE: message and changes nothing. */
START_TEST(test_bad_input)
{
	struct fx fx;
	unsigned long managed;

	fx_oracle(&fx);
	managed = test_managed_pages(fx.m);
	expect_bad(&fx, bad_inputs[_i].body, bad_inputs[_i].msg);
	ck_assert_uint_eq(test_managed_pages(fx.m), managed);
	ck_assert_uint_eq(fx.m->hotplug->stats.online_refused + fx.m->hotplug->stats.remove_refused, 0);
	fx_release(&fx);
}
END_TEST

/* Without machine.hotplug there is nowhere to plug a DIMM: an input error. */
START_TEST(test_hotadd_without_region)
{
	struct fx fx;

	fx_boot_machine(&fx, boot_oracle(0, false, MMOP_OFFLINE));
	expect_bad(&fx, "hotadd node=1 size=128M addr=5G\n",
		   "t.trace:2: hotadd: the machine has no hotplug region (machine.hotplug in the config)");
	fx_release(&fx);
}
END_TEST

/* ---- ZONE_MOVABLE at boot ---- */

/*
 * find_zone_movable_pfns_for_nodes() with kernelcore=4K: 1 page over 2
 * nodes gives each a share of 0.  Node 0 lies below Normal: all kernel
 * memory.  Node 1's [2G, 3G) is below Normal too; its [4G, 5G) range is
 * still walked and marks where Movable starts (size 0 from 4G).  Expect
 * node 1's Normal empty and Movable [4G, 5G), node 0 without Movable.
 */
START_TEST(test_kernelcore_share_of_zero_still_walks_ranges)
{
	struct mm_boot_params p;
	struct machine *m;
	struct zone *movable1;

	test_load_config_file("configs/oracle-2node.json", &p);
	p.kernelcore_bytes = 4096;
	m = test_boot_params(&p);
	movable1 = test_zone(m, 1, ZONE_MOVABLE);
	ck_assert_uint_eq(movable1->zone_start_pfn, 4 * GiB >> PAGE_SHIFT);
	ck_assert_uint_eq(movable1->spanned_pages, GiB >> PAGE_SHIFT);
	ck_assert_uint_eq(test_zone(m, 1, ZONE_NORMAL)->spanned_pages, 0);
	ck_assert_uint_eq(test_zone(m, 0, ZONE_MOVABLE)->spanned_pages, 0);
	/* Boot blocks in Movable say so. */
	ck_assert_ptr_eq(block(m, 32)->zone, movable1);
	test_release(m);
}
END_TEST

Suite *memory_hotplug_suite(void);

Suite *memory_hotplug_suite(void)
{
	Suite *s = suite_create("memory_hotplug");
	TCase *tc = tcase_create("memory_hotplug");

	tcase_add_test(tc, test_boot_view_matches_recording);
	tcase_add_test(tc, test_boot_view_larger_blocks);
	tcase_add_test(tc, test_hotadd_creates_offline_blocks);
	tcase_add_test(tc, test_memmap_only_while_added);
	tcase_add_test(tc, test_online_movable);
	tcase_add_test(tc, test_online_kernel_overlaps_spans);
	tcase_add_test(tc, test_online_inherits_intersecting_zone);
	tcase_add_test(tc, test_movable_node);
	tcase_add_test(tc, test_online_twice_is_kernel_answer);
	tcase_add_test(tc, test_allocations_follow_zone_rules);
	tcase_add_test(tc, test_auto_online_blocks);
	tcase_add_test(tc, test_hotremove_refused_while_online);
	tcase_add_loop_test(tc, test_bad_input, 0, TEST_ARRAY_SIZE(bad_inputs));
	tcase_add_test(tc, test_hotadd_without_region);
	tcase_add_test(tc, test_kernelcore_share_of_zero_still_walks_ranges);
	suite_add_tcase(s, tc);
	return s;
}
