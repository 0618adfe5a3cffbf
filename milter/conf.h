/*
 * NAME
 *	conf - senderlint.conf, the daemon's YAML configuration
 * DESCRIPTION
 *	conf_load() reads and validates the whole file and returns a new
 *	struct conf, or NULL after adding every error found to the diag
 *	list as file:line:col. Unknown keys and wrong types are errors.
 *	Relative paths (rules, stats file) are taken relative to the
 *	directory of the config file. See senderlint.conf(5).
 */
#ifndef SL_CONF_H
#define SL_CONF_H

#include "diag.h"
#include "msg.h"
#include "scope.h"
#include "yamldoc.h"

enum on_error {
	ONERR_TEMPFAIL,
	ONERR_ACCEPT
};

struct conf {
	char		*path;
	char		*socket;	/* "unix:/path" or "inet:port@host" */
	long		 socket_mode;	/* -1: leave as created */
	char		*socket_group;
	char		*user;
	char		*pid_file;
	char		*rules_path;
	int		 facility;
	int		 debug;
	int		 on_error;
	int		 monitor_all;	/* mode: monitor */
	struct scope	 scope;		/* which mail is judged */
	char		*tag_header;
	char		*stats_file;
	long		 stats_interval;
	char		*stats_listen;	/* metrics HTTP listener; NULL: none */
	int		 stats_allow_remote;	/* a non-loopback listen is ok */
	struct msg_limits mlim;
	unsigned long	 re_match_limit;
	unsigned long	 re_depth_limit;
	long		 date_past;	/* seconds */
	long		 date_future;
	long		 msgid_window_size;
	long		 msgid_window_age;
	char		**unsub_patterns;	/* configured, or NULL */
	struct linkwords *links;	/* compiled once: the defaults or those */
	char		*identstore_path;	/* NULL: no identity history */
	long		 identstore_map_mb;
	char		*unsubwin_path;	/* NULL: no unsubscribe window */
	long		 unsubwin_size;	/* URIs */
	long		 unsubwin_age;	/* seconds */
	long		 unsubwin_map_mb;

	/* authentication (confauth.c): on when a dns section is present */
	int		 auth_enabled;
	char		**dns_servers;	/* NULL: /etc/resolv.conf */
	long		 dns_timeout_ms;
	long		 dns_budget_ms;
	long		 dns_cache;
	char		**egress_ips;
	char		*outbound_helo;
	char		**sending_domains;	/* NULL: every domain */
	char		**freemail;
	char		*psl_file;	/* NULL: Debian's publicsuffix list */
	int		 on_dns_error;	/* enum on_error */

	/* suppression list (confsupp.c): on when the section is present */
	char		*supp_path;	/* LMDB directory, NULL: no list */
	long		 supp_map_mb;
	int		 supp_enabled;	/* enabled: false keeps path for tools */
	int		 supp_monitor;	/* mode: monitor logs, accepts the RCPT */
	char		 supp_rcode[4];	/* "550" */
	char		 supp_xcode[16];	/* "5.7.1" */
	char		*supp_reply;	/* text template, {placeholders} */
	long		 supp_soft_days;	/* repeated-soft-bounce span */

	/* report (confsupp.c): senderlint-bounces --report */
	char		*report_company;	/* NULL: not configured */
	char		*report_contact;

	/* tuning (conftune.c): rule tests, capture for replay */
	char		**tests;	/* test files senderlint -n runs, or NULL */
	char		*capture_path;	/* the capture store; NULL: off */
	double		 capture_rate;	/* share of messages sampled */
	unsigned	 capture_actions;	/* 1 << action: always kept */
	char		**capture_rules;	/* rule id globs: always kept */
	long		 capture_body_kb;	/* body kept per message */
	long		 capture_max_mb;	/* size of the store */
	long		 capture_max_age;	/* seconds a record is kept */
};

void		 conf_auth_defaults(struct conf *);
void		 conf_auth_load(struct conf *, const char *file,
		    const struct ynode *root, struct diag *);
void		 conf_auth_clear(struct conf *);
void		 conf_supp_defaults(struct conf *);
void		 conf_supp_load(struct conf *, const char *file,
		    const struct ynode *root, struct diag *);
void		 conf_supp_clear(struct conf *);
void		 conf_report_load(struct conf *, const char *file,
		    const struct ynode *root, struct diag *);
/* The file of a unix:/local: socket spec, or NULL (inet:). */
const char	*conf_unix_path(const char *spec);

void		 conf_tune_defaults(struct conf *);
void		 conf_tune_load(struct conf *, const char *file,
		    const struct ynode *root, struct diag *);
void		 conf_tune_clear(struct conf *);
char		**conf_strlist_dup(const char *const *);
void		 conf_strlist_free(char **);

struct conf	*conf_load(const char *path, struct diag *);
struct conf	*conf_default(void);
void		 conf_free(struct conf *);

#endif
