/*
 * NAME
 *	check - the list of check modules, in report order
 */
#include "check.h"

void
check_run(const struct msg *m, struct factset *fs)
{
	hdr_check(m, fs);
	line_check(m, fs);
	unsub_check(m, fs);
}
