/*
 * NAME
 *	checkrun - one run of the checks: its start, its end, the notes
 *	that many modules add to
 */
#include <string.h>

#include "checkrun.h"
#include "limits.h"

void
checkrun_init(struct checkrun *cr, const struct msg *m,
    const struct headview *hv, const struct check_ctx *cc,
    struct factset *fs)
{
	int present;

	cr->m = m;
	cr->hv = hv;
	cr->cc = cc;
	cr->fs = fs;
	msg_esmtp_get(m, "SMTPUTF8", &present);
	cr->utf8 = present;
	sbuf_init(&cr->obs, SL_MAX_DETAIL);
	sbuf_init(&cr->ew, SL_MAX_DETAIL);
}

void
check_obsolete(struct checkrun *cr, const char *field, const char *why)
{
	if (cr->obs.len == 0)
		sbuf_printf(&cr->obs, "%s: %s", field, why);
	else if (strstr(cr->obs.s, field) == NULL)
		sbuf_printf(&cr->obs, "; %s", field);
}

void
check_ew(struct checkrun *cr, const char *field)
{
	if (strstr(cr->ew.s, field) != NULL)
		return;
	sbuf_printf(&cr->ew, "%s%s", cr->ew.len ? ", " : "", field);
}

void
checkrun_finish(struct checkrun *cr)
{
	fact_set(cr->fs, "rfc5322.obsolete", cr->obs.len ? FACT_TRUE :
	    FACT_FALSE, 0, "%s", cr->obs.s);
	fact_set(cr->fs, "rfc2047.encoded-word.misplaced",
	    cr->ew.len ? FACT_TRUE : FACT_FALSE, 0,
	    cr->ew.len ? "encoded-word where receivers do not decode it: %s" : "%s",
	    cr->ew.s);
	checkrun_end(cr);
}

void
checkrun_end(struct checkrun *cr)
{
	sbuf_clear(&cr->obs);
	sbuf_clear(&cr->ew);
}
