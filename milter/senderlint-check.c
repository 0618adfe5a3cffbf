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
#include "judge.h"
#include "fact.h"
#include "log.h"
#include "mailfile.h"
#include "snapshot.h"
#include "summary.h"
#include "unsubwin.h"
#include "util.h"
#include "version.h"

static struct unsubwin *unsubs;	/* read only, or NULL */

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
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: senderlint-check [-nv] [--json] [-c config] [-r rules]\n"
	    "\t[--mail-from addr] [--rcpt addr]... [--client-ip ip]\n"
	    "\t[--auth user] [--helo name] [--daemon name]\n"
	    "\t[--mail-param param]... [--now seconds] [--stream name]\n"
	    "\t[--dns host:port] [--egress-ip ip]... [--outbound-helo name]"
	    " path...\n"
	    "       senderlint-check --list-facts | --help | --version\n"
	    "A path is a message file, an mbox, \"-\" (standard input) or a\n"
	    "directory (a Maildir or any tree of message files).\n");
	exit(status);
}

/* Length of the valid UTF-8 sequence at s (RFC 3629), or 0. */
static size_t
utf8_len(const unsigned char *s)
{
	size_t n, i;
	unsigned long cp;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	n = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	cp = s[0] & (0x3f >> (n - 1));
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

/* A JSON string: UTF-8 kept, other octets >= 0x80 as U+FFFD. */
static void
json_str(struct sbuf *b, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n;

	sbuf_addc(b, '"');
	while (*s != '\0') {
		if (*s == '"' || *s == '\\')
			sbuf_printf(b, "\\%c", *s++);
		else if (*s < 0x20 || *s == 0x7f)
			sbuf_printf(b, "\\u%04x", *s++);
		else if (*s < 0x80)
			sbuf_addc(b, *s++);
		else if ((n = utf8_len(s)) > 0) {
			sbuf_add(b, (const char *)s, n);
			s += n;
		} else {
			sbuf_adds(b, "\\ufffd");
			s++;
		}
	}
	sbuf_addc(b, '"');
}

/* The first field named name, unfolded and trimmed, or "". */
static void
field_text(const struct msg *m, const char *name, struct sbuf *out)
{
	const struct header *h = msg_find_header(m, name);
	size_t i = 0, end;

	if (h == NULL)
		return;
	end = h->valuelen;
	while (i < end && (h->value[i] == ' ' || h->value[i] == '\t'))
		i++;
	while (end > i && (h->value[end - 1] == ' ' ||
	    h->value[end - 1] == '\t' || h->value[end - 1] == '\n' ||
	    h->value[end - 1] == '\r'))
		end--;
	for (; i < end; i++)
		if (h->value[i] != '\n' && h->value[i] != '\r')
			sbuf_addc(out, h->value[i]);
}

static void
json_field(struct sbuf *b, const char *key, const char *val)
{
	sbuf_printf(b, ",\"%s\":", key);
	json_str(b, val);
}

/* The message's own fields and the envelope it was judged with. */
static void
json_message(struct sbuf *b, const struct msg *m, int auth_checked)
{
	static const char *const fields[][2] = { { "message_id",
	    "Message-ID" }, { "from", "From" }, { "subject", "Subject" },
	    { "date", "Date" } };
	struct sbuf t;
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		sbuf_init(&t, SL_MAX_LOG_LIST);
		field_text(m, fields[i][1], &t);
		json_field(b, fields[i][0], t.s);
		sbuf_clear(&t);
	}
	sbuf_adds(b, ",\"envelope\":{\"mail_from\":");
	if (m->have_mail_from) {
		sbuf_init(&t, SL_MAX_ADDR_LEN + 3);
		sbuf_printf(&t, "<%s>", m->mail_from);
		json_str(b, t.s);
		sbuf_clear(&t);
	} else
		sbuf_adds(b, "null");
	sbuf_adds(b, ",\"rcpt\":[");
	for (i = 0; i < m->nrcpt; i++) {
		if (i > 0)
			sbuf_addc(b, ',');
		sbuf_init(&t, SL_MAX_ADDR_LEN + 3);
		sbuf_printf(&t, "<%s>", m->rcpt[i]);
		json_str(b, t.s);
		sbuf_clear(&t);
	}
	sbuf_addc(b, ']');
	json_field(b, "client_ip", m->conn.client_addr);
	json_field(b, "helo", m->conn.helo);
	json_field(b, "auth", m->conn.login);
	json_field(b, "daemon", m->conn.daemon);
	sbuf_addc(b, '}');
	json_field(b, "authentication", auth_checked ? "checked" :
	    "not checked");
}

static void
print_json(const char *file, size_t index, int mbox, const struct msg *m,
    const struct judgement *j, int auth_checked)
{
	const struct verdict *v = &j->v;
	const struct factset *fs = &j->fs;
	struct sbuf b, r;
	size_t i;
	int first;

	sbuf_init(&b, 16 * 1024 * 1024);
	sbuf_adds(&b, "{\"file\":");
	json_str(&b, file);
	if (mbox)
		sbuf_printf(&b, ",\"index\":%zu", index);
	json_message(&b, m, auth_checked);
	sbuf_adds(&b, ",\"stream\":");
	json_str(&b, v->stream);
	sbuf_adds(&b, ",\"action\":");
	json_str(&b, action_name(v->action));
	if (v->dry_run) {
		sbuf_adds(&b, ",\"would\":");
		json_str(&b, action_name(v->would));
	}
	sbuf_adds(&b, ",\"reply\":");
	if (v->rcode[0] != '\0') {
		sbuf_init(&r, 2048);
		sbuf_printf(&r, "%s %s %s", v->rcode, v->xcode, v->text);
		json_str(&b, r.s);
		sbuf_clear(&r);
	} else
		sbuf_adds(&b, "null");
	sbuf_adds(&b, ",\"rules\":[");
	for (i = 0, first = 1; i < v->nhits; i++)
		if (!v->hits[i].monitor && !v->hits[i].undecided) {
			if (!first)
				sbuf_addc(&b, ',');
			json_str(&b, v->hits[i].rule);
			first = 0;
		}
	sbuf_adds(&b, "],\"undecided\":[");
	for (i = 0, first = 1; i < v->nhits; i++)
		if (!v->hits[i].monitor && v->hits[i].undecided) {
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
	sbuf_clear(&b);
}

static void
print_text(const char *file, size_t index, int mbox, const struct msg *m,
    const struct judgement *j, int verbose, int auth_checked)
{
	const struct verdict *v = &j->v;
	const struct factset *fs = &j->fs;
	char rules[1024], mon[1024], und[1024];
	struct sbuf t;
	size_t i, quiet = 0;

	verdict_rules(v, VR_ENFORCED, rules, sizeof(rules));
	verdict_rules(v, VR_UNDECIDED, und, sizeof(und));
	verdict_rules(v, VR_MONITOR, mon, sizeof(mon));
	if (mbox)
		printf("%s[%zu]: %s", file, index, action_name(v->action));
	else
		printf("%s: %s", file, action_name(v->action));
	if (v->dry_run)
		printf(" (mode: monitor; enforcing: %s)", action_name(v->would));
	printf("\n");
	sbuf_init(&t, SL_MAX_LOG_FIELD);
	summary_from(m, &t);
	printf("  from:    %s\n", t.len ? t.s : "-");
	sbuf_clear(&t);
	if (v->rcode[0] != '\0')
		printf("  reply:   %s %s %s\n", v->rcode, v->xcode, v->text);
	printf("  stream:  %s\n", v->stream);
	printf("  rules:   %s\n", rules[0] ? rules : "-");
	if (und[0] != '\0')
		printf("  undecided: %s\n", und);
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
	if (!auth_checked)
		printf("  authentication: not checked (no dns section in the "
		    "config; --dns turns it on)\n");
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
run_one(const struct snapshot *p, const struct opts *o, struct msgidwin *ids,
    struct identstore *store, const char *file, size_t index, int mbox,
    const char *data, size_t len)
{
	struct judge_env env;
	struct judgement *j;
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
	if (o->mail_from == NULL && rpath != NULL)
		msg_mail_from(m, rpath);
	free(rpath);
	memset(&env, 0, sizeof(env));
	env.conf = p->conf;
	env.rules = p->rules;
	env.auth = p->auth;
	env.ids = ids;
	env.store = store;	/* read only: checking records no identity */
	env.unsubs = unsubs;	/* read only too */
	env.stream = o->stream;
	env.now = (time_t)o->now;
	env.sender_from_header = 1;
	j = xmalloc(sizeof(*j));
	judge(&env, m, j);
	if (j->v.action <= ACT_HOLD)
		judge_commit(&env, j, 0);
	if (o->json)
		print_json(file, index, mbox, m, j, p->auth != NULL);
	else
		print_text(file, index, mbox, m, j, o->verbose, p->auth != NULL);
	strong = j->v.action > ACT_TAG;
	judge_clear(j);
	free(j);
	msg_free(m);
	return strong;
}

/* What one run over the paths shares. */
struct run {
	const struct snapshot	*p;
	const struct opts	*o;
	struct msgidwin		*ids;
	struct identstore		*store;
	int			 strong;	/* an action stronger than tag */
	int			 failed;	/* a path could not be read */
};

static void
check_file(void *arg, const char *file, const char *why)
{
	struct run *r = arg;
	struct mailfile mf;
	char err[512], *data;
	size_t len;

	if (file == NULL || mailfile_read(&mf, file, err, sizeof(err)) < 0) {
		fprintf(stderr, "senderlint-check: %s\n", file ? err : why);
		r->failed = 1;
		return;
	}
	while (mailfile_next(&mf, &data, &len)) {
		r->strong |= run_one(r->p, r->o, r->ids, r->store, file,
		    mf.index, mf.mbox, data, len);
		free(data);
	}
	mailfile_clear(&mf);
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
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct opts o;
	struct run r = { 0 };
	struct snapshot *p;
	struct diag d;
	char err[512], *end;
	struct msgidwin *ids;
	struct identstore *store = NULL;
	int ch, check_only = 0;

	memset(&o, 0, sizeof(o));
	log_open("senderlint-check", 0, 0);
	while ((ch = getopt_long(argc, argv, "c:r:nvhV", longopts, NULL)) != -1) {
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
		case 'h':
			usage(stdout, 0);
			break;
		case 'V':
			printf("senderlint-check %s\n", SL_VERSION);
			return 0;
		case O_MAIL:
			o.mail_from = optarg;
			break;
		case O_RCPT:
			if (o.nrcpt == MAX_RCPT_OPTS)
				usage(stderr, 2);
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
				usage(stderr, 2);
			o.param[o.nparam++] = optarg;
			break;
		case O_NOW:
			o.now = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || o.now <= 0)
				usage(stderr, 2);
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
				usage(stderr, 2);
			o.egress[o.negress++] = optarg;
			break;
		case O_OHELO:
			o.out_helo = optarg;
			break;
		case O_LIST:
			list_facts();
			return 0;
		default:
			usage(stderr, 2);
		}
	}
	if (optind == argc && !check_only)
		usage(stderr, 2);
	diag_init(&d);
	if (o.conf == NULL && o.rules != NULL)
		p = snapshot_from(conf_default(), o.rules, &d);
	else
		p = snapshot_load(o.conf ? o.conf : DEFAULT_CONF, o.rules, &d);
	if (p == NULL) {
		diag_print(&d, stderr);
		diag_clear(&d);
		return 2;
	}
	if (o.stream != NULL && stream_select_named(ruleset_streams(p->rules),
	    o.stream, &(struct streaminfo){ 0 }) < 0) {
		fprintf(stderr, "senderlint-check: no stream \"%s\" in %s\n",
		    o.stream, ruleset_path(p->rules));
		snapshot_release(p);
		return 2;
	}
	if (auth_overrides(p->conf, &o) < 0 ||
	    snapshot_start_auth(p, err, sizeof(err)) < 0) {
		if (err[0] != '\0')
			fprintf(stderr, "senderlint-check: authentication "
			    "checks: %s\n", err);
		snapshot_release(p);
		return 2;
	}
	if (check_only) {
		printf("OK, %zu rules from %s\n", ruleset_nrules(p->rules),
		    ruleset_path(p->rules));
		snapshot_release(p);
		return 0;
	}
	ids = msgidwin_new((size_t)p->conf->msgid_window_size,
	    p->conf->msgid_window_age);
	if (p->conf->unsubwin_path != NULL && (unsubs = unsubwin_open(
	    p->conf->unsubwin_path, p->conf->unsubwin_map_mb,
	    p->conf->unsubwin_size, p->conf->unsubwin_age, 1, err,
	    sizeof(err))) == NULL)
		fprintf(stderr, "senderlint-check: unsubscribe window not "
		    "used: %s\n", err);
	if (p->conf->identstore_path != NULL &&
	    (store = identstore_open(p->conf->identstore_path,
	    p->conf->identstore_map_mb, 1, err, sizeof(err))) == NULL)
		fprintf(stderr, "senderlint-check: identity store not used: "
		    "%s\n", err);
	r.p = p;
	r.o = &o;
	r.ids = ids;
	r.store = store;
	for (; optind < argc; optind++)
		if (mailfile_walk(argv[optind], check_file, &r, err,
		    sizeof(err)) < 0) {
			fprintf(stderr, "senderlint-check: %s\n", err);
			r.failed = 1;
		}
	msgidwin_free(ids);
	identstore_close(store);
	unsubwin_close(unsubs);
	snapshot_release(p);
	fflush(stdout);
	return r.failed ? 2 : r.strong ? 1 : 0;
}
