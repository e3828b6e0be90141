/*
 * sim/verbs.h - the verb families: one per subsystem, each in its own
 * sim/verbs_*.c file with its verbs' rows, handlers and state, and listed
 * in the registry, engine_families[] in sim/verbs.c.
 *
 * Each verb's row (struct engine_verb) is defined next to its handler, so
 * the list of keys and the handler's use of vals[] can never drift apart;
 * the family row lists the verb rows.  A new subsystem: a new
 * sim/verbs_*.c file with its family row, its declaration below and one
 * line in the registry.
 *
 * Verbs (see workloads/FORMAT.md and docs/cli.md for the full syntax):
 *
 * family_page (verbs_page.c): the page allocator; its state is the
 * allocation names (sim/alloc_ids.h) and the gfp cache (sim/args.h).
 *   alloc    id=NAME order=N gfp=FLAGS [node=N] [cpu=N] [pfn=P|none]
 *   free     id=NAME [cpu=N]  |  free pfn=P order=N [cpu=N]
 *   split    id=NAME
 *   extfrag  pfn=P alloc_order=N fallback_order=N alloc_mt=MT fallback_mt=MT
 *            change_ownership=0|1 [cpu=N]
 *   drain
 *   sysctl   vm.NAME=VALUE ...
 *
 * family_snapshot (verbs_snapshot.c): the names of the snapshots taken.
 *   snapshot name=NAME
 *
 * family_proc (verbs_proc.c): processes; its state is the address names
 * and the pins (struct proc_verbs_state).
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
 *
 * family_sysfs (verbs_sysfs.c): the tunables of the process side and
 * soft offlining; no state.
 *   sysfs path=PATH value=V
 *
 * family_balloon (verbs_balloon.c): the host's requests to the virtio
 * balloon; no state.
 *   balloon inflate=PAGES | deflate=PAGES [cpu=N]
 *
 * family_numa (verbs_numa.c): the NUMA system calls that move a task's
 * pages; its state is what the named calls returned (numa_calls()).
 *   migrate_pages pid=N from=NODES to=NODES [all] [id=NAME] [via=direct|swap]
 *   move_pages pid=N addr=A len=L [node=N] [all] [id=NAME]
 *   cpuset pid=N mems=NODES [migrate]
 *
 * family_oom (verbs_oom.c): the OOM killer; its state is the tasks the
 * trace expects may be killed, and the events of killed tasks dropped.
 *   oom_score_adj pid=N value=V        oom_expect pid=N
 *
 * family_slab (verbs_slab.c): the kernel object caches; its state is the
 * object names.
 *   kmalloc id=NAME size=BYTES [gfp=FLAGS] [node=N] [cpu=N]
 *   kfree id=NAME [cpu=N]
 *   cache_alloc cache=NAME id=NAME [gfp=FLAGS] [node=N] [cpu=N] [pinned]
 *   cache_free id=NAME [cpu=N]
 *
 * family_hotplug (verbs_hotplug.c): memory hotplug; no state.
 *   hotadd node=N size=S [addr=A]      hotremove addr=A size=S
 *
 * family_file (verbs_file.c): file I/O through the page cache; no state
 * (the files and their readahead states live in the machine).
 *   read / write pid=N file=NAME off=O len=L     fsync pid=N file=NAME
 *   truncate pid=N file=NAME len=L               unlink file=NAME
 *   fadvise pid=N file=NAME off=O len=L advice=normal|random|sequential|willneed|dontneed
 *
 * family_contig (verbs_contig.c): contiguous allocation; its state is the
 * names of the ranges held.
 *   alloc_contig id=NAME pages=N [node=N]          free_contig id=NAME
 * family_cma (verbs_cma.c): the contiguous memory allocator; its state is
 * what each named cma_alloc got.
 *   cma_alloc id=NAME [area=NAME] count=PAGES [align=ORDER]
 *   cma_release id=NAME
 */
#ifndef SIM_VERBS_H
#define SIM_VERBS_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/engine.h"
#include "sim/names.h"

extern const struct engine_family family_page;
extern const struct engine_family family_snapshot;
extern const struct engine_family family_proc;
extern const struct engine_family family_sysfs;
extern const struct engine_family family_balloon;
extern const struct engine_family family_numa;
extern const struct engine_family family_oom;
extern const struct engine_family family_slab;
extern const struct engine_family family_file;
extern const struct engine_family family_contig;
extern const struct engine_family family_hotplug;
extern const struct engine_family family_cma;

/* ---- what one family offers the others and the program ---- */

/*
 * What the page family counts of a trace that carries the traced kernel's
 * choices (alloc pfn=, free pfn=, extfrag; verbs_follow.c), for the
 * comparison "numasim vs the traced kernel" of a demand replay.  Pages
 * are placed by zone as the simulated machine lays memory out.
 */
struct traced_counts {
	bool present;				/* some record carried pfn= or was extfrag */
	unsigned long alloc[MAX_ORDER];		/* alloc pfn=P: the kernel's successes */
	unsigned long fail[MAX_ORDER];		/* alloc pfn=none */
	unsigned long sim_alloc[MAX_ORDER];	/* numasim's outcome of the same records */
	unsigned long sim_fail[MAX_ORDER];
	unsigned long zone_pages[MAX_NUMNODES][MAX_NR_ZONES];	/* where the kernel put them */
	unsigned long outside_pages;		/* ... at pfns outside this machine's memory */
	unsigned long sim_zone_pages[MAX_NUMNODES][MAX_NR_ZONES];	/* where numasim did */
	unsigned long extfrag[MIGRATE_TYPES][MIGRATE_TYPES];	/* [alloc_mt][fallback_mt] */
	unsigned long extfrag_fragmenting;	/* fallback_order < pageblock_order */
	unsigned long extfrag_change_ownership;
	unsigned long pretrace_frees;		/* free pfn=: the trace's frees of earlier blocks */
};

/* The page family's traced counts (verbs_follow.c). */
const struct traced_counts *page_traced_counts(const struct engine *e);

/*
 * The /proc/sys/vm knobs of the process side (verbs_sysfs.c) (vm.nr_hugepages,
 * vm.nr_overcommit_hugepages, vm.drop_caches), which the sysctl verb tries
 * before mm_sysctl_write().  Returns 0, -EINVAL (value out of the kernel's
 * range) or -ENOENT (not one of these names).
 */
int proc_sysctl_write(struct machine *m, const char *name, long value);

/*
 * sysfs path=devices/system/memory/... (verbs_hotplug.c): a memory block's
 * state or online file, or auto_online_blocks; path without "/sys/".
 */
enum engine_status sysfs_memory_store(struct engine *e, const struct trace_record *rec,
				      const char *path, const char *value);

/*
 * The memory notifier error injector of debugfs (verbs_hotplug.c):
 * MEMORY_NOTIFIER_INJECT_DIR "MEM_GOING_OFFLINE/error" (or ONLINE), a
 * negative errno the notifier answers with, 0 to answer nothing.
 */
#define MEMORY_NOTIFIER_INJECT_DIR	"kernel/debug/notifier-error-inject/memory/actions/"
enum engine_status sysfs_memory_notifier_inject(struct engine *e, const struct trace_record *rec,
						const char *path, const char *value);

/* The names of the snapshots taken so far, in order (*nr of them). */
char *const *snapshot_names(const struct engine *e, size_t *nr);

/* ---- the process family's helpers (verbs_proc.c), for verbs_numa.c ---- */

struct task_struct;

/* pid=N of a task that exists ("unknown pid 7" otherwise). */
enum engine_status proc_parse_task(struct engine *e, const struct trace_record *rec,
				   const char *text, struct task_struct **out);

/*
 * A system call failed with ret: "CALL: ERRNO: why", an input error; an
 * errno the real call never returns here is an internal error.
 */
enum engine_status proc_call_failed(struct engine *e, const struct trace_record *rec,
				    const char *call, int ret, const char *why);

/* pid=, addr=, len= are the first three keys of every range verb. */
enum { PROC_RANGE_PID, PROC_RANGE_ADDR, PROC_RANGE_LEN };

struct proc_range {
	struct task_struct *t;
	uint64_t addr;
	uint64_t len;
};

/* pid, addr (addr=@NAME too) and len; len_default stands in for an absent len=. */
enum engine_status proc_parse_range(struct engine *e, const struct trace_record *rec,
				    const char *const *vals, uint64_t len_default,
				    struct proc_range *r);

/*
 * The pages [*first, *last] that bytes [addr, addr + len) lie in; len
 * must be at least 1 and the range may not wrap.
 */
enum engine_status proc_span_pages(struct engine *e, const struct trace_record *rec,
				   const struct proc_range *r, uint64_t *first, uint64_t *last);

/*
 * What a migrate_pages or move_pages call named with id= returned
 * (verbs_numa.c), for results.json.  The statuses of move_pages are
 * counted by value: a node, one of the errors, or unset (an entry the
 * call did not store, left as the caller had it).
 */
enum numa_status {
	NUMA_STATUS_EFAULT, NUMA_STATUS_ENOENT, NUMA_STATUS_EACCES, NUMA_STATUS_EBUSY,
	NR_NUMA_STATUS
};

/* "-EFAULT", ...: the names results.json gives them. */
extern const char *const numa_status_names[NR_NUMA_STATUS];

struct numa_call {
	char *id;
	bool move_pages;			/* else migrate_pages */
	bool all;				/* MPOL_MF_MOVE_ALL (CAP_SYS_NICE) */
	long ret;				/* the call's return value */
	nodemask_t from, to;			/* migrate_pages */
	int node;				/* move_pages: the target; NUMA_NO_NODE: a query */
	unsigned long nr_pages;			/* move_pages: the entries */
	unsigned long on_node[MAX_NUMNODES];	/* entries whose status is that node */
	unsigned long errors[NR_NUMA_STATUS];	/* entries whose status is that error */
	unsigned long unset;			/* entries the call left alone */
};

/* The named calls in the order they were made (*nr of them). */
const struct numa_call *numa_calls(const struct engine *e, size_t *nr);

/* What the process verbs keep across events. */
struct proc_verbs_state {
	struct name_table addr_names;	/* mmap id=NAME -> address (addr=@NAME) */
	struct name_table pins;		/* pin/get id=NAME -> the pinned pages */
};

static inline struct proc_verbs_state *proc_verbs_state(const struct engine *e)
{
	return engine_family_state(e, &family_proc);
}

/* Events of tasks the OOM killer killed that the trace expected, dropped. */
unsigned long oom_skipped_events(const struct engine *e);

#endif /* SIM_VERBS_H */
