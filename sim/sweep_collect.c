/*
 * sim/sweep_collect.c - `numasim sweep collect DIR`: every run grid.json
 * lists, with its parameters, its state and the metrics `numasim compare`
 * sets side by side (compare_metrics[], read the same way), into
 * DIR/sweep.csv and DIR/sweep.json; then the runs' time series drawn as
 * `numasim plot` draws them, into DIR/plots/ (sim/sweep.h).
 *
 * A run is "ok" when its results.json is there (a run moves it into place
 * only when it succeeded), "failed" when it is not but the run said
 * something on its standard error (runs/NAME/stderr: a run that fails
 * always does), and "unfinished" otherwise (not started, still running,
 * or killed).
 *
 * Invariants: the rows follow grid.json's runs, the columns its
 * parameters then compare_metrics[], so the tables depend on the runs'
 * results alone, not on when or where they ran.
 *
 * No kernel counterpart.
 */
#include "sim/sweep.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/compare.h"
#include "sim/message.h"
#include "sim/output.h"
#include "sim/plot.h"

#define JSON_FLAGS	(JSON_INDENT(2) | JSON_PRESERVE_ORDER)

/* One run's state, read from its folder. */
struct collected {
	const char *name;
	const char *status;		/* "ok", "failed", "unfinished" */
	char error[512];		/* a failed run's first line of standard error */
	json_t *results;		/* its results.json, when ok */
};

static void read_run(const char *dir, struct collected *c)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/" SWEEP_RUNS_DIR "/%s/results.json", dir, c->name);
	c->results = json_load_file(path, 0, NULL);
	c->status = c->results ? "ok" : "unfinished";
	if (c->results)
		return;
	snprintf(path, sizeof(path), "%s/" SWEEP_RUNS_DIR "/%s/" SWEEP_STDERR_FILE, dir, c->name);
	f = fopen(path, "r");
	if (f && fgets(c->error, sizeof(c->error), f)) {
		c->error[strcspn(c->error, "\n")] = '\0';
		c->status = "failed";
	}
	if (f)
		fclose(f);
}

/* A parameter of a run: "workload", "profile", "seed", or a knob's key. */
static json_t *parameter(json_t *run, const char *name)
{
	json_t *v = json_object_get(run, name);

	if (!strcmp(name, "workload") || !strcmp(name, "profile") || !strcmp(name, "seed"))
		return v;
	return json_object_get(json_object_get(run, "knobs"), name);
}

/* A CSV field, quoted when it holds a comma, a quote or a line break. */
static void csv_field(FILE *f, const char *text)
{
	if (!text[strcspn(text, ",\"\n\r")]) {
		fputs(text, f);
		return;
	}
	fputc('"', f);
	for (const char *c = text; *c; c++)
		fputs(*c == '"' ? "\"\"" : (char[]){ *c, 0 }, f);
	fputc('"', f);
}

/* A parameter's value as the CSV shows it: a string bare, null empty, others as JSON. */
static void csv_value(FILE *f, json_t *v)
{
	char *text;

	fputc(',', f);
	if (json_is_string(v)) {
		csv_field(f, json_string_value(v));
	} else if (v && !json_is_null(v) && (text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT))) {
		csv_field(f, text);
		free(text);
	}
}

static void write_csv(FILE *f, json_t *grid, const struct collected *runs, size_t nr)
{
	json_t *params = json_object_get(grid, "parameters"), *p, *run;
	size_t i;

	fputs("run,status", f);
	json_array_foreach(params, i, p) {
		fputc(',', f);
		csv_field(f, json_string_value(p));
	}
	for (size_t m = 0; m < compare_nr_metrics; m++)
		fprintf(f, ",%s", compare_metrics[m].name);
	fputc('\n', f);
	for (size_t r = 0; r < nr; r++) {
		size_t k;

		run = json_array_get(json_object_get(grid, "runs"), r);
		csv_field(f, runs[r].name);
		fprintf(f, ",%s", runs[r].status);
		json_array_foreach(params, k, p)
			csv_value(f, parameter(run, json_string_value(p)));
		for (size_t m = 0; m < compare_nr_metrics; m++) {
			char num[32] = "";
			double v;

			if (runs[r].results &&
			    compare_json_number(runs[r].results, compare_metrics[m].path, &v))
				compare_fmt_num(num, sizeof(num), v, false);
			fprintf(f, ",%s", num);
		}
		fputc('\n', f);
	}
}

static json_t *number_json(json_t *results, const char *path)
{
	double v;

	if (!results || !compare_json_number(results, path, &v))
		return json_null();
	if (v == (double)(json_int_t)v && v > -9007199254740992.0 && v < 9007199254740992.0)
		return json_integer((json_int_t)v);
	return json_real(v);
}

static json_t *sweep_json(json_t *grid, const struct collected *runs, size_t nr)
{
	json_t *params = json_object_get(grid, "parameters"), *metrics = json_array(), *list;
	json_t *p;
	size_t k;

	for (size_t m = 0; m < compare_nr_metrics; m++)
		json_array_append_new(metrics, json_pack("{s:s, s:s, s:s}", "name",
			compare_metrics[m].name, "source", compare_metrics[m].path, "better",
			compare_metrics[m].better == BETTER_HIGHER ? "higher" : "lower"));
	list = json_array();
	for (size_t r = 0; r < nr; r++) {
		json_t *run = json_array_get(json_object_get(grid, "runs"), r);
		json_t *values = json_object(), *row;

		json_array_foreach(params, k, p) {
			json_t *v = parameter(run, json_string_value(p));

			json_object_set_new(values, json_string_value(p),
					    v ? json_incref(v) : json_null());
		}
		row = json_pack("{s:s, s:s, s:o}", "run", runs[r].name, "status", runs[r].status,
				"parameters", values);
		if (runs[r].error[0])
			json_object_set_new(row, "error", json_string(runs[r].error));
		json_object_set_new(row, "metrics", json_object());
		for (size_t m = 0; m < compare_nr_metrics; m++)
			json_object_set_new(json_object_get(row, "metrics"), compare_metrics[m].name,
					    number_json(runs[r].results, compare_metrics[m].path));
		json_array_append_new(list, row);
	}
	return json_pack("{s:O, s:o, s:o}", "parameters", params, "metrics", metrics, "runs", list);
}

/* DIR/grid.json, as sweep wrote it: its runs, each with a name. */
static json_t *load_grid(const char *dir, size_t *nr)
{
	char path[PATH_MAX], msg[PATH_MAX + 256];
	json_error_t e;
	json_t *grid, *runs, *run;
	size_t i;

	snprintf(path, sizeof(path), "%s/grid.json", dir);
	grid = json_load_file(path, JSON_REJECT_DUPLICATES, &e);
	if (!grid) {
		if (access(path, F_OK) != 0)
			snprintf(msg, sizeof(msg), "numasim: sweep collect: %s: no grid.json in it "
				 "(not a sweep's folder)", dir);
		else
			snprintf(msg, sizeof(msg), "%s:%d: %s", path, e.line, e.text);
		sim_fail(EXIT_BAD_INPUT, msg);
		return NULL;
	}
	runs = json_object_get(grid, "runs");
	json_array_foreach(runs, i, run)
		if (!json_is_string(json_object_get(run, "run")) ||
		    strchr(json_string_value(json_object_get(run, "run")), '/'))
			break;
	if (!json_is_array(runs) || !json_is_array(json_object_get(grid, "parameters")) ||
	    i < json_array_size(runs)) {
		snprintf(msg, sizeof(msg), "%s:1: not a sweep's grid.json (runs[], each with "
			 "a \"run\" folder name, and parameters[])", path);
		json_decref(grid);
		sim_fail(EXIT_BAD_INPUT, msg);
		return NULL;
	}
	*nr = json_array_size(runs);
	return grid;
}

struct tables {
	json_t *grid;
	const struct collected *runs;
	size_t nr;
};

static int write_tables(const char *dir, const struct tables *t, char *err, size_t len)
{
	static const struct output_entry entries[] = {
		{ "sweep.csv", "the sweep's table", false },
		{ "sweep.json", "the sweep's table", false },
	};
	struct output_spec spec = { .dir = dir, .entries = entries, .nr_entries = 2 };
	struct output *out = output_begin(&spec, err, len);
	json_t *root = sweep_json(t->grid, t->runs, t->nr);
	FILE *f;
	int ret = -1;

	if (out && root && (f = output_create(out, "sweep.csv", err, len))) {
		write_csv(f, t->grid, t->runs, t->nr);
		if (output_fclose(f, "sweep.csv", err, len) == 0 &&
		    (f = output_create(out, "sweep.json", err, len))) {
			json_dumpf(root, f, JSON_FLAGS);
			fputc('\n', f);
			ret = output_fclose(f, "sweep.json", err, len);
		}
	}
	json_decref(root);
	if (ret == 0)
		return output_commit(out, err, len);
	output_abort(out);
	return -1;
}

/* The pictures of the ok runs that sampled a time series. */
static int draw(const char *dir, const struct collected *runs, size_t nr, bool quiet)
{
	char path[PATH_MAX];
	const char **names = calloc(nr + 1, sizeof(*names));
	char (*rel)[SWEEP_NAME_LEN + 8] = calloc(nr + 1, sizeof(*rel));
	size_t n = 0;
	int ret;

	if (!names || !rel) {
		free(names);
		free(rel);
		return sim_fail(EXIT_HOST, "numasim: out of memory");
	}
	for (size_t i = 0; i < nr; i++) {
		snprintf(path, sizeof(path), "%s/" SWEEP_RUNS_DIR "/%s/timeseries.csv", dir,
			 runs[i].name);
		if (!runs[i].results || access(path, R_OK) != 0)
			continue;
		snprintf(rel[n], sizeof(rel[n]), SWEEP_RUNS_DIR "/%s", runs[i].name);
		names[n] = rel[n];
		n++;
	}
	if (n > COMPARE_MAX_POLICIES * COMPARE_MAX_SEEDS) {
		fprintf(stderr, "numasim: sweep collect: pictures of the first %d runs only\n",
			COMPARE_MAX_POLICIES * COMPARE_MAX_SEEDS);
		n = COMPARE_MAX_POLICIES * COMPARE_MAX_SEEDS;
	}
	ret = plot_runs(dir, names, n, quiet);
	free(names);
	free(rel);
	return ret;
}

int sweep_collect(const char *dir, bool quiet)
{
	size_t nr = 0, count[3] = { 0 };
	json_t *grid = load_grid(dir, &nr);
	struct collected *runs = grid ? calloc(nr + 1, sizeof(*runs)) : NULL;
	char err[PATH_MAX + 256] = "";
	int ret = EXIT_OK;

	if (!grid)
		return EXIT_BAD_INPUT;
	if (!runs)
		ret = sim_fail(EXIT_HOST, "numasim: out of memory");
	for (size_t i = 0; runs && i < nr; i++) {
		runs[i].name = json_string_value(json_object_get(
			json_array_get(json_object_get(grid, "runs"), i), "run"));
		read_run(dir, &runs[i]);
		count[runs[i].results ? 0 : runs[i].error[0] ? 1 : 2]++;
	}
	if (runs && write_tables(dir, &(struct tables){ grid, runs, nr }, err, sizeof(err)) != 0)
		ret = sim_fail(EXIT_HOST, err);
	if (ret == EXIT_OK && !quiet)
		printf("%zu runs: %zu ok, %zu failed, %zu unfinished\nwrote %s/sweep.csv, "
		       "sweep.json\n", nr, count[0], count[1], count[2], dir);
	if (ret == EXIT_OK)
		ret = draw(dir, runs, nr, quiet);
	for (size_t i = 0; runs && i < nr; i++)
		json_decref(runs[i].results);
	free(runs);
	json_decref(grid);
	return ret;
}
