/*
 * NAME
 *	senderlint-identity - list and approve sender identities
 * DESCRIPTION
 *	See senderlint-identity(8). Reads the identity store named in the
 *	configuration (identity_store.path).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "idstore.h"
#include "log.h"
#include "text.h"
#include "util.h"

#define DEFAULT_CONF	"/etc/senderlint/senderlint.conf"

static void
usage(void)
{
	fprintf(stderr, "usage: senderlint-identity [-c config] list\n"
	    "       senderlint-identity [-c config] approve stream address "
	    "display-name\n");
	exit(2);
}

static void
stamp(time_t t, char *buf, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void
show(void *arg, const char *stream, const char *from, const char *name,
    const struct idrec *r)
{
	char first[32], last[32];

	(void)arg;
	stamp(r->first, first, sizeof(first));
	stamp(r->last, last, sizeof(last));
	printf("%s\t%s\t%s\t%s\t%s\t%lu\t%s\n", stream, from, name, first,
	    last, r->count, r->approved ? "approved" : "-");
}

int
main(int argc, char **argv)
{
	const char *conf_path = DEFAULT_CONF;
	struct idstore *st;
	struct conf *c;
	struct diag d;
	struct sbuf name;
	char err[512];
	int ch, rc;

	log_open("senderlint-identity", 0, 0);
	while ((ch = getopt(argc, argv, "c:")) != -1) {
		if (ch == 'c')
			conf_path = optarg;
		else
			usage();
	}
	argc -= optind;
	argv += optind;
	if (argc < 1 || (strcmp(argv[0], "list") == 0 && argc != 1) ||
	    (strcmp(argv[0], "approve") == 0 && argc != 4) ||
	    (strcmp(argv[0], "list") != 0 && strcmp(argv[0], "approve") != 0))
		usage();
	diag_init(&d);
	if ((c = conf_load(conf_path, &d)) == NULL) {
		diag_print(&d, stderr);
		return 2;
	}
	if (c->idstore_path == NULL) {
		fprintf(stderr, "senderlint-identity: %s has no identity_store\n",
		    conf_path);
		conf_free(c);
		return 2;
	}
	if ((st = idstore_open(c->idstore_path, c->idstore_map_mb,
	    strcmp(argv[0], "list") == 0, err, sizeof(err))) == NULL) {
		fprintf(stderr, "senderlint-identity: %s\n", err);
		conf_free(c);
		return 1;
	}
	if (strcmp(argv[0], "list") == 0) {
		printf("stream\tfrom\tdisplay name\tfirst seen\tlast seen\t"
		    "messages\tapproved\n");
		rc = idstore_list(st, show, NULL);
	} else {
		sbuf_init(&name, 1024);
		text_nfc(argv[3], strlen(argv[3]), &name);
		rc = idstore_approve(st, argv[1], argv[2], name.s, time(NULL));
		if (rc == 0)
			printf("approved %s: \"%s\" <%s>\n", argv[1], name.s,
			    argv[2]);
		sbuf_free(&name);
	}
	idstore_close(st);
	conf_free(c);
	return rc == 0 ? 0 : 1;
}
