/*
 * new.c: "coursec new DIR" writes a small course that builds cleanly
 * and shows the syntax by example: course.yml, one module with its
 * module.yml, a lesson with front matter, a table, a link to another
 * lesson's heading, an image, a footnote, a quiz and a branching
 * scenario, and a short second lesson.  Comments in the files say what
 * each part does, so editing them is the tutorial.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "courseware.h"
#include "extern.h"
#include "msg.h"

static const char course_yml[] =
"# course.yml: the course as a whole.  Only title: is required.\n"
"title: \"%s\"\n"
"id: %s                    # names the output folder and the SCORM packages\n"
"language: en              # BCP 47; picks the interface strings\n"
"description: >\n"
"  A short course for front-desk and phone staff on greeting patients\n"
"  and ending a call well.\n"
"authors: [Your Name]\n"
"passing_score: 80         # percent, for graded quizzes\n"
"# modules: [01-first-steps]   # an explicit order; default: by folder name\n";

static const char module_yml[] =
"# module.yml is optional: a title, a description, a lesson order.\n"
"title: First steps\n"
"description: Opening and closing a conversation with a patient.\n"
"lessons:\n"
"  - 01-greeting-a-caller.md\n"
"  - 02-ending-the-call.md\n";

static const char lesson1[] =
"---\n"
"# Front matter: the lesson's title, objectives and duration (minutes).\n"
"title: Greeting a caller\n"
"objectives:\n"
"  - Open every call with the place, your name and an offer of help\n"
"  - Notice when a caller is worried, and say so\n"
"duration: 10\n"
"---\n"
"\n"
"A caller decides in a few seconds whether they are in good hands. This\n"
"lesson is also a tour of what a lesson can hold: edit it and rebuild.\n"
"\n"
"## The first ten seconds\n"
"\n"
"Say where they have reached, who you are, and that you are there to help.\n"
"Tables are written as on GitHub:\n"
"\n"
"| Say | Avoid |\n"
"| --- | --- |\n"
"| \"Good morning, Hillside Practice, this is Sam. How can I help?\" "
"| \"Hillside.\" |\n"
"| \"Thank you for waiting.\" | \"Yes?\" |\n"
"\n"
"![A caller's first ten seconds: place, name, offer of help]"
"(images/greeting.svg)\n"
"\n"
"Images live in the course folder; a missing one is an error at its line.\n"
"\n"
"## When the caller sounds worried\n"
"\n"
"Name what you hear before you solve anything: *\"That sounds worrying.\n"
"Let's see what we can do today.\"*[^calm] Then see\n"
"[how to end the call](02-ending-the-call.md#check-what-happens-next):\n"
"links point at the `.md` file and a heading's anchor, and are checked.\n"
"\n"
"[^calm]: Naming a feeling lowers it; arguing with it raises it.\n"
"\n"
"## Check your understanding\n"
"\n"
"A quiz is a fenced block: `?` starts a question, `( )` and `(x)` are\n"
"single-choice answers, `[ ]` and `[x]` select-all-that-apply, and an\n"
"indented `>` line is the feedback for the answer above it.\n"
"\n"
"```quiz\n"
"id: greeting-check\n"
"title: Check your understanding\n"
"mode: practice\n"
"\n"
"? Which opening tells the caller the most?\n"
"( ) \"Hello?\"\n"
"    > The caller still does not know where they are.\n"
"(x) \"Good morning, Hillside Practice, this is Sam. How can I help?\"\n"
"    > Place, name and an offer of help.\n"
"( ) \"Hold, please.\"\n"
"    > Ask before you put anyone on hold.\n"
"\n"
"? Which of these show you heard a worried caller? (Select all that "
"apply.)\n"
"[x] \"That sounds worrying.\"\n"
"[x] \"Let's see what we can do today.\"\n"
"[ ] \"Everyone says that.\"\n"
"    > This dismisses the worry instead of naming it.\n"
"```\n"
"\n"
"## Practise a call\n"
"\n"
"A scenario is a set of `[nodes]`; each `- choice -> node (points)` leads\n"
"on, and a node without choices is an ending.\n"
"\n"
"```scenario\n"
"id: worried-caller\n"
"title: A worried parent\n"
"start: opening\n"
"\n"
"[opening]\n"
"\"My daughter has had a fever since last night and I can't get through\n"
"to anyone!\"\n"
"- \"You'll have to wait like everyone else.\" -> brushed-off (0)\n"
"    > True perhaps, but it tells the parent nobody is listening.\n"
"- \"That sounds worrying. I'm here now; let's find her a time today.\""
" -> heard (10)\n"
"    > You named the worry and offered a next step.\n"
"\n"
"[brushed-off]\n"
"\"Is that really all you can say?\"\n"
"- \"I'm sorry, that came out wrong. Let's look at today's times "
"together.\" -> heard (5)\n"
"    > Repairing a bad start still helps.\n"
"\n"
"[heard]\n"
"outcome: good\n"
"The parent calms down and accepts an appointment at four o'clock.\n"
"```\n";

static const char lesson2[] =
"# Ending the call\n"
"\n"
"With no front matter, the first heading is the lesson's title.\n"
"\n"
"## Check what happens next\n"
"\n"
"Before you say goodbye, repeat what was agreed: the day, the time, and\n"
"what the caller should bring. Ask \"Is there anything else I can help\n"
"with?\" and let the caller hang up first.\n";

static const char greeting_svg[] =
"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 360 80\" "
"role=\"img\">\n"
"  <g font-family=\"sans-serif\" font-size=\"14\" text-anchor=\"middle\">\n"
"    <rect x=\"5\" y=\"20\" width=\"100\" height=\"40\" rx=\"8\" "
"fill=\"#dbeafe\"/>\n"
"    <text x=\"55\" y=\"45\">Place</text>\n"
"    <rect x=\"130\" y=\"20\" width=\"100\" height=\"40\" rx=\"8\" "
"fill=\"#dcfce7\"/>\n"
"    <text x=\"180\" y=\"45\">Name</text>\n"
"    <rect x=\"255\" y=\"20\" width=\"100\" height=\"40\" rx=\"8\" "
"fill=\"#fef9c3\"/>\n"
"    <text x=\"305\" y=\"45\">Offer help</text>\n"
"  </g>\n"
"</svg>\n";

/* Writes text to dir/rel, creating folders; 1 ok, 0 fail (reported). */
static int
put(const char *dir, const char *rel, const char *text)
{
	FILE	*f;
	char	*path;
	int	 ok;

	path = path_join(dir, rel);
	if (!path_mkparents(path) || (f = fopen(path, "wx")) == NULL) {
		msg(MSG_WRITE, path, 0, 0, "%s", strerror(errno));
		free(path);
		return 0;
	}
	ok = fputs(text, f) != EOF;
	if (fclose(f) == EOF || !ok) {
		msg(MSG_WRITE, path, 0, 0, "%s", strerror(errno));
		ok = 0;
	}
	free(path);
	return ok;
}

/* Whether dir is absent or an empty folder. */
static int
usable(const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	int		 empty = 1;

	if ((d = opendir(dir)) == NULL)
		return errno == ENOENT;
	while (empty && (de = readdir(d)) != NULL)
		empty = strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0;
	closedir(d);
	return empty;
}

int
new_course(const char *dir)
{
	char		*base, *id, *title, *yml, *q;
	const char	*b;
	size_t		 n;
	int		 ok;

	if (!usable(dir)) {
		msg_usage("%s already exists and is not empty: coursec new "
		    "only writes into a new or empty folder", dir);
		return 0;
	}
	n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	base = xstrndup(dir, n);
	b = strrchr(base, '/') ? strrchr(base, '/') + 1 : base;
	id = name_slug(b);
	if (id[0] == '\0') {
		free(id);
		id = xstrdup("my-course");
	}
	title = name_title(b);
	/* The title goes between double quotes in YAML. */
	for (q = title; *q != '\0'; q++)
		if (*q == '"' || *q == '\\')
			*q = '\'';
	yml = xasprintf(course_yml, title[0] ? title : "My course", id);
	ok = put(base, "course.yml", yml) &&
	    put(base, "01-first-steps/module.yml", module_yml) &&
	    put(base, "01-first-steps/01-greeting-a-caller.md", lesson1) &&
	    put(base, "01-first-steps/02-ending-the-call.md", lesson2) &&
	    put(base, "01-first-steps/images/greeting.svg", greeting_svg);
	if (ok)
		printf("%s: new course written; watch it in the browser "
		    "while you edit it with: coursec serve %s\n", base, base);
	free(yml);
	free(title);
	free(id);
	free(base);
	return ok;
}
