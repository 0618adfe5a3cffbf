/*
 * msgidwin: the Message-ID window. An id is seen once added, with the time
 * of its first sending; the window keeps at most size ids (the oldest
 * go first) for at most age seconds; ids over SL_MSGID_WINDOW_ID_LEN
 * octets are not kept. The clock is the caller's, so no test sleeps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msgidwin.h"
#include "limits.h"
#include "tap.h"

enum op { ADD, SEEN, UNSEEN };

struct step {
	enum op		 op;
	const char	*id;
	time_t		 now;
	time_t		 when;		/* SEEN: the time it was first added */
	const char	*name;
};

/* size 3, age 100 */
static const struct step steps[] = {
	{ UNSEEN, "<a@x>", 1000, 0, "an empty window has seen nothing" },
	{ ADD, "<a@x>", 1000, 0, NULL },
	{ SEEN, "<a@x>", 1001, 1000, "an added id is seen, with its time" },
	{ UNSEEN, "<A@x>", 1001, 0, "ids compare exactly (case matters)" },
	{ UNSEEN, "<a@x", 1001, 0, "a prefix of an id is another id" },
	{ ADD, "<a@x>", 1050, 0, NULL },
	{ SEEN, "<a@x>", 1050, 1000, "adding again keeps the first sending's time" },
	{ ADD, "<b@x>", 1010, 0, NULL },
	{ ADD, "<c@x>", 1020, 0, NULL },
	{ SEEN, "<c@x>", 1020, 1020, "three ids fit in a window of three" },
	{ SEEN, "<a@x>", 1020, 1000, "the first of three is still there" },
	{ ADD, "<d@x>", 1030, 0, NULL },
	{ UNSEEN, "<a@x>", 1030, 0, "a fourth id pushes out the oldest" },
	{ SEEN, "<b@x>", 1030, 1010, "the second oldest stays" },
	{ SEEN, "<d@x>", 1030, 1030, "the newest is there" },
	{ SEEN, "<b@x>", 1110, 1010, "at exactly age seconds an id is still seen" },
	{ UNSEEN, "<b@x>", 1111, 0, "one second past age it is forgotten" },
	{ SEEN, "<c@x>", 1111, 1020, "younger ids outlive it" },
	{ UNSEEN, "<c@x>", 5000, 0, "much later every id has expired" },
	{ UNSEEN, "<d@x>", 5000, 0, "...all of them" },
	{ ADD, "<e@x>", 5000, 0, NULL },
	{ SEEN, "<e@x>", 5000, 5000, "an emptied window takes ids again" },
};

int
main(void)
{
	struct msgidwin *w = msgidwin_new(3, 100);
	char name[160], *longid;
	time_t when;
	size_t i, n;
	int k;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		const struct step *s = &steps[i];

		when = -1;
		switch (s->op) {
		case ADD:
			msgidwin_add(w, s->id, s->now);
			break;
		case SEEN:
			k = msgidwin_seen(w, s->id, s->now, &when);
			tap_ok(k == 1, s->name);
			snprintf(name, sizeof(name), "%s: when", s->name);
			tap_is_int((long)when, (long)s->when, name);
			break;
		case UNSEEN:
			tap_is_int(msgidwin_seen(w, s->id, s->now, &when), 0,
			    s->name);
			break;
		}
	}
	msgidwin_free(w);

	/* the length ceiling, at and past it */
	w = msgidwin_new(10, 100);
	for (n = SL_MSGID_WINDOW_ID_LEN; n <= SL_MSGID_WINDOW_ID_LEN + 1; n++) {
		longid = malloc(n + 1);
		memset(longid, 'i', n);
		longid[n] = '\0';
		msgidwin_add(w, longid, 10);
		snprintf(name, sizeof(name), "an id of %zu octets is %s", n,
		    n > SL_MSGID_WINDOW_ID_LEN ? "not kept" : "kept");
		tap_is_int(msgidwin_seen(w, longid, 10, &when),
		    n > SL_MSGID_WINDOW_ID_LEN ? 0 : 1, name);
		free(longid);
	}
	msgidwin_free(w);

	/* size 0 still holds one id; many adds never grow past size */
	w = msgidwin_new(0, 100);
	msgidwin_add(w, "<x@y>", 1);
	tap_is_int(msgidwin_seen(w, "<x@y>", 1, &when), 1, "size 0 keeps one id");
	msgidwin_add(w, "<z@y>", 2);
	tap_is_int(msgidwin_seen(w, "<x@y>", 2, &when), 0,
	    "size 0: the next id replaces it");
	msgidwin_free(w);
	w = msgidwin_new(100, 100000);
	for (i = 0; i < 10000; i++) {
		snprintf(name, sizeof(name), "<%zu@bulk>", i);
		msgidwin_add(w, name, (time_t)i);
	}
	tap_is_int(msgidwin_seen(w, "<9899@bulk>", 10000, &when), 0,
	    "10000 adds to a window of 100: the 101st newest is gone");
	tap_is_int(msgidwin_seen(w, "<9900@bulk>", 10000, &when), 1,
	    "10000 adds to a window of 100: the 100th newest is kept");
	msgidwin_free(w);
	msgidwin_free(NULL);
	tap_ok(1, "msgidwin_free(NULL) is a no-op");
	return tap_done();
}
