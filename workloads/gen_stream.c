/*
 * workloads/gen_stream.c - the page cache stream (gen_stream.h).
 *
 * The events (P the pid, F the file, C the chunk, S the size):
 *
 *   spawn pid=P cpu=N name=stream
 *   truncate pid=P file=F len=S             mode read only: a file of S
 *	bytes whose blocks the page cache has never seen
 *   [@T] write pid=P file=F off=O len=C     modes write and both: O = 0,
 *	C, 2C, ... up to S (the last call shorter when C does not divide S);
 *	generic_perform_write() dirties each page, balance_dirty_pages()
 *	throttles the writer behind the flusher
 *   [@T] fsync pid=P file=F                 the dirty tail written
 *   [@T] read pid=P file=F off=O len=C      modes read and both: the same
 *	offsets; filemap_read() with sequential readahead
 *   [@T] exit pid=P
 *
 * With a rate, each call is stamped when a task streaming at that many
 * MiB/s would make it (the byte offset over the rate, both passes one
 * after the other); fsync and exit follow the last call of their pass.
 * Without one the events are untimed: the clock moves by the waits for
 * the device alone.
 *
 * Invariants: the output is a pure function of the parameters; the calls
 * of a pass cover [0, S) exactly once, in order.
 *
 * Kernel counterpart: none; the events stand for dd's system calls.
 */
#include "workloads/gen_stream.h"

#include <inttypes.h>
#include <string.h>

#include "workloads/gen_memory.h"

#define NSEC_PER_SEC	1000000000ull
#define MIB		(1ull << 20)

const char *const gen_stream_mode_names[GEN_STREAM_NR_MODES] = {
	[GEN_STREAM_READ] = "read", [GEN_STREAM_WRITE] = "write", [GEN_STREAM_BOTH] = "both",
};

void gen_stream_default_params(struct gen_stream_params *p)
{
	memset(p, 0, sizeof(*p));
	p->chunk_bytes = MIB;
	p->mode = GEN_STREAM_WRITE;
	p->file = "stream";
	p->pid = GEN_STREAM_PID;
}

void gen_stream_size_from_ram(struct gen_stream_params *p)
{
	if (!p->size_bytes)
		p->size_bytes = 3 * p->ram_bytes;
}

uint64_t gen_stream_nr_calls(const struct gen_stream_params *p)
{
	return (p->size_bytes + p->chunk_bytes - 1) / p->chunk_bytes;
}

int gen_stream_name_ok(const char *name)
{
	size_t len = strlen(name);

	if (!len || len > GEN_STREAM_NAME_MAX || name[0] == '.')
		return 0;
	return strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		      "0123456789_./-") == len;
}

const char *gen_stream_check(const struct gen_stream_params *p)
{
	if (!p->size_bytes || p->size_bytes > GEN_STREAM_MAX_BYTES)
		return "size must be at least 1 byte and at most 16T (the largest file)";
	if (!p->chunk_bytes || p->chunk_bytes > GEN_STREAM_MAX_CHUNK)
		return "chunk must be at least 1 byte and at most 1G";
	if ((unsigned int)p->mode >= GEN_STREAM_NR_MODES)
		return "mode must be read, write or both";
	if (!p->file || !gen_stream_name_ok(p->file))
		return "file must be 1 to 64 of A-Z a-z 0-9 _ . / -, not starting with '.'";
	if (!p->pid || p->pid > INT32_MAX)
		return "pid must be 1 to 2147483647";
	if (p->rate_mib_s > GEN_STREAM_MAX_RATE)
		return "rate must be at most 1048576 MiB/s";
	return NULL;
}

/* "@S.NNNNNNNNN " for the byte at pos of the stream, or "" untimed. */
static void put_time(FILE *out, const struct gen_stream_params *p, uint64_t pos)
{
	unsigned __int128 ns;

	if (!p->rate_mib_s)
		return;
	ns = (unsigned __int128)pos * NSEC_PER_SEC / (p->rate_mib_s * MIB);
	fprintf(out, "@%" PRIu64 ".%09" PRIu64 " ", (uint64_t)(ns / NSEC_PER_SEC),
		(uint64_t)(ns % NSEC_PER_SEC));
}

/* One pass of calls of verb over the file; base: the stream's bytes before it. */
static void write_pass(FILE *out, const struct gen_stream_params *p, const char *verb,
		       uint64_t base)
{
	char len[32];

	for (uint64_t off = 0; off < p->size_bytes; off += p->chunk_bytes) {
		uint64_t n = p->size_bytes - off < p->chunk_bytes ? p->size_bytes - off :
			     p->chunk_bytes;

		put_time(out, p, base + off);
		fprintf(out, "%s pid=%u file=%s off=%" PRIu64 " len=%s\n", verb, p->pid, p->file,
			off, gen_format_size(len, sizeof(len), n));
	}
}

static void write_header(FILE *out, const struct gen_stream_params *p)
{
	char size[32], chunk[32];

	fprintf(out, "numasim-trace v1\n"
		"# numasim gen stream: mode %s, %s of file %s in %" PRIu64 " calls of %s,\n"
		"# %s.\n",
		gen_stream_mode_names[p->mode], gen_format_size(size, sizeof(size), p->size_bytes),
		p->file, gen_stream_nr_calls(p), gen_format_size(chunk, sizeof(chunk),
								 p->chunk_bytes),
		p->rate_mib_s ? "timed" : "untimed");
	if (p->rate_mib_s)
		fprintf(out, "# Timed for %" PRIu64 " MiB/s.\n", p->rate_mib_s);
}

int gen_stream_writer(FILE *out, const void *params)
{
	const struct gen_stream_params *p = params;
	uint64_t base = 0;

	if (gen_stream_check(p))
		return -1;
	write_header(out, p);
	fprintf(out, "spawn pid=%u cpu=%u name=stream\n", p->pid, p->cpu);
	if (p->mode == GEN_STREAM_READ)
		fprintf(out, "truncate pid=%u file=%s len=%" PRIu64 "\n", p->pid, p->file,
			p->size_bytes);
	if (p->mode != GEN_STREAM_READ) {
		write_pass(out, p, "write", 0);
		base = p->size_bytes;
		put_time(out, p, base);
		fprintf(out, "fsync pid=%u file=%s\n", p->pid, p->file);
	}
	if (p->mode != GEN_STREAM_WRITE) {
		write_pass(out, p, "read", base);
		base += p->size_bytes;
		put_time(out, p, base);
	}
	fprintf(out, "exit pid=%u\n", p->pid);
	return ferror(out) ? -1 : 0;
}
