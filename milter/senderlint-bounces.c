/*
 * NAME
 *	senderlint-bounces - read a Postfix mail log, act on the bounces
 * DESCRIPTION
 *	See senderlint-bounces(8). Streams each file (plain or gzip, or
 *	standard input) line by line through maillog_parse() into a
 *	bouncetab; memory grows with the queue ids in flight and the
 *	recipients that failed, never with the size of the log. With
 *	--apply the suppression verdicts go into the list named by
 *	suppression.path in one transaction; entries already on the list
 *	(the address or its domain) are left as they are. --report looks
 *	up the egress IPs' reverse DNS through senderlint's own resolver.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bounceout.h"
#include "bouncetab.h"
#include "conf.h"
#include "runas.h"
#include "dns.h"
#include "log.h"
#include "logfile.h"
#include "maillog.h"
#include "suppress.h"
#include "util.h"

#define DEFAULT_CONF	"/etc/senderlint/senderlint.conf"
#define REPORT_CACHE	1000	/* answers kept while the report is built */

struct opts {
	const char	*conf;
	const char	*report;
	int		 apply;
	int		 json;
	int		 year;		/* 0: from the clock */
};

static void
usage(void)
{
	fprintf(stderr, "usage: senderlint-bounces [-c config] [--apply] "
	    "[--json] [--year year] [file ...]\n"
	    "       senderlint-bounces [-c config] --report provider "
	    "[--year year] [file ...]\n");
	exit(2);
}

/* A BSD time has no year: this year, or last year if that is ahead */
static int
parse(const char *line, size_t len, int year, struct maillog_rec *r)
{
	struct tm tm;
	time_t now = time(NULL);

	if (year == 0) {
		gmtime_r(&now, &tm);
		year = tm.tm_year + 1900;
	}
	if (maillog_parse(line, len, year, r) < 0)
		return -1;
	if (!isdigit((unsigned char)line[0]) && r->when > now + 86400 && maillog_parse(line,
	    len, year - 1, r) < 0)
		return -1;
	return 0;
}

/* one file into t; 0, or -1 when it cannot be read (said why) */
static int
read_file(const char *name, const struct opts *o, struct bouncetab *t,
    struct bounce_input *in)
{
	struct maillog_rec r;
	struct logfile *f;
	const char *line;
	size_t len;
	unsigned long lineno = 0;
	int rc, cut;

	if ((f = logfile_open(name, MAILLOG_LINE_MAX + 1)) == NULL) {
		fprintf(stderr, "senderlint-bounces: %s: %s\n", name,
		    strerror(errno));
		return -1;
	}
	in->files++;
	while ((rc = logfile_line(f, &line, &len, &cut)) > 0) {
		lineno++;
		in->lines++;
		if (len == 0)
			continue;
		if (parse(line, len, o->year, &r) < 0) {
			if (in->garbage++ == 0)
				snprintf(in->first_garbage,
				    sizeof(in->first_garbage), "%s:%lu",
				    strcmp(name, "-") ? name : "(stdin)",
				    lineno);
			continue;
		}
		if (r.kind == ML_DELIVERY)
			in->deliveries++;
		bouncetab_add(t, &r);
	}
	if (rc < 0)
		fprintf(stderr, "senderlint-bounces: %s: read error after "
		    "line %lu (corrupt or truncated); the lines before it "
		    "count\n", name, lineno);
	logfile_close(f);
	return rc < 0 ? -1 : 0;
}

static void
mark(void *arg, size_t i, const struct supp_entry *e)
{
	(void)e;
	((char *)arg)[i] = 1;
}

/* the verdicts into the list; skip[i] set for those already there */
static int
apply(const struct conf *c, const struct bt_verdict *v, size_t n,
    char *skip)
{
	struct suppress *s;
	struct supp_txn *txn;
	struct supp_entry e;
	const char **a;
	char err[512];
	size_t i;

	if (runas_tool(c->user, err, sizeof(err)) < 0 ||
	    (s = suppress_open(c->supp_path, c->supp_map_mb, SUPPRESS_CREATE,
	    err, sizeof(err))) == NULL) {
		fprintf(stderr, "senderlint-bounces: %s\n", err);
		return -1;
	}
	a = xcalloc(n ? n : 1, sizeof(*a));
	for (i = 0; i < n; i++)
		a[i] = v[i].addr;
	if (n > 0 && suppress_find(s, a, n, NULL, mark, skip) < 0) {
		free(a);
		suppress_close(s);
		return -1;
	}
	free(a);
	if ((txn = suppress_begin(s)) == NULL) {
		suppress_close(s);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (skip[i])
			continue;
		memset(&e, 0, sizeof(e));
		snprintf(e.addr, sizeof(e.addr), "%s", v[i].addr);
		e.reason = v[i].reason;
		e.date = v[i].date;
		if (suppress_put(txn, &e) < 0) {
			suppress_abort(txn);
			suppress_close(s);
			return -1;
		}
	}
	if (suppress_commit(txn) < 0) {
		suppress_close(s);
		return -1;
	}
	suppress_close(s);
	return 0;
}

static void
print_verdicts(const struct bt_verdict *v, size_t n, const char *skip,
    int applied)
{
	char first[32], last[32];
	size_t i;

	for (i = 0; i < n; i++) {
		bounceout_time(v[i].first, first, sizeof(first));
		bounceout_time(v[i].date, last, sizeof(last));
		printf("%s %s: %s (%s", skip && skip[i] ? "already suppressed" :
		    applied ? "suppressed" : "would suppress", v[i].addr,
		    suppress_reason_name(v[i].reason), v[i].code);
		if (v[i].reason == SUPP_SOFT_BOUNCE)
			printf(", %lu soft bounces from %s to %s)\n", v[i].n,
			    first, last);
		else
			printf(" on %s)\n", last);
	}
	if (n == 0)
		printf("nothing to suppress\n");
	else if (!applied)
		printf("dry run: nothing changed (--apply adds them)\n");
}

static void
get_opts(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "apply", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "report", required_argument, NULL, 'r' },
		{ "year", required_argument, NULL, 'y' },
		{ NULL, 0, NULL, 0 }
	};
	char *end;
	long y;
	int ch;

	memset(o, 0, sizeof(*o));
	o->conf = DEFAULT_CONF;
	while ((ch = getopt_long(argc, argv, "c:", lo, NULL)) != -1) {
		switch (ch) {
		case 'c':
			o->conf = optarg;
			break;
		case 'a':
			o->apply = 1;
			break;
		case 'j':
			o->json = 1;
			break;
		case 'r':
			o->report = optarg;
			break;
		case 'y':
			y = strtol(optarg, &end, 10);
			if (*end != '\0' || y < 1970 || y > 9999)
				usage();
			o->year = (int)y;
			break;
		default:
			usage();
		}
	}
	if (o->report != NULL && (o->apply || o->json))
		usage();
}

/*
 * The resolver the report's PTR lookups go through: the config's
 * dns.nameservers and timeout (none: /etc/resolv.conf), as for
 * senderlint-preflight. NULL with the reason in err.
 */
static struct dns *
resolver(const struct conf *c, char *err, size_t errlen)
{
	struct dns_conf dc;

	memset(&dc, 0, sizeof(dc));
	dc.servers = c->dns_servers;
	dc.timeout_ms = c->dns_timeout_ms;
	dc.cache_max = REPORT_CACHE;
	return dns_new(&dc, err, errlen);
}

static int
report(const struct opts *o, const struct conf *c,
    const struct bt_provider *const *p, size_t np)
{
	struct bounce_report rep;
	char err[256];
	int rc;

	memset(&rep, 0, sizeof(rep));
	rep.company = c->report_company;
	rep.contact = c->report_contact;
	rep.egress_ips = (const char *const *)c->egress_ips;
	rep.provider = o->report;
	if (c->egress_ips != NULL && c->egress_ips[0] != NULL &&
	    (rep.dns = resolver(c, err, sizeof(err))) == NULL) {
		fprintf(stderr, "senderlint-bounces: resolver: %s\n", err);
		rep.dns_err = err;
	}
	rc = bounceout_report(stdout, &rep, p, np);
	dns_free(rep.dns);
	if (rc == 0)
		return 0;
	fprintf(stderr, "senderlint-bounces: no delivery to %s in the log\n",
	    o->report);
	return 1;
}

static int
run(const struct opts *o, const struct conf *c, struct bouncetab *t,
    const struct bounce_input *in)
{
	const struct bt_provider *const *p;
	struct bt_verdict *v;
	size_t np, nv;
	char *skip;
	int rc = 0;

	p = bouncetab_providers(t, &np);
	if (o->report != NULL)
		return report(o, c, p, np);
	v = bouncetab_verdicts(t, c->supp_soft_days, &nv);
	skip = xcalloc(nv ? nv : 1, 1);
	if (o->apply && apply(c, v, nv, skip) < 0) {
		fprintf(stderr, "senderlint-bounces: nothing added to the "
		    "suppression list\n");
		rc = 1;
	}
	if (o->json)
		bounceout_json(stdout, in, p, np, v, nv, o->apply && rc == 0);
	else {
		bounceout_text(stdout, in, p, np);
		printf("\n");
		print_verdicts(v, nv, o->apply ? skip : NULL,
		    o->apply && rc == 0);
	}
	free(skip);
	bouncetab_verdicts_free(v, nv);
	return rc;
}

int
main(int argc, char **argv)
{
	struct bounce_input in;
	struct bouncetab *t;
	struct conf *c;
	struct opts o;
	struct diag d;
	int i, rc = 0;

	log_open("senderlint-bounces", 0, 0);
	get_opts(argc, argv, &o);
	diag_init(&d);
	if ((c = conf_load(o.conf, &d)) == NULL) {
		diag_print(&d, stderr);
		diag_clear(&d);
		return 2;
	}
	diag_clear(&d);
	if (o.apply && c->supp_path == NULL) {
		fprintf(stderr, "senderlint-bounces: %s has no suppression "
		    "section: --apply has nowhere to write\n", o.conf);
		conf_free(c);
		return 2;
	}
	memset(&in, 0, sizeof(in));
	t = bouncetab_new();
	if (optind == argc)
		rc |= read_file("-", &o, t, &in) < 0;
	for (i = optind; i < argc; i++)
		rc |= read_file(argv[i], &o, t, &in) < 0;
	if (run(&o, c, t, &in) != 0)
		rc = 1;
	bouncetab_free(t);
	conf_free(c);
	return rc;
}
