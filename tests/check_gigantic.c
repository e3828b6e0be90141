/*
 * tests/check_gigantic.c - gigantic (1 GiB) hugetlb pages against the
 * rules of Linux 6.1 mm/hugetlb.c and mm/page_alloc.c: the pool of the
 * hugepages-1048576kB hstate grows through alloc_contig_pages() and
 * shrinks through free_contig_range().
 *
 * The machines: three nodes of 1 GiB, so each node spans exactly one
 * 1 GiB-aligned candidate range (node N: [N, N+1) GiB), no DMA zones,
 * nothing reserved, every frame free at boot, per-CPU lists off.  And the
 * reference machine (configs/oracle-2node.json), whose node 1 has no
 * valid candidate (tests/check_contig.c has the analysis).
 *
 * Linux counterpart: mm/hugetlb.c (v6.1): set_max_huge_pages,
 * alloc_pool_huge_page, alloc_fresh_huge_page, alloc_gigantic_page,
 * prep_compound_gigantic_page, update_and_free_page, free_gigantic_page,
 * nr_overcommit_hugepages_store, hugetlb_report_meminfo; mm/page_alloc.c:
 * alloc_contig_pages, pfn_range_valid_contig.
 */
#include <check.h>
#include <stdio.h>

#include "mm/hugetlb.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"
#include "tests/verbs_fixture.h"

#define K_GIG		TEST_K_PLAIN ", \"pcp\": false"
#define GIG_PAGES	(1ul << (PUD_SHIFT - PAGE_SHIFT))
#define GIG_KB		(PUD_SIZE >> 10)
#define NR_USER		4096ul
#define NODE1_GIG	"devices/system/node/node1/hugepages/hugepages-1048576kB/"
#define GLOBAL_GIG	"kernel/mm/hugepages/hugepages-1048576kB/"

static struct machine *boot3(void)
{
	struct machine *m = test_boot_machine(
		"\"nodes\": [{\"mem\": \"1G\", \"cpus\": 1}, {\"mem\": \"1G\", \"cpus\": 1},"
		" {\"mem\": \"1G\", \"cpus\": 1}],"
		" \"distance\": [[10, 20, 20], [20, 10, 20], [20, 20, 10]]", K_GIG);

	test_check(m);
	return m;
}

static unsigned long node_free(struct machine *m, int nid)
{
	unsigned long n = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		n += zone_free_pages(&NODE_DATA(m, nid)->node_zones[z]);
	return n;
}

/* The first frame of node nid's gigantic pool page (the free list's only one). */
static pfn_t gigantic_pfn(struct machine *m, int nid)
{
	struct page *head = page_list_first(m, &m->hstate_gigantic.hugepage_freelists[nid]);

	ck_assert_ptr_nonnull(head);
	return page_to_pfn(m, head);
}

/*
 * A write to node 1's nr_hugepages: set_max_huge_pages(h, 1, 1) ->
 * alloc_pool_huge_page() -> alloc_gigantic_page() -> alloc_contig_pages()
 * with __GFP_THISNODE: node 1's one candidate, 1 GiB-aligned, is taken
 * after the movable pages a task had there migrate away (to node 0 or 2:
 * alloc_migration_target() is not bound to the node).  The page is a
 * compound page of order 18 in the pool's free list, counted on node 1
 * only; HugePages_* show the default hstate and stay 0, Hugetlb: counts
 * 1 GiB (hugetlb_report_meminfo()), and CommitLimit leaves the page out
 * (vm_commit_limit(): (RAM - hugetlb_total_pages()) * 50% without swap,
 * so 512 MiB less).  No htlb_buddy_alloc_* count:
 * alloc_gigantic_page() never goes through alloc_buddy_huge_page().
 */
START_TEST(test_node_write_takes_aligned_range)
{
	struct machine *m = boot3();
	struct task_struct *t = proc_spawn(m, 1);
	uint64_t addr = proc_pages_on(m, t, 1, NR_USER);
	const struct hstate *h = &m->hstate_gigantic;
	unsigned long commit_limit = test_meminfo_kb(m, "CommitLimit:");
	struct page *head;
	pfn_t pfn;

	ck_assert_int_eq(proc_nid_at(m, t, addr), 1);
	ck_assert_int_eq(set_max_huge_pages(m, &m->hstate_gigantic, 1, 1), 0);
	test_check(m);
	ck_assert_uint_eq(h->nr_huge_pages, 1);
	ck_assert_uint_eq(h->free_huge_pages, 1);
	ck_assert_uint_eq(h->nr_huge_pages_node[1], 1);
	ck_assert_uint_eq(h->free_huge_pages_node[1], 1);
	ck_assert_uint_eq(h->nr_huge_pages_node[0] + h->nr_huge_pages_node[2], 0);
	ck_assert_uint_eq(h->max_huge_pages, 1);
	pfn = gigantic_pfn(m, 1);
	ck_assert_uint_eq(pfn, GIG_PAGES);	/* node 1 starts at 1 GiB */
	head = pfn_to_page(m, pfn);
	ck_assert(PageHuge(m, head));
	ck_assert(PageHuge(m, head + GIG_PAGES - 1));
	ck_assert_ptr_eq(compound_head(m, head + GIG_PAGES - 1), head);
	ck_assert_uint_eq(compound_order(head), 18);
	ck_assert_uint_eq(node_free(m, 1), 0);
	for (unsigned long i = 0; i < NR_USER; i++)
		ck_assert_int_ne(proc_nid_at(m, t, addr + i * PAGE_SIZE), 1);
	ck_assert_uint_eq(m->stats.contig_pages_success, 1);
	ck_assert_uint_eq(m->vm_events[PGMIGRATE_SUCCESS], NR_USER);
	ck_assert_uint_eq(m->vm_events[HTLB_BUDDY_ALLOC_SUCCESS] +
			  m->vm_events[HTLB_BUDDY_ALLOC_FAIL], 0);
	ck_assert_uint_eq(test_meminfo_kb(m, "Hugetlb:"), GIG_KB);
	ck_assert_uint_eq(test_meminfo_kb(m, "HugePages_Total:"), 0);
	ck_assert_uint_eq(m->hstate.nr_huge_pages, 0);
	ck_assert_uint_eq(test_meminfo_kb(m, "CommitLimit:"), commit_limit - GIG_KB / 2);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * nr_hugepages=0 frees the pool page: update_and_free_page() ->
 * free_gigantic_page() gives every frame back as an order-0 page
 * (free_contig_range()), so node 1's free count is what it was before
 * and the buddy merges them into MAX_ORDER - 1 blocks again.
 */
START_TEST(test_shrink_gives_frames_back)
{
	struct machine *m = boot3();
	unsigned long free1 = node_free(m, 1);

	ck_assert_uint_eq(free1, GIG_PAGES);
	ck_assert_int_eq(set_max_huge_pages(m, &m->hstate_gigantic, 1, 1), 0);
	ck_assert_uint_eq(node_free(m, 1), 0);
	ck_assert_int_eq(set_max_huge_pages(m, &m->hstate_gigantic, NUMA_NO_NODE, 0), 0);
	test_check(m);
	ck_assert_uint_eq(m->hstate_gigantic.nr_huge_pages, 0);
	ck_assert_uint_eq(m->hstate_gigantic.free_huge_pages_node[1], 0);
	ck_assert_uint_eq(node_free(m, 1), free1);
	ck_assert_uint_eq(NODE_DATA(m, 1)->node_zones[ZONE_NORMAL].free_area[MAX_ORDER - 1].nr_free,
			  GIG_PAGES >> (MAX_ORDER - 1));
	ck_assert_uint_eq(test_meminfo_kb(m, "Hugetlb:"), 0);
	/* The range can be taken again. */
	ck_assert_int_eq(set_max_huge_pages(m, &m->hstate_gigantic, 1, 1), 0);
	ck_assert_uint_eq(m->hstate_gigantic.nr_huge_pages_node[1], 1);
	test_release(m);
}
END_TEST

/*
 * vm-wide writes go round robin (alloc_pool_huge_page() with
 * hstate_next_node_to_alloc(), from first_memory_node).  A kernel page
 * on node 0 makes its range fail in alloc_contig_range() (-EBUSY: an
 * unmovable page, has_unmovable_pages()).  Asking for 3 tries node 0,
 * gets node 1's page, then node 2's; the third page tries node 0 again
 * (and fails again), then nodes 1 and 2, whose only candidates now hold
 * a hugetlb page that pfn_range_valid_contig() skips: the pool stays at
 * 2.  Shrinking to 1 frees from hstate_next_node_to_free(), which starts
 * at node 0 as well: node 0 has no free page, so node 1's goes.
 */
START_TEST(test_global_round_robin)
{
	struct machine *m = boot3();
	const struct hstate *h = &m->hstate_gigantic;
	struct page *kernel_page = __alloc_pages(m, GFP_KERNEL | __GFP_THISNODE, 0, 0, NULL);

	ck_assert_ptr_nonnull(kernel_page);
	ck_assert_int_eq(page_to_nid(kernel_page), 0);
	ck_assert_int_eq(set_max_huge_pages(m, &m->hstate_gigantic, NUMA_NO_NODE, 3), 0);
	test_check(m);
	ck_assert_uint_eq(h->nr_huge_pages, 2);
	ck_assert_uint_eq(h->max_huge_pages, 2);
	ck_assert_uint_eq(h->nr_huge_pages_node[0], 0);
	ck_assert_uint_eq(h->nr_huge_pages_node[1], 1);
	ck_assert_uint_eq(h->nr_huge_pages_node[2], 1);
	ck_assert_uint_eq(gigantic_pfn(m, 2), 2 * GIG_PAGES);
	/* Tries: node 0 (range busy), 1; 2; 0 (busy), 1 and 2 (no candidate). */
	ck_assert_uint_eq(m->stats.contig_pages_success, 2);
	ck_assert_uint_eq(m->stats.contig_pages_fail, 4);
	ck_assert_uint_eq(m->stats.contig_range_fail, 2);
	ck_assert_uint_eq(test_meminfo_kb(m, "Hugetlb:"), 2 * GIG_KB);
	ck_assert_int_eq(set_max_huge_pages(m, &m->hstate_gigantic, NUMA_NO_NODE, 1), 0);
	test_check(m);
	ck_assert_uint_eq(h->nr_huge_pages_node[1], 0);
	ck_assert_uint_eq(h->nr_huge_pages_node[2], 1);
	/* The 2 MiB pool is another hstate: untouched. */
	ck_assert_uint_eq(m->hstate.nr_huge_pages, 0);
	__free_pages(m, kernel_page, 0);
	test_release(m);
}
END_TEST

/*
 * The reference machine asked node 1 for one 1 GiB page and got 0:
 * alloc_contig_pages() finds no candidate pfn_range_valid_contig()
 * accepts, so nothing is isolated or migrated and the pool stays empty.
 * The write itself succeeds (__nr_hugepages_store_common() returns the
 * count written whatever the pool got).
 */
START_TEST(test_oracle_node1_gets_none)
{
	struct mm_boot_params p;
	struct fx fx;

	test_load_config_file("configs/oracle-2node.json", &p);
	fx_boot_machine(&fx, test_boot_params(&p));
	run_ok(&fx, "sysfs path=/sys/" NODE1_GIG "nr_hugepages value=1\n"
		    "sysfs path=" NODE1_GIG "nr_hugepages value=0\n");
	ck_assert_uint_eq(fx.m->hstate_gigantic.nr_huge_pages, 0);
	ck_assert_uint_eq(fx.m->hstate_gigantic.max_huge_pages, 0);
	ck_assert_uint_eq(fx.m->stats.contig_pages_fail, 1);
	ck_assert_uint_eq(fx.m->stats.contig_range_success + fx.m->stats.contig_range_fail, 0);
	ck_assert_uint_eq(fx.m->vm_events[PGMIGRATE_SUCCESS], 0);
	fx_release(&fx);
}
END_TEST

/*
 * The sysfs files: the per-node and the global nr_hugepages of
 * hugepages-1048576kB resize the gigantic pool (nr_hugepages_store());
 * nr_overcommit_hugepages refuses gigantic pages with -EINVAL
 * (nr_overcommit_hugepages_store()), and bad values are input errors
 * that change nothing.
 */
START_TEST(test_sysfs_files)
{
	static const struct { const char *line, *msg; } bad[] = {
		{ "sysfs path=" GLOBAL_GIG "nr_hugepages value=x\n",
		  "bad value 'x' for " GLOBAL_GIG "nr_hugepages: not a number" },
		{ "sysfs path=" NODE1_GIG "nr_hugepages value=-1\n",
		  NODE1_GIG "nr_hugepages -1 out of range (0..18446744073709551615)" },
		{ "sysfs path=" GLOBAL_GIG "nr_overcommit_hugepages value=0\n",
		  GLOBAL_GIG "nr_overcommit_hugepages: gigantic pages cannot be overcommitted "
		  "(the kernel answers EINVAL)" },
		{ "sysfs path=devices/system/node/node3/hugepages/hugepages-1048576kB/nr_hugepages"
		  " value=1\n", "unknown sysfs file 'devices/system/node/node3/hugepages/"
		  "hugepages-1048576kB/nr_hugepages'" },
		{ "sysfs path=" GLOBAL_GIG "free_hugepages value=1\n",
		  "unknown sysfs file '" GLOBAL_GIG "free_hugepages'" },
	};
	struct fx fx;

	fx_boot_machine(&fx, boot3());
	run_ok(&fx, "sysfs path=" NODE1_GIG "nr_hugepages value=1\n");
	ck_assert_uint_eq(fx.m->hstate_gigantic.nr_huge_pages_node[1], 1);
	for (size_t i = 0; i < TEST_ARRAY_SIZE(bad); i++) {
		char msg[300];

		snprintf(msg, sizeof(msg), "t.trace:2: %s", bad[i].msg);
		expect_bad(&fx, bad[i].line, msg);
		ck_assert_uint_eq(fx.m->hstate_gigantic.nr_huge_pages, 1);
		ck_assert_uint_eq(fx.m->hstate_gigantic.nr_overcommit_huge_pages, 0);
	}
	run_ok(&fx, "sysfs path=" GLOBAL_GIG "nr_hugepages value=0\n");
	ck_assert_uint_eq(fx.m->hstate_gigantic.nr_huge_pages, 0);
	fx_release(&fx);
}
END_TEST

Suite *gigantic_suite(void);

Suite *gigantic_suite(void)
{
	Suite *s = suite_create("gigantic");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_node_write_takes_aligned_range);
	tcase_add_test(tc, test_shrink_gives_frames_back);
	tcase_add_test(tc, test_global_round_robin);
	tcase_add_test(tc, test_oracle_node1_gets_none);
	tcase_add_test(tc, test_sysfs_files);
	suite_add_tcase(s, tc);
	return s;
}
