/*
 * NAME
 *	check - run every check over a finished message
 * DESCRIPTION
 *	check_run() reports every fact of every check module, true or false,
 *	whatever the rules use: facts are findings, rules decide. It never
 *	fails on malformed input. A struct check_ctx carries what the checks
 *	need besides the message: the time, the Date window and the window
 *	of recently sent Message-IDs (may be NULL: then nothing is reused).
 *
 *	check_commit() records the message's Message-ID as sent; call it
 *	only for messages that leave (accept, tag, hold).
 *
 *	The per-module functions are public so unit tests can run one alone.
 *	Modules note obsolete syntax and misplaced encoded-words with
 *	check_obsolete() and check_ew(); check_run() reports those two
 *	facts once, at the end.
 */
#ifndef SL_CHECK_H
#define SL_CHECK_H

#include <time.h>

#include "conf.h"
#include "fact.h"
#include "idstore.h"
#include "idwin.h"
#include "msg.h"
#include "util.h"

struct streaminfo;
struct auth;
struct ruleset;

struct check_ctx {
	const struct streaminfo *si;	/* the message's stream, or NULL */
	const struct ruleset *rs;	/* for identity lookups, or NULL */
	time_t		 now;
	long		 date_past;	/* seconds a Date may lie behind now */
	long		 date_future;	/* seconds it may lie ahead */
	struct idwin	*ids;
	struct idstore	*store;		/* identity history, or NULL */
	struct auth	*auth;		/* SPF/DKIM/DMARC, or NULL */
	int		 store_record;	/* check_commit() writes to it */
};

struct checkrun {
	const struct msg	*m;
	const struct check_ctx	*cc;
	struct factset		*fs;
	int			 utf8;		/* MAIL FROM had SMTPUTF8 */
	struct sbuf		 obs;		/* where obsolete syntax was seen */
	struct sbuf		 ew;		/* where encoded-words were misplaced */
};

void	check_ctx_default(struct check_ctx *);
void	check_ctx_conf(struct check_ctx *, const struct conf *, struct idwin *);
void	check_run(const struct msg *, const struct check_ctx *,
	    struct factset *);
void	check_commit(const struct msg *, const struct check_ctx *);
void	check_obsolete(struct checkrun *, const char *field, const char *why);
void	check_ew(struct checkrun *, const char *field);

void	hdr_check(struct checkrun *);
void	line_check(struct checkrun *);
void	field_check(struct checkrun *);
void	addr_check(struct checkrun *);
void	date_check(struct checkrun *);
void	id_check(struct checkrun *);
void	resent_check(struct checkrun *);
void	envelope_check(struct checkrun *);
void	mime_check(struct checkrun *);
void	unsub_check(struct checkrun *);
void	ident_check(struct checkrun *);
void	ident_commit(const struct msg *, const struct check_ctx *);
void	check_commit_identity(const struct msg *, const struct check_ctx *);

#endif
