/*
 * quiz-parse.c: stage 3 for ```quiz fences.  Reads the lines the fence
 * reader cuts (docs/quiz-syntax.md) into a struct quiz and checks it:
 * each question once it ends, the block once it closes, and every
 * Markdown field's links, so all of a quiz's errors come in one run at
 * their own line and column.  Writes nothing (quiz-html.c does).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "courseware.h"
#include "extern.h"
#include "msg.h"
#include "quiz-int.h"

/* The options a quiz block and a question take, for "did you mean". */
static const char *const quiz_opts[] = {
	"id", "title", "mode", "pass", "attempts", "shuffle", "draw",
	"reveal", NULL
};
static const char *const question_opts[] = {
	"id", "points", "type", "answer", "shuffle", "case", "spaces",
	"scale", "correct", "incorrect", "explanation", NULL
};

enum akind { A_NONE, A_RADIO, A_CHECK, A_EQ, A_PAIR, A_ITEM };

/* Parser state for one quiz block. */
struct qp {
	struct course	*c;
	struct lesson	*l;
	struct quiz	*q;
	struct question	*cur;		/* question being read */
	enum akind	 kind;		/* kind of its answer lines */
	int		 explicit_type;	/* type: given */
	int		 has_tf;	/* answer: given */
	char		**eq;		/* "= ..." lines, kept raw */
	struct pos	*eqpos;
	size_t		 neq;
	char		**scale;	/* scale: labels */
	size_t		 nscale;
	struct pos	 drawpos;	/* where draw: was given */
	struct pos	 scalepos;	/* where scale: labels start */
	struct pos	 idpos;		/* where the question's id: was */
	struct pos	 quiz_idpos;	/* where the quiz's id: was */
	int		 bad_tf;	/* answer: given, but not true/false */
	int		 mixed;		/* answer kinds were mixed (reported) */
	int		 quiz_id_ok;	/* the quiz id was free */
	size_t		 nth;		/* quiz number in the lesson */
	int		 in_stem;	/* continuation lines go to the stem */
	int		 ok;
};

const char *const quiz_types[Q__MAX] = {
	"single", "multiple", "true-false", "fill-in", "numeric",
	"matching", "ordering", "likert"
};

static void
add_choice(struct qp *p, const struct qline *ln, enum akind k, char *text,
    struct pos text_pos, char *right, struct pos right_pos, int correct)
{
	struct question	*q = p->cur;
	struct choice	*ch;

	if (p->kind != A_NONE && p->kind != k) {
		if (!p->mixed)
			msg(MSG_Q_MIXED, p->l->file, ln->pos.line,
			    ln->pos.col, NULL);
		p->mixed = 1;
		p->ok = 0;
		free(text);
		free(right);
		return;
	}
	p->kind = k;
	q->choices = xreallocarray(q->choices, q->nchoices + 1,
	    sizeof(*q->choices));
	ch = &q->choices[q->nchoices++];
	memset(ch, 0, sizeof(*ch));
	ch->text = text;
	ch->right = right;
	ch->correct = correct;
	ch->pos = ln->pos;
	ql_src_add(&ch->text_src, 0, text_pos);
	if (right != NULL)
		ql_src_add(&ch->right_src, 0, right_pos);
}

/* Parses "42", "42 +- 0.5", "42 ± 0.5" or "40..45". */
static int
parse_numeric(const char *v, double *min, double *max)
{
	char	*end, *e2;
	double	 a, b;

	const char *dots;

	/* A range first: strtod would read "40." out of "40..45". */
	if ((dots = strstr(v, "..")) != NULL) {
		char	*lo = xstrndup(v, (size_t)(dots - v));

		errno = 0;
		a = strtod(lo, &end);
		while (*end == ' ')
			end++;
		if (end == lo || *end != '\0' || errno || !isfinite(a)) {
			free(lo);
			return 0;
		}
		free(lo);
		b = strtod(dots + 2, &e2);
		if (e2 == dots + 2 || !isfinite(b) || b < a)
			return 0;
		while (*e2 == ' ')
			e2++;
		if (*e2 != '\0')
			return 0;
		*min = a;
		*max = b;
		return 1;
	}
	errno = 0;
	a = strtod(v, &end);
	if (end == v || errno || !isfinite(a))
		return 0;
	while (*end == ' ')
		end++;
	if (*end == '\0') {
		*min = *max = a;
		return 1;
	}
	if (strncmp(end, "+-", 2) == 0)
		end += 2;
	else if (strncmp(end, "\xc2\xb1", 2) == 0)	/* ± */
		end += 2;
	else
		return 0;
	b = strtod(end, &e2);
	if (e2 == end || !isfinite(b) || b < 0)
		return 0;
	while (*e2 == ' ')
		e2++;
	if (*e2 != '\0')
		return 0;
	*min = a - b;
	*max = a + b;
	return 1;
}

/*
 * Checks the Markdown fields of a question, those quiz-html.c renders:
 * fill-in answers are plain text, true-false has no choice lines.
 */
static int
check_question_md(struct course *c, struct lesson *l,
    const struct question *q)
{
	const struct choice *ch;
	size_t		 i;
	int		 ok = 1;

	ok &= ql_check_md(c, l, q->stem, &q->stem_src);
	for (i = 0; i < q->nchoices; i++) {
		ch = &q->choices[i];
		if (q->type != Q_FILLIN && q->type != Q_NUMERIC &&
		    q->type != Q_TRUEFALSE)
			ok &= ql_check_md(c, l, ch->text, &ch->text_src);
		if (q->type == Q_MATCHING)
			ok &= ql_check_md(c, l, ch->right, &ch->right_src);
		ok &= ql_check_md(c, l, ch->feedback, &ch->fb_src);
	}
	ok &= ql_check_md(c, l, q->fb_correct, &q->fbc_src);
	ok &= ql_check_md(c, l, q->fb_incorrect, &q->fbi_src);
	ok &= ql_check_md(c, l, q->explanation, &q->expl_src);
	return ok;
}

/* Finishes the current question: infers its type and checks it. */
static void
end_question(struct qp *p)
{
	struct question	*q = p->cur;
	struct lesson	*l = p->l;
	size_t		 i, ncorrect = 0, j;
	struct pos	 second = { 0, 0 };

	if (q == NULL)
		return;
	if (!p->explicit_type)
		switch (p->kind) {
		case A_RADIO: q->type = Q_SINGLE; break;
		case A_CHECK: q->type = Q_MULTIPLE; break;
		case A_EQ: q->type = Q_FILLIN; break;
		case A_PAIR: q->type = Q_MATCHING; break;
		case A_ITEM: q->type = Q_ORDERING; break;
		default:
			q->type = p->neq > 0 ? Q_FILLIN : p->has_tf ||
			    p->bad_tf ? Q_TRUEFALSE : p->nscale ? Q_LIKERT :
			    Q_SINGLE;
			break;
		}
	for (i = 0; i < q->nchoices; i++)
		if (q->choices[i].correct && ncorrect++ == 1)
			second = q->choices[i].pos;

	switch (q->type) {
	case Q_SINGLE:
	case Q_MULTIPLE:
		if (p->kind != A_RADIO && p->kind != A_CHECK) {
			msg(MSG_Q_NO_ANSWERS, l->file, q->pos.line,
			    q->pos.col, NULL);
			msg_help("a %s question takes '( )' or '[ ]' choice "
			    "lines, with (x) or [x] on the right ones",
			    quiz_types[q->type]);
			p->ok = 0;
		} else if (q->nchoices < 2 && !p->mixed) {
			msg(MSG_Q_TOO_FEW, l->file, q->pos.line, q->pos.col,
			    "one choice");
			msg_help("give a choice question two choices or "
			    "more");
			p->ok = 0;
		} else if (ncorrect == 0) {
			msg(MSG_Q_NO_CORRECT, l->file, q->pos.line,
			    q->pos.col, NULL);
			msg_help("mark the right choice with (x), or the "
			    "right ones with [x]");
			p->ok = 0;
		} else if (q->type == Q_SINGLE && ncorrect > 1) {
			msg(MSG_Q_TWO_CORRECT, l->file, second.line,
			    second.col, NULL);
			msg_help("keep one (x), or write every choice as [ ] "
			    "or [x] for select-all-that-apply");
			p->ok = 0;
		}
		break;
	case Q_TRUEFALSE:
		if (!p->has_tf && !p->bad_tf) {
			msg(MSG_Q_NO_ANSWERS, l->file, q->pos.line,
			    q->pos.col, NULL);
			msg_help("give a true-false question 'answer: true' "
			    "or 'answer: false'");
			p->ok = 0;
		}
		break;
	case Q_FILLIN:
		if (p->neq == 0) {
			msg(MSG_Q_NO_ANSWERS, l->file, q->pos.line,
			    q->pos.col, NULL);
			msg_help("give a fill-in question one '= answer' "
			    "line for each answer it accepts");
			p->ok = 0;
		}
		for (i = 0; i < p->neq; i++) {
			add_choice(p, &(struct qline){ NULL, 0, 0,
			    p->eqpos[i] }, A_EQ, xstrdup(p->eq[i]),
			    p->eqpos[i], NULL, p->eqpos[i], 1);
		}
		break;
	case Q_NUMERIC:
		if (p->neq == 0) {
			msg(MSG_Q_NO_ANSWERS, l->file, q->pos.line,
			    q->pos.col, NULL);
			msg_help("give a numeric question a '= 42', "
			    "'= 42 +- 1' or '= 40..45' line");
			p->ok = 0;
		} else if (p->neq > 1) {
			msg(MSG_Q_SYNTAX, l->file, p->eqpos[1].line,
			    p->eqpos[1].col, "a numeric question takes one "
			    "'=' line");
			msg_help("to accept several values, give a range: "
			    "= 40..45 or = 42 +- 3");
			p->ok = 0;
		} else if (!parse_numeric(p->eq[0], &q->min, &q->max)) {
			msg(MSG_Q_NUMERIC, l->file, p->eqpos[0].line,
			    p->eqpos[0].col, "'%s'", p->eq[0]);
			msg_help("write a number (42), a number and a "
			    "tolerance (42 +- 0.5) or a range (40..45)");
			p->ok = 0;
		}
		break;
	case Q_MATCHING:
		if (p->kind != A_PAIR || q->nchoices < 2) {
			msg(MSG_Q_TOO_FEW, l->file, q->pos.line, q->pos.col,
			    NULL);
			msg_help("give a matching question two "
			    "'- left -> right' pairs or more");
			p->ok = 0;
		}
		for (i = 0; i < q->nchoices; i++)
			for (j = 0; j < i; j++)
				if (strcmp(q->choices[i].right,
				    q->choices[j].right) == 0) {
					msg(MSG_BAD_VALUE, l->file,
					    q->choices[i].pos.line,
					    q->choices[i].pos.col, "two pairs "
					    "have the same right side '%s'",
					    q->choices[i].right);
					p->ok = 0;
				}
		break;
	case Q_ORDERING:
		if (p->kind != A_ITEM || q->nchoices < 2) {
			msg(MSG_Q_TOO_FEW, l->file, q->pos.line, q->pos.col,
			    NULL);
			msg_help("give an ordering question two numbered "
			    "items or more, in the right order");
			p->ok = 0;
		}
		break;
	case Q_LIKERT:
		if (ncorrect > 0) {
			for (i = 0; i < q->nchoices && !q->choices[i].correct;
			    i++)
				;
			msg(MSG_BAD_VALUE, l->file, q->choices[i].pos.line,
			    q->choices[i].pos.col, "a likert question has no "
			    "right answer");
			msg_help("write every choice of a likert question "
			    "as ( )");
			p->ok = 0;
		}
		for (i = 0; i < p->nscale; i++)
			add_choice(p, &(struct qline){ NULL, 0, 0, q->pos },
			    A_RADIO, xstrdup(p->scale[i]), p->scalepos, NULL,
			    p->scalepos, 0);
		if (q->nchoices < 2) {
			msg(MSG_Q_TOO_FEW, l->file, q->pos.line, q->pos.col,
			    NULL);
			msg_help("give a likert question 'scale: a | b | c' "
			    "or two '( )' lines or more");
			p->ok = 0;
		}
		break;
	default:
		break;
	}
	if (q->type != Q_FILLIN && q->type != Q_NUMERIC && p->neq > 0) {
		msg(MSG_Q_MIXED, l->file, p->eqpos[0].line, p->eqpos[0].col,
		    "'=' answers belong to fill-in and numeric questions");
		p->ok = 0;
	}
	/* Ids in source order; derived ones of a duplicate quiz would only
	 * repeat its error. */
	if (q->id == NULL)
		q->id = xasprintf("%s-q%zu", p->q->id, p->q->nquestions);
	if ((p->quiz_id_ok || p->idpos.line) &&
	    !ql_claim_id(p->c, l, q->id, p->idpos.line ? p->idpos : q->pos))
		p->ok = 0;
	if (!check_question_md(p->c, l, q))
		p->ok = 0;
	for (i = 0; i < p->neq; i++)
		free(p->eq[i]);
	free(p->eq);
	free(p->eqpos);
	for (i = 0; i < p->nscale; i++)
		free(p->scale[i]);
	free(p->scale);
	p->eq = NULL;
	p->eqpos = NULL;
	p->neq = 0;
	p->scale = NULL;
	p->nscale = 0;
	p->cur = NULL;
	p->bad_tf = 0;
	p->mixed = 0;
	memset(&p->idpos, 0, sizeof(p->idpos));
}

/* Fixes the quiz id (explicit or derived) once its options are read. */
static void
settle_quiz_id(struct qp *p)
{
	if (p->q->id == NULL)
		p->q->id = ql_lesson_key(p->l, "quiz", p->nth);
	p->quiz_id_ok = ql_claim_id(p->c, p->l, p->q->id, p->quiz_idpos.line ?
	    p->quiz_idpos : p->q->pos);
	if (!p->quiz_id_ok)
		p->ok = 0;
}

static void
question_option(struct qp *p, const struct qline *ln, size_t klen,
    char *val, struct pos at)
{
	struct question	*q = p->cur;
	struct lesson	*l = p->l;
	int		 b, i;
	char		*s, *bar;

	p->in_stem = 0;
	if (ql_key_is(ln, klen, "id")) {
		if (!ql_valid_id(val)) {
			msg(MSG_BAD_VALUE, l->file, ln->pos.line, ln->pos.col,
			    "id '%s': use letters, digits, '-' and '_'", val);
			p->ok = 0;
		} else {
			free(q->id);
			q->id = xstrdup(val);
			p->idpos = ln->pos;
		}
	} else if (ql_key_is(ln, klen, "points")) {
		if (!ql_int(val, 1, 1000, &q->points)) {
			msg(MSG_BAD_VALUE, l->file, ln->pos.line, ln->pos.col,
			    "points: '%s' is not a whole number from 1 to "
			    "1000", val);
			p->ok = 0;
		}
	} else if (ql_key_is(ln, klen, "type")) {
		for (i = 0; i < Q__MAX; i++)
			if (strcmp(val, quiz_types[i]) == 0 ||
			    (i == Q_LIKERT && strcmp(val, "survey") == 0))
				break;
		if (i == Q__MAX) {
			msg(MSG_BAD_VALUE, l->file, ln->pos.line, ln->pos.col,
			    "type '%s' (use single, multiple, true-false, "
			    "fill-in, numeric, matching, ordering or likert)",
			    val);
			p->ok = 0;
		} else {
			q->type = (enum qtype)i;
			p->explicit_type = 1;
		}
	} else if (ql_key_is(ln, klen, "answer")) {
		if (!ql_bool(val, &b)) {
			msg(MSG_BAD_VALUE, l->file, ln->pos.line, ln->pos.col,
			    "answer: '%s' is neither true nor false", val);
			p->ok = 0;
			p->bad_tf = 1;
		} else {
			q->tf = b;
			p->has_tf = 1;
		}
	} else if (ql_key_is(ln, klen, "shuffle") || ql_key_is(ln, klen, "case") ||
	    ql_key_is(ln, klen, "spaces")) {
		if (ql_key_is(ln, klen, "shuffle") && ql_bool(val, &b))
			q->shuffle = b;
		else if (ql_key_is(ln, klen, "case") &&
		    (strcmp(val, "sensitive") == 0 ||
		    strcmp(val, "insensitive") == 0))
			q->case_sensitive = val[0] == 's';
		else if (ql_key_is(ln, klen, "spaces") &&
		    (strcmp(val, "exact") == 0 ||
		    strcmp(val, "ignore") == 0))
			q->exact_spaces = val[0] == 'e';
		else {
			msg(MSG_BAD_VALUE, l->file, ln->pos.line, ln->pos.col,
			    "%.*s: '%s'", (int)klen, ln->s, val);
			p->ok = 0;
		}
	} else if (ql_key_is(ln, klen, "scale")) {
		p->scalepos = at;
		for (s = val; s != NULL; s = bar ? bar + 1 : NULL) {
			bar = strchr(s, '|');
			p->scale = xreallocarray(p->scale, p->nscale + 1,
			    sizeof(char *));
			p->scale[p->nscale++] = ql_trimmed(s, bar ?
			    (size_t)(bar - s) : strlen(s));
		}
	} else if (ql_key_is(ln, klen, "correct")) {
		ql_append(&q->fb_correct, &q->fbc_src, val, at, " ");
	} else if (ql_key_is(ln, klen, "incorrect")) {
		ql_append(&q->fb_incorrect, &q->fbi_src, val, at, " ");
	} else if (ql_key_is(ln, klen, "explanation")) {
		ql_append(&q->explanation, &q->expl_src, val, at, " ");
	} else {
		ql_unknown_option(l, ln, klen, "question", question_opts);
		p->ok = 0;
	}
}

static void
block_option(struct qp *p, const struct qline *ln, size_t klen, char *val,
    struct pos at)
{
	struct quiz	*q = p->q;
	struct lesson	*l = p->l;
	int		 ok = 1;

	if (ql_key_is(ln, klen, "id")) {
		if ((ok = ql_valid_id(val))) {
			free(q->id);
			q->id = xstrdup(val);
			p->quiz_idpos = ln->pos;
		}
	} else if (ql_key_is(ln, klen, "title")) {
		free(q->title);
		q->title = xstrdup(val);
		ql_src_free(&q->title_src);
		ql_src_add(&q->title_src, 0, at);
	} else if (ql_key_is(ln, klen, "mode")) {
		if (strcmp(val, "practice") == 0)
			q->graded = 0;
		else if (strcmp(val, "graded") == 0)
			q->graded = 1;
		else
			ok = 0;
		if (q->graded && q->reveal == REVEAL_ALWAYS)
			q->reveal = REVEAL_END;
	} else if (ql_key_is(ln, klen, "pass"))
		ok = ql_int(val, 0, 100, &q->pass);
	else if (ql_key_is(ln, klen, "attempts"))
		ok = ql_int(val, 0, 1000, &q->attempts);
	else if (ql_key_is(ln, klen, "shuffle"))
		ok = ql_bool(val, &q->shuffle);
	else if (ql_key_is(ln, klen, "draw")) {
		ok = ql_int(val, 0, 10000, &q->draw);
		p->drawpos = ln->pos;
	} else if (ql_key_is(ln, klen, "reveal")) {
		if (strcmp(val, "always") == 0)
			q->reveal = REVEAL_ALWAYS;
		else if (strcmp(val, "passed") == 0)
			q->reveal = REVEAL_PASSED;
		else if (strcmp(val, "end") == 0)
			q->reveal = REVEAL_END;
		else if (strcmp(val, "never") == 0)
			q->reveal = REVEAL_NEVER;
		else
			ok = 0;
	} else {
		ql_unknown_option(l, ln, klen, "quiz", quiz_opts);
		p->ok = 0;
		return;
	}
	if (!ok) {
		msg(MSG_BAD_VALUE, l->file, ln->pos.line, ln->pos.col,
		    "%.*s: '%s'", (int)klen, ln->s, val);
		p->ok = 0;
	}
}

/* Length of an ordering marker "1." / "1)" plus blank, or 0. */
static size_t
item_marker(const struct qline *ln)
{
	size_t	 i = 0;

	while (i < ln->len && isdigit((unsigned char)ln->s[i]))
		i++;
	if (i == 0 || i + 1 >= ln->len || (ln->s[i] != '.' &&
	    ln->s[i] != ')') || ln->s[i + 1] != ' ')
		return 0;
	return i + 2;
}

struct quiz *
quiz_parse(struct course *c, struct lesson *l, const char *text,
    struct pos fence, size_t nth)
{
	struct qp	 p;
	struct qline	*lines, *ln;
	struct question	*q;
	struct choice	*last;
	struct pos	 at, at2;
	size_t		 n, i, k;
	char		*val, *arrow;

	memset(&p, 0, sizeof(p));
	p.c = c;
	p.l = l;
	p.ok = 1;
	p.q = xcalloc(1, sizeof(*p.q));
	p.q->pos = fence;
	p.q->pass = c->passing_score;
	p.q->reveal = REVEAL_ALWAYS;
	p.nth = nth;
	n = fence_lines(text, (struct pos){ fence.line + 1, fence.col },
	    &lines);
	for (i = 0; i < n; i++) {
		ln = &lines[i];
		if (ln->len == 0 || ql_starts(ln, "//")) {
			p.in_stem = 0;
			continue;
		}
		if (ql_starts(ln, "?") && (ln->len == 1 || ln->s[1] == ' ')) {
			end_question(&p);
			if (p.q->nquestions == 0)
				settle_quiz_id(&p);
			p.q->questions = xreallocarray(p.q->questions,
			    p.q->nquestions + 1, sizeof(*p.q->questions));
			q = &p.q->questions[p.q->nquestions++];
			memset(q, 0, sizeof(*q));
			q->points = 1;
			q->shuffle = 1;
			q->pos = ln->pos;
			q->stem = ql_rest(ln, 1, &at);
			ql_src_add(&q->stem_src, 0, at);
			p.cur = q;
			p.kind = A_NONE;
			p.explicit_type = p.has_tf = 0;
			p.in_stem = 1;
			if (q->stem[0] == '\0') {
				msg(MSG_Q_STEM, l->file, ln->pos.line,
				    ln->pos.col, NULL);
				p.ok = 0;
			}
			continue;
		}
		if (p.cur == NULL) {
			if ((k = ql_keyval(ln, &val, &at)) > 0) {
				block_option(&p, ln, k, val, at);
				free(val);
			} else {
				msg(MSG_Q_SYNTAX, l->file, ln->pos.line,
				    ln->pos.col, "expected a 'key: value' "
				    "option or a '? question' line");
				p.ok = 0;
			}
			continue;
		}
		q = p.cur;
		last = q->nchoices ? &q->choices[q->nchoices - 1] : NULL;
		if (ln->indent >= 2 && ql_starts(ln, ">") && last != NULL &&
		    !p.in_stem) {
			val = ql_rest(ln, 1, &at);
			ql_append(&last->feedback, &last->fb_src, val, at, " ");
			free(val);
		} else if (ln->indent >= 2 && p.in_stem) {
			/* Stem lines keep their breaks. */
			val = ql_rest(ln, 0, &at);
			ql_append(&q->stem, &q->stem_src, val, at, "\n");
			free(val);
		} else if (ql_starts(ln, "( )") || ql_starts(ln, "(x)") ||
		    ql_starts(ln, "(X)")) {
			p.in_stem = 0;
			val = ql_rest(ln, 3, &at);
			add_choice(&p, ln, A_RADIO, val, at, NULL, at,
			    ln->s[1] != ' ');
		} else if (ql_starts(ln, "[ ]") || ql_starts(ln, "[x]") ||
		    ql_starts(ln, "[X]")) {
			p.in_stem = 0;
			val = ql_rest(ln, 3, &at);
			add_choice(&p, ln, A_CHECK, val, at, NULL, at,
			    ln->s[1] != ' ');
		} else if (ql_starts(ln, "=") && (ln->len == 1 ||
		    ln->s[1] == ' ')) {
			p.in_stem = 0;
			p.eq = xreallocarray(p.eq, p.neq + 1, sizeof(char *));
			p.eqpos = xreallocarray(p.eqpos, p.neq + 1,
			    sizeof(*p.eqpos));
			p.eq[p.neq] = ql_rest(ln, 1, NULL);
			p.eqpos[p.neq++] = ln->pos;
			if (p.eq[p.neq - 1][0] == '\0') {
				msg(MSG_Q_SYNTAX, l->file, ln->pos.line,
				    ln->pos.col, "'=' without an answer");
				p.ok = 0;
			}
		} else if (ql_starts(ln, "- ")) {
			p.in_stem = 0;
			val = ql_rest(ln, 2, &at);
			if ((arrow = strstr(val, " -> ")) == NULL) {
				msg(MSG_Q_SYNTAX, l->file, ln->pos.line,
				    ln->pos.col, "a matching pair is "
				    "'- left -> right'");
				p.ok = 0;
				free(val);
				continue;
			}
			*arrow = '\0';
			add_choice(&p, ln, A_PAIR, xstrdup(val), at,
			    ql_rest(&(struct qline){ arrow + 4,
			    strlen(arrow + 4), 0, (struct pos){ at.line,
			    at.col + (int)(arrow + 4 - val) } }, 0, &at2), at2,
			    1);
			free(val);
		} else if ((k = item_marker(ln)) > 0) {
			p.in_stem = 0;
			val = ql_rest(ln, k, &at);
			add_choice(&p, ln, A_ITEM, val, at, NULL, at, 1);
		} else if ((k = ql_keyval(ln, &val, &at)) > 0) {
			question_option(&p, ln, k, val, at);
			free(val);
		} else {
			msg(MSG_Q_SYNTAX, l->file, ln->pos.line, ln->pos.col,
			    "expected a choice ('( )', '[ ]', '=', '- a -> b',"
			    " '1.'), an option ('key: value') or a new "
			    "'? question'");
			p.ok = 0;
		}
	}
	end_question(&p);
	free(lines);

	if (p.q->nquestions == 0) {
		settle_quiz_id(&p);
		msg(MSG_Q_EMPTY, l->file, fence.line, fence.col, "a quiz needs "
		    "at least one '? question'");
		p.ok = 0;
	}
	if (p.q->draw > 0 && (size_t)p.q->draw > p.q->nquestions) {
		msg(MSG_Q_DRAW, l->file, p.drawpos.line, p.drawpos.col,
		    "draw %d from %zu question%s", p.q->draw,
		    p.q->nquestions, p.q->nquestions == 1 ? "" : "s");
		p.ok = 0;
	}
	if (p.q->title != NULL &&
	    !ql_check_md(c, l, p.q->title, &p.q->title_src))
		p.ok = 0;
	p.q->ok = p.ok;
	return p.q;
}

void
quiz_free(struct quiz *q)
{
	size_t		 i, j;
	struct question	*qu;

	if (q == NULL)
		return;
	for (i = 0; i < q->nquestions; i++) {
		qu = &q->questions[i];
		for (j = 0; j < qu->nchoices; j++) {
			free(qu->choices[j].text);
			free(qu->choices[j].right);
			free(qu->choices[j].feedback);
			ql_src_free(&qu->choices[j].text_src);
			ql_src_free(&qu->choices[j].right_src);
			ql_src_free(&qu->choices[j].fb_src);
		}
		free(qu->choices);
		free(qu->id);
		free(qu->stem);
		free(qu->fb_correct);
		free(qu->fb_incorrect);
		free(qu->explanation);
		ql_src_free(&qu->stem_src);
		ql_src_free(&qu->fbc_src);
		ql_src_free(&qu->fbi_src);
		ql_src_free(&qu->expl_src);
	}
	free(q->questions);
	free(q->id);
	free(q->title);
	ql_src_free(&q->title_src);
	free(q);
}

