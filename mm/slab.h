/*
 * mm/slab.h - kernel object caches: a model of SLUB.
 *
 * A kmem_cache hands out objects of one size carved from slabs: compound
 * blocks of 2^order frames taken from the buddy allocator with PG_slab
 * set on every frame and counted in NR_SLAB_RECLAIMABLE_B or
 * NR_SLAB_UNRECLAIMABLE_B.  Each node of a cache keeps its partly used
 * slabs on a partial list; each CPU allocates from one active slab
 * (SLUB's cpu slab) until it is full, so one CPU's objects fill one slab
 * as SLUB's fast path does.  The kernel's per-CPU partial lists and
 * freelist randomisation are left out (see docs/reclaim.md, "Kernel
 * object caches").
 *
 * Objects are named by handles (slab_obj_t), as the trace names them:
 * the simulator has no addresses to give.  A handle stays valid until
 * the trace frees it, even when a shrinker freed the object meanwhile (a
 * reclaimable cache's unused object, see mm/slab_lru.c): the handle then
 * says "reclaimed" and its free only counts.
 *
 * Linux counterpart: mm/slab.h, include/linux/slab.h, mm/slub.c,
 * mm/slab_common.c.
 */
#ifndef MM_SLAB_H
#define MM_SLAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mm/gfp.h"
#include "mm/list.h"
#include "mm/mmzone.h"

/* Cache flags: Linux 6.1's values (include/linux/slab.h). */
typedef unsigned int slab_flags_t;
#define SLAB_KMALLOC		0x00001000u
#define SLAB_HWCACHE_ALIGN	0x00002000u
#define SLAB_CACHE_DMA		0x00004000u
#define SLAB_RECLAIM_ACCOUNT	0x00020000u
#define SLAB_PANIC		0x00040000u
#define SLAB_TYPESAFE_BY_RCU	0x00080000u
#define SLAB_MEM_SPREAD		0x00100000u
#define SLAB_ACCOUNT		0x04000000u

/* SLUB's limits (mm/slub.c, include/linux/slab.h). */
#define MAX_OBJS_PER_PAGE	32767u
#define MIN_PARTIAL		5ul
#define MAX_PARTIAL		10ul
#define KMALLOC_SHIFT_LOW	3
#define KMALLOC_SHIFT_HIGH	(PAGE_SHIFT + 1)	/* SLUB: 8 KiB, larger go to the buddy */
#define KMALLOC_SHIFT_MAX	(MAX_ORDER + PAGE_SHIFT - 1)
#define KMALLOC_MAX_CACHE_SIZE	(1u << KMALLOC_SHIFT_HIGH)
#define KMALLOC_MAX_SIZE	(1ul << KMALLOC_SHIFT_MAX)
#define SLAB_CACHE_LINE_BYTES	64u	/* x86_64's cache_line_size() */

/* Linux: enum kmalloc_cache_type (CONFIG_ZONE_DMA and CONFIG_MEMCG_KMEM on). */
enum kmalloc_cache_type {
	KMALLOC_NORMAL,
	KMALLOC_CGROUP,
	KMALLOC_RECLAIM,
	KMALLOC_DMA,
	NR_KMALLOC_TYPES
};

/*
 * Which shrinker frees a cache's unused objects (mm/slab_lru.c): the
 * superblock shrinker's dentry or inode LRU, or none (the trace frees
 * every object itself).
 */
enum slab_lru_kind {
	SLAB_LRU_NONE,
	SLAB_LRU_DENTRY,
	SLAB_LRU_INODE,
};

/* A name for an object the trace holds: 1 .. 2^32 - 2; SLAB_OBJ_NONE names nothing. */
typedef uint32_t slab_obj_t;
#define SLAB_OBJ_NONE	0u

/* Linux: struct kmem_cache_order_objects, unpacked. */
struct kmem_cache_order_objects {
	unsigned int order;
	unsigned int objects;
};

/*
 * One slab.  The kernel overlays struct slab on the head page; numasim's
 * 32-byte struct page has no room, so the slab lives in host memory and
 * its frames carry PG_slab (and, when order > 0, the compound layout).
 * Free objects are a stack of indices: the last freed is the next handed
 * out, as SLUB's LIFO freelist does.
 */
struct slab {
	struct list_head slab_list;	/* its node's partial or full list, unless a CPU's */
	struct kmem_cache *slab_cache;
	pfn_t pfn;			/* the head frame */
	unsigned int order;
	unsigned int objects;
	unsigned int inuse;
	int node;			/* slab_nid() */
	int cpu;			/* the CPU whose active slab it is; -1: on a list */
	bool on_partial;		/* else full (or a CPU's) */
	uint16_t *freelist;		/* [objects]: free object indices, [objects - inuse] of them */
};

/*
 * A cache's share of one node.  nr_slabs and total_objects are SLUB's
 * CONFIG_SLUB_DEBUG counters (slabinfo reads them).  The full list is
 * the debug list SLUB keeps only with SLAB_STORE_USER; numasim always
 * keeps it, so every slab is on exactly one list or a CPU's.  lru_* is
 * the node's list_lru of unused objects (mm/slab_lru.c), oldest first.
 */
struct kmem_cache_node {
	struct list_head partial;
	unsigned long nr_partial;
	struct list_head full;
	unsigned long nr_slabs;
	unsigned long total_objects;
	slab_obj_t lru_head, lru_tail;
	unsigned long nr_lru;
};

/* Linux: struct kmem_cache, include/linux/slub_def.h. */
struct kmem_cache {
	char name[32];
	unsigned int index;		/* in slab_caches.caches[] */
	unsigned int object_size;	/* what the user asked for */
	unsigned int size;		/* per object in the slab: aligned, with the free pointer */
	unsigned int align;
	slab_flags_t flags;
	bool has_ctor;			/* a constructor moves the free pointer out of the object */
	gfp_t allocflags;		/* __GFP_COMP, __GFP_RECLAIMABLE, GFP_DMA */
	struct kmem_cache_order_objects oo;	/* preferred */
	struct kmem_cache_order_objects min;	/* fallback: one object's order */
	unsigned long min_partial;
	enum slab_lru_kind lru;
	struct slab **cpu_slab;		/* [nr_cpus]: each CPU's active slab, or NULL */
	struct kmem_cache_node *node;	/* [nr_node_ids] */
	unsigned long order_fallback;	/* SLUB's ORDER_FALLBACK stat */
	unsigned long alloc_fail;	/* allocations that found no slab */
};

/* A handle's state (mm/slab_common.c). */
enum slab_obj_state {
	SLAB_OBJ_FREE,		/* the handle is not in use */
	SLAB_OBJ_LIVE,		/* an object in a slab */
	SLAB_OBJ_LARGE,		/* a kmalloc_large block */
	SLAB_OBJ_RECLAIMED,	/* a shrinker freed it; the trace has not yet */
};

struct slab_object {
	struct slab *slab;		/* LIVE: its slab */
	pfn_t pfn;			/* LARGE: the block's head */
	uint16_t idx;			/* LIVE: its index in the slab */
	uint8_t state;			/* enum slab_obj_state */
	uint8_t order;			/* LARGE */
	bool on_lru;			/* LIVE in a cache with an LRU, not pinned */
	slab_obj_t lru_prev, lru_next;	/* on its node's LRU of its cache */
};

/* What the trace's slab users did that no kernel counter shows. */
struct slab_sim_stats {
	unsigned long alloc_fail;		/* cache allocations that failed */
	unsigned long large_alloc_fail;		/* kmalloc_large allocations that failed */
	unsigned long reclaimed;		/* objects a shrinker freed */
	unsigned long freed_after_reclaim;	/* trace frees of such objects */
	unsigned long slabs_allocated;
	unsigned long slabs_freed;
};

/* The machine's caches and object handles: machine->slab. */
struct slab_caches {
	struct kmem_cache **caches;	/* in creation order (slabinfo prints newest first) */
	unsigned int nr_caches;
	struct kmem_cache *kmalloc_caches[NR_KMALLOC_TYPES][KMALLOC_SHIFT_HIGH + 1];
	unsigned int min_objects;	/* slub_min_objects as calculate_order() derives it */
	unsigned int min_order;		/* slub_min_order */
	unsigned int max_order;		/* slub_max_order */
	struct slab_object *objs;	/* [handle] */
	uint32_t nr_objs;		/* handles handed out so far, slot 0 unused */
	uint32_t cap;
	uint32_t *free;			/* a stack of freed handles */
	uint32_t nr_free;
	unsigned long nr_live;		/* LIVE + LARGE + RECLAIMED handles */
	unsigned long large_pages[MAX_NUMNODES];	/* kmalloc_large frames per node */
	struct slab_sim_stats stats;
};

/* ---- setup (mm/slab_common.c) ---- */

/* Linux: kmem_cache_init() + create_kmalloc_caches() and the named caches.  0 or -ENOMEM. */
int slab_init(struct machine *m);
void slab_release(struct machine *m);

/* The cache of that name, or NULL. */
struct kmem_cache *kmem_cache_find(const struct machine *m, const char *name);

/* Linux: kmalloc_slab(): the kmalloc cache for size (<= KMALLOC_MAX_CACHE_SIZE) and gfp. */
struct kmem_cache *kmalloc_slab(const struct machine *m, size_t size, gfp_t gfp);

/* ---- objects (mm/slab_common.c) ---- */

/*
 * Linux: kmem_cache_alloc_node(): an object of s on node nid (NUMA_NO_NODE:
 * the current CPU's), held by a new handle; pinned keeps it off its
 * cache's LRU (an object in use that no shrinker may free).  Returns 0
 * with *obj SLAB_OBJ_NONE when no slab could be had (counted), 0 with a
 * handle, or -ENOMEM when the handle table cannot grow (nothing held).
 */
int kmem_cache_alloc_obj(struct machine *m, struct kmem_cache *s, gfp_t gfp, int nid,
			 bool pinned, slab_obj_t *obj);

/*
 * Linux: __kmalloc_node(): size bytes (1 .. KMALLOC_MAX_SIZE) from a
 * kmalloc cache, or, above KMALLOC_MAX_CACHE_SIZE, kmalloc_large: a
 * __GFP_COMP block of get_order(size) straight from the buddy, counted
 * in NR_SLAB_UNRECLAIMABLE_B.  Returns as kmem_cache_alloc_obj().
 */
int kmalloc_obj(struct machine *m, size_t size, gfp_t gfp, int nid, slab_obj_t *obj);

/* The handle's state; SLAB_OBJ_FREE for any number not in use. */
enum slab_obj_state slab_obj_state(const struct machine *m, slab_obj_t obj);

/* The slab of a LIVE handle. */
struct slab *slab_obj_slab(const struct machine *m, slab_obj_t obj);

/*
 * Linux: kfree() / kmem_cache_free(): free the object (a RECLAIMED one
 * is only counted) and forget the handle, which must be in use.
 */
void slab_obj_free(struct machine *m, slab_obj_t obj);

/* ---- SLUB (mm/slub.c) ---- */

/*
 * Linux: calculate_order(), mm/slub.c: the slab order for objects of size
 * bytes, given slub_min_objects (min_objects), slub_min_order and
 * slub_max_order.  -1 when none up to MAX_ORDER - 1 fits one object.
 */
int slub_calculate_order(unsigned int size, unsigned int min_objects, unsigned int min_order,
			 unsigned int max_order);

/* Linux: calculate_sizes() + set_min_partial(): s's size, oo, min, allocflags.  0 or -EINVAL. */
int kmem_cache_calculate_sizes(struct machine *m, struct kmem_cache *s);

/*
 * Linux: slab_alloc_node() -> ___slab_alloc(): one free object of s on
 * node nid (NUMA_NO_NODE: any, the current CPU's first), from the CPU's
 * active slab, a partial slab, or a new slab.  Returns the slab with
 * *idx the object's index, or NULL when no slab could be allocated.
 */
struct slab *slub_alloc(struct machine *m, struct kmem_cache *s, gfp_t gfp, int nid,
			uint16_t *idx);

/*
 * Linux: slab_free() -> __slab_free(): give object idx back to its slab;
 * an empty slab goes back to the buddy when its node keeps min_partial
 * partial slabs already.
 */
void slub_free(struct machine *m, struct slab *slab, uint16_t idx);

/* The slab's head frame. */
struct page *slab_page(const struct machine *m, const struct slab *slab);

/* Free the host memory of every slab of s; the frames are left as they are (machine release). */
void slub_release_cache(struct machine *m, struct kmem_cache *s);

/* Linux: struct slabinfo + get_slabinfo(), mm/slab.h, mm/slub.c. */
struct slabinfo {
	unsigned long active_objs;
	unsigned long num_objs;
	unsigned long active_slabs;
	unsigned long num_slabs;
	unsigned int objects_per_slab;
	unsigned int cache_order;
};
void get_slabinfo(const struct machine *m, const struct kmem_cache *s, struct slabinfo *info);

/* The "slab" row of the checker registry (mm/check.h). */
int slab_check(const struct machine *m, char *msg, size_t msglen);

/* ---- the unused-object LRUs and their shrinker (mm/slab_lru.c) ---- */

/* Put a fresh unpinned object of a cache with an LRU at its node's tail. */
void slab_lru_add(struct machine *m, struct kmem_cache *s, slab_obj_t obj);

/* Take it off (the trace frees it). */
void slab_lru_del(struct machine *m, struct kmem_cache *s, slab_obj_t obj);

/* Linux: a superblock's s_shrink (alloc_super(), registered by sget_fc()): 0 or -ENOSPC. */
int slab_lru_register_shrinker(struct machine *m);

/* Objects on the LRUs of caches of that kind on node nid (list_lru_shrink_count()). */
unsigned long slab_lru_count(const struct machine *m, enum slab_lru_kind kind, int nid);

#endif /* MM_SLAB_H */
