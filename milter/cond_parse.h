/*
 * NAME
 *	cond_parse - rule-file conditions, from YAML node to struct cond
 * DESCRIPTION
 *	The lowest layer of the rule loader (see rule_int.h), private to
 *	it. A struct loader carries what every part of the loader needs:
 *	the file name for messages, the diag list, the regex limits and the
 *	rule set being built; this layer reads only its stream set, to check
 *	the names in stream: conditions, so streams are loaded first.
 *
 *	No function here fails: each error is added to the diag list at its
 *	node and parsing goes on, so one run reports every error; the caller
 *	discards the rule set when any was added. What was parsed so far
 *	stays in the condition for cond_clear().
 *
 *	cond_push() appends a zeroed sub-condition (C_ALL) to parent and
 *	returns it. cond_parse_pair() parses one "key: value" condition
 *	into c: fact, header, macro, mail_from, rcpt, auth, helo, client,
 *	daemon, stream, stream_kind, not, all, any; conditions nest at most
 *	8 deep. cond_parse_list() parses a list of conditions (fact globs
 *	or one-key maps, 1 to SL_MAX_CONDS) into new sub-conditions of c.
 *
 *	cond_parse_strlist() copies a string or a list of strings into
 *	c->strs and c->n; it returns -1 after an error, else 0.
 *	cond_parse_nets() does the same and parses each entry as an address
 *	or network into c->nets.
 */
#ifndef SL_COND_PARSE_H
#define SL_COND_PARSE_H

#include "rule_int.h"
#include "yamldoc.h"

struct loader {
	const char	*file;
	struct diag	*d;
	unsigned long	 mlimit;	/* PCRE2 match limit */
	unsigned long	 dlimit;	/* PCRE2 depth limit */
	struct ruleset	*rs;		/* the rule set being built */
	int		 depth;		/* of the condition being parsed */
};

struct cond	*cond_push(struct cond *parent);
void		 cond_parse_pair(struct loader *, const struct ynode *k,
		    const struct ynode *v, struct cond *);
void		 cond_parse_list(struct loader *, const struct ynode *,
		    const char *what, struct cond *);
int		 cond_parse_strlist(struct loader *, const struct ynode *,
		    const char *what, struct cond *);
void		 cond_parse_nets(struct loader *, const struct ynode *,
		    struct cond *);

#endif
