/*
 * extern.h: prototypes shared between the stages of the compiler.
 * Include after <stddef.h>, "util.h" and "courseware.h"; only files
 * in compiler/ include it.  One failure convention: a stage returns 1
 * when it found nothing wrong, 0 after reporting what it found
 * (through msg.h); build.c runs them and honours that.
 */
#ifndef EXTERN_H
#define EXTERN_H

#define COURSEC_VERSION "0.1.0"

struct buf;
struct out;
struct package_job;
struct theme;
struct tval;

/* course.c: stage 1, course.yml + folders + front matter -> model */

/* Loads the course in dir into *c.  Returns 1 ok, 0 on errors
 * (reported), like every stage; *c is NULL only when nothing could be
 * read.  Caller frees. */
int		 course_load(const char *dir, struct course **c);
/* The same, but once course.yml is read, enough(c, ok so far, arg)
 * may say the rest is not needed (an up-to-date course): the course
 * then has no lessons. */
int		 course_load_if(const char *dir, struct course **c,
		    int (*enough)(struct course *, int, void *), void *arg);
void		 course_free(struct course *);
/* Registers a file to copy; path is course-relative and normalised.
 * Returns the asset (existing or new). */
struct asset	*course_add_asset(struct course *, const char *path);
/* Returns 1 if the course-relative path resolves (symlinks too) to a
 * location inside the course folder. */
int		 course_contains(const struct course *, const char *path);

/* markdown.c: stage 2, Markdown -> checked, rewritten tree */

/* Parses the lesson body, assigns heading anchors and the title.
 * Returns 1 ok, 0 on errors (reported). */
int		 markdown_parse(struct course *, struct lesson *);
/* Checks and rewrites links and images once every lesson is parsed.
 * Returns 1 ok, 0 on errors (reported). */
int		 markdown_links(struct course *, struct lesson *);
/* Frees the lesson's tree, if it still has one. */
void		 markdown_drop(struct lesson *);
/* Renders the body to HTML and frees the tree.  Caller frees. */
char		*markdown_html(struct course *, struct lesson *);
/* Interface string key of the course's theme (course->ui), or fallback
 * when there is none. */
const char	*ui_text(const struct course *, const char *key,
		    const char *fallback);
/* GitHub-style anchor for a heading text; caller frees. */
char		*markdown_slug(const char *);
/* Sets up parser-wide state; before threads start. */
void		 markdown_init(void);
/* Releases parser-wide state at exit. */
void		 markdown_cleanup(void);

/* Checks a Markdown snippet of lesson l (a quiz stem, a choice) whose
 * pieces were written at src: its links like the body's, and raw HTML
 * that would be dropped (a warning), each reported where it is written.
 * Returns 1 ok, 0 on errors (reported). */
int		 markdown_snippet_check(struct course *, struct lesson *,
		    const char *, const struct mdsrc *src);
/* Renders a snippet checked by markdown_snippet_check, rewriting its
 * links; reports nothing.  inl: strip the paragraph.  *plain (if not
 * NULL) gets the plain text.  Caller frees both. */
char		*markdown_snippet(struct course *, struct lesson *,
		    const char *, int inl, char **plain);
/* 1 (the default): plain-text snippets skip the parser.  The unit
 * tests clear it to compare both ways. */
extern int	 markdown_fast;
/* Whether a snippet takes that shortcut. */
int		 markdown_plain(const char *);

/* lint.c: stage 2b, mistakes Markdown would forgive silently */

/* Checks block names, unclosed quiz/scenario fences, paths with
 * spaces and footnote references of a parsed lesson.  Returns 1 ok, 0
 * on errors (reported). */
int		 lint_lesson(struct course *, struct lesson *);
/* Warns about lessons sharing a title. */
void		 lint_course(struct course *);
/* "help: did you mean" lines for the diagnostic just reported: a
 * lesson path as written in lesson l, a course-relative file (norm,
 * written as path), or a name among candidates (returns the one
 * suggested, or NULL). */
void		 lint_help_lesson(const struct course *,
		    const struct lesson *, const char *path);
void		 lint_help_file(const struct course *, const char *norm,
		    const char *path);
const char	*lint_help_name(const char *, const char *const *, size_t);
/* media.c: ```video and ```audio blocks (called by markdown_links) */

/* Checks the media block n of lesson l and replaces it by its figure,
 * parking n in grave.  Returns 1 ok, 0 on errors (reported). */
int		 media_block(struct course *, struct lesson *,
		    struct cmark_node *n, struct cmark_node *grave);

/* quiz.c: stage 3 reads and checks quiz and scenario fences; stage 4
 * writes them (quiz-int.h has the parts) */

/* Reads and checks the quiz and scenario blocks of a parsed lesson into
 * l->quizzes and l->scenarios.  Returns 1 ok, 0 on errors (reported). */
int		 quiz_lesson(struct course *, struct lesson *);
/* Replaces each checked block of the lesson's tree by its HTML; called
 * by render.c before the body is rendered.  Reports nothing. */
void		 quiz_write(struct course *, struct lesson *);
void		 quiz_free(struct quiz *);
void		 scenario_free(struct scenario *);

/* render.c: stage 4, model + theme -> pages in the output */

/* Renders index and lesson pages, copies theme files and assets.
 * Returns 1 ok, 0 on errors (reported). */
int		 render_course(struct course *, struct theme *, struct out *);

/* output.c: stage 5, staged writing with an atomic swap */

/* Starts writing a course into a staging folder under outdir; with
 * dryrun, writes nothing.  Caller finishes with out_commit or
 * out_abort. */
struct out	*out_begin(const char *outdir, const char *id, int dryrun);
int		 out_write(struct out *, const char *rel, const char *,
		    size_t);
/* Copies the open file in (closed here; src names it in messages). */
int		 out_copy(struct out *, const char *rel, int in,
		    const char *src);
/* Refuses (reported as bad usage) an output folder that is empty,
 * overlaps one of the n course folders, or the theme folder. */
int		 out_check(const char *outdir, char *const *dirs, size_t n,
		    const char *theme);
/* The staging folder, or NULL when nothing is written. */
const char	*out_stage(const struct out *);
/* Whether the HTML folder is kept on commit (-f without html: no). */
void		 out_keep_html(struct out *, int);
/* A temporary path for a package of this kind, renamed into
 * OUTDIR/ID-KIND.zip by out_commit; owned by the out. */
char		*out_sidecar(struct out *, const char *kind);
/* Replaces the previous output with the staged one; 1 ok, 0 fail. */
int		 out_commit(struct out *);
/* Drops the staged output, keeping any previous good output. */
void		 out_abort(struct out *);

/* manifest.c: stage 5a, imsmanifest.xml */

/* The manifest listing files (sorted, course-relative) for SCORM 1.2
 * (v2004 = 0) or 2004 4th Edition.  Caller frees; NULL on failure. */
char		*manifest_xml(const struct course *, int v2004,
		    char *const *files, size_t n, size_t *len);
int		 course_graded(const struct course *);
int		 course_pass_mark(const struct course *);
/* Whether the package of that version has one SCO per module. */
int		 course_per_module(const struct course *, int v2004);
/* The sum of the lessons' durations, in minutes. */
int		 course_minutes(const struct course *);

/* package.c: stage 5b, SCORM zips from the staged output */

/* On the main thread before any package_run: libzip and libdeflate each
 * fill in statics on their first call (libzip's command bitmaps in
 * zip_open_from_source, libdeflate's CRC-32 for this CPU) with no lock,
 * so the first calls must not be two threads' at once. */
void		 package_init(void);

/* Prepares the requested packages of the staged course; NULL when
 * there is nothing to zip.  package_run (any thread, never reports)
 * writes them; package_end reports a failure and frees: 1 ok, 0 not.
 * The course and the out stay untouched until package_end. */
struct package_job *package_begin(struct course *, struct out *,
		    int scorm12, int scorm2004);
void		 package_run(void *);
int		 package_end(struct package_job *);

/* suspend.c: worst-case SCORM suspend_data of a course */

size_t		 suspend_worst(const struct course *);
/* The maxlength of a fill-in or numeric answer box. */
size_t		 answer_maxlength(const struct question *);

/* pkgcheck.c: packaging warnings and the package report */

/* Warns about packaging an LMS will not honour (coursec check too). */
void		 pkgcheck(const struct course *, int scorm12, int scorm2004);
/* The administrator's report of the packages in outdir.  Caller
 * frees. */
char		*pkgreport(const struct course *, const char *outdir,
		    int scorm12, int scorm2004, size_t worst);

/* build.c: runs the stages for each course */

struct build_opts {
	const char	*outdir;	/* where course folders go */
	const char	*theme;		/* --theme DIR, or NULL */
	int		 dryrun;	/* coursec check */
	int		 quiet;		/* no summary lines */
	int		 html;		/* -f html */
	int		 scorm12;	/* -f scorm12 */
	int		 scorm2004;	/* -f scorm2004 */
	int		 jobs;		/* -j: threads, at least 1 */
};

/* Builds (or checks) every course folder given.  Returns 1 if every
 * course built, 0 otherwise (reported). */
int		 build_courses(char *const *dirs, size_t n,
		    const struct build_opts *);

/* new.c: coursec new */

/* Writes a small example course into dir, which must be absent or
 * empty.  Returns 1 ok, 0 on failure (reported). */
int		 new_course(const char *dir);

/* serve.c: coursec serve */

struct serve_opts {
	const char	*addr;		/* address to bind, "127.0.0.1" */
	unsigned short	 port;		/* TCP port */
	const char	*theme;		/* --theme DIR, or NULL */
};

/* Builds the course, serves it over HTTP and rebuilds it on every
 * change until interrupted.  Returns 1 on a clean stop, 0 if it could
 * not start (reported). */
int		 serve_course(const char *dir, const struct serve_opts *);

#endif /* !EXTERN_H */
