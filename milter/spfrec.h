/*
 * NAME
 *	spfrec - strict RFC 7208 SPF record syntax check
 * SUMMARY
 *	if (spfrec_is_spf(txt, len))
 *		ok = spfrec_check(txt, len, why, sizeof(why));
 * DESCRIPTION
 *	spfrec_is_spf() tells whether a TXT record is an SPF record: it
 *	starts with "v=spf1" (any case) followed by a space or its end
 *	(RFC 7208 4.5).
 *
 *	spfrec_check() parses the record against the ABNF of RFC 7208
 *	section 12 (terms, mechanisms, modifiers, macro-strings, CIDR
 *	lengths, at most one redirect and one exp) and returns 1 if it is
 *	valid, 0 with a reason if not. It runs before any record reaches
 *	libspf2, whose macro expander has known memory-safety faults, so it
 *	also refuses what is valid but needlessly large: more than
 *	SPFREC_MAX_MACROS macros, a transformer digit count over 128, a
 *	record over SPFREC_MAX_LEN octets, a NUL or control octet.
 *
 *	On success it fills a struct spfrec: the number of terms that cost a
 *	DNS lookup (RFC 7208 4.6.4), and a clean copy of the record for
 *	libspf2 without what RFC 7208 says to ignore and libspf2 does not:
 *	unknown modifiers (6) and a redirect beside an "all" mechanism
 *	(6.1). The info may be NULL.
 *
 *	The clean copy also says what libspf2 refuses but RFC 7208 allows:
 *	a CIDR length of 0 (5.3, 5.4, 5.6). For the client's address family
 *	(v6client, set by the caller before the call):
 *
 *	ip4:N/0, ip6:N/0	two mechanisms that together cover every
 *				address (0.0.0.0/1 and 128.0.0.0/1; ::/1 and
 *				8000::/1), same qualifier
 *	a[:d]/0, IPv4 client	exists:d (any A record matches; one DNS term,
 *				as before)
 *	a[:d]//0, IPv6 client	exists:d._sl-aaaa.invalid
 *	mx[:d]/0, IPv4 client	exists:d._sl-mx4.invalid
 *	mx[:d]//0, IPv6 client	exists:d._sl-mx6.invalid
 *	a zero length of the other family	dropped (it cannot match)
 *
 *	d is %{d} when the mechanism names no domain. The names under
 *	SPFREC_SYNTH are answered by the caller's DNS layer, never asked of
 *	DNS: "aaaa" has an answer when d has an AAAA record, "mx4" ("mx6")
 *	when one of d's first 10 MX hosts has an A (AAAA) record.
 */
#ifndef SL_SPFREC_H
#define SL_SPFREC_H

#include <stddef.h>

#define SPFREC_MAX_LEN		2048
#define SPFREC_MAX_MACROS	32

#define SPFREC_SYNTH	"._sl-"		/* then aaaa, mx4 or mx6, ".invalid" */

struct spfrec {
	int	 v6client;	/* in: the client is IPv6 */
	int	 dns_terms;	/* include a mx ptr exists redirect */
	int	 has_all;
	char	 clean[2 * SPFREC_MAX_LEN + 1];	/* see above */
	size_t	 cleanlen;
};

int	spfrec_is_spf(const char *, size_t);
int	spfrec_check(const char *, size_t, struct spfrec *, char *why,
	    size_t whylen);

#endif
