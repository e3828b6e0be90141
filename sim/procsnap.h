/*
 * sim/procsnap.h - a snapshot folder read whole: every known file in it
 * parsed (sim/procparse.h) into one list of named numbers.
 *
 * A folder is numasim's OUTDIR/snapshots/NAME/ or the kernel's files
 * copied from /proc and /sys into one directory, under the names
 * proc_file_names lists; other entries are ignored.  The items come out
 * sorted by name, each name once, so two folders compare by a merge.
 *
 * No kernel counterpart.
 */
#ifndef SIM_PROCSNAP_H
#define SIM_PROCSNAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One number of a folder, and the file and line it came from. */
struct procsnap_item {
	char *name;
	int64_t value;			/* in units of 10^-decimals */
	unsigned char decimals;
	bool at_least;			/* a count the kernel capped */
	unsigned int file;		/* index into files[] */
	unsigned int line;
};

struct procsnap {
	char **files;			/* the known files read, sorted by name */
	size_t nr_files;
	struct procsnap_item *items;	/* sorted by name, names unique */
	size_t nr_items;
	size_t cap_items;
};

/*
 * Read the folder dir: every known file whose section's bit is set in
 * sections (1 << enum proc_section).  A folder that cannot be opened, one
 * with no known file at all, and a bad file or line are errors: returns
 * -1 with the message ("DIR: cannot open: REASON", "PATH:LINE: message")
 * in err and nothing to release.  Returns 0 otherwise.
 */
int procsnap_load(const char *dir, unsigned int sections, struct procsnap *snap, char *err,
		  size_t errlen);

void procsnap_release(struct procsnap *snap);

/* The item named name, or NULL (a binary search: items are sorted). */
const struct procsnap_item *procsnap_find(const struct procsnap *snap, const char *name);

/* "dir/name" on the heap (no doubled slash after a dir ending in one), or NULL. */
char *procsnap_join(const char *dir, const char *name);

#endif /* SIM_PROCSNAP_H */
