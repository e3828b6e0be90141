/*
 * tests/bench/fault.c - page faults per second: one task writes every
 * page of a 1 GiB anonymous mapping on a 2 x 4 GiB machine, first with
 * THP "never" (262144 base-page faults), then with THP "always" on a
 * 2 MiB-aligned mapping (512 huge faults), then munmaps it.  Each fault
 * allocates its page (or THP), its page tables when needed, maps it and
 * adds it to the LRU.  Figures: faults/s and GiB populated per second.
 */
#include "mm/mm.h"
#include "tests/bench/bench_common.h"

#define REGION_BYTES	((uint64_t)1 << 30)
#define REGION_ADDR	((uint64_t)0x400000000)

static void run(enum thp_enabled_mode mode, const char *name)
{
	struct machine *m = bench_boot(2, (uint64_t)4 << 30, 1);
	struct task_struct *t;
	unsigned long faults0;
	uint64_t addr;
	double t0, dt, dt_unmap;

	m->thp.enabled = mode;
	if (task_spawn(m, 1, 0, "bench", &t) ||
	    do_mmap(m, t, REGION_ADDR, REGION_BYTES, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, NULL, 0, &addr)) {
		fprintf(stderr, "bench fault: setup failed\n");
		exit(1);
	}
	faults0 = m->vm_events[PGFAULT];
	t0 = bench_now();
	for (uint64_t a = addr; a < addr + REGION_BYTES; a += PAGE_SIZE)
		user_access(m, t, a, true);
	dt = bench_now() - t0;
	t0 = bench_now();
	do_munmap(m, t, addr, REGION_BYTES);
	dt_unmap = bench_now() - t0;
	printf("{\"bench\": \"fault_%s\", \"region_bytes\": %llu, \"faults\": %lu, "
	       "\"seconds\": %.4f, \"faults_per_sec\": %.0f, \"gib_per_sec\": %.2f, "
	       "\"munmap_seconds\": %.4f}\n", name, (unsigned long long)REGION_BYTES,
	       m->vm_events[PGFAULT] - faults0, dt,
	       (double)(m->vm_events[PGFAULT] - faults0) / dt,
	       (double)REGION_BYTES / (double)(1u << 30) / dt, dt_unmap);
	machine_release(m);
	free(m);
}

int main(void)
{
	run(THP_ENABLED_NEVER, "4k");
	run(THP_ENABLED_ALWAYS, "thp");
	return 0;
}
