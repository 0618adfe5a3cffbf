/*
 * NAME
 *	summary - the one log line per message
 * DESCRIPTION
 *	summary_format() builds "qid=... stream=... from=... rcpts=N
 *	action=... rules=... monitor=... ms=..." (and reply=... for tempfail
 *	and reject). Values are printable ASCII, each capped at
 *	SL_MAX_LOG_FIELD octets and quoted when they hold spaces. No body
 *	text is ever logged.
 */
#ifndef SL_SUMMARY_H
#define SL_SUMMARY_H

#include "msg.h"
#include "rule.h"
#include "util.h"

void	summary_format(const struct msg *, const struct verdict *,
	    const char *qid, double ms, struct sbuf *);
/* The From field as logged: unfolded, trimmed, printable, capped. */
void	summary_from(const struct msg *, struct sbuf *);

#endif
