/*
 * NAME
 *	rule_load - read and compile a rule file
 * DESCRIPTION
 *	The top layer of the rule loader (see rule_int.h): the file's
 *	top-level keys, the rules: list, each rule's keys and its reply.
 *	Streams and logins are handed to stream_load.c, conditions to
 *	cond_parse.c. Streams are compiled before rules, whatever their
 *	order in the file, so rules can name them. Every error is reported
 *	at its node; any error frees everything built so far.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stream_load.h"
#include "util.h"
#include "yamldoc.h"

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
		if (!rule_id_valid(s))
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
			cond_parse_pair(L, v->kid[i], v->kid[i + 1],
			    cond_push(&r->cond));
	if ((v = y_get(n, "all")) != NULL)
		cond_parse_list(L, v, "all", cond_push(&r->cond));
	if ((v = y_get(n, "any")) != NULL) {
		c = cond_push(&r->cond);
		c->kind = C_ANY;
		cond_parse_list(L, v, "any", c);
	}
	if ((v = y_get(n, "none")) != NULL) {
		c = cond_push(&r->cond);
		c->kind = C_NOT;
		c = cond_push(c);
		c->kind = C_ANY;
		cond_parse_list(L, v, "none", c);
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
	L.rs->streams = stream_load(&L, y_get(root, "streams"),
	    y_get(root, "logins"));
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

