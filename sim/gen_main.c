/*
 * sim/gen_main.c - `numasim gen KIND`: the table of kinds, and for each
 * kind the glue between its option parser (sim/gen_cli*.c), the facts a
 * booted machine gives (free memory, RAM, CPUs), its parameter check and
 * its trace writer (workloads/gen_*.c).  docs/cli.md is the manual.
 *
 * Invariants: a trace is written only when every option and the machine
 * are good; a bad one is a usage error (exit 2) and no file is created.
 * No kernel counterpart.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/memory_hotplug.h"
#include "mm/mm.h"
#include "mm/mm_init.h"
#include "mm/vmstat_counters.h"
#include "sim/engine.h"	/* NR_ELEMS */
#include "sim/gen_cli.h"
#include "sim/gen_main.h"
#include "sim/message.h"
#include "sim/output.h"
#include "workloads/gen_churn.h"
#include "workloads/gen_memory.h"
#include "workloads/gen_memhog.h"

static const char churn_usage[] =
	"usage: numasim gen churn [--seed N] [--events N] [-c CONFIG.json] [-o FILE]\n";

static const char churn_help[] =
	"Write the embedded churn workload as a trace (to FILE, or stdout), sized for\n"
	"the machine of CONFIG.  'numasim run' without TRACE replays exactly this.\n"
	"\n"
	"      --seed N           seed (default: 1)\n"
	"      --events N         alloc/free events (default: three per page of memory)\n"
	"  -c, --config FILE      machine description (default: 2 nodes x 4 GiB)\n"
	"  -o, --output FILE      output file (default: stdout)\n";


static const struct option gen_options[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "output", required_argument, NULL, 'o' },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "events", required_argument, NULL, OPT_EVENTS },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};


/*
 * Write a generator's trace to path (sim/output.h: a file is staged and
 * replaced when complete) or stdout (NULL or "-"); input is the file the
 * generator read, which path may not be.
 */
static int gen_write(const char *path, const char *input, gen_write_fn write_trace,
		     const void *params)
{
	struct output_spec spec = { .inputs = { input } };
	struct output *out;
	char err[1024];
	FILE *f;

	if (!path)
		path = "-";
	out = output_begin(&spec, err, sizeof(err));
	f = out ? output_stage_file(out, path, err, sizeof(err)) : NULL;
	if (!f) {
		output_abort(out);
		return sim_fail(EXIT_BAD_INPUT, err);
	}
	if (write_trace(f, params) != 0) {
		output_abort(out);
		snprintf(err, sizeof(err), "numasim: %s: write error",
			 strcmp(path, "-") ? path : "standard output");
		return sim_fail(EXIT_HOST, err);
	}
	return output_commit(out, err, sizeof(err)) ? sim_fail(EXIT_HOST, err) : EXIT_OK;
}

/* gen churn: boot the machine only to size the workload, then write it. */
static int gen_churn(const struct run_opts *o)
{
	struct machine *m = calloc(1, sizeof(*m));
	struct gen_churn_params gp;
	int ret;

	if (!m)
		return sim_fail(EXIT_HOST, "numasim: out of memory");
	ret = sim_boot_machine(o->config, o->policy, &o->sets, m);
	if (ret == EXIT_OK) {
		ret = sim_churn_params(m, o->seed, o->nr_events, &gp);
		if (ret == EXIT_OK)
			ret = gen_write(o->outdir, o->config, gen_churn_writer, &gp);
		machine_release(m);
	}
	free(m);
	return ret;
}

/*
 * What a kind's own parser said, when it was not GEN_CLI_OK: --help
 * prints the kind's usage and help, a bad command line its message.
 */
static int gen_parse_outcome(enum gen_cli_status st, const char *err, const char *usage,
			     const char *help)
{
	if (st == GEN_CLI_HELP) {
		printf("%s\n%s", usage, help);
		return EXIT_OK;
	}
	return usage_error("%s", err);
}

/* gen memhog (argv[0] is "memhog"): its own options, no machine needed. */
static int gen_memhog(int argc, char **argv)
{
	struct gen_memhog_cli cli;
	char err[512];
	enum gen_cli_status st = gen_memhog_parse_args(argc, argv, &cli, err, sizeof(err));

	return st == GEN_CLI_OK ? gen_write(cli.output, NULL, gen_memhog_writer, &cli.params) :
	       gen_parse_outcome(st, err, gen_memhog_usage, gen_memhog_help);
}

/* gen migration-pingpong (argv[0] is its name): its own options, no machine needed. */
static int gen_pingpong(int argc, char **argv)
{
	struct gen_pingpong_cli cli;
	char err[512];
	enum gen_cli_status st = gen_pingpong_parse_args(argc, argv, &cli, err, sizeof(err));

	return st == GEN_CLI_OK ? gen_write(cli.output, NULL, gen_pingpong_writer, &cli.params) :
	       gen_parse_outcome(st, err, gen_pingpong_usage, gen_pingpong_help);
}

/* What the generators sized by a machine read off it once booted. */
struct gen_machine_facts {
	uint64_t free_pages;		/* NR_FREE_PAGES: meminfo's MemFree */
	unsigned int nr_node_ids;
	uint64_t nr_hugepages;		/* what reading vm.nr_hugepages gives */
	uint64_t ram_bytes;		/* totalram_pages(): meminfo's MemTotal */
	unsigned int nr_cpus;
};

/* Boot the machine of config (NULL: the embedded one) and read *f: an exit status. */
static int gen_read_machine(const char *config, struct gen_machine_facts *f)
{
	struct machine *m = calloc(1, sizeof(*m));
	int ret;

	if (!m)
		return sim_fail(EXIT_HOST, "numasim: out of memory");
	ret = sim_boot_machine(config, NULL, NULL, m);
	if (ret == EXIT_OK) {
		f->free_pages = global_zone_page_state(m, NR_FREE_PAGES);
		f->nr_node_ids = m->nr_node_ids;
		f->nr_hugepages = m->hstate.nr_huge_pages - m->hstate.surplus_huge_pages;
		f->ram_bytes = (uint64_t)totalram_pages(m) * PAGE_SIZE;
		f->nr_cpus = m->nr_cpus;
		machine_release(m);
	}
	free(m);
	return ret;
}

/*
 * The end of every kind sized by the machine: the kind's check of its
 * parameters (bad: its message, or NULL), then the trace.
 */
static int gen_checked_write(const char *name, const char *bad, const char *output,
			     const char *config, gen_write_fn writer, const void *params)
{
	if (bad)
		return usage_error("gen %s: %s", name, bad);
	return gen_write(output, config, writer, params);
}

/* gen fragmenter (argv[0] is "fragmenter"): the machine's free memory, --node checked. */
static int gen_fragmenter_run(const struct gen_fragmenter_cli *cli)
{
	struct gen_fragmenter_params p = cli->params;
	struct gen_machine_facts f;
	int ret = gen_read_machine(cli->config, &f);

	if (ret != EXIT_OK)
		return ret;
	p.free_pages = f.free_pages;
	if (p.has_node && p.node >= f.nr_node_ids)
		return usage_error("gen fragmenter: bad --node %u: the machine has nodes 0-%u",
				   p.node, f.nr_node_ids - 1);
	return gen_checked_write("fragmenter", gen_fragmenter_check(&p),
				 cli->output, cli->config, gen_fragmenter_writer, &p);
}

static int gen_fragmenter(int argc, char **argv)
{
	struct gen_fragmenter_cli cli;
	char err[512];
	enum gen_cli_status st = gen_fragmenter_parse_args(argc, argv, &cli, err, sizeof(err));

	return st == GEN_CLI_OK ? gen_fragmenter_run(&cli) :
	       gen_parse_outcome(st, err, gen_fragmenter_usage, gen_fragmenter_help);
}

/* gen compaction-test: MemFree and the pool's size from the machine. */
static int gen_compaction_test_run(const struct gen_compaction_test_cli *cli)
{
	struct gen_compaction_test_params p = cli->params;
	struct gen_machine_facts f;
	int ret = gen_read_machine(cli->config, &f);

	if (ret != EXIT_OK)
		return ret;
	p.mem_free_kb = f.free_pages * (PAGE_SIZE >> 10);
	p.hugepage_kb = HPAGE_PMD_SIZE >> 10;
	p.initial_nr_hugepages = f.nr_hugepages;
	return gen_checked_write("compaction-test", gen_compaction_test_check(&p),
				 cli->output, cli->config, gen_compaction_test_writer, &p);
}

static int gen_compaction_test(int argc, char **argv)
{
	struct gen_compaction_test_cli cli;
	char err[512];
	enum gen_cli_status st = gen_compaction_test_parse_args(argc, argv, &cli, err,
								 sizeof(err));

	return st == GEN_CLI_OK ? gen_compaction_test_run(&cli) :
	       gen_parse_outcome(st, err, gen_compaction_test_usage, gen_compaction_test_help);
}

/* gen thpchallenge: the sizes not given, and the check, from the machine's free memory. */
static int gen_thpchallenge_run(const struct gen_thpchallenge_cli *cli)
{
	struct gen_thpchallenge_params p = cli->params;
	struct gen_machine_facts f;
	int ret = gen_read_machine(cli->config, &f);

	if (ret != EXIT_OK)
		return ret;
	p.free_pages = f.free_pages;
	gen_thpchallenge_size_from_free(&p);
	return gen_checked_write("thpchallenge", gen_thpchallenge_check(&p),
				 cli->output, cli->config, gen_thpchallenge_writer, &p);
}

static int gen_thpchallenge(int argc, char **argv)
{
	struct gen_thpchallenge_cli cli;
	char err[512];
	enum gen_cli_status st = gen_thpchallenge_parse_args(argc, argv, &cli, err, sizeof(err));

	return st == GEN_CLI_OK ? gen_thpchallenge_run(&cli) :
	       gen_parse_outcome(st, err, gen_thpchallenge_usage, gen_thpchallenge_help);
}

/* gen stream: the size from the machine's memory, --cpu checked against it. */
static int gen_stream_run(const struct gen_stream_cli *cli)
{
	struct gen_stream_params p = cli->params;
	struct gen_machine_facts f;
	int ret = gen_read_machine(cli->config, &f);

	if (ret != EXIT_OK)
		return ret;
	p.ram_bytes = f.ram_bytes;
	gen_stream_size_from_ram(&p);
	if (p.cpu >= f.nr_cpus)
		return usage_error("gen stream: bad --cpu %u: the machine has CPUs 0-%u", p.cpu,
				   f.nr_cpus - 1);
	return gen_checked_write("stream", gen_stream_check(&p),
				 cli->output, cli->config, gen_stream_writer, &p);
}

static int gen_stream(int argc, char **argv)
{
	struct gen_stream_cli cli;
	char err[512];
	enum gen_cli_status st = gen_stream_parse_args(argc, argv, &cli, err, sizeof(err));

	return st == GEN_CLI_OK ? gen_stream_run(&cli) :
	       gen_parse_outcome(st, err, gen_stream_usage, gen_stream_help);
}

/* gen kernel-build: the machine's memory and CPUs size the build. */
static int gen_kernel_build_run(const struct gen_kernel_build_cli *cli)
{
	struct gen_kernel_build_params p = cli->params;
	struct gen_machine_facts f;
	int ret = gen_read_machine(cli->config, &f);

	if (ret != EXIT_OK)
		return ret;
	p.ram_bytes = f.ram_bytes;
	p.nr_cpus = f.nr_cpus;
	return gen_checked_write("kernel-build", gen_kernel_build_check(&p),
				 cli->output, cli->config, gen_kernel_build_writer, &p);
}

static int gen_kernel_build(int argc, char **argv)
{
	struct gen_kernel_build_cli cli;
	char err[512];
	enum gen_cli_status st = gen_kernel_build_parse_args(argc, argv, &cli, err,
								sizeof(err));

	return st == GEN_CLI_OK ? gen_kernel_build_run(&cli) :
	       gen_parse_outcome(st, err, gen_kernel_build_usage, gen_kernel_build_help);
}

/* "memory10" before "memory2": the order ls, and the script's glob, list them in. */
static int block_name_cmp(const void *a, const void *b)
{
	char na[16], nb[16];

	snprintf(na, sizeof(na), "%" PRIu32, *(const uint32_t *)a);
	snprintf(nb, sizeof(nb), "%" PRIu32, *(const uint32_t *)b);
	return strcmp(na, nb);
}

/* The machine's memory blocks, in ls order, with their state at boot. */
static void gen_read_blocks(const struct machine *m, struct gen_mem_on_off_params *p)
{
	p->nr_blocks = 0;
	for (unsigned long id = 0; id < m->hotplug->nr_blocks; id++)
		if (find_memory_block_by_id(m, id)) {
			if (p->nr_blocks < GEN_MEM_ON_OFF_MAX_BLOCKS)
				p->block_ids[p->nr_blocks] = (uint32_t)id;
			p->nr_blocks++;
		}
	if (p->nr_blocks > GEN_MEM_ON_OFF_MAX_BLOCKS)
		return;		/* gen_mem_on_off_check() says so */
	qsort(p->block_ids, p->nr_blocks, sizeof(p->block_ids[0]), block_name_cmp);
	for (uint32_t i = 0; i < p->nr_blocks; i++)
		p->online[i] = find_memory_block_by_id(m, p->block_ids[i])->state == MEM_ONLINE;
}

/* gen mem-on-off: the memory blocks from the booted machine. */
static int gen_mem_on_off_run(const struct gen_mem_on_off_cli *cli)
{
	struct gen_mem_on_off_params *p = malloc(sizeof(*p));
	struct machine *m = calloc(1, sizeof(*m));
	int ret = p && m ? EXIT_OK : sim_fail(EXIT_HOST, "numasim: out of memory");

	if (ret == EXIT_OK)
		ret = sim_boot_machine(cli->config, NULL, NULL, m);
	if (ret == EXIT_OK) {
		*p = cli->params;
		gen_read_blocks(m, p);
		machine_release(m);
		ret = gen_checked_write("mem-on-off", gen_mem_on_off_check(p), cli->output,
					cli->config, gen_mem_on_off_writer, p);
	}
	free(m);
	free(p);
	return ret;
}

static int gen_mem_on_off(int argc, char **argv)
{
	struct gen_mem_on_off_cli cli;
	char err[512];
	enum gen_cli_status st = gen_mem_on_off_parse_args(argc, argv, &cli, err, sizeof(err));

	return st == GEN_CLI_OK ? gen_mem_on_off_run(&cli) :
	       gen_parse_outcome(st, err, gen_mem_on_off_usage, gen_mem_on_off_help);
}

const struct gen_kind gen_kinds[GEN_NR_KINDS] = {
	{ "churn", churn_usage, churn_help, .run_gen = gen_churn },
	{ "memhog", gen_memhog_usage, gen_memhog_help, .run_args = gen_memhog },
	{ "migration-pingpong", gen_pingpong_usage, gen_pingpong_help, .run_args = gen_pingpong },
	{ "fragmenter", gen_fragmenter_usage, gen_fragmenter_help, .run_args = gen_fragmenter },
	{ "compaction-test", gen_compaction_test_usage, gen_compaction_test_help,
	  .run_args = gen_compaction_test },
	{ "thpchallenge", gen_thpchallenge_usage, gen_thpchallenge_help,
	  .run_args = gen_thpchallenge },
	{ "stream", gen_stream_usage, gen_stream_help, .run_args = gen_stream },
	{ "kernel-build", gen_kernel_build_usage, gen_kernel_build_help,
	  .run_args = gen_kernel_build },
	{ "mem-on-off", gen_mem_on_off_usage, gen_mem_on_off_help, .run_args = gen_mem_on_off },
};

static const struct gen_kind *gen_find_kind(const char *name)
{
	for (size_t i = 0; i < NR_ELEMS(gen_kinds); i++)
		if (!strcmp(gen_kinds[i].name, name))
			return &gen_kinds[i];
	return NULL;
}

static const char *gen_kind_name(int i)
{
	return gen_kinds[i].name;
}

/* "churn, memhog": the kinds, for the messages that list them. */
static const char *gen_kind_names(char *buf, size_t len)
{
	return cli_known_names(buf, len, (int)NR_ELEMS(gen_kinds), gen_kind_name);
}

/* gen's --help: the help of the kind named among args, else of every kind. */
static void gen_print_help(int argc, char **argv)
{
	const struct gen_kind *named = NULL;

	for (int a = 1; a < argc && !named; a++)
		named = gen_find_kind(argv[a]);
	for (size_t i = 0; i < NR_ELEMS(gen_kinds); i++)
		if (!named || named == &gen_kinds[i])
			printf("%s%s\n%s", i && !named ? "\n" : "", gen_kinds[i].usage,
			       gen_kinds[i].help);
}

/* gen KIND [OPTIONS] (argv[0] is "gen"). */
int cmd_gen(int argc, char **argv)
{
	struct run_opts o;
	const struct gen_kind *kind = argc > 1 ? gen_find_kind(argv[1]) : NULL;
	char known[128];
	int ret;

	if (kind && kind->run_args)
		return kind->run_args(argc - 1, argv + 1);
	run_opts_default(&o);
	o.outdir = NULL;	/* -o names a file; without it, standard output */
	ret = parse_options(argc, argv, ":c:o:h", gen_options, &o);
	if (ret < 0) {
		gen_print_help(argc, argv);
		return EXIT_OK;
	}
	if (ret)
		return ret;
	if (optind >= argc)
		return usage_error("gen: missing the workload kind (known: %s)",
				   gen_kind_names(known, sizeof(known)));
	kind = gen_find_kind(argv[optind]);
	if (!kind)
		return usage_error("gen: unknown workload '%s' (known: %s)", argv[optind],
				   gen_kind_names(known, sizeof(known)));
	if (kind->run_args)
		return usage_error("gen: %s takes its options after its name "
				   "(numasim gen %s [OPTIONS])", kind->name, kind->name);
	if (argc - optind > 1)
		return usage_error("gen: too many arguments ('%s')", argv[optind + 1]);
	return kind->run_gen(&o);
}

_Static_assert(NR_ELEMS(gen_kinds) == GEN_NR_KINDS, "GEN_NR_KINDS counts gen_kinds[]");
