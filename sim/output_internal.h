/*
 * sim/output_internal.h - what the pieces of sim/output.c share: path
 * helpers (output_path.c), merging a staged tree into an existing
 * directory (output_merge.c), and the signal-time cleanup
 * (output_signal.c).  Only sim/output*.c include it.
 *
 * No kernel counterpart.
 */
#ifndef SIM_OUTPUT_INTERNAL_H
#define SIM_OUTPUT_INTERNAL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#define OUTPUT_STAGE_SUFFIX	".numasim-XXXXXX"

/* ---- paths (output_path.c); every char * returned is malloc'ed, NULL: no memory ---- */

char *opath_strip_slashes(const char *path);
/* The directory part of path ("." if none); *base points at its last component. */
char *opath_dirname(const char *path, const char **base);
char *opath_join(const char *a, const char *b);
/* Follow path's last component through symbolic links; NULL with errno (ELOOP). */
char *opath_follow(const char *path);
bool opath_same_inode(const struct stat *a, const struct stat *b);
/* Do a and b name the same directory (by inode; by name when neither exists)? */
bool opath_same_dir(const char *a, const char *b);
/* Where path really lies below the directory dir ("a/b"), or NULL if not below it. */
char *opath_below(const char *dir, const char *path);

/* ---- merging (output_merge.c) ---- */

/*
 * Move the entries of the staged directory fresh into the directory old
 * (output.h says how); rel is old's path below OUTDIR ("" for OUTDIR).
 * Returns 0, or -1 with "numasim: PATH: ..." in err.
 */
int output_merge(const char *fresh, const char *old, const char *rel,
		 bool (*ours)(const char *relpath), char *err, size_t errlen);

/* ---- signals (output_signal.c) ---- */

/*
 * Catch the cleanup signals (once per armed output; the last disarm puts
 * the old handlers back).
 */
void output_signal_arm(void);
void output_signal_disarm(void);
/* Hold the cleanup signals back (*saved: the mask to restore), and let them in again. */
void output_signal_block(sigset_t *saved);
void output_signal_unblock(const sigset_t *saved);
/*
 * Remove path (a file, or a directory with its contents) when a cleanup
 * signal arrives.  Call with the signals blocked; path must stay valid
 * until forgotten.
 */
void output_signal_watch(const char *path);
void output_signal_forget(const char *path);
/* Remove the file or tree at path; async-signal-safe. */
void output_remove_tree(const char *path);

#endif /* SIM_OUTPUT_INTERNAL_H */
