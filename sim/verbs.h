/*
 * sim/verbs.h - the rows of the engine's verb table, one per trace verb.
 *
 * Each row (struct engine_verb) is defined next to its handler, so the list
 * of keys and the handler's use of vals[] can never drift apart.  The table
 * itself, engine_verbs[] in sim/engine.c, lists these rows.
 *
 * Verbs (see workloads/FORMAT.md and docs/cli.md for the full syntax):
 *   alloc    id=NAME order=N gfp=FLAGS [node=N] [cpu=N]      (verbs_page.c)
 *   free     id=NAME [cpu=N]                                (verbs_page.c)
 *   drain                                                   (verbs_page.c)
 *   sysctl   vm.NAME=VALUE ...                              (verbs_page.c)
 *   snapshot name=NAME                                      (engine.c)
 */
#ifndef SIM_VERBS_H
#define SIM_VERBS_H

#include "sim/engine.h"

extern const struct engine_verb verb_alloc;
extern const struct engine_verb verb_free;
extern const struct engine_verb verb_drain;
extern const struct engine_verb verb_sysctl;
extern const struct engine_verb verb_snapshot;

#endif /* SIM_VERBS_H */
