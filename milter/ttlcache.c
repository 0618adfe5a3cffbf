/*
 * NAME
 *	ttlcache - a bounded, thread-safe map from strings to values that expire
 * DESCRIPTION
 *	See ttlcache.h. Chained hash table, one mutex.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ttlcache.h"
#include "util.h"

#define TTLCACHE_BUCKETS	4096

struct entry {
	struct entry	*next;
	char		*key;
	time_t		 expires;
	void		*value;
};

struct ttlcache {
	pthread_mutex_t	 lock;
	struct entry	*bucket[TTLCACHE_BUCKETS];
	long		 n;
	long		 max;
	void		(*free_fn)(void *);
};

static time_t
mono_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static unsigned
hash(const char *key)
{
	unsigned h = 2166136261u;

	while (*key)
		h = (h ^ (unsigned char)*key++) * 16777619u;
	return h % TTLCACHE_BUCKETS;
}

struct ttlcache *
ttlcache_new(long max, void (*free_fn)(void *))
{
	struct ttlcache *c = xcalloc(1, sizeof(*c));

	pthread_mutex_init(&c->lock, NULL);
	c->max = max;
	c->free_fn = free_fn;
	return c;
}

static void
drop(struct ttlcache *c, struct entry **pp)
{
	struct entry *e = *pp;

	*pp = e->next;
	c->free_fn(e->value);
	free(e->key);
	free(e);
	c->n--;
}

/* Called with the lock held. */
static void
sweep(struct ttlcache *c, int all, time_t now)
{
	struct entry **pp;
	size_t i;

	for (i = 0; i < TTLCACHE_BUCKETS; i++)
		for (pp = &c->bucket[i]; *pp != NULL;)
			if (all || (*pp)->expires <= now)
				drop(c, pp);
			else
				pp = &(*pp)->next;
}

void
ttlcache_free(struct ttlcache *c)
{
	if (c == NULL)
		return;
	sweep(c, 1, 0);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

void *
ttlcache_get(struct ttlcache *c, const char *key, void *(*ref)(void *))
{
	struct entry *e;
	void *v = NULL;
	time_t now = mono_sec();

	pthread_mutex_lock(&c->lock);
	for (e = c->bucket[hash(key)]; e != NULL; e = e->next)
		if (strcmp(e->key, key) == 0) {
			if (e->expires > now)
				v = ref(e->value);
			break;
		}
	pthread_mutex_unlock(&c->lock);
	return v;
}

void
ttlcache_put(struct ttlcache *c, const char *key, void *value, long ttl)
{
	struct entry *e, **pp;
	time_t now = mono_sec();
	unsigned h = hash(key);

	if (c->max <= 0 || ttl <= 0) {
		c->free_fn(value);
		return;
	}
	pthread_mutex_lock(&c->lock);
	for (pp = &c->bucket[h]; *pp != NULL; pp = &(*pp)->next)
		if (strcmp((*pp)->key, key) == 0) {
			drop(c, pp);
			break;
		}
	if (c->n >= c->max)
		sweep(c, 0, now);
	if (c->n >= c->max)
		sweep(c, 1, now);
	e = xcalloc(1, sizeof(*e));
	e->key = xstrdup(key);
	e->expires = now + ttl;
	e->value = value;
	e->next = c->bucket[h];
	c->bucket[h] = e;
	c->n++;
	pthread_mutex_unlock(&c->lock);
}

long
ttlcache_count(struct ttlcache *c)
{
	long n;

	pthread_mutex_lock(&c->lock);
	n = c->n;
	pthread_mutex_unlock(&c->lock);
	return n;
}
