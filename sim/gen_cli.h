/*
 * sim/gen_cli.h - the options of the `numasim gen` kinds that have their
 * own (docs/cli.md), and the option helpers every subcommand shares.
 *
 * sim/gen_main.c owns `gen`: it dispatches `gen KIND` here for the
 * parsing, then prints the messages and writes the trace.  No kernel
 * counterpart.
 */
#ifndef SIM_GEN_CLI_H
#define SIM_GEN_CLI_H

#include <getopt.h>
#include <stddef.h>
#include <stdint.h>

#include "workloads/gen_compaction_test.h"
#include "workloads/gen_mem_on_off.h"
#include "workloads/gen_fragmenter.h"
#include "workloads/gen_memhog.h"
#include "workloads/gen_kernel_build.h"
#include "workloads/gen_pingpong.h"
#include "workloads/gen_stream.h"
#include "workloads/gen_thpchallenge.h"

/* The synopsis line and the option list of `gen memhog --help`. */
extern const char gen_memhog_usage[];
extern const char gen_memhog_help[];

enum gen_cli_status {
	GEN_CLI_OK,
	GEN_CLI_HELP,		/* -h, --help */
	GEN_CLI_USAGE,		/* a bad command line: the message is in err */
};

struct gen_memhog_cli {
	struct gen_memhog_params params;
	const char *output;		/* -o FILE; NULL: standard output */
};

/*
 * Parse argv (argv[0] is "memhog") into cli, starting from memhog's
 * defaults.  On GEN_CLI_USAGE, err holds "bad --mb '0': out of range
 * (1..1048576)" or the like, without the "numasim: " prefix.
 */
enum gen_cli_status gen_memhog_parse_args(int argc, char **argv, struct gen_memhog_cli *cli,
					  char *err, size_t errlen);

/* `gen migration-pingpong` (sim/gen_cli_pingpong.c): the same, for the selftest's trace. */
extern const char gen_pingpong_usage[];
extern const char gen_pingpong_help[];

struct gen_pingpong_cli {
	struct gen_pingpong_params params;
	const char *output;		/* -o FILE; NULL: standard output */
};

enum gen_cli_status gen_pingpong_parse_args(int argc, char **argv, struct gen_pingpong_cli *cli,
					    char *err, size_t errlen);

/*
 * `gen fragmenter` (sim/gen_cli_fragmenter.c): the parameters but the free
 * memory, which the machine of config gives once booted.
 */
extern const char gen_fragmenter_usage[];
extern const char gen_fragmenter_help[];

struct gen_fragmenter_cli {
	struct gen_fragmenter_params params;
	const char *config;		/* -c CONFIG; NULL: the embedded machine */
	const char *output;		/* -o FILE; NULL: standard output */
};

enum gen_cli_status gen_fragmenter_parse_args(int argc, char **argv,
					      struct gen_fragmenter_cli *cli, char *err,
					      size_t errlen);

/*
 * Shared by every subcommand's options (sim/main.c too): the value of
 * option name as a number in min..max (decimal or 0x hex), and the message
 * for an option cli_getopt() rejected (c is '?' or ':').  The message goes
 * to err, without the "numasim: " prefix.
 */
int cli_parse_number(const char *name, const char *text, uint64_t min, uint64_t max,
		     uint64_t *out, char *err, size_t errlen);
/* The same for a size: a number with an optional K, M, G or T suffix (binary). */
int cli_parse_size(const char *name, const char *text, uint64_t min, uint64_t max,
		   uint64_t *out, char *err, size_t errlen);

/* Millionths: what a fraction option holds. */
#define CLI_PPM		1000000u

/*
 * A decimal above 0 and at most 1, with at most 6 digits after the point
 * ("0.5", "1", ".25"), into *ppm millionths; 0, or -1 with the message.
 */
int cli_parse_fraction(const char *name, const char *text, uint32_t *ppm, char *err,
		       size_t errlen);
/* The same for a multiple: a decimal above 0 and at most max (max * CLI_PPM < 2^32). */
int cli_parse_multiple(const char *name, const char *text, unsigned int max, uint32_t *ppm,
		       char *err, size_t errlen);
void cli_bad_option(int c, char **argv, char *err, size_t errlen);
/*
 * getopt_long() that takes a long option only written in full.  glibc
 * accepts any unambiguous prefix, so "run --trace my.trace" would mean
 * "--trace-events my.trace" and overwrite the input.  A prefix comes back
 * as '?', for cli_bad_option() to name as an unknown option.
 */
int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts);

/*
 * `gen compaction-test` (sim/gen_cli_compaction_test.c) and `gen
 * thpchallenge` (sim/gen_cli_thpchallenge.c): the parameters but what the
 * machine of config gives once booted (free memory, the hugetlb pool).
 */
extern const char gen_compaction_test_usage[];
extern const char gen_compaction_test_help[];

struct gen_compaction_test_cli {
	struct gen_compaction_test_params params;
	const char *config;		/* -c CONFIG; NULL: the embedded machine */
	const char *output;		/* -o FILE; NULL: standard output */
};

enum gen_cli_status gen_compaction_test_parse_args(int argc, char **argv,
						   struct gen_compaction_test_cli *cli,
						   char *err, size_t errlen);

/*
 * `gen mem-on-off` (sim/gen_cli_mem_on_off.c): the parameters but the
 * memory blocks, which the machine of config gives once booted.
 */
extern const char gen_mem_on_off_usage[];
extern const char gen_mem_on_off_help[];

struct gen_mem_on_off_cli {
	struct gen_mem_on_off_params params;
	const char *config;		/* -c CONFIG; NULL: the embedded machine */
	const char *output;		/* -o FILE; NULL: standard output */
};

enum gen_cli_status gen_mem_on_off_parse_args(int argc, char **argv,
					      struct gen_mem_on_off_cli *cli, char *err,
					      size_t errlen);

extern const char gen_thpchallenge_usage[];
extern const char gen_thpchallenge_help[];

struct gen_thpchallenge_cli {
	struct gen_thpchallenge_params params;
	const char *config;		/* -c CONFIG; NULL: the embedded machine */
	const char *output;		/* -o FILE; NULL: standard output */
};

enum gen_cli_status gen_thpchallenge_parse_args(int argc, char **argv,
						struct gen_thpchallenge_cli *cli, char *err,
						size_t errlen);

/*
 * `gen stream` (sim/gen_cli_stream.c) and `gen kernel-build`
 * (sim/gen_cli_kernel_build.c): the parameters but what the machine of
 * config gives once booted (its memory, its CPUs).
 */
extern const char gen_stream_usage[];
extern const char gen_stream_help[];

struct gen_stream_cli {
	struct gen_stream_params params;
	const char *config;		/* -c CONFIG; NULL: the embedded machine */
	const char *output;		/* -o FILE; NULL: standard output */
};

enum gen_cli_status gen_stream_parse_args(int argc, char **argv, struct gen_stream_cli *cli,
					  char *err, size_t errlen);

extern const char gen_kernel_build_usage[];
extern const char gen_kernel_build_help[];

struct gen_kernel_build_cli {
	struct gen_kernel_build_params params;
	const char *config;		/* -c CONFIG; NULL: the embedded machine */
	const char *output;		/* -o FILE; NULL: standard output */
};

enum gen_cli_status gen_kernel_build_parse_args(int argc, char **argv,
						struct gen_kernel_build_cli *cli, char *err,
						size_t errlen);

/*
 * A comma-separated list of names ("kmem,vmscan") into *mask, bit i for
 * the name by_name() gives index i (0..63; -1: unknown).  Returns 0, or
 * -1 for an unknown or empty name.
 */
int cli_parse_name_list(const char *list, int (*by_name)(const char *name, size_t len),
			uint64_t *mask);

/* "a, b, c": the names of indices 0..nr-1 as name_of() gives them, into buf. */
char *cli_known_names(char *buf, size_t len, int nr, const char *(*name_of)(int index));

#endif /* SIM_GEN_CLI_H */
