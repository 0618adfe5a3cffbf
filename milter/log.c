/*
 * NAME
 *	log - syslog or stderr diagnostics
 * DESCRIPTION
 *	Messages are single lines; callers never pass message body text.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "log.h"

static int use_syslog;
static int echo;		/* syslog and stderr: the daemon is starting */
static int debug;		/* read by every thread, set by conf_load() */
static const char *log_ident = "senderlint";

static const struct {
	const char *name;
	int	 value;
} facilities[] = {
	{ "mail", LOG_MAIL }, { "daemon", LOG_DAEMON }, { "user", LOG_USER },
	{ "local0", LOG_LOCAL0 }, { "local1", LOG_LOCAL1 },
	{ "local2", LOG_LOCAL2 }, { "local3", LOG_LOCAL3 },
	{ "local4", LOG_LOCAL4 }, { "local5", LOG_LOCAL5 },
	{ "local6", LOG_LOCAL6 }, { "local7", LOG_LOCAL7 },
};

int
log_facility(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(facilities) / sizeof(facilities[0]); i++)
		if (strcmp(facilities[i].name, name) == 0)
			return facilities[i].value;
	return -1;
}

void
log_open(const char *ident, int syslog_on, int facility)
{
	log_ident = ident;
	use_syslog = syslog_on;
	if (use_syslog)
		openlog(ident, LOG_PID | LOG_NDELAY, facility);
}

void
log_echo(int on)
{
	__atomic_store_n(&echo, on, __ATOMIC_RELAXED);
}

void
log_set_debug(int on)
{
	__atomic_store_n(&debug, on, __ATOMIC_RELAXED);
}

int
log_debugging(void)
{
	return __atomic_load_n(&debug, __ATOMIC_RELAXED);
}

static void
vlog(int pri, const char *prefix, const char *fmt, va_list ap)
{
	char buf[2048];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	if (use_syslog)
		syslog(pri, "%s%s", prefix, buf);
	if (!use_syslog || __atomic_load_n(&echo, __ATOMIC_RELAXED)) {
		fprintf(stderr, "%s: %s%s\n", log_ident, prefix, buf);
		fflush(stderr);
	}
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (!log_debugging())
		return;
	va_start(ap, fmt);
	vlog(LOG_DEBUG, "debug: ", fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_INFO, "", fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_WARNING, "warning: ", fmt, ap);
	va_end(ap);
}

void
log_fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, "fatal: ", fmt, ap);
	va_end(ap);
	exit(1);
}

void
log_panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, "panic: ", fmt, ap);
	va_end(ap);
	abort();
}
