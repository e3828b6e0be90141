/*
 * sim/output.h - all-or-nothing output: files are written into a staging
 * area and moved into place only when the whole run has succeeded.
 *
 * A run's output directory OUTDIR receives results.json and snapshots/.
 * They are written into a staging directory first:
 *   - OUTDIR does not exist: the staging directory is a hidden sibling
 *     (PARENT/.NAME.numasim-XXXXXX) and output_commit() renames it to OUTDIR;
 *   - OUTDIR exists: the staging directory is hidden inside it
 *     (OUTDIR/.numasim-XXXXXX); output_commit() renames results.json over
 *     the old one and swaps snapshots/ with the old snapshots/, which is then
 *     deleted with the staging directory.  Other files in OUTDIR are left
 *     alone.
 * Single files outside the directory (--trace-events FILE, gen -o FILE) are
 * staged as a hidden temporary file next to FILE and renamed over it.
 *
 * On failure output_abort() removes everything staged, so an error never
 * leaves a half-written file, and a pre-existing OUTDIR is untouched.
 *
 * No kernel counterpart.
 */
#ifndef SIM_OUTPUT_H
#define SIM_OUTPUT_H

#include <stdio.h>

struct output;

/*
 * Start staging the directory outdir (NULL: no directory, only single files
 * staged with output_stage_file()).  Returns NULL with "numasim: ..." in err
 * (e.g. outdir exists and is not a directory, or its parent is missing).
 */
struct output *output_begin(const char *outdir, char *err, size_t errlen);

/*
 * Create relpath ("results.json", "snapshots/boot/buddyinfo") in the staged
 * directory, making its directories.  The caller closes the file with
 * output_fclose().  Returns NULL with a message in err.
 */
FILE *output_create(struct output *o, const char *relpath, char *err, size_t errlen);

/* fclose(f), turning any write error into "numasim: WHAT: strerror" in err. */
int output_fclose(FILE *f, const char *what, char *err, size_t errlen);

/*
 * Stage a single file whose final name is path.  The output owns the FILE:
 * output_commit() closes and renames it, output_abort() closes and deletes
 * it.  Returns NULL with a message in err (e.g. its directory is missing, or
 * path would collide with results.json or snapshots/ of the staged
 * directory).
 */
FILE *output_stage_file(struct output *o, const char *path, char *err, size_t errlen);

/* Move everything into place and free o.  Returns 0, or -1 with a message. */
int output_commit(struct output *o, char *err, size_t errlen);

/* Remove everything staged and free o.  Safe to call with NULL. */
void output_abort(struct output *o);

/* The final directory name (as given to output_begin()), or NULL. */
const char *output_dir(const struct output *o);

#endif /* SIM_OUTPUT_H */
