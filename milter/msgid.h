/*
 * NAME
 *	msgid - RFC 5322 3.6.4 msg-id lists (Message-ID, In-Reply-To, References)
 * DESCRIPTION
 *	msgid_parse() reads one msg-id (MSGID_SINGLE, for Message-ID) or a
 *	list of them from a raw field body. It never refuses input: err and
 *	why describe the first syntax error; obs is set for the obsolete
 *	forms of RFC 5322 4.5.4 (CFWS or quoted strings inside, phrases
 *	between ids); ew_misplaced for an RFC 2047 encoded-word inside an id.
 *	first holds the first id as written, "<left@right>", cut at
 *	MSGID_MAX octets; first_len is its full length.
 */
#ifndef SL_MSGID_H
#define SL_MSGID_H

#include <stddef.h>

#define MSGID_MAX	998
#define MSGID_SINGLE	0x01

struct msgidlist {
	size_t	 n;
	int	 err;
	char	 why[120];
	int	 obs;
	int	 ew_misplaced;
	int	 eightbit;
	char	 first[MSGID_MAX + 1];
	size_t	 first_len;
};

void	msgid_parse(const char *, size_t, int flags, struct msgidlist *);

#endif
