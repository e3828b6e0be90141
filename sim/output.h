/*
 * sim/output.h - all-or-nothing output that never destroys what it should
 * not: files are written into a staging area and moved into place only
 * when the whole run has succeeded, and every output path is checked
 * before the run starts.
 *
 * A run's output directory OUTDIR receives the entries its spec names
 * (results.json, timeseries.csv, snapshots/).  They are written into a
 * staging directory first:
 *   - OUTDIR does not exist: the staging directory is a hidden sibling
 *     (PARENT/.NAME.numasim-XXXXXX) and output_commit() renames it to OUTDIR;
 *   - OUTDIR exists (or is a symbolic link to a directory): the staging
 *     directory is hidden inside it (OUTDIR/.numasim-XXXXXX) and
 *     output_commit() merges it in: each staged file is renamed over its
 *     namesake, each staged directory merged into its namesake the same
 *     way.  In a directory the run merged into, a file the run did not
 *     write this time is removed only if the spec's ours() claims it (an
 *     older run's snapshot file); nothing else in OUTDIR is ever removed.
 * A single file outside the directory (--trace-events FILE, gen -o FILE)
 * is, by what its path names:
 *   - "-": standard output, written directly;
 *   - a symbolic link: followed (to its end; a dangling link's target is
 *     created), the link itself stays;
 *   - a character or block device, a FIFO: written directly, no staging;
 *   - a regular file or nothing: staged as a hidden temporary file next to
 *     it (or, if its directory is OUTDIR, in the staging directory) and
 *     renamed over it;
 *   - a directory: refused.
 *
 * Refused before anything is staged, with "numasim: PATH: ..." in err: an
 * output that would replace an input (same device and inode; inputs below
 * OUTDIR that ours() claims), a single file on OUTDIR or on one of its
 * entries, an OUTDIR that is a dangling link or not a directory, an entry
 * of an existing OUTDIR of the wrong type (a file entry that is not a
 * regular file, a directory entry that is not a directory), a directory
 * that cannot receive a file (the staging file or directory is created
 * there before the run).
 *
 * From output_begin() to output_commit()/output_abort(), SIGINT, SIGTERM,
 * SIGHUP, SIGPIPE and SIGXFSZ (unless ignored) remove everything staged
 * and then end the process by the same signal.  output_commit() holds
 * them back while it moves things into place.  SIGKILL cannot be caught.
 *
 * On failure output_abort() removes everything staged, so an error never
 * leaves a half-written file, and a pre-existing OUTDIR is untouched.
 *
 * No kernel counterpart.
 */
#ifndef SIM_OUTPUT_H
#define SIM_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

/* An entry the run writes into OUTDIR. */
struct output_entry {
	const char *name;	/* "results.json" */
	const char *what;	/* for messages: "results" */
	bool is_dir;
};

#define OUTPUT_MAX_INPUTS	8

struct output_spec {
	const char *dir;			/* OUTDIR; NULL: single files only */
	const struct output_entry *entries;	/* what the run writes into dir */
	size_t nr_entries;
	/*
	 * Is relpath (below OUTDIR, e.g. "snapshots/end/buddyinfo") a name
	 * the run writes, so an older copy may be replaced or removed?  NULL:
	 * nothing is.
	 */
	bool (*ours)(const char *relpath);
	/* The files the run reads ("-": standard input); NULL slots are unused. */
	const char *inputs[OUTPUT_MAX_INPUTS];
};

struct output;

/*
 * Check the spec (see above) and start staging spec->dir.  Returns NULL
 * with "numasim: ..." in err.
 */
struct output *output_begin(const struct output_spec *spec, char *err, size_t errlen);

/*
 * Create relpath ("results.json", "snapshots/boot/buddyinfo") in the staged
 * directory, making its directories.  The caller closes the file with
 * output_fclose().  Returns NULL with a message in err, also when what
 * already sits at OUTDIR/relpath (or a directory on the way) is of the
 * other type.
 */
FILE *output_create(struct output *o, const char *relpath, char *err, size_t errlen);

/* As output_create(), but o owns the FILE, as output_stage_file()'s. */
FILE *output_create_held(struct output *o, const char *relpath, char *err, size_t errlen);

/* fclose(f), turning any write error into "numasim: WHAT: strerror" in err. */
int output_fclose(FILE *f, const char *what, char *err, size_t errlen);

/*
 * Open the single output file path (see above for what each kind of path
 * gets).  The output owns the FILE: output_commit() closes and renames
 * it, output_abort() closes and deletes it.  Opening a FIFO waits for its
 * reader.  Returns NULL with a message in err.
 */
FILE *output_stage_file(struct output *o, const char *path, char *err, size_t errlen);

/* Move everything into place and free o.  Returns 0, or -1 with a message. */
int output_commit(struct output *o, char *err, size_t errlen);

/* Remove everything staged and free o.  Safe to call with NULL. */
void output_abort(struct output *o);

/*
 * The staging directory the final one's entries are written into until
 * output_commit() (for a child process that writes an entry itself).
 */
const char *output_stage_dir(const struct output *o);

/* The final directory name (as given to output_begin()), or NULL. */
const char *output_dir(const struct output *o);

#endif /* SIM_OUTPUT_H */
