/*
 * caprec: a capture record read back gives the message the daemon had:
 * the connection data, the envelope (null sender, parameters, recipients
 * and how many there were), the macros, the header fields byte for byte
 * and the body kept; values with spaces, '%', controls and UTF-8 survive.
 * Damaged records are refused with the line where they go wrong.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caprec.h"
#include "mailfile.h"
#include "msg.h"
#include "tap.h"
#include "util.h"

static const struct msg_limits lim = { 100, 1 << 20, 2, NULL };

/* The message of a record: built as milter.c builds it. */
static struct msg *
live(const char *mail_from)
{
	struct msg *m = msg_new(&lim);

	conninfo_set(m->conn.client_addr, "192.0.2.10");
	conninfo_set(m->conn.client_name, "host name.example");
	conninfo_set(m->conn.helo, "h%llo\tthere");
	conninfo_set(m->conn.login, "caf\xc3\xa9");
	conninfo_set(m->conn.daemon, "submission");
	conninfo_set(m->conn.qid, "4XkQ");
	if (mail_from != NULL)
		msg_mail_from(m, mail_from);
	msg_esmtp_arg(m, "SMTPUTF8");
	msg_esmtp_arg(m, "BODY=8BITMIME");
	msg_rcpt(m, "<a@example.net>");
	msg_rcpt(m, "<b@example.net>");
	msg_rcpt(m, "<c@example.net>");	/* over max_rcpts: counted */
	msg_macro(m, "{auth_type}", "PLAIN");
	msg_macro(m, "{x}", "two words");
	msg_header(m, "From", " Example <news@example.com>");
	msg_header(m, "Subject", " folded\n\tover two lines");
	msg_header(m, "X-Raw", "no-leading-space");
	msg_eoh(m);
	msg_body(m, (const unsigned char *)"line one\r\nline two\r\n", 20);
	msg_eom(m);
	return m;
}

static void
same(const struct msg *a, const struct msg *b, const char *what)
{
	char name[256];
	size_t i;

	snprintf(name, sizeof(name), "%s: connection data", what);
	tap_ok(memcmp(&a->conn, &b->conn, sizeof(a->conn)) == 0, name);
	snprintf(name, sizeof(name), "%s: MAIL FROM", what);
	tap_ok(a->have_mail_from == b->have_mail_from &&
	    (!a->have_mail_from || strcmp(a->mail_from, b->mail_from) == 0),
	    name);
	snprintf(name, sizeof(name), "%s: ESMTP parameters", what);
	tap_ok(a->nargs == b->nargs && strcmp(a->args[1].kw, b->args[1].kw) == 0 &&
	    strcmp(a->args[1].val, b->args[1].val) == 0 && b->args[0].val == NULL,
	    name);
	snprintf(name, sizeof(name), "%s: recipients kept and counted", what);
	tap_ok(a->nrcpt == b->nrcpt && b->nrcpt == 2 && b->nrcpt_total == 3 &&
	    strcmp(b->rcpt[1], "b@example.net") == 0, name);
	snprintf(name, sizeof(name), "%s: macros", what);
	tap_is_str(msg_macro_get(b, "{x}"), "two words", name);
	snprintf(name, sizeof(name), "%s: header fields byte for byte", what);
	tap_ok(a->nhdr == b->nhdr, name);
	for (i = 0; i < a->nhdr && i < b->nhdr; i++) {
		snprintf(name, sizeof(name), "%s: %s", what, a->hdr[i].name);
		tap_is_str(b->hdr[i].value, a->hdr[i].value, name);
	}
}

int
main(void)
{
	static const struct {
		const char	*name;
		const char	*head;		/* "" or lines replacing the head */
		const char	*err;
	} bad[] = {
		{ "another version", "senderlint-capture 2\ntime 1\n",
		    "line 1: not a capture record of version 1, the one this senderlint reads" },
		{ "an unknown key", "senderlint-capture 1\ntime 1\ncolour red\n",
		    "line 3: unknown key \"colour\"" },
		{ "a bad escape", "senderlint-capture 1\ntime 1\nlogin a%4\n",
		    "line 3: bad value for login" },
		{ "an encoded NUL", "senderlint-capture 1\ntime 1\nlogin a%00b\n",
		    "line 3: bad value for login" },
		{ "a line with no value", "senderlint-capture 1\ntime\n",
		    "line 2: not \"key value\"" },
		{ "a bad time", "senderlint-capture 1\ntime -5\n",
		    "line 2: bad value for time" },
		{ "a time past the year 9999",
		    "senderlint-capture 1\ntime 17956728001795672800\n",
		    "line 2: bad value for time" },
		{ "body kept over total", "senderlint-capture 1\ntime 1\nbody 9 8\n",
		    "line 3: bad value for body" },
	};
	struct caprec_info in, out;
	struct msg *a, *b;
	struct sbuf rec;
	char err[256], *copy;
	size_t i, len;

	memset(&in, 0, sizeof(in));
	in.when = 1795672800;
	snprintf(in.action, sizeof(in.action), "reject");
	snprintf(in.rules, sizeof(in.rules), "single-from,x");
	snprintf(in.monitor, sizeof(in.monitor), "shout:tag");
	snprintf(in.stream, sizeof(in.stream), "news");

	/* round trip, with a sender and with the null sender */
	for (i = 0; i < 3; i++) {
		const char *from = i == 0 ? "<b@example.com>" : i == 1 ? "<>" : NULL;
		const char *what = i == 0 ? "a sender" : i == 1 ? "the null sender" :
		    "no MAIL FROM";

		a = live(from);
		in.body_total = a->body_bytes;
		sbuf_init(&rec, 1 << 22);
		caprec_encode(a, &in, (const unsigned char *)"line one\r\n", 10,
		    &rec);
		copy = tap_exact(rec.s, &len);
		tap_ok(caprec_is(copy, len), "a record says it is one");
		b = msg_new(&lim);
		tap_is_int(caprec_decode(copy, len, b, &out, err, sizeof(err)),
		    0, what);
		same(a, b, what);
		tap_is_int(out.when, in.when, "the time");
		tap_is_str(out.rules, in.rules, "the live rules");
		tap_is_str(out.monitor, in.monitor, "the live monitor rules");
		tap_ok(out.body_kept == 10 && out.body_total == 20,
		    "body: bytes kept and bytes it had");
		tap_ok(b->body_bytes == 10 && b->body_lines == 1,
		    "the body kept is the body read back");
		free(copy);
		sbuf_clear(&rec);
		msg_free(a);
		msg_free(b);
	}

	/* damaged: refused, with the line */
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		sbuf_init(&rec, 4096);
		sbuf_printf(&rec, "%smessage 2\n\n\n\n", bad[i].head);
		copy = tap_exact(rec.s, &len);
		b = msg_new(&lim);
		err[0] = '\0';
		tap_is_int(caprec_decode(copy, len, b, &out, err, sizeof(err)),
		    -1, bad[i].name);
		tap_is_str(err, bad[i].err, bad[i].name);
		msg_free(b);
		free(copy);
		sbuf_clear(&rec);
	}
	copy = tap_exact("From: a@example.com\n", &len);
	tap_ok(!caprec_is(copy, len), "a message is not a record");
	free(copy);
	return tap_done();
}
