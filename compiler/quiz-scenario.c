/*
 * quiz-scenario.c: stage 3 for ```scenario fences.  Reads nodes and
 * choices (docs/quiz-syntax.md) into a struct scenario, then checks the
 * graph: every target exists, every node is reachable from the start
 * and can reach an ending.  Computes the best score the runtime divides
 * by, and checks every Markdown field's links.  Writes nothing.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "courseware.h"
#include "extern.h"
#include "msg.h"
#include "quiz-int.h"

/* The options a scenario block takes, for "did you mean". */
static const char *const scenario_opts[] = { "id", "title", "start", NULL };

#define NO_NODE	((size_t)-1)

/* The index of the first node called name, from the parser's map of
 * names to index + 1 (a map: scenarios may be large). */
static size_t
node_index(const struct smap *names, const char *name)
{
	void	*v;

	return (v = smap_get(names, name)) == NULL ? NO_NODE :
	    (size_t)(uintptr_t)v - 1;
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
 * *budget bounds the work (the search is exponential) and depth the
 * recursion. */
static long
best_simple(const struct scenario *s, size_t i, unsigned char *onpath,
    long *budget, int depth)
{
	const struct scnode *nd = &s->nodes[i];
	long		 best = LONG_MIN, v;
	size_t		 k;

	if (nd->nchoices == 0)
		return 0;
	if (--*budget < 0 || depth > 10000)
		return LONG_MIN;
	onpath[i] = 1;
	for (k = 0; k < nd->nchoices; k++) {
		if (nd->choices[k].to == NO_NODE ||
		    onpath[nd->choices[k].to])
			continue;
		v = best_simple(s, nd->choices[k].to, onpath, budget,
		    depth + 1);
		if (v != LONG_MIN && v + nd->choices[k].points > best)
			best = v + nd->choices[k].points;
	}
	onpath[i] = 0;
	return best;
}

/*
 * The nodes reachable from the start in the post-order of a depth-first
 * walk (an explicit stack, so a long chain cannot overflow the call
 * stack): each node comes after those it leads to, unless a loop leads
 * back.  Returns the count; *loops says whether a choice led back.
 */
static size_t
post_order(const struct scenario *s, size_t *order, int *loops)
{
	unsigned char	*state;		/* 0 new, 1 on the stack, 2 done */
	size_t		*stack, *next, top = 0, n = 0, i, to;

	state = xcalloc(s->nnodes, 1);
	stack = xcalloc(s->nnodes, sizeof(*stack));
	next = xcalloc(s->nnodes, sizeof(*next));
	*loops = 0;
	stack[top++] = s->start;
	state[s->start] = 1;
	while (top > 0) {
		i = stack[top - 1];
		if (next[i] < s->nodes[i].nchoices) {
			to = s->nodes[i].choices[next[i]++].to;
			if (to == NO_NODE || state[to] == 2)
				continue;
			if (state[to] == 1) {
				*loops = 1;
				continue;
			}
			state[to] = 1;
			stack[top++] = to;
			continue;
		}
		state[i] = 2;
		order[n++] = i;
		top--;
	}
	free(state);
	free(stack);
	free(next);
	return n;
}

/* Without loops: the best score from each node, memoised in post-order
 * (a node's successors are settled before it). */
static long
best_acyclic(const struct scenario *s, const size_t *order, size_t n)
{
	long		*memo, v, best;
	size_t		 j, i, k, to;

	memo = xcalloc(s->nnodes, sizeof(*memo));
	for (j = 0; j < n; j++) {
		i = order[j];
		/* An ending scores 0; every node reaches one. */
		memo[i] = s->nodes[i].nchoices ? LONG_MIN : 0;
		for (k = 0; k < s->nodes[i].nchoices; k++) {
			to = s->nodes[i].choices[k].to;
			if (to == NO_NODE || memo[to] == LONG_MIN)
				continue;
			v = memo[to] + s->nodes[i].choices[k].points;
			if (v > memo[i])
				memo[i] = v;
		}
	}
	best = memo[s->start];
	free(memo);
	return best;
}

/* Relaxations Bellman-Ford may spend before it gives up on exactness. */
#define WALK_WORK	50000000

/*
 * Whether the chain of best predecessors from x runs into a loop; then
 * *loop gets a choice on it.  Such a loop always gains points (a loop
 * that does not can never be the better way into a node).
 */
static int
pred_loop(const size_t *pred, const struct scchoice **predch, size_t x,
    size_t n, size_t *stamp, size_t mark, const struct scchoice **loop)
{
	size_t	 k;

	for (k = 0; k <= n && x != NO_NODE; k++, x = pred[x]) {
		if (stamp[x] == mark) {
			*loop = predch[x];
			return 1;
		}
		stamp[x] = mark;
	}
	return 0;
}

/*
 * With loops: Bellman-Ford for the longest walk from the start, relaxing
 * in reverse post-order so that a round carries scores down every
 * forward choice at once.  A loop that loses or keeps points never
 * helps, so the values settle within n rounds; a loop among the best
 * predecessors, or values still improving after n rounds, mean a loop
 * gains points.  Returns 1 with *best; 0 with *loop a choice of a
 * gaining loop, or NULL when WALK_WORK ran out first.
 */
static int
best_walk(const struct scenario *s, const size_t *order, size_t n,
    long *best, const struct scchoice **loop)
{
	long		*dist, v;
	size_t		*pred, *stamp, j, i, k, to, round, x = NO_NODE;
	size_t		 work = 0;
	const struct scchoice **predch;
	int		 changed = 1, found = 0;

	dist = xcalloc(s->nnodes, sizeof(*dist));
	pred = xcalloc(s->nnodes, sizeof(*pred));
	stamp = xcalloc(s->nnodes, sizeof(*stamp));
	predch = xcalloc(s->nnodes, sizeof(*predch));
	for (i = 0; i < s->nnodes; i++) {
		dist[i] = LONG_MIN;
		pred[i] = NO_NODE;
	}
	dist[s->start] = 0;
	for (round = 0; changed && !found && round <= n; round++) {
		if (work > WALK_WORK)
			break;
		changed = 0;
		for (j = n; j > 0; j--) {
			i = order[j - 1];
			if (dist[i] == LONG_MIN)
				continue;
			work += s->nodes[i].nchoices;
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
		if (changed)
			found = pred_loop(pred, predch, x, n, stamp,
			    round + 1, loop);
	}
	*best = LONG_MIN;
	if (changed && !found && round > n) {
		/* Still improving after n rounds: walking back n steps from
		 * the last node improved lands on the loop. */
		for (k = 0; k < n && pred[x] != NO_NODE; k++)
			x = pred[x];
		*loop = predch[x];
	} else if (!changed)
		for (j = 0; j < n; j++)
			if (s->nodes[order[j]].nchoices == 0 &&
			    dist[order[j]] > *best)
				*best = dist[order[j]];
	free(dist);
	free(pred);
	free(stamp);
	free(predch);
	return !changed;
}

int
scenario_best(const struct scenario *s, long *best,
    const struct scchoice **loop)
{
	unsigned char	*onpath;
	size_t		*order, n;
	long		 budget = 1000000;
	int		 loops, exact = 1;

	*loop = NULL;
	order = xcalloc(s->nnodes, sizeof(*order));
	n = post_order(s, order, &loops);
	if (!loops)
		*best = best_acyclic(s, order, n);
	else
		exact = best_walk(s, order, n, best, loop);
	free(order);
	if (exact)
		return 1;
	/* No best walk: the best path that visits no node twice, which the
	 * loop's warning tells the author about. */
	onpath = xcalloc(s->nnodes, 1);
	*best = best_simple(s, s->start, onpath, &budget, 0);
	free(onpath);
	return 0;
}

/* "did you mean" among the scenario's node names; returns the index
 * of the node suggested, or NO_NODE. */
static size_t
node_help(const struct scenario *s, const struct smap *index,
    const char *target)
{
	const char	**names, *near;
	size_t		 i;

	names = xcalloc(s->nnodes, sizeof(*names));
	for (i = 0; i < s->nnodes; i++)
		names[i] = s->nodes[i].name;
	near = lint_help_name(target, names, s->nnodes);
	free(names);
	return near != NULL ? node_index(index, near) : NO_NODE;
}

/* Checks targets, reachability and endings; computes the best score. */
static int
scenario_check(struct lesson *l, struct scenario *s,
    const struct smap *names)
{
	unsigned char	*seen, *live, *meant;
	size_t		 i, k, *stack, top = 0, nend = 0, want;
	int		 ok = 1, changed, missing = 0;
	long		 best;
	const struct scchoice *loop;

	meant = xcalloc(s->nnodes, 1);
	for (i = 0; i < s->nnodes; i++) {
		if (s->nodes[i].nchoices == 0)
			nend++;
		for (k = 0; k < s->nodes[i].nchoices; k++) {
			struct scchoice *ch = &s->nodes[i].choices[k];

			if ((ch->to = node_index(names, ch->target)) ==
			    NO_NODE) {
				msg(MSG_SC_TARGET, l->file, ch->pos.line,
				    ch->pos.col, "'%s'", ch->target);
				/* The node meant is not "unreachable":
				 * that would only echo the typo. */
				if ((want = node_help(s, names, ch->target)) !=
				    NO_NODE)
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
		msg(MSG_SC_NO_END, l->file, s->pos.line, s->pos.col, NULL);
		msg_help("a node without choices is an ending: give the "
		    "scenario at least one");
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
		if (node_index(names, s->nodes[i].name) != i)
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
	if (!ok)
		return 0;
	if (!scenario_best(s, &best, &loop)) {
		if (loop != NULL)
			msg(MSG_SC_LOOP, l->file, loop->pos.line,
			    loop->pos.col, "the best score is %ld, that of "
			    "the best path through no node twice, and scores "
			    "stop at 100%%", best < 0 ? 0 : best);
		else
			msg(MSG_SC_BEST, l->file, s->pos.line, s->pos.col,
			    "%zu nodes: the best score is %ld, from a bounded "
			    "search of the paths through no node twice",
			    s->nnodes, best < 0 ? 0 : best);
	}
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
		ql_unknown_option(l, ln, k, "scenario", scenario_opts);
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
	struct smap	 names = { NULL, 0, 0 };
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
			if ((j = node_index(&names, name)) != NO_NODE) {
				msg(MSG_DUP_ID, l->file, ln->pos.line,
				    ln->pos.col, "node [%s] is also on line %d",
				    name, s->nodes[j].pos.line);
				ok = 0;
			} else
				smap_put(&names, name,
				    (void *)(uintptr_t)(s->nnodes + 1));
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
		if ((s->start = node_index(&names, start)) == NO_NODE) {
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
	if (s->nnodes > 0 && !scenario_check(l, s, &names))
		ok = 0;
	smap_free(&names);
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
