/*
 * sim/sysfs_memory.h - the memory block devices' sysfs text, for the
 * snapshots (see sim/sysfs_memory.c for the two layouts).
 *
 * Linux counterpart: drivers/base/memory.c, drivers/base/node.c.
 */
#ifndef SIM_SYSFS_MEMORY_H
#define SIM_SYSFS_MEMORY_H

#include <stdio.h>
#include "mm/mmzone.h"

/* memory_blocks.txt: "memoryN node=X state=S zones=Z removable=1", in ls order. */
void sysfs_memory_blocks_digest(FILE *f, const struct machine *m);

/* sysfs_memory: every file of /sys/devices/system/memory as "PATH:TEXT", then the node links. */
void sysfs_memory_tree(FILE *f, const struct machine *m);

#endif /* SIM_SYSFS_MEMORY_H */
