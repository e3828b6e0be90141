/*
 * tests/fuzz/fuzz_util.c - helpers shared by the fuzz inputs' runners (see
 * fuzz_util.h).
 *
 * The message checks encode the project's rule for bad input: a trace
 * error names the file and the line ("FILE:LINE: message", FORMAT.md
 * section 5), a config error the file ("FILE: key: message",
 * docs/config.md).
 *
 * No kernel counterpart: test scaffolding.
 */
#include "tests/fuzz/fuzz_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mm/mm.h"
#include "mm/mmzone.h"
#include "sim/procfs.h"

enum fuzz_verdict fuzz_verdict_msg(enum fuzz_verdict v, char *msg, size_t msglen,
				   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, msglen, fmt, ap);
	va_end(ap);
	return v;
}

bool fuzz_is_line_message(const char *text, const char *name, unsigned long *line,
			  const char **rest)
{
	size_t name_len = strlen(name);
	const char *p = text + name_len;
	unsigned long n = 0;

	if (strncmp(text, name, name_len) != 0 || *p != ':')
		return false;
	for (p++; *p >= '0' && *p <= '9'; p++) {
		if (n > 100000000ul)
			return false;
		n = n * 10 + (unsigned long)(*p - '0');
	}
	if (n == 0 || p[0] != ':' || p[1] != ' ' || !p[2])
		return false;
	*line = n;
	*rest = p + 2;
	return true;
}

bool fuzz_is_file_message(const char *text, const char *name)
{
	size_t name_len = strlen(name);
	unsigned long line;
	const char *rest;

	if (strncmp(text, name, name_len) != 0)
		return false;
	if (text[name_len] == ':' && text[name_len + 1] == ' ' && text[name_len + 2])
		return true;
	return fuzz_is_line_message(text, name, &line, &rest);
}

static void (*const machine_views[])(FILE *f, const struct machine *m) = {
	procfs_buddyinfo, procfs_pagetypeinfo, procfs_zoneinfo, procfs_vmstat,
	procfs_extfrag_index, procfs_unusable_index, procfs_meminfo,
};

int fuzz_render_views(const struct machine *m)
{
	FILE *f = fopen("/dev/null", "w");

	if (!f)
		return -1;
	for (size_t i = 0; i < sizeof(machine_views) / sizeof(machine_views[0]); i++)
		machine_views[i](f, m);
	for_each_online_node(m, nid)
		if (NODE_DATA(m, nid))
			procfs_node_meminfo(f, m, nid);
	for (size_t i = 0; i < m->procs.nr_tasks; i++)
		procfs_numa_maps(f, m, m->procs.tasks[i]);
	fclose(f);
	return 0;
}
