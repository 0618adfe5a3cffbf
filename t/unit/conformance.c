/*
 * RFC 5322/5321 conformance facts, one row per finding: envelope, message,
 * the facts that must be true (all others false) and one expected detail.
 * The clock is fixed at Thu, 26 Nov 2026 06:00:00 +0000.
 */
#include <string.h>

#include "judge.h"
#include "mailfile.h"
#include "facts.h"
#include "tap.h"
#include "util.h"

#define D "Date: Thu, 26 Nov 2026 06:00:00 +0000\r\n"
#define I "Message-ID: <1@example.com>\r\n"
#define U "List-Unsubscribe: <https://example.com/u/8f3a9c1b2d4e6f70a1b2>\r\n" \
	"List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\nList-Id: <news.example.com>\r\n"
#define OK "From: Alice <a@example.com>\r\n" D I U

static const struct {
	const char *name;
	const char *mail_from;
	const char *param;	/* one ESMTP parameter, or NULL */
	const char *rcpt;
	const char *msg;
	const char *facts;
	const char *id;
	const char *detail;
} cases[] = {
	{ "conforming", "<a@example.com>", NULL, "<b@example.net>", OK "\r\nhi\r\n", "", NULL, NULL },
	{ "From with two mailboxes", NULL, NULL, NULL,
	    "From: a@example.com, b@example.com\r\nSender: a@example.com\r\n" D I U "\r\n",
	    "rfc5322.from.mailbox-list", "rfc5322.from.mailbox-list", "From holds 2 mailboxes" },
	{ "From with two mailboxes, no Sender", NULL, NULL, NULL,
	    "From: a@example.com, b@example.com\r\n" D I U "\r\n",
	    "rfc5322.from.mailbox-list,rfc5322.sender.required", "rfc5322.sender.required",
	    "From holds 2 mailboxes and there is no Sender" },
	{ "From group", NULL, NULL, NULL, "From: Team: a@example.com;\r\n" D I U "\r\n",
	    "rfc5322.from.mailbox-list", "rfc5322.from.mailbox-list", "From holds a group" },
	{ "From without @", NULL, NULL, NULL, "From: Alice <alice>\r\n" D I U "\r\n",
	    "rfc5322.from.syntax", "rfc5322.from.syntax", "From: no '@' in the address at \">\"" },
	{ "From bad domain", NULL, NULL, NULL, "From: a@ex_ample.com\r\n" D I U "\r\n",
	    "rfc5322.from.syntax", "rfc5322.from.syntax",
	    "From domain ex_ample.com: domain has a character other than letters, digits, '-' and '.'" },
	{ "From bad A-label", NULL, NULL, NULL, "From: a@xn--bcher-xxx.example\r\n" D I U "\r\n",
	    "rfc5322.from.syntax", "rfc5322.from.syntax",
	    "From domain xn--bcher-xxx.example: domain has an invalid A-label (IDNA 2008)" },
	{ "Date syntax", NULL, NULL, NULL, "From: a@example.com\r\nDate: 2026-11-26\r\n" I U "\r\n",
	    "rfc5322.date.syntax", "rfc5322.date.syntax", "Date: expected a day of month at \"2026-11-26\"" },
	{ "Date invalid", NULL, NULL, NULL, "From: a@example.com\r\nDate: Fri, 26 Nov 2026 06:00:00 +0000\r\n" I U "\r\n",
	    "rfc5322.date.invalid", "rfc5322.date.invalid", "Date: it says Fri but 26 Nov 2026 is a Thu" },
	{ "Date in the past", NULL, NULL, NULL, "From: a@example.com\r\nDate: Sun, 22 Nov 2026 06:00:00 +0000\r\n" I U "\r\n",
	    "rfc5322.date.skew", "rfc5322.date.skew", "Date is 4 days in the past (limit 24 h)" },
	{ "Date in the future", NULL, NULL, NULL, "From: a@example.com\r\nDate: Thu, 26 Nov 2026 07:00:00 +0000\r\n" I U "\r\n",
	    "rfc5322.date.skew", "rfc5322.date.skew", "Date is 60 min in the future (limit 15 min)" },
	{ "Date 2-digit year", NULL, NULL, NULL, "From: a@example.com\r\nDate: Thu, 26 Nov 26 06:00:00 GMT\r\n" I U "\r\n",
	    "rfc5322.obsolete", "rfc5322.obsolete",
	    "Date: obsolete date-time form (2-digit year, named zone or comment inside)" },
	{ "Message-ID without @", NULL, NULL, NULL, "From: a@example.com\r\n" D "Message-ID: <12345>\r\n" U "\r\n",
	    "rfc5322.message-id.syntax", "rfc5322.message-id.syntax", "Message-ID has no '@'" },
	{ "Message-ID without brackets", NULL, NULL, NULL, "From: a@example.com\r\n" D "Message-ID: 1@example.com\r\n" U "\r\n",
	    "rfc5322.message-id.syntax", "rfc5322.message-id.syntax", "Message-ID is not enclosed in <>" },
	{ "Message-ID too long", NULL, NULL, NULL, "From: a@example.com\r\n" D "Message-ID: <^500@example.com>\r\n" U "\r\n",
	    "rfc5322.message-id.too-long", "rfc5322.message-id.too-long", "Message-ID is 514 octets (limit 500)" },
	{ "encoded-word in From address", NULL, NULL, NULL, "From: =?utf-8?q?a?=@example.com\r\n" D I U "\r\n",
	    "rfc2047.encoded-word.misplaced", "rfc2047.encoded-word.misplaced",
	    "encoded-word where receivers do not decode it: From" },
	{ "encoded-word in quoted display name", NULL, NULL, NULL,
	    "From: \"=?utf-8?q?Alice?=\" <a@example.com>\r\n" D I U "\r\n",
	    "rfc2047.encoded-word.misplaced", NULL, NULL },
	{ "encoded-word in display name is fine", NULL, NULL, NULL,
	    "From: =?utf-8?q?Alice?= <a@example.com>\r\n" D I U "\r\n", "", NULL, NULL },
	{ "control character", NULL, NULL, NULL, OK "Subject: a\x01 b\r\n\r\n",
	    "rfc5322.field-body.control", "rfc5322.field-body.control", "Subject has control character 0x01" },
	{ "whitespace-only folded line", NULL, NULL, NULL, OK "Subject: a\r\n   \r\n b\r\n\r\n",
	    "rfc5322.field-body.control", "rfc5322.field-body.control",
	    "Subject has a folded line of white space only (line 8)" },
	{ "8-bit without SMTPUTF8", NULL, NULL, NULL, OK "Subject: caf\xc3\xa9\r\n\r\n",
	    "rfc5322.header.8bit", "rfc5322.header.8bit",
	    "Subject has raw 8-bit bytes but the transaction did not use SMTPUTF8" },
	{ "8-bit with SMTPUTF8", NULL, "SMTPUTF8", NULL, OK "Subject: caf\xc3\xa9\r\n\r\n", "", NULL, NULL },
	{ "bad UTF-8 with SMTPUTF8", NULL, "SMTPUTF8", NULL, OK "Subject: caf\xe9\r\n\r\n",
	    "rfc5322.header.8bit", "rfc5322.header.8bit", "Subject has 8-bit bytes that are not valid UTF-8" },
	{ "obsolete route in To", NULL, NULL, NULL, OK "To: <@relay.example:b@example.net>\r\n\r\n",
	    "rfc5322.obsolete", "rfc5322.obsolete", "To: source route in an address" },
	{ "obsolete References", NULL, NULL, NULL, OK "References: see <1@example.com>\r\n\r\n",
	    "rfc5322.obsolete", "rfc5322.obsolete", "References: phrase, comment or white space among the ids" },
	{ "Resent block without Resent-Date", NULL, NULL, NULL, "Resent-From: r@example.com\r\nResent-To: x@example.net\r\n" OK "\r\n",
	    "rfc5322.resent.incomplete", "rfc5322.resent.incomplete", "the Resent block at line 1 has no Resent-Date" },
	{ "complete Resent block", NULL, NULL, NULL, "Resent-From: r@example.com\r\nResent-Date: Thu, 26 Nov 2026 05:00:00 +0000\r\n" OK "\r\n",
	    "", NULL, NULL },
	{ "Return-Path", NULL, NULL, NULL, "Return-Path: <a@example.com>\r\n" OK "\r\n",
	    "rfc5321.return-path.present", "rfc5321.return-path.present", "originating mail carries a Return-Path field" },
	{ "MAIL FROM bad local part", "<a..b@example.com>", NULL, NULL, OK "\r\n",
	    "rfc5321.envelope.syntax", "rfc5321.envelope.syntax", "MAIL FROM <a..b@example.com>: local part is not a dot-string" },
	{ "RCPT local part over 64", "<>", NULL, "<^65@example.com>", OK "\r\n",
	    "rfc5321.envelope.syntax", "rfc5321.envelope.syntax", NULL },
	{ "RCPT postmaster", "<>", NULL, "<postmaster>", OK "\r\n", "", NULL, NULL },
	{ "MAIL FROM label of 63 octets", "<a@^63.example.com>", NULL, NULL, OK "\r\n", "", NULL, NULL },
	{ "MAIL FROM label of 64 octets", "<a@^64.example.com>", NULL, NULL, OK "\r\n",
	    "rfc5321.envelope.syntax", "rfc5321.envelope.syntax", NULL },
	{ "RCPT label of 64 octets", "<>", NULL, "<b@mail.^64.example>", OK "\r\n",
	    "rfc5321.envelope.syntax", "rfc5321.envelope.syntax", NULL },
	{ "MAIL FROM bad A-label", "<a@xn--bcher-xxx.example>", NULL, NULL, OK "\r\n",
	    "rfc5321.envelope.syntax", "rfc5321.envelope.syntax",
	    "MAIL FROM <a@xn--bcher-xxx.example>: domain has an invalid A-label (IDNA 2008)" },
	{ "RCPT bad A-label", "<>", NULL, "<b@xn--bcher-xxx.example>", OK "\r\n",
	    "rfc5321.envelope.syntax", "rfc5321.envelope.syntax",
	    "RCPT TO <b@xn--bcher-xxx.example>: domain has an invalid A-label (IDNA 2008)" },
	{ "RCPT good A-label", "<>", NULL, "<b@xn--bcher-kva.example>", OK "\r\n", "", NULL, NULL },
	{ "RCPT single-label domain", "<>", NULL, "<root@localhost>", OK "\r\n", "", NULL, NULL },
	{ "MAIL FROM 8-bit without SMTPUTF8", "<caf\xc3\xa9@example.com>", NULL, NULL, OK "\r\n",
	    "rfc5321.envelope.syntax", "rfc5321.envelope.syntax",
	    "MAIL FROM <caf\xc3\xa9@example.com>: 8-bit local part without SMTPUTF8" },
	{ "Content-Type without MIME-Version", NULL, NULL, NULL, OK "Content-Type: text/plain\r\n\r\n",
	    "mime.structure", "mime.structure", "Content-Type or Content-Transfer-Encoding without MIME-Version" },
	{ "multipart without boundary", NULL, NULL, NULL, OK "MIME-Version: 1.0\r\nContent-Type: multipart/mixed\r\n\r\n",
	    "mime.structure", "mime.structure", "multipart Content-Type without a boundary" },
	{ "multipart without delimiter", NULL, NULL, NULL,
	    OK "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\ntext\r\n",
	    "mime.structure", "mime.structure", "the body has no --boundary delimiter line" },
	{ "multipart without close", NULL, NULL, NULL,
	    OK "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\n\r\ntext\r\n",
	    "mime.structure", "mime.structure", "the body has no closing --boundary-- line" },
	{ "good multipart", NULL, NULL, NULL,
	    OK "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=b1 (x)\r\n\r\n--b1\r\n\r\nt\r\n--b1  \r\n\r\nu\r\n--b1--\r\n",
	    "", NULL, NULL },
	{ "bad Content-Type", NULL, NULL, NULL, OK "MIME-Version: 1.0\r\nContent-Type: text\r\n\r\n",
	    "mime.structure", "mime.structure", "Content-Type: expected '/' after the media type" },
	{ "unknown transfer encoding", NULL, NULL, NULL, OK "MIME-Version: 1.0\r\nContent-Transfer-Encoding: uuencode\r\n\r\n",
	    "mime.structure", "mime.structure",
	    "Content-Transfer-Encoding is not 7bit, 8bit, binary, quoted-printable or base64" },
	/* 8-bit octets: undeclared in the envelope is transport, a false label is damage */
	{ "8-bit body without 8BITMIME", NULL, NULL, NULL, OK "\r\ncaf\xc3\xa9\r\n",
	    "mime.8bit.undeclared", "mime.8bit.undeclared",
	    "the body has 8-bit octets but MAIL FROM had no BODY=8BITMIME" },
	{ "8-bit body with 8BITMIME", NULL, "BODY=8BITMIME", NULL, OK "\r\ncaf\xc3\xa9\r\n", "", NULL, NULL },
	{ "8-bit body with BINARYMIME", NULL, "BODY=BINARYMIME", NULL, OK "\r\ncaf\xc3\xa9\r\n", "", NULL, NULL },
	{ "8-bit body with BODY=7BIT", NULL, "BODY=7BIT", NULL, OK "\r\ncaf\xc3\xa9\r\n",
	    "mime.8bit.undeclared", "mime.8bit.undeclared",
	    "the body has 8-bit octets but MAIL FROM said BODY=7BIT" },
	{ "7-bit body without 8BITMIME", NULL, NULL, NULL, OK "\r\ncafe\r\n", "", NULL, NULL },
	{ "8bit label without 8BITMIME", NULL, NULL, NULL,
	    OK "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: 8bit\r\n\r\ncaf\xc3\xa9\r\n",
	    "mime.8bit.undeclared", NULL, NULL },
	{ "no label, the 7bit default, with 8BITMIME", NULL, "BODY=8BITMIME", NULL,
	    OK "MIME-Version: 1.0\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n<p>caf\xc3\xa9</p>\r\n",
	    "", NULL, NULL },
	{ "7bit label with 8-bit octets", NULL, "BODY=8BITMIME", NULL,
	    OK "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: 7bit\r\n\r\ncaf\xc3\xa9\r\n",
	    "mime.structure", "mime.structure",
	    "the body is labelled Content-Transfer-Encoding: 7bit but has 8-bit octets" },
	{ "7bit label with 8-bit octets, no 8BITMIME", NULL, NULL, NULL,
	    OK "MIME-Version: 1.0\r\nContent-Transfer-Encoding: 7BIT\r\n\r\ncaf\xc3\xa9\r\n",
	    "mime.structure,mime.8bit.undeclared", "mime.structure",
	    "the body is labelled Content-Transfer-Encoding: 7bit but has 8-bit octets" },
	{ "7bit label, the 8-bit octet past the walker's first line piece", NULL, "BODY=8BITMIME", NULL,
	    OK "MIME-Version: 1.0\r\nContent-Transfer-Encoding: 7bit\r\n\r\n^1500\xe9\r\n",
	    "rfc5322.line.too-long,mime.structure", "mime.structure",
	    "the body is labelled Content-Transfer-Encoding: 7bit but has 8-bit octets" },
	{ "quoted-printable part with raw 8-bit octets", NULL, "BODY=8BITMIME", NULL,
	    OK "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=b1\r\n\r\n"
	    "--b1\r\nContent-Type: text/plain\r\n\r\ncafe\r\n"
	    "--b1\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
	    "<p>caf=C3=A9 caf\xc3\xa9</p>\r\n--b1--\r\n",
	    "mime.structure", "mime.structure",
	    "a text/html part is labelled Content-Transfer-Encoding: quoted-printable but has 8-bit octets" },
	{ "base64 parts with raw 8-bit octets", NULL, "BODY=8BITMIME", NULL,
	    OK "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n"
	    "--b1\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBE\xff\r\n"
	    "--b1\r\nContent-Transfer-Encoding: 7bit\r\n\r\n\xe9\r\n--b1--\r\n",
	    "mime.structure", "mime.structure",
	    "a application/pdf part is labelled Content-Transfer-Encoding: base64 but has 8-bit octets (and more parts)" },
	{ "8-bit octets in an 8bit part, a part header and the preamble", NULL, "BODY=8BITMIME", NULL,
	    OK "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n"
	    "pr\xc3\xa9" "ambule\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: 8bit\r\n\r\ncaf\xc3\xa9\r\n"
	    "--b1\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n"
	    "Content-Disposition: attachment; filename=\"caf\xc3\xa9.txt\"\r\n\r\nY2Fmw6k=\r\n--b1--\r\n",
	    "", NULL, NULL },
	{ "a field name with 8-bit octets: Postfix starts the body there", NULL, NULL, NULL,
	    "From: Alice <a@example.com>\r\n" D "X-Bestellgr\xc3\xb6\xc3\x9f" "e: 3\r\n" I U
	    "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nascii\r\n",
	    "rfc5322.field-name.syntax,rfc5322.header.8bit", "rfc5322.field-name.syntax",
	    "field name at line 3 has an octet outside 33-126 or ':': Postfix ends the header "
	    "there, and sends it and the fields after it as body" },
	/* RFC 5322 3.4: address lists other than From */
	{ "To without '@'", NULL, NULL, NULL, OK "To: baz\r\n\r\n",
	    "rfc5322.address-list.syntax", "rfc5322.address-list.syntax",
	    "To: no '@' in the address at the end" },
	{ "Cc with two addresses and no comma; Reply-To unterminated", NULL, NULL, NULL,
	    OK "Cc: a@example.com b@example.com\r\nReply-To: <r@example.com\r\n\r\n",
	    "rfc5322.address-list.syntax", "rfc5322.address-list.syntax",
	    "Cc: expected ',' between addresses at \"b\"; Reply-To: expected '>' at the end" },
	{ "an empty element in To is obsolete, not an error", NULL, NULL, NULL,
	    OK "To: a@example.com, , b@example.com\r\n\r\n",
	    "rfc5322.obsolete", "rfc5322.obsolete", "To: empty element in an address list" },
	{ "an empty group and undisclosed recipients", NULL, NULL, NULL,
	    OK "To: undisclosed-recipients:;\r\nCc: Team: a@example.com, b@example.com;\r\n\r\n",
	    "", NULL, NULL },
	{ "Resent-To does not parse", NULL, NULL, NULL,
	    OK "Resent-Date: Thu, 26 Nov 2026 06:00:00 +0000\r\nResent-From: a@example.com\r\n"
	    "Resent-To: @\r\n\r\n",
	    "rfc5322.address-list.syntax", "rfc5322.address-list.syntax",
	    "Resent-To: expected an address at \"@\"" },
	/* RFC 5322 3.6.4: msg-id lists */
	{ "References with commas", NULL, NULL, NULL,
	    OK "References: <a@example.com>, <b@example.com>\r\n\r\n",
	    "rfc5322.msg-id-list.syntax", "rfc5322.msg-id-list.syntax",
	    "References is not a list of <id> values" },
	{ "In-Reply-To without brackets", NULL, NULL, NULL,
	    OK "In-Reply-To: a@example.com\r\n\r\n",
	    "rfc5322.msg-id-list.syntax,rfc5322.obsolete", "rfc5322.msg-id-list.syntax",
	    "In-Reply-To is not a list of <id> values" },
	{ "References folded over lines", NULL, NULL, NULL,
	    OK "References: <a@example.com>\r\n <b@example.com>\r\n\t<c@example.com>\r\n\r\n",
	    "", NULL, NULL },
	/* RFC 2919: List-Id */
	{ "List-Id with a phrase", NULL, NULL, NULL,
	    "From: Alice <a@example.com>\r\n" D I
	    "List-Unsubscribe: <https://example.com/u/8f3a9c1b2d4e6f70a1b2>\r\n"
	    "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
	    "List-Id: \"Example News\" (weekly) <news.example.com>\r\n\r\n", "", NULL, NULL },
	{ "List-Id with a space inside the brackets", NULL, NULL, NULL,
	    "From: Alice <a@example.com>\r\n" D I
	    "List-Unsubscribe: <https://example.com/u/8f3a9c1b2d4e6f70a1b2>\r\n"
	    "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
	    "List-Id: News <news. example.com>\r\n\r\n",
	    "list-id.syntax", "list-id.syntax", "List-Id: white space inside the brackets" },
	{ "List-Id without brackets", NULL, NULL, NULL,
	    "From: Alice <a@example.com>\r\n" D I
	    "List-Unsubscribe: <https://example.com/u/8f3a9c1b2d4e6f70a1b2>\r\n"
	    "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
	    "List-Id: news.example.com\r\n\r\n",
	    "list-id.syntax", "list-id.syntax", "List-Id: no <list-label.namespace>" },
	{ "List-Id without a dot", NULL, NULL, NULL,
	    "From: Alice <a@example.com>\r\n" D I
	    "List-Unsubscribe: <https://example.com/u/8f3a9c1b2d4e6f70a1b2>\r\n"
	    "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
	    "List-Id: <news>\r\n\r\n",
	    "list-id.syntax", "list-id.syntax",
	    "List-Id: the list-id has no '.' between label and namespace" },
	/* RFC 2047 2, 4, 5: malformed encoded-words */
	{ "encoded-words that are well formed", NULL, NULL, NULL,
	    "From: =?utf-8?q?Alice_M=C3=BCller?= <a@example.com>\r\n" D I U
	    "Subject: =?UTF-8?B?R3LDvMOfZQ==?= =?iso-8859-1?Q?M=FCller?= (ok)\r\n\r\n", "", NULL, NULL },
	{ "an unknown charset", NULL, NULL, NULL,
	    OK "Subject: =?x-no-such-charset?Q?abc?=\r\n\r\n",
	    "rfc2047.encoded-word.malformed", "rfc2047.encoded-word.malformed",
	    "Subject: unknown charset in \"=?x-no-such-charset?Q?abc?=\"" },
	{ "an unknown encoding", NULL, NULL, NULL,
	    OK "Subject: =?utf-8?X?abc?=\r\n\r\n",
	    "rfc2047.encoded-word.malformed", "rfc2047.encoded-word.malformed",
	    "Subject: the encoding is neither B nor Q in \"=?utf-8?X?abc?=\"" },
	{ "bad base64", NULL, NULL, NULL,
	    OK "Subject: =?utf-8?B?R3LDvMOfZQ=?=\r\n\r\n",
	    "rfc2047.encoded-word.malformed", "rfc2047.encoded-word.malformed",
	    "Subject: B text is not a multiple of 4 characters in \"=?utf-8?B?R3LDvMOfZQ=?=\"" },
	{ "raw 8-bit in Q text (a display name)", NULL, NULL, NULL,
	    "From: =?iso-8859-1?Q?M\xfcller?= <m@example.com>\r\n" D I U "\r\n",
	    "rfc5322.header.8bit,rfc2047.encoded-word.malformed", "rfc2047.encoded-word.malformed",
	    "From: Q text has a space, '?' or a non-ASCII octet in \"=?iso-8859-1?Q?M\xfcller?= <m@example.com>\"" },
	{ "Q text with =X not hex", NULL, NULL, NULL,
	    OK "Subject: =?utf-8?Q?a=ZZ?=\r\n\r\n",
	    "rfc2047.encoded-word.malformed", "rfc2047.encoded-word.malformed",
	    "Subject: Q text has '=' without two hex digits in \"=?utf-8?Q?a=ZZ?=\"" },
	{ "an encoded-word over 75 characters", NULL, NULL, NULL,
	    OK "Subject: =?utf-8?Q?^70?=\r\n\r\n",
	    "rfc2047.encoded-word.malformed", "rfc2047.encoded-word.malformed", NULL },
	{ "an encoded-word glued to text", NULL, NULL, NULL,
	    OK "Subject: =?utf-8?Q?abc?=def\r\n\r\n",
	    "rfc2047.encoded-word.malformed", "rfc2047.encoded-word.malformed",
	    "Subject: not followed by white space in \"=?utf-8?Q?abc?=def\"" },
	{ "=? in a plain Subject is no encoded-word", NULL, NULL, NULL,
	    OK "Subject: what=? why?\r\n\r\n", "", NULL, NULL },
	/* RFC 5322 2.3: bare CR */
	{ "a bare CR in the body", NULL, NULL, NULL,
	    OK "\r\nline one\r\nline\rtwo\r\n", "rfc5322.bare-cr-lf", "rfc5322.bare-cr-lf",
	    "the body has 1 CR without LF (the first at line 9)" },
	{ "a bare CR in a header field", NULL, NULL, NULL,
	    OK "Subject: a\rb\r\n\r\nx\r\n", "rfc5322.field-body.control,rfc5322.bare-cr-lf",
	    "rfc5322.bare-cr-lf", "Subject has a CR without LF" },
	{ "a CR at the very end of the body", NULL, NULL, NULL,
	    OK "\r\nlast\r", "rfc5322.bare-cr-lf", "rfc5322.bare-cr-lf",
	    "the body has 1 CR without LF (the first at line 8)" },
	/* RFC 2045 6.4 inside; RFC 3629 under charset=utf-8 */
	{ "a nested multipart encoded base64", NULL, "BODY=8BITMIME", NULL,
	    OK "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n"
	    "--b1\r\nContent-Type: multipart/alternative; boundary=b2\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n"
	    "--b2\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b2--\r\n--b1--\r\n",
	    "mime.structure", "mime.structure",
	    "a nested multipart is encoded with base64 (only 7bit, 8bit or binary)" },
	{ "a top-level multipart with an x-token encoding", NULL, NULL, NULL,
	    OK "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n"
	    "Content-Transfer-Encoding: x-uuencode\r\n\r\n"
	    "--b1\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b1--\r\n",
	    "mime.structure", "mime.structure",
	    "a multipart body must be 7bit, 8bit or binary, not encoded" },
	{ "utf-8 declared, Latin-1 sent", NULL, "BODY=8BITMIME", NULL,
	    OK "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: 8bit\r\n\r\ncaf\xe9\r\n",
	    "mime.charset.invalid", "mime.charset.invalid",
	    "the body declares charset=utf-8 but is not valid UTF-8" },
	{ "utf-8 declared in a part, invalid after quoted-printable", NULL, NULL, NULL,
	    OK "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=b1\r\n\r\n"
	    "--b1\r\nContent-Type: text/plain; charset=\"UTF-8\"\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\ncaf=C3=A9 ok\r\n"
	    "--b1\r\nContent-Type: text/html; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n<p>caf=E9</p>\r\n--b1--\r\n",
	    "mime.charset.invalid", "mime.charset.invalid",
	    "a text/html declares charset=utf-8 but is not valid UTF-8" },
	{ "utf-8 declared, a sequence cut by the end of the part", NULL, NULL, NULL,
	    OK "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\nY2Fmww==\r\n",
	    "mime.charset.invalid", "mime.charset.invalid",
	    "the body declares charset=utf-8 but is not valid UTF-8" },
	{ "utf-8 declared and valid, in base64 split anywhere", NULL, NULL, NULL,
	    OK "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\nY2Fm\r\nw6kg4oKsIPCfk6c=\r\n",
	    "", NULL, NULL },
	{ "Latin-1 declared, Latin-1 sent", NULL, "BODY=8BITMIME", NULL,
	    OK "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
	    "Content-Transfer-Encoding: 8bit\r\n\r\ncaf\xe9\r\n", "", NULL, NULL },
#define H "From: Alice <a@example.com>\r\n" D I
	{ "mailto-only List-Unsubscribe", NULL, NULL, NULL,
	    H "List-Unsubscribe: <mailto:u@example.com>\r\nList-Id: <l.example.com>\r\n\r\n",
	    "unsub.https.missing,unsub.one-click.missing", "unsub.https.missing",
	    "List-Unsubscribe has no https URI" },
	{ "List-Unsubscribe syntax", NULL, NULL, NULL,
	    H "List-Unsubscribe: https://example.com/u/8f3a9c1b2d4e6f70a1b2\r\n"
	    "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\nList-Id: <l.example.com>\r\n\r\n",
	    "unsub.syntax,unsub.https.missing,unsub.one-click.invalid", "unsub.syntax",
	    "List-Unsubscribe: expected '<' at \"https://example.\"" },
	{ "one-click with a wrong value", NULL, NULL, NULL,
	    H "List-Unsubscribe: <https://example.com/u/8f3a9c1b2d4e6f70a1b2>\r\n"
	    "List-Unsubscribe-Post: One-Click\r\nList-Id: <l.example.com>\r\n\r\n",
	    "unsub.one-click.invalid", "unsub.one-click.invalid",
	    "List-Unsubscribe-Post is not \"List-Unsubscribe=One-Click\"" },
	{ "no token for the one recipient", NULL, NULL, "<b@example.net>",
	    H "List-Unsubscribe: <https://example.com/unsubscribe?list=news>\r\n"
	    "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\nList-Id: <l.example.com>\r\n\r\n",
	    "unsub.recipient-token", "unsub.recipient-token",
	    "nothing in the https URI varies per recipient (0 bits, 24 wanted)" },
	{ "the address in clear is not a token", NULL, NULL, "<bob.smith.2026@example.net>",
	    H "List-Unsubscribe: <https://example.com/u?e=bob.smith.2026%40example.net>\r\n"
	    "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\nList-Id: <l.example.com>\r\n\r\n",
	    "unsub.recipient-token", NULL, NULL },
	{ "an opaque token", NULL, NULL, "<b@example.net>",
	    H "List-Unsubscribe: <mailto:u@example.com>, <https://example.com/u/Zx81kq03JfPq9wLm>\r\n"
	    "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\nList-Id: <l.example.com>\r\n\r\n",
	    "", NULL, NULL },
	/* SendGrid-based platforms write long values as encoded-words */
	{ "List-Unsubscribe as RFC 2047 encoded-words", NULL, NULL, NULL,
	    H "List-Unsubscribe: =?us-ascii?Q?<https://u12345.ct.sendgrid.net/lu?=\r\n"
	    " =?us-ascii?Q?/unsubscribe=3Foc=3DZx81kq03JfPq9wLm>?=\r\n"
	    "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\nList-Id: <l.example.com>\r\n\r\n",
	    "unsub.syntax,unsub.https.missing,unsub.one-click.invalid,rfc2047.encoded-word.misplaced",
	    "unsub.syntax", "List-Unsubscribe: expected '<' at \"=?us-ascii?Q?<ht\"" },
	{ "encoded-words in List-Id and List-Unsubscribe-Post", NULL, NULL, NULL,
	    H "List-Unsubscribe: <https://example.com/u/8f3a9c1b2d4e6f70a1b2>\r\n"
	    "List-Unsubscribe-Post: =?utf-8?B?TGlzdC1VbnN1YnNjcmliZT1PbmUtQ2xpY2s=?=\r\n"
	    "List-Id: =?utf-8?Q?News?= <l.example.com>\r\nList-Help: <mailto:h@example.com>\r\n\r\n",
	    "unsub.one-click.invalid,rfc2047.encoded-word.misplaced",
	    "rfc2047.encoded-word.misplaced",
	    "encoded-word where receivers do not decode it: List-Unsubscribe-Post, List-Id" },
	{ "a URL with =? in its query is no encoded-word", NULL, NULL, NULL,
	    H "List-Unsubscribe: <https://example.com/u?a=?b&t=8f3a9c1b2d4e6f70a1b2>\r\n"
	    "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\nList-Id: <l.example.com>\r\n\r\n",
	    "", NULL, NULL },
	{ "two List-Unsubscribe fields: each parsed", NULL, NULL, NULL,
	    H "List-Unsubscribe: <mailto:u@example.com>\r\n"
	    "List-Unsubscribe: https://example.com/u/8f3a9c1b2d4e6f70a1b2\r\n"
	    "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\nList-Id: <l.example.com>\r\n\r\n",
	    "unsub.multiple,unsub.syntax,unsub.https.missing,unsub.one-click.invalid",
	    "unsub.syntax", "List-Unsubscribe #2: expected '<' at \"https://example.\"" },
	{ "two List-Unsubscribe fields, the https URI in the second", NULL, NULL, NULL,
	    H "List-Unsubscribe: <mailto:u@example.com>\r\n"
	    "List-Unsubscribe: <https://example.com/u/8f3a9c1b2d4e6f70a1b2>\r\n"
	    "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\nList-Id: <l.example.com>\r\n\r\n",
	    "unsub.multiple", "unsub.multiple", "2 List-Unsubscribe fields" },
	{ "no List-Id", NULL, NULL, NULL, "From: Alice <a@example.com>\r\n" D I
	    "List-Unsubscribe: <https://example.com/u/8f3a9c1b2d4e6f70a1b2>\r\n"
	    "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n\r\n",
	    "list-id.missing", "list-id.missing", "no List-Id field" },
};

int
main(void)
{
	struct msg_limits lim = { 1000, 1 << 20, 100, NULL };
	static struct judgement j;
	struct judge_env env;
	const struct fact *f;
	struct sbuf got;
	char name[256], *text, *rcpt;
	size_t i, len, rl;
	struct msg *m;

	memset(&env, 0, sizeof(env));
	env.now = 1795672800;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		m = msg_new(&lim);
		if (cases[i].mail_from) {
			rcpt = tap_expand(cases[i].mail_from, '^', &rl);
			rcpt = xrealloc(rcpt, rl + 1);
			rcpt[rl] = '\0';
			msg_mail_from(m, rcpt);
			free(rcpt);
		}
		if (cases[i].param)
			msg_esmtp_arg(m, cases[i].param);
		if (cases[i].rcpt) {
			rcpt = tap_expand(cases[i].rcpt, '^', &rl);
			rcpt = xrealloc(rcpt, rl + 1);
			rcpt[rl] = '\0';
			msg_rcpt(m, rcpt);
			free(rcpt);
		}
		text = tap_expand(cases[i].msg, '^', &len);
		mailfile_feed(m, text, len, NULL);
		judge(&env, m, &j);
		sbuf_init(&got, 4096);
		true_facts(&j.fs, &got, (const char *)NULL);
		snprintf(name, sizeof(name), "%s: true facts", cases[i].name);
		tap_is_str(got.s, cases[i].facts, name);
		if (cases[i].detail != NULL) {
			f = fact_get(&j.fs, cases[i].id);
			snprintf(name, sizeof(name), "%s: detail", cases[i].name);
			tap_is_str(f ? f->detail : NULL, cases[i].detail, name);
		}
		sbuf_clear(&got);
		free(text);
		judge_clear(&j);
		msg_free(m);
	}
	return tap_done();
}
