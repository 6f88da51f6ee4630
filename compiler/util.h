/*
 * util.h: allocation, growable buffers, a string hash map and path
 * helpers shared by every stage.  Include after <stddef.h>.
 */
#ifndef UTIL_H
#define UTIL_H

#include <stdarg.h>
#include <stddef.h>

/* Allocators that exit(4) on out-of-memory: we are a CLI, not a library. */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
/*
 * Makes room for item n (0-based) of an array of items of size sz that
 * grows one item at a time, doubling its size at each power of two:
 * appending n items costs O(n), even where realloc(3) always copies
 * (sanitizers).  Call before storing item n.
 */
void	*xgrow(void *, size_t n, size_t sz);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/* a followed by b, newly allocated; caller frees. */
char	*xstrcat(const char *a, const char *b);
/* Returns a newly allocated formatted string; caller frees. */
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));

/* Growable byte buffer, always NUL-terminated. */
struct buf {
	char	*data;	/* contents (NUL-terminated), NULL when empty */
	size_t	 len;	/* bytes used, not counting the NUL */
	size_t	 cap;	/* bytes allocated */
};

void	 buf_grow(struct buf *, size_t);
void	 buf_putn(struct buf *, const char *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_putc(struct buf *, char);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *, const char *, va_list);
/* Returns the contents and leaves the buffer empty; caller frees. */
char	*buf_detach(struct buf *);
void	 buf_free(struct buf *);

/*
 * String-keyed hash map with open addressing.  Written by hand because
 * none of our dependencies exports one and POSIX hsearch(3) has a fixed
 * size and no iteration; it keeps link and id checks linear.
 * Keys are copied; values are borrowed.
 */
struct smap_ent {
	char	*key;	/* owned copy of the key, NULL if the slot is empty */
	void	*val;	/* borrowed value */
};
struct smap {
	struct smap_ent	*ents;	/* slots, cap of them */
	size_t		 cap;	/* power of two, or 0 before first insert */
	size_t		 len;	/* occupied slots */
};

/* Returns the value for key or NULL. */
void	*smap_get(const struct smap *, const char *);
/* Inserts or replaces; returns the previous value or NULL. */
void	*smap_put(struct smap *, const char *, void *);
void	 smap_free(struct smap *);

/* Reads a whole file the compiler wrote itself (staging, cache) or
 * checked already; returns NULL and sets errno on failure.  The result
 * is NUL-terminated; caller frees.  Inputs are read with sp_read()
 * (safepath.h). */
char	*file_read(const char *, size_t *);
/* Reads all of fd (and closes it) into a NUL-terminated string; *lenp
 * (if not NULL) gets its length.  NULL with errno set on failure, EFBIG
 * past max bytes.  Caller frees. */
char	*fd_read(int fd, size_t max, size_t *lenp);
/* Writes all of data to fd; 1 ok, 0 fail (errno set). */
int	 fd_write(int fd, const void *data, size_t len);
/* Whether p is (or links to) a folder. */
int	 path_is_dir(const char *);

/* Joins two path parts with a '/', caller frees. */
char	*path_join(const char *, const char *);
/* Returns the directory part of a relative path ("" for none), caller frees. */
char	*path_dir(const char *);
/*
 * Normalises a '/'-separated relative path, folding "." and "..".
 * Returns NULL if the path climbs above its root; caller frees.
 */
char	*path_normalize(const char *);
/* Returns the relative URL from the page at "from" to the file "to",
 * both relative to the same root; caller frees. */
char	*path_relative(const char *from, const char *to);
/* Returns 1 if path has suffix (case-insensitive). */
int	 path_has_suffix(const char *, const char *);
/* Creates every missing directory of path (not path itself); 1 ok, 0 fail. */
int	 path_mkparents(const char *);
/* Removes a tree recursively; 1 ok, 0 fail. */
int	 path_rmtree(const char *);

/* Turns a file or folder name into a page slug: drops ".md" and a
 * numeric "01-" prefix, spells letters in ASCII (iconv's
 * transliteration: "étude" -> "etude"), lowercases, maps the rest to
 * '-'.  Caller frees. */
char	*name_slug(const char *);
/* The same; *lost is set when letters had no ASCII spelling and were
 * left out (the caller says so). */
char	*name_slug_lost(const char *, int *lost);
/* The numeric "01-" ordering prefix of a name, without its separator
 * ("07"), or "" if none.  Caller frees. */
char	*name_order(const char *);

/* The candidate closest to word by edit distance (a typo: at most one
 * edit in three letters, case ignored), or NULL.  For "did you mean". */
const char *closest(const char *word, const char *const *cands, size_t n);
/* Turns a folder name into a readable title ("01-patient-care" ->
 * "Patient care"); caller frees. */
char	*name_title(const char *);

#endif /* !UTIL_H */
