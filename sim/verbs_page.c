/*
 * sim/verbs_page.c - trace verbs of the page allocator: alloc, free, drain
 * and sysctl.
 *
 *   alloc id=NAME order=N gfp=FLAGS [node=N] [cpu=N]
 *       raw_alloc(): alloc_pages_node(node or NUMA_NO_NODE, gfp, order) on
 *       CPU cpu (the previous event's CPU when absent; CPU 0 at the start),
 *       the block held by mm/'s raw allocation table (movable blocks as
 *       non-LRU movable pages, see mm/raw_alloc.h); NAME is bound to its
 *       handle.  A failed allocation is not an error: the allocator counts
 *       it, and NAME is bound to "nothing", so that the trace's later
 *       "free id=NAME" (the trace's writer could not know it would fail)
 *       is accepted and does nothing.
 *   free id=NAME [cpu=N]
 *       raw_free(): __free_pages() of the block NAME's handle holds now
 *       (wherever migration may have moved it).
 *   drain
 *       drain_all_pages(): empty every per-CPU list into the buddy.
 *   sysctl vm.NAME=VALUE ...
 *       write /proc/sys/vm/NAME: the process side's knobs (hugetlb pool,
 *       drop_caches: proc_sysctl_write() in verbs_sysfs.c), else
 *       mm_sysctl_write().
 *
 * Invariants: a handler changes nothing before its whole record has been
 * checked, so an input error leaves the machine as the previous event left
 * it (except sysctl lines naming several knobs, which apply in order).
 *
 * Linux counterpart: the callers of alloc_pages_node()/__free_pages(), and
 * writes to /proc/sys/vm.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/raw_alloc.h"
#include "mm/sysctl.h"
#include "sim/verbs.h"

/* Parse node=N: a node of the machine that has memory. */
static enum engine_status parse_node(struct engine *e, const struct trace_record *rec,
				     const char *text, int *nid)
{
	const struct machine *m = e->m;
	uint64_t v;

	if (engine_parse_uint(e, rec, "node", text, m->nr_node_ids - 1, &v))
		return ENGINE_BAD_INPUT;
	if (!node_has_memory(m, (int)v))
		return engine_bad_input(e, rec, "node %llu has no memory", (unsigned long long)v);
	*nid = (int)v;
	return ENGINE_OK;
}

enum { ALLOC_ID, ALLOC_ORDER, ALLOC_GFP, ALLOC_NODE, ALLOC_CPU };

static enum engine_status do_alloc(struct engine *e, const struct trace_record *rec,
				   const char *const *vals)
{
	struct machine *m = e->m;
	const char *id = vals[ALLOC_ID];
	size_t id_len = strlen(id);
	int nid = NUMA_NO_NODE, cpu = m->current_cpu;
	uint64_t order;
	gfp_t gfp;
	struct alloc_key key;
	raw_handle_t handle;

	if (id_len == 0)
		return engine_bad_input(e, rec, "empty id");
	if (engine_parse_uint(e, rec, "order", vals[ALLOC_ORDER], MAX_ORDER - 1, &order))
		return ENGINE_BAD_INPUT;
	if (engine_parse_gfp(e, rec, vals[ALLOC_GFP], &gfp))
		return ENGINE_BAD_INPUT;
	if (vals[ALLOC_NODE] && parse_node(e, rec, vals[ALLOC_NODE], &nid))
		return ENGINE_BAD_INPUT;
	if (vals[ALLOC_CPU] && engine_parse_cpu(e, rec, vals[ALLOC_CPU], &cpu))
		return ENGINE_BAD_INPUT;
	if (id_len > ALLOC_ID_MAX_LEN)
		return engine_bad_input(e, rec, "id too long (%zu characters)", id_len);
	alloc_key_init(&key, id);
	if (alloc_ids_get(&e->ids, &key, NULL))
		return engine_bad_input(e, rec, "id '%s' is already allocated", id);

	m->current_cpu = cpu;
	if (raw_alloc(m, nid, gfp, (unsigned int)order, &handle) != 0)
		return engine_internal(e, "out of memory for allocation handles");
	if (alloc_ids_insert(&e->ids, &key, handle) != 0)
		return engine_internal(e, "out of memory for allocation ids");
	return ENGINE_OK;
}

const struct engine_verb verb_alloc = {
	.name = "alloc",
	.handler = do_alloc,
	.keys = { { "id", true }, { "order", true }, { "gfp", true }, { "node", false },
		  { "cpu", false } },
};

enum { FREE_ID, FREE_CPU };

static enum engine_status do_free(struct engine *e, const struct trace_record *rec,
				  const char *const *vals)
{
	struct machine *m = e->m;
	const char *id = vals[FREE_ID];
	int cpu = m->current_cpu;
	struct alloc_key key;
	raw_handle_t handle;

	if (vals[FREE_CPU] && engine_parse_cpu(e, rec, vals[FREE_CPU], &cpu))
		return ENGINE_BAD_INPUT;
	alloc_key_init(&key, id);
	if (!alloc_ids_take(&e->ids, &key, &handle))
		return engine_bad_input(e, rec, "free of unknown id '%s' (never allocated, or freed already)",
					id);
	m->current_cpu = cpu;
	if (handle != RAW_HANDLE_NONE)
		raw_free(m, handle);
	return ENGINE_OK;
}

const struct engine_verb verb_free = {
	.name = "free",
	.handler = do_free,
	.keys = { { "id", true }, { "cpu", false } },
};

static enum engine_status do_drain(struct engine *e, const struct trace_record *rec,
				   const char *const *vals)
{
	drain_all_pages(e->m, NULL);
	return ENGINE_OK;
}

const struct engine_verb verb_drain = {
	.name = "drain",
	.handler = do_drain,
};

/* Parse a sysctl value: a decimal (or 0x) number that fits a long, maybe negative. */
static enum engine_status parse_long(struct engine *e, const struct trace_record *rec,
				     const struct trace_arg *arg, long *out)
{
	const char *digits = arg->value + (arg->value[0] == '-');
	char *end;
	long v;

	errno = 0;
	/* Not base 0: a leading 0 is not octal here, as FORMAT.md promises. */
	v = strtol(arg->value, &end,
		   digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X') ? 16 : 10);
	if (errno || end == arg->value || *end)
		return engine_bad_input(e, rec, "bad value '%s' for %s: not a number",
					arg->value, arg->key);
	*out = v;
	return ENGINE_OK;
}

static enum engine_status do_sysctl(struct engine *e, const struct trace_record *rec,
				    const char *const *vals)
{
	if (rec->nr_args == 0)
		return engine_bad_input(e, rec, "sysctl needs NAME=VALUE (e.g. vm.min_free_kbytes=8192)");
	for (unsigned int a = 0; a < rec->nr_args; a++) {
		const struct trace_arg *arg = &rec->args[a];
		long value = 0;
		int ret;

		if (!arg->value)
			return engine_bad_input(e, rec, "sysctl '%s' needs a value (%s=VALUE)",
						arg->key, arg->key);
		if (parse_long(e, rec, arg, &value))
			return ENGINE_BAD_INPUT;
		ret = proc_sysctl_write(e->m, arg->key, value);
		if (ret == -ENOENT)
			ret = mm_sysctl_write(e->m, arg->key, value);
		if (ret == -ENOENT)
			return engine_bad_input(e, rec, "unknown sysctl '%s'", arg->key);
		if (ret == -EINVAL)
			return engine_bad_input(e, rec, "value %ld out of range for %s", value,
						arg->key);
		if (ret)
			return engine_internal(e, "sysctl %s: error %d", arg->key, ret);
	}
	return ENGINE_OK;
}

const struct engine_verb verb_sysctl = {
	.name = "sysctl",
	.handler = do_sysctl,
	.any_keys = true,
};
