/*
 * mm/shrinker.c - the shrinkers: caches outside the LRU that give memory
 * back under pressure (kernel object caches, THP's deferred split queue).
 *
 * Reclaim calls shrink_slab() for the node it reclaims, at its priority:
 * each shrinker is asked how many objects it could free (count_objects),
 * and is made to scan (freeable >> priority) * 4 / seeks of them, plus a
 * share of the work it deferred before, in batches of `batch` objects
 * (scan_objects).  What the batches leave undone is deferred to the next
 * call, capped at twice the freeable count.  vm.drop_caches=2 runs
 * drop_slab(): priority 0 on every node until a round frees little.
 *
 * Invariant: machine->shrinker_nr_deferred[i][nid] is in 0 .. 2 * the
 * freeable count shrinker i last reported for nid (node 0 for a shrinker
 * that is not NUMA aware).
 *
 * Linux counterpart: mm/vmscan.c (v6.1): register_shrinker,
 * do_shrink_slab, xchg_nr_deferred, add_nr_deferred, shrink_slab,
 * drop_slab_node, drop_slab.  No memory cgroups: shrink_slab_memcg()
 * does not exist here.
 */
#include <errno.h>

#include "mm/vmscan.h"

int register_shrinker(struct machine *m, const struct shrinker *s)
{
	if (m->nr_shrinkers == MAX_SHRINKERS)
		return -ENOSPC;
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		m->shrinker_nr_deferred[m->nr_shrinkers][nid] = 0;
	m->shrinkers[m->nr_shrinkers++] = s;
	return 0;
}

/* Linux: xchg_nr_deferred() / add_nr_deferred(): the slot of a shrinker's deferred work. */
static long *nr_deferred_slot(struct machine *m, unsigned int i, const struct shrink_control *sc)
{
	int nid = (m->shrinkers[i]->flags & SHRINKER_NUMA_AWARE) ? sc->nid : 0;

	return &m->shrinker_nr_deferred[i][nid];
}

/*
 * Linux: the scan target of do_shrink_slab(): new work (delta) from the
 * freeable count at this priority, plus the deferred work's share.
 */
static long shrink_target(const struct shrinker *s, long freeable, long nr, int priority,
			  unsigned long long *delta)
{
	long total_scan;

	if (s->seeks)
		*delta = ((unsigned long long)(freeable >> priority) * 4) / (unsigned int)s->seeks;
	else
		*delta = (unsigned long long)freeable / 2;	/* cheap to recreate: trim hard */
	total_scan = (nr >> priority) + (long)*delta;
	return total_scan < 2 * freeable ? total_scan : 2 * freeable;
}

/* Linux: do_shrink_slab(), mm/vmscan.c */
static unsigned long do_shrink_slab(struct machine *m, struct shrink_control *sc, unsigned int i,
				    int priority)
{
	const struct shrinker *s = m->shrinkers[i];
	long batch = s->batch ? s->batch : SHRINK_BATCH;
	long *deferred = nr_deferred_slot(m, i, sc);
	unsigned long freed = 0, freeable_count = s->count_objects(m, sc);
	long freeable = (long)freeable_count, scanned = 0, nr, total_scan, next;
	unsigned long long delta;

	if (freeable_count == 0 || freeable_count == SHRINK_EMPTY)
		return freeable_count;
	nr = *deferred;
	*deferred = 0;
	total_scan = shrink_target(s, freeable, nr, priority, &delta);
	/* Below a batch only when the whole cache is to go (tight on memory). */
	while (total_scan >= batch || total_scan >= freeable) {
		unsigned long ret;

		sc->nr_to_scan = (unsigned long)(total_scan < batch ? total_scan : batch);
		sc->nr_scanned = sc->nr_to_scan;
		ret = s->scan_objects(m, sc);
		if (ret == SHRINK_STOP)
			break;
		freed += ret;
		__count_vm_events(m, SLABS_SCANNED, sc->nr_scanned);
		total_scan -= (long)sc->nr_scanned;
		scanned += (long)sc->nr_scanned;
	}
	next = nr + (long)delta - scanned;
	next = next < 0 ? 0 : next;
	*deferred += next < 2 * freeable ? next : 2 * freeable;
	return freed;
}

unsigned long shrink_slab(struct machine *m, gfp_t gfp, int nid, int priority)
{
	unsigned long freed = 0;

	for (unsigned int i = 0; i < m->nr_shrinkers; i++) {
		struct shrink_control sc = { .gfp_mask = gfp, .nid = nid };
		unsigned long ret = do_shrink_slab(m, &sc, i, priority);

		freed += ret == SHRINK_EMPTY ? 0 : ret;
	}
	return freed;
}

/* Linux: drop_slab_node(), mm/vmscan.c: again while a round freed more than 2^rounds. */
static unsigned long drop_slab_node(struct machine *m, int nid)
{
	unsigned long freed, total = 0;
	int shift = 0;

	do {
		freed = shrink_slab(m, GFP_KERNEL, nid, 0);
		total += freed;
	} while ((freed >> shift++) > 1);
	return total;
}

/* Linux: drop_slab(), mm/vmscan.c */
unsigned long drop_slab(struct machine *m)
{
	unsigned long freed = 0;

	__count_vm_events(m, DROP_SLAB, 1);
	for_each_online_node(m, nid)
		if (NODE_DATA(m, nid))
			freed += drop_slab_node(m, nid);
	return freed;
}
