/*
 * build.c: runs the pipeline for each course, one course at a time
 * (load, parse, check, render, write, free) so memory stays flat across
 * a run.  Courses share nothing mutable but the theme cache, which is
 * filled before rendering; a thread pool can take courses in parallel
 * once diagnostics are buffered per course.
 */
#include <sys/stat.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "courseware.h"
#include "extern.h"
#include "msg.h"
#include "theme.h"

#ifndef DATADIR
#define DATADIR "/usr/local/share/coursec"
#endif

static int
is_dir(const char *p)
{
	struct stat	 st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * Finds the theme folder for a course: --theme wins; a theme: value
 * with a '/' is a path relative to the course; a bare name is looked up
 * in ./themes, then in the installed themes.  Caller frees.
 */
static char *
theme_path(const struct course *c, const struct build_opts *o)
{
	const char	*name;
	char		*p, *exe, *bin;

	if (o->theme != NULL)
		return xstrdup(o->theme);
	name = c->theme != NULL ? c->theme : "default";
	if (strchr(name, '/') != NULL)
		return path_join(c->dir, name);
	p = xasprintf("themes/%s", name);
	if (is_dir(p))
		return p;
	free(p);
	p = xasprintf("%s/themes/%s", DATADIR, name);
	if (is_dir(p))
		return p;
	free(p);
	/* A relocated install (DESTDIR, a moved PREFIX): BINDIR/../share. */
	if ((exe = realpath("/proc/self/exe", NULL)) != NULL) {
		bin = path_dir(exe);
		p = xasprintf("%s/../share/coursec/themes/%s", bin, name);
		free(exe);
		free(bin);
		if (is_dir(p))
			return p;
		free(p);
	}
	msg(MSG_THEME, c->yml, c->theme_pos.line, c->theme_pos.col,
	    "theme '%s' not found in ./themes or %s/themes", name, DATADIR);
	return NULL;
}

/* The theme's strings for the course language, with the course's
 * own overrides on top.  Caller frees. */
static struct tval *
ui_strings(const struct course *c, const struct theme *th)
{
	struct tval	*v, *miss;
	size_t		 i;

	v = theme_strings(th, c->language);
	for (i = 0; i < c->strings.cap; i++)
		if (c->strings.ents[i].key != NULL)
			tv_set(v, c->strings.ents[i].key,
			    tv_str(c->strings.ents[i].val));
	/* A string the language lacks (and the course does not give)
	 * shows in English: say so, so the translation gets finished. */
	if ((miss = theme_strings_missing(th, c->language)) == NULL)
		msg(MSG_STRING_MISSING, c->yml, 0, 0, "theme %s has no "
		    "strings for language '%s'", theme_dir(th), c->language);
	else
		for (i = 0; i < miss->n; i++)
			if (smap_get(&c->strings, miss->items[i]->str) == NULL)
				msg(MSG_STRING_MISSING, c->yml, 0, 0, "%s "
				    "(language '%s', theme %s)",
				    miss->items[i]->str, c->language,
				    theme_dir(th));
	tv_free(miss);
	return v;
}

static int
errors(void)
{
	return msg_count(MSGL_ERROR) + msg_count(MSGL_SYSERR);
}

/* Builds one course; 1 ok, 0 on errors. */
static int
build_one(const char *dir, const struct build_opts *o, struct smap *ids,
    struct smap *themes)
{
	struct course	*c;
	struct theme	*th = NULL;
	struct out	*out;
	char		*tp;
	const char	*other;
	struct tval	*ui = NULL;
	size_t		 i, worst = 0;
	int		 before, ok;

	before = errors();
	if ((c = course_load(dir)) == NULL)
		return 0;
	if ((other = smap_get(ids, c->id)) != NULL)
		msg(MSG_DUP_COURSE, c->yml, 0, 0, "'%s' is also the id of %s",
		    c->id, other);
	else
		smap_put(ids, c->id, (void *)dir);
	if ((tp = theme_path(c, o)) != NULL) {
		if ((th = smap_get(themes, tp)) == NULL &&
		    (th = theme_load(tp)) != NULL)
			smap_put(themes, tp, th);
		free(tp);
	}
	/* Before parsing: task-list marks and media carry their names. */
	if (th != NULL)
		c->ui = ui = ui_strings(c, th);
	for (i = 0; i < c->nlessons; i++)
		markdown_parse(c, c->lessons[i]);
	for (i = 0; i < c->nlessons; i++)
		markdown_links(c, c->lessons[i]);
	for (i = 0; i < c->nlessons; i++)
		quiz_lesson(c, c->lessons[i]);
	out = out_begin(o->outdir, c->id, o->dryrun || errors() > before);
	if (th != NULL)
		render_course(c, th, out);
	out_keep_html(out, o->html);
	worst = suspend_worst(c);
	if (o->scorm12 && worst > 4096)
		msg(MSG_SUSPEND, c->yml, 0, 0, "up to %zu characters; SCORM "
		    "1.2 keeps 4,096 (fewer questions per quiz, or smaller "
		    "draws, bring it down)", worst);
	if (errors() == before && (o->scorm12 || o->scorm2004))
		package_course(c, out, o->scorm12, o->scorm2004);
	if (errors() > before) {
		out_abort(out);
		ok = 0;
	} else
		ok = out_commit(out);
	if (ok && !o->quiet)
		printf("%s: %s %zu lesson%s, %zu media file%s, "
		    "suspend_data <= %zu chars%s%s%s%s\n",
		    c->dir, o->dryrun ? "checked" : "built", c->nlessons,
		    c->nlessons == 1 ? "" : "s", c->nassets,
		    c->nassets == 1 ? "" : "s", worst, o->dryrun ? "" : " -> ",
		    o->dryrun ? "" : o->outdir, o->dryrun ? "" : "/",
		    o->dryrun ? "" : c->id);
	course_free(c);
	tv_free(ui);
	return ok;
}

int
build_courses(char *const *dirs, size_t n, const struct build_opts *o)
{
	struct smap	 ids = { NULL, 0, 0 }, themes = { NULL, 0, 0 };
	size_t		 i;
	int		 ok = 1;

	for (i = 0; i < n; i++)
		if (!build_one(dirs[i], o, &ids, &themes))
			ok = 0;
	for (i = 0; i < themes.cap; i++)
		if (themes.ents[i].key != NULL)
			theme_free(themes.ents[i].val);
	smap_free(&themes);
	smap_free(&ids);
	return ok;
}
