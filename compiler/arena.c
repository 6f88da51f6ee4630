/*
 * arena.c: see arena.h.  cmark-gfm's own arena (cmark_arena_push) is
 * one process-wide stack, no use with a thread per course, and its
 * allocator callbacks carry no context pointer: the arena in use is
 * therefore a per-thread variable, set by whoever builds the course.
 *
 * Blocks are 16-byte aligned and carry their size in a header, which
 * realloc needs; the last block of a chunk grows in place (cmark's
 * buffers grow by doubling), any other is copied.  free does nothing:
 * the memory comes back when the arena goes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>

#include "util.h"
#include "arena.h"

#define ALIGN		16
#define HDR		ALIGN		/* the size, padded to alignment */
#define CHUNK		(256u << 10)

struct chunk {
	struct chunk	*next;
	size_t		 used;		/* bytes of data handed out */
	size_t		 cap;		/* bytes of data */
	size_t		 last;		/* offset of the last block's header */
	_Alignas(ALIGN) unsigned char data[];
};

struct arena {
	struct chunk	*head;		/* the chunk in use, then older ones */
};

static _Thread_local struct arena *cur;
/* Chunks of arenas gone, kept for the thread's next course: fresh
 * memory from the system costs a page fault per page. */
static _Thread_local struct chunk *spare;

static size_t
round_up(size_t n)
{
	return (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
}

struct arena *
arena_new(void)
{
	return xcalloc(1, sizeof(struct arena));
}

void
arena_free(struct arena *a)
{
	struct chunk	*c;

	if (a == NULL)
		return;
	while ((c = a->head) != NULL) {
		a->head = c->next;
		if (c->cap == CHUNK) {
			c->next = spare;
			spare = c;
		} else
			free(c);
	}
	free(a);
}

void
arena_use(struct arena *a)
{
	cur = a;
}

void
arena_trim(void)
{
	struct chunk	*c;

	while ((c = spare) != NULL) {
		spare = c->next;
		free(c);
	}
}

/* A block of n bytes (uninitialised) from the thread's arena. */
static void *
take(size_t n)
{
	struct chunk	*c = cur->head;
	size_t		 need = HDR + round_up(n ? n : 1);
	unsigned char	*p;

	if (c == NULL || c->cap - c->used < need) {
		size_t cap = need > CHUNK ? need : CHUNK;

		if (cap == CHUNK && spare != NULL) {
			c = spare;
			spare = c->next;
		} else
			c = xmalloc(sizeof(*c) + cap);
		c->cap = cap;
		c->used = 0;
		c->last = 0;
		c->next = cur->head;
		cur->head = c;
	}
	p = c->data + c->used;
	*(size_t *)p = n;
	c->last = c->used;
	c->used += need;
	return p + HDR;
}

static void *
a_calloc(size_t nmemb, size_t size)
{
	void	*p;

	if (size != 0 && nmemb > SIZE_MAX / 2 / size)
		abort();	/* as cmark's own allocator does */
	p = take(nmemb * size);
	memset(p, 0, nmemb * size);
	return p;
}

static void *
a_realloc(void *old, size_t n)
{
	struct chunk	*c = cur->head;
	unsigned char	*h;
	size_t		 oldn, need;
	void		*p;

	if (old == NULL)
		return take(n);
	h = (unsigned char *)old - HDR;
	oldn = *(size_t *)h;
	need = HDR + round_up(n ? n : 1);
	/* The chunk's last block: grow or shrink where it stands. */
	if (c != NULL && h == c->data + c->last &&
	    c->cap - c->last >= need) {
		*(size_t *)h = n;
		c->used = c->last + need;
		return old;
	}
	p = take(n);
	memcpy(p, old, oldn < n ? oldn : n);
	return p;
}

static void
a_free(void *p)
{
	(void)p;
}

static cmark_mem arena_alloc = { a_calloc, a_realloc, a_free };

cmark_mem *
arena_mem(void)
{
	int	 use = cur != NULL;

#ifdef __SANITIZE_ADDRESS__
	/* make asan: let AddressSanitizer see every block cmark uses. */
	use = 0;
#endif
	return use ? &arena_alloc : cmark_get_default_mem_allocator();
}
