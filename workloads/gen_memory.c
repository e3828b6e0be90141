/*
 * workloads/gen_memory.c - see gen_memory.h.  open_memstream() gives the
 * writers the same FILE * interface as a file.
 *
 * No kernel counterpart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workloads/gen_memory.h"

int gen_write_memory(gen_write_fn write, const void *params, char **text, size_t *len)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	int rc;

	if (!f)
		return -1;
	rc = write(f, params);
	if (fclose(f) != 0)
		rc = -1;
	if (rc < 0) {
		free(buf);
		return -1;
	}
	*text = buf;
	*len = size;
	return 0;
}

int gen_name_index(const char *const *names, int nr, const char *name)
{
	for (int i = 0; i < nr; i++)
		if (!strcmp(name, names[i]))
			return i;
	return -1;
}

const char *gen_name_of(const char *const *names, int nr, int index)
{
	return index >= 0 && index < nr ? names[index] : "?";
}

char *gen_format_size(char *buf, size_t len, uint64_t bytes)
{
	static const char units[] = "KMGT";
	int shift = 0;

	/* T (2^40) is the largest suffix a trace size takes. */
	while (bytes && shift < 40 && !(bytes & ((1ull << (shift + 10)) - 1)))
		shift += 10;
	if (shift)
		snprintf(buf, len, "%llu%c", (unsigned long long)(bytes >> shift),
			 units[shift / 10 - 1]);
	else
		snprintf(buf, len, "%llu", (unsigned long long)bytes);
	return buf;
}
