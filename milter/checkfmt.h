/*
 * NAME
 *	checkfmt - senderlint-check's report of one message: text or JSON
 * DESCRIPTION
 *	checkfmt_text() prints the verdict of one message for people: the
 *	file (with the message's number in an mbox) and action, the From
 *	field, the reply, stream and rules, and the facts, the true ones
 *	only unless verbose. checkfmt_json() prints it as one JSON object
 *	on one line, with the keys senderlint-check(1) lists. auth_checked
 *	says whether the authentication checks ran (a dns section or
 *	--dns): without them their facts are absent, not false. A captured
 *	message also shows what the daemon decided then: text "live:",
 *	JSON "capture".
 *
 *	checkfmt_field() appends the first field named name, unfolded and
 *	trimmed, to out (nothing when there is none): the Message-ID, From
 *	and Subject that name a message in every report.
 */
#ifndef SL_CHECKFMT_H
#define SL_CHECKFMT_H

#include "checkinput.h"
#include "judge.h"
#include "util.h"

void	checkfmt_text(const struct input_item *, const struct judgement *,
	    int verbose, int auth_checked);
void	checkfmt_json(const struct input_item *, const struct judgement *,
	    int auth_checked);
void	checkfmt_field(const struct msg *, const char *name, struct sbuf *out);

#endif
