/*
 * sim/init_from.c - "numasim run --init-from SNAPDIR" (sim/init_from.h):
 * read a snapshot folder, check it is of the booted machine's shape, and
 * restore every populated zone from it (mm/zone_restore.h).
 *
 * What is read, by item name (sim/procparse.h):
 *   zoneinfo/nodeN/ZONE/{spanned,present,managed}   the shape, compared
 *   zoneinfo/nodeN/ZONE/cpuC/count                  per-CPU pages
 *   zoneinfo/nodeN/ZONE/cpuC/vm_stats_threshold     the counters' drift
 *   zoneinfo/nodeN/ZONE/nr_free_pages, boost
 *   zoneinfo/nodeN/ZONE/nr_zone_{inactive,active}_{anon,file},
 *   nr_zone_unevictable                             the used pages' kinds
 *   pagetypeinfo/pageblock_order                    compared
 *   pagetypeinfo/nodeN/ZONE/TYPE/orderK             free blocks per list
 *   pagetypeinfo/nodeN/ZONE/blocks/TYPE             pageblocks per type
 *   buddyinfo/nodeN/ZONE/orderK                     to resolve capped counts
 * Everything else is ignored.  Bad input is one message, "PATH:LINE:
 * message" when a line is at fault, "PATH: message" or "DIR: message" when
 * something is missing, and exit status 2: a folder numasim cannot read,
 * without zoneinfo or pagetypeinfo, of another machine (nodes, zones and
 * their spanned, present and managed pages, CPUs, pageblock order), or one
 * whose pagetypeinfo holds more free pages than zoneinfo's nr_free_pages
 * beyond what the per-CPU lists and the counters' drift explain (the files
 * are read at different moments: pages move between the buddy and the
 * per-CPU lists, and nr_free_pages lags by up to each CPU's threshold).
 *
 * Where the kernel's numbers cannot be taken as they are, the nearest are:
 * a count pagetypeinfo capped (">100000") is buddyinfo's order total less
 * the other lists when it is the order's only capped one, else 100000;
 * Isolate and CMA pageblocks and free lists become Movable ones.  The
 * report (sim/init_from_report.c) says so for each.
 *
 * No kernel counterpart; the files are the kernel's (mm/vmstat.c).
 */
#include "sim/init_from.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "mm/vmstat.h"
#include "mm/vmstat_counters.h"
#include "sim/message.h"
#include "sim/procparse.h"
#include "sim/procsnap.h"

/* pagetypeinfo_showfree_print() stops counting a free list here. */
#define CAPPED_COUNT	100000ul

struct loader {
	const char *dir;
	const char *config;
	struct machine *m;
	struct procsnap snap;
	struct init_from_report *rep;
	int zone_index[HW_MAX_NODES][MAX_NR_ZONES];	/* into rep->zones, -1: unpopulated */
};

/* One message: "DIR: ", "DIR/FILE: " or "DIR/FILE:LINE: " and the text; exit status 2. */
__attribute__((format(printf, 4, 5)))
static int fail(const struct loader *l, const char *file, unsigned int line, const char *fmt, ...)
{
	char msg[MESSAGE_MAX], *path = file ? procsnap_join(l->dir, file) : NULL;
	const char *where = path ? path : l->dir;
	int n = line ? snprintf(msg, sizeof(msg), "%s:%u: ", where, line) :
		       snprintf(msg, sizeof(msg), "%s: ", where);
	va_list ap;

	free(path);
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < sizeof(msg))
		vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	return sim_fail(EXIT_BAD_INPUT, msg);
}

static const char *item_file(const struct loader *l, const struct procsnap_item *it)
{
	return l->snap.files[it->file];
}

/* "node N ZONE", as messages name a zone. */
static const char *zone_label(int nid, int zid)
{
	static char label[48];

	snprintf(label, sizeof(label), "node %d %s", nid, zone_names[zid]);
	return label;
}

/* "CPUs 0-3" or "CPU 0": the machine's, for messages. */
static const char *cpus_label(const struct machine *m)
{
	static char label[32];

	if (m->nr_cpus == 1)
		return "CPU 0";
	snprintf(label, sizeof(label), "CPUs 0-%u", m->nr_cpus - 1);
	return label;
}

/* ---- item names ---- */

/* "SECTION/nodeN/ZONE/REST": *nid, *zid (-1: no such zone name), *rest. */
static bool zone_item(const char *name, const char *section, int *nid, int *zid,
		      const char **rest)
{
	size_t len = strlen(section);
	char zone[32];
	int consumed = 0;

	if (strncmp(name, section, len) || name[len] != '/' ||
	    sscanf(name + len + 1, "node%d/%31[^/]/%n", nid, zone, &consumed) != 2 || !consumed)
		return false;
	*rest = name + len + 1 + consumed;
	*zid = -1;
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (!strcmp(zone, zone_names[z]))
			*zid = z;
	return true;
}

static int migratetype_by_name(const char *name, size_t len)
{
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		if (strlen(migratetype_names[mt]) == len && !strncmp(name, migratetype_names[mt], len))
			return mt;
	return -1;
}

/* "orderK" with K a buddy order: K, else -1. */
static int order_by_name(const char *s)
{
	unsigned int order;
	int consumed = 0;

	if (sscanf(s, "order%u%n", &order, &consumed) != 1 || s[consumed] || order >= MAX_ORDER)
		return -1;
	return (int)order;
}

/* ---- the walk over the items ---- */

static struct init_from_zone *zone_of(const struct loader *l, int nid, int zid)
{
	int i = l->zone_index[nid][zid];

	return i < 0 ? NULL : &l->rep->zones[i];
}

/* An item's value as a count: not negative, at most max. */
static int count_of(const struct loader *l, const struct procsnap_item *it, int nid, int zid,
		    unsigned long max, unsigned long *v)
{
	if (it->value < 0)
		return fail(l, item_file(l, it), it->line, "%s: negative count %lld",
			    zone_label(nid, zid), (long long)it->value);
	if ((uint64_t)it->value > max)
		return fail(l, item_file(l, it), it->line, "%s: %lld out of range (0..%lu)",
			    zone_label(nid, zid), (long long)it->value, max);
	*v = (unsigned long)it->value;
	return 0;
}

/* spanned, present, managed: the snapshot's zone must be the config's. */
static int compare_shape(struct loader *l, const struct procsnap_item *it, int nid, int zid,
			 const char *key)
{
	const struct zone *zone = &NODE_DATA(l->m, nid)->node_zones[zid];
	unsigned long ours = !strcmp(key, "spanned") ? zone->spanned_pages :
			     !strcmp(key, "present") ? zone->present_pages : zone->managed_pages;
	struct init_from_zone *z = zone_of(l, nid, zid);

	if (it->value < 0 || (uint64_t)it->value != ours)
		return fail(l, item_file(l, it), it->line, "%s: %s %lld in the snapshot, %lu in %s",
			    zone_label(nid, zid), key, (long long)it->value, ours, l->config);
	if (z && !strcmp(key, "managed"))
		z->line = it->line;
	return 0;
}

/* zoneinfo/nodeN/ZONE/cpuC/KEY */
static int read_pageset(struct loader *l, const struct procsnap_item *it, int nid, int zid,
			const char *rest)
{
	struct init_from_zone *z = zone_of(l, nid, zid);
	unsigned int cpu;
	char key[32];
	unsigned long v;

	if (!z || sscanf(rest, "cpu%u/%31s", &cpu, key) != 2)
		return 0;
	if (cpu >= l->m->nr_cpus)
		return fail(l, item_file(l, it), it->line, "%s: cpu %u in the snapshot, %s has %s",
			    zone_label(nid, zid), cpu, l->config, cpus_label(l->m));
	if (!strcmp(key, "count")) {
		if (count_of(l, it, nid, zid, NODE_DATA(l->m, nid)->node_zones[zid].managed_pages,
			     &z->pcp[cpu]))
			return EXIT_BAD_INPUT;
		z->pcp_seen[cpu] = true;
	} else if (!strcmp(key, "vm_stats_threshold")) {
		/* calculate_normal_threshold() gives at most 125. */
		if (count_of(l, it, nid, zid, 125, &v))
			return EXIT_BAD_INPUT;
		z->drift += v;
	}
	return 0;
}

/* The zone's LRU counters (zoneinfo): the movable part of its used memory. */
static const char *const lru_items[] = {
	"nr_zone_inactive_anon", "nr_zone_active_anon", "nr_zone_inactive_file",
	"nr_zone_active_file", "nr_zone_unevictable",
};
#define NR_LRU_ITEMS (sizeof(lru_items) / sizeof(lru_items[0]))

static bool is_lru_item(const char *name)
{
	for (size_t i = 0; i < NR_LRU_ITEMS; i++)
		if (!strcmp(name, lru_items[i]))
			return true;
	return false;
}

static int read_zoneinfo(struct loader *l, const struct procsnap_item *it, int nid, int zid,
			 const char *rest)
{
	struct init_from_zone *z = zone_of(l, nid, zid);

	if (!strcmp(rest, "spanned") || !strcmp(rest, "present") || !strcmp(rest, "managed"))
		return compare_shape(l, it, nid, zid, rest);
	if (!strncmp(rest, "cpu", 3))
		return read_pageset(l, it, nid, zid, rest);
	if (z && (!strcmp(rest, "nr_free_pages") ||
		  (!strcmp(rest, "pages_free") && !z->has_zoneinfo_free))) {
		z->zoneinfo_free = (long)it->value;
		z->has_zoneinfo_free = true;
	}
	if (z && !strcmp(rest, "boost"))
		z->boost = (long)it->value;
	if (z && is_lru_item(rest)) {
		z->lru_pages += it->value;
		z->lru_items++;
	}
	return 0;
}

/* pagetypeinfo/nodeN/ZONE/blocks/TYPE or .../TYPE/orderK */
static int read_pagetypeinfo(struct loader *l, const struct procsnap_item *it, int nid, int zid,
			     const char *rest)
{
	struct init_from_zone *z = zone_of(l, nid, zid);
	const char *slash = strchr(rest, '/');
	bool blocks = !strncmp(rest, "blocks/", 7);
	int mt, order = 0;
	unsigned long max;

	if (!strncmp(rest, "mixed/", 6) || !slash)
		return 0;
	mt = blocks ? migratetype_by_name(rest + 7, strlen(rest + 7)) :
		      migratetype_by_name(rest, (size_t)(slash - rest));
	if (mt < 0)
		return fail(l, item_file(l, it), it->line, "unknown migratetype in '%s'", it->name);
	if (!blocks && (order = order_by_name(slash + 1)) < 0)
		return fail(l, item_file(l, it), it->line, "'%s': the largest order is %d",
			    it->name, MAX_ORDER - 1);
	max = z ? NODE_DATA(l->m, nid)->node_zones[zid].managed_pages >> order : 0;
	if (!z && it->value)
		return fail(l, item_file(l, it), it->line, "%s: not a populated zone of %s",
			    zone_label(nid, zid), l->config);
	if (!z)
		return 0;
	if (count_of(l, it, nid, zid, blocks ? ULONG_MAX : max,
		     blocks ? &z->blocks[mt] : &z->free[order][mt]))
		return EXIT_BAD_INPUT;
	if (blocks && (!z->blocks_line || it->line < z->blocks_line))
		z->blocks_line = it->line;
	if (!blocks && (!z->free_line || it->line < z->free_line))
		z->free_line = it->line;
	z->has_blocks_row |= blocks;
	z->has_free_rows |= !blocks;
	z->capped[order][mt] |= !blocks && it->at_least;
	return 0;
}

static int read_buddyinfo(struct loader *l, const struct procsnap_item *it, int nid, int zid,
			  const char *rest)
{
	struct init_from_zone *z = zone_of(l, nid, zid);
	int order = order_by_name(rest);

	if (!z && it->value)
		return fail(l, item_file(l, it), it->line, "%s: not a populated zone of %s",
			    zone_label(nid, zid), l->config);
	if (!z || order < 0)
		return 0;
	z->has_buddy = true;
	return count_of(l, it, nid, zid, ULONG_MAX, &z->buddy[order]);
}

static int read_item(struct loader *l, const struct procsnap_item *it)
{
	static const char *const sections[] = { "zoneinfo", "pagetypeinfo", "buddyinfo" };
	const char *rest;
	int nid, zid;

	if (!strcmp(it->name, "pagetypeinfo/pageblock_order") &&
	    it->value != (int64_t)l->m->pageblock_order)
		return fail(l, item_file(l, it), it->line, "pageblock order %lld in the snapshot, "
			    "%u in %s", (long long)it->value, l->m->pageblock_order, l->config);
	for (size_t s = 0; s < sizeof(sections) / sizeof(sections[0]); s++) {
		if (!zone_item(it->name, sections[s], &nid, &zid, &rest))
			continue;
		if (zid < 0)
			return fail(l, item_file(l, it), it->line, "unknown zone in '%s'", it->name);
		if (nid < 0 || (unsigned int)nid >= l->m->nr_node_ids)
			return fail(l, item_file(l, it), it->line, "node %d in the snapshot, %s has "
				    "nodes 0-%u", nid, l->config, l->m->nr_node_ids - 1);
		return s == 0 ? read_zoneinfo(l, it, nid, zid, rest) :
		       s == 1 ? read_pagetypeinfo(l, it, nid, zid, rest) :
				read_buddyinfo(l, it, nid, zid, rest);
	}
	return 0;
}

/* ---- what each zone must have ---- */

static unsigned long recorded_pcp(const struct init_from_report *rep,
				  const struct init_from_zone *z)
{
	unsigned long nr = 0;

	for (unsigned int cpu = 0; cpu < rep->nr_cpus; cpu++)
		nr += z->pcp[cpu];
	return nr;
}

/* Free pages in the recorded lists (capped counts as resolved). */
static unsigned long recorded_free_pages(const struct init_from_zone *z)
{
	unsigned long nr = 0;

	for (unsigned int order = 0; order < MAX_ORDER; order++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			nr += z->free[order][mt] << order;
	return nr;
}

/* The zone is in zoneinfo with every CPU's pageset, and in pagetypeinfo. */
static int check_present(const struct loader *l, const struct init_from_zone *z)
{
	const struct zone *zone = &NODE_DATA(l->m, z->nid)->node_zones[z->zid];

	if (!z->line)
		return fail(l, "zoneinfo", 0, "%s: not in the snapshot, %s has it (managed %lu)",
			    zone_label(z->nid, z->zid), l->config, zone->managed_pages);
	for (unsigned int cpu = 0; cpu < l->m->nr_cpus; cpu++)
		if (!z->pcp_seen[cpu])
			return fail(l, "zoneinfo", z->line, "%s: no pageset of cpu %u in the "
				    "snapshot, %s has %s", zone_label(z->nid, z->zid), cpu,
				    l->config, cpus_label(l->m));
	if (!z->has_free_rows || !z->has_blocks_row)
		return fail(l, "pagetypeinfo", 0, "%s: no %s in it", zone_label(z->nid, z->zid),
			    z->has_free_rows ? "'Number of blocks type' row" : "free counts");
	return 0;
}

/* Pageblocks add up to the zone's; free and per-CPU pages fit in it. */
static int check_counts(const struct loader *l, const struct init_from_zone *z)
{
	const struct zone *zone = &NODE_DATA(l->m, z->nid)->node_zones[z->zid];
	unsigned long blocks = 0, ours = zone_restore_nr_pageblocks(l->m, zone);
	unsigned long free_pages = recorded_free_pages(z), pcp = recorded_pcp(l->rep, z);

	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		blocks += z->blocks[mt];
	if (blocks != ours)
		return fail(l, "pagetypeinfo", z->blocks_line, "%s: %lu pageblocks in the snapshot, "
			    "%lu in %s", zone_label(z->nid, z->zid), blocks, ours, l->config);
	if (free_pages + pcp > zone->managed_pages)
		return fail(l, "zoneinfo", z->line, "%s: %lu free and %lu per-CPU pages recorded, "
			    "more than its %lu managed pages", zone_label(z->nid, z->zid),
			    free_pages, pcp, zone->managed_pages);
	return 0;
}

/*
 * A capped count: the order's buddyinfo total less the other lists, when
 * it is the order's only capped one and that fits in the zone.
 */
static void resolve_capped(const struct loader *l, struct init_from_zone *z)
{
	unsigned long managed = NODE_DATA(l->m, z->nid)->node_zones[z->zid].managed_pages;

	for (unsigned int order = 0; order < MAX_ORDER; order++) {
		unsigned long others = 0;
		int capped = -1, nr_capped = 0;

		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			if (z->capped[order][mt]) {
				capped = mt;
				nr_capped++;
			} else {
				others += z->free[order][mt];
			}
		}
		if (nr_capped != 1 || !z->has_buddy || z->buddy[order] < others + CAPPED_COUNT ||
		    z->buddy[order] - others > managed >> order)
			continue;
		z->free[order][capped] = z->buddy[order] - others;
		z->resolved[order][capped] = true;
	}
}

static bool has_unresolved_cap(const struct init_from_zone *z)
{
	for (unsigned int order = 0; order < MAX_ORDER; order++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			if (z->capped[order][mt] && !z->resolved[order][mt])
				return true;
	return false;
}

/*
 * pagetypeinfo's free pages against zoneinfo's nr_free_pages: apart by no
 * more than the per-CPU pages and every CPU's counter threshold (a lower
 * bound only, with a capped count).
 */
static int check_free_pages(const struct loader *l, const struct init_from_zone *z)
{
	unsigned long lists = recorded_free_pages(z), slack = recorded_pcp(l->rep, z) + z->drift;
	long gap = (long)lists - z->zoneinfo_free;

	if (!z->has_zoneinfo_free || (gap <= (long)slack && (gap >= -(long)slack ||
							      has_unresolved_cap(z))))
		return 0;
	return fail(l, "pagetypeinfo", z->free_line, "%s: the free lists hold %lu pages, zoneinfo's "
		    "nr_free_pages is %ld: more apart than the %lu pages the per-CPU lists and the "
		    "counters' drift explain", zone_label(z->nid, z->zid), lists, z->zoneinfo_free,
		    slack);
}

/* ---- restoring ---- */

/* Isolate and CMA cannot be restored: their blocks and lists count as Movable. */
static int restorable_type(int mt)
{
	return mt == MIGRATE_ISOLATE || mt == MIGRATE_CMA ? MIGRATE_MOVABLE : mt;
}

static void fill_want(const struct init_from_report *rep, const struct init_from_zone *z,
		      struct zone_restore_want *want)
{
	memset(want, 0, sizeof(*want));
	for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
		want->pageblocks[restorable_type(mt)] += z->blocks[mt];
		for (unsigned int order = 0; order < MAX_ORDER; order++)
			want->nr_free[order][restorable_type(mt)] += z->free[order][mt];
	}
	for (unsigned int cpu = 0; cpu < rep->nr_cpus; cpu++)
		want->pcp_pages[cpu] = z->pcp[cpu];
	want->lru_known = z->lru_items == NR_LRU_ITEMS;
	want->lru_pages = z->lru_pages;
}

/* What the zone holds now, as the kernel's files would show it. */
static void read_back(const struct machine *m, const struct zone *zone, struct init_from_zone *z)
{
	for (unsigned int order = 0; order < MAX_ORDER; order++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			z->got_free[order][mt] = free_list_length(m, zone, order, mt);
	pageblock_type_counts(m, zone, z->got_blocks);
	for (unsigned int cpu = 0; cpu < m->nr_cpus; cpu++)
		z->got_pcp[cpu] = (unsigned long)zone->per_cpu_pageset[cpu].count;
	z->got_free_pages = zone_free_pages(zone);
}

static int restore_zone(const struct loader *l, struct init_from_zone *z)
{
	struct zone *zone = &NODE_DATA(l->m, z->nid)->node_zones[z->zid];
	struct zone_restore_want *want = malloc(sizeof(*want));
	char err[256];
	int ret;

	if (!want)
		return sim_fail(EXIT_HOST, "numasim: out of memory");
	fill_want(l->rep, z, want);
	ret = zone_restore(l->m, zone, want, &z->res, err, sizeof(err));
	free(want);
	if (ret == -ENOMEM)
		return sim_fail(EXIT_HOST, "numasim: out of memory");
	if (ret)
		return fail(l, NULL, 0, "%s", err);
	read_back(l->m, zone, z);
	return 0;
}

/* ---- the whole ---- */

/* One struct init_from_zone per populated zone of the machine. */
static int setup_zones(struct loader *l)
{
	struct machine *m = l->m;
	struct init_from_report *rep = l->rep;

	rep->zones = calloc((size_t)m->nr_node_ids * MAX_NR_ZONES, sizeof(*rep->zones));
	if (!rep->zones)
		return sim_fail(EXIT_HOST, "numasim: out of memory");
	rep->nr_cpus = m->nr_cpus;
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		rep->type_in_abi[mt] = migratetype_in_abi(m, mt);
	for (int nid = 0; nid < HW_MAX_NODES; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			l->zone_index[nid][zid] = -1;
			if ((unsigned int)nid >= m->nr_node_ids ||
			    !populated_zone(&NODE_DATA(m, nid)->node_zones[zid]))
				continue;
			l->zone_index[nid][zid] = (int)rep->nr_zones;
			rep->zones[rep->nr_zones].nid = nid;
			rep->zones[rep->nr_zones++].zid = (enum zone_type)zid;
		}
	return 0;
}

/* zoneinfo and pagetypeinfo must be there; remember every file read. */
static int note_files(struct loader *l)
{
	struct init_from_report *rep = l->rep;
	bool zoneinfo = false, pagetypeinfo = false;

	for (size_t i = 0; i < l->snap.nr_files && i < INIT_FROM_MAX_FILES; i++) {
		rep->files[i] = strdup(l->snap.files[i]);
		rep->paths[i] = procsnap_join(l->dir, l->snap.files[i]);
		if (!rep->files[i] || !rep->paths[i])
			return sim_fail(EXIT_HOST, "numasim: out of memory");
		rep->nr_files++;
		zoneinfo |= !strcmp(l->snap.files[i], "zoneinfo");
		pagetypeinfo |= !strcmp(l->snap.files[i], "pagetypeinfo");
	}
	if (!zoneinfo || !pagetypeinfo)
		return fail(l, NULL, 0, "no %s in it: --init-from needs zoneinfo and pagetypeinfo",
			    zoneinfo ? "pagetypeinfo" : "zoneinfo");
	return 0;
}

static int apply_steps(struct loader *l)
{
	char err[MESSAGE_MAX];
	int ret;

	if (procsnap_load(l->dir, (1u << PROC_SEC_ZONEINFO) | (1u << PROC_SEC_PAGETYPEINFO) |
			  (1u << PROC_SEC_BUDDYINFO), &l->snap, err, sizeof(err)))
		return sim_fail(EXIT_BAD_INPUT, err);
	if ((ret = note_files(l)) || (ret = setup_zones(l)))
		return ret;
	/* zoneinfo first: a machine of another shape is named by its zones. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < l->snap.nr_items; i++)
			if (!strncmp(l->snap.items[i].name, "zoneinfo/", 9) == !pass &&
			    (ret = read_item(l, &l->snap.items[i])))
				return ret;
	for (size_t i = 0; i < l->rep->nr_zones; i++) {
		struct init_from_zone *z = &l->rep->zones[i];

		if ((ret = check_present(l, z)))
			return ret;
		resolve_capped(l, z);
		if ((ret = check_counts(l, z)) || (ret = check_free_pages(l, z)))
			return ret;
	}
	for (size_t i = 0; i < l->rep->nr_zones; i++)
		if ((ret = restore_zone(l, &l->rep->zones[i])))
			return ret;
	return 0;
}

int init_from_apply(const char *dir, const char *config_name, struct machine *m,
		    struct init_from_report *rep)
{
	struct loader *l = calloc(1, sizeof(*l));
	int ret;

	memset(rep, 0, sizeof(*rep));
	if (!l || !(rep->dir = strdup(dir))) {
		free(l);
		return sim_fail(EXIT_HOST, "numasim: out of memory");
	}
	l->dir = dir;
	l->config = config_name;
	l->m = m;
	l->rep = rep;
	ret = apply_steps(l);
	procsnap_release(&l->snap);
	free(l);
	return ret;
}

void init_from_release(struct init_from_report *rep)
{
	for (size_t i = 0; i < rep->nr_files; i++) {
		free(rep->files[i]);
		free(rep->paths[i]);
	}
	free(rep->zones);
	free(rep->dir);
	memset(rep, 0, sizeof(*rep));
}
