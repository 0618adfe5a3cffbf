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
 */
#ifndef SL_SPFREC_H
#define SL_SPFREC_H

#include <stddef.h>

#define SPFREC_MAX_LEN		2048
#define SPFREC_MAX_MACROS	32

struct spfrec {
	int	 dns_terms;	/* include a mx ptr exists redirect */
	int	 has_all;
	char	 clean[SPFREC_MAX_LEN + 1];	/* see above */
	size_t	 cleanlen;
};

int	spfrec_is_spf(const char *, size_t);
int	spfrec_check(const char *, size_t, struct spfrec *, char *why,
	    size_t whylen);

#endif
