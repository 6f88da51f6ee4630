/*
 * main.c: the command line.  Parses options, finds the courses and
 * hands them to build.c; the exit status is the worst level seen.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <getopt.h>
#include <locale.h>
#include <malloc.h>
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
	    "       coursec new DIR\n"
	    "       coursec serve [-p PORT] [-b ADDRESS] [--theme DIR] "
	    "[COURSE_DIR]\n"
	    "       coursec --help | --version\n"
	    "\n"
	    "Compiles course folders (course.yml + Markdown lessons) into\n"
	    "static HTML courses and SCORM packages.  With no COURSE_DIR,\n"
	    "every folder of ./courses that holds a course.yml is used.\n"
	    "'new' writes a small example course to start from; 'serve'\n"
	    "shows a course in the browser and rebuilds it on every save.\n"
	    "\n"
	    "  -o, --output DIR   write courses into DIR (default ./output)\n"
	    "  -f, --format LIST  comma-separated output formats: html,\n"
	    "                     scorm12, scorm2004 (default: all three)\n"
	    "      --theme DIR    use the theme in DIR for every course\n"
	    "  -j, --jobs N       threads (default 2); the output is the\n"
	    "                     same for any N\n"
	    "  -q, --quiet        no summary lines, no warnings\n"
	    "  -W, --warnings     exit with status 1 on warnings\n"
	    "      --color WHEN   colour diagnostics: auto (on a terminal,\n"
	    "                     unless NO_COLOR is set), always, never\n"
	    "  -p, --port PORT    serve: TCP port (default 8000)\n"
	    "  -b, --bind ADDR    serve: address to listen on (default\n"
	    "                     127.0.0.1, this machine only)\n"
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
		{ "color", required_argument, NULL, 'c' },
		{ "colour", required_argument, NULL, 'c' },
		{ "port", required_argument, NULL, 'p' },
		{ "bind", required_argument, NULL, 'b' },
		{ "warnings", no_argument, NULL, 'W' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct build_opts	 o;
	struct serve_opts	 so;
	char			**dirs = NULL, *end;
	const char		*cmd;
	size_t			 n, i;
	int			 ch, werror = 0, serve = 0, isnew = 0;
	long			 port;

	/*
	 * Freed memory stays with the process for the next course.  By
	 * default glibc hands the top of the heap back to the system once
	 * 128 KiB of it is free, and maps blocks over that size afresh
	 * each time: every course's buffers (pages, deflated entries, the
	 * zips built in memory) then came back as page faults, 35,000 for
	 * the 200 courses of the bench corpus and a third of the system
	 * time.  Peak memory is the same; it is only kept.
	 */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	/* UTF-8 character classes for heading anchors, whatever LANG is:
	 * the output must not depend on the caller's locale. */
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "");
	memset(&o, 0, sizeof(o));
	memset(&so, 0, sizeof(so));
	so.addr = "127.0.0.1";
	so.port = 8000;
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
	else if (strcmp(cmd, "serve") == 0)
		serve = 1;
	else if (strcmp(cmd, "new") == 0)
		isnew = 1;
	else {
		msg_usage("unknown command '%s' (use build, check, new or "
		    "serve)", cmd);
		return exit_status(0);
	}
	argc--;
	argv++;
	while ((ch = getopt_long(argc, argv, "o:f:j:qWhVp:b:", longopts,
	    NULL)) != -1) {
		if ((ch == 'p' || ch == 'b') && !serve) {
			msg_usage("-%c is an option of coursec serve", ch);
			return exit_status(0);
		}
		switch (ch) {
		case 'c':
			if (strcmp(optarg, "always") == 0)
				msg_set_color(1);
			else if (strcmp(optarg, "never") == 0)
				msg_set_color(0);
			else if (strcmp(optarg, "auto") == 0)
				msg_set_color(-1);
			else {
				msg_usage("--color takes auto, always or "
				    "never");
				return exit_status(0);
			}
			break;
		case 'p':
			port = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || port < 0 ||
			    port > 65535) {
				msg_usage("-p needs a port number, 1 to "
				    "65535 (0: any free port)");
				return exit_status(0);
			}
			so.port = (unsigned short)port;
			break;
		case 'b':
			so.addr = optarg;
			break;
		case 'o':
			o.outdir = optarg;
			break;
		case 'f':
			if (!parse_formats(optarg, &o))
				return exit_status(0);
			break;
		case 't':
			o.theme = so.theme = optarg;
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
	if (isnew) {
		if (argc != 1) {
			msg_usage("coursec new takes one folder name");
			return exit_status(0);
		}
		new_course(argv[0]);
		return exit_status(werror);
	}
	if (serve) {
		if (argc > 1) {
			msg_usage("coursec serve shows one course at a time");
			return exit_status(0);
		}
		serve_course(argc == 1 ? argv[0] : NULL, &so);
		return exit_status(werror);
	}
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
