/*
 * sim/verbs_sysfs.c - the kernel tunables of the process side: the sysfs
 * verb (THP modes, the hugetlb pool, per node or global) and the sysctl
 * knobs vm.nr_hugepages, vm.nr_overcommit_hugepages and vm.drop_caches,
 * which the sysctl verb (verbs_page.c) tries before mm_sysctl_write().
 *
 * Each writable file is a row of sysfs_files[]: its path under /sys and a
 * store function that checks the value the way the kernel's store does
 * (the same words, the same ranges) and applies it through mm/.
 *
 * Invariants: m->thp_enabled always says whether m->thp.enabled is
 * "always" or "madvise"; a refused value changes nothing.
 *
 * Linux counterpart: the sysfs stores of mm/huge_memory.c (enabled,
 * defrag, use_zero_page) and mm/hugetlb.c (nr_hugepages,
 * nr_overcommit_hugepages, the per-node nr_hugepages);
 * start_stop_khugepaged() in mm/khugepaged.c; the hugetlb handlers of
 * kernel/sysctl.c; fs/drop_caches.c.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "mm/huge_mm.h"
#include "mm/hugetlb.h"
#include "mm/mm.h"
#include "mm/vmscan.h"
#include "sim/args.h"
#include "sim/verbs.h"


/* One file: the value was accepted (ENGINE_OK) or refused with its message. */
typedef enum engine_status (*sysfs_store_t)(struct engine *e, const struct trace_record *rec,
					    const char *path, int nid, const char *value);

/* Linux: enabled_store(), mm/huge_memory.c (words in enum thp_enabled_mode order). */
static enum engine_status store_thp_enabled(struct engine *e, const struct trace_record *rec,
					    const char *path, int nid, const char *value)
{
	static const char *const words[] = { "always", "madvise", "never" };
	unsigned int mode;

	if (engine_parse_word(e, rec, path, value, words, NR_ELEMS(words), &mode))
		return ENGINE_BAD_INPUT;
	e->m->thp.enabled = (enum thp_enabled_mode)mode;
	e->m->thp_enabled = mode != THP_ENABLED_NEVER;
	start_stop_khugepaged(e->m);
	return ENGINE_OK;
}

/* Linux: defrag_store(), mm/huge_memory.c (words in enum thp_defrag_mode order). */
static enum engine_status store_thp_defrag(struct engine *e, const struct trace_record *rec,
					   const char *path, int nid, const char *value)
{
	static const char *const words[] = { "always", "defer", "defer+madvise", "madvise", "never" };
	unsigned int mode;

	if (engine_parse_word(e, rec, path, value, words, NR_ELEMS(words), &mode))
		return ENGINE_BAD_INPUT;
	e->m->thp.defrag = (enum thp_defrag_mode)mode;
	return ENGINE_OK;
}

/* Linux: use_zero_page_store() -> single_hugepage_flag_store(): 0 or 1. */
static enum engine_status store_thp_zero_page(struct engine *e, const struct trace_record *rec,
					      const char *path, int nid, const char *value)
{
	static const char *const words[] = { "0", "1" };
	unsigned int on;

	if (engine_parse_word(e, rec, path, value, words, NR_ELEMS(words), &on))
		return ENGINE_BAD_INPUT;
	e->m->thp.use_zero_page = on;
	return ENGINE_OK;
}

/* Linux: nr_hugepages_store() (global or per node) -> set_max_huge_pages(). */
static enum engine_status store_nr_hugepages(struct engine *e, const struct trace_record *rec,
					     const char *path, int nid, const char *value)
{
	uint64_t count;

	if (engine_parse_uint(e, rec, path, value, ULONG_MAX, &count))
		return ENGINE_BAD_INPUT;
	if (hugetlb_set_nr_hugepages(e->m, nid, (unsigned long)count))
		return engine_bad_input(e, rec, "%s: node %d does not exist", path, nid);
	return ENGINE_OK;
}

/* Linux: nr_overcommit_hugepages_store(), mm/hugetlb.c */
static enum engine_status store_nr_overcommit(struct engine *e, const struct trace_record *rec,
					      const char *path, int nid, const char *value)
{
	uint64_t count;

	if (engine_parse_uint(e, rec, path, value, ULONG_MAX, &count))
		return ENGINE_BAD_INPUT;
	hugetlb_set_overcommit(e->m, (unsigned long)count);
	return ENGINE_OK;
}

#define HUGEPAGES_2M	"hugepages/hugepages-2048kB/"

/* The writable files, relative to /sys; '#' stands for a node number. */
static const struct {
	const char *path;
	sysfs_store_t store;
} sysfs_files[] = {
	{ "kernel/mm/transparent_hugepage/enabled", store_thp_enabled },
	{ "kernel/mm/transparent_hugepage/defrag", store_thp_defrag },
	{ "kernel/mm/transparent_hugepage/use_zero_page", store_thp_zero_page },
	{ "kernel/mm/" HUGEPAGES_2M "nr_hugepages", store_nr_hugepages },
	{ "kernel/mm/" HUGEPAGES_2M "nr_overcommit_hugepages", store_nr_overcommit },
	{ "devices/system/node/node#/" HUGEPAGES_2M "nr_hugepages", store_nr_hugepages },
};

/* Does path match pattern?  A '#' matches a decimal number, put in *nid. */
static bool sysfs_match(const char *pattern, const char *path, int *nid)
{
	*nid = NUMA_NO_NODE;
	for (; *pattern; pattern++, path++) {
		if (*pattern != '#') {
			if (*pattern != *path)
				return false;
			continue;
		}
		if (*path < '0' || *path > '9' || (path[0] == '0' && path[1] >= '0' && path[1] <= '9'))
			return false;	/* not a number, or a leading zero sysfs never writes */
		/* Large numbers stop at MAX_NUMNODES: no such node either way. */
		for (*nid = 0; *path >= '0' && *path <= '9'; path++)
			*nid = *nid < MAX_NUMNODES ? *nid * 10 + (*path - '0') : MAX_NUMNODES;
		path--;		/* the loop's step moves past the last digit */
	}
	return *path == '\0';
}

enum { SYSFS_PATH, SYSFS_VALUE };

/*
 * sysfs path=PATH value=V: write a file under /sys (PATH with or without
 * the leading "/sys/").  The per-node hugepages directories exist for
 * every online node, with or without memory, as in the 6.1 kernel
 * (hugetlb_register_all_nodes()).
 */
static enum engine_status do_sysfs(struct engine *e, const struct trace_record *rec,
				   const char *const *vals)
{
	const char *path = vals[SYSFS_PATH];
	const struct machine *m = e->m;
	int nid;

	if (!strncmp(path, "/sys/", 5))
		path += 5;
	for (size_t i = 0; i < NR_ELEMS(sysfs_files); i++) {
		if (!sysfs_match(sysfs_files[i].path, path, &nid))
			continue;
		if (nid != NUMA_NO_NODE && nid >= (int)m->nr_node_ids)
			break;
		return sysfs_files[i].store(e, rec, path, nid, vals[SYSFS_VALUE]);
	}
	return engine_bad_input(e, rec, "unknown sysfs file '%.128s'", vals[SYSFS_PATH]);
}

static const struct engine_verb verb_sysfs = {
	.name = "sysfs",
	.handler = do_sysfs,
	.keys = { { "path", true }, { "value", true } },
};

static const struct engine_verb *const sysfs_verbs[] = { &verb_sysfs, NULL };

/* No state: every value lives in the machine. */
const struct engine_family family_sysfs = {
	.name = "sysfs",
	.verbs = sysfs_verbs,
};

/* ---- sysctl knobs of the process side ---- */

/* Linux: hugetlb_sysctl_handler() -> set_max_huge_pages(NUMA_NO_NODE). */
static int write_nr_hugepages(struct machine *m, long value)
{
	return hugetlb_set_nr_hugepages(m, NUMA_NO_NODE, (unsigned long)value);
}

/* Linux: hugetlb_overcommit_handler(), mm/hugetlb.c */
static int write_nr_overcommit_hugepages(struct machine *m, long value)
{
	hugetlb_set_overcommit(m, (unsigned long)value);
	return 0;
}

/*
 * Linux: drop_caches_sysctl_handler(), fs/drop_caches.c: bit 1 drops the
 * clean unmapped page cache, bit 2 runs the shrinkers (drop_slab(): of
 * numasim's, the THP deferred split queue), bit 4 only silences the
 * kernel's log line.
 */
static int write_drop_caches(struct machine *m, long value)
{
	if (value & 1)
		drop_pagecache(m);	/* counts DROP_PAGECACHE */
	if (value & 2)
		drop_slab(m);		/* counts DROP_SLAB */
	return 0;
}

static const struct {
	const char *name;
	long min, max;
	int (*write)(struct machine *m, long value);
} proc_sysctls[] = {
	{ "vm.nr_hugepages", 0, LONG_MAX, write_nr_hugepages },
	{ "vm.nr_overcommit_hugepages", 0, LONG_MAX, write_nr_overcommit_hugepages },
	{ "vm.drop_caches", 1, 4, write_drop_caches },
};

int proc_sysctl_write(struct machine *m, const char *name, long value)
{
	for (size_t i = 0; i < NR_ELEMS(proc_sysctls); i++) {
		if (strcmp(proc_sysctls[i].name, name) != 0)
			continue;
		if (value < proc_sysctls[i].min || value > proc_sysctls[i].max)
			return -EINVAL;
		return proc_sysctls[i].write(m, value);
	}
	return -ENOENT;
}
