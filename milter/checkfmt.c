/*
 * NAME
 *	checkfmt - one message's verdict as text or as a JSON line
 */
#include <stdio.h>

#include "checkfmt.h"
#include "json.h"
#include "limits.h"
#include "summary.h"

void
checkfmt_field(const struct msg *m, const char *name, struct sbuf *out)
{
	const struct header *h = msg_find_header(m, name);
	size_t i = 0, end;

	if (h == NULL)
		return;
	end = h->valuelen;
	while (i < end && (h->value[i] == ' ' || h->value[i] == '\t'))
		i++;
	while (end > i && (h->value[end - 1] == ' ' ||
	    h->value[end - 1] == '\t' || h->value[end - 1] == '\n' ||
	    h->value[end - 1] == '\r'))
		end--;
	for (; i < end; i++)
		if (h->value[i] != '\n' && h->value[i] != '\r')
			sbuf_addc(out, h->value[i]);
}

/* ,"key":"<path>" */
static void
json_path(struct sbuf *b, const char *path)
{
	struct sbuf t;

	sbuf_init(&t, SL_MAX_ADDR_LEN + 3);
	sbuf_printf(&t, "<%s>", path);
	json_str(b, t.s);
	sbuf_clear(&t);
}

/* The message's own fields and the envelope it was judged with. */
static void
json_message(struct sbuf *b, const struct msg *m, int auth_checked)
{
	static const char *const fields[][2] = { { "message_id",
	    "Message-ID" }, { "from", "From" }, { "subject", "Subject" },
	    { "date", "Date" } };
	struct sbuf t;
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		sbuf_init(&t, SL_MAX_LOG_LIST);
		checkfmt_field(m, fields[i][1], &t);
		json_field(b, fields[i][0], t.s);
		sbuf_clear(&t);
	}
	sbuf_adds(b, ",\"envelope\":{\"mail_from\":");
	if (m->have_mail_from)
		json_path(b, m->mail_from);
	else
		sbuf_adds(b, "null");
	sbuf_adds(b, ",\"rcpt\":[");
	for (i = 0; i < m->nrcpt; i++) {
		if (i > 0)
			sbuf_addc(b, ',');
		json_path(b, m->rcpt[i]);
	}
	sbuf_addc(b, ']');
	json_field(b, "client_ip", m->conn.client_addr);
	json_field(b, "helo", m->conn.helo);
	json_field(b, "auth", m->conn.login);
	json_field(b, "daemon", m->conn.daemon);
	sbuf_addc(b, '}');
	json_field(b, "authentication", auth_checked ? "checked" :
	    "not checked");
}

/* ,"key":[rule ids of the hits that pass keep] */
static void
json_hits(struct sbuf *b, const char *key, const struct verdict *v,
    int monitor, int undecided)
{
	size_t i;
	int first = 1;

	sbuf_printf(b, ",\"%s\":[", key);
	for (i = 0; i < v->nhits; i++) {
		if (v->hits[i].monitor != monitor ||
		    (!monitor && v->hits[i].undecided != undecided))
			continue;
		if (!first)
			sbuf_addc(b, ',');
		first = 0;
		if (!monitor) {
			json_str(b, v->hits[i].rule);
			continue;
		}
		sbuf_adds(b, "{\"rule\":");
		json_str(b, v->hits[i].rule);
		sbuf_adds(b, ",\"action\":");
		json_str(b, action_name(v->hits[i].action));
		sbuf_addc(b, '}');
	}
	sbuf_addc(b, ']');
}

/* ,"capture":{...}: what the record says of the live judgement. */
static void
json_capture(struct sbuf *b, const struct input_item *it)
{
	const struct caprec_info *c = it->cap;

	sbuf_printf(b, ",\"capture\":{\"time\":%lld", (long long)c->when);
	json_field(b, "qid", it->m->conn.qid);
	json_field(b, "action", c->action);
	json_field(b, "rules", c->rules);
	json_field(b, "monitor", c->monitor);
	json_field(b, "stream", c->stream);
	sbuf_printf(b, ",\"body_kept\":%llu,\"body_total\":%llu}",
	    c->body_kept, c->body_total);
}

void
checkfmt_json(const struct input_item *it, const struct judgement *j,
    int auth_checked)
{
	const struct verdict *v = &j->v;
	const struct factset *fs = &j->fs;
	struct sbuf b, r;
	size_t i;

	sbuf_init(&b, 16 * 1024 * 1024);
	sbuf_adds(&b, "{\"file\":");
	json_str(&b, it->file);
	if (it->mbox)
		json_num(&b, "index", it->index);
	json_message(&b, it->m, auth_checked);
	if (it->cap != NULL)
		json_capture(&b, it);
	json_field(&b, "stream", v->stream);
	json_field(&b, "action", action_name(v->action));
	if (v->dry_run)
		json_field(&b, "would", action_name(v->would));
	sbuf_adds(&b, ",\"reply\":");
	if (v->rcode[0] != '\0') {
		sbuf_init(&r, 2048);
		sbuf_printf(&r, "%s %s %s", v->rcode, v->xcode, v->text);
		json_str(&b, r.s);
		sbuf_clear(&r);
	} else
		sbuf_adds(&b, "null");
	json_hits(&b, "rules", v, 0, 0);
	json_hits(&b, "undecided", v, 0, 1);
	json_hits(&b, "monitor", v, 1, 0);
	sbuf_adds(&b, ",\"facts\":[");
	for (i = 0; i < fs->n; i++) {
		if (i > 0)
			sbuf_addc(&b, ',');
		sbuf_adds(&b, "{\"id\":");
		json_str(&b, fs->f[i].id);
		sbuf_adds(&b, ",\"value\":");
		if (fs->f[i].val == FACT_TEMPERROR)
			sbuf_adds(&b, "\"temperror\"");
		else
			sbuf_adds(&b, fs->f[i].val ? "true" : "false");
		json_field(&b, "detail", fs->f[i].detail);
		sbuf_addc(&b, '}');
	}
	sbuf_adds(&b, "]}");
	puts(b.s);
	sbuf_clear(&b);
}

void
checkfmt_text(const struct input_item *it, const struct judgement *j,
    int verbose, int auth_checked)
{
	const struct verdict *v = &j->v;
	const struct factset *fs = &j->fs;
	char rules[1024], mon[1024], und[1024];
	struct sbuf t;
	size_t i, quiet = 0;

	verdict_rules(v, VR_ENFORCED, rules, sizeof(rules));
	verdict_rules(v, VR_UNDECIDED, und, sizeof(und));
	verdict_rules(v, VR_MONITOR, mon, sizeof(mon));
	if (it->mbox)
		printf("%s[%zu]: %s", it->file, it->index,
		    action_name(v->action));
	else
		printf("%s: %s", it->file, action_name(v->action));
	if (v->dry_run)
		printf(" (mode: monitor; enforcing: %s)", action_name(v->would));
	printf("\n");
	sbuf_init(&t, SL_MAX_LOG_FIELD);
	summary_from(it->m, &t);
	printf("  from:    %s\n", t.len ? t.s : "-");
	sbuf_clear(&t);
	if (it->cap != NULL)
		printf("  live:    %s (rules: %s) at %lld, qid %s, body kept "
		    "%llu of %llu bytes\n", it->cap->action[0] ?
		    it->cap->action : "-", it->cap->rules[0] ? it->cap->rules :
		    "-", (long long)it->cap->when, it->m->conn.qid[0] ?
		    it->m->conn.qid : "-", it->cap->body_kept,
		    it->cap->body_total);
	if (v->rcode[0] != '\0')
		printf("  reply:   %s %s %s\n", v->rcode, v->xcode, v->text);
	printf("  stream:  %s\n", v->stream);
	printf("  rules:   %s\n", rules[0] ? rules : "-");
	if (und[0] != '\0')
		printf("  undecided: %s\n", und);
	if (mon[0] != '\0')
		printf("  monitor: %s\n", mon);
	printf("  facts:\n");
	for (i = 0; i < fs->n; i++) {
		if (fs->f[i].val == FACT_FALSE && !verbose) {
			quiet++;
			continue;
		}
		printf("    %-9s %-30s %s\n",
		    fs->f[i].val == FACT_TRUE ? "TRUE" :
		    fs->f[i].val == FACT_TEMPERROR ? "TEMPERROR" : "false",
		    fs->f[i].id, fs->f[i].detail);
	}
	if (quiet > 0)
		printf("    (%zu more facts false; -v shows them)\n", quiet);
	if (!auth_checked)
		printf("  authentication: not checked (no dns section in the "
		    "config; --dns turns it on)\n");
}
