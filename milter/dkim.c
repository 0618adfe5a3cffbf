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
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <opendkim/dkim.h>

#include "dkim.h"
#include "log.h"
#include "util.h"

struct dkimv {
	DKIM_LIB	*lib;
	struct dns	*dns;
};

struct dkimmsg {
	DKIM		*d;
	int		 broken;	/* libopendkim gave up on the message */
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
	return dm;
}

void
dkimmsg_body(struct dkimmsg *dm, const unsigned char *p, size_t n)
{
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
reason(struct dkim_sig *s, DKIM_SIGINFO *si)
{
	int err = dkim_sig_geterror(si);
	const char *r;

	/* the header signature can verify while the body changed */
	if (dkim_sig_getbh(si) == DKIM_SIGBH_MISMATCH) {
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
	int nsigs = 0, i;
	size_t n = 0;

	if (dm == NULL)
		return 0;
	if (!dm->broken)
		(void)dkim_eom(dm->d, &testkey);
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
		s->verified = !dm->broken &&
		    (dkim_sig_getflags(si) & DKIM_SIGFLAG_PASSED) != 0 &&
		    dkim_sig_getbh(si) == DKIM_SIGBH_MATCH;
		if (!s->verified)
			reason(s, si);
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
	dkim_free(dm->d);
	free(dm);
}
