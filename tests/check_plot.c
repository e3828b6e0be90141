/*
 * tests/check_plot.c - the pictures and the data behind them: the
 * snapshot file `pageblocks` (sim/snapshot_pageblocks.c) on scenarios
 * whose outcome follows from the kernel's fallback rules, the fallback
 * matrix in results.json, and `numasim plot` / `--plot` end to end: each
 * picture decoded (PNG: signature, IHDR size, the pixels of every row
 * unfiltered and more than one colour; SVG: its size and drawing
 * elements), the note without gnuplot, and bad input.
 *
 * The picture tests skip, with a message, where gnuplot is not installed.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/pageblock-flags.h"
#include "mm/vmstat.h"
#include "sim/snapshot_pageblocks.h"
#include "tests/helpers.h"

#define MSG_BYTES	8192

/* pcp off and watermarks at 0: every free page can be handed out. */
#define K_EXACT	TEST_K_PLAIN ", \"pcp\": false, \"min_free_kbytes\": 0," \
		" \"watermark_scale_factor\": 1"

/* Two nodes of 256 MiB, THP on: thpchallenge fragments and faults there. */
#define M2x256	"{ \"machine\": { \"nodes\": [ { \"mem\": \"256M\", \"cpus\": 2 }, " \
		"{ \"mem\": \"256M\", \"cpus\": 2 } ] } }"
#define PCP_OFF	"{ \"kernel\": { \"pcp\": false } }"

static char work[64];
static char out[MSG_BYTES], err[MSG_BYTES];

/* numasim ARGS with "@" standing for the scratch directory. */
#define numasim(...)	test_numasim_at(work, out, sizeof(out), err, sizeof(err), __VA_ARGS__)

/* ---- the pageblocks file ---- */

/* One parsed line of the file. */
struct pb_line {
	int node;
	char zone[16], type[16];
	unsigned long long pfn;
	int mixed;
	unsigned long free, pcp, unmovable, movable, reclaimable, other;
};

static bool pb_parse(const char *line, struct pb_line *l)
{
	return sscanf(line, "%d %15s %llu %15s %d %lu %lu %lu %lu %lu %lu", &l->node, l->zone,
		      &l->pfn, l->type, &l->mixed, &l->free, &l->pcp, &l->unmovable, &l->movable,
		      &l->reclaimable, &l->other) == 11;
}

/* The line of the block starting at pfn in text (asserted present). */
static struct pb_line pb_find(const char *text, unsigned long long pfn)
{
	const char *line = strchr(text, '\n');
	struct pb_line l;

	ck_assert_ptr_nonnull(line);
	for (line++; *line; line = strchr(line, '\n') + 1) {
		ck_assert_msg(pb_parse(line, &l), "bad line: %.80s", line);
		if (l.pfn == pfn)
			return l;
	}
	ck_abort_msg("no line for pfn %llu", pfn);
	return l;
}

/*
 * The file against the kernel's own counts: as many lines of each type as
 * pagetypeinfo's pageblock_type_counts(), as many mixed flags as
 * pageblock_mixed_counts() (page_owner's count), zone by zone.
 */
static void expect_counts_agree(const struct machine *m, const char *text)
{
	unsigned long types[MIGRATE_TYPES], mixed[MIGRATE_TYPES];

	for (int nid = 0; nid < (int)m->nr_node_ids; nid++) {
		for (int z = 0; m->node_data[nid] && z < MAX_NR_ZONES; z++) {
			const struct zone *zone = &m->node_data[nid]->node_zones[z];
			unsigned long want_mixed = 0, got_mixed = 0, got[MIGRATE_TYPES] = { 0 };
			const char *line = strchr(text, '\n') + 1;
			struct pb_line l;

			if (!populated_zone(zone))
				continue;
			pageblock_type_counts(m, zone, types);
			pageblock_mixed_counts(m, zone, mixed);
			for (; *line; line = strchr(line, '\n') + 1) {
				ck_assert(pb_parse(line, &l));
				if (l.node != nid || strcmp(l.zone, zone_names[z]))
					continue;
				got_mixed += (unsigned long)l.mixed;
				for (int mt = 0; mt < MIGRATE_TYPES; mt++)
					got[mt] += !strcmp(l.type, migratetype_names[mt]);
			}
			for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
				ck_assert_uint_eq(got[mt], types[mt]);
				want_mixed += mixed[mt];
			}
			ck_assert_uint_eq(got_mixed, want_mixed);
		}
	}
}

/*
 * A movable block claimed by an unmovable fallback keeps its movable page
 * and so becomes mixed.  Every page is taken (movable), then block B, the
 * zone's last, is freed but for its first page P: B's 511 free pages sit
 * on the Movable list, the only free pages there are.  An unmovable
 * request finds its own list and Reclaimable's empty, so
 * __rmqueue_fallback() takes B's largest free block; can_steal_fallback()
 * lets an unmovable request steal, and steal_suitable_fallback() moves B's
 * free pages and claims B (511 free >= half a block): B is Unmovable, holds
 * the new unmovable page and P (movable): mixed, 510 free.
 */
START_TEST(test_pageblocks_claimed_block_is_mixed)
{
	struct machine *m = test_boot_node("16M", 1, K_EXACT);
	struct zone *zone = test_normal0(m);
	pfn_t block = pageblock_start_pfn(m, zone_end_pfn(zone) - 1), got;
	struct pb_line l;
	char *text;

	ck_assert_int_eq(get_pageblock_migratetype(m, block), MIGRATE_MOVABLE);
	test_take_all(m, 0);
	test_free_range(m, block + 1, pageblock_nr_pages(m) - 1);
	for (unsigned int order = 0; order < MAX_ORDER; order++) {
		ck_assert_uint_eq(free_list_length(m, zone, order, MIGRATE_UNMOVABLE), 0);
		ck_assert_uint_eq(free_list_length(m, zone, order, MIGRATE_RECLAIMABLE), 0);
	}
	got = test_alloc_pfn(m, TEST_GFP_UNMOV, 0);
	ck_assert_uint_eq(pageblock_start_pfn(m, got), block);
	ck_assert_uint_eq(m->stats.extfrag_by_type[MIGRATE_UNMOVABLE][MIGRATE_MOVABLE], 1);

	text = test_render(snapshot_pageblocks, m);
	ck_assert(!strncmp(text, "node zone start_pfn type mixed free pcp unmovable movable "
			   "reclaimable other\n", 70));
	l = pb_find(text, block);
	ck_assert_str_eq(l.type, "Unmovable");
	ck_assert_int_eq(l.mixed, 1);
	ck_assert_uint_eq(l.free, pageblock_nr_pages(m) - 2);
	ck_assert_uint_eq(l.pcp, 0);
	ck_assert_uint_eq(l.unmovable, 1);
	ck_assert_uint_eq(l.movable, 1);
	ck_assert_uint_eq(l.reclaimable + l.other, 0);
	/* The block before B: every page taken by test_take_all(), movable. */
	l = pb_find(text, block - pageblock_nr_pages(m));
	ck_assert_str_eq(l.type, "Movable");
	ck_assert_int_eq(l.mixed, 0);
	ck_assert_uint_eq(l.movable, pageblock_nr_pages(m));
	expect_counts_agree(m, text);
	free(text);
	test_release(m);
}
END_TEST

/*
 * A fresh machine's pageblocks: every block of every zone is listed once,
 * in pfn order, and its frames add up to the zone's frames in it; the
 * free frames add up to the zone's NR_FREE_PAGES (the buddy lists' pages,
 * __mod_zone_freepage_state()), including the later pageblocks of free
 * blocks larger than a pageblock, whose frames are not PageBuddy.
 */
START_TEST(test_pageblocks_cover_every_frame)
{
	struct machine *m = test_boot_node("16M", 1, TEST_K_BASE);
	struct zone *zone = test_normal0(m);
	char *text = test_render(snapshot_pageblocks, m);
	const char *line = strchr(text, '\n') + 1;
	unsigned long long next = pageblock_start_pfn(m, zone->zone_start_pfn);
	unsigned long free_pages = 0;
	struct pb_line l;

	for (; *line; line = strchr(line, '\n') + 1) {
		unsigned long long end;

		ck_assert(pb_parse(line, &l));
		free_pages += l.free;
		ck_assert_uint_eq(l.pfn, next);
		end = l.pfn + pageblock_nr_pages(m) < zone_end_pfn(zone) ?
		      l.pfn + pageblock_nr_pages(m) : zone_end_pfn(zone);
		if (l.pfn < zone->zone_start_pfn)
			end -= zone->zone_start_pfn - l.pfn;
		ck_assert_uint_eq(l.free + l.pcp + l.unmovable + l.movable + l.reclaimable + l.other,
				  end - l.pfn);
		next += pageblock_nr_pages(m);
	}
	ck_assert_uint_eq(next, pageblock_start_pfn(m, zone_end_pfn(zone) - 1) +
			  pageblock_nr_pages(m));
	ck_assert_uint_eq(free_pages, zone_page_state(zone, NR_FREE_PAGES));
	expect_counts_agree(m, text);
	free(text);
	test_release(m);
}
END_TEST

/* ---- the CLI fixture ---- */

static void setup(void)
{
	static const char fallback[] = "numasim-trace v1\nsnapshot name=start\n"
				       "alloc id=a order=9 gfp=GFP_KERNEL\nsnapshot name=after\n";

	test_scratch_dir(work, sizeof(work), "plot");
	test_write_file(test_path_in(work, "m2.json"), M2x256, strlen(M2x256));
	test_write_file(test_path_in(work, "pcp-off.json"), PCP_OFF, strlen(PCP_OFF));
	test_write_file(test_path_in(work, "fallback.trace"), fallback, strlen(fallback));
	test_sh_at(work, "%s gen thpchallenge -c @/m2.json -o @/t.trace", test_numasim_path());
}

static void teardown(void)
{
	test_remove_dir(work);
}

static json_t *load_json(const char *rel)
{
	json_error_t e;
	json_t *j = json_load_file(test_path_in(work, rel), 0, &e);

	ck_assert_msg(j, "%s: %s", rel, e.text);
	return j;
}

static bool have_gnuplot(void)
{
	return system("command -v gnuplot >/dev/null 2>&1") == 0;
}

/*
 * The fallback matrix on a forced fallback.  On the one-node 128 MiB
 * machine boot types every block Movable (memmap_init_range()); the
 * `start` snapshot's file shows no Unmovable block, so an order-9
 * unmovable request finds nothing on its own list and
 * __rmqueue_fallback() takes a free order-10 Movable block: one
 * mm_page_alloc_extfrag, Unmovable from Movable.  The block being of
 * order >= pageblock_order, steal_suitable_fallback() retypes its whole
 * range (change_pageblock_range()): both of its pageblocks are Unmovable
 * after, the allocated one holding 512 unmovable pages, its buddy none
 * used.
 */
START_TEST(test_fallback_matrix)
{
	json_t *root, *fallbacks, *row, *n;
	const char *req, *fb, *at;
	unsigned long long pfn;
	char *start, *after, *events;
	struct pb_line l;

	static const char one_node[] =
		"{ \"machine\": { \"nodes\": [ { \"mem\": \"128M\", \"cpus\": 1 } ] } }";

	test_write_file(test_path_in(work, "s.json"), one_node, strlen(one_node));
	ck_assert_int_eq(numasim("run -q -c @/s.json @/fallback.trace -o @/f "
				 "--trace-events @/f.events"), 0);
	start = test_read_file(test_path_in(work, "f/snapshots/start/pageblocks"));
	ck_assert_ptr_null(strstr(start, " Unmovable "));
	root = load_json("f/results.json");
	fallbacks = json_object_get(json_object_get(root, "stats"), "fallbacks");
	ck_assert(json_is_object(fallbacks));
	json_object_foreach(fallbacks, req, row)
		json_object_foreach(row, fb, n)
			ck_assert_int_eq(json_integer_value(n),
					 !strcmp(req, "Unmovable") && !strcmp(fb, "Movable"));
	ck_assert_uint_eq(json_object_size(fallbacks), 5);	/* no CMA on this machine */
	json_decref(root);

	events = test_read_file(test_path_in(work, "f.events"));
	at = strstr(events, "mm_page_alloc: ");
	ck_assert_ptr_nonnull(at);
	ck_assert_int_eq(sscanf(strstr(at, "pfn=0x"), "pfn=0x%llx", &pfn), 1);
	after = test_read_file(test_path_in(work, "f/snapshots/after/pageblocks"));
	l = pb_find(after, pfn);
	ck_assert_str_eq(l.type, "Unmovable");
	ck_assert_uint_eq(l.unmovable, 512);
	l = pb_find(after, pfn ^ 512);
	ck_assert_str_eq(l.type, "Unmovable");
	ck_assert_uint_eq(l.free + l.pcp, 512);
	free(start);
	free(after);
	free(events);
}
END_TEST

/* ---- the pictures ---- */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The PNG predictor of filter type 4. */
static unsigned char paeth(unsigned char a, unsigned char b, unsigned char c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);

	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* Undo row's filter in place (bpp bytes a pixel, prev the row above or NULL). */
static void unfilter(unsigned char filter, unsigned char *row, const unsigned char *prev,
		     size_t len, size_t bpp)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char a = i >= bpp ? row[i - bpp] : 0, b = prev ? prev[i] : 0;
		unsigned char c = prev && i >= bpp ? prev[i - bpp] : 0;

		switch (filter) {
		case 1: row[i] += a; break;
		case 2: row[i] += b; break;
		case 3: row[i] += (unsigned char)((a + b) / 2); break;
		case 4: row[i] += paeth(a, b, c); break;
		default: break;
		}
	}
}

/* Distinct pixels of the unfiltered image raw (height rows of 1 + len bytes). */
static size_t distinct_pixels(unsigned char *raw, uint32_t height, size_t len, size_t bpp)
{
	unsigned char first[8];
	size_t distinct = 1;

	memcpy(first, raw + 1, bpp);
	for (uint32_t y = 0; y < height; y++) {
		unsigned char *row = raw + y * (len + 1);

		ck_assert_uint_le(row[0], 4);
		unfilter(row[0], row + 1, y ? raw + (y - 1) * (len + 1) + 1 : NULL, len, bpp);
		for (size_t x = 0; x + bpp <= len && distinct == 1; x += bpp)
			distinct += memcmp(row + 1 + x, first, bpp) != 0;
	}
	return distinct;
}

/*
 * A PNG of width x height that is not blank: the signature, IHDR, and the
 * image decoded (IDAT inflated, every row unfiltered) holding more than
 * one colour.
 */
static void expect_png(const char *rel, uint32_t width, uint32_t height)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	static const unsigned char channels[7] = { 1, 0, 3, 1, 2, 0, 4 };
	unsigned char *png = malloc(1 << 23), *idat = NULL, *raw;
	size_t len, idat_len = 0, bpp, row_len;
	FILE *f = fopen(test_path_in(work, rel), "rb");
	uLongf raw_len;

	ck_assert_msg(f, "%s missing", rel);
	len = fread(png, 1, 1 << 23, f);
	fclose(f);
	ck_assert_msg(len > 33 && !memcmp(png, sig, 8) && !memcmp(png + 12, "IHDR", 4),
		      "%s: not a PNG", rel);
	ck_assert_uint_eq(be32(png + 16), width);
	ck_assert_uint_eq(be32(png + 20), height);
	ck_assert_msg(png[24] == 8 && png[25] < 7 && channels[png[25]] && png[28] == 0,
		      "%s: bit depth %u, colour type %u, interlace %u", rel, png[24], png[25],
		      png[28]);
	bpp = channels[png[25]];
	row_len = width * bpp;
	for (size_t at = 8; at + 12 <= len; at += 12 + be32(png + at)) {
		if (memcmp(png + at + 4, "IDAT", 4))
			continue;
		idat = realloc(idat, idat_len + be32(png + at));
		memcpy(idat + idat_len, png + at + 8, be32(png + at));
		idat_len += be32(png + at);
	}
	raw_len = (uLongf)height * (row_len + 1);
	raw = malloc(raw_len);
	ck_assert_int_eq(uncompress(raw, &raw_len, idat, idat_len), Z_OK);
	ck_assert_uint_eq(raw_len, (uLongf)height * (row_len + 1));
	ck_assert_msg(distinct_pixels(raw, height, row_len, bpp) > 1, "%s: blank", rel);
	free(raw);
	free(idat);
	free(png);
}

/*
 * An SVG of width x height: starts with <?xml or <svg, an <svg element
 * with width="W" and height="H", drawing elements, ends with </svg>.
 */
static void expect_svg(const char *rel, unsigned int width, unsigned int height)
{
	char *text = test_read_file(test_path_in(work, rel)), want[64], *svg, *end;
	size_t len;

	ck_assert_msg(text, "%s missing", rel);
	ck_assert_msg(!strncmp(text, "<?xml", 5) || !strncmp(text, "<svg", 4), "%s: start", rel);
	svg = strstr(text, "<svg");
	ck_assert_ptr_nonnull(svg);
	end = strchr(svg, '>');
	ck_assert_ptr_nonnull(end);
	*end = '\0';
	snprintf(want, sizeof(want), "width=\"%u\"", width);
	ck_assert_msg(strstr(svg, want), "%s: no %s", rel, want);
	snprintf(want, sizeof(want), "height=\"%u\"", height);
	ck_assert_msg(strstr(svg, want), "%s: no %s", rel, want);
	*end = '>';
	ck_assert_msg(strstr(end, "<path") || strstr(end, "<rect") || strstr(end, "<polyline"),
		      "%s: nothing drawn", rel);
	len = strlen(text);
	while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
		len--;
	ck_assert_msg(len >= 6 && !strncmp(text + len - 6, "</svg>", 6), "%s: end", rel);
	free(text);
}

/* plots/NAME.png and NAME.svg in dir, of width x height. */
static void expect_picture(const char *dir, const char *name, unsigned int width,
			   unsigned int height)
{
	char rel[256];

	snprintf(rel, sizeof(rel), "%s/plots/%s.png", dir, name);
	expect_png(rel, width, height);
	snprintf(rel, sizeof(rel), "%s/plots/%s.svg", dir, name);
	expect_svg(rel, width, height);
}

static const char *const series_pictures[] = {
	"free_huge_blocks", "unusable_index", "fragmentation_score", "mixed_pageblocks",
	"thp_coverage", "compaction_scanned", "free_pages_by_order",
};

/*
 * run --plot: the time series, a memory map per snapshot of the trace
 * (thpchallenge takes `fragmented` and `faulted`), the fallback heatmap.
 */
START_TEST(test_run_plot)
{
	ck_assert_int_eq(numasim("run -c @/m2.json @/t.trace --sample-every 20 -o @/r --plot"), 0);
	if (!have_gnuplot()) {
		ck_assert_ptr_nonnull(strstr(err, "gnuplot is not installed"));
		fprintf(stderr, "check_plot: gnuplot is not installed; pictures not checked\n");
		return;
	}
	ck_assert_ptr_nonnull(strstr(out, "wrote 10 pictures (PNG and SVG) into"));
	for (size_t i = 0; i < TEST_ARRAY_SIZE(series_pictures); i++)
		expect_picture("r", series_pictures[i], 800, 500);
	expect_picture("r", "map-fragmented", 1000, 560);
	expect_picture("r", "map-faulted", 1000, 560);
	expect_picture("r", "fallback-heatmap", 800, 500);
}
END_TEST

/* compare --plot: the series with a line per run, a map and a heatmap per run. */
START_TEST(test_compare_plot)
{
	static const char *const runs[] = { "linux-6.1", "pcp-off" };
	char name[128];

	ck_assert_int_eq(numasim("compare @/t.trace -c @/m2.json -p linux-6.1 -p @/pcp-off.json "
				 "--sample-every 20 -q -o @/p --plot"), 0);
	if (!have_gnuplot()) {
		ck_assert_ptr_nonnull(strstr(err, "gnuplot is not installed"));
		ck_assert_int_ne(access(test_path_in(work, "p/plots"), F_OK), 0);
		fprintf(stderr, "check_plot: gnuplot is not installed; pictures not checked\n");
		return;
	}
	ck_assert_str_eq(out, "");
	for (size_t i = 0; i < TEST_ARRAY_SIZE(series_pictures); i++)
		expect_picture("p", series_pictures[i], 800, 500);
	for (size_t i = 0; i < TEST_ARRAY_SIZE(runs); i++) {
		snprintf(name, sizeof(name), "map-%s-faulted", runs[i]);
		expect_picture("p", name, 1000, 560);
		snprintf(name, sizeof(name), "fallback-heatmap-%s", runs[i]);
		expect_picture("p", name, 800, 500);
	}
	/* plot of the same folder draws the same set again. */
	ck_assert_int_eq(numasim("plot @/p"), 0);
	ck_assert_ptr_nonnull(strstr(out, "wrote 13 pictures (PNG and SVG) into"));
}
END_TEST

/* Without gnuplot on PATH: a note, nothing drawn, the run's status (0). */
START_TEST(test_plot_without_gnuplot)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "PATH=/nonexistent %s run -q -c %s/m2.json %s/fallback.trace "
		 "-o %s/n --plot", test_numasim_path(), work, work, work);
	ck_assert_int_eq(test_run(cmd, out, sizeof(out), err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(err, "numasim: plot: gnuplot is not installed"));
	ck_assert_int_eq(access(test_path_in(work, "n/results.json"), F_OK), 0);
	ck_assert_int_ne(access(test_path_in(work, "n/plots"), F_OK), 0);
}
END_TEST

/* plot and --plot on what is no run's or compare's output, or is broken: exit 2. */
START_TEST(test_plot_bad_input)
{
	char want[256];

	test_sh_at(work, "mkdir -p @/empty");
	ck_assert_int_eq(numasim("plot @/empty"), 2);
	test_expand_at(want, sizeof(want), "numasim: plot: @/empty: neither a run's output", work);
	ck_assert_msg(!strncmp(err, want, strlen(want)), "%s", err);
	ck_assert_int_ne(access(test_path_in(work, "empty/plots"), F_OK), 0);
	ck_assert_int_eq(numasim("plot @/nowhere"), 2);
	test_expand_at(want, sizeof(want), "numasim: plot: @/nowhere: No such file", work);
	ck_assert_msg(!strncmp(err, want, strlen(want)), "%s", err);
	ck_assert_int_eq(numasim("plot"), 2);
	ck_assert_ptr_nonnull(strstr(err, "numasim: plot: missing OUTDIR"));
	ck_assert_int_eq(numasim("run --plot=yes @/fallback.trace -o @/x"), 2);
	ck_assert_int_eq(numasim("compare @/t.trace -p linux-6.1 --plot=1 -o @/x"), 2);
	/* A run that fails draws nothing: its status, no OUTDIR. */
	test_write_file(test_path_in(work, "bad.trace"), "numasim-trace v1\nallok\n",
			strlen("numasim-trace v1\nallok\n"));
	ck_assert_int_eq(numasim("run -q @/bad.trace -o @/b --plot"), 2);
	ck_assert_int_ne(access(test_path_in(work, "b"), F_OK), 0);
	/* A compare.json naming a folder outside OUTDIR. */
	test_sh_at(work, "mkdir -p @/c && printf '{\"policies\": [{\"runs\": [\"../empty\"]}]}' "
		   "> @/c/compare.json");
	ck_assert_int_eq(numasim("plot @/c"), 2);
	ck_assert_ptr_nonnull(strstr(err, "not a folder name"));
	if (!have_gnuplot())
		return;
	/* A pageblocks file that is not one: FILE:LINE. */
	ck_assert_int_eq(numasim("run -q -c @/m2.json @/fallback.trace -o @/g"), 0);
	test_sh_at(work, "echo '0 Normal 0 Sticky 0 0 0 0 0 0 0' >> @/g/snapshots/after/pageblocks");
	ck_assert_int_eq(numasim("plot @/g"), 2);
	ck_assert_ptr_nonnull(strstr(err, "g/snapshots/after/pageblocks:"));
	ck_assert_ptr_nonnull(strstr(err, ": not a pageblocks line"));
}
END_TEST

Suite *plot_suite(void);

Suite *plot_suite(void)
{
	Suite *s = suite_create("plot");
	TCase *tc = tcase_create("pageblocks");

	tcase_add_test(tc, test_pageblocks_claimed_block_is_mixed);
	tcase_add_test(tc, test_pageblocks_cover_every_frame);
	suite_add_tcase(s, tc);
	tc = tcase_create("cli");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 180);
	tcase_add_test(tc, test_fallback_matrix);
	tcase_add_test(tc, test_run_plot);
	tcase_add_test(tc, test_compare_plot);
	tcase_add_test(tc, test_plot_without_gnuplot);
	tcase_add_test(tc, test_plot_bad_input);
	suite_add_tcase(s, tc);
	return s;
}
