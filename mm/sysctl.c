/*
 * mm/sysctl.c - the /proc/sys/vm knobs of mm/, and kernel.numa_balancing
 * with the NUMA scanner's tunables: one table row per knob with the
 * kernel's range, and the handler that recomputes what depends on it
 * (see mm/sysctl.h for the list).
 *
 * Invariant: a write out of range changes nothing.
 *
 * Linux counterpart: the vm_table entries of kernel/sysctl.c and the
 * handlers in mm/page_alloc.c (min_free_kbytes_sysctl_handler,
 * watermark_scale_factor_sysctl_handler,
 * percpu_pagelist_high_fraction_sysctl_handler), mm/vmstat.c
 * (vmstat_refresh) and mm/util.c (overcommit_policy_handler,
 * overcommit_ratio_handler, overcommit_kbytes_handler); kernel/sched/core.c
 * (sysctl_numa_balancing) and kernel/sched/debug.c (the numa_balancing
 * debugfs files).
 */
#include "mm/sysctl.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <string.h>

#include "mm/compaction.h"
#include "mm/internal.h"
#include "mm/numa_balancing.h"
#include "mm/vmstat_counters.h"
#include "mm/writeback.h"

struct vm_sysctl {
	const char *name;
	long min, max;
	int (*write)(struct machine *m, long value);
};

/* Linux: min_free_kbytes_sysctl_handler(): the user's value sticks. */
static int write_min_free_kbytes(struct machine *m, long value)
{
	m->vm.min_free_kbytes = (int)value;
	m->vm.user_min_free_kbytes = (int)value;
	setup_per_zone_wmarks(m);
	return 0;
}

/* Linux: watermark_scale_factor_sysctl_handler() */
static int write_watermark_scale_factor(struct machine *m, long value)
{
	m->vm.watermark_scale_factor = (int)value;
	setup_per_zone_wmarks(m);
	return 0;
}

static int write_watermark_boost_factor(struct machine *m, long value)
{
	m->vm.watermark_boost_factor = (int)value;
	return 0;
}

/* Linux: percpu_pagelist_high_fraction_sysctl_handler(): 0, or at least 8. */
static int write_percpu_pagelist_high_fraction(struct machine *m, long value)
{
	if (value != 0 && value < 8)
		return -EINVAL;
	m->vm.percpu_pagelist_high_fraction = (int)value;
	zone_pcp_update_all(m);
	return 0;
}

static int write_extfrag_threshold(struct machine *m, long value)
{
	m->vm.extfrag_threshold = (int)value;
	return 0;
}

/* Linux: sysctl_compaction_handler(), mm/compaction.c: any write compacts every node. */
static int write_compact_memory(struct machine *m, long value)
{
	(void)value;
	compact_nodes(m);
	return 0;
}

/* Linux: compaction_proactiveness_sysctl_handler(), mm/compaction.c */
static int write_compaction_proactiveness(struct machine *m, long value)
{
	m->vm.compaction_proactiveness = (int)value;
	kcompactd_proactiveness_changed(m);
	return 0;
}

/* Read by the next isolation (proc_dointvec_minmax_warn_RT_change). */
static int write_compact_unevictable_allowed(struct machine *m, long value)
{
	m->vm.compact_unevictable_allowed = (int)value;
	return 0;
}

/* Linux: proc_dointvec_jiffies on sysctl_stat_interval: read at the next re-arm. */
static int write_stat_interval(struct machine *m, long value)
{
	m->vm.stat_interval = (int)value;
	return 0;
}

/* Linux: vmstat_refresh(): any write folds every CPU's counters now. */
static int write_stat_refresh(struct machine *m, long value)
{
	vmstat_refresh(m);
	return 0;
}

/*
 * Linux: overcommit_policy_handler(), mm/util.c.  The kernel first shrinks
 * the committed counter's per-CPU batch for strict mode and folds it;
 * numasim's counter is exact, so the policy just changes.
 */
static int write_overcommit_memory(struct machine *m, long value)
{
	m->vm.overcommit_memory = (int)value;
	return 0;
}

/* Linux: overcommit_ratio_handler(): a ratio replaces any overcommit_kbytes. */
static int write_overcommit_ratio(struct machine *m, long value)
{
	m->vm.overcommit_ratio = (int)value;
	m->vm.overcommit_kbytes = 0;
	return 0;
}

/* Linux: overcommit_kbytes_handler(): any write, 0 too, zeroes the ratio. */
static int write_overcommit_kbytes(struct machine *m, long value)
{
	m->vm.overcommit_kbytes = (unsigned long)value;
	m->vm.overcommit_ratio = 0;
	return 0;
}

static int write_user_reserve_kbytes(struct machine *m, long value)
{
	m->vm.user_reserve_kbytes = (unsigned long)value;
	return 0;
}

static int write_admin_reserve_kbytes(struct machine *m, long value)
{
	m->vm.admin_reserve_kbytes = (unsigned long)value;
	return 0;
}

/* Linux: sysctl_numa_balancing(), kernel/sched/core.c */
static int write_numa_balancing(struct machine *m, long value)
{
	return numa_balancing_set_mode(m, value);
}

/* Linux: vm_swappiness, read by the next get_scan_count(). */
static int write_swappiness(struct machine *m, long value)
{
	m->vm.swappiness = (int)value;
	return 0;
}

/* Linux: sysctl_vfs_cache_pressure, read by the shrinkers' counts (vfs_pressure_ratio()). */
static int write_vfs_cache_pressure(struct machine *m, long value)
{
	m->vm.vfs_cache_pressure = (int)value;
	return 0;
}

static const struct vm_sysctl vm_sysctls[] = {
	{ "vm.min_free_kbytes", 0, 0x7fffffff, write_min_free_kbytes },
	{ "vm.watermark_scale_factor", 1, 3000, write_watermark_scale_factor },
	{ "vm.watermark_boost_factor", 0, 0x7fffffff, write_watermark_boost_factor },
	{ "vm.percpu_pagelist_high_fraction", 0, 0x7fffffff, write_percpu_pagelist_high_fraction },
	{ "vm.extfrag_threshold", 0, 1000, write_extfrag_threshold },
	{ "vm.compact_memory", INT_MIN, INT_MAX, write_compact_memory },
	{ "vm.compaction_proactiveness", 0, 100, write_compaction_proactiveness },
	{ "vm.compact_unevictable_allowed", 0, 1, write_compact_unevictable_allowed },
	{ "vm.stat_interval", 1, 86400, write_stat_interval },
	{ "vm.stat_refresh", LONG_MIN, LONG_MAX, write_stat_refresh },
	{ "vm.overcommit_memory", 0, 2, write_overcommit_memory },
	{ "vm.overcommit_ratio", INT_MIN, INT_MAX, write_overcommit_ratio },
	{ "vm.overcommit_kbytes", 0, LONG_MAX, write_overcommit_kbytes },
	{ "vm.user_reserve_kbytes", 0, LONG_MAX, write_user_reserve_kbytes },
	{ "vm.admin_reserve_kbytes", 0, LONG_MAX, write_admin_reserve_kbytes },
	{ "vm.swappiness", 0, 200, write_swappiness },
	{ "vm.vfs_cache_pressure", 0, INT_MAX, write_vfs_cache_pressure },
	{ "kernel.numa_balancing", NUMA_BALANCING_DISABLED, NUMA_BALANCING_MODE_MAX,
	  write_numa_balancing },
	{ "vm.dirty_background_ratio", 0, 100, dirty_background_ratio_write },
	{ "vm.dirty_background_bytes", 1, LONG_MAX, dirty_background_bytes_write },
	{ "vm.dirty_ratio", 0, 100, dirty_ratio_write },
	{ "vm.dirty_bytes", (long)(2 * PAGE_SIZE), LONG_MAX, dirty_bytes_write },
	{ "vm.dirty_writeback_centisecs", 0, INT_MAX, dirty_writeback_centisecs_write },
	{ "vm.dirty_expire_centisecs", 0, INT_MAX, dirty_expire_centisecs_write },
};

/*
 * The NUMA scanner's tunables, 6.1's u32 debugfs files: nothing to
 * recompute, the next scan and the next period read them, as the
 * kernel's do.
 */
static const struct {
	const char *name;
	long min, max;
	size_t offset;		/* of an unsigned int in struct machine */
} numab_tunables[] = {
	{ "kernel.numa_balancing_scan_delay_ms", 0, UINT_MAX,
	  offsetof(struct machine, numab.scan_delay_ms) },
	{ "kernel.numa_balancing_scan_period_min_ms", 0, UINT_MAX,
	  offsetof(struct machine, numab.scan_period_min_ms) },
	{ "kernel.numa_balancing_scan_period_max_ms", 0, UINT_MAX,
	  offsetof(struct machine, numab.scan_period_max_ms) },
	{ "kernel.numa_balancing_scan_size_mb", 1, NUMA_BALANCING_SCAN_SIZE_MB_MAX,
	  offsetof(struct machine, numab.scan_size_mb) },
};

static int numab_tunable_write(struct machine *m, const char *name, long value)
{
	for (size_t i = 0; i < sizeof(numab_tunables) / sizeof(numab_tunables[0]); i++) {
		if (strcmp(numab_tunables[i].name, name) != 0)
			continue;
		if (value < numab_tunables[i].min || value > numab_tunables[i].max)
			return -EINVAL;
		*(unsigned int *)((char *)m + numab_tunables[i].offset) = (unsigned int)value;
		return 0;
	}
	return -ENOENT;
}

int mm_sysctl_write(struct machine *m, const char *name, long value)
{
	for (size_t i = 0; i < sizeof(vm_sysctls) / sizeof(vm_sysctls[0]); i++) {
		const struct vm_sysctl *s = &vm_sysctls[i];

		if (strcmp(s->name, name) != 0)
			continue;
		if (value < s->min || value > s->max)
			return -EINVAL;
		return s->write(m, value);
	}
	return numab_tunable_write(m, name, value);
}
