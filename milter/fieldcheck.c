/*
 * NAME
 *	fieldcheck - octets of every header field (RFC 5322 2.2, 3.2.2; RFC 6532)
 * DESCRIPTION
 *	rfc5322.field-name.syntax	a name outside printable ASCII 33-126
 *					(a name with 8-bit octets, which
 *					Postfix takes for the start of the
 *					body, is read as a field: msg.h)
 *	rfc5322.field-body.control	NUL or a control character other than
 *					HTAB; CR or LF other than as folding;
 *					a folded line of white space only
 *	rfc5322.header.8bit		raw 8-bit octets without SMTPUTF8, or
 *					with it but not valid UTF-8
 *	rfc5322.bare-cr-lf		a CR not followed by LF in a field or
 *					the body (msg.h counts the body's)
 *	rfc2047.encoded-word.malformed	an encoded-word that is not well formed
 *					(rfc2047_malformed()) in the fields
 *					that may hold one: unstructured ones
 *					and the phrases of address fields
 *	rfc5321.return-path.present	a Return-Path in originating mail
 *					(Postfix removes it before milters see
 *					it; Sendmail passes it)
 */
#include <string.h>
#include <strings.h>

#include "checkrun.h"
#include "rfc2047.h"

/* Fields whose text or phrases may hold encoded-words (RFC 2047 5). */
static const char *const ew_fields[] = { "Subject", "Comments", "Keywords",
	"Content-Description", "From", "Sender", "Reply-To", "To", "Cc", "Bcc",
	"Resent-From", "Resent-Sender", "Resent-To", "Resent-Cc", "Resent-Bcc",
	NULL };

static void
encoded_words(struct checkrun *cr)
{
	const struct header *h;
	char buf[SL_MAX_DETAIL], why[SL_MAX_DETAIL] = "";
	const char *bad;
	size_t i, k;

	for (i = 0; i < cr->m->nhdr && why[0] == '\0'; i++) {
		h = &cr->m->hdr[i];
		for (k = 0; ew_fields[k] != NULL; k++)
			if (strcasecmp(h->name, ew_fields[k]) == 0)
				break;
		if (ew_fields[k] != NULL && (bad = rfc2047_malformed(h->value,
		    h->valuelen, buf, sizeof(buf))) != NULL)
			snprintf(why, sizeof(why), "%s: %s", ew_fields[k], bad);
	}
	fact_set(cr->fs, "rfc2047.encoded-word.malformed", why[0] ? FACT_TRUE :
	    FACT_FALSE, 0, "%s", why);
}

/* RFC 5322 2.3; a stored value holds a CR only when it was bare. */
static void
bare_cr_lf(struct checkrun *cr)
{
	const struct header *h;
	size_t i;

	for (i = 0; i < cr->m->nhdr; i++) {
		h = &cr->m->hdr[i];
		if (memchr(h->value, '\r', h->valuelen) != NULL) {
			fact_set(cr->fs, "rfc5322.bare-cr-lf", FACT_TRUE, 0,
			    "%.64s has a CR without LF", h->name);
			return;
		}
	}
	if (cr->m->bare_cr > 0)
		fact_set(cr->fs, "rfc5322.bare-cr-lf", FACT_TRUE,
		    (long)cr->m->bare_cr, "the body has %lu CR%s without LF "
		    "(the first at line %lu)", cr->m->bare_cr,
		    cr->m->bare_cr > 1 ? "s" : "", cr->m->bare_cr_line);
	else
		fact_set(cr->fs, "rfc5322.bare-cr-lf", FACT_FALSE, 0, NULL);
}

/* RFC 3629 UTF-8, no overlongs, no surrogates, at most U+10FFFF. */
static int
utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0, k, len;
	unsigned long cp;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] >= 0xc2 && s[i] <= 0xdf)
			len = 2, cp = s[i] & 0x1f;
		else if (s[i] >= 0xe0 && s[i] <= 0xef)
			len = 3, cp = s[i] & 0x0f;
		else if (s[i] >= 0xf0 && s[i] <= 0xf4)
			len = 4, cp = s[i] & 0x07;
		else
			return 0;
		if (i + len > n)
			return 0;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return 0;
		i += len;
	}
	return 1;
}

static const char *
body_control(const struct header *h, char *where, size_t wlen)
{
	const unsigned char *v = (const unsigned char *)h->value;
	size_t i, n = h->valuelen, seg;
	unsigned long line = 0;

	for (i = 0; i < n; i++) {
		if (v[i] == '\r' && (i + 1 >= n || v[i + 1] != '\n')) {
			snprintf(where, wlen, "%.64s has a bare CR", h->name);
			return where;
		}
		if (v[i] == '\n') {
			line++;
			if (i + 1 >= n || (v[i + 1] != ' ' && v[i + 1] != '\t')) {
				snprintf(where, wlen, "%.64s has a line break "
				    "not followed by white space", h->name);
				return where;
			}
			for (seg = i + 1; seg < n && (v[seg] == ' ' ||
			    v[seg] == '\t'); seg++)
				;
			if (seg == n || v[seg] == '\n' || v[seg] == '\r') {
				snprintf(where, wlen, "%.64s has a folded line "
				    "of white space only (line %lu)", h->name,
				    h->line + line);
				return where;
			}
			continue;
		}
		if ((v[i] < 0x20 && v[i] != '\t' && v[i] != '\r') ||
		    v[i] == 0x7f) {
			snprintf(where, wlen, "%.64s has control character "
			    "0x%02x", h->name, v[i]);
			return where;
		}
	}
	return NULL;
}

void
field_check(struct checkrun *cr)
{
	const struct msg *m = cr->m;
	const struct header *h;
	char name_bad[SL_MAX_DETAIL] = "", ctl[SL_MAX_DETAIL] = "";
	char eight[SL_MAX_DETAIL] = "";
	size_t i, j;
	int has8;

	for (i = 0; i < m->nhdr; i++) {
		h = &m->hdr[i];
		for (j = 0; j < h->namelen; j++)
			if ((unsigned char)h->name[j] < 33 ||
			    (unsigned char)h->name[j] > 126 || h->name[j] == ':')
				break;
		if ((j < h->namelen || h->namelen == 0) && name_bad[0] == '\0')
			snprintf(name_bad, sizeof(name_bad), "field name at "
			    "line %lu has an octet outside 33-126 or ':'%s",
			    h->line, h->line == m->lead_line ? ": Postfix "
			    "ends the header there, and sends it and the "
			    "fields after it as body" : "");
		if (ctl[0] == '\0')
			body_control(h, ctl, sizeof(ctl));
		if (eight[0] != '\0')
			continue;
		for (has8 = 0, j = 0; j < h->valuelen && !has8; j++)
			has8 = (unsigned char)h->value[j] >= 0x80;
		for (j = 0; j < h->namelen && !has8; j++)
			has8 = (unsigned char)h->name[j] >= 0x80;
		if (!has8)
			continue;
		if (!cr->utf8)
			snprintf(eight, sizeof(eight), "%.64s has raw 8-bit bytes "
			    "but the transaction did not use SMTPUTF8", h->name);
		else if (!utf8_valid((const unsigned char *)h->value,
		    h->valuelen))
			snprintf(eight, sizeof(eight), "%.64s has 8-bit bytes "
			    "that are not valid UTF-8", h->name);
	}
	fact_set(cr->fs, "rfc5322.field-name.syntax",
	    name_bad[0] ? FACT_TRUE : FACT_FALSE, 0, "%s", name_bad);
	fact_set(cr->fs, "rfc5322.field-body.control",
	    ctl[0] ? FACT_TRUE : FACT_FALSE, 0, "%s", ctl);
	bare_cr_lf(cr);
	fact_set(cr->fs, "rfc5322.header.8bit",
	    eight[0] ? FACT_TRUE : FACT_FALSE, 0, "%s", eight);
	encoded_words(cr);
	i = msg_count_header(m, "Return-Path");
	fact_set(cr->fs, "rfc5321.return-path.present",
	    i ? FACT_TRUE : FACT_FALSE, (long)i,
	    i ? "originating mail carries a Return-Path field" : "%s", "");
}
