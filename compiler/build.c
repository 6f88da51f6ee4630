/*
 * build.c: runs the pipeline for each course, one course at a time
 * (load, parse, check, render, write, free) so memory stays flat across
 * a run.  Courses share nothing mutable but the theme cache, which is
 * filled before rendering; a thread pool can take courses in parallel
 * once diagnostics are buffered per course.
 */
#include <sys/stat.h>

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "util.h"
#include "courseware.h"
#include "extern.h"
#include "msg.h"
#include "theme.h"
#include "deflate.h"
#include "pool.h"
#include "cache.h"

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

/* ID-scorm.txt beside the packages: what an LMS administrator needs
 * to know about them. */
static int
write_report(const struct course *c, const struct build_opts *o,
    size_t worst)
{
	char	*text, *path;
	FILE	*f;
	int	 ok;

	text = pkgreport(c, o->outdir, o->scorm12, o->scorm2004, worst);
	path = xasprintf("%s/%s-scorm.txt", o->outdir, c->id);
	ok = (f = fopen(path, "w")) != NULL;
	if (ok)
		ok = fputs(text, f) >= 0;
	if (f != NULL && fclose(f) != 0)
		ok = 0;
	if (!ok)
		msg(MSG_WRITE, path, 0, 0, NULL);
	free(path);
	free(text);
	return ok;
}

/*
 * A course between its front half (load, check, render: everything
 * that reports, on the main thread) and its end (packages written by
 * the pool, then commit).  Courses are ended in the order they were
 * given, whatever thread zipped them, so output and messages are the
 * same for any -j.
 */
struct pending {
	struct course	*c;
	struct tval	*ui;
	struct out	*out;
	struct package_job *pkg;	/* NULL: nothing to zip */
	struct task	 task;		/* runs package_run(pkg) */
	size_t		 worst;		/* suspend_data bound */
	int		 ok;		/* front half without errors */
	int		 fresh;		/* output up to date: skipped */
	char		 hash[CACHE_HEX]; /* of the inputs, "" for none */
};

/*
 * The front half of one course; NULL when it could not be read.  Every
 * stage follows one convention: it returns 1, or 0 after reporting what
 * went wrong.  The checking stages all run, so one run shows every
 * error; the course is written only if every stage returned 1, whatever
 * else was reported in the run (another course's problems, a template
 * problem reported once already).
 */
static struct pending *
build_front(const char *dir, const struct build_opts *o, struct smap *ids,
    struct smap *themes)
{
	struct pending	*p;
	struct course	*c;
	struct theme	*th = NULL;
	char		*tp;
	const char	*other;
	size_t		 i;
	int		 ok;

	ok = course_load(dir, &c);
	if (c == NULL)
		return NULL;
	p = xcalloc(1, sizeof(*p));
	p->c = c;
	if ((other = smap_get(ids, c->id)) != NULL) {
		msg(MSG_DUP_COURSE, c->yml, 0, 0, "'%s' is also the id of %s",
		    c->id, other);
		ok = 0;
	} else
		smap_put(ids, c->id, (void *)dir);
	if ((tp = theme_path(c, o)) != NULL) {
		if (ok && !o->dryrun) {
			cache_hash(c->dir, tp, o, p->hash);
			if (cache_fresh(o, c->id, p->hash)) {
				free(tp);
				p->fresh = p->ok = 1;
				return p;
			}
		}
		if ((th = smap_get(themes, tp)) == NULL &&
		    (th = theme_load(tp)) != NULL)
			smap_put(themes, tp, th);
		free(tp);
	}
	if (th == NULL)
		ok = 0;
	/* Before parsing: task-list marks and media carry their names. */
	if (th != NULL)
		c->ui = p->ui = ui_strings(c, th);
	for (i = 0; i < c->nlessons; i++)
		ok &= markdown_parse(c, c->lessons[i]);
	for (i = 0; i < c->nlessons; i++)
		ok &= markdown_links(c, c->lessons[i]);
	for (i = 0; i < c->nlessons; i++)
		ok &= quiz_lesson(c, c->lessons[i]);
	/* With errors, render without writing: template errors show too. */
	p->out = out_begin(o->outdir, c->id, o->dryrun || !ok);
	if (th != NULL)
		ok &= render_course(c, th, p->out);
	out_keep_html(p->out, o->html);
	p->worst = suspend_worst(c);
	if (o->scorm12 && p->worst > 4096)
		msg(MSG_SUSPEND, c->yml, 0, 0, "up to %zu characters; SCORM "
		    "1.2 keeps 4,096 (fewer questions per quiz, or smaller "
		    "draws, bring it down)", p->worst);
	pkgcheck(c, o->scorm12, o->scorm2004);
	p->ok = ok;
	if (p->ok)
		p->pkg = package_begin(c, p->out, o->scorm12, o->scorm2004);
	return p;
}

/* Waits for the course's packages, commits or drops it; 1 ok. */
static int
build_end(struct pending *p, const struct build_opts *o, struct pool *pool)
{
	struct course	*c = p->c;
	int		 ok = p->ok;

	if (p->pkg != NULL) {
		pool_wait(pool, &p->task);
		if (!package_end(p->pkg))
			ok = 0;
	}
	if (p->fresh) {
		if (!o->quiet)
			printf("%s: up to date -> %s/%s\n", c->dir, o->outdir,
			    c->id);
		goto done;
	}
	if (!ok)
		out_abort(p->out);
	else {
		/* The hash on disk must always describe the output. */
		cache_forget(o, c->id);
		if ((ok = out_commit(p->out)) && p->hash[0] != '\0')
			cache_store(o, c->id, p->hash);
	}
	if (ok && !o->dryrun && (o->scorm12 || o->scorm2004))
		ok = write_report(c, o, p->worst);
	if (ok && !o->quiet)
		printf("%s: %s %zu lesson%s, %zu media file%s, "
		    "suspend_data <= %zu chars%s%s%s%s\n",
		    c->dir, o->dryrun ? "checked" : "built", c->nlessons,
		    c->nlessons == 1 ? "" : "s", c->nassets,
		    c->nassets == 1 ? "" : "s", p->worst, o->dryrun ? "" :
		    " -> ", o->dryrun ? "" : o->outdir, o->dryrun ? "" : "/",
		    o->dryrun ? "" : c->id);
done:
	course_free(c);
	tv_free(p->ui);
	free(p);
	return ok;
}

int
build_courses(char *const *dirs, size_t n, const struct build_opts *o)
{
	struct smap	 ids = { NULL, 0, 0 }, themes = { NULL, 0, 0 };
	struct pending	**q, *p;
	struct pool	*pool;
	size_t		 i, head = 0, tail = 0, depth;
	int		 ok = 1;

	/*
	 * The main thread is one of the -j threads: it runs the front
	 * halves while the others zip.  At most depth courses are held at
	 * once, so memory stays flat however many courses there are.
	 */
	depth = o->jobs > 1 ? (size_t)o->jobs : 1;
	if (o->jobs > 1)
		xmlInitParser();	/* manifests are written on workers */
	pool = pool_new(o->jobs > 1 ? o->jobs - 1 : 0);
	q = xcalloc(depth, sizeof(*q));
	for (i = 0; i < n; i++) {
		if (tail - head == depth && !build_end(q[head++ % depth], o,
		    pool))
			ok = 0;
		if ((p = build_front(dirs[i], o, &ids, &themes)) == NULL) {
			ok = 0;
			continue;
		}
		if (p->pkg != NULL) {
			p->task.fn = package_run;
			p->task.arg = p->pkg;
			pool_submit(pool, &p->task);
		}
		q[tail++ % depth] = p;
	}
	while (head < tail)
		if (!build_end(q[head++ % depth], o, pool))
			ok = 0;
	pool_free(pool);
	free(q);
	for (i = 0; i < themes.cap; i++)
		if (themes.ents[i].key != NULL)
			theme_free(themes.ents[i].val);
	smap_free(&themes);
	smap_free(&ids);
	zd_cache_free();
	cache_cleanup();
	return ok;
}
