/*
 * sim/output_path.c - the path questions staged output asks: where a
 * name's symbolic links lead, whether two names are one directory, where a
 * file really lies below a directory.
 *
 * Identity is decided by device and inode wherever the file exists, so
 * "./t.trace", "t.trace" and a hard link are one file; by name only for
 * paths that do not exist yet.
 *
 * No kernel counterpart.
 */
#include "sim/output_internal.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Linux's MAXSYMLINKS: as many links as path resolution follows. */
#define FOLLOW_MAX_LINKS	40

char *opath_strip_slashes(const char *path)
{
	char *s = strdup(path);
	size_t len;

	if (!s)
		return NULL;
	len = strlen(s);
	while (len > 1 && s[len - 1] == '/')
		s[--len] = '\0';
	return s;
}

char *opath_dirname(const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');

	if (!slash) {
		*base = path;
		return strdup(".");
	}
	*base = slash + 1;
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

char *opath_join(const char *a, const char *b)
{
	char *s;

	if (asprintf(&s, "%s/%s", a, b) < 0)
		return NULL;
	return s;
}

/* Where the link at path points, relative targets taken from path's directory. */
static char *link_target(const char *path)
{
	char buf[PATH_MAX], *dir, *next;
	const char *base;
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);

	if (n < 0)
		return NULL;
	buf[n] = '\0';
	if (buf[0] == '/')
		return strdup(buf);
	dir = opath_dirname(path, &base);
	next = dir ? opath_join(dir, buf) : NULL;
	free(dir);
	return next;
}

char *opath_follow(const char *path)
{
	char *cur = strdup(path);

	for (int hops = 0; cur && hops <= FOLLOW_MAX_LINKS; hops++) {
		struct stat st;
		char *next;

		if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
			return cur;
		next = link_target(cur);
		free(cur);
		cur = next;
	}
	free(cur);
	errno = ELOOP;
	return NULL;
}

bool opath_same_inode(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

static const char *skip_dot_slash(const char *p)
{
	while (p[0] == '.' && p[1] == '/')
		p += 2;
	return p;
}

bool opath_same_dir(const char *a, const char *b)
{
	struct stat sa, sb;
	char *na, *nb;
	bool same;

	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return opath_same_inode(&sa, &sb);
	na = opath_strip_slashes(skip_dot_slash(a));
	nb = opath_strip_slashes(skip_dot_slash(b));
	same = na && nb && !strcmp(na, nb);
	free(na);
	free(nb);
	return same;
}

char *opath_below(const char *dir, const char *path)
{
	char *d = realpath(dir, NULL), *p = realpath(path, NULL), *rel = NULL;
	size_t len = d ? strlen(d) : 0;

	/* "/" is the one canonical directory name that ends in '/'. */
	if (d && len == 1)
		len = 0;
	if (d && p && !strncmp(p, d, len) && p[len] == '/' && p[len + 1])
		rel = strdup(p + len + 1);
	free(d);
	free(p);
	return rel;
}
