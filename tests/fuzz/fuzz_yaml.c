/*
 * fuzz_yaml.c: libFuzzer harness for course.yml, module.yml and lesson
 * front matter (course.c, meta.c), through course_load on a real
 * folder.  The input holds up to three files cut at "%%" lines:
 * course.yml, a root lesson (front matter and body) and m/module.yml.
 */
#include <stddef.h>
#include <stdint.h>

#include "../../compiler/util.h"
#include "../../compiler/courseware.h"
#include "../../compiler/extern.h"
#include "../../compiler/msg.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char lesson2[] = "---\ntitle: Two\n---\nText.\n";
	const char	*part[3], *dir;
	size_t		 len[3];
	struct course	*c;
	char		*s;

	fuzz_quiet();
	dir = fuzz_dir();
	s = fuzz_parts(data, size, part, len, 3);
	fuzz_file(dir, "course.yml", part[0], len[0]);
	fuzz_file(dir, "01-lesson.md", part[1], len[1]);
	fuzz_file(dir, "m/module.yml", part[2], len[2]);
	fuzz_file(dir, "m/01-two.md", lesson2, sizeof(lesson2) - 1);
	free(s);
	course_load(dir, &c);
	course_free(c);
	return 0;
}
