/*
 * sim/explain.h - sentences for the events of mm/explain.h, and the
 * narration they make: `explain` in `numasim shell`, `run --explain FILE`.
 *
 * A template is the sentence for one event name.  It names the event's
 * fields in braces, {key} for the number as it is or {key:FORMAT} for one
 * of these formats:
 *
 *   migratetype  Unmovable, Movable, Reclaimable, HighAtomic, CMA, Isolate
 *   zone         the zone's name (the field is a zone index, zid)
 *   yesno        "yes" / "no"
 *   okfail       "passes" / "fails"
 *   kb           a number of pages, printed as kB
 *   mode         a migrate_mode (MIGRATE_ASYNC ...)
 *   reason       a migrate_reason (compaction, syscall_or_cpuset ...)
 *   compact      a compact_result (COMPACT_SKIPPED ...)
 *   gfp          gfp flags, as the kernel's tracepoints print them
 *   errno        a negative errno, by its name (-EAGAIN ...)
 *
 * Each area keeps its sentences in its own table, ended by a { NULL }
 * entry: allocation and free (sim/explain_alloc.c), migration
 * (sim/explain_migrate.c), compaction, CMA and offlining
 * (sim/explain_compact.c).  An event nobody wrote a sentence for prints
 * as "function(): name key=value ...".
 *
 * No kernel counterpart.
 */
#ifndef SIM_EXPLAIN_H
#define SIM_EXPLAIN_H

#include "mm/explain.h"

struct explain_template {
	const char *name;	/* the event's name */
	const char *text;	/* its sentence, with {key} and {key:FORMAT} */
};

extern const struct explain_template explain_alloc_templates[];
extern const struct explain_template explain_migrate_templates[];
extern const struct explain_template explain_compact_templates[];

#endif /* SIM_EXPLAIN_H */
