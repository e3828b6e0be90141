/*
 * tests/fuzz/fuzz_run.c - libFuzzer target: the whole "numasim run"
 * (sim_run(): boot, replay with every checker after every event, every
 * output written) on a small machine; fuzz_run_input() in
 * tests/fuzz/run_input.c.
 *
 * Built and run by `make fuzz` (docs/fuzzing.md).  No kernel counterpart.
 */
#include "tests/fuzz/fuzz_target.h"

FUZZ_TARGET(fuzz_run_input)
