/*
 * sim/lab_session.c - the machine a lab computes its answers on: booted
 * as `numasim shell` boots its own (the embedded shell machine, or the
 * lab's config), commands run as the shell runs them.
 *
 * Invariant: every command a generator runs is recorded in its sheet, in
 * order, so the sheet's command list rebuilds the same machine in the
 * shell.
 *
 * No kernel counterpart.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/vmstat.h"
#include "sim/config.h"
#include "sim/lab_internal.h"
#include "sim/message.h"
#include "sim/run.h"
#include "sim/verb_line.h"

#define LAB_FILE	"lab"

int lab_session_boot(struct lab_session *s, const char *config_json, struct lab_sheet *sheet)
{
	struct sim_config_sets no_sets = { 0 };
	struct engine_opts eo = { 0 };

	memset(s, 0, sizeof(*s));
	s->sheet = sheet;
	if (sim_boot_machine_from(NULL, config_json ? "lab" : SIM_SHELL_CONFIG_NAME,
				  config_json ? config_json : sim_shell_config_json,
				  NULL, &no_sets, &s->m) != EXIT_OK) {
		snprintf(s->msg, sizeof(s->msg), "the lab's machine does not boot");
		return -1;
	}
	s->booted = true;
	s->engine_ready = true;
	if (engine_init(&s->e, &s->m, &eo) != ENGINE_OK) {
		snprintf(s->msg, sizeof(s->msg), "%s", s->e.msg);
		return -1;
	}
	return 0;
}

int lab_run(struct lab_session *s, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (len < 0 || (size_t)len >= sizeof(line)) {
		snprintf(s->msg, sizeof(s->msg), "a lab command longer than %zu bytes", sizeof(line));
		return -1;
	}
	s->line++;
	if (s->sheet)
		lab_sheet_command(s->sheet, line);
	if (sim_replay_line(&s->e, LAB_FILE, s->line, line, s->msg, sizeof(s->msg)) != ENGINE_OK)
		return -1;
	return 0;
}

void lab_session_release(struct lab_session *s)
{
	if (s->engine_ready)
		engine_release(&s->e);
	if (s->booted)
		machine_release(&s->m);
	s->engine_ready = s->booted = false;
}

int lab_generate_on(struct lab_sheet *sheet, const char *name, const char *config_json,
		    size_t state_size, int (*run)(void *state, void *arg), void *arg, char *err,
		    size_t err_len)
{
	struct lab_session *s = calloc(1, state_size);	/* struct machine is large */
	int ret = -1;

	if (!s)
		return snprintf(err, err_len, "lab %s: out of memory", name), -1;
	if (lab_session_boot(s, config_json, sheet) == 0 && run(s, arg) == 0)
		ret = 0;
	if (ret)
		snprintf(err, err_len, "lab %s: %s", name, s->msg[0] ? s->msg : "internal error");
	lab_session_release(s);
	free(s);
	return ret;
}

struct zone *lab_zone(struct lab_session *s, int nid, int zid)
{
	if (nid < 0 || nid >= MAX_NUMNODES || !s->m.node_data[nid] || zid < 0 || zid >= MAX_NR_ZONES)
		return NULL;
	return &s->m.node_data[nid]->node_zones[zid];
}

struct vmstat_pick {
	const char *name;
	unsigned long value;
};

static void vmstat_pick_one(void *ctx, const char *name, unsigned long value)
{
	struct vmstat_pick *p = ctx;

	if (!strcmp(name, p->name))
		p->value = value;
}

unsigned long lab_vmstat(const struct lab_session *s, const char *name)
{
	struct vmstat_pick p = { .name = name };

	vmstat_walk(&s->m, vmstat_pick_one, &p);
	return p.value;
}

void lab_buddyinfo_row(const struct zone *zone, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned int order = 0; order < MAX_ORDER && used < len; order++)
		used += (size_t)snprintf(buf + used, len - used, "%s%lu", order ? " " : "",
					 zone->free_area[order].nr_free);
}
