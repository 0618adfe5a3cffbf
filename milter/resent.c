/*
 * NAME
 *	resent - Resent blocks (RFC 5322 3.6.6)
 * DESCRIPTION
 *	Each block of adjacent Resent-* fields must hold a Resent-Date and
 *	a Resent-From: rfc5322.resent.incomplete names the first that does
 *	not.
 */
#include <stdio.h>
#include <strings.h>

#include "checkrun.h"

void
resent_check(struct checkrun *cr)
{
	const struct msg *m = cr->m;
	size_t i = 0, j;
	int date, from;

	while (i < m->nhdr) {
		if (strncasecmp(m->hdr[i].name, "Resent-", 7) != 0) {
			i++;
			continue;
		}
		date = from = 0;
		for (j = i; j < m->nhdr &&
		    strncasecmp(m->hdr[j].name, "Resent-", 7) == 0; j++) {
			date |= strcasecmp(m->hdr[j].name, "Resent-Date") == 0;
			from |= strcasecmp(m->hdr[j].name, "Resent-From") == 0;
		}
		if (!date || !from) {
			fact_set(cr->fs, "rfc5322.resent.incomplete", FACT_TRUE,
			    0, "the Resent block at line %lu has no %s",
			    m->hdr[i].line, !date ? "Resent-Date" :
			    "Resent-From");
			return;
		}
		i = j;
	}
	fact_set(cr->fs, "rfc5322.resent.incomplete", FACT_FALSE, 0, NULL);
}
