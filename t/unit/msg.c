/* struct msg: envelope, limits, streamed body line accounting. */
#include "limits.h"
#include "msg.h"
#include "tap.h"
#include "util.h"

/* has_8bit() (used for the body and each MIME part): every position,
 * every length, on a copy of exactly that length. */
static void
test_has_8bit(void)
{
	unsigned char *buf;
	size_t len, at;
	int ok = 1;

	for (len = 0; len <= 200; len++) {
		buf = malloc(len ? len : 1);
		memset(buf, 'a', len);
		ok &= has_8bit(buf, len) == 0;
		for (at = 0; at < len; at++) {
			buf[at] = 0x80 | (unsigned char)at;
			ok &= has_8bit(buf, len) == 1;
			buf[at] = 0x7f;
			ok &= has_8bit(buf, len) == 0;
			buf[at] = 'a';
		}
		free(buf);
	}
	tap_ok(ok, "has_8bit finds an 8-bit octet at any position of any "
	    "length, and none in 7-bit data");
}

static struct msg_limits lim = { 3, 4096, 2, NULL };

static struct msg *
body_in_chunks(const char *body, size_t chunk)
{
	struct msg *m = msg_new(&lim);
	size_t len, off;
	char *p = tap_exact(body, &len);

	for (off = 0; off < len; off += chunk)
		msg_body(m, (const unsigned char *)p + off,
		    len - off < chunk ? len - off : chunk);
	msg_eom(m);
	free(p);
	return m;
}

int
main(void)
{
	static char longline[3000];
	struct msg *m;
	const char *v;
	size_t chunk;
	char name[128];
	int present;

	test_has_8bit();

	m = msg_new(&lim);
	msg_mail_from(m, "<a@example.com>");
	msg_esmtp_arg(m, "BODY=8BITMIME");
	msg_esmtp_arg(m, "SMTPUTF8");
	tap_is_str(m->mail_from, "a@example.com", "MAIL FROM path loses its brackets");
	v = msg_esmtp_get(m, "body", &present);
	tap_ok(present && v && strcmp(v, "8BITMIME") == 0, "ESMTP BODY=8BITMIME kept, keyword case-insensitive");
	v = msg_esmtp_get(m, "SMTPUTF8", &present);
	tap_ok(present && v == NULL, "ESMTP SMTPUTF8 kept without value");
	msg_mail_from(m, "<>");
	tap_is_str(m->mail_from, "", "null sender is the empty path");
	msg_rcpt(m, "<r1@example.net>");
	msg_rcpt(m, "<r2@example.net>");
	msg_rcpt(m, "<r3@example.net>");
	tap_is_int((long)m->nrcpt, 2, "recipients kept up to max_rcpts");
	tap_is_int((long)m->nrcpt_total, 3, "recipients beyond the limit are counted");
	msg_macro(m, "{auth_authen}", "alice");
	msg_macro(m, "{auth_authen}", "bob");
	tap_is_str(msg_macro_get(m, "{auth_authen}"), "bob", "a macro sent twice keeps the last value");
	tap_ok(msg_macro_get(m, "i") == NULL, "an unsent macro is NULL");
	msg_header(m, "From", " a@example.com");
	msg_header(m, "Subject", " one\n two");
	msg_header(m, "To", " x@example.net");
	msg_header(m, "Cc", " y@example.net");
	tap_is_int((long)m->nhdr, 3, "headers kept up to max_headers");
	tap_is_int((long)m->nhdr_total, 4, "headers beyond the limit are counted");
	tap_is_int((long)m->hdr_lines, 5, "folded headers count their physical lines");
	tap_is_int((long)m->hdr[2].line, 4, "a header knows its first line number");
	tap_is_int((long)msg_count_header(m, "subject"), 1, "header names compare without case");
	msg_free(m);

	/* body lines, CRLF split at every possible chunk boundary */
	memset(longline, 'a', 1200);
	memcpy(longline + 1200, "\r\nshort\r\n", 10);
	for (chunk = 1; chunk <= 7; chunk++) {
		m = body_in_chunks("ab\r\ncd\r\n\r\nlast", chunk);
		snprintf(name, sizeof(name), "chunks of %zu: 4 lines, longest 4 octets without CRLF", chunk);
		tap_ok(m->body_lines == 4 && m->longest == 4, name);
		msg_free(m);
	}
	/* a field name with 8-bit octets starts the body in Postfix: read
	 * it and the fields after it as header fields, in any chunks */
	for (chunk = 1; chunk <= 9; chunk++) {
		const char *b = "X-Bestellgr\xc3\xb6\xc3\x9f" "e: 3\r\nSubject: a\r\n b\r\n\r\nBody\r\n";
		size_t len = strlen(b), off;

		m = msg_new(&lim);
		msg_header(m, "From", " a@example.com");
		msg_eoh(m);
		for (off = 0; off < len; off += chunk)
			msg_body(m, (const unsigned char *)b + off,
			    len - off < chunk ? len - off : chunk);
		msg_eom(m);
		snprintf(name, sizeof(name), "chunks of %zu: an 8-bit field name and the fields after it are header", chunk);
		tap_ok(m->nhdr == 3 && strcmp(m->hdr[1].name, "X-Bestellgr\xc3\xb6\xc3\x9f" "e") == 0 &&
		    strcmp(m->hdr[2].value, " a\n b") == 0 && m->lead_line == 2 &&
		    m->hdr_lines == 4 && m->body_lines == 1 && m->longest == 4 && !m->body_8bit, name);
		msg_free(m);
	}
	m = msg_new(&lim);
	msg_header(m, "From", " a@example.com");
	msg_eoh(m);
	msg_body(m, (const unsigned char *)"Note: ascii\r\n\r\nx\r\n", 18);
	msg_eom(m);
	tap_ok(m->nhdr == 1 && m->body_lines == 3 && m->lead_line == 0,
	    "a body that starts with an ASCII \"Note:\" line stays body");
	msg_free(m);
	m = msg_new(&lim);
	msg_header(m, "From", " a@example.com");
	msg_eoh(m);
	msg_body(m, (const unsigned char *)"Gr\xc3\xb6\xc3\x9f" "e: 3\r\nnot a field\r\n", 25);
	msg_eom(m);
	tap_ok(m->nhdr == 2 && m->body_lines == 1 && m->body_8bit == 0,
	    "the header read from the body ends at a line that is no field, as in Postfix");
	msg_free(m);
	m = msg_new(&lim);
	msg_header(m, "From", " a@example.com");
	msg_eoh(m);
	msg_body(m, (const unsigned char *)"Gr\xc3\xb6\xc3\x9f" "e: 3", 10);
	msg_eom(m);
	tap_ok(m->nhdr == 2 && m->body_lines == 0, "a message that ends inside such a field");
	msg_free(m);
	m = body_in_chunks(longline, 100);
	tap_is_int((long)m->longest, 1200, "a 1200-octet line is measured across chunks");
	tap_is_int((long)m->long_lines, 1, "one line over 998");
	tap_is_int((long)m->longest_no, 2, "its line number counts the blank line after the header");
	msg_free(m);
	m = body_in_chunks("lf only\nsecond line\n", 3);
	tap_ok(m->body_lines == 2 && m->longest == 11, "bare LF line ends are measured too");
	msg_free(m);
	m = body_in_chunks("cr\r", 1);
	tap_ok(m->body_lines == 1 && m->longest == 2, "a final CR without LF is not counted in the length");
	msg_free(m);
	return tap_done();
}
