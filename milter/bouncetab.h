/*
 * NAME
 *	bouncetab - what a mail log says about each provider and recipient
 * DESCRIPTION
 *	bouncetab_new() makes an empty table; bouncetab_add() takes one
 *	parsed log line (maillog.h) and keeps, bounded:
 *
 *	- per queue id, until qmgr logs "removed": the MAIL FROM domain
 *	  (qmgr's from=) and the From domain (senderlint's summary line),
 *	  at most BT_QIDS queue ids at a time (more are not followed);
 *	- per provider (bounceclass.h; at most BT_PROVIDERS, the rest
 *	  counted under "other-providers"): deliveries, and per class of
 *	  failure the count, first and last seen, the codes (at most
 *	  BT_CODES, by count), sample replies (at most BT_SAMPLES distinct,
 *	  told apart with the recipient's address taken out, so one reply
 *	  to many recipients counts as one; the first seen kept verbatim,
 *	  cut to BT_SAMPLE_LEN octets), events per hour (for
 *	  the peak), and the sending domains seen (at most BT_DOMAINS);
 *	- per recipient with a recipient or mailbox-full failure: the last
 *	  hard bounce, the first and last soft bounce and their count, the
 *	  last successful delivery.
 *
 *	bouncetab_verdicts() lists the recipients to suppress, sorted by
 *	address: a hard bounce (a recipient-class 5.x.x) not followed by a
 *	delivery is SUPP_HARD_BOUNCE; soft bounces (mailbox full at 4.x or
 *	5.x, a recipient-class 4.x.x) at least soft_days apart from first to
 *	last, not followed by a delivery, are SUPP_SOFT_BOUNCE. Policy,
 *	transient and other failures never are. The structs below are read
 *	by the output code (bounceout.c); only bouncetab.c writes them.
 */
#ifndef SL_BOUNCETAB_H
#define SL_BOUNCETAB_H

#include <stddef.h>
#include <time.h>

#include "bounceclass.h"
#include "limits.h"	/* BT_* */
#include "maillog.h"


struct bt_count {
	char		 key[BT_SAMPLE_LEN + 1];	/* a code, a domain, a reply */
	char		 text[BT_SAMPLE_LEN + 1];	/* a reply: the first verbatim */
	unsigned long	 n;
};

struct bt_hour {
	time_t		 hour;
	unsigned long	 n;
};

struct bt_class {
	unsigned long	 n;
	time_t		 first;
	time_t		 last;
	struct bt_count	 codes[BT_CODES];
	size_t		 ncodes;
	struct bt_count	 samples[BT_SAMPLES];
	size_t		 nsamples;
	struct bt_hour	*hours;		/* sorted by hour */
	size_t		 nhours;
};

struct bt_provider {
	char		 name[BOUNCE_PROVIDER_MAX + 1];
	unsigned long	 sent;
	unsigned long	 failed;
	struct bt_class	 cls[BC_NCLASS];
	struct bt_count	 domains[BT_DOMAINS];	/* MAIL FROM and From */
	size_t		 ndomains;
};

struct bt_verdict {
	char		*addr;
	int		 reason;	/* enum supp_reason */
	time_t		 date;		/* the last bounce */
	char		 code[BOUNCE_CODE_MAX + 1];
	unsigned long	 n;		/* bounces counted */
	time_t		 first;
};

struct bouncetab;

struct bouncetab	*bouncetab_new(void);
void			 bouncetab_free(struct bouncetab *);
void			 bouncetab_add(struct bouncetab *,
			    const struct maillog_rec *);
/* the providers, sorted by name; valid until the next add or free */
const struct bt_provider *const *bouncetab_providers(struct bouncetab *,
			    size_t *n);
/* a new array of n verdicts; free with bouncetab_verdicts_free() */
struct bt_verdict	*bouncetab_verdicts(struct bouncetab *, long soft_days,
			    size_t *n);
void			 bouncetab_verdicts_free(struct bt_verdict *, size_t);
/* the hour with the most events of a class, its count (0: none) */
unsigned long		 bouncetab_peak(const struct bt_class *, time_t *);

#endif
