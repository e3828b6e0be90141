/*
 * sim/import_sink.c - the importer's events as text lines or as records
 * for the engine (import_sink.h).
 *
 * Text: a line is written through a cursor into the buffer; sink_begin()
 * makes room for the longest line of fixed fields once, each argument
 * writes at the cursor, and a gfp text of any length goes through
 * sink_write() between two such runs.
 *
 * Records: a batch of SINK_BATCH records and an arena for their values.
 * The engine looks ahead within a batch (sim/engine.c), so the batch is
 * as long as its own.  sink_begin() replays the batch when it is full or
 * the arena could not hold one more line with its extra bytes; the arena
 * is larger than the longest line the reader hands out, so that always
 * fits after a replay.
 *
 * Invariants: text: out_len + SINK_LINE_BYTES <= SINK_OUT_BYTES while a
 * line of fixed fields is being written.  Records: every value of the
 * batch's records lies in arena[0, arena_used); after the engine failed,
 * records are dropped.
 *
 * No kernel counterpart.
 */
#include "sim/import_sink.h"

#include <stdlib.h>
#include <string.h>

#include "workloads/line_reader.h"

#define SINK_OUT_BYTES		(64u << 10)
#define SINK_LINE_BYTES		256	/* a line's fixed fields, at most */
#define SINK_BATCH		ENGINE_REPLAY_BATCH
#define SINK_ARENA_BYTES	(LINE_READER_MAX_BYTES + SINK_BATCH * SINK_LINE_BYTES)

int sink_init_text(struct import_sink *s, FILE *f)
{
	memset(s, 0, sizeof(*s));
	s->f = f;
	s->out = malloc(SINK_OUT_BYTES);
	return s->out ? 0 : -1;
}

int sink_init_engine(struct import_sink *s, struct engine *e, const char *file)
{
	memset(s, 0, sizeof(*s));
	s->engine = e;
	s->file = file;
	s->recs = malloc(SINK_BATCH * sizeof(*s->recs));
	s->arena = malloc(SINK_ARENA_BYTES);
	return s->recs && s->arena ? 0 : -1;
}

void sink_release(struct import_sink *s)
{
	free(s->out);
	free(s->recs);
	free(s->arena);
	s->out = s->arena = NULL;
	s->recs = NULL;
}

/* ---- text ---- */

static void out_flush(struct import_sink *s)
{
	if (s->out_len && fwrite(s->out, 1, s->out_len, s->f) != s->out_len)
		s->write_error = true;
	s->out_len = 0;
}

void sink_write(struct import_sink *s, const char *text, size_t len)
{
	if (s->out_len + len > SINK_OUT_BYTES)
		out_flush(s);
	if (len > SINK_OUT_BYTES) {	/* a line longer than the buffer */
		if (fwrite(text, 1, len, s->f) != len)
			s->write_error = true;
		return;
	}
	memcpy(s->out + s->out_len, text, len);
	s->out_len += len;
}

/* The cursor after room for a line's fixed fields. */
static char *out_room(struct import_sink *s)
{
	if (s->out_len + SINK_LINE_BYTES > SINK_OUT_BYTES)
		out_flush(s);
	return s->out + s->out_len;
}

static char *put_u64(char *p, uint64_t v)
{
	char buf[24], *d = buf + sizeof(buf);
	size_t n;

	do {
		*--d = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	n = (size_t)(buf + sizeof(buf) - d);
	memcpy(p, d, n);
	return p + n;
}

static char *put_hex(char *p, uint64_t v)
{
	int nr_digits = v ? (64 - __builtin_clzll(v) + 3) / 4 : 1;

	*p++ = '0';
	*p++ = 'x';
	for (int i = nr_digits - 1; i >= 0; i--, v >>= 4)
		p[i] = "0123456789abcdef"[v & 15];
	return p + nr_digits;
}

/* "@SECONDS.FRACTION " with 6 digits (tracefs' microseconds) or 9 when needed. */
static char *put_time(char *p, uint64_t ns)
{
	uint64_t sub = ns % 1000000000u;
	int digits = sub % 1000 ? 9 : 6;

	if (digits == 6)
		sub /= 1000;
	*p++ = '@';
	p = put_u64(p, ns / 1000000000u);
	*p = '.';
	for (int i = digits; i > 0; i--) {
		p[i] = (char)('0' + sub % 10);
		sub /= 10;
	}
	return p + digits + 1;
}

/* " key=" (text) or a new argument whose value starts at the arena's cursor. */
static char *arg_begin(struct import_sink *s, const char *key, size_t key_len)
{
	struct trace_record *rec;

	if (!s->engine) {
		char *p = s->p;

		*p++ = ' ';
		memcpy(p, key, key_len);
		p[key_len] = '=';
		return p + key_len + 1;
	}
	rec = &s->recs[s->nr_recs];
	rec->args[rec->nr_args].key = key;
	rec->args[rec->nr_args++].value = s->v;
	return s->v;
}

/* The value ends at p. */
static void arg_end(struct import_sink *s, char *p)
{
	if (!s->engine) {
		s->p = p;
		return;
	}
	*p++ = '\0';
	s->v = p;
}

/* ---- events ---- */

void sink_flush(struct import_sink *s)
{
	if (!s->engine) {
		out_flush(s);
		return;
	}
	if (s->nr_recs && s->status == ENGINE_OK)
		s->status = engine_replay_records(s->engine, s->recs, (int)s->nr_recs);
	s->nr_recs = 0;
	s->arena_used = 0;
}

void sink_begin(struct import_sink *s, uint64_t ns, const char *verb, size_t verb_len,
		unsigned long line, size_t extra)
{
	struct trace_record *rec;

	if (!s->engine) {
		char *p = put_time(out_room(s), ns);

		*p++ = ' ';
		memcpy(p, verb, verb_len);
		s->p = p + verb_len;
		return;
	}
	if (s->nr_recs == SINK_BATCH ||
	    s->arena_used + SINK_LINE_BYTES + extra > SINK_ARENA_BYTES)
		sink_flush(s);
	rec = &s->recs[s->nr_recs];
	rec->file = s->file;
	rec->line = line;
	rec->has_time = true;
	rec->word_readable = false;	/* keys are the importer's string constants */
	rec->time_ns = ns;
	rec->verb = verb;
	rec->nr_args = 0;
	s->v = s->arena + s->arena_used;
}

void sink_u64(struct import_sink *s, const char *key, size_t key_len, uint64_t v)
{
	arg_end(s, put_u64(arg_begin(s, key, key_len), v));
}

void sink_hex(struct import_sink *s, const char *key, size_t key_len, uint64_t v)
{
	arg_end(s, put_hex(arg_begin(s, key, key_len), v));
}

void sink_id(struct import_sink *s, uint64_t id, int32_t piece)
{
	char *p = arg_begin(s, "id", 2);

	*p++ = 'a';
	p = put_u64(p, id);
	if (piece >= 0) {
		*p++ = '.';
		p = put_u64(p, (uint64_t)piece);
	}
	arg_end(s, p);
}

void sink_word(struct import_sink *s, const char *key, size_t key_len, const char *text,
	       size_t len)
{
	char *p = arg_begin(s, key, key_len);

	if (!s->engine) {	/* any length: through the buffer's own checks */
		s->out_len = (size_t)(p - s->out);
		sink_write(s, text, len);
		s->p = out_room(s);
		return;
	}
	memcpy(p, text, len);
	arg_end(s, p + len);
}

void sink_end(struct import_sink *s)
{
	if (!s->engine) {
		*s->p++ = '\n';
		s->out_len = (size_t)(s->p - s->out);
		return;
	}
	s->arena_used = (size_t)(s->v - s->arena);
	s->nr_recs++;
}
