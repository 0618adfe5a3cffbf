/*
 * NAME
 *	suppcheck - the suppression list at RCPT and at the end of a message
 * DESCRIPTION
 *	The store (suppress.h) is process-wide: opened read-only on first
 *	use from the configured suppression.path and kept until exit, across
 *	reloads (a changed path takes effect at restart). A store that does
 *	not exist yet is an empty list (logged once): the daemon never
 *	creates or writes it; senderlint-suppress does.
 *
 *	At RCPT, suppcheck_rcpt() looks the recipient (a path as the MTA
 *	gives it, with or without angle brackets and source route) up among
 *	the entries for every stream: the stream of a message is not known
 *	before its header has been read. It returns 1 when the recipient is
 *	suppressed and fills v: the reply to give (code, enhanced code and
 *	the configured text with its placeholders filled in, printable
 *	ASCII), whether to monitor only (suppression.mode monitor, or the
 *	whole daemon in mode monitor), and the fields of the log line. 0
 *	when it is not, or the list is off; -1 when the store failed (a
 *	temperror: the caller answers with on_error).
 *
 *	At the end of the message, supp_check() reports rcpt.suppressed:
 *	true when a recipient the message still has is on the list for
 *	every stream (it was let through in monitor mode) or for the
 *	message's stream (entries scoped to a stream are matched here, where
 *	the stream is known); num counts those recipients. False when none
 *	is, or no list is configured; temperror when the store failed.
 */
#ifndef SL_SUPPCHECK_H
#define SL_SUPPCHECK_H

#include "conf.h"
#include "limits.h"

struct supp_verdict {
	int	 monitor;		/* mode: monitor, accept the RCPT */
	char	 rcode[4];
	char	 xcode[16];
	char	 text[SL_MAX_REPLY_TEXT + 1];
	char	 log[SL_MAX_REPLY_TEXT + 1];	/* key=value fields */
};

int	 suppcheck_rcpt(const struct conf *, const char *rcpt,
	    struct supp_verdict *);
/* supp_check(struct checkrun *) is declared with the others in check.h */

#endif
