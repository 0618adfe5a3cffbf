/*
 * NAME
 *	mailmsg - a message file as an MTA hands it to a milter
 * DESCRIPTION
 *	mailmsg_load() reads an RFC 5322 message (CRLF or LF line ends)
 *	and splits it the way Postfix's milter client does: one header
 *	field per entry, the name without the colon, the value as it
 *	follows the colon (leading white space kept; the sender strips
 *	one space unless SMFIP_HDR_LEADSPC was negotiated), folded lines
 *	joined with a bare LF; the header ends at the empty line or at
 *	the first line that is neither a field nor a continuation (that
 *	line starts the body). The body is kept with CRLF line ends.
 *
 *	Postfix passes Return-Path, Bcc, Resent-Bcc and Content-Length to
 *	no milter: they are dropped here too; the address in Return-Path
 *	is kept as the message's envelope sender (return_path).
 *
 *	label is the file name without directory and extension, for
 *	reports. NULL with the reason in err when the file cannot be read.
 * LIMITS
 *	MAILMSG_MAX_SIZE octets per file; MAILMSG_MAX_FIELDS fields.
 */
#ifndef MAILMSG_H
#define MAILMSG_H

#include <stddef.h>

#define MAILMSG_MAX_SIZE	(64 * 1024 * 1024)
#define MAILMSG_MAX_FIELDS	100000

struct mailhdr {
	char	*name;
	char	*value;
};

struct mailmsg {
	char		*label;
	char		*return_path;	/* without <>, or NULL */
	struct mailhdr	*h;
	size_t		 nh;
	char		*body;
	size_t		 bodylen;
	size_t		 size;		/* of the file */
};

struct mailmsg	*mailmsg_load(const char *path, char *err, size_t errlen);
void		 mailmsg_free(struct mailmsg *);

#endif
