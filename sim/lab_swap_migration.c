/*
 * sim/lab_swap_migration.c - lab 7, swap-based versus direct migration
 * (docs/labs/07-swap-migration.md): its seeded exercise.
 *
 * The scenario, on the lab's two-node machine with a swap device: two
 * tasks on node 0 build the same memory, a buffer written whole of which
 * the first pages were paged out (MADV_PAGEOUT) and read back, so that
 * they sit clean in the swap cache, their copy on the device still good.
 * Then task 1 moves its memory to node 1 the way the 2.6.16 development
 * series first did, through swap (migrate_pages via=swap), and touches
 * it back in under a bind policy for node 1; task 2 moves the same
 * memory by direct migration.
 *
 * What a student works out: what each way costs in work (swap writes,
 * only for the dirty pages; swap reads and major faults on the way back;
 * copies) and in simulated time, from the device's bandwidths and the
 * migration cost model (hw/migrate_cost.h) the setup text states.
 *
 * Invariant: every answer is read off the machine (vmstat lines, the
 * swap statistics' and the migration cost model's clock times), not
 * computed here.
 *
 * No kernel counterpart: the rules are mm/migrate_swap.c's (the old
 * kernel's swap path, in 6.1's pieces) and mm/migrate.c's.
 */
#include <stdio.h>

#include "hw/migrate_cost.h"
#include "mm/swap.h"
#include "sim/lab_internal.h"
#include "sim/lab_util_migrate.h"
#include "workloads/gen_random.h"

/* Two small nodes and a swap device with the default (SATA SSD) bandwidths, spelled out. */
static const char swap_migration_lab_config[] =
	"{\n"
	"  \"machine\": {\n"
	"    \"nodes\": [ {\"mem\": \"16M\", \"cpus\": 1}, {\"mem\": \"16M\", \"cpus\": 1} ],\n"
	"    \"distance\": [[10, 20], [20, 10]]\n"
	"  },\n"
	"  \"kernel\": {\n"
	"    \"profile\": \"linux-6.1\",\n"
	"    \"swap\": [ {\"size\": \"8M\", \"read_mbps\": 500, \"write_mbps\": 450} ]\n"
	"  }\n"
	"}\n";

struct swap_lab {
	struct lab_session *s;
	struct lab_sheet *sheet;
	unsigned int pages, clean;	/* each task's buffer; its first pages paged out and back */
	unsigned long pswpout, pswpin, majflt, success;	/* before a command */
	uint64_t swap_ns, direct_ns, read_wait_ns;	/* what each part took */
	unsigned long swap_success, direct_success;
	uint64_t page_direct_ns, page_unmap_ns, page_write_ns, page_read_ns;	/* quoted */
};

static void swap_lab_save(struct swap_lab *l)
{
	l->pswpout = lab_vmstat(l->s, "pswpout");
	l->pswpin = lab_vmstat(l->s, "pswpin");
	l->majflt = lab_vmstat(l->s, "pgmajfault");
	l->success = lab_vmstat(l->s, "pgmigrate_success");
}

/* Task pid's buffer: written whole, then its first pages paged out and read back. */
static int swap_lab_task(struct swap_lab *l, int pid)
{
	struct lab_session *s = l->s;

	return lab_run(s, "spawn pid=%d cpu=0", pid) ||
	       lab_run(s, "mmap pid=%d len=%uK id=buf%d", pid, l->pages * LAB_PAGE_KIB, pid) ||
	       lab_run(s, "touch pid=%d addr=@buf%d len=%uK write", pid, pid, l->pages * LAB_PAGE_KIB) ||
	       lab_run(s, "madvise pid=%d addr=@buf%d len=%uK advice=pageout", pid, pid,
		       l->clean * LAB_PAGE_KIB) ||
	       lab_run(s, "touch pid=%d addr=@buf%d len=%uK", pid, pid, l->clean * LAB_PAGE_KIB);
}

/* Task 1 through swap and back; task 2 directly.  Each part's counters and time kept. */
static int swap_lab_build(struct swap_lab *l)
{
	struct lab_session *s = l->s;
	uint64_t t0;

	if (swap_lab_task(l, 1) || swap_lab_task(l, 2) ||
	    lab_run(s, "@100ms set_mempolicy pid=1 mode=bind nodes=1"))
		return -1;
	swap_lab_save(l);
	t0 = s->m.swap.stats.via_swap_ns;
	if (lab_run(s, "migrate_pages pid=1 from=0 to=1 all via=swap id=swap"))
		return -1;
	l->swap_ns = s->m.swap.stats.via_swap_ns - t0;
	l->pswpout = lab_vmstat(s, "pswpout") - l->pswpout;
	l->swap_success = lab_vmstat(s, "pgmigrate_success") - l->success;
	t0 = s->m.swap.stats.read_wait_ns;
	if (lab_run(s, "touch pid=1 addr=@buf1 len=%uK write", l->pages * LAB_PAGE_KIB))
		return -1;
	l->read_wait_ns = s->m.swap.stats.read_wait_ns - t0;
	l->pswpin = lab_vmstat(s, "pswpin") - l->pswpin;
	l->majflt = lab_vmstat(s, "pgmajfault") - l->majflt;
	l->success = lab_vmstat(s, "pgmigrate_success");
	t0 = s->m.migrate_time.time_ns;
	if (lab_run(s, "migrate_pages pid=2 from=0 to=1 all via=direct id=direct"))
		return -1;
	l->direct_ns = s->m.migrate_time.time_ns - t0;
	l->direct_success = lab_vmstat(s, "pgmigrate_success") - l->success;
	return 0;
}

/* What the setup text quotes of the machine: the device's and the cost model's figures. */
static void swap_lab_setup_costs(struct swap_lab *l)
{
	const struct hw_migrate_cost *c = &l->s->m.hw.migrate_cost;
	const struct swap_info_struct *si = l->s->m.swap.info[0];
	struct hw_migrate_folio f = { .src_nid = 0, .dst_nid = 1, .bytes = PAGE_SIZE,
				      .nr_mappings = 1 };

	l->page_read_ns = PAGE_SIZE * 1000 / si->read_mbps;
	l->page_write_ns = PAGE_SIZE * 1000 / si->write_mbps;
	l->page_direct_ns = hw_migrate_cost_ns(c, &f);
	l->page_unmap_ns = c->isolate_ns + c->unmap_ns + c->tlb_flush_ns;
	lab_setup(l->sheet,
		  "The swap device reads at %u MB/s and writes at %u MB/s (10^6 bytes/s):\n"
		  "a 4 KiB page in %llu ns and %llu ns.\n\n"
		  "The migration cost model (hw/migrate_cost.h) charges a 4 KiB page\n"
		  "with one mapping and no other CPU to interrupt %u ns (isolate) +\n"
		  "%u + %u + %u ns (unmap, TLB flush, remap) + the copy at %u MB/s:\n"
		  "%llu ns. The swap path charges each page its isolate, unmap and\n"
		  "flush (%llu ns), and waits for the device.\n",
		  si->read_mbps, si->write_mbps, (unsigned long long)l->page_read_ns,
		  (unsigned long long)l->page_write_ns, c->isolate_ns, c->unmap_ns, c->tlb_flush_ns,
		  c->remap_ns, c->copy_mbps[0][1], (unsigned long long)l->page_direct_ns,
		  (unsigned long long)l->page_unmap_ns);
}

static void swap_lab_setup(struct swap_lab *l)
{
	lab_setup(l->sheet,
		  "The lab's machine: two nodes of 16 MiB (node 0 with CPU 0, node 1 with\n"
		  "CPU 1) and an 8 MiB swap device.\n\n"
		  "Tasks 1 and 2, both on CPU 0, each write a buffer of %u pages; the\n"
		  "first %u pages of each are paged out (MADV_PAGEOUT) and read back, so\n"
		  "they are clean in the swap cache. At 100 ms, all writes long done:\n"
		  "- task 1 moves its pages to node 1 through swap (migrate_pages via=swap,\n"
		  "  as the 2.6.16 development series did), then writes its buffer again\n"
		  "  under a bind policy for node 1;\n"
		  "- task 2 moves its pages to node 1 by direct migration.\n\n",
		  l->pages, l->clean);
	swap_lab_setup_costs(l);
}

static void ask_work(struct swap_lab *l)
{
	struct lab_sheet *sh = l->sheet;
	struct lab_question *q;

	q = lab_ask(sh, "By how much does pswpout grow in task 1's swap-based migration?");
	lab_answer(sh, q, "%lu", l->pswpout);
	lab_why(sh, q, "Each page is added to the swap cache and unmapped (try_to_unmap():\n"
		"swap entries replace its PTEs); only a dirty page is written\n"
		"(swap_writepage()). The clean swap-cache pages already have their copy\n"
		"on the device: they are freed without a write.");
	q = lab_ask(sh, "By how much does pswpin grow while task 1 writes its buffer again?");
	lab_answer(sh, q, "%lu", l->pswpin);
	lab_why(sh, q, "Every page of the buffer left memory, clean or not: each one comes back\n"
		"from the device (do_swap_page()), allocated by task 1's policy: node 1.");
	q = lab_ask(sh, "And how many major faults (pgmajfault) does that take? (Run it:\n"
		    "swap readahead decides.)");
	lab_answer(sh, q, "%lu", l->majflt);
	lab_why(sh, q, "A major fault reads the missing page and, by swapin_nr_pages()'s\n"
		"window (up to 2^page_cluster = 8 slots, grown while readahead hits), its\n"
		"neighbours on the device: the later touches find those in the swap cache\n"
		"and fault only minor.");
	q = lab_ask(sh, "By how much does pgmigrate_success grow in the swap-based call, and\n"
		    "in the direct one (two numbers)?");
	lab_answer(sh, q, "%lu %lu", l->swap_success, l->direct_success);
	lab_why(sh, q, "Swapping out is not migration: nothing is copied from node to node and\n"
		"no migration counter moves. Direct migration copies each page once.");
}

/* Rounded to the nearest whole. */
static uint64_t div_round(uint64_t a, uint64_t b)
{
	return b ? (a + b / 2) / b : 0;
}

static void ask_time(struct swap_lab *l)
{
	struct lab_sheet *sh = l->sheet;
	struct lab_question *q;

	q = lab_ask(sh, "How long does task 2's direct migration take, in microseconds\n"
		    "(rounded to the nearest)?");
	lab_answer(sh, q, "%llu", (unsigned long long)div_round(l->direct_ns, 1000));
	lab_why(sh, q, "%u pages x %llu ns: no I/O, no fault, one copy each (%llu ns).", l->pages,
		(unsigned long long)l->page_direct_ns, (unsigned long long)l->direct_ns);
	q = lab_ask(sh, "How many times as long does task 1's swap-based call take (the\n"
		    "swap-out alone; rounded to the nearest whole number)?");
	lab_answer(sh, q, "%llu", (unsigned long long)div_round(l->swap_ns, l->direct_ns));
	lab_why(sh, q, "The folios go in address order: the %u clean ones first, %llu ns each\n"
		"with no write to hide behind, then the dirty ones, whose writes queue on\n"
		"the device (%lu x %llu ns) while the next unmaps run; the call waits\n"
		"for the last write: %llu ns against %llu ns.", l->clean,
		(unsigned long long)l->page_unmap_ns, l->pswpout,
		(unsigned long long)l->page_write_ns, (unsigned long long)l->swap_ns,
		(unsigned long long)l->direct_ns);
	q = lab_ask(sh, "Counting also the time task 1's faults wait for the swap reads, how\n"
		    "many times as long as the direct migration (nearest whole number)?");
	lab_answer(sh, q, "%llu", (unsigned long long)div_round(l->swap_ns + l->read_wait_ns,
								l->direct_ns));
	lab_why(sh, q, "The reads take %llu ns a page on the device, and the task waits for\n"
		"them (%llu ns): %llu ns in all against %llu ns. Direct migration wins\n"
		"because it copies at memory bandwidth and touches no device.",
		(unsigned long long)l->page_read_ns, (unsigned long long)l->read_wait_ns,
		(unsigned long long)(l->swap_ns + l->read_wait_ns),
		(unsigned long long)l->direct_ns);
}

static int swap_lab_run(void *state, void *arg)
{
	struct lab_session *s = state;
	struct swap_lab *l = arg;

	l->s = s;
	swap_lab_setup(l);
	if (swap_lab_build(l))
		return -1;
	ask_work(l);
	ask_time(l);
	return 0;
}

static int swap_migration_lab_generate(struct lab_sheet *sheet, uint64_t seed, char *err,
				       size_t err_len)
{
	struct swap_lab l = { .sheet = sheet };
	uint64_t rng = seed;

	l.pages = (unsigned int)gen_random_range(&rng, 8, 64);
	l.clean = (unsigned int)gen_random_range(&rng, 1, l.pages / 2);
	return lab_generate_on(sheet, "swap-migration", swap_migration_lab_config,
			       sizeof(struct lab_session), swap_lab_run, &l, err, err_len);
}

const struct lab lab_swap_migration = {
	.name = "swap-migration",
	.title = "swap-based versus direct migration",
	.doc = "docs/labs/07-swap-migration.md",
	.config_json = swap_migration_lab_config,
	.generate = swap_migration_lab_generate,
};
