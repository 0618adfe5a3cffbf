/*
 * NAME
 *	suppress - the suppression list in LMDB (opened through lmdbenv.c)
 * DESCRIPTION
 *	Keys: 'a' US address US stream for an address, 'd' US domain US
 *	stream for a whole domain; stream is "" for an entry that applies
 *	to every stream. US is the ASCII unit separator, which a normalized
 *	address never holds (suppress_norm() refuses control characters).
 *	A key is at most 1 + 1 + 318 + 1 + 64 octets, under LMDB's 511.
 *	Value: a version octet (1), the reason octet, the date as 8 octets
 *	big-endian seconds since the epoch.
 *
 *	Readers and the map size: when a writer in another process grows
 *	the map past this process's mapping, mdb_txn_begin() answers
 *	MDB_MAP_RESIZED and the new size may only be adopted while no
 *	transaction of this process is open. Read transactions therefore
 *	hold a shared lock, and the resize takes it exclusively.
 * DIAGNOSTICS
 *	Store errors are logged once where they happen ("suppression list:
 *	..."), and returned as -1.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "addr.h"
#include "lex.h"
#include "lmdbenv.h"
#include "log.h"
#include "nfc.h"
#include "suppress.h"
#include "util.h"

#define US		'\x1f'
#define KEY_MAX		(2 + SUPP_ADDR_MAX + 1 + SL_MAX_RULE_ID)
#define VAL_LEN		10
#define VAL_VERSION	1

struct suppress {
	MDB_env		*env;
	MDB_dbi		 dbi;
	int		 rdonly;
	pthread_rwlock_t lock;
};

struct supp_txn {
	struct suppress	*s;
	MDB_txn		*txn;
};

static const char *const reasons[] = { NULL, "unsubscribed", "hard-bounce",
	"repeated-soft-bounce", "complaint", "manual" };

const char *
suppress_reason_name(int r)
{
	if (r < SUPP_UNSUBSCRIBED || r > SUPP_MANUAL)
		return "unknown";
	return reasons[r];
}

int
suppress_reason_parse(const char *s, size_t n)
{
	int r;

	for (r = SUPP_UNSUBSCRIBED; r <= SUPP_MANUAL; r++)
		if (strlen(reasons[r]) == n &&
		    strncasecmp(reasons[r], s, n) == 0)
			return r;
	return -1;
}

static int
digits(const char *s, size_t n, int *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

int
suppress_date_parse(const char *s, size_t n, time_t *out)
{
	struct tm tm, back;
	int y, mo, d, h = 0, mi = 0, sec = 0;
	time_t t;

	if ((n != 10 && n != 20) || s[4] != '-' || s[7] != '-' ||
	    digits(s, 4, &y) < 0 || digits(s + 5, 2, &mo) < 0 ||
	    digits(s + 8, 2, &d) < 0)
		return -1;
	if (n == 20 && ((s[10] != 'T' && s[10] != 't') || s[13] != ':' ||
	    s[16] != ':' || (s[19] != 'Z' && s[19] != 'z') ||
	    digits(s + 11, 2, &h) < 0 || digits(s + 14, 2, &mi) < 0 ||
	    digits(s + 17, 2, &sec) < 0))
		return -1;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || sec > 59)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	if ((t = timegm(&tm)) == (time_t)-1 || gmtime_r(&t, &back) == NULL ||
	    back.tm_mday != d)		/* 2026-02-30 */
		return -1;
	*out = t;
	return 0;
}

void
suppress_date_format(time_t t, int full, char *buf, size_t len)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL)
		memset(&tm, 0, sizeof(tm));
	strftime(buf, len, full ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%d", &tm);
}

/* RFC 5321 4.1.2 Dot-string, with UTF-8 octets as atext (RFC 6531 3.3). */
static int
dot_string(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || s[0] == '.' || s[n - 1] == '.')
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] == '.' ? s[i + 1] == '.' :
		    !((unsigned char)s[i] >= 0x80 ||
		    lex_is_atext((unsigned char)s[i])))
			return 0;
	return 1;
}

/* RFC 5321 4.1.2 Quoted-string, unescaped into out; -1 if it is not one. */
static int
quoted_string(const char *s, size_t n, struct sbuf *out)
{
	size_t i;
	unsigned char c;

	if (n < 2 || s[0] != '"' || s[n - 1] != '"')
		return -1;
	for (i = 1; i < n - 1; i++) {
		c = (unsigned char)s[i];
		if (c == '\\') {
			if (++i == n - 1)
				return -1;
			c = (unsigned char)s[i];
		} else if (c == '"')
			return -1;
		if (c < ' ' || c == 0x7f)
			return -1;
		sbuf_addc(out, c);
	}
	return 0;
}

/*
 * The local part as written (a Dot-string or a Quoted-string), made NFC
 * and ASCII-lowercase, then quoted only if it is not a Dot-string: NFC
 * can turn letters into ASCII punctuation (U+037E is ';').
 */
static const char *
local_norm(const char *s, size_t n, struct sbuf *b)
{
	struct sbuf raw, nfc;
	const char *why = NULL;
	size_t i, start = b->len;
	int quoted, eight = 0;

	sbuf_init(&raw, 4 * SL_SMTP_MAX_LOCAL);
	sbuf_init(&nfc, 4 * SL_SMTP_MAX_LOCAL);
	if (n > 0 && s[0] == '"') {
		if (quoted_string(s, n, &raw) < 0) {
			why = "bad quoted local part";
			goto out;
		}
	} else if (!dot_string(s, n)) {
		why = "local part is not a dot-string or quoted string";
		goto out;
	} else
		sbuf_add(&raw, s, n);
	for (i = 0; i < raw.len; i++)
		if ((unsigned char)raw.s[i] >= 0x80)
			eight = 1;
	if (eight && nfc_normalize(raw.s, raw.len, &nfc) < 0) {
		why = "local part is not valid UTF-8";
		goto out;
	} else if (!eight)
		sbuf_add(&nfc, raw.s, raw.len);
	for (i = 0; i < nfc.len; i++)
		if (nfc.s[i] >= 'A' && nfc.s[i] <= 'Z')
			nfc.s[i] = (char)(nfc.s[i] - 'A' + 'a');
	if ((quoted = !dot_string(nfc.s, nfc.len)))
		sbuf_addc(b, '"');
	for (i = 0; i < nfc.len; i++) {
		if (quoted && (nfc.s[i] == '"' || nfc.s[i] == '\\'))
			sbuf_addc(b, '\\');
		sbuf_addc(b, nfc.s[i]);
	}
	if (quoted)
		sbuf_addc(b, '"');
	if (raw.trunc || nfc.trunc || b->len - start > SL_SMTP_MAX_LOCAL)
		why = "local part over 64 octets";
out:
	sbuf_clear(&raw);
	sbuf_clear(&nfc);
	return why;
}

int
suppress_norm(const char *s, size_t n, char *out, size_t outlen,
    const char **why)
{
	const char *at = NULL;
	struct sbuf b;
	size_t i;

	*why = NULL;
	for (i = 0; i < n; i++)
		if (s[i] == '@')
			at = s + i;
	if (at == NULL) {
		*why = "not an address (local@domain, or @domain for a "
		    "whole domain)";
		return -1;
	}
	sbuf_init(&b, SUPP_ADDR_MAX + 8);
	if (at > s)
		*why = local_norm(s, (size_t)(at - s), &b);
	sbuf_addc(&b, '@');
	if (*why == NULL && addr_domain_ascii(at + 1, n - (size_t)(at + 1 - s),
	    &b) < 0)
		*why = "not a valid domain";
	if (*why == NULL && (b.trunc || b.len > SUPP_ADDR_MAX ||
	    b.len >= outlen))
		*why = "address too long";
	if (*why == NULL)
		memcpy(out, b.s, b.len + 1);
	sbuf_clear(&b);
	return *why == NULL ? 0 : -1;
}

/* The key of addr (normalized) in scope stream, into buf; its length. */
static size_t
key(char *buf, const char *addr, const char *stream)
{
	int n;

	if (addr[0] == '@')
		n = snprintf(buf, KEY_MAX + 1, "d%c%s%c%s", US, addr + 1, US,
		    stream);
	else
		n = snprintf(buf, KEY_MAX + 1, "a%c%s%c%s", US, addr, US,
		    stream);
	if (n < 0 || n > KEY_MAX)
		log_panic("suppression key over %d octets", KEY_MAX);
	return (size_t)n;
}

/* The entry of a key and value; -1 for a record this code did not write. */
static int
unpack(const MDB_val *k, const MDB_val *v, struct supp_entry *e)
{
	const char *p = k->mv_data, *sep;
	const unsigned char *d = v->mv_data;
	size_t n = k->mv_size, alen;

	if (n < 3 || (p[0] != 'a' && p[0] != 'd') || p[1] != US ||
	    (sep = memchr(p + 2, US, n - 2)) == NULL ||
	    v->mv_size < VAL_LEN || d[0] != VAL_VERSION)
		return -1;
	alen = (size_t)(sep - (p + 2));
	if (alen + 1 > SUPP_ADDR_MAX ||
	    n - (size_t)(sep + 1 - p) > SL_MAX_RULE_ID)
		return -1;
	snprintf(e->addr, sizeof(e->addr), "%s%.*s", p[0] == 'd' ? "@" : "",
	    (int)alen, p + 2);
	snprintf(e->stream, sizeof(e->stream), "%.*s",
	    (int)(n - (size_t)(sep + 1 - p)), sep + 1);
	e->reason = d[1];
	e->date = (time_t)lmdbenv_get64(d + 2);
	return 0;
}

struct suppress *
suppress_open(const char *path, long map_mb, int flags, char *err,
    size_t errlen)
{
	struct suppress *s = xcalloc(1, sizeof(*s));
	int lf = LMDBENV_NOTLS;

	if (flags & SUPPRESS_RDONLY)
		lf |= LMDBENV_RDONLY;
	if (flags & SUPPRESS_CREATE)
		lf |= LMDBENV_CREATE;
	if (lmdbenv_open(path, map_mb, lf, &s->env, &s->dbi, err, errlen) < 0) {
		free(s);
		return NULL;
	}
	s->rdonly = (flags & SUPPRESS_RDONLY) != 0;
	if (pthread_rwlock_init(&s->lock, NULL) != 0)
		log_fatal("pthread_rwlock_init failed");
	return s;
}

void
suppress_close(struct suppress *s)
{
	if (s == NULL)
		return;
	mdb_env_close(s->env);
	pthread_rwlock_destroy(&s->lock);
	free(s);
}

/* A read transaction with the shared lock held; -1 logged. */
static int
read_begin(struct suppress *s, MDB_txn **txn)
{
	int rc;

	pthread_rwlock_rdlock(&s->lock);
	if ((rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, txn)) ==
	    MDB_MAP_RESIZED) {
		pthread_rwlock_unlock(&s->lock);
		pthread_rwlock_wrlock(&s->lock);
		rc = mdb_env_set_mapsize(s->env, 0);
		pthread_rwlock_unlock(&s->lock);
		pthread_rwlock_rdlock(&s->lock);
		if (rc == 0)
			rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, txn);
	}
	if (rc != 0) {
		pthread_rwlock_unlock(&s->lock);
		log_warn("suppression list: %s", mdb_strerror(rc));
		return -1;
	}
	return 0;
}

static void
read_end(struct suppress *s, MDB_txn *txn)
{
	mdb_txn_abort(txn);
	pthread_rwlock_unlock(&s->lock);
}

/* Entries for one key prefix: the named scopes, or all of them. */
static int
find_one(struct suppress *s, MDB_txn *txn, const char *addr,
    const char *stream, size_t i,
    void (*cb)(void *, size_t, const struct supp_entry *), void *arg)
{
	char kb[KEY_MAX + 1];
	struct supp_entry e;
	MDB_cursor *cur;
	MDB_val k, v;
	size_t plen;
	int rc, found = 0;

	if (stream == NULL || strcmp(stream, SUPPRESS_ANY_STREAM) != 0) {
		const char *scopes[2] = { "", stream };
		int j;

		for (j = 0; j < 2; j++) {
			if (scopes[j] == NULL || (j == 1 && *scopes[j] == '\0'))
				continue;
			k.mv_size = key(kb, addr, scopes[j]);
			k.mv_data = kb;
			if ((rc = mdb_get(txn, s->dbi, &k, &v)) == MDB_NOTFOUND)
				continue;
			if (rc != 0)
				goto fail;
			if (unpack(&k, &v, &e) == 0) {
				cb(arg, i, &e);
				found++;
			}
		}
		return found;
	}
	plen = key(kb, addr, "");
	if ((rc = mdb_cursor_open(txn, s->dbi, &cur)) != 0)
		goto fail;
	k.mv_data = kb;
	k.mv_size = plen;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size < plen || memcmp(k.mv_data, kb, plen) != 0)
			break;
		if (unpack(&k, &v, &e) == 0) {
			cb(arg, i, &e);
			found++;
		}
	}
	mdb_cursor_close(cur);
	if (rc != 0 && rc != MDB_NOTFOUND)
		goto fail;
	return found;
fail:
	log_warn("suppression list: %s", mdb_strerror(rc));
	return -1;
}

int
suppress_find(struct suppress *s, const char *const *addr, size_t n,
    const char *stream, void (*cb)(void *, size_t, const struct supp_entry *),
    void *arg)
{
	MDB_txn *txn;
	const char *at;
	size_t i;
	int found = 0, r;

	if (read_begin(s, &txn) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if ((at = strrchr(addr[i], '@')) == NULL)
			continue;
		r = find_one(s, txn, addr[i], stream, i, cb, arg);
		if (r >= 0 && at != addr[i]) {	/* then its domain */
			found += r;
			r = find_one(s, txn, at, stream, i, cb, arg);
		}
		if (r < 0) {
			read_end(s, txn);
			return -1;
		}
		found += r;
	}
	read_end(s, txn);
	return found;
}

long
suppress_list(struct suppress *s, void (*cb)(void *, const struct supp_entry *),
    void *arg)
{
	struct supp_entry e;
	MDB_cursor *cur;
	MDB_txn *txn;
	MDB_val k, v;
	long n = 0;
	int rc;

	if (read_begin(s, &txn) < 0)
		return -1;
	if ((rc = mdb_cursor_open(txn, s->dbi, &cur)) == 0) {
		for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
		    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT))
			if (unpack(&k, &v, &e) == 0) {
				cb(arg, &e);
				n++;
			}
		mdb_cursor_close(cur);
	}
	read_end(s, txn);
	if (rc != 0 && rc != MDB_NOTFOUND) {
		log_warn("suppression list: %s", mdb_strerror(rc));
		return -1;
	}
	return n;
}

struct supp_txn *
suppress_begin(struct suppress *s)
{
	struct supp_txn *t;
	MDB_txn *txn;
	int rc;

	if (s->rdonly)
		log_panic("suppression list: write to a read-only store");
	if ((rc = mdb_txn_begin(s->env, NULL, 0, &txn)) != 0) {
		log_warn("suppression list: %s", mdb_strerror(rc));
		return NULL;
	}
	t = xcalloc(1, sizeof(*t));
	t->s = s;
	t->txn = txn;
	return t;
}

int
suppress_put(struct supp_txn *t, const struct supp_entry *e)
{
	unsigned char val[VAL_LEN];
	char kb[KEY_MAX + 1];
	MDB_val k, v;
	int rc;

	if (e->reason < SUPP_UNSUBSCRIBED || e->reason > SUPP_MANUAL)
		log_panic("suppression list: reason %d", e->reason);
	k.mv_size = key(kb, e->addr, e->stream);
	k.mv_data = kb;
	val[0] = VAL_VERSION;
	val[1] = (unsigned char)e->reason;
	lmdbenv_put64(val + 2, (uint64_t)e->date);
	v.mv_data = val;
	v.mv_size = sizeof(val);
	if ((rc = mdb_put(t->txn, t->s->dbi, &k, &v, 0)) != 0) {
		log_warn("suppression list: %s", mdb_strerror(rc));
		return -1;
	}
	return 0;
}

int
suppress_del(struct supp_txn *t, const char *addr, const char *stream)
{
	char kb[KEY_MAX + 1];
	MDB_val k;
	int rc;

	k.mv_size = key(kb, addr, stream);
	k.mv_data = kb;
	if ((rc = mdb_del(t->txn, t->s->dbi, &k, NULL)) == MDB_NOTFOUND)
		return 0;
	if (rc != 0) {
		log_warn("suppression list: %s", mdb_strerror(rc));
		return -1;
	}
	return 1;
}

int
suppress_clear(struct supp_txn *t)
{
	int rc;

	if ((rc = mdb_drop(t->txn, t->s->dbi, 0)) != 0) {
		log_warn("suppression list: %s", mdb_strerror(rc));
		return -1;
	}
	return 0;
}

int
suppress_commit(struct supp_txn *t)
{
	int rc = mdb_txn_commit(t->txn);

	free(t);
	if (rc != 0) {
		log_warn("suppression list: %s", mdb_strerror(rc));
		return -1;
	}
	return 0;
}

void
suppress_abort(struct supp_txn *t)
{
	if (t == NULL)
		return;
	mdb_txn_abort(t->txn);
	free(t);
}
