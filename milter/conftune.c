/*
 * NAME
 *	conftune - the tuning sections of senderlint.conf
 * DESCRIPTION
 *	tests: [ file, ... ]: rule test files (senderlint-rules(5), RULE
 *	TESTS) that senderlint -n runs against the rules before a reload
 *	is accepted; paths relative to the config file. See
 *	senderlint.conf(5).
 */
#include <stdlib.h>

#include "conf.h"
#include "util.h"

#define MAX_TEST_FILES	64

static void
load_tests(struct conf *c, const char *file, const struct ynode *n,
    struct diag *d)
{
	const char *s;
	size_t i, k = 0;

	if (y_expect(file, n, Y_SEQ, "tests", d) < 0)
		return;
	if (n->n > MAX_TEST_FILES) {
		diag_add(d, file, n->line, n->col, "tests names more than %d "
		    "files", MAX_TEST_FILES);
		return;
	}
	c->tests = xcalloc(n->n + 1, sizeof(char *));
	for (i = 0; i < n->n; i++)
		if (y_string(file, n->kid[i], "a test file", &s, d) == 0)
			c->tests[k++] = path_relative(file, s);
}

void
conf_tune_load(struct conf *c, const char *file, const struct ynode *root,
    struct diag *d)
{
	const struct ynode *v;

	if ((v = y_get(root, "tests")) != NULL)
		load_tests(c, file, v, d);
}

void
conf_tune_clear(struct conf *c)
{
	conf_strlist_free(c->tests);
	c->tests = NULL;
}
