/*
 * NAME
 *	date - RFC 5322 3.3 date-time, with the obsolete forms of 4.3
 * DESCRIPTION
 *	date_parse() reads a raw Date field body. It never refuses input:
 *	syntax says whether the grammar matched (why says where not);
 *	invalid says a parsed date cannot be (day 31 of a 30-day month,
 *	hour 24, a day of week that does not match the date, a zone past
 *	+-9959); obs lists obsolete forms (2- or 3-digit year, named zone,
 *	comments inside). When the date is valid, t is its instant in UTC.
 */
#ifndef SL_DATE_H
#define SL_DATE_H

#include <stddef.h>
#include <time.h>

struct date {
	int	 syntax_ok;
	int	 invalid;
	int	 obs;
	char	 why[120];
	int	 year, month, day, hour, minute, second;
	int	 zone;		/* minutes east of UTC */
	int	 wday;		/* written day of week 0-6 (Sun), -1 if none */
	time_t	 t;
};

void	date_parse(const char *, size_t, struct date *);
int	date_days_in_month(int year, int month);
int	date_weekday(int year, int month, int day);

#endif
