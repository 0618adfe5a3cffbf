/*
 * NAME
 *	stats - counters in Prometheus text exposition format
 * DESCRIPTION
 *	Counts messages by final action, rule hits by rule, mode (enforce or
 *	monitor) and action, on_error answers and reloads. Counters live for
 *	the life of the process; rule counters outlive reloads, so a rule
 *	kept across a reload keeps counting.
 *
 *	stats_write() writes the file atomically (temporary file in the same
 *	directory, then rename), so node_exporter's textfile collector never
 *	reads half a file. stats_start() writes it every interval seconds
 *	from a thread until stats_stop(), which writes it one last time.
 *	All functions are thread-safe.
 */
#ifndef SL_STATS_H
#define SL_STATS_H

#include "rule.h"

void	stats_message(const struct verdict *);
void	stats_out_of_scope(void);
void	stats_error(void);
void	stats_reload(int ok);
int	stats_write(const char *path);
void	stats_start(void);
void	stats_stop(void);

#endif
