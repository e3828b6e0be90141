/*
 * sim/config_shell.c - the embedded machine of `numasim shell`.
 *
 * A teaching machine is small enough that `show map` draws every page:
 * one node of 16 MiB (4096 pages of 4 KiB, eight 2 MiB pageblocks), two
 * CPUs, the linux-6.1 profile; every other key keeps the schema's default
 * (docs/config.md).  -c and --set change it as they change a run's.
 *
 * Linux counterpart: none (the firmware tables of a boot).
 */
#include "sim/config.h"

const char sim_shell_config_json[] =
	"{\n"
	"  \"machine\": {\n"
	"    \"nodes\": [ {\"mem\": \"16M\", \"cpus\": 2} ]\n"
	"  },\n"
	"  \"kernel\": { \"profile\": \"linux-6.1\" }\n"
	"}\n";
