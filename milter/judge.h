/*
 * NAME
 *	judge - the one decision path, for the daemon and senderlint-check
 * SUMMARY
 *	struct judgement *j = xmalloc(sizeof(*j));
 *	judge(&env, m, j);		after msg_eom()
 *	... answer the MTA with j->v ...
 *	if (message leaves)
 *		judge_commit(&env, j, record_identity);
 *	judge_clear(j);
 * DESCRIPTION
 *	judge() parses the shared header fields once (headview.h), chooses
 *	the stream (the forced one when env->stream is set), runs every
 *	check, evaluates the rules and applies on_dns_error. The judgement
 *	holds everything the caller reports and everything the commit
 *	needs, so nothing is parsed again.
 *
 *	judge() is judge_facts() then judge_rules(). judge_facts() builds
 *	the header view and the facts the message alone decides (check.h:
 *	check_message()), the lookups included; judge_rules() takes the
 *	rule file env->rules from there: it chooses the stream from that
 *	file's streams, adds the facts that read the stream
 *	(check_stream(): stream.*, identity.*, envelope.null-sender.bulk,
 *	unsub.recipient-token, rcpt.suppressed),
 *	evaluates the rules and applies on_dns_error and mode: monitor.
 *	judge_rules() may run again on the same judgement with another rule
 *	file (senderlint-check --diff): it first drops the stream facts of
 *	the run before, so each run sees the message facts computed once
 *	and its own stream facts, exactly what judge() with that rule file
 *	gives. The stream facts come last in report order.
 *
 *	judge_commit() records what a message that leaves (accept, tag,
 *	hold) makes true for the next ones: its Message-ID in the window
 *	and, when record is set, its (stream, From, display name) in the
 *	identity history and its https unsubscribe URI with its recipients
 *	in the unsubscribe window (when there are such stores).
 *	senderlint-check commits Message-IDs only (it reads the stores);
 *	the daemon all three.
 *
 *	With env->rules NULL no stream is chosen and no rule evaluated
 *	(the verdict is accept): the unit tests of the checks use that.
 *	With env->conf NULL the Date window and on_dns_error take their
 *	defaults. env->now 0 means the current time. With
 *	env->sender_from_header set, a message without MAIL FROM gets the
 *	first From address as its envelope sender (senderlint-check over a
 *	file without Return-Path).
 *
 *	The judgement points into the message and the rule set: it must
 *	not outlive either.
 */
#ifndef SL_JUDGE_H
#define SL_JUDGE_H

#include <stdint.h>
#include <time.h>

#include "conf.h"
#include "fact.h"
#include "headview.h"
#include "identstore.h"
#include "msgidwin.h"
#include "msg.h"
#include "rule.h"

struct auth;
struct unsubwin;

struct judge_env {
	const struct conf	*conf;	/* Date window, on_dns_error, or NULL */
	const struct ruleset	*rules;	/* or NULL: checks only */
	struct auth		*auth;	/* or NULL: no authentication */
	struct msgidwin		*ids;	/* Message-IDs sent, or NULL */
	struct identstore		*store;	/* identity history, or NULL */
	struct unsubwin		*unsubs;	/* unsubscribe URIs sent, or NULL */
	const char		*stream;	/* forced stream, or NULL */
	time_t			 now;	/* 0: time(NULL) */
	int			 sender_from_header;
};

struct judgement {
	struct headview	 hv;
	struct streaminfo si;
	struct factset	 fs;
	struct verdict	 v;
	time_t		 now;
	uint64_t	 rcpt_hash;	/* unsubwin_rcpt_hash() of the recipients */
	size_t		 nmsgfacts;	/* fs.f[0 .. nmsgfacts): the message's */
};

void	judge(const struct judge_env *, struct msg *, struct judgement *);
void	judge_facts(const struct judge_env *, struct msg *, struct judgement *);
void	judge_rules(const struct judge_env *, const struct msg *,
	    struct judgement *);
void	judge_commit(const struct judge_env *, const struct judgement *,
	    int record);
void	judge_clear(struct judgement *);

#endif
