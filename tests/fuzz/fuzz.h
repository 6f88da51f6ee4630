/*
 * fuzz.h: what the libFuzzer harnesses share.  Each harness is one
 * file, so these are static inline (not every harness uses each);
 * include after the compiler's headers.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Diagnostics are expected by the thousand: keep them off the screen. */
static inline void
fuzz_quiet(void)
{
	static FILE	*devnull;

	if (devnull == NULL) {
		devnull = fopen("/dev/null", "w");
		msg_set_output(devnull);
	}
}

/*
 * A course of one root lesson built in memory, as course_load would
 * leave it, for the parsers that take a course and a lesson.  The
 * folder does not exist, so links to media files are reported missing.
 */
static inline struct course *
fuzz_course(struct lesson **lp)
{
	struct course	*c;
	struct module	*m;
	struct lesson	*l;

	c = xcalloc(1, sizeof(*c));
	c->dir = xstrdup("/nonexistent/coursec-fuzz");
	c->yml = xstrdup("/nonexistent/coursec-fuzz/course.yml");
	c->id = xstrdup("fuzz");
	c->title = xstrdup("Fuzz");
	c->language = xstrdup("en");
	c->passing_score = 80;
	m = xcalloc(1, sizeof(*m));
	m->dir = xstrdup("");
	m->slug = xstrdup("");
	m->title = xstrdup("");
	l = xcalloc(1, sizeof(*l));
	l->src = xstrdup("01-lesson.md");
	l->file = xstrdup("fuzz/01-lesson.md");
	l->slug = xstrdup("lesson");
	l->href = xstrdup("lesson.html");
	l->title = xstrdup("Lesson");
	l->text = xstrdup("");
	l->module = m;
	smap_put(&l->anchors, "a-heading", l);
	m->lessons = xcalloc(1, sizeof(*m->lessons));
	m->lessons[m->nlessons++] = l;
	c->modules = xcalloc(1, sizeof(*c->modules));
	c->modules[c->nmodules++] = m;
	c->lessons = xcalloc(1, sizeof(*c->lessons));
	c->lessons[c->nlessons++] = l;
	smap_put(&c->bysrc, l->src, l);
	smap_put(&c->outputs, l->href, l);
	*lp = l;
	return c;
}

/* A private folder for harnesses that go through the file system. */
static inline const char *
fuzz_dir(void)
{
	static char	 dir[] = "/tmp/coursec-fuzz-XXXXXX";
	static int	 made;

	if (!made) {
		if (mkdtemp(dir) == NULL) {
			perror("mkdtemp");
			exit(1);
		}
		made = 1;
	}
	return dir;
}

/* Writes len bytes of data to dir/name (made with its folders). */
static inline void
fuzz_file(const char *dir, const char *name, const char *data, size_t len)
{
	char	*p;
	FILE	*f;

	p = path_join(dir, name);
	path_mkparents(p);
	if ((f = fopen(p, "w")) == NULL) {
		perror(p);
		exit(1);
	}
	fwrite(data, 1, len, f);
	fclose(f);
	free(p);
}

/*
 * Cuts the input at lines "%%" into at most n parts (the rest stay
 * empty), so one input can hold several files.  Parts point into a copy
 * the caller frees.
 */
static inline char *
fuzz_parts(const uint8_t *data, size_t size, const char **part,
    size_t *len, size_t n)
{
	char	*s, *p, *cut;
	size_t	 i, k = 0;

	s = xmalloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	for (i = 0; i < n; i++) {
		part[i] = "";
		len[i] = 0;
	}
	p = s;
	while (k < n) {
		part[k] = p;
		/* A NUL byte ends the search: the rest is the last part. */
		cut = k + 1 < n ? strstr(p, "\n%%\n") : NULL;
		if (cut == NULL) {
			len[k] = size - (size_t)(p - s);
			break;
		}
		len[k++] = (size_t)(cut - p) + 1;
		p = cut + 4;
	}
	return s;
}
