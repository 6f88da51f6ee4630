/*
 * meta.h: reading YAML (course.yml, module.yml, front matter, theme
 * strings) through libyaml's document API, with source positions for
 * every diagnostic.  Used by course.c and theme.c.
 */
#ifndef META_H
#define META_H

#include <yaml.h>

struct ydoc {
	yaml_document_t	 doc;		/* libyaml's tree */
	int		 loaded;	/* doc must be deleted */
	const char	*file;		/* for diagnostics (borrowed) */
	int		 line0;		/* lines before the YAML text */
};

/*
 * Parses text as one YAML document.  Returns the root mapping, or NULL
 * after reporting an error (syntax, or a root that is not a mapping).
 * An empty document gives NULL without error; check ydoc.loaded.
 */
yaml_node_t	*ydoc_load(struct ydoc *, const char *file, int line0,
		    const char *text, size_t len);
void		 ydoc_free(struct ydoc *);

/* Line and column of a node, with the line offset applied. */
int		 y_line(const struct ydoc *, const yaml_node_t *);
int		 y_col(const struct ydoc *, const yaml_node_t *);

/* Value for key in a mapping, or NULL. */
yaml_node_t	*y_get(struct ydoc *, yaml_node_t *map, const char *key);
/* Warns about every key not in the NULL-terminated allowed list. */
void		 y_check_keys(struct ydoc *, yaml_node_t *map,
		    const char *const *allowed);

/* Scalar text of node, or NULL after reporting a type error for key.
 * Caller frees. */
char		*y_str(struct ydoc *, yaml_node_t *, const char *key);
/* A string or a list of strings; returns count, *out caller frees. */
size_t		 y_strlist(struct ydoc *, yaml_node_t *, const char *key,
		    char ***out, yaml_node_t ***nodes);
/*
 * Calls fn(arg, key, text) for every "key: text" pair of a mapping
 * (text is caller-owned by fn).  Reports values that are not text.
 */
void		 y_each_text(struct ydoc *, yaml_node_t *map,
		    void (*fn)(void *, const char *, char *), void *arg);
/* A boolean (true/false/yes/no); returns -1 after reporting an error. */
int		 y_bool(struct ydoc *, yaml_node_t *, const char *key);
/* An integer in [lo, hi]; returns 0 and reports on error, 1 ok. */
int		 y_int(struct ydoc *, yaml_node_t *, const char *key,
		    long lo, long hi, long *out);

#endif /* !META_H */
