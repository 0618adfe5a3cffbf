/*
 * NAME
 *	unsub - List-Unsubscribe presence (RFC 2369, RFC 8058 3.1)
 * DESCRIPTION
 *	Reported for every message; whether it matters (bulk streams) is
 *	for the rules to decide.
 */
#include "check.h"

void
unsub_check(struct checkrun *cr)
{
	struct factset *fs = cr->fs;
	size_t n = msg_count_header(cr->m, "List-Unsubscribe");

	fact_set(fs, "unsub.missing", n == 0 ? FACT_TRUE : FACT_FALSE, 0,
	    n == 0 ? "no List-Unsubscribe field" : NULL);
	fact_set(fs, "unsub.multiple", n > 1 ? FACT_TRUE : FACT_FALSE,
	    (long)n, n > 1 ? "%zu List-Unsubscribe fields" : NULL, n);
}
