/*
 * sim/lab_util_migrate.c - reading the migration labs' answers off the
 * machine through the same numbers the shell's views print: vmstat_walk()
 * for /proc/vmstat, gather_numa_maps() for numa_maps, the named calls the
 * NUMA verbs keep for results.json.
 *
 * Invariant: reads only; nothing here changes the machine.
 *
 * No kernel counterpart.
 */
#include "sim/lab_util_migrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/mm.h"
#include "mm/task_mmu.h"
#include "mm/vmstat.h"
#include "sim/names.h"

const char lab_two_node_config[] =
	"{\n"
	"  \"machine\": {\n"
	"    \"nodes\": [ {\"mem\": \"16M\", \"cpus\": 1}, {\"mem\": \"16M\", \"cpus\": 1} ],\n"
	"    \"distance\": [[10, 20], [20, 10]]\n"
	"  },\n"
	"  \"kernel\": { \"profile\": \"linux-6.1\" }\n"
	"}\n";

int lab_numa_maps_nodes(struct lab_session *s, int pid, const char *id,
			unsigned long node[MAX_NUMNODES])
{
	const struct name_entry *n = name_table_find(&proc_verbs_state(&s->e)->addr_names, id);
	const struct task_struct *t = find_task_by_pid(&s->m, pid);
	struct vm_area_struct *vma = n && t && t->mm ? find_vma(t->mm, n->addr) : NULL;
	struct numa_maps md;

	if (!vma || vma->vm_start > n->addr) {
		snprintf(s->msg, sizeof(s->msg), "no mapping '%s' in pid %d", id, pid);
		return -1;
	}
	gather_numa_maps(&s->m, vma, &md);
	memcpy(node, md.node, sizeof(md.node));
	return 0;
}

const struct numa_call *lab_numa_call(const struct lab_session *s, const char *id)
{
	size_t nr;
	const struct numa_call *calls = numa_calls(&s->e, &nr);

	while (nr-- > 0)
		if (calls[nr].id && !strcmp(calls[nr].id, id))
			return &calls[nr];
	return NULL;
}

int lab_numa_call_node(const struct numa_call *c)
{
	for (int nid = 0; c && nid < MAX_NUMNODES; nid++)
		if (c->on_node[nid])
			return nid;
	return -1;
}
