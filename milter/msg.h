/*
 * NAME
 *	msg - what senderlint knows about one message
 * DESCRIPTION
 *	The milter callbacks and senderlint-check fill a struct msg the same
 *	way, so the checks and the rules see the same thing in both.
 *
 *	Header values are kept raw, as Postfix passes them with
 *	SMFIP_HDR_LEADSPC: leading whitespace kept, folded lines joined by
 *	LF. The body is never stored: msg_body() streams it and keeps only
 *	line statistics, whether it has 8-bit octets, and how many top-level
 *	MIME delimiter lines it has (the boundary is read at msg_eoh()). Everything is bounded by the limits in struct
 *	msg_limits; what is cut is counted (nhdr_total, nrcpt_total).
 *
 *	All strings belong to the message and are freed by msg_free().
 */
#ifndef SL_MSG_H
#define SL_MSG_H

#include <stddef.h>
#include <stdio.h>

#include "bodyscan.h"
#include "limits.h"

#define MSG_MAX_MACROS	32

struct msg_limits {
	size_t	 max_headers;
	size_t	 max_header_bytes;
	size_t	 max_rcpts;
	const char *const *unsub_patterns;	/* NULL: no body-link search */
};

struct header {
	char	*name;
	char	*value;		/* raw: leading space, LF between folds */
	size_t	 namelen;
	size_t	 valuelen;
	unsigned long line;	/* first physical line in the message */
};

struct esmtp_arg {
	char	*kw;
	char	*val;		/* NULL when the keyword has no value */
};

struct macro {
	char	*name;		/* as libmilter names it: "i", "{auth_authen}" */
	char	*value;
};

/* A small table of macros; setting a name again replaces its value. */
struct macrotab {
	struct macro	 m[MSG_MAX_MACROS];
	size_t		 n;
};

void		 macrotab_set(struct macrotab *, const char *name,
		    const char *value);
const char	*macrotab_get(const struct macrotab *, const char *name);
void		 macrotab_free(struct macrotab *);

/*
 * Who sent the message, typed. milter.c fills it from libmilter (the
 * client address from xxfi_connect, the HELO from xxfi_helo, the rest
 * from macros it asks for at negotiation); senderlint-check from its
 * options. "" means unknown. Values longer than a field are cut.
 */
struct conninfo {
	char	client_addr[SL_MAX_CLIENT_ADDR + 1];	/* textual IP */
	char	client_name[SL_MAX_DNS_NAME + 1];
	char	helo[SL_MAX_DNS_NAME + 1];
	char	login[SL_MAX_LOGIN + 1];	/* SASL login, "" none */
	char	daemon[SL_MAX_RULE_ID + 1];	/* MTA service name */
	char	qid[SL_MAX_RULE_ID + 1];	/* queue id */
};

/* Copies value (NULL means "") into a conninfo field of size len. */
#define conninfo_set(field, value) \
	snprintf((field), sizeof(field), "%s", (value) ? (value) : "")

struct msg {
	struct msg_limits lim;
	struct conninfo	 conn;

	char		*mail_from;	/* path without <>; "" for null sender */
	int		 have_mail_from;
	struct esmtp_arg args[SL_MAX_ESMTP_ARGS];
	size_t		 nargs;
	char		**rcpt;
	size_t		 nrcpt;
	size_t		 nrcpt_total;

	struct macrotab	 macros;	/* raw, only for macro: conditions */

	struct header	*hdr;
	size_t		 nhdr;
	size_t		 nhdr_total;
	size_t		 hdr_bytes;	/* all fields, as on the wire */
	unsigned long	 hdr_lines;	/* physical header lines */

	/* body statistics, filled by msg_body() */
	unsigned long long body_bytes;
	unsigned long	 body_lines;
	size_t		 cur_line;	/* octets in the unfinished line */
	int		 last_cr;	/* previous chunk ended in CR */
	size_t		 longest;	/* longest line in octets, no CRLF */
	unsigned long	 longest_no;	/* its line number in the message */
	unsigned long	 long_lines;	/* lines over 998 octets */
	int		 eoh;		/* msg_eoh() was called */
	int		 body_8bit;	/* an octet >= 0x80 in the body */
	char		 boundary[SL_MAX_MIME_BOUNDARY + 1];
	size_t		 blen;		/* 0: not a multipart message */
	char		 lp[SL_MAX_MIME_BOUNDARY + 8];	/* line prefix */
	size_t		 lplen;
	unsigned long	 mime_delims;	/* "--boundary" lines */
	unsigned long	 mime_close;	/* "--boundary--" lines */
	struct bodyscan	*scan;		/* unsubscribe link search, or NULL */
	char		 lbuf[1024];	/* the current line, for the search */
	size_t		 lbuflen;

	double		 t_start;

	/*
	 * A consumer of the whole message (DKIM): on_eoh runs at the end of
	 * the header and may set on_body, which then sees every body chunk
	 * as it came; on_free(body_arg) runs at msg_free().
	 */
	void		(*on_eoh)(struct msg *, void *);
	void		*eoh_arg;
	void		(*on_body)(void *, const unsigned char *, size_t);
	void		(*on_free)(void *);
	void		*body_arg;
};

struct msg	*msg_new(const struct msg_limits *);
void		 msg_free(struct msg *);
void		 msg_mail_from(struct msg *, const char *path);
void		 msg_esmtp_arg(struct msg *, const char *arg);
void		 msg_rcpt(struct msg *, const char *path);
void		 msg_macro(struct msg *, const char *name, const char *value);
const char	*msg_macro_get(const struct msg *, const char *name);
void		 msg_header(struct msg *, const char *name, const char *value);
void		 msg_eoh(struct msg *);
void		 msg_body(struct msg *, const unsigned char *, size_t);
void		 msg_eom(struct msg *);
const char	*msg_esmtp_get(const struct msg *, const char *kw, int *present);
size_t		 msg_count_header(const struct msg *, const char *name);
const struct header *msg_find_header(const struct msg *, const char *name);

#endif
