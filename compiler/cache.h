/*
 * cache.h: incremental builds.  A course is skipped when everything its
 * output depends on hashes the same as for the output already in place:
 * its folder's files, its theme's files (with the themes it extends),
 * the compiler (version and
 * binary) and the options that change the output.  By content, never
 * by timestamps.  Used by build.c.
 */
#ifndef CACHE_H
#define CACHE_H

#define CACHE_HEX	33	/* 128-bit hash in hex, with the NUL */

struct build_opts;
struct theme;

/* The hash of a course folder's files: the slow part, and one any
 * thread may compute (the others belong to the main thread). */
struct cache_tree {
	unsigned char	 h[16];		/* XXH3-128 */
};
void	 cache_tree(const char *coursedir, struct cache_tree *);
/* The hash of a course's inputs (its folder's, from cache_tree) into
 * hex. */
void	 cache_hash(const struct cache_tree *, const struct theme *,
	    const struct build_opts *, char hex[CACHE_HEX]);
/* 1 if OUTDIR holds course id's output, built from inputs with hex. */
int	 cache_fresh(const struct build_opts *, const char *id,
	    const char *hex);
/* Forgets id's hash (before its output changes). */
void	 cache_forget(const struct build_opts *, const char *id);
/*
 * Records hex once id's output is in place, with the folders the hash
 * covers (OUTDIR/.coursec/ID.inputs, one real path a line: the course
 * folder, then each theme layer, which coursec serve watches).
 * Failures only cost a rebuild next time, so they are not reported.
 */
void	 cache_store(const struct build_opts *, const char *id,
	    const char *hex, const char *coursedir, const struct theme *);
/* Frees what the run remembered (theme hashes). */
void	 cache_cleanup(void);

#endif /* !CACHE_H */
