/*
 * pool.c: worker threads taking tasks from one FIFO queue.  Kept to a
 * mutex and two condition variables: tasks are coarse (a course), so
 * the queue is never contended.
 */
#include <pthread.h>
#include <stdlib.h>

#include "util.h"
#include "pool.h"

struct pool {
	pthread_mutex_t	 lock;
	pthread_cond_t	 work;		/* a task was queued, or stop */
	pthread_cond_t	 finished;	/* a task was done */
	struct task	*head, *tail;	/* queued, not started */
	pthread_t	*threads;
	void		(*leave)(void);	/* each worker's last call, or NULL */
	int		 n;
	int		 stop;
};

/* Runs the queue's first task; called and returns with the lock held. */
static void
run_head(struct pool *p)
{
	struct task	*t = p->head;

	if ((p->head = t->next) == NULL)
		p->tail = NULL;
	pthread_mutex_unlock(&p->lock);
	t->fn(t->arg);
	pthread_mutex_lock(&p->lock);
	t->done = 1;
	pthread_cond_broadcast(&p->finished);
}

static void *
worker(void *arg)
{
	struct pool	*p = arg;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (p->head == NULL && !p->stop)
			pthread_cond_wait(&p->work, &p->lock);
		if (p->head == NULL)
			break;	/* stopping with an empty queue */
		run_head(p);
	}
	pthread_mutex_unlock(&p->lock);
	if (p->leave != NULL)
		p->leave();
	return NULL;
}

struct pool *
pool_new(int n, void (*leave)(void))
{
	struct pool	*p;
	int		 i;

	p = xcalloc(1, sizeof(*p));
	p->leave = leave;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->finished, NULL);
	p->threads = xcalloc(n > 0 ? (size_t)n : 1, sizeof(*p->threads));
	for (i = 0; i < n; i++) {
		/* No thread: run with the ones we have (or inline). */
		if (pthread_create(&p->threads[i], NULL, worker, p) != 0)
			break;
		p->n++;
	}
	return p;
}

void
pool_submit(struct pool *p, struct task *t)
{
	t->done = 0;
	t->next = NULL;
	if (p->n == 0)
		return;		/* runs in pool_wait */
	pthread_mutex_lock(&p->lock);
	if (p->tail != NULL)
		p->tail->next = t;
	else
		p->head = t;
	p->tail = t;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->lock);
}

void
pool_wait(struct pool *p, struct task *t)
{
	if (p->n == 0) {
		t->fn(t->arg);
		t->done = 1;
		return;
	}
	pthread_mutex_lock(&p->lock);
	/* The waiting thread is one of the -j threads: it takes queued
	 * work rather than sleep. */
	while (!t->done) {
		if (p->head != NULL)
			run_head(p);
		else
			pthread_cond_wait(&p->finished, &p->lock);
	}
	pthread_mutex_unlock(&p->lock);
}

void
pool_free(struct pool *p)
{
	int	 i;

	pthread_mutex_lock(&p->lock);
	p->stop = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->lock);
	for (i = 0; i < p->n; i++)
		pthread_join(p->threads[i], NULL);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->finished);
	pthread_mutex_destroy(&p->lock);
	free(p->threads);
	free(p);
}
