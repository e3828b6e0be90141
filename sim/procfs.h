/*
 * sim/procfs.h - the kernel's /proc and debugfs text views of a machine, in
 * the exact layout of Linux 6.1 (see tests/data/oracle for real outputs).
 *
 * Linux counterpart: mm/vmstat.c (frag_show, pagetypeinfo_show,
 * zoneinfo_show, vmstat_show, extfrag_show, unusable_show).
 */
#ifndef SIM_PROCFS_H
#define SIM_PROCFS_H

#include <stdio.h>
#include "mm/mmzone.h"

void procfs_buddyinfo(FILE *f, const struct machine *m);
void procfs_pagetypeinfo(FILE *f, const struct machine *m);
void procfs_zoneinfo(FILE *f, const struct machine *m);
void procfs_vmstat(FILE *f, const struct machine *m);
void procfs_extfrag_index(FILE *f, const struct machine *m);	/* debugfs extfrag/extfrag_index */
void procfs_unusable_index(FILE *f, const struct machine *m);	/* debugfs extfrag/unusable_index */

#endif /* SIM_PROCFS_H */
