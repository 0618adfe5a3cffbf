/*
 * NAME
 *	stats - message, rule and fact counters; the Prometheus text
 * DESCRIPTION
 *	Counts messages by final action (and by stream and action), rule
 *	hits by rule, mode (enforce or monitor) and action, undecided rule
 *	evaluations, true facts by fact, on_error answers and reloads.
 *	Counters live for the life of the process; rule counters outlive
 *	reloads, so a rule kept across a reload keeps counting.
 *
 *	Milter threads only add to atomic counters (stats_message() and the
 *	others never wait for a scrape or the file writer). A rule id or
 *	stream seen for the first time takes a slot under a mutex that is
 *	never held while rendering or writing; SL_MAX_STATS_RULES and
 *	SL_MAX_STATS_STREAMS bound the slots, later ones are not counted.
 *
 *	stats_rules() makes the rules of a rule set the ones rendered, each
 *	with its own mode and action present from then on, zero or not; a
 *	rule dropped by a reload is no longer rendered. mode: monitor
 *	(monitor_all) renders every rule as monitor.
 *
 *	stats_render() appends every series, metric.h's included, in
 *	Prometheus text exposition format 0.0.4; the textfile writer and the
 *	HTTP listener (metricsrv.h) both serve it. Label values need no
 *	escaping: rule ids and stream names are letters, digits, '.', '-'
 *	and '_' (rule_id_valid()), fact ids come from the registry.
 *
 *	stats_write() writes the file atomically (temporary file in the same
 *	directory, then rename), so node_exporter's textfile collector never
 *	reads half a file. stats_start() writes it every interval seconds
 *	from a thread until stats_stop(), which writes it one last time.
 *	All functions are thread-safe.
 */
#ifndef SL_STATS_H
#define SL_STATS_H

#include "fact.h"
#include "rule.h"
#include "util.h"

void	stats_message(const struct verdict *, const struct factset *);
void	stats_out_of_scope(void);
void	stats_error(void);
void	stats_reload(int ok);
void	stats_rules(const struct ruleset *, int monitor_all);
void	stats_render(struct sbuf *);
int	stats_write(const char *path);
void	stats_start(void);
void	stats_stop(void);

#endif
