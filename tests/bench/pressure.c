/*
 * tests/bench/pressure.c - what memory pressure costs a replay: the same
 * events on a 4 GiB machine, where they need three times its memory
 * (kswapd and direct reclaim, writeback, swap), and on a 16 GiB machine
 * that holds them all (no reclaim).  The trace is a page cache stream
 * (a 4 GiB file written, another 4 GiB file read, a MiB per call) and
 * 6 GiB of anonymous memory written a MiB per touch, with 8 GiB of swap
 * on both machines.  Only the replay is timed, not the boot.
 *
 *   pressure [RUNS]
 *
 * Prints one JSON object: the events, both rates (events per second of
 * host time, the median run's), their ratio, what the pressured run
 * reclaimed and swapped, and whether the ratio meets the target (the
 * pressured replay at least half as fast as the unpressured one).
 */
#include "tests/bench/bench_common.h"

#include <stdarg.h>
#include <unistd.h>

#include "mm/vmstat.h"
#include "sim/engine.h"
#include "sim/run.h"
#include "workloads/trace.h"

#define MiB		(1ull << 20)
#define FILE_MIB	4096
#define ANON_MIB	6144
#define MAX_RUNS	9
#define TARGET_RATIO	0.5

struct text {
	char *buf;
	size_t len, cap;
	unsigned long events;
};

__attribute__((format(printf, 2, 3)))
static void line(struct text *t, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);

	if (t->len + (size_t)n + 1 > t->cap) {
		t->cap = 2 * t->cap + (size_t)n + 4096;
		t->buf = realloc(t->buf, t->cap);
		if (!t->buf)
			exit(1);
	}
	memcpy(t->buf + t->len, tmp, (size_t)n + 1);
	t->len += (size_t)n;
	t->events++;
}

static void build_trace(struct text *t)
{
	line(t, "numasim-trace v1\nspawn pid=%d\n", 1);
	line(t, "truncate pid=1 file=r len=%dM\n", FILE_MIB);
	line(t, "mmap pid=1 len=%dM id=a\n", ANON_MIB);
	for (unsigned long long i = 0; i < FILE_MIB; i++)
		line(t, "write pid=1 file=w off=%lluM len=1M\n", i);
	for (unsigned long long i = 0; i < FILE_MIB; i++)
		line(t, "read pid=1 file=r off=%lluM len=1M\n", i);
	for (unsigned long long i = 0; i < ANON_MIB; i++)
		line(t, "touch pid=1 addr=@a+%lluM len=1M write\n", i);
}

struct sample {
	double seconds;
	unsigned long pgsteal, pswpout, oom_kills;
};

static void write_config(const char *path, const char *mem)
{
	FILE *f = fopen(path, "w");

	if (!f)
		exit(1);
	fprintf(f, "{\"machine\": {\"nodes\": [{\"mem\": \"%s\", \"cpus\": 2}]},"
		   " \"kernel\": {\"transparent_hugepage\": \"never\","
		   " \"swap\": [{\"size\": \"8G\"}]}}\n", mem);
	fclose(f);
}

static void run_once(const char *config, const struct text *t, struct sample *s)
{
	struct engine_opts opts = { 0 };
	struct machine *m = calloc(1, sizeof(*m));
	struct trace_reader *r;
	struct engine e;
	double t0;

	if (!m || sim_boot_machine(config, NULL, NULL, m) != 0)
		exit(1);
	r = trace_reader_open_memory("pressure.trace", t->buf, t->len);
	if (!r || engine_init(&e, m, &opts) != ENGINE_OK)
		exit(1);
	t0 = bench_now();
	if (engine_replay(&e, r) != ENGINE_OK) {
		fprintf(stderr, "pressure: %s\n", e.msg);
		exit(1);
	}
	s->seconds = bench_now() - t0;
	s->pgsteal = m->vm_events[PGSTEAL_KSWAPD] + m->vm_events[PGSTEAL_DIRECT];
	s->pswpout = m->vm_events[PSWPOUT];
	s->oom_kills = m->oom.nr_kills;
	engine_release(&e);
	trace_reader_close(r);
	machine_release(m);
	free(m);
}

static int by_seconds(const void *a, const void *b)
{
	const struct sample *x = a, *y = b;

	return (x->seconds > y->seconds) - (x->seconds < y->seconds);
}

/* The median of runs replays on config. */
static struct sample median(const char *config, const struct text *t, int runs)
{
	struct sample s[MAX_RUNS];

	for (int i = 0; i < runs; i++)
		run_once(config, t, &s[i]);
	qsort(s, (size_t)runs, sizeof(s[0]), by_seconds);
	return s[runs / 2];
}

int main(int argc, char **argv)
{
	char small[] = "/tmp/numasim-pressure-4g-XXXXXX", big[] = "/tmp/numasim-pressure-16g-XXXXXX";
	int runs = argc > 1 ? atoi(argv[1]) : 3;
	struct text t = { 0 };
	struct sample p, u;
	double rp, ru;
	int fd1, fd2;

	if (runs < 1 || runs > MAX_RUNS) {
		fprintf(stderr, "usage: pressure [RUNS (1..%d)]\n", MAX_RUNS);
		return 2;
	}
	fd1 = mkstemp(small);
	fd2 = mkstemp(big);
	if (fd1 < 0 || fd2 < 0)
		return 1;
	close(fd1);
	close(fd2);
	write_config(small, "4G");
	write_config(big, "16G");
	build_trace(&t);
	p = median(small, &t, runs);
	u = median(big, &t, runs);
	unlink(small);
	unlink(big);
	rp = (double)t.events / p.seconds;
	ru = (double)t.events / u.seconds;
	printf("{\"bench\": \"pressure\", \"runs\": %d, \"events\": %lu, "
	       "\"pressured_seconds\": %.3f, \"pressured_events_per_sec\": %.0f, "
	       "\"unpressured_seconds\": %.3f, \"unpressured_events_per_sec\": %.0f, "
	       "\"ratio\": %.3f, \"pressured_pgsteal\": %lu, \"pressured_pswpout\": %lu, "
	       "\"unpressured_pgsteal\": %lu, \"oom_kills\": %lu, \"target_ratio\": %.1f, "
	       "\"target_met\": %s}\n",
	       runs, t.events, p.seconds, rp, u.seconds, ru, rp / ru, p.pgsteal, p.pswpout,
	       u.pgsteal, p.oom_kills + u.oom_kills, TARGET_RATIO,
	       rp / ru >= TARGET_RATIO ? "true" : "false");
	free(t.buf);
	return 0;
}
