/*
 * NAME
 *	rule_int - the compiled rule set, shared by rule_load.c and rule_eval.c
 * DESCRIPTION
 *	Private to the rule engine. A rule's conditions form one tree:
 *	the rule itself is an ALL node holding its when/all conditions, an
 *	ANY node for any:, and a NOT(ANY) node for none:.
 */
#ifndef SL_RULE_INT_H
#define SL_RULE_INT_H

#include "cidr.h"
#include "re.h"
#include "rule.h"
#include "yamldoc.h"

enum cond_kind {
	C_ALL,		/* every sub-condition holds */
	C_ANY,		/* at least one sub-condition holds */
	C_NOT,		/* sub[0] does not hold */
	C_FACT,		/* a fact matching glob is true */
	C_HEADER,	/* a field named arg exists (and its value matches re) */
	C_MAIL_FROM,	/* envelope sender matches re */
	C_RCPT,		/* some recipient matches re */
	C_MACRO,	/* macro arg is set (and matches re) */
	C_AUTH,		/* {auth_authen} matches re */
	C_HELO,		/* HELO name ({s} macro) matches re */
	C_CLIENT,	/* {client_addr} is in one of nets */
	C_DAEMON,	/* {daemon_name} equals one of strs */
	C_STREAM,	/* the message's stream is one of strs */
	C_STREAM_KIND,	/* the stream's kind is arg */
	C_AUTH_GLOB,	/* stream match: {auth_authen} matches a glob in strs */
	C_MAIL_GLOB,	/* stream match: MAIL FROM matches a glob in strs */
	C_HDR_GLOB	/* stream match: header arg's value matches a glob in strs */
};

struct cond {
	enum cond_kind	 kind;
	char		*arg;
	struct re	*re;
	struct cidr	*nets;
	char		**strs;
	size_t		 n;		/* entries in nets, strs or sub */
	struct cond	*sub;
};

enum stream_kind {
	SK_NONE,
	SK_BULK,
	SK_TRANSACTIONAL
};

struct stream {
	char		*name;
	int		 kind;		/* enum stream_kind */
	struct cond	 match;		/* C_ALL */
	struct identity	*id;		/* NULL when none */
	char		*remove;	/* header to remove after use, or NULL */
};

struct login {
	char		*glob;		/* SASL login glob */
	char		**addr;		/* allowed From address globs */
	size_t		 naddr;
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
	struct stream	*streams;
	size_t		 nstreams;
	struct login	*logins;
	size_t		 nlogins;
	struct rule	*rules;
	size_t		 nrules;
};

void		 cond_free(struct cond *);
const char	*stream_kind_name(int);

/* The loader's state, shared by rule_load.c and stream_load.c. */
struct loader {
	const char	*file;
	struct diag	*d;
	unsigned long	 mlimit;
	unsigned long	 dlimit;
	struct ruleset	*rs;
	int		 depth;
};

struct cond	*rl_cond_push(struct cond *);
int		 rl_parse_strlist(struct loader *, const struct ynode *,
		    const char *what, struct cond *);
void		 rl_parse_nets(struct loader *, const struct ynode *,
		    struct cond *);
int		 rl_valid_id(const char *);
void		 stream_parse(struct loader *, const struct ynode *k,
		    const struct ynode *v, struct stream *);
void		 logins_parse(struct loader *, const struct ynode *);
void		 identity_free(struct identity *);
void		 strv_free(char **, size_t);

#endif
