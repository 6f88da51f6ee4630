/*
 * render.c: stage 4.  Builds the template values for the course home
 * and each lesson page, renders them through the theme, and copies the
 * theme's assets and the course's media into the output.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "courseware.h"
#include "extern.h"
#include "escape.h"
#include "msg.h"
#include "safepath.h"
#include "theme.h"

/*
 * A walk of a folder tree (the course's assets/, the theme's assets/):
 * where reads must stay, and the folders already walked by device and
 * inode, so that links looping back (or linking one folder twice) end
 * the walk with an error instead of running forever.
 */
struct walk {
	const struct sproot *root;
	struct smap	 seen;		/* "dev:ino" -> 1 */
	int		 depth;		/* folders open */
	struct smap	*copied;	/* output names written by an earlier
					   walk (a theme layer over this
					   one), not to be written again */
};

/* Enters the folder st describes; 0 (reported) if already walked. */
static int
walk_enter(struct walk *w, const struct stat *st, const char *path)
{
	char	*key;
	int	 fresh;

	if (w->depth >= SP_MAX_DEPTH) {
		msg(MSG_TOO_DEEP, path, 0, 0, "folders nested more than %d "
		    "deep", SP_MAX_DEPTH);
		return 0;
	}
	key = xasprintf("%ju:%ju", (uintmax_t)st->st_dev,
	    (uintmax_t)st->st_ino);
	fresh = smap_put(&w->seen, key, (void *)1) == NULL;
	free(key);
	if (!fresh)
		msg(MSG_NO_FILE, path, 0, 0, "symbolic links that loop "
		    "(this folder was already copied)");
	return fresh;
}

/* Starts a walk at the folder path (marked as walked). */
static void
walk_start(struct walk *w, const struct sproot *root, const char *path)
{
	struct stat	 st;
	char		*key;

	memset(w, 0, sizeof(*w));
	w->root = root;
	if (stat(path, &st) == -1)
		return;
	key = xasprintf("%ju:%ju", (uintmax_t)st.st_dev,
	    (uintmax_t)st.st_ino);
	smap_put(&w->seen, key, (void *)1);
	free(key);
}

/* Whether an entry found in a walk may be published; reports why not. */
static int
walk_entry(struct walk *w, const char *full, const char *rel,
    struct stat *st, enum sp_why *why)
{
	const char	*bad;

	if ((bad = sp_bad_name(rel)) != NULL) {
		msg(MSG_BAD_NAME, full, 0, 0, "%s", bad);
		return 0;
	}
	*why = sp_check(w->root, full, st, NULL);
	if (*why != SP_OK && *why != SP_DIR) {
		sp_report(*why, w->root, full, 0, 0, full, 0);
		return 0;
	}
	return 1;
}

/* Values shared by every page of a course. */
struct site {
	struct course	*c;
	struct theme	*th;
	struct out	*out;
	struct tval	*course;	/* course.* */
	const struct tval *strings;	/* t.*, course->ui */
	struct smap	 outlines;	/* page folder -> outline_base() */
	struct smap	 seen;		/* template problems reported */
};

static struct tval *
opt_num(int n)
{
	return n > 0 ? tv_num(n) : tv_str("");
}

/*
 * The graded quizzes, for the home page's "how this course is
 * assessed": where each is, its pass mark, attempts and length.
 */
static struct tval *
assessments_value(const struct course *c)
{
	const struct lesson	*l;
	const struct quiz	*q;
	struct tval		*list, *e;
	size_t			 i, j;

	list = tv_list();
	for (i = 0; i < c->nlessons; i++) {
		l = c->lessons[i];
		for (j = 0; j < l->nquizzes; j++) {
			if (!(q = l->quizzes[j])->graded)
				continue;
			e = tv_obj();
			tv_set(e, "id", tv_str(q->id));
			tv_set(e, "title", tv_str(q->title ? q->title :
			    l->title));
			tv_set(e, "lesson_title", tv_str(l->title));
			tv_set(e, "href", tv_str(l->href));
			tv_set(e, "pass", tv_num(q->pass));
			tv_set(e, "attempts", opt_num(q->attempts));
			tv_set(e, "questions", tv_num((long)(q->draw > 0 ?
			    (size_t)q->draw : q->nquestions)));
			tv_push(list, e);
		}
	}
	return list;
}

static struct tval *
course_value(const struct course *c)
{
	struct tval	*v, *authors, *list;
	size_t		 i;
	int		 total = 0;

	v = tv_obj();
	tv_set(v, "title", tv_str(c->title));
	tv_set(v, "id", tv_str(c->id));
	tv_set(v, "description", tv_str(c->description ? c->description :
	    ""));
	tv_set(v, "version", tv_str(c->version ? c->version : ""));
	tv_set(v, "language", tv_str(c->language));
	for (i = 0; i < c->nlessons; i++)
		total += c->lessons[i]->duration;
	tv_set(v, "duration", opt_num(total));
	tv_set(v, "lesson_count", tv_num((long)c->nlessons));
	tv_set(v, "module_count", tv_num((long)c->nmodules - 1));
	authors = tv_list();
	for (i = 0; i < c->nauthors; i++)
		tv_push(authors, tv_str(c->authors[i]));
	tv_set(v, "authors", authors);
	list = tv_list();
	for (i = 0; i < c->nobjectives; i++)
		tv_push(list, tv_str(c->objectives[i]));
	tv_set(v, "objectives", list);
	/* Course-relative: templates write {{root|url}}{{course.cover|url}}. */
	tv_set(v, "cover", tv_str(c->cover ? c->cover : ""));
	tv_set(v, "logo", tv_str(c->logo ? c->logo : ""));
	tv_set(v, "assessments", assessments_value(c));
	return v;
}

/*
 * The outline as seen from pages in one folder, with no current lesson.
 * Pages of the same folder share it; each page only overlays its own
 * module and lesson (see outline_value), so a course of n lessons costs
 * O(folders * n) values, not O(n * n).
 */
static struct tval *
outline_base(const struct course *c, const char *from)
{
	struct tval	*mods, *m, *ls, *l;
	struct module	*mod;
	size_t		 i, j;

	mods = tv_list();
	for (i = 0; i < c->nmodules; i++) {
		mod = c->modules[i];
		if (mod->nlessons == 0)
			continue;
		m = tv_obj();
		tv_set(m, "title", tv_str(mod->title));
		tv_set(m, "slug", tv_str(mod->slug));
		/* modules[0] holds the root lessons: real modules are 1..n. */
		tv_set(m, "index", tv_num((long)mod->index));
		tv_set(m, "description", tv_str(mod->description ?
		    mod->description : ""));
		tv_set(m, "current", tv_bool(0));
		/* Lesson pages list the lessons of their own module only and
		 * one line per other module, so a page does not grow with the
		 * course (an untitled module has no line to stand for it). */
		tv_set(m, "expanded", tv_bool(mod->title == NULL ||
		    mod->title[0] == '\0'));
		tv_set(m, "first", tv_strown(path_relative(from,
		    mod->lessons[0]->href)));
		tv_set(m, "lesson_count", tv_num((long)mod->nlessons));
		ls = tv_list();
		for (j = 0; j < mod->nlessons; j++) {
			l = tv_obj();
			tv_set(l, "title", tv_str(mod->lessons[j]->title));
			tv_set(l, "href", tv_strown(path_relative(from,
			    mod->lessons[j]->href)));
			tv_set(l, "index", tv_num((long)mod->lessons[j]->
			    index + 1));
			tv_set(l, "duration",
			    opt_num(mod->lessons[j]->duration));
			tv_set(l, "current", tv_bool(0));
			tv_set(l, "id", tv_strown(xstrndup(
			    mod->lessons[j]->href,
			    strlen(mod->lessons[j]->href) - 5)));
			tv_push(ls, l);
		}
		tv_set(m, "lessons", ls);
		tv_push(mods, m);
	}
	return mods;
}

/* The outline for the page at from, marking cur (NULL: home page). */
static struct tval *
outline_value(struct site *s, const char *from, const struct lesson *cur)
{
	const struct course *c = s->c;
	const struct tval *base, *m, *lessons;
	struct tval	*mods, *ls, *m2;
	char		*dir;
	size_t		 i, j, k = 0;

	dir = path_dir(from);
	if ((base = smap_get(&s->outlines, dir)) == NULL) {
		base = outline_base(c, from);
		smap_put(&s->outlines, dir, (void *)base);
	}
	free(dir);
	mods = tv_list();
	for (i = 0; i < c->nmodules; i++) {
		if (c->modules[i]->nlessons == 0)
			continue;
		m = base->items[k++];
		if (cur == NULL || cur->module != c->modules[i]) {
			tv_push(mods, tv_ref(m));
			continue;
		}
		lessons = tv_get(m, "lessons");
		ls = tv_list();
		for (j = 0; j < lessons->n; j++)
			tv_push(ls, c->modules[i]->lessons[j] == cur ?
			    tv_with(lessons->items[j], "current", tv_bool(1)) :
			    tv_ref(lessons->items[j]));
		m2 = tv_with(m, "current", tv_bool(1));
		tv_set(m2, "expanded", tv_bool(1));
		tv_set(m2, "lessons", ls);
		tv_push(mods, m2);
	}
	return mods;
}

/* Link to a neighbouring lesson, or null at either end. */
static struct tval *
link_value(const char *from, const struct lesson *to)
{
	struct tval	*v;

	if (to == NULL)
		return tv_null();
	v = tv_obj();
	tv_set(v, "href", tv_strown(path_relative(from, to->href)));
	tv_set(v, "title", tv_str(to->title));
	return v;
}

/* Whether a BCP 47 tag names a language written right to left. */
static int
lang_rtl(const char *lang)
{
	static const char *const rtl[] = { "ar", "he", "fa", "ur", "ps",
	    "sd", "ug", "yi", "dv", "ckb", NULL };
	size_t	 i, n;

	n = strcspn(lang, "-_");
	for (i = 0; rtl[i] != NULL; i++)
		if (strlen(rtl[i]) == n && strncmp(lang, rtl[i], n) == 0)
			return 1;
	return 0;
}

/* Common page values; from is the page's own course-relative path. */
static struct tval *
page_value(struct site *s, const char *from, const struct lesson *cur)
{
	struct tval	*v;
	const char	*p;
	struct buf	 root = { NULL, 0, 0 };

	v = tv_obj();
	for (p = from; *p != '\0'; p++)
		if (*p == '/')
			buf_puts(&root, "../");
	tv_set(v, "root", tv_strown(buf_detach(&root)));
	tv_set(v, "lang", tv_str(s->c->language));
	tv_set(v, "dir", tv_str(lang_rtl(s->c->language) ? "rtl" : "ltr"));
	tv_set(v, "generator", tv_str("coursec " COURSEC_VERSION));
	tv_set(v, "course", tv_ref(s->course));
	tv_set(v, "t", tv_ref(s->strings));
	tv_set(v, "modules", outline_value(s, from, cur));
	tv_set(v, "start", link_value(from, s->c->nlessons ?
	    s->c->lessons[0] : NULL));
	return v;
}

/*
 * The SCORM launch page (theme template "scorm"): it holds the LMS
 * session while lesson pages come and go in its frame, and tells the
 * runtime how the course completes and scores.
 */
static int
render_scorm(struct site *s)
{
	const struct course *c = s->c;
	struct tval	*v, *sv, *list, *e;
	struct buf	 html = { NULL, 0, 0 };
	size_t		 i, j, k;
	int		 rc, graded, comp;

	v = page_value(s, "scorm.html", NULL);
	sv = tv_obj();
	graded = course_graded(c);
	comp = c->completion ? c->completion : graded ?
	    COMPLETE_LESSONS | COMPLETE_ASSESSMENT : COMPLETE_LESSONS;
	tv_set(sv, "completion", tv_str(comp == COMPLETE_LESSONS ? "lessons" :
	    comp == COMPLETE_ASSESSMENT ? "assessment" : "both"));
	tv_set(sv, "pass", tv_num(course_pass_mark(c)));
	tv_set(sv, "graded", tv_bool(graded));
	list = tv_list();
	for (i = 0; i < c->nlessons; i++)
		for (j = 0; j < c->lessons[i]->nquizzes; j++)
			if (c->lessons[i]->quizzes[j]->graded) {
				e = tv_obj();
				tv_set(e, "id",
				    tv_str(c->lessons[i]->quizzes[j]->id));
				tv_set(e, "href", tv_str(c->lessons[i]->href));
				tv_set(e, "pass", tv_num(
				    c->lessons[i]->quizzes[j]->pass));
				tv_push(list, e);
			}
	tv_set(sv, "assessments", list);
	/* SCO k of a per-module package launches with ?m=k. */
	tv_set(sv, "packaging", tv_str(c->sco_per_module ? "sco-per-module" :
	    "single-sco"));
	list = tv_list();
	for (i = 0, k = 0; i < c->nmodules; i++) {
		if (c->modules[i]->nlessons == 0)
			continue;
		for (j = 0; j < c->modules[i]->nlessons; j++) {
			const struct lesson *ls = c->modules[i]->lessons[j];

			e = tv_obj();
			tv_set(e, "id", tv_strown(xstrndup(ls->href,
			    strlen(ls->href) - 5)));
			tv_set(e, "href", tv_str(ls->href));
			tv_set(e, "sco", tv_num((long)k));
			tv_push(list, e);
		}
		k++;
	}
	tv_set(sv, "lessons", list);
	tv_set(v, "scorm", sv);
	rc = theme_render(s->th, "scorm", v, &html, &s->seen);
	if (rc)
		rc = out_write(s->out, "scorm.html", html.data, html.len);
	tv_free(v);
	buf_free(&html);
	return rc;
}

static int
render_index(struct site *s)
{
	struct tval	*v;
	struct buf	 html = { NULL, 0, 0 };
	int		 rc;

	v = page_value(s, "index.html", NULL);
	rc = theme_render(s->th, "index", v, &html, &s->seen);
	if (rc)
		rc = out_write(s->out, "index.html", html.data, html.len);
	tv_free(v);
	buf_free(&html);
	return rc;
}

/*
 * cmark-gfm labels footnote back-links "Back to content" in English;
 * use the theme's t.footnote_back string instead when it has one.
 */
static char *
localise_footnotes(char *html, const struct tval *strings)
{
	static const char from[] = "aria-label=\"Back to content\"";
	const struct tval	*t;
	struct buf		 b = { NULL, 0, 0 };
	const char		*p, *hit;

	t = tv_get(strings, "footnote_back");
	if (t == NULL || t->type != TV_STR || strstr(html, from) == NULL)
		return html;
	for (p = html; (hit = strstr(p, from)) != NULL;
	    p = hit + sizeof(from) - 1) {
		buf_putn(&b, p, (size_t)(hit - p));
		buf_puts(&b, "aria-label=\"");
		esc_attr(&b, t->str, strlen(t->str));
		buf_putc(&b, '"');
	}
	buf_puts(&b, p);
	free(html);
	return buf_detach(&b);
}

static int
render_lesson(struct site *s, struct lesson *l)
{
	struct course	*c = s->c;
	struct tval	*v, *lv, *list, *e;
	struct buf	 html = { NULL, 0, 0 };
	size_t		 i;
	int		 rc;

	v = page_value(s, l->href, l);
	lv = tv_obj();
	tv_set(lv, "title", tv_str(l->title));
	tv_set(lv, "id", tv_strown(xstrndup(l->href, strlen(l->href) - 5)));
	tv_set(lv, "index", tv_num((long)l->index + 1));
	tv_set(lv, "duration", opt_num(l->duration));
	tv_set(lv, "module_title", tv_str(l->module->title));
	tv_set(lv, "module_index", tv_num((long)l->module->index));
	list = tv_list();
	for (i = 0; i < l->nobjectives; i++)
		tv_push(list, tv_str(l->objectives[i]));
	tv_set(lv, "objectives", list);
	/* Checked quizzes and scenarios become HTML in the tree first. */
	quiz_write(c, l);
	tv_set(lv, "body", tv_strown(localise_footnotes(markdown_html(c, l),
	    s->strings)));
	tv_set(v, "lesson", lv);

	list = tv_list();
	for (i = 0; i < l->nheadings; i++) {
		if (l->headings[i].level < 2 || l->headings[i].level > 3)
			continue;
		e = tv_obj();
		tv_set(e, "text", tv_str(l->headings[i].text));
		tv_set(e, "anchor", tv_str(l->headings[i].anchor));
		tv_set(e, "level", tv_num(l->headings[i].level));
		tv_push(list, e);
	}
	tv_set(v, "toc", list);
	tv_set(v, "prev", link_value(l->href, l->index > 0 ?
	    c->lessons[l->index - 1] : NULL));
	tv_set(v, "next", link_value(l->href, l->index + 1 < c->nlessons ?
	    c->lessons[l->index + 1] : NULL));
	e = tv_obj();
	tv_set(e, "current", tv_num((long)l->index + 1));
	tv_set(e, "total", tv_num((long)c->nlessons));
	/* Rounded to nearest: 4 of 6 reads 67%, not 66%. */
	tv_set(e, "percent", tv_num((long)(((l->index + 1) * 200 +
	    c->nlessons) / (2 * c->nlessons))));
	tv_set(v, "progress", e);

	rc = theme_render(s->th, "lesson", v, &html, &s->seen);
	if (rc)
		rc = out_write(s->out, l->href, html.data, html.len);
	tv_free(v);
	buf_free(&html);
	return rc;
}

/* Copies one checked file into the output; 1 ok, 0 (reported) not. */
static int
copy_file(struct out *out, const struct sproot *root, const char *src,
    const char *rel)
{
	enum sp_why	 why;
	int		 fd;

	if ((fd = sp_open(root, src, SIZE_MAX, &why)) == -1) {
		sp_report(why, root, src, 0, 0, src, 0);
		return 0;
	}
	return out_copy(out, rel, fd, src);
}

/* Copies the folder src (recursively, sorted) to rel in the output. */
static int
copy_tree(struct out *out, struct walk *w, const char *src,
    const char *rel)
{
	struct dirent	**ents;
	struct stat	 st;
	enum sp_why	 why;
	char		*s, *r;
	int		 n, i, rc = 1;

	if ((n = scandir(src, &ents, NULL, alphasort)) == -1)
		return 1;	/* no such folder: nothing to copy */
	for (i = 0; i < n; i++) {
		if (ents[i]->d_name[0] == '.') {
			free(ents[i]);
			continue;
		}
		s = path_join(src, ents[i]->d_name);
		r = path_join(rel, ents[i]->d_name);
		if (!walk_entry(w, s, r, &st, &why))
			rc = 0;
		else if (why == SP_DIR) {
			if (walk_enter(w, &st, s)) {
				w->depth++;
				rc &= copy_tree(out, w, s, r);
				w->depth--;
			} else
				rc = 0;
		} else if (w->copied == NULL || smap_get(w->copied, r) == NULL) {
			rc &= copy_file(out, w->root, s, r);
			if (w->copied != NULL)
				smap_put(w->copied, r, (void *)1);
		}
		free(s);
		free(r);
		free(ents[i]);
	}
	free(ents);
	return rc;
}

/* Registers every file under the course's assets/ folder; 1 ok, 0 on
 * errors (reported). */
static int
collect_assets(struct course *c, struct walk *w, const char *rel)
{
	struct dirent	**ents;
	struct stat	 st;
	enum sp_why	 why;
	char		*full, *r;
	int		 n, i, rc = 1;

	full = path_join(c->dir, rel);
	n = scandir(full, &ents, NULL, alphasort);
	free(full);
	for (i = 0; i < n; i++) {
		if (ents[i]->d_name[0] == '.') {
			free(ents[i]);
			continue;
		}
		r = path_join(rel, ents[i]->d_name);
		full = path_join(c->dir, r);
		if (!walk_entry(w, full, r, &st, &why))
			rc = 0;
		else if (why == SP_DIR) {
			if (walk_enter(w, &st, full)) {
				w->depth++;
				rc &= collect_assets(c, w, r);
				w->depth--;
			} else
				rc = 0;
		} else if (smap_get(&c->outputs, r) != NULL) {
			msg(MSG_DUP_PAGE, full, 0, 0, "%s is also the page "
			    "of a lesson", r);
			rc = 0;
		} else
			course_add_asset(c, r);
		free(full);
		free(r);
		free(ents[i]);
	}
	if (n > 0)
		free(ents);
	return rc;
}

int
render_course(struct course *c, struct theme *th, struct out *out)
{
	struct site	 s;
	struct walk	 w;
	struct smap	 copied = { NULL, 0, 0 };
	char		*src, *themedir;
	size_t		 i, k;
	int		 rc = 1;

	memset(&s, 0, sizeof(s));
	s.c = c;
	s.th = th;
	s.out = out;
	s.course = course_value(c);
	s.strings = c->ui;

	src = path_join(c->dir, "assets");
	walk_start(&w, c->root, src);
	free(src);
	if (!collect_assets(c, &w, "assets"))
		rc = 0;
	smap_free(&w.seen);
	if (!render_index(&s))
		rc = 0;
	if (theme_has(th, "scorm") && !render_scorm(&s))
		rc = 0;
	for (i = 0; i < c->nlessons; i++)
		if (!render_lesson(&s, c->lessons[i]))
			rc = 0;
	/* Theme assets may only come from inside each theme folder; a
	 * theme's own file hides the one of the theme it extends. */
	for (k = 0; k < theme_nlayers(th); k++) {
		themedir = path_join(theme_layer_dir(th, k), "assets");
		walk_start(&w, theme_layer_root(th, k), themedir);
		w.copied = &copied;
		if (!copy_tree(out, &w, themedir, "_theme"))
			rc = 0;
		smap_free(&w.seen);
		free(themedir);
	}
	smap_free(&copied);
	for (i = 0; i < c->nassets; i++) {
		src = path_join(c->dir, c->assets[i]->path);
		if (!copy_file(out, c->root, src, c->assets[i]->path))
			rc = 0;
		free(src);
	}
	tv_free(s.course);
	for (i = 0; i < s.outlines.cap; i++)
		if (s.outlines.ents[i].key != NULL)
			tv_free(s.outlines.ents[i].val);
	smap_free(&s.outlines);
	smap_free(&s.seen);
	return rc;
}
