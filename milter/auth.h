/*
 * NAME
 *	auth - SPF, DKIM and DMARC facts for one message (the glue)
 * SUMMARY
 *	struct auth *a = auth_new(conf, err, sizeof(err));	per policy
 *	auth_attach(a, m);		when the message starts
 *	auth_check(cr);			from check_run(), at end of message
 * DESCRIPTION
 *	auth_new() builds the resolver (dns.c), the SPF evaluator, the DKIM
 *	verifier and the Public Suffix List from the dns and authentication
 *	sections of the config; it returns NULL (nothing to do) when the
 *	config has no dns section, or NULL with err set when a part cannot
 *	be built. An auth is shared by all threads.
 *
 *	auth_attach() makes the message stream its header and body to the
 *	DKIM verifier. auth_check() runs every lookup within the per-message
 *	DNS budget and reports the facts of CHECKS.md "Authentication and
 *	alignment" plus unsub.not-signed. A lookup that failed for now makes
 *	the facts it decides TEMPERROR, never true or false.
 * */
#ifndef SL_AUTH_H
#define SL_AUTH_H

#include <stddef.h>

#include "checkrun.h"
#include "conf.h"
#include "rule.h"

struct auth;

struct auth	*auth_new(const struct conf *, char *err, size_t errlen);
void		 auth_free(struct auth *);
void		 auth_attach(struct auth *, struct msg *);
void		 auth_check(struct checkrun *);

#endif
