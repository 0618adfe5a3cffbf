/*
 * ttlcache: hits, misses, replacement, TTL 0 and max 0 not stored, the
 * bound (expired entries go first, then all), expiry, and that every
 * value is freed exactly once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "ttlcache.h"

static int freed;

static void
val_free(void *v)
{
	freed++;
	free(v);
}

static void *
val_copy(void *v)
{
	return strdup(v);
}

static char *
get(struct ttlcache *c, const char *key)
{
	static char buf[64];
	char *v = ttlcache_get(c, key, val_copy);

	snprintf(buf, sizeof(buf), "%s", v ? v : "(miss)");
	free(v);
	return buf;
}

int
main(void)
{
	struct ttlcache *c = ttlcache_new(3, val_free);
	char key[16];
	int i;

	tap_is_str(get(c, "a"), "(miss)", "empty cache: miss");
	ttlcache_put(c, "a", strdup("1"), 60);
	tap_is_str(get(c, "a"), "1", "a hit returns a copy of the value");
	ttlcache_put(c, "a", strdup("2"), 60);
	tap_is_str(get(c, "a"), "2", "a put with the same key replaces");
	tap_is_int(freed, 1, "the replaced value was freed");
	tap_is_int(ttlcache_count(c), 1, "one entry");
	ttlcache_put(c, "z", strdup("x"), 0);
	tap_is_str(get(c, "z"), "(miss)", "TTL 0: not stored");
	tap_is_int(freed, 2, "and freed at once");
	for (i = 0; i < 3; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		ttlcache_put(c, key, strdup(key), 60);
	}
	tap_ok(ttlcache_count(c) <= 3, "never more than max entries");
	tap_is_str(get(c, "k2"), "k2", "the newest entry is there");
	ttlcache_put(c, "short", strdup("s"), 1);
	sleep(2);
	tap_is_str(get(c, "short"), "(miss)", "an entry past its TTL is a miss");
	ttlcache_free(c);
	tap_is_int(freed, 7, "every value freed exactly once, the last at "
	    "ttlcache_free");
	c = ttlcache_new(0, val_free);
	ttlcache_put(c, "a", strdup("1"), 60);
	tap_is_str(get(c, "a"), "(miss)", "max 0: the cache is off");
	ttlcache_free(c);
	return tap_done();
}
