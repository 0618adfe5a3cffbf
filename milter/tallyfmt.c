/*
 * NAME
 *	tallyfmt - render a tally: text tables, one JSON object
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "limits.h"
#include "tallyfmt.h"

#define MIN_WIDTH	22	/* the name column of every table */

void
tallyfmt_share(unsigned long n, unsigned long total, char *buf, size_t len)
{
	snprintf(buf, len, "%.1f%%", total ? 100.0 * (double)n /
	    (double)total : 0.0);
}

static int
width(size_t w)
{
	return (int)(w + 2 < MIN_WIDTH ? MIN_WIDTH : w + 2);
}

/* "accept 8, tag 1" for the non-zero counts; "-" when all are zero. */
static void
actions_list(const unsigned long *act, FILE *fp)
{
	int a, first = 1;

	for (a = 0; a < ACT_COUNT; a++)
		if (act[a] > 0) {
			fprintf(fp, "%s%s %lu", first ? "" : ", ",
			    action_name(a), act[a]);
			first = 0;
		}
	if (first)
		fputs("-", fp);
}

static void
text_actions(const struct tally *t, FILE *fp)
{
	char sh[16];
	int a;

	fprintf(fp, "%-*s %8s %7s\n", MIN_WIDTH, "final actions", "messages",
	    "share");
	for (a = 0; a < ACT_COUNT; a++) {
		tallyfmt_share(t->act[a], t->n, sh, sizeof(sh));
		fprintf(fp, "  %-*s %8lu %7s\n", MIN_WIDTH - 2, action_name(a),
		    t->act[a], sh);
	}
	if (t->ndry > 0) {
		fprintf(fp, "under mode: monitor, enforcing would give: ");
		actions_list(t->would, fp);
		fputc('\n', fp);
	}
}

static void
text_streams(const struct tally *t, FILE *fp)
{
	const struct tally_stream *s;
	char sh[16];
	size_t i, k, w = 0;

	for (i = 0; i < t->nstreams; i++)
		if (strlen(t->streams[i].name) > w)
			w = strlen(t->streams[i].name);
	for (k = 0; k < t->nrules; k++)
		if (strlen(t->rules[k].id) + 2 > w)
			w = strlen(t->rules[k].id) + 2;
	fprintf(fp, "\n%-*s %8s %7s  %s\n", width(w), "streams", "messages",
	    "share", "actions");
	for (i = 0; i < t->nstreams; i++) {
		s = &t->streams[i];
		tallyfmt_share(s->n, t->n, sh, sizeof(sh));
		fprintf(fp, "  %-*s %8lu %7s  ", width(w) - 2, s->name, s->n,
		    sh);
		actions_list(s->act, fp);
		fputc('\n', fp);
		for (k = 0; k < t->nrules; k++) {
			if (s->rule[k] == 0)
				continue;
			tallyfmt_share(s->rule[k], s->n, sh, sizeof(sh));
			fprintf(fp, "    %-*s %8lu %7s\n", width(w) - 4,
			    t->rules[k].id, s->rule[k], sh);
		}
	}
}

static void
text_rules(const struct tally *t, FILE *fp)
{
	const struct tally_rule *r;
	char sh[16];
	size_t i, w = 0;

	for (i = 0; i < t->nrules; i++)
		if (strlen(t->rules[i].id) > w)
			w = strlen(t->rules[i].id);
	fprintf(fp, "\n%-*s %-8s %-8s %8s %7s %9s\n", width(w), "rules",
	    "mode", "action", "matched", "share", "undecided");
	for (i = 0; i < t->nrules; i++) {
		r = &t->rules[i];
		tallyfmt_share(r->matched, t->n, sh, sizeof(sh));
		fprintf(fp, "  %-*s %-8s %-8s %8lu %7s %9lu\n", width(w) - 2,
		    r->id, r->monitor ? "monitor" : "enforce",
		    action_name(r->action), r->matched, sh, r->undecided);
	}
	if (t->hits_dropped > 0)
		fprintf(fp, "(%lu messages matched more than %d rules: the "
		    "rules after those are not counted for them)\n",
		    t->hits_dropped, VERDICT_MAX_HITS);
}

static void
text_undecided(const struct tally *t, FILE *fp)
{
	const struct tally_rule *r;
	size_t i, f, w = 0;
	int any = 0, first;

	for (i = 0; i < t->nrules; i++)
		if (t->rules[i].undecided > 0 && strlen(t->rules[i].id) > w)
			w = strlen(t->rules[i].id);
	for (i = 0; i < t->nrules; i++) {
		r = &t->rules[i];
		if (r->undecided == 0)
			continue;
		if (!any)
			fprintf(fp, "\n%-*s %8s  %s\n", width(w),
			    "undecided rules", "messages",
			    "facts it reads that a lookup left undecided (temperror)");
		any = 1;
		fprintf(fp, "  %-*s %8lu  ", width(w) - 2, r->id, r->undecided);
		for (f = 0, first = 1; f < t->nfacts; f++)
			if (r->why[f] > 0) {
				fprintf(fp, "%s%s %lu", first ? "" : ", ",
				    t->facts[f].id, r->why[f]);
				first = 0;
			}
		fputc('\n', fp);
	}
	if (!any)
		fprintf(fp, "\nundecided rules: none\n");
}

/* Most often true first, then most often temperror, then by id. */
static int
fact_cmp(const void *a, const void *b, void *arg)
{
	const struct tally *sort_t = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	if (sort_t->fact_true[x] != sort_t->fact_true[y])
		return sort_t->fact_true[x] > sort_t->fact_true[y] ? -1 : 1;
	if (sort_t->fact_temp[x] != sort_t->fact_temp[y])
		return sort_t->fact_temp[x] > sort_t->fact_temp[y] ? -1 : 1;
	return strcmp(sort_t->facts[x].id, sort_t->facts[y].id);
}

/* The facts true or temperror at least once, in fact_cmp order. */
static size_t
facts_seen(const struct tally *t, size_t *idx)
{
	size_t f, n = 0;

	for (f = 0; f < t->nfacts; f++)
		if (t->fact_true[f] > 0 || t->fact_temp[f] > 0)
			idx[n++] = f;
	qsort_r(idx, n, sizeof(*idx), fact_cmp, (void *)(uintptr_t)t);
	return n;
}

static void
text_facts(const struct tally *t, FILE *fp)
{
	size_t *idx = xcalloc(t->nfacts + 1, sizeof(*idx));
	size_t i, n, w = 0;
	char sh[16];

	n = facts_seen(t, idx);
	for (i = 0; i < n; i++)
		if (strlen(t->facts[idx[i]].id) > w)
			w = strlen(t->facts[idx[i]].id);
	fprintf(fp, "\n%-*s %8s %7s %9s\n", width(w), "facts", "true",
	    "share", "temperror");
	for (i = 0; i < n; i++) {
		tallyfmt_share(t->fact_true[idx[i]], t->n, sh, sizeof(sh));
		fprintf(fp, "  %-*s %8lu %7s %9lu\n", width(w) - 2,
		    t->facts[idx[i]].id, t->fact_true[idx[i]], sh,
		    t->fact_temp[idx[i]]);
	}
	if (n == 0)
		fprintf(fp, "  (none true)\n");
	free(idx);
}

static void
printable(const char *s, FILE *fp)
{
	struct sbuf b;

	sbuf_init(&b, SL_MAX_LOG_FIELD);
	sbuf_add_printable(&b, s, strlen(s));
	fputs(b.len ? b.s : "-", fp);
	sbuf_clear(&b);
}

void
tallyfmt_example(const struct example *e, const char *indent, FILE *fp)
{
	fprintf(fp, "%s", indent);
	if (e->mbox)
		fprintf(fp, "%s[%zu]", e->file, e->index);
	else
		fputs(e->file, fp);
	fputs("  ", fp);
	printable(e->message_id, fp);
	fputs("  From: ", fp);
	printable(e->from, fp);
	fputs("  Subject: ", fp);
	printable(e->subject, fp);
	fputc('\n', fp);
}

static void
text_examples(const struct tally *t, FILE *fp)
{
	const struct tally_rule *r;
	size_t i, k;
	int any = 0;

	for (i = 0; i < t->nrules; i++) {
		r = &t->rules[i];
		if (r->ex.n == 0)
			continue;
		if (!any)
			fprintf(fp, "\nexamples (up to %zu per rule, the "
			    "first it matched)\n", t->nex);
		any = 1;
		fprintf(fp, "  %s (%s%s): %lu message%s\n", r->id,
		    r->monitor ? "monitor " : "", action_name(r->action),
		    r->matched, r->matched == 1 ? "" : "s");
		for (k = 0; k < r->ex.n; k++)
			tallyfmt_example(&r->ex.e[k], "    ", fp);
	}
}

void
tallyfmt_text(const struct tally *t, FILE *fp)
{
	fprintf(fp, "summary of %lu message%s judged by %s (%zu rules)\n\n",
	    t->n, t->n == 1 ? "" : "s", ruleset_path(t->rs), t->nrules);
	text_actions(t, fp);
	text_streams(t, fp);
	text_rules(t, fp);
	text_undecided(t, fp);
	text_facts(t, fp);
	text_examples(t, fp);
}

/* ,"key":{"accept":n,...} with every action */
static void
json_actions(struct sbuf *b, const char *key, const unsigned long *act)
{
	int a;

	sbuf_printf(b, ",\"%s\":{", key);
	for (a = 0; a < ACT_COUNT; a++)
		sbuf_printf(b, "%s\"%s\":%lu", a ? "," : "", action_name(a),
		    act[a]);
	sbuf_addc(b, '}');
}

void
tallyfmt_json_examples(const struct examples *x, struct sbuf *b)
{
	const struct example *e;
	size_t i;

	sbuf_adds(b, ",\"examples\":[");
	for (i = 0; i < x->n; i++) {
		e = &x->e[i];
		sbuf_adds(b, i ? ",{\"file\":" : "{\"file\":");
		json_str(b, e->file);
		if (e->mbox)
			json_num(b, "index", e->index);
		json_field(b, "message_id", e->message_id);
		json_field(b, "from", e->from);
		json_field(b, "subject", e->subject);
		sbuf_addc(b, '}');
	}
	sbuf_addc(b, ']');
}

static void
json_streams(const struct tally *t, struct sbuf *b)
{
	const struct tally_stream *s;
	size_t i, k;
	int first;

	sbuf_adds(b, ",\"streams\":[");
	for (i = 0; i < t->nstreams; i++) {
		s = &t->streams[i];
		sbuf_adds(b, i ? ",{\"stream\":" : "{\"stream\":");
		json_str(b, s->name);
		json_num(b, "messages", s->n);
		json_actions(b, "actions", s->act);
		sbuf_adds(b, ",\"rules\":{");
		for (k = 0, first = 1; k < t->nrules; k++)
			if (s->rule[k] > 0) {
				if (!first)
					sbuf_addc(b, ',');
				first = 0;
				json_str(b, t->rules[k].id);
				sbuf_printf(b, ":%lu", s->rule[k]);
			}
		sbuf_adds(b, "}}");
	}
	sbuf_addc(b, ']');
}

static void
json_rules(const struct tally *t, struct sbuf *b)
{
	const struct tally_rule *r;
	size_t i, f;
	int first;

	sbuf_adds(b, ",\"rules\":[");
	for (i = 0; i < t->nrules; i++) {
		r = &t->rules[i];
		sbuf_adds(b, i ? ",{\"id\":" : "{\"id\":");
		json_str(b, r->id);
		json_field(b, "mode", r->monitor ? "monitor" : "enforce");
		json_field(b, "action", action_name(r->action));
		json_num(b, "matched", r->matched);
		json_num(b, "undecided", r->undecided);
		sbuf_adds(b, ",\"undecided_facts\":{");
		for (f = 0, first = 1; r->why != NULL && f < t->nfacts; f++)
			if (r->why[f] > 0) {
				if (!first)
					sbuf_addc(b, ',');
				first = 0;
				json_str(b, t->facts[f].id);
				sbuf_printf(b, ":%lu", r->why[f]);
			}
		sbuf_addc(b, '}');
		tallyfmt_json_examples(&r->ex, b);
		sbuf_addc(b, '}');
	}
	sbuf_addc(b, ']');
}

void
tallyfmt_json(const struct tally *t, FILE *fp)
{
	size_t *idx = xcalloc(t->nfacts + 1, sizeof(*idx));
	struct sbuf b;
	size_t i, n;

	sbuf_init(&b, 256 * 1024 * 1024);
	sbuf_adds(&b, "{\"rules_file\":");
	json_str(&b, ruleset_path(t->rs));
	json_num(&b, "messages", t->n);
	json_actions(&b, "actions", t->act);
	if (t->ndry > 0) {
		json_num(&b, "monitor_messages", t->ndry);
		json_actions(&b, "would", t->would);
	}
	json_streams(t, &b);
	json_rules(t, &b);
	json_num(&b, "hits_dropped", t->hits_dropped);
	sbuf_adds(&b, ",\"facts\":[");
	n = facts_seen(t, idx);
	for (i = 0; i < n; i++) {
		sbuf_adds(&b, i ? ",{\"id\":" : "{\"id\":");
		json_str(&b, t->facts[idx[i]].id);
		json_num(&b, "true", t->fact_true[idx[i]]);
		json_num(&b, "temperror", t->fact_temp[idx[i]]);
		sbuf_addc(&b, '}');
	}
	sbuf_adds(&b, "]}");
	fprintf(fp, "%s\n", b.s);
	sbuf_clear(&b);
	free(idx);
}
