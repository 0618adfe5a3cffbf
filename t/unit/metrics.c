/*
 * The Prometheus renderer (stats.c, metric.c): every rule of the loaded
 * set present with zero, counts after known verdicts, a reload that drops
 * a rule, histogram buckets cumulative with +Inf equal to _count, and
 * every sample line well-formed and preceded by its TYPE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fact.h"
#include "listenaddr.h"
#include "metric.h"
#include "rule.h"
#include "stats.h"
#include "tap.h"
#include "util.h"

static const char rules1[] =
    "version: 1\n"
    "rules:\n"
    "  - id: r-enforced\n"
    "    any: [ rfc5322.from.missing ]\n"
    "    action: reject\n"
    "  - id: r-monitor\n"
    "    any: [ rfc5322.from.multiple ]\n"
    "    action: hold\n"
    "    mode: monitor\n";

static const char rules2[] =
    "version: 1\n"
    "rules:\n"
    "  - id: r-new\n"
    "    any: [ rfc5322.from.missing ]\n"
    "    action: tag\n";

static struct ruleset *
parse(const char *text)
{
	struct diag d;
	struct ruleset *rs;

	diag_init(&d);
	rs = ruleset_parse("t", text, strlen(text), 100000, 1000, &d);
	if (rs == NULL && d.n > 0)
		printf("# %s\n", d.msgs[0]);
	diag_clear(&d);
	return rs;
}

static char *
scrape(void)
{
	struct sbuf b;
	char *s;

	sbuf_init(&b, 4 * 1024 * 1024);
	stats_render(&b);
	s = xstrdup(b.s);
	sbuf_clear(&b);
	return s;
}

/* The value of the sample line that starts with series, or -1. */
static double
value(const char *text, const char *series)
{
	const char *p = text;
	size_t n = strlen(series);

	while ((p = strstr(p, series)) != NULL) {
		if ((p == text || p[-1] == '\n') && p[n] == ' ')
			return strtod(p + n + 1, NULL);
		p += n;
	}
	return -1;
}

static void
is_value(const char *text, const char *series, double want)
{
	double got = value(text, series);

	if (!tap_ok(got == want, series))
		printf("#   expected: %g\n#        got: %g\n", want, got);
}

/* Sample lines: name[{labels}] value, the name declared by a TYPE line. */
static int
well_formed(const char *text)
{
	char line[1024], name[256], types[64 * 1024] = " ";
	const char *p = text, *e;
	size_t n, k;

	for (; *p != '\0'; p = e + 1) {
		if ((e = strchr(p, '\n')) == NULL || (n = (size_t)(e - p))
		    >= sizeof(line))
			return 0;
		memcpy(line, p, n);
		line[n] = '\0';
		if (sscanf(line, "# TYPE %255s", name) == 1) {
			snprintf(types + strlen(types), sizeof(types) -
			    strlen(types), "%s ", name);
			continue;
		}
		if (line[0] == '#')
			continue;
		k = strcspn(line, "{ ");
		snprintf(name, sizeof(name), " %.*s ", (int)k, line);
		if (strstr(types, name) == NULL) {
			/* histogram series: strip _bucket, _sum, _count */
			char *u = strrchr(name, '_');

			if (u == NULL)
				return 0;
			u[0] = ' ';
			u[1] = '\0';
			if (strstr(types, name) == NULL) {
				printf("# undeclared: %s\n", line);
				return 0;
			}
		}
		if (strchr(line, ' ') == NULL)
			return 0;
	}
	return 1;
}

static void
test_rules(void)
{
	struct ruleset *rs1 = parse(rules1), *rs2 = parse(rules2);
	struct verdict v;
	struct factset fs;
	char *s;

	tap_ok(rs1 != NULL && rs2 != NULL, "the rule sets load");
	stats_rules(rs1, 0);
	s = scrape();
	is_value(s, "senderlint_rule_hits_total{rule=\"r-enforced\","
	    "mode=\"enforce\",action=\"reject\"}", 0);
	is_value(s, "senderlint_rule_hits_total{rule=\"r-monitor\","
	    "mode=\"monitor\",action=\"hold\"}", 0);
	is_value(s, "senderlint_rule_undecided_total{rule=\"r-monitor\"}", 0);
	is_value(s, "senderlint_facts_total{fact=\"rfc5322.from.missing\"}",
	    0);
	tap_ok(well_formed(s), "every sample line is declared by a TYPE line");
	free(s);

	memset(&v, 0, sizeof(v));
	v.action = ACT_REJECT;
	v.stream = "news";
	v.nhits = 2;
	v.hits[0].rule = "r-enforced";
	v.hits[0].action = ACT_REJECT;
	v.hits[1].rule = "r-monitor";
	v.hits[1].undecided = 1;
	factset_init(&fs);
	fact_set(&fs, "rfc5322.from.missing", FACT_TRUE, 0, NULL);
	stats_message(&v, &fs);
	stats_message(&v, &fs);
	s = scrape();
	is_value(s, "senderlint_messages_total{action=\"reject\"}", 2);
	is_value(s, "senderlint_stream_messages_total{stream=\"news\","
	    "action=\"reject\"}", 2);
	is_value(s, "senderlint_rule_hits_total{rule=\"r-enforced\","
	    "mode=\"enforce\",action=\"reject\"}", 2);
	is_value(s, "senderlint_rule_undecided_total{rule=\"r-monitor\"}", 2);
	is_value(s, "senderlint_facts_total{fact=\"rfc5322.from.missing\"}",
	    2);
	free(s);

	stats_rules(rs2, 1);
	s = scrape();
	tap_ok(strstr(s, "r-enforced") == NULL,
	    "after a reload the dropped rule is not rendered");
	is_value(s, "senderlint_rule_hits_total{rule=\"r-new\","
	    "mode=\"monitor\",action=\"tag\"}", 0);
	free(s);
	stats_rules(rs1, 0);
	s = scrape();
	is_value(s, "senderlint_rule_hits_total{rule=\"r-enforced\","
	    "mode=\"enforce\",action=\"reject\"}", 2);
	free(s);
	ruleset_free(rs1);
	ruleset_free(rs2);
}

static void
test_histogram(void)
{
	static const double obs[] = { 0, 0.001, 0.0011, 0.3, 2, 11, 99 };
	char *s, series[128];
	double prev = 0, cur, sum = 0;
	size_t i;
	int mono = 1;

	for (i = 0; i < sizeof(obs) / sizeof(obs[0]); i++) {
		metric_observe(MH_EOM, obs[i]);
		sum += obs[i];
	}
	s = scrape();
	for (i = 0; i < METRIC_BUCKETS; i++) {
		snprintf(series, sizeof(series),
		    "senderlint_eom_seconds_bucket{le=\"%g\"}",
		    metric_bounds()[i]);
		cur = value(s, series);
		mono = mono && cur >= prev;
		prev = cur;
	}
	tap_ok(mono, "eom buckets are cumulative (never decrease)");
	is_value(s, "senderlint_eom_seconds_bucket{le=\"0.001\"}", 2);
	is_value(s, "senderlint_eom_seconds_bucket{le=\"0.5\"}", 4);
	is_value(s, "senderlint_eom_seconds_bucket{le=\"10\"}", 5);
	is_value(s, "senderlint_eom_seconds_bucket{le=\"+Inf\"}", 7);
	is_value(s, "senderlint_eom_seconds_count", 7);
	cur = value(s, "senderlint_eom_seconds_sum");
	if (!tap_ok(cur > sum - 0.001 && cur < sum + 0.001,
	    "_sum is the sum of the observations"))
		printf("#   expected: %f\n#        got: %f\n", sum, cur);
	is_value(s, "senderlint_verdict_seconds_count", 0);
	free(s);
}

static void
test_counters(void)
{
	char *s;

	metric_inc(MC_DNS_QUERIES);
	metric_inc(MC_DNS_TIMEOUTS);
	metric_store(MS_SUPPRESSION, 1);
	metric_store(MS_SUPPRESSION, -1);
	metric_store(MS_IDENTITY, 0);
	s = scrape();
	is_value(s, "senderlint_dns_queries_total", 1);
	is_value(s, "senderlint_dns_timeouts_total", 1);
	is_value(s, "senderlint_dns_cache_hits_total", 0);
	is_value(s, "senderlint_store_operations_total{store=\"suppression\"}",
	    2);
	is_value(s, "senderlint_store_failures_total{store=\"suppression\"}",
	    1);
	is_value(s, "senderlint_store_failures_total{store=\"identity\"}", 0);
	is_value(s, "senderlint_store_operations_total{store="
	    "\"unsubscribe_window\"}", 0);
	tap_ok(well_formed(s), "still well-formed with every series filled");
	free(s);
}

/* listenaddr: what parses, and what counts as loopback. */
static void
test_listenaddr(void)
{
	static const struct {
		const char	*spec;
		int		 rc, loopback;
	} t[] = {
		{ "inet:127.0.0.1:9469", 0, 1 },
		{ "inet:127.255.0.9:1", 0, 1 },
		{ "inet:128.0.0.1:9469", 0, 0 },
		{ "inet:0.0.0.0:9469", 0, 0 },
		{ "inet:[::1]:9469", 0, 1 },
		{ "inet:[::ffff:127.0.0.1]:9469", 0, 1 },
		{ "inet:[::ffff:192.0.2.1]:9469", 0, 0 },
		{ "inet:[::]:9469", 0, 0 },
		{ "inet:[2001:db8::1]:65535", 0, 0 },
		{ "unix:/run/senderlint/metrics.sock", 0, 1 },
		{ "inet:127.0.0.1:65536", -1, 0 },
		{ "inet:127.0.0.1:0", -1, 0 },
		{ "inet:127.0.0.1:", -1, 0 },
		{ "inet:127.0.0.1:9x", -1, 0 },
		{ "inet:127.0.0.1", -1, 0 },
		{ "inet:::1:9469", -1, 0 },
		{ "inet:[::1:9469", -1, 0 },
		{ "inet:[127.0.0.1]:9469", -1, 0 },
		{ "inet:localhost:9469", -1, 0 },
		{ "inet::9469", -1, 0 },
		{ "unix:rel.sock", -1, 0 },
		{ "tcp:127.0.0.1:9469", -1, 0 },
	};
	struct listenaddr la;
	char err[256], name[128];
	size_t i;
	int rc;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		rc = listenaddr_parse(t[i].spec, &la, err, sizeof(err));
		snprintf(name, sizeof(name), "listenaddr %s: %s", t[i].spec,
		    t[i].rc < 0 ? "refused" : t[i].loopback ? "loopback" :
		    "not loopback");
		if (!tap_ok(rc == t[i].rc && (rc < 0 ||
		    la.loopback == t[i].loopback), name))
			printf("#   expected: rc %d loopback %d\n"
			    "#        got: rc %d loopback %d (%s)\n", t[i].rc,
			    t[i].loopback, rc, la.loopback, rc < 0 ? err : "");
	}
}

int
main(void)
{
	test_listenaddr();
	test_rules();
	test_histogram();
	test_counters();
	return tap_done();
}
