/*
 * NAME
 *	bodyscan - streaming MIME text search for unsubscribe links
 * DESCRIPTION
 *	RFC 2045 6.7 (quoted-printable) and 6.8 (base64) decoding, RFC 2046
 *	5.1 multipart walking. Malformed encodings are decoded as far as
 *	they go; nothing here fails.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "bodyscan.h"
#include "codec.h"
#include "mime.h"

/* Whether "http" occurs within BODYSCAN_NEAR octets of win[k..k+plen). */
static int
near_http(const struct bodyscan *b, size_t k, size_t plen)
{
	size_t from = k > BODYSCAN_NEAR ? k - BODYSCAN_NEAR : 0;
	size_t to = k + plen + BODYSCAN_NEAR;
	const char *h;

	if (to > b->winlen)
		to = b->winlen;
	for (h = b->win + from; h + 4 <= b->win + to &&
	    (h = memchr(h, 'h', (size_t)(b->win + to - h))) != NULL; h++)
		if (h + 4 <= b->win + to && memcmp(h, "http", 4) == 0)
			return 1;
	return 0;
}

/*
 * One pass over the window: positions whose octet can start a pattern
 * are compared with the patterns that start so; every other octet costs
 * one table lookup.
 */
static void
search(struct bodyscan *b, int final)
{
	const char *n;
	size_t i, j, keep;
	unsigned char c;

	if (b->found || b->winlen == 0)
		return;
	for (i = 0; i < b->winlen; i++)
		b->win[i] = (char)tolower((unsigned char)b->win[i]);
	for (n = b->win; b->text == 2 && !b->anchor && (n = memchr(n, '<',
	    (size_t)(b->win + b->winlen - n))) != NULL; n++)
		if (n + 1 < b->win + b->winlen && n[1] == 'a' &&
		    (n + 2 == b->win + b->winlen || isspace((unsigned char)n[2])))
			b->anchor = 1;
	for (i = 0; i < b->winlen && !b->found; i++) {
		c = (unsigned char)b->win[i];
		if (!b->first[c])
			continue;
		for (j = 0; j < b->npat && !b->found; j++) {
			if ((unsigned char)b->patterns[j][0] != c ||
			    b->plen[j] > b->winlen - i ||
			    memcmp(b->win + i, b->patterns[j], b->plen[j]) != 0)
				continue;
			if ((b->text == 2 && b->anchor) ||
			    (b->text == 1 && near_http(b, i, b->plen[j])))
				b->found = 1;
		}
	}
	if (final)
		return;
	/* keep the tail so matches across window edges are not lost */
	keep = b->winlen > BODYSCAN_NEAR + 64 ? BODYSCAN_NEAR + 64 : b->winlen;
	memmove(b->win, b->win + b->winlen - keep, keep);
	b->winlen = keep;
}

static void
emit(struct bodyscan *b, const char *s, size_t n)
{
	size_t room;

	if (b->found || b->text == 0)
		return;
	if (b->scanned + n > BODYSCAN_MAX)
		n = BODYSCAN_MAX - b->scanned;
	b->scanned += n;
	while (n > 0) {
		room = sizeof(b->win) - 1 - b->winlen;
		if (room > n)
			room = n;
		memcpy(b->win + b->winlen, s, room);
		b->winlen += room;
		s += room;
		n -= room;
		if (b->winlen == sizeof(b->win) - 1)
			search(b, 0);
	}
}

static void
decode_line(struct bodyscan *b, const char *s, size_t n, int more)
{
	char out[1024];
	size_t i, o = 0;
	int v, h, l;

	if (b->cte == 2) {			/* RFC 2045 6.8 */
		for (i = 0; i < n; i++) {
			if ((v = codec_b64((unsigned char)s[i])) < 0)
				continue;
			b->b64 = (b->b64 << 6) | (unsigned long)v;
			b->b64bits += 6;
			if (b->b64bits >= 8) {
				b->b64bits -= 8;
				out[o++] = (char)((b->b64 >> b->b64bits) & 0xff);
				if (o == sizeof(out)) {
					emit(b, out, o);
					o = 0;
				}
			}
		}
		emit(b, out, o);
		return;
	}
	for (i = 0; i < n; i++) {
		if (b->cte == 1 && s[i] == '=') {	/* RFC 2045 6.7 */
			if (i + 1 == n)
				break;			/* soft line break */
			if (i + 2 < n && (h = codec_hex((unsigned char)s[i + 1])) >= 0
			    && (l = codec_hex((unsigned char)s[i + 2])) >= 0) {
				out[o++] = (char)(h * 16 + l);
				i += 2;
			} else
				out[o++] = s[i];
		} else
			out[o++] = s[i];
		if (o == sizeof(out)) {
			emit(b, out, o);
			o = 0;
		}
	}
	if (!more && (b->cte != 1 || n == 0 || s[n - 1] != '='))
		out[o++] = '\n';
	emit(b, out, o);
}

/* What a part's type and encoding mean for the search. */
static void
part_begin(struct bodyscan *b, const char *ctype, const char *cte)
{
	search(b, 1);
	b->winlen = 0;
	b->anchor = 0;
	b->b64 = 0;
	b->b64bits = 0;
	b->cte = cte == NULL ? 0 : strncasecmp(cte, "quoted-printable", 16) == 0 ?
	    1 : strncasecmp(cte, "base64", 6) == 0 ? 2 : 0;
	if (ctype[0] == '\0' || strcmp(ctype, "text/plain") == 0)
		b->text = 1;
	else if (strcmp(ctype, "text/html") == 0)
		b->text = 2;
	else
		b->text = 0;
	if (b->text)
		b->parts++;
}

void
bodyscan_init(struct bodyscan *b, const char *const *patterns,
    const char *ctype, const char *boundary, const char *cte)
{
	memset(b, 0, sizeof(*b));
	b->patterns = patterns;
	for (b->npat = 0; patterns != NULL && patterns[b->npat] != NULL &&
	    b->npat < BODYSCAN_PATTERNS; b->npat++) {
		b->plen[b->npat] = (unsigned short)strnlen(patterns[b->npat], 200);
		if (b->plen[b->npat] > 0)
			b->first[(unsigned char)patterns[b->npat][0]] = 1;
		else
			b->plen[b->npat] = 1;	/* an empty pattern never matches */
	}
	if (strncmp(ctype, "multipart/", 10) == 0 && boundary[0] != '\0') {
		snprintf(b->bound[0], sizeof(b->bound[0]), "%s", boundary);
		b->nbound = 1;
		b->text = 0;		/* the preamble is not searched */
		return;
	}
	part_begin(b, ctype, cte);
}

static void
header_done(struct bodyscan *b, char *cte, size_t ctelen)
{
	char type[MIME_MAX_TYPE], bnd[256];
	const char *colon;
	size_t i;

	if (b->hdrlen == 0)
		return;
	b->hdr[b->hdrlen] = '\0';
	if ((colon = strchr(b->hdr, ':')) == NULL)
		return;
	if (strncasecmp(b->hdr, "Content-Type:", 13) == 0) {
		if (mime_content_type(colon + 1, strlen(colon + 1), type,
		    sizeof(type), bnd, sizeof(bnd)) == NULL) {
			snprintf(b->ctype, sizeof(b->ctype), "%s", type);
			if (strncmp(type, "multipart/", 10) == 0 &&
			    mime_boundary_ok(bnd) == NULL &&
			    strlen(bnd) < sizeof(b->newbound))
				memcpy(b->newbound, bnd, strlen(bnd) + 1);
		} else
			snprintf(b->ctype, sizeof(b->ctype), "application/x-bad");
	} else if (strncasecmp(b->hdr, "Content-Transfer-Encoding:", 26) == 0) {
		for (i = 26; b->hdr[i] == ' ' || b->hdr[i] == '\t'; i++)
			;
		snprintf(cte, ctelen, "%s", b->hdr + i);
	}
	b->hdrlen = 0;
}

void
bodyscan_line(struct bodyscan *b, const char *s, size_t n, int more)
{
	char *cte = b->ctename;
	size_t blen;
	int k, mid = b->midline;

	b->midline = more;
	if (b->found)
		return;
	if (mid) {		/* the rest of a long line */
		if (b->in_headers) {
			if (b->hdrlen + n < sizeof(b->hdr) - 1) {
				memcpy(b->hdr + b->hdrlen, s, n);
				b->hdrlen += n;
			}
		} else
			decode_line(b, s, n, more);
		return;
	}
	if (n >= 2 && s[0] == '-' && s[1] == '-')
		for (k = b->nbound - 1; k >= 0; k--) {
			blen = strlen(b->bound[k]);
			if (n < blen + 2 || memcmp(s + 2, b->bound[k], blen) != 0)
				continue;
			search(b, 1);
			b->text = 0;
			b->nbound = k + 1;
			if (n >= blen + 4 && s[blen + 2] == '-' &&
			    s[blen + 3] == '-')
				b->nbound = k;	/* close: back to the parent */
			else {
				b->in_headers = 1;
				b->hdrlen = 0;
				b->ctype[0] = b->newbound[0] = '\0';
				cte[0] = '\0';
			}
			return;
		}
	if (b->in_headers) {
		if (n == 0) {
			header_done(b, cte, sizeof(b->ctename));
			b->in_headers = 0;
			if (b->newbound[0] != '\0' && b->nbound < BODYSCAN_DEPTH) {
				memcpy(b->bound[b->nbound++], b->newbound,
				    sizeof(b->newbound));
				b->text = 0;
			} else
				part_begin(b, b->ctype, cte[0] ? cte : NULL);
			return;
		}
		if ((s[0] == ' ' || s[0] == '\t') && b->hdrlen > 0) {
			if (b->hdrlen + n < sizeof(b->hdr) - 1) {
				memcpy(b->hdr + b->hdrlen, s, n);
				b->hdrlen += n;
			}
			return;
		}
		header_done(b, cte, sizeof(b->ctename));
		if (n < sizeof(b->hdr) - 1) {
			memcpy(b->hdr, s, n);
			b->hdrlen = n;
		}
		return;
	}
	decode_line(b, s, n, more);
}

void
bodyscan_end(struct bodyscan *b)
{
	search(b, 1);
}
