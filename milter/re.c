/*
 * NAME
 *	re - PCRE2 wrapper: compile + JIT at load, bounded match
 * DESCRIPTION
 *	Patterns are UTF-8 with PCRE2_MATCH_INVALID_UTF, so raw 8-bit header
 *	bytes never make a match fail with an encoding error. JIT matching
 *	uses its default stack; when the JIT stack or a limit runs out the
 *	match returns -1 instead of falling back to slower interpretation.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>

#include "limits.h"
#include "log.h"
#include "re.h"
#include "util.h"

struct re {
	pcre2_code		*code;
	pcre2_match_context	*mctx;
	int			 jit;
};

struct re *
re_compile(const char *pattern, unsigned long match_limit,
    unsigned long depth_limit, char *err, size_t errlen, size_t *erroff)
{
	struct re *r;
	PCRE2_SIZE off;
	int code;

	r = xcalloc(1, sizeof(*r));
	r->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &code, &off, NULL);
	if (r->code == NULL) {
		pcre2_get_error_message(code, (PCRE2_UCHAR *)err, errlen);
		*erroff = off;
		free(r);
		return NULL;
	}
	r->jit = pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE) == 0;
	if ((r->mctx = pcre2_match_context_create(NULL)) == NULL)
		log_fatal("out of memory (PCRE2 match context)");
	pcre2_set_match_limit(r->mctx, (uint32_t)match_limit);
	pcre2_set_depth_limit(r->mctx, (uint32_t)depth_limit);
	return r;
}

int
re_match(const struct re *r, const char *subject, size_t len)
{
	pcre2_match_data *md;
	int rc;

	if (len > SL_REGEX_SUBJECT_MAX)
		len = SL_REGEX_SUBJECT_MAX;
	if ((md = pcre2_match_data_create(1, NULL)) == NULL)
		log_fatal("out of memory (PCRE2 match data)");
	if (r->jit)
		rc = pcre2_jit_match(r->code, (PCRE2_SPTR)subject, len, 0, 0,
		    md, r->mctx);
	else
		rc = pcre2_match(r->code, (PCRE2_SPTR)subject, len, 0, 0, md,
		    r->mctx);
	pcre2_match_data_free(md);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	return -1;
}

void
re_free(struct re *r)
{
	if (r == NULL)
		return;
	pcre2_match_context_free(r->mctx);
	pcre2_code_free(r->code);
	free(r);
}
