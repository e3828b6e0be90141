/*
 * sim/import_sink.h - where the events `numasim import ftrace` makes go:
 * the lines of a numasim trace written to a file, or trace records handed
 * to a replay engine in batches (`numasim run --ftrace`), so that a replay
 * of a kernel trace neither formats text nor tokenizes it again.
 *
 * An event is sink_begin(), its key=value arguments in order (sink_u64(),
 * sink_hex(), sink_id(), sink_word()), then sink_end().  A record holds
 * exactly what its line says ("@TIME VERB key=value ..."), the time as
 * nanoseconds, so the two forms replay alike.
 *
 * No kernel counterpart.
 */
#ifndef SIM_IMPORT_SINK_H
#define SIM_IMPORT_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/engine.h"

struct import_sink {
	struct engine *engine;		/* NULL: text to f */
	/* text */
	FILE *f;
	char *out;			/* IMPORT_SINK_OUT_BYTES */
	size_t out_len;
	char *p;			/* the line being written */
	bool write_error;
	/* records */
	struct trace_record *recs;	/* a batch */
	unsigned int nr_recs;
	char *arena;			/* their values, NUL-terminated */
	size_t arena_used;
	char *v;			/* where the next value goes */
	const char *file;		/* the records' file name */
	enum engine_status status;	/* the first failure of the engine */
};

/* Text to f.  Returns 0, or -1 out of memory. */
int sink_init_text(struct import_sink *s, FILE *f);

/* Records for e, naming file.  Returns 0, or -1 out of memory. */
int sink_init_engine(struct import_sink *s, struct engine *e, const char *file);

void sink_release(struct import_sink *s);

/*
 * Start the event verb (a string constant) of input line at ns; room is
 * made for extra bytes of sink_word() text besides the fixed fields.
 */
void sink_begin(struct import_sink *s, uint64_t ns, const char *verb, size_t verb_len,
		unsigned long line, size_t extra);
void sink_u64(struct import_sink *s, const char *key, size_t key_len, uint64_t v);
void sink_hex(struct import_sink *s, const char *key, size_t key_len, uint64_t v);
void sink_word(struct import_sink *s, const char *key, size_t key_len, const char *text,
	       size_t len);
/* id=aID, or id=aID.PIECE for a piece (piece >= 0) */
void sink_id(struct import_sink *s, uint64_t id, int32_t piece);
void sink_end(struct import_sink *s);

/* The same with the lengths of string constants. */
#define SINK_BEGIN(s, ns, verb, line, extra)	sink_begin(s, ns, verb, sizeof(verb) - 1, line, extra)
#define SINK_U64(s, key, v)		sink_u64(s, key, sizeof(key) - 1, v)
#define SINK_HEX(s, key, v)		sink_hex(s, key, sizeof(key) - 1, v)
#define SINK_WORD(s, key, text, len)	sink_word(s, key, sizeof(key) - 1, text, len)

/*
 * Text only: bytes as they are (the header), and the buffer written out.
 * Records: sink_flush() replays the batch; afterwards s->status says how
 * the engine fared.
 */
void sink_write(struct import_sink *s, const char *text, size_t len);
void sink_flush(struct import_sink *s);

#endif /* SIM_IMPORT_SINK_H */
