/*
 * quiz-html.c: stage 4 for quizzes and scenarios.  Turns a block that
 * stage 3 checked into the HTML and answer key of docs/quiz-runtime.md.
 * A writer: every problem was reported when the block was checked, so
 * nothing here can fail or report.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "courseware.h"
#include "escape.h"
#include "extern.h"
#include "quiz-int.h"
#include "theme.h"

/* Interface string key from the theme/course, or fallback. */
static const char *
ui(const struct course *c, const char *key, const char *fallback)
{
	const struct tval	*v;

	v = c->ui != NULL ? tv_get(c->ui, key) : NULL;
	return v != NULL && v->type == TV_STR ? v->str : fallback;
}

/* Appends an interface string as HTML text. */
static void
put_ui(struct buf *b, const struct course *c, const char *key,
    const char *fallback)
{
	const char	*s = ui(c, key, fallback);

	esc_html(b, s, strlen(s));
}

static uint32_t
fnv1a(const char *s)
{
	uint32_t	 h = 2166136261u;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

/*
 * Encodes the answer key as docs/quiz-runtime.md says: XOR with an LCG
 * keystream seeded by the id, then base64 (a few lines; libxml2's
 * base64 writer only writes into XML).  Keeps answers out of "view
 * source"; it is not meant as security.
 */
static void
encode_key(struct buf *out, const char *id, const char *json, size_t len)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned char	*x;
	uint32_t	 st = fnv1a(id), v;
	size_t		 i;

	x = xmalloc(len + 2);
	for (i = 0; i < len; i++) {
		st = st * 1103515245u + 12345u;
		x[i] = (unsigned char)json[i] ^ (unsigned char)(st >> 16);
	}
	buf_putc(out, '"');
	for (i = 0; i + 2 < len; i += 3) {
		v = (uint32_t)x[i] << 16 | (uint32_t)x[i + 1] << 8 | x[i + 2];
		buf_putc(out, b64[v >> 18 & 63]);
		buf_putc(out, b64[v >> 12 & 63]);
		buf_putc(out, b64[v >> 6 & 63]);
		buf_putc(out, b64[v & 63]);
	}
	if (len - i == 1) {
		v = (uint32_t)x[i] << 16;
		buf_putc(out, b64[v >> 18 & 63]);
		buf_putc(out, b64[v >> 12 & 63]);
		buf_puts(out, "==");
	} else if (len - i == 2) {
		v = (uint32_t)x[i] << 16 | (uint32_t)x[i + 1] << 8;
		buf_putc(out, b64[v >> 18 & 63]);
		buf_putc(out, b64[v >> 12 & 63]);
		buf_putc(out, b64[v >> 6 & 63]);
		buf_putc(out, '=');
	}
	buf_putc(out, '"');
	free(x);
}

/* A deterministic permutation of n items seeded by an id, never the
 * identity when n > 1, so "shown shuffled" holds in the static page. */
static size_t *
permutation(const char *id, size_t n)
{
	size_t		*v, i, j, t;
	uint32_t	 st = fnv1a(id);
	int		 ident = 1;

	v = xcalloc(n ? n : 1, sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = i;
	for (i = n; i > 1; i--) {
		st = st * 1103515245u + 12345u;
		j = (st >> 16) % i;
		t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
	for (i = 0; i < n; i++)
		if (v[i] != i)
			ident = 0;
	if (ident && n > 1) {
		t = v[0];
		memmove(v, v + 1, (n - 1) * sizeof(*v));
		v[n - 1] = t;
	}
	return v;
}

/* Renders a snippet and appends it; plain text goes to *plain. */
static void
put_md(struct buf *b, struct course *c, struct lesson *l, const char *md,
    int inl, char **plain)
{
	char	*h;

	h = markdown_snippet(c, l, md, inl, plain);
	buf_puts(b, h);
	free(h);
}

static void
json_key(struct buf *j, const char *k)
{
	esc_json(j, k, strlen(k));
	buf_putc(j, ':');
}

static void
json_str(struct buf *j, const char *k, const char *v)
{
	json_key(j, k);
	esc_json(j, v, strlen(v));
}

/* Adds "key":"<html>" for an optional Markdown field. */
static void
json_md(struct buf *j, struct course *c, struct lesson *l, const char *k,
    const char *md, int *first)
{
	char	*h;

	if (md == NULL)
		return;
	h = markdown_snippet(c, l, md, 0, NULL);
	if (!*first)
		buf_putc(j, ',');
	*first = 0;
	json_str(j, k, h);
	free(h);
}

/* Ends a quiz or role-play section with its key script (from the JSON
 * in j, which is freed); returns the section's HTML. */
static char *
end_section(struct buf *b, struct buf *j, const char *cls, const char *id)
{
	buf_printf(b, "<script type=\"application/json\" class=\"%s\">",
	    cls);
	encode_key(b, id, j->data, j->len);
	buf_puts(b, "</script>\n</section>\n");
	buf_free(j);
	return buf_detach(b);
}

/*
 * The engine's interface strings (the quiz_ and scenario_ ones) as a
 * JSON script element, written once per page before its first quiz or
 * role-play: every block of the page reads it, so a page carries one
 * copy, not one per block in an attribute.  The same for every page of
 * the course: made on first use.
 */
const char *
quiz_strings_script(struct course *c)
{
	struct buf	 b = { NULL, 0, 0 };
	const struct tval *v;
	size_t		 i;
	int		 first = 1;

	if (c->quiz_strings != NULL)
		return c->quiz_strings;
	buf_puts(&b, "<script type=\"application/json\" id=\"cs-strings\">{");
	for (i = 0; c->ui != NULL && i < c->ui->n; i++) {
		for (v = c->ui->items[i]; v != NULL && v->type == TV_REF;
		    v = v->ref)
			;
		if (v == NULL || v->type != TV_STR ||
		    (strncmp(c->ui->keys[i], "quiz_", 5) != 0 &&
		    strncmp(c->ui->keys[i], "scenario_", 9) != 0))
			continue;
		if (!first)
			buf_putc(&b, ',');
		first = 0;
		json_str(&b, c->ui->keys[i], v->str);
	}
	buf_puts(&b, "}</script>\n");
	c->quiz_strings = buf_detach(&b);
	return c->quiz_strings;
}

static void
question_html(struct buf *b, struct buf *j, struct course *c,
    struct lesson *l, const struct quiz *qz, const struct question *q)
{
	const char	*qid = q->id;
	char		*plain, *cid, **rights;
	size_t		 i, *perm, n = q->nchoices;
	int		 first, points;

	/* A likert question is recorded but never scored. */
	points = q->type == Q_LIKERT ? 0 : q->points;
	buf_printf(b, "<fieldset class=\"cs-q\" id=\"cs-q-%s\" "
	    "data-qid=\"%s\" data-type=\"%s\" data-points=\"%d\">\n"
	    "<legend class=\"cs-q__stem\">", qid, qid, quiz_types[q->type],
	    points);
	put_md(b, c, l, q->stem, 1, &plain);
	buf_puts(b, "</legend>\n");

	buf_putc(j, '"');
	buf_puts(j, qid);
	buf_puts(j, "\":{");
	json_str(j, "type", quiz_types[q->type]);
	buf_printf(j, ",\"points\":%d,", points);
	json_str(j, "text", plain);
	free(plain);
	buf_printf(j, ",\"shuffle\":%s", q->shuffle && qz->shuffle ?
	    "true" : "false");

	switch (q->type) {
	case Q_SINGLE:
	case Q_MULTIPLE:
	case Q_LIKERT:
	case Q_TRUEFALSE:
		buf_puts(b, "<div class=\"cs-q__choices\">\n");
		if (q->type == Q_TRUEFALSE) {
			for (i = 0; i < 2; i++) {
				cid = i == 0 ? "true" : "false";
				buf_printf(b, "<div class=\"cs-choice\"><input "
				    "type=\"radio\" name=\"cs-q-%s\" "
				    "id=\"cs-q-%s-%s\" value=\"%s\"><label "
				    "for=\"cs-q-%s-%s\">", qid, qid, cid, cid,
				    qid, cid);
				put_ui(b, c, i == 0 ? "quiz_true" : "quiz_false",
				    i == 0 ? "True" : "False");
				buf_puts(b, "</label></div>\n");
			}
			buf_printf(j, ",\"correct\":[\"%s\"]", q->tf ?
			    "true" : "false");
			buf_puts(j, ",\"choices\":{");
			json_str(j, "true", ui(c, "quiz_true", "True"));
			buf_putc(j, ',');
			json_str(j, "false", ui(c, "quiz_false", "False"));
			buf_putc(j, '}');
		} else {
			buf_puts(j, ",\"correct\":[");
			first = 1;
			for (i = 0; i < n; i++)
				if (q->choices[i].correct &&
				    q->type != Q_LIKERT) {
					buf_printf(j, "%s\"c%zu\"", first ?
					    "" : ",", i);
					first = 0;
				}
			buf_puts(j, "],\"choices\":{");
			for (i = 0; i < n; i++) {
				buf_printf(b, "<div class=\"cs-choice\"><input "
				    "type=\"%s\" name=\"cs-q-%s\" "
				    "id=\"cs-q-%s-c%zu\" value=\"c%zu\"><label "
				    "for=\"cs-q-%s-c%zu\">", q->type ==
				    Q_MULTIPLE ? "checkbox" : "radio", qid,
				    qid, i, i, qid, i);
				put_md(b, c, l, q->choices[i].text, 1,
				    &plain);
				buf_puts(b, "</label></div>\n");
				buf_printf(j, "%s\"c%zu\":", i ? "," : "", i);
				esc_json(j, plain, strlen(plain));
				free(plain);
			}
			buf_putc(j, '}');
		}
		buf_puts(b, "</div>\n");
		break;
	case Q_FILLIN:
	case Q_NUMERIC:
		buf_printf(b, "<div class=\"cs-q__answer\"><label "
		    "for=\"cs-q-%s-input\">", qid);
		put_ui(b, c, "quiz_your_answer", "Your answer");
		/* maxlength bounds what the saved progress may hold. */
		buf_printf(b, "</label> <input type=\"text\" "
		    "id=\"cs-q-%s-input\" name=\"cs-q-%s\" autocomplete=\"off\""
		    " spellcheck=\"false\" maxlength=\"%zu\"%s></div>\n", qid,
		    qid, answer_maxlength(q), q->type == Q_NUMERIC ?
		    " inputmode=\"decimal\"" : "");
		if (q->type == Q_NUMERIC)
			buf_printf(j, ",\"min\":%.10g,\"max\":%.10g", q->min,
			    q->max);
		else {
			buf_puts(j, ",\"answers\":[");
			for (i = 0; i < n; i++) {
				if (i)
					buf_putc(j, ',');
				esc_json(j, q->choices[i].text,
				    strlen(q->choices[i].text));
			}
			buf_printf(j, "],\"case\":%s,\"spaces\":%s",
			    q->case_sensitive ? "true" : "false",
			    q->exact_spaces ? "true" : "false");
		}
		break;
	case Q_MATCHING:
		perm = permutation(qid, n);
		rights = xcalloc(n, sizeof(*rights));
		for (i = 0; i < n; i++)
			free(markdown_snippet(c, l, q->choices[i].right, 1,
			    &rights[i]));
		buf_puts(b, "<div class=\"cs-match\">\n");
		buf_puts(j, ",\"pairs\":{");
		for (i = 0; i < n; i++)
			buf_printf(j, "%s\"L%zu\":\"R%zu\"", i ? "," : "", i,
			    i);
		buf_puts(j, "},\"choices\":{");
		for (i = 0; i < n; i++) {
			size_t	 k;

			buf_printf(b, "<div class=\"cs-match__row\"><label "
			    "for=\"cs-q-%s-L%zu\">", qid, i);
			put_md(b, c, l, q->choices[i].text, 1, &plain);
			buf_printf(j, "%s\"L%zu\":", i ? "," : "", i);
			esc_json(j, plain, strlen(plain));
			free(plain);
			buf_printf(b, "</label> <select id=\"cs-q-%s-L%zu\" "
			    "name=\"cs-q-%s-L%zu\" data-left=\"L%zu\">"
			    "<option value=\"\">", qid, i, qid, i, i);
			put_ui(b, c, "quiz_choose", "Choose…");
			buf_puts(b, "</option>");
			for (k = 0; k < n; k++) {
				buf_printf(b, "<option value=\"R%zu\">",
				    perm[k]);
				esc_html(b, rights[perm[k]],
				    strlen(rights[perm[k]]));
				buf_puts(b, "</option>");
			}
			buf_puts(b, "</select></div>\n");
		}
		for (i = 0; i < n; i++) {
			buf_printf(j, ",\"R%zu\":", i);
			esc_json(j, rights[i], strlen(rights[i]));
			free(rights[i]);
		}
		free(rights);
		buf_putc(j, '}');
		buf_puts(b, "</div>\n");
		free(perm);
		break;
	case Q_ORDERING:
		perm = permutation(qid, n);
		buf_puts(b, "<ol class=\"cs-order\">\n");
		buf_puts(j, ",\"order\":[");
		for (i = 0; i < n; i++)
			buf_printf(j, "%s\"I%zu\"", i ? "," : "", i);
		buf_puts(j, "],\"choices\":{");
		for (i = 0; i < n; i++) {
			size_t	 it = perm[i], k;

			buf_printf(b, "<li class=\"cs-order__item\" "
			    "data-item=\"I%zu\"><span class=\"cs-order__text\""
			    " id=\"cs-q-%s-I%zu-text\">", it, qid, it);
			put_md(b, c, l, q->choices[it].text, 1, &plain);
			buf_printf(j, "%s\"I%zu\":", i ? "," : "", it);
			esc_json(j, plain, strlen(plain));
			free(plain);
			buf_printf(b, "</span> <label for=\"cs-q-%s-I%zu\">",
			    qid, it);
			put_ui(b, c, "quiz_position", "Position");
			buf_printf(b, "</label> <select id=\"cs-q-%s-I%zu\" "
			    "name=\"cs-q-%s-I%zu\" data-item=\"I%zu\" "
			    "aria-describedby=\"cs-q-%s-I%zu-text\"><option "
			    "value=\"\">–</option>", qid, it, qid, it, it,
			    qid, it);
			for (k = 1; k <= n; k++)
				buf_printf(b, "<option value=\"%zu\">%zu"
				    "</option>", k, k);
			buf_puts(b, "</select></li>\n");
		}
		buf_puts(j, "}");
		buf_puts(b, "</ol>\n");
		free(perm);
		break;
	default:
		break;
	}

	/* Feedback lives in the key, not in the page. */
	buf_puts(j, ",\"feedback\":{");
	first = 1;
	for (i = 0; i < n; i++) {
		char	 id[32];

		if (q->choices[i].feedback == NULL)
			continue;
		snprintf(id, sizeof(id), "%s%zu", q->type == Q_MATCHING ?
		    "L" : q->type == Q_ORDERING ? "I" : "c", i);
		json_md(j, c, l, id, q->choices[i].feedback, &first);
	}
	buf_putc(j, '}');
	first = 0;
	json_md(j, c, l, "correct_fb", q->fb_correct, &first);
	json_md(j, c, l, "incorrect_fb", q->fb_incorrect, &first);
	json_md(j, c, l, "explanation", q->explanation, &first);
	buf_putc(j, '}');

	buf_printf(b, "<div class=\"cs-q__feedback\" "
	    "id=\"cs-q-%s-feedback\"></div>\n</fieldset>\n", qid);
}

static const char *const reveals[] = { "always", "passed", "end", "never" };

char *
quiz_html(struct course *c, struct lesson *l, const struct quiz *q)
{
	struct buf	 b = { NULL, 0, 0 }, j = { NULL, 0, 0 };
	const char	*title;
	size_t		 i;

	title = q->title ? q->title : q->graded ?
	    ui(c, "quiz_assessment", "Assessment") :
	    ui(c, "quiz_knowledge_check", "Knowledge check");
	buf_printf(&b, "<section class=\"cs-quiz\" id=\"cs-quiz-%s\" "
	    "data-quiz=\"%s\" data-mode=\"%s\" data-pass=\"%d\" "
	    "data-attempts=\"%d\" data-shuffle=\"%s\" data-draw=\"%d\" "
	    "data-reveal=\"%s\" data-count=\"%zu\"", q->id, q->id,
	    q->graded ? "graded" : "practice", q->pass, q->attempts,
	    q->shuffle ? "true" : "false", q->draw, reveals[q->reveal],
	    q->nquestions);
	buf_printf(&b, " aria-labelledby=\"cs-quiz-%s-title\">\n"
	    "<p class=\"cs-quiz__title\" id=\"cs-quiz-%s-title\">", q->id,
	    q->id);
	if (q->title != NULL)
		put_md(&b, c, l, title, 1, NULL);
	else
		esc_html(&b, title, strlen(title));
	buf_puts(&b, "</p>\n<form class=\"cs-quiz__form\" novalidate>\n");
	buf_puts(&j, "{\"questions\":{");
	for (i = 0; i < q->nquestions; i++) {
		if (i)
			buf_putc(&j, ',');
		question_html(&b, &j, c, l, q, &q->questions[i]);
	}
	buf_puts(&j, "}}");
	buf_puts(&b, "<div class=\"cs-quiz__actions\"><button type=\"submit\" "
	    "class=\"cs-quiz__submit\">");
	put_ui(&b, c, "quiz_check", "Check answers");
	buf_puts(&b, "</button></div>\n<div class=\"cs-quiz__status\" "
	    "role=\"status\" aria-live=\"polite\"></div>\n</form>\n");
	return end_section(&b, &j, "cs-quiz__key", q->id);
}

static const char *const outcomes[] = { "neutral", "good", "bad" };

char *
scenario_html(struct course *c, struct lesson *l, const struct scenario *s)
{
	struct buf	 b = { NULL, 0, 0 }, j = { NULL, 0, 0 };
	const struct scnode *nd;
	const char	*title;
	char		*plain;
	size_t		 i, k;
	int		 first;

	title = s->title ? s->title : ui(c, "scenario_title", "Scenario");
	buf_printf(&b, "<section class=\"cs-scenario\" id=\"cs-sc-%s\" "
	    "data-scenario=\"%s\" data-start=\"%s\" data-best=\"%d\"", s->id,
	    s->id, s->nodes[s->start].name, s->best);
	buf_printf(&b, " aria-labelledby=\"cs-sc-%s-title\">\n"
	    "<p class=\"cs-scenario__title\" id=\"cs-sc-%s-title\">", s->id,
	    s->id);
	esc_html(&b, title, strlen(title));
	buf_puts(&b, "</p>\n");
	buf_puts(&j, "{\"nodes\":{");
	for (i = 0; i < s->nnodes; i++) {
		nd = &s->nodes[i];
		buf_printf(&b, "<div class=\"cs-scenario__node\" "
		    "id=\"cs-sc-%s-%s\" data-node=\"%s\"", s->id, nd->name,
		    nd->name);
		if (nd->nchoices == 0)
			buf_printf(&b, " data-outcome=\"%s\"",
			    outcomes[nd->outcome]);
		buf_puts(&b, ">\n<div class=\"cs-scenario__text\">");
		if (nd->text != NULL)
			put_md(&b, c, l, nd->text, 0, NULL);
		buf_puts(&b, "</div>\n");
		buf_printf(&j, "%s\"%s\":{\"end\":%s,\"outcome\":\"%s\","
		    "\"choices\":[", i ? "," : "", nd->name,
		    nd->nchoices ? "false" : "true", outcomes[nd->outcome]);
		if (nd->nchoices > 0)
			buf_puts(&b, "<ul class=\"cs-scenario__choices\">\n");
		for (k = 0; k < nd->nchoices; k++) {
			buf_printf(&b, "<li><a href=\"#cs-sc-%s-%s\" "
			    "data-choice=\"%zu\">", s->id,
			    nd->choices[k].target, k);
			put_md(&b, c, l, nd->choices[k].text, 1, &plain);
			buf_puts(&b, "</a></li>\n");
			buf_printf(&j, "%s{\"target\":\"%s\",\"points\":%d,",
			    k ? "," : "", nd->choices[k].target,
			    nd->choices[k].points);
			json_str(&j, "text", plain);
			free(plain);
			first = 0;
			json_md(&j, c, l, "feedback", nd->choices[k].feedback,
			    &first);
			buf_putc(&j, '}');
		}
		if (nd->nchoices > 0)
			buf_puts(&b, "</ul>\n");
		buf_puts(&j, "]}");
		buf_puts(&b, "</div>\n");
	}
	buf_printf(&j, "},\"best\":%d,\"start\":\"%s\",", s->best,
	    s->nodes[s->start].name);
	json_str(&j, "text", title);
	buf_putc(&j, '}');
	buf_puts(&b, "<div class=\"cs-scenario__status\" role=\"status\" "
	    "aria-live=\"polite\"></div>\n");
	return end_section(&b, &j, "cs-scenario__key", s->id);
}

