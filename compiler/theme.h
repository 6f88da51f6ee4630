/*
 * theme.h: template values and the theme engine.  A theme is a folder
 * with templates/, partials/, assets/ and strings/.  The template
 * language: {{name|esc}}, {{#if}}/{{#unless}}/{{else}}, {{#each}},
 * {{> partial}} and {{! comments }}; see coursec(5).
 * Used by render.c (and the unit tests).
 */
#ifndef THEME_H
#define THEME_H

struct buf;
struct sproot;
struct smap;

enum tvtype {
	TV_NULL,	/* absent value: falsy, prints nothing */
	TV_STR,		/* text (numbers are text too) */
	TV_BOOL,	/* true or false */
	TV_LIST,	/* ordered items */
	TV_OBJ,		/* keys to values */
	TV_REF		/* borrowed value, not freed with its holder */
};

/* A template value.  Containers own their items (except TV_REF). */
struct tval {
	enum tvtype	  type;		/* which fields below are used */
	char		 *str;		/* TV_STR: owned text */
	int		  b;		/* TV_BOOL */
	struct tval	**items;	/* TV_LIST items, TV_OBJ values */
	char		**keys;		/* TV_OBJ keys, owned */
	size_t		  n;		/* number of items or keys */
	const struct tval *ref;		/* TV_REF target */
};

struct tval	*tv_null(void);
/* Copies s; NULL gives TV_NULL. */
struct tval	*tv_str(const char *s);
/* Takes ownership of s. */
struct tval	*tv_strown(char *s);
struct tval	*tv_num(long);
struct tval	*tv_bool(int);
struct tval	*tv_list(void);
struct tval	*tv_obj(void);
struct tval	*tv_ref(const struct tval *);
/* Appends v to a list; the list owns v. */
void		 tv_push(struct tval *list, struct tval *v);
/* Sets key in an object, replacing (and freeing) an old value. */
void		 tv_set(struct tval *obj, const char *key, struct tval *v);
/* A new object whose values refer to those of obj, except key, which
 * is set to v (owned).  Lets pages share one precomputed value. */
struct tval	*tv_with(const struct tval *obj, const char *key,
		    struct tval *v);
/* Value of key in an object (following refs), or NULL. */
const struct tval *tv_get(const struct tval *obj, const char *key);
void		 tv_free(struct tval *);

struct theme;

/* Loads and parses every template of the theme in dir.  Returns NULL
 * after reporting errors.  Caller frees with theme_free. */
struct theme	*theme_load(const char *dir);
/* Parses a template from memory (tests); file is used in messages. */
struct theme	*theme_load_string(const char *file, const char *text);
/*
 * Renders the template name ("index", "lesson") with ctx (an object)
 * and appends to out.  Returns 1 ok, 0 on errors, each reported once
 * per seen set: pass one set per course (NULL: report every time).
 */
int		 theme_render(struct theme *, const char *name,
		    const struct tval *ctx, struct buf *out, struct smap *seen);
/* Whether the theme has templates/NAME.html. */
int		 theme_has(const struct theme *, const char *name);
/* The theme folder. */
const char	*theme_dir(const struct theme *);
/* The folder every file of the theme must resolve into. */
const struct sproot *theme_root(const struct theme *);
/* Interface strings for lang: en, then the primary subtag, then the
 * full tag layered on top.  Returns a new object; caller frees. */
struct tval	*theme_strings(struct theme *, const char *lang);
/* English keys that the strings for lang lack (a list of names; empty
 * for English), or NULL if the theme has no strings for lang at all.
 * Caller frees. */
struct tval	*theme_strings_missing(struct theme *, const char *lang);
void		 theme_free(struct theme *);
/* The theme's layers: 0 is the theme itself, then each theme it
 * extends.  Every layer's reads stay inside its own folder. */
size_t		 theme_nlayers(const struct theme *);
const char	*theme_layer_dir(const struct theme *, size_t);
const struct sproot *theme_layer_root(const struct theme *, size_t);

/* theme-chain.c */

#define THEME_MAX_CHAIN 8	/* a theme and the themes it extends */

/* An installed theme's folder by name, or NULL; tried (if not NULL)
 * gets the folders looked in.  Caller frees. */
char		*theme_find(const char *name, struct buf *tried);
/* Fills dirs with dir and the folders of the themes it extends
 * (theme.yml "extends:"), in lookup order.  Returns how many, or 0
 * after reporting an error.  Caller frees each. */
size_t		 theme_chain(const char *dir, char **dirs);

#endif /* !THEME_H */
