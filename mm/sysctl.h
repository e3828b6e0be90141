/*
 * mm/sysctl.h - writing the /proc/sys/vm knobs of a running machine, and
 * kernel.numa_balancing with the NUMA scanner's tunables.
 *
 * A trace's "sysctl vm.NAME=VALUE" or "sysctl kernel.numa_balancing...=VALUE"
 * event lands here.  The write is checked the way the kernel's proc handler
 * checks it (the range of the table entry), stored in machine->vm or
 * machine->numab, and the derived state is recomputed exactly as the
 * kernel's handler does (watermarks, per-CPU list sizes, the scanner's
 * ticks).
 *
 * Names and ranges (Linux 6.1):
 *   vm.min_free_kbytes                 >= 0
 *   vm.watermark_scale_factor          1..3000
 *   vm.watermark_boost_factor          >= 0
 *   vm.percpu_pagelist_high_fraction   0 or >= 8
 *   vm.extfrag_threshold               0..1000
 *   vm.compact_memory                  any value: compact every node now
 *   vm.compaction_proactiveness        0..100; a write of non-zero wakes
 *                                      every kcompactd's proactive check
 *   vm.compact_unevictable_allowed     0..1
 *   vm.stat_interval                   1..86400 seconds (the kernel takes
 *                                      any; 0 would run vmstat_update
 *                                      without end at one instant here)
 *   vm.stat_refresh                    any value: fold every CPU's
 *                                      counters now (vmstat_refresh())
 *   vm.overcommit_memory               0..2 (proc_dointvec_minmax)
 *   vm.overcommit_ratio                any int (proc_dointvec); zeroes
 *                                      vm.overcommit_kbytes
 *   vm.overcommit_kbytes               >= 0 (proc_doulongvec_minmax);
 *                                      zeroes vm.overcommit_ratio
 *   vm.user_reserve_kbytes,
 *   vm.admin_reserve_kbytes            >= 0 (proc_doulongvec_minmax)
 *   (the kernel's unsigned long knobs take up to 2^64 - 1; the trace's
 *   numbers stop at 2^63 - 1)
 *   vm.swappiness                      0..200 (read by get_scan_count())
 *   vm.vfs_cache_pressure              >= 0 (read by the shrinkers)
 *   vm.dirty_background_ratio,
 *   vm.dirty_ratio                     0..100 (a background ratio write
 *                                      zeroes dirty_background_bytes, a
 *                                      changed dirty_ratio dirty_bytes)
 *   vm.dirty_background_bytes          >= 1, vm.dirty_bytes >= 8192 (two
 *                                      pages); either zeroes its ratio;
 *                                      more than 2^32 - 1 pages is refused
 *                                      (the kernel's -ERANGE)
 *   vm.dirty_writeback_centisecs       0..2^31 - 1 (0: no periodic
 *                                      writeback; a new non-zero value
 *                                      wakes the flusher)
 *   vm.dirty_expire_centisecs          0..2^31 - 1
 *   kernel.numa_balancing              0..4 (proc_dointvec_minmax, extra2
 *                                      SYSCTL_FOUR): 0 off, 1 normal,
 *                                      2 memory tiering, 3 both
 *   kernel.numa_balancing_scan_delay_ms,
 *   kernel.numa_balancing_scan_period_min_ms,
 *   kernel.numa_balancing_scan_period_max_ms
 *                                      0..4294967295 (6.1's debugfs u32
 *                                      files, which truncate larger values)
 *   kernel.numa_balancing_scan_size_mb 1..16777215 (0 divides by zero in
 *                                      the kernel's task_scan_min(), from
 *                                      2^24 its page count wraps)
 *
 * Linux counterpart: the vm_table entries in kernel/sysctl.c and
 * vm_page_writeback_sysctls in mm/page-writeback.c (and
 * mm/page_alloc.c: min_free_kbytes_sysctl_handler(),
 * watermark_scale_factor_sysctl_handler(),
 * percpu_pagelist_high_fraction_sysctl_handler(); mm/util.c: the
 * overcommit handlers); the kern_table entry of kernel.numa_balancing
 * (sysctl_numa_balancing(), kernel/sched/core.c) and the
 * numa_balancing files of kernel/sched/debug.c.
 */
#ifndef MM_SYSCTL_H
#define MM_SYSCTL_H

#include "mm/mmzone.h"

/*
 * Write value to the sysctl called name ("vm.min_free_kbytes").  Returns 0,
 * -ENOENT if there is no such sysctl, or -EINVAL if value is out of its range
 * (the machine is then unchanged).
 */
int mm_sysctl_write(struct machine *m, const char *name, long value);

#endif /* MM_SYSCTL_H */
