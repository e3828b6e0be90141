/*
 * sim/verbs_numa.c - trace verbs of the NUMA system calls that move a
 * process's pages: migrate_pages(2), move_pages(2), and cpusets (a task
 * moved into a cpuset with given memory nodes, its pages following with
 * memory_migrate).
 *
 *   migrate_pages pid=N from=NODES to=NODES [all] [id=NAME] [via=direct|swap]
 *   move_pages pid=N addr=A len=L [node=N] [all] [id=NAME]
 *   cpuset pid=N mems=NODES [migrate]
 *
 * Every call is made by the task on itself (pid 0 in the kernel's terms):
 * its cpuset is both the target's and the caller's.  A call that fails is
 * an input error named by its errno, as for the other process verbs
 * (workloads/FORMAT.md section 5); a move_pages or migrate_pages that
 * leaves pages where they were has not failed.  The family's state is
 * what the calls named with id= returned, for results.json
 * (numa_calls()).
 *
 * Invariants: a named call is recorded once, after it succeeded; ids are
 * unique per verb.
 *
 * Linux counterpart: the system calls migrate_pages(2) (mm/mempolicy.c)
 * and move_pages(2) (mm/migrate.c); writes to a cpuset's cpuset.mems,
 * cpuset.memory_migrate and tasks files (kernel/cgroup/cpuset.c).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/array.h"
#include "mm/cpuset.h"
#include "mm/mempolicy.h"
#include "mm/migrate.h"
#include "mm/mm.h"
#include "sim/args.h"
#include "sim/verbs.h"

/* A status move_pages left as the caller had it. */
#define STATUS_UNSET	INT_MIN
#define NUMA_ID_MAX	64
#define NODELIST_LEN	192	/* any node list of MAX_NUMNODES (64) nodes */

struct numa_verbs_state {
	struct numa_call *calls;	/* in the order they were made */
	size_t nr;
	size_t cap;
};

static struct numa_verbs_state *numa_state(const struct engine *e)
{
	return engine_family_state(e, &family_numa);
}

const struct numa_call *numa_calls(const struct engine *e, size_t *nr)
{
	const struct numa_verbs_state *s = numa_state(e);

	*nr = s ? s->nr : 0;
	return s ? s->calls : NULL;
}

/* The kernel's values of the statuses a page can get, by enum numa_status. */
static const int status_errno[NR_NUMA_STATUS] = {
	[NUMA_STATUS_EFAULT] = EFAULT, [NUMA_STATUS_ENOENT] = ENOENT,
	[NUMA_STATUS_EACCES] = EACCES, [NUMA_STATUS_EBUSY] = EBUSY,
};

const char *const numa_status_names[NR_NUMA_STATUS] = {
	[NUMA_STATUS_EFAULT] = "-EFAULT", [NUMA_STATUS_ENOENT] = "-ENOENT",
	[NUMA_STATUS_EACCES] = "-EACCES", [NUMA_STATUS_EBUSY] = "-EBUSY",
};

/* id=NAME: letters, digits, '.', '_' and '-', unique among the verb's calls. */
static enum engine_status check_call_id(struct engine *e, const struct trace_record *rec,
					const char *verb, const char *id)
{
	const struct numa_verbs_state *s = numa_state(e);
	size_t len = strlen(id);

	if (len == 0 || len > NUMA_ID_MAX ||
	    strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != len)
		return engine_bad_input(e, rec, "bad id '%.64s': an id is 1 to %d letters, digits, "
					"'.', '_' or '-'", id, NUMA_ID_MAX);
	bool move_pages = !strcmp(verb, "move_pages");

	for (size_t i = 0; i < s->nr; i++)
		if (s->calls[i].move_pages == move_pages && !strcmp(s->calls[i].id, id))
			return engine_bad_input(e, rec, "%s id '%s' names an earlier call", verb,
						id);
	return ENGINE_OK;
}

/* Keep c, with a copy of id, after the calls made before.  0 or -ENOMEM. */
static int record_call(struct numa_verbs_state *s, struct numa_call *c, const char *id)
{
	c->id = strdup(id);
	if (!c->id)
		return -ENOMEM;
	if (array_insert(&s->calls, sizeof(*s->calls), &s->nr, &s->cap, s->nr, c)) {
		free(c->id);
		return -ENOMEM;
	}
	return 0;
}

/* "0-1,3" for the messages. */
static const char *list_of(char *buf, size_t len, const nodemask_t *mask)
{
	nodelist_format(buf, len, mask);
	return buf;
}

/* ---- migrate_pages ---- */

enum { MIGRATE_PID, MIGRATE_FROM, MIGRATE_TO, MIGRATE_ALL, MIGRATE_ID, MIGRATE_VIA };

/* Why kernel_migrate_pages() failed. */
static enum engine_status migrate_pages_failed(struct engine *e, const struct trace_record *rec,
					       struct task_struct *t, const char *to, int ret)
{
	nodemask_t mems = cpuset_mems_allowed(e->m, t);
	char why[512], list[NODELIST_LEN];

	list_of(list, sizeof(list), &mems);
	if (ret == -EPERM)
		snprintf(why, sizeof(why), "to=%.64s is not within the task's cpuset (mems %s), "
			 "and a caller without CAP_SYS_NICE (no 'all') may not go outside it",
			 to, list);
	else if (ret == -EINVAL)
		snprintf(why, sizeof(why), "no node of to=%.64s has memory in the task's cpuset "
			 "(mems %s)", to, list);
	else
		snprintf(why, sizeof(why), "a destination node ran out of free pages");
	return proc_call_failed(e, rec, "migrate_pages", ret, why);
}

/* via=direct|swap: true for swap; absent: the config's kernel.migration.via. */
static enum engine_status parse_via(struct engine *e, const struct trace_record *rec,
				    const char *via, bool *swap)
{
	*swap = e->m->swap.migrate_via_swap;
	if (!via)
		return ENGINE_OK;
	*swap = !strcmp(via, "swap");
	if (!*swap && strcmp(via, "direct"))
		return engine_bad_input(e, rec, "via=%.64s: expected via=direct or via=swap", via);
	return ENGINE_OK;
}

/*
 * migrate_pages pid=N from=NODES to=NODES [all] [id=NAME] [via=direct|swap]:
 * all is the caller's CAP_SYS_NICE (MPOL_MF_MOVE_ALL; without it
 * MPOL_MF_MOVE, and to= must lie within the task's cpuset); via=swap
 * moves the pages through swap (mm/swap.h).
 */
static enum engine_status do_migrate_pages_verb(struct engine *e, const struct trace_record *rec,
						const char *const *vals)
{
	const char *id = vals[MIGRATE_ID];
	struct numa_call c = { .all = vals[MIGRATE_ALL] != NULL };
	struct task_struct *t;
	bool swap;
	int ret;

	if (proc_parse_task(e, rec, vals[MIGRATE_PID], &t) ||
	    engine_parse_nodelist(e, rec, vals[MIGRATE_FROM], &c.from) ||
	    engine_parse_nodelist(e, rec, vals[MIGRATE_TO], &c.to) ||
	    (id && check_call_id(e, rec, "migrate_pages", id)) ||
	    parse_via(e, rec, vals[MIGRATE_VIA], &swap))
		return ENGINE_BAD_INPUT;
	ret = kernel_migrate_pages_via(e->m, t, &c.from, &c.to, c.all, swap);
	if (ret < 0)
		return migrate_pages_failed(e, rec, t, vals[MIGRATE_TO], ret);
	c.ret = ret;
	if (id && record_call(numa_state(e), &c, id))
		return engine_internal(e, "out of memory for call ids");
	return ENGINE_OK;
}

static const struct engine_verb verb_migrate_pages = {
	.name = "migrate_pages",
	.handler = do_migrate_pages_verb,
	.keys = { { "pid", true }, { "from", true }, { "to", true }, { "all", .flag = true },
		  { "id", false }, { "via", false } },
};

/* ---- move_pages ---- */

enum { MOVE_NODE = PROC_RANGE_LEN + 1, MOVE_ALL, MOVE_ID };

/* The arrays of one move_pages call. */
struct move_arrays {
	unsigned long nr;
	uint64_t *pages;
	int *nodes;		/* NULL: the query form */
	int *status;
};

static void move_arrays_free(struct move_arrays *a)
{
	free(a->pages);
	free(a->nodes);
	free(a->status);
}

/* One entry per page of r, every status STATUS_UNSET; nid < 0: no nodes array. */
static enum engine_status move_arrays_fill(struct engine *e, const struct trace_record *rec,
					   const struct proc_range *r, int nid,
					   struct move_arrays *a)
{
	uint64_t first, last;

	*a = (struct move_arrays){ 0 };
	if (proc_span_pages(e, rec, r, &first, &last))
		return ENGINE_BAD_INPUT;
	a->nr = ((last - first) >> PAGE_SHIFT) + 1;
	if (a->nr > e->m->end_pfn)
		return engine_bad_input(e, rec, "move_pages of %lu pages: the machine has %llu "
					"frames", a->nr, (unsigned long long)e->m->end_pfn);
	a->pages = malloc(a->nr * sizeof(*a->pages));
	a->status = malloc(a->nr * sizeof(*a->status));
	a->nodes = nid >= 0 ? malloc(a->nr * sizeof(*a->nodes)) : NULL;
	if (!a->pages || !a->status || (nid >= 0 && !a->nodes)) {
		move_arrays_free(a);
		return engine_internal(e, "out of memory for %lu move_pages entries", a->nr);
	}
	for (unsigned long i = 0; i < a->nr; i++) {
		a->pages[i] = first + i * PAGE_SIZE;
		a->status[i] = STATUS_UNSET;
		if (a->nodes)
			a->nodes[i] = nid;
	}
	return ENGINE_OK;
}

/* Why kernel_move_pages() failed. */
static enum engine_status move_pages_failed(struct engine *e, const struct trace_record *rec,
					    struct task_struct *t, int nid, int ret)
{
	nodemask_t mems = cpuset_mems_allowed(e->m, t);
	char why[384], list[NODELIST_LEN];

	if (ret == -ENODEV)
		snprintf(why, sizeof(why), "node %d has no memory", nid);
	else if (ret == -EACCES)
		snprintf(why, sizeof(why), "node %d is outside the task's cpuset (mems %s)", nid,
			 list_of(list, sizeof(list), &mems));
	else
		snprintf(why, sizeof(why), "node %d has no free page for the pages to move", nid);
	return proc_call_failed(e, rec, "move_pages", ret, why);
}

/* Count each entry's status into c; -1 if one is none the call can store. */
static int count_statuses(const struct move_arrays *a, struct numa_call *c)
{
	for (unsigned long i = 0; i < a->nr; i++) {
		int st = a->status[i], k;

		if (st == STATUS_UNSET) {
			c->unset++;
			continue;
		}
		if (st >= 0 && st < MAX_NUMNODES) {
			c->on_node[st]++;
			continue;
		}
		for (k = 0; k < NR_NUMA_STATUS && status_errno[k] != -st; k++)
			;
		if (k == NR_NUMA_STATUS)
			return -1;
		c->errors[k]++;
	}
	return 0;
}

/* Keep what the named call returned, page by page. */
static enum engine_status move_pages_record(struct engine *e, const char *id,
					    const struct move_arrays *a, int nid, bool all, int ret)
{
	struct numa_call c = { .move_pages = true, .node = nid, .all = all, .nr_pages = a->nr,
			       .ret = ret };

	if (count_statuses(a, &c))
		return engine_internal(e, "move_pages: a status no call stores");
	if (record_call(numa_state(e), &c, id))
		return engine_internal(e, "out of memory for call ids");
	return ENGINE_OK;
}

/*
 * move_pages pid=N addr=A len=L [node=N] [all] [id=NAME]: every page of
 * the range to node N (MPOL_MF_MOVE_ALL with all), or without node= the
 * query of where each page is.
 */
static enum engine_status do_move_pages_verb(struct engine *e, const struct trace_record *rec,
					     const char *const *vals)
{
	int nid = NUMA_NO_NODE, flags = vals[MOVE_ALL] ? MPOL_MF_MOVE_ALL : MPOL_MF_MOVE, ret;
	const char *id = vals[MOVE_ID];
	struct move_arrays a;
	struct proc_range r;
	enum engine_status st;

	if (proc_parse_range(e, rec, vals, 0, &r) ||
	    (vals[MOVE_NODE] && engine_parse_node(e, rec, vals[MOVE_NODE], &nid)) ||
	    (id && check_call_id(e, rec, "move_pages", id)))
		return ENGINE_BAD_INPUT;
	if (vals[MOVE_ALL] && !vals[MOVE_NODE])
		return engine_bad_input(e, rec, "all needs node= (the query form moves nothing)");
	st = move_arrays_fill(e, rec, &r, nid, &a);
	if (st != ENGINE_OK)
		return st;
	ret = kernel_move_pages(e->m, r.t, a.nr, a.pages, a.nodes, a.status, flags);
	if (ret < 0)
		st = move_pages_failed(e, rec, r.t, nid, ret);
	else if (id)
		st = move_pages_record(e, id, &a, nid, vals[MOVE_ALL] != NULL, ret);
	move_arrays_free(&a);
	return st;
}

static const struct engine_verb verb_move_pages = {
	.name = "move_pages",
	.handler = do_move_pages_verb,
	.keys = { { "pid", true }, { "addr", true }, { "len", true }, { "node", false },
		  { "all", .flag = true }, { "id", false } },
};

/* ---- cpuset ---- */

enum { CPUSET_PID, CPUSET_MEMS, CPUSET_MIGRATE };

/*
 * cpuset pid=N mems=NODES [migrate]: the cpuset of those memory nodes
 * (made on first use) gets memory_migrate as the word says, then takes
 * the task (cpuset_move_task()).
 */
static enum engine_status do_cpuset_verb(struct engine *e, const struct trace_record *rec,
					 const char *const *vals)
{
	struct task_struct *t;
	nodemask_t mems;
	char why[160];
	int ret;

	if (proc_parse_task(e, rec, vals[CPUSET_PID], &t) ||
	    engine_parse_nodelist(e, rec, vals[CPUSET_MEMS], &mems))
		return ENGINE_BAD_INPUT;
	ret = cpuset_move_task(e->m, t, &mems, vals[CPUSET_MIGRATE] != NULL);
	if (ret == -ENOMEM)
		return engine_internal(e, "out of memory for a cpuset");
	if (ret) {
		snprintf(why, sizeof(why),
			 ret == -EINVAL ? "mems=%.64s holds a node without memory" :
					  "mems=%.64s holds no node", vals[CPUSET_MEMS]);
		return proc_call_failed(e, rec, "cpuset", ret, why);
	}
	return ENGINE_OK;
}

static const struct engine_verb verb_cpuset = {
	.name = "cpuset",
	.handler = do_cpuset_verb,
	.keys = { { "pid", true }, { "mems", true }, { "migrate", .flag = true } },
};

/* ---- the family ---- */

static void numa_release(void *state)
{
	struct numa_verbs_state *s = state;

	for (size_t i = 0; i < s->nr; i++)
		free(s->calls[i].id);
	free(s->calls);
}

static const struct engine_verb *const numa_verbs[] = {
	&verb_migrate_pages, &verb_move_pages, &verb_cpuset, NULL
};

const struct engine_family family_numa = {
	.name = "numa",
	.verbs = numa_verbs,
	.state_size = sizeof(struct numa_verbs_state),
	.release = numa_release,
};
