/*
 * sim/engine.h - replaying a trace against a booted machine.
 *
 * The engine reads records from a trace reader, looks each verb up in its
 * verb table, checks the record's keys against the verb's row and calls the
 * verb's handler, which calls into mm/.  Between events it runs what the
 * kernel would run asynchronously (kswapd), advances the virtual clock and,
 * every N events, the whole-machine checkers.
 *
 * Adding a verb: write a handler (in a new sim/verbs_*.c file for a new
 * subsystem), declare it in sim/verbs.h and add a row to engine_verbs[] in
 * sim/engine.c.  A row lists key=value keys and flag words (bare words
 * like "write").  The reader (workloads/trace.c) never changes.
 *
 * Results: a handler returns ENGINE_OK, or engine_bad_input() which fills
 * the engine's message with "FILE:LINE: message" and returns
 * ENGINE_BAD_INPUT.  A broken invariant found by the checker is
 * ENGINE_INTERNAL with "numasim: invariant broken after event FILE:LINE: ...".
 *
 * Linux counterpart: none; the engine stands in for the processes and
 * kernel threads that call the allocator.
 */
#ifndef SIM_ENGINE_H
#define SIM_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mm/mmzone.h"
#include "sim/alloc_ids.h"
#include "workloads/trace.h"

enum engine_status {
	ENGINE_OK = 0,
	ENGINE_OUTPUT = 1,		/* an output file could not be written: exit status 1 */
	ENGINE_BAD_INPUT = 2,		/* the trace is wrong: exit status 2 */
	ENGINE_INTERNAL = 3,		/* the simulator is wrong: exit status 3 */
};

#define NR_ELEMS(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * Keys a verb accepts: at most ENGINE_MAX_KEYS, the required ones marked.
 * A flag key is a bare word ("write"): present or not, never key=value.
 */
#define ENGINE_MAX_KEYS	16

struct engine_key {
	const char *name;
	bool required;
	bool flag;
};

struct engine;

/*
 * vals[i] is the value given for keys[i] of the verb's row, or NULL when the
 * record does not have that key; "" for a flag key that is present.  A verb
 * with any_keys set gets NULL vals and reads rec->args itself.
 */
typedef enum engine_status (*engine_handler_t)(struct engine *e, const struct trace_record *rec,
					       const char *const *vals);

struct engine_verb {
	const char *name;
	engine_handler_t handler;
	struct engine_key keys[ENGINE_MAX_KEYS];	/* ends at a NULL name */
	bool any_keys;		/* keys are data (sysctl names): no key check */
};

/*
 * Called for each "snapshot name=NAME" event, after the name was checked.
 * Returns 0, or -1 with the whole message in err (the replay stops with
 * ENGINE_OUTPUT: the output could not be written).
 */
typedef int (*engine_snapshot_fn)(void *ctx, const char *name, const struct machine *m,
				  char *err, size_t errlen);

/*
 * Called every sample_every events, and once after the last event unless
 * that one was just sampled (so a replay of 0 events still gets one call),
 * with the events replayed so far and the virtual clock.
 */
typedef void (*engine_sample_fn)(void *ctx, const struct machine *m, unsigned long nr_events,
				 uint64_t now_ns);

/* A small cache of parsed gfp strings, keyed by the exact text. */
#define GFP_CACHE_SLOTS	64

struct gfp_cache_entry {
	char *text;		/* NULL: empty slot */
	gfp_t gfp;
};

/*
 * Names a trace gives to things that live across events: the address of an
 * "mmap id=NAME", the pages of a "pin id=NAME".  A table is kept sorted by
 * name (binary search, so lookups cost the same on every run).
 */
struct engine_name {
	char *name;
	uint64_t addr;		/* addr_names: the mapping's start */
	void *data;		/* pins: what verbs_proc.c keeps for the pin */
};

struct engine_names {
	struct engine_name *v;
	size_t nr;
	size_t cap;
};

struct engine_opts {
	unsigned long check_every;	/* run machine_check() every N events; 0: never */
	engine_snapshot_fn snapshot;	/* may be NULL: snapshots are checked, not written */
	void *snapshot_ctx;
	unsigned long sample_every;	/* call sample every N events; 0: never */
	engine_sample_fn sample;
	void *sample_ctx;
};

struct engine {
	struct machine *m;
	struct engine_opts opts;
	unsigned long nr_events;	/* records replayed so far */
	struct alloc_ids ids;
	struct gfp_cache_entry gfp_cache[GFP_CACHE_SLOTS];
	char **snapshot_names;		/* in the order they were taken */
	size_t nr_snapshots;
	size_t snapshot_cap;
	struct engine_names addr_names;	/* mmap id=NAME -> address (addr=@NAME) */
	struct engine_names pins;	/* pin/get id=NAME -> the pinned pages */
	const char *last_file;		/* where the last replayed record came from */
	unsigned long last_line;
	char msg[1024];			/* the message of the last failure */
};


void engine_init(struct engine *e, struct machine *m, const struct engine_opts *opts);
void engine_release(struct engine *e);

/*
 * Replay every record of r.  Returns ENGINE_OK, or ENGINE_BAD_INPUT /
 * ENGINE_OUTPUT / ENGINE_INTERNAL with the message in e->msg.  With check_every set, the
 * checkers also run once after the last record; with sample_every set, the
 * sample callback too (see engine_sample_fn).
 */
enum engine_status engine_replay(struct engine *e, struct trace_reader *r);

/* ---- helpers for verb handlers ---- */

/* Fill e->msg with "FILE:LINE: message" and return ENGINE_BAD_INPUT. */
enum engine_status engine_bad_input(struct engine *e, const struct trace_record *rec,
				    const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Fill e->msg with "numasim: message" and return ENGINE_INTERNAL. */
enum engine_status engine_internal(struct engine *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Parse the value of key (text) as an unsigned number no larger than max.
 * On failure fills e->msg ("bad value 'x' for order" / "order 11 out of
 * range (0..10)") and returns ENGINE_BAD_INPUT.
 */
enum engine_status engine_parse_uint(struct engine *e, const struct trace_record *rec,
				     const char *key, const char *text, uint64_t max,
				     uint64_t *out);

/* Parse a gfp mask through the cache; a bad mask is ENGINE_BAD_INPUT. */
enum engine_status engine_parse_gfp(struct engine *e, const struct trace_record *rec,
				    const char *text, gfp_t *out);

/* ---- helpers of the process verbs (sim/verbs_proc_parse.c) ---- */

/* A size: a number with an optional K, M, G or T suffix (powers of 1024). */
enum engine_status engine_parse_size(struct engine *e, const struct trace_record *rec,
				     const char *key, const char *text, uint64_t *out);

/*
 * An address: a size as above, or @NAME or @NAME+SIZE, NAME being the id=
 * of an earlier mmap.  Unknown names and overflow are ENGINE_BAD_INPUT.
 */
enum engine_status engine_parse_addr(struct engine *e, const struct trace_record *rec,
				     const char *key, const char *text, uint64_t *out);

/* cpu=N: a CPU of the machine. */
enum engine_status engine_parse_cpu(struct engine *e, const struct trace_record *rec,
				    const char *text, int *cpu);

/* prot=: "none", or some of r, w, x (each once): PROT_READ|PROT_WRITE|PROT_EXEC. */
enum engine_status engine_parse_prot(struct engine *e, const struct trace_record *rec,
				     const char *text, unsigned long *prot);

/* A node list "0-1,3" of nodes the machine has (the kernel's list syntax). */
enum engine_status engine_parse_nodelist(struct engine *e, const struct trace_record *rec,
					 const char *text, nodemask_t *out);

/*
 * Which of words[0..nr) text is: its index, or ENGINE_BAD_INPUT with
 * "bad value 'x' for key (a, b or c)".
 */
enum engine_status engine_parse_word(struct engine *e, const struct trace_record *rec,
				     const char *key, const char *text,
				     const char *const *words, unsigned int nr, unsigned int *out);

/* The entry called name, or NULL. */
struct engine_name *engine_name_find(const struct engine_names *t, const char *name);
/* The entry called name, added (addr 0, data NULL) if new; NULL when out of memory. */
struct engine_name *engine_name_get(struct engine_names *t, const char *name);
/* Remove an entry found above (its data is the caller's to free first). */
void engine_name_remove(struct engine_names *t, struct engine_name *entry);
/* Free every entry, calling free_data on the data of each (if not NULL). */
void engine_names_release(struct engine_names *t, void (*free_data)(void *data));

#endif /* SIM_ENGINE_H */
