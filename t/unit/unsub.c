/*
 * unsub.recipient-token: the per-message fallback over the URI forms real
 * ESPs send (unsubtoken.h), and the unsubscribe window (unsubwin.h):
 * across a reopen, read-only, bounded by size and by age.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "judge.h"
#include "mailfile.h"
#include "tap.h"
#include "unsubtoken.h"
#include "unsubwin.h"
#include "util.h"

static const struct {
	const char *name;
	const char *uri;
	const char *rcpt;
	int	 token;		/* 1: varies per recipient */
} uris[] = {
	/* forms quoted in issue 11, from real ESP mail */
	{ "several short parameters",
	    "https://e.example.com/unsub?x=a62e&m=zZObcL&s=zVyFum2&u=dFaV9&z=Nii7nZt",
	    "b@example.net", 1 },
	{ "short hash beside numeric ids",
	    "https://click.example.com/u/?cid=0&mid=14141611&h=0-b09ec13a504",
	    "b@example.net", 1 },
	{ "numeric path segments and a 10-hex hash",
	    "https://news.example.com/136/1071579/1264/4531494/9012/3ee5635269/unsubscribe.html",
	    "b@example.net", 1 },
	/* groups.io (a real list server): numeric ids and a word */
	{ "numeric ids then a word",
	    "https://lists.example.org/g/devel/leave/8129362/4520527/1896307328/plugh",
	    "b@example.net", 1 },
	{ "one long opaque token", "https://example.com/u/Zx81kq03JfPq9wLm",
	    "b@example.net", 1 },
	{ "a UUID", "https://example.com/unsubscribe/6f1c2a9e-3b4d-4c8e-9f10-2a3b4c5d6e7f",
	    "b@example.net", 1 },
	{ "base64url, percent-escaped",
	    "https://example.com/o?t=eyJ1IjoxMjM0NX0%3D", "b@example.net", 1 },
	/* nothing varies */
	{ "a bare path", "https://example.com/unsubscribe", "b@example.net", 0 },
	{ "a list name", "https://example.com/unsubscribe?list=news",
	    "b@example.net", 0 },
	{ "a list number", "https://example.com/unsubscribe/newsletter-42",
	    "b@example.net", 0 },
	{ "a campaign date", "https://example.com/optOut?campaign=2024-05",
	    "b@example.net", 0 },
	{ "camelCase words", "https://example.com/ListUnsubscribe/optOut/OneClick",
	    "b@example.net", 0 },
	{ "the address in clear",
	    "https://example.com/u?e=bob.smith.2026%40example.net",
	    "bob.smith.2026@example.net", 0 },
	{ "the address in clear, unescaped",
	    "https://example.com/u/bob.smith.2026@example.net",
	    "bob.smith.2026@example.net", 0 },
	{ "only the host varies", "https://a8f3k2m9x7q1.example.com/unsubscribe",
	    "b@example.net", 0 },
	{ "no recipient given", "https://example.com/u/Zx81kq03JfPq9wLm", NULL, 1 },
};

#define NEWS "From: News <news@example.com>\r\nDate: Thu, 26 Nov 2026 06:00:00 +0000\r\n" \
	"Message-ID: <%d@example.com>\r\nList-Id: <news.example.com>\r\n" \
	"List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" \
	"List-Unsubscribe: <https://news.example.com/%s>\r\n\r\nhi\r\n"

/* One message through judge() and, when record, judge_commit(). */
static const struct fact *
send(struct judge_env *env, const char *path, char *const *rcpt, size_t n,
    int record, char *detail, size_t dlen)
{
	static struct judgement j;
	static int seq;
	struct msg_limits lim = { 1000, 1 << 20, 100, NULL };
	const struct fact *f;
	char text[1024];
	struct msg *m = msg_new(&lim);
	size_t i;
	int len;

	for (i = 0; i < n; i++)
		msg_rcpt(m, rcpt[i]);
	len = snprintf(text, sizeof(text), NEWS, ++seq, path);
	mailfile_feed(m, text, (size_t)len, NULL);
	judge(env, m, &j);
	f = fact_get(&j.fs, "unsub.recipient-token");
	snprintf(detail, dlen, "%s", f && f->val == FACT_TRUE ? f->detail :
	    f && f->val == FACT_TEMPERROR ? "temperror" : "false");
	if (record)
		judge_commit(env, &j, 1);
	judge_clear(&j);
	msg_free(m);
	return f;
}

int
main(void)
{
	char dir[] = "/tmp/unsubwin.XXXXXX", err[512], name[256];
	char *one[] = { "b@example.net" }, *other[] = { "c@example.net" };
	char *two[] = { "b@example.net", "C@Example.net" };
	char *two_rev[] = { "c@example.net", "B@example.net" };
	struct unsubwin *w, *ro;
	uint64_t rh;
	time_t when, t0 = 1795672800;
	size_t i;
	double bits;

	for (i = 0; i < sizeof(uris) / sizeof(uris[0]); i++) {
		bits = unsubtoken_bits(uris[i].uri, uris[i].rcpt);
		snprintf(name, sizeof(name), "%s: %s (%.0f bits)",
		    uris[i].name, uris[i].token ? "a token" : "no token", bits);
		tap_ok((bits >= UNSUBTOKEN_BITS) == uris[i].token, name);
	}

	tap_ok(unsubwin_rcpt_hash(two, 2) == unsubwin_rcpt_hash(two_rev, 2),
	    "recipients' hash: any order, any case");
	tap_ok(unsubwin_rcpt_hash(one, 1) != unsubwin_rcpt_hash(other, 1),
	    "recipients' hash: another recipient differs");

	if (mkdtemp(dir) == NULL)
		return tap_done();
	tap_ok(unsubwin_open(dir, 8, 10, 100, 1, err, sizeof(err)) == NULL,
	    "read-only open of an empty directory fails");
	w = unsubwin_open(dir, 8, 3, 100, 0, err, sizeof(err));
	tap_ok(w != NULL, "open");
	tap_is_int(unsubwin_seen(w, "news", "https://e/u/1", t0, &rh, &when), 0,
	    "a new URI is not seen");
	tap_is_int(unsubwin_add(w, "news", "https://e/u/1",
	    unsubwin_rcpt_hash(one, 1), t0), 0, "add");
	tap_is_int(unsubwin_seen(w, "news", "https://e/u/1", t0 + 5, &rh, &when),
	    1, "seen");
	tap_ok(rh == unsubwin_rcpt_hash(one, 1) && when == t0,
	    "with its recipients and time");
	tap_is_int(unsubwin_seen(w, "promo", "https://e/u/1", t0, &rh, &when), 0,
	    "per stream");
	tap_is_int(unsubwin_add(w, "news", "https://e/u/1",
	    unsubwin_rcpt_hash(other, 1), t0 + 10), 0, "add again, to another");
	tap_ok(unsubwin_seen(w, "news", "https://e/u/1", t0 + 10, &rh, &when) == 1 &&
	    rh == unsubwin_rcpt_hash(one, 1) && when == t0 + 10,
	    "keeps the first recipients, takes the new time");
	unsubwin_close(w);

	w = unsubwin_open(dir, 8, 3, 100, 0, err, sizeof(err));
	ro = unsubwin_open(dir, 8, 3, 100, 1, err, sizeof(err));
	tap_ok(w != NULL && ro != NULL, "reopen, and read-only beside it");
	tap_is_int(unsubwin_seen(ro, "news", "https://e/u/1", t0 + 20, &rh, &when),
	    1, "survives a restart, read-only");
	unsubwin_add(w, "news", "https://e/u/2", 1, t0 + 20);
	unsubwin_add(w, "news", "https://e/u/3", 1, t0 + 30);
	unsubwin_add(w, "news", "https://e/u/4", 1, t0 + 40);
	tap_is_int(unsubwin_seen(w, "news", "https://e/u/1", t0 + 40, &rh, &when),
	    0, "size 3: the oldest is dropped");
	tap_is_int(unsubwin_seen(ro, "news", "https://e/u/4", t0 + 40, &rh, &when),
	    1, "the newest is kept, read-only sees it");
	tap_is_int(unsubwin_seen(w, "news", "https://e/u/2", t0 + 200, &rh, &when),
	    0, "age 100: an old entry is not seen");
	unsubwin_add(w, "news", "https://e/u/5", 1, t0 + 125);
	tap_is_int(unsubwin_seen(w, "news", "https://e/u/3", t0 + 125, &rh, &when),
	    1, "an entry within the age stays");
	tap_is_int(unsubwin_seen(w, "news", "https://e/u/2", t0 + 0, &rh, &when),
	    0, "an entry past the age is dropped on add");
	unsubwin_close(ro);
	unsubwin_close(w);

	{
		struct judge_env env;
		char d[256], *b[] = { "<b@example.net>" }, *c[] = { "<c@example.net>" };
		char *bc[] = { "<b@example.net>", "<c@example.net>" };

		memset(&env, 0, sizeof(env));
		env.now = t0;
		env.unsubs = unsubwin_open(dir, 8, 100, 86400, 0, err, sizeof(err));
		send(&env, "unsubscribe", b, 1, 1, d, sizeof(d));
		tap_is_str(d, "nothing in the https URI varies per recipient (0 bits, 24 wanted)",
		    "judge: first sight of a static URI: the fallback");
		send(&env, "u/1071579/3ee5635269", b, 1, 1, d, sizeof(d));
		tap_is_str(d, "false", "judge: first sight of an ESP URI: no fact");
		env.now = t0 + 60;
		send(&env, "u/1071579/3ee5635269", b, 1, 0, d, sizeof(d));
		tap_is_str(d, "false", "judge: the same URI to the same recipient");
		send(&env, "u/1071579/3ee5635269", c, 1, 0, d, sizeof(d));
		tap_is_str(d, "the same https URI went to another recipient 60 s ago",
		    "judge: the same URI to another recipient");
		send(&env, "u/1071579/3ee5635269", bc, 2, 0, d, sizeof(d));
		tap_is_str(d, "2 recipients share one copy, so its unsubscribe URI cannot be theirs alone",
		    "judge: one copy to two recipients");
		send(&env, "u/Zx81kq03JfPq9wLm", c, 1, 0, d, sizeof(d));
		send(&env, "u/Zx81kq03JfPq9wLm", b, 1, 0, d, sizeof(d));
		tap_is_str(d, "false", "judge: record 0 (senderlint-check) records nothing");
		unsubwin_close(env.unsubs);
	}
	unlink(strcat(strcpy(name, dir), "/data.mdb"));
	unlink(strcat(strcpy(name, dir), "/lock.mdb"));
	rmdir(dir);
	return tap_done();
}
