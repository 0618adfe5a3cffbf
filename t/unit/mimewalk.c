/*
 * mimewalk: the parts, decoded content and counts (delimiters, mislabeled
 * parts) a recording observer sees, for every way of cutting the body into two chunks and
 * for chunks of 1 to 3 octets. Every chunk is a copy without a trailing
 * NUL. Cases: single parts (none, quoted-printable, base64), nested
 * multiparts with CRLF and with bare LF, boundary lines with padding, a
 * missing close delimiter, a final line without line end, long lines,
 * a bad Content-Type, an invalid inner boundary, the depth limit, and
 * the parts whose 7-bit label their 8-bit content contradicts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mimewalk.h"
#include "tap.h"

#define TRACE_MAX	(64 * 1024)

struct rec {
	char	 s[TRACE_MAX];
	size_t	 n;
};

static void
rec_add(struct rec *r, const char *s, size_t n)
{
	if (n > sizeof(r->s) - 1 - r->n)
		n = sizeof(r->s) - 1 - r->n;
	memcpy(r->s + r->n, s, n);
	r->n += n;
	r->s[r->n] = '\0';
}

static int
rec_start(void *arg, const struct mimepart *p)
{
	char b[256];

	snprintf(b, sizeof(b), "<%s|%s|%s|%d|%d>", p->type, p->charset,
	    p->disposition, (int)p->cte, p->depth);
	rec_add(arg, b, strlen(b));
	return 1;
}

static void
rec_data(void *arg, const char *s, size_t n)
{
	rec_add(arg, s, n);
}

static void
rec_end(void *arg)
{
	rec_add(arg, "</>", 3);
}

static const struct mimewalk_ops rec_ops = { rec_start, rec_data, rec_end };

/* An observer that wants no content: it must be given none. */
static int
idle_start(void *arg, const struct mimepart *p)
{
	(void)p;
	(*(int *)arg)++;
	return 0;
}

static void
idle_data(void *arg, const char *s, size_t n)
{
	(void)s;
	(void)n;
	*(int *)arg = -1000;
}

static const struct mimewalk_ops idle_ops = { idle_start, idle_data, NULL };

struct tcase {
	const char	*name;
	const char	*ct;		/* top-level field bodies, or NULL */
	const char	*cte;
	const char	*body;		/* '#': 1100 'x' octets */
	const char	*trace;
	unsigned long	 delims, closes;
	unsigned long	 mislabeled;	/* 8-bit parts labelled 7bit, QP, base64 */
};

#define NESTED_CRLF \
	"preamble\r\n" \
	"--b1\r\n" \
	"Content-Type: text/plain; charset=\"utf-8\"\r\n" \
	"Content-Transfer-Encoding: quoted-printable\r\n" \
	"\r\n" \
	"caf=C3=A9 un=\r\n" \
	"subscribe=3D\r\n" \
	"--b1 \t\r\n" \
	"Content-Type: multipart/alternative;\r\n" \
	"\tboundary=\"b2\"\r\n" \
	"\r\n" \
	"--b2\r\n" \
	"\r\n" \
	"plain\r\n" \
	"--b2\r\n" \
	"Content-Type: text/html; charset=us-ascii\r\n" \
	"Content-Disposition: INLINE; filename=x\r\n" \
	"Content-Transfer-Encoding: base64\r\n" \
	"\r\n" \
	"PGE+aGk8\r\n" \
	"L2E+\r\n" \
	"--b2--\r\n" \
	"inner epilogue\r\n" \
	"--b1--\r\n" \
	"epilogue\r\n"

#define NESTED_TRACE \
	"<text/plain|utf-8||3|1>caf\xc3\xa9 unsubscribe=\n</>" \
	"<|||0|2>plain\n</>" \
	"<text/html|us-ascii|inline|4|2><a>hi</a></>"

static const struct tcase cases[] = {
	{ "no Content-Type: one text part, lines end in LF", NULL, NULL,
	    "hello\r\nworld\r\n", "<|||0|0>hello\nworld\n</>", 0, 0, 0 },
	{ "a final line without line end still ends in LF", NULL, NULL,
	    "a\r\nlast", "<|||0|0>a\nlast\n</>", 0, 0, 0 },
	{ "quoted-printable: escapes and soft line breaks",
	    "text/plain; charset=ISO-8859-1", " Quoted-Printable ",
	    "=41=3d=\r\nb =\r\nc\r\n=ZZ\r\n",
	    "<text/plain|ISO-8859-1||3|0>A=b c\n=ZZ\n</>", 0, 0, 0 },
	{ "base64: bits carried across lines, no line ends added",
	    "text/plain", "base64", "aGVs\r\nbG8g\r\nd29y\r\nbGQ=\r\n",
	    "<text/plain|||4|0>hello world</>", 0, 0, 0 },
	{ "nested multipart with CRLF", "multipart/mixed; boundary=b1", NULL,
	    NESTED_CRLF, NESTED_TRACE, 2, 1, 0 },
	{ "a line over the line buffer comes whole", NULL, NULL, "#\r\nend\r\n",
	    "<|||0|0>#\nend\n</>", 0, 0, 0 },
	{ "missing close delimiter: the part ends with the body",
	    "multipart/mixed; boundary=\"b1\"", NULL,
	    "--b1\r\n\r\ntext\r\n", "<|||0|1>text\n</>", 1, 0, 0 },
	{ "a line that only starts with the boundary ends the part, uncounted",
	    "multipart/mixed; boundary=b1", NULL,
	    "--b1\r\n\r\nx\r\n--b1x\r\n--b1--\r\n", "<|||0|1>x\n</>", 1, 1, 0 },
	{ "an invalid inner boundary makes a leaf of the multipart",
	    "multipart/mixed; boundary=b1", NULL,
	    "--b1\r\nContent-Type: multipart/mixed; boundary=\"bad \"\r\n\r\n"
	    "--bad \r\n--b1--\r\n",
	    "<multipart/mixed|||0|1>--bad \n</>", 1, 1, 0 },
	{ "a Content-Type that does not parse", "text/plain; charset", NULL,
	    "x\r\n", "<application/x-bad|||0|0>x\n</>", 0, 0, 0 },
	{ "an unknown transfer encoding is passed through", NULL, "x-uuencode",
	    "=41\r\n", "<|||5|0>=41\n</>", 0, 0, 0 },
	{ "8-bit octets in labelled parts are counted, in the default and 8bit not",
	    "multipart/mixed; boundary=b1", NULL,
	    "pre\xe9\r\n--b1\r\nContent-Type: text/plain\r\n\r\nd\xe9\r\n"
	    "--b1\r\nContent-Transfer-Encoding: 8bit\r\n\r\ne\xe9\r\n"
	    "--b1\r\nContent-Transfer-Encoding: 7bit\r\n\r\nf\xe9\xe9\r\n"
	    "--b1\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n#\xe9\r\n"
	    "--b1--\r\nepi\xe9\r\n",
	    "<text/plain|||0|1>d\xe9\n</><|||1|1>e\xe9\n</><|||0|1>f\xe9\xe9\n</>"
	    "<text/html|||3|1>#\xe9\n</>", 4, 1, 2 },
	{ "a top-level 7bit label", NULL, "7bit", "a\r\n#\xff\r\n",
	    "<|||0|0>a\n#\xff\n</>", 0, 0, 1 },
	{ "no label at the top: the 7bit default", NULL, NULL, "a\xff\r\n",
	    "<|||0|0>a\xff\n</>", 0, 0, 0 },
};

/* Feeds body cut at the given offsets, each piece a fresh exact copy. */
static void
walk(const struct tcase *c, const char *body, size_t len, const size_t *cuts,
    size_t ncuts, struct rec *r, unsigned long *d, unsigned long *cl,
    unsigned long *ml)
{
	struct mimepart first;
	struct mimewalk *w = mimewalk_new();
	size_t i, from = 0, to;
	char *piece;

	r->n = 0;
	r->s[0] = '\0';
	mimewalk_observe(w, &rec_ops, r);
	mimewalk_begin(w, c->ct, c->ct ? strlen(c->ct) : 0, c->cte,
	    c->cte ? strlen(c->cte) : 0, NULL, 0);
	for (i = 0; i <= ncuts; i++) {
		to = i < ncuts ? cuts[i] : len;
		piece = malloc(to - from ? to - from : 1);
		memcpy(piece, body + from, to - from);
		mimewalk_body(w, (unsigned char *)piece, to - from);
		free(piece);
		from = to;
	}
	mimewalk_end(w);
	*d = mimewalk_delims(w);
	*cl = mimewalk_closes(w);
	*ml = mimewalk_mislabeled(w, &first);
	mimewalk_free(w);
}

/* Runs one case every way; returns 1 when all agree with the table. */
static int
run(const struct tcase *c, const char *body, size_t len, const char *want,
    char *why, size_t whylen)
{
	static struct rec r;
	static size_t cuts[TRACE_MAX];
	size_t k, step, n;
	unsigned long d, cl, ml;

	for (k = 0; k <= len; k++) {
		walk(c, body, len, &k, 1, &r, &d, &cl, &ml);
		if (strcmp(r.s, want) != 0 || d != c->delims ||
		    cl != c->closes || ml != c->mislabeled) {
			snprintf(why, whylen, "cut at %zu: trace \"%s\" delims "
			    "%lu closes %lu mislabeled %lu", k, r.s, d, cl, ml);
			return 0;
		}
	}
	for (step = 1; step <= 3; step++) {
		for (n = 0, k = step; k < len && n < TRACE_MAX; k += step)
			cuts[n++] = k;
		walk(c, body, len, cuts, n, &r, &d, &cl, &ml);
		if (strcmp(r.s, want) != 0 || d != c->delims ||
		    cl != c->closes || ml != c->mislabeled) {
			snprintf(why, whylen, "chunks of %zu: trace \"%s\" "
			    "delims %lu closes %lu mislabeled %lu", step, r.s,
			    d, cl, ml);
			return 0;
		}
	}
	return 1;
}

static char *
expand(const char *t, size_t *len)
{
	size_t n = 0, cap = 256, k;
	char *out = malloc(cap);

	for (; *t != '\0'; t++)
		for (k = 0; k < (*t == '#' ? 1100u : 1u); k++)
			tap_push(&out, &n, &cap, *t == '#' ? 'x' : *t);
	tap_push(&out, &n, &cap, '\0');
	*len = n - 1;
	return out;
}

static void
no_begin(void)
{
	struct mimewalk *w = mimewalk_new();

	tap_is_int((long)mimewalk_delims(NULL), 0, "no walker: no delimiters");
	mimewalk_body(w, (const unsigned char *)"--b\n", 4);
	mimewalk_end(w);
	tap_is_int((long)mimewalk_closes(w), 0,
	    "a body before mimewalk_begin() is ignored");
	mimewalk_free(w);
}

/* CRLF -> LF in a NUL-terminated copy */
static char *
lf_only(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	for (; *s != '\0'; s++)
		if (!(s[0] == '\r' && s[1] == '\n'))
			*o++ = *s;
	*o = '\0';
	return out;
}

static void
depth_limit(void)
{
	static char body[8192], want[512];
	struct tcase c = { "depth", "multipart/mixed; boundary=b0", NULL,
	    body, want, 1, 1, 0 };
	static char why[TRACE_MAX + 128];
	size_t o = 0;
	int i;

	/* b0 and seven nested boundaries are followed; b8 is a leaf */
	o += (size_t)snprintf(body + o, sizeof(body) - o, "--b0\r\n");
	for (i = 1; i <= SL_MAX_MIME_DEPTH; i++)
		o += (size_t)snprintf(body + o, sizeof(body) - o,
		    "Content-Type: multipart/mixed; boundary=b%d\r\n\r\n"
		    "--b%d\r\n", i, i);
	o += (size_t)snprintf(body + o, sizeof(body) - o, "\r\ndeep\r\n--b0--\r\n");
	snprintf(want, sizeof(want), "<multipart/mixed|||0|%d>--b%d\n\ndeep\n</>",
	    SL_MAX_MIME_DEPTH, SL_MAX_MIME_DEPTH);
	if (!tap_ok(run(&c, body, o, want, why, sizeof(why)),
	    "nesting deeper than SL_MAX_MIME_DEPTH: the innermost multipart "
	    "is a leaf"))
		printf("#   %s\n#   want \"%s\"\n", why, want);
}

static void
idle_observer(void)
{
	struct mimewalk *w = mimewalk_new();
	const char *ct = "multipart/mixed; boundary=b1";
	char *body = lf_only(NESTED_CRLF);
	size_t len;
	char *p = tap_exact(body, &len);
	int starts = 0;

	mimewalk_observe(w, &idle_ops, &starts);
	mimewalk_begin(w, ct, strlen(ct), NULL, 0, NULL, 0);
	mimewalk_body(w, (unsigned char *)p, len);
	mimewalk_end(w);
	tap_is_int(starts, 3, "an observer that wants no content sees every "
	    "part start and no data");
	tap_is_int((long)mimewalk_delims(w), 2, "LF-only delimiters counted");
	mimewalk_free(w);
	free(p);
	free(body);
}

int
main(void)
{
	static char why[TRACE_MAX + 128];
	char name[256], *body, *lf, *want;
	size_t i, len, wlen;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		want = expand(cases[i].trace, &wlen);
		body = expand(cases[i].body, &len);
		if (!tap_ok(run(&cases[i], body, len, want, why, sizeof(why)),
		    cases[i].name))
			printf("#   %s\n#   want \"%s\"\n", why, want);
		free(body);
		lf = lf_only(cases[i].body);
		body = expand(lf, &len);
		free(lf);
		snprintf(name, sizeof(name), "%s (LF only)", cases[i].name);
		if (!tap_ok(run(&cases[i], body, len, want, why, sizeof(why)),
		    name))
			printf("#   %s\n#   want \"%s\"\n", why, want);
		free(body);
		free(want);
	}
	depth_limit();
	idle_observer();
	no_begin();
	return tap_done();
}
