/*
 * NAME
 *	mime - Content-Type parsing and the mime.structure fact
 * DESCRIPTION
 *	mime.structure names the first of: Content-Type or
 *	Content-Transfer-Encoding without MIME-Version; MIME-Version other
 *	than 1.0; more than one Content-Type; Content-Type syntax; a
 *	multipart type without a valid boundary; a multipart body without
 *	its delimiter or close-delimiter line; an unknown transfer encoding,
 *	or base64/quoted-printable on a multipart; 8-bit body octets without
 *	BODY=8BITMIME (RFC 6152). Only the top level is checked.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "lex.h"
#include "mime.h"

struct mscan {
	const char	*s;
	size_t		 n;
	size_t		 i;
};

/* RFC 2045 5.1 tspecials */
static int
is_token(unsigned char c)
{
	return c > 32 && c < 127 && strchr("()<>@,;:\\\"/[]?=", c) == NULL;
}

static int
skip_cfws(struct mscan *S)
{
	return lex_skip_cfws(S->s, S->n, &S->i);
}

static size_t
token(struct mscan *S)
{
	size_t start = S->i;

	while (S->i < S->n && is_token((unsigned char)S->s[S->i]))
		S->i++;
	return S->i - start;
}

/* value = token / quoted-string; copies the unquoted value */
static const char *
value(struct mscan *S, char *out, size_t len)
{
	size_t o = 0, start = S->i;

	if (S->i < S->n && S->s[S->i] == '"') {
		for (S->i++; S->i < S->n && S->s[S->i] != '"'; S->i++) {
			if (S->s[S->i] == '\\' && S->i + 1 < S->n)
				S->i++;
			if (o + 1 < len)
				out[o++] = S->s[S->i];
			else
				return "a parameter value is too long";
		}
		if (S->i >= S->n)
			return "unterminated quoted parameter value";
		S->i++;
	} else {
		if (token(S) == 0)
			return "expected a parameter value";
		if (S->i - start >= len)
			return "a parameter value is too long";
		memcpy(out, S->s + start, S->i - start);
		o = S->i - start;
	}
	out[o] = '\0';
	return NULL;
}

const char *
mime_content_type(const char *s, size_t n, char *type, size_t typelen,
    char *boundary, size_t blen)
{
	struct mscan S = { s, n, 0 };
	char attr[64], val[256];
	size_t a, b, k;
	const char *why;

	type[0] = boundary[0] = '\0';
	if (skip_cfws(&S) < 0)
		return "unterminated comment";
	a = S.i;
	if (token(&S) == 0)
		return "expected a media type";
	if (S.i >= S.n || S.s[S.i] != '/')
		return "expected '/' after the media type";
	S.i++;
	if (token(&S) == 0)
		return "expected a subtype after '/'";
	b = S.i;
	if (b - a >= typelen)
		return "the media type is too long";
	for (k = 0; k < b - a; k++)
		type[k] = (char)tolower((unsigned char)s[a + k]);
	type[k] = '\0';
	for (;;) {
		if (skip_cfws(&S) < 0)
			return "unterminated comment";
		if (S.i >= S.n)
			return NULL;
		if (S.s[S.i] != ';')
			return "expected ';' before a parameter";
		S.i++;
		if (skip_cfws(&S) < 0)
			return "unterminated comment";
		if (S.i >= S.n)
			return NULL;	/* a trailing ';' is common and harmless */
		a = S.i;
		if (token(&S) == 0)
			return "expected a parameter name";
		snprintf(attr, sizeof(attr), "%.*s", (int)(S.i - a), s + a);
		if (skip_cfws(&S) < 0)
			return "unterminated comment";
		if (S.i >= S.n || S.s[S.i] != '=')
			return "expected '=' after a parameter name";
		S.i++;
		if (skip_cfws(&S) < 0)
			return "unterminated comment";
		if ((why = value(&S, val, sizeof(val))) != NULL)
			return why;
		if (strcasecmp(attr, "boundary") == 0)
			snprintf(boundary, blen, "%s", val);
	}
}

/* RFC 2046 5.1.1 bchars */
const char *
mime_boundary_ok(const char *b)
{
	size_t i, n = strlen(b);

	if (n == 0)
		return "the boundary is empty";
	if (n > SL_MAX_MIME_BOUNDARY)
		return "the boundary is longer than 70 characters";
	if (b[n - 1] == ' ')
		return "the boundary ends in a space";
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)b[i]) &&
		    strchr("'()+_,-./:=? ", b[i]) == NULL)
			return "the boundary has a character RFC 2046 does not "
			    "allow";
	return NULL;
}

static const char *
cte_problem(const struct msg *m, const char *type)
{
	static const char *const known[] = { "7bit", "8bit", "binary",
	    "quoted-printable", "base64", NULL };
	const struct header *h = msg_find_header(m, "Content-Transfer-Encoding");
	char v[64];
	size_t i, o = 0;

	if (h == NULL)
		return NULL;
	for (i = 0; i < h->valuelen && o + 1 < sizeof(v); i++)
		if (!isspace((unsigned char)h->value[i]))
			v[o++] = h->value[i];
	v[o] = '\0';
	for (i = 0; known[i] != NULL; i++)
		if (strcasecmp(v, known[i]) == 0)
			break;
	if (known[i] == NULL && strncasecmp(v, "x-", 2) != 0)
		return "Content-Transfer-Encoding is not 7bit, 8bit, binary, "
		    "quoted-printable or base64";
	if (strncmp(type, "multipart/", 10) == 0 && i >= 3 && known[i] != NULL)
		return "a multipart body cannot be base64 or quoted-printable "
		    "encoded";
	return NULL;
}

static const char *
structure(struct checkrun *cr, char *buf, size_t len)
{
	const struct msg *m = cr->m;
	const struct header *ct = msg_find_header(m, "Content-Type");
	const struct header *mv = msg_find_header(m, "MIME-Version");
	char type[MIME_MAX_TYPE], boundary[256], v[16];
	const char *why, *body;
	size_t i, o = 0;
	int present;

	if ((ct || msg_find_header(m, "Content-Transfer-Encoding")) && !mv)
		return "Content-Type or Content-Transfer-Encoding without "
		    "MIME-Version";
	if (mv != NULL) {
		for (i = 0; i < mv->valuelen && o + 1 < sizeof(v); i++)
			if (!isspace((unsigned char)mv->value[i]))
				v[o++] = mv->value[i];
		v[o] = '\0';
		if (strncmp(v, "1.0", 3) != 0 || (v[3] != '\0' && v[3] != '('))
			return "MIME-Version is not 1.0";
	}
	if (msg_count_header(m, "Content-Type") > 1)
		return "more than one Content-Type field";
	type[0] = '\0';
	if (ct != NULL && (why = mime_content_type(ct->value, ct->valuelen,
	    type, sizeof(type), boundary, sizeof(boundary))) != NULL) {
		snprintf(buf, len, "Content-Type: %s", why);
		return buf;
	}
	if (strncmp(type, "multipart/", 10) == 0) {
		if (boundary[0] == '\0')
			return "multipart Content-Type without a boundary";
		if ((why = mime_boundary_ok(boundary)) != NULL)
			return why;
		if (m->mime_delims == 0)
			return "the body has no --boundary delimiter line";
		if (m->mime_close == 0)
			return "the body has no closing --boundary-- line";
	}
	if ((why = cte_problem(m, type)) != NULL)
		return why;
	body = msg_esmtp_get(m, "BODY", &present);
	if (m->body_8bit && (!present || body == NULL ||
	    (strcasecmp(body, "8BITMIME") != 0 &&
	    strcasecmp(body, "BINARYMIME") != 0)))
		return "the body has 8-bit bytes but MAIL FROM had no "
		    "BODY=8BITMIME";
	return NULL;
}

void
mime_check(struct checkrun *cr)
{
	char buf[SL_MAX_DETAIL];
	const char *why = structure(cr, buf, sizeof(buf));

	fact_set(cr->fs, "mime.structure", why ? FACT_TRUE : FACT_FALSE, 0,
	    "%s", why ? why : "");
}
