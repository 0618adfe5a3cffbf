/*
 * NAME
 *	identstore - LMDB identity history (opened through lmdbenv.c)
 * DESCRIPTION
 *	Keys: "i" US stream US from US name -> record (first, last, count,
 *	approved as four 8-octet big-endian numbers); "s" US stream -> the
 *	first time the stream was seen (its learning period starts there).
 *	US is the ASCII unit separator, which no stream name, address or
 *	display name we store contains (they are printable or UTF-8).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "identstore.h"
#include "limits.h"
#include "lmdbenv.h"
#include "log.h"
#include "util.h"

#define US	'\x1f'

struct identstore {
	MDB_env	*env;
	MDB_dbi	 dbi;
};

static void
key(struct sbuf *b, const char *stream, const char *from, const char *name)
{
	const char *p;

	sbuf_addc(b, 'i');
	sbuf_addc(b, US);
	sbuf_adds(b, stream);
	sbuf_addc(b, US);
	for (p = from; *p != '\0'; p++)
		sbuf_addc(b, tolower((unsigned char)*p));
	sbuf_addc(b, US);
	if (name != NULL)
		sbuf_adds(b, name);
}

struct identstore *
identstore_open(const char *path, long map_mb, int readonly, char *err,
    size_t errlen)
{
	struct identstore *s = xcalloc(1, sizeof(*s));

	if (lmdbenv_open(path, map_mb, readonly ? LMDBENV_RDONLY :
	    LMDBENV_CREATE, &s->env, &s->dbi, err, errlen) < 0) {
		free(s);
		return NULL;
	}
	return s;
}

void
identstore_close(struct identstore *s)
{
	if (s == NULL)
		return;
	mdb_env_close(s->env);
	free(s);
}

static void
unpack(const MDB_val *v, struct identrec *r)
{
	const unsigned char *p = v->mv_data;

	memset(r, 0, sizeof(*r));
	if (v->mv_size < 32)
		return;
	r->first = (time_t)lmdbenv_get64(p);
	r->last = (time_t)lmdbenv_get64(p + 8);
	r->count = (unsigned long)lmdbenv_get64(p + 16);
	r->approved = lmdbenv_get64(p + 24) != 0;
}

int
identstore_check(struct identstore *s, const char *stream, const char *from,
    const char *name, time_t since, struct identlookup *c)
{
	MDB_txn *txn;
	MDB_cursor *cur;
	MDB_val k, v;
	struct sbuf b, sb;
	struct identrec r;
	size_t plen, nlen = strlen(name);
	int rc, scanned = 0, err = 0;

	memset(c, 0, sizeof(*c));
	sbuf_init(&b, 4096);
	key(&b, stream, from, NULL);
	plen = b.len;
	sbuf_adds(&b, name);
	sbuf_init(&sb, 1024);
	sbuf_addc(&sb, 's');
	sbuf_addc(&sb, US);
	sbuf_adds(&sb, stream);
	if ((rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, &txn)) != 0) {
		log_warn("identity store: %s", mdb_strerror(rc));
		sbuf_clear(&b);
		sbuf_clear(&sb);
		return -1;
	}
	k.mv_data = b.s;
	k.mv_size = b.len;
	if ((rc = mdb_get(txn, s->dbi, &k, &v)) == 0) {
		c->known = 1;
		unpack(&v, &c->rec);
	} else if (rc != MDB_NOTFOUND)
		err = rc;
	k.mv_data = sb.s;
	k.mv_size = sb.len;
	if ((rc = mdb_get(txn, s->dbi, &k, &v)) == 0 && v.mv_size >= 8) {
		c->stream_seen = 1;
		c->stream_first = (time_t)lmdbenv_get64(v.mv_data);
	} else if (rc != 0 && rc != MDB_NOTFOUND)
		err = rc;
	/* other names of this address, at most SL_IDENTSTORE_SCAN looked at */
	if ((rc = mdb_cursor_open(txn, s->dbi, &cur)) != 0)
		err = rc;
	else {
		k.mv_data = b.s;
		k.mv_size = plen;
		for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
		    rc == 0 && scanned++ < SL_IDENTSTORE_SCAN;
		    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
			if (k.mv_size < plen || memcmp(k.mv_data, b.s, plen) != 0)
				break;
			unpack(&v, &r);
			if (r.last < since || (k.mv_size - plen == nlen &&
			    memcmp((char *)k.mv_data + plen, name, nlen) == 0))
				continue;
			snprintf(c->other_name, sizeof(c->other_name), "%.*s",
			    (int)(k.mv_size - plen), (char *)k.mv_data + plen);
			c->other = 1;
			break;
		}
		mdb_cursor_close(cur);
	}
	mdb_txn_abort(txn);
	sbuf_clear(&b);
	sbuf_clear(&sb);
	if (err) {
		log_warn("identity store: %s", mdb_strerror(err));
		return -1;
	}
	return 0;
}

enum how { SEEN, APPROVE, REVOKE };

/* Returns 0, 1 when there is nothing to revoke, -1 on a store error. */
static int
update(struct identstore *s, const char *stream, const char *from,
    const char *name, time_t now, enum how how)
{
	unsigned char val[32];
	MDB_txn *txn;
	MDB_val k, v, sk, sv;
	struct sbuf b, sb;
	struct identrec r;
	int rc;

	sbuf_init(&b, 4096);
	key(&b, stream, from, name);
	sbuf_init(&sb, 1024);
	sbuf_addc(&sb, 's');
	sbuf_addc(&sb, US);
	sbuf_adds(&sb, stream);
	if ((rc = mdb_txn_begin(s->env, NULL, 0, &txn)) != 0)
		goto fail;
	k.mv_data = b.s;
	k.mv_size = b.len;
	memset(&r, 0, sizeof(r));
	if ((rc = mdb_get(txn, s->dbi, &k, &v)) == 0)
		unpack(&v, &r);
	else if (rc != MDB_NOTFOUND)
		goto abort;
	else if (how == REVOKE) {
		mdb_txn_abort(txn);
		sbuf_clear(&b);
		sbuf_clear(&sb);
		return 1;
	}
	if (how == SEEN) {	/* approved before it was seen: first stays 0 */
		if (r.first == 0)
			r.first = now;
		r.last = now;
		r.count++;
	} else
		r.approved = how == APPROVE;
	lmdbenv_put64(val, (uint64_t)r.first);
	lmdbenv_put64(val + 8, (uint64_t)r.last);
	lmdbenv_put64(val + 16, r.count);
	lmdbenv_put64(val + 24, (uint64_t)r.approved);
	v.mv_data = val;
	v.mv_size = sizeof(val);
	if ((rc = mdb_put(txn, s->dbi, &k, &v, 0)) != 0)
		goto abort;
	sk.mv_data = sb.s;
	sk.mv_size = sb.len;
	lmdbenv_put64(val, (uint64_t)now);
	sv.mv_data = val;
	sv.mv_size = 8;
	if ((rc = mdb_put(txn, s->dbi, &sk, &sv, MDB_NOOVERWRITE)) != 0 &&
	    rc != MDB_KEYEXIST)
		goto abort;
	if ((rc = mdb_txn_commit(txn)) != 0)
		goto fail;
	sbuf_clear(&b);
	sbuf_clear(&sb);
	return 0;
abort:
	mdb_txn_abort(txn);
fail:
	log_warn("identity store: %s", mdb_strerror(rc));
	sbuf_clear(&b);
	sbuf_clear(&sb);
	return -1;
}

int
identstore_record(struct identstore *s, const char *stream, const char *from,
    const char *name, time_t now)
{
	return update(s, stream, from, name, now, SEEN);
}

int
identstore_approve(struct identstore *s, const char *stream, const char *from,
    const char *name, time_t now)
{
	return update(s, stream, from, name, now, APPROVE);
}

int
identstore_revoke(struct identstore *s, const char *stream, const char *from,
    const char *name)
{
	return update(s, stream, from, name, time(NULL), REVOKE);
}

int
identstore_list(struct identstore *s, void (*cb)(void *, const char *, const char *,
    const char *, const struct identrec *), void *arg)
{
	MDB_txn *txn;
	MDB_cursor *cur;
	MDB_val k, v;
	struct identrec r;
	char *copy, *stream, *from, *name;
	int rc;

	if (mdb_txn_begin(s->env, NULL, MDB_RDONLY, &txn) != 0)
		return -1;
	if (mdb_cursor_open(txn, s->dbi, &cur) != 0) {
		mdb_txn_abort(txn);
		return -1;
	}
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size < 2 || ((char *)k.mv_data)[0] != 'i')
			continue;
		copy = xstrndup((char *)k.mv_data + 2, k.mv_size - 2);
		stream = copy;
		if ((from = strchr(stream, US)) == NULL ||
		    (name = strchr(from + 1, US)) == NULL) {
			free(copy);
			continue;
		}
		*from++ = '\0';
		*name++ = '\0';
		unpack(&v, &r);
		cb(arg, stream, from, name, &r);
		free(copy);
	}
	mdb_cursor_close(cur);
	mdb_txn_abort(txn);
	return 0;
}
