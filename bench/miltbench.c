/*
 * NAME
 *	miltbench - drive a milter as an MTA would, and time it
 * SUMMARY
 *	miltbench [options] socket message-file...
 * DESCRIPTION
 *	Plays Postfix's part of the milter protocol (version 6) against
 *	one filter over N concurrent connections (one thread each), M
 *	messages per connection, until the total is sent. Message k is
 *	file k modulo the number of files. Each connection: negotiation
 *	(the filter's SMFIP_NO* events are not sent, its SMFIP_NR_* events
 *	are not waited for), connect (AF_INET), HELO; per message MAIL,
 *	RCPT, DATA, each header field, end of header, the body in chunks
 *	of at most 65535 octets, end of message, and every modification
 *	packet up to the final answer; QUIT. Before each event it sends
 *	the macros Postfix sends by default for that stage (or the list
 *	the filter asked for with smfi_setsymlist): j, {daemon_name},
 *	{daemon_addr}, v and _ at connect; i, {mail_addr}, {mail_host},
 *	{mail_mailer} at MAIL; i and {rcpt_*} at RCPT; i with DATA, each
 *	header, end of header, body chunk and end of message.
 *
 *	A message's latency runs from MAIL to the final answer.
 *	Throughput is messages over the wall time of the whole run,
 *	connection set-up included. With -p PID the filter's CPU time
 *	(utime + stime of all its threads, /proc/PID/stat) is read before
 *	and after the run, and its peak and current RSS (VmHWM, VmRSS)
 *	after it.
 *
 *	Output: a readable report, then one line "RESULT key=value ..."
 *	for scripts.
 * OPTIONS
 *	-c N	concurrent connections (1)
 *	-m M	messages per connection (1)
 *	-n T	messages in all (number of files)
 *	-s B	body chunk size, at most 65535 (65535)
 *	-f A	envelope sender (the file's Return-Path, else bench@example.com)
 *	-r A	envelope recipient, up to 8 (rcpt@example.net)
 *	-a IP	client address (192.0.2.10); -H NAME client name; -e NAME HELO
 *	-A LOGIN  SASL login ({auth_type} PLAIN, {auth_authen} LOGIN)
 *	-U	make each Message-ID unique (breaks DKIM if it is signed)
 *	-O MASK	protocol flags offered (Postfix's: 0x1fffff)
 *	-p PID	the filter's process, for CPU and memory
 *	-t MS	timeout per read or write (30000)
 *	-v	per-file actions and negotiated flags
 * EXIT STATUS
 *	0; 1 when any protocol or connection error happened (each is
 *	printed to stderr); 2 for a usage error.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <libmilter/mfapi.h>
#include <libmilter/mfdef.h>

#include "mailmsg.h"
#include "mproto.h"

#define MAX_RCPT	8
#define MAX_ERRORS	100	/* then the run stops */
#define POSTFIX_PROT	0x001FFFFFUL	/* every SMFIP_ up to HDR_LEADSPC */

enum act { A_CONTINUE, A_ACCEPT, A_REJECT, A_TEMPFAIL, A_DISCARD, A_ERROR,
	NACT };
static const char *const act_name[NACT] = { "continue", "accept", "reject",
	"tempfail", "discard", "error" };

/* Modification packets, the action each needs, and their names. */
static const struct {
	int		 cmd;
	unsigned long	 need;
	const char	*name;
} mods[] = {
	{ SMFIR_ADDHEADER, SMFIF_ADDHDRS, "addheader" },
	{ SMFIR_INSHEADER, SMFIF_ADDHDRS, "insheader" },
	{ SMFIR_CHGHEADER, SMFIF_CHGHDRS, "chgheader" },
	{ SMFIR_ADDRCPT, SMFIF_ADDRCPT, "addrcpt" },
	{ SMFIR_ADDRCPT_PAR, SMFIF_ADDRCPT_PAR, "addrcpt_par" },
	{ SMFIR_DELRCPT, SMFIF_DELRCPT, "delrcpt" },
	{ SMFIR_CHGFROM, SMFIF_CHGFROM, "chgfrom" },
	{ SMFIR_REPLBODY, SMFIF_CHGBODY, "replbody" },
	{ SMFIR_QUARANTINE, SMFIF_QUARANTINE, "quarantine" },
};
#define NMOD	(sizeof(mods) / sizeof(mods[0]))

/* Postfix's default macro lists per stage (postconf -d milter_*_macros). */
static const char *const default_macros[MPROTO_NSTAGES] = {
	"j {daemon_name} {daemon_addr} v _",
	"{tls_version} {cipher} {cipher_bits} {cert_subject} {cert_issuer}",
	("i {auth_type} {auth_authen} {auth_author} {mail_addr} {mail_host} "
	    "{mail_mailer}"),
	"i {rcpt_addr} {rcpt_host} {rcpt_mailer}",
	"i",		/* DATA */
	"i",		/* end of data: body chunks and end of message */
	"i",		/* end of header: each header and end of header */
};

static struct {
	const char	*socket;
	int		 conns, per_conn, timeout_ms, unique_msgid, verbose;
	long		 total;
	size_t		 chunk;
	const char	*mail_from, *rcpt[MAX_RCPT], *client_addr;
	const char	*client_name, *helo, *login;
	int		 nrcpt;
	unsigned long	 offer;
	pid_t		 pid;
} opt;

static struct mailmsg **files;
static size_t nfiles;
static atomic_long next_msg;
static atomic_int nerrors;
static pthread_mutex_t first_lock = PTHREAD_MUTEX_INITIALIZER;
static int have_first;
static unsigned long first_version, first_actions, first_pflags;

struct worker {
	pthread_t	 tid;
	int		 id;
	unsigned long	 seq;		/* messages begun */
	struct mproto	*m;
	uint32_t	*lat;		/* microseconds */
	size_t		 nlat, latcap;
	unsigned long	*acts;		/* [file][NACT] */
	unsigned long	 early;		/* final answers before end of message */
	unsigned long	 mods[NMOD];
	unsigned long	 connections;
	/* the message being sent, for macros and diagnostics */
	long		 msgno;
	char		 qid[24];
	const char	*from, *rcpt;
	char		*hbuf;		/* one header packet */
	size_t		 hcap;
};

static void
usage(void)
{
	fprintf(stderr, "usage: miltbench [-Uv] [-c conns] [-m per-conn] "
	    "[-n total] [-s chunk]\n\t[-f from] [-r rcpt] [-a addr] "
	    "[-H name] [-e helo] [-A login] [-O mask]\n\t[-p pid] [-t ms] "
	    "unix:/path|inet:port@host file...\n");
	exit(2);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
error(struct worker *w, const char *what)
{
	fprintf(stderr, "miltbench: PROTOCOL ERROR: connection %d, message "
	    "%ld: %s\n", w->id, w->msgno, what);
	atomic_fetch_add(&nerrors, 1);
}

static const char *
domain_of(const char *addr)
{
	const char *at = strrchr(addr, '@');

	return at != NULL ? at + 1 : "";
}

/* The value Postfix would give macro name, or NULL when it has none. */
static const char *
macro_value(struct worker *w, const char *name, char *buf, size_t len)
{
	if (strcmp(name, "i") == 0)
		return w->qid;
	if (strcmp(name, "j") == 0 || strcmp(name, "{daemon_name}") == 0)
		return "mta.bench.test";
	if (strcmp(name, "{daemon_addr}") == 0)
		return "127.0.0.1";
	if (strcmp(name, "{daemon_port}") == 0)
		return "25";
	if (strcmp(name, "v") == 0)
		return "Postfix 3.7 (miltbench)";
	if (strcmp(name, "_") == 0) {
		snprintf(buf, len, "%s [%s]", opt.client_name, opt.client_addr);
		return buf;
	}
	if (strcmp(name, "{client_addr}") == 0)
		return opt.client_addr;
	if (strcmp(name, "{client_name}") == 0 ||
	    strcmp(name, "{client_ptr}") == 0)
		return opt.client_name;
	if (strcmp(name, "{client_port}") == 0)
		return "54321";
	if (opt.login != NULL && strcmp(name, "{auth_type}") == 0)
		return "PLAIN";
	if (opt.login != NULL && strcmp(name, "{auth_authen}") == 0)
		return opt.login;
	if (w->from != NULL && strcmp(name, "{mail_addr}") == 0)
		return w->from;
	if (w->from != NULL && strcmp(name, "{mail_host}") == 0)
		return domain_of(w->from);
	if (w->from != NULL && strcmp(name, "{mail_mailer}") == 0)
		return "smtp";
	if (w->rcpt != NULL && strcmp(name, "{rcpt_addr}") == 0)
		return w->rcpt;
	if (w->rcpt != NULL && strcmp(name, "{rcpt_host}") == 0)
		return domain_of(w->rcpt);
	if (w->rcpt != NULL && strcmp(name, "{rcpt_mailer}") == 0)
		return "smtp";
	return NULL;
}

static int
stage_of(int cmd)
{
	switch (cmd) {
	case SMFIC_CONNECT:	return SMFIM_CONNECT;
	case SMFIC_HELO:	return SMFIM_HELO;
	case SMFIC_MAIL:	return SMFIM_ENVFROM;
	case SMFIC_RCPT:	return SMFIM_ENVRCPT;
	case SMFIC_DATA:	return SMFIM_DATA;
	case SMFIC_HEADER:
	case SMFIC_EOH:		return SMFIM_EOH;
	default:		return SMFIM_EOM;	/* body, end of message */
	}
}

/* SMFIC_MACRO for event cmd, as Postfix sends it before every event. */
static void
put_macros(struct worker *w, int cmd)
{
	const char *list = w->m->symlist[stage_of(cmd)];
	char names[1024], vbuf[256];
	const char *pairs[2 * 32 + 1], *v;
	char *save = NULL, *name;
	int n = 0;

	if (list == NULL)
		list = default_macros[stage_of(cmd)];
	snprintf(names, sizeof(names), "%s", list);
	for (name = strtok_r(names, " ,", &save); name != NULL && n < 2 * 32;
	    name = strtok_r(NULL, " ,", &save)) {
		if ((v = macro_value(w, name, vbuf, sizeof(vbuf))) == NULL)
			continue;
		pairs[n++] = name;
		pairs[n++] = v;
	}
	pairs[n] = NULL;
	if (n > 0 || list[0] != '\0')
		mproto_put_macros(w->m, cmd, pairs);
}

/* The reply code as a final action; -1 for continue, -2 for not final. */
static int
final_action(int cmd, const unsigned char *d, size_t len)
{
	switch (cmd) {
	case SMFIR_CONTINUE:	return -1;
	case SMFIR_ACCEPT:	return A_ACCEPT;
	case SMFIR_REJECT:	return A_REJECT;
	case SMFIR_TEMPFAIL:	return A_TEMPFAIL;
	case SMFIR_DISCARD:	return A_DISCARD;
	case SMFIR_SHUTDOWN:
	case SMFIR_CONN_FAIL:	return A_TEMPFAIL;
	case SMFIR_REPLYCODE:
		if (len < 5 || d[len - 1] != '\0' ||
		    (d[0] != '4' && d[0] != '5') || d[1] < '0' || d[1] > '9' ||
		    d[2] < '0' || d[2] > '9' || (d[3] != ' ' && d[3] != '-'))
			return -3;
		return d[0] == '4' ? A_TEMPFAIL : A_REJECT;
	default:		return -2;
	}
}

/* 1 when data holds exactly n NUL-terminated strings after skip octets. */
static int
strings(const unsigned char *d, size_t len, size_t skip, int n)
{
	size_t i;

	if (len < skip)
		return 0;
	for (i = skip; i < len; i++)
		if (d[i] == '\0')
			n--;
	return n == 0 && len > skip && d[len - 1] == '\0';
}

/* Checks one modification packet at end of message and counts it. */
static int
modification(struct worker *w, int cmd, const unsigned char *d, size_t len)
{
	char why[160];
	size_t i;
	int ok;

	for (i = 0; i < NMOD && mods[i].cmd != cmd; i++)
		;
	if (i == NMOD) {
		snprintf(why, sizeof(why), "unknown reply '%c' (0x%02x) at end "
		    "of message", cmd >= ' ' && cmd < 127 ? cmd : '?', cmd);
		error(w, why);
		return -1;
	}
	if ((w->m->actions & mods[i].need) == 0) {
		snprintf(why, sizeof(why), "%s without negotiating action 0x%lx",
		    mods[i].name, mods[i].need);
		error(w, why);
		return -1;
	}
	switch (cmd) {
	case SMFIR_ADDHEADER:	ok = strings(d, len, 0, 2); break;
	case SMFIR_INSHEADER:
	case SMFIR_CHGHEADER:	ok = strings(d, len, 4, 2); break;
	case SMFIR_ADDRCPT:
	case SMFIR_DELRCPT:
	case SMFIR_QUARANTINE:	ok = strings(d, len, 0, 1); break;
	case SMFIR_ADDRCPT_PAR:
	case SMFIR_CHGFROM:	ok = strings(d, len, 0, 1) ||
				    strings(d, len, 0, 2); break;
	default:		ok = 1; break;
	}
	if (!ok) {
		snprintf(why, sizeof(why), "malformed %s packet (%zu octets)",
		    mods[i].name, len);
		error(w, why);
		return -1;
	}
	w->mods[i]++;
	return 0;
}

/*
 * Sends event cmd with its macros, unless the filter asked not to get it
 * (noflag), and reads the answer unless it asked to give none (nrflag).
 * Returns -1 for continue, an enum act for a final answer, SMFIR_SKIP
 * for skip (body only), or -2 after an error.
 */
static int
event(struct worker *w, int cmd, unsigned long noflag, unsigned long nrflag,
    const void *data, size_t len)
{
	const unsigned char *d;
	char why[160];
	size_t dlen;
	int r, a;

	put_macros(w, cmd);
	if (noflag != 0 && (w->m->pflags & noflag) != 0)
		return -1;
	mproto_put(w->m, cmd, data, len);
	if (nrflag != 0 && (w->m->pflags & nrflag) != 0)
		return -1;
	do {
		if (mproto_read(w->m, &r, &d, &dlen) < 0) {
			error(w, w->m->err);
			return -2;
		}
	} while (r == SMFIR_PROGRESS);
	if (r == SMFIR_SKIP && cmd == SMFIC_BODY &&
	    (w->m->pflags & SMFIP_SKIP) != 0)
		return SMFIR_SKIP;
	if ((a = final_action(r, d, dlen)) >= -1)
		return a;
	snprintf(why, sizeof(why), "reply '%c' (0x%02x, %zu octets) to "
	    "command '%c'%s", r >= ' ' && r < 127 ? r : '?', r, dlen, cmd,
	    a == -3 ? ": malformed reply code" : "");
	error(w, why);
	return -2;
}

/* End of message: modifications, then the final answer (enum act). */
static int
end_of_message(struct worker *w)
{
	const unsigned char *d;
	char why[160];
	size_t dlen;
	int r, a;

	put_macros(w, SMFIC_BODYEOB);
	mproto_put(w->m, SMFIC_BODYEOB, NULL, 0);
	for (;;) {
		if (mproto_read(w->m, &r, &d, &dlen) < 0) {
			error(w, w->m->err);
			return -2;
		}
		if (r == SMFIR_PROGRESS)
			continue;
		if ((a = final_action(r, d, dlen)) == -1)
			return A_CONTINUE;
		if (a >= 0)
			return a;
		if (a == -3) {
			snprintf(why, sizeof(why), "malformed reply code at end "
			    "of message");
			error(w, why);
			return -2;
		}
		if (modification(w, r, d, dlen) < 0)
			return -2;
	}
}

static void
record(struct worker *w, size_t file, int act, double t0)
{
	double us = (now_s() - t0) * 1e6;

	w->acts[file * NACT + (size_t)act]++;
	if (act == A_ERROR)
		return;
	if (w->nlat == w->latcap) {
		w->latcap = w->latcap ? w->latcap * 2 : 1024;
		if ((w->lat = realloc(w->lat, w->latcap * sizeof(*w->lat))) ==
		    NULL)
			abort();
	}
	w->lat[w->nlat++] = us > 4e9 ? 4000000000u : (uint32_t)us;
}

/* A header value as sent: one space less unless HDR_LEADSPC; -U ids. */
static const char *
header_value(struct worker *w, const struct mailhdr *h, char *buf,
    size_t len)
{
	const char *v = h->value, *lt;

	if ((w->m->pflags & SMFIP_HDR_LEADSPC) == 0 && *v == ' ')
		v++;
	if (opt.unique_msgid && strcasecmp(h->name, "Message-ID") == 0 &&
	    (lt = strchr(v, '<')) != NULL) {
		snprintf(buf, len, "%.*s<mb%d.%lu.%s", (int)(lt - v), v, w->id,
		    w->seq, lt + 1);
		return buf;
	}
	return v;
}

/* Sends one message; returns the final action, or -2 after an error. */
static int
message(struct worker *w, const struct mailmsg *mm)
{
	char arg[1024], hv[4096];
	const char *v;
	size_t i, off, n, nl, vl;
	int a, r, accepted = 0;

	w->seq++;
	snprintf(w->qid, sizeof(w->qid), "%04X%07lX", (unsigned)w->id & 0xffff,
	    w->seq & 0xfffffff);
	w->from = opt.mail_from != NULL ? opt.mail_from :
	    mm->return_path != NULL ? mm->return_path : "bench@example.com";
	w->rcpt = NULL;
	n = (size_t)snprintf(arg, sizeof(arg), "<%s>", w->from) + 1;
	if ((a = event(w, SMFIC_MAIL, SMFIP_NOMAIL, SMFIP_NR_MAIL, arg, n)) !=
	    -1)
		return a;
	for (i = 0; i < (size_t)opt.nrcpt; i++) {
		w->rcpt = opt.rcpt[i];
		n = (size_t)snprintf(arg, sizeof(arg), "<%s>", w->rcpt) + 1;
		r = event(w, SMFIC_RCPT, SMFIP_NORCPT, SMFIP_NR_RCPT, arg, n);
		if (r == -2 || r == A_ACCEPT || r == A_DISCARD)
			return r;
		if (r == -1)
			accepted++;
		else
			a = r;		/* this recipient refused */
	}
	if (accepted == 0)
		return a;
	if ((a = event(w, SMFIC_DATA, SMFIP_NODATA, SMFIP_NR_DATA, NULL, 0)) !=
	    -1)
		return a;
	for (i = 0; i < mm->nh; i++) {
		v = header_value(w, &mm->h[i], hv, sizeof(hv));
		nl = strlen(mm->h[i].name) + 1;
		vl = strlen(v) + 1;
		if (nl + vl > w->hcap) {
			w->hcap = nl + vl + 1024;
			if ((w->hbuf = realloc(w->hbuf, w->hcap)) == NULL)
				abort();
		}
		memcpy(w->hbuf, mm->h[i].name, nl);
		memcpy(w->hbuf + nl, v, vl);
		if ((a = event(w, SMFIC_HEADER, SMFIP_NOHDRS, SMFIP_NR_HDR,
		    w->hbuf, nl + vl)) != -1)
			return a;
	}
	if ((a = event(w, SMFIC_EOH, SMFIP_NOEOH, SMFIP_NR_EOH, NULL, 0)) != -1)
		return a;
	for (off = 0; off < mm->bodylen; off += n) {
		n = mm->bodylen - off < opt.chunk ? mm->bodylen - off : opt.chunk;
		a = event(w, SMFIC_BODY, SMFIP_NOBODY, SMFIP_NR_BODY,
		    mm->body + off, n);
		if (a == SMFIR_SKIP)
			break;
		if (a != -1)
			return a;
	}
	return end_of_message(w) + 100;	/* + 100: reached the end */
}

static void
note_first(const struct mproto *m)
{
	pthread_mutex_lock(&first_lock);
	if (!have_first) {
		have_first = 1;
		first_version = m->version;
		first_actions = m->actions;
		first_pflags = m->pflags;
	}
	pthread_mutex_unlock(&first_lock);
}

/* Counts messages that were claimed but could not be sent. */
static void
lost(struct worker *w, long from, long to, double t0)
{
	for (; from < to; from++)
		record(w, (size_t)from % nfiles, A_ERROR, t0);
}

/* One connection carrying messages [k, k + n); -1 after an error. */
static int
connection(struct worker *w, long k, long n)
{
	char err[256], conn[512];
	uint16_t port = htons(54321);
	double t0 = now_s();
	size_t l;
	long i;
	int a;

	w->msgno = k;
	w->m = mproto_open(opt.socket, opt.timeout_ms, SMFI_PROT_VERSION,
	    SMFI_CURR_ACTS, opt.offer, err, sizeof(err));
	if (w->m == NULL) {
		error(w, err);
		lost(w, k, k + n, t0);
		return -1;
	}
	w->connections++;
	note_first(w->m);
	w->from = w->rcpt = NULL;
	w->qid[0] = '\0';
	l = (size_t)snprintf(conn, sizeof(conn), "%s", opt.client_name) + 1;
	conn[l++] = SMFIA_INET;
	memcpy(conn + l, &port, 2);
	l += 2;
	l += (size_t)snprintf(conn + l, sizeof(conn) - l, "%s",
	    opt.client_addr) + 1;
	a = event(w, SMFIC_CONNECT, SMFIP_NOCONNECT, SMFIP_NR_CONN, conn, l);
	if (a == -1)
		a = event(w, SMFIC_HELO, SMFIP_NOHELO, SMFIP_NR_HELO, opt.helo,
		    strlen(opt.helo) + 1);
	if (a != -1) {			/* the whole connection is decided */
		for (i = k; i < k + n; i++)
			record(w, (size_t)i % nfiles, a >= 0 ? a : A_ERROR, t0);
		w->early += a >= 0 ? (unsigned long)n : 0;
		mproto_free(w->m);
		w->m = NULL;
		return a >= 0 ? 0 : -1;
	}
	for (i = k; i < k + n; i++) {
		w->msgno = i;
		t0 = now_s();
		a = message(w, files[(size_t)i % nfiles]);
		if (a == -2 || a == 98) {		/* error */
			lost(w, i, k + n, t0);
			mproto_free(w->m);
			w->m = NULL;
			return -1;
		}
		if (a < 100) {		/* decided before the end: abort it */
			w->early++;
			mproto_put(w->m, SMFIC_ABORT, NULL, 0);
		} else
			a -= 100;
		record(w, (size_t)i % nfiles, a, t0);
	}
	mproto_put(w->m, SMFIC_QUIT, NULL, 0);
	if (mproto_flush(w->m) < 0)
		error(w, w->m->err);
	mproto_free(w->m);
	w->m = NULL;
	return 0;
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	long k, n;

	while (atomic_load(&nerrors) < MAX_ERRORS) {
		k = atomic_fetch_add(&next_msg, opt.per_conn);
		if (k >= opt.total)
			break;
		n = opt.total - k < opt.per_conn ? opt.total - k : opt.per_conn;
		connection(w, k, n);
	}
	return NULL;
}

/* utime + stime of a process in clock ticks; -1 when unreadable. */
static long long
proc_cpu(pid_t pid)
{
	char path[64], buf[2048], *p;
	unsigned long long ut, st;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	if ((p = strrchr(buf, ')')) == NULL ||	/* after the command name */
	    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu "
	    "%llu", &ut, &st) != 2)
		return -1;
	return (long long)(ut + st);
}

/* A "Name:  1234 kB" line of /proc/PID/status, in kB; -1 when absent. */
static long
proc_kb(pid_t pid, const char *name)
{
	char path[64], line[256];
	size_t n = strlen(name);
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/status", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, name, n) == 0 && line[n] == ':')
			v = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return v;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static double
self_cpu(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static void
print_flags(unsigned long pflags)
{
	static const struct { unsigned long f; const char *n; } t[] = {
		{ SMFIP_NOCONNECT, "NOCONNECT" }, { SMFIP_NOHELO, "NOHELO" },
		{ SMFIP_NOMAIL, "NOMAIL" }, { SMFIP_NORCPT, "NORCPT" },
		{ SMFIP_NOBODY, "NOBODY" }, { SMFIP_NOHDRS, "NOHDRS" },
		{ SMFIP_NOEOH, "NOEOH" }, { SMFIP_NR_HDR, "NR_HDR" },
		{ SMFIP_NOUNKNOWN, "NOUNKNOWN" }, { SMFIP_NODATA, "NODATA" },
		{ SMFIP_SKIP, "SKIP" }, { SMFIP_RCPT_REJ, "RCPT_REJ" },
		{ SMFIP_NR_CONN, "NR_CONN" }, { SMFIP_NR_HELO, "NR_HELO" },
		{ SMFIP_NR_MAIL, "NR_MAIL" }, { SMFIP_NR_RCPT, "NR_RCPT" },
		{ SMFIP_NR_DATA, "NR_DATA" }, { SMFIP_NR_UNKN, "NR_UNKN" },
		{ SMFIP_NR_EOH, "NR_EOH" }, { SMFIP_NR_BODY, "NR_BODY" },
		{ SMFIP_HDR_LEADSPC, "HDR_LEADSPC" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (pflags & t[i].f)
			printf(" %s", t[i].n);
}

static void
report(struct worker *ws, double wall, long long cpu0, long long cpu1,
    double dcpu)
{
	unsigned long acts[NACT] = { 0 }, modc[NMOD] = { 0 }, early = 0;
	unsigned long conns = 0;
	uint32_t *all, p50 = 0, p99 = 0, mx = 0;
	size_t n = 0, i, f;
	long hz = sysconf(_SC_CLK_TCK), hwm = -1, rss = -1;
	double cpu_us = -1;
	int w, a;

	for (w = 0; w < opt.conns; w++)
		n += ws[w].nlat;
	if ((all = malloc((n ? n : 1) * sizeof(*all))) == NULL)
		abort();
	for (n = 0, w = 0; w < opt.conns; w++) {
		if (ws[w].nlat > 0)
			memcpy(all + n, ws[w].lat, ws[w].nlat * sizeof(*all));
		n += ws[w].nlat;
		early += ws[w].early;
		conns += ws[w].connections;
		for (f = 0; f < nfiles; f++)
			for (a = 0; a < NACT; a++)
				acts[a] += ws[w].acts[f * NACT + (size_t)a];
		for (i = 0; i < NMOD; i++)
			modc[i] += ws[w].mods[i];
	}
	if (n > 0) {
		qsort(all, n, sizeof(*all), cmp_u32);
		p50 = all[(n - 1) / 2];
		p99 = all[(n * 99 + 99) / 100 - 1];
		mx = all[n - 1];
	}
	free(all);
	printf("miltbench: %s: %d connection%s, %d message%s per connection, "
	    "%zu in all from %zu file%s\n", opt.socket, opt.conns,
	    opt.conns == 1 ? "" : "s", opt.per_conn,
	    opt.per_conn == 1 ? "" : "s", n, nfiles, nfiles == 1 ? "" : "s");
	if (have_first) {
		printf("  negotiated: version %lu, actions 0x%lx, protocol "
		    "0x%lx", first_version, first_actions, first_pflags);
		if (opt.verbose)
			print_flags(first_pflags);
		printf("\n");
	}
	printf("  %.3f s, %.1f msg/s; latency p50 %.2f ms, p99 %.2f ms, max "
	    "%.2f ms\n", wall, wall > 0 ? (double)n / wall : 0, p50 / 1e3,
	    p99 / 1e3, mx / 1e3);
	printf("  final actions:");
	for (a = 0; a < NACT; a++)
		if (acts[a] > 0)
			printf(" %s %lu", act_name[a], acts[a]);
	printf(" (%lu before end of message)\n", early);
	printf("  modifications:");
	for (i = 0; i < NMOD; i++)
		if (modc[i] > 0)
			printf(" %s %lu", mods[i].name, modc[i]);
	printf("\n");
	if (opt.verbose)
		for (f = 0; f < nfiles; f++) {
			printf("  %-24s", files[f]->label);
			for (a = 0; a < NACT; a++) {
				unsigned long c = 0;

				for (w = 0; w < opt.conns; w++)
					c += ws[w].acts[f * NACT + (size_t)a];
				if (c > 0)
					printf(" %s %lu", act_name[a], c);
			}
			printf("\n");
		}
	if (opt.pid > 0) {
		if (cpu0 >= 0 && cpu1 >= 0 && n > 0)
			cpu_us = (double)(cpu1 - cpu0) * 1e6 / (double)hz /
			    (double)n;
		hwm = proc_kb(opt.pid, "VmHWM");
		rss = proc_kb(opt.pid, "VmRSS");
		printf("  filter pid %ld: %.0f us CPU/msg, VmHWM %.1f MB, "
		    "VmRSS %.1f MB\n", (long)opt.pid, cpu_us, hwm / 1024.0,
		    rss / 1024.0);
	}
	printf("  driver: %.0f us CPU/msg\n", n > 0 ? dcpu * 1e6 / (double)n :
	    0);
	printf("  protocol errors: %d\n", atomic_load(&nerrors));
	printf("RESULT conns=%d per_conn=%d msgs=%zu connections=%lu wall_s=%.3f "
	    "msgps=%.1f p50_us=%u p99_us=%u max_us=%u", opt.conns,
	    opt.per_conn, n, conns, wall, wall > 0 ? (double)n / wall : 0, p50,
	    p99, mx);
	for (a = 0; a < NACT; a++)
		printf(" %s=%lu", act_name[a], acts[a]);
	for (i = 0; i < NMOD; i++)
		if (modc[i] > 0)
			printf(" mod_%s=%lu", mods[i].name, modc[i]);
	printf(" early=%lu cpu_us_per_msg=%.0f hwm_kb=%ld rss_kb=%ld "
	    "driver_cpu_us_per_msg=%.0f errors=%d\n", early, cpu_us, hwm, rss,
	    n > 0 ? dcpu * 1e6 / (double)n : 0, atomic_load(&nerrors));
}

static long
num(const char *s, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno != 0 || *end != '\0' || v < lo || v > hi) {
		fprintf(stderr, "miltbench: %s: not a number from %ld to %ld\n",
		    s, lo, hi);
		exit(2);
	}
	return v;
}

static void
options(int argc, char **argv)
{
	int c;

	opt.conns = opt.per_conn = 1;
	opt.total = -1;
	opt.chunk = MILTER_CHUNK_SIZE;
	opt.timeout_ms = 30000;
	opt.client_addr = "192.0.2.10";
	opt.client_name = "client.bench.test";
	opt.helo = "client.bench.test";
	opt.offer = POSTFIX_PROT;
	while ((c = getopt(argc, argv, "A:a:c:e:f:H:m:n:O:p:r:s:t:Uv")) != -1)
		switch (c) {
		case 'A': opt.login = optarg; break;
		case 'a': opt.client_addr = optarg; break;
		case 'c': opt.conns = (int)num(optarg, 1, 4096); break;
		case 'e': opt.helo = optarg; break;
		case 'f': opt.mail_from = optarg; break;
		case 'H': opt.client_name = optarg; break;
		case 'm': opt.per_conn = (int)num(optarg, 1, 1000000000); break;
		case 'n': opt.total = num(optarg, 1, 1000000000000L); break;
		case 'O': opt.offer = (unsigned long)num(optarg, 0,
		    (long)SMFI_CURR_PROT); break;
		case 'p': opt.pid = (pid_t)num(optarg, 1, 1 << 30); break;
		case 'r':
			if (opt.nrcpt == MAX_RCPT)
				usage();
			opt.rcpt[opt.nrcpt++] = optarg;
			break;
		case 's': opt.chunk = (size_t)num(optarg, 1,
		    MILTER_CHUNK_SIZE); break;
		case 't': opt.timeout_ms = (int)num(optarg, 1, 3600000); break;
		case 'U': opt.unique_msgid = 1; break;
		case 'v': opt.verbose = 1; break;
		default: usage();
		}
	if (argc - optind < 2)
		usage();
	opt.socket = argv[optind];
	if (opt.nrcpt == 0)
		opt.rcpt[opt.nrcpt++] = "rcpt@example.net";
}

int
main(int argc, char **argv)
{
	struct worker *ws;
	char err[256];
	double t0, wall, c0;
	long long cpu0 = -1, cpu1 = -1;
	int i;

	options(argc, argv);
	nfiles = (size_t)(argc - optind - 1);
	if ((files = calloc(nfiles, sizeof(*files))) == NULL)
		abort();
	for (i = 0; i < (int)nfiles; i++)
		if ((files[i] = mailmsg_load(argv[optind + 1 + i], err,
		    sizeof(err))) == NULL) {
			fprintf(stderr, "miltbench: %s\n", err);
			return 2;
		}
	if (opt.total < 0)
		opt.total = (long)nfiles;
	if ((ws = calloc((size_t)opt.conns, sizeof(*ws))) == NULL)
		abort();
	if (opt.pid > 0 && (cpu0 = proc_cpu(opt.pid)) < 0) {
		fprintf(stderr, "miltbench: cannot read /proc/%ld/stat\n",
		    (long)opt.pid);
		return 2;
	}
	c0 = self_cpu();
	t0 = now_s();
	for (i = 0; i < opt.conns; i++) {
		ws[i].id = i;
		if ((ws[i].acts = calloc(nfiles * NACT, sizeof(long))) == NULL)
			abort();
		if ((errno = pthread_create(&ws[i].tid, NULL, worker_main,
		    &ws[i])) != 0) {
			fprintf(stderr, "miltbench: pthread_create: %s\n",
			    strerror(errno));
			return 1;
		}
	}
	for (i = 0; i < opt.conns; i++)
		pthread_join(ws[i].tid, NULL);
	wall = now_s() - t0;
	if (opt.pid > 0)
		cpu1 = proc_cpu(opt.pid);
	report(ws, wall, cpu0, cpu1, self_cpu() - c0);
	for (i = 0; i < opt.conns; i++) {
		free(ws[i].lat);
		free(ws[i].acts);
		free(ws[i].hbuf);
	}
	free(ws);
	for (i = 0; i < (int)nfiles; i++)
		mailmsg_free(files[i]);
	free(files);
	return atomic_load(&nerrors) > 0 ? 1 : 0;
}
