/*
 * NAME
 *	preflight - what receivers will see of a sending domain's DNS and
 *	its egress IPs
 * DESCRIPTION
 *	See preflight.h. One function per section (SPF, DKIM, DMARC, MX,
 *	PTR); each adds findings with add() and, for what is wrong, a fix
 *	with fix(). Lookups go through the resolver given, so the tests
 *	point it at a loopback zone.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dkimkey.h"
#include "dmarcrec.h"
#include "dns.h"
#include "egress.h"
#include "orgdom.h"
#include "preflight.h"
#include "spf.h"
#include "spfwalk.h"
#include "util.h"

static struct pf_finding *add(struct pf_report *, int, const char *,
    const char *, ...) __attribute__((format(printf, 4, 5)));
static void fix(struct pf_finding *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static struct pf_finding *
add(struct pf_report *r, int level, const char *id, const char *fmt, ...)
{
	static struct pf_finding spare;	/* past the ceiling: written, dropped */
	struct pf_finding *f;
	va_list ap;

	f = r->n < PF_MAX_FINDINGS ? &r->f[r->n++] : &spare;
	memset(f, 0, sizeof(*f));
	f->level = level;
	snprintf(f->id, sizeof(f->id), "%s", id);
	va_start(ap, fmt);
	vsnprintf(f->what, sizeof(f->what), fmt, ap);
	va_end(ap);
	return f;
}

static void
fix(struct pf_finding *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->fix, sizeof(f->fix), fmt, ap);
	va_end(ap);
}

static int
is_v6(const char *ip)
{
	return strchr(ip, ':') != NULL;
}

static void
spf_ips(struct pf_report *r, struct spf *spf, const struct pf_in *in)
{
	static const char *const ids[] = { "spf.egress.none",
	    "spf.egress.neutral", "spf.egress.pass", "spf.egress.fail",
	    "spf.egress.softfail", "spf.egress.temperror",
	    "spf.egress.permerror" };
	char sender[300], why[200];
	struct pf_finding *f;
	size_t i;
	int res;

	snprintf(sender, sizeof(sender), "postmaster@%s", in->domain);
	for (i = 0; in->ips != NULL && in->ips[i] != NULL; i++) {
		why[0] = '\0';
		res = spf_check(spf, in->ips[i], in->helo ? in->helo :
		    in->domain, sender, why, sizeof(why));
		f = add(r, res == SPFR_PASS ? PF_OK : res == SPFR_TEMPERROR ?
		    PF_TEMPERROR : PF_FAIL, ids[res], "SPF of %s: %s for %s%s%s%s",
		    in->domain, spf_result_name(res), in->ips[i],
		    why[0] ? " (" : "", why, why[0] ? ")" : "");
		if (res != SPFR_PASS && res != SPFR_TEMPERROR)
			fix(f, "authorise %s in the SPF record of %s: add "
			    "%s:%s before the all mechanism", in->ips[i],
			    in->domain, is_v6(in->ips[i]) ? "ip6" : "ip4",
			    in->ips[i]);
	}
}

static void
check_spf(struct pf_report *r, struct dns *dns, struct spf *spf,
    const struct pf_in *in)
{
	struct spfwalk w;
	struct pf_finding *f;

	spfwalk_run(dns, in->domain, &w);
	if (w.found < 0) {
		add(r, PF_TEMPERROR, "spf.egress.temperror", "the SPF record "
		    "of %s could not be looked up now", in->domain);
		return;
	}
	if (w.found == 0) {
		f = add(r, PF_FAIL, "spf.egress.none", "%s publishes no SPF "
		    "record", in->domain);
		fix(f, "publish a TXT record at %s: \"v=spf1 %s%s -all\"",
		    in->domain, in->ips && in->ips[0] ? (is_v6(in->ips[0]) ?
		    "ip6:" : "ip4:") : "mx", in->ips && in->ips[0] ?
		    in->ips[0] : "");
		return;
	}
	if (w.problem) {
		f = add(r, PF_FAIL, "spf.egress.permerror", "SPF of %s: %s",
		    in->domain, w.why);
		fix(f, "receivers answer permerror: %s", strstr(w.why,
		    "terms") || strstr(w.why, "void") ? "flatten includes "
		    "into ip4:/ip6: mechanisms and drop lookups that find "
		    "nothing" : "publish exactly one valid v=spf1 record at "
		    "each name (RFC 7208)");
	} else
		add(r, w.temperror ? PF_TEMPERROR : PF_OK, w.temperror ?
		    "spf.egress.temperror" : "spf.egress.pass", "SPF record "
		    "of %s: %d DNS-querying terms (at most 10), %d void "
		    "lookups (at most 2)%s: %s", in->domain, w.dns_terms,
		    w.void_lookups, w.temperror ? ", a lookup failed for now" :
		    "", w.record);
	spf_ips(r, spf, in);
}

static void
dkim_key(struct pf_report *r, const char *name, const char *txt, size_t len)
{
	struct dkimkey k;
	struct pf_finding *f;

	if (dkimkey_parse(txt, len, &k) < 0) {
		f = add(r, PF_FAIL, "dkim.key.invalid", "%s: %s", name, k.why);
		fix(f, "publish the key record the signer printed "
		    "(v=DKIM1; k=rsa; p=...)");
	} else if (k.revoked) {
		f = add(r, PF_FAIL, "dkim.key.revoked", "%s: p= is empty "
		    "(revoked)", name);
		fix(f, "sign with another selector, or publish the key");
	} else if (strcmp(k.type, "rsa") == 0 && k.bits < 1024) {
		f = add(r, PF_FAIL, "dkim.weak-key", "%s: RSA key of %u "
		    "bits", name, k.bits);
		fix(f, "receivers ignore RSA keys under 1024 bits (RFC 8301): "
		    "make a 2048-bit key and a new selector");
	} else if (strcmp(k.type, "rsa") == 0 && k.bits < 2048) {
		f = add(r, PF_ADVICE, "dkim.key-below-2048", "%s: RSA key of "
		    "%u bits", name, k.bits);
		fix(f, "2048 bits are advised (Gmail, Yahoo): rotate to a "
		    "2048-bit key under a new selector");
	} else
		add(r, PF_OK, "dkim.key", "%s: %s key%s%.0u%s", name, k.type,
		    k.bits ? " of " : "", k.bits, k.bits ? " bits" : "");
	if (k.testing) {
		f = add(r, PF_ADVICE, "dkim.key.testing", "%s: t=y, the domain "
		    "is testing DKIM", name);
		fix(f, "remove t=y once signing works: receivers may treat "
		    "its signatures as unsigned (RFC 6376 3.6.1)");
	}
}

static void
check_dkim(struct pf_report *r, struct dns *dns, const struct pf_in *in)
{
	const struct dns_answer *a;
	struct pf_finding *f;
	char name[DNSWIRE_NAME_MAX + 64];
	size_t i, j;

	for (i = 0; in->selectors != NULL && in->selectors[i] != NULL; i++) {
		snprintf(name, sizeof(name), "%s._domainkey.%s",
		    in->selectors[i], in->domain);
		a = dns_query(dns, name, DNS_TXT);
		for (j = 0; a->status == DNS_OK && j < a->n; j++)
			if (strstr((const char *)a->rr[j].data, "p=") != NULL)
				break;
		if (a->status == DNS_TEMPFAIL)
			add(r, PF_TEMPERROR, "dkim.key", "%s: lookup failed "
			    "(%s)", name, a->why);
		else if (a->status != DNS_OK || j == a->n) {
			f = add(r, PF_FAIL, "dkim.key.missing", "%s: no key "
			    "record", name);
			fix(f, "publish the signer's public key as a TXT record "
			    "at %s", name);
		} else
			dkim_key(r, name, (const char *)a->rr[j].data,
			    a->rr[j].len);
		dns_release(a);
	}
}

/* The DMARC records at name: 1 one (in rec), 0 none, -1 temperror, -2 several. */
static int
dmarc_at(struct dns *dns, const char *dom, struct dmarcrec *rec, int *valid)
{
	char name[DNSWIRE_NAME_MAX + 16];
	const struct dns_answer *a;
	size_t i;
	int n = 0;

	snprintf(name, sizeof(name), "_dmarc.%s", dom);
	a = dns_query(dns, name, DNS_TXT);
	if (a->status == DNS_TEMPFAIL) {
		dns_release(a);
		return -1;
	}
	for (i = 0; a->status == DNS_OK && i < a->n; i++)
		if (dmarcrec_is_dmarc((const char *)a->rr[i].data,
		    a->rr[i].len) && n++ == 0)
			*valid = dmarcrec_parse((const char *)a->rr[i].data,
			    a->rr[i].len, rec) == 0;
	dns_release(a);
	return n > 1 ? -2 : n;
}

static void
dmarc_policy(struct pf_report *r, const char *at, const struct dmarcrec *d)
{
	static const char *const pol[] = { "none", "quarantine", "reject",
	    "none" };
	struct pf_finding *f;

	add(r, PF_OK, "dmarc.record", "_dmarc.%s: p=%s, %d aggregate "
	    "report address%s", at, pol[d->p], d->nrua, d->nrua == 1 ? "" :
	    "es");
	if (d->p == DMARC_NONE || d->p == DMARC_UNSET) {
		f = add(r, PF_ADVICE, "dmarc.policy.none", "_dmarc.%s: p=none "
		    "asks receivers to do nothing with failing mail", at);
		fix(f, "once the aggregate reports show all your mail aligned, "
		    "move to p=quarantine, then p=reject");
	}
	if (d->nrua == 0) {
		f = add(r, PF_ADVICE, "dmarc.rua.missing", "_dmarc.%s: no rua=, "
		    "no aggregate reports", at);
		fix(f, "add rua=mailto:dmarc-reports@%s to see who sends as "
		    "you", at);
	}
}

static void
check_dmarc(struct pf_report *r, struct dns *dns, const struct orgdom *psl,
    const struct pf_in *in)
{
	struct dmarcrec d;
	struct pf_finding *f;
	char org[DNSWIRE_NAME_MAX + 1];
	const char *at = in->domain;
	int n, valid = 0;

	memset(&d, 0, sizeof(d));
	n = dmarc_at(dns, at, &d, &valid);
	if (n == 0 && orgdom_psl(psl, in->domain, org, sizeof(org)) &&
	    strcmp(org, in->domain) != 0) {
		at = org;
		n = dmarc_at(dns, at, &d, &valid);
	}
	if (n == -1)
		add(r, PF_TEMPERROR, "dmarc.record.missing", "the DMARC record "
		    "of %s could not be looked up now", in->domain);
	else if (n == 0) {
		f = add(r, PF_FAIL, "dmarc.record.missing", "no DMARC record "
		    "at _dmarc.%s or its organizational domain", in->domain);
		fix(f, "publish a TXT record at _dmarc.%s: \"v=DMARC1; p=none; "
		    "rua=mailto:dmarc-reports@%s\" (at least p=none)",
		    in->domain, in->domain);
	} else if (n == -2 || !valid) {
		f = add(r, PF_FAIL, "dmarc.record.invalid", "_dmarc.%s: %s",
		    at, n == -2 ? "several DMARC records" : d.why);
		fix(f, "publish exactly one valid record (RFC 7489 6.3), e.g. "
		    "\"v=DMARC1; p=none; rua=mailto:dmarc-reports@%s\"", at);
	} else
		dmarc_policy(r, at, &d);
}

static void
check_mx(struct pf_report *r, struct dns *dns, const struct pf_in *in)
{
	const struct dns_answer *a = dns_query(dns, in->domain, DNS_MX);
	struct pf_finding *f;
	int st = a->status, null = st == DNS_OK && a->n == 1 &&
	    a->rr[0].len == 0;

	if (st == DNS_OK && !null)
		add(r, PF_OK, "mx", "%s has %zu MX record%s (first: %s)",
		    in->domain, a->n, a->n == 1 ? "" : "s",
		    (const char *)a->rr[0].data);
	dns_release(a);
	if (st == DNS_TEMPFAIL)
		add(r, PF_TEMPERROR, "domain.nonexistent", "the MX of %s could "
		    "not be looked up now", in->domain);
	else if (null) {
		f = add(r, PF_FAIL, "domain.nonexistent", "%s publishes a null "
		    "MX (RFC 7505): it accepts no mail", in->domain);
		fix(f, "receivers (Yahoo) refuse mail from a domain that "
		    "cannot receive its bounces and replies: publish an MX");
	} else if (st == DNS_NXDOMAIN) {
		f = add(r, PF_FAIL, "domain.nonexistent", "%s does not exist "
		    "(NXDOMAIN)", in->domain);
		fix(f, "send from a domain that exists, with an MX record");
	} else if (st == DNS_NODATA) {
		f = add(r, PF_ADVICE, "mx.missing", "%s has no MX record",
		    in->domain);
		fix(f, "publish an MX record so that bounces and replies "
		    "reach you");
	}
}

static void
ptr_findings(struct pf_report *r, const char *ip, const struct egress_rdns *e,
    const char *domain)
{
	struct pf_finding *f;

	if (e->ptr < 0) {
		add(r, PF_TEMPERROR, "egress.ptr.missing", "%s: PTR lookup "
		    "failed (%s)", ip, e->ptr_why);
		return;
	}
	if (e->ptr == 0) {
		f = add(r, PF_FAIL, "egress.ptr.missing", "%s has no PTR "
		    "record", ip);
		fix(f, "ask the owner of %s (your hosting or ISP) for a PTR "
		    "record naming a host in your domain, with an A record "
		    "back to it", ip);
		return;
	}
	if (e->confirmed < 0)
		add(r, PF_TEMPERROR, "egress.ptr.mismatch", "%s: %s could not "
		    "be resolved now", ip, e->name);
	else if (e->confirmed == 0) {
		f = add(r, PF_FAIL, "egress.ptr.mismatch", "%s: PTR name %s "
		    "does not resolve back to it", ip, e->name);
		fix(f, "publish %s %s %s, or change the PTR record to a name "
		    "that resolves to %s", e->name, is_v6(ip) ? "AAAA" : "A",
		    ip, ip);
	} else
		add(r, PF_OK, "egress.ptr", "%s: PTR %s, forward-confirmed", ip,
		    e->name);
	if (e->generic) {
		f = add(r, PF_ADVICE, "egress.ptr.generic", "%s: PTR name %s "
		    "looks generic (%s)", ip, e->name, e->generic_why);
		fix(f, "ask for a PTR name in your own domain (such as "
		    "mail.%s), not one made of the address", domain);
	}
}

static void
check_ptr(struct pf_report *r, struct dns *dns, const struct orgdom *psl,
    const struct pf_in *in)
{
	struct egress_rdns e;
	struct pf_finding *f;
	size_t i;

	for (i = 0; in->ips != NULL && in->ips[i] != NULL; i++) {
		if (egress_lookup(NULL, dns, psl, in->ips[i], in->helo, &e) < 0)
			continue;
		ptr_findings(r, in->ips[i], &e, in->domain);
		if (e.helo == 1) {
			f = add(r, PF_ADVICE, "egress.helo.mismatch", "%s",
			    e.helo_why);
			fix(f, "greet with a name that resolves to %s and shares "
			    "the PTR name's domain (Postfix smtp_helo_name)",
			    in->ips[i]);
		} else if (e.helo == -1)
			add(r, PF_TEMPERROR, "egress.helo.mismatch", "%s",
			    e.helo_why);
	}
}

struct pf_report *
preflight_run(struct dns *dns, struct spf *spf, const struct orgdom *psl,
    const struct pf_in *in)
{
	struct pf_report *r = xcalloc(1, sizeof(*r));

	check_spf(r, dns, spf, in);
	check_dkim(r, dns, in);
	check_dmarc(r, dns, psl, in);
	check_mx(r, dns, in);
	check_ptr(r, dns, psl, in);
	return r;
}

void
preflight_free(struct pf_report *r)
{
	free(r);
}

int
preflight_failed(const struct pf_report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->f[i].level == PF_FAIL || r->f[i].level == PF_TEMPERROR)
			return 1;
	return 0;
}

const char *
preflight_level_name(int l)
{
	static const char *const n[] = { "ok", "advice", "FAIL", "TEMPERROR" };

	return l >= PF_OK && l <= PF_TEMPERROR ? n[l] : "?";
}
