/*
 * escape.h: the escaping rules for every output context.  Templates name
 * one of these at each substitution; C code calls them directly.
 */
#ifndef ESCAPE_H
#define ESCAPE_H

struct buf;

/* Text content: escapes & < > " '. */
void	esc_html(struct buf *, const char *, size_t);
/* Attribute value (double-quoted): same set as text, kept separate so a
 * context can tighten without touching the other. */
void	esc_attr(struct buf *, const char *, size_t);
/* URL in an attribute: percent-encodes bytes outside RFC 3986's
 * unreserved and reserved sets, then escapes & and quotes. */
void	esc_url(struct buf *, const char *, size_t);
/* A JSON string literal (with quotes) safe inside <script>. */
void	esc_json(struct buf *, const char *, size_t);

#endif /* !ESCAPE_H */
