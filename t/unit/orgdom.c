/*
 * RFC 7489 3.2 organizational domains: the publicsuffix/list tests.txt
 * cases ("input expected", "null" for none) against the list they were
 * written for (t/data/psl).
 */
#include "orgdom.h"
#include "tap.h"

int
main(void)
{
	char line[1024], in[512], want[512], got[512], name[1200], err[256];
	struct orgdom *o;
	FILE *fp;
	int n = 0;

	o = orgdom_open("t/data/psl/public_suffix_list.dat", err, sizeof(err));
	if (!tap_ok(o != NULL, "the public suffix list loads"))
		return tap_done();
	if ((fp = fopen("t/data/psl/tests.txt", "r")) == NULL)
		return tap_ok(0, "t/data/psl/tests.txt opens"), tap_done();
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (line[0] == '/' || sscanf(line, "%511s %511s", in, want) != 2)
			continue;
		n++;
		if (!orgdom_psl(o, strcmp(in, "null") == 0 ? "" : in, got,
		    sizeof(got)))
			snprintf(got, sizeof(got), "null");
		snprintf(name, sizeof(name), "organizational domain of %s", in);
		tap_is_str(got, want, name);
	}
	fclose(fp);
	tap_is_int(n, 78, "all 78 cases of tests.txt were run");
	orgdom_close(o);
	return tap_done();
}
