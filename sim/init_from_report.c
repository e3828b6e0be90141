/*
 * sim/init_from_report.c - how exactly --init-from matched (sim/init_from.h):
 * per zone, the snapshot's free pages, free blocks per order and list,
 * pageblocks per type and per-CPU pages against what the zone holds, in
 * the run's summary and in results.json's "init_from"; and a note for
 * everything that could not be taken as recorded, so nothing differs
 * silently.
 *
 * "Recorded" is the snapshot's count, a capped one as resolved (see
 * sim/init_from.c); a capped count buddyinfo could not resolve always
 * counts as differing.
 *
 * No kernel counterpart.
 */
#include "sim/init_from.h"

#include <stdio.h>
#include <string.h>

#include "mm/vmstat.h"

#define NOTE_BYTES	256

/* ---- the numbers compared ---- */

/* Types shown: the machine's pagetypeinfo columns, and any the snapshot has more. */
static bool type_shown(const struct init_from_report *rep, const struct init_from_zone *z, int mt)
{
	if (rep->type_in_abi[mt] || z->blocks[mt])
		return true;
	for (unsigned int order = 0; order < MAX_ORDER; order++)
		if (z->free[order][mt])
			return true;
	return false;
}

static bool free_count_differs(const struct init_from_zone *z, unsigned int order, int mt)
{
	return z->free[order][mt] != z->got_free[order][mt] ||
	       (z->capped[order][mt] && !z->resolved[order][mt]);
}

static bool order_capped(const struct init_from_zone *z, unsigned int order)
{
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		if (z->capped[order][mt] && !z->resolved[order][mt])
			return true;
	return false;
}

static unsigned long free_list_differs(const struct init_from_report *rep,
				       const struct init_from_zone *z, unsigned long *compared)
{
	unsigned long nr = 0;

	*compared = 0;
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		for (unsigned int order = 0; type_shown(rep, z, mt) && order < MAX_ORDER; order++) {
			(*compared)++;
			nr += free_count_differs(z, order, mt);
		}
	return nr;
}

unsigned long init_from_zone_differs(const struct init_from_report *rep,
				     const struct init_from_zone *z)
{
	unsigned long compared, nr = free_list_differs(rep, z, &compared);

	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		nr += z->blocks[mt] != z->got_blocks[mt];
	for (unsigned int cpu = 0; cpu < rep->nr_cpus; cpu++)
		nr += z->pcp[cpu] != z->got_pcp[cpu];
	return nr;
}

static void recorded_orders(const struct init_from_zone *z, unsigned long v[MAX_ORDER])
{
	for (unsigned int order = 0; order < MAX_ORDER; order++) {
		v[order] = 0;
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			v[order] += z->free[order][mt];
	}
}

static void got_orders(const struct init_from_zone *z, unsigned long v[MAX_ORDER])
{
	for (unsigned int order = 0; order < MAX_ORDER; order++) {
		v[order] = 0;
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			v[order] += z->got_free[order][mt];
	}
}

static unsigned long pages_of(const unsigned long v[MAX_ORDER])
{
	unsigned long nr = 0;

	for (unsigned int order = 0; order < MAX_ORDER; order++)
		nr += v[order] << order;
	return nr;
}

static unsigned long sum_cpus(const struct init_from_report *rep, const unsigned long *v)
{
	unsigned long nr = 0;

	for (unsigned int cpu = 0; cpu < rep->nr_cpus; cpu++)
		nr += v[cpu];
	return nr;
}

/* ---- the notes ---- */

typedef void (*note_fn)(void *ctx, const char *note);

static void capped_notes(const struct init_from_zone *z, note_fn fn, void *ctx)
{
	char note[NOTE_BYTES];

	for (unsigned int order = 0; order < MAX_ORDER; order++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			if (!z->capped[order][mt])
				continue;
			if (z->resolved[order][mt])
				snprintf(note, sizeof(note), "pagetypeinfo capped the %s order-%u count "
					 "(>100000); buddyinfo's order-%u total gives %lu",
					 migratetype_names[mt], order, order, z->free[order][mt]);
			else
				snprintf(note, sizeof(note), "pagetypeinfo capped the %s order-%u count "
					 "(>100000): %lu reconstructed, the zone had more",
					 migratetype_names[mt], order, z->got_free[order][mt]);
			fn(ctx, note);
		}
}

/* buddyinfo's order totals, where pagetypeinfo's (uncapped) differ: one note. */
static void buddyinfo_notes(const struct init_from_zone *z, note_fn fn, void *ctx)
{
	unsigned long rec[MAX_ORDER];
	char note[NOTE_BYTES];
	size_t len = 0;

	recorded_orders(z, rec);
	for (unsigned int order = 0; z->has_buddy && order < MAX_ORDER; order++) {
		if (z->buddy[order] == rec[order] || order_capped(z, order) || len >= sizeof(note))
			continue;
		len += (size_t)snprintf(note + len, sizeof(note) - len, "%s order %u %lu (not %lu)",
					len ? ";" : "buddyinfo, read at another moment, differs "
					"from pagetypeinfo, whose counts are used:", order,
					z->buddy[order], rec[order]);
	}
	if (len)
		fn(ctx, note);
}

/* Isolate and CMA, reconstructed as Movable. */
static void type_notes(const struct init_from_zone *z, note_fn fn, void *ctx)
{
	static const int types[] = { MIGRATE_ISOLATE, MIGRATE_CMA };
	char note[NOTE_BYTES];

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		int mt = types[i];
		unsigned long blocks = 0;

		for (unsigned int order = 0; order < MAX_ORDER; order++)
			blocks += z->free[order][mt];
		if (z->blocks[mt]) {
			snprintf(note, sizeof(note), "%lu %s pageblocks reconstructed as Movable (%s)",
				 z->blocks[mt], migratetype_names[mt], mt == MIGRATE_CMA ?
				 "numasim reserves no CMA areas" :
				 "isolation is a passing state numasim does not restore");
			fn(ctx, note);
		}
		if (blocks) {
			snprintf(note, sizeof(note), "%lu free blocks of the %s lists reconstructed on "
				 "the Movable lists", blocks, migratetype_names[mt]);
			fn(ctx, note);
		}
	}
}

/* Free blocks outside their type's pageblocks, or nowhere. */
static void placement_notes(const struct init_from_zone *z, note_fn fn, void *ctx)
{
	char note[NOTE_BYTES];

	for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
		unsigned long foreign = 0, unplaced = 0, pages = 0;

		for (unsigned int order = 0; order < MAX_ORDER; order++) {
			foreign += z->res.foreign[order][mt];
			unplaced += z->res.unplaced[order][mt];
			pages += z->res.unplaced[order][mt] << order;
		}
		if (foreign) {
			snprintf(note, sizeof(note), "%lu free blocks of the %s lists lie in pageblocks "
				 "of another type: the %s pageblocks had no room", foreign,
				 migratetype_names[mt], migratetype_names[mt]);
			fn(ctx, note);
		}
		if (unplaced) {
			snprintf(note, sizeof(note), "%lu free blocks (%lu pages) of the %s lists found "
				 "no room: allocated instead", unplaced, pages, migratetype_names[mt]);
			fn(ctx, note);
		}
	}
	if (z->res.pcp_unplaced) {
		snprintf(note, sizeof(note), "%lu per-CPU pages found no room (per-CPU lists off): "
			 "allocated instead", z->res.pcp_unplaced);
		fn(ctx, note);
	}
}

static void zone_notes(const struct init_from_zone *z, note_fn fn, void *ctx)
{
	char note[NOTE_BYTES];

	capped_notes(z, fn, ctx);
	buddyinfo_notes(z, fn, ctx);
	type_notes(z, fn, ctx);
	placement_notes(z, fn, ctx);
	if (z->boost > 0) {
		snprintf(note, sizeof(note), "watermark boost %ld recorded, 0 reconstructed (with "
			 "nothing to reclaim, kswapd would drop it)", z->boost);
		fn(ctx, note);
	}
}

/* ---- the summary ---- */

static void print_note(void *ctx, const char *note)
{
	fprintf(ctx, "  note: %s\n", note);
}

/* "  LABEL  n n n ... free pages per-CPU"; a capped order shows as ">n". */
static void print_row(FILE *f, const char *label, const unsigned long v[MAX_ORDER],
		      const struct init_from_zone *capped_in, unsigned long pcp)
{
	fprintf(f, "  %-14s", label);
	for (unsigned int order = 0; order < MAX_ORDER; order++) {
		char cell[24];

		snprintf(cell, sizeof(cell), "%s%lu",
			 capped_in && order_capped(capped_in, order) ? ">" : "", v[order]);
		fprintf(f, " %8s", cell);
	}
	fprintf(f, " %10lu %8lu\n", pages_of(v), pcp);
}

static void print_zone(FILE *f, const struct init_from_report *rep, const struct init_from_zone *z)
{
	unsigned long rec[MAX_ORDER], got[MAX_ORDER], compared, differ;

	recorded_orders(z, rec);
	got_orders(z, got);
	fprintf(f, "Node %d, zone %8s\n", z->nid, zone_names[z->zid]);
	print_row(f, "recorded", rec, z, sum_cpus(rep, z->pcp));
	print_row(f, "reconstructed", got, NULL, sum_cpus(rep, z->got_pcp));
	fprintf(f, "  pageblocks (recorded/reconstructed):");
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		if (type_shown(rep, z, mt))
			fprintf(f, " %s %lu/%lu", migratetype_names[mt], z->blocks[mt],
				z->got_blocks[mt]);
	fprintf(f, ", %lu retyped\n", z->res.pageblocks_retyped);
	differ = free_list_differs(rep, z, &compared);
	if (differ)
		fprintf(f, "  free lists by type: %lu of %lu counts differ", differ, compared);
	else
		fprintf(f, "  free lists by type: all %lu counts match", compared);
	if (z->has_zoneinfo_free)
		fprintf(f, "; zoneinfo's nr_free_pages %ld", z->zoneinfo_free);
	fprintf(f, "; %lu pages allocated\n", z->res.used_pages);
	if (z->lru_items)
		fprintf(f, "  allocated pages by kind: %lu movable (zoneinfo's LRU pages: %lu), "
			"%lu unmovable in Movable pageblocks, %lu movable in others\n",
			z->res.used_movable, z->lru_pages, z->res.used_unmovable_in_movable,
			z->res.used_movable_elsewhere);
	zone_notes(z, print_note, f);
}

void init_from_print(FILE *f, const struct init_from_report *rep)
{
	unsigned long differ = 0;

	for (size_t i = 0; i < rep->nr_zones; i++)
		differ += init_from_zone_differs(rep, &rep->zones[i]);
	fprintf(f, "started from %s (", rep->dir);
	for (size_t i = 0; i < rep->nr_files; i++)
		fprintf(f, "%s%s", i ? ", " : "", rep->files[i]);
	if (differ)
		fprintf(f, "): %lu count%s differ%s\n", differ, differ == 1 ? "" : "s",
			differ == 1 ? "s" : "");
	else
		fprintf(f, "): every count matches\n");
	fprintf(f, "%-16s", "free blocks");
	for (int order = 0; order < MAX_ORDER; order++)
		fprintf(f, " %8d", order);
	fprintf(f, " %10s %8s\n", "free pages", "per-CPU");
	for (size_t i = 0; i < rep->nr_zones; i++)
		print_zone(f, rep, &rep->zones[i]);
	fputc('\n', f);
}

/* ---- results.json ---- */

static void json_note(void *ctx, const char *note)
{
	json_array_append_new(ctx, json_string(note));
}

static json_t *json_ulongs(const unsigned long *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_integer((json_int_t)v[i]));
	return a;
}

/* {"0": {"Unmovable": n, ...}, ...} over the types shown. */
static json_t *json_free_area(const struct init_from_report *rep, const struct init_from_zone *z,
			      const unsigned long (*v)[MIGRATE_TYPES])
{
	json_t *fa = json_object();

	for (unsigned int order = 0; order < MAX_ORDER; order++) {
		json_t *types = json_object();
		char key[8];

		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			if (type_shown(rep, z, mt))
				json_object_set_new(types, migratetype_names[mt],
						    json_integer((json_int_t)v[order][mt]));
		snprintf(key, sizeof(key), "%u", order);
		json_object_set_new(fa, key, types);
	}
	return fa;
}

static json_t *json_types(const struct init_from_report *rep, const struct init_from_zone *z,
			  const unsigned long v[MIGRATE_TYPES])
{
	json_t *o = json_object();

	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		if (type_shown(rep, z, mt))
			json_object_set_new(o, migratetype_names[mt], json_integer((json_int_t)v[mt]));
	return o;
}

/* The capped counts: [{"order": K, "type": T, "resolved": bool}, ...]. */
static json_t *json_capped(const struct init_from_zone *z)
{
	json_t *a = json_array();

	for (unsigned int order = 0; order < MAX_ORDER; order++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			if (z->capped[order][mt])
				json_array_append_new(a, json_pack("{s:i, s:s, s:b}", "order", (int)order,
					"type", migratetype_names[mt], "resolved", z->resolved[order][mt]));
	return a;
}

static json_t *json_zone(const struct init_from_report *rep, const struct init_from_zone *z)
{
	unsigned long rec[MAX_ORDER], got[MAX_ORDER];
	json_t *notes = json_array();

	recorded_orders(z, rec);
	got_orders(z, got);
	zone_notes(z, json_note, notes);
	return json_pack("{s:i, s:s, s:I, s:{s:I, s:o, s:I}, s:{s:o, s:o}, s:{s:o, s:o}, s:o,"
			 " s:{s:o, s:o, s:I}, s:{s:o, s:o}, s:I, s:{s:o, s:I, s:I, s:I}, s:o}",
		"node", z->nid, "zone", zone_names[z->zid],
		"counts_differ", (json_int_t)init_from_zone_differs(rep, z),
		"free_pages", "recorded", (json_int_t)pages_of(rec),
		"zoneinfo", z->has_zoneinfo_free ? json_integer(z->zoneinfo_free) : json_null(),
		"reconstructed", (json_int_t)z->got_free_pages,
		"free_blocks", "recorded", json_ulongs(rec, MAX_ORDER),
		"reconstructed", json_ulongs(got, MAX_ORDER),
		"free_area", "recorded", json_free_area(rep, z, z->free),
		"reconstructed", json_free_area(rep, z, z->got_free),
		"capped", json_capped(z),
		"pageblocks", "recorded", json_types(rep, z, z->blocks),
		"reconstructed", json_types(rep, z, z->got_blocks),
		"retyped", (json_int_t)z->res.pageblocks_retyped,
		"pcp_pages", "recorded", json_ulongs(z->pcp, rep->nr_cpus),
		"reconstructed", json_ulongs(z->got_pcp, rep->nr_cpus),
		"used_pages", (json_int_t)z->res.used_pages,
		"used_kinds", "lru_recorded", z->lru_items ? json_integer((json_int_t)z->lru_pages) :
							    json_null(),
		"movable", (json_int_t)z->res.used_movable,
		"unmovable_in_movable", (json_int_t)z->res.used_unmovable_in_movable,
		"movable_elsewhere", (json_int_t)z->res.used_movable_elsewhere, "notes", notes);
}

json_t *init_from_json(const struct init_from_report *rep)
{
	json_t *files = json_array(), *zones = json_array(), *dir = json_string(rep->dir);
	unsigned long differ = 0;

	for (size_t i = 0; i < rep->nr_files; i++)
		json_array_append_new(files, json_string(rep->files[i]));
	for (size_t i = 0; i < rep->nr_zones; i++) {
		differ += init_from_zone_differs(rep, &rep->zones[i]);
		json_array_append_new(zones, json_zone(rep, &rep->zones[i]));
	}
	return json_pack("{s:o, s:o, s:I, s:o}",
			 "snapshot", dir ? dir : json_null(),
			 "files", files, "counts_differ", (json_int_t)differ, "zones", zones);
}
