/*
 * util.c: allocation, buffers, the string map and path helpers.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "msg.h"

static void
oom(void)
{
	msg_sys("out of memory");
	exit(4);
}

void *
xmalloc(size_t sz)
{
	void	*p;

	if ((p = malloc(sz ? sz : 1)) == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t sz)
{
	void	*p;

	if ((p = calloc(n ? n : 1, sz ? sz : 1)) == NULL)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t sz)
{
	if ((p = realloc(p, sz ? sz : 1)) == NULL)
		oom();
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t sz)
{
	if (sz && n > SIZE_MAX / sz)
		oom();
	return xrealloc(p, n * sz);
}

void *
xgrow(void *p, size_t n, size_t sz)
{
	if (n == 0)
		return xreallocarray(p, 1, sz);
	if ((n & (n - 1)) == 0) {
		if (n > SIZE_MAX / 2)
			oom();
		return xreallocarray(p, n * 2, sz);
	}
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p;

	p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xstrcat(const char *a, const char *b)
{
	size_t	 na = strlen(a), nb = strlen(b);
	char	*p;

	p = xmalloc(na + nb + 1);
	memcpy(p, a, na);
	memcpy(p + na, b, nb + 1);
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	struct buf	 b = { NULL, 0, 0 };
	va_list		 ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return buf_detach(&b);
}

void
buf_grow(struct buf *b, size_t need)
{
	size_t	 cap;

	if (b->len + need + 1 <= b->cap)
		return;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + need + 1)
		cap *= 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

void
buf_putn(struct buf *b, const char *s, size_t n)
{
	buf_grow(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_putn(b, s, strlen(s));
}

void
buf_putc(struct buf *b, char c)
{
	/* Called for every character some writers emit: no call to
	 * buf_grow while there is room. */
	if (b->len + 2 > b->cap)
		buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list	 ap2;
	int	 n;

	/* Format straight into the spare room; only text that does not
	 * fit is formatted a second time, after growing.  Output is built
	 * this way for every page, so the second pass matters. */
	buf_grow(b, 128);
	va_copy(ap2, ap);
	n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		oom();
	if ((size_t)n >= b->cap - b->len) {
		buf_grow(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *
buf_detach(struct buf *b)
{
	char	*p;

	p = b->data ? b->data : xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* FNV-1a: simple, good enough for short path-like keys. */
static size_t
smap_hash(const char *s)
{
	uint64_t	 h = 1469598103934665603ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return (size_t)h;
}

static struct smap_ent *
smap_slot(const struct smap *m, const char *key)
{
	size_t	 i;

	i = smap_hash(key) & (m->cap - 1);
	while (m->ents[i].key != NULL && strcmp(m->ents[i].key, key) != 0)
		i = (i + 1) & (m->cap - 1);
	return &m->ents[i];
}

void *
smap_get(const struct smap *m, const char *key)
{
	struct smap_ent	*e;

	if (m->cap == 0)
		return NULL;
	e = smap_slot(m, key);
	return e->key != NULL ? e->val : NULL;
}

void *
smap_put(struct smap *m, const char *key, void *val)
{
	struct smap_ent	*e, *old;
	size_t		 i, oldcap;
	void		*prev;

	if ((m->len + 1) * 2 > m->cap) {
		old = m->ents;
		oldcap = m->cap;
		m->cap = oldcap ? oldcap * 2 : 16;
		m->ents = xcalloc(m->cap, sizeof(*m->ents));
		for (i = 0; i < oldcap; i++)
			if (old[i].key != NULL)
				*smap_slot(m, old[i].key) = old[i];
		free(old);
	}
	e = smap_slot(m, key);
	if (e->key != NULL) {
		prev = e->val;
		e->val = val;
		return prev;
	}
	e->key = xstrdup(key);
	e->val = val;
	m->len++;
	return NULL;
}

void
smap_free(struct smap *m)
{
	size_t	 i;

	for (i = 0; i < m->cap; i++)
		free(m->ents[i].key);
	free(m->ents);
	m->ents = NULL;
	m->cap = m->len = 0;
}

int
path_is_dir(const char *p)
{
	struct stat	 st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

char *
fd_read(int fd, size_t max, size_t *lenp)
{
	struct buf	 b = { NULL, 0, 0 };
	ssize_t		 n;
	int		 saved;

	for (;;) {
		buf_grow(&b, 65536);
		n = read(fd, b.data + b.len, b.cap - b.len - 1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			goto fail;
		if (n == 0)
			break;
		b.len += (size_t)n;
		/* A file that grows while we read it. */
		if (b.len > max) {
			errno = EFBIG;
			goto fail;
		}
	}
	close(fd);
	b.data[b.len] = '\0';
	if (lenp != NULL)
		*lenp = b.len;
	return b.data;
fail:
	saved = errno;
	close(fd);
	buf_free(&b);
	errno = saved;
	return NULL;
}

int
fd_write(int fd, const void *data, size_t len)
{
	const char	*p = data;
	ssize_t		 n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return 0;
		}
		p += n;
		len -= (size_t)n;
	}
	return 1;
}

char *
file_read(const char *path, size_t *lenp)
{
	int	 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	return fd_read(fd, SIZE_MAX, lenp);
}

char *
path_join(const char *a, const char *b)
{
	if (*a == '\0')
		return xstrdup(b);
	if (*b == '\0')
		return xstrdup(a);
	return xasprintf("%s%s%s", a,
	    a[strlen(a) - 1] == '/' ? "" : "/", b);
}

char *
path_dir(const char *p)
{
	const char	*s;

	if ((s = strrchr(p, '/')) == NULL)
		return xstrdup("");
	return xstrndup(p, (size_t)(s - p));
}

char *
path_normalize(const char *p)
{
	struct buf	 b = { NULL, 0, 0 };
	const char	*s, *e;
	size_t		 n, cut;

	for (s = p; *s != '\0'; s = *e ? e + 1 : e) {
		if ((e = strchr(s, '/')) == NULL)
			e = s + strlen(s);
		n = (size_t)(e - s);
		if (n == 0 || (n == 1 && s[0] == '.'))
			continue;
		if (n == 2 && s[0] == '.' && s[1] == '.') {
			if (b.len == 0) {
				buf_free(&b);
				return NULL;
			}
			cut = b.len;
			while (cut > 0 && b.data[cut - 1] != '/')
				cut--;
			b.len = cut ? cut - 1 : 0;
			b.data[b.len] = '\0';
			continue;
		}
		if (b.len)
			buf_putc(&b, '/');
		buf_putn(&b, s, n);
	}
	return buf_detach(&b);
}

char *
path_relative(const char *from, const char *to)
{
	struct buf	 b = { NULL, 0, 0 };
	const char	*f, *t, *s;
	size_t		 common = 0, i;

	/* Skip the directories both share. */
	for (i = 0; from[i] != '\0' && from[i] == to[i]; i++)
		if (from[i] == '/')
			common = i + 1;
	f = from + common;
	t = to + common;
	for (s = f; *s != '\0'; s++)
		if (*s == '/')
			buf_puts(&b, "../");
	buf_puts(&b, t);
	return buf_detach(&b);
}

int
path_has_suffix(const char *p, const char *suf)
{
	size_t	 pl = strlen(p), sl = strlen(suf);

	return pl >= sl && strcasecmp(p + pl - sl, suf) == 0;
}

/* mkdir -p of dir, from the deepest folder up: where the folders
 * already exist (every file but a folder's first) it costs one call. */
static int
mkdirs(const char *dir)
{
	char	*up;
	int	 rc;

	if (dir[0] == '\0' || mkdir(dir, 0755) == 0 || errno == EEXIST)
		return 1;
	if (errno != ENOENT)
		return 0;
	up = path_dir(dir);
	rc = strcmp(up, dir) != 0 && mkdirs(up) &&
	    (mkdir(dir, 0755) == 0 || errno == EEXIST);
	free(up);
	return rc;
}

int
path_mkparents(const char *path)
{
	char	*dir;
	int	 rc;

	dir = path_dir(path);
	rc = mkdirs(dir);
	free(dir);
	return rc;
}

int
path_rmtree(const char *path)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	char		*sub;
	int		 rc = 1;

	if (lstat(path, &st) == -1)
		return errno == ENOENT;
	if (!S_ISDIR(st.st_mode))
		return unlink(path) == 0;
	if ((d = opendir(path)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		sub = path_join(path, de->d_name);
		if (!path_rmtree(sub))
			rc = 0;
		free(sub);
	}
	closedir(d);
	if (rmdir(path) == -1)
		rc = 0;
	return rc;
}

/* Length of a numeric ordering prefix such as "01-" or "2_" within the
 * first n bytes of s, or 0. */
static size_t
order_prefix(const char *s, size_t n)
{
	size_t	 i = 0;

	while (i < n && isdigit((unsigned char)s[i]))
		i++;
	if (i == 0 || i == n || (s[i] != '-' && s[i] != '_' &&
	    s[i] != '.' && s[i] != ' '))
		return 0;
	while (i < n && (s[i] == '-' || s[i] == '_' || s[i] == '.' ||
	    s[i] == ' '))
		i++;
	/* "01-" alone: keep the number as the name. */
	return i == n ? 0 : i;
}

static size_t
stem_len(const char *name)
{
	size_t	 n = strlen(name);

	return path_has_suffix(name, ".md") ? n - 3 : n;
}

/*
 * The ASCII spelling of n bytes of UTF-8 text, through iconv's
 * transliteration (the C.UTF-8 locale set in main() has the tables);
 * a character without one comes out as '?'.  Caller frees.
 */
static char *
ascii_spelling(const char *s, size_t n)
{
	struct buf	 b = { NULL, 0, 0 };
	iconv_t		 cd;
	char		*in, *out, chunk[256];
	size_t		 inleft, outleft;

	if ((cd = iconv_open("ASCII//TRANSLIT", "UTF-8")) == (iconv_t)-1)
		return xstrndup(s, n);
	in = (char *)s;
	inleft = n;
	while (inleft > 0) {
		out = chunk;
		outleft = sizeof(chunk);
		if (iconv(cd, &in, &inleft, &out, &outleft) == (size_t)-1 &&
		    errno != E2BIG) {
			/* Not UTF-8: keep the byte's place and go on. */
			buf_putn(&b, chunk, sizeof(chunk) - outleft);
			buf_putc(&b, '?');
			in++;
			inleft--;
			continue;
		}
		buf_putn(&b, chunk, sizeof(chunk) - outleft);
	}
	iconv_close(cd);
	return buf_detach(&b);
}

char *
name_slug(const char *name)
{
	return name_slug_lost(name, NULL);
}

char *
name_slug_lost(const char *name, int *lost)
{
	struct buf	 b = { NULL, 0, 0 };
	size_t		 n, pre;
	char		*ascii, *s;
	int		 dash = 0;

	n = stem_len(name);
	pre = order_prefix(name, n);
	ascii = ascii_spelling(name + pre, n - pre);
	if (lost != NULL)
		*lost = strchr(ascii, '?') != NULL;
	for (s = ascii; *s != '\0'; s++) {
		if (isalnum((unsigned char)*s)) {
			if (dash && b.len)
				buf_putc(&b, '-');
			dash = 0;
			buf_putc(&b, (char)tolower((unsigned char)*s));
		} else
			dash = 1;
	}
	free(ascii);
	return buf_detach(&b);
}

char *
name_order(const char *name)
{
	size_t	 n;

	n = order_prefix(name, stem_len(name));
	while (n > 0 && !isdigit((unsigned char)name[n - 1]))
		n--;
	return xstrndup(name, n);
}

char *
name_title(const char *name)
{
	char	*t, *s;
	size_t	 n;

	n = stem_len(name);
	t = xstrndup(name + order_prefix(name, n), n - order_prefix(name, n));
	for (s = t; *s != '\0'; s++)
		if (*s == '-' || *s == '_')
			*s = ' ';
	n = strlen(t);
	while (n > 0 && t[n - 1] == ' ')
		t[--n] = '\0';
	if (t[0] != '\0')
		t[0] = (char)toupper((unsigned char)t[0]);
	return t;
}

/* Optimal string alignment distance (Levenshtein plus transposition
 * of neighbours), case ignored.  A full table: the words are names. */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t	 la = strlen(a), lb = strlen(b), i, j, w = lb + 1, v, *d;

	d = xcalloc((la + 1) * w, sizeof(*d));
	for (i = 0; i <= la; i++)
		d[i * w] = i;
	for (j = 0; j <= lb; j++)
		d[j] = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			v = d[(i - 1) * w + j - 1] +
			    (tolower((unsigned char)a[i - 1]) !=
			    tolower((unsigned char)b[j - 1]));
			if (d[(i - 1) * w + j] + 1 < v)
				v = d[(i - 1) * w + j] + 1;
			if (d[i * w + j - 1] + 1 < v)
				v = d[i * w + j - 1] + 1;
			if (i > 1 && j > 1 &&
			    tolower((unsigned char)a[i - 1]) ==
			    tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) ==
			    tolower((unsigned char)b[j - 1]) &&
			    d[(i - 2) * w + j - 2] + 1 < v)
				v = d[(i - 2) * w + j - 2] + 1;
			d[i * w + j] = v;
		}
	v = d[la * w + lb];
	free(d);
	return v;
}

const char *
closest(const char *word, const char *const *cands, size_t n)
{
	const char	*best = NULL;
	size_t		 i, d, bestd, limit;

	limit = strlen(word) / 3 > 0 ? strlen(word) / 3 : 1;
	bestd = limit + 1;
	for (i = 0; i < n; i++) {
		if (cands[i] == NULL || strcmp(cands[i], word) == 0)
			continue;
		if ((d = edit_distance(word, cands[i])) < bestd) {
			best = cands[i];
			bestd = d;
		}
	}
	return best;
}
