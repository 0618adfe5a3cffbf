/*
 * RFC 5322 3.3 date-time: syntax, validity, obsolete forms, the instant.
 */
#include "date.h"
#include "tap.h"

static const struct {
	const char *in;
	int syntax, invalid, obs;
	long t;			/* expected instant when valid, -1: don't check */
	const char *why;	/* prefix */
} cases[] = {
	{ " Thu, 26 Nov 2026 06:00:00 +0000", 1, 0, 0, 1795672800, NULL },
	{ " 26 Nov 2026 06:00:00 +0000", 1, 0, 0, 1795672800, NULL },
	{ " Thu, 26 Nov 2026 07:30:00 +0130", 1, 0, 0, 1795672800, NULL },
	{ " Thu, 26 Nov 2026 06:00 +0000", 1, 0, 0, 1795672800, NULL },
	{ " Thu, 26 Nov 2026 06:00:00 -0000", 1, 0, 0, 1795672800, NULL },
	{ " thu, 26 nov 2026 06:00:00 +0000", 1, 0, 0, 1795672800, NULL },
	{ " Thu, 26 Nov 2026 06:00:00 +0000 (UTC)", 1, 0, 0, 1795672800, NULL },
	{ " Thu,\n 26 Nov 2026\n 06:00:00 +0000", 1, 0, 0, 1795672800, NULL },
	{ " Thu, 6 Nov 2026 06:00:00 +0000", 1, 1, 0, -1, "it says Thu but 6 Nov 2026 is a Fri" },
	{ " Fri, 6 Nov 2026 06:00:00 +0000", 1, 0, 0, 1793944800, NULL },
	{ " Thu, 26 Nov 26 06:00:00 +0000", 1, 0, 1, 1795672800, NULL },
	{ " Thu, 26 Nov 126 06:00:00 +0000", 1, 0, 1, 1795672800, NULL },
	{ " Tue, 1 Jul 97 10:52:37 GMT", 1, 0, 1, 867754357, NULL },
	{ " Thu, 26 Nov 2026 01:00:00 EST", 1, 0, 1, 1795672800, NULL },
	{ " Thu, 26 Nov 2026 06:00:00 Z", 1, 0, 1, 1795672800, NULL },
	{ " Thu , 26 Nov 2026 06:00:00 +0000", 1, 0, 1, 1795672800, NULL },
	{ " Thu, 26 (x) Nov 2026 06:00:00 +0000", 1, 0, 1, 1795672800, NULL },
	{ " Thu, 26 Nov 2026 06 : 00 : 00 +0000", 1, 0, 1, 1795672800, NULL },
	{ " Mon, 31 Nov 2026 06:00:00 +0000", 1, 1, 0, -1, "2026-11-31 06:00:00 is not a date and time" },
	{ " Sun, 29 Feb 2026 06:00:00 +0000", 1, 1, 0, -1, NULL },
	{ " Tue, 29 Feb 2028 06:00:00 +0000", 1, 0, 0, -1, NULL },
	{ " Thu, 26 Nov 2026 24:00:00 +0000", 1, 1, 0, -1, NULL },
	{ " Thu, 26 Nov 2026 23:60:00 +0000", 1, 1, 0, -1, NULL },
	{ " Thu, 26 Nov 2026 23:59:60 +0000", 1, 0, 0, -1, NULL },
	{ " Thu, 26 Nov 2026 06:00:00 +0075", 1, 1, 0, -1, "the zone minutes are over 59" },
	{ "", 0, 0, 0, -1, "expected a day of month at the end" },
	{ " Thu 26 Nov 2026 06:00:00 +0000", 0, 0, 0, -1, "expected ',' after the day name" },
	{ " Thursday, 26 Nov 2026 06:00:00 +0000", 0, 0, 0, -1, "expected a day name" },
	{ " Thu, 26 November 2026 06:00:00 +0000", 0, 0, 0, -1, "expected a month name" },
	{ " Thu, 26 Nov 2026 6:00:00 +0000", 0, 0, 0, -1, "expected a 2-digit hour" },
	{ " Thu, 26 Nov 2026 06:00:00", 0, 0, 0, -1, "expected white space before the zone at the end" },
	{ " Thu, 26 Nov 2026 06:00:00 +000", 0, 0, 0, -1, "expected a 4-digit zone" },
	{ " Thu, 26 Nov 2026 06:00:00 CET", 0, 0, 0, -1, "expected a zone like +0100" },
	{ " 2026-11-26T06:00:00Z", 0, 0, 0, -1, "expected a day of month" },
	{ " Thu, 26 Nov 2026 06:00:00 +0000 extra", 0, 0, 0, -1, "unexpected text after the zone" },
	{ " Thu, 26Nov 2026 06:00:00 +0000", 0, 0, 0, -1, "expected white space after the day" },
	{ " Thu, 26 Nov 2026 06:00:00 +0000 (unterminated", 0, 0, 0, -1, "unterminated comment" },
};

int
main(void)
{
	struct date d;
	char name[256], *in;
	size_t i, len;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		in = tap_exact(cases[i].in, &len);
		date_parse(in, len, &d);
		snprintf(name, sizeof(name), "[%s]: syntax %s", cases[i].in,
		    cases[i].syntax ? "ok" : "error");
		if (!tap_ok(d.syntax_ok == cases[i].syntax, name))
			printf("#   why: %s\n", d.why);
		snprintf(name, sizeof(name), "[%s]: %s", cases[i].in,
		    cases[i].invalid ? "invalid" : "not invalid");
		if (!tap_ok(d.invalid == cases[i].invalid, name))
			printf("#   why: %s\n", d.why);
		if (cases[i].syntax) {
			snprintf(name, sizeof(name), "[%s]: obsolete %s",
			    cases[i].in, cases[i].obs ? "flagged" : "not flagged");
			tap_ok(d.obs == cases[i].obs, name);
		}
		if (cases[i].t >= 0) {
			snprintf(name, sizeof(name), "[%s]: instant", cases[i].in);
			tap_is_int((long)d.t, cases[i].t, name);
		}
		if (cases[i].why != NULL) {
			snprintf(name, sizeof(name), "[%s]: reason", cases[i].in);
			if (!tap_ok(strncmp(d.why, cases[i].why, strlen(cases[i].why)) == 0, name))
				printf("#   expected: %s\n#        got: %s\n", cases[i].why, d.why);
		}
		free(in);
	}
	tap_is_int(date_weekday(1970, 1, 1), 4, "1970-01-01 was a Thursday");
	tap_is_int(date_weekday(2000, 2, 29), 2, "2000-02-29 was a Tuesday");
	tap_is_int(date_days_in_month(1900, 2), 28, "1900 was not a leap year");
	tap_is_int(date_days_in_month(2000, 2), 29, "2000 was a leap year");
	return tap_done();
}
