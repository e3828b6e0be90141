/*
 * workloads/input.h - the user's input files as numasim's messages treat
 * them: opening one for reading, and quoting its name and its text so that
 * every message stays one line of plain ASCII.
 *
 * Shared by the trace reader (workloads/trace.c) and the config loader
 * (sim/config.c).  It lives in workloads/ because that is the lowest layer
 * that reads the user's text: sim/ already builds on it, and it needs
 * nothing of sim/ or mm/.
 */
#ifndef WORKLOADS_INPUT_H
#define WORKLOADS_INPUT_H

#include <stddef.h>
#include <zlib.h>

/*
 * Copy src into dst (dstlen bytes, always NUL-terminated when dstlen > 0):
 * printable ASCII and the blank as they are, every other byte (controls,
 * DEL, 0x80 and up) as "\xNN".  An escape that does not fit is left out
 * whole, never cut.  Returns dst.
 */
char *input_escape(char *dst, size_t dstlen, const char *src);

/* The most bytes input_escape() writes for src, its NUL included. */
#define INPUT_ESCAPED_SIZE(len)	(4 * (len) + 1)

/*
 * Open path for reading.  Regular files and pipes are read (a config may
 * come from `-c <(...)`); a directory and a character or block device are
 * refused up front: none of them is a file of text that ends.
 * Returns a file descriptor (O_CLOEXEC), or -1 with
 * "PATH: cannot open: REASON" (PATH escaped) in err.
 */
int input_open(const char *path, char *err, size_t errlen);

/*
 * The same check for a descriptor already open (standard input): -1 with
 * "NAME: cannot open: Is a directory" in err for a directory, else 0.
 * Devices pass: a terminal or /dev/null on standard input is the user's
 * explicit choice.
 */
int input_check_stdin(int fd, const char *name, char *err, size_t errlen);

/*
 * input_open() of path, or a descriptor of standard input for "-" (checked
 * by input_check_stdin()).  *name gets the name messages use: path, or
 * "<stdin>".  Returns the descriptor or -1 with the message in err.
 */
int input_open_or_stdin(const char *path, const char **name, char *err, size_t errlen);

/* What a gzip stream that ends early is called in read errors. */
#define INPUT_GZ_TRUNCATED	"not a valid gzip stream (it ends early: truncated file?)"

/*
 * Why gzread() on gz failed, in a user's words (zlib's own message names
 * the descriptor and inflate's inner workings).
 */
const char *input_gz_error(gzFile gz);

/*
 * Read fd to its end into *text (malloc'ed, NUL-terminated; *len bytes
 * before the NUL), at most max bytes.  Returns 0, or an errno value with
 * nothing allocated: ENOMEM, EFBIG when fd holds more than max bytes, or
 * read()'s own.
 */
int input_read_all(int fd, size_t max, char **text, size_t *len);

#endif /* WORKLOADS_INPUT_H */
