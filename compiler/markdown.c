/*
 * markdown.c: stage 2.  Parses a lesson with cmark-gfm, gives every
 * heading a stable anchor, then (once every lesson of the course is
 * parsed) checks and rewrites links and images, and renders HTML.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <pthread.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>
#include <wctype.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>

#include "util.h"
#include "courseware.h"
#include "extern.h"
#include "escape.h"
#include "msg.h"
#include "safepath.h"
#include "theme.h"
#include "arena.h"

static const char *const ext_names[] = {
	"table", "strikethrough", "autolink", "tasklist"
};

/* The syntax extensions, looked up once; shared read-only afterwards. */
static cmark_llist *exts;
static cmark_syntax_extension *task_ext;
static pthread_once_t exts_once = PTHREAD_ONCE_INIT;

/*
 * Held while cmark-gfm parses inlines.  Its table of special inline
 * characters is one global array that cmark_parser_finish fills from
 * the extensions before it parses inlines and clears after, so two
 * parses at once can make one of them miss a ~ or an autolink:
 * cmark-gfm is not re-entrant (upstream pull request
 * github/cmark-gfm#176 is still open).  Block parsing
 * (cmark_parser_feed) and rendering never touch that table and run
 * unlocked; Helgrind finds the race without the lock and none with it
 * held around cmark_parser_finish alone.
 */
static pthread_mutex_t parse_lock = PTHREAD_MUTEX_INITIALIZER;

static void
exts_init(void)
{
	cmark_syntax_extension	*e;
	size_t			 i;

	cmark_gfm_core_extensions_ensure_registered();
	task_ext = cmark_find_syntax_extension("tasklist");
	for (i = 0; i < sizeof(ext_names) / sizeof(ext_names[0]); i++)
		if ((e = cmark_find_syntax_extension(ext_names[i])) != NULL)
			exts = cmark_llist_append(
			    cmark_get_default_mem_allocator(), exts, e);
}

static cmark_llist *
extensions(void)
{
	pthread_once(&exts_once, exts_init);
	return exts;
}

void
markdown_init(void)
{
	extensions();
}

void
markdown_cleanup(void)
{
	cmark_llist_free(cmark_get_default_mem_allocator(), exts);
	exts = NULL;
}

/* Whether the course's language has primary subtag lang ("fr-CA": fr). */
static int
lang_is(const struct course *c, const char *lang)
{
	size_t	 n = strlen(lang);

	return strncmp(c->language, lang, n) == 0 &&
	    (c->language[n] == '\0' || c->language[n] == '-' ||
	    c->language[n] == '_');
}

/*
 * cmark-gfm's smart punctuation turns straight quotes into curly ones
 * (and -- and ... into dashes and an ellipsis), English style.  It is
 * used for the languages that either keep those quotes (en, es) or whose
 * quotes french_quotes() rewrites from them (fr, ar); elsewhere the
 * author's own characters are kept.
 */
static int
cmark_opts(const struct course *c)
{
	int	 smart;

	smart = lang_is(c, "en") || lang_is(c, "es") || lang_is(c, "fr") ||
	    lang_is(c, "ar");
	return CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8 |
	    CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES |
	    (smart ? CMARK_OPT_SMART : 0) |
	    (c->allow_html ? CMARK_OPT_UNSAFE : 0);
}

/* Parses text with the course's options and extensions. */
static cmark_node *
parse(const struct course *c, const char *text)
{
	cmark_parser	*p;
	cmark_llist	*e;
	cmark_node	*doc;

	p = cmark_parser_new_with_mem(cmark_opts(c), arena_mem());
	for (e = extensions(); e != NULL; e = e->next)
		cmark_parser_attach_syntax_extension(p, e->data);
	cmark_parser_feed(p, text, strlen(text));
	pthread_mutex_lock(&parse_lock);
	doc = cmark_parser_finish(p);
	pthread_mutex_unlock(&parse_lock);
	cmark_parser_free(p);
	return doc;
}

/*
 * French and Arabic quote with guillemets.  cmark-gfm's smart option
 * knows only English quotes and has no locale setting, so this pass
 * rewrites the text nodes after it: the curly double quotes cmark
 * paired become « and », and in French a no-break space goes inside
 * them and a narrow no-break space (U+202F) or, before a colon, a
 * no-break space (U+00A0) replaces the space before ; ! ? : as French
 * typography asks, so the sign never starts a line.  Code spans and
 * link targets are other node types and stay as written.
 */
static void
french_string(const char *s, int french, struct buf *bp)
{
	static const char nbsp[] = "\xc2\xa0", nnbsp[] = "\xe2\x80\xaf";
	struct buf	 b = *bp;
	size_t		 i;

	for (i = 0; s[i] != '\0'; i++) {
		if (strncmp(s + i, "\xe2\x80\x9c", 3) == 0) {	/* “ */
			buf_puts(&b, "\xc2\xab");
			if (french)
				buf_puts(&b, nbsp);
			i += 2;
			while (french && s[i + 1] == ' ')
				i++;
		} else if (strncmp(s + i, "\xe2\x80\x9d", 3) == 0) { /* ” */
			while (french && b.len > 0 && b.data[b.len - 1] == ' ')
				b.len--;
			if (french)
				buf_puts(&b, nbsp);
			buf_puts(&b, "\xc2\xbb");
			i += 2;
		} else if (french && strncmp(s + i, "\xc2\xab ", 3) == 0) {
			/* « typed by the author, with a plain space */
			buf_puts(&b, "\xc2\xab");
			buf_puts(&b, nbsp);
			i += 2;
		} else if (french && strncmp(s + i, " \xc2\xbb", 3) == 0) {
			buf_puts(&b, nbsp);
			buf_puts(&b, "\xc2\xbb");
			i += 2;
		} else if (french && s[i] == ' ' && (s[i + 1] == ';' ||
		    s[i + 1] == '!' || s[i + 1] == '?' || s[i + 1] == ':'))
			buf_puts(&b, s[i + 1] == ':' ? nbsp : nnbsp);
		else
			buf_putc(&b, s[i]);
	}
	*bp = b;
}

static void
french_text(cmark_node *n, int french)
{
	const char	*s;
	struct buf	 b = { NULL, 0, 0 };

	if ((s = cmark_node_get_literal(n)) == NULL)
		return;
	french_string(s, french, &b);
	if (b.data != NULL) {
		b.data[b.len] = '\0';
		cmark_node_set_literal(n, b.data);
	}
	buf_free(&b);
}

/* Applies french_text() to every text node under root when needed. */
static void
guillemets(const struct course *c, cmark_node *root)
{
	cmark_iter	*it;
	cmark_event_type ev;
	cmark_node	*n;
	int		 fr = lang_is(c, "fr");

	if (!fr && !lang_is(c, "ar"))
		return;
	it = cmark_iter_new(root);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		/* Changing a literal is not a structural change. */
		if (ev == CMARK_EVENT_ENTER &&
		    cmark_node_get_type(n) == CMARK_NODE_TEXT)
			french_text(n, fr);
	}
	cmark_iter_free(it);
}

/* Appends the plain text under node n (headings, alt text). */
static void
node_text(cmark_node *n, struct buf *b)
{
	cmark_iter	*it;
	cmark_event_type ev;
	cmark_node	*cur;
	const char	*s;

	it = cmark_iter_new(n);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cur = cmark_iter_get_node(it);
		switch (cmark_node_get_type(cur)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			if ((s = cmark_node_get_literal(cur)) != NULL)
				buf_puts(b, s);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(b, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

char *
markdown_slug(const char *text)
{
	struct buf	 b = { NULL, 0, 0 };
	mbstate_t	 st;
	wchar_t		 wc;
	char		 mb[MB_LEN_MAX];
	size_t		 n, k;
	const char	*s = text;

	memset(&st, 0, sizeof(st));
	while (*s != '\0') {
		n = mbrtowc(&wc, s, strlen(s), &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			/* Not UTF-8: drop the byte, keep going. */
			memset(&st, 0, sizeof(st));
			s++;
			continue;
		}
		s += n;
		if (wc == ' ')
			buf_putc(&b, '-');
		else if (wc == '-' || wc == '_')
			buf_putc(&b, (char)wc);
		else if (iswalnum((wint_t)wc)) {
			k = wcrtomb(mb, (wchar_t)towlower((wint_t)wc), &st);
			if (k != (size_t)-1)
				buf_putn(&b, mb, k);
		}
	}
	return buf_detach(&b);
}

/*
 * Gives a heading its unique anchor within the lesson, GitHub-style
 * ("x", "x-1", "x-2"), steering clear of the theme's "cs-" ids and
 * cmark's footnote ids.
 */
static char *
unique_anchor(struct lesson *l, struct smap *next, const char *text)
{
	char		*base, *a;
	uintptr_t	 i;

	base = markdown_slug(text);
	if (base[0] == '\0') {
		free(base);
		base = xstrdup("section");
	} else if (strncmp(base, "cs-", 3) == 0 ||
	    strncmp(base, "fn-", 3) == 0 || strncmp(base, "fnref-", 6) == 0) {
		a = xasprintf("h-%s", base);
		free(base);
		base = a;
	}
	/*
	 * next remembers, per base, the first suffix not tried yet, so n
	 * identical headings cost O(n), not O(n^2) probes.
	 */
	i = (uintptr_t)smap_get(next, base);	/* 0: base is free */
	a = i == 0 ? xstrdup(base) : xasprintf("%s-%ju", base, (uintmax_t)i);
	while (smap_get(&l->anchors, a) != NULL) {
		free(a);
		a = xasprintf("%s-%ju", base, (uintmax_t)++i);
	}
	smap_put(next, base, (void *)(i + 1));
	free(base);
	return a;
}

/* Replaces heading h by a custom block that prints <hN id="...">. */
static void
anchor_heading(struct lesson *l, struct smap *next, cmark_node *h,
    cmark_node *grave)
{
	struct buf	 text = { NULL, 0, 0 }, tag = { NULL, 0, 0 };
	struct heading	*hd;
	cmark_node	*cb, *ch;
	int		 level;

	level = cmark_node_get_heading_level(h);
	node_text(h, &text);
	l->headings = xgrow(l->headings, l->nheadings,
	    sizeof(*l->headings));
	hd = &l->headings[l->nheadings++];
	hd->text = buf_detach(&text);
	hd->anchor = unique_anchor(l, next, hd->text);
	hd->level = level;
	/* Anchors are [a-z0-9_-] and letters: attribute-safe as they are. */
	smap_put(&l->anchors, hd->anchor, hd);

	cb = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_BLOCK,
	    arena_mem());
	buf_printf(&tag, "<h%d id=\"%s\">", level, hd->anchor);
	cmark_node_set_on_enter(cb, tag.data);
	buf_free(&tag);
	buf_printf(&tag, "</h%d>", level);
	cmark_node_set_on_exit(cb, tag.data);
	buf_free(&tag);
	/* cmark refuses a child from another allocator: stop, not spin. */
	while ((ch = cmark_node_first_child(h)) != NULL)
		if (!cmark_node_append_child(cb, ch))
			break;
	cmark_node_replace(h, cb);
	/*
	 * cmark-gfm's text nodes point into their block's buffer, so the
	 * old heading must outlive the tree: park it, free it with it.
	 */
	cmark_node_append_child(grave, h);
}

const char *
ui_text(const struct course *c, const char *key, const char *fallback)
{
	const struct tval	*t;

	t = c->ui != NULL ? tv_get(c->ui, key) : NULL;
	return t != NULL && t->type == TV_STR ? t->str : fallback;
}

/*
 * A GFM task-list item ("- [x] Done") is a record of what to check, not
 * a control: cmark-gfm prints a disabled <input>, which looks like a
 * quiz box that refuses to work and is announced as a dimmed control.
 * The item becomes a plain item led by a mark the theme draws, named
 * "done" or "to do" in the course language.
 */
static void
label_task(const struct course *c, cmark_node *item)
{
	cmark_node	*para, *lab, *ch;
	struct buf	 b = { NULL, 0, 0 };
	const char	*name;
	int		 checked;

	checked = cmark_gfm_extensions_get_tasklist_item_checked(item);
	cmark_node_set_syntax_extension(item, NULL);
	if ((para = cmark_node_first_child(item)) == NULL ||
	    cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH) {
		para = cmark_node_new_with_mem(CMARK_NODE_PARAGRAPH,
		    arena_mem());
		cmark_node_prepend_child(item, para);
	}
	name = checked ? ui_text(c, "task_done", "done") :
	    ui_text(c, "task_todo", "to do");
	buf_printf(&b, "<span class=\"cs-task cs-task--%s\"><span class=\""
	    "cs-task__mark\" role=\"img\" aria-label=\"", checked ? "done" :
	    "todo");
	esc_attr(&b, name, strlen(name));
	buf_puts(&b, "\"></span> ");
	lab = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_INLINE,
	    arena_mem());
	cmark_node_set_on_enter(lab, b.data);
	buf_free(&b);
	cmark_node_set_on_exit(lab, "</span>");
	while ((ch = cmark_node_first_child(para)) != NULL)
		if (!cmark_node_append_child(lab, ch))
			break;	/* see anchor_heading */
	cmark_node_append_child(para, lab);
}

/*
 * cmark-gfm pads every row of a table to the header's width, so a few
 * kilobytes ("|x|" rows under a 5,000-column header) ask for millions
 * of cells and minutes of work.  Past this many a table is refused.
 */
#define MAX_TABLE_CELLS	50000

/* Columns of a GFM delimiter row ("|---|:-:|"), or 0 if s..e is not one. */
static size_t
delim_cells(const char *s, const char *e)
{
	size_t	 cells = 0;
	int	 pipe = 0, dash = 0;

	for (; s < e; s++) {
		if (*s == '-' && !dash)
			cells++;
		if (*s == '|')
			pipe = 1;
		else if (*s != '-' && *s != ':' && *s != ' ' &&
		    *s != '\t' && *s != '\r')
			return 0;
		dash = *s == '-';
	}
	return pipe ? cells : 0;
}

static int
blank_line(const char *s, const char *e)
{
	for (; s < e; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

/* Reports the table at line at if it has too many cells. */
static int
table_ok(const struct lesson *l, int at, size_t cols, size_t rows)
{
	if (cols * rows <= MAX_TABLE_CELLS)
		return 1;
	msg(MSG_TOO_BIG, l->file, at, 1, "table of %zu columns and %zu rows: "
	    "more than %d cells", cols, rows, MAX_TABLE_CELLS);
	return 0;
}

/* Reports tables over MAX_TABLE_CELLS, in one linear pass over the
 * text; rows are counted up to the next blank line (an upper bound). */
static int
table_sizes(const struct lesson *l)
{
	const char	*line, *eol;
	size_t		 cols = 0, rows = 0;
	int		 lineno = 0, at = 0, rc = 1;

	for (line = l->text; ; line = eol + 1) {
		if ((eol = strchr(line, '\n')) == NULL)
			eol = line + strlen(line);
		lineno++;
		if (cols > 0) {
			if (!blank_line(line, eol))
				rows++;
			else {
				rc &= table_ok(l, at, cols, rows);
				cols = 0;
			}
		} else if ((cols = delim_cells(line, eol)) > 0) {
			rows = 1;	/* the header */
			at = lineno - 1;
		}
		if (*eol == '\0')
			break;
	}
	if (cols > 0)
		rc &= table_ok(l, at, cols, rows);
	return rc;
}

int
markdown_parse(struct course *c, struct lesson *l)
{
	cmark_iter	*it;
	cmark_event_type ev;
	cmark_node	*n, *first, *grave, **heads = NULL, **tasks = NULL;
	cmark_node_type	 t;
	struct buf	 b = { NULL, 0, 0 };
	struct smap	 next = { NULL, 0, 0 };
	size_t		 nheads = 0, ntasks = 0, i;
	int		 rc = 1;

	if (!table_sizes(l))
		return 0;
	l->doc = parse(c, l->text);
	guillemets(c, l->doc);

	/* Nodes taken out of the tree (see anchor_heading) wait in this
	 * detached document, kept as the tree's user data and freed with
	 * it. */
	grave = cmark_node_new_with_mem(CMARK_NODE_DOCUMENT,
	    arena_mem());

	/* A leading level-1 heading is the title, not body text. */
	first = cmark_node_first_child(l->doc);
	if (first != NULL && cmark_node_get_type(first) ==
	    CMARK_NODE_HEADING && cmark_node_get_heading_level(first) == 1) {
		if (l->title == NULL) {
			node_text(first, &b);
			l->title = buf_detach(&b);
			l->title_pos.line = cmark_node_get_start_line(first);
			l->title_pos.col = cmark_node_get_start_column(first);
			cmark_node_unlink(first);
			cmark_node_append_child(grave, first);
		}
	}
	if (l->title == NULL || l->title[0] == '\0') {
		msg(MSG_NO_TITLE, l->file, 1, 1, NULL);
		rc = 0;
	}

	it = cmark_iter_new(l->doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		n = cmark_iter_get_node(it);
		t = cmark_node_get_type(n);
		if (t == CMARK_NODE_HEADING) {
			heads = xgrow(heads, nheads, sizeof(*heads));
			heads[nheads++] = n;
		} else if (t == CMARK_NODE_ITEM &&
		    cmark_node_get_syntax_extension(n) == task_ext) {
			tasks = xgrow(tasks, ntasks, sizeof(*tasks));
			tasks[ntasks++] = n;
		} else if ((t == CMARK_NODE_HTML_BLOCK ||
		    t == CMARK_NODE_HTML_INLINE) && !c->allow_html)
			msg(MSG_RAW_HTML, l->file,
			    cmark_node_get_start_line(n),
			    cmark_node_get_start_column(n), NULL);
		else if (t == CMARK_NODE_IMAGE) {
			node_text(n, &b);
			if (b.len == 0)
				msg(MSG_NO_ALT, l->file,
				    cmark_node_get_start_line(n),
				    cmark_node_get_start_column(n), "%s",
				    cmark_node_get_url(n));
			buf_free(&b);
		}
	}
	cmark_iter_free(it);
	/* Mutate only after the walk, as cmark's iterator rules ask. */
	for (i = 0; i < nheads; i++)
		anchor_heading(l, &next, heads[i], grave);
	smap_free(&next);
	free(heads);
	for (i = 0; i < ntasks; i++)
		label_task(c, tasks[i]);
	free(tasks);
	cmark_node_set_user_data(l->doc, grave);
	return rc;
}

/* Decodes %XX escapes of a URL path; caller frees. */
static char *
url_decode(const char *s, size_t n)
{
	struct buf	 b = { NULL, 0, 0 };
	size_t		 i;
	char		 hex[3] = { 0, 0, 0 };

	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    isxdigit((unsigned char)s[i + 1]) &&
		    isxdigit((unsigned char)s[i + 2])) {
			hex[0] = s[i + 1];
			hex[1] = s[i + 2];
			buf_putc(&b, (char)strtol(hex, NULL, 16));
			i += 2;
		} else
			buf_putc(&b, s[i]);
	}
	return buf_detach(&b);
}

/* A scheme ("https:", "mailto:") or a network path ("//host"). */
static int
is_external(const char *u)
{
	const char	*s = u;

	if (u[0] == '/' && u[1] == '/')
		return 1;
	if (!isalpha((unsigned char)*s))
		return 0;
	while (isalnum((unsigned char)*s) || *s == '+' || *s == '-' ||
	    *s == '.')
		s++;
	return *s == ':';
}

/*
 * Checks one link or image URL of lesson l and rewrites it to the
 * output layout.  Returns 1 ok, 0 on an error, reported only if report
 * is set: quiz snippets are checked in stage 3, then rewritten again,
 * quietly, when stage 4 writes them.
 */
static int
check_url(struct course *c, struct lesson *l, cmark_node *n,
    const struct pos *base, int report)
{
	const char	*url, *hash, *query, *end;
	char		*path = NULL, *rel = NULL, *norm = NULL, *frag = NULL,
			*full = NULL, *dir = NULL, *out = NULL;
	struct lesson	*target;
	struct stat	 st;
	enum sp_why	 why;
	const char	*bad;
	int		 line, col, rc = 0, isimg;

	url = cmark_node_get_url(n);
	line = cmark_node_get_start_line(n);
	col = cmark_node_get_start_column(n);
	if (base != NULL) {
		/* A snippet: the caller knows where it is in the file. */
		line = base->line;
		col = base->col;
	}
	isimg = cmark_node_get_type(n) == CMARK_NODE_IMAGE;
	if (url != NULL && strncasecmp(url, "file:", 5) == 0) {
		/* Points into the machine that built it, not the course. */
		if (report)
			msg(MSG_FILE_URL, l->file, line, col, "%s", url);
		return 0;
	}
	if (url == NULL || url[0] == '\0' || is_external(url))
		return 1;
	hash = strchr(url, '#');
	query = strchr(url, '?');
	if (query != NULL && hash != NULL && query > hash)
		query = NULL;
	end = query ? query : hash ? hash : url + strlen(url);
	if (hash != NULL)
		frag = url_decode(hash + 1, strlen(hash + 1));

	if (end == url) {
		/* "#anchor" (or "?x") within the same page. */
		if (frag != NULL && smap_get(&l->anchors, frag) == NULL) {
			if (report)
				msg(MSG_LINK_ANCHOR, l->file, line, col,
				    "#%s in this lesson", frag);
			goto out;
		}
		rc = 1;
		goto out;
	}
	if (url[0] == '/') {
		if (report)
			msg(MSG_PATH_ABSOLUTE, l->file, line, col, "%s", url);
		goto out;
	}
	path = url_decode(url, (size_t)(end - url));
	dir = path_dir(l->src);
	rel = path_join(dir, path);
	if ((norm = path_normalize(rel)) == NULL || norm[0] == '\0') {
		if (report)
			msg(MSG_PATH_ESCAPES, l->file, line, col, "%s", path);
		goto out;
	}
	if (path_has_suffix(norm, ".md") && !isimg) {
		if ((target = smap_get(&c->bysrc, norm)) == NULL) {
			if (report) {
				msg(MSG_LINK_LESSON, l->file, line, col, "%s",
				    path);
				lint_help_lesson(c, l, path);
			}
			goto out;
		}
		if (frag != NULL && frag[0] != '\0' &&
		    smap_get(&target->anchors, frag) == NULL) {
			if (report)
				msg(MSG_LINK_ANCHOR, l->file, line, col,
				    "#%s in %s", frag, path);
			goto out;
		}
		free(rel);
		if (target != l)
			rel = path_relative(l->href, target->href);
		else if (frag != NULL && frag[0] != '\0')
			rel = xstrdup("");
		else	/* A link to the page itself: its own file name. */
			rel = path_relative(l->href, l->href);
		out = frag != NULL && frag[0] != '\0' ?
		    xasprintf("%s#%s", rel, frag) : xstrdup(rel);
		cmark_node_set_url(n, out);
		rc = 1;
		goto out;
	}
	full = path_join(c->dir, norm);
	switch ((why = sp_check(c->root, full, &st, NULL))) {
	case SP_OK:
		break;
	case SP_MISSING:
		if (report) {
			msg(MSG_MISSING_FILE, l->file, line, col, "%s", path);
			lint_help_file(c, norm, path);
		}
		goto out;
	case SP_DIR:
		if (report)
			msg(MSG_NOT_FILE, l->file, line, col, "%s", path);
		goto out;
	case SP_ESCAPES:
		if (report)
			msg(MSG_PATH_ESCAPES, l->file, line, col, "%s is a "
			    "link to a file outside the course", path);
		goto out;
	default:
		if (report)
			sp_report(why, c->root, l->file, line, col, full, 0);
		goto out;
	}
	if (sp_reserved(norm)) {
		if (report)
			msg(MSG_RESERVED, l->file, line, col, "%s", path);
		goto out;
	}
	if ((bad = sp_bad_name(norm)) != NULL) {
		if (report)
			msg(MSG_BAD_NAME, l->file, line, col, "%s: %s", path,
			    bad);
		goto out;
	}
	if (path_has_suffix(norm, ".md") || path_has_suffix(norm, ".yml") ||
	    smap_get(&c->outputs, norm) != NULL) {
		if (report)
			msg(MSG_DUP_PAGE, l->file, line, col, "%s would "
			    "overwrite a generated file or publish a source",
			    path);
		goto out;
	}
	course_add_asset(c, norm);
	free(rel);
	rel = path_relative(l->href, norm);
	out = xasprintf("%s%s", rel, query ? query : hash ? hash : "");
	cmark_node_set_url(n, out);
	rc = 1;
out:
	free(path);
	free(rel);
	free(norm);
	free(frag);
	free(full);
	free(dir);
	free(out);
	return rc;
}

int
markdown_links(struct course *c, struct lesson *l)
{
	cmark_iter	*it;
	cmark_event_type ev;
	cmark_node	*n, **media = NULL;
	cmark_node_type	 t;
	const char	*info;
	size_t		 i, nmedia = 0;
	int		 rc = 1;

	if (l->doc == NULL)
		return 0;
	it = cmark_iter_new(l->doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		t = cmark_node_get_type(n);
		/* Changing a URL is not a structural change: safe here. */
		if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_LINK ||
		    t == CMARK_NODE_IMAGE) && !check_url(c, l, n, NULL, 1))
			rc = 0;
		else if (ev == CMARK_EVENT_ENTER &&
		    t == CMARK_NODE_CODE_BLOCK &&
		    (info = cmark_node_get_fence_info(n)) != NULL &&
		    (strcmp(info, "video") == 0 || strcmp(info, "audio") == 0)) {
			media = xreallocarray(media, nmedia + 1,
			    sizeof(*media));
			media[nmedia++] = n;
		}
	}
	cmark_iter_free(it);
	/* Replaced after the walk, as cmark's iterator rules ask. */
	for (i = 0; i < nmedia; i++)
		if (!media_block(c, l, media[i],
		    cmark_node_get_user_data(l->doc)))
			rc = 0;
	free(media);
	return rc;
}

void
markdown_drop(struct lesson *l)
{
	if (l->doc == NULL)
		return;
	cmark_node_free(cmark_node_get_user_data(l->doc));
	cmark_node_free(l->doc);
	l->doc = NULL;
}

char *
markdown_html(struct course *c, struct lesson *l)
{
	char	*html, *s;

	if (l->doc == NULL)
		return xstrdup("");
	html = cmark_render_html_with_mem(l->doc, cmark_opts(c), extensions(),
	    cmark_get_default_mem_allocator());
	s = xstrdup(html);
	cmark_get_default_mem_allocator()->free(html);
	markdown_drop(l);
	return s;
}

/* Where node n of a snippet written at src is in the lesson file. */
static struct pos
snippet_pos(const char *text, const struct mdsrc *src, cmark_node *n)
{
	struct pos	 p = { 0, 0 };
	size_t		 off = 0, k;
	int		 line = cmark_node_get_start_line(n);
	int		 col = cmark_node_get_start_column(n);

	for (; line > 1 && text[off] != '\0'; off++)
		if (text[off] == '\n')
			line--;
	/* Some inline nodes have no column: the line's start will do. */
	if (col > 1)
		off += (size_t)col - 1;
	for (k = src->n; k > 0 && src->v[k - 1].off > off; k--)
		;
	if (k > 0) {
		p = src->v[k - 1].pos;
		p.col += (int)(off - src->v[k - 1].off);
	}
	return p;
}

/*
 * Whether a snippet is one line of plain words that cmark-gfm would
 * turn into a single text node, unchanged: no byte any Markdown,
 * GFM-extension or smart-punctuation rule reacts to, no block marker
 * at the start, no autolink trigger, no space cmark would trim.  Most
 * quiz choices and feedback are such text; rendering them without a
 * parser (a parser costs more to make than to run on a short line) is
 * what markdown_fast allows.  The unit tests check that both ways give
 * the same bytes.
 */
int	markdown_fast = 1;

int
markdown_plain(const char *s)
{
	size_t	 i;

	if (!markdown_fast || s[0] == '\0' || s[0] == ' ')
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (isalnum(ch) || ch >= 0x80)
			continue;
		switch (ch) {
		case ' ':
			if (s[i + 1] == ' ' || s[i + 1] == '\0')
				return 0;
			continue;
		case '-':
			/* "--" is a dash; a leading "-" a list item. */
			if (i == 0 || s[i + 1] == '-')
				return 0;
			continue;
		case '.':
			if (s[i + 1] == '.')	/* an ellipsis */
				return 0;
			continue;
		case ',': case ';': case ':': case '?': case '(': case ')':
		case '/': case '%':
			continue;
		default:
			return 0;
		}
	}
	/* "1." or "2)" opens an ordered list. */
	for (i = 0; isdigit((unsigned char)s[i]); i++)
		;
	if (i > 0 && (s[i] == '.' || s[i] == ')'))
		return 0;
	/* The autolink extension's triggers. */
	for (i = 0; s[i] != '\0'; i++)
		if ((s[i] == ':' && strncmp(s + i, "://", 3) == 0) ||
		    ((s[i] == 'w' || s[i] == 'W') &&
		    strncasecmp(s + i, "www.", 4) == 0))
			return 0;
	return 1;
}

/* Parses a snippet of lesson l; with src, checks its links and raw HTML
 * (stage 3), else rewrites links quietly (stage 4).  *ok gets the
 * result. */
static cmark_node *
snippet_doc(struct course *c, struct lesson *l, const char *text,
    const struct mdsrc *src, int *ok)
{
	cmark_node	*doc, *n;
	cmark_iter	*it;
	cmark_event_type ev;
	cmark_node_type	 t;
	struct pos	 at = { 0, 0 };

	doc = parse(c, text);
	guillemets(c, doc);
	*ok = 1;
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		n = cmark_iter_get_node(it);
		t = cmark_node_get_type(n);
		if (src != NULL)
			at = snippet_pos(text, src, n);
		if ((t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) &&
		    !check_url(c, l, n, &at, src != NULL))
			*ok = 0;
		else if (src != NULL && !c->allow_html &&
		    (t == CMARK_NODE_HTML_BLOCK ||
		    t == CMARK_NODE_HTML_INLINE))
			msg(MSG_RAW_HTML, l->file, at.line, at.col, NULL);
	}
	cmark_iter_free(it);
	return doc;
}

int
markdown_snippet_check(struct course *c, struct lesson *l,
    const char *text, const struct mdsrc *src)
{
	int	 ok;

	if (markdown_plain(text))
		return 1;	/* no link, no HTML: nothing to check */
	cmark_node_free(snippet_doc(c, l, text, src, &ok));
	return ok;
}

char *
markdown_snippet(struct course *c, struct lesson *l, const char *text,
    int inl, char **plain)
{
	cmark_node	*doc;
	struct buf	 b = { NULL, 0, 0 };
	char		*html, *s;
	size_t		 len;
	int		 ok;

	if (markdown_plain(text)) {
		/* One text node: the guillemets pass is all that applies,
		 * and the text needs no escaping. */
		if (lang_is(c, "fr") || lang_is(c, "ar"))
			french_string(text, lang_is(c, "fr"), &b);
		else
			buf_puts(&b, text);
		if (plain != NULL)
			*plain = xstrdup(b.data);
		if (!inl) {
			s = xasprintf("<p>%s</p>", b.data);
			buf_free(&b);
			return s;
		}
		return buf_detach(&b);
	}
	doc = snippet_doc(c, l, text, NULL, &ok);
	if (plain != NULL) {
		node_text(doc, &b);
		*plain = buf_detach(&b);
	}
	html = cmark_render_html_with_mem(doc, cmark_opts(c), extensions(),
	    cmark_get_default_mem_allocator());
	cmark_node_free(doc);
	len = strlen(html);
	while (len > 0 && html[len - 1] == '\n')
		len--;
	/* One paragraph, used inline: drop its <p> wrapper. */
	if (inl && len >= 7 && strncmp(html, "<p>", 3) == 0 &&
	    strncmp(html + len - 4, "</p>", 4) == 0 &&
	    strstr(html + 3, "<p>") == NULL)
		s = xstrndup(html + 3, len - 7);
	else
		s = xstrndup(html, len);
	cmark_get_default_mem_allocator()->free(html);
	return s;
}
