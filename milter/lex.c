/*
 * NAME
 *	lex - RFC 5322 3.2 lexical analysis, one function per ABNF rule
 * DESCRIPTION
 *	Each function takes the scanner and the current offset and returns
 *	the offset after what it consumed, or (size_t)-1 after setting err.
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"

#include "lex.h"

#define FAIL	((size_t)-1)

struct scan {
	struct lex	*L;
	const char	*s;
	size_t		 n;
};

static size_t
fail(struct scan *S, size_t at, const char *why)
{
	if (S->L->err == NULL) {
		S->L->err = why;
		S->L->errpos = at;
	}
	return FAIL;
}

int
lex_skip_cfws(const char *s, size_t n, size_t *i)
{
	int depth;

	for (;;) {
		while (*i < n && (s[*i] == ' ' || s[*i] == '\t' ||
		    s[*i] == '\r' || s[*i] == '\n'))
			(*i)++;
		if (*i >= n || s[*i] != '(')
			return 0;
		for (depth = 0; *i < n; (*i)++) {
			if (s[*i] == '\\' && *i + 1 < n)
				(*i)++;
			else if (s[*i] == '(')
				depth++;
			else if (s[*i] == ')' && --depth == 0)
				break;
		}
		if (*i >= n)
			return -1;
		(*i)++;
	}
}

/* RFC 5322 3.2.3: atext, plus UTF8-non-ascii (RFC 6532 3.2). */
int
lex_is_atext(unsigned char c)
{
	if (c >= 0x80)
		return 1;
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

static int
is_wsp(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/*
 * RFC 5322 3.2.2 FWS = ([*WSP CRLF] 1*WSP) / obs-FWS. A line break must
 * be followed by WSP; milters see LF, files may hold CRLF.
 */
static size_t
fws(struct scan *S, size_t i)
{
	int blank_line = 0;	/* only WSP since the last line break */

	for (;;) {
		if (i < S->n && is_wsp((unsigned char)S->s[i]))
			i++;
		else if (i + 1 < S->n && S->s[i] == '\n' &&
		    is_wsp((unsigned char)S->s[i + 1])) {
			if (blank_line)
				S->L->obs = 1;	/* obs-FWS: a line of WSP only */
			blank_line = 1;
			i++;
		} else if (i + 2 < S->n && S->s[i] == '\r' &&
		    S->s[i + 1] == '\n' && is_wsp((unsigned char)S->s[i + 2])) {
			if (blank_line)
				S->L->obs = 1;
			blank_line = 1;
			i += 2;
		} else
			return i;
	}
}

/* RFC 5322 3.2.1 quoted-pair = ("\" (VCHAR / WSP)) / obs-qp */
static size_t
quoted_pair(struct scan *S, size_t i)
{
	unsigned char c;

	if (i + 1 >= S->n)
		return fail(S, i, "backslash at the end");
	c = (unsigned char)S->s[i + 1];
	if (c == '\r' || c == '\n' || c == '\0')
		return fail(S, i, "backslash before a line break or NUL");
	if ((c < 0x20 && c != '\t') || c == 0x7f)
		S->L->obs = 1;		/* obs-qp */
	return i + 2;
}

/* RFC 5322 3.2.2 comment = "(" *([FWS] ccontent) [FWS] ")" */
static size_t
comment(struct scan *S, size_t i, int depth)
{
	unsigned char c;

	if (depth > LEX_MAX_COMMENT_DEPTH)
		return fail(S, i, "comments nested too deep");
	i++;
	for (;;) {
		i = fws(S, i);
		if (i >= S->n)
			return fail(S, i, "unterminated comment");
		c = (unsigned char)S->s[i];
		if (c == ')')
			return i + 1;
		if (c == '(') {
			if ((i = comment(S, i, depth + 1)) == FAIL)
				return FAIL;
		} else if (c == '\\') {
			if ((i = quoted_pair(S, i)) == FAIL)
				return FAIL;
		} else if (c == '\r' || c == '\n' || c == '\0')
			return fail(S, i, "line break or NUL in a comment");
		else {
			if ((c < 0x20 && c != '\t') || c == 0x7f)
				S->L->obs = 1;	/* obs-ctext */
			i++;
		}
	}
}

/* RFC 5322 3.2.2 CFWS; records whether a comment was seen. */
static size_t
cfws(struct scan *S, size_t i, int *had_comment)
{
	for (;;) {
		i = fws(S, i);
		if (i >= S->n || S->s[i] != '(')
			return i;
		*had_comment = 1;
		if ((i = comment(S, i, 0)) == FAIL)
			return FAIL;
	}
}

/* RFC 5322 3.2.4 quoted-string = [CFWS] DQUOTE *([FWS] qcontent) [FWS] DQUOTE */
static size_t
quoted_string(struct scan *S, size_t i)
{
	size_t start = i;
	unsigned char c;

	i++;
	for (;;) {
		i = fws(S, i);
		if (i >= S->n)
			return fail(S, start, "unterminated quoted string");
		c = (unsigned char)S->s[i];
		if (c == '"')
			break;
		if (c == '\\') {
			if ((i = quoted_pair(S, i)) == FAIL)
				return FAIL;
			continue;
		}
		if (c == '\r' || c == '\n' || c == '\0')
			return fail(S, i, "line break or NUL in a quoted string");
		if (c >= 0x80)
			S->L->eightbit = 1;
		else if ((c < 0x20 && c != '\t') || c == 0x7f)
			S->L->obs = 1;		/* obs-qtext */
		i++;
	}
	i++;
	if (lex_has_encoded_word(S->s + start, i - start))
		S->L->ew_in_qstring = 1;
	return i;
}

/* RFC 5322 3.4.1 domain-literal = [CFWS] "[" *([FWS] dtext) [FWS] "]" */
static size_t
domain_literal(struct scan *S, size_t i)
{
	unsigned char c;

	i++;
	for (;;) {
		i = fws(S, i);
		if (i >= S->n)
			return fail(S, i, "unterminated domain literal");
		c = (unsigned char)S->s[i];
		if (c == ']')
			return i + 1;
		if (c == '[' || c == '\\') {
			if (c == '[')
				return fail(S, i, "'[' inside a domain literal");
			S->L->obs = 1;		/* obs-dtext quoted-pair */
			if ((i = quoted_pair(S, i)) == FAIL)
				return FAIL;
			continue;
		}
		if (c < 0x21 || c == 0x7f)
			return fail(S, i, "control character in a domain literal");
		if (c >= 0x80)
			S->L->eightbit = 1;
		i++;
	}
}

static int
push(struct scan *S, int type, size_t from, size_t to, int cf, int cm)
{
	struct token *t;

	if (S->L->n == LEX_MAX_TOKENS) {
		fail(S, from, "too many tokens");
		return -1;
	}
	if (S->L->n == S->L->cap) {
		S->L->cap = S->L->cap ? S->L->cap * 2 : 32;
		S->L->tok = xrealloc(S->L->tok, S->L->cap * sizeof(*t));
	}
	t = &S->L->tok[S->L->n++];
	t->type = type;
	t->s = S->s + from;
	t->len = to - from;
	t->cfws_before = cf;
	t->comment_before = cm;
	return 0;
}

void
lex_init(struct lex *L)
{
	memset(L, 0, sizeof(*L));
}

void
lex_clear(struct lex *L)
{
	free(L->tok);
	memset(L, 0, sizeof(*L));
}

int
lex_scan(struct lex *L, const char *s, size_t n)
{
	struct scan S = { L, s, n };
	size_t i = 0, j;
	int cm, type;
	unsigned char c;

	L->n = 0;
	L->err = NULL;
	L->errpos = 0;
	L->eightbit = L->obs = L->ew_in_qstring = L->trailing_cfws = 0;
	for (;;) {
		cm = 0;
		if ((j = cfws(&S, i, &cm)) == FAIL)
			return -1;
		if (j >= n) {
			L->trailing_cfws = j > i;
			return 0;
		}
		c = (unsigned char)s[j];
		if (c == '"') {
			type = T_QSTRING;
			if ((i = quoted_string(&S, j)) == FAIL)
				return -1;
		} else if (c == '[') {
			type = T_DLITERAL;
			if ((i = domain_literal(&S, j)) == FAIL)
				return -1;
		} else if (lex_is_atext(c)) {
			type = T_ATOM;
			for (i = j; i < n && lex_is_atext((unsigned char)s[i]);
			    i++)
				if ((unsigned char)s[i] >= 0x80)
					L->eightbit = 1;
		} else if (c != '\0' && strchr("<>:;@,.", c) != NULL) {
			type = T_SPECIAL;
			i = j + 1;
		} else {
			fail(&S, j, c == ')' ? "')' without '('" :
			    c == '\\' ? "backslash outside a quoted string" :
			    c == '\n' || c == '\r' ?
			    "line break not followed by white space" :
			    "control character");
			return -1;
		}
		if (push(&S, type, j, i, j > (L->n ? (size_t)(L->tok[L->n - 1].s
		    + L->tok[L->n - 1].len - s) : 0), cm) < 0)
			return -1;
	}
}

/*
 * Returns 1 when s holds an RFC 2047 encoded-word anywhere:
 * "=?" charset "?" ("B" / "Q") "?" encoded-text "?="
 */
int
lex_has_encoded_word(const char *s, size_t n)
{
	size_t i, j;

	for (i = 0; i + 8 <= n; i++) {
		if (s[i] != '=' || s[i + 1] != '?')
			continue;
		for (j = i + 2; j < n && s[j] != '?' && s[j] > ' '; j++)
			;
		if (j == i + 2 || j + 3 >= n || s[j] != '?' || s[j + 1] == '\0' ||
		    strchr("BbQq", s[j + 1]) == NULL || s[j + 2] != '?')
			continue;
		for (j += 3; j + 1 < n && s[j] != '?' && s[j] > ' '; j++)
			;
		if (j + 1 < n && s[j] == '?' && s[j + 1] == '=')
			return 1;
	}
	return 0;
}

