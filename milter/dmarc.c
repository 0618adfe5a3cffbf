/*
 * NAME
 *	dmarc - DMARC record discovery, organizational domains, alignment
 * DESCRIPTION
 *	See dmarc.h.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dmarc.h"

struct found {
	int	 status;		/* 1 record, 0 none, -1 temperror, 2 stop */
	struct dmarcrec rec;
};

const char *
dmarc_policy_name(int p)
{
	switch (p) {
	case DMARC_NONE:	return "none";
	case DMARC_QUARANTINE:	return "quarantine";
	case DMARC_REJECT:	return "reject";
	default:		return "unset";
	}
}

static int
nlabels(const char *s)
{
	int n = 1;

	for (; *s; s++)
		n += *s == '.';
	return n;
}

/* The i-th name of the RFC 9989 4.10 walk from name, or NULL. */
static const char *
walk_name(const char *name, int i)
{
	int n = nlabels(name), skip;

	if (i == 0)
		return name;
	/* after the name itself, continue from 7 labels when it has more */
	skip = n > 8 ? n - 7 : 1;
	skip += i - 1;
	if (skip >= n)
		return NULL;
	while (skip-- > 0)
		name = strchr(name, '.') + 1;
	return name;
}

/* _dmarc.<name>: exactly one DMARC record, none, several, or temperror. */
static struct found
lookup(struct dns *d, const char *name, struct dmarc_result *res,
    struct dmarc_result *walk)
{
	const struct dns_answer *a;
	struct found f;
	char q[DMARC_NAME + 8];
	size_t i;
	int ndmarc = 0;

	memset(&f, 0, sizeof(f));
	snprintf(q, sizeof(q), "_dmarc.%s", name);
	if (walk != NULL && walk->nwalked < DMARC_MAX_WALK)
		snprintf(walk->walked[walk->nwalked++],
		    sizeof(walk->walked[0]), "%s", q);
	a = dns_query(d, q, DNS_TXT);
	if (a->status == DNS_TEMPFAIL) {
		dns_release(a);
		f.status = -1;
		return f;
	}
	for (i = 0; a->status == DNS_OK && i < a->n; i++) {
		if (!dmarcrec_is_dmarc((char *)a->rr[i].data, a->rr[i].len))
			continue;
		if (++ndmarc > 1)
			break;
		if (dmarcrec_parse((char *)a->rr[i].data, a->rr[i].len,
		    &f.rec) < 0) {
			if (res != NULL && !res->invalid) {
				res->invalid = 1;
				snprintf(res->invalid_why,
				    sizeof(res->invalid_why), "_dmarc.%s: %s",
				    name, f.rec.why);
			}
			ndmarc = -100;	/* remembered; the walk goes on */
		}
	}
	dns_release(a);
	if (ndmarc > 1) {
		if (res != NULL)
			res->multiple = 1;
		f.status = 2;
	} else
		f.status = ndmarc == 1;
	return f;
}

static int
orgdom_tree(struct dns *d, const char *name, char *out, size_t outlen,
    struct dmarc_result *res)
{
	const char *n, *p, *shortest = NULL;
	struct found f;
	int i;

	snprintf(out, outlen, "%s", name);
	for (i = 0; i < DMARC_MAX_WALK && (n = walk_name(name, i)); i++) {
		f = lookup(d, n, NULL, res);
		if (f.status < 0)
			return -1;
		if (f.status == 1 && f.rec.psd == 'n') {
			snprintf(out, outlen, "%s", n);
			return 0;
		}
		if (f.status == 1 && f.rec.psd == 'y') {
			/* one label below the public suffix domain */
			p = name;
			while (nlabels(p) > nlabels(n) + 1)
				p = strchr(p, '.') + 1;
			snprintf(out, outlen, "%s", nlabels(p) > nlabels(n) ?
			    p : n);
			return 0;
		}
		if (f.status == 1)
			shortest = n;
	}
	if (shortest != NULL)
		snprintf(out, outlen, "%s", shortest);
	return 0;
}

int
dmarc_orgdom_tree(struct dns *d, const char *name, char *out, size_t outlen)
{
	return orgdom_tree(d, name, out, outlen, NULL);
}

static int
exists(struct dns *d, const char *name)
{
	static const int types[] = { DNS_A, DNS_AAAA, DNS_MX };
	const struct dns_answer *a;
	size_t i;
	int st;

	for (i = 0; i < 3; i++) {
		a = dns_query(d, name, types[i]);
		st = a->status;
		dns_release(a);
		if (st == DNS_TEMPFAIL)
			return -1;
		if (st != DNS_NXDOMAIN)
			return 1;
	}
	return 0;
}

/* 1 aligned, 0 not, -1 temperror: both organizational domains agree. */
static int
aligned(struct dns *d, const struct orgdom *psl, const char *from,
    const char *org_psl, const char *org_tree, const char *id, int strict)
{
	char o1[DMARC_NAME], o2[DMARC_NAME];

	if (strcasecmp(from, id) == 0)
		return 1;
	if (strict)
		return 0;
	if (psl != NULL && (!orgdom_psl(psl, id, o1, sizeof(o1)) ||
	    strcasecmp(o1, org_psl) != 0))
		return 0;
	if (dmarc_orgdom_tree(d, id, o2, sizeof(o2)) < 0)
		return -1;
	return strcasecmp(o2, org_tree) == 0;
}

int
dmarc_eval(struct dns *d, const struct orgdom *psl, const char *from,
    const char *spf_domain, const char *const *dkim, size_t ndkim,
    struct dmarc_result *res)
{
	struct found f;
	const char *n;
	size_t k;
	int i, r, ex;

	memset(res, 0, sizeof(*res));
	res->policy = DMARC_UNSET;
	if (psl == NULL || !orgdom_psl(psl, from, res->org_psl,
	    sizeof(res->org_psl)))
		snprintf(res->org_psl, sizeof(res->org_psl), "%s", from);
	if (orgdom_tree(d, from, res->org_tree, sizeof(res->org_tree),
	    res) < 0)
		goto tempfail;
	if ((ex = exists(d, from)) < 0)
		goto tempfail;
	res->nonexistent = !ex;
	for (i = 0; i < DMARC_MAX_WALK && (n = walk_name(from, i)); i++) {
		f = lookup(d, n, res, NULL);
		if (f.status < 0)
			goto tempfail;
		if (f.status == 2)
			break;
		if (f.status == 1) {
			res->rec = f.rec;
			snprintf(res->domain, sizeof(res->domain), "%s", n);
			break;
		}
	}
	if (res->domain[0] != '\0') {
		res->policy = strcasecmp(res->domain, from) == 0 ?
		    res->rec.p : res->nonexistent ? res->rec.np : res->rec.sp;
		if (res->rec.testing && res->policy != DMARC_NONE)
			res->policy--;
	} else
		memset(&res->rec, 0, sizeof(res->rec));	/* relaxed */
	if (spf_domain != NULL) {
		if ((r = aligned(d, psl, from, res->org_psl, res->org_tree,
		    spf_domain, res->rec.aspf_strict)) < 0)
			goto tempfail;
		res->spf_aligned = r;
	}
	for (k = 0; k < ndkim; k++) {
		if ((r = aligned(d, psl, from, res->org_psl, res->org_tree,
		    dkim[k], res->rec.adkim_strict)) < 0)
			goto tempfail;
		if (r && !res->dkim_aligned) {
			res->dkim_aligned = 1;
			snprintf(res->dkim_aligned_domain,
			    sizeof(res->dkim_aligned_domain), "%s", dkim[k]);
		}
	}
	if (res->domain[0] != '\0')
		res->status = res->spf_aligned || res->dkim_aligned ?
		    DMARC_R_PASS : DMARC_R_FAIL;
	return 0;
tempfail:
	res->status = DMARC_R_TEMPERROR;
	return -1;
}
