/*
 * NAME
 *	authdmarc - the DMARC and domain existence facts of one message
 * DESCRIPTION
 *	See authfacts.h. dmarc.c finds the policy record and says which
 *	identities are aligned; this file turns that into facts. An outcome
 *	dmarc.c could not decide (a DNS failure) makes every DMARC fact
 *	TEMPERROR. domain.nonexistent uses RFC 9989's test for a
 *	non-existent domain (NXDOMAIN for MX, A and AAAA), plus RFC 7505's
 *	null MX, which says the domain takes no mail.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "authfacts.h"
#include "dmarc.h"
#include "dns.h"
#include "fact.h"
#include "util.h"

static const char *const dmarc_facts[] = {
	"dmarc.record.missing", "dmarc.record.invalid", "dmarc.alignment.fail",
	"dmarc.alignment.both", "dmarc.orgdomain.disagree", "from.freemail"
};

static void
report_undecided(struct factset *fs)
{
	size_t i;

	for (i = 0; i < sizeof(dmarc_facts) / sizeof(dmarc_facts[0]); i++)
		fact_set(fs, dmarc_facts[i], FACT_TEMPERROR, 0, "%s",
		    "DNS failure");
}

static void
report_record(struct factset *fs, const struct dmarc_result *r,
    const char *from)
{
	fact_set(fs, "dmarc.record.missing", r->domain[0] == '\0' &&
	    !r->invalid && !r->multiple ? FACT_TRUE : FACT_FALSE, 0,
	    "%s%s", r->domain[0] ? "" : "no DMARC record for ", r->domain[0] ?
	    "" : from);
	fact_set(fs, "dmarc.record.invalid", r->invalid || r->multiple ?
	    FACT_TRUE : FACT_FALSE, 0, "%s", r->multiple ? "more than one "
	    "DMARC record" : r->invalid_why);
}

/* An unaligned result stays undecided while SPF or DKIM is undecided. */
static void
report_alignment(struct factset *fs, const struct dmarc_result *r,
    const struct authdmarc_in *in, const char *spf_dom)
{
	int fail = !r->spf_aligned && !r->dkim_aligned;
	int both = r->spf_aligned && r->dkim_aligned;
	int undecided = in->spf->temperror || in->dkim->temperror;

	fact_set(fs, "dmarc.alignment.fail", fail ? (undecided ?
	    FACT_TEMPERROR : FACT_TRUE) : FACT_FALSE, 0, "From domain %s is "
	    "aligned with %s%s%s%s%s (org domain %s, %s)", in->from,
	    r->spf_aligned ? "SPF " : "", r->spf_aligned ? spf_dom : "",
	    r->dkim_aligned ? (r->spf_aligned ? " and DKIM d=" : "DKIM d=") :
	    "", r->dkim_aligned ? r->dkim_aligned_domain : "", fail ?
	    "neither a passing SPF nor a passing DKIM identity" : "",
	    r->org_psl, r->rec.adkim_strict || r->rec.aspf_strict ?
	    "strict" : "relaxed");
	fact_set(fs, "dmarc.alignment.both", both ? FACT_TRUE : undecided ?
	    FACT_TEMPERROR : FACT_FALSE, 0, "%s", both ?
	    "SPF and DKIM aligned" : "");
	fact_set(fs, "dmarc.orgdomain.disagree",
	    strcasecmp(r->org_psl, r->org_tree) != 0 ? FACT_TRUE : FACT_FALSE,
	    0, "PSL: %s, DNS tree walk: %s", r->org_psl, r->org_tree);
}

/*
 * A provider's address in From whose DMARC policy rejects or quarantines,
 * unless a passing signature aligned with it travels along: mail a
 * provider's user wrote and signed there, forwarded or resent intact,
 * passes DMARC at the receiver.
 */
static void
report_freemail(struct factset *fs, const struct dmarc_result *r,
    const struct authdmarc_in *in)
{
	int fm = in->freemail && r->domain[0] != '\0' && !r->dkim_aligned &&
	    (r->policy == DMARC_QUARANTINE || r->policy == DMARC_REJECT);

	fact_set(fs, "from.freemail", fm ? FACT_TRUE : FACT_FALSE, 0,
	    "%s%s%s", fm ? in->from : "", fm ? " publishes p=" : "",
	    fm ? dmarc_policy_name(r->policy) : "");
}

void
authdmarc_facts(struct factset *fs, struct dns *dns, const struct orgdom *psl,
    const struct authdmarc_in *in)
{
	struct dmarc_result *r = xmalloc(sizeof(*r));
	const char *dk[DKIM_MAX_SIGS];
	const char *spf_dom = in->spf->pass_domain[0] ?
	    in->spf->pass_domain : NULL;
	size_t i;

	for (i = 0; i < in->dkim->npass; i++)
		dk[i] = in->dkim->pass[i];
	if (dmarc_eval(dns, psl, in->from, spf_dom, dk, in->dkim->npass,
	    r) < 0)
		report_undecided(fs);
	else {
		report_record(fs, r, in->from);
		report_alignment(fs, r, in, spf_dom);
		report_freemail(fs, r, in);
	}
	free(r);
}

/* 1 NXDOMAIN everywhere or a null MX, 0 exists, -1 temperror. */
static int
nonexistent(struct dns *d, const char *dom)
{
	static const int types[] = { DNS_MX, DNS_A, DNS_AAAA };
	const struct dns_answer *a;
	size_t i;
	int nx = 0, st;

	for (i = 0; i < 3; i++) {
		a = dns_query(d, dom, types[i]);
		st = a->status;
		if (i == 0 && st == DNS_OK && a->n == 1 && a->rr[0].len == 0) {
			dns_release(a);
			return 1;
		}
		dns_release(a);
		if (st == DNS_TEMPFAIL)
			return -1;
		nx += st == DNS_NXDOMAIN;
		if (st != DNS_NXDOMAIN)
			break;
	}
	return nx == 3;
}

void
authdmarc_nonexistent(struct factset *fs, struct dns *dns, const char *mfdom,
    const char *from)
{
	int nx1 = mfdom[0] ? nonexistent(dns, mfdom) : 0;
	int nx2 = from[0] ? nonexistent(dns, from) : 0;

	fact_set(fs, "domain.nonexistent", nx1 == 1 || nx2 == 1 ? FACT_TRUE :
	    nx1 < 0 || nx2 < 0 ? FACT_TEMPERROR : FACT_FALSE, 0,
	    "%s%s%s%s", nx1 == 1 ? mfdom : "", nx1 == 1 && nx2 == 1 ? ", " :
	    "", nx2 == 1 ? from : "", nx1 < 0 || nx2 < 0 ? "DNS failure" : "");
}
