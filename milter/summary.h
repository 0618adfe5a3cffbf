/*
 * NAME
 *	summary - the one log line per message
 * DESCRIPTION
 *	summary_format() builds
 *
 *	qid=Q client=ADDR helo=NAME login=SASL mail_from=<PATH> stream=S
 *	from="..." rcpts=N action=A rules=R undecided=U monitor=M facts=F
 *	ms=T [temperror=E] [reply="..."]
 *
 *	rules lists the enforced rules that fired, undecided those whose
 *	conditions a failed lookup left undecided, monitor the monitor
 *	rules that fired with what they would have done (rule:action);
 *	facts the true facts, temperror (only when some) the facts a
 *	lookup left undecided; reply comes with tempfail and reject.
 *	An empty value is "-". Values are printable ASCII, quoted when they
 *	hold a space, '"' or '='; each is capped (SL_MAX_LOG_FIELD octets,
 *	lists SL_MAX_LOG_LIST, the reply its whole rendered length) and a
 *	cut value ends in "...". No body text is ever logged.
 */
#ifndef SL_SUMMARY_H
#define SL_SUMMARY_H

#include "fact.h"
#include "msg.h"
#include "rule.h"
#include "util.h"

void	summary_format(const struct msg *, const struct verdict *,
	    const struct factset *, double ms, struct sbuf *);
/*
 * The line for a message that is not outbound (scope): qid, client,
 * helo, login, mail_from, rcpts (none yet), scope=out, action=accept.
 */
void	summary_out_of_scope(const struct msg *, struct sbuf *);
/* The From field as logged: unfolded, trimmed, printable, capped. */
void	summary_from(const struct msg *, struct sbuf *);

#endif
