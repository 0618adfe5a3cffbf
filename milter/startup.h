/*
 * NAME
 *	startup - what can fail at start, tried before the daemon detaches
 * DESCRIPTION
 *	The daemon and senderlint -n run the same checks, so that -n says
 *	OK only when a start would succeed. Each function returns 0, or -1
 *	with err set to one line that names the path and the reason.
 *
 *	startup_socket() looks at the milter socket before it is opened,
 *	as the user that opens it (root, when started as root): its
 *	directory exists, nothing but a socket is in the way, and no
 *	process answers on it (1, with err saying so: opening the socket
 *	would take it from a running senderlint). With probe it also binds
 *	a socket of its own in that directory and gives it the configured
 *	group and mode, as milter_open() will, then removes it (senderlint
 *	-n). An inet socket is only checked when it is opened.
 *
 *	startup_become() makes the process the configured user: as root it
 *	drops to that user for good; otherwise it must already be that user.
 *	Everything after it runs as the user the daemon runs as.
 *
 *	startup_probe() creates a file next to path and removes it: the
 *	pid file and the stats file are written (and the pid file removed
 *	at exit) by the run-as user, who must be able to do both.
 *	startup_identstore() opens the identity store read-write as the
 *	daemon does (creating its directory and LMDB files, owned by the
 *	user who runs this); the caller keeps it or closes it.
 *	startup_pidfile() writes the pid file through a temporary file and
 *	rename(), so a pid file left by root or by an older run is replaced.
 *
 *	startup_detach() forks the daemon off (new session, second fork)
 *	and returns in the daemon with the write end of a pipe; the process
 *	that was started waits on the other end and exits 0 when
 *	startup_ready() is called, 1 when the daemon exits first (after
 *	log_fatal() said why, on standard error and in the log), removing
 *	the unix socket the daemon had opened. So the
 *	command that starts senderlint, and systemd (Type=forking), see a
 *	failure as a failure. startup_ready() points the standard files at
 *	/dev/null and then tells the waiting process.
 */
#ifndef SL_STARTUP_H
#define SL_STARTUP_H

#include <stddef.h>

#include "conf.h"
#include "identstore.h"

int	startup_socket(const struct conf *, int probe, char *err,
	    size_t errlen);
int	startup_become(const char *user, char *err, size_t errlen);
int	startup_probe(const char *path, const char *what, char *err,
	    size_t errlen);
struct identstore *startup_identstore(const char *path, long map_mb, char *err,
	    size_t errlen);
int	startup_pidfile(const char *path, char *err, size_t errlen);
int	startup_detach(const struct conf *);
void	startup_ready(int fd);
/* Whether standard error is systemd's journal (JOURNAL_STREAM). */
int	startup_stderr_is_journal(void);

#endif
