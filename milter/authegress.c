/*
 * NAME
 *	authegress - the egress.* facts: reverse DNS of the egress IPs
 * DESCRIPTION
 *	See authfacts.h. One egress_lookup() per configured egress IP
 *	(cached by TTL in the process's egress cache); a fact is TRUE when
 *	it holds for one IP (the detail names it), TEMPERROR when it could
 *	not be decided for one, else FALSE: fact_set() keeps the strongest.
 */
#include <stdio.h>

#include "authfacts.h"
#include "egress.h"
#include "fact.h"

static void
report_ptr(struct factset *fs, const char *ip, const struct egress_rdns *r)
{
	if (r->ptr < 0) {
		fact_set(fs, "egress.ptr.missing", FACT_TEMPERROR, 0,
		    "%s: PTR lookup failed (%s)", ip, r->ptr_why);
		fact_set(fs, "egress.ptr.mismatch", FACT_TEMPERROR, 0,
		    "%s: PTR lookup failed", ip);
		fact_set(fs, "egress.ptr.generic", FACT_TEMPERROR, 0,
		    "%s: PTR lookup failed", ip);
		return;
	}
	fact_set(fs, "egress.ptr.missing", r->ptr ? FACT_FALSE : FACT_TRUE, 0,
	    r->ptr ? "%s: %s" : "%s has no PTR record%s", ip,
	    r->ptr ? r->name : "");
	fact_set(fs, "egress.ptr.mismatch", r->confirmed < 0 ? FACT_TEMPERROR :
	    r->ptr && !r->confirmed ? FACT_TRUE : FACT_FALSE, 0,
	    "%s: PTR name %s %s", ip, r->ptr ? r->name : "(none)",
	    r->confirmed < 0 ? "could not be resolved now" : r->confirmed ?
	    "resolves back" : "does not resolve back to it");
	fact_set(fs, "egress.ptr.generic", r->generic ? FACT_TRUE : FACT_FALSE,
	    0, "%s: PTR name %s%s%s", ip, r->ptr ? r->name : "(none)",
	    r->generic ? " looks generic: " : "", r->generic_why);
}

static void
report_helo(struct factset *fs, const char *ip, const struct egress_rdns *r)
{
	if (r->helo == -2)
		return;
	fact_set(fs, "egress.helo.mismatch", r->helo < 0 ? FACT_TEMPERROR :
	    r->helo ? FACT_TRUE : FACT_FALSE, 0, "%s%s%s", r->helo ? "" : ip,
	    r->helo ? "" : ": HELO name matches", r->helo ? r->helo_why : "");
}

void
authegress_facts(struct factset *fs, struct egress *eg, struct dns *dns,
    const struct orgdom *psl, const struct authegress_in *in)
{
	struct egress_rdns r;
	char *const *ips = in->ips;
	size_t i;
	int got;

	for (i = 0; ips != NULL && ips[i] != NULL; i++) {
		if ((got = egress_lookup(eg, dns, psl, ips[i], in->helo,
		    &r)) < 0)
			continue;
		report_ptr(fs, ips[i], &r);
		report_helo(fs, ips[i], &r);
		if (got == 2 && in->refresh != NULL)
			in->refresh(in->arg, ips[i], in->helo);
	}
}
