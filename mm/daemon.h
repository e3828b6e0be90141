/*
 * mm/daemon.h - simulated time and the kernel's background work.
 *
 * machine->clock_ns is the simulated time in nanoseconds since boot.  The
 * driver moves it forward (to each trace event's time) through
 * mm_run_daemons(); mm/ may add the cost of its own work later.  It never
 * goes backwards.
 *
 * A daemon is a kernel thread or a periodic work item (kswapd per node,
 * vmstat_update per CPU, the vmstat shepherd, the scheduler tick per CPU;
 * later kcompactd, khugepaged, writeback): a struct mm_daemon embedded in
 * whatever owns it, registered once, with its own next wake-up time.  A daemon
 * sleeps (MM_DAEMON_ASLEEP) until something wakes it, or re-arms itself
 * at a later time from its run function, as delayed work does.
 *
 * mm_run_daemons(m, now) runs every daemon due at or before now in time
 * order (ties in registration order, so runs are deterministic), with the
 * clock set to the daemon's due time and current_cpu to the daemon's CPU,
 * and leaves the clock at now.  A daemon woken while another runs, or by
 * the event that just ran, runs in the same call if it is due.
 *
 * Invariants: daemons.next_ns is the earliest next_ns of all registered
 * daemons; a daemon's next_ns is MM_DAEMON_ASLEEP or >= the clock at the
 * time it was set.
 *
 * Linux counterpart: kthreads woken through wait queues (kswapd) and
 * delayed work on per-CPU workqueues (vmstat_update), kernel/workqueue.c.
 */
#ifndef MM_DAEMON_H
#define MM_DAEMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MM_DAEMON_ASLEEP	UINT64_MAX
#define NSEC_PER_MSEC		1000000ull
#define NSEC_PER_SEC		1000000000ull

struct machine;
struct mm_daemon;

typedef void (*mm_daemon_fn)(struct machine *m, struct mm_daemon *d);

struct mm_daemon {
	const char *name;	/* the kernel's thread or work name: "kswapd", "vmstat_update" */
	mm_daemon_fn run;
	uint64_t next_ns;	/* when it runs next; MM_DAEMON_ASLEEP: until woken */
	int cpu;		/* the CPU it runs on */
	int id;			/* which instance: the node or CPU it serves */
};

/* Every registered daemon, in registration order. */
struct mm_daemons {
	struct mm_daemon **v;
	size_t nr;
	size_t cap;
	uint64_t next_ns;	/* the earliest next_ns: nothing is due before it */
};

/*
 * Register d (filled in by the owner, next_ns included); it stays
 * registered until mm_daemons_release().  Returns 0 or -ENOMEM.
 */
int mm_daemon_register(struct machine *m, struct mm_daemon *d);

/* Forget d (kthread_stop() of a node's thread); nothing if it is not registered. */
void mm_daemon_unregister(struct machine *m, struct mm_daemon *d);

/* Forget every daemon (machine_release). */
void mm_daemons_release(struct machine *m);

/* Make d due at when, unless it is due earlier already (wake_up, mod_delayed_work). */
void mm_daemon_wake_at(struct machine *m, struct mm_daemon *d, uint64_t when_ns);

/* Make d due now. */
void mm_daemon_wake(struct machine *m, struct mm_daemon *d);

/* Is d due at some time (woken or armed), rather than asleep? */
static inline bool mm_daemon_pending(const struct mm_daemon *d)
{
	return d->next_ns != MM_DAEMON_ASLEEP;
}

/*
 * Run d alone, as often as it is due up to when_ns: work that completes
 * while the current task waits inside an event (the I/O a throttled
 * reclaimer sleeps on), where the other daemons wait for the event's
 * end.  A d never registered (no run function) does nothing.
 */
void mm_run_daemon_until(struct machine *m, struct mm_daemon *d, uint64_t when_ns);

/* The CPU a node's kernel threads run on: the node's first, else CPU 0. */
int node_daemon_cpu(const struct machine *m, int nid);

/* The slow half of mm_run_daemons(): something is due by now_ns. */
void __mm_run_daemons(struct machine *m, uint64_t now_ns);

/*
 * mm_run_daemons(m, now_ns), in mm/mmzone.h (it reads struct machine):
 * run every daemon due at or before now_ns, in time order, then leave the
 * clock at now_ns (or where it was, if later).
 */

#endif /* MM_DAEMON_H */
