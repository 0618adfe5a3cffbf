/*
 * DKIM body canonicalisation (dkimcanon.c) against RFC 6376 3.4.3-3.4.5
 * and libopendkim's FIXCRLF: each input, whole, then in every split into
 * two chunks, then one octet at a time, must give the expected octets.
 * Inputs are copied without a trailing NUL so valgrind sees overreads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dkimcanon.h"
#include "tap.h"

struct out {
	char	 s[1024];
	size_t	 n;
};

static void
collect(void *arg, const unsigned char *p, size_t n)
{
	struct out *o = arg;

	if (o->n + n <= sizeof(o->s)) {
		memcpy(o->s + o->n, p, n);
		o->n += n;
	} else
		o->n = sizeof(o->s) + 1;
}

static const struct {
	const char	*in;
	const char	*simple;
	const char	*relaxed;
	const char	*what;
} cases[] = {
	{ " C \r\nD \t E\r\n\r\n\r\n", " C \r\nD \t E\r\n", " C\r\nD E\r\n",
	  "RFC 6376 3.4.5 example body" },
	{ "", "\r\n", "", "empty body" },
	{ "\r\n\r\n", "\r\n", "", "only empty lines" },
	{ "abc", "abc\r\n", "abc\r\n", "no CRLF at the end: one added" },
	{ "a\nb\n\n", "a\r\nb\r\n", "a\r\nb\r\n", "bare LF made CRLF" },
	{ "a\rb\r\n", "a\r\nb\r\n", "a\r\nb\r\n", "bare CR gets an LF" },
	{ "a\r", "a\r\r\n", "a\r\r\n", "a CR last is kept" },
	{ "  \t\r\n\r\nx\r\n", "  \t\r\n\r\nx\r\n", "\r\n\r\nx\r\n",
	  "a WSP-only line is empty in relaxed, kept before content" },
	{ "x\r\n \t \r\n\r\n", "x\r\n \t \r\n", "x\r\n",
	  "a WSP-only line at the end goes in relaxed" },
	{ "\tlead  mid\t\ttrail \t\r\n", "\tlead  mid\t\ttrail \t\r\n",
	  " lead mid trail\r\n", "leading, inner, trailing WSP" },
	{ "x  ", "x  \r\n", "x\r\n", "trailing WSP without CRLF" },
	{ "a\r\n\r\nb", "a\r\n\r\nb\r\n", "a\r\n\r\nb\r\n",
	  "an empty line inside stays" },
	{ "abcdefghijklmnop qrstuvwxyz0123456789\tABCDEFGHIJ  KLMNOPQRSTU\r\n"
	  "0123456789abcdef0123456789abcdef\r0123456789abcdef\n",
	  "abcdefghijklmnop qrstuvwxyz0123456789\tABCDEFGHIJ  KLMNOPQRSTU\r\n"
	  "0123456789abcdef0123456789abcdef\r\n0123456789abcdef\r\n",
	  "abcdefghijklmnop qrstuvwxyz0123456789 ABCDEFGHIJ KLMNOPQRSTU\r\n"
	  "0123456789abcdef0123456789abcdef\r\n0123456789abcdef\r\n",
	  "long runs, WSP, bare CR and LF at any offset from a word" },
	{ "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\x01\x0b\x0c\x7f\xff\xc3\xa9 \t"
	  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\r\n",
	  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\x01\x0b\x0c\x7f\xff\xc3\xa9 \t"
	  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\r\n",
	  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\x01\x0b\x0c\x7f\xff\xc3\xa9 "
	  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\r\n",
	  "8-bit and control octets in long runs are ordinary" },
};

static int
run(const char *in, size_t len, int relaxed, size_t split, int bytewise,
    const char *want)
{
	struct dkimcanon *c = malloc(sizeof(*c));
	struct out o = { .n = 0 };
	unsigned char *copy = malloc(len + 1);
	size_t i;
	int same;

	memcpy(copy, in, len);
	dkimcanon_init(c, relaxed, collect, &o);
	if (bytewise)
		for (i = 0; i < len; i++)
			dkimcanon_feed(c, copy + i, 1);
	else {
		dkimcanon_feed(c, copy, split);
		dkimcanon_feed(c, copy + split, len - split);
	}
	dkimcanon_end(c);
	same = o.n == strlen(want) && memcmp(o.s, want, o.n) == 0;
	free(copy);
	free(c);
	return same;
}

int
main(void)
{
	char name[256];
	size_t i, len, split;
	int r, ok;
	const char *want;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		for (r = 0; r <= 1; r++) {
			len = strlen(cases[i].in);
			want = r ? cases[i].relaxed : cases[i].simple;
			ok = run(cases[i].in, len, r, len, 0, want);
			for (split = 0; split < len; split++)
				ok &= run(cases[i].in, len, r, split, 0, want);
			ok &= run(cases[i].in, len, r, 0, 1, want);
			snprintf(name, sizeof(name), "%s: %s, whole and in "
			    "chunks", r ? "relaxed" : "simple", cases[i].what);
			tap_ok(ok, name);
		}
	return tap_done();
}
