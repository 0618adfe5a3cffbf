/* DMARC records (RFC 7489 6.3/6.4 and Appendix B; RFC 9989 np, psd, t). */
#include "dmarcrec.h"
#include "tap.h"

static const struct {
	const char *in;
	int ok, p, sp, np, adkim, aspf, pct;
	const char *why;
} cases[] = {
	/* RFC 7489 Appendix B.2 */
	{ "v=DMARC1; p=none; rua=mailto:dmarc-feedback@example.com", 1, DMARC_NONE, DMARC_NONE, DMARC_NONE, 0, 0, 100, NULL },
	{ "v=DMARC1; p=none; rua=mailto:dmarc-feedback@example.com; ruf=mailto:auth-reports@example.com",
	    1, DMARC_NONE, DMARC_NONE, DMARC_NONE, 0, 0, 100, NULL },
	{ "v=DMARC1; p=quarantine; rua=mailto:dmarc-feedback@example.com; ruf=mailto:auth-reports@thirdparty.example.net; pct=25",
	    1, DMARC_QUARANTINE, DMARC_QUARANTINE, DMARC_QUARANTINE, 0, 0, 25, NULL },
	{ "v=DMARC1;p=reject;sp=none;adkim=s;aspf=s", 1, DMARC_REJECT, DMARC_NONE, DMARC_NONE, 1, 1, 100, NULL },
	{ "v=DMARC1; p=reject; np=quarantine; psd=n; t=y;", 1, DMARC_REJECT, DMARC_REJECT, DMARC_QUARANTINE, 0, 0, 100, NULL },
	{ "  v=DMARC1 ;  p = Reject ; fo=1:d ; rf=afrf; ri=86400; x-future=1", 1, DMARC_REJECT, DMARC_REJECT, DMARC_REJECT, 0, 0, 100, NULL },
	{ "v=DMARC1; rua=mailto:r@example.com", 1, DMARC_NONE, DMARC_NONE, DMARC_NONE, 0, 0, 100, NULL },
	{ "v=DMARC1; rua=mailto:a@example.com!10m, mailto:b@example.net; p=none", 1, DMARC_NONE, DMARC_NONE, DMARC_NONE, 0, 0, 100, NULL },
	{ "", 0, 0, 0, 0, 0, 0, 0, "empty record" },
	{ "v=DMARC1", 0, 0, 0, 0, 0, 0, 0, "no p= tag (and no rua=)" },
	{ "p=reject; v=DMARC1", 0, 0, 0, 0, 0, 0, 0, "the record must start with v=DMARC1, not \"p=reject; v=DMARC1\"" },
	{ "v=DMARC2; p=reject", 0, 0, 0, 0, 0, 0, 0, NULL },
	{ "v=dmarc1; p=reject", 0, 0, 0, 0, 0, 0, 0, NULL },
	{ "v=DMA", 0, 0, 0, 0, 0, 0, 0, "the record must start with v=DMARC1, not \"v=DMA\"" },
	{ "v=DMARC1; p=block", 0, 0, 0, 0, 0, 0, 0, "bad p= value \"block\"" },
	{ "v=DMARC1; p=reject; adkim=relaxed", 0, 0, 0, 0, 0, 0, 0, "alignment mode must be r or s, not \"relaxed\"" },
	{ "v=DMARC1; p=reject; pct=101", 0, 0, 0, 0, 0, 0, 0, "pct= must be 0 to 100, not \"101\"" },
	{ "v=DMARC1; p=reject; pct=-1", 0, 0, 0, 0, 0, 0, 0, NULL },
	{ "v=DMARC1; p=reject; rua=https://example.com/r", 0, 0, 0, 0, 0, 0, 0, "bad report URI list \"https://example.com/r\"" },
	{ "v=DMARC1; p=reject; p=none", 0, 0, 0, 0, 0, 0, 0, "this tag appears twice: \"p\"" },
	{ "v=DMARC1; p reject", 0, 0, 0, 0, 0, 0, 0, "expected tag=value at \"p reject\"" },
	{ "v=DMARC1; p=reject; psd=x", 0, 0, 0, 0, 0, 0, 0, "psd= must be y, n or u, not \"x\"" },
};

int
main(void)
{
	struct dmarcrec r;
	char name[256], *in;
	size_t i, len;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		in = tap_exact(cases[i].in, &len);
		snprintf(name, sizeof(name), "[%s] %s", cases[i].in, cases[i].ok ? "valid" : "invalid");
		if (!tap_ok((dmarcrec_parse(in, len, &r) == 0) == cases[i].ok, name))
			printf("#   why: %s\n", r.why);
		if (cases[i].ok) {
			snprintf(name, sizeof(name), "[%s] p sp np adkim aspf pct", cases[i].in);
			tap_ok(r.p == cases[i].p && r.sp == cases[i].sp && r.np == cases[i].np &&
			    r.adkim_strict == cases[i].adkim && r.aspf_strict == cases[i].aspf &&
			    r.pct == cases[i].pct, name);
		} else if (cases[i].why) {
			snprintf(name, sizeof(name), "[%s] reason", cases[i].in);
			tap_is_str(r.why, cases[i].why, name);
		}
		free(in);
	}
	tap_ok(dmarcrec_is_dmarc("v=DMARC1; p=none", 16), "is_dmarc: a DMARC record");
	tap_ok(!dmarcrec_is_dmarc("v=spf1 -all", 11), "is_dmarc: an SPF record is not");
	tap_ok(!dmarcrec_is_dmarc("v=DMARC10", 9), "is_dmarc: v=DMARC10 is not");
	return tap_done();
}
