/*
 * tests/check_verbs_numa.c - the NUMA migration verbs (sim/verbs_numa.c):
 * migrate_pages, move_pages and cpuset, their named calls in the family's
 * state and in results.json, and their input errors.
 *
 * Each test replays a small in-memory trace "t.trace" through
 * engine_replay() with the checkers on after every event
 * (tests/verbs_fixture.h).  What the calls do page by page is tested on
 * mm/ directly (check_migrate_syscalls.c, check_move_pages.c,
 * check_cpuset.c); here, that the verbs reach it.
 *
 * Linux counterpart: migrate_pages(2), move_pages(2), the cpuset files
 * cpuset.mems and cpuset.memory_migrate.
 */
#include <check.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/vmstat.h"
#include "mm/vmstat_counters.h"
#include "sim/engine.h"
#include "sim/verbs.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"
#include "tests/verbs_fixture.h"


/* The named call id of the verb (move_pages or not) in the family's state. */
static const struct numa_call *numa_call_of(struct fx *fx, bool move_pages, const char *id)
{
	size_t nr;
	const struct numa_call *c = numa_calls(&fx->e, &nr);

	for (size_t i = 0; i < nr; i++)
		if (c[i].move_pages == move_pages && !strcmp(c[i].id, id))
			return &c[i];
	ck_abort_msg("no %s call '%s'", move_pages ? "move_pages" : "migrate_pages", id);
	return NULL;
}

/*
 * The verbs reach mm/ and the named calls keep what they returned: four
 * pages written on node 0 all go to node 1 (migrate_pages, 0 not moved);
 * the first two come back (move_pages node=0: status 0 each); the query
 * of three pages from the third finds two on node 1 and, past the
 * mapping, no VMA (-EFAULT).  Linux: kernel_migrate_pages(),
 * do_pages_move(), do_pages_stat().
 */
START_TEST(test_numa_verbs_move)
{
	const struct numa_call *c;
	struct fx fx;
	uint64_t b;

	fx_boot_machine(&fx, test_boot_node_pair("16M", "16M", K_PLAIN));
	run_ok(&fx, "spawn pid=1 cpu=0\n"
		    "mmap pid=1 addr=0x10000000 len=16K noreplace id=b\n"
		    "touch pid=1 addr=@b len=16K write\n"
		    "migrate_pages pid=1 from=0 to=1 all id=mp\n"
		    "move_pages pid=1 addr=@b len=8K node=0 id=back\n"
		    "move_pages pid=1 addr=@b+0x2000 len=12K id=where\n");
	b = addr_of(&fx, "b");
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(page_to_nid(page_at(&fx, 1, b + (uint64_t)i * PAGE_SIZE)), i < 2 ? 0 : 1);
	c = numa_call_of(&fx, false, "mp");
	ck_assert_int_eq(c->ret, 0);
	ck_assert(c->all);
	ck_assert_uint_eq(c->from.bits, 1);
	ck_assert_uint_eq(c->to.bits, 2);
	c = numa_call_of(&fx, true, "back");
	ck_assert_uint_eq(c->nr_pages, 2);
	ck_assert_int_eq(c->node, 0);
	ck_assert_uint_eq(c->on_node[0], 2);
	ck_assert_uint_eq(c->unset, 0);
	c = numa_call_of(&fx, true, "where");
	ck_assert_uint_eq(c->nr_pages, 3);
	ck_assert_int_eq(c->node, NUMA_NO_NODE);
	ck_assert_uint_eq(c->on_node[1], 2);
	ck_assert_uint_eq(c->errors[NUMA_STATUS_EFAULT], 1);
	ck_assert_uint_eq(fx.m->vm_events[PGMIGRATE_SUCCESS], 6);
	fx_release(&fx);
}
END_TEST

/*
 * cpuset pid=1 mems=1 migrate: the task's pages follow to node 1 and its
 * later pages come from node 1 though it runs on node 0; a raw alloc of
 * the trace is no task's and may still use node 0.  Linux:
 * cpuset_attach(), cpuset_migrate_mm(), prepare_alloc_pages().
 */
START_TEST(test_numa_verbs_cpuset)
{
	struct test_ev_log *log = calloc(1, sizeof(*log));
	struct fx fx;
	uint64_t b;

	ck_assert_ptr_nonnull(log);
	fx_boot_machine(&fx, test_boot_node_pair("16M", "16M", K_PLAIN));
	run_ok(&fx, "spawn pid=1 cpu=0\n"
		    "mmap pid=1 addr=0x10000000 len=16K noreplace id=b\n"
		    "touch pid=1 addr=@b len=8K write\n"
		    "cpuset pid=1 mems=1 migrate\n"
		    "touch pid=1 addr=@b+0x2000 len=8K write\n");
	b = addr_of(&fx, "b");
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(page_to_nid(page_at(&fx, 1, b + (uint64_t)i * PAGE_SIZE)), 1);
	ck_assert_uint_eq(fx.m->vm_events[PGMIGRATE_SUCCESS], 2);
	test_ev_attach(fx.m, log, MM_EV_BIT(MM_EV_mm_page_alloc));
	run_ok(&fx, "alloc id=k order=0 gfp=GFP_HIGHUSER_MOVABLE cpu=0\n");
	ck_assert_uint_eq(log->n, 1);
	ck_assert_int_eq(page_to_nid(pfn_to_page(fx.m, log->ev[0].mm_page_alloc.pfn)), 0);
	fx_release(&fx);
	free(log);
}
END_TEST

/*
 * Each verb's refusals, on nodes 0 and 1 of 16 MiB and a node 2 without
 * memory, one case after the other (a refused line changes nothing; the
 * lines before it in a case set up what it needs).
 * The calls' errnos: migrate_pages EPERM (to= outside the task's cpuset
 * without CAP_SYS_NICE) and EINVAL (no node of to= left), move_pages
 * ENODEV and EACCES, cpuset EINVAL, mbind EIO (strict).
 * Linux: kernel_migrate_pages(), kernel_move_pages(), update_nodemask(),
 * do_mbind().
 */
START_TEST(test_numa_verbs_errors)
{
	static const struct {
		const char *line, *msg;
	} cases[] = {
		{ "migrate_pages pid=1 from=0 to=2\n",
		  "migrate_pages: EPERM: to=2 is not within the task's cpuset (mems 0-1), and a caller "
		  "without CAP_SYS_NICE (no 'all') may not go outside it" },
		{ "migrate_pages pid=1 from=0 to=2 all\n",
		  "migrate_pages: EINVAL: no node of to=2 has memory in the task's cpuset (mems 0-1)" },
		{ "migrate_pages pid=1 from=0 to=3\n", "node 3 does not exist (the machine has nodes 0-2)" },
		{ "migrate_pages pid=1 to=1\n", "missing key 'from' for migrate_pages" },
		{ "migrate_pages pid=1 from=0 to=1 id=a/b\n",
		  "bad id 'a/b': an id is 1 to 64 letters, digits, '.', '_' or '-'" },
		{ "migrate_pages pid=7 from=0 to=1\n", "unknown pid 7" },
		{ "move_pages pid=1 addr=@b len=4K node=2\n", "move_pages: ENODEV: node 2 has no memory" },
		{ "move_pages pid=1 addr=@b len=0 node=1\n",
		  "len 0: the range must hold at least one byte" },
		{ "move_pages pid=1 addr=@b len=4K all\n", "all needs node= (the query form moves nothing)" },
		{ "move_pages pid=1 addr=@b node=1\n", "missing key 'len' for move_pages" },
		{ "move_pages pid=1 addr=@b len=4K node=1 id=q\nmove_pages pid=1 addr=@b len=4K id=q\n",
		  "move_pages id 'q' names an earlier call" },
		{ "cpuset pid=1 mems=2\n", "cpuset: EINVAL: mems=2 holds a node without memory" },
		{ "cpuset pid=1 mems=0 migrated\n", "unknown flag 'migrated' for cpuset" },
		{ "cpuset pid=1\n", "missing key 'mems' for cpuset" },
		{ "mbind pid=1 addr=@b+0x1000 len=4K mode=bind nodes=1 strict\n",
		  "mbind: EIO: a page of the range is on no node of nodes=1 (strict, without move: the "
		  "policy is not set)" },
		{ "pin id=p pid=1 addr=@b+0x2000\nmbind pid=1 addr=@b+0x2000 len=4K mode=bind nodes=1 move strict\n",
		  "mbind: EIO: a page of the range on no node of nodes=1 could not be moved (strict; the "
		  "policy is set, the other pages moved)" },
		{ "cpuset pid=1 mems=0\nmove_pages pid=1 addr=@b len=4K node=1\n",
		  "move_pages: EACCES: node 1 is outside the task's cpuset (mems 0)" },
		{ "migrate_pages pid=1 from=0 to=1\n",
		  "migrate_pages: EPERM: to=1 is not within the task's cpuset (mems 0), and a caller "
		  "without CAP_SYS_NICE (no 'all') may not go outside it" },
	};
	struct fx fx;

	fx_boot_machine(&fx, test_boot_machine("\"nodes\": [{\"mem\": \"16M\", \"cpus\": 1},"
					       " {\"mem\": \"16M\", \"cpus\": 1},"
					       " {\"mem\": \"0\", \"cpus\": 1}]", K_PLAIN));
	run_ok(&fx, "spawn pid=1 cpu=0\n"
		    "mmap pid=1 addr=0x10000000 len=16K noreplace id=b\n"
		    "touch pid=1 addr=@b len=16K write\n");
	for (size_t i = 0; i < TEST_ARRAY_SIZE(cases); i++) {
		char msg[320];
		int line = 2 + (strchr(cases[i].line, '\n') != strrchr(cases[i].line, '\n'));

		snprintf(msg, sizeof(msg), "t.trace:%d: %s", line, cases[i].msg);
		expect_bad(&fx, cases[i].line, msg);
	}
	fx_release(&fx);
}
END_TEST

/*
 * A destination node without a free page: migrate_pages() has no target
 * for a small page and returns -ENOMEM, which both calls return (what
 * moved before stays moved).  Node 1 is filled by four order-10 blocks
 * (16 MiB, no watermark reserve).  Linux: migrate_pages(),
 * do_migrate_pages(), move_pages_and_store_status().
 */
START_TEST(test_numa_verbs_enomem)
{
	struct fx fx;

	fx_boot_machine(&fx, test_boot_node_pair("16M", "16M", TEST_K_BASE ", \"reserved\": \"0\","
						 " \"pcp\": false, \"min_free_kbytes\": 0,"
						 " \"transparent_hugepage\": \"never\""));
	run_ok(&fx, "spawn pid=1 cpu=0\n"
		    "mmap pid=1 addr=0x10000000 len=8K noreplace id=b\n"
		    "touch pid=1 addr=@b len=8K write\n"
		    "alloc id=f1 order=10 gfp=GFP_HIGHUSER_MOVABLE|__GFP_THISNODE node=1\n"
		    "alloc id=f2 order=10 gfp=GFP_HIGHUSER_MOVABLE|__GFP_THISNODE node=1\n"
		    "alloc id=f3 order=10 gfp=GFP_HIGHUSER_MOVABLE|__GFP_THISNODE node=1\n"
		    "alloc id=f4 order=10 gfp=GFP_HIGHUSER_MOVABLE|__GFP_THISNODE node=1\n");
	expect_bad(&fx, "move_pages pid=1 addr=@b len=8K node=1\n",
		   "t.trace:2: move_pages: ENOMEM: node 1 has no free page for the pages to move");
	expect_bad(&fx, "migrate_pages pid=1 from=0 to=1 all\n",
		   "t.trace:2: migrate_pages: ENOMEM: a destination node ran out of free pages");
	ck_assert_int_eq(page_to_nid(page_at(&fx, 1, addr_of(&fx, "b"))), 0);
	fx_release(&fx);
}
END_TEST

/*
 * results.json keeps each named call: migrate_pages's masks and return;
 * move_pages's entries, target, return and the count of each status.  A
 * run holding a pinned page does not migrate whole: the call returns the
 * page not moved and stores no status for the run ("unset").
 * Linux: do_pages_move(), move_pages_and_store_status().
 */
START_TEST(test_numa_verbs_results_json)
{
	char out[4096], err[1024], dir[128];
	json_t *root, *mp, *q, *u, *st;
	int status;

	test_scratch_dir(dir, sizeof(dir), "verbs-numa");
	test_sh_at(dir, "printf '%%s' '{\"machine\": {\"nodes\": [{\"mem\": \"64M\", \"cpus\": 1},"
		   " {\"mem\": \"64M\", \"cpus\": 1}]}, \"kernel\": {\"transparent_hugepage\":"
		   " \"never\"}}' > @/m.json");
	test_sh_at(dir, "printf 'numasim-trace v1\\nspawn pid=1 cpu=0\\n"
		   "mmap pid=1 addr=0x10000000 len=8K noreplace\\n"
		   "touch pid=1 addr=0x10000000 len=8K write\\n"
		   "migrate_pages pid=1 from=0 to=1 all id=mp\\n"
		   "move_pages pid=1 addr=0x10000000 len=12K node=1 id=q\\n"
		   "pin id=p pid=1 addr=0x10000000\\n"
		   "move_pages pid=1 addr=0x10000000 len=8K node=0 id=u\\n' > @/t.trace");
	status = test_numasim_at(dir, out, sizeof(out), err, sizeof(err),
				 "run -c @/m.json -o @/out @/t.trace");
	ck_assert_msg(status == 0, "status %d: %s", status, err);
	root = json_load_file(test_path_in(dir, "out/results.json"), 0, NULL);
	ck_assert_ptr_nonnull(root);
	mp = json_object_get(json_object_get(root, "migrate_pages"), "mp");
	ck_assert_str_eq(json_string_value(json_object_get(mp, "from")), "0");
	ck_assert_str_eq(json_string_value(json_object_get(mp, "to")), "1");
	ck_assert(json_is_true(json_object_get(mp, "all")));
	ck_assert_int_eq(json_integer_value(json_object_get(mp, "return")), 0);
	q = json_object_get(json_object_get(root, "move_pages"), "q");
	ck_assert_int_eq(json_integer_value(json_object_get(q, "pages")), 3);
	ck_assert_int_eq(json_integer_value(json_object_get(q, "node")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(q, "return")), 0);
	st = json_object_get(q, "status");
	ck_assert_uint_eq(json_object_size(st), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(st, "1")), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(st, "-EFAULT")), 1);
	u = json_object_get(json_object_get(root, "move_pages"), "u");
	ck_assert_int_eq(json_integer_value(json_object_get(u, "return")), 1);
	st = json_object_get(u, "status");
	ck_assert_uint_eq(json_object_size(st), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(st, "unset")), 2);
	json_decref(root);
	test_remove_dir(dir);
}
END_TEST

Suite *verbs_numa_suite(void);	/* called by the runner through suites.h */
Suite *verbs_numa_suite(void)
{
	Suite *s = suite_create("verbs_numa");
	TCase *tc;

	tc = tcase_create("numa");
	tcase_add_test(tc, test_numa_verbs_move);
	tcase_add_test(tc, test_numa_verbs_cpuset);
	tcase_add_test(tc, test_numa_verbs_errors);
	tcase_add_test(tc, test_numa_verbs_enomem);
	tcase_add_test(tc, test_numa_verbs_results_json);
	suite_add_tcase(s, tc);

	return s;
}
