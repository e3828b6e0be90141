/*
 * mm/trace_schema.c - the rows of the tracepoint table, and the one printer
 * and one reader that walk a row's format (see trace_schema.h).
 *
 * The printer does what the kernel's trace output does with TP_printk: it
 * copies the format's text and, for each conversion, prints the next
 * argument; an argument is a field (or a constant) and a printer that
 * decides what value or text the conversion receives.  The reader walks
 * the same format: literal text must match byte for byte, and each
 * conversion reads back what its printer wrote.
 *
 * Invariants: every row has at most TP_MAX_FIELDS fields and one argument
 * per conversion of its format (tests/check_tracepoints.c checks the
 * second, and every row against the kernel's format files).
 *
 * Linux counterpart: trace_event_printf(), trace_print_flags_seq() and
 * trace_print_symbols_seq() in kernel/trace/trace_output.c; the %p and
 * %pS cases of lib/vsprintf.c.
 */
#include "mm/trace_schema.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "mm/gfp.h"
#include "mm/mmzone.h"
#include "mm/trace_events.h"
#include "mm/vmstat.h"

#define NR_OF(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * Where x86_64 maps the memmap (vmemmap_base without KASLR), and the
 * kernel's sizeof(struct page): page=%p of a kernel booted with
 * no_hash_pointers is this address.
 */
#define FAKE_VMEMMAP_BASE		0xffffea0000000000ull
#define KERNEL_PAGE_STRUCT_BYTES	64ull

/* ---- the rows --------------------------------------------------------------- */

/* One char per field, so that a field's offsetof() is its index. */
#define TP_INDEX_FIELD(field, kind, ctype)	char field;
#define TP_INDEX(name, subsys, fields, fmt, args)			\
	struct tp_index_##name { MM_TP_UNPAREN fields };
MM_TRACEPOINTS(TP_INDEX, TP_INDEX_FIELD, MM_TP_NONE, MM_TP_NONE)

/*
 * Each row is built in a block of its own, where index_t names its index
 * struct: that is how an argument finds its field by name.
 */
#define TP_ROW_FIELD(field, kind, ctype)	{ #field, ctype, TP_KIND_##kind },
#define TP_ROW_ARG(field, printer)	{ (int)offsetof(index_t, field), TP_PR_##printer },
#define TP_ROW_CONST(printer)		{ -1, TP_PR_##printer },
#define TP_ROW_CASE(name, subsys, fields, fmt, args)			\
	case MM_EV_##name: {						\
		typedef struct tp_index_##name index_t;			\
		static const struct tp_field f[] = { MM_TP_UNPAREN fields }; \
		static const struct tp_arg a[] = { MM_TP_UNPAREN args }; \
		static const struct tp_row row = {			\
			#name, MM_EV_##name, MM_SYS_##subsys, fmt,	\
			f, NR_OF(f), a, NR_OF(a)			\
		};							\
		_Static_assert(NR_OF(f) <= TP_MAX_FIELDS, #name);	\
		return &row;						\
	}

const struct tp_row *tp_row(enum mm_event_id id)
{
	switch (id) {
	MM_TRACEPOINTS(TP_ROW_CASE, TP_ROW_FIELD, TP_ROW_ARG, TP_ROW_CONST)
	default:
		return NULL;
	}
}

const struct tp_row *tp_row_by_name(const char *name, size_t len)
{
	for (int id = 0; id < MM_EV_NR; id++) {
		const struct tp_row *row = tp_row((enum mm_event_id)id);

		if (strncmp(row->name, name, len) == 0 && row->name[len] == '\0')
			return row;
	}
	return NULL;
}

int tp_field_index(const struct tp_row *row, const char *name)
{
	for (unsigned int i = 0; i < row->nr_fields; i++)
		if (strcmp(row->fields[i].name, name) == 0)
			return (int)i;
	return -1;
}

#define TP_SUBSYS_NAME(sys)	#sys,
static const char *const subsys_names[MM_SYS_NR] = { MM_TRACE_SUBSYSTEMS(TP_SUBSYS_NAME) };

const char *tp_subsys_name(enum mm_trace_subsys sys)
{
	return (unsigned int)sys < MM_SYS_NR ? subsys_names[sys] : NULL;
}

int tp_subsys_by_name(const char *name, size_t len)
{
	for (int i = 0; i < MM_SYS_NR; i++)
		if (strncmp(subsys_names[i], name, len) == 0 && subsys_names[i][len] == '\0')
			return i;
	return -1;
}

/* ---- mm/'s events as records ------------------------------------------------- */

#define TP_LOAD_S32(m, x)	((uint64_t)(x))
#define TP_LOAD_U32(m, x)	((uint64_t)(x))
#define TP_LOAD_S64(m, x)	((uint64_t)(x))
#define TP_LOAD_U64(m, x)	((uint64_t)(x))
#define TP_LOAD_BOOL(m, x)	((uint64_t)(x))
#define TP_LOAD_MT(m, x)	((uint64_t)migratetype_abi_number((m), (x)))
#define TP_LOAD_PTR(m, x)	((uint64_t)(x))
#define TP_LOAD_SYM(m, x)	((uint64_t)(uintptr_t)(x))
#define TP_LOAD_STR(m, x)	((uint64_t)(uintptr_t)(x))

#define TP_LOAD_FIELD(field, kind, ctype)	*v++ = TP_LOAD_##kind(m, p->field);
#define TP_LOAD_CASE(name, subsys, fields, fmt, args)			\
	case MM_EV_##name: {						\
		const struct mm_ev_##name *p = &ev->name;		\
		MM_TP_UNPAREN fields					\
		break;							\
	}

/* Linux: what the TP_fast_assign() of each event stores, include/trace/events/ */
void mm_event_record(const struct machine *m, const struct mm_event *ev, uint64_t *vals)
{
	uint64_t *v = vals;

	switch (ev->id) {
	MM_TRACEPOINTS(TP_LOAD_CASE, TP_LOAD_FIELD, MM_TP_NONE, MM_TP_NONE)
	default:
		break;
	}
}

/* ---- the symbolic printers ------------------------------------------------- */

/* Linux: ZONE_TYPE, include/trace/events/mmflags.h (x86_64: no HighMem) */
static const struct tp_sym zone_syms[] = {
	{ 0, "DMA" }, { 1, "DMA32" }, { 2, "Normal" }, { 3, "Movable" },
};

/* Linux: COMPACTION_STATUS (enum compact_result), in mmflags.h's order */
static const struct tp_sym compact_status_syms[] = {
	{ 1, "skipped" }, { 2, "deferred" }, { 4, "continue" }, { 8, "success" },
	{ 6, "partial_skipped" }, { 5, "complete" }, { 3, "no_suitable_page" },
	{ 0, "not_suitable_zone" }, { 7, "contended" },
};

/* Linux: MIGRATE_MODE and MIGRATE_REASON, include/trace/events/migrate.h */
static const struct tp_sym migrate_mode_syms[] = {
	{ 0, "MIGRATE_ASYNC" }, { 1, "MIGRATE_SYNC_LIGHT" }, { 2, "MIGRATE_SYNC" },
};
static const struct tp_sym migrate_reason_syms[] = {
	{ 0, "compaction" }, { 1, "memory_failure" }, { 2, "memory_hotplug" },
	{ 3, "syscall_or_cpuset" }, { 4, "mempolicy_mbind" }, { 5, "numa_misplaced" },
	{ 6, "contig_range" }, { 7, "longterm_pin" }, { 8, "demotion" },
};

/* Linux: LRU_NAMES (enum lru_list), include/trace/events/mmflags.h */
static const struct tp_sym lru_syms[] = {
	{ 0, "inactive_anon" }, { 1, "active_anon" }, { 2, "inactive_file" },
	{ 3, "active_file" }, { 4, "unevictable" },
};

/* Linux: show_reclaim_flags() and show_throttle_flags(), include/trace/events/vmscan.h */
static const struct tp_sym reclaim_flag_syms[] = {
	{ 0x1, "RECLAIM_WB_ANON" }, { 0x2, "RECLAIM_WB_FILE" }, { 0x10, "RECLAIM_WB_MIXED" },
	{ 0x4, "RECLAIM_WB_SYNC" }, { 0x8, "RECLAIM_WB_ASYNC" },
};
static const struct tp_sym throttle_flag_syms[] = {
	{ 1u << 0, "VMSCAN_THROTTLE_WRITEBACK" }, { 1u << 1, "VMSCAN_THROTTLE_ISOLATED" },
	{ 1u << 2, "VMSCAN_THROTTLE_NOPROGRESS" }, { 1u << 3, "VMSCAN_THROTTLE_CONGESTED" },
};

/* A symbolic printer's names; none is set for flags: what 0 prints as. */
struct symbolic {
	const struct tp_sym *syms;
	size_t nr;
	const char *none;
};

#define SYMBOLIC(table, none)	{ table, NR_OF(table), none }
static const struct symbolic symbolics[TP_PR_NR] = {
	[TP_PR_ZONE]		= SYMBOLIC(zone_syms, NULL),
	[TP_PR_COMPACT_STATUS]	= SYMBOLIC(compact_status_syms, NULL),
	[TP_PR_MIGRATE_MODE]	= SYMBOLIC(migrate_mode_syms, NULL),
	[TP_PR_MIGRATE_REASON]	= SYMBOLIC(migrate_reason_syms, NULL),
	[TP_PR_LRU]		= SYMBOLIC(lru_syms, NULL),
	[TP_PR_RECLAIM_FLAGS]	= SYMBOLIC(reclaim_flag_syms, "RECLAIM_WB_NONE"),
	[TP_PR_THROTTLE_FLAGS]	= SYMBOLIC(throttle_flag_syms, "VMSCAN_THROTTLE_NONE"),
};

const struct tp_sym *tp_printer_symbols(enum tp_printer pr, size_t *nr)
{
	*nr = (unsigned int)pr < TP_PR_NR ? symbolics[pr].nr : 0;
	return *nr ? symbolics[pr].syms : NULL;
}

/* ---- printing ------------------------------------------------------------------ */

/* A conversion of the format: %[-][width][h|l|ll](d|u|x|s|p|pS). */
struct conv {
	bool left;
	unsigned int width;
	unsigned int longs;
	bool half;			/* %hd: a short */
	char type;			/* 'S' for %pS, '%' for "%%" */
};

static const char *read_conv(const char *f, struct conv *c)
{
	*c = (struct conv){ 0 };
	f++;
	if (*f == '-') {
		c->left = true;
		f++;
	}
	while (*f >= '0' && *f <= '9')
		c->width = c->width * 10 + (unsigned int)(*f++ - '0');
	while (*f == 'l') {
		c->longs++;
		f++;
	}
	if (*f == 'h') {
		c->half = true;
		f++;
	}
	c->type = *f ? *f++ : '%';
	if (c->type == 'p' && *f == 'S') {
		c->type = 'S';
		f++;
	}
	return f;
}

/* snprintf-style output: counts everything, stores what fits. */
struct out {
	char *buf;
	size_t len, n;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->n < o->len) {
		size_t room = o->len - 1 - o->n;

		memcpy(o->buf + o->n, s, n < room ? n : room);
	}
	o->n += n;
}

static void put_spaces(struct out *o, size_t n)
{
	static const char spaces[] = "                ";

	for (; n > sizeof(spaces) - 1; n -= sizeof(spaces) - 1)
		put(o, spaces, sizeof(spaces) - 1);
	put(o, spaces, n);
}

static void put_padded(struct out *o, const struct conv *c, const char *s, size_t n)
{
	size_t pad = c->width > n ? c->width - n : 0;

	if (!c->left)
		put_spaces(o, pad);
	put(o, s, n);
	if (c->left)
		put_spaces(o, pad);
}

/* v in base 10 or 16 at the end of tmp[24], with a '-' if negative. */
static size_t num_text(char tmp[24], uint64_t v, unsigned int base, bool negative)
{
	size_t i = 24;

	do {
		tmp[--i] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (negative)
		tmp[--i] = '-';
	memmove(tmp, tmp + i, 24 - i);
	return 24 - i;
}

/* What printf prints for v passed as the conversion's C type. */
static size_t conv_text(char tmp[24], const struct conv *c, uint64_t v)
{
	if (c->half)
		v = c->type == 'd' ? (uint64_t)(int64_t)(int16_t)(uint16_t)v : (uint16_t)v;
	else if (!c->longs)
		v = c->type == 'd' ? (uint64_t)(int64_t)(int32_t)(uint32_t)v : (uint32_t)v;
	if (c->type == 'x')
		return num_text(tmp, v, 16, false);
	if (c->type == 'd' && (int64_t)v < 0)
		return num_text(tmp, -v, 10, true);
	return num_text(tmp, v, 10, false);
}

/* Linux: pointer_string(), lib/vsprintf.c: %p with no_hash_pointers, 16 digits. */
static size_t ptr_text(char tmp[24], uint64_t v)
{
	for (int i = 15; i >= 0; i--, v >>= 4)
		tmp[i] = "0123456789abcdef"[v & 15];
	return 16;
}

static uint64_t page_address(uint64_t pfn)
{
	return FAKE_VMEMMAP_BASE + pfn * KERNEL_PAGE_STRUCT_BYTES;
}

/* Linux: trace_print_symbols_seq(), trace_print_flags_seq(), kernel/trace/trace_output.c */
static size_t symbolic_text(char *buf, size_t len, const struct symbolic *sy, uint64_t v)
{
	struct out o = { buf, len, 0 };

	if (!sy->none) {
		for (size_t i = 0; i < sy->nr; i++)
			if (sy->syms[i].value == v)
				return (size_t)snprintf(buf, len, "%s", sy->syms[i].name);
		return (size_t)snprintf(buf, len, "0x%llx", (unsigned long long)v);
	}
	if (!v)
		return (size_t)snprintf(buf, len, "%s", sy->none);
	for (size_t i = 0; i < sy->nr && v; i++) {
		if ((v & sy->syms[i].value) != sy->syms[i].value)
			continue;
		v &= ~sy->syms[i].value;
		put(&o, "|", o.n ? 1 : 0);
		put(&o, sy->syms[i].name, strlen(sy->syms[i].name));
	}
	if (v) {
		char hex[24];

		put(&o, "|", o.n ? 1 : 0);
		put(&o, "0x", 2);
		put(&o, hex, num_text(hex, v, 16, false));
	}
	buf[o.n < len ? o.n : len - 1] = '\0';
	return o.n;
}

static void print_arg(struct out *o, const struct conv *c, enum tp_printer pr, uint64_t v,
		      int pageblock_order)
{
	char tmp[512];
	const char *s = tmp;
	size_t n;

	switch (pr) {
	case TP_PR_PAGE_OR_NULL:
		n = ptr_text(tmp, v == UINT64_MAX ? 0 : page_address(v));
		break;
	case TP_PR_PAGE:
		n = ptr_text(tmp, page_address(v));
		break;
	case TP_PR_PTR:
		n = ptr_text(tmp, v);
		break;
	case TP_PR_PFN_OR_ZERO:
		n = conv_text(tmp, c, v == UINT64_MAX ? 0 : v);
		break;
	case TP_PR_PAGEBLOCK_ORDER:
		n = conv_text(tmp, c, (uint64_t)pageblock_order);
		break;
	case TP_PR_FRAGMENTING:		/* an int compared with an unsigned int */
		n = conv_text(tmp, c, (uint32_t)v < (uint32_t)pageblock_order);
		break;
	case TP_PR_POW2:
		n = conv_text(tmp, c, 1ull << (v & 63));
		break;
	case TP_PR_GFP:
		n = (size_t)gfp_format(tmp, sizeof(tmp), (gfp_t)v);
		break;
	case TP_PR_SYNC_MODE:
		s = v ? "sync" : "async";
		n = strlen(s);
		break;
	case TP_PR_SYMBOL:
		s = v ? (const char *)(uintptr_t)v : "0x0";
		n = strlen(s);
		break;
	case TP_PR_STR:
		s = v ? (const char *)(uintptr_t)v : "(null)";
		n = strlen(s);
		break;
	case TP_PR_NUM:
		n = conv_text(tmp, c, v);
		break;
	default:
		n = symbolic_text(tmp, sizeof(tmp), &symbolics[pr], v);
		break;
	}
	if (s == tmp && n >= sizeof(tmp))
		n = sizeof(tmp) - 1;	/* snprintf() cut it short */
	put_padded(o, c, s, n);
}

/*
 * Linux: trace_raw_output_<event>() of TRACE_EVENT(), include/trace/trace_events.h,
 * which hands TP_printk to trace_event_printf(), kernel/trace/trace_output.c.
 */
int tp_format(char *buf, size_t len, const struct tp_row *row, const uint64_t *vals,
	      int pageblock_order)
{
	struct out o = { buf, len, 0 };
	const char *f = row->fmt;
	unsigned int a = 0;

	while (*f) {
		const char *lit = f;
		struct conv c;

		while (*f && *f != '%')
			f++;
		put(&o, lit, (size_t)(f - lit));
		if (!*f)
			break;
		f = read_conv(f, &c);
		if (c.type == '%') {
			put(&o, "%", 1);
		} else if (a < row->nr_args) {
			const struct tp_arg *arg = &row->args[a++];

			print_arg(&o, &c, arg->printer, arg->field >= 0 ? vals[arg->field] : 0,
				  pageblock_order);
		}
	}
	if (len)
		buf[o.n < len ? o.n : len - 1] = '\0';
	return (int)o.n;
}

/* ---- reading back ----------------------------------------------------------- */

/* The record value of what a conversion read, as the field's kind stores it. */
static uint64_t narrow(enum tp_kind kind, uint64_t v)
{
	switch (kind) {
	case TP_KIND_S32:
	case TP_KIND_MT:
		return (uint64_t)(int64_t)(int32_t)(uint32_t)v;
	case TP_KIND_U32:
		return (uint32_t)v;
	case TP_KIND_BOOL:
		return v != 0;
	default:
		return v;
	}
}

/* Lower-case digits of base at *s; false if there are none or too many. */
static bool read_digits(const char **s, unsigned int base, uint64_t *v)
{
	const char *p = *s;
	uint64_t x = 0;

	for (;; p++) {
		unsigned int d;

		if (*p >= '0' && *p <= '9')
			d = (unsigned int)(*p - '0');
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = (unsigned int)(*p - 'a' + 10);
		else
			break;
		if (x > (UINT64_MAX - d) / base)
			return false;
		x = x * base + d;
	}
	if (p == *s)
		return false;
	*s = p;
	*v = x;
	return true;
}

/* A number as conv_text() prints it for conversion c. */
static bool read_conv_num(const char **s, const struct conv *c, uint64_t *v)
{
	bool negative = c->type == 'd' && **s == '-';
	const char *p = *s + negative;
	uint64_t x;

	if (!read_digits(&p, c->type == 'x' ? 16 : 10, &x))
		return false;
	if (c->type == 'd') {
		if (x > (c->longs ? (uint64_t)INT64_MAX : (uint64_t)INT32_MAX) + negative)
			return false;
		if (negative)
			x = -x;
	} else if (!c->longs && x > UINT32_MAX) {
		return false;
	}
	*s = p;
	*v = x;
	return true;
}

/* A %s word (symbols never hold a space), then the padding of a %-Ns. */
static bool read_word(const char **s, const struct conv *c, const char **word, size_t *n)
{
	const char *p = *s;

	*word = p;
	while (*p && *p != ' ')
		p++;
	*n = (size_t)(p - *word);
	for (size_t i = *n; c->left && i < c->width; i++, p++)
		if (*p != ' ')
			return false;
	*s = p;
	return *n > 0;
}

static bool symbol_value(const struct symbolic *sy, const char *w, size_t n, uint64_t *v)
{
	const char *p = w + 2;

	for (size_t i = 0; i < sy->nr; i++)
		if (strlen(sy->syms[i].name) == n && memcmp(sy->syms[i].name, w, n) == 0) {
			*v = sy->syms[i].value;
			return true;
		}
	/* what trace_print_symbols_seq() prints for a value it has no name for */
	return n > 2 && w[0] == '0' && w[1] == 'x' && read_digits(&p, 16, v) && p == w + n;
}

/* The inverse of symbolic_text(). */
static bool read_symbolic(const struct symbolic *sy, const char *w, size_t n, uint64_t *v)
{
	const char *end = w + n;

	*v = 0;
	if (sy->none && strlen(sy->none) == n && memcmp(sy->none, w, n) == 0)
		return true;
	while (w < end) {
		const char *bar = sy->none ? memchr(w, '|', (size_t)(end - w)) : NULL;
		const char *stop = bar ? bar : end;
		uint64_t part;

		if (!symbol_value(sy, w, (size_t)(stop - w), &part))
			return false;
		*v |= part;
		w = bar ? bar + 1 : end;
		if (bar && w == end)
			return false;
	}
	return true;
}

static bool read_text(enum tp_printer pr, const char *w, size_t n, uint64_t *field)
{
	gfp_t gfp;

	switch (pr) {
	case TP_PR_GFP:
		if (gfp_parse(w, n, &gfp, NULL) != 0)
			return false;
		*field = gfp;
		return true;
	case TP_PR_SYNC_MODE:
		if (n == 4 && memcmp(w, "sync", 4) == 0)
			*field = 1;
		else if (n == 5 && memcmp(w, "async", 5) == 0)
			*field = 0;
		else
			return false;
		return true;
	default:
		return symbolics[pr].syms && read_symbolic(&symbolics[pr], w, n, field);
	}
}

static bool store_number(enum tp_printer pr, enum tp_kind kind, uint64_t v, uint64_t *field)
{
	unsigned int shift = 0;

	switch (pr) {
	case TP_PR_NUM:
		*field = narrow(kind, v);
		return true;
	case TP_PR_PFN_OR_ZERO:		/* 0 after a NULL page was pfn -1 */
		if (v || *field != UINT64_MAX)
			*field = v;
		return true;
	case TP_PR_POW2:
		if (!v || (v & (v - 1)))
			return false;
		while (!(v & 1)) {
			v >>= 1;
			shift++;
		}
		*field = shift;
		return true;
	case TP_PR_FRAGMENTING:
		return v <= 1;
	case TP_PR_PAGEBLOCK_ORDER:	/* a constant of the kernel, not a field */
		return true;
	default:
		return false;
	}
}

static bool parse_arg(const char **s, const struct conv *c, const struct tp_row *row,
		      const struct tp_arg *a, uint64_t *vals)
{
	uint64_t v = 0, *field = a->field >= 0 ? &vals[a->field] : &v;
	enum tp_kind kind = a->field >= 0 ? row->fields[a->field].kind : TP_KIND_U64;
	const char *word;
	size_t n;

	switch (c->type) {
	case 'p':			/* page=%p is the pfn's page: nothing new */
		if (!read_digits(s, 16, &v))
			return false;
		if (a->printer == TP_PR_PTR)
			*field = v;
		else if (a->printer == TP_PR_PAGE_OR_NULL && v == 0)
			*field = UINT64_MAX;
		return true;
	case 'S':
		word = *s;
		while (**s && **s != ' ')
			(*s)++;
		*field = (uintptr_t)word;
		return *s > word;
	case 's':
		if (a->printer == TP_PR_STR) {	/* a comm: the word, as %pS's symbol is kept */
			word = *s;
			while (**s && **s != ' ')
				(*s)++;
			*field = (uintptr_t)word;
			return *s > word;
		}
		return read_word(s, c, &word, &n) && read_text(a->printer, word, n, field);
	default:
		return read_conv_num(s, c, &v) && store_number(a->printer, kind, v, field);
	}
}

int tp_parse(const struct tp_row *row, const char *text, uint64_t *vals, size_t *bad)
{
	const char *f = row->fmt, *s = text;
	unsigned int a = 0;

	memset(vals, 0, row->nr_fields * sizeof(*vals));
	while (*f) {
		const char *at = s;
		struct conv c;

		if (*f != '%') {
			if (*s != *f)
				goto mismatch;
			s++;
			f++;
			continue;
		}
		f = read_conv(f, &c);
		if (c.type == '%' ? *s++ != '%' :
		    a >= row->nr_args || !parse_arg(&s, &c, row, &row->args[a++], vals)) {
			s = at;
			goto mismatch;
		}
	}
	if (!*s)
		return 0;
mismatch:
	if (bad)
		*bad = (size_t)(s - text);
	return -1;
}
