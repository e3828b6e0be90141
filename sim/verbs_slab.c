/*
 * sim/verbs_slab.c - trace verbs of the kernel object caches: kmalloc,
 * kfree, cache_alloc and cache_free.
 *
 *   kmalloc id=NAME size=BYTES [gfp=FLAGS] [node=N] [cpu=N]
 *       kmalloc_node(size, gfp, node) on CPU cpu: an object of the
 *       kmalloc cache kmalloc_type(gfp) and size pick (kmalloc-8 ...
 *       kmalloc-8k, kmalloc-rcl-* for __GFP_RECLAIMABLE, kmalloc-cg-* for
 *       __GFP_ACCOUNT, dma-kmalloc-* for __GFP_DMA), or above 8 KiB a
 *       kmalloc_large block of get_order(size).  gfp defaults to
 *       GFP_KERNEL, node to the CPU's, cpu to the previous event's.
 *   kfree id=NAME [cpu=N]
 *       kfree() of the object NAME names (from kmalloc or cache_alloc).
 *   cache_alloc cache=NAME id=NAME [gfp=FLAGS] [node=N] [cpu=N] [pinned]
 *       kmem_cache_alloc_node() from the named cache (its name as
 *       /proc/slabinfo prints it).  In a cache the superblock shrinker
 *       frees (dentry, inode_cache, ext4_inode_cache) the object is
 *       unused and reclaimable unless pinned (see mm/slab_lru.c).
 *   cache_free id=NAME [cpu=N]
 *       kmem_cache_free() of a cache object (not a kmalloc_large block).
 *
 * A failed allocation is not an error: it is counted (mm/'s slab stats)
 * and NAME is bound to nothing, so that its later free is accepted and
 * does nothing, as with alloc.  The free of an object a shrinker freed
 * already is accepted too, and counted.  Names live in a table of their
 * own: a kmalloc id and an alloc id may be the same word.  No task is
 * current: a kernel user allocates.
 *
 * Invariants: a handler changes nothing before its whole record has been
 * checked, so an input error leaves the machine as it was.
 *
 * Linux counterpart: the callers of kmalloc_node(), kfree(),
 * kmem_cache_alloc_node() and kmem_cache_free().
 */
#include <errno.h>
#include <string.h>

#include "mm/mm.h"
#include "mm/slab.h"
#include "sim/alloc_ids.h"
#include "sim/args.h"
#include "sim/verbs.h"

struct slab_verbs_state {
	struct alloc_ids ids;		/* id=NAME -> the object's handle */
	struct gfp_cache gfp_cache;
};

static struct slab_verbs_state *slab_state(const struct engine *e)
{
	return engine_family_state(e, &family_slab);
}

/* An allocation record, checked. */
struct slab_req {
	struct alloc_key key;
	gfp_t gfp;
	int nid;
	int cpu;
};

/* id=, gfp=, node=, cpu= of an allocation, into *req. */
static enum engine_status slab_req_parse(struct engine *e, const struct trace_record *rec,
					 const char *id, const char *gfp, const char *node,
					 const char *cpu, struct slab_req *req)
{
	alloc_key_parse(&req->key, id, rec->word_readable);
	req->gfp = GFP_KERNEL;
	req->nid = NUMA_NO_NODE;
	req->cpu = e->m->current_cpu;
	if (req->key.len == 0)
		return engine_bad_input(e, rec, "empty id");
	if (req->key.len > ALLOC_ID_MAX_LEN)
		return engine_bad_input(e, rec, "id too long (%zu characters)", req->key.len);
	if (gfp && engine_parse_gfp(e, rec, &slab_state(e)->gfp_cache, gfp, &req->gfp))
		return ENGINE_BAD_INPUT;
	if (node && engine_parse_node(e, rec, node, &req->nid))
		return ENGINE_BAD_INPUT;
	if (cpu && engine_parse_cpu(e, rec, cpu, &req->cpu))
		return ENGINE_BAD_INPUT;
	if (alloc_ids_get(&slab_state(e)->ids, &req->key, NULL))
		return engine_bad_input(e, rec, "id '%s' is already allocated", id);
	return ENGINE_OK;
}

/* Bind the checked request's name to what the allocation gave (NONE: it failed). */
static enum engine_status slab_bind(struct engine *e, const struct slab_req *req, int ret,
				    slab_obj_t obj)
{
	if (ret)
		return engine_internal(e, "out of memory for object handles");
	if (alloc_ids_bind_new(&slab_state(e)->ids, &req->key, obj, 0) != 0)
		return engine_internal(e, "out of memory for object ids");
	return ENGINE_OK;
}

enum { KMALLOC_ID, KMALLOC_SIZE, KMALLOC_GFP, KMALLOC_NODE, KMALLOC_CPU };

static enum engine_status do_kmalloc(struct engine *e, const struct trace_record *rec,
				     const char *const *vals)
{
	struct machine *m = e->m;
	struct slab_req req;
	uint64_t size;
	slab_obj_t obj;
	int ret;

	if (engine_parse_size(e, rec, "size", vals[KMALLOC_SIZE], &size))
		return ENGINE_BAD_INPUT;
	if (size == 0 || size > KMALLOC_MAX_SIZE)
		return engine_bad_input(e, rec, "size %llu out of range (1..%lu)",
					(unsigned long long)size, KMALLOC_MAX_SIZE);
	if (slab_req_parse(e, rec, vals[KMALLOC_ID], vals[KMALLOC_GFP], vals[KMALLOC_NODE],
			   vals[KMALLOC_CPU], &req))
		return ENGINE_BAD_INPUT;
	set_current(m, NULL);
	m->current_cpu = req.cpu;
	ret = kmalloc_obj(m, size, req.gfp, req.nid, &obj);
	return slab_bind(e, &req, ret, obj);
}

static const struct engine_verb verb_kmalloc = {
	.name = "kmalloc",
	.handler = do_kmalloc,
	.keys = { { "id", true }, { "size", true }, { "gfp", false }, { "node", false },
		  { "cpu", false } },
};

enum { CALLOC_CACHE, CALLOC_ID, CALLOC_GFP, CALLOC_NODE, CALLOC_CPU, CALLOC_PINNED };

static enum engine_status do_cache_alloc(struct engine *e, const struct trace_record *rec,
					 const char *const *vals)
{
	struct machine *m = e->m;
	struct kmem_cache *s = kmem_cache_find(m, vals[CALLOC_CACHE]);
	struct slab_req req;
	slab_obj_t obj;
	int ret;

	if (!s)
		return engine_bad_input(e, rec, "unknown cache '%s' (the caches are the names "
					"/proc/slabinfo lists)", vals[CALLOC_CACHE]);
	if (slab_req_parse(e, rec, vals[CALLOC_ID], vals[CALLOC_GFP], vals[CALLOC_NODE],
			   vals[CALLOC_CPU], &req))
		return ENGINE_BAD_INPUT;
	set_current(m, NULL);
	m->current_cpu = req.cpu;
	ret = kmem_cache_alloc_obj(m, s, req.gfp, req.nid, vals[CALLOC_PINNED] != NULL, &obj);
	return slab_bind(e, &req, ret, obj);
}

static const struct engine_verb verb_cache_alloc = {
	.name = "cache_alloc",
	.handler = do_cache_alloc,
	.keys = { { "cache", true }, { "id", true }, { "gfp", false }, { "node", false },
		  { "cpu", false }, { "pinned", false, true } },
};

enum { FREE_ID, FREE_CPU };

/* kfree and cache_free: the same but for what they accept. */
static enum engine_status slab_free_verb(struct engine *e, const struct trace_record *rec,
					 const char *const *vals, bool cache_free)
{
	struct machine *m = e->m;
	const char *id = vals[FREE_ID];
	int cpu = m->current_cpu;
	struct alloc_key key;
	raw_handle_t obj;

	if (vals[FREE_CPU] && engine_parse_cpu(e, rec, vals[FREE_CPU], &cpu))
		return ENGINE_BAD_INPUT;
	alloc_key_parse(&key, id, rec->word_readable);
	if (!alloc_ids_get(&slab_state(e)->ids, &key, &obj))
		return engine_bad_input(e, rec, "%s of unknown id '%s' (never allocated, or freed "
					"already)", cache_free ? "cache_free" : "kfree", id);
	if (cache_free && slab_obj_state(m, obj) == SLAB_OBJ_LARGE)
		return engine_bad_input(e, rec, "cache_free of '%s', a kmalloc of more than %u "
					"bytes (kfree frees it)", id, KMALLOC_MAX_CACHE_SIZE);
	alloc_ids_take(&slab_state(e)->ids, &key, &obj);
	m->current_cpu = cpu;
	if (obj != SLAB_OBJ_NONE)
		slab_obj_free(m, obj);
	return ENGINE_OK;
}

static enum engine_status do_kfree(struct engine *e, const struct trace_record *rec,
				   const char *const *vals)
{
	return slab_free_verb(e, rec, vals, false);
}

static enum engine_status do_cache_free(struct engine *e, const struct trace_record *rec,
					const char *const *vals)
{
	return slab_free_verb(e, rec, vals, true);
}

static const struct engine_verb verb_kfree = {
	.name = "kfree",
	.handler = do_kfree,
	.keys = { { "id", true }, { "cpu", false } },
};

static const struct engine_verb verb_cache_free = {
	.name = "cache_free",
	.handler = do_cache_free,
	.keys = { { "id", true }, { "cpu", false } },
};

static int slab_verbs_init(void *state)
{
	struct slab_verbs_state *s = state;

	alloc_ids_init(&s->ids);
	return 0;
}

static void slab_verbs_release(void *state)
{
	struct slab_verbs_state *s = state;

	alloc_ids_release(&s->ids);
	gfp_cache_release(&s->gfp_cache);
}

static const struct engine_verb *const slab_verbs[] = {
	&verb_kmalloc, &verb_kfree, &verb_cache_alloc, &verb_cache_free, NULL
};

const struct engine_family family_slab = {
	.name = "slab",
	.verbs = slab_verbs,
	.state_size = sizeof(struct slab_verbs_state),
	.init = slab_verbs_init,
	.release = slab_verbs_release,
};
