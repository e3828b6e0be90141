/*
 * sim/sweep_grid.c - GRID.json of `numasim sweep` (sim/sweep.h) read,
 * checked and expanded into runs.
 *
 * The grid is one object: "workloads" (trace files, or {"gen": KIND,
 * "args": [...], "name": ...}), "profiles" (kernel profiles by name, as
 * mm/profile.c registers them), and optionally "knobs" ({KEY: [VALUE...]},
 * each value one --set KEY=VALUE), "seeds" (for the generators that take
 * --seed), "config" (the base config) and "sample_every".  Paths are
 * relative to the grid file's folder.
 *
 * Invariants: nothing is accepted that a run would refuse at its start: a
 * profile is one the registry has, each knob value and each combination
 * of them loads with the base config as --set would load it.  A message
 * names the grid's line: jansson's for a syntax error, otherwise the line
 * of the key or value at fault, found in the grid's text.
 *
 * No kernel counterpart.
 */
#include "sim/sweep.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/profile.h"
#include "sim/gen_cli.h"
#include "sim/message.h"

/* ---- messages ---- */

static bool token_char(char c)
{
	return isalnum((unsigned char)c) || c == '.' || c == '-' || c == '_';
}

/*
 * The line of the first whole token needle at or after line from of the
 * grid's text (from when there is none): where a key or value was written.
 */
static int grid_line(const struct sweep_grid *g, const char *needle, int from)
{
	const char *p = g->text;
	size_t len = strlen(needle);
	int line = 1;

	for (; *p && line < from; p++)
		line += *p == '\n';
	for (; *p; p++) {
		if (!strncmp(p, needle, len) && (p == g->text || !token_char(p[-1]) ||
						 !token_char(needle[0])) &&
		    (!token_char(p[len]) || !token_char(needle[len - 1])))
			return line;
		line += *p == '\n';
	}
	return from;
}

/* The line of a key of the grid: "KEY" at or after line from. */
static int key_line(const struct sweep_grid *g, const char *key, int from)
{
	char quoted[SIM_SET_MAX_LEN + 3];

	snprintf(quoted, sizeof(quoted), "\"%s\"", key);
	return grid_line(g, quoted, from);
}

/* The line of value (as JSON) at or after line from. */
static int value_line(const struct sweep_grid *g, json_t *value, int from)
{
	char *text = json_dumps(value, JSON_ENCODE_ANY | JSON_COMPACT);
	int line = text ? grid_line(g, text, from) : from;

	free(text);
	return line;
}

/* "GRID:LINE: message" on stderr; returns EXIT_BAD_INPUT. */
static __attribute__((format(printf, 3, 4)))
int grid_fail(const struct sweep_grid *g, int line, const char *fmt, ...)
{
	char msg[MESSAGE_MAX];
	int len = snprintf(msg, sizeof(msg), "%s:%d: ", g->path, line);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg + len, sizeof(msg) - (size_t)len, fmt, ap);
	va_end(ap);
	return sim_fail(EXIT_BAD_INPUT, msg);
}

/* ---- reading ---- */

static int read_text(struct sweep_grid *g)
{
	char msg[PATH_MAX + 128];
	FILE *f = fopen(g->path, "r");
	size_t len = 0, cap = 0, n;
	bool failed;

	if (!f) {
		snprintf(msg, sizeof(msg), "%s: cannot open: %s", g->path, strerror(errno));
		return sim_fail(EXIT_BAD_INPUT, msg);
	}
	do {
		if (cap - len < 4096) {
			char *more = realloc(g->text, cap = 2 * cap + 8192);

			if (!more) {
				fclose(f);
				return sim_fail(EXIT_HOST, "numasim: out of memory");
			}
			g->text = more;
		}
		n = fread(g->text + len, 1, cap - len - 1, f);
		len += n;
	} while (n > 0);
	g->text[len] = '\0';
	failed = ferror(f) != 0;
	fclose(f);
	if (failed || strlen(g->text) != len) {
		snprintf(msg, sizeof(msg), "%s: cannot read: %s", g->path,
			 failed ? "a read error" : "a NUL byte in it");
		return sim_fail(EXIT_BAD_INPUT, msg);
	}
	return EXIT_OK;
}

/* A path of the grid, relative to its folder, made absolute; NULL if it is not there. */
static char *grid_relative(const struct sweep_grid *g, const char *rel)
{
	char joined[PATH_MAX * 2];
	const char *slash = strrchr(g->path, '/');

	if (rel[0] == '/' || !slash)
		snprintf(joined, sizeof(joined), "%s", rel);
	else
		snprintf(joined, sizeof(joined), "%.*s/%s", (int)(slash - g->path), g->path, rel);
	return realpath(joined, NULL);
}

/* A non-empty array at key; NULL (absent) is allowed only when !required. */
static int get_list(const struct sweep_grid *g, const char *key, bool required, json_t **list)
{
	json_t *v = json_object_get(g->root, key);

	*list = v;
	if (!v && !required)
		return EXIT_OK;
	if (!v)
		return grid_fail(g, 1, "missing \"%s\" (a list)", key);
	if (!json_is_array(v))
		return grid_fail(g, key_line(g, key, 1), "\"%s\": expected a list", key);
	if (!json_array_size(v))
		return grid_fail(g, key_line(g, key, 1), "\"%s\": an empty list", key);
	return EXIT_OK;
}

static const struct gen_kind *gen_kind_find(const char *name)
{
	for (size_t i = 0; i < GEN_NR_KINDS; i++)
		if (!strcmp(gen_kinds[i].name, name))
			return &gen_kinds[i];
	return NULL;
}

static const char *gen_kind_name(int i)
{
	return gen_kinds[i].name;
}

/* A file name's stem: "t.trace.gz" -> "t". */
static void stem(char *buf, size_t len, const char *path)
{
	const char *base = strrchr(path, '/');

	snprintf(buf, len, "%s", base ? base + 1 : path);
	for (char *dot; (dot = strrchr(buf, '.')) && dot != buf &&
	     (!strcmp(dot, ".gz") || !strcmp(dot, ".trace"));)
		*dot = '\0';
}

/* {"gen": KIND, "args": [STRING...], "name": NAME} */
static int load_generator(struct sweep_grid *g, json_t *obj, int line, struct sweep_workload *w)
{
	const char *key, *kind = json_string_value(json_object_get(obj, "gen"));
	json_t *v, *args = json_object_get(obj, "args");
	char known[512];
	size_t i;

	json_object_foreach(obj, key, v)
		if (strcmp(key, "gen") && strcmp(key, "args") && strcmp(key, "name"))
			return grid_fail(g, key_line(g, key, line), "workload: unknown key \"%s\" "
					 "(known: gen, args, name)", key);
	if (!kind)
		return grid_fail(g, line, "workload: \"gen\": expected a generator's name");
	if (!(w->gen = gen_kind_find(kind)))
		return grid_fail(g, value_line(g, json_object_get(obj, "gen"), line),
				 "workload: unknown generator '%s' (known: %s)", kind,
				 cli_known_names(known, sizeof(known), GEN_NR_KINDS, gen_kind_name));
	if (args && !json_is_array(args))
		return grid_fail(g, key_line(g, "args", line), "workload: \"args\": expected a "
				 "list of strings");
	w->nr_args = json_array_size(args);
	w->args = calloc(w->nr_args + 1, sizeof(*w->args));
	if (!w->args)
		return sim_fail(EXIT_HOST, "numasim: out of memory");
	json_array_foreach(args, i, v) {
		if (!json_is_string(v) || i >= 32)
			return grid_fail(g, value_line(g, v, line), "workload: \"args\": expected "
					 "at most 32 strings");
		w->args[i] = json_string_value(v);
	}
	w->takes_seed = strstr(w->gen->usage, "--seed") != NULL;
	w->takes_config = strstr(w->gen->usage, "-c CONFIG") != NULL;
	snprintf(w->name, sizeof(w->name), "%s", kind);
	return EXIT_OK;
}

static int load_workload(struct sweep_grid *g, json_t *v, struct sweep_workload *w)
{
	int line = value_line(g, json_is_object(v) ? json_object_get(v, "gen") : v,
			      key_line(g, "workloads", 1));
	const char *name;
	int ret;

	if (json_is_string(v)) {
		w->trace = grid_relative(g, json_string_value(v));
		if (!w->trace)
			return grid_fail(g, line, "workload '%s': cannot open: %s",
					 json_string_value(v), strerror(errno));
		stem(w->name, sizeof(w->name), w->trace);
		return EXIT_OK;
	}
	if (!json_is_object(v))
		return grid_fail(g, line, "workload: expected a trace file or {\"gen\": KIND, "
				 "\"args\": [...]}");
	if ((ret = load_generator(g, v, line, w)) != EXIT_OK)
		return ret;
	if ((name = json_string_value(json_object_get(v, "name"))))
		snprintf(w->name, sizeof(w->name), "%s", name);
	else if (json_object_get(v, "name"))
		return grid_fail(g, key_line(g, "name", line), "workload: \"name\": expected a string");
	return EXIT_OK;
}

static int load_workloads(struct sweep_grid *g)
{
	json_t *list, *v;
	size_t i;
	int ret;

	if ((ret = get_list(g, "workloads", true, &list)) != EXIT_OK)
		return ret;
	g->workloads = calloc(json_array_size(list), sizeof(*g->workloads));
	if (!g->workloads)
		return sim_fail(EXIT_HOST, "numasim: out of memory");
	json_array_foreach(list, i, v) {
		struct sweep_workload *w = &g->workloads[g->nr_workloads++];

		if ((ret = load_workload(g, v, w)) != EXIT_OK)
			return ret;
		if (!w->name[0])
			return grid_fail(g, key_line(g, "workloads", 1), "workload %zu: an empty name", i);
		for (size_t k = 0; k < i; k++)
			if (!strcmp(g->workloads[k].name, w->name))
				return grid_fail(g, key_line(g, "workloads", 1), "two workloads named "
						 "'%s' (give one a \"name\")", w->name);
	}
	return EXIT_OK;
}

static const char *profile_name(int i)
{
	return mm_profiles[i]->name;
}

static int load_profiles(struct sweep_grid *g)
{
	json_t *list, *v;
	char known[512];
	size_t i;
	int nr = 0, ret;

	if ((ret = get_list(g, "profiles", true, &list)) != EXIT_OK)
		return ret;
	while (mm_profiles[nr])
		nr++;
	g->profiles = calloc(json_array_size(list), sizeof(*g->profiles));
	if (!g->profiles)
		return sim_fail(EXIT_HOST, "numasim: out of memory");
	json_array_foreach(list, i, v) {
		const char *name = json_string_value(v);
		int line = value_line(g, v, key_line(g, "profiles", 1));

		if (!name || !mm_profile_find(name))
			return grid_fail(g, line, "unknown profile %s%s%s (known: %s)",
					 name ? "'" : "", name ? name : "(not a string)", name ? "'" : "",
					 cli_known_names(known, sizeof(known), nr, profile_name));
		for (size_t k = 0; k < i; k++)
			if (!strcmp(g->profiles[k], name))
				return grid_fail(g, line, "profile '%s' twice", name);
		g->profiles[g->nr_profiles++] = name;
	}
	return EXIT_OK;
}

/* The base config with sets over it must load, as a run's would. */
static int check_sets(const struct sweep_grid *g, const struct sim_config_sets *sets, int line,
		      const char *what)
{
	struct mm_boot_params bp;
	char err[1024];

	if (sim_config_load(g->config, sets, &bp, err, sizeof(err)) == 0)
		return EXIT_OK;
	return grid_fail(g, line, "%s: %s", what, err);
}

/* One knob: KEY and its list of values, each a well-formed --set that loads. */
static int load_knob(struct sweep_grid *g, const char *key, json_t *values, int line)
{
	struct sweep_knob *k = &g->knobs[g->nr_knobs++];
	struct sim_config_sets one = { 0 };
	char msg[512];
	json_t *v;
	size_t i;
	int ret;

	k->key = key;
	k->values = values;
	if (!json_is_array(values) || !json_array_size(values))
		return grid_fail(g, line, "knob \"%s\": expected a non-empty list of values", key);
	k->sets = calloc(json_array_size(values), sizeof(*k->sets));
	if (!k->sets)
		return sim_fail(EXIT_HOST, "numasim: out of memory");
	json_array_foreach(values, i, v) {
		char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		int vline = value_line(g, v, line);

		if (!text || asprintf(&k->sets[i], "%s=%s", key, text) < 0) {
			k->sets[i] = NULL;
			free(text);
			return sim_fail(EXIT_HOST, "numasim: out of memory");
		}
		k->nr++;
		free(text);
		for (size_t j = 0; j < i; j++)
			if (json_equal(json_array_get(values, j), v))
				return grid_fail(g, vline, "knob \"%s\": a value twice", key);
		one.nr = 0;
		if (sim_config_sets_add(&one, k->sets[i], msg, sizeof(msg)))
			return grid_fail(g, vline, "knob %s", msg);
		if ((ret = check_sets(g, &one, vline, k->sets[i])) != EXIT_OK)
			return ret;
	}
	return EXIT_OK;
}

/* Every combination of the knobs' values loads too (one value each is checked). */
static int check_knob_combinations(const struct sweep_grid *g)
{
	size_t idx[SWEEP_MAX_KNOBS] = { 0 }, k;
	struct sim_config_sets sets = { .nr = g->nr_knobs };
	char what[MESSAGE_MAX / 2];
	int ret, line = key_line(g, "knobs", 1);

	if (g->nr_knobs < 2)
		return EXIT_OK;
	do {
		size_t len = 0;

		for (k = 0; k < g->nr_knobs; k++) {
			sets.arg[k] = g->knobs[k].sets[idx[k]];
			len += (size_t)snprintf(what + len, len < sizeof(what) ? sizeof(what) - len : 0,
						"%s%s", k ? ", " : "knobs ", sets.arg[k]);
		}
		if ((ret = check_sets(g, &sets, line, what)) != EXIT_OK)
			return ret;
		for (k = g->nr_knobs; k-- > 0 && ++idx[k] == g->knobs[k].nr;)
			idx[k] = 0;
	} while (k != (size_t)-1);
	return EXIT_OK;
}

static int load_knobs(struct sweep_grid *g)
{
	json_t *obj = json_object_get(g->root, "knobs"), *values;
	int line = key_line(g, "knobs", 1), ret;
	const char *key;

	if (!obj)
		return EXIT_OK;
	if (!json_is_object(obj) || !json_object_size(obj))
		return grid_fail(g, line, "\"knobs\": expected {\"KEY.PATH\": [VALUE, ...], ...}");
	if (json_object_size(obj) > SWEEP_MAX_KNOBS)
		return grid_fail(g, line, "\"knobs\": at most %d of them", SWEEP_MAX_KNOBS);
	json_object_foreach(obj, key, values)
		if ((ret = load_knob(g, key, values, key_line(g, key, line))) != EXIT_OK)
			return ret;
	return check_knob_combinations(g);
}

static int load_seeds(struct sweep_grid *g)
{
	json_t *list, *v;
	size_t i;
	int ret, line = key_line(g, "seeds", 1);
	bool any = false;

	if ((ret = get_list(g, "seeds", false, &list)) != EXIT_OK || !list)
		return ret;
	for (i = 0; i < g->nr_workloads; i++)
		any |= g->workloads[i].takes_seed;
	if (!any)
		return grid_fail(g, line, "\"seeds\": no workload takes a seed (a trace file "
				 "replays the same under every seed; generators that take "
				 "--seed do)");
	g->seeds = calloc(json_array_size(list), sizeof(*g->seeds));
	if (!g->seeds)
		return sim_fail(EXIT_HOST, "numasim: out of memory");
	json_array_foreach(list, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) < 0)
			return grid_fail(g, value_line(g, v, line), "\"seeds\": expected integers "
					 "of 0 or more");
		g->seeds[i] = (uint64_t)json_integer_value(v);
		for (size_t k = 0; k < i; k++)
			if (g->seeds[k] == g->seeds[i])
				return grid_fail(g, value_line(g, v, line), "seed %llu twice",
						 (unsigned long long)g->seeds[i]);
		g->nr_seeds++;
	}
	return EXIT_OK;
}

/* "config" (a file, relative to the grid) and "sample_every" (0 .. 2^32-1). */
static int load_scalars(struct sweep_grid *g)
{
	json_t *config = json_object_get(g->root, "config");
	json_t *every = json_object_get(g->root, "sample_every");
	struct mm_boot_params bp;
	char err[1024];

	if (config) {
		int line = key_line(g, "config", 1);

		if (!json_is_string(config))
			return grid_fail(g, line, "\"config\": expected a file name");
		g->config = grid_relative(g, json_string_value(config));
		if (!g->config)
			return grid_fail(g, line, "config '%s': cannot open: %s",
					 json_string_value(config), strerror(errno));
		if (sim_config_load(g->config, NULL, &bp, err, sizeof(err)))
			return grid_fail(g, line, "config: %s", err);
	}
	if (every) {
		if (!json_is_integer(every) || json_integer_value(every) < 0 ||
		    json_integer_value(every) > UINT32_MAX)
			return grid_fail(g, key_line(g, "sample_every", 1), "\"sample_every\": "
					 "expected an integer from 0 to %u", UINT32_MAX);
		g->has_sample_every = true;
		g->sample_every = (uint64_t)json_integer_value(every);
	}
	return EXIT_OK;
}

static int check_keys(const struct sweep_grid *g)
{
	static const char *const known[] = {
		"workloads", "profiles", "knobs", "seeds", "config", "sample_every",
	};
	const char *key;
	json_t *v;

	json_object_foreach(g->root, key, v) {
		size_t i = 0;

		while (i < sizeof(known) / sizeof(known[0]) && strcmp(known[i], key))
			i++;
		if (i == sizeof(known) / sizeof(known[0]))
			return grid_fail(g, key_line(g, key, 1), "unknown key \"%s\" (known: "
					 "workloads, profiles, knobs, seeds, config, sample_every)",
					 key);
	}
	return EXIT_OK;
}

int sweep_grid_load(const char *path, struct sweep_grid *g)
{
	json_error_t e;
	int ret;

	memset(g, 0, sizeof(*g));
	g->path = path;
	if ((ret = read_text(g)) != EXIT_OK)
		return ret;
	g->root = json_loads(g->text, JSON_REJECT_DUPLICATES, &e);
	if (!g->root)
		return grid_fail(g, e.line > 0 ? e.line : 1, "%s", e.text);
	if (!json_is_object(g->root))
		return grid_fail(g, 1, "expected a JSON object");
	if ((ret = check_keys(g)) == EXIT_OK && (ret = load_scalars(g)) == EXIT_OK &&
	    (ret = load_workloads(g)) == EXIT_OK && (ret = load_profiles(g)) == EXIT_OK &&
	    (ret = load_seeds(g)) == EXIT_OK)
		ret = load_knobs(g);
	return ret;
}

/* ---- expansion ---- */

/* The part of a name that may stand in a folder name: [A-Za-z0-9._=+-], the rest '_'. */
static void name_part(char *buf, size_t len, const char *text)
{
	size_t n = 0;

	for (const char *c = text; *c && n + 1 < len; c++)
		buf[n++] = isalnum((unsigned char)*c) || strchr("._=+-", *c) ? *c : '_';
	buf[n] = '\0';
}

/* Append text to buf (len bytes) from *used, cut where it does not fit. */
static void append(char *buf, size_t len, size_t *used, const char *text)
{
	if (*used + 1 < len)
		*used += (size_t)snprintf(buf + *used, len - *used, "%s", text);
	if (*used >= len)
		*used = len - 1;
}

/* "NNNN-WORKLOAD-PROFILE[-KNOB=VALUE...][-sSEED]", KNOB the key's last part. */
static void run_name(const struct sweep_grid *g, struct sweep_run *r, size_t index,
		     int digits)
{
	char raw[4 * SWEEP_NAME_LEN], part[64];
	size_t used = 0;

	snprintf(part, sizeof(part), "%0*zu-", digits, index);
	append(raw, sizeof(raw), &used, part);
	append(raw, sizeof(raw), &used, g->workloads[r->workload].name);
	append(raw, sizeof(raw), &used, "-");
	append(raw, sizeof(raw), &used, g->profiles[r->profile]);
	for (size_t k = 0; k < g->nr_knobs; k++) {
		const char *set = g->knobs[k].sets[r->knob_value[k]];
		const char *last = strchr(set, '=');

		while (last > set && last[-1] != '.')
			last--;
		append(raw, sizeof(raw), &used, "-");
		append(raw, sizeof(raw), &used, last);
	}
	if (r->has_seed) {
		snprintf(part, sizeof(part), "-s%llu", (unsigned long long)r->seed);
		append(raw, sizeof(raw), &used, part);
	}
	name_part(r->name, sizeof(r->name), raw);
}

static size_t nr_runs(const struct sweep_grid *g)
{
	size_t combos = 1, n = 0;

	for (size_t k = 0; k < g->nr_knobs; k++)
		combos = combos > SWEEP_MAX_RUNS ? combos : combos * g->knobs[k].nr;
	for (size_t w = 0; w < g->nr_workloads && combos <= SWEEP_MAX_RUNS; w++)
		n += g->nr_profiles * combos *
		     (g->workloads[w].takes_seed && g->nr_seeds ? g->nr_seeds : 1);
	return combos > SWEEP_MAX_RUNS ? SWEEP_MAX_RUNS + 1 : n;
}

/* The runs of workload w and profile p, knobs then seeds, from runs[*n]. */
static void expand_one(const struct sweep_grid *g, size_t w, size_t p, struct sweep_run *runs,
		       size_t *n, int digits)
{
	size_t idx[SWEEP_MAX_KNOBS] = { 0 }, k;
	bool seeded = g->workloads[w].takes_seed && g->nr_seeds;

	do {
		for (size_t s = 0; s < (seeded ? g->nr_seeds : 1); s++) {
			struct sweep_run *r = &runs[*n];

			r->workload = w;
			r->profile = p;
			memcpy(r->knob_value, idx, sizeof(idx));
			r->has_seed = seeded;
			r->seed = seeded ? g->seeds[s] : 0;
			run_name(g, r, *n, digits);
			(*n)++;
		}
		for (k = g->nr_knobs; k-- > 0 && ++idx[k] == g->knobs[k].nr;)
			idx[k] = 0;
	} while (k != (size_t)-1);
}

int sweep_grid_expand(const struct sweep_grid *g, struct sweep_run **runs, size_t *nr)
{
	size_t total = nr_runs(g), n = 0;
	int digits = 4;
	char msg[PATH_MAX + 128];

	if (total > SWEEP_MAX_RUNS) {
		snprintf(msg, sizeof(msg), "%s:1: the grid makes more than %d runs", g->path,
			 SWEEP_MAX_RUNS);
		return sim_fail(EXIT_BAD_INPUT, msg);
	}
	for (size_t t = total - 1; t >= 10000; t /= 10)
		digits++;
	*runs = calloc(total, sizeof(**runs));
	if (!*runs)
		return sim_fail(EXIT_HOST, "numasim: out of memory");
	for (size_t w = 0; w < g->nr_workloads; w++)
		for (size_t p = 0; p < g->nr_profiles; p++)
			expand_one(g, w, p, *runs, &n, digits);
	*nr = n;
	return EXIT_OK;
}

void sweep_grid_free(struct sweep_grid *g, struct sweep_run *runs, size_t nr)
{
	for (size_t i = 0; runs && i < nr; i++)
		free(runs[i].line);
	free(runs);
	for (size_t w = 0; g->workloads && w < g->nr_workloads; w++) {
		free(g->workloads[w].trace);
		free(g->workloads[w].args);
	}
	for (size_t k = 0; k < g->nr_knobs; k++) {
		for (size_t i = 0; i < g->knobs[k].nr; i++)
			free(g->knobs[k].sets[i]);
		free(g->knobs[k].sets);
	}
	free(g->workloads);
	free(g->profiles);
	free(g->seeds);
	free(g->config);
	json_decref(g->root);
	free(g->text);
}
