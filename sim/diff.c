/*
 * sim/diff.c - `numasim diff`: snapshot folders compared item by item
 * (diff.h says what a row and a side are; docs/cli.md is the manual).
 *
 * The steps: read every folder (sim/procsnap.c); find the files every
 * folder holds (the others become notes); merge the folders' sorted item
 * lists into rows; rank the compared rows; pick the rows to show (--min-error,
 * --top; missing rows are always shown); print; then apply --fail-over.
 *
 * Invariants: no row is dropped without a trace: a row the filters hide
 * is still counted in the summary, and an item of a file only some
 * folders hold is covered by that file's note.  The order of the rows
 * depends on the values and names alone, never on the order of the
 * files or of the directory listing.  Values stay integers (at most 10^18
 * each, so a difference of differences fits in 64 bits); only the
 * relative error is a double.
 *
 * No kernel counterpart.
 */
#include "sim/diff.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/gen_cli.h"
#include "sim/message.h"
#include "sim/procparse.h"
#include "sim/procsnap.h"

void diff_opts_default(struct diff_opts *o)
{
	memset(o, 0, sizeof(*o));
}

int diff_parse_percent(const char *text, double *pct)
{
	size_t whole = strspn(text, "0123456789");
	const char *rest = text + whole;

	if (rest[0] == '.' && rest[1])
		rest += 1 + strspn(rest + 1, "0123456789");
	if (!whole || *rest)
		return -1;
	*pct = strtod(text, NULL);
	return isfinite(*pct) ? 0 : -1;
}

static const char *section_name(int sec)
{
	return proc_section_name((enum proc_section)sec);
}

int diff_parse_sections(const char *list, unsigned int *mask, char *err, size_t errlen)
{
	char known[256];
	uint64_t sections;

	if (cli_parse_name_list(list, proc_section_by_name, &sections)) {
		snprintf(err, errlen, "bad --only '%s' (known: %s)", list,
			 cli_known_names(known, sizeof(known), PROC_NR_SECTIONS, section_name));
		return -1;
	}
	*mask = (unsigned int)sections;
	return 0;
}

const char *diff_dir_label(const struct diff_table *t, unsigned int dir)
{
	static const char *const plain[] = { "A", "B" };
	static const char *const delta[] = { "A.before", "A.after", "B.before", "B.after" };

	return t->nr_dirs == DIFF_MAX_DIRS ? delta[dir] : plain[dir];
}

/* ---- which files are compared ---- */

static bool holds_file(const struct procsnap *s, const char *file)
{
	for (size_t i = 0; i < s->nr_files; i++)
		if (!strcmp(s->files[i], file))
			return true;
	return false;
}

/* Which folders hold file (bit k: snaps[k]). */
static unsigned int file_mask(const struct procsnap *snaps, unsigned int nr, const char *file)
{
	unsigned int in = 0;

	for (unsigned int k = 0; k < nr; k++)
		if (holds_file(&snaps[k], file))
			in |= 1u << k;
	return in;
}

static int cmp_note(const void *a, const void *b)
{
	return strcmp(((const struct diff_note *)a)->file, ((const struct diff_note *)b)->file);
}

/* A note for each file some folders lack, once, by name. */
static int find_notes(struct diff_table *t, const struct procsnap *snaps)
{
	unsigned int all = (1u << t->nr_dirs) - 1, in;

	for (unsigned int k = 0; k < t->nr_dirs; k++) {
		for (size_t i = 0; i < snaps[k].nr_files; i++) {
			const char *file = snaps[k].files[i];
			struct diff_note *bigger;

			in = file_mask(snaps, t->nr_dirs, file);
			/* listed by the first folder that holds it */
			if (in == all || (in & ((1u << k) - 1)))
				continue;
			bigger = realloc(t->notes, (t->nr_notes + 1) * sizeof(*bigger));
			if (!bigger)
				return -1;
			t->notes = bigger;
			t->notes[t->nr_notes++] = (struct diff_note){ file, in };
		}
	}
	if (t->nr_notes)
		qsort(t->notes, t->nr_notes, sizeof(*t->notes), cmp_note);
	return 0;
}

/* ---- rows ---- */

/* The next item of folder k at *pos that lies in a compared file, or NULL. */
static const struct procsnap_item *next_item(const struct procsnap *s, size_t *pos,
					     const bool *compared)
{
	while (*pos < s->nr_items && !compared[s->items[*pos].file])
		(*pos)++;
	return *pos < s->nr_items ? &s->items[*pos] : NULL;
}

/* Side side of a row from the items of its folder(s) (NULL: absent). */
static void fill_side(struct diff_row *row, enum diff_side side,
		      const struct procsnap_item *const *it, bool delta)
{
	const struct procsnap_item *first = it[delta ? 2 * side : side];
	const struct procsnap_item *second = delta ? it[2 * side + 1] : NULL;

	row->has[side] = first && (!delta || second);
	if (!row->has[side])
		return;
	row->value[side] = delta ? second->value - first->value : first->value;
	row->decimals = first->decimals;
	row->capped[side] = first->at_least || (second && second->at_least);
}

/* The relative error's size, the ranking key: INFINITY when A = 0 and B != 0. */
static double rank_of(const struct diff_row *row)
{
	if (row->value[DIFF_A])
		return fabs((double)row->diff / (double)row->value[DIFF_A]);
	return row->diff ? INFINITY : 0.0;
}

/* One row per name, from the items of every folder that has it. */
static void add_row(struct diff_table *t, const char *name,
		    const struct procsnap_item *const *it)
{
	struct diff_row *row = &t->rows[t->nr_rows++];

	memset(row, 0, sizeof(*row));
	row->name = name;
	fill_side(row, DIFF_A, it, t->nr_dirs == DIFF_MAX_DIRS);
	fill_side(row, DIFF_B, it, t->nr_dirs == DIFF_MAX_DIRS);
	if (row->has[DIFF_A] && row->has[DIFF_B]) {
		row->diff = row->value[DIFF_B] - row->value[DIFF_A];
		row->rank = rank_of(row);
	}
}

/* Merge the folders' sorted lists: each name once, with what each folder has. */
static int build_rows(struct diff_table *t, const struct procsnap *snaps, bool **compared)
{
	size_t pos[DIFF_MAX_DIRS] = { 0 }, total = 0;
	const struct procsnap_item *head[DIFF_MAX_DIRS], *it[DIFF_MAX_DIRS];
	const char *name;

	for (unsigned int k = 0; k < t->nr_dirs; k++)
		total += snaps[k].nr_items;
	t->rows = malloc((total ? total : 1) * sizeof(*t->rows));
	if (!t->rows)
		return -1;
	for (;;) {
		name = NULL;
		for (unsigned int k = 0; k < t->nr_dirs; k++) {
			head[k] = next_item(&snaps[k], &pos[k], compared[k]);
			if (head[k] && (!name || strcmp(head[k]->name, name) < 0))
				name = head[k]->name;
		}
		if (!name)
			return 0;
		for (unsigned int k = 0; k < t->nr_dirs; k++) {
			it[k] = head[k] && !strcmp(head[k]->name, name) ? head[k] : NULL;
			pos[k] += it[k] != NULL;
		}
		add_row(t, name, it);
	}
}

/* |B - A| of two rows, compared in their own units. */
static int cmp_size(const struct diff_row *x, const struct diff_row *y)
{
	long double a = fabsl((long double)x->diff), b = fabsl((long double)y->diff);

	if (x->decimals != y->decimals) {
		a /= powl(10, x->decimals);
		b /= powl(10, y->decimals);
	}
	return (a < b) - (a > b);
}

/* Compared rows first, largest error first, then largest B - A, then by name. */
static int cmp_row(const void *a, const void *b)
{
	const struct diff_row *x = a, *y = b;
	bool cx = x->has[DIFF_A] && x->has[DIFF_B], cy = y->has[DIFF_A] && y->has[DIFF_B];
	int c;

	if (cx != cy)
		return cx ? -1 : 1;
	if (cx && x->rank != y->rank)
		return x->rank > y->rank ? -1 : 1;
	if (cx && (c = cmp_size(x, y)))
		return c;
	return strcmp(x->name, y->name);
}

/* Whether a compared row's relative error is above pct percent (A = 0: any B != 0). */
static bool over_percent(const struct diff_row *row, double pct)
{
	if (!row->value[DIFF_A])
		return row->diff != 0;
	return fabs((double)row->diff) * 100.0 > pct * fabs((double)row->value[DIFF_A]);
}

/* Count, rank and pick the rows to show. */
static int rank_rows(struct diff_table *t)
{
	const struct diff_opts *o = t->opts;

	qsort(t->rows, t->nr_rows, sizeof(*t->rows), cmp_row);
	t->shown = malloc((t->nr_rows ? t->nr_rows : 1) * sizeof(*t->shown));
	if (!t->shown)
		return -1;
	for (size_t i = 0; i < t->nr_rows; i++) {
		const struct diff_row *row = &t->rows[i];
		bool compared = row->has[DIFF_A] && row->has[DIFF_B];

		t->nr_compared += compared;
		t->nr_differ += compared && row->diff;
		t->nr_only[DIFF_A] += row->has[DIFF_A] && !row->has[DIFF_B];
		t->nr_only[DIFF_B] += row->has[DIFF_B] && !row->has[DIFF_A];
		t->nr_neither += !row->has[DIFF_A] && !row->has[DIFF_B];
		if (compared && o->min_error_set && !over_percent(row, o->min_error_pct))
			continue;
		if (compared && o->top && t->nr_shown >= o->top)
			continue;
		t->shown[t->nr_shown++] = row;
	}
	return 0;
}

/* ---- the command ---- */

/* --fail-over: 1 with a message if a row is over the limit or missing. */
static int fail_over(const struct diff_table *t)
{
	const struct diff_row *first = NULL;
	size_t over = 0, missing = t->nr_rows - t->nr_compared;
	char msg[MESSAGE_MAX];

	for (size_t i = 0; i < t->nr_compared; i++) {
		if (over_percent(&t->rows[i], t->opts->fail_over_pct)) {
			first = first ? first : &t->rows[i];
			over++;
		}
	}
	if (!over && !missing)
		return EXIT_OK;
	if (!first)
		first = &t->rows[t->nr_compared];
	snprintf(msg, sizeof(msg), "numasim: diff: over --fail-over %s%%: %zu differing by more, "
		 "%zu missing on a side (first: %s)", t->opts->fail_over, over, missing,
		 first->name);
	return sim_fail(EXIT_DIFF_OVER, msg);
}

/* Read every folder; the message of the first that fails. */
static int load_dirs(const struct diff_opts *o, unsigned int nr, struct procsnap *snaps)
{
	unsigned int sections = o->sections ? o->sections : (1u << PROC_NR_SECTIONS) - 1;
	char err[MESSAGE_MAX];

	for (unsigned int k = 0; k < nr; k++) {
		if (procsnap_load(o->dirs[k], sections, &snaps[k], err, sizeof(err))) {
			while (k--)
				procsnap_release(&snaps[k]);
			return sim_fail(EXIT_BAD_INPUT, err);
		}
	}
	return EXIT_OK;
}

/* Which files of each folder every folder holds. */
static int mark_compared(const struct diff_table *t, const struct procsnap *snaps,
			 bool **compared)
{
	unsigned int all = (1u << t->nr_dirs) - 1;

	for (unsigned int k = 0; k < t->nr_dirs; k++) {
		compared[k] = calloc(snaps[k].nr_files + 1, sizeof(bool));
		if (!compared[k])
			return -1;
		for (size_t i = 0; i < snaps[k].nr_files; i++)
			compared[k][i] = file_mask(snaps, t->nr_dirs, snaps[k].files[i]) == all;
	}
	return 0;
}

static int compare_and_print(struct diff_table *t, const struct procsnap *snaps)
{
	bool *compared[DIFF_MAX_DIRS] = { NULL };
	int ret = -1;

	if (!mark_compared(t, snaps, compared) && !find_notes(t, snaps) &&
	    !build_rows(t, snaps, compared) && !rank_rows(t))
		ret = 0;
	for (unsigned int k = 0; k < t->nr_dirs; k++)
		free(compared[k]);
	if (ret)
		return sim_fail(EXIT_HOST, "numasim: diff: out of memory");
	if (t->opts->json)
		ret = diff_print_json(t);
	else
		diff_print_text(t);
	if (ret || fflush(stdout) || ferror(stdout))
		return sim_fail(EXIT_HOST, "numasim: standard output: write error");
	return t->opts->fail_over ? fail_over(t) : EXIT_OK;
}

int sim_diff(const struct diff_opts *o)
{
	struct procsnap snaps[DIFF_MAX_DIRS];
	struct diff_table t = { .opts = o, .nr_dirs = o->delta ? DIFF_MAX_DIRS : 2 };
	int ret = load_dirs(o, t.nr_dirs, snaps);

	if (ret)
		return ret;
	ret = compare_and_print(&t, snaps);
	free(t.rows);
	free(t.shown);
	free(t.notes);
	for (unsigned int k = 0; k < t.nr_dirs; k++)
		procsnap_release(&snaps[k]);
	return ret;
}
