/*
 * NAME
 *	conf - load and validate senderlint.conf
 * DIAGNOSTICS
 *	Every problem is a diag entry at the offending node; nothing is
 *	half-applied: on any error the caller gets NULL.
 */
#include <ctype.h>
#include <grp.h>
#include <libgen.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "limits.h"
#include "linksearch.h"
#include "listenaddr.h"
#include "log.h"
#include "unsubwin.h"
#include "util.h"
#include "yamldoc.h"

/* Unsubscribe link words, lowercase, in the languages senders use most. */
/*
 * Words that mark an unsubscribe link where a reader sees them beside it
 * (linksearch.h): in the link's URL, its text or title, or the sentence
 * around it ("to stop receiving these emails, click here").
 */
static const char *const default_patterns[] = {
	"unsubscribe", "unsub", "opt-out", "opt out", "optout",
	"stop receiving", "no longer wish to receive",
	"no longer want to receive", "no longer receive",
	"abmelden", "abmeldung", "abbestellen", "austragen",
	"nicht mehr erhalten", "nicht mehr empfangen", "keine e-mails mehr",
	"d\xc3\xa9sabonner", "desabonner", "d\xc3\xa9sinscri", "desinscri",
	"ne plus recevoir", "darse de baja", "darte de baja",
	"dejar de recibir", "cancelar suscripci", "cancelar la suscripci",
	"afmelden", "uitschrijven", "niet meer ontvangen", "disiscriviti",
	"annulla l'iscrizione", "non ricevere pi\xc3\xb9", "descadastr",
	"cancelar inscri", "deixar de receber", "avregistrer",
	"avsluta prenumeration", "wypisz", "odhl\xc3\xa1sit",
	"\xd0\xbe\xd1\x82\xd0\xbf\xd0\xb8\xd1\x81\xd0\xb0\xd1\x82\xd1\x8c\xd1\x81\xd1\x8f",
	"\xe9\x85\x8d\xe4\xbf\xa1\xe5\x81\x9c\xe6\xad\xa2",
	"\xe9\x80\x80\xe8\xae\xa2",
	"\xe5\x8f\x96\xe6\xb6\x88\xe8\xae\xa2\xe9\x98\x85",
	NULL
};

struct conf *
conf_default(void)
{
	struct conf *c = xcalloc(1, sizeof(*c));

	c->socket_mode = -1;
	c->facility = log_facility("mail");
	c->on_error = ONERR_TEMPFAIL;
	c->tag_header = xstrdup("X-Senderlint");
	c->stats_interval = 10;
	c->mlim.max_headers = SL_MAX_HEADERS;
	c->mlim.max_header_bytes = SL_MAX_HEADER_BYTES;
	c->mlim.max_rcpts = SL_MAX_RCPTS;
	c->re_match_limit = SL_REGEX_MATCH_LIMIT;
	c->re_depth_limit = SL_REGEX_DEPTH_LIMIT;
	c->date_past = SL_DATE_PAST;
	c->date_future = SL_DATE_FUTURE;
	c->msgid_window_size = SL_MSGID_WINDOW_SIZE;
	c->msgid_window_age = SL_MSGID_WINDOW_AGE;
	c->identstore_map_mb = 64;
	c->unsubwin_size = UNSUBWIN_SIZE;
	c->unsubwin_age = UNSUBWIN_AGE;
	c->unsubwin_map_mb = UNSUBWIN_MAP_MB;
	c->links = linksearch_words_new(default_patterns);
	c->mlim.links = c->links;
	conf_auth_defaults(c);
	conf_tune_defaults(c);
	scope_default(&c->scope);
	conf_supp_defaults(c);
	return c;
}

void
conf_free(struct conf *c)
{
	if (c == NULL)
		return;
	free(c->path);
	free(c->socket);
	free(c->socket_group);
	free(c->user);
	free(c->pid_file);
	free(c->rules_path);
	free(c->tag_header);
	free(c->stats_file);
	free(c->stats_listen);
	free(c->identstore_path);
	free(c->unsubwin_path);
	conf_auth_clear(c);
	conf_tune_clear(c);
	scope_clear(&c->scope);
	conf_supp_clear(c);
	linksearch_words_free(c->links);
	if (c->unsub_patterns != NULL) {
		char **p;

		for (p = c->unsub_patterns; *p != NULL; p++)
			free(*p);
		free(c->unsub_patterns);
	}
	free(c);
}

const char *
conf_unix_path(const char *spec)
{
	if (strncmp(spec, "unix:", 5) == 0)
		return spec + 5;
	if (strncmp(spec, "local:", 6) == 0)
		return spec + 6;
	return NULL;
}

static void
set_str(char **dst, const char *file, const struct ynode *n,
    const char *what, struct diag *d)
{
	const char *s;

	if (y_string(file, n, what, &s, d) == 0) {
		free(*dst);
		*dst = xstrdup(s);
	}
}

static void
check_socket(const char *file, const struct ynode *n, const char *s,
    struct diag *d)
{
	const char *at;
	char *end;
	long port;

	if (strncmp(s, "unix:", 5) == 0 || strncmp(s, "local:", 6) == 0) {
		if (strchr(s, ':')[1] != '/')
			diag_add(d, file, n->line, n->col,
			    "unix socket path must be absolute: \"%s\"", s);
		return;
	}
	if (strncmp(s, "inet:", 5) == 0 || strncmp(s, "inet6:", 6) == 0) {
		port = strtol(strchr(s, ':') + 1, &end, 10);
		at = strchr(s, '@');
		if (port < 1 || port > 65535 || (*end != '\0' && *end != '@') ||
		    (at != NULL && at[1] == '\0'))
			diag_add(d, file, n->line, n->col,
			    "inet socket must be inet:PORT@HOST, not \"%s\"",
			    s);
		return;
	}
	diag_add(d, file, n->line, n->col,
	    "socket must start with unix: or inet:, not \"%s\"", s);
}

static void
load_socket(struct conf *c, const char *file, const struct ynode *n,
    struct diag *d)
{
	static const char *const keys[] = { "path", "mode", "group", NULL };
	const struct ynode *v;
	char *end;
	long mode;

	if (y_expect(file, n, Y_MAP, "socket", d) < 0)
		return;
	y_keys(file, n, keys, d);
	if ((v = y_get(n, "path")) == NULL)
		diag_add(d, file, n->line, n->col, "socket needs a path");
	else {
		set_str(&c->socket, file, v, "socket path", d);
		if (c->socket != NULL)
			check_socket(file, v, c->socket, d);
	}
	if ((v = y_get(n, "mode")) != NULL &&
	    y_expect(file, v, Y_SCALAR, "socket mode", d) == 0) {
		mode = strtol(v->str, &end, 8);
		if (v->len == 0 || *end != '\0' || mode < 0 || mode > 0777)
			diag_add(d, file, v->line, v->col,
			    "socket mode must be octal like 0660, not \"%s\"",
			    v->str);
		else
			c->socket_mode = mode;
	}
	if ((v = y_get(n, "group")) != NULL) {
		set_str(&c->socket_group, file, v, "socket group", d);
		if (c->socket_group != NULL && getgrnam(c->socket_group) == NULL)
			diag_add(d, file, v->line, v->col,
			    "no such group \"%s\"", c->socket_group);
	}
}

static void
load_log(struct conf *c, const char *file, const struct ynode *n,
    struct diag *d)
{
	static const char *const keys[] = { "facility", "debug", NULL };
	const struct ynode *v;
	const char *s;
	int f;

	if (y_expect(file, n, Y_MAP, "log", d) < 0)
		return;
	y_keys(file, n, keys, d);
	if ((v = y_get(n, "facility")) != NULL &&
	    y_string(file, v, "log facility", &s, d) == 0) {
		if ((f = log_facility(s)) < 0)
			diag_add(d, file, v->line, v->col,
			    "unknown syslog facility \"%s\"", s);
		else
			c->facility = f;
	}
	if ((v = y_get(n, "debug")) != NULL)
		y_bool(file, v, "log debug", &c->debug, d);
}

/* The metrics listener: a valid spec, beyond loopback only if allowed. */
static void
check_listen(struct conf *c, const char *file, const struct ynode *v,
    const char *s, struct diag *d)
{
	struct listenaddr la;
	char err[256];

	if (listenaddr_parse(s, &la, err, sizeof(err)) < 0)
		diag_add(d, file, v->line, v->col, "%s, not \"%s\"", err, s);
	else if (!la.loopback && !c->stats_allow_remote)
		diag_add(d, file, v->line, v->col, "stats listen \"%s\" is "
		    "not a loopback address: anyone who can reach it reads "
		    "the counters; set allow_remote: true to allow it", s);
	else {
		free(c->stats_listen);
		c->stats_listen = xstrdup(s);
	}
}

static void
load_stats(struct conf *c, const char *file, const struct ynode *n,
    struct diag *d)
{
	static const char *const keys[] = { "file", "interval", "listen",
	    "allow_remote", NULL };
	const struct ynode *v;
	const char *s;

	if (y_expect(file, n, Y_MAP, "stats", d) < 0)
		return;
	y_keys(file, n, keys, d);
	if ((v = y_get(n, "file")) != NULL &&
	    y_string(file, v, "stats file", &s, d) == 0) {
		free(c->stats_file);
		c->stats_file = path_relative(file, s);
	}
	if ((v = y_get(n, "interval")) != NULL)
		y_long(file, v, "stats interval", 1, 3600, &c->stats_interval,
		    d);
	if ((v = y_get(n, "allow_remote")) != NULL)
		y_bool(file, v, "stats allow_remote", &c->stats_allow_remote,
		    d);
	if ((v = y_get(n, "listen")) != NULL &&
	    y_string(file, v, "stats listen", &s, d) == 0)
		check_listen(c, file, v, s, d);
}

static void
load_limits(struct conf *c, const char *file, const struct ynode *n,
    struct diag *d)
{
	static const char *const keys[] = { "max_headers", "max_header_bytes",
	    "max_rcpts", "regex_match_limit", "regex_depth_limit", NULL };
	const struct ynode *v;
	long l;

	if (y_expect(file, n, Y_MAP, "limits", d) < 0)
		return;
	y_keys(file, n, keys, d);
	if ((v = y_get(n, "max_headers")) != NULL &&
	    y_long(file, v, "max_headers", 1, 8L * SL_MAX_HEADERS, &l, d) == 0)
		c->mlim.max_headers = (size_t)l;
	if ((v = y_get(n, "max_header_bytes")) != NULL &&
	    y_long(file, v, "max_header_bytes", 1024,
	    8L * SL_MAX_HEADER_BYTES, &l, d) == 0)
		c->mlim.max_header_bytes = (size_t)l;
	if ((v = y_get(n, "max_rcpts")) != NULL &&
	    y_long(file, v, "max_rcpts", 1, 8L * SL_MAX_RCPTS, &l, d) == 0)
		c->mlim.max_rcpts = (size_t)l;
	if ((v = y_get(n, "regex_match_limit")) != NULL &&
	    y_long(file, v, "regex_match_limit", 1,
	    8L * SL_REGEX_MATCH_LIMIT, &l, d) == 0)
		c->re_match_limit = (unsigned long)l;
	if ((v = y_get(n, "regex_depth_limit")) != NULL &&
	    y_long(file, v, "regex_depth_limit", 1,
	    8L * SL_REGEX_DEPTH_LIMIT, &l, d) == 0)
		c->re_depth_limit = (unsigned long)l;
}

/* checks: { date_skew: { past, future }, message_id_window: { size, age } } */
static void
load_checks(struct conf *c, const char *file, const struct ynode *n,
    struct diag *d)
{
	static const char *const keys[] = { "date_skew", "message_id_window",
	    "unsubscribe_patterns", NULL };
	static const char *const skew[] = { "past", "future", NULL };
	static const char *const win[] = { "size", "age", NULL };
	const struct ynode *v, *w;

	if (y_expect(file, n, Y_MAP, "checks", d) < 0)
		return;
	y_keys(file, n, keys, d);
	if ((v = y_get(n, "date_skew")) != NULL &&
	    y_expect(file, v, Y_MAP, "date_skew", d) == 0) {
		y_keys(file, v, skew, d);
		if ((w = y_get(v, "past")) != NULL)
			y_long(file, w, "date_skew past", 0, 366L * 86400,
			    &c->date_past, d);
		if ((w = y_get(v, "future")) != NULL)
			y_long(file, w, "date_skew future", 0, 366L * 86400,
			    &c->date_future, d);
	}
	if ((v = y_get(n, "unsubscribe_patterns")) != NULL &&
	    y_expect(file, v, Y_SEQ, "unsubscribe_patterns", d) == 0) {
		size_t i, k;

		if (v->n == 0 || v->n > SL_MAX_UNSUB_PATTERNS)
			diag_add(d, file, v->line, v->col,
			    "unsubscribe_patterns needs 1 to %d patterns",
			    SL_MAX_UNSUB_PATTERNS);
		else {
			c->unsub_patterns = xcalloc(v->n + 1, sizeof(char *));
			for (i = 0; i < v->n; i++) {
				const char *s;

				if (y_string(file, v->kid[i], "a pattern", &s, d) < 0)
					continue;
				c->unsub_patterns[i] = xstrdup(s);
				for (k = 0; c->unsub_patterns[i][k]; k++)
					c->unsub_patterns[i][k] = (char)tolower(
					    (unsigned char)c->unsub_patterns[i][k]);
			}
			linksearch_words_free(c->links);
			c->links = linksearch_words_new(
			    (const char *const *)c->unsub_patterns);
			c->mlim.links = c->links;
		}
	}
	if ((v = y_get(n, "message_id_window")) != NULL &&
	    y_expect(file, v, Y_MAP, "message_id_window", d) == 0) {
		y_keys(file, v, win, d);
		if ((w = y_get(v, "size")) != NULL)
			y_long(file, w, "message_id_window size", 1,
			    8L * SL_MSGID_WINDOW_SIZE, &c->msgid_window_size, d);
		if ((w = y_get(v, "age")) != NULL)
			y_long(file, w, "message_id_window age", 1,
			    30L * 86400, &c->msgid_window_age, d);
	}
}

/* unsubscribe_window: { path, size, age, map_size_mb } (unsubwin.h) */
static void
load_unsubwin(struct conf *c, const char *file, const struct ynode *v,
    struct diag *d)
{
	static const char *const keys[] = { "path", "size", "age",
	    "map_size_mb", NULL };
	const struct ynode *w;
	const char *s;

	if (y_expect(file, v, Y_MAP, "unsubscribe_window", d) < 0)
		return;
	y_keys(file, v, keys, d);
	if ((w = y_get(v, "path")) == NULL)
		diag_add(d, file, v->line, v->col,
		    "unsubscribe_window needs a path");
	else if (y_string(file, w, "unsubscribe_window path", &s, d) == 0)
		c->unsubwin_path = path_relative(file, s);
	if ((w = y_get(v, "size")) != NULL)
		y_long(file, w, "unsubscribe_window size", 1, 100L * 1000 * 1000,
		    &c->unsubwin_size, d);
	if ((w = y_get(v, "age")) != NULL)
		y_long(file, w, "unsubscribe_window age", 60, 366L * 86400,
		    &c->unsubwin_age, d);
	if ((w = y_get(v, "map_size_mb")) != NULL)
		y_long(file, w, "map_size_mb", 1, 65536, &c->unsubwin_map_mb, d);
}

struct conf *
conf_load(const char *path, struct diag *d)
{
	static const char *const keys[] = { "socket", "user", "pid_file",
	    "rules", "log", "on_error", "tag_header", "stats", "limits",
	    "checks", "identity_store", "dns", "authentication",
	    "on_dns_error", "mode", "scope", "suppression", "unsubscribe_window",
	    "tests", "capture", "report", NULL };
	struct ynode *root;
	const struct ynode *v;
	struct conf *c;
	size_t before = diag_count(d), i;
	const char *s;

	if ((root = yamldoc_load(path, d)) == NULL)
		return NULL;
	c = conf_default();
	c->path = xstrdup(path);
	if (y_expect(path, root, Y_MAP, "the configuration", d) < 0)
		goto out;
	y_keys(path, root, keys, d);
	if ((v = y_get(root, "socket")) != NULL)
		load_socket(c, path, v, d);
	if ((v = y_get(root, "user")) != NULL) {
		set_str(&c->user, path, v, "user", d);
		if (c->user != NULL && getpwnam(c->user) == NULL)
			diag_add(d, path, v->line, v->col,
			    "no such user \"%s\"", c->user);
	}
	if ((v = y_get(root, "pid_file")) != NULL &&
	    y_string(path, v, "pid_file", &s, d) == 0)
		c->pid_file = path_relative(path, s);
	if ((v = y_get(root, "rules")) == NULL)
		diag_add(d, path, root->line, root->col,
		    "the configuration needs \"rules\" (path of the rule file)");
	else if (y_string(path, v, "rules", &s, d) == 0)
		c->rules_path = path_relative(path, s);
	if ((v = y_get(root, "log")) != NULL)
		load_log(c, path, v, d);
	if ((v = y_get(root, "on_error")) != NULL &&
	    y_string(path, v, "on_error", &s, d) == 0) {
		if (strcmp(s, "tempfail") == 0)
			c->on_error = ONERR_TEMPFAIL;
		else if (strcmp(s, "accept") == 0)
			c->on_error = ONERR_ACCEPT;
		else
			diag_add(d, path, v->line, v->col,
			    "on_error must be tempfail or accept, not \"%s\"",
			    s);
	}
	if ((v = y_get(root, "mode")) != NULL &&
	    y_string(path, v, "mode", &s, d) == 0) {
		if (strcmp(s, "enforce") == 0 || strcmp(s, "monitor") == 0)
			c->monitor_all = strcmp(s, "monitor") == 0;
		else
			diag_add(d, path, v->line, v->col,
			    "mode must be enforce or monitor, not \"%s\"", s);
	}
	if ((v = y_get(root, "scope")) != NULL)
		scope_load(&c->scope, path, v, d);
	if ((v = y_get(root, "tag_header")) != NULL &&
	    y_string(path, v, "tag_header", &s, d) == 0) {
		for (i = 0; s[i] != '\0'; i++)
			if (s[i] <= ' ' || s[i] > '~' || s[i] == ':')
				break;
		if (s[i] != '\0' || i > SL_MAX_TAG_NAME)
			diag_add(d, path, v->line, v->col,
			    "tag_header must be a field name of printable "
			    "characters without ':' (at most %d)",
			    SL_MAX_TAG_NAME);
		else {
			free(c->tag_header);
			c->tag_header = xstrdup(s);
		}
	}
	if ((v = y_get(root, "stats")) != NULL)
		load_stats(c, path, v, d);
	if ((v = y_get(root, "limits")) != NULL)
		load_limits(c, path, v, d);
	if ((v = y_get(root, "checks")) != NULL)
		load_checks(c, path, v, d);
	if ((v = y_get(root, "identity_store")) != NULL &&
	    y_expect(path, v, Y_MAP, "identity_store", d) == 0) {
		static const char *const ik[] = { "path", "map_size_mb", NULL };
		const struct ynode *w;

		y_keys(path, v, ik, d);
		if ((w = y_get(v, "path")) == NULL)
			diag_add(d, path, v->line, v->col,
			    "identity_store needs a path");
		else if (y_string(path, w, "identity_store path", &s, d) == 0)
			c->identstore_path = path_relative(path, s);
		if ((w = y_get(v, "map_size_mb")) != NULL)
			y_long(path, w, "map_size_mb", 1, 65536,
			    &c->identstore_map_mb, d);
	}
	if ((v = y_get(root, "unsubscribe_window")) != NULL)
		load_unsubwin(c, path, v, d);
	conf_auth_load(c, path, root, d);
	conf_supp_load(c, path, root, d);
	conf_report_load(c, path, root, d);
	conf_tune_load(c, path, root, d);
out:
	ynode_free(root);
	if (diag_count(d) > before) {
		conf_free(c);
		return NULL;
	}
	/* The one setting applied as it loads: a reload can turn it on. */
	log_set_debug(c->debug);
	return c;
}
