/*
 * tests/check_tracepoints.c - the tracepoint table (mm/trace_points.h), its
 * printer and reader (mm/trace_schema.c) and what mm/ emits through it.
 *
 * The table is checked against the kernel, not against itself: the kmem,
 * compaction and migrate rows against the reference kernel's tracefs
 * format files (tests/data/oracle/formats/, from the recordings: field
 * names, types, sizes, the print format and its arguments, the symbol
 * tables of __print_symbolic and __print_flags); the vmscan rows, which the
 * recordings have no format file for, against expectations written out by
 * hand from TP_STRUCT__entry and TP_printk in include/trace/events/vmscan.h.
 * The printer is checked against event lines the reference kernel printed
 * (tests/data/oracle/trace-lines) and against texts derived by hand from
 * TP_printk; the reader against the same lines and against bad input.
 *
 * Recorded lines print page=%p hashed; a numasim line prints it as a kernel
 * booted with no_hash_pointers would (vmemmap_base + pfn * 64), so the
 * comparisons put that address in place of the hash.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/helpers.h"
#include "mm/daemon.h"
#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/trace_events.h"
#include "mm/vmscan.h"
#include "mm/trace_schema.h"

#define FORMATS_DIR	"tests/data/oracle/formats/"
#define TRACE_LINES	"tests/data/oracle/trace-lines"
#define TEXT_BYTES	1024

/* The reference kernel's page=%p with no_hash_pointers (x86_64, no KASLR). */
#define VMEMMAP_BASE	0xffffea0000000000ull
#define KERNEL_PAGE_SIZE_OF_STRUCT	64ull

/* min(pageblock_order, MAX_ORDER - 1) of x86_64 with 4K pages. */
#define PRINTED_PAGEBLOCK_ORDER	9

/* Booted small node: pageblock order 9, no CMA (ISOLATE prints as 4). */
#define K_BOOST		TEST_K_PLAIN ", \"pcp\": false, \"min_free_kbytes\": 0," \
			" \"watermark_scale_factor\": 10"

/* ---- helpers ---------------------------------------------------------------- */

static const struct tp_row *row_named(const char *name)
{
	const struct tp_row *row = tp_row_by_name(name, strlen(name));

	ck_assert_msg(row, "no row %s", name);
	return row;
}

/* The text row prints for the record vals. */
static void format_vals(char *buf, const struct tp_row *row, const uint64_t *vals)
{
	int n = tp_format(buf, TEXT_BYTES, row, vals, PRINTED_PAGEBLOCK_ORDER);

	ck_assert_int_lt(n, TEXT_BYTES);
}

/* The text of an event mm/ emits, as sim/tracefs.c prints it on machine m. */
static void format_event(char *buf, const struct machine *m, const struct mm_event *ev)
{
	uint64_t vals[TP_MAX_FIELDS];

	mm_event_record(m, ev, vals);
	format_vals(buf, tp_row(ev->id), vals);
}

/* Replace every "page=<hex>" of text by the no_hash_pointers address of its pfn. */
static void unhash_pages(char *text)
{
	char *p = text;

	while ((p = strstr(p, "page=")) != NULL) {
		unsigned long long pfn;
		char *pfn_at = strstr(p, " pfn=0x"), addr[17];

		ck_assert_ptr_nonnull(pfn_at);
		ck_assert_int_eq(sscanf(pfn_at, " pfn=0x%llx", &pfn), 1);
		snprintf(addr, sizeof(addr), "%016llx", VMEMMAP_BASE + pfn * KERNEL_PAGE_SIZE_OF_STRUCT);
		ck_assert_int_eq(pfn_at - (p + 5), 16);
		memcpy(p + 5, addr, 16);
		p = pfn_at;
	}
}

/* A recorded line split into its event name and its fields text. */
struct recorded {
	char line[TEXT_BYTES];
	const char *name;
	char *fields;
};

/* "TASK-PID [CPU] FLAGS TIMESTAMP: NAME: FIELDS" */
static void split_line(struct recorded *r, const char *line)
{
	char *colon;

	snprintf(r->line, sizeof(r->line), "%s", line);
	colon = strstr(r->line, ": ");
	ck_assert_ptr_nonnull(colon);
	r->name = colon + 2;
	colon = strstr(colon + 2, ": ");
	ck_assert_ptr_nonnull(colon);
	*colon = '\0';
	r->fields = colon + 2;
}

/* The recorded line whose timestamp is stamp ("6.726093"), split. */
static void recorded_line(struct recorded *r, const char *stamp)
{
	char *text = test_read_file(TRACE_LINES), *save = NULL, key[32];
	bool found = false;

	snprintf(key, sizeof(key), " %s: ", stamp);
	for (char *l = strtok_r(text, "\n", &save); l && !found; l = strtok_r(NULL, "\n", &save))
		if (l[0] != '#' && strstr(l, key)) {
			split_line(r, l);
			found = true;
		}
	ck_assert_msg(found, "no recorded line at %s", stamp);
	free(text);
}

/* ---- the rows ---------------------------------------------------------------- */

/*
 * The table's shape: 49 events, the 6 kmem page events, 14 compaction, 4
 * migrate, 18 vmscan and 7 oom events of 6.1, ids in table order, names
 * unique.
 * Expect every row found by its name (and only by its whole name).
 */
START_TEST(test_rows_by_id_and_name)
{
	unsigned int per_subsys[MM_SYS_NR] = { 0 };

	ck_assert_int_eq(MM_EV_NR, 49);
	for (int id = 0; id < MM_EV_NR; id++) {
		const struct tp_row *row = tp_row((enum mm_event_id)id);

		ck_assert_ptr_nonnull(row);
		ck_assert_int_eq(row->id, id);
		ck_assert_ptr_eq(row_named(row->name), row);
		ck_assert_uint_le(row->nr_fields, TP_MAX_FIELDS);
		per_subsys[row->subsys]++;
	}
	ck_assert_uint_eq(per_subsys[MM_SYS_kmem], 6);
	ck_assert_uint_eq(per_subsys[MM_SYS_compaction], 14);
	ck_assert_uint_eq(per_subsys[MM_SYS_migrate], 4);
	ck_assert_uint_eq(per_subsys[MM_SYS_vmscan], 18);
	ck_assert_uint_eq(per_subsys[MM_SYS_oom], 7);
	ck_assert_ptr_null(tp_row(MM_EV_NR));
	ck_assert_ptr_null(tp_row_by_name("mm_page", 7));
	ck_assert_ptr_null(tp_row_by_name("mm_page_alloc_", 14));
	ck_assert_ptr_null(tp_row_by_name("mm_vmscan_writepage", 19));
	ck_assert_ptr_eq(tp_row_by_name("mm_page_alloc_zone_locked", 13), tp_row(MM_EV_mm_page_alloc));
	ck_assert_int_eq(tp_field_index(tp_row(MM_EV_mm_page_alloc), "gfp_flags"), 2);
	ck_assert_int_eq(tp_field_index(tp_row(MM_EV_mm_page_alloc), "gfp"), -1);
}
END_TEST

/*
 * Subsystems as tracefs has them (events/<subsystem>/enable).  Expect the
 * names and back, masks that split the events into the five subsystems,
 * and mm_event_enable_subsys()/mm_event_enable() setting just those bits.
 */
START_TEST(test_subsystem_masks)
{
	static const char *const names[MM_SYS_NR] = { "kmem", "compaction", "migrate", "vmscan",
						      "oom" };
	struct mm_event_sink sink = { 0 };
	uint64_t all = 0;

	for (int s = 0; s < MM_SYS_NR; s++) {
		uint64_t mask = mm_event_subsys_mask((enum mm_trace_subsys)s);

		ck_assert_str_eq(tp_subsys_name((enum mm_trace_subsys)s), names[s]);
		ck_assert_int_eq(tp_subsys_by_name(names[s], strlen(names[s])), s);
		ck_assert_uint_eq(all & mask, 0);
		all |= mask;
		for (int id = 0; id < MM_EV_NR; id++)
			ck_assert_int_eq((mask >> id) & 1, (int)tp_row((enum mm_event_id)id)->subsys == s);
	}
	ck_assert_uint_eq(all, MM_EV_BIT(MM_EV_NR) - 1);
	ck_assert_int_eq(tp_subsys_by_name("kme", 3), -1);
	ck_assert_ptr_null(tp_subsys_name(MM_SYS_NR));

	mm_event_enable_subsys(&sink, MM_SYS_kmem);
	ck_assert_uint_eq(sink.enabled, MM_EV_BIT(MM_EV_mm_page_alloc) |
			  MM_EV_BIT(MM_EV_mm_page_free) | MM_EV_BIT(MM_EV_mm_page_free_batched) |
			  MM_EV_BIT(MM_EV_mm_page_alloc_zone_locked) |
			  MM_EV_BIT(MM_EV_mm_page_pcpu_drain) |
			  MM_EV_BIT(MM_EV_mm_page_alloc_extfrag));
	ck_assert(!mm_event_enabled(&sink, MM_EV_mm_vmscan_wakeup_kswapd));
	mm_event_enable(&sink, MM_EV_mm_vmscan_wakeup_kswapd);
	ck_assert(mm_event_enabled(&sink, MM_EV_mm_vmscan_wakeup_kswapd));
	ck_assert(!mm_event_enabled(&sink, MM_EV_mm_vmscan_kswapd_wake));
}
END_TEST

/* The printers a conversion can take: numbers, %p, %pS and %s. */
static bool printer_fits(char type, enum tp_printer pr)
{
	switch (pr) {
	case TP_PR_PAGE: case TP_PR_PAGE_OR_NULL: case TP_PR_PTR:
		return type == 'p';
	case TP_PR_SYMBOL:
		return type == 'S';
	case TP_PR_NUM: case TP_PR_PFN_OR_ZERO: case TP_PR_PAGEBLOCK_ORDER:
	case TP_PR_FRAGMENTING: case TP_PR_POW2:
		return type == 'd' || type == 'u' || type == 'x';
	default:
		return type == 's';
	}
}

/*
 * Every row: one argument per conversion of its format (what
 * trace_event_printf() consumes), each of a printer that conversion can
 * print, naming a field of the row (or none, for a K() constant).
 */
START_TEST(test_args_fit_conversions)
{
	for (int id = 0; id < MM_EV_NR; id++) {
		const struct tp_row *row = tp_row((enum mm_event_id)id);
		unsigned int a = 0;

		for (const char *f = strchr(row->fmt, '%'); f; f = strchr(f, '%')) {
			char type;

			f += strspn(f + 1, "-0123456789lh") + 1;
			type = *f++;
			if (type == 'p' && *f == 'S')
				type = *f++;
			ck_assert_msg(a < row->nr_args, "%s: more conversions than args", row->name);
			ck_assert_msg(printer_fits(type, row->args[a].printer),
				      "%s: arg %u does not fit %%%c", row->name, a, type);
			ck_assert_int_lt(row->args[a].field, (int)row->nr_fields);
			ck_assert_int_eq(row->args[a].field < 0,
					 row->args[a].printer == TP_PR_PAGEBLOCK_ORDER);
			a++;
		}
		ck_assert_msg(a == row->nr_args, "%s: %u conversions, %u args", row->name, a,
			      row->nr_args);
	}
}
END_TEST

/* ---- the rows against the format files ------------------------------------------ */

/* What a kind stores, as the format files say it (x86_64). */
static void expect_kind(const char *event, const struct tp_field *f, unsigned int size,
			int is_signed)
{
	static const struct { unsigned int size; int is_signed; } kinds[] = {
		[TP_KIND_S32] = { 4, 1 }, [TP_KIND_U32] = { 4, 0 }, [TP_KIND_S64] = { 8, 1 },
		[TP_KIND_U64] = { 8, 0 }, [TP_KIND_BOOL] = { 1, 0 }, [TP_KIND_MT] = { 4, 1 },
		[TP_KIND_PTR] = { 8, 0 }, [TP_KIND_SYM] = { 8, 0 },
	};

	ck_assert_msg(kinds[f->kind].size == size && kinds[f->kind].is_signed == is_signed,
		      "%s.%s: kind %d for size %u signed %d", event, f->name, f->kind, size,
		      is_signed);
}

/* A format file's "field:TYPE NAME;\toffset:..;\tsize:N;\tsigned:S;" lines, in order. */
static void expect_fields(const struct tp_row *row, const char *text)
{
	unsigned int n = 0;

	for (const char *l = strstr(text, "\tfield:"); l; l = strstr(l + 1, "\tfield:")) {
		char decl[128], *name;
		unsigned int size;
		int is_signed;

		ck_assert_int_eq(sscanf(l, "\tfield:%127[^;];\toffset:%*u;\tsize:%u;\tsigned:%d;",
					decl, &size, &is_signed), 3);
		name = strrchr(decl, ' ');
		*name++ = '\0';
		if (!strncmp(name, "common_", 7))
			continue;
		ck_assert_msg(n < row->nr_fields, "%s: more fields than the row", row->name);
		ck_assert_str_eq(row->fields[n].name, name);
		ck_assert_str_eq(row->fields[n].ctype, decl);
		expect_kind(row->name, &row->fields[n], size, is_signed);
		n++;
	}
	ck_assert_uint_eq(n, row->nr_fields);
}

/* Constant expressions of the print fmt arguments: casts, ~, &, |, parentheses. */
static uint64_t expr_or(const char **s);

static void skip_spaces(const char **s)
{
	while (**s == ' ')
		(*s)++;
}

static uint64_t expr_unary(const char **s)
{
	char *end;
	uint64_t v;

	skip_spaces(s);
	if (**s == '~') {
		(*s)++;
		return ~expr_unary(s);
	}
	if (**s == '(') {
		const char *type = *s + 1 + strspn(*s + 1, " ");

		if (!strncmp(type, "unsigned long)", 14) || !strncmp(type, "gfp_t)", 6)) {
			*s = strchr(type, ')') + 1;
			return expr_unary(s);
		}
		(*s)++;
		v = expr_or(s);
		skip_spaces(s);
		ck_assert_int_eq(**s, ')');
		(*s)++;
		return v;
	}
	v = strtoull(*s, &end, 0);
	ck_assert_msg(end != *s, "not a number: %.20s", *s);
	*s = end + (*end == 'u');
	return v;
}

static uint64_t expr_and(const char **s)
{
	uint64_t v = expr_unary(s);

	for (skip_spaces(s); **s == '&'; skip_spaces(s)) {
		(*s)++;
		v &= expr_unary(s);
	}
	return v;
}

static uint64_t expr_or(const char **s)
{
	uint64_t v = expr_and(s);

	for (skip_spaces(s); **s == '|'; skip_spaces(s)) {
		(*s)++;
		v |= expr_and(s);
	}
	return v;
}

/*
 * The {value, "name"} pairs of a __print_symbolic()/__print_flags()
 * argument, in order: expect them to be syms[nr].
 */
static void expect_pairs(const char *event, const char *arg, const char *end,
			 const struct tp_sym *syms, size_t nr)
{
	size_t n = 0;

	for (const char *p = strchr(arg, '{'); p && p < end; p = strchr(p, '{')) {
		const char *name;
		uint64_t v;

		p++;
		v = expr_or(&p);
		ck_assert_int_eq(strncmp(p, ", \"", 3), 0);
		name = p + 3;
		p = strchr(name, '"');
		ck_assert_msg(n < nr, "%s: more names than ours", event);
		ck_assert_msg(syms[n].value == v && strlen(syms[n].name) == (size_t)(p - name) &&
			      !strncmp(syms[n].name, name, (size_t)(p - name)),
			      "%s: pair %zu is {0x%llx, %.*s}, ours {0x%llx, %s}", event, n,
			      (unsigned long long)v, (int)(p - name), name,
			      (unsigned long long)syms[n].value, syms[n].name);
		n++;
	}
	ck_assert_uint_eq(n, nr);
}

/* The gfp names of show_gfp_flags(), as a table of pairs. */
static void expect_gfp_pairs(const char *event, const char *arg, const char *end)
{
	struct tp_sym syms[64];

	ck_assert_uint_le(nr_gfp_names, 64);
	for (size_t i = 0; i < nr_gfp_names; i++)
		syms[i] = (struct tp_sym){ gfp_names[i].mask, gfp_names[i].name };
	expect_pairs(event, arg, end, syms, nr_gfp_names);
}

static bool arg_is(const char *arg, size_t len, const char *want)
{
	return strlen(want) == len && !strncmp(arg, want, len);
}

/* One argument of the print fmt: the field it reads and how it prints it. */
static void expect_arg(const struct tp_row *row, const struct tp_arg *a, const char *arg,
		       size_t len)
{
	const char *field = a->field >= 0 ? row->fields[a->field].name : NULL;
	const char *rec = strstr(arg, "REC->");
	const struct tp_sym *syms;
	char want[256];
	size_t nr;

	if (!field) {
		ck_assert_msg(!rec || rec >= arg + len, "%s: a constant reads a field", row->name);
		return;
	}
	ck_assert_msg(rec && rec < arg + len && !strncmp(rec + 5, field, strlen(field)),
		      "%s: arg %.*s does not read %s first", row->name, (int)len, arg, field);
	switch (a->printer) {
	case TP_PR_NUM:
		snprintf(want, sizeof(want), "REC->%s", field);
		break;
	case TP_PR_PFN_OR_ZERO:
		snprintf(want, sizeof(want), "REC->%s != -1UL ? REC->%s : 0", field, field);
		break;
	case TP_PR_PAGE:
		snprintf(want, sizeof(want), "(((struct page *)vmemmap_base) + (REC->%s))", field);
		break;
	case TP_PR_PAGE_OR_NULL:
		snprintf(want, sizeof(want),
			 "REC->%s != -1UL ? (((struct page *)vmemmap_base) + (REC->%s)) : ((void *)0)",
			 field, field);
		break;
	case TP_PR_SYNC_MODE:
		snprintf(want, sizeof(want), "REC->%s ? \"sync\" : \"async\"", field);
		break;
	case TP_PR_POW2:
		snprintf(want, sizeof(want), "1UL << REC->%s", field);
		break;
	case TP_PR_FRAGMENTING:
		ck_assert_int_eq(strncmp(arg, "REC->fallback_order < ", 22), 0);
		return;
	case TP_PR_GFP:
		snprintf(want, sizeof(want), "(REC->%s) ? __print_flags(REC->%s, \"|\", ", field, field);
		ck_assert_int_eq(strncmp(arg, want, strlen(want)), 0);
		ck_assert_int_eq(strncmp(arg + len - 9, ": \"none\"", 8) == 0 ||
				 strncmp(arg + len - 8, ": \"none\"", 8) == 0, 1);
		expect_gfp_pairs(row->name, arg, arg + len);
		return;
	default:
		snprintf(want, sizeof(want), "__print_symbolic(REC->%s, ", field);
		ck_assert_msg(!strncmp(arg, want, strlen(want)), "%s: %.*s", row->name, (int)len, arg);
		syms = tp_printer_symbols(a->printer, &nr);
		ck_assert_uint_gt(nr, 0);
		expect_pairs(row->name, arg, arg + len, syms, nr);
		return;
	}
	ck_assert_msg(arg_is(arg, len, want), "%s: arg \"%.*s\", expected \"%s\"", row->name,
		      (int)len, arg, want);
}

/* The print fmt line: "print fmt: \"FMT\", ARG, ARG, ..." with args split at top level. */
static void expect_print_fmt(const struct tp_row *row, const char *text)
{
	const char *p = strstr(text, "print fmt: \""), *end;
	unsigned int a = 0;

	ck_assert_ptr_nonnull(p);
	p += 12;
	end = strchr(p, '"');
	ck_assert_msg(arg_is(p, (size_t)(end - p), row->fmt), "%s: fmt %.*s", row->name,
		      (int)(end - p), p);
	p = end + 1;
	while (*p == ',') {
		int depth = 0;
		bool quoted = false;

		p += 2;
		for (end = p; *end && *end != '\n' && (depth || quoted || *end != ','); end++) {
			if (*end == '"')
				quoted = !quoted;
			else if (!quoted && (*end == '(' || *end == '{'))
				depth++;
			else if (!quoted && (*end == ')' || *end == '}'))
				depth--;
		}
		ck_assert_msg(a < row->nr_args, "%s: more args than ours", row->name);
		expect_arg(row, &row->args[a++], p, (size_t)(end - p));
		p = end;
	}
	ck_assert_uint_eq(a, row->nr_args);
}

/*
 * The kmem, compaction and migrate rows against the reference kernel's
 * format files: name, fields (name, type, size, signedness), print format
 * byte for byte, and one argument per print argument of the file, reading
 * the same field the same way (symbol tables pair for pair, the gfp names
 * with their masks).  24 files, one per row.
 */
START_TEST(test_rows_match_format_files)
{
	unsigned int checked = 0;

	for (int id = 0; id < MM_EV_NR; id++) {
		const struct tp_row *row = tp_row((enum mm_event_id)id);
		char path[256], first[128];
		char *text;

		if (row->subsys == MM_SYS_vmscan || row->subsys == MM_SYS_oom)
			continue;	/* no format files: vmscan below, oom in check_oom.c */
		if (row->subsys == MM_SYS_kmem)
			snprintf(path, sizeof(path), FORMATS_DIR "%s.format", row->name);
		else
			snprintf(path, sizeof(path), FORMATS_DIR "%s.%s.format",
				 tp_subsys_name(row->subsys), row->name);
		text = test_read_file(path);
		snprintf(first, sizeof(first), "name: %s\n", row->name);
		ck_assert_int_eq(strncmp(text, first, strlen(first)), 0);
		expect_fields(row, text);
		expect_print_fmt(row, text);
		free(text);
		checked++;
	}
	ck_assert_uint_eq(checked, 24);
}
END_TEST

/* ---- the vmscan rows against vmscan.h ----------------------------------------------- */

/*
 * Written out from include/trace/events/vmscan.h of 6.1: TP_STRUCT__entry
 * (type and name per field), the TP_printk format, and its arguments with
 * "__entry->" dropped.
 */
static const struct {
	const char *name, *fields, *fmt, *args;
} vmscan_h[] = {
	{ "mm_vmscan_kswapd_sleep", "int nid", "nid=%d", "nid" },
	{ "mm_vmscan_kswapd_wake", "int nid, int zid, int order", "nid=%d order=%d", "nid, order" },
	{ "mm_vmscan_wakeup_kswapd", "int nid, int zid, int order, unsigned long gfp_flags",
	  "nid=%d order=%d gfp_flags=%s", "nid, order, show_gfp_flags(gfp_flags)" },
	{ "mm_vmscan_direct_reclaim_begin", "int order, unsigned long gfp_flags",
	  "order=%d gfp_flags=%s", "order, show_gfp_flags(gfp_flags)" },
	{ "mm_vmscan_memcg_reclaim_begin", "int order, unsigned long gfp_flags",
	  "order=%d gfp_flags=%s", "order, show_gfp_flags(gfp_flags)" },
	{ "mm_vmscan_memcg_softlimit_reclaim_begin", "int order, unsigned long gfp_flags",
	  "order=%d gfp_flags=%s", "order, show_gfp_flags(gfp_flags)" },
	{ "mm_vmscan_direct_reclaim_end", "unsigned long nr_reclaimed", "nr_reclaimed=%lu",
	  "nr_reclaimed" },
	{ "mm_vmscan_memcg_reclaim_end", "unsigned long nr_reclaimed", "nr_reclaimed=%lu",
	  "nr_reclaimed" },
	{ "mm_vmscan_memcg_softlimit_reclaim_end", "unsigned long nr_reclaimed",
	  "nr_reclaimed=%lu", "nr_reclaimed" },
	{ "mm_shrink_slab_start",
	  "struct shrinker * shr, void * shrink, int nid, long nr_objects_to_shrink, "
	  "unsigned long gfp_flags, unsigned long cache_items, unsigned long long delta, "
	  "unsigned long total_scan, int priority",
	  "%pS %p: nid: %d objects to shrink %ld gfp_flags %s cache items %ld delta %lld total_scan %ld priority %d",
	  "shrink, shr, nid, nr_objects_to_shrink, show_gfp_flags(gfp_flags), cache_items, "
	  "delta, total_scan, priority" },
	{ "mm_shrink_slab_end",
	  "struct shrinker * shr, int nid, void * shrink, long unused_scan, long new_scan, "
	  "int retval, long total_scan",
	  "%pS %p: nid: %d unused scan count %ld new scan count %ld total_scan %ld last shrinker return val %d",
	  "shrink, shr, nid, unused_scan, new_scan, total_scan, retval" },
	{ "mm_vmscan_lru_isolate",
	  "int highest_zoneidx, int order, unsigned long nr_requested, unsigned long nr_scanned, "
	  "unsigned long nr_skipped, unsigned long nr_taken, unsigned int isolate_mode, int lru",
	  "isolate_mode=%d classzone=%d order=%d nr_requested=%lu nr_scanned=%lu nr_skipped=%lu nr_taken=%lu lru=%s",
	  "isolate_mode, highest_zoneidx, order, nr_requested, nr_scanned, nr_skipped, nr_taken, "
	  "__print_symbolic(lru, LRU_NAMES)" },
	{ "mm_vmscan_write_folio", "unsigned long pfn, int reclaim_flags",
	  "page=%p pfn=0x%lx flags=%s", "pfn_to_page(pfn), pfn, show_reclaim_flags(reclaim_flags)" },
	{ "mm_vmscan_lru_shrink_inactive",
	  "int nid, unsigned long nr_scanned, unsigned long nr_reclaimed, unsigned long nr_dirty, "
	  "unsigned long nr_writeback, unsigned long nr_congested, unsigned long nr_immediate, "
	  "unsigned int nr_activate0, unsigned int nr_activate1, unsigned long nr_ref_keep, "
	  "unsigned long nr_unmap_fail, int priority, int reclaim_flags",
	  "nid=%d nr_scanned=%ld nr_reclaimed=%ld nr_dirty=%ld nr_writeback=%ld nr_congested=%ld nr_immediate=%ld nr_activate_anon=%d nr_activate_file=%d nr_ref_keep=%ld nr_unmap_fail=%ld priority=%d flags=%s",
	  "nid, nr_scanned, nr_reclaimed, nr_dirty, nr_writeback, nr_congested, nr_immediate, "
	  "nr_activate0, nr_activate1, nr_ref_keep, nr_unmap_fail, priority, "
	  "show_reclaim_flags(reclaim_flags)" },
	{ "mm_vmscan_lru_shrink_active",
	  "int nid, unsigned long nr_taken, unsigned long nr_active, unsigned long nr_deactivated, "
	  "unsigned long nr_referenced, int priority, int reclaim_flags",
	  "nid=%d nr_taken=%ld nr_active=%ld nr_deactivated=%ld nr_referenced=%ld priority=%d flags=%s",
	  "nid, nr_taken, nr_active, nr_deactivated, nr_referenced, priority, "
	  "show_reclaim_flags(reclaim_flags)" },
	{ "mm_vmscan_node_reclaim_begin", "int nid, int order, unsigned long gfp_flags",
	  "nid=%d order=%d gfp_flags=%s", "nid, order, show_gfp_flags(gfp_flags)" },
	{ "mm_vmscan_node_reclaim_end", "unsigned long nr_reclaimed", "nr_reclaimed=%lu",
	  "nr_reclaimed" },
	{ "mm_vmscan_throttled", "int nid, int usec_timeout, int usec_delayed, int reason",
	  "nid=%d usec_timeout=%d usect_delayed=%d reason=%s",
	  "nid, usec_timeout, usec_delayed, show_throttle_flags(reason)" },
};

/* How vmscan.h writes an argument of each printer. */
static void vmscan_arg_text(char *buf, size_t len, const struct tp_row *row, const struct tp_arg *a)
{
	const char *f = row->fields[a->field].name;

	switch (a->printer) {
	case TP_PR_GFP:
		snprintf(buf, len, "show_gfp_flags(%s)", f);
		break;
	case TP_PR_LRU:
		snprintf(buf, len, "__print_symbolic(%s, LRU_NAMES)", f);
		break;
	case TP_PR_RECLAIM_FLAGS:
		snprintf(buf, len, "show_reclaim_flags(%s)", f);
		break;
	case TP_PR_THROTTLE_FLAGS:
		snprintf(buf, len, "show_throttle_flags(%s)", f);
		break;
	case TP_PR_PAGE:
		snprintf(buf, len, "pfn_to_page(%s)", f);
		break;
	case TP_PR_NUM: case TP_PR_PTR: case TP_PR_SYMBOL:
		snprintf(buf, len, "%s", f);
		break;
	default:
		snprintf(buf, len, "?%d(%s)", a->printer, f);
		break;
	}
}

/* The size and signedness of the C types vmscan.h uses (x86_64). */
static void ctype_size(const char *ctype, unsigned int *size, int *is_signed)
{
	*is_signed = !strcmp(ctype, "int") || !strcmp(ctype, "long");
	*size = !strcmp(ctype, "int") || !strcmp(ctype, "unsigned int") ? 4 : 8;
}

/*
 * The 18 vmscan rows against the transcript above: fields (name, type,
 * and a kind of that size and signedness), format, arguments.
 */
START_TEST(test_vmscan_rows_match_vmscan_h)
{
	ck_assert_uint_eq(TEST_ARRAY_SIZE(vmscan_h), 18);
	for (size_t i = 0; i < TEST_ARRAY_SIZE(vmscan_h); i++) {
		const struct tp_row *row = row_named(vmscan_h[i].name);
		char fields[1024] = "", args[1024] = "", one[128];

		ck_assert_int_eq(row->subsys, MM_SYS_vmscan);
		ck_assert_str_eq(row->fmt, vmscan_h[i].fmt);
		for (unsigned int f = 0; f < row->nr_fields; f++) {
			unsigned int size;
			int is_signed;

			snprintf(one, sizeof(one), "%s%s %s", f ? ", " : "", row->fields[f].ctype,
				 row->fields[f].name);
			strcat(fields, one);
			ctype_size(row->fields[f].ctype, &size, &is_signed);
			expect_kind(row->name, &row->fields[f], size, is_signed);
		}
		for (unsigned int a = 0; a < row->nr_args; a++) {
			if (a)
				strcat(args, ", ");
			vmscan_arg_text(one, sizeof(one), row, &row->args[a]);
			strcat(args, one);
		}
		ck_assert_str_eq(fields, vmscan_h[i].fields);
		ck_assert_str_eq(args, vmscan_h[i].args);
	}
}
END_TEST

/* ---- printing ------------------------------------------------------------------- */

/*
 * The six kmem events as mm/ emits them, with the values of recorded lines
 * (found by timestamp).  Expect each to print the recorded text exactly,
 * page=%p unhashed.  The migratetypes are mm's enum values: the same
 * numbers on this machine without CMA.
 */
START_TEST(test_kmem_events_print_as_recorded)
{
	static const struct { const char *stamp; struct mm_event ev; } cases[] = {
		{ "6.726093", { .id = MM_EV_mm_page_alloc, .mm_page_alloc = {
			0xf0a2, 1, GFP_KERNEL_ACCOUNT | __GFP_ZERO, MIGRATE_UNMOVABLE } } },
		{ "183.179164", { .id = MM_EV_mm_page_alloc, .mm_page_alloc = {
			0x127800, 9, GFP_TRANSHUGE | __GFP_NORETRY | __GFP_THISNODE,
			MIGRATE_MOVABLE } } },
		{ "23.643702", { .id = MM_EV_mm_page_free, .mm_page_free = { 0x11e49, 0 } } },
		{ "189.968421", { .id = MM_EV_mm_page_free, .mm_page_free = { 0x127800, 9 } } },
		{ "23.643716", { .id = MM_EV_mm_page_free_batched,
			.mm_page_free_batched = { 0x11e49 } } },
		{ "6.733202", { .id = MM_EV_mm_page_alloc_zone_locked,
			.mm_page_alloc_zone_locked = { 0x103520, 0, MIGRATE_MOVABLE, 1 } } },
		{ "131.719015", { .id = MM_EV_mm_page_alloc_zone_locked,
			.mm_page_alloc_zone_locked = { 0x129580, 5, MIGRATE_UNMOVABLE, 0 } } },
		{ "23.686083", { .id = MM_EV_mm_page_pcpu_drain,
			.mm_page_pcpu_drain = { 0x11e49, 0, MIGRATE_UNMOVABLE } } },
		{ "14.636008", { .id = MM_EV_mm_page_pcpu_drain,
			.mm_page_pcpu_drain = { 0x1280bb, 0, MIGRATE_RECLAIMABLE } } },
		{ "6.791617", { .id = MM_EV_mm_page_alloc_extfrag, .mm_page_alloc_extfrag = {
			0x110000, 0, 10, MIGRATE_UNMOVABLE, MIGRATE_MOVABLE, 1 } } },
		{ "8.019062", { .id = MM_EV_mm_page_alloc_extfrag, .mm_page_alloc_extfrag = {
			0x116800, 0, 10, MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE, 1 } } },
	};
	struct machine *m = test_boot_node("16M", 1, TEST_K_PLAIN);
	char text[TEXT_BYTES];

	for (size_t i = 0; i < TEST_ARRAY_SIZE(cases); i++) {
		struct recorded r;

		recorded_line(&r, cases[i].stamp);
		ck_assert_str_eq(tp_row(cases[i].ev.id)->name, r.name);
		unhash_pages(r.fields);
		format_event(text, m, &cases[i].ev);
		ck_assert_str_eq(text, r.fields);
	}
	test_release(m);
}
END_TEST

/*
 * What the kmem TP_printk do with values the recordings do not show:
 * a failed allocation (pfn -1) prints a NULL page and pfn 0; ISOLATE is
 * migratetype 4 in a kernel without CMA (enum migratetype has no
 * MIGRATE_CMA there); extfrag's fragmenting is fallback_order <
 * pageblock_order (9): 1 for a fallback of order 3.
 */
START_TEST(test_kmem_events_derived_values)
{
	struct mm_event failed = { .id = MM_EV_mm_page_alloc, .mm_page_alloc = {
		PFN_NONE, 3, GFP_HIGHUSER_MOVABLE, MIGRATE_MOVABLE } };
	struct mm_event isolate = { .id = MM_EV_mm_page_pcpu_drain, .mm_page_pcpu_drain = {
		0x40, 0, MIGRATE_ISOLATE } };
	struct mm_event frag = { .id = MM_EV_mm_page_alloc_extfrag, .mm_page_alloc_extfrag = {
		0x201, 0, 3, MIGRATE_MOVABLE, MIGRATE_UNMOVABLE, 0 } };
	struct machine *m = test_boot_node("16M", 1, TEST_K_PLAIN);
	char text[TEXT_BYTES];

	format_event(text, m, &failed);
	ck_assert_str_eq(text, "page=0000000000000000 pfn=0x0 order=3 migratetype=1 "
			 "gfp_flags=GFP_HIGHUSER_MOVABLE");
	format_event(text, m, &isolate);
	ck_assert_str_eq(text, "page=ffffea0000001000 pfn=0x40 order=0 migratetype=4");
	format_event(text, m, &frag);
	ck_assert_str_eq(text, "page=ffffea0000008040 pfn=0x201 alloc_order=0 fallback_order=3 "
			 "pageblock_order=9 alloc_migratetype=1 fallback_migratetype=0 "
			 "fragmenting=1 change_ownership=0");
	test_release(m);
}
END_TEST

/*
 * Compaction and migrate printers on values derived from TP_printk: a
 * zone name left-justified in 8 columns ("Movable " then the next
 * literal; at the end of a line the padding stays), limit = 1UL <<
 * defer_shift, a compaction status without a name printed as 0x%lx of the
 * int (so -1 is 0xffffffffffffffff), "async" for sync 0, and a gfp mask
 * with bits no name covers (the rest in hex).
 */
START_TEST(test_compaction_migrate_printers)
{
	const struct tp_row *defer = tp_row(MM_EV_mm_compaction_deferred);
	const struct tp_row *wake = tp_row(MM_EV_mm_compaction_wakeup_kcompactd);
	const struct tp_row *end = tp_row(MM_EV_mm_compaction_end);
	const struct tp_row *try = tp_row(MM_EV_mm_compaction_try_to_compact_pages);
	const struct tp_row *mig = tp_row(MM_EV_mm_migrate_pages_start);
	char text[TEXT_BYTES];

	format_vals(text, defer, (const uint64_t[]){ 1, 3, 9, 5, 6, 7 });
	ck_assert_str_eq(text, "node=1 zone=Movable  order=9 order_failed=7 consider=5 limit=64");
	format_vals(text, wake, (const uint64_t[]){ 0, 2, 2 });
	ck_assert_str_eq(text, "nid=0 order=2 classzone_idx=Normal  ");
	format_vals(text, end, (const uint64_t[]){ 0x1000, 0x1200, 0x7fe00, 0x80000, 0, UINT64_MAX });
	ck_assert_str_eq(text, "zone_start=0x1000 migrate_pfn=0x1200 free_pfn=0x7fe00 "
			 "zone_end=0x80000, mode=async status=0xffffffffffffffff");
	format_vals(text, try, (const uint64_t[]){ 9, GFP_TRANSHUGE | 0x1000000, 0 });
	ck_assert_str_eq(text, "order=9 gfp_mask=GFP_TRANSHUGE|0x1000000 priority=0");
	format_vals(text, mig, (const uint64_t[]){ 1, 8 });
	ck_assert_str_eq(text, "mode=MIGRATE_SYNC_LIGHT reason=demotion");
}
END_TEST

/*
 * vmscan events on values derived from vmscan.h: zid is recorded but not
 * printed; show_gfp_flags(0) is "none"; %d of an unsigned int and %ld of
 * an unsigned long print their two's complement as negative; reclaim
 * flags 0 print RECLAIM_WB_NONE, unnamed bits in hex after the names;
 * throttle reasons are 1 << enum vmscan_throttle_state; an LRU index
 * without a name prints as hex; %pS prints the function's text and %p the
 * shrinker's address in 16 digits.
 */
START_TEST(test_vmscan_printers)
{
	static const struct { struct mm_event ev; const char *text; } cases[] = {
		{ { .id = MM_EV_mm_vmscan_wakeup_kswapd, .mm_vmscan_wakeup_kswapd = {
			1, 2, 3, GFP_KERNEL } }, "nid=1 order=3 gfp_flags=GFP_KERNEL" },
		{ { .id = MM_EV_mm_vmscan_kswapd_wake, .mm_vmscan_kswapd_wake = { 0, 3, 9 } },
		  "nid=0 order=9" },
		{ { .id = MM_EV_mm_vmscan_direct_reclaim_begin,
		    .mm_vmscan_direct_reclaim_begin = { 0, 0 } }, "order=0 gfp_flags=none" },
		{ { .id = MM_EV_mm_vmscan_lru_isolate, .mm_vmscan_lru_isolate = {
			2, 0, 32, 40, 8, 32, 0, 2 } },
		  "isolate_mode=0 classzone=2 order=0 nr_requested=32 nr_scanned=40 nr_skipped=8 "
		  "nr_taken=32 lru=inactive_file" },
		{ { .id = MM_EV_mm_vmscan_lru_isolate, .mm_vmscan_lru_isolate = {
			3, 9, 1, 1, 0, 1, 4, 9 } },
		  "isolate_mode=4 classzone=3 order=9 nr_requested=1 nr_scanned=1 nr_skipped=0 "
		  "nr_taken=1 lru=0x9" },
		{ { .id = MM_EV_mm_vmscan_write_folio, .mm_vmscan_write_folio = { 0x1000, 0x9 } },
		  "page=ffffea0000040000 pfn=0x1000 flags=RECLAIM_WB_ANON|RECLAIM_WB_ASYNC" },
		{ { .id = MM_EV_mm_vmscan_lru_shrink_inactive, .mm_vmscan_lru_shrink_inactive = {
			1, 32, 30, 1, 0, 0, 0, 0xffffffffu, 2, 0, (unsigned long)-1, 12, 0 } },
		  "nid=1 nr_scanned=32 nr_reclaimed=30 nr_dirty=1 nr_writeback=0 nr_congested=0 "
		  "nr_immediate=0 nr_activate_anon=-1 nr_activate_file=2 nr_ref_keep=0 "
		  "nr_unmap_fail=-1 priority=12 flags=RECLAIM_WB_NONE" },
		{ { .id = MM_EV_mm_vmscan_lru_shrink_active, .mm_vmscan_lru_shrink_active = {
			0, 64, 10, 54, 3, 11, 0x22 } },
		  "nid=0 nr_taken=64 nr_active=10 nr_deactivated=54 nr_referenced=3 priority=11 "
		  "flags=RECLAIM_WB_FILE|0x20" },
		{ { .id = MM_EV_mm_vmscan_throttled, .mm_vmscan_throttled = {
			0, 100000, 4000, 1 << 2 } },
		  "nid=0 usec_timeout=100000 usect_delayed=4000 reason=VMSCAN_THROTTLE_NOPROGRESS" },
		{ { .id = MM_EV_mm_vmscan_throttled, .mm_vmscan_throttled = { 1, 0, 0, 3 } },
		  "nid=1 usec_timeout=0 usect_delayed=0 "
		  "reason=VMSCAN_THROTTLE_WRITEBACK|VMSCAN_THROTTLE_ISOLATED" },
		{ { .id = MM_EV_mm_vmscan_throttled, .mm_vmscan_throttled = { 1, 0, 0, 0 } },
		  "nid=1 usec_timeout=0 usect_delayed=0 reason=VMSCAN_THROTTLE_NONE" },
		{ { .id = MM_EV_mm_shrink_slab_start, .mm_shrink_slab_start = {
			0xffff888100a4c000ul, "super_cache_scan+0x0/0x1b0", 0, 0, GFP_KERNEL, 12, 3,
			3, 12 } },
		  "super_cache_scan+0x0/0x1b0 ffff888100a4c000: nid: 0 objects to shrink 0 "
		  "gfp_flags GFP_KERNEL cache items 12 delta 3 total_scan 3 priority 12" },
		{ { .id = MM_EV_mm_shrink_slab_end, .mm_shrink_slab_end = {
			0xffff888100a4c000ul, 1, "deferred_split_scan+0x0/0x240", -1, 5, -1, 0 } },
		  "deferred_split_scan+0x0/0x240 ffff888100a4c000: nid: 1 unused scan count -1 "
		  "new scan count 5 total_scan 0 last shrinker return val -1" },
		{ { .id = MM_EV_mm_vmscan_node_reclaim_end, .mm_vmscan_node_reclaim_end = { 17 } },
		  "nr_reclaimed=17" },
	};
	char text[TEXT_BYTES];

	for (size_t i = 0; i < TEST_ARRAY_SIZE(cases); i++) {
		format_event(text, NULL, &cases[i].ev);
		ck_assert_str_eq(text, cases[i].text);
	}
}
END_TEST

/* ---- reading back ----------------------------------------------------------------- */

/*
 * Every recorded line: expect its fields to parse against the row of its
 * event, and the parsed record to print the recorded text again (page=
 * unhashed): the reader and the printer agree with the kernel and with
 * each other.
 */
START_TEST(test_recorded_lines_parse_and_print_back)
{
	char *text = test_read_file(TRACE_LINES), *save = NULL, out[TEXT_BYTES];
	unsigned int n = 0;

	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		const struct tp_row *row;
		uint64_t vals[TP_MAX_FIELDS];
		struct recorded r;
		size_t bad = 0;

		if (l[0] == '#')
			continue;
		split_line(&r, l);
		row = row_named(r.name);
		ck_assert_msg(tp_parse(row, r.fields, vals, &bad) == 0, "%s: at %zu: %s", r.name,
			      bad, r.fields);
		format_vals(out, row, vals);
		unhash_pages(r.fields);
		ck_assert_str_eq(out, r.fields);
		n++;
	}
	ck_assert_uint_eq(n, 29);
	free(text);
}
END_TEST

/* Parse text as event name; expect success. */
static void parse_ok(const char *name, const char *text, uint64_t *vals)
{
	size_t bad = 0;

	ck_assert_msg(tp_parse(row_named(name), text, vals, &bad) == 0, "%s: at %zu: %s", name,
		      bad, text);
}

/*
 * Recorded lines read back to the values the kernel stored: the pfn, the
 * order, the gfp mask, the migratetype number; order -1 of an int; the
 * zone index of a padded zone name; enum compact_result's COMPACT_CONTINUE
 * (4) and COMPACT_COMPLETE (5); sync; MR_SYSCALL (3) and MIGRATE_SYNC (2);
 * a pte in hex.
 */
START_TEST(test_parse_values)
{
	uint64_t v[TP_MAX_FIELDS];

	parse_ok("mm_page_alloc", "page=0000000034a8a612 pfn=0xf0a2 order=1 migratetype=0 "
		 "gfp_flags=GFP_KERNEL_ACCOUNT|__GFP_ZERO", v);
	ck_assert_uint_eq(v[0], 0xf0a2);
	ck_assert_uint_eq(v[1], 1);
	ck_assert_uint_eq(v[2], GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	ck_assert_uint_eq(v[3], 0);
	parse_ok("mm_compaction_finished", "node=1 zone=DMA32    order=-1 ret=complete", v);
	ck_assert_uint_eq(v[0], 1);
	ck_assert_uint_eq(v[1], 1);
	ck_assert_uint_eq(v[2], UINT64_MAX);
	ck_assert_uint_eq(v[3], 5);
	parse_ok("mm_compaction_suitable", "node=0 zone=DMA      order=-1 ret=continue", v);
	ck_assert_uint_eq(v[1], 0);
	ck_assert_uint_eq(v[3], 4);
	parse_ok("mm_compaction_begin", "zone_start=0x1 migrate_pfn=0x1 free_pfn=0xe00 "
		 "zone_end=0x1000, mode=sync", v);
	ck_assert_uint_eq(v[2], 0xe00);
	ck_assert_uint_eq(v[4], 1);
	parse_ok("mm_migrate_pages", "nr_succeeded=65536 nr_failed=0 nr_thp_succeeded=0 "
		 "nr_thp_failed=0 nr_thp_split=0 mode=MIGRATE_SYNC reason=syscall_or_cpuset", v);
	ck_assert_uint_eq(v[0], 65536);
	ck_assert_uint_eq(v[5], 2);
	ck_assert_uint_eq(v[6], 3);
	parse_ok("set_migration_pte", "addr=1c163000, pte=eff9fffff49c5a02 order=0", v);
	ck_assert_uint_eq(v[0], 0x1c163000);
	ck_assert_uint_eq(v[1], 0xeff9fffff49c5a02ull);
}
END_TEST

/*
 * Values that only the inverse of a printer gives back: a NULL page with
 * pfn 0 is pfn -1 (mm_page_alloc's TP_printk), a real page at pfn 0 is 0;
 * limit=64 is defer_shift 6; a status printed in hex reads back to its
 * value; RECLAIM_WB_NONE is 0 and a flags list is the OR of its parts; an
 * unsigned int printed by %d as -1 is 0xffffffff; the %pS word is where
 * the field points.
 */
START_TEST(test_parse_inverse_printers)
{
	const char *shrink = "deferred_split_scan+0x0/0x240 ffff888100a4c000: nid: 1 unused scan "
			     "count -1 new scan count 5 total_scan 0 last shrinker return val -1";
	uint64_t v[TP_MAX_FIELDS];

	parse_ok("mm_page_alloc", "page=0000000000000000 pfn=0x0 order=3 migratetype=1 "
		 "gfp_flags=GFP_HIGHUSER_MOVABLE", v);
	ck_assert_uint_eq(v[0], UINT64_MAX);
	parse_ok("mm_page_alloc_zone_locked", "page=ffffea0000000000 pfn=0x0 order=0 "
		 "migratetype=1 percpu_refill=1", v);
	ck_assert_uint_eq(v[0], 0);
	parse_ok("mm_compaction_defer_reset", "node=0 zone=Normal   order=9 order_failed=10 "
		 "consider=0 limit=64", v);
	ck_assert_uint_eq(v[1], 2);
	ck_assert_uint_eq(v[4], 6);
	parse_ok("mm_compaction_end", "zone_start=0x1000 migrate_pfn=0x1200 free_pfn=0x7fe00 "
		 "zone_end=0x80000, mode=async status=0xffffffffffffffff", v);
	ck_assert_uint_eq(v[4], 0);
	ck_assert_uint_eq(v[5], UINT64_MAX);
	parse_ok("mm_vmscan_write_folio", "page=ffffea0000040000 pfn=0x1000 flags=RECLAIM_WB_NONE", v);
	ck_assert_uint_eq(v[1], 0);
	parse_ok("mm_vmscan_lru_shrink_active", "nid=0 nr_taken=64 nr_active=10 nr_deactivated=54 "
		 "nr_referenced=3 priority=11 flags=RECLAIM_WB_FILE|0x20", v);
	ck_assert_uint_eq(v[6], 0x22);
	parse_ok("mm_vmscan_lru_shrink_inactive", "nid=1 nr_scanned=32 nr_reclaimed=30 nr_dirty=1 "
		 "nr_writeback=0 nr_congested=0 nr_immediate=0 nr_activate_anon=-1 "
		 "nr_activate_file=2 nr_ref_keep=0 nr_unmap_fail=-1 priority=12 "
		 "flags=RECLAIM_WB_NONE", v);
	ck_assert_uint_eq(v[7], 0xffffffffu);
	ck_assert_uint_eq(v[10], UINT64_MAX);
	parse_ok("mm_shrink_slab_end", shrink, v);
	ck_assert_ptr_eq((const char *)(uintptr_t)v[2], shrink);
	ck_assert_uint_eq(v[0], 0xffff888100a4c000ull);
	ck_assert_uint_eq(v[5], UINT64_MAX);
}
END_TEST

/* Expect text to be refused, stopping at offset at. */
static void parse_bad(const char *name, const char *text, size_t at)
{
	uint64_t v[TP_MAX_FIELDS];
	size_t bad = 999;

	ck_assert_msg(tp_parse(row_named(name), text, v, &bad) == -1, "%s accepted: %s", name, text);
	ck_assert_msg(bad == at, "%s: stopped at %zu, expected %zu: %s", name, bad, at, text);
}

/*
 * Text the kernel cannot have printed: a literal that differs, a number
 * missing or too wide for its conversion (%d: 2^31; %u: 2^32), an unknown
 * gfp name, compaction status or mode, a zone name without its padding, a
 * limit that is no power of two, upper-case hex, trailing text, text cut
 * short.  Expect -1 and the offset of the first thing that does not match.
 */
START_TEST(test_parse_rejects)
{
	parse_bad("mm_page_free", "page=ffffea0000000040 pfn=0x1 order=x", 36);
	parse_bad("mm_page_free", "page=ffffea0000000040 pfn=0x1 ordr=0", 33);
	parse_bad("mm_page_free", "page=ffffea0000000040 pfn=0x1 order=2147483648", 36);
	parse_bad("mm_page_alloc_zone_locked", "page=ffffea0000000040 pfn=0x1 order=4294967296 "
		  "migratetype=1 percpu_refill=1", 36);
	parse_bad("mm_page_free", "page=ffffea0000000040 pfn=0x1A order=0", 29);
	parse_bad("mm_page_free", "page=ffffea0000000040 pfn=0x1 order=0 extra", 37);
	parse_bad("mm_page_free", "page=ffffea0000000040 pfn=0x1", 29);
	parse_bad("mm_page_alloc", "page=ffffea0000000040 pfn=0x1 order=0 migratetype=1 "
		  "gfp_flags=GFP_KERNEL|__GFP_BOGUS", 62);
	parse_bad("mm_compaction_suitable", "node=0 zone=DMA order=-1 ret=continue", 12);
	parse_bad("mm_compaction_suitable", "node=0 zone=Highmem  order=-1 ret=continue", 12);
	parse_bad("mm_compaction_finished", "node=0 zone=DMA      order=-1 ret=bogus", 34);
	parse_bad("mm_compaction_begin", "zone_start=0x1 migrate_pfn=0x1 free_pfn=0xe00 "
		  "zone_end=0x1000, mode=Sync", 68);
	parse_bad("mm_compaction_deferred", "node=0 zone=Normal   order=9 order_failed=10 "
		  "consider=0 limit=3", 62);
	parse_bad("mm_vmscan_write_folio", "page=ffffea0000040000 pfn=0x1000 "
		  "flags=RECLAIM_WB_ANON|", 39);
}
END_TEST

/* ---- what mm/ emits -------------------------------------------------------------- */

/*
 * A 16M node (min 0, low 4, high 8) with every page allocated but
 * [0, nr_pages), kswapd asleep, the log recording mm_vmscan_wakeup_kswapd.
 */
static struct machine *boot_with_free(unsigned long nr_pages, struct test_ev_log *log)
{
	struct machine *m = test_boot_node("16M", 1, K_BOOST);

	test_take_all(m, 0);
	mm_run_daemons(m, m->clock_ns);
	/*
	 * With nothing to reclaim, that kswapd run failed MAX_RECLAIM_RETRIES
	 * times and left the node hopeless (balance_pgdat()); only reclaim
	 * progress revives it.  These tests are about a kswapd that is not.
	 */
	ck_assert_int_eq(NODE_DATA(m, 0)->kswapd_failures, MAX_RECLAIM_RETRIES);
	NODE_DATA(m, 0)->kswapd_failures = 0;
	test_free_range(m, 0, nr_pages);
	ck_assert_uint_eq(test_normal0(m)->_watermark[WMARK_LOW], 4);
	ck_assert_uint_eq(test_normal0(m)->_watermark[WMARK_HIGH], 8);
	test_ev_attach(m, log, MM_EV_BIT(MM_EV_mm_vmscan_wakeup_kswapd));
	return m;
}

/* The log's event i is a wake-up of node 0's kswapd with these fields. */
static void expect_wakeup(const struct test_ev_log *log, unsigned int i, int zid, gfp_t gfp)
{
	const struct mm_ev_mm_vmscan_wakeup_kswapd *ev = &log->ev[i].mm_vmscan_wakeup_kswapd;

	ck_assert_int_eq(log->ev[i].id, MM_EV_mm_vmscan_wakeup_kswapd);
	ck_assert_int_eq(ev->nid, 0);
	ck_assert_int_eq(ev->zid, zid);
	ck_assert_int_eq(ev->order, 0);
	ck_assert_uint_eq(ev->gfp_flags, gfp);
}

/*
 * wakeup_kswapd() (mm/vmscan.c) traces mm_vmscan_wakeup_kswapd after its
 * early returns: only for a kswapd asleep on its wait queue, on a node not
 * balanced (or boosted), with the caller's order, gfp and highest zone
 * index.  Four pages free: a Movable order-0 request sees 4 free <= low 4
 * and takes the slow path, whose wake_all_kswapds() wakes node 0 (4 <
 * high 8) with GFP_HIGHUSER_MOVABLE, order 0 and gfp_zone()'s
 * ZONE_MOVABLE.  Expect that one event; none for the next request while
 * kswapd is awake; none either once kswapd ran: with nothing to reclaim
 * it failed MAX_RECLAIM_RETRIES times, and a hopeless node is left to
 * direct reclaim.
 */
START_TEST(test_wakeup_kswapd_traced_for_a_sleeping_kswapd)
{
	struct test_ev_log log;
	struct machine *m = boot_with_free(4, &log);

	ck_assert_uint_eq(test_alloc_pfn(m, GFP_HIGHUSER_MOVABLE, 0), 0);
	ck_assert_uint_eq(log.n, 1);
	expect_wakeup(&log, 0, ZONE_MOVABLE, GFP_HIGHUSER_MOVABLE);
	ck_assert_uint_eq(test_alloc_pfn(m, GFP_HIGHUSER_MOVABLE, 0), 1);
	ck_assert_uint_eq(log.n, 1);
	mm_run_daemons(m, m->clock_ns);
	ck_assert_int_eq(NODE_DATA(m, 0)->kswapd_failures, MAX_RECLAIM_RETRIES);
	ck_assert_uint_eq(test_alloc_pfn(m, GFP_HIGHUSER_MOVABLE, 0), 2);
	ck_assert_uint_eq(log.n, 1);
	test_release(m);
}
END_TEST

/*
 * rmqueue() wakes kswapd for a boosted zone with wakeup_kswapd(zone, 0, 0,
 * zone_idx(zone)).  Twelve pages free in pageblock 0 (Movable): an
 * Unmovable order-0 request passes the low mark, falls back to the
 * Movable order-3 block, which boosts the watermark (order < pageblock
 * order); the node is balanced (11 free >= high 8) but boosted.  Expect
 * one event: zone Normal, order 0, gfp 0 (printed "none").
 */
START_TEST(test_wakeup_kswapd_traced_for_a_boost)
{
	struct test_ev_log log;
	struct machine *m = boot_with_free(12, &log);

	test_alloc_pfn(m, GFP_KERNEL, 0);
	ck_assert_uint_gt(test_normal0(m)->watermark_boost, 0);
	ck_assert_uint_eq(log.n, 1);
	expect_wakeup(&log, 0, ZONE_NORMAL, 0);
	test_release(m);
}
END_TEST

Suite *tracepoints_suite(void);	/* collected into the runner by the Makefile */
Suite *tracepoints_suite(void)
{
	Suite *s = suite_create("tracepoints");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, test_rows_by_id_and_name);
	tcase_add_test(tc, test_subsystem_masks);
	tcase_add_test(tc, test_args_fit_conversions);
	tcase_add_test(tc, test_rows_match_format_files);
	tcase_add_test(tc, test_vmscan_rows_match_vmscan_h);
	suite_add_tcase(s, tc);

	tc = tcase_create("print");
	tcase_add_test(tc, test_kmem_events_print_as_recorded);
	tcase_add_test(tc, test_kmem_events_derived_values);
	tcase_add_test(tc, test_compaction_migrate_printers);
	tcase_add_test(tc, test_vmscan_printers);
	suite_add_tcase(s, tc);

	tc = tcase_create("parse");
	tcase_add_test(tc, test_recorded_lines_parse_and_print_back);
	tcase_add_test(tc, test_parse_values);
	tcase_add_test(tc, test_parse_inverse_printers);
	tcase_add_test(tc, test_parse_rejects);
	suite_add_tcase(s, tc);

	tc = tcase_create("emit");
	tcase_add_test(tc, test_wakeup_kswapd_traced_for_a_sleeping_kswapd);
	tcase_add_test(tc, test_wakeup_kswapd_traced_for_a_boost);
	suite_add_tcase(s, tc);
	return s;
}
