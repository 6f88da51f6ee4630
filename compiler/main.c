/*
 * main.c: the command line.  Parses options, finds the courses and
 * hands them to build.c; the exit status is the worst level seen.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"
#include "courseware.h"
#include "extern.h"
#include "msg.h"

static void
usage(FILE *f)
{
	fputs("usage: coursec build [-qW] [-j N] [-o OUTDIR] [-f FORMATS] "
	    "[--theme DIR] [COURSE_DIR ...]\n"
	    "       coursec check [-qW] [--theme DIR] [COURSE_DIR ...]\n"
	    "       coursec --help | --version\n"
	    "\n"
	    "Compiles course folders (course.yml + Markdown lessons) into\n"
	    "static HTML courses.  With no COURSE_DIR, every folder of\n"
	    "./courses that holds a course.yml is used.\n"
	    "\n"
	    "  -o, --output DIR   write courses into DIR (default ./output)\n"
	    "  -f, --format LIST  comma-separated output formats: html,\n"
	    "                     scorm12, scorm2004 (default: all three)\n"
	    "      --theme DIR    use the theme in DIR for every course\n"
	    "  -j, --jobs N       threads (default 2); the output is the\n"
	    "                     same for any N\n"
	    "  -q, --quiet        no summary lines, no warnings\n"
	    "  -W, --warnings     exit with status 1 on warnings\n"
	    "  -h, --help         show this help\n"
	    "  -V, --version      show the version\n"
	    "\n"
	    "Exit status: 0 ok, 1 warnings (with -W), 2 course errors,\n"
	    "3 bad usage, 4 system error.  See coursec(1).\n", f);
}

static int
exit_status(int werror)
{
	switch (msg_worst()) {
	case MSGL_OK:
		return 0;
	case MSGL_WARNING:
		return werror ? 1 : 0;
	case MSGL_ERROR:
		return 2;
	case MSGL_USAGE:
		return 3;
	default:
		return 4;
	}
}

static int
has_course_yml(const char *dir)
{
	struct stat	 st;
	char		*p;
	int		 ok;

	p = path_join(dir, "course.yml");
	ok = stat(p, &st) == 0 && S_ISREG(st.st_mode);
	free(p);
	return ok;
}

/* Every ./courses/X with a course.yml, sorted; returns the count. */
static size_t
find_courses(char ***out)
{
	struct dirent	**ents;
	char		**v = NULL, *p;
	int		 n, i;
	size_t		 cnt = 0;

	if ((n = scandir("courses", &ents, NULL, alphasort)) == -1) {
		msg_usage("no course folders given and no ./courses folder");
		*out = NULL;
		return 0;
	}
	for (i = 0; i < n; i++) {
		p = path_join("courses", ents[i]->d_name);
		if (ents[i]->d_name[0] != '.' && has_course_yml(p)) {
			v = xreallocarray(v, cnt + 1, sizeof(*v));
			v[cnt++] = p;
		} else
			free(p);
		free(ents[i]);
	}
	free(ents);
	*out = v;
	return cnt;
}

/* Reads -f into o.  1 ok, 0 bad (reported). */
static int
parse_formats(const char *list, struct build_opts *o)
{
	char	*copy, *tok, *save;
	int	 ok = 1;

	o->html = o->scorm12 = o->scorm2004 = 0;
	copy = xstrdup(list);
	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save))
		if (strcmp(tok, "html") == 0)
			o->html = 1;
		else if (strcmp(tok, "scorm12") == 0)
			o->scorm12 = 1;
		else if (strcmp(tok, "scorm2004") == 0)
			o->scorm2004 = 1;
		else {
			msg_usage("unknown output format '%s' (known: html, "
			    "scorm12, scorm2004)", tok);
			ok = 0;
		}
	free(copy);
	if (ok && !o->html && !o->scorm12 && !o->scorm2004) {
		msg_usage("-f needs at least one format");
		ok = 0;
	}
	return ok;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "theme", required_argument, NULL, 't' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "warnings", no_argument, NULL, 'W' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct build_opts	 o;
	char			**dirs = NULL;
	const char		*cmd;
	char			*end;
	size_t			 n, i;
	int			 ch, werror = 0;

	/* UTF-8 character classes for heading anchors, whatever LANG is:
	 * the output must not depend on the caller's locale. */
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "");
	memset(&o, 0, sizeof(o));
	o.outdir = "output";
	o.html = o.scorm12 = o.scorm2004 = 1;
	/* Two threads by default: the output is the same for any -j. */
	o.jobs = 2;
	/* Zip entry times are stored as local time: make that UTC so the
	 * packages do not depend on the machine's time zone. */
	setenv("TZ", "UTC", 1);
	tzset();

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		usage(stdout);
		return 0;
	}
	if (argc > 1 && (strcmp(argv[1], "--version") == 0 ||
	    strcmp(argv[1], "-V") == 0)) {
		puts("coursec " COURSEC_VERSION);
		return 0;
	}
	if (argc < 2) {
		usage(stderr);
		return 3;
	}
	cmd = argv[1];
	if (strcmp(cmd, "build") == 0)
		o.dryrun = 0;
	else if (strcmp(cmd, "check") == 0)
		o.dryrun = 1;
	else {
		msg_usage("unknown command '%s' (use build or check)", cmd);
		return exit_status(0);
	}
	argc--;
	argv++;
	while ((ch = getopt_long(argc, argv, "o:f:j:qWhV", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'o':
			o.outdir = optarg;
			break;
		case 'f':
			if (!parse_formats(optarg, &o))
				return exit_status(0);
			break;
		case 't':
			o.theme = optarg;
			break;
		case 'j':
			o.jobs = (int)strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || o.jobs < 1 ||
			    o.jobs > 64) {
				msg_usage("-j needs a number of threads from "
				    "1 to 64");
				return exit_status(0);
			}
			break;
		case 'q':
			o.quiet = 1;
			msg_set_quiet(1);
			break;
		case 'W':
			werror = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			puts("coursec " COURSEC_VERSION);
			return 0;
		default:
			msg_usage("bad option");
			return exit_status(0);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 0) {
		n = (size_t)argc;
		dirs = xcalloc(n, sizeof(*dirs));
		for (i = 0; i < n; i++)
			dirs[i] = xstrdup(argv[i]);
	} else if ((n = find_courses(&dirs)) == 0) {
		if (msg_worst() < MSGL_USAGE)
			msg_usage("no course (a folder with course.yml) in "
			    "./courses");
		return exit_status(werror);
	}
	/* Failures are reported and reflected in msg_worst(). */
	build_courses(dirs, n, &o);
	for (i = 0; i < n; i++)
		free(dirs[i]);
	free(dirs);
	markdown_cleanup();
	return exit_status(werror);
}
