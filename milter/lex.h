/*
 * NAME
 *	lex - RFC 5322 lexical tokens of a structured header field body
 * DESCRIPTION
 *	lex_scan() splits a raw field body (as milters see it: leading
 *	space, folds as LF or CRLF followed by WSP) into tokens: atoms,
 *	quoted strings, domain literals and the specials of RFC 5322 3.2.3.
 *	FWS and comments (RFC 5322 3.2.2) are skipped; each token records
 *	whether CFWS preceded it. Tokens point into the input; nothing is
 *	copied. The token array grows as needed up to LEX_MAX_TOKENS;
 *	lex_init() starts a scanner, lex_clear() releases it.
 *
 *	Lexical errors (unterminated quoted string, comment or literal,
 *	a control character, an unbalanced ')') stop the scan: lex->err is
 *	set to a short reason and lex->errpos to the offset. Raw bytes of
 *	0x80 and above are atext (RFC 6532 3.2); whether they are allowed
 *	is for the caller to decide from lex->eightbit.
 */
#ifndef SL_LEX_H
#define SL_LEX_H

#include <stddef.h>

#include "limits.h"

#define LEX_MAX_TOKENS		SL_MAX_TOKENS
#define LEX_MAX_COMMENT_DEPTH	SL_MAX_COMMENT_DEPTH

enum tok_type {
	T_ATOM,		/* 1*atext */
	T_QSTRING,	/* "..." including the quotes */
	T_DLITERAL,	/* [...] including the brackets */
	T_SPECIAL	/* one of ()<>[]:;@\,." (only <>:;@,. reach here) */
};

struct token {
	int		 type;		/* enum tok_type */
	const char	*s;
	size_t		 len;
	int		 cfws_before;	/* FWS or comment just before */
	int		 comment_before;/* a comment just before */
};

struct lex {
	struct token	*tok;
	size_t		 n;
	size_t		 cap;
	const char	*err;		/* NULL when the scan completed */
	size_t		 errpos;
	int		 eightbit;	/* a byte >= 0x80 outside comments */
	int		 obs;		/* obsolete lexical forms (obs-qtext...) */
	int		 ew_in_qstring;	/* "=?...?=" inside a quoted string */
	int		 trailing_cfws;	/* CFWS after the last token */
};

void	lex_init(struct lex *);
void	lex_clear(struct lex *);
int	lex_scan(struct lex *, const char *, size_t);
int	lex_is_atext(unsigned char);
/*
 * Skips white space (line breaks included) and nested comments from *i,
 * for the lenient grammars of MIME parameters and RFC 2369 lists.
 * Returns 0, or -1 at an unterminated comment.
 */
int	lex_skip_cfws(const char *, size_t, size_t *i);
int	lex_has_encoded_word(const char *, size_t);

#endif
