/*
 * mm/slab_check.c - the "slab" checker: the slabs, their lists, the
 * object handles and the unused-object LRUs agree with each other and
 * with the frames and counters.
 *
 * What it checks (the invariants of mm/slub.c, mm/slab_common.c and
 * mm/slab_lru.c):
 *   - every slab is on its node's partial list (0 <= inuse < objects) or
 *     full list (inuse == objects), or is the active slab of the CPU it
 *     names; nr_partial, nr_slabs and total_objects equal the lists;
 *   - every frame of a slab is PG_slab, on the slab's node, allocated
 *     (the head referenced, no frame free); compound exactly when the
 *     order is above 0;
 *   - the frames marked PG_slab are exactly the slabs' frames (walked once
 *     a slab has existed: a machine that never had one pays nothing);
 *   - NR_SLAB_RECLAIMABLE_B and NR_SLAB_UNRECLAIMABLE_B of each node equal
 *     the slab frames there (kmalloc_large blocks count as unreclaimable);
 *   - the LIVE handles of a cache number the objects its slabs hold;
 *   - each LRU list holds nr_lru LIVE handles of its cache and node,
 *     linked both ways, and no other handle is on_lru.
 *
 * Linux counterpart: none as a whole; SLUB_DEBUG's validate_slab_cache()
 * checks the lists and counts of one cache.
 */
#include "mm/slab.h"

#include <stdio.h>
#include <stdlib.h>

#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/vmstat_counters.h"

/* Per node: slab frames by the counter they belong to. */
struct slab_tally {
	unsigned long pages[MAX_NUMNODES][2];	/* [nid][reclaimable] */
	unsigned long inuse;			/* objects held by the cache's slabs */
};

static int check_frames(const struct machine *m, const struct slab *slab, char *msg, size_t msglen)
{
	const struct page *head = slab_page(m, slab);

	if (head->_refcount <= 0 || PageBuddy(head) ||
	    PageFlag(head, PG_head) != (slab->order > 0)) {
		snprintf(msg, msglen, "%s: slab at pfn %#llx is not an allocated block of order %u",
			 slab->slab_cache->name, (unsigned long long)slab->pfn, slab->order);
		return 1;
	}
	for (uint64_t i = 0; i < order_to_pages(slab->order); i++)
		if (!PageFlag(head + i, PG_slab) || page_to_nid(head + i) != slab->node) {
			snprintf(msg, msglen, "%s: pfn %#llx of a slab is not PG_slab on node %d",
				 slab->slab_cache->name, (unsigned long long)(slab->pfn + i),
				 slab->node);
			return 1;
		}
	return 0;
}

/* One slab found on a list (cpu: the CPU it should name, or -1). */
static int check_slab(const struct machine *m, const struct kmem_cache *s, const struct slab *slab,
		      int nid, int cpu, bool partial, struct slab_tally *t, char *msg, size_t msglen)
{
	bool ok = slab->slab_cache == s && slab->node == nid && slab->cpu == cpu &&
		  slab->on_partial == partial && slab->inuse <= slab->objects &&
		  (cpu >= 0 || (partial ? slab->inuse < slab->objects
					: slab->inuse == slab->objects));

	if (!ok) {
		snprintf(msg, msglen, "%s: slab at pfn %#llx (node %d, cpu %d, %u/%u objects) is "
			 "misplaced on node %d's %s", s->name, (unsigned long long)slab->pfn,
			 slab->node, slab->cpu, slab->inuse, slab->objects, nid,
			 cpu >= 0 ? "CPU slab" : partial ? "partial list" : "full list");
		return 1;
	}
	t->pages[nid][(s->flags & SLAB_RECLAIM_ACCOUNT) != 0] += order_to_pages(slab->order);
	t->inuse += slab->inuse;
	return check_frames(m, slab, msg, msglen);
}

/* One node's lists of s against its counters. */
static int check_node(const struct machine *m, const struct kmem_cache *s, int nid,
		      struct slab_tally *t, char *msg, size_t msglen)
{
	const struct kmem_cache_node *n = &s->node[nid];
	unsigned long nr_partial = 0, nr_slabs = 0, objects = 0;
	const struct slab *slab;

	list_for_each_entry(slab, &n->partial, slab_list) {
		if (check_slab(m, s, slab, nid, -1, true, t, msg, msglen))
			return 1;
		nr_partial++, nr_slabs++, objects += slab->objects;
	}
	list_for_each_entry(slab, &n->full, slab_list) {
		if (check_slab(m, s, slab, nid, -1, false, t, msg, msglen))
			return 1;
		nr_slabs++, objects += slab->objects;
	}
	for (unsigned int cpu = 0; cpu < m->nr_cpus; cpu++) {
		slab = s->cpu_slab[cpu];
		if (!slab || slab->node != nid)
			continue;
		if (check_slab(m, s, slab, nid, (int)cpu, false, t, msg, msglen))
			return 1;
		nr_slabs++, objects += slab->objects;
	}
	if (nr_partial != n->nr_partial || nr_slabs != n->nr_slabs || objects != n->total_objects) {
		snprintf(msg, msglen, "%s: node %d counts %lu partial, %lu slabs, %lu objects; "
			 "its lists hold %lu, %lu, %lu", s->name, nid, n->nr_partial, n->nr_slabs,
			 n->total_objects, nr_partial, nr_slabs, objects);
		return 1;
	}
	return 0;
}

/* One node's LRU of s: linked both ways, LIVE objects of s on nid. */
static int check_lru(const struct machine *m, const struct kmem_cache *s, int nid,
		     unsigned long *on_lru, char *msg, size_t msglen)
{
	const struct slab_caches *sc = m->slab;
	const struct kmem_cache_node *n = &s->node[nid];
	slab_obj_t prev = SLAB_OBJ_NONE;
	unsigned long nr = 0;

	for (slab_obj_t h = n->lru_head; h != SLAB_OBJ_NONE; prev = h, h = sc->objs[h].lru_next) {
		const struct slab_object *o = &sc->objs[h];

		if (h > sc->nr_objs || o->state != SLAB_OBJ_LIVE || !o->on_lru ||
		    o->slab->slab_cache != s || o->slab->node != nid || o->lru_prev != prev ||
		    ++nr > n->nr_lru) {
			snprintf(msg, msglen, "%s: node %d's LRU holds object %u wrongly", s->name,
				 nid, h);
			return 1;
		}
	}
	if (nr != n->nr_lru || prev != n->lru_tail) {
		snprintf(msg, msglen, "%s: node %d's LRU holds %lu objects, counts %lu", s->name,
			 nid, nr, n->nr_lru);
		return 1;
	}
	*on_lru += nr;
	return 0;
}

/* The LIVE handles per cache against the objects the slabs hold; the on_lru ones counted. */
static int check_handles(const struct machine *m, const unsigned long *inuse,
			 unsigned long on_lru, char *msg, size_t msglen)
{
	const struct slab_caches *sc = m->slab;
	unsigned long *live = calloc(sc->nr_caches, sizeof(*live));
	unsigned long nr_on_lru = 0, nr_live = 0;
	int bad = 0;

	if (!live)
		return 0;	/* no host memory to check with: not the machine's fault */
	for (slab_obj_t h = 1; h <= sc->nr_objs; h++) {
		const struct slab_object *o = &sc->objs[h];

		nr_live += o->state != SLAB_OBJ_FREE;
		nr_on_lru += o->on_lru && o->state == SLAB_OBJ_LIVE;
		if (o->state != SLAB_OBJ_LIVE)
			continue;
		live[o->slab->slab_cache->index]++;
	}
	for (unsigned int i = 0; i < sc->nr_caches && !bad; i++)
		if (live[i] != inuse[i]) {
			snprintf(msg, msglen, "%s: %lu live objects, its slabs hold %lu",
				 sc->caches[i]->name, live[i], inuse[i]);
			bad = 1;
		}
	if (!bad && (nr_on_lru != on_lru || nr_live != sc->nr_live)) {
		snprintf(msg, msglen, "%lu objects on_lru, the LRUs hold %lu; %lu handles in use, "
			 "%lu counted", nr_on_lru, on_lru, nr_live, sc->nr_live);
		bad = 1;
	}
	free(live);
	return bad;
}

/* The frames marked PG_slab and the node counters against the tally. */
static int check_counters(const struct machine *m, const struct slab_tally *t, char *msg,
			  size_t msglen)
{
	unsigned long marked = 0, slab_pages = 0;

	/* Only slab code sets PG_slab: before the first slab, no frame walk. */
	if (m->slab->stats.slabs_allocated)
		for_each_valid_pfn_run(m, run, run_end, 0, m->end_pfn)
			for (pfn_t pfn = run; pfn < run_end; pfn++)
				marked += PageFlag(pfn_to_page(m, pfn), PG_slab);
	for_each_online_node(m, nid) {
		const pg_data_t *pgdat = NODE_DATA(m, nid);
		long rec = __node_page_state_snapshot(pgdat, NR_SLAB_RECLAIMABLE_B);
		long unrec = __node_page_state_snapshot(pgdat, NR_SLAB_UNRECLAIMABLE_B);

		slab_pages += t->pages[nid][0] + t->pages[nid][1];
		if (rec != (long)t->pages[nid][1] ||
		    unrec != (long)(t->pages[nid][0] + m->slab->large_pages[nid])) {
			snprintf(msg, msglen, "node %d: nr_slab_reclaimable %ld, nr_slab_unreclaimable "
				 "%ld; its slabs hold %lu and %lu pages (+%lu kmalloc_large)", nid,
				 rec, unrec, t->pages[nid][1], t->pages[nid][0],
				 m->slab->large_pages[nid]);
			return 1;
		}
	}
	if (marked != slab_pages) {
		snprintf(msg, msglen, "%lu frames are PG_slab, the slabs hold %lu", marked,
			 slab_pages);
		return 1;
	}
	return 0;
}

int slab_check(const struct machine *m, char *msg, size_t msglen)
{
	const struct slab_caches *sc = m->slab;
	struct slab_tally *t;
	unsigned long *inuse, on_lru = 0;
	int bad = 0;

	if (!sc)
		return 0;
	t = calloc(1, sizeof(*t));
	inuse = calloc(sc->nr_caches, sizeof(*inuse));
	for (unsigned int i = 0; t && inuse && i < sc->nr_caches && !bad; i++) {
		t->inuse = 0;
		for (unsigned int nid = 0; nid < m->nr_node_ids && !bad; nid++)
			bad = check_node(m, sc->caches[i], (int)nid, t, msg, msglen) ||
			      check_lru(m, sc->caches[i], (int)nid, &on_lru, msg, msglen);
		inuse[i] = t->inuse;
	}
	if (t && inuse && !bad)
		bad = check_handles(m, inuse, on_lru, msg, msglen) ||
		      check_counters(m, t, msg, msglen);
	free(t);
	free(inuse);
	return bad;
}
