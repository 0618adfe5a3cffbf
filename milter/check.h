/*
 * NAME
 *	check - run every check module over a finished message
 * DESCRIPTION
 *	check_run() reports every fact of every check module, true or false,
 *	whatever the rules use: facts are findings, rules decide. It never
 *	fails on malformed input. The header view must have been built from
 *	the same message; the context is described in checkrun.h.
 *
 *	Only judge.c calls it; unit tests go through judge() too.
 */
#ifndef SL_CHECK_H
#define SL_CHECK_H

#include "checkrun.h"

void	check_run(const struct msg *, const struct headview *,
	    const struct check_ctx *, struct factset *);

#endif
