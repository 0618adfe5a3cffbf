/*
 * NAME
 *	addr - RFC 5322 3.4 address lists, strict, with the obsolete forms
 * DESCRIPTION
 *	addr_parse() reads an address-list (To, Cc, Reply-To, ...) or, with
 *	ADDR_MAILBOX_LIST, a mailbox-list (From, Resent-From), from a raw
 *	field body. It never refuses input: syntax errors are reported in
 *	the result (err, why), obsolete syntax of RFC 5322 4.4 sets obs,
 *	an RFC 2047 encoded-word outside a phrase or comment sets
 *	ew_misplaced. Mailboxes are returned with their display name (as
 *	written, words joined by one space), local part and domain; at most
 *	ADDR_MAX_MAILBOXES are kept, all are counted.
 *
 *	addr_domain_check() tells whether a domain is a valid host name: LDH
 *	labels of 1 to 63 octets, at least two, at most 253 octets in all,
 *	A-labels valid IDNA 2008 (libidn2), U-labels only when utf8 is
 *	allowed; or an address literal (only its brackets are checked). It
 *	returns NULL when valid, else a reason.
 *
 *	addr_domain_syntax() is the same check over (data, size), for the
 *	SMTP envelope: flags ADDR_DOMAIN_UTF8 allows U-labels (SMTPUTF8),
 *	ADDR_DOMAIN_DOTLESS accepts a single label (RFC 5321 Domain).
 *
 *	addr_domain_ascii() appends the one form of a domain that compares
 *	equal however it was written: lowercase, U-labels turned into
 *	A-labels (IDNA 2008 with the UTS 46 nontransitional mapping, as
 *	mail clients apply it), address literals lowercased. It returns 0,
 *	or -1 (out unchanged) when the result is not a valid RFC 5321
 *	Domain or address literal (addr_domain_syntax() with
 *	ADDR_DOMAIN_DOTLESS).
 */
#ifndef SL_ADDR_H
#define SL_ADDR_H

#include <stddef.h>

#include "limits.h"

#define ADDR_MAX_MAILBOXES	SL_MAX_MAILBOXES
#define ADDR_MAILBOX_LIST	0x01	/* no groups (From, Sender) */
#define ADDR_SINGLE		0x02	/* exactly one mailbox (Sender) */

#define ADDR_DOMAIN_MAX		253	/* octets of a domain (RFC 1035 2.3.4) */
#define ADDR_LABEL_MAX		63	/* octets of one label */
#define ADDR_DOMAIN_UTF8	0x01	/* addr_domain_syntax(): U-labels ok */
#define ADDR_DOMAIN_DOTLESS	0x02	/* one label is a domain */

struct mailbox {
	char	*name;		/* display name as written, or NULL */
	char	*local;		/* local part as written, CFWS removed */
	char	*domain;	/* domain as written, CFWS removed */
	int	 in_group;
};

struct addrlist {
	struct mailbox	 mb[ADDR_MAX_MAILBOXES];
	size_t		 n;		/* kept */
	size_t		 total;		/* parsed */
	size_t		 groups;
	int		 err;		/* the field does not parse */
	char		 why[160];	/* first error, for a fact detail */
	int		 obs;		/* obsolete syntax used */
	char		 obswhy[80];
	int		 ew_misplaced;
	int		 eightbit;
};

void		 addr_parse(const char *, size_t, int flags, struct addrlist *);
void		 addr_clear(struct addrlist *);
const char	*addr_domain_check(const char *, int utf8);
const char	*addr_domain_syntax(const char *, size_t, int flags);
struct sbuf;
int		 addr_domain_ascii(const char *, size_t, struct sbuf *out);

#endif
