/*
 * NAME
 *	yamldoc - read a YAML file into a small tree that remembers positions
 * DESCRIPTION
 *	The only file that includes libyaml. Config and rule loaders walk
 *	the tree and report errors at each node's line and column.
 *
 *	yamldoc_load() returns the root node, or NULL after adding errors
 *	to the diag list. Refused: files over SL_MAX_YAML_BYTES, more than
 *	one document, anchors and aliases, tags, duplicate keys, nesting
 *	deeper than SL_MAX_YAML_DEPTH. An empty file yields an empty map.
 *	The tree is freed with ynode_free().
 */
#ifndef SL_YAMLDOC_H
#define SL_YAMLDOC_H

#include <stddef.h>

#include "diag.h"

enum ytype { Y_SCALAR, Y_MAP, Y_SEQ };

struct ynode {
	enum ytype	 type;
	int		 line;
	int		 col;
	int		 plain;		/* scalar written without quotes */
	char		*str;		/* scalar value, NUL-terminated */
	size_t		 len;
	struct ynode	**kid;		/* SEQ: items; MAP: key, value, ... */
	size_t		 n;		/* entries in kid */
};

struct ynode	*yamldoc_load(const char *path, struct diag *);
struct ynode	*yamldoc_parse(const char *name, const char *buf, size_t len,
		    struct diag *);
void		 ynode_free(struct ynode *);

/* Schema helpers: each adds an error at the node and returns -1 on misuse. */
const char	*ytype_name(enum ytype);
int		 y_expect(const char *file, const struct ynode *, enum ytype,
		    const char *what, struct diag *);
int		 y_keys(const char *file, const struct ynode *map,
		    const char *const *allowed, struct diag *);
const struct ynode *y_get(const struct ynode *map, const char *key);
int		 y_string(const char *file, const struct ynode *, const char *what,
		    const char **out, struct diag *);
int		 y_long(const char *file, const struct ynode *, const char *what,
		    long min, long max, long *out, struct diag *);
int		 y_bool(const char *file, const struct ynode *, const char *what,
		    int *out, struct diag *);

#endif
