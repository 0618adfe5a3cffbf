/*
 * NAME
 *	unsubwin - LMDB window of unsubscribe URIs sent
 * DESCRIPTION
 *	Two kinds of keys in one database:
 *
 *	"u" H		-> last sent (8 octets), recipients' hash (8 octets)
 *	"t" T H		-> nothing: the age index, oldest first
 *
 *	H is the 64-bit hash of stream US URI, T the time of the last copy;
 *	all numbers big-endian, so the "t" keys sort by age. The number of
 *	URIs is (entries - 0) / 2, read from mdb_stat().
 */
#include <ctype.h>
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lmdbenv.h"
#include "log.h"
#include "unsubwin.h"
#include "util.h"

struct unsubwin {
	MDB_env	*env;
	MDB_dbi	 dbi;
	long	 size;
	long	 age;
};

/* FNV-1a, then the splitmix64 finalizer to spread the bits. */
static uint64_t
mix(uint64_t h)
{
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	return h ^ (h >> 31);
}

static uint64_t
fnv(uint64_t h, const char *s, int lower)
{
	for (; *s != '\0'; s++) {
		h ^= (unsigned char)(lower ? tolower((unsigned char)*s) : *s);
		h *= 0x100000001b3ULL;
	}
	return h;
}

static uint64_t
uri_hash(const char *stream, const char *uri)
{
	uint64_t h = fnv(0xcbf29ce484222325ULL, stream, 0);

	h ^= 0x1f;
	h *= 0x100000001b3ULL;
	return mix(fnv(h, uri, 0));
}

uint64_t
unsubwin_rcpt_hash(char *const *rcpt, size_t n)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < n; i++)		/* a sum: the order does not matter */
		sum += mix(fnv(0xcbf29ce484222325ULL, rcpt[i], 1));
	return mix(sum ^ n);
}

struct unsubwin *
unsubwin_open(const char *path, long map_mb, long size, long age,
    int readonly, char *err, size_t errlen)
{
	struct unsubwin *w = xcalloc(1, sizeof(*w));

	w->size = size;
	w->age = age;
	if (lmdbenv_open(path, map_mb, readonly ? LMDBENV_RDONLY :
	    LMDBENV_CREATE, &w->env, &w->dbi, err, errlen) < 0) {
		free(w);
		return NULL;
	}
	return w;
}

void
unsubwin_close(struct unsubwin *w)
{
	if (w == NULL)
		return;
	mdb_env_close(w->env);
	free(w);
}

int
unsubwin_seen(struct unsubwin *w, const char *stream, const char *uri,
    time_t now, uint64_t *rcpt, time_t *when)
{
	unsigned char kb[9];
	MDB_txn *txn;
	MDB_val k, v;
	int rc, found = 0;

	kb[0] = 'u';
	lmdbenv_put64(kb + 1, uri_hash(stream, uri));
	k.mv_data = kb;
	k.mv_size = sizeof(kb);
	if ((rc = mdb_txn_begin(w->env, NULL, MDB_RDONLY, &txn)) != 0) {
		log_warn("unsubscribe window: %s", mdb_strerror(rc));
		return -1;
	}
	rc = mdb_get(txn, w->dbi, &k, &v);
	if (rc == 0 && v.mv_size >= 16) {
		*when = (time_t)lmdbenv_get64(v.mv_data);
		*rcpt = lmdbenv_get64((const unsigned char *)v.mv_data + 8);
		found = *when >= now - w->age;
	}
	mdb_txn_abort(txn);
	if (rc != 0 && rc != MDB_NOTFOUND) {
		log_warn("unsubscribe window: %s", mdb_strerror(rc));
		return -1;
	}
	return found;
}

/* Drops the oldest entries past the size or the age; 0 or an LMDB error. */
static int
evict(struct unsubwin *w, MDB_txn *txn, time_t now)
{
	unsigned char gone[UNSUBWIN_EVICT][17], first = 't';
	MDB_cursor *cur;
	MDB_stat st;
	MDB_val k, v;
	size_t left, n = 0, i;
	int rc;

	if ((rc = mdb_stat(txn, w->dbi, &st)) != 0 ||
	    (rc = mdb_cursor_open(txn, w->dbi, &cur)) != 0)
		return rc;
	left = st.ms_entries / 2;
	k.mv_data = &first;
	k.mv_size = 1;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
	    rc == 0 && n < UNSUBWIN_EVICT;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size != 17 || ((unsigned char *)k.mv_data)[0] != 't')
			break;
		if ((long)left <= w->size &&
		    (time_t)lmdbenv_get64((unsigned char *)k.mv_data + 1) >=
		    now - w->age)
			break;
		memcpy(gone[n++], k.mv_data, 17);
		left--;
	}
	mdb_cursor_close(cur);
	if (rc != 0 && rc != MDB_NOTFOUND)
		return rc;
	for (i = 0; i < n; i++) {
		k.mv_data = gone[i];
		k.mv_size = 17;
		if ((rc = mdb_del(txn, w->dbi, &k, NULL)) != 0)
			return rc;
		gone[i][8] = 'u';
		k.mv_data = gone[i] + 8;
		k.mv_size = 9;
		if ((rc = mdb_del(txn, w->dbi, &k, NULL)) != 0 &&
		    rc != MDB_NOTFOUND)
			return rc;
	}
	return 0;
}

int
unsubwin_add(struct unsubwin *w, const char *stream, const char *uri,
    uint64_t rcpt, time_t now)
{
	unsigned char kb[9], tb[17], val[16];
	uint64_t h = uri_hash(stream, uri);
	MDB_txn *txn;
	MDB_val k, v, tk, tv;
	int rc;

	kb[0] = 'u';
	lmdbenv_put64(kb + 1, h);
	k.mv_data = kb;
	k.mv_size = sizeof(kb);
	tb[0] = 't';
	lmdbenv_put64(tb + 9, h);
	tk.mv_data = tb;
	tk.mv_size = sizeof(tb);
	tv.mv_data = "";
	tv.mv_size = 0;
	if ((rc = mdb_txn_begin(w->env, NULL, 0, &txn)) != 0)
		goto fail;
	if ((rc = mdb_get(txn, w->dbi, &k, &v)) == 0 && v.mv_size >= 16) {
		rcpt = lmdbenv_get64((const unsigned char *)v.mv_data + 8);
		lmdbenv_put64(tb + 1, lmdbenv_get64(v.mv_data));
		if ((rc = mdb_del(txn, w->dbi, &tk, NULL)) != 0 &&
		    rc != MDB_NOTFOUND)
			goto abort;
	} else if (rc != 0 && rc != MDB_NOTFOUND)
		goto abort;
	lmdbenv_put64(val, (uint64_t)now);
	lmdbenv_put64(val + 8, rcpt);
	v.mv_data = val;
	v.mv_size = sizeof(val);
	lmdbenv_put64(tb + 1, (uint64_t)now);
	if ((rc = mdb_put(txn, w->dbi, &k, &v, 0)) != 0 ||
	    (rc = mdb_put(txn, w->dbi, &tk, &tv, 0)) != 0 ||
	    (rc = evict(w, txn, now)) != 0)
		goto abort;
	if ((rc = mdb_txn_commit(txn)) != 0)
		goto fail;
	return 0;
abort:
	mdb_txn_abort(txn);
fail:
	log_warn("unsubscribe window: %s", mdb_strerror(rc));
	return -1;
}
