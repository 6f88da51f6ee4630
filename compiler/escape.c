/*
 * escape.c: owns the escaping rules.  Nothing else writes a '<' or '&'
 * taken from input.
 */
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "util.h"

static void
esc_common(struct buf *b, const char *s, size_t n)
{
	size_t	 i, start = 0;
	const char *rep;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_putn(b, s + start, i - start);
		buf_puts(b, rep);
		start = i + 1;
	}
	buf_putn(b, s + start, n - start);
}

void
esc_html(struct buf *b, const char *s, size_t n)
{
	esc_common(b, s, n);
}

void
esc_attr(struct buf *b, const char *s, size_t n)
{
	esc_common(b, s, n);
}

void
esc_url(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t		 i;
	unsigned char	 c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c == '&')
			buf_puts(b, "&amp;");
		else if (c == '\'')
			buf_puts(b, "&#39;");
		else if (c > 0x20 && c < 0x7f && c != '"' && c != '<' &&
		    c != '>' && c != '\\' && c != '^' && c != '`' &&
		    c != '{' && c != '|' && c != '}')
			buf_putc(b, (char)c);
		else {
			buf_putc(b, '%');
			buf_putc(b, hex[c >> 4]);
			buf_putc(b, hex[c & 15]);
		}
	}
}

void
esc_json(struct buf *b, const char *s, size_t n)
{
	size_t		 i;
	unsigned char	 c;

	buf_putc(b, '"');
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		switch (c) {
		case '"': buf_puts(b, "\\\""); break;
		case '\\': buf_puts(b, "\\\\"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		case '\t': buf_puts(b, "\\t"); break;
		/* Keep "</script>" and "<!--" from closing the element. */
		case '<': buf_puts(b, "\\u003c"); break;
		case '>': buf_puts(b, "\\u003e"); break;
		case '&': buf_puts(b, "\\u0026"); break;
		default:
			if (c < 0x20)
				buf_printf(b, "\\u%04x", c);
			else
				buf_putc(b, (char)c);
		}
	}
	buf_putc(b, '"');
}
