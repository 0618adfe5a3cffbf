/*
 * NAME
 *	auth - SPF, DKIM and DMARC facts for one message (the glue)
 * DESCRIPTION
 *	See auth.h. Order at end of message: DKIM (the body is in), SPF for
 *	each egress IP, then DMARC with the identities that passed.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "addr.h"
#include "auth.h"
#include "authres.h"
#include "dkim.h"
#include "dmarc.h"
#include "dns.h"
#include "log.h"
#include "orgdom.h"
#include "spf.h"
#include "util.h"

struct auth {
	const struct conf *c;	/* the policy's: outlives the auth */
	struct authres	*res;
};

struct auth *
auth_new(const struct conf *c, const struct auth *prev, char *err,
    size_t errlen)
{
	struct auth *a;

	err[0] = '\0';
	if (!c->auth_enabled)
		return NULL;
	a = xcalloc(1, sizeof(*a));
	a->c = c;
	if (prev != NULL && authres_fits(prev->res, c))
		a->res = authres_ref(prev->res);
	else if ((a->res = authres_new(c, err, errlen)) == NULL) {
		free(a);
		return NULL;
	}
	return a;
}

void
auth_free(struct auth *a)
{
	if (a == NULL)
		return;
	authres_unref(a->res);
	free(a);
}

int
auth_same_resolver(const struct auth *a, const struct auth *b)
{
	return a != NULL && b != NULL && a->res == b->res;
}

/* One message's DKIM verification: the arg of its raw body observer. */
struct authmsg {
	struct auth	*a;
	struct dkimmsg	*dm;		/* NULL: nothing to verify */
};

static void
raw_eoh(struct msg *m, void *arg)
{
	struct authmsg *am = arg;

	am->dm = dkimmsg_new(authres_dkim(am->a->res), m);
}

static void
raw_body(void *arg, const unsigned char *p, size_t n)
{
	struct authmsg *am = arg;

	if (am->dm != NULL)
		dkimmsg_body(am->dm, p, n);
}

static void
raw_free(void *arg)
{
	struct authmsg *am = arg;

	dkimmsg_free(am->dm);
	free(am);
}

static const struct msg_raw_ops dkim_raw = { raw_eoh, raw_body, raw_free };

void
auth_attach(struct auth *a, struct msg *m)
{
	struct authmsg *am;

	if (a == NULL)
		return;
	am = xcalloc(1, sizeof(*am));
	am->a = a;
	if (msg_observe_raw(m, &dkim_raw, am) < 0)
		free(am);
}

static void
lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* The domain of the first From mailbox, lower case; 0 if none. */
static int
from_domain(const struct msg *m, char *out, size_t len)
{
	const struct header *h = msg_find_header(m, "From");
	struct addrlist *al;
	int ok = 0;

	if (h == NULL)
		return 0;
	al = xmalloc(sizeof(*al));
	addr_parse(h->value, h->valuelen, 0, al);
	if (al->n > 0 && al->mb[0].domain != NULL &&
	    al->mb[0].domain[0] != '\0' && al->mb[0].domain[0] != '[') {
		snprintf(out, len, "%s", al->mb[0].domain);
		lower(out);
		ok = 1;
	}
	addr_free(al);
	free(al);
	return ok;
}

static int
listed(char *const *list, const char *domain)
{
	size_t i;

	for (i = 0; list != NULL && list[i] != NULL; i++)
		if (strcasecmp(list[i], domain) == 0 ||
		    (list[i][0] == '*' && glob_match(list[i], domain)))
			return 1;
	return 0;
}

static const char *const spf_facts[] = {
	"spf.egress.none", "spf.egress.neutral", "spf.egress.pass",
	"spf.egress.fail", "spf.egress.softfail", "spf.egress.temperror",
	"spf.egress.permerror"
};

/* Returns the MAIL FROM domain if SPF passed for every egress IP. */
static const char *
spf_facts_set(struct checkrun *cr, const struct auth *a, const char *dom,
    char *pass_dom, size_t len)
{
	const struct conf *c = a->c;
	const struct msg *m = cr->m;
	struct sbuf det[SPFR_PERMERROR + 1];
	int seen[SPFR_PERMERROR + 1] = { 0 }, r, npass = 0, nip = 0, i;
	const char *helo = c->outbound_helo ? c->outbound_helo : "localhost";
	char why[200];
	size_t k;

	if (c->egress_ips == NULL || c->egress_ips[0] == NULL)
		return NULL;
	fact_set(cr->fs, "spf.domain.unlisted", c->sending_domains != NULL &&
	    !listed(c->sending_domains, dom) ? FACT_TRUE : FACT_FALSE, 0,
	    "%s", c->sending_domains != NULL && !listed(c->sending_domains,
	    dom) ? dom : "");
	if (c->sending_domains != NULL && !listed(c->sending_domains, dom))
		return NULL;
	for (i = 0; i <= SPFR_PERMERROR; i++)
		sbuf_init(&det[i], SL_MAX_DETAIL);
	for (k = 0; c->egress_ips[k] != NULL; k++, nip++) {
		r = spf_check(authres_spf(a->res), c->egress_ips[k], helo,
		    m->mail_from, why, sizeof(why));
		seen[r] = 1;
		npass += r == SPFR_PASS;
		sbuf_printf(&det[r], "%s%s %s for %s%s%s%s", det[r].len ? "; " :
		    "", dom, spf_result_name(r), c->egress_ips[k],
		    why[0] ? " (" : "", why, why[0] ? ")" : "");
	}
	for (i = 0; i <= SPFR_PERMERROR; i++) {
		int v = seen[i] ? FACT_TRUE : FACT_FALSE;

		if (i == SPFR_PASS)
			v = npass == nip ? FACT_TRUE : FACT_FALSE;
		if (v == FACT_FALSE && seen[SPFR_TEMPERROR])
			v = FACT_TEMPERROR;
		fact_set(cr->fs, spf_facts[i], v, 0, "%s", det[i].s);
		sbuf_free(&det[i]);
	}
	if (npass != nip)
		return NULL;
	snprintf(pass_dom, len, "%s", dom);
	return pass_dom;
}

static void
dkim_facts(struct checkrun *cr, const struct dkim_sig *s, size_t n,
    char pass_doms[][256], size_t *npass, int *tempfail)
{
	struct sbuf fail, pass, weak, short2048, sha1, unsigned_from, ltag;
	const struct header *lu = msg_find_header(cr->m, "List-Unsubscribe");
	const struct header *lup = msg_find_header(cr->m,
	    "List-Unsubscribe-Post");
	int unsub_signed = 0;
	size_t i;

	*npass = 0;
	*tempfail = 0;
	sbuf_init(&fail, SL_MAX_DETAIL);
	sbuf_init(&pass, SL_MAX_DETAIL);
	sbuf_init(&weak, SL_MAX_DETAIL);
	sbuf_init(&short2048, SL_MAX_DETAIL);
	sbuf_init(&sha1, SL_MAX_DETAIL);
	sbuf_init(&unsigned_from, SL_MAX_DETAIL);
	sbuf_init(&ltag, SL_MAX_DETAIL);
	for (i = 0; i < n; i++) {
		if (s[i].temperror)
			*tempfail = 1;
		if (!s[i].verified)
			sbuf_printf(&fail, "%sd=%s s=%s: %s", fail.len ? "; " :
			    "", s[i].domain, s[i].selector, s[i].fail);
		if (s[i].pass) {
			sbuf_printf(&pass, "%sd=%s", pass.len ? " " : "",
			    s[i].domain);
			memcpy(pass_doms[*npass], s[i].domain,
			    sizeof(s[i].domain));
			lower(pass_doms[(*npass)++]);
			if (s[i].lu_signed && (lup == NULL || s[i].lup_signed))
				unsub_signed = 1;
		}
		if (s[i].rsa && s[i].keybits > 0 && s[i].keybits < 1024)
			sbuf_printf(&weak, "%sd=%s: %u bits", weak.len ? "; " :
			    "", s[i].domain, s[i].keybits);
		if (s[i].rsa && s[i].keybits > 0 && s[i].keybits < 2048)
			sbuf_printf(&short2048, "%sd=%s: %u bits",
			    short2048.len ? "; " : "", s[i].domain,
			    s[i].keybits);
		if (s[i].sha1)
			sbuf_printf(&sha1, "%sd=%s", sha1.len ? " " : "",
			    s[i].domain);
		if (s[i].domain[0] && !s[i].from_signed)
			sbuf_printf(&unsigned_from, "%sd=%s",
			    unsigned_from.len ? " " : "", s[i].domain);
		if (s[i].ltag)
			sbuf_printf(&ltag, "%sd=%s", ltag.len ? " " : "",
			    s[i].domain);
	}
	fact_set(cr->fs, "dkim.missing", n == 0 ? FACT_TRUE : FACT_FALSE, 0,
	    "%s", n == 0 ? "no DKIM-Signature" : "");
	fact_set(cr->fs, "dkim.fail", fail.len ? FACT_TRUE : FACT_FALSE, 0,
	    "%s", fail.s);
	fact_set(cr->fs, "dkim.pass", *npass ? FACT_TRUE : *tempfail ?
	    FACT_TEMPERROR : FACT_FALSE, (long)*npass, "%s", pass.s);
	fact_set(cr->fs, "dkim.weak-key", weak.len ? FACT_TRUE : FACT_FALSE,
	    0, "%s", weak.s);
	fact_set(cr->fs, "dkim.key-below-2048", short2048.len ? FACT_TRUE :
	    FACT_FALSE, 0, "%s", short2048.s);
	fact_set(cr->fs, "dkim.rsa-sha1", sha1.len ? FACT_TRUE : FACT_FALSE,
	    0, "%s", sha1.s);
	fact_set(cr->fs, "dkim.from-unsigned", unsigned_from.len ? FACT_TRUE :
	    FACT_FALSE, 0, "%s", unsigned_from.s);
	fact_set(cr->fs, "dkim.l-tag", ltag.len ? FACT_TRUE : FACT_FALSE, 0,
	    "%s", ltag.s);
	if (lu == NULL && lup == NULL)
		fact_set(cr->fs, "unsub.not-signed", FACT_FALSE, 0, "%s", "");
	else
		fact_set(cr->fs, "unsub.not-signed", unsub_signed ? FACT_FALSE :
		    *tempfail ? FACT_TEMPERROR : FACT_TRUE, 0, "%s",
		    unsub_signed ? "" : lup != NULL ? "List-Unsubscribe and "
		    "List-Unsubscribe-Post are not both in the h= of a passing "
		    "signature" : "List-Unsubscribe is not in the h= of a "
		    "passing signature");
	sbuf_free(&fail);
	sbuf_free(&pass);
	sbuf_free(&weak);
	sbuf_free(&short2048);
	sbuf_free(&sha1);
	sbuf_free(&unsigned_from);
	sbuf_free(&ltag);
}

/* 1 NXDOMAIN everywhere or a null MX, 0 exists, -1 temperror. */
static int
nonexistent(struct dns *d, const char *dom)
{
	static const int types[] = { DNS_MX, DNS_A, DNS_AAAA };
	const struct dns_answer *a;
	size_t i;
	int nx = 0, st;

	for (i = 0; i < 3; i++) {
		a = dns_query(d, dom, types[i]);
		st = a->status;
		if (i == 0 && st == DNS_OK && a->n == 1 && a->rr[0].len == 0) {
			dns_release(a);
			return 1;	/* RFC 7505 null MX */
		}
		dns_release(a);
		if (st == DNS_TEMPFAIL)
			return -1;
		nx += st == DNS_NXDOMAIN;
		if (st != DNS_NXDOMAIN)
			break;
	}
	return nx == 3;
}

static void
dmarc_facts(struct checkrun *cr, const struct auth *a, const char *from,
    const char *spf_dom, const char *const *dk, size_t ndk, int dkim_tf,
    int spf_tf)
{
	struct dmarc_result *r = xmalloc(sizeof(*r));
	int tf, fail, both, free_mail;

	tf = dmarc_eval(authres_dns(a->res), authres_psl(a->res), from,
	    spf_dom, dk, ndk, r) < 0;
	if (tf) {
		fact_set(cr->fs, "dmarc.record.missing", FACT_TEMPERROR, 0,
		    "%s", "DNS failure");
		fact_set(cr->fs, "dmarc.record.invalid", FACT_TEMPERROR, 0,
		    "%s", "DNS failure");
		fact_set(cr->fs, "dmarc.alignment.fail", FACT_TEMPERROR, 0,
		    "%s", "DNS failure");
		fact_set(cr->fs, "dmarc.alignment.both", FACT_TEMPERROR, 0,
		    "%s", "DNS failure");
		fact_set(cr->fs, "dmarc.orgdomain.disagree", FACT_TEMPERROR, 0,
		    "%s", "DNS failure");
		fact_set(cr->fs, "from.freemail", FACT_TEMPERROR, 0, "%s",
		    "DNS failure");
		free(r);
		return;
	}
	fact_set(cr->fs, "dmarc.record.missing", r->domain[0] == '\0' &&
	    !r->invalid && !r->multiple ? FACT_TRUE : FACT_FALSE, 0,
	    "%s%s", r->domain[0] ? "" : "no DMARC record for ", r->domain[0] ?
	    "" : from);
	fact_set(cr->fs, "dmarc.record.invalid", r->invalid || r->multiple ?
	    FACT_TRUE : FACT_FALSE, 0, "%s", r->multiple ? "more than one "
	    "DMARC record" : r->invalid_why);
	fail = !r->spf_aligned && !r->dkim_aligned;
	both = r->spf_aligned && r->dkim_aligned;
	/* undecided inputs leave an unaligned result undecided */
	fact_set(cr->fs, "dmarc.alignment.fail", fail ? (dkim_tf || spf_tf ?
	    FACT_TEMPERROR : FACT_TRUE) : FACT_FALSE, 0, "From domain %s is "
	    "aligned with %s%s%s%s%s (org domain %s, %s)", from,
	    r->spf_aligned ? "SPF " : "", r->spf_aligned ? spf_dom : "",
	    r->dkim_aligned ? (r->spf_aligned ? " and DKIM d=" : "DKIM d=") :
	    "", r->dkim_aligned ? r->dkim_aligned_domain : "", fail ?
	    "neither a passing SPF nor a passing DKIM identity" : "",
	    r->org_psl, r->rec.adkim_strict || r->rec.aspf_strict ?
	    "strict" : "relaxed");
	fact_set(cr->fs, "dmarc.alignment.both", both ? FACT_TRUE :
	    (dkim_tf || spf_tf) ? FACT_TEMPERROR : FACT_FALSE, 0, "%s",
	    both ? "SPF and DKIM aligned" : "");
	fact_set(cr->fs, "dmarc.orgdomain.disagree",
	    strcasecmp(r->org_psl, r->org_tree) != 0 ? FACT_TRUE : FACT_FALSE,
	    0, "PSL: %s, DNS tree walk: %s", r->org_psl, r->org_tree);
	free_mail = listed(a->c->freemail, from) && r->domain[0] != '\0' &&
	    (r->policy == DMARC_QUARANTINE || r->policy == DMARC_REJECT);
	fact_set(cr->fs, "from.freemail", free_mail ? FACT_TRUE : FACT_FALSE,
	    0, "%s%s%s", free_mail ? from : "", free_mail ? " publishes p=" :
	    "", free_mail ? dmarc_policy_name(r->policy) : "");
	free(r);
}

void
auth_check(struct checkrun *cr)
{
	const struct auth *a = cr->cc->auth;
	const struct msg *m = cr->m;
	const struct authmsg *am = msg_raw_arg(m, &dkim_raw);
	struct dkim_sig sigs[DKIM_MAX_SIGS];
	char pass_doms[DKIM_MAX_SIGS][256], from[256], mfdom[256];
	char spf_pass[256];
	const char *dk[DKIM_MAX_SIGS], *spf_dom = NULL, *at;
	size_t n = 0, npass = 0, i;
	int dkim_tf = 0, have_from, nx1 = 0, nx2 = 0;

	if (a == NULL)
		return;
	dns_budget_begin(a->c->dns_budget_ms);
	if (am != NULL && am->dm != NULL)
		n = dkimmsg_finish(am->dm, sigs, DKIM_MAX_SIGS);
	dkim_facts(cr, sigs, n, pass_doms, &npass, &dkim_tf);
	for (i = 0; i < npass; i++)
		dk[i] = pass_doms[i];
	if (m->mail_from != NULL && (at = strrchr(m->mail_from, '@')) != NULL)
		snprintf(mfdom, sizeof(mfdom), "%s", at + 1);
	else
		snprintf(mfdom, sizeof(mfdom), "%s", a->c->outbound_helo ?
		    a->c->outbound_helo : "");
	lower(mfdom);
	if (mfdom[0] != '\0')
		spf_dom = spf_facts_set(cr, a, mfdom, spf_pass,
		    sizeof(spf_pass));
	have_from = from_domain(m, from, sizeof(from));
	if (have_from)
		dmarc_facts(cr, a, from, spf_dom, dk, npass, dkim_tf,
		    fact_get(cr->fs, "spf.egress.temperror") != NULL &&
		    fact_get(cr->fs, "spf.egress.temperror")->val == FACT_TRUE);
	if (mfdom[0] != '\0')
		nx1 = nonexistent(authres_dns(a->res), mfdom);
	if (have_from)
		nx2 = nonexistent(authres_dns(a->res), from);
	fact_set(cr->fs, "domain.nonexistent", nx1 == 1 || nx2 == 1 ?
	    FACT_TRUE : nx1 < 0 || nx2 < 0 ? FACT_TEMPERROR : FACT_FALSE, 0,
	    "%s%s%s%s", nx1 == 1 ? mfdom : "", nx1 == 1 && nx2 == 1 ? ", " :
	    "", nx2 == 1 ? from : "", nx1 < 0 || nx2 < 0 ? "DNS failure" : "");
	dns_budget_end();
}

void
auth_on_dns_error(const struct conf *c, struct verdict *v)
{
	size_t i;
	int act = ACT_ACCEPT, undecided = 0;

	if (c->on_dns_error != ONERR_ACCEPT || v->action != ACT_TEMPFAIL)
		return;
	for (i = 0; i < v->nhits; i++) {
		if (v->hits[i].monitor)
			continue;
		if (v->hits[i].undecided) {
			undecided = 1;
			continue;
		}
		if (v->hits[i].action > act)
			act = v->hits[i].action;
	}
	if (!undecided || act >= ACT_TEMPFAIL)
		return;
	v->action = act;
	v->rcode[0] = v->xcode[0] = v->text[0] = '\0';
}
