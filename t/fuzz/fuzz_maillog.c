/*
 * libFuzzer target: one mail log line (maillog_parse), then what
 * senderlint-bounces does with a delivery: the code, the class, the
 * provider. Every string the parser returns must lie inside the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bounceclass.h"
#include "maillog.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
inside(const struct mlstr *s, const char *d, size_t n)
{
	if (s->len > 0 && (s->s < d || s->s + s->len > d + n))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *d = (const char *)data, *host;
	char out[BOUNCE_PROVIDER_MAX + 1], code[BOUNCE_CODE_MAX + 1];
	struct maillog_rec r;
	size_t hostlen;

	if (maillog_parse(d, size, 2026, &r) < 0)
		return 0;
	inside(&r.host, d, size);
	inside(&r.prog, d, size);
	inside(&r.qid, d, size);
	inside(&r.addr, d, size);
	inside(&r.relay, d, size);
	inside(&r.dsn, d, size);
	inside(&r.reason, d, size);
	if (r.kind != ML_DELIVERY)
		return 0;
	bounce_code(r.dsn.s, r.dsn.len, r.reason.s, r.reason.len, code,
	    sizeof(code));
	if (bounce_classify(r.dsn.s, r.dsn.len, r.reason.s, r.reason.len) >=
	    BC_NCLASS)
		abort();
	if (!bounce_reason_host(r.reason.s, r.reason.len, &host, &hostlen)) {
		host = r.relay.s;
		hostlen = r.relay.len;
	}
	bounce_provider(r.addr.s, r.addr.len, host, hostlen, out, sizeof(out));
	return 0;
}
