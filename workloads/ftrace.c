/*
 * workloads/ftrace.c - reading the kernel's trace text (ftrace.h).
 *
 * A line is "TASK-PID [CPU] FLAGS TIMESTAMP: EVENT: FIELDS" as tracefs
 * prints it (trace_print_context(): the task right-aligned in 16
 * columns, the pid left-aligned in 7, the irq/preempt flags column of 4
 * or 5 characters since 2.6.30-ish, 5 since 5.16).  trace-cmd report
 * prints the same without the flags column unless asked (-l), and heads
 * its output with "cpus=N" and "CPU N is empty" lines.  A task's name may
 * hold blanks and dashes, so the pid is the digits after the last '-'
 * before " [".  The flags column is told from the timestamp by its end:
 * a timestamp ends with ':', flags never do.
 *
 * The kmem fields are key=value words; they are matched by key, not by
 * position, so the older formats (decimal pfn=, page=(null), cold=,
 * no percpu_refill=) read with the same code.
 *
 * Invariants: nothing here allocates, writes to its input or keeps state
 * between calls; every pointer returned points into the caller's line.
 *
 * Linux counterpart: the printers of kernel/trace/trace_output.c and the
 * TP_printk formats of include/trace/events/kmem.h.
 */
#include "workloads/ftrace.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static inline bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static inline bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * tracefs pads its columns with runs of blanks (up to 15 before a short
 * task name): eight spaces are skipped at once.
 */
static const char *skip_blanks(const char *p, const char *end)
{
	uint64_t w;

	while (end - p >= 8) {
		memcpy(&w, p, sizeof(w));
		if (w != 0x2020202020202020ull)
			break;
		p += 8;
	}
	while (p < end && is_blank(*p))
		p++;
	return p;
}

/* A bit 7 set in each byte of w that is zero (and maybe in bytes after one). */
static inline uint64_t zero_bytes(uint64_t w)
{
	return (w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull;
}

/*
 * The first blank at or after p, or end.  Words are long (a gfp mask, a
 * page pointer, the event's name): eight bytes are looked at at once, the
 * first blank being the lowest flagged byte on a little-endian host.
 */
static const char *skip_word(const char *p, const char *end)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	while (end - p >= 8) {
		uint64_t w, blank;

		memcpy(&w, p, sizeof(w));
		blank = zero_bytes(w ^ 0x2020202020202020ull) | zero_bytes(w ^ 0x0909090909090909ull);
		if (blank)
			return p + __builtin_ctzll(blank) / 8;
		p += 8;
	}
#endif
	while (p < end && !is_blank(*p))
		p++;
	return p;
}

static bool starts_with(const char *p, const char *end, const char *prefix)
{
	size_t n = strlen(prefix);

	return (size_t)(end - p) >= n && memcmp(p, prefix, n) == 0;
}

/* Decimal digits [p, end) into *v; false if none, or past 64 bits. */
static bool read_decimal(const char *p, const char *end, uint64_t *v)
{
	uint64_t x = 0;

	if (p == end)
		return false;
	for (; p < end; p++) {
		if (!is_digit(*p) || x > (UINT64_MAX - 9) / 10)
			return false;
		x = x * 10 + (uint64_t)(*p - '0');
	}
	*v = x;
	return true;
}

/* ---- a line's head ---- */

/* "CPU:N [LOST M EVENTS]" (trace.c's print of a ring-buffer overrun). */
static bool read_lost_line(const char *p, const char *end, uint64_t *lost)
{
	const char *d;

	if (!starts_with(p, end, "CPU:"))
		return false;
	p += 4;
	d = p;
	while (p < end && is_digit(*p))
		p++;
	if (p == d || !starts_with(p, end, " [LOST "))
		return false;
	p += 7;
	d = p;
	while (p < end && is_digit(*p))
		p++;
	return read_decimal(d, p, lost) && starts_with(p, end, " EVENTS]");
}

/* trace-cmd report's header lines: "cpus=2", "CPU 0 is empty", "version = 6". */
static bool is_header_line(const char *p, const char *end)
{
	return starts_with(p, end, "cpus=") || starts_with(p, end, "version = ") ||
	       (starts_with(p, end, "CPU ") && end - p > 9 && !memcmp(end - 9, " is empty", 9));
}

/*
 * The " [CPU]" after TASK-PID: the first '[' that follows a blank, has
 * digits and ']' after it, and "-DIGITS" and blanks before it.  Sets the
 * task and pid of l and returns the byte after ']', or NULL.
 */
static const char *read_task_cpu(const char *s, const char *end, struct ftrace_line *l)
{
	for (const char *b = s; (b = memchr(b, '[', (size_t)(end - b))) != NULL; b++) {
		const char *q = b, *d, *close = b + 1;
		uint64_t pid, cpu;

		while (close < end && is_digit(*close))
			close++;
		if (close == b + 1 || close == end || *close != ']' || q == s || !is_blank(q[-1]))
			continue;
		while (q > s && is_blank(q[-1]))
			q--;
		d = q;
		while (d > s && is_digit(d[-1]))
			d--;
		if (d == q || d == s || d[-1] != '-' || !read_decimal(d, q, &pid) ||
		    pid > UINT32_MAX || !read_decimal(b + 1, close, &cpu) || cpu > UINT32_MAX)
			continue;
		l->task = s;
		l->task_len = (size_t)(q - s);
		l->comm_len = (size_t)(d - 1 - s);
		l->pid = (uint32_t)pid;
		l->cpu = (uint32_t)cpu;
		return close + 1;
	}
	return NULL;
}

/*
 * "SECONDS[.FRACTION]:" at p (the word ends at end) into nanoseconds, in
 * one pass; false if it is not one.
 */
static bool read_timestamp(const char *p, const char *end, uint64_t *ns)
{
	uint64_t sec = 0, frac = 0;
	const char *d = p;
	int nr_frac = 0;

	while (p < end && is_digit(*p) && p - d < 19)
		sec = sec * 10 + (uint64_t)(*p++ - '0');
	if (p == d || p == end)
		return false;
	if (*p == '.') {
		for (d = ++p; p < end && is_digit(*p) && p - d < 9; p++)
			frac = frac * 10 + (uint64_t)(*p - '0');
		nr_frac = (int)(p - d);
	}
	if (p + 1 != end || *p != ':' || sec > UINT64_MAX / 1000000000u - 1)
		return false;
	for (; nr_frac < 9; nr_frac++)
		frac *= 10;
	*ns = sec * 1000000000u + frac;
	return true;
}

/* "EVENT:" or "SYSTEM:EVENT:", then the fields; false if the name is empty. */
static bool read_event(const char *p, const char *end, struct ftrace_line *l)
{
	const char *w = skip_word(p, end), *name_end = w, *colon;

	if (name_end > p && name_end[-1] == ':')
		name_end--;
	colon = memchr(p, ':', (size_t)(name_end - p));
	if (colon)
		p = colon + 1;
	l->event = p;
	l->event_len = (size_t)(name_end - p);
	p = skip_blanks(w, end);
	l->fields = p;
	l->fields_len = (size_t)(end - p);
	return l->event_len > 0 && !memchr(l->event, ':', l->event_len);
}

/* A line that is no event: a header, a lost-events note, or bad. */
static enum ftrace_line_kind other_line(const char *p, const char *end, struct ftrace_line *l,
					const char **why)
{
	if (is_header_line(p, end))
		return FTRACE_LINE_SKIP;
	if (read_lost_line(p, end, &l->lost))
		return FTRACE_LINE_LOST;
	if (why)
		*why = "not an event line (expected TASK-PID [CPU] TIMESTAMP: EVENT: ...)";
	return FTRACE_LINE_BAD;
}

static enum ftrace_line_kind bad_line(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return FTRACE_LINE_BAD;
}

enum ftrace_line_kind ftrace_parse_line(const char *line, size_t len, struct ftrace_line *l,
					const char **why)
{
	const char *end = line + len, *p = skip_blanks(line, end), *w;

	l->lost = 0;
	if (p == end || *p == '#')
		return FTRACE_LINE_SKIP;
	w = read_task_cpu(p, end, l);
	if (!w)
		return other_line(p, end, l, why);
	p = skip_blanks(w, end);
	if (p < end && !is_digit(*p))	/* the flags column: it never starts with a digit */
		p = skip_blanks(skip_word(p, end), end);
	w = skip_word(p, end);
	if (!read_timestamp(p, w, &l->time_ns))
		return bad_line(why, "bad timestamp (expected SECONDS.FRACTION: after the CPU)");
	p = skip_blanks(w, end);
	if (p == end || !read_event(p, end, l))
		return bad_line(why, "no event name after the timestamp (expected EVENT: or "
				"SYSTEM:EVENT:)");
	return FTRACE_LINE_EVENT;
}

/* ---- kmem ---- */

static const struct {
	const char *name;
	enum ftrace_kmem_kind kind;
	size_t len;
} kmem_names[KMEM_NR_NAMES] = {
#define KN(name, kind)	{ name, kind, sizeof(name) - 1 }
	[KMEM_NAME_PAGE_ALLOC] = KN("mm_page_alloc", KMEM_PAGE_ALLOC),
	[KMEM_NAME_PAGE_FREE] = KN("mm_page_free", KMEM_PAGE_FREE),
	[KMEM_NAME_PAGE_FREE_DIRECT] = KN("mm_page_free_direct", KMEM_PAGE_FREE),
	[KMEM_NAME_PAGE_FREE_BATCHED] = KN("mm_page_free_batched", KMEM_PAGE_FREE_BATCHED),
	[KMEM_NAME_PAGEVEC_FREE] = KN("mm_pagevec_free", KMEM_PAGE_FREE_BATCHED),
	[KMEM_NAME_PAGE_ALLOC_ZONE_LOCKED] = KN("mm_page_alloc_zone_locked",
						KMEM_PAGE_ALLOC_ZONE_LOCKED),
	[KMEM_NAME_PAGE_PCPU_DRAIN] = KN("mm_page_pcpu_drain", KMEM_PAGE_PCPU_DRAIN),
	[KMEM_NAME_PAGE_ALLOC_EXTFRAG] = KN("mm_page_alloc_extfrag", KMEM_PAGE_ALLOC_EXTFRAG),
#undef KN
};

int ftrace_kmem_name_index(const char *event, size_t len)
{
	if (len < 8 || memcmp(event, "mm_page", 7) != 0)
		return -1;
	for (int i = 0; i < KMEM_NR_NAMES; i++)
		if (kmem_names[i].len == len && !memcmp(kmem_names[i].name + 7, event + 7, len - 7))
			return i;
	return -1;
}

const char *ftrace_kmem_name(enum ftrace_kmem_name name)
{
	return kmem_names[name].name;
}

enum ftrace_kmem_kind ftrace_kmem_kind_of(enum ftrace_kmem_name name)
{
	return kmem_names[name].kind;
}

/* The keys the decoder reads; a bit each in a "seen" mask. */
enum kmem_key {
	K_PAGE, K_PFN, K_ORDER, K_MIGRATETYPE, K_GFP_FLAGS, K_PERCPU_REFILL,
	K_ALLOC_ORDER, K_FALLBACK_ORDER, K_PAGEBLOCK_ORDER, K_ALLOC_MT, K_FALLBACK_MT,
	K_FRAGMENTING, K_CHANGE_OWNERSHIP, K_NR
};

#define KEY(name)	{ name, sizeof(name) - 1 }
static const struct {
	const char *name;
	size_t len;
} kmem_keys[K_NR] = {
	KEY("page"), KEY("pfn"), KEY("order"), KEY("migratetype"), KEY("gfp_flags"),
	KEY("percpu_refill"), KEY("alloc_order"), KEY("fallback_order"), KEY("pageblock_order"),
	KEY("alloc_migratetype"), KEY("fallback_migratetype"), KEY("fragmenting"),
	KEY("change_ownership"),
};
#undef KEY

#define KB(k)	(1u << (k))

/* The keys each event must print (the oldest format's, from 2.6.33 on). */
static const unsigned int kmem_required[KMEM_NR_KINDS] = {
	[KMEM_PAGE_ALLOC] = KB(K_PAGE) | KB(K_PFN) | KB(K_ORDER) | KB(K_MIGRATETYPE) |
			    KB(K_GFP_FLAGS),
	[KMEM_PAGE_FREE] = KB(K_PFN) | KB(K_ORDER),
	[KMEM_PAGE_FREE_BATCHED] = KB(K_PFN),
	[KMEM_PAGE_ALLOC_ZONE_LOCKED] = KB(K_PFN) | KB(K_ORDER) | KB(K_MIGRATETYPE),
	[KMEM_PAGE_PCPU_DRAIN] = KB(K_PFN) | KB(K_ORDER) | KB(K_MIGRATETYPE),
	[KMEM_PAGE_ALLOC_EXTFRAG] = KB(K_PFN) | KB(K_ALLOC_ORDER) | KB(K_FALLBACK_ORDER) |
				    KB(K_ALLOC_MT) | KB(K_FALLBACK_MT) | KB(K_FRAGMENTING) |
				    KB(K_CHANGE_OWNERSHIP),
};

static int key_index(const char *key, size_t len)
{
	for (int i = 0; i < K_NR; i++)
		if (kmem_keys[i].len == len && kmem_keys[i].name[0] == key[0] &&
		    !memcmp(kmem_keys[i].name, key, len))
			return i;
	return -1;
}

/* Each byte's value as a hex digit plus one, 0 for none: one load per digit. */
static const uint8_t hex_digit_1[256] = {
	['0'] = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
	['a'] = 11, 12, 13, 14, 15, 16,
	['A'] = 11, 12, 13, 14, 15, 16,
};

/* The hex digit c stands for, or a number above 15. */
static inline unsigned int hex_value(char c)
{
	return (unsigned int)hex_digit_1[(unsigned char)c] - 1u;
}

/* A pfn: 0x hex (since 4.x) or decimal (before). */
static bool read_pfn(const char *p, const char *end, uint64_t *pfn)
{
	uint64_t x = 0;

	if (end - p < 3 || p[0] != '0' || (p[1] != 'x' && p[1] != 'X'))
		return read_decimal(p, end, pfn);
	for (p += 2; p < end; p++) {
		unsigned int d = hex_value(*p);

		if (d > 15 || x >> 60)
			return false;
		x = x << 4 | d;
	}
	*pfn = x;
	return true;
}

/* An int as %d prints it: an optional '-', decimal digits. */
static bool read_int(const char *p, const char *end, int *v)
{
	bool neg = p < end && *p == '-';
	uint64_t x;

	if (!read_decimal(p + neg, end, &x) || x > (uint64_t)INT32_MAX + neg)
		return false;
	*v = neg ? (int)-(int64_t)x : (int)x;
	return true;
}

/* page=%p: NULL is "(null)" (before 4.15's hashing) or all zeros. */
static bool read_page(const char *p, const char *end, bool *null)
{
	unsigned int bad = 0, any = 0;

	if (end - p == 6 && !memcmp(p, "(null)", 6)) {
		*null = true;
		return true;
	}
	if (end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	if (p == end)
		return false;
	for (; p < end; p++) {	/* no branch per digit: a pointer is 16 of them */
		unsigned int d = hex_value(*p);

		bad |= d & ~15u;
		any |= d;
	}
	*null = any == 0;
	return !bad;
}

/* MIGRATE_TYPES is at most 6 in every kernel; 15 leaves room. */
static bool is_migratetype(int mt)
{
	return mt >= 0 && mt <= 15;
}

static bool in_order_range(int order)
{
	return order >= 0 && order <= FTRACE_MAX_ORDER;
}

/* A number key's value x into k.  Returns false if x is out of its range. */
static bool store_int(struct ftrace_kmem *k, int key, int x)
{
	switch (key) {
	case K_MIGRATETYPE: k->migratetype = x; return is_migratetype(x);
	case K_ALLOC_MT: k->alloc_mt = x; return is_migratetype(x);
	case K_FALLBACK_MT: k->fallback_mt = x; return is_migratetype(x);
	case K_PAGEBLOCK_ORDER: k->pageblock_order = x; return true;
	case K_ALLOC_ORDER: k->alloc_order = x; return in_order_range(x);
	case K_FALLBACK_ORDER: k->fallback_order = x; return in_order_range(x);
	case K_ORDER:
		if (!in_order_range(x))
			return false;
		k->order = (unsigned int)x;
		return true;
	default:	/* the 0/1 flags */
		if (x != 0 && x != 1)
			return false;
		if (key == K_PERCPU_REFILL)
			k->percpu_refill = x;
		else if (key == K_FRAGMENTING)
			k->fragmenting = x;
		else
			k->change_ownership = x;
		return true;
	}
}

/* One key's value into k.  Returns false if it is malformed. */
static bool store_value(struct ftrace_kmem *k, int key, const char *v, const char *end)
{
	int x = 0;

	switch (key) {
	case K_PAGE:
		return read_page(v, end, &k->failed);
	case K_PFN:
		return read_pfn(v, end, &k->pfn);
	case K_GFP_FLAGS:
		k->gfp = v;
		k->gfp_len = (size_t)(end - v);
		return true;
	default:
		return read_int(v, end, &x) && store_int(k, key, x);
	}
}

__attribute__((format(printf, 4, 5)))
static int decode_error(const struct ftrace_kmem *k, char *err, size_t errlen,
			const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(err, errlen, "%s: %s", kmem_names[k->name].name, msg);
	return -1;
}

/* The checks no single field can make. */
static int decode_finish(struct ftrace_kmem *k, unsigned int seen, char *err, size_t errlen)
{
	unsigned int missing = kmem_required[k->kind] & ~seen;

	if (missing)
		return decode_error(k, err, errlen, "missing %s= (a truncated line?)",
				    kmem_keys[__builtin_ctz(missing)].name);
	if (k->kind == KMEM_PAGE_ALLOC_ZONE_LOCKED && !(seen & KB(K_PERCPU_REFILL)))
		k->percpu_refill = k->order == 0;	/* what the field meant when added */
	if (k->kind == KMEM_PAGE_ALLOC) {
		if (k->failed)
			k->pfn = 0;
		if (k->gfp_len == 0)
			return decode_error(k, err, errlen, "empty gfp_flags=");
	} else if (k->failed) {
		return decode_error(k, err, errlen, "page=%s is no page", "(null)");
	}
	return 0;
}

/*
 * The keys each event prints since 5.x (6.1's TP_printk formats), in their
 * order, ending at K_NR: the shape almost every line of a recent trace has.
 */
static const uint8_t kmem_shape[KMEM_NR_KINDS][10] = {
	[KMEM_PAGE_ALLOC] = { K_PAGE, K_PFN, K_ORDER, K_MIGRATETYPE, K_GFP_FLAGS, K_NR },
	[KMEM_PAGE_FREE] = { K_PAGE, K_PFN, K_ORDER, K_NR },
	[KMEM_PAGE_FREE_BATCHED] = { K_PAGE, K_PFN, K_ORDER, K_NR },
	[KMEM_PAGE_ALLOC_ZONE_LOCKED] = { K_PAGE, K_PFN, K_ORDER, K_MIGRATETYPE,
					  K_PERCPU_REFILL, K_NR },
	[KMEM_PAGE_PCPU_DRAIN] = { K_PAGE, K_PFN, K_ORDER, K_MIGRATETYPE, K_NR },
	[KMEM_PAGE_ALLOC_EXTFRAG] = { K_PAGE, K_PFN, K_ALLOC_ORDER, K_FALLBACK_ORDER,
				      K_PAGEBLOCK_ORDER, K_ALLOC_MT, K_FALLBACK_MT,
				      K_FRAGMENTING, K_CHANGE_OWNERSHIP, K_NR },
};

/* The keys with their '=', padded with NULs to three words. */
static const char kmem_key_eq[K_NR][24] = {
	"page=", "pfn=", "order=", "migratetype=", "gfp_flags=", "percpu_refill=",
	"alloc_order=", "fallback_order=", "pageblock_order=", "alloc_migratetype=",
	"fallback_migratetype=", "fragmenting=", "change_ownership=",
};

/*
 * Does "KEY=" start at p?  With three words of text left (all but a
 * line's last short field), the key is compared a word at a time, the
 * last word under a mask of the bytes it has left.
 */
static inline bool key_at(const char *p, const char *end, int key)
{
	const char *want = kmem_key_eq[key];
	size_t n = kmem_keys[key].len + 1;

	if ((size_t)(end - p) <= n)	/* a value must follow */
		return false;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (end - p >= 24) {
		uint64_t a, b;

		for (; n >= 8; n -= 8, p += 8, want += 8) {
			memcpy(&a, p, sizeof(a));
			memcpy(&b, want, sizeof(b));
			if (a != b)
				return false;
		}
		memcpy(&a, p, sizeof(a));
		memcpy(&b, want, sizeof(b));
		return n == 0 || ((a ^ b) & ((UINT64_C(1) << 8 * n) - 1)) == 0;
	}
#endif
	for (size_t i = 0; i < n; i++)
		if (p[i] != want[i])
			return false;
	return true;
}

#define BYTES(c)	(0x0101010101010101ull * (c))

/*
 * Bit 7 of each byte of w (all bytes below 0x80) that lies strictly
 * between lo and hi: exact per byte, no borrow crosses bytes.
 */
static inline uint64_t bytes_between(uint64_t w, unsigned int lo, unsigned int hi)
{
	return (BYTES(127 + hi) - w) & ~w & (w + BYTES(127 - lo)) & BYTES(0x80);
}

/*
 * Are the 16 bytes at p hex digits (a page pointer as 6.1 prints it)?
 * *any is then non-zero if one of them is not '0'.  Two words instead of
 * sixteen table look-ups.
 */
static bool hex16(const char *p, unsigned int *any)
{
	uint64_t w[2];

	memcpy(w, p, sizeof(w));
	for (int i = 0; i < 2; i++) {
		uint64_t lower = w[i] | BYTES(0x20);

		if ((w[i] & BYTES(0x80)) ||
		    (bytes_between(w[i], '0' - 1, '9' + 1) |
		     bytes_between(lower, 'a' - 1, 'f' + 1)) != BYTES(0x80))
			return false;
	}
	*any = w[0] != BYTES('0') || w[1] != BYTES('0');
	return true;
}

/* Does the word that starts at v end at q (a space or the end)? */
static inline bool word_ends(const char *v, const char *q, const char *end)
{
	return q > v && (q == end || *q == ' ');
}

/*
 * The values 6.1 prints most, read in the same pass that finds their end:
 * a page pointer's hex digits, a pfn's 0x and hex digits, a one-digit
 * number.  Returns the end of the value word, with k set as store_value()
 * sets it for that word; NULL (k's field untouched, or set by a
 * store_int() that refused it) for any other text, which store_value()
 * then reads or refuses.
 */
static const char *quick_value(struct ftrace_kmem *k, int key, const char *v, const char *end)
{
	const char *q = v;
	unsigned int d, any = 0;
	uint64_t x = 0;

	switch (key) {
	case K_PAGE:
		if (end - v > 16 && v[16] == ' ' && hex16(v, &any))
			q = v + 16;
		for (; q < end && (d = hex_value(*q)) <= 15; q++)
			any |= d;
		if (!word_ends(v, q, end))
			return NULL;
		k->failed = any == 0;
		return q;
	case K_PFN:
		if (end - v < 3 || v[0] != '0' || v[1] != 'x')
			return NULL;
		for (q = v + 2; q < end && (d = hex_value(*q)) <= 15 && !(x >> 60); q++)
			x = x << 4 | d;
		if (!word_ends(v + 2, q, end))
			return NULL;
		k->pfn = x;
		return q;
	case K_GFP_FLAGS:
		return NULL;
	default:
		if (!is_digit(*v) || !word_ends(v, v + 1, end) || !store_int(k, key, *v - '0'))
			return NULL;
		return v + 1;
	}
}

/*
 * The fields in their event's shape, one blank between words and every
 * value well formed: k filled, *seen the keys read, true.  Anything else
 * returns false and leaves the line to the general loop (which gives the
 * messages), so the two agree on every line the fast one accepts: the same
 * keys, each read once, by store_value() or quick_value().
 */
static bool decode_shape(struct ftrace_kmem *k, const char *p, const char *end,
			 unsigned int *seen)
{
	const uint8_t *key = kmem_shape[k->kind];

	for (; *key != K_NR; key++) {
		const char *v = p + kmem_keys[*key].len + 1, *w;

		if (!key_at(p, end, *key))
			return false;
		w = quick_value(k, *key, v, end);
		if (!w) {
			w = skip_word(v, end);
			if (w == v || !store_value(k, *key, v, w))
				return false;
		}
		*seen |= KB(*key);
		if (w == end)
			return key[1] == K_NR;
		if (*w != ' ')
			return false;
		p = w + 1;
	}
	return false;	/* more words than the shape has */
}

static void kmem_init(struct ftrace_kmem *k, enum ftrace_kmem_name name)
{
	memset(k, 0, sizeof(*k));
	k->name = name;
	k->kind = kmem_names[name].kind;
	k->migratetype = k->alloc_mt = k->fallback_mt = -1;
}

int ftrace_kmem_decode(enum ftrace_kmem_name name, const char *fields, size_t len,
		       struct ftrace_kmem *k, char *err, size_t errlen)
{
	const char *p = fields, *end = fields + len;
	unsigned int seen = 0;

	kmem_init(k, name);
	if (decode_shape(k, p, end, &seen))
		return decode_finish(k, seen, err, errlen);
	kmem_init(k, name);
	seen = 0;
	for (p = skip_blanks(p, end); p < end; p = skip_blanks(p, end)) {
		const char *w = skip_word(p, end), *eq = memchr(p, '=', (size_t)(w - p));
		int key;

		if (!eq || eq == p)
			return decode_error(k, err, errlen, "expected key=value, got '%.*s'",
					    (int)(w - p > 64 ? 64 : w - p), p);
		key = key_index(p, (size_t)(eq - p));
		if (key >= 0 && (seen & KB(key)))
			return decode_error(k, err, errlen, "%s= given twice", kmem_keys[key].name);
		if (key >= 0 && (eq + 1 == w || !store_value(k, key, eq + 1, w)))
			return decode_error(k, err, errlen, "bad %s= '%.*s'", kmem_keys[key].name,
					    (int)(w - eq - 1 > 64 ? 64 : w - eq - 1), eq + 1);
		if (key >= 0)
			seen |= KB(key);
		p = w;
	}
	return decode_finish(k, seen, err, errlen);
}

/* ---- kernel versions ---- */

/* "A.B[.C]" into a comparable number; false if it is not one. */
static bool read_version(const char *text, uint32_t *v)
{
	uint64_t part[3] = { 0, 0, 0 };
	const char *p = text;
	int n = 0;

	for (; n < 3; n++) {
		const char *d = p;

		while (is_digit(*p))
			p++;
		if (!read_decimal(d, p, &part[n]) || part[n] > 255)
			return false;
		if (*p != '.')
			break;
		p++;
	}
	if (*p || n == 0)
		return false;
	*v = (uint32_t)(part[0] << 16 | part[1] << 8 | part[2]);
	return true;
}

#define KVER(a, b, c)	((uint32_t)((a) << 16 | (b) << 8 | (c)))

int ftrace_kernel_parse(const char *text, struct ftrace_kernel *kernel, char *err, size_t errlen)
{
	uint32_t v;

	if (!read_version(text, &v) || v < KVER(2, 6, 24) || v >= KVER(6, 13, 0)) {
		snprintf(err, errlen, "bad --kernel '%.32s': numasim knows the traces of "
			 "kernels 2.6.24 to 6.12 (give it as 6.1, 5.15, 4.19 ...)", text);
		return -1;
	}
	memset(kernel, 0, sizeof(*kernel));
	snprintf(kernel->version, sizeof(kernel->version), "%s", text);
	kernel->movable_before_reclaimable = v >= KVER(4, 4, 0);
	kernel->batched_also_freed = v >= KVER(3, 3, 0);
	kernel->gfp_bits_as_6_1 = v >= KVER(6, 1, 0) && v < KVER(6, 2, 0);
	return 0;
}

enum { MT61_UNMOVABLE, MT61_MOVABLE, MT61_RECLAIMABLE, MT61_HIGHATOMIC };

int ftrace_migratetype_61(const struct ftrace_kernel *kernel, int mt)
{
	if (kernel->movable_before_reclaimable)
		return mt;
	if (mt == 1)
		return MT61_RECLAIMABLE;
	if (mt == 2)
		return MT61_MOVABLE;
	return mt;	/* 3, MIGRATE_RESERVE, maps to its successor HighAtomic */
}

const char *ftrace_migratetype_name(int mt61)
{
	static const char *const names[] = { "Unmovable", "Movable", "Reclaimable", "HighAtomic" };

	return mt61 >= 0 && mt61 < 4 ? names[mt61] : "Other";
}
