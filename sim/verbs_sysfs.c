/*
 * sim/verbs_sysfs.c - the kernel tunables of the process side: the sysfs
 * verb (THP modes, the hugetlb pools of both sizes, per node or global, and soft
 * offlining a page) and the sysctl knobs vm.nr_hugepages,
 * vm.nr_overcommit_hugepages and vm.drop_caches, which the sysctl verb
 * (verbs_page.c) tries before mm_sysctl_write().
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
 * nr_overcommit_hugepages, the per-node nr_hugepages) and
 * drivers/base/memory.c (soft_offline_page); start_stop_khugepaged() in
 * mm/khugepaged.c; the hugetlb handlers of kernel/sysctl.c;
 * fs/drop_caches.c; kstrtoull() of lib/kstrtox.c.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "mm/compaction.h"
#include "mm/huge_mm.h"
#include "mm/hugetlb.h"
#include "mm/memory-failure.h"
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

/* The hstate a hugepages directory in path names (kobj_to_hstate()). */
static struct hstate *path_hstate(struct engine *e, const char *path)
{
	return strstr(path, "hugepages-1048576kB") ? &e->m->hstate_gigantic : &e->m->hstate;
}

/* Linux: nr_hugepages_store() (global or per node) -> set_max_huge_pages(). */
static enum engine_status store_nr_hugepages(struct engine *e, const struct trace_record *rec,
					     const char *path, int nid, const char *value)
{
	uint64_t count;

	if (engine_parse_uint(e, rec, path, value, ULONG_MAX, &count))
		return ENGINE_BAD_INPUT;
	if (set_max_huge_pages(e->m, path_hstate(e, path), nid, (unsigned long)count))
		return engine_bad_input(e, rec, "%s: node %d does not exist", path, nid);
	return ENGINE_OK;
}

/*
 * Linux: compact_store(), mm/compaction.c: any write compacts the node
 * (every zone, MIGRATE_SYNC, whole zones); the value is not read.  A
 * node the machine lacks has no directory (the dispatcher refuses it).
 */
static enum engine_status store_node_compact(struct engine *e, const struct trace_record *rec,
					     const char *path, int nid, const char *value)
{
	(void)rec;
	(void)path;
	(void)value;
	compact_node(e->m, nid);
	return ENGINE_OK;
}

/*
 * Linux: nr_overcommit_hugepages_store(), mm/hugetlb.c: gigantic pages
 * are never overcommitted, so their file refuses any write (-EINVAL)
 * before reading the value.
 */
static enum engine_status store_nr_overcommit(struct engine *e, const struct trace_record *rec,
					      const char *path, int nid, const char *value)
{
	uint64_t count;

	(void)nid;
	if (hstate_is_gigantic(path_hstate(e, path)))
		return engine_bad_input(e, rec, "%s: gigantic pages cannot be overcommitted "
					"(the kernel answers EINVAL)", path);
	if (engine_parse_uint(e, rec, path, value, ULONG_MAX, &count))
		return ENGINE_BAD_INPUT;
	hugetlb_set_overcommit(e->m, (unsigned long)count);
	return ENGINE_OK;
}

/*
 * Linux: kstrtoull(s, 0, &res), lib/kstrtox.c: an optional '+', then 0x
 * hex, 0 octal or decimal digits, then nothing but one newline.  0,
 * -EINVAL (no number, a stray byte) or -ERANGE (past 64 bits).
 */
static int kstrtoull_base0(const char *s, uint64_t *res)
{
	unsigned int base = 10, digits = 0;
	uint64_t val = 0;

	s += *s == '+';
	if (s[0] == '0' && (s[1] | 0x20) == 'x' && isxdigit((unsigned char)s[2])) {
		base = 16;
		s += 2;
	} else if (s[0] == '0') {
		base = 8;
	}
	for (; isxdigit((unsigned char)*s); s++, digits++) {
		unsigned int d = isdigit((unsigned char)*s) ? (unsigned int)(*s - '0')
							   : (unsigned int)((*s | 0x20) - 'a' + 10);

		if (d >= base)
			break;
		if (val > (UINT64_MAX - d) / base)
			return -ERANGE;
		val = val * base + d;
	}
	s += *s == '\n';
	if (!digits || *s)
		return -EINVAL;
	*res = val;
	return 0;
}

/* What a failed soft offline of addr said, in the trace's words. */
static enum engine_status soft_offline_failed(struct engine *e, const struct trace_record *rec,
					      uint64_t addr, int ret)
{
	unsigned long long pfn = phys_to_pfn(addr);

	if (ret == -ENXIO)
		return engine_bad_input(e, rec, "soft_offline_page: ENXIO: %#llx (pfn %#llx) has no "
					"struct page", (unsigned long long)addr, pfn);
	if (ret == -EIO)
		return engine_bad_input(e, rec, "soft_offline_page: EIO: %#llx (pfn %#llx) is not online "
					"memory, or a page memory failure cannot handle (reserved, "
					"kernel, page table)", (unsigned long long)addr, pfn);
	if (ret == -EBUSY)
		return engine_bad_input(e, rec, "soft_offline_page: EBUSY: %#llx (pfn %#llx) is in use "
					"and was not migrated away, or a free huge page of a fully "
					"reserved pool", (unsigned long long)addr, pfn);
	return engine_internal(e, "soft_offline_page: unexpected error %d", ret);
}

/*
 * Linux: soft_offline_page_store(), drivers/base/memory.c: the value is a
 * physical address, the page that holds it goes (soft_offline_page()).
 */
static enum engine_status store_soft_offline(struct engine *e, const struct trace_record *rec,
					     const char *path, int nid, const char *value)
{
	uint64_t addr;
	int ret;

	if (kstrtoull_base0(value, &addr))
		return engine_bad_input(e, rec, "bad value '%.64s' for %s (a physical address: "
					"decimal, 0x hex or 0 octal, at most 64 bits)", value, path);
	ret = soft_offline_page(e->m, phys_to_pfn(addr), 0);
	return ret ? soft_offline_failed(e, rec, addr, ret) : ENGINE_OK;
}

#define HUGEPAGES_2M	"hugepages/hugepages-2048kB/"
#define HUGEPAGES_1G	"hugepages/hugepages-1048576kB/"

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
	{ "kernel/mm/" HUGEPAGES_1G "nr_hugepages", store_nr_hugepages },
	{ "kernel/mm/" HUGEPAGES_1G "nr_overcommit_hugepages", store_nr_overcommit },
	{ "devices/system/node/node#/" HUGEPAGES_1G "nr_hugepages", store_nr_hugepages },
	{ "devices/system/node/node#/compact", store_node_compact },
	{ "devices/system/memory/soft_offline_page", store_soft_offline },
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

	/* The writer is a shell of the top cpuset (nr_hugepages allocates). */
	set_current(e->m, NULL);
	if (!strncmp(path, "/sys/", 5))
		path += 5;
	for (size_t i = 0; i < NR_ELEMS(sysfs_files); i++) {
		if (!sysfs_match(sysfs_files[i].path, path, &nid))
			continue;
		if (nid != NUMA_NO_NODE && nid >= (int)m->nr_node_ids)
			break;
		return sysfs_files[i].store(e, rec, path, nid, vals[SYSFS_VALUE]);
	}
	if (!strncmp(path, "devices/system/memory/", 22))
		return sysfs_memory_store(e, rec, path, vals[SYSFS_VALUE]);	/* verbs_hotplug.c */
	if (!strncmp(path, MEMORY_NOTIFIER_INJECT_DIR, strlen(MEMORY_NOTIFIER_INJECT_DIR)))
		return sysfs_memory_notifier_inject(e, rec, path, vals[SYSFS_VALUE]);
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
