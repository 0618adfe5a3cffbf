/*
 * NAME
 *	dkim - verify the DKIM signatures of a message as it leaves (RFC 6376)
 * DESCRIPTION
 *	See dkim.h. The only file that includes libopendkim.
 *
 *	Key queries: libopendkim calls start(), waitreply(), then cancel()
 *	for one TXT query. start() resolves through dns.c at once and writes
 *	the reply packet into libopendkim's buffer; waitreply() gives its
 *	length; a
 *	temporary DNS failure becomes DKIM_DNS_ERROR, which libopendkim
 *	reports as DKIM_SIGERROR_KEYFAIL, our temperror.
 *
 *	Decoded keys: libopendkim turns the p= of a key record into an
 *	EVP_PKEY with d2i_PUBKEY_bio() for every signature it verifies, the
 *	same key again and again (with OpenSSL 3, a fifth of the work on
 *	signed mail). This file defines d2i_PUBKEY_bio() itself, which the
 *	dynamic linker binds libopendkim's call to: the DER bytes are the
 *	cache key, a hit returns another reference to the key decoded
 *	before (libopendkim frees it with EVP_PKEY_free(), and only reads
 *	it), a miss decodes with d2i_PUBKEY(). Anything else (a BIO that is
 *	not memory, a caller that passes a key to fill) goes to OpenSSL's
 *	own function. The cache is bounded (SL_DKIM_KEY_CACHE entries,
 *	least recently used out, SL_DKIM_KEY_TTL seconds at most) and shared
 *	by every thread under one mutex; the same bytes always decode to
 *	the same key, so verdicts do not depend on it.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <opendkim/dkim.h>

#include "dkim.h"
#include "dkimcanon.h"
#include "log.h"
#include "util.h"

struct keyent {
	unsigned char	*der;		/* NULL: a free slot */
	size_t		 len;
	EVP_PKEY	*pkey;		/* one reference held by the cache */
	time_t		 expires;
	unsigned long	 used;		/* LRU clock */
};

static struct keyent keys[SL_DKIM_KEY_CACHE];
static unsigned long key_clock;
static pthread_mutex_t key_lock = PTHREAD_MUTEX_INITIALIZER;

typedef EVP_PKEY *(*d2i_bio_fn)(BIO *, EVP_PKEY **);

/* OpenSSL's d2i_PUBKEY_bio, for what the cache does not handle. */
static EVP_PKEY *
openssl_d2i_pubkey_bio(BIO *bp, EVP_PKEY **a)
{
	static d2i_bio_fn real;
	void *sym;

	if (real == NULL) {
		if ((sym = dlsym(RTLD_NEXT, "d2i_PUBKEY_bio")) == NULL)
			log_panic("dlsym(d2i_PUBKEY_bio): %s", dlerror());
		memcpy(&real, &sym, sizeof(real));
	}
	return real(bp, a);
}

static void
keyent_clear(struct keyent *e)
{
	free(e->der);
	EVP_PKEY_free(e->pkey);
	memset(e, 0, sizeof(*e));
}

/* A new reference to the key decoded from der[len], or NULL. Locked. */
static EVP_PKEY *
key_lookup(const unsigned char *der, size_t len, time_t now)
{
	struct keyent *e;
	size_t i;

	for (i = 0; i < SL_DKIM_KEY_CACHE; i++) {
		e = &keys[i];
		if (e->der == NULL || e->len != len ||
		    memcmp(e->der, der, len) != 0)
			continue;
		if (e->expires <= now) {
			keyent_clear(e);
			return NULL;
		}
		if (EVP_PKEY_up_ref(e->pkey) != 1)
			return NULL;
		e->used = ++key_clock;
		return e->pkey;
	}
	return NULL;
}

/* Keeps a reference to pkey for der[len], in a free or the LRU slot. Locked. */
static void
key_store(const unsigned char *der, size_t len, EVP_PKEY *pkey, time_t now)
{
	struct keyent *e, *victim = &keys[0];
	size_t i;

	for (i = 0; i < SL_DKIM_KEY_CACHE; i++) {
		e = &keys[i];
		if (e->der != NULL && e->len == len &&
		    memcmp(e->der, der, len) == 0)
			return;		/* another thread was first */
		if (e->der == NULL || e->expires <= now) {
			victim = e;
			break;
		}
		if (e->used < victim->used)
			victim = e;
	}
	if (EVP_PKEY_up_ref(pkey) != 1)
		return;
	keyent_clear(victim);
	victim->der = xmalloc(len);
	memcpy(victim->der, der, len);
	victim->len = len;
	victim->pkey = pkey;
	victim->expires = now + SL_DKIM_KEY_TTL;
	victim->used = ++key_clock;
}

/*
 * Binds libopendkim's call (see DESCRIPTION): same contract as OpenSSL's,
 * the caller owns one reference to the key returned.
 */
EVP_PKEY *d2i_PUBKEY_bio(BIO *, EVP_PKEY **);

EVP_PKEY *
d2i_PUBKEY_bio(BIO *bp, EVP_PKEY **a)
{
	const unsigned char *der, *p;
	char *data;
	long n;
	size_t len;
	EVP_PKEY *pkey;
	time_t now;

	if (a != NULL || bp == NULL || BIO_method_type(bp) != BIO_TYPE_MEM ||
	    (n = BIO_get_mem_data(bp, &data)) <= 0 ||
	    (size_t)n > SL_DKIM_KEY_BYTES)
		return openssl_d2i_pubkey_bio(bp, a);
	der = (const unsigned char *)data;
	len = (size_t)n;
	now = time(NULL);
	pthread_mutex_lock(&key_lock);
	pkey = key_lookup(der, len, now);
	pthread_mutex_unlock(&key_lock);
	if (pkey != NULL)
		return pkey;
	p = der;
	if ((pkey = d2i_PUBKEY(NULL, &p, (long)len)) == NULL)
		return NULL;
	pthread_mutex_lock(&key_lock);
	key_store(der, len, pkey, now);
	pthread_mutex_unlock(&key_lock);
	return pkey;
}

struct dkimv {
	DKIM_LIB	*lib;
	struct dns	*dns;
};

/* One body hash computed here: a distinct body canonicalisation and hash. */
struct bodyhash {
	int		 relaxed;
	int		 sha1;
	EVP_MD_CTX	*md;
	int		 failed;	/* the digest failed: libopendkim's word */
	char		 b64[EVP_MAX_MD_SIZE * 2];	/* the result, base64 */
	struct dkimcanon canon;
};

#define MAX_BODYHASH	4	/* {simple, relaxed} x {sha1, sha256} */

struct dkimmsg {
	DKIM		*d;
	int		 broken;	/* libopendkim gave up on the message */
	size_t		 nbh;		/* > 0: the body hashes are ours */
	struct bodyhash	*bh[MAX_BODYHASH];
};

struct dquery {
	int		 tempfail;
	size_t		 len;		/* of the reply written into buf */
};

static int
q_start(void *srv, int type, unsigned char *query, unsigned char *buf,
    size_t buflen, void **qh)
{
	const struct dns_answer *a;
	struct dquery *q;

	q = xcalloc(1, sizeof(*q));
	a = dns_query(srv, (const char *)query, type);
	if (a->status == DNS_TEMPFAIL)
		q->tempfail = 1;
	else if ((q->len = dns_packet(a, (const char *)query, type, buf,
	    buflen)) == 0)
		q->tempfail = 1;
	dns_release(a);
	*qh = q;
	return 0;
}

static int
q_wait(void *srv, void *qh, struct timeval *to, size_t *bytes, int *error,
    int *dnssec)
{
	struct dquery *q = qh;

	(void)srv;
	(void)to;
	if (dnssec != NULL)
		*dnssec = DKIM_DNSSEC_UNKNOWN;
	if (error != NULL)
		*error = 0;
	if (q->tempfail)
		return DKIM_DNS_ERROR;
	/* libopendkim passes the size of its buffer in *bytes */
	if (*bytes < q->len)
		return DKIM_DNS_ERROR;
	*bytes = q->len;
	return DKIM_DNS_SUCCESS;
}

static int
q_cancel(void *srv, void *qh)
{
	(void)srv;
	free(qh);
	return 0;
}

/* libopendkim's own resolver setup must never touch our dns handle. */
static int
q_init(void **srv)
{
	(void)srv;
	return 0;
}

static void
q_close(void *srv)
{
	(void)srv;
}

struct dkimv *
dkimv_new(struct dns *dns)
{
	struct dkimv *v = xcalloc(1, sizeof(*v));
	unsigned int flags = DKIM_LIBFLAGS_BADSIGHANDLES |
	    DKIM_LIBFLAGS_FIXCRLF;
	unsigned int minbits = 1;

	if ((v->lib = dkim_init(NULL, NULL)) == NULL)
		log_fatal("libopendkim: cannot initialise");
	v->dns = dns;
	dkim_options(v->lib, DKIM_OP_SETOPT, DKIM_OPTS_FLAGS, &flags,
	    sizeof(flags));
	dkim_options(v->lib, DKIM_OP_SETOPT, DKIM_OPTS_MINKEYBITS, &minbits,
	    sizeof(minbits));
	dkim_dns_set_init(v->lib, q_init);
	dkim_dns_set_close(v->lib, q_close);
	dkim_dns_set_query_service(v->lib, dns);
	dkim_dns_set_query_start(v->lib, q_start);
	dkim_dns_set_query_waitreply(v->lib, q_wait);
	dkim_dns_set_query_cancel(v->lib, q_cancel);
	return v;
}

void
dkimv_free(struct dkimv *v)
{
	if (v == NULL)
		return;
	dkim_close(v->lib);
	free(v);
}

/*
 * Body hashes: libopendkim canonicalises the body octet by octet through
 * its own buffers, most of the cost of a signed message. When every
 * signature's body canonicalisation and algorithm are known and none has
 * l=, the body goes through dkimcanon.c to one EVP digest per distinct
 * pair instead, libopendkim sees no body and verifies only the header
 * signature (b=), and bh= is compared here (sig_bh()). Otherwise
 * libopendkim does it all, as before.
 */
static int
sig_kind(DKIM_SIGINFO *si, int *relaxed, int *sha1)
{
	dkim_canon_t hc, bc;
	dkim_alg_t alg;

	if (dkim_sig_getcanons(si, &hc, &bc) != DKIM_STAT_OK ||
	    dkim_sig_getsignalg(si, &alg) != DKIM_STAT_OK ||
	    dkim_sig_gettagvalue(si, false, (u_char *)"l") != NULL)
		return -1;
	if (bc == DKIM_CANON_SIMPLE)
		*relaxed = 0;
	else if (bc == DKIM_CANON_RELAXED)
		*relaxed = 1;
	else
		return -1;
	if (alg == DKIM_SIGN_RSASHA1)
		*sha1 = 1;
	else if (alg == DKIM_SIGN_RSASHA256 || alg == DKIM_SIGN_ED25519SHA256)
		*sha1 = 0;
	else
		return -1;
	return 0;
}

static void
bh_out(void *arg, const unsigned char *p, size_t n)
{
	struct bodyhash *h = arg;

	if (!h->failed && EVP_DigestUpdate(h->md, p, n) != 1)
		h->failed = 1;
}

static void
bh_clear(struct dkimmsg *dm)
{
	size_t i;

	for (i = 0; i < dm->nbh; i++) {
		EVP_MD_CTX_free(dm->bh[i]->md);
		free(dm->bh[i]);
		dm->bh[i] = NULL;
	}
	dm->nbh = 0;
}

/* The body hash for this kind, or NULL. */
static struct bodyhash *
bh_find(const struct dkimmsg *dm, int relaxed, int sha1)
{
	size_t i;

	for (i = 0; i < dm->nbh; i++)
		if (dm->bh[i]->relaxed == relaxed && dm->bh[i]->sha1 == sha1)
			return dm->bh[i];
	return NULL;
}

/* Takes the body hashes over when every signature allows it. */
static void
bh_setup(struct dkimmsg *dm)
{
	DKIM_SIGINFO **sigs;
	struct bodyhash *h;
	int nsigs = 0, i, relaxed, sha1;

	if (dkim_getsiglist(dm->d, &sigs, &nsigs) != DKIM_STAT_OK || nsigs <= 0)
		return;
	for (i = 0; i < nsigs; i++)
		if (sig_kind(sigs[i], &relaxed, &sha1) < 0)
			return;
	for (i = 0; i < nsigs; i++) {
		(void)sig_kind(sigs[i], &relaxed, &sha1);
		if (bh_find(dm, relaxed, sha1) != NULL)
			continue;
		h = xcalloc(1, sizeof(*h));
		h->relaxed = relaxed;
		h->sha1 = sha1;
		dm->bh[dm->nbh++] = h;
		if ((h->md = EVP_MD_CTX_new()) == NULL ||
		    EVP_DigestInit_ex(h->md, sha1 ? EVP_sha1() : EVP_sha256(),
		    NULL) != 1) {
			bh_clear(dm);
			return;
		}
		dkimcanon_init(&h->canon, relaxed, bh_out, h);
	}
}

static void
bh_finish(struct dkimmsg *dm)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	struct bodyhash *h;
	size_t i;

	for (i = 0; i < dm->nbh; i++) {
		h = dm->bh[i];
		dkimcanon_end(&h->canon);
		if (h->failed || EVP_DigestFinal_ex(h->md, md, &len) != 1)
			h->failed = 1;
		else
			EVP_EncodeBlock((unsigned char *)h->b64, md, (int)len);
	}
}

/* bh= without its folding whitespace equals b64? */
static int
bh_equal(const unsigned char *tag, const char *b64)
{
	for (; *tag != '\0'; tag++) {
		if (*tag == ' ' || *tag == '\t' || *tag == '\r' || *tag == '\n')
			continue;
		if (*b64++ != (char)*tag)
			return 0;
	}
	return *b64 == '\0';
}

/*
 * libopendkim's dkim_sig_getbh(), or ours. libopendkim compares the body
 * hash only for a signature whose header signature verified and had no
 * other error (a key not allowed for a subdomain leaves it untested);
 * given no body, it finds a mismatch there and calls it BADSIG, which
 * our result then replaces.
 */
static int
sig_bh(const struct dkimmsg *dm, DKIM_SIGINFO *si)
{
	const struct bodyhash *h;
	const unsigned char *tag;
	int relaxed, sha1;

	if (dm->nbh == 0 || (dkim_sig_getflags(si) & DKIM_SIGFLAG_PASSED) == 0 ||
	    dkim_sig_getbh(si) == DKIM_SIGBH_UNTESTED)
		return dkim_sig_getbh(si);
	if (sig_kind(si, &relaxed, &sha1) < 0 ||
	    (h = bh_find(dm, relaxed, sha1)) == NULL || h->failed ||
	    (tag = dkim_sig_gettagvalue(si, false, (u_char *)"bh")) == NULL)
		return DKIM_SIGBH_MISMATCH;
	return bh_equal(tag, h->b64) ? DKIM_SIGBH_MATCH : DKIM_SIGBH_MISMATCH;
}

struct dkimmsg *
dkimmsg_new(struct dkimv *v, const struct msg *m)
{
	struct dkimmsg *dm;
	DKIM_STAT st;
	struct sbuf b;
	const char *p;
	size_t i;

	if (v == NULL || msg_find_header(m, "DKIM-Signature") == NULL)
		return NULL;
	dm = xcalloc(1, sizeof(*dm));
	if ((dm->d = dkim_verify(v->lib, (const unsigned char *)"senderlint",
	    NULL, &st)) == NULL) {
		free(dm);
		return NULL;
	}
	sbuf_init(&b, SL_MAX_HEADER_BYTES);
	for (i = 0; i < m->nhdr && !dm->broken; i++) {
		sbuf_reset(&b);
		sbuf_printf(&b, "%s:", m->hdr[i].name);
		for (p = m->hdr[i].value; *p; p++) {
			if (*p == '\n')
				sbuf_addc(&b, '\r');
			sbuf_addc(&b, *p);
		}
		if (dkim_header(dm->d, (u_char *)b.s, b.len) != DKIM_STAT_OK)
			dm->broken = 1;
	}
	sbuf_clear(&b);
	if (!dm->broken && (st = dkim_eoh(dm->d)) != DKIM_STAT_OK &&
	    st != DKIM_STAT_NOSIG)
		dm->broken = 1;
	if (!dm->broken)
		bh_setup(dm);
	return dm;
}

void
dkimmsg_body(struct dkimmsg *dm, const unsigned char *p, size_t n)
{
	size_t i;

	if (dm != NULL && dm->nbh > 0) {
		for (i = 0; i < dm->nbh; i++)
			dkimcanon_feed(&dm->bh[i]->canon, p, n);
		return;
	}
	if (dm != NULL && !dm->broken &&
	    dkim_body(dm->d, (u_char *)(uintptr_t)p, n) != DKIM_STAT_OK)
		dm->broken = 1;
}

/* Is name in the colon-separated h= list? */
static int
signed_hdr(const char *h, const char *name)
{
	size_t n = strlen(name), k;
	const char *p = h;

	while (p != NULL && *p) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		for (k = 0; p[k] && p[k] != ':' && p[k] != ' ' &&
		    p[k] != '\t' && p[k] != '\r' && p[k] != '\n'; k++)
			;
		if (k == n && strncasecmp(p, name, n) == 0)
			return 1;
		p = strchr(p, ':');
		if (p != NULL)
			p++;
	}
	return 0;
}

static void
reason(struct dkim_sig *s, DKIM_SIGINFO *si, int bh)
{
	int err = dkim_sig_geterror(si);
	const char *r;

	/* the header signature can verify while the body changed */
	if (bh == DKIM_SIGBH_MISMATCH) {
		snprintf(s->fail, sizeof(s->fail), "body hash mismatch");
		return;
	}
	switch (err) {
	case DKIM_SIGERROR_BADSIG:	r = "bad signature"; break;
	case DKIM_SIGERROR_NOKEY:	r = "key not found"; break;
	case DKIM_SIGERROR_KEYREVOKED:	r = "key revoked"; break;
	case DKIM_SIGERROR_EXPIRED:	r = "signature expired"; break;
	case DKIM_SIGERROR_KEYFAIL:
		r = "key lookup failed";
		s->temperror = 1;
		break;
	case DKIM_SIGERROR_OK:
	case DKIM_SIGERROR_UNKNOWN:
		r = "not verified";
		break;
	default:
		r = dkim_sig_geterrorstr(err);
		if (r == NULL)
			r = "invalid signature";
		break;
	}
	snprintf(s->fail, sizeof(s->fail), "%s", r);
}

size_t
dkimmsg_finish(struct dkimmsg *dm, struct dkim_sig *out, size_t max)
{
	DKIM_SIGINFO **sigs;
	DKIM_SIGINFO *si;
	struct dkim_sig *s;
	dkim_alg_t alg;
	unsigned int bits;
	const unsigned char *v;
	bool testkey;
	int nsigs = 0, i, bh;
	size_t n = 0;

	if (dm == NULL)
		return 0;
	if (!dm->broken) {
		bh_finish(dm);
		(void)dkim_eom(dm->d, &testkey);
	}
	if (dkim_getsiglist(dm->d, &sigs, &nsigs) != DKIM_STAT_OK ||
	    nsigs == 0) {
		/* a DKIM-Signature libopendkim could not even parse */
		if (max == 0)
			return 0;
		memset(&out[0], 0, sizeof(out[0]));
		snprintf(out[0].fail, sizeof(out[0].fail),
		    "signature not parseable");
		return 1;
	}
	for (i = 0; i < nsigs && n < max; i++) {
		si = sigs[i];
		s = &out[n++];
		memset(s, 0, sizeof(*s));
		if ((v = dkim_sig_getdomain(si)) != NULL)
			snprintf(s->domain, sizeof(s->domain), "%s", v);
		if ((v = dkim_sig_getselector(si)) != NULL)
			snprintf(s->selector, sizeof(s->selector), "%s", v);
		if (dkim_sig_getsignalg(si, &alg) == DKIM_STAT_OK) {
			s->sha1 = alg == DKIM_SIGN_RSASHA1;
			s->rsa = alg != DKIM_SIGN_ED25519SHA256;
		}
		if (dkim_sig_getkeysize(si, &bits) == DKIM_STAT_OK)
			s->keybits = bits;
		if ((v = dkim_sig_gettagvalue(si, false,
		    (u_char *)"h")) != NULL) {
			s->from_signed = signed_hdr((const char *)v, "from");
			s->lu_signed = signed_hdr((const char *)v,
			    "list-unsubscribe");
			s->lup_signed = signed_hdr((const char *)v,
			    "list-unsubscribe-post");
		}
		s->ltag = dkim_sig_gettagvalue(si, false, (u_char *)"l") !=
		    NULL;
		bh = sig_bh(dm, si);
		s->verified = !dm->broken &&
		    (dkim_sig_getflags(si) & DKIM_SIGFLAG_PASSED) != 0 &&
		    bh == DKIM_SIGBH_MATCH;
		if (!s->verified)
			reason(s, si, bh);
		s->pass = s->verified && !s->sha1 && s->from_signed &&
		    !(s->rsa && s->keybits > 0 && s->keybits < 1024);
	}
	return n;
}

void
dkimmsg_free(struct dkimmsg *dm)
{
	if (dm == NULL)
		return;
	bh_clear(dm);
	dkim_free(dm->d);
	free(dm);
}
