/*
 * NAME
 *	senderlint - the milter daemon: options, privileges, reload, exit
 * DESCRIPTION
 *	See senderlint(8). Startup order: load and validate the policy,
 *	open the milter socket as root (so it can be placed and chowned),
 *	write the pid file, drop to the configured user, detach unless -f,
 *	then hand over to libmilter.
 *
 *	SIGUSR1 reloads: a dedicated thread waits for it with sigwait();
 *	every other thread has it blocked. A reload that fails validation
 *	is logged and changes nothing.
 *
 *	The resolver, its cache and the verifiers (authres.h) are built once,
 *	after detaching and dropping privileges, and kept across reloads
 *	while the dns settings stay the same; a reload that changes them
 *	builds new ones on the reload thread. A reaper thread (reaper.h)
 *	frees the old ones once the last message using them has ended, so no
 *	libmilter callback waits for a resolver thread to stop.
 */
#include <errno.h>
#include <grp.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth.h"
#include "log.h"
#include "identstore.h"
#include "msgidwin.h"
#include "milter.h"
#include "ruletest.h"
#include "snapshot.h"
#include "reaper.h"
#include "stats.h"
#include "util.h"

#ifndef SL_VERSION
#define SL_VERSION "0.1"
#endif
#define DEFAULT_CONF	"/etc/senderlint/senderlint.conf"

static const char *conf_path = DEFAULT_CONF;

static void
usage(void)
{
	fprintf(stderr, "usage: senderlint [-fnV] [-c config]\n");
	exit(2);
}

static void
same_or_warn(const char *what, const char *old, const char *new)
{
	if ((old == NULL) != (new == NULL) ||
	    (old != NULL && strcmp(old, new) != 0))
		log_warn("reload: %s changed; it takes effect at restart",
		    what);
}

static const char *
resolver_fate(const struct snapshot *old, const struct snapshot *p)
{
	if (p->auth == NULL)
		return "";
	return auth_same_resolver(old->auth, p->auth) ?
	    "; resolver and DNS cache kept" : "; new resolver";
}

static void
reload(void)
{
	struct diag d;
	struct snapshot *p, *old;
	char err[512];
	const char *fate = "";
	size_t i;

	diag_init(&d);
	if ((p = snapshot_load(conf_path, NULL, &d)) == NULL) {
		for (i = 0; i < d.n; i++)
			log_warn("reload failed, keeping the old rules: %s",
			    d.msgs[i]);
		diag_clear(&d);
		stats_reload(0);
		return;
	}
	diag_clear(&d);
	if (snapshot_start_auth(p, err, sizeof(err)) < 0) {
		log_warn("reload failed, keeping the old rules: %s", err);
		snapshot_release(p);
		stats_reload(0);
		return;
	}
	if ((old = snapshot_acquire()) != NULL) {
		same_or_warn("socket", old->conf->socket, p->conf->socket);
		same_or_warn("user", old->conf->user, p->conf->user);
		same_or_warn("pid_file", old->conf->pid_file,
		    p->conf->pid_file);
		same_or_warn("identity_store", old->conf->identstore_path,
		    p->conf->identstore_path);
		if (old->conf->msgid_window_size != p->conf->msgid_window_size ||
		    old->conf->msgid_window_age != p->conf->msgid_window_age)
			log_warn("reload: message_id_window changed; it takes "
			    "effect at restart");
		fate = resolver_fate(old, p);
		snapshot_release(old);
	}
	snapshot_install(p);
	stats_reload(1);
	log_info("reloaded %s: %zu rules from %s%s", conf_path,
	    ruleset_nrules(p->rules), ruleset_path(p->rules), fate);
}

static void *
reload_main(void *arg)
{
	sigset_t *set = arg;
	int sig;

	for (;;) {
		if (sigwait(set, &sig) != 0)
			continue;
		if (sig == SIGUSR1)
			reload();
	}
	return NULL;
}

static void
drop_privileges(const char *user)
{
	struct passwd *pw;

	if (user == NULL || geteuid() != 0)
		return;
	if ((pw = getpwnam(user)) == NULL)
		log_fatal("no such user %s", user);
	if (setgroups(0, NULL) < 0 || initgroups(pw->pw_name, pw->pw_gid) < 0 ||
	    setgid(pw->pw_gid) < 0 || setuid(pw->pw_uid) < 0)
		log_fatal("cannot become user %s: %s", user, strerror(errno));
	if (setuid(0) == 0)
		log_fatal("still able to regain root after dropping to %s",
		    user);
}

static void
write_pid(const char *path, const char *user)
{
	struct passwd *pw;
	FILE *fp;

	if (path == NULL)
		return;
	if ((fp = fopen(path, "w")) == NULL)
		log_fatal("cannot write pid file %s: %s", path,
		    strerror(errno));
	fprintf(fp, "%ld\n", (long)getpid());
	if (fclose(fp) != 0)
		log_fatal("cannot write pid file %s: %s", path,
		    strerror(errno));
	if (user != NULL && geteuid() == 0 && (pw = getpwnam(user)) != NULL &&
	    chown(path, pw->pw_uid, pw->pw_gid) < 0)
		log_warn("chown %s: %s", path, strerror(errno));
}

static void
detach(void)
{
	pid_t pid;

	if ((pid = fork()) < 0)
		log_fatal("fork: %s", strerror(errno));
	if (pid > 0)
		_exit(0);
	if (setsid() < 0)
		log_fatal("setsid: %s", strerror(errno));
	if ((pid = fork()) < 0)
		log_fatal("fork: %s", strerror(errno));
	if (pid > 0)
		_exit(0);
	if (chdir("/") < 0)
		log_fatal("chdir /: %s", strerror(errno));
	if (freopen("/dev/null", "r", stdin) == NULL ||
	    freopen("/dev/null", "w", stdout) == NULL ||
	    freopen("/dev/null", "w", stderr) == NULL)
		log_fatal("cannot redirect standard files: %s",
		    strerror(errno));
}

int
main(int argc, char **argv)
{
	static sigset_t set;
	sigset_t stop;
	struct snapshot *p;
	struct diag d;
	pthread_t tid;
	int ch, foreground = 0, check_only = 0, rc;

	while ((ch = getopt(argc, argv, "c:fnV")) != -1) {
		switch (ch) {
		case 'c':
			conf_path = optarg;
			break;
		case 'f':
			foreground = 1;
			break;
		case 'n':
			check_only = 1;
			break;
		case 'V':
			printf("senderlint %s\n", SL_VERSION);
			return 0;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	diag_init(&d);
	if ((p = snapshot_load(conf_path, NULL, &d)) == NULL) {
		diag_print(&d, stderr);
		diag_clear(&d);
		return 1;
	}
	if (check_only) {
		char err[512];

		if (snapshot_start_auth(p, err, sizeof(err)) < 0) {
			fprintf(stderr, "%s: authentication checks: %s\n",
			    conf_path, err);
			snapshot_release(p);
			return 1;
		}
		printf("%s: OK, %zu rules from %s\n", conf_path,
		    ruleset_nrules(p->rules), ruleset_path(p->rules));
		rc = ruletest_conf(p, stdout) != 0;
		snapshot_release(p);
		return rc;
	}
	log_open("senderlint", !foreground, p->conf->facility);
	signal(SIGPIPE, SIG_IGN);
	/*
	 * Block the signals before any thread starts, so they reach only
	 * the threads that sigwait() for them: SIGUSR1 ours, SIGHUP, SIGINT
	 * and SIGTERM libmilter's (which turns each into a stop).
	 */
	sigemptyset(&stop);
	sigaddset(&stop, SIGHUP);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0 ||
	    pthread_sigmask(SIG_BLOCK, &stop, NULL) != 0)
		log_fatal("cannot block signals");
	if (milter_open(p->conf, msgidwin_new((size_t)p->conf->msgid_window_size,
	    p->conf->msgid_window_age)) < 0)
		log_fatal("cannot open the milter socket %s",
		    p->conf->socket ? p->conf->socket : "(none)");
	if (!foreground)
		detach();
	write_pid(p->conf->pid_file, p->conf->user);
	drop_privileges(p->conf->user);
	reaper_start();
	if (p->conf->identstore_path != NULL) {
		char err[512];
		struct identstore *st = identstore_open(p->conf->identstore_path,
		    p->conf->identstore_map_mb, 0, err, sizeof(err));

		if (st == NULL)
			log_fatal("identity store: %s", err);
		milter_set_store(st);
	}
	{
		char err[512];

		if (snapshot_start_auth(p, err, sizeof(err)) < 0)
			log_fatal("authentication checks: %s", err);
	}
	snapshot_install(p);
	if (pthread_create(&tid, NULL, reload_main, &set) != 0)
		log_fatal("cannot start the reload thread");
	pthread_detach(tid);
	stats_start();
	log_info("starting: %zu rules from %s, socket %s",
	    ruleset_nrules(p->rules), ruleset_path(p->rules), p->conf->socket);
	rc = milter_main();
	log_info("stopping");
	stats_stop();
	reaper_stop();
	if ((p = snapshot_acquire()) != NULL) {
		if (p->conf->pid_file != NULL)
			unlink(p->conf->pid_file);
		snapshot_release(p);
	}
	return rc == 0 ? 0 : 1;
}
