/*
 * NAME
 *	limits - every hard ceiling senderlint enforces, in one place
 * DESCRIPTION
 *	Each limit bounds memory or time for one message or one rule set.
 *	Input beyond a limit is counted, reported as a fact where it matters,
 *	and otherwise ignored; it never grows a buffer without bound.
 *	Defaults below; the config file's limits: section may lower or raise
 *	the ones marked (cfg) within [1, 8 * default].
 */
#ifndef SL_LIMITS_H
#define SL_LIMITS_H

#define SL_MAX_HEADERS		10000	/* (cfg) header fields kept per message */
#define SL_MAX_HEADER_BYTES	(1024 * 1024)	/* (cfg) header bytes kept per message */
#define SL_MAX_RCPTS		1000	/* (cfg) envelope recipients kept */
#define SL_MAX_ADDR_LEN		1024	/* one MAIL FROM / RCPT path */
#define SL_MAX_ESMTP_ARGS	16	/* ESMTP parameters kept on MAIL FROM */
#define SL_MAX_MACRO_LEN	512	/* one macro value */
#define SL_MAX_LINE_OCTETS	998	/* RFC 5322 2.1.1 */
#define SL_MAX_FACTS		256	/* facts per message */
#define SL_MAX_DETAIL		200	/* one fact detail, octets */
#define SL_MAX_RULES		2000	/* rules per rule file */
#define SL_MAX_CONDS		64	/* conditions in one rule */
#define SL_MAX_STREAMS		256	/* streams per rule file */
#define SL_MAX_RULE_ID		64	/* rule and stream id length */
#define SL_MAX_REPLY_TEXT	900	/* rendered SMTP reply text */
#define SL_MAX_TAG_VALUE	900	/* tag header value */
#define SL_MAX_LOG_FIELD	256	/* one value in the summary log line */
#define SL_MAX_YAML_BYTES	(4 * 1024 * 1024)	/* config or rule file */
#define SL_MAX_YAML_DEPTH	16	/* nesting in a YAML file */
#define SL_MAX_MSG_BYTES	(64 * 1024 * 1024)	/* senderlint-check: one message */
#define SL_REGEX_MATCH_LIMIT	100000	/* (cfg) PCRE2 match limit */
#define SL_REGEX_DEPTH_LIMIT	1000	/* (cfg) PCRE2 depth limit */
#define SL_MAX_TOKENS		4096	/* RFC 5322 tokens in one structured field */
#define SL_MAX_COMMENT_DEPTH	32	/* nested comments */
#define SL_MAX_MIME_BOUNDARY	70	/* RFC 2046 5.1.1 */
#define SL_MAX_MIME_DEPTH	8	/* nested multipart boundaries followed */
#define SL_MAX_MIME_LINE	1024	/* body line piece the MIME walker reads */
#define SL_MAX_MIME_FIELD	512	/* one part header field kept */
#define SL_MAX_MIME_OBSERVERS	4	/* decoded-body observers per message */
#define SL_MAX_RAW_OBSERVERS	4	/* raw-body observers per message (DKIM) */
#define SL_MAX_BODY_SEARCH	(4 * 1024 * 1024)	/* decoded octets searched per message */
#define SL_DATE_PAST		86400	/* (cfg) a Date may be this old, seconds */
#define SL_DATE_FUTURE		900	/* (cfg) or this far ahead */
#define SL_MSGID_WINDOW_SIZE	100000	/* (cfg) Message-IDs remembered */
#define SL_MSGID_WINDOW_AGE	86400	/* (cfg) for this many seconds */
#define SL_MSGID_MAX_LEN	500	/* longer Message-IDs are a fact */
#define SL_REGEX_SUBJECT_MAX	(64 * 1024)	/* octets of a value given to a regex */

#endif
