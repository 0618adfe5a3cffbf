/*
 * NAME
 *	ruldiff - transitions of final actions between two rule files
 */
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "limits.h"
#include "ruldiff.h"
#include "tally.h"
#include "tallyfmt.h"
#include "util.h"

struct cell {
	unsigned long	 n;
	unsigned long	*rules;		/* per rule of the responsible file */
	struct examples	 ex;
};

struct ruldiff {
	struct tally	*old;
	struct tally	*new;
	size_t		 nex;
	unsigned long	 n;
	unsigned long	 stopped;
	struct cell	 cell[ACT_COUNT][ACT_COUNT];	/* [old][new] */
};

struct ruldiff *
ruldiff_new(const struct ruleset *old, const struct ruleset *new,
    size_t nexamples)
{
	struct ruldiff *d = xcalloc(1, sizeof(*d));

	d->old = tally_new(old, nexamples);
	d->new = tally_new(new, nexamples);
	d->nex = d->old->nex;
	return d;
}

void
ruldiff_free(struct ruldiff *d)
{
	int a, b;

	if (d == NULL)
		return;
	for (a = 0; a < ACT_COUNT; a++)
		for (b = 0; b < ACT_COUNT; b++) {
			free(d->cell[a][b].rules);
			examples_clear(&d->cell[a][b].ex);
		}
	tally_free(d->old);
	tally_free(d->new);
	free(d);
}

unsigned long
ruldiff_stopped(const struct ruldiff *d)
{
	return d->stopped;
}

/* The action enforcing gives. */
static int
enforced(const struct verdict *v)
{
	return v->dry_run ? v->would : v->action;
}

/*
 * The hits of v by enforced rules of t's file that asked for action act
 * (under mode: monitor every hit is a monitor hit: the file says which
 * rules enforce).
 */
static void
responsible(struct cell *c, const struct tally *t, const struct verdict *v,
    int act)
{
	const struct hit *h;
	size_t i;

	if (c->rules == NULL)
		c->rules = xcalloc(t->nrules + 1, sizeof(unsigned long));
	for (i = 0; i < v->nhits; i++) {
		h = &v->hits[i];
		if (h->index >= t->nrules || t->rules[h->index].monitor)
			continue;
		if ((h->undecided ? ACT_TEMPFAIL : h->action) == act)
			c->rules[h->index]++;
	}
}

void
ruldiff_add(struct ruldiff *d, const struct input_item *it,
    const struct judgement *jo, const struct judgement *jn)
{
	int a = enforced(&jo->v), b = enforced(&jn->v);
	struct cell *c = &d->cell[a][b];

	tally_add(d->old, it, jo);
	tally_add(d->new, it, jn);
	d->n++;
	c->n++;
	if (a <= ACT_TAG && b > ACT_TAG)
		d->stopped++;
	if (a == b)
		return;
	if (b > a)
		responsible(c, d->new, &jn->v, b);
	else
		responsible(c, d->old, &jo->v, a);
	examples_add(&c->ex, d->nex, it);
}

/* The tally rule with this id, or NULL. */
static const struct tally_rule *
rule_in(const struct tally *t, const char *id)
{
	size_t i;

	for (i = 0; i < t->nrules; i++)
		if (strcmp(t->rules[i].id, id) == 0)
			return &t->rules[i];
	return NULL;
}

static const struct tally *
resp_tally(const struct ruldiff *d, int a, int b)
{
	return b > a ? d->new : d->old;
}

static void
text_transitions(const struct ruldiff *d, FILE *fp)
{
	char sh[16], name[32];
	int a, b;

	fprintf(fp, "%-22s %8s %7s\n", "transitions", "messages", "share");
	for (a = 0; a < ACT_COUNT; a++)
		for (b = 0; b < ACT_COUNT; b++) {
			if (d->cell[a][b].n == 0)
				continue;
			snprintf(name, sizeof(name), "%s -> %s",
			    action_name(a), action_name(b));
			tallyfmt_share(d->cell[a][b].n, d->n, sh, sizeof(sh));
			fprintf(fp, "  %-20s %8lu %7s%s\n", name,
			    d->cell[a][b].n, sh, b > a ? "  stricter" :
			    b < a ? "  looser" : "");
		}
}

static void
text_changes(const struct ruldiff *d, FILE *fp)
{
	const struct cell *c;
	const struct tally *t;
	size_t k;
	int a, b, first;

	for (a = 0; a < ACT_COUNT; a++)
		for (b = 0; b < ACT_COUNT; b++) {
			c = &d->cell[a][b];
			if (a == b || c->n == 0)
				continue;
			t = resp_tally(d, a, b);
			fprintf(fp, "\n%s -> %s: %lu message%s\n",
			    action_name(a), action_name(b), c->n,
			    c->n == 1 ? "" : "s");
			fprintf(fp, "  rules of the %s file that gave %s: ",
			    b > a ? "new" : "old", action_name(b > a ? b : a));
			for (k = 0, first = 1; k < t->nrules; k++)
				if (c->rules[k] > 0) {
					fprintf(fp, "%s%s %lu", first ? "" :
					    ", ", t->rules[k].id, c->rules[k]);
					first = 0;
				}
			fputs(first ? "-\n" : "\n", fp);
			for (k = 0; k < c->ex.n; k++)
				tallyfmt_example(&c->ex.e[k], "    ", fp);
		}
}

static int
changed(const struct tally_rule *o, const struct tally_rule *n)
{
	return o == NULL || n == NULL || o->matched != n->matched ||
	    o->monitor != n->monitor || o->action != n->action;
}

/* "12  enforce reject" or "-" for a rule absent from its file. */
static void
text_side(const struct tally_rule *r, FILE *fp)
{
	char as[32];

	if (r == NULL) {
		fprintf(fp, " %8s  %-16s", "-", "");
		return;
	}
	snprintf(as, sizeof(as), "%s %s", r->monitor ? "monitor" : "enforce",
	    action_name(r->action));
	fprintf(fp, " %8lu  %-16s", r->matched, as);
}

/* What changed: presence, mode, action, matches. */
static void
text_change(const struct tally_rule *o, const struct tally_rule *n,
    FILE *fp)
{
	const char *sep = "";

	if (o == NULL || n == NULL) {
		fprintf(fp, "only in %s\n", o == NULL ? "new" : "old");
		return;
	}
	if (o->monitor != n->monitor) {
		fprintf(fp, "%s", n->monitor ? "now monitor" : "now enforced");
		sep = ", ";
	}
	if (o->action != n->action) {
		fprintf(fp, "%s%s -> %s", sep, action_name(o->action),
		    action_name(n->action));
		sep = ", ";
	}
	if (o->matched != n->matched)
		fprintf(fp, "%s%+ld", sep, (long)n->matched - (long)o->matched);
	fputc('\n', fp);
}

/* The rule i of the new file, then those of the old file it lacks. */
static int
rule_pair(const struct ruldiff *d, size_t i, const struct tally_rule **o,
    const struct tally_rule **n)
{
	if (i < d->new->nrules) {
		*n = &d->new->rules[i];
		*o = rule_in(d->old, (*n)->id);
		return 1;
	}
	*o = &d->old->rules[i - d->new->nrules];
	*n = NULL;
	return rule_in(d->new, (*o)->id) == NULL;
}

static void
text_rules(const struct ruldiff *d, FILE *fp)
{
	const struct tally_rule *o, *n;
	size_t i, w = sizeof("rules that changed") - 3;
	int any = 0;

	for (i = 0; i < d->old->nrules; i++)
		if (strlen(d->old->rules[i].id) > w)
			w = strlen(d->old->rules[i].id);
	for (i = 0; i < d->new->nrules; i++)
		if (strlen(d->new->rules[i].id) > w)
			w = strlen(d->new->rules[i].id);
	for (i = 0; i < d->new->nrules + d->old->nrules; i++) {
		if (!rule_pair(d, i, &o, &n) || !changed(o, n))
			continue;
		if (!any)
			fprintf(fp, "\n%-*s %8s  %-16s %8s  %-16s %s\n",
			    (int)w + 2, "rules that changed", "old", "",
			    "new", "", "change");
		any = 1;
		fprintf(fp, "  %-*s", (int)w, n ? n->id : o->id);
		text_side(o, fp);
		text_side(n, fp);
		fputc(' ', fp);
		text_change(o, n, fp);
	}
	if (!any)
		fprintf(fp, "\nrules that changed: none\n");
}

void
ruldiff_text(const struct ruldiff *d, FILE *fp)
{
	fprintf(fp, "diff of %lu message%s\n  old rules: %s (%zu rules)\n"
	    "  new rules: %s (%zu rules)\n\n", d->n, d->n == 1 ? "" : "s",
	    ruleset_path(d->old->rs), d->old->nrules,
	    ruleset_path(d->new->rs), d->new->nrules);
	text_transitions(d, fp);
	text_changes(d, fp);
	text_rules(d, fp);
	fprintf(fp, "\n%lu message%s the old rules let leave (accept, tag) "
	    "the new rules stop (hold, discard, tempfail, reject)\n",
	    d->stopped, d->stopped == 1 ? "" : "s");
}

static void
json_cell(const struct ruldiff *d, int a, int b, struct sbuf *s)
{
	const struct cell *c = &d->cell[a][b];
	const struct tally *t = resp_tally(d, a, b);
	size_t k;
	int first;

	sbuf_adds(s, "{\"from\":");
	json_str(s, action_name(a));
	json_field(s, "to", action_name(b));
	json_num(s, "messages", c->n);
	if (a != b) {
		json_field(s, "rules_file", b > a ? "new" : "old");
		sbuf_adds(s, ",\"rules\":{");
		for (k = 0, first = 1; k < t->nrules; k++)
			if (c->rules[k] > 0) {
				if (!first)
					sbuf_addc(s, ',');
				first = 0;
				json_str(s, t->rules[k].id);
				sbuf_printf(s, ":%lu", c->rules[k]);
			}
		sbuf_addc(s, '}');
		tallyfmt_json_examples(&c->ex, s);
	}
	sbuf_addc(s, '}');
}

/* ,"key":{"matched":n,"mode":"...","action":"..."} or null */
static void
json_side(struct sbuf *s, const char *key, const struct tally_rule *r)
{
	if (r == NULL) {
		sbuf_printf(s, ",\"%s\":null", key);
		return;
	}
	sbuf_printf(s, ",\"%s\":{\"matched\":%lu", key, r->matched);
	json_field(s, "mode", r->monitor ? "monitor" : "enforce");
	json_field(s, "action", action_name(r->action));
	sbuf_addc(s, '}');
}

void
ruldiff_json(const struct ruldiff *d, FILE *fp)
{
	const struct tally_rule *o, *n;
	struct sbuf s;
	size_t i;
	int a, b, first = 1;

	sbuf_init(&s, 256 * 1024 * 1024);
	sbuf_adds(&s, "{\"old_rules\":");
	json_str(&s, ruleset_path(d->old->rs));
	json_field(&s, "new_rules", ruleset_path(d->new->rs));
	json_num(&s, "messages", d->n);
	json_num(&s, "stopped", d->stopped);
	sbuf_adds(&s, ",\"transitions\":[");
	for (a = 0; a < ACT_COUNT; a++)
		for (b = 0; b < ACT_COUNT; b++)
			if (d->cell[a][b].n > 0) {
				if (!first)
					sbuf_addc(&s, ',');
				first = 0;
				json_cell(d, a, b, &s);
			}
	sbuf_adds(&s, "],\"rules_changed\":[");
	first = 1;
	for (i = 0; i < d->new->nrules + d->old->nrules; i++) {
		if (!rule_pair(d, i, &o, &n) || !changed(o, n))
			continue;
		sbuf_adds(&s, first ? "{\"id\":" : ",{\"id\":");
		first = 0;
		json_str(&s, n ? n->id : o->id);
		json_side(&s, "old", o);
		json_side(&s, "new", n);
		sbuf_addc(&s, '}');
	}
	sbuf_adds(&s, "]}");
	fprintf(fp, "%s\n", s.s);
	sbuf_clear(&s);
}
