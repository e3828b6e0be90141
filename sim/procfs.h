/*
 * sim/procfs.h - the kernel's /proc, sysfs and debugfs text views of a
 * machine, in the exact layout of Linux 6.1 (see tests/data/oracle for real
 * outputs).
 *
 * Linux counterpart: mm/vmstat.c (frag_show, pagetypeinfo_show,
 * zoneinfo_show, vmstat_show, extfrag_show, unusable_show),
 * fs/proc/meminfo.c, drivers/base/node.c, fs/proc/task_mmu.c,
 * mm/slab_common.c (slabinfo_show).
 */
#ifndef SIM_PROCFS_H
#define SIM_PROCFS_H

#include <stdbool.h>
#include <stdio.h>
#include "mm/mmzone.h"

struct task_struct;

void procfs_buddyinfo(FILE *f, const struct machine *m);
void procfs_pagetypeinfo(FILE *f, const struct machine *m);
void procfs_zoneinfo(FILE *f, const struct machine *m);
void procfs_vmstat(FILE *f, const struct machine *m);
void procfs_extfrag_index(FILE *f, const struct machine *m);	/* debugfs extfrag/extfrag_index */
void procfs_unusable_index(FILE *f, const struct machine *m);	/* debugfs extfrag/unusable_index */
void procfs_meminfo(FILE *f, const struct machine *m);		/* /proc/meminfo */
/* /proc/slabinfo: the kernel object caches (mm/slab.h). */
void procfs_slabinfo(FILE *f, const struct machine *m);
void procfs_swaps(FILE *f, const struct machine *m);		/* /proc/swaps */
/* /sys/devices/system/node/node<nid>/meminfo; nid must be online. */
void procfs_node_meminfo(FILE *f, const struct machine *m, int nid);
/* /proc/<pid>/numa_maps of t: one line per VMA, in address order. */
void procfs_numa_maps(FILE *f, const struct machine *m, const struct task_struct *t);

/* /proc/PID/oom_score (0..2000) and /proc/PID/oom_score_adj: one number and a newline. */
void procfs_oom_score(FILE *f, const struct machine *m, const struct task_struct *t);
void procfs_oom_score_adj(FILE *f, const struct machine *m, const struct task_struct *t);

#endif /* SIM_PROCFS_H */
