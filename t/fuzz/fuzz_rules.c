/*
 * libFuzzer target: a rule file, from YAML to a compiled rule set or a
 * list of file:line:col errors. Must never crash, leak or hang.
 */
#include <stdint.h>
#include <stdlib.h>

#include "rule.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ruleset *rs;
	struct diag d;

	diag_init(&d);
	rs = ruleset_parse("fuzz.yaml", (const char *)data, size, 10000, 100,
	    &d);
	ruleset_free(rs);
	diag_clear(&d);
	return 0;
}
