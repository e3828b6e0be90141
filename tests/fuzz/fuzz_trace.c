/*
 * tests/fuzz/fuzz_trace.c - libFuzzer target: the trace reader
 * (workloads/trace.c) from memory, from a descriptor, gzip-compressed and
 * across its chunk boundary; fuzz_trace_input() in tests/fuzz/trace_input.c.
 *
 * Built and run by `make fuzz` (docs/fuzzing.md).  No kernel counterpart.
 */
#include "tests/fuzz/fuzz_target.h"

FUZZ_TARGET(fuzz_trace_input)
