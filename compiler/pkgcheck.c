/*
 * pkgcheck.c: what a designer cannot see in the SCORM packages.  The
 * check warns about packaging that will not behave in an LMS (a pass
 * mark no learner can reach, a completion rule that can never be met,
 * a SCO with nothing to record, a weighting SCORM 1.2 cannot carry,
 * options some LMSs ignore or mis-store); the report tells an LMS
 * administrator, in words, what each package holds (written beside the
 * zips as ID-scorm.txt).
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "courseware.h"
#include "extern.h"
#include "msg.h"

/* SCORM 1.2 CMIDecimal as LMSs check it (Moodle: up to 3 digits). */
#define WEIGHT12_MAX	999

/* Points a learner can score in a quiz (likert questions count none). */
static long
quiz_points(const struct quiz *z)
{
	long	 p = 0;
	size_t	 i;

	for (i = 0; i < z->nquestions; i++)
		if (z->questions[i].type != Q_LIKERT)
			p += z->questions[i].points;
	return p;
}

/* The module's graded quizzes, counted. */
static size_t
module_graded_count(const struct module *m)
{
	size_t	 i, j, n = 0;

	for (i = 0; i < m->nlessons; i++)
		for (j = 0; j < m->lessons[i]->nquizzes; j++)
			n += m->lessons[i]->quizzes[j]->graded != 0;
	return n;
}

static const char *
module_name(const struct module *m)
{
	return m->title[0] ? m->title : m->lessons[0]->title;
}

void
pkgcheck(const struct course *c, int scorm12, int scorm2004)
{
	const struct lesson	*l;
	const struct quiz	*z;
	size_t			 i, j, m, ngraded = 0;
	int			 assess = c->completion & COMPLETE_ASSESSMENT;

	if (!scorm12 && !scorm2004)
		return;
	for (i = 0; i < c->nlessons; i++) {
		l = c->lessons[i];
		for (j = 0; j < l->nquizzes; j++) {
			z = l->quizzes[j];
			if (scorm12) {
				size_t	 k;

				for (k = 0; k < z->nquestions; k++)
					if (z->questions[k].points >
					    WEIGHT12_MAX)
						msg(MSG_PACKAGING, l->file,
						    z->questions[k].pos.line,
						    1, "question worth %d "
						    "points: SCORM 1.2 LMSs "
						    "refuse an interaction "
						    "weighting above %d",
						    z->questions[k].points,
						    WEIGHT12_MAX);
			}
			if (!z->graded)
				continue;
			ngraded++;
			if (quiz_points(z) == 0 && z->pass > 0)
				msg(MSG_PACKAGING, l->file, z->pos.line, 1,
				    "graded quiz '%s' has no scored question:"
				    " its pass mark of %d%% cannot be reached"
				    "%s", z->id, z->pass, z->attempts == 0 &&
				    assess ? ", and with unlimited attempts "
				    "the course can never be completed" : "");
		}
		for (j = 0; j < l->nscenarios && scorm12; j++)
			if (l->scenarios[j]->best > WEIGHT12_MAX)
				msg(MSG_PACKAGING, l->file,
				    l->scenarios[j]->pos.line, 1, "scenario "
				    "'%s' is worth %d points: SCORM 1.2 LMSs "
				    "refuse an interaction weighting above %d",
				    l->scenarios[j]->id, l->scenarios[j]->best,
				    WEIGHT12_MAX);
	}
	if (ngraded == 0 && assess)
		msg(MSG_PACKAGING, c->yml, 0, 0, "completion asks for the "
		    "assessment, but the course has no graded quiz: it "
		    "completes when every lesson is viewed");
	if (ngraded == 0 && c->passing_score != 80)
		msg(MSG_PACKAGING, c->yml, 0, 0, "passing_score %d has no "
		    "effect: the course has no graded quiz, so no score "
		    "goes to the LMS", c->passing_score);
	if (!c->sco_per_module) {
		if (c->prerequisites)
			msg(MSG_PACKAGING, c->yml, 0, 0, "prerequisites: true "
			    "needs packaging: sco-per-module (one SCO has "
			    "nothing to open in order)");
		return;
	}
	for (m = 0; m < c->nmodules; m++) {
		const struct module *mod = c->modules[m];

		if (mod->nlessons == 0)
			continue;
		if (assess && ngraded > 0 && module_graded_count(mod) == 0 &&
		    !(c->completion & COMPLETE_LESSONS))
			msg(MSG_PACKAGING, c->yml, 0, 0, "the SCO of module "
			    "'%s' has no graded quiz: completion: assessment "
			    "cannot apply to it, it completes when its lessons "
			    "are viewed", module_name(mod));
	}
	if (c->nmodules < 2)
		msg(MSG_PACKAGING, c->yml, 0, 0, "one SCO per module, but the "
		    "course has one module: the package has a single SCO");
	if (scorm2004 && course_per_module(c, 1))
		msg(MSG_PACKAGING, c->yml, 0, 0, "SCORM 2004 with one SCO per "
		    "module: LMSs that keep one API object per player page "
		    "(Moodle 3.1 and later) record only the first module "
		    "opened in each visit; packaging: sco-per-module-scorm12 "
		    "keeps one SCO in the 2004 package");
	if (scorm2004 && course_per_module(c, 1) && c->prerequisites)
		msg(MSG_PACKAGING, c->yml, 0, 0, "prerequisites in SCORM "
		    "2004 are global objectives and precondition rules: "
		    "Moodle cannot import them (and does not evaluate "
		    "them); SCORM 1.2 packages carry adlcp:prerequisites");
}

static void
plural(struct buf *b, size_t n, const char *one, const char *many)
{
	buf_printf(b, "%zu %s", n, n == 1 ? one : many);
}

/* The package report (plain text), for ID-scorm.txt.  Caller frees. */
char *
pkgreport(const struct course *c, const char *outdir, int scorm12,
    int scorm2004, size_t worst)
{
	struct buf		 b = { NULL, 0, 0 };
	struct stat		 st;
	const struct quiz	*gq = NULL;
	char			*zip;
	size_t			 i, j, m, ngraded = 0, nsco;
	int			 k, comp, min = course_minutes(c);

	for (i = 0; i < c->nlessons; i++)
		for (j = 0; j < c->lessons[i]->nquizzes; j++)
			if (c->lessons[i]->quizzes[j]->graded) {
				if (gq == NULL)
					gq = c->lessons[i]->quizzes[j];
				ngraded++;
			}
	comp = c->completion ? c->completion : ngraded ?
	    COMPLETE_LESSONS | COMPLETE_ASSESSMENT : COMPLETE_LESSONS;
	if (!ngraded)
		comp = COMPLETE_LESSONS;
	buf_printf(&b, "%s: SCORM packages of \"%s\"\n", c->id, c->title);
	for (k = 0; k < 2; k++) {
		if (!(k == 0 ? scorm12 : scorm2004))
			continue;
		zip = xasprintf("%s/%s-%s.zip", outdir, c->id,
		    k == 0 ? "scorm12" : "scorm2004");
		buf_printf(&b, "\n%s (%s", strrchr(zip, '/') + 1,
		    k == 0 ? "SCORM 1.2" : "SCORM 2004 4th Edition");
		if (stat(zip, &st) == 0)
			buf_printf(&b, ", %lld KB", (long long)(st.st_size +
			    1023) / 1024);
		buf_puts(&b, ")\n");
		free(zip);
		if (!course_per_module(c, k)) {
			buf_puts(&b, "  1 SCO, the whole course; launch file "
			    "scorm.html\n");
			continue;
		}
		for (nsco = 0, m = 0; m < c->nmodules; m++)
			nsco += c->modules[m]->nlessons > 0;
		buf_printf(&b, "  %zu SCOs, one per module; launch file "
		    "scorm.html?m=N:\n", nsco);
		for (nsco = 0, m = 0; m < c->nmodules; m++) {
			const struct module *mod = c->modules[m];

			if (mod->nlessons == 0)
				continue;
			buf_printf(&b, "    ?m=%zu  %s (", nsco++,
			    module_name(mod));
			plural(&b, mod->nlessons, "lesson", "lessons");
			if (module_graded_count(mod))
				buf_puts(&b, ", graded");
			buf_puts(&b, ")\n");
		}
		if (c->prerequisites)
			buf_printf(&b, "  Modules open in order (%s).\n",
			    k == 0 ? "adlcp:prerequisites" :
			    "global objectives and precondition rules; "
			    "not imported by Moodle");
		buf_puts(&b, "  At the end of a module the learner is sent "
		    "to the LMS's course menu for the next one.\n");
	}
	buf_puts(&b, "\nPass mark: ");
	if (gq != NULL) {
		buf_printf(&b, "%d%% on \"%s\" (", gq->pass,
		    gq->title ? gq->title : gq->id);
		if (gq->attempts > 0)
			buf_printf(&b, "%d attempt%s", gq->attempts,
			    gq->attempts == 1 ? "" : "s");
		else
			buf_puts(&b, "unlimited attempts");
		buf_puts(&b, "); the LMS receives it as the mastery score "
		    "(1.2) or the scaled passing score (2004).\n");
	} else
		buf_puts(&b, "none: no graded quiz, no score is sent.\n");
	buf_puts(&b, "Completion: ");
	if (comp == COMPLETE_LESSONS)
		buf_printf(&b, "every lesson (%zu) viewed.\n", c->nlessons);
	else if (comp == COMPLETE_ASSESSMENT)
		buf_puts(&b, "the graded assessment passed or out of "
		    "attempts.\n");
	else
		buf_printf(&b, "every lesson (%zu) viewed and the graded "
		    "assessment passed or out of attempts.\n", c->nlessons);
	buf_printf(&b, "Saved progress (suspend_data): at most %zu "
	    "characters; SCORM 1.2 allows 4,096, SCORM 2004 64,000.\n", worst);
	if (min > 0)
		buf_printf(&b, "Typical learning time: %d h %02d min.\n",
		    min / 60, min % 60);
	buf_printf(&b, "Language: %s.  Version: %s.\n", c->language,
	    c->version ? c->version : "(none)");
	return buf_detach(&b);
}
