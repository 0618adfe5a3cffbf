/*
 * NAME
 *	policy - the configuration and rule set in force, swapped on reload
 * DESCRIPTION
 *	A policy is a loaded config plus the rule set it names, immutable
 *	once built. policy_load() validates both and returns NULL after
 *	adding every error to the diag list.
 *
 *	The daemon keeps one current policy. policy_acquire() takes a
 *	reference to it (a message holds one from MAIL FROM to its end, so
 *	it finishes on the rules it started with); policy_release() drops
 *	it and frees the policy with the last reference. policy_install()
 *	makes a new policy current. One mutex guards the pointer and the
 *	reference counts; nothing else is locked.
 *
 *	policy_start_auth() gives a policy whose config asks for them the
 *	authentication checks (auth.h): it shares the resolver, its cache
 *	and the verifiers of the policy in force when the dns settings fit
 *	(authres_fits()), and otherwise builds new ones (a resolver thread,
 *	libunbound, libspf2, libopendkim, the PSL), on the caller's thread;
 *	it returns 0, or -1 with err set. The daemon calls it after it has
 *	detached and dropped privileges (threads do not survive fork()),
 *	and on reload before policy_install(), so a reload that leaves the
 *	dns settings alone keeps the process's one resolver and cache. The
 *	last policy to drop a resolver frees it off the message path.
 */
#ifndef SL_POLICY_H
#define SL_POLICY_H

#include "conf.h"
#include "diag.h"
#include "rule.h"

struct auth;

struct policy {
	struct conf	*conf;
	struct ruleset	*rules;
	struct auth	*auth;		/* NULL: no authentication checks */
	unsigned long	 generation;
	int		 refs;
};

struct policy	*policy_load(const char *conf_path, const char *rules_path,
		    struct diag *);
struct policy	*policy_from(struct conf *, const char *rules_path,
		    struct diag *);
void		 policy_install(struct policy *);
int		 policy_start_auth(struct policy *, char *err, size_t errlen);
struct policy	*policy_acquire(void);
void		 policy_release(struct policy *);

#endif
