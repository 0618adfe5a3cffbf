/*
 * NAME
 *	tally - what one rule file did to a corpus (senderlint-check --summary)
 * SUMMARY
 *	struct tally *t = tally_new(rules, nexamples);
 *	for each message: judge(); tally_add(t, item, judgement);
 *	tallyfmt_text(t, stdout); or tallyfmt_json(t, stdout);
 *	tally_free(t);
 * DESCRIPTION
 *	A tally counts, over the messages given to tally_add(): the final
 *	actions (and, under mode: monitor, what enforcing would give); per
 *	stream its messages, their actions and the rules that matched
 *	there; per rule of the rule file, every rule from the start even
 *	when it never matches, the messages it matched (enforced and
 *	monitor alike) and those it left undecided, with the facts it reads
 *	that a lookup left undecided (temperror) there, which say why; per
 *	fact the
 *	messages where it was true and where it was temperror. For each
 *	rule it keeps the first nexamples messages it matched, in input
 *	order (at most SL_MAX_EXAMPLES).
 *
 *	A verdict keeps at most VERDICT_MAX_HITS hits: messages with more
 *	are counted in hits_dropped, their extra hits are not.
 *
 *	The structs below are the tally's model, read by tallyfmt.c and
 *	ruldiff.c; only tally.c writes them. A tally points into its rule
 *	set, which must outlive it. tally_free(NULL) is a no-op.
 *
 *	example_set() fills an example from an input item: the file, the
 *	message's number in an mbox, and its Message-ID, From and Subject,
 *	unfolded and cut at SL_MAX_LOG_FIELD octets. example_clear() frees
 *	what it holds.
 */
#ifndef SL_TALLY_H
#define SL_TALLY_H

#include "checkinput.h"
#include "judge.h"
#include "rule.h"

struct example {
	char		*file;
	int		 mbox;
	size_t		 index;		/* in the mbox, from 1 */
	char		*message_id;
	char		*from;
	char		*subject;
};

struct examples {
	struct example	*e;
	size_t		 n;
};

struct tally_rule {
	const char	*id;
	int		 action;	/* enum action */
	int		 monitor;
	unsigned long	 matched;	/* messages it matched (decided) */
	unsigned long	 undecided;	/* messages it left undecided */
	unsigned long	*why;		/* per fact: temperror when undecided;
					   NULL until undecided */
	struct examples	 ex;
};

struct tally_stream {
	const char	*name;		/* into the rule set, or "unknown" */
	unsigned long	 n;
	unsigned long	 act[ACT_COUNT];
	unsigned long	*rule;		/* per rule: messages it matched */
};

struct tally {
	const struct ruleset *rs;
	size_t		 nex;		/* examples kept per rule */
	unsigned long	 n;		/* messages */
	unsigned long	 act[ACT_COUNT];
	unsigned long	 ndry;		/* messages under mode: monitor */
	unsigned long	 would[ACT_COUNT];	/* what enforcing gives them */
	struct tally_rule *rules;
	size_t		 nrules;
	struct tally_stream *streams;	/* in order of first appearance */
	size_t		 nstreams;
	const struct fact_info *facts;	/* the registry */
	size_t		 nfacts;
	unsigned long	*fact_true;	/* per fact */
	unsigned long	*fact_temp;
	unsigned long	 hits_dropped;
};

struct tally	*tally_new(const struct ruleset *, size_t nexamples);
void		 tally_add(struct tally *, const struct input_item *,
		    const struct judgement *);
void		 tally_free(struct tally *);
/* The index of the fact's id in the registry (fact_registry()). */
size_t		 tally_fact_index(const struct tally *, const struct fact *);

void		 example_set(struct example *, const struct input_item *);
void		 example_clear(struct example *);
/* Adds the item as an example unless the list holds max already. */
void		 examples_add(struct examples *, size_t max,
		    const struct input_item *);
void		 examples_clear(struct examples *);

#endif
