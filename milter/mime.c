/*
 * NAME
 *	mime - Content-Type, Content-Transfer-Encoding and
 *	Content-Disposition parsers
 * DESCRIPTION
 *	One function per grammar rule of RFC 2045 5.1 (content, parameter,
 *	value); comments and white space between tokens are skipped with
 *	lex_skip_cfws(). Nothing here knows about messages or facts: the
 *	MIME walker (mimewalk.c) and the structure check (mimecheck.c) both
 *	read header fields through these functions.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

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

/* RFC 2045 5.1: content := type "/" subtype *(";" parameter) */
const char *
mime_content_type(const char *s, size_t n, struct mime_ct *ct)
{
	struct mscan S = { s, n, 0 };
	char attr[64], val[MIME_MAX_PARAM];
	size_t a, b, k;
	const char *why;

	ct->type[0] = ct->boundary[0] = ct->charset[0] = '\0';
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
	if (b - a >= sizeof(ct->type))
		return "the media type is too long";
	for (k = 0; k < b - a; k++)
		ct->type[k] = (char)tolower((unsigned char)s[a + k]);
	ct->type[k] = '\0';
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
			memcpy(ct->boundary, val, strlen(val) + 1);
		else if (strcasecmp(attr, "charset") == 0) {
			if (strlen(val) < sizeof(ct->charset))
				memcpy(ct->charset, val, strlen(val) + 1);
			else
				ct->charset[0] = '\0';
		}
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

/* RFC 2045 6.1: mechanism := "7bit" / "8bit" / "binary" /
 * "quoted-printable" / "base64" / ietf-token / x-token */
enum mime_cte
mime_cte(const char *s, size_t n, char *name, size_t len, int *exact)
{
	static const char *const known[] = { "7bit", "8bit", "binary",
	    "quoted-printable", "base64" };
	size_t i, o = 0;

	*exact = 1;
	name[0] = '\0';
	if (s == NULL)
		return MIME_CTE_7BIT;
	for (i = 0; i < n && o + 1 < len; i++)
		if (!isspace((unsigned char)s[i]))
			name[o++] = s[i];
	name[o] = '\0';
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcasecmp(name, known[i]) == 0)
			return (enum mime_cte)i;
	*exact = strncasecmp(name, "x-", 2) == 0;
	if (strncasecmp(name, "quoted-printable", 16) == 0)
		return MIME_CTE_QP;
	if (strncasecmp(name, "base64", 6) == 0)
		return MIME_CTE_BASE64;
	return *exact ? MIME_CTE_XTOKEN : MIME_CTE_UNKNOWN;
}

/* RFC 2183 2: disposition := disposition-type *(";" disposition-parm) */
const char *
mime_disposition(const char *s, size_t n, char *out, size_t len)
{
	struct mscan S = { s, n, 0 };
	size_t a, k;

	out[0] = '\0';
	if (skip_cfws(&S) < 0)
		return "unterminated comment";
	a = S.i;
	if (token(&S) == 0)
		return "expected a disposition type";
	if (S.i - a >= len)
		return "the disposition type is too long";
	for (k = 0; k < S.i - a; k++)
		out[k] = (char)tolower((unsigned char)s[a + k]);
	out[k] = '\0';
	return NULL;
}
