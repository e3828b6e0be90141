/*
 * sim/report_trace.c - the report of a trace recorded on a real kernel
 * (workloads/FORMAT.md 4.1, 4.4): in a demand replay, "numasim vs the
 * traced kernel", the kernel's choices (pfn=, extfrag) beside numasim's
 * own for the same demand; in a followed replay, what following the trace
 * did and where it disagreed with the simulated memory.
 *
 * The comparison's two sides count the same records: the traced side what
 * the kernel's pfn= and extfrag say, the numasim side what numasim's
 * allocator did with each alloc that carried pfn= (its fallbacks: every
 * fallback of the replay, struct mm_sim_stats).  Placement is in pages,
 * each traced pfn mapped through the simulated machine's layout.
 *
 * No kernel counterpart.
 */
#include "sim/report_internal.h"

#include "mm/vmstat.h"
#include "mm/page_place.h"
#include "sim/verbs.h"

static json_t *side_pair(unsigned long traced, unsigned long sim)
{
	return json_pack("{s:I, s:I}", "traced", (json_int_t)traced, "numasim", (json_int_t)sim);
}

static json_t *side_orders(const unsigned long traced[MAX_ORDER],
			   const unsigned long sim[MAX_ORDER])
{
	return json_pack("{s:o, s:o}", "traced", report_json_order_array(traced),
			 "numasim", report_json_order_array(sim));
}

/* Fallbacks by "Alloc->Fallback" type, the pairs either side saw. */
static json_t *fallbacks_json(const struct machine *m, const struct traced_counts *t)
{
	json_t *o = json_object();
	char key[64];

	for (int a = 0; a < MIGRATE_TYPES; a++)
		for (int f = 0; f < MIGRATE_TYPES; f++) {
			unsigned long sim = m->stats.extfrag_by_type[a][f];

			if (!t->extfrag[a][f] && !sim)
				continue;
			snprintf(key, sizeof(key), "%s->%s", migratetype_names[a], migratetype_names[f]);
			json_object_set_new(o, key, side_pair(t->extfrag[a][f], sim));
		}
	return o;
}

static unsigned long traced_extfrag_total(const struct traced_counts *t)
{
	unsigned long nr = 0;

	for (int a = 0; a < MIGRATE_TYPES; a++)
		for (int f = 0; f < MIGRATE_TYPES; f++)
			nr += t->extfrag[a][f];
	return nr;
}

static json_t *placement_json(const struct machine *m, const struct traced_counts *t)
{
	json_t *a = json_array();
	const struct zone *zone;

	for_each_report_zone(m, nid, zidx, zone)
		json_array_append_new(a, json_pack("{s:i, s:s, s:I, s:I}", "node", nid,
			"zone", zone_names[zidx],
			"traced_pages", (json_int_t)t->zone_pages[nid][zidx],
			"numasim_pages", (json_int_t)t->sim_zone_pages[nid][zidx]));
	return a;
}

/* A side's pages on node nid, all its zones. */
static unsigned long node_pages(const unsigned long zone_pages[MAX_NUMNODES][MAX_NR_ZONES],
				int nid)
{
	unsigned long nr = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		nr += zone_pages[nid][z];
	return nr;
}

static json_t *placement_nodes_json(const struct machine *m, const struct traced_counts *t)
{
	json_t *a = json_array();

	for (int nid = 0; nid < (int)m->nr_node_ids; nid++)
		json_array_append_new(a, json_pack("{s:i, s:I, s:I}", "node", nid,
			"traced_pages", (json_int_t)node_pages(t->zone_pages, nid),
			"numasim_pages", (json_int_t)node_pages(t->sim_zone_pages, nid)));
	return a;
}

json_t *report_comparison_json(const struct machine *m, const struct traced_counts *t)
{
	const struct mm_sim_stats *s = &m->stats;

	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:I}",
			 "allocations", side_orders(t->alloc, t->sim_alloc),
			 "failed", side_orders(t->fail, t->sim_fail),
			 "fallbacks", side_pair(traced_extfrag_total(t), s->extfrag_events),
			 "fallbacks_by_type", fallbacks_json(m, t),
			 "fragmenting", side_pair(t->extfrag_fragmenting, s->extfrag_fragmenting),
			 "change_ownership", side_pair(t->extfrag_change_ownership,
						       s->extfrag_change_ownership),
			 "placement", placement_json(m, t),
			 "placement_by_node", placement_nodes_json(m, t),
			 "traced_outside_pages", (json_int_t)t->outside_pages,
			 "pre_trace_frees", (json_int_t)t->pretrace_frees);
}

static void print_pair(FILE *f, const char *label, unsigned long traced, unsigned long sim)
{
	fprintf(f, "  %-28s %10lu %10lu\n", label, traced, sim);
}

void report_comparison_print(FILE *f, const struct machine *m, const struct traced_counts *t)
{
	const struct mm_sim_stats *s = &m->stats;
	const struct zone *zone;
	char label[64];

	fprintf(f, "numasim vs the traced kernel (the allocations that carried pfn=)\n");
	report_order_header(f, "allocations");
	report_order_row(f, "traced ok", t->alloc);
	report_order_row(f, "numasim ok", t->sim_alloc);
	report_order_row(f, "traced failed", t->fail);
	report_order_row(f, "numasim failed", t->sim_fail);
	fprintf(f, "\n%-30s %10s %10s\n", "fallbacks (extfrag)", "traced", "numasim");
	print_pair(f, "all", traced_extfrag_total(t), s->extfrag_events);
	for (int a = 0; a < MIGRATE_TYPES; a++)
		for (int b = 0; b < MIGRATE_TYPES; b++)
			if (t->extfrag[a][b] || s->extfrag_by_type[a][b]) {
				snprintf(label, sizeof(label), "%s->%s", migratetype_names[a],
					 migratetype_names[b]);
				print_pair(f, label, t->extfrag[a][b], s->extfrag_by_type[a][b]);
			}
	print_pair(f, "fragmenting", t->extfrag_fragmenting, s->extfrag_fragmenting);
	print_pair(f, "change_ownership", t->extfrag_change_ownership, s->extfrag_change_ownership);
	fprintf(f, "\n%-30s %10s %10s\n", "placement (pages)", "traced", "numasim");
	for_each_report_zone(m, nid, zidx, zone) {
		snprintf(label, sizeof(label), "node %d %s", nid, zone_names[zidx]);
		print_pair(f, label, t->zone_pages[nid][zidx], t->sim_zone_pages[nid][zidx]);
	}
	for (int nid = 0; nid < (int)m->nr_node_ids; nid++) {
		snprintf(label, sizeof(label), "node %d", nid);
		print_pair(f, label, node_pages(t->zone_pages, nid),
			   node_pages(t->sim_zone_pages, nid));
	}
	fprintf(f, "  %-28s %10lu %10s\n", "outside this machine", t->outside_pages, "-");
	fprintf(f, "pre-trace frees: %lu (blocks allocated before the trace; not replayed)\n\n",
		t->pretrace_frees);
}

json_t *report_follow_json(const struct machine *m)
{
	const struct mm_follow_stats *s = &m->follow;
	json_t *kinds = json_object();

	for (int k = FOLLOW_OK + 1; k < NR_FOLLOW_KINDS; k++)
		json_object_set_new(kinds, follow_kind_names[k],
				    json_integer((json_int_t)s->inconsistent[k]));
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:o}",
			 "placed_pcp", (json_int_t)s->placed_pcp,
			 "placed_buddy", (json_int_t)s->placed_buddy,
			 "pre_trace_frees", (json_int_t)s->pretrace_frees,
			 "reserved_released", (json_int_t)s->reserved_released,
			 "extfrag_applied", (json_int_t)s->extfrag_applied,
			 "inconsistencies", kinds);
}

void report_follow_print(FILE *f, const struct machine *m)
{
	const struct mm_follow_stats *s = &m->follow;
	unsigned long total = 0;

	for (int k = FOLLOW_OK + 1; k < NR_FOLLOW_KINDS; k++)
		total += s->inconsistent[k];
	fprintf(f, "followed: %lu blocks placed (%lu from per-CPU lists), %lu pre-trace frees, "
		"%lu boot-reserved frames released, %lu pageblock claims\n",
		s->placed_pcp + s->placed_buddy, s->placed_pcp, s->pretrace_frees,
		s->reserved_released, s->extfrag_applied);
	fprintf(f, "inconsistencies: %lu", total);
	for (int k = FOLLOW_OK + 1; k < NR_FOLLOW_KINDS; k++)
		fprintf(f, ", %s %lu", follow_kind_names[k], s->inconsistent[k]);
	fprintf(f, "\n\n");
}
