/*
 * fuzz_scenario.c: libFuzzer harness for the scenario parser, its graph
 * checks and best score (quiz-scenario.c) and, for what they accept,
 * the writer (quiz-html.c).  The input is the body of a ```scenario
 * fence.
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
	struct scenario	*s;
	char		*text;

	fuzz_quiet();
	c = fuzz_course(&l);
	text = xstrndup((const char *)data, size);
	s = scenario_parse(c, l, text, (struct pos){ 3, 1 }, 1);
	if (s->ok)
		free(scenario_html(c, l, s));
	l->scenarios = xcalloc(1, sizeof(*l->scenarios));
	l->scenarios[l->nscenarios++] = s;
	free(text);
	course_free(c);
	return 0;
}
