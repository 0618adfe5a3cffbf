/*
 * NAME
 *	dns - the one resolver every lookup goes through
 * SUMMARY
 *	struct dns *d = dns_new(&dc, err, sizeof(err));
 *	dns_budget_begin(8000);
 *	const struct dns_answer *a = dns_query(d, "example.com", DNS_TXT);
 *	... a->status, a->rr[i] ...
 *	dns_release(a);
 *	dns_budget_end();
 * DESCRIPTION
 *	SPF (through a libspf2 DNS layer), DKIM (through libopendkim's query
 *	hooks), DMARC and the existence checks all resolve here, so they
 *	share one cache, one timeout and one failure model.
 *
 *	dns_new() builds a libunbound context that forwards to the configured
 *	nameservers ("127.0.0.1@5353"; none: those of /etc/resolv.conf).
 *	A resolver thread runs libunbound's callbacks; a caller waits at most
 *	the per-query timeout and never past its thread's budget deadline
 *	(dns_budget_begin()), then cancels the query. Answers are cached,
 *	shared by all threads, for their TTL (at most DNS_MAX_TTL seconds);
 *	temporary failures are not cached. When the cache is full, expired
 *	entries go first, then all of them.
 *
 *	libunbound answers the special-use names itself (test., invalid.,
 *	onion., localhost. and the AS112 reverse zones), whatever the
 *	nameservers say; the tests use names under example. (RFC 2606).
 *
 *	dns_new_source() is a resolver whose answers come from query(arg,
 *	name, type) instead of libunbound: the name lower-cased without its
 *	final dot, the answer a new one from dnswire_answer(). No cache;
 *	dns_free() calls free_arg(arg). dns_source_arg() returns arg (NULL
 *	for a libunbound resolver). The test zone (dnszone.h) is one.
 *
 *	Status: DNS_OK with n >= 1 records, DNS_NODATA (the name exists, no
 *	record of that type), DNS_NXDOMAIN, or DNS_TEMPFAIL (timeout,
 *	SERVFAIL, REFUSED, a truncated answer that could not be retried,
 *	budget spent) with a reason in why. Records: TXT the strings of one
 *	record joined (RFC 7208 3.3, RFC 6376 3.6.2.2) and NUL-terminated;
 *	A and AAAA 4 and 16 octets; MX, PTR, NS, CNAME a dotted name without
 *	the final dot (MX: pref set); SOA the mname.
 *
 *	An answer is shared and read-only: release it with dns_release().
 *	All functions are safe to call from any thread.
 * DIAGNOSTICS
 *	dns_new() returns NULL with a reason in err when libunbound refuses
 *	the configuration.
 */
#ifndef SL_DNS_H
#define SL_DNS_H

#include <stddef.h>

#include "dnswire.h"

#define DNS_MAX_TTL	3600	/* seconds an answer is kept at most */

struct dns_conf {
	char	**servers;	/* "IP[@PORT]", NULL-terminated; NULL: resolv.conf */
	long	 timeout_ms;	/* one query */
	long	 cache_max;	/* answers kept */
};

struct dns;

struct dns	*dns_new(const struct dns_conf *, char *err, size_t errlen);
struct dns	*dns_new_source(struct dns_answer *(*query)(void *,
		    const char *, int), void (*free_arg)(void *), void *arg);
void		*dns_source_arg(const struct dns *);
void		 dns_free(struct dns *);

const struct dns_answer *dns_query(struct dns *, const char *name, int type);
void		 dns_release(const struct dns_answer *);
const char	*dns_status_name(int);

void		 dns_budget_begin(long ms);
void		 dns_budget_end(void);
long		 dns_budget_left(void);	/* ms; -1: no budget set */
unsigned long	 dns_queries(const struct dns *);	/* sent, not cached */


#endif
