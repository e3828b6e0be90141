/*
 * workloads/gen_kernel_build.h - `make -jJOBS` of a source tree as a
 * trace: `numasim gen kernel-build`, the classic fragmenter.
 *
 * Compilers run JOBS at a time.  Each reads its source file and a shared
 * set of headers through the page cache, grows an anonymous heap, takes
 * kernel objects (dentries, inodes, open files, VMAs, kmalloc buffers),
 * writes its object file and exits; a link step reads every object and
 * writes the binary.  Under pressure the page cache (movable, reclaimed
 * in scattered pages) mixes with the compilers' anonymous memory and with
 * slab (unmovable, and reclaimable dentries and inodes that stay cached).
 *
 * Sizing (gen_kernel_build_plan()): the build touches pressure x RAM in
 * all.  A quarter of it is the compilers' heaps, three quarters page
 * cache (sources, headers, objects, the binary), so that at the default
 * 1.5 the page cache alone outgrows memory and reclaim must run.  The
 * heaps are freed at each exit, so the anonymous memory live at once is
 * at most JOBS heaps; a heap is capped at RAM / (8 x JOBS) on average
 * (3/16 of RAM at once at most), so that reclaiming page cache suffices
 * on a machine without swap.  What the cap takes from the heaps goes to
 * the page cache.
 *
 * The output is a pure function of the parameters: sizes come from the
 * seed (workloads/gen_random.h), one sequence per unit.
 */
#ifndef WORKLOADS_GEN_KERNEL_BUILD_H
#define WORKLOADS_GEN_KERNEL_BUILD_H

#include <stdint.h>
#include <stdio.h>

#define GEN_KBUILD_PPM		1000000u
#define GEN_KBUILD_MAX_PRESSURE	64u		/* x RAM */
#define GEN_KBUILD_MAX_JOBS	1024u
#define GEN_KBUILD_MAX_UNITS	1000000u
#define GEN_KBUILD_HEADERS	64u		/* include/0.h ... include/63.h */
#define GEN_KBUILD_HEADERS_READ	16u		/* headers each unit reads */
#define GEN_KBUILD_KMALLOCS	8u		/* kmalloc buffers of a compiler */
#define GEN_KBUILD_VMAS		3u		/* vm_area_struct objects of a compiler */
#define GEN_KBUILD_SETUP_PID	1999u		/* lays the tree out */
#define GEN_KBUILD_FIRST_PID	2000u		/* unit N's compiler: 2000 + N */
#define GEN_KBUILD_EVENT_NS	1000000u	/* 1 ms between events */

struct gen_kernel_build_params {
	uint64_t seed;
	uint64_t ram_bytes;		/* the machine's memory (MemTotal) */
	unsigned int nr_cpus;		/* the machine's CPUs */
	unsigned int jobs;		/* 0: 2 x nr_cpus */
	unsigned int units;		/* 0: from the pressure */
	uint32_t pressure_ppm;		/* touched memory / RAM, in millionths */
};

/* What the parameters come to: the averages each unit's sizes vary around. */
struct gen_kernel_build_plan {
	unsigned int jobs, units;
	uint64_t heap_bytes;		/* average heap, a whole number of pages */
	uint64_t source_bytes;		/* average source; its object is half of it */
	uint64_t header_bytes;		/* each header */
};

/* Seed 1, pressure 1.5, jobs and units from the machine. */
void gen_kernel_build_default_params(struct gen_kernel_build_params *p);

/* NULL if p is usable, else a message naming the bad parameter. */
const char *gen_kernel_build_check(const struct gen_kernel_build_params *p);

/* The sizes (p checked). */
void gen_kernel_build_plan(const struct gen_kernel_build_params *p,
			   struct gen_kernel_build_plan *plan);

/* Write the trace to out (params is a struct gen_kernel_build_params): 0, or -1. */
int gen_kernel_build_writer(FILE *out, const void *params);

#endif /* WORKLOADS_GEN_KERNEL_BUILD_H */
