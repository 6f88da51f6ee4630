/*
 * media.c: video and audio in lessons.  A fenced block whose info string
 * is "video" or "audio" holds a few YAML lines (src, captions, poster,
 * title), then, after a blank line, an optional Markdown transcript:
 *
 *	```video
 *	src: media/greeting.mp4
 *	captions: media/greeting.vtt
 *	title: Greeting a patient at the desk
 *
 *	**Receptionist:** Good morning...
 *	```
 *
 * A video needs captions (a WebVTT file) and an audio clip a transcript,
 * or the lesson does not build: learners who cannot hear must not lose
 * the content.  Every file must exist inside the course; it is copied
 * into the output (and so into the SCORM packages) and played from
 * there, so media work offline.  The captions are also inlined as a
 * data: URL because browsers refuse <track> files from file:// pages.
 */
#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>

#include "util.h"
#include "courseware.h"
#include "extern.h"
#include "escape.h"
#include "meta.h"
#include "msg.h"
#include "theme.h"
#include "arena.h"

static const char *const media_keys[] = {
	"src", "captions", "poster", "title", NULL
};

/* One block being read. */
struct media {
	struct course	*c;
	struct lesson	*l;
	int		 video;		/* else audio */
	int		 line, col;	/* the opening fence */
	char		*src, *captions, *poster, *title;	/* rewritten */
	char		*vtt;		/* captions file contents */
	char		*transcript;	/* rendered HTML, or NULL */
	int		 ok;		/* no error so far */
};

/*
 * Checks a course-relative file named at key (relative to the lesson)
 * and returns its path relative to the lesson page, registering it as
 * an asset; *norm_out gets the course-relative path.  NULL on error.
 */
static char *
media_file(struct media *m, struct ydoc *y, yaml_node_t *root,
    const char *key, char **norm_out)
{
	yaml_node_t	*n;
	struct stat	 st;
	char		*s, *dir, *rel, *norm, *full, *out = NULL;

	if ((n = y_get(y, root, key)) == NULL ||
	    (s = y_str(y, n, key)) == NULL)
		return NULL;
	dir = path_dir(m->l->src);
	rel = path_join(dir, s);
	norm = path_normalize(rel);
	full = norm != NULL ? path_join(m->c->dir, norm) : NULL;
	if (strstr(s, "://") != NULL || s[0] == '/') {
		msg(MSG_PATH_ABSOLUTE, m->l->file, y_line(y, n), y_col(y, n),
		    "%s: media must be files inside the course, so that "
		    "they play offline", s);
		m->ok = 0;
	} else if (norm == NULL || norm[0] == '\0') {
		msg(MSG_PATH_ESCAPES, m->l->file, y_line(y, n), y_col(y, n),
		    "%s", s);
		m->ok = 0;
	} else if (stat(full, &st) == -1 || !S_ISREG(st.st_mode)) {
		msg(MSG_MISSING_FILE, m->l->file, y_line(y, n), y_col(y, n),
		    "%s", s);
		m->ok = 0;
	} else if (!course_contains(m->c, norm)) {
		msg(MSG_PATH_ESCAPES, m->l->file, y_line(y, n), y_col(y, n),
		    "%s is a link to a file outside the course", s);
		m->ok = 0;
	} else {
		course_add_asset(m->c, norm);
		out = path_relative(m->l->href, norm);
		if (norm_out != NULL)
			*norm_out = xstrdup(norm);
	}
	free(s);
	free(dir);
	free(rel);
	free(norm);
	free(full);
	return out;
}

/* Appends the data: URL of a WebVTT text. */
static void
data_url(struct buf *b, const char *text)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	buf_puts(b, "data:text/vtt;charset=utf-8,");
	for (p = (const unsigned char *)text; *p != '\0'; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-_.~:,", *p) != NULL)
			buf_putc(b, (char)*p);
		else {
			buf_putc(b, '%');
			buf_putc(b, hex[*p >> 4]);
			buf_putc(b, hex[*p & 15]);
		}
}

static void
put_attr(struct buf *b, const char *name, const char *v)
{
	buf_printf(b, " %s=\"", name);
	esc_attr(b, v, strlen(v));
	buf_putc(b, '"');
}

/* The figure for a checked block. */
static char *
media_html(const struct media *m)
{
	const struct course *c = m->c;
	struct buf	 b = { NULL, 0, 0 };
	const char	*tag = m->video ? "video" : "audio";

	buf_printf(&b, "<figure class=\"cs-media cs-media--%s\">\n<%s "
	    "class=\"cs-media__player\" controls preload=\"metadata\"", tag,
	    tag);
	put_attr(&b, "src", m->src);
	if (m->poster != NULL)
		put_attr(&b, "poster", m->poster);
	if (m->title != NULL)
		put_attr(&b, "aria-label", m->title);
	buf_puts(&b, ">\n");
	if (m->vtt != NULL) {
		buf_puts(&b, "<track kind=\"captions\" default");
		put_attr(&b, "srclang", c->language);
		put_attr(&b, "label", ui_text(c, "media_captions", "Captions"));
		buf_puts(&b, " src=\"");
		data_url(&b, m->vtt);
		buf_puts(&b, "\" data-src=\"");
		esc_attr(&b, m->captions, strlen(m->captions));
		buf_puts(&b, "\">\n");
	}
	/* Shown only by browsers that cannot play the file. */
	buf_puts(&b, "<a href=\"");
	esc_attr(&b, m->src, strlen(m->src));
	buf_puts(&b, "\">");
	esc_html(&b, ui_text(c, "media_download", "Download the file"),
	    strlen(ui_text(c, "media_download", "Download the file")));
	buf_printf(&b, "</a>\n</%s>\n", tag);
	if (m->transcript != NULL) {
		buf_puts(&b, "<details class=\"cs-media__transcript\">"
		    "<summary>");
		esc_html(&b, ui_text(c, "media_transcript", "Transcript"),
		    strlen(ui_text(c, "media_transcript", "Transcript")));
		buf_puts(&b, "</summary>\n<div class=\"cs-media__text\">");
		buf_puts(&b, m->transcript);
		buf_puts(&b, "</div></details>\n");
	}
	/* Last: a <figcaption> must open or close the figure. */
	if (m->title != NULL) {
		buf_puts(&b, "<figcaption class=\"cs-media__caption\">");
		esc_html(&b, m->title, strlen(m->title));
		buf_puts(&b, "</figcaption>\n");
	}
	buf_puts(&b, "</figure>\n");
	return buf_detach(&b);
}

int
media_block(struct course *c, struct lesson *l, cmark_node *n,
    cmark_node *grave)
{
	struct media	 m;
	struct ydoc	 y;
	yaml_node_t	*root, *t = NULL;
	cmark_node	*blk;
	const char	*info, *text, *body, *s;
	char		*head, *vttpath = NULL, *full, *html;
	size_t		 hlen;
	struct pos	 p;
	struct mdsrc	 src;

	info = cmark_node_get_fence_info(n);
	memset(&m, 0, sizeof(m));
	m.c = c;
	m.l = l;
	m.ok = 1;
	m.video = strcmp(info, "video") == 0;
	m.line = cmark_node_get_start_line(n);
	m.col = cmark_node_get_start_column(n);
	text = cmark_node_get_literal(n);
	if (text == NULL)
		text = "";
	/* The YAML head ends at the first blank line. */
	if ((body = strstr(text, "\n\n")) != NULL) {
		hlen = (size_t)(body - text) + 1;
		body += 2;
		while (*body == '\n')
			body++;
	} else
		hlen = strlen(text);
	head = xstrndup(text, hlen);
	memset(&y, 0, sizeof(y));
	root = ydoc_load(&y, l->file, m.line, head, hlen);
	if (root == NULL) {
		if (!y.loaded)
			msg(MSG_REQUIRED, l->file, m.line,
			    m.col, "%s block needs src: and %s", info,
			    m.video ? "captions:" : "a transcript");
		m.ok = 0;
		goto out;
	}
	y_check_keys(&y, root, media_keys);
	if (y_get(&y, root, "src") == NULL) {
		msg(MSG_REQUIRED, l->file, m.line, m.col,
		    "%s block has no src: file", info);
		m.ok = 0;
	} else
		m.src = media_file(&m, &y, root, "src", NULL);
	if ((t = y_get(&y, root, "title")) != NULL)
		m.title = y_str(&y, t, "title");
	if (y_get(&y, root, "poster") != NULL)
		m.poster = media_file(&m, &y, root, "poster", NULL);
	if ((t = y_get(&y, root, "captions")) != NULL &&
	    (m.captions = media_file(&m, &y, root, "captions",
	    &vttpath)) != NULL) {
		full = path_join(c->dir, vttpath);
		m.vtt = file_read(full, NULL);
		free(full);
		if (m.vtt == NULL || strncmp(m.vtt, "WEBVTT", 6) != 0) {
			msg(MSG_BAD_VALUE, l->file, y_line(&y, t),
			    y_col(&y, t), "captions must be a WebVTT file "
			    "(starting with WEBVTT)");
			m.ok = 0;
		}
	}
	if (body != NULL && *body != '\0') {
		/* The transcript's lines, for its diagnostics: one piece per
		   line, at the fence's column. */
		p.line = m.line + 1;
		for (s = text; s < body; s++)
			if (*s == '\n')
				p.line++;
		p.col = m.col;
		memset(&src, 0, sizeof(src));
		for (s = body; *s != '\0'; s = strchr(s, '\n') + 1) {
			src.v = xreallocarray(src.v, src.n + 1,
			    sizeof(*src.v));
			src.v[src.n].off = (size_t)(s - body);
			src.v[src.n].pos = p;
			src.n++;
			p.line++;
			if (strchr(s, '\n') == NULL)
				break;
		}
		if (!markdown_snippet_check(c, l, body, &src))
			m.ok = 0;
		free(src.v);
		m.transcript = markdown_snippet(c, l, body, 0, NULL);
	}
	if (m.video && m.captions == NULL && t == NULL) {
		msg(MSG_MEDIA_ACCESS, l->file, m.line,
		    m.col, "video has no captions: add captions: FILE.vtt");
		m.ok = 0;
	} else if (!m.video && m.transcript == NULL) {
		msg(MSG_MEDIA_ACCESS, l->file, m.line,
		    m.col, "audio has no transcript: write it after a blank "
		    "line in the block");
		m.ok = 0;
	}
out:
	ydoc_free(&y);
	free(head);
	if (m.ok) {
		html = media_html(&m);
		/* A custom block: compiler-made HTML, printed whatever
		   allow_html says. */
		blk = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_BLOCK,
		    arena_mem());
		cmark_node_set_on_enter(blk, html);
		free(html);
		cmark_node_replace(n, blk);
		cmark_node_append_child(grave, n);
	}
	free(m.src);
	free(m.captions);
	free(m.poster);
	free(m.title);
	free(m.vtt);
	free(vttpath);
	free(m.transcript);
	return m.ok;
}
