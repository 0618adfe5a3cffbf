/*
 * NAME
 *	stream_load - the streams, identities and logins of a rule file
 * DESCRIPTION
 *	The stream module's loader, called by the rule loader (rule_load.c)
 *	and calling only down: cond_parse.c for string lists and networks,
 *	rule_model.c for the syntax of names and to free scratch
 *	conditions, stream.c for the words of the kinds.
 *
 *	stream_load() parses the "streams" map (at most SL_MAX_STREAMS, in
 *	file order) and the "logins" map (login glob: address globs); either
 *	node may be NULL when the file has no such key. It returns a new
 *	set, never NULL, to free with streamset_free(). Errors are added to
 *	the diag list at their node, as cond_parse.h describes; the set then
 *	holds what was parsed. Display names in identities are
 *	NFC-normalized here, once.
 */
#ifndef SL_STREAM_LOAD_H
#define SL_STREAM_LOAD_H

#include "cond_parse.h"
#include "stream.h"

struct streamset *stream_load(struct loader *, const struct ynode *streams,
		    const struct ynode *logins);

#endif
