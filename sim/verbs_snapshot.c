/*
 * sim/verbs_snapshot.c - the snapshot verb and the names of the snapshots
 * taken.
 *
 *   snapshot name=NAME
 *       hand the machine of this moment to the engine's snapshot callback
 *       (the run writes the /proc views to OUTDIR/snapshots/NAME/).
 *
 * Invariants: the names kept are valid and unique, in the order taken; a
 * refused name is not kept.  results.json lists them
 * (snapshot_names()).
 *
 * No kernel counterpart (reading /proc at a moment of the workload).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/verbs.h"

#define SNAPSHOT_NAME_MAX	64

struct snapshot_state {
	char **names;		/* in the order they were taken */
	size_t nr;
	size_t cap;
};

static struct snapshot_state *snapshot_state(const struct engine *e)
{
	return engine_family_state(e, &family_snapshot);
}

char *const *snapshot_names(const struct engine *e, size_t *nr)
{
	const struct snapshot_state *s = snapshot_state(e);

	*nr = s ? s->nr : 0;
	return s ? s->names : NULL;
}

static bool snapshot_name_valid(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len > SNAPSHOT_NAME_MAX || name[0] == '.')
		return false;
	return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789._-") == len;
}

/* Record a snapshot name; ENGINE_BAD_INPUT if invalid or taken before. */
static enum engine_status snapshot_add(struct engine *e, const struct trace_record *rec,
				       const char *name)
{
	struct snapshot_state *s = snapshot_state(e);

	if (!snapshot_name_valid(name))
		return engine_bad_input(e, rec, "bad snapshot name '%s' (1..%d letters, digits, '.', '_' or '-', not starting with '.')",
					name, SNAPSHOT_NAME_MAX);
	for (size_t i = 0; i < s->nr; i++)
		if (!strcmp(s->names[i], name))
			return engine_bad_input(e, rec, "snapshot name '%s' used twice", name);
	if (s->nr == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 8;
		char **names = realloc(s->names, cap * sizeof(*names));

		if (!names)
			return engine_internal(e, "out of memory");
		s->names = names;
		s->cap = cap;
	}
	s->names[s->nr] = strdup(name);
	if (!s->names[s->nr])
		return engine_internal(e, "out of memory");
	s->nr++;
	return ENGINE_OK;
}

enum { SNAP_NAME };

/* snapshot name=NAME: write the /proc views of this moment. */
static enum engine_status do_snapshot(struct engine *e, const struct trace_record *rec,
				      const char *const *vals)
{
	char err[512];
	enum engine_status st = snapshot_add(e, rec, vals[SNAP_NAME]);

	if (st != ENGINE_OK || !e->opts.snapshot)
		return st;
	if (e->opts.snapshot(e->opts.snapshot_ctx, vals[SNAP_NAME], e->m, err, sizeof(err)))
		return engine_output_failed(e, err);
	return ENGINE_OK;
}

static const struct engine_verb verb_snapshot = {
	.name = "snapshot",
	.handler = do_snapshot,
	.keys = { { "name", true } },
};

static void snapshot_release(void *state)
{
	struct snapshot_state *s = state;

	for (size_t i = 0; i < s->nr; i++)
		free(s->names[i]);
	free(s->names);
}

static const struct engine_verb *const snapshot_verbs[] = { &verb_snapshot, NULL };

const struct engine_family family_snapshot = {
	.name = "snapshot",
	.verbs = snapshot_verbs,
	.state_size = sizeof(struct snapshot_state),
	.release = snapshot_release,
};
