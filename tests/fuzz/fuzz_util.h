/*
 * tests/fuzz/fuzz_util.h - helpers the fuzz inputs' runners share
 * (tests/fuzz/trace_input.c, replay_input.c, config_input.c): the
 * verdict's message, the shape of numasim's error messages, rendering every
 * /proc view.
 *
 * No kernel counterpart: test scaffolding.
 */
#ifndef TESTS_FUZZ_FUZZ_UTIL_H
#define TESTS_FUZZ_FUZZ_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "tests/fuzz/fuzz_inputs.h"

struct machine;

/* Format msg and return v: "return fuzz_verdict_msg(FUZZ_BROKEN, msg, len, ...)". */
enum fuzz_verdict fuzz_verdict_msg(enum fuzz_verdict v, char *msg, size_t msglen,
				   const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * Does text read "NAME:LINE: message" (LINE a decimal > 0, message not
 * empty), as every trace error must?  *line gets LINE, *rest the message.
 */
bool fuzz_is_line_message(const char *text, const char *name, unsigned long *line,
			  const char **rest);

/*
 * Does text read "NAME: message", as every config error must (or
 * "NAME:LINE: message", as a JSON syntax error does)?
 */
bool fuzz_is_file_message(const char *text, const char *name);

/*
 * Render every view a snapshot writes (the /proc and debugfs files, each
 * node's meminfo, each task's numa_maps) to /dev/null: the formatting code
 * runs under the sanitizers without touching the disk.  Returns 0, or -1
 * if /dev/null cannot be opened.
 */
int fuzz_render_views(const struct machine *m);

#endif /* TESTS_FUZZ_FUZZ_UTIL_H */
