/*
 * tests/fuzz/fuzz_config.c - libFuzzer target: the config loader
 * (sim/config.c), then machine_boot(), the checkers and machine_release();
 * fuzz_config_input() in tests/fuzz/config_input.c.
 *
 * Built and run by `make fuzz` (docs/fuzzing.md).  No kernel counterpart.
 */
#include "tests/fuzz/fuzz_target.h"

FUZZ_TARGET(fuzz_config_input)
