/*
 * tests/fuzz/fuzz_ftrace.c - libFuzzer target: the kernel trace text reader
 * (workloads/ftrace.c, workloads/line_reader.c); fuzz_ftrace_input() in
 * tests/fuzz/ftrace_input.c.
 *
 * Built and run by `make fuzz` (docs/fuzzing.md).  No kernel counterpart.
 */
#include "tests/fuzz/fuzz_target.h"

FUZZ_TARGET(fuzz_ftrace_input)
