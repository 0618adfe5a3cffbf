/*
 * NAME
 *	bounceout - senderlint-bounces' output: summary, JSON, report
 * DESCRIPTION
 *	See bounceout.h. Lists of codes and replies are printed by count,
 *	most frequent first, ties in text order, so output is stable.
 */
#include <stdlib.h>
#include <string.h>

#include "bounceout.h"
#include "egress.h"
#include "json.h"
#include "suppress.h"
#include "util.h"

#define TOP_SAMPLES	3

void
bounceout_time(time_t t, char *buf, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int
by_count(const void *a, const void *b)
{
	const struct bt_count *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* a sorted copy of n counts; free() it */
static struct bt_count *
sorted(const struct bt_count *c, size_t n)
{
	struct bt_count *s = xcalloc(n ? n : 1, sizeof(*s));

	memcpy(s, c, n * sizeof(*s));
	qsort(s, n, sizeof(*s), by_count);
	return s;
}

static void
codes_text(FILE *fp, const struct bt_class *c)
{
	struct bt_count *s = sorted(c->codes, c->ncodes);
	size_t i;

	for (i = 0; i < c->ncodes; i++)
		fprintf(fp, "%s%s x%lu", i ? ", " : "", s[i].key, s[i].n);
	free(s);
}

static void
samples_text(FILE *fp, const struct bt_class *c, size_t max,
    const char *indent)
{
	struct bt_count *s = sorted(c->samples, c->nsamples);
	size_t i;

	for (i = 0; i < c->nsamples && i < max; i++)
		fprintf(fp, "%s(x%lu) %s\n", indent, s[i].n, s[i].text);
	free(s);
}

void
bounceout_text(FILE *fp, const struct bounce_input *in,
    const struct bt_provider *const *p, size_t n)
{
	char first[32], last[32];
	size_t i, c;

	fprintf(fp, "read %lu line%s from %lu file%s: %lu deliver%s, "
	    "%lu garbage line%s skipped", in->lines, in->lines == 1 ? "" : "s",
	    in->files, in->files == 1 ? "" : "s", in->deliveries,
	    in->deliveries == 1 ? "y" : "ies", in->garbage,
	    in->garbage == 1 ? "" : "s");
	if (in->garbage > 0)
		fprintf(fp, " (first at %s)", in->first_garbage);
	fprintf(fp, "\n");
	for (i = 0; i < n; i++) {
		fprintf(fp, "\nprovider %s: %lu delivered, %lu failed\n",
		    p[i]->name, p[i]->sent, p[i]->failed);
		for (c = 0; c < BC_NCLASS; c++) {
			const struct bt_class *k = &p[i]->cls[c];

			if (k->n == 0)
				continue;
			bounceout_time(k->first, first, sizeof(first));
			bounceout_time(k->last, last, sizeof(last));
			fprintf(fp, "  %s: %lu (", bounce_class_name((int)c),
			    k->n);
			codes_text(fp, k);
			fprintf(fp, "), first %s, last %s\n", first, last);
			samples_text(fp, k, TOP_SAMPLES, "    ");
		}
	}
}

static void
counts_json(struct sbuf *b, const char *key, const struct bt_count *c,
    size_t n)
{
	struct bt_count *s = sorted(c, n);
	size_t i;

	sbuf_printf(b, ",\"%s\":[", key);
	for (i = 0; i < n; i++) {
		sbuf_printf(b, "%s{\"text\":", i ? "," : "");
		json_str(b, s[i].text[0] ? s[i].text : s[i].key);
		json_num(b, "count", s[i].n);
		sbuf_addc(b, '}');
	}
	sbuf_addc(b, ']');
	free(s);
}

static void
class_json(struct sbuf *b, const struct bt_class *k, int c)
{
	char t[32];
	time_t peak = 0;
	unsigned long pn;

	sbuf_printf(b, "{\"class\":\"%s\"", bounce_class_name(c));
	json_num(b, "count", k->n);
	bounceout_time(k->first, t, sizeof(t));
	json_field(b, "first", t);
	bounceout_time(k->last, t, sizeof(t));
	json_field(b, "last", t);
	pn = bouncetab_peak(k, &peak);
	bounceout_time(peak, t, sizeof(t));
	json_field(b, "peak_hour", t);
	json_num(b, "peak_count", pn);
	counts_json(b, "codes", k->codes, k->ncodes);
	counts_json(b, "samples", k->samples, k->nsamples);
	sbuf_addc(b, '}');
}

static void
provider_json(struct sbuf *b, const struct bt_provider *p)
{
	size_t c, k = 0;

	sbuf_adds(b, "{\"name\":");
	json_str(b, p->name);
	json_num(b, "delivered", p->sent);
	json_num(b, "failed", p->failed);
	counts_json(b, "domains", p->domains, p->ndomains);
	sbuf_adds(b, ",\"classes\":[");
	for (c = 0; c < BC_NCLASS; c++) {
		if (p->cls[c].n == 0)
			continue;
		if (k++ > 0)
			sbuf_addc(b, ',');
		class_json(b, &p->cls[c], (int)c);
	}
	sbuf_adds(b, "]}");
}

void
bounceout_json(FILE *fp, const struct bounce_input *in,
    const struct bt_provider *const *p, size_t n,
    const struct bt_verdict *v, size_t nv, int applied)
{
	struct sbuf b;
	char t[32];
	size_t i;

	sbuf_init(&b, (size_t)1 << 30);
	sbuf_adds(&b, "{\"input\":{\"files\":");
	sbuf_printf(&b, "%lu", in->files);
	json_num(&b, "lines", in->lines);
	json_num(&b, "deliveries", in->deliveries);
	json_num(&b, "garbage", in->garbage);
	json_field(&b, "first_garbage", in->first_garbage);
	sbuf_adds(&b, "},\"providers\":[");
	for (i = 0; i < n; i++) {
		if (i > 0)
			sbuf_addc(&b, ',');
		provider_json(&b, p[i]);
	}
	sbuf_printf(&b, "],\"applied\":%s,\"suppress\":[",
	    applied ? "true" : "false");
	for (i = 0; i < nv; i++) {
		sbuf_adds(&b, i ? ",{\"address\":" : "{\"address\":");
		json_str(&b, v[i].addr);
		json_field(&b, "reason", suppress_reason_name(v[i].reason));
		bounceout_time(v[i].date, t, sizeof(t));
		json_field(&b, "date", t);
		json_field(&b, "code", v[i].code);
		json_num(&b, "bounces", v[i].n);
		sbuf_addc(&b, '}');
	}
	sbuf_adds(&b, "]}\n");
	fwrite(b.s, 1, b.len, fp);
	sbuf_clear(&b);
}

/* what the resolver says of ip's reverse DNS, into out */
static void
rdns_text(const struct bounce_report *r, const char *ip, char *out,
    size_t len)
{
	struct egress_rdns e;

	if (r->dns == NULL) {
		snprintf(out, len, "lookup failed: %s", r->dns_err ?
		    r->dns_err : "no resolver");
		return;
	}
	if (egress_lookup(NULL, r->dns, NULL, ip, NULL, &e) < 0)
		snprintf(out, len, "(not an IP address)");
	else if (e.ptr < 0)
		snprintf(out, len, "lookup failed: %s", e.ptr_why);
	else if (e.ptr == 0)
		snprintf(out, len, "no PTR record");
	else if (e.confirmed == 1)
		snprintf(out, len, "%s (forward-confirmed)", e.name);
	else if (e.confirmed == 0)
		snprintf(out, len, "%s (not forward-confirmed: no %s record "
		    "of the name is %s)", e.name, strchr(ip, ':') ? "AAAA" :
		    "A", ip);
	else
		snprintf(out, len, "%s (forward confirmation undecided: a "
		    "lookup failed)", e.name);
}

static void
report_errors(FILE *fp, const struct bt_provider *p)
{
	char first[32], last[32], peak[32];
	time_t ph = 0;
	unsigned long pn;
	size_t c;

	fprintf(fp, "SMTP errors received from %s (%lu of %lu delivery "
	    "attempts failed):\n", p->name, p->failed, p->failed + p->sent);
	for (c = 0; c < BC_NCLASS; c++) {
		const struct bt_class *k = &p->cls[c];

		if (k->n == 0)
			continue;
		fprintf(fp, "\n  %s: %lu (", bounce_class_name((int)c), k->n);
		codes_text(fp, k);
		fprintf(fp, ")\n");
		samples_text(fp, k, BT_SAMPLES, "    ");
	}
	fprintf(fp, "\nTimeline (UTC):\n");
	for (c = 0; c < BC_NCLASS; c++) {
		const struct bt_class *k = &p->cls[c];

		if (k->n == 0)
			continue;
		pn = bouncetab_peak(k, &ph);
		bounceout_time(k->first, first, sizeof(first));
		bounceout_time(k->last, last, sizeof(last));
		bounceout_time(ph, peak, sizeof(peak));
		fprintf(fp, "  %s: started %s, peaked in the hour from %s "
		    "(%lu), last seen %s\n", bounce_class_name((int)c), first,
		    peak, pn, last);
	}
}

int
bounceout_report(FILE *fp, const struct bounce_report *r,
    const struct bt_provider *const *p, size_t n)
{
	char ptr[EGRESS_NAME + 128];
	const struct bt_provider *pv = NULL;
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(p[i]->name, r->provider) == 0)
			pv = p[i];
	if (pv == NULL)
		return -1;
	fprintf(fp, "To the %s postmaster team,\n\n", pv->name);
	fprintf(fp, "Company: %s\n", r->company ? r->company :
	    "(not configured: set report.company in senderlint.conf)");
	if (r->contact != NULL)
		fprintf(fp, "Contact: %s\n", r->contact);
	fprintf(fp, "\nMail domains (MAIL FROM and From of the messages "
	    "concerned):\n");
	for (i = 0; i < pv->ndomains; i++)
		fprintf(fp, "  %s\n", pv->domains[i].key);
	if (pv->ndomains == 0)
		fprintf(fp, "  (none seen in the log)\n");
	fprintf(fp, "\nSending servers (egress IPs and their reverse DNS):\n");
	for (i = 0; r->egress_ips != NULL && r->egress_ips[i] != NULL; i++) {
		rdns_text(r, r->egress_ips[i], ptr, sizeof(ptr));
		fprintf(fp, "  %s  %s\n", r->egress_ips[i], ptr);
	}
	if (r->egress_ips == NULL || r->egress_ips[0] == NULL)
		fprintf(fp, "  (not configured: set authentication.egress_ips "
		    "in senderlint.conf)\n");
	fprintf(fp, "\n");
	report_errors(fp, pv);
	fprintf(fp, "\nDescription: <what changed on our side, and what we "
	    "ask of you>\n");
	return 0;
}
