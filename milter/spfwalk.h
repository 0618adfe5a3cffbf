/*
 * NAME
 *	spfwalk - an SPF record and everything it includes, walked for the
 *	limits of RFC 7208 4.6.4 (senderlint-preflight)
 * SUMMARY
 *	struct spfwalk w;
 *	spfwalk_run(dns, "example.com", &w);
 *	... w.found, w.dns_terms, w.void_lookups, w.why
 * DESCRIPTION
 *	spfwalk_run() fetches the SPF record of domain through the resolver,
 *	checks it with spfrec_check(), then follows each include: and
 *	redirect= whose domain has no macro, depth first, as a receiver
 *	would, whatever the client IP. It counts the DNS-querying terms of
 *	every record reached (include, a, mx, ptr, exists, redirect) and
 *	the void lookups (a name that answers NXDOMAIN or no record) of
 *	include, redirect, a:, mx: and exists: targets without macros.
 *	It stops after SPFWALK_MAX_RECORDS records.
 *
 *	found	1 a record at domain, 0 none (NXDOMAIN, no TXT or no SPF
 *		TXT record), -1 the lookup failed for now
 *	problem	1 when the walk found what receivers treat as permerror:
 *		several SPF records at one name, a record that does not
 *		parse, an include without a record, more than SPF_MAX_TERMS
 *		terms or SPF_MAX_VOID void lookups; why says which (the
 *		first found)
 *	temperror  1 when a lookup below the top failed for now
 *	macros	the include/redirect/a/mx/exists targets not followed
 *		because they hold a macro (their cost depends on the sender)
 *	record	the top record, cut at sizeof(record) - 1
 */
#ifndef SL_SPFWALK_H
#define SL_SPFWALK_H

#include "spfrec.h"

#define SPFWALK_MAX_RECORDS	20
#define SPFWALK_MAX_DEPTH	10

struct dns;

struct spfwalk {
	int	 found;
	int	 problem;
	int	 temperror;
	int	 dns_terms;
	int	 void_lookups;
	int	 records;
	int	 macros;
	char	 why[200];
	char	 record[SPFREC_MAX_LEN + 1];
};

void	spfwalk_run(struct dns *, const char *domain, struct spfwalk *);

#endif
