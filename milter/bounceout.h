/*
 * NAME
 *	bounceout - senderlint-bounces' output: summary, JSON, report
 * DESCRIPTION
 *	bounceout_text() prints the per-provider summary: deliveries and
 *	failures, then per class the count, the codes by count, first and
 *	last seen, and the three most frequent replies verbatim (cut at
 *	BT_SAMPLE_LEN octets, non-printable octets as '?').
 *	bounceout_json() prints the same as one JSON object, with the
 *	input statistics and the suppression verdicts (applied or not).
 *
 *	bounceout_report() prints the letter a provider's postmasters ask
 *	for (Apple's postmaster page: company, mail domains, the IPs of the
 *	sending servers, the SMTP errors, when it started), plain text:
 *	the company and contact from the report section of the config,
 *	the sending domains seen in messages to that provider, each egress
 *	IP with its reverse DNS (below), the errors
 *	with counts and verbatim samples, and per class when it started,
 *	peaked (the busiest hour) and was last seen. Returns 0, or -1 when
 *	the log names no such provider (nothing printed).
 *
 *	The reverse DNS of each egress IP is looked up through r->dns (the
 *	configured nameservers, never /etc/hosts; egress.h) as the message
 *	path and senderlint-preflight see it: the PTR name and whether it
 *	is forward-confirmed, "no PTR record", or "lookup failed: why".
 *	r->dns NULL: every IP is "lookup failed: " r->dns_err.
 *
 *	Times are printed in UTC as YYYY-MM-DDThh:mm:ssZ.
 */
#ifndef SL_BOUNCEOUT_H
#define SL_BOUNCEOUT_H

#include <stdio.h>

#include "bouncetab.h"

struct dns;

struct bounce_input {
	unsigned long	 files;
	unsigned long	 lines;
	unsigned long	 garbage;
	char		 first_garbage[512];	/* "file:line", or "" */
	unsigned long	 deliveries;
};

struct bounce_report {
	const char	*company;	/* NULL: not configured */
	const char	*contact;
	const char	*const *egress_ips;	/* NULL-terminated, or NULL */
	const char	*provider;
	struct dns	*dns;		/* NULL: dns_err says why */
	const char	*dns_err;
};

void	bounceout_text(FILE *, const struct bounce_input *,
	    const struct bt_provider *const *, size_t);
void	bounceout_json(FILE *, const struct bounce_input *,
	    const struct bt_provider *const *, size_t,
	    const struct bt_verdict *, size_t, int applied);
int	bounceout_report(FILE *, const struct bounce_report *,
	    const struct bt_provider *const *, size_t);
void	bounceout_time(time_t, char *, size_t);

#endif
