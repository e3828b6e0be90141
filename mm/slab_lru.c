/*
 * mm/slab_lru.c - the LRUs of unused dentries and inodes, and the
 * superblock shrinker that frees them.
 *
 * The model: the kernel keeps a dentry or inode that nobody references
 * on its superblock's LRU (a list_lru, one list per node), and the
 * superblock shrinker frees the oldest of them under pressure or on
 * vm.drop_caches=2.  The trace does not say when a dentry stops being
 * referenced, so an object it allocates in a cache with an LRU (dentry,
 * inode_cache, ext4_inode_cache) is unused from the start and goes on
 * its cache's LRU on the node of its slab, unless the allocation says it
 * is pinned (cache_alloc ... pinned: an open file's dentry).  The
 * shrinker frees objects one by one wherever they sit, so their slabs
 * empty unevenly and mostly stay partly used: only a slab whose last
 * object goes, on a node that keeps min_partial partial slabs already,
 * returns to the buddy.  A freed object's handle stays RECLAIMED until
 * the trace frees it (the kernel's user would have looked it up again
 * and found it gone; the trace's free is then accepted and counted).
 *
 * One shrinker stands for every superblock's (the kernel registers one
 * per mounted file system): it counts the dentry and inode LRUs of a
 * node together, scaled by vm.vfs_cache_pressure, and splits a scan
 * between dentries and inodes in proportion to their counts, dentries
 * first, as super_cache_count()/super_cache_scan() do.  The reference
 * bit that makes dentry_lru_isolate() rotate a recently used dentry
 * once is not modelled.
 *
 * Invariants (slab_check()): each node list of a cache holds its nr_lru
 * handles, LIVE ones on_lru of that cache on that node, oldest first.
 *
 * Linux counterpart: fs/super.c (super_cache_count, super_cache_scan),
 * fs/dcache.c (prune_dcache_sb), fs/inode.c (prune_icache_sb),
 * mm/list_lru.c (list_lru_add, list_lru_del, list_lru_shrink_count,
 * list_lru_shrink_walk), include/linux/dcache.h (vfs_pressure_ratio).
 */
#include "mm/slab.h"

#include "mm/bug.h"
#include "mm/vmscan.h"

/* Linux: mult_frac() */
static unsigned long mult_frac(unsigned long x, unsigned long n, unsigned long d)
{
	return (x / d) * n + (x % d) * n / d;
}

/* Linux: list_lru_add(), mm/list_lru.c: at the tail of the object's node. */
void slab_lru_add(struct machine *m, struct kmem_cache *s, slab_obj_t obj)
{
	struct slab_object *objs = m->slab->objs;
	struct kmem_cache_node *n = &s->node[objs[obj].slab->node];

	objs[obj].on_lru = true;
	objs[obj].lru_next = SLAB_OBJ_NONE;
	objs[obj].lru_prev = n->lru_tail;
	if (n->lru_tail != SLAB_OBJ_NONE)
		objs[n->lru_tail].lru_next = obj;
	else
		n->lru_head = obj;
	n->lru_tail = obj;
	n->nr_lru++;
}

/* Linux: list_lru_del(), mm/list_lru.c */
void slab_lru_del(struct machine *m, struct kmem_cache *s, slab_obj_t obj)
{
	struct slab_object *objs = m->slab->objs;
	struct slab_object *o = &objs[obj];
	struct kmem_cache_node *n = &s->node[o->slab->node];

	MM_BUG_ON(!o->on_lru);
	if (o->lru_prev != SLAB_OBJ_NONE)
		objs[o->lru_prev].lru_next = o->lru_next;
	else
		n->lru_head = o->lru_next;
	if (o->lru_next != SLAB_OBJ_NONE)
		objs[o->lru_next].lru_prev = o->lru_prev;
	else
		n->lru_tail = o->lru_prev;
	o->on_lru = false;
	n->nr_lru--;
}

unsigned long slab_lru_count(const struct machine *m, enum slab_lru_kind kind, int nid)
{
	unsigned long nr = 0;

	for (unsigned int i = 0; i < m->slab->nr_caches; i++)
		if (m->slab->caches[i]->lru == kind)
			nr += m->slab->caches[i]->node[nid].nr_lru;
	return nr;
}

/*
 * Linux: prune_dcache_sb() / prune_icache_sb() through
 * list_lru_shrink_walk(): free up to nr oldest objects of node nid's
 * LRUs of caches of that kind.  Returns the objects freed.
 */
static unsigned long prune_lru(struct machine *m, enum slab_lru_kind kind, int nid,
			       unsigned long nr)
{
	struct slab_caches *sc = m->slab;
	unsigned long freed = 0;

	for (unsigned int i = 0; i < sc->nr_caches && freed < nr; i++) {
		struct kmem_cache *s = sc->caches[i];

		if (s->lru != kind)
			continue;
		while (freed < nr && s->node[nid].lru_head != SLAB_OBJ_NONE) {
			slab_obj_t obj = s->node[nid].lru_head;
			struct slab_object *o = &sc->objs[obj];

			slab_lru_del(m, s, obj);
			slub_free(m, o->slab, o->idx);
			o->slab = NULL;
			o->state = SLAB_OBJ_RECLAIMED;
			sc->stats.reclaimed++;
			freed++;
		}
	}
	return freed;
}

/* Linux: super_cache_count(), fs/super.c */
static unsigned long super_cache_count(struct machine *m, struct shrink_control *sc)
{
	unsigned long total = slab_lru_count(m, SLAB_LRU_DENTRY, sc->nid) +
			      slab_lru_count(m, SLAB_LRU_INODE, sc->nid);

	if (!total)
		return SHRINK_EMPTY;
	return vfs_pressure_ratio(m, total);
}

/* Linux: super_cache_scan(), fs/super.c */
static unsigned long super_cache_scan(struct machine *m, struct shrink_control *sc)
{
	unsigned long dentries, inodes, total;
	unsigned long nr = sc->nr_to_scan;

	/* Freeing an inode may call into the file system. */
	if (!(sc->gfp_mask & __GFP_FS))
		return SHRINK_STOP;
	dentries = slab_lru_count(m, SLAB_LRU_DENTRY, sc->nid);
	inodes = slab_lru_count(m, SLAB_LRU_INODE, sc->nid);
	total = dentries + inodes + 1;
	dentries = mult_frac(nr, dentries, total);
	inodes = mult_frac(nr, inodes, total);
	return prune_lru(m, SLAB_LRU_DENTRY, sc->nid, dentries + 1) +
	       prune_lru(m, SLAB_LRU_INODE, sc->nid, inodes + 1);
}

static const struct shrinker super_shrinker = {
	.name = "sb-dentry-inode",
	.count_objects = super_cache_count,
	.scan_objects = super_cache_scan,
	.seeks = DEFAULT_SEEKS,
	.flags = SHRINKER_NUMA_AWARE,
};

int slab_lru_register_shrinker(struct machine *m)
{
	return register_shrinker(m, &super_shrinker);
}
