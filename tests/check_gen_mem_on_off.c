/*
 * tests/check_gen_mem_on_off.c - `numasim gen mem-on-off`: the memory
 * hotplug selftest (tools/testing/selftests/memory-hotplug/
 * mem-on-off-test.sh, 6.1) as a trace (workloads/gen_mem_on_off.c), and
 * its command line.
 *
 * The expected trace follows the script: offline blocks are onlined
 * first; target = ratio% of the blocks rounded up (its bc expression
 * "a=n*ratio; if (a%100) a/100+1 else a/100"); the error injection half
 * writes MEM_GOING_OFFLINE/error 0, offlines, arms MEM_GOING_ONLINE,
 * onlines (expected to fail), disarms it, onlines, arms MEM_GOING_OFFLINE,
 * offlines (expected to fail), disarms it.  Its checks (-4095 <= errno < 0,
 * 0 <= ratio <= 100) are the generator's.
 *
 * The replay runs the trace on the reference machine with every checker
 * after every event: the kernel's rules (offline_pages(), online_pages(),
 * memory_notify()) say that every offline tried while MEM_GOING_OFFLINE
 * answers the error fails and every block ends online.
 *
 * No kernel counterpart: tests.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/memory_hotplug.h"
#include "sim/engine.h"
#include "tests/helpers.h"
#include "workloads/gen_mem_on_off.h"

#define INJECT	"sysfs path=kernel/debug/notifier-error-inject/memory/actions/"

/* The script's bc arithmetic: ratio% of n, rounded up. */
START_TEST(test_target_rule)
{
	ck_assert_uint_eq(gen_mem_on_off_target(32, 2), 1);
	ck_assert_uint_eq(gen_mem_on_off_target(32, 10), 4);
	ck_assert_uint_eq(gen_mem_on_off_target(100, 10), 10);
	ck_assert_uint_eq(gen_mem_on_off_target(32, 0), 0);
	ck_assert_uint_eq(gen_mem_on_off_target(32, 100), 32);
}
END_TEST

static unsigned int count(const char *text, const char *needle)
{
	unsigned int n = 0;

	for (const char *at = strstr(text, needle); at; at = strstr(at + 1, needle))
		n++;
	return n;
}

/*
 * The script's order: the offline block online first; ratio 100 offlines
 * and onlines every block; the injection lines in the script's order.
 */
START_TEST(test_trace_follows_script)
{
	struct gen_mem_on_off_params *p = malloc(sizeof(*p));
	const uint32_t ids[] = { 0, 1, 10, 2 };
	char *text;
	const char *a, *b, *c, *d;

	ck_assert_ptr_nonnull(p);
	gen_mem_on_off_default_params(p);
	p->ratio = 100;
	p->nr_blocks = 4;
	for (int i = 0; i < 4; i++) {
		p->block_ids[i] = ids[i];
		p->online[i] = ids[i] != 10;
	}
	ck_assert_ptr_null(gen_mem_on_off_check(p));
	text = test_gen_text(gen_mem_on_off_writer, p);
	ck_assert_ptr_nonnull(strstr(text, "\nsysfs path=devices/system/memory/memory10/state "
					   "value=online\n# offline 4 of 4"));
	ck_assert_ptr_nonnull(strstr(text, "value=offline\nsysfs path=devices/system/memory/"
					   "memory1/state value=offline\n"));
	a = strstr(text, INJECT "MEM_GOING_OFFLINE/error value=0\n");
	b = strstr(text, INJECT "MEM_GOING_ONLINE/error value=-12\n");
	c = strstr(text, INJECT "MEM_GOING_ONLINE/error value=0\n");
	d = strstr(text, INJECT "MEM_GOING_OFFLINE/error value=-12\n");
	ck_assert(a && b && c && d && a < b && b < c && c < d);
	ck_assert_uint_eq(count(text, "/state value=offline\n"), 4 + 4 + 4);
	ck_assert_uint_eq(count(d, "/state value=offline\n"), 4);
	ck_assert_ptr_nonnull(strstr(d, INJECT "MEM_GOING_OFFLINE/error value=0\n"));
	free(text);
	free(p);
}
END_TEST

START_TEST(test_bad_params)
{
	struct gen_mem_on_off_params p;

	gen_mem_on_off_default_params(&p);
	p.nr_blocks = 1;
	p.ratio = 101;
	ck_assert_str_eq(gen_mem_on_off_check(&p),
			 "bad --ratio: the percentage should be an integer within 0~100 range");
	p.ratio = 2;
	p.error = 0;
	ck_assert_str_eq(gen_mem_on_off_check(&p), "bad --error: error code must be -4095 <= "
						   "errno < 0");
}
END_TEST

/* The command line: each bad option named, exit 2, no file written; same bytes twice. */
START_TEST(test_cli)
{
	static const char *const bad[][2] = {
		{ "--ratio 101", "numasim: bad --ratio '101': out of range (0..100)" },
		{ "--ratio x", "numasim: bad --ratio 'x': not a number" },
		{ "--error 0", "numasim: bad --error '0': error code must be -4095 <= errno < 0" },
		{ "--error -4096", "numasim: bad --error '-4096': error code must be -4095 <= "
				   "errno < 0" },
		{ "--error ENOMEM", "numasim: bad --error 'ENOMEM': error code must be -4095 <= "
				    "errno < 0" },
		{ "--size 3", "numasim: unknown option '--size'" },
		{ "extra", "numasim: gen mem-on-off: unexpected argument 'extra'" },
	};
	char dir[128], args[512], out[4096], err[4096], path[200];
	char *text, *again;

	test_scratch_dir(dir, sizeof(dir), "mem-on-off");
	snprintf(path, sizeof(path), "%s/t.trace", dir);
	for (size_t i = 0; i < TEST_ARRAY_SIZE(bad); i++) {
		snprintf(args, sizeof(args), "gen mem-on-off %s -o %s", bad[i][0], path);
		ck_assert_int_eq(test_run_numasim(args, out, sizeof(out), err, sizeof(err)), 2);
		ck_assert_msg(!strncmp(err, bad[i][1], strlen(bad[i][1])), "%s: %s", bad[i][0], err);
		ck_assert_ptr_null(fopen(path, "r"));
	}
	snprintf(args, sizeof(args), "gen mem-on-off -c configs/oracle-2node.json --ratio 10 "
		 "--error -16 -o %s", path);
	ck_assert_int_eq(test_run_numasim(args, out, sizeof(out), err, sizeof(err)), 0);
	text = test_read_file(path);
	ck_assert_ptr_nonnull(strstr(text, "# offline 4 of 32 memory blocks\n"));
	ck_assert_ptr_nonnull(strstr(text, INJECT "MEM_GOING_OFFLINE/error value=-16\n"));
	ck_assert_int_eq(test_run_numasim(args, out, sizeof(out), err, sizeof(err)), 0);
	again = test_read_file(path);
	ck_assert_str_eq(again, text);
	free(again);
	free(text);
	test_remove_dir(dir);
}
END_TEST

/*
 * The trace of the reference machine (32 blocks), ratio 25 for more
 * blocks, replayed with every checker after every event: the replay
 * goes through, every offline written while MEM_GOING_OFFLINE answers
 * -ENOMEM is refused (memory_notify() or, before it, the isolation),
 * the injector answered at least once, and every block ends online with
 * the memory the machine booted with.
 */
START_TEST(test_replay_checked)
{
	struct mm_boot_params bp;
	struct machine *m;
	struct gen_mem_on_off_params *p = malloc(sizeof(*p));
	struct engine_opts opts = { .check_every = 1 };
	unsigned long managed, refused;
	char *text, *head, *tail;
	const char *armed;

	ck_assert_ptr_nonnull(p);
	test_load_config_file("configs/oracle-2node.json", &bp);
	m = test_boot_params(&bp);
	managed = test_managed_pages(m);
	gen_mem_on_off_default_params(p);
	p->ratio = 25;
	for (unsigned long id = 0; id < m->hotplug->nr_blocks; id++)
		if (find_memory_block_by_id(m, id)) {
			p->block_ids[p->nr_blocks] = (uint32_t)id;
			p->online[p->nr_blocks++] = true;
		}
	text = test_gen_text(gen_mem_on_off_writer, p);
	/* Replay up to the last arming, then the rest, to count the refusals of the rest. */
	armed = strstr(text, INJECT "MEM_GOING_OFFLINE/error value=-12\n");
	ck_assert_ptr_nonnull(armed);
	head = strndup(text, (size_t)(armed - text));
	ck_assert_ptr_nonnull(head);
	ck_assert_int_ge(asprintf(&tail, "numasim-trace v1\n%s", armed), 0);
	test_replay_text(m, "head.trace", head, &opts);
	refused = m->hotplug->stats.offline_refused;
	test_replay_text(m, "tail.trace", tail, &opts);
	ck_assert_uint_eq(m->hotplug->stats.offline_refused - refused,
			  count(armed, "/state value=offline\n"));
	free(head);
	free(tail);
	for (unsigned long id = 0; id < m->hotplug->nr_blocks; id++)
		if (find_memory_block_by_id(m, id))
			ck_assert_int_eq(find_memory_block_by_id(m, id)->state, MEM_ONLINE);
	ck_assert_uint_eq(test_managed_pages(m), managed);
	ck_assert_uint_gt(m->hotplug->stats.notifier_refused, 0);
	free(text);
	free(p);
	test_release(m);
}
END_TEST

Suite *gen_mem_on_off_suite(void);

Suite *gen_mem_on_off_suite(void)
{
	Suite *s = suite_create("gen_mem_on_off");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_target_rule);
	tcase_add_test(tc, test_trace_follows_script);
	tcase_add_test(tc, test_bad_params);
	tcase_add_test(tc, test_cli);
	tcase_add_test(tc, test_replay_checked);
	suite_add_tcase(s, tc);
	return s;
}
