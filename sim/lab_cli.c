/*
 * sim/lab_cli.c - the options of `numasim lab [NAME] [--seed N]
 * [--answers | --commands | --config | --check FILE]` (docs/cli.md).
 *
 * No kernel counterpart.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "sim/gen_cli.h"
#include "sim/gen_main.h"
#include "sim/lab.h"
#include "sim/message.h"

const char lab_help[] =
	"The teaching labs (docs/labs/).  Without NAME, list them.  With NAME, print a\n"
	"seeded exercise: a scenario on a small machine, the shell commands that build\n"
	"it, and questions whose answers depend on the seed.\n"
	"\n"
	"      --seed N           the exercise's seed (default: 0)\n"
	"      --answers          the questions with their answers and the reasoning\n"
	"      --commands         only the commands, to pipe into 'numasim shell'\n"
	"      --config           only the lab machine's config (for 'numasim shell -c')\n"
	"      --check FILE       check the answers in FILE, one line 'QN: ANSWER' each\n"
	"  -h, --help             show this help\n"
	"\n"
	"Exit status: 0; 1 --check found a wrong or missing answer; 2 bad usage, an\n"
	"unknown lab or a bad answer file; 3 internal error.\n";

enum { LAB_OPT_SEED = 600, LAB_OPT_ANSWERS, LAB_OPT_COMMANDS, LAB_OPT_CONFIG, LAB_OPT_CHECK };

/* One option; 0, -1 for --help, or an exit status. */
static int lab_option(int c, struct lab_opts *o, char **argv)
{
	char msg[256];

	switch (c) {
	case LAB_OPT_SEED:
		if (cli_parse_number("--seed", optarg, 0, INT64_MAX, &o->seed, msg, sizeof(msg)))
			return usage_error("%s", msg);
		return 0;
	case LAB_OPT_ANSWERS: o->answers = true; return 0;
	case LAB_OPT_COMMANDS: o->commands = true; return 0;
	case LAB_OPT_CONFIG: o->config = true; return 0;
	case LAB_OPT_CHECK: o->check = optarg; return 0;
	case 'h': return -1;
	default:
		cli_bad_option(c, argv, msg, sizeof(msg));
		return usage_error("%s", msg);
	}
}

int cmd_lab(int argc, char **argv)
{
	static const struct option lab_options[] = {
		{ "seed", required_argument, NULL, LAB_OPT_SEED },
		{ "answers", no_argument, NULL, LAB_OPT_ANSWERS },
		{ "commands", no_argument, NULL, LAB_OPT_COMMANDS },
		{ "config", no_argument, NULL, LAB_OPT_CONFIG },
		{ "check", required_argument, NULL, LAB_OPT_CHECK },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct lab_opts o = { 0 };
	int c, ret;

	optind = 0;
	opterr = 0;
	while ((c = cli_getopt(argc, argv, ":h", lab_options)) != -1)
		if ((ret = lab_option(c, &o, argv)) != 0) {
			if (ret > 0)
				return ret;
			printf("numasim lab: %s", lab_help);
			return EXIT_OK;
		}
	if (argc - optind > 1)
		return usage_error("lab: too many arguments ('%s')", argv[optind + 1]);
	if (o.answers + o.commands + o.config + (o.check != NULL) > 1)
		return usage_error("lab: --answers, --commands, --config and --check go alone");
	o.name = optind < argc ? argv[optind] : NULL;
	if (!o.name && (o.answers || o.commands || o.config || o.check))
		return usage_error("lab: --answers, --commands, --config and --check need a lab NAME");
	return sim_lab(&o);
}
