/*
 * workloads/trace.c - the reader of numasim's text trace format (version 1,
 * specified in workloads/FORMAT.md).
 *
 * The reader tokenizes and knows no verbs: the engine (sim/engine.c) owns
 * the verb table and the meaning of every key.  It is built for replay
 * speed, because replay must run at millions of events per second:
 *
 *   - input arrives in chunks of TRACE_CHUNK_BYTES through zlib's gzread(),
 *     which decompresses gzip files and passes plain files through as they
 *     are;
 *   - lines are found with memchr() and cut in place: every token is
 *     NUL-terminated inside the chunk buffer, and a record's strings point
 *     there.  Nothing is allocated per line; no strtok(), no sscanf().
 *     Tokens are scanned eight bytes at a time (skip_token_bytes());
 *   - a line cut by the end of a chunk is moved to the front of the buffer
 *     before the next gzread() appends to it, so a line (with its LF) must
 *     fit in one chunk;
 *   - trace_reader_next_batch() hands out up to N records at once for
 *     callers that look ahead: it refills the buffer only before the first
 *     record of a batch, so all of them stay valid until the next call.
 *
 * Invariants of struct trace_reader:
 *   start <= scanned <= end <= buf_bytes, and [start, scanned) holds no LF;
 *   buf has 1 + TRACE_PAD_BYTES bytes more than buf_bytes, so a last line
 *   without a LF can still be NUL-terminated and a word-sized read at the
 *   NUL stays inside the allocation;
 *   once failed is set (no header, a read error, a line too long) every
 *   later call repeats the message in fatal.  An ordinary syntax error
 *   consumes its line only: a caller may go on reading to list them all.
 *
 * Kernel counterpart: none.  The format borrows the spirit of the kernel's
 * tracefs text output (one event per line, key=value fields), which
 * workloads/ importers convert into it.
 */
#include "workloads/trace.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "workloads/input.h"

/* One gzread() at a time; also the longest line, its LF included. */
#define TRACE_CHUNK_BYTES	((size_t)1 << 20)
/* zlib's own input buffer: big reads go straight into ours. */
#define TRACE_GZ_BUFFER_BYTES	(256u << 10)
/* Slack after the final NUL: skip_token_bytes() reads a word at a time. */
#define TRACE_PAD_BYTES		8
/* Messages quote tokens with "%.64s": a runaway token must not bury the rest. */

#define TRACE_HEADER_MAGIC	"numasim-trace"
#define TRACE_HEADER_VERSION	"v1"
#define TRACE_HEADER		TRACE_HEADER_MAGIC " " TRACE_HEADER_VERSION

struct trace_reader {
	char *name;		/* labels every message, escaped (input.h); owned */
	gzFile gz;		/* NULL when reading a memory copy */
	uint64_t file_bytes;	/* size of a regular file read; 0: unknown */
	char *buf;		/* buf_bytes + 1 + TRACE_PAD_BYTES bytes */
	size_t buf_bytes;
	size_t start;		/* first byte not yet handed out in a line */
	size_t scanned;		/* [start, scanned) is known to hold no LF */
	size_t end;		/* one past the last byte read */
	bool eof;		/* nothing more behind buf[end] */
	bool header_seen;
	bool failed;		/* fatal holds a message repeated forever */
	bool hold;		/* batch mode: do not refill (records still in use) */
	bool pending;		/* batch mode: an error waits in pending_err */
	char pending_err[1024];
	unsigned long line;	/* number of the line last handed out */
	uint64_t last_time_ns;	/* time of the last event that had one */
	char fatal[1024];
};

/* One line being cut into tokens: the unread part is [p, end), *end == 0. */
struct line_cursor {
	char *line;
	char *p;
	char *end;
};

/* ---- messages ---- */

static void vformat_at(char *err, size_t errlen, const char *file, unsigned long line,
		       const char *fmt, va_list ap)
{
	int n;

	if (!err || errlen == 0)
		return;
	n = snprintf(err, errlen, "%s:%lu: ", file, line);
	if (n >= 0 && (size_t)n < errlen)
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
}

/* A syntax error in the current line: "FILE:LINE: message".  Returns -1. */
__attribute__((format(printf, 4, 5)))
static int line_error(const struct trace_reader *r, char *err, size_t errlen,
		      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vformat_at(err, errlen, r->name, r->line, fmt, ap);
	va_end(ap);
	return -1;
}

/* An error that ends reading: kept and repeated by every later call. */
__attribute__((format(printf, 3, 4)))
static int reader_fail(struct trace_reader *r, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vformat_at(r->fatal, sizeof(r->fatal), r->name, line ? line : 1, fmt, ap);
	va_end(ap);
	r->failed = true;
	return -1;
}

static int repeat_failure(const struct trace_reader *r, char *err, size_t errlen)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", r->fatal);
	return -1;
}

/* ---- opening and closing ---- */

/* The name is kept escaped: it only ever labels messages. */
static struct trace_reader *reader_alloc(const char *name, size_t buf_bytes)
{
	struct trace_reader *r = calloc(1, sizeof(*r));
	size_t name_size = INPUT_ESCAPED_SIZE(strlen(name));

	if (!r)
		return NULL;
	r->name = malloc(name_size);
	if (r->name)
		input_escape(r->name, name_size, name);
	r->buf = calloc(1, buf_bytes + 1 + TRACE_PAD_BYTES);
	if (!r->name || !r->buf) {
		free(r->name);
		free(r->buf);
		free(r);
		return NULL;
	}
	r->buf_bytes = buf_bytes;
	return r;
}

static void out_of_memory(const char *name, char *err, size_t errlen)
{
	char quoted[512];

	snprintf(err, errlen, "%s: cannot open: out of memory",
		 input_escape(quoted, sizeof(quoted), name));
}

struct trace_reader *trace_reader_open_fd(const char *name, int fd, char *err, size_t errlen)
{
	struct trace_reader *r;
	struct stat st;
	uint64_t file_bytes = 0;
	gzFile gz;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		file_bytes = (uint64_t)st.st_size;

	gz = gzdopen(fd, "rb");
	if (!gz) {
		out_of_memory(name, err, errlen);
		close(fd);
		return NULL;
	}
	gzbuffer(gz, TRACE_GZ_BUFFER_BYTES);
	r = reader_alloc(name, TRACE_CHUNK_BYTES);
	if (!r) {
		out_of_memory(name, err, errlen);
		gzclose(gz);
		return NULL;
	}
	r->gz = gz;
	r->file_bytes = file_bytes;
	return r;
}

struct trace_reader *trace_reader_open(const char *path, char *err, size_t errlen)
{
	const char *name;
	int fd = input_open_or_stdin(path, &name, err, errlen);

	return fd < 0 ? NULL : trace_reader_open_fd(name, fd, err, errlen);
}

/*
 * The text is copied: tokens are cut in place, and the caller's buffer
 * (often a string constant) must stay untouched.
 */
struct trace_reader *trace_reader_open_memory(const char *name, const char *text, size_t len)
{
	struct trace_reader *r = reader_alloc(name, len);

	if (!r)
		return NULL;
	if (len)
		memcpy(r->buf, text, len);
	r->end = len;
	r->eof = true;
	return r;
}

void trace_reader_close(struct trace_reader *r)
{
	if (!r)
		return;
	if (r->gz)
		gzclose(r->gz);
	free(r->buf);
	free(r->name);
	free(r);
}

void trace_reader_position(const struct trace_reader *r, uint64_t *done_bytes,
			   uint64_t *total_bytes)
{
	if (!r->gz) {
		*done_bytes = r->start;
		*total_bytes = r->end;
		return;
	}
	/* gzoffset(): where zlib has read the file to, compressed or not */
	*done_bytes = (uint64_t)gzoffset(r->gz);
	*total_bytes = r->file_bytes;
}

/* ---- lines ---- */

/*
 * Make room and read the next chunk behind the unfinished line.  Returns 0,
 * or -1 when the line fills the whole buffer or the read fails.
 */
static int reader_refill(struct trace_reader *r)
{
	size_t tail = r->end - r->start;
	int nr_read;

	if (tail == r->buf_bytes)
		return reader_fail(r, r->line + 1,
				   "line too long (a line may hold at most %zu bytes)",
				   TRACE_CHUNK_BYTES - 1);
	memmove(r->buf, r->buf + r->start, tail);
	r->scanned -= r->start;
	r->start = 0;
	r->end = tail;
	nr_read = gzread(r->gz, r->buf + r->end, (unsigned int)(r->buf_bytes - r->end));
	if (nr_read < 0)
		return reader_fail(r, r->line + 1, "read error: %s", input_gz_error(r->gz));
	if (nr_read == 0) {
		int zerr;

		/* zlib reports a gzip stream cut short as a quiet end of file */
		gzerror(r->gz, &zerr);
		if (zerr == Z_BUF_ERROR)
			return reader_fail(r, r->line + 1, "read error: %s", INPUT_GZ_TRUNCATED);
		r->eof = true;
	}
	r->end += (size_t)nr_read;
	return 0;
}

/*
 * Hand out the next line, NUL-terminated in place, without its LF (and
 * without the CR of a CRLF).  Returns 1, 0 at the end of the input, or -1.
 */
static int reader_next_line(struct trace_reader *r, char **linep, char **endp)
{
	for (;;) {
		char *line = r->buf + r->start;
		char *nl = memchr(r->buf + r->scanned, '\n', r->end - r->scanned);
		char *end = nl;

		if (!nl) {
			r->scanned = r->end;
			if (!r->eof && r->hold)
				return 2;	/* would refill: end the batch here */
			if (!r->eof) {
				if (reader_refill(r) < 0)
					return -1;
				continue;
			}
			if (r->start == r->end)
				return 0;
			end = r->buf + r->end;	/* a last line without a LF */
		}
		if ((size_t)(end - line) >= TRACE_CHUNK_BYTES)
			return reader_fail(r, r->line + 1,
					   "line too long (a line may hold at most %zu bytes)",
					   TRACE_CHUNK_BYTES - 1);
		r->start = r->scanned = (size_t)(end - r->buf) + (nl != NULL);
		r->line++;
		if (end > line && end[-1] == '\r')
			end--;
		*end = '\0';
		*linep = line;
		*endp = end;
		return 1;
	}
}

/* ---- tokens ---- */

/*
 * Byte classes of the tokenizer, one load per byte: TOK may appear in a
 * token (printable ASCII but the blank), NAME is [a-z0-9_.], START may
 * begin a name ([a-z_]).  Bytes from 0x80 up, controls and DEL are in none.
 */
enum { TOK = 1, NAME = 2, START = 4 };
#define T_ TOK
#define TN (TOK | NAME)
#define TS (TOK | NAME | START)
static const unsigned char byte_class[256] = {
	/* 0x00-0x1f: control characters */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	/* 0x20: ' ' ! " # $ % & ' ( ) * + , - . / */
	0, T_, T_, T_, T_, T_, T_, T_, T_, T_, T_, T_, T_, T_, TN, T_,
	/* 0x30: 0-9 : ; < = > ? */
	TN, TN, TN, TN, TN, TN, TN, TN, TN, TN, T_, T_, T_, T_, T_, T_,
	/* 0x40: @ A-O */
	T_, T_, T_, T_, T_, T_, T_, T_, T_, T_, T_, T_, T_, T_, T_, T_,
	/* 0x50: P-Z [ \ ] ^ _ */
	T_, T_, T_, T_, T_, T_, T_, T_, T_, T_, T_, T_, T_, T_, T_, TS,
	/* 0x60: ` a-o */
	T_, TS, TS, TS, TS, TS, TS, TS, TS, TS, TS, TS, TS, TS, TS, TS,
	/* 0x70: p-z { | } ~ DEL */
	TS, TS, TS, TS, TS, TS, TS, TS, TS, TS, TS, T_, T_, T_, T_, 0,
};
#undef T_
#undef TN
#undef TS

static inline bool is_blank(unsigned char c)
{
	return c == ' ' || c == '\t';
}

static inline unsigned char byte_class_of(const char *p)
{
	return byte_class[(unsigned char)*p];
}

/*
 * The first byte at or after p that cannot continue a token (a blank, the
 * line's NUL, any other control or non-ASCII byte), or with stop_at_eq an
 * '='.  Eight bytes at a time: bit 7 of each byte of `bad` is set where a
 * byte is >= 0x80, < 0x21, == 0x7f or (stop_at_eq) == '='; the 7-bit sums
 * below cannot carry into the next byte.  Reads up to 7 bytes past the
 * stop, which the buffer's padding (TRACE_PAD_BYTES) keeps in bounds.
 */
static inline char *skip_token_bytes(char *p, bool stop_at_eq)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;

	for (;; p += 8) {
		uint64_t w, low7, bad;

		memcpy(&w, p, sizeof(w));
		low7 = w & ~high;
		bad = w | ~(low7 + (0x80 - 0x21) * ones) | (low7 + ones);
		if (stop_at_eq) {
			uint64_t x = low7 ^ ('=' * ones);	/* 0 where a byte is '=' */

			bad |= ~(x + 0x7f * ones);
		}
		bad &= high;
		if (bad)
			return p + (__builtin_ctzll(bad) >> 3);
	}
#else
	while ((byte_class_of(p) & TOK) && !(stop_at_eq && *p == '='))
		p++;
	return p;
#endif
}

/* One token cut out of a line. */
struct trace_token {
	char *s;		/* NUL-terminated in place */
	char *eq;		/* its first '=', or NULL */
	bool name_ok;		/* the part before '=' (all of it if none) is [a-z_][a-z0-9_.]* */
};

/*
 * Cut the next token out of the line: skip blanks, stop at the line's end
 * or at a '#' that begins a token (a trailing comment).  The token is
 * NUL-terminated in place.  Returns 1, 0 when the line has no more tokens,
 * or -1 on a byte that is neither printable ASCII nor a blank.  The name
 * check rides along in the same pass: replay reads every byte only here
 * and in the memchr() that found the line.
 */
static int next_token(const struct trace_reader *r, struct line_cursor *c,
		      struct trace_token *t, char *err, size_t errlen)
{
	char *p = c->p, *name_end;
	unsigned char ch;

	while (is_blank((unsigned char)*p))
		p++;
	if (p == c->end || *p == '#')
		return 0;
	t->s = p;
	t->eq = NULL;
	if (byte_class_of(p) & START)
		while (byte_class_of(++p) & NAME)
			;
	name_end = p;
	if (*p != '=')
		p = skip_token_bytes(p, true);
	if (*p == '=') {
		t->eq = p;
		p = skip_token_bytes(p + 1, false);
	}
	ch = (unsigned char)*p;
	t->name_ok = name_end > t->s && name_end == (t->eq ? t->eq : p);
	if (is_blank(ch)) {
		*p = '\0';
		c->p = p + 1;
	} else if (p == c->end) {
		c->p = p;
	} else {
		return line_error(r, err, errlen, "unexpected byte 0x%02x (column %zu)",
				  ch, (size_t)(p - c->line) + 1);
	}
	return 1;
}

/* ---- numbers and times ---- */

static int digit_value(unsigned char c, unsigned int base)
{
	int v;

	if (c >= '0' && c <= '9')
		v = c - '0';
	else if (c >= 'a' && c <= 'f')
		v = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		v = c - 'A' + 10;
	else
		return -1;
	return v < (int)base ? v : -1;
}

/* Binary size suffix: K M G T (either case) -> shift; -1 if none. */
static int suffix_shift(char c)
{
	switch (c) {
	case 'K': case 'k': return 10;
	case 'M': case 'm': return 20;
	case 'G': case 'g': return 30;
	case 'T': case 't': return 40;
	default: return -1;
	}
}

/*
 * The common case, a short plain decimal (order=0, cpu=3, node=1): up to
 * 19 digits cannot overflow 64 bits, so no per-digit check is needed.
 * Returns true with *out set, false to leave the text to the full parser.
 */
static inline bool parse_short_decimal(const char *text, uint64_t *out)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < 19 && text[i] >= '0' && text[i] <= '9'; i++)
		v = v * 10 + (uint64_t)(text[i] - '0');
	if (i == 0 || text[i] != '\0' || (text[0] == '0' && text[1] == 'x'))
		return false;
	*out = v;
	return true;
}

/*
 * The other common case, "0x" and up to 16 hex digits (pfn=0x1a2b00, what
 * the importer writes): 16 digits cannot overflow 64 bits, so no per-digit
 * check (the full parser divides for one at every digit).  Returns true
 * with *out set, false to leave the text to the full parser.
 */
static inline bool parse_short_hex(const char *text, uint64_t *out)
{
	uint64_t v = 0;
	unsigned int i;

	if (text[0] != '0' || (text[1] != 'x' && text[1] != 'X'))
		return false;
	for (i = 2; i < 18; i++) {
		unsigned int c = (unsigned char)text[i], d = c - '0', lower = (c | 0x20) - 'a';

		if (d >= 10) {
			if (lower >= 6)
				break;
			d = lower + 10;
		}
		v = v << 4 | d;
	}
	if (i == 2 || text[i] != '\0')
		return false;
	*out = v;
	return true;
}

int trace_parse_u64(const char *text, bool allow_suffix, uint64_t *out)
{
	const char *p = text;
	unsigned int base = 10;
	bool overflow = false;
	uint64_t v = 0;
	int d, shift;

	if (parse_short_decimal(text, out) || parse_short_hex(text, out))
		return 0;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (digit_value((unsigned char)*p, base) < 0)
		return -1;
	for (; (d = digit_value((unsigned char)*p, base)) >= 0; p++) {
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			overflow = true;
		else
			v = v * base + (uint64_t)d;
	}
	if (*p && allow_suffix && (shift = suffix_shift(*p)) >= 0) {
		if (v > (UINT64_MAX >> shift))
			overflow = true;
		v <<= shift;
		p++;
	}
	if (*p)
		return -1;
	if (overflow)
		return -2;
	*out = v;
	return 0;
}

static const uint64_t pow10_u64[10] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
};

/* Decimal exponent of one unit in nanoseconds ("" and "s": 9); -1 if unknown. */
static int time_unit_exp(const char *unit)
{
	if (unit[0] == '\0' || (unit[0] == 's' && unit[1] == '\0'))
		return 9;
	if (unit[1] != 's' || unit[2] != '\0')
		return -1;
	switch (unit[0]) {
	case 'm': return 6;
	case 'u': return 3;
	case 'n': return 0;
	default: return -1;
	}
}

/*
 * The common time, seconds with at most nine fraction digits and no unit
 * ("8.003004", what generators and the importer write), in one pass; the
 * whole part of up to nine digits cannot overflow.  Returns where the
 * digits end, with *out set (the caller checks that the time ends there),
 * or NULL to leave the text to the full parser.
 */
static inline const char *parse_plain_seconds(const char *text, uint64_t *out)
{
	const char *p = text;
	uint64_t whole = 0, frac = 0;
	unsigned int d, nr_whole = 0, nr_frac = 0;

	while ((d = (unsigned int)(unsigned char)*p - '0') < 10 && nr_whole < 9) {
		whole = whole * 10 + d;
		p++;
		nr_whole++;
	}
	if (nr_whole == 0 || *p != '.')
		return NULL;
	p++;
	nr_frac = trace_digits8(p, &frac);
	p += nr_frac;
	for (; (d = (unsigned int)(unsigned char)*p - '0') < 10 && nr_frac < 9; p++) {
		frac = frac * 10 + d;
		nr_frac++;
	}
	if (nr_frac == 0)
		return NULL;
	*out = whole * pow10_u64[9] + frac * pow10_u64[9 - nr_frac];
	return p;
}

/*
 * "12.5" (seconds), "250us", "1.5ms", "3s", "100ns" -> nanoseconds, exactly:
 * the integer part and the fraction digits are parsed as integers and
 * scaled by powers of ten, so "0.000125" is 125000 ns, never 124999.
 * Fraction digits below one nanosecond must be zero.  Returns 0, -1 if
 * malformed, -2 if too large, -3 if finer than a nanosecond.
 */
static int parse_time_ns(const char *text, uint64_t *out)
{
	const char *p = text, *frac = p, *frac_end = p;
	uint64_t whole = 0, frac_value = 0, ns;
	int exp, nr_digits = 0;

	const char *plain_end = parse_plain_seconds(text, out);

	if (plain_end && *plain_end == '\0')
		return 0;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (whole > (UINT64_MAX - 9) / 10)
			return -2;
		whole = whole * 10 + (uint64_t)(*p - '0');
	}
	if (*p == '.') {
		frac = ++p;
		if (*p < '0' || *p > '9')
			return -1;
		while (*p >= '0' && *p <= '9')
			p++;
		frac_end = p;
	}
	exp = time_unit_exp(p);
	if (exp < 0)
		return -1;
	for (; frac < frac_end; frac++, nr_digits++) {
		if (nr_digits < exp)
			frac_value = frac_value * 10 + (uint64_t)(*frac - '0');
		else if (*frac != '0')
			return -3;
	}
	if (nr_digits < exp)
		frac_value *= pow10_u64[exp - nr_digits];
	if (__builtin_mul_overflow(whole, pow10_u64[exp], &ns) ||
	    __builtin_add_overflow(ns, frac_value, &ns))
		return -2;
	*out = ns;
	return 0;
}

/* ---- records ---- */

/* The leading "@TIME" of an event line; times must not go backwards. */
static int parse_event_time(const struct trace_reader *r, const char *tok,
			    struct trace_record *rec, char *err, size_t errlen)
{
	uint64_t ns;

	switch (parse_time_ns(tok + 1, &ns)) {
	case 0:
		break;
	case -2:
		return line_error(r, err, errlen, "time '%.64s' is too large", tok);
	case -3:
		return line_error(r, err, errlen,
				  "time '%.64s' is finer than a nanosecond", tok);
	default:
		return line_error(r, err, errlen,
				  "malformed time '%.64s' (expected seconds like "
				  "@12.5, or a number with ns, us, ms or s like @250us)", tok);
	}
	if (ns < r->last_time_ns)
		return line_error(r, err, errlen,
				  "time %.64s goes backwards "
				  "(the previous event was at @%llu.%09llu)", tok,
				  (unsigned long long)(r->last_time_ns / 1000000000u),
				  (unsigned long long)(r->last_time_ns % 1000000000u));
	rec->has_time = true;
	rec->time_ns = ns;
	return 0;
}

/* True if the two keys are equal; most differ in their first byte. */
static inline bool same_key(const char *a, const char *b)
{
	return a[0] == b[0] && strcmp(a, b) == 0;
}

/* One "key=value" or bare flag word, already cut out of the line. */
static int add_arg(const struct trace_reader *r, struct trace_record *rec,
		   const struct trace_token *t, char *err, size_t errlen)
{
	char *key = t->s;
	const char *value = NULL;

	if (rec->nr_args == TRACE_MAX_ARGS)
		return line_error(r, err, errlen, "too many arguments (at most %d)",
				  TRACE_MAX_ARGS);
	if (t->eq) {
		if (t->eq == key)
			return line_error(r, err, errlen, "expected key=value, got '%.64s'", key);
		*t->eq = '\0';
		value = t->eq + 1;
		if (!t->name_ok)
			return line_error(r, err, errlen,
					  "bad key '%.64s' (keys are [a-z_][a-z0-9_.]*)", key);
		if (!*value)
			return line_error(r, err, errlen, "missing value after '%.64s='", key);
	} else if (!t->name_ok) {
		return line_error(r, err, errlen,
				  "expected key=value or a flag word, got '%.64s'", key);
	}
	for (unsigned int i = 0; i < rec->nr_args; i++)
		if (same_key(rec->args[i].key, key))
			return line_error(r, err, errlen, "duplicate argument '%.64s'", key);
	rec->args[rec->nr_args].key = key;
	rec->args[rec->nr_args].value = value;
	rec->nr_args++;
	return 0;
}

/*
 * The common argument, cut without the general tokenizer: a well-formed
 * key ([a-z_][a-z0-9_.]*), '=', a value of printable bytes, then a blank or
 * the line's end; its key unlike the record's others (same first byte:
 * compared in full).  Returns true with the argument added and the cursor
 * past it.  Anything else (a flag word, a comment, a bad byte, a repeated
 * key, too many arguments) returns false with the cursor where it was, for
 * next_token() and add_arg() to take it with their messages.  This path
 * cuts most of a replay's tokens (measured: 10% fewer instructions in a
 * churn replay).
 */
static inline bool add_plain_arg(struct line_cursor *c, struct trace_record *rec,
				 uint32_t *key_firsts)
{
	char *key = c->p, *eq, *end;
	uint32_t first_bit;

	if (!(byte_class_of(key) & START) || rec->nr_args == TRACE_MAX_ARGS)
		return false;
	for (eq = key + 1; byte_class_of(eq) & NAME; eq++)
		;
	if (*eq != '=' || !(byte_class_of(eq + 1) & TOK))
		return false;
	end = skip_token_bytes(eq + 1, false);
	if (*end != ' ' && end != c->end)
		return false;
	first_bit = 1u << (key[0] & 31);
	*eq = '\0';
	if (*key_firsts & first_bit) {
		for (unsigned int i = 0; i < rec->nr_args; i++) {
			if (same_key(rec->args[i].key, key)) {
				*eq = '=';
				return false;
			}
		}
	}
	*key_firsts |= first_bit;
	rec->args[rec->nr_args].key = key;
	rec->args[rec->nr_args].value = eq + 1;
	rec->nr_args++;
	c->p = end == c->end ? end : end + 1;
	*end = '\0';
	return true;
}

/* Any other argument, with the general tokenizer and its messages. */
__attribute__((noinline))
static int next_arg_general(const struct trace_reader *r, struct line_cursor *c,
			    struct trace_token *t, struct trace_record *rec, uint32_t *key_firsts,
			    char *err, size_t errlen)
{
	int rc = next_token(r, c, t, err, errlen);

	if (rc <= 0)
		return rc;
	if (add_arg(r, rec, t, err, errlen) < 0)
		return -1;
	*key_firsts |= 1u << (rec->args[rec->nr_args - 1].key[0] & 31);
	return 1;
}

/* The next argument of the line: 1 when one was added, 0 at the end, -1. */
static inline int next_arg(const struct trace_reader *r, struct line_cursor *c,
			   struct trace_token *t, struct trace_record *rec, uint32_t *key_firsts,
			   char *err, size_t errlen)
{
	while (*c->p == ' ')
		c->p++;
	if (c->p == c->end)
		return 0;	/* what next_token() would find, without the call */
	if (add_plain_arg(c, rec, key_firsts))
		return 1;
	return next_arg_general(r, c, t, rec, key_firsts, err, errlen);
}

/* A record of the current line, before its time, verb and arguments. */
static inline void record_begin(const struct trace_reader *r, struct trace_record *rec)
{
	rec->file = r->name;
	rec->line = r->line;
	rec->has_time = false;
	rec->word_readable = true;	/* TRACE_PAD_BYTES past the buffer's last NUL */
	rec->time_ns = r->last_time_ns;
	rec->nr_args = 0;
}

/*
 * The arguments after the verb, to the line's end.  Returns 1 or -1.  Inlined
 * into both callers: as a call it cost some 35 instructions per event.
 */
__attribute__((always_inline))
static inline int parse_args(struct trace_reader *r, struct line_cursor *c,
			     struct trace_token *t, struct trace_record *rec, char *err,
			     size_t errlen)
{
	uint32_t key_firsts = 0;	/* bit (first byte & 31) of every key so far */
	int rc;

	while ((rc = next_arg(r, c, t, rec, &key_firsts, err, errlen)) > 0)
		;
	if (rc < 0)
		return -1;
	r->last_time_ns = rec->time_ns;
	return 1;
}

/* "[@TIME] VERB arg ..." whose first token is t. */
static int parse_event(struct trace_reader *r, struct line_cursor *c, struct trace_token *t,
		       struct trace_record *rec, char *err, size_t errlen)
{
	int rc;

	record_begin(r, rec);
	if (t->s[0] == '@') {
		if (parse_event_time(r, t->s, rec, err, errlen) < 0)
			return -1;
		rc = next_token(r, c, t, err, errlen);
		if (rc < 0)
			return -1;
		if (rc == 0)
			return line_error(r, err, errlen, "expected a verb after the time");
	}
	if (t->eq || !t->name_ok)
		return line_error(r, err, errlen,
				  "expected a verb (a lowercase name like 'alloc'), got '%.64s'",
				  t->s);
	rec->verb = t->s;
	return parse_args(r, c, t, rec, err, errlen);
}

/*
 * @TIME (text, after the '@') in the common form and in order, ending at
 * end (a blank): rec's time.  It is read before its end becomes the NUL:
 * the word read of its fraction would otherwise wait for that store (a
 * store-forwarding stall on every event, measured).  false: left to
 * parse_event_time() and its messages.
 */
static inline bool plain_event_time(const struct trace_reader *r, const char *text,
				    const char *end, struct trace_record *rec)
{
	uint64_t ns;

	if (parse_plain_seconds(text, &ns) != end || ns < r->last_time_ns)
		return false;
	rec->has_time = true;
	rec->time_ns = ns;
	return true;
}

/*
 * The common event line, "@TIME VERB key=value ..." or "VERB key=value
 * ...", single blanks between the time and the verb, without the general
 * tokenizer.  Returns 1 (rec filled), -1 on an error (the same message the
 * general path gives), or 0 with the line untouched when it is not of
 * that shape: parse_event() then takes it from the start.
 */
static int parse_event_plain(struct trace_reader *r, struct line_cursor *c,
			     struct trace_record *rec, char *err, size_t errlen)
{
	char *p = c->p, *verb, *time_end = NULL;
	struct trace_token t;

	record_begin(r, rec);
	if (*p == '@') {
		time_end = skip_token_bytes(p + 1, true);
		if (*time_end != ' ')
			return 0;
		if (!plain_event_time(r, p + 1, time_end, rec)) {
			*time_end = '\0';
			if (parse_event_time(r, p, rec, err, errlen) < 0)
				return -1;
		}
		*time_end = '\0';
		p = time_end + 1;
	}
	verb = p;
	if (byte_class_of(p) & START)
		while (byte_class_of(++p) & NAME)
			;
	if (p == verb || (*p != ' ' && p != c->end)) {
		if (time_end)
			*time_end = ' ';
		return 0;
	}
	c->p = p == c->end ? p : p + 1;
	*p = '\0';
	rec->verb = verb;
	return parse_args(r, c, &t, rec, err, errlen);
}

/*
 * The first line that is not blank or a comment: "numasim-trace v1".  Every
 * error here is fatal: nothing after a bad header can be trusted.
 */
static int parse_header(struct trace_reader *r, struct line_cursor *c, const char *magic)
{
	struct trace_token version, extra;
	int rc;

	if (strcmp(magic, TRACE_HEADER_MAGIC) != 0)
		return reader_fail(r, r->line, "missing header: the first line must be '%s'",
				   TRACE_HEADER);
	rc = next_token(r, c, &version, r->fatal, sizeof(r->fatal));
	if (rc < 0) {
		r->failed = true;
		return -1;
	}
	if (rc == 0)
		return reader_fail(r, r->line, "malformed header: expected '%s'", TRACE_HEADER);
	if (strcmp(version.s, TRACE_HEADER_VERSION) != 0)
		return reader_fail(r, r->line,
				   "unsupported trace version '%.64s' (this reader reads '%s')",
				   version.s, TRACE_HEADER);
	rc = next_token(r, c, &extra, r->fatal, sizeof(r->fatal));
	if (rc < 0) {
		r->failed = true;
		return -1;
	}
	if (rc > 0)
		return reader_fail(r, r->line, "unexpected '%.64s' after the header '%s'",
				   extra.s, TRACE_HEADER);
	r->header_seen = true;
	return 0;
}

int trace_reader_next(struct trace_reader *r, struct trace_record *rec, char *err, size_t errlen)
{
	struct line_cursor c;
	struct trace_token t;
	int rc;

	for (;;) {
		if (r->failed)
			return repeat_failure(r, err, errlen);
		rc = reader_next_line(r, &c.line, &c.end);
		if (rc < 0)
			return repeat_failure(r, err, errlen);
		if (rc == 0)
			break;
		if (rc == 2)
			return 2;
		c.p = c.line;
		if (!r->header_seen) {
			rc = next_token(r, &c, &t, r->fatal, sizeof(r->fatal));
			if (rc > 0)
				rc = parse_header(r, &c, t.s);
			if (rc < 0) {
				r->failed = true;
				return repeat_failure(r, err, errlen);
			}
			continue;
		}
		rc = parse_event_plain(r, &c, rec, err, errlen);
		if (rc != 0)
			return rc;
		rc = next_token(r, &c, &t, err, errlen);
		if (rc < 0)
			return -1;
		if (rc > 0)
			return parse_event(r, &c, &t, rec, err, errlen);
		/* a blank or comment line */
	}
	if (!r->header_seen) {
		reader_fail(r, r->line, "missing header: the trace is empty, expected '%s'",
			    TRACE_HEADER);
		return repeat_failure(r, err, errlen);
	}
	return 0;
}

/*
 * A batch holds records whose strings all point into the current buffer, so
 * the buffer may only be refilled before the first record of a batch.  An
 * error met after the first record ends the batch and is reported by the
 * next call.
 */
int trace_reader_next_batch(struct trace_reader *r, struct trace_record *recs,
			    unsigned int max, char *err, size_t errlen)
{
	unsigned int n = 0;

	if (r->pending) {
		r->pending = false;
		snprintf(err, errlen, "%s", r->pending_err);
		return -1;
	}
	while (n < max) {
		int rc;

		r->hold = n > 0;
		rc = trace_reader_next(r, &recs[n], n ? r->pending_err : err,
				       n ? sizeof(r->pending_err) : errlen);
		r->hold = false;
		if (rc == 1) {
			n++;
			continue;
		}
		if (rc < 0 && n > 0)
			r->pending = true;
		else if (rc < 0)
			return -1;
		break;
	}
	return (int)n;
}

const char *trace_record_get(const struct trace_record *rec, const char *key)
{
	for (unsigned int i = 0; i < rec->nr_args; i++)
		if (strcmp(rec->args[i].key, key) == 0)
			return rec->args[i].value;
	return NULL;
}
