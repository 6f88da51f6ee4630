/*
 * quiz.c: stage 3.  Finds ```quiz and ```scenario fences in a parsed
 * lesson, reads their line-oriented syntax (docs/quiz-syntax.md) into
 * the model, checks it with a diagnostic at each line, and replaces the
 * fence with the HTML of docs/quiz-runtime.md.  The parser is written by
 * hand: the syntax is ours, and no library reads it.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>

#include "util.h"
#include "courseware.h"
#include "escape.h"
#include "extern.h"
#include "msg.h"
#include "theme.h"

/* One line of a fence, with its position in the lesson file. */
struct qline {
	const char	*s;		/* first non-blank byte */
	size_t		 len;		/* bytes up to the end of line */
	int		 indent;	/* leading blanks (tab = 4) */
	struct pos	 pos;		/* position of s */
};

/* Splits the fence body into lines; returns the count. */
static size_t
split_lines(const char *text, struct pos first, struct qline **out)
{
	struct qline	*v = NULL;
	const char	*p = text, *e;
	size_t		 n = 0;
	int		 ind, line = first.line;

	while (*p != '\0') {
		if ((e = strchr(p, '\n')) == NULL)
			e = p + strlen(p);
		ind = 0;
		while (p < e && (*p == ' ' || *p == '\t')) {
			ind += *p == '\t' ? 4 : 1;
			p++;
		}
		v = xreallocarray(v, n + 1, sizeof(*v));
		v[n].s = p;
		v[n].len = (size_t)(e - p);
		while (v[n].len > 0 && isspace((unsigned char)p[v[n].len - 1]))
			v[n].len--;
		v[n].indent = ind;
		v[n].pos.line = line++;
		v[n].pos.col = first.col + ind;
		n++;
		p = *e ? e + 1 : e;
	}
	*out = v;
	return n;
}

static int
starts(const struct qline *l, const char *w)
{
	size_t	 n = strlen(w);

	return l->len >= n && strncmp(l->s, w, n) == 0;
}

/* A copy of [s, s+len) without leading and trailing blanks. */
static char *
trimmed(const char *s, size_t len)
{
	while (len > 0 && isspace((unsigned char)*s))
		s++, len--;
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	return xstrndup(s, len);
}

/* Rest of line after n bytes, trimmed; caller frees. */
static char *
rest(const struct qline *l, size_t n)
{
	return trimmed(l->s + n, l->len - n);
}

/*
 * If the line is "key: value" with a lowercase key, returns the key
 * length and sets *val (caller frees); else 0.
 */
static size_t
keyval(const struct qline *l, char **val)
{
	size_t	 i = 0;

	while (i < l->len && (islower((unsigned char)l->s[i]) ||
	    l->s[i] == '-' || l->s[i] == '_'))
		i++;
	if (i == 0 || i >= l->len || l->s[i] != ':' ||
	    (i + 1 < l->len && l->s[i + 1] != ' '))
		return 0;
	*val = rest(l, i + 1);
	/* title: "Quoted" means the text inside the quotes. */
	if (((*val)[0] == '"' || (*val)[0] == '\'') && strlen(*val) >= 2 &&
	    (*val)[strlen(*val) - 1] == (*val)[0]) {
		memmove(*val, *val + 1, strlen(*val) - 2);
		(*val)[strlen(*val) - 2] = '\0';
	}
	return i;
}

static int
key_is(const struct qline *l, size_t klen, const char *k)
{
	return strlen(k) == klen && strncmp(l->s, k, klen) == 0;
}

static int
valid_id(const char *s)
{
	if (*s == '\0' || strlen(s) > 64)
		return 0;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
			return 0;
	return 1;
}

static int
parse_bool(const char *v, int *out)
{
	if (strcmp(v, "true") == 0 || strcmp(v, "yes") == 0)
		*out = 1;
	else if (strcmp(v, "false") == 0 || strcmp(v, "no") == 0)
		*out = 0;
	else
		return 0;
	return 1;
}

static int
parse_int(const char *v, long lo, long hi, int *out)
{
	char	*end;
	long	 n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (*v == '\0' || *end != '\0' || errno || n < lo || n > hi)
		return 0;
	*out = (int)n;
	return 1;
}

/* Registers a course-wide id; 1 if new, 0 (reported) if taken. */
static int
claim_id(struct course *c, struct lesson *l, const char *id, struct pos p)
{
	const char	*other;

	if ((other = smap_get(&c->ids, id)) != NULL) {
		msg(MSG_DUP_ID, l->file, p.line, p.col, "'%s' is already "
		    "used at %s", id, other);
		return 0;
	}
	smap_put(&c->ids, id, xasprintf("%s:%d", l->file, p.line));
	return 1;
}

/* Appends a continuation to a Markdown field. */
static void
append_text(char **field, const char *more, const char *sep)
{
	char	*s;

	if (*field == NULL) {
		*field = xstrdup(more);
		return;
	}
	s = xasprintf("%s%s%s", *field, sep, more);
	free(*field);
	*field = s;
}

/* Derived id: "module-lesson-quiz2", unique as page paths are. */
static char *
lesson_key(const struct lesson *l, const char *what, size_t nth)
{
	return l->module->slug[0] ? xasprintf("%s-%s-%s%zu",
	    l->module->slug, l->slug, what, nth) :
	    xasprintf("%s-%s%zu", l->slug, what, nth);
}

/* --- quizzes: parsing ------------------------------------------ */

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
	struct pos	 idpos;		/* where the question's id: was */
	struct pos	 quiz_idpos;	/* where the quiz's id: was */
	int		 bad_tf;	/* answer: given, but not true/false */
	int		 mixed;		/* answer kinds were mixed (reported) */
	int		 quiz_id_ok;	/* the quiz id was free */
	size_t		 nth;		/* quiz number in the lesson */
	int		 in_stem;	/* continuation lines go to the stem */
	int		 ok;
};

static const char *const qtypes[Q__MAX] = {
	"single", "multiple", "true-false", "fill-in", "numeric",
	"matching", "ordering", "likert"
};

static void
add_choice(struct qp *p, const struct qline *ln, enum akind k, char *text,
    char *right, int correct)
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
			    q->pos.col, "a %s question needs '( )' or '[ ]' "
			    "choice lines", qtypes[q->type]);
			p->ok = 0;
		} else if (q->nchoices < 2 && !p->mixed) {
			msg(MSG_Q_TOO_FEW, l->file, q->pos.line, q->pos.col,
			    "a choice question needs two choices or more");
			p->ok = 0;
		} else if (ncorrect == 0) {
			msg(MSG_Q_NO_CORRECT, l->file, q->pos.line,
			    q->pos.col, "mark the right choice with (x) or "
			    "[x]");
			p->ok = 0;
		} else if (q->type == Q_SINGLE && ncorrect > 1) {
			msg(MSG_Q_TWO_CORRECT, l->file, second.line,
			    second.col, "use [ ] and [x] for select-all-that-"
			    "apply");
			p->ok = 0;
		}
		break;
	case Q_TRUEFALSE:
		if (!p->has_tf && !p->bad_tf) {
			msg(MSG_Q_NO_ANSWERS, l->file, q->pos.line,
			    q->pos.col, "a true-false question needs "
			    "'answer: true' or 'answer: false'");
			p->ok = 0;
		}
		break;
	case Q_FILLIN:
		if (p->neq == 0) {
			msg(MSG_Q_NO_ANSWERS, l->file, q->pos.line,
			    q->pos.col, "a fill-in question needs '= answer' "
			    "lines");
			p->ok = 0;
		}
		for (i = 0; i < p->neq; i++) {
			add_choice(p, &(struct qline){ NULL, 0, 0,
			    p->eqpos[i] }, A_EQ, xstrdup(p->eq[i]), NULL, 1);
		}
		break;
	case Q_NUMERIC:
		if (p->neq == 0) {
			msg(MSG_Q_NO_ANSWERS, l->file, q->pos.line,
			    q->pos.col, "a numeric question needs a '= 42', "
			    "'= 42 +- 1' or '= 40..45' line");
			p->ok = 0;
		} else if (p->neq > 1) {
			msg(MSG_Q_SYNTAX, l->file, p->eqpos[1].line,
			    p->eqpos[1].col, "a numeric question takes one "
			    "'=' line (use a range: = 40..45)");
			p->ok = 0;
		} else if (!parse_numeric(p->eq[0], &q->min, &q->max)) {
			msg(MSG_Q_NUMERIC, l->file, p->eqpos[0].line,
			    p->eqpos[0].col, "'%s' (write 42, 42 +- 0.5 or "
			    "40..45)", p->eq[0]);
			p->ok = 0;
		}
		break;
	case Q_MATCHING:
		if (p->kind != A_PAIR || q->nchoices < 2) {
			msg(MSG_Q_TOO_FEW, l->file, q->pos.line, q->pos.col,
			    "a matching question needs two '- left -> right' "
			    "pairs or more");
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
			    "an ordering question needs two numbered items or "
			    "more");
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
			    "right answer: use ( ) only");
			p->ok = 0;
		}
		for (i = 0; i < p->nscale; i++)
			add_choice(p, &(struct qline){ NULL, 0, 0, q->pos },
			    A_RADIO, xstrdup(p->scale[i]), NULL, 0);
		if (q->nchoices < 2) {
			msg(MSG_Q_TOO_FEW, l->file, q->pos.line, q->pos.col,
			    "a likert question needs 'scale: a | b | c' or "
			    "'( )' lines");
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
	    !claim_id(p->c, l, q->id, p->idpos.line ? p->idpos : q->pos))
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
		p->q->id = lesson_key(p->l, "quiz", p->nth);
	p->quiz_id_ok = claim_id(p->c, p->l, p->q->id, p->quiz_idpos.line ?
	    p->quiz_idpos : p->q->pos);
	if (!p->quiz_id_ok)
		p->ok = 0;
}

static void
question_option(struct qp *p, const struct qline *ln, size_t klen,
    char *val)
{
	struct question	*q = p->cur;
	struct lesson	*l = p->l;
	int		 b, i;
	char		*s, *bar;

	p->in_stem = 0;
	if (key_is(ln, klen, "id")) {
		if (!valid_id(val)) {
			msg(MSG_BAD_VALUE, l->file, ln->pos.line, ln->pos.col,
			    "id '%s': use letters, digits, '-' and '_'", val);
			p->ok = 0;
		} else {
			free(q->id);
			q->id = xstrdup(val);
			p->idpos = ln->pos;
		}
	} else if (key_is(ln, klen, "points")) {
		if (!parse_int(val, 1, 1000, &q->points)) {
			msg(MSG_BAD_VALUE, l->file, ln->pos.line, ln->pos.col,
			    "points: '%s' is not a whole number from 1 to "
			    "1000", val);
			p->ok = 0;
		}
	} else if (key_is(ln, klen, "type")) {
		for (i = 0; i < Q__MAX; i++)
			if (strcmp(val, qtypes[i]) == 0 ||
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
	} else if (key_is(ln, klen, "answer")) {
		if (!parse_bool(val, &b)) {
			msg(MSG_BAD_VALUE, l->file, ln->pos.line, ln->pos.col,
			    "answer: '%s' is neither true nor false", val);
			p->ok = 0;
			p->bad_tf = 1;
		} else {
			q->tf = b;
			p->has_tf = 1;
		}
	} else if (key_is(ln, klen, "shuffle") || key_is(ln, klen, "case") ||
	    key_is(ln, klen, "spaces")) {
		if (key_is(ln, klen, "shuffle") && parse_bool(val, &b))
			q->shuffle = b;
		else if (key_is(ln, klen, "case") &&
		    (strcmp(val, "sensitive") == 0 ||
		    strcmp(val, "insensitive") == 0))
			q->case_sensitive = val[0] == 's';
		else if (key_is(ln, klen, "spaces") &&
		    (strcmp(val, "exact") == 0 ||
		    strcmp(val, "ignore") == 0))
			q->exact_spaces = val[0] == 'e';
		else {
			msg(MSG_BAD_VALUE, l->file, ln->pos.line, ln->pos.col,
			    "%.*s: '%s'", (int)klen, ln->s, val);
			p->ok = 0;
		}
	} else if (key_is(ln, klen, "scale")) {
		for (s = val; s != NULL; s = bar ? bar + 1 : NULL) {
			bar = strchr(s, '|');
			p->scale = xreallocarray(p->scale, p->nscale + 1,
			    sizeof(char *));
			p->scale[p->nscale++] = trimmed(s, bar ?
			    (size_t)(bar - s) : strlen(s));
		}
	} else if (key_is(ln, klen, "correct")) {
		append_text(&q->fb_correct, val, " ");
	} else if (key_is(ln, klen, "incorrect")) {
		append_text(&q->fb_incorrect, val, " ");
	} else if (key_is(ln, klen, "explanation")) {
		append_text(&q->explanation, val, " ");
	} else {
		msg(MSG_Q_OPTION, l->file, ln->pos.line, ln->pos.col,
		    "'%.*s' (question options: id, points, type, answer, "
		    "shuffle, case, spaces, scale, correct, incorrect, "
		    "explanation)", (int)klen, ln->s);
		p->ok = 0;
	}
}

static void
block_option(struct qp *p, const struct qline *ln, size_t klen, char *val)
{
	struct quiz	*q = p->q;
	struct lesson	*l = p->l;
	int		 ok = 1;

	if (key_is(ln, klen, "id")) {
		if ((ok = valid_id(val))) {
			free(q->id);
			q->id = xstrdup(val);
			p->quiz_idpos = ln->pos;
		}
	} else if (key_is(ln, klen, "title")) {
		free(q->title);
		q->title = xstrdup(val);
	} else if (key_is(ln, klen, "mode")) {
		if (strcmp(val, "practice") == 0)
			q->graded = 0;
		else if (strcmp(val, "graded") == 0)
			q->graded = 1;
		else
			ok = 0;
		if (q->graded && q->reveal == REVEAL_ALWAYS)
			q->reveal = REVEAL_END;
	} else if (key_is(ln, klen, "pass"))
		ok = parse_int(val, 0, 100, &q->pass);
	else if (key_is(ln, klen, "attempts"))
		ok = parse_int(val, 0, 1000, &q->attempts);
	else if (key_is(ln, klen, "shuffle"))
		ok = parse_bool(val, &q->shuffle);
	else if (key_is(ln, klen, "draw")) {
		ok = parse_int(val, 0, 10000, &q->draw);
		p->drawpos = ln->pos;
	} else if (key_is(ln, klen, "reveal")) {
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
		msg(MSG_Q_OPTION, l->file, ln->pos.line, ln->pos.col,
		    "'%.*s' (quiz options: id, title, mode, pass, attempts, "
		    "shuffle, draw, reveal)", (int)klen, ln->s);
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

static struct quiz *
quiz_parse(struct course *c, struct lesson *l, const char *text,
    struct pos fence, size_t nth, int *okp)
{
	struct qp	 p;
	struct qline	*lines, *ln;
	struct question	*q;
	struct choice	*last;
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
	n = split_lines(text, (struct pos){ fence.line + 1, fence.col },
	    &lines);
	for (i = 0; i < n; i++) {
		ln = &lines[i];
		if (ln->len == 0 || starts(ln, "//")) {
			p.in_stem = 0;
			continue;
		}
		if (starts(ln, "?") && (ln->len == 1 || ln->s[1] == ' ')) {
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
			q->stem = rest(ln, 1);
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
			if ((k = keyval(ln, &val)) > 0) {
				block_option(&p, ln, k, val);
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
		if (ln->indent >= 2 && starts(ln, ">") && last != NULL &&
		    !p.in_stem) {
			val = rest(ln, 1);
			append_text(&last->feedback, val, " ");
			free(val);
		} else if (ln->indent >= 2 && p.in_stem) {
			val = rest(ln, 0);
			append_text(&q->stem, val, "\n");
			free(val);
		} else if (starts(ln, "( )") || starts(ln, "(x)") ||
		    starts(ln, "(X)")) {
			p.in_stem = 0;
			add_choice(&p, ln, A_RADIO, rest(ln, 3), NULL,
			    ln->s[1] != ' ');
		} else if (starts(ln, "[ ]") || starts(ln, "[x]") ||
		    starts(ln, "[X]")) {
			p.in_stem = 0;
			add_choice(&p, ln, A_CHECK, rest(ln, 3), NULL,
			    ln->s[1] != ' ');
		} else if (starts(ln, "=") && (ln->len == 1 ||
		    ln->s[1] == ' ')) {
			p.in_stem = 0;
			p.eq = xreallocarray(p.eq, p.neq + 1, sizeof(char *));
			p.eqpos = xreallocarray(p.eqpos, p.neq + 1,
			    sizeof(*p.eqpos));
			p.eq[p.neq] = rest(ln, 1);
			p.eqpos[p.neq++] = ln->pos;
			if (p.eq[p.neq - 1][0] == '\0') {
				msg(MSG_Q_SYNTAX, l->file, ln->pos.line,
				    ln->pos.col, "'=' without an answer");
				p.ok = 0;
			}
		} else if (starts(ln, "- ")) {
			p.in_stem = 0;
			val = rest(ln, 2);
			if ((arrow = strstr(val, " -> ")) == NULL) {
				msg(MSG_Q_SYNTAX, l->file, ln->pos.line,
				    ln->pos.col, "a matching pair is "
				    "'- left -> right'");
				p.ok = 0;
				free(val);
				continue;
			}
			*arrow = '\0';
			add_choice(&p, ln, A_PAIR, xstrdup(val),
			    rest(&(struct qline){ arrow + 4,
			    strlen(arrow + 4), 0, ln->pos }, 0), 1);
			free(val);
		} else if ((k = item_marker(ln)) > 0) {
			p.in_stem = 0;
			add_choice(&p, ln, A_ITEM, rest(ln, k), NULL, 1);
		} else if ((k = keyval(ln, &val)) > 0) {
			question_option(&p, ln, k, val);
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
	if (!p.ok)
		*okp = 0;
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
		}
		free(qu->choices);
		free(qu->id);
		free(qu->stem);
		free(qu->fb_correct);
		free(qu->fb_incorrect);
		free(qu->explanation);
	}
	free(q->questions);
	free(q->id);
	free(q->title);
	free(q);
}

/* --- scenarios: parsing and checks ------------------------------ */

static size_t
node_index(const struct scenario *s, const char *name)
{
	size_t	 i;

	/* Scenarios hold a few dozen nodes: a scan is enough. */
	for (i = 0; i < s->nnodes; i++)
		if (strcmp(s->nodes[i].name, name) == 0)
			return i;
	return (size_t)-1;
}

/* Parses "- text -> target (points)"; 1 ok, 0 bad (reported). */
static int
scenario_choice(struct lesson *l, struct scnode *nd, const struct qline *ln)
{
	struct scchoice	*ch;
	char		*s, *arrow, *t, *paren, *end;
	long		 pts = 0;
	int		 ok = 1;

	s = rest(ln, 2);
	if ((arrow = strstr(s, " -> ")) == NULL) {
		/* The last " -> " separates, so the text may hold one. */
		free(s);
		msg(MSG_Q_SYNTAX, l->file, ln->pos.line, ln->pos.col,
		    "a choice is '- text -> node (points)'");
		return 0;
	}
	while ((t = strstr(arrow + 4, " -> ")) != NULL)
		arrow = t;
	*arrow = '\0';
	t = arrow + 4;
	while (*t == ' ')
		t++;
	if ((paren = strchr(t, '(')) != NULL) {
		errno = 0;
		pts = strtol(paren + 1, &end, 10);
		while (*end == ' ')
			end++;
		if (end == paren + 1 || *end != ')' || end[1] != '\0' ||
		    errno || pts < -1000 || pts > 1000) {
			msg(MSG_BAD_VALUE, l->file, ln->pos.line, ln->pos.col,
			    "points must be a whole number in parentheses, "
			    "e.g. (10)");
			ok = 0;
		}
		*paren = '\0';
	}
	end = t + strlen(t);
	while (end > t && end[-1] == ' ')
		*--end = '\0';
	if (!valid_id(t)) {
		msg(MSG_BAD_VALUE, l->file, ln->pos.line, ln->pos.col,
		    "target node '%s': use letters, digits, '-' and '_'", t);
		ok = 0;
	}
	nd->choices = xreallocarray(nd->choices, nd->nchoices + 1,
	    sizeof(*nd->choices));
	ch = &nd->choices[nd->nchoices++];
	memset(ch, 0, sizeof(*ch));
	ch->text = xstrdup(s);
	ch->target = xstrdup(t);
	ch->points = (int)pts;
	ch->pos = ln->pos;
	free(s);
	return ok;
}

/* Best score of a simple path from node i to an ending, or INT_MIN. */
static long
best_from(const struct scenario *s, size_t i, unsigned char *onpath,
    long *budget)
{
	const struct scnode *nd = &s->nodes[i];
	long		 best = LONG_MIN, v;
	size_t		 k;

	if (nd->nchoices == 0)
		return 0;
	if (--*budget < 0)
		return LONG_MIN;
	onpath[i] = 1;
	for (k = 0; k < nd->nchoices; k++) {
		if (nd->choices[k].to == (size_t)-1 ||
		    onpath[nd->choices[k].to])
			continue;
		v = best_from(s, nd->choices[k].to, onpath, budget);
		if (v != LONG_MIN && v + nd->choices[k].points > best)
			best = v + nd->choices[k].points;
	}
	onpath[i] = 0;
	return best;
}

/* "did you mean" among the scenario's node names; returns the index
 * of the node suggested, or (size_t)-1. */
static size_t
node_help(const struct scenario *s, const char *target)
{
	const char	**names, *near;
	size_t		 i;

	names = xcalloc(s->nnodes, sizeof(*names));
	for (i = 0; i < s->nnodes; i++)
		names[i] = s->nodes[i].name;
	near = lint_help_name(target, names, s->nnodes);
	free(names);
	return near != NULL ? node_index(s, near) : (size_t)-1;
}

/* Checks targets, reachability and endings; computes the best score. */
static int
scenario_check(struct lesson *l, struct scenario *s)
{
	unsigned char	*seen, *live, *meant;
	size_t		 i, k, *stack, top = 0, nend = 0, want;
	int		 ok = 1, changed, missing = 0;
	long		 budget = 1000000, best;

	meant = xcalloc(s->nnodes, 1);
	for (i = 0; i < s->nnodes; i++) {
		if (s->nodes[i].nchoices == 0)
			nend++;
		for (k = 0; k < s->nodes[i].nchoices; k++) {
			struct scchoice *ch = &s->nodes[i].choices[k];

			if ((ch->to = node_index(s, ch->target)) ==
			    (size_t)-1) {
				msg(MSG_SC_TARGET, l->file, ch->pos.line,
				    ch->pos.col, "'%s'", ch->target);
				/* The node meant is not "unreachable":
				 * that would only echo the typo. */
				if ((want = node_help(s, ch->target)) !=
				    (size_t)-1)
					meant[want] = 1;
				ok = 0;
				missing = 1;
			}
		}
	}
	if (s->nnodes == 0) {
		free(meant);
		return ok;
	}
	if (nend == 0) {
		free(meant);
		msg(MSG_SC_NO_END, l->file, s->pos.line, s->pos.col, "give "
		    "at least one node no choices");
		return 0;
	}
	/* Reachable from the start: depth-first walk. */
	seen = xcalloc(s->nnodes, 1);
	stack = xcalloc(s->nnodes + 1, sizeof(*stack));
	stack[top++] = s->start;
	seen[s->start] = 1;
	while (top > 0) {
		i = stack[--top];
		for (k = 0; k < s->nodes[i].nchoices; k++) {
			size_t to = s->nodes[i].choices[k].to;

			if (to != (size_t)-1 && !seen[to]) {
				seen[to] = 1;
				stack[top++] = to;
			}
		}
	}
	/* Can reach an ending: grow the live set to a fixed point. */
	live = xcalloc(s->nnodes, 1);
	for (i = 0; i < s->nnodes; i++)
		live[i] = s->nodes[i].nchoices == 0;
	do {
		changed = 0;
		for (i = 0; i < s->nnodes; i++)
			for (k = 0; !live[i] && k < s->nodes[i].nchoices; k++)
				if (s->nodes[i].choices[k].to != (size_t)-1 &&
				    live[s->nodes[i].choices[k].to])
					live[i] = changed = 1;
	} while (changed);
	for (i = 0; i < s->nnodes; i++) {
		/* A repeated name was reported already; links reach the
		 * first node of that name only. */
		if (node_index(s, s->nodes[i].name) != i)
			continue;
		if (!seen[i] && !meant[i]) {
			msg(MSG_SC_UNREACHABLE, l->file, s->nodes[i].pos.line,
			    s->nodes[i].pos.col, "[%s]", s->nodes[i].name);
			ok = 0;
		} else if (seen[i] && !live[i] && !missing) {
			/* With a missing target, a dead end may be the
			 * choice that was meant to lead on. */
			msg(MSG_SC_DEAD_END, l->file, s->nodes[i].pos.line,
			    s->nodes[i].pos.col, "[%s]", s->nodes[i].name);
			ok = 0;
		}
	}
	free(seen);
	free(live);
	free(stack);
	free(meant);
	if (ok) {
		seen = xcalloc(s->nnodes, 1);
		best = best_from(s, s->start, seen, &budget);
		free(seen);
		s->best = best == LONG_MIN || best < 0 ? 0 : (int)best;
	}
	return ok;
}

static struct scenario *
scenario_parse(struct course *c, struct lesson *l, const char *text,
    struct pos fence, size_t nth, int *okp)
{
	struct scenario	*s;
	struct scnode	*nd = NULL;
	struct scchoice	*lastch = NULL;
	struct qline	*lines, *ln;
	struct pos	 startpos = { 0, 0 };
	char		*val, *start = NULL, *name;
	size_t		 n, i, k, j;
	int		 ok = 1;

	s = xcalloc(1, sizeof(*s));
	s->pos = fence;
	n = split_lines(text, (struct pos){ fence.line + 1, fence.col },
	    &lines);
	for (i = 0; i < n; i++) {
		ln = &lines[i];
		if (starts(ln, "//"))
			continue;
		if (ln->len > 2 && ln->s[0] == '[' &&
		    ln->s[ln->len - 1] == ']' && ln->indent == 0) {
			name = xstrndup(ln->s + 1, ln->len - 2);
			if (!valid_id(name)) {
				msg(MSG_BAD_VALUE, l->file, ln->pos.line,
				    ln->pos.col, "node name '%s': use letters, "
				    "digits, '-' and '_'", name);
				ok = 0;
			}
			for (j = 0; j < s->nnodes; j++)
				if (strcmp(s->nodes[j].name, name) == 0) {
					msg(MSG_DUP_ID, l->file, ln->pos.line,
					    ln->pos.col, "node [%s] is also "
					    "on line %d", name,
					    s->nodes[j].pos.line);
					ok = 0;
				}
			s->nodes = xreallocarray(s->nodes, s->nnodes + 1,
			    sizeof(*s->nodes));
			nd = &s->nodes[s->nnodes++];
			memset(nd, 0, sizeof(*nd));
			nd->name = name;
			nd->pos = ln->pos;
			lastch = NULL;
			continue;
		}
		if (nd == NULL) {
			if (ln->len == 0)
				continue;
			if ((k = keyval(ln, &val)) == 0) {
				msg(MSG_Q_SYNTAX, l->file, ln->pos.line,
				    ln->pos.col, "expected a 'key: value' "
				    "option or a '[node]' line");
				ok = 0;
				continue;
			}
			if (key_is(ln, k, "id")) {
				if (valid_id(val)) {
					free(s->id);
					s->id = xstrdup(val);
				} else {
					msg(MSG_BAD_VALUE, l->file,
					    ln->pos.line, ln->pos.col, "id "
					    "'%s'", val);
					ok = 0;
				}
			} else if (key_is(ln, k, "title")) {
				free(s->title);
				s->title = xstrdup(val);
			} else if (key_is(ln, k, "start")) {
				free(start);
				start = xstrdup(val);
				startpos = ln->pos;
			} else {
				msg(MSG_Q_OPTION, l->file, ln->pos.line,
				    ln->pos.col, "'%.*s' (scenario options: "
				    "id, title, start)", (int)k, ln->s);
				ok = 0;
			}
			free(val);
			continue;
		}
		if (ln->indent >= 2 && starts(ln, ">") && lastch != NULL) {
			val = rest(ln, 1);
			append_text(&lastch->feedback, val, " ");
			free(val);
		} else if (starts(ln, "- ") && ln->indent == 0 &&
		    strstr(ln->s, " -> ") != NULL && (size_t)(strstr(ln->s,
		    " -> ") - ln->s) < ln->len) {
			if (!scenario_choice(l, nd, ln))
				ok = 0;
			else
				lastch = &nd->choices[nd->nchoices - 1];
		} else if (starts(ln, "outcome:") && ln->indent == 0) {
			val = rest(ln, 8);
			if (strcmp(val, "good") == 0)
				nd->outcome = OUT_GOOD;
			else if (strcmp(val, "bad") == 0)
				nd->outcome = OUT_BAD;
			else if (strcmp(val, "neutral") == 0)
				nd->outcome = OUT_NEUTRAL;
			else {
				msg(MSG_BAD_VALUE, l->file, ln->pos.line,
				    ln->pos.col, "outcome '%s' (use good, "
				    "neutral or bad)", val);
				ok = 0;
			}
			free(val);
		} else {
			/* Narrative: keep the line as written. */
			val = xstrndup(ln->s, ln->len);
			append_text(&nd->text, val, "\n");
			free(val);
		}
	}
	free(lines);
	if (s->id == NULL)
		s->id = lesson_key(l, "scenario", nth);
	if (!claim_id(c, l, s->id, fence))
		ok = 0;
	if (s->nnodes == 0) {
		msg(MSG_Q_EMPTY, l->file, fence.line, fence.col, "a scenario "
		    "needs '[node]' lines");
		ok = 0;
	}
	if (start != NULL) {
		if ((s->start = node_index(s, start)) == (size_t)-1) {
			msg(MSG_BAD_VALUE, l->file, startpos.line,
			    startpos.col, "start: there is no node [%s]", start);
			s->start = 0;
			ok = 0;
		}
		free(start);
	}
	for (i = 0; i < s->nnodes; i++)
		if (s->nodes[i].nchoices > 0 &&
		    s->nodes[i].outcome != OUT_NEUTRAL) {
			msg(MSG_BAD_VALUE, l->file, s->nodes[i].pos.line,
			    s->nodes[i].pos.col, "[%s] has choices, so it is "
			    "not an ending: outcome applies to endings only",
			    s->nodes[i].name);
			ok = 0;
		}
	if (ok || s->nnodes > 0)
		if (!scenario_check(l, s))
			ok = 0;
	if (!ok)
		*okp = 0;
	return s;
}

void
scenario_free(struct scenario *s)
{
	size_t	 i, k;

	if (s == NULL)
		return;
	for (i = 0; i < s->nnodes; i++) {
		for (k = 0; k < s->nodes[i].nchoices; k++) {
			free(s->nodes[i].choices[k].text);
			free(s->nodes[i].choices[k].target);
			free(s->nodes[i].choices[k].feedback);
		}
		free(s->nodes[i].choices);
		free(s->nodes[i].name);
		free(s->nodes[i].text);
	}
	free(s->nodes);
	free(s->id);
	free(s->title);
	free(s);
}

/* --- HTML ------------------------------------------------------- */

/* Interface string key from the theme/course, or fallback. */
static const char *
ui(const struct course *c, const char *key, const char *fallback)
{
	const struct tval	*v;

	v = c->ui != NULL ? tv_get(c->ui, key) : NULL;
	return v != NULL && v->type == TV_STR ? v->str : fallback;
}

/* Appends an interface string as HTML text. */
static void
put_ui(struct buf *b, const struct course *c, const char *key,
    const char *fallback)
{
	const char	*s = ui(c, key, fallback);

	esc_html(b, s, strlen(s));
}

static uint32_t
fnv1a(const char *s)
{
	uint32_t	 h = 2166136261u;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

/*
 * Encodes the answer key as docs/quiz-runtime.md says: XOR with an LCG
 * keystream seeded by the id, then base64 (a few lines; libxml2's
 * base64 writer only writes into XML).  Keeps answers out of "view
 * source"; it is not meant as security.
 */
static void
encode_key(struct buf *out, const char *id, const char *json, size_t len)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned char	*x;
	uint32_t	 st = fnv1a(id), v;
	size_t		 i;

	x = xmalloc(len + 2);
	for (i = 0; i < len; i++) {
		st = st * 1103515245u + 12345u;
		x[i] = (unsigned char)json[i] ^ (unsigned char)(st >> 16);
	}
	buf_putc(out, '"');
	for (i = 0; i + 2 < len; i += 3) {
		v = (uint32_t)x[i] << 16 | (uint32_t)x[i + 1] << 8 | x[i + 2];
		buf_putc(out, b64[v >> 18 & 63]);
		buf_putc(out, b64[v >> 12 & 63]);
		buf_putc(out, b64[v >> 6 & 63]);
		buf_putc(out, b64[v & 63]);
	}
	if (len - i == 1) {
		v = (uint32_t)x[i] << 16;
		buf_putc(out, b64[v >> 18 & 63]);
		buf_putc(out, b64[v >> 12 & 63]);
		buf_puts(out, "==");
	} else if (len - i == 2) {
		v = (uint32_t)x[i] << 16 | (uint32_t)x[i + 1] << 8;
		buf_putc(out, b64[v >> 18 & 63]);
		buf_putc(out, b64[v >> 12 & 63]);
		buf_putc(out, b64[v >> 6 & 63]);
		buf_putc(out, '=');
	}
	buf_putc(out, '"');
	free(x);
}

/* A deterministic permutation of n items seeded by an id, never the
 * identity when n > 1, so "shown shuffled" holds in the static page. */
static size_t *
permutation(const char *id, size_t n)
{
	size_t		*v, i, j, t;
	uint32_t	 st = fnv1a(id);
	int		 ident = 1;

	v = xcalloc(n ? n : 1, sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = i;
	for (i = n; i > 1; i--) {
		st = st * 1103515245u + 12345u;
		j = (st >> 16) % i;
		t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
	for (i = 0; i < n; i++)
		if (v[i] != i)
			ident = 0;
	if (ident && n > 1) {
		t = v[0];
		memmove(v, v + 1, (n - 1) * sizeof(*v));
		v[n - 1] = t;
	}
	return v;
}

/* Renders a snippet and appends it; plain text goes to *plain. */
static void
put_md(struct buf *b, struct course *c, struct lesson *l, const char *md,
    struct pos p, int inl, char **plain)
{
	char	*h;

	h = markdown_snippet(c, l, md, p, inl, plain);
	buf_puts(b, h);
	free(h);
}

static void
json_key(struct buf *j, const char *k)
{
	esc_json(j, k, strlen(k));
	buf_putc(j, ':');
}

static void
json_str(struct buf *j, const char *k, const char *v)
{
	json_key(j, k);
	esc_json(j, v, strlen(v));
}

/* Adds "key":"<html>" for an optional Markdown field. */
static void
json_md(struct buf *j, struct course *c, struct lesson *l, const char *k,
    const char *md, struct pos p, int *first)
{
	char	*h;

	if (md == NULL)
		return;
	h = markdown_snippet(c, l, md, p, 0, NULL);
	if (!*first)
		buf_putc(j, ',');
	*first = 0;
	json_str(j, k, h);
	free(h);
}

/* Writes the "data-cs-strings" attribute the engine reads. */
static void
strings_attr(struct buf *b, const struct course *c, const char *prefix1,
    const char *prefix2)
{
	struct buf	 j = { NULL, 0, 0 };
	size_t		 i;
	int		 first = 1;

	buf_putc(&j, '{');
	for (i = 0; c->ui != NULL && i < c->ui->n; i++) {
		const struct tval *v = tv_get(c->ui, c->ui->keys[i]);

		if (v == NULL || v->type != TV_STR ||
		    (strncmp(c->ui->keys[i], prefix1, strlen(prefix1)) != 0 &&
		    strncmp(c->ui->keys[i], prefix2, strlen(prefix2)) != 0))
			continue;
		if (!first)
			buf_putc(&j, ',');
		first = 0;
		json_str(&j, c->ui->keys[i], v->str);
	}
	buf_putc(&j, '}');
	buf_puts(b, " data-cs-strings=\"");
	esc_attr(b, j.data, j.len);
	buf_putc(b, '"');
	buf_free(&j);
}

static void
question_html(struct buf *b, struct buf *j, struct course *c,
    struct lesson *l, const struct quiz *qz, const struct question *q)
{
	const char	*qid = q->id;
	char		*plain, *cid, **rights;
	size_t		 i, *perm, n = q->nchoices;
	int		 first, points;

	/* A likert question is recorded but never scored. */
	points = q->type == Q_LIKERT ? 0 : q->points;
	buf_printf(b, "<fieldset class=\"cs-q\" id=\"cs-q-%s\" "
	    "data-qid=\"%s\" data-type=\"%s\" data-points=\"%d\">\n"
	    "<legend class=\"cs-q__stem\">", qid, qid, qtypes[q->type],
	    points);
	put_md(b, c, l, q->stem, (struct pos){ q->pos.line,
	    q->pos.col + 2 }, 1, &plain);
	buf_puts(b, "</legend>\n");

	buf_putc(j, '"');
	buf_puts(j, qid);
	buf_puts(j, "\":{");
	json_str(j, "type", qtypes[q->type]);
	buf_printf(j, ",\"points\":%d,", points);
	json_str(j, "text", plain);
	free(plain);
	buf_printf(j, ",\"shuffle\":%s", q->shuffle && qz->shuffle ?
	    "true" : "false");

	switch (q->type) {
	case Q_SINGLE:
	case Q_MULTIPLE:
	case Q_LIKERT:
	case Q_TRUEFALSE:
		buf_puts(b, "<div class=\"cs-q__choices\">\n");
		if (q->type == Q_TRUEFALSE) {
			for (i = 0; i < 2; i++) {
				cid = i == 0 ? "true" : "false";
				buf_printf(b, "<div class=\"cs-choice\"><input "
				    "type=\"radio\" name=\"cs-q-%s\" "
				    "id=\"cs-q-%s-%s\" value=\"%s\"><label "
				    "for=\"cs-q-%s-%s\">", qid, qid, cid, cid,
				    qid, cid);
				put_ui(b, c, i == 0 ? "quiz_true" : "quiz_false",
				    i == 0 ? "True" : "False");
				buf_puts(b, "</label></div>\n");
			}
			buf_printf(j, ",\"correct\":[\"%s\"]", q->tf ?
			    "true" : "false");
			buf_puts(j, ",\"choices\":{");
			json_str(j, "true", ui(c, "quiz_true", "True"));
			buf_putc(j, ',');
			json_str(j, "false", ui(c, "quiz_false", "False"));
			buf_putc(j, '}');
		} else {
			buf_puts(j, ",\"correct\":[");
			first = 1;
			for (i = 0; i < n; i++)
				if (q->choices[i].correct &&
				    q->type != Q_LIKERT) {
					buf_printf(j, "%s\"c%zu\"", first ?
					    "" : ",", i);
					first = 0;
				}
			buf_puts(j, "],\"choices\":{");
			for (i = 0; i < n; i++) {
				buf_printf(b, "<div class=\"cs-choice\"><input "
				    "type=\"%s\" name=\"cs-q-%s\" "
				    "id=\"cs-q-%s-c%zu\" value=\"c%zu\"><label "
				    "for=\"cs-q-%s-c%zu\">", q->type ==
				    Q_MULTIPLE ? "checkbox" : "radio", qid,
				    qid, i, i, qid, i);
				put_md(b, c, l, q->choices[i].text,
				    q->choices[i].pos, 1, &plain);
				buf_puts(b, "</label></div>\n");
				buf_printf(j, "%s\"c%zu\":", i ? "," : "", i);
				esc_json(j, plain, strlen(plain));
				free(plain);
			}
			buf_putc(j, '}');
		}
		buf_puts(b, "</div>\n");
		break;
	case Q_FILLIN:
	case Q_NUMERIC:
		buf_printf(b, "<div class=\"cs-q__answer\"><label "
		    "for=\"cs-q-%s-input\">", qid);
		put_ui(b, c, "quiz_your_answer", "Your answer");
		/* maxlength bounds what the saved progress may hold. */
		buf_printf(b, "</label> <input type=\"text\" "
		    "id=\"cs-q-%s-input\" name=\"cs-q-%s\" autocomplete=\"off\""
		    " spellcheck=\"false\" maxlength=\"%zu\"%s></div>\n", qid,
		    qid, answer_maxlength(q), q->type == Q_NUMERIC ?
		    " inputmode=\"decimal\"" : "");
		if (q->type == Q_NUMERIC)
			buf_printf(j, ",\"min\":%.10g,\"max\":%.10g", q->min,
			    q->max);
		else {
			buf_puts(j, ",\"answers\":[");
			for (i = 0; i < n; i++) {
				if (i)
					buf_putc(j, ',');
				esc_json(j, q->choices[i].text,
				    strlen(q->choices[i].text));
			}
			buf_printf(j, "],\"case\":%s,\"spaces\":%s",
			    q->case_sensitive ? "true" : "false",
			    q->exact_spaces ? "true" : "false");
		}
		break;
	case Q_MATCHING:
		perm = permutation(qid, n);
		rights = xcalloc(n, sizeof(*rights));
		for (i = 0; i < n; i++)
			free(markdown_snippet(c, l, q->choices[i].right,
			    q->choices[i].pos, 1, &rights[i]));
		buf_puts(b, "<div class=\"cs-match\">\n");
		buf_puts(j, ",\"pairs\":{");
		for (i = 0; i < n; i++)
			buf_printf(j, "%s\"L%zu\":\"R%zu\"", i ? "," : "", i,
			    i);
		buf_puts(j, "},\"choices\":{");
		for (i = 0; i < n; i++) {
			size_t	 k;

			buf_printf(b, "<div class=\"cs-match__row\"><label "
			    "for=\"cs-q-%s-L%zu\">", qid, i);
			put_md(b, c, l, q->choices[i].text, q->choices[i].pos,
			    1, &plain);
			buf_printf(j, "%s\"L%zu\":", i ? "," : "", i);
			esc_json(j, plain, strlen(plain));
			free(plain);
			buf_printf(b, "</label> <select id=\"cs-q-%s-L%zu\" "
			    "name=\"cs-q-%s-L%zu\" data-left=\"L%zu\">"
			    "<option value=\"\">", qid, i, qid, i, i);
			put_ui(b, c, "quiz_choose", "Choose…");
			buf_puts(b, "</option>");
			for (k = 0; k < n; k++) {
				buf_printf(b, "<option value=\"R%zu\">",
				    perm[k]);
				esc_html(b, rights[perm[k]],
				    strlen(rights[perm[k]]));
				buf_puts(b, "</option>");
			}
			buf_puts(b, "</select></div>\n");
		}
		for (i = 0; i < n; i++) {
			buf_printf(j, ",\"R%zu\":", i);
			esc_json(j, rights[i], strlen(rights[i]));
			free(rights[i]);
		}
		free(rights);
		buf_putc(j, '}');
		buf_puts(b, "</div>\n");
		free(perm);
		break;
	case Q_ORDERING:
		perm = permutation(qid, n);
		buf_puts(b, "<ol class=\"cs-order\">\n");
		buf_puts(j, ",\"order\":[");
		for (i = 0; i < n; i++)
			buf_printf(j, "%s\"I%zu\"", i ? "," : "", i);
		buf_puts(j, "],\"choices\":{");
		for (i = 0; i < n; i++) {
			size_t	 it = perm[i], k;

			buf_printf(b, "<li class=\"cs-order__item\" "
			    "data-item=\"I%zu\"><span class=\"cs-order__text\""
			    " id=\"cs-q-%s-I%zu-text\">", it, qid, it);
			put_md(b, c, l, q->choices[it].text,
			    q->choices[it].pos, 1, &plain);
			buf_printf(j, "%s\"I%zu\":", i ? "," : "", it);
			esc_json(j, plain, strlen(plain));
			free(plain);
			buf_printf(b, "</span> <label for=\"cs-q-%s-I%zu\">",
			    qid, it);
			put_ui(b, c, "quiz_position", "Position");
			buf_printf(b, "</label> <select id=\"cs-q-%s-I%zu\" "
			    "name=\"cs-q-%s-I%zu\" data-item=\"I%zu\" "
			    "aria-describedby=\"cs-q-%s-I%zu-text\"><option "
			    "value=\"\">–</option>", qid, it, qid, it, it,
			    qid, it);
			for (k = 1; k <= n; k++)
				buf_printf(b, "<option value=\"%zu\">%zu"
				    "</option>", k, k);
			buf_puts(b, "</select></li>\n");
		}
		buf_puts(j, "}");
		buf_puts(b, "</ol>\n");
		free(perm);
		break;
	default:
		break;
	}

	/* Feedback lives in the key, not in the page. */
	buf_puts(j, ",\"feedback\":{");
	first = 1;
	for (i = 0; i < n; i++) {
		char	 id[32];

		if (q->choices[i].feedback == NULL)
			continue;
		snprintf(id, sizeof(id), "%s%zu", q->type == Q_MATCHING ?
		    "L" : q->type == Q_ORDERING ? "I" : "c", i);
		json_md(j, c, l, id, q->choices[i].feedback,
		    q->choices[i].pos, &first);
	}
	buf_putc(j, '}');
	first = 0;
	json_md(j, c, l, "correct_fb", q->fb_correct, q->pos, &first);
	json_md(j, c, l, "incorrect_fb", q->fb_incorrect, q->pos, &first);
	json_md(j, c, l, "explanation", q->explanation, q->pos, &first);
	buf_putc(j, '}');

	buf_printf(b, "<div class=\"cs-q__feedback\" "
	    "id=\"cs-q-%s-feedback\"></div>\n</fieldset>\n", qid);
}

static const char *const reveals[] = { "always", "passed", "end", "never" };

static char *
quiz_html(struct course *c, struct lesson *l, const struct quiz *q)
{
	struct buf	 b = { NULL, 0, 0 }, j = { NULL, 0, 0 };
	const char	*title;
	size_t		 i;

	title = q->title ? q->title : q->graded ?
	    ui(c, "quiz_assessment", "Assessment") :
	    ui(c, "quiz_knowledge_check", "Knowledge check");
	buf_printf(&b, "<section class=\"cs-quiz\" id=\"cs-quiz-%s\" "
	    "data-quiz=\"%s\" data-mode=\"%s\" data-pass=\"%d\" "
	    "data-attempts=\"%d\" data-shuffle=\"%s\" data-draw=\"%d\" "
	    "data-reveal=\"%s\" data-count=\"%zu\"", q->id, q->id,
	    q->graded ? "graded" : "practice", q->pass, q->attempts,
	    q->shuffle ? "true" : "false", q->draw, reveals[q->reveal],
	    q->nquestions);
	strings_attr(&b, c, "quiz_", "quiz_");
	buf_printf(&b, " aria-labelledby=\"cs-quiz-%s-title\">\n"
	    "<p class=\"cs-quiz__title\" id=\"cs-quiz-%s-title\">", q->id,
	    q->id);
	if (q->title != NULL)
		put_md(&b, c, l, title, q->pos, 1, NULL);
	else
		esc_html(&b, title, strlen(title));
	buf_puts(&b, "</p>\n<form class=\"cs-quiz__form\" novalidate>\n");
	buf_puts(&j, "{\"questions\":{");
	for (i = 0; i < q->nquestions; i++) {
		if (i)
			buf_putc(&j, ',');
		question_html(&b, &j, c, l, q, &q->questions[i]);
	}
	buf_puts(&j, "}}");
	buf_puts(&b, "<div class=\"cs-quiz__actions\"><button type=\"submit\" "
	    "class=\"cs-quiz__submit\">");
	put_ui(&b, c, "quiz_check", "Check answers");
	buf_puts(&b, "</button></div>\n<div class=\"cs-quiz__status\" "
	    "role=\"status\" aria-live=\"polite\"></div>\n</form>\n"
	    "<script type=\"application/json\" class=\"cs-quiz__key\">");
	encode_key(&b, q->id, j.data, j.len);
	buf_puts(&b, "</script>\n</section>\n");
	buf_free(&j);
	return buf_detach(&b);
}

static const char *const outcomes[] = { "neutral", "good", "bad" };

static char *
scenario_html(struct course *c, struct lesson *l, const struct scenario *s)
{
	struct buf	 b = { NULL, 0, 0 }, j = { NULL, 0, 0 };
	const struct scnode *nd;
	const char	*title;
	char		*plain;
	size_t		 i, k;
	int		 first;

	title = s->title ? s->title : ui(c, "scenario_title", "Scenario");
	buf_printf(&b, "<section class=\"cs-scenario\" id=\"cs-sc-%s\" "
	    "data-scenario=\"%s\" data-start=\"%s\" data-best=\"%d\"", s->id,
	    s->id, s->nodes[s->start].name, s->best);
	strings_attr(&b, c, "scenario_", "quiz_");
	buf_printf(&b, " aria-labelledby=\"cs-sc-%s-title\">\n"
	    "<p class=\"cs-scenario__title\" id=\"cs-sc-%s-title\">", s->id,
	    s->id);
	esc_html(&b, title, strlen(title));
	buf_puts(&b, "</p>\n");
	buf_puts(&j, "{\"nodes\":{");
	for (i = 0; i < s->nnodes; i++) {
		nd = &s->nodes[i];
		buf_printf(&b, "<div class=\"cs-scenario__node\" "
		    "id=\"cs-sc-%s-%s\" data-node=\"%s\"", s->id, nd->name,
		    nd->name);
		if (nd->nchoices == 0)
			buf_printf(&b, " data-outcome=\"%s\"",
			    outcomes[nd->outcome]);
		buf_puts(&b, ">\n<div class=\"cs-scenario__text\">");
		if (nd->text != NULL)
			put_md(&b, c, l, nd->text, (struct pos){
			    nd->pos.line + 1, nd->pos.col }, 0, NULL);
		buf_puts(&b, "</div>\n");
		buf_printf(&j, "%s\"%s\":{\"end\":%s,\"outcome\":\"%s\","
		    "\"choices\":[", i ? "," : "", nd->name,
		    nd->nchoices ? "false" : "true", outcomes[nd->outcome]);
		if (nd->nchoices > 0)
			buf_puts(&b, "<ul class=\"cs-scenario__choices\">\n");
		for (k = 0; k < nd->nchoices; k++) {
			buf_printf(&b, "<li><a href=\"#cs-sc-%s-%s\" "
			    "data-choice=\"%zu\">", s->id,
			    nd->choices[k].target, k);
			put_md(&b, c, l, nd->choices[k].text,
			    nd->choices[k].pos, 1, &plain);
			buf_puts(&b, "</a></li>\n");
			buf_printf(&j, "%s{\"target\":\"%s\",\"points\":%d,",
			    k ? "," : "", nd->choices[k].target,
			    nd->choices[k].points);
			json_str(&j, "text", plain);
			free(plain);
			first = 0;
			json_md(&j, c, l, "feedback", nd->choices[k].feedback,
			    nd->choices[k].pos, &first);
			buf_putc(&j, '}');
		}
		if (nd->nchoices > 0)
			buf_puts(&b, "</ul>\n");
		buf_puts(&j, "]}");
		buf_puts(&b, "</div>\n");
	}
	buf_printf(&j, "},\"best\":%d,\"start\":\"%s\",", s->best,
	    s->nodes[s->start].name);
	json_str(&j, "text", title);
	buf_putc(&j, '}');
	buf_puts(&b, "<div class=\"cs-scenario__status\" role=\"status\" "
	    "aria-live=\"polite\"></div>\n<script type=\"application/json\" "
	    "class=\"cs-scenario__key\">");
	encode_key(&b, s->id, j.data, j.len);
	buf_puts(&b, "</script>\n</section>\n");
	buf_free(&j);
	return buf_detach(&b);
}

/* --- the pass over a lesson ------------------------------------- */

/* First word of the fence info string. */
static int
info_is(cmark_node *n, const char *w)
{
	const char	*info = cmark_node_get_fence_info(n);
	size_t		 len = strlen(w);

	return info != NULL && strncmp(info, w, len) == 0 &&
	    (info[len] == '\0' || isspace((unsigned char)info[len]));
}

int
quiz_lesson(struct course *c, struct lesson *l)
{
	cmark_iter	*it;
	cmark_event_type ev;
	cmark_node	*n, **blocks = NULL, *cb;
	size_t		 nblocks = 0, i;
	struct pos	 fence;
	struct quiz	*q;
	struct scenario	*s;
	char		*html;
	int		 ok = 1, bok;

	if (l->doc == NULL)
		return 1;
	it = cmark_iter_new(l->doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER &&
		    cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK &&
		    (info_is(n, "quiz") || info_is(n, "scenario"))) {
			blocks = xreallocarray(blocks, nblocks + 1,
			    sizeof(*blocks));
			blocks[nblocks++] = n;
		}
	}
	cmark_iter_free(it);
	/* Replace after the walk, as cmark's iterator rules ask. */
	for (i = 0; i < nblocks; i++) {
		n = blocks[i];
		fence.line = cmark_node_get_start_line(n);
		fence.col = cmark_node_get_start_column(n);
		bok = 1;
		html = NULL;
		if (info_is(n, "quiz")) {
			q = quiz_parse(c, l, cmark_node_get_literal(n), fence,
			    l->nquizzes + 1, &bok);
			l->quizzes = xreallocarray(l->quizzes, l->nquizzes + 1,
			    sizeof(*l->quizzes));
			l->quizzes[l->nquizzes++] = q;
			if (bok)
				html = quiz_html(c, l, q);
		} else {
			s = scenario_parse(c, l, cmark_node_get_literal(n),
			    fence, l->nscenarios + 1, &bok);
			l->scenarios = xreallocarray(l->scenarios,
			    l->nscenarios + 1, sizeof(*l->scenarios));
			l->scenarios[l->nscenarios++] = s;
			if (bok)
				html = scenario_html(c, l, s);
		}
		if (!bok) {
			ok = 0;
			continue;
		}
		cb = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
		cmark_node_set_on_enter(cb, html);
		cmark_node_set_on_exit(cb, "");
		free(html);
		cmark_node_replace(n, cb);
		cmark_node_free(n);
	}
	free(blocks);
	return ok;
}
