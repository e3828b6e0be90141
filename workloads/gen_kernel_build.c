/*
 * workloads/gen_kernel_build.c - `make -jJOBS` of a source tree
 * (gen_kernel_build.h).
 *
 * The events, each stamped 1 ms after the one before (GEN_KBUILD_EVENT_NS;
 * a wait for the disk may push the clock past a stamp, which then just
 * follows it):
 *
 *   spawn pid=1999 cpu=0 name=tar            the tree laid out: each file
 *   truncate pid=1999 file=include/H.h len=L   made its size on disk, its
 *   truncate pid=1999 file=src/N.c len=L       pages not in the page cache
 *   exit pid=1999
 *
 * then the units, JOBS at a time, one event of each running unit in turn
 * (round robin in the order they started; a finished unit's slot goes to
 * the next unit).  Unit N, pid 2000+N on CPU N % CPUs:
 *
 *   spawn pid=P cpu=C name=cc1
 *   cache_alloc cache=filp id=uN.f cpu=C       open(src/N.c)
 *   cache_alloc cache=dentry id=src.N cpu=C    its dentry and inode, left
 *   cache_alloc cache=inode_cache id=src.N.i cpu=C   cached (unused)
 *   read pid=P file=src/N.c off=0 len=S
 *   cache_alloc cache=vm_area_struct id=uN.vK cpu=C   K < 3
 *   mmap pid=P len=H id=uN.heap
 *   for each of 16 headers (of 64, a seeded start and a stride of 5):
 *     [cache_alloc cache=dentry id=inc.H ... inode_cache id=inc.H.i]
 *	   the first unit to read header H
 *     read pid=P file=include/H.h off=0 len=L
 *     touch pid=P addr=@uN.heap+Q*k len=Q write    after every 4th header:
 *	   a quarter of the heap, as the compiler's data grows
 *   kmalloc id=uN.kK size=B cpu=C              K < 8, B from 16 to 4096
 *   cache_alloc cache=dentry id=uN.tmp cpu=C   the assembler's temp file
 *   cache_alloc cache=filp id=uN.tf cpu=C
 *   write pid=P file=obj/N.o off=0 len=S/2
 *   cache_alloc cache=dentry id=obj.N cpu=C, inode_cache id=obj.N.i
 *   kfree id=uN.kK, cache_free of uN.vK, uN.f, uN.tf, uN.tmp
 *   exit pid=P                                 the heap freed
 *
 * and the link: spawn pid=2000+UNITS cpu=0 name=ld, read obj/N.o for
 * every N, write vmlinux (half the objects' bytes), fsync, exit, and
 * snapshot name=built.  The dentries and inodes of the tree stay cached,
 * unpinned: the superblock shrinker frees them under pressure.
 *
 * Invariants: the output is a pure function of the parameters; a unit's
 * sizes depend on the seed and its number only; at most JOBS compilers
 * live at once; every object a unit takes but the tree's dentries and
 * inodes is freed before its exit.
 *
 * Kernel counterpart: none; the events stand for the compilers' system
 * calls and the kernel objects those calls allocate.
 */
#include "workloads/gen_kernel_build.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "hw/types.h"		/* PAGE_SIZE */
#include "workloads/gen_memory.h"
#include "workloads/gen_random.h"

#define MIB			(1ull << 20)
#define HEAP_TARGET_BYTES	(32 * MIB)	/* a compiler's heap, memory permitting */
#define HEAP_QUARTERS		4u
#define HEADER_STRIDE		5u		/* coprime with GEN_KBUILD_HEADERS */
#define DEFAULT_PRESSURE_PPM	1500000u

void gen_kernel_build_default_params(struct gen_kernel_build_params *p)
{
	memset(p, 0, sizeof(*p));
	p->seed = 1;
	p->pressure_ppm = DEFAULT_PRESSURE_PPM;
}

const char *gen_kernel_build_check(const struct gen_kernel_build_params *p)
{
	if (!p->nr_cpus)
		return "the machine has no CPU";
	if (p->ram_bytes < 64 * PAGE_SIZE)
		return "the machine's memory is below 64 pages";
	if (!p->pressure_ppm || p->pressure_ppm > GEN_KBUILD_MAX_PRESSURE * GEN_KBUILD_PPM)
		return "pressure must be above 0 and at most 64";
	if (p->jobs > GEN_KBUILD_MAX_JOBS || p->units > GEN_KBUILD_MAX_UNITS)
		return "jobs must be at most 1024 and units at most 1000000";
	return NULL;
}

static uint64_t pages_down(uint64_t bytes)
{
	uint64_t b = bytes / PAGE_SIZE * PAGE_SIZE;

	return b ? b : PAGE_SIZE;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

void gen_kernel_build_plan(const struct gen_kernel_build_params *p,
			   struct gen_kernel_build_plan *plan)
{
	uint64_t budget = p->ram_bytes / GEN_KBUILD_PPM * p->pressure_ppm +
			  p->ram_bytes % GEN_KBUILD_PPM * p->pressure_ppm / GEN_KBUILD_PPM;
	uint64_t anon = budget / 4, heap_cap, cache, units;

	plan->jobs = p->jobs ? p->jobs : 2 * p->nr_cpus;
	heap_cap = pages_down(p->ram_bytes / (8ull * plan->jobs));
	units = p->units ? p->units : anon / min_u64(heap_cap, HEAP_TARGET_BYTES);
	units = units < plan->jobs ? plan->jobs : units;
	plan->units = (unsigned int)min_u64(units, GEN_KBUILD_MAX_UNITS);
	plan->heap_bytes = pages_down(min_u64(anon / plan->units, heap_cap));
	cache = budget > plan->units * plan->heap_bytes ? budget - plan->units * plan->heap_bytes :
		0;
	plan->header_bytes = pages_down(cache / 16 / GEN_KBUILD_HEADERS);
	/* Sources, objects (1/2) and the binary (1/4): 7/4 of the sources. */
	cache -= min_u64(cache, GEN_KBUILD_HEADERS * plan->header_bytes);
	plan->source_bytes = pages_down(cache * 4 / 7 / plan->units);
}

/* ---- one unit ---- */

/* A unit's sizes: from the seed and its number alone. */
struct unit_sizes {
	uint64_t source, object, heap;
	unsigned int first_header;
	uint64_t rng;
};

/* Around avg: from half of it to one and a half, in whole pages. */
static uint64_t vary(uint64_t *rng, uint64_t avg)
{
	return pages_down(gen_random_range(rng, avg / 2, avg + avg / 2));
}

static void unit_sizes(const struct gen_kernel_build_params *p,
		       const struct gen_kernel_build_plan *plan, unsigned int n,
		       struct unit_sizes *u)
{
	u->rng = p->seed ^ ((uint64_t)n << 32 | n);
	u->source = vary(&u->rng, plan->source_bytes);
	u->object = pages_down(u->source / 2);
	u->heap = vary(&u->rng, plan->heap_bytes * HEAP_QUARTERS) / HEAP_QUARTERS;
	u->heap = pages_down(u->heap) * HEAP_QUARTERS;
	u->first_header = (unsigned int)(gen_random_next(&u->rng) % GEN_KBUILD_HEADERS);
}

struct kbuild_state {
	const struct gen_kernel_build_params *p;
	struct gen_kernel_build_plan plan;
	bool header_cached[GEN_KBUILD_HEADERS];
	uint64_t objects_bytes;		/* the objects written, for the binary */
	uint64_t time_ns;
};

/* The tree's header H: its dentry and inode when first read, then the read. */
static void unit_header(FILE *f, struct kbuild_state *s, unsigned int pid, unsigned int cpu,
			unsigned int h)
{
	if (!s->header_cached[h]) {
		s->header_cached[h] = true;
		fprintf(f, "cache_alloc cache=dentry id=inc.%u cpu=%u\n"
			"cache_alloc cache=inode_cache id=inc.%u.i cpu=%u\n", h, cpu, h, cpu);
	}
	fprintf(f, "read pid=%u file=include/%u.h off=0 len=%" PRIu64 "\n", pid, h,
		s->plan.header_bytes);
}

/* The headers, a quarter of the heap written after every fourth. */
static void unit_compile(FILE *f, struct kbuild_state *s, unsigned int n, unsigned int cpu,
			 const struct unit_sizes *u)
{
	unsigned int pid = GEN_KBUILD_FIRST_PID + n;
	uint64_t quarter = u->heap / HEAP_QUARTERS;

	for (unsigned int k = 0; k < GEN_KBUILD_HEADERS_READ; k++) {
		unit_header(f, s, pid, cpu,
			    (u->first_header + k * HEADER_STRIDE) % GEN_KBUILD_HEADERS);
		if ((k + 1) % (GEN_KBUILD_HEADERS_READ / HEAP_QUARTERS) == 0)
			fprintf(f, "touch pid=%u addr=@u%u.heap+%" PRIu64 " len=%" PRIu64
				" write\n", pid, n, k / 4 * quarter, quarter);
	}
}

/* The objects of the compiler's run, all freed but the object file's dentry and inode. */
static void unit_output(FILE *f, struct kbuild_state *s, unsigned int n, unsigned int cpu,
			struct unit_sizes *u)
{
	unsigned int pid = GEN_KBUILD_FIRST_PID + n;

	for (unsigned int k = 0; k < GEN_KBUILD_KMALLOCS; k++)
		fprintf(f, "kmalloc id=u%u.k%u size=%" PRIu64 " cpu=%u\n", n, k,
			gen_random_range(&u->rng, 16, 4096), cpu);
	fprintf(f, "cache_alloc cache=dentry id=u%u.tmp cpu=%u\n"
		"cache_alloc cache=filp id=u%u.tf cpu=%u\n"
		"write pid=%u file=obj/%u.o off=0 len=%" PRIu64 "\n"
		"cache_alloc cache=dentry id=obj.%u cpu=%u\n"
		"cache_alloc cache=inode_cache id=obj.%u.i cpu=%u\n", n, cpu, n, cpu, pid, n,
		u->object, n, cpu, n, cpu);
	s->objects_bytes += u->object;
	for (unsigned int k = 0; k < GEN_KBUILD_KMALLOCS; k++)
		fprintf(f, "kfree id=u%u.k%u cpu=%u\n", n, k, cpu);
	for (unsigned int k = 0; k < GEN_KBUILD_VMAS; k++)
		fprintf(f, "cache_free id=u%u.v%u cpu=%u\n", n, k, cpu);
	fprintf(f, "cache_free id=u%u.f cpu=%u\ncache_free id=u%u.tf cpu=%u\n"
		"cache_free id=u%u.tmp cpu=%u\nexit pid=%u\n", n, cpu, n, cpu, n, cpu, pid);
}

/* Unit n's events, one a line, into a heap string (NULL: no memory). */
static char *unit_text(struct kbuild_state *s, unsigned int n)
{
	unsigned int pid = GEN_KBUILD_FIRST_PID + n, cpu = n % s->p->nr_cpus;
	struct unit_sizes u;
	size_t len;
	char *text;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	unit_sizes(s->p, &s->plan, n, &u);
	fprintf(f, "spawn pid=%u cpu=%u name=cc1\n"
		"cache_alloc cache=filp id=u%u.f cpu=%u\n"
		"cache_alloc cache=dentry id=src.%u cpu=%u\n"
		"cache_alloc cache=inode_cache id=src.%u.i cpu=%u\n"
		"read pid=%u file=src/%u.c off=0 len=%" PRIu64 "\n", pid, cpu, n, cpu, n, cpu, n,
		cpu, pid, n, u.source);
	for (unsigned int k = 0; k < GEN_KBUILD_VMAS; k++)
		fprintf(f, "cache_alloc cache=vm_area_struct id=u%u.v%u cpu=%u\n", n, k, cpu);
	fprintf(f, "mmap pid=%u len=%" PRIu64 " id=u%u.heap\n", pid, u.heap, n);
	unit_compile(f, s, n, cpu, &u);
	unit_output(f, s, n, cpu, &u);
	if (fclose(f)) {
		free(text);
		return NULL;
	}
	return text;
}

/* ---- the build ---- */

/* One event line, stamped. */
static void put_line(FILE *out, struct kbuild_state *s, const char *line, size_t len)
{
	s->time_ns += GEN_KBUILD_EVENT_NS;
	fprintf(out, "@%" PRIu64 ".%09" PRIu64 " %.*s\n", s->time_ns / 1000000000u,
		s->time_ns % 1000000000u, (int)len, line);
}

/* Every line of text (what fprintf wrote into a memstream), stamped. */
static void put_text(FILE *out, struct kbuild_state *s, const char *text)
{
	for (const char *nl; (nl = strchr(text, '\n')); text = nl + 1)
		put_line(out, s, text, (size_t)(nl - text));
}

/* A running unit: its text and the next line to replay. */
struct slot {
	char *text;
	const char *next;
};

/* The units JOBS at a time, one line of each in turn: 0, or -1 without memory. */
static int write_units(FILE *out, struct kbuild_state *s)
{
	unsigned int jobs = s->plan.jobs, started = 0, running = 0;
	struct slot *slots = calloc(jobs, sizeof(*slots));

	if (!slots)
		return -1;
	do {
		running = 0;
		for (unsigned int j = 0; j < jobs; j++) {
			struct slot *sl = &slots[j];
			const char *nl;

			if (!sl->text && started < s->plan.units) {
				sl->text = unit_text(s, started++);
				if (!sl->text)
					goto nomem;
				sl->next = sl->text;
			}
			if (!sl->text)
				continue;
			running++;
			nl = strchr(sl->next, '\n');
			put_line(out, s, sl->next, (size_t)(nl - sl->next));
			sl->next = nl + 1;
			if (!*sl->next) {
				free(sl->text);
				sl->text = NULL;
			}
		}
	} while (running);
	free(slots);
	return 0;
nomem:
	for (unsigned int j = 0; j < jobs; j++)
		free(slots[j].text);
	free(slots);
	return -1;
}

/* What fill writes into a memstream, then put out line by line, stamped. */
static int put_stamped(FILE *out, struct kbuild_state *s,
		       void (*fill)(FILE *f, struct kbuild_state *s))
{
	size_t len;
	char *text;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return -1;
	fill(f, s);
	if (fclose(f)) {
		free(text);
		return -1;
	}
	put_text(out, s, text);
	free(text);
	return 0;
}

/* The tree on disk: every header and source its size, nothing cached. */
static void fill_setup(FILE *f, struct kbuild_state *s)
{
	fprintf(f, "spawn pid=%u cpu=0 name=tar\n", GEN_KBUILD_SETUP_PID);
	for (unsigned int h = 0; h < GEN_KBUILD_HEADERS; h++)
		fprintf(f, "truncate pid=%u file=include/%u.h len=%" PRIu64 "\n",
			GEN_KBUILD_SETUP_PID, h, s->plan.header_bytes);
	for (unsigned int n = 0; n < s->plan.units; n++) {
		struct unit_sizes u;

		unit_sizes(s->p, &s->plan, n, &u);
		fprintf(f, "truncate pid=%u file=src/%u.c len=%" PRIu64 "\n",
			GEN_KBUILD_SETUP_PID, n, u.source);
	}
	fprintf(f, "exit pid=%u\n", GEN_KBUILD_SETUP_PID);
}

/* The link: every object read, the binary written and synced. */
static void fill_link(FILE *f, struct kbuild_state *s)
{
	unsigned int pid = GEN_KBUILD_FIRST_PID + s->plan.units;

	fprintf(f, "spawn pid=%u cpu=0 name=ld\n", pid);
	for (unsigned int n = 0; n < s->plan.units; n++) {
		struct unit_sizes u;

		unit_sizes(s->p, &s->plan, n, &u);
		fprintf(f, "read pid=%u file=obj/%u.o off=0 len=%" PRIu64 "\n", pid, n,
			u.object);
	}
	fprintf(f, "write pid=%u file=vmlinux off=0 len=%" PRIu64 "\nfsync pid=%u file=vmlinux\n"
		"exit pid=%u\nsnapshot name=built\n", pid, pages_down(s->objects_bytes / 2), pid,
		pid);
}

static void write_header(FILE *out, const struct kbuild_state *s)
{
	const struct gen_kernel_build_plan *pl = &s->plan;
	char heap[32], src[32], hdr[32];

	fprintf(out, "numasim-trace v1\n"
		"# numasim gen kernel-build: make -j%u of %u units, seed %" PRIu64 ", pressure\n"
		"# %u.%06u x RAM.  Averages: heap %s, source %s (object half), %u headers\n"
		"# of %s, %u read by each unit.  1 ms between events.\n", pl->jobs, pl->units,
		s->p->seed, s->p->pressure_ppm / GEN_KBUILD_PPM,
		s->p->pressure_ppm % GEN_KBUILD_PPM, gen_format_size(heap, sizeof(heap),
								     pl->heap_bytes),
		gen_format_size(src, sizeof(src), pl->source_bytes), GEN_KBUILD_HEADERS,
		gen_format_size(hdr, sizeof(hdr), pl->header_bytes), GEN_KBUILD_HEADERS_READ);
}

int gen_kernel_build_writer(FILE *out, const void *params)
{
	struct kbuild_state *s;
	int ret;

	if (gen_kernel_build_check(params))
		return -1;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -1;
	s->p = params;
	gen_kernel_build_plan(s->p, &s->plan);
	write_header(out, s);
	ret = put_stamped(out, s, fill_setup);
	if (!ret)
		ret = write_units(out, s);
	if (!ret)
		ret = put_stamped(out, s, fill_link);
	free(s);
	return ret || ferror(out) ? -1 : 0;
}
