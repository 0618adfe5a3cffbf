/*
 * NAME
 *	ttlcache - a bounded, thread-safe map from strings to values that expire
 * SUMMARY
 *	struct ttlcache *c = ttlcache_new(10000, val_free);
 *	ttlcache_put(c, "16/example.com", val, 300);
 *	v = ttlcache_get(c, "16/example.com", val_ref);
 * DESCRIPTION
 *	Keys are compared exactly; expiry runs on CLOCK_MONOTONIC seconds.
 *	ttlcache_put() takes over one reference of the value (the cache
 *	frees it with the free function when the entry goes) and replaces
 *	an entry with the same key. When the cache holds max entries, the
 *	expired ones go first, then all of them: the bound holds without an
 *	LRU list, at the price of a cold cache now and then.
 *
 *	ttlcache_get() returns NULL on a miss or an expired entry; on a hit
 *	it calls ref(value) under the lock and returns what ref returns, so
 *	the caller gets a reference or a copy that outlives the entry.
 *	ttlcache_put() with max 0 or ttl 0 frees the value at once.
 */
#ifndef SL_TTLCACHE_H
#define SL_TTLCACHE_H

struct ttlcache;

struct ttlcache	*ttlcache_new(long max, void (*free_fn)(void *));
void		 ttlcache_free(struct ttlcache *);
void		*ttlcache_get(struct ttlcache *, const char *key,
		    void *(*ref)(void *));
void		 ttlcache_put(struct ttlcache *, const char *key, void *value,
		    long ttl);
long		 ttlcache_count(struct ttlcache *);

#endif
