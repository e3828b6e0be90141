/*
 * sim/trace_check.c - `numasim trace check` (trace_check.h).
 *
 * Each record goes through engine_check_record() (sim/engine.h): the
 * engine, set up without a machine, looks the verb up in its registry
 * (engine_families[], sim/verbs.c) and matches the arguments to the verb's
 * row (struct engine_verb keys) exactly as a replay does, with the same
 * messages.  Verbs that take any keys (sysctl) are not looked into.
 *
 * The statistics follow the engine's reading of a valid trace:
 *   - time: an event without @TIME comes 1 us after the one before (at
 *     1 us if first), a timed one at its time, as engine_tick() moves the
 *     clock;
 *   - live pages: alloc adds 2^order pages under its id (a failed
 *     allocation cannot be foreseen, so every alloc counts: this is the
 *     demand), free id= takes its block's pages away, split renames a block
 *     into its order-0 pieces without changing the pages; free pfn= frees
 *     a block from before the trace, not counted;
 *   - processes: spawn and fork add one, exit takes one away.
 * Values the replay would refuse (a bad order, a free of an id not live)
 * do not count; the check leaves them to the replay.
 *
 * Memory: the live ids (sim/alloc_ids.h, with their order) and one counter
 * per verb, never per line.  Verbs are listed in the engine's index order
 * (by first letter, then registry order).
 *
 * No kernel counterpart.
 */
#include "sim/trace_check.h"

#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/alloc_ids.h"
#include "sim/engine.h"
#include "sim/message.h"
#include "workloads/trace.h"

const char trace_check_usage[] = "usage: numasim trace check [--json] FILE\n";

const char trace_check_help[] =
	"Check a numasim trace (plain or gzip, '-' for stdin) without replaying it: its\n"
	"syntax, and that each event's verb and keys are known.  Values are left to the\n"
	"replay.  Prints the events per verb, the time span, the page allocator's peak\n"
	"of live pages and those live at the end, the processes and the snapshots.\n"
	"\n"
	"      --json             print JSON instead of the text\n"
	"  -h, --help             show this help\n"
	"\n"
	"Exit status: 0 valid, 1 output write error, 2 bad input (FILE:LINE: message).\n";

struct check {
	struct engine e;		/* no machine: it only checks records */
	uint64_t *verb_counts;		/* per verb, as e.verbs[] */
	size_t nr_verbs;
	uint64_t nr_events;
	uint64_t first_ns, last_ns;	/* the clock at the first and last event */
	uint64_t now_ns;
	struct alloc_ids ids;
	uint64_t live_pages, peak_pages;
	uint64_t spawned, forked, exited, alive, peak_alive;
	char err[1024];
};

static int check_init(struct check *c)
{
	memset(c, 0, sizeof(*c));
	alloc_ids_init(&c->ids);
	if (engine_init(&c->e, NULL, NULL) != ENGINE_OK) {
		snprintf(c->err, sizeof(c->err), "%s", c->e.msg);
		return -1;
	}
	c->nr_verbs = c->e.verb_first[256];
	c->verb_counts = calloc(c->nr_verbs ? c->nr_verbs : 1, sizeof(*c->verb_counts));
	if (!c->verb_counts) {
		snprintf(c->err, sizeof(c->err), "numasim: out of memory");
		return -1;
	}
	return 0;
}

static void check_release(struct check *c)
{
	engine_release(&c->e);
	alloc_ids_release(&c->ids);
	free(c->verb_counts);
}

static const char *verb_name(const struct check *c, size_t i)
{
	return c->e.verbs[i].verb->name;
}

static void add_pages(struct check *c, uint64_t nr)
{
	c->live_pages += nr;
	if (c->live_pages > c->peak_pages)
		c->peak_pages = c->live_pages;
}

static void count_alloc(struct check *c, const struct trace_record *rec)
{
	const char *id = trace_record_get(rec, "id");
	const char *order_text = trace_record_get(rec, "order");
	struct alloc_key k;
	uint64_t order;

	if (!id || !order_text || trace_parse_u64(order_text, false, &order) || order >= MAX_ORDER)
		return;
	alloc_key_init(&k, id);
	if (!alloc_ids_bind(&c->ids, &k, RAW_HANDLE_NONE, (unsigned int)order))
		add_pages(c, 1ull << order);
}

static void count_free(struct check *c, const struct trace_record *rec)
{
	const char *id = trace_record_get(rec, "id");
	struct alloc_key k;
	unsigned int order;

	if (!id)
		return;		/* free pfn= order=: a block from before the trace */
	alloc_key_init(&k, id);
	if (alloc_ids_order(&c->ids, &k, &order) && alloc_ids_take(&c->ids, &k, NULL))
		c->live_pages -= 1ull << order;
}

/* split id=X: X's 2^order pages live on as X.0 .. X.K, each order 0. */
static void count_split(struct check *c, const struct trace_record *rec)
{
	const char *id = trace_record_get(rec, "id");
	struct alloc_key k;
	unsigned int order;
	size_t size;
	char *piece;

	if (!id)
		return;
	alloc_key_init(&k, id);
	if (!alloc_ids_order(&c->ids, &k, &order) || !order || !alloc_ids_take(&c->ids, &k, NULL))
		return;
	size = strlen(id) + 8;		/* ".1023" and the NUL */
	piece = malloc(size);
	for (unsigned long i = 0; piece && i < 1ul << order; i++) {
		struct alloc_key pk;

		snprintf(piece, size, "%s.%lu", id, i);
		alloc_key_init(&pk, piece);
		if (alloc_ids_bind(&c->ids, &pk, RAW_HANDLE_NONE, 0))
			c->live_pages--;	/* a piece name taken: the replay refuses it */
	}
	if (!piece)
		c->live_pages -= 1ull << order;	/* out of memory: forget the pieces */
	free(piece);
}

static void count_proc(struct check *c, const char *verb)
{
	if (!strcmp(verb, "spawn") || !strcmp(verb, "fork")) {
		c->spawned += verb[0] == 's';
		c->forked += verb[0] == 'f';
		if (++c->alive > c->peak_alive)
			c->peak_alive = c->alive;
	} else if (!strcmp(verb, "exit")) {
		c->exited++;
		c->alive -= c->alive > 0;
	}
}

static void count_record(struct check *c, const struct trace_record *rec)
{
	c->now_ns = !rec->has_time ? c->now_ns + 1000 :
		    rec->time_ns > c->now_ns ? rec->time_ns : c->now_ns;
	if (!c->nr_events++)
		c->first_ns = c->now_ns;
	c->last_ns = c->now_ns;
	if (!strcmp(rec->verb, "alloc"))
		count_alloc(c, rec);
	else if (!strcmp(rec->verb, "free"))
		count_free(c, rec);
	else if (!strcmp(rec->verb, "split"))
		count_split(c, rec);
	else
		count_proc(c, rec->verb);
}

/* 0 at the end, -1 with the message in c->err. */
static int check_records(struct check *c, struct trace_reader *r)
{
	const struct engine_verb_ref *ref;
	struct trace_record rec;
	int got;

	while ((got = trace_reader_next(r, &rec, c->err, sizeof(c->err))) > 0) {
		if (engine_check_record(&c->e, &rec, &ref) != ENGINE_OK) {
			snprintf(c->err, sizeof(c->err), "%s", c->e.msg);
			return -1;
		}
		c->verb_counts[ref - c->e.verbs]++;
		count_record(c, &rec);
	}
	return got;
}

static uint64_t verb_count(const struct check *c, const char *name)
{
	for (size_t i = 0; i < c->nr_verbs; i++)
		if (!strcmp(verb_name(c, i), name))
			return c->verb_counts[i];
	return 0;
}

static void print_seconds(const char *label, uint64_t ns)
{
	printf("%-22s %" PRIu64 ".%09" PRIu64 " s\n", label, ns / 1000000000u, ns % 1000000000u);
}

static void print_text(const struct check *c, const char *file)
{
	printf("%s: valid numasim trace v1, %" PRIu64 " events\n\nevents per verb:\n", file,
	       c->nr_events);
	for (size_t i = 0; i < c->nr_verbs; i++)
		if (c->verb_counts[i])
			printf("  %-20s %" PRIu64 "\n", verb_name(c, i), c->verb_counts[i]);
	printf("\n");
	print_seconds("first event", c->first_ns);
	print_seconds("last event", c->last_ns);
	print_seconds("time span", c->last_ns - c->first_ns);
	printf("%-22s %" PRIu64 "\n%-22s %" PRIu64 "\n", "peak live pages", c->peak_pages,
	       "live pages at end", c->live_pages);
	printf("%-22s %" PRIu64 " spawned, %" PRIu64 " forked, %" PRIu64 " exited, "
	       "%" PRIu64 " alive at most\n", "processes", c->spawned, c->forked, c->exited,
	       c->peak_alive);
	printf("%-22s %" PRIu64 "\n", "snapshots", verb_count(c, "snapshot"));
}

static json_t *u64_json(uint64_t v)
{
	return json_integer((json_int_t)v);
}

static json_t *time_json(const struct check *c)
{
	json_t *t = json_object();

	json_object_set_new(t, "first_ns", u64_json(c->first_ns));
	json_object_set_new(t, "last_ns", u64_json(c->last_ns));
	json_object_set_new(t, "span_ns", u64_json(c->last_ns - c->first_ns));
	return t;
}

static int print_json(const struct check *c, const char *file)
{
	json_t *root = json_object(), *verbs = json_object(), *mem = json_object();
	json_t *procs = json_object();
	int ret;

	for (size_t i = 0; i < c->nr_verbs; i++)
		if (c->verb_counts[i])
			json_object_set_new(verbs, verb_name(c, i), u64_json(c->verb_counts[i]));
	json_object_set_new(mem, "peak_live_pages", u64_json(c->peak_pages));
	json_object_set_new(mem, "live_pages_at_end", u64_json(c->live_pages));
	json_object_set_new(procs, "spawned", u64_json(c->spawned));
	json_object_set_new(procs, "forked", u64_json(c->forked));
	json_object_set_new(procs, "exited", u64_json(c->exited));
	json_object_set_new(procs, "peak_alive", u64_json(c->peak_alive));
	json_object_set_new(root, "file", json_string(file));
	json_object_set_new(root, "valid", json_true());
	json_object_set_new(root, "events", u64_json(c->nr_events));
	json_object_set_new(root, "events_by_verb", verbs);
	json_object_set_new(root, "time", time_json(c));
	json_object_set_new(root, "memory", mem);
	json_object_set_new(root, "processes", procs);
	json_object_set_new(root, "snapshots", u64_json(verb_count(c, "snapshot")));
	ret = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	printf("\n");
	json_decref(root);
	return ret;
}

int sim_trace_check(const struct trace_check_opts *o)
{
	struct trace_reader *r;
	struct check *c = malloc(sizeof(*c));
	int ret;

	if (!c)
		return sim_fail(EXIT_HOST, "numasim: out of memory");
	if (check_init(c)) {
		ret = sim_fail(EXIT_HOST, c->err);
		goto out;
	}
	r = trace_reader_open(o->input, c->err, sizeof(c->err));
	ret = r ? check_records(c, r) : -1;
	if (r)
		trace_reader_close(r);
	if (ret) {
		ret = sim_fail(EXIT_BAD_INPUT, c->err);
	} else {
		int json_ret = o->json ? print_json(c, o->input) : 0;

		if (!o->json)
			print_text(c, o->input);
		ret = json_ret || fflush(stdout) || ferror(stdout) ?
		      sim_fail(EXIT_HOST, "numasim: standard output: write error") : EXIT_OK;
	}
out:
	check_release(c);
	free(c);
	return ret;
}

static const struct option check_options[] = {
	{ "json", no_argument, NULL, 256 },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

enum gen_cli_status trace_check_cli(int argc, char **argv, int *status, char *err,
				    size_t errlen)
{
	struct trace_check_opts o = { 0 };
	int c;

	optind = 0;	/* glibc: start afresh for this argv */
	opterr = 0;
	while ((c = cli_getopt(argc, argv, ":h", check_options)) != -1) {
		if (c == 'h')
			return GEN_CLI_HELP;
		if (c != 256) {
			cli_bad_option(c, argv, err, errlen);
			return GEN_CLI_USAGE;
		}
		o.json = true;
	}
	if (optind >= argc) {
		snprintf(err, errlen, "trace check: missing the trace FILE ('-' for stdin)");
		return GEN_CLI_USAGE;
	}
	if (argc - optind > 1) {
		snprintf(err, errlen, "trace check: unexpected argument '%s'", argv[optind + 1]);
		return GEN_CLI_USAGE;
	}
	o.input = argv[optind];
	*status = sim_trace_check(&o);
	return GEN_CLI_OK;
}
