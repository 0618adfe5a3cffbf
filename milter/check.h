/*
 * NAME
 *	check - run every check over a finished message
 * DESCRIPTION
 *	check_run() reports every fact of every check module, true or false,
 *	whatever the rules use: facts are findings, rules decide. It never
 *	fails on malformed input. The per-module entry points are public so
 *	unit tests can run one module alone.
 */
#ifndef SL_CHECK_H
#define SL_CHECK_H

#include "fact.h"
#include "msg.h"

void	check_run(const struct msg *, struct factset *);

void	hdr_check(const struct msg *, struct factset *);
void	line_check(const struct msg *, struct factset *);
void	unsub_check(const struct msg *, struct factset *);

#endif
