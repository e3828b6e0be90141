/*
 * sim/shell_show.c - the `show` commands of `numasim shell`: the kernel's
 * /proc views (sim/procfs.c), one page, one pageblock, and the map
 * (sim/shell_map.c).
 *
 * `show page` prints what the kernel's dump_page() would tell about a
 * frame (flags, counts, buddy order, pageblock, page_owner's migratetype)
 * in words a student can read; `show block` prints the census of the
 * `pageblocks` snapshot file (mm/pageblock_census.c) for one block.
 * Reads the machine, never changes it.
 *
 * Kernel counterparts: dump_page() (mm/debug.c) for `show page`; the
 * views are those of sim/procfs.h.
 */
#include <stdio.h>
#include <string.h>

#include "mm/mm.h"
#include "mm/page_inspect.h"
#include "mm/pageblock-flags.h"
#include "mm/pageblock_census.h"
#include "mm/sparse.h"
#include "mm/vmstat.h"
#include "sim/procfs.h"
#include "sim/shell_internal.h"

/* The names of enum pageflags, as the kernel's %pGp prints them. */
static const char *const page_flag_names[__NR_PAGEFLAGS] = {
	[PG_locked] = "locked", [PG_referenced] = "referenced", [PG_uptodate] = "uptodate",
	[PG_dirty] = "dirty", [PG_lru] = "lru", [PG_active] = "active", [PG_slab] = "slab",
	[PG_reserved] = "reserved", [PG_private] = "private", [PG_writeback] = "writeback",
	[PG_head] = "head", [PG_tail] = "tail", [PG_reclaim] = "reclaim",
	[PG_swapbacked] = "swapbacked", [PG_unevictable] = "unevictable",
	[PG_mlocked] = "mlocked", [PG_hwpoison] = "hwpoison",
	[PG_anon_exclusive] = "anon_exclusive", [PG_swapcache] = "swapcache",
	[PG_workingset] = "workingset",
};

/* A number argument of a show command. */
static int show_number(struct shell *sh, const char *what, const char *text, uint64_t *out)
{
	if (trace_parse_u64(text, false, out) != 0)
		return shell_error(sh, "show %s: bad number '%s'", what, text);
	return 0;
}

static const char *mt_name(int mt)
{
	return mt >= 0 && mt < MIGRATE_TYPES ? migratetype_names[mt] : "Unknown";
}

static void show_page_flags(const struct page_info *info)
{
	printf("  flags:");
	for (int bit = 0; bit < __NR_PAGEFLAGS; bit++)
		if (info->flags >> bit & 1)
			printf(" %s", page_flag_names[bit]);
	if (info->buddy)
		printf(" buddy");
	if (info->offline)
		printf(" offline");
	putchar('\n');
}

/* Linux: dump_page(), mm/debug.c (what it tells, in our words) */
static int show_page(struct shell *sh, const char *arg)
{
	struct machine *m = &sh->m;
	struct page_info info;
	struct page *page;
	uint64_t pfn;
	int mt;

	if (show_number(sh, "page", arg, &pfn))
		return -1;
	page = pfn_to_online_page(m, pfn);
	if (!page)
		return shell_error(sh, "show page: no online memory at pfn %llu",
				   (unsigned long long)pfn);
	mt = get_pageblock_migratetype(m, pfn);
	printf("pfn %llu: node %d zone %s\n", (unsigned long long)pfn, page_to_nid(page),
	       zone_names[zone_idx(page_zone(m, page))]);
	page_inspect(m, page, &info);
	show_page_flags(&info);
	printf("  refcount %d", info.refcount);
	if (info.buddy)
		printf("  free buddy block of order %u", info.buddy_order);
	else if (info.mapcount >= 0)	/* -1: the word holds a page type */
		printf("  mapcount %d", info.mapcount);
	printf("%s\n", info.pinned ? "  pinned" : "");
	printf("  pageblock %llu: %s\n", (unsigned long long)(pfn / pageblock_nr_pages(m)),
	       mt_name(mt));
	if (info.owner_mt >= 0)
		printf("  owner: %s allocation\n", mt_name(info.owner_mt));
	return 0;
}

/* The census of the block starting at want, when the walk meets it. */
struct block_find {
	pfn_t want;
	bool found;
	struct pageblock_census c;
};

static void block_match(void *ctx, const struct pageblock_census *c)
{
	struct block_find *f = ctx;

	if (c->start_pfn == f->want) {
		f->c = *c;
		f->found = true;
	}
}

/* The zone whose span holds pfn, or NULL. */
static const struct zone *shell_pfn_zone(const struct machine *m, pfn_t pfn)
{
	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++)
		for (int z = 0; m->node_data[nid] && z < MAX_NR_ZONES; z++) {
			const struct zone *zone = &m->node_data[nid]->node_zones[z];

			if (populated_zone(zone) && pfn >= zone->zone_start_pfn &&
			    pfn < zone_end_pfn(zone))
				return zone;
		}
	return NULL;
}

static int show_block(struct shell *sh, const char *arg)
{
	const struct machine *m = &sh->m;
	const struct zone *zone;
	struct block_find f = { 0 };
	uint64_t nr;

	if (show_number(sh, "block", arg, &nr))
		return -1;
	f.want = nr * pageblock_nr_pages(m);
	zone = nr < UINT64_MAX / pageblock_nr_pages(m) ? shell_pfn_zone(m, f.want) : NULL;
	if (zone)
		pageblock_census_walk(m, zone, block_match, &f);
	if (!f.found)
		return shell_error(sh, "show block: no pageblock %llu in any zone",
				   (unsigned long long)nr);
	printf("pageblock %llu: pfn %llu-%llu node %d zone %s, %s%s\n", (unsigned long long)nr,
	       (unsigned long long)f.want,
	       (unsigned long long)(f.want + pageblock_nr_pages(m) - 1), zone->node,
	       zone_names[zone_idx(zone)], mt_name(f.c.migratetype), f.c.mixed ? " (mixed)" : "");
	printf("  free %lu  pcp %lu  unmovable %lu  movable %lu  reclaimable %lu  other %lu\n",
	       f.c.free, f.c.pcp, f.c.used[MIGRATE_UNMOVABLE], f.c.used[MIGRATE_MOVABLE],
	       f.c.used[MIGRATE_RECLAIMABLE], f.c.other);
	return 0;
}

static int show_numa_maps(struct shell *sh, const char *arg)
{
	const struct task_struct *t;
	uint64_t pid;

	if (show_number(sh, "numa_maps", arg, &pid))
		return -1;
	t = pid <= INT32_MAX ? find_task_by_pid(&sh->m, (int)pid) : NULL;
	if (!t)
		return shell_error(sh, "show numa_maps: unknown pid %llu", (unsigned long long)pid);
	procfs_numa_maps(stdout, &sh->m, t);
	return 0;
}

static int show_map_arg(struct shell *sh, int nr, char **words)
{
	uint64_t nid = 0;

	if (nr == 3 && show_number(sh, "map", words[2], &nid))
		return -1;
	if (nid >= sh->m.nr_node_ids || !sh->m.node_data[nid])
		return shell_error(sh, "show map: no node %llu", (unsigned long long)nid);
	return shell_map(sh, (int)nid);
}

/* The views that take no argument. */
static const struct {
	const char *name;
	void (*print)(FILE *f, const struct machine *m);
} show_views[] = {
	{ "buddyinfo", procfs_buddyinfo }, { "pagetypeinfo", procfs_pagetypeinfo },
	{ "zoneinfo", procfs_zoneinfo }, { "vmstat", procfs_vmstat },
	{ "meminfo", procfs_meminfo },
};

static const char show_usage[] =
	"buddyinfo | pagetypeinfo | zoneinfo | vmstat | meminfo | numa_maps PID | page PFN | "
	"block N | map [NODE] | pte PID ADDR";

int shell_show(struct shell *sh, char **words, int nr)
{
	const char *what = nr > 1 ? words[1] : "";
	bool one_arg = !strcmp(what, "page") || !strcmp(what, "block") ||
		       !strcmp(what, "numa_maps");

	for (size_t i = 0; i < NR_ELEMS(show_views) && nr == 2; i++)
		if (!strcmp(what, show_views[i].name)) {
			show_views[i].print(stdout, &sh->m);
			return 0;
		}
	if (one_arg && nr == 3)
		return !strcmp(what, "page") ? show_page(sh, words[2]) :
		       !strcmp(what, "block") ? show_block(sh, words[2]) :
		       show_numa_maps(sh, words[2]);
	if (!strcmp(what, "pte") && nr == 4)
		return shell_show_pte(sh, words[2], words[3]);
	if (!strcmp(what, "map") && nr <= 3)
		return show_map_arg(sh, nr, words);
	return shell_error(sh, "show: expected %s", show_usage);
}
