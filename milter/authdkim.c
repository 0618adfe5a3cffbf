/*
 * NAME
 *	authdkim - the DKIM facts of one message, from dkim.c's signatures
 * DESCRIPTION
 *	See authfacts.h. Each fact lists the signatures that show it, by d=,
 *	in header order; the details are capped at SL_MAX_DETAIL.
 */
#include <ctype.h>
#include <stdio.h>

#include "authfacts.h"
#include "fact.h"
#include "msg.h"
#include "util.h"

/* The findings over all signatures, one detail buffer per fact. */
struct dkimscan {
	struct sbuf	 fail, pass, weak, short2048, sha1, unsigned_from;
	struct sbuf	 ltag;
	int		 unsub_signed;
};

static void
copy_lower(char *out, size_t len, const char *s)
{
	size_t i;

	snprintf(out, len, "%s", s);
	for (i = 0; out[i] != '\0'; i++)
		out[i] = (char)tolower((unsigned char)out[i]);
}

static void
list_domain(struct sbuf *b, const struct dkim_sig *s)
{
	sbuf_printf(b, "%sd=%s", b->len ? " " : "", s->domain);
}

static void
list_bits(struct sbuf *b, const struct dkim_sig *s)
{
	sbuf_printf(b, "%sd=%s: %u bits", b->len ? "; " : "", s->domain,
	    s->keybits);
}

static void
scan_one(struct dkimscan *sc, const struct dkim_sig *s, int have_lup,
    struct authdkim_out *out)
{
	if (s->temperror)
		out->temperror = 1;
	if (!s->verified)
		sbuf_printf(&sc->fail, "%sd=%s s=%s: %s", sc->fail.len ?
		    "; " : "", s->domain, s->selector, s->fail);
	if (s->pass) {
		list_domain(&sc->pass, s);
		copy_lower(out->pass[out->npass++], AUTH_NAME, s->domain);
		if (s->lu_signed && (!have_lup || s->lup_signed))
			sc->unsub_signed = 1;
	}
	if (s->rsa && s->keybits > 0 && s->keybits < 1024)
		list_bits(&sc->weak, s);
	if (s->rsa && s->keybits > 0 && s->keybits < 2048)
		list_bits(&sc->short2048, s);
	if (s->sha1)
		list_domain(&sc->sha1, s);
	if (s->domain[0] && !s->from_signed)
		list_domain(&sc->unsigned_from, s);
	if (s->ltag)
		list_domain(&sc->ltag, s);
}

static int
tf(const struct sbuf *b)
{
	return b->len ? FACT_TRUE : FACT_FALSE;
}

static void
report(struct factset *fs, const struct dkimscan *sc, size_t n,
    const struct authdkim_out *out)
{
	fact_set(fs, "dkim.missing", n == 0 ? FACT_TRUE : FACT_FALSE, 0,
	    "%s", n == 0 ? "no DKIM-Signature" : "");
	fact_set(fs, "dkim.fail", tf(&sc->fail), 0, "%s", sc->fail.s);
	fact_set(fs, "dkim.pass", out->npass ? FACT_TRUE : out->temperror ?
	    FACT_TEMPERROR : FACT_FALSE, (long)out->npass, "%s", sc->pass.s);
	fact_set(fs, "dkim.weak-key", tf(&sc->weak), 0, "%s", sc->weak.s);
	fact_set(fs, "dkim.key-below-2048", tf(&sc->short2048), 0, "%s",
	    sc->short2048.s);
	fact_set(fs, "dkim.rsa-sha1", tf(&sc->sha1), 0, "%s", sc->sha1.s);
	fact_set(fs, "dkim.from-unsigned", tf(&sc->unsigned_from), 0, "%s",
	    sc->unsigned_from.s);
	fact_set(fs, "dkim.l-tag", tf(&sc->ltag), 0, "%s", sc->ltag.s);
}

/* RFC 8058 3.3: both List-Unsubscribe fields in a passing signature's h=. */
static void
report_unsub(struct factset *fs, const struct msg *m, int unsub_signed,
    int temperror)
{
	int have_lu = msg_find_header(m, "List-Unsubscribe") != NULL;
	int have_lup = msg_find_header(m, "List-Unsubscribe-Post") != NULL;

	if (!have_lu && !have_lup) {
		fact_set(fs, "unsub.not-signed", FACT_FALSE, 0, "%s", "");
		return;
	}
	fact_set(fs, "unsub.not-signed", unsub_signed ? FACT_FALSE :
	    temperror ? FACT_TEMPERROR : FACT_TRUE, 0, "%s", unsub_signed ?
	    "" : have_lup ? "List-Unsubscribe and List-Unsubscribe-Post are "
	    "not both in the h= of a passing signature" : "List-Unsubscribe "
	    "is not in the h= of a passing signature");
}

void
authdkim_facts(struct factset *fs, const struct msg *m,
    const struct dkim_sig *s, size_t n, struct authdkim_out *out)
{
	struct dkimscan sc;
	int have_lup = msg_find_header(m, "List-Unsubscribe-Post") != NULL;
	size_t i;

	out->npass = 0;
	out->temperror = 0;
	sc.unsub_signed = 0;
	sbuf_init(&sc.fail, SL_MAX_DETAIL);
	sbuf_init(&sc.pass, SL_MAX_DETAIL);
	sbuf_init(&sc.weak, SL_MAX_DETAIL);
	sbuf_init(&sc.short2048, SL_MAX_DETAIL);
	sbuf_init(&sc.sha1, SL_MAX_DETAIL);
	sbuf_init(&sc.unsigned_from, SL_MAX_DETAIL);
	sbuf_init(&sc.ltag, SL_MAX_DETAIL);
	for (i = 0; i < n && i < DKIM_MAX_SIGS; i++)
		scan_one(&sc, &s[i], have_lup, out);
	report(fs, &sc, n, out);
	report_unsub(fs, m, sc.unsub_signed, out->temperror);
	sbuf_clear(&sc.fail);
	sbuf_clear(&sc.pass);
	sbuf_clear(&sc.weak);
	sbuf_clear(&sc.short2048);
	sbuf_clear(&sc.sha1);
	sbuf_clear(&sc.unsigned_from);
	sbuf_clear(&sc.ltag);
}
