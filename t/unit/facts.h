/*
 * Test helper: the ids of the true facts of a set, comma-separated, in
 * report order; only ids starting with one of the prefixes when any
 * are given (NULL-terminated).
 */
#ifndef TEST_FACTS_H
#define TEST_FACTS_H

#include <stdarg.h>
#include <string.h>

#include "fact.h"
#include "util.h"

static inline const char *
true_facts(const struct factset *fs, struct sbuf *out, ...)
{
	const char *prefix;
	va_list ap;
	size_t j;
	int given, match;

	sbuf_reset(out);
	for (j = 0; j < fs->n; j++) {
		if (fs->f[j].val != FACT_TRUE)
			continue;
		given = match = 0;
		va_start(ap, out);
		while ((prefix = va_arg(ap, const char *)) != NULL) {
			given = 1;
			match |= strncmp(fs->f[j].id, prefix, strlen(prefix)) == 0;
		}
		va_end(ap);
		if (!given || match)
			sbuf_printf(out, "%s%s", out->len ? "," : "",
			    fs->f[j].id);
	}
	return out->s;
}

#endif
