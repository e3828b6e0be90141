/*
 * mm/migrate_mode.h - how hard a migration may try (enum migrate_mode)
 * and why it happens (enum migrate_reason).
 *
 * Apart from mm/migrate.h because struct machine holds a driver callback
 * that takes a mode (the balloon's migratepage, mm/mmzone.h), and
 * mm/migrate.h needs struct machine.  Includes nothing.
 *
 * Linux counterpart: include/linux/migrate_mode.h.
 */
#ifndef MM_MIGRATE_MODE_H
#define MM_MIGRATE_MODE_H

/* Linux: enum migrate_mode, include/linux/migrate_mode.h */
enum migrate_mode {
	MIGRATE_ASYNC,		/* never block */
	MIGRATE_SYNC_LIGHT,	/* block, but not on writeback */
	MIGRATE_SYNC,		/* block */
	MIGRATE_SYNC_NO_COPY,	/* block; the copy happens elsewhere (DMA) */
};

/*
 * Why a migration happens.  Values and order as in 6.1 (the trace prints
 * them by name: mm/trace_schema.c).  Linux: enum migrate_reason,
 * include/linux/migrate_mode.h
 */
enum migrate_reason {
	MR_COMPACTION,
	MR_MEMORY_FAILURE,
	MR_MEMORY_HOTPLUG,
	MR_SYSCALL,		/* also cpuset */
	MR_MEMPOLICY_MBIND,
	MR_NUMA_MISPLACED,
	MR_CONTIG_RANGE,
	MR_LONGTERM_PIN,
	MR_DEMOTION,
	MR_TYPES
};

#endif /* MM_MIGRATE_MODE_H */
