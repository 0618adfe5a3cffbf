/*
 * NAME
 *	spf - SPF (RFC 7208) of a sender for an egress IP, through dns.c
 * SUMMARY
 *	struct spf *s = spf_new(dns);
 *	int r = spf_check(s, "192.0.2.1", "mail.example.com",
 *	    "bounce@example.com", why, sizeof(why));
 * DESCRIPTION
 *	spf_check() evaluates check_host() for the sender's domain (a null
 *	sender: postmaster@helo) and the IP, with libspf2 resolving through
 *	a DNS layer over dns.c. Every SPF record is first checked by
 *	spfrec_check(): libspf2 sees only records that parse strictly.
 *
 *	The layer enforces RFC 7208 4.6.4 itself, since libspf2 counts
 *	per record only: at most 10 DNS-querying terms over all records
 *	fetched (counted when a record is fetched, so a record whose 11th
 *	term would never be reached still counts it, as record checkers
 *	do), at most 2 void lookups, at most SPF_MAX_QUERIES queries in all;
 *	going past a limit is permerror.
 *	libspf2's quirks are mapped to the RFC results: a DNS failure
 *	(SPF_E_DNS_ERROR, result "invalid") is temperror; any other
 *	"invalid" is permerror. Where libspf2 departs from RFC 7208 the
 *	layer evaluates as the RFC says: a CIDR length of 0 (which libspf2
 *	refuses) is rewritten by spfrec.c and its lookups answered here; an
 *	IPv4-mapped IPv6 client is evaluated as IPv4 (RFC 7208 5); a PTR
 *	answer is cut to its first SPF_MAX_PTR names (4.6.4: libspf2 gives
 *	permerror past them).
 *
 *	Results are cached per (domain, IP) while the DNS answers they came
 *	from live, unless a record used a macro (the result may then depend
 *	on the local part). Temperrors are never cached.
 *
 *	spf_check() is safe from any thread; the spf object is shared.
 */
#ifndef SL_SPF_H
#define SL_SPF_H

#include <stddef.h>

#include "dns.h"

#define SPF_MAX_TERMS		10
#define SPF_MAX_QUERIES		100
#define SPF_MAX_VOID		2
#define SPF_MAX_PTR		10	/* PTR names checked (RFC 7208 4.6.4) */
#define SPF_CACHE_MAX		10000

enum spf_result {
	SPFR_NONE,
	SPFR_NEUTRAL,
	SPFR_PASS,
	SPFR_FAIL,
	SPFR_SOFTFAIL,
	SPFR_TEMPERROR,
	SPFR_PERMERROR
};

struct spf;

struct spf	*spf_new(struct dns *);
void		 spf_free(struct spf *);
int		 spf_check(struct spf *, const char *ip, const char *helo,
		    const char *sender, char *why, size_t whylen);
const char	*spf_result_name(int);

/* Fuzzing: the pre-check, then libspf2's compiler on what it lets pass. */
int		 spf_compile_check(struct spf *, const char *record, size_t len);

#endif
