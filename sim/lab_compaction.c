/*
 * sim/lab_compaction.c - lab 8, memory compaction and its two scanners
 * (docs/labs/08-compaction.md): its seeded exercise.
 *
 * The scenario: on the shell's 16 MiB machine a task fills most of
 * memory with anonymous order-0 pages (MADV_NOHUGEPAGE, so no THP, which
 * compaction would step over), then gives back a seeded selection of
 * 256 KiB chunks with MADV_DONTNEED, and the per-CPU lists are drained:
 * free memory is scattered over every pageblock in small blocks.  The
 * setup prints each pageblock's census (free, movable, other frames).
 * Then `sysctl vm.compact_memory=1` compacts the zone: compact_node()
 * with order -1, MIGRATE_SYNC, whole zone, skip hints ignored, so
 * neither fast search runs and both scanners walk linearly: the migrate
 * scanner up from pageblock 0, the free scanner down from the last one,
 * until compact_scanners_met().  The census is what a student needs to
 * play the two scanners by hand.
 *
 * Invariant: the answers are read off the machine (vmstat counters,
 * buddyinfo, the census, the mm_compaction_end tracepoint,
 * compaction_suitable()), never computed by a model in this file.
 *
 * No kernel counterpart: the rules are mm/compaction.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/compaction.h"
#include "mm/vmstat.h"
#include "mm/vmstat_counters.h"
#include "sim/lab_internal.h"
#include "sim/lab_util_compact.h"
#include "workloads/gen_random.h"

#define COMPACT_LAB_MIB		14u	/* the task's mapping */
#define COMPACT_LAB_CHUNK_KIB	256u	/* what one MADV_DONTNEED may give back */
#define COMPACT_LAB_HUGE_ORDER	9u	/* pageblock_order: a THP */

struct compact_lab {
	struct lab_session s;
	struct lab_sheet *sheet;
	struct lab_census before, after;
	struct lab_trace_watch w;	/* the compaction run's tracepoints */
	char table[2048];		/* a census as text */
};

static struct zone *compact_lab_zone(struct compact_lab *c)
{
	return lab_zone(&c->s, 0, ZONE_NORMAL);
}

/* Fill, then free a seeded selection of chunks (runs of them as one call), then drain. */
static int compact_lab_fragment(struct compact_lab *c, uint64_t *rng)
{
	const unsigned int nr_chunks = COMPACT_LAB_MIB * 1024 / COMPACT_LAB_CHUNK_KIB;
	const unsigned int keep_in_4 = (unsigned int)gen_random_range(rng, 1, 3);
	unsigned int run = 0;

	if (lab_run(&c->s, "spawn pid=1") ||
	    lab_run(&c->s, "mmap pid=1 len=%uM id=h", COMPACT_LAB_MIB) ||
	    lab_run(&c->s, "madvise pid=1 addr=@h len=%uM advice=nohugepage", COMPACT_LAB_MIB) ||
	    lab_run(&c->s, "touch pid=1 addr=@h len=%uM write", COMPACT_LAB_MIB))
		return -1;
	for (unsigned int k = 0; k <= nr_chunks; k++) {
		bool freed = k < nr_chunks && gen_random_range(rng, 0, 3) >= keep_in_4;

		if (freed) {
			run++;
			continue;
		}
		if (run && k == run && lab_run(&c->s, "madvise pid=1 addr=@h len=%uK advice=dontneed",
					       run * COMPACT_LAB_CHUNK_KIB))
			return -1;
		if (run && k > run && lab_run(&c->s, "madvise pid=1 addr=@h+%uK len=%uK advice=dontneed",
					      (k - run) * COMPACT_LAB_CHUNK_KIB,
					      run * COMPACT_LAB_CHUNK_KIB))
			return -1;
		run = 0;
	}
	/* vmstat_refresh(): exact counters for the setup's numbers. */
	return lab_run(&c->s, "drain") || lab_run(&c->s, "sysctl vm.stat_refresh=1") ? -1 : 0;
}

static unsigned long compact_lab_event(struct compact_lab *c, enum vm_event_item item)
{
	return c->s.m.vm_events[item];
}

/* Pageblocks wholly free in the census, as "1 2 5" ("none" when none). */
static void compact_lab_free_blocks(struct compact_lab *c, const struct lab_census *census,
				    char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < census->nr && used < len; i++)
		if (census->b[i].free == pageblock_nr_pages(&c->s.m))
			used += (size_t)snprintf(buf + used, len - used, "%s%llu", used ? " " : "",
						 (unsigned long long)(census->b[i].start_pfn >>
								      c->s.m.pageblock_order));
	if (!used)
		snprintf(buf, len, "none");
}

static void compact_lab_ask_fragindex(struct compact_lab *c)
{
	struct zone *zone = compact_lab_zone(c);
	int index = fragmentation_index(zone, COMPACT_LAB_HUGE_ORDER);
	/* The slow path's alloc_flags hold ALLOC_WMARK_MIN, which is WMARK_MIN. */
	enum compact_result r = compaction_suitable(&c->s.m, zone, COMPACT_LAB_HUGE_ORDER,
						    (unsigned int)WMARK_MIN, ZONE_NORMAL);
	struct lab_question *q;

	q = lab_ask(c->sheet, "Before compacting: the zone's fragmentation index for order 9\n"
		    "(debugfs extfrag/extfrag_index, three decimals)?");
	lab_answer(c->sheet, q, "%d.%03d", index / 1000, index % 1000);
	lab_why(c->sheet, q, "__fragmentation_index() (mm/vmstat.c), from buddyinfo: with F free\n"
		"pages in B free blocks of any order and no block of order 9 or more,\n"
		"index = 1000 - (1000 + F * 1000 / 512) / B (integer divisions); -1000\n"
		"when a block of the order is free.  Near 1000: the failure is\n"
		"fragmentation; near 0: lack of memory.");
	q = lab_ask(c->sheet, "With vm.extfrag_threshold at %d, would compaction_suitable()\n"
		    "let direct compaction run for an order-9 request in this zone (yes/no)?",
		    c->s.m.vm.extfrag_threshold);
	lab_answer(c->sheet, q, "%s", r == COMPACT_CONTINUE ? "yes" : "no");
	lab_why(c->sheet, q, "compaction_suitable() (mm/compaction.c) answers COMPACT_SUCCESS when\n"
		"an order-9 block is free already, COMPACT_SKIPPED when the order-0 free\n"
		"pages are below the low watermark plus compact_gap(9) = 1024, and, for\n"
		"costly orders, COMPACT_NOT_SUITABLE_ZONE (treated as skipped) when the\n"
		"index is at or below vm.extfrag_threshold.  Here: %s.",
		r == COMPACT_CONTINUE ? "COMPACT_CONTINUE"
				      : "it does not run");
}

/* The run's steps, from its tracepoints, into q's reasoning. */
static void compact_lab_steps(struct compact_lab *c, struct lab_question *q)
{
	size_t kept = c->w.nr < LAB_WATCH_MAX ? c->w.nr : LAB_WATCH_MAX;

	lab_why(c->sheet, q, "\nThe run's tracepoints (pfn ranges [start, end)):");
	for (size_t i = 0; i < kept; i++) {
		const struct mm_event *ev = &c->w.ev[i];

		if (ev->id == MM_EV_mm_compaction_isolate_migratepages)
			lab_why(c->sheet, q, "\n  migrate scanner [%lu, %lu): isolated %lu pages",
				ev->mm_compaction_isolate_migratepages.start_pfn,
				ev->mm_compaction_isolate_migratepages.end_pfn,
				ev->mm_compaction_isolate_migratepages.nr_taken);
		else if (ev->id == MM_EV_mm_compaction_isolate_freepages)
			lab_why(c->sheet, q, "\n  free scanner    [%lu, %lu): isolated %lu free pages",
				ev->mm_compaction_isolate_freepages.start_pfn,
				ev->mm_compaction_isolate_freepages.end_pfn,
				ev->mm_compaction_isolate_freepages.nr_taken);
		else if (ev->id == MM_EV_mm_compaction_migratepages)
			lab_why(c->sheet, q, "\n  migrate_pages(): %lu moved, %lu not",
				ev->mm_compaction_migratepages.nr_migrated,
				ev->mm_compaction_migratepages.nr_failed);
	}
	if (c->w.nr > kept)
		lab_why(c->sheet, q, "\n  ... (%zu more)", c->w.nr - kept);
}

static void compact_lab_ask_run(struct compact_lab *c, unsigned long migrated)
{
	const struct mm_event *end = lab_watch_last(&c->w, MM_EV_mm_compaction_end);
	pfn_t migrate_pfn = end->mm_compaction_end.migrate_pfn;
	pfn_t free_pfn = end->mm_compaction_end.free_pfn;
	struct lab_question *q;
	char buf[256];

	q = lab_ask(c->sheet, "sysctl vm.compact_memory=1: how many pages does compaction\n"
		    "migrate (pgmigrate_success)?");
	lab_answer(c->sheet, q, "%lu", migrated);
	lab_why(c->sheet, q, "compact_node() runs compact_zone() with order -1 over the whole zone:\n"
		"isolate_migratepages() takes the movable pages block by block from\n"
		"pageblock 0 up, isolate_freepages() supplies free pages from the last\n"
		"pageblock down, and migrate_pages() moves one onto the other until\n"
		"compact_scanners_met().  Every movable page the migrate scanner passed\n"
		"before that point moved, as long as free pages came: %lu pages.", migrated);
	compact_lab_steps(c, q);
	q = lab_ask(c->sheet, "In which pageblock did the scanners meet (mm_compaction_end's\n"
		    "migrate_pfn divided by 512)?");
	lab_answer(c->sheet, q, "%llu", (unsigned long long)(migrate_pfn >> c->s.m.pageblock_order));
	lab_why(c->sheet, q, "The run ended with migrate_pfn %llu and free_pfn %llu:\n"
		"compact_scanners_met() compares their pageblocks, and stops once the\n"
		"free scanner's is not above the migrate scanner's.  The free scanner\n"
		"never takes pages from the migrate scanner's own block\n"
		"(isolate_freepages() stops below pageblock_end_pfn(migrate_pfn)).",
		(unsigned long long)migrate_pfn, (unsigned long long)free_pfn);
	compact_lab_free_blocks(c, &c->after, buf, sizeof(buf));
	q = lab_ask(c->sheet, "Which pageblocks are wholly free afterwards (their numbers, or\n"
		    "none)?");
	lab_answer(c->sheet, q, "%s", buf);
	lab_why(c->sheet, q, "A block ends wholly free when the migrate scanner moved all its\n"
		"movable pages (it lies below the meeting point and free pages\n"
		"still came) and nothing else used it: page tables and reserved\n"
		"frames do not move.  After the run and the drain:\n\n");
	lab_census_text(&c->s.m, &c->after, 0, c->after.nr, c->table, sizeof(c->table));
	lab_why(c->sheet, q, "%s", c->table);
}

static int compact_lab_run(struct compact_lab *c)
{
	unsigned long migrated = compact_lab_event(c, PGMIGRATE_SUCCESS);
	struct lab_question *q;
	int ret;

	lab_watch_start(&c->w, &c->s.m, MM_EV_BIT(MM_EV_mm_compaction_isolate_migratepages) |
			MM_EV_BIT(MM_EV_mm_compaction_isolate_freepages) |
			MM_EV_BIT(MM_EV_mm_compaction_migratepages) |
			MM_EV_BIT(MM_EV_mm_compaction_end));
	ret = lab_run(&c->s, "sysctl vm.compact_memory=1");
	lab_watch_stop(&c->w);
	if (ret || lab_run(&c->s, "drain") || lab_run(&c->s, "sysctl vm.stat_refresh=1"))
		return -1;
	if (!lab_watch_last(&c->w, MM_EV_mm_compaction_end)) {
		snprintf(c->s.msg, sizeof(c->s.msg), "compaction did not run");
		return -1;
	}
	migrated = compact_lab_event(c, PGMIGRATE_SUCCESS) - migrated;
	if (lab_census_take(&c->s.m, compact_lab_zone(c), &c->after))
		return snprintf(c->s.msg, sizeof(c->s.msg), "out of memory"), -1;
	compact_lab_ask_run(c, migrated);
	q = lab_ask(c->sheet, "After the drain: how many free pages has the zone (nr_free_pages)?");
	lab_answer(c->sheet, q, "%lu", zone_page_state(compact_lab_zone(c), NR_FREE_PAGES));
	lab_why(c->sheet, q, "As many as before the run (the setup's number): migrate_pages() takes\n"
		"one free page for each page it moves and frees the old one.\n"
		"Compaction rearranges free memory, it never makes more.");
	return 0;
}

static int compact_lab_generate(struct lab_sheet *sheet, uint64_t seed, char *err, size_t err_len)
{
	struct compact_lab *c = calloc(1, sizeof(*c));
	uint64_t rng = seed;
	char row[256];
	int ret = -1;

	if (!c)
		return snprintf(err, err_len, "out of memory"), -1;
	c->sheet = sheet;
	if (lab_session_boot(&c->s, NULL, sheet) || compact_lab_fragment(c, &rng))
		goto out;
	if (lab_census_take(&c->s.m, compact_lab_zone(c), &c->before)) {
		snprintf(c->s.msg, sizeof(c->s.msg), "out of memory");
		goto out;
	}
	lab_buddyinfo_row(compact_lab_zone(c), row, sizeof(row));
	lab_setup(sheet, "The shell's machine (16 MiB, zone Normal, eight pageblocks of 512\n"
		  "frames).  Task 1 writes %u MiB of anonymous memory without THP, gives\n"
		  "back a seeded selection of 256 KiB chunks, the per-CPU lists are\n"
		  "drained and the counters folded (vm.stat_refresh).  Free blocks per\n"
		  "order 0 to 10 (show buddyinfo):\n\n  %s\n\n"
		  "Each pageblock's frames (show block N): free in the buddy allocator,\n"
		  "used by movable pages (the task's, on the LRU), used otherwise (page\n"
		  "tables, reserved memory):\n\n", COMPACT_LAB_MIB, row);
	lab_census_text(&c->s.m, &c->before, 0, c->before.nr, c->table, sizeof(c->table));
	lab_setup(sheet, "%s", c->table);
	if (lab_run(&c->s, "sysctl vm.extfrag_threshold=%u",
		    (unsigned int)gen_random_range(&rng, 5, 9) * 100))
		goto out;
	lab_setup(sheet, "\nThe zone's free pages: %lu; its watermarks min %lu, low %lu, high %lu.\n"
		  "The exercise sets vm.extfrag_threshold to %d.\n",
		  zone_page_state(compact_lab_zone(c), NR_FREE_PAGES),
		  min_wmark_pages(compact_lab_zone(c)), low_wmark_pages(compact_lab_zone(c)),
		  high_wmark_pages(compact_lab_zone(c)), c->s.m.vm.extfrag_threshold);
	lab_setup(sheet, "\nThen sysctl vm.compact_memory=1 compacts the zone, and a drain gives\n"
		  "the buddy allocator the pages compaction freed onto the per-CPU lists\n"
		  "(compact_zone() drains them itself only for an allocation's order);\n"
		  "the counters are folded again.\n");
	compact_lab_ask_fragindex(c);
	ret = compact_lab_run(c);
out:
	if (ret)
		snprintf(err, err_len, "lab compaction: %s", c->s.msg);
	lab_census_release(&c->before);
	lab_census_release(&c->after);
	lab_session_release(&c->s);
	free(c);
	return ret;
}

const struct lab lab_compaction = {
	.name = "compaction",
	.title = "memory compaction and its two scanners",
	.doc = "docs/labs/08-compaction.md",
	.generate = compact_lab_generate,
};
