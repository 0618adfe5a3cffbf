/*
 * NAME
 *	caprec - one captured message: the record format of the capture store
 * SUMMARY
 *	caprec_encode(m, &info, body, bodylen, &out);	the daemon
 *	if (caprec_is(data, len))
 *		caprec_decode(data, len, m, &info, err, sizeof(err));
 * DESCRIPTION
 *	A record keeps what senderlint knew of a message when it judged it,
 *	so that senderlint-check can judge it again the same way: the time,
 *	the connection data (struct conninfo), the envelope (MAIL FROM with
 *	its ESMTP parameters, the recipients), the raw macros the rules'
 *	macro: conditions read, the header fields as the MTA passed them,
 *	the first bytes of the body, and the live verdict for comparison.
 *	It is text:
 *
 *		senderlint-capture 1
 *		time 1795672800
 *		qid 4Xk2Lq0fPz
 *		client_addr 192.0.2.10
 *		login news-1
 *		mail_from <bounce@example.com>
 *		param SMTPUTF8
 *		rcpt <customer@example.net>
 *		macro {auth_type} PLAIN
 *		action reject
 *		rules bulk-one-click-unsubscribe
 *		body 0 2048
 *		message 1234
 *		(an empty line)
 *		the header fields, an empty line, the body kept
 *
 *	one "key value" line each, values with octets outside '!' .. '~'
 *	and '%' written as %XX; an empty value is left out, except
 *	mail_from "<>" (the null sender; no mail_from line: none given).
 *	The keys are time, qid, client_addr, client_name, helo, login,
 *	daemon, mail_from, param, rcpt, rcpt_total, headers_total, macro
 *	(name and value), action, rules, monitor (the live verdict: enforced
 *	rules that fired, monitor rules as rule:action), stream, body (bytes
 *	kept, bytes the body had) and message (bytes that follow the empty
 *	line). Header values are written as the MTA passed them (leading
 *	space kept, folds joined by LF), so that reading them back with
 *	mailfile_feed() gives the same values.
 *
 *	caprec_encode() appends a record to out (an sbuf with room for it).
 *	caprec_is() says whether data starts like a record, of any version
 *	("senderlint-capture "). caprec_decode()
 *	fills a new message m (msg_new(), observers attached) and info from
 *	a record and ends the message (msg_eom()); it returns 0, or -1 with
 *	err set to "line N: what is wrong" (a record cut short, a value
 *	that does not decode, an unknown key, a message whose size is not
 *	the one the record gives). The message may then be half filled:
 *	the caller frees it and goes on with the next record.
 */
#ifndef SL_CAPREC_H
#define SL_CAPREC_H

#include <stddef.h>
#include <time.h>

#include "limits.h"
#include "msg.h"
#include "util.h"

struct caprec_info {
	time_t		 when;		/* when the daemon judged it */
	char		 action[16];	/* the live action, or "" */
	char		 rules[SL_MAX_LOG_LIST + 1];	/* enforced rules */
	char		 monitor[SL_MAX_LOG_LIST + 1];	/* rule:action,... */
	char		 stream[SL_MAX_RULE_ID + 1];
	unsigned long long body_kept;
	unsigned long long body_total;
};

void	caprec_encode(const struct msg *, const struct caprec_info *,
	    const unsigned char *body, size_t bodylen, struct sbuf *out);
int	caprec_is(const char *data, size_t len);
int	caprec_decode(const char *data, size_t len, struct msg *,
	    struct caprec_info *, char *err, size_t errlen);

#endif
