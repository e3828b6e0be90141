/*
 * workloads/gen_compaction_test.c - the compaction selftest as a trace
 * (gen_compaction_test.h).
 *
 * The selftest's steps and the events for each:
 *
 *   prereq(): read vm.compact_unevictable_allowed, skip unless it is 1
 *	(sysctl vm.compact_unevictable_allowed=V after the unmaps, before
 *	snapshot fragmented: from that snapshot on, compaction follows V.
 *	V is 1 unless the user asks for 0, which the selftest would refuse
 *	to run with)
 *   setrlimit(RLIMIT_MEMLOCK, infinity)
 *	(nothing: numasim's tasks lock without limit)
 *   read MemFree, Hugepagesize
 *	(the parameters; spawn pid=1000 name=compaction_test)
 *   while (MB left > 0): mmap(100 MB, MAP_LOCKED), write every page
 *	mmap pid=1000 len=100M locked id=cK, touch pid=1000 addr=@cK len=100M write
 *   the chunks are on a list, newest first; munmap the 1st, 3rd, ... of it
 *	munmap pid=1000 addr=@cK len=100M for K = N-1, N-3, ...
 *	sysctl vm.compact_unevictable_allowed=V, snapshot name=fragmented
 *   nr_hugepages: write 0, write target / Hugepagesize / 2, read it back
 *	sysctl vm.nr_hugepages=0, sysctl vm.nr_hugepages=R,
 *	snapshot name=hugepages (its meminfo's HugePages_Total is the read)
 *   write the initial value back; exit
 *	sysctl vm.nr_hugepages=I, exit pid=1000, snapshot name=end
 *
 * Invariants: every chunk is mapped once, unmapped at most once; the
 * output is a pure function of the parameters.
 *
 * Kernel counterpart: none; the events stand for the selftest's system
 * calls and writes.
 */
#include "workloads/gen_compaction_test.h"

#include <inttypes.h>
#include <string.h>

#include "hw/types.h"		/* PAGE_SIZE */
#include "workloads/gen_memory.h"

#define MIB			(1ull << 20)
#define KB_PER_MIB		1024u
#define DEFAULT_CHUNK_BYTES	(100 * MIB)		/* the selftest's MAP_SIZE */
#define DEFAULT_FRACTION_PPM	800000u			/* its 0.8 */
#define DEFAULT_HUGEPAGE_KB	2048u
#define MAX_CHUNK_BYTES		(1ull << 40)
#define MAX_MEM_FREE_KB		(1ull << 42)		/* 4 PiB: no product below overflows */

void gen_compaction_test_default_params(struct gen_compaction_test_params *p)
{
	memset(p, 0, sizeof(*p));
	p->hugepage_kb = DEFAULT_HUGEPAGE_KB;
	p->chunk_bytes = DEFAULT_CHUNK_BYTES;
	p->fraction_ppm = DEFAULT_FRACTION_PPM;
	p->unevictable_allowed = 1;
}

uint64_t gen_compaction_test_target_kb(const struct gen_compaction_test_params *p)
{
	return p->mem_free_kb * p->fraction_ppm / GEN_COMPACTION_TEST_PPM;
}

uint64_t gen_compaction_test_nr_chunks(const struct gen_compaction_test_params *p)
{
	uint64_t bytes = gen_compaction_test_target_kb(p) / KB_PER_MIB * MIB;

	return (bytes + p->chunk_bytes - 1) / p->chunk_bytes;
}

uint64_t gen_compaction_test_request(const struct gen_compaction_test_params *p)
{
	return gen_compaction_test_target_kb(p) / p->hugepage_kb / 2;
}

uint64_t gen_compaction_test_pass_min(const struct gen_compaction_test_params *p)
{
	/* target / (n x size) <= 3 holds exactly when n x size x 4 > target. */
	return gen_compaction_test_target_kb(p) / (4 * p->hugepage_kb) + 1;
}

const char *gen_compaction_test_check(const struct gen_compaction_test_params *p)
{
	if (!p->chunk_bytes || p->chunk_bytes % PAGE_SIZE || p->chunk_bytes > MAX_CHUNK_BYTES)
		return "chunk size must be a multiple of 4 KiB, at least 4K and at most 1T";
	if (!p->fraction_ppm || p->fraction_ppm > GEN_COMPACTION_TEST_PPM)
		return "fraction out of range (above 0, at most 1)";
	if (p->unevictable_allowed > 1)
		return "vm.compact_unevictable_allowed must be 0 or 1";
	if (!p->hugepage_kb || p->mem_free_kb > MAX_MEM_FREE_KB)
		return "free memory or huge page size out of range";
	if (!gen_compaction_test_nr_chunks(p))
		return "the fraction of free memory is below 1 MiB: no chunk to map";
	if (!gen_compaction_test_request(p))
		return "the fraction of free memory asks for no huge page";
	if (gen_compaction_test_nr_chunks(p) * p->chunk_bytes > p->mem_free_kb * 1024)
		return "the chunks to lock exceed the free memory (the selftest would meet "
		       "the OOM killer): use a smaller chunk size or fraction";
	return NULL;
}

static void write_header(FILE *out, const struct gen_compaction_test_params *p)
{
	char chunk[32];

	gen_format_size(chunk, sizeof(chunk), p->chunk_bytes);
	fprintf(out, "numasim-trace v1\n"
		"# numasim gen compaction-test: the compaction selftest\n"
		"# (selftests/vm/compaction_test.c).  MemFree %" PRIu64 " kB, Hugepagesize %"
		PRIu64 " kB;\n"
		"# %u.%06u of MemFree is %" PRIu64 " kB: %" PRIu64 " chunks of %s mapped locked\n"
		"# and written, every other one unmapped, then vm.nr_hugepages=%" PRIu64 ".\n"
		"# The selftest passes when snapshot 'hugepages' shows HugePages_Total >= %"
		PRIu64 ".\n"
		"# It runs only while vm.compact_unevictable_allowed is 1 (the kernel's\n"
		"# default): compaction may move mlocked pages.  This trace writes %" PRIu32 ".\n",
		p->mem_free_kb, p->hugepage_kb, p->fraction_ppm / GEN_COMPACTION_TEST_PPM,
		p->fraction_ppm % GEN_COMPACTION_TEST_PPM, gen_compaction_test_target_kb(p),
		gen_compaction_test_nr_chunks(p), chunk, gen_compaction_test_request(p),
		gen_compaction_test_pass_min(p), p->unevictable_allowed);
}

int gen_compaction_test_writer(FILE *out, const void *params)
{
	const struct gen_compaction_test_params *p = params;
	const unsigned int pid = GEN_COMPACTION_TEST_PID;
	uint64_t nr;
	char len[32];

	if (gen_compaction_test_check(p))
		return -1;
	nr = gen_compaction_test_nr_chunks(p);
	gen_format_size(len, sizeof(len), p->chunk_bytes);
	write_header(out, p);
	fprintf(out, "spawn pid=%u cpu=0 name=compaction_test\n", pid);
	for (uint64_t k = 0; k < nr; k++)
		fprintf(out, "mmap pid=%u len=%s locked id=c%" PRIu64 "\n"
			"touch pid=%u addr=@c%" PRIu64 " len=%s write\n", pid, len, k, pid, k, len);
	/* The list is newest first: its 1st, 3rd, ... entries are chunks N-1, N-3, ... */
	for (uint64_t left = nr; left; left = left > 2 ? left - 2 : 0)
		fprintf(out, "munmap pid=%u addr=@c%" PRIu64 " len=%s\n", pid, left - 1, len);
	fprintf(out, "sysctl vm.compact_unevictable_allowed=%" PRIu32 "\n"
		"snapshot name=fragmented\n"
		"sysctl vm.nr_hugepages=0\n"
		"sysctl vm.nr_hugepages=%" PRIu64 "\n"
		"snapshot name=hugepages\n"
		"sysctl vm.nr_hugepages=%" PRIu64 "\n"
		"exit pid=%u\n"
		"snapshot name=end\n", p->unevictable_allowed, gen_compaction_test_request(p),
		p->initial_nr_hugepages, pid);
	return ferror(out) ? -1 : 0;
}
