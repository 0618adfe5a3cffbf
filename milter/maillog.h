/*
 * NAME
 *	maillog - one line of a Postfix mail log
 * DESCRIPTION
 *	maillog_parse() reads one line (data, len; no line end needed, a
 *	trailing CR or LF is ignored) in either of the forms Postfix logs:
 *
 *	    Mon DD HH:MM:SS[.frac] host prog[pid]: text	  (syslog, BSD)
 *	    YYYY-MM-DDTHH:MM:SS[.frac](Z|+hh:mm) host prog[pid]: text
 *						  (RFC 5424 / maillog_file)
 *
 *	A BSD time has no year: the caller passes one (year); the time is
 *	local time (TZ), as syslog and Postfix's maillog_file write it, and
 *	so is an ISO time without an offset. The prog[pid]
 *	part may lack [pid].
 *
 *	It returns -1 for a line that is not a log line at all (garbage,
 *	or longer than MAILLOG_LINE_MAX), else 1 with *r filled in. Every
 *	string in *r points into data (never NUL-terminated; each has its
 *	length) and lives as long as data does. r->kind says what the line
 *	is about:
 *
 *	ML_DELIVERY  "QID: to=<a>, [orig_to=<b>,] relay=h[ip]:port, ...,
 *		     dsn=X.Y.Z, status=sent|deferred|bounced|expired (text)"
 *		     from postfix/smtp, lmtp, local, error, ...
 *	ML_FROM	     "QID: from=<a>, size=..." from postfix/qmgr
 *	ML_SUMMARY   senderlint's own summary line: "qid=QID ... from=..."
 *		     (r->addr is the From field's value)
 *	ML_REMOVED   "QID: removed" from postfix/qmgr
 *	ML_OTHER     any other well-formed log line
 *
 *	Bad fields inside a well-formed line (a to= without a closing '>',
 *	an unknown status) make it ML_OTHER: never an error.
 */
#ifndef SL_MAILLOG_H
#define SL_MAILLOG_H

#include <stddef.h>
#include <time.h>

#include "limits.h"	/* MAILLOG_LINE_MAX, MAILLOG_QID_MAX */


enum maillog_kind {
	ML_OTHER,
	ML_DELIVERY,
	ML_FROM,
	ML_SUMMARY,
	ML_REMOVED
};

enum maillog_status {
	ML_NONE,
	ML_SENT,
	ML_DEFERRED,
	ML_BOUNCED,
	ML_EXPIRED
};

struct mlstr {
	const char	*s;
	size_t		 len;
};

struct maillog_rec {
	time_t		 when;
	struct mlstr	 host;		/* the logging host */
	struct mlstr	 prog;		/* "postfix/smtp" */
	struct mlstr	 text;		/* all after "prog[pid]: " */
	int		 kind;		/* enum maillog_kind */
	struct mlstr	 qid;
	struct mlstr	 addr;		/* to=, from=, or the summary's from */
	struct mlstr	 relay;		/* relay host name, "none" */
	struct mlstr	 relay_ip;	/* inside [], may be empty */
	struct mlstr	 dsn;		/* "5.1.1", may be empty */
	int		 status;	/* enum maillog_status */
	struct mlstr	 reason;	/* inside the status's parentheses */
};

int	maillog_parse(const char *data, size_t len, int year,
	    struct maillog_rec *r);

#endif
