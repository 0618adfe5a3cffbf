/*
 * runas.c - become the configured user; see runas.h.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "runas.h"

int
runas_drop(const struct passwd *pw, char *err, size_t errlen)
{
	if (setgroups(0, NULL) < 0 || initgroups(pw->pw_name, pw->pw_gid) < 0 ||
	    setgid(pw->pw_gid) < 0 || setuid(pw->pw_uid) < 0) {
		snprintf(err, errlen, "cannot become user %s: %s", pw->pw_name,
		    strerror(errno));
		return -1;
	}
	if (pw->pw_uid != 0 && setuid(0) == 0) {
		snprintf(err, errlen, "still able to regain root after "
		    "dropping to %s", pw->pw_name);
		return -1;
	}
	return 0;
}

int
runas_tool(const char *user, char *err, size_t errlen)
{
	struct passwd *pw;

	if (user == NULL || geteuid() != 0)
		return 0;
	if ((pw = getpwnam(user)) == NULL) {
		snprintf(err, errlen, "no such user %s", user);
		return -1;
	}
	return runas_drop(pw, err, errlen);
}
