/*
 * NAME
 *	ruletest_load - read and validate a rule test file
 * DIAGNOSTICS
 *	Every problem is a diag entry at its node, as file:line:col: an
 *	unknown key, a value of the wrong type, an unknown action or fact,
 *	a test with no message or two, a message file that cannot be read.
 *	A file with any error gives NULL: none of its tests run.
 */
#include <stdlib.h>
#include <string.h>

#include "fact.h"
#include "limits.h"
#include "mailfile.h"
#include "rule.h"
#include "ruletest.h"
#include "util.h"
#include "yamldoc.h"

#define MAX_TESTS	10000	/* tests in one file */

static void
list_free(struct rt_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->s[i]);
	free(l->s);
	memset(l, 0, sizeof(*l));
}

/* A string or a list of strings; facts: each a known fact id or glob. */
static void
list_load(const char *file, const struct ynode *n, const char *what,
    int facts, struct rt_list *l, struct diag *d)
{
	const struct ynode *v;
	const char *s;
	size_t i, cnt = n->type == Y_SEQ ? n->n : 1;

	list_free(l);
	l->set = 1;
	if (n->type == Y_MAP) {
		y_expect(file, n, Y_SEQ, what, d);
		return;
	}
	l->s = xcalloc(cnt + 1, sizeof(char *));
	for (i = 0; i < cnt; i++) {
		v = n->type == Y_SEQ ? n->kid[i] : n;
		if (y_string(file, v, what, &s, d) < 0)
			continue;
		if (facts && !fact_glob_known(s)) {
			diag_add(d, file, v->line, v->col, "unknown fact id "
			    "\"%s\" (senderlint-check --list-facts lists "
			    "them)", s);
			continue;
		}
		l->s[l->n++] = xstrdup(s);
	}
}

static void
set_str(const char *file, const struct ynode *n, const char *what,
    char **out, struct diag *d)
{
	const char *s;

	if (y_expect(file, n, Y_SCALAR, what, d) < 0)
		return;
	s = n->str;
	if (n->plain && (n->len == 0 || strcmp(s, "~") == 0 ||
	    strcmp(s, "null") == 0)) {
		diag_add(d, file, n->line, n->col, "%s must not be empty "
		    "(write \"\" for an empty value)", what);
		return;
	}
	free(*out);
	*out = xstrdup(s);
}

static void
env_load(const char *file, const struct ynode *n, struct rt_env *e,
    struct diag *d)
{
	static const char *const keys[] = { "mail_from", "rcpt", "client_ip",
	    "auth", "helo", "daemon", "params", NULL };
	const struct ynode *v;

	if (y_expect(file, n, Y_MAP, "envelope", d) < 0)
		return;
	y_keys(file, n, keys, d);
	if ((v = y_get(n, "mail_from")) != NULL)
		set_str(file, v, "mail_from", &e->mail_from, d);
	if ((v = y_get(n, "rcpt")) != NULL)
		list_load(file, v, "rcpt", 0, &e->rcpt, d);
	if ((v = y_get(n, "params")) != NULL)
		list_load(file, v, "params", 0, &e->params, d);
	if ((v = y_get(n, "client_ip")) != NULL)
		set_str(file, v, "client_ip", &e->client_ip, d);
	if ((v = y_get(n, "auth")) != NULL)
		set_str(file, v, "auth", &e->auth, d);
	if ((v = y_get(n, "helo")) != NULL)
		set_str(file, v, "helo", &e->helo, d);
	if ((v = y_get(n, "daemon")) != NULL)
		set_str(file, v, "daemon", &e->daemon, d);
}

static void
list_copy(struct rt_list *to, const struct rt_list *from)
{
	size_t i;

	if (!from->set)
		return;
	to->s = xcalloc(from->n + 1, sizeof(char *));
	for (i = 0; i < from->n; i++)
		to->s[i] = xstrdup(from->s[i]);
	to->n = from->n;
	to->set = 1;
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void
env_copy(struct rt_env *to, const struct rt_env *from)
{
	to->mail_from = dup_or_null(from->mail_from);
	list_copy(&to->rcpt, &from->rcpt);
	list_copy(&to->params, &from->params);
	to->client_ip = dup_or_null(from->client_ip);
	to->auth = dup_or_null(from->auth);
	to->helo = dup_or_null(from->helo);
	to->daemon = dup_or_null(from->daemon);
}

static void
env_clear(struct rt_env *e)
{
	free(e->mail_from);
	list_free(&e->rcpt);
	list_free(&e->params);
	free(e->client_ip);
	free(e->auth);
	free(e->helo);
	free(e->daemon);
}

static void
expect_load(const char *file, const struct ynode *n, struct rt_case *c,
    struct diag *d)
{
	static const char *const keys[] = { "action", "stream", "rules",
	    "monitor", "facts", "not_facts", "reply", NULL };
	const struct ynode *v;
	const char *s;

	if (y_expect(file, n, Y_MAP, "expect", d) < 0)
		return;
	y_keys(file, n, keys, d);
	if (n->n == 0)
		diag_add(d, file, n->line, n->col, "expect needs at least one "
		    "of action, stream, rules, monitor, facts, not_facts, "
		    "reply");
	if ((v = y_get(n, "action")) != NULL &&
	    y_string(file, v, "action", &s, d) == 0 &&
	    (c->action = action_parse(s)) < 0)
		diag_add(d, file, v->line, v->col, "unknown action \"%s\" "
		    "(accept, tag, hold, discard, tempfail or reject)", s);
	if ((v = y_get(n, "stream")) != NULL)
		set_str(file, v, "stream", &c->exp_stream, d);
	if ((v = y_get(n, "rules")) != NULL)
		list_load(file, v, "rules", 0, &c->rules, d);
	if ((v = y_get(n, "monitor")) != NULL)
		list_load(file, v, "monitor", 0, &c->monitor, d);
	if ((v = y_get(n, "facts")) != NULL)
		list_load(file, v, "facts", 1, &c->facts, d);
	if ((v = y_get(n, "not_facts")) != NULL)
		list_load(file, v, "not_facts", 1, &c->not_facts, d);
	if ((v = y_get(n, "reply")) != NULL)
		set_str(file, v, "reply", &c->reply, d);
}

/* The message of a test: message: text, or file: a path. */
static void
message_load(const char *file, const struct ynode *n, struct rt_case *c,
    struct diag *d)
{
	const struct ynode *text = y_get(n, "message"), *path = y_get(n, "file");
	struct mailfile mf;
	char err[512], *p;
	size_t len;

	if ((text == NULL) == (path == NULL)) {
		diag_add(d, file, n->line, n->col, "a test needs a message: "
		    "either message (the text) or file (a path)");
		return;
	}
	if (text != NULL) {
		if (y_expect(file, text, Y_SCALAR, "message", d) == 0) {
			c->data = xstrndup(text->str, text->len);
			c->len = text->len;
		}
		return;
	}
	if (y_expect(file, path, Y_SCALAR, "file", d) < 0)
		return;
	p = path_relative(file, path->str);
	if (mailfile_read(&mf, p, err, sizeof(err)) < 0)
		diag_add(d, file, path->line, path->col, "%s", err);
	else if (mf.mbox)
		diag_add(d, file, path->line, path->col, "%s is an mbox: a "
		    "test takes one message", p);
	else if (mailfile_next(&mf, &c->data, &len))
		c->len = len;
	mailfile_clear(&mf);
	free(p);
}

static void
case_load(const char *file, const struct ynode *n, const struct rt_env *def,
    struct rt_case *c, struct diag *d)
{
	static const char *const keys[] = { "name", "message", "file",
	    "envelope", "stream", "expect", NULL };
	const struct ynode *v;

	c->line = n->line;
	c->action = -1;
	env_copy(&c->env, def);
	if (y_expect(file, n, Y_MAP, "a test", d) < 0)
		return;
	y_keys(file, n, keys, d);
	if ((v = y_get(n, "name")) == NULL)
		diag_add(d, file, n->line, n->col, "a test needs a name");
	else
		set_str(file, v, "name", &c->name, d);
	message_load(file, n, c, d);
	if ((v = y_get(n, "envelope")) != NULL)
		env_load(file, v, &c->env, d);
	if ((v = y_get(n, "stream")) != NULL)
		set_str(file, v, "stream", &c->stream, d);
	if ((v = y_get(n, "expect")) == NULL)
		diag_add(d, file, n->line, n->col, "a test needs expect");
	else
		expect_load(file, v, c, d);
}

struct ruletests *
ruletest_load(const char *path, struct diag *d)
{
	static const char *const keys[] = { "version", "rules", "now",
	    "envelope", "tests", NULL };
	struct ruletests *t;
	struct ynode *root;
	const struct ynode *v, *tests;
	struct rt_env def;
	size_t before = diag_count(d), i;
	long version;

	if ((root = yamldoc_load(path, d)) == NULL)
		return NULL;
	t = xcalloc(1, sizeof(*t));
	t->path = xstrdup(path);
	memset(&def, 0, sizeof(def));
	if (y_expect(path, root, Y_MAP, "a test file", d) < 0)
		goto out;
	y_keys(path, root, keys, d);
	if ((v = y_get(root, "version")) == NULL)
		diag_add(d, path, root->line, root->col,
		    "a test file needs \"version: 1\"");
	else
		y_long(path, v, "version", 1, 1, &version, d);
	if ((v = y_get(root, "rules")) != NULL &&
	    y_expect(path, v, Y_SCALAR, "rules", d) == 0)
		t->rules = path_relative(path, v->str);
	if ((v = y_get(root, "now")) != NULL)
		y_long(path, v, "now", 1, 253402300799L, &t->now, d);
	if ((v = y_get(root, "envelope")) != NULL)
		env_load(path, v, &def, d);
	if ((tests = y_get(root, "tests")) == NULL)
		diag_add(d, path, root->line, root->col,
		    "a test file needs \"tests\" (a list of tests)");
	else if (y_expect(path, tests, Y_SEQ, "tests", d) == 0) {
		if (tests->n > MAX_TESTS)
			diag_add(d, path, tests->line, tests->col,
			    "more than %d tests", MAX_TESTS);
		else {
			t->c = xcalloc(tests->n + 1, sizeof(*t->c));
			for (i = 0; i < tests->n; i++)
				case_load(path, tests->kid[i], &def,
				    &t->c[t->n++], d);
		}
	}
out:
	env_clear(&def);
	ynode_free(root);
	if (diag_count(d) > before) {
		ruletest_free(t);
		return NULL;
	}
	return t;
}

size_t
ruletest_count(const struct ruletests *t)
{
	return t->n;
}

const char *
ruletest_rules(const struct ruletests *t)
{
	return t->rules;
}

void
ruletest_free(struct ruletests *t)
{
	struct rt_case *c;
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++) {
		c = &t->c[i];
		free(c->name);
		free(c->data);
		env_clear(&c->env);
		free(c->stream);
		free(c->exp_stream);
		list_free(&c->rules);
		list_free(&c->monitor);
		list_free(&c->facts);
		list_free(&c->not_facts);
		free(c->reply);
	}
	free(t->c);
	free(t->rules);
	free(t->path);
	free(t);
}
