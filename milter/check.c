/*
 * NAME
 *	check - the list of check modules, in report order
 */
#include "check.h"

void
check_message(const struct msg *m, const struct headview *hv,
    const struct check_ctx *cc, struct factset *fs)
{
	struct checkrun cr;

	checkrun_init(&cr, m, hv, cc, fs);
	hdr_check(&cr);
	line_check(&cr);
	field_check(&cr);
	addr_check(&cr);
	date_check(&cr);
	msgid_check(&cr);
	resent_check(&cr);
	envelope_check(&cr);
	mime_check(&cr);
	unsub_check(&cr);
	auth_check(&cr);
	checkrun_finish(&cr);
}

void
check_stream(const struct msg *m, const struct headview *hv,
    const struct check_ctx *cc, struct factset *fs)
{
	struct checkrun cr;

	checkrun_init(&cr, m, hv, cc, fs);
	identity_check(&cr);
	unsub_stream_check(&cr);
	supp_check(&cr);
	checkrun_end(&cr);
}
