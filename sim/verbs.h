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
 *
 * Processes (verbs_proc.c; values parsed by verbs_proc_parse.c):
 *   spawn pid=N [cpu=N] [name=S]       fork pid=N child=N
 *   exit pid=N                         sched pid=N cpu=N
 *   mmap pid=N [addr=A] len=L [anon | file=F [off=O]] [shared] [prot=P]
 *        [fixed | noreplace] [populate] [locked] [hugetlb] [noreserve] [id=NAME]
 *   munmap / munlock pid=N addr=A len=L
 *   mprotect pid=N addr=A len=L prot=P
 *   madvise pid=N addr=A len=L advice=dontneed|hugepage|nohugepage
 *   mlock pid=N addr=A len=L [onfault]
 *   touch pid=N addr=A [len=L] [write]
 *   pin id=NAME pid=N addr=A [len=L] [write] [longterm]
 *   get id=NAME pid=N addr=A [len=L] [write]           unpin id=NAME
 *   set_mempolicy pid=N mode=M [nodes=LIST] [static | relative]
 *   mbind pid=N addr=A len=L mode=M [nodes=LIST] [static | relative]
 *         [move] [move_all] [strict]
 *   sysfs path=PATH value=V                                 (verbs_sysfs.c)
 */
#ifndef SIM_VERBS_H
#define SIM_VERBS_H

#include "sim/engine.h"

extern const struct engine_verb verb_alloc;
extern const struct engine_verb verb_free;
extern const struct engine_verb verb_drain;
extern const struct engine_verb verb_sysctl;
extern const struct engine_verb verb_snapshot;

extern const struct engine_verb verb_spawn;
extern const struct engine_verb verb_fork;
extern const struct engine_verb verb_exit;
extern const struct engine_verb verb_sched;
extern const struct engine_verb verb_mmap;
extern const struct engine_verb verb_munmap;
extern const struct engine_verb verb_mprotect;
extern const struct engine_verb verb_madvise;
extern const struct engine_verb verb_mlock;
extern const struct engine_verb verb_munlock;
extern const struct engine_verb verb_touch;
extern const struct engine_verb verb_pin;
extern const struct engine_verb verb_get;
extern const struct engine_verb verb_unpin;
extern const struct engine_verb verb_set_mempolicy;
extern const struct engine_verb verb_mbind;
extern const struct engine_verb verb_sysfs;

/*
 * The /proc/sys/vm knobs of the process side (verbs_sysfs.c) (vm.nr_hugepages,
 * vm.nr_overcommit_hugepages, vm.drop_caches), which the sysctl verb tries
 * before mm_sysctl_write().  Returns 0, -EINVAL (value out of the kernel's
 * range) or -ENOENT (not one of these names).
 */
int proc_sysctl_write(struct machine *m, const char *name, long value);

/* Free what the process verbs keep in e (address names, pins). */
void verbs_proc_release(struct engine *e);

#endif /* SIM_VERBS_H */
