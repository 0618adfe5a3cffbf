/*
 * NAME
 *	senderlint-check - run senderlint's checks and rules over saved mail
 * DESCRIPTION
 *	See senderlint-check(1). Every message goes through judge(), as in
 *	the daemon; only the envelope comes from options (or a capture
 *	record) instead of SMTP. Four ways to report:
 *
 *	(default)	each message's verdict (checkfmt.h)
 *	--summary	one summary of the corpus (tally.h, tallyfmt.h)
 *	--diff OLD	what the rules change against OLD (ruldiff.h)
 *	--test		rule tests, as TAP (ruletest.h)
 *
 *	Exit status: 2 on usage, config or read errors; else 1 when a
 *	message got an action stronger than tag (--diff: when a message the
 *	old rules let leave is stopped, unless --allow; --test: when a test
 *	fails); else 0.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "checkfmt.h"
#include "checkinput.h"
#include "fact.h"
#include "judge.h"
#include "log.h"
#include "ruldiff.h"
#include "ruletest.h"
#include "snapshot.h"
#include "tallyfmt.h"
#include "unsubwin.h"
#include "util.h"
#include "version.h"

#define DEFAULT_CONF	"/etc/senderlint/senderlint.conf"
#define MAX_RCPT_OPTS	1000

struct opts {
	const char	*conf;
	const char	*rules;
	int		 check_only;	/* -n */
	struct envopts	 env;
	const char	*rcpt[MAX_RCPT_OPTS];
	const char	*param[MAX_RCPT_OPTS];
	long		 now;		/* 0: the real clock */
	const char	*stream;	/* forced stream, or NULL */
	int		 json;
	int		 verbose;
	int		 summary;	/* --summary */
	const char	*diff;		/* --diff OLD-RULES */
	int		 allow;		/* --allow */
	int		 test;		/* --test */
	size_t		 examples;	/* --examples */
	const char	*dns;		/* --dns HOST:PORT */
	const char	*egress[MAX_RCPT_OPTS];
	size_t		 negress;
	const char	*out_helo;
};

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: senderlint-check [-nv] [--json] [-c config] [-r rules]\n"
	    "\t[--mail-from addr] [--rcpt addr]... [--client-ip ip]\n"
	    "\t[--auth user] [--helo name] [--daemon name]\n"
	    "\t[--mail-param param]... [--now seconds] [--stream name]\n"
	    "\t[--dns host:port] [--egress-ip ip]... [--outbound-helo name]\n"
	    "\t[--summary | --diff old-rules [--allow]] [--examples n] path...\n"
	    "       senderlint-check [-c config] [-r rules] [--dns host:port]"
	    " --test file...\n"
	    "       senderlint-check --list-facts | --help | --version\n"
	    "A path is a message file, an mbox, a capture record, \"-\"\n"
	    "(standard input) or a directory (a Maildir, a capture store or\n"
	    "any tree of message files).\n");
	exit(status);
}

static long
number(const char *s, long min, long max)
{
	char *end;
	long l = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || l < min || l > max)
		usage(stderr, 2);
	return l;
}

static int
parse_opts(int argc, char **argv, struct opts *o)
{
	enum { O_MAIL = 256, O_RCPT, O_IP, O_AUTH, O_HELO, O_DAEMON, O_JSON,
	    O_LIST, O_PARAM, O_NOW, O_STREAM, O_DNS, O_EGRESS, O_OHELO,
	    O_SUMMARY, O_EXAMPLES, O_DIFF, O_ALLOW, O_TEST };
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "rules", required_argument, NULL, 'r' },
		{ "mail-from", required_argument, NULL, O_MAIL },
		{ "rcpt", required_argument, NULL, O_RCPT },
		{ "client-ip", required_argument, NULL, O_IP },
		{ "auth", required_argument, NULL, O_AUTH },
		{ "helo", required_argument, NULL, O_HELO },
		{ "daemon", required_argument, NULL, O_DAEMON },
		{ "mail-param", required_argument, NULL, O_PARAM },
		{ "now", required_argument, NULL, O_NOW },
		{ "stream", required_argument, NULL, O_STREAM },
		{ "dns", required_argument, NULL, O_DNS },
		{ "egress-ip", required_argument, NULL, O_EGRESS },
		{ "outbound-helo", required_argument, NULL, O_OHELO },
		{ "json", no_argument, NULL, O_JSON },
		{ "summary", no_argument, NULL, O_SUMMARY },
		{ "examples", required_argument, NULL, O_EXAMPLES },
		{ "diff", required_argument, NULL, O_DIFF },
		{ "allow", no_argument, NULL, O_ALLOW },
		{ "test", no_argument, NULL, O_TEST },
		{ "list-facts", no_argument, NULL, O_LIST },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const struct fact_info *fi;
	size_t i, n;
	int ch;

	memset(o, 0, sizeof(*o));
	o->env.rcpt = o->rcpt;
	o->env.param = o->param;
	o->examples = SL_EXAMPLES;
	while ((ch = getopt_long(argc, argv, "c:r:nvhV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			o->conf = optarg;
			break;
		case 'r':
			o->rules = optarg;
			break;
		case 'n':
			o->check_only = 1;
			break;
		case 'v':
			o->verbose = 1;
			break;
		case 'h':
			usage(stdout, 0);
			break;
		case 'V':
			printf("senderlint-check %s\n", SL_VERSION);
			exit(0);
		case O_MAIL:
			o->env.mail_from = optarg;
			break;
		case O_RCPT:
			if (o->env.nrcpt == MAX_RCPT_OPTS)
				usage(stderr, 2);
			o->rcpt[o->env.nrcpt++] = optarg;
			break;
		case O_IP:
			o->env.client_ip = optarg;
			break;
		case O_AUTH:
			o->env.auth = optarg;
			break;
		case O_HELO:
			o->env.helo = optarg;
			break;
		case O_DAEMON:
			o->env.daemon = optarg;
			break;
		case O_PARAM:
			if (o->env.nparam == MAX_RCPT_OPTS)
				usage(stderr, 2);
			o->param[o->env.nparam++] = optarg;
			break;
		case O_NOW:
			o->now = number(optarg, 1, 253402300799L);
			break;
		case O_STREAM:
			o->stream = optarg;
			break;
		case O_JSON:
			o->json = 1;
			break;
		case O_SUMMARY:
			o->summary = 1;
			break;
		case O_EXAMPLES:
			o->examples = (size_t)number(optarg, 0, SL_MAX_EXAMPLES);
			break;
		case O_DIFF:
			o->diff = optarg;
			break;
		case O_ALLOW:
			o->allow = 1;
			break;
		case O_TEST:
			o->test = 1;
			break;
		case O_DNS:
			o->dns = optarg;
			break;
		case O_EGRESS:
			if (o->negress == MAX_RCPT_OPTS)
				usage(stderr, 2);
			o->egress[o->negress++] = optarg;
			break;
		case O_OHELO:
			o->out_helo = optarg;
			break;
		case O_LIST:
			n = fact_registry(&fi);
			for (i = 0; i < n; i++)
				printf("%s\t%s\t%s\n", fi[i].id, fi[i].summary,
				    fi[i].source);
			exit(0);
		default:
			usage(stderr, 2);
		}
	}
	if ((optind == argc && !o->check_only) ||
	    o->summary + (o->diff != NULL) + o->test > 1 ||
	    (o->allow && o->diff == NULL))
		usage(stderr, 2);
	return optind;
}

/*
 * --dns, --egress-ip and --outbound-helo replace the config's values;
 * --dns turns the authentication checks on. "host:port" is written the
 * libunbound way, host@port.
 */
static void
auth_overrides(struct conf *c, const struct opts *o)
{
	char buf[128], *colon;
	size_t i;

	if (o->dns != NULL) {
		snprintf(buf, sizeof(buf), "%s", o->dns);
		if ((colon = strrchr(buf, ':')) != NULL &&
		    strchr(buf, ':') == colon)
			*colon = '@';
		conf_strlist_free(c->dns_servers);
		c->dns_servers = xcalloc(2, sizeof(char *));
		c->dns_servers[0] = xstrdup(buf);
		c->auth_enabled = 1;
	}
	if (o->negress > 0) {
		conf_strlist_free(c->egress_ips);
		c->egress_ips = xcalloc(o->negress + 1, sizeof(char *));
		for (i = 0; i < o->negress; i++)
			c->egress_ips[i] = xstrdup(o->egress[i]);
	}
	if (o->out_helo != NULL) {
		free(c->outbound_helo);
		c->outbound_helo = xstrdup(o->out_helo);
	}
}

/*
 * The config and rules: -r without -c takes the built-in defaults,
 * else the config (default DEFAULT_CONF) with -r's rules if given, else
 * fallback_rules if given, else the config's. Errors are printed.
 */
static struct snapshot *
load(const struct opts *o, const char *fallback_rules)
{
	struct snapshot *p;
	struct diag d;
	char err[512];
	const char *rules = o->rules ? o->rules : fallback_rules;

	diag_init(&d);
	if (o->conf == NULL && rules != NULL)
		p = snapshot_from(conf_default(), rules, &d);
	else
		p = snapshot_load(o->conf ? o->conf : DEFAULT_CONF, o->rules,
		    &d);
	diag_print(&d, stderr);
	diag_clear(&d);
	if (p == NULL)
		return NULL;
	auth_overrides(p->conf, o);
	if (snapshot_start_auth(p, err, sizeof(err)) < 0) {
		if (err[0] != '\0')
			fprintf(stderr, "senderlint-check: authentication "
			    "checks: %s\n", err);
		snapshot_release(p);
		return NULL;
	}
	return p;
}

/* --stream names a stream of the rule file, or says it does not. */
static int
stream_known(const struct opts *o, const struct ruleset *rs)
{
	if (o->stream == NULL || stream_select_named(ruleset_streams(rs),
	    o->stream, &(struct streaminfo){ 0 }) == 0)
		return 1;
	fprintf(stderr, "senderlint-check: no stream \"%s\" in %s\n",
	    o->stream, ruleset_path(rs));
	return 0;
}

/* What one run over the paths shares. */
struct run {
	const struct snapshot	*p;
	const struct opts	*o;
	struct msgidwin		*ids;
	struct identstore	*store;
	struct unsubwin		*unsubs;	/* read only, or NULL */
	struct tally		*tally;		/* --summary, or NULL */
	const struct ruleset	*old;		/* --diff: the old rules */
	struct ruldiff		*diff;
	int			 strong;	/* an action stronger than tag */
};

/* A captured message is judged as of the time it was captured. */
static void
environment(const struct run *r, const struct input_item *it,
    const struct ruleset *rules, struct judge_env *env)
{
	memset(env, 0, sizeof(*env));
	env->conf = r->p->conf;
	env->rules = rules;
	env->auth = r->p->auth;
	env->ids = r->ids;
	env->store = r->store;	/* read only: checking records no identity */
	env->unsubs = r->unsubs;	/* read only too */
	env->stream = r->o->stream;
	env->now = r->o->now != 0 || it->cap == NULL ? (time_t)r->o->now :
	    it->cap->when;
	env->sender_from_header = 1;
}

/* The default and --summary: one judgement per message. */
static void
judge_one(void *arg, const struct input_item *it)
{
	struct run *r = arg;
	const struct opts *o = r->o;
	struct judge_env env;
	struct judgement *j;

	environment(r, it, r->p->rules, &env);
	j = xmalloc(sizeof(*j));
	judge(&env, it->m, j);
	if (j->v.action <= ACT_HOLD)
		judge_commit(&env, j, 0);
	if (r->tally != NULL)
		tally_add(r->tally, it, j);
	else if (o->json)
		checkfmt_json(it, j, r->p->auth != NULL);
	else
		checkfmt_text(it, j, o->verbose, r->p->auth != NULL);
	if (j->v.action > ACT_TAG)
		r->strong = 1;
	judge_clear(j);
	free(j);
}

/*
 * --diff: the message's facts once, then each rule file's stream, stream
 * facts and verdict. What leaves under the old rules (those the mail was
 * sent with) is remembered in the Message-ID window.
 */
static void
diff_one(void *arg, const struct input_item *it)
{
	struct run *r = arg;
	struct judge_env eold, enew;
	struct judgement *j, *jo;

	environment(r, it, r->old, &eold);
	environment(r, it, r->p->rules, &enew);
	j = xmalloc(sizeof(*j));
	jo = xmalloc(sizeof(*jo));
	judge_facts(&enew, it->m, j);
	judge_rules(&eold, it->m, j);
	if (j->v.action <= ACT_HOLD)
		judge_commit(&eold, j, 0);
	*jo = *j;		/* a view: shares j's header view */
	judge_rules(&enew, it->m, j);
	ruldiff_add(r->diff, it, jo, j);
	judge_clear(j);
	free(jo);
	free(j);
}

/* Judges every message under the paths; returns the exit status. */
static int
run_paths(const struct opts *o, struct snapshot *p,
    const struct ruleset *old, char **paths, int npaths)
{
	struct checkinput in = { 0 };
	struct run r = { 0 };
	char err[512];
	int i;

	r.p = p;
	r.o = o;
	r.old = old;
	r.ids = msgidwin_new((size_t)p->conf->msgid_window_size,
	    p->conf->msgid_window_age);
	if (p->conf->identstore_path != NULL &&
	    (r.store = identstore_open(p->conf->identstore_path,
	    p->conf->identstore_map_mb, 1, err, sizeof(err))) == NULL)
		fprintf(stderr, "senderlint-check: identity store not used: "
		    "%s\n", err);
	if (p->conf->unsubwin_path != NULL && (r.unsubs = unsubwin_open(
	    p->conf->unsubwin_path, p->conf->unsubwin_map_mb,
	    p->conf->unsubwin_size, p->conf->unsubwin_age, 1, err,
	    sizeof(err))) == NULL)
		fprintf(stderr, "senderlint-check: unsubscribe window not "
		    "used: %s\n", err);
	if (old != NULL)
		r.diff = ruldiff_new(old, p->rules, o->examples);
	else if (o->summary)
		r.tally = tally_new(p->rules, o->examples);
	in.env = &o->env;
	in.lim = &p->conf->mlim;
	in.auth = p->auth;
	in.each = old != NULL ? diff_one : judge_one;
	in.arg = &r;
	for (i = 0; i < npaths; i++)
		checkinput_walk(&in, paths[i]);
	if (r.diff != NULL) {
		if (o->json)
			ruldiff_json(r.diff, stdout);
		else
			ruldiff_text(r.diff, stdout);
		r.strong = ruldiff_stopped(r.diff) > 0 && !o->allow;
	} else if (r.tally != NULL && o->json)
		tallyfmt_json(r.tally, stdout);
	else if (r.tally != NULL)
		tallyfmt_text(r.tally, stdout);
	ruldiff_free(r.diff);
	tally_free(r.tally);
	msgidwin_free(r.ids);
	identstore_close(r.store);
	unsubwin_close(r.unsubs);
	return in.nerrors > 0 ? 2 : r.strong ? 1 : 0;
}

/*
 * --test: every file is loaded first; one with an error runs nothing.
 * Each file runs against -r or -c's rules, else the rules it names.
 */
static int
run_tests(const struct opts *o, char **files, int nfiles)
{
	struct ruletests **t = xcalloc((size_t)nfiles, sizeof(*t));
	struct snapshot *p;
	struct diag d;
	size_t total = 0, num = 0, failed = 0;
	int i, status = 0;

	diag_init(&d);
	for (i = 0; i < nfiles; i++)
		if ((t[i] = ruletest_load(files[i], &d)) != NULL)
			total += ruletest_count(t[i]);
	if (diag_count(&d) > 0) {
		diag_print(&d, stderr);
		fprintf(stderr, "senderlint-check: no test run\n");
		status = 2;
	}
	diag_clear(&d);
	if (status == 0)
		printf("1..%zu\n", total);
	for (i = 0; status == 0 && i < nfiles; i++) {
		if ((p = load(o, o->conf ? NULL : ruletest_rules(t[i]))) ==
		    NULL) {
			printf("Bail out! %s: the rules do not load\n",
			    files[i]);
			status = 2;
			break;
		}
		printf("# %s: rules %s\n", files[i], ruleset_path(p->rules));
		failed += ruletest_run(t[i], p, stdout, &num);
		snapshot_release(p);
	}
	for (i = 0; i < nfiles; i++)
		ruletest_free(t[i]);
	free(t);
	if (status == 0 && failed > 0)
		printf("# %zu of %zu tests failed\n", failed, total);
	return status ? status : failed > 0 ? 1 : 0;
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct snapshot *p;
	struct ruleset *old = NULL;
	struct diag d;
	int first, status;

	log_open("senderlint-check", 0, 0);
	first = parse_opts(argc, argv, &o);
	if (o.test)
		return run_tests(&o, argv + first, argc - first);
	if ((p = load(&o, NULL)) == NULL)
		return 2;
	diag_init(&d);
	if (o.diff != NULL && (old = ruleset_load(o.diff,
	    p->conf->re_match_limit, p->conf->re_depth_limit, &d)) == NULL)
		diag_print(&d, stderr);
	diag_clear(&d);
	if ((o.diff != NULL && old == NULL) || !stream_known(&o, p->rules) ||
	    (old != NULL && !stream_known(&o, old)))
		status = 2;
	else if (o.check_only) {
		printf("OK, %zu rules from %s\n", ruleset_nrules(p->rules),
		    ruleset_path(p->rules));
		status = ruletest_conf(p, stdout);
	} else
		status = run_paths(&o, p, old, argv + first, argc - first);
	ruleset_free(old);
	snapshot_release(p);
	fflush(stdout);
	return status;
}
