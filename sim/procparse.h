/*
 * sim/procparse.h - the kernel's /proc and /sys text read back into named
 * numbers: the inverse of sim/procfs.c, for the real kernel's files as
 * much as for numasim's own.
 *
 * A snapshot file (the files of OUTDIR/snapshots/NAME/, or the same files
 * copied from a real machine) becomes a flat list of items, each a number
 * under a name that says where it was:
 *
 *   vmstat/NAME                    vmstat/nodeN/NAME       (nodeN.vmstat)
 *   meminfo/NAME                   meminfo/nodeN/NAME      (nodeN.meminfo)
 *   numastat/nodeN/NAME                                    (nodeN.numastat)
 *   buddyinfo/nodeN/ZONE/orderK
 *   pagetypeinfo/pageblock_order   pagetypeinfo/pages_per_block
 *   pagetypeinfo/nodeN/ZONE/TYPE/orderK        (free blocks)
 *   pagetypeinfo/nodeN/ZONE/blocks/TYPE        (Number of blocks type)
 *   pagetypeinfo/nodeN/ZONE/mixed/TYPE         (Number of mixed blocks)
 *   zoneinfo/nodeN/NAME                        (per-node stats)
 *   zoneinfo/nodeN/ZONE/NAME       (pages_free, boost, min, ..., nr_free_pages)
 *   zoneinfo/nodeN/ZONE/protection[I]          (lowmem_reserve[I])
 *   zoneinfo/nodeN/ZONE/cpuC/NAME  (count, high, batch, vm_stats_threshold)
 *   extfrag_index/nodeN/ZONE/orderK            unusable_index/...
 *   slabinfo/CACHE/NAME            (active_objs, num_objs, objsize, objperslab,
 *                                   pagesperslab, active_slabs, num_slabs, sharedavail)
 *
 * NAME is the kernel's name as printed (meminfo's without its colon); a
 * name of several words ("vm stats threshold") is joined by '_'.  Every
 * line must be one the kernel prints in that file (blank lines aside):
 * anything else is an error "PATH:LINE: message".  Values are integers of
 * at most 10^18 in magnitude (a page count of any machine, with room for
 * differences of differences); the fragmentation indices keep their three
 * decimals as thousandths.
 *
 * Kernel counterpart: the printers this reads, mm/vmstat.c (frag_show,
 * pagetypeinfo_show, zoneinfo_show, vmstat_show, extfrag_show,
 * unusable_show), fs/proc/meminfo.c, drivers/base/node.c (node_read_meminfo,
 * node_read_vmstat, node_read_numastat), mm/slab_common.c (slabinfo_show), v6.1.
 */
#ifndef SIM_PROCPARSE_H
#define SIM_PROCPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest magnitude of a value, in its own units. */
#define PROC_VALUE_MAX		1000000000000000000LL	/* 10^18 */

/* The highest node number a file name or a line may give. */
#define PROC_NODE_MAX		4095

/* What a snapshot file is: the section of a comparison it belongs to. */
enum proc_section {
	PROC_SEC_VMSTAT,	/* vmstat, nodeN.vmstat */
	PROC_SEC_MEMINFO,	/* meminfo, nodeN.meminfo */
	PROC_SEC_NUMASTAT,	/* nodeN.numastat */
	PROC_SEC_BUDDYINFO,
	PROC_SEC_PAGETYPEINFO,
	PROC_SEC_ZONEINFO,
	PROC_SEC_EXTFRAG_INDEX,
	PROC_SEC_UNUSABLE_INDEX,
	PROC_SEC_SLABINFO,
	PROC_NR_SECTIONS,
};

/* "vmstat", "meminfo", ...: the first part of its items' names. */
const char *proc_section_name(enum proc_section sec);

/* The section named name (len bytes), or -1. */
int proc_section_by_name(const char *name, size_t len);

/* The file names a snapshot folder may hold, for messages. */
extern const char proc_file_names[];

/* A known file: its format and, for nodeN.FILE, its node. */
struct proc_file_kind {
	unsigned int format;		/* an index into procparse.c's formats */
	enum proc_section section;
	int node;			/* N of nodeN.FILE; -1 for the others */
};

/* Whether file_name (a name, no directory) is a known file; fills *kind. */
bool proc_file_kind(const char *file_name, struct proc_file_kind *kind);

/* One number of a file, as the parser hands it over. */
struct proc_item {
	const char *name;		/* valid during the sink's call only */
	int64_t value;			/* in units of 10^-decimals */
	unsigned char decimals;		/* 0; 3 for the fragmentation indices */
	bool at_least;			/* pagetypeinfo's ">100000": the walk stopped */
	unsigned int line;
};

/* Takes each item in the file's order; returns 0, or -1 when out of memory. */
typedef int (*proc_sink_fn)(void *ctx, const struct proc_item *item);

/*
 * Parse text (len bytes, any bytes) as the file kind describes, calling
 * sink for every number in the order of the file.  path names the file
 * in messages.  Returns 0, or -1 with "PATH:LINE: message" in err.
 */
int proc_parse(const struct proc_file_kind *kind, const char *path, const char *text,
	       size_t len, proc_sink_fn sink, void *ctx, char *err, size_t errlen);

#endif /* SIM_PROCPARSE_H */
