/*
 * sim/lab_thp.c - lab 11, transparent huge pages and fragmentation
 * (docs/labs/11-thp.md): its seeded exercise.
 *
 * The scenario: on the shell's machine with THP "always" and a seeded
 * defrag mode, a task maps 2 MiB at an aligned address (MADV_HUGEPAGE or
 * not: seeded) while memory is still whole, so its unmovable page tables
 * claim a pageblock of their own.  A second task fills 12 MiB with small
 * anonymous pages and gives back the first MiB of every 2 MiB, and
 * (seeded) a driver pins one page of every other MiB.  Plenty of memory
 * is free, no pageblock whole.  The first task writes its mapping: one
 * THP fault, which gets a huge page only if the defrag mode lets it
 * compact and compaction can empty a pageblock.  Last, `sysctl
 * vm.compact_memory=1` compacts the zone.
 *
 * Invariant: the answers are read off the machine (buddyinfo, the
 * unusable free index of /sys/kernel/debug/extfrag, vmstat's thp_fault_*
 * counters), never computed here.
 *
 * No kernel counterpart: the rules are mm/huge_memory.c's,
 * mm/page_alloc.c's and mm/compaction.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/vmstat.h"
#include "sim/lab_internal.h"
#include "sim/lab_util_alloc.h"
#include "workloads/gen_random.h"

#define THP_LAB_HUGE_ORDER	9
#define THP_LAB_FILL_MB		12	/* the filler's mapping: six pageblocks' worth */

static const char *const thp_lab_defrag[] = { "always", "madvise", "defer", "never" };

struct thp_lab {
	struct lab_session s;	/* first: lab_generate_on() */
	struct lab_sheet *sheet;
	const char *defrag;
	bool madvised, pinned;
	unsigned int hole_kb;		/* given back at the start of every 2 MiB */
};

static struct zone *thp_lab_zone(struct thp_lab *l)
{
	return lab_zone(&l->s, 0, ZONE_NORMAL);
}

static void thp_lab_index(struct thp_lab *l, char *buf, size_t len)
{
	int index = unusable_free_index(thp_lab_zone(l), THP_LAB_HUGE_ORDER);

	snprintf(buf, len, "%d.%03d", index / 1000, index % 1000);
}

/*
 * The task and its mapping come first: its page tables are unmovable, and
 * made on a fragmented machine they would fall back into (and claim) a
 * pageblock the huge page needs.  Made first, they claim one while all is
 * free.
 */
static int thp_lab_task(struct thp_lab *l)
{
	if (lab_run(&l->s, "sysfs path=kernel/mm/transparent_hugepage/enabled value=always") ||
	    lab_run(&l->s, "sysfs path=kernel/mm/transparent_hugepage/defrag value=%s", l->defrag) ||
	    lab_run(&l->s, "spawn pid=1") ||
	    lab_run(&l->s, "mmap pid=1 addr=0x7f0000000000 len=2M id=buf"))
		return -1;
	if (l->madvised && lab_run(&l->s, "madvise pid=1 addr=@buf len=2M advice=hugepage"))
		return -1;
	return 0;
}

/*
 * A second task fills memory with small anonymous pages (movable: on the
 * LRU), then gives back the first 512K, 1M or 1.5M (seeded) of every
 * 2 MiB: part of each pageblock it filled comes free, no pageblock whole.
 * Pinned: a driver pins the last page of every 2 MiB, which compaction
 * cannot move.
 */
static int thp_lab_fragment(struct thp_lab *l)
{
	if (lab_run(&l->s, "spawn pid=2") ||
	    lab_run(&l->s, "mmap pid=2 addr=0x7e0000000000 len=%dM id=fill", THP_LAB_FILL_MB) ||
	    lab_run(&l->s, "madvise pid=2 addr=@fill len=%dM advice=nohugepage", THP_LAB_FILL_MB) ||
	    lab_run(&l->s, "touch pid=2 addr=@fill len=%dM write", THP_LAB_FILL_MB))
		return -1;
	for (int mb = 0; mb < THP_LAB_FILL_MB; mb += 2)
		if (lab_run(&l->s, "madvise pid=2 addr=@fill+%dM len=%uK advice=dontneed", mb,
			    l->hole_kb))
			return -1;
	/* The last page of each 2 MiB stays mapped whatever the hole. */
	for (int mb = 2; l->pinned && mb <= THP_LAB_FILL_MB; mb += 2)
		if (lab_run(&l->s, "pin id=p%d pid=2 addr=@fill+%dK len=4K", mb / 2, mb * 1024 - 4))
			return -1;
	return 0;
}

static void thp_lab_ask_state(struct thp_lab *l, const char *when)
{
	struct zone *z = thp_lab_zone(l);
	unsigned long nr_free = lab_buddy_free_pages(z);
	unsigned long nr_huge = lab_free_blocks_at_least(z, THP_LAB_HUGE_ORDER);
	struct lab_question *q;
	char index[16];

	q = lab_ask(l->sheet, "%s: how many pages are free in the buddy lists, and how\n"
		    "many free blocks of 2 MiB (order 9, an order-10 block counting twice)?", when);
	lab_answer(l->sheet, q, "%lu %lu", nr_free, nr_huge);
	lab_why(l->sheet, q, "From buddyinfo: the sum of count x 2^order, and order 9's count plus\n"
		"twice order 10's.");
	thp_lab_index(l, index, sizeof(index));
	q = lab_ask(l->sheet, "%s: the unusable free space index for order 9\n"
		    "(/sys/kernel/debug/extfrag/unusable_index, three decimals)?", when);
	lab_answer(l->sheet, q, "%s", index);
	lab_why(l->sheet, q, "unusable_free_index(): the share of free pages that lie in blocks too\n"
		"small for order 9: (%lu - %lu x 512) / %lu, in thousandths.",
		nr_free, nr_huge, nr_free);
}

static void thp_lab_why_fault(struct thp_lab *l, struct lab_question *q, bool had_block)
{
	bool direct = !strcmp(l->defrag, "always") || (!strcmp(l->defrag, "madvise") && l->madvised);

	if (had_block) {
		lab_why(l->sheet, q, "A free order-9 block exists: get_page_from_freelist() serves the\n"
			"huge page at once, whatever the defrag mode.");
		return;
	}
	lab_why(l->sheet, q, "No free order-9 block: what happens next is defrag=%s's\n"
		"(vma_thp_gfp_mask(), mm/huge_memory.c). ", l->defrag);
	if (!direct) {
		lab_why(l->sheet, q, "%s", !strcmp(l->defrag, "never")
			? "\"never\" gives GFP_TRANSHUGE_LIGHT: no reclaim, no compaction."
			: !strcmp(l->defrag, "defer")
			? "\"defer\" only wakes kswapd and kcompactd\nfor later, and the fault does not wait."
			: "\"madvise\" compacts directly only in\nMADV_HUGEPAGE ranges, and this one is not.");
		lab_why(l->sheet, q, "\nSo do_huge_pmd_anonymous_page() falls back to small pages.");
		return;
	}
	lab_why(l->sheet, q, "The fault may compact directly (__alloc_pages_direct_compact()).\n%s",
		!l->pinned
		? "The pages in the way are anonymous LRU pages, so compaction migrates\n"
		  "them into the holes of other pageblocks and frees a whole one."
		: "But every pageblock holds a pinned page: migration cannot move it\n"
		  "(the extra references), no pageblock comes free, and the fault falls back.");
}

static int thp_lab_fault(struct thp_lab *l)
{
	unsigned long alloc_before = lab_vmstat(&l->s, "thp_fault_alloc");
	bool had_block = lab_free_blocks_at_least(thp_lab_zone(l), THP_LAB_HUGE_ORDER) > 0;
	struct lab_question *q;

	if (lab_run(&l->s, "touch pid=1 addr=@buf len=2M write"))
		return -1;
	q = lab_ask(l->sheet, "The write to the 2 MiB mapping: does its fault get a huge page\n"
		    "(which of thp_fault_alloc and thp_fault_fallback grows in vmstat)?");
	lab_answer(l->sheet, q, "%s", lab_vmstat(&l->s, "thp_fault_alloc") > alloc_before
		   ? "thp_fault_alloc" : "thp_fault_fallback");
	thp_lab_why_fault(l, q, had_block);
	return 0;
}

static void thp_lab_intro(struct thp_lab *l)
{
	lab_setup(l->sheet, "The shell's machine: one node of 16 MiB, eight pageblocks of 512 pages.\n"
		  "THP is set to \"always\", defrag to \"%s\". Task 1 maps 2 MiB at a 2 MiB-\n"
		  "aligned address%s; its page tables claim a pageblock\n"
		  "for Unmovable (lab 2). Task 2 maps 12 MiB without THP, writes all of it\n"
		  "(small anonymous pages, in pfn order), and gives back the first %u KiB\n"
		  "of every 2 MiB (MADV_DONTNEED)%s.\n"
		  "Then task 1 writes all of its mapping; last, `sysctl vm.compact_memory=1`\n"
		  "compacts the zone.\n",
		  l->defrag, l->madvised ? " and madvise(MADV_HUGEPAGE)s it" : "", l->hole_kb,
		  l->pinned ? "; a driver pins the last page of every\n2 MiB (pin)" : "");
}

static int thp_lab_run(struct thp_lab *l, uint64_t seed)
{
	uint64_t rng = seed;
	struct lab_question *q;

	l->defrag = thp_lab_defrag[gen_random_range(&rng, 0, 3)];
	l->madvised = gen_random_range(&rng, 0, 1);
	l->pinned = gen_random_range(&rng, 0, 2) == 0;
	l->hole_kb = 512 * (unsigned int)gen_random_range(&rng, 1, 3);
	thp_lab_intro(l);
	if (thp_lab_task(l) || thp_lab_fragment(l))
		return -1;
	thp_lab_ask_state(l, "Before the task runs");
	if (thp_lab_fault(l) || lab_run(&l->s, "sysctl vm.compact_memory=1"))
		return -1;
	thp_lab_ask_state(l, "After compact_memory");
	q = &l->sheet->q[l->sheet->nr - 2];
	lab_why(l->sheet, q, "\ncompact_nodes() runs the migrate scanner up from the zone's start\n"
		"and the free scanner down from its end; %s",
		!l->pinned ? "the anonymous pages move up into the\nholes, and whole pageblocks "
			     "come free at the bottom."
			   : "a pageblock with a pinned page\ncannot be emptied, whatever moves.");
	return 0;
}

static int thp_lab_run_state(void *state, void *seed_arg)
{
	uint64_t seed = *(const uint64_t *)seed_arg;
	struct thp_lab *l = state;

	l->sheet = l->s.sheet;
	return thp_lab_run(l, seed);
}

static int thp_lab_generate(struct lab_sheet *sheet, uint64_t seed, char *err, size_t err_len)
{
	return lab_generate_on(sheet, "thp", NULL, sizeof(struct thp_lab), thp_lab_run_state, &seed,
				       err, err_len);
}

const struct lab lab_thp = {
	.name = "thp",
	.title = "transparent huge pages and fragmentation",
	.doc = "docs/labs/11-thp.md",
	.generate = thp_lab_generate,
};
