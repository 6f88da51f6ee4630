/*
 * manifest.c: stage 5a.  Writes imsmanifest.xml for SCORM 1.2 and
 * SCORM 2004 4th Edition with libxml2's text writer, which escapes every
 * value.  Namespace prefixes are spelled as in ADL's examples (adlcp,
 * imsss, adlseq, adlnav; IMS CP as the default namespace): some LMS
 * parsers match them literally.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "util.h"
#include "courseware.h"
#include "extern.h"
#include "msg.h"

#define NS_CP12		"http://www.imsproject.org/xsd/imscp_rootv1p1p2"
#define NS_ADLCP12	"http://www.adlnet.org/xsd/adlcp_rootv1p2"
#define NS_CP		"http://www.imsglobal.org/xsd/imscp_v1p1"
#define NS_ADLCP	"http://www.adlnet.org/xsd/adlcp_v1p3"
#define NS_ADLSEQ	"http://www.adlnet.org/xsd/adlseq_v1p3"
#define NS_ADLNAV	"http://www.adlnet.org/xsd/adlnav_v1p3"
#define NS_IMSSS	"http://www.imsglobal.org/xsd/imsss"
#define NS_XSI		"http://www.w3.org/2001/XMLSchema-instance"
#define NS_IMSMD	"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
#define NS_LOM		"http://ltsc.ieee.org/xsd/LOM"

/* An NCName-safe copy: letters, digits, '.', '-', '_' (others -> '_'). */
static char *
ncname(const char *s)
{
	char	*t, *p;

	t = xstrdup(s);
	for (p = t; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-' &&
		    *p != '_')
			*p = '_';
	return t;
}

/* The first graded quiz of a module, or NULL. */
static const struct quiz *
module_graded(const struct module *m)
{
	size_t	 i, j;

	for (i = 0; i < m->nlessons; i++)
		for (j = 0; j < m->lessons[i]->nquizzes; j++)
			if (m->lessons[i]->quizzes[j]->graded)
				return m->lessons[i]->quizzes[j];
	return NULL;
}

/* The first graded quiz of the course in reading order, or NULL. */
static const struct quiz *
first_graded(const struct course *c)
{
	const struct quiz	*q = NULL;
	size_t			 m;

	for (m = 0; m < c->nmodules && q == NULL; m++)
		q = module_graded(c->modules[m]);
	return q;
}

int
course_graded(const struct course *c)
{
	return first_graded(c) != NULL;
}

/* Pass mark: the first graded quiz's, else the course's. */
int
course_pass_mark(const struct course *c)
{
	const struct quiz	*q = first_graded(c);

	return q != NULL ? q->pass : c->passing_score;
}

/* Whether this package has one SCO per module. */
int
course_per_module(const struct course *c, int v2004)
{
	return c->sco_per_module == SCO_PER_MODULE_ALL ||
	    (c->sco_per_module == SCO_PER_MODULE_12 && !v2004);
}

/* Minutes of the lessons that give a duration. */
int
course_minutes(const struct course *c)
{
	size_t	 i;
	int	 m = 0;

	for (i = 0; i < c->nlessons; i++)
		m += c->lessons[i]->duration;
	return m;
}

#define W(call)	do { if ((call) < 0) goto fail; } while (0)

/* A LOM text in the course language: <string language=".."> (2004)
 * or <imsmd:langstring xml:lang=".."> (IMS MD 1.2.1). */
static int
lom_text(xmlTextWriterPtr w, int v2004, const char *el, const char *lang,
    const char *text)
{
	W(xmlTextWriterStartElement(w, BAD_CAST el));
	if (v2004) {
		W(xmlTextWriterStartElement(w, BAD_CAST "string"));
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "language",
		    BAD_CAST lang));
	} else {
		W(xmlTextWriterStartElement(w, BAD_CAST "imsmd:langstring"));
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang",
		    BAD_CAST lang));
	}
	W(xmlTextWriterWriteString(w, BAD_CAST text));
	W(xmlTextWriterEndElement(w));
	W(xmlTextWriterEndElement(w));
	return 1;
fail:
	return 0;
}

/*
 * The package's metadata, inline LOM (IEEE LOM in 2004, IMS MD 1.2.1 in
 * 1.2): what an LMS shows in its catalogue: title, language,
 * description, keywords, version and the typical learning time (the sum
 * of the lessons' durations).
 */
static int
metadata(xmlTextWriterPtr w, const struct course *c, int v2004)
{
	const char	*p = v2004 ? "" : "imsmd:";
	const char	*lang = c->language;
	char		 el[64], dur[32];
	size_t		 i;
	int		 min = course_minutes(c);

#define E(name)	(snprintf(el, sizeof(el), "%s%s", p, name), el)
	W(xmlTextWriterStartElement(w, BAD_CAST "metadata"));
	W(xmlTextWriterWriteElement(w, BAD_CAST "schema",
	    BAD_CAST "ADL SCORM"));
	W(xmlTextWriterWriteElement(w, BAD_CAST "schemaversion",
	    BAD_CAST (v2004 ? "2004 4th Edition" : "1.2")));
	W(xmlTextWriterStartElement(w, BAD_CAST E("lom")));
	if (v2004)
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns",
		    BAD_CAST NS_LOM));
	W(xmlTextWriterStartElement(w, BAD_CAST E("general")));
	if (!lom_text(w, v2004, E("title"), lang, c->title))
		goto fail;
	W(xmlTextWriterWriteElement(w, BAD_CAST E("language"),
	    BAD_CAST lang));
	if (c->description != NULL &&
	    !lom_text(w, v2004, E("description"), lang, c->description))
		goto fail;
	for (i = 0; i < c->nkeywords; i++)
		if (!lom_text(w, v2004, E("keyword"), lang, c->keywords[i]))
			goto fail;
	W(xmlTextWriterEndElement(w));
	if (c->version != NULL) {
		W(xmlTextWriterStartElement(w, BAD_CAST E(v2004 ?
		    "lifeCycle" : "lifecycle")));
		if (!lom_text(w, v2004, E("version"), lang, c->version))
			goto fail;
		W(xmlTextWriterEndElement(w));
	}
	if (min > 0) {
		if (min >= 60)
			snprintf(dur, sizeof(dur), "PT%dH%dM", min / 60,
			    min % 60);
		else
			snprintf(dur, sizeof(dur), "PT%dM", min);
		W(xmlTextWriterStartElement(w, BAD_CAST E("educational")));
		W(xmlTextWriterStartElement(w, BAD_CAST E(v2004 ?
		    "typicalLearningTime" : "typicallearningtime")));
		W(xmlTextWriterWriteElement(w, BAD_CAST E(v2004 ?
		    "duration" : "datetime"), BAD_CAST dur));
		W(xmlTextWriterEndElement(w));
		W(xmlTextWriterEndElement(w));
	}
	W(xmlTextWriterEndElement(w));	/* lom */
	W(xmlTextWriterEndElement(w));	/* metadata */
#undef E
	return 1;
fail:
	return 0;
}

static int
resource(xmlTextWriterPtr w, const char *id, const char *typeattr,
    const char *href, char *const *files, size_t n)
{
	size_t	 i;

	W(xmlTextWriterStartElement(w, BAD_CAST "resources"));
	W(xmlTextWriterStartElement(w, BAD_CAST "resource"));
	W(xmlTextWriterWriteFormatAttribute(w, BAD_CAST "identifier",
	    "res.%s", id));
	W(xmlTextWriterWriteAttribute(w, BAD_CAST "type",
	    BAD_CAST "webcontent"));
	W(xmlTextWriterWriteAttribute(w, BAD_CAST typeattr, BAD_CAST "sco"));
	W(xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST href));
	for (i = 0; i < n; i++) {
		W(xmlTextWriterStartElement(w, BAD_CAST "file"));
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "href",
		    BAD_CAST files[i]));
		W(xmlTextWriterEndElement(w));
	}
	W(xmlTextWriterEndElement(w));
	W(xmlTextWriterEndElement(w));
	return 1;
fail:
	return 0;
}

/* <imsss:mapInfo> to the global objective "coursec.ID.SLUG". */
static int
map_info(xmlTextWriterPtr w, const char *id, const char *slug, int read)
{
	W(xmlTextWriterStartElement(w, BAD_CAST "imsss:mapInfo"));
	W(xmlTextWriterWriteFormatAttribute(w, BAD_CAST "targetObjectiveID",
	    "coursec.%s.%s", id, slug));
	W(xmlTextWriterWriteAttribute(w, BAD_CAST "readSatisfiedStatus",
	    BAD_CAST (read ? "true" : "false")));
	W(xmlTextWriterWriteAttribute(w, BAD_CAST "writeSatisfiedStatus",
	    BAD_CAST (read ? "false" : "true")));
	W(xmlTextWriterEndElement(w));
	return 1;
fail:
	return 0;
}

/*
 * Writes one <item>: "item.ID[.SLUG]" launching res.ID with params.
 * With prerequisites (per-module SCOs), a module opens once the
 * previous one is done: 1.2 says so with adlcp:prerequisites (the
 * previous module's item identifier, which LMSs such as Moodle
 * evaluate); 2004 shares each module's primary objective (satisfied
 * by measure when graded) as the global objective "coursec.ID.SLUG"
 * and disables the item until the previous one is satisfied.  Without
 * prerequisites no objective is written: some LMS importers store
 * objectives and mapInfo wrongly.
 */
static int
item(xmlTextWriterPtr w, int v2004, const char *id, const char *slug,
    const char *title, const char *params, int graded, int pass,
    const char *prev, int prereq)
{
	W(xmlTextWriterStartElement(w, BAD_CAST "item"));
	if (slug[0])
		W(xmlTextWriterWriteFormatAttribute(w, BAD_CAST "identifier",
		    "item.%s.%s", id, slug));
	else
		W(xmlTextWriterWriteFormatAttribute(w, BAD_CAST "identifier",
		    "item.%s", id));
	W(xmlTextWriterWriteFormatAttribute(w, BAD_CAST "identifierref",
	    "res.%s", id));
	if (params != NULL)
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "parameters",
		    BAD_CAST params));
	W(xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST title));
	if (!v2004) {
		if (prev != NULL && prereq) {
			W(xmlTextWriterStartElement(w,
			    BAD_CAST "adlcp:prerequisites"));
			W(xmlTextWriterWriteAttribute(w, BAD_CAST "type",
			    BAD_CAST "aicc_script"));
			W(xmlTextWriterWriteFormatString(w, "item.%s.%s", id,
			    prev));
			W(xmlTextWriterEndElement(w));
		}
		if (graded)
			W(xmlTextWriterWriteFormatElement(w,
			    BAD_CAST "adlcp:masteryscore", "%d", pass));
		W(xmlTextWriterEndElement(w));
		return 1;
	}
	W(xmlTextWriterStartElement(w, BAD_CAST "imsss:sequencing"));
	if (prev != NULL && prereq) {
		W(xmlTextWriterStartElement(w,
		    BAD_CAST "imsss:sequencingRules"));
		W(xmlTextWriterStartElement(w,
		    BAD_CAST "imsss:preConditionRule"));
		W(xmlTextWriterStartElement(w, BAD_CAST "imsss:ruleConditions"));
		W(xmlTextWriterStartElement(w, BAD_CAST "imsss:ruleCondition"));
		W(xmlTextWriterWriteAttribute(w,
		    BAD_CAST "referencedObjective", BAD_CAST "previous"));
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "operator",
		    BAD_CAST "not"));
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "condition",
		    BAD_CAST "satisfied"));
		W(xmlTextWriterEndElement(w));
		W(xmlTextWriterEndElement(w));
		W(xmlTextWriterStartElement(w, BAD_CAST "imsss:ruleAction"));
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "action",
		    BAD_CAST "disabled"));
		W(xmlTextWriterEndElement(w));
		W(xmlTextWriterEndElement(w));
		W(xmlTextWriterEndElement(w));
	}
	/* Objectives only where prerequisites need them: Moodle stores
	 * every objective with a misspelt column (its database drops the
	 * value), and the runtime reports success against the pass mark
	 * itself, so the primary objective adds nothing elsewhere. */
	if (slug[0] && prereq) {
		W(xmlTextWriterStartElement(w, BAD_CAST "imsss:objectives"));
		W(xmlTextWriterStartElement(w,
		    BAD_CAST "imsss:primaryObjective"));
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "objectiveID",
		    BAD_CAST "primary"));
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "satisfiedByMeasure",
		    BAD_CAST (graded ? "true" : "false")));
		if (graded)
			W(xmlTextWriterWriteFormatElement(w,
			    BAD_CAST "imsss:minNormalizedMeasure", "%d.%02d",
			    pass / 100, pass % 100));
		if (!map_info(w, id, slug, 0))
			goto fail;
		W(xmlTextWriterEndElement(w));
		if (prev != NULL) {
			W(xmlTextWriterStartElement(w,
			    BAD_CAST "imsss:objective"));
			W(xmlTextWriterWriteAttribute(w,
			    BAD_CAST "objectiveID", BAD_CAST "previous"));
			if (!map_info(w, id, prev, 1))
				goto fail;
			W(xmlTextWriterEndElement(w));
		}
		W(xmlTextWriterEndElement(w));
	}
	W(xmlTextWriterStartElement(w, BAD_CAST "imsss:deliveryControls"));
	W(xmlTextWriterWriteAttribute(w, BAD_CAST "completionSetByContent",
	    BAD_CAST "true"));
	W(xmlTextWriterWriteAttribute(w, BAD_CAST "objectiveSetByContent",
	    BAD_CAST "true"));
	W(xmlTextWriterEndElement(w));
	W(xmlTextWriterEndElement(w));
	W(xmlTextWriterEndElement(w));	/* item */
	return 1;
fail:
	return 0;
}

char *
manifest_xml(const struct course *c, int v2004, char *const *files,
    size_t n, size_t *lenp)
{
	xmlBufferPtr	 xb;
	xmlTextWriterPtr w = NULL;
	char		*id, *ver = NULL;
	int		 graded = course_graded(c), pass;
	size_t		 i;

	id = ncname(c->id);
	if (c->version != NULL)
		ver = ncname(c->version);
	pass = course_pass_mark(c);
	if ((xb = xmlBufferCreate()) == NULL ||
	    (w = xmlNewTextWriterMemory(xb, 0)) == NULL)
		goto fail;
	W(xmlTextWriterSetIndent(w, 1));
	W(xmlTextWriterSetIndentString(w, BAD_CAST "  "));
	W(xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL));
	W(xmlTextWriterStartElement(w, BAD_CAST "manifest"));
	/* Stable across rebuilds: an LMS matches re-uploads by these. */
	if (ver != NULL)
		W(xmlTextWriterWriteFormatAttribute(w, BAD_CAST "identifier",
		    "coursec.%s.v%s", id, ver));
	else
		W(xmlTextWriterWriteFormatAttribute(w, BAD_CAST "identifier",
		    "coursec.%s", id));
	W(xmlTextWriterWriteAttribute(w, BAD_CAST "version",
	    BAD_CAST (c->version ? c->version : "1")));
	if (!v2004) {
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns",
		    BAD_CAST NS_CP12));
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:adlcp",
		    BAD_CAST NS_ADLCP12));
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:imsmd",
		    BAD_CAST NS_IMSMD));
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:xsi",
		    BAD_CAST NS_XSI));
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "xsi:schemaLocation",
		    BAD_CAST NS_CP12 " imscp_rootv1p1p2.xsd "
		    NS_ADLCP12 " adlcp_rootv1p2.xsd "
		    NS_IMSMD " imsmd_rootv1p2p1.xsd"));
		if (!metadata(w, c, 0))
			goto fail;
	} else {
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns",
		    BAD_CAST NS_CP));
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:adlcp",
		    BAD_CAST NS_ADLCP));
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:adlseq",
		    BAD_CAST NS_ADLSEQ));
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:adlnav",
		    BAD_CAST NS_ADLNAV));
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:imsss",
		    BAD_CAST NS_IMSSS));
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:xsi",
		    BAD_CAST NS_XSI));
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "xsi:schemaLocation",
		    BAD_CAST NS_CP " imscp_v1p1.xsd " NS_ADLCP
		    " adlcp_v1p3.xsd " NS_ADLSEQ " adlseq_v1p3.xsd "
		    NS_ADLNAV " adlnav_v1p3.xsd " NS_IMSSS
		    " imsss_v1p0.xsd " NS_LOM " lom.xsd"));
		if (!metadata(w, c, 1))
			goto fail;
	}

	W(xmlTextWriterStartElement(w, BAD_CAST "organizations"));
	W(xmlTextWriterWriteFormatAttribute(w, BAD_CAST "default", "org.%s",
	    id));
	W(xmlTextWriterStartElement(w, BAD_CAST "organization"));
	W(xmlTextWriterWriteFormatAttribute(w, BAD_CAST "identifier",
	    "org.%s", id));
	if (v2004 && course_per_module(c, 1) && c->prerequisites)
		W(xmlTextWriterWriteAttribute(w,
		    BAD_CAST "adlseq:objectivesGlobalToSystem",
		    BAD_CAST "false"));
	W(xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST c->title));
	if (!course_per_module(c, v2004)) {
		if (!item(w, v2004, id, "", c->title, NULL, graded, pass,
		    NULL, 0))
			goto fail;
	} else {
		const char	*prev = NULL;
		size_t		 k = 0, m;

		/* One SCO per module, all launching the one resource with
		 * ?m=K; prerequisites chain them through global objectives. */
		for (m = 0; m < c->nmodules; m++) {
			const struct module *mod = c->modules[m];
			const struct quiz *gq = module_graded(mod);
			char	 params[32];

			if (mod->nlessons == 0)
				continue;
			snprintf(params, sizeof(params), "?m=%zu", k++);
			/* Root lessons: named after their first lesson. */
			if (!item(w, v2004, id, mod->slug[0] ? mod->slug :
			    "start", mod->title[0] ? mod->title :
			    mod->lessons[0]->title,
			    params, gq != NULL, gq ? gq->pass : pass, prev,
			    c->prerequisites))
				goto fail;
			prev = mod->slug[0] ? mod->slug : "start";
		}
	}
	if (v2004) {
		W(xmlTextWriterStartElement(w, BAD_CAST "imsss:sequencing"));
		W(xmlTextWriterStartElement(w, BAD_CAST "imsss:controlMode"));
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "choice",
		    BAD_CAST "true"));
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "flow",
		    BAD_CAST "true"));
		W(xmlTextWriterEndElement(w));
		W(xmlTextWriterEndElement(w));
	}
	W(xmlTextWriterEndElement(w));	/* organization */
	W(xmlTextWriterEndElement(w));	/* organizations */
	/* The launch page keeps the LMS session across lesson pages. */
	for (i = 0; i < n && strcmp(files[i], "scorm.html") != 0; i++)
		;
	if (!resource(w, id, v2004 ? "adlcp:scormType" : "adlcp:scormtype",
	    i < n ? "scorm.html" : "index.html", files, n))
		goto fail;
	W(xmlTextWriterEndElement(w));	/* manifest */
	W(xmlTextWriterEndDocument(w));
	xmlFreeTextWriter(w);
	w = NULL;
	*lenp = (size_t)xmlBufferLength(xb);
	{
		char	*out = xstrndup((const char *)xmlBufferContent(xb),
		    *lenp);

		xmlBufferFree(xb);
		free(id);
		free(ver);
		return out;
	}
fail:
	msg_sys("cannot write the manifest of %s (libxml2 failed)", c->id);
	if (w != NULL)
		xmlFreeTextWriter(w);
	if (xb != NULL)
		xmlBufferFree(xb);
	free(id);
	free(ver);
	return NULL;
}
