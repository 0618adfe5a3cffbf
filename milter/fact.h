/*
 * NAME
 *	fact - named findings about one message
 * DESCRIPTION
 *	A fact has a stable public id (see senderlint-rules(5)), a value and
 *	a short detail for humans. The value is tri-state, like every lookup
 *	and matcher in senderlint:
 *
 *	FACT_TRUE	found ("2 From fields")
 *	FACT_FALSE	checked, not found
 *	FACT_TEMPERROR	could not be decided now (a lookup failed)
 *
 *	Only ids in the registry (fact_registry()) may be reported or named
 *	in rules; reporting an unknown id is a bug and panics.
 *
 *	A factset holds at most SL_MAX_FACTS facts in report order. Setting a
 *	fact twice keeps one entry: TRUE beats TEMPERROR beats FALSE, and the
 *	detail of the stronger report wins.
 */
#ifndef SL_FACT_H
#define SL_FACT_H

#include <stddef.h>

#include "limits.h"

enum fact_val {
	FACT_TEMPERROR = -1,
	FACT_FALSE = 0,
	FACT_TRUE = 1
};

struct fact_info {
	const char	*id;
	const char	*summary;	/* what a true value means */
	const char	*source;	/* RFC or provider text */
};

struct fact {
	const char	*id;		/* points into the registry */
	int		 val;		/* enum fact_val */
	long		 num;		/* a count or size, 0 if none */
	char		 detail[SL_MAX_DETAIL + 1];
	unsigned	 idhash;	/* of id, any case: fact_match()'s quick no */
};

struct factset {
	struct fact	 f[SL_MAX_FACTS];
	size_t		 n;
};

void		 factset_init(struct factset *);
struct fact	*fact_set(struct factset *, const char *id, int val, long num,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
const struct fact *fact_get(const struct factset *, const char *id);

/*
 * Tri-state match of a glob over the set: 1 if a fact matching the glob
 * is TRUE, else -1 if one is TEMPERROR, else 0. Calls each TRUE match's
 * fact to cb (may be NULL) so the caller can name it in a reply.
 */
int		 fact_match(const struct factset *, const char *glob,
		    void (*cb)(void *, const struct fact *), void *arg);

const struct fact_info *fact_info(const char *id);
int		 fact_glob_known(const char *glob);
size_t		 fact_registry(const struct fact_info **);

#endif
