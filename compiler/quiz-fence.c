/*
 * quiz-fence.c: the fence reader.  Finds ```quiz and ```scenario code
 * blocks in a parsed lesson and cuts their text into lines that know
 * their position in the lesson file, with the small readers both
 * parsers share (key: value, ids, numbers).  The syntax is ours
 * (docs/quiz-syntax.md), so no library reads it.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>

#include "util.h"
#include "courseware.h"
#include "extern.h"
#include "msg.h"
#include "quiz-int.h"

/* First word of the fence info string. */
static int
info_is(cmark_node *n, const char *w)
{
	const char	*info = cmark_node_get_fence_info(n);
	size_t		 len = strlen(w);

	return info != NULL && strncmp(info, w, len) == 0 &&
	    (info[len] == '\0' || isspace((unsigned char)info[len]));
}

enum fence
fence_kind(cmark_node *n)
{
	if (cmark_node_get_type(n) != CMARK_NODE_CODE_BLOCK)
		return FENCE_NONE;
	return info_is(n, "quiz") ? FENCE_QUIZ : info_is(n, "scenario") ?
	    FENCE_SCENARIO : FENCE_NONE;
}

size_t
fence_blocks(cmark_node *doc, cmark_node ***out)
{
	cmark_iter	*it;
	cmark_event_type ev;
	cmark_node	*n, **v = NULL;
	size_t		 nv = 0;

	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || fence_kind(n) == FENCE_NONE)
			continue;
		v = xreallocarray(v, nv + 1, sizeof(*v));
		v[nv++] = n;
	}
	cmark_iter_free(it);
	*out = v;
	return nv;
}

size_t
fence_lines(const char *text, struct pos first, struct qline **out)
{
	struct qline	*v = NULL;
	const char	*p = text, *e;
	size_t		 n = 0;
	int		 ind, line = first.line;

	while (*p != '\0') {
		if ((e = strchr(p, '\n')) == NULL)
			e = p + strlen(p);
		ind = 0;
		while (p < e && (*p == ' ' || *p == '\t')) {
			ind += *p == '\t' ? 4 : 1;
			p++;
		}
		v = xreallocarray(v, n + 1, sizeof(*v));
		v[n].s = p;
		v[n].len = (size_t)(e - p);
		while (v[n].len > 0 && isspace((unsigned char)p[v[n].len - 1]))
			v[n].len--;
		v[n].indent = ind;
		v[n].pos.line = line++;
		v[n].pos.col = first.col + ind;
		n++;
		p = *e ? e + 1 : e;
	}
	*out = v;
	return n;
}

int
ql_starts(const struct qline *l, const char *w)
{
	size_t	 n = strlen(w);

	return l->len >= n && strncmp(l->s, w, n) == 0;
}

char *
ql_trimmed(const char *s, size_t len)
{
	while (len > 0 && isspace((unsigned char)*s))
		s++, len--;
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	return xstrndup(s, len);
}

char *
ql_rest(const struct qline *l, size_t n, struct pos *at)
{
	size_t	 skip = 0;

	while (n + skip < l->len && isspace((unsigned char)l->s[n + skip]))
		skip++;
	if (at != NULL) {
		at->line = l->pos.line;
		at->col = l->pos.col + (int)(n + skip);
	}
	return ql_trimmed(l->s + n, l->len - n);
}

size_t
ql_keyval(const struct qline *l, char **val, struct pos *at)
{
	size_t	 i = 0, len;
	char	*v;

	while (i < l->len && (islower((unsigned char)l->s[i]) ||
	    l->s[i] == '-' || l->s[i] == '_'))
		i++;
	if (i == 0 || i >= l->len || l->s[i] != ':' ||
	    (i + 1 < l->len && l->s[i + 1] != ' '))
		return 0;
	*val = v = ql_rest(l, i + 1, at);
	/* title: "Quoted" means the text inside the quotes. */
	len = strlen(v);
	if ((v[0] == '"' || v[0] == '\'') && len >= 2 && v[len - 1] == v[0]) {
		memmove(v, v + 1, len - 2);
		v[len - 2] = '\0';
		if (at != NULL)
			at->col++;
	}
	return i;
}

int
ql_key_is(const struct qline *l, size_t klen, const char *k)
{
	return strlen(k) == klen && strncmp(l->s, k, klen) == 0;
}

void
ql_unknown_option(const struct lesson *l, const struct qline *ln,
    size_t klen, const char *what, const char *const *opts)
{
	struct buf	 list = { NULL, 0, 0 };
	const char	*near;
	char		*name;
	size_t		 n;

	name = xstrndup(ln->s, klen);
	msg(MSG_Q_OPTION, l->file, ln->pos.line, ln->pos.col, "'%s'", name);
	for (n = 0; opts[n] != NULL; n++)
		buf_printf(&list, "%s%s", n ? ", " : "", opts[n]);
	if ((near = closest(name, opts, n)) != NULL)
		msg_help("did you mean '%s'? %s options: %s", near, what,
		    list.data);
	else
		msg_help("%s options: %s", what, list.data);
	buf_free(&list);
	free(name);
}

int
ql_valid_id(const char *s)
{
	if (*s == '\0' || strlen(s) > 64)
		return 0;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
			return 0;
	return 1;
}

int
ql_bool(const char *v, int *out)
{
	if (strcmp(v, "true") == 0 || strcmp(v, "yes") == 0)
		*out = 1;
	else if (strcmp(v, "false") == 0 || strcmp(v, "no") == 0)
		*out = 0;
	else
		return 0;
	return 1;
}

int
ql_int(const char *v, long lo, long hi, int *out)
{
	char	*end;
	long	 n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (*v == '\0' || *end != '\0' || errno || n < lo || n > hi)
		return 0;
	*out = (int)n;
	return 1;
}

void
ql_src_add(struct mdsrc *src, size_t off, struct pos pos)
{
	src->v = xreallocarray(src->v, src->n + 1, sizeof(*src->v));
	src->v[src->n].off = off;
	src->v[src->n++].pos = pos;
}

void
ql_src_free(struct mdsrc *src)
{
	free(src->v);
	src->v = NULL;
	src->n = 0;
}

void
ql_append(char **field, struct mdsrc *src, const char *more,
    struct pos pos, const char *sep)
{
	char	*s;

	if (*field == NULL) {
		*field = xstrdup(more);
		if (src != NULL)
			ql_src_add(src, 0, pos);
		return;
	}
	if (src != NULL)
		ql_src_add(src, strlen(*field) + strlen(sep), pos);
	s = xasprintf("%s%s%s", *field, sep, more);
	free(*field);
	*field = s;
}

int
ql_claim_id(struct course *c, struct lesson *l, const char *id,
    struct pos p)
{
	const char	*other;

	if ((other = smap_get(&c->ids, id)) != NULL) {
		msg(MSG_DUP_ID, l->file, p.line, p.col, "'%s' is already "
		    "used at %s", id, other);
		return 0;
	}
	smap_put(&c->ids, id, xasprintf("%s:%d", l->file, p.line));
	return 1;
}

char *
ql_lesson_key(const struct lesson *l, const char *what, size_t nth)
{
	return l->module->slug[0] ? xasprintf("%s-%s-%s%zu",
	    l->module->slug, l->slug, what, nth) :
	    xasprintf("%s-%s%zu", l->slug, what, nth);
}

int
ql_check_md(struct course *c, struct lesson *l, const char *md,
    const struct mdsrc *src)
{
	return md == NULL || markdown_snippet_check(c, l, md, src);
}
