/*
 * mm/workingset_check.c - the workingset checker: each file's shadow
 * nodes (mm/workingset.h) are well formed, no shadow shares its index
 * with a cached folio (a shadow is not a folio), and each node's
 * workingset_nodes equals the shadow nodes counted on it.
 *
 * The files are the named ones and the unlinked ones tasks still map
 * (the others are gone, and their shadows with them).
 *
 * Linux counterpart: none (the kernel's xarray keeps nr_values per node,
 * which workingset_update_node() reads).
 */
#include "mm/workingset.h"

#include <stdio.h>
#include <stdlib.h>

#include "mm/array.h"
#include "mm/mm.h"
#include "mm/vmstat_counters.h"

struct shadow_recount {
	const struct machine *m;
	long nodes[MAX_NUMNODES];
	const struct address_space **seen;	/* unlinked files already counted */
	size_t nr_seen, seen_cap;
	int errors;
	char *msg;
	size_t msglen;
};

static void shadow_report(struct shadow_recount *rc, const struct address_space *mapping,
			  const char *what, uint64_t index)
{
	if (!rc->errors++)
		snprintf(rc->msg, rc->msglen, "file %s: index %llu: %s", mapping->name,
			 (unsigned long long)index, what);
}

/* One node: aligned, after the last, its count right, its values values, no folio beside. */
static void check_node(struct shadow_recount *rc, const struct address_space *mapping,
		       const struct shadow_node *node, uint64_t *next_first)
{
	unsigned int count = 0;

	if (node->first % SHADOW_NODE_SLOTS || node->first < *next_first || !node->count ||
	    node->nid < 0 || (unsigned int)node->nid >= rc->m->nr_node_ids)
		shadow_report(rc, mapping, "shadow node misplaced, empty or on no node", node->first);
	*next_first = node->first + SHADOW_NODE_SLOTS;
	for (unsigned int i = 0; i < SHADOW_NODE_SLOTS; i++) {
		if (!node->slot[i])
			continue;
		count++;
		if (!(node->slot[i] & 1))
			shadow_report(rc, mapping, "shadow is not a value entry", node->first + i);
		if (filemap_lookup(rc->m, mapping, node->first + i))
			shadow_report(rc, mapping, "shadow beside a cached folio", node->first + i);
	}
	if (count != node->count)
		shadow_report(rc, mapping, "shadow node count differs from its shadows", node->first);
	if (node->nid >= 0 && (unsigned int)node->nid < MAX_NUMNODES)
		rc->nodes[node->nid]++;
}

static void check_mapping(struct shadow_recount *rc, const struct address_space *mapping)
{
	uint64_t next_first = 0;

	for (size_t i = 0; i < mapping->nr_shadow_nodes; i++)
		check_node(rc, mapping, mapping->shadow_nodes[i], &next_first);
}

/* An unlinked file a VMA maps, once however many map it. */
static void check_unlinked(struct shadow_recount *rc, const struct address_space *mapping)
{
	for (size_t i = 0; i < rc->nr_seen; i++)
		if (rc->seen[i] == mapping)
			return;
	if (array_insert(&rc->seen, sizeof(mapping), &rc->nr_seen, &rc->seen_cap, rc->nr_seen,
			 &mapping))
		shadow_report(rc, mapping, "out of host memory", 0);
	check_mapping(rc, mapping);
}

/* The unlinked files still mapped (shmem objects among them): only a VMA reaches them. */
static void check_mapped_files(struct shadow_recount *rc)
{
	for (size_t t = 0; t < rc->m->procs.nr_tasks; t++) {
		const struct mm_struct *mm = rc->m->procs.tasks[t]->mm;

		for (size_t v = 0; mm && v < mm->nr_vmas; v++) {
			const struct address_space *f = mm->vmas[v]->vm_file;

			if (f && (f->unlinked || f->shmem) && f->nr_shadow_nodes)
				check_unlinked(rc, f);
		}
	}
}

int workingset_check(const struct machine *m, char *msg, size_t msglen)
{
	struct shadow_recount rc = { .m = m, .msg = msg, .msglen = msglen };

	for (size_t i = 0; i < m->procs.nr_files; i++)
		check_mapping(&rc, m->procs.files[i]);
	check_mapped_files(&rc);
	for (unsigned int nid = 0; !rc.errors && nid < m->nr_node_ids; nid++) {
		long counted = NODE_DATA(m, nid) ?
			__node_page_state_snapshot(NODE_DATA(m, nid), WORKINGSET_NODES) : 0;

		if (counted != rc.nodes[nid] && !rc.errors++)
			snprintf(msg, msglen, "node %u: workingset_nodes %ld, %ld shadow nodes",
				 nid, counted, rc.nodes[nid]);
	}
	free(rc.seen);
	return rc.errors;
}
