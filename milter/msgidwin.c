/*
 * NAME
 *	msgidwin - Message-ID window: a ring of entries plus a chained hash
 * DESCRIPTION
 *	Entries live in a ring in insertion order, so eviction (full or too
 *	old) always takes the oldest. Each bucket chains ring indexes.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "msgidwin.h"
#include "limits.h"
#include "util.h"

#define NONE	SIZE_MAX

struct entry {
	char		*id;
	uint64_t	 h;
	time_t		 t;
	size_t		 next;		/* next index in the bucket chain */
};

struct msgidwin {
	pthread_mutex_t	 mu;
	struct entry	*e;
	size_t		 cap;
	size_t		 pos;		/* next slot to fill */
	size_t		 count;
	size_t		*bucket;
	size_t		 nbucket;
	long		 age;
};

static uint64_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

struct msgidwin *
msgidwin_new(size_t size, long age)
{
	struct msgidwin *w = xcalloc(1, sizeof(*w));
	size_t i;

	pthread_mutex_init(&w->mu, NULL);
	w->cap = size ? size : 1;
	w->e = xcalloc(w->cap, sizeof(*w->e));
	w->nbucket = w->cap * 2;
	w->bucket = xmalloc(w->nbucket * sizeof(*w->bucket));
	for (i = 0; i < w->nbucket; i++)
		w->bucket[i] = NONE;
	w->age = age;
	return w;
}

void
msgidwin_free(struct msgidwin *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->cap; i++)
		free(w->e[i].id);
	free(w->e);
	free(w->bucket);
	pthread_mutex_destroy(&w->mu);
	free(w);
}

static void
unlink_entry(struct msgidwin *w, size_t k)
{
	size_t *p = &w->bucket[w->e[k].h % w->nbucket];

	while (*p != NONE && *p != k)
		p = &w->e[*p].next;
	if (*p == k)
		*p = w->e[k].next;
	free(w->e[k].id);
	w->e[k].id = NULL;
}

static void
evict_old(struct msgidwin *w, time_t now)
{
	size_t oldest;

	while (w->count > 0) {
		oldest = (w->pos + w->cap - w->count) % w->cap;
		if (w->e[oldest].t >= now - w->age)
			break;
		unlink_entry(w, oldest);
		w->count--;
	}
}

static size_t
find(struct msgidwin *w, const char *id, uint64_t h)
{
	size_t k;

	for (k = w->bucket[h % w->nbucket]; k != NONE; k = w->e[k].next)
		if (w->e[k].h == h && strcmp(w->e[k].id, id) == 0)
			return k;
	return NONE;
}

int
msgidwin_seen(struct msgidwin *w, const char *id, time_t now, time_t *when)
{
	size_t k;
	int seen = 0;

	pthread_mutex_lock(&w->mu);
	evict_old(w, now);
	if ((k = find(w, id, hash(id))) != NONE) {
		seen = 1;
		*when = w->e[k].t;
	}
	pthread_mutex_unlock(&w->mu);
	return seen;
}

void
msgidwin_add(struct msgidwin *w, const char *id, time_t now)
{
	uint64_t h = hash(id);
	size_t k;

	if (strlen(id) > SL_MSGID_WINDOW_ID_LEN)
		return;
	pthread_mutex_lock(&w->mu);
	evict_old(w, now);
	if ((k = find(w, id, h)) == NONE) {
		if (w->count == w->cap) {	/* full: forget the oldest */
			unlink_entry(w, w->pos);
			w->count--;
		}
		k = w->pos;
		w->e[k].id = xstrdup(id);
		w->e[k].h = h;
		w->e[k].next = w->bucket[h % w->nbucket];
		w->bucket[h % w->nbucket] = k;
		w->e[k].t = now;
		w->pos = (w->pos + 1) % w->cap;
		w->count++;
	}
	pthread_mutex_unlock(&w->mu);
}
