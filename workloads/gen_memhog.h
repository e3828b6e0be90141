/*
 * workloads/gen_memhog.h - the trace of the reference recordings' memhog
 * program: `numasim gen memhog`.
 *
 * memhog (shared oracle: workload-2node/memhog.c) is the small C program
 * the recorded workload phases ran: it maps anonymous memory, optionally
 * madvises and binds it, writes every page, optionally frees every page
 * not on a stride with MADV_DONTNEED, and optionally forks children that
 * copy-on-write their share.  The generator writes what one memhog run
 * does, event for event, in the trace verbs of workloads/FORMAT.md, so a
 * recorded phase can be replayed:
 *
 *   memhog -m 768 -f 2 -k 2          numasim gen memhog --mb 768 --stride 2 --forks 2
 *   memhog -m 512 -T thp -k 1        numasim gen memhog --mb 512 --thp thp --forks 1
 *   memhog -m 256 -n 0               numasim gen memhog --mb 256 --bind-node 0
 *   memhog -m 256 -n 0 -M 1          numasim gen memhog --mb 256 --bind-node 0 --move-pages-to 1
 *
 * and what the recordings' shell did to a sleeping memhog:
 *
 *   migratepages PID 0 1             numasim gen memhog ... --migrate-to 1
 *
 * The output is a pure function of the parameters.
 */
#ifndef WORKLOADS_GEN_MEMHOG_H
#define WORKLOADS_GEN_MEMHOG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* memhog -T: which madvise() the region gets before it is written. */
enum gen_memhog_thp {
	GEN_MEMHOG_NOTHP,	/* "nothp": MADV_NOHUGEPAGE (memhog's default) */
	GEN_MEMHOG_THP,		/* "thp": MADV_HUGEPAGE */
	GEN_MEMHOG_THP_DEFAULT,	/* "default": no madvise, the system's THP mode rules */
	GEN_MEMHOG_THP_MODES,
};

#define GEN_MEMHOG_MAX_MB	(1ull << 20)	/* 1 TiB */
#define GEN_MEMHOG_MAX_STRIDE	UINT32_MAX
#define GEN_MEMHOG_MAX_FORKS	65536u
#define GEN_MEMHOG_MAX_NODE	63		/* memhog's node mask holds 64 nodes */
#define GEN_MEMHOG_MAX_CPU	4095u
#define GEN_MEMHOG_MAX_PID	2147483647u	/* the trace's pid range; children included */
#define GEN_MEMHOG_NO_NODE	(-1)

struct gen_memhog_params {
	uint64_t mb;			/* -m: MiB to map and write */
	enum gen_memhog_thp thp;	/* -T */
	uint64_t stride;		/* -f: 0 or 1 free nothing */
	unsigned int nr_forks;		/* -k: children pid+1 .. pid+nr_forks */
	int bind_node;			/* -n: GEN_MEMHOG_NO_NODE for no mbind() */
	int move_pages_node;		/* -M: GEN_MEMHOG_NO_NODE for no move_pages() */
	/* migratepages PID FROM TO while memhog sleeps; GEN_MEMHOG_NO_NODE: not run */
	int migrate_to_node;
	int migrate_from_node;		/* FROM; GEN_MEMHOG_NO_NODE: the -n node */
	unsigned int pid;		/* memhog's pid in the trace */
	unsigned int cpu;		/* the CPU it runs on (the children inherit it) */
};

/*
 * memhog's own defaults (256 MiB, nothp, no stride, no forks, no binding),
 * as pid 1000 on CPU 0.
 */
void gen_memhog_default_params(struct gen_memhog_params *p);

/* "thp", "nothp" or "default" to its mode; -1 for any other name. */
int gen_memhog_parse_thp(const char *name, enum gen_memhog_thp *mode);

/* The name of mode, as memhog's -T takes it. */
const char *gen_memhog_thp_name(enum gen_memhog_thp mode);

/* NULL if p is usable, else a message naming the bad parameter. */
const char *gen_memhog_check(const struct gen_memhog_params *p);

/*
 * Write the trace to out.  Returns 0, or -1 if the parameters are bad
 * (see gen_memhog_check()) or a write fails.
 */
int gen_memhog_write(FILE *out, const struct gen_memhog_params *p);

/* gen_memhog_write() as a gen_write_fn (workloads/gen_memory.h), for generic writers. */
int gen_memhog_writer(FILE *out, const void *params);

/*
 * The same into a malloc'ed buffer: *text is NUL-terminated, *len excludes
 * the NUL, the caller frees *text.  Returns 0 or -1 (nothing to free then).
 */
int gen_memhog_write_memory(const struct gen_memhog_params *p, char **text, size_t *len);

#endif /* WORKLOADS_GEN_MEMHOG_H */
