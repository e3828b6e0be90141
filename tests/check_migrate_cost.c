/*
 * tests/check_migrate_cost.c - the migration cost model (hw/migrate_cost.c)
 * and its configuration (machine.migration_cost).
 *
 * What the model must reproduce: the published single-threaded
 * move_pages() throughput between two sockets (3.31 GB/s moving 4 KiB
 * folios, 11.02 GB/s moving 2 MiB folios: one mapping, one CPU, so no
 * IPI), at the default machine's remote distance; a copy whose bandwidth
 * falls with the SLIT distance; and a TLB shootdown that costs an IPI per
 * other CPU that ran the mm (flush_tlb_page() -> flush_tlb_mm_range()
 * sends one to every CPU of mm_cpumask() but the local one).  And that
 * migrate_pages() charges it: the clock advances by the cost of each
 * folio moved, one flush per migration entry (6.1's try_to_migrate_one()
 * flushes each entry it installs: ptep_clear_flush()).
 *
 * No kernel counterpart: tests.
 */
#include <check.h>

#include "hw/machine.h"
#include "hw/migrate_cost.h"
#include "mm/huge_mm.h"
#include "mm/internal.h"
#include "mm/migrate.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"

#define SZ_4K	((uint64_t)4096)
#define SZ_2M	((uint64_t)2 << 20)

static struct hw_migrate_cost default_cost(struct hw_machine *hw)
{
	hw_machine_default(hw);
	return hw->migrate_cost;
}

/* bytes per ns x 1000 = MB/s: the throughput of moving one folio. */
static uint64_t throughput_mbps(const struct hw_migrate_cost *c, uint64_t bytes)
{
	struct hw_migrate_folio f = { .src_nid = 0, .dst_nid = 1, .bytes = bytes, .nr_mappings = 1 };

	return bytes * 1000 / hw_migrate_cost_ns(c, &f);
}

/* The calibration: within 0.5% of the published figures, both sizes. */
START_TEST(test_calibrated_to_move_pages)
{
	struct hw_machine hw;
	struct hw_migrate_cost c = default_cost(&hw);
	uint64_t small = throughput_mbps(&c, SZ_4K), huge = throughput_mbps(&c, SZ_2M);

	ck_assert_msg(small * 1000 >= 3310 * 995 && small * 1000 <= 3310 * 1005,
		      "4 KiB folios: %llu MB/s", (unsigned long long)small);
	ck_assert_msg(huge * 1000 >= 11020 * 995 && huge * 1000 <= 11020 * 1005,
		      "2 MiB folios: %llu MB/s", (unsigned long long)huge);
}
END_TEST

/* The copy slows with distance: twice the distance, twice the copy time. */
START_TEST(test_copy_scales_with_distance)
{
	struct hw_machine hw;
	struct hw_migrate_cost c;
	struct hw_migrate_folio near = { .src_nid = 0, .dst_nid = 1, .bytes = SZ_2M };
	struct hw_migrate_folio far = { .src_nid = 0, .dst_nid = 2, .bytes = SZ_2M };
	struct hw_migrate_folio local = { .src_nid = 0, .dst_nid = 0, .bytes = SZ_2M };
	uint64_t fixed, t_near, t_far, t_local;

	hw_machine_default(&hw);
	hw.nr_nodes = 3;
	hw.distance[0][2] = hw.distance[2][0] = 40;
	hw_migrate_cost_default(&c, &hw, MIGRATE_COPY_MBPS_AT_20);
	fixed = c.isolate_ns;
	t_near = hw_migrate_cost_ns(&c, &near) - fixed;
	t_far = hw_migrate_cost_ns(&c, &far) - fixed;
	t_local = hw_migrate_cost_ns(&c, &local) - fixed;
	/* within 0.1%: bandwidths are whole MB/s */
	ck_assert_uint_ge(t_far * 1000, 2 * t_near * 999);
	ck_assert_uint_le(t_far * 1000, 2 * t_near * 1001);
	ck_assert_uint_ge(2 * t_local * 1001, t_near * 1000);
	ck_assert_uint_le(2 * t_local * 999, t_near * 1000);
}
END_TEST

/* Each mapping pays unmap, flush and remap; each other CPU of its mm an IPI. */
START_TEST(test_mappings_and_ipis)
{
	struct hw_machine hw;
	struct hw_migrate_cost c = default_cost(&hw);
	struct hw_migrate_folio one = { .src_nid = 0, .dst_nid = 1, .bytes = SZ_4K,
					.nr_mappings = 1 };
	struct hw_migrate_folio two = one, ipis = one;

	two.nr_mappings = 2;
	ipis.nr_ipi_cpus = 3;
	ck_assert_uint_eq(hw_migrate_cost_ns(&c, &two) - hw_migrate_cost_ns(&c, &one),
			  c.unmap_ns + c.tlb_flush_ns + c.remap_ns);
	ck_assert_uint_eq(hw_migrate_cost_ns(&c, &ipis) - hw_migrate_cost_ns(&c, &one),
			  3 * c.tlb_ipi_ns);
}
END_TEST

/* machine.migration_cost: one bandwidth scaled by distance, or a matrix; the fixed costs. */
START_TEST(test_config_overrides)
{
	struct mm_boot_params p;

	test_load_config("{\"machine\": {\"distance\": [[10, 40], [40, 10]], "
			 "\"migration_cost\": {\"copy_mbps\": 8000, \"tlb_ipi_ns\": 900}}}", &p);
	ck_assert_uint_eq(p.hw.migrate_cost.copy_mbps[0][1], 4000);
	ck_assert_uint_eq(p.hw.migrate_cost.copy_mbps[1][1], 16000);
	ck_assert_uint_eq(p.hw.migrate_cost.tlb_ipi_ns, 900);
	ck_assert_uint_eq(p.hw.migrate_cost.unmap_ns, MIGRATE_UNMAP_NS);
	test_load_config("{\"machine\": {\"migration_cost\": "
			 "{\"copy_mbps\": [[20000, 7000], [6000, 21000]]}}}", &p);
	ck_assert_uint_eq(p.hw.migrate_cost.copy_mbps[0][1], 7000);
	ck_assert_uint_eq(p.hw.migrate_cost.copy_mbps[1][0], 6000);
	test_load_config("{}", &p);
	ck_assert_uint_eq(p.hw.migrate_cost.copy_mbps[0][1], MIGRATE_COPY_MBPS_AT_20);
}
END_TEST

/* ---- the clock: what migrate_pages() charges ---- */

#define K_MIGRATE	TEST_K_BASE ", \"reserved\": \"0\", \"pcp\": false, " \
			"\"min_free_kbytes\": 0, \"transparent_hugepage\": \"always\""

static const struct migration_target_control to_node1 = {
	.nid = 1, .gfp_mask = GFP_HIGHUSER_MOVABLE | __GFP_THISNODE,
};

/* Move the folio of page to node 1; expect success and the clock advanced by want. */
static void expect_charged(struct machine *m, struct page *page, const struct hw_migrate_folio *want)
{
	uint64_t clock = m->clock_ns, folios = m->migrate_time.folios;
	uint64_t bytes = m->migrate_time.bytes, time_ns = m->migrate_time.time_ns;
	uint64_t ns = hw_migrate_cost_ns(&m->hw.migrate_cost, want);
	struct page_list list;
	unsigned int done = 0;

	page_list_init(&list);
	ck_assert(isolate_folio_to_list(m, page, &list));
	ck_assert_int_eq(migrate_pages(m, &list, alloc_migration_target, NULL,
				       (unsigned long)&to_node1, MIGRATE_SYNC, MR_SYSCALL, &done), 0);
	ck_assert_uint_eq(done, want->bytes / PAGE_SIZE);
	ck_assert_uint_eq(m->clock_ns - clock, ns);
	ck_assert_uint_eq(m->migrate_time.folios - folios, 1);
	ck_assert_uint_eq(m->migrate_time.bytes - bytes, want->bytes);
	ck_assert_uint_eq(m->migrate_time.time_ns - time_ns, ns);
	test_check(m);
}

/* A page mapped once, by a task on the migrating CPU: no IPI. */
START_TEST(test_clock_one_mapping)
{
	struct machine *m = test_boot_node_pair("16M", "16M", K_MIGRATE);
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon(m, t, PAGE_SIZE);
	struct hw_migrate_folio want = { .src_nid = 0, .dst_nid = 1, .bytes = PAGE_SIZE,
					 .nr_mappings = 1 };

	proc_touch(m, t, addr, PAGE_SIZE, true);
	m->current_cpu = t->cpu;
	expect_charged(m, proc_page_at(m, t, addr), &want);
	task_exit(m, t);
	test_release(m);
}
END_TEST

/* The task runs on another CPU than the migration: its flush needs an IPI. */
START_TEST(test_clock_remote_cpu_ipi)
{
	struct machine *m = test_boot_node_pair("16M", "16M", K_MIGRATE);
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon(m, t, PAGE_SIZE);
	struct hw_migrate_folio want = { .src_nid = 0, .dst_nid = 1, .bytes = PAGE_SIZE,
					 .nr_mappings = 1, .nr_ipi_cpus = 1 };

	proc_touch(m, t, addr, PAGE_SIZE, true);
	m->current_cpu = t->cpu == 0 ? 1 : 0;
	expect_charged(m, proc_page_at(m, t, addr), &want);
	task_exit(m, t);
	test_release(m);
}
END_TEST

/* A page shared after fork has two migration entries: two unmaps, flushes, remaps. */
START_TEST(test_clock_shared_page)
{
	struct machine *m = test_boot_node_pair("16M", "16M", K_MIGRATE);
	struct task_struct *t = proc_spawn(m, 1), *c;
	uint64_t addr = proc_mmap_anon(m, t, PAGE_SIZE);
	struct hw_migrate_folio want = { .src_nid = 0, .dst_nid = 1, .bytes = PAGE_SIZE,
					 .nr_mappings = 2 };

	proc_touch(m, t, addr, PAGE_SIZE, true);
	ck_assert_int_eq(task_fork(m, t, 2, &c), 0);
	m->current_cpu = t->cpu;
	expect_charged(m, proc_page_at(m, t, addr), &want);
	ck_assert_ptr_eq(proc_page_at(m, c, addr), proc_page_at(m, t, addr));
	task_exit(m, c);
	task_exit(m, t);
	test_release(m);
}
END_TEST

/* A THP moves whole: 2 MiB copied, one PMD entry. */
START_TEST(test_clock_thp)
{
	struct machine *m = test_boot_node_pair("16M", "16M", K_MIGRATE);
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_mmap_anon_at(m, t, 0x200000000ull, HPAGE_PMD_SIZE, 0);
	struct hw_migrate_folio want = { .src_nid = 0, .dst_nid = 1, .bytes = HPAGE_PMD_SIZE,
					 .nr_mappings = 1 };

	proc_touch(m, t, addr, PAGE_SIZE, true);
	ck_assert(PageTransHuge(compound_head(m, proc_page_at(m, t, addr))));
	m->current_cpu = t->cpu;
	expect_charged(m, proc_page_at(m, t, addr), &want);
	task_exit(m, t);
	test_release(m);
}
END_TEST

Suite *migrate_cost_suite(void);

Suite *migrate_cost_suite(void)
{
	Suite *s = suite_create("migrate_cost");
	TCase *tc = tcase_create("model");

	tcase_add_test(tc, test_calibrated_to_move_pages);
	tcase_add_test(tc, test_copy_scales_with_distance);
	tcase_add_test(tc, test_mappings_and_ipis);
	tcase_add_test(tc, test_config_overrides);
	suite_add_tcase(s, tc);
	tc = tcase_create("clock");
	tcase_add_test(tc, test_clock_one_mapping);
	tcase_add_test(tc, test_clock_remote_cpu_ipi);
	tcase_add_test(tc, test_clock_shared_page);
	tcase_add_test(tc, test_clock_thp);
	suite_add_tcase(s, tc);
	return s;
}
