/*
 * NAME
 *	tallyfmt - a tally as tables for people or as one JSON object
 * DESCRIPTION
 *	tallyfmt_text() prints the summary senderlint-check(1) describes
 *	under --summary: final actions, streams (with the rules that
 *	matched in each), every rule in file order, undecided rules with
 *	the facts that left them undecided, the facts found true or
 *	temperror (most frequent first) and example messages per rule.
 *	Shares are of all messages, a stream's rules of that stream's.
 *	Header text is shown as printable ASCII.
 *
 *	tallyfmt_json() prints the same counts as one JSON object on one
 *	line (no shares; keys in senderlint-check(1)).
 *	tallyfmt_example() prints one example line of text (for ruldiff.c
 *	too) and tallyfmt_json_examples() appends ,"examples":[...] to b.
 */
#ifndef SL_TALLYFMT_H
#define SL_TALLYFMT_H

#include <stdio.h>

#include "tally.h"
#include "util.h"

void	tallyfmt_text(const struct tally *, FILE *);
void	tallyfmt_json(const struct tally *, FILE *);
void	tallyfmt_example(const struct example *, const char *indent, FILE *);
void	tallyfmt_json_examples(const struct examples *, struct sbuf *);
/* A share of n in total as "12.5%" ("0.0%" when total is 0). */
void	tallyfmt_share(unsigned long n, unsigned long total, char *, size_t);

#endif
