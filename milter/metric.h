/*
 * NAME
 *	metric - lock-free counters and latency histograms for /metrics
 * SUMMARY
 *	metric_inc(MC_DNS_QUERIES);
 *	metric_store(MS_IDENTITY, rc);		rc: 1 / 0 / -1
 *	metric_observe(MH_EOM, seconds);
 *	metric_render(&sbuf);
 * DESCRIPTION
 *	The counters the lower layers bump (DNS, the stores) and the two
 *	latency histograms. Every update is one relaxed atomic add, so a
 *	milter thread never waits for a lock here and a scrape never delays
 *	one. Values live for the life of the process.
 *
 *	metric_store() counts one operation on a store and, when rc < 0 (a
 *	temporary failure, STYLE.md 4), one failure.
 *
 *	metric_render() appends the series in Prometheus text exposition
 *	format 0.0.4: counters, then each histogram as cumulative _bucket
 *	lines with le="..." ending with le="+Inf", _sum (seconds) and
 *	_count. _count is the +Inf bucket as read, so a scrape that races
 *	an update is still consistent (monotonic buckets, +Inf == _count);
 *	_sum may lead or trail it by the observations in flight.
 */
#ifndef SL_METRIC_H
#define SL_METRIC_H

#include "util.h"

enum metric_counter {
	MC_DNS_QUERIES,		/* sent to the resolver, cache misses */
	MC_DNS_CACHE_HITS,
	MC_DNS_FAILURES,	/* temporary failures, timeouts included */
	MC_DNS_TIMEOUTS,	/* per-query timeout or budget spent */
	MC_COUNT
};

enum metric_store {
	MS_IDENTITY,		/* identity store (identstore.c) */
	MS_SUPPRESSION,		/* suppression list (suppress.c) */
	MS_UNSUBSCRIBE,		/* unsubscribe window (unsubwin.c) */
	MS_COUNT
};

enum metric_hist {
	MH_VERDICT,		/* MAIL FROM to the verdict */
	MH_EOM,			/* the end-of-message callback */
	MH_COUNT
};

#define METRIC_BUCKETS	13	/* finite bucket bounds, +Inf extra */

void	metric_inc(enum metric_counter);
void	metric_store(enum metric_store, int rc);
void	metric_observe(enum metric_hist, double seconds);
void	metric_render(struct sbuf *);

/* For the unit test: the value of a counter, the bounds in seconds. */
unsigned long	metric_get(enum metric_counter);
const double	*metric_bounds(void);

#endif
