/*
 * mm/slub.c - SLUB's slabs: sizing, allocation from the buddy, the
 * per-node partial lists, each CPU's active slab, and the checker.
 *
 * Sizing follows calculate_sizes() and calculate_order(): the object
 * size rounded to a word, a word more when a constructor or RCU keeps the
 * free pointer out of the object, rounded to the cache's alignment; the
 * order is the smallest that holds slub_min_objects with little waste, at
 * most slub_max_order.  A slab is a block of that order (compound when
 * order > 0) taken with __GFP_NOWARN|__GFP_NORETRY and no direct reclaim
 * first; if that fails, the order of one object with the caller's gfp
 * (allocate_slab()'s fallback, SLUB's ORDER_FALLBACK stat).
 *
 * What is simplified (docs/reclaim.md, "Kernel object caches"): each CPU
 * has one active slab per cache (SLUB's cpu slab) and no per-CPU partial
 * list, so a slab that was full and gets a free goes straight to its
 * node's partial list; the freelist is in order, not shuffled
 * (CONFIG_SLAB_FREELIST_RANDOM); no debug metadata (SLUB_DEBUG off at
 * boot, as on the reference kernel); get_any_partial()'s rare remote
 * partial search is left out.
 *
 * Invariants (slab_check()): each slab is on exactly one of its node's
 * partial and full lists, or is one CPU's active slab; a listed partial
 * slab has 0 <= inuse < objects, a full one inuse == objects; nr_partial,
 * nr_slabs and total_objects equal the lists; every frame of a slab is
 * PG_slab and allocated; NR_SLAB_(UN)RECLAIMABLE_B of each node equal the
 * slab frames there (and the kmalloc_large ones); no other frame is
 * PG_slab.
 *
 * Linux counterpart: mm/slub.c (v6.1): calc_slab_order, calculate_order,
 * calculate_sizes, set_min_partial, allocate_slab, new_slab, discard_slab,
 * get_partial_node, deactivate_slab, ___slab_alloc, __slab_free,
 * get_slabinfo; mm/slab.h: account_slab, unaccount_slab.
 */
#include "mm/slab.h"

#include <stdio.h>
#include <stdlib.h>

#include "mm/bug.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/vmstat_counters.h"

/* The flags of a caller's gfp a slab allocation keeps (GFP_RECLAIM_MASK | GFP_CONSTRAINT_MASK). */
#define SLAB_GFP_KEEP	(__GFP_RECLAIM | __GFP_HIGH | __GFP_IO | __GFP_FS | __GFP_NOWARN | \
			 __GFP_RETRY_MAYFAIL | __GFP_NOFAIL | __GFP_NORETRY | __GFP_MEMALLOC | \
			 __GFP_NOMEMALLOC | __GFP_HARDWALL | __GFP_THISNODE)

/* Linux: get_order(): the smallest order whose block holds bytes. */
static unsigned int bytes_order(unsigned long bytes)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

/* Linux: order_objects(), mm/slub.c */
static unsigned int order_objects(unsigned int order, unsigned int size)
{
	return (unsigned int)((PAGE_SIZE << order) / size);
}

/* Linux: calc_slab_order(), mm/slub.c: the first order wasting at most 1/fract. */
static unsigned int calc_slab_order(unsigned int size, unsigned int min_objects,
				    unsigned int min_order, unsigned int max_order,
				    unsigned int fract_leftover)
{
	unsigned int order;

	if (order_objects(min_order, size) > MAX_OBJS_PER_PAGE)
		return bytes_order((unsigned long)size * MAX_OBJS_PER_PAGE) - 1;
	order = bytes_order((unsigned long)min_objects * size);
	for (order = order > min_order ? order : min_order; order <= max_order; order++) {
		unsigned int slab_size = (unsigned int)(PAGE_SIZE << order);

		if (slab_size % size <= slab_size / fract_leftover)
			break;
	}
	return order;
}

/* Linux: calculate_order(), mm/slub.c: more waste first, then fewer objects. */
int slub_calculate_order(unsigned int size, unsigned int min_objects, unsigned int min_order,
			 unsigned int max_order)
{
	unsigned int max_objects = order_objects(max_order, size);
	unsigned int order;

	if (min_objects > max_objects)
		min_objects = max_objects;
	for (; min_objects > 1; min_objects--)
		for (unsigned int fraction = 16; fraction >= 4; fraction /= 2) {
			order = calc_slab_order(size, min_objects, min_order, max_order, fraction);
			if (order <= max_order)
				return (int)order;
		}
	order = calc_slab_order(size, 1, min_order, max_order, 1);
	if (order <= max_order)
		return (int)order;
	order = calc_slab_order(size, 1, min_order, MAX_ORDER, 1);
	return order < MAX_ORDER ? (int)order : -1;
}

/* Linux: ilog2() */
static unsigned int ilog2_uint(unsigned int v)
{
	unsigned int r = 0;

	while (v >>= 1)
		r++;
	return r;
}

/* Linux: calculate_sizes() and set_min_partial(), mm/slub.c */
int kmem_cache_calculate_sizes(struct machine *m, struct kmem_cache *s)
{
	const struct slab_caches *sc = m->slab;
	unsigned int size = (s->object_size + 7u) & ~7u;
	int order;

	/* The free pointer may not overwrite the object: it goes after it. */
	if (s->has_ctor || (s->flags & SLAB_TYPESAFE_BY_RCU))
		size += 8;
	size = (size + s->align - 1) / s->align * s->align;
	s->size = size;
	order = slub_calculate_order(size, sc->min_objects, sc->min_order, sc->max_order);
	if (order < 0)
		return -1;
	s->allocflags = 0;
	if (order)
		s->allocflags |= __GFP_COMP;
	if (s->flags & SLAB_CACHE_DMA)
		s->allocflags |= GFP_DMA;
	if (s->flags & SLAB_RECLAIM_ACCOUNT)
		s->allocflags |= __GFP_RECLAIMABLE;
	s->oo = (struct kmem_cache_order_objects){ (unsigned int)order,
						   order_objects((unsigned int)order, size) };
	s->min = (struct kmem_cache_order_objects){ bytes_order(size),
						    order_objects(bytes_order(size), size) };
	/* set_min_partial() */
	s->min_partial = ilog2_uint(size) / 2;
	if (s->min_partial > MAX_PARTIAL)
		s->min_partial = MAX_PARTIAL;
	if (s->min_partial < MIN_PARTIAL)
		s->min_partial = MIN_PARTIAL;
	return 0;
}

struct page *slab_page(const struct machine *m, const struct slab *slab)
{
	return pfn_to_page(m, slab->pfn);
}

/* Linux: cache_vmstat_idx(), mm/slab.h */
static enum node_stat_item cache_vmstat_idx(const struct kmem_cache *s)
{
	return (s->flags & SLAB_RECLAIM_ACCOUNT) ? NR_SLAB_RECLAIMABLE_B : NR_SLAB_UNRECLAIMABLE_B;
}

/*
 * Linux: account_slab()/unaccount_slab(), mm/slab.h.  The kernel passes
 * bytes and __mod_node_page_state() keeps pages; numasim keeps pages.
 */
static void account_slab(struct machine *m, struct slab *slab, long sign)
{
	mod_node_page_state(m, slab_page(m, slab), cache_vmstat_idx(slab->slab_cache),
			    sign * (long)order_to_pages(slab->order));
}

/* Linux: alloc_slab_page(), mm/slub.c: folio_set_slab() on every frame. */
static struct page *alloc_slab_page(struct machine *m, gfp_t gfp, int nid, unsigned int order)
{
	struct page *page = nid == NUMA_NO_NODE ? __alloc_pages(m, gfp, order, numa_node_id(m), NULL)
						: alloc_pages_node(m, nid, gfp, order);

	if (page)
		for (uint64_t i = 0; i < order_to_pages(order); i++)
			SetPageFlag(page + i, PG_slab);
	return page;
}

/* Linux: allocate_slab() / new_slab(), mm/slub.c */
static struct slab *new_slab(struct machine *m, struct kmem_cache *s, gfp_t gfp, int nid)
{
	struct kmem_cache_order_objects oo = s->oo;
	gfp_t flags = (gfp & SLAB_GFP_KEEP) | s->allocflags;
	gfp_t first = (flags | __GFP_NOWARN | __GFP_NORETRY) & ~__GFP_NOFAIL;
	struct slab *slab;
	struct page *page;

	/* A higher order than needed must not stall: no direct reclaim. */
	if ((first & __GFP_DIRECT_RECLAIM) && oo.order > s->min.order)
		first = (first | __GFP_NOMEMALLOC) & ~__GFP_RECLAIM;
	/* Host memory first, for the larger layout: its lack changes no frame. */
	slab = calloc(1, sizeof(*slab));
	if (!slab || !(slab->freelist = malloc(s->oo.objects * sizeof(*slab->freelist)))) {
		free(slab);
		return NULL;
	}
	page = alloc_slab_page(m, first, nid, oo.order);
	if (!page) {
		oo = s->min;
		page = alloc_slab_page(m, flags, nid, oo.order);
		if (!page) {
			free(slab->freelist);
			free(slab);
			return NULL;
		}
		s->order_fallback++;
	}
	slab->slab_cache = s;
	slab->pfn = page_to_pfn(m, page);
	slab->order = oo.order;
	slab->objects = oo.objects;
	slab->node = page_to_nid(page);
	slab->cpu = -1;
	/* Index 0 on top of the stack: the first object is handed out first. */
	for (unsigned int i = 0; i < oo.objects; i++)
		slab->freelist[i] = (uint16_t)(oo.objects - 1 - i);
	account_slab(m, slab, 1);
	s->node[slab->node].nr_slabs++;		/* inc_slabs_node() */
	s->node[slab->node].total_objects += oo.objects;
	m->slab->stats.slabs_allocated++;
	return slab;
}

/* Linux: discard_slab() -> __free_slab(), mm/slub.c: __folio_clear_slab(), then the buddy. */
static void discard_slab(struct machine *m, struct kmem_cache *s, struct slab *slab)
{
	struct page *page = slab_page(m, slab);

	s->node[slab->node].nr_slabs--;		/* dec_slabs_node() */
	s->node[slab->node].total_objects -= slab->objects;
	account_slab(m, slab, -1);
	for (uint64_t i = 0; i < order_to_pages(slab->order); i++)
		ClearPageFlag(page + i, PG_slab);
	__free_pages(m, page, slab->order);
	m->slab->stats.slabs_freed++;
	free(slab->freelist);
	free(slab);
}

/* Linux: add_partial(), mm/slub.c */
static void add_partial(struct kmem_cache_node *n, struct slab *slab, bool tail)
{
	n->nr_partial++;
	slab->on_partial = true;
	if (tail)
		list_add_tail(&slab->slab_list, &n->partial);
	else
		list_add(&slab->slab_list, &n->partial);
}

/* Linux: remove_partial(), or off the full list. */
static void remove_from_list(struct kmem_cache_node *n, struct slab *slab)
{
	if (slab->on_partial)
		n->nr_partial--;
	slab->on_partial = false;
	list_del_init(&slab->slab_list);
}

/*
 * Linux: deactivate_slab(), mm/slub.c: a CPU lets its active slab go: to
 * the buddy if empty and the node keeps enough partial slabs, else to the
 * partial list's head, or the full list.
 */
static void deactivate_slab(struct machine *m, struct kmem_cache *s, struct slab *slab)
{
	struct kmem_cache_node *n = &s->node[slab->node];

	s->cpu_slab[slab->cpu] = NULL;
	slab->cpu = -1;
	if (!slab->inuse && n->nr_partial >= s->min_partial)
		discard_slab(m, s, slab);
	else if (slab->inuse < slab->objects)
		add_partial(n, slab, false);
	else
		list_add(&slab->slab_list, &n->full);
}

/* Linux: get_partial_node(), mm/slub.c: the first partial slab of node nid. */
static struct slab *get_partial_node(struct kmem_cache *s, int nid)
{
	struct kmem_cache_node *n = &s->node[nid];
	struct slab *slab;

	if (list_empty(&n->partial))
		return NULL;
	slab = list_entry(n->partial.next, struct slab, slab_list);
	remove_from_list(n, slab);
	return slab;
}

/* The CPU's active slab fits the request: a free object on an acceptable node (node_match()). */
static bool cpu_slab_usable(const struct slab *slab, int nid)
{
	return slab && slab->inuse < slab->objects && (nid == NUMA_NO_NODE || slab->node == nid);
}

/* Linux: slab_alloc_node() -> ___slab_alloc(), mm/slub.c */
struct slab *slub_alloc(struct machine *m, struct kmem_cache *s, gfp_t gfp, int nid,
			uint16_t *idx)
{
	int cpu = m->current_cpu;
	struct slab *slab = s->cpu_slab[cpu];

	/* A node without memory has no slabs (slab_nodes): any node will do. */
	if (nid != NUMA_NO_NODE && !node_has_memory(m, nid))
		nid = NUMA_NO_NODE;
	if (!cpu_slab_usable(slab, nid)) {
		if (slab)
			deactivate_slab(m, s, slab);
		slab = get_partial_node(s, nid == NUMA_NO_NODE ? numa_node_id(m) : nid);
		if (!slab)
			slab = new_slab(m, s, gfp, nid);
		if (!slab) {
			s->alloc_fail++;
			return NULL;
		}
		slab->cpu = cpu;
		s->cpu_slab[cpu] = slab;
	}
	*idx = slab->freelist[slab->objects - slab->inuse - 1];
	slab->inuse++;
	return slab;
}

/* Linux: slab_free() -> __slab_free(), mm/slub.c */
void slub_free(struct machine *m, struct slab *slab, uint16_t idx)
{
	struct kmem_cache *s = slab->slab_cache;
	struct kmem_cache_node *n = &s->node[slab->node];
	bool was_full = slab->inuse == slab->objects;

	MM_BUG_ON(!slab->inuse);
	slab->inuse--;
	slab->freelist[slab->objects - slab->inuse - 1] = idx;
	if (slab->cpu >= 0)
		return;		/* the fast path: the CPU's own slab */
	if (!slab->inuse && n->nr_partial >= s->min_partial) {
		remove_from_list(n, slab);
		discard_slab(m, s, slab);
	} else if (was_full) {
		remove_from_list(n, slab);
		add_partial(n, slab, true);
	}
}

void slub_release_cache(struct machine *m, struct kmem_cache *s)
{
	for (unsigned int cpu = 0; cpu < m->nr_cpus; cpu++)
		if (s->cpu_slab[cpu]) {
			free(s->cpu_slab[cpu]->freelist);
			free(s->cpu_slab[cpu]);
		}
	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++) {
		struct kmem_cache_node *n = &s->node[nid];
		struct list_head *lists[] = { &n->partial, &n->full };

		for (int l = 0; l < 2; l++)
			while (!list_empty(lists[l])) {
				struct slab *slab = list_entry(lists[l]->next, struct slab, slab_list);

				list_del_init(&slab->slab_list);
				free(slab->freelist);
				free(slab);
			}
	}
}

/* Linux: get_slabinfo(), mm/slub.c */
void get_slabinfo(const struct machine *m, const struct kmem_cache *s, struct slabinfo *info)
{
	unsigned long nr_slabs = 0, nr_objs = 0, nr_free = 0;
	const struct slab *slab;

	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++) {
		const struct kmem_cache_node *n = &s->node[nid];

		nr_slabs += n->nr_slabs;
		nr_objs += n->total_objects;
		/* count_partial(): free objects of listed partial slabs only */
		list_for_each_entry(slab, &n->partial, slab_list)
			nr_free += slab->objects - slab->inuse;
	}
	info->active_objs = nr_objs - nr_free;
	info->num_objs = nr_objs;
	info->active_slabs = nr_slabs;
	info->num_slabs = nr_slabs;
	info->objects_per_slab = s->oo.objects;
	info->cache_order = s->oo.order;
}
