/*
 * mm/slab_common.c - the machine's caches and the objects the trace holds.
 *
 * At boot the kmalloc caches are created as create_kmalloc_caches()
 * creates them (for each of the four kmalloc types, kmalloc-8 ...
 * kmalloc-8k with 96 and 192 after 64 and 128), then the named caches
 * the kernel makes at its own boot (dentry, inode_cache, ...).  Creating
 * a cache allocates no slab: the caches start empty, and the memory the
 * running system held at the trace's start stays the config's
 * kernel.in_use.  Named caches are not merged into others (the kernel's
 * slab merging would alias some of them to a kmalloc cache of the same
 * size and flags; each keeps its own slabs here).
 *
 * The named caches' object sizes are those of a Debian 6.1 x86_64 build
 * (sizeof() of the structures as that config lays them out; they change
 * with the config) and their flags and constructors are those of their
 * kmem_cache_create() calls.
 *
 * Objects are named by handles, kept in a table of struct slab_object:
 * a handle is given at allocation and taken back when the trace frees
 * it.  A shrinker that frees an object leaves its handle RECLAIMED.
 *
 * Invariants: a handle is FREE exactly when it is on the free stack or
 * not yet handed out; nr_live counts the others; a LIVE handle's slab
 * holds it (slab_check() counts them against each slab's inuse).
 *
 * Linux counterpart: mm/slab_common.c (v6.1): kmalloc_info,
 * create_kmalloc_caches, new_kmalloc_cache, create_boot_cache,
 * calculate_alignment, kmalloc_slab, __kmalloc_large_node, free_large_kmalloc,
 * kfree; mm/slub.c: kmem_cache_alloc_node, kmem_cache_free.
 */
#include "mm/slab.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/bug.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/vmstat_counters.h"

#define NR_ELEMS(a)	(sizeof(a) / sizeof((a)[0]))

/* Linux: kmalloc_info[] (index: the kmalloc index; 1 and 2 are 96 and 192). */
static const struct {
	const char *name;
	unsigned int size;
} kmalloc_info[KMALLOC_SHIFT_HIGH + 1] = {
	[1] = { "96", 96 },	[2] = { "192", 192 },	[3] = { "8", 8 },
	[4] = { "16", 16 },	[5] = { "32", 32 },	[6] = { "64", 64 },
	[7] = { "128", 128 },	[8] = { "256", 256 },	[9] = { "512", 512 },
	[10] = { "1k", 1024 },	[11] = { "2k", 2048 },	[12] = { "4k", 4096 },
	[13] = { "8k", 8192 },
};

static const char *const kmalloc_prefix[NR_KMALLOC_TYPES] = {
	[KMALLOC_NORMAL] = "kmalloc-", [KMALLOC_CGROUP] = "kmalloc-cg-",
	[KMALLOC_RECLAIM] = "kmalloc-rcl-", [KMALLOC_DMA] = "dma-kmalloc-",
};

/* The named caches: their kmem_cache_create() arguments. */
static const struct named_cache {
	const char *name;
	unsigned int object_size;
	unsigned int align;
	slab_flags_t flags;
	bool ctor;
	enum slab_lru_kind lru;
} named_caches[] = {
	/* mm/rmap.c anon_vma_init() */
	{ "anon_vma", 96, 8, SLAB_TYPESAFE_BY_RCU | SLAB_PANIC | SLAB_ACCOUNT, true, SLAB_LRU_NONE },
	{ "anon_vma_chain", 64, 8, SLAB_PANIC | SLAB_ACCOUNT, false, SLAB_LRU_NONE },
	/* kernel/fork.c fork_init(), proc_caches_init() */
	{ "task_struct", 6528, SLAB_CACHE_LINE_BYTES, SLAB_PANIC | SLAB_ACCOUNT, false, SLAB_LRU_NONE },
	{ "mm_struct", 1128, 0, SLAB_HWCACHE_ALIGN | SLAB_PANIC | SLAB_ACCOUNT, false, SLAB_LRU_NONE },
	{ "vm_area_struct", 152, 8, SLAB_PANIC | SLAB_ACCOUNT, false, SLAB_LRU_NONE },
	/* lib/radix-tree.c radix_tree_init() */
	{ "radix_tree_node", 576, 0, SLAB_PANIC | SLAB_RECLAIM_ACCOUNT, true, SLAB_LRU_NONE },
	/* fs/dcache.c dcache_init(), fs/inode.c inode_init() */
	{ "dentry", 192, 8, SLAB_RECLAIM_ACCOUNT | SLAB_PANIC | SLAB_MEM_SPREAD | SLAB_ACCOUNT,
	  false, SLAB_LRU_DENTRY },
	{ "inode_cache", 600, 0, SLAB_RECLAIM_ACCOUNT | SLAB_PANIC | SLAB_MEM_SPREAD | SLAB_ACCOUNT,
	  true, SLAB_LRU_INODE },
	/* fs/file_table.c files_init(), fs/buffer.c buffer_init() */
	{ "filp", 232, 0, SLAB_HWCACHE_ALIGN | SLAB_PANIC | SLAB_ACCOUNT, false, SLAB_LRU_NONE },
	{ "buffer_head", 104, 0, SLAB_RECLAIM_ACCOUNT | SLAB_PANIC | SLAB_MEM_SPREAD, false,
	  SLAB_LRU_NONE },
	/* fs/ext4/super.c init_inodecache() */
	{ "ext4_inode_cache", 1080, 0, SLAB_RECLAIM_ACCOUNT | SLAB_MEM_SPREAD | SLAB_ACCOUNT, true,
	  SLAB_LRU_INODE },
};

/* Linux: calculate_alignment(), mm/slab_common.c */
static unsigned int calculate_alignment(slab_flags_t flags, unsigned int align, unsigned int size)
{
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = SLAB_CACHE_LINE_BYTES;

		while (size <= ralign / 2)
			ralign /= 2;
		if (ralign > align)
			align = ralign;
	}
	if (align < 8)		/* arch_slab_minalign() */
		align = 8;
	return (align + 7u) & ~7u;
}

/* Linux: create_cache() / create_boot_cache(): a new cache, listed.  NULL: out of host memory. */
static struct kmem_cache *create_cache(struct machine *m, const char *name, unsigned int size,
				       unsigned int align, slab_flags_t flags, bool ctor)
{
	struct slab_caches *sc = m->slab;
	struct kmem_cache *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->object_size = size;
	s->flags = flags;
	s->has_ctor = ctor;
	s->align = calculate_alignment(flags, align, size);
	s->cpu_slab = calloc(m->nr_cpus, sizeof(*s->cpu_slab));
	s->node = calloc(m->nr_node_ids, sizeof(*s->node));
	if (!s->cpu_slab || !s->node || kmem_cache_calculate_sizes(m, s)) {
		free(s->cpu_slab);
		free(s->node);
		free(s);
		return NULL;
	}
	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++) {
		INIT_LIST_HEAD(&s->node[nid].partial);
		INIT_LIST_HEAD(&s->node[nid].full);
	}
	s->index = sc->nr_caches;
	sc->caches[sc->nr_caches++] = s;
	return s;
}

/* Linux: new_kmalloc_cache(); create_boot_cache() aligns power-of-two sizes to themselves. */
static int new_kmalloc_cache(struct machine *m, unsigned int idx, enum kmalloc_cache_type type)
{
	static const slab_flags_t type_flags[NR_KMALLOC_TYPES] = {
		[KMALLOC_CGROUP] = SLAB_ACCOUNT, [KMALLOC_RECLAIM] = SLAB_RECLAIM_ACCOUNT,
		[KMALLOC_DMA] = SLAB_CACHE_DMA,
	};
	unsigned int size = kmalloc_info[idx].size;
	char name[32];

	snprintf(name, sizeof(name), "%s%s", kmalloc_prefix[type], kmalloc_info[idx].name);
	m->slab->kmalloc_caches[type][idx] =
		create_cache(m, name, size, (size & (size - 1)) ? 8 : size,
			     SLAB_KMALLOC | type_flags[type], false);
	return m->slab->kmalloc_caches[type][idx] ? 0 : -ENOMEM;
}

/* Linux: create_kmalloc_caches(), mm/slab_common.c */
static int create_kmalloc_caches(struct machine *m)
{
	for (int type = KMALLOC_NORMAL; type < NR_KMALLOC_TYPES; type++)
		for (unsigned int i = KMALLOC_SHIFT_LOW; i <= KMALLOC_SHIFT_HIGH; i++) {
			if (new_kmalloc_cache(m, i, (enum kmalloc_cache_type)type))
				return -ENOMEM;
			if ((i == 6 && new_kmalloc_cache(m, 1, (enum kmalloc_cache_type)type)) ||
			    (i == 7 && new_kmalloc_cache(m, 2, (enum kmalloc_cache_type)type)))
				return -ENOMEM;
		}
	return 0;
}

/* Linux: fls() */
static unsigned int fls_uint(unsigned int v)
{
	unsigned int r = 0;

	while (v) {
		r++;
		v >>= 1;
	}
	return r;
}

/* Linux: kmem_cache_init() -> create_kmalloc_caches(), then the named caches' initcalls. */
int slab_init(struct machine *m)
{
	size_t nr = NR_KMALLOC_TYPES * (KMALLOC_SHIFT_HIGH - KMALLOC_SHIFT_LOW + 3) +
		    NR_ELEMS(named_caches);
	struct slab_caches *sc = calloc(1, sizeof(*sc));

	if (!sc)
		return -ENOMEM;
	m->slab = sc;
	sc->caches = calloc(nr, sizeof(*sc->caches));
	if (!sc->caches)
		return -ENOMEM;
	/* calculate_order(): slub_min_objects from the CPUs present. */
	sc->min_objects = 4 * (fls_uint(m->nr_cpus) + 1);
	sc->min_order = 0;
	sc->max_order = PAGE_ALLOC_COSTLY_ORDER;
	if (create_kmalloc_caches(m))
		return -ENOMEM;
	for (size_t i = 0; i < NR_ELEMS(named_caches); i++) {
		const struct named_cache *nc = &named_caches[i];
		struct kmem_cache *s = create_cache(m, nc->name, nc->object_size, nc->align,
						    nc->flags, nc->ctor);

		if (!s)
			return -ENOMEM;
		s->lru = nc->lru;
	}
	return slab_lru_register_shrinker(m) ? -ENOMEM : 0;
}

void slab_release(struct machine *m)
{
	struct slab_caches *sc = m->slab;

	if (!sc)
		return;
	for (unsigned int i = 0; i < sc->nr_caches; i++) {
		slub_release_cache(m, sc->caches[i]);
		free(sc->caches[i]->cpu_slab);
		free(sc->caches[i]->node);
		free(sc->caches[i]);
	}
	free(sc->caches);
	free(sc->objs);
	free(sc->free);
	free(sc);
	m->slab = NULL;
}

struct kmem_cache *kmem_cache_find(const struct machine *m, const char *name)
{
	for (unsigned int i = 0; i < m->slab->nr_caches; i++)
		if (!strcmp(m->slab->caches[i]->name, name))
			return m->slab->caches[i];
	return NULL;
}

/* Linux: kmalloc_type(), include/linux/slab.h */
static enum kmalloc_cache_type kmalloc_type(gfp_t gfp)
{
	if (gfp & __GFP_DMA)
		return KMALLOC_DMA;
	if (gfp & __GFP_RECLAIMABLE)
		return KMALLOC_RECLAIM;
	if (gfp & __GFP_ACCOUNT)
		return KMALLOC_CGROUP;
	return KMALLOC_NORMAL;
}

/* Linux: kmalloc_index() for KMALLOC_MIN_SIZE 8 (size_index[] gives the same up to 192). */
static unsigned int kmalloc_index(size_t size)
{
	if (size <= 8)
		return 3;
	if (size > 64 && size <= 96)
		return 1;
	if (size > 128 && size <= 192)
		return 2;
	return fls_uint((unsigned int)size - 1);
}

/* Linux: kmalloc_slab(), mm/slab_common.c */
struct kmem_cache *kmalloc_slab(const struct machine *m, size_t size, gfp_t gfp)
{
	return m->slab->kmalloc_caches[kmalloc_type(gfp)][kmalloc_index(size)];
}

/* ---- handles ---- */

/* A free handle, the table grown as needed; SLAB_OBJ_NONE when it cannot grow. */
static slab_obj_t obj_get(struct slab_caches *sc)
{
	if (sc->nr_free)
		return sc->free[--sc->nr_free];
	if (sc->nr_objs + 1 >= sc->cap) {
		uint32_t cap = sc->cap ? 2 * sc->cap : 1024;
		struct slab_object *objs;
		uint32_t *free_stack;

		if (cap >= UINT32_MAX / 2)
			return SLAB_OBJ_NONE;
		objs = realloc(sc->objs, cap * sizeof(*objs));
		if (!objs)
			return SLAB_OBJ_NONE;
		sc->objs = objs;
		free_stack = realloc(sc->free, cap * sizeof(*free_stack));
		if (!free_stack)
			return SLAB_OBJ_NONE;
		sc->free = free_stack;
		sc->cap = cap;
	}
	return ++sc->nr_objs;
}

/* Give back a handle obj_get() gave that holds nothing. */
static void obj_unget(struct slab_caches *sc, slab_obj_t obj)
{
	sc->objs[obj] = (struct slab_object){ .state = SLAB_OBJ_FREE };
	sc->free[sc->nr_free++] = obj;
}

static void obj_put(struct slab_caches *sc, slab_obj_t obj)
{
	obj_unget(sc, obj);
	sc->nr_live--;
}

enum slab_obj_state slab_obj_state(const struct machine *m, slab_obj_t obj)
{
	if (obj == SLAB_OBJ_NONE || obj > m->slab->nr_objs)
		return SLAB_OBJ_FREE;
	return (enum slab_obj_state)m->slab->objs[obj].state;
}

struct slab *slab_obj_slab(const struct machine *m, slab_obj_t obj)
{
	MM_BUG_ON(slab_obj_state(m, obj) != SLAB_OBJ_LIVE);
	return m->slab->objs[obj].slab;
}

/* Linux: kmem_cache_alloc_node(), mm/slub.c */
int kmem_cache_alloc_obj(struct machine *m, struct kmem_cache *s, gfp_t gfp, int nid,
			 bool pinned, slab_obj_t *obj)
{
	struct slab_caches *sc = m->slab;
	slab_obj_t h = obj_get(sc);
	struct slab *slab;
	uint16_t idx;

	*obj = SLAB_OBJ_NONE;
	if (h == SLAB_OBJ_NONE)
		return -ENOMEM;
	slab = slub_alloc(m, s, gfp, nid, &idx);
	if (!slab) {
		sc->stats.alloc_fail++;
		obj_unget(sc, h);
		return 0;
	}
	sc->objs[h] = (struct slab_object){ .slab = slab, .idx = idx, .state = SLAB_OBJ_LIVE };
	sc->nr_live++;
	if (s->lru != SLAB_LRU_NONE && !pinned)
		slab_lru_add(m, s, h);
	*obj = h;
	return 0;
}

/* Linux: __kmalloc_large_node(), mm/slab_common.c */
static int kmalloc_large(struct machine *m, size_t size, gfp_t gfp, int nid, slab_obj_t *obj)
{
	struct slab_caches *sc = m->slab;
	unsigned int order = 0;
	slab_obj_t h = obj_get(sc);
	struct page *page;

	*obj = SLAB_OBJ_NONE;
	if (h == SLAB_OBJ_NONE)
		return -ENOMEM;
	while ((PAGE_SIZE << order) < size)
		order++;
	page = alloc_pages_node(m, nid, (gfp & ~(__GFP_DMA32 | __GFP_HIGHMEM)) | __GFP_COMP, order);
	if (!page) {
		sc->stats.large_alloc_fail++;
		obj_unget(sc, h);
		return 0;
	}
	mod_node_page_state(m, page, NR_SLAB_UNRECLAIMABLE_B, (long)order_to_pages(order));
	sc->large_pages[page_to_nid(page)] += order_to_pages(order);
	sc->objs[h] = (struct slab_object){ .pfn = page_to_pfn(m, page), .order = (uint8_t)order,
					    .state = SLAB_OBJ_LARGE };
	sc->nr_live++;
	*obj = h;
	return 0;
}

/* Linux: __kmalloc_node() -> __do_kmalloc_node(), mm/slab_common.c */
int kmalloc_obj(struct machine *m, size_t size, gfp_t gfp, int nid, slab_obj_t *obj)
{
	MM_BUG_ON(size == 0 || size > KMALLOC_MAX_SIZE);
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_large(m, size, gfp, nid, obj);
	return kmem_cache_alloc_obj(m, kmalloc_slab(m, size, gfp), gfp, nid, false, obj);
}

/* Linux: free_large_kmalloc(), mm/slab_common.c */
static void free_large_kmalloc(struct machine *m, struct slab_object *o)
{
	struct page *page = pfn_to_page(m, o->pfn);

	mod_node_page_state(m, page, NR_SLAB_UNRECLAIMABLE_B, -(long)order_to_pages(o->order));
	m->slab->large_pages[page_to_nid(page)] -= order_to_pages(o->order);
	__free_pages(m, page, o->order);
}

/* Linux: kfree(), mm/slab_common.c; kmem_cache_free(), mm/slub.c */
void slab_obj_free(struct machine *m, slab_obj_t obj)
{
	struct slab_caches *sc = m->slab;
	struct slab_object *o = &sc->objs[obj];

	switch (slab_obj_state(m, obj)) {
	case SLAB_OBJ_LIVE:
		if (o->on_lru)
			slab_lru_del(m, o->slab->slab_cache, obj);
		slub_free(m, o->slab, o->idx);
		break;
	case SLAB_OBJ_LARGE:
		free_large_kmalloc(m, o);
		break;
	case SLAB_OBJ_RECLAIMED:
		sc->stats.freed_after_reclaim++;
		break;
	default:
		MM_BUG_ON(1);
	}
	obj_put(sc, obj);
}
