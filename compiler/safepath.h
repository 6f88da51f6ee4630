/*
 * safepath.h: the safety model of coursec(1), SAFETY, in one place.
 * Every file the compiler reads is checked here: it must resolve,
 * symbolic links followed, to a regular file inside its root (the
 * course folder or the theme folder), within a size limit, and it is
 * opened so that a FIFO or a device can never block the build.  Names
 * the compiler generates are reserved, every name it publishes (a zip
 * entry, a manifest href) is checked, and text is checked for NUL
 * bytes, invalid UTF-8 and control characters.
 * Include after <stddef.h>.
 */
#ifndef SAFEPATH_H
#define SAFEPATH_H

#include <sys/stat.h>

/* Limits on inputs; past them a build stops with an error. */
#define SP_MAX_LESSON	(512u << 10)	/* bytes of one lesson */
#define SP_MAX_YAML	(256u << 10)	/* course.yml, module.yml, strings */
#define SP_MAX_TEMPLATE	(1u << 20)	/* one template or partial */
#define SP_MAX_DEPTH	64		/* YAML nesting, template blocks */

/* Why a path was refused. */
enum sp_why {
	SP_OK,
	SP_MISSING,	/* no such file */
	SP_DANGLING,	/* a symbolic link to nothing */
	SP_LOOP,	/* symbolic links that loop */
	SP_ESCAPES,	/* resolves outside the root */
	SP_DIR,		/* a folder where a file is expected */
	SP_SPECIAL,	/* FIFO, device or socket */
	SP_TOO_BIG,	/* over the size limit */
	SP_IO		/* any other system error (errno) */
};

/* A folder every read must stay inside. */
struct sproot {
	char		*real;		/* realpath of the folder */
	const char	*what;		/* "course" or "theme", for messages */
	unsigned	 serial;	/* this root's number in the run */
};

/* Resolves dir; 1 ok, 0 if it is not a folder (errno set). */
int		 sp_root(struct sproot *, const char *dir, const char *what);
void		 sp_root_free(struct sproot *);
/* Whether the resolved path real is root->real or below it. */
int		 sp_inside(const struct sproot *, const char *real);

/*
 * Checks path: SP_OK for a regular file, SP_DIR for a folder, else why
 * not.  *st describes the target, *realp (if not NULL) gets its real
 * path (caller frees; NULL unless SP_OK or SP_DIR).
 */
enum sp_why	 sp_check(const struct sproot *, const char *path,
		    struct stat *st, char **realp);
/* Opens a checked regular file for reading, never blocking; -1 with
 * *why set when refused. */
int		 sp_open(const struct sproot *, const char *path, size_t max,
		    enum sp_why *why);
/* Reads a whole checked file (NUL-terminated, a UTF-8 BOM removed);
 * NULL with *why set.  Caller frees. */
char		*sp_read(const struct sproot *, const char *path, size_t max,
		    size_t *len, enum sp_why *why);
/*
 * Reports why at file:line:col.  path is the file concerned (may be
 * file itself); max is the limit that was passed.
 */
void		 sp_report(enum sp_why, const struct sproot *,
		    const char *file, int line, int col, const char *path,
		    size_t max);

/* Whether a course-relative output path is one the compiler writes
 * itself (index.html, scorm.html, imsmanifest.xml, _theme/...). */
int		 sp_reserved(const char *rel);
/* NULL if name can go into a zip and a manifest, else why not. */
const char	*sp_bad_name(const char *name);

/*
 * Checks text read from file (len bytes, may hold NULs): reports NUL
 * bytes and invalid UTF-8 as errors and replaces other control
 * characters by spaces with a warning.  line0: lines before the text.
 * Returns 1 if no error was reported.
 */
int		 sp_text(const char *file, char *text, size_t len,
		    int line0);
/* Removes control characters from a one-line value (titles): returns
 * the number removed. */
size_t		 sp_strip_controls(char *);

#endif /* !SAFEPATH_H */
