/*
 * NAME
 *	authres - the process's resolver, DNS cache, SPF evaluator, DKIM
 *	verifier and Public Suffix List, kept across reloads
 * SUMMARY
 *	struct authres *r = authres_new(conf, err, sizeof(err));
 *	if (!authres_fits(r, newconf)) ... build another for newconf
 *	authres_ref(r); ... authres_unref(r);
 * DESCRIPTION
 *	An authres bundles what the authentication checks resolve and verify
 *	with: the resolver (dns.c: a libunbound context, its thread and the
 *	answer cache), the SPF evaluator (spf.c), the DKIM verifier (dkim.c)
 *	the PSL (orgdom.c) and the cache of egress IPs' reverse DNS
 *	(egress.c, at most AUTHRES_EGRESS_MAX (IP, HELO) results). It is immutable once built, shared by every
 *	thread and by every policy whose settings it fits, and reference
 *	counted: authres_new() returns one reference, authres_ref() adds
 *	one, authres_unref() drops one (NULL is a no-op).
 *
 *	It is built from exactly four config keys, which it copies:
 *	dns.nameservers, dns.timeout, dns.cache_size and authentication.psl
 *	(the file name; the list is read when built). authres_fits() returns
 *	1 when a config has the dns section (authentication on) and the same
 *	four values, else 0: it is the one place that decides whether a
 *	reload keeps the resolver, its thread and its cache, or needs a new
 *	one. Every other authentication setting (dns.budget, egress_ips,
 *	outbound_helo, sending_domains, freemail_domains, on_dns_error) is
 *	read per message from the config the message started with.
 *
 *	Dropping the last reference frees it through reaper_defer(): on the
 *	reaper thread when the daemon runs one, so a libmilter callback that
 *	releases the last policy using it never joins the resolver thread.
 * DIAGNOSTICS
 *	authres_new() returns NULL with a reason in err when the resolver or
 *	the PSL cannot be built.
 */
#ifndef SL_AUTHRES_H
#define SL_AUTHRES_H

#include <stddef.h>

#define AUTHRES_EGRESS_MAX	1024	/* (egress IP, HELO) results cached */

struct authres;
struct conf;
struct dkimv;
struct dns;
struct egress;
struct orgdom;
struct spf;

struct authres	*authres_new(const struct conf *, char *err,
		    size_t errlen);
int		 authres_fits(const struct authres *, const struct conf *);
struct authres	*authres_ref(struct authres *);
void		 authres_unref(struct authres *);

struct dns	*authres_dns(const struct authres *);
struct spf	*authres_spf(const struct authres *);
struct dkimv	*authres_dkim(const struct authres *);
const struct orgdom *authres_psl(const struct authres *);
struct egress	*authres_egress(const struct authres *);

#endif
