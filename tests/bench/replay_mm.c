/*
 * tests/bench/replay_mm.c - the allocator's share of a replay: read a trace
 * of numbered alloc/free events (as `numasim gen churn` writes them) into
 * an array first, then time only the calls into mm/ (alloc_pages_node,
 * __free_pages, kswapd), with no text parsing and no name table.  Compare
 * with the whole-process replay figure to see what parsing and dispatch cost.
 *
 *   replay_mm TRACE
 */
#include "tests/bench/bench_common.h"

#include "mm/daemon.h"
#include "mm/gfp.h"
#include "mm/internal.h"
#include "workloads/trace.h"

struct op {
	uint32_t id;		/* the number of the allocation's name (m123 -> 123) */
	uint8_t is_free, order, cpu;
	int8_t node;
	gfp_t gfp;
};

static void parse_op(const struct trace_record *rec, struct op *o, uint8_t *cpu)
{
	o->node = -1;
	o->is_free = rec->verb[0] == 'f';
	for (unsigned int a = 0; a < rec->nr_args; a++) {
		const char *k = rec->args[a].key, *v = rec->args[a].value;
		size_t bad;

		if (!strcmp(k, "id"))
			o->id = (uint32_t)strtoul(v + 1, NULL, 10);
		else if (!strcmp(k, "order"))
			o->order = (uint8_t)atoi(v);
		else if (!strcmp(k, "cpu"))
			*cpu = (uint8_t)atoi(v);
		else if (!strcmp(k, "node"))
			o->node = (int8_t)atoi(v);
		else if (!strcmp(k, "gfp"))
			gfp_parse(v, strlen(v), &o->gfp, &bad);
	}
	o->cpu = *cpu;
}

static struct op *load_ops(const char *path, size_t *nr, uint32_t *max_id)
{
	size_t cap = 1 << 20;
	struct op *ops = malloc(cap * sizeof(*ops));
	struct trace_record rec = { 0 };
	struct trace_reader *r;
	uint8_t cpu = 0;
	char err[256];

	r = trace_reader_open(path, err, sizeof(err));
	if (!r || !ops) {
		fprintf(stderr, "replay_mm: %s\n", r ? "out of memory" : err);
		exit(1);
	}
	*nr = 0;
	*max_id = 0;
	while (trace_reader_next(r, &rec, err, sizeof(err)) > 0) {
		if (strcmp(rec.verb, "alloc") && strcmp(rec.verb, "free"))
			continue;
		if (*nr == cap)
			ops = realloc(ops, (cap *= 2) * sizeof(*ops));
		memset(&ops[*nr], 0, sizeof(ops[0]));
		parse_op(&rec, &ops[*nr], &cpu);
		if (ops[*nr].id > *max_id)
			*max_id = ops[*nr].id;
		(*nr)++;
	}
	trace_reader_close(r);
	return ops;
}

int main(int argc, char **argv)
{
	struct machine *m;
	struct page **pages;
	uint8_t *orders;
	uint32_t max_id;
	struct op *ops;
	size_t nr;
	double t0, dt;

	if (argc < 2) {
		fprintf(stderr, "usage: replay_mm TRACE\n");
		return 2;
	}
	ops = load_ops(argv[1], &nr, &max_id);
	m = bench_boot(2, (uint64_t)4 << 30, 2);
	pages = calloc(max_id + 1, sizeof(*pages));
	orders = calloc(max_id + 1, 1);
	t0 = bench_now();
	for (size_t i = 0; i < nr; i++) {
		const struct op *o = &ops[i];

		m->current_cpu = o->cpu;
		if (o->is_free) {
			if (pages[o->id])
				__free_pages(m, pages[o->id], orders[o->id]);
			pages[o->id] = NULL;
		} else {
			pages[o->id] = alloc_pages_node(m, o->node, o->gfp, o->order);
			orders[o->id] = o->order;
		}
		mm_run_daemons(m, m->clock_ns);
	}
	dt = bench_now() - t0;
	printf("{\"bench\": \"replay_mm\", \"events\": %zu, \"seconds\": %.3f, \"events_per_sec\": %.0f}\n",
	       nr, dt, (double)nr / dt);
	return 0;
}
