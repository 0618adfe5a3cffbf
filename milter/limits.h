/*
 * NAME
 *	limits - every hard ceiling senderlint enforces, in one place
 * DESCRIPTION
 *	Each limit bounds memory or time for one message, one lookup or one
 *	configuration. What happens past a limit depends on whose input it
 *	is, and is said next to each:
 *
 *	mail	counted or cut; a fact where the limit is a requirement
 *		(line length, Message-ID length, envelope path sizes);
 *		never a growing buffer, never a refusal of the message
 *	file	the config or rule file is refused at load with
 *		file:line:col (a running daemon keeps its old rules)
 *	dns	the rest of the record or of the scan is not looked at
 *	bug	more can only come from a bug: log_panic()
 *
 *	(cfg) marks a default the config file can change; its accepted
 *	range follows in brackets. Fixed limits have no key.
 */
#ifndef SL_LIMITS_H
#define SL_LIMITS_H

/* One message (mail) */
#define SL_MAX_HEADERS		10000	/* (cfg) [1, 8 x] header fields kept */
#define SL_MAX_HEADER_BYTES	(1024 * 1024)	/* (cfg) [1024, 8 x] header bytes kept */
#define SL_MAX_RCPTS		1000	/* (cfg) [1, 8 x] envelope recipients kept */
#define SL_MAX_ADDR_LEN		1024	/* one MAIL FROM / RCPT path kept */
#define SL_SMTP_MAX_LOCAL	64	/* RFC 5321 4.5.3.1.1; a fact beyond */
#define SL_SMTP_MAX_PATH	256	/* RFC 5321 4.5.3.1.3; a fact beyond */
#define SL_MAX_ESMTP_ARGS	16	/* ESMTP parameters kept on MAIL FROM */
#define SL_MAX_MACRO_LEN	512	/* one macro value */
#define SL_MAX_MACROS_ASKED	16	/* macro names the rules may read */
#define SL_MAX_CLIENT_ADDR	63	/* textual client IP address */
#define SL_MAX_DNS_NAME		255	/* RFC 1035 2.3.4 */
#define SL_MAX_LOGIN		255	/* SASL login name */
#define SL_MAX_LINE_OCTETS	998	/* RFC 5322 2.1.1; a fact beyond */
#define SL_MAX_MAILBOXES	256	/* mailboxes kept per address field; all counted */
#define SL_MAX_TOKENS		4096	/* RFC 5322 tokens in one structured field;
					   more: the field does not parse */
#define SL_MAX_COMMENT_DEPTH	32	/* nested comments; deeper: does not parse */
#define SL_MAX_ENCODED_WORD	1024	/* octets of one RFC 2047 encoded-word;
					   longer ones are left undecoded */
#define SL_MAX_MIME_BOUNDARY	70	/* RFC 2046 5.1.1 */
#define SL_MSGID_MAX_LEN	500	/* longer Message-IDs are a fact */
#define SL_MSGID_WINDOW_ID_LEN	998	/* longer ids are not remembered */
#define SL_REGEX_SUBJECT_MAX	(64 * 1024)	/* octets of a value given to a regex */
#define SL_MAX_WALK_DEPTH	16	/* senderlint-check: directory levels */
#define SL_MAX_MSG_BYTES	(64 * 1024 * 1024)	/* senderlint-check: one
					   message; larger files are refused */
#define SL_EXAMPLES		3	/* senderlint-check --summary, --diff:
					   example messages per rule or change */
#define SL_MAX_EXAMPLES		100	/* the most --examples may ask for */

/* The capture store (cfg: capture) */
#define SL_CAPTURE_BODY_KB	0	/* (cfg) [0, 1024] body KB kept per message */
#define SL_CAPTURE_MAX_MB	100	/* (cfg) [1, 1048576] size of the store;
					   the oldest records are dropped */
#define SL_CAPTURE_MAX_AGE	(7 * 86400)	/* (cfg) [60 s, 366 days] age
					   of the oldest record kept */
#define SL_MAX_CAPTURE_RECORDS	100000	/* records in the store; the
					   oldest are dropped */

/* What senderlint says about one message (bug: the set is fixed) */
#define SL_MAX_FACTS		256	/* facts per message */
#define SL_MAX_DETAIL		200	/* one fact detail, octets; cut */
#define SL_MAX_REPLY_TEXT	900	/* rendered SMTP reply text; cut */
#define SL_MAX_TAG_VALUE	900	/* tag header value; cut */
#define SL_MAX_LOG_FIELD	256	/* one value in the summary log line; cut,
					   marked "..." */
#define SL_MAX_LOG_LIST		1024	/* facts= and rule lists in that line */

/* Config and rule files (file) */
#define SL_MAX_YAML_BYTES	(4 * 1024 * 1024)	/* config or rule file */
#define SL_MAX_YAML_DEPTH	16	/* nesting in a YAML file */
#define SL_MAX_RULES		2000	/* rules per rule file */
#define SL_MAX_CONDS		64	/* conditions in one rule */
#define SL_MAX_STREAMS		256	/* streams per rule file */
#define SL_MAX_RULE_ID		64	/* rule and stream id length */
#define SL_MAX_UNSUB_PATTERNS	256	/* checks: unsubscribe_patterns */
#define SL_MAX_TAG_NAME		64	/* tag_header field name */
#define SL_REGEX_MATCH_LIMIT	100000	/* (cfg) [1, 8 x] PCRE2 match limit */
#define SL_REGEX_DEPTH_LIMIT	1000	/* (cfg) [1, 8 x] PCRE2 depth limit */

/* Time windows */
#define SL_DATE_PAST		86400	/* (cfg) [0, 366 days] a Date may be this old, s */
#define SL_DATE_FUTURE		900	/* (cfg) [0, 366 days] or this far ahead, s */
#define SL_MSGID_WINDOW_SIZE	100000	/* (cfg) [1, 8 x] Message-IDs remembered */
#define SL_MSGID_WINDOW_AGE	86400	/* (cfg) [1, 30 days] for this many seconds */

#define SL_MAX_SCOPE_ITEMS	64	/* entries of one scope list */

/* Lookups and counters */
#define SL_MAX_DMARC_TAGS	32	/* dns: tags of one DMARC record checked
					   for duplicates */
#define SL_DKIM_KEY_CACHE	64	/* DKIM public keys kept decoded; the
					   least recently used goes */
#define SL_DKIM_KEY_TTL		3600	/* a decoded key is kept this long, s */
#define SL_DKIM_KEY_BYTES	2048	/* keys longer than this (DER) are
					   decoded every time */
#define SL_IDENTSTORE_SCAN		1000	/* identity store entries scanned for
					   other names of one address */
#define SL_MAX_STATS_RULES	4096	/* rule ids with their own counters,
					   over all reloads; later ones: none */
#define SL_MAX_STATS_STREAMS	256	/* stream names with their own
					   counters; later ones: none */
#define SL_METRICS_CLIENTS	8	/* scrapers served at once (metricsrv) */
#define SL_METRICS_REQUEST	4096	/* bytes of one HTTP request, at most */
#define SL_METRICS_TIMEOUT_MS	5000	/* a scraper's whole exchange */
#define SL_METRICS_RESPONSE	(4 * 1024 * 1024)	/* rendered series */

/* The suppression list (suppress.c, senderlint-suppress) */
#define SL_SUPPRESS_MAP_MB	1024	/* (cfg) [1, 1048576] LMDB map size, MB:
					   about 9 million entries of ~110 octets */
#define SL_SUPPRESS_LINE	2048	/* file: one import line, octets */
#define SL_SUPPRESS_ERRORS	50	/* file: import errors printed; the rest
					   are counted */
#define SL_SUPPRESS_MAPS	256	/* list-id to stream mappings (-m) */
#define SL_SOFT_BOUNCE_DAYS	7	/* (cfg) [1, 366] soft bounces this many
					   days apart: repeated-soft-bounce */

/* The bounce reader (senderlint-bounces: maillog.c, bouncetab.c) */
#define MAILLOG_LINE_MAX	8192	/* one log line, octets; longer: garbage */
#define MAILLOG_QID_MAX		32	/* a queue id (Postfix's long ones ~20) */
#define BT_QIDS		1000000	/* queue ids in flight followed (~100
					   octets each); more: no domains */
#define BT_RCPTS	2000000	/* recipients with failures followed (~150
					   octets each); more: not suppressed */
#define BT_PROVIDERS	256	/* providers; the rest: other-providers */
#define BT_CODES	16	/* codes per provider and class */
#define BT_SAMPLES	8	/* distinct replies per provider and class */
#define BT_SAMPLE_LEN	512	/* one reply kept, octets */
#define BT_DOMAINS	32	/* sending domains per provider */

/* The MIME walker and its observers */
#define SL_MAX_MIME_DEPTH	8	/* nested multipart boundaries followed */
#define SL_MAX_MIME_LINE	1024	/* body line piece the MIME walker reads */
#define SL_MAX_MIME_FIELD	512	/* one part header field kept */
#define SL_MAX_MIME_OBSERVERS	4	/* decoded-body observers per message */
#define SL_MAX_RAW_OBSERVERS	4	/* raw-body observers per message (DKIM) */
#define SL_MAX_BODY_SEARCH	(4 * 1024 * 1024)	/* decoded octets searched per message */

#endif
