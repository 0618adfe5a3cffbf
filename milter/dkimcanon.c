/*
 * NAME
 *	dkimcanon - DKIM body canonicalisation, streaming (RFC 6376 3.4.3-3.4.4)
 * DESCRIPTION
 *	See dkimcanon.h. Two layers: feed() makes every line end CRLF the
 *	way libopendkim's FIXCRLF does, and hands octets and line ends to
 *	octet() and line_end(), which apply simple or relaxed. Runs of
 *	ordinary octets are copied whole.
 */
#include <stdint.h>
#include <string.h>

#include "dkimcanon.h"

static void
flush(struct dkimcanon *c)
{
	if (c->n > 0)
		c->out(c->arg, c->buf, c->n);
	c->n = 0;
}

static void
put(struct dkimcanon *c, const unsigned char *p, size_t n)
{
	size_t k;

	c->total += n;
	while (n > 0) {
		if (c->n == sizeof(c->buf))
			flush(c);
		k = sizeof(c->buf) - c->n;
		if (k > n)
			k = n;
		memcpy(c->buf + c->n, p, k);
		c->n += k;
		p += k;
		n -= k;
	}
}

static const unsigned char crlf[2] = { '\r', '\n' };

/* Before the first octet of a line: the empty lines held, the WSP held. */
static void
line_start(struct dkimcanon *c)
{
	for (; c->blank > 0; c->blank--)
		put(c, crlf, 2);
	if (c->wsp) {
		put(c, (const unsigned char *)" ", 1);
		c->wsp = 0;
	}
}

/* One octet of a line, not CR or LF. */
static void
octet(struct dkimcanon *c, unsigned char b)
{
	if (c->relaxed && (b == ' ' || b == '\t')) {
		c->wsp = 1;
		return;
	}
	if (!c->content || c->wsp)
		line_start(c);
	put(c, &b, 1);
	c->content = 1;
}

/* CRLF: trailing WSP goes (relaxed); an empty line waits to be seen. */
static void
line_end(struct dkimcanon *c)
{
	c->wsp = 0;
	if (c->content) {
		put(c, crlf, 2);
		c->content = 0;
	} else
		c->blank++;
}

void
dkimcanon_init(struct dkimcanon *c, int relaxed, dkimcanon_out *out,
    void *arg)
{
	memset(c, 0, sizeof(*c));
	c->relaxed = relaxed;
	c->out = out;
	c->arg = arg;
}

/*
 * Every octet that ends a run is below 0x0e (simple: CR, LF) or 0x21
 * (relaxed: and SP, HTAB): 8 octets at a time, a word without one below
 * that bound is all ordinary (the bit trick tests for an octet < n, n <=
 * 128, exactly as to whether there is one).
 */
#define ONES	UINT64_C(0x0101010101010101)
#define HIGHS	UINT64_C(0x8080808080808080)

static const unsigned char *
skip_words(const unsigned char *p, const unsigned char *end, unsigned bound)
{
	uint64_t w;

	while (end - p >= 8) {
		memcpy(&w, p, sizeof(w));
		if (((w - ONES * bound) & ~w & HIGHS) != 0)
			break;
		p += 8;
	}
	return p;
}

/* The octets that end a run of ordinary ones: [relaxed][octet]. */
static const unsigned char special[2][256] = {
	{ ['\r'] = 1, ['\n'] = 1 },
	{ ['\r'] = 1, ['\n'] = 1, [' '] = 1, ['\t'] = 1 },
};

void
dkimcanon_feed(struct dkimcanon *c, const unsigned char *p, size_t n)
{
	const unsigned char *end = p + n, *run;
	const unsigned char *stop = special[c->relaxed != 0];
	unsigned char b;

	while (p < end) {
		b = *p;
		if (c->cr && b != '\n') {
			/* a bare CR: FIXCRLF puts an LF after it */
			c->cr = 0;
			line_end(c);
		}
		if (b == '\n') {
			c->cr = 0;
			line_end(c);
			p++;
		} else if (b == '\r') {
			c->cr = 1;
			p++;
		} else if (!stop[b]) {
			run = skip_words(p + 1, end, c->relaxed ? 0x21 : 0x0e);
			for (; run < end && !stop[*run]; run++)
				;
			line_start(c);
			put(c, p, (size_t)(run - p));
			c->content = 1;
			p = run;
			continue;
		} else {
			octet(c, b);
			p++;
		}
	}
}

void
dkimcanon_end(struct dkimcanon *c)
{
	if (c->cr) {
		/* a CR last: content, as libopendkim keeps it */
		c->cr = 0;
		octet(c, '\r');
	}
	if (c->content) {
		put(c, crlf, 2);
		c->content = 0;
	}
	c->wsp = 0;
	c->blank = 0;
	if (!c->relaxed && c->total == 0)
		put(c, crlf, 2);
	flush(c);
}
