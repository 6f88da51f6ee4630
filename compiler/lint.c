/*
 * lint.c: stage 2b.  Finds the mistakes Markdown forgives silently but
 * learners would see: a misspelt block name (```quizz is just code), a
 * quiz or scenario fence never closed (it swallows the rest of the
 * file), a link or image path with a space (left as literal text), a
 * footnote reference without a definition (left as "[^x]"), and two
 * lessons with the same title.  Runs on the parsed tree and the source
 * lines it came from, before quiz.c takes the blocks.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark-gfm.h>

#include "util.h"
#include "courseware.h"
#include "extern.h"
#include "msg.h"

static const char *const block_names[] = { "quiz", "scenario" };

/* The source text split into lines (the lesson's text is the file with
 * its front matter blanked, so line numbers are the file's). */
struct lines {
	char	**v;	/* v[0] is line 1, without its newline */
	size_t	  n;	/* number of lines */
	unsigned char *code;	/* code[i]: line i+1 is inside a code block */
};

static void
lines_split(struct lines *ls, const char *text)
{
	const char	*s = text, *e;

	memset(ls, 0, sizeof(*ls));
	while (*s != '\0') {
		if ((e = strchr(s, '\n')) == NULL)
			e = s + strlen(s);
		ls->v = xreallocarray(ls->v, ls->n + 1, sizeof(*ls->v));
		ls->v[ls->n++] = xstrndup(s, (size_t)(e - s -
		    (e > s && e[-1] == '\r')));
		s = *e == '\n' ? e + 1 : e;
	}
	ls->code = xcalloc(ls->n + 1, 1);
}

static void
lines_free(struct lines *ls)
{
	size_t	 i;

	for (i = 0; i < ls->n; i++)
		free(ls->v[i]);
	free(ls->v);
	free(ls->code);
}

static const char *
line_at(const struct lines *ls, int line)
{
	return line >= 1 && (size_t)line <= ls->n ? ls->v[line - 1] : "";
}

/* The first word of a fence's info string; caller frees. */
static char *
info_word(cmark_node *n)
{
	const char	*info = cmark_node_get_fence_info(n);
	size_t		 len = 0;

	if (info == NULL)
		return xstrdup("");
	while (info[len] != '\0' && !isspace((unsigned char)info[len]))
		len++;
	return xstrndup(info, len);
}

/* Whether a source line closes a fence of len chars of ch. */
static int
closes_fence(const char *s, int len, char ch)
{
	int	 k = 0, n = 0;

	while (k < 3 && s[k] == ' ')
		k++;
	while (s[k + n] == ch)
		n++;
	if (n < len)
		return 0;
	for (s += k + n; *s == ' ' || *s == '\t'; s++)
		continue;
	return *s == '\0';
}

/*
 * Checks one fenced block: a name one typo away from quiz or scenario,
 * or a quiz/scenario block that runs to the end of the file.  An open
 * block is then renamed so that quiz.c does not report every swallowed
 * line again: the one error above names the cause.
 */
static int
lint_fence(struct lesson *l, const struct lines *ls, cmark_node *n)
{
	const char	*near, *src;
	char		*w, ch = '`';
	int		 len = 3, off = 0, line, col, end, k, rc = 1;

	if (!cmark_node_get_fenced(n, &len, &off, &ch))
		return 1;
	w = info_word(n);
	line = cmark_node_get_start_line(n);
	col = cmark_node_get_start_column(n);
	end = cmark_node_get_end_line(n);
	if (strcmp(w, "quiz") != 0 && strcmp(w, "scenario") != 0) {
		if (w[0] != '\0' && (near = closest(w, block_names, 2)) !=
		    NULL) {
			/* Point at the name after the fence characters. */
			src = line_at(ls, line);
			for (k = 0; src[k] == ' ' || src[k] == ch; k++)
				continue;
			msg(MSG_FENCE_NAME, l->file, line, k + 1,
			    "'%s' (the block is shown as code)", w);
			msg_help("did you mean '%c%c%c%s'?", ch, ch, ch, near);
			rc = 0;
		}
	} else if (cmark_node_parent(n) != NULL &&
	    cmark_node_get_type(cmark_node_parent(n)) ==
	    CMARK_NODE_DOCUMENT && (end <= line ||
	    !closes_fence(line_at(ls, end), len, ch))) {
		msg(MSG_FENCE_OPEN, l->file, line, col, "%.*s%s runs to "
		    "the end of the file", len, line_at(ls, line) +
		    strspn(line_at(ls, line), " "), w);
		msg_help("add a line %.*s after the %s's last line", len,
		    line_at(ls, line) + strspn(line_at(ls, line), " "), w);
		cmark_node_set_fence_info(n, "unclosed");
		rc = 0;
	}
	free(w);
	return rc;
}

/* Skips an inline code span starting at s[i] (a backtick run);
 * returns the index after it, or i + run if it is not closed. */
static size_t
skip_code_span(const char *s, size_t i)
{
	size_t	 run = 0, j, k;

	while (s[i + run] == '`')
		run++;
	for (j = i + run; s[j] != '\0'; j++) {
		if (s[j] != '`')
			continue;
		for (k = 0; s[j + k] == '`'; k++)
			continue;
		if (k == run)
			return j + k;
		j += k - 1;
	}
	return i + run;
}

/*
 * Checks "[text](dest)" and "![alt](dest)" written with a space in the
 * destination: CommonMark does not take them as a link or an image and
 * the reader sees the brackets.  A space before a "title" is fine.
 */
static int
lint_spaces(struct lesson *l, const char *s, size_t from, int line)
{
	size_t	 i, j, open;
	int	 rc = 1, depth;
	const char *sp;

	for (i = from; s[i] != '\0'; i++) {
		if (s[i] == '`') {
			i = skip_code_span(s, i) - 1;
			continue;
		}
		if (s[i] != ']' || s[i + 1] != '(' || s[i + 2] == '<')
			continue;
		for (open = i; open > from && s[open] != '['; open--)
			continue;
		if (s[open] != '[')
			continue;
		depth = 1;
		for (j = i + 2; s[j] != '\0'; j++)
			if (s[j] == '(')
				depth++;
			else if (s[j] == ')' && --depth == 0)
				break;
		if (s[j] != ')')
			continue;
		sp = memchr(s + i + 2, ' ', j - i - 2);
		if (sp == NULL || sp == s + i + 2)
			continue;
		while (*sp == ' ')
			sp++;
		if (*sp == '"' || *sp == '\'' || *sp == '(' || sp == s + j)
			continue;
		if (open > 0 && s[open - 1] == '!')
			open--;
		msg(MSG_SPACE_IN_PATH, l->file, line, (int)open + 1,
		    "%s '%.*s'", s[open] == '!' ? "image" : "link",
		    (int)(j - i - 2), s + i + 2);
		msg_help("write each space as %%20, or put the path in "
		    "<angle brackets>");
		rc = 0;
		i = j;
	}
	return rc;
}

/* Adds the positions of the footnote references "[^x]" of a line to
 * *pos, skipping code spans. */
static void
footnote_refs(const char *s, size_t from, int line, struct pos **pos,
    size_t *n)
{
	size_t	 i, j;

	for (i = from; s[i] != '\0'; i++) {
		if (s[i] == '`') {
			i = skip_code_span(s, i) - 1;
			continue;
		}
		if (s[i] != '[' || s[i + 1] != '^')
			continue;
		for (j = i + 2; s[j] != '\0' && s[j] != ']' && s[j] != ' ' &&
		    s[j] != '['; j++)
			continue;
		if (s[j] != ']' || j == i + 2)
			continue;
		*pos = xreallocarray(*pos, *n + 1, sizeof(**pos));
		(*pos)[(*n)++] = (struct pos){ line, (int)i + 1 };
		i = j;
	}
}

/* The label of a "[^label]:" definition line, lowercased; NULL if the
 * line is not one.  Caller frees. */
static char *
footnote_def(const char *s)
{
	size_t	 k = 0, j;
	char	*label, *p;

	while (k < 3 && s[k] == ' ')
		k++;
	if (s[k] != '[' || s[k + 1] != '^')
		return NULL;
	for (j = k + 2; s[j] != '\0' && s[j] != ']'; j++)
		continue;
	if (s[j] != ']' || s[j + 1] != ':' || j == k + 2)
		return NULL;
	label = xstrndup(s + k + 2, j - k - 2);
	for (p = label; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	return label;
}

/* Reports footnote references that no "[^label]:" line defines. */
static int
lint_footnotes(struct lesson *l, const struct lines *ls, int *firstcol)
{
	struct smap	 defs = { NULL, 0, 0 };
	struct pos	*pos = NULL;
	const char	**cands = NULL, *near;
	char		*label, *lc, *p;
	size_t		 i, n = 0, ndefs = 0, k;
	int		 rc = 1;

	for (i = 0; i < ls->n; i++) {
		if (ls->code[i] || (label = footnote_def(ls->v[i])) == NULL)
			continue;
		if (smap_put(&defs, label, l) == NULL) {
			cands = xreallocarray(cands, ndefs + 1,
			    sizeof(*cands));
			cands[ndefs++] = label;	/* owned by cands */
		} else
			free(label);
	}
	for (i = 0; i < ls->n; i++)
		if (!ls->code[i] && firstcol[i] > 0)
			footnote_refs(ls->v[i], (size_t)firstcol[i] - 1,
			    (int)i + 1, &pos, &n);
	for (i = 0; i < n; i++) {
		/* Labels match without regard to case, as cmark's do. */
		label = xstrndup(ls->v[pos[i].line - 1] + pos[i].col + 1,
		    strcspn(ls->v[pos[i].line - 1] + pos[i].col + 1, "]"));
		lc = xstrdup(label);
		for (p = lc; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
		if (smap_get(&defs, lc) == NULL) {
			msg(MSG_FOOTNOTE, l->file, pos[i].line, pos[i].col,
			    "[^%s] (shown as text)", label);
			if ((near = closest(lc, cands, ndefs)) != NULL)
				msg_help("did you mean [^%s]?", near);
			else
				msg_help("add a line '[^%s]: the note' to the "
				    "lesson", label);
			rc = 0;
		}
		free(lc);
		free(label);
	}
	for (k = 0; k < ndefs; k++)
		free((char *)cands[k]);
	free(cands);
	free(pos);
	smap_free(&defs);
	return rc;
}

int
lint_lesson(struct course *c, struct lesson *l)
{
	struct lines	 ls;
	cmark_iter	*it;
	cmark_event_type ev;
	cmark_node	*n;
	cmark_node_type	 t;
	int		*firstcol, line, end, i, rc = 1;

	(void)c;
	if (l->doc == NULL)
		return 1;
	lines_split(&ls, l->text);
	/* firstcol[i]: where inline text starts on line i+1, 0 if none. */
	firstcol = xcalloc(ls.n + 1, sizeof(*firstcol));
	it = cmark_iter_new(l->doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		n = cmark_iter_get_node(it);
		t = cmark_node_get_type(n);
		line = cmark_node_get_start_line(n);
		end = cmark_node_get_end_line(n);
		if (t == CMARK_NODE_CODE_BLOCK || t == CMARK_NODE_HTML_BLOCK)
			for (i = line; i <= end && (size_t)i <= ls.n; i++)
				ls.code[i - 1] = 1;
		if (t == CMARK_NODE_CODE_BLOCK && !lint_fence(l, &ls, n))
			rc = 0;
		if (t != CMARK_NODE_PARAGRAPH && t != CMARK_NODE_HEADING)
			continue;
		for (i = line; i <= end && (size_t)i <= ls.n; i++)
			firstcol[i - 1] = i == line ?
			    cmark_node_get_start_column(n) : 1;
	}
	cmark_iter_free(it);
	for (i = 1; (size_t)i <= ls.n; i++)
		if (!ls.code[i - 1] && firstcol[i - 1] > 0 &&
		    !lint_spaces(l, ls.v[i - 1],
		    (size_t)firstcol[i - 1] - 1, i))
			rc = 0;
	if (!lint_footnotes(l, &ls, firstcol))
		rc = 0;
	free(firstcol);
	lines_free(&ls);
	return rc;
}

void
lint_course(struct course *c)
{
	struct smap	 titles = { NULL, 0, 0 };
	struct lesson	*l, *other;
	size_t		 i;
	char		*where;

	for (i = 0; i < c->nlessons; i++) {
		l = c->lessons[i];
		if (l->title == NULL || l->title[0] == '\0')
			continue;
		if ((other = smap_put(&titles, l->title, l)) == NULL)
			continue;
		smap_put(&titles, l->title, other);
		where = other->title_pos.line > 0 ? xasprintf("%s:%d",
		    other->file, other->title_pos.line) :
		    xstrdup(other->file);
		msg(MSG_DUP_TITLE, l->file, l->title_pos.line,
		    l->title_pos.col, "'%s' is also the title of %s",
		    l->title, where);
		free(where);
		msg_help("give each lesson its own title: the outline and "
		    "the browser tab show it");
	}
	smap_free(&titles);
}

/* The "did you mean" help for a name among cands; notes when only the
 * case differs, since file names are case-sensitive on the web too. */
static const char *
help_closest(const char *name, const char *const *cands, size_t n)
{
	const char	*near;

	if ((near = closest(name, cands, n)) == NULL)
		return NULL;
	if (strcasecmp(near, name) == 0)
		msg_help("did you mean '%s'? File names are case-sensitive",
		    near);
	else
		msg_help("did you mean '%s'?", near);
	return near;
}

void
lint_help_lesson(const struct course *c, const struct lesson *l,
    const char *path)
{
	const char	**cands;
	char		**rel;
	size_t		 i;

	cands = xcalloc(c->nlessons, sizeof(*cands));
	rel = xcalloc(c->nlessons, sizeof(*rel));
	for (i = 0; i < c->nlessons; i++)
		cands[i] = rel[i] = path_relative(l->src, c->lessons[i]->src);
	help_closest(path, cands, c->nlessons);
	for (i = 0; i < c->nlessons; i++)
		free(rel[i]);
	free(rel);
	free(cands);
}

void
lint_help_file(const struct course *c, const char *norm, const char *path)
{
	struct dirent	**ents;
	const char	**cands;
	char		*dir, *full, *base, *want;
	int		 n, i;

	dir = path_dir(norm);
	full = path_join(c->dir, dir);
	if ((n = scandir(full, &ents, NULL, alphasort)) == -1) {
		free(dir);
		free(full);
		return;
	}
	cands = xcalloc((size_t)n, sizeof(*cands));
	for (i = 0; i < n; i++)
		cands[i] = ents[i]->d_name[0] == '.' ? NULL : ents[i]->d_name;
	/* Suggest in the author's own spelling of the folder. */
	base = strrchr(norm, '/') ? strrchr(norm, '/') + 1 : (char *)norm;
	if (closest(base, cands, (size_t)n) != NULL) {
		want = xasprintf("%.*s%s", (int)(strlen(path) -
		    strlen(strrchr(path, '/') ? strrchr(path, '/') + 1 :
		    path)), path, closest(base, cands, (size_t)n));
		cands[0] = want;
		help_closest(path, cands, 1);
		free(want);
	}
	for (i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	free(cands);
	free(dir);
	free(full);
}

const char *
lint_help_name(const char *name, const char *const *cands, size_t n)
{
	return help_closest(name, cands, n);
}
