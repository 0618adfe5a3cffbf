/*
 * DKIM verification against the Mail::DKIM corpus (t/data/dkim) and the
 * RFC 8463 example: keys served by a static dns.c table through the same
 * libopendkim query hooks the daemon uses, messages fed through struct
 * msg as the milter feeds them. Our label per message: pass (a signature
 * verified), fail (bad signature or body hash), invalid (anything else
 * about signature or key), none (no DKIM-Signature). Cases where we
 * differ from Mail::DKIM's label are listed in t/data/dkim/deviations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dkim.h"
#include "dns.h"
#include "dnszone.h"
#include "mailfile.h"
#include "msg.h"
#include "tap.h"

struct dev {
	char	 name[64];
	char	 got[16];
	int	 seen;
};

static struct dev devs[64];
static size_t ndevs;
static struct dkimv *V;

struct verify {
	struct dkimmsg	*dm;
};

static void
raw_eoh(struct msg *m, void *arg)
{
	((struct verify *)arg)->dm = dkimmsg_new(V, m);
}

static void
raw_body(void *arg, const unsigned char *p, size_t n)
{
	struct verify *vf = arg;

	if (vf->dm != NULL)
		dkimmsg_body(vf->dm, p, n);
}

static const struct msg_raw_ops raw_ops = { raw_eoh, raw_body, NULL };

static void
load_keys(struct dns *d, const char *path)
{
	char line[8192], *sp;
	FILE *fp = fopen(path, "r");

	if (fp == NULL) {
		perror(path);
		exit(1);
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || (sp = strpbrk(line, " \t")) == NULL)
			continue;
		*sp++ = '\0';
		dns_static_add(d, line, DNS_TXT, sp + strspn(sp, " \t"));
	}
	fclose(fp);
}

static const char *
label(const char *path, char *detail, size_t dlen)
{
	struct mailfile mf;
	struct dkim_sig sigs[DKIM_MAX_SIGS];
	struct msg_limits lim = { 1000, 1024 * 1024, 100, NULL };
	struct msg *m;
	struct verify vf = { NULL };
	char err[256], *data;
	size_t len, n, i;
	int fail = 0, pass = 0;

	detail[0] = '\0';
	if (mailfile_read(&mf, path, err, sizeof(err)) < 0 ||
	    mailfile_next(&mf, &data, &len) != 1) {
		snprintf(detail, dlen, "cannot read: %s", err);
		return "unreadable";
	}
	m = msg_new(&lim);
	msg_observe_raw(m, &raw_ops, &vf);
	mailfile_feed(m, data, len, NULL);
	n = dkimmsg_finish(vf.dm, sigs, DKIM_MAX_SIGS);
	dkimmsg_free(vf.dm);
	msg_free(m);
	free(data);
	mailfile_clear(&mf);
	for (i = 0; i < n; i++) {
		size_t l = strlen(detail);

		snprintf(detail + l, dlen - l, "%sd=%s s=%s %s%s", l ? "; " : "",
		    sigs[i].domain, sigs[i].selector, sigs[i].verified ?
		    "verified" : sigs[i].fail, sigs[i].pass ? " (pass)" : "");
		if (sigs[i].verified)
			pass = 1;
		else if (strcmp(sigs[i].fail, "bad signature") == 0 ||
		    strcmp(sigs[i].fail, "body hash mismatch") == 0)
			fail = 1;
	}
	if (n == 0)
		return "none";
	return pass ? "pass" : fail ? "fail" : "invalid";
}

static void
load_devs(const char *path)
{
	char line[512];
	FILE *fp = fopen(path, "r");

	while (fp != NULL && fgets(line, sizeof(line), fp) != NULL &&
	    ndevs < 64)
		if (line[0] != '#' && sscanf(line, "%63s %15s",
		    devs[ndevs].name, devs[ndevs].got) == 2)
			ndevs++;
	if (fp != NULL)
		fclose(fp);
}

/* Every message's label and reasons, from the first run. */
struct seen {
	char	 name[512];
	char	 got[16];
	char	 detail[1024];
};

static struct seen firstrun[128];
static size_t nfirst;

static void
check(const char *dir, const char *name, const char *want)
{
	char path[512], detail[1024], tname[600];
	const char *got;
	size_t i;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	got = label(path, detail, sizeof(detail));
	if (nfirst < sizeof(firstrun) / sizeof(firstrun[0])) {
		snprintf(firstrun[nfirst].name, sizeof(firstrun[0].name), "%s",
		    path);
		snprintf(firstrun[nfirst].got, sizeof(firstrun[0].got), "%s",
		    got);
		snprintf(firstrun[nfirst++].detail, sizeof(firstrun[0].detail),
		    "%s", detail);
	}
	snprintf(tname, sizeof(tname), "%s: %s", name, want);
	for (i = 0; i < ndevs; i++)
		if (strcmp(devs[i].name, name) == 0) {
			devs[i].seen = 1;
			tap_ok(strcmp(devs[i].got, got) == 0, tname);
			printf("#   deviation: %s (%s); see "
			    "t/data/dkim/deviations\n", got, detail);
			return;
		}
	if (!tap_ok(strcmp(got, want) == 0, tname))
		printf("#   expected: %s\n#        got: %s (%s)\n", want, got,
		    detail);
}

int
main(void)
{
	struct dns *d = dns_new_static();
	char line[256], name[128], want[32];
	FILE *fp;
	size_t i;
	int total = 0;

	load_keys(d, "t/data/dkim/FAKE_DNS.opendkim-keyfile.txt");
	load_keys(d, "t/data/dkim/rfc8463-keys.opendkim-keyfile.txt");
	load_devs("t/data/dkim/deviations");
	V = dkimv_new(d);
	if ((fp = fopen("t/data/dkim/expected-results.txt", "r")) == NULL)
		return 1;
	while (fgets(line, sizeof(line), fp) != NULL)
		if (sscanf(line, "%127s %31s", name, want) == 2) {
			check("t/data/dkim/mail-dkim-corpus", name, want);
			total++;
		}
	fclose(fp);
	/* RFC 8463 appendix A: one ed25519 and one rsa-sha256 signature */
	check("t/data/dkim", "rfc6376.signed.msg", "pass");
	check("t/data/dkim", "rfc6376.signed.rsa.msg", "pass");
	for (i = 0; i < ndevs; i++)
		if (!devs[i].seen) {
			tap_ok(0, devs[i].name);
			printf("#   listed in t/data/dkim/deviations but not "
			    "run\n");
		}
	printf("# Mail::DKIM corpus: %d messages, %zu listed deviations\n",
	    total, ndevs);
	/* again, every key now decoded before (dkim.c's key cache) */
	for (i = 0; i < nfirst; i++) {
		char detail[1024];
		const char *got = label(firstrun[i].name, detail,
		    sizeof(detail));

		if (strcmp(got, firstrun[i].got) != 0 ||
		    strcmp(detail, firstrun[i].detail) != 0) {
			printf("# second run of %s: %s (%s), first: %s (%s)\n",
			    firstrun[i].name, got, detail, firstrun[i].got,
			    firstrun[i].detail);
			break;
		}
	}
	tap_ok(nfirst > 0 && i == nfirst, "a second run over the same "
	    "messages, with the keys already decoded, gives the same labels "
	    "and reasons");
	dkimv_free(V);
	dns_free(d);
	return tap_done();
}
