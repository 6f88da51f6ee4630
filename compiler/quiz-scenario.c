/*
 * quiz-scenario.c: stage 3 for ```scenario fences.  Reads nodes and
 * choices (docs/quiz-syntax.md) into a struct scenario, then checks the
 * graph: every target exists, every node is reachable from the start
 * and can reach an ending.  Computes the best score the runtime divides
 * by, and checks every Markdown field's links.  Writes nothing.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "courseware.h"
#include "extern.h"
#include "msg.h"
#include "quiz-int.h"

#define NO_NODE	((size_t)-1)

static size_t
node_index(const struct scenario *s, const char *name)
{
	size_t	 i;

	/* Scenarios hold a few dozen nodes: a scan is enough. */
	for (i = 0; i < s->nnodes; i++)
		if (strcmp(s->nodes[i].name, name) == 0)
			return i;
	return NO_NODE;
}

/*
 * Parses "- text -> target (points)" into a new choice of nd.  Returns
 * 1 ok, 0 bad (reported); the choice is added either way, so feedback
 * lines under it attach to it.
 */
static int
scenario_choice(struct lesson *l, struct scnode *nd, const struct qline *ln)
{
	struct scchoice	*ch;
	struct pos	 at;
	char		*s, *arrow, *t, *paren, *end;
	long		 pts = 0;
	int		 ok = 1;

	s = ql_rest(ln, 2, &at);
	/* The last " -> " separates, so the text may hold one. */
	if ((arrow = strstr(s, " -> ")) == NULL) {
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
			pts = 0;
		}
		*paren = '\0';
	}
	end = t + strlen(t);
	while (end > t && end[-1] == ' ')
		*--end = '\0';
	if (!ql_valid_id(t)) {
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
	ch->to = NO_NODE;
	ch->points = (int)pts;
	ch->pos = ln->pos;
	ql_src_add(&ch->text_src, 0, at);
	free(s);
	return ok;
}

/* Best score of a simple path from node i to an ending, or LONG_MIN;
 * *budget bounds the work (the search is exponential). */
static long
best_simple(const struct scenario *s, size_t i, unsigned char *onpath,
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
		if (nd->choices[k].to == NO_NODE ||
		    onpath[nd->choices[k].to])
			continue;
		v = best_simple(s, nd->choices[k].to, onpath, budget);
		if (v != LONG_MIN && v + nd->choices[k].points > best)
			best = v + nd->choices[k].points;
	}
	onpath[i] = 0;
	return best;
}

/*
 * Without loops: the best score from each node, memoised, in the
 * post-order of an explicit-stack depth-first walk (no recursion, so a
 * long chain of nodes cannot overflow the stack).  Returns 0 if the walk
 * meets a loop, 1 with *best set otherwise.
 */
static int
best_acyclic(const struct scenario *s, long *best)
{
	unsigned char	*state;		/* 0 new, 1 on the stack, 2 done */
	long		*memo, v;
	size_t		*stack, *next, top = 0, i, k, to;
	int		 acyclic = 1;

	state = xcalloc(s->nnodes, 1);
	memo = xcalloc(s->nnodes, sizeof(*memo));
	stack = xcalloc(s->nnodes, sizeof(*stack));
	next = xcalloc(s->nnodes, sizeof(*next));
	stack[top++] = s->start;
	state[s->start] = 1;
	while (top > 0 && acyclic) {
		i = stack[top - 1];
		if (next[i] < s->nodes[i].nchoices) {
			to = s->nodes[i].choices[next[i]++].to;
			if (to == NO_NODE || state[to] == 2)
				continue;
			if (state[to] == 1) {
				acyclic = 0;
				break;
			}
			state[to] = 1;
			stack[top++] = to;
			continue;
		}
		/* Every successor is done: an ending scores 0. */
		memo[i] = s->nodes[i].nchoices ? LONG_MIN : 0;
		for (k = 0; k < s->nodes[i].nchoices; k++) {
			to = s->nodes[i].choices[k].to;
			if (to == NO_NODE || memo[to] == LONG_MIN)
				continue;
			v = memo[to] + s->nodes[i].choices[k].points;
			if (v > memo[i])
				memo[i] = v;
		}
		state[i] = 2;
		top--;
	}
	*best = memo[s->start];
	free(state);
	free(memo);
	free(stack);
	free(next);
	return acyclic;
}

/*
 * With loops: Bellman-Ford for the longest walk from the start.  A loop
 * that loses or keeps points never helps, so the values settle within
 * nnodes rounds; one that still improves then gains points.  Returns 1
 * with *best, or 0 with *loop the choice that closes a gaining loop.
 */
static int
best_walk(const struct scenario *s, long *best,
    const struct scchoice **loop)
{
	long		*dist, v;
	size_t		*pred, i, k, to, round, x;
	const struct scchoice **predch;
	int		 changed = 1;

	dist = xcalloc(s->nnodes, sizeof(*dist));
	pred = xcalloc(s->nnodes, sizeof(*pred));
	predch = xcalloc(s->nnodes, sizeof(*predch));
	for (i = 0; i < s->nnodes; i++) {
		dist[i] = LONG_MIN;
		pred[i] = NO_NODE;
	}
	dist[s->start] = 0;
	x = NO_NODE;
	for (round = 0; changed && round <= s->nnodes; round++) {
		changed = 0;
		for (i = 0; i < s->nnodes; i++) {
			if (dist[i] == LONG_MIN)
				continue;
			for (k = 0; k < s->nodes[i].nchoices; k++) {
				to = s->nodes[i].choices[k].to;
				if (to == NO_NODE)
					continue;
				v = dist[i] + s->nodes[i].choices[k].points;
				if (v <= dist[to])
					continue;
				dist[to] = v;
				pred[to] = i;
				predch[to] = &s->nodes[i].choices[k];
				changed = 1;
				x = to;
			}
		}
	}
	*best = LONG_MIN;
	if (changed) {
		/* Still improving after nnodes rounds: walking back nnodes
		 * steps from the last node improved lands on the loop. */
		for (k = 0; k < s->nnodes && pred[x] != NO_NODE; k++)
			x = pred[x];
		*loop = predch[x];
	} else
		for (i = 0; i < s->nnodes; i++)
			if (s->nodes[i].nchoices == 0 && dist[i] > *best)
				*best = dist[i];
	free(dist);
	free(pred);
	free(predch);
	return !changed;
}

int
scenario_best(const struct scenario *s, long *best,
    const struct scchoice **loop)
{
	unsigned char	*onpath;
	long		 budget = 1000000;

	*loop = NULL;
	if (best_acyclic(s, best) || best_walk(s, best, loop))
		return 1;
	/* No best walk: the best path that visits no node twice, which the
	 * loop's warning tells the author about. */
	onpath = xcalloc(s->nnodes, 1);
	*best = best_simple(s, s->start, onpath, &budget);
	free(onpath);
	return 0;
}

/* Checks targets, reachability and endings; computes the best score. */
static int
scenario_check(struct lesson *l, struct scenario *s)
{
	unsigned char	*seen, *live;
	size_t		 i, k, *stack, top = 0, nend = 0;
	int		 ok = 1, changed;
	long		 best;
	const struct scchoice *loop;

	for (i = 0; i < s->nnodes; i++) {
		if (s->nodes[i].nchoices == 0)
			nend++;
		for (k = 0; k < s->nodes[i].nchoices; k++) {
			struct scchoice *ch = &s->nodes[i].choices[k];

			if ((ch->to = node_index(s, ch->target)) == NO_NODE) {
				msg(MSG_SC_TARGET, l->file, ch->pos.line,
				    ch->pos.col, "'%s'", ch->target);
				ok = 0;
			}
		}
	}
	if (s->nnodes == 0)
		return ok;
	if (nend == 0) {
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

			if (to != NO_NODE && !seen[to]) {
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
				if (s->nodes[i].choices[k].to != NO_NODE &&
				    live[s->nodes[i].choices[k].to])
					live[i] = changed = 1;
	} while (changed);
	for (i = 0; i < s->nnodes; i++) {
		/* A repeated name was reported already; links reach the
		 * first node of that name only. */
		if (node_index(s, s->nodes[i].name) != i)
			continue;
		if (!seen[i]) {
			msg(MSG_SC_UNREACHABLE, l->file, s->nodes[i].pos.line,
			    s->nodes[i].pos.col, "[%s]", s->nodes[i].name);
			ok = 0;
		} else if (!live[i]) {
			msg(MSG_SC_DEAD_END, l->file, s->nodes[i].pos.line,
			    s->nodes[i].pos.col, "[%s]", s->nodes[i].name);
			ok = 0;
		}
	}
	free(seen);
	free(live);
	free(stack);
	if (!ok)
		return 0;
	if (!scenario_best(s, &best, &loop))
		msg(MSG_SC_LOOP, l->file, loop ? loop->pos.line : s->pos.line,
		    loop ? loop->pos.col : s->pos.col,
		    "the best score is %ld, that of the best path through "
		    "no node twice, and scores stop at 100%%",
		    best < 0 ? 0 : best);
	s->best = best < 0 ? 0 : best > INT_MAX ? INT_MAX : (int)best;
	return 1;
}

/* Checks the Markdown fields of a scenario, those quiz-html.c renders. */
static int
scenario_check_md(struct course *c, struct lesson *l,
    const struct scenario *s)
{
	const struct scnode *nd;
	size_t		 i, k;
	int		 ok = 1;

	for (i = 0; i < s->nnodes; i++) {
		nd = &s->nodes[i];
		ok &= ql_check_md(c, l, nd->text, &nd->text_src);
		for (k = 0; k < nd->nchoices; k++) {
			ok &= ql_check_md(c, l, nd->choices[k].text,
			    &nd->choices[k].text_src);
			ok &= ql_check_md(c, l, nd->choices[k].feedback,
			    &nd->choices[k].fb_src);
		}
	}
	return ok;
}

/* Reads an option line before the first node; 1 ok, 0 bad (reported). */
static int
scenario_option(struct scenario *s, struct lesson *l, const struct qline *ln,
    char **start, struct pos *startpos, struct pos *idpos)
{
	char	*val;
	size_t	 k;
	int	 ok = 1;

	if ((k = ql_keyval(ln, &val, NULL)) == 0) {
		msg(MSG_Q_SYNTAX, l->file, ln->pos.line, ln->pos.col,
		    "expected a 'key: value' option or a '[node]' line");
		return 0;
	}
	if (ql_key_is(ln, k, "id")) {
		if (ql_valid_id(val)) {
			free(s->id);
			s->id = xstrdup(val);
			*idpos = ln->pos;
		} else {
			msg(MSG_BAD_VALUE, l->file, ln->pos.line, ln->pos.col,
			    "id '%s'", val);
			ok = 0;
		}
	} else if (ql_key_is(ln, k, "title")) {
		free(s->title);
		s->title = xstrdup(val);
	} else if (ql_key_is(ln, k, "start")) {
		free(*start);
		*start = xstrdup(val);
		*startpos = ln->pos;
	} else {
		msg(MSG_Q_OPTION, l->file, ln->pos.line, ln->pos.col,
		    "'%.*s' (scenario options: id, title, start)", (int)k,
		    ln->s);
		ok = 0;
	}
	free(val);
	return ok;
}

struct scenario *
scenario_parse(struct course *c, struct lesson *l, const char *text,
    struct pos fence, size_t nth)
{
	struct scenario	*s;
	struct scnode	*nd = NULL;
	struct scchoice	*lastch;
	struct qline	*lines, *ln;
	struct pos	 startpos = { 0, 0 }, idpos = { 0, 0 }, at;
	char		*val, *start = NULL, *name;
	size_t		 n, i, j;
	int		 ok = 1, has_last = 0;

	s = xcalloc(1, sizeof(*s));
	s->pos = fence;
	n = fence_lines(text, (struct pos){ fence.line + 1, fence.col },
	    &lines);
	for (i = 0; i < n; i++) {
		ln = &lines[i];
		if (ql_starts(ln, "//"))
			continue;
		if (ln->len > 2 && ln->s[0] == '[' &&
		    ln->s[ln->len - 1] == ']' && ln->indent == 0) {
			name = xstrndup(ln->s + 1, ln->len - 2);
			if (!ql_valid_id(name)) {
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
			has_last = 0;
			continue;
		}
		if (nd == NULL) {
			if (ln->len != 0 && !scenario_option(s, l, ln, &start,
			    &startpos, &idpos))
				ok = 0;
			continue;
		}
		/* The choice a feedback line belongs to, found afresh: the
		 * choices array moves as it grows. */
		lastch = has_last ? &nd->choices[nd->nchoices - 1] : NULL;
		if (ln->indent >= 2 && ql_starts(ln, ">") && lastch != NULL) {
			val = ql_rest(ln, 1, &at);
			ql_append(&lastch->feedback, &lastch->fb_src, val, at,
			    " ");
			free(val);
		} else if (ql_starts(ln, "- ") && ln->indent == 0 &&
		    strstr(ln->s, " -> ") != NULL && (size_t)(strstr(ln->s,
		    " -> ") - ln->s) < ln->len) {
			j = nd->nchoices;
			if (!scenario_choice(l, nd, ln))
				ok = 0;
			has_last = nd->nchoices > j;
		} else if (ql_starts(ln, "outcome:") && ln->indent == 0) {
			val = ql_rest(ln, 8, NULL);
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
			ql_append(&nd->text, &nd->text_src, val, ln->pos,
			    "\n");
			free(val);
		}
	}
	free(lines);
	if (s->id == NULL)
		s->id = ql_lesson_key(l, "scenario", nth);
	/* An explicit id is reported where it is written. */
	if (!ql_claim_id(c, l, s->id, idpos.line ? idpos : fence))
		ok = 0;
	if (s->nnodes == 0) {
		msg(MSG_Q_EMPTY, l->file, fence.line, fence.col, "a scenario "
		    "needs '[node]' lines");
		ok = 0;
	}
	if (start != NULL) {
		if ((s->start = node_index(s, start)) == NO_NODE) {
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
	if (s->nnodes > 0 && !scenario_check(l, s))
		ok = 0;
	if (!scenario_check_md(c, l, s))
		ok = 0;
	s->ok = ok;
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
			ql_src_free(&s->nodes[i].choices[k].text_src);
			ql_src_free(&s->nodes[i].choices[k].fb_src);
		}
		free(s->nodes[i].choices);
		free(s->nodes[i].name);
		free(s->nodes[i].text);
		ql_src_free(&s->nodes[i].text_src);
	}
	free(s->nodes);
	free(s->id);
	free(s->title);
	free(s);
}
