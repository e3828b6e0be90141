/*
 * sim/procparse.c - reading the kernel's /proc and /sys text back into
 * named numbers (procparse.h has the names).
 *
 * Each file is read line by line: a line is split into blank-separated
 * fields and handed to its format's line parser, which checks the fields
 * against what the kernel prints there and emits the numbers.  The layout
 * is matched by words, not by columns: the kernel pads with "%6lu " and
 * "%-12s", and a copied file keeps the padding, but nothing reads it.
 *
 * Invariants: every line is printable ASCII (or a tab); a line the format
 * does not know is an error, never skipped; items come out in the file's
 * order.  No output, no exit: problems are "PATH:LINE: message" in err.
 *
 * Kernel counterpart: the printers it reads, mm/vmstat.c (frag_show_print,
 * pagetypeinfo_showfree_print, pagetypeinfo_showblockcount_print,
 * zoneinfo_show_print, vmstat_show, extfrag_show_print,
 * unusable_show_print), fs/proc/meminfo.c (meminfo_proc_show),
 * drivers/base/node.c (node_read_meminfo, node_read_vmstat,
 * node_read_numastat), mm/slab_common.c (print_slabinfo_header,
 * cache_show), v6.1.
 */
#include "sim/procparse.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define LINE_BYTES	4096	/* the longest line, its newline excluded, is one less */
#define MAX_FIELDS	64
#define MAX_COLUMNS	32	/* orders or migratetypes of a table */
#define WORD_MAX	63	/* a name, a zone or a migratetype */
#define NAME_BYTES	512	/* an item's full name: a few words and numbers */
#define CPU_MAX		65535

/* The characters of a counter's, zone's or migratetype's name. */
#define WORD_CHARS	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"
/* A meminfo name may hold parentheses: "Active(anon)". */
#define MEMINFO_CHARS	WORD_CHARS "()"

/* Where zoneinfo is: which block of lines a "NAME VALUE" line belongs to. */
enum zoneinfo_part {
	ZI_NONE,		/* before the first "Node N, zone NAME" */
	ZI_HEAD,		/* after it, before anything else */
	ZI_NODE_STATS,		/* "per-node stats" */
	ZI_ZONE,		/* "pages free" and the zone's counters */
	ZI_PAGESETS,		/* "pagesets": per-CPU values */
};

/* Which table of pagetypeinfo the "Node N, zone ..." lines fill. */
enum pagetype_table {
	PT_NONE,
	PT_FREE,		/* "Free pages count per migrate type at order" */
	PT_BLOCKS,		/* "Number of blocks type" */
	PT_MIXED,		/* "Number of mixed blocks" (page_owner) */
};

struct parser {
	const struct proc_file_kind *kind;
	const char *path;
	unsigned int line;
	char prefix[32];		/* "vmstat", "vmstat/node0", ... */
	proc_sink_fn sink;
	void *ctx;
	char *err;
	size_t errlen;
	/* zoneinfo */
	enum zoneinfo_part zi;
	int zi_node;
	char zi_zone[WORD_MAX + 1];
	long zi_cpu;			/* the pageset's CPU; -1 before "cpu:" */
	/* pagetypeinfo */
	enum pagetype_table pt;
	unsigned int nr_columns;
	char columns[MAX_COLUMNS][WORD_MAX + 1];	/* "order3" or "Movable" */
	int64_t pt_header[2];		/* page block order, pages per block; -1 unseen */
};

typedef int (*line_fn)(struct parser *p, char **f, int nf);

/* ---- messages, numbers, words ---- */

__attribute__((format(printf, 2, 3)))
static int bad(struct parser *p, const char *fmt, ...)
{
	int n = snprintf(p->err, p->errlen, "%s:%u: ", p->path, p->line);
	va_list ap;

	if (n < 0 || (size_t)n >= p->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* Hand one number to the sink under the name fmt makes. */
__attribute__((format(printf, 5, 6)))
static int emit(struct parser *p, int64_t value, unsigned char decimals, bool at_least,
		const char *fmt, ...)
{
	char name[NAME_BYTES];
	struct proc_item item = { name, value, decimals, at_least, p->line };
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(name))
		return bad(p, "name too long");
	if (p->sink(p->ctx, &item))
		return bad(p, "out of memory");
	return 0;
}

/* Digits of s (at least one) into *v, at most max; s ends at end. */
static int digits(const char *s, const char *end, int64_t max, int64_t *v)
{
	int64_t x = 0;

	if (s == end)
		return -1;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (x > (max - (*s - '0')) / 10)
			return -2;
		x = x * 10 + (*s - '0');
	}
	*v = x;
	return 0;
}

/* "[-]DIGITS": a value; the messages name the text. */
static int parse_int(struct parser *p, const char *s, int64_t *v)
{
	bool neg = s[0] == '-';
	int ret = digits(s + neg, s + strlen(s), PROC_VALUE_MAX, v);

	if (ret == -1)
		return bad(p, "bad value '%s': not a number", s);
	if (ret == -2)
		return bad(p, "value '%s' out of range (magnitude at most 10^18)", s);
	if (neg)
		*v = -*v;
	return 0;
}

/* "[-]DIGITS.DDD": the kernel's "%d.%03d" of a fragmentation index, in thousandths. */
static int parse_fixed3(struct parser *p, const char *s, int64_t *v)
{
	bool neg = s[0] == '-';
	const char *dot = strchr(s, '.');
	int64_t whole, frac;

	if (!dot || strlen(dot + 1) != 3 || digits(s + neg, dot, PROC_VALUE_MAX / 1000, &whole) ||
	    digits(dot + 1, dot + 4, 999, &frac))
		return bad(p, "bad value '%s': expected a number with three decimals", s);
	*v = (whole * 1000 + frac) * (neg ? -1 : 1);
	return 0;
}

/* A small non-negative number (a node, a CPU, an order) ending at end. */
static int parse_index(struct parser *p, const char *s, const char *end, int64_t max,
		       const char *what, int64_t *v)
{
	if (digits(s, end, max, v))
		return bad(p, "bad %s '%.*s' (0..%lld)", what, (int)(end - s), s, (long long)max);
	return 0;
}

/* Whether s is a name made of the characters chars, not too long. */
static bool is_word(const char *s, const char *chars)
{
	size_t len = strlen(s);

	return len > 0 && len <= WORD_MAX && strspn(s, chars) == len;
}

/* Remove the character c from the end of s; false if s did not end with it. */
static bool chop(char *s, char c)
{
	size_t len = strlen(s);

	if (!len || s[len - 1] != c)
		return false;
	s[len - 1] = '\0';
	return true;
}

/* ---- "Node N, zone NAME": the head of most lines ---- */

/*
 * f[0..3] are "Node", "N,", "zone", "NAME" (with NAME's trailing comma when
 * comma): the node into *node, NAME (comma removed) into zone.
 */
static int node_zone(struct parser *p, char **f, int nf, bool comma, int *node, char *zone)
{
	int64_t n;
	size_t len;

	if (nf < 4 || strcmp(f[0], "Node") || strcmp(f[2], "zone") || !chop(f[1], ',') ||
	    (comma && !chop(f[3], ',')))
		return bad(p, "expected 'Node N, zone NAME%s'", comma ? ", ..." : " ...");
	len = strlen(f[1]);
	if (parse_index(p, f[1], f[1] + len, PROC_NODE_MAX, "node", &n))
		return -1;
	if (!is_word(f[3], WORD_CHARS))
		return bad(p, "bad zone name '%s'", f[3]);
	*node = (int)n;
	strcpy(zone, f[3]);
	return 0;
}

/* ---- vmstat, nodeN.vmstat, nodeN.numastat: "NAME VALUE" ---- */

static int line_counter(struct parser *p, char **f, int nf)
{
	int64_t v;

	if (nf != 2)
		return bad(p, "expected 'NAME VALUE'");
	if (!is_word(f[0], WORD_CHARS))
		return bad(p, "bad counter name '%s'", f[0]);
	if (parse_int(p, f[1], &v))
		return -1;
	return emit(p, v, 0, false, "%s/%s", p->prefix, f[0]);
}

/* ---- meminfo: "NAME: VALUE [kB]", nodeN.meminfo: "Node N NAME: VALUE [kB]" ---- */

static int line_meminfo(struct parser *p, char **f, int nf)
{
	int k = p->kind->node < 0 ? 0 : 2;
	int64_t v;

	if (k) {
		if (nf < 2 || strcmp(f[0], "Node") ||
		    digits(f[1], f[1] + strlen(f[1]), PROC_NODE_MAX, &v) || v != p->kind->node)
			return bad(p, "expected 'Node %d NAME: VALUE [kB]'", p->kind->node);
	}
	if (nf - k < 2 || nf - k > 3 || !chop(f[k], ':') || (nf - k == 3 && strcmp(f[k + 2], "kB")))
		return bad(p, "expected 'NAME: VALUE' or 'NAME: VALUE kB'");
	if (!is_word(f[k], MEMINFO_CHARS))
		return bad(p, "bad meminfo name '%s'", f[k]);
	if (parse_int(p, f[k + 1], &v))
		return -1;
	return emit(p, v, 0, false, "%s/%s", p->prefix, f[k]);
}

/* ---- buddyinfo, extfrag_index, unusable_index: "Node N, zone NAME V..." ---- */

static int zone_row(struct parser *p, char **f, int nf, bool fixed3)
{
	char zone[WORD_MAX + 1];
	int node;
	int64_t v;

	if (node_zone(p, f, nf, false, &node, zone))
		return -1;
	if (nf == 4)
		return bad(p, "no values after 'Node %d, zone %s'", node, zone);
	if (nf - 4 > MAX_COLUMNS)
		return bad(p, "more than %d values", MAX_COLUMNS);
	for (int i = 4; i < nf; i++) {
		if ((fixed3 ? parse_fixed3 : parse_int)(p, f[i], &v) ||
		    emit(p, v, fixed3 ? 3 : 0, false, "%s/node%d/%s/order%d", p->prefix, node,
			 zone, i - 4))
			return -1;
	}
	return 0;
}

static int line_buddyinfo(struct parser *p, char **f, int nf)
{
	return zone_row(p, f, nf, false);
}

static int line_fragindex(struct parser *p, char **f, int nf)
{
	return zone_row(p, f, nf, true);
}

/* ---- pagetypeinfo ---- */

/* Whether f starts with the words of head (blank-separated). */
static bool starts_with_words(char **f, int nf, const char *head, int *nwords)
{
	char copy[128];
	char *save = NULL;
	int i = 0;

	snprintf(copy, sizeof(copy), "%s", head);
	for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save), i++)
		if (i >= nf || strcmp(f[i], w))
			return false;
	*nwords = i;
	return true;
}

/* "Page block order: N" and "Pages per block: N", printed once per node. */
static int pagetype_header(struct parser *p, char **f, int nf, int which)
{
	static const char *const names[] = { "pageblock_order", "pages_per_block" };
	int64_t v;

	if (nf != 4)
		return bad(p, "expected one value after '%s %s %s'", f[0], f[1], f[2]);
	if (parse_int(p, f[3], &v))
		return -1;
	p->pt = PT_NONE;
	if (p->pt_header[which] >= 0) {
		if (v != p->pt_header[which])
			return bad(p, "%s %lld differs from the one before (%lld)", names[which],
				   (long long)v, (long long)p->pt_header[which]);
		return 0;
	}
	p->pt_header[which] = v;
	return emit(p, v, 0, false, "%s/%s", p->prefix, names[which]);
}

/* A table's header: its column labels follow the first first words. */
static int pagetype_columns(struct parser *p, char **f, int nf, int first,
			    enum pagetype_table table)
{
	int64_t order;

	if (nf == first)
		return bad(p, "a table header without columns");
	if (nf - first > MAX_COLUMNS)
		return bad(p, "more than %d columns", MAX_COLUMNS);
	for (int i = first; i < nf; i++) {
		char *label = p->columns[i - first];

		if (table == PT_FREE) {
			if (parse_index(p, f[i], f[i] + strlen(f[i]), MAX_COLUMNS - 1, "order", &order))
				return -1;
			snprintf(label, WORD_MAX + 1, "order%lld", (long long)order);
		} else {
			if (!is_word(f[i], WORD_CHARS))
				return bad(p, "bad migratetype name '%s'", f[i]);
			strcpy(label, f[i]);
		}
	}
	p->nr_columns = (unsigned int)(nf - first);
	p->pt = table;
	return 0;
}

/* "Node N, zone NAME, type TYPE C..." under the free table; ">100000" is capped. */
static int pagetype_free_row(struct parser *p, char **f, int nf)
{
	char zone[WORD_MAX + 1];
	int node;
	int64_t v;

	if (node_zone(p, f, nf, true, &node, zone))
		return -1;
	if (nf < 6 || strcmp(f[4], "type") || !is_word(f[5], WORD_CHARS))
		return bad(p, "expected 'Node N, zone NAME, type TYPE COUNT...'");
	if (p->pt != PT_FREE)
		return bad(p, "a row of free counts outside the 'Free pages count' table");
	if ((unsigned int)(nf - 6) != p->nr_columns)
		return bad(p, "%d counts, the table's header has %u orders", nf - 6, p->nr_columns);
	for (int i = 6; i < nf; i++) {
		bool capped = f[i][0] == '>';

		if (parse_int(p, f[i] + capped, &v) ||
		    emit(p, v, 0, capped, "%s/node%d/%s/%s/%s", p->prefix, node, zone, f[5],
			 p->columns[i - 6]))
			return -1;
	}
	return 0;
}

/* "Node N, zone NAME C..." under "Number of blocks type" or "... mixed blocks". */
static int pagetype_count_row(struct parser *p, char **f, int nf)
{
	const char *table = p->pt == PT_MIXED ? "mixed" : "blocks";
	char zone[WORD_MAX + 1];
	int node;
	int64_t v;

	if (node_zone(p, f, nf, false, &node, zone))
		return -1;
	if (p->pt != PT_BLOCKS && p->pt != PT_MIXED)
		return bad(p, "a row of block counts outside the 'Number of blocks' tables");
	if ((unsigned int)(nf - 4) != p->nr_columns)
		return bad(p, "%d counts, the table's header has %u migratetypes", nf - 4,
			   p->nr_columns);
	for (int i = 4; i < nf; i++)
		if (parse_int(p, f[i], &v) ||
		    emit(p, v, 0, false, "%s/node%d/%s/%s/%s", p->prefix, node, zone, table,
			 p->columns[i - 4]))
			return -1;
	return 0;
}

static int line_pagetypeinfo(struct parser *p, char **f, int nf)
{
	int n;

	if (starts_with_words(f, nf, "Page block order:", &n))
		return pagetype_header(p, f, nf, 0);
	if (starts_with_words(f, nf, "Pages per block:", &n))
		return pagetype_header(p, f, nf, 1);
	if (starts_with_words(f, nf, "Free pages count per migrate type at order", &n))
		return pagetype_columns(p, f, nf, n, PT_FREE);
	if (starts_with_words(f, nf, "Number of blocks type", &n))
		return pagetype_columns(p, f, nf, n, PT_BLOCKS);
	if (starts_with_words(f, nf, "Number of mixed blocks", &n))
		return pagetype_columns(p, f, nf, n, PT_MIXED);
	if (nf >= 5 && !strcmp(f[0], "Node") && !strcmp(f[4], "type"))
		return pagetype_free_row(p, f, nf);
	if (nf >= 1 && !strcmp(f[0], "Node"))
		return pagetype_count_row(p, f, nf);
	return bad(p, "not a line of pagetypeinfo");
}

/* ---- zoneinfo ---- */

/* "protection: (R0, R1, ...)": the zone's lowmem_reserve[], one item each. */
static int zoneinfo_protection(struct parser *p, char **f, int nf)
{
	int64_t v;

	if (nf < 2 || f[1][0] != '(' || !chop(f[nf - 1], ')'))
		return bad(p, "expected 'protection: (N, N, ...)'");
	f[1]++;
	for (int i = 1; i < nf; i++) {
		if ((i < nf - 1 && !chop(f[i], ',')) || parse_int(p, f[i], &v) ||
		    emit(p, v, 0, false, "%s/node%d/%s/protection[%d]", p->prefix, p->zi_node,
			 p->zi_zone, i - 1))
			return -1;
	}
	return 0;
}

/* "KEY: VALUE" (KEY of one word or several): a pageset's or the zone's. */
static int zoneinfo_keyed(struct parser *p, char **f, int nf)
{
	char key[WORD_MAX + 1] = "";
	int64_t v;

	for (int i = 0; i < nf - 1; i++) {
		if (strlen(key) + strlen(f[i]) + 1 > WORD_MAX)
			return bad(p, "key too long");
		strcat(strcat(key, i ? "_" : ""), f[i]);
	}
	if (!chop(key, ':') || !is_word(key, WORD_CHARS))
		return bad(p, "bad key '%s'", key);
	if (parse_int(p, f[nf - 1], &v))
		return -1;
	if (!strcmp(key, "cpu")) {
		if (p->zi != ZI_PAGESETS || v < 0 || v > CPU_MAX)
			return bad(p, "'cpu: %lld' outside the pagesets", (long long)v);
		p->zi_cpu = (long)v;
		return 0;
	}
	/* The zone's last two lines follow the pagesets without a header. */
	if (!strcmp(key, "node_unreclaimable") || !strcmp(key, "start_pfn"))
		p->zi = ZI_ZONE;
	if (p->zi == ZI_PAGESETS && p->zi_cpu < 0)
		return bad(p, "'%s' before the first 'cpu: N'", key);
	if (p->zi == ZI_PAGESETS)
		return emit(p, v, 0, false, "%s/node%d/%s/cpu%ld/%s", p->prefix, p->zi_node,
			    p->zi_zone, p->zi_cpu, key);
	return emit(p, v, 0, false, "%s/node%d/%s/%s", p->prefix, p->zi_node, p->zi_zone, key);
}

/* "NAME VALUE": a node stat or a zone's size, watermark or counter. */
static int zoneinfo_counter(struct parser *p, char **f)
{
	int64_t v;

	if (!is_word(f[0], WORD_CHARS))
		return bad(p, "bad counter name '%s'", f[0]);
	if (p->zi != ZI_NODE_STATS && p->zi != ZI_ZONE)
		return bad(p, "'%s' outside the per-node stats and the zone's counters", f[0]);
	if (parse_int(p, f[1], &v))
		return -1;
	if (p->zi == ZI_NODE_STATS)
		return emit(p, v, 0, false, "%s/node%d/%s", p->prefix, p->zi_node, f[0]);
	return emit(p, v, 0, false, "%s/node%d/%s/%s", p->prefix, p->zi_node, p->zi_zone, f[0]);
}

static int line_zoneinfo(struct parser *p, char **f, int nf)
{
	int64_t v;

	if (nf >= 1 && !strcmp(f[0], "Node")) {
		if (nf != 4)
			return bad(p, "expected 'Node N, zone NAME'");
		p->zi = ZI_HEAD;
		p->zi_cpu = -1;
		return node_zone(p, f, nf, false, &p->zi_node, p->zi_zone);
	}
	if (p->zi == ZI_NONE)
		return bad(p, "expected 'Node N, zone NAME' first");
	if (nf == 2 && !strcmp(f[0], "per-node") && !strcmp(f[1], "stats")) {
		p->zi = ZI_NODE_STATS;
		return 0;
	}
	if (nf == 1 && !strcmp(f[0], "pagesets")) {
		p->zi = ZI_PAGESETS;
		p->zi_cpu = -1;
		return 0;
	}
	if (nf == 3 && !strcmp(f[0], "pages") && !strcmp(f[1], "free")) {
		p->zi = ZI_ZONE;
		return parse_int(p, f[2], &v) ? -1 :
		       emit(p, v, 0, false, "%s/node%d/%s/pages_free", p->prefix, p->zi_node,
			    p->zi_zone);
	}
	if (nf >= 1 && !strcmp(f[0], "protection:"))
		return zoneinfo_protection(p, f, nf);
	if (nf >= 2 && f[nf - 2][strlen(f[nf - 2]) - 1] == ':')
		return zoneinfo_keyed(p, f, nf);
	if (nf == 2)
		return zoneinfo_counter(p, f);
	return bad(p, "not a line of zoneinfo");
}

/* ---- slabinfo ---- */

/*
 * "slabinfo - version: 2.1", the "# name ..." line, then per cache
 * "NAME N N N N N : tunables N N N : slabdata N N N" (cache_show()).  The
 * tunables are SLAB's; SLUB prints 0 for them, and they are not items.
 */
static int line_slabinfo(struct parser *p, char **f, int nf)
{
	static const char *const head[] = { "active_objs", "num_objs", "objsize", "objperslab",
					    "pagesperslab" };
	static const char *const data[] = { "active_slabs", "num_slabs", "sharedavail" };
	int64_t v;

	if (p->line == 1)
		return nf == 4 && !strcmp(f[0], "slabinfo") && !strcmp(f[1], "-") &&
		       !strcmp(f[2], "version:") && !strcmp(f[3], "2.1") ? 0 :
		       bad(p, "expected 'slabinfo - version: 2.1' first");
	if (f[0][0] == '#')
		return p->line == 2 ? 0 : bad(p, "a '#' line after the header");
	if (nf != 16 || strcmp(f[6], ":") || strcmp(f[7], "tunables") || strcmp(f[11], ":") ||
	    strcmp(f[12], "slabdata"))
		return bad(p, "expected 'NAME N N N N N : tunables N N N : slabdata N N N'");
	if (strlen(f[0]) > WORD_MAX || strchr(f[0], '/'))
		return bad(p, "bad cache name '%.64s'", f[0]);
	for (int i = 0; i < 5; i++)
		if (parse_int(p, f[1 + i], &v) ||
		    emit(p, v, 0, false, "%s/%s/%s", p->prefix, f[0], head[i]))
			return -1;
	for (int i = 0; i < 3; i++)
		if (parse_int(p, f[13 + i], &v) ||
		    emit(p, v, 0, false, "%s/%s/%s", p->prefix, f[0], data[i]))
			return -1;
	return 0;
}

/* ---- the files ---- */

static const struct proc_format {
	const char *name;		/* the file, or its part after "nodeN." */
	bool per_node;
	enum proc_section section;
	line_fn line;
} formats[] = {
	{ "vmstat", false, PROC_SEC_VMSTAT, line_counter },
	{ "vmstat", true, PROC_SEC_VMSTAT, line_counter },
	{ "meminfo", false, PROC_SEC_MEMINFO, line_meminfo },
	{ "meminfo", true, PROC_SEC_MEMINFO, line_meminfo },
	{ "numastat", true, PROC_SEC_NUMASTAT, line_counter },
	{ "buddyinfo", false, PROC_SEC_BUDDYINFO, line_buddyinfo },
	{ "pagetypeinfo", false, PROC_SEC_PAGETYPEINFO, line_pagetypeinfo },
	{ "zoneinfo", false, PROC_SEC_ZONEINFO, line_zoneinfo },
	{ "extfrag_index", false, PROC_SEC_EXTFRAG_INDEX, line_fragindex },
	{ "unusable_index", false, PROC_SEC_UNUSABLE_INDEX, line_fragindex },
	{ "slabinfo", false, PROC_SEC_SLABINFO, line_slabinfo },
};

#define NR_FORMATS	(sizeof(formats) / sizeof(formats[0]))

const char proc_file_names[] =
	"buddyinfo, pagetypeinfo, zoneinfo, meminfo, vmstat, extfrag_index, unusable_index, "
	"nodeN.meminfo, nodeN.vmstat, nodeN.numastat, slabinfo";

static const char *const section_names[PROC_NR_SECTIONS] = {
	[PROC_SEC_VMSTAT] = "vmstat",
	[PROC_SEC_MEMINFO] = "meminfo",
	[PROC_SEC_NUMASTAT] = "numastat",
	[PROC_SEC_BUDDYINFO] = "buddyinfo",
	[PROC_SEC_PAGETYPEINFO] = "pagetypeinfo",
	[PROC_SEC_ZONEINFO] = "zoneinfo",
	[PROC_SEC_EXTFRAG_INDEX] = "extfrag_index",
	[PROC_SEC_UNUSABLE_INDEX] = "unusable_index",
	[PROC_SEC_SLABINFO] = "slabinfo",
};

const char *proc_section_name(enum proc_section sec)
{
	return section_names[sec];
}

int proc_section_by_name(const char *name, size_t len)
{
	for (int s = 0; s < PROC_NR_SECTIONS; s++)
		if (strlen(section_names[s]) == len && !strncmp(section_names[s], name, len))
			return s;
	return -1;
}

bool proc_file_kind(const char *file_name, struct proc_file_kind *kind)
{
	const char *rest = file_name;
	int64_t node = -1;

	/* nodeN.FILE: N in decimal as the kernel names the node, no leading zero. */
	if (!strncmp(file_name, "node", 4)) {
		const char *dot = strchr(file_name + 4, '.');

		if (!dot || (dot - file_name > 5 && file_name[4] == '0') ||
		    digits(file_name + 4, dot, PROC_NODE_MAX, &node))
			return false;
		rest = dot + 1;
	}
	for (unsigned int i = 0; i < NR_FORMATS; i++) {
		if (formats[i].per_node == (node >= 0) && !strcmp(formats[i].name, rest)) {
			kind->format = i;
			kind->section = formats[i].section;
			kind->node = (int)node;
			return true;
		}
	}
	return false;
}

/*
 * The fields of one line (len bytes at s, no newline) into buf, f[].
 * Returns the number of fields, or -1 with the message.
 */
static int split_line(struct parser *p, const char *s, size_t len, char *buf, char **f)
{
	int nf = 0;
	char *save = NULL;

	if (len >= LINE_BYTES)
		return bad(p, "line longer than %d bytes", LINE_BYTES - 1);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t') || c > 0x7e)
			return bad(p, "unexpected byte 0x%02x (column %zu)", c, i + 1);
	}
	memcpy(buf, s, len);
	buf[len] = '\0';
	for (char *w = strtok_r(buf, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		if (nf == MAX_FIELDS)
			return bad(p, "more than %d fields", MAX_FIELDS);
		f[nf++] = w;
	}
	return nf;
}

static void parser_init(struct parser *p, const struct proc_file_kind *kind, const char *path)
{
	const char *sec = section_names[kind->section];

	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->path = path;
	p->zi_cpu = -1;
	p->pt_header[0] = p->pt_header[1] = -1;
	if (kind->node >= 0)
		snprintf(p->prefix, sizeof(p->prefix), "%s/node%d", sec, kind->node);
	else
		snprintf(p->prefix, sizeof(p->prefix), "%s", sec);
}

int proc_parse(const struct proc_file_kind *kind, const char *path, const char *text,
	       size_t len, proc_sink_fn sink, void *ctx, char *err, size_t errlen)
{
	line_fn line = formats[kind->format].line;
	const char *end = text + len;
	struct parser p;
	char buf[LINE_BYTES];
	char *f[MAX_FIELDS];
	size_t n;
	int nf;

	parser_init(&p, kind, path);
	p.sink = sink;
	p.ctx = ctx;
	p.err = err;
	p.errlen = errlen;
	for (const char *s = text; s < end; s += n + 1) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));

		n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		p.line++;
		nf = split_line(&p, s, n, buf, f);
		if (nf < 0 || (nf > 0 && line(&p, f, nf)))
			return -1;
	}
	return 0;
}
