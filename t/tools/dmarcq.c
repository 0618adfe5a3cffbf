/*
 * dmarcq - DMARC evaluation over a static zone, for the vector tests.
 *
 * Reads commands on standard input, one per line, tab-separated:
 *	ZONE <name> <type> <data>	a record (TXT strings already joined)
 *	FROM <domain>			the From domain
 *	SPF <domain>			a passing SPF identity
 *	DKIM <domain>			a passing DKIM d=
 *	RUN				evaluate, print, forget FROM/SPF/DKIM
 * and prints for each RUN one line of key=value pairs: status, policy
 * (absent when no record applies), domain, org_psl, org_tree,
 * spf_aligned, dkim_aligned, invalid, walked (comma-separated).
 * The PSL is the one in t/data/psl.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmarc.h"
#include "dns.h"
#include "dnszone.h"
#include "orgdom.h"

static const char *
status_name(int s)
{
	switch (s) {
	case DMARC_R_PASS:	return "pass";
	case DMARC_R_FAIL:	return "fail";
	case DMARC_R_TEMPERROR:	return "temperror";
	default:		return "none";
	}
}

int
main(int argc, char **argv)
{
	struct dns *d = dns_new_static();
	struct dmarc_result r;
	struct orgdom *psl;
	char line[8192], from[256] = "", spf[256] = "", err[256];
	char dk[8][256], *f[4], *p;
	const char *dkp[8];
	size_t ndk = 0, n, i;
	int k;

	psl = orgdom_open(argc > 1 ? argv[1] : "t/data/psl/public_suffix_list.dat",
	    err, sizeof(err));
	if (psl == NULL) {
		fprintf(stderr, "dmarcq: %s\n", err);
		return 2;
	}
	while (fgets(line, sizeof(line), stdin) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		for (n = 0, p = line; n < 4; n++) {
			f[n] = p;
			if (n < 3 && (p = strchr(p, '\t')) != NULL)
				*p++ = '\0';
			else {
				n++;
				break;
			}
		}
		if (strcmp(f[0], "ZONE") == 0 && n == 4)
			dns_static_add(d, f[1], dns_type_code(f[2]), f[3]);
		else if (strcmp(f[0], "FROM") == 0 && n >= 2)
			snprintf(from, sizeof(from), "%s", f[1]);
		else if (strcmp(f[0], "SPF") == 0 && n >= 2)
			snprintf(spf, sizeof(spf), "%s", f[1]);
		else if (strcmp(f[0], "DKIM") == 0 && n >= 2 && ndk < 8)
			snprintf(dk[ndk++], sizeof(dk[0]), "%s", f[1]);
		else if (strcmp(f[0], "RUN") == 0) {
			for (i = 0; i < ndk; i++)
				dkp[i] = dk[i];
			dmarc_eval(d, psl, from, spf[0] ? spf : NULL, dkp, ndk,
			    &r);
			printf("status=%s", status_name(r.status));
			if (r.domain[0] != '\0')
				printf(" policy=%s domain=%s",
				    dmarc_policy_name(r.policy), r.domain);
			printf(" org_psl=%s org_tree=%s spf_aligned=%d "
			    "dkim_aligned=%d invalid=%d multiple=%d walked=",
			    r.org_psl, r.org_tree, r.spf_aligned,
			    r.dkim_aligned, r.invalid, r.multiple);
			for (k = 0; k < r.nwalked; k++)
				printf("%s%s", k ? "," : "", r.walked[k]);
			printf("\n");
			fflush(stdout);
			from[0] = spf[0] = '\0';
			ndk = 0;
			dns_free(d);
			d = dns_new_static();
		}
	}
	dns_free(d);
	orgdom_close(psl);
	return 0;
}
