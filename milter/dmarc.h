/*
 * NAME
 *	dmarc - DMARC record discovery, organizational domains, alignment
 * SUMMARY
 *	dmarc_eval(dns, psl, "news.example.com", spf_domain, dkim_domains,
 *	    ndkim, &res);
 * DESCRIPTION
 *	Discovery follows the RFC 9989 4.10 DNS tree walk, which also covers
 *	RFC 7489 6.6.3 (the From domain, then its organizational domain):
 *	_dmarc.<name> for the From domain, then for its parents, skipping to
 *	seven labels when it has more than eight, at most DMARC_MAX_WALK
 *	queries. The first name publishing exactly one valid DMARC record
 *	gives the policy; more than one DMARC record there ends the search
 *	with none; a record that does not parse is remembered (invalid) and
 *	the walk goes on; other TXT records are skipped.
 *
 *	Organizational domains two ways: by the Public Suffix List (RFC 7489
 *	3.2, orgdom.c) and by the RFC 9989 4.8 walk (psd=n: that name;
 *	psd=y: one label below it; else the shortest name with a record;
 *	else the name itself). Relaxed alignment (RFC 7489 3.1) compares
 *	organizational domains; a result is aligned only when both ways
 *	agree it is (receivers use either), strict compares the names.
 *
 *	spf_domain is the MAIL FROM (or HELO) domain if SPF passed, else
 *	NULL; dkim_domains the d= of passing signatures. The effective
 *	policy applies sp to subdomains and np to non-existent ones (RFC
 *	9989) and t=y's downgrade; pct is historic and ignored.
 *
 *	Alignment is computed (relaxed) even when no record is found, since
 *	providers require an aligned From whether or not DMARC is published;
 *	status stays DMARC_R_NONE then.
 *
 *	Returns 0, or -1 when a DNS failure left the outcome undecided
 *	(status DMARC_TEMPERROR).
 */
#ifndef SL_DMARC_H
#define SL_DMARC_H

#include <stddef.h>

#include "dmarcrec.h"
#include "dns.h"
#include "orgdom.h"

#define DMARC_MAX_WALK	8
#define DMARC_NAME	256

enum dmarc_status {
	DMARC_R_NONE,		/* no usable record */
	DMARC_R_PASS,
	DMARC_R_FAIL,
	DMARC_R_TEMPERROR
};

struct dmarc_result {
	int	 status;
	int	 invalid;		/* a DMARC record did not parse */
	char	 invalid_why[160];
	int	 multiple;		/* more than one record at a name */
	char	 domain[DMARC_NAME];	/* where the policy record is */
	struct dmarcrec rec;
	int	 policy;		/* effective, enum dmarc_policy */
	char	 org_psl[DMARC_NAME];	/* of the From domain */
	char	 org_tree[DMARC_NAME];
	int	 spf_aligned;
	int	 dkim_aligned;
	char	 dkim_aligned_domain[DMARC_NAME];
	int	 nonexistent;		/* From domain: NXDOMAIN */
	char	 walked[DMARC_MAX_WALK][DMARC_NAME + 8];	/* the From's walk */
	int	 nwalked;
};

int	dmarc_eval(struct dns *, const struct orgdom *, const char *from_domain,
	    const char *spf_domain, const char *const *dkim_domains,
	    size_t ndkim, struct dmarc_result *);
int	dmarc_orgdom_tree(struct dns *, const char *name, char *out,
	    size_t outlen);
const char *dmarc_policy_name(int);

#endif
