/*
 * sim/verbs_oom.c - trace verbs of the OOM killer: a task's oom_score_adj,
 * and which tasks the trace allows the OOM killer to kill.
 *
 *   oom_score_adj pid=N value=V   V in -1000..1000 (a write of
 *                                 /proc/PID/oom_score_adj)
 *   oom_expect pid=N              task N may be killed by the OOM killer
 *
 * A trace is a record of what tasks did; once the OOM killer has killed a
 * task, the trace's later events of that task did not happen in the
 * replay.  If the trace said the task may be killed (oom_expect), they are
 * dropped and counted (oom_skipped_events()); otherwise the first one is
 * an input error, "pid N was killed by the OOM killer at T": the trace
 * does not fit the machine, and results computed past that point would
 * describe a different run.  A spawn of a killed pid starts a new task,
 * never an error.
 *
 * Invariants: expected[] is sorted, without duplicates.
 *
 * Linux counterpart: the oom_score_adj file of fs/proc/base.c; the rest
 * has none (a replay's view of its own trace).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mm/array.h"
#include "mm/mm.h"
#include "mm/oom.h"
#include "sim/args.h"
#include "sim/verbs.h"

/* What the family keeps: the tasks the trace expects may be killed. */
struct oom_verbs_state {
	int *expected;			/* pids, sorted */
	size_t nr_expected;
	size_t expected_cap;
	unsigned long skipped;		/* events of killed, expected tasks, dropped */
};

static struct oom_verbs_state *oom_state(const struct engine *e)
{
	return engine_family_state(e, &family_oom);
}

/* Where pid is, or would go, in expected[]. */
static size_t expected_slot(const struct oom_verbs_state *s, int pid)
{
	size_t lo = 0, hi = s->nr_expected;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->expected[mid] < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool oom_expected(const struct oom_verbs_state *s, int pid)
{
	size_t i = expected_slot(s, pid);

	return i < s->nr_expected && s->expected[i] == pid;
}

enum { ADJ_PID, ADJ_VALUE };

/* oom_score_adj pid=N value=V */
static enum engine_status do_oom_score_adj(struct engine *e, const struct trace_record *rec,
					   const char *const *vals)
{
	struct task_struct *t;
	long value;

	if (proc_parse_task(e, rec, vals[ADJ_PID], &t) ||
	    engine_parse_long(e, rec, "value", vals[ADJ_VALUE], &value))
		return ENGINE_BAD_INPUT;
	if (value < OOM_SCORE_ADJ_MIN || value > OOM_SCORE_ADJ_MAX)
		return engine_bad_input(e, rec, "value %ld out of range (%d..%d)", value,
					OOM_SCORE_ADJ_MIN, OOM_SCORE_ADJ_MAX);
	oom_set_score_adj(e->m, t, (int)value);
	return ENGINE_OK;
}

static const struct engine_verb verb_oom_score_adj = {
	.name = "oom_score_adj",
	.handler = do_oom_score_adj,
	.keys = { { "pid", true }, { "value", true } },
};

/* oom_expect pid=N: the task need not exist yet (a trace may say it before the spawn). */
static enum engine_status do_oom_expect(struct engine *e, const struct trace_record *rec,
					const char *const *vals)
{
	struct oom_verbs_state *s = oom_state(e);
	size_t i;
	int pid;

	if (engine_parse_pid(e, rec, "pid", vals[0], &pid))
		return ENGINE_BAD_INPUT;
	i = expected_slot(s, pid);
	if (i < s->nr_expected && s->expected[i] == pid)
		return ENGINE_OK;
	if (array_insert(&s->expected, sizeof(*s->expected), &s->nr_expected, &s->expected_cap, i,
			 &pid))
		return engine_internal(e, "out of memory for oom_expect");
	return ENGINE_OK;
}

static const struct engine_verb verb_oom_expect = {
	.name = "oom_expect",
	.handler = do_oom_expect,
	.keys = { { "pid", true } },
};

/* An event of a task the OOM killer killed: dropped if expected, else an input error. */
static enum engine_status oom_killed_task(struct engine *e, void *state,
					  const struct engine_verb *v,
					  const struct trace_record *rec, int pid, bool *skip)
{
	struct oom_verbs_state *s = state;
	const struct oom_kill *k = oom_find_kill(e->m, pid);

	if (strcmp(v->name, "spawn") == 0)	/* a new task under the old pid */
		return ENGINE_OK;
	if (oom_expected(s, pid)) {
		s->skipped++;
		*skip = true;
		return ENGINE_OK;
	}
	return engine_bad_input(e, rec, "pid %d was killed by the OOM killer at %llu.%06llu s "
				"(the trace did not expect it: oom_expect pid=%d)", pid,
				(unsigned long long)(k->time_ns / NSEC_PER_SEC),
				(unsigned long long)(k->time_ns % NSEC_PER_SEC / 1000), pid);
}

unsigned long oom_skipped_events(const struct engine *e)
{
	const struct oom_verbs_state *s = oom_state(e);

	return s ? s->skipped : 0;
}

static void oom_verbs_release(void *state)
{
	struct oom_verbs_state *s = state;

	free(s->expected);
}

static const struct engine_verb *const oom_verbs[] = {
	&verb_oom_score_adj, &verb_oom_expect, NULL
};

const struct engine_family family_oom = {
	.name = "oom",
	.verbs = oom_verbs,
	.state_size = sizeof(struct oom_verbs_state),
	.release = oom_verbs_release,
	.killed_task = oom_killed_task,
};
