/*
 * tests/fuzz/trace_input.c - one fuzz input through the trace reader
 * (fuzz_trace_input(), see fuzz_inputs.h).
 *
 * The reader has two sources (a memory copy; a file descriptor read through
 * zlib in chunks, plain or gzip) and two ways out (one record at a time; a
 * batch whose records all stay valid until the next call).  The oracle is
 * differential: whatever the source, the batch size, the compression and
 * where the chunk boundaries fall, the same bytes must give the same
 * records and the same errors.  On top of that every record must obey the
 * syntax of workloads/FORMAT.md sections 1-3 (names, values, at most 32
 * arguments, no key twice, lines ascending, @TIMEs never decreasing), and
 * every error must read "NAME:LINE: message".
 *
 * Records are hashed only once their whole batch is in (as the engine uses
 * them, looking ahead), so a record whose strings a later record of the
 * same batch overwrote changes the hash.
 *
 * No kernel counterpart: test scaffolding.
 */
#include "tests/fuzz/fuzz_inputs.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include "tests/fuzz/fuzz_util.h"
#include "workloads/trace.h"

/* The engine's batch (REPLAY_BATCH, sim/engine.c). */
#define ENGINE_BATCH		64
/* The reader's chunk (TRACE_CHUNK_BYTES, workloads/trace.c): what one refill reads. */
#define READER_CHUNK_BYTES	((size_t)1 << 20)
/* Errors read past before giving up (a syntax error consumes only its line). */
#define MAX_ERRORS		64
/* Decompressed bytes the harness itself inflates at most, to compare. */
#define MAX_INFLATED_BYTES	((size_t)4 << 20)

/* What one way of reading gave: a hash of every record and error, in order. */
struct read_log {
	uint64_t hash;
	unsigned long nr_records;
	unsigned long nr_errors;
	unsigned long line_offset;	/* padding lines before the input */
	unsigned long last_line;
	uint64_t last_time_ns;
	char broken[512];		/* the first rule a record or message broke */
};

/* ---- hashing (FNV-1a) ---- */

static void hash_bytes(struct read_log *log, const void *p, size_t len)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < len; i++)
		log->hash = (log->hash ^ b[i]) * 0x100000001b3ull;
}

static void hash_u64(struct read_log *log, uint64_t v)
{
	hash_bytes(log, &v, sizeof(v));
}

static void hash_str(struct read_log *log, const char *s)
{
	hash_bytes(log, s, strlen(s) + 1);
}

/* ---- the format's rules ---- */

__attribute__((format(printf, 2, 3)))
static void log_broken(struct read_log *log, const char *fmt, ...)
{
	va_list ap;

	if (log->broken[0])
		return;
	va_start(ap, fmt);
	vsnprintf(log->broken, sizeof(log->broken), fmt, ap);
	va_end(ap);
}

/* [a-z_][a-z0-9_.]*: verbs, keys and flag words (FORMAT.md section 3). */
static bool is_name(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || *s == '_'))
		return false;
	for (s++; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' ||
		      *s == '.'))
			return false;
	return true;
}

/* A value: not empty, printable ASCII without the blank. */
static bool is_value(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '!' || *s > '~')
			return false;
	return true;
}

/* A number without a suffix reads the same whether suffixes are allowed or not. */
static void check_number(struct read_log *log, const struct trace_record *rec, const char *value)
{
	uint64_t plain, suffixed;

	if (trace_parse_u64(value, false, &plain) != 0)
		return;
	if (trace_parse_u64(value, true, &suffixed) != 0 || suffixed != plain)
		log_broken(log, "line %lu: '%.64s' reads differently with suffixes allowed",
			   rec->line, value);
}

static void check_args(struct read_log *log, const struct trace_record *rec)
{
	for (unsigned int a = 0; a < rec->nr_args; a++) {
		const struct trace_arg *arg = &rec->args[a];

		if (!is_name(arg->key))
			log_broken(log, "line %lu: bad key '%.64s'", rec->line, arg->key);
		if (arg->value && !is_value(arg->value))
			log_broken(log, "line %lu: bad value for '%.64s'", rec->line, arg->key);
		for (unsigned int b = 0; b < a; b++)
			if (!strcmp(rec->args[b].key, arg->key))
				log_broken(log, "line %lu: key '%.64s' twice", rec->line, arg->key);
		if (trace_record_get(rec, arg->key) != arg->value)
			log_broken(log, "line %lu: trace_record_get('%.64s') is not its value",
				   rec->line, arg->key);
		if (arg->value)
			check_number(log, rec, arg->value);
	}
}

static void check_record(struct read_log *log, const char *name, const struct trace_record *rec)
{
	if (strcmp(rec->file, name) != 0)
		log_broken(log, "line %lu: file '%.64s', not '%s'", rec->line, rec->file, name);
	if (rec->line <= log->last_line)
		log_broken(log, "line %lu after line %lu", rec->line, log->last_line);
	if (rec->has_time && rec->time_ns < log->last_time_ns)
		log_broken(log, "line %lu: time goes backwards", rec->line);
	if (!is_name(rec->verb))
		log_broken(log, "line %lu: bad verb '%.64s'", rec->line, rec->verb);
	if (rec->nr_args > TRACE_MAX_ARGS)
		log_broken(log, "line %lu: %u arguments", rec->line, rec->nr_args);
	else
		check_args(log, rec);
	log->last_line = rec->line;
	if (rec->has_time)
		log->last_time_ns = rec->time_ns;
}

static void hash_record(struct read_log *log, const struct trace_record *rec)
{
	hash_u64(log, rec->line - log->line_offset);
	hash_u64(log, rec->has_time ? rec->time_ns : UINT64_MAX);
	hash_str(log, rec->verb);
	hash_u64(log, rec->nr_args);
	for (unsigned int a = 0; a < rec->nr_args && a < TRACE_MAX_ARGS; a++) {
		hash_str(log, rec->args[a].key);
		if (rec->args[a].value)
			hash_str(log, rec->args[a].value);
		else
			hash_u64(log, 0);
	}
	log->nr_records++;
}

/*
 * An error: well-formed, and hashed with its line counted from the
 * input's first line (a line before the input, or none at all for an empty
 * one, is line 1 either way).
 */
static void log_error(struct read_log *log, const char *name, const char *err)
{
	unsigned long line;
	const char *rest;

	log->nr_errors++;
	if (!fuzz_is_line_message(err, name, &line, &rest)) {
		log_broken(log, "malformed error message '%.200s'", err);
		return;
	}
	hash_u64(log, line > log->line_offset ? line - log->line_offset : 1);
	hash_str(log, rest);
}

/* ---- reading ---- */

/*
 * Read r to its end in batches of batch records, as the engine does,
 * going on past errors until one repeats (a fatal error does forever) or
 * MAX_ERRORS were seen.  Closes r.
 */
static void read_all(struct trace_reader *r, const char *name, unsigned int batch,
		     struct read_log *log)
{
	struct trace_record *recs = calloc(batch, sizeof(*recs));
	char err[1024], prev_err[1024] = "";
	int n;

	if (!recs) {
		log_broken(log, "out of memory");
		trace_reader_close(r);
		return;
	}
	while ((n = trace_reader_next_batch(r, recs, batch, err, sizeof(err))) != 0) {
		if (n > 0) {
			for (int i = 0; i < n; i++)
				check_record(log, name, &recs[i]);
			for (int i = 0; i < n; i++)
				hash_record(log, &recs[i]);
			continue;
		}
		if (!strcmp(err, prev_err) || log->nr_errors == MAX_ERRORS)
			break;
		log_error(log, name, err);
		snprintf(prev_err, sizeof(prev_err), "%s", err);
	}
	free(recs);
	trace_reader_close(r);
}

/* Read len bytes (behind pad bytes of a comment line) through a file descriptor. */
static int read_through_fd(const char *name, const void *pad, size_t pad_len,
			   const void *data, size_t len, unsigned int batch, struct read_log *log)
{
	int fd = memfd_create("fuzz-trace", MFD_CLOEXEC);
	struct trace_reader *r;
	char err[1024];

	if (fd < 0)
		return -1;
	if ((pad_len && write(fd, pad, pad_len) != (ssize_t)pad_len) ||
	    (len && write(fd, data, len) != (ssize_t)len) || lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return -1;
	}
	r = trace_reader_open_fd(name, fd, err, sizeof(err));
	if (!r)
		return -1;
	read_all(r, name, batch, log);
	return 0;
}

static int read_memory(const char *name, const void *data, size_t len, unsigned int batch,
		       struct read_log *log)
{
	struct trace_reader *r = trace_reader_open_memory(name, data, len);

	if (!r)
		return -1;
	read_all(r, name, batch, log);
	return 0;
}

/* ---- gzip, both ways ---- */

/*
 * data gzip-compressed (compress), or inflated if it is exactly one whole
 * gzip member (nothing behind it) of at most MAX_INFLATED_BYTES: 0 with a
 * new heap buffer in *out, or -1 (an input the runner cannot inflate is
 * read by the reader alone, not compared).
 */
static int gzip_pass(bool compress, const uint8_t *data, size_t size, uint8_t **out,
		     size_t *out_len)
{
	z_stream zs = { 0 };
	size_t cap;
	int rc;

	rc = compress ? deflateInit2(&zs, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) :
			inflateInit2(&zs, 15 + 16);
	if (rc != Z_OK)
		return -1;
	cap = compress ? deflateBound(&zs, (uLong)size) : MAX_INFLATED_BYTES;
	*out = malloc(cap);
	if (*out) {
		zs.next_in = (Bytef *)data;
		zs.avail_in = (uInt)size;
		zs.next_out = *out;
		zs.avail_out = (uInt)cap;
		rc = compress ? deflate(&zs, Z_FINISH) : inflate(&zs, Z_FINISH);
		*out_len = zs.total_out;
	}
	if (compress)
		deflateEnd(&zs);
	else
		inflateEnd(&zs);
	if (*out && rc == Z_STREAM_END && zs.avail_in == 0)
		return 0;
	free(*out);
	return -1;
}

/* ---- the comparisons ---- */

static uint64_t fnv_of(const uint8_t *data, size_t size)
{
	struct read_log h = { .hash = 0xcbf29ce484222325ull };

	hash_bytes(&h, data, size);
	return h.hash;
}

static void log_init(struct read_log *log, unsigned long line_offset)
{
	*log = (struct read_log){ .hash = 0xcbf29ce484222325ull, .line_offset = line_offset };
}

/* Compare log with the memory reading (ref); the verdict of a reading. */
static enum fuzz_verdict compare(const struct read_log *ref, const struct read_log *log,
				 const char *how, char *msg, size_t msglen)
{
	if (log->broken[0])
		return fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen, "%s: %s", how, log->broken);
	if (ref && (ref->hash != log->hash || ref->nr_records != log->nr_records ||
		    ref->nr_errors != log->nr_errors))
		return fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen,
					"%s: %lu records, %lu errors; from memory: %lu records, "
					"%lu errors (or the same counts, other contents)", how,
					log->nr_records, log->nr_errors, ref->nr_records,
					ref->nr_errors);
	return log->nr_errors ? FUZZ_REFUSED : FUZZ_ACCEPTED;
}

/*
 * The input read through a descriptor behind one comment line that ends
 * k bytes before the reader's first chunk does, so the chunk boundary
 * falls k bytes into the input and the line it cuts is moved and read on.
 */
static enum fuzz_verdict read_across_chunk(const char *name, const uint8_t *data, size_t size,
					   uint64_t h, const struct read_log *ref,
					   char *msg, size_t msglen)
{
	size_t k = 1 + (size_t)(h >> 16) % size, pad_len = READER_CHUNK_BYTES - k;
	struct read_log log;
	char *pad = malloc(pad_len);
	int rc;

	if (!pad)
		return fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen, "out of memory");
	memset(pad, 'x', pad_len);
	pad[0] = '#';
	pad[pad_len - 1] = '\n';
	log_init(&log, 1);
	rc = read_through_fd(name, pad, pad_len, data, size, 1 + (unsigned int)(h % 64), &log);
	free(pad);
	if (rc != 0)
		return fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen, "cannot set up the padded file");
	return compare(ref, &log, "across a chunk boundary", msg, msglen);
}

/* A gzip input: through the descriptor, compared with its inflated text if whole. */
static enum fuzz_verdict read_gzip_input(const char *name, const uint8_t *data, size_t size,
					 unsigned int batch, char *msg, size_t msglen)
{
	struct read_log ref, log;
	uint8_t *text;
	size_t text_len;
	bool whole = gzip_pass(false, data, size, &text, &text_len) == 0;

	log_init(&ref, 0);
	log_init(&log, 0);
	if (whole) {
		read_memory(name, text, text_len, ENGINE_BATCH, &ref);
		free(text);
	}
	if (read_through_fd(name, NULL, 0, data, size, batch, &log) != 0)
		return fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen, "cannot set up the file");
	return compare(whole ? &ref : NULL, &log, "gzip input through a descriptor", msg, msglen);
}

/* A reading through a descriptor (of gzip-compressed data, with gzip), compared with ref. */
static enum fuzz_verdict read_fd_compare(const char *name, const uint8_t *data, size_t size,
					 bool gzip, unsigned int batch, const struct read_log *ref,
					 char *msg, size_t msglen)
{
	uint8_t *gz = NULL;
	size_t gz_len = 0;
	struct read_log log;
	int rc;

	if (gzip && gzip_pass(true, data, size, &gz, &gz_len) != 0)
		return fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen, "cannot compress the input");
	log_init(&log, 0);
	rc = read_through_fd(name, NULL, 0, gz ? gz : data, gz ? gz_len : size, batch, &log);
	free(gz);
	if (rc != 0)
		return fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen, "cannot set up the file");
	return compare(ref, &log, gzip ? "gzip-compressed" : "through a descriptor", msg, msglen);
}

/*
 * Every input is read from memory twice, in the engine's batches and in
 * batches of 1 to 64 records.  A descriptor costs a 1 MiB buffer, which
 * the sanitizer's allocator maps and unmaps every time (the padded file
 * costs 1 MiB more): that made a reading through one cost fifty readings
 * from memory.  So one input in sixteen is also read through a descriptor
 * as it is, one in sixteen gzip-compressed and one in sixty-four across
 * the chunk boundary, chosen by the input's hash (the same input always
 * takes the same ways).
 */
enum fuzz_verdict fuzz_trace_input(const char *name, const uint8_t *data, size_t size,
				   char *msg, size_t msglen)
{
	uint64_t h = fnv_of(data, size);
	unsigned int batch = 1 + (unsigned int)(h % ENGINE_BATCH), way = (unsigned int)(h >> 8);
	struct read_log ref, log;
	enum fuzz_verdict v;

	if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b)
		return read_gzip_input(name, data, size, batch, msg, msglen);
	log_init(&ref, 0);
	log_init(&log, 0);
	if (read_memory(name, data, size, ENGINE_BATCH, &ref) != 0 ||
	    read_memory(name, data, size, batch, &log) != 0)
		return fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen, "cannot open from memory");
	if ((v = compare(NULL, &ref, "from memory", msg, msglen)) == FUZZ_BROKEN ||
	    (v = compare(&ref, &log, "from memory in other batches", msg, msglen)) == FUZZ_BROKEN)
		return v;
	if (way % 16 == 0 || way % 16 == 1)
		v = read_fd_compare(name, data, size, way % 16 == 1, batch, &ref, msg, msglen);
	if (v == FUZZ_BROKEN || size == 0 || way % 64 != 2)
		return v;
	return read_across_chunk(name, data, size, h, &ref, msg, msglen);
}
