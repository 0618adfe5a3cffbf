/*
 * NAME
 *	listurl - RFC 2369 section 2 list of <URL>s
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "lex.h"
#include "listurl.h"

struct uscan {
	const char	*s;
	size_t		 n;
	size_t		 i;
	struct urllist	*out;
};

static void
uerr(struct uscan *S, const char *why)
{
	if (S->out->err)
		return;
	S->out->err = 1;
	if (S->i < S->n)
		snprintf(S->out->why, sizeof(S->out->why), "%s at \"%.*s\"",
		    why, (int)(S->n - S->i > 16 ? 16 : S->n - S->i),
		    S->s + S->i);
	else
		snprintf(S->out->why, sizeof(S->out->why), "%s at the end",
		    why);
}

/* CFWS: white space, folds and (nested) comments. Returns -1 on error. */
static int
cfws(struct uscan *S)
{
	if (lex_skip_cfws(S->s, S->n, &S->i) < 0) {
		uerr(S, "unterminated comment");
		return -1;
	}
	return 0;
}

/* "<" URL ">" with the URL's white space dropped */
static int
angle_url(struct uscan *S)
{
	struct listurl *u = S->out->n < LISTURL_MAX ? &S->out->u[S->out->n] :
	    NULL;
	size_t o = 0, k;
	unsigned char c;

	if (S->i >= S->n || S->s[S->i] != '<') {
		uerr(S, "expected '<'");
		return -1;
	}
	S->i++;
	for (; S->i < S->n && S->s[S->i] != '>'; S->i++) {
		c = (unsigned char)S->s[S->i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (c < 0x21 || c == 0x7f || c == '<') {
			uerr(S, "bad character in a URL");
			return -1;
		}
		if (u != NULL && o < LISTURL_LEN)
			u->url[o++] = (char)c;
	}
	if (S->i >= S->n) {
		uerr(S, "expected '>'");
		return -1;
	}
	S->i++;
	S->out->total++;
	if (u == NULL)
		return 0;
	u->url[o] = '\0';
	/* RFC 3986 3.1 scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
	for (k = 0; k < o && k < sizeof(u->scheme) - 1; k++) {
		c = (unsigned char)u->url[k];
		if (c == ':')
			break;
		if (!(isalpha(c) || (k > 0 && (isdigit(c) || c == '+' ||
		    c == '-' || c == '.'))))
			break;
		u->scheme[k] = (char)tolower(c);
	}
	if (k == 0 || k >= o || u->url[k] != ':') {
		S->i--;
		uerr(S, "a URL without a scheme");
		return -1;
	}
	u->scheme[k] = '\0';
	S->out->n++;
	return 0;
}

void
listurl_parse(const char *s, size_t n, struct urllist *out)
{
	struct uscan S = { s, n, 0, out };

	memset(out, 0, sizeof(*out));
	if (cfws(&S) < 0)
		return;
	if (S.i >= S.n) {
		uerr(&S, "no URL");
		return;
	}
	for (;;) {
		if (angle_url(&S) < 0 || cfws(&S) < 0)
			return;
		if (S.i >= S.n)
			return;
		if (S.s[S.i] != ',') {
			uerr(&S, "expected ','");
			return;
		}
		S.i++;
		if (cfws(&S) < 0)
			return;
	}
}
