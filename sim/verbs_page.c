/*
 * sim/verbs_page.c - trace verbs of the page allocator: alloc, free, drain
 * and sysctl.
 *
 *   alloc id=NAME order=N gfp=FLAGS [node=N] [cpu=N] [pfn=P|none]
 *       raw_alloc(): alloc_pages_node(node or NUMA_NO_NODE, gfp, order) on
 *       CPU cpu (the previous event's CPU when absent; CPU 0 at the start),
 *       the block held by mm/'s raw allocation table (movable blocks as
 *       non-LRU movable pages, see mm/raw_alloc.h); NAME is bound to its
 *       handle.  No task is current: a kernel user allocates, so no
 *       task's cpuset or policy applies.  A failed allocation is not an error: the allocator counts
 *       it, and NAME is bound to "nothing", so that the trace's later
 *       "free id=NAME" (the trace's writer could not know it would fail)
 *       is accepted and does nothing.  pfn= is the traced kernel's
 *       choice: counted for the comparison (demand replay), or where the
 *       block goes (followed replay, verbs_follow.c).
 *   free id=NAME [cpu=N]
 *       raw_free(): __free_pages() of the block NAME's handle holds now
 *       (wherever migration may have moved it).
 *   free pfn=P order=N [cpu=N]
 *       a block allocated before the trace: verbs_follow.c.
 *   drain
 *       drain_all_pages(): empty every per-CPU list into the buddy.
 *   sysctl vm.NAME=VALUE ...
 *       write /proc/sys/vm/NAME: the process side's knobs (hugetlb pool,
 *       drop_caches: proc_sysctl_write() in verbs_sysfs.c), else
 *       mm_sysctl_write().
 *
 * split and extfrag are in verbs_follow.c.  The family's state
 * (sim/verbs_page.h) is the table of allocation names (sim/alloc_ids.h),
 * the gfp cache and the traced kernel's counts; its look-ahead hook loads a free's name slot and then
 * its block's struct page before the free's turn comes.
 *
 * Invariants: a handler changes nothing before its whole record has been
 * checked, so an input error leaves the machine as the previous event left
 * it (except sysctl lines naming several knobs, which apply in order).
 *
 * Linux counterpart: the callers of alloc_pages_node()/__free_pages(), and
 * writes to /proc/sys/vm.
 */
#include <errno.h>
#include <string.h>

#include "mm/gfp.h"
#include "mm/mm.h"
#include "mm/raw_alloc.h"
#include "mm/sysctl.h"
#include "sim/verbs_page.h"

static struct alloc_ids *page_ids(const struct engine *e)
{
	return &page_state(e)->ids;
}

enum { ALLOC_ID, ALLOC_ORDER, ALLOC_GFP, ALLOC_NODE, ALLOC_CPU, ALLOC_PFN };

/* The checks of an alloc record's values, into *req (and the CPU). */
static enum engine_status alloc_parse(struct engine *e, const struct trace_record *rec,
				      const char *const *vals, struct page_alloc_req *req, int *cpu)
{
	const char *id = vals[ALLOC_ID];
	size_t id_len;
	uint64_t order;

	alloc_key_parse(&req->key, id, rec->word_readable);
	id_len = req->key.len;
	req->nid = NUMA_NO_NODE;
	if (id_len == 0)
		return engine_bad_input(e, rec, "empty id");
	if (engine_parse_uint(e, rec, "order", vals[ALLOC_ORDER], MAX_ORDER - 1, &order))
		return ENGINE_BAD_INPUT;
	req->order = (unsigned int)order;
	if (engine_parse_gfp(e, rec, &page_state(e)->gfp_cache, vals[ALLOC_GFP], &req->gfp))
		return ENGINE_BAD_INPUT;
	if (vals[ALLOC_NODE] && engine_parse_node(e, rec, vals[ALLOC_NODE], &req->nid))
		return ENGINE_BAD_INPUT;
	if (vals[ALLOC_CPU] && engine_parse_cpu(e, rec, vals[ALLOC_CPU], cpu))
		return ENGINE_BAD_INPUT;
	if (id_len > ALLOC_ID_MAX_LEN)
		return engine_bad_input(e, rec, "id too long (%zu characters)", id_len);
	if (alloc_ids_get(page_ids(e), &req->key, NULL))
		return engine_bad_input(e, rec, "id '%s' is already allocated", id);
	return ENGINE_OK;
}

static enum engine_status do_alloc(struct engine *e, const struct trace_record *rec,
				   const char *const *vals)
{
	struct machine *m = e->m;
	int cpu = m->current_cpu;
	struct page_alloc_req req;
	pfn_t pfn = PFN_NONE;
	raw_handle_t handle;

	if (alloc_parse(e, rec, vals, &req, &cpu))
		return ENGINE_BAD_INPUT;
	if (vals[ALLOC_PFN] && page_parse_pfn(e, rec, vals[ALLOC_PFN], true, &pfn))
		return ENGINE_BAD_INPUT;

	/* A kernel user's allocation: no task's cpuset applies. */
	set_current(m, NULL);
	m->current_cpu = cpu;
	if (vals[ALLOC_PFN] && e->opts.follow)
		return follow_alloc(e, rec, &req, pfn);
	if (raw_alloc(m, req.nid, req.gfp, req.order, &handle) != 0)
		return engine_internal(e, "out of memory for allocation handles");
	/* alloc_parse() found the name not live */
	if (alloc_ids_bind_new(page_ids(e), &req.key, handle, req.order) != 0)
		return engine_internal(e, "out of memory for allocation ids");
	if (vals[ALLOC_PFN])
		traced_count_alloc(e, &req, pfn, handle);
	return ENGINE_OK;
}

static const struct engine_verb verb_alloc = {
	.name = "alloc",
	.handler = do_alloc,
	.keys = { { "id", true }, { "order", true }, { "gfp", true }, { "node", false },
		  { "cpu", false }, { "pfn", false } },
};

enum { FREE_ID, FREE_CPU, FREE_PFN, FREE_ORDER };

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
	if (id && (vals[FREE_PFN] || vals[FREE_ORDER]))
		return engine_bad_input(e, rec, "free takes id= or pfn= with order=, not both");
	if (!id && (!vals[FREE_PFN] || !vals[FREE_ORDER]))
		return engine_bad_input(e, rec, "free needs id=, or pfn= and order=");
	if (!id)
		return page_free_pfn(e, rec, vals[FREE_PFN], vals[FREE_ORDER], cpu);
	alloc_key_parse(&key, id, rec->word_readable);
	if (!alloc_ids_take(page_ids(e), &key, &handle))
		return engine_bad_input(e, rec, "free of unknown id '%s' (never allocated, or freed already)",
					id);
	m->current_cpu = cpu;
	if (handle != RAW_HANDLE_NONE)
		raw_free(m, handle);
	return ENGINE_OK;
}

static const struct engine_verb verb_free = {
	.name = "free",
	.handler = do_free,
	.keys = { { "id", false }, { "cpu", false }, { "pfn", false }, { "order", false } },
};

static enum engine_status do_drain(struct engine *e, const struct trace_record *rec,
				   const char *const *vals)
{
	drain_all_pages(e->m, NULL);
	return ENGINE_OK;
}

static const struct engine_verb verb_drain = {
	.name = "drain",
	.handler = do_drain,
};

static enum engine_status do_sysctl(struct engine *e, const struct trace_record *rec,
				    const char *const *vals)
{
	if (rec->nr_args == 0)
		return engine_bad_input(e, rec, "sysctl needs NAME=VALUE (e.g. vm.min_free_kbytes=8192)");
	/* The writer is a shell of the top cpuset (vm.nr_hugepages allocates). */
	set_current(e->m, NULL);
	for (unsigned int a = 0; a < rec->nr_args; a++) {
		const struct trace_arg *arg = &rec->args[a];
		long value = 0;
		int ret;

		/* cpu=N: the CPU the writer runs on (persists, as alloc's cpu=). */
		if (!strcmp(arg->key, "cpu") && arg->value) {
			int cpu;

			if (engine_parse_cpu(e, rec, arg->value, &cpu))
				return ENGINE_BAD_INPUT;
			e->m->current_cpu = cpu;
			continue;
		}
		if (!arg->value)
			return engine_bad_input(e, rec, "sysctl '%s' needs a value (%s=VALUE)",
						arg->key, arg->key);
		if (engine_parse_long(e, rec, arg->key, arg->value, &value))
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

static const struct engine_verb verb_sysctl = {
	.name = "sysctl",
	.handler = do_sysctl,
	.any_keys = true,
};

/* ---- the family ---- */

/* The id= value of a record, if any (alloc and free name their block so). */
static const char *record_id(const struct trace_record *rec)
{
	for (unsigned int a = 0; a < rec->nr_args; a++)
		if (rec->args[a].key[0] == 'i' && rec->args[a].key[1] == 'd' &&
		    rec->args[a].key[2] == '\0')
			return rec->args[a].value;
	return NULL;
}

/*
 * A free names a random earlier block, three cache misses away: far ahead,
 * parse its name and start loading the name's slot (the parsed name stays
 * in *scratch); mid-way, with the slot in cache, read the handle and start
 * loading its slot in mm/'s raw table (*scratch: the handle); near, start
 * loading the block's struct page.  Names outside the dense array are
 * only prefetched far ahead.  An alloc needs none of this: its name is
 * new (numbered names come in order, so its slot is next to the last
 * one's) and its block comes from the allocator.
 */
#define SCRATCH_HANDLE	(1ull << 62)

static void page_lookahead(const struct engine *e, const void *state, const struct engine_verb *v,
			   const struct trace_record *rec, enum engine_ahead ahead, uint64_t *scratch)
{
	const struct page_verbs_state *s = state;
	struct alloc_key key;
	raw_handle_t handle;
	const char *id;

	if (v != &verb_free)
		return;
	if (ahead == ENGINE_AHEAD_FAR) {
		if (!(id = record_id(rec)))
			return;
		alloc_key_parse(&key, id, rec->word_readable);
		alloc_ids_prefetch(&s->ids, &key);
		*scratch = alloc_key_word(&key);
	} else if (ahead == ENGINE_AHEAD_MID) {
		if (alloc_ids_get_word(&s->ids, *scratch, &handle) && handle != RAW_HANDLE_NONE) {
			raw_alloc_prefetch(e->m, handle);
			*scratch = SCRATCH_HANDLE | handle;
		}
	} else if (*scratch & SCRATCH_HANDLE) {
		__builtin_prefetch(raw_alloc_page(e->m, (raw_handle_t)*scratch));
	}
}

static int page_init(void *state)
{
	struct page_verbs_state *s = state;

	alloc_ids_init(&s->ids);
	return 0;
}

static void page_release(void *state)
{
	struct page_verbs_state *s = state;

	alloc_ids_release(&s->ids);
	gfp_cache_release(&s->gfp_cache);
}

static const struct engine_verb *const page_verbs[] = {
	&verb_alloc, &verb_free, &verb_drain, &verb_sysctl, &verb_split, &verb_extfrag, NULL
};

const struct engine_family family_page = {
	.name = "page",
	.verbs = page_verbs,
	.state_size = sizeof(struct page_verbs_state),
	.init = page_init,
	.release = page_release,
	.lookahead = page_lookahead,
};
