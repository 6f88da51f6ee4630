/*
 * arena.h: a bump allocator for cmark-gfm's trees.  cmark-gfm mallocs
 * every node and buffer one by one and frees them one by one; a course's
 * documents all live from parsing to rendering and die together, so the
 * building thread gives them one arena and drops it whole.  Used by
 * markdown.c (the allocator) and build.c (one arena per course).
 */
#ifndef ARENA_H
#define ARENA_H

struct arena;
struct cmark_mem;

struct arena	*arena_new(void);
/* Frees every block the arena handed out (its memory is kept for the
 * calling thread's next arena). */
void		 arena_free(struct arena *);
/* Returns the memory kept for the calling thread's next arena. */
void		 arena_trim(void);
/* Makes a (or NULL) the calling thread's arena for cmark-gfm. */
void		 arena_use(struct arena *a);
/* cmark-gfm's allocator for new trees: the calling thread's arena, or
 * the default allocator when the thread has none. */
struct cmark_mem *arena_mem(void);

#endif /* !ARENA_H */
