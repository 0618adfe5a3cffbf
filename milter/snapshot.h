/*
 * NAME
 *	policy - the configuration and rule set in force, swapped on reload
 * DESCRIPTION
 *	A policy is a loaded config plus the rule set it names, immutable
 *	once built. snapshot_load() validates both and returns NULL after
 *	adding every error to the diag list.
 *
 *	The daemon keeps one current policy. snapshot_acquire() takes a
 *	reference to it (a message holds one from MAIL FROM to its end, so
 *	it finishes on the rules it started with); snapshot_release() drops
 *	it and frees the policy with the last reference. snapshot_install()
 *	makes a new policy current. One mutex guards the pointer and the
 *	reference counts; nothing else is locked.
 *
 *	snapshot_start_auth() gives a policy whose config asks for them the
 *	authentication checks (auth.h): it shares the resolver, its cache
 *	and the verifiers of the policy in force when the dns settings fit
 *	(authres_fits()), and otherwise builds new ones (a resolver thread,
 *	libunbound, libspf2, libopendkim, the PSL), on the caller's thread;
 *	it returns 0, or -1 with err set. The daemon calls it after it has
 *	detached and dropped privileges (threads do not survive fork()),
 *	and on reload before snapshot_install(), so a reload that leaves the
 *	dns settings alone keeps the process's one resolver and cache. The
 *	last policy to drop a resolver frees it off the message path.
 */
#ifndef SL_SNAPSHOT_H
#define SL_SNAPSHOT_H

#include "conf.h"
#include "diag.h"
#include "rule.h"

struct auth;

struct snapshot {
	struct conf	*conf;
	struct ruleset	*rules;
	struct auth	*auth;		/* NULL: no authentication checks */
	unsigned long	 generation;
	int		 refs;
};

struct snapshot	*snapshot_load(const char *conf_path, const char *rules_path,
		    struct diag *);
struct snapshot	*snapshot_from(struct conf *, const char *rules_path,
		    struct diag *);
void		 snapshot_install(struct snapshot *);
int		 snapshot_start_auth(struct snapshot *, char *err, size_t errlen);
struct snapshot	*snapshot_acquire(void);
void		 snapshot_release(struct snapshot *);

#endif
