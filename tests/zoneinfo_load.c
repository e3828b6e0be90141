/*
 * tests/zoneinfo_load.c - see zoneinfo_load.h.
 *
 * The text is read by numasim's own reader of the kernel's files
 * (sim/procparse.c, the one `numasim diff` uses); this file only puts each
 * named number where the machine keeps it.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/internal.h"
#include "mm/vmstat.h"
#include "sim/procparse.h"
#include "tests/helpers.h"
#include "tests/zoneinfo_load.h"

static int name_index(const char *const *names, int nr_names, const char *name)
{
	for (int i = 0; i < nr_names; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

static struct zone *zone_named(struct machine *m, int nid, const char *zname)
{
	int zid = name_index(zone_names, MAX_NR_ZONES, zname);

	ck_assert_msg(zid >= 0, "zoneinfo: unknown zone %s", zname);
	return &m->node_data[nid]->node_zones[zid];
}

static void zoneinfo_set_size(struct zone *zone, const char *key, long v)
{
	static const char *const wmarks[] = { "min", "low", "high" };
	int w = name_index(wmarks, 3, key);

	/* The file shows each mark with the boost added; boost comes first. */
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

/* zoneinfo/nodeN/ZONE/KEY: a zone's size, watermark, reserve or counter. */
static void zoneinfo_set_zone(struct zone *zone, const char *key, long v)
{
	int i;

	if (strcmp(key, "pages_free") == 0)
		zone->vm_stat[NR_FREE_PAGES] = v;
	else if (sscanf(key, "protection[%d]", &i) == 1 && i >= 0 && i < MAX_NR_ZONES)
		zone->lowmem_reserve[i] = v;
	else if (strcmp(key, "start_pfn") == 0)
		zone->zone_start_pfn = (pfn_t)v;
	else if (strcmp(key, "node_unreclaimable") == 0)
		return;		/* ours to compute */
	else if ((i = name_index(zone_stat_names, NR_VM_ZONE_STAT_ITEMS, key)) >= 0)
		zone->vm_stat[i] = v;
	else if ((i = name_index(numa_stat_names, NR_VM_NUMA_EVENT_ITEMS, key)) >= 0)
		zone->vm_numa_event[i] = (unsigned long)v;
	else
		zoneinfo_set_size(zone, key, v);
}

/* zoneinfo/nodeN/ZONE/cpuC/KEY: a pageset (the threshold is ours to compute). */
static void zoneinfo_set_pcp(struct zone *zone, int cpu, const char *key, long v)
{
	struct per_cpu_pages *pcp = zone->per_cpu_pageset;

	if (!pcp)
		return;		/* a machine of counters only: no pagesets */
	pcp += cpu;
	if (strcmp(key, "count") == 0)
		pcp->count = (int)v;
	else if (strcmp(key, "high") == 0)
		pcp->high = (int)v;
	else if (strcmp(key, "batch") == 0)
		pcp->batch = (int)v;
}

static int zoneinfo_item(void *ctx, const struct proc_item *item)
{
	struct machine *m = ctx;
	char zname[16], key[64];
	int nid, cpu, i;

	if (sscanf(item->name, "zoneinfo/node%d/%15[^/]/cpu%d/%63s", &nid, zname, &cpu, key) == 4) {
		zoneinfo_set_pcp(zone_named(m, nid, zname), cpu, key, (long)item->value);
	} else if (sscanf(item->name, "zoneinfo/node%d/%15[^/]/%63s", &nid, zname, key) == 3) {
		zoneinfo_set_zone(zone_named(m, nid, zname), key, (long)item->value);
	} else {
		ck_assert_int_eq(sscanf(item->name, "zoneinfo/node%d/%63s", &nid, key), 2);
		i = name_index(node_stat_names, NR_VM_NODE_STAT_ITEMS, key);
		ck_assert_msg(i >= 0, "zoneinfo: unknown node stat %s", key);
		m->node_data[nid]->vm_stat[i] = (long)item->value;
	}
	return 0;
}

void test_zoneinfo_load(struct machine *m, const char *path)
{
	struct proc_file_kind kind;
	char *text = test_read_file(path);
	char err[512];

	ck_assert(proc_file_kind("zoneinfo", &kind));
	ck_assert_msg(proc_parse(&kind, path, text, strlen(text), zoneinfo_item, m, err,
				 sizeof(err)) == 0, "%s", err);
	free(text);
	/* The kernel derives this whenever watermarks and reserves are set. */
	calculate_totalreserve_pages(m);
}
