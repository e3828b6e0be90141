/*
 * sim/sweep_emit.c - what `numasim sweep` writes before any run: each
 * run's shell command, and DIR's grid.json (the runs and their
 * parameters), jobs.txt (one command a line, for GNU parallel), sweep.slurm
 * (a Slurm job array over jobs.txt) and runs/NAME/cmd (sim/sweep.h).
 *
 * A command is run in DIR: it names its run's folder as runs/NAME, and
 * numasim, the traces and the base config by absolute paths, so it runs
 * the same here, from GNU parallel or from a Slurm node that sees the
 * same files.  A generated workload is written into the run's folder by
 * `numasim gen`, replayed, and removed when the run succeeded.  Each
 * command sends its standard error to runs/NAME/stderr.
 *
 * Invariants: the files depend on the grid (and numasim's path) alone;
 * they are staged and moved into place together (sim/output.c), after an
 * existing DIR was found empty or --force was given.
 *
 * No kernel counterpart.
 */
#include "sim/sweep.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sim/message.h"
#include "sim/output.h"

#define JSON_FLAGS	(JSON_INDENT(2) | JSON_PRESERVE_ORDER)

/* ---- commands ---- */

/* A word for sh: as it is when it is plain, else in single quotes. */
static void sh_word(FILE *f, const char *word)
{
	bool plain = word[0] != '\0';

	for (const char *c = word; *c && plain; c++)
		plain = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
			(*c >= '0' && *c <= '9') || strchr("_-+./=:,@%", *c);
	if (plain) {
		fputs(word, f);
		return;
	}
	fputc('\'', f);
	for (const char *c = word; *c; c++)
		fputs(*c == '\'' ? "'\\''" : (char[]){ *c, 0 }, f);
	fputc('\'', f);
}

static void words(FILE *f, const char *const *w)
{
	for (; *w; w++) {
		fputc(' ', f);
		sh_word(f, *w);
	}
}

/* `numasim gen KIND ARGS [-c CONFIG] [--seed S] -o runs/NAME/workload.trace` */
static void gen_command(FILE *f, const struct sweep_grid *g, const struct sweep_run *r,
			const char *self, const char *trace)
{
	const struct sweep_workload *w = &g->workloads[r->workload];
	char seed[32];

	sh_word(f, self);
	words(f, (const char *const[]){ "gen", w->gen->name, NULL });
	words(f, w->args);
	if (g->config && w->takes_config)
		words(f, (const char *const[]){ "-c", g->config, NULL });
	snprintf(seed, sizeof(seed), "%llu", (unsigned long long)r->seed);
	if (r->has_seed)
		words(f, (const char *const[]){ "--seed", seed, NULL });
	words(f, (const char *const[]){ "-o", trace, NULL });
}

/* `numasim run -q -o runs/NAME [-c CONFIG] -p PROFILE [--seed S] ... TRACE` */
static void run_command(FILE *f, const struct sweep_grid *g, const struct sweep_run *r,
			const char *self, const char *dir, const char *trace)
{
	char number[32];

	sh_word(f, self);
	words(f, (const char *const[]){ "run", "-q", "-o", dir, NULL });
	if (g->config)
		words(f, (const char *const[]){ "-c", g->config, NULL });
	words(f, (const char *const[]){ "-p", g->profiles[r->profile], NULL });
	snprintf(number, sizeof(number), "%llu", (unsigned long long)r->seed);
	if (r->has_seed)
		words(f, (const char *const[]){ "--seed", number, NULL });
	snprintf(number, sizeof(number), "%llu", (unsigned long long)g->sample_every);
	if (g->has_sample_every)
		words(f, (const char *const[]){ "--sample-every", number, NULL });
	for (size_t k = 0; k < g->nr_knobs; k++)
		words(f, (const char *const[]){ "--set", g->knobs[k].sets[r->knob_value[k]], NULL });
	words(f, (const char *const[]){ trace, NULL });
}

/* The shell command of run r, malloc'ed; NULL when out of memory. */
static char *command(const struct sweep_grid *g, const struct sweep_run *r, const char *self)
{
	const struct sweep_workload *w = &g->workloads[r->workload];
	char dir[SWEEP_NAME_LEN + 16], trace[2 * SWEEP_NAME_LEN], err[2 * SWEEP_NAME_LEN];
	char *line = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&line, &len);

	if (!f)
		return NULL;
	snprintf(dir, sizeof(dir), SWEEP_RUNS_DIR "/%s", r->name);
	snprintf(err, sizeof(err), "%s/" SWEEP_STDERR_FILE, dir);
	snprintf(trace, sizeof(trace), "%s/" SWEEP_TRACE_FILE, dir);
	if (w->gen) {
		gen_command(f, g, r, self, trace);
		fprintf(f, " 2> %s && ", err);
	}
	run_command(f, g, r, self, dir, w->gen ? trace : w->trace);
	fprintf(f, " 2%s %s", w->gen ? ">>" : ">", err);
	if (w->gen)
		fprintf(f, " && rm -f %s", trace);
	if (fclose(f) != 0) {
		free(line);
		return NULL;
	}
	return line;
}

/* ---- DIR's files ---- */

static json_t *workloads_json(const struct sweep_grid *g)
{
	json_t *list = json_array();

	for (size_t i = 0; i < g->nr_workloads; i++) {
		const struct sweep_workload *w = &g->workloads[i];
		json_t *args = json_array();

		for (size_t a = 0; a < w->nr_args; a++)
			json_array_append_new(args, json_string(w->args[a]));
		json_array_append_new(list, w->gen ?
			json_pack("{s:s, s:s, s:o}", "name", w->name, "gen", w->gen->name, "args", args) :
			json_pack("{s:s, s:s}", "name", w->name, "trace", w->trace));
		if (!w->gen)
			json_decref(args);
	}
	return list;
}

static json_t *run_json(const struct sweep_grid *g, const struct sweep_run *r)
{
	json_t *knobs = json_object();

	for (size_t k = 0; k < g->nr_knobs; k++)
		json_object_set(knobs, g->knobs[k].key,
				json_array_get(g->knobs[k].values, r->knob_value[k]));
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:s}", "run", r->name,
			 "workload", g->workloads[r->workload].name,
			 "profile", g->profiles[r->profile], "knobs", knobs,
			 "seed", r->has_seed ? json_integer((json_int_t)r->seed) : json_null(),
			 "command", r->line);
}

/* grid.json: the parameters' names, the workloads, and every run with its parameters. */
static json_t *grid_json(const struct sweep_grid *g, const struct sweep_run *runs, size_t nr)
{
	json_t *params = json_pack("[s, s]", "workload", "profile"), *list = json_array();

	for (size_t k = 0; k < g->nr_knobs; k++)
		json_array_append_new(params, json_string(g->knobs[k].key));
	if (g->nr_seeds)
		json_array_append_new(params, json_string("seed"));
	for (size_t i = 0; i < nr; i++)
		json_array_append_new(list, run_json(g, &runs[i]));
	return json_pack("{s:o, s:o, s:o, s:o}", "parameters", params,
			 "config", g->config ? json_string(g->config) : json_null(),
			 "workloads", workloads_json(g), "runs", list);
}

static void write_slurm(FILE *f, size_t nr)
{
	fprintf(f, "#!/bin/bash\n"
		"# numasim sweep: %zu runs as a Slurm job array, one run per task.\n"
		"# Submit from this folder: sbatch sweep.slurm.  Task K runs line K+1 of\n"
		"# jobs.txt in this folder; by hand: SLURM_ARRAY_TASK_ID=K bash sweep.slurm\n"
		"#SBATCH --job-name=numasim-sweep\n"
		"#SBATCH --array=0-%zu\n"
		"#SBATCH --ntasks=1\n"
		"#SBATCH --cpus-per-task=1\n"
		"#SBATCH --output=slurm-%%A_%%a.out\n"
		"cd \"${SLURM_SUBMIT_DIR:-$(dirname \"$0\")}\" || exit 1\n"
		"case \"${SLURM_ARRAY_TASK_ID:-}\" in\n"
		"''|*[!0-9]*) echo \"sweep.slurm: SLURM_ARRAY_TASK_ID is not a task number\" >&2; "
		"exit 2;;\n"
		"esac\n"
		"line=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" jobs.txt)\n"
		"if [ -z \"$line\" ]; then\n"
		"\techo \"sweep.slurm: no line $((SLURM_ARRAY_TASK_ID + 1)) in jobs.txt\" >&2\n"
		"\texit 2\n"
		"fi\n"
		"exec /bin/sh -c \"$line\"\n", nr, nr - 1);
}

/* Everything below runs/ and the sweep's own files are the sweep's (--force). */
static bool sweep_ours(const char *relpath)
{
	static const char *const files[] = {
		"grid.json", "jobs.txt", "sweep.slurm", "sweep.csv", "sweep.json", SWEEP_RUNS_DIR,
	};

	if (!strncmp(relpath, SWEEP_RUNS_DIR "/", strlen(SWEEP_RUNS_DIR) + 1))
		return true;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (!strcmp(relpath, files[i]))
			return true;
	return false;
}

/* An existing DIR must be a folder, and empty unless force. */
static int check_dir(const char *dir, bool force)
{
	char msg[PATH_MAX + 128];
	struct stat st;
	struct dirent *e;
	DIR *d;

	if (stat(dir, &st) != 0)
		return EXIT_OK;
	if (!S_ISDIR(st.st_mode)) {
		snprintf(msg, sizeof(msg), "numasim: %s: exists and is not a directory", dir);
		return sim_fail(EXIT_BAD_INPUT, msg);
	}
	if (force || !(d = opendir(dir)))
		return EXIT_OK;
	while ((e = readdir(d)) && (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")))
		;
	closedir(d);
	if (!e)
		return EXIT_OK;
	snprintf(msg, sizeof(msg), "numasim: %s: not empty (--force writes the sweep into it, "
		 "replacing an older sweep's files)", dir);
	return sim_fail(EXIT_BAD_INPUT, msg);
}

/* One staged text file: text, then a newline if nl. */
static int put(struct output *out, const char *name, const char *text, bool nl, char *err,
	       size_t len)
{
	FILE *f = output_create(out, name, err, len);

	if (!f)
		return -1;
	fputs(text, f);
	if (nl)
		fputc('\n', f);
	return output_fclose(f, name, err, len);
}

/* jobs.txt and each run's cmd: the commands, one a line. */
static int write_commands(struct output *out, const struct sweep_run *runs, size_t nr,
			  char *err, size_t len)
{
	char path[SWEEP_NAME_LEN + 32];
	FILE *f = output_create(out, "jobs.txt", err, len);

	if (!f)
		return -1;
	for (size_t i = 0; i < nr; i++)
		fprintf(f, "%s\n", runs[i].line);
	if (output_fclose(f, "jobs.txt", err, len) != 0)
		return -1;
	for (size_t i = 0; i < nr; i++) {
		snprintf(path, sizeof(path), SWEEP_RUNS_DIR "/%s/cmd", runs[i].name);
		if (put(out, path, runs[i].line, true, err, len) != 0)
			return -1;
	}
	return 0;
}

static int write_files(struct output *out, const struct sweep_grid *g,
		       const struct sweep_run *runs, size_t nr, char *err, size_t len)
{
	json_t *root = grid_json(g, runs, nr);
	char *grid = root ? json_dumps(root, JSON_FLAGS) : NULL;
	FILE *f;
	int ret = -1;

	json_decref(root);
	if (!grid)
		snprintf(err, len, "numasim: out of memory");
	else if (put(out, "grid.json", grid, true, err, len) == 0 &&
		 write_commands(out, runs, nr, err, len) == 0 &&
		 (f = output_create(out, "sweep.slurm", err, len))) {
		write_slurm(f, nr);
		ret = output_fclose(f, "sweep.slurm", err, len);
	}
	free(grid);
	return ret;
}

int sweep_emit(const struct sweep_grid *g, struct sweep_run *runs, size_t nr, const char *dir,
	       const char *self, bool force)
{
	static const struct output_entry entries[] = {
		{ "grid.json", "the sweep's grid", false },
		{ "jobs.txt", "the sweep's jobs", false },
		{ "sweep.slurm", "the sweep's Slurm script", false },
		{ SWEEP_RUNS_DIR, "the sweep's runs", true },
	};
	struct output_spec spec = {
		.dir = dir, .entries = entries, .nr_entries = sizeof(entries) / sizeof(entries[0]),
		.ours = sweep_ours, .inputs = { g->path, g->config },
	};
	struct output *out;
	char err[PATH_MAX + 256];
	int ret;

	if ((ret = check_dir(dir, force)) != EXIT_OK)
		return ret;
	for (size_t i = 0; i < nr; i++)
		if (!(runs[i].line = command(g, &runs[i], self)))
			return sim_fail(EXIT_HOST, "numasim: out of memory");
	out = output_begin(&spec, err, sizeof(err));
	if (!out)
		return sim_fail(EXIT_BAD_INPUT, err);
	if (write_files(out, g, runs, nr, err, sizeof(err)) != 0) {
		output_abort(out);
		return sim_fail(EXIT_HOST, err);
	}
	return output_commit(out, err, sizeof(err)) ? sim_fail(EXIT_HOST, err) : EXIT_OK;
}
