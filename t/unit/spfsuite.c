/*
 * The RFC 7208 SPF test suite (pyspf / OpenSPF, t/data/spf) through
 * senderlint's own DNS path: each scenario's zone data is loaded into a
 * static dns.c resolver, and spf_check() resolves through the same
 * libspf2 DNS layer the daemon uses. A case passes when the result is one
 * the suite allows. Cases listed in t/data/spf/deviations (name, result
 * we give, reason) are reported as such; a listed case that stops
 * deviating fails, so the list stays true.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns.h"
#include "dnszone.h"
#include "spf.h"
#include "spfrec.h"
#include "tap.h"

#define MAXF 8

struct dev {
	char	 name[64];
	char	 got[16];
	char	 why[256];
	int	 seen;
};

static struct dev devs[64];
static size_t ndevs;

static size_t
split(char *line, char **f)
{
	size_t n = 0;
	char *p = line;

	line[strcspn(line, "\n")] = '\0';
	f[n++] = p;
	while (n < MAXF && (p = strchr(p, '\t')) != NULL) {
		*p++ = '\0';
		f[n++] = p;
	}
	return n;
}

static void
load_devs(const char *path)
{
	char line[512], *f[MAXF];
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), fp) != NULL && ndevs < 64) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (split(line, f) < 3)
			continue;
		snprintf(devs[ndevs].name, sizeof(devs[0].name), "%s", f[0]);
		snprintf(devs[ndevs].got, sizeof(devs[0].got), "%s", f[1]);
		snprintf(devs[ndevs].why, sizeof(devs[0].why), "%s", f[2]);
		ndevs++;
	}
	fclose(fp);
}

static struct dev *
find_dev(const char *name)
{
	size_t i;

	for (i = 0; i < ndevs; i++)
		if (strcmp(devs[i].name, name) == 0)
			return &devs[i];
	return NULL;
}

static int
allowed(const char *want, const char *got)
{
	char buf[128], *t, *save;

	snprintf(buf, sizeof(buf), "%s", want);
	for (t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
		if (strcmp(t, got) == 0)
			return 1;
	return 0;
}

/* What libspf2 gets for a CIDR length of 0 (spfrec.h), per family. */
static const struct {
	const char	*rec;
	int		 v6;
	const char	*clean;
} zero[] = {
	{ "v=spf1 ip4:1.1.1.1/0 -all", 0,
	    "v=spf1 ip4:0.0.0.0/1 ip4:128.0.0.0/1 -all" },
	{ "v=spf1 -ip6:::1.1.1.1/0", 1, "v=spf1 -ip6:::/1 -ip6:8000::/1" },
	{ "v=spf1 a/0 -all", 0, "v=spf1 exists:%{d} -all" },
	{ "v=spf1 a/0 -all", 1, "v=spf1 a -all" },
	{ "v=spf1 ~a:e.example.com//0", 1,
	    "v=spf1 ~exists:e.example.com._sl-aaaa.invalid" },
	{ "v=spf1 a:e.example.com/24//0", 0, "v=spf1 a:e.example.com/24" },
	{ "v=spf1 mx:e.example.com/0 -all", 0,
	    "v=spf1 exists:e.example.com._sl-mx4.invalid -all" },
	{ "v=spf1 mx//0 -all", 1, "v=spf1 exists:%{d}._sl-mx6.invalid -all" },
	{ "v=spf1 a/24 mx//64 ip4:192.0.2.0/24", 0,
	    "v=spf1 a/24 mx//64 ip4:192.0.2.0/24" },
};

static void
zero_cidrs(void)
{
	struct spfrec r;
	char why[128], name[160];
	size_t i;

	for (i = 0; i < sizeof(zero) / sizeof(zero[0]); i++) {
		memset(&r, 0, sizeof(r));
		r.v6client = zero[i].v6;
		snprintf(name, sizeof(name), "CIDR 0 for libspf2, IPv%d client: %s",
		    zero[i].v6 ? 6 : 4, zero[i].rec);
		tap_is_str(spfrec_check(zero[i].rec, strlen(zero[i].rec), &r,
		    why, sizeof(why)) ? r.clean : why, zero[i].clean, name);
	}
}

int
main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "t/data/spf/rfc7208-tests.flat";
	char line[4096], name[160], why[200], *f[MAXF];
	struct dns *d = NULL;
	struct spf *s;
	struct dev *dv;
	FILE *fp;
	int pass = 0, total = 0, devd = 0, r, type;
	size_t i;

	zero_cidrs();
	load_devs("t/data/spf/deviations");
	if ((fp = fopen(path, "r")) == NULL) {
		perror(path);
		return 1;
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (split(line, f) < 2)
			continue;
		if (strcmp(f[0], "S") == 0) {
			dns_free(d);
			d = dns_new_static();
			continue;
		}
		if (strcmp(f[0], "R") == 0) {
			if (strcmp(f[2], "TIMEOUT") == 0)
				dns_static_add(d, f[1], 0, f[3]);
			else if ((type = dns_type_code(f[2])) > 0 &&
			    dns_static_add(d, f[1], type, f[3]) < 0)
				printf("# cannot load %s %s %s\n", f[1], f[2],
				    f[3]);
			continue;
		}
		if (strcmp(f[0], "T") != 0)
			continue;
		total++;
		s = spf_new(d);
		r = spf_check(s, f[2], f[3], f[4], why, sizeof(why));
		spf_free(s);
		snprintf(name, sizeof(name), "%s: %s from %s (helo %s)", f[1],
		    f[4][0] ? f[4] : "<>", f[2], f[3]);
		if (allowed(f[5], spf_result_name(r))) {
			pass++;
			if ((dv = find_dev(f[1])) != NULL) {
				dv->seen = 1;
				tap_ok(0, name);
				printf("#   listed as a deviation, but gave the "
				    "expected %s\n", spf_result_name(r));
				continue;
			}
			tap_ok(1, name);
			continue;
		}
		if ((dv = find_dev(f[1])) != NULL &&
		    strcmp(dv->got, spf_result_name(r)) == 0) {
			dv->seen = 1;
			devd++;
			tap_ok(1, name);
			printf("#   deviation: %s instead of %s: %s\n",
			    dv->got, f[5], dv->why);
			continue;
		}
		tap_ok(0, name);
		printf("#   expected: %s\n#        got: %s (%s)\n", f[5],
		    spf_result_name(r), why);
	}
	fclose(fp);
	dns_free(d);
	for (i = 0; i < ndevs; i++)
		if (!devs[i].seen) {
			tap_ok(0, devs[i].name);
			printf("#   listed in t/data/spf/deviations but not "
			    "in the suite\n");
		}
	printf("# RFC 7208 suite: %d of %d cases pass, %d listed "
	    "deviations\n", pass, total, devd);
	return tap_done();
}
