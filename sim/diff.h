/*
 * sim/diff.h - `numasim diff`: two snapshot folders (or two pairs of them)
 * compared item by item (docs/cli.md is its manual).
 *
 * Each folder is read into named numbers (sim/procsnap.h).  A side is one
 * folder, or with --delta the difference after - before of a pair.  Every
 * item of a file that every folder holds becomes a row: A's value, B's,
 * B - A and the relative error (B - A) / A; an item one side lacks is a
 * row too, marked missing.  A file that not every folder holds is not
 * compared, and is named in a note.  Rows are ranked by the size of the
 * relative error (A = 0 with B != 0 ranks above every finite one), ties by
 * the size of B - A, then by name, so the order is the same on every run.
 *
 * sim_diff() returns its exit status, as sim_run() does: the command line
 * (sim/main.c) only parses options into a struct diff_opts.  The rows are
 * printed by sim/diff_print.c.
 *
 * No kernel counterpart.
 */
#ifndef SIM_DIFF_H
#define SIM_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DIFF_MAX_DIRS	4

/* What one comparison is asked to do: the options of `numasim diff`. */
struct diff_opts {
	const char *dirs[DIFF_MAX_DIRS];	/* A B; --delta: A.before A.after B.before B.after */
	bool delta;
	unsigned int sections;		/* bit 1 << enum proc_section; 0: every section */
	bool json;
	bool min_error_set;
	double min_error_pct;		/* show compared rows whose error is above it */
	uint64_t top;			/* show at most this many compared rows; 0: all */
	const char *fail_over;		/* --fail-over as given; NULL: off */
	double fail_over_pct;
};

void diff_opts_default(struct diff_opts *o);

/*
 * A percentage as the options take it, "5" or "0.5" (decimal digits, one
 * optional point, no sign or exponent) into *pct.  Returns 0 or -1.
 */
int diff_parse_percent(const char *text, double *pct);

/*
 * --only LIST: comma-separated section names (procparse.h) into *mask.
 * Returns 0, or -1 with "bad --only 'LIST' (known: ...)" in err.
 */
int diff_parse_sections(const char *list, unsigned int *mask, char *err, size_t errlen);

/*
 * Compare o->dirs and print the table (text or JSON) on stdout.  Returns
 * 0; 1 if --fail-over is exceeded (with a message) or stdout could not be
 * written; 2 for bad input (one message line, nothing printed on stdout).
 */
int sim_diff(const struct diff_opts *o);

/* ---- the comparison, for the printers (sim/diff_print.c) ---- */

enum diff_side { DIFF_A, DIFF_B };

struct diff_row {
	const char *name;		/* "vmstat/nr_free_pages" */
	int64_t value[2];		/* per side: the value, or after - before */
	bool has[2];			/* whether the side has it (both folders of a pair) */
	unsigned char decimals;		/* values are in units of 10^-decimals */
	bool capped[2];			/* the side's value came from a count the kernel capped */
	int64_t diff;			/* B - A, when both sides have it */
	double rank;			/* |B - A| / |A|; INFINITY for A = 0, B != 0 */
};

/* A file not every folder holds, and which do (bit k: dirs[k]). */
struct diff_note {
	const char *file;
	unsigned int in;
};

struct diff_table {
	const struct diff_opts *opts;
	unsigned int nr_dirs;		/* 2, or 4 with --delta */
	struct diff_row *rows;		/* compared rows, ranked, then the missing ones by name */
	size_t nr_rows;
	size_t nr_compared;		/* rows[0 .. nr_compared) have both sides */
	const struct diff_row **shown;	/* the rows printed, in order */
	size_t nr_shown;
	size_t nr_differ;		/* compared rows with B != A */
	size_t nr_only[2];		/* rows only side A (B) has */
	size_t nr_neither;		/* --delta: rows neither pair has whole */
	struct diff_note *notes;	/* sorted by file name */
	size_t nr_notes;
};

/* The folder labels of messages and notes: "A", or "A.before" with --delta. */
const char *diff_dir_label(const struct diff_table *t, unsigned int dir);

/* Print t on stdout as the text table, or as JSON (jansson). */
void diff_print_text(const struct diff_table *t);
int diff_print_json(const struct diff_table *t);

#endif /* SIM_DIFF_H */
