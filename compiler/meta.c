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

yaml_node_t *
ydoc_load(struct ydoc *y, const char *file, int line0,
    const char *text, size_t len)
{
	yaml_parser_t	 p;
	yaml_node_t	*root;

	memset(y, 0, sizeof(*y));
	y->file = file;
	y->line0 = line0;
	if (!yaml_parser_initialize(&p)) {
		msg_sys("cannot initialise the YAML parser");
		return NULL;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	if (!yaml_parser_load(&p, &y->doc)) {
		if (p.context != NULL)
			msg(MSG_YAML, file, (int)p.problem_mark.line + 1 + line0,
			    (int)p.problem_mark.column + 1, "%s %s started at "
			    "line %d, column %d", p.problem ? p.problem :
			    "syntax error", p.context,
			    (int)p.context_mark.line + 1 + line0,
			    (int)p.context_mark.column + 1);
		else
			msg(MSG_YAML, file, (int)p.problem_mark.line + 1 + line0,
			    (int)p.problem_mark.column + 1, "%s",
			    p.problem ? p.problem : "syntax error");
		yaml_parser_delete(&p);
		return NULL;
	}
	yaml_parser_delete(&p);
	y->loaded = 1;
	if ((root = yaml_document_get_root_node(&y->doc)) == NULL)
		return NULL;
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

void
y_check_keys(struct ydoc *y, yaml_node_t *map, const char *const *allowed)
{
	yaml_node_pair_t	*pr;
	yaml_node_t		*k;
	size_t			 i;

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
		if (allowed[i] == NULL)
			msg(MSG_UNKNOWN_KEY, y->file, y_line(y, k),
			    y_col(y, k), "%s", k->data.scalar.value);
	}
}

char *
y_str(struct ydoc *y, yaml_node_t *n, const char *key)
{
	if (n == NULL)
		return NULL;
	if (n->type != YAML_SCALAR_NODE) {
		msg(MSG_YAML_TYPE, y->file, y_line(y, n), y_col(y, n),
		    "%s: expected text", key);
		return NULL;
	}
	return xstrndup((char *)n->data.scalar.value,
	    n->data.scalar.length);
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
