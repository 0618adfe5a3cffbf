/*
 * make bench, part 2: the cost of all checks on a typical 30-header
 * message and on header blocks of 1000 and 5000 fields, in process (no
 * milter protocol). Prints nanoseconds per message and per header octet;
 * the per-octet cost of the big blocks divided by the 30-header one is
 * the linearity ratio (near 1: linear in header size).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "judge.h"
#include "mailfile.h"
#include "util.h"

static char *
message(int fields, size_t *len)
{
	struct sbuf b;
	int i;

	sbuf_init(&b, 64 * 1024 * 1024);
	sbuf_adds(&b, "From: Example News <news@example.com>\r\n"
	    "To: Someone <someone@example.net>\r\n"
	    "Date: Thu, 26 Nov 2026 06:00:00 +0000\r\n"
	    "Message-ID: <20261126060000.12345@example.com>\r\n"
	    "Subject: =?UTF-8?Q?Weekly_news?= for you\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "List-Unsubscribe: <https://example.com/u/abc>, <mailto:u@example.com>\r\n"
	    "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
	    "Reply-To: support@example.com\r\n");
	for (i = 10; i < fields; i++)
		sbuf_printf(&b, "X-Trace-%d: hop %d via relay-%d.example.net (id "
		    "%08x) for <someone@example.net>\r\n", i, i, i % 7, i * 2654435761u);
	sbuf_adds(&b, "\r\nHello.\r\n");
	*len = b.len;
	return b.s;
}

static double
run(const char *data, size_t len, int rounds, size_t *hdr_bytes)
{
	struct msg_limits lim = { 100000, 64 * 1024 * 1024, 100, NULL };
	static struct judgement j;
	struct judge_env env;
	struct timespec a, b;
	struct msg *m;
	int r;

	memset(&env, 0, sizeof(env));
	env.now = 1795672800;
	m = msg_new(&lim);
	msg_mail_from(m, "<bounce@example.com>");
	msg_rcpt(m, "<someone@example.net>");
	mailfile_feed(m, data, len, NULL);
	*hdr_bytes = m->hdr_bytes;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (r = 0; r < rounds; r++) {
		judge(&env, m, &j);
		judge_clear(&j);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	msg_free(m);
	return ((double)(b.tv_sec - a.tv_sec) * 1e9 +
	    (double)(b.tv_nsec - a.tv_nsec)) / rounds;
}

int
main(void)
{
	static const struct { int fields, rounds; } shapes[] = {
		{ 30, 20000 }, { 1000, 500 }, { 5000, 100 }
	};
	double ns, base = 0;
	size_t len, hb, i;
	char *data;

	printf("%-10s %12s %12s %14s %10s\n", "fields", "hdr octets",
	    "us/message", "ns/hdr octet", "vs 30");
	for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		data = message(shapes[i].fields, &len);
		ns = run(data, len, shapes[i].rounds, &hb);
		if (i == 0)
			base = ns / (double)hb;
		printf("%-10d %12zu %12.1f %14.2f %10.2f\n", shapes[i].fields, hb,
		    ns / 1000, ns / (double)hb, ns / (double)hb / base);
		free(data);
	}
	return 0;
}
