/*
 * build.c: runs the pipeline for each course (load, parse, check,
 * render, write, free) so memory stays flat across a run.  The main
 * thread loads each course (the cheap part, which decides whether it
 * is built at all) and ends the courses in the order given; the rest of
 * a course (parse to packages) is one task for the thread pool.  Courses
 * share nothing mutable but the theme cache, filled on the main thread
 * before a course is handed over, and each course's diagnostics are
 * buffered in its own sink, so output and messages are the same for any
 * -j.
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
#include "arena.h"

/*
 * Finds the theme folder for a course: --theme wins; a theme: value
 * with a '/' is a path relative to the course; a bare name (or the
 * default) is looked up next to the executable (an uninstalled build
 * run from anywhere), in DATADIR (installed), then in BINDIR/../share
 * (a relocated install).  Never the working directory: the result must
 * not depend on where coursec is run from.  Caller frees.
 */
static char *
theme_path(const struct course *c, const struct build_opts *o)
{
	struct buf	 tried = { NULL, 0, 0 };
	const char	*name;
	char		*p;

	if (o->theme != NULL)
		return xstrdup(o->theme);
	name = c->theme != NULL ? c->theme : "default";
	if (strchr(name, '/') != NULL) {
		/* A course's own theme is part of the course: its reads
		 * may not reach anywhere else (coursec(1), SAFETY). */
		if (!course_contains(c, name)) {
			msg(MSG_PATH_ESCAPES, c->yml, c->theme_pos.line,
			    c->theme_pos.col, "theme %s is not a folder of the "
			    "course", name);
			return NULL;
		}
		p = path_join(c->dir, name);
		if (path_is_dir(p))
			return p;
		msg(MSG_THEME, c->yml, c->theme_pos.line, c->theme_pos.col,
		    "theme folder %s not found", p);
		msg_help("a theme: with a '/' is a folder relative to the "
		    "course; a plain name is an installed theme");
		free(p);
		return NULL;
	}
	p = theme_find(name, &tried);
	if (p == NULL) {
		/* Only blame a theme: line the author wrote. */
		if (c->theme != NULL)
			msg(MSG_THEME, c->yml, c->theme_pos.line,
			    c->theme_pos.col, "theme '%s' not found (looked "
			    "in %s)", name, tried.data);
		else
			msg(MSG_THEME, NULL, 0, 0, "the default theme was "
			    "not found (looked in %s)", tried.data);
		msg_help("run the coursec built next to its themes/ "
		    "folder, install it with 'make install', or pass "
		    "--theme DIR");
	}
	buf_free(&tried);
	return p;
}

/* The theme's strings for the course language, with the course's
 * own overrides on top.  Caller frees. */
static struct tval *
ui_strings(const struct course *c, struct theme *th)
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

/* "3 errors, 1 warning" for the closing line; caller frees. */
static char *
counted(int nerr, int nwarn)
{
	struct buf	 b = { NULL, 0, 0 };

	if (nerr > 0)
		buf_printf(&b, "%d error%s", nerr, nerr == 1 ? "" : "s");
	if (nwarn > 0)
		buf_printf(&b, "%s%d warning%s", nerr > 0 ? ", " : "",
		    nwarn, nwarn == 1 ? "" : "s");
	return buf_detach(&b);
}

/* The summary line: what was read and, in plain words, what was
 * written, folders and packages alike. */
static void
summary(const struct course *c, const struct build_opts *o)
{
	struct buf	 b = { NULL, 0, 0 };

	buf_printf(&b, "%s: %s %zu lesson%s, %zu media file%s", c->dir,
	    o->dryrun ? "checked" : "built", c->nlessons,
	    c->nlessons == 1 ? "" : "s", c->nassets,
	    c->nassets == 1 ? "" : "s");
	if (o->dryrun)
		buf_puts(&b, "; nothing written");
	else {
		buf_puts(&b, "; wrote ");
		if (o->html)
			buf_printf(&b, "%s/%s/", o->outdir, c->id);
		if (o->scorm12)
			buf_printf(&b, "%s%s/%s-scorm12.zip", o->html ?
			    ", " : "", o->outdir, c->id);
		if (o->scorm2004)
			buf_printf(&b, "%s%s/%s-scorm2004.zip", o->html ||
			    o->scorm12 ? ", " : "", o->outdir, c->id);
	}
	puts(b.data);
	fflush(stdout);
	buf_free(&b);
}

struct pending {
	struct course	*c;
	const struct build_opts *o;
	struct theme	*th;		/* NULL: not found or broken */
	struct tval	*ui;
	struct out	*out;
	struct package_job *pkg;	/* NULL: nothing to zip */
	struct task	 task;		/* runs build_work(this) */
	size_t		 worst;		/* suspend_data bound */
	int		 ok;		/* no error so far */
	int		 fresh;		/* output up to date: skipped */
	struct msgsink	*sink;		/* the course's diagnostics */
	char		 hash[CACHE_HEX]; /* of the inputs, "" for none */
};

/*
 * The hash of a course folder's files, computed ahead on the pool (in
 * course order, before any course's build task) so that a run with
 * nothing to rebuild uses every thread too.
 */
struct prehash {
	struct task	 task;		/* runs prehash_run(this) */
	const char	*dir;
	struct cache_tree tree;
};

static void
prehash_run(void *arg)
{
	struct prehash	*h = arg;

	cache_tree(h->dir, &h->tree);
}

/* What build_load's settle step needs. */
struct settle {
	const struct build_opts *o;
	const char	*dir;
	struct pool	*pool;
	struct prehash	*pre;		/* the course's folder hash */
	struct smap	*ids;		/* course id -> folder, this run */
	struct smap	*themes;	/* theme folder -> loaded theme */
	struct pending	*p;
};

/*
 * Once course.yml is read (ok: without errors so far): settles what
 * the course shares with the others, its id and its theme, and whether
 * its output is up to date, in which case its lessons are not read.
 * Settled in order, before any course is staged: two courses of one id
 * would share a staging folder.
 */
static int
settle(struct course *c, int ok, void *arg)
{
	struct settle	*s = arg;
	struct pending	*p = s->p;
	const char	*other;
	char		*tp;

	if ((other = smap_get(s->ids, c->id)) != NULL) {
		msg(MSG_DUP_COURSE, c->yml, 0, 0, "'%s' is also the id of %s",
		    c->id, other);
		ok = 0;
	} else
		smap_put(s->ids, c->id, (void *)s->dir);
	if ((tp = theme_path(c, s->o)) != NULL) {
		/* Loaded once per run, whichever course asks first. */
		if ((p->th = smap_get(s->themes, tp)) == NULL &&
		    (p->th = theme_load(tp)) != NULL)
			smap_put(s->themes, tp, p->th);
		free(tp);
	}
	if (p->th == NULL)
		ok = 0;
	p->ok = ok;
	if (ok && !s->o->dryrun) {
		pool_wait(s->pool, &s->pre->task);
		cache_hash(&s->pre->tree, p->th, s->o, p->hash);
		if (cache_fresh(s->o, c->id, p->hash))
			return p->fresh = 1;
	}
	return 0;
}

/*
 * The main thread's part of one course: read it and settle it.  NULL
 * when it could not be read.  Every stage follows one convention: it
 * returns 1, or 0 after reporting what went wrong.  The checking stages
 * all run, so one run shows every error; the course is written only if
 * every stage returned 1, whatever else was reported in the run
 * (another course's problems, a template problem reported once
 * already).
 */
static struct pending *
build_load(const char *dir, const struct build_opts *o, struct smap *ids,
    struct smap *themes, struct pool *pool, struct prehash *pre)
{
	struct pending	*p;
	struct settle	 s;
	struct course	*c;
	int		 ok;

	p = xcalloc(1, sizeof(*p));
	p->o = o;
	s.o = o;
	s.dir = dir;
	s.ids = ids;
	s.themes = themes;
	s.pool = pool;
	s.pre = pre;
	s.p = p;
	msg_push();
	ok = course_load_if(dir, &c, settle, &s);
	if (c == NULL) {
		msg_pop();
		free(p);
		return NULL;
	}
	p->c = c;
	p->ok = p->fresh || (p->ok && ok);
	p->sink = msg_detach();
	return p;
}

/*
 * The rest of a course, on whichever thread the pool gives it: parse,
 * check, render and, without errors, the packages.  It only reads the
 * theme, and writes only into the course's own staging folder.
 */
static void
build_work(void *arg)
{
	struct pending	*p = arg;
	const struct build_opts *o = p->o;
	struct course	*c = p->c;
	struct theme	*th = p->th;
	struct arena	*arena;
	size_t		 i;
	int		 ok = p->ok;

	msg_attach(p->sink);
	/* The course's Markdown trees, dropped whole at the end. */
	arena = arena_new();
	arena_use(arena);
	/* Before parsing: task-list marks and media carry their names. */
	if (th != NULL)
		c->ui = p->ui = ui_strings(c, th);
	for (i = 0; i < c->nlessons; i++) {
		ok &= markdown_parse(c, c->lessons[i]);
		ok &= lint_lesson(c, c->lessons[i]);
	}
	lint_course(c);
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
	if (o->scorm12 && p->worst > 4096) {
		msg(MSG_SUSPEND, c->yml, 0, 0, "up to %zu characters; SCORM "
		    "1.2 keeps 4,096", p->worst);
		msg_help("fewer questions per quiz, or smaller draws, bring "
		    "it down");
	}
	pkgcheck(c, o->scorm12, o->scorm2004);
	p->ok = ok;
	for (i = 0; i < c->nlessons; i++)
		markdown_drop(c->lessons[i]);	/* not rendered: errors */
	arena_use(NULL);
	arena_free(arena);
	if (p->ok && (p->pkg = package_begin(c, p->out, o->scorm12,
	    o->scorm2004)) != NULL)
		package_run(p->pkg);
	/* The sink waits in p for build_end, on the main thread. */
	p->sink = msg_detach();
}

/* Waits for the course's task, commits or drops it; 1 ok.  Courses
 * end in the order given, whatever thread built them. */
static int
build_end(struct pending *p, const struct build_opts *o, struct pool *pool)
{
	struct course	*c = p->c;
	char		*n;
	int		 ok, nerr, nwarn;

	if (!p->fresh)
		pool_wait(pool, &p->task);
	ok = p->ok;
	msg_attach(p->sink);
	if (p->pkg != NULL && !package_end(p->pkg))
		ok = 0;
	if (p->fresh) {
		msg_pop();
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
		ok = out_commit(p->out);
	}
	if (ok && !o->dryrun && (o->scorm12 || o->scorm2004))
		ok = write_report(c, o, p->worst);
	/* Last: the hash stands for everything written above. */
	if (ok && p->hash[0] != '\0')
		cache_store(o, c->id, p->hash, c->dir, p->th);
	nerr = msg_count(MSGL_ERROR) + msg_count(MSGL_SYSERR);
	nwarn = msg_count(MSGL_WARNING);
	if (!o->quiet && (!ok || nerr > 0 || nwarn > 0)) {
		n = counted(nerr, nwarn);
		msg_trailer("%s: %s%s%s", c->id, ok ? (o->dryrun ?
		    "checked" : "built") : (o->dryrun ? "check failed" :
		    "not built"), n[0] != '\0' ? ", " : "", n);
		free(n);
	}
	msg_pop();
	if (ok && !o->quiet)
		summary(c, o);
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
	struct prehash	*pre;
	struct pool	*pool;
	size_t		 i, head = 0, tail = 0, depth;
	int		 ok = 1;

	/* Nothing is read or written while the output could land on a
	 * course: -o courses would replace the sources. */
	if (!o->dryrun && !out_check(o->outdir, dirs, n, o->theme))
		return 0;
	/*
	 * The main thread is one of the -j threads: it loads courses, and
	 * works on queued ones while it waits for the oldest to end.  At
	 * most depth courses are held at once, so memory stays flat
	 * however many courses there are; twice the threads keeps every
	 * thread supplied.
	 */
	depth = o->jobs > 1 ? 2 * (size_t)o->jobs : 1;
	markdown_init();
	if (o->jobs > 1) {
		xmlInitParser();	/* manifests are written on workers */
		package_init();		/* and packages */
	}
	pool = pool_new(o->jobs > 1 ? o->jobs - 1 : 0, arena_trim);
	q = xcalloc(depth, sizeof(*q));
	pre = xcalloc(n ? n : 1, sizeof(*pre));
	for (i = 0; i < n && !o->dryrun; i++) {
		pre[i].dir = dirs[i];
		pre[i].task.fn = prehash_run;
		pre[i].task.arg = &pre[i];
		pool_submit(pool, &pre[i].task);
	}
	for (i = 0; i < n; i++) {
		if (tail - head == depth && !build_end(q[head++ % depth], o,
		    pool))
			ok = 0;
		if ((p = build_load(dirs[i], o, &ids, &themes, pool,
		    &pre[i])) == NULL) {
			ok = 0;
			continue;
		}
		if (!p->fresh) {
			p->task.fn = build_work;
			p->task.arg = p;
			pool_submit(pool, &p->task);
		}
		q[tail++ % depth] = p;
	}
	while (head < tail)
		if (!build_end(q[head++ % depth], o, pool))
			ok = 0;
	pool_free(pool);
	arena_trim();
	free(q);
	free(pre);
	for (i = 0; i < themes.cap; i++)
		if (themes.ents[i].key != NULL)
			theme_free(themes.ents[i].val);
	smap_free(&themes);
	smap_free(&ids);
	zd_cache_free();
	cache_cleanup();
	return ok;
}
