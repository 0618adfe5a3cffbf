/*
 * NAME
 *	milter - libmilter callbacks: record, check, decide, answer
 * DESCRIPTION
 *	One struct conn per SMTP connection (smfi_setpriv), holding the
 *	connection macros and at most one message. A message takes a
 *	reference to the current policy at MAIL FROM and keeps it until
 *	eom or abort, so a reload never changes rules under a message.
 *
 *	The verdict becomes the MTA answer in one place, answer():
 *	reject and tempfail carry the rule's reply (smfi_setreply), tag and
 *	hold add one header naming the rules that fired, hold also asks
 *	for quarantine, discard discards. Then one summary line is logged.
 *
 *	When senderlint itself fails (no policy, a libmilter call fails)
 *	the message gets the configured on_error answer, logged once.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <netinet/in.h>
#include <libmilter/mfapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth.h"
#include "capture.h"
#include "judge.h"
#include "log.h"
#include "metric.h"
#include "milter.h"
#include "snapshot.h"
#include "stats.h"
#include "summary.h"
#include "suppcheck.h"
#include "unsubwin.h"
#include "util.h"

static struct msgidwin *ids;	/* recently sent Message-IDs, shared */
static struct identstore *store;	/* identity history, or NULL */
static struct unsubwin *unsubs;	/* unsubscribe URIs sent, or NULL */

void
milter_set_stores(struct identstore *st, struct unsubwin *uw)
{
	store = st;
	unsubs = uw;
}

struct conn {
	struct conninfo	 ci;		/* typed connection data */
	struct macrotab	 macros;	/* raw, for macro: conditions */
	int		 leadspc;	/* SMFIP_HDR_LEADSPC negotiated */
	unsigned long	 nr;		/* the SMFIP_NR_* flags negotiated */
	struct msg	*m;
	struct snapshot	*pol;
};

/*
 * The macros senderlint reads, asked for at negotiation (smfi_setsymlist)
 * so that they come whatever the MTA's milter_*_macros say. The client
 * address and HELO name come from xxfi_connect and xxfi_helo instead.
 */
static const char *const conn_macros[] = { "j", "{daemon_name}",
	"{daemon_addr}", "{if_name}", NULL };
static const char *const mail_macros[] = { "i", "{auth_authen}",
	"{auth_type}", "{auth_author}", "{mail_addr}", NULL };
static const char *const eom_macros[] = { "i", NULL };

static void
msg_end(struct conn *c)
{
	msg_free(c->m);
	c->m = NULL;
	snapshot_release(c->pol);
	c->pol = NULL;
}

/* smfi_getsymval() takes a char *; it does not write through it. */
static const char *
getsym(SMFICTX *ctx, const char *name)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%s", name);
	return smfi_getsymval(ctx, buf);
}

static void
fetch_macros(SMFICTX *ctx, struct msg *m, const char *const *names)
{
	size_t i;

	for (i = 0; names[i] != NULL; i++)
		msg_macro(m, names[i], getsym(ctx, names[i]));
}

/* The macros the rules' macro: conditions read, into the message. */
static void
fetch_rule_macros(SMFICTX *ctx, struct conn *c)
{
	const char *names[SL_MAX_MACROS_ASKED + 1];
	size_t n;

	n = ruleset_macro_names(c->pol->rules, names, SL_MAX_MACROS_ASKED);
	names[n] = NULL;
	fetch_macros(ctx, c->m, names);
}

/* 1 when word is one of the space-separated words of list. */
static int
word_in(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = list; (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

/* Adds names, space-separated, to b unless already there. */
static void
symlist_add(struct sbuf *b, const char *const *names)
{
	size_t i;

	for (i = 0; names[i] != NULL; i++)
		if (!word_in(b->s, names[i]))
			sbuf_printf(b, "%s%s", b->len ? " " : "", names[i]);
}

/*
 * Asks the MTA for the macros senderlint reads, and those the rules of
 * the current policy name in macro: conditions (at MAIL FROM and at the
 * end of the message, where they are read). A failure only means the
 * MTA sends its default set.
 */
static void
request_macros(SMFICTX *ctx)
{
	const char *rmacros[SL_MAX_MACROS_ASKED + 1];
	struct snapshot *p = snapshot_acquire();
	struct sbuf b;
	size_t n = 0;

	if (p != NULL)
		n = ruleset_macro_names(p->rules, rmacros, SL_MAX_MACROS_ASKED);
	rmacros[n] = NULL;
	sbuf_init(&b, 4096);
	symlist_add(&b, conn_macros);
	if (smfi_setsymlist(ctx, SMFIM_CONNECT, b.s) != MI_SUCCESS)
		log_warn("smfi_setsymlist(connect) failed");
	sbuf_reset(&b);
	symlist_add(&b, mail_macros);
	symlist_add(&b, rmacros);
	if (smfi_setsymlist(ctx, SMFIM_ENVFROM, b.s) != MI_SUCCESS)
		log_warn("smfi_setsymlist(mail) failed");
	sbuf_reset(&b);
	symlist_add(&b, eom_macros);
	symlist_add(&b, rmacros);
	if (smfi_setsymlist(ctx, SMFIM_EOM, b.s) != MI_SUCCESS)
		log_warn("smfi_setsymlist(eom) failed");
	sbuf_clear(&b);
	snapshot_release(p);
}

/*
 * The steps senderlint never answers early: it records what they carry
 * and decides at end of message (and at RCPT, for the suppression list).
 * Offered by the MTA, they are negotiated as no-reply (SMFIS_NOREPLY),
 * which saves a round trip per header field and body chunk. The other
 * steps it never reads (unknown commands, DATA) are not sent at all.
 */
#define NR_STEPS	(SMFIP_NR_CONN | SMFIP_NR_HELO | SMFIP_NR_HDR | \
			 SMFIP_NR_EOH | SMFIP_NR_BODY)

/* SMFIS_NOREPLY when the step's no-reply flag was negotiated. */
static sfsistat
noreply(const struct conn *c, unsigned long flag)
{
	return c != NULL && (c->nr & flag) != 0 ? SMFIS_NOREPLY :
	    SMFIS_CONTINUE;
}

/* The answer when senderlint itself fails; p may be NULL (tempfail). */
static sfsistat
on_error(SMFICTX *ctx, const struct snapshot *p, const char *why)
{
	int accept = p != NULL && p->conf->on_error == ONERR_ACCEPT;

	log_warn("internal error: %s; answering %s", why,
	    accept ? "accept" : "tempfail");
	stats_error();
	if (accept)
		return SMFIS_ACCEPT;
	smfi_setreply(ctx, "451", "4.3.0",
	    "senderlint: temporary local problem, try again later");
	return SMFIS_TEMPFAIL;
}

static sfsistat
sl_negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1,
    unsigned long f2, unsigned long f3, unsigned long *pf0,
    unsigned long *pf1, unsigned long *pf2, unsigned long *pf3)
{
	struct conn *c;

	(void)f2;
	(void)f3;
	*pf0 = f0 & (SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_QUARANTINE |
	    SMFIF_SETSYMLIST);
	*pf1 = f1 & (SMFIP_HDR_LEADSPC | SMFIP_NOUNKNOWN | SMFIP_NODATA |
	    NR_STEPS);
	*pf2 = 0;
	*pf3 = 0;
	c = xcalloc(1, sizeof(*c));
	c->leadspc = (*pf1 & SMFIP_HDR_LEADSPC) != 0;
	c->nr = *pf1 & NR_STEPS;
	if (smfi_setpriv(ctx, c) != MI_SUCCESS) {
		free(c);
		return SMFIS_TEMPFAIL;
	}
	if (*pf0 & SMFIF_SETSYMLIST)
		request_macros(ctx);
	return SMFIS_CONTINUE;
}

/* The client address as text; "" when the MTA gave none (local mail). */
static void
client_addr(const _SOCK_ADDR *sa, char *out, size_t len)
{
	const struct sockaddr_in *s4;
	const struct sockaddr_in6 *s6;

	out[0] = '\0';
	if (sa == NULL)
		return;
	if (sa->sa_family == AF_INET) {
		s4 = (const struct sockaddr_in *)(const void *)sa;
		inet_ntop(AF_INET, &s4->sin_addr, out, (socklen_t)len);
	} else if (sa->sa_family == AF_INET6) {
		s6 = (const struct sockaddr_in6 *)(const void *)sa;
		if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr))
			inet_ntop(AF_INET, &s6->sin6_addr.s6_addr[12], out,
			    (socklen_t)len);
		else
			inet_ntop(AF_INET6, &s6->sin6_addr, out,
			    (socklen_t)len);
	}
}

static sfsistat
sl_connect(SMFICTX *ctx, char *host, _SOCK_ADDR *addr)
{
	struct conn *c = smfi_getpriv(ctx);
	size_t i;

	if (c == NULL) {
		c = xcalloc(1, sizeof(*c));
		if (smfi_setpriv(ctx, c) != MI_SUCCESS) {
			free(c);
			return SMFIS_TEMPFAIL;
		}
	}
	for (i = 0; conn_macros[i] != NULL; i++)
		macrotab_set(&c->macros, conn_macros[i], getsym(ctx, conn_macros[i]));
	client_addr(addr, c->ci.client_addr, sizeof(c->ci.client_addr));
	conninfo_set(c->ci.client_name, host);
	conninfo_set(c->ci.daemon, getsym(ctx, "{daemon_name}"));
	return noreply(c, SMFIP_NR_CONN);
}

static sfsistat
sl_helo(SMFICTX *ctx, char *helo)
{
	struct conn *c = smfi_getpriv(ctx);

	if (c != NULL)
		conninfo_set(c->ci.helo, helo);
	return noreply(c, SMFIP_NR_HELO);
}

/* Not outbound: the message passes untouched, with one log line. */
static sfsistat
out_of_scope(struct conn *c)
{
	struct sbuf line;

	sbuf_init(&line, 4096);
	summary_out_of_scope(c->m, &line);
	log_info("%s", line.s);
	sbuf_clear(&line);
	stats_out_of_scope();
	msg_end(c);
	return SMFIS_ACCEPT;
}

static sfsistat
sl_envfrom(SMFICTX *ctx, char **argv)
{
	struct conn *c = smfi_getpriv(ctx);
	size_t i;

	if (c == NULL)
		return on_error(ctx, NULL, "no connection context at MAIL FROM");
	msg_end(c);
	if ((c->pol = snapshot_acquire()) == NULL)
		return on_error(ctx, NULL, "no policy loaded");
	c->m = msg_new(&c->pol->conf->mlim);
	auth_attach(c->pol->auth, c->m);
	capture_attach(c->pol->conf, c->m);
	for (i = 0; i < c->macros.n; i++)
		msg_macro(c->m, c->macros.m[i].name, c->macros.m[i].value);
	fetch_macros(ctx, c->m, mail_macros);
	fetch_rule_macros(ctx, c);
	c->m->conn = c->ci;
	conninfo_set(c->m->conn.login, getsym(ctx, "{auth_authen}"));
	conninfo_set(c->m->conn.qid, getsym(ctx, "i"));
	if (argv[0] != NULL) {
		msg_mail_from(c->m, argv[0]);
		for (i = 1; argv[i] != NULL; i++)
			msg_esmtp_arg(c->m, argv[i]);
	}
	if (scope_outbound(&c->pol->conf->scope, &c->m->conn,
	    c->m->mail_from) == NULL)
		return out_of_scope(c);
	return SMFIS_CONTINUE;
}

static void reply_safe(const char *, char *, size_t);

/*
 * The suppression list, per recipient: a suppressed recipient is refused
 * here with the configured 5xx (the others of the transaction go on), or
 * in monitor mode logged and let through, to be seen by the rules at the
 * end of the message as rcpt.suppressed. One log line either way.
 */
static sfsistat
sl_envrcpt(SMFICTX *ctx, char **argv)
{
	struct conn *c = smfi_getpriv(ctx);
	struct supp_verdict v;
	char text[SL_MAX_REPLY_TEXT + 1];
	const char *qid;
	int rc;

	if (c == NULL || c->m == NULL || argv[0] == NULL)
		return SMFIS_CONTINUE;
	rc = suppcheck_rcpt(c->pol->conf, argv[0], &v);
	if (rc < 0) {
		if (c->pol->conf->on_error == ONERR_ACCEPT)
			log_warn("suppression list unreadable; accepting %.256s "
			    "(on_error accept)", argv[0]);
		else
			return on_error(ctx, c->pol, "suppression list "
			    "unreadable");
	}
	if (rc > 0) {
		if ((qid = getsym(ctx, "i")) == NULL || *qid == '\0')
			qid = c->m->conn.qid;
		reply_safe(v.text, text, sizeof(text));
		log_info("qid=%s %s action=%s reply=\"%s %s %s\"",
		    *qid ? qid : "-", v.log, v.monitor ? "monitor" : "reject",
		    v.rcode, v.xcode, text);
		if (!v.monitor) {
			if (smfi_setreply(ctx, v.rcode, v.xcode, text) !=
			    MI_SUCCESS)
				log_warn("smfi_setreply failed; the MTA answers "
				    "with its default text");
			return SMFIS_REJECT;
		}
	}
	msg_rcpt(c->m, argv[0]);
	return SMFIS_CONTINUE;
}

static sfsistat
sl_header(SMFICTX *ctx, char *name, char *value)
{
	struct conn *c = smfi_getpriv(ctx);

	if (c != NULL && c->m != NULL)
		msg_header(c->m, name, value);
	return noreply(c, SMFIP_NR_HDR);
}

static sfsistat
sl_eoh(SMFICTX *ctx)
{
	struct conn *c = smfi_getpriv(ctx);

	if (c != NULL && c->m != NULL)
		msg_eoh(c->m);
	return noreply(c, SMFIP_NR_EOH);
}

static sfsistat
sl_body(SMFICTX *ctx, unsigned char *p, size_t n)
{
	struct conn *c = smfi_getpriv(ctx);

	if (c != NULL && c->m != NULL)
		msg_body(c->m, p, n);
	return noreply(c, SMFIP_NR_BODY);
}

/* libmilter treats '%' in reply text as a format character. */
static void
reply_safe(const char *in, char *out, size_t len)
{
	size_t i, o = 0;

	for (i = 0; in[i] != '\0' && o + 1 < len; i++)
		out[o++] = in[i] == '%' ? '?' : in[i];
	out[o] = '\0';
}

static sfsistat
answer(SMFICTX *ctx, struct conn *c, const struct verdict *v)
{
	char rules[SL_MAX_TAG_VALUE + 1], text[SL_MAX_REPLY_TEXT + 1];
	char rcode[sizeof(v->rcode)], xcode[sizeof(v->xcode)];
	struct sbuf b;
	const char *sp = c->leadspc ? " " : "";

	switch (v->action) {
	case ACT_REJECT:
	case ACT_TEMPFAIL:
		reply_safe(v->text, text, sizeof(text));
		memcpy(rcode, v->rcode, sizeof(rcode));
		memcpy(xcode, v->xcode, sizeof(xcode));
		if (smfi_setreply(ctx, rcode, xcode, text) != MI_SUCCESS)
			log_warn("smfi_setreply failed; the MTA answers with "
			    "its default text");
		return v->action == ACT_REJECT ? SMFIS_REJECT : SMFIS_TEMPFAIL;
	case ACT_DISCARD:
		return SMFIS_DISCARD;
	case ACT_HOLD:
	case ACT_TAG:
		verdict_rules(v, VR_ENFORCED, rules, sizeof(rules));
		sbuf_init(&b, SL_MAX_TAG_VALUE + 1);
		sbuf_printf(&b, "%s%s", sp, rules);
		if (smfi_addheader(ctx, c->pol->conf->tag_header, b.s) !=
		    MI_SUCCESS)
			log_warn("smfi_addheader failed");
		sbuf_clear(&b);
		if (v->action == ACT_HOLD) {
			sbuf_init(&b, SL_MAX_REPLY_TEXT);
			sbuf_printf(&b, "senderlint rule %s", v->reply_rule);
			if (smfi_quarantine(ctx, b.s) != MI_SUCCESS) {
				sbuf_clear(&b);
				return on_error(ctx, c->pol, "smfi_quarantine "
				    "failed (MTA did not offer quarantine)");
			}
			sbuf_clear(&b);
		}
		return SMFIS_CONTINUE;
	default:
		return SMFIS_CONTINUE;
	}
}

/* Removes every instance of a stream-selection header (smfi_chgheader). */
static void
remove_header(SMFICTX *ctx, const struct msg *m, const char *name)
{
	char buf[256];
	size_t n = msg_count_header(m, name);

	snprintf(buf, sizeof(buf), "%s", name);
	for (; n > 0; n--)
		if (smfi_chgheader(ctx, buf, (int)n, NULL) != MI_SUCCESS)
			log_warn("cannot remove header %s", name);
}

static sfsistat
sl_eom(SMFICTX *ctx)
{
	struct conn *c = smfi_getpriv(ctx);
	struct judge_env env;
	struct judgement *j;
	struct sbuf line;
	sfsistat rc;
	double t_eom = now_ms();	/* eom_ms: the whole callback */

	if (c == NULL || c->m == NULL)
		return on_error(ctx, NULL, "end of message without MAIL FROM");
	fetch_macros(ctx, c->m, eom_macros);
	fetch_rule_macros(ctx, c);
	if (getsym(ctx, "i") != NULL)	/* Postfix may know it only now */
		conninfo_set(c->m->conn.qid, getsym(ctx, "i"));
	msg_eom(c->m);
	memset(&env, 0, sizeof(env));
	env.conf = c->pol->conf;
	env.rules = c->pol->rules;
	env.auth = c->pol->auth;
	env.ids = ids;
	env.store = store;
	env.unsubs = unsubs;
	j = xmalloc(sizeof(*j));
	judge(&env, c->m, j);
	metric_observe(MH_VERDICT, (now_ms() - c->m->t_start) / 1000.0);
	rc = answer(ctx, c, &j->v);
	if (rc == SMFIS_CONTINUE && j->si.remove != NULL)
		remove_header(ctx, c->m, j->si.remove);
	if (rc == SMFIS_CONTINUE && j->v.action <= ACT_HOLD)
		judge_commit(&env, j, 1);
	capture_message(c->pol->conf, c->m, j);
	sbuf_init(&line, 4096);
	summary_format(c->m, &j->v, &j->fs, now_ms() - c->m->t_start,
	    &line);
	log_info("%s", line.s);
	sbuf_clear(&line);
	stats_message(&j->v, &j->fs);
	judge_clear(j);
	free(j);
	msg_end(c);
	metric_observe(MH_EOM, (now_ms() - t_eom) / 1000.0);
	log_debug("eom_ms=%.1f", now_ms() - t_eom);
	return rc;
}

static sfsistat
sl_abort(SMFICTX *ctx)
{
	struct conn *c = smfi_getpriv(ctx);

	if (c != NULL)
		msg_end(c);
	return SMFIS_CONTINUE;
}

static sfsistat
sl_close(SMFICTX *ctx)
{
	struct conn *c = smfi_getpriv(ctx);

	if (c == NULL)
		return SMFIS_CONTINUE;
	msg_end(c);
	macrotab_clear(&c->macros);
	free(c);
	smfi_setpriv(ctx, NULL);
	return SMFIS_CONTINUE;
}

static struct smfiDesc desc = {
	.xxfi_name = "senderlint",
	.xxfi_version = SMFI_VERSION,
	.xxfi_flags = SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_QUARANTINE,
	.xxfi_connect = sl_connect,
	.xxfi_helo = sl_helo,
	.xxfi_envfrom = sl_envfrom,
	.xxfi_envrcpt = sl_envrcpt,
	.xxfi_header = sl_header,
	.xxfi_eoh = sl_eoh,
	.xxfi_body = sl_body,
	.xxfi_eom = sl_eom,
	.xxfi_abort = sl_abort,
	.xxfi_close = sl_close,
	.xxfi_negotiate = sl_negotiate,
};

static char conn_spec[4096];

int
milter_open(const struct conf *cf, struct msgidwin *window)
{
	const char *path;
	struct group *gr;

	ids = window;
	if (cf->socket == NULL) {
		log_warn("%s: no socket configured", cf->path);
		return -1;
	}
	if (smfi_register(desc) != MI_SUCCESS) {
		log_warn("smfi_register failed");
		return -1;
	}
	/* libmilter keeps the pointer: hand it storage that lives on. */
	if (strlen(cf->socket) >= sizeof(conn_spec)) {
		log_warn("socket name %s is too long", cf->socket);
		return -1;
	}
	memcpy(conn_spec, cf->socket, strlen(cf->socket) + 1);
	if (smfi_setconn(conn_spec) != MI_SUCCESS) {
		log_warn("bad socket %s", cf->socket);
		return -1;
	}
	if (smfi_opensocket(1) != MI_SUCCESS) {
		log_warn("cannot open socket %s", cf->socket);
		return -1;
	}
	if ((path = conf_unix_path(cf->socket)) == NULL)
		return 0;
	if (cf->socket_group != NULL) {
		if ((gr = getgrnam(cf->socket_group)) == NULL) {
			log_warn("no such group %s", cf->socket_group);
			return -1;
		}
		if (chown(path, (uid_t)-1, gr->gr_gid) < 0) {
			log_warn("chown %s: %s", path, strerror(errno));
			return -1;
		}
	}
	if (cf->socket_mode >= 0 &&
	    chmod(path, (mode_t)cf->socket_mode) < 0) {
		log_warn("chmod %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int
milter_main(void)
{
	return smfi_main() == MI_SUCCESS ? 0 : -1;
}
