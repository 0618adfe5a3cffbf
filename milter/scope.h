/*
 * NAME
 *	scope - which mail is outbound, and so judged
 * DESCRIPTION
 *	senderlint judges the mail a site sends, even on a host that also
 *	receives mail through the same smtpd. A message is outbound when
 *	any criterion of the scope holds:
 *
 *	authenticated	the client logged in with SASL
 *	networks	the client address (from the connection) is in one
 *	services	the MTA service ({daemon_name}) is one of these
 *	mail_from_domains  the MAIL FROM domain matches one of these globs
 *	all		every message is outbound (a relay that only sends)
 *
 *	Without a scope section: authenticated clients and loopback
 *	(127.0.0.0/8, ::1: Postfix hands mail submitted with sendmail(1)
 *	to non_smtpd_milters as coming from 127.0.0.1).
 *
 *	scope_load() reads the section into a scope set up by
 *	scope_default(), adding errors as file:line:col. scope_outbound()
 *	decides at MAIL FROM and returns the criterion that matched (for
 *	the log) or NULL for mail that passes untouched.
 */
#ifndef SL_SCOPE_H
#define SL_SCOPE_H

#include "cidr.h"
#include "diag.h"
#include "limits.h"
#include "msg.h"
#include "yamldoc.h"

struct scope {
	int		 all;
	int		 authenticated;
	struct cidr	 net[SL_MAX_SCOPE_ITEMS];
	size_t		 nnet;
	char		*service[SL_MAX_SCOPE_ITEMS];
	size_t		 nservice;
	char		*domain[SL_MAX_SCOPE_ITEMS];	/* globs */
	size_t		 ndomain;
};

void		 scope_default(struct scope *);
void		 scope_load(struct scope *, const char *file,
		    const struct ynode *, struct diag *);
void		 scope_clear(struct scope *);
const char	*scope_outbound(const struct scope *, const struct conninfo *,
		    const char *mail_from);

#endif
