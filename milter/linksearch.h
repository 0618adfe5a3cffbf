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
 *	UTF-8 words match as written), where a reader sees them beside a
 *	link:
 *
 *	HTML	an <a> tag's href (its path and query, percent-decoded: /optOut/,
 *		?action=unsubscribe), title or aria-label; or the sentence the
 *		anchor stands in: its text (and the alt text of images in it)
 *		with the text before and after it, up to a sentence end (". ",
 *		"! ", "? ") or a block tag (p, div, td, li, tr, table, h1-h6,
 *		hr). Character references (&amp; &ouml; &#246; ...) are decoded,
 *		white space is collapsed, <style> and <script> are skipped.
 *	plain	a line that holds a URL (http://, https://, www.) together with
 *		the line before it.
 *
 *	One pass; nothing is kept but a tag (LINKSEARCH_TAG octets), a
 *	sentence (LINKSEARCH_SENTENCE) or two lines (LINKSEARCH_LINE each);
 *	longer ones are searched in pieces. The walker bounds the decoded
 *	octets searched (SL_MAX_BODY_SEARCH).
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

#define LINKSEARCH_TAG		4096
#define LINKSEARCH_SENTENCE	1024
#define LINKSEARCH_LINE		1024
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
