/*
 * benchgen.c: writes a deterministic corpus of realistic courses for
 * `make bench`.  Every lesson is 4-8 KB of Markdown with front matter,
 * headings, paragraphs with emphasis and links (to an earlier lesson's
 * heading and to the web), lists, a table, the course's tiny image, one
 * to three quiz blocks of varied types in coursec's syntax
 * (docs/quiz-syntax.md) and, in some lessons, a scenario.  The same
 * arguments always give the same bytes: the text comes from a fixed
 * xorshift generator, not from rand(3) or the clock.
 *
 *   benchgen DIR COURSES LESSONS_PER_COURSE
 *
 * Courses go to DIR/cNNN, five modules each (fewer for short courses).
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long rs;

static unsigned
rnd(unsigned n)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return (unsigned)(rs % n);
}

static const char *const words[] = {
	"caller", "patient", "listen", "reception", "appointment", "calm",
	"confirm", "clinic", "name", "record", "time", "colleague", "desk",
	"question", "answer", "feeling", "explain", "plan", "check", "offer",
	"support", "family", "waiting", "room", "phone", "voice", "respect",
	"clearly", "slowly", "kindly", "before", "after", "always", "never",
	"with", "the", "a", "and", "to", "of", "for", "your", "their", "this",
	"that", "when", "while", "every", "next", "first", "then", "who",
	"what", "how", "note", "date", "request", "transfer", "hold", "greet",
};
#define NWORDS (sizeof(words) / sizeof(words[0]))

static void
word(FILE *f)
{
	fputs(words[rnd(NWORDS)], f);
}

/* A sentence of n words, capitalised, with occasional inline markup. */
static void
sentence(FILE *f, int n)
{
	const char	*w;
	int		 i;

	for (i = 0; i < n; i++) {
		w = words[rnd(NWORDS)];
		if (i > 0)
			fputc(' ', f);
		if (i == 0)
			fprintf(f, "%c%s", w[0] - 'a' + 'A', w + 1);
		else if (rnd(17) == 0)
			fprintf(f, "*%s*", w);
		else if (rnd(23) == 0)
			fprintf(f, "**%s**", w);
		else if (rnd(41) == 0)
			fprintf(f, "`%s`", w);
		else
			fputs(w, f);
	}
	fputc('.', f);
}

static void
paragraph(FILE *f)
{
	int	 i, n = 3 + (int)rnd(4);

	for (i = 0; i < n; i++) {
		if (i > 0)
			fputc(' ', f);
		sentence(f, 8 + (int)rnd(10));
	}
	fputs("\n\n", f);
}

static void
quiz(FILE *f, int kind, int graded)
{
	fputs("```quiz\n", f);
	if (graded)
		fputs("mode: graded\npass: 70\nattempts: 3\n", f);
	fputs("\n", f);
	switch (kind) {
	case 0:
		fputs("? Which opening line works best on the phone?\n"
		    "( ) \"Clinic.\"\n"
		    "    > Too short: the caller cannot tell who answered.\n"
		    "(x) \"Good morning, Riverside Clinic, this is Amira. "
		    "How can I help?\"\n"
		    "    > Place, name and an offer of help.\n"
		    "( ) \"Please hold.\"\n"
		    "correct: Yes. Place, name, offer.\n"
		    "incorrect: Listen again to the three parts.\n\n"
		    "? Which of these may a caller not know? (Select all "
		    "that apply.)\n[x] \"Prior auth\"\n[x] \"EOB\"\n"
		    "[ ] \"Appointment\"\n", f);
		break;
	case 1:
		fputs("? Put the steps of a warm transfer in order.\n"
		    "1. Tell the caller who you will connect them to\n"
		    "2. Brief your colleague while the caller holds\n"
		    "3. Introduce the caller and stay until they connect\n\n"
		    "? A caller who repeats a question is always rude.\n"
		    "answer: false\n"
		    "explanation: Repeating often means they were not "
		    "heard.\n", f);
		break;
	case 2:
		fputs("? How many minutes on hold before you check back?\n"
		    "type: numeric\n= 2 +- 0.5\n\n"
		    "? Match each phrase to its purpose.\n"
		    "- \"I can hear this matters.\" -> naming the feeling\n"
		    "- \"Let me check that for you.\" -> offering help\n"
		    "- \"So the bill is from March?\" -> confirming\n", f);
		break;
	default:
		fputs("? Which word names the step after listening?\n"
		    "= confirm\n= confirming\n\n"
		    "? How often do you confirm a caller's name?\n"
		    "type: likert\nscale: Never | Sometimes | Often | "
		    "Always\n", f);
		break;
	}
	fputs("```\n\n", f);
}

static void
scenario(FILE *f)
{
	fputs("```scenario\nstart: opening\n\n[opening]\n"
	    "The caller has waited forty minutes. \"Finally! I've been on "
	    "hold forever about a bill I don't even owe!\"\n"
	    "- \"Please calm down.\" -> defensive (0)\n"
	    "    > Telling someone to calm down rarely calms them.\n"
	    "- \"I'm sorry you waited so long. I'll look at the bill with "
	    "you.\" -> listening (10)\n"
	    "    > You named the wait and offered help.\n\n"
	    "[defensive]\n\"Don't tell me to calm down!\"\n"
	    "- \"You're right, I'm sorry. Let's look at it together.\" -> "
	    "listening (5)\n- \"I can transfer you.\" -> lost (0)\n\n"
	    "[listening]\n\"Thank you. It's the March statement.\"\n"
	    "- \"Let me open it now.\" -> resolved (10)\n\n"
	    "[resolved]\noutcome: good\nThe caller agrees to a payment "
	    "plan.\n\n[lost]\noutcome: bad\nThe caller hangs up.\n```\n\n",
	    f);
}

/* Anchor of the previous lesson's first section, for links to it. */
static char	 prevfirst[128];

static void
lesson(FILE *f, int ci, int mi, int li, int idx, int last)
{
	char		 first[128] = "";
	const char	*w1, *w2;
	int		 s, nsec, q, nq, target, i;
	long		 size;

	fprintf(f, "---\ntitle: \"Lesson %d.%d: ", mi, li);
	word(f);
	fputc(' ', f);
	word(f);
	fprintf(f, "\"\nobjectives:\n  - ");
	sentence(f, 7);
	fputs("\n  - ", f);
	sentence(f, 6);
	fprintf(f, "\nduration: %u\n---\n\n", 5 + rnd(20));
	paragraph(f);
	target = 4096 + (int)rnd(4096);
	nsec = 0;
	nq = 1 + (int)rnd(3);
	for (s = 1; ; s++) {
		size = ftell(f);
		if (size > target - 1200)
			break;
		w1 = words[rnd(NWORDS)];
		w2 = words[rnd(NWORDS)];
		fprintf(f, "## Section %d: %s and %s\n\n", s, w1, w2);
		if (s == 1)
			snprintf(first, sizeof(first), "section-1-%s-and-%s",
			    w1, w2);
		paragraph(f);
		switch (s % 4) {
		case 1:
			fputs("- ", f); sentence(f, 6); fputc('\n', f);
			fputs("- ", f); sentence(f, 5); fputc('\n', f);
			fputs("  - ", f); sentence(f, 4); fputc('\n', f);
			fputs("- [x] ", f); sentence(f, 4); fputs("\n\n", f);
			break;
		case 2:
			fputs("| Step | Say | Avoid |\n|:--|:--|:--|\n", f);
			for (i = 1; i <= 3; i++) {
				fprintf(f, "| %d | ", i);
				sentence(f, 5);
				fputs(" | ", f);
				sentence(f, 3);
				fputs(" |\n", f);
			}
			fputc('\n', f);
			break;
		case 3:
			fputs("![A small diagram of the listening loop]"
			    "(../images/loop.svg)\n\n", f);
			break;
		default:
			fputs("1. ", f); sentence(f, 5); fputc('\n', f);
			fputs("2. ", f); sentence(f, 5); fputs("\n\n", f);
			break;
		}
		if (li > 1)
			fprintf(f, "See [the first section of the previous "
			    "lesson](%02d-lesson-%d.md#%s) or "
			    "[the guide](https://example.org/guide/%d).\n\n",
			    li - 1, idx, prevfirst, idx);
		else
			fprintf(f, "Read [the guide](https://example.org/guide/"
			    "%d) before you start.\n\n", idx);
		nsec++;
	}
	(void)ci;
	memcpy(prevfirst, first, sizeof(first));
	for (q = 0; q < nq; q++)
		quiz(f, (int)rnd(4), last && q == 0);
	if (idx % 5 == 2)
		scenario(f);
	paragraph(f);
}

static void
xmkdir(const char *p)
{
	if (mkdir(p, 0755) == -1 && errno != EEXIST) {
		perror(p);
		exit(1);
	}
}

int
main(int argc, char *argv[])
{
	char	 p[4096];
	FILE	*f;
	int	 nc, nl, nm, per, c, m, l, idx;

	if (argc != 4) {
		fputs("usage: benchgen DIR COURSES LESSONS\n", stderr);
		return 1;
	}
	nc = atoi(argv[2]);
	nl = atoi(argv[3]);
	xmkdir(argv[1]);
	for (c = 1; c <= nc; c++) {
		rs = 0x9E3779B97F4A7C15ULL ^ (unsigned long long)c;
		nm = nl >= 25 ? 5 : 1;
		per = (nl + nm - 1) / nm;
		snprintf(p, sizeof(p), "%s/c%03d", argv[1], c);
		xmkdir(p);
		snprintf(p, sizeof(p), "%s/c%03d/course.yml", argv[1], c);
		if ((f = fopen(p, "w")) == NULL) {
			perror(p);
			return 1;
		}
		fprintf(f, "title: \"Benchmark course %d\"\nid: bench-%03d\n"
		    "language: en\ndescription: A generated course for "
		    "timing coursec.\nauthors: [Bench]\npassing_score: 70\n",
		    c, c);
		fclose(f);
		snprintf(p, sizeof(p), "%s/c%03d/images", argv[1], c);
		xmkdir(p);
		snprintf(p, sizeof(p), "%s/c%03d/images/loop.svg", argv[1], c);
		if ((f = fopen(p, "w")) == NULL) {
			perror(p);
			return 1;
		}
		fputs("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
		    "10 10\"><circle cx=\"5\" cy=\"5\" r=\"4\" fill=\"#36c\"/>"
		    "</svg>\n", f);
		fclose(f);
		idx = 0;
		for (m = 1; m <= nm; m++) {
			snprintf(p, sizeof(p), "%s/c%03d/%02d-module-%d",
			    argv[1], c, m, m);
			xmkdir(p);
			for (l = 1; l <= per && idx < nl; l++, idx++) {
				snprintf(p, sizeof(p),
				    "%s/c%03d/%02d-module-%d/%02d-lesson-%d.md",
				    argv[1], c, m, m, l, idx + 1);
				if ((f = fopen(p, "w")) == NULL) {
					perror(p);
					return 1;
				}
				lesson(f, c, m, l, idx, idx == nl - 1);
				fclose(f);
			}
		}
	}
	return 0;
}
