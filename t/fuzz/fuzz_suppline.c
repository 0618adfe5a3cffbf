/*
 * libFuzzer target: suppression-list import lines (lists, CSV,
 * unsubscribe requests), address normalization, and the export line of
 * what was read, which must import back to the same entry.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "suppfile.h"
#include "suppress.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const map[] = { "news.example.com=news",
	    "all.example=", NULL };
	struct suppfile_opts o;
	struct supp_entry e, back;
	struct sbuf b;
	char err[512];

	memset(&o, 0, sizeof(o));
	o.unsub = size > 0 && (data[0] & 1);
	o.reason = SUPP_MANUAL;
	o.date = 1793577600;
	o.stream = "";
	o.map = map;
	if (suppfile_line(&o, (const char *)data, size, &e, err,
	    sizeof(err)) != 1)
		return 0;
	o.unsub = 0;
	sbuf_init(&b, 4096);
	suppfile_csv(&e, &b);
	if (suppfile_line(&o, b.s, b.len, &back, err, sizeof(err)) != 1 ||
	    strcmp(back.addr, e.addr) != 0 || strcmp(back.stream, e.stream) != 0 ||
	    back.reason != e.reason || back.date != e.date)
		log_panic("export line does not import back: %s", b.s);
	sbuf_clear(&b);
	return 0;
}
