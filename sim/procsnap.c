/*
 * sim/procsnap.c - a snapshot folder read whole (procsnap.h).
 *
 * The folder's entries are listed, the known ones (procparse.h) sorted by
 * name and parsed in that order, so the same folder gives the same list
 * whatever order the file system lists it in.  Items are collected, then
 * sorted by name; a name seen twice is an error naming the second line.
 *
 * Invariants: after a successful load items[] is sorted by strcmp() and
 * holds each name once; every item's file indexes files[].  A failed load
 * leaves nothing allocated.
 *
 * No kernel counterpart.
 */
#include "sim/procsnap.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/procparse.h"
#include "workloads/input.h"

/* The most one file may hold: far more than any /proc file of any machine. */
#define PROCSNAP_FILE_MAX	((size_t)64 << 20)

/* What a file's items are added with: the folder and the file's index. */
struct procsnap_sink {
	struct procsnap *snap;
	unsigned int file;
};

static int add_item(void *ctx, const struct proc_item *item)
{
	struct procsnap_sink *s = ctx;
	struct procsnap *snap = s->snap;
	struct procsnap_item *it;

	if (snap->nr_items == snap->cap_items) {
		size_t cap = snap->cap_items ? 2 * snap->cap_items : 256;

		it = realloc(snap->items, cap * sizeof(*it));
		if (!it)
			return -1;
		snap->items = it;
		snap->cap_items = cap;
	}
	it = &snap->items[snap->nr_items];
	it->name = strdup(item->name);
	if (!it->name)
		return -1;
	it->value = item->value;
	it->decimals = item->decimals;
	it->at_least = item->at_least;
	it->file = s->file;
	it->line = item->line;
	snap->nr_items++;
	return 0;
}

static int cmp_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* By name; equal names by file and line, so the later one is the duplicate. */
static int cmp_item(const void *a, const void *b)
{
	const struct procsnap_item *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

char *procsnap_join(const char *dir, const char *name)
{
	size_t len = strlen(dir);
	char *path;

	if (asprintf(&path, "%s%s%s", dir, len && dir[len - 1] == '/' ? "" : "/", name) < 0)
		return NULL;
	return path;
}

/*
 * The known files of dir whose section is selected, sorted; -1 with the
 * message if dir cannot be listed or holds no known file at all.
 */
static int list_files(const char *dir, unsigned int sections, struct procsnap *snap, char *err,
		      size_t errlen)
{
	DIR *d = opendir(dir);
	struct proc_file_kind kind;
	struct dirent *de;
	size_t nr_known = 0, cap = 0;
	char **bigger;

	if (!d) {
		snprintf(err, errlen, "%s: cannot open: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		if (!proc_file_kind(de->d_name, &kind))
			continue;
		nr_known++;
		if (!(sections & (1u << kind.section)))
			continue;
		if (snap->nr_files == cap) {
			cap = cap ? 2 * cap : 16;
			bigger = realloc(snap->files, cap * sizeof(*bigger));
			if (!bigger)
				goto nomem;
			snap->files = bigger;
		}
		snap->files[snap->nr_files] = strdup(de->d_name);
		if (!snap->files[snap->nr_files])
			goto nomem;
		snap->nr_files++;
	}
	closedir(d);
	if (!nr_known) {
		snprintf(err, errlen, "%s: no snapshot files in it (known: %s)", dir, proc_file_names);
		return -1;
	}
	if (snap->nr_files)
		qsort(snap->files, snap->nr_files, sizeof(*snap->files), cmp_string);
	return 0;
nomem:
	closedir(d);
	snprintf(err, errlen, "%s: out of memory", dir);
	return -1;
}

/* Read and parse files[file] of dir. */
static int load_file(const char *dir, struct procsnap *snap, unsigned int file, char *err,
		     size_t errlen)
{
	struct procsnap_sink sink = { snap, file };
	struct proc_file_kind kind;
	char *path = procsnap_join(dir, snap->files[file]), *text = NULL;
	size_t len = 0;
	int fd, e, ret = -1;

	if (!path) {
		snprintf(err, errlen, "%s: out of memory", dir);
		return -1;
	}
	proc_file_kind(snap->files[file], &kind);
	fd = input_open(path, err, errlen);
	if (fd >= 0) {
		e = input_read_all(fd, PROCSNAP_FILE_MAX, &text, &len);
		close(fd);
		if (e == EFBIG)
			snprintf(err, errlen, "%s: cannot read: more than %zu MiB, too large for a "
				 "snapshot file", path, PROCSNAP_FILE_MAX >> 20);
		else if (e)
			snprintf(err, errlen, "%s: cannot read: %s", path, strerror(e));
		else
			ret = proc_parse(&kind, path, text, len, add_item, &sink, err, errlen);
	}
	free(text);
	free(path);
	return ret;
}

/* Sort the items; a name twice is an error at its second line. */
static int sort_items(const char *dir, struct procsnap *snap, char *err, size_t errlen)
{
	const struct procsnap_item *it;
	char *path;

	if (snap->nr_items)
		qsort(snap->items, snap->nr_items, sizeof(*snap->items), cmp_item);
	for (size_t i = 1; i < snap->nr_items; i++) {
		it = &snap->items[i];
		if (strcmp(it[-1].name, it->name))
			continue;
		path = procsnap_join(dir, snap->files[it->file]);
		snprintf(err, errlen, "%s:%u: %s repeated (first on line %u)",
			 path ? path : snap->files[it->file], it->line, it->name, it[-1].line);
		free(path);
		return -1;
	}
	return 0;
}

int procsnap_load(const char *dir, unsigned int sections, struct procsnap *snap, char *err,
		  size_t errlen)
{
	memset(snap, 0, sizeof(*snap));
	if (list_files(dir, sections, snap, err, errlen))
		goto fail;
	for (unsigned int f = 0; f < snap->nr_files; f++)
		if (load_file(dir, snap, f, err, errlen))
			goto fail;
	if (sort_items(dir, snap, err, errlen))
		goto fail;
	return 0;
fail:
	procsnap_release(snap);
	return -1;
}

static int cmp_name_item(const void *key, const void *item)
{
	return strcmp(key, ((const struct procsnap_item *)item)->name);
}

const struct procsnap_item *procsnap_find(const struct procsnap *snap, const char *name)
{
	if (!snap->nr_items)
		return NULL;
	return bsearch(name, snap->items, snap->nr_items, sizeof(*snap->items), cmp_name_item);
}

void procsnap_release(struct procsnap *snap)
{
	for (size_t i = 0; i < snap->nr_items; i++)
		free(snap->items[i].name);
	for (size_t i = 0; i < snap->nr_files; i++)
		free(snap->files[i]);
	free(snap->items);
	free(snap->files);
	memset(snap, 0, sizeof(*snap));
}
