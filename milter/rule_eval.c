/*
 * NAME
 *	rule_eval - the verdict of the rules for one message
 * DESCRIPTION
 *	Conditions read the facts, the message's typed data (envelope,
 *	header fields, the connection data in m->conn) and the stream
 *	chosen for it (stream.h); only a macro: condition reads a raw MTA
 *	macro (m->macros).
 *
 *	Conditions are tri-state (1 holds, 0 does not, -1 undecided) and
 *	combine as Kleene logic: ALL is 0 if any part is 0, else -1 if any
 *	part is -1; ANY is 1 if any part is 1, else -1 if any is -1; NOT
 *	keeps -1. A regex that hits its match or depth limit counts as no
 *	match and is logged: it is a property of the rule, not of the
 *	message, and must not stall mail.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "rule_int.h"
#include "util.h"

struct evalctx {
	const struct msg	*m;
	const struct factset	*fs;
	const char		*stream;
	enum stream_kind	 kind;
	struct sbuf		*facts;		/* details for {facts} */
	struct sbuf		*notes;		/* other conditions that held */
	const char		*rule;
};

static int
re_check(struct evalctx *E, const struct cond *c, const char *s, size_t n)
{
	int r = re_match(c->re, s, n);

	if (r < 0) {
		log_warn("rule %s: regex hit its match or depth limit; "
		    "treated as no match", E->rule);
		return 0;
	}
	return r;
}

static void
collect(void *arg, const struct fact *f)
{
	struct evalctx *E = arg;
	char item[SL_MAX_DETAIL + 80];

	if (E->facts == NULL)
		return;
	if (f->detail[0] != '\0')
		snprintf(item, sizeof(item), "%s (%s)", f->id, f->detail);
	else
		snprintf(item, sizeof(item), "%s", f->id);
	if (strstr(E->facts->s, item) != NULL)
		return;
	if (E->facts->len > 0)
		sbuf_adds(E->facts, "; ");
	sbuf_adds(E->facts, item);
}

/* RFC 5322 2.2.3 unfolding, leading whitespace dropped. */
static void
unfold(const struct header *h, struct sbuf *b)
{
	size_t i = 0;

	while (i < h->valuelen && (h->value[i] == ' ' || h->value[i] == '\t'))
		i++;
	for (; i < h->valuelen; i++)
		if (h->value[i] != '\r' && h->value[i] != '\n')
			sbuf_addc(b, h->value[i]);
}

static int
str_in(const struct cond *c, const char *s)
{
	size_t i;

	if (s == NULL)
		return 0;
	for (i = 0; i < c->n; i++)
		if (strcasecmp(c->strs[i], s) == 0)
			return 1;
	return 0;
}

/* A glob (c->strs) or regex (c->re) condition over one value. */
static int
match(struct evalctx *E, const struct cond *c, const char *v)
{
	size_t i;

	if (c->re != NULL)
		return re_check(E, c, v, strlen(v));
	for (i = 0; i < c->n; i++)
		if (glob_match(c->strs[i], v))
			return 1;
	return 0;
}

static int
eval_header(struct evalctx *E, const struct cond *c)
{
	struct sbuf b;
	size_t i;
	int r;

	for (i = 0; i < E->m->nhdr; i++) {
		if (strcasecmp(E->m->hdr[i].name, c->arg) != 0)
			continue;
		if (c->re == NULL)
			return 1;
		sbuf_init(&b, SL_REGEX_SUBJECT_MAX);
		unfold(&E->m->hdr[i], &b);
		r = re_check(E, c, b.s, b.len);
		sbuf_clear(&b);
		if (r == 1)
			return 1;
	}
	return 0;
}

static int
eval_value(struct evalctx *E, const struct cond *c, const char *v)
{
	if (v == NULL)
		return 0;
	if (c->re == NULL)
		return 1;
	return re_check(E, c, v, strlen(v));
}

/* What a condition that is not a fact matched, for {facts}. */
static void
note(struct evalctx *E, const struct cond *c)
{
	const char *what, *name = "";

	if (E->notes == NULL)
		return;
	switch (c->kind) {
	case C_HEADER:	what = "header "; name = c->arg; break;
	case C_MACRO:	what = "macro "; name = c->arg; break;
	case C_MAIL_FROM: what = "MAIL FROM"; break;
	case C_RCPT:	what = "a recipient"; break;
	case C_AUTH:	what = "SASL login"; break;
	case C_HELO:	what = "HELO"; break;
	case C_CLIENT:	what = "client address"; break;
	case C_DAEMON:	what = "service"; break;
	default:	return;
	}
	sbuf_printf(E->notes, "%s%s%s %s", E->notes->len > 0 ? "; " : "",
	    what, name, c->re != NULL ? "matched the rule's regex" :
	    *name != '\0' ? "present" : "matched");
}

static int leaf_eval(struct evalctx *, const struct cond *);

static int
cond_eval(struct evalctx *E, const struct cond *c)
{
	size_t i;
	int r, res;

	switch (c->kind) {
	case C_ALL:
		res = 1;
		for (i = 0; i < c->n; i++) {
			if ((r = cond_eval(E, &c->sub[i])) == 0)
				return 0;
			if (r < 0)
				res = -1;
		}
		return res;
	case C_ANY:
		res = 0;
		for (i = 0; i < c->n; i++) {
			if ((r = cond_eval(E, &c->sub[i])) == 1)
				res = 1;	/* keep going: collect facts */
			else if (r < 0 && res == 0)
				res = -1;
		}
		return res;
	case C_NOT: {
		struct sbuf *keep = E->facts, *keepn = E->notes;

		E->facts = E->notes = NULL;
		r = cond_eval(E, &c->sub[0]);
		E->facts = keep;
		E->notes = keepn;
		return r < 0 ? -1 : !r;
	}
	case C_FACT:
		return fact_match(E->fs, c->arg, collect, E);
	default:
		if ((r = leaf_eval(E, c)) == 1)
			note(E, c);
		return r;
	}
}

/* The conditions over the message's data. */
static int
leaf_eval(struct evalctx *E, const struct cond *c)
{
	const char *v;
	size_t i;

	switch (c->kind) {
	case C_HEADER:
		return eval_header(E, c);
	case C_MAIL_FROM:
		if (!E->m->have_mail_from)
			return 0;
		return match(E, c, E->m->mail_from);
	case C_RCPT:
		for (i = 0; i < E->m->nrcpt; i++)
			if (match(E, c, E->m->rcpt[i]))
				return 1;
		return 0;
	case C_MACRO:
		return eval_value(E, c, msg_macro_get(E->m, c->arg));
	case C_AUTH:
		v = E->m->conn.login;
		return *v != '\0' ? match(E, c, v) : 0;
	case C_HELO:
		v = E->m->conn.helo;
		return *v != '\0' ? match(E, c, v) : 0;
	case C_CLIENT:
		v = E->m->conn.client_addr;
		if (*v == '\0')
			return 0;
		for (i = 0; i < c->n; i++)
			if (cidr_match(&c->nets[i], v))
				return 1;
		return 0;
	case C_DAEMON:
		return str_in(c, E->m->conn.daemon);
	case C_STREAM:
		return str_in(c, E->stream);
	case C_STREAM_KIND:
		return c->skind == E->kind;
	default:
		break;
	}
	log_panic("cond_eval: bad condition kind %d", (int)c->kind);
}

/* Renders the reply template of rule r into v->text. */
static void
render(struct verdict *v, const struct rule *r, const char *facts)
{
	const char *p = r->reply.text, *q;
	struct sbuf b;

	sbuf_init(&b, SL_MAX_REPLY_TEXT);
	for (; *p != '\0'; p++) {
		if (*p != '{' || (q = strchr(p, '}')) == NULL) {
			sbuf_addc(&b, *p);
			continue;
		}
		if (strncmp(p, "{rule}", 6) == 0)
			sbuf_adds(&b, r->id);
		else if (strncmp(p, "{facts}", 7) == 0)
			sbuf_add_printable(&b, facts, strlen(facts));
		else if (strncmp(p, "{url}", 5) == 0)
			sbuf_adds(&b, r->url ? r->url : "");
		else if (strncmp(p, "{stream}", 8) == 0)
			sbuf_adds(&b, v->stream);
		p = q;
	}
	snprintf(v->text, sizeof(v->text), "%s", b.s);
	if (b.trunc && b.len > 3)
		memcpy(v->text + b.len - 3, "...", 3);
	sbuf_clear(&b);
}

static void
default_reply(struct verdict *v, const struct rule *r, const char *facts)
{
	struct sbuf b;

	sbuf_init(&b, SL_MAX_REPLY_TEXT);
	sbuf_printf(&b, "%s by senderlint rule %s",
	    v->action == ACT_REJECT ? "rejected" : "deferred", r->id);
	if (*facts != '\0') {
		sbuf_adds(&b, ": ");
		sbuf_add_printable(&b, facts, strlen(facts));
	}
	if (r->url != NULL)
		sbuf_printf(&b, "; see %s", r->url);
	snprintf(v->text, sizeof(v->text), "%s", b.s);
	sbuf_clear(&b);
}

static void
set_reply(struct verdict *v, const struct rule *r, const char *facts)
{
	v->reply_rule = r->id;
	v->rcode[0] = v->xcode[0] = v->text[0] = '\0';
	if (v->action != ACT_REJECT && v->action != ACT_TEMPFAIL)
		return;
	if (r->has_reply && r->action == v->action) {
		snprintf(v->rcode, sizeof(v->rcode), "%s", r->reply.rcode);
		snprintf(v->xcode, sizeof(v->xcode), "%s", r->reply.xcode);
		render(v, r, facts);
		return;
	}
	snprintf(v->rcode, sizeof(v->rcode), "%s",
	    v->action == ACT_REJECT ? "550" : "451");
	snprintf(v->xcode, sizeof(v->xcode), "%s",
	    v->action == ACT_REJECT ? "5.7.1" : "4.7.1");
	if (r->action == v->action)
		default_reply(v, r, facts);
	else
		snprintf(v->text, sizeof(v->text), "senderlint rule %s could "
		    "not be decided: a DNS or identity store lookup failed for "
		    "now (temperror); try again later", r->id);
}

static void
add_hit(struct verdict *v, const struct ruleset *rs, const struct rule *r,
    int undecided)
{
	v->nhits_total++;
	if (v->nhits == VERDICT_MAX_HITS)
		return;
	v->hits[v->nhits].rule = r->id;
	v->hits[v->nhits].index = (size_t)(r - rs->rules);
	v->hits[v->nhits].action = r->action;
	v->hits[v->nhits].monitor = r->monitor;
	v->hits[v->nhits].undecided = undecided;
	v->nhits++;
}

void
ruleset_eval(const struct ruleset *rs, const struct msg *m,
    const struct factset *fs, const struct streaminfo *si, struct verdict *v)
{
	struct evalctx E;
	struct sbuf facts, notes;
	const struct rule *r;
	size_t i;
	int res, act;

	memset(v, 0, sizeof(*v));
	v->action = ACT_ACCEPT;
	v->stream = si->name;
	v->stream_kind = si->kind;
	memset(&E, 0, sizeof(E));
	E.m = m;
	E.fs = fs;
	E.stream = v->stream;
	E.kind = si->kind;
	sbuf_init(&facts, SL_MAX_REPLY_TEXT);
	sbuf_init(&notes, SL_MAX_REPLY_TEXT);
	for (i = 0; i < rs->nrules; i++) {
		r = &rs->rules[i];
		sbuf_reset(&facts);
		sbuf_reset(&notes);
		E.facts = &facts;
		E.notes = &notes;
		E.rule = r->id;
		if ((res = cond_eval(&E, &r->cond)) == 0)
			continue;
		if (res < 0 && (r->monitor || r->action < ACT_TEMPFAIL))
			continue;
		add_hit(v, rs, r, res < 0);
		if (r->monitor)
			continue;
		act = res < 0 ? ACT_TEMPFAIL : r->action;
		if (act > v->action || v->reply_rule == NULL) {
			v->action = act;
			/* a rule over the message's data, no fact: say which */
			set_reply(v, r, facts.len > 0 ? facts.s : notes.s);
		}
		if (r->final && res == 1)
			break;
	}
	sbuf_clear(&facts);
	sbuf_clear(&notes);
}

void
verdict_rules(const struct verdict *v, enum verdict_list which, char *buf,
    size_t len)
{
	const struct hit *h;
	struct sbuf b;
	size_t i;
	enum verdict_list kind;

	sbuf_init(&b, len > 0 ? len - 1 : 0);
	for (i = 0; i < v->nhits; i++) {
		h = &v->hits[i];
		kind = h->monitor ? VR_MONITOR : h->undecided ? VR_UNDECIDED :
		    VR_ENFORCED;
		if (kind != which)
			continue;
		if (b.len > 0)
			sbuf_addc(&b, ',');
		sbuf_adds(&b, h->rule);
		if (which == VR_MONITOR)
			sbuf_printf(&b, ":%s", action_name(h->action));
	}
	if (v->nhits_total > v->nhits)
		sbuf_adds(&b, b.len > 0 ? ",..." : "...");
	snprintf(buf, len, "%s", b.s);
	sbuf_clear(&b);
}

void
verdict_on_dns_error_accept(struct verdict *v)
{
	size_t i;
	int act = ACT_ACCEPT, undecided = 0;

	if (v->action != ACT_TEMPFAIL)
		return;
	for (i = 0; i < v->nhits; i++) {
		if (v->hits[i].monitor)
			continue;
		if (v->hits[i].undecided) {
			undecided = 1;
			continue;
		}
		if (v->hits[i].action > act)
			act = v->hits[i].action;
	}
	if (!undecided || act >= ACT_TEMPFAIL)
		return;
	v->action = act;
	v->rcode[0] = v->xcode[0] = v->text[0] = '\0';
}

void
verdict_dry_run(struct verdict *v)
{
	size_t i;

	for (i = 0; i < v->nhits; i++)
		v->hits[i].monitor = 1;
	v->dry_run = 1;
	v->would = v->action;
	v->action = ACT_ACCEPT;
	v->rcode[0] = v->xcode[0] = v->text[0] = '\0';
	v->reply_rule = NULL;
}
