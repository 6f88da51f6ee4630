/*
 * suspend.c: the worst-case size of the SCORM suspend_data a course can
 * need, following the state format and bound of docs/scorm-runtime.md
 * (the browser tests build that maximal state and check it matches).
 * The build warns when SCORM 1.2's 4,096 characters could be exceeded.
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "courseware.h"
#include "extern.h"

static size_t
digits(size_t n)
{
	size_t	 d = 1;

	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

/* Longest text a fill-in or numeric answer box accepts. */
size_t
answer_maxlength(const struct question *q)
{
	size_t	 i, longest = 0;

	if (q->type == Q_NUMERIC)
		return 24;
	for (i = 0; i < q->nchoices; i++)
		if (strlen(q->choices[i].text) > longest)
			longest = strlen(q->choices[i].text);
	/* Room for typos and longer phrasings; never tiny. */
	return longest * 2 < 40 ? 40 : longest * 2 > 250 ? 250 :
	    longest * 2;
}

/* Characters one stored response may take, quotes included. */
static size_t
response_size(const struct question *q)
{
	size_t	 k = q->nchoices, i, n;

	switch (q->type) {
	case Q_TRUEFALSE:
		return 3;
	case Q_SINGLE:
	case Q_LIKERT:
		return k <= 36 ? 4 : 3 + digits(k - 1);
	case Q_MULTIPLE:
		if (k <= 36)
			return k + 3;
		for (n = 1, i = 0; i < k; i++)
			n += 2 + digits(i);
		return n;
	case Q_MATCHING:
		if (k <= 36)
			return 2 * k + 3;
		for (n = 1, i = 0; i < k; i++)
			n += 4 + 2 * digits(i);
		return n;
	case Q_ORDERING:
		if (k <= 35)
			return k + 3;
		for (n = 1, i = 1; i <= k; i++)
			n += 1 + digits(i);
		return n;
	default:	/* fill-in, numeric: each character may be escaped */
		return 2 * answer_maxlength(q) + 2;
	}
}

static int
cmp_desc(const void *a, const void *b)
{
	size_t	 x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

static size_t
quiz_size(const struct quiz *z)
{
	size_t	*sizes, shown, i, r;

	sizes = xcalloc(z->nquestions ? z->nquestions : 1, sizeof(*sizes));
	for (i = 0; i < z->nquestions; i++)
		sizes[i] = response_size(&z->questions[i]);
	/* A draw stores the drawn responses: the largest ones at worst. */
	qsort(sizes, z->nquestions, sizeof(*sizes), cmp_desc);
	shown = z->draw > 0 && (size_t)z->draw < z->nquestions ?
	    (size_t)z->draw : z->nquestions;
	r = 1;
	for (i = 0; i < shown; i++)
		r += sizes[i] + 1;
	r += 2 * (z->nquestions - shown);
	free(sizes);
	return strlen(z->id) + (z->attempts > 0 ?
	    digits((size_t)z->attempts) : 4) + r + 35;
}

/* Longest simple path in steps, capped at 100 (cycles count as 100). */
static size_t
longest_walk(const struct scenario *s, size_t i, unsigned char *onpath,
    long *budget)
{
	size_t	 best = 0, v, k, to;

	if (--*budget < 0)
		return 100;
	onpath[i] = 1;
	for (k = 0; k < s->nodes[i].nchoices && best < 100; k++) {
		to = s->nodes[i].choices[k].to;
		if (to == (size_t)-1)
			continue;
		v = onpath[to] ? 100 : 1 + longest_walk(s, to, onpath,
		    budget);
		if (v > best)
			best = v;
	}
	onpath[i] = 0;
	return best > 100 ? 100 : best;
}

size_t
suspend_worst(const struct course *c)
{
	const struct lesson	*l;
	unsigned char		*onpath;
	size_t			 w, i, j, ng = 0, nz = 0, ns = 0, g = 6,
				 z = 6, sc = 6;
	long			 budget;

	w = 28 + (c->nlessons + 5) / 6;
	for (i = 0; i < c->nlessons; i++) {
		l = c->lessons[i];
		for (j = 0; j < l->nquizzes; j++) {
			nz++;
			z += quiz_size(l->quizzes[j]);
			if (l->quizzes[j]->graded) {
				ng++;
				g += strlen(l->quizzes[j]->id) + 3;
			}
		}
		for (j = 0; j < l->nscenarios; j++) {
			const struct scenario *s = l->scenarios[j];

			ns++;
			onpath = xcalloc(s->nnodes ? s->nnodes : 1, 1);
			budget = 1000000;
			sc += strlen(s->id) + 4 + 13 + (s->nnodes ?
			    longest_walk(s, s->start, onpath, &budget) : 0);
			free(onpath);
		}
	}
	return w + (ng ? g : 0) + (nz ? z : 0) + (ns ? sc : 0);
}
