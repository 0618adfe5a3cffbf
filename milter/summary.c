/*
 * NAME
 *	summary - format the per-message summary line
 */
#include <string.h>

#include "limits.h"
#include "summary.h"

/* key=value; val cut at cap octets, marked "..." when cut. */
static void
field(struct sbuf *b, const char *key, const char *val, size_t cap)
{
	struct sbuf v;
	size_t i, n = strlen(val);
	int quote = 0;

	sbuf_init(&v, cap + 3);
	sbuf_add_printable(&v, val, n > cap ? cap : n);
	if (n > cap)
		sbuf_adds(&v, "...");
	for (i = 0; i < v.len; i++)
		if (v.s[i] == ' ' || v.s[i] == '"' || v.s[i] == '=')
			quote = 1;
	if (v.len == 0)
		sbuf_adds(&v, "-");
	sbuf_printf(b, "%s%s=", b->len ? " " : "", key);
	if (quote) {
		sbuf_addc(b, '"');
		for (i = 0; i < v.len; i++) {
			if (v.s[i] == '"' || v.s[i] == '\\')
				sbuf_addc(b, '\\');
			sbuf_addc(b, v.s[i]);
		}
		sbuf_addc(b, '"');
	} else
		sbuf_add(b, v.s, v.len);
	sbuf_clear(&v);
}

/* The ids of the facts with value val, comma-separated. */
static void
facts(const struct factset *fs, int val, struct sbuf *l)
{
	size_t i;

	sbuf_init(l, SL_MAX_LOG_LIST + 1);
	for (i = 0; fs != NULL && i < fs->n; i++) {
		if (fs->f[i].val != val)
			continue;
		if (l->len > 0)
			sbuf_addc(l, ',');
		sbuf_adds(l, fs->f[i].id);
	}
}

void
summary_from(const struct msg *m, struct sbuf *b)
{
	const struct header *h = msg_find_header(m, "From");
	size_t i, start = 0, end;

	if (h == NULL)
		return;
	end = h->valuelen;
	while (start < end && (h->value[start] == ' ' ||
	    h->value[start] == '\t'))
		start++;
	while (end > start && (h->value[end - 1] == ' ' ||
	    h->value[end - 1] == '\n' || h->value[end - 1] == '\r'))
		end--;
	for (i = start; i < end; i++)
		if (h->value[i] != '\n' && h->value[i] != '\r')
			sbuf_addc(b, h->value[i]);
}

/* qid through mail_from: who handed the message over. */
static void
envelope(const struct msg *m, struct sbuf *b)
{
	struct sbuf r;

	field(b, "qid", m->conn.qid, SL_MAX_LOG_FIELD);
	field(b, "client", m->conn.client_addr, SL_MAX_LOG_FIELD);
	field(b, "helo", m->conn.helo, SL_MAX_LOG_FIELD);
	field(b, "login", m->conn.login, SL_MAX_LOG_FIELD);
	sbuf_init(&r, SL_MAX_LOG_FIELD + 3);
	if (m->have_mail_from)
		sbuf_printf(&r, "<%s>", m->mail_from);
	field(b, "mail_from", r.s, SL_MAX_LOG_FIELD);
	sbuf_clear(&r);
}

void
summary_out_of_scope(const struct msg *m, struct sbuf *b)
{
	envelope(m, b);
	field(b, "scope", "out", SL_MAX_LOG_FIELD);
	field(b, "action", "accept", SL_MAX_LOG_FIELD);
}

void
summary_format(const struct msg *m, const struct verdict *v,
    const struct factset *fs, double ms, struct sbuf *b)
{
	char rules[SL_MAX_LOG_LIST + 1], num[32];
	struct sbuf tf;
	struct sbuf from, r;

	sbuf_init(&from, SL_MAX_LOG_FIELD + 1);
	summary_from(m, &from);
	envelope(m, b);
	field(b, "stream", v->stream ? v->stream : "", SL_MAX_LOG_FIELD);
	field(b, "from", from.s, SL_MAX_LOG_FIELD);
	snprintf(num, sizeof(num), "%zu", m->nrcpt_total);
	field(b, "rcpts", num, SL_MAX_LOG_FIELD);
	field(b, "action", action_name(v->action), SL_MAX_LOG_FIELD);
	if (v->dry_run)
		field(b, "would", action_name(v->would), SL_MAX_LOG_FIELD);
	verdict_rules(v, VR_ENFORCED, rules, sizeof(rules));
	field(b, "rules", rules, SL_MAX_LOG_LIST);
	verdict_rules(v, VR_UNDECIDED, rules, sizeof(rules));
	field(b, "undecided", rules, SL_MAX_LOG_LIST);
	verdict_rules(v, VR_MONITOR, rules, sizeof(rules));
	field(b, "monitor", rules, SL_MAX_LOG_LIST);
	facts(fs, FACT_TRUE, &tf);
	field(b, "facts", tf.s, SL_MAX_LOG_LIST);
	sbuf_clear(&tf);
	snprintf(num, sizeof(num), "%.2f", ms);
	field(b, "ms", num, SL_MAX_LOG_FIELD);
	facts(fs, FACT_TEMPERROR, &tf);
	if (tf.len > 0)
		field(b, "temperror", tf.s, SL_MAX_LOG_LIST);
	sbuf_clear(&tf);
	if (v->rcode[0] != '\0') {
		sbuf_init(&r, SL_MAX_REPLY_TEXT + 32);
		sbuf_printf(&r, "%s %s %s", v->rcode, v->xcode, v->text);
		field(b, "reply", r.s, SL_MAX_REPLY_TEXT + 32);
		sbuf_clear(&r);
	}
	sbuf_clear(&from);
}
