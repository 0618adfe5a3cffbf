/*
 * NAME
 *	rule_model - the loaded rule set: names, queries and free
 * DESCRIPTION
 *	The bottom layer of the rule engine (see rule_int.h): it knows the
 *	model and nothing that builds or evaluates it. Every function here
 *	is bounded by the size of the rule set.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "rule_int.h"
#include "stream.h"
#include "util.h"

static const char *const action_names[ACT_COUNT] = {
	"accept", "tag", "hold", "discard", "tempfail", "reject"
};

const char *
action_name(int a)
{
	return a >= 0 && a < ACT_COUNT ? action_names[a] : "?";
}

int
action_parse(const char *s)
{
	int i;

	for (i = 0; i < ACT_COUNT; i++)
		if (strcmp(action_names[i], s) == 0)
			return i;
	return -1;
}

int
rule_id_valid(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' &&
		    s[i] != '_' && s[i] != '.')
			return 0;
	return i > 0 && i <= SL_MAX_RULE_ID;
}

void
cond_clear(struct cond *c)
{
	size_t i;

	free(c->arg);
	re_free(c->re);
	free(c->nets);
	if (c->strs != NULL)
		for (i = 0; i < c->n; i++)
			free(c->strs[i]);
	free(c->strs);
	if (c->sub != NULL)
		for (i = 0; i < c->n; i++)
			cond_clear(&c->sub[i]);
	free(c->sub);
	memset(c, 0, sizeof(*c));
}

void
ruleset_free(struct ruleset *rs)
{
	size_t i;

	if (rs == NULL)
		return;
	streamset_free(rs->streams);
	for (i = 0; i < rs->nrules; i++) {
		free(rs->rules[i].id);
		cond_clear(&rs->rules[i].cond);
		free(rs->rules[i].reply.text);
		free(rs->rules[i].url);
	}
	free(rs->rules);
	free(rs->path);
	free(rs);
}

size_t
ruleset_nrules(const struct ruleset *rs)
{
	return rs->nrules;
}

const char *
ruleset_rule(const struct ruleset *rs, size_t i, int *action, int *monitor)
{
	if (i >= rs->nrules)
		log_panic("ruleset_rule: rule %zu of %zu", i, rs->nrules);
	*action = rs->rules[i].action;
	*monitor = rs->rules[i].monitor;
	return rs->rules[i].id;
}

const char *
ruleset_path(const struct ruleset *rs)
{
	return rs->path;
}

const struct streamset *
ruleset_streams(const struct ruleset *rs)
{
	return rs->streams;
}

static size_t
macro_names(const struct cond *c, const char **names, size_t n, size_t max)
{
	size_t i;

	if (c->kind == C_MACRO) {
		for (i = 0; i < n; i++)
			if (strcmp(names[i], c->arg) == 0)
				return n;
		if (n < max)
			names[n++] = c->arg;
		return n;
	}
	for (i = 0; i < c->n && c->sub != NULL; i++)
		n = macro_names(&c->sub[i], names, n, max);
	return n;
}

static int
reads(const struct cond *c, const char *id)
{
	size_t i;

	if (c->kind == C_FACT)
		return glob_match(c->arg, id);
	for (i = 0; i < c->n && c->sub != NULL; i++)
		if (reads(&c->sub[i], id))
			return 1;
	return 0;
}

int
ruleset_rule_reads(const struct ruleset *rs, size_t i, const char *fact_id)
{
	if (i >= rs->nrules)
		log_panic("ruleset_rule_reads: rule %zu of %zu", i, rs->nrules);
	return reads(&rs->rules[i].cond, fact_id);
}

size_t
ruleset_macro_names(const struct ruleset *rs, const char **names, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < rs->nrules; i++)
		n = macro_names(&rs->rules[i].cond, names, n, max);
	return n;
}
