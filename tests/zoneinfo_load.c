/*
 * tests/zoneinfo_load.c - see zoneinfo_load.h.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/internal.h"
#include "mm/vmstat.h"
#include "tests/helpers.h"
#include "tests/zoneinfo_load.h"

static int name_index(const char *const *names, int nr_names, const char *name)
{
	for (int i = 0; i < nr_names; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

struct zoneinfo_cursor {
	pg_data_t *pgdat;
	struct zone *zone;
	bool in_node_stats;
	int cpu;
};

static void zoneinfo_set_size(struct zone *zone, const char *key, long v)
{
	static const char *const wmarks[] = { "min", "low", "high" };
	int w = name_index(wmarks, 3, key);

	if (w >= 0)
		zone->_watermark[w] = (unsigned long)v - zone->watermark_boost;
	else if (strcmp(key, "boost") == 0)
		zone->watermark_boost = (unsigned long)v;
	else if (strcmp(key, "spanned") == 0)
		zone->spanned_pages = (unsigned long)v;
	else if (strcmp(key, "present") == 0)
		zone->present_pages = (unsigned long)v;
	else if (strcmp(key, "managed") == 0)
		zone->managed_pages = (unsigned long)v;
	else if (strcmp(key, "cma") == 0)
		zone->cma_pages = (unsigned long)v;
	else
		ck_abort_msg("zoneinfo: unknown key %s", key);
}

static void zoneinfo_set_stat(struct zoneinfo_cursor *c, const char *key, long v)
{
	int i;

	if (c->in_node_stats) {
		i = name_index(node_stat_names, NR_VM_NODE_STAT_ITEMS, key);
		ck_assert_msg(i >= 0, "zoneinfo: unknown node stat %s", key);
		c->pgdat->vm_stat[i] = v;
	} else if ((i = name_index(zone_stat_names, NR_VM_ZONE_STAT_ITEMS, key)) >= 0) {
		c->zone->vm_stat[i] = v;
	} else if ((i = name_index(numa_stat_names, NR_VM_NUMA_EVENT_ITEMS, key)) >= 0) {
		c->zone->vm_numa_event[i] = (unsigned long)v;
	} else {
		zoneinfo_set_size(c->zone, key, v);
	}
}

/* "key: value" lines: the pagesets and the zone trailer. */
static void zoneinfo_set_colon(struct zoneinfo_cursor *c, const char *key, long v)
{
	struct per_cpu_pages *pcp = c->zone->per_cpu_pageset;

	if (strcmp(key, "cpu") == 0)
		c->cpu = (int)v;
	else if (strcmp(key, "start_pfn") == 0)
		c->zone->zone_start_pfn = (pfn_t)v;
	if (!pcp)
		return;		/* a machine of counters only: no pagesets */
	pcp += c->cpu < 0 ? 0 : c->cpu;
	if (strcmp(key, "count") == 0)
		pcp->count = (int)v;
	else if (strcmp(key, "high") == 0)
		pcp->high = (int)v;
	else if (strcmp(key, "batch") == 0)
		pcp->batch = (int)v;
	/* "vm stats threshold" and "node_unreclaimable" are ours to compute. */
}

static void zoneinfo_load_line(struct machine *m, struct zoneinfo_cursor *c, const char *line)
{
	char key[64], zname[16];
	long v, p[MAX_NR_ZONES];
	int nid;

	if (sscanf(line, "Node %d, zone %15s", &nid, zname) == 2) {
		c->pgdat = m->node_data[nid];
		c->zone = &c->pgdat->node_zones[name_index(zone_names, MAX_NR_ZONES, zname)];
		c->in_node_stats = false;
		c->cpu = -1;
	} else if (strstr(line, "per-node stats")) {
		c->in_node_stats = true;
	} else if (sscanf(line, " protection: (%ld, %ld, %ld, %ld, %ld)",
			  &p[0], &p[1], &p[2], &p[3], &p[4]) == MAX_NR_ZONES) {
		memcpy(c->zone->lowmem_reserve, p, sizeof(p));
	} else if (sscanf(line, " pages free %ld", &v) == 1) {
		c->in_node_stats = false;
		c->zone->vm_stat[NR_FREE_PAGES] = v;
	} else if (sscanf(line, " %63[^:\n]: %ld", key, &v) == 2) {
		zoneinfo_set_colon(c, key, v);
	} else if (sscanf(line, " %63s %ld", key, &v) == 2) {
		zoneinfo_set_stat(c, key, v);
	}
}

void test_zoneinfo_load(struct machine *m, const char *path)
{
	struct zoneinfo_cursor c = { .cpu = -1 };
	char *text = test_read_file(path);
	char *save = NULL;

	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		zoneinfo_load_line(m, &c, line);
	free(text);
	/* The kernel derives this whenever watermarks and reserves are set. */
	calculate_totalreserve_pages(m);
}
