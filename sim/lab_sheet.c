/*
 * sim/lab_sheet.c - building a lab's exercise sheet: the setup text, the
 * commands, the questions with their answers and reasoning
 * (sim/lab_internal.h).
 *
 * Invariant: every text of a sheet is NULL or a malloc'ed string; an
 * allocation that fails marks the sheet failed and leaves the text as it
 * was, so a sheet can always be released.
 *
 * No kernel counterpart.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/lab_internal.h"

/* Append fmt's text to *text (NULL counts as empty). */
static void text_appendv(struct lab_sheet *s, char **text, const char *fmt, va_list ap)
{
	size_t old = *text ? strlen(*text) : 0;
	va_list copy;
	int add;
	char *grown;

	va_copy(copy, ap);
	add = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	grown = add < 0 ? NULL : realloc(*text, old + (size_t)add + 1);
	if (!grown) {
		s->failed = true;
		return;
	}
	vsnprintf(grown + old, (size_t)add + 1, fmt, ap);
	*text = grown;
}

void lab_setup(struct lab_sheet *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	text_appendv(s, &s->setup, fmt, ap);
	va_end(ap);
}

struct lab_question *lab_ask(struct lab_sheet *s, const char *fmt, ...)
{
	struct lab_question *q;
	va_list ap;

	if (s->nr == LAB_MAX_QUESTIONS) {
		s->failed = true;
		return NULL;
	}
	q = &s->q[s->nr++];
	va_start(ap, fmt);
	text_appendv(s, &q->text, fmt, ap);
	va_end(ap);
	return q;
}

void lab_answer(struct lab_sheet *s, struct lab_question *q, const char *fmt, ...)
{
	va_list ap;

	if (!q)
		return;
	free(q->answer);
	q->answer = NULL;
	va_start(ap, fmt);
	text_appendv(s, &q->answer, fmt, ap);
	va_end(ap);
}

void lab_why(struct lab_sheet *s, struct lab_question *q, const char *fmt, ...)
{
	va_list ap;

	if (!q)
		return;
	va_start(ap, fmt);
	text_appendv(s, &q->why, fmt, ap);
	va_end(ap);
}

void lab_sheet_command(struct lab_sheet *s, const char *line)
{
	size_t old = s->commands ? strlen(s->commands) : 0, len = strlen(line);
	char *grown = realloc(s->commands, old + len + 2);

	if (!grown) {
		s->failed = true;
		return;
	}
	memcpy(grown + old, line, len);
	grown[old + len] = '\n';
	grown[old + len + 1] = '\0';
	s->commands = grown;
}

void lab_sheet_release(struct lab_sheet *s)
{
	free(s->setup);
	free(s->commands);
	for (unsigned int i = 0; i < s->nr; i++) {
		free(s->q[i].text);
		free(s->q[i].answer);
		free(s->q[i].why);
	}
	memset(s, 0, sizeof(*s));
}
