/*
 * NAME
 *	authfacts - the SPF, DKIM and DMARC fact producers
 * SUMMARY
 *	authdkim_facts(fs, m, sigs, n, &dk);		authdkim.c
 *	authspf_facts(fs, spf, &si, &sp);		authspf.c
 *	authdmarc_facts(fs, dns, psl, &di);		authdmarc.c
 *	authdmarc_nonexistent(fs, dns, mfdom, from);	authdmarc.c
 *	authegress_facts(fs, eg, dns, psl, &ein);	authegress.c
 * DESCRIPTION
 *	Each producer turns the result of one wrapper (dkim.c, spf.c,
 *	dmarc.c) into the facts of CHECKS.md "Authentication and alignment";
 *	auth.c runs them at end of message in the order above, inside the
 *	message's DNS budget. Inputs come from auth.c, already read from the
 *	config and the message: domains lower case, "" when there is none.
 *	What DMARC needs from SPF and DKIM is handed over explicitly in the
 *	out structures, never read back from the fact set.
 *
 *	authdkim_facts() reports the dkim.* facts and unsub.not-signed for
 *	the n signatures dkimmsg_finish() returned (0: unsigned) and fills
 *	out with the d= of the passing signatures and whether a key lookup
 *	failed for now.
 *
 *	authspf_facts() evaluates SPF for in->domain once per egress IP and
 *	reports spf.domain.unlisted and spf.egress.*; nothing when there is
 *	no egress IP, no spf.egress.* when the domain is unlisted. out gets
 *	the domain if SPF passed for every egress IP, and whether one of
 *	them got temperror.
 *
 *	authdmarc_facts() reports dmarc.* and from.freemail for the From
 *	domain; an SPF or DKIM temperror leaves an unaligned result
 *	TEMPERROR. authdmarc_nonexistent() reports domain.nonexistent for
 *	the MAIL FROM and From domains (NXDOMAIN for MX, A and AAAA, or a
 *	null MX).
 *
 *	authegress_facts() reports egress.ptr.missing, egress.ptr.mismatch,
 *	egress.ptr.generic and (when helo is not NULL) egress.helo.mismatch
 *	for the egress IPs in->ips (NULL-terminated, or NULL: nothing),
 *	through egress_lookup() and its cache eg (egress.h). A missing PTR
 *	makes mismatch and generic false: egress.ptr.missing is the finding.
 *	When a cached result is stale it is used, and in->refresh(in->arg,
 *	ip, helo) is called to have it looked up again off the message path.
 */
#ifndef SL_AUTHFACTS_H
#define SL_AUTHFACTS_H

#include <stddef.h>

#include "dkim.h"

#define AUTH_NAME	256	/* a domain name and its NUL */

struct dns;
struct egress;
struct factset;
struct msg;
struct orgdom;
struct spf;

struct authdkim_out {
	char	 pass[DKIM_MAX_SIGS][AUTH_NAME];	/* d=, lower case */
	size_t	 npass;
	int	 temperror;
};

struct authspf_in {
	char *const	*egress_ips;	/* NULL-terminated, or NULL */
	const char	*helo;		/* outbound_helo or localhost */
	const char	*sender;	/* MAIL FROM path, or NULL */
	const char	*domain;	/* its domain, else outbound_helo */
	int		 unlisted;	/* not in sending_domains */
};

struct authspf_out {
	char	 pass_domain[AUTH_NAME];	/* "" unless SPF passed */
	int	 temperror;
};

struct authegress_in {
	char *const	*ips;		/* egress_ips, or NULL */
	const char	*helo;		/* outbound_helo, or NULL */
	void		(*refresh)(const void *, const char *ip,
			    const char *helo);
	const void	*arg;
};

struct authdmarc_in {
	const char		*from;		/* From domain */
	int			 freemail;	/* in freemail_domains */
	const struct authspf_out *spf;
	const struct authdkim_out *dkim;
};

void	authdkim_facts(struct factset *, const struct msg *,
	    const struct dkim_sig *, size_t, struct authdkim_out *);
void	authspf_facts(struct factset *, struct spf *,
	    const struct authspf_in *, struct authspf_out *);
void	authdmarc_facts(struct factset *, struct dns *,
	    const struct orgdom *, const struct authdmarc_in *);
void	authdmarc_nonexistent(struct factset *, struct dns *,
	    const char *mfdom, const char *from);
void	authegress_facts(struct factset *, struct egress *, struct dns *,
	    const struct orgdom *, const struct authegress_in *);

#endif
