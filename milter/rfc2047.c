/*
 * NAME
 *	rfc2047 - encoded-word decoding (RFC 2047, RFC 2231 5 language tags)
 * DESCRIPTION
 *	An encoded-word is at most 75 octets (RFC 2047 2); longer ones are
 *	still decoded, as receivers do, up to SL_MAX_DETAIL octets of text.
 */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>

#include "codec.h"
#include "limits.h"
#include "rfc2047.h"

/* RFC 2047 4.2 "Q": '_' is space, =XX is an octet. */
static int
q_decode(const char *s, size_t n, char *out, size_t *olen)
{
	size_t i, o = 0;
	int h, l;

	for (i = 0; i < n; i++) {
		if (s[i] == '_')
			out[o++] = ' ';
		else if (s[i] == '=') {
			if (i + 2 >= n || (h = codec_hex(s[i + 1])) < 0 ||
			    (l = codec_hex(s[i + 2])) < 0)
				return -1;
			out[o++] = (char)(h * 16 + l);
			i += 2;
		} else
			out[o++] = s[i];
	}
	*olen = o;
	return 0;
}

/* RFC 2047 4.1 "B": base64 (RFC 2045 6.8), padding required. */
static int
b_decode(const char *s, size_t n, char *out, size_t *olen)
{
	unsigned long acc = 0;
	size_t i, o = 0, pad = 0;
	int bits = 0, v;

	if (n % 4 != 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] == '=') {
			pad++;
			continue;
		}
		if (pad > 0 || (v = codec_b64((unsigned char)s[i])) < 0)
			return -1;
		acc = (acc << 6) | (unsigned long)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)((acc >> bits) & 0xff);
		}
	}
	if (pad > 2)
		return -1;
	*olen = o;
	return 0;
}

/* Converts n octets in charset cs to UTF-8, appended to out. */
static int
to_utf8(const char *cs, char *in, size_t n, struct sbuf *out)
{
	char buf[SL_MAX_ENCODED_WORD * 4], *ip = in, *op = buf;
	size_t il = n, ol = sizeof(buf);
	iconv_t cd;
	int ok;

	if ((cd = iconv_open("UTF-8", cs)) == (iconv_t)-1)
		return -1;
	ok = iconv(cd, &ip, &il, &op, &ol) != (size_t)-1 &&
	    iconv(cd, NULL, NULL, &op, &ol) != (size_t)-1;
	iconv_close(cd);
	if (!ok)
		return -1;
	sbuf_add(out, buf, (size_t)(op - buf));
	return 0;
}

/*
 * RFC 2047 2: encoded-word = "=?" charset "?" encoding "?" encoded-text "?="
 * Decodes the word at s (n octets, the whole word) into out.
 */
static int
encoded_word(const char *s, size_t n, struct sbuf *out)
{
	char cs[64], text[SL_MAX_ENCODED_WORD];
	const char *q1, *q2;
	size_t cl, tl, dl;
	char *star;

	if (n < 8 || n - 4 > SL_MAX_ENCODED_WORD)
		return -1;
	q1 = memchr(s + 2, '?', n - 4);
	if (q1 == NULL || q1 + 3 > s + n - 2 || q1[2] != '?')
		return -1;
	q2 = q1 + 2;
	cl = (size_t)(q1 - (s + 2));
	if (cl == 0 || cl >= sizeof(cs))
		return -1;
	memcpy(cs, s + 2, cl);
	cs[cl] = '\0';
	if ((star = strchr(cs, '*')) != NULL)	/* RFC 2231 5: language */
		*star = '\0';
	tl = (size_t)(s + n - 2 - (q2 + 1));
	if (toupper((unsigned char)q1[1]) == 'Q') {
		if (q_decode(q2 + 1, tl, text, &dl) < 0)
			return -1;
	} else if (toupper((unsigned char)q1[1]) == 'B') {
		if (b_decode(q2 + 1, tl, text, &dl) < 0)
			return -1;
	} else
		return -1;
	return to_utf8(cs, text, dl, out);
}

int
rfc2047_phrase(const char *s, size_t n, struct sbuf *out)
{
	size_t i = 0, j, save;
	int rc = 0, last_ew = 0, space = 0;

	while (i < n) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') {
			space = 1;
			i++;
			continue;
		}
		if (s[i] == '"') {
			if (space && out->len > 0)
				sbuf_addc(out, ' ');
			for (i++; i < n && s[i] != '"'; i++) {
				if (s[i] == '\\' && i + 1 < n)
					i++;
				if (s[i] != '\r' && s[i] != '\n')
					sbuf_addc(out, s[i]);
			}
			i++;
			last_ew = 0;
			space = 0;
			continue;
		}
		for (j = i; j < n && s[j] != ' ' && s[j] != '\t' && s[j] != '"' &&
		    s[j] != '\r' && s[j] != '\n'; j++)
			;
		if (j - i >= 8 && s[i] == '=' && s[i + 1] == '?' &&
		    s[j - 2] == '?' && s[j - 1] == '=') {
			if (space && out->len > 0 && !last_ew)
				sbuf_addc(out, ' ');
			save = out->len;
			if (encoded_word(s + i, j - i, out) < 0) {
				out->len = save;
				out->s[save] = '\0';
				if (space && out->len > 0 && last_ew)
					sbuf_addc(out, ' ');
				sbuf_add(out, s + i, j - i);
				rc = -1;
				last_ew = 0;
			} else
				last_ew = 1;
		} else {
			if (space && out->len > 0)
				sbuf_addc(out, ' ');
			sbuf_add(out, s + i, j - i);
			last_ew = 0;
		}
		space = 0;
		i = j;
	}
	return rc;
}

static int
known_charset(const char *cs, size_t n)
{
	char name[64], *star;
	iconv_t cd;

	if (n == 0 || n >= sizeof(name))
		return 0;
	memcpy(name, cs, n);
	name[n] = '\0';
	if ((star = strchr(name, '*')) != NULL)	/* RFC 2231 5: language */
		*star = '\0';
	if ((cd = iconv_open("UTF-8", name)) == (iconv_t)-1)
		return 0;
	iconv_close(cd);
	return 1;
}

/* The text of one encoded-word (RFC 2047 4.1, 4.2); NULL or the problem. */
static const char *
text_ok(int enc, const char *t, size_t n)
{
	size_t i, pad = 0;

	if (enc == 'B') {
		if (n % 4 != 0)
			return "B text is not a multiple of 4 characters";
		for (i = 0; i < n; i++) {
			if (t[i] == '=' && i + 2 >= n) {
				pad++;
				continue;
			}
			if (pad > 0 || codec_b64((unsigned char)t[i]) < 0)
				return "B text is not base64";
		}
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (t[i] == '=') {
			if (i + 2 >= n || codec_hex(t[i + 1]) < 0 ||
			    codec_hex(t[i + 2]) < 0)
				return "Q text has '=' without two hex digits";
			i += 2;
		} else if ((unsigned char)t[i] <= ' ' || t[i] == '?' ||
		    (unsigned char)t[i] >= 0x7f)
			return "Q text has a space, '?' or a non-ASCII octet";
	}
	return NULL;
}

const char *
rfc2047_malformed(const char *s, size_t n, char *buf, size_t len)
{
	const char *p, *end = s + n, *cs, *q, *t, *why;
	size_t csl;
	int enc;

	for (p = s; p + 1 < end; p++) {
		if (p[0] != '=' || p[1] != '?' || (p > s && p[-1] != ' ' &&
		    p[-1] != '\t' && p[-1] != '\n' && p[-1] != '(' &&
		    p[-1] != '"'))
			continue;
		cs = p + 2;
		for (q = cs; q < end && *q != '?' && (unsigned char)*q > ' ';
		    q++)
			;
		csl = (size_t)(q - cs);
		if (q + 2 >= end || *q != '?' || q[2] != '?' || csl == 0)
			continue;		/* no "=?charset?X?": not one */
		enc = toupper((unsigned char)q[1]);
		t = q + 3;
		for (q = t; q + 1 < end && !(q[0] == '?' && q[1] == '=') &&
		    (unsigned char)*q > ' '; q++)
			;
		why = NULL;
		if (q + 1 >= end || q[0] != '?' || q[1] != '=')
			why = "no \"?=\" ends it";
		else if (enc != 'B' && enc != 'Q')
			why = "the encoding is neither B nor Q";
		else if (!known_charset(cs, csl))
			why = "unknown charset";
		else if ((why = text_ok(enc, t, (size_t)(q - t))) != NULL)
			;
		else if (q + 2 - p > 75)
			why = "longer than 75 characters";
		else if (q + 2 < end && strchr(" \t\r\n)\"<,;:@", q[2]) == NULL)
			why = "not followed by white space";
		if (why != NULL) {
			snprintf(buf, len, "%s in \"%.*s\"", why,
			    (int)((size_t)(end - p) > 40 ? 40 : (size_t)(end - p)),
			    p);
			return buf;
		}
		p = q + 1;
	}
	return NULL;
}
