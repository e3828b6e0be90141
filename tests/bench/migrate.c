/*
 * tests/bench/migrate.c - page migrations per second on the host: one
 * task writes a 1 GiB anonymous mapping on node 0 of a 2 x 4 GiB machine,
 * then migrate_pages() moves the whole region to node 1 and back (as
 * migrate_pages(2) would: every folio isolated onto one list, MIGRATE_SYNC,
 * MR_SYSCALL, alloc_migration_target() on the other node), first with
 * 4 KiB pages (262144 folios each way), then with THPs (512 folios each
 * way, moved whole).  Figures: base pages/s and folios/s of the host,
 * the simulated time the cost model charged, and the host's peak RSS
 * before and after the migrations.  Targets: >= 2 M base pages/s and
 * >= 20 k THPs/s.
 */
#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/migrate.h"
#include "mm/mm.h"
#include "tests/bench/bench_common.h"

#define REGION_BYTES	((uint64_t)1 << 30)
#define REGION_ADDR	((uint64_t)0x400000000)

/* The folio mapped at addr (a PMD-mapped THP's head, or a PTE's page). */
static struct page *page_at(struct machine *m, struct task_struct *t, uint64_t addr)
{
	pmd_t *pmd;
	pte_t *pte = follow_pte(m, t->mm, addr, &pmd);

	if (pmd && pmd_trans_huge(*pmd))
		return pfn_to_page(m, pmd_pfn(*pmd));
	return pfn_to_page(m, pte_pfn(*pte));
}

/* Move every folio of the region to nid; returns the base pages moved. */
static unsigned long move_region(struct machine *m, struct task_struct *t, int nid,
				 uint64_t step)
{
	struct migration_target_control mtc = {
		.nid = nid, .gfp_mask = GFP_HIGHUSER_MOVABLE | __GFP_THISNODE,
	};
	struct page_list list;
	unsigned int done = 0;

	page_list_init(&list);
	for (uint64_t a = REGION_ADDR; a < REGION_ADDR + REGION_BYTES; a += step)
		isolate_folio_to_list(m, page_at(m, t, a), &list);
	if (migrate_pages(m, &list, alloc_migration_target, NULL, (unsigned long)&mtc,
			  MIGRATE_SYNC, MR_SYSCALL, &done))
		putback_movable_pages(m, &list);
	return done;
}

static void run(enum thp_enabled_mode mode, const char *name, uint64_t step)
{
	struct machine *m = bench_boot(2, (uint64_t)4 << 30, 1);
	struct task_struct *t;
	unsigned long pages = 0, folios0;
	uint64_t addr, clock0;
	long rss0, rss1;
	double t0, dt;

	m->thp.enabled = mode;
	if (task_spawn(m, 1, 0, "bench", &t) ||
	    do_mmap(m, t, REGION_ADDR, REGION_BYTES, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, NULL, 0, &addr)) {
		fprintf(stderr, "bench migrate: setup failed\n");
		exit(1);
	}
	for (uint64_t a = addr; a < addr + REGION_BYTES; a += PAGE_SIZE)
		user_access(m, t, a, true);
	rss0 = bench_peak_rss_kb();
	clock0 = m->clock_ns;
	folios0 = m->migrate_time.folios;
	t0 = bench_now();
	pages += move_region(m, t, 1, step);
	pages += move_region(m, t, 0, step);
	dt = bench_now() - t0;
	rss1 = bench_peak_rss_kb();
	if (pages != 2 * REGION_BYTES / PAGE_SIZE) {
		fprintf(stderr, "bench migrate: %lu pages moved\n", pages);
		exit(1);
	}
	printf("{\"bench\": \"migrate_%s\", \"region_bytes\": %llu, \"base_pages\": %lu, "
	       "\"folios\": %llu, \"seconds\": %.4f, \"base_pages_per_sec\": %.0f, "
	       "\"folios_per_sec\": %.0f, \"simulated_seconds\": %.4f, "
	       "\"peak_rss_kb_before\": %ld, \"peak_rss_kb_after\": %ld}\n",
	       name, (unsigned long long)REGION_BYTES, pages,
	       (unsigned long long)(m->migrate_time.folios - folios0), dt, (double)pages / dt,
	       (double)(m->migrate_time.folios - folios0) / dt,
	       (double)(m->clock_ns - clock0) * 1e-9, rss0, rss1);
	do_munmap(m, t, addr, REGION_BYTES);
	machine_release(m);
	free(m);
}

int main(void)
{
	run(THP_ENABLED_NEVER, "4k", PAGE_SIZE);
	run(THP_ENABLED_ALWAYS, "thp", (uint64_t)2 << 20);
	return 0;
}
