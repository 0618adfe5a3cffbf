/*
 * NAME
 *	metric - lock-free counters and latency histograms
 * DESCRIPTION
 *	See metric.h. Buckets are stored per bound (not cumulative) and
 *	summed when rendered; the sum is kept in microseconds.
 */
#include <stdatomic.h>

#include "metric.h"

static const double bounds[METRIC_BUCKETS] = {
	0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
};

struct hist {
	atomic_ulong	 bucket[METRIC_BUCKETS + 1];	/* last: above all */
	atomic_ullong	 sum_us;
};

static atomic_ulong counters[MC_COUNT];
static atomic_ulong store_ops[MS_COUNT], store_fail[MS_COUNT];
static struct hist hists[MH_COUNT];

static const struct {
	const char	*name;
	const char	*help;
} cinfo[MC_COUNT] = {
	[MC_DNS_QUERIES] = { "senderlint_dns_queries_total",
	    "DNS queries sent to the resolver (cache misses)." },
	[MC_DNS_CACHE_HITS] = { "senderlint_dns_cache_hits_total",
	    "DNS lookups answered from the cache." },
	[MC_DNS_FAILURES] = { "senderlint_dns_failures_total",
	    "DNS lookups that gave a temporary failure (timeouts included)." },
	[MC_DNS_TIMEOUTS] = { "senderlint_dns_timeouts_total",
	    "DNS lookups that timed out or found the time budget spent." },
};

static const char *const store_name[MS_COUNT] = {
	[MS_IDENTITY] = "identity",
	[MS_SUPPRESSION] = "suppression",
	[MS_UNSUBSCRIBE] = "unsubscribe_window",
};

static const struct {
	const char	*name;
	const char	*help;
} hinfo[MH_COUNT] = {
	[MH_VERDICT] = { "senderlint_verdict_seconds",
	    "Time from MAIL FROM to the verdict." },
	[MH_EOM] = { "senderlint_eom_seconds",
	    "Time spent in the end-of-message callback." },
};

void
metric_inc(enum metric_counter c)
{
	atomic_fetch_add_explicit(&counters[c], 1, memory_order_relaxed);
}

unsigned long
metric_get(enum metric_counter c)
{
	return atomic_load_explicit(&counters[c], memory_order_relaxed);
}

const double *
metric_bounds(void)
{
	return bounds;
}

void
metric_store(enum metric_store s, int rc)
{
	atomic_fetch_add_explicit(&store_ops[s], 1, memory_order_relaxed);
	if (rc < 0)
		atomic_fetch_add_explicit(&store_fail[s], 1,
		    memory_order_relaxed);
}

void
metric_observe(enum metric_hist h, double seconds)
{
	size_t i;

	if (!(seconds >= 0))	/* NaN or a clock step back */
		seconds = 0;
	for (i = 0; i < METRIC_BUCKETS && seconds > bounds[i]; i++)
		;
	atomic_fetch_add_explicit(&hists[h].bucket[i], 1,
	    memory_order_relaxed);
	atomic_fetch_add_explicit(&hists[h].sum_us,
	    (unsigned long long)(seconds * 1e6 + 0.5), memory_order_relaxed);
}

static void
render_counters(struct sbuf *b)
{
	size_t i;

	for (i = 0; i < MC_COUNT; i++)
		sbuf_printf(b, "# HELP %s %s\n# TYPE %s counter\n%s %lu\n",
		    cinfo[i].name, cinfo[i].help, cinfo[i].name, cinfo[i].name,
		    metric_get((enum metric_counter)i));
	sbuf_adds(b, "# HELP senderlint_store_operations_total Lookups and "
	    "updates of the stores.\n"
	    "# TYPE senderlint_store_operations_total counter\n");
	for (i = 0; i < MS_COUNT; i++)
		sbuf_printf(b, "senderlint_store_operations_total{store=\"%s\"} "
		    "%lu\n", store_name[i], atomic_load_explicit(&store_ops[i],
		    memory_order_relaxed));
	sbuf_adds(b, "# HELP senderlint_store_failures_total Store "
	    "operations that failed (temporary failure).\n"
	    "# TYPE senderlint_store_failures_total counter\n");
	for (i = 0; i < MS_COUNT; i++)
		sbuf_printf(b, "senderlint_store_failures_total{store=\"%s\"} "
		    "%lu\n", store_name[i], atomic_load_explicit(&store_fail[i],
		    memory_order_relaxed));
}

static void
render_hist(struct sbuf *b, size_t h)
{
	const char *n = hinfo[h].name;
	unsigned long cum = 0;
	size_t i;

	sbuf_printf(b, "# HELP %s %s\n# TYPE %s histogram\n", n,
	    hinfo[h].help, n);
	for (i = 0; i <= METRIC_BUCKETS; i++) {
		cum += atomic_load_explicit(&hists[h].bucket[i],
		    memory_order_relaxed);
		if (i < METRIC_BUCKETS)
			sbuf_printf(b, "%s_bucket{le=\"%g\"} %lu\n", n,
			    bounds[i], cum);
		else
			sbuf_printf(b, "%s_bucket{le=\"+Inf\"} %lu\n", n, cum);
	}
	sbuf_printf(b, "%s_sum %.6f\n%s_count %lu\n", n,
	    (double)atomic_load_explicit(&hists[h].sum_us,
	    memory_order_relaxed) / 1e6, n, cum);
}

void
metric_render(struct sbuf *b)
{
	size_t h;

	render_counters(b);
	for (h = 0; h < MH_COUNT; h++)
		render_hist(b, h);
}
