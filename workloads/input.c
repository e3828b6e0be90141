/*
 * workloads/input.c - opening the user's input files and quoting their
 * text in messages (input.h).
 *
 * numasim's bad-input contract is one message line per error.  A config
 * value, a JSON key or a file name may hold a newline or an escape
 * sequence; printed as it is, it would split the line or drive the user's
 * terminal.  Every byte outside printable ASCII therefore goes out as
 * "\xNN", the hex the trace reader already uses to name a byte it refuses.
 * A backslash stays as it is: messages quote what the user wrote, and JSON
 * text is full of backslashes.
 *
 * Invariants: input_escape() writes only bytes 0x20..0x7e and the final
 * NUL; input_open() never returns a descriptor of a directory or device.
 *
 * No kernel counterpart.
 */
#include "workloads/input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool byte_is_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f;
}

char *input_escape(char *dst, size_t dstlen, const char *src)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;

	if (dstlen == 0)
		return dst;
	for (const unsigned char *p = (const unsigned char *)src; *p; p++) {
		if (byte_is_plain(*p)) {
			if (n + 1 >= dstlen)
				break;
			dst[n++] = (char)*p;
			continue;
		}
		if (n + 4 >= dstlen)
			break;
		dst[n++] = '\\';
		dst[n++] = 'x';
		dst[n++] = hex[*p >> 4];
		dst[n++] = hex[*p & 0xf];
	}
	dst[n] = '\0';
	return dst;
}

static void open_error(const char *name, const char *reason, char *err, size_t errlen)
{
	char quoted[1024];

	snprintf(err, errlen, "%s: cannot open: %s",
		 input_escape(quoted, sizeof(quoted), name), reason);
}

/* NULL for what may be read, else why not (in the words of strerror()). */
static const char *unreadable_type(mode_t mode, bool devices_ok)
{
	if (S_ISDIR(mode))
		return strerror(EISDIR);
	if (devices_ok)
		return NULL;
	if (S_ISCHR(mode))
		return "Is a character device, not a file or a pipe";
	if (S_ISBLK(mode))
		return "Is a block device, not a file or a pipe";
	return NULL;
}

/* fd < 0: look at path itself.  Returns 0 if it may be read. */
static int check_type(int fd, const char *name, bool devices_ok, char *err, size_t errlen)
{
	struct stat st;
	const char *why;

	if ((fd < 0 ? stat(name, &st) : fstat(fd, &st)) != 0) {
		open_error(name, strerror(errno), err, errlen);
		return -1;
	}
	why = unreadable_type(st.st_mode, devices_ok);
	if (why) {
		open_error(name, why, err, errlen);
		return -1;
	}
	return 0;
}

/*
 * The path is looked at before it is opened, because opening a device can
 * act (a tape rewinds, a watchdog arms); the descriptor is looked at again
 * in case the path changed in between.
 */
int input_open(const char *path, char *err, size_t errlen)
{
	int fd;

	if (check_type(-1, path, false, err, errlen))
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		open_error(path, strerror(errno), err, errlen);
		return -1;
	}
	if (check_type(fd, path, false, err, errlen)) {
		close(fd);
		return -1;
	}
	return fd;
}

int input_check_stdin(int fd, const char *name, char *err, size_t errlen)
{
	return check_type(fd, name, true, err, errlen);
}

int input_open_or_stdin(const char *path, const char **name, char *err, size_t errlen)
{
	int fd;

	*name = path;
	if (strcmp(path, "-") != 0)
		return input_open(path, err, errlen);
	*name = "<stdin>";
	fd = dup(STDIN_FILENO);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot open: %s", *name, strerror(errno));
		return -1;
	}
	if (input_check_stdin(fd, *name, err, errlen)) {
		close(fd);
		return -1;
	}
	return fd;
}

const char *input_gz_error(gzFile gz)
{
	int zerr;

	gzerror(gz, &zerr);
	switch (zerr) {
	case Z_ERRNO:
		return strerror(errno);
	case Z_DATA_ERROR:
		return "not a valid gzip stream (the compressed data is corrupt)";
	case Z_BUF_ERROR:
		return INPUT_GZ_TRUNCATED;
	case Z_MEM_ERROR:
		return "out of memory";
	default:
		return "the gzip library failed";
	}
}

int input_read_all(int fd, size_t max, char **text, size_t *len)
{
	size_t cap = max < 65536 ? max + 1 : 65536, n = 0;
	char *buf = malloc(cap), *bigger;
	ssize_t got = 0;

	while (buf) {
		got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		n += (size_t)got;
		if (n > max)
			break;
		if (n == cap) {
			/* one byte past max tells a file of max bytes from a longer one */
			cap = cap > max / 2 ? max + 1 : cap * 2;
			bigger = realloc(buf, cap);
			if (!bigger)
				free(buf);
			buf = bigger;
		}
	}
	if (!buf)
		return ENOMEM;
	if (got < 0 || n > max) {
		int e = got < 0 ? errno : EFBIG;

		free(buf);
		return e;
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}
