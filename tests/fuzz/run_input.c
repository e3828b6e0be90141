/*
 * tests/fuzz/run_input.c - one fuzz input run as "numasim run" does it,
 * outputs and all (fuzz_run_input(), see fuzz_inputs.h).
 *
 * The input is a trace, cut as the replay target cuts it
 * (fuzz_replay_prefix()), on the replay target's machine.  It goes through
 * sim_run() (sim/run.h), the function behind the command, with every
 * output on: results.json, a timeseries.csv row after every event, the
 * snapshots' files, and the trace events of every subsystem; every checker
 * runs after every event.  Each input gets a scratch directory of its own,
 * removed afterwards.  The oracle is the command's contract (docs/cli.md):
 *   - status 0 or 2; 1 (the host failed) and 3 (an invariant broken) are
 *     findings, and an MM_BUG_ON goes to the caller's bug handler;
 *   - a refused run (2) created nothing: the scratch directory holds the
 *     two inputs and nothing else, no output and no staging area;
 *   - an accepted run wrote everything, completely: results.json is JSON
 *     that counts the trace's records as its events and names each
 *     snapshot, whose files exist; timeseries.csv has a header and one row
 *     per event, each with as many fields as the header; the events file
 *     exists; and nothing else is left behind.
 * The messages themselves are the replay target's business.
 *
 * No kernel counterpart: test scaffolding.
 */
#include "tests/fuzz/fuzz_inputs.h"

#include <dirent.h>
#include <ftw.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mm/trace_events.h"
#include "sim/message.h"
#include "sim/run.h"
#include "tests/fuzz/fuzz_util.h"
#include "workloads/trace.h"

#define SCRATCH_PATH_MAX	256

/* The inputs' names in the scratch directory: all a refused run leaves. */
#define CONFIG_FILE	"machine.json"
#define TRACE_FILE	"in.trace"
#define OUT_DIR		"out"
#define EVENTS_FILE	"events"

struct scratch {
	char dir[SCRATCH_PATH_MAX];
	char path[SCRATCH_PATH_MAX + 64];	/* scratch_path()'s answer */
};

static const char *scratch_path(struct scratch *s, const char *rel)
{
	snprintf(s->path, sizeof(s->path), "%s/%s", s->dir, rel);
	return s->path;
}

static int write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	bool ok = f && fwrite(data, 1, len, f) == len;

	return (f && fclose(f) == 0 && ok) ? 0 : -1;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void scratch_remove(struct scratch *s)
{
	nftw(s->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* The records of data (the prefix the run replays), as the engine counts events. */
static unsigned long count_records(const uint8_t *data, size_t len)
{
	struct trace_reader *r = trace_reader_open_memory("count", (const char *)data, len);
	struct trace_record rec;
	char err[256];
	unsigned long n = 0;

	while (r && trace_reader_next(r, &rec, err, sizeof(err)) == 1)
		n++;
	trace_reader_close(r);
	return n;
}

/* ---- what a run left ---- */

/* Is every entry of dir one of the NULL-terminated names (and are the musts there)? */
static bool dir_holds_only(const char *dir, const char *const *names, const char *const *musts)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	bool ok = d != NULL;
	unsigned int found = 0, nr_musts = 0;

	while (ok && (de = readdir(d))) {
		bool known = false;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		for (const char *const *n = names; *n; n++)
			known |= !strcmp(*n, de->d_name);
		for (const char *const *n = musts; *n; n++)
			found += !strcmp(*n, de->d_name);
		ok = known;
	}
	for (const char *const *n = musts; *n; n++)
		nr_musts++;
	if (d)
		closedir(d);
	return ok && found == nr_musts;
}

/* timeseries.csv: a header, then nr_rows rows with as many fields. */
static bool timeseries_ok(const char *path, unsigned long nr_rows)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	long fields = -1;
	unsigned long rows = 0;
	bool ok = f != NULL;

	while (ok && fgets(line, sizeof(line), f)) {
		long n = 1;

		ok = strchr(line, '\n') != NULL;
		for (const char *c = line; *c; c++)
			n += *c == ',';
		if (fields < 0)
			fields = n;
		else
			rows++;
		ok = ok && n == fields;
	}
	if (f)
		fclose(f);
	return ok && rows == nr_rows;
}

/* results.json: its events, and each snapshot's buddyinfo on disk. */
static enum fuzz_verdict results_verdict(struct scratch *s, unsigned long nr_records,
					 char *msg, size_t msglen)
{
	json_error_t jerr;
	json_t *root = json_load_file(scratch_path(s, OUT_DIR "/results.json"), 0, &jerr);
	json_t *snaps = json_object_get(root, "snapshots"), *name;
	json_int_t events = json_integer_value(json_object_get(root, "events"));
	enum fuzz_verdict v = FUZZ_ACCEPTED;
	size_t i;
	struct stat st;
	char rel[SCRATCH_PATH_MAX];

	if (!root || !json_is_array(snaps) || events != (json_int_t)nr_records)
		v = fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen,
				     "results.json: %s, %lld events for %lu records",
				     root ? "read" : jerr.text, (long long)events, nr_records);
	json_array_foreach(snaps, i, name) {
		snprintf(rel, sizeof(rel), OUT_DIR "/snapshots/%s/buddyinfo",
			 json_string_value(name) ? json_string_value(name) : "");
		if (v == FUZZ_ACCEPTED && stat(scratch_path(s, rel), &st) != 0)
			v = fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen, "%s missing", rel);
	}
	json_decref(root);
	return v;
}

/* The verdict on a run that returned status. */
static enum fuzz_verdict run_verdict(struct scratch *s, int status, unsigned long nr_records,
				     char *msg, size_t msglen)
{
	static const char *const inputs[] = { CONFIG_FILE, TRACE_FILE, NULL };
	static const char *const all[] = { CONFIG_FILE, TRACE_FILE, OUT_DIR, EVENTS_FILE, NULL };
	static const char *const out_all[] = { "results.json", "timeseries.csv", "snapshots", NULL };
	static const char *const out_musts[] = { "results.json", "timeseries.csv", NULL };

	if (status == EXIT_BAD_INPUT)
		return dir_holds_only(s->dir, inputs, inputs) ? FUZZ_REFUSED :
		       fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen, "a refused run left output behind");
	if (status != EXIT_OK)
		return fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen, "run: exit status %d", status);
	if (!dir_holds_only(s->dir, all, all) ||
	    !dir_holds_only(scratch_path(s, OUT_DIR), out_all, out_musts))
		return fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen,
					"the outputs are not exactly what the run writes");
	if (!timeseries_ok(scratch_path(s, OUT_DIR "/timeseries.csv"),
			   nr_records ? nr_records : 1))
		return fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen,
					"timeseries.csv: not one well-formed row per event");
	return results_verdict(s, nr_records, msg, msglen);
}

/* ---- the run ---- */

/* Every output on, every checker after every event, nothing on stdout. */
static void run_options(struct run_opts *o, struct scratch *s, char *paths[4])
{
	run_opts_default(o);
	paths[0] = strdup(scratch_path(s, CONFIG_FILE));
	paths[1] = strdup(scratch_path(s, TRACE_FILE));
	paths[2] = strdup(scratch_path(s, OUT_DIR));
	paths[3] = strdup(scratch_path(s, EVENTS_FILE));
	o->config = paths[0];
	o->trace = paths[1];
	o->outdir = paths[2];
	o->trace_events = paths[3];
	for (int sys = 0; sys < MM_SYS_NR; sys++)
		o->trace_mask |= mm_event_subsys_mask((enum mm_trace_subsys)sys);
	o->check_every = 1;
	o->sample_every = 1;
	o->quiet = true;
}

enum fuzz_verdict fuzz_run_input(const char *name, const uint8_t *data, size_t size,
				 char *msg, size_t msglen)
{
	static const char config[] = FUZZ_REPLAY_CONFIG;
	const char *tmp = getenv("TMPDIR");
	size_t len = fuzz_replay_prefix(data, size);
	struct scratch s;
	struct run_opts o;
	char *paths[4] = { NULL };
	enum fuzz_verdict v;

	(void)name;	/* the run names its trace by its path */
	snprintf(s.dir, sizeof(s.dir), "%s/numasim-fuzz-run-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(s.dir))
		return fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen, "cannot make %s", s.dir);
	if (write_file(scratch_path(&s, CONFIG_FILE), config, sizeof(config) - 1) != 0 ||
	    write_file(scratch_path(&s, TRACE_FILE), data, len) != 0) {
		scratch_remove(&s);
		return fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen, "cannot write the inputs");
	}
	run_options(&o, &s, paths);
	if (!paths[0] || !paths[1] || !paths[2] || !paths[3])
		v = fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen, "out of memory");
	else
		v = run_verdict(&s, sim_run(&o), count_records(data, len), msg, msglen);
	for (int i = 0; i < 4; i++)
		free(paths[i]);
	scratch_remove(&s);
	return v;
}
