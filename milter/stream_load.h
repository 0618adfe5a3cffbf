/*
 * NAME
 *	stream_load - the streams, identities and logins of a rule file
 * DESCRIPTION
 *	The middle layer of the rule loader (see rule_int.h), private to
 *	it: above cond_parse.c, whose string lists, networks and sub-
 *	conditions it uses, and below rule_load.c, which calls it.
 *
 *	stream_load_streams() parses the "streams" map, at most
 *	SL_MAX_STREAMS entries, into L->rs->streams in file order.
 *	stream_load_logins() parses the "logins" map (login glob: address
 *	globs) into L->rs->logins. Errors are added to the diag list at
 *	their node, as cond_parse.h describes. Display names in identities
 *	are NFC-normalized here, once, at load.
 */
#ifndef SL_STREAM_LOAD_H
#define SL_STREAM_LOAD_H

#include "cond_parse.h"

void	stream_load_streams(struct loader *, const struct ynode *);
void	stream_load_logins(struct loader *, const struct ynode *);

#endif
