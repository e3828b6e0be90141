/*
 * tests/check_memory_offline.c - offlining memory blocks (mm/memory_offline.c,
 * the state file of sim/verbs_hotplug.c, the memory notifier error
 * injector) against the rules of Linux 6.1.
 *
 * Facts the expected values rest on:
 *   - offline_pages(): start_isolate_page_range() with MEMORY_OFFLINE |
 *     REPORT_FAILURE refuses a pageblock holding an unmovable page
 *     (has_unmovable_pages(): an in-use page neither LRU nor movable)
 *     with -EBUSY, and undo leaves the range as it was;
 *   - do_migrate_range(): MR_MEMORY_HOTPLUG, MIGRATE_SYNC, targets from
 *     node_states[N_MEMORY] without the range's node while another node
 *     has memory; mempolicies do not apply;
 *   - __offline_isolated_pages(), adjust_managed_page_count(),
 *     adjust_present_page_count(), remove_pfn_range_from_zone() ->
 *     shrink_zone_span(): managed, present and the span shrink by the
 *     block (a zone left with nothing has span 0);
 *   - memory_notify(MEM_GOING_OFFLINE) / (MEM_GOING_ONLINE): a notifier's
 *     error cancels; notifier-error-inject answers with the errno written
 *     to actions/<ACTION>/error, 0 meaning none;
 *   - try_remove_memory(): an offlined range can be removed.
 *
 * The machine is the reference machine (configs/oracle-2node.json: node 0
 * [0, 2G), node 1 [2G, 3G) + [4G, 5G)) with a 2 GiB hotplug region at 5G:
 * blocks 40-55.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mm/memory_hotplug.h"
#include "mm/migrate_mode.h"
#include "mm/sparse.h"
#include "sim/procfs.h"
#include "tests/verbs_fixture.h"

#define GiB		((uint64_t)1 << 30)
#define BLOCK_PAGES	32768ul		/* 128 MiB */
#define PFN_5G		(5 * GiB >> PAGE_SHIFT)
#define STATE40		"sysfs path=devices/system/memory/memory40/state value="
#define INJECT		"sysfs path=kernel/debug/notifier-error-inject/memory/actions/"
#define FILL_PAGES	16384ul		/* 64M */

static void fx_oracle(struct fx *fx)
{
	struct mm_boot_params p;

	test_load_config_file("configs/oracle-2node.json", &p);
	p.hw.hotplug_bytes = 2 * GiB;
	p.hotplug.default_online_type = MMOP_OFFLINE;
	fx_boot_machine(fx, test_boot_params(&p));
}

static const struct memory_block *block(const struct machine *m, unsigned long id)
{
	const struct memory_block *mem = find_memory_block_by_id(m, id);

	ck_assert_msg(mem != NULL, "no memory block %lu", id);
	return mem;
}

/* zone's free pages, its per-CPU lists drained first (offline_pages() drains them). */
static unsigned long free_of(struct machine *m, struct zone *zone)
{
	drain_all_pages(m, zone);
	return (unsigned long)zone_page_state_snapshot(zone, NR_FREE_PAGES);
}

/*
 * Pages of pid 1's 64M mapping at @fill that lie in [start, end) (nid < 0)
 * or on node nid.
 */
static unsigned long fill_pages(struct fx *fx, pfn_t start, pfn_t end, int nid)
{
	uint64_t addr = addr_of(fx, "fill");
	unsigned long n = 0;

	for (unsigned long i = 0; i < FILL_PAGES; i++) {
		struct page *page = proc_page_at(fx->m, task(fx, 1), addr + i * PAGE_SIZE);
		pfn_t pfn = page_to_pfn(fx->m, page);

		n += nid < 0 ? pfn >= start && pfn < end : page_to_nid(page) == nid;
	}
	return n;
}

static unsigned long fill_pages_in(struct fx *fx, pfn_t start, pfn_t end)
{
	return fill_pages(fx, start, end, -1);
}

static unsigned long fill_pages_on(struct fx *fx, int nid)
{
	return fill_pages(fx, 0, 0, nid);
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

/* Block 40 hot-added on node 1, online_movable, pid 1 bound to node 1 filling 64M of it. */
static void movable_block_under_load(struct fx *fx)
{
	run_ok(fx, "hotadd node=1 size=128M\n"
		   STATE40 "online_movable\n"
		   "spawn pid=1\n"
		   "set_mempolicy pid=1 mode=bind nodes=1\n"
		   "mmap pid=1 len=64M id=fill\n"
		   "touch pid=1 addr=@fill len=64M write\n");
}

/*
 * offline_pages() of ZONE_MOVABLE under load: every page of the filled
 * mapping in the block migrates (MR_MEMORY_HOTPLUG) to node 0, as
 * do_migrate_range()'s nmask leaves node 1 out although the task is bound
 * to it; the mapping keeps its pages.  Then node 1's Movable zone is empty
 * again: managed, present, spanned, free 0, /proc/zoneinfo says so, the
 * block is offline with no zone, its sections offline.
 */
START_TEST(test_offline_movable_under_load)
{
	struct fx fx;
	struct zone *movable1;
	struct test_ev_log *log = calloc(1, sizeof(*log));
	unsigned long in_block, migrated = 0, managed_before, on_node0;
	char *zoneinfo;

	ck_assert_ptr_nonnull(log);
	fx_oracle(&fx);
	movable1 = test_zone(fx.m, 1, ZONE_MOVABLE);
	movable_block_under_load(&fx);
	in_block = fill_pages_in(&fx, PFN_5G, PFN_5G + BLOCK_PAGES);
	ck_assert_uint_gt(in_block, 0);
	managed_before = test_managed_pages(fx.m);
	on_node0 = fill_pages_on(&fx, 0);
	test_ev_attach(fx.m, log, MM_EV_BIT(MM_EV_mm_migrate_pages));
	run_ok(&fx, STATE40 "offline\n");
	for (unsigned int i = 0; i < log->n && i < TEST_EV_MAX; i++) {
		ck_assert_int_eq(log->ev[i].mm_migrate_pages.reason, MR_MEMORY_HOTPLUG);
		migrated += log->ev[i].mm_migrate_pages.succeeded;
	}
	ck_assert_uint_eq(migrated, in_block);
	ck_assert_uint_eq(fill_pages_in(&fx, PFN_5G, PFN_5G + BLOCK_PAGES), 0);
	ck_assert_uint_eq(fill_pages_on(&fx, 0), on_node0 + in_block);
	ck_assert_int_eq(block(fx.m, 40)->state, MEM_OFFLINE);
	ck_assert_ptr_null(block(fx.m, 40)->zone);
	ck_assert_ptr_null(pfn_to_online_page(fx.m, PFN_5G));
	ck_assert_uint_eq(movable1->managed_pages, 0);
	ck_assert_uint_eq(movable1->present_pages, 0);
	ck_assert_uint_eq(movable1->spanned_pages, 0);
	ck_assert_uint_eq(free_of(fx.m, movable1), 0);
	ck_assert_uint_eq(test_managed_pages(fx.m), managed_before - BLOCK_PAGES);
	ck_assert_int_eq(movable1->nr_isolate_pageblock, 0);
	zoneinfo = show_text(procfs_zoneinfo, fx.m);
	ck_assert_ptr_nonnull(strstr(zoneinfo, "Node 1, zone  Movable\n  pages free     0\n"));
	ck_assert_uint_eq(fx.m->hotplug->stats.offline_ok, 1);
	free(zoneinfo);
	free(log);
	fx_release(&fx);
}
END_TEST

/*
 * offline_pages() -> start_isolate_page_range() with MEMORY_OFFLINE:
 * a Normal block (online_kernel) holding a GFP_KERNEL page refuses with
 * -EBUSY, a kernel answer: counted, the replay goes on, the block stays
 * online in Normal, free and managed pages as before, nothing isolated.
 */
START_TEST(test_offline_refused_with_kernel_allocation)
{
	struct fx fx;
	struct zone *normal1;
	struct page *page = NULL;
	unsigned long free_before, managed_before;

	fx_oracle(&fx);
	normal1 = test_zone(fx.m, 1, ZONE_NORMAL);
	run_ok(&fx, "hotadd node=1 size=128M\n" STATE40 "online_kernel\n");
	/* A kernel page in the block: take frames of node 1 until one lands there. */
	for (int i = 0; i < 1 << 20 && !page; i++) {
		struct page *p = alloc_pages_node(fx.m, 1, GFP_KERNEL | __GFP_THISNODE, 0);

		ck_assert_ptr_nonnull(p);
		if (page_to_pfn(fx.m, p) >= PFN_5G)
			page = p;
	}
	ck_assert_ptr_nonnull(page);
	free_before = free_of(fx.m, normal1);
	managed_before = test_managed_pages(fx.m);
	run_ok(&fx, STATE40 "offline\n");
	ck_assert_int_eq(block(fx.m, 40)->state, MEM_ONLINE);
	ck_assert_ptr_eq(block(fx.m, 40)->zone, normal1);
	ck_assert_uint_eq(fx.m->hotplug->stats.offline_refused, 1);
	ck_assert_uint_eq(fx.m->hotplug->stats.offline_ok, 0);
	ck_assert_uint_eq(free_of(fx.m, normal1), free_before);
	ck_assert_uint_eq(test_managed_pages(fx.m), managed_before);
	ck_assert_int_eq(normal1->nr_isolate_pageblock, 0);
	ck_assert_ptr_nonnull(pfn_to_online_page(fx.m, PFN_5G));
	fx_release(&fx);
}
END_TEST

/*
 * online_pages() after offline_pages(): the block comes back with the
 * counts it had (managed, present, span, free), and may be offlined
 * again.  Expect the numbers of the first online after each online.
 */
START_TEST(test_online_offline_online_round_trip)
{
	struct fx fx;
	struct zone *movable1;
	unsigned long managed;

	fx_oracle(&fx);
	movable1 = test_zone(fx.m, 1, ZONE_MOVABLE);
	run_ok(&fx, "hotadd node=1 size=256M\n" STATE40 "online_movable\n");
	managed = test_managed_pages(fx.m);
	for (int round = 0; round < 2; round++) {
		run_ok(&fx, STATE40 "offline\n");
		ck_assert_uint_eq(test_managed_pages(fx.m), managed - BLOCK_PAGES);
		run_ok(&fx, STATE40 "online_movable\n");
		ck_assert_uint_eq(test_managed_pages(fx.m), managed);
		ck_assert_uint_eq(movable1->spanned_pages, BLOCK_PAGES);
		ck_assert_uint_eq(movable1->present_pages, BLOCK_PAGES);
		ck_assert_uint_eq(free_of(fx.m, movable1), BLOCK_PAGES);
		ck_assert_ptr_eq(block(fx.m, 40)->zone, movable1);
	}
	ck_assert_uint_eq(fx.m->hotplug->stats.offline_ok, 2);
	ck_assert_uint_eq(fx.m->hotplug->stats.online_ok, 3);
	fx_release(&fx);
}
END_TEST

/*
 * shrink_zone_span(): offlining the first of two Movable blocks moves
 * the zone's start to the second; offlining the second leaves no span.
 * The node's span (update_pgdat_span()) ends where its Normal zone does.
 */
START_TEST(test_offline_shrinks_spans)
{
	struct fx fx;
	struct zone *movable1;
	pg_data_t *pgdat;

	fx_oracle(&fx);
	movable1 = test_zone(fx.m, 1, ZONE_MOVABLE);
	pgdat = NODE_DATA(fx.m, 1);
	run_ok(&fx, "hotadd node=1 size=256M\n" STATE40 "online_movable\n"
		    "sysfs path=devices/system/memory/memory41/state value=online_movable\n");
	ck_assert_uint_eq(movable1->spanned_pages, 2 * BLOCK_PAGES);
	run_ok(&fx, STATE40 "offline\n");
	ck_assert_uint_eq(movable1->zone_start_pfn, PFN_5G + BLOCK_PAGES);
	ck_assert_uint_eq(movable1->spanned_pages, BLOCK_PAGES);
	ck_assert_uint_eq(pgdat->node_start_pfn + pgdat->node_spanned_pages, PFN_5G + 2 * BLOCK_PAGES);
	run_ok(&fx, "sysfs path=devices/system/memory/memory41/online value=0\n");
	ck_assert_uint_eq(movable1->spanned_pages, 0);
	ck_assert_uint_eq(pgdat->node_start_pfn + pgdat->node_spanned_pages, PFN_5G);
	fx_release(&fx);
}
END_TEST

/*
 * hot-add -> online_movable -> fill -> offline -> hotremove: the filled
 * pages move out, then try_remove_memory() finds the block offline and
 * the DIMM leaves; the mapping still has every page.
 */
START_TEST(test_hotadd_fill_offline_hotremove)
{
	struct fx fx;

	fx_oracle(&fx);
	movable_block_under_load(&fx);
	run_ok(&fx, STATE40 "offline\n"
		    "hotremove addr=5G size=128M\n");
	ck_assert_ptr_null(find_memory_block_by_id(fx.m, 40));
	ck_assert_uint_eq(fx.m->hotplug->stats.removed, 1);
	ck_assert_uint_eq(fx.m->hotplug->stats.remove_refused, 0);
	ck_assert(!hw_dimm_covers(&fx.m->hw, 5 * GiB, 5 * GiB + BLOCK_PAGES * PAGE_SIZE));
	ck_assert_uint_eq(fill_pages_in(&fx, PFN_5G, PFN_5G + BLOCK_PAGES), 0);
	fx_release(&fx);
}
END_TEST

/*
 * memory_notify(MEM_GOING_OFFLINE) answering -ENOMEM (the selftest's
 * error=-12): offline_pages() cancels after isolating, before migrating:
 * nothing migrates, the block stays online with its free pages, counted
 * as a refusal and a notifier refusal.  With 0 written back it offlines.
 */
START_TEST(test_injected_enomem_going_offline)
{
	struct fx fx;
	struct zone *movable1;
	unsigned long free_before, migrated;

	fx_oracle(&fx);
	movable1 = test_zone(fx.m, 1, ZONE_MOVABLE);
	movable_block_under_load(&fx);
	free_before = free_of(fx.m, movable1);
	migrated = fx.m->vm_events[PGMIGRATE_SUCCESS];
	run_ok(&fx, INJECT "MEM_GOING_OFFLINE/error value=-12\n" STATE40 "offline\n");
	ck_assert_int_eq(block(fx.m, 40)->state, MEM_ONLINE);
	ck_assert_uint_eq(fx.m->vm_events[PGMIGRATE_SUCCESS], migrated);
	ck_assert_uint_eq(free_of(fx.m, movable1), free_before);
	ck_assert_int_eq(movable1->nr_isolate_pageblock, 0);
	ck_assert_uint_eq(fx.m->hotplug->stats.offline_refused, 1);
	ck_assert_uint_eq(fx.m->hotplug->stats.notifier_refused, 1);
	ck_assert_int_eq(fx.m->hotplug->inject_going_offline, -ENOMEM);
	run_ok(&fx, INJECT "MEM_GOING_OFFLINE/error value=0\n" STATE40 "offline\n");
	ck_assert_int_eq(block(fx.m, 40)->state, MEM_OFFLINE);
	fx_release(&fx);
}
END_TEST

/*
 * online_pages() -> memory_notify(MEM_GOING_ONLINE) refusing: the range
 * leaves the zone again (remove_pfn_range_from_zone()), the block stays
 * offline, the zone empty.  The injector clamps to [-MAX_ERRNO, 0].
 */
START_TEST(test_injected_error_going_online)
{
	struct fx fx;
	struct zone *movable1;
	unsigned long managed;

	fx_oracle(&fx);
	movable1 = test_zone(fx.m, 1, ZONE_MOVABLE);
	managed = test_managed_pages(fx.m);
	run_ok(&fx, "hotadd node=1 size=128M\n"
		    INJECT "MEM_GOING_ONLINE/error value=-99999\n" STATE40 "online_movable\n");
	ck_assert_int_eq(fx.m->hotplug->inject_going_online, -4095);
	ck_assert_int_eq(block(fx.m, 40)->state, MEM_OFFLINE);
	ck_assert_uint_eq(movable1->spanned_pages, 0);
	ck_assert_uint_eq(test_managed_pages(fx.m), managed);
	ck_assert_uint_eq(fx.m->hotplug->stats.online_refused, 1);
	run_ok(&fx, INJECT "MEM_GOING_ONLINE/error value=0\n" STATE40 "online_movable\n");
	ck_assert_int_eq(block(fx.m, 40)->state, MEM_ONLINE);
	fx_release(&fx);
}
END_TEST

/* Node 0 with 1 GiB and both CPUs, node 1 CPU-only, a 1 GiB hotplug region. */
static void fx_memoryless_node1(struct fx *fx)
{
	struct mm_boot_params p;
	struct hw_machine hw;

	memset(&hw, 0, sizeof(hw));
	hw.nr_nodes = 2;
	hw.node[0].bytes = GiB;
	hw.node[0].nr_cpus = 2;
	hw.node[1].nr_cpus = 1;
	hw.distance[0][0] = hw.distance[1][1] = LOCAL_DISTANCE;
	hw.distance[0][1] = hw.distance[1][0] = 20;
	hw.hotplug_bytes = GiB;
	hw_machine_assign_cpus(&hw);
	mm_boot_params_default(&p, &hw);
	fx_boot_machine(fx, test_boot_params(&p));
}

/*
 * A node losing its last memory: memory hot-added to the CPU-only node 1
 * and onlined starts its kswapd and kcompactd (online_pages() ->
 * kswapd_run(), kcompactd_run()); offlining it leaves node 1 without
 * memory (node_states_check_changes_offline(): status_change_nid), so
 * offline_pages() stops both (kcompactd_stop(), kswapd_stop()), and the
 * two movable pages allocated there migrate (do_migrate_range(): to node
 * 0, the only node with memory left).
 */
START_TEST(test_offline_last_memory_of_node)
{
	struct fx fx;
	pg_data_t *pgdat;
	unsigned long migrated;

	fx_memoryless_node1(&fx);
	pgdat = NODE_DATA(fx.m, 1);
	ck_assert(!node_has_memory(fx.m, 1));
	run_ok(&fx, "hotadd node=1 size=128M addr=1G\n"
		    "sysfs path=devices/system/memory/memory8/state value=online_movable\n"
		    "alloc id=a order=0 gfp=GFP_HIGHUSER_MOVABLE|__GFP_THISNODE node=1\n"
		    "alloc id=b order=0 gfp=GFP_HIGHUSER_MOVABLE|__GFP_THISNODE node=1\n");
	ck_assert(node_has_memory(fx.m, 1));
	ck_assert_ptr_nonnull(pgdat->kswapd.run);
	ck_assert_ptr_nonnull(pgdat->kcompactd.run);
	migrated = fx.m->vm_events[PGMIGRATE_SUCCESS];
	run_ok(&fx, "sysfs path=devices/system/memory/memory8/state value=offline\n");
	ck_assert_int_eq(block(fx.m, 8)->state, MEM_OFFLINE);
	ck_assert_uint_eq(fx.m->vm_events[PGMIGRATE_SUCCESS] - migrated, 2);
	ck_assert(!node_has_memory(fx.m, 1));
	ck_assert_ptr_null(pgdat->kswapd.run);
	ck_assert_ptr_null(pgdat->kcompactd.run);
	ck_assert_uint_eq(pgdat->node_spanned_pages, 0);
	/* Online again: the daemons come back (kswapd_run(), kcompactd_run()). */
	run_ok(&fx, "sysfs path=devices/system/memory/memory8/state value=online_movable\n"
		    "free id=a\nfree id=b\n");
	ck_assert_ptr_nonnull(pgdat->kswapd.run);
	ck_assert_ptr_nonnull(pgdat->kcompactd.run);
	fx_release(&fx);
}
END_TEST

Suite *memory_offline_suite(void);

Suite *memory_offline_suite(void)
{
	Suite *s = suite_create("memory_offline");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_offline_movable_under_load);
	tcase_add_test(tc, test_offline_refused_with_kernel_allocation);
	tcase_add_test(tc, test_online_offline_online_round_trip);
	tcase_add_test(tc, test_offline_shrinks_spans);
	tcase_add_test(tc, test_hotadd_fill_offline_hotremove);
	tcase_add_test(tc, test_injected_enomem_going_offline);
	tcase_add_test(tc, test_injected_error_going_online);
	tcase_add_test(tc, test_offline_last_memory_of_node);
	suite_add_tcase(s, tc);
	return s;
}
