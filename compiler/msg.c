/*
 * msg.c: the message table and the only code that writes diagnostics
 * to stderr: the diagnostic line, the source line with a caret under
 * the column, the help line, colour on a terminal, and per-thread sinks
 * that hold a course's diagnostics until they can be printed sorted.
 */
#define _GNU_SOURCE	/* wcwidth(3) */
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "msg.h"
#include "util.h"

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
	[MSG_DUP_TITLE] = "two lessons have the same title",
	[MSG_PAGE_NAME] = "file name has letters with no ASCII spelling",
	[MSG_SC_LOOP] = "this choice closes a loop that gains points: "
	    "going round it beats the best score",
	[MSG_SC_BEST] = "scenario too large to find its best score exactly",
	[MSG_PACKAGING] = "SCORM packaging",
	[MSG_STRING_MISSING] = "interface string missing, English used",

	[MSG_ERROR_FIRST] = "generic error",
	[MSG_NO_FILE] = "cannot open",
	[MSG_YAML] = "invalid YAML",
	[MSG_YAML_MERGED] = "list item runs onto the next line",
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
	[MSG_FENCE_NAME] = "unknown block name",
	[MSG_FENCE_OPEN] = "block is never closed",
	[MSG_SPACE_IN_PATH] = "path with a space is shown as text",
	[MSG_FOOTNOTE] = "footnote reference without a definition",
	[MSG_MEDIA_ACCESS] = "media without a text alternative",

	[MSG_SYSERR_FIRST] = "generic system error",
	[MSG_READ] = "cannot read",
	[MSG_WRITE] = "cannot write",
};

/* One held diagnostic. */
struct diag {
	char		*file;	/* NULL: no input file */
	int		 line;	/* 0 if unknown */
	int		 col;	/* 0 if unknown */
	enum msglevel	 lvl;	/* its severity band */
	char		*text;	/* "message[: detail]" */
	char		*help;	/* the fix, or NULL */
	size_t		 seq;	/* order of arrival, to keep sorting stable */
};

/* A thread's open sink: one course's diagnostics. */
struct msgsink {
	struct diag	*v;		/* held diagnostics */
	size_t		 n;		/* number of them */
	int		 counts[MSGL_SYSERR + 1]; /* per level */
	struct buf	 trailer;	/* lines printed after them */
	struct msgsink	*prev;		/* sink this one was pushed over */
};

/* The run's totals, shared by every thread: the exit status. */
static atomic_int	 worst = MSGL_OK;
static atomic_int	 counts[MSGL_SYSERR + 1];
static int		 quiet;
static int		 color = -1;
static FILE		*dest;	/* NULL: stderr */
/* One sink is printed at a time, so courses never interleave. */
static pthread_mutex_t	 outlock = PTHREAD_MUTEX_INITIALIZER;

static _Thread_local struct msgsink *cur;
/* Whether this thread's last diagnostic was shown (help follows it). */
static _Thread_local int last_shown;

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
put_clean(FILE *f, const char *str)
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
		if (k == 0 || (k == 1 && ((*s < 0x20 && *s != '\t') || *s == 0x7f)) ||
		    (k == 2 && s[0] == 0xc2 && s[1] < 0xa0)) {
			k = k == 0 ? 1 : k;
			for (i = 0; i < k; i++)
				fprintf(f, "\\x%02x", s[i]);
		} else
			fwrite(s, 1, k, f);
		s += k;
	}
}

/* SGR sequences: bold, red, magenta, cyan, green, reset. */
#define C_BOLD	"\033[1m"
#define C_ERR	"\033[1;31m"
#define C_WARN	"\033[1;35m"
#define C_HELP	"\033[1;36m"
#define C_CARET	"\033[1;32m"
#define C_OFF	"\033[0m"

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
	int	 w;

	atomic_fetch_add(&counts[lvl], 1);
	w = atomic_load(&worst);
	while ((int)lvl > w &&
	    !atomic_compare_exchange_weak(&worst, &w, (int)lvl))
		;
	if (cur != NULL)
		cur->counts[lvl]++;
}

/* Colour only for a terminal, and never when NO_COLOR is set
 * (https://no-color.org). */
static int
use_color(void)
{
	const char	*nc;

	if (color >= 0)
		return color;
	if (dest != NULL)
		return 0;
	nc = getenv("NO_COLOR");
	return (nc == NULL || nc[0] == '\0') && isatty(STDERR_FILENO);
}

/* A file's text, kept while consecutive diagnostics point into it. */
struct srccache {
	char	*path;	/* file held, or NULL */
	char	*text;	/* its contents, or NULL if unreadable */
};

/* Line n (1-based) of file, without its newline; NULL if absent. */
static char *
source_line(struct srccache *sc, const char *file, int n)
{
	const char	*s, *e;
	int		 i;

	if (sc->path == NULL || strcmp(sc->path, file) != 0) {
		free(sc->path);
		free(sc->text);
		sc->path = xstrdup(file);
		sc->text = file_read(file, NULL);
	}
	if (sc->text == NULL)
		return NULL;
	s = sc->text;
	/* Columns count from after a byte-order mark, as lessons do. */
	if (strncmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3;
	for (i = 1; i < n; i++) {
		if ((s = strchr(s, '\n')) == NULL)
			return NULL;
		s++;
	}
	if (*s == '\0' && n > 1)
		return NULL;
	e = strchr(s, '\n');
	if (e == NULL)
		e = s + strlen(s);
	if (e > s && e[-1] == '\r')
		e--;
	return xstrndup(s, (size_t)(e - s));
}

/*
 * The blank prefix that puts a caret under byte column col of line:
 * tabs stay tabs, other characters become as many spaces as the
 * terminal gives them (two for most CJK, none for combining marks).
 */
static void
caret_prefix(struct buf *b, const char *line, int col)
{
	mbstate_t	 st;
	wchar_t		 wc;
	size_t		 n, left;
	int		 w;
	const char	*s = line, *end;

	left = strlen(line);
	end = line + ((size_t)(col - 1) < left ? (size_t)(col - 1) : left);
	memset(&st, 0, sizeof(st));
	while (s < end) {
		if (*s == '\t') {
			buf_putc(b, '\t');
			s++;
			continue;
		}
		n = mbrtowc(&wc, s, (size_t)(end - s), &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&st, 0, sizeof(st));
			buf_putc(b, ' ');
			s++;
			continue;
		}
		for (w = wcwidth(wc); w > 0; w--)
			buf_putc(b, ' ');
		s += n;
	}
}

static void
print_diag(FILE *f, const struct diag *d, struct srccache *sc, int col)
{
	struct buf	 pre = { NULL, 0, 0 };
	char		*src = NULL;

	if (d->file != NULL) {
		fputs(col ? C_BOLD : "", f);
		put_clean(f, d->file);
		if (d->line > 0) {
			fprintf(f, ":%d", d->line);
			if (d->col > 0)
				fprintf(f, ":%d", d->col);
		}
		fprintf(f, ":%s ", col ? C_OFF : "");
	} else
		fputs("coursec: ", f);
	if (col)
		fprintf(f, "%s%s:%s %s", d->lvl == MSGL_WARNING ?
		    C_WARN : C_ERR, levelname[d->lvl], C_OFF, C_BOLD);
	else
		fprintf(f, "%s: ", levelname[d->lvl]);
	put_clean(f, d->text);
	fprintf(f, "%s\n", col ? C_OFF : "");
	if (d->file != NULL && d->line > 0 && d->col > 0 &&
	    (src = source_line(sc, d->file, d->line)) != NULL) {
		caret_prefix(&pre, src, d->col);
		fprintf(f, "%5d | ", d->line);
		put_clean(f, src);
		fprintf(f, "\n      | %s%s^%s\n",
		    pre.data != NULL ? pre.data : "", col ? C_CARET : "",
		    col ? C_OFF : "");
		buf_free(&pre);
		free(src);
	}
	if (d->help != NULL) {
		fprintf(f, "%shelp:%s ", col ? C_HELP : "", col ? C_OFF : "");
		put_clean(f, d->help);
		fputc('\n', f);
	}
}

static void
diag_free(struct diag *d)
{
	free(d->file);
	free(d->text);
	free(d->help);
}

/* Prints one diagnostic at once (no sink open). */
static void
print_now(struct diag *d)
{
	struct srccache	 sc = { NULL, NULL };

	pthread_mutex_lock(&outlock);
	print_diag(OUT, d, &sc, use_color());
	fflush(OUT);
	pthread_mutex_unlock(&outlock);
	free(sc.path);
	free(sc.text);
}

/* Files first by name, then line, column and order of arrival. */
static int
diag_cmp(const void *a, const void *b)
{
	const struct diag	*x = a, *y = b;
	int			 c;

	c = strcmp(x->file ? x->file : "", y->file ? y->file : "");
	if (c != 0)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
report(enum msglevel lvl, const char *file, int line, int col, char *text)
{
	struct diag	 d;

	record(lvl);
	last_shown = !(quiet && lvl == MSGL_WARNING);
	if (!last_shown) {
		free(text);
		return;
	}
	memset(&d, 0, sizeof(d));
	d.file = file != NULL ? xstrdup(file) : NULL;
	d.line = line;
	d.col = col;
	d.lvl = lvl;
	d.text = text;
	if (cur == NULL) {
		print_now(&d);
		diag_free(&d);
		return;
	}
	d.seq = cur->n;
	cur->v = xreallocarray(cur->v, cur->n + 1, sizeof(*cur->v));
	cur->v[cur->n++] = d;
}

void
msg(enum msgid id, const char *file, int line, int col,
    const char *fmt, ...)
{
	struct buf	 b = { NULL, 0, 0 };
	va_list		 ap;

	buf_puts(&b, msgtext[id]);
	if (fmt != NULL) {
		buf_puts(&b, ": ");
		va_start(ap, fmt);
		buf_vprintf(&b, fmt, ap);
		va_end(ap);
	}
	report(msg_level(id), file, line, col, buf_detach(&b));
}

void
msg_help(const char *fmt, ...)
{
	struct buf	 b = { NULL, 0, 0 };
	struct diag	*d;
	va_list		 ap;
	int		 col;

	if (!last_shown)
		return;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (cur != NULL && cur->n > 0) {
		d = &cur->v[cur->n - 1];
		free(d->help);
		d->help = buf_detach(&b);
		return;
	}
	col = use_color();
	pthread_mutex_lock(&outlock);
	fprintf(OUT, "%shelp:%s %s\n", col ? C_HELP : "", col ? C_OFF : "",
	    b.data);
	pthread_mutex_unlock(&outlock);
	buf_free(&b);
}

void
msg_sys(const char *fmt, ...)
{
	struct buf	 b = { NULL, 0, 0 };
	va_list		 ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	report(MSGL_SYSERR, NULL, 0, 0, buf_detach(&b));
}

void
msg_usage(const char *fmt, ...)
{
	va_list	 ap;

	record(MSGL_USAGE);
	pthread_mutex_lock(&outlock);
	fputs("coursec: ", OUT);
	va_start(ap, fmt);
	vfprintf(OUT, fmt, ap);
	va_end(ap);
	fputs("\nTry 'coursec --help'.\n", OUT);
	pthread_mutex_unlock(&outlock);
}

void
msg_push(void)
{
	struct msgsink	*s;

	s = xcalloc(1, sizeof(*s));
	s->prev = cur;
	cur = s;
}

struct msgsink *
msg_detach(void)
{
	struct msgsink	*s = cur;

	if (s != NULL) {
		cur = s->prev;
		s->prev = NULL;
	}
	return s;
}

void
msg_attach(struct msgsink *s)
{
	if (s == NULL)
		return;
	s->prev = cur;
	cur = s;
}

void
msg_trailer(const char *fmt, ...)
{
	va_list	 ap;

	if (cur == NULL) {
		pthread_mutex_lock(&outlock);
		va_start(ap, fmt);
		vfprintf(OUT, fmt, ap);
		va_end(ap);
		fputc('\n', OUT);
		pthread_mutex_unlock(&outlock);
		return;
	}
	va_start(ap, fmt);
	buf_vprintf(&cur->trailer, fmt, ap);
	va_end(ap);
	buf_putc(&cur->trailer, '\n');
}

void
msg_pop(void)
{
	struct msgsink	*s = cur;
	struct srccache	 sc = { NULL, NULL };
	size_t		 i;
	int		 col;

	if (s == NULL)
		return;
	cur = s->prev;
	if (s->n > 1)
		qsort(s->v, s->n, sizeof(*s->v), diag_cmp);
	col = use_color();
	pthread_mutex_lock(&outlock);
	for (i = 0; i < s->n; i++)
		print_diag(OUT, &s->v[i], &sc, col);
	if (s->trailer.len > 0)
		fputs(s->trailer.data, OUT);
	fflush(OUT);
	pthread_mutex_unlock(&outlock);
	for (i = 0; i < s->n; i++)
		diag_free(&s->v[i]);
	free(s->v);
	buf_free(&s->trailer);
	free(sc.path);
	free(sc.text);
	/* An enclosing sink's counts include what this one saw. */
	if (cur != NULL)
		for (i = 0; i <= MSGL_SYSERR; i++)
			cur->counts[i] += s->counts[i];
	free(s);
}

enum msglevel
msg_worst(void)
{
	return (enum msglevel)atomic_load(&worst);
}

int
msg_count(enum msglevel lvl)
{
	return cur != NULL ? cur->counts[lvl] : atomic_load(&counts[lvl]);
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

void
msg_set_color(int c)
{
	color = c;
}
