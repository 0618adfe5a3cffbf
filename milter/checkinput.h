/*
 * NAME
 *	checkinput - senderlint-check's inputs, one struct msg per message
 * SUMMARY
 *	struct checkinput in = { .env = &eo, .lim = &conf->mlim,
 *	    .auth = auth, .each = judge_one, .arg = &run };
 *	checkinput_walk(&in, path);	for each path on the command line
 *	return in.nerrors ? 2 : ...;
 * DESCRIPTION
 *	checkinput_walk() reads every message under path (mailfile.h: a
 *	file, an mbox, "-", a directory tree or Maildir; a capture record,
 *	caprec.h, or a capture store, a directory of them) and gives each to
 *	in->each() as a struct input_item: where it came from and a struct
 *	msg filled the way the daemon fills it, ended (msg_eom()) and
 *	with the authentication observers attached (auth_attach()). The
 *	message belongs to the walk and is freed when each() returns.
 *
 *	The envelope and connection data come from the options (struct
 *	envopts); without mail_from the sender is the message's
 *	Return-Path, if any (judge.h can then take it from From). A
 *	captured message brings its own: the record's envelope, connection
 *	data and macros are restored and the options' ignored; item->cap
 *	then holds what else the record says (when it was judged, the live
 *	verdict), else it is NULL.
 *
 *	What cannot be read is reported on standard error as
 *	"senderlint-check: LOCATION: reason", counted in in->nerrors, and
 *	skipped; the walk goes on with the next message or file. A capture
 *	record that does not decode is skipped whole, with the line where
 *	it goes wrong.
 *
 *	checkinput_msg() builds one message the same way from the bytes of
 *	a message file (senderlint-check --test); the caller frees it with
 *	msg_free().
 */
#ifndef SL_CHECKINPUT_H
#define SL_CHECKINPUT_H

#include <stddef.h>
#include <time.h>

#include "caprec.h"
#include "msg.h"

struct auth;

/* The envelope and connection data senderlint-check's options give. */
struct envopts {
	const char	*mail_from;	/* NULL: Return-Path, else none */
	const char *const *rcpt;
	size_t		 nrcpt;
	const char *const *param;	/* ESMTP parameters of MAIL FROM */
	size_t		 nparam;
	const char	*client_ip;
	const char	*auth;		/* SASL login */
	const char	*helo;
	const char	*daemon;
};

struct input_item {
	const char	*file;
	int		 mbox;		/* one message of an mbox */
	size_t		 index;		/* then its number, from 1 */
	const struct caprec_info *cap;	/* a captured message, or NULL */
	struct msg	*m;
};

struct checkinput {
	const struct envopts	*env;
	const struct msg_limits	*lim;
	struct auth		*auth;	/* or NULL */
	void			(*each)(void *, const struct input_item *);
	void			*arg;
	size_t			 nerrors;	/* inputs skipped */
	size_t			 nmsgs;		/* messages given to each() */
};

void		 checkinput_walk(struct checkinput *, const char *path);
struct msg	*checkinput_msg(const struct envopts *, const struct msg_limits *,
		    struct auth *, const char *data, size_t len);

#endif
