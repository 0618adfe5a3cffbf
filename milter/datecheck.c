/*
 * NAME
 *	datecheck - the Date field (RFC 5322 3.3, 3.6.1, 4.3; Yahoo)
 * DESCRIPTION
 *	rfc5322.date.syntax	the first Date does not parse
 *	rfc5322.date.invalid	it parses but names no real instant
 *	rfc5322.date.skew	it lies outside [now - past, now + future]
 *	Resent-Date fields are parsed for obsolete syntax only.
 */
#include <stdio.h>
#include <strings.h>

#include "checkrun.h"
#include "date.h"

static void
span(long s, char *buf, size_t len)
{
	if (s < 120)
		snprintf(buf, len, "%ld s", s);
	else if (s < 7200)
		snprintf(buf, len, "%ld min", s / 60);
	else if (s < 172800)
		snprintf(buf, len, "%ld h", s / 3600);
	else
		snprintf(buf, len, "%ld days", s / 86400);
}

void
date_check(struct checkrun *cr)
{
	const struct header *h = cr->hv->date_h;
	const struct date *first = &cr->hv->date;
	char off[32], lim[32];
	struct date d = { 0 };
	size_t i;
	long diff;

	if (h == NULL || !first->syntax_ok)
		fact_set(cr->fs, "rfc5322.date.syntax", h ? FACT_TRUE :
		    FACT_FALSE, 0, h ? "Date: %s" : NULL, h ? first->why : "");
	else
		fact_set(cr->fs, "rfc5322.date.syntax", FACT_FALSE, 0, NULL);
	if (h != NULL && first->syntax_ok && first->invalid)
		fact_set(cr->fs, "rfc5322.date.invalid", FACT_TRUE, 0,
		    "Date: %s", first->why);
	else
		fact_set(cr->fs, "rfc5322.date.invalid", FACT_FALSE, 0, NULL);
	if (h != NULL && first->syntax_ok && first->obs)
		check_obsolete(cr, "Date", "obsolete date-time form (2-digit "
		    "year, named zone or comment inside)");
	diff = h != NULL && first->syntax_ok && !first->invalid ?
	    (long)(first->t - cr->cc->now) : 0;
	if (diff < -cr->cc->date_past) {
		span(-diff, off, sizeof(off));
		span(cr->cc->date_past, lim, sizeof(lim));
		fact_set(cr->fs, "rfc5322.date.skew", FACT_TRUE, diff,
		    "Date is %s in the past (limit %s)", off, lim);
	} else if (diff > cr->cc->date_future) {
		span(diff, off, sizeof(off));
		span(cr->cc->date_future, lim, sizeof(lim));
		fact_set(cr->fs, "rfc5322.date.skew", FACT_TRUE, diff,
		    "Date is %s in the future (limit %s)", off, lim);
	} else
		fact_set(cr->fs, "rfc5322.date.skew", FACT_FALSE, diff, NULL);
	for (i = 0; i < cr->m->nhdr; i++) {
		h = &cr->m->hdr[i];
		if (strcasecmp(h->name, "Resent-Date") != 0)
			continue;
		date_parse(h->value, h->valuelen, &d);
		if (d.syntax_ok && d.obs)
			check_obsolete(cr, "Resent-Date", "obsolete date-time "
			    "form");
	}
}
