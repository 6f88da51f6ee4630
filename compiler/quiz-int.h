/*
 * quiz-int.h: private to the quiz stage.  The fence reader
 * (quiz-fence.c) finds ```quiz and ```scenario fences and cuts them into
 * lines; the quiz parser (quiz-parse.c) and the scenario parser
 * (quiz-scenario.c) read them into the model and check everything in
 * stage 3, Markdown snippets included; the writer (quiz-html.c) turns a
 * checked block into HTML in stage 4 and reports nothing.  quiz.c runs
 * them.  Include after "util.h" and "courseware.h".
 */
#ifndef QUIZ_INT_H
#define QUIZ_INT_H

struct cmark_node;

/* One line of a fence, with its position in the lesson file. */
struct qline {
	const char	*s;		/* first non-blank byte */
	size_t		 len;		/* bytes up to the end of line */
	int		 indent;	/* leading blanks (tab = 4) */
	struct pos	 pos;		/* position of s */
};

enum fence { FENCE_NONE, FENCE_QUIZ, FENCE_SCENARIO };

/* quiz-fence.c: reading fences and the pieces of their lines */

/* What the code block n is, by the first word of its info string. */
enum fence	 fence_kind(struct cmark_node *n);
/* The quiz and scenario code blocks of doc, in document order, into
 * *out (caller frees); returns the count. */
size_t		 fence_blocks(struct cmark_node *doc, struct cmark_node ***out);
/* Splits a fence body whose first line is at first; returns the count,
 * lines into *out (caller frees; they point into text). */
size_t		 fence_lines(const char *text, struct pos first,
		    struct qline **out);
/* Whether the line starts with w. */
int		 ql_starts(const struct qline *, const char *w);
/* A copy of [s, s+len) without leading and trailing blanks. */
char		*ql_trimmed(const char *s, size_t len);
/* The rest of the line after n bytes, trimmed; *at (if not NULL) gets
 * the position of its first byte.  Caller frees. */
char		*ql_rest(const struct qline *, size_t n, struct pos *at);
/* For "key: value" with a lowercase key: the key length, *val (caller
 * frees; "quoted" loses its quotes) and *at, where the text starts.
 * Else 0. */
size_t		 ql_keyval(const struct qline *, char **val, struct pos *at);
int		 ql_key_is(const struct qline *, size_t klen, const char *k);
/* Reports the key (klen bytes) of line ln as an unknown option of a
 * what ("quiz"), with a "help:" line: the nearest of opts (NULL
 * ended), and all of them. */
void		 ql_unknown_option(const struct lesson *, const struct qline *ln,
		    size_t klen, const char *what, const char *const *opts);
int		 ql_valid_id(const char *);
int		 ql_bool(const char *, int *);
int		 ql_int(const char *, long lo, long hi, int *);
/* Appends more, written at pos, to a Markdown field (after sep unless
 * it was empty), noting where it came from in src (if not NULL). */
void		 ql_append(char **field, struct mdsrc *src, const char *more,
		    struct pos pos, const char *sep);
/* Notes that byte off of a field was written at pos. */
void		 ql_src_add(struct mdsrc *, size_t off, struct pos pos);
void		 ql_src_free(struct mdsrc *);
/* Registers a course-wide id; 1 if new, 0 (reported at p) if taken. */
int		 ql_claim_id(struct course *, struct lesson *, const char *,
		    struct pos p);
/* Derived id, "module-lesson-quiz2": unique as page paths are. */
char		*ql_lesson_key(const struct lesson *, const char *what,
		    size_t nth);
/* Checks a Markdown field written at src (NULL: nothing). */
int		 ql_check_md(struct course *, struct lesson *, const char *,
		    const struct mdsrc *);

/* quiz-parse.c: stage 3 for ```quiz */

extern const char *const quiz_types[];	/* by enum qtype */
/* Reads and checks the nth quiz of the lesson, fence at fence; sets
 * q->ok.  Never NULL. */
struct quiz	*quiz_parse(struct course *, struct lesson *, const char *,
		    struct pos fence, size_t nth);

/* quiz-scenario.c: stage 3 for ```scenario */

/* Reads and checks the nth scenario of the lesson; sets s->ok and
 * s->best.  Never NULL. */
struct scenario	*scenario_parse(struct course *, struct lesson *,
		    const char *, struct pos fence, size_t nth);
/*
 * The best score from the start to an ending, over the walks the
 * player can take (a walk may go round a loop).  Returns 1 when exact;
 * 0 when a loop gains points, so walks have no best (*loop is then a
 * choice of such a loop), or when the graph is too large to settle
 * (*loop NULL): *best is then the best path through no node twice, from
 * a search bounded to a million steps.  Needs resolved targets
 * (choice->to) and every node able to reach an ending.
 */
int		 scenario_best(const struct scenario *, long *best,
		    const struct scchoice **loop);

/* quiz-html.c: stage 4, a checked block to HTML; caller frees */

/* The page's interface strings for the engine, as a script element
 * (made once per course, freed with it). */
const char	*quiz_strings_script(struct course *);
char		*quiz_html(struct course *, struct lesson *,
		    const struct quiz *);
char		*scenario_html(struct course *, struct lesson *,
		    const struct scenario *);

#endif /* !QUIZ_INT_H */
