/*
 * NAME
 *	ruletest - run rule tests through judge(), report them as TAP
 */
#include <stdlib.h>
#include <string.h>

#include "checkinput.h"
#include "judge.h"
#include "ruletest.h"
#include "util.h"

/* The rule ids of the hits of one kind, sorted, as "a, b" or "-". */
static void
hit_ids(const struct verdict *v, int monitor, struct sbuf *out)
{
	const char *ids[VERDICT_MAX_HITS];
	size_t i, k, n = 0;

	for (i = 0; i < v->nhits; i++)
		if (v->hits[i].monitor == monitor && !v->hits[i].undecided)
			ids[n++] = v->hits[i].rule;
	for (i = 1; i < n; i++)		/* a few ids: insertion sort */
		for (k = i; k > 0 && strcmp(ids[k - 1], ids[k]) > 0; k--) {
			const char *x = ids[k];

			ids[k] = ids[k - 1];
			ids[k - 1] = x;
		}
	for (i = 0; i < n; i++)
		sbuf_printf(out, "%s%s", i ? ", " : "", ids[i]);
	if (n == 0)
		sbuf_adds(out, "-");
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The expected ids, sorted, in hit_ids()'s form. */
static void
list_ids(const struct rt_list *l, struct sbuf *out)
{
	char **s = xcalloc(l->n + 1, sizeof(char *));
	size_t i;

	memcpy(s, l->s, l->n * sizeof(char *));
	qsort(s, l->n, sizeof(char *), str_cmp);
	for (i = 0; i < l->n; i++)
		sbuf_printf(out, "%s%s", i ? ", " : "", s[i]);
	if (l->n == 0)
		sbuf_adds(out, "-");
	free(s);
}

static int
rule_known(const struct ruleset *rs, const char *id)
{
	size_t i;
	int action, monitor;

	for (i = 0; i < ruleset_nrules(rs); i++)
		if (strcmp(ruleset_rule(rs, i, &action, &monitor), id) == 0)
			return 1;
	return 0;
}

/* One "#" line per expectation the verdict misses, into why. */
static void
compare_rules(const struct ruleset *rs, const struct rt_list *want,
    const struct verdict *v, int monitor, struct sbuf *why)
{
	struct sbuf got, exp;
	size_t i;

	if (!want->set)
		return;
	for (i = 0; i < want->n; i++)
		if (!rule_known(rs, want->s[i]))
			sbuf_printf(why, "#   rule %s: %s has no such rule\n",
			    want->s[i], ruleset_path(rs));
	sbuf_init(&got, 4096);
	sbuf_init(&exp, 4096);
	hit_ids(v, monitor, &got);
	list_ids(want, &exp);
	if (strcmp(got.s, exp.s) != 0)
		sbuf_printf(why, "#   %s: %s, expected %s\n", monitor ?
		    "monitor rules" : "rules", got.s, exp.s);
	sbuf_clear(&got);
	sbuf_clear(&exp);
}

static void
compare(const struct ruleset *rs, const struct rt_case *c,
    const struct judgement *j, struct sbuf *why)
{
	const struct verdict *v = &j->v;
	char reply[sizeof(v->rcode) + sizeof(v->xcode) + sizeof(v->text) + 2];
	size_t i;

	if (c->action >= 0 && v->action != c->action)
		sbuf_printf(why, "#   action: %s, expected %s\n",
		    action_name(v->action), action_name(c->action));
	if (c->exp_stream != NULL && strcmp(v->stream, c->exp_stream) != 0)
		sbuf_printf(why, "#   stream: %s, expected %s\n", v->stream,
		    c->exp_stream);
	compare_rules(rs, &c->rules, v, 0, why);
	compare_rules(rs, &c->monitor, v, 1, why);
	for (i = 0; i < c->facts.n; i++)
		if (fact_match(&j->fs, c->facts.s[i], NULL, NULL) != 1)
			sbuf_printf(why, "#   fact %s: not true\n",
			    c->facts.s[i]);
	for (i = 0; i < c->not_facts.n; i++)
		if (fact_match(&j->fs, c->not_facts.s[i], NULL, NULL) == 1)
			sbuf_printf(why, "#   fact %s: true, expected not\n",
			    c->not_facts.s[i]);
	if (c->reply != NULL) {
		snprintf(reply, sizeof(reply), "%s %s %s", v->rcode, v->xcode,
		    v->text);
		if (v->rcode[0] == '\0')
			reply[0] = '\0';
		if (!glob_match(c->reply, reply))
			sbuf_printf(why, "#   reply: \"%s\", expected \"%s\"\n",
			    reply, c->reply);
	}
}

static struct msg *
build(const struct rt_case *c, const struct snapshot *p)
{
	struct envopts e;

	memset(&e, 0, sizeof(e));
	e.mail_from = c->env.mail_from;
	e.rcpt = (const char *const *)c->env.rcpt.s;
	e.nrcpt = c->env.rcpt.n;
	e.param = (const char *const *)c->env.params.s;
	e.nparam = c->env.params.n;
	e.client_ip = c->env.client_ip;
	e.auth = c->env.auth;
	e.helo = c->env.helo;
	e.daemon = c->env.daemon;
	return checkinput_msg(&e, &p->conf->mlim, p->auth, c->data, c->len);
}

size_t
ruletest_run(const struct ruletests *t, const struct snapshot *p, FILE *fp,
    size_t *num)
{
	const struct rt_case *c;
	struct judge_env env;
	struct judgement *j = xmalloc(sizeof(*j));
	struct msg *m;
	struct sbuf why;
	size_t i, failed = 0;

	memset(&env, 0, sizeof(env));
	env.conf = p->conf;
	env.rules = p->rules;
	env.auth = p->auth;
	env.now = (time_t)t->now;
	env.sender_from_header = 1;
	sbuf_init(&why, 64 * 1024);
	for (i = 0; i < t->n; i++) {
		c = &t->c[i];
		env.stream = c->stream;
		m = build(c, p);
		judge(&env, m, j);
		sbuf_reset(&why);
		compare(p->rules, c, j, &why);
		fprintf(fp, "%sok %zu - %s:%d: %s\n%s", why.len ? "not " : "",
		    ++*num, t->path, c->line, c->name, why.s);
		if (why.len > 0)
			failed++;
		judge_clear(j);
		msg_free(m);
	}
	sbuf_clear(&why);
	free(j);
	return failed;
}

int
ruletest_conf(const struct snapshot *p, FILE *fp)
{
	struct ruletests **t;
	struct diag d;
	size_t i, n, total = 0, num = 0, failed = 0;
	int bad = 0;

	for (n = 0; p->conf->tests != NULL && p->conf->tests[n] != NULL; n++)
		;
	if (n == 0)
		return 0;
	t = xcalloc(n, sizeof(*t));
	diag_init(&d);
	for (i = 0; i < n; i++)
		if ((t[i] = ruletest_load(p->conf->tests[i], &d)) != NULL)
			total += t[i]->n;
	if (diag_count(&d) > 0) {
		diag_print(&d, stderr);
		bad = 1;
	}
	diag_clear(&d);
	if (!bad) {
		fprintf(fp, "1..%zu\n", total);
		for (i = 0; i < n; i++)
			failed += ruletest_run(t[i], p, fp, &num);
	}
	for (i = 0; i < n; i++)
		ruletest_free(t[i]);
	free(t);
	return bad ? 2 : failed > 0 ? 1 : 0;
}
