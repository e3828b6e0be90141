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
 * sends one to every CPU of mm_cpumask() but the local one).
 *
 * No kernel counterpart: tests.
 */
#include <check.h>

#include "hw/machine.h"
#include "hw/migrate_cost.h"
#include "tests/helpers.h"

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
	return s;
}
