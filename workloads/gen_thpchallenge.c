/*
 * workloads/gen_thpchallenge.c - the thpchallenge trace
 * (gen_thpchallenge.h).
 *
 * The events:
 *
 *   spawn pid=1000 cpu=0 name=thpchallenge
 *   mmap pid=1000 addr=A len=S noreplace id=frag      A 2 MiB aligned, so
 *   madvise pid=1000 addr=@frag len=S advice=hugepage  every range can be a THP
 *   touch pid=1000 addr=@frag len=S write
 *   madvise pid=1000 addr=@frag+OFF len=P advice=dontneed   for each range:
 *	its last P bytes (OFF = range start + 2M - P); the THP's mapping is
 *	split (split_huge_pmd()) and the THP queued for a deferred split
 *   sysctl vm.drop_caches=2
 *	the shrinkers: deferred_split_scan() splits the half-mapped THPs and
 *	frees their unmapped pages, as memory pressure would have it do
 *   snapshot name=fragmented
 *   mmap pid=1000 addr=B len=F noreplace id=fault     B after frag, 2 MiB apart
 *   madvise pid=1000 addr=@fault len=F advice=hugepage
 *   touch pid=1000 addr=@fault+OFF len=2M write        for each range: a THP
 *	fault (do_huge_pmd_anonymous_page()), then the rest of the range written
 *   snapshot name=faulted
 *   exit pid=1000
 *
 * With half of each range punched, a freed piece's buddy is the range's
 * other half, still mapped: the pieces merge no higher than order 8, and a
 * THP of the timed region needs a pageblock nobody uses or compaction.
 *
 * Invariants: the output is a pure function of the parameters; the two
 * regions never overlap.
 *
 * Kernel counterpart: none; the events stand for the program's system
 * calls and writes.
 */
#include "workloads/gen_thpchallenge.h"

#include <inttypes.h>
#include <string.h>

#include "hw/types.h"		/* PAGE_SIZE */
#include "workloads/gen_memory.h"

#define RANGE_BYTES		(2ull << 20)	/* a PMD's huge page */
#define PAGES_PER_RANGE		(RANGE_BYTES / PAGE_SIZE)
#define FRAG_ADDR		0x200000000ull	/* 2 MiB aligned, below the mmap area */
#define DEFAULT_FRAGMENT_PPM	500000u
#define DEFAULT_SIZE_PERMILLE	900u
#define DEFAULT_FAULT_PERMILLE	250u

void gen_thpchallenge_default_params(struct gen_thpchallenge_params *p)
{
	memset(p, 0, sizeof(*p));
	p->fragment_ppm = DEFAULT_FRAGMENT_PPM;
}

static uint64_t ranges_of(uint64_t pages, unsigned int permille)
{
	return pages * permille / 1000 / PAGES_PER_RANGE * RANGE_BYTES;
}

void gen_thpchallenge_size_from_free(struct gen_thpchallenge_params *p)
{
	if (!p->size_bytes)
		p->size_bytes = ranges_of(p->free_pages, DEFAULT_SIZE_PERMILLE);
	if (!p->fault_bytes)
		p->fault_bytes = ranges_of(p->free_pages, DEFAULT_FAULT_PERMILLE);
}

uint64_t gen_thpchallenge_punch_pages(const struct gen_thpchallenge_params *p)
{
	return PAGES_PER_RANGE * p->fragment_ppm / GEN_THPCHALLENGE_PPM;
}

const char *gen_thpchallenge_check(const struct gen_thpchallenge_params *p)
{
	uint64_t punch = gen_thpchallenge_punch_pages(p);

	if (!p->size_bytes || p->size_bytes % RANGE_BYTES ||
	    p->size_bytes > GEN_THPCHALLENGE_MAX_BYTES)
		return "size must be a multiple of 2M, at least 2M and at most 32T";
	if (!p->fault_bytes || p->fault_bytes % RANGE_BYTES ||
	    p->fault_bytes > GEN_THPCHALLENGE_MAX_BYTES)
		return "fault size must be a multiple of 2M, at least 2M and at most 32T";
	if (!punch || punch >= PAGES_PER_RANGE)
		return "fragment must leave at least one page of each 2M range mapped and "
		       "punch at least one (at least 0.001954, below 1)";
	if (p->free_pages && p->size_bytes / PAGE_SIZE > p->free_pages)
		return "size exceeds the machine's free memory: the region could not be "
		       "faulted in";
	return NULL;
}

static void write_header(FILE *out, const struct gen_thpchallenge_params *p)
{
	char size[32], fault[32];

	fprintf(out, "numasim-trace v1\n"
		"# numasim gen thpchallenge: mmtests' thpchallenge, simplified.  Fault in\n"
		"# %s of MADV_HUGEPAGE memory, give back the last %" PRIu64 " of the %" PRIu64
		" pages of\n"
		"# each 2M range (MADV_DONTNEED), split and free them (vm.drop_caches=2), then\n"
		"# fault %s of MADV_HUGEPAGE memory one 2M range at a time.  Compare\n"
		"# thp_fault_alloc with thp_fault_fallback between the snapshots.\n",
		gen_format_size(size, sizeof(size), p->size_bytes),
		gen_thpchallenge_punch_pages(p), (uint64_t)PAGES_PER_RANGE,
		gen_format_size(fault, sizeof(fault), p->fault_bytes));
}

/* The fragmenting region: faulted in as THPs, then the end of each range punched. */
static void write_fragmenter(FILE *out, const struct gen_thpchallenge_params *p)
{
	const unsigned int pid = GEN_THPCHALLENGE_PID;
	uint64_t punch_bytes = gen_thpchallenge_punch_pages(p) * PAGE_SIZE;
	char size[32], punch[32];

	gen_format_size(size, sizeof(size), p->size_bytes);
	gen_format_size(punch, sizeof(punch), punch_bytes);
	fprintf(out, "spawn pid=%u cpu=0 name=thpchallenge\n"
		"mmap pid=%u addr=0x%llx len=%s noreplace id=frag\n"
		"madvise pid=%u addr=@frag len=%s advice=hugepage\n"
		"touch pid=%u addr=@frag len=%s write\n", pid, pid, FRAG_ADDR, size, pid, size,
		pid, size);
	for (uint64_t off = RANGE_BYTES - punch_bytes; off < p->size_bytes; off += RANGE_BYTES)
		fprintf(out, "madvise pid=%u addr=@frag+0x%" PRIx64 " len=%s advice=dontneed\n",
			pid, off, punch);
	fputs("sysctl vm.drop_caches=2\nsnapshot name=fragmented\n", out);
}

/* The timed region: one write fault per 2 MiB range, then the range written. */
static void write_faults(FILE *out, const struct gen_thpchallenge_params *p)
{
	const unsigned int pid = GEN_THPCHALLENGE_PID;
	char fault[32];

	gen_format_size(fault, sizeof(fault), p->fault_bytes);
	fprintf(out, "mmap pid=%u addr=0x%llx len=%s noreplace id=fault\n"
		"madvise pid=%u addr=@fault len=%s advice=hugepage\n", pid,
		FRAG_ADDR + p->size_bytes + RANGE_BYTES, fault, pid, fault);
	for (uint64_t off = 0; off < p->fault_bytes; off += RANGE_BYTES)
		fprintf(out, "touch pid=%u addr=@fault+0x%" PRIx64 " len=2M write\n", pid, off);
	fprintf(out, "snapshot name=faulted\nexit pid=%u\n", pid);
}

int gen_thpchallenge_writer(FILE *out, const void *params)
{
	const struct gen_thpchallenge_params *p = params;

	if (gen_thpchallenge_check(p))
		return -1;
	write_header(out, p);
	write_fragmenter(out, p);
	write_faults(out, p);
	return ferror(out) ? -1 : 0;
}
