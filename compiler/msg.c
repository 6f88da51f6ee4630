/*
 * msg.c: the message table and the only code that writes diagnostics
 * to stderr.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

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
	[MSG_CONTROL_CHAR] = "control character removed",
	[MSG_SC_LOOP] = "this choice closes a loop that gains points: "
	    "going round it beats the best score",
	[MSG_SC_BEST] = "scenario too large to find its best score exactly",
	[MSG_PACKAGING] = "SCORM packaging",

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
	[MSG_NUL_BYTE] = "NUL byte in the text",
	[MSG_BAD_UTF8] = "text is not valid UTF-8",
	[MSG_DUP_KEY] = "duplicate key",
	[MSG_TOO_BIG] = "input is too large",
	[MSG_TOO_DEEP] = "nesting is too deep",
	[MSG_BUDGET] = "template output is too large",
	[MSG_RESERVED] = "path is reserved for a file the compiler "
	    "generates",
	[MSG_BAD_NAME] = "file name cannot be published",
	[MSG_FILE_URL] = "file: URL refused (link to a file of the "
	    "course instead)",

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

/*
 * Writes s with control characters (C0, DEL, C1) and bytes that are not
 * UTF-8 shown as \xHH: file names and quoted input can hold escape
 * sequences that would drive the terminal.  Other UTF-8 passes, so
 * names in any script stay readable.
 */
static void
put_clean(const char *str)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 k, i;

	while (*s != '\0') {
		k = *s < 0x80 ? 1 : (*s & 0xe0) == 0xc0 ? 2 :
		    (*s & 0xf0) == 0xe0 ? 3 : (*s & 0xf8) == 0xf0 ? 4 : 0;
		for (i = 1; i < k; i++)
			if ((s[i] & 0xc0) != 0x80) {
				k = 0;
				break;
			}
		if (k == 0 || (k == 1 && (*s < 0x20 || *s == 0x7f)) ||
		    (k == 2 && s[0] == 0xc2 && s[1] < 0xa0)) {
			k = k == 0 ? 1 : k;
			for (i = 0; i < k; i++)
				fprintf(OUT, "\\x%02x", s[i]);
		} else
			fwrite(s, 1, k, OUT);
		s += k;
	}
}

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
	char		*detail;
	int		 n;

	lvl = msg_level(id);
	record(lvl);
	if (quiet && lvl == MSGL_WARNING)
		return;
	if (file != NULL) {
		put_clean(file);
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
		n = vsnprintf(NULL, 0, fmt, ap);
		va_end(ap);
		if (n >= 0 && (detail = malloc((size_t)n + 1)) != NULL) {
			va_start(ap, fmt);
			vsnprintf(detail, (size_t)n + 1, fmt, ap);
			va_end(ap);
			put_clean(detail);
			free(detail);
		}
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
