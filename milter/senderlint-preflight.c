/*
 * NAME
 *	senderlint-preflight - check a sending domain's DNS and egress IPs
 *	as receivers will see them
 * DESCRIPTION
 *	See senderlint-preflight(8). Reads the options (and the config for
 *	what they leave out), builds a resolver, runs preflight_run() and
 *	prints its findings as text or JSON. Exit status: 0 nothing failed,
 *	1 a finding failed or could not be decided, 2 usage or setup error.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "diag.h"
#include "dns.h"
#include "json.h"
#include "log.h"
#include "orgdom.h"
#include "preflight.h"
#include "spf.h"
#include "util.h"
#include "version.h"

#define DEFAULT_CONF	"/etc/senderlint/senderlint.conf"
#define PF_MAX_ARGS	64	/* -i and -s each */
#define PF_TIMEOUT_MS	2000	/* one query, without a config */

struct opts {
	const char	*conf;
	const char	*dns;
	const char	*helo;
	char		*ips[PF_MAX_ARGS + 1];
	char		*sels[PF_MAX_ARGS + 1];
	size_t		 nips, nsels;
	int		 json;
};

static void
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: senderlint-preflight [--json] [-c config] "
	    "[--dns host:port] [-i ip]...\n"
	    "\t[-s selector]... [--helo name] domain\n"
	    "       senderlint-preflight --help | --version\n");
	exit(status);
}

static void
push(char **list, size_t *n, char *v)
{
	if (*n == PF_MAX_ARGS) {
		fprintf(stderr, "senderlint-preflight: at most %d of each "
		    "of -i and -s\n", PF_MAX_ARGS);
		exit(2);
	}
	list[(*n)++] = v;
}

static void
parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "dns", required_argument, NULL, 'D' },
		{ "egress-ip", required_argument, NULL, 'i' },
		{ "selector", required_argument, NULL, 's' },
		{ "helo", required_argument, NULL, 'H' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "c:i:s:hV", longopts, NULL)) != -1)
		switch (ch) {
		case 'c': o->conf = optarg; break;
		case 'D': o->dns = optarg; break;
		case 'i': push(o->ips, &o->nips, optarg); break;
		case 's': push(o->sels, &o->nsels, optarg); break;
		case 'H': o->helo = optarg; break;
		case 'j': o->json = 1; break;
		case 'h': usage(stdout, 0); break;
		case 'V':
			printf("senderlint-preflight %s\n", SL_VERSION);
			exit(0);
		default: usage(stderr, 2);
		}
}

/* The config named by -c, else the default one if it exists, else NULL. */
static struct conf *
load_conf(const struct opts *o)
{
	const char *path = o->conf;
	struct conf *c;
	struct diag d;

	if (path == NULL && access(DEFAULT_CONF, R_OK) == 0)
		path = DEFAULT_CONF;
	if (path == NULL)
		return NULL;
	diag_init(&d);
	if ((c = conf_load(path, &d)) == NULL) {
		diag_print(&d, stderr);
		diag_clear(&d);
		exit(2);
	}
	diag_clear(&d);
	return c;
}

static struct dns *
resolver(const struct opts *o, const struct conf *c)
{
	char buf[128], *colon, *one[2] = { buf, NULL }, err[256];
	struct dns_conf dc;
	struct dns *d;

	memset(&dc, 0, sizeof(dc));
	dc.timeout_ms = c && c->dns_timeout_ms > 0 ? c->dns_timeout_ms :
	    PF_TIMEOUT_MS;
	dc.cache_max = 1000;
	dc.servers = c ? c->dns_servers : NULL;
	if (o->dns != NULL) {
		snprintf(buf, sizeof(buf), "%s", o->dns);
		if ((colon = strrchr(buf, ':')) != NULL &&
		    strchr(buf, ':') == colon)
			*colon = '@';
		dc.servers = one;
	}
	if ((d = dns_new(&dc, err, sizeof(err))) == NULL) {
		fprintf(stderr, "senderlint-preflight: resolver: %s\n", err);
		exit(2);
	}
	return d;
}

static void
print_text(const char *domain, const struct pf_report *r)
{
	size_t i;

	printf("preflight of %s\n", domain);
	for (i = 0; i < r->n; i++) {
		printf("%-9s %-22s %s\n", preflight_level_name(r->f[i].level),
		    r->f[i].id, r->f[i].what);
		if (r->f[i].fix[0] != '\0')
			printf("%-9s %-22s fix: %s\n", "", "", r->f[i].fix);
	}
	printf("%s\n", preflight_failed(r) ? "result: FAIL" : "result: ok");
}

static void
print_json(const char *domain, const struct pf_report *r)
{
	struct sbuf b;
	size_t i;

	sbuf_init(&b, 1 << 20);
	sbuf_adds(&b, "{\"domain\":");
	json_str(&b, domain);
	sbuf_printf(&b, ",\"failed\":%s,\"findings\":[",
	    preflight_failed(r) ? "true" : "false");
	for (i = 0; i < r->n; i++) {
		sbuf_adds(&b, i ? ",{\"level\":" : "{\"level\":");
		json_str(&b, preflight_level_name(r->f[i].level));
		json_field(&b, "id", r->f[i].id);
		json_field(&b, "what", r->f[i].what);
		json_field(&b, "fix", r->f[i].fix);
		sbuf_addc(&b, '}');
	}
	sbuf_adds(&b, "]}\n");
	fwrite(b.s, 1, b.len, stdout);
	sbuf_clear(&b);
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct conf *c;
	struct dns *dns;
	struct spf *spf;
	struct orgdom *psl;
	struct pf_report *r;
	struct pf_in in;
	char err[256];
	int rc;

	memset(&o, 0, sizeof(o));
	log_open("senderlint-preflight", 0, 0);
	parse_opts(argc, argv, &o);
	if (argc - optind != 1)
		usage(stderr, 2);
	c = load_conf(&o);
	dns = resolver(&o, c);
	if ((psl = orgdom_open(c ? c->psl_file : NULL, err,
	    sizeof(err))) == NULL) {
		fprintf(stderr, "senderlint-preflight: %s\n", err);
		return 2;
	}
	spf = spf_new(dns);
	in.domain = argv[optind];
	in.ips = o.nips > 0 ? o.ips : c ? c->egress_ips : NULL;
	in.selectors = o.sels;
	in.helo = o.helo ? o.helo : c ? c->outbound_helo : NULL;
	r = preflight_run(dns, spf, psl, &in);
	if (o.json)
		print_json(in.domain, r);
	else
		print_text(in.domain, r);
	rc = preflight_failed(r);
	preflight_free(r);
	spf_free(spf);
	orgdom_close(psl);
	dns_free(dns);
	conf_free(c);
	return rc;
}
