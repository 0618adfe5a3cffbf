/*
 * NAME
 *	dmarcrec - DMARC record grammar (RFC 7489 6.4, RFC 9989 4.7)
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dmarcrec.h"
#include "limits.h"

/* why = msg, then the offending text in quotes when there is one */
static int
fail(struct dmarcrec *r, const char *msg, const char *a, size_t alen)
{
	if (a == NULL)
		snprintf(r->why, sizeof(r->why), "%s", msg);
	else
		snprintf(r->why, sizeof(r->why), "%s \"%.*s\"", msg,
		    (int)(alen > 40 ? 40 : alen), a);
	return -1;
}

static int
is(const char *v, size_t n, const char *word)
{
	return strlen(word) == n && strncasecmp(v, word, n) == 0;
}

static int
policy(const char *v, size_t n)
{
	if (is(v, n, "none"))
		return DMARC_NONE;
	if (is(v, n, "quarantine"))
		return DMARC_QUARANTINE;
	if (is(v, n, "reject"))
		return DMARC_REJECT;
	return -1;
}

/*
 * The next item of a sep-separated list from *i: [*start, *end) with the
 * white space around it trimmed; *i moves past the separator.
 */
static void
item(const char *s, size_t n, size_t *i, char sep, size_t *start,
    size_t *end)
{
	while (*i < n && isspace((unsigned char)s[*i]))
		(*i)++;
	*start = *i;
	while (*i < n && s[*i] != sep)
		(*i)++;
	*end = *i;
	while (*end > *start && isspace((unsigned char)s[*end - 1]))
		(*end)--;
	if (*i < n)
		(*i)++;
}

/* RFC 7489 6.4 dmarc-uri list: mailto URIs, optional "!" size */
static int
uri_list(const char *v, size_t n, int *count)
{
	size_t i = 0, start, k;

	*count = 0;
	while (i < n) {
		item(v, n, &i, ',', &start, &k);
		if (k - start < 8 || strncasecmp(v + start, "mailto:", 7) != 0 ||
		    memchr(v + start, '@', k - start) == NULL)
			return -1;
		(*count)++;
	}
	return *count > 0 ? 0 : -1;
}

static int
number(const char *v, size_t n, long max, long *out)
{
	char buf[16], *end;

	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, v, n);
	buf[n] = '\0';
	*out = strtol(buf, &end, 10);
	return *end == '\0' && isdigit((unsigned char)buf[0]) && *out <= max ?
	    0 : -1;
}

int
dmarcrec_is_dmarc(const char *s, size_t n)
{
	size_t i = 0;

	/* dmarc-version = "v" *WSP "=" *WSP "DMARC1" (RFC 7489 6.4) */
	while (i < n && isspace((unsigned char)s[i]))
		i++;
	if (i >= n || s[i++] != 'v')
		return 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i >= n || s[i++] != '=')
		return 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return n - i >= 6 && strncmp(s + i, "DMARC1", 6) == 0 &&
	    (n - i == 6 || s[i + 6] == ';' || isspace((unsigned char)s[i + 6]));
}

int
dmarcrec_parse(const char *s, size_t n, struct dmarcrec *r)
{
	char seen[SL_MAX_DMARC_TAGS][8];
	size_t i = 0, ns, ne, vs, ve, k, nseen = 0;
	long num;
	int first = 1, has_p = 0;

	memset(r, 0, sizeof(*r));
	r->p = r->sp = r->np = DMARC_UNSET;
	r->pct = 100;
	r->psd = 'u';
	while (i < n) {
		while (i < n && isspace((unsigned char)s[i]))
			i++;
		if (i >= n)
			break;
		ns = i;
		while (i < n && s[i] != '=' && s[i] != ';' &&
		    !isspace((unsigned char)s[i]))
			i++;
		ne = i;
		while (i < n && isspace((unsigned char)s[i]))
			i++;
		if (ne == ns || i >= n || s[i] != '=')
			return fail(r, "expected tag=value at", s + ns,
			    n - ns);
		i++;
		item(s, n, &i, ';', &vs, &ve);
		if (first) {
			if (!is(s + ns, ne - ns, "v") || ve - vs != 6 ||
			    strncmp(s + vs, "DMARC1", 6) != 0)
				return fail(r, "the record must start with "
				    "v=DMARC1, not", s + ns, n - ns);
			first = 0;
			continue;
		}
		for (k = 0; k < nseen; k++)
			if (strlen(seen[k]) == ne - ns &&
			    strncasecmp(seen[k], s + ns, ne - ns) == 0)
				return fail(r, "this tag appears twice:", s + ns,
				    ne - ns);
		if (nseen < SL_MAX_DMARC_TAGS && ne - ns < sizeof(seen[0])) {
			memcpy(seen[nseen], s + ns, ne - ns);
			seen[nseen++][ne - ns] = '\0';
		}
		if (is(s + ns, ne - ns, "p")) {
			if ((r->p = policy(s + vs, ve - vs)) < 0)
				return fail(r, "bad p= value", s + vs,
				    ve - vs);
			has_p = 1;
		} else if (is(s + ns, ne - ns, "sp")) {
			if ((r->sp = policy(s + vs, ve - vs)) < 0)
				return fail(r, "bad sp= value", s + vs,
				    ve - vs);
		} else if (is(s + ns, ne - ns, "np")) {
			if ((r->np = policy(s + vs, ve - vs)) < 0)
				return fail(r, "bad np= value", s + vs,
				    ve - vs);
		} else if (is(s + ns, ne - ns, "adkim") ||
		    is(s + ns, ne - ns, "aspf")) {
			if (!is(s + vs, ve - vs, "r") && !is(s + vs, ve - vs, "s"))
				return fail(r, "alignment mode must be r or s, "
				    "not", s + vs, ve - vs);
			if (s[ns + 1] == 'd' || s[ns + 1] == 'D')
				r->adkim_strict = is(s + vs, ve - vs, "s");
			else
				r->aspf_strict = is(s + vs, ve - vs, "s");
		} else if (is(s + ns, ne - ns, "pct")) {
			if (number(s + vs, ve - vs, 100, &num) < 0)
				return fail(r, "pct= must be 0 to 100, not", s + vs, ve - vs);
			r->pct = (int)num;
		} else if (is(s + ns, ne - ns, "ri")) {
			if (number(s + vs, ve - vs, 4294967295L, &num) < 0)
				return fail(r, "bad ri= value", s + vs,
				    ve - vs);
		} else if (is(s + ns, ne - ns, "rua") ||
		    is(s + ns, ne - ns, "ruf")) {
			int c;

			if (uri_list(s + vs, ve - vs, &c) < 0)
				return fail(r, "bad report URI list",
				    s + vs, ve - vs);
			if (is(s + ns, ne - ns, "rua"))
				r->nrua = c;
		} else if (is(s + ns, ne - ns, "psd")) {
			if (ve - vs != 1 || strchr("ynu", tolower(
			    (unsigned char)s[vs])) == NULL)
				return fail(r, "psd= must be y, n or u, not", s + vs, ve - vs);
			r->psd = tolower((unsigned char)s[vs]);
		} else if (is(s + ns, ne - ns, "t")) {
			if (!is(s + vs, ve - vs, "y") && !is(s + vs, ve - vs, "n"))
				return fail(r, "t= must be y or n, not",
				    s + vs, ve - vs);
			r->testing = is(s + vs, ve - vs, "y");
		}
		/* fo, rf and unknown tags: RFC 7489 6.3 says ignore */
	}
	if (first)
		return fail(r, "empty record", NULL, 0);
	if (!has_p) {
		if (r->nrua == 0)
			return fail(r, "no p= tag (and no rua=)", NULL, 0);
		r->p = DMARC_NONE;	/* RFC 7489 6.6.3 */
	}
	if (r->sp == DMARC_UNSET)
		r->sp = r->p;
	if (r->np == DMARC_UNSET)
		r->np = r->sp;
	return 0;
}
