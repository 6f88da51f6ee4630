/*
 * courseware.h: the model every stage shares.  A course is loaded
 * (course.c), its lessons parsed and checked (markdown.c), rendered
 * through a theme (render.c, theme.c) and written (output.c).
 * Include after <stddef.h> and "util.h".
 */
#ifndef COURSEWARE_H
#define COURSEWARE_H

struct cmark_node;
struct sproot;
struct theme;
struct tval;

/* Where a value came from, for diagnostics. */
struct pos {
	int		 line;		/* 1-based line, 0 if unknown */
	int		 col;		/* 1-based byte column, 0 if unknown */
};

/* A heading of a lesson, with its stable anchor. */
struct heading {
	char		*text;		/* plain text of the heading */
	char		*anchor;	/* unique id within the page */
	int		 level;		/* 1..6 */
};

/* A file copied from the course folder into the output. */
struct asset {
	char		*path;		/* course-relative, normalised */
};

/*
 * Where a Markdown field of a quiz or scenario was written: its text
 * joins pieces (lines) of the lesson file, piece k starting at byte
 * v[k].off of the text and at v[k].pos in the file, so a problem found
 * in the field is reported where it is written.
 */
struct mdpiece {
	size_t		 off;		/* byte offset in the field's text */
	struct pos	 pos;		/* where that byte is in the file */
};
struct mdsrc {
	struct mdpiece	*v;		/* pieces, by offset */
	size_t		 n;		/* number of pieces */
};

/* --- assessments (quiz*.c) --- */

enum qtype {
	Q_SINGLE,		/* ( ) / (x): one right choice */
	Q_MULTIPLE,		/* [ ] / [x]: select all that apply */
	Q_TRUEFALSE,		/* answer: true|false */
	Q_FILLIN,		/* = accepted answer (several) */
	Q_NUMERIC,		/* = 42, = 42 +- 1, = 40..45 */
	Q_MATCHING,		/* - left -> right */
	Q_ORDERING,		/* 1. first ... in the right order */
	Q_LIKERT,		/* unscored scale */
	Q__MAX
};

enum reveal {
	REVEAL_ALWAYS,		/* after each check */
	REVEAL_PASSED,		/* once passed */
	REVEAL_END,		/* once passed or out of attempts */
	REVEAL_NEVER
};

/* A choice, a matching pair, an ordering item or an accepted answer. */
struct choice {
	char		*text;		/* Markdown (left side for matching) */
	char		*right;		/* matching: right side, else NULL */
	char		*feedback;	/* Markdown, or NULL */
	int		 correct;	/* marked (x) / [x] */
	struct pos	 pos;		/* line of the choice */
	struct mdsrc	 text_src;	/* where text was written */
	struct mdsrc	 right_src;	/* where right was written */
	struct mdsrc	 fb_src;	/* where feedback was written */
};

struct question {
	char		*id;		/* explicit or derived, course-unique */
	enum qtype	 type;		/* question type */
	char		*stem;		/* Markdown */
	int		 points;	/* weight, default 1 */
	int		 shuffle;	/* 0 never, 1 follow the quiz */
	int		 case_sensitive; /* fill-in: case matters */
	int		 exact_spaces;	/* fill-in: spaces matter */
	int		 tf;		/* true/false: the right answer */
	double		 min, max;	/* numeric: accepted range */
	struct choice	*choices;	/* choices, pairs, items or answers */
	size_t		 nchoices;	/* number of them */
	char		*fb_correct;	/* Markdown, or NULL */
	char		*fb_incorrect;	/* Markdown, or NULL */
	char		*explanation;	/* Markdown, or NULL */
	struct pos	 pos;		/* the '?' line */
	struct mdsrc	 stem_src;	/* where each Markdown field was */
	struct mdsrc	 fbc_src, fbi_src, expl_src;
};

struct quiz {
	char		*id;		/* explicit or derived, course-unique */
	char		*title;		/* or NULL for the theme's default */
	int		 graded;	/* assessment, not knowledge check */
	int		 pass;		/* pass mark, percent */
	int		 attempts;	/* 0: unlimited */
	int		 shuffle;	/* shuffle choices per attempt */
	int		 draw;		/* questions drawn per attempt, 0: all */
	enum reveal	 reveal;	/* when answers are shown */
	struct question	*questions;	/* the pool */
	size_t		 nquestions;	/* pool size */
	struct pos	 pos;		/* the opening fence */
	struct mdsrc	 title_src;	/* where the title was written */
	int		 ok;		/* checked clean: stage 4 writes it */
};

struct scchoice {
	char		*text;		/* Markdown */
	char		*target;	/* node name */
	size_t		 to;		/* index of the target node */
	int		 points;	/* may be negative */
	char		*feedback;	/* Markdown, or NULL */
	struct pos	 pos;		/* the choice line */
	struct mdsrc	 text_src;	/* where text was written */
	struct mdsrc	 fb_src;	/* where feedback was written */
};

enum outcome { OUT_NEUTRAL, OUT_GOOD, OUT_BAD };

struct scnode {
	char		*name;		/* [name] */
	char		*text;		/* narrative, Markdown */
	struct scchoice	*choices;	/* none for an ending */
	size_t		 nchoices;	/* number of choices */
	enum outcome	 outcome;	/* endings only */
	struct pos	 pos;		/* the [name] line */
	struct mdsrc	 text_src;	/* where the narrative was written */
};

struct scenario {
	char		*id;		/* explicit or derived, course-unique */
	char		*title;		/* or NULL */
	size_t		 start;		/* index of the start node */
	struct scnode	*nodes;		/* in written order */
	size_t		 nnodes;	/* number of nodes */
	int		 best;		/* best score from start to an end */
	struct pos	 pos;		/* the opening fence */
	int		 ok;		/* checked clean: stage 4 writes it */
};

struct module;

struct lesson {
	char		*src;		/* course-relative source, "m/01-a.md" */
	char		*file;		/* path for diagnostics: dir + "/" + src */
	char		*slug;		/* page name without ".html" */
	char		*href;		/* course-relative page, "m/a.html" */
	char		*title;		/* front matter title or first heading */
	struct pos	 title_pos;	/* where the title was written */
	char		**objectives;	/* front matter objectives (plain text) */
	size_t		 nobjectives;	/* number of objectives */
	int		 duration;	/* minutes, 0 if not given */
	int		 body_line;	/* source line where Markdown starts */
	struct module	*module;	/* owning module, never NULL */
	size_t		 index;		/* 0-based position in the course */
	char		*text;		/* Markdown body (after front matter) */
	struct cmark_node *doc;		/* parsed tree, NULL once rendered */
	struct heading	*headings;	/* every heading in document order */
	size_t		 nheadings;	/* number of headings */
	struct smap	 anchors;	/* anchor -> heading, for link checks */
	struct quiz	**quizzes;	/* quiz blocks in order */
	size_t		 nquizzes;	/* number of quizzes */
	struct scenario	**scenarios;	/* scenario blocks in order */
	size_t		 nscenarios;	/* number of scenarios */
};

struct module {
	char		*dir;		/* course-relative folder, "" for root */
	char		*slug;		/* output folder, "" for root lessons */
	char		*title;		/* module.yml title or from folder name */
	char		*description;	/* module.yml description, or NULL */
	struct lesson	**lessons;	/* lessons in order */
	size_t		 nlessons;	/* number of lessons */
	size_t		 index;		/* 0-based position among modules */
};

#define COMPLETE_LESSONS		1	/* every lesson viewed */
#define COMPLETE_ASSESSMENT	2	/* every graded quiz finished */

#define SCO_PER_MODULE_ALL	1	/* one SCO per module, both versions */
#define SCO_PER_MODULE_12	2	/* per module in SCORM 1.2 only */

struct course {
	char		*dir;		/* course folder as given by the user */
	struct sproot	*root;		/* where its reads must stay */
	char		*yml;		/* path of course.yml, for diagnostics */
	char		*id;		/* [a-z0-9-]+, default the folder name */
	char		*title;		/* required */
	char		*language;	/* BCP 47 tag, default "en" */
	char		*version;	/* free text, or NULL */
	char		*description;	/* plain text, or NULL */
	char		**objectives;	/* course objectives, home page */
	size_t		 nobjectives;	/* number of objectives */
	char		*cover;		/* cover image asset path, or NULL */
	char		*logo;		/* logo image asset path, or NULL */
	char		**authors;	/* author names */
	size_t		 nauthors;	/* number of authors */
	char		**keywords;	/* keywords: for the LMS's catalogue */
	size_t		 nkeywords;	/* number of keywords */
	char		*theme;		/* theme name or path, or NULL */
	struct pos	 theme_pos;	/* where theme: was given */
	int		 passing_score;	/* percent, default 80 */
	int		 allow_html;	/* keep raw HTML from Markdown */
	int		 completion;	/* COMPLETE_* bits, 0: default */
	int		 sco_per_module; /* packaging: SCO_PER_MODULE_* or 0 */
	int		 prerequisites;	/* a module opens once the previous
					   one is satisfied (SCORM 2004) */
	struct module	**modules;	/* modules in order; root lessons form
					   an untitled first module */
	size_t		 nmodules;	/* number of modules */
	struct lesson	**lessons;	/* every lesson in reading order */
	size_t		 nlessons;	/* number of lessons */
	struct smap	 bysrc;		/* source path -> lesson */
	struct smap	 outputs;	/* output path -> owner (collisions) */
	struct asset	**assets;	/* files to copy, in discovery order */
	size_t		 nassets;	/* number of assets */
	struct smap	 byasset;	/* asset path -> asset */
	struct smap	 strings;	/* course.yml "strings:" overrides */
	struct smap	 ids;		/* quiz, question, scenario ids */
	const struct tval *ui;		/* interface strings (theme + course) */
	char		*quiz_strings;	/* the engine's strings script of every
					   page with a quiz, made once
					   (quiz-html.c) */
};

#endif /* !COURSEWARE_H */
