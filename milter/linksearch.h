/*
 * NAME
 *	linksearch - look for an unsubscribe link in the text of a message
 * SUMMARY
 *	words = linksearch_words_new(patterns);		once, at config load
 *	ls = linksearch_new(words);			per message
 *	linksearch_attach(ls, walker);
 *	... the walker runs over the body ...
 *	linksearch_found(ls); linksearch_parts(ls);
 *	linksearch_free(ls);
 * DESCRIPTION
 *	An observer of the MIME walker (mimewalk.h): it searches the decoded
 *	text of text/plain parts (and parts without Content-Type) and
 *	text/html parts for the configured words (ASCII case-insensitive;
 *	UTF-8 words match as written).
 *
 *	A link is found when a word occurs in an HTML part after an "<a"
 *	tag opened, or in a plain-text part within LINKSEARCH_NEAR octets of
 *	"http". Nothing is kept but a window of LINKSEARCH_WIN octets; the
 *	walker bounds the decoded octets searched (SL_MAX_BODY_SEARCH).
 *
 *	linksearch_words_new() compiles a NULL-terminated word list (at most
 *	LINKSEARCH_WORDS words, each cut at LINKSEARCH_WORD_MAX octets; an
 *	empty word never matches); the result is immutable, shared by every
 *	message, and must outlive them. linksearch_new() starts the search
 *	of one message; linksearch_found() says whether a link was found,
 *	linksearch_parts() how many text parts were searched.
 */
#ifndef SL_LINKSEARCH_H
#define SL_LINKSEARCH_H

#include <stddef.h>

#define LINKSEARCH_NEAR		300
#define LINKSEARCH_WIN		2048
#define LINKSEARCH_WORDS	256
#define LINKSEARCH_WORD_MAX	200

struct linkwords;
struct linksearch;
struct mimewalk;

struct linkwords	*linksearch_words_new(const char *const *words);
void			 linksearch_words_free(struct linkwords *);
struct linksearch	*linksearch_new(const struct linkwords *);
void			 linksearch_free(struct linksearch *);
int			 linksearch_attach(struct linksearch *, struct mimewalk *);
int			 linksearch_found(const struct linksearch *);
int			 linksearch_parts(const struct linksearch *);

#endif
