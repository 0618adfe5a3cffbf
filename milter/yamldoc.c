/*
 * NAME
 *	yamldoc - YAML file to position-carrying tree (libyaml event API)
 * DIAGNOSTICS
 *	Syntax errors carry libyaml's problem text and position.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "limits.h"
#include "log.h"
#include "util.h"
#include "yamldoc.h"

static struct ynode *
node_new(enum ytype t, const yaml_mark_t *m)
{
	struct ynode *n = xcalloc(1, sizeof(*n));

	n->type = t;
	n->line = (int)m->line + 1;
	n->col = (int)m->column + 1;
	return n;
}

static void
node_push(struct ynode *parent, struct ynode *kid)
{
	parent->kid = xrealloc(parent->kid, (parent->n + 1) * sizeof(kid));
	parent->kid[parent->n++] = kid;
}

void
ynode_free(struct ynode *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->n; i++)
		ynode_free(n->kid[i]);
	free(n->kid);
	free(n->str);
	free(n);
}

/*
 * Parses one node whose first event is ev (already taken from the parser).
 * Returns the node, or NULL after adding an error.
 */
static struct ynode *
parse_node(const char *name, yaml_parser_t *p, yaml_event_t *ev, int depth,
    struct diag *d)
{
	struct ynode *n, *kid;
	yaml_event_t next;
	enum yaml_event_type_e end;
	size_t i;

	if (depth > SL_MAX_YAML_DEPTH) {
		diag_add(d, name, (int)ev->start_mark.line + 1,
		    (int)ev->start_mark.column + 1, "nesting deeper than %d",
		    SL_MAX_YAML_DEPTH);
		return NULL;
	}
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		diag_add(d, name, (int)ev->start_mark.line + 1,
		    (int)ev->start_mark.column + 1,
		    "aliases are not supported");
		return NULL;
	case YAML_SCALAR_EVENT:
		if (ev->data.scalar.anchor || (ev->data.scalar.tag &&
		    !ev->data.scalar.plain_implicit &&
		    !ev->data.scalar.quoted_implicit)) {
			diag_add(d, name, (int)ev->start_mark.line + 1,
			    (int)ev->start_mark.column + 1,
			    "anchors and tags are not supported");
			return NULL;
		}
		n = node_new(Y_SCALAR, &ev->start_mark);
		n->len = ev->data.scalar.length;
		n->str = xstrndup((const char *)ev->data.scalar.value, n->len);
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		if (strlen(n->str) != n->len) {
			diag_add(d, name, n->line, n->col,
			    "NUL character in value");
			ynode_free(n);
			return NULL;
		}
		return n;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if ((ev->type == YAML_SEQUENCE_START_EVENT ?
		    ev->data.sequence_start.anchor :
		    ev->data.mapping_start.anchor) != NULL) {
			diag_add(d, name, (int)ev->start_mark.line + 1,
			    (int)ev->start_mark.column + 1,
			    "anchors are not supported");
			return NULL;
		}
		if (ev->type == YAML_SEQUENCE_START_EVENT) {
			n = node_new(Y_SEQ, &ev->start_mark);
			end = YAML_SEQUENCE_END_EVENT;
		} else {
			n = node_new(Y_MAP, &ev->start_mark);
			end = YAML_MAPPING_END_EVENT;
		}
		for (;;) {
			if (!yaml_parser_parse(p, &next)) {
				diag_add(d, name, (int)p->problem_mark.line + 1,
				    (int)p->problem_mark.column + 1, "%s",
				    p->problem ? p->problem : "syntax error");
				ynode_free(n);
				return NULL;
			}
			if (next.type == end) {
				yaml_event_delete(&next);
				break;
			}
			kid = parse_node(name, p, &next, depth + 1, d);
			yaml_event_delete(&next);
			if (kid == NULL) {
				ynode_free(n);
				return NULL;
			}
			if (n->type == Y_MAP && n->n % 2 == 0) {
				if (kid->type != Y_SCALAR) {
					diag_add(d, name, kid->line, kid->col,
					    "mapping keys must be scalars");
					ynode_free(kid);
					ynode_free(n);
					return NULL;
				}
				for (i = 0; i < n->n; i += 2)
					if (strcmp(n->kid[i]->str, kid->str) == 0)
						break;
				if (i < n->n) {
					diag_add(d, name, kid->line, kid->col,
					    "duplicate key \"%s\" (first at "
					    "line %d)", kid->str,
					    n->kid[i]->line);
					ynode_free(kid);
					ynode_free(n);
					return NULL;
				}
			}
			node_push(n, kid);
		}
		return n;
	default:
		diag_add(d, name, (int)ev->start_mark.line + 1,
		    (int)ev->start_mark.column + 1, "unexpected YAML event");
		return NULL;
	}
}

struct ynode *
yamldoc_parse(const char *name, const char *buf, size_t len, struct diag *d)
{
	yaml_parser_t p;
	yaml_event_t ev;
	struct ynode *root = NULL;
	int docs = 0, failed = 0;

	if (!yaml_parser_initialize(&p))
		log_fatal("cannot initialise the YAML parser");
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	for (;;) {
		if (!yaml_parser_parse(&p, &ev)) {
			diag_add(d, name, (int)p.problem_mark.line + 1,
			    (int)p.problem_mark.column + 1, "%s",
			    p.problem ? p.problem : "syntax error");
			failed = 1;
			break;
		}
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (ev.type == YAML_DOCUMENT_START_EVENT && ++docs > 1) {
			diag_add(d, name, (int)ev.start_mark.line + 1,
			    (int)ev.start_mark.column + 1,
			    "only one YAML document is allowed");
			yaml_event_delete(&ev);
			failed = 1;
			break;
		}
		if (ev.type == YAML_SCALAR_EVENT ||
		    ev.type == YAML_SEQUENCE_START_EVENT ||
		    ev.type == YAML_MAPPING_START_EVENT ||
		    ev.type == YAML_ALIAS_EVENT) {
			root = parse_node(name, &p, &ev, 0, d);
			if (root == NULL)
				failed = 1;
		}
		yaml_event_delete(&ev);
		if (failed)
			break;
	}
	yaml_parser_delete(&p);
	if (failed) {
		ynode_free(root);
		return NULL;
	}
	if (root == NULL) {
		yaml_mark_t m = { 0, 0, 0 };

		root = node_new(Y_MAP, &m);
	}
	return root;
}

struct ynode *
yamldoc_load(const char *path, struct diag *d)
{
	struct ynode *root;
	struct stat st;
	FILE *fp;
	char *buf;
	size_t got;

	if ((fp = fopen(path, "r")) == NULL) {
		diag_add(d, path, 0, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fileno(fp), &st) < 0 || !S_ISREG(st.st_mode)) {
		diag_add(d, path, 0, 0, "not a regular file");
		fclose(fp);
		return NULL;
	}
	if (st.st_size > SL_MAX_YAML_BYTES) {
		diag_add(d, path, 0, 0, "file is larger than %d bytes",
		    SL_MAX_YAML_BYTES);
		fclose(fp);
		return NULL;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	got = fread(buf, 1, (size_t)st.st_size, fp);
	if (ferror(fp)) {
		diag_add(d, path, 0, 0, "read error: %s", strerror(errno));
		fclose(fp);
		free(buf);
		return NULL;
	}
	fclose(fp);
	buf[got] = '\0';
	root = yamldoc_parse(path, buf, got, d);
	free(buf);
	return root;
}

const char *
ytype_name(enum ytype t)
{
	switch (t) {
	case Y_SCALAR:
		return "a scalar";
	case Y_MAP:
		return "a mapping";
	case Y_SEQ:
		return "a list";
	}
	return "?";
}

int
y_expect(const char *file, const struct ynode *n, enum ytype t,
    const char *what, struct diag *d)
{
	if (n->type == t)
		return 0;
	diag_add(d, file, n->line, n->col, "%s must be %s, not %s", what,
	    ytype_name(t), ytype_name(n->type));
	return -1;
}

int
y_keys(const char *file, const struct ynode *map, const char *const *allowed,
    struct diag *d)
{
	size_t i, j;
	int bad = 0;

	for (i = 0; i < map->n; i += 2) {
		for (j = 0; allowed[j] != NULL; j++)
			if (strcmp(map->kid[i]->str, allowed[j]) == 0)
				break;
		if (allowed[j] == NULL) {
			diag_add(d, file, map->kid[i]->line, map->kid[i]->col,
			    "unknown key \"%s\"", map->kid[i]->str);
			bad = -1;
		}
	}
	return bad;
}

const struct ynode *
y_get(const struct ynode *map, const char *key)
{
	size_t i;

	if (map == NULL || map->type != Y_MAP)
		return NULL;
	for (i = 0; i + 1 < map->n; i += 2)
		if (strcmp(map->kid[i]->str, key) == 0)
			return map->kid[i + 1];
	return NULL;
}

int
y_string(const char *file, const struct ynode *n, const char *what,
    const char **out, struct diag *d)
{
	if (y_expect(file, n, Y_SCALAR, what, d) < 0)
		return -1;
	if (n->plain && (n->len == 0 || strcmp(n->str, "~") == 0 ||
	    strcmp(n->str, "null") == 0)) {
		diag_add(d, file, n->line, n->col, "%s must not be empty",
		    what);
		return -1;
	}
	*out = n->str;
	return 0;
}

int
y_long(const char *file, const struct ynode *n, const char *what, long min,
    long max, long *out, struct diag *d)
{
	char *end;
	long v;

	if (y_expect(file, n, Y_SCALAR, what, d) < 0)
		return -1;
	errno = 0;
	v = strtol(n->str, &end, 0);
	if (n->len == 0 || *end != '\0' || errno != 0 || !n->plain) {
		diag_add(d, file, n->line, n->col,
		    "%s must be an integer, not \"%s\"", what, n->str);
		return -1;
	}
	if (v < min || v > max) {
		diag_add(d, file, n->line, n->col,
		    "%s must be between %ld and %ld, not %ld", what, min, max,
		    v);
		return -1;
	}
	*out = v;
	return 0;
}

int
y_bool(const char *file, const struct ynode *n, const char *what, int *out,
    struct diag *d)
{
	if (y_expect(file, n, Y_SCALAR, what, d) < 0)
		return -1;
	if (n->plain && (strcmp(n->str, "true") == 0 ||
	    strcmp(n->str, "yes") == 0)) {
		*out = 1;
		return 0;
	}
	if (n->plain && (strcmp(n->str, "false") == 0 ||
	    strcmp(n->str, "no") == 0)) {
		*out = 0;
		return 0;
	}
	diag_add(d, file, n->line, n->col,
	    "%s must be true or false, not \"%s\"", what, n->str);
	return -1;
}
