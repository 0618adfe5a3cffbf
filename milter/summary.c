/*
 * NAME
 *	summary - format the per-message summary line
 */
#include <string.h>

#include "limits.h"
#include "summary.h"

static void
field(struct sbuf *b, const char *key, const char *val)
{
	struct sbuf v;
	size_t i;
	int quote = 0;

	sbuf_init(&v, SL_MAX_LOG_FIELD);
	sbuf_add_printable(&v, val, strlen(val));
	for (i = 0; i < v.len; i++)
		if (v.s[i] == ' ' || v.s[i] == '"' || v.s[i] == '=')
			quote = 1;
	if (v.len == 0) {
		sbuf_adds(&v, "-");
	}
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
	sbuf_free(&v);
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

void
summary_format(const struct msg *m, const struct verdict *v, const char *qid,
    double ms, struct sbuf *b)
{
	char rules[SL_MAX_LOG_FIELD], mon[SL_MAX_LOG_FIELD], num[32];
	struct sbuf from;

	sbuf_init(&from, SL_MAX_LOG_FIELD);
	summary_from(m, &from);
	verdict_rules(v, 0, rules, sizeof(rules));
	verdict_rules(v, 1, mon, sizeof(mon));
	field(b, "qid", qid ? qid : "");
	field(b, "stream", v->stream);
	field(b, "from", from.s);
	snprintf(num, sizeof(num), "%zu", m->nrcpt_total);
	field(b, "rcpts", num);
	field(b, "action", action_name(v->action));
	field(b, "rules", rules);
	field(b, "monitor", mon);
	snprintf(num, sizeof(num), "%.2f", ms);
	field(b, "ms", num);
	if (v->rcode[0] != '\0') {
		struct sbuf r;

		sbuf_init(&r, SL_MAX_LOG_FIELD);
		sbuf_printf(&r, "%s %s %s", v->rcode, v->xcode, v->text);
		field(b, "reply", r.s);
		sbuf_free(&r);
	}
	sbuf_free(&from);
}
