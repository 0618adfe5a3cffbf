/*
 * NAME
 *	util - allocators, bounded string buffers, small helpers
 * DIAGNOSTICS
 *	Out of memory is fatal.
 */
#include <fnmatch.h>
#include <libgen.h>
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "util.h"

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		log_fatal("out of memory (%zu bytes)", n);
	return p;
}

void *
xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz ? sz : 1);

	if (p == NULL)
		log_fatal("out of memory (%zu x %zu bytes)", n, sz);
	return p;
}

void *
xrealloc(void *old, size_t n)
{
	void *p = realloc(old, n ? n : 1);

	if (p == NULL)
		log_fatal("out of memory (%zu bytes)", n);
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

void
sbuf_init(struct sbuf *b, size_t max)
{
	b->cap = 64;
	b->s = xmalloc(b->cap);
	b->s[0] = '\0';
	b->len = 0;
	b->max = max;
	b->trunc = 0;
}

void
sbuf_reset(struct sbuf *b)
{
	b->len = 0;
	b->s[0] = '\0';
	b->trunc = 0;
}

void
sbuf_clear(struct sbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

void
sbuf_add(struct sbuf *b, const char *p, size_t n)
{
	if (n > b->max - b->len) {
		n = b->max - b->len;
		b->trunc = 1;
	}
	if (b->len + n + 1 > b->cap) {
		while (b->len + n + 1 > b->cap)
			b->cap *= 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
sbuf_adds(struct sbuf *b, const char *s)
{
	sbuf_add(b, s, strlen(s));
}

void
sbuf_addc(struct sbuf *b, int c)
{
	char ch = (char)c;

	sbuf_add(b, &ch, 1);
}

void
sbuf_vprintf(struct sbuf *b, const char *fmt, va_list ap)
{
	char tmp[1024];
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(tmp, sizeof(tmp), fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(tmp)) {
		sbuf_add(b, tmp, (size_t)n);
	} else {
		char *big = xmalloc((size_t)n + 1);

		vsnprintf(big, (size_t)n + 1, fmt, ap);
		sbuf_add(b, big, (size_t)n);
		free(big);
	}
}

void
sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sbuf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
sbuf_add_printable(struct sbuf *b, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == '\t' || c == '\n' || c == '\r')
			c = ' ';
		else if (c < 0x20 || c > 0x7e)
			c = '?';
		sbuf_addc(b, c);
	}
}

/* Shell-style glob, case-insensitive: mail addresses and ids compare so. */
int
glob_match(const char *pattern, const char *s)
{
	return fnmatch(pattern, s, FNM_CASEFOLD) == 0;
}

double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

char *
path_relative(const char *base, const char *p)
{
	struct sbuf b;
	char *copy, *dir, *abs;

	if (p[0] == '/')
		return xstrdup(p);
	copy = xstrdup(base);
	dir = dirname(copy);
	abs = realpath(dir, NULL);
	sbuf_init(&b, 3 * 4096);
	sbuf_printf(&b, "%s/%s", abs ? abs : dir, p);
	if (b.trunc)
		log_warn("path %s is too long", p);
	free(abs);
	free(copy);
	return b.s;
}

int
parse_duration(const char *s, long max, long *out)
{
	char *end;
	long v, unit = 1;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno == ERANGE)
		return -1;
	switch (*end) {
	case 'd':
		unit = 86400;
		end++;
		break;
	case 'h':
		unit = 3600;
		end++;
		break;
	case 'm':
		unit = 60;
		end++;
		break;
	case 's':
		end++;
		break;
	}
	if (*end != '\0' || v > max / unit)
		return -1;
	*out = v * unit;
	return 0;
}

int
has_8bit(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t w, acc;
	size_t i = 0, k;

	while (n - i >= 64) {
		for (acc = 0, k = 0; k < 64; k += 8) {
			memcpy(&w, s + i + k, sizeof(w));
			acc |= w;
		}
		if (acc & UINT64_C(0x8080808080808080))
			break;
		i += 64;
	}
	for (acc = 0; n - i >= 8; i += 8) {
		memcpy(&w, s + i, sizeof(w));
		acc |= w;
	}
	if (acc & UINT64_C(0x8080808080808080))
		return 1;
	for (; i < n; i++)
		if (s[i] >= 0x80)
			return 1;
	return 0;
}
