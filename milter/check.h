/*
 * NAME
 *	check - run every check module over a finished message
 * DESCRIPTION
 *	The check modules report every fact, true or false, whatever the
 *	rules use: facts are findings, rules decide. They never fail on
 *	malformed input. The header view must have been built from the
 *	same message; the context is described in checkrun.h.
 *
 *	The facts come in two parts. check_message() reports those the
 *	message alone decides (its header, body, envelope, connection and
 *	the lookups about them): every module but the stream's.
 *	check_stream() reports those that read the stream chosen from a
 *	rule file and that file's stream set (stream.*, identity.*,
 *	envelope.null-sender.bulk, unsub.recipient-token from the stream's
 *	window, rcpt.suppressed with stream-scoped entries), after them in
 *	report order. A caller
 *	that judges one message by several rule files runs check_message()
 *	once and check_stream() per rule file. check_run() is both.
 *
 *	Only judge.c calls them; unit tests go through judge() too.
 */
#ifndef SL_CHECK_H
#define SL_CHECK_H

#include "checkrun.h"

void	check_message(const struct msg *, const struct headview *,
	    const struct check_ctx *, struct factset *);
void	check_stream(const struct msg *, const struct headview *,
	    const struct check_ctx *, struct factset *);

#endif
