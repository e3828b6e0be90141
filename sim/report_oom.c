/*
 * sim/report_oom.c - what the OOM killer did, in results.json ("oom") and
 * the summary: its totals and one entry per kill with the line 6.1 prints
 * for it.
 *
 * mm/ only records a kill (struct oom_kill in m->oom.kills); the text of
 * the kernel's message is made here.
 *
 * Linux counterpart: the pr_err() of __oom_kill_process(), mm/oom_kill.c.
 */
#include <stdio.h>

#include "mm/oom.h"
#include "sim/report.h"
#include "sim/report_internal.h"

static const char *const constraint_names[] = {
	[CONSTRAINT_NONE] = "CONSTRAINT_NONE",
	[CONSTRAINT_CPUSET] = "CONSTRAINT_CPUSET",
	[CONSTRAINT_MEMORY_POLICY] = "CONSTRAINT_MEMORY_POLICY",
	[CONSTRAINT_MEMCG] = "CONSTRAINT_MEMCG",
};

/* Linux: the "Out of memory: Killed process" line of __oom_kill_process(); numasim runs as UID 0. */
int report_oom_kill_message(char *buf, size_t len, const struct oom_kill *k)
{
	return snprintf(buf, len, "Out of memory: Killed process %d (%s) total-vm:%lukB, "
			"anon-rss:%lukB, file-rss:%lukB, shmem-rss:%lukB, UID:0 pgtables:%lukB "
			"oom_score_adj:%d", k->pid, k->comm, k->total_vm_kb, k->anon_rss_kb,
			k->file_rss_kb, k->shmem_rss_kb, k->pgtables_kb, k->oom_score_adj);
}

static json_t *oom_kill_json(const struct oom_kill *k)
{
	char msg[256];
	json_t *comm = json_string(k->comm), *message;

	report_oom_kill_message(msg, sizeof(msg), k);
	message = json_string(msg);
	if (!comm || !message) {	/* a comm that is not UTF-8: JSON cannot carry it */
		json_decref(comm);
		json_decref(message);
		comm = json_string("");
		message = json_string("");
	}
	return json_pack("{s:i, s:o, s:f, s:I, s:I, s:s, s:i, s:o}",
			 "pid", k->pid, "comm", comm, "time_s", (double)k->time_ns / 1e9,
			 "points", (json_int_t)k->points, "totalpages", (json_int_t)k->totalpages,
			 "constraint", constraint_names[k->constraint], "order", k->order,
			 "message", message);
}

json_t *report_oom_json(const struct machine *m, unsigned long skipped_events)
{
	json_t *kills = json_array();

	for (size_t i = 0; i < m->oom.nr_kills; i++)
		json_array_append_new(kills, oom_kill_json(&m->oom.kills[i]));
	return json_pack("{s:I, s:I, s:I, s:I, s:o}",
			 "kills", (json_int_t)m->oom.nr_kills,
			 "no_killable", (json_int_t)m->oom.no_killable,
			 "nofail_failed", (json_int_t)m->oom.nofail_failed,
			 "skipped_events", (json_int_t)skipped_events, "killed", kills);
}

void report_oom_print(FILE *f, const struct machine *m, unsigned long skipped_events)
{
	char msg[256];

	if (!m->oom.nr_kills && !m->oom.no_killable && !m->oom.nofail_failed)
		return;
	fprintf(f, "OOM killer: %zu kill%s, %lu with no killable task, %lu __GFP_NOFAIL failed; "
		"%lu events of killed tasks skipped\n", m->oom.nr_kills,
		m->oom.nr_kills == 1 ? "" : "s", m->oom.no_killable, m->oom.nofail_failed,
		skipped_events);
	for (size_t i = 0; i < m->oom.nr_kills; i++) {
		report_oom_kill_message(msg, sizeof(msg), &m->oom.kills[i]);
		fprintf(f, "  [%llu.%06llu] %s\n",
			(unsigned long long)(m->oom.kills[i].time_ns / 1000000000ull),
			(unsigned long long)(m->oom.kills[i].time_ns % 1000000000ull / 1000), msg);
	}
	fputc('\n', f);
}
