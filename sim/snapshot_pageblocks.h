/*
 * sim/snapshot_pageblocks.h - the snapshot file `pageblocks`: each
 * pageblock's node, zone, start pfn, type, mixed flag and frames by state
 * (sim/snapshot_pageblocks.c; layout in docs/cli.md, FILES).
 *
 * No kernel counterpart (numasim's own file).
 */
#ifndef SIM_SNAPSHOT_PAGEBLOCKS_H
#define SIM_SNAPSHOT_PAGEBLOCKS_H

#include <stdio.h>

struct machine;

/* The file's header line, then a line per pageblock of every populated zone. */
void snapshot_pageblocks(FILE *f, const struct machine *m);

#endif /* SIM_SNAPSHOT_PAGEBLOCKS_H */
