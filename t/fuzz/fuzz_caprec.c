/*
 * libFuzzer target: a capture record through caprec_decode(), then, when
 * it decodes, encoded again and decoded again to the same envelope. Must
 * never crash, leak or hang.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "caprec.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct msg_limits lim = { 200, 1 << 20, 10, NULL };
	struct caprec_info in, again;
	struct msg *m, *m2;
	struct sbuf rec;
	char err[256];

	m = msg_new(&lim);
	if (caprec_decode((const char *)data, size, m, &in, err,
	    sizeof(err)) == 0) {
		sbuf_init(&rec, 64 * 1024 * 1024);
		caprec_encode(m, &in, NULL, 0, &rec);
		m2 = msg_new(&lim);
		if (caprec_decode(rec.s, rec.len, m2, &again, err,
		    sizeof(err)) < 0 || again.when != in.when ||
		    m2->nrcpt != m->nrcpt || m2->nhdr != m->nhdr ||
		    m2->have_mail_from != m->have_mail_from)
			abort();
		msg_free(m2);
		sbuf_clear(&rec);
	}
	msg_free(m);
	return 0;
}
