/*
 * NAME
 *	ruldiff - what changes when one rule file replaces another
 *	(senderlint-check --diff)
 * SUMMARY
 *	struct ruldiff *d = ruldiff_new(old_rules, new_rules, nexamples);
 *	for each message:
 *		judge_facts(); judge_rules(old) -> jo; judge_rules(new) -> jn;
 *		ruldiff_add(d, item, jo, jn);
 *	ruldiff_text(d, stdout); or ruldiff_json(d, stdout);
 *	status = ruldiff_stopped(d) > 0;
 *	ruldiff_free(d);
 * DESCRIPTION
 *	ruldiff_add() takes one message's two judgements, by the old and by
 *	the new rule file, and counts the transition between their final
 *	actions. The action compared is the one enforcing gives: under mode:
 *	monitor a verdict's would, not its accept. For a message whose
 *	action changed it records the rules responsible: when the new
 *	action is stronger, the new file's enforced rules that asked for it
 *	(undecided ones for tempfail); when it is weaker, the old file's
 *	rules that asked for the old action. It keeps the first nexamples
 *	messages of each transition, and a tally (tally.h) per file, whose
 *	matches per rule id are compared.
 *
 *	ruldiff_stopped() counts the messages the old rules let leave
 *	(accept, tag) that the new rules stop (hold, discard, tempfail,
 *	reject): what a CI job fails on.
 *
 *	ruldiff_text() prints the transition table (changes marked stricter
 *	or looser), then per change its rules and examples, then the rules
 *	that changed: in one file only, or with another mode, action or
 *	number of matched messages (by rule id). ruldiff_json() prints the
 *	same as one JSON object.
 *
 *	A ruldiff points into both rule sets, which must outlive it.
 */
#ifndef SL_RULDIFF_H
#define SL_RULDIFF_H

#include <stdio.h>

#include "checkinput.h"
#include "judge.h"
#include "rule.h"

struct ruldiff;

struct ruldiff	*ruldiff_new(const struct ruleset *old,
		    const struct ruleset *new, size_t nexamples);
void		 ruldiff_add(struct ruldiff *, const struct input_item *,
		    const struct judgement *old, const struct judgement *new);
unsigned long	 ruldiff_stopped(const struct ruldiff *);
void		 ruldiff_text(const struct ruldiff *, FILE *);
void		 ruldiff_json(const struct ruldiff *, FILE *);
void		 ruldiff_free(struct ruldiff *);

#endif
