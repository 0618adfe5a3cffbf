/*
 * NAME
 *	preflight - what receivers will see of a sending domain's DNS and
 *	its egress IPs, before the first message
 * SUMMARY
 *	struct pf_in in = { "example.com", ips, selectors, "mx.example.com" };
 *	struct pf_report *r = preflight_run(dns, spf, psl, &in);
 *	for (i = 0; i < r->n; i++) ... r->f[i].level, id, what, fix
 *	preflight_free(r);
 * DESCRIPTION
 *	preflight_run() checks, in this order, through the resolver:
 *
 *	SPF	the domain's record exists, parses, stays within 10
 *		DNS-querying terms and 2 void lookups over every include and
 *		redirect (spfwalk.h), and passes for every egress IP
 *		(spf_check() with postmaster@domain)
 *	DKIM	each selector's key record at selector._domainkey.domain
 *		exists, parses, is not revoked, is not in testing mode
 *		(t=y), and an RSA key has at least 1024 bits (2048 advised)
 *	DMARC	a record at _dmarc.domain or at its organizational domain's,
 *		one only, valid; advice for p=none and for no rua=
 *	MX	an MX record, or a null MX (RFC 7505), or only an address
 *	PTR	each egress IP: a PTR record, forward-confirmed, not
 *		generic; and the HELO name, when given (egress.h)
 *
 *	Each finding has a level, the fact id it is about (the message
 *	facts of senderlint-rules(5) where one fits; otherwise an id of
 *	senderlint-preflight(8)), what was found and how to fix it. Levels:
 *	PF_OK, PF_ADVICE (not required by receivers), PF_FAIL (receivers
 *	reject or junk the mail), PF_TEMPERROR (a lookup failed for now:
 *	nothing decided). preflight_failed() is 1 when a finding is FAIL or
 *	TEMPERROR. ips and selectors are NULL-terminated, or NULL.
 *	A report holds at most PF_MAX_FINDINGS findings (the rest dropped).
 */
#ifndef SL_PREFLIGHT_H
#define SL_PREFLIGHT_H

#include <stddef.h>

#define PF_MAX_FINDINGS	256

enum pf_level {
	PF_OK,
	PF_ADVICE,
	PF_FAIL,
	PF_TEMPERROR
};

struct pf_in {
	const char	*domain;
	char *const	*ips;
	char *const	*selectors;
	const char	*helo;		/* or NULL */
};

struct pf_finding {
	int	 level;
	char	 id[48];
	char	 what[300];
	char	 fix[300];
};

struct pf_report {
	struct pf_finding	 f[PF_MAX_FINDINGS];
	size_t			 n;
};

struct dns;
struct orgdom;
struct spf;

struct pf_report *preflight_run(struct dns *, struct spf *,
		    const struct orgdom *, const struct pf_in *);
void		 preflight_free(struct pf_report *);
int		 preflight_failed(const struct pf_report *);
const char	*preflight_level_name(int);

#endif
