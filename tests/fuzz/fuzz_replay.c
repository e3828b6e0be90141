/*
 * tests/fuzz/fuzz_replay.c - libFuzzer target: the whole replay (boot,
 * engine_replay() with every checker after every event) on a small
 * machine; fuzz_replay_input() in tests/fuzz/replay_input.c.
 *
 * Built and run by `make fuzz` (docs/fuzzing.md).  No kernel counterpart.
 */
#include "tests/fuzz/fuzz_target.h"

FUZZ_TARGET(fuzz_replay_input)
