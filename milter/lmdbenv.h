/*
 * NAME
 *	lmdbenv - what the LMDB stores share: opening, and the record codec
 * DESCRIPTION
 *	senderlint keeps three embedded stores in LMDB, each its own
 *	environment (directory): the identity history (identstore.c), the
 *	suppression list (suppress.c) and the unsubscribe window
 *	(unsubwin.c). They are the only users of LMDB and open it here, the
 *	same way.
 *
 *	lmdbenv_open() opens the environment in directory path and its one
 *	unnamed database. Flags: LMDBENV_RDONLY opens it read-only (the
 *	directory and its data file must exist; LMDB still writes its lock
 *	file, where readers register), LMDBENV_CREATE creates the directory
 *	(mode 0750) when it is missing, LMDBENV_NOTLS ties reader slots to
 *	transactions rather than threads (for processes that run one thread
 *	per connection). map_mb bounds the data file; a larger existing file
 *	is taken at its size. Stale reader slots left by dead processes are
 *	cleared. Returns 0, or -1 with a message "path: why" in err.
 *
 *	lmdbenv_put64() and lmdbenv_get64() store and read a 64-bit number
 *	as 8 octets, big-endian, so records are the same on every machine.
 */
#ifndef SL_LMDBENV_H
#define SL_LMDBENV_H

#include <lmdb.h>
#include <stddef.h>
#include <stdint.h>

#define LMDBENV_RDONLY	0x01
#define LMDBENV_CREATE	0x02
#define LMDBENV_NOTLS	0x04

int		 lmdbenv_open(const char *path, long map_mb, int flags,
		    MDB_env **, MDB_dbi *, char *err, size_t errlen);
void		 lmdbenv_put64(unsigned char *, uint64_t);
uint64_t	 lmdbenv_get64(const unsigned char *);

#endif
