/*
 * sim/output_merge.c - moving a staged tree into an existing OUTDIR
 * without losing what numasim did not write there.
 *
 * The rule (output.h): every staged file is renamed over its namesake;
 * every staged directory is renamed into place if its namesake is missing,
 * merged into it otherwise.  In a directory it merged into, an entry the
 * staged tree lacks is removed only if ours() claims it (a snapshot file
 * of an older run, e.g. the numa_maps of a task that no longer exists),
 * and a claimed directory goes only once nothing unclaimed is left in it.
 * So a snapshot this run took again replaces the older one's files, and
 * everything else - files of the user's, snapshots this run did not take,
 * timeseries.csv when it is not written - stays.
 *
 * Invariant: nothing is removed that ours() does not claim, and ours()
 * is asked only about entries of directories this run wrote into
 * (report_snapshot_file() claims none at OUTDIR's top or directly in
 * snapshots/, so those are never removed).
 *
 * No kernel counterpart.
 */
#include "sim/output_internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct names {
	char **name;
	size_t nr;
};

static void names_free(struct names *n)
{
	for (size_t i = 0; i < n->nr; i++)
		free(n->name[i]);
	free(n->name);
	n->name = NULL;
	n->nr = 0;
}

/* The entries of the directory path, "." and ".." left out.  0 or -1 (errno). */
static int names_read(const char *path, struct names *n)
{
	DIR *d = opendir(path);
	struct dirent *e;
	size_t cap = 0;

	n->name = NULL;
	n->nr = 0;
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (n->nr == cap) {
			char **grown = realloc(n->name, (cap = cap ? 2 * cap : 16) * sizeof(*grown));

			if (!grown)
				goto fail;
			n->name = grown;
		}
		if (!(n->name[n->nr] = strdup(e->d_name)))
			goto fail;
		n->nr++;
	}
	closedir(d);
	return 0;
fail:
	closedir(d);
	names_free(n);
	errno = ENOMEM;
	return -1;
}

static bool names_has(const struct names *n, const char *name)
{
	for (size_t i = 0; i < n->nr; i++)
		if (!strcmp(n->name[i], name))
			return true;
	return false;
}

/* rel/name, or name itself at OUTDIR's top. */
static char *rel_join(const char *rel, const char *name)
{
	return *rel ? opath_join(rel, name) : strdup(name);
}

/* Remove path (rel below OUTDIR) and what it holds, as far as ours() claims it. */
static void remove_ours(const char *path, const char *rel, bool (*ours)(const char *relpath))
{
	struct names n;
	struct stat st;

	if (!ours(rel) || lstat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	if (names_read(path, &n) == 0) {
		for (size_t i = 0; i < n.nr; i++) {
			char *child = opath_join(path, n.name[i]);
			char *child_rel = rel_join(rel, n.name[i]);

			if (child && child_rel)
				remove_ours(child, child_rel, ours);
			free(child);
			free(child_rel);
		}
		names_free(&n);
	}
	rmdir(path);	/* fails, as it should, while a foreign file stays inside */
}

/* Remove what the older run left in old (rel) that the staged tree did not bring. */
static void prune_stale(const char *old, const char *rel, const struct names *fresh,
			bool (*ours)(const char *relpath))
{
	struct names n;

	if (names_read(old, &n) != 0)
		return;
	for (size_t i = 0; i < n.nr; i++) {
		char *path, *path_rel;

		if (names_has(fresh, n.name[i]))
			continue;
		path = opath_join(old, n.name[i]);
		path_rel = rel_join(rel, n.name[i]);
		if (path && path_rel)
			remove_ours(path, path_rel, ours);
		free(path);
		free(path_rel);
	}
	names_free(&n);
}

static int merge_entry(const char *fresh, const char *old, const char *rel,
		       bool (*ours)(const char *relpath), char *err, size_t errlen)
{
	struct stat fst, ost;

	if (lstat(fresh, &fst) == 0 && S_ISDIR(fst.st_mode) && lstat(old, &ost) == 0) {
		if (!S_ISDIR(ost.st_mode)) {
			snprintf(err, errlen, "numasim: %s: exists and is not a directory", old);
			return -1;
		}
		return output_merge(fresh, old, rel, ours, err, errlen);
	}
	if (rename(fresh, old) != 0) {
		snprintf(err, errlen, "numasim: %s: %s", old, strerror(errno));
		return -1;
	}
	return 0;
}

int output_merge(const char *fresh, const char *old, const char *rel,
		 bool (*ours)(const char *relpath), char *err, size_t errlen)
{
	struct names n;
	int ret = 0;

	if (names_read(fresh, &n) != 0) {
		snprintf(err, errlen, "numasim: %s: %s", fresh, strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < n.nr && ret == 0; i++) {
		char *from = opath_join(fresh, n.name[i]), *to = opath_join(old, n.name[i]);
		char *to_rel = rel_join(rel, n.name[i]);

		if (!from || !to || !to_rel) {
			snprintf(err, errlen, "numasim: out of memory");
			ret = -1;
		} else {
			ret = merge_entry(from, to, to_rel, ours, err, errlen);
		}
		free(from);
		free(to);
		free(to_rel);
	}
	if (ret == 0 && ours)
		prune_stale(old, rel, &n, ours);
	names_free(&n);
	return ret;
}
