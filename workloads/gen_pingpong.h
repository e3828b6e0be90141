/*
 * workloads/gen_pingpong.h - the kernel selftest of page migration
 * (tools/testing/selftests/vm/migration.c, 6.1) as a trace:
 * `numasim gen migration-pingpong`.
 *
 * The selftest maps 2 MiB, writes it, starts accessors that keep reading
 * its first word, and moves the page holding that word between two nodes
 * with move_pages(MPOL_MF_MOVE_ALL) as fast as it can for 60 s; any move
 * that fails fails the test.  Its three cases:
 *
 *   private   private anonymous memory; the accessors are threads
 *   shared    shared anonymous memory; the accessors are forked processes
 *   thp       a 2 MiB-aligned private region with MADV_HUGEPAGE: the page
 *             is a THP, moved whole (its PMD migration entries)
 *
 * The trace makes a fixed number of moves instead of running 60 s, and
 * between two moves every accessor reads the word once (numasim has no
 * threads: a private case's accessors are reads by the task itself, on
 * the CPUs the selftest's threads would use in turn).
 *
 * The output is a pure function of the parameters.
 */
#ifndef WORKLOADS_GEN_PINGPONG_H
#define WORKLOADS_GEN_PINGPONG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum gen_pingpong_kind {
	GEN_PINGPONG_PRIVATE,	/* "private": TEST_F(migration, private_anon) */
	GEN_PINGPONG_SHARED,	/* "shared": TEST_F(migration, shared_anon) */
	GEN_PINGPONG_THP,	/* "thp": TEST_F(migration, private_anon_thp) */
	GEN_PINGPONG_KINDS,
};

#define GEN_PINGPONG_MAX_MOVES		10000000u
#define GEN_PINGPONG_MAX_ACCESSORS	255u
#define GEN_PINGPONG_MAX_NODE		63
#define GEN_PINGPONG_MAX_PID		2147483647u

struct gen_pingpong_params {
	enum gen_pingpong_kind kind;
	unsigned int moves;		/* move_pages() calls */
	unsigned int accessors;		/* readers between moves (the selftest: CPUs - 2) */
	int node1, node2;		/* the page starts on node1, the first move is to node2 */
	unsigned int pid;		/* the migrating task; forked accessors get pid + 1 ... */
	unsigned int cpu;		/* its CPU */
};

/* private, 100 moves, 1 accessor, nodes 0 and 1, pid 1000 on CPU 0. */
void gen_pingpong_default_params(struct gen_pingpong_params *p);

/* "private", "shared" or "thp" to its kind; -1 for any other name. */
int gen_pingpong_parse_kind(const char *name, enum gen_pingpong_kind *kind);

/* The name of kind. */
const char *gen_pingpong_kind_name(enum gen_pingpong_kind kind);

/* NULL if p is usable, else a message naming the bad parameter. */
const char *gen_pingpong_check(const struct gen_pingpong_params *p);

/* Write the trace to out: 0, or -1 for bad parameters or a failed write. */
int gen_pingpong_write(FILE *out, const struct gen_pingpong_params *p);

/* gen_pingpong_write() as a gen_write_fn (workloads/gen_memory.h). */
int gen_pingpong_writer(FILE *out, const void *params);

#endif /* WORKLOADS_GEN_PINGPONG_H */
