/*
 * workloads/line_reader.c - lines of a text file, streamed (line_reader.h).
 *
 * zlib's gzread() reads both plain and gzip files (it passes plain bytes
 * through), so one path serves both.  The buffer holds one chunk; a line
 * cut by the chunk's end is moved to the front before the next read, so
 * memory does not grow with the file.  The kernel's trace text has short
 * lines; the limit only stops a file that is no text at all.
 *
 * Invariants: start <= end <= chunk bytes; [start, end) is the unread
 * text; once failed is set, fatal holds the message every call repeats.
 *
 * No kernel counterpart.
 */
#include "workloads/line_reader.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "workloads/input.h"

/* zlib's own buffer: large reads go straight into ours. */
#define LINE_READER_GZ_BUFFER	(256u << 10)

struct line_reader {
	char *name;			/* escaped, owned */
	gzFile gz;			/* NULL: reading memory */
	uint64_t file_bytes;		/* a regular file's size; 0: unknown */
	char *buf;			/* cap + 1 bytes (room for a last NUL) */
	size_t cap;
	size_t start, end;
	bool eof;
	bool failed;
	unsigned long line;
	char fatal[512];
};

static struct line_reader *reader_new(const char *name, size_t cap)
{
	struct line_reader *r = calloc(1, sizeof(*r));
	size_t name_size = INPUT_ESCAPED_SIZE(strlen(name));

	if (!r)
		return NULL;
	r->name = malloc(name_size);
	r->buf = malloc(cap + 1);
	if (!r->name || !r->buf) {
		line_reader_close(r);
		return NULL;
	}
	input_escape(r->name, name_size, name);
	r->cap = cap;
	return r;
}

struct line_reader *line_reader_open(const char *path, char *err, size_t errlen)
{
	const char *name;
	int fd = input_open_or_stdin(path, &name, err, errlen);
	struct line_reader *r;
	struct stat st;

	if (fd < 0)
		return NULL;
	r = reader_new(name, LINE_READER_MAX_BYTES);
	if (r && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		r->file_bytes = (uint64_t)st.st_size;
	if (r)
		r->gz = gzdopen(fd, "rb");
	if (!r || !r->gz) {
		snprintf(err, errlen, "%s: cannot open: out of memory", r ? r->name : "input");
		line_reader_close(r);
		close(fd);
		return NULL;
	}
	gzbuffer(r->gz, LINE_READER_GZ_BUFFER);
	return r;
}

struct line_reader *line_reader_open_memory(const char *name, const char *text, size_t len)
{
	struct line_reader *r = reader_new(name, len);

	if (!r)
		return NULL;
	memcpy(r->buf, text, len);
	r->end = len;
	r->eof = true;
	return r;
}

void line_reader_close(struct line_reader *r)
{
	if (!r)
		return;
	if (r->gz)
		gzclose(r->gz);
	free(r->buf);
	free(r->name);
	free(r);
}

static int reader_fail(struct line_reader *r, const char *reason, char *err, size_t errlen)
{
	snprintf(r->fatal, sizeof(r->fatal), "%s:%lu: %s", r->name, r->line + 1, reason);
	r->failed = true;
	snprintf(err, errlen, "%s", r->fatal);
	return -1;
}

/* Move the unread tail to the front and read behind it.  0 or -1. */
static int reader_refill(struct line_reader *r, char *err, size_t errlen)
{
	size_t tail = r->end - r->start;
	int got, zerr;

	if (tail == r->cap)
		return reader_fail(r, "line too long (a line may hold at most 1048575 bytes)",
				   err, errlen);
	memmove(r->buf, r->buf + r->start, tail);
	r->start = 0;
	r->end = tail;
	got = gzread(r->gz, r->buf + tail, (unsigned int)(r->cap - tail));
	if (got < 0) {
		char why[256];

		snprintf(why, sizeof(why), "read error: %s", input_gz_error(r->gz));
		return reader_fail(r, why, err, errlen);
	}
	if (got == 0) {
		gzerror(r->gz, &zerr);	/* a gzip stream cut short ends quietly */
		if (zerr == Z_BUF_ERROR)
			return reader_fail(r, "read error: " INPUT_GZ_TRUNCATED, err, errlen);
		r->eof = true;
	}
	r->end += (size_t)got;
	return 0;
}

int line_reader_next(struct line_reader *r, char **line, size_t *len, char *err, size_t errlen)
{
	size_t scanned = r->start;

	if (r->failed) {
		snprintf(err, errlen, "%s", r->fatal);
		return -1;
	}
	for (;;) {
		char *s = r->buf + r->start;
		char *nl = memchr(r->buf + scanned, '\n', r->end - scanned);
		char *stop = nl;

		if (!nl && !r->eof) {
			size_t done = r->end - r->start;	/* holds no LF */

			if (reader_refill(r, err, errlen))
				return -1;
			scanned = done;
			continue;
		}
		if (!nl) {
			if (r->start == r->end)
				return 0;
			stop = r->buf + r->end;	/* a last line without its LF */
		}
		r->start = (size_t)(stop - r->buf) + (nl != NULL);
		r->line++;
		if (stop > s && stop[-1] == '\r')
			stop--;
		*stop = '\0';
		*line = s;
		*len = (size_t)(stop - s);
		return 1;
	}
}

unsigned long line_reader_line(const struct line_reader *r)
{
	return r->line;
}

const char *line_reader_name(const struct line_reader *r)
{
	return r->name;
}

void line_reader_position(const struct line_reader *r, uint64_t *done_bytes,
			  uint64_t *total_bytes)
{
	if (!r->gz) {
		*done_bytes = r->start;
		*total_bytes = r->end;
		return;
	}
	/* gzoffset(): where zlib has read the file to, compressed or not */
	*done_bytes = (uint64_t)gzoffset(r->gz);
	*total_bytes = r->file_bytes;
}
