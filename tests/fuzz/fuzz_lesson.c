/*
 * fuzz_lesson.c: libFuzzer harness for a whole lesson through the
 * pipeline: course_load, markdown_parse, markdown_links, quiz_lesson
 * and render_course with the default theme, writing nothing (dry run).
 * The input is the lesson file; run from the top of the source tree.
 */
#include <stddef.h>
#include <stdint.h>

#include "../../compiler/util.h"
#include "../../compiler/courseware.h"
#include "../../compiler/extern.h"
#include "../../compiler/msg.h"
#include "../../compiler/theme.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char yml[] = "title: Fuzz\nid: fuzz\n";
	static const char other[] = "# Other\n\n## Target\n\nText.\n";
	static struct theme *th;
	const char	*dir;
	struct course	*c;
	struct out	*out;
	struct tval	*ui;
	size_t		 i;

	fuzz_quiet();
	if (th == NULL && (th = theme_load("themes/default")) == NULL) {
		fprintf(stderr, "fuzz_lesson: run from the source tree\n");
		exit(1);
	}
	dir = fuzz_dir();
	fuzz_file(dir, "course.yml", yml, sizeof(yml) - 1);
	fuzz_file(dir, "01-lesson.md", (const char *)data, size);
	fuzz_file(dir, "02-other.md", other, sizeof(other) - 1);
	if (!course_load(dir, &c) && c == NULL)
		return 0;
	for (i = 0; i < c->nlessons; i++)
		markdown_parse(c, c->lessons[i]);
	c->ui = ui = theme_strings(th, c->language);
	for (i = 0; i < c->nlessons; i++)
		markdown_links(c, c->lessons[i]);
	for (i = 0; i < c->nlessons; i++)
		quiz_lesson(c, c->lessons[i]);
	out = out_begin(dir, c->id, 1);
	render_course(c, th, out);
	out_abort(out);
	suspend_worst(c);
	course_free(c);
	tv_free(ui);
	return 0;
}
