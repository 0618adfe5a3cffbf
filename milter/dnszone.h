/*
 * NAME
 *	dnszone - a fixed table of records behind the resolver API, for tests
 * SUMMARY
 *	struct dns *d = dns_new_static();
 *	dns_static_add(d, "example.com", DNS_TXT, "v=spf1 -all");
 *	dns_static_add(d, "slow.example", 0, "TXT");	(a timeout)
 *	... dns_query(d, ...) as with dns_new() ...
 *	dns_free(d);
 * DESCRIPTION
 *	For test suites and tools whose zone data reuses names (the RFC
 *	7208 suite, the DKIM corpus, the DMARC vectors). Linked into the
 *	unit tests and t/tools only, never into the daemon or the CLI.
 *
 *	dns_static_add() data by type: A and AAAA in presentation form; TXT
 *	with its strings already joined, "\0" and "\n" standing for NUL and
 *	LF; MX "PREF name"; other types a name (a final dot dropped). Type
 *	0 makes queries for name time out: for every type when data is
 *	NULL, else for the type it names ("TXT"). Names are compared
 *	without case and without the final dot.
 *
 *	Queries follow CNAME records (at most 8 hops), answer every record
 *	of the type with TTL 300, NODATA when the name has other records,
 *	NXDOMAIN when it has none. No cache, no time budget.
 * DIAGNOSTICS
 *	dns_static_add() returns -1 when the name or data does not parse,
 *	else 0.
 */
#ifndef SL_DNSZONE_H
#define SL_DNSZONE_H

#include "dns.h"

struct dns	*dns_new_static(void);
int		 dns_static_add(struct dns *, const char *name, int type,
		    const char *data);

#endif
