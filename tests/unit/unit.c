/*
 * unit.c: cmocka unit tests for the helpers, the template engine and
 * the pieces of the quiz stage.
 */
#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <locale.h>
#include <cmocka.h>

#include "../../compiler/util.h"
#include "../../compiler/courseware.h"
#include "../../compiler/escape.h"
#include "../../compiler/extern.h"
#include "../../compiler/msg.h"
#include "../../compiler/safepath.h"
#include "../../compiler/quiz-int.h"
#include "../../compiler/theme.h"

static void
test_path_normalize(void **state)
{
	char	*p;

	(void)state;
	p = path_normalize("a/./b/../c.md");
	assert_string_equal(p, "a/c.md");
	free(p);
	p = path_normalize("a//b/");
	assert_string_equal(p, "a/b");
	free(p);
	assert_null(path_normalize("../x"));
	assert_null(path_normalize("a/../../x"));
	p = path_normalize("a/..");
	assert_string_equal(p, "");
	free(p);
}

static void
test_path_relative(void **state)
{
	char	*p;

	(void)state;
	p = path_relative("m1/a.html", "m2/b.html");
	assert_string_equal(p, "../m2/b.html");
	free(p);
	p = path_relative("m/a.html", "m/b.html");
	assert_string_equal(p, "b.html");
	free(p);
	p = path_relative("a.html", "m/b.html");
	assert_string_equal(p, "m/b.html");
	free(p);
	p = path_relative("mod/a.html", "module/b.html");
	assert_string_equal(p, "../module/b.html");
	free(p);
	p = path_relative("index.html", "assets/x.svg");
	assert_string_equal(p, "assets/x.svg");
	free(p);
}

static void
test_name_slug(void **state)
{
	char	*p;

	(void)state;
	p = name_slug("01-Patient journeys.md");
	assert_string_equal(p, "patient-journeys");
	free(p);
	p = name_slug("10_de_escalation");
	assert_string_equal(p, "de-escalation");
	free(p);
	/* A bare number is a name, not a prefix. */
	p = name_slug("2024.md");
	assert_string_equal(p, "2024");
	free(p);
	p = name_slug("01-.md");
	assert_string_equal(p, "01");
	free(p);
	p = name_title("02-cultural-understanding");
	assert_string_equal(p, "Cultural understanding");
	free(p);
}

/* Non-ASCII names: spelt in ASCII where they can be, and a letter
 * without an ASCII spelling is reported, never dropped silently. */
static void
test_name_slug_ascii(void **state)
{
	char	*p;
	int	 lost;

	(void)state;
	p = name_slug_lost("05-étude.md", &lost);
	assert_string_equal(p, "etude");
	assert_int_equal(lost, 0);
	free(p);
	p = name_slug_lost("Ça-va-crème-brûlée", &lost);
	assert_string_equal(p, "ca-va-creme-brulee");
	assert_int_equal(lost, 0);
	free(p);
	p = name_slug_lost("07-日本.md", &lost);
	assert_int_equal(lost, 1);
	free(p);
	p = name_order("07-日本.md");
	assert_string_equal(p, "07");
	free(p);
}

static void
test_closest(void **state)
{
	static const char *const keys[] = { "title", "description",
	    "objectives", "duration" };

	(void)state;
	assert_string_equal(closest("titel", keys, 4), "title");
	assert_string_equal(closest("descripton", keys, 4), "description");
	assert_string_equal(closest("Duration", keys, 4), "duration");
	assert_null(closest("colour", keys, 4));
	assert_null(closest("x", keys, 4));
}

static void
test_smap(void **state)
{
	struct smap	 m = { NULL, 0, 0 };
	char		 key[32];
	int		 vals[1000], i;

	(void)state;
	for (i = 0; i < 1000; i++) {
		vals[i] = i;
		snprintf(key, sizeof(key), "k%d", i);
		assert_null(smap_put(&m, key, &vals[i]));
	}
	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		assert_ptr_equal(smap_get(&m, key), &vals[i]);
	}
	assert_null(smap_get(&m, "absent"));
	assert_ptr_equal(smap_put(&m, "k5", &vals[6]), &vals[5]);
	assert_int_equal(m.len, 1000);
	smap_free(&m);
}

static void
test_escape(void **state)
{
	struct buf	 b = { NULL, 0, 0 };

	(void)state;
	esc_html(&b, "<a href=\"x\">&'", 14);
	assert_string_equal(b.data, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
	buf_free(&b);
	esc_url(&b, "a b/é?x=1&y=\"", strlen("a b/é?x=1&y=\""));
	assert_string_equal(b.data, "a%20b/%C3%A9?x=1&amp;y=%22");
	buf_free(&b);
	esc_json(&b, "</script>\n\"", 11);
	assert_string_equal(b.data, "\"\\u003c/script\\u003e\\n\\\"\"");
	buf_free(&b);
}

static void
test_slug(void **state)
{
	char	*p;

	(void)state;
	p = markdown_slug("Écoute & respect: 2 steps");
	assert_string_equal(p, "écoute--respect-2-steps");
	free(p);
	p = markdown_slug("What's next?");
	assert_string_equal(p, "whats-next");
	free(p);
	p = markdown_slug("snake_case-and-dash");
	assert_string_equal(p, "snake_case-and-dash");
	free(p);
}

/* Renders src with ctx; returns output (caller frees) or NULL. */
static char *
render(const char *src, const struct tval *ctx)
{
	struct theme	*th;
	struct buf	 b = { NULL, 0, 0 };
	int		 ok;

	if ((th = theme_load_string("t.html", src)) == NULL)
		return NULL;
	ok = theme_render(th, "main", ctx, &b, NULL);
	theme_free(th);
	if (!ok) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

static void
test_template(void **state)
{
	struct tval	*ctx, *list, *o;
	char		*s;

	(void)state;
	ctx = tv_obj();
	tv_set(ctx, "title", tv_str("A & B"));
	tv_set(ctx, "href", tv_str("x y.html"));
	tv_set(ctx, "none", tv_null());
	list = tv_list();
	o = tv_obj();
	tv_set(o, "name", tv_str("one"));
	tv_push(list, o);
	o = tv_obj();
	tv_set(o, "name", tv_str("two"));
	tv_push(list, o);
	tv_set(ctx, "items", list);
	list = tv_list();
	tv_push(list, tv_str("<x>"));
	tv_set(ctx, "words", list);

	s = render("<h1>{{title|html}}</h1><a href=\"{{ href | url }}\">", ctx);
	assert_string_equal(s, "<h1>A &amp; B</h1><a href=\"x%20y.html\">");
	free(s);
	s = render("{{#each items}}{{loop.index|html}}:{{name|html}}"
	    "{{#unless loop.last}},{{/unless}}{{/each}}", ctx);
	assert_string_equal(s, "1:one,2:two");
	free(s);
	s = render("{{#if none}}yes{{else}}no{{/if}}{{#if title}}!{{/if}}",
	    ctx);
	assert_string_equal(s, "no!");
	free(s);
	s = render("{{#each words}}{{this|html}}{{/each}}{{! gone }}", ctx);
	assert_string_equal(s, "&lt;x&gt;");
	free(s);
	s = render("{{#each none}}x{{else}}empty{{/each}}", ctx);
	assert_string_equal(s, "empty");
	free(s);
	/* Outer names stay visible inside a loop. */
	s = render("{{#each items}}{{title|raw}}{{/each}}", ctx);
	assert_string_equal(s, "A & BA & B");
	free(s);
	s = render("{{none.deeper|html}}", ctx);
	assert_string_equal(s, "");
	free(s);

	/* Errors: each is reported and fails the render or the parse. */
	assert_null(render("{{title}}", ctx));		/* no escaper */
	assert_null(render("{{title|shout}}", ctx));	/* bad escaper */
	assert_null(render("{{#if title}}open", ctx));	/* unclosed */
	assert_null(render("{{#if title}}x{{/each}}", ctx)); /* mismatch */
	assert_null(render("{{/if}}", ctx));		/* stray close */
	assert_null(render("{{missing|html}}", ctx));	/* unknown */
	assert_null(render("{{items|html}}", ctx));	/* list as text */
	assert_null(render("{{> nopartial}}", ctx));	/* missing file */
	assert_null(render("{{title|html", ctx));	/* unclosed tag */
	tv_free(ctx);
}

/* Loads a one-lesson course whose lesson is md; runs stages 1-3. */
static struct course *
load_md(const char *md, int *ok)
{
	char		 dir[] = "/tmp/coursec-unit-XXXXXX";
	char		*p;
	FILE		*f;
	struct course	*c;
	size_t		 i;

	assert_non_null(mkdtemp(dir));
	p = path_join(dir, "course.yml");
	f = fopen(p, "w");
	fputs("title: Unit\nid: unit\n", f);
	fclose(f);
	free(p);
	p = path_join(dir, "01-lesson.md");
	f = fopen(p, "w");
	fputs(md, f);
	fclose(f);
	free(p);
	*ok = course_load(dir, &c);
	assert_non_null(c);
	for (i = 0; i < c->nlessons; i++) {
		*ok &= markdown_parse(c, c->lessons[i]);
		*ok &= markdown_links(c, c->lessons[i]);
		*ok &= quiz_lesson(c, c->lessons[i]);
	}
	path_rmtree(dir);
	return c;
}

static void
test_quiz_types(void **state)
{
	struct course	*c;
	struct quiz	*q;
	int		 ok;

	(void)state;
	c = load_md("# L\n\n```quiz\nmode: graded\nattempts: 2\ndraw: 7\n"
	    "? One\n( ) a\n(x) b\n    > fb\n"
	    "? Many\n[x] a\n[ ] b\n[x] c\n"
	    "? TF\nanswer: false\n"
	    "? Fill\n= red\n= Dark  Red\ncase: sensitive\n"
	    "? Num\ntype: numeric\n= 42 +- 0.5\n"
	    "? Range\ntype: numeric\n= 40..45\n"
	    "? Match\n- a -> 1\n- b -> 2\n"
	    "? Order\n1. x\n2. y\n3. z\n"
	    "? Scale\ntype: likert\nscale: Low | High\n```\n", &ok);
	assert_true(ok);
	assert_int_equal(c->lessons[0]->nquizzes, 1);
	q = c->lessons[0]->quizzes[0];
	assert_true(q->graded);
	assert_int_equal(q->attempts, 2);
	assert_int_equal(q->draw, 7);
	assert_int_equal(q->reveal, REVEAL_END);
	assert_int_equal(q->nquestions, 9);
	assert_string_equal(q->id, "lesson-quiz1");
	assert_string_equal(q->questions[0].id, "lesson-quiz1-q1");
	assert_int_equal(q->questions[0].type, Q_SINGLE);
	assert_true(q->questions[0].choices[1].correct);
	assert_string_equal(q->questions[0].choices[1].feedback, "fb");
	assert_int_equal(q->questions[1].type, Q_MULTIPLE);
	assert_int_equal(q->questions[2].type, Q_TRUEFALSE);
	assert_int_equal(q->questions[2].tf, 0);
	assert_int_equal(q->questions[3].type, Q_FILLIN);
	assert_int_equal(q->questions[3].nchoices, 2);
	assert_true(q->questions[3].case_sensitive);
	assert_int_equal(q->questions[4].type, Q_NUMERIC);
	assert_true(q->questions[4].min == 41.5 && q->questions[4].max == 42.5);
	assert_true(q->questions[5].min == 40 && q->questions[5].max == 45);
	assert_int_equal(q->questions[6].type, Q_MATCHING);
	assert_string_equal(q->questions[6].choices[1].right, "2");
	assert_int_equal(q->questions[7].type, Q_ORDERING);
	assert_int_equal(q->questions[7].nchoices, 3);
	assert_int_equal(q->questions[8].type, Q_LIKERT);
	assert_int_equal(q->questions[8].nchoices, 2);
	course_free(c);
}

static void
test_quiz_errors(void **state)
{
	static const char *const bad[] = {
		"? a\n( ) x\n( ) y\n",		/* no correct answer */
		"? a\n(x) x\n(x) y\n",		/* two correct */
		"? a\n( ) x\n[x] y\n",		/* mixed kinds */
		"? \n(x) x\n( ) y\n",		/* empty stem */
		"? a\ntype: numeric\n= forty\n",	/* numeric parse */
		"draw: 3\n? a\nanswer: true\n",	/* pool < draw */
		"colour: red\n? a\nanswer: true\n",	/* unknown block key */
		"? a\nanswer: true\nhint: x\n",	/* unknown option */
		"? a\nanswer: maybe\n",		/* bad true/false */
		"? a\n- x -> y\n",			/* one pair */
		"? a\n1. only\n",			/* one item */
		"? a\nid: x\nanswer: true\n? b\nid: x\nanswer: true\n",
		"? a\n",				/* no answers */
		"just text\n",				/* unrecognised */
		"",					/* empty block */
	};
	struct course	*c;
	char		*md;
	size_t		 i;
	int		 ok, before;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		md = xasprintf("# L\n\n```quiz\n%s```\n", bad[i]);
		before = msg_count(MSGL_ERROR);
		c = load_md(md, &ok);
		if (ok || msg_count(MSGL_ERROR) == before)
			fail_msg("quiz %zu was accepted: %s", i, bad[i]);
		course_free(c);
		free(md);
	}
}

static void
test_scenario(void **state)
{
	struct course	*c;
	struct scenario	*s;
	int		 ok, before;

	(void)state;
	c = load_md("# L\n\n```scenario\nstart: a\n[a]\nHi.\n"
	    "- Kind -> b (5)\n  > nice\n- Rude -> d (-2)\n[b]\n"
	    "- Go on -> c (10)\n- Stop -> d\n[c]\noutcome: good\nYay.\n"
	    "[d]\noutcome: bad\nNo.\n```\n", &ok);
	assert_true(ok);
	s = c->lessons[0]->scenarios[0];
	assert_int_equal(s->nnodes, 4);
	assert_int_equal(s->best, 15);
	assert_int_equal(s->nodes[2].outcome, OUT_GOOD);
	assert_string_equal(s->nodes[0].choices[0].feedback, "nice");
	course_free(c);

	/* Unreachable, missing target, dead end (a loop), no ending. */
	before = msg_count(MSGL_ERROR);
	c = load_md("# L\n\n```scenario\n[a]\n- x -> b\n- y -> e\n[b]\n"
	    "- back -> a\n- loop -> b\n[e]\n[z]\nnever\n- q -> nowhere\n"
	    "```\n\n```scenario\n[a]\n- x -> b\n[b]\n- y -> a\n```\n",
	    &ok);
	assert_false(ok);
	assert_true(msg_count(MSGL_ERROR) - before >= 3);
	course_free(c);
}

/* The name, text and containment rules of coursec(1), SAFETY. */
static void
test_safepath(void **state)
{
	struct sproot	 r;
	char		 text[64], *t;
	int		 before;

	(void)state;
	assert_null(sp_bad_name("images/caf\xc3\xa9 1.png"));
	assert_non_null(sp_bad_name("a\\b.png"));
	assert_non_null(sp_bad_name("a\x1b[31m.png"));
	assert_non_null(sp_bad_name("a\xc2\x9b.png"));	/* C1 CSI */
	assert_non_null(sp_bad_name("a\xff.png"));
	assert_non_null(sp_bad_name("a\xc0\xaf.png"));	/* overlong '/' */
	assert_non_null(sp_bad_name("a\xed\xa0\x80.png"));	/* surrogate */
	assert_non_null(sp_bad_name("a\xef\xbf\xbe.png"));	/* U+FFFE */
	assert_true(sp_reserved("scorm.html"));
	assert_true(sp_reserved("_theme/quiz.js"));
	assert_false(sp_reserved("_themes/x.js"));
	assert_false(sp_reserved("m/index.html"));

	r.what = "course";
	r.real = "/a/b";
	assert_true(sp_inside(&r, "/a/b"));
	assert_true(sp_inside(&r, "/a/b/c"));
	assert_false(sp_inside(&r, "/a/bc"));
	assert_false(sp_inside(&r, "/a"));
	r.real = "/";
	assert_true(sp_inside(&r, "/etc"));

	before = msg_count(MSGL_ERROR);
	strcpy(text, "ok\ttab\nline\x01two\n");
	assert_true(sp_text("x.md", text, strlen(text), 0));
	assert_string_equal(text, "ok\ttab\nline two\n");
	/* A NUL byte and a Latin-1 byte: two errors. */
	memcpy(text, "a\0b \xe9t\xc3\xa9", 9);
	assert_false(sp_text("x.md", text, 8, 0));
	assert_int_equal(msg_count(MSGL_ERROR) - before, 2);

	t = strdup("Ti\x1btle\x07 \xc2\x85" "end");
	assert_int_equal(sp_strip_controls(t), 3);
	assert_string_equal(t, "Title end");
	free(t);
}

/* sp_check resolves each folder once: a file's real path is its
 * folder's and its name, and a link anywhere is still judged by where
 * it leads, per root and per build. */
static void
test_sp_check_folders(void **state)
{
	struct sproot	 r, o;
	struct stat	 st;
	char		 tmp[] = "/tmp/coursec-unit-XXXXXX", p[512], want[600];
	char		*real;
	FILE		*f;

	(void)state;
	assert_non_null(mkdtemp(tmp));
#define P(x) (snprintf(p, sizeof(p), "%s/%s", tmp, (x)), p)
	assert_int_equal(mkdir(P("root"), 0755), 0);
	assert_int_equal(mkdir(P("root/a"), 0755), 0);
	assert_int_equal(mkdir(P("out"), 0755), 0);
	assert_non_null(f = fopen(P("root/a/f.md"), "w"));
	fclose(f);
	assert_non_null(f = fopen(P("out/g.md"), "w"));
	fclose(f);
	assert_int_equal(symlink("../out", P("root/ln")), 0);
	assert_int_equal(symlink("f.md", P("root/a/lf.md")), 0);
	assert_int_equal(symlink("../../out/g.md", P("root/a/lg.md")), 0);

	assert_true(sp_root(&r, P("root"), "course"));
	assert_true(sp_root(&o, P("out"), "course"));
	assert_int_equal(sp_check(&r, P("root/a/f.md"), &st, &real), SP_OK);
	snprintf(want, sizeof(want), "%s/a/f.md", r.real);
	assert_string_equal(real, want);
	free(real);
	/* The same folder again (from the cache), a link in it either way. */
	assert_int_equal(sp_check(&r, P("root/a/lf.md"), &st, NULL), SP_OK);
	assert_int_equal(sp_check(&r, P("root/a/lg.md"), &st, NULL),
	    SP_ESCAPES);
	assert_int_equal(sp_check(&r, P("root/a"), &st, NULL), SP_DIR);
	assert_int_equal(sp_check(&r, P("root/a/.."), &st, NULL), SP_DIR);
	assert_int_equal(sp_check(&r, P("root/a/nope.md"), &st, NULL),
	    SP_MISSING);
	/* A plain file in a linked folder leads outside. */
	assert_int_equal(sp_check(&r, P("root/ln/g.md"), &st, NULL),
	    SP_ESCAPES);
	/* The same folder under another root: judged against that root. */
	assert_int_equal(sp_check(&o, P("root/ln/g.md"), &st, NULL), SP_OK);
	assert_int_equal(sp_check(&r, P("root/ln/g.md"), &st, NULL),
	    SP_ESCAPES);
	/* A folder swapped for a link is seen by the next root (the next
	 * build of coursec serve). */
	assert_int_equal(sp_check(&r, P("root/a/f.md"), &st, NULL), SP_OK);
	snprintf(want, sizeof(want), "%s/root/b", tmp);
	assert_int_equal(rename(P("root/a"), want), 0);
	assert_int_equal(symlink("../out", P("root/a")), 0);
	assert_non_null(f = fopen(P("out/f.md"), "w"));
	fclose(f);
	sp_root_free(&r);
	assert_true(sp_root(&r, P("root"), "course"));
	assert_int_equal(sp_check(&r, P("root/a/f.md"), &st, NULL),
	    SP_ESCAPES);
	sp_root_free(&r);
	sp_root_free(&o);
#undef P
	snprintf(p, sizeof(p), "rm -rf '%s'", tmp);
	assert_int_equal(system(p), 0);
}

static void
test_fence_reader(void **state)
{
	struct qline	*v;
	struct pos	 at;
	size_t		 n;
	char		*s, *val;
	int		 i;

	(void)state;
	n = fence_lines("? Stem  \n\t( ) x\n\n    > fb", (struct pos){ 10, 3 },
	    &v);
	assert_int_equal(n, 4);
	assert_int_equal(v[0].pos.line, 10);
	assert_int_equal(v[0].pos.col, 3);
	assert_int_equal(v[0].len, 6);		/* trailing blanks dropped */
	assert_int_equal(v[1].indent, 4);	/* a tab counts 4 */
	assert_int_equal(v[1].pos.col, 7);
	assert_int_equal(v[2].len, 0);
	assert_int_equal(v[3].pos.line, 13);
	assert_true(ql_starts(&v[3], ">"));
	/* The text after "( )" starts two blanks on: its own column. */
	s = ql_rest(&(struct qline){ "( )  x y", 8, 0, { 4, 5 } }, 3, &at);
	assert_string_equal(s, "x y");
	assert_int_equal(at.line, 4);
	assert_int_equal(at.col, 10);
	free(s);
	free(v);

	assert_int_equal(ql_keyval(&(struct qline){ "title: \"A: b\"", 13, 0,
	    { 1, 1 } }, &val, &at), 5);
	assert_string_equal(val, "A: b");
	assert_int_equal(at.col, 9);		/* inside the quotes */
	free(val);
	assert_int_equal(ql_keyval(&(struct qline){ "Title: x", 8, 0,
	    { 1, 1 } }, &val, NULL), 0);
	assert_int_equal(ql_keyval(&(struct qline){ "url:http", 8, 0,
	    { 1, 1 } }, &val, NULL), 0);
	assert_true(ql_valid_id("a-b_9"));
	assert_false(ql_valid_id(""));
	assert_false(ql_valid_id("a b"));
	assert_true(ql_int("42", 0, 100, &i) && i == 42);
	assert_false(ql_int("101", 0, 100, &i));
	assert_false(ql_int("4x", 0, 100, &i));
	assert_true(ql_bool("yes", &i) && i == 1);
	assert_false(ql_bool("maybe", &i));
}

static void
test_quiz_positions(void **state)
{
	struct course	*c;
	struct question	*q;
	int		 ok;

	(void)state;
	/* Line 3 is the fence; fields remember where their text starts. */
	c = load_md("# L\n\n```quiz\ntitle:  \"Quiz\"\n? The  stem\n"
	    "(x)   right\n    >  fine\n    > more\n( ) wrong\ncorrect: Yes\n"
	    "```\n", &ok);
	assert_true(ok);
	q = &c->lessons[0]->quizzes[0]->questions[0];
	assert_int_equal(c->lessons[0]->quizzes[0]->title_src.v[0].pos.col,
	    10);
	assert_int_equal(q->stem_src.v[0].pos.line, 5);
	assert_int_equal(q->stem_src.v[0].pos.col, 3);
	assert_int_equal(q->choices[0].text_src.v[0].pos.col, 7);
	assert_int_equal(q->choices[0].fb_src.v[0].pos.line, 7);
	assert_int_equal(q->choices[0].fb_src.v[0].pos.col, 8);
	/* The second feedback line joins the first after a blank. */
	assert_int_equal(q->choices[0].fb_src.n, 2);
	assert_int_equal(q->choices[0].fb_src.v[1].off, 5);
	assert_int_equal(q->choices[0].fb_src.v[1].pos.line, 8);
	assert_int_equal(q->choices[0].fb_src.v[1].pos.col, 7);
	assert_int_equal(q->fbc_src.v[0].pos.col, 10);
	course_free(c);
}

/* A scenario of layers of two nodes, each joined to both of the next
 * layer: 2^layers paths, too many for a search without memory. */
static char *
ladder(int layers)
{
	struct buf	 b = { NULL, 0, 0 };
	int		 i, k;

	buf_puts(&b, "# L\n\n```scenario\nstart: s\n[s]\n- a -> a0\n"
	    "- b -> b0 (2)\n");
	for (i = 0; i < layers; i++)
		for (k = 0; k < 2; k++) {
			buf_printf(&b, "[%c%d]\n", "ab"[k], i);
			if (i + 1 < layers)
				buf_printf(&b, "- a -> a%d\n- b -> b%d (2)\n",
				    i + 1, i + 1);
			else
				buf_puts(&b, "- end -> end (2)\n");
		}
	buf_puts(&b, "[end]\n```\n");
	return buf_detach(&b);
}

/* Nodes n0..n(len-1) written last first, each leading on (1 point) and
 * back (back points). */
static char *
chain(int len, int back)
{
	struct buf	 b = { NULL, 0, 0 };
	int		 i;

	buf_puts(&b, "# L\n\n```scenario\nstart: n0\n");
	for (i = len - 1; i >= 0; i--) {
		buf_printf(&b, "[n%d]\n", i);
		if (i + 1 < len)
			buf_printf(&b, "- on -> n%d (1)\n", i + 1);
		if (i > 0 && i + 1 < len)
			buf_printf(&b, "- back -> n%d (%d)\n", i - 1, back);
	}
	buf_puts(&b, "```\n");
	return buf_detach(&b);
}

static void
test_scenario_best(void **state)
{
	struct course	*c;
	struct scenario	*s;
	const struct scchoice *loop;
	char		*md;
	long		 best;
	int		 ok, warnings;

	(void)state;
	/* 78 nodes: the old bounded search stopped at 38. */
	md = ladder(38);
	c = load_md(md, &ok);
	assert_true(ok);
	assert_int_equal(c->lessons[0]->scenarios[0]->nnodes, 78);
	assert_int_equal(c->lessons[0]->scenarios[0]->best, 78);
	course_free(c);
	free(md);
	/* 400 layers: exact, and quick. */
	md = ladder(400);
	c = load_md(md, &ok);
	assert_true(ok);
	assert_int_equal(c->lessons[0]->scenarios[0]->best, 802);
	course_free(c);
	free(md);

	/* A chain written backwards, each node with a losing way back:
	 * exact through Bellman-Ford, in a few rounds. */
	md = chain(3000, -1);
	c = load_md(md, &ok);
	assert_true(ok);
	assert_int_equal(c->lessons[0]->scenarios[0]->best, 2999);
	course_free(c);
	free(md);

	/* A loop that loses points: the best walk goes straight on. */
	c = load_md("# L\n\n```scenario\n[a]\n- on -> b (3)\n[b]\n"
	    "- back -> a (-4)\n- again -> b (0)\n- end -> e (1)\n[e]\n```\n",
	    &ok);
	assert_true(ok);
	s = c->lessons[0]->scenarios[0];
	assert_int_equal(s->best, 4);
	assert_true(scenario_best(s, &best, &loop));
	assert_null(loop);
	course_free(c);

	/* A loop that gains points: no best walk, a warning at a choice of
	 * the loop, and the best path through no node twice. */
	warnings = msg_count(MSGL_WARNING);
	c = load_md("# L\n\n```scenario\n[a]\n- on -> b (3)\n[b]\n"
	    "- back -> a (-1)\n- end -> e (1)\n[e]\n```\n", &ok);
	assert_true(ok);
	assert_int_equal(msg_count(MSGL_WARNING), warnings + 1);
	s = c->lessons[0]->scenarios[0];
	assert_false(scenario_best(s, &best, &loop));
	assert_non_null(loop);
	assert_true(loop->pos.line == 5 || loop->pos.line == 7);
	assert_int_equal(best, 4);
	assert_int_equal(s->best, 4);
	course_free(c);
}

/*
 * The plain-text shortcut of markdown_snippet must give the bytes the
 * parser gives.  A differential check: random short strings over an
 * alphabet of the characters the shortcut accepts and of those that
 * make Markdown, smart punctuation or the French pass react, in every
 * language family the renderer treats apart.
 */
static void
test_snippet_fast(void **state)
{
	static const char *const langs[] = { "en", "fr", "ar", "de" };
	static const char *const pieces[] = { "a", "Z", "9", "1", " ", " ",
	    "-", ".", ",", ";", ":", "?", "!", "(", ")", "/", "%", "\xc3\xa9",
	    "\xc2\xab", "\xc2\xbb", "\xe2\x80\x9c", "\xe2\x80\x9d", "*", "_",
	    "\"", "'", "#", "<", "&", "www.", "http://", "[", "`", "~", "|",
	    "+", "=", "\xc2\xa0", "word", "de", "Stop" };
	const size_t	 np = sizeof(pieces) / sizeof(pieces[0]);
	char		 dir[] = "/tmp/coursec-unit-XXXXXX";
	char		 text[128], *p, *h1, *h2, *t1, *t2;
	unsigned long	 seed = 12345;
	size_t		 li, k, n, len;
	struct course	*c;
	FILE		*f;
	int		 inl, fast = 0;

	(void)state;
	for (li = 0; li < sizeof(langs) / sizeof(langs[0]); li++) {
		assert_non_null(mkdtemp(strcpy(dir,
		    "/tmp/coursec-unit-XXXXXX")));
		p = path_join(dir, "course.yml");
		f = fopen(p, "w");
		fprintf(f, "title: Unit\nid: unit\nlanguage: %s\n", langs[li]);
		fclose(f);
		free(p);
		p = path_join(dir, "01-lesson.md");
		f = fopen(p, "w");
		fputs("# L\n\nText.\n", f);
		fclose(f);
		free(p);
		course_load(dir, &c);
		assert_non_null(c);
		for (k = 0; k < 4000; k++) {
			len = 0;
			text[0] = '\0';
			for (n = 1 + seed % 9; n > 0; n--) {
				seed = seed * 6364136223846793005UL +
				    1442695040888963407UL;
				/* Mostly the accepted characters. */
				p = (char *)pieces[(seed >> 33) %
				    ((seed >> 20) % 4 ? 21 : np)];
				if (len + strlen(p) + 1 >= sizeof(text))
					break;
				strcat(text, p);
				len += strlen(p);
			}
			for (inl = 0; inl <= 1; inl++) {
				markdown_fast = 1;
				h1 = markdown_snippet(c, c->lessons[0], text,
				    inl, &t1);
				markdown_fast = 0;
				h2 = markdown_snippet(c, c->lessons[0], text,
				    inl, &t2);
				markdown_fast = 1;
				if (strcmp(h1, h2) != 0 || strcmp(t1, t2) != 0)
					fail_msg("%s, '%s' (inline %d): '%s' "
					    "not '%s'", langs[li], text, inl,
					    h1, h2);
				fast += markdown_plain(text);
				free(h1);
				free(h2);
				free(t1);
				free(t2);
			}
		}
		course_free(c);
		path_rmtree(dir);
	}
	/* The shortcut was taken (else the check above proves nothing). */
	assert_true(fast > 1000);
	print_message("%d of 32000 snippets took the shortcut\n", fast);
}

static void
test_scenario_bad_points(void **state)
{
	struct course	*c;
	struct scnode	*nd;
	int		 ok;

	(void)state;
	/* The feedback after a choice with bad points used to be written
	 * through a pointer into the array the next choice moved. */
	c = load_md("# L\n\n```scenario\n[a]\n- one -> e (ten)\n"
	    "- two -> e (2)\n- three -> e (three)\n  > fb one\n"
	    "  > fb two\n[e]\n```\n", &ok);
	assert_false(ok);
	nd = &c->lessons[0]->scenarios[0]->nodes[0];
	assert_int_equal(nd->nchoices, 3);
	assert_null(nd->choices[0].feedback);
	assert_string_equal(nd->choices[2].feedback, "fb one fb two");
	course_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_normalize),
		cmocka_unit_test(test_path_relative),
		cmocka_unit_test(test_name_slug),
		cmocka_unit_test(test_name_slug_ascii),
		cmocka_unit_test(test_closest),
		cmocka_unit_test(test_smap),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_slug),
		cmocka_unit_test(test_template),
		cmocka_unit_test(test_quiz_types),
		cmocka_unit_test(test_quiz_errors),
		cmocka_unit_test(test_scenario),
		cmocka_unit_test(test_safepath),
		cmocka_unit_test(test_sp_check_folders),
		cmocka_unit_test(test_fence_reader),
		cmocka_unit_test(test_quiz_positions),
		cmocka_unit_test(test_scenario_best),
		cmocka_unit_test(test_scenario_bad_points),
		cmocka_unit_test(test_snippet_fast),
	};

	setlocale(LC_CTYPE, "C.UTF-8");
	/* Expected template errors would clutter the report. */
	msg_set_output(fopen("/dev/null", "w"));
	return cmocka_run_group_tests(tests, NULL, NULL);
}
