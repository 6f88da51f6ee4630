/*
 * meta.c: YAML helpers on top of libyaml's document loader.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "meta.h"
#include "msg.h"
#include "util.h"
#include "safepath.h"

/*
 * Walks the events of text once, before loading it, and refuses nesting
 * deeper than SP_MAX_DEPTH: libyaml's loader has no such limit and takes
 * seconds, then the stack, on "[[[[...".  Syntax errors are left to the
 * loader, which reports them.  Returns 1 ok, 0 after reporting.
 */
static int
depth_ok(const char *file, int line0, const char *text, size_t len)
{
	yaml_parser_t	 p;
	yaml_event_t	 ev;
	int		 depth = 0, ok = 1, done = 0;

	if (!yaml_parser_initialize(&p))
		return 1;
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	while (!done && yaml_parser_parse(&p, &ev)) {
		switch (ev.type) {
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (++depth > SP_MAX_DEPTH) {
				msg(MSG_TOO_DEEP, file,
				    (int)ev.start_mark.line + 1 + line0,
				    (int)ev.start_mark.column + 1, "YAML "
				    "nested more than %d levels deep",
				    SP_MAX_DEPTH);
				ok = 0;
				done = 1;
			}
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return ok;
}

/*
 * Reports keys given twice in any mapping: libyaml keeps both and a
 * lookup would silently take the first.  seen marks nodes already
 * walked, since aliases share them.
 */
static void
dup_keys(struct ydoc *y, yaml_node_t *n, unsigned char *seen)
{
	yaml_node_pair_t	*pr, *q;
	yaml_node_item_t	*it;
	yaml_node_t		*k, *k2;
	int			 id;

	id = (int)(n - y->doc.nodes.start);
	if (seen[id])
		return;
	seen[id] = 1;
	if (n->type == YAML_SEQUENCE_NODE)
		for (it = n->data.sequence.items.start;
		    it < n->data.sequence.items.top; it++)
			dup_keys(y, yaml_document_get_node(&y->doc, *it),
			    seen);
	if (n->type != YAML_MAPPING_NODE)
		return;
	for (pr = n->data.mapping.pairs.start;
	    pr < n->data.mapping.pairs.top; pr++) {
		dup_keys(y, yaml_document_get_node(&y->doc, pr->value),
		    seen);
		k = yaml_document_get_node(&y->doc, pr->key);
		if (k == NULL || k->type != YAML_SCALAR_NODE)
			continue;
		/* Mappings hold a few dozen keys: pairs are cheap. */
		for (q = n->data.mapping.pairs.start; q < pr; q++) {
			k2 = yaml_document_get_node(&y->doc, q->key);
			if (k2 != NULL && k2->type == YAML_SCALAR_NODE &&
			    k2->data.scalar.length == k->data.scalar.length &&
			    memcmp(k2->data.scalar.value, k->data.scalar.value,
			    k->data.scalar.length) == 0) {
				msg(MSG_DUP_KEY, y->file, y_line(y, k),
				    y_col(y, k), "%s (first given at line %d)",
				    (char *)k->data.scalar.value,
				    y_line(y, k2));
				break;
			}
		}
	}
}

/* Start of line n (0-based) of text, or NULL. */
static const char *
line_start(const char *text, size_t len, size_t n)
{
	const char	*s = text, *end = text + len;

	while (n-- > 0) {
		if ((s = memchr(s, '\n', (size_t)(end - s))) == NULL)
			return NULL;
		s++;
	}
	return s;
}

/* Leading spaces of the line at s. */
static size_t
indent_of(const char *s, const char *end)
{
	size_t	 n = 0;

	while (s + n < end && s[n] == ' ')
		n++;
	return n;
}

/*
 * Reports a libyaml syntax error in plain words: what YAML needs and
 * how to fix it, rather than the parser's state.  The position stays
 * the one libyaml gives.
 */
static void
yaml_error(struct ydoc *y, const yaml_parser_t *p, const char *text,
    size_t len)
{
	const char	*ln, *prev, *end = text + len, *s;
	size_t		 line = p->problem_mark.line;
	int		 l = (int)line + 1 + y->line0;
	int		 c = (int)p->problem_mark.column + 1;
	const char	*problem = p->problem ? p->problem : "syntax error";

	ln = line_start(text, len, line);
	/* A tab where indentation goes, on the line libyaml stopped at. */
	if (ln != NULL && (s = ln + indent_of(ln, end)) < end &&
	    *s == '\t') {
		msg(MSG_YAML, y->file, l, (int)(s - ln) + 1,
		    "YAML does not allow tabs; indent with spaces");
		msg_help("replace the tab at the start of this line with "
		    "spaces, lined up with the lines around it");
		return;
	}
	if (strstr(problem, "mapping values are not allowed") != NULL) {
		prev = line > 0 ? line_start(text, len, line - 1) : NULL;
		if (prev != NULL && ln != NULL &&
		    indent_of(ln, end) > indent_of(prev, end)) {
			msg(MSG_YAML, y->file, l, (int)indent_of(ln, end) + 1,
			    "bad indentation: this line is indented more "
			    "than the one above, which already has a value");
			msg_help("start it in the same column as the key "
			    "above it");
		} else {
			msg(MSG_YAML, y->file, l, c, "a ': ' inside a value "
			    "reads as a new key");
			msg_help("put the whole value in double quotes");
		}
		return;
	}
	if (strstr(problem, "did not find expected key") != NULL ||
	    strstr(problem, "did not find expected '-'") != NULL) {
		/* YAML nests by indentation: a line further left or right
		 * than its siblings belongs nowhere. */
		if (ln != NULL && ln[indent_of(ln, end)] == '-') {
			msg(MSG_YAML, y->file, l, c, "bad indentation: this "
			    "list item does not line up with the items above "
			    "it");
			msg_help("indent its '-' exactly like the other items "
			    "of the list");
		} else {
			msg(MSG_YAML, y->file, l, c, "bad indentation: this "
			    "line does not line up with the keys above it");
			msg_help("indent it exactly like the key or list item "
			    "it belongs with");
		}
		return;
	}
	if (strstr(problem, "found unexpected end of stream") != NULL ||
	    strstr(problem, "found unknown escape") != NULL ||
	    strstr(problem, "did not find expected") != NULL) {
		msg(MSG_YAML, y->file, l, c, "%s (a quote or bracket "
		    "opened at line %d is not closed)", problem,
		    (int)p->context_mark.line + 1 + y->line0);
		msg_help("close the quote or bracket, or drop it");
		return;
	}
	if (p->context != NULL)
		msg(MSG_YAML, y->file, l, c, "%s %s started at line %d, "
		    "column %d", problem, p->context,
		    (int)p->context_mark.line + 1 + y->line0,
		    (int)p->context_mark.column + 1);
	else
		msg(MSG_YAML, y->file, l, c, "%s", problem);
}

/*
 * A plain value that continues on a line starting with "- " was meant
 * as two list items: the second "-" is indented further than the first,
 * so YAML folded it into the first item's text.  Nothing else catches
 * this: the document is valid.
 */
static void
merged_items(struct ydoc *y, const char *text, size_t len)
{
	yaml_node_t	*n;
	const char	*ln, *end = text + len;
	size_t		 i, k;

	for (n = y->doc.nodes.start; n < y->doc.nodes.top; n++) {
		if (n->type != YAML_SCALAR_NODE ||
		    n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
		    n->end_mark.line <= n->start_mark.line)
			continue;
		for (i = n->start_mark.line + 1; i <= n->end_mark.line; i++) {
			if ((ln = line_start(text, len, i)) == NULL)
				break;
			k = indent_of(ln, end);
			if (ln + k + 1 < end && ln[k] == '-' &&
			    (ln[k + 1] == ' ' || ln[k + 1] == '\n')) {
				msg(MSG_YAML_MERGED, y->file,
				    (int)i + 1 + y->line0, (int)k + 1,
				    "'%s' is read as one item", (char *)
				    n->data.scalar.value);
				msg_help("indent this '-' like the one on line "
				    "%d, to make it an item of its own",
				    y_line(y, n));
				break;
			}
		}
	}
}

yaml_node_t *
ydoc_load(struct ydoc *y, const char *file, int line0,
    const char *text, size_t len)
{
	yaml_parser_t	 p;
	yaml_node_t	*root;

	memset(y, 0, sizeof(*y));
	y->file = file;
	y->line0 = line0;
	if (!depth_ok(file, line0, text, len))
		return NULL;
	if (!yaml_parser_initialize(&p)) {
		msg_sys("cannot initialise the YAML parser");
		return NULL;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	if (!yaml_parser_load(&p, &y->doc)) {
		yaml_error(y, &p, text, len);
		yaml_parser_delete(&p);
		return NULL;
	}
	yaml_parser_delete(&p);
	y->loaded = 1;
	merged_items(y, text, len);
	if ((root = yaml_document_get_root_node(&y->doc)) == NULL)
		return NULL;
	{
		unsigned char	*seen;

		seen = xcalloc((size_t)(y->doc.nodes.top -
		    y->doc.nodes.start) + 1, 1);
		dup_keys(y, root, seen);
		free(seen);
	}
	/* A lone empty scalar is what an all-comment file loads as. */
	if (root->type == YAML_SCALAR_NODE && root->data.scalar.length == 0)
		return NULL;
	if (root->type != YAML_MAPPING_NODE) {
		msg(MSG_YAML_TYPE, file, y_line(y, root), y_col(y, root),
		    "expected a mapping of keys to values");
		return NULL;
	}
	return root;
}

void
ydoc_free(struct ydoc *y)
{
	if (y->loaded)
		yaml_document_delete(&y->doc);
	y->loaded = 0;
}

int
y_line(const struct ydoc *y, const yaml_node_t *n)
{
	return (int)n->start_mark.line + 1 + y->line0;
}

int
y_col(const struct ydoc *y, const yaml_node_t *n)
{
	(void)y;	/* columns need no offset; kept for symmetry */
	return (int)n->start_mark.column + 1;
}

yaml_node_t *
y_get(struct ydoc *y, yaml_node_t *map, const char *key)
{
	yaml_node_pair_t	*pr;
	yaml_node_t		*k;

	if (map == NULL)
		return NULL;
	for (pr = map->data.mapping.pairs.start;
	    pr < map->data.mapping.pairs.top; pr++) {
		k = yaml_document_get_node(&y->doc, pr->key);
		if (k != NULL && k->type == YAML_SCALAR_NODE &&
		    strcmp((char *)k->data.scalar.value, key) == 0)
			return yaml_document_get_node(&y->doc, pr->value);
	}
	return NULL;
}

/* "a, b, c" from a NULL-terminated list; caller frees. */
static char *
keys_list(const char *const *v)
{
	struct buf	 b = { NULL, 0, 0 };
	size_t		 i;

	for (i = 0; v[i] != NULL; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", v[i]);
	return buf_detach(&b);
}

void
y_check_keys(struct ydoc *y, yaml_node_t *map, const char *const *allowed)
{
	yaml_node_pair_t	*pr;
	yaml_node_t		*k;
	size_t			 i;
	const char		*near;
	char			*list = NULL;

	if (map == NULL)
		return;
	for (pr = map->data.mapping.pairs.start;
	    pr < map->data.mapping.pairs.top; pr++) {
		k = yaml_document_get_node(&y->doc, pr->key);
		if (k == NULL || k->type != YAML_SCALAR_NODE) {
			if (k != NULL)
				msg(MSG_YAML_TYPE, y->file, y_line(y, k),
				    y_col(y, k), "keys must be plain text");
			continue;
		}
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp((char *)k->data.scalar.value,
			    allowed[i]) == 0)
				break;
		if (allowed[i] == NULL) {
			msg(MSG_UNKNOWN_KEY, y->file, y_line(y, k),
			    y_col(y, k), "%s", k->data.scalar.value);
			for (i = 0; allowed[i] != NULL; i++)
				continue;
			if ((near = closest((char *)k->data.scalar.value,
			    allowed, i)) != NULL)
				msg_help("did you mean '%s'?", near);
			else
				msg_help("known keys here: %s", list =
				    keys_list(allowed));
			free(list);
			list = NULL;
		}
	}
}

char *
y_str(struct ydoc *y, yaml_node_t *n, const char *key)
{
	char	*s;
	size_t	 i, j, removed;

	if (n == NULL)
		return NULL;
	if (n->type != YAML_SCALAR_NODE) {
		msg(MSG_YAML_TYPE, y->file, y_line(y, n), y_col(y, n),
		    "%s: expected text", key);
		return NULL;
	}
	/*
	 * Escapes such as "\x01" or "\0" give control characters, which
	 * no title needs and XML (the manifests) does not allow.
	 */
	s = xstrndup((char *)n->data.scalar.value, n->data.scalar.length);
	for (i = j = 0; i < n->data.scalar.length; i++)
		if (s[i] != '\0')
			s[j++] = s[i];
	s[j] = '\0';
	removed = (i - j) + sp_strip_controls(s);
	if (removed > 0)
		msg(MSG_CONTROL_CHAR, y->file, y_line(y, n), y_col(y, n),
		    "%s: %zu removed", key, removed);
	return s;
}

size_t
y_strlist(struct ydoc *y, yaml_node_t *n, const char *key, char ***out,
    yaml_node_t ***nodes)
{
	yaml_node_item_t	*it;
	yaml_node_t		*e;
	size_t			 cnt = 0;
	char			*s;

	*out = NULL;
	if (nodes != NULL)
		*nodes = NULL;
	if (n == NULL)
		return 0;
	if (n->type == YAML_SCALAR_NODE) {
		*out = xcalloc(1, sizeof(char *));
		(*out)[0] = y_str(y, n, key);
		if (nodes != NULL) {
			*nodes = xcalloc(1, sizeof(yaml_node_t *));
			(*nodes)[0] = n;
		}
		return 1;
	}
	if (n->type != YAML_SEQUENCE_NODE) {
		msg(MSG_YAML_TYPE, y->file, y_line(y, n), y_col(y, n),
		    "%s: expected a list", key);
		return 0;
	}
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		e = yaml_document_get_node(&y->doc, *it);
		if (e == NULL || (s = y_str(y, e, key)) == NULL)
			continue;
		*out = xreallocarray(*out, cnt + 1, sizeof(char *));
		(*out)[cnt] = s;
		if (nodes != NULL) {
			*nodes = xreallocarray(*nodes, cnt + 1,
			    sizeof(yaml_node_t *));
			(*nodes)[cnt] = e;
		}
		cnt++;
	}
	return cnt;
}

void
y_each_text(struct ydoc *y, yaml_node_t *map,
    void (*fn)(void *, const char *, char *), void *arg)
{
	yaml_node_pair_t	*pr;
	yaml_node_t		*k, *v;
	char			*s;

	for (pr = map->data.mapping.pairs.start;
	    pr < map->data.mapping.pairs.top; pr++) {
		k = yaml_document_get_node(&y->doc, pr->key);
		v = yaml_document_get_node(&y->doc, pr->value);
		if (k == NULL || v == NULL || k->type != YAML_SCALAR_NODE)
			continue;
		if ((s = y_str(y, v, (char *)k->data.scalar.value)) != NULL)
			fn(arg, (char *)k->data.scalar.value, s);
	}
}

int
y_bool(struct ydoc *y, yaml_node_t *n, const char *key)
{
	const char	*v;

	if (n == NULL || n->type != YAML_SCALAR_NODE)
		goto bad;
	v = (const char *)n->data.scalar.value;
	if (strcasecmp(v, "true") == 0 || strcasecmp(v, "yes") == 0 ||
	    strcasecmp(v, "on") == 0)
		return 1;
	if (strcasecmp(v, "false") == 0 || strcasecmp(v, "no") == 0 ||
	    strcasecmp(v, "off") == 0)
		return 0;
bad:
	if (n != NULL)
		msg(MSG_YAML_TYPE, y->file, y_line(y, n), y_col(y, n),
		    "%s: expected true or false", key);
	return -1;
}

int
y_int(struct ydoc *y, yaml_node_t *n, const char *key, long lo, long hi,
    long *out)
{
	const char	*v;
	char		*end;
	long		 val;

	if (n->type != YAML_SCALAR_NODE)
		goto bad;
	v = (const char *)n->data.scalar.value;
	errno = 0;
	val = strtol(v, &end, 10);
	if (*v == '\0' || *end != '\0' || errno != 0)
		goto bad;
	if (val < lo || val > hi) {
		msg(MSG_BAD_VALUE, y->file, y_line(y, n), y_col(y, n),
		    "%s: %ld is outside %ld..%ld", key, val, lo, hi);
		return 0;
	}
	*out = val;
	return 1;
bad:
	msg(MSG_YAML_TYPE, y->file, y_line(y, n), y_col(y, n),
	    "%s: expected a whole number", key);
	return 0;
}
