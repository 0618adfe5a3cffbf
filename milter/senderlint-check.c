/*
 * NAME
 *	senderlint-check - run senderlint's checks and rules over saved mail
 * DESCRIPTION
 *	See senderlint-check(1). The same check_run() and ruleset_eval()
 *	as the daemon; only the envelope comes from options instead of SMTP.
 *	Exit status: 0 when no message got an action stronger than tag,
 *	1 otherwise, 2 on usage, config or read errors.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "check.h"
#include "fact.h"
#include "log.h"
#include "mailfile.h"
#include "policy.h"
#include "util.h"

#define DEFAULT_CONF	"/etc/senderlint/senderlint.conf"
#define MAX_RCPT_OPTS	1000

struct opts {
	const char	*conf;
	const char	*rules;
	const char	*mail_from;
	const char	*rcpt[MAX_RCPT_OPTS];
	size_t		 nrcpt;
	const char	*client_ip;
	const char	*auth;
	const char	*helo;
	const char	*daemon;
	const char	*param[MAX_RCPT_OPTS];
	size_t		 nparam;
	long		 now;		/* 0: the real clock */
	const char	*stream;	/* forced stream, or NULL */
	int		 json;
	int		 verbose;
	const char	*dns;		/* --dns HOST:PORT */
	const char	*egress[MAX_RCPT_OPTS];
	size_t		 negress;
	const char	*out_helo;
};

static void
usage(void)
{
	fprintf(stderr,
	    "usage: senderlint-check [-nv] [--json] [-c config] [-r rules]\n"
	    "\t[--mail-from addr] [--rcpt addr]... [--client-ip ip]\n"
	    "\t[--auth user] [--helo name] [--daemon name]\n"
	    "\t[--mail-param param]... [--now seconds] [--stream name]\n"
	    "\t[--dns host:port] [--egress-ip ip]... [--outbound-helo name]"
	    " file...\n"
	    "       senderlint-check --list-facts\n");
	exit(2);
}

static void
json_str(struct sbuf *b, const char *s)
{
	sbuf_addc(b, '"');
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			sbuf_printf(b, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			sbuf_printf(b, "\\u%04x", c);
		else
			sbuf_addc(b, c);
	}
	sbuf_addc(b, '"');
}

static void
print_json(const char *file, size_t index, int mbox, const struct verdict *v,
    const struct factset *fs)
{
	struct sbuf b, r;
	size_t i;
	int first;

	sbuf_init(&b, 16 * 1024 * 1024);
	sbuf_adds(&b, "{\"file\":");
	json_str(&b, file);
	if (mbox)
		sbuf_printf(&b, ",\"index\":%zu", index);
	sbuf_adds(&b, ",\"stream\":");
	json_str(&b, v->stream);
	sbuf_adds(&b, ",\"action\":");
	json_str(&b, action_name(v->action));
	sbuf_adds(&b, ",\"reply\":");
	if (v->rcode[0] != '\0') {
		sbuf_init(&r, 2048);
		sbuf_printf(&r, "%s %s %s", v->rcode, v->xcode, v->text);
		json_str(&b, r.s);
		sbuf_free(&r);
	} else
		sbuf_adds(&b, "null");
	sbuf_adds(&b, ",\"rules\":[");
	for (i = 0, first = 1; i < v->nhits; i++)
		if (!v->hits[i].monitor) {
			if (!first)
				sbuf_addc(&b, ',');
			json_str(&b, v->hits[i].rule);
			first = 0;
		}
	sbuf_adds(&b, "],\"monitor\":[");
	for (i = 0, first = 1; i < v->nhits; i++)
		if (v->hits[i].monitor) {
			if (!first)
				sbuf_addc(&b, ',');
			sbuf_adds(&b, "{\"rule\":");
			json_str(&b, v->hits[i].rule);
			sbuf_adds(&b, ",\"action\":");
			json_str(&b, action_name(v->hits[i].action));
			sbuf_addc(&b, '}');
			first = 0;
		}
	sbuf_adds(&b, "],\"facts\":[");
	for (i = 0; i < fs->n; i++) {
		if (i > 0)
			sbuf_addc(&b, ',');
		sbuf_adds(&b, "{\"id\":");
		json_str(&b, fs->f[i].id);
		sbuf_adds(&b, ",\"value\":");
		if (fs->f[i].val == FACT_TEMPERROR)
			sbuf_adds(&b, "\"temperror\"");
		else
			sbuf_adds(&b, fs->f[i].val ? "true" : "false");
		sbuf_adds(&b, ",\"detail\":");
		json_str(&b, fs->f[i].detail);
		sbuf_addc(&b, '}');
	}
	sbuf_adds(&b, "]}");
	puts(b.s);
	sbuf_free(&b);
}

static void
print_text(const char *file, size_t index, int mbox, const struct verdict *v,
    const struct factset *fs, int verbose)
{
	char rules[1024], mon[1024];
	size_t i, quiet = 0;

	verdict_rules(v, 0, rules, sizeof(rules));
	verdict_rules(v, 1, mon, sizeof(mon));
	if (mbox)
		printf("%s[%zu]: %s\n", file, index, action_name(v->action));
	else
		printf("%s: %s\n", file, action_name(v->action));
	if (v->rcode[0] != '\0')
		printf("  reply:   %s %s %s\n", v->rcode, v->xcode, v->text);
	printf("  stream:  %s\n", v->stream);
	printf("  rules:   %s\n", rules[0] ? rules : "-");
	if (mon[0] != '\0')
		printf("  monitor: %s\n", mon);
	printf("  facts:\n");
	for (i = 0; i < fs->n; i++) {
		if (fs->f[i].val == FACT_FALSE && !verbose) {
			quiet++;
			continue;
		}
		printf("    %-9s %-30s %s\n",
		    fs->f[i].val == FACT_TRUE ? "TRUE" :
		    fs->f[i].val == FACT_TEMPERROR ? "TEMPERROR" : "false",
		    fs->f[i].id, fs->f[i].detail);
	}
	if (quiet > 0)
		printf("    (%zu more facts false; -v shows them)\n", quiet);
}

/* Envelope sender when --mail-from is absent: Return-Path, else From. */
static void
default_sender(struct msg *m, const char *rpath)
{
	const struct header *h;
	const char *lt, *gt;
	char *s;

	if (rpath != NULL) {
		msg_mail_from(m, rpath);
		return;
	}
	if ((h = msg_find_header(m, "From")) == NULL)
		return;
	lt = strrchr(h->value, '<');
	gt = lt ? strchr(lt, '>') : NULL;
	if (lt != NULL && gt != NULL)
		s = xstrndup(lt, (size_t)(gt - lt + 1));
	else {
		const char *p = h->value;

		while (*p == ' ' || *p == '\t')
			p++;
		s = xstrndup(p, strcspn(p, " \t\n\r"));
	}
	msg_mail_from(m, s);
	free(s);
}

/*
 * --dns, --egress-ip and --outbound-helo replace the config's values;
 * --dns turns the authentication checks on. "host:port" is written the
 * libunbound way, host@port.
 */
static int
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
	return 0;
}

static int
run_one(const struct policy *p, const struct opts *o, struct idwin *ids,
    struct idstore *store, const char *file, size_t index, int mbox,
    const char *data, size_t len)
{
	struct check_ctx cc;
	struct streaminfo si;
	struct factset *fs;
	struct verdict *v;
	struct msg *m;
	char *rpath = NULL;
	size_t i;
	int strong;

	m = msg_new(&p->conf->mlim);
	conninfo_set(m->conn.client_addr, o->client_ip);
	conninfo_set(m->conn.login, o->auth);
	conninfo_set(m->conn.helo, o->helo);
	conninfo_set(m->conn.daemon, o->daemon);
	if (o->mail_from != NULL)
		msg_mail_from(m, o->mail_from);
	for (i = 0; i < o->nparam; i++)
		msg_esmtp_arg(m, o->param[i]);
	for (i = 0; i < o->nrcpt; i++)
		msg_rcpt(m, o->rcpt[i]);
	auth_attach(p->auth, m);
	mailfile_feed(m, data, len, &rpath);
	if (o->mail_from == NULL)
		default_sender(m, rpath);
	free(rpath);
	fs = xmalloc(sizeof(*fs));
	v = xmalloc(sizeof(*v));
	factset_init(fs);
	if (o->stream != NULL)
		stream_select_named(ruleset_streams(p->rules), o->stream, &si);
	else
		stream_select(ruleset_streams(p->rules), m, &si);
	check_ctx_conf(&cc, p->conf, ids);
	cc.si = &si;
	cc.rs = p->rules;
	cc.store = store;	/* read only: checking records nothing */
	cc.auth = p->auth;
	if (o->now != 0)
		cc.now = (time_t)o->now;
	check_run(m, &cc, fs);
	ruleset_eval(p->rules, m, fs, &si, v);
	auth_on_dns_error(p->conf, v);
	if (v->action <= ACT_HOLD)
		check_commit(m, &cc);
	if (o->json)
		print_json(file, index, mbox, v, fs);
	else
		print_text(file, index, mbox, v, fs, o->verbose);
	strong = v->action > ACT_TAG;
	free(v);
	free(fs);
	msg_free(m);
	return strong;
}

static void
list_facts(void)
{
	const struct fact_info *fi;
	size_t i, n = fact_registry(&fi);

	for (i = 0; i < n; i++)
		printf("%s\t%s\t%s\n", fi[i].id, fi[i].summary, fi[i].source);
}

int
main(int argc, char **argv)
{
	enum { O_MAIL = 256, O_RCPT, O_IP, O_AUTH, O_HELO, O_DAEMON, O_JSON,
	    O_LIST, O_PARAM, O_NOW, O_STREAM, O_DNS, O_EGRESS, O_OHELO };
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
		{ "list-facts", no_argument, NULL, O_LIST },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	struct opts o;
	struct mailfile mf;
	struct policy *p;
	struct diag d;
	char err[512], *data, *end;
	struct idwin *ids;
	struct idstore *store = NULL;
	size_t len;
	int ch, check_only = 0, strong = 0, failed = 0;

	memset(&o, 0, sizeof(o));
	log_open("senderlint-check", 0, 0);
	while ((ch = getopt_long(argc, argv, "c:r:nv", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			o.conf = optarg;
			break;
		case 'r':
			o.rules = optarg;
			break;
		case 'n':
			check_only = 1;
			break;
		case 'v':
			o.verbose = 1;
			break;
		case O_MAIL:
			o.mail_from = optarg;
			break;
		case O_RCPT:
			if (o.nrcpt == MAX_RCPT_OPTS)
				usage();
			o.rcpt[o.nrcpt++] = optarg;
			break;
		case O_IP:
			o.client_ip = optarg;
			break;
		case O_AUTH:
			o.auth = optarg;
			break;
		case O_HELO:
			o.helo = optarg;
			break;
		case O_DAEMON:
			o.daemon = optarg;
			break;
		case O_PARAM:
			if (o.nparam == MAX_RCPT_OPTS)
				usage();
			o.param[o.nparam++] = optarg;
			break;
		case O_NOW:
			o.now = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || o.now <= 0)
				usage();
			break;
		case O_STREAM:
			o.stream = optarg;
			break;
		case O_JSON:
			o.json = 1;
			break;
		case O_DNS:
			o.dns = optarg;
			break;
		case O_EGRESS:
			if (o.negress == MAX_RCPT_OPTS)
				usage();
			o.egress[o.negress++] = optarg;
			break;
		case O_OHELO:
			o.out_helo = optarg;
			break;
		case O_LIST:
			list_facts();
			return 0;
		default:
			usage();
		}
	}
	if (optind == argc && !check_only)
		usage();
	diag_init(&d);
	if (o.conf == NULL && o.rules != NULL)
		p = policy_from(conf_default(), o.rules, &d);
	else
		p = policy_load(o.conf ? o.conf : DEFAULT_CONF, o.rules, &d);
	if (p == NULL) {
		diag_print(&d, stderr);
		diag_free(&d);
		return 2;
	}
	if (o.stream != NULL && stream_select_named(ruleset_streams(p->rules),
	    o.stream, &(struct streaminfo){ 0 }) < 0) {
		fprintf(stderr, "senderlint-check: no stream \"%s\" in %s\n",
		    o.stream, ruleset_path(p->rules));
		policy_release(p);
		return 2;
	}
	if (auth_overrides(p->conf, &o) < 0 ||
	    policy_start_auth(p, err, sizeof(err)) < 0) {
		if (err[0] != '\0')
			fprintf(stderr, "senderlint-check: authentication "
			    "checks: %s\n", err);
		policy_release(p);
		return 2;
	}
	if (check_only) {
		printf("OK, %zu rules from %s\n", ruleset_nrules(p->rules),
		    ruleset_path(p->rules));
		policy_release(p);
		return 0;
	}
	ids = idwin_new((size_t)p->conf->msgid_window_size,
	    p->conf->msgid_window_age);
	if (p->conf->idstore_path != NULL &&
	    (store = idstore_open(p->conf->idstore_path,
	    p->conf->idstore_map_mb, 1, err, sizeof(err))) == NULL)
		fprintf(stderr, "senderlint-check: identity store not used: "
		    "%s\n", err);
	for (; optind < argc; optind++) {
		if (mailfile_read(&mf, argv[optind], err, sizeof(err)) < 0) {
			fprintf(stderr, "senderlint-check: %s\n", err);
			failed = 1;
			continue;
		}
		while (mailfile_next(&mf, &data, &len)) {
			strong |= run_one(p, &o, ids, store, argv[optind],
			    mf.index, mf.mbox, data, len);
			free(data);
		}
		mailfile_free(&mf);
	}
	idwin_free(ids);
	idstore_close(store);
	policy_release(p);
	fflush(stdout);
	return failed ? 2 : strong ? 1 : 0;
}
