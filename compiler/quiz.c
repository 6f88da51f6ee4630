/*
 * quiz.c: runs the quiz stage over a lesson.  Stage 3 (quiz_lesson)
 * reads and checks every ```quiz and ```scenario fence into the model;
 * stage 4 (quiz_write, from render.c) swaps each checked fence for its
 * HTML.  The parts live behind quiz-int.h: the fence reader, the two
 * parsers with their checks, and the writer.
 */
#include <stdio.h>
#include <stdlib.h>

#include <cmark-gfm.h>

#include "util.h"
#include "courseware.h"
#include "extern.h"
#include "quiz-int.h"
#include "arena.h"

int
quiz_lesson(struct course *c, struct lesson *l)
{
	cmark_node	**blocks, *n;
	size_t		 nblocks, i;
	struct pos	 fence;
	struct quiz	*q;
	struct scenario	*s;
	int		 ok = 1;

	if (l->doc == NULL)
		return 1;
	nblocks = fence_blocks(l->doc, &blocks);
	for (i = 0; i < nblocks; i++) {
		n = blocks[i];
		fence.line = cmark_node_get_start_line(n);
		fence.col = cmark_node_get_start_column(n);
		if (fence_kind(n) == FENCE_QUIZ) {
			q = quiz_parse(c, l, cmark_node_get_literal(n), fence,
			    l->nquizzes + 1);
			l->quizzes = xreallocarray(l->quizzes, l->nquizzes + 1,
			    sizeof(*l->quizzes));
			l->quizzes[l->nquizzes++] = q;
			ok &= q->ok;
		} else {
			s = scenario_parse(c, l, cmark_node_get_literal(n),
			    fence, l->nscenarios + 1);
			l->scenarios = xreallocarray(l->scenarios,
			    l->nscenarios + 1, sizeof(*l->scenarios));
			l->scenarios[l->nscenarios++] = s;
			ok &= s->ok;
		}
	}
	free(blocks);
	return ok;
}

void
quiz_write(struct course *c, struct lesson *l)
{
	cmark_node	**blocks, *n, *cb;
	size_t		 nblocks, i, nq = 0, ns = 0;
	char		*html, *prefixed;
	int		 strings = 0;

	if (l->doc == NULL)
		return;
	/* The same walk as quiz_lesson's, so the nth fence of a kind is
	 * the nth model of that kind; replace only after the walk, as
	 * cmark's iterator rules ask. */
	nblocks = fence_blocks(l->doc, &blocks);
	for (i = 0; i < nblocks; i++) {
		n = blocks[i];
		html = NULL;
		if (fence_kind(n) == FENCE_QUIZ) {
			if (nq < l->nquizzes && l->quizzes[nq]->ok)
				html = quiz_html(c, l, l->quizzes[nq]);
			nq++;
		} else {
			if (ns < l->nscenarios && l->scenarios[ns]->ok)
				html = scenario_html(c, l, l->scenarios[ns]);
			ns++;
		}
		/* A block with errors stays a code block; its course is
		 * not written. */
		if (html == NULL)
			continue;
		if (!strings) {
			/* Before the page's first block: see quiz-html.c. */
			prefixed = xstrcat(quiz_strings_script(c), html);
			free(html);
			html = prefixed;
			strings = 1;
		}
		cb = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_BLOCK,
		    arena_mem());
		cmark_node_set_on_enter(cb, html);
		cmark_node_set_on_exit(cb, "");
		free(html);
		cmark_node_replace(n, cb);
		cmark_node_free(n);
	}
	free(blocks);
}
