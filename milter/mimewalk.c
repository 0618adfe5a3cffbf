/*
 * NAME
 *	mimewalk - streaming multipart walker and transfer decoder
 * DESCRIPTION
 *	Body octets are cut into lines without their LF; a line is handed
 *	on in pieces of at most SL_MAX_MIME_LINE octets, and a CR before the
 *	LF is dropped when it ends the last piece. Only the first piece of a
 *	line can be a boundary or start a header field. Decoding is per
 *	piece: a quoted-printable "=" that ends a piece is a soft line
 *	break, base64 keeps its bits across pieces and lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "codec.h"
#include "mimewalk.h"
#include "util.h"

/* what the top-level delimiter count looks at: "--" boundary, padding */
#define TOP_PREFIX	(SL_MAX_MIME_BOUNDARY + 8)

struct observer {
	const struct mimewalk_ops *ops;
	void		*arg;
	int		 want;		/* decoded content of this part */
};

struct mimewalk {
	struct observer	 obs[SL_MAX_MIME_OBSERVERS];
	size_t		 nobs;
	int		 state;	/* 0 new, 1 walking, 2 ended */

	char		 top[SL_MAX_MIME_BOUNDARY + 1];
	size_t		 toplen;	/* 0: not a valid multipart */
	unsigned long	 delims;
	unsigned long	 closes;

	char		 bound[SL_MAX_MIME_DEPTH][SL_MAX_MIME_BOUNDARY + 1];
	size_t		 blen[SL_MAX_MIME_DEPTH];
	int		 nbound;

	int		 in_headers;	/* reading a part's header */
	char		 field[SL_MAX_MIME_FIELD];
	size_t		 fieldlen;
	char		 type[MIME_MAX_TYPE];	/* of the part being read */
	char		 charset[MIME_MAX_CHARSET];
	char		 disp[MIME_MAX_DISPOSITION];
	enum mime_cte	 cte;
	int		 cte_given;	/* written, not the 7bit default */
	char		 newbound[SL_MAX_MIME_BOUNDARY + 1];

	int		 leaf;		/* a part is open */
	int		 wanted;	/* some observer wants its content */
	unsigned long	 b64;		/* base64 bit buffer */
	int		 b64bits;
	size_t		 decoded;	/* octets passed to observers */

	int		 utf8;		/* the open part says charset=utf-8 */
	int		 u8need;	/* continuation octets still due */
	unsigned long	 u8cp;		/* the code point so far */
	int		 u8len;		/* octets of the sequence */
	int		 u8bad;		/* the open part is not UTF-8 */
	unsigned long	 notutf8;	/* parts found so */
	char		 u8_type[MIME_MAX_TYPE];	/* the first of them */
	int		 u8_depth;

	unsigned long	 mpcte;		/* multiparts with another encoding */
	char		 mpcte_name[MIME_MAX_CTE];	/* the first one's */

	int		 labelled7;	/* the open part is labelled 7-bit */
	int		 raw8;		/* and has an octet >= 0x80 */
	int		 all7;		/* no body octet so far is (mimewalk_all7) */
	unsigned long	 mislabeled;	/* parts found so */
	char		 bad_type[MIME_MAX_TYPE];	/* the first of them */
	enum mime_cte	 bad_cte;
	int		 bad_depth;

	char		 line[SL_MAX_MIME_LINE];
	size_t		 linelen;
	int		 midline;	/* the line already gave a piece */
};

struct mimewalk *
mimewalk_new(void)
{
	return xcalloc(1, sizeof(struct mimewalk));
}

void
mimewalk_free(struct mimewalk *w)
{
	free(w);
}

int
mimewalk_observe(struct mimewalk *w, const struct mimewalk_ops *ops,
    void *arg)
{
	if (w->nobs == SL_MAX_MIME_OBSERVERS)
		return -1;
	w->obs[w->nobs].ops = ops;
	w->obs[w->nobs].arg = arg;
	w->obs[w->nobs].want = 0;
	w->nobs++;
	return 0;
}

unsigned long
mimewalk_delims(const struct mimewalk *w)
{
	return w == NULL ? 0 : w->delims;
}

unsigned long
mimewalk_closes(const struct mimewalk *w)
{
	return w == NULL ? 0 : w->closes;
}

unsigned long
mimewalk_not_utf8(const struct mimewalk *w, struct mimepart *first)
{
	if (w == NULL || w->notutf8 == 0)
		return 0;
	first->type = w->u8_type;
	first->charset = "utf-8";
	first->disposition = "";
	first->cte = MIME_CTE_7BIT;
	first->depth = w->u8_depth;
	return w->notutf8;
}

unsigned long
mimewalk_multipart_cte(const struct mimewalk *w, const char **name)
{
	if (w == NULL || w->mpcte == 0)
		return 0;
	*name = w->mpcte_name;
	return w->mpcte;
}

unsigned long
mimewalk_mislabeled(const struct mimewalk *w, struct mimepart *first)
{
	if (w == NULL || w->mislabeled == 0)
		return 0;
	first->type = w->bad_type;
	first->charset = "";
	first->disposition = "";
	first->cte = w->bad_cte;
	first->depth = w->bad_depth;
	return w->mislabeled;
}

static void
utf8_bad(struct mimewalk *w)
{
	if (w->u8bad)
		return;
	w->u8bad = 1;
	if (w->notutf8++ == 0) {
		memcpy(w->u8_type, w->type, sizeof(w->u8_type));
		w->u8_depth = w->nbound;
	}
}

/* RFC 3629 4: well-formed UTF-8, one octet at a time, across chunks. */
static void
utf8_scan(struct mimewalk *w, const char *s, size_t n)
{
	size_t i;
	unsigned char c;

	for (i = 0; i < n && !w->u8bad; i++) {
		c = (unsigned char)s[i];
		if (w->u8need > 0) {
			if ((c & 0xc0) != 0x80) {
				utf8_bad(w);
				return;
			}
			w->u8cp = (w->u8cp << 6) | (c & 0x3f);
			if (--w->u8need == 0 && ((w->u8len == 3 &&
			    (w->u8cp < 0x800 || (w->u8cp >= 0xd800 &&
			    w->u8cp <= 0xdfff))) || (w->u8len == 4 &&
			    (w->u8cp < 0x10000 || w->u8cp > 0x10ffff))))
				utf8_bad(w);
			continue;
		}
		if (c < 0x80)
			continue;
		if (c >= 0xc2 && c <= 0xdf)
			w->u8need = 1, w->u8cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			w->u8need = 2, w->u8cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			w->u8need = 3, w->u8cp = c & 0x07;
		else {
			utf8_bad(w);
			return;
		}
		w->u8len = w->u8need + 1;
	}
}

static void
part_end(struct mimewalk *w)
{
	size_t i;

	if (!w->leaf)
		return;
	if (w->utf8 && w->u8need > 0 && w->decoded < SL_MAX_BODY_SEARCH)
		utf8_bad(w);		/* the part ends inside a sequence */
	for (i = 0; i < w->nobs; i++)
		if (w->obs[i].ops->part_end != NULL)
			w->obs[i].ops->part_end(w->obs[i].arg);
	w->leaf = w->wanted = 0;
}

static void
part_start(struct mimewalk *w)
{
	struct mimepart p;
	size_t i;

	part_end(w);
	p.type = w->type;
	p.charset = w->charset;
	p.disposition = w->disp;
	p.cte = w->cte;
	p.depth = w->nbound;
	w->leaf = 1;
	w->wanted = 0;
	w->b64 = 0;
	w->b64bits = 0;
	/* RFC 2045 2.7, 6.2, 6.7, 6.8: these labels promise 7-bit content */
	w->labelled7 = w->cte == MIME_CTE_QP || w->cte == MIME_CTE_BASE64 ||
	    (w->cte == MIME_CTE_7BIT && w->cte_given);
	w->raw8 = 0;
	/* RFC 3629, RFC 2046 4.1.2: a declared charset the octets must fit */
	w->utf8 = strcasecmp(w->charset, "utf-8") == 0 ||
	    strcasecmp(w->charset, "utf8") == 0;
	w->u8need = w->u8bad = 0;
	for (i = 0; i < w->nobs; i++) {
		w->obs[i].want = w->obs[i].ops->part_start(w->obs[i].arg, &p);
		w->wanted |= w->obs[i].want;
	}
	w->wanted |= w->utf8;
}

static void
emit(struct mimewalk *w, const char *s, size_t n)
{
	size_t i;

	if (n > SL_MAX_BODY_SEARCH - w->decoded)
		n = SL_MAX_BODY_SEARCH - w->decoded;
	if (n == 0)
		return;
	w->decoded += n;
	if (w->utf8)
		utf8_scan(w, s, n);
	for (i = 0; i < w->nobs; i++)
		if (w->obs[i].want)
			w->obs[i].ops->part_data(w->obs[i].arg, s, n);
}

/* One piece of a leaf's content as sent: does it break a 7-bit label? */
static void
raw_scan(struct mimewalk *w, const char *s, size_t n)
{
	if (!w->leaf || !w->labelled7 || w->raw8 || w->all7 ||
	    !has_8bit(s, n))
		return;
	w->raw8 = 1;
	if (w->mislabeled++ == 0) {
		memcpy(w->bad_type, w->type, sizeof(w->bad_type));
		w->bad_cte = w->cte;
		w->bad_depth = w->nbound;
	}
}

/* One piece of a part's content, decoded; more: the line goes on. */
static void
content(struct mimewalk *w, const char *s, size_t n, int more)
{
	char out[SL_MAX_MIME_LINE];
	size_t i, o = 0;
	int v, h, l;

	if (!w->wanted || w->decoded == SL_MAX_BODY_SEARCH)
		return;
	if (w->cte == MIME_CTE_BASE64) {		/* RFC 2045 6.8 */
		for (i = 0; i < n; i++) {
			if ((v = codec_b64((unsigned char)s[i])) < 0)
				continue;
			w->b64 = (w->b64 << 6) | (unsigned long)v;
			w->b64bits += 6;
			if (w->b64bits >= 8) {
				w->b64bits -= 8;
				out[o++] = (char)((w->b64 >> w->b64bits) & 0xff);
			}
		}
		emit(w, out, o);
		return;
	}
	for (i = 0; i < n; i++) {
		if (w->cte == MIME_CTE_QP && s[i] == '=') {	/* RFC 2045 6.7 */
			if (i + 1 == n)
				break;			/* soft line break */
			if (i + 2 < n &&
			    (h = codec_hex((unsigned char)s[i + 1])) >= 0 &&
			    (l = codec_hex((unsigned char)s[i + 2])) >= 0) {
				out[o++] = (char)(h * 16 + l);
				i += 2;
			} else
				out[o++] = s[i];
		} else
			out[o++] = s[i];
		if (o == sizeof(out)) {
			emit(w, out, o);
			o = 0;
		}
	}
	if (!more && (w->cte != MIME_CTE_QP || n == 0 || s[n - 1] != '='))
		out[o++] = '\n';
	emit(w, out, o);
}

/* RFC 2046 5.1.1: "--" boundary [ "--" ] *LWSP, for the count only */
static void
count_top(struct mimewalk *w, const char *s, size_t n)
{
	size_t i;

	if (n > TOP_PREFIX)
		n = TOP_PREFIX;
	if (n > 0 && s[n - 1] == '\r')
		n--;
	if (n < w->toplen + 2 || s[0] != '-' || s[1] != '-' ||
	    memcmp(s + 2, w->top, w->toplen) != 0)
		return;
	i = w->toplen + 2;
	if (i + 2 <= n && s[i] == '-' && s[i + 1] == '-') {
		w->closes++;
		return;
	}
	for (; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return;
	w->delims++;
}

static void
field_add(struct mimewalk *w, const char *s, size_t n)
{
	if (w->fieldlen + n < sizeof(w->field) - 1) {
		memcpy(w->field + w->fieldlen, s, n);
		w->fieldlen += n;
	}
}

/* A part header field is complete: what it says about the part. */
static void
field_done(struct mimewalk *w)
{
	struct mime_ct ct;
	const char *colon, *v;
	char name[MIME_MAX_CTE];
	int exact;

	if (w->fieldlen == 0)
		return;
	w->field[w->fieldlen] = '\0';
	if ((colon = strchr(w->field, ':')) == NULL)
		return;
	v = colon + 1;
	if (strncasecmp(w->field, "Content-Type:", 13) == 0) {
		if (mime_content_type(v, strlen(v), &ct) == NULL) {
			memcpy(w->type, ct.type, sizeof(w->type));
			memcpy(w->charset, ct.charset, sizeof(w->charset));
			if (strncmp(ct.type, "multipart/", 10) == 0 &&
			    mime_boundary_ok(ct.boundary) == NULL)
				memcpy(w->newbound, ct.boundary,
				    strlen(ct.boundary) + 1);
		} else {
			snprintf(w->type, sizeof(w->type), "%s",
			    "application/x-bad");
			w->charset[0] = '\0';
		}
	} else if (strncasecmp(w->field, "Content-Transfer-Encoding:", 26) == 0) {
		w->cte = mime_cte(v, strlen(v), name, sizeof(name), &exact);
		w->cte_given = 1;
	}
	else if (strncasecmp(w->field, "Content-Disposition:", 20) == 0)
		(void)mime_disposition(v, strlen(v), w->disp, sizeof(w->disp));
	w->fieldlen = 0;
}

/* A boundary line: which open multipart it belongs to, and what follows. */
static int
boundary(struct mimewalk *w, const char *s, size_t n)
{
	size_t bl;
	int k;

	if (n < 2 || s[0] != '-' || s[1] != '-')
		return 0;
	for (k = w->nbound - 1; k >= 0; k--) {
		bl = w->blen[k];
		if (n < bl + 2 || memcmp(s + 2, w->bound[k], bl) != 0)
			continue;
		part_end(w);
		w->nbound = k + 1;
		if (n >= bl + 4 && s[bl + 2] == '-' && s[bl + 3] == '-')
			w->nbound = k;	/* close: back to the parent */
		else {
			w->in_headers = 1;
			w->fieldlen = 0;
			w->type[0] = w->charset[0] = w->disp[0] = '\0';
			w->newbound[0] = '\0';
			w->cte = MIME_CTE_7BIT;
			w->cte_given = 0;
		}
		return 1;
	}
	return 0;
}

static void
push(struct mimewalk *w, const char *b)
{
	size_t n = strlen(b);

	memcpy(w->bound[w->nbound], b, n + 1);
	w->blen[w->nbound++] = n;
}

/* One piece of a line; more: the line goes on in the next piece. */
static void
piece(struct mimewalk *w, const char *s, size_t n, int more)
{
	int mid = w->midline;

	w->midline = more;
	if (mid) {
		if (w->in_headers)
			field_add(w, s, n);
		else {
			raw_scan(w, s, n);
			content(w, s, n, more);
		}
		return;
	}
	if (boundary(w, s, n))
		return;
	if (!w->in_headers) {
		raw_scan(w, s, n);
		content(w, s, n, more);
		return;
	}
	if (n == 0) {			/* the end of the part's header */
		field_done(w);
		w->in_headers = 0;
		if (w->newbound[0] != '\0' && w->cte != MIME_CTE_7BIT &&
		    w->cte != MIME_CTE_8BIT && w->cte != MIME_CTE_BINARY &&
		    w->mpcte++ == 0)		/* RFC 2045 6.4 */
			snprintf(w->mpcte_name, sizeof(w->mpcte_name), "%s",
			    w->cte == MIME_CTE_QP ? "quoted-printable" :
			    w->cte == MIME_CTE_BASE64 ? "base64" :
			    w->cte == MIME_CTE_XTOKEN ? "an x-token" :
			    "an unknown encoding");
		if (w->newbound[0] != '\0' && w->nbound < SL_MAX_MIME_DEPTH)
			push(w, w->newbound);
		else
			part_start(w);
		return;
	}
	if ((s[0] == ' ' || s[0] == '\t') && w->fieldlen > 0) {
		field_add(w, s, n);
		return;
	}
	field_done(w);
	if (n < sizeof(w->field) - 1) {
		memcpy(w->field, s, n);
		w->fieldlen = n;
	}
}

static void
flush(struct mimewalk *w, int eol)
{
	size_t n = w->linelen;

	if (!w->midline && w->toplen > 0)
		count_top(w, w->line, n);
	if (eol && n > 0 && w->line[n - 1] == '\r')
		n--;
	piece(w, w->line, n, !eol);
	w->linelen = 0;
}

void
mimewalk_begin(struct mimewalk *w, const char *ct, size_t ctlen,
    const char *cte, size_t ctelen, const char *cd, size_t cdlen)
{
	struct mime_ct t;
	char name[MIME_MAX_CTE];
	int exact;

	if (w->state != 0)
		return;
	w->state = 1;
	w->cte = mime_cte(cte, ctelen, name, sizeof(name), &exact);
	w->cte_given = cte != NULL;
	if (cd != NULL)
		(void)mime_disposition(cd, cdlen, w->disp, sizeof(w->disp));
	if (ct != NULL && mime_content_type(ct, ctlen, &t) == NULL) {
		memcpy(w->type, t.type, sizeof(w->type));
		memcpy(w->charset, t.charset, sizeof(w->charset));
		if (strncmp(t.type, "multipart/", 10) == 0 &&
		    mime_boundary_ok(t.boundary) == NULL) {
			w->toplen = strlen(t.boundary);
			memcpy(w->top, t.boundary, w->toplen + 1);
			push(w, w->top);	/* the preamble is no part */
			return;
		}
	} else if (ct != NULL)
		snprintf(w->type, sizeof(w->type), "%s", "application/x-bad");
	part_start(w);
}

void
mimewalk_all7(struct mimewalk *w, int all7)
{
	w->all7 = all7;
}

void
mimewalk_body(struct mimewalk *w, const unsigned char *p, size_t n)
{
	const unsigned char *nl;
	size_t seg, room;

	if (w->state != 1)
		return;
	while (n > 0) {
		nl = memchr(p, '\n', n);
		seg = nl == NULL ? n : (size_t)(nl - p);
		while (seg > 0) {
			room = sizeof(w->line) - w->linelen;
			if (room > seg)
				room = seg;
			memcpy(w->line + w->linelen, p, room);
			w->linelen += room;
			p += room;
			seg -= room;
			n -= room;
			if (w->linelen == sizeof(w->line))
				flush(w, 0);
		}
		if (nl == NULL)
			return;
		flush(w, 1);
		p++;
		n--;
	}
}

void
mimewalk_end(struct mimewalk *w)
{
	if (w->state != 1)
		return;
	if (w->linelen > 0)
		flush(w, 1);
	part_end(w);
	w->state = 2;
}
