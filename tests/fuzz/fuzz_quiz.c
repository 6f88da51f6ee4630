/*
 * fuzz_quiz.c: libFuzzer harness for the quiz parser and checks
 * (quiz-parse.c) and, for what they accept, the writer (quiz-html.c).
 * The input is the body of a ```quiz fence.
 */
#include <stddef.h>
#include <stdint.h>

#include "../../compiler/util.h"
#include "../../compiler/courseware.h"
#include "../../compiler/extern.h"
#include "../../compiler/msg.h"
#include "../../compiler/quiz-int.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct course	*c;
	struct lesson	*l;
	struct quiz	*q;
	char		*text;

	fuzz_quiet();
	c = fuzz_course(&l);
	text = xstrndup((const char *)data, size);
	q = quiz_parse(c, l, text, (struct pos){ 3, 1 }, 1);
	if (q->ok)
		free(quiz_html(c, l, q));
	l->quizzes = xcalloc(1, sizeof(*l->quizzes));
	l->quizzes[l->nquizzes++] = q;
	free(text);
	course_free(c);
	return 0;
}
