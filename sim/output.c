/*
 * sim/output.c - staged, all-or-nothing output (see output.h for the
 * contract and the two staging layouts).
 *
 * Invariants: until output_commit(), nothing at a final path has been
 * created, replaced or removed; every staged path starts with a '.' so a
 * staging area left behind by a killed run is hidden; a staged single file
 * lives in the same directory as its final path (or inside the staging
 * directory that becomes its directory), so the final rename never crosses
 * a filesystem.
 *
 * No kernel counterpart.
 */
#include "sim/output.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OUTPUT_MAX_FILES	4
#define STAGE_SUFFIX		".numasim-XXXXXX"

struct staged_file {
	char *final_path;
	char *tmp_path;
	FILE *f;
	bool in_stage_dir;	/* arrives with the staging directory's rename */
};

struct output {
	char *dir;		/* final directory, no trailing '/'; NULL: none */
	char *stage;		/* the staging directory */
	bool dir_existed;	/* stage lives inside dir (see output.h) */
	struct staged_file files[OUTPUT_MAX_FILES];
	size_t nr_files;
};

/* ---- path helpers ---- */

static char *strip_slashes(const char *path)
{
	char *s = strdup(path);
	size_t len;

	if (!s)
		return NULL;
	len = strlen(s);
	while (len > 1 && s[len - 1] == '/')
		s[--len] = '\0';
	return s;
}

/* Split path into a malloc'ed directory part ("." if none) and its last component. */
static char *path_dirname(const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');

	if (!slash) {
		*base = path;
		return strdup(".");
	}
	*base = slash + 1;
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

static const char *skip_dot_slash(const char *p)
{
	while (p[0] == '.' && p[1] == '/')
		p += 2;
	return p;
}

/* Do a and b name the same directory (by inode when both exist)? */
static bool same_dir(const char *a, const char *b)
{
	struct stat sa, sb;
	char *na, *nb;
	bool same;

	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	na = strip_slashes(skip_dot_slash(a));
	nb = strip_slashes(skip_dot_slash(b));
	same = na && nb && !strcmp(na, nb);
	free(na);
	free(nb);
	return same;
}

static char *path_join(const char *a, const char *b)
{
	char *s;

	if (asprintf(&s, "%s/%s", a, b) < 0)
		return NULL;
	return s;
}

static bool path_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* mkdtemp/mkstemp create 0700/0600; give the result the usual mode. */
static mode_t default_mode(mode_t full)
{
	mode_t mask = umask(0);

	umask(mask);
	return full & ~mask;
}

static int remove_cb(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	return remove(path);
}

static void remove_tree(const char *path)
{
	if (path && path_exists(path))
		nftw(path, remove_cb, 16, FTW_DEPTH | FTW_PHYS);
}

/* ---- begin ---- */

static char *stage_template(struct output *o)
{
	const char *base;
	char *parent, *tmpl = NULL;

	if (o->dir_existed)
		return path_join(o->dir, STAGE_SUFFIX);
	parent = path_dirname(o->dir, &base);
	if (parent && asprintf(&tmpl, "%s/.%s" STAGE_SUFFIX, parent, base) < 0)
		tmpl = NULL;
	free(parent);
	return tmpl;
}

static int output_make_stage(struct output *o, char *err, size_t errlen)
{
	struct stat st;

	if (stat(o->dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			snprintf(err, errlen, "numasim: %s: not a directory", o->dir);
			return -1;
		}
		o->dir_existed = true;
	} else if (errno != ENOENT) {
		snprintf(err, errlen, "numasim: %s: %s", o->dir, strerror(errno));
		return -1;
	}
	o->stage = stage_template(o);
	if (!o->stage || !mkdtemp(o->stage)) {
		snprintf(err, errlen, "numasim: %s: cannot create the output directory: %s",
			 o->dir, o->stage ? strerror(errno) : "out of memory");
		free(o->stage);
		o->stage = NULL;
		return -1;
	}
	chmod(o->stage, default_mode(0777));
	return 0;
}

struct output *output_begin(const char *outdir, char *err, size_t errlen)
{
	struct output *o = calloc(1, sizeof(*o));

	if (!o) {
		snprintf(err, errlen, "numasim: out of memory");
		return NULL;
	}
	if (!outdir)
		return o;
	o->dir = strip_slashes(outdir);
	if (!o->dir || output_make_stage(o, err, errlen) != 0) {
		free(o->dir);
		free(o);
		return NULL;
	}
	return o;
}

const char *output_dir(const struct output *o)
{
	return o->dir;
}

/* ---- files in the staged directory ---- */

/* mkdir -p of every directory in relpath below the staging directory. */
static int make_parents(const char *stage, const char *relpath)
{
	char *path = path_join(stage, relpath);
	size_t skip = strlen(stage) + 1;

	if (!path)
		return -1;
	for (char *p = path + skip; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST) {
			free(path);
			return -1;
		}
		*p = '/';
	}
	free(path);
	return 0;
}

FILE *output_create(struct output *o, const char *relpath, char *err, size_t errlen)
{
	char *path;
	FILE *f;

	if (!o->stage) {
		snprintf(err, errlen, "numasim: %s: no output directory", relpath);
		return NULL;
	}
	path = path_join(o->stage, relpath);
	if (!path || make_parents(o->stage, relpath) != 0 || !(f = fopen(path, "w"))) {
		snprintf(err, errlen, "numasim: %s/%s: %s", o->dir, relpath, strerror(errno));
		free(path);
		return NULL;
	}
	free(path);
	return f;
}

int output_fclose(FILE *f, const char *what, char *err, size_t errlen)
{
	int failed = ferror(f);

	if (fclose(f) != 0 || failed) {
		snprintf(err, errlen, "numasim: %s: write error: %s", what,
			 errno ? strerror(errno) : "I/O error");
		return -1;
	}
	return 0;
}

/* ---- single staged files ---- */

/* Does path, which lies in the output directory, clash with what the run writes there? */
static bool clashes_with_results(const char *base)
{
	return !strcmp(base, "results.json") || !strcmp(base, "snapshots");
}

static int stage_in_dir(struct staged_file *sf, const char *dir, const char *base)
{
	int fd;

	if (asprintf(&sf->tmp_path, "%s/.%s" STAGE_SUFFIX, dir, base) < 0) {
		sf->tmp_path = NULL;
		return -1;
	}
	fd = mkstemp(sf->tmp_path);
	if (fd < 0)
		return -1;
	fchmod(fd, default_mode(0666));
	sf->f = fdopen(fd, "w");
	if (!sf->f) {
		close(fd);
		unlink(sf->tmp_path);
		return -1;
	}
	return 0;
}

static int stage_file_at(struct output *o, struct staged_file *sf, const char *dir,
			 const char *base)
{
	if (o->dir && same_dir(dir, o->dir) && !o->dir_existed) {
		/* OUTDIR is created by renaming the staging directory: ride along. */
		sf->in_stage_dir = true;
		sf->tmp_path = path_join(o->stage, base);
		sf->f = sf->tmp_path ? fopen(sf->tmp_path, "w") : NULL;
		return sf->f ? 0 : -1;
	}
	return stage_in_dir(sf, dir, base);
}

FILE *output_stage_file(struct output *o, const char *path, char *err, size_t errlen)
{
	struct staged_file *sf = &o->files[o->nr_files];
	const char *base;
	char *dir;
	struct stat st;

	if (o->nr_files == OUTPUT_MAX_FILES) {
		snprintf(err, errlen, "numasim: %s: too many output files", path);
		return NULL;
	}
	dir = path_dirname(path, &base);
	if (!dir || !*base || (stat(path, &st) == 0 && S_ISDIR(st.st_mode))) {
		snprintf(err, errlen, "numasim: %s: is a directory", path);
		goto fail;
	}
	if (o->dir && same_dir(dir, o->dir) && clashes_with_results(base)) {
		snprintf(err, errlen, "numasim: %s: would be overwritten by the results in %s",
			 path, o->dir);
		goto fail;
	}
	if (stage_file_at(o, sf, dir, base) != 0) {
		snprintf(err, errlen, "numasim: %s: cannot create: %s", path, strerror(errno));
		free(sf->tmp_path);
		sf->tmp_path = NULL;
		goto fail;
	}
	sf->final_path = strdup(path);
	o->nr_files++;
	free(dir);
	return sf->f;
fail:
	free(dir);
	return NULL;
}

/* ---- commit and abort ---- */

/*
 * Put the staged snapshots/ in place of OUTDIR/snapshots.  Both exist: swap
 * them atomically, so readers see either the old or the new set; the old one
 * ends up in the staging directory and is deleted with it.
 */
static int swap_snapshots(struct output *o)
{
	char *fresh = path_join(o->stage, "snapshots");
	char *old = path_join(o->dir, "snapshots");
	char *trash = path_join(o->stage, ".old-snapshots");
	bool have_fresh = fresh && path_exists(fresh), have_old = old && path_exists(old);
	int ret = 0;

	if (!fresh || !old || !trash)
		ret = -1;
	else if (have_fresh && have_old &&
		 renameat2(AT_FDCWD, fresh, AT_FDCWD, old, RENAME_EXCHANGE) == 0)
		ret = 0;
	else if (have_old && rename(old, trash) != 0)
		ret = -1;
	else if (have_fresh && rename(fresh, old) != 0)
		ret = -1;
	free(fresh);
	free(old);
	free(trash);
	return ret;
}

static int commit_into_existing(struct output *o)
{
	char *from = path_join(o->stage, "results.json");
	char *to = path_join(o->dir, "results.json");
	int ret = 0;

	if (!from || !to)
		ret = -1;
	else if (path_exists(from) && rename(from, to) != 0)
		ret = -1;
	free(from);
	free(to);
	if (ret == 0)
		ret = swap_snapshots(o);
	return ret;
}

static void output_free(struct output *o)
{
	for (size_t i = 0; i < o->nr_files; i++) {
		free(o->files[i].final_path);
		free(o->files[i].tmp_path);
	}
	free(o->stage);
	free(o->dir);
	free(o);
}

int output_commit(struct output *o, char *err, size_t errlen)
{
	for (size_t i = 0; i < o->nr_files; i++) {
		struct staged_file *sf = &o->files[i];
		FILE *f = sf->f;

		sf->f = NULL;
		if (output_fclose(f, sf->final_path, err, errlen) != 0)
			goto fail;
	}
	if (o->dir && !o->dir_existed && rename(o->stage, o->dir) != 0)
		goto fail_errno;
	if (o->dir && o->dir_existed) {
		if (commit_into_existing(o) != 0)
			goto fail_errno;
		remove_tree(o->stage);
	}
	for (size_t i = 0; i < o->nr_files; i++) {
		struct staged_file *sf = &o->files[i];

		if (!sf->in_stage_dir && rename(sf->tmp_path, sf->final_path) != 0) {
			snprintf(err, errlen, "numasim: %s: %s", sf->final_path, strerror(errno));
			goto fail;
		}
	}
	output_free(o);
	return 0;
fail_errno:
	snprintf(err, errlen, "numasim: %s: %s", o->dir, strerror(errno));
fail:
	output_abort(o);
	return -1;
}

void output_abort(struct output *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->nr_files; i++) {
		struct staged_file *sf = &o->files[i];

		if (sf->f)
			fclose(sf->f);
		sf->f = NULL;
		if (!sf->in_stage_dir && sf->tmp_path)
			unlink(sf->tmp_path);
	}
	/* After a commit that renamed the stage to OUTDIR, the stage path is gone. */
	remove_tree(o->stage);
	output_free(o);
}
