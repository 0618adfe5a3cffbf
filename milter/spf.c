/*
 * NAME
 *	spf - SPF (RFC 7208) of a sender for an egress IP, through dns.c
 * DESCRIPTION
 *	See spf.h. The only file that includes libspf2.
 *
 *	libspf2 calls our layer's lookup for every query of one evaluation
 *	on the evaluating thread; the evaluation's counters live in a
 *	thread-local struct eval. To stop libspf2 at a limit or at a record
 *	the pre-check refused, the layer answers TRY_AGAIN from then on and
 *	spf_check() turns the outcome into permerror.
 */
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <spf2/spf.h>

#include "limits.h"
#include "log.h"
#include "spf.h"
#include "spfrec.h"
#include "ttlcache.h"
#include "util.h"

struct eval {
	int		 v6;		/* the client is IPv6 */
	int		 terms;		/* DNS-querying terms of all records */
	int		 queries;
	int		 voids;
	int		 dnsfail;
	int		 macro;
	uint32_t	 ttl;
	char		 stop[160];	/* set: the result is permerror */
};

struct spf {
	struct dns	*dns;
	SPF_dns_server_t layer;
	SPF_server_t	*server;
	struct ttlcache	*cache;
};

struct cached {
	int		 result;
	char		 why[160];
};

static __thread struct eval *cur;

static const char *const names[] = {
	"none", "neutral", "pass", "fail", "softfail", "temperror",
	"permerror"
};

const char *
spf_result_name(int r)
{
	return r >= 0 && r <= SPFR_PERMERROR ? names[r] : "?";
}

static void
quiet(const char *file, int line, const char *msg)
{
	(void)file;
	(void)line;
	(void)msg;
}

static SPF_dns_rr_t *
rr_fail(SPF_dns_server_t *ds, const char *domain, ns_type type, int herrno)
{
	return SPF_dns_rr_new_init(ds, domain, type, 0, herrno);
}

/*
 * One TXT record as libspf2 gets it: an SPF record must pass the
 * pre-check (or evaluation stops) and is replaced by its clean copy;
 * other TXT records go as they are.
 */
static int
txt_record(struct eval *e, const struct dns_rr *in, struct spfrec *r,
    const char **text, size_t *len)
{
	char why[120];

	*text = (const char *)in->data;
	*len = in->len;
	if (e == NULL || !spfrec_is_spf(*text, *len))
		return 0;
	if (memchr(*text, '%', *len) != NULL)
		e->macro = 1;
	r->v6client = e->v6;
	if (!spfrec_check(*text, *len, r, why, sizeof(why))) {
		snprintf(e->stop, sizeof(e->stop), "SPF record: %s", why);
		return -1;
	}
	if ((e->terms += r->dns_terms) > SPF_MAX_TERMS) {
		snprintf(e->stop, sizeof(e->stop), "more than %d DNS-querying "
		    "terms", SPF_MAX_TERMS);
		return -1;
	}
	*text = r->clean;
	*len = r->cleanlen;
	return 0;
}

/*
 * The names spfrec.c writes for a CIDR length of 0 (spfrec.h): an A
 * question about "d._sl-aaaa.invalid" is answered 127.0.0.2 when d has
 * an AAAA record; "d._sl-mx4.invalid" ("mx6") when one of d's first 10
 * MX hosts has an A (AAAA) record. Each real question counts as one
 * query; none matched is a void lookup. Returns NULL when the name is
 * not one of them.
 */
static SPF_dns_rr_t *
synth(SPF_dns_server_t *ds, struct spf *s, struct eval *e,
    const char *domain)
{
	static const unsigned char loop[4] = { 127, 0, 0, 2 };
	const struct dns_answer *a, *h;
	char d[SL_MAX_DNS_NAME + 1];
	size_t n = strlen(domain), k, i;
	ns_type want;
	int mx, found = 0, fail = 0, herrno;
	SPF_dns_rr_t *rr;

	k = sizeof(SPFREC_SYNTH "aaaa.invalid") - 1;
	if (n > k && strcasecmp(domain + n - k, SPFREC_SYNTH "aaaa.invalid") == 0)
		mx = 0, want = ns_t_aaaa;
	else if (n > (k = sizeof(SPFREC_SYNTH "mx4.invalid") - 1) &&
	    strcasecmp(domain + n - k, SPFREC_SYNTH "mx4.invalid") == 0)
		mx = 1, want = ns_t_a;
	else if (n > k &&
	    strcasecmp(domain + n - k, SPFREC_SYNTH "mx6.invalid") == 0)
		mx = 1, want = ns_t_aaaa;
	else
		return NULL;
	snprintf(d, sizeof(d), "%.*s", (int)(n - k), domain);
	a = dns_query(s->dns, d, mx ? ns_t_mx : want);
	fail = a->status == DNS_TEMPFAIL;
	if (a->status == DNS_OK && !mx)
		found = a->n > 0;
	for (i = 0; a->status == DNS_OK && mx && i < a->n && i < 10 &&
	    !found && !fail; i++) {
		snprintf(d, sizeof(d), "%.*s", (int)a->rr[i].len,
		    (const char *)a->rr[i].data);
		if (e != NULL && ++e->queries > SPF_MAX_QUERIES)
			break;
		h = dns_query(s->dns, d, want);
		found = h->status == DNS_OK && h->n > 0;
		fail = h->status == DNS_TEMPFAIL;
		dns_release(h);
	}
	dns_release(a);
	if (e != NULL && fail)
		e->dnsfail = 1;
	herrno = fail ? TRY_AGAIN : found ? NETDB_SUCCESS : NO_DATA;
	if (e != NULL && herrno == NO_DATA && ++e->voids > SPF_MAX_VOID) {
		snprintf(e->stop, sizeof(e->stop), "more than %d void lookups",
		    SPF_MAX_VOID);
		herrno = TRY_AGAIN;
	}
	rr = SPF_dns_rr_new_init(ds, domain, ns_t_a, 0, herrno);
	if (rr != NULL && found &&
	    SPF_dns_rr_buf_realloc(rr, 0, 5) == SPF_E_SUCCESS) {
		memcpy(&rr->rr[0]->a, loop, 4);
		rr->num_rr = 1;
	}
	return rr;
}

static SPF_dns_rr_t *
layer_lookup(SPF_dns_server_t *ds, const char *domain, ns_type type,
    int should_cache)
{
	struct spf *s = ds->hook;
	struct eval *e = cur;
	const struct dns_answer *a;
	SPF_dns_rr_t *rr;
	struct spfrec rec;
	const char *text;
	size_t i, len;
	int herrno;

	(void)should_cache;
	if (e != NULL && e->stop[0] != '\0')
		return rr_fail(ds, domain, type, TRY_AGAIN);
	if (e != NULL && ++e->queries > SPF_MAX_QUERIES) {
		snprintf(e->stop, sizeof(e->stop), "more than %d DNS queries",
		    SPF_MAX_QUERIES);
		return rr_fail(ds, domain, type, TRY_AGAIN);
	}
	if (type != ns_t_txt && type != ns_t_a && type != ns_t_aaaa &&
	    type != ns_t_mx && type != ns_t_ptr)
		return rr_fail(ds, domain, type, NO_DATA);
	if (type == ns_t_a && (rr = synth(ds, s, e, domain)) != NULL)
		return rr;
	a = dns_query(s->dns, domain, type);
	switch (a->status) {
	case DNS_OK:		herrno = NETDB_SUCCESS; break;
	case DNS_NODATA:	herrno = NO_DATA; break;
	case DNS_NXDOMAIN:	herrno = HOST_NOT_FOUND; break;
	default:		herrno = TRY_AGAIN; break;
	}
	if (e != NULL) {
		if (a->status == DNS_TEMPFAIL)
			e->dnsfail = 1;
		else if (a->ttl < e->ttl)
			e->ttl = a->ttl;
		if (herrno != NETDB_SUCCESS && herrno != TRY_AGAIN &&
		    type != ns_t_txt && ++e->voids > SPF_MAX_VOID) {
			snprintf(e->stop, sizeof(e->stop),
			    "more than %d void lookups", SPF_MAX_VOID);
			dns_release(a);
			return rr_fail(ds, domain, type, TRY_AGAIN);
		}
	}
	rr = SPF_dns_rr_new_init(ds, domain, type, (int)a->ttl, herrno);
	if (rr == NULL) {
		dns_release(a);
		return NULL;
	}
	/* RFC 7208 4.6.4: only the first 10 PTR names are checked */
	for (i = 0; herrno == NETDB_SUCCESS && i < a->n &&
	    !(type == ns_t_ptr && i == SPF_MAX_PTR); i++) {
		text = (const char *)a->rr[i].data;
		len = a->rr[i].len;
		if (type == ns_t_txt && txt_record(e, &a->rr[i], &rec, &text,
		    &len) < 0) {
			SPF_dns_rr_free(rr);
			dns_release(a);
			return rr_fail(ds, domain, type, TRY_AGAIN);
		}
		if (SPF_dns_rr_buf_realloc(rr, (int)i, len + 1) != SPF_E_SUCCESS)
			break;
		if (type == ns_t_a)
			memcpy(&rr->rr[i]->a, text, 4);
		else if (type == ns_t_aaaa)
			memcpy(&rr->rr[i]->aaaa, text, 16);
		else {
			memcpy(rr->rr[i]->txt, text, len);
			rr->rr[i]->txt[len] = '\0';
		}
		rr->num_rr = (int)i + 1;
	}
	dns_release(a);
	return rr;
}

struct spf *
spf_new(struct dns *d)
{
	struct spf *s = xcalloc(1, sizeof(*s));

	SPF_error_handler = SPF_error_stdio;
	SPF_warning_handler = quiet;
	SPF_info_handler = quiet;
	SPF_debug_handler = quiet;
	s->dns = d;
	s->layer.destroy = NULL;	/* ours: SPF_server_free leaves it */
	s->layer.lookup = layer_lookup;
	s->layer.name = "senderlint";
	s->layer.hook = s;
	if ((s->server = SPF_server_new_dns(&s->layer, 0)) == NULL)
		log_fatal("libspf2: cannot create a server");
	SPF_server_set_max_dns_mech(s->server, 10);
	SPF_server_set_max_dns_mx(s->server, 10);
	SPF_server_set_max_dns_ptr(s->server, 10);
	s->cache = ttlcache_new(SPF_CACHE_MAX, free);
	return s;
}

void
spf_free(struct spf *s)
{
	if (s == NULL)
		return;
	SPF_server_free(s->server);
	ttlcache_free(s->cache);
	free(s);
}

static void *
copy_cached(void *v)
{
	struct cached *c = xmalloc(sizeof(*c));

	memcpy(c, v, sizeof(*c));
	return c;
}

static int
map_result(SPF_response_t *resp, const struct eval *e, char *why,
    size_t whylen)
{
	SPF_result_t r = SPF_response_result(resp);
	SPF_errcode_t err = SPF_response_errcode(resp);

	if (e->stop[0] != '\0') {
		snprintf(why, whylen, "%s", e->stop);
		return SPFR_PERMERROR;
	}
	if (r == SPF_RESULT_TEMPERROR || err == SPF_E_DNS_ERROR ||
	    (e->dnsfail && (r == SPF_RESULT_INVALID || r == SPF_RESULT_NONE))) {
		snprintf(why, whylen, "DNS failure");
		return SPFR_TEMPERROR;
	}
	switch (r) {
	case SPF_RESULT_PASS:		return SPFR_PASS;
	case SPF_RESULT_FAIL:		return SPFR_FAIL;
	case SPF_RESULT_SOFTFAIL:	return SPFR_SOFTFAIL;
	case SPF_RESULT_NEUTRAL:	return SPFR_NEUTRAL;
	case SPF_RESULT_NONE:		return SPFR_NONE;
	default:
		snprintf(why, whylen, "%s", err != SPF_E_SUCCESS ?
		    SPF_strerror(err) : "invalid record");
		return SPFR_PERMERROR;
	}
}

int
spf_check(struct spf *s, const char *ip, const char *helo,
    const char *sender, char *why, size_t whylen)
{
	SPF_request_t *req;
	SPF_response_t *resp = NULL;
	struct eval e;
	struct cached *c;
	char key[700], from[600];
	const char *at;
	int r;

	why[0] = '\0';
	if (sender == NULL || sender[0] == '\0')
		snprintf(from, sizeof(from), "postmaster@%s", helo);
	else
		snprintf(from, sizeof(from), "%s", sender);
	at = strrchr(from, '@');
	snprintf(key, sizeof(key), "%s %s", ip, at ? at + 1 : from);
	if ((c = ttlcache_get(s->cache, key, copy_cached)) != NULL) {
		snprintf(why, whylen, "%s", c->why);
		r = c->result;
		free(c);
		return r;
	}
	memset(&e, 0, sizeof(e));
	e.ttl = DNS_MAX_TTL;
	if ((req = SPF_request_new(s->server)) == NULL)
		log_fatal("libspf2: out of memory");
	/* RFC 7208 5: an IPv4-mapped IPv6 client is an IPv4 client */
	if (strncasecmp(ip, "::ffff:", 7) == 0 && strchr(ip + 7, '.') != NULL &&
	    strchr(ip + 7, ':') == NULL)
		ip += 7;
	e.v6 = strchr(ip, ':') != NULL;
	if ((e.v6 ? SPF_request_set_ipv6_str(req, ip) :
	    SPF_request_set_ipv4_str(req, ip)) != SPF_E_SUCCESS) {
		SPF_request_free(req);
		snprintf(why, whylen, "bad IP address %s", ip);
		return SPFR_PERMERROR;
	}
	SPF_request_set_helo_dom(req, helo);
	if (SPF_request_set_env_from(req, from) != 0) {
		SPF_request_free(req);
		snprintf(why, whylen, "no domain to check");
		return SPFR_NONE;
	}
	cur = &e;
	SPF_request_query_mailfrom(req, &resp);
	cur = NULL;
	r = map_result(resp, &e, why, whylen);
	SPF_response_free(resp);
	SPF_request_free(req);
	if (r != SPFR_TEMPERROR && !e.macro) {
		c = xcalloc(1, sizeof(*c));
		c->result = r;
		snprintf(c->why, sizeof(c->why), "%s", why);
		ttlcache_put(s->cache, key, c, (long)e.ttl);
	}
	return r;
}

int
spf_compile_check(struct spf *s, const char *rec, size_t len)
{
	SPF_response_t *resp;
	SPF_record_t *r = NULL;
	SPF_request_t *req;
	struct spfrec sr;
	char why[128], *z;
	int ok;

	if (!spfrec_is_spf(rec, len) || !spfrec_check(rec, len, &sr, why,
	    sizeof(why)))
		return 0;
	z = xstrndup(sr.clean, sr.cleanlen);
	req = SPF_request_new(s->server);
	resp = SPF_response_new(req);
	ok = SPF_record_compile(s->server, resp, &r, z) == SPF_E_SUCCESS;
	SPF_record_free(r);
	SPF_response_free(resp);
	SPF_request_free(req);
	free(z);
	return ok;
}
