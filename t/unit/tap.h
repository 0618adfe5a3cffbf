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

#endif
