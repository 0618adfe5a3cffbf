/*
 * The suppression list store: one key per spelling of a mailbox
 * (normalization table), reasons and dates, lookups by address and by
 * domain in every scope, one transaction all or nothing (an aborted
 * import leaves nothing), a reader that keeps its snapshot while a
 * writer commits, a writer in another process growing the map under
 * an open reader (MDB_MAP_RESIZED), and 100,000 entries in one
 * transaction. The import line formats (lists, CSV, unsubscribe
 * requests) with their errors, and export lines that import back.
 * The daemon's side: a recipient looked up at RCPT (a missing store is
 * empty, a broken one a temperror, then repaired), its reply rendered
 * from the template; rcpt.suppressed at the end of the message with
 * entries scoped to the message's stream.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "checkrun.h"
#include "conf.h"
#include "log.h"
#include "stream.h"
#include "suppcheck.h"
#include "suppfile.h"
#include "suppress.h"
#include "tap.h"
#include "util.h"

static const struct {
	const char	*in;
	const char	*out;	/* NULL: refused */
	const char	*why;
} norm[] = {
	{ "bob@example.net", "bob@example.net", NULL },
	{ "Bob@Example.NET", "bob@example.net", NULL },
	{ "\"Bob\"@example.net", "bob@example.net", NULL },
	{ "\"B\\ob\"@example.net", "bob@example.net", NULL },
	{ "\"b o b\"@example.net", "\"b o b\"@example.net", NULL },
	{ "\"A\\\"B\"@example.net", "\"a\\\"b\"@example.net", NULL },
	{ "\"a@b\"@example.net", "\"a@b\"@example.net", NULL },
	{ "bob+news@example.net", "bob+news@example.net", NULL },
	{ "@Example.NET", "@example.net", NULL },
	{ "@example.net.", NULL, "not a valid domain" },
	{ "bob@localhost", "bob@localhost", NULL },
	{ "bob@[192.0.2.1]", "bob@[192.0.2.1]", NULL },
	{ "jos\xc3\xa9@b\xc3\xbc" "cher.de", "jos\xc3\xa9@xn--bcher-kva.de", NULL },
	{ "Jose\xcc\x81@B\xc3\x9c" "CHER.DE", "jos\xc3\xa9@xn--bcher-kva.de", NULL },
	{ "\xc3\x89mile@example.net", "\xc3\x89mile@example.net", NULL },	/* ASCII only */
	{ "a\xcd\xbe" "b@example.net", "\"a;b\"@example.net", NULL },	/* NFC gives ';' */
	{ "\"a;b\"@example.net", "\"a;b\"@example.net", NULL },
	{ "\xe2\x84\xaa" "elvin@example.net", "kelvin@example.net", NULL },	/* U+212A */
	{ "bob@XN--BCHER-KVA.de", "bob@xn--bcher-kva.de", NULL },
	{ "", NULL, "not an address (local@domain, or @domain for a whole domain)" },
	{ "bob", NULL, "not an address (local@domain, or @domain for a whole domain)" },
	{ "example.net", NULL, "not an address (local@domain, or @domain for a whole domain)" },
	{ "bob@", NULL, "not a valid domain" },
	{ "bob@exa mple.net", NULL, "not a valid domain" },
	{ "bob@-x.example.net", NULL, "not a valid domain" },
	{ ".bob@example.net", NULL, "local part is not a dot-string or quoted string" },
	{ "a..b@example.net", NULL, "local part is not a dot-string or quoted string" },
	{ "a b@example.net", NULL, "local part is not a dot-string or quoted string" },
	{ "bob\x1f@example.net", NULL, "local part is not a dot-string or quoted string" },
	{ "\"bob@example.net", NULL, "bad quoted local part" },
	{ "\"a\x01\"@example.net", NULL, "bad quoted local part" },
	{ "bo\xff@example.net", NULL, "local part is not valid UTF-8" },
	{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.net",
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.net", NULL },
	{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.net",
	    NULL, "local part over 64 octets" },
};

static const struct {
	const char	*in;
	long		 t;	/* -1: refused */
} dates[] = {
	{ "2026-11-02", 1793577600L },
	{ "2026-11-02T10:15:00Z", 1793614500L },
	{ "1970-01-01", 0 },
	{ "2028-02-29", 1835395200L },
	{ "2026-02-29", -1 },
	{ "2026-11-31", -1 },
	{ "2026-13-01", -1 },
	{ "1969-12-31", -1 },
	{ "26-11-02", -1 },
	{ "2026-11-02T24:00:00Z", -1 },
	{ "2026-11-02T10:15:00", -1 },
	{ "2026-11-02 10:15:00Z", -1 },
	{ "2026-1x-02", -1 },
};

struct found {
	char	 text[4096];
	size_t	 n;
};

static void
collect(void *arg, size_t i, const struct supp_entry *e)
{
	struct found *f = arg;
	size_t len = strlen(f->text);
	char d[32];

	suppress_date_format(e->date, 0, d, sizeof(d));
	snprintf(f->text + len, sizeof(f->text) - len, "%s%zu:%s/%s/%s/%s",
	    len ? " " : "", i, e->addr, e->stream[0] ? e->stream : "*",
	    suppress_reason_name(e->reason), d);
	f->n++;
}

static void
listed(void *arg, const struct supp_entry *e)
{
	collect(arg, 0, e);
}

static struct supp_entry
entry(const char *addr, const char *stream, int reason, time_t t)
{
	struct supp_entry e;

	memset(&e, 0, sizeof(e));
	snprintf(e.addr, sizeof(e.addr), "%s", addr);
	snprintf(e.stream, sizeof(e.stream), "%s", stream);
	e.reason = reason;
	e.date = t;
	return e;
}

static const char *
find(struct suppress *s, const char *a, const char *stream)
{
	static struct found f;
	const char *v[2];
	char n0[SUPP_ADDR_MAX + 1], n1[SUPP_ADDR_MAX + 1];
	const char *why;
	size_t n = 0;
	char *comma = strchr(a, ',');

	memset(&f, 0, sizeof(f));
	if (suppress_norm(a, comma ? (size_t)(comma - a) : strlen(a), n0,
	    sizeof(n0), &why) == 0)
		v[n++] = n0;
	if (comma != NULL && suppress_norm(comma + 1, strlen(comma + 1), n1,
	    sizeof(n1), &why) == 0)
		v[n++] = n1;
	if (suppress_find(s, v, n, stream, collect, &f) != (int)f.n)
		return "count differs";
	return f.text;
}

static void
test_norm(void)
{
	char out[SUPP_ADDR_MAX + 1], name[256];
	const char *why;
	size_t i, len;
	char *copy;
	int rc;

	for (i = 0; i < sizeof(norm) / sizeof(norm[0]); i++) {
		copy = tap_exact(norm[i].in, &len);
		rc = suppress_norm(copy, len, out, sizeof(out), &why);
		free(copy);
		snprintf(name, sizeof(name), "norm \"%s\"", norm[i].in);
		if (norm[i].out != NULL) {
			tap_is_int(rc, 0, name);
			if (rc == 0)
				tap_is_str(out, norm[i].out, name);
		} else {
			tap_is_int(rc, -1, name);
			tap_is_str(why, norm[i].why, name);
		}
	}
	rc = suppress_norm("bob@example.net", 15, out, 10, &why);
	tap_ok(rc == -1 && strcmp(why, "address too long") == 0,
	    "norm: an output buffer too small is refused, not overrun");
}

static void
test_words(void)
{
	static const char *const r[] = { "unsubscribed", "hard-bounce",
	    "repeated-soft-bounce", "complaint", "manual" };
	char buf[32], name[128];
	time_t t;
	size_t i, len;
	char *copy;
	int rc;

	for (i = 0; i < 5; i++) {
		tap_is_int(suppress_reason_parse(r[i], strlen(r[i])), (long)i + 1,
		    r[i]);
		tap_is_str(suppress_reason_name((int)i + 1), r[i], "reason name");
	}
	tap_is_int(suppress_reason_parse("Complaint", 9), SUPP_COMPLAINT,
	    "reasons compare without case");
	tap_is_int(suppress_reason_parse("bounce", 6), -1, "unknown reason");
	tap_is_int(suppress_reason_parse("manualx", 6), SUPP_MANUAL,
	    "reason: only n octets are read");
	for (i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		copy = tap_exact(dates[i].in, &len);
		t = 0;
		rc = suppress_date_parse(copy, len, &t);
		free(copy);
		snprintf(name, sizeof(name), "date \"%s\"", dates[i].in);
		if (dates[i].t < 0)
			tap_is_int(rc, -1, name);
		else
			tap_ok(rc == 0 && t == (time_t)dates[i].t, name);
	}
	suppress_date_format(1793614500, 0, buf, sizeof(buf));
	tap_is_str(buf, "2026-11-02", "date format: day");
	suppress_date_format(1793614500, 1, buf, sizeof(buf));
	tap_is_str(buf, "2026-11-02T10:15:00Z", "date format: full");
}

static const struct {
	int		 unsub;
	const char	*in;
	const char	*out;	/* addr/stream/reason/date, "" skipped, or error */
} lines[] = {
	{ 0, "bob@example.net", "bob@example.net/*/manual/2026-11-02" },
	{ 0, "  Bob@Example.NET \r", "bob@example.net/*/manual/2026-11-02" },
	{ 0, "@Bounce.Example", "@bounce.example/*/manual/2026-11-02" },
	{ 0, "", "" },
	{ 0, "   \r", "" },
	{ 0, "# a comment, with commas", "" },
	{ 0, "address,reason,date,stream", "" },
	{ 0, "Address, Reason, Date", "" },
	{ 0, "b@x.net,hard-bounce,2026-01-02", "b@x.net/*/hard-bounce/2026-01-02" },
	{ 0, "b@x.net , complaint , 2026-01-02T10:00:00Z , news",
	    "b@x.net/news/complaint/2026-01-02" },
	{ 0, "b@x.net,complaint,2026-01-02,*", "b@x.net/*/complaint/2026-01-02" },
	{ 0, "b@x.net,,,", "b@x.net/*/manual/2026-11-02" },
	{ 0, "b@x.net,unsubscribed", "b@x.net/*/unsubscribed/2026-11-02" },
	{ 0, "\"\"\"f,g\"\"@x.net\",manual,2026-01-02", "\"f,g\"@x.net/*/manual/2026-01-02" },
	{ 0, "\"b@x.net\",\"repeated-soft-bounce\",\"2026-01-02\",\"news\"",
	    "b@x.net/news/repeated-soft-bounce/2026-01-02" },
	{ 0, "b@x.net,bogus,2026-01-02", "error: \"bogus\": unknown reason (unsubscribed, "
	    "hard-bounce, repeated-soft-bounce, complaint, manual)" },
	{ 0, "b@x.net,manual,2026-02-30",
	    "error: \"2026-02-30\": bad date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)" },
	{ 0, "b@x.net,manual,2026-01-02,nope", "error: \"nope\": unknown stream (not in the rule file)" },
	{ 0, "b@x.net,manual,2026-01-02,\"a\r\"", "error: \"a \": not a stream name (letters, "
	    "digits, '-', '_', '.')" },
	{ 0, "b@x.net,manual,2026-01-02,news,x", "error: too many fields: address,reason,date,stream" },
	{ 0, "b@x.net,a,b,c,d,e", "error: too many fields" },
	{ 0, "\"f,g\"@x.net", "error: text after a quoted field (a quoted local part goes in a "
	    "quoted field, its quotes doubled)" },
	{ 0, "b@x.net,\"manual", "error: unterminated quoted field" },
	{ 0, "b@x.net,man\"ual", "error: a quote inside an unquoted field (quote the whole field)" },
	{ 0, "bob", "error: \"bob\": not an address (local@domain, or @domain for a whole domain)" },
	{ 0, "bob@exa\x01mple.net", "error: \"bob@exa?mple.net\": not a valid domain" },
	{ 1, "z@x.net <news.example.com> 2026-11-03", "z@x.net/news/unsubscribed/2026-11-03" },
	{ 1, "z@x.net\t\tnews.example.com", "z@x.net/news/unsubscribed/2026-11-02" },
	{ 1, "z@x.net,<NEWS.Example.com>,2026-11-03T08:00:00Z", "z@x.net/news/unsubscribed/2026-11-03" },
	{ 1, "z@x.net", "z@x.net/*/unsubscribed/2026-11-02" },
	{ 1, "z@x.net <all.example>", "z@x.net/*/unsubscribed/2026-11-02" },
	{ 1, "z@x.net <other.example>", "error: \"<other.example>\": list-id has no -m mapping to a stream" },
	{ 1, "z@x.net <bad.example>", "error: \"nope\": unknown stream (not in the rule file)" },
	{ 1, "z@x.net news.example.com 2026-11-03 x", "error: too many fields: address [list-id [date]]" },
	{ 1, "z@x.net news.example.com yesterday",
	    "error: \"yesterday\": bad date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)" },
};

static int
only_news(void *arg, const char *name)
{
	(void)arg;
	return strcmp(name, "news") == 0;
}

static void
test_lines(void)
{
	static const char *const map[] = { "news.example.com=news",
	    "all.example=", "bad.example=nope", NULL };
	struct suppfile_opts o;
	struct supp_entry e;
	struct sbuf b;
	char err[512], got[1024], d[32], name[160];
	size_t i, len;
	char *copy;
	int rc;

	memset(&o, 0, sizeof(o));
	o.reason = SUPP_MANUAL;
	o.date = 1793577600;
	o.stream = "";
	o.map = map;
	o.stream_ok = only_news;
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		o.unsub = lines[i].unsub;
		copy = tap_exact(lines[i].in, &len);
		rc = suppfile_line(&o, copy, len, &e, err, sizeof(err));
		free(copy);
		if (rc < 0)
			snprintf(got, sizeof(got), "error: %s", err);
		else if (rc == 0)
			got[0] = '\0';
		else {
			suppress_date_format(e.date, 0, d, sizeof(d));
			snprintf(got, sizeof(got), "%s/%s/%s/%s", e.addr,
			    e.stream[0] ? e.stream : "*",
			    suppress_reason_name(e.reason), d);
		}
		snprintf(name, sizeof(name), "line%s \"%s\"",
		    lines[i].unsub ? " (unsubscribe)" : "", lines[i].in);
		tap_is_str(got, lines[i].out, name);
	}
	tap_is_int(suppfile_line(&o, "b@x.net\0c", 9, &e, err, sizeof(err)), -1,
	    "line with a NUL octet is refused");

	o.unsub = 0;
	sbuf_init(&b, 1024);
	memset(&e, 0, sizeof(e));
	snprintf(e.addr, sizeof(e.addr), "\"f,g\"@x.net");
	e.reason = SUPP_COMPLAINT;
	e.date = 1793614500;
	suppfile_csv(&e, &b);
	tap_is_str(b.s, "\"\"\"f,g\"\"@x.net\",complaint,2026-11-02T10:15:00Z,",
	    "export: RFC 4180 quoting, full date, empty scope");
	rc = suppfile_line(&o, b.s, b.len, &e, err, sizeof(err));
	tap_ok(rc == 1 && strcmp(e.addr, "\"f,g\"@x.net") == 0 &&
	    e.date == 1793614500 && e.reason == SUPP_COMPLAINT &&
	    e.stream[0] == '\0', "export: the line imports back to the same entry");
	sbuf_reset(&b);
	snprintf(e.stream, sizeof(e.stream), "news");
	suppfile_csv(&e, &b);
	tap_is_str(b.s, "\"\"\"f,g\"\"@x.net\",complaint,2026-11-02T10:15:00Z,news",
	    "export: a scope");
	sbuf_reset(&b);
	snprintf(e.addr, sizeof(e.addr), "#x@example.net");
	suppfile_csv(&e, &b);
	tap_is_str(b.s, "\"#x@example.net\",complaint,2026-11-02T10:15:00Z,news",
	    "export: an address starting with # is quoted, not a comment");
	rc = suppfile_line(&o, b.s, b.len, &e, err, sizeof(err));
	tap_ok(rc == 1 && strcmp(e.addr, "#x@example.net") == 0,
	    "export: and imports back");
	sbuf_clear(&b);
}

static void
test_store(const char *dir)
{
	struct suppress *s;
	struct supp_txn *t;
	struct supp_entry e;
	struct found f;
	char err[512];
	time_t d = 1793577600;

	s = suppress_open(dir, 16, SUPPRESS_RDONLY, err, sizeof(err));
	tap_ok(s == NULL && strstr(err, dir) != NULL,
	    "open read-only: a store that does not exist is an error naming it");
	s = suppress_open(dir, 16, SUPPRESS_CREATE, err, sizeof(err));
	if (!tap_ok(s != NULL, "open: creates the store")) {
		printf("# %s\n", err);
		return;
	}
	tap_is_str(find(s, "bob@example.net", NULL), "", "empty list: nothing found");
	t = suppress_begin(s);
	e = entry("bob@example.net", "", SUPP_UNSUBSCRIBED, d);
	suppress_put(t, &e);
	e = entry("carol@example.net", "news", SUPP_UNSUBSCRIBED, d + 86400);
	suppress_put(t, &e);
	e = entry("@bounce.example", "", SUPP_HARD_BOUNCE, d);
	suppress_put(t, &e);
	e = entry("@promo.example", "news", SUPP_COMPLAINT, d);
	suppress_put(t, &e);
	e = entry("dave@promo.example", "", SUPP_MANUAL, d);
	suppress_put(t, &e);
	tap_is_int(suppress_commit(t), 0, "commit");

	tap_is_str(find(s, "Bob@EXAMPLE.net", NULL), "0:bob@example.net/*/unsubscribed/2026-11-02",
	    "address entry, found by another spelling");
	tap_is_str(find(s, "bob2@example.net", NULL), "", "another address of the domain is not");
	tap_is_str(find(s, "carol@example.net", NULL), "",
	    "an entry scoped to a stream does not apply without a stream");
	tap_is_str(find(s, "carol@example.net", "news"), "0:carol@example.net/news/unsubscribed/2026-11-03",
	    "it applies in its stream");
	tap_is_str(find(s, "carol@example.net", "receipts"), "", "and not in another");
	tap_is_str(find(s, "anyone@bounce.example", "receipts"),
	    "0:@bounce.example/*/hard-bounce/2026-11-02", "a domain entry covers its addresses");
	tap_is_str(find(s, "anyone@sub.bounce.example", NULL), "", "but not its subdomains");
	tap_is_str(find(s, "dave@promo.example", "news"),
	    "0:dave@promo.example/*/manual/2026-11-02 0:@promo.example/news/complaint/2026-11-02",
	    "address entries come before the domain entry");
	tap_is_str(find(s, "x@example.org,bob@example.net", NULL),
	    "1:bob@example.net/*/unsubscribed/2026-11-02", "several addresses, one transaction: index given");
	tap_is_str(find(s, "@promo.example", SUPPRESS_ANY_STREAM),
	    "0:@promo.example/news/complaint/2026-11-02", "a domain looked up as a domain");

	/* all or nothing */
	t = suppress_begin(s);
	e = entry("eve@example.net", "", SUPP_MANUAL, d);
	suppress_put(t, &e);
	tap_is_int(suppress_del(t, "bob@example.net", ""), 1, "del: 1 when removed");
	tap_is_int(suppress_del(t, "bob@example.net", "news"), 0, "del: 0 when not there");
	tap_is_str(find(s, "bob@example.net", NULL), "0:bob@example.net/*/unsubscribed/2026-11-02",
	    "a reader does not see an uncommitted write");
	suppress_abort(t);
	tap_is_str(find(s, "eve@example.net,bob@example.net", NULL),
	    "1:bob@example.net/*/unsubscribed/2026-11-02", "abort: nothing of the transaction stays");

	/* replace */
	t = suppress_begin(s);
	e = entry("bob@example.net", "", SUPP_COMPLAINT, d + 2 * 86400);
	suppress_put(t, &e);
	suppress_commit(t);
	tap_is_str(find(s, "bob@example.net", NULL), "0:bob@example.net/*/complaint/2026-11-04",
	    "put replaces the entry of the same address and scope");

	memset(&f, 0, sizeof(f));
	tap_is_int(suppress_list(s, listed, &f), 5, "list: 5 entries");
	tap_is_str(f.text, "0:bob@example.net/*/complaint/2026-11-04 "
	    "0:carol@example.net/news/unsubscribed/2026-11-03 "
	    "0:dave@promo.example/*/manual/2026-11-02 "
	    "0:@bounce.example/*/hard-bounce/2026-11-02 "
	    "0:@promo.example/news/complaint/2026-11-02",
	    "list: addresses, then domains, in key order");

	t = suppress_begin(s);
	suppress_clear(t);
	suppress_commit(t);
	memset(&f, 0, sizeof(f));
	tap_is_int(suppress_list(s, listed, &f), 0, "clear: the list is empty");
	suppress_close(s);
	suppress_close(NULL);
}

/* A writer process grows the map of a store this process has open. */
static void
test_resize(const char *dir)
{
	struct suppress *r, *w;
	struct supp_txn *t;
	struct supp_entry e;
	char err[512], a[64];
	pid_t pid;
	int i, status;

	w = suppress_open(dir, 1, SUPPRESS_CREATE, err, sizeof(err));
	suppress_close(w);
	r = suppress_open(dir, 1, SUPPRESS_RDONLY, err, sizeof(err));
	if (!tap_ok(r != NULL, "resize: reader opens a 1 MB map")) {
		printf("# %s\n", err);
		return;
	}
	tap_is_str(find(r, "u1@example.net", NULL), "", "resize: empty at first");
	fflush(stdout);
	if ((pid = fork()) == 0) {
		if ((w = suppress_open(dir, 64, 0, err, sizeof(err))) == NULL)
			printf("# writer: %s\n", err);
		if (w == NULL || (t = suppress_begin(w)) == NULL)
			_exit(1);
		for (i = 0; i < 30000; i++) {
			snprintf(a, sizeof(a), "u%d@example.net", i);
			e = entry(a, "", SUPP_HARD_BOUNCE, 1793577600);
			if (suppress_put(t, &e) < 0)
				_exit(1);
		}
		i = suppress_commit(t);
		suppress_close(w);
		_exit(i == 0 ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "resize: another process wrote 30,000 entries with a 64 MB map");
	tap_is_str(find(r, "u29999@example.net", NULL),
	    "0:u29999@example.net/*/hard-bounce/2026-11-02",
	    "resize: the reader adopts the larger map and finds them");
	suppress_close(r);
}

static void
test_many(const char *dir)
{
	struct suppress *s;
	struct supp_txn *t;
	struct supp_entry e;
	struct found f;
	char err[512], a[64], name[128], n[SUPP_ADDR_MAX + 1];
	const char *why, *v[1] = { n };
	double t0;
	int i, bad = 0;

	s = suppress_open(dir, 256, SUPPRESS_CREATE, err, sizeof(err));
	if (s == NULL)
		return;
	t0 = now_ms();
	t = suppress_begin(s);
	for (i = 0; i < 100000; i++) {
		snprintf(a, sizeof(a), "User.%d@Host%d.Example", i * 7919, i % 97);
		suppress_norm(a, strlen(a), e.addr, sizeof(e.addr), &why);
		e.stream[0] = '\0';
		e.reason = SUPP_UNSUBSCRIBED;
		e.date = 1793577600;
		if (suppress_put(t, &e) < 0)
			bad++;
	}
	tap_ok(bad == 0 && suppress_commit(t) == 0,
	    "100,000 entries in one transaction");
	snprintf(name, sizeof(name), "took %.0f ms", now_ms() - t0);
	tap_ok(1, name);
	t0 = now_ms();
	for (i = 0; i < 100000; i++) {
		snprintf(a, sizeof(a), "user.%d@host%d.example", i * 7919, i % 97);
		suppress_norm(a, strlen(a), n, sizeof(n), &why);
		memset(&f, 0, sizeof(f));
		if (suppress_find(s, v, 1, NULL, collect, &f) != 1)
			bad++;
	}
	tap_is_int(bad, 0, "every one of them is found");
	snprintf(name, sizeof(name), "100,000 lookups took %.0f ms",
	    now_ms() - t0);
	tap_ok(1, name);
	suppress_close(s);
}

static const char *
eom_fact(const struct conf *c, const char *stream, const char *const *rcpt)
{
	static char out[512];
	struct msg_limits lim = { 100, 100000, 100, NULL };
	struct streaminfo si;
	struct check_ctx cc;
	struct checkrun cr;
	struct factset fs;
	const struct fact *f;
	struct msg *m = msg_new(&lim);

	for (; *rcpt != NULL; rcpt++)
		msg_rcpt(m, *rcpt);
	memset(&si, 0, sizeof(si));
	si.name = stream ? stream : "unknown";
	si.nmatch = stream != NULL;
	memset(&cc, 0, sizeof(cc));
	cc.now = time(NULL);
	cc.conf = c;
	cc.si = &si;
	factset_init(&fs);
	memset(&cr, 0, sizeof(cr));
	cr.m = m;
	cr.cc = &cc;
	cr.fs = &fs;
	supp_check(&cr);
	f = fact_get(&fs, "rcpt.suppressed");
	snprintf(out, sizeof(out), "%s %ld %s", f == NULL ? "absent" :
	    f->val == FACT_TRUE ? "TRUE" : f->val == FACT_FALSE ? "false" :
	    "TEMPERROR", f ? f->num : 0, f ? f->detail : "");
	msg_free(m);
	return out;
}

static void
test_check(const char *dir)
{
	static const char *const one[] = { "<bob@example.net>", NULL };
	static const char *const news[] = { "<carol@example.net>",
	    "<x@example.org>", "<Bob@Example.NET>", NULL };
	struct supp_verdict v;
	struct supp_entry e;
	struct supp_txn *t;
	struct suppress *s;
	struct conf *c = conf_default();
	char path[512], err[512];

	tap_is_int(suppcheck_rcpt(c, "<bob@example.net>", &v), 0,
	    "rcpt: no list configured: not suppressed");
	tap_is_str(eom_fact(c, NULL, one), "false 0 no suppression list",
	    "eom: no list configured: false");
	snprintf(path, sizeof(path), "%s/check", dir);
	c->supp_path = xstrdup(path);
	tap_is_int(suppcheck_rcpt(c, "<bob@example.net>", &v), 0,
	    "rcpt: a store that does not exist is an empty list");
	tap_is_str(eom_fact(c, NULL, one), "false 0 the suppression list is empty",
	    "eom: so is it at the end of the message");
	snprintf(path, sizeof(path), "mkdir -p %s/check && echo junk > "
	    "%s/check/data.mdb", dir, dir);
	if (system(path) != 0)
		tap_ok(0, "junk store written");
	tap_is_int(suppcheck_rcpt(c, "<bob@example.net>", &v), -1,
	    "rcpt: a store that is not LMDB is a temperror");
	tap_is_str(eom_fact(c, NULL, one), "TEMPERROR 0 the suppression list cannot be read",
	    "eom: a temperror fact");
	snprintf(path, sizeof(path), "%s/check/data.mdb", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/check/lock.mdb", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/check", dir);
	s = suppress_open(path, 16, SUPPRESS_CREATE, err, sizeof(err));
	t = suppress_begin(s);
	e = entry("bob@example.net", "", SUPP_UNSUBSCRIBED, 1793577600);
	suppress_put(t, &e);
	e = entry("carol@example.net", "news", SUPP_COMPLAINT, 1793577600);
	suppress_put(t, &e);
	e = entry("@bounce.example", "", SUPP_HARD_BOUNCE, 1793491200);
	suppress_put(t, &e);
	suppress_commit(t);
	suppress_close(s);

	tap_is_int(suppcheck_rcpt(c, "<Bob@Example.NET>", &v), 1,
	    "rcpt: repaired, the list is used without a restart");
	tap_is_str(v.rcode, "550", "rcpt: default code");
	tap_is_str(v.xcode, "5.7.1", "rcpt: default enhanced code");
	tap_is_str(v.text, "<Bob@Example.NET>: suppressed (unsubscribed on 2026-11-02)",
	    "rcpt: default text names the recipient as given, the reason and the date");
	tap_is_str(v.log, "rcpt=<Bob@Example.NET> fact=rcpt.suppressed "
	    "entry=bob@example.net reason=unsubscribed date=2026-11-02", "rcpt: log fields");
	tap_is_int(v.monitor, 0, "rcpt: enforce by default");
	tap_is_int(suppcheck_rcpt(c, "<@relay.example:x@BOUNCE.example>", &v), 1,
	    "rcpt: a source route is skipped, the domain entry applies");
	tap_is_str(v.text, "<x@BOUNCE.example>: suppressed (hard-bounce on 2026-11-01, domain bounce.example)",
	    "rcpt: a domain entry says so");
	tap_is_int(suppcheck_rcpt(c, "carol@example.net", &v), 0,
	    "rcpt: an entry scoped to a stream does not apply at RCPT");
	tap_is_int(suppcheck_rcpt(c, "<postmaster>", &v), 0, "rcpt: postmaster");
	tap_is_int(suppcheck_rcpt(c, "<>", &v), 0, "rcpt: empty path");
	free(c->supp_reply);
	c->supp_reply = xstrdup("{rcpt}|{reason}|{date}|{entry}|{why}|{x}|100%");
	memcpy(c->supp_rcode, "551", 4);
	memcpy(c->supp_xcode, "5.7.0", 6);
	c->supp_monitor = 1;
	tap_is_int(suppcheck_rcpt(c, "<b\x01ob@example.net>", &v), 0,
	    "rcpt: a path that is no address is not suppressed");
	tap_is_int(suppcheck_rcpt(c, "<bob@example.net>", &v), 1, "rcpt: template");
	tap_is_str(v.text, "bob@example.net|unsubscribed|2026-11-02|bob@example.net|"
	    "unsubscribed on 2026-11-02|{x}|100%", "rcpt: every placeholder filled in");
	tap_ok(strcmp(v.rcode, "551") == 0 && strcmp(v.xcode, "5.7.0") == 0 &&
	    v.monitor == 1, "rcpt: configured code, enhanced code, monitor mode");

	tap_is_str(eom_fact(c, "news", news), "TRUE 2 <carol@example.net> complaint "
	    "on 2026-11-02, stream news; 1 more",
	    "eom: a scoped entry in its stream, and one for every stream");
	tap_is_str(eom_fact(c, "shop", news + 1), "TRUE 1 <bob@example.net> "
	    "unsubscribed on 2026-11-02", "eom: in another stream only the entry for every stream");
	tap_is_str(eom_fact(c, NULL, news + 1), "TRUE 1 <bob@example.net> "
	    "unsubscribed on 2026-11-02", "eom: with no stream, likewise");
	tap_is_str(eom_fact(c, "shop", news), "TRUE 1 <bob@example.net> "
	    "unsubscribed on 2026-11-02", "eom: carol is not suppressed outside news");
	c->supp_enabled = 0;
	tap_is_int(suppcheck_rcpt(c, "<bob@example.net>", &v), 0, "rcpt: enabled: false");
	tap_is_str(eom_fact(c, "news", news), "false 0 no suppression list", "eom: enabled: false");
	conf_free(c);
}

int
main(void)
{
	char dir[] = "/tmp/sl-suppress.XXXXXX", path[256];

	log_open("unit-suppress", 0, 0);
	test_norm();
	test_words();
	test_lines();
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/store", dir);
	test_store(path);
	snprintf(path, sizeof(path), "%s/resize", dir);
	test_resize(path);
	snprintf(path, sizeof(path), "%s/many", dir);
	test_many(path);
	test_check(dir);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	if (system(path) != 0)
		tap_ok(0, "temporary directory removed");
	return tap_done();
}
