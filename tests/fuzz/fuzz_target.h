/*
 * tests/fuzz/fuzz_target.h - the libFuzzer side shared by the fuzz targets
 * (tests/fuzz/fuzz_{trace,replay,config}.c).
 *
 * A target is one line: FUZZ_TARGET(fuzz_trace_input) makes
 * LLVMFuzzerInitialize() install a bug handler that aborts (sim/main.c's
 * handler exits, which the fuzzer would not report as a crash) and
 * LLVMFuzzerTestOneInput() run the input and abort on FUZZ_BROKEN, after
 * printing why.  Every input is named FUZZ_INPUT_NAME in messages.
 *
 * No kernel counterpart: test scaffolding.
 */
#ifndef TESTS_FUZZ_FUZZ_TARGET_H
#define TESTS_FUZZ_FUZZ_TARGET_H

#include <stddef.h>
#include <stdint.h>

#include "tests/fuzz/fuzz_inputs.h"

#define FUZZ_INPUT_NAME	"fuzz-input"

typedef enum fuzz_verdict (*fuzz_input_fn)(const char *name, const uint8_t *data, size_t size,
					   char *msg, size_t msglen);

/* Install the aborting bug handler. */
void fuzz_target_init(void);

/* Run one input through fn; abort with the message if it is FUZZ_BROKEN. */
void fuzz_target_run(fuzz_input_fn fn, const uint8_t *data, size_t size);

#define FUZZ_TARGET(fn)								\
	int LLVMFuzzerInitialize(int *argc, char ***argv);			\
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);		\
	int LLVMFuzzerInitialize(int *argc, char ***argv)			\
	{									\
		(void)argc;							\
		(void)argv;							\
		fuzz_target_init();						\
		return 0;							\
	}									\
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)		\
	{									\
		fuzz_target_run((fn), data, size);				\
		return 0;							\
	}

#endif /* TESTS_FUZZ_FUZZ_TARGET_H */
