/*
 * NAME
 *	senderlint - the milter daemon: options, start-up, reload, exit
 * DESCRIPTION
 *	See senderlint(8). Start-up order: load and validate the
 *	configuration and rules (a snapshot); look at the milter socket and
 *	open it as the user started (root, so it can be placed and given its
 *	group); detach unless -f, with the started process waiting for the
 *	daemon to be ready (startup.h); in
 *	the daemon, become the configured user, then, as that user, check
 *	the pid file and the stats file can be written, open the identity
 *	store and build the authentication checks; bind the metrics
 *	listener (metricsrv.h); write the pid file;
 *	report ready; hand over to libmilter. Whatever fails before ready
 *	is logged (to standard error as well) and the started process
 *	exits 1. senderlint -n makes the same checks in a child that
 *	becomes the configured user, and lists every failure.
 *
 *	SIGUSR1 reloads: a dedicated thread waits for it with sigwait();
 *	every other thread has it blocked. A reload that fails validation
 *	is logged and changes nothing. It reads the configuration by the
 *	absolute path made at start: the daemon runs in /.
 *
 *	The resolver, its cache and the verifiers (authres.h) are built once,
 *	after detaching and dropping privileges, and kept across reloads
 *	while the dns settings stay the same; a reload that changes them
 *	builds new ones on the reload thread. A reaper thread (reaper.h)
 *	frees the old ones once the last message using them has ended, so no
 *	libmilter callback waits for a resolver thread to stop.
 */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "auth.h"
#include "log.h"
#include "identstore.h"
#include "metricsrv.h"
#include "msgidwin.h"
#include "milter.h"
#include "ruletest.h"
#include "snapshot.h"
#include "reaper.h"
#include "startup.h"
#include "suppress.h"
#include "stats.h"
#include "util.h"

#ifndef SL_VERSION
#define SL_VERSION "0.1"
#endif
#define DEFAULT_CONF	"/etc/senderlint/senderlint.conf"

static const char *conf_path = DEFAULT_CONF;	/* as given: for messages */
static char *conf_abs;		/* what a reload reads, wherever we run */

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
	if ((p = snapshot_load(conf_abs, NULL, &d)) == NULL) {
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
		same_or_warn("stats listen", old->conf->stats_listen,
		    p->conf->stats_listen);
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
	stats_rules(p->rules, p->conf->monitor_all);
	stats_reload(1);
	log_info("reloaded %s: %zu rules from %s%s", conf_abs,
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


/* Made absolute without resolving symbolic links: a link swapped later
 * (a configuration managed elsewhere) is followed at reload. */
static char *
absolute(const char *path)
{
	struct sbuf b;
	char *cwd;

	if (path[0] == '/' || (cwd = getcwd(NULL, 0)) == NULL)
		return xstrdup(path);
	sbuf_init(&b, 4096);
	sbuf_printf(&b, "%s/%s", cwd, path);
	free(cwd);
	if (b.trunc) {
		sbuf_clear(&b);
		return xstrdup(path);
	}
	return b.s;
}

typedef void report_fn(const char *);

/*
 * The suppression list opens for lookups as the run-as user. One that
 * does not exist yet is no error: nothing is suppressed until
 * senderlint-suppress creates it (the daemon says so once).
 */
static int
supp_probe(const struct conf *cf, char *err, size_t errlen)
{
	struct suppress *s;
	struct stat st;
	char data[4096];

	snprintf(data, sizeof(data), "%s/data.mdb", cf->supp_path);
	if (stat(data, &st) < 0 && errno == ENOENT)
		return 0;
	if ((s = suppress_open(cf->supp_path, cf->supp_map_mb,
	    SUPPRESS_RDONLY, err, errlen)) == NULL)
		return -1;
	suppress_close(s);
	return 0;
}

static void
report_fatal(const char *msg)
{
	log_fatal("%s", msg);
}

static void
report_print(const char *msg)
{
	fprintf(stderr, "%s: %s\n", conf_path, msg);
}

/*
 * What is checked as the run-as user, in the daemon and by -n alike:
 * the pid file and the stats file can be created (and removed) where
 * they go, the identity store opens read-write, the suppression list
 * (when it exists) opens for lookups (-n only: the daemon keeps running
 * on a broken list, logs it and answers RCPT per suppression.on_error),
 * the authentication checks can be built. Returns how many failed;
 * *store is the open identity store or NULL.
 */
static int
user_checks(struct snapshot *p, report_fn *report, struct identstore **store,
    struct unsubwin **unsubs, int probe_supp)
{
	const struct conf *cf = p->conf;
	char err[1024], e[512];
	int failed = 0;

	*store = NULL;
	*unsubs = NULL;
	if (cf->pid_file != NULL &&
	    startup_probe(cf->pid_file, "pid file", err, sizeof(err)) < 0) {
		report(err);
		failed++;
	}
	if (cf->stats_file != NULL &&
	    startup_probe(cf->stats_file, "stats file", err, sizeof(err)) < 0) {
		report(err);
		failed++;
	}
	if (cf->identstore_path != NULL && (*store = startup_identstore(
	    cf->identstore_path, cf->identstore_map_mb, err, sizeof(err))) == NULL) {
		report(err);
		failed++;
	}
	if (cf->unsubwin_path != NULL && (*unsubs = unsubwin_open(
	    cf->unsubwin_path, cf->unsubwin_map_mb, cf->unsubwin_size,
	    cf->unsubwin_age, 0, e, sizeof(e))) == NULL) {
		snprintf(err, sizeof(err), "unsubscribe window: %s", e);
		report(err);
		failed++;
	}
	if (probe_supp && cf->supp_path != NULL && cf->supp_enabled &&
	    supp_probe(cf, e, sizeof(e)) < 0) {
		snprintf(err, sizeof(err), "suppression list: %s", e);
		report(err);
		failed++;
	}
	if (snapshot_start_auth(p, e, sizeof(e)) < 0) {
		snprintf(err, sizeof(err), "authentication checks: %s", e);
		report(err);
		failed++;
	}
	return failed;
}

/*
 * senderlint -n: the socket as the invoking user, the rest in a child
 * that becomes the configured user and runs in /, as the daemon does.
 * A socket a running senderlint answers on is a note, not a failure:
 * -n is run before reloads too.
 */
static int
check_config(struct snapshot *p)
{
	struct identstore *st;
	struct unsubwin *uw;
	char err[1024];
	pid_t pid;
	int rc, status, failed = 0;

	rc = startup_socket(p->conf, 1, err, sizeof(err));
	if (rc == 1)
		printf("%s: note: %s\n", conf_path, err);
	else if (rc < 0) {
		report_print(err);
		failed++;
	}
	fflush(stdout);
	if ((pid = fork()) < 0) {
		fprintf(stderr, "%s: fork: %s\n", conf_path, strerror(errno));
		return 1;
	}
	if (pid == 0) {
		if (chdir("/") < 0)
			snprintf(err, sizeof(err), "chdir /: %s",
			    strerror(errno));
		else if (startup_become(p->conf->user, err, sizeof(err)) == 0)
			_exit(user_checks(p, report_print, &st, &uw, 1) ? 1 : 0);
		report_print(err);
		_exit(1);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		failed++;
	if (failed)
		return 1;
	printf("%s: OK, %zu rules from %s\n", conf_path,
	    ruleset_nrules(p->rules), ruleset_path(p->rules));
	return 0;
}

/* A configuration that does not load: stderr, and the log (default
 * facility) unless it goes to stderr anyway. */
static int
load_failed(struct diag *d, int to_syslog)
{
	size_t i;

	diag_print(d, stderr);
	if (to_syslog) {
		log_open("senderlint", 1, log_facility("mail"));
		for (i = 0; i < d->n; i++)
			log_warn("%s", d->msgs[i]);
		log_fatal("%s: configuration errors; not started", conf_abs);
	}
	diag_clear(d);
	return 1;
}

int
main(int argc, char **argv)
{
	static sigset_t set;
	sigset_t stop;
	struct snapshot *p;
	struct identstore *store;
	struct unsubwin *unsubs;
	struct diag d;
	pthread_t tid;
	char err[1024];
	int ch, foreground = 0, check_only = 0, ready = -1, rc;

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
	/*
	 * Memory at high concurrency: glibc gives each thread that contends
	 * for the heap an arena of its own (up to 8 per core), each keeping
	 * what it once held; a message's buffers are short-lived, so two
	 * arenas serve every connection thread.
	 */
	mallopt(M_ARENA_MAX, 2);
	conf_abs = absolute(conf_path);
	diag_init(&d);
	if ((p = snapshot_load(conf_path, NULL, &d)) == NULL)
		return load_failed(&d, !check_only && !foreground);
	diag_clear(&d);
	if (check_only) {
		rc = check_config(p);
		if (rc == 0)
			rc = ruletest_conf(p, stdout) != 0;
		snapshot_release(p);
		return rc;
	}
	log_open("senderlint", !foreground, p->conf->facility);
	log_echo(!foreground && !startup_stderr_is_journal());
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
	if (startup_socket(p->conf, 0, err, sizeof(err)) != 0)
		log_fatal("%s", err);
	if (milter_open(p->conf, msgidwin_new((size_t)p->conf->msgid_window_size,
	    p->conf->msgid_window_age)) < 0)
		log_fatal("cannot open the milter socket %s",
		    p->conf->socket ? p->conf->socket : "(none)");
	if (!foreground)
		ready = startup_detach(p->conf);
	if (chdir("/") < 0)
		log_fatal("chdir /: %s", strerror(errno));
	if (startup_become(p->conf->user, err, sizeof(err)) < 0)
		log_fatal("%s", err);
	reaper_start();
	user_checks(p, report_fatal, &store, &unsubs, 0);
	milter_set_stores(store, unsubs);
	if (p->conf->stats_listen != NULL &&
	    metricsrv_start(p->conf->stats_listen, err, sizeof(err)) < 0)
		log_fatal("%s", err);
	if (p->conf->pid_file != NULL &&
	    startup_pidfile(p->conf->pid_file, err, sizeof(err)) < 0)
		log_fatal("%s", err);
	snapshot_install(p);
	stats_rules(p->rules, p->conf->monitor_all);
	if (pthread_create(&tid, NULL, reload_main, &set) != 0)
		log_fatal("cannot start the reload thread");
	pthread_detach(tid);
	stats_start();
	if (ready >= 0)
		startup_ready(ready);
	log_info("starting: %zu rules from %s, socket %s",
	    ruleset_nrules(p->rules), ruleset_path(p->rules), p->conf->socket);
	rc = milter_main();
	log_info("stopping");
	metricsrv_stop();
	stats_stop();
	reaper_stop();
	if ((p = snapshot_acquire()) != NULL) {
		if (p->conf->pid_file != NULL)
			unlink(p->conf->pid_file);
		snapshot_release(p);
	}
	return rc == 0 ? 0 : 1;
}
