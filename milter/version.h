/*
 * NAME
 *	version - the release every command prints for -V and --version
 */
#ifndef SL_VERSION_H
#define SL_VERSION_H

#ifndef SL_VERSION
#define SL_VERSION	"0.1"
#endif

#endif
