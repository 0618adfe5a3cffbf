/*
 * NAME
 *	stream_load - the streams, identities and logins of a rule file
 * DESCRIPTION
 *	See stream_load.h. String lists and networks are parsed by
 *	cond_parse.c into a scratch condition and moved into the set.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cidr.h"
#include "stream.h"
#include "stream_int.h"
#include "stream_load.h"
#include "nfc.h"
#include "util.h"
#include "yamldoc.h"

/* Moves the string list (and networks) parsed into c over to mt. */
static void
take_match(struct cond *c, struct match *mt)
{
	mt->strs = c->strs;
	mt->nets = c->nets;
	mt->n = c->n;
	c->strs = NULL;
	c->nets = NULL;
	c->n = 0;
	cond_clear(c);
}

/* match: header: { name: X-Stream, value: glob(s), remove: bool } */
static void
parse_stream_header(struct loader *L, const struct ynode *v, struct stream *st,
    struct match *mt, struct cond *c)
{
	static const char *const keys[] = { "name", "value", "remove", NULL };
	const struct ynode *n, *val, *rm;
	const char *s;
	int remove = 0;

	if (y_expect(L->file, v, Y_MAP, "header", L->d) < 0)
		return;
	y_keys(L->file, v, keys, L->d);
	if ((n = y_get(v, "name")) == NULL ||
	    (val = y_get(v, "value")) == NULL) {
		diag_add(L->d, L->file, v->line, v->col,
		    "header match needs a name and a value");
		return;
	}
	if (y_string(L->file, n, "header name", &s, L->d) < 0)
		return;
	mt->name = xstrdup(s);
	cond_parse_strlist(L, val, "header value", c);
	if ((rm = y_get(v, "remove")) != NULL &&
	    y_bool(L->file, rm, "remove", &remove, L->d) == 0 && remove)
		st->remove = xstrdup(s);
}

/* One match criterion, key: value; unknown keys are reported by y_keys. */
static void
parse_match(struct loader *L, const struct ynode *k, const struct ynode *v,
    struct stream *st)
{
	struct match *mt = &st->match[st->nmatch];
	const char *s = k->str;
	struct cond c;

	memset(&c, 0, sizeof(c));
	if (strcmp(s, "auth") == 0) {
		mt->kind = M_AUTH;
		cond_parse_strlist(L, v, "auth", &c);
	} else if (strcmp(s, "mail_from") == 0) {
		mt->kind = M_MAIL_FROM;
		cond_parse_strlist(L, v, "mail_from", &c);
	} else if (strcmp(s, "client") == 0) {
		mt->kind = M_CLIENT;
		cond_parse_nets(L, v, &c);
	} else if (strcmp(s, "daemon") == 0) {
		mt->kind = M_DAEMON;
		cond_parse_strlist(L, v, "daemon", &c);
	} else if (strcmp(s, "header") == 0) {
		mt->kind = M_HEADER;
		parse_stream_header(L, v, st, mt, &c);
	} else
		return;
	take_match(&c, mt);
	st->nmatch++;
}

/* "Display Name <addr>" or "addr"; the name is NFC-normalized. */
static void
parse_from_entry(const char *s, struct ident_from *f)
{
	const char *lt = strrchr(s, '<'), *end;
	struct sbuf b;
	size_t n;

	f->name = NULL;
	if (lt == NULL || s[strlen(s) - 1] != '>') {
		f->addr = xstrdup(s);
		return;
	}
	f->addr = xstrndup(lt + 1, strlen(lt + 1) - 1);
	for (end = lt; end > s && (end[-1] == ' ' || end[-1] == '\t'); end--)
		;
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	n = (size_t)(end - s);
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s++;
		n -= 2;
	}
	sbuf_init(&b, 1024);
	nfc_normalize(s, n, &b);
	f->name = b.s;
}

/* A string or list of strings, when present, into a new vector. */
static void
take_strlist(struct loader *L, const struct ynode *n, const char *what,
    char ***out, size_t *nout)
{
	struct cond c;

	if (n == NULL)
		return;
	memset(&c, 0, sizeof(c));
	if (cond_parse_strlist(L, n, what, &c) == 0) {
		*out = c.strs;
		*nout = c.n;
		c.strs = NULL;
		c.n = 0;
	}
	cond_clear(&c);
}

static struct identity *
parse_identity(struct loader *L, const struct ynode *v)
{
	static const char *const keys[] = { "from", "reply_to",
	    "mail_from_domain", "learning", NULL };
	struct identity *id;
	const struct ynode *n;
	struct cond c;
	const char *s;
	size_t i;

	if (y_expect(L->file, v, Y_MAP, "identity", L->d) < 0)
		return NULL;
	y_keys(L->file, v, keys, L->d);
	id = xcalloc(1, sizeof(*id));
	if ((n = y_get(v, "from")) != NULL) {
		memset(&c, 0, sizeof(c));
		if (cond_parse_strlist(L, n, "from", &c) == 0) {
			id->from = xcalloc(c.n, sizeof(*id->from));
			for (i = 0; i < c.n; i++) {
				parse_from_entry(c.strs[i], &id->from[i]);
				if (strchr(id->from[i].addr, '@') == NULL)
					diag_add(L->d, L->file, n->line, n->col,
					    "identity from \"%s\" has no '@'",
					    c.strs[i]);
			}
			id->nfrom = c.n;
		}
		cond_clear(&c);
	}
	take_strlist(L, y_get(v, "reply_to"), "reply_to", &id->reply_to,
	    &id->nreply_to);
	take_strlist(L, y_get(v, "mail_from_domain"), "mail_from_domain",
	    &id->mail_from_domain, &id->nmail_from_domain);
	if ((n = y_get(v, "learning")) != NULL &&
	    y_string(L->file, n, "learning", &s, L->d) == 0 &&
	    parse_duration(s, 3660L * 86400, &id->learning) < 0)
		diag_add(L->d, L->file, n->line, n->col,
		    "learning must be a duration like 7d, 12h, 30m or seconds, "
		    "not \"%s\"", s);
	return id;
}

/* logins: { "login-glob": [ "address-glob", ... ], ... } */
static void
parse_logins(struct loader *L, const struct ynode *v, struct streamset *set)
{
	struct login *l;
	struct cond c;
	size_t i;

	if (y_expect(L->file, v, Y_MAP, "logins", L->d) < 0)
		return;
	set->login = xcalloc(v->n / 2 + 1, sizeof(*set->login));
	for (i = 0; i + 1 < v->n; i += 2) {
		memset(&c, 0, sizeof(c));
		if (cond_parse_strlist(L, v->kid[i + 1], "logins entry",
		    &c) < 0) {
			cond_clear(&c);
			continue;
		}
		l = &set->login[set->nlogin++];
		l->glob = xstrdup(v->kid[i]->str);
		l->addr = c.strs;
		l->naddr = c.n;
	}
}

static void
parse_stream(struct loader *L, const struct ynode *k, const struct ynode *v,
    struct stream *st)
{
	static const char *const keys[] = { "kind", "match", "identity",
	    NULL };
	static const char *const mkeys[] = { "auth", "mail_from", "client",
	    "daemon", "header", NULL };
	const struct ynode *kind, *match;
	const char *s;
	size_t i;
	int sk;

	st->name = xstrdup(k->str);
	if (!rule_id_valid(k->str) || strcmp(k->str, "unknown") == 0)
		diag_add(L->d, L->file, k->line, k->col,
		    "bad stream name \"%s\" (letters, digits, '.', '-', '_'; "
		    "not \"unknown\")", k->str);
	if (y_expect(L->file, v, Y_MAP, "a stream", L->d) < 0)
		return;
	y_keys(L->file, v, keys, L->d);
	if ((kind = y_get(v, "kind")) == NULL)
		diag_add(L->d, L->file, v->line, v->col,
		    "stream \"%s\" needs a kind (bulk or transactional)",
		    st->name);
	else if (y_string(L->file, kind, "kind", &s, L->d) == 0) {
		if ((sk = stream_kind_parse(s)) >= 0)
			st->kind = sk;
		else
			diag_add(L->d, L->file, kind->line, kind->col,
			    "kind must be bulk or transactional, not \"%s\"",
			    s);
	}
	if ((match = y_get(v, "match")) == NULL) {
		diag_add(L->d, L->file, v->line, v->col,
		    "stream \"%s\" needs match criteria", st->name);
		return;
	}
	if (y_expect(L->file, match, Y_MAP, "match", L->d) < 0)
		return;
	y_keys(L->file, match, mkeys, L->d);
	if (match->n == 0)
		diag_add(L->d, L->file, match->line, match->col,
		    "match needs at least one of auth, mail_from, client, "
		    "daemon, header");
	st->match = xcalloc(match->n / 2 + 1, sizeof(*st->match));
	for (i = 0; i + 1 < match->n; i += 2)
		parse_match(L, match->kid[i], match->kid[i + 1], st);
	if ((kind = y_get(v, "identity")) != NULL)
		st->id = parse_identity(L, kind);
}

static void
parse_streams(struct loader *L, const struct ynode *v, struct streamset *set)
{
	size_t i;

	if (y_expect(L->file, v, Y_MAP, "streams", L->d) < 0)
		return;
	if (v->n / 2 > SL_MAX_STREAMS) {
		diag_add(L->d, L->file, v->line, v->col,
		    "more than %d streams", SL_MAX_STREAMS);
		return;
	}
	set->stream = xcalloc(v->n / 2 + 1, sizeof(*set->stream));
	for (i = 0; i + 1 < v->n; i += 2)
		parse_stream(L, v->kid[i], v->kid[i + 1],
		    &set->stream[set->nstream++]);
}

struct streamset *
stream_load(struct loader *L, const struct ynode *streams,
    const struct ynode *logins)
{
	struct streamset *set = xcalloc(1, sizeof(*set));

	if (streams != NULL)
		parse_streams(L, streams, set);
	if (logins != NULL)
		parse_logins(L, logins, set);
	return set;
}
