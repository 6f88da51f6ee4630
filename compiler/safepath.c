/*
 * safepath.c: the safety model (coursec(1), SAFETY).  The one place
 * that decides whether a path may be read, a name published, or text
 * taken as it is.  Paths are resolved with realpath(3) and compared
 * with the root's real path, so "..", absolute symbolic links and
 * links to links are all judged by where they finally lead; files are
 * then opened with O_NOFOLLOW on that resolved path and O_NONBLOCK, and
 * checked again with fstat(2), so that a FIFO swapped in after the
 * check still cannot block the build.  Like the root, each folder is
 * resolved once per root (sp_check): the path of a file that is not
 * itself a link is its folder's real path and its name.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "msg.h"
#include "safepath.h"

/* Numbers the roots, so a folder resolved for one is never taken for
 * another's (or for the same folder in a later build of coursec serve). */
static atomic_uint	 root_serial;

int
sp_root(struct sproot *r, const char *dir, const char *what)
{
	struct stat	 st;

	r->what = what;
	r->serial = atomic_fetch_add(&root_serial, 1) + 1;
	if ((r->real = realpath(dir, NULL)) == NULL)
		return 0;
	if (stat(r->real, &st) == -1 || !S_ISDIR(st.st_mode)) {
		free(r->real);
		r->real = NULL;
		errno = ENOTDIR;
		return 0;
	}
	return 1;
}

void
sp_root_free(struct sproot *r)
{
	free(r->real);
	r->real = NULL;
}

int
sp_inside(const struct sproot *r, const char *real)
{
	size_t	 n;

	if (r->real == NULL)
		return 0;
	n = strlen(r->real);
	/* The root "/" holds everything. */
	if (n == 1)
		return real[0] == '/';
	return strncmp(real, r->real, n) == 0 &&
	    (real[n] == '/' || real[n] == '\0');
}

/*
 * The folder this thread resolved last, for the root numbered serial.
 * A course's files sit in a handful of folders, and realpath(3) costs a
 * readlink(2) per component (and a getcwd(2) for a relative path): one
 * resolution per folder takes most of the system time out of checking
 * a build's thousands of files.  The key is the folder's name as given:
 * coursec never changes its working folder.
 */
static _Thread_local struct {
	unsigned	 serial;
	char		 dir[PATH_MAX];
	char		 real[PATH_MAX];
} last;

/*
 * The real path of path when path is not itself a link: its folder's
 * real path (resolved once, above) and its name.  NULL where only
 * realpath(3) can tell (a name of "." or "..", a folder that does not
 * resolve, a path too long).
 */
static char *
real_of_file(const struct sproot *r, const char *path)
{
	const char	*slash, *base;
	char		*real;
	size_t		 dn, rn, bn;

	if ((slash = strrchr(path, '/')) == NULL) {
		base = path;
		dn = 1;
	} else {
		base = slash + 1;
		dn = slash == path ? 1 : (size_t)(slash - path);
	}
	if (r->serial == 0 || base[0] == '\0' || strcmp(base, ".") == 0 ||
	    strcmp(base, "..") == 0 || dn >= sizeof(last.dir))
		return NULL;
	if (last.serial != r->serial || strncmp(last.dir,
	    slash == NULL ? "." : path, dn) != 0 || last.dir[dn] != '\0') {
		memcpy(last.dir, slash == NULL ? "." : path, dn);
		last.dir[dn] = '\0';
		last.serial = 0;
		if (realpath(last.dir, last.real) == NULL)
			return NULL;
		last.serial = r->serial;
	}
	rn = strlen(last.real);
	bn = strlen(base);
	real = xmalloc(rn + bn + 2);
	memcpy(real, last.real, rn);
	/* The folder "/" already ends in a slash. */
	if (rn > 1)
		real[rn++] = '/';
	memcpy(real + rn, base, bn + 1);
	return real;
}

enum sp_why
sp_check(const struct sproot *r, const char *path, struct stat *st,
    char **realp)
{
	char	*real;

	if (realp != NULL)
		*realp = NULL;
	if (lstat(path, st) == -1)
		return errno == ENOENT || errno == ENOTDIR ? SP_MISSING :
		    errno == ELOOP ? SP_LOOP : SP_IO;
	/* Not a link: lstat described the file itself. */
	if (S_ISLNK(st->st_mode) || (real = real_of_file(r, path)) == NULL) {
		if ((real = realpath(path, NULL)) == NULL)
			return errno == ELOOP ? SP_LOOP : errno == ENOENT ||
			    errno == ENOTDIR ? SP_DANGLING : SP_IO;
		if (sp_inside(r, real) && stat(real, st) == -1) {
			free(real);
			return SP_IO;
		}
	}
	if (!sp_inside(r, real)) {
		free(real);
		return SP_ESCAPES;
	}
	if (!S_ISDIR(st->st_mode) && !S_ISREG(st->st_mode)) {
		free(real);
		return SP_SPECIAL;
	}
	if (realp != NULL)
		*realp = real;
	else
		free(real);
	return S_ISDIR(st->st_mode) ? SP_DIR : SP_OK;
}

int
sp_open(const struct sproot *r, const char *path, size_t max,
    enum sp_why *why)
{
	struct stat	 st;
	char		*real;
	int		 fd;

	if ((*why = sp_check(r, path, &st, &real)) != SP_OK) {
		free(real);
		return -1;
	}
	/* The resolved path has no links left: O_NOFOLLOW catches one
	 * put there since, O_NONBLOCK a FIFO. */
	fd = open(real, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
	free(real);
	if (fd == -1) {
		*why = errno == ELOOP ? SP_ESCAPES : SP_IO;
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		*why = S_ISDIR(st.st_mode) ? SP_DIR : SP_SPECIAL;
		close(fd);
		return -1;
	}
	if ((uintmax_t)st.st_size > max) {
		*why = SP_TOO_BIG;
		close(fd);
		return -1;
	}
	return fd;
}

char *
sp_read(const struct sproot *r, const char *path, size_t max, size_t *lenp,
    enum sp_why *why)
{
	char	*text;
	size_t	 len;
	int	 fd;

	if ((fd = sp_open(r, path, max, why)) == -1)
		return NULL;
	if ((text = fd_read(fd, max, &len)) == NULL) {
		*why = errno == EFBIG ? SP_TOO_BIG : SP_IO;
		return NULL;
	}
	/* A UTF-8 byte order mark says nothing we need. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		memmove(text, text + 3, len - 2);
		len -= 3;
	}
	if (lenp != NULL)
		*lenp = len;
	*why = SP_OK;
	return text;
}

void
sp_report(enum sp_why why, const struct sproot *r, const char *file,
    int line, int col, const char *path, size_t max)
{
	struct stat	 st;
	const char	*kind = "not a regular file";
	int		 same;

	same = strcmp(file, path) == 0;
	switch (why) {
	case SP_OK:
		break;
	case SP_MISSING:
		msg(MSG_NO_FILE, file, line, col, "%s%sNo such file or "
		    "directory", same ? "" : path, same ? "" : ": ");
		break;
	case SP_DANGLING:
		msg(MSG_NO_FILE, file, line, col, "%s%sa symbolic link to "
		    "nothing", same ? "" : path, same ? "" : ": ");
		break;
	case SP_LOOP:
		msg(MSG_NO_FILE, file, line, col, "%s%ssymbolic links that "
		    "loop", same ? "" : path, same ? "" : ": ");
		break;
	case SP_ESCAPES:
		msg(strcmp(r->what, "course") == 0 ? MSG_PATH_ESCAPES :
		    MSG_THEME, file, line, col, "%s%sa link to a file "
		    "outside the %s", same ? "" : path, same ? "" : ": ",
		    r->what);
		break;
	case SP_DIR:
		msg(MSG_NOT_FILE, file, line, col, "%s%sa folder",
		    same ? "" : path, same ? "" : ": ");
		break;
	case SP_SPECIAL:
		if (stat(path, &st) == 0)
			kind = S_ISFIFO(st.st_mode) ? "a FIFO" :
			    S_ISSOCK(st.st_mode) ? "a socket" :
			    S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ?
			    "a device" : kind;
		msg(MSG_NOT_FILE, file, line, col, "%s%s%s",
		    same ? "" : path, same ? "" : ": ", kind);
		break;
	case SP_TOO_BIG:
		msg(MSG_TOO_BIG, file, line, col, "%s%smore than %zu KiB",
		    same ? "" : path, same ? "" : ": ", max >> 10);
		break;
	case SP_IO:
		msg(MSG_READ, file, line, col, "%s%s%s", same ? "" : path,
		    same ? "" : ": ", strerror(errno));
		break;
	}
}

int
sp_reserved(const char *rel)
{
	return strcmp(rel, "index.html") == 0 ||
	    strcmp(rel, "scorm.html") == 0 ||
	    strcmp(rel, "imsmanifest.xml") == 0 ||
	    strcmp(rel, "_theme") == 0 || strncmp(rel, "_theme/", 7) == 0;
}

/*
 * Decodes one UTF-8 sequence at s (n bytes left): returns its length
 * and sets *cp, or 0 if it is not valid UTF-8 (overlong forms and
 * surrogates included).
 */
static size_t
utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t		 len, i;
	uint32_t	 c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0)
		len = 2, c = s[0] & 0x1f, min = 0x80;
	else if ((s[0] & 0xf0) == 0xe0)
		len = 3, c = s[0] & 0x0f, min = 0x800;
	else if ((s[0] & 0xf8) == 0xf0)
		len = 4, c = s[0] & 0x07, min = 0x10000;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* C0 and C1 controls and DEL: nothing a title or a name should hold. */
static int
is_control(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

const char *
sp_bad_name(const char *name)
{
	const unsigned char	*s = (const unsigned char *)name;
	size_t			 n = strlen(name), k;
	uint32_t		 c;

	while (n > 0) {
		if ((k = utf8_next(s, n, &c)) == 0)
			return "not valid UTF-8";
		if (c == '\\')
			return "a backslash, which Windows reads as a folder "
			    "separator";
		if (is_control(c))
			return "a control character";
		/* Not characters XML 1.0 allows. */
		if (c == 0xfffe || c == 0xffff)
			return "a character XML does not allow";
		s += k;
		n -= k;
	}
	return NULL;
}

int
sp_text(const char *file, char *text, size_t len, int line0)
{
	unsigned char	*s = (unsigned char *)text;
	size_t		 i, k, nnul = 0, nbad = 0, nctl = 0;
	int		 line = line0 + 1, col = 1, first[3][2];
	uint32_t	 c;

	memset(first, 0, sizeof(first));
	for (i = 0; i < len; i += k, col += (int)k) {
		/* Printable ASCII, most of any lesson: nothing to check. */
		if (s[i] >= 0x20 && s[i] < 0x7f) {
			k = 1;
			continue;
		}
		if ((k = utf8_next(s + i, len - i, &c)) == 0) {
			if (nbad++ == 0)
				first[1][0] = line, first[1][1] = col;
			/* Keep the text parseable; cmark would do the
			 * same with U+FFFD. */
			s[i] = '?';
			k = 1;
			continue;
		}
		if (c == '\n') {
			line++;
			col = 0;
		} else if (c == 0) {
			if (nnul++ == 0)
				first[0][0] = line, first[0][1] = col;
			s[i] = ' ';
		} else if (c != '\t' && c != '\r' && is_control(c)) {
			if (nctl++ == 0)
				first[2][0] = line, first[2][1] = col;
			memset(s + i, ' ', k);
		}
	}
	if (nnul > 0)
		msg(MSG_NUL_BYTE, file, first[0][0], first[0][1],
		    "%zu in all (the text would end at the first)", nnul);
	if (nbad > 0)
		msg(MSG_BAD_UTF8, file, first[1][0], first[1][1],
		    "%zu bad byte%s in all (save the file as UTF-8)", nbad,
		    nbad == 1 ? "" : "s");
	if (nctl > 0)
		msg(MSG_CONTROL_CHAR, file, first[2][0], first[2][1],
		    "%zu in all, replaced by spaces", nctl);
	return nnul == 0 && nbad == 0;
}

size_t
sp_strip_controls(char *str)
{
	unsigned char	*s = (unsigned char *)str, *d = s;
	size_t		 n = strlen(str), k, removed = 0;
	uint32_t	 c;

	while (n > 0) {
		if ((k = utf8_next(s, n, &c)) == 0)
			k = 1, c = 0x20;
		if (is_control(c) && c != '\t' && c != '\n') {
			removed++;
		} else {
			memmove(d, s, k);
			d += k;
		}
		s += k;
		n -= k;
	}
	*d = '\0';
	return removed;
}
