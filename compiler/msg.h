/*
 * msg.h: the one diagnostics module.  Every message the compiler can
 * print is an entry of enum msgid, ordered by severity band, so the exit
 * status is simply the worst band seen.  Included by every stage.
 *
 * A diagnostic is one line "FILE:LINE:COL: LEVEL: message[: detail]",
 * then (when the position is known) the source line with a caret under
 * the column, then an optional "help:" line.  While a course is built
 * its diagnostics go into a sink of the building thread (msg_push /
 * msg_pop), so each course's report comes out whole and sorted by file
 * and line, whatever else runs in parallel.
 */
#ifndef MSG_H
#define MSG_H

#include <stdio.h>

enum msglevel {
	MSGL_OK = 0,		/* nothing to report */
	MSGL_WARNING,		/* output written, but look at this */
	MSGL_ERROR,		/* course error: that course is not written */
	MSGL_USAGE,		/* bad command line: nothing was read */
	MSGL_SYSERR		/* the system failed us (I/O, memory) */
};

enum msgid {
	MSG_WARNING_FIRST,
	MSG_UNKNOWN_KEY,	/* a YAML key we do not know (typo?) */
	MSG_RAW_HTML,		/* raw HTML dropped: allow_html is off */
	MSG_NOT_LISTED,		/* file missing from an explicit order */
	MSG_EMPTY_MODULE,	/* module folder without lessons */
	MSG_NO_ALT,		/* image without a text alternative */
	MSG_SUSPEND,		/* suspend_data may exceed SCORM 1.2's limit */
	MSG_CONTROL_CHAR,	/* control character removed from text */
	MSG_DUP_TITLE,		/* two lessons share one title */
	MSG_PAGE_NAME,		/* letters of a file name have no ASCII form */
	MSG_SC_LOOP,		/* a scenario loop gains points: no best */
	MSG_SC_BEST,		/* best score search gave up on exactness */
	MSG_PACKAGING,		/* SCORM packaging an LMS will not honour */
	MSG_STRING_MISSING,	/* interface string missing: English used */

	MSG_ERROR_FIRST,
	MSG_NO_FILE,		/* an input file is missing or unreadable */
	MSG_YAML,		/* libyaml could not parse the file */
	MSG_YAML_MERGED,	/* a list item swallowed the next "- " line */
	MSG_YAML_TYPE,		/* a key has the wrong kind of value */
	MSG_REQUIRED,		/* a required key is missing */
	MSG_BAD_VALUE,		/* a value is out of range or malformed */
	MSG_FRONT_MATTER,	/* front matter not closed by "---" */
	MSG_NO_LESSONS,		/* a course without any lesson */
	MSG_NO_TITLE,		/* a lesson without title or heading */
	MSG_LISTED_MISSING,	/* an ordered module/lesson is absent */
	MSG_DUP_PAGE,		/* two sources map to one output page */
	MSG_DUP_COURSE,		/* two courses share one id */
	MSG_LINK_LESSON,	/* link to a lesson that does not exist */
	MSG_LINK_ANCHOR,	/* link to a heading that does not exist */
	MSG_MISSING_FILE,	/* referenced media file does not exist */
	MSG_PATH_ESCAPES,	/* path leaves the course folder */
	MSG_PATH_ABSOLUTE,	/* absolute local path */
	MSG_NOT_FILE,		/* reference names a directory or device */
	MSG_THEME,		/* theme folder or file missing */
	MSG_TEMPLATE,		/* template syntax error */
	MSG_TEMPLATE_VAR,	/* template names an unknown variable */
	MSG_Q_SYNTAX,		/* a quiz/scenario line we cannot read */
	MSG_Q_OPTION,		/* unknown quiz/question/scenario option */
	MSG_Q_EMPTY,		/* block without questions or nodes */
	MSG_Q_STEM,		/* "? " with no text */
	MSG_Q_NO_ANSWERS,	/* question without answer lines */
	MSG_Q_NO_CORRECT,	/* choice question, nothing marked right */
	MSG_Q_TWO_CORRECT,	/* single choice with two right answers */
	MSG_Q_MIXED,		/* ( ) and [ ] (etc.) in one question */
	MSG_Q_TOO_FEW,		/* matching/ordering/choices below two */
	MSG_Q_NUMERIC,		/* numeric answer does not parse */
	MSG_Q_DRAW,		/* draw larger than the pool */
	MSG_DUP_ID,		/* quiz/question/scenario/node id reused */
	MSG_SC_TARGET,		/* choice to a node that does not exist */
	MSG_SC_UNREACHABLE,	/* node not reachable from the start */
	MSG_SC_DEAD_END,	/* node from which no ending is reachable */
	MSG_SC_NO_END,		/* scenario without any ending */
	MSG_NUL_BYTE,		/* a NUL byte in a text file */
	MSG_BAD_UTF8,		/* text that is not UTF-8 */
	MSG_DUP_KEY,		/* a YAML key given twice */
	MSG_TOO_BIG,		/* an input over its size limit */
	MSG_TOO_DEEP,		/* nesting past a depth limit */
	MSG_BUDGET,		/* template output past its budget */
	MSG_RESERVED,		/* a source at a path the compiler writes */
	MSG_BAD_NAME,		/* a name a zip or manifest cannot hold */
	MSG_FILE_URL,		/* a file: URL */
	MSG_FENCE_NAME,		/* ```quizz: a misspelt block name */
	MSG_FENCE_OPEN,		/* quiz/scenario fence never closed */
	MSG_SPACE_IN_PATH,	/* link or image path with a space: literal */
	MSG_FOOTNOTE,		/* footnote reference without a definition */
	MSG_MEDIA_ACCESS,	/* video without captions, audio without
				   transcript */

	MSG_SYSERR_FIRST,
	MSG_READ,		/* a file could not be read */
	MSG_WRITE,		/* output could not be written */
	MSG_MAX
};

/*
 * Reports "FILE:LINE:COL: LEVEL: message[: detail]" and records the
 * level.  file may be NULL; line and col may be 0 (unknown).
 * fmt may be NULL for no detail.
 */
void	msg(enum msgid, const char *file, int line, int col,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Adds a "help:" line (the fix) to this thread's last diagnostic. */
void	msg_help(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * Starts a sink for this thread: diagnostics are held until msg_pop,
 * which prints them sorted by file, line and column (each with its
 * source line and help), then the trailer lines, in one piece.
 */
void	msg_push(void);
void	msg_pop(void);
/* Takes this thread's open sink away (while other courses use the
 * thread) and gives it back (to this or another thread) before
 * msg_pop. */
struct msgsink;
struct msgsink *msg_detach(void);
void	msg_attach(struct msgsink *);
/* A line printed after the sorted diagnostics (the closing count). */
void	msg_trailer(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A system error with no input position ("coursec: error: ..."). */
void	msg_sys(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A command-line error. */
void	msg_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Worst level seen so far. */
enum msglevel msg_worst(void);
/* Number of messages at the given level so far: in this thread's sink
 * if one is open, else in the whole run. */
int	msg_count(enum msglevel);
/* Silence warnings (-q). */
void	msg_set_quiet(int);
/* Sends diagnostics to f instead of stderr (tests); NULL restores. */
void	msg_set_output(FILE *);
/* Colour: 1 always, 0 never, -1 when stderr is a terminal and NO_COLOR
 * is unset (the default). */
void	msg_set_color(int);
/* Level of a message id. */
enum msglevel msg_level(enum msgid);

#endif /* !MSG_H */
