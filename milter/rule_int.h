/*
 * NAME
 *	rule_int - the rule-set model, private to the rule engine
 * DESCRIPTION
 *	What a rule file becomes once loaded: its rules and the set of its
 *	streams and logins (stream.h, owned here, opaque here). A rule's
 *	conditions form one tree: the rule itself is an ALL node holding its
 *	when/all conditions, an ANY node for any:, and a NOT(ANY) node for
 *	none:.
 *
 *	The files that build a model are layered, each calling only the
 *	ones below it:
 *
 *		rule_load.c	rules:, replies, the whole file
 *		stream_load.c	streams:, identities, logins: (stream module)
 *		cond_parse.c	one condition, from YAML node to struct cond
 *		rule_model.c	this model, its queries and its free
 *
 *	and below them all stream.c, for the words of stream kinds, the
 *	names of the streams and the free of the stream set. rule_eval.c
 *	reads the model to judge a message; it never calls a loader.
 *
 *	rule_model.c implements the functions below and, of rule.h,
 *	ruleset_free(), ruleset_nrules(), ruleset_rule(), ruleset_rule_reads(),
 *	ruleset_path(),
 *	ruleset_streams(),
 *	ruleset_macro_names(), action_name() and action_parse().
 *
 *	cond_clear() frees what a condition holds, not the condition, which
 *	may be an element of its parent's array. rule_id_valid() says
 *	whether s is a valid rule or stream id: 1 to SL_MAX_RULE_ID
 *	letters, digits, '.', '-' and '_'.
 */
#ifndef SL_RULE_INT_H
#define SL_RULE_INT_H

#include "cidr.h"
#include "re.h"
#include "rule.h"

enum cond_kind {
	C_ALL,		/* every sub-condition holds */
	C_ANY,		/* at least one sub-condition holds */
	C_NOT,		/* sub[0] does not hold */
	C_FACT,		/* a fact matching glob arg is true */
	C_HEADER,	/* a field named arg exists (and its value matches re) */
	C_MAIL_FROM,	/* envelope sender matches re */
	C_RCPT,		/* some recipient matches re */
	C_MACRO,	/* MTA macro arg is set (and matches re) */
	C_AUTH,		/* the SASL login matches re */
	C_HELO,		/* the HELO name matches re */
	C_CLIENT,	/* the client address is in one of nets */
	C_DAEMON,	/* the MTA service name equals one of strs */
	C_STREAM,	/* the message's stream is one of strs */
	C_STREAM_KIND	/* the stream's kind is skind */
};

struct cond {
	enum cond_kind	 kind;
	char		*arg;
	struct re	*re;
	struct cidr	*nets;
	char		**strs;
	size_t		 n;		/* entries in nets, strs or sub */
	struct cond	*sub;
	enum stream_kind skind;		/* C_STREAM_KIND */
};

struct reply {
	char		 rcode[4];
	char		 xcode[16];
	char		*text;		/* template with {rule} {facts} {url} */
};

struct rule {
	char		*id;
	int		 line;
	struct cond	 cond;		/* C_ALL */
	int		 action;
	int		 monitor;
	int		 final;
	int		 has_reply;
	struct reply	 reply;
	char		*url;
};

struct ruleset {
	char		*path;
	struct streamset *streams;
	struct rule	*rules;
	size_t		 nrules;
};

void		 cond_clear(struct cond *);
int		 rule_id_valid(const char *);

#endif
