/*
 * sim/verb_line.h - run one line of trace text (a verb and its
 * key=value arguments) on an engine, as the record FILE:LINE: what the
 * shell does with a line it does not know as a command, and what a lab
 * does to build its exercise.
 *
 * No kernel counterpart.
 */
#ifndef SIM_VERB_LINE_H
#define SIM_VERB_LINE_H

#include <stddef.h>

#include "sim/engine.h"

/*
 * Read text as trace line `line` of file `file` and replay it.  Returns
 * ENGINE_OK, or another status with the message ("file:line: ...") in
 * msg: ENGINE_BAD_INPUT for a line the reader or the verb refuses,
 * ENGINE_INTERNAL for a broken invariant.
 */
enum engine_status sim_replay_line(struct engine *e, const char *file, unsigned long line,
				   const char *text, char *msg, size_t msg_len);

#endif /* SIM_VERB_LINE_H */
