/*
 * course.c: stage 1.  Reads course.yml, finds modules and lessons
 * (explicit order or natural sort), reads each lesson's front matter and
 * assigns output paths.  Every problem is reported; loading goes on so
 * that one run shows them all.
 */
#define _GNU_SOURCE	/* strverscmp(3) */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>

#include "util.h"
#include "courseware.h"
#include "extern.h"
#include "meta.h"
#include "msg.h"
#include "safepath.h"

static const char *const course_keys[] = {
	"title", "id", "language", "version", "description", "authors",
	"theme", "passing_score", "modules", "lessons", "allow_html",
	"strings", "completion", "packaging", "prerequisites", "keywords",
	"objectives", "cover", "logo", NULL
};

static const char *const module_keys[] = {
	"title", "description", "lessons", NULL
};

static const char *const lesson_keys[] = {
	"title", "objectives", "duration", "description", NULL
};

struct dent {
	char		*name;	/* entry name */
	int		 isdir;	/* 1 directory, 0 regular file */
	enum sp_why	 why;	/* SP_OK, SP_DIR, or why it is neither */
};

static int
dent_cmp(const void *a, const void *b)
{
	return strverscmp(((const struct dent *)a)->name,
	    ((const struct dent *)b)->name);
}

/*
 * Lists the entries of path in natural order, skipping hidden and '_'
 * ones, each with what sp_check makes of it (links resolved inside the
 * course only).  Returns the count; *out caller frees (names too).
 */
static size_t
scan_dir(const struct course *c, const char *path, struct dent **out)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	struct dent	*v = NULL;
	size_t		 n = 0;
	char		*sub;

	*out = NULL;
	if ((d = opendir(path)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || de->d_name[0] == '_')
			continue;
		sub = path_join(path, de->d_name);
		v = xgrow(v, n, sizeof(*v));
		v[n].name = xstrdup(de->d_name);
		v[n].why = sp_check(c->root, sub, &st, NULL);
		v[n].isdir = v[n].why == SP_DIR;
		n++;
		free(sub);
	}
	closedir(d);
	if (n > 0)	/* qsort(NULL, 0, ...) is undefined */
		qsort(v, n, sizeof(*v), dent_cmp);
	*out = v;
	return n;
}

static void
dents_free(struct dent *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

/* "did you mean" among the entries of a folder. */
static void
dent_help(const char *name, const struct dent *v, size_t n)
{
	const char	**names;
	size_t		 i;

	names = xcalloc(n, sizeof(*names));
	for (i = 0; i < n; i++)
		names[i] = v[i].name;
	lint_help_name(name, names, n);
	free(names);
}

static int
is_lesson_name(const char *name)
{
	return path_has_suffix(name, ".md") &&
	    strcasecmp(name, "README.md") != 0;
}

/* Whether a folder has lesson files (or things named like lessons
 * that are not files, to be reported when it is loaded). */
static int
dir_has_lessons(const struct course *c, const char *path)
{
	struct dent	*v;
	size_t		 n, i;
	int		 found = 0;

	n = scan_dir(c, path, &v);
	for (i = 0; i < n && !found; i++)
		found = is_lesson_name(v[i].name);
	dents_free(v, n);
	return found;
}

int
course_contains(const struct course *c, const char *rel)
{
	struct stat	 st;
	char		*full;
	enum sp_why	 why;

	full = path_join(c->dir, rel);
	why = sp_check(c->root, full, &st, NULL);
	free(full);
	return why == SP_OK || why == SP_DIR;
}

struct asset *
course_add_asset(struct course *c, const char *path)
{
	struct asset	*a;

	if ((a = smap_get(&c->byasset, path)) != NULL)
		return a;
	a = xcalloc(1, sizeof(*a));
	a->path = xstrdup(path);
	c->assets = xgrow(c->assets, c->nassets, sizeof(*c->assets));
	c->assets[c->nassets++] = a;
	smap_put(&c->byasset, path, a);
	return a;
}

/* Valid course id: [a-z0-9-]+. */
static int
valid_id(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!(islower((unsigned char)*s) ||
		    isdigit((unsigned char)*s) || *s == '-'))
			return 0;
	return 1;
}

/* A loose BCP 47 check: letters, then '-'-separated alphanumerics. */
static int
valid_lang(const char *s)
{
	size_t	 n = 0;

	while (isalpha((unsigned char)s[n]))
		n++;
	if (n < 2 || n > 8)
		return 0;
	for (s += n; *s == '-'; s += n) {
		s++;
		for (n = 0; isalnum((unsigned char)s[n]); n++)
			;
		if (n < 1 || n > 8)
			return 0;
	}
	return *s == '\0';
}

/*
 * Reads the front matter of a lesson, if any, blanking it in the text
 * so that Markdown line numbers stay those of the file.
 * Returns 1 ok, 0 on errors (reported).
 */
static int
front_matter(struct lesson *l)
{
	struct ydoc	 y;
	yaml_node_t	*root, *n;
	char		*t = l->text, *p, *end = NULL, *s;
	long		 v;
	int		 rc = 0;

	if (strncmp(t, "---", 3) != 0 || (t[3] != '\n' &&
	    !(t[3] == '\r' && t[4] == '\n')))
		return 1;
	/* Find the closing "---" or "..." line. */
	for (p = strchr(t, '\n'); p != NULL; p = strchr(p + 1, '\n')) {
		s = p + 1;
		if ((strncmp(s, "---", 3) == 0 || strncmp(s, "...", 3) == 0)) {
			s += 3;
			while (*s == ' ' || *s == '\t' || *s == '\r')
				s++;
			if (*s == '\n' || *s == '\0') {
				end = p + 1;
				break;
			}
		}
	}
	if (end == NULL) {
		msg(MSG_FRONT_MATTER, l->file, 1, 1, NULL);
		return 0;
	}
	root = ydoc_load(&y, l->file, 1, strchr(t, '\n') + 1,
	    (size_t)(end - strchr(t, '\n') - 1));
	if (root == NULL && !y.loaded)
		goto out;
	y_check_keys(&y, root, lesson_keys);
	rc = 1;
	if ((n = y_get(&y, root, "title")) != NULL) {
		if ((l->title = y_str(&y, n, "title")) == NULL)
			rc = 0;
		l->title_pos.line = y_line(&y, n);
		l->title_pos.col = y_col(&y, n);
	}
	if ((n = y_get(&y, root, "objectives")) != NULL)
		l->nobjectives = y_strlist(&y, n, "objectives",
		    &l->objectives, NULL);
	if ((n = y_get(&y, root, "duration")) != NULL) {
		if (y_int(&y, n, "duration", 0, 10000, &v))
			l->duration = (int)v;
		else
			rc = 0;
	}
out:
	ydoc_free(&y);
	/* Blank the front matter but keep its newlines. */
	for (p = t; *p != '\0' && p < end; p++)
		if (*p != '\n')
			*p = ' ';
	while (*end != '\0' && *end != '\n')
		*end++ = ' ';
	return rc;
}

/*
 * The page (or folder) name for a source file or folder name: its
 * letters spelt in ASCII.  When some have no ASCII spelling (日本) the
 * name keeps its order number ("lesson-07") or its position, and the
 * author is told, never left to wonder where the letters went.
 * Caller frees.
 */
static char *
page_name(const char *file, const char *name, const char *kind,
    size_t nth)
{
	char	*slug, *num;
	int	 lost = 0;

	slug = name_slug_lost(name, &lost);
	if (slug[0] == '\0') {
		free(slug);
		num = name_order(name);
		slug = num[0] != '\0' ? xasprintf("%s-%s", kind, num) :
		    xasprintf("%s-%zu", kind, nth);
		free(num);
	}
	if (lost) {
		msg(MSG_PAGE_NAME, file, 0, 0, "its page is named %s%s",
		    slug, strcmp(kind, "lesson") == 0 ? ".html" : "/");
		msg_help("to choose the name, spell it in Latin letters in "
		    "the file name (e.g. 07-nihongo.md)");
	}
	return slug;
}

/* Creates a lesson for the course-relative source path. */
static struct lesson *
lesson_new(struct course *c, struct module *m, const char *src)
{
	struct lesson	*l;
	char		*base;
	size_t		 len;
	enum sp_why	 why;

	l = xcalloc(1, sizeof(*l));
	l->src = xstrdup(src);
	l->file = path_join(c->dir, src);
	l->module = m;
	base = strrchr(src, '/') ? strrchr(src, '/') + 1 : (char *)src;
	l->slug = page_name(l->file, base, "lesson", m->nlessons + 1);
	l->href = m->slug[0] ? xasprintf("%s/%s.html", m->slug, l->slug) :
	    xasprintf("%s.html", l->slug);
	if ((l->text = sp_read(c->root, l->file, SP_MAX_LESSON, &len,
	    &why)) == NULL) {
		sp_report(why, c->root, l->file, 0, 0, l->file,
		    SP_MAX_LESSON);
		/* Reported once: no "has no title" after it. */
		l->title = name_title(base);
	} else {
		sp_text(l->file, l->text, len, 0);
		/* Its error is enough: no "has no title" after it. */
		if (!front_matter(l) && l->title == NULL)
			l->title = name_title(base);
	}
	if (l->text == NULL)
		l->text = xstrdup("");
	m->lessons = xgrow(m->lessons, m->nlessons, sizeof(*m->lessons));
	m->lessons[m->nlessons++] = l;
	return l;
}

static struct module *
module_new(struct course *c, const char *dir)
{
	struct module	*m;
	char		*yml;

	m = xcalloc(1, sizeof(*m));
	m->dir = xstrdup(dir);
	if (dir[0]) {
		yml = path_join(c->dir, dir);
		m->slug = page_name(yml, dir, "module", c->nmodules);
		free(yml);
	} else
		m->slug = xstrdup("");
	m->index = c->nmodules;
	c->modules = xreallocarray(c->modules, c->nmodules + 1,
	    sizeof(*c->modules));
	c->modules[c->nmodules++] = m;
	return m;
}

/*
 * Adds the lessons of module m: the explicit order if one was given
 * (names with their YAML nodes, for positions), else every lesson file
 * of the folder in natural order.
 */
static void
module_lessons(struct course *c, struct module *m, struct ydoc *y,
    char **order, yaml_node_t **nodes, size_t norder)
{
	struct dent	*v;
	struct smap	 listed = { NULL, 0, 0 }, inorder = { NULL, 0, 0 };
	char		*path, *src, *file;
	size_t		 n, i;
	struct stat	 st;
	enum sp_why	 why;

	path = m->dir[0] ? path_join(c->dir, m->dir) : xstrdup(c->dir);
	n = scan_dir(c, path, &v);
	for (i = 0; i < norder; i++)
		if (order[i] != NULL)
			smap_put(&inorder, order[i], m);
	/* Named like a lesson but not a file we may read: say so (those
	 * in the order are reported at their place in it). */
	for (i = 0; i < n; i++) {
		if (!is_lesson_name(v[i].name) || v[i].why == SP_OK ||
		    smap_get(&inorder, v[i].name) != NULL)
			continue;
		file = path_join(path, v[i].name);
		if (v[i].why == SP_DIR)
			msg(MSG_NOT_FILE, file, 0, 0, "a folder named like a "
			    "lesson");
		else
			sp_report(v[i].why, c->root, file, 0, 0, file, 0);
		free(file);
	}
	if (norder > 0) {
		for (i = 0; i < norder; i++) {
			if (order[i] == NULL)
				continue;
			src = m->dir[0] ? path_join(m->dir, order[i]) :
			    xstrdup(order[i]);
			file = path_join(c->dir, src);
			if (strchr(order[i], '/') != NULL ||
			    !path_has_suffix(order[i], ".md"))
				msg(MSG_BAD_VALUE, y->file,
				    y_line(y, nodes[i]), y_col(y, nodes[i]),
				    "'%s': expected a .md file name in this "
				    "folder", order[i]);
			else if ((why = sp_check(c->root, file, &st,
			    NULL)) == SP_MISSING) {
				msg(MSG_LISTED_MISSING, y->file,
				    y_line(y, nodes[i]), y_col(y, nodes[i]),
				    "%s", file);
				dent_help(order[i], v, n);
			}
			else if (why != SP_OK)
				sp_report(why, c->root, y->file,
				    y_line(y, nodes[i]), y_col(y, nodes[i]),
				    file, 0);
			else if (smap_put(&listed, order[i], m) == NULL)
				lesson_new(c, m, src);
			free(file);
			free(src);
		}
		for (i = 0; i < n; i++) {
			if (v[i].why != SP_OK || !is_lesson_name(v[i].name) ||
			    smap_get(&listed, v[i].name) != NULL)
				continue;
			file = path_join(path, v[i].name);
			msg(MSG_NOT_LISTED, file, 0, 0, NULL);
			free(file);
		}
	} else {
		for (i = 0; i < n; i++) {
			if (v[i].why != SP_OK || !is_lesson_name(v[i].name))
				continue;
			src = m->dir[0] ? path_join(m->dir, v[i].name) :
			    xstrdup(v[i].name);
			lesson_new(c, m, src);
			free(src);
		}
	}
	smap_free(&listed);
	smap_free(&inorder);
	dents_free(v, n);
	free(path);
}

/* Reads module.yml (optional) and the lessons of a module folder. */
static void
module_load(struct course *c, const char *dir)
{
	struct module	*m;
	struct ydoc	 y;
	yaml_node_t	*root = NULL, *n, **nodes = NULL;
	char		*yml, *text, **order = NULL;
	size_t		 len, norder = 0, i;
	enum sp_why	 why;

	m = module_new(c, dir);
	yml = xasprintf("%s/%s/module.yml", c->dir, dir);
	memset(&y, 0, sizeof(y));
	if ((text = sp_read(c->root, yml, SP_MAX_YAML, &len, &why)) !=
	    NULL) {
		root = ydoc_load(&y, yml, 0, text, len);
		y_check_keys(&y, root, module_keys);
		if ((n = y_get(&y, root, "title")) != NULL)
			m->title = y_str(&y, n, "title");
		if ((n = y_get(&y, root, "description")) != NULL)
			m->description = y_str(&y, n, "description");
		if ((n = y_get(&y, root, "lessons")) != NULL)
			norder = y_strlist(&y, n, "lessons", &order, &nodes);
	} else if (why != SP_MISSING)
		sp_report(why, c->root, yml, 0, 0, yml, SP_MAX_YAML);
	if (m->title == NULL) {
		/* Folder names can hold anything but '/' and NUL. */
		m->title = name_title(dir);
		if ((len = sp_strip_controls(m->title)) > 0)
			msg(MSG_CONTROL_CHAR, yml, 0, 0, "%zu removed from the "
			    "module title taken from the folder name", len);
	}
	module_lessons(c, m, &y, order, nodes, norder);
	if (m->nlessons == 0 && norder == 0)
		msg(MSG_EMPTY_MODULE, yml, 0, 0, NULL);
	for (i = 0; i < norder; i++)
		free(order[i]);
	free(order);
	free(nodes);
	ydoc_free(&y);
	free(text);
	free(yml);
}

/*
 * The cover: or logo: image of course.yml: a course-relative file that
 * must exist inside the course; it is copied like any media.  Returns
 * the normalised path or NULL (absent, or reported).
 */
static char *
course_image(struct course *c, struct ydoc *y, yaml_node_t *root,
    const char *key)
{
	yaml_node_t	*n;
	struct stat	 st;
	char		*s, *norm = NULL, *full;

	if ((n = y_get(y, root, key)) == NULL ||
	    (s = y_str(y, n, key)) == NULL)
		return NULL;
	norm = path_normalize(s);
	full = norm != NULL ? path_join(c->dir, norm) : NULL;
	if (norm == NULL || norm[0] == '\0' || !course_contains(c, norm)) {
		msg(MSG_PATH_ESCAPES, c->yml, y_line(y, n), y_col(y, n),
		    "%s", s);
		free(norm);
		norm = NULL;
	} else if (stat(full, &st) == -1 || !S_ISREG(st.st_mode)) {
		msg(MSG_MISSING_FILE, c->yml, y_line(y, n), y_col(y, n),
		    "%s", s);
		free(norm);
		norm = NULL;
	} else
		course_add_asset(c, norm);
	free(full);
	free(s);
	return norm;
}

static void
string_into(void *strings, const char *key, char *text)
{
	free(smap_put(strings, key, text));
}

/* Reads course.yml into c; returns its root mapping (or NULL). */
static yaml_node_t *
course_yml(struct course *c, struct ydoc *y, char **textp)
{
	yaml_node_t	*root, *n;
	char		*base, *s, *real;
	size_t		 len;
	long		 num;
	int		 b;
	enum sp_why	 why;

	memset(y, 0, sizeof(*y));
	if ((*textp = sp_read(c->root, c->yml, SP_MAX_YAML, &len, &why)) ==
	    NULL) {
		sp_report(why, c->root, c->yml, 0, 0, c->yml, SP_MAX_YAML);
		return NULL;
	}
	root = ydoc_load(y, c->yml, 0, *textp, len);
	y_check_keys(y, root, course_keys);

	if ((n = y_get(y, root, "title")) != NULL)
		c->title = y_str(y, n, "title");
	else if (y->loaded)
		msg(MSG_REQUIRED, c->yml, 1, 1, "title");

	if ((n = y_get(y, root, "id")) != NULL &&
	    (c->id = y_str(y, n, "id")) != NULL && !valid_id(c->id))
		msg(MSG_BAD_VALUE, c->yml, y_line(y, n), y_col(y, n),
		    "id '%s': use lowercase letters, digits and '-'", c->id);
	if (c->id == NULL) {
		/* The folder's own name, also for "." or "x/..". */
		real = realpath(c->dir, NULL);
		base = real != NULL ? real : c->dir;
		base = strrchr(base, '/') ? strrchr(base, '/') + 1 : base;
		c->id = xstrdup(base);
		free(real);
		if (!valid_id(c->id))
			msg(MSG_BAD_VALUE, c->yml, 0, 0, "folder name '%s' "
			    "is not a valid course id: add an id: key "
			    "([a-z0-9-]+)", c->id);
	}

	if ((n = y_get(y, root, "language")) != NULL &&
	    (c->language = y_str(y, n, "language")) != NULL &&
	    !valid_lang(c->language))
		msg(MSG_BAD_VALUE, c->yml, y_line(y, n), y_col(y, n),
		    "language '%s' is not a BCP 47 tag such as en or fr-CA",
		    c->language);
	if (c->language == NULL)
		c->language = xstrdup("en");

	if ((n = y_get(y, root, "version")) != NULL)
		c->version = y_str(y, n, "version");
	if ((n = y_get(y, root, "description")) != NULL)
		c->description = y_str(y, n, "description");
	if ((n = y_get(y, root, "objectives")) != NULL)
		c->nobjectives = y_strlist(y, n, "objectives",
		    &c->objectives, NULL);
	c->cover = course_image(c, y, root, "cover");
	c->logo = course_image(c, y, root, "logo");
	if ((n = y_get(y, root, "authors")) != NULL)
		c->nauthors = y_strlist(y, n, "authors", &c->authors, NULL);
	if ((n = y_get(y, root, "keywords")) != NULL)
		c->nkeywords = y_strlist(y, n, "keywords", &c->keywords, NULL);
	if ((n = y_get(y, root, "theme")) != NULL) {
		c->theme = y_str(y, n, "theme");
		c->theme_pos.line = y_line(y, n);
		c->theme_pos.col = y_col(y, n);
	}
	c->passing_score = 80;
	if ((n = y_get(y, root, "passing_score")) != NULL &&
	    y_int(y, n, "passing_score", 0, 100, &num))
		c->passing_score = (int)num;
	if ((n = y_get(y, root, "allow_html")) != NULL &&
	    (b = y_bool(y, n, "allow_html")) >= 0)
		c->allow_html = b;
	if ((n = y_get(y, root, "completion")) != NULL &&
	    (s = y_str(y, n, "completion")) != NULL) {
		if (strcmp(s, "lessons") == 0)
			c->completion = COMPLETE_LESSONS;
		else if (strcmp(s, "assessment") == 0)
			c->completion = COMPLETE_ASSESSMENT;
		else if (strcmp(s, "both") == 0)
			c->completion = COMPLETE_LESSONS |
			    COMPLETE_ASSESSMENT;
		else
			msg(MSG_BAD_VALUE, c->yml, y_line(y, n), y_col(y, n),
			    "completion '%s' (use lessons, assessment or "
			    "both)", s);
		free(s);
	}
	if ((n = y_get(y, root, "packaging")) != NULL &&
	    (s = y_str(y, n, "packaging")) != NULL) {
		if (strcmp(s, "sco-per-module") == 0)
			c->sco_per_module = SCO_PER_MODULE_ALL;
		else if (strcmp(s, "sco-per-module-scorm12") == 0)
			c->sco_per_module = SCO_PER_MODULE_12;
		else if (strcmp(s, "single-sco") != 0)
			msg(MSG_BAD_VALUE, c->yml, y_line(y, n), y_col(y, n),
			    "packaging '%s' (use single-sco, sco-per-module "
			    "or sco-per-module-scorm12)", s);
		free(s);
	}
	if ((n = y_get(y, root, "prerequisites")) != NULL &&
	    (b = y_bool(y, n, "prerequisites")) >= 0)
		c->prerequisites = b;
	if ((n = y_get(y, root, "strings")) != NULL) {
		if (n->type != YAML_MAPPING_NODE)
			msg(MSG_YAML_TYPE, c->yml, y_line(y, n), y_col(y, n),
			    "strings: expected a mapping of keys to text");
		else
			y_each_text(y, n, string_into, &c->strings);
	}
	return root;
}

/* Adds the root lessons and every module, in explicit or natural order. */
static void
course_structure(struct course *c, struct ydoc *y, yaml_node_t *root)
{
	struct dent	*v;
	struct module	*m;
	struct stat	 st;
	yaml_node_t	*n, **nodes = NULL;
	char		**order = NULL, *path;
	size_t		 nv, norder = 0, i;
	struct smap	 listed = { NULL, 0, 0 };
	enum sp_why	 why;

	/* Root lessons form an untitled first module. */
	m = module_new(c, "");
	m->title = xstrdup("");
	if ((n = y_get(y, root, "lessons")) != NULL) {
		norder = y_strlist(y, n, "lessons", &order, &nodes);
		module_lessons(c, m, y, order, nodes, norder);
		for (i = 0; i < norder; i++)
			free(order[i]);
		free(order);
		free(nodes);
	} else
		module_lessons(c, m, y, NULL, NULL, 0);

	nv = scan_dir(c, c->dir, &v);
	if ((n = y_get(y, root, "modules")) != NULL) {
		norder = y_strlist(y, n, "modules", &order, &nodes);
		for (i = 0; i < norder; i++) {
			if (order[i] == NULL)
				continue;
			path = path_join(c->dir, order[i]);
			if (strchr(order[i], '/') != NULL ||
			    strcmp(order[i], "..") == 0)
				msg(MSG_BAD_VALUE, c->yml,
				    y_line(y, nodes[i]), y_col(y, nodes[i]),
				    "'%s': expected a folder name of this "
				    "course", order[i]);
			else if ((why = sp_check(c->root, path, &st,
			    NULL)) != SP_DIR && why != SP_OK &&
			    why != SP_MISSING)
				sp_report(why, c->root, c->yml,
				    y_line(y, nodes[i]), y_col(y, nodes[i]),
				    path, 0);
			else if (why != SP_DIR)
				msg(MSG_LISTED_MISSING, c->yml,
				    y_line(y, nodes[i]), y_col(y, nodes[i]),
				    "module folder %s", path);
			else if (smap_put(&listed, order[i], c) == NULL)
				module_load(c, order[i]);
			free(path);
			free(order[i]);
		}
		free(order);
		free(nodes);
		for (i = 0; i < nv; i++) {
			if (!v[i].isdir || smap_get(&listed, v[i].name) ||
			    strcmp(v[i].name, "assets") == 0)
				continue;
			path = path_join(c->dir, v[i].name);
			if (dir_has_lessons(c, path))
				msg(MSG_NOT_LISTED, path, 0, 0, NULL);
			free(path);
		}
	} else {
		for (i = 0; i < nv; i++) {
			/* A folder outside, linked in as a module: say so
			 * rather than skip it without a word. */
			path = path_join(c->dir, v[i].name);
			if (v[i].why == SP_ESCAPES && stat(path, &st) == 0 &&
			    S_ISDIR(st.st_mode))
				msg(MSG_PATH_ESCAPES, path, 0, 0, "a link to a "
				    "folder outside the course");
			free(path);
			if (!v[i].isdir || strcmp(v[i].name, "assets") == 0 ||
			    is_lesson_name(v[i].name))
				continue;
			path = path_join(c->dir, v[i].name);
			if (dir_has_lessons(c, path))
				module_load(c, v[i].name);
			free(path);
		}
	}
	smap_free(&listed);
	dents_free(v, nv);
}

/* Flattens the reading order and checks that output paths are unique. */
static void
course_index(struct course *c)
{
	struct lesson	*l, *other;
	size_t		 i, j;

	smap_put(&c->outputs, "index.html", c);
	for (i = 0; i < c->nmodules; i++)
		for (j = 0; j < c->modules[i]->nlessons; j++) {
			l = c->modules[i]->lessons[j];
			l->index = c->nlessons;
			c->lessons = xgrow(c->lessons, c->nlessons,
			    sizeof(*c->lessons));
			c->lessons[c->nlessons++] = l;
			smap_put(&c->bysrc, l->src, l);
			if (sp_reserved(l->href))
				msg(MSG_RESERVED, l->file, 0, 0, "its page "
				    "would be %s", l->href);
			else if ((other = smap_get(&c->outputs,
			    l->href)) != NULL)
				msg(MSG_DUP_PAGE, l->file, 0, 0, "%s is "
				    "already the page of %s", l->href,
				    (void *)other == (void *)c ? "the course "
				    "home" : other->file);
			else
				smap_put(&c->outputs, l->href, l);
		}
	if (c->nlessons == 0)
		msg(MSG_NO_LESSONS, c->dir, 0, 0, NULL);
}

int
course_load(const char *dir, struct course **cp)
{
	return course_load_if(dir, cp, NULL, NULL);
}

int
course_load_if(const char *dir, struct course **cp,
    int (*enough)(struct course *, int, void *), void *arg)
{
	struct course	*c;
	struct ydoc	 y;
	yaml_node_t	*root;
	char		*text = NULL;
	size_t		 n;
	struct stat	 st;
	int		 before;

	/* The readers below report as they go: the status is whether
	 * they reported an error. */
	before = msg_count(MSGL_ERROR) + msg_count(MSGL_SYSERR);
	*cp = NULL;
	if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
		msg(MSG_NO_FILE, dir, 0, 0, "not a course folder");
		return 0;
	}
	c = xcalloc(1, sizeof(*c));
	c->dir = xstrdup(dir);
	n = strlen(c->dir);
	while (n > 1 && c->dir[n - 1] == '/')
		c->dir[--n] = '\0';
	c->root = xcalloc(1, sizeof(*c->root));
	c->yml = path_join(c->dir, "course.yml");
	if (!sp_root(c->root, c->dir, "course")) {
		msg(MSG_NO_FILE, dir, 0, 0, "%s", strerror(errno));
		course_free(c);
		return 0;
	}
	/* Without a course.yml there is no course: stop here. */
	root = course_yml(c, &y, &text);
	if (text == NULL) {
		course_free(c);
		return 0;
	}
	if (c->title == NULL)
		c->title = xstrdup(c->id);
	if (enough == NULL || !enough(c, msg_count(MSGL_ERROR) +
	    msg_count(MSGL_SYSERR) == before, arg)) {
		course_structure(c, &y, root);
		course_index(c);
	}
	ydoc_free(&y);
	free(text);
	*cp = c;
	return msg_count(MSGL_ERROR) + msg_count(MSGL_SYSERR) == before;
}

static void
lesson_free(struct lesson *l)
{
	size_t	 i;

	free(l->src);
	free(l->file);
	free(l->slug);
	free(l->href);
	free(l->title);
	for (i = 0; i < l->nobjectives; i++)
		free(l->objectives[i]);
	free(l->objectives);
	free(l->text);
	for (i = 0; i < l->nheadings; i++) {
		free(l->headings[i].text);
		free(l->headings[i].anchor);
	}
	free(l->headings);
	smap_free(&l->anchors);
	for (i = 0; i < l->nquizzes; i++)
		quiz_free(l->quizzes[i]);
	free(l->quizzes);
	for (i = 0; i < l->nscenarios; i++)
		scenario_free(l->scenarios[i]);
	free(l->scenarios);
	markdown_drop(l);
	free(l);
}

void
course_free(struct course *c)
{
	size_t	 i, j;

	if (c == NULL)
		return;
	free(c->quiz_strings);
	for (i = 0; i < c->nmodules; i++) {
		for (j = 0; j < c->modules[i]->nlessons; j++)
			lesson_free(c->modules[i]->lessons[j]);
		free(c->modules[i]->lessons);
		free(c->modules[i]->dir);
		free(c->modules[i]->slug);
		free(c->modules[i]->title);
		free(c->modules[i]->description);
		free(c->modules[i]);
	}
	free(c->modules);
	free(c->lessons);
	for (i = 0; i < c->nassets; i++) {
		free(c->assets[i]->path);
		free(c->assets[i]);
	}
	free(c->assets);
	for (i = 0; i < c->strings.cap; i++)
		if (c->strings.ents[i].key != NULL)
			free(c->strings.ents[i].val);
	smap_free(&c->strings);
	smap_free(&c->bysrc);
	smap_free(&c->outputs);
	smap_free(&c->byasset);
	for (i = 0; i < c->ids.cap; i++)
		if (c->ids.ents[i].key != NULL)
			free(c->ids.ents[i].val);
	smap_free(&c->ids);
	for (i = 0; i < c->nauthors; i++)
		free(c->authors[i]);
	free(c->authors);
	if (c->root != NULL)
		sp_root_free(c->root);
	free(c->root);
	for (i = 0; i < c->nkeywords; i++)
		free(c->keywords[i]);
	free(c->keywords);
	free(c->dir);
	free(c->yml);
	free(c->id);
	free(c->title);
	free(c->language);
	free(c->version);
	free(c->description);
	for (i = 0; i < c->nobjectives; i++)
		free(c->objectives[i]);
	free(c->objectives);
	free(c->cover);
	free(c->logo);
	free(c->theme);
	free(c);
}
