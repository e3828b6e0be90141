/*
 * sim/lab.c - `numasim lab`: list the labs, print a seeded exercise, its
 * answers with their reasoning, its commands or its machine, and check a
 * student's answer file (docs/cli.md, "numasim lab").
 *
 * The sheet is built in full before anything is printed, so a generator
 * that fails prints nothing but its error.
 *
 * An answer file holds one line per answer, "Q3: answer" (or "3: answer",
 * "Q3. answer"); blank lines and lines starting with '#' are skipped.
 * Answers compare after folding case, runs of blanks and commas into one
 * blank, and dropping a final full stop, so "1, 0, 2" and "1 0 2." match.
 *
 * No kernel counterpart.
 */
#include "sim/lab.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/config.h"
#include "sim/lab_internal.h"
#include "sim/message.h"

static const struct lab *lab_find(const char *name)
{
	for (size_t i = 0; i < lab_list_len; i++)
		if (!strcmp(lab_list[i]->name, name))
			return lab_list[i];
	return NULL;
}

static int lab_print_list(void)
{
	printf("The labs (numasim lab NAME --seed N):\n");
	for (size_t i = 0; i < lab_list_len; i++)
		printf("  %2zu  %-14s %s (%s)\n", i + 1, lab_list[i]->name, lab_list[i]->title,
		       lab_list[i]->doc);
	return EXIT_OK;
}

/* Print text with every line but the first indented by indent (the first too if all). */
static void print_lines(const char *text, const char *indent, bool all)
{
	for (bool first = true; text && *text; first = false) {
		size_t len = strcspn(text, "\n");

		printf("%s%.*s\n", len && (all || !first) ? indent : "", (int)len, text);
		text += len + (text[len] == '\n');
	}
}

static void print_indented(const char *text, const char *indent)
{
	print_lines(text, indent, true);
}

static void lab_print_sheet(const struct lab *lab, const struct lab_sheet *s,
			    const struct lab_opts *o)
{
	const char *shell = lab->config_json ? "numasim shell -c lab.json" : "numasim shell";

	printf("Lab %s, seed %llu: %s (%s)\n\n", lab->name, (unsigned long long)o->seed,
	       lab->title, lab->doc);
	print_indented(s->setup, "");
	if (s->commands) {
		printf("\nThe commands (work out what they do first, then type them into\n"
		       "`%s`, or pipe them: numasim lab %s --seed %llu --commands | %s):\n",
		       shell, lab->name, (unsigned long long)o->seed, shell);
		if (lab->config_json)
			printf("(lab.json: numasim lab %s --config > lab.json)\n", lab->name);
		print_indented(s->commands, "  ");
	}
	printf("\nQuestions:\n");
	for (unsigned int i = 0; i < s->nr; i++) {
		printf("  Q%u. ", i + 1);
		print_lines(s->q[i].text, "      ", false);
		if (o->answers) {
			printf("      Answer: %s\n", s->q[i].answer ? s->q[i].answer : "");
			print_indented(s->q[i].why, "        ");
		}
	}
	if (!o->answers)
		printf("\nWrite one line per answer, \"Q1: ANSWER\", in a file, then\n"
		       "  numasim lab %s --seed %llu --check FILE\n"
		       "The answers with their reasoning: numasim lab %s --seed %llu --answers\n",
		       lab->name, (unsigned long long)o->seed, lab->name,
		       (unsigned long long)o->seed);
}

/* ---- checking an answer file ---- */

/* text folded for comparison into buf (see the file's comment). */
static void fold_answer(const char *text, char *buf, size_t len)
{
	size_t n = 0;
	bool blank = false;

	for (; *text && n + 2 < len; text++) {
		unsigned char c = (unsigned char)*text;

		if (isspace(c) || c == ',') {
			blank = n > 0;
			continue;
		}
		if (blank)
			buf[n++] = ' ';
		blank = false;
		buf[n++] = (char)tolower(c);
	}
	if (n && buf[n - 1] == '.')
		n--;
	buf[n] = '\0';
}

/* "Q3: text", "3: text", "Q3. text": the number (0 if not such a line) and the text. */
static unsigned long answer_line(char *line, char **text)
{
	char *p = line + strspn(line, " \t"), *end;
	unsigned long nr;

	if (*p == 'Q' || *p == 'q')
		p++;
	if (!isdigit((unsigned char)*p))
		return 0;
	errno = 0;
	nr = strtoul(p, &end, 10);
	if (errno || (*end != ':' && *end != '.'))
		return 0;
	*text = end + 1;
	(*text)[strcspn(*text, "\r\n")] = '\0';
	return nr;
}

/* The message for an answer line that is not one, or not wanted. */
static void bad_answer_line(char *msg, size_t len, const char *path, unsigned long lineno,
			    unsigned long nr, unsigned int nr_questions)
{
	if (nr == 0)
		snprintf(msg, len, "%s:%lu: not an answer: want 'QN: ANSWER'", path, lineno);
	else if (nr > nr_questions)
		snprintf(msg, len, "%s:%lu: no question Q%lu: the exercise has %u", path, lineno,
			 nr, nr_questions);
	else
		snprintf(msg, len, "%s:%lu: a second answer to Q%lu", path, lineno, nr);
}

/* Read path's answers into given[] (malloc'ed); 0, or -1 reported. */
static int read_answers(const char *path, unsigned int nr_questions, char **given)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, *text, msg[1024];
	size_t cap = 0;
	unsigned long lineno = 0, nr;
	int ret = 0;

	if (!f) {
		snprintf(msg, sizeof(msg), "%s: %s", path, strerror(errno));
		return sim_fail(EXIT_BAD_INPUT, msg), -1;
	}
	while (ret == 0 && getline(&line, &cap, f) >= 0) {
		lineno++;
		text = line + strspn(line, " \t\r\n");
		if (!*text || *text == '#')
			continue;
		nr = answer_line(line, &text);
		if (nr == 0 || nr > nr_questions || given[nr - 1]) {
			bad_answer_line(msg, sizeof(msg), path, lineno, nr, nr_questions);
			ret = -1;
		} else if (!(given[nr - 1] = strdup(text))) {
			snprintf(msg, sizeof(msg), "numasim: out of memory");
			ret = -1;
		}
	}
	free(line);
	fclose(f);
	if (ret)
		sim_fail(EXIT_BAD_INPUT, msg);
	return ret;
}

static int lab_check(const struct lab_sheet *s, const char *path)
{
	char *given[LAB_MAX_QUESTIONS] = { 0 }, want[512], got[512];
	unsigned int right = 0;

	if (read_answers(path, s->nr, given)) {
		for (unsigned int i = 0; i < s->nr; i++)
			free(given[i]);
		return EXIT_BAD_INPUT;
	}
	for (unsigned int i = 0; i < s->nr; i++) {
		fold_answer(s->q[i].answer ? s->q[i].answer : "", want, sizeof(want));
		fold_answer(given[i] ? given[i] : "", got, sizeof(got));
		if (!given[i])
			printf("Q%u: no answer\n", i + 1);
		else if (!strcmp(want, got) && ++right)
			printf("Q%u: right\n", i + 1);
		else
			printf("Q%u: wrong\n", i + 1);
		free(given[i]);
	}
	printf("%u of %u right\n", right, s->nr);
	return right == s->nr ? EXIT_OK : 1;
}

int sim_lab(const struct lab_opts *o)
{
	const struct lab *lab;
	struct lab_sheet s = { 0 };
	char err[1024] = "";
	int ret = EXIT_OK;

	if (!o->name)
		return lab_print_list();
	lab = lab_find(o->name);
	if (!lab) {
		snprintf(err, sizeof(err), "numasim lab: no lab '%s' (numasim lab lists them)", o->name);
		return sim_fail(EXIT_BAD_INPUT, err);
	}
	if (o->config) {
		fputs(lab->config_json ? lab->config_json : sim_shell_config_json, stdout);
		return EXIT_OK;
	}
	if (!lab->generate) {
		printf("Lab %s: %s has its commands; this lab has no seeded exercise yet.\n",
		       lab->name, lab->doc);
		return EXIT_OK;
	}
	if (lab->generate(&s, o->seed, err, sizeof(err)) || s.failed) {
		lab_sheet_release(&s);
		return sim_fail(EXIT_INTERNAL, err[0] ? err : "numasim lab: out of memory");
	}
	if (o->commands)
		fputs(s.commands ? s.commands : "", stdout);
	else if (o->check)
		ret = lab_check(&s, o->check);
	else
		lab_print_sheet(lab, &s, o);
	lab_sheet_release(&s);
	return ret;
}
