/*
 * sim/plot_map.c - the physical memory map pictures of `numasim plot`:
 * for each snapshot of a run (results.json's "snapshots", read from
 * snapshots/NAME/pageblocks), one cell per pageblock, coloured by its
 * migratetype, pale when every frame of it is free, crossed when it is
 * mixed (holds an allocation of another migratetype), one panel per node.
 *
 * Cells run in pfn order, left to right then top to bottom, each node's
 * blocks filling a near-square grid of its own (holes between zones are
 * not drawn).  A snapshot without a pageblocks file (a run of an older
 * numasim) has no map; a malformed file is bad input (FILE:LINE).
 *
 * No kernel counterpart.
 */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/message.h"
#include "sim/plot.h"

#define MAP_WIDTH	1000
#define MAP_HEIGHT	560
#define MAP_MAX_NODES	64
#define MAP_PALE	0.7	/* how far towards white a fully free block's colour goes */

/* The migratetypes as the pageblocks file names them, and their colours. */
static const struct {
	const char *name;
	unsigned int rgb;
} map_types[] = {
	{ "Unmovable", 0xd62728 }, { "Movable", 0x2ca02c }, { "Reclaimable", 0x1f77b4 },
	{ "HighAtomic", 0x9467bd }, { "CMA", 0xff7f0e }, { "Isolate", 0x7f7f7f },
};

#define NR_MAP_TYPES	(sizeof(map_types) / sizeof(map_types[0]))

struct map_cell {
	unsigned char type;	/* index in map_types */
	bool mixed, all_free;
};

/* One snapshot's pageblocks, by node in file order. */
struct map {
	struct map_cell *cells[MAP_MAX_NODES];
	size_t nr[MAP_MAX_NODES], cap[MAP_MAX_NODES];
	bool type_seen[NR_MAP_TYPES], any_free;
};

static unsigned int pale(unsigned int rgb)
{
	unsigned int out = 0;

	for (int shift = 0; shift < 24; shift += 8) {
		unsigned int c = (rgb >> shift) & 0xff;

		out |= (c + (unsigned int)((255 - c) * MAP_PALE)) << shift;
	}
	return out;
}

static int map_type(const char *name)
{
	for (size_t i = 0; i < NR_MAP_TYPES; i++)
		if (!strcmp(name, map_types[i].name))
			return (int)i;
	return -1;
}

/* Add the block of one line; false if the line is not one. */
static bool map_add(struct map *map, const char *line)
{
	unsigned long free, pcp, used[4];
	char zone[16], type[16];
	unsigned long long pfn;
	struct map_cell *cell;
	int node, mixed, t;

	if (sscanf(line, "%d %15s %llu %15s %d %lu %lu %lu %lu %lu %lu", &node, zone, &pfn, type,
		   &mixed, &free, &pcp, &used[0], &used[1], &used[2], &used[3]) != 11 ||
	    node < 0 || node >= MAP_MAX_NODES || (mixed != 0 && mixed != 1) ||
	    (t = map_type(type)) < 0)
		return false;
	if (map->nr[node] == map->cap[node]) {
		size_t cap = map->cap[node] ? 2 * map->cap[node] : 256;
		struct map_cell *bigger = realloc(map->cells[node], cap * sizeof(*bigger));

		if (!bigger)
			return false;
		map->cells[node] = bigger;
		map->cap[node] = cap;
	}
	cell = &map->cells[node][map->nr[node]++];
	cell->type = (unsigned char)t;
	cell->mixed = mixed;
	cell->all_free = free + pcp && !(used[0] + used[1] + used[2] + used[3]);
	map->type_seen[t] = true;
	map->any_free |= cell->all_free;
	return true;
}

/* Read path into map: EXIT_OK, or EXIT_BAD_INPUT with FILE:LINE printed. */
static int map_read(struct map *map, const char *path)
{
	char line[512], msg[PATH_MAX + 320];
	FILE *f = fopen(path, "r");
	unsigned long lineno = 1;
	bool ok;

	ok = f && fgets(line, sizeof(line), f) &&
	     !strncmp(line, "node zone start_pfn type mixed free", 35);
	while (ok && fgets(line, sizeof(line), f)) {
		lineno++;
		ok = map_add(map, line);
	}
	if (f)
		fclose(f);
	if (ok)
		return EXIT_OK;
	snprintf(msg, sizeof(msg), "%s:%lu: not a pageblocks line (node zone start_pfn type "
		 "mixed free pcp unmovable movable reclaimable other)", path, lineno);
	return sim_fail(EXIT_BAD_INPUT, msg);
}

static size_t map_nodes(const struct map *map)
{
	size_t nodes = 0;

	for (size_t n = 0; n < MAP_MAX_NODES; n++)
		nodes += map->nr[n] > 0;
	return nodes;
}

/* The mixed mark's gnuplot point size: about a third of a cell of a panel cols wide. */
static double mark_size(size_t cols, size_t nodes)
{
	double cell_px = (double)MAP_WIDTH / (double)nodes * 0.8 / (double)cols;

	return cell_px / 24 < 0.3 ? 0.3 : cell_px / 24 > 2 ? 2 : cell_px / 24;
}

/* One node's panel: its cells, the mixed crosses, the key. */
static void map_panel(FILE *f, const struct map *map, size_t node, size_t nodes)
{
	size_t n = map->nr[node], mixed = 0;
	double aspect = (double)MAP_WIDTH / (double)nodes / (MAP_HEIGHT * 0.7);
	size_t cols = (size_t)ceil(sqrt((double)n * aspect)), rows = (n + cols - 1) / cols;

	fprintf(f, "$node%zu << EOD\n", node);
	for (size_t i = 0; i < n; i++) {
		const struct map_cell *c = &map->cells[node][i];
		unsigned int rgb = map_types[c->type].rgb;

		mixed += c->mixed;
		fprintf(f, "%zu %zu %u %d\n", i % cols, i / cols, c->all_free ? pale(rgb) : rgb,
			c->mixed);
	}
	fprintf(f, "EOD\nset title 'node %zu: %zu pageblocks, %zu mixed'\n", node, n, mixed);
	fprintf(f, "set xrange [-0.5:%zu.5]\nset yrange [%zu.5:-0.5]\n", cols - 1, rows - 1);
	fprintf(f, "plot $node%zu using 1:2:(0.5):(0.5):3 with boxxy lc rgb variable notitle, \\\n"
		"     $node%zu using 1:($4 > 0 ? $2 : 1/0) with points pt 2 ps %.2f lw 1.5 "
		"lc rgb 'black' title 'mixed'", node, node, mark_size(cols, nodes));
	for (size_t t = 0; t < NR_MAP_TYPES; t++)
		if (map->type_seen[t])
			fprintf(f, ", \\\n     keyentry with boxes lc rgb '#%06x' title '%s'",
				map_types[t].rgb, map_types[t].name);
	if (map->any_free)
		fputs(", \\\n     keyentry with boxes lc rgb '#e0e0e0' title 'pale: all free'", f);
	fputc('\n', f);
}

static void map_body(FILE *f, const struct map *map, const char *snapshot,
		     const struct plot_run *r)
{
	size_t nodes = map_nodes(map);

	char title[512];

	snprintf(title, sizeof(title), "%s: pageblocks at snapshot %s", r->title, snapshot);
	fprintf(f, "set multiplot layout 1,%zu title ", nodes);
	plot_quoted(f, title);
	fputs("\nset style fill solid 1.0 noborder\nunset xtics\nunset ytics\nset size ratio -1\n"
	      "set key below horizontal samplen 1\n", f);
	for (size_t node = 0; node < MAP_MAX_NODES; node++)
		if (map->nr[node])
			map_panel(f, map, node, nodes);
	fputs("unset multiplot\n", f);
}

static void map_release(struct map *map)
{
	for (size_t n = 0; n < MAP_MAX_NODES; n++)
		free(map->cells[n]);
}

/* The map of run r at snapshot: 0 or an exit status. */
static int draw_map(struct plot *p, const struct plot_run *r, const char *snapshot)
{
	char path[PATH_MAX + 160], name[512], *body = NULL;
	struct map map = { 0 };
	size_t len = 0;
	FILE *f;
	int ret;

	snprintf(path, sizeof(path), "%s/snapshots/%s/pageblocks", r->dir, snapshot);
	if (access(path, F_OK) != 0)
		return EXIT_OK;
	ret = map_read(&map, path);
	f = ret == EXIT_OK && map_nodes(&map) ? open_memstream(&body, &len) : NULL;
	if (f) {
		map_body(f, &map, snapshot, r);
		fclose(f);
		plot_run_name(p, r, "map", name, sizeof(name));
		snprintf(name + strlen(name), sizeof(name) - strlen(name), "-%s", snapshot);
		ret = plot_render(p, name, MAP_WIDTH, MAP_HEIGHT, body, len);
	}
	free(body);
	map_release(&map);
	return ret;
}

int plot_maps_draw(struct plot *p)
{
	int ret = EXIT_OK;

	for (size_t i = 0; i < p->nr_runs && ret == EXIT_OK; i++) {
		json_t *results = plot_run_results(&p->runs[i], &ret), *snap;
		size_t k;

		json_array_foreach(json_object_get(results, "snapshots"), k, snap)
			if (ret == EXIT_OK && json_is_string(snap) &&
			    !strchr(json_string_value(snap), '/'))
				ret = draw_map(p, &p->runs[i], json_string_value(snap));
		json_decref(results);
	}
	return ret;
}
