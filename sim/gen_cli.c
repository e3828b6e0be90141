/*
 * sim/gen_cli.c - parsing the options of `numasim gen memhog` (gen_cli.h),
 * and the option helpers every subcommand shares (numbers, sizes,
 * fractions read in millionths by hand, so that a trace never depends on
 * the host's floating point).
 *
 * Each option is memhog's own, under a long name (memhog -m is --mb, -T is
 * --thp, -f is --stride, -k is --forks, -n is --bind-node), plus the pid
 * and CPU the trace gives memhog and the output file.  Each value is
 * checked against the generator's limits here, so the message can name the
 * option the user typed; what only the whole set can tell (the children's
 * pids) comes from gen_memhog_check().
 *
 * Invariants: no output, no exit: every problem is a message in err.
 * No kernel counterpart.
 */
#include "sim/gen_cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "workloads/trace.h"

const char gen_memhog_usage[] =
	"usage: numasim gen memhog [--mb N] [--thp thp|nothp|default] [--stride N] [--forks N]\n"
	"                          [--bind-node N] [--move-pages-to N] [--migrate-to N]\n"
	"                          [--migrate-from N] [--pid N] [--cpu N] [-o FILE]\n";

const char gen_memhog_help[] =
	"Write the trace of one run of memhog, the program of the reference recordings'\n"
	"workload phases (memhog -m MB -T MODE -f STRIDE -k FORKS -n NODE), to FILE or\n"
	"stdout.\n"
	"\n"
	"      --mb N             MiB to map and write (memhog -m; default: 256)\n"
	"      --thp MODE         thp: madvise the region MADV_HUGEPAGE; nothp:\n"
	"                         MADV_NOHUGEPAGE; default: no madvise (memhog -T;\n"
	"                         default: nothp)\n"
	"      --stride N         then MADV_DONTNEED every page whose index % N != 0\n"
	"                         (memhog -f; default: 0, free nothing)\n"
	"      --forks N          then fork N children that copy-on-write their share of\n"
	"                         the pages (memhog -k; default: 0)\n"
	"      --bind-node N      mbind the region to node N first (memhog -n; default: none)\n"
	"      --move-pages-to N  then move_pages() every page left to node N (memhog -M)\n"
	"      --migrate-to N     while memhog sleeps, `migratepages PID FROM N` moves its\n"
	"                         pages (migrate_pages(2) as root), then it is killed\n"
	"      --migrate-from N   FROM for --migrate-to (default: the --bind-node node)\n"
	"      --pid N            memhog's pid; the children get the next ones (default: 1000)\n"
	"      --cpu N            the CPU it runs on (default: 0)\n"
	"  -o, --output FILE      output file (default: stdout)\n";

enum {
	OPT_MB = 256,
	OPT_THP,
	OPT_STRIDE,
	OPT_FORKS,
	OPT_BIND_NODE,
	OPT_MOVE_PAGES_TO,
	OPT_MIGRATE_TO,
	OPT_MIGRATE_FROM,
	OPT_PID,
	OPT_CPU,
};

static const struct option memhog_options[] = {
	{ "mb", required_argument, NULL, OPT_MB },
	{ "thp", required_argument, NULL, OPT_THP },
	{ "stride", required_argument, NULL, OPT_STRIDE },
	{ "forks", required_argument, NULL, OPT_FORKS },
	{ "bind-node", required_argument, NULL, OPT_BIND_NODE },
	{ "move-pages-to", required_argument, NULL, OPT_MOVE_PAGES_TO },
	{ "migrate-to", required_argument, NULL, OPT_MIGRATE_TO },
	{ "migrate-from", required_argument, NULL, OPT_MIGRATE_FROM },
	{ "pid", required_argument, NULL, OPT_PID },
	{ "cpu", required_argument, NULL, OPT_CPU },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Where a parse puts its message. */
struct cli_err {
	char *buf;
	size_t len;
};

__attribute__((format(printf, 2, 3)))
static enum gen_cli_status cli_usage(const struct cli_err *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->buf, e->len, fmt, ap);
	va_end(ap);
	return GEN_CLI_USAGE;
}

/* text as a number (a size with allow_suffix), or a message naming option name. */
static int parse_u64_option(const char *name, const char *text, bool allow_suffix,
			    uint64_t min, uint64_t max, uint64_t *out, char *err, size_t errlen)
{
	uint64_t v;
	int ret = trace_parse_u64(text, allow_suffix, &v);

	if (ret == -1) {
		snprintf(err, errlen, "bad %s '%s': %s", name, text, allow_suffix ?
			 "not a size (a number with an optional K, M, G or T suffix)" :
			 "not a number");
		return -1;
	}
	/* A number too big for 64 bits is out of range like any other. */
	if (ret == -2 || v < min || v > max) {
		snprintf(err, errlen, "bad %s '%s': out of range (%llu..%llu)", name, text,
			 (unsigned long long)min, (unsigned long long)max);
		return -1;
	}
	*out = v;
	return 0;
}

int cli_parse_number(const char *name, const char *text, uint64_t min, uint64_t max,
		     uint64_t *out, char *err, size_t errlen)
{
	return parse_u64_option(name, text, false, min, max, out, err, errlen);
}

int cli_parse_size(const char *name, const char *text, uint64_t min, uint64_t max,
		   uint64_t *out, char *err, size_t errlen)
{
	return parse_u64_option(name, text, true, min, max, out, err, errlen);
}

/* "0.25", "1", ".5", "1.0" into millionths; -1 for anything else or past max_ppm. */
static int parse_fraction(const char *text, uint64_t max_ppm, uint32_t *ppm)
{
	uint64_t whole = 0, frac = 0, scale = CLI_PPM;
	const char *s = text;

	if (!*s)
		return -1;
	for (; *s >= '0' && *s <= '9'; s++)
		if ((whole = whole * 10 + (uint64_t)(*s - '0')) > max_ppm / CLI_PPM)
			return -1;
	if (*s == '.' && s[1]) {
		for (s++; *s >= '0' && *s <= '9' && scale > 1; s++) {
			scale /= 10;
			frac += (uint64_t)(*s - '0') * scale;
		}
	}
	if (*s || (s > text && s[-1] == '.') || whole * CLI_PPM + frac > max_ppm ||
	    whole * CLI_PPM + frac == 0)
		return -1;
	*ppm = (uint32_t)(whole * CLI_PPM + frac);
	return 0;
}

int cli_parse_fraction(const char *name, const char *text, uint32_t *ppm, char *err,
		       size_t errlen)
{
	if (!parse_fraction(text, CLI_PPM, ppm))
		return 0;
	snprintf(err, errlen, "bad %s '%s': a decimal above 0 and at most 1 (such as 0.5), "
		 "at most 6 digits after the point", name, text);
	return -1;
}

int cli_parse_multiple(const char *name, const char *text, unsigned int max, uint32_t *ppm,
		       char *err, size_t errlen)
{
	if (!parse_fraction(text, (uint64_t)max * CLI_PPM, ppm))
		return 0;
	snprintf(err, errlen, "bad %s '%s': a decimal above 0 and at most %u (such as 1.5), "
		 "at most 6 digits after the point", name, text, max);
	return -1;
}

/* Whether the argv word text is "--name" or "--name=...", in full. */
static bool long_option_in_full(const char *text, const char *name)
{
	size_t len = strlen(name);

	return !strncmp(text, "--", 2) && !strncmp(text + 2, name, len) &&
	       (text[2 + len] == '\0' || text[2 + len] == '=');
}

int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts)
{
	int longindex = -1;
	int c = getopt_long(argc, argv, shortopts, longopts, &longindex);
	int at;

	if (longindex < 0)
		return c;
	/* The option's own word: one before its argument when that stood apart. */
	at = optarg && argv[optind - 1] == optarg ? optind - 2 : optind - 1;
	if (long_option_in_full(argv[at], longopts[longindex].name))
		return c;
	optind = at + 1;	/* cli_bad_option() names argv[optind - 1] */
	optopt = 0;
	return '?';
}

void cli_bad_option(int c, char **argv, char *err, size_t errlen)
{
	const char *arg = argv[optind - 1];

	if (c == ':')
		snprintf(err, errlen, "option '%s' needs an argument", arg);
	else if (optopt > 0 && optopt < 256 && strncmp(arg, "--", 2) != 0)
		snprintf(err, errlen, "unknown option '-%c'", optopt);
	else
		snprintf(err, errlen, "unknown option '%s'", arg);
}

int cli_parse_name_list(const char *list, int (*by_name)(const char *name, size_t len),
			uint64_t *mask)
{
	*mask = 0;
	for (const char *p = list;; p++) {
		size_t len = strcspn(p, ",");
		int index = by_name(p, len);

		if (index < 0 || index > 63)
			return -1;
		*mask |= (uint64_t)1 << index;
		p += len;
		if (!*p)
			return 0;
	}
}

char *cli_known_names(char *buf, size_t len, int nr, const char *(*name_of)(int index))
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < nr && used < len; i++) {
		int n = snprintf(buf + used, len - used, "%s%s", i ? ", " : "", name_of(i));

		used += n > 0 ? (size_t)n : 0;
	}
	return buf;
}

static enum gen_cli_status parse_number(const struct cli_err *e, const char *name,
					const char *text, uint64_t min, uint64_t max,
					uint64_t *out)
{
	return cli_parse_number(name, text, min, max, out, e->buf, e->len) ? GEN_CLI_USAGE :
									    GEN_CLI_OK;
}

static enum gen_cli_status bad_option(const struct cli_err *e, int c, char **argv)
{
	cli_bad_option(c, argv, e->buf, e->len);
	return GEN_CLI_USAGE;
}

/* A node option: 0..63, memhog's node mask. */
static enum gen_cli_status parse_node(const struct cli_err *e, const char *name, int *node)
{
	uint64_t v;

	if (parse_number(e, name, optarg, 0, GEN_MEMHOG_MAX_NODE, &v))
		return GEN_CLI_USAGE;
	*node = (int)v;
	return GEN_CLI_OK;
}

/* The numeric options: which field, which range. */
static enum gen_cli_status memhog_number(const struct cli_err *e, int c,
					 struct gen_memhog_params *p)
{
	uint64_t v;

	switch (c) {
	case OPT_MB:
		return parse_number(e, "--mb", optarg, 1, GEN_MEMHOG_MAX_MB, &p->mb);
	case OPT_STRIDE:
		return parse_number(e, "--stride", optarg, 0, GEN_MEMHOG_MAX_STRIDE, &p->stride);
	case OPT_FORKS:
		if (parse_number(e, "--forks", optarg, 0, GEN_MEMHOG_MAX_FORKS, &v))
			return GEN_CLI_USAGE;
		p->nr_forks = (unsigned int)v;
		return GEN_CLI_OK;
	case OPT_BIND_NODE:
		return parse_node(e, "--bind-node", &p->bind_node);
	case OPT_MOVE_PAGES_TO:
		return parse_node(e, "--move-pages-to", &p->move_pages_node);
	case OPT_MIGRATE_TO:
		return parse_node(e, "--migrate-to", &p->migrate_to_node);
	case OPT_MIGRATE_FROM:
		return parse_node(e, "--migrate-from", &p->migrate_from_node);
	case OPT_PID:
		if (parse_number(e, "--pid", optarg, 1, GEN_MEMHOG_MAX_PID, &v))
			return GEN_CLI_USAGE;
		p->pid = (unsigned int)v;
		return GEN_CLI_OK;
	default:	/* OPT_CPU */
		if (parse_number(e, "--cpu", optarg, 0, GEN_MEMHOG_MAX_CPU, &v))
			return GEN_CLI_USAGE;
		p->cpu = (unsigned int)v;
		return GEN_CLI_OK;
	}
}

static enum gen_cli_status memhog_option(const struct cli_err *e, int c, char **argv,
					 struct gen_memhog_cli *cli)
{
	switch (c) {
	case 'o':
		cli->output = optarg;
		return GEN_CLI_OK;
	case 'h':
		return GEN_CLI_HELP;
	case OPT_THP:
		if (gen_memhog_parse_thp(optarg, &cli->params.thp) != 0)
			return cli_usage(e, "bad --thp '%s' (thp, nothp or default)", optarg);
		return GEN_CLI_OK;
	case OPT_MB: case OPT_STRIDE: case OPT_FORKS: case OPT_BIND_NODE:
	case OPT_MOVE_PAGES_TO: case OPT_MIGRATE_TO: case OPT_MIGRATE_FROM:
	case OPT_PID: case OPT_CPU:
		return memhog_number(e, c, &cli->params);
	default:
		return bad_option(e, c, argv);
	}
}

enum gen_cli_status gen_memhog_parse_args(int argc, char **argv, struct gen_memhog_cli *cli,
					  char *err, size_t errlen)
{
	const struct cli_err e = { err, errlen };
	enum gen_cli_status st;
	const char *bad;
	int c;

	memset(cli, 0, sizeof(*cli));
	gen_memhog_default_params(&cli->params);
	optind = 0;	/* glibc: start afresh for this argv */
	opterr = 0;
	while ((c = cli_getopt(argc, argv, ":o:h", memhog_options)) != -1) {
		st = memhog_option(&e, c, argv, cli);
		if (st != GEN_CLI_OK)
			return st;
	}
	if (optind < argc)
		return cli_usage(&e, "gen memhog: unexpected argument '%s'", argv[optind]);
	bad = gen_memhog_check(&cli->params);
	if (bad)
		return cli_usage(&e, "gen memhog: %s", bad);
	return GEN_CLI_OK;
}
