/*
 * NAME
 *	log - one place where senderlint writes its diagnostics
 * DESCRIPTION
 *	log_open() picks syslog (facility from the config, mail by default)
 *	or stderr (foreground mode, senderlint-check). Before log_open()
 *	everything goes to stderr. log_echo(1) sends every message to
 *	stderr as well as to syslog: the daemon does so until it has
 *	detached, so a start that fails says why where it was started.
 *
 *	log_debug()	only when the configuration says log: { debug: true }
 *			(conf_load() sets it for every valid config, at start
 *			and at reload); log_debugging() tells whether it prints,
 *			for callers that must prepare their arguments
 *	log_info()	normal operation (the per-message summary line)
 *	log_warn()	bad input or a failing environment; processing goes on
 *	log_fatal()	the environment is unusable; exits 1
 *	log_panic()	a bug; aborts
 */
#ifndef SL_LOG_H
#define SL_LOG_H

void	log_open(const char *ident, int use_syslog, int facility);
int	log_facility(const char *name);	/* -1 if unknown */
void	log_echo(int);
void	log_set_debug(int);
int	log_debugging(void);
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_fatal(const char *, ...) __attribute__((format(printf, 1, 2),
	    noreturn));
void	log_panic(const char *, ...) __attribute__((format(printf, 1, 2),
	    noreturn));

#endif
