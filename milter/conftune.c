/*
 * NAME
 *	conftune - the tuning sections of senderlint.conf: tests, capture
 * DESCRIPTION
 *	tests: [ file, ... ]: rule test files (senderlint-rules(5), RULE
 *	TESTS) that senderlint -n runs against the rules (the systemd unit
 *	runs it before a reload).
 *
 *	capture: { path: dir, rate: 0.01, always: { actions: [...],
 *	rules: [...] }, body_kb: n, max_mb: n, max_age: 7d }: keep a sample
 *	of messages for replay (capture.h). Absent: nothing is kept.
 *
 *	Paths are taken relative to the config file. See senderlint.conf(5).
 */
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "limits.h"
#include "rule.h"
#include "util.h"

#define MAX_TEST_FILES	64
#define MAX_CAPTURE_RULES 256	/* entries of capture: always: rules */

void
conf_tune_defaults(struct conf *c)
{
	c->capture_body_kb = SL_CAPTURE_BODY_KB;
	c->capture_max_mb = SL_CAPTURE_MAX_MB;
	c->capture_max_age = SL_CAPTURE_MAX_AGE;
}

static void
load_tests(struct conf *c, const char *file, const struct ynode *n,
    struct diag *d)
{
	const char *s;
	size_t i, k = 0;

	if (y_expect(file, n, Y_SEQ, "tests", d) < 0)
		return;
	if (n->n > MAX_TEST_FILES) {
		diag_add(d, file, n->line, n->col, "tests names more than %d "
		    "files", MAX_TEST_FILES);
		return;
	}
	c->tests = xcalloc(n->n + 1, sizeof(char *));
	for (i = 0; i < n->n; i++)
		if (y_string(file, n->kid[i], "a test file", &s, d) == 0)
			c->tests[k++] = path_relative(file, s);
}

/* 30, 30s, 15m, 12h, 7d: seconds. */
/* A string or a list of strings, as a NULL-terminated vector. */
static char **
strings(const char *file, const struct ynode *n, const char *what,
    size_t max, struct diag *d)
{
	char **out;
	const char *s;
	size_t i, k = 0, cnt = n->type == Y_SEQ ? n->n : 1;

	if (n->type == Y_MAP || cnt > max) {
		diag_add(d, file, n->line, n->col, "%s must be a list of at "
		    "most %zu strings", what, max);
		return NULL;
	}
	out = xcalloc(cnt + 1, sizeof(char *));
	for (i = 0; i < cnt; i++)
		if (y_string(file, n->type == Y_SEQ ? n->kid[i] : n, what, &s,
		    d) == 0)
			out[k++] = xstrdup(s);
	return out;
}

static void
load_always(struct conf *c, const char *file, const struct ynode *n,
    struct diag *d)
{
	static const char *const keys[] = { "actions", "rules", NULL };
	const struct ynode *v;
	char **acts;
	size_t i;
	int a;

	if (y_expect(file, n, Y_MAP, "capture always", d) < 0)
		return;
	y_keys(file, n, keys, d);
	if ((v = y_get(n, "actions")) != NULL &&
	    (acts = strings(file, v, "capture always actions", ACT_COUNT,
	    d)) != NULL) {
		for (i = 0; acts[i] != NULL; i++)
			if ((a = action_parse(acts[i])) < 0)
				diag_add(d, file, v->line, v->col, "unknown "
				    "action \"%s\" (accept, tag, hold, discard, "
				    "tempfail or reject)", acts[i]);
			else
				c->capture_actions |= 1u << a;
		conf_strlist_free(acts);
	}
	if ((v = y_get(n, "rules")) != NULL) {
		conf_strlist_free(c->capture_rules);
		c->capture_rules = strings(file, v, "capture always rules",
		    MAX_CAPTURE_RULES, d);
	}
}

static void
load_capture(struct conf *c, const char *file, const struct ynode *n,
    struct diag *d)
{
	static const char *const keys[] = { "path", "rate", "always",
	    "body_kb", "max_mb", "max_age", NULL };
	const struct ynode *v;
	const char *s;
	char *end;
	double rate;

	if (y_expect(file, n, Y_MAP, "capture", d) < 0)
		return;
	y_keys(file, n, keys, d);
	if ((v = y_get(n, "path")) == NULL)
		diag_add(d, file, n->line, n->col, "capture needs a path (the "
		    "directory of the capture store)");
	else if (y_string(file, v, "capture path", &s, d) == 0) {
		free(c->capture_path);
		c->capture_path = path_relative(file, s);
	}
	if ((v = y_get(n, "rate")) != NULL &&
	    y_expect(file, v, Y_SCALAR, "capture rate", d) == 0) {
		rate = strtod(v->str, &end);
		if (v->len == 0 || *end != '\0' || !(rate >= 0 && rate <= 1))
			diag_add(d, file, v->line, v->col, "capture rate must "
			    "be a number from 0 to 1 (the share of messages "
			    "kept), not \"%s\"", v->str);
		else
			c->capture_rate = rate;
	}
	if ((v = y_get(n, "always")) != NULL)
		load_always(c, file, v, d);
	if ((v = y_get(n, "body_kb")) != NULL)
		y_long(file, v, "capture body_kb", 0, 1024, &c->capture_body_kb,
		    d);
	if ((v = y_get(n, "max_mb")) != NULL)
		y_long(file, v, "capture max_mb", 1, 1048576,
		    &c->capture_max_mb, d);
	if ((v = y_get(n, "max_age")) != NULL &&
	    y_string(file, v, "capture max_age", &s, d) == 0 &&
	    (parse_duration(s, 366L * 86400, &c->capture_max_age) < 0 ||
	    c->capture_max_age < 60))
		diag_add(d, file, v->line, v->col, "capture max_age must be a "
		    "duration like 7d, 12h or 30m, from 60 s to 366 days, not "
		    "\"%s\"", s);
}

void
conf_tune_load(struct conf *c, const char *file, const struct ynode *root,
    struct diag *d)
{
	const struct ynode *v;

	if ((v = y_get(root, "tests")) != NULL)
		load_tests(c, file, v, d);
	if ((v = y_get(root, "capture")) != NULL)
		load_capture(c, file, v, d);
}

void
conf_tune_clear(struct conf *c)
{
	conf_strlist_free(c->tests);
	c->tests = NULL;
	free(c->capture_path);
	c->capture_path = NULL;
	conf_strlist_free(c->capture_rules);
	c->capture_rules = NULL;
}
