/*
 * serve.c: "coursec serve", the authoring loop.  Builds the course (HTML
 * only) into a private temporary folder, serves it over HTTP with
 * libmicrohttpd, watches the course folder and its theme's folders (each
 * layer a theme extends included) with inotify and rebuilds on every
 * change.  Each HTML response gets a small script that polls
 * /__coursec/state and reloads the page once a new build is done; while
 * the course does not build, every page is the list of diagnostics.
 * The script exists only in served responses: the built files are never
 * touched, and a build is the same "coursec build" run as a child
 * process, so a crash or a leak in a build cannot take the server down.
 */
#define _GNU_SOURCE	/* mkdtemp(3), pipe2(2) */
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "util.h"
#include "courseware.h"
#include "escape.h"
#include "extern.h"
#include "msg.h"

extern char **environ;

/* What the HTTP thread serves; written by the build loop. */
struct state {
	pthread_mutex_t	 lock;		/* guards everything below */
	unsigned long	 gen;		/* number of builds finished */
	int		 failed;	/* the last build had errors */
	char		*report;	/* its diagnostics, plain text */
	char		*root;		/* folder of the built course */
	char		*tmp;		/* the private output folder */
};

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* The reload script, with the generation the page was built from. */
static void
put_script(struct buf *b, unsigned long gen)
{
	buf_printf(b, "<script>/* coursec serve: reload after a rebuild */"
	    "(function(){var g=%lu;function poll(){fetch('/__coursec/state',"
	    "{cache:'no-store'}).then(function(r){return r.json();})"
	    ".then(function(s){if(s.gen!==g)location.reload();"
	    "else setTimeout(poll,250);})"
	    ".catch(function(){setTimeout(poll,1000);});}"
	    "setTimeout(poll,250);})();</script>", gen);
}

/* Drops terminal colour sequences (ESC [ ... letter) from text. */
static char *
plain_text(const char *s)
{
	struct buf	 b = { NULL, 0, 0 };

	while (*s != '\0') {
		if (s[0] == '\033' && s[1] == '[') {
			for (s += 2; *s != '\0' && !(*s >= '@' && *s <= '~');
			    s++)
				continue;
			if (*s != '\0')
				s++;
			continue;
		}
		buf_putc(&b, *s++);
	}
	return buf_detach(&b);
}

static const char *
mime_type(const char *path)
{
	static const char *const types[][2] = {
		{ ".html", "text/html; charset=utf-8" },
		{ ".css", "text/css; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".json", "application/json" },
		{ ".svg", "image/svg+xml" },
		{ ".png", "image/png" },
		{ ".jpg", "image/jpeg" },
		{ ".jpeg", "image/jpeg" },
		{ ".gif", "image/gif" },
		{ ".webp", "image/webp" },
		{ ".ico", "image/x-icon" },
		{ ".woff2", "font/woff2" },
		{ ".woff", "font/woff" },
		{ ".pdf", "application/pdf" },
		{ ".mp3", "audio/mpeg" },
		{ ".mp4", "video/mp4" },
		{ ".webm", "video/webm" },
		{ ".vtt", "text/vtt; charset=utf-8" },
		{ ".txt", "text/plain; charset=utf-8" },
		{ ".xml", "application/xml" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (path_has_suffix(path, types[i][0]))
			return types[i][1];
	return "application/octet-stream";
}

static enum MHD_Result
respond(struct MHD_Connection *conn, unsigned int status, const char *type,
    char *body, size_t len)
{
	struct MHD_Response	*r;
	enum MHD_Result		 rc;

	r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (r == NULL) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", type);
	/* Every answer may change with the next save. */
	MHD_add_response_header(r, "Cache-Control", "no-store");
	rc = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return rc;
}

/* A small page of ours (the build report, not found), with the script. */
static enum MHD_Result
own_page(struct MHD_Connection *conn, unsigned int status,
    const char *title, const char *intro, const char *pre, unsigned long gen)
{
	struct buf	 b = { NULL, 0, 0 };

	buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
	    "<meta charset=\"utf-8\"><meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\"><title>");
	esc_html(&b, title, strlen(title));
	buf_puts(&b, " - coursec serve</title><style>body{font:16px/1.5 "
	    "system-ui,sans-serif;margin:2rem auto;max-width:60rem;"
	    "padding:0 1rem}pre{background:#fdf2f2;border-left:4px solid "
	    "#b91c1c;padding:1rem;overflow:auto;font:14px/1.45 monospace;"
	    "white-space:pre-wrap}</style></head><body><main><h1>");
	esc_html(&b, title, strlen(title));
	buf_puts(&b, "</h1><p>");
	esc_html(&b, intro, strlen(intro));
	buf_puts(&b, "</p>");
	if (pre != NULL) {
		buf_puts(&b, "<pre id=\"coursec-report\">");
		esc_html(&b, pre, strlen(pre));
		buf_puts(&b, "</pre>");
	}
	buf_puts(&b, "</main>");
	put_script(&b, gen);
	buf_puts(&b, "</body></html>\n");
	return respond(conn, status, "text/html; charset=utf-8",
	    b.data, b.len);
}

/* Serves a file of the built course; HTML gets the reload script. */
static enum MHD_Result
serve_file(struct MHD_Connection *conn, const char *root, const char *url,
    unsigned long gen)
{
	struct buf	 b = { NULL, 0, 0 };
	struct stat	 st;
	char		*rel, *path, *data, *body;
	size_t		 len;

	/* MHD has decoded the path; refuse any climb out of the root. */
	if (strstr(url, "/..") != NULL || strchr(url, '\\') != NULL)
		return own_page(conn, MHD_HTTP_NOT_FOUND, "Not found",
		    "No such page in this course.", NULL, gen);
	rel = xasprintf("%s%s", url + 1, url[strlen(url) - 1] == '/' ?
	    "index.html" : "");
	path = path_join(root, rel);
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		free(path);
		path = xasprintf("%s/%s/index.html", root, rel);
	}
	free(rel);
	if ((data = file_read(path, &len)) == NULL) {
		free(path);
		return own_page(conn, MHD_HTTP_NOT_FOUND, "Not found",
		    "No such page in this course.", NULL, gen);
	}
	if (!path_has_suffix(path, ".html")) {
		free(path);
		return respond(conn, MHD_HTTP_OK, mime_type(url), data, len);
	}
	free(path);
	/* Before the last </body>, or at the end. */
	if ((body = strstr(data, "</body>")) != NULL)
		while (strstr(body + 1, "</body>") != NULL)
			body = strstr(body + 1, "</body>");
	else
		body = data + len;
	buf_putn(&b, data, (size_t)(body - data));
	put_script(&b, gen);
	buf_puts(&b, body);
	free(data);
	return respond(conn, MHD_HTTP_OK, "text/html; charset=utf-8",
	    b.data, b.len);
}

static enum MHD_Result
on_request(void *arg, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upsize, void **ctx)
{
	struct state	*st = arg;
	enum MHD_Result	 rc;
	unsigned long	 gen;
	int		 failed;
	char		*report = NULL, *root = NULL, *body;

	(void)version;
	(void)upload;
	(void)upsize;
	(void)ctx;
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return own_page(conn, MHD_HTTP_METHOD_NOT_ALLOWED,
		    "Not allowed", "This server only shows the course.",
		    NULL, 0);
	pthread_mutex_lock(&st->lock);
	gen = st->gen;
	failed = st->failed;
	if (st->report != NULL)
		report = xstrdup(st->report);
	if (st->root != NULL)
		root = xstrdup(st->root);
	pthread_mutex_unlock(&st->lock);

	if (strcmp(url, "/__coursec/state") == 0) {
		body = xasprintf("{\"gen\":%lu,\"failed\":%s}\n", gen,
		    failed ? "true" : "false");
		rc = respond(conn, MHD_HTTP_OK, "application/json", body,
		    strlen(body));
		goto out;
	}
	if (failed || root == NULL)
		rc = own_page(conn, MHD_HTTP_OK, "The course did not build",
		    "Fix what is listed below and save: this page reloads "
		    "by itself.", report != NULL ? report : "", gen);
	else
		rc = serve_file(conn, root, url, gen);
out:
	free(report);
	free(root);
	return rc;
}

/*
 * Runs "coursec build -f html" on the course into the private folder
 * and records the result.  The child's output goes to the terminal as
 * it is (in colour there) and, plain, to the browser.
 */
static void
rebuild(struct state *st, const char *self, const char *dir,
    const char *theme)
{
	posix_spawn_file_actions_t fa;
	struct buf	 out = { NULL, 0, 0 };
	const char	*argv[12];
	char		 chunk[4096], *nc, *root = NULL;
	struct dirent	*de;
	DIR		*d;
	pid_t		 pid;
	ssize_t		 n;
	int		 fds[2], status = -1, i = 0, color;

	nc = getenv("NO_COLOR");
	color = isatty(STDERR_FILENO) && (nc == NULL || nc[0] == '\0');
	argv[i++] = self;
	argv[i++] = "build";
	argv[i++] = "-f";
	argv[i++] = "html";
	argv[i++] = "-o";
	argv[i++] = st->tmp;
	argv[i++] = color ? "--color=always" : "--color=never";
	if (theme != NULL) {
		argv[i++] = "--theme";
		argv[i++] = theme;
	}
	argv[i++] = "--";
	argv[i++] = dir;
	argv[i] = NULL;

	/* One course in the folder: nothing stale to serve by mistake. */
	path_rmtree(st->tmp);
	mkdir(st->tmp, 0700);
	if (pipe2(fds, O_CLOEXEC) == -1) {
		msg_sys("pipe: %s", strerror(errno));
		return;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, fds[1], STDERR_FILENO);
	if ((errno = posix_spawn(&pid, self, &fa, NULL, (char **)argv,
	    environ)) != 0) {
		msg_sys("cannot run %s: %s", self, strerror(errno));
		pid = -1;
	}
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	while ((n = read(fds[0], chunk, sizeof(chunk))) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			break;
		buf_putn(&out, chunk, (size_t)n);
		fwrite(chunk, 1, (size_t)n, stderr);
	}
	close(fds[0]);
	while (pid != -1 && waitpid(pid, &status, 0) == -1 && errno == EINTR)
		continue;

	/* The course is the one folder the build wrote. */
	if ((d = opendir(st->tmp)) != NULL) {
		while (root == NULL && (de = readdir(d)) != NULL)
			if (de->d_name[0] != '.')
				root = path_join(st->tmp, de->d_name);
		closedir(d);
	}
	pthread_mutex_lock(&st->lock);
	free(st->report);
	st->report = plain_text(out.data != NULL ? out.data : "");
	st->failed = !(WIFEXITED(status) && WEXITSTATUS(status) <= 1) ||
	    root == NULL;
	free(st->root);
	st->root = root;
	st->gen++;
	pthread_mutex_unlock(&st->lock);
	buf_free(&out);
}

/* Watches dir and every folder below it (hidden ones aside). */
static void
watch_tree(int fd, const char *dir)
{
	struct dirent	*de;
	DIR		*d;
	char		*sub;
	struct stat	 sb;

	if (inotify_add_watch(fd, dir, IN_CLOSE_WRITE | IN_CREATE |
	    IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB |
	    IN_DONT_FOLLOW) == -1)
		return;
	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		sub = path_join(dir, de->d_name);
		if (lstat(sub, &sb) == 0 && S_ISDIR(sb.st_mode))
			watch_tree(fd, sub);
		free(sub);
	}
	closedir(d);
}

/* The folders watched, each with everything below it. */
struct roots {
	char		**v;
	size_t		  n;
};

static void
watch_root(int fd, struct roots *r, const char *dir)
{
	size_t	 i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->v[i], dir) == 0)
			return;
	r->v = xgrow(r->v, r->n, sizeof(*r->v));
	r->v[r->n++] = xstrdup(dir);
	watch_tree(fd, dir);
}

/*
 * Watches the folders the last build's hash covered: the build lists
 * them in .coursec/ID.inputs (cache.c), the course folder and every
 * layer of its theme, so a change to a theme it extends, or to the
 * installed default theme, rebuilds too.  A build that failed wrote no
 * list; the folders seen before stay watched.
 */
static void
watch_inputs(int fd, struct roots *r, const char *tmp)
{
	struct dirent	*de;
	DIR		*d;
	char		*meta, *p, *text, *line, *next;

	meta = path_join(tmp, ".coursec");
	if ((d = opendir(meta)) == NULL) {
		free(meta);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (!path_has_suffix(de->d_name, ".inputs"))
			continue;
		p = path_join(meta, de->d_name);
		if ((text = file_read(p, NULL)) != NULL) {
			for (line = text; *line != '\0'; line = next) {
				if ((next = strchr(line, '\n')) == NULL)
					next = line + strlen(line);
				else
					*next++ = '\0';
				if (line[0] == '/')
					watch_root(fd, r, line);
			}
			free(text);
		}
		free(p);
	}
	closedir(d);
	free(meta);
}

/*
 * Waits for changes: returns 1 once a change has settled (no event for
 * 150 ms, so an editor's save in several steps is one rebuild), 0 when
 * asked to stop.  New folders are watched too; changes to hidden files
 * (editor swap files) are ignored.
 */
static int
wait_change(int fd, const struct roots *r)
{
	char		 evbuf[8192]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	struct pollfd	 pfd = { fd, POLLIN, 0 };
	ssize_t		 n, off;
	size_t		 i;
	int		 seen = 0, rc;

	while (!stop) {
		rc = poll(&pfd, 1, seen ? 150 : 500);
		if (rc == -1 && errno != EINTR)
			return 0;
		if (rc <= 0) {
			if (seen)
				return 1;
			continue;
		}
		if ((n = read(fd, evbuf, sizeof(evbuf))) <= 0)
			continue;
		for (off = 0; off < n; off += (ssize_t)sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)(evbuf + off);
			if (ev->len > 0 && ev->name[0] == '.')
				continue;
			/* A new folder: watch it (the loose way: every
			 * folder again; adding a watch twice is harmless). */
			if ((ev->mask & IN_ISDIR) &&
			    (ev->mask & (IN_CREATE | IN_MOVED_TO)))
				for (i = 0; i < r->n; i++)
					watch_tree(fd, r->v[i]);
			seen = 1;
		}
	}
	return 0;
}

int
serve_course(const char *dir, const struct serve_opts *o)
{
	struct state		 st;
	struct roots		 roots = { NULL, 0 };
	struct MHD_Daemon	*d = NULL;
	const union MHD_DaemonInfo *info;
	struct sockaddr_in	 sa4;
	struct sockaddr_in6	 sa6;
	struct sockaddr		*sa;
	struct sigaction	 act;
	struct stat		 sb;
	char			*self = NULL, tmpl[] = "/tmp/coursec-serve-XXXXXX",
				*yml;
	unsigned int		 flags;
	int			 fd = -1, rc = 0, port;

	memset(&st, 0, sizeof(st));
	pthread_mutex_init(&st.lock, NULL);
	if (dir == NULL)
		dir = ".";
	yml = path_join(dir, "course.yml");
	if (stat(yml, &sb) == -1) {
		msg_usage("%s: no course.yml there (give a course folder, or "
		    "start one with coursec new DIR)", dir);
		free(yml);
		return 0;
	}
	free(yml);
	memset(&sa4, 0, sizeof(sa4));
	memset(&sa6, 0, sizeof(sa6));
	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION;
	if (inet_pton(AF_INET, o->addr, &sa4.sin_addr) == 1) {
		sa4.sin_family = AF_INET;
		sa4.sin_port = htons(o->port);
		sa = (struct sockaddr *)&sa4;
	} else if (inet_pton(AF_INET6, o->addr, &sa6.sin6_addr) == 1) {
		sa6.sin6_family = AF_INET6;
		sa6.sin6_port = htons(o->port);
		sa = (struct sockaddr *)&sa6;
		flags |= MHD_USE_IPv6;
	} else {
		msg_usage("-b %s: give a numeric address such as 127.0.0.1 "
		    "or ::1", o->addr);
		return 0;
	}
	if ((self = realpath("/proc/self/exe", NULL)) == NULL) {
		msg_sys("cannot find this program: %s", strerror(errno));
		goto out;
	}
	if ((st.tmp = mkdtemp(tmpl)) == NULL) {
		msg_sys("cannot make a folder in /tmp: %s", strerror(errno));
		goto out;
	}
	memset(&act, 0, sizeof(act));
	act.sa_handler = on_signal;
	sigaction(SIGINT, &act, NULL);
	sigaction(SIGTERM, &act, NULL);
	signal(SIGPIPE, SIG_IGN);

	if ((fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK)) == -1) {
		msg_sys("inotify: %s", strerror(errno));
		goto out;
	}
	watch_root(fd, &roots, dir);
	if (o->theme != NULL)
		watch_root(fd, &roots, o->theme);

	rebuild(&st, self, dir, o->theme);
	watch_inputs(fd, &roots, st.tmp);
	d = MHD_start_daemon(flags, o->port, NULL, NULL, on_request, &st,
	    MHD_OPTION_SOCK_ADDR, sa, MHD_OPTION_END);
	if (d == NULL) {
		msg_sys("cannot listen on %s port %u (in use? choose another "
		    "with -p)", o->addr, o->port);
		goto out;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	port = info != NULL ? info->port : o->port;
	printf("coursec serve: http://%s%s%s:%d/ shows %s; it rebuilds on "
	    "every save (Ctrl-C stops)\n", sa == (struct sockaddr *)&sa6 ?
	    "[" : "", o->addr, sa == (struct sockaddr *)&sa6 ? "]" : "",
	    port, dir);
	fflush(stdout);
	while (wait_change(fd, &roots)) {
		fprintf(stderr, "coursec serve: change seen, rebuilding\n");
		rebuild(&st, self, dir, o->theme);
		watch_inputs(fd, &roots, st.tmp);
	}
	rc = 1;
out:
	if (d != NULL)
		MHD_stop_daemon(d);
	if (fd != -1)
		close(fd);
	if (st.tmp != NULL)
		path_rmtree(st.tmp);
	free(st.report);
	free(st.root);
	free(self);
	while (roots.n > 0)
		free(roots.v[--roots.n]);
	free(roots.v);
	pthread_mutex_destroy(&st.lock);
	return rc;
}
