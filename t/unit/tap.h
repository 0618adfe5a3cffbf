/*
 * Minimal TAP for C unit tests: ok(), is_int(), is_str(), done().
 * Failures print what was expected and what was seen.
 */
#ifndef TAP_H
#define TAP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_fail;

static inline int
tap_ok(int cond, const char *name)
{
	tap_n++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, name);
	if (!cond)
		tap_fail++;
	return cond;
}

static inline void
tap_is_int(long got, long want, const char *name)
{
	if (!tap_ok(got == want, name))
		printf("#   expected: %ld\n#        got: %ld\n", want, got);
}

static inline void
tap_is_str(const char *got, const char *want, const char *name)
{
	int same = (got == NULL && want == NULL) ||
	    (got != NULL && want != NULL && strcmp(got, want) == 0);

	if (!tap_ok(same, name))
		printf("#   expected: %s\n#        got: %s\n",
		    want ? want : "(null)", got ? got : "(null)");
}

static inline int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_fail ? 1 : 0;
}

/* A copy without a trailing NUL, so sanitizers catch overreads. */
static inline char *
tap_exact(const char *s, size_t *len)
{
	char *p;

	*len = strlen(s);
	p = malloc(*len ? *len : 1);
	memcpy(p, s, *len);
	return p;
}

/*
 * Test text with runs: "<mark>N" stands for N 'x' octets. Returns a
 * malloc'd copy without a trailing NUL and its length.
 */
static inline void
tap_push(char **out, size_t *n, size_t *cap, char c)
{
	if (*n == *cap)
		*out = realloc(*out, *cap *= 2);
	(*out)[(*n)++] = c;
}

static inline char *
tap_expand(const char *t, char mark, size_t *len)
{
	size_t n = 0, cap = 256;
	char *out = malloc(cap), *end;
	long k;

	for (; *t != '\0'; t++) {
		if (*t != mark) {
			tap_push(&out, &n, &cap, *t);
			continue;
		}
		for (k = strtol(t + 1, &end, 10); k > 0; k--)
			tap_push(&out, &n, &cap, 'x');
		t = end - 1;
	}
	*len = n;
	return out;
}

#endif
