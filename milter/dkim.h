/*
 * NAME
 *	dkim - verify the DKIM signatures of a message as it leaves (RFC 6376)
 * SUMMARY
 *	struct dkimv *v = dkimv_new(dns);		once
 *	struct dkimmsg *dm = dkimmsg_new(v, m);		at end of headers
 *	dkimmsg_body(dm, chunk, len);			each body chunk
 *	n = dkimmsg_finish(dm, sigs, DKIM_MAX_SIGS);	at end of message
 *	dkimmsg_free(dm);
 * DESCRIPTION
 *	libopendkim verifies; its key queries go through dns.c (the
 *	dkim_dns_set_query_* hooks), so the cache, timeout and budget are
 *	the daemon's. dkimmsg_new() returns NULL when the message carries
 *	no DKIM-Signature (nothing to verify, no cost).
 *
 *	A signature is verified only when libopendkim says it passed AND
 *	its body hash matched (libopendkim keeps the passed flag on a body
 *	hash mismatch). It counts as a pass (pass = 1) only if, moreover,
 *	it is not rsa-sha1 (RFC 8301 3.1), its RSA key has at least 1024
 *	bits (RFC 8301 3.2) and From is in its h= (RFC 6376 5.4).
 *	temperror is set when the key could not be fetched for a temporary
 *	reason; fail then says so.
 *
 *	Up to DKIM_MAX_SIGS signatures are reported, in header order.
 */
#ifndef SL_DKIM_H
#define SL_DKIM_H

#include <stddef.h>

#include "dns.h"
#include "msg.h"

#define DKIM_MAX_SIGS	8

struct dkim_sig {
	char	 domain[256];		/* d= */
	char	 selector[64];		/* s= */
	int	 verified;		/* good signature, body hash matched */
	int	 pass;			/* verified and acceptable, above */
	int	 temperror;		/* key lookup failed for now */
	char	 fail[64];		/* why not verified, or "" */
	unsigned keybits;		/* 0 if unknown */
	int	 rsa;			/* an RSA key */
	int	 sha1;			/* a=rsa-sha1 */
	int	 from_signed;		/* From in h= */
	int	 ltag;			/* l= present */
	int	 lu_signed;		/* List-Unsubscribe in h= */
	int	 lup_signed;		/* List-Unsubscribe-Post in h= */
};

struct dkimv;
struct dkimmsg;

struct dkimv	*dkimv_new(struct dns *);
void		 dkimv_free(struct dkimv *);
struct dkimmsg	*dkimmsg_new(struct dkimv *, const struct msg *);
void		 dkimmsg_body(struct dkimmsg *, const unsigned char *, size_t);
size_t		 dkimmsg_finish(struct dkimmsg *, struct dkim_sig *, size_t);
void		 dkimmsg_free(struct dkimmsg *);

#endif
