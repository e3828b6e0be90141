/*
 * tests/bench/compact.c - the host time of one vm.compact_memory on a
 * fragmented machine.  The trace fragments the machine, takes a snapshot
 * named "fragmented", writes vm.compact_memory and takes one named
 * "compacted"; the engine's snapshot hook reads the clock and the
 * compaction counters at both, so the figure is the compaction's alone
 * (one event's dispatch and the daemons' tick aside), not the
 * fragmenting replay's.  Each run boots the machine afresh and replays
 * the whole trace; the figures are the median run's.
 *
 *   compact NAME CONFIG TRACE [RUNS]
 *
 * Prints one JSON object: seconds (median, and the fastest and slowest
 * run), pages scanned by both scanners (compact_migrate_scanned +
 * compact_free_scanned) and per second, pages migrated
 * (pgmigrate_success), and whether the median is under a second.
 */
#include "tests/bench/bench_common.h"

#include "mm/vmstat.h"
#include "sim/engine.h"
#include "sim/run.h"
#include "workloads/trace.h"

#define DEFAULT_RUNS	5
#define MAX_RUNS	31
#define TARGET_SECONDS	1.0

/* What one run saw at its two snapshots. */
struct compact_sample {
	double at[2];				/* host seconds at "fragmented", "compacted" */
	unsigned long scanned[2];		/* both scanners' pages */
	unsigned long migrated[2];		/* pgmigrate_success */
	unsigned int seen;
};

static int on_snapshot(void *ctx, const char *name, const struct machine *m, char *err,
		       size_t errlen)
{
	struct compact_sample *s = ctx;
	int i = !strcmp(name, "compacted");

	if (!i && strcmp(name, "fragmented"))
		return 0;
	s->at[i] = bench_now();
	s->scanned[i] = m->vm_events[COMPACTMIGRATE_SCANNED] + m->vm_events[COMPACTFREE_SCANNED];
	s->migrated[i] = m->vm_events[PGMIGRATE_SUCCESS];
	s->seen |= 1u << i;
	return 0;
}

static void run_once(const char *config, const char *trace, struct compact_sample *s)
{
	struct engine_opts opts = { .snapshot = on_snapshot, .snapshot_ctx = s };
	struct machine *m = calloc(1, sizeof(*m));
	struct trace_reader *r;
	struct engine e;
	char err[256];

	memset(s, 0, sizeof(*s));
	if (!m || sim_boot_machine(config, NULL, NULL, m) != 0)
		exit(1);
	r = trace_reader_open(trace, err, sizeof(err));
	if (!r || engine_init(&e, m, &opts) != ENGINE_OK || engine_replay(&e, r) != ENGINE_OK) {
		fprintf(stderr, "compact: %s\n", r ? e.msg : err);
		exit(1);
	}
	engine_release(&e);
	trace_reader_close(r);
	machine_release(m);
	free(m);
	if (s->seen != 3) {
		fprintf(stderr, "compact: %s lacks snapshot 'fragmented' or 'compacted'\n", trace);
		exit(1);
	}
}

static int by_seconds(const void *a, const void *b)
{
	const struct compact_sample *x = a, *y = b;
	double dx = x->at[1] - x->at[0], dy = y->at[1] - y->at[0];

	return (dx > dy) - (dx < dy);
}

int main(int argc, char **argv)
{
	struct compact_sample s[MAX_RUNS];
	unsigned long scanned, migrated;
	int runs = argc > 4 ? atoi(argv[4]) : DEFAULT_RUNS;
	double sec;

	if (argc < 4 || runs < 1 || runs > MAX_RUNS) {
		fprintf(stderr, "usage: compact NAME CONFIG TRACE [RUNS (1..%d)]\n", MAX_RUNS);
		return 2;
	}
	for (int i = 0; i < runs; i++)
		run_once(argv[2], argv[3], &s[i]);
	qsort(s, (size_t)runs, sizeof(s[0]), by_seconds);
	sec = s[runs / 2].at[1] - s[runs / 2].at[0];
	scanned = s[runs / 2].scanned[1] - s[runs / 2].scanned[0];
	migrated = s[runs / 2].migrated[1] - s[runs / 2].migrated[0];
	printf("{\"bench\": \"%s\", \"runs\": %d, \"seconds\": %.4f, \"min_seconds\": %.4f, "
	       "\"max_seconds\": %.4f, \"pages_scanned\": %lu, \"scanned_per_sec\": %.0f, "
	       "\"pages_migrated\": %lu, \"migrated_per_sec\": %.0f, \"target_seconds\": %.1f, "
	       "\"target_met\": %s}\n",
	       argv[1], runs, sec, s[0].at[1] - s[0].at[0], s[runs - 1].at[1] - s[runs - 1].at[0],
	       scanned, (double)scanned / sec, migrated, (double)migrated / sec, TARGET_SECONDS,
	       sec < TARGET_SECONDS ? "true" : "false");
	return 0;
}
