/*
 * tests/fuzz/replay_input.c - one fuzz input replayed as a trace on a small
 * machine (fuzz_replay_input(), see fuzz_inputs.h).
 *
 * The replay goes through the library as `numasim run --check=1` does
 * (sim_config_load_string(), machine_boot(), engine_init(),
 * engine_replay()), without the output directory: a snapshot renders every
 * view to /dev/null instead of writing files.  The oracle is the project's
 * contract for bad input and its invariants: an input is either replayed
 * to its end or refused with "NAME:LINE: message"; the checkers pass after
 * every event, and after a refused one too (a failing system call leaves
 * the machine as consistent as the kernel's does); an MM_BUG_ON goes to the
 * caller's bug handler.
 *
 * Invariant: the machine, the engine and the reader are released on every
 * path, so a leak the sanitizer finds is the simulator's.
 *
 * No kernel counterpart: test scaffolding.
 */
#include "tests/fuzz/fuzz_inputs.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/check.h"
#include "mm/mm_init.h"
#include "sim/config.h"
#include "sim/engine.h"
#include "tests/fuzz/fuzz_util.h"
#include "workloads/trace.h"

/* ---- bounding the work ---- */

/* A flag word of rec (a bare word, no value). */
static bool trace_record_has(const struct trace_record *rec, const char *word)
{
	for (unsigned int i = 0; i < rec->nr_args; i++)
		if (!rec->args[i].value && !strcmp(rec->args[i].key, word))
			return true;
	return false;
}

/* What the records replayed so far may cost: counted against the bounds. */
struct replay_budget {
	unsigned long nr_records;
	uint64_t fault_bytes;
};

/*
 * Bytes of memory rec asks the machine to fault in: the length of a touch,
 * pin or get (one byte by default), an mlock (without onfault), an mmap
 * with populate or locked; 0 for anything else, and for a length the engine
 * will refuse anyway.
 */
static uint64_t record_fault_bytes(const struct trace_record *rec)
{
	const char *len = trace_record_get(rec, "len");
	bool faults = !strcmp(rec->verb, "touch") || !strcmp(rec->verb, "pin") ||
		      !strcmp(rec->verb, "get");
	uint64_t bytes = 1;

	if (!strcmp(rec->verb, "mlock"))
		faults = !trace_record_has(rec, "onfault");
	else if (!strcmp(rec->verb, "mmap"))
		faults = trace_record_has(rec, "populate") || trace_record_has(rec, "locked");
	if (!faults || (len && trace_parse_u64(len, true, &bytes) != 0))
		return 0;
	return bytes;
}

/* Does rec stay within the bounds, with what came before it?  Counts it if so. */
static bool record_in_bounds(struct replay_budget *b, const struct trace_record *rec)
{
	uint64_t fault_bytes = record_fault_bytes(rec);

	if (b->nr_records == FUZZ_REPLAY_MAX_RECORDS ||
	    (rec->has_time && rec->time_ns > FUZZ_REPLAY_MAX_TIME_NS) ||
	    fault_bytes > FUZZ_REPLAY_MAX_FAULT_BYTES - b->fault_bytes)
		return false;
	b->nr_records++;
	b->fault_bytes += fault_bytes;
	return true;
}

/* The offset of the first byte of line (1-based) in data. */
static size_t line_start(const uint8_t *data, size_t size, unsigned long line)
{
	size_t off = 0;

	while (--line > 0) {
		const uint8_t *nl = memchr(data + off, '\n', size - off);

		if (!nl)
			return size;
		off = (size_t)(nl - data) + 1;
	}
	return off;
}

size_t fuzz_replay_prefix(const uint8_t *data, size_t size)
{
	struct trace_reader *r = trace_reader_open_memory("prefix", (const char *)data, size);
	struct replay_budget budget = { 0 };
	struct trace_record rec;
	char err[256];
	size_t cut = size;

	if (!r)
		return 0;
	while (trace_reader_next(r, &rec, err, sizeof(err)) == 1) {
		if (!record_in_bounds(&budget, &rec)) {
			cut = line_start(data, size, rec.line);
			break;
		}
	}
	trace_reader_close(r);
	return cut;
}

/* ---- the replay ---- */

/* A snapshot: every view rendered (and dropped). */
static int render_snapshot(void *ctx, const char *name, const struct machine *m,
			   char *err, size_t errlen)
{
	(void)ctx;
	(void)name;
	if (fuzz_render_views(m) == 0)
		return 0;
	snprintf(err, errlen, "cannot open /dev/null");
	return -1;
}

/* The end of a replay that stopped with st: the verdict. */
static enum fuzz_verdict replay_verdict(const char *name, struct engine *e,
					enum engine_status st, char *msg, size_t msglen)
{
	unsigned long line;
	const char *rest;
	char check_msg[512];

	if (st == ENGINE_OK)
		return fuzz_render_views(e->m) == 0 ? FUZZ_ACCEPTED :
		       fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen, "cannot open /dev/null");
	if (st != ENGINE_BAD_INPUT)
		return fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen, "replay: status %d: %s", (int)st,
					e->msg);
	if (!fuzz_is_line_message(e->msg, name, &line, &rest))
		return fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen,
					"bad input refused with a malformed message '%s'", e->msg);
	if (machine_check(e->m, check_msg, sizeof(check_msg)) != 0)
		return fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen,
					"invariant broken after the refused event (%s): %s",
					e->msg, check_msg);
	return fuzz_verdict_msg(FUZZ_REFUSED, msg, msglen, "%s", e->msg);
}

/* Replay the first len bytes of data on the booted m. */
static enum fuzz_verdict replay_on(struct machine *m, const char *name, const uint8_t *data,
				   size_t len, char *msg, size_t msglen)
{
	const struct engine_opts opts = { .check_every = 1, .snapshot = render_snapshot };
	struct engine *e = calloc(1, sizeof(*e));
	struct trace_reader *r = trace_reader_open_memory(name, (const char *)data, len);
	enum fuzz_verdict v;
	enum engine_status st;

	if (!e || !r) {
		free(e);
		trace_reader_close(r);
		return fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen, "out of memory");
	}
	st = engine_init(e, m, &opts);
	if (st == ENGINE_OK) {
		st = engine_replay(e, r);
		v = replay_verdict(name, e, st, msg, msglen);
	} else {
		v = fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen, "engine_init: %s", e->msg);
	}
	engine_release(e);
	free(e);
	trace_reader_close(r);
	return v;
}

enum fuzz_verdict fuzz_replay_input(const char *name, const uint8_t *data, size_t size,
				    char *msg, size_t msglen)
{
	struct machine *m = calloc(1, sizeof(*m));
	struct mm_boot_params p;
	enum fuzz_verdict v;
	char err[512];

	if (!m)
		return fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen, "out of memory");
	if (sim_config_load_string("fuzz-machine", FUZZ_REPLAY_CONFIG, &p, err, sizeof(err)) != 0 ||
	    machine_boot(m, &p, err, sizeof(err)) != 0) {
		free(m);
		return fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen, "cannot boot: %s", err);
	}
	v = replay_on(m, name, data, fuzz_replay_prefix(data, size), msg, msglen);
	machine_release(m);
	free(m);
	return v;
}
