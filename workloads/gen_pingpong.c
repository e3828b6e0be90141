/*
 * workloads/gen_pingpong.c - the migration selftest as a trace
 * (gen_pingpong.h).
 *
 * What the selftest does, and the events for each step:
 *
 *   ptr = mmap(2 MiB, rw, MAP_PRIVATE or MAP_SHARED | MAP_ANONYMOUS)
 *	spawn pid=P cpu=C name=migration, mmap pid=P len=2M [shared] id=buf
 *   thp: a 2 MiB-aligned 2 MiB of a 4 MiB mapping, madvise(MADV_HUGEPAGE)
 *	mmap pid=P addr=0x200000000 len=2M noreplace id=buf (the aligned
 *	part at a fixed address), madvise pid=P addr=@buf len=2M advice=hugepage
 *   memset(ptr, 0xde, 2 MiB)
 *	touch pid=P addr=@buf len=2M write
 *   shared: fork the accessors (they read ptr until killed)
 *	fork pid=P child=P+i
 *   loop: move_pages(0, 1, &ptr, &n2, &status, MPOL_MF_MOVE_ALL), swap
 *   n1 and n2; the accessors keep reading ptr
 *	move_pages pid=P addr=@buf len=4K node=N all, then one read of ptr
 *	per accessor: touch pid=A addr=@buf (A = P for the threads of the
 *	private cases, the child's pid in the shared case)
 *   the accessors are cancelled or killed
 *	exit pid=P+i, snapshot name=end, exit pid=P
 *
 * The selftest runs 60 s and fails on the first move that does not
 * succeed; here a fixed number of moves, and the replay's pgmigrate_fail
 * (0) and pgmigrate_success (one page, or 512 for the THP, per move) are
 * what it checks.
 *
 * Invariants: the output is a pure function of the parameters; every line
 * is an event of workloads/FORMAT.md, a snapshot or a comment.
 *
 * Kernel counterpart: none; the events stand for the selftest's system
 * calls and memory accesses (tools/testing/selftests/vm/migration.c).
 */
#include "workloads/gen_pingpong.h"
#include "workloads/gen_memory.h"

#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#define PINGPONG_THP_ADDR	0x200000000ull	/* 2 MiB aligned, below the mmap area */
#define PINGPONG_DEFAULT_MOVES	100u
#define PINGPONG_DEFAULT_PID	1000u

static const char *const pingpong_kind_names[GEN_PINGPONG_KINDS] = {
	[GEN_PINGPONG_PRIVATE] = "private",
	[GEN_PINGPONG_SHARED] = "shared",
	[GEN_PINGPONG_THP] = "thp",
};

/* The selftest's own name of each case. */
static const char *const pingpong_test_names[GEN_PINGPONG_KINDS] = {
	[GEN_PINGPONG_PRIVATE] = "private_anon",
	[GEN_PINGPONG_SHARED] = "shared_anon",
	[GEN_PINGPONG_THP] = "private_anon_thp",
};

struct pingpong_out {
	FILE *f;
	const struct gen_pingpong_params *p;
	bool error;
};

__attribute__((format(printf, 2, 3)))
static void out_line(struct pingpong_out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (vfprintf(o->f, fmt, ap) < 0)
		o->error = true;
	va_end(ap);
	if (fputc('\n', o->f) == EOF)
		o->error = true;
}

static void pingpong_header(struct pingpong_out *o)
{
	const struct gen_pingpong_params *p = o->p;

	out_line(o, "numasim-trace v1");
	out_line(o, "# The page migration selftest (selftests/vm/migration.c), case %s:",
		 pingpong_test_names[p->kind]);
	out_line(o, "# pid %u on CPU %u moves the page of its buffer's first word between nodes "
		 "%d and %d", p->pid, p->cpu, p->node1, p->node2);
	out_line(o, "# %u times with move_pages(MPOL_MF_MOVE_ALL); after each move %u %s %s it.",
		 p->moves, p->accessors, p->kind == GEN_PINGPONG_SHARED ? "forked" : "thread",
		 p->accessors == 1 ? "reads" : "accessors read");
	out_line(o, "# The selftest passes when no move fails: pgmigrate_fail stays 0.");
}

/* The buffer, written, and the shared case's accessor processes. */
static void pingpong_setup(struct pingpong_out *o)
{
	const struct gen_pingpong_params *p = o->p;

	out_line(o, "spawn pid=%u cpu=%u name=migration", p->pid, p->cpu);
	if (p->kind == GEN_PINGPONG_THP) {
		out_line(o, "mmap pid=%u addr=0x%llx len=2M noreplace id=buf", p->pid,
			 PINGPONG_THP_ADDR);
		out_line(o, "madvise pid=%u addr=@buf len=2M advice=hugepage", p->pid);
	} else {
		out_line(o, "mmap pid=%u len=2M%s id=buf", p->pid,
			 p->kind == GEN_PINGPONG_SHARED ? " shared" : "");
	}
	out_line(o, "touch pid=%u addr=@buf len=2M write", p->pid);
	if (p->kind == GEN_PINGPONG_SHARED)
		for (unsigned int i = 1; i <= p->accessors; i++)
			out_line(o, "fork pid=%u child=%u", p->pid, p->pid + i);
}

static void pingpong_moves(struct pingpong_out *o)
{
	const struct gen_pingpong_params *p = o->p;

	for (unsigned int k = 0; k < p->moves && !o->error; k++) {
		out_line(o, "move_pages pid=%u addr=@buf len=4K node=%d all", p->pid,
			 k % 2 ? p->node1 : p->node2);
		for (unsigned int i = 1; i <= p->accessors; i++)
			out_line(o, "touch pid=%u addr=@buf",
				 p->kind == GEN_PINGPONG_SHARED ? p->pid + i : p->pid);
	}
}

static void pingpong_finish(struct pingpong_out *o)
{
	const struct gen_pingpong_params *p = o->p;

	if (p->kind == GEN_PINGPONG_SHARED)
		for (unsigned int i = 1; i <= p->accessors; i++)
			out_line(o, "exit pid=%u", p->pid + i);
	out_line(o, "snapshot name=end");
	out_line(o, "exit pid=%u", p->pid);
}

/* ---- the interface ---- */

void gen_pingpong_default_params(struct gen_pingpong_params *p)
{
	memset(p, 0, sizeof(*p));
	p->kind = GEN_PINGPONG_PRIVATE;
	p->moves = PINGPONG_DEFAULT_MOVES;
	p->accessors = 1;
	p->node1 = 0;
	p->node2 = 1;
	p->pid = PINGPONG_DEFAULT_PID;
}

int gen_pingpong_parse_kind(const char *name, enum gen_pingpong_kind *kind)
{
	int i = gen_name_index(pingpong_kind_names, GEN_PINGPONG_KINDS, name);

	if (i < 0)
		return -1;
	*kind = (enum gen_pingpong_kind)i;
	return 0;
}

const char *gen_pingpong_kind_name(enum gen_pingpong_kind kind)
{
	return gen_name_of(pingpong_kind_names, GEN_PINGPONG_KINDS, (int)kind);
}

const char *gen_pingpong_check(const struct gen_pingpong_params *p)
{
	if ((unsigned int)p->kind >= GEN_PINGPONG_KINDS)
		return "kind: must be private, shared or thp";
	if (p->moves < 1 || p->moves > GEN_PINGPONG_MAX_MOVES)
		return "moves: must be between 1 and 10000000";
	if (p->accessors > GEN_PINGPONG_MAX_ACCESSORS)
		return "accessors: must be at most 255";
	if (p->node1 < 0 || p->node1 > GEN_PINGPONG_MAX_NODE || p->node2 < 0 ||
	    p->node2 > GEN_PINGPONG_MAX_NODE)
		return "nodes: must be between 0 and 63";
	if (p->node1 == p->node2)
		return "nodes: the two nodes must differ";
	if (p->pid < 1 || p->pid > GEN_PINGPONG_MAX_PID - p->accessors)
		return "pid: the task's and the accessors' pids must be between 1 and 2147483647";
	return NULL;
}

int gen_pingpong_write(FILE *out, const struct gen_pingpong_params *p)
{
	struct pingpong_out o = { .f = out, .p = p };

	if (gen_pingpong_check(p))
		return -1;
	pingpong_header(&o);
	pingpong_setup(&o);
	pingpong_moves(&o);
	pingpong_finish(&o);
	if (fflush(out) != 0)
		o.error = true;
	return o.error ? -1 : 0;
}

int gen_pingpong_writer(FILE *out, const void *params)
{
	return gen_pingpong_write(out, params);
}
