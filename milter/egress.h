/*
 * NAME
 *	egress - reverse DNS of an egress IP and its outbound HELO name,
 *	cached by TTL
 * SUMMARY
 *	struct egress *eg = egress_new(256);		process-wide
 *	struct egress_rdns r;
 *	egress_lookup(eg, dns, psl, "192.0.2.25", "mx.example.com", &r);
 *	egress_free(eg);
 * DESCRIPTION
 *	egress_lookup() answers, for one egress IP (IPv4 or IPv6 text) and
 *	an optional outbound HELO name, what a receiver checks before it
 *	looks at a message (CHECKS.md "Egress"):
 *
 *	ptr	1: the IP has PTR names; 0: none (NXDOMAIN or NODATA);
 *		-1: the PTR lookup failed for now (why in ptr_why)
 *	name	the first PTR name that resolves back to the IP, else the
 *		first PTR name ("" when ptr is not 1)
 *	confirmed  1: a PTR name (of the first EGRESS_MAX_PTR) has an A
 *		(AAAA for IPv6) record equal to the IP (forward-confirmed
 *		reverse DNS); 0: none has; -1: undecided (a forward lookup
 *		failed for now and none confirmed); 0 when ptr is not 1
 *	generic	1 when name looks assigned by an access provider
 *		(ptrname.h), the reason in generic_why
 *	helo	1: the HELO name has no A/AAAA record equal to the IP, or its
 *		organizational domain (orgdom.h) differs from that of name;
 *		0: it matches (or there is no PTR name to compare with);
 *		-1: undecided (a lookup failed for now); -2: no HELO name
 *		given. helo_why says which.
 *
 *	Results go through the resolver (dns.h), and whole results are kept
 *	in eg, keyed by IP and HELO name: fresh for the shortest TTL of the
 *	answers they came from (at least EGRESS_MIN_TTL, at most DNS_MAX_TTL
 *	seconds), then stale for as long again. A result with any temporary
 *	failure is not kept. eg may be NULL (no cache: senderlint-preflight).
 *	egress_lookup() returns 1 for a fresh result from the cache; 2 for a
 *	stale one, to exactly one caller per stale entry, which should have
 *	egress_refresh() look it up again off the message path (the others
 *	get 1 and the stale result meanwhile); 0 when it was looked up now;
 *	-1 when ip is not an IP address (out is then all "no PTR"). So once
 *	cached, and refreshed in time, a message costs no lookup.
 *
 *	egress_refresh() looks ip and helo up and keeps the result (if it has
 *	no temporary failure). egress_set_clock() replaces the monotonic
 *	clock (seconds) that decides freshness, for tests.
 *
 *	An egress is thread-safe; egress_free(NULL) is a no-op.
 */
#ifndef SL_EGRESS_H
#define SL_EGRESS_H

#include <stddef.h>
#include <time.h>

#include "ptrname.h"

#define EGRESS_MAX_PTR	10	/* PTR names forward-checked per IP */
#define EGRESS_MIN_TTL	300	/* seconds a result is fresh at least */
#define EGRESS_NAME	256	/* a domain name and its NUL */

struct dns;
struct orgdom;

struct egress_rdns {
	int	 ptr;
	char	 ptr_why[48];
	char	 name[EGRESS_NAME];
	int	 confirmed;
	int	 generic;
	char	 generic_why[PTRNAME_WHY];
	int	 helo;
	char	 helo_why[4 * EGRESS_NAME + 64];
	long	 ttl;
};

struct egress;

struct egress	*egress_new(long max);
void		 egress_free(struct egress *);
int		 egress_lookup(struct egress *, struct dns *,
		    const struct orgdom *, const char *ip, const char *helo,
		    struct egress_rdns *out);
void		 egress_refresh(struct egress *, struct dns *,
		    const struct orgdom *, const char *ip, const char *helo);
void		 egress_set_clock(struct egress *, time_t (*)(void));
/* The reverse DNS name of ip (in-addr.arpa or ip6.arpa); 0 if ip is not one. */
int		 egress_revname(const char *ip, char *out, size_t len);

#endif
