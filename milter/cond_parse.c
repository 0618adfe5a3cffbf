/*
 * NAME
 *	cond_parse - rule-file conditions, from YAML node to struct cond
 * DESCRIPTION
 *	See cond_parse.h. Regexes are compiled here, once, with the rule
 *	file's match and depth limits; fact globs are checked against the
 *	fact table, stream names against the streams loaded so far.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cond_parse.h"
#include "stream.h"
#include "util.h"

static void parse_item(struct loader *, const struct ynode *, struct cond *);

struct cond *
cond_push(struct cond *parent)
{
	parent->sub = xrealloc(parent->sub, (parent->n + 1) *
	    sizeof(*parent->sub));
	memset(&parent->sub[parent->n], 0, sizeof(*parent->sub));
	return &parent->sub[parent->n++];
}

static void
compile_re(struct loader *L, const struct ynode *n, struct cond *c)
{
	char err[256];
	size_t off = 0;

	if (y_expect(L->file, n, Y_SCALAR, "a regex", L->d) < 0)
		return;
	c->re = re_compile(n->str, L->mlimit, L->dlimit, err, sizeof(err),
	    &off);
	if (c->re == NULL)
		diag_add(L->d, L->file, n->line, n->col,
		    "bad regex \"%s\" at offset %zu: %s", n->str, off, err);
}

/*
 * mail_from, rcpt, auth and helo: a glob or a list of globs (any may
 * match), or { regex: RE } where a regular expression is wanted. A bare
 * string that only makes sense as a regex is refused with the new way to
 * write it: these keys took regexes before, and "news-*" then matched
 * "newsroom".
 */
static int
looks_like_regex(const char *s)
{
	return strpbrk(s, "^$\\()+|{}") != NULL || strcmp(s, ".") == 0 ||
	    strstr(s, ".*") != NULL;
}

static void
parse_match(struct loader *L, const char *key, const struct ynode *v,
    struct cond *c)
{
	const struct ynode *one, *re;
	size_t i, cnt = v->type == Y_SEQ ? v->n : 1;

	if (v->type == Y_MAP) {
		if (v->n != 2 || strcmp(v->kid[0]->str, "regex") != 0 ||
		    (re = y_get(v, "regex")) == NULL) {
			diag_add(L->d, L->file, v->line, v->col, "%s takes a "
			    "glob, a list of globs or { regex: ... }", key);
			return;
		}
		compile_re(L, re, c);
		return;
	}
	for (i = 0; i < cnt; i++) {
		one = v->type == Y_SEQ ? v->kid[i] : v;
		if (one->type == Y_SCALAR && looks_like_regex(one->str)) {
			diag_add(L->d, L->file, one->line, one->col,
			    "%s: \"%s\" is a regular expression, but %s "
			    "matches globs (* ? [...], the whole value, without "
			    "case); write a glob, or %s: { regex: \"%s\" }",
			    key, one->str, key, key, one->str);
			return;
		}
	}
	cond_parse_strlist(L, v, key, c);
}

/* A scalar or a list of scalars, copied into c->strs. */
int
cond_parse_strlist(struct loader *L, const struct ynode *n, const char *what,
    struct cond *c)
{
	const struct ynode *one;
	size_t i, cnt = n->type == Y_SEQ ? n->n : 1;

	if (n->type == Y_MAP) {
		diag_add(L->d, L->file, n->line, n->col,
		    "%s must be a string or a list of strings", what);
		return -1;
	}
	if (cnt == 0) {
		diag_add(L->d, L->file, n->line, n->col, "%s list is empty",
		    what);
		return -1;
	}
	c->strs = xcalloc(cnt, sizeof(*c->strs));
	for (i = 0; i < cnt; i++) {
		one = n->type == Y_SEQ ? n->kid[i] : n;
		if (y_string(L->file, one, what, &(const char *){ NULL }, L->d)
		    < 0)
			return -1;
		c->strs[c->n++] = xstrdup(one->str);
	}
	return 0;
}

void
cond_parse_nets(struct loader *L, const struct ynode *n, struct cond *c)
{
	const struct ynode *one;
	size_t i;

	if (cond_parse_strlist(L, n, "client", c) < 0)
		return;
	c->nets = xcalloc(c->n, sizeof(*c->nets));
	for (i = 0; i < c->n; i++) {
		one = n->type == Y_SEQ ? n->kid[i] : n;
		if (cidr_parse(c->strs[i], &c->nets[i]) < 0)
			diag_add(L->d, L->file, one->line, one->col,
			    "bad address or network \"%s\"", c->strs[i]);
	}
}

static void
parse_fact(struct loader *L, const struct ynode *n, struct cond *c)
{
	const char *s;

	c->kind = C_FACT;
	if (y_string(L->file, n, "a fact id", &s, L->d) < 0)
		return;
	c->arg = xstrdup(s);
	if (!fact_glob_known(s))
		diag_add(L->d, L->file, n->line, n->col,
		    "unknown fact id \"%s\" (senderlint-check --list-facts "
		    "lists them)", s);
}

/* header: {name: N, regex: R} and macro: {name: N, regex: R} */
static void
parse_named(struct loader *L, const char *key, const struct ynode *v,
    struct cond *c)
{
	static const char *const keys[] = { "name", "regex", NULL };
	const struct ynode *name, *re;
	const char *s;
	size_t i;

	if (y_expect(L->file, v, Y_MAP, key, L->d) < 0)
		return;
	y_keys(L->file, v, keys, L->d);
	if ((name = y_get(v, "name")) == NULL) {
		diag_add(L->d, L->file, v->line, v->col, "%s needs a name",
		    key);
		return;
	}
	if (y_string(L->file, name, "name", &s, L->d) < 0)
		return;
	for (i = 0; s[i] != '\0'; i++)
		if (s[i] <= ' ' || s[i] > '~' || (s[i] == ':' &&
		    c->kind == C_HEADER))
			break;
	if (s[i] != '\0')
		diag_add(L->d, L->file, name->line, name->col,
		    "bad %s name \"%s\"", key, s);
	c->arg = xstrdup(s);
	if ((re = y_get(v, "regex")) != NULL)
		compile_re(L, re, c);
}

static void
parse_stream_names(struct loader *L, const struct ynode *v, struct cond *c)
{
	const struct ynode *one;
	struct streaminfo si;
	size_t i;

	if (cond_parse_strlist(L, v, "stream", c) < 0)
		return;
	for (i = 0; i < c->n; i++) {
		one = v->type == Y_SEQ ? v->kid[i] : v;
		if (strcmp(c->strs[i], "unknown") != 0 &&
		    stream_select_named(L->rs->streams, c->strs[i], &si) < 0)
			diag_add(L->d, L->file, one->line, one->col,
			    "unknown stream \"%s\"", c->strs[i]);
	}
}

static void
parse_stream_kind(struct loader *L, const struct ynode *v, struct cond *c)
{
	const char *s;
	int k;

	if (y_string(L->file, v, "stream_kind", &s, L->d) < 0)
		return;
	if ((k = stream_kind_parse(s)) < 0)
		diag_add(L->d, L->file, v->line, v->col,
		    "stream_kind must be bulk or transactional, not \"%s\"", s);
	else
		c->skind = k;
}

void
cond_parse_list(struct loader *L, const struct ynode *v, const char *what,
    struct cond *c)
{
	size_t i;

	if (y_expect(L->file, v, Y_SEQ, what, L->d) < 0)
		return;
	if (v->n == 0)
		diag_add(L->d, L->file, v->line, v->col, "%s list is empty",
		    what);
	if (v->n > SL_MAX_CONDS) {
		diag_add(L->d, L->file, v->line, v->col,
		    "more than %d conditions", SL_MAX_CONDS);
		return;
	}
	for (i = 0; i < v->n; i++)
		parse_item(L, v->kid[i], cond_push(c));
}

/* One condition written as "key: value". */
void
cond_parse_pair(struct loader *L, const struct ynode *k, const struct ynode *v,
    struct cond *c)
{
	const char *key = k->str;

	if (++L->depth > 8) {
		diag_add(L->d, L->file, k->line, k->col,
		    "conditions nested deeper than 8");
		L->depth--;
		return;
	}
	if (strcmp(key, "fact") == 0)
		parse_fact(L, v, c);
	else if (strcmp(key, "header") == 0) {
		c->kind = C_HEADER;
		parse_named(L, key, v, c);
	} else if (strcmp(key, "macro") == 0) {
		c->kind = C_MACRO;
		parse_named(L, key, v, c);
	} else if (strcmp(key, "mail_from") == 0) {
		c->kind = C_MAIL_FROM;
		parse_match(L, key, v, c);
	} else if (strcmp(key, "rcpt") == 0) {
		c->kind = C_RCPT;
		parse_match(L, key, v, c);
	} else if (strcmp(key, "auth") == 0) {
		c->kind = C_AUTH;
		parse_match(L, key, v, c);
	} else if (strcmp(key, "helo") == 0) {
		c->kind = C_HELO;
		parse_match(L, key, v, c);
	} else if (strcmp(key, "client") == 0) {
		c->kind = C_CLIENT;
		cond_parse_nets(L, v, c);
	} else if (strcmp(key, "daemon") == 0) {
		c->kind = C_DAEMON;
		cond_parse_strlist(L, v, "daemon", c);
	} else if (strcmp(key, "stream") == 0) {
		c->kind = C_STREAM;
		parse_stream_names(L, v, c);
	} else if (strcmp(key, "stream_kind") == 0) {
		c->kind = C_STREAM_KIND;
		parse_stream_kind(L, v, c);
	} else if (strcmp(key, "not") == 0) {
		c->kind = C_NOT;
		parse_item(L, v, cond_push(c));
	} else if (strcmp(key, "all") == 0) {
		c->kind = C_ALL;
		cond_parse_list(L, v, "all", c);
	} else if (strcmp(key, "any") == 0) {
		c->kind = C_ANY;
		cond_parse_list(L, v, "any", c);
	} else
		diag_add(L->d, L->file, k->line, k->col,
		    "unknown condition \"%s\"", key);
	L->depth--;
}

/* A list item: a fact glob, or a one-key map. */
static void
parse_item(struct loader *L, const struct ynode *n, struct cond *c)
{
	if (n->type == Y_SCALAR) {
		parse_fact(L, n, c);
		return;
	}
	if (n->type != Y_MAP || n->n != 2) {
		diag_add(L->d, L->file, n->line, n->col,
		    "a condition is a fact id or a map with one key");
		c->kind = C_ALL;
		return;
	}
	cond_parse_pair(L, n->kid[0], n->kid[1], c);
}
