/*
 * sim/lab_hotplug.c - lab 10, memory hotplug: offlining and onlining
 * (docs/labs/10-hotplug.md): its seeded exercise.
 *
 * The scenario: four nodes of 128 MiB, so memory block N (the x86_64
 * block size, one section) is exactly node N's memory; node 0 holds the
 * boot reservations (8 MiB: the kernel image, the memmap), the others
 * none.  One seeded node may first have its block offlined and onlined
 * again as online_movable (ZONE_MOVABLE).  Then each of nodes 1 to 3
 * gets seeded allocations pinned to it with __GFP_THISNODE: movable
 * compound ones (which migration may move), and perhaps a kernel one
 * (GFP_KERNEL, which may not use ZONE_MOVABLE and never moves).  Then
 * every block is offlined in a seeded order: offline_pages() isolates
 * the block (has_unmovable_pages() refuses a reserved or unmovable page
 * outside ZONE_MOVABLE: -EBUSY), migrates what is in use to the other
 * nodes with memory and takes the frames out of the zone.
 *
 * Invariant: the answers are read off the machine (each block's state,
 * pgmigrate_success, totalram_pages(), the allocations' tracepoint),
 * never computed here.
 *
 * No kernel counterpart: the rules are mm/memory_hotplug.c's,
 * mm/page_isolation.c's and drivers/base/memory.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/memory_hotplug.h"
#include "mm/pageblock_census.h"
#include "mm/vmstat_counters.h"
#include "sim/lab_internal.h"
#include "sim/lab_util_compact.h"
#include "workloads/gen_random.h"

#define HOTPLUG_LAB_NR_NODES	4
#define HOTPLUG_LAB_MAX_MOVABLE	3	/* movable allocations per node, at most */

static const char hotplug_lab_config[] =
	"{\n"
	"  \"machine\": { \"nodes\": [\n"
	"    {\"mem\": \"128M\", \"cpus\": 1, \"reserved\": \"8M\"},\n"
	"    {\"mem\": \"128M\", \"cpus\": 1}, {\"mem\": \"128M\", \"cpus\": 1},\n"
	"    {\"mem\": \"128M\", \"cpus\": 1} ] },\n"
	"  \"kernel\": { \"profile\": \"linux-6.1\", \"reserved\": \"0\" }\n"
	"}\n";

struct hotplug_lab {
	struct lab_session s;
	struct lab_sheet *sheet;
	struct lab_trace_watch w;
	int movable_nid;		/* the node onlined movable; -1: none */
	bool kernel_page[HOTPLUG_LAB_NR_NODES];	/* a GFP_KERNEL page got there */
};

static unsigned long hotplug_lab_kib(unsigned long nr_pages)
{
	return nr_pages * (PAGE_SIZE / 1024);
}

static const char *hotplug_lab_state(struct hotplug_lab *h, unsigned long id)
{
	const struct memory_block *mb = find_memory_block_by_id(&h->s.m, id);

	return mb && mb->state == MEM_OFFLINE ? "offline" : "online";
}

struct hotplug_lab_count {
	unsigned long allocated;
};

static void hotplug_lab_count_block(void *arg, const struct pageblock_census *b)
{
	struct hotplug_lab_count *c = arg;

	for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
		c->allocated += b->used[mt];
}

/* The pages allocations hold on each node, "node 0 N, node 1 N, ...". */
static void hotplug_lab_used(struct hotplug_lab *h, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int nid = 0; nid < HOTPLUG_LAB_NR_NODES && used < len; nid++) {
		struct hotplug_lab_count c = { 0 };

		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = lab_zone(&h->s, nid, zid);

			if (z && populated_zone(z))
				pageblock_census_walk(&h->s.m, z, hotplug_lab_count_block, &c);
		}
		used += (size_t)snprintf(buf + used, len - used, "%snode %d %lu", nid ? ", " : "",
					 nid, c.allocated);
	}
}

/* Make the seeded node's block ZONE_MOVABLE: offline it, online it movable. */
static int hotplug_lab_movable(struct hotplug_lab *h, uint64_t *rng)
{
	h->movable_nid = (int)gen_random_range(rng, 0, 3);
	if (h->movable_nid == 0) {
		h->movable_nid = -1;
		return 0;
	}
	return lab_run(&h->s, "sysfs path=devices/system/memory/memory%d/state value=offline",
		       h->movable_nid) ||
	       lab_run(&h->s, "sysfs path=devices/system/memory/memory%d/state value=online_movable",
		       h->movable_nid);
}

/* One allocation on node nid; did it get its pages? */
static int hotplug_lab_alloc(struct hotplug_lab *h, const char *id, unsigned int order,
			     const char *gfp, int nid, bool *got)
{
	const struct mm_event *ev;
	int ret;

	lab_watch_start(&h->w, &h->s.m, MM_EV_BIT(MM_EV_mm_page_alloc));
	ret = lab_run(&h->s, "alloc id=%s order=%u gfp=%s|__GFP_THISNODE node=%d", id, order, gfp,
		      nid);
	lab_watch_stop(&h->w);
	ev = lab_watch_last(&h->w, MM_EV_mm_page_alloc);
	/* The tracepoint fires for a failed allocation too, without a pfn. */
	*got = ev && ev->mm_page_alloc.pfn != PFN_NONE;
	return ret;
}

/* Node nid's seeded allocations; the kernel one is asked about. */
static int hotplug_lab_node_allocs(struct hotplug_lab *h, uint64_t *rng, int nid)
{
	unsigned int nr = (unsigned int)gen_random_range(rng, 0, HOTPLUG_LAB_MAX_MOVABLE);
	bool got, kernel = gen_random_range(rng, 0, 2) == 0;
	struct lab_question *q;
	char id[16];

	for (unsigned int k = 0; k < nr; k++) {
		snprintf(id, sizeof(id), "m%d%c", nid, 'a' + k);
		if (hotplug_lab_alloc(h, id, (unsigned int)gen_random_range(rng, 9, 10),
				      "GFP_HIGHUSER_MOVABLE|__GFP_COMP", nid, &got))
			return -1;
	}
	if (!kernel)
		return 0;
	snprintf(id, sizeof(id), "k%d", nid);
	if (hotplug_lab_alloc(h, id, 0, "GFP_KERNEL", nid, &got))
		return -1;
	h->kernel_page[nid] = got;
	q = lab_ask(h->sheet, "alloc id=%s (GFP_KERNEL on node %d only): does it get a page\n"
		    "(yes/no)?", id, nid);
	lab_answer(h->sheet, q, "%s", got ? "yes" : "no");
	lab_why(h->sheet, q, "gfp_zone(GFP_KERNEL) is ZONE_NORMAL: the zonelist walk stops below\n"
		"ZONE_MOVABLE, and __GFP_THISNODE keeps it on node %d, whose memory %s.",
		nid, nid == h->movable_nid ? "is all ZONE_MOVABLE: the allocation fails"
					   : "is in ZONE_NORMAL: it gets its page");
	return 0;
}

/* Offline block id; one question on its state and migrations. */
static int hotplug_lab_offline(struct hotplug_lab *h, unsigned long id)
{
	unsigned long moved = h->s.m.vm_events[PGMIGRATE_SUCCESS];
	struct lab_question *q;
	char used[256];
	const char *state;

	if (lab_run(&h->s, "sysfs path=devices/system/memory/memory%lu/state value=offline", id))
		return -1;
	moved = h->s.m.vm_events[PGMIGRATE_SUCCESS] - moved;
	state = hotplug_lab_state(h, id);
	hotplug_lab_used(h, used, sizeof(used));
	q = lab_ask(h->sheet, "Offlining memory%lu: its state file afterwards, and the pages\n"
		    "migrated (answer as STATE PAGES, e.g. offline 512)?", id);
	lab_answer(h->sheet, q, "%s %lu", state, moved);
	if (!strcmp(state, "online"))
		lab_why(h->sheet, q, "start_isolate_page_range() refused: has_unmovable_pages() found a\n"
			"page that cannot move in a pageblock of ZONE_NORMAL (%s): -EBUSY\n"
			"before any migration, and the block stays online.",
			id == 0 ? "a reserved frame of the boot reservations"
				: h->kernel_page[id] ? "the GFP_KERNEL page" : "an unmovable page");
	else
		lab_why(h->sheet, q, "Every pageblock isolated, then do_migrate_range() moved each page in\n"
			"use (%lu pages: the movable allocations on node %lu, with what earlier\n"
			"offlines moved there) to the first other node of the source node's\n"
			"zonelist with room (alloc_migration_target(), the source node cleared\n"
			"from the mask); test_pages_isolated() found every frame free and the\n"
			"block went.", moved, id);
	lab_why(h->sheet, q, "\nPages allocated on each node afterwards: %s.", used);
	return 0;
}

static int hotplug_lab_scenario(struct hotplug_lab *h, uint64_t *rng)
{
	unsigned long order[HOTPLUG_LAB_NR_NODES] = { 0, 1, 2, 3 };
	struct lab_question *q;

	if (hotplug_lab_movable(h, rng))
		return -1;
	for (int nid = 1; nid < HOTPLUG_LAB_NR_NODES; nid++)
		if (hotplug_lab_node_allocs(h, rng, nid))
			return -1;
	for (unsigned int i = HOTPLUG_LAB_NR_NODES - 1; i > 0; i--) {
		unsigned int j = (unsigned int)gen_random_range(rng, 0, i);
		unsigned long t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	for (unsigned int i = 0; i < HOTPLUG_LAB_NR_NODES; i++)
		if (hotplug_lab_offline(h, order[i]))
			return -1;
	q = lab_ask(h->sheet, "MemTotal (kB) at the end?");
	lab_answer(h->sheet, q, "%lu", hotplug_lab_kib(totalram_pages(&h->s.m)));
	lab_why(h->sheet, q, "totalram_pages(): offline_pages() takes each offlined block's managed\n"
		"pages away (adjust_managed_page_count()); a block that stayed online\n"
		"keeps them.");
	return 0;
}

static int hotplug_lab_generate(struct lab_sheet *sheet, uint64_t seed, char *err, size_t err_len)
{
	struct hotplug_lab *h = calloc(1, sizeof(*h));
	uint64_t rng = seed;
	int ret = -1;

	if (!h)
		return snprintf(err, err_len, "out of memory"), -1;
	h->sheet = sheet;
	if (lab_session_boot(&h->s, hotplug_lab_config, sheet))
		goto out;
	lab_setup(sheet, "Four nodes of 128 MiB, one CPU each; the memory block size is 128 MiB,\n"
		  "so memoryN is node N's memory (pfns N * 32768 on), zone Normal, online.\n"
		  "Node 0 holds the boot reservations (8 MiB: kernel image, memmap), the\n"
		  "other nodes none.  MemTotal %lu kB.\n\n"
		  "Maybe one node's block is first offlined and onlined again with\n"
		  "online_movable.  Then nodes 1 to 3 get allocations bound to them with\n"
		  "__GFP_THISNODE: mNx movable (GFP_HIGHUSER_MOVABLE|__GFP_COMP, order 9 or\n"
		  "10), kN a kernel page (GFP_KERNEL, order 0).  Then each block is offlined\n"
		  "(sysfs .../memoryN/state value=offline), in a seeded order.  All\n"
		  "distances between nodes are equal, so node N's zonelist holds N, then\n"
		  "the nodes above N in order, then those below from node 0 up\n"
		  "(find_next_best_node() prefers the next node).\n", hotplug_lab_kib(totalram_pages(&h->s.m)));
	ret = hotplug_lab_scenario(h, &rng);
out:
	if (ret)
		snprintf(err, err_len, "lab hotplug: %s", h->s.msg);
	lab_session_release(&h->s);
	free(h);
	return ret;
}

const struct lab lab_hotplug = {
	.name = "hotplug",
	.title = "memory hotplug: offlining and onlining",
	.doc = "docs/labs/10-hotplug.md",
	.config_json = hotplug_lab_config,
	.generate = hotplug_lab_generate,
};
