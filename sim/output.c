/*
 * sim/output.c - staged, all-or-nothing output (see output.h for the
 * contract: the staging layouts, what each kind of path gets, what is
 * refused before the run).
 *
 * Invariants: until output_commit(), nothing at a final path has been
 * created, replaced or removed, except the bytes written to a device, a
 * FIFO or standard output, which cannot be staged; every staged path
 * starts with a '.' and is watched by output_signal.c, so an interrupted
 * run removes it and a killed run leaves it hidden; a staged file lives
 * in the directory of its final path (or in the staging directory, which
 * lives in OUTDIR or beside it), so every final rename stays on one file
 * system; what sits at a final path is checked before the run (a
 * snapshot's folder when the snapshot is taken), so commit only renames.
 *
 * No kernel counterpart.
 */
#include "sim/output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/output_internal.h"

#define OUTPUT_MAX_FILES	4

enum staged_kind {
	STAGED_TMP,		/* a hidden temporary file beside its target, renamed over it */
	STAGED_IN_DIR,		/* in the staging directory: arrives with it */
	STAGED_DIRECT,		/* a device or FIFO, written in place */
	STAGED_STDOUT,
};

struct staged_file {
	enum staged_kind kind;
	char *name;		/* for messages: the path as given, or OUTDIR/relpath */
	char *target;		/* STAGED_TMP: where it goes */
	char *tmp_path;		/* STAGED_TMP */
	FILE *f;
};

/* An input that staging could replace: a regular file. */
struct input {
	const char *name;
	struct stat st;
};

struct output {
	char *dir;		/* final directory, no trailing '/'; NULL: none */
	char *stage;		/* the staging directory */
	bool dir_existed;	/* stage lives inside dir (see output.h) */
	const struct output_entry *entries;
	size_t nr_entries;
	bool (*ours)(const char *relpath);
	struct input inputs[OUTPUT_MAX_INPUTS];
	size_t nr_inputs;
	struct staged_file files[OUTPUT_MAX_FILES];
	size_t nr_files;
};

/* ---- messages ---- */

static int oom(char *err, size_t errlen)
{
	snprintf(err, errlen, "numasim: out of memory");
	return -1;
}

static int fail_errno(const char *path, char *err, size_t errlen)
{
	snprintf(err, errlen, "numasim: %s: %s", path, strerror(errno));
	return -1;
}

static int wrong_type(const char *path, bool want_dir, char *err, size_t errlen)
{
	snprintf(err, errlen, "numasim: %s: exists and is not a %s", path,
		 want_dir ? "directory" : "regular file");
	return -1;
}

static const char *input_name(const struct input *in)
{
	return strcmp(in->name, "-") ? in->name : "standard input";
}

/* ---- inputs ---- */

static void note_inputs(struct output *o, const struct output_spec *spec)
{
	for (size_t i = 0; i < OUTPUT_MAX_INPUTS; i++) {
		const char *name = spec->inputs[i];
		struct input *in = &o->inputs[o->nr_inputs];
		int ret;

		if (!name)
			continue;
		ret = strcmp(name, "-") ? stat(name, &in->st) : fstat(STDIN_FILENO, &in->st);
		if (ret == 0 && S_ISREG(in->st.st_mode)) {
			in->name = name;
			o->nr_inputs++;
		}
	}
}

/* The output path (a regular file, *st) must not be an input. */
static int check_not_input(const struct output *o, const char *path, const struct stat *st,
			   char *err, size_t errlen)
{
	for (size_t i = 0; i < o->nr_inputs; i++) {
		if (opath_same_inode(st, &o->inputs[i].st)) {
			snprintf(err, errlen, "numasim: %s: would overwrite the input %s", path,
				 input_name(&o->inputs[i]));
			return -1;
		}
	}
	return 0;
}

/* No input may lie where ours() says the run writes, e.g. OUTDIR/snapshots/s/vmstat. */
static int check_inputs_below(const struct output *o, char *err, size_t errlen)
{
	for (size_t i = 0; o->ours && i < o->nr_inputs; i++) {
		char *rel = strcmp(o->inputs[i].name, "-") ?
			    opath_below(o->dir, o->inputs[i].name) : NULL;
		bool clash = rel && o->ours(rel);

		if (clash)
			snprintf(err, errlen, "numasim: %s/%s: would overwrite the input %s",
				 o->dir, rel, input_name(&o->inputs[i]));
		free(rel);
		if (clash)
			return -1;
	}
	return 0;
}

/* ---- begin ---- */

/* An entry of an existing OUTDIR: missing, or of its type and no input. */
static int check_entry(const struct output *o, const struct output_entry *e, char *err,
		       size_t errlen)
{
	char *path = opath_join(o->dir, e->name);
	struct stat st;
	int ret = 0;

	if (!path)
		return oom(err, errlen);
	if (lstat(path, &st) != 0)
		ret = errno == ENOENT ? 0 : fail_errno(path, err, errlen);
	else if (e->is_dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode))
		ret = wrong_type(path, e->is_dir, err, errlen);
	else if (!e->is_dir)
		ret = check_not_input(o, path, &st, err, errlen);
	free(path);
	return ret;
}

/* OUTDIR: missing (with its parent), or a directory (maybe by a link) fit to merge into. */
static int check_outdir(struct output *o, char *err, size_t errlen)
{
	struct stat st;

	if (lstat(o->dir, &st) != 0)
		return errno == ENOENT ? 0 : fail_errno(o->dir, err, errlen);
	if (stat(o->dir, &st) != 0) {
		if (errno != ENOENT)
			return fail_errno(o->dir, err, errlen);
		snprintf(err, errlen, "numasim: %s: is a dangling symbolic link", o->dir);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "numasim: %s: not a directory", o->dir);
		return -1;
	}
	o->dir_existed = true;
	for (size_t i = 0; i < o->nr_entries; i++)
		if (check_entry(o, &o->entries[i], err, errlen) != 0)
			return -1;
	return check_inputs_below(o, err, errlen);
}

/* mkdtemp/mkstemp create 0700/0600; give the result the usual mode. */
static mode_t default_mode(mode_t full)
{
	mode_t mask = umask(0);

	umask(mask);
	return full & ~mask;
}

static char *stage_template(const struct output *o)
{
	const char *base;
	char *parent, *tmpl = NULL;

	if (o->dir_existed)
		return opath_join(o->dir, OUTPUT_STAGE_SUFFIX);
	parent = opath_dirname(o->dir, &base);
	if (parent && asprintf(&tmpl, "%s/.%s" OUTPUT_STAGE_SUFFIX, parent, base) < 0)
		tmpl = NULL;
	free(parent);
	return tmpl;
}

/*
 * mkdtemp (is_dir) or mkstemp tmpl, watched by the cleanup signals from
 * the moment it exists.  Returns the file's descriptor (0 for a
 * directory), or -1 with errno.
 */
static int make_watched(char *tmpl, bool is_dir)
{
	sigset_t saved;
	int fd, saved_errno;

	output_signal_block(&saved);
	fd = is_dir ? (mkdtemp(tmpl) ? 0 : -1) : mkstemp(tmpl);
	saved_errno = errno;
	if (fd >= 0)
		output_signal_watch(tmpl);
	output_signal_unblock(&saved);
	errno = saved_errno;
	return fd;
}

static int make_stage(struct output *o, char *err, size_t errlen)
{
	o->stage = stage_template(o);
	if (!o->stage)
		return oom(err, errlen);
	if (make_watched(o->stage, true) != 0) {
		snprintf(err, errlen, "numasim: %s: cannot create the output directory: %s",
			 o->dir, strerror(errno));
		free(o->stage);
		o->stage = NULL;
		return -1;
	}
	chmod(o->stage, default_mode(0777));
	return 0;
}

static void output_free(struct output *o);

struct output *output_begin(const struct output_spec *spec, char *err, size_t errlen)
{
	struct output *o = calloc(1, sizeof(*o));

	if (!o) {
		oom(err, errlen);
		return NULL;
	}
	o->entries = spec->entries;
	o->nr_entries = spec->nr_entries;
	o->ours = spec->ours;
	note_inputs(o, spec);
	output_signal_arm();
	if (!spec->dir)
		return o;
	o->dir = opath_strip_slashes(spec->dir);
	if (!o->dir)
		oom(err, errlen);
	if (!o->dir || check_outdir(o, err, errlen) != 0 || make_stage(o, err, errlen) != 0) {
		output_free(o);
		return NULL;
	}
	return o;
}

const char *output_stage_dir(const struct output *o)
{
	return o->stage;
}

const char *output_dir(const struct output *o)
{
	return o->dir;
}

/* ---- files in the staged directory ---- */

/*
 * Into an existing OUTDIR: is what sits at OUTDIR/relpath, and at each
 * directory on the way, of the type the run puts there?  (A snapshot name
 * is known only when the snapshot is taken.)
 */
static int check_final(const struct output *o, const char *relpath, char *err, size_t errlen)
{
	char *path = opath_join(o->dir, relpath);
	struct stat st;
	int ret = 0;

	if (!path)
		return oom(err, errlen);
	for (char *p = path + strlen(o->dir) + 1;; p++) {
		char *slash = strchr(p, '/');

		if (slash)
			*slash = '\0';
		if (lstat(path, &st) != 0)
			break;		/* missing: so is everything below it */
		if (slash ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) {
			ret = wrong_type(path, slash != NULL, err, errlen);
			break;
		}
		if (!slash)
			break;
		*slash = '/';
		p = slash;
	}
	free(path);
	return ret;
}

/* mkdir -p of every directory in relpath below the staging directory. */
static int make_parents(const char *stage, const char *relpath)
{
	char *path = opath_join(stage, relpath);
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
	if (o->dir_existed && check_final(o, relpath, err, errlen) != 0)
		return NULL;
	path = opath_join(o->stage, relpath);
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

/* Take f (of the given kind, named name) into o's care. */
static FILE *hold(struct output *o, enum staged_kind kind, const char *name, FILE *f)
{
	struct staged_file *sf = &o->files[o->nr_files++];

	sf->kind = kind;
	sf->name = strdup(name);
	sf->f = f;
	return f;
}

static bool full(const struct output *o, const char *name, char *err, size_t errlen)
{
	if (o->nr_files < OUTPUT_MAX_FILES)
		return false;
	snprintf(err, errlen, "numasim: %s: too many output files", name);
	return true;
}

FILE *output_create_held(struct output *o, const char *relpath, char *err, size_t errlen)
{
	char *name;
	FILE *f;

	if (full(o, relpath, err, errlen))
		return NULL;
	f = output_create(o, relpath, err, errlen);
	if (!f)
		return NULL;
	name = o->dir ? opath_join(o->dir, relpath) : NULL;
	hold(o, STAGED_IN_DIR, name ? name : relpath, f);
	free(name);
	return f;
}

/* ---- single files ---- */

/* A device or FIFO: opened now (a FIFO waits for its reader), written in place. */
static FILE *open_direct(struct output *o, const char *path, const char *target, char *err,
			 size_t errlen)
{
	int fd = open(target, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (!f) {
		fail_errno(path, err, errlen);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	return hold(o, STAGED_DIRECT, path, f);
}

/* Does the entry e hold rel (below OUTDIR): rel is e, or lies in the directory e? */
static bool entry_holds(const struct output_entry *e, const char *rel)
{
	size_t len = strlen(e->name);

	return !strncmp(rel, e->name, len) && (!rel[len] || (rel[len] == '/' && e->is_dir));
}

/*
 * The single file target (path as given) against OUTDIR: not OUTDIR
 * itself, not on or in one of its entries.  *in_dir: target's directory is
 * OUTDIR, so it rides in the staging directory.
 */
static int check_outdir_clash(const struct output *o, const char *path, const char *target,
			      bool *in_dir, char *err, size_t errlen)
{
	const char *base;
	char *dir = opath_dirname(target, &base), *below = NULL, *rel = NULL;
	int ret = 0;

	*in_dir = false;
	if (!dir)
		return oom(err, errlen);
	if (opath_same_dir(target, o->dir)) {
		snprintf(err, errlen, "numasim: %s: is the output directory", path);
		ret = -1;
	} else if ((*in_dir = opath_same_dir(dir, o->dir))) {
		rel = strdup(base);
	} else if ((below = opath_below(o->dir, dir))) {
		rel = opath_join(below, base);
	}
	for (size_t i = 0; rel && ret == 0 && i < o->nr_entries; i++) {
		if (entry_holds(&o->entries[i], rel)) {
			snprintf(err, errlen, "numasim: %s: would be overwritten by the %s in %s",
				 path, o->entries[i].what, o->dir);
			ret = -1;
		}
	}
	free(rel);
	free(below);
	free(dir);
	return ret;
}

/* mkstemp a hidden ".BASE.numasim-XXXXXX" beside target. */
static FILE *stage_beside(struct output *o, const char *path, const char *target, char *err,
			  size_t errlen)
{
	const char *base;
	char *dir = opath_dirname(target, &base), *tmp = NULL;
	int fd;

	if (dir && asprintf(&tmp, "%s/.%s" OUTPUT_STAGE_SUFFIX, dir, base) < 0)
		tmp = NULL;
	free(dir);
	if (!tmp) {
		oom(err, errlen);
		return NULL;
	}
	fd = make_watched(tmp, false);
	if (fd < 0) {
		snprintf(err, errlen, "numasim: %s: cannot create: %s", path, strerror(errno));
		free(tmp);
		return NULL;
	}
	fchmod(fd, default_mode(0666));
	o->files[o->nr_files].target = strdup(target);
	o->files[o->nr_files].tmp_path = tmp;
	/* From here on o owns tmp: a failure below is cleaned up by output_abort(). */
	if (!hold(o, STAGED_TMP, path, fdopen(fd, "w"))) {
		close(fd);
		fail_errno(path, err, errlen);
		return NULL;
	}
	return o->files[o->nr_files - 1].f;
}

/* A regular file or a new one: staged, unless it is an input or clashes with OUTDIR. */
static FILE *stage_regular(struct output *o, const char *path, const char *target,
			   const struct stat *st, char *err, size_t errlen)
{
	const char *base;
	bool in_dir = false;
	char *dir;
	FILE *f;

	if (st && check_not_input(o, path, st, err, errlen) != 0)
		return NULL;
	if (o->dir && check_outdir_clash(o, path, target, &in_dir, err, errlen) != 0)
		return NULL;
	if (!in_dir)
		return stage_beside(o, path, target, err, errlen);
	dir = opath_dirname(target, &base);
	f = dir ? output_create(o, base, err, errlen) : NULL;
	free(dir);
	return f ? hold(o, STAGED_IN_DIR, path, f) : NULL;
}

FILE *output_stage_file(struct output *o, const char *path, char *err, size_t errlen)
{
	struct stat st;
	char *target;
	bool exists;
	FILE *f = NULL;

	if (full(o, path, err, errlen))
		return NULL;
	if (!strcmp(path, "-"))
		return hold(o, STAGED_STDOUT, "standard output", stdout);
	target = opath_follow(path);
	if (!target) {
		fail_errno(path, err, errlen);
		return NULL;
	}
	exists = stat(target, &st) == 0;
	if (!exists && errno != ENOENT)
		fail_errno(path, err, errlen);
	else if (exists && S_ISDIR(st.st_mode) && o->dir && opath_same_dir(target, o->dir))
		snprintf(err, errlen, "numasim: %s: is the output directory", path);
	else if (exists && S_ISDIR(st.st_mode))
		snprintf(err, errlen, "numasim: %s: is a directory", path);
	else if (exists && !S_ISREG(st.st_mode))
		f = open_direct(o, path, target, err, errlen);
	else
		f = stage_regular(o, path, target, exists ? &st : NULL, err, errlen);
	free(target);
	return f;
}

/* ---- commit and abort ---- */

/* Close (flush) every file o holds; stops at the first write error. */
static int close_files(struct output *o, char *err, size_t errlen)
{
	for (size_t i = 0; i < o->nr_files; i++) {
		struct staged_file *sf = &o->files[i];
		FILE *f = sf->f;

		sf->f = NULL;
		errno = 0;
		if (sf->kind != STAGED_STDOUT && output_fclose(f, sf->name, err, errlen) != 0)
			return -1;
		if (sf->kind == STAGED_STDOUT && (fflush(f) != 0 || ferror(f))) {
			snprintf(err, errlen, "numasim: %s: write error: %s", sf->name,
				 errno ? strerror(errno) : "I/O error");
			return -1;
		}
	}
	return 0;
}

/* The renames of output_commit(), all made with the cleanup signals held back. */
static int move_into_place(struct output *o, char *err, size_t errlen)
{
	if (o->dir && !o->dir_existed && rename(o->stage, o->dir) != 0)
		return fail_errno(o->dir, err, errlen);
	if (o->dir && o->dir_existed) {
		if (output_merge(o->stage, o->dir, "", o->ours, err, errlen) != 0)
			return -1;
		output_remove_tree(o->stage);	/* the directories merge emptied */
	}
	for (size_t i = 0; i < o->nr_files; i++) {
		struct staged_file *sf = &o->files[i];

		if (sf->kind == STAGED_TMP && rename(sf->tmp_path, sf->target) != 0)
			return fail_errno(sf->name, err, errlen);
	}
	return 0;
}

static void output_free(struct output *o)
{
	sigset_t saved;

	output_signal_block(&saved);
	output_signal_forget(o->stage);
	for (size_t i = 0; i < o->nr_files; i++)
		output_signal_forget(o->files[i].tmp_path);
	output_signal_unblock(&saved);
	output_signal_disarm();
	for (size_t i = 0; i < o->nr_files; i++) {
		free(o->files[i].name);
		free(o->files[i].target);
		free(o->files[i].tmp_path);
	}
	free(o->stage);
	free(o->dir);
	free(o);
}

int output_commit(struct output *o, char *err, size_t errlen)
{
	sigset_t saved;
	int ret = close_files(o, err, errlen);

	if (ret != 0) {
		output_abort(o);
		return -1;
	}
	output_signal_block(&saved);
	ret = move_into_place(o, err, errlen);
	if (ret != 0)
		output_abort(o);
	else
		output_free(o);
	output_signal_unblock(&saved);
	return ret;
}

void output_abort(struct output *o)
{
	sigset_t saved;

	if (!o)
		return;
	output_signal_block(&saved);
	for (size_t i = 0; i < o->nr_files; i++) {
		struct staged_file *sf = &o->files[i];

		if (sf->f && sf->kind != STAGED_STDOUT)
			fclose(sf->f);
		sf->f = NULL;
		if (sf->kind == STAGED_TMP)
			unlink(sf->tmp_path);
	}
	/* After a commit that renamed the stage to OUTDIR, the stage path is gone. */
	output_remove_tree(o->stage);
	output_free(o);
	output_signal_unblock(&saved);
}
