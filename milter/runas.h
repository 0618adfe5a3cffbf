/*
 * NAME
 *	runas - become the configured user
 * SUMMARY
 *	if (runas_drop(pw, err, sizeof(err)) < 0) ...	as root: now pw
 *	if (runas_tool("senderlint", err, sizeof(err)) < 0) ...
 * DESCRIPTION
 *	runas_drop() makes a root process pw's user: no supplementary
 *	groups but pw's, pw's group, pw's uid; for a user other than root
 *	it then checks that root cannot be regained. Returns 0, or -1 with
 *	the reason in err.
 *
 *	runas_tool() is what the administration tools do before they open
 *	a store the daemon owns: run as root, they become user (so what
 *	they create belongs to the daemon's user); run as anyone else, they
 *	stay who they are and the store's permissions decide. A NULL user
 *	is no change.
 *
 *	The daemon's stricter start-up (refusing a user it cannot become)
 *	is startup_become() in startup.h, built on runas_drop().
 */
#ifndef SL_RUNAS_H
#define SL_RUNAS_H

#include <stddef.h>

struct passwd;

int	runas_drop(const struct passwd *pw, char *err, size_t errlen);
int	runas_tool(const char *user, char *err, size_t errlen);

#endif
