/*
 * NAME
 *	ruletest - rule tests: messages with the verdict a rule file must give
 * SUMMARY
 *	struct ruletests *t = ruletest_load("rules/tests/default.yaml", &d);
 *	failed = ruletest_run(t, snapshot, stdout, &num);	TAP lines
 *	ruletest_free(t);
 *
 *	ruletest_conf(snapshot, stdout);	senderlint -n: the config's tests
 * DESCRIPTION
 *	A test file (senderlint-rules(5), RULE TESTS) lists messages, inline
 *	or by path, with their envelope and what the rules must make of them:
 *	the action, the stream, the enforced and the monitor rules that fire
 *	(exactly those), facts that must be true and facts that must not
 *	be, and a glob over the reply.
 *
 *	ruletest_load() (ruletest_load.c) reads and validates a whole test
 *	file, message files included, and returns NULL after adding every
 *	error to the diag list as file:line:col: a file with an error runs
 *	none of its tests. Paths in it are taken relative to its directory.
 *	ruletest_count() says how many tests it holds; ruletest_rules() the
 *	rule file it names (rules:, absolute), or NULL.
 *
 *	ruletest_run() judges each message through judge() with the
 *	snapshot's config, rules and authentication, no Message-ID window
 *	and no identity store (each test stands alone), and prints one TAP
 *	line per test, numbered from *num + 1 (it advances *num), "ok N -
 *	FILE:LINE: name" or "not ok" followed by one "#" line per
 *	expectation missed. It returns the number of failed tests.
 *
 *	ruletest_conf() is the last step of senderlint -n and
 *	senderlint-check -n (the systemd unit runs senderlint -n before a
 *	reload): it loads every test file the config names (tests:), runs
 *	them against the snapshot's rules (whatever rules: the files name)
 *	and prints TAP with a plan; it returns 0 when all pass (or there
 *	are none), 1 when a test fails, 2 when a file does not load (its
 *	errors printed as file:line:col on standard error; no test runs).
 *
 *	The model below is written by ruletest_load.c and read by
 *	ruletest.c only. ruletest_free(NULL) is a no-op.
 */
#ifndef SL_RULETEST_H
#define SL_RULETEST_H

#include <stdio.h>

#include "diag.h"
#include "snapshot.h"

struct rt_list {
	char		**s;
	size_t		 n;
	int		 set;		/* the key was given */
};

struct rt_env {
	char		*mail_from;	/* NULL: not given */
	struct rt_list	 rcpt;
	struct rt_list	 params;
	char		*client_ip;
	char		*auth;
	char		*helo;
	char		*daemon;
};

struct rt_case {
	char		*name;
	int		 line;
	char		*data;		/* the message */
	size_t		 len;
	struct rt_env	 env;		/* the file's, overridden by the test's */
	char		*stream;	/* forced stream, or NULL */
	int		 action;	/* expected, or -1 */
	char		*exp_stream;
	struct rt_list	 rules;		/* exactly these enforced rules */
	struct rt_list	 monitor;	/* exactly these monitor rules */
	struct rt_list	 facts;		/* globs: each matches a true fact */
	struct rt_list	 not_facts;	/* globs: none matches a true fact */
	char		*reply;		/* glob over "rcode xcode text" */
};

struct ruletests {
	char		*path;
	char		*rules;		/* absolute, or NULL */
	long		 now;		/* 0: the real clock */
	struct rt_case	*c;
	size_t		 n;
};

struct ruletests *ruletest_load(const char *path, struct diag *);
size_t		 ruletest_count(const struct ruletests *);
const char	*ruletest_rules(const struct ruletests *);
size_t		 ruletest_run(const struct ruletests *, const struct snapshot *,
		    FILE *, size_t *num);
int		 ruletest_conf(const struct snapshot *, FILE *);
void		 ruletest_free(struct ruletests *);

#endif
