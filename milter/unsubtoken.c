/*
 * NAME
 *	unsubtoken - how much of an unsubscribe URI varies per recipient
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "codec.h"
#include "limits.h"
#include "unsubtoken.h"

/* Replaces every case-insensitive occurrence of word in buf by '/'. */
static void
blank(char *buf, const char *word)
{
	size_t n = strlen(word);
	char *p;

	if (n == 0)
		return;
	for (p = strcasestr(buf, word); p != NULL; p = strcasestr(p + n, word))
		memset(p, '/', n);
}

/* %XX -> the octet, in place */
static void
unescape(char *s)
{
	char *o = s;
	int h, l;

	for (; *s != '\0'; s++) {
		if (s[0] == '%' && s[1] != '\0' && s[2] != '\0' &&
		    (h = codec_hex((unsigned char)s[1])) >= 0 &&
		    (l = codec_hex((unsigned char)s[2])) >= 0) {
			*o++ = (char)(h * 16 + l);
			s += 2;
		} else
			*o++ = *s;
	}
	*o = '\0';
}

/*
 * camelCase: every capital after the first octet follows a small letter
 * and is followed by two small letters (or ends a two-letter word).
 */
static int
camel(const char *s, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++) {
		if (!isupper((unsigned char)s[i]))
			continue;
		if (!islower((unsigned char)s[i - 1]) || i + 2 > n ||
		    !islower((unsigned char)s[i + 1]) ||
		    (i + 2 < n && !islower((unsigned char)s[i + 2])))
			return 0;
	}
	return 1;
}

/* Letters of one case, or camelCase words. */
static int
word(const char *s, size_t n)
{
	size_t i, lower = 0, upper = 0;

	for (i = 0; i < n; i++) {
		lower += islower((unsigned char)s[i]) != 0;
		upper += isupper((unsigned char)s[i]) != 0;
	}
	return lower == 0 || upper == 0 || camel(s, n);
}

/* The bits one run of letters and digits can hold. */
static double
run_bits(const char *s, size_t n)
{
	size_t i, digits = 0, lower = 0, upper = 0, hex = 0, lead;

	for (i = 0; i < n; i++) {
		if (isdigit((unsigned char)s[i]))
			digits++;
		else if (islower((unsigned char)s[i]))
			lower++;
		else
			upper++;
		if (isxdigit((unsigned char)s[i]))
			hex++;
	}
	if (digits == n)
		return 3.3 * (double)n;
	if (digits == 0)
		return word(s, n) ? 0 : 5.7 * (double)n;
	if (hex == n && (lower == 0 || upper == 0))
		return 4.0 * (double)n;
	/* a word with digits after it, or before it: the digits only */
	for (lead = 0; lead < n && isalpha((unsigned char)s[lead]); lead++)
		;
	if (lead >= 3 && lead + digits == n && word(s, lead))
		return 3.3 * (double)digits;
	for (lead = 0; lead < n && isdigit((unsigned char)s[lead]); lead++)
		;
	if (lead == digits && n - lead >= 3 && word(s + lead, n - lead))
		return 3.3 * (double)digits;
	return (lower && upper ? 5.9 : 5.2) * (double)n;
}

double
unsubtoken_bits(const char *uri, const char *rcpt)
{
	char buf[UNSUBTOKEN_MAX + 1], enc[SL_MAX_ADDR_LEN * 3 + 1];
	const char *p, *q;
	double bits = 0;
	size_t o = 0;

	snprintf(buf, sizeof(buf), "%s", uri);
	if (rcpt != NULL && rcpt[0] != '\0') {
		blank(buf, rcpt);
		for (p = rcpt; *p != '\0' && o + 4 < sizeof(enc); p++) {
			if (*p == '@') {
				memcpy(enc + o, "%40", 3);
				o += 3;
			} else
				enc[o++] = *p;
		}
		enc[o] = '\0';
		blank(buf, enc);
	}
	unescape(buf);
	if (rcpt != NULL && rcpt[0] != '\0')
		blank(buf, rcpt);
	if ((p = strstr(buf, "://")) != NULL)
		p += 3;
	else if ((p = strchr(buf, ':')) != NULL)
		p++;
	else
		p = buf;
	p += strcspn(p, "/?#");		/* past the host */
	while (*p != '\0') {
		if (!isalnum((unsigned char)*p)) {
			p++;
			continue;
		}
		for (q = p; isalnum((unsigned char)*q); q++)
			;
		bits += run_bits(p, (size_t)(q - p));
		p = q;
	}
	return bits;
}
