/*
 * sim/shell_map.c - `show map [NODE]` of `numasim shell`: a node's
 * physical memory in the terminal, one character cell per page (per
 * pageblock on a node of more than SHELL_MAP_MAX_PAGES pages), rows of
 * SHELL_MAP_COLUMNS cells labelled with their first pfn, then a legend.
 *
 * A page's cell says what the allocator sees: a free buddy block (its
 * order as a digit, A for 10, on every frame of the block), a frame on a
 * per-CPU list, a used frame by the gfp migratetype of its allocation
 * (page_owner's; a frame without a record belongs to the allocation whose
 * head came last before it, the rule of mm/pageblock_census.c),
 * pinned, in an isolated pageblock, hwpoisoned, reserved, or no memory
 * (a hole).  A pageblock's cell is its migratetype's letter, lower case
 * when the block is mixed, '.' when all its frames are free.  Colours
 * (ANSI) only when standard output is a terminal and --no-color is absent.
 * Reads the machine, never changes it.
 *
 * No kernel counterpart (the kernel has no picture of its memory).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/mm.h"
#include "mm/page_inspect.h"
#include "mm/pageblock-flags.h"
#include "mm/pageblock_census.h"
#include "mm/sparse.h"
#include "mm/vmstat.h"
#include "sim/shell_internal.h"

#define SHELL_MAP_MAX_PAGES	8192ul
#define SHELL_MAP_COLUMNS	64ul

/* A cell's character, its colour and its meaning for the legend. */
static const struct {
	char c;
	const char *ansi;
	const char *meaning;
} map_legend[] = {
	{ '0', "32", "0-9, A: free buddy block of that order (A: 10)" },
	{ 'p', "36", "free, on a per-CPU list" },
	{ 'M', "34", "used, movable allocation" },
	{ 'U', "31", "used, unmovable allocation" },
	{ 'E', "33", "used, reclaimable allocation" },
	{ '?', "37", "used, allocation of unknown kind" },
	{ 'P', "35", "pinned (FOLL_PIN)" },
	{ 'I', "30;47", "in an isolated pageblock" },
	{ 'X', "30;41", "hwpoison" },
	{ 'R', "90", "reserved" },
	{ ' ', "", "no memory (hole)" },
};

static const char *cell_ansi(char c)
{
	if (c >= '0' && c <= '9')
		c = '0';
	for (size_t i = 0; i < NR_ELEMS(map_legend); i++)
		if (map_legend[i].c == c || (c == 'A' && map_legend[i].c == '0'))
			return map_legend[i].ansi;
	return "";
}

/* The cell of a used frame; *kind is the migratetype of the last allocation head. */
static char used_cell(const struct page_info *info, int *kind)
{
	static const char kind_cell[MIGRATE_PCPTYPES] = {
		[MIGRATE_UNMOVABLE] = 'U', [MIGRATE_MOVABLE] = 'M', [MIGRATE_RECLAIMABLE] = 'E',
	};

	if (info->reserved)
		return 'R';
	if (info->owner_mt >= 0)
		*kind = info->owner_mt;
	if (info->pinned)
		return 'P';
	return *kind >= 0 && *kind < MIGRATE_PCPTYPES ? kind_cell[*kind] : '?';
}

/* Fill cells[pfn - start] for the frames of [start, end); returns nothing. */
static void map_frames(struct machine *m, char *cells, pfn_t start, pfn_t end)
{
	int kind = -1;

	for (pfn_t pfn = start; pfn < end;) {
		struct page *page = pfn_to_online_page(m, pfn);
		struct page_info info;
		uint64_t run = 1;
		char c;

		if (page)
			page_inspect(m, page, &info);
		if (!page)
			c = ' ';
		else if (info.hwpoison)
			c = 'X';
		else if (get_pageblock_migratetype(m, pfn) == MIGRATE_ISOLATE)
			c = 'I';
		else if (info.buddy) {
			c = "0123456789A"[info.buddy_order <= 10 ? info.buddy_order : 10];
			run = order_to_pages(info.buddy_order);
			run = run < end - pfn ? run : end - pfn;
		} else
			c = used_cell(&info, &kind);
		memset(cells + (pfn - start), c, run);
		pfn += run;
	}
}

/* The cells of the frames [start, end) of a node. */
struct map_cells {
	char *cells;
	pfn_t start, end;
};

static void mark_pcp_block(void *arg, pfn_t pfn, uint64_t nr_pages)
{
	const struct map_cells *mc = arg;

	if (pfn >= mc->start && pfn + nr_pages <= mc->end)
		memset(mc->cells + (pfn - mc->start), 'p', nr_pages);
}

/* Mark the frames on the per-CPU lists of node nid's zones. */
static void map_pcp(struct machine *m, int nid, char *cells, pfn_t start, pfn_t end)
{
	struct map_cells mc = { cells, start, end };

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &m->node_data[nid]->node_zones[z];

		if (populated_zone(zone))
			zone_pcp_for_each_block(m, zone, mark_pcp_block, &mc);
	}
}

/* A pageblock's cell: its type's letter, lower case when mixed, '.' when all free. */
static void block_cell(void *ctx, const struct pageblock_census *c)
{
	static const char type_cell[] = "UMEHCI";
	char **cursor = ctx;
	unsigned long used = c->used[0] + c->used[1] + c->used[2] + c->other;
	char letter = c->migratetype >= 0 && c->migratetype < (int)strlen(type_cell) ?
		      type_cell[c->migratetype] : '?';

	*(*cursor)++ = !used ? '.' : c->mixed ? (char)(letter - 'A' + 'a') : letter;
}

static void map_print_rows(const struct shell *sh, const char *cells, size_t nr,
			   pfn_t first, unsigned long step)
{
	for (size_t i = 0; i < nr; i++) {
		if (i % SHELL_MAP_COLUMNS == 0)
			printf("%s%10llu ", i ? "\n" : "",
			       (unsigned long long)(first + i * step));
		if (sh->color && cell_ansi(cells[i])[0])
			printf("\033[%sm%c\033[0m", cell_ansi(cells[i]), cells[i]);
		else
			putchar(cells[i]);
	}
	putchar('\n');
}

static void map_print_legend(const struct shell *sh, bool per_block)
{
	printf("legend:");
	if (per_block) {
		printf(" one cell per pageblock: its migratetype U M E H C I (Unmovable, Movable,\n"
		       "  Reclaimable, HighAtomic, CMA, Isolate), lower case when mixed, '.' all free\n");
		return;
	}
	printf(" one cell per page, rows labelled with their first pfn\n");
	for (size_t i = 0; i < NR_ELEMS(map_legend); i++) {
		if (sh->color && map_legend[i].ansi[0])
			printf("  \033[%sm%c\033[0m %s\n", map_legend[i].ansi, map_legend[i].c,
			       map_legend[i].meaning);
		else
			printf("  '%c' %s\n", map_legend[i].c, map_legend[i].meaning);
	}
}

int shell_map(struct shell *sh, int nid)
{
	struct machine *m = &sh->m;
	const struct pglist_data *pgdat = m->node_data[nid];
	pfn_t start = pgdat->node_start_pfn, end = start + pgdat->node_spanned_pages;
	bool per_block = pgdat->node_spanned_pages > SHELL_MAP_MAX_PAGES;
	size_t nr = per_block ? (end - start) / pageblock_nr_pages(m) + 2 * MAX_NR_ZONES :
				end - start;
	char *cells = malloc(nr ? nr : 1), *cursor = cells;

	if (!cells)
		return shell_error(sh, "show map: out of memory");
	printf("node %d: pfn %llu-%llu\n", nid, (unsigned long long)start,
	       (unsigned long long)(end ? end - 1 : 0));
	if (per_block) {
		for (int z = 0; z < MAX_NR_ZONES; z++)
			if (populated_zone(&pgdat->node_zones[z]))
				pageblock_census_walk(m, &pgdat->node_zones[z], block_cell, &cursor);
		nr = (size_t)(cursor - cells);
	} else {
		map_frames(m, cells, start, end);
		map_pcp(m, nid, cells, start, end);
	}
	map_print_rows(sh, cells, nr, per_block ? pageblock_start_pfn(m, start) : start,
		       per_block ? pageblock_nr_pages(m) : 1);
	map_print_legend(sh, per_block);
	free(cells);
	return 0;
}
