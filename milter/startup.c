/*
 * NAME
 *	startup - what can fail at start, tried before the daemon detaches
 * DESCRIPTION
 *	Real operations, not access(2): access() answers for the real uid
 *	and says nothing about a read-only file system, a full directory or
 *	LMDB's lock file. Each check does what the daemon will do, as the
 *	user who will do it, on a name of its own, and undoes it.
 * DIAGNOSTICS
 *	Every error names the path and the reason, and the user when the
 *	reason is a permission.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libgen.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "identstore.h"
#include "log.h"
#include "runas.h"
#include "startup.h"
#include "util.h"

/* " (as user nobody)": who was refused. */
static const char *
as_user(void)
{
	static char buf[300];
	struct passwd *pw;

	if ((pw = getpwuid(geteuid())) == NULL)
		snprintf(buf, sizeof(buf), " (as uid %ld)", (long)geteuid());
	else
		snprintf(buf, sizeof(buf), " (as user %s)", pw->pw_name);
	return buf;
}

/* strerror(e), and who was refused when e is a permission error. */
static const char *
reason(int e)
{
	static char buf[600];

	snprintf(buf, sizeof(buf), "%s%s", strerror(e),
	    e == EACCES || e == EPERM || e == EROFS ? as_user() : "");
	return buf;
}

static char *
dir_of(const char *path)
{
	char *copy = xstrdup(path), *dir = xstrdup(dirname(copy));

	free(copy);
	return dir;
}

static int
sockaddr_for(const char *path, struct sockaddr_un *sun)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun->sun_path))
		return -1;
	memcpy(sun->sun_path, path, strlen(path) + 1);
	return 0;
}

/* 1 when a process accepts connections on the socket at path. */
static int
answers(const char *path)
{
	struct sockaddr_un sun;
	int fd, rc;

	if (sockaddr_for(path, &sun) < 0 ||
	    (fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0)) < 0)
		return 0;
	rc = connect(fd, (struct sockaddr *)&sun, sizeof(sun));
	if (rc < 0 && errno == EAGAIN)		/* listening, backlog full */
		rc = 0;
	close(fd);
	return rc == 0;
}

/* Binds a socket of our own in dir, as milter_open() will bind its own. */
static int
probe_socket(const struct conf *cf, const char *dir, char *err,
    size_t errlen)
{
	struct sockaddr_un sun;
	struct group *gr;
	char name[sizeof(sun.sun_path) + 64];
	int fd, rc = -1;

	snprintf(name, sizeof(name), "%s/.senderlint-n.%ld", dir,
	    (long)getpid());
	if (sockaddr_for(name, &sun) < 0)
		return 0;	/* no room for our name; the real one fits */
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	unlink(name);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		snprintf(err, errlen, "cannot create a socket in %s: %s",
		    dir, reason(errno));
		close(fd);
		return -1;
	}
	gr = cf->socket_group != NULL ? getgrnam(cf->socket_group) : NULL;
	if (cf->socket_group != NULL && gr == NULL)
		snprintf(err, errlen, "no such group %s", cf->socket_group);
	else if (gr != NULL && chown(name, (uid_t)-1, gr->gr_gid) < 0)
		snprintf(err, errlen, "cannot give the socket group %s: %s",
		    cf->socket_group, reason(errno));
	else if (cf->socket_mode >= 0 &&
	    chmod(name, (mode_t)cf->socket_mode) < 0)
		snprintf(err, errlen, "cannot give the socket mode %04lo: %s",
		    (unsigned long)cf->socket_mode, strerror(errno));
	else
		rc = 0;
	unlink(name);
	close(fd);
	return rc;
}

int
startup_socket(const struct conf *cf, int probe, char *err, size_t errlen)
{
	struct sockaddr_un sun;
	struct stat st;
	const char *path;
	char *dir;
	int rc = 0;

	if (cf->socket == NULL) {
		snprintf(err, errlen, "no socket configured (socket: path:)");
		return -1;
	}
	if ((path = conf_unix_path(cf->socket)) == NULL)
		return 0;
	if (sockaddr_for(path, &sun) < 0) {
		snprintf(err, errlen, "socket %s: the path is longer than the "
		    "%zu octets a unix socket allows", path,
		    sizeof(sun.sun_path) - 1);
		return -1;
	}
	dir = dir_of(path);
	if (stat(dir, &st) < 0) {
		snprintf(err, errlen, "socket %s: directory %s: %s", path, dir,
		    strerror(errno));
		rc = -1;
	} else if (!S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "socket %s: %s is not a directory", path,
		    dir);
		rc = -1;
	} else if (lstat(path, &st) == 0 && !S_ISSOCK(st.st_mode)) {
		snprintf(err, errlen, "socket %s: something else than a socket "
		    "is in the way", path);
		rc = -1;
	} else if (lstat(path, &st) == 0 && answers(path)) {
		snprintf(err, errlen, "socket %s is in use: another senderlint "
		    "(or another milter) answers on it", path);
		rc = 1;
	} else if (probe && probe_socket(cf, dir, err, errlen) < 0) {
		rc = -1;
	}
	free(dir);
	return rc;
}

int
startup_become(const char *user, char *err, size_t errlen)
{
	struct passwd *pw;

	if (user == NULL)
		return 0;
	if ((pw = getpwnam(user)) == NULL) {
		snprintf(err, errlen, "no such user %s", user);
		return -1;
	}
	if (geteuid() != 0) {
		if (pw->pw_uid == geteuid())
			return 0;
		snprintf(err, errlen, "cannot become user %s: not started as "
		    "root%s", user, as_user());
		return -1;
	}
	return runas_drop(pw, err, errlen);
}

int
startup_probe(const char *path, const char *what, char *err, size_t errlen)
{
	struct stat st;
	struct sbuf tmp;
	char *dir;
	int fd, rc = 0;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s %s is a directory", what, path);
		return -1;
	}
	sbuf_init(&tmp, 4096);
	sbuf_printf(&tmp, "%s.%ld.tmp", path, (long)getpid());
	dir = dir_of(path);
	if (tmp.trunc) {
		snprintf(err, errlen, "%s %s: the path is too long", what,
		    path);
		rc = -1;
	} else if ((fd = open(tmp.s, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0644)) < 0) {
		snprintf(err, errlen, "%s %s: cannot create files in %s: %s",
		    what, path, dir, reason(errno));
		rc = -1;
	} else {
		close(fd);
		if (unlink(tmp.s) < 0) {
			snprintf(err, errlen, "%s %s: cannot remove files in "
			    "%s: %s", what, path, dir, reason(errno));
			rc = -1;
		}
	}
	free(dir);
	sbuf_clear(&tmp);
	return rc;
}

struct identstore *
startup_identstore(const char *path, long map_mb, char *err, size_t errlen)
{
	struct identstore *st;
	char e[400];

	if ((st = identstore_open(path, map_mb, 0, e, sizeof(e))) == NULL)
		snprintf(err, errlen, "identity store %s%s", e, as_user());
	return st;
}

int
startup_pidfile(const char *path, char *err, size_t errlen)
{
	struct sbuf tmp;
	FILE *fp;
	int ok, e;

	sbuf_init(&tmp, 4096);
	sbuf_printf(&tmp, "%s.%ld.tmp", path, (long)getpid());
	errno = ENAMETOOLONG;
	ok = !tmp.trunc && (fp = fopen(tmp.s, "w")) != NULL;
	if (ok) {
		ok = fprintf(fp, "%ld\n", (long)getpid()) > 0;
		ok = fclose(fp) == 0 && ok;
		ok = ok && rename(tmp.s, path) == 0;
		e = errno;
		if (!ok)
			unlink(tmp.s);
		errno = e;
	}
	if (!ok)
		snprintf(err, errlen, "cannot write pid file %s: %s", path,
		    reason(errno));
	sbuf_clear(&tmp);
	return ok ? 0 : -1;
}

int
startup_detach(const struct conf *cf)
{
	const char *sock = cf->socket != NULL ? conf_unix_path(cf->socket) : NULL;
	sigset_t none;
	pid_t pid;
	ssize_t n;
	int fds[2];
	char c = 0;

	if (pipe2(fds, O_CLOEXEC) < 0)
		log_fatal("pipe: %s", strerror(errno));
	if ((pid = fork()) < 0)
		log_fatal("fork: %s", strerror(errno));
	if (pid > 0) {
		/* The started process: ^C ends the wait, not the daemon. */
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		close(fds[1]);
		while ((n = read(fds[0], &c, 1)) < 0 && errno == EINTR)
			;
		waitpid(pid, NULL, 0);
		if (n == 1 && c == 'R')
			_exit(0);
		/* No daemon behind it: leave no socket for Postfix to try. */
		if (sock != NULL)
			unlink(sock);
		_exit(1);
	}
	close(fds[0]);
	if (setsid() < 0)
		log_fatal("setsid: %s", strerror(errno));
	if ((pid = fork()) < 0)
		log_fatal("fork: %s", strerror(errno));
	if (pid > 0)
		_exit(0);
	return fds[1];
}

void
startup_ready(int fd)
{
	if (freopen("/dev/null", "r", stdin) == NULL ||
	    freopen("/dev/null", "w", stdout) == NULL ||
	    freopen("/dev/null", "w", stderr) == NULL)
		log_fatal("cannot redirect standard files: %s",
		    strerror(errno));
	log_echo(0);
	/* A started process that is gone already does not matter. */
	if (write(fd, "R", 1) != 1)
		log_warn("could not report readiness: %s", strerror(errno));
	close(fd);
}

int
startup_stderr_is_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (js == NULL || sscanf(js, "%llu:%llu", &dev, &ino) != 2 ||
	    fstat(STDERR_FILENO, &st) < 0)
		return 0;
	return (unsigned long long)st.st_dev == dev &&
	    (unsigned long long)st.st_ino == ino;
}
