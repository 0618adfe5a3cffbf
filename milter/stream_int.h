/*
 * NAME
 *	stream_int - the stream model, private to stream.c and stream_load.c
 * DESCRIPTION
 *	A struct streamset holds what a rule file says about streams: the
 *	streams in file order and the login bindings. stream_load.c builds
 *	one; stream.c reads it and frees it. Nothing in the rule engine
 *	sees inside: a rule set only holds a pointer to its set.
 *
 *	A stream is selected when every one of its match criteria holds.
 *	Globs are compared without case (glob_match()); a criterion that
 *	reads a missing value (no SASL login, no MAIL FROM, no client
 *	address, no such header field) does not hold.
 *
 *	This header includes nothing of stream.h, so that the stream module
 *	does not include itself through it; include stream.h first.
 */
#ifndef SL_STREAM_INT_H
#define SL_STREAM_INT_H

#include <stddef.h>

struct cidr;
struct identity;

enum match_kind {
	M_AUTH,		/* the SASL login matches a glob in strs */
	M_MAIL_FROM,	/* the envelope sender matches a glob in strs */
	M_CLIENT,	/* the client address is in one of nets */
	M_DAEMON,	/* the MTA service name is one of strs */
	M_HEADER	/* a field called name has a value matching a glob */
};

struct match {
	enum match_kind	 kind;
	char		*name;		/* M_HEADER: the field name */
	char		**strs;		/* as written: globs, names, networks */
	struct cidr	*nets;		/* M_CLIENT: strs, parsed */
	size_t		 n;		/* entries in strs (and nets) */
};

struct stream {
	char		*name;
	int		 kind;		/* enum stream_kind */
	struct match	*match;
	size_t		 nmatch;
	struct identity	*id;		/* NULL when none */
	char		*remove;	/* header to remove, or NULL */
};

struct login {
	char		*glob;		/* SASL login glob */
	char		**addr;		/* allowed From address globs */
	size_t		 naddr;
};

struct streamset {
	struct stream	*stream;
	size_t		 nstream;
	struct login	*login;
	size_t		 nlogin;
};

#endif
