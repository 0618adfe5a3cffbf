/*
 * NAME
 *	date - RFC 5322 3.3 date-time parser, one function per ABNF rule
 * DESCRIPTION
 *	A comment anywhere but after the zone is obsolete (RFC 5322 4.3
 *	puts CFWS around every part); so is white space between the day
 *	name and its comma.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "date.h"

struct dscan {
	const char	*s;
	size_t		 n;
	size_t		 i;
	int		 comment;	/* a comment was skipped last */
	struct date	*d;
};

static const char *const day_names[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	"Fri", "Sat" };
static const char *const month_names[] = { "Jan", "Feb", "Mar", "Apr", "May",
	"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
static const struct {
	const char	*name;
	int		 minutes;
} named_zones[] = {		/* RFC 5322 4.3 obs-zone */
	{ "UT", 0 }, { "GMT", 0 }, { "EST", -300 }, { "EDT", -240 },
	{ "CST", -360 }, { "CDT", -300 }, { "MST", -420 }, { "MDT", -360 },
	{ "PST", -480 }, { "PDT", -420 },
};

static int
syntax(struct dscan *S, const char *why)
{
	if (S->d->syntax_ok) {
		S->d->syntax_ok = 0;
		if (S->i < S->n)
			snprintf(S->d->why, sizeof(S->d->why), "%s at \"%.*s\"",
			    why, (int)(S->n - S->i > 12 ? 12 : S->n - S->i),
			    S->s + S->i);
		else
			snprintf(S->d->why, sizeof(S->d->why), "%s at the end",
			    why);
	}
	return -1;
}

/* RFC 5322 3.2.2 CFWS; returns 1 if anything was skipped. */
static int
cfws(struct dscan *S)
{
	size_t start = S->i;
	int depth;

	S->comment = 0;
	for (;;) {
		if (S->i < S->n && (S->s[S->i] == ' ' || S->s[S->i] == '\t' ||
		    ((S->s[S->i] == '\n' || S->s[S->i] == '\r') &&
		    S->i + 1 < S->n && S->s[S->i + 1] != '\0' &&
		    strchr(" \t\n", S->s[S->i + 1]) != NULL)))
			S->i++;
		else if (S->i < S->n && S->s[S->i] == '(') {
			S->comment = 1;
			for (depth = 0; S->i < S->n; S->i++) {
				if ((S->s[S->i] == '\n' || S->s[S->i] == '\r') &&
				    (S->i + 1 >= S->n || S->s[S->i + 1] == '\0' ||
				    strchr(" \t\n", S->s[S->i + 1]) == NULL))
					return syntax(S, "line break not followed "
					    "by white space"), 0;
				if (S->s[S->i] == '\\' && S->i + 1 < S->n)
					S->i++;
				else if (S->s[S->i] == '(')
					depth++;
				else if (S->s[S->i] == ')' && --depth == 0)
					break;
			}
			if (S->i >= S->n)
				return syntax(S, "unterminated comment"), 0;
			S->i++;
		} else
			return S->i > start;
	}
}

/* cfws() before a part that must be separated from the previous one */
static int
sep(struct dscan *S, const char *what)
{
	if (!cfws(S))
		return syntax(S, what);
	if (S->comment)
		S->d->obs = 1;
	return 0;
}

/* 1*DIGIT with min..max digits; on failure the scan stays put. */
static int
digits(struct dscan *S, int min, int max, int *out)
{
	size_t start = S->i;
	int n = 0, v = 0;

	while (S->i < S->n && isdigit((unsigned char)S->s[S->i]) && n < 9) {
		v = v * 10 + (S->s[S->i++] - '0');
		n++;
	}
	if (n < min || n > max) {
		S->i = start;
		return -1;
	}
	*out = v;
	return n;
}

static int
name3(struct dscan *S, const char *const *names, int count)
{
	int k;

	if (S->i + 3 > S->n)
		return -1;
	for (k = 0; k < count; k++)
		if (strncasecmp(S->s + S->i, names[k], 3) == 0 &&
		    (S->i + 3 == S->n || !isalpha((unsigned char)S->s[S->i + 3]))) {
			S->i += 3;
			return k;
		}
	return -1;
}

/* day-of-week = ([FWS] day-name) / obs-day-of-week; followed by "," */
static int
day_of_week(struct dscan *S)
{
	cfws(S);
	if (S->comment)
		S->d->obs = 1;
	if (S->i >= S->n || !isalpha((unsigned char)S->s[S->i]))
		return 0;
	if ((S->d->wday = name3(S, day_names, 7)) < 0)
		return syntax(S, "expected a day name (Mon..Sun)");
	if (cfws(S))
		S->d->obs = 1;
	if (S->i >= S->n || S->s[S->i] != ',')
		return syntax(S, "expected ',' after the day name");
	S->i++;
	return 0;
}

/* date = day month year */
static int
date3(struct dscan *S)
{
	int nd;

	if (cfws(S) && S->comment)
		S->d->obs = 1;
	if (digits(S, 1, 2, &S->d->day) < 0)
		return syntax(S, "expected a day of month");
	if (sep(S, "expected white space after the day") < 0)
		return -1;
	if ((S->d->month = name3(S, month_names, 12) + 1) == 0)
		return syntax(S, "expected a month name (Jan..Dec)");
	if (sep(S, "expected white space after the month") < 0)
		return -1;
	if ((nd = digits(S, 2, 9, &S->d->year)) < 0)
		return syntax(S, "expected a year");
	if (nd < 4) {			/* RFC 5322 4.3 obs-year */
		S->d->obs = 1;
		if (nd == 2)
			S->d->year += S->d->year < 50 ? 2000 : 1900;
		else
			S->d->year += 1900;
	}
	return 0;
}

/* time-of-day = hour ":" minute [ ":" second ] */
static int
time_of_day(struct dscan *S)
{
	size_t at;
	int skipped;

	if (sep(S, "expected white space after the year") < 0)
		return -1;
	if (digits(S, 2, 2, &S->d->hour) < 0)
		return syntax(S, "expected a 2-digit hour");
	if (cfws(S))
		S->d->obs = 1;
	if (S->i >= S->n || S->s[S->i] != ':')
		return syntax(S, "expected ':' after the hour");
	S->i++;
	if (cfws(S))
		S->d->obs = 1;
	if (digits(S, 2, 2, &S->d->minute) < 0)
		return syntax(S, "expected 2-digit minutes");
	at = S->i;
	skipped = cfws(S);
	if (S->i < S->n && S->s[S->i] == ':') {
		if (skipped)
			S->d->obs = 1;
		S->i++;
		if (cfws(S))
			S->d->obs = 1;
		if (digits(S, 2, 2, &S->d->second) < 0)
			return syntax(S, "expected 2-digit seconds");
	} else
		S->i = at;
	return 0;
}

/* zone = (FWS ( "+" / "-" ) 4DIGIT) / obs-zone */
static int
zone(struct dscan *S)
{
	size_t k, len;
	int v, sign;

	if (sep(S, "expected white space before the zone") < 0)
		return -1;
	if (S->i < S->n && (S->s[S->i] == '+' || S->s[S->i] == '-')) {
		sign = S->s[S->i++] == '-' ? -1 : 1;
		if (digits(S, 4, 4, &v) < 0)
			return syntax(S, "expected a 4-digit zone");
		if (v % 100 > 59)
			S->d->invalid = 1;
		S->d->zone = sign * (v / 100 * 60 + v % 100);
		return 0;
	}
	for (len = 0; S->i + len < S->n && isalpha((unsigned char)S->s[S->i + len]);
	    len++)
		;
	for (k = 0; k < sizeof(named_zones) / sizeof(named_zones[0]); k++)
		if (strlen(named_zones[k].name) == len &&
		    strncasecmp(S->s + S->i, named_zones[k].name, len) == 0) {
			S->d->zone = named_zones[k].minutes;
			S->d->obs = 1;
			S->i += len;
			return 0;
		}
	if (len == 1 && toupper((unsigned char)S->s[S->i]) != 'J') {
		S->d->zone = 0;		/* military: RFC 5322 4.3 says -0000 */
		S->d->obs = 1;
		S->i++;
		return 0;
	}
	return syntax(S, "expected a zone like +0100");
}

int
date_days_in_month(int year, int month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return month == 2 && leap ? 29 : days[month - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static long
days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
date_weekday(int year, int month, int day)
{
	long days = days_from_civil(year, month, day);

	return (int)(((days % 7) + 11) % 7);	/* 1970-01-01 was a Thursday */
}

static void
validate(struct date *d)
{
	if (d->year < 1900 || d->day < 1 || d->month < 1 || d->month > 12 ||
	    d->day > date_days_in_month(d->year, d->month) || d->hour > 23 ||
	    d->minute > 59 || d->second > 60) {
		d->invalid = 1;
		snprintf(d->why, sizeof(d->why), "%04d-%02d-%02d %02d:%02d:%02d "
		    "is not a date and time", d->year, d->month, d->day,
		    d->hour, d->minute, d->second);
		return;
	}
	if (d->invalid) {
		snprintf(d->why, sizeof(d->why), "the zone minutes are over 59");
		return;
	}
	if (d->wday >= 0 && d->wday != date_weekday(d->year, d->month, d->day)) {
		d->invalid = 1;
		snprintf(d->why, sizeof(d->why), "it says %s but %d %s %d is a %s",
		    day_names[d->wday], d->day, month_names[d->month - 1], d->year,
		    day_names[date_weekday(d->year, d->month, d->day)]);
		return;
	}
	d->t = (time_t)(days_from_civil(d->year, d->month, d->day) * 86400L +
	    d->hour * 3600L + d->minute * 60L + (d->second > 59 ? 59 : d->second)
	    - d->zone * 60L);
}

/* date-time = [ day-of-week "," ] date time [CFWS] */
void
date_parse(const char *s, size_t n, struct date *d)
{
	struct dscan S = { s, n, 0, 0, d };

	memset(d, 0, sizeof(*d));
	d->syntax_ok = 1;
	d->wday = -1;
	if (day_of_week(&S) < 0 || date3(&S) < 0 || time_of_day(&S) < 0 ||
	    zone(&S) < 0)
		return;
	cfws(&S);
	if (S.i < S.n) {
		syntax(&S, "unexpected text after the zone");
		return;
	}
	validate(d);
}
