/*
 * NAME
 *	json - JSON strings from message text
 */
#include "json.h"

/* Length of the valid UTF-8 sequence at s (RFC 3629), or 0. */
static size_t
utf8_len(const unsigned char *s)
{
	size_t n, i;
	unsigned long cp;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	n = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	cp = s[0] & (0x3f >> (n - 1));
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

void
json_str(struct sbuf *b, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n;

	sbuf_addc(b, '"');
	while (*s != '\0') {
		if (*s == '"' || *s == '\\')
			sbuf_printf(b, "\\%c", *s++);
		else if (*s < 0x20 || *s == 0x7f)
			sbuf_printf(b, "\\u%04x", *s++);
		else if (*s < 0x80)
			sbuf_addc(b, *s++);
		else if ((n = utf8_len(s)) > 0) {
			sbuf_add(b, (const char *)s, n);
			s += n;
		} else {
			sbuf_adds(b, "\\ufffd");
			s++;
		}
	}
	sbuf_addc(b, '"');
}

void
json_field(struct sbuf *b, const char *key, const char *val)
{
	sbuf_printf(b, ",\"%s\":", key);
	json_str(b, val);
}

void
json_num(struct sbuf *b, const char *key, unsigned long n)
{
	sbuf_printf(b, ",\"%s\":%lu", key, n);
}
