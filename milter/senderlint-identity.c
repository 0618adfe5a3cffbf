/*
 * NAME
 *	senderlint-identity - list and approve sender identities
 * DESCRIPTION
 *	See senderlint-identity(8). Reads the identity store named in the
 *	configuration (identity_store.path).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "addr.h"
#include "conf.h"
#include "identstore.h"
#include "log.h"
#include "rfc2047.h"
#include "nfc.h"
#include "util.h"
#include "version.h"

#define DEFAULT_CONF	"/etc/senderlint/senderlint.conf"

static void
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: senderlint-identity [-c config] list [--json]\n"
	    "       senderlint-identity [-c config] approve stream address "
	    "display-name\n"
	    "       senderlint-identity [-c config] approve stream "
	    "'Display Name <address>'\n"
	    "       senderlint-identity [-c config] revoke stream address "
	    "display-name | 'Display Name <address>'\n"
	    "       senderlint-identity --help | --version\n");
	exit(status);
}

/* A time as UTC, or "never" for an identity approved before it was seen. */
static void
stamp(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (t == 0) {
		snprintf(buf, len, "never");
		return;
	}
	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void
show(void *arg, const char *stream, const char *from, const char *name,
    const struct identrec *r)
{
	char first[32], last[32];

	(void)arg;
	stamp(r->first, first, sizeof(first));
	stamp(r->last, last, sizeof(last));
	printf("%s\t%s\t%s\t%s\t%s\t%lu\t%s\n", stream, from, name, first,
	    last, r->count, r->approved ? "approved" : "-");
}

static void
json_str(const char *s)
{
	putchar('"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", (unsigned char)*s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void
show_json(void *arg, const char *stream, const char *from, const char *name,
    const struct identrec *r)
{
	char first[32], last[32];

	(void)arg;
	stamp(r->first, first, sizeof(first));
	stamp(r->last, last, sizeof(last));
	printf("{\"stream\":");
	json_str(stream);
	printf(",\"from\":");
	json_str(from);
	printf(",\"display_name\":");
	json_str(name);
	printf(",\"first_seen\":\"%s\",\"last_seen\":\"%s\","
	    "\"messages\":%lu,\"approved\":%s}\n", first, last, r->count,
	    r->approved ? "true" : "false");
}

/*
 * The identity to approve, as the log shows it ("Name <addr>", the name
 * RFC 2047 encoded or not) or as two words (address, name; the name
 * quoted or not). Returns 0, or -1 when no address can be read.
 */
static int
identity(int argc, char **argv, char *addr, size_t alen, struct sbuf *name)
{
	struct addrlist *a;
	struct sbuf dec;
	const char *raw;
	size_t n;
	int rc = -1;

	if (argc == 2) {
		snprintf(addr, alen, "%s", argv[0]);
		raw = argv[1];
		n = strlen(raw);
		if (n >= 2 && raw[0] == '"' && raw[n - 1] == '"') {
			raw++;
			n -= 2;
		}
		nfc_normalize(raw, n, name);
		return strchr(addr, '@') != NULL ? 0 : -1;
	}
	a = xmalloc(sizeof(*a));
	addr_parse(argv[0], strlen(argv[0]), 0, a);
	if (a->n == 1) {
		snprintf(addr, alen, "%s@%s", a->mb[0].local, a->mb[0].domain);
		sbuf_init(&dec, 1024);
		if (a->mb[0].name != NULL)
			rfc2047_phrase(a->mb[0].name, strlen(a->mb[0].name),
			    &dec);
		nfc_normalize(dec.s, dec.len, name);
		sbuf_clear(&dec);
		rc = 0;
	}
	addr_clear(a);
	free(a);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *conf_path = DEFAULT_CONF;
	struct identstore *st;
	struct conf *c;
	struct diag d;
	struct sbuf name;
	char err[512], addr[SL_MAX_ADDR_LEN + 1];
	int ch, rc, json = 0, list;

	log_open("senderlint-identity", 0, 0);
	while ((ch = getopt_long(argc, argv, "c:hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			conf_path = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			usage(stdout, 0);
			break;
		case 'V':
			printf("senderlint-identity %s\n", SL_VERSION);
			return 0;
		default:
			usage(stderr, 2);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage(stderr, 2);
	list = strcmp(argv[0], "list") == 0;
	if ((list && argc != 1) || (!list && ((strcmp(argv[0], "approve") != 0 &&
	    strcmp(argv[0], "revoke") != 0) || argc < 3 || argc > 4)))
		usage(stderr, 2);
	c = NULL;
	st = NULL;
	rc = 2;
	sbuf_init(&name, 1024);
	diag_init(&d);
	if (!list && identity(argc - 2, argv + 2, addr, sizeof(addr),
	    &name) < 0) {
		fprintf(stderr, "senderlint-identity: no address in \"%s\"\n",
		    argv[2]);
		goto out;
	}
	if ((c = conf_load(conf_path, &d)) == NULL) {
		diag_print(&d, stderr);
		goto out;
	}
	if (c->identstore_path == NULL) {
		fprintf(stderr, "senderlint-identity: %s has no identity_store\n",
		    conf_path);
		goto out;
	}
	if ((st = identstore_open(c->identstore_path, c->identstore_map_mb, list,
	    err, sizeof(err))) == NULL) {
		fprintf(stderr, "senderlint-identity: %s\n", err);
		rc = 1;
		goto out;
	}
	if (list && json)
		rc = identstore_list(st, show_json, NULL);
	else if (list) {
		printf("stream\tfrom\tdisplay name\tfirst seen\tlast seen\t"
		    "messages\tapproved\n");
		rc = identstore_list(st, show, NULL);
	} else if (strcmp(argv[0], "approve") == 0) {
		rc = identstore_approve(st, argv[1], addr, name.s, time(NULL));
		if (rc == 0)
			printf("approved %s: \"%s\" <%s>\n", argv[1], name.s,
			    addr);
	} else {
		rc = identstore_revoke(st, argv[1], addr, name.s);
		if (rc == 0)
			printf("revoked %s: \"%s\" <%s>\n", argv[1], name.s,
			    addr);
		else if (rc == 1)
			fprintf(stderr, "senderlint-identity: %s: \"%s\" <%s> "
			    "is not known\n", argv[1], name.s, addr);
	}
	rc = rc == 0 ? 0 : 1;
out:
	if (st != NULL)
		identstore_close(st);
	if (c != NULL)
		conf_free(c);
	diag_clear(&d);
	sbuf_clear(&name);
	return rc;
}
