/* Fact machinery: registry, values, strength, tri-state glob matching. */
#include "fact.h"
#include "tap.h"

static int seen;

static void
count(void *arg, const struct fact *f)
{
	(void)arg;
	(void)f;
	seen++;
}

int
main(void)
{
	static const char *const required[] = { "rfc5322.from.missing",
	    "rfc5322.from.multiple", "rfc5322.date.missing",
	    "rfc5322.message-id.missing", "rfc5322.singleton.multiple",
	    "rfc5322.line.too-long", "unsub.missing", NULL };
	static struct factset fs;
	const struct fact_info *fi;
	const struct fact *f;
	char name[128], longdetail[1000];
	size_t i, n;

	for (i = 0; required[i] != NULL; i++) {
		snprintf(name, sizeof(name), "registry has %s", required[i]);
		tap_ok(fact_info(required[i]) != NULL, name);
	}
	tap_ok(fact_info("rfc5322.nope") == NULL, "unknown id is not in the registry");
	n = fact_registry(&fi);
	for (i = 0; i < n; i++)
		if (fi[i].summary[0] == '\0' || fi[i].source[0] == '\0')
			break;
	tap_is_int((long)i, (long)n, "every registered fact has a summary and a source");

	tap_ok(fact_glob_known("rfc5322.*"), "glob rfc5322.* names known facts");
	tap_ok(fact_glob_known("unsub.missing"), "an exact id is a glob too");
	tap_ok(!fact_glob_known("arc.*"), "glob arc.* names no fact");
	tap_ok(fact_glob_known("dkim.*"), "glob dkim.* names facts");

	factset_init(&fs);
	fact_set(&fs, "rfc5322.from.multiple", FACT_TRUE, 2, "%d From fields", 2);
	fact_set(&fs, "unsub.missing", FACT_FALSE, 0, NULL);
	f = fact_get(&fs, "rfc5322.from.multiple");
	tap_ok(f != NULL && f->val == FACT_TRUE && f->num == 2, "fact_set stores value and number");
	tap_is_str(f ? f->detail : NULL, "2 From fields", "fact_set formats the detail");
	tap_is_str(fact_get(&fs, "unsub.missing")->detail, "", "no detail for a false fact");

	/* strength: TRUE > TEMPERROR > FALSE, one entry per id */
	fact_set(&fs, "unsub.missing", FACT_TEMPERROR, 0, "lookup failed");
	tap_is_int(fact_get(&fs, "unsub.missing")->val, FACT_TEMPERROR, "temperror beats false");
	fact_set(&fs, "unsub.missing", FACT_FALSE, 0, NULL);
	tap_is_int(fact_get(&fs, "unsub.missing")->val, FACT_TEMPERROR, "false does not beat temperror");
	fact_set(&fs, "unsub.missing", FACT_TRUE, 0, "found");
	tap_is_int(fact_get(&fs, "unsub.missing")->val, FACT_TRUE, "true beats temperror");
	tap_is_int((long)fs.n, 2, "setting a fact again keeps one entry");

	memset(longdetail, 'x', sizeof(longdetail) - 1);
	longdetail[sizeof(longdetail) - 1] = '\0';
	f = fact_set(&fs, "rfc5322.date.missing", FACT_TRUE, 0, "%s", longdetail);
	tap_is_int((long)strlen(f->detail), SL_MAX_DETAIL, "details are cut at SL_MAX_DETAIL");

	/* tri-state matching */
	factset_init(&fs);
	fact_set(&fs, "rfc5322.from.missing", FACT_FALSE, 0, NULL);
	fact_set(&fs, "unsub.missing", FACT_TEMPERROR, 0, NULL);
	tap_is_int(fact_match(&fs, "rfc5322.*", NULL, NULL), 0, "match: only false facts give 0");
	tap_is_int(fact_match(&fs, "unsub.*", NULL, NULL), -1, "match: a temperror fact gives -1");
	fact_set(&fs, "unsub.multiple", FACT_TRUE, 2, NULL);
	tap_is_int(fact_match(&fs, "unsub.*", NULL, NULL), 1, "match: a true fact beats a temperror one");
	fact_set(&fs, "rfc5322.from.multiple", FACT_TRUE, 2, NULL);
	fact_set(&fs, "rfc5322.date.missing", FACT_TRUE, 0, NULL);
	seen = 0;
	fact_match(&fs, "rfc5322.*", count, NULL);
	tap_is_int(seen, 2, "match: the callback sees every true match");
	tap_is_int(fact_match(&fs, "RFC5322.FROM.MULTIPLE", NULL, NULL), 1, "match: globs ignore case");
	return tap_done();
}
