/*
 * NAME
 *	auth - SPF, DKIM and DMARC facts for one message (the glue)
 * SUMMARY
 *	a = auth_new(conf, prev, err, sizeof(err));	per policy
 *	auth_attach(a, m);		when the message starts
 *	auth_check(cr);		from check_run(), at end of message
 * DESCRIPTION
 *	A struct auth is one policy's view of the process's resolver and
 *	verifiers (authres.h): the config the policy was loaded with, and a
 *	reference to an authres. auth_new() returns NULL (nothing to do)
 *	when the config has no dns section. It shares prev's authres when
 *	authres_fits() says the config's dns settings are those it was built
 *	with, so a reload that leaves them alone keeps the resolver and its
 *	cache; otherwise it builds a new one, and returns NULL with err set
 *	when that fails. prev may be NULL. auth_free() drops the reference;
 *	the last one is freed off the message path (reaper.h).
 *	auth_same_resolver() tells whether two share their authres.
 *
 *	auth_attach() registers the message's authentication state as a
 *	raw body observer of the message (msg_observe_raw()): the DKIM
 *	verification, fed the header and body as they come. auth_check()
 *	finds that state through msg_raw_arg(), then runs the DKIM, SPF and
 *	DMARC fact producers (authfacts.h) in that order within the
 *	message's DNS budget (dns.budget of the policy's config), handing
 *	the SPF and DKIM outcomes to DMARC, reports domain.nonexistent, and
 *	last the egress.* facts of the configured egress IPs and outbound
 *	HELO name (authegress_facts(), cached by TTL in the authres).
 *	Together they report the facts of CHECKS.md "Authentication and
 *	alignment" and "Egress" plus unsub.not-signed. A lookup that failed for now makes
 *	the facts it decides TEMPERROR, never true or false.
 *
 *	An auth is immutable and shared by all threads.
 */
#ifndef SL_AUTH_H
#define SL_AUTH_H

#include <stddef.h>

struct auth;
struct checkrun;
struct conf;
struct msg;

struct auth	*auth_new(const struct conf *, const struct auth *prev,
		    char *err, size_t errlen);
void		 auth_free(struct auth *);
int		 auth_same_resolver(const struct auth *,
		    const struct auth *);
void		 auth_attach(struct auth *, struct msg *);
void		 auth_check(struct checkrun *);

#endif
