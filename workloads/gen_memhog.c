/*
 * workloads/gen_memhog.c - the trace of one memhog run (gen_memhog.h).
 *
 * memhog's main() does, in this order (the events we write for each step):
 *
 *   mmap(len = MB MiB, rw, MAP_PRIVATE|MAP_ANONYMOUS)
 *	spawn pid=P cpu=C name=memhog, mmap pid=P len=MBM id=hog
 *   madvise(MADV_HUGEPAGE or MADV_NOHUGEPAGE) unless -T is neither
 *	madvise pid=P addr=@hog len=MBM advice=hugepage|nohugepage
 *   mbind(MPOL_BIND, node) with -n
 *	mbind pid=P addr=@hog len=MBM mode=bind nodes=N
 *   for (i = 0; i < npages; i++) base[i * PG] = i;
 *	touch pid=P addr=@hog len=MBM write: one write per page, in address
 *	order, which is what the touch verb does
 *   with -f S, S > 1: for each i in order with i % S != 0,
 *   madvise(base + i * PG, PG, MADV_DONTNEED)
 *	one 4 KiB madvise per page, so the frees come in the recorded order
 *   with -k K: K forks; child c writes base[j * PG] for j in
 *   [c * share, (c + 1) * share), share = npages / K, skipping j % S != 0
 *   when S > 1, then _exit()s; the parent waits for all of them
 *	fork pid=P child=P+1+c, then one touch for the whole share (S <= 1)
 *	or one 4 KiB touch per written page, then exit pid=P+1+c
 *   the parent exits
 *	snapshot name=hog-done, exit pid=P, snapshot name=end
 *
 * The children's order: memhog forks all of them in one loop and only
 * then waits, so on a real machine they run concurrently and their writes
 * interleave as the scheduler pleases (the recording's anon_frag log even
 * shows child 1 finishing before child 0).  No order is the recorded one,
 * so the trace takes the simplest: fork child c, child c writes its share,
 * child c exits, then the next fork.  Each child writes only pages that
 * it shares with the parent, so every write copies either way and the
 * final state is the same; what differs is how many copies are alive at
 * once (here at most one child's), and which freed copies the next
 * child's allocations reuse.
 *
 *   node_hist("placement") after the writes and frees: malloc()s pages[]
 *   (8 bytes a page) and status[] (4 bytes a page) for every page of the
 *   region, fills pages[] with the addresses kept, asks move_pages()
 *   without nodes where they are (the kernel writes status[]), frees both
 *	mmap id=hist-pages, touch of what pages[] holds, mmap id=hist-status,
 *	move_pages pid=P addr=@hog len=MBM id=placement-P (the query; left out
 *	with a stride, where memhog asks page by page and nothing changes),
 *	touch of what status[] holds, munmap of both
 *   with -M N: move_pages() of every page left (j % S == 0 with a stride)
 *   to node N, MPOL_MF_MOVE, its pages[], nodes[] and status[] malloc'ed
 *   alike, then node_hist("after-move"), then the three arrays freed
 *	the arrays as above (ids move-pages-array, move-nodes-array,
 *	move-status-array), move_pages pid=P addr=@hog len=MBM node=N
 *	id=move-pages: one call for the region (S <= 1), else one 4 KiB call
 *	per page kept
 *
 * The arrays: glibc's malloc() maps a request above its mmap threshold
 * (128 KiB to start with) on its own, a 16-byte chunk header before the
 * data; each array is faulted in by the writes into it (the header page
 * by malloc itself), on memhog's CPU's node, as its task policy is the
 * default.  Once free() has given such a chunk back, glibc raises the
 * threshold to its size, so the -M arrays and the second report really
 * come from the heap (brk); their pages are faulted in and given back by
 * exit all the same, so the trace maps each array on its own.  Arrays
 * below the threshold (a memhog of less than 16 MiB) would share heap
 * pages; they are mapped on their own too, a page or two more.
 *
 * What the recordings' shell did to memhog while it slept (-s): with
 * --migrate-to T, `migratepages P F T` (numactl's tool, as root:
 * migrate_pages(2) with MPOL_MF_MOVE_ALL), F the -n node unless
 * --migrate-from says otherwise:
 *	snapshot name=hog-done, migrate_pages pid=P from=F to=T all,
 *	snapshot name=migrated, then memhog is killed (exit)
 *
 * Left out, as they change no page: memhog's printf() output, its own
 * start-up (binary, stack, page tables), and -s's sleep (snapshot
 * "hog-done" is the state it sleeps in).
 *
 * Invariants: the output is a pure function of the parameters; every line
 * is an event of workloads/FORMAT.md section 4.2, a snapshot or a comment.
 *
 * Kernel counterpart: none; the events stand for memhog's system calls and
 * memory accesses.
 */
#include "workloads/gen_memhog.h"
#include "workloads/gen_memory.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define MEMHOG_PAGE_SIZE	4096ull		/* memhog's PG */
#define MEMHOG_MB_SHIFT		20
#define MEMHOG_KB_SHIFT		10
#define MEMHOG_SIZE_TEXT	32		/* "18446744073709551615K" fits */
#define MEMHOG_ADDR_TEXT	48		/* "@hog+0x" and 16 hex digits fit */
#define MEMHOG_DEFAULT_MB	256		/* memhog.c: mb = 256 */
#define MEMHOG_DEFAULT_PID	1000
#define MEMHOG_POINTER_BYTES	8ull		/* a void * of pages[] (x86-64) */
#define MEMHOG_INT_BYTES	4ull		/* an int of nodes[] and status[] */
#define MEMHOG_MALLOC_SIZE_SZ	8ull		/* glibc's size field */
#define MEMHOG_MALLOC_ALIGN	16ull		/* glibc's chunk alignment */
#define MEMHOG_MALLOC_HEADER	16ull		/* an mmap'ed chunk's data offset */

static const char *const memhog_thp_names[GEN_MEMHOG_THP_MODES] = {
	[GEN_MEMHOG_NOTHP] = "nothp",
	[GEN_MEMHOG_THP] = "thp",
	[GEN_MEMHOG_THP_DEFAULT] = "default",
};

/* The advice= each mode gives the whole region; NULL: no madvise(). */
static const char *const memhog_thp_advice[GEN_MEMHOG_THP_MODES] = {
	[GEN_MEMHOG_NOTHP] = "nohugepage",
	[GEN_MEMHOG_THP] = "hugepage",
	[GEN_MEMHOG_THP_DEFAULT] = NULL,
};

struct memhog_out {
	FILE *f;
	const struct gen_memhog_params *p;
	uint64_t nr_pages;		/* npages = len / PG */
	bool error;
};

__attribute__((format(printf, 2, 3)))
static void out_line(struct memhog_out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (vfprintf(o->f, fmt, ap) < 0)
		o->error = true;
	va_end(ap);
	if (fputc('\n', o->f) == EOF)
		o->error = true;
}

/* nr_pages pages as a size: "384M" when whole MiB, else "340K". */
static const char *size_text(char buf[MEMHOG_SIZE_TEXT], uint64_t nr_pages)
{
	uint64_t bytes = nr_pages * MEMHOG_PAGE_SIZE;

	if (bytes % (1ull << MEMHOG_MB_SHIFT) == 0)
		snprintf(buf, MEMHOG_SIZE_TEXT, "%lluM",
			 (unsigned long long)(bytes >> MEMHOG_MB_SHIFT));
	else
		snprintf(buf, MEMHOG_SIZE_TEXT, "%lluK",
			 (unsigned long long)(bytes >> MEMHOG_KB_SHIFT));
	return buf;
}

/* The address of page index i of the region: "@hog", "@hog+0x1000", ... */
static const char *page_addr(char buf[MEMHOG_ADDR_TEXT], uint64_t index)
{
	if (index == 0)
		snprintf(buf, MEMHOG_ADDR_TEXT, "@hog");
	else
		snprintf(buf, MEMHOG_ADDR_TEXT, "@hog+0x%llx",
			 (unsigned long long)(index * MEMHOG_PAGE_SIZE));
	return buf;
}

/* Does a child write page j?  memhog: stride <= 1 || j % stride == 0. */
static bool memhog_page_kept(const struct gen_memhog_params *p, uint64_t j)
{
	return p->stride <= 1 || j % p->stride == 0;
}

/* migratepages' FROM: --migrate-from, else the -n node. */
static int memhog_migrate_from(const struct gen_memhog_params *p)
{
	return p->migrate_from_node != GEN_MEMHOG_NO_NODE ? p->migrate_from_node : p->bind_node;
}

/* ---- the header comment ---- */

static void memhog_write_command(struct memhog_out *o)
{
	const struct gen_memhog_params *p = o->p;
	char extra[96] = "";
	size_t n = 0;

	if (p->bind_node != GEN_MEMHOG_NO_NODE)
		n += (size_t)snprintf(extra + n, sizeof(extra) - n, " -n %d", p->bind_node);
	if (p->stride)
		n += (size_t)snprintf(extra + n, sizeof(extra) - n, " -f %llu",
				      (unsigned long long)p->stride);
	if (p->nr_forks)
		n += (size_t)snprintf(extra + n, sizeof(extra) - n, " -k %u", p->nr_forks);
	if (p->move_pages_node != GEN_MEMHOG_NO_NODE)
		snprintf(extra + n, sizeof(extra) - n, " -M %d", p->move_pages_node);
	out_line(o, "# memhog, the program of the reference recordings' workload phases, "
		 "as a trace:");
	out_line(o, "#     memhog -m %llu -T %s%s", (unsigned long long)p->mb,
		 gen_memhog_thp_name(p->thp), extra);
	if (p->nr_forks > 1)
		out_line(o, "# It runs as pid %u on CPU %u; its children are pids %u-%u.",
			 p->pid, p->cpu, p->pid + 1, p->pid + p->nr_forks);
	else if (p->nr_forks)
		out_line(o, "# It runs as pid %u on CPU %u; its child is pid %u.",
			 p->pid, p->cpu, p->pid + 1);
	else
		out_line(o, "# It runs as pid %u on CPU %u.", p->pid, p->cpu);
}

/* The children's step: "fork 2 children: child c writes ...". */
static void memhog_write_fork_step(struct memhog_out *o)
{
	const struct gen_memhog_params *p = o->p;
	unsigned long long share = o->nr_pages / p->nr_forks;
	char kept[48] = "";

	if (p->stride > 1)
		snprintf(kept, sizeof(kept), " with j %% %llu == 0",
			 (unsigned long long)p->stride);
	out_line(o, "#   fork %u child%s: child c writes the pages j of "
		 "[c * %llu, (c + 1) * %llu)%s",
		 p->nr_forks, p->nr_forks > 1 ? "ren" : "", share, share, kept);
	out_line(o, "#   (copy on write) and exits; memhog waits for the children");
}

/* What memhog does, one comment line per step. */
static void memhog_write_steps(struct memhog_out *o)
{
	const struct gen_memhog_params *p = o->p;

	out_line(o, "# What it does (the events below):");
	out_line(o, "#   mmap %llu MiB of private anonymous memory (%llu pages)",
		 (unsigned long long)p->mb, (unsigned long long)o->nr_pages);
	if (p->thp != GEN_MEMHOG_THP_DEFAULT)
		out_line(o, "#   madvise it %s",
			 p->thp == GEN_MEMHOG_THP ? "MADV_HUGEPAGE" : "MADV_NOHUGEPAGE");
	if (p->bind_node != GEN_MEMHOG_NO_NODE)
		out_line(o, "#   mbind it to node %d (MPOL_BIND)", p->bind_node);
	out_line(o, "#   write one byte of every page, in address order");
	if (p->stride > 1)
		out_line(o, "#   MADV_DONTNEED every page whose index %% %llu != 0, "
			 "one call per page", (unsigned long long)p->stride);
	out_line(o, "#   report where the pages are (\"placement\": move_pages() without "
		 "nodes, on malloc'ed arrays)");
	if (p->nr_forks)
		memhog_write_fork_step(o);
	if (p->move_pages_node != GEN_MEMHOG_NO_NODE) {
		out_line(o, "#   move_pages() every page left to node %d (MPOL_MF_MOVE)",
			 p->move_pages_node);
		out_line(o, "#   report where the pages are again (\"after-move\")");
	}
	if (p->migrate_to_node != GEN_MEMHOG_NO_NODE)
		out_line(o, "#   (sleeping) migratepages %u %d %d, as root", p->pid,
			 memhog_migrate_from(p), p->migrate_to_node);
	out_line(o, "#   exit");
	if (p->nr_forks > 1) {
		out_line(o, "# memhog forks every child before it waits, so the children may "
			 "overlap; here");
		out_line(o, "# each runs alone (fork, write, exit, then the next fork): the same "
			 "copies, fewer alive at once.");
	}
}

static void memhog_write_header(struct memhog_out *o)
{
	out_line(o, "numasim-trace v1");
	memhog_write_command(o);
	memhog_write_steps(o);
	out_line(o, "# Not traced: memhog's output, its start-up (binary, stack, page tables)");
	out_line(o, "# and -s's sleep (snapshot \"hog-done\" is the state it would sleep in).");
}

/* ---- the events ---- */

/* mmap, madvise -T, mbind -n, and the write of every page. */
static void memhog_map_and_touch(struct memhog_out *o)
{
	const struct gen_memhog_params *p = o->p;
	const char *advice = memhog_thp_advice[p->thp];
	unsigned long long mb = (unsigned long long)p->mb;

	out_line(o, "spawn pid=%u cpu=%u name=memhog", p->pid, p->cpu);
	out_line(o, "mmap pid=%u len=%lluM id=hog", p->pid, mb);
	if (advice)
		out_line(o, "madvise pid=%u addr=@hog len=%lluM advice=%s", p->pid, mb, advice);
	if (p->bind_node != GEN_MEMHOG_NO_NODE)
		out_line(o, "mbind pid=%u addr=@hog len=%lluM mode=bind nodes=%d", p->pid, mb,
			 p->bind_node);
	out_line(o, "touch pid=%u addr=@hog len=%lluM write", p->pid, mb);
}

/* -f: MADV_DONTNEED of each page off the stride, one page per call. */
static void memhog_free_off_stride(struct memhog_out *o)
{
	const struct gen_memhog_params *p = o->p;
	char addr[MEMHOG_ADDR_TEXT], len[MEMHOG_SIZE_TEXT];

	if (p->stride <= 1)
		return;
	out_line(o, "# free every page whose index %% %llu != 0",
		 (unsigned long long)p->stride);
	size_text(len, 1);
	for (uint64_t i = 0; i < o->nr_pages && !o->error; i++)
		if (i % p->stride)
			out_line(o, "madvise pid=%u addr=%s len=%s advice=dontneed", p->pid,
				 page_addr(addr, i), len);
}

/* What child c (pid child) writes: its share, as one touch or page by page. */
static void memhog_child_writes(struct memhog_out *o, unsigned int c, unsigned int child)
{
	const struct gen_memhog_params *p = o->p;
	uint64_t share = o->nr_pages / p->nr_forks, first = c * share;
	char addr[MEMHOG_ADDR_TEXT], len[MEMHOG_SIZE_TEXT];

	if (share == 0)
		return;		/* more children than pages: nothing to write */
	out_line(o, "# child %u writes its share, pages %llu-%llu", c,
		 (unsigned long long)first, (unsigned long long)(first + share - 1));
	if (p->stride <= 1) {
		out_line(o, "touch pid=%u addr=%s len=%s write", child, page_addr(addr, first),
			 size_text(len, share));
		return;
	}
	size_text(len, 1);
	for (uint64_t j = first; j < first + share && !o->error; j++)
		if (memhog_page_kept(p, j))
			out_line(o, "touch pid=%u addr=%s len=%s write", child,
				 page_addr(addr, j), len);
}

/* -k: the children one after another (see the opening comment for why). */
static void memhog_children(struct memhog_out *o)
{
	const struct gen_memhog_params *p = o->p;

	for (unsigned int c = 0; c < p->nr_forks && !o->error; c++) {
		unsigned int child = p->pid + 1 + c;

		out_line(o, "fork pid=%u child=%u", p->pid, child);
		memhog_child_writes(o, c, child);
		out_line(o, "exit pid=%u", child);
	}
}

/* ---- the malloc'ed arrays and the reports ---- */

/* The pages kept (j % S == 0 with a stride): the arrays' entries. */
static uint64_t memhog_nr_kept(const struct memhog_out *o)
{
	uint64_t s = o->p->stride;

	return s <= 1 ? o->nr_pages : (o->nr_pages + s - 1) / s;
}

/*
 * malloc(bytes) above glibc's mmap threshold maps the chunk alone:
 * the request plus the size field rounded to 16 bytes, plus the size
 * field of the chunk before it, rounded up to whole pages.
 */
static uint64_t malloc_mapped_pages(uint64_t bytes)
{
	uint64_t chunk = (bytes + MEMHOG_MALLOC_SIZE_SZ + MEMHOG_MALLOC_ALIGN - 1) &
			 ~(MEMHOG_MALLOC_ALIGN - 1);

	return (chunk + MEMHOG_MALLOC_SIZE_SZ + MEMHOG_PAGE_SIZE - 1) / MEMHOG_PAGE_SIZE;
}

/* malloc(nr_entries * entry_bytes) as its own mapping named id. */
static void memhog_array_map(struct memhog_out *o, const char *id, uint64_t entry_bytes)
{
	char len[MEMHOG_SIZE_TEXT];

	out_line(o, "mmap pid=%u len=%s id=%s", o->p->pid,
		 size_text(len, malloc_mapped_pages(o->nr_pages * entry_bytes)), id);
}

/* Writing the first nr_kept entries: the header page, then the data's. */
static void memhog_array_write(struct memhog_out *o, const char *id, uint64_t entry_bytes)
{
	uint64_t bytes = MEMHOG_MALLOC_HEADER + memhog_nr_kept(o) * entry_bytes;
	char len[MEMHOG_SIZE_TEXT];

	out_line(o, "touch pid=%u addr=@%s len=%s write", o->p->pid, id,
		 size_text(len, (bytes + MEMHOG_PAGE_SIZE - 1) / MEMHOG_PAGE_SIZE));
}

/* free(): the mapping goes. */
static void memhog_array_free(struct memhog_out *o, const char *id, uint64_t entry_bytes)
{
	char len[MEMHOG_SIZE_TEXT];

	out_line(o, "munmap pid=%u addr=@%s len=%s", o->p->pid, id,
		 size_text(len, malloc_mapped_pages(o->nr_pages * entry_bytes)));
}

/* node_hist(tag): where the pages kept are, by a move_pages() query. */
static void memhog_report(struct memhog_out *o, const char *tag)
{
	const struct gen_memhog_params *p = o->p;

	out_line(o, "# memhog reports where its pages are (\"%s\")", tag);
	memhog_array_map(o, "hist-pages", MEMHOG_POINTER_BYTES);
	memhog_array_write(o, "hist-pages", MEMHOG_POINTER_BYTES);
	memhog_array_map(o, "hist-status", MEMHOG_INT_BYTES);
	if (p->stride <= 1)
		out_line(o, "move_pages pid=%u addr=@hog len=%lluM id=%s-%u", p->pid,
			 (unsigned long long)p->mb, tag, p->pid);
	else
		out_line(o, "# (its query of each page kept changes nothing and is left out)");
	memhog_array_write(o, "hist-status", MEMHOG_INT_BYTES);
	memhog_array_free(o, "hist-pages", MEMHOG_POINTER_BYTES);
	memhog_array_free(o, "hist-status", MEMHOG_INT_BYTES);
}

/* The move_pages() call itself: one for the region, or one per page kept. */
static void memhog_move_call(struct memhog_out *o)
{
	const struct gen_memhog_params *p = o->p;
	char addr[MEMHOG_ADDR_TEXT], len[MEMHOG_SIZE_TEXT];

	if (p->stride <= 1) {
		out_line(o, "move_pages pid=%u addr=@hog len=%lluM node=%d id=move-pages", p->pid,
			 (unsigned long long)p->mb, p->move_pages_node);
		return;
	}
	size_text(len, 1);
	for (uint64_t i = 0; i < o->nr_pages && !o->error; i += p->stride)
		out_line(o, "move_pages pid=%u addr=%s len=%s node=%d", p->pid,
			 page_addr(addr, i), len, p->move_pages_node);
}

/* -M: move_pages() of the pages left, with memhog's arrays, then a report. */
static void memhog_move_pages(struct memhog_out *o)
{
	if (o->p->move_pages_node == GEN_MEMHOG_NO_NODE)
		return;
	out_line(o, "# move_pages() to node %d: memhog fills pages[] and nodes[]",
		 o->p->move_pages_node);
	memhog_array_map(o, "move-pages-array", MEMHOG_POINTER_BYTES);
	memhog_array_map(o, "move-nodes-array", MEMHOG_INT_BYTES);
	memhog_array_map(o, "move-status-array", MEMHOG_INT_BYTES);
	memhog_array_write(o, "move-pages-array", MEMHOG_POINTER_BYTES);
	memhog_array_write(o, "move-nodes-array", MEMHOG_INT_BYTES);
	memhog_move_call(o);
	memhog_array_write(o, "move-status-array", MEMHOG_INT_BYTES);
	memhog_report(o, "after-move");
	memhog_array_free(o, "move-pages-array", MEMHOG_POINTER_BYTES);
	memhog_array_free(o, "move-nodes-array", MEMHOG_INT_BYTES);
	memhog_array_free(o, "move-status-array", MEMHOG_INT_BYTES);
}

static void memhog_finish(struct memhog_out *o)
{
	const struct gen_memhog_params *p = o->p;

	out_line(o, "snapshot name=hog-done");
	if (p->migrate_to_node != GEN_MEMHOG_NO_NODE) {
		out_line(o, "# migratepages %u %d %d (the shell, as root)", p->pid,
			 memhog_migrate_from(p), p->migrate_to_node);
		out_line(o, "migrate_pages pid=%u from=%d to=%d all", p->pid,
			 memhog_migrate_from(p), p->migrate_to_node);
		out_line(o, "snapshot name=migrated");
	}
	out_line(o, "exit pid=%u", p->pid);
	out_line(o, "snapshot name=end");
}

/* ---- the interface ---- */

void gen_memhog_default_params(struct gen_memhog_params *p)
{
	memset(p, 0, sizeof(*p));
	p->mb = MEMHOG_DEFAULT_MB;
	p->thp = GEN_MEMHOG_NOTHP;
	p->bind_node = GEN_MEMHOG_NO_NODE;
	p->move_pages_node = GEN_MEMHOG_NO_NODE;
	p->migrate_to_node = GEN_MEMHOG_NO_NODE;
	p->migrate_from_node = GEN_MEMHOG_NO_NODE;
	p->pid = MEMHOG_DEFAULT_PID;
}

int gen_memhog_parse_thp(const char *name, enum gen_memhog_thp *mode)
{
	int i = gen_name_index(memhog_thp_names, GEN_MEMHOG_THP_MODES, name);

	if (i < 0)
		return -1;
	*mode = (enum gen_memhog_thp)i;
	return 0;
}

const char *gen_memhog_thp_name(enum gen_memhog_thp mode)
{
	return gen_name_of(memhog_thp_names, GEN_MEMHOG_THP_MODES, (int)mode);
}

/* A node number memhog's mask holds, or none. */
static bool node_ok(int node)
{
	return node == GEN_MEMHOG_NO_NODE || (node >= 0 && node <= GEN_MEMHOG_MAX_NODE);
}

const char *gen_memhog_check(const struct gen_memhog_params *p)
{
	if (p->mb < 1 || p->mb > GEN_MEMHOG_MAX_MB)
		return "mb: must be between 1 and 1048576 (1 TiB)";
	if ((unsigned int)p->thp >= GEN_MEMHOG_THP_MODES)
		return "thp: must be thp, nothp or default";
	if (p->stride > GEN_MEMHOG_MAX_STRIDE)
		return "stride: must be at most 4294967295";
	if (p->nr_forks > GEN_MEMHOG_MAX_FORKS)
		return "forks: must be at most 65536";
	if (p->bind_node != GEN_MEMHOG_NO_NODE &&
	    (p->bind_node < 0 || p->bind_node > GEN_MEMHOG_MAX_NODE))
		return "bind_node: must be between 0 and 63 (memhog's node mask)";
	if (!node_ok(p->move_pages_node) || !node_ok(p->migrate_to_node) ||
	    !node_ok(p->migrate_from_node))
		return "move_pages_node, migrate_to_node, migrate_from_node: must be between 0 "
		       "and 63";
	if (p->migrate_to_node != GEN_MEMHOG_NO_NODE && memhog_migrate_from(p) == GEN_MEMHOG_NO_NODE)
		return "migrate_to_node: migratepages needs the nodes to move from "
		       "(--migrate-from, or --bind-node)";
	if (p->migrate_to_node == GEN_MEMHOG_NO_NODE && p->migrate_from_node != GEN_MEMHOG_NO_NODE)
		return "migrate_from_node: only with migrate_to_node";
	if (p->cpu > GEN_MEMHOG_MAX_CPU)
		return "cpu: must be at most 4095";
	if (p->pid < 1 || p->pid > GEN_MEMHOG_MAX_PID)
		return "pid: must be between 1 and 2147483647";
	if (p->nr_forks > GEN_MEMHOG_MAX_PID - p->pid)
		return "pid: the children's pids (pid + 1 .. pid + forks) must stay "
		       "below 2147483648";
	return NULL;
}

int gen_memhog_write(FILE *out, const struct gen_memhog_params *p)
{
	struct memhog_out o = { .f = out, .p = p };

	if (gen_memhog_check(p))
		return -1;
	o.nr_pages = (p->mb << MEMHOG_MB_SHIFT) / MEMHOG_PAGE_SIZE;
	memhog_write_header(&o);
	memhog_map_and_touch(&o);
	memhog_free_off_stride(&o);
	memhog_report(&o, "placement");
	memhog_children(&o);
	memhog_move_pages(&o);
	memhog_finish(&o);
	if (fflush(out) != 0)
		o.error = true;
	return o.error ? -1 : 0;
}

int gen_memhog_writer(FILE *out, const void *params)
{
	return gen_memhog_write(out, params);
}

int gen_memhog_write_memory(const struct gen_memhog_params *p, char **text, size_t *len)
{
	return gen_write_memory(gen_memhog_writer, p, text, len);
}
