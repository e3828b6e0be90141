/*
 * sim/engine.h - replaying a trace against a booted machine.
 *
 * The engine reads records from a trace reader, looks each verb up among
 * the verbs of its families, checks the record's keys against the verb's
 * row and calls the verb's handler, which calls into mm/.  Between events
 * it runs what the kernel would run asynchronously (kswapd), advances the
 * virtual clock and, every N events, the whole-machine checkers.
 *
 * Families: the verbs come in families (struct engine_family), one per
 * subsystem: its verbs, the state they keep across events, how to set up
 * and free that state, and optional hooks.  The engine knows them only
 * through the registry, engine_families[] (sim/verbs.c): it gives each
 * family its own state at engine_init() and frees it at engine_release().
 * A handler reaches its family's state with engine_family_state().
 *
 * Adding a verb: write a handler and its row (struct engine_verb) in the
 * family's sim/verbs_*.c file and list the row in the family's verbs.  A
 * row lists key=value keys and flag words (bare words like "write").  A new
 * subsystem is a new sim/verbs_*.c file with its family row, declared in
 * sim/verbs.h and listed in the registry.  Neither the engine nor the
 * reader (workloads/trace.c) changes.
 *
 * Results: a handler returns ENGINE_OK, or engine_bad_input() which fills
 * the engine's message with "FILE:LINE: message" and returns
 * ENGINE_BAD_INPUT.  A broken invariant found by the checker is
 * ENGINE_INTERNAL with "numasim: invariant broken after event FILE:LINE: ...".
 * The values of a record are parsed by sim/args.h, with the same messages.
 *
 * Linux counterpart: none; the engine stands in for the processes and
 * kernel threads that call the allocator.
 */
#ifndef SIM_ENGINE_H
#define SIM_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mm/mmzone.h"
#include "workloads/trace.h"

struct progress;

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
 * The look-ahead: replay reads records in batches and tells a record's
 * family about it three times before its turn, so that what the record
 * will touch is loaded while earlier records run.  FAR comes several tens
 * of records ahead: start loading the family's own index (a name's slot).
 * MID comes when that is in cache: start loading what the slot names (an
 * mm/ handle's slot).  NEAR comes a few records ahead: start loading what
 * that points to (the frames).  The first records of a batch get no MID or
 * NEAR call.
 */
enum engine_ahead {
	ENGINE_AHEAD_FAR,
	ENGINE_AHEAD_MID,
	ENGINE_AHEAD_NEAR,
};

/*
 * A family: the verbs of one subsystem and the state they share.  The
 * engine gives every family state_size bytes of its own, zeroed, then
 * calls init; release frees what the state holds (host memory only: the
 * machine may be gone by then), and the engine frees the state itself.
 */
struct engine_family {
	const char *name;
	const struct engine_verb *const *verbs;	/* ends at NULL */
	size_t state_size;			/* 0: no state (the state is NULL) */
	int (*init)(void *state);		/* 0 or -ENOMEM; NULL: zeroed is ready */
	void (*release)(void *state);		/* NULL: nothing to free */
	/*
	 * May be NULL.  Must only start loads: it may not change anything,
	 * and rec (v's record) may turn out to be past an input error.
	 * *scratch is the record's own word from FAR to its turn (0 at FAR),
	 * where one stage leaves what the next needs (a parsed name, a handle).
	 * MID and NEAR come only while it is not 0: a record the family left
	 * nothing for costs no later call.
	 */
	void (*lookahead)(const struct engine *e, const void *state, const struct engine_verb *v,
			  const struct trace_record *rec, enum engine_ahead ahead,
			  uint64_t *scratch);
	/*
	 * May be NULL.  Asked before the handler, once the OOM killer has
	 * killed some task, about a record whose pid= names no live task but
	 * one the OOM killer killed: ENGINE_OK with *skip set drops the
	 * record (the family counts it), ENGINE_OK alone lets the handler
	 * run (and report the pid), anything else stops the replay.
	 */
	enum engine_status (*killed_task)(struct engine *e, void *state,
					  const struct engine_verb *v,
					  const struct trace_record *rec, int pid, bool *skip);
};

/* The registry (sim/verbs.c): every family a trace may use, in dispatch order. */
extern const struct engine_family *const engine_families[];
extern const size_t engine_nr_families;

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

struct engine_opts {
	unsigned long check_every;	/* run machine_check() every N events; 0: never */
	engine_snapshot_fn snapshot;	/* may be NULL: snapshots are checked, not written */
	void *snapshot_ctx;
	unsigned long sample_every;	/* call sample every N events; 0: never */
	engine_sample_fn sample;
	void *sample_ctx;
	/*
	 * A followed replay (numasim run --follow, workloads/FORMAT.md 4.4):
	 * alloc pfn=P places its block at P, free pfn= and extfrag apply.
	 * Its inconsistencies are reported on follow_log (the first few of
	 * each kind; NULL: counted only).
	 */
	bool follow;
	FILE *follow_log;
	struct progress *progress;	/* may be NULL: told after every batch of records */
	/* The families to serve; NULL: the registry (tests give their own). */
	const struct engine_family *const *families;
	size_t nr_families;
};

/* One family of an engine and its state. */
struct engine_family_slot {
	const struct engine_family *family;
	void *state;		/* NULL until init succeeded, and for state_size 0 */
};

/*
 * A name of at most seven bytes as one word, its NUL included, and the
 * mask of those bytes: a word read from a record's string (word_readable)
 * equals the name when (read & mask) == word.  mask 0: a longer name,
 * compared byte by byte.
 */
struct engine_name_word {
	uint64_t word;
	uint64_t mask;
};

/* A verb the engine serves, with its family. */
struct engine_verb_ref {
	const struct engine_verb *verb;
	const struct engine_family_slot *slot;
	struct engine_name_word name;
};

/*
 * What the key match needs of a verb's row, worked out once at
 * engine_init(): its keys as words, which are required and which are
 * flags (bit k: keys[k]), and the key index each argument position had
 * last (records of one verb mostly list the same keys in the same order).
 */
struct engine_verb_keys {
	struct engine_name_word key[ENGINE_MAX_KEYS];
	uint32_t required;
	uint32_t flags;
	unsigned int nr_keys;
	uint8_t hint[ENGINE_MAX_KEYS];
};

struct engine {
	struct machine *m;
	struct engine_opts opts;
	unsigned long nr_events;	/* records replayed so far */
	struct engine_family_slot *families;	/* in registry order */
	size_t nr_families;
	/* Every verb, grouped by first byte: verb_first[c]..verb_first[c + 1]. */
	struct engine_verb_ref *verbs;
	uint16_t verb_first[257];
	/* Per verb (as verbs[]): its row's keys, prepared for matching. */
	struct engine_verb_keys *verb_keys;
	const char *last_file;		/* where the last replayed record came from */
	unsigned long last_line;
	char msg[1024];			/* the message of the last failure */
};

/*
 * Set e up to replay on m: every family's state, the verb index.  m may be
 * NULL for an engine that only checks records (engine_check_record()) and
 * never replays.  Returns
 * ENGINE_OK, or ENGINE_INTERNAL with the message in e->msg (out of memory,
 * or two families registering the same verb name).  engine_release() is
 * due either way.
 */
enum engine_status engine_init(struct engine *e, struct machine *m, const struct engine_opts *opts);
void engine_release(struct engine *e);

/*
 * Replay every record of r.  Returns ENGINE_OK, or ENGINE_BAD_INPUT /
 * ENGINE_OUTPUT / ENGINE_INTERNAL with the message in e->msg.  With check_every set, the
 * checkers also run once after the last record; with sample_every set, the
 * sample callback too (see engine_sample_fn).
 */
enum engine_status engine_replay(struct engine *e, struct trace_reader *r);

/*
 * The same in steps, for records that come from elsewhere (an importer):
 * replay n records (at most ENGINE_REPLAY_BATCH, which may look ahead
 * within them; their strings must stay valid until it returns), as often
 * as needed, then engine_replay_end() once.  Each returns ENGINE_OK or a
 * failure as engine_replay() does.
 */
#define ENGINE_REPLAY_BATCH	256
enum engine_status engine_replay_records(struct engine *e, const struct trace_record *recs, int n);
enum engine_status engine_replay_end(struct engine *e);

/*
 * What a replay checks of rec before it runs its verb, without running it:
 * the verb is one e serves (*ref, its entry in e->verbs; NULL if not) and
 * the record's keys and flag words are the verb's row's.  Returns
 * ENGINE_OK, or ENGINE_BAD_INPUT with "FILE:LINE: message" in e->msg.
 * The values are not looked at.
 */
enum engine_status engine_check_record(struct engine *e, const struct trace_record *rec,
				       const struct engine_verb_ref **ref);

/* ---- helpers for verb handlers ---- */

/*
 * The state of family f in e (NULL if f has none or is not one of e's).
 * The registry's first families are found first.
 */
static inline void *engine_family_state(const struct engine *e, const struct engine_family *f)
{
	for (size_t i = 0; i < e->nr_families; i++)
		if (e->families[i].family == f)
			return e->families[i].state;
	return NULL;
}

/* Fill e->msg with "FILE:LINE: message" and return ENGINE_BAD_INPUT. */
enum engine_status engine_bad_input(struct engine *e, const struct trace_record *rec,
				    const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Fill e->msg with "numasim: message" and return ENGINE_INTERNAL. */
enum engine_status engine_internal(struct engine *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Fill e->msg with msg as it is (it names the file) and return ENGINE_OUTPUT. */
enum engine_status engine_output_failed(struct engine *e, const char *msg);

#endif /* SIM_ENGINE_H */
