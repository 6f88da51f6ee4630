/*
 * pool.h: a small fixed pool of worker threads, each task one course
 * from parsing to packages.  A task reports only into its course's
 * diagnostics sink, which the caller prints when it ends the course, in
 * the order it chooses, so the output and the messages do not depend on
 * the number of threads.  Used by build.c.
 */
#ifndef POOL_H
#define POOL_H

struct task {
	void		(*fn)(void *);	/* the work */
	void		 *arg;		/* its argument */
	int		  done;		/* set once fn has returned */
	struct task	 *next;		/* queue link */
};

struct pool;

/* A pool of n workers; with n == 0, tasks run in pool_wait.  Each
 * worker calls leave (if not NULL) as it stops: per-thread state. */
struct pool	*pool_new(int n, void (*leave)(void));
/* Queues t (fn and arg set by the caller). */
void		 pool_submit(struct pool *, struct task *);
/* Returns once t has run; runs queued tasks meanwhile. */
void		 pool_wait(struct pool *, struct task *);
/* Waits for the workers to finish the queue and stop. */
void		 pool_free(struct pool *);

#endif /* !POOL_H */
