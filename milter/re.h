/*
 * NAME
 *	re - PCRE2 regular expressions with hard limits
 * DESCRIPTION
 *	The only file that includes PCRE2. re_compile() compiles and
 *	JIT-compiles a pattern once, at rule load. re_match() runs it with
 *	a match limit and a depth limit, on at most SL_REGEX_SUBJECT_MAX
 *	octets of the subject, so no pattern can hang a thread.
 *
 *	re_match() returns 1 on a match, 0 on none, and -1 when a limit was
 *	hit or matching failed; the caller decides what that means.
 *	A struct re is immutable after compile and shared between threads.
 */
#ifndef SL_RE_H
#define SL_RE_H

#include <stddef.h>

struct re;

struct re	*re_compile(const char *pattern, unsigned long match_limit,
		    unsigned long depth_limit, char *err, size_t errlen,
		    size_t *erroff);
int		 re_match(const struct re *, const char *subject, size_t len);
void		 re_free(struct re *);

#endif
