/*
 * benchref.c: the reference job of `make bench`.  The cmark-gfm library
 * renders every lesson of every course given, in one process, with the
 * GitHub extensions coursec enables (table, strikethrough, autolink,
 * tasklist, footnotes), and writes one HTML page per lesson under
 * OUTDIR/<course folder name>/.  Front matter is skipped, as coursec
 * does, so both render the same Markdown.  bench.sh then zips each
 * course's pages with `zip -6` to complete the reference.
 *
 *   benchref OUTDIR COURSE_DIR...
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

static const char *const exts[] = {
	"table", "strikethrough", "autolink", "tasklist", NULL
};

static char *
slurp(const char *path, size_t *len)
{
	FILE	*f;
	char	*s;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	if ((s = malloc((size_t)n + 1)) == NULL ||
	    fread(s, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(s);
		return NULL;
	}
	fclose(f);
	s[n] = '\0';
	*len = (size_t)n;
	return s;
}

/* The body after a leading "---" ... "---" block. */
static const char *
body(const char *s)
{
	const char	*p;

	if (strncmp(s, "---\n", 4) != 0)
		return s;
	if ((p = strstr(s + 4, "\n---\n")) == NULL)
		return s;
	return p + 5;
}

static int
render(const char *src, const char *dst)
{
	cmark_parser		*p;
	cmark_syntax_extension	*e;
	cmark_node		*doc;
	char			*md, *html;
	const char		*b;
	size_t			 len, i;
	FILE			*f;
	int			 opts = CMARK_OPT_FOOTNOTES |
	    CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES;

	if ((md = slurp(src, &len)) == NULL) {
		perror(src);
		return 0;
	}
	p = cmark_parser_new(opts);
	for (i = 0; exts[i] != NULL; i++)
		if ((e = cmark_find_syntax_extension(exts[i])) != NULL)
			cmark_parser_attach_syntax_extension(p, e);
	b = body(md);
	cmark_parser_feed(p, b, strlen(b));
	doc = cmark_parser_finish(p);
	html = cmark_render_html(doc, opts, cmark_parser_get_syntax_extensions(p));
	if ((f = fopen(dst, "w")) == NULL || fputs(html, f) == EOF ||
	    fclose(f) == EOF) {
		perror(dst);
		return 0;
	}
	free(html);
	cmark_node_free(doc);
	cmark_parser_free(p);
	free(md);
	return 1;
}

/* Renders every .md under src (recursively) into dst. */
static int
walk(const char *src, const char *dst)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	char		 s[4096], t[4096];
	size_t		 n;
	int		 ok = 1;

	if ((d = opendir(src)) == NULL) {
		perror(src);
		return 0;
	}
	if (mkdir(dst, 0755) == -1 && errno != EEXIST) {
		perror(dst);
		closedir(d);
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(s, sizeof(s), "%s/%s", src, de->d_name);
		if (stat(s, &st) == -1)
			continue;
		n = strlen(de->d_name);
		if (S_ISDIR(st.st_mode)) {
			snprintf(t, sizeof(t), "%s/%s", dst, de->d_name);
			ok &= walk(s, t);
		} else if (n > 3 && strcmp(de->d_name + n - 3, ".md") == 0) {
			snprintf(t, sizeof(t), "%s/%.*s.html", dst,
			    (int)(n - 3), de->d_name);
			ok &= render(s, t);
		}
	}
	closedir(d);
	return ok;
}

int
main(int argc, char *argv[])
{
	char		 t[4096];
	const char	*name;
	int		 i, ok = 1;

	if (argc < 3) {
		fputs("usage: benchref OUTDIR COURSE_DIR...\n", stderr);
		return 1;
	}
	cmark_gfm_core_extensions_ensure_registered();
	if (mkdir(argv[1], 0755) == -1 && errno != EEXIST) {
		perror(argv[1]);
		return 1;
	}
	for (i = 2; i < argc; i++) {
		name = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 :
		    argv[i];
		snprintf(t, sizeof(t), "%s/%s", argv[1], name);
		ok &= walk(argv[i], t);
	}
	return ok ? 0 : 1;
}
