/*
 * tests/fuzz/fuzz_inputs.h - what the fuzz targets do with one input.
 *
 * Each function takes one input as the fuzzer gives it (bytes, not a
 * string), runs it through the library the way numasim would, checks what
 * came out against the rules the project documents, and returns a
 * verdict.  Nothing here aborts or depends on libFuzzer: the fuzz targets
 * (tests/fuzz/fuzz_*.c) turn FUZZ_BROKEN into a crash, and the Check suite
 * (tests/check_fuzz.c) replays every input kept under tests/data/fuzz/
 * through the same functions, so a regression test runs exactly what the
 * fuzzer ran.  An MM_BUG_ON is not caught here: it goes to whatever bug
 * handler the caller installed.
 *
 * The bounds below limit the work one input may cause, so the fuzzer spends
 * its time on many inputs rather than on one; docs/fuzzing.md says why each
 * is what it is.  They cut the input, never the simulator's behaviour.
 *
 * No kernel counterpart: test scaffolding.
 */
#ifndef TESTS_FUZZ_FUZZ_INPUTS_H
#define TESTS_FUZZ_FUZZ_INPUTS_H

#include <stddef.h>
#include <stdint.h>

enum fuzz_verdict {
	FUZZ_ACCEPTED,		/* the input was valid and ran to its end */
	FUZZ_REFUSED,		/* bad input, refused with a well-formed message */
	FUZZ_SKIPPED,		/* a valid config above the boot limit: parsed, not booted */
	FUZZ_BROKEN,		/* the simulator (or a rule it documents) is wrong */
};

/* ---- the trace reader (fuzz_trace) ---- */

/*
 * Read every record of data as the engine does (in batches, every record of
 * a batch used only once the batch is complete) from a memory buffer in
 * batches of two sizes, and for some inputs (chosen by their hash) also
 * from a file descriptor (plain or gzip, as zlib decides), from the same
 * bytes gzip-compressed, or from a file in which the input straddles the
 * reader's chunk boundary.  Every way must give the same records and the
 * same errors, and every record must obey the format's syntax rules
 * (workloads/FORMAT.md).  A gzip input is read through a descriptor and,
 * when it is one whole gzip member, compared with its inflated text read
 * from memory.  Returns FUZZ_ACCEPTED (no error), FUZZ_REFUSED (errors,
 * all well-formed) or FUZZ_BROKEN with the reason in msg.
 */
enum fuzz_verdict fuzz_trace_input(const char *name, const uint8_t *data, size_t size,
				   char *msg, size_t msglen);

/* ---- the whole replay (fuzz_replay) ---- */

/* The fuzzed machine: 2 nodes of 16 MiB, 2 CPUs each. */
#define FUZZ_REPLAY_CONFIG \
	"{\"machine\": {\"nodes\": [{\"mem\": \"16M\", \"cpus\": 2}, {\"mem\": \"16M\", \"cpus\": 2}]}}"

/*
 * The bounds of one replay (docs/fuzzing.md): records replayed at most;
 * the latest @TIME (the vmstat shepherd runs every simulated second, so a
 * jump of a century is a century of daemon runs); bytes all the records
 * together may ask to fault in (touch, pin, get, mlock, mmap populate or
 * locked): twice the machine's memory, so memory does run out, but a
 * touch of 512M on this machine, a failing slow-path allocation per page,
 * does not run for seconds.
 */
#define FUZZ_REPLAY_MAX_RECORDS		256
#define FUZZ_REPLAY_MAX_TIME_NS		(1000ull * 1000000000ull)
#define FUZZ_REPLAY_MAX_FAULT_BYTES	(64ull << 20)

/*
 * How many bytes of data fuzz_replay_input() replays: the input up to (not
 * including) the first record that would break a bound.  A record the
 * reader refuses ends the scan (the replay stops there too).
 */
size_t fuzz_replay_prefix(const uint8_t *data, size_t size);

/*
 * Boot FUZZ_REPLAY_CONFIG, replay fuzz_replay_prefix() bytes of data with
 * every checker after every event (and every snapshot rendered), and
 * check the end: a replay that refused its input must have said
 * "NAME:LINE: message" and left the machine consistent (machine_check());
 * an invariant the engine found broken is FUZZ_BROKEN.
 */
enum fuzz_verdict fuzz_replay_input(const char *name, const uint8_t *data, size_t size,
				    char *msg, size_t msglen);

/* ---- the whole command (fuzz_run) ---- */

/*
 * Run fuzz_replay_prefix() bytes of data as "numasim run" does, through
 * sim_run() on FUZZ_REPLAY_CONFIG with every output on and every checker
 * after every event, in a scratch directory of its own (under $TMPDIR, or
 * /tmp), removed afterwards.  The run must exit 0 with every output
 * complete and well-formed, or 2 having created nothing.
 */
enum fuzz_verdict fuzz_run_input(const char *name, const uint8_t *data, size_t size,
				 char *msg, size_t msglen);

/* ---- the config loader (fuzz_config) ---- */

/*
 * Machines larger than this (present memory, or the end of the physical
 * address map) are parsed but not booted: legitimate, but booting one
 * costs more time (and host memory) than the fuzzer should spend on it.
 */
#define FUZZ_CONFIG_MAX_BOOT_BYTES	(1ull << 30)
#define FUZZ_CONFIG_MAX_END_BYTES	(64ull << 30)

/*
 * Load data as a JSON config (sim_config_load_string()); a refusal must
 * read "NAME: ...".  An accepted config within the limits above is booted:
 * machine_boot() must succeed or say why, the booted machine must pass
 * machine_check(), and every /proc view is rendered before
 * machine_release().
 */
enum fuzz_verdict fuzz_config_input(const char *name, const uint8_t *data, size_t size,
				    char *msg, size_t msglen);

/*
 * The kernel's trace text (workloads/ftrace.c) read from memory line by
 * line, each line parsed and each kmem event decoded, the rules of
 * tests/fuzz/ftrace_input.c checked.  FUZZ_ACCEPTED (every line read),
 * FUZZ_REFUSED (some line bad, with its reason) or FUZZ_BROKEN.
 */
enum fuzz_verdict fuzz_ftrace_input(const char *name, const uint8_t *data, size_t size,
				    char *msg, size_t msglen);

#endif /* TESTS_FUZZ_FUZZ_INPUTS_H */
