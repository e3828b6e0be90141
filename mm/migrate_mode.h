/*
 * mm/migrate_mode.h - how hard a migration may try (enum migrate_mode).
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

#endif /* MM_MIGRATE_MODE_H */
