/*
 * NAME
 *	rule - the compiled rule set and its verdicts
 * DESCRIPTION
 *	ruleset_load() reads a rule file (senderlint-rules(5)), compiles
 *	every regex (with JIT) and checks every fact id, stream name and
 *	reply. It returns NULL after adding every error to the diag list:
 *	a bad file is never half-applied. A loaded rule set is immutable
 *	and may be shared by any number of threads. It owns the set of the
 *	file's streams and logins, which ruleset_streams() returns for
 *	stream.h.
 *
 *	ruleset_eval() turns the facts of one message into a verdict:
 *	every rule is evaluated in file order; the strongest enforced
 *	action wins (reject > tempfail > discard > hold > tag > accept); the
 *	first rule in file order with that action supplies the reply; a
 *	matching rule with final: true stops evaluation. Monitor rules are
 *	recorded as hits and change nothing. A rule whose conditions cannot
 *	be decided (a temperror fact) and whose action is tempfail or reject
 *	yields tempfail: senderlint never guesses pass or fail.
 *
 *	ruleset_macro_names() gives the distinct macro names the rules'
 *	macro: conditions read, at most max, into names (pointers into the
 *	rule set); it returns how many. ruleset_nrules() and ruleset_path()
 *	say what was loaded, for log lines.
 *
 *	Pointers in a verdict point into the rule set, which must outlive it.
 */
#ifndef SL_RULE_H
#define SL_RULE_H

#include "diag.h"
#include "fact.h"
#include "limits.h"
#include "msg.h"
#include "stream.h"

enum action {
	ACT_ACCEPT,
	ACT_TAG,
	ACT_HOLD,
	ACT_DISCARD,
	ACT_TEMPFAIL,
	ACT_REJECT
};
#define ACT_COUNT	(ACT_REJECT + 1)

#define VERDICT_MAX_HITS	64

struct hit {
	const char	*rule;
	size_t		 index;		/* of the rule, for ruleset_rule() */
	int		 action;	/* enum action */
	int		 monitor;
	int		 undecided;	/* conditions gave temperror */
};

struct verdict {
	int		 action;	/* enum action */
	char		 rcode[4];	/* "550", empty unless tempfail/reject */
	char		 xcode[16];	/* "5.7.1" */
	char		 text[SL_MAX_REPLY_TEXT + 1];
	const char	*reply_rule;	/* rule that supplied action and reply */
	const char	*stream;	/* stream name or "unknown" */
	enum stream_kind stream_kind;	/* of that stream */
	struct hit	 hits[VERDICT_MAX_HITS];
	size_t		 nhits;
	size_t		 nhits_total;
	int		 dry_run;	/* mode: monitor turned it into accept */
	int		 would;		/* then: the action enforcing gives */
};

struct ruleset;

struct ruleset	*ruleset_load(const char *path, unsigned long re_match_limit,
		    unsigned long re_depth_limit, struct diag *);
/* The same from a buffer; name is used in error messages. */
struct ruleset	*ruleset_parse(const char *name, const char *buf, size_t len,
		    unsigned long re_match_limit, unsigned long re_depth_limit,
		    struct diag *);
void		 ruleset_free(struct ruleset *);
size_t		 ruleset_nrules(const struct ruleset *);
const char	*ruleset_rule(const struct ruleset *, size_t i, int *action,
		    int *monitor);
int		 ruleset_rule_reads(const struct ruleset *, size_t i,
		    const char *fact_id);
const char	*ruleset_path(const struct ruleset *);
const struct streamset *ruleset_streams(const struct ruleset *);
void		 ruleset_eval(const struct ruleset *, const struct msg *,
		    const struct factset *, const struct streaminfo *,
		    struct verdict *);
size_t		 ruleset_macro_names(const struct ruleset *, const char **names,
		    size_t max);

const char	*action_name(int);
int		 action_parse(const char *);	/* -1 if unknown */
/*
 * mode: monitor. Every enforced rule that fired becomes a monitor hit;
 * the message is accepted; would keeps the action enforcing gives.
 */
void		 verdict_dry_run(struct verdict *);
/*
 * on_dns_error: accept. A tempfail that only undecided rules caused
 * becomes the strongest action a decided enforced rule asked for.
 */
void		 verdict_on_dns_error_accept(struct verdict *);
/*
 * Comma-separated ids of the rules of one kind in a verdict: enforced
 * rules that fired (decided), enforced rules left undecided, monitor
 * rules that fired (as rule:action). ",..." ends a list when hits were
 * dropped (VERDICT_MAX_HITS).
 */
enum verdict_list { VR_ENFORCED, VR_MONITOR, VR_UNDECIDED };
void		 verdict_rules(const struct verdict *, enum verdict_list,
		    char *, size_t);

#endif
