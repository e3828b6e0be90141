/*
 * sim/plot_heatmap.c - the fallback heatmap of `numasim plot`: for each
 * run, how often an allocation of one migratetype (y) was served from the
 * free list of another (x), read from results.json's stats.fallbacks (the
 * mm_page_alloc_extfrag events by alloc_migratetype and
 * fallback_migratetype).  Every cell is labelled with its count; a run
 * without fallbacks gets a picture of zeros, which says as much.
 *
 * A run of an older numasim (no stats.fallbacks) has no heatmap.
 *
 * No kernel counterpart.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "sim/message.h"
#include "sim/plot.h"

/* The axis labels: the types of the rows, in results.json's order. */
static void heatmap_tics(FILE *f, const char *axis, json_t *fallbacks)
{
	const char *type;
	json_t *row;
	int i = 0;

	fprintf(f, "set %stics %s(", axis, *axis == 'x' ? "rotate by -25 " : "");
	json_object_foreach(fallbacks, type, row) {
		fprintf(f, "%s", i ? ", " : "");
		plot_quoted(f, type);
		fprintf(f, " %d", i++);
	}
	fputs(")\n", f);
}

static void heatmap_body(FILE *f, json_t *fallbacks, const struct plot_run *r)
{
	const char *req, *fb;
	json_int_t max = 1;
	json_t *row, *n;
	int y = 0;

	fputs("$fallbacks << EOD\n", f);
	json_object_foreach(fallbacks, req, row) {
		int x = 0;

		json_object_foreach(fallbacks, fb, n) {
			json_int_t count = json_integer_value(json_object_get(row, fb));

			fprintf(f, "%d %d %lld\n", x++, y, (long long)count);
			max = count > max ? count : max;
		}
		y++;
	}
	fputs("EOD\nset title ", f);
	plot_quoted(f, r->title);
	fprintf(f, " . ': fallbacks, requested type (y) served from another (x)'\n"
		"set xlabel 'fallback migratetype'\nset ylabel 'requested migratetype'\n"
		"set xrange [-0.5:%d.5]\nset yrange [%d.5:-0.5]\nset cbrange [0:%lld]\n"
		"set palette defined (0 '#ffffff', 1 '#fdae61', 2 '#d7191c')\nunset key\n",
		y - 1, y - 1, (long long)max);
	heatmap_tics(f, "x", fallbacks);
	heatmap_tics(f, "y", fallbacks);
	fputs("plot $fallbacks using 1:2:3 with image, \\\n"
	      "     $fallbacks using 1:2:(sprintf('%d', $3)) with labels\n", f);
}

/* The heatmap of run r: 0 or an exit status. */
static int draw_heatmap(struct plot *p, const struct plot_run *r)
{
	json_t *results, *fallbacks;
	char name[512], *body = NULL;
	size_t len = 0;
	FILE *f;
	int ret;

	results = plot_run_results(r, &ret);
	fallbacks = json_object_get(json_object_get(results, "stats"), "fallbacks");
	if (json_is_object(fallbacks) && json_object_size(fallbacks) &&
	    (f = open_memstream(&body, &len))) {
		heatmap_body(f, fallbacks, r);
		fclose(f);
		plot_run_name(p, r, "fallback-heatmap", name, sizeof(name));
		ret = plot_render(p, name, PLOT_WIDTH, PLOT_HEIGHT, body, len);
	}
	free(body);
	json_decref(results);
	return ret;
}

int plot_heatmaps_draw(struct plot *p)
{
	int ret = EXIT_OK;

	for (size_t i = 0; i < p->nr_runs && ret == EXIT_OK; i++)
		ret = draw_heatmap(p, &p->runs[i]);
	return ret;
}
