/*
 * theme.c: template values, the template parser and renderer, and
 * theme strings.  Written by hand: the template engines Debian packages
 * for C (e.g. ctemplate, mustach) either lack a named escaper at each
 * substitution or give no source positions for errors, and both matter
 * here.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <pthread.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "escape.h"
#include "meta.h"
#include "msg.h"
#include "safepath.h"
#include "theme.h"

/* Nodes one page may render and bytes it may produce: the largest
 * sample page renders 839 nodes and a lesson of 20,000 headings about
 * 140,000 (its table of contents), so this leaves room for courses of
 * thousands of lessons, and stops "#each" nested over lists (2^63
 * rounds) within a second or two. */
#define RENDER_MAX_NODES	(1ul << 19)
#define RENDER_MAX_BYTES	(64ul << 20)
/* --- values ----------------------------------------------------- */

static const struct tval *tv_deref(const struct tval *);

static struct tval *
tv_new(enum tvtype t)
{
	struct tval	*v;

	v = xcalloc(1, sizeof(*v));
	v->type = t;
	return v;
}

struct tval *
tv_null(void)
{
	return tv_new(TV_NULL);
}

struct tval *
tv_str(const char *s)
{
	return s == NULL ? tv_null() : tv_strown(xstrdup(s));
}

struct tval *
tv_strown(char *s)
{
	struct tval	*v;

	if (s == NULL)
		return tv_null();
	v = tv_new(TV_STR);
	v->str = s;
	return v;
}

struct tval *
tv_num(long n)
{
	return tv_strown(xasprintf("%ld", n));
}

struct tval *
tv_bool(int b)
{
	struct tval	*v;

	v = tv_new(TV_BOOL);
	v->b = b != 0;
	return v;
}

struct tval *
tv_list(void)
{
	return tv_new(TV_LIST);
}

struct tval *
tv_obj(void)
{
	return tv_new(TV_OBJ);
}

struct tval *
tv_ref(const struct tval *target)
{
	struct tval	*v;

	v = tv_new(TV_REF);
	v->ref = target;
	return v;
}

void
tv_push(struct tval *list, struct tval *v)
{
	list->items = xgrow(list->items, list->n, sizeof(*list->items));
	list->items[list->n++] = v;
}

/* Adds key, which obj does not hold yet.  Both arrays grow as
 * tv_push's does: every object is built through here. */
static inline void
tv_add(struct tval *obj, const char *key, struct tval *v)
{
	obj->items = xgrow(obj->items, obj->n, sizeof(*obj->items));
	obj->keys = xgrow(obj->keys, obj->n, sizeof(*obj->keys));
	obj->keys[obj->n] = xstrdup(key);
	obj->items[obj->n++] = v;
}

void
tv_set(struct tval *obj, const char *key, struct tval *v)
{
	size_t	 i;

	for (i = 0; i < obj->n; i++)
		if (strcmp(obj->keys[i], key) == 0) {
			tv_free(obj->items[i]);
			obj->items[i] = v;
			return;
		}
	tv_add(obj, key, v);
}

static const struct tval *
tv_deref(const struct tval *v)
{
	while (v != NULL && v->type == TV_REF)
		v = v->ref;
	return v;
}

struct tval *
tv_with(const struct tval *obj, const char *key, struct tval *v)
{
	struct tval	*o;
	size_t		 i;

	o = tv_obj();
	obj = tv_deref(obj);
	for (i = 0; obj != NULL && i < obj->n; i++)
		if (strcmp(obj->keys[i], key) != 0)
			tv_set(o, obj->keys[i], tv_ref(obj->items[i]));
	tv_set(o, key, v);
	return o;
}

const struct tval *
tv_get(const struct tval *obj, const char *key)
{
	size_t	 i;

	obj = tv_deref(obj);
	if (obj == NULL || obj->type != TV_OBJ)
		return NULL;
	/* Objects hold a dozen keys at most: a scan beats hashing. */
	for (i = 0; i < obj->n; i++)
		if (strcmp(obj->keys[i], key) == 0)
			return tv_deref(obj->items[i]);
	return NULL;
}

void
tv_free(struct tval *v)
{
	size_t	 i;

	if (v == NULL)
		return;
	if (v->type == TV_LIST || v->type == TV_OBJ)
		for (i = 0; i < v->n; i++) {
			tv_free(v->items[i]);
			if (v->keys != NULL)
				free(v->keys[i]);
		}
	free(v->items);
	free(v->keys);
	free(v->str);
	free(v);
}

static int
tv_truthy(const struct tval *v)
{
	v = tv_deref(v);
	if (v == NULL)
		return 0;
	switch (v->type) {
	case TV_STR:
		return v->str[0] != '\0';
	case TV_BOOL:
		return v->b;
	case TV_LIST:
		return v->n > 0;
	case TV_OBJ:
		return 1;
	default:
		return 0;
	}
}

/* --- templates -------------------------------------------------- */

enum esc { ESC_HTML, ESC_ATTR, ESC_URL, ESC_JSON, ESC_RAW };

static const char *const escnames[] = { "html", "attr", "url", "json",
	"raw", NULL };

enum tntype { TN_TEXT, TN_VAR, TN_IF, TN_UNLESS, TN_EACH, TN_PARTIAL };

struct tmpl;

struct tnode {
	enum tntype	 type;		/* kind of node */
	const char	*text;		/* TN_TEXT: into the template source */
	size_t		 len;		/* TN_TEXT: bytes */
	char		**path;		/* variable path, split on '.' */
	size_t		 npath;		/* path segments */
	enum esc	 esc;		/* TN_VAR: escaper */
	struct tnode	*body;		/* block body */
	size_t		 nbody;		/* nodes in body */
	struct tnode	*alt;		/* {{else}} part */
	size_t		 nalt;		/* nodes in alt */
	struct tmpl	*partial;	/* TN_PARTIAL: the included template */
	int		 line;		/* position of the tag */
	int		 col;
};

struct tmpl {
	int		 loading;	/* being parsed: a partial cycle */
	char		*file;		/* path, for messages */
	char		*src;		/* template text, owned */
	struct tnode	*nodes;		/* top-level nodes */
	size_t		 n;		/* number of nodes */
};

/* One theme folder of a theme and the themes it extends. */
struct tlayer {
	char		*dir;		/* the folder */
	struct sproot	 root;		/* where its reads must stay */
};

struct theme {
	char		*dir;		/* theme folder (layers[0].dir) */
	struct tlayer	 layers[THEME_MAX_CHAIN]; /* lookup order */
	size_t		 nlayers;	/* layers in use */
	pthread_mutex_t	 slock;		/* guards the two maps below */
	struct smap	 strings;	/* language -> its strings (object) */
	struct smap	 missing;	/* language -> keys it lacks (list),
					   or the theme for "no file" */
	int		 nloading;	/* templates being parsed, nested */
	struct smap	 refused;	/* keys whose file was refused */
	struct smap	 tmpls;		/* "templates/x", "partials/y" -> tmpl */
	struct tmpl	**all;		/* every template, for freeing */
	size_t		 nall;
};

/* Parser state over one template. */
struct tparse {
	struct theme	*th;		/* for partial lookups */
	struct tmpl	*t;		/* template being parsed */
	const char	*p;		/* current position */
	int		 line;		/* current line, 1-based */
	int		 col;		/* current column, 1-based */
	int		 ok;		/* no error so far */
	int		 depth;		/* blocks open around tp->p */
	int		 deep;		/* gave up: too deep, say no more */
};

static struct tmpl *tmpl_get(struct theme *, const char *, const char *,
		    int *);
static int	 strings_check(struct theme *);

static void
advance(struct tparse *tp, size_t n)
{
	for (; n > 0 && *tp->p != '\0'; n--, tp->p++) {
		if (*tp->p == '\n') {
			tp->line++;
			tp->col = 1;
		} else
			tp->col++;
	}
}

static void
perr(struct tparse *tp, int line, int col, const char *what)
{
	msg(MSG_TEMPLATE, tp->t->file, line, col, "%s", what);
	tp->ok = 0;
}

static struct tnode *
add_node(struct tnode **v, size_t *n, enum tntype t, int line, int col)
{
	struct tnode	*nd;

	*v = xgrow(*v, *n, sizeof(**v));
	nd = &(*v)[(*n)++];
	memset(nd, 0, sizeof(*nd));
	nd->type = t;
	nd->line = line;
	nd->col = col;
	return nd;
}

/* Splits a dotted name into nd->path; 1 ok, 0 if malformed. */
static int
set_path(struct tnode *nd, const char *s, size_t n)
{
	size_t	 i, start = 0;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_' ||
		    s[i] == '.' || s[i] == '-'))
			return 0;
	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '.')
			continue;
		if (i == start)
			return 0;
		nd->path = xreallocarray(nd->path, nd->npath + 1,
		    sizeof(char *));
		nd->path[nd->npath++] = xstrndup(s + start, i - start);
		start = i + 1;
	}
	return 1;
}

/* Returns the tag content [s, s+n) trimmed of blanks. */
static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && isspace((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

static int
word_is(const char *s, size_t n, const char *w)
{
	size_t	 wl = strlen(w);

	return n >= wl && strncmp(s, w, wl) == 0 &&
	    (n == wl || isspace((unsigned char)s[wl]));
}

/*
 * Parses nodes until a closing tag or the end.  Sets *closer to the
 * closing keyword found ("if", "each", "unless", "else") or NULL at
 * the end of the text.
 */
static void
parse_nodes(struct tparse *tp, struct tnode **v, size_t *n,
    const char **closer, int *cl_line, int *cl_col)
{
	const char	*open, *close, *s;
	size_t		 len, k;
	struct tnode	*nd;
	int		 line, col;
	const char	*kw;
	int		 ln2, cl2, reported;
	char		*name;

	*closer = NULL;
	while (*tp->p != '\0') {
		if ((open = strstr(tp->p, "{{")) == NULL)
			open = tp->p + strlen(tp->p);
		if (open > tp->p) {
			nd = add_node(v, n, TN_TEXT, tp->line, tp->col);
			nd->text = tp->p;
			nd->len = (size_t)(open - tp->p);
			advance(tp, nd->len);
		}
		if (*tp->p == '\0')
			break;
		line = tp->line;
		col = tp->col;
		if ((close = strstr(tp->p + 2, "}}")) == NULL) {
			perr(tp, line, col, "'{{' is never closed by '}}'");
			advance(tp, strlen(tp->p));
			break;
		}
		s = tp->p + 2;
		len = (size_t)(close - s);
		advance(tp, len + 4);
		trim(&s, &len);
		if (len > 0 && s[0] == '!')
			continue;
		if (len > 0 && s[0] == '/') {
			s++, len--;
			trim(&s, &len);
			*closer = word_is(s, len, "if") ? "if" :
			    word_is(s, len, "unless") ? "unless" :
			    word_is(s, len, "each") ? "each" : "?";
			*cl_line = line;
			*cl_col = col;
			return;
		}
		if (len == 4 && strncmp(s, "else", 4) == 0) {
			*closer = "else";
			*cl_line = line;
			*cl_col = col;
			return;
		}
		if (len > 0 && s[0] == '>') {
			s++, len--;
			trim(&s, &len);
			for (k = 0; k < len; k++)
				if (!(isalnum((unsigned char)s[k]) ||
				    s[k] == '-' || s[k] == '_'))
					break;
			if (len == 0 || k < len) {
				perr(tp, line, col, "partial name must be "
				    "letters, digits, '-' or '_'");
				continue;
			}
			nd = add_node(v, n, TN_PARTIAL, line, col);
			name = xstrndup(s, len);
			nd->partial = tmpl_get(tp->th, "partials", name,
			    &reported);
			if (nd->partial != NULL && nd->partial->loading) {
				/* Rendering it would never end. */
				msg(MSG_TEMPLATE, tp->t->file, line, col,
				    "partial '%s' includes itself", name);
				nd->partial = NULL;
				tp->ok = 0;
			} else if (nd->partial == NULL &&
			    tp->th->nloading > SP_MAX_DEPTH) {
				msg(MSG_TOO_DEEP, tp->t->file, line, col,
				    "partials include partials more than %d "
				    "deep", SP_MAX_DEPTH);
				tp->ok = 0;
			} else if (nd->partial == NULL && reported)
				tp->ok = 0;
			else if (nd->partial == NULL) {
				msg(MSG_TEMPLATE, tp->t->file, line, col,
				    "partial '%s' not found in %s/partials",
				    name, tp->th->dir);
				tp->ok = 0;
			}
			free(name);
			continue;
		}
		if (len > 0 && s[0] == '#' && tp->depth >= SP_MAX_DEPTH) {
			/* Deeper would only exhaust the stack: stop. */
			msg(MSG_TOO_DEEP, tp->t->file, line, col, "blocks "
			    "nested more than %d deep", SP_MAX_DEPTH);
			tp->ok = 0;
			tp->deep = 1;
			advance(tp, strlen(tp->p));
			break;
		}
		if (len > 0 && s[0] == '#') {
			s++, len--;
			if (word_is(s, len, "if"))
				kw = "if", k = 2;
			else if (word_is(s, len, "unless"))
				kw = "unless", k = 6;
			else if (word_is(s, len, "each"))
				kw = "each", k = 4;
			else {
				perr(tp, line, col, "unknown block (use #if, "
				    "#unless or #each)");
				continue;
			}
			nd = add_node(v, n, kw[0] == 'i' ? TN_IF :
			    kw[0] == 'u' ? TN_UNLESS : TN_EACH, line, col);
			s += k, len -= k;
			trim(&s, &len);
			if (!set_path(nd, s, len))
				perr(tp, line, col, "block needs a variable "
				    "name such as course.title");
			/* nd may move when the vector grows: fill children
			 * through locals. */
			{
				struct tnode	*body = NULL, *alt = NULL;
				size_t		 nbody = 0, nalt = 0;
				size_t		 idx = (size_t)(nd - *v);
				const char	*cl;

				tp->depth++;
				parse_nodes(tp, &body, &nbody, &cl, &ln2,
				    &cl2);
				if (cl != NULL && strcmp(cl, "else") == 0) {
					parse_nodes(tp, &alt, &nalt, &cl,
					    &ln2, &cl2);
				}
				tp->depth--;
				if (cl == NULL && tp->deep)
					;	/* said already */
				else if (cl == NULL)
					perr(tp, line, col, kw[0] == 'i' ?
					    "{{#if}} is never closed by "
					    "{{/if}}" : kw[0] == 'u' ?
					    "{{#unless}} is never closed by "
					    "{{/unless}}" : "{{#each}} is never "
					    "closed by {{/each}}");
				else if (strcmp(cl, kw) != 0)
					perr(tp, ln2, cl2, "closing tag does "
					    "not match the open block");
				nd = &(*v)[idx];
				nd->body = body;
				nd->nbody = nbody;
				nd->alt = alt;
				nd->nalt = nalt;
			}
			continue;
		}
		/* A variable: name|escaper. */
		nd = add_node(v, n, TN_VAR, line, col);
		for (k = 0; k < len && s[k] != '|'; k++)
			;
		{
			const char	*nm = s, *es = s + k;
			size_t		 nl = k, el = len - k, i;

			trim(&nm, &nl);
			if (!set_path(nd, nm, nl)) {
				perr(tp, line, col, "expected a variable name "
				    "such as course.title");
				continue;
			}
			if (el == 0) {
				perr(tp, line, col, "variable has no escaper: "
				    "write {{name|html}}, |attr, |url, |json "
				    "or |raw");
				continue;
			}
			es++, el--;
			trim(&es, &el);
			for (i = 0; escnames[i] != NULL; i++)
				if (strlen(escnames[i]) == el &&
				    strncmp(es, escnames[i], el) == 0)
					break;
			if (escnames[i] == NULL)
				perr(tp, line, col, "unknown escaper (use "
				    "html, attr, url, json or raw)");
			else
				nd->esc = (enum esc)i;
		}
	}
}

static void
nodes_free(struct tnode *v, size_t n)
{
	size_t	 i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < v[i].npath; j++)
			free(v[i].path[j]);
		free(v[i].path);
		nodes_free(v[i].body, v[i].nbody);
		nodes_free(v[i].alt, v[i].nalt);
	}
	free(v);
}

/*
 * Parses text (owned by the new template) of file into a template,
 * registered under key first so that a partial reaching back to it is
 * seen (t->loading) rather than loaded again without end.
 */
static struct tmpl *
tmpl_parse(struct theme *th, const char *key, const char *file,
    char *text, int *ok)
{
	struct tmpl	*t;
	struct tparse	 tp;
	const char	*cl;
	int		 l, c;

	t = xcalloc(1, sizeof(*t));
	t->file = xstrdup(file);
	t->src = text;
	th->all = xreallocarray(th->all, th->nall + 1, sizeof(*th->all));
	th->all[th->nall++] = t;
	smap_put(&th->tmpls, key, t);
	t->loading = 1;
	th->nloading++;
	memset(&tp, 0, sizeof(tp));
	tp.th = th;
	tp.t = t;
	tp.p = text;
	tp.line = tp.col = 1;
	tp.ok = 1;
	for (;;) {
		parse_nodes(&tp, &t->nodes, &t->n, &cl, &l, &c);
		if (cl == NULL)
			break;
		perr(&tp, l, c, strcmp(cl, "else") == 0 ?
		    "{{else}} outside a block" : "closing tag without an "
		    "open block");
	}
	t->loading = 0;
	th->nloading--;
	if (!tp.ok)
		*ok = 0;
	return t;
}

/*
 * Returns the template kind/name (loading it on first use), or NULL if
 * the file cannot be read.  A missing file is left to the caller to
 * report; any other refusal (a link out of the theme, a FIFO, too
 * large) is reported here.
 */
static struct tmpl *
tmpl_get(struct theme *th, const char *kind, const char *name,
    int *reported)
{
	struct tmpl	*t = NULL;
	const struct sproot *root = NULL;
	char		*key, *file, *text;
	size_t		 len, i;
	enum sp_why	 why;
	int		 ok = 1;

	*reported = 0;
	key = xasprintf("%s/%s", kind, name);
	if ((t = smap_get(&th->tmpls, key)) != NULL ||
	    smap_get(&th->refused, key) != NULL) {
		*reported = t == NULL;
		free(key);
		return t;
	}
	/* The first layer that has the file provides it. */
	file = NULL;
	text = NULL;
	why = SP_MISSING;
	for (i = 0; i < th->nlayers && th->nloading <= SP_MAX_DEPTH; i++) {
		free(file);
		file = xasprintf("%s/%s.html", th->layers[i].dir, key);
		root = &th->layers[i].root;
		if ((text = sp_read(root, file, SP_MAX_TEMPLATE, &len,
		    &why)) != NULL || why != SP_MISSING)
			break;
	}
	if (text != NULL) {
		if (!sp_text(file, text, len, 0))
			ok = 0;
		t = tmpl_parse(th, key, file, text, &ok);
		if (!ok)
			smap_put(&th->tmpls, "!error", t);
	} else if (why != SP_MISSING) {
		sp_report(why, root, file, 0, 0, file, SP_MAX_TEMPLATE);
		smap_put(&th->tmpls, "!error", th);
		smap_put(&th->refused, key, th);
		*reported = 1;
	}
	free(file);
	free(key);
	return t;
}

struct theme *
theme_load(const char *dir)
{
	static const char *const required[] = { "index", "lesson" };
	struct theme	*th;
	struct stat	 st;
	char		*file, *dirs[THEME_MAX_CHAIN];
	size_t		 i;
	int		 ok = 1, reported;

	if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
		msg(MSG_THEME, dir, 0, 0, "theme folder not found");
		return NULL;
	}
	th = xcalloc(1, sizeof(*th));
	pthread_mutex_init(&th->slock, NULL);
	if ((th->nlayers = theme_chain(dir, dirs)) == 0) {
		theme_free(th);
		return NULL;
	}
	for (i = 0; i < th->nlayers; i++) {
		th->layers[i].dir = dirs[i];
		if (!sp_root(&th->layers[i].root, dirs[i], "theme")) {
			msg(MSG_THEME, dirs[i], 0, 0, "%s", strerror(errno));
			ok = 0;
		}
	}
	th->dir = th->layers[0].dir;
	if (!ok) {
		theme_free(th);
		return NULL;
	}
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (tmpl_get(th, "templates", required[i], &reported) ==
		    NULL) {
			ok = 0;
			if (reported)
				continue;
			file = xasprintf("%s/templates/%s.html", dir,
			    required[i]);
			msg(MSG_THEME, file, 0, 0, "%s", strerror(ENOENT));
			free(file);
		}
	/* Optional: the SCORM launch page. */
	tmpl_get(th, "templates", "scorm", &reported);
	if (!strings_check(th))
		ok = 0;
	if (smap_get(&th->tmpls, "!error") != NULL)
		ok = 0;
	if (!ok) {
		theme_free(th);
		return NULL;
	}
	return th;
}

struct theme *
theme_load_string(const char *file, const char *text)
{
	struct theme	*th;
	int		 ok = 1;

	th = xcalloc(1, sizeof(*th));
	pthread_mutex_init(&th->slock, NULL);
	th->dir = th->layers[0].dir = xstrdup(".");
	th->nlayers = 1;
	sp_root(&th->layers[0].root, ".", "theme");
	tmpl_parse(th, "templates/main", file, xstrdup(text), &ok);
	if (!ok) {
		theme_free(th);
		return NULL;
	}
	return th;
}

int
theme_has(const struct theme *th, const char *name)
{
	char	*key;
	int	 has;

	key = xasprintf("templates/%s", name);
	has = smap_get(&th->tmpls, key) != NULL;
	free(key);
	return has;
}

const char *
theme_dir(const struct theme *th)
{
	return th->dir;
}

const struct sproot *
theme_root(const struct theme *th)
{
	return &th->layers[0].root;
}

size_t
theme_nlayers(const struct theme *th)
{
	return th->nlayers;
}

const char *
theme_layer_dir(const struct theme *th, size_t i)
{
	return th->layers[i].dir;
}

const struct sproot *
theme_layer_root(const struct theme *th, size_t i)
{
	return &th->layers[i].root;
}

void
theme_free(struct theme *th)
{
	size_t	 i;

	if (th == NULL)
		return;
	for (i = 0; i < th->nall; i++) {
		nodes_free(th->all[i]->nodes, th->all[i]->n);
		free(th->all[i]->file);
		free(th->all[i]->src);
		free(th->all[i]);
	}
	free(th->all);
	smap_free(&th->tmpls);
	smap_free(&th->refused);
	for (i = 0; i < th->strings.cap; i++)
		if (th->strings.ents[i].key != NULL)
			tv_free(th->strings.ents[i].val);
	smap_free(&th->strings);
	for (i = 0; i < th->missing.cap; i++)
		if (th->missing.ents[i].key != NULL &&
		    th->missing.ents[i].val != th)
			tv_free(th->missing.ents[i].val);
	smap_free(&th->missing);
	pthread_mutex_destroy(&th->slock);
	for (i = 0; i < th->nlayers; i++) {
		sp_root_free(&th->layers[i].root);
		free(th->layers[i].dir);
	}
	free(th);
}

/* --- rendering -------------------------------------------------- */

#define MAX_SCOPES	64	/* each + partial nesting */

struct trender {
	const struct tval *scopes[MAX_SCOPES];	/* innermost last */
	size_t		 nscopes;
	struct buf	*out;
	size_t		 start;			/* out->len at the start */
	unsigned long	 nodes;			/* nodes rendered so far */
	const struct tmpl *t;			/* for messages */
	struct smap	*seen;			/* problems reported, or NULL */
	int		 ok;
	int		 stop;			/* over budget: unwind */
};

/*
 * Whether the problem at nd is news: each is reported once per course,
 * however many pages meet it.  The set belongs to the caller's course,
 * not to the shared theme, so the next course hears of it again.
 */
static int
first_report(struct trender *r, const struct tnode *nd)
{
	char	*key;
	int	 fresh;

	if (r->seen == NULL)
		return 1;
	key = xasprintf("%s:%d:%d", r->t->file, nd->line, nd->col);
	if ((fresh = smap_get(r->seen, key) == NULL))
		smap_put(r->seen, key, r->seen);
	free(key);
	return fresh;
}

/* Looks up a path; returns 1 with *res (maybe NULL = null value) or
 * 0 if the name is unknown. */
static int
lookup(struct trender *r, struct tnode *nd, const struct tval **res)
{
	const struct tval	*v = NULL;
	size_t			 i;
	int			 found = 0;

	for (i = r->nscopes; i > 0 && !found; i--) {
		v = tv_get(r->scopes[i - 1], nd->path[0]);
		found = v != NULL;
	}
	if (!found)
		goto unknown;
	for (i = 1; i < nd->npath; i++) {
		if (v->type == TV_NULL) {
			*res = NULL;
			return 1;
		}
		if (v->type != TV_OBJ || (v = tv_get(v, nd->path[i])) == NULL)
			goto unknown;
	}
	*res = v->type == TV_NULL ? NULL : v;
	return 1;
unknown:
	if (first_report(r, nd)) {
		struct buf	 name = { NULL, 0, 0 };

		for (i = 0; i < nd->npath; i++) {
			if (i)
				buf_putc(&name, '.');
			buf_puts(&name, nd->path[i]);
		}
		msg(MSG_TEMPLATE_VAR, r->t->file, nd->line, nd->col, "%s",
		    name.data);
		buf_free(&name);
	}
	r->ok = 0;
	return 0;
}

static void render_nodes(struct trender *, struct tnode *, size_t, int);

/* Counts cost units of work at nd; past the page's budget, reports
 * once and stops the rendering.  Returns 1 if over. */
static int
over_budget(struct trender *r, const struct tnode *nd, unsigned long cost)
{
	if (r->stop)
		return 1;
	r->nodes += cost;
	if (r->nodes <= RENDER_MAX_NODES &&
	    r->out->len - r->start <= RENDER_MAX_BYTES)
		return 0;
	msg(MSG_BUDGET, r->t->file, nd->line, nd->col, "more than %lu nodes "
	    "or %lu MiB for one page (#each nested over long lists?)",
	    RENDER_MAX_NODES, RENDER_MAX_BYTES >> 20);
	r->ok = 0;
	r->stop = 1;
	return 1;
}

static void
render_var(struct trender *r, struct tnode *nd)
{
	const struct tval	*v;
	const char		*s;

	if (!lookup(r, nd, &v) || v == NULL)
		return;
	if (v->type == TV_BOOL)
		s = v->b ? "true" : "false";
	else if (v->type == TV_STR)
		s = v->str;
	else {
		if (first_report(r, nd))
			msg(MSG_TEMPLATE, r->t->file, nd->line, nd->col,
			    "%s is a %s, not text", nd->path[nd->npath - 1],
			    v->type == TV_LIST ? "list" : "group of values");
		r->ok = 0;
		return;
	}
	switch (nd->esc) {
	case ESC_HTML:
		esc_html(r->out, s, strlen(s));
		break;
	case ESC_ATTR:
		esc_attr(r->out, s, strlen(s));
		break;
	case ESC_URL:
		esc_url(r->out, s, strlen(s));
		break;
	case ESC_JSON:
		esc_json(r->out, s, strlen(s));
		break;
	case ESC_RAW:
		buf_puts(r->out, s);
		break;
	}
}

static int
push_scope(struct trender *r, const struct tval *v, struct tnode *nd)
{
	if (r->nscopes == MAX_SCOPES) {
		if (first_report(r, nd))
			msg(MSG_TEMPLATE, r->t->file, nd->line, nd->col,
			    "blocks and partials nest too deeply");
		r->ok = 0;
		return 0;
	}
	r->scopes[r->nscopes++] = v;
	return 1;
}

static void
render_each(struct trender *r, struct tnode *nd, int depth)
{
	const struct tval	*v, *item;
	struct tval		*loop, *extra;
	size_t			 i;

	if (!lookup(r, nd, &v))
		return;
	if (v == NULL || (v->type == TV_LIST && v->n == 0)) {
		/* {{else}} of an #each: the list is empty. */
		render_nodes(r, nd->alt, nd->nalt, depth);
		return;
	}
	if (v->type != TV_LIST) {
		if (first_report(r, nd))
			msg(MSG_TEMPLATE, r->t->file, nd->line, nd->col,
			    "#each needs a list");
		r->ok = 0;
		return;
	}
	for (i = 0; i < v->n && !r->stop; i++) {
		/* A round builds about eight values before its body
		 * renders anything: count them. */
		if (over_budget(r, nd, 8))
			break;
		item = tv_deref(v->items[i]);
		extra = tv_obj();
		tv_set(extra, "this", tv_ref(item));
		loop = tv_obj();
		tv_set(loop, "index", tv_num((long)i + 1));
		tv_set(loop, "first", tv_bool(i == 0));
		tv_set(loop, "last", tv_bool(i + 1 == v->n));
		tv_set(extra, "loop", loop);
		if (push_scope(r, extra, nd)) {
			if (item->type == TV_OBJ && push_scope(r, item, nd)) {
				render_nodes(r, nd->body, nd->nbody, depth);
				r->nscopes--;
			} else if (item->type != TV_OBJ)
				render_nodes(r, nd->body, nd->nbody, depth);
			r->nscopes--;
		}
		tv_free(extra);
	}
}

static void
render_nodes(struct trender *r, struct tnode *v, size_t n, int depth)
{
	const struct tval	*val;
	const struct tmpl	*saved;
	size_t			 i;
	int			 truth;

	for (i = 0; i < n && !r->stop; i++) {
		if (over_budget(r, &v[i], 1))
			break;
		switch (v[i].type) {
		case TN_TEXT:
			buf_putn(r->out, v[i].text, v[i].len);
			break;
		case TN_VAR:
			render_var(r, &v[i]);
			break;
		case TN_IF:
		case TN_UNLESS:
			if (!lookup(r, &v[i], &val))
				break;
			truth = tv_truthy(val);
			if (v[i].type == TN_UNLESS)
				truth = !truth;
			if (truth)
				render_nodes(r, v[i].body, v[i].nbody, depth);
			else
				render_nodes(r, v[i].alt, v[i].nalt, depth);
			break;
		case TN_EACH:
			render_each(r, &v[i], depth);
			break;
		case TN_PARTIAL:
			if (v[i].partial == NULL)
				break;
			if (depth >= 16) {
				if (first_report(r, &v[i]))
					msg(MSG_TEMPLATE, r->t->file,
					    v[i].line, v[i].col, "partials "
					    "include each other too deeply");
				r->ok = 0;
				break;
			}
			saved = r->t;
			r->t = v[i].partial;
			render_nodes(r, v[i].partial->nodes,
			    v[i].partial->n, depth + 1);
			r->t = saved;
			break;
		}
	}
}

int
theme_render(struct theme *th, const char *name, const struct tval *ctx,
    struct buf *out, struct smap *seen)
{
	struct trender	 r;
	struct tmpl	*t;
	char		*key;

	key = xasprintf("templates/%s", name);
	t = smap_get(&th->tmpls, key);
	free(key);
	if (t == NULL) {
		msg(MSG_THEME, th->dir, 0, 0, "no template %s", name);
		return 0;
	}
	memset(&r, 0, sizeof(r));
	r.scopes[r.nscopes++] = ctx;
	r.out = out;
	r.start = out->len;
	r.t = t;
	r.seen = seen;
	r.ok = 1;
	render_nodes(&r, t->nodes, t->n, 0);
	return r.ok;
}

static void
string_into(void *obj, const char *key, char *text)
{
	tv_set(obj, key, tv_strown(text));
}

/*
 * Reads every strings/NAME.yml once when the theme loads, so that a
 * refused or broken one stops the theme here, reported once, instead
 * of leaving every t.* variable unknown in every page of every course.
 * Returns 1 if all are good.
 */
static int
strings_check(struct theme *th)
{
	struct dirent	**ents;
	struct ydoc	 y;
	char		*dir, *file, *text;
	size_t		 len, k;
	enum sp_why	 why;
	int		 n, i, ok = 1, before;

	for (k = 0; k < th->nlayers; k++) {
		dir = path_join(th->layers[k].dir, "strings");
		if ((n = scandir(dir, &ents, NULL, alphasort)) == -1) {
			free(dir);
			continue;
		}
		for (i = 0; i < n; i++) {
			file = path_join(dir, ents[i]->d_name);
			if (ents[i]->d_name[0] != '.' &&
			    path_has_suffix(ents[i]->d_name, ".yml")) {
				before = msg_count(MSGL_ERROR);
				if ((text = sp_read(&th->layers[k].root, file,
				    SP_MAX_YAML, &len, &why)) == NULL) {
					sp_report(why, &th->layers[k].root,
					    file, 0, 0, file, SP_MAX_YAML);
					ok = 0;
				} else {
					ydoc_load(&y, file, 0, text, len);
					ydoc_free(&y);
					if (msg_count(MSGL_ERROR) > before)
						ok = 0;
				}
				free(text);
			}
			free(file);
			free(ents[i]);
		}
		free(ents);
		free(dir);
	}
	return ok;
}

/*
 * Adds strings/NAME.yml of every layer to obj, the layers this theme
 * extends first, so a theme's own keys win (a missing file adds
 * nothing; the rest was reported by strings_check).  Returns how many
 * layers have the file.
 */
static size_t
strings_merge(const struct theme *th, struct tval *obj, const char *name)
{
	struct ydoc	 y;
	yaml_node_t	*root;
	char		*file, *text;
	size_t		 len, k, found = 0;
	enum sp_why	 why;

	for (k = th->nlayers; k > 0; k--) {
		file = xasprintf("%s/strings/%s.yml", th->layers[k - 1].dir,
		    name);
		if ((text = sp_read(&th->layers[k - 1].root, file,
		    SP_MAX_YAML, &len, &why)) != NULL) {
			found++;
			if ((root = ydoc_load(&y, file, 0, text, len)) !=
			    NULL)
				y_each_text(&y, root, string_into, obj);
			ydoc_free(&y);
			free(text);
		}
		free(file);
	}
	return found;
}

static struct tval *
strings_for(const struct theme *th, const char *lang)
{
	struct tval	*obj;
	char		*primary;
	size_t		 n;

	obj = tv_obj();
	strings_merge(th, obj, "en");
	n = strcspn(lang, "-_");
	primary = xstrndup(lang, n);
	if (strcmp(primary, "en") != 0)
		strings_merge(th, obj, primary);
	if (lang[n] != '\0')
		strings_merge(th, obj, lang);
	free(primary);
	return obj;
}

/*
 * The English keys that the files for lang (primary subtag, full tag)
 * do not define, so that the build can say which strings fall back to
 * English.  Returns a list of key names (empty for English), or NULL if
 * the theme has no file for lang at all.  Caller frees.
 */
static struct tval *
missing_for(const struct theme *th, const char *lang)
{
	struct tval	*en, *own, *list;
	char		*primary;
	size_t		 n, i, found = 0;

	list = tv_list();
	n = strcspn(lang, "-_");
	primary = xstrndup(lang, n);
	if (strcmp(primary, "en") == 0) {
		free(primary);
		return list;
	}
	en = tv_obj();
	strings_merge(th, en, "en");
	own = tv_obj();
	found += strings_merge(th, own, primary);
	if (lang[n] != '\0')
		found += strings_merge(th, own, lang);
	for (i = 0; i < en->n; i++)
		if (tv_get(own, en->keys[i]) == NULL)
			tv_push(list, tv_str(en->keys[i]));
	tv_free(en);
	tv_free(own);
	free(primary);
	if (found == 0) {
		tv_free(list);
		return NULL;
	}
	return list;
}

/* A copy of a flat object (its keys are distinct) or list of strings. */
static struct tval *
copy_flat(const struct tval *from)
{
	struct tval	*o;
	size_t		 i;

	o = from->type == TV_LIST ? tv_list() : tv_obj();
	for (i = 0; i < from->n; i++)
		if (from->type == TV_LIST)
			tv_push(o, tv_str(from->items[i]->str));
		else
			tv_add(o, from->keys[i], tv_str(from->items[i]->str));
	return o;
}

/*
 * The strings files are read once per theme and language, whichever
 * thread asks first; every course gets its own copy to add its
 * overrides to.
 */
struct tval *
theme_strings(struct theme *th, const char *lang)
{
	struct tval	*v;

	pthread_mutex_lock(&th->slock);
	if ((v = smap_get(&th->strings, lang)) == NULL) {
		v = strings_for(th, lang);
		smap_put(&th->strings, lang, v);
	}
	pthread_mutex_unlock(&th->slock);
	return copy_flat(v);
}

struct tval *
theme_strings_missing(struct theme *th, const char *lang)
{
	void		*got;

	pthread_mutex_lock(&th->slock);
	if ((got = smap_get(&th->missing, lang)) == NULL) {
		got = missing_for(th, lang);
		/* The theme itself stands for "no file for lang". */
		smap_put(&th->missing, lang, got != NULL ? got : th);
	} else if (got == th)
		got = NULL;
	pthread_mutex_unlock(&th->slock);
	return got != NULL ? copy_flat(got) : NULL;
}
