/*
 * mm/daemon.c - the clock and the registry of background work (see
 * mm/daemon.h for the contract).
 *
 * The registry is a short array (a few daemons per node and per CPU), so
 * finding the next one to run is a linear scan; the cached earliest time
 * makes the common call, with nothing due, one comparison.
 *
 * Linux counterpart: the scheduler's choice among woken kernel threads and
 * expired timers, reduced to "earliest first".
 */
#include "mm/daemon.h"

#include <errno.h>
#include <stdlib.h>

#include "mm/mmzone.h"

static void recompute_next(struct mm_daemons *ds);

int mm_daemon_register(struct machine *m, struct mm_daemon *d)
{
	struct mm_daemons *ds = &m->daemons;

	if (ds->nr == ds->cap) {
		size_t cap = ds->cap ? 2 * ds->cap : 16;
		struct mm_daemon **v = realloc(ds->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		ds->v = v;
		ds->cap = cap;
	}
	ds->v[ds->nr++] = d;
	if (d->next_ns < ds->next_ns)
		ds->next_ns = d->next_ns;
	return 0;
}

void mm_daemon_unregister(struct machine *m, struct mm_daemon *d)
{
	struct mm_daemons *ds = &m->daemons;

	for (size_t i = 0; i < ds->nr; i++)
		if (ds->v[i] == d) {
			/* Keep registration order: it breaks the ties between due daemons. */
			for (size_t j = i + 1; j < ds->nr; j++)
				ds->v[j - 1] = ds->v[j];
			ds->nr--;
			recompute_next(ds);
			return;
		}
}

void mm_daemons_release(struct machine *m)
{
	free(m->daemons.v);
	m->daemons.v = NULL;
	m->daemons.nr = m->daemons.cap = 0;
	m->daemons.next_ns = MM_DAEMON_ASLEEP;
}

void mm_daemon_wake_at(struct machine *m, struct mm_daemon *d, uint64_t when_ns)
{
	if (when_ns < m->clock_ns)
		when_ns = m->clock_ns;
	if (when_ns < d->next_ns)
		d->next_ns = when_ns;
	if (when_ns < m->daemons.next_ns)
		m->daemons.next_ns = when_ns;
}

void mm_daemon_wake(struct machine *m, struct mm_daemon *d)
{
	mm_daemon_wake_at(m, d, m->clock_ns);
}

/* The due daemon that comes first: earliest time, then registration order. */
static struct mm_daemon *first_due(const struct mm_daemons *ds, uint64_t now_ns)
{
	struct mm_daemon *first = NULL;

	for (size_t i = 0; i < ds->nr; i++)
		if (ds->v[i]->next_ns <= now_ns && (!first || ds->v[i]->next_ns < first->next_ns))
			first = ds->v[i];
	return first;
}

static void recompute_next(struct mm_daemons *ds)
{
	ds->next_ns = MM_DAEMON_ASLEEP;
	for (size_t i = 0; i < ds->nr; i++)
		if (ds->v[i]->next_ns < ds->next_ns)
			ds->next_ns = ds->v[i]->next_ns;
}

/* Run d as the kernel would: on its CPU, in no task's context. */
static void run_one(struct machine *m, struct mm_daemon *d)
{
	struct task_struct *task = m->current;
	int cpu = m->current_cpu;

	if (d->next_ns > m->clock_ns)
		m->clock_ns = d->next_ns;
	d->next_ns = MM_DAEMON_ASLEEP;
	recompute_next(&m->daemons);
	m->current = NULL;
	m->current_cpu = d->cpu;
	d->run(m, d);
	m->current = task;
	m->current_cpu = cpu;
	recompute_next(&m->daemons);
}

void __mm_run_daemons(struct machine *m, uint64_t now_ns)
{
	while (m->daemons.next_ns <= now_ns) {
		struct mm_daemon *d = first_due(&m->daemons, now_ns);

		if (!d)
			break;
		run_one(m, d);
	}
}

void mm_run_daemon_until(struct machine *m, struct mm_daemon *d, uint64_t when_ns)
{
	while (d->run && d->next_ns <= when_ns)
		run_one(m, d);
}

/*
 * A node's kernel threads (kswapd, kcompactd) run on the node's first
 * CPU.  A node without CPUs lets them run anywhere (they narrow their CPU
 * mask to the node's only when it has some); here that is CPU 0.
 */
int node_daemon_cpu(const struct machine *m, int nid)
{
	for (unsigned int cpu = 0; cpu < m->nr_cpus; cpu++)
		if (cpu_to_node(m, (int)cpu) == nid)
			return (int)cpu;
	return 0;
}
