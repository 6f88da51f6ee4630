/*
 * msg.c: the message table and the only code that writes diagnostics
 * to stderr.
 */
#include <stdarg.h>
#include <stdio.h>

#include "msg.h"

static const char *const msgtext[MSG_MAX] = {
	[MSG_WARNING_FIRST] = "generic warning",
	[MSG_UNKNOWN_KEY] = "unknown key",
	[MSG_RAW_HTML] = "raw HTML is dropped (set allow_html: true "
	    "in course.yml to keep it)",
	[MSG_NOT_LISTED] = "not in the explicit order, skipped",
	[MSG_EMPTY_MODULE] = "module has no lessons",
	[MSG_NO_ALT] = "image has no text alternative",
	[MSG_SUSPEND] = "saved progress may not fit in SCORM 1.2's "
	    "suspend_data",
	[MSG_SC_LOOP] = "this choice closes a loop that gains points: "
	    "going round it beats the best score",
	[MSG_PACKAGING] = "SCORM packaging",
	[MSG_STRING_MISSING] = "interface string missing, English used",

	[MSG_ERROR_FIRST] = "generic error",
	[MSG_NO_FILE] = "cannot open",
	[MSG_YAML] = "invalid YAML",
	[MSG_YAML_TYPE] = "wrong type of value",
	[MSG_REQUIRED] = "required key is missing",
	[MSG_BAD_VALUE] = "invalid value",
	[MSG_FRONT_MATTER] = "front matter is not closed by a '---' line",
	[MSG_NO_LESSONS] = "course has no lessons",
	[MSG_NO_TITLE] = "lesson has no title (add a title in the front "
	    "matter or a heading)",
	[MSG_LISTED_MISSING] = "listed in the order but not found",
	[MSG_DUP_PAGE] = "two sources map to the same output path",
	[MSG_DUP_COURSE] = "two courses have the same id",
	[MSG_LINK_LESSON] = "link to a missing lesson",
	[MSG_LINK_ANCHOR] = "link to a missing heading anchor",
	[MSG_MISSING_FILE] = "referenced file does not exist",
	[MSG_PATH_ESCAPES] = "path leaves the course folder",
	[MSG_PATH_ABSOLUTE] = "absolute path refused (use a path relative "
	    "to the lesson)",
	[MSG_NOT_FILE] = "not a regular file",
	[MSG_THEME] = "theme error",
	[MSG_TEMPLATE] = "template syntax error",
	[MSG_TEMPLATE_VAR] = "unknown template variable",
	[MSG_Q_SYNTAX] = "unrecognised line",
	[MSG_Q_OPTION] = "unknown option",
	[MSG_Q_EMPTY] = "block is empty",
	[MSG_Q_STEM] = "question has an empty stem",
	[MSG_Q_NO_ANSWERS] = "question has no answers",
	[MSG_Q_NO_CORRECT] = "question has no correct answer",
	[MSG_Q_TWO_CORRECT] = "single-choice question has more than one "
	    "correct answer",
	[MSG_Q_MIXED] = "answer lines of different kinds in one question",
	[MSG_Q_TOO_FEW] = "too few answers",
	[MSG_Q_NUMERIC] = "numeric answer does not parse",
	[MSG_Q_DRAW] = "pool is smaller than the draw",
	[MSG_DUP_ID] = "duplicate id",
	[MSG_SC_TARGET] = "choice leads to a missing node",
	[MSG_SC_UNREACHABLE] = "node cannot be reached from the start",
	[MSG_SC_DEAD_END] = "dead end: no path from this node reaches an "
	    "ending",
	[MSG_SC_NO_END] = "scenario has no ending",
	[MSG_MEDIA_ACCESS] = "media without a text alternative",

	[MSG_SYSERR_FIRST] = "generic system error",
	[MSG_READ] = "cannot read",
	[MSG_WRITE] = "cannot write",
};

static enum msglevel	 worst = MSGL_OK;
static int		 counts[MSGL_SYSERR + 1];
static int		 quiet;
static FILE		*dest;	/* NULL: stderr */

#define OUT (dest != NULL ? dest : stderr)

static const char *const levelname[] = {
	"ok", "warning", "error", "error", "error"
};

enum msglevel
msg_level(enum msgid id)
{
	if (id >= MSG_SYSERR_FIRST)
		return MSGL_SYSERR;
	if (id >= MSG_ERROR_FIRST)
		return MSGL_ERROR;
	return MSGL_WARNING;
}

static void
record(enum msglevel lvl)
{
	counts[lvl]++;
	if (lvl > worst)
		worst = lvl;
}

void
msg(enum msgid id, const char *file, int line, int col,
    const char *fmt, ...)
{
	enum msglevel	 lvl;
	va_list		 ap;

	lvl = msg_level(id);
	record(lvl);
	if (quiet && lvl == MSGL_WARNING)
		return;
	if (file != NULL) {
		fputs(file, OUT);
		if (line > 0) {
			fprintf(OUT, ":%d", line);
			if (col > 0)
				fprintf(OUT, ":%d", col);
		}
		fputs(": ", OUT);
	} else
		fputs("coursec: ", OUT);
	fprintf(OUT, "%s: %s", levelname[lvl], msgtext[id]);
	if (fmt != NULL) {
		fputs(": ", OUT);
		va_start(ap, fmt);
		vfprintf(OUT, fmt, ap);
		va_end(ap);
	}
	fputc('\n', OUT);
}

void
msg_sys(const char *fmt, ...)
{
	va_list	 ap;

	record(MSGL_SYSERR);
	fputs("coursec: error: ", OUT);
	va_start(ap, fmt);
	vfprintf(OUT, fmt, ap);
	va_end(ap);
	fputc('\n', OUT);
}

void
msg_usage(const char *fmt, ...)
{
	va_list	 ap;

	record(MSGL_USAGE);
	fputs("coursec: ", OUT);
	va_start(ap, fmt);
	vfprintf(OUT, fmt, ap);
	va_end(ap);
	fputs("\nTry 'coursec --help'.\n", OUT);
}

enum msglevel
msg_worst(void)
{
	return worst;
}

int
msg_count(enum msglevel lvl)
{
	return counts[lvl];
}

void
msg_set_quiet(int q)
{
	quiet = q;
}

void
msg_set_output(FILE *f)
{
	dest = f;
}
