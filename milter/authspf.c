/*
 * NAME
 *	authspf - the SPF facts of one message, from spf.c's results
 * DESCRIPTION
 *	See authfacts.h. SPF is evaluated as the receivers will: once per
 *	egress IP, for the MAIL FROM domain. A fact is TRUE when one egress
 *	IP got that result (spf.egress.pass: all of them did), and a FALSE
 *	becomes TEMPERROR when any IP's lookup failed for now.
 */
#include <stdio.h>

#include "authfacts.h"
#include "fact.h"
#include "spf.h"
#include "util.h"

static const char *const spf_facts[] = {
	"spf.egress.none", "spf.egress.neutral", "spf.egress.pass",
	"spf.egress.fail", "spf.egress.softfail", "spf.egress.temperror",
	"spf.egress.permerror"
};

/* What the egress IPs got: per result, whether seen and the details. */
struct spfscan {
	struct sbuf	 det[SPFR_PERMERROR + 1];
	int		 seen[SPFR_PERMERROR + 1];
	size_t		 nip, npass;
};

static void
evaluate(struct spfscan *sc, struct spf *spf, const struct authspf_in *in)
{
	char why[200];
	size_t k;
	int r;

	for (k = 0; in->egress_ips[k] != NULL; k++, sc->nip++) {
		r = spf_check(spf, in->egress_ips[k], in->helo, in->sender,
		    why, sizeof(why));
		sc->seen[r] = 1;
		sc->npass += r == SPFR_PASS;
		sbuf_printf(&sc->det[r], "%s%s %s for %s%s%s%s",
		    sc->det[r].len ? "; " : "", in->domain, spf_result_name(r),
		    in->egress_ips[k], why[0] ? " (" : "", why,
		    why[0] ? ")" : "");
	}
}

static void
report(struct factset *fs, const struct spfscan *sc)
{
	int i, v;

	for (i = 0; i <= SPFR_PERMERROR; i++) {
		v = sc->seen[i] ? FACT_TRUE : FACT_FALSE;
		if (i == SPFR_PASS)
			v = sc->npass == sc->nip ? FACT_TRUE : FACT_FALSE;
		if (v == FACT_FALSE && sc->seen[SPFR_TEMPERROR])
			v = FACT_TEMPERROR;
		fact_set(fs, spf_facts[i], v, 0, "%s", sc->det[i].s);
	}
}

void
authspf_facts(struct factset *fs, struct spf *spf,
    const struct authspf_in *in, struct authspf_out *out)
{
	struct spfscan sc = { 0 };
	int i;

	out->pass_domain[0] = '\0';
	out->temperror = 0;
	if (in->egress_ips == NULL || in->egress_ips[0] == NULL)
		return;
	fact_set(fs, "spf.domain.unlisted", in->unlisted ? FACT_TRUE :
	    FACT_FALSE, 0, "%s", in->unlisted ? in->domain : "");
	if (in->unlisted)
		return;
	for (i = 0; i <= SPFR_PERMERROR; i++)
		sbuf_init(&sc.det[i], SL_MAX_DETAIL);
	evaluate(&sc, spf, in);
	report(fs, &sc);
	for (i = 0; i <= SPFR_PERMERROR; i++)
		sbuf_clear(&sc.det[i]);
	out->temperror = sc.seen[SPFR_TEMPERROR];
	if (sc.npass == sc.nip)
		snprintf(out->pass_domain, sizeof(out->pass_domain), "%s",
		    in->domain);
}
