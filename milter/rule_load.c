/*
 * NAME
 *	rule_load - read and compile a rule file
 * DESCRIPTION
 *	Streams are compiled before rules, whatever their order in the file,
 *	so rules can name them. Every error is reported at its node; any
 *	error frees everything built so far.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "rule_int.h"
#include "util.h"
#include "yamldoc.h"

static void parse_item(struct loader *, const struct ynode *, struct cond *);

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

const char *
stream_kind_name(int k)
{
	return k == SK_BULK ? "bulk" : k == SK_TRANSACTIONAL ?
	    "transactional" : "";
}

void
cond_free(struct cond *c)
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
			cond_free(&c->sub[i]);
	free(c->sub);
	memset(c, 0, sizeof(*c));
}

void
ruleset_free(struct ruleset *rs)
{
	size_t i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->nstreams; i++) {
		free(rs->streams[i].name);
		cond_free(&rs->streams[i].match);
		identity_free(rs->streams[i].id);
		free(rs->streams[i].remove);
	}
	free(rs->streams);
	for (i = 0; i < rs->nlogins; i++) {
		free(rs->logins[i].glob);
		strv_free(rs->logins[i].addr, rs->logins[i].naddr);
	}
	free(rs->logins);
	for (i = 0; i < rs->nrules; i++) {
		free(rs->rules[i].id);
		cond_free(&rs->rules[i].cond);
		free(rs->rules[i].reply.text);
		free(rs->rules[i].url);
	}
	free(rs->rules);
	free(rs->path);
	free(rs);
}

struct cond *
rl_cond_push(struct cond *parent)
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

/* A scalar or a list of scalars, copied into c->strs. */
int
rl_parse_strlist(struct loader *L, const struct ynode *n, const char *what,
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
rl_parse_nets(struct loader *L, const struct ynode *n, struct cond *c)
{
	const struct ynode *one;
	size_t i;

	if (rl_parse_strlist(L, n, "client", c) < 0)
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
	size_t i, j;

	if (rl_parse_strlist(L, v, "stream", c) < 0)
		return;
	for (i = 0; i < c->n; i++) {
		one = v->type == Y_SEQ ? v->kid[i] : v;
		if (strcmp(c->strs[i], "unknown") == 0)
			continue;
		for (j = 0; j < L->rs->nstreams; j++)
			if (strcmp(L->rs->streams[j].name, c->strs[i]) == 0)
				break;
		if (j == L->rs->nstreams)
			diag_add(L->d, L->file, one->line, one->col,
			    "unknown stream \"%s\"", c->strs[i]);
	}
}

static void
parse_list(struct loader *L, const struct ynode *v, const char *what,
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
		parse_item(L, v->kid[i], rl_cond_push(c));
}

/* One condition written as "key: value". */
static void
parse_pair(struct loader *L, const struct ynode *k, const struct ynode *v,
    struct cond *c)
{
	const char *key = k->str, *s;

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
		compile_re(L, v, c);
	} else if (strcmp(key, "rcpt") == 0) {
		c->kind = C_RCPT;
		compile_re(L, v, c);
	} else if (strcmp(key, "auth") == 0) {
		c->kind = C_AUTH;
		compile_re(L, v, c);
	} else if (strcmp(key, "helo") == 0) {
		c->kind = C_HELO;
		compile_re(L, v, c);
	} else if (strcmp(key, "client") == 0) {
		c->kind = C_CLIENT;
		rl_parse_nets(L, v, c);
	} else if (strcmp(key, "daemon") == 0) {
		c->kind = C_DAEMON;
		rl_parse_strlist(L, v, "daemon", c);
	} else if (strcmp(key, "stream") == 0) {
		c->kind = C_STREAM;
		parse_stream_names(L, v, c);
	} else if (strcmp(key, "stream_kind") == 0) {
		c->kind = C_STREAM_KIND;
		if (y_string(L->file, v, "stream_kind", &s, L->d) == 0) {
			if (strcmp(s, "bulk") != 0 &&
			    strcmp(s, "transactional") != 0)
				diag_add(L->d, L->file, v->line, v->col,
				    "stream_kind must be bulk or "
				    "transactional, not \"%s\"", s);
			c->arg = xstrdup(s);
		}
	} else if (strcmp(key, "not") == 0) {
		c->kind = C_NOT;
		parse_item(L, v, rl_cond_push(c));
	} else if (strcmp(key, "all") == 0) {
		c->kind = C_ALL;
		parse_list(L, v, "all", c);
	} else if (strcmp(key, "any") == 0) {
		c->kind = C_ANY;
		parse_list(L, v, "any", c);
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
	parse_pair(L, n->kid[0], n->kid[1], c);
}

int
rl_valid_id(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' &&
		    s[i] != '_' && s[i] != '.')
			return 0;
	return i > 0 && i <= SL_MAX_RULE_ID;
}

static const char *const placeholders[] = { "rule", "facts", "url",
	"stream", NULL };

static void
parse_reply(struct loader *L, const struct ynode *n, struct rule *r)
{
	const char *s, *p, *q;
	size_t i;

	if (y_string(L->file, n, "reply", &s, L->d) < 0)
		return;
	r->has_reply = 1;
	if (strlen(s) < 5 || (s[0] != '4' && s[0] != '5') ||
	    !isdigit((unsigned char)s[1]) || !isdigit((unsigned char)s[2]) ||
	    s[3] != ' ') {
		diag_add(L->d, L->file, n->line, n->col,
		    "reply must start with a 4xx or 5xx code and a space, "
		    "like \"550 5.7.1 text\"");
		return;
	}
	memcpy(r->reply.rcode, s, 3);
	p = s + 4;
	/* optional enhanced status code, RFC 3463: class.subject.detail */
	if ((p[0] == '4' || p[0] == '5') && p[1] == '.') {
		q = p + 2;
		for (i = 0; isdigit((unsigned char)q[i]); i++)
			;
		if (i >= 1 && i <= 3 && q[i] == '.') {
			q += i + 1;
			for (i = 0; isdigit((unsigned char)q[i]); i++)
				;
			if (i >= 1 && i <= 3 && (q[i] == ' ' || q[i] == '\0')) {
				q += i;
				if (p[0] != s[0])
					diag_add(L->d, L->file, n->line, n->col,
					    "enhanced status code %.*s does "
					    "not match reply code %.3s",
					    (int)(q - p), p, s);
				memcpy(r->reply.xcode, p, (size_t)(q - p));
				p = *q == ' ' ? q + 1 : q;
			}
		}
	}
	if (r->reply.xcode[0] == '\0') {
		r->reply.xcode[0] = s[0];
		memcpy(r->reply.xcode + 1, ".7.1", 5);
	}
	for (q = p; *q != '\0'; q++)
		if ((unsigned char)*q < ' ' || (unsigned char)*q > '~') {
			diag_add(L->d, L->file, n->line, n->col,
			    "reply text must be printable ASCII on one line");
			return;
		}
	if (*p == '\0' || strlen(p) > 512) {
		diag_add(L->d, L->file, n->line, n->col,
		    "reply text must be 1 to 512 characters");
		return;
	}
	for (q = strchr(p, '{'); q != NULL; q = strchr(q + 1, '{')) {
		const char *end = strchr(q, '}');

		for (i = 0; end != NULL && placeholders[i] != NULL; i++)
			if (strlen(placeholders[i]) == (size_t)(end - q - 1) &&
			    strncmp(placeholders[i], q + 1,
			    (size_t)(end - q - 1)) == 0)
				break;
		if (end == NULL || placeholders[i] == NULL) {
			diag_add(L->d, L->file, n->line, n->col,
			    "unknown placeholder \"%.*s\" in reply (use "
			    "{rule}, {facts}, {url} or {stream})",
			    end ? (int)(end - q + 1) : 1, q);
			return;
		}
	}
	r->reply.text = xstrdup(p);
}

static void
parse_rule(struct loader *L, const struct ynode *n, struct rule *r)
{
	static const char *const keys[] = { "id", "description", "when",
	    "all", "any", "none", "action", "reply", "url", "mode", "final",
	    NULL };
	const struct ynode *v;
	struct cond *c;
	const char *s;
	size_t i;

	r->line = n->line;
	r->cond.kind = C_ALL;
	r->action = -1;
	if (y_expect(L->file, n, Y_MAP, "a rule", L->d) < 0)
		return;
	y_keys(L->file, n, keys, L->d);
	if ((v = y_get(n, "id")) == NULL)
		diag_add(L->d, L->file, n->line, n->col, "rule needs an id");
	else if (y_string(L->file, v, "id", &s, L->d) == 0) {
		if (!rl_valid_id(s))
			diag_add(L->d, L->file, v->line, v->col,
			    "bad rule id \"%s\" (1 to %d letters, digits, "
			    "'.', '-', '_')", s, SL_MAX_RULE_ID);
		for (i = 0; i < L->rs->nrules; i++)
			if (L->rs->rules[i].id != NULL &&
			    strcmp(L->rs->rules[i].id, s) == 0)
				diag_add(L->d, L->file, v->line, v->col,
				    "duplicate rule id \"%s\" (first at "
				    "line %d)", s, L->rs->rules[i].line);
		r->id = xstrdup(s);
	}
	if ((v = y_get(n, "description")) != NULL)
		y_string(L->file, v, "description", &s, L->d);
	if ((v = y_get(n, "when")) != NULL &&
	    y_expect(L->file, v, Y_MAP, "when", L->d) == 0)
		for (i = 0; i + 1 < v->n; i += 2)
			parse_pair(L, v->kid[i], v->kid[i + 1],
			    rl_cond_push(&r->cond));
	if ((v = y_get(n, "all")) != NULL)
		parse_list(L, v, "all", rl_cond_push(&r->cond));
	if ((v = y_get(n, "any")) != NULL) {
		c = rl_cond_push(&r->cond);
		c->kind = C_ANY;
		parse_list(L, v, "any", c);
	}
	if ((v = y_get(n, "none")) != NULL) {
		c = rl_cond_push(&r->cond);
		c->kind = C_NOT;
		c = rl_cond_push(c);
		c->kind = C_ANY;
		parse_list(L, v, "none", c);
	}
	if (r->cond.n == 0)
		diag_add(L->d, L->file, n->line, n->col,
		    "rule \"%s\" has no condition (when, all, any or none)",
		    r->id ? r->id : "?");
	if ((v = y_get(n, "action")) == NULL)
		diag_add(L->d, L->file, n->line, n->col,
		    "rule \"%s\" needs an action", r->id ? r->id : "?");
	else if (y_string(L->file, v, "action", &s, L->d) == 0 &&
	    (r->action = action_parse(s)) < 0)
		diag_add(L->d, L->file, v->line, v->col,
		    "unknown action \"%s\" (accept, tag, hold, discard, "
		    "tempfail, reject)", s);
	if ((v = y_get(n, "reply")) != NULL) {
		parse_reply(L, v, r);
		if (r->action >= 0 && r->action != ACT_REJECT &&
		    r->action != ACT_TEMPFAIL)
			diag_add(L->d, L->file, v->line, v->col,
			    "a reply needs action reject or tempfail");
		else if (r->has_reply && r->reply.rcode[0] != '\0' &&
		    ((r->action == ACT_REJECT && r->reply.rcode[0] != '5') ||
		    (r->action == ACT_TEMPFAIL && r->reply.rcode[0] != '4')))
			diag_add(L->d, L->file, v->line, v->col,
			    "action %s needs a %s reply code, not %s",
			    action_name(r->action),
			    r->action == ACT_REJECT ? "5xx" : "4xx",
			    r->reply.rcode);
	}
	if ((v = y_get(n, "url")) != NULL &&
	    y_string(L->file, v, "url", &s, L->d) == 0) {
		if (strncmp(s, "https://", 8) != 0 &&
		    strncmp(s, "http://", 7) != 0)
			diag_add(L->d, L->file, v->line, v->col,
			    "url must start with https:// or http://");
		for (i = 0; s[i] != '\0'; i++)
			if ((unsigned char)s[i] <= ' ' ||
			    (unsigned char)s[i] > '~')
				break;
		if (s[i] != '\0' || i > 256)
			diag_add(L->d, L->file, v->line, v->col,
			    "url must be printable ASCII without spaces, at "
			    "most 256 characters");
		r->url = xstrdup(s);
	}
	if ((v = y_get(n, "mode")) != NULL &&
	    y_string(L->file, v, "mode", &s, L->d) == 0) {
		if (strcmp(s, "monitor") == 0)
			r->monitor = 1;
		else if (strcmp(s, "enforce") != 0)
			diag_add(L->d, L->file, v->line, v->col,
			    "mode must be enforce or monitor, not \"%s\"", s);
	}
	if ((v = y_get(n, "final")) != NULL)
		y_bool(L->file, v, "final", &r->final, L->d);
}

/* Builds a rule set from a parsed tree; frees the tree. */
static struct ruleset *
ruleset_build(const char *path, struct ynode *root, unsigned long mlimit,
    unsigned long dlimit, struct diag *d, size_t before)
{
	static const char *const keys[] = { "version", "streams", "logins",
	    "rules", NULL };
	struct loader L = { path, d, mlimit, dlimit, NULL, 0 };
	const struct ynode *v;
	size_t i;
	long version;

	L.rs = xcalloc(1, sizeof(*L.rs));
	L.rs->path = xstrdup(path);
	if (y_expect(path, root, Y_MAP, "the rule file", d) < 0)
		goto out;
	y_keys(path, root, keys, d);
	if ((v = y_get(root, "version")) == NULL)
		diag_add(d, path, root->line, root->col,
		    "the rule file needs \"version: 1\"");
	else
		y_long(path, v, "version", 1, 1, &version, d);
	if ((v = y_get(root, "streams")) != NULL &&
	    y_expect(path, v, Y_MAP, "streams", d) == 0) {
		if (v->n / 2 > SL_MAX_STREAMS)
			diag_add(d, path, v->line, v->col,
			    "more than %d streams", SL_MAX_STREAMS);
		else {
			L.rs->streams = xcalloc(v->n / 2 + 1,
			    sizeof(*L.rs->streams));
			for (i = 0; i + 1 < v->n; i += 2)
				stream_parse(&L, v->kid[i], v->kid[i + 1],
				    &L.rs->streams[L.rs->nstreams++]);
		}
	}
	if ((v = y_get(root, "logins")) != NULL)
		logins_parse(&L, v);
	if ((v = y_get(root, "rules")) == NULL)
		diag_add(d, path, root->line, root->col,
		    "the rule file needs a \"rules\" list");
	else if (y_expect(path, v, Y_SEQ, "rules", d) == 0) {
		if (v->n > SL_MAX_RULES)
			diag_add(d, path, v->line, v->col,
			    "more than %d rules", SL_MAX_RULES);
		else {
			L.rs->rules = xcalloc(v->n + 1, sizeof(*L.rs->rules));
			for (i = 0; i < v->n; i++)
				parse_rule(&L, v->kid[i],
				    &L.rs->rules[L.rs->nrules++]);
		}
	}
out:
	ynode_free(root);
	if (diag_count(d) > before) {
		ruleset_free(L.rs);
		return NULL;
	}
	return L.rs;
}

struct ruleset *
ruleset_load(const char *path, unsigned long mlimit, unsigned long dlimit,
    struct diag *d)
{
	size_t before = diag_count(d);
	struct ynode *root;

	if ((root = yamldoc_load(path, d)) == NULL)
		return NULL;
	return ruleset_build(path, root, mlimit, dlimit, d, before);
}

struct ruleset *
ruleset_parse(const char *name, const char *buf, size_t len,
    unsigned long mlimit, unsigned long dlimit, struct diag *d)
{
	size_t before = diag_count(d);
	struct ynode *root;

	if ((root = yamldoc_parse(name, buf, len, d)) == NULL)
		return NULL;
	return ruleset_build(name, root, mlimit, dlimit, d, before);
}

size_t
ruleset_nrules(const struct ruleset *rs)
{
	return rs->nrules;
}

const char *
ruleset_path(const struct ruleset *rs)
{
	return rs->path;
}
