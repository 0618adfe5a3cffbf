/*
 * NAME
 *	checkrun - what every check module reads and writes for one message
 * DESCRIPTION
 *	A check module is a function void xxx_check(struct checkrun *) that
 *	reads the message (cr->m), the header fields parsed once (cr->hv)
 *	and its context (cr->cc), and reports each of its facts, true or
 *	false, into cr->fs. It never fails on malformed input.
 *
 *	Two facts are gathered from many modules: check_obsolete() notes
 *	obsolete syntax in a field, check_ew() a misplaced RFC 2047
 *	encoded-word; checkrun_finish() reports each once, then frees the
 *	notes. checkrun_init() starts a run; checkrun_end() ends one that
 *	reports no notes (the stream's facts), freeing them unreported.
 *
 *	struct check_ctx carries what the checks need besides the message:
 *	the time, the Date window, the stream (with the stream set it was
 *	chosen from, for identities and logins), the window of recently
 *	sent Message-IDs, the identity history, the window of unsubscribe
 *	URIs sent and authentication; each pointer
 *	may be NULL, and the checks that need it report false.
 */
#ifndef SL_CHECKRUN_H
#define SL_CHECKRUN_H

#include <stdint.h>
#include <time.h>

#include "fact.h"
#include "headview.h"
#include "identstore.h"
#include "msgidwin.h"
#include "msg.h"
#include "util.h"

struct streaminfo;
struct auth;
struct conf;
struct unsubwin;

struct check_ctx {
	const struct streaminfo *si;	/* the message's stream, or NULL */
	time_t		 now;
	long		 date_past;	/* seconds a Date may lie behind now */
	long		 date_future;	/* seconds it may lie ahead */
	struct msgidwin	*ids;		/* Message-IDs sent, or NULL */
	struct identstore	*store;		/* identity history, or NULL */
	struct auth	*auth;		/* SPF/DKIM/DMARC, or NULL */
	const struct conf *conf;	/* suppression list settings, or NULL */
	struct unsubwin	*unsubs;	/* unsubscribe URIs sent, or NULL */
};

struct checkrun {
	const struct msg	*m;
	const struct headview	*hv;
	const struct check_ctx	*cc;
	struct factset		*fs;
	int			 utf8;		/* MAIL FROM had SMTPUTF8 */
	struct sbuf		 obs;		/* where obsolete syntax was seen */
	struct sbuf		 ew;		/* where encoded-words were misplaced */
};

void	checkrun_init(struct checkrun *, const struct msg *,
	    const struct headview *, const struct check_ctx *,
	    struct factset *);
void	checkrun_finish(struct checkrun *);
void	checkrun_end(struct checkrun *);
void	check_obsolete(struct checkrun *, const char *field, const char *why);
void	check_ew(struct checkrun *, const char *field);

/*
 * The check modules, in report order (check.c runs them): the message's
 * facts, then those that read the stream (check_stream()).
 */
void	hdr_check(struct checkrun *);
void	line_check(struct checkrun *);
void	field_check(struct checkrun *);
void	addr_check(struct checkrun *);
void	date_check(struct checkrun *);
void	msgid_check(struct checkrun *);
void	resent_check(struct checkrun *);
void	envelope_check(struct checkrun *);
void	mime_check(struct checkrun *);
void	unsub_check(struct checkrun *);
void	auth_check(struct checkrun *);
void	identity_check(struct checkrun *);
void	unsub_stream_check(struct checkrun *);	/* the stream's window */
void	supp_check(struct checkrun *);	/* suppcheck.c */

/* Records the message's (stream, From, display name) as sent. */
void	identity_commit(const struct headview *, const struct check_ctx *);
/* Records the message's https unsubscribe URI and recipients as sent. */
void	unsub_commit(const struct headview *, const struct check_ctx *,
	    uint64_t rcpt);

#endif
