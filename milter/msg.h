/*
 * NAME
 *	msg - what senderlint knows about one message
 * DESCRIPTION
 *	The milter callbacks and senderlint-check fill a struct msg the same
 *	way, so the checks and the rules see the same thing in both.
 *
 *	Header values are kept raw, as Postfix passes them with
 *	SMFIP_HDR_LEADSPC: leading whitespace kept, folded lines joined by
 *	LF. The body is never stored: msg_body() streams it, keeps only line
 *	statistics and whether it has 8-bit octets, and feeds it to the raw
 *	body observers and to the message's MIME walker (mimewalk.h), which
 *	the body checks observe. Everything is bounded by the limits in
 *	struct msg_limits; what is cut is counted (nhdr_total, nrcpt_total).
 *
 *	msg_observe_raw() registers a consumer of the body exactly as it
 *	comes (DKIM): at msg_eoh() ops->eoh(m, arg) runs first, then every
 *	body chunk goes to ops->body(arg, ...) in arrival order, and
 *	ops->free(arg) runs at msg_free(); any of them may be NULL. At most
 *	SL_MAX_RAW_OBSERVERS; returns 0, or -1 when full (nothing is
 *	registered). msg_raw_arg() returns the arg registered with ops, or
 *	NULL.
 *
 *	A header field whose name has 8-bit octets (X-Bestellgr\xc3\xb6\xc3\x9fe: 3)
 *	ends the header in Postfix (is_header(): names are ASCII): the
 *	milter gets that line and the fields after it as the first lines of
 *	the body, and so does senderlint-check (mailfile.c reads a file as
 *	Postfix does). When the body starts with such a line, msg_body()
 *	reads it and the lines after it, up to an empty line (or the first
 *	line that is not a field nor a fold; at most lim.max_header_bytes),
 *	as header fields again, counted in the header (lead_line is the
 *	first one's line number; rfc5322.field-name.syntax says where), and
 *	the body starts after them. Raw observers still get the body as it
 *	came; the MIME walker starts once the header is known.
 *
 *	When lim.links is set, msg_eoh() starts the unsubscribe link search
 *	(linksearch.h) on the walker; msg_links() returns it, or NULL.
 *	msg_walk() returns the walker; both belong to the message.
 *
 *	All strings belong to the message and are freed by msg_free().
 */
#ifndef SL_MSG_H
#define SL_MSG_H

#include <stddef.h>
#include <stdio.h>

#include "limits.h"

#define MSG_MAX_MACROS	32

struct linkwords;
struct linksearch;
struct mimewalk;
struct msg;

struct msg_raw_ops {
	void	(*eoh)(struct msg *, void *arg);
	void	(*body)(void *arg, const unsigned char *, size_t);
	void	(*free)(void *arg);
};

struct msg_raw {
	const struct msg_raw_ops *ops;
	void	*arg;
};

struct msg_limits {
	size_t	 max_headers;
	size_t	 max_header_bytes;
	size_t	 max_rcpts;
	const struct linkwords *links;	/* NULL: no body-link search */
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
void		 macrotab_clear(struct macrotab *);

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
	int		 lead;		/* 0: body; else reading its first lines */
	char		*leadbuf;	/* the line being read, or NULL */
	size_t		 leadlen;
	char		*lname;		/* the field being read, or NULL */
	char		*lvalue;
	size_t		 lvaluelen;
	unsigned long	 lead_line;	/* header line of the first field read
					   from the body, or 0 */
	int		 body_8bit;	/* an octet >= 0x80 in the body */
	unsigned long	 bare_cr;	/* CRs in the body not followed by LF */
	unsigned long	 bare_cr_line;	/* the first one's line in the message */
	int		 cr_open;	/* the last chunk ended in a CR */
	struct mimewalk	*walk;		/* the one MIME walker of the body */
	struct linksearch *links;	/* unsubscribe link search, or NULL */
	struct msg_raw	 raw[SL_MAX_RAW_OBSERVERS];
	size_t		 nraw;

	double		 t_start;
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
int		 msg_observe_raw(struct msg *, const struct msg_raw_ops *,
		    void *arg);
void		*msg_raw_arg(const struct msg *, const struct msg_raw_ops *);
const struct mimewalk *msg_walk(const struct msg *);
const struct linksearch *msg_links(const struct msg *);

#endif
