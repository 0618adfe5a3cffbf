/*
 * NAME
 *	tally - count actions, streams, rules and facts over a corpus
 */
#include <stdlib.h>
#include <string.h>

#include "checkfmt.h"
#include "limits.h"
#include "log.h"
#include "tally.h"
#include "util.h"

struct tally *
tally_new(const struct ruleset *rs, size_t nexamples)
{
	struct tally *t = xcalloc(1, sizeof(*t));
	size_t i;

	t->rs = rs;
	t->nex = nexamples > SL_MAX_EXAMPLES ? SL_MAX_EXAMPLES : nexamples;
	t->nrules = ruleset_nrules(rs);
	t->rules = xcalloc(t->nrules + 1, sizeof(*t->rules));
	for (i = 0; i < t->nrules; i++)
		t->rules[i].id = ruleset_rule(rs, i, &t->rules[i].action,
		    &t->rules[i].monitor);
	t->nfacts = fact_registry(&t->facts);
	t->fact_true = xcalloc(t->nfacts, sizeof(unsigned long));
	t->fact_temp = xcalloc(t->nfacts, sizeof(unsigned long));
	return t;
}

void
tally_free(struct tally *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrules; i++) {
		free(t->rules[i].why);
		examples_clear(&t->rules[i].ex);
	}
	for (i = 0; i < t->nstreams; i++)
		free(t->streams[i].rule);
	free(t->rules);
	free(t->streams);
	free(t->fact_true);
	free(t->fact_temp);
	free(t);
}

size_t
tally_fact_index(const struct tally *t, const struct fact *f)
{
	const struct fact_info *fi = fact_info(f->id);

	if (fi == NULL || fi < t->facts || fi >= t->facts + t->nfacts)
		log_panic("tally: fact %s is not in the registry", f->id);
	return (size_t)(fi - t->facts);
}

static struct tally_stream *
stream(struct tally *t, const char *name)
{
	struct tally_stream *s;
	size_t i;

	for (i = 0; i < t->nstreams; i++)
		if (strcmp(t->streams[i].name, name) == 0)
			return &t->streams[i];
	t->streams = xrealloc(t->streams, (t->nstreams + 1) *
	    sizeof(*t->streams));
	s = &t->streams[t->nstreams++];
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->rule = xcalloc(t->nrules + 1, sizeof(unsigned long));
	return s;
}

void
tally_add(struct tally *t, const struct input_item *it,
    const struct judgement *j)
{
	const struct verdict *v = &j->v;
	const struct factset *fs = &j->fs;
	struct tally_stream *s = stream(t, v->stream);
	struct tally_rule *r;
	size_t i, k;

	t->n++;
	t->act[v->action]++;
	s->n++;
	s->act[v->action]++;
	if (v->dry_run) {
		t->ndry++;
		t->would[v->would]++;
	}
	if (v->nhits_total > v->nhits)
		t->hits_dropped++;
	for (i = 0; i < v->nhits; i++) {
		if (v->hits[i].index >= t->nrules)
			log_panic("tally: hit %zu of a rule set of %zu rules",
			    v->hits[i].index, t->nrules);
		r = &t->rules[v->hits[i].index];
		if (v->hits[i].undecided) {
			r->undecided++;
			if (r->why == NULL)
				r->why = xcalloc(t->nfacts,
				    sizeof(unsigned long));
			for (k = 0; k < fs->n; k++)
				if (fs->f[k].val == FACT_TEMPERROR &&
				    ruleset_rule_reads(t->rs, v->hits[i].index,
				    fs->f[k].id))
					r->why[tally_fact_index(t,
					    &fs->f[k])]++;
			continue;
		}
		r->matched++;
		s->rule[v->hits[i].index]++;
		examples_add(&r->ex, t->nex, it);
	}
	for (k = 0; k < fs->n; k++)
		if (fs->f[k].val == FACT_TRUE)
			t->fact_true[tally_fact_index(t, &fs->f[k])]++;
		else if (fs->f[k].val == FACT_TEMPERROR)
			t->fact_temp[tally_fact_index(t, &fs->f[k])]++;
}

static char *
field(const struct msg *m, const char *name)
{
	struct sbuf b;

	sbuf_init(&b, SL_MAX_LOG_FIELD);
	checkfmt_field(m, name, &b);
	return b.s;
}

void
example_set(struct example *e, const struct input_item *it)
{
	e->file = xstrdup(it->file);
	e->mbox = it->mbox;
	e->index = it->index;
	e->message_id = field(it->m, "Message-ID");
	e->from = field(it->m, "From");
	e->subject = field(it->m, "Subject");
}

void
example_clear(struct example *e)
{
	free(e->file);
	free(e->message_id);
	free(e->from);
	free(e->subject);
	memset(e, 0, sizeof(*e));
}

void
examples_add(struct examples *x, size_t max, const struct input_item *it)
{
	if (x->n >= max)
		return;
	x->e = xrealloc(x->e, (x->n + 1) * sizeof(*x->e));
	example_set(&x->e[x->n++], it);
}

void
examples_clear(struct examples *x)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		example_clear(&x->e[i]);
	free(x->e);
	x->e = NULL;
	x->n = 0;
}
