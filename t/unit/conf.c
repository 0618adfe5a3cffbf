/*
 * conf: the config loader. A good file sets every value it names and
 * leaves the defaults elsewhere; each error comes back as
 * file:line:col: message, all of them, in order. t/10-config.t already
 * runs senderlint -n over unknown keys, wrong types, a missing user,
 * group, facility or rules key, a YAML syntax error, date_skew,
 * identity_store, dns and authentication; this table covers the rest of
 * the loader: socket, limits and their ranges, stats, tag_header,
 * on_error, unsubscribe_patterns, message_id_window, log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "diag.h"
#include "limits.h"
#include "log.h"
#include "tap.h"

static const struct {
	const char	*name;
	const char	*text;
	const char	*errors;	/* diag_print output, "" when valid */
} cases[] = {
	{ "minimal", "rules: r.yaml\n", "" },
	{ "socket path relative",
	    "rules: r.yaml\nsocket: { path: \"unix:sl.sock\" }\n",
	    "c.conf:2:17: unix socket path must be absolute: \"unix:sl.sock\"\n" },
	{ "socket inet without port",
	    "rules: r.yaml\nsocket: { path: \"inet:@127.0.0.1\" }\n",
	    "c.conf:2:17: inet socket must be inet:PORT@HOST, not \"inet:@127.0.0.1\"\n" },
	{ "socket inet port 65536",
	    "rules: r.yaml\nsocket: { path: \"inet:65536@127.0.0.1\" }\n",
	    "c.conf:2:17: inet socket must be inet:PORT@HOST, not \"inet:65536@127.0.0.1\"\n" },
	{ "socket inet empty host",
	    "rules: r.yaml\nsocket: { path: \"inet:8891@\" }\n",
	    "c.conf:2:17: inet socket must be inet:PORT@HOST, not \"inet:8891@\"\n" },
	{ "socket of another kind",
	    "rules: r.yaml\nsocket: { path: \"tcp:8891\" }\n",
	    "c.conf:2:17: socket must start with unix: or inet:, not \"tcp:8891\"\n" },
	{ "socket without a path",
	    "rules: r.yaml\nsocket: { mode: \"0660\" }\n",
	    "c.conf:2:9: socket needs a path\n" },
	{ "socket mode not octal",
	    "rules: r.yaml\nsocket: { path: \"unix:/s\", mode: \"0999\" }\n",
	    "c.conf:2:34: socket mode must be octal like 0660, not \"0999\"\n" },
	{ "socket mode too large",
	    "rules: r.yaml\nsocket: { path: \"unix:/s\", mode: \"01777\" }\n",
	    "c.conf:2:34: socket mode must be octal like 0660, not \"01777\"\n" },
	{ "limits at their floors",
	    "rules: r.yaml\nlimits:\n  max_headers: 1\n  max_header_bytes: 1024\n"
	    "  max_rcpts: 1\n  regex_match_limit: 1\n  regex_depth_limit: 1\n", "" },
	{ "limits under their floors",
	    "rules: r.yaml\nlimits:\n  max_headers: 0\n  max_header_bytes: 1023\n"
	    "  max_rcpts: 0\n  regex_match_limit: 0\n  regex_depth_limit: 0\n",
	    "c.conf:3:16: max_headers must be between 1 and 80000, not 0\n"
	    "c.conf:4:21: max_header_bytes must be between 1024 and 8388608, not 1023\n"
	    "c.conf:5:14: max_rcpts must be between 1 and 8000, not 0\n"
	    "c.conf:6:22: regex_match_limit must be between 1 and 800000, not 0\n"
	    "c.conf:7:22: regex_depth_limit must be between 1 and 8000, not 0\n" },
	{ "limits at 8 x the default",
	    "rules: r.yaml\nlimits: { max_headers: 80000, max_rcpts: 8000 }\n", "" },
	{ "limits past 8 x the default",
	    "rules: r.yaml\nlimits: { max_headers: 80001, max_rcpts: 8001 }\n",
	    "c.conf:2:24: max_headers must be between 1 and 80000, not 80001\n"
	    "c.conf:2:42: max_rcpts must be between 1 and 8000, not 8001\n" },
	{ "limits: an unknown key",
	    "rules: r.yaml\nlimits: { max_lines: 5 }\n",
	    "c.conf:2:11: unknown key \"max_lines\"\n" },
	{ "stats interval out of range",
	    "rules: r.yaml\nstats: { file: s.prom, interval: 0 }\n",
	    "c.conf:2:34: stats interval must be between 1 and 3600, not 0\n" },
	{ "tag_header with a colon",
	    "rules: r.yaml\ntag_header: \"X-A:B\"\n",
	    "c.conf:2:13: tag_header must be a field name of printable characters without ':' (at most 64)\n" },
	{ "tag_header with a space",
	    "rules: r.yaml\ntag_header: \"X A\"\n",
	    "c.conf:2:13: tag_header must be a field name of printable characters without ':' (at most 64)\n" },
	{ "tag_header of 65 octets",
	    "rules: r.yaml\ntag_header: X-^63\n",
	    "c.conf:2:13: tag_header must be a field name of printable characters without ':' (at most 64)\n" },
	{ "unsubscribe_patterns empty",
	    "rules: r.yaml\nchecks: { unsubscribe_patterns: [] }\n",
	    "c.conf:2:33: unsubscribe_patterns needs 1 to 256 patterns\n" },
	{ "message_id_window out of range",
	    "rules: r.yaml\nchecks:\n  message_id_window: { size: 0, age: 2592001 }\n",
	    "c.conf:3:30: message_id_window size must be between 1 and 800000, not 0\n"
	    "c.conf:3:38: message_id_window age must be between 1 and 2592000, not 2592001\n" },
	{ "log debug not a boolean",
	    "rules: r.yaml\nlog: { debug: sometimes }\n",
	    "c.conf:2:15: log debug must be true or false, not \"sometimes\"\n" },
	{ "several errors, all reported in order",
	    "rules: r.yaml\non_error: bounce\ntag_header: \"a b\"\nlimits: { max_rcpts: 0 }\n",
	    "c.conf:2:11: on_error must be tempfail or accept, not \"bounce\"\n"
	    "c.conf:3:13: tag_header must be a field name of printable characters without ':' (at most 64)\n"
	    "c.conf:4:22: max_rcpts must be between 1 and 8000, not 0\n" },
};

static char *
errors_of(const struct diag *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	diag_print(d, fp);
	fclose(fp);
	return buf;
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	char *t;
	size_t len;

	t = tap_expand(text, '^', &len);
	fwrite(t, 1, len, fp);
	fclose(fp);
	free(t);
}

int
main(void)
{
	char dir[] = "/tmp/sl-unit-conf.XXXXXX", *got, *cwd;
	struct diag d;
	struct conf *c;
	size_t i;

	if (mkdtemp(dir) == NULL || (cwd = getcwd(NULL, 0)) == NULL ||
	    chdir(dir) < 0) {
		printf("Bail out! cannot make a temporary directory\n");
		return 1;
	}
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		write_file("c.conf", cases[i].text);
		diag_init(&d);
		c = conf_load("c.conf", &d);
		got = errors_of(&d);
		tap_is_str(got, cases[i].errors, cases[i].name);
		tap_ok((c == NULL) == (cases[i].errors[0] != '\0'),
		    *cases[i].errors ? "  and no config is returned" :
		    "  and a config is returned");
		free(got);
		conf_free(c);
		diag_clear(&d);
	}

	/* a good file: every value it names, defaults elsewhere */
	write_file("c.conf",
	    "socket: { path: \"inet:8891@127.0.0.1\", mode: \"0640\" }\n"
	    "rules: rules/r.yaml\n"
	    "log: { facility: local3, debug: true }\n"
	    "on_error: accept\n"
	    "tag_header: X-Lint\n"
	    "stats: { file: s.prom, interval: 5 }\n"
	    "limits: { max_headers: 500, max_header_bytes: 65536, max_rcpts: 20 }\n"
	    "checks:\n"
	    "  date_skew: { past: 3600, future: 60 }\n"
	    "  message_id_window: { size: 10, age: 600 }\n"
	    "  unsubscribe_patterns: [ \"Abmelden\" ]\n");
	diag_init(&d);
	c = conf_load("c.conf", &d);
	tap_ok(c != NULL && diag_count(&d) == 0, "good file: loads");
	if (c == NULL) {
		diag_print(&d, stdout);
		return tap_done();
	}
	tap_is_str(c->socket, "inet:8891@127.0.0.1", "good file: socket");
	tap_is_int(c->socket_mode, 0640, "good file: socket mode is octal");
	got = malloc(strlen(dir) + 32);
	snprintf(got, strlen(dir) + 32, "%s/rules/r.yaml", dir);
	tap_is_str(c->rules_path, got, "good file: rules relative to the "
	    "config's directory");
	snprintf(got, strlen(dir) + 32, "%s/s.prom", dir);
	tap_is_str(c->stats_file, got, "good file: stats file likewise");
	free(got);
	tap_is_int(c->facility, log_facility("local3"), "good file: facility");
	tap_is_int(c->debug, 1, "good file: log debug");
	tap_is_int(log_debugging(), 1, "good file: the debug level is applied");
	tap_is_int(c->on_error, ONERR_ACCEPT, "good file: on_error");
	tap_is_str(c->tag_header, "X-Lint", "good file: tag_header");
	tap_is_int(c->stats_interval, 5, "good file: stats interval");
	tap_is_int((long)c->mlim.max_headers, 500, "good file: max_headers");
	tap_is_int((long)c->mlim.max_header_bytes, 65536,
	    "good file: max_header_bytes");
	tap_is_int((long)c->mlim.max_rcpts, 20, "good file: max_rcpts");
	tap_is_int((long)c->re_match_limit, SL_REGEX_MATCH_LIMIT,
	    "good file: regex_match_limit keeps its default");
	tap_is_int(c->date_past, 3600, "good file: date_skew past");
	tap_is_int(c->date_future, 60, "good file: date_skew future");
	tap_is_int(c->msgid_window_size, 10, "good file: window size");
	tap_is_int(c->msgid_window_age, 600, "good file: window age");
	tap_ok(c->unsub_patterns != NULL && c->unsub_patterns[1] == NULL,
	    "good file: one unsubscribe pattern");
	tap_is_str(c->unsub_patterns ? c->unsub_patterns[0] : NULL,
	    "abmelden", "good file: patterns are kept lower-case");
	tap_is_int(c->auth_enabled, 0, "good file: no dns section, no "
	    "authentication");
	conf_free(c);
	diag_clear(&d);

	write_file("c.conf", "rules: r.yaml\n");
	diag_init(&d);
	c = conf_load("c.conf", &d);
	tap_is_int(log_debugging(), 0, "a config without log debug turns "
	    "debug off again");
	tap_is_int((long)c->mlim.max_headers, SL_MAX_HEADERS,
	    "defaults: max_headers");
	tap_is_str(c->tag_header, "X-Senderlint", "defaults: tag_header");
	tap_is_int(c->on_error, ONERR_TEMPFAIL, "defaults: on_error");
	tap_is_int(c->socket_mode, -1, "defaults: socket mode left as created");
	conf_free(c);
	diag_clear(&d);

	diag_init(&d);
	c = conf_load("missing.conf", &d);
	got = errors_of(&d);
	tap_ok(c == NULL && strncmp(got, "missing.conf", 12) == 0,
	    "a missing file: no config, an error naming it");
	free(got);
	diag_clear(&d);

	unlink("c.conf");
	if (chdir(cwd) == 0)
		rmdir(dir);
	free(cwd);
	return tap_done();
}
