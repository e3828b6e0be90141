/*
 * sim/diff_print.c - the table of `numasim diff` on stdout: aligned text,
 * or JSON (docs/cli.md, "numasim diff", has both layouts).
 *
 * Text: the folders ("A: PATH", "B: PATH"; with --delta "A: AFTER -
 * BEFORE"), a blank line, a header and one line per shown row (the name
 * left-aligned, the numbers right-aligned, each column as wide as its
 * widest cell), a blank line, the counts, and one line per file that was
 * not compared.  JSON: the same rows, counts and notes as one object.
 *
 * A value prints in its own units (a fragmentation index with its three
 * decimals).  A count the kernel capped (pagetypeinfo's ">100000") keeps
 * its '>' where printed as read; what is computed from one (a delta, a
 * difference, an error) is marked '~': it is not exact.
 *
 * Invariants: the same table prints the same bytes; paths are printed
 * escaped as messages are (workloads/input.h), so a line stays a line.
 *
 * No kernel counterpart.
 */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/diff.h"
#include "workloads/input.h"

#define CELL_BYTES	48
#define PATH_BYTES	INPUT_ESCAPED_SIZE(4096)
#define JSON_FLAGS	(JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6))

enum { COL_NAME, COL_A, COL_B, COL_DIFF, COL_REL, NR_COLS };

/* v in units of 10^-decimals as text: "-1.000", "+42" with sign. */
static char *format_value(char *buf, int64_t v, unsigned char decimals, const char *mark,
			  bool plus)
{
	const char *sign = v < 0 ? "-" : plus && v > 0 ? "+" : "";
	uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;

	if (!decimals)
		snprintf(buf, CELL_BYTES, "%s%s%" PRIu64, mark, sign, mag);
	else
		snprintf(buf, CELL_BYTES, "%s%s%" PRIu64 ".%03" PRIu64, mark, sign, mag / 1000,
			 mag % 1000);
	return buf;
}

/* The cells of a row but its name. */
static void row_cells(const struct diff_table *t, const struct diff_row *row,
		      char cell[NR_COLS][CELL_BYTES])
{
	bool delta = t->nr_dirs == DIFF_MAX_DIRS;
	const char *approx = row->capped[DIFF_A] || row->capped[DIFF_B] ? "~" : "";

	for (int side = DIFF_A; side <= DIFF_B; side++) {
		const char *mark = row->capped[side] ? (delta ? "~" : ">") : "";

		if (row->has[side])
			format_value(cell[COL_A + side], row->value[side], row->decimals, mark, false);
		else
			snprintf(cell[COL_A + side], CELL_BYTES, "missing");
	}
	if (!row->has[DIFF_A] || !row->has[DIFF_B]) {
		snprintf(cell[COL_DIFF], CELL_BYTES, "-");
		snprintf(cell[COL_REL], CELL_BYTES, "-");
		return;
	}
	format_value(cell[COL_DIFF], row->diff, row->decimals, approx, true);
	if (row->value[DIFF_A])
		snprintf(cell[COL_REL], CELL_BYTES, "%s%+.2f%%", approx,
			 100.0 * (double)row->diff / (double)row->value[DIFF_A]);
	else
		snprintf(cell[COL_REL], CELL_BYTES, "-");
}

/* "A: PATH", or with --delta "A: AFTER - BEFORE". */
static void print_side(const struct diff_table *t, enum diff_side side)
{
	char first[PATH_BYTES], second[PATH_BYTES];

	if (t->nr_dirs == DIFF_MAX_DIRS)
		printf("%s: %s - %s\n", side == DIFF_A ? "A" : "B",
		       input_escape(first, sizeof(first), t->opts->dirs[2 * side + 1]),
		       input_escape(second, sizeof(second), t->opts->dirs[2 * side]));
	else
		printf("%s: %s\n", side == DIFF_A ? "A" : "B",
		       input_escape(first, sizeof(first), t->opts->dirs[side]));
}

/* The folders that hold a note's file: "A" or "A.before, B.after". */
static char *note_dirs(char *buf, size_t len, const struct diff_table *t,
		       const struct diff_note *n)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned int k = 0; k < t->nr_dirs; k++)
		if (n->in & (1u << k))
			used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? ", " : "",
						 diff_dir_label(t, k));
	return buf;
}

static void print_footer(const struct diff_table *t)
{
	char dirs[64];

	printf("\nitems: %zu compared, %zu differ, %zu only in A, %zu only in B", t->nr_compared,
	       t->nr_differ, t->nr_only[DIFF_A], t->nr_only[DIFF_B]);
	if (t->nr_dirs == DIFF_MAX_DIRS)
		printf(", %zu on neither side", t->nr_neither);
	printf("; %zu shown\n", t->nr_shown);
	for (size_t i = 0; i < t->nr_notes; i++)
		printf("not compared: %s (only in %s)\n", t->notes[i].file,
		       note_dirs(dirs, sizeof(dirs), t, &t->notes[i]));
}

void diff_print_text(const struct diff_table *t)
{
	static const char *const head[NR_COLS] = { "item", "A", "B", "B-A", "(B-A)/A" };
	char cell[NR_COLS][CELL_BYTES];
	int width[NR_COLS];

	for (int c = 0; c < NR_COLS; c++)
		width[c] = (int)strlen(head[c]);
	for (size_t i = 0; i < t->nr_shown; i++) {
		row_cells(t, t->shown[i], cell);
		if ((int)strlen(t->shown[i]->name) > width[COL_NAME])
			width[COL_NAME] = (int)strlen(t->shown[i]->name);
		for (int c = COL_A; c < NR_COLS; c++)
			if ((int)strlen(cell[c]) > width[c])
				width[c] = (int)strlen(cell[c]);
	}
	print_side(t, DIFF_A);
	print_side(t, DIFF_B);
	printf("\n%-*s  %*s  %*s  %*s  %*s\n", width[0], head[0], width[1], head[1], width[2],
	       head[2], width[3], head[3], width[4], head[4]);
	for (size_t i = 0; i < t->nr_shown; i++) {
		row_cells(t, t->shown[i], cell);
		printf("%-*s  %*s  %*s  %*s  %*s\n", width[0], t->shown[i]->name, width[1],
		       cell[COL_A], width[2], cell[COL_B], width[3], cell[COL_DIFF], width[4],
		       cell[COL_REL]);
	}
	print_footer(t);
}

/* ---- JSON ---- */

static json_t *json_value(int64_t v, unsigned char decimals)
{
	return decimals ? json_real((double)v / 1000.0) : json_integer(v);
}

static json_t *json_path(const char *path)
{
	char esc[PATH_BYTES];

	return json_string(input_escape(esc, sizeof(esc), path));
}

/* "a": PATH, or {"before": PATH, "after": PATH} with --delta. */
static json_t *json_side(const struct diff_table *t, enum diff_side side)
{
	if (t->nr_dirs != DIFF_MAX_DIRS)
		return json_path(t->opts->dirs[side]);
	return json_pack("{s:o, s:o}", "before", json_path(t->opts->dirs[2 * side]),
			 "after", json_path(t->opts->dirs[2 * side + 1]));
}

static json_t *json_row(const struct diff_row *row)
{
	static const char *const side_key[] = { "a", "b" };
	static const char *const capped_key[] = { "a_capped", "b_capped" };
	bool both = row->has[DIFF_A] && row->has[DIFF_B];
	json_t *o = json_object();

	json_object_set_new(o, "name", json_string(row->name));
	for (int side = DIFF_A; side <= DIFF_B; side++)
		json_object_set_new(o, side_key[side], row->has[side] ?
				    json_value(row->value[side], row->decimals) : json_null());
	json_object_set_new(o, "diff", both ? json_value(row->diff, row->decimals) : json_null());
	json_object_set_new(o, "rel_error", both && row->value[DIFF_A] ?
			    json_real((double)row->diff / (double)row->value[DIFF_A]) :
			    json_null());
	for (int side = DIFF_A; side <= DIFF_B; side++)
		if (row->capped[side])
			json_object_set_new(o, capped_key[side], json_true());
	if (!both)
		json_object_set_new(o, "missing", json_string(row->has[DIFF_A] ? "b" :
							       row->has[DIFF_B] ? "a" : "both"));
	return o;
}

static json_t *json_notes(const struct diff_table *t)
{
	json_t *notes = json_array();

	for (size_t i = 0; i < t->nr_notes; i++) {
		json_t *in = json_array();

		for (unsigned int k = 0; k < t->nr_dirs; k++)
			if (t->notes[i].in & (1u << k))
				json_array_append_new(in, json_string(diff_dir_label(t, k)));
		json_array_append_new(notes, json_pack("{s:s, s:o}", "file", t->notes[i].file,
						       "in", in));
	}
	return notes;
}

static json_t *json_summary(const struct diff_table *t)
{
	json_t *s = json_pack("{s:I, s:I, s:I, s:I}", "compared", (json_int_t)t->nr_compared,
			      "differ", (json_int_t)t->nr_differ,
			      "only_in_a", (json_int_t)t->nr_only[DIFF_A],
			      "only_in_b", (json_int_t)t->nr_only[DIFF_B]);

	if (t->nr_dirs == DIFF_MAX_DIRS)
		json_object_set_new(s, "on_neither_side", json_integer((json_int_t)t->nr_neither));
	json_object_set_new(s, "shown", json_integer((json_int_t)t->nr_shown));
	return s;
}

int diff_print_json(const struct diff_table *t)
{
	json_t *root = json_object(), *items = json_array();
	int ret;

	for (size_t i = 0; i < t->nr_shown; i++)
		json_array_append_new(items, json_row(t->shown[i]));
	json_object_set_new(root, "a", json_side(t, DIFF_A));
	json_object_set_new(root, "b", json_side(t, DIFF_B));
	json_object_set_new(root, "items", items);
	json_object_set_new(root, "not_compared", json_notes(t));
	json_object_set_new(root, "summary", json_summary(t));
	ret = json_dumpf(root, stdout, JSON_FLAGS);
	if (!ret)
		putchar('\n');
	json_decref(root);
	return ret;
}
