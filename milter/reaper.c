/*
 * NAME
 *	reaper - free costly objects off the message path
 * DESCRIPTION
 *	See reaper.h. One mutex guards the queue and the state; the deferred
 *	calls run with it released, so a slow one never blocks a caller of
 *	reaper_defer().
 */
#include <pthread.h>
#include <stdlib.h>

#include "log.h"
#include "reaper.h"
#include "util.h"

struct deferred {
	void		(*fn)(void *);
	void		*arg;
	struct deferred	*next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static struct deferred *head, **tail = &head;
static int running, stopping;
static pthread_t thread;

/* Takes the whole queue; called with the lock held. */
static struct deferred *
take_all(void)
{
	struct deferred *q = head;

	head = NULL;
	tail = &head;
	return q;
}

static void
run_all(struct deferred *q)
{
	struct deferred *next;

	for (; q != NULL; q = next) {
		next = q->next;
		q->fn(q->arg);
		free(q);
	}
}

static void *
reaper_main(void *unused)
{
	struct deferred *q;
	int done;

	(void)unused;
	for (;;) {
		pthread_mutex_lock(&lock);
		while (head == NULL && !stopping)
			pthread_cond_wait(&wake, &lock);
		q = take_all();
		if ((done = stopping))
			running = 0;	/* from now on, callers free */
		pthread_mutex_unlock(&lock);
		run_all(q);
		if (done)
			return NULL;
	}
}

void
reaper_start(void)
{
	pthread_mutex_lock(&lock);
	if (running || stopping) {
		pthread_mutex_unlock(&lock);
		return;
	}
	if (pthread_create(&thread, NULL, reaper_main, NULL) != 0)
		log_fatal("cannot start the reaper thread");
	running = 1;
	pthread_mutex_unlock(&lock);
}

void
reaper_defer(void (*fn)(void *), void *arg)
{
	struct deferred *d;

	pthread_mutex_lock(&lock);
	if (!running) {
		pthread_mutex_unlock(&lock);
		fn(arg);
		return;
	}
	d = xmalloc(sizeof(*d));
	d->fn = fn;
	d->arg = arg;
	d->next = NULL;
	*tail = d;
	tail = &d->next;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
}

void
reaper_stop(void)
{
	pthread_mutex_lock(&lock);
	if (!running || stopping) {
		pthread_mutex_unlock(&lock);
		return;
	}
	stopping = 1;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
	pthread_join(thread, NULL);
}
