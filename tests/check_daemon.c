/*
 * tests/check_daemon.c - simulated time and background work (mm/daemon.c),
 * and kswapd as one of them (mm/vmscan.c).
 *
 * The daemon rules are the simulator's (the kernel's scheduler reduced to
 * "the earliest due work runs first"): due daemons run in time order, ties
 * in registration order, each on its own CPU with the clock at its due
 * time; the clock never goes back.  kswapd's rules are 6.1's
 * wakeup_kswapd(): a request is recorded (largest order, highest zone)
 * even when kswapd is not woken; a balanced, unboosted node is not woken;
 * kswapd() takes the request (order 0, MAX_NR_ZONES after) and
 * balance_pgdat() with nothing to reclaim drops the boosts.
 *
 * Linux counterpart: mm/vmscan.c (wakeup_kswapd, kswapd, balance_pgdat).
 */
#include <check.h>

#include "mm/daemon.h"
#include "mm/internal.h"
#include "mm/vmscan.h"
#include "tests/helpers.h"

#define NSEC_PER_USEC	1000ull

/* A test daemon: records when and where it ran, may re-arm or wake another. */
struct probe {
	struct mm_daemon d;
	uint64_t period_ns;		/* re-arm this much later (0: sleep) */
	struct probe *wakes;		/* wake this one when running (NULL: none) */
	unsigned int nr_runs;
	uint64_t ran_at_ns[16];
	int ran_on_cpu;
	char *log;			/* appends its name's first letter */
};

static void probe_run(struct machine *m, struct mm_daemon *d)
{
	struct probe *p = (struct probe *)d;

	if (p->nr_runs < 16)
		p->ran_at_ns[p->nr_runs] = m->clock_ns;
	p->nr_runs++;
	p->ran_on_cpu = m->current_cpu;
	if (p->log)
		strncat(p->log, d->name, 1);
	if (p->period_ns)
		mm_daemon_wake_at(m, d, m->clock_ns + p->period_ns);
	if (p->wakes)
		mm_daemon_wake(m, &p->wakes->d);
}

static void probe_add(struct machine *m, struct probe *p, const char *name, int cpu,
		      uint64_t first_ns, char *log)
{
	memset(p, 0, sizeof(*p));
	p->d = (struct mm_daemon){ .name = name, .run = probe_run, .next_ns = first_ns,
				   .cpu = cpu, .id = 0 };
	p->log = log;
	ck_assert_int_eq(mm_daemon_register(m, &p->d), 0);
}

/* Two CPUs, nothing else due before the vmstat shepherd at 1 s. */
static struct machine *boot(void)
{
	return test_boot_node("16M", 2, TEST_K_PLAIN);
}

/*
 * a due at 300 us (CPU 1), b at 200 us (CPU 0), c at 200 us registered
 * after b: running to 500 us runs b, c, a, each with the clock at its due
 * time, and leaves the clock at 500 us and CPU 1 current again.
 */
START_TEST(test_due_daemons_run_in_time_order)
{
	struct machine *m = boot();
	struct probe a, b, c;
	char log[8] = "";

	probe_add(m, &a, "a", 1, 300 * NSEC_PER_USEC, log);
	probe_add(m, &b, "b", 0, 200 * NSEC_PER_USEC, log);
	probe_add(m, &c, "c", 1, 200 * NSEC_PER_USEC, log);
	m->current_cpu = 1;
	mm_run_daemons(m, 500 * NSEC_PER_USEC);
	ck_assert_str_eq(log, "bca");
	ck_assert_uint_eq(b.ran_at_ns[0], 200 * NSEC_PER_USEC);
	ck_assert_uint_eq(c.ran_at_ns[0], 200 * NSEC_PER_USEC);
	ck_assert_uint_eq(a.ran_at_ns[0], 300 * NSEC_PER_USEC);
	ck_assert_int_eq(b.ran_on_cpu, 0);
	ck_assert_int_eq(a.ran_on_cpu, 1);
	ck_assert_uint_eq(m->clock_ns, 500 * NSEC_PER_USEC);
	ck_assert_int_eq(m->current_cpu, 1);
	ck_assert(!mm_daemon_pending(&a.d));
	test_release(m);
}
END_TEST

/*
 * A daemon re-arming itself every 100 us from 100 us runs at 100, 200,
 * ..., 1000 us when the clock is moved to 1 ms (ten runs), and again at
 * 1.1 ms only once the clock gets there.  Nothing due: the clock just
 * moves; an earlier "now" never moves it back.
 */
START_TEST(test_periodic_daemon_and_monotonic_clock)
{
	struct machine *m = boot();
	struct probe p;

	probe_add(m, &p, "p", 0, 100 * NSEC_PER_USEC, NULL);
	p.period_ns = 100 * NSEC_PER_USEC;
	mm_run_daemons(m, 1000 * NSEC_PER_USEC);
	ck_assert_uint_eq(p.nr_runs, 10);
	ck_assert_uint_eq(p.ran_at_ns[9], 1000 * NSEC_PER_USEC);
	ck_assert_uint_eq(p.d.next_ns, 1100 * NSEC_PER_USEC);
	mm_run_daemons(m, 1050 * NSEC_PER_USEC);
	ck_assert_uint_eq(p.nr_runs, 10);
	ck_assert_uint_eq(m->clock_ns, 1050 * NSEC_PER_USEC);
	mm_run_daemons(m, 500 * NSEC_PER_USEC);
	ck_assert_uint_eq(m->clock_ns, 1050 * NSEC_PER_USEC);
	test_release(m);
}
END_TEST

/*
 * A daemon woken by another that runs (at 200 us) is due at once and runs
 * in the same call, after it; a daemon woken "in the past" runs now, not
 * back in time.
 */
START_TEST(test_wake_from_a_daemon_runs_in_same_call)
{
	struct machine *m = boot();
	struct probe a, sleeper;
	char log[8] = "";

	probe_add(m, &a, "a", 0, 200 * NSEC_PER_USEC, log);
	probe_add(m, &sleeper, "s", 1, MM_DAEMON_ASLEEP, log);
	a.wakes = &sleeper;
	mm_run_daemons(m, 300 * NSEC_PER_USEC);
	ck_assert_str_eq(log, "as");
	ck_assert_uint_eq(sleeper.ran_at_ns[0], 200 * NSEC_PER_USEC);
	mm_daemon_wake_at(m, &sleeper.d, 100 * NSEC_PER_USEC);
	ck_assert_uint_eq(sleeper.d.next_ns, 300 * NSEC_PER_USEC);
	test_release(m);
}
END_TEST

/*
 * wakeup_kswapd(): a balanced, unboosted node records the request but
 * kswapd stays asleep (no wakeup counted).  Once the zone is below its
 * high mark a second request wakes it; while woken, a third only raises
 * the recorded order.  kswapd() then takes the request: order 0 and
 * MAX_NR_ZONES left behind, boosts dropped (balance_pgdat() with nothing
 * to reclaim).
 *
 *   16M node, pcp off, min_free_kbytes 0, scale factor 10: high = 2 * 4 = 8.
 */
START_TEST(test_kswapd_wakeup_and_run)
{
	struct machine *m = test_boot_node("16M", 1, TEST_K_PLAIN ", \"pcp\": false,"
					   " \"min_free_kbytes\": 0");
	pg_data_t *pgdat = NODE_DATA(m, 0);
	struct zone *z = test_normal0(m);

	ck_assert_uint_eq(high_wmark_pages(z), 8);
	wakeup_kswapd(m, z, GFP_KERNEL, 2, ZONE_NORMAL);
	ck_assert(!kswapd_woken(pgdat));
	ck_assert_int_eq(pgdat->kswapd_order, 2);
	ck_assert_int_eq(pgdat->kswapd_highest_zoneidx, ZONE_NORMAL);
	ck_assert_uint_eq(m->stats.kswapd_wakeups, 0);

	while (zone_free_pages(z) > 6)
		ck_assert_ptr_nonnull(alloc_pages_node(m, 0, GFP_ATOMIC, 0));
	z->watermark_boost = 512;
	wakeup_kswapd(m, z, GFP_KERNEL, 1, ZONE_NORMAL);
	ck_assert(kswapd_woken(pgdat));
	ck_assert_int_eq(pgdat->kswapd_order, 2);
	ck_assert_uint_eq(m->stats.kswapd_wakeups, 1);
	wakeup_kswapd(m, z, GFP_KERNEL, 3, ZONE_DMA32);
	ck_assert_int_eq(pgdat->kswapd_order, 3);
	ck_assert_int_eq(pgdat->kswapd_highest_zoneidx, ZONE_NORMAL);
	ck_assert_uint_eq(m->stats.kswapd_wakeups, 1);

	mm_run_daemons(m, m->clock_ns);
	ck_assert(!kswapd_woken(pgdat));
	ck_assert_int_eq(pgdat->kswapd_order, 0);
	ck_assert_int_eq(pgdat->kswapd_highest_zoneidx, MAX_NR_ZONES);
	ck_assert_uint_eq(z->watermark_boost, 0);
	test_check(m);
	test_release(m);
}
END_TEST

/* Collected by the Makefile into the runner (tests/check_main.c). */

Suite *daemon_suite(void);

Suite *daemon_suite(void)
{
	Suite *s = suite_create("daemon");
	TCase *tc = tcase_create("clock");

	tcase_add_test(tc, test_due_daemons_run_in_time_order);
	tcase_add_test(tc, test_periodic_daemon_and_monotonic_clock);
	tcase_add_test(tc, test_wake_from_a_daemon_runs_in_same_call);
	suite_add_tcase(s, tc);
	tc = tcase_create("kswapd");
	tcase_add_test(tc, test_kswapd_wakeup_and_run);
	suite_add_tcase(s, tc);
	return s;
}
