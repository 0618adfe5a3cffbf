/*
 * NAME
 *	senderlint-suppress - add, remove, list, import, export suppressions
 * DESCRIPTION
 *	See senderlint-suppress(8). Works on the store named by
 *	suppression.path in the configuration, while the daemon runs. Every
 *	command that writes does so in one LMDB transaction: an import with
 *	one bad line imports nothing. Run as root with a configured user,
 *	it becomes that user before it opens the store (after it has opened
 *	the input file), so the daemon can still open what it creates.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"
#include "rule.h"
#include "runas.h"
#include "stream.h"
#include "suppfile.h"
#include "suppress.h"
#include "util.h"

#define DEFAULT_CONF	"/etc/senderlint/senderlint.conf"

struct tool {
	struct conf	*conf;
	struct ruleset	*rules;	/* loaded once a stream is named */
	int		 rules_failed;
	struct suppress	*s;
};

static void
usage(void)
{
	fprintf(stderr,
	    "usage: senderlint-suppress [-c config] add [-r reason] [-d date] "
	    "[-s stream] address ...\n"
	    "       senderlint-suppress [-c config] remove [-s stream] "
	    "address ...\n"
	    "       senderlint-suppress [-c config] list [address]\n"
	    "       senderlint-suppress [-c config] import [-nR] [-r reason] "
	    "[-d date] [-s stream] file\n"
	    "       senderlint-suppress [-c config] import -u [-nR] "
	    "[-m list-id=stream] [-d date] [-s stream] file\n"
	    "       senderlint-suppress [-c config] export\n");
	exit(2);
}

static void
open_store(struct tool *t, int flags)
{
	char err[512];

	if (runas_tool(t->conf->user, err, sizeof(err)) < 0 ||
	    (t->s = suppress_open(t->conf->supp_path, t->conf->supp_map_mb,
	    flags, err, sizeof(err))) == NULL) {
		fprintf(stderr, "senderlint-suppress: %s\n", err);
		exit(1);
	}
}

/* suppfile's stream check: the rule file's streams, loaded once. */
static int
stream_ok(void *arg, const char *name)
{
	struct tool *t = arg;
	struct streaminfo si;
	struct diag d;

	if (t->rules == NULL && !t->rules_failed) {
		diag_init(&d);
		t->rules = ruleset_load(t->conf->rules_path,
		    t->conf->re_match_limit, t->conf->re_depth_limit, &d);
		if (t->rules == NULL) {
			diag_print(&d, stderr);
			t->rules_failed = 1;
		}
		diag_clear(&d);
	}
	if (t->rules_failed) {
		fprintf(stderr, "senderlint-suppress: cannot check stream "
		    "names without the rule file\n");
		exit(2);
	}
	return stream_select_named(ruleset_streams(t->rules), name, &si) == 0;
}

static void
scope_text(const struct supp_entry *e, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", e->stream[0] ? "stream " : "every stream",
	    e->stream);
}

/* The options of add and import, into opts; returns the next argv index. */
static int
entry_opts(struct tool *t, int argc, char **argv, const char *optstr,
    struct suppfile_opts *o, int *dry, int *replace, const char ***map)
{
	size_t nmap = 0;
	int ch;

	o->reason = SUPP_MANUAL;
	o->date = time(NULL);
	o->stream = "";
	o->stream_ok = stream_ok;
	o->arg = t;
	optind = 1;
	while ((ch = getopt(argc, argv, optstr)) != -1) {
		switch (ch) {
		case 'r':
			if ((o->reason = suppress_reason_parse(optarg,
			    strlen(optarg))) < 0) {
				fprintf(stderr, "senderlint-suppress: unknown "
				    "reason %s (unsubscribed, hard-bounce, "
				    "repeated-soft-bounce, complaint, "
				    "manual)\n", optarg);
				exit(2);
			}
			break;
		case 'd':
			if (suppress_date_parse(optarg, strlen(optarg),
			    &o->date) < 0) {
				fprintf(stderr, "senderlint-suppress: bad date "
				    "%s (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)\n",
				    optarg);
				exit(2);
			}
			break;
		case 's':
			o->stream = strcmp(optarg, "*") == 0 ? "" : optarg;
			break;
		case 'u':
			o->unsub = 1;
			break;
		case 'n':
			*dry = 1;
			break;
		case 'R':
			*replace = 1;
			break;
		case 'm':
			if (strchr(optarg, '=') == NULL || optarg[0] == '=' ||
			    nmap == SL_SUPPRESS_MAPS) {
				fprintf(stderr, "senderlint-suppress: -m takes "
				    "list-id=stream (at most %d)\n",
				    SL_SUPPRESS_MAPS);
				exit(2);
			}
			*map = xrealloc(*map, (nmap + 2) * sizeof(**map));
			(*map)[nmap++] = optarg;
			(*map)[nmap] = NULL;
			break;
		default:
			usage();
		}
	}
	if (*map != NULL && !o->unsub)
		usage();
	o->map = *map;
	return optind;
}

/* add [-r reason] [-d date] [-s stream] address ... */
static int
cmd_add(struct tool *t, int argc, char **argv)
{
	struct suppfile_opts o;
	struct supp_entry *e;
	struct supp_txn *txn;
	const char **map = NULL, *why;
	char date[32], scope[96];
	int i, k, dry = 0, replace = 0, bad = 0;

	memset(&o, 0, sizeof(o));
	i = entry_opts(t, argc, argv, "r:d:s:", &o, &dry, &replace, &map);
	if (i == argc)
		usage();
	e = xcalloc((size_t)(argc - i), sizeof(*e));
	for (k = 0; i + k < argc; k++) {
		if (suppress_norm(argv[i + k], strlen(argv[i + k]), e[k].addr,
		    sizeof(e[k].addr), &why) < 0) {
			fprintf(stderr, "senderlint-suppress: %s: %s\n",
			    argv[i + k], why);
			bad++;
		}
		e[k].reason = o.reason;
		e[k].date = o.date;
		snprintf(e[k].stream, sizeof(e[k].stream), "%s", o.stream);
	}
	if (o.stream[0] != '\0' && !stream_ok(t, o.stream)) {
		fprintf(stderr, "senderlint-suppress: unknown stream %s (not "
		    "in the rule file)\n", o.stream);
		bad++;
	}
	if (bad) {
		fprintf(stderr, "senderlint-suppress: nothing added\n");
		free(e);
		return 1;
	}
	open_store(t, SUPPRESS_CREATE);
	if ((txn = suppress_begin(t->s)) == NULL) {
		free(e);
		return 1;
	}
	for (k = 0; i + k < argc; k++)
		if (suppress_put(txn, &e[k]) < 0) {
			suppress_abort(txn);
			free(e);
			return 1;
		}
	if (suppress_commit(txn) < 0) {
		free(e);
		return 1;
	}
	for (k = 0; i + k < argc; k++) {
		suppress_date_format(e[k].date, 0, date, sizeof(date));
		scope_text(&e[k], scope, sizeof(scope));
		printf("added %s: %s on %s, %s\n", e[k].addr,
		    suppress_reason_name(e[k].reason), date, scope);
	}
	free(e);
	return 0;
}

/* remove [-s stream] address ...: the others go even if one is absent */
static int
cmd_remove(struct tool *t, int argc, char **argv)
{
	char addr[SUPP_ADDR_MAX + 1];
	const char *stream = "", *why;
	struct supp_txn *txn;
	int ch, i, rc, absent = 0;

	optind = 1;
	while ((ch = getopt(argc, argv, "s:")) != -1) {
		if (ch != 's')
			usage();
		stream = strcmp(optarg, "*") == 0 ? "" : optarg;
	}
	if (optind == argc)
		usage();
	for (i = optind; i < argc; i++)
		if (suppress_norm(argv[i], strlen(argv[i]), addr, sizeof(addr),
		    &why) < 0) {
			fprintf(stderr, "senderlint-suppress: %s: %s; nothing "
			    "removed\n", argv[i], why);
			return 1;
		}
	open_store(t, 0);
	if ((txn = suppress_begin(t->s)) == NULL)
		return 1;
	for (i = optind; i < argc; i++) {
		suppress_norm(argv[i], strlen(argv[i]), addr, sizeof(addr),
		    &why);
		if ((rc = suppress_del(txn, addr, stream)) < 0) {
			suppress_abort(txn);
			return 1;
		}
		if (rc == 0) {
			fprintf(stderr, "senderlint-suppress: %s is not on the "
			    "list for %s%s\n", addr, stream[0] ? "stream " :
			    "every stream", stream);
			absent++;
		} else
			printf("removed %s (%s%s)\n", addr, stream[0] ?
			    "stream " : "every stream", stream);
	}
	if (suppress_commit(txn) < 0)
		return 1;
	return absent ? 1 : 0;
}

static void
print_tab(void *arg, const struct supp_entry *e)
{
	char date[32];

	(void)arg;
	suppress_date_format(e->date, 1, date, sizeof(date));
	printf("%s\t%s\t%s\t%s\n", e->addr, suppress_reason_name(e->reason),
	    date, e->stream[0] ? e->stream : "*");
}

static void
print_hit(void *arg, size_t i, const struct supp_entry *e)
{
	(void)i;
	print_tab(arg, e);
}

static void
print_csv(void *arg, const struct supp_entry *e)
{
	struct sbuf *b = arg;

	sbuf_reset(b);
	suppfile_csv(e, b);
	printf("%s\n", b->s);
}

/* list [address]: every entry, or those that apply to one address */
static int
cmd_list(struct tool *t, int argc, char **argv)
{
	char addr[SUPP_ADDR_MAX + 1];
	const char *why, *v[1] = { addr };
	int n;

	if (argc > 2)
		usage();
	if (argc == 2 && suppress_norm(argv[1], strlen(argv[1]), addr,
	    sizeof(addr), &why) < 0) {
		fprintf(stderr, "senderlint-suppress: %s: %s\n", argv[1], why);
		return 1;
	}
	open_store(t, SUPPRESS_RDONLY);
	if (argc == 1)
		return suppress_list(t->s, print_tab, NULL) < 0 ? 1 : 0;
	if ((n = suppress_find(t->s, v, 1, SUPPRESS_ANY_STREAM, print_hit,
	    NULL)) == 0)
		fprintf(stderr, "senderlint-suppress: %s is not suppressed\n",
		    addr);
	return n > 0 ? 0 : 1;
}

static int
cmd_export(struct tool *t, int argc)
{
	struct sbuf b;
	long n;

	if (argc != 1)
		usage();
	open_store(t, SUPPRESS_RDONLY);
	sbuf_init(&b, 4096);
	printf("address,reason,date,stream\n");
	n = suppress_list(t->s, print_csv, &b);
	sbuf_clear(&b);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "senderlint-suppress: export: %s\n",
		    strerror(errno));
		return 1;
	}
	return n < 0 ? 1 : 0;
}

/*
 * import [-u] [-nR] [-r reason] [-d date] [-s stream] [-m id=stream] file:
 * every line checked, all errors reported as file:line, then one
 * transaction: everything or, after any error, nothing.
 */
static int
cmd_import(struct tool *t, int argc, char **argv)
{
	struct suppfile_opts o;
	struct supp_entry e;
	struct supp_txn *txn = NULL;
	const char **map = NULL, *name;
	char err[512], *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned long lineno = 0, nerr = 0, n = 0;
	int i, rc, dry = 0, replace = 0;
	FILE *fp;

	memset(&o, 0, sizeof(o));
	i = entry_opts(t, argc, argv, "unRr:d:s:m:", &o, &dry, &replace, &map);
	if (i != argc - 1)
		usage();
	name = argv[i];
	if (strcmp(name, "-") == 0) {
		fp = stdin;
		name = "(stdin)";
	} else if ((fp = fopen(name, "r")) == NULL) {
		fprintf(stderr, "senderlint-suppress: %s: %s\n", name,
		    strerror(errno));
		free(map);
		return 1;
	}
	if (o.stream[0] != '\0' && !stream_ok(t, o.stream)) {
		fprintf(stderr, "senderlint-suppress: unknown stream %s (not "
		    "in the rule file)\n", o.stream);
		free(map);
		return 2;
	}
	if (!dry) {
		open_store(t, SUPPRESS_CREATE);
		if ((txn = suppress_begin(t->s)) == NULL ||
		    (replace && suppress_clear(txn) < 0))
			goto fail;
	}
	while ((len = getline(&line, &cap, fp)) != -1) {
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			len--;
		if (len > SL_SUPPRESS_LINE) {
			snprintf(err, sizeof(err), "line longer than %d octets",
			    SL_SUPPRESS_LINE);
			rc = -1;
		} else
			rc = suppfile_line(&o, line, (size_t)len, &e, err,
			    sizeof(err));
		if (rc < 0 && nerr++ < SL_SUPPRESS_ERRORS)
			fprintf(stderr, "%s:%lu: %s\n", name, lineno, err);
		if (rc <= 0 || nerr > 0)
			continue;
		n++;
		if (txn != NULL && suppress_put(txn, &e) < 0)
			goto fail;
	}
	if (ferror(fp)) {
		fprintf(stderr, "senderlint-suppress: %s: %s\n", name,
		    strerror(errno));
		goto fail;
	}
	if (nerr > 0) {
		if (nerr > SL_SUPPRESS_ERRORS)
			fprintf(stderr, "%s: %lu more errors\n", name,
			    nerr - SL_SUPPRESS_ERRORS);
		fprintf(stderr, "%s: %lu bad line%s; nothing imported\n", name,
		    nerr, nerr == 1 ? "" : "s");
		goto fail;
	}
	if (txn != NULL && suppress_commit(txn) < 0) {
		txn = NULL;
		goto fail;
	}
	printf("%s %lu entr%s from %s (%lu line%s)%s\n", dry ?
	    "would import" : "imported", n, n == 1 ? "y" : "ies", name, lineno,
	    lineno == 1 ? "" : "s", replace ? ", replacing the list" : "");
	if (fp != stdin)
		fclose(fp);
	free(line);
	free(map);
	return 0;
fail:
	suppress_abort(txn);
	if (fp != stdin)
		fclose(fp);
	free(line);
	free(map);
	return 1;
}

int
main(int argc, char **argv)
{
	const char *conf_path = DEFAULT_CONF;
	struct tool t;
	struct diag d;
	int ch, rc;

	log_open("senderlint-suppress", 0, 0);
	while ((ch = getopt(argc, argv, "+c:")) != -1) {
		if (ch == 'c')
			conf_path = optarg;
		else
			usage();
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage();
	memset(&t, 0, sizeof(t));
	diag_init(&d);
	if ((t.conf = conf_load(conf_path, &d)) == NULL) {
		diag_print(&d, stderr);
		diag_clear(&d);
		return 2;
	}
	diag_clear(&d);
	if (t.conf->supp_path == NULL) {
		fprintf(stderr, "senderlint-suppress: %s has no suppression "
		    "section\n", conf_path);
		conf_free(t.conf);
		return 2;
	}
	if (strcmp(argv[0], "add") == 0)
		rc = cmd_add(&t, argc, argv);
	else if (strcmp(argv[0], "remove") == 0)
		rc = cmd_remove(&t, argc, argv);
	else if (strcmp(argv[0], "list") == 0)
		rc = cmd_list(&t, argc, argv);
	else if (strcmp(argv[0], "import") == 0)
		rc = cmd_import(&t, argc, argv);
	else if (strcmp(argv[0], "export") == 0)
		rc = cmd_export(&t, argc);
	else
		usage();
	suppress_close(t.s);
	ruleset_free(t.rules);
	conf_free(t.conf);
	return rc;
}
