/*
 * cache.c: incremental builds (see cache.h).  The hash is XXH3-128
 * (libxxhash) over the compiler, the options and, for the course folder
 * and every folder of the theme (it and the themes it extends), every
 * file's relative name, bytes and size in sorted order.  It is kept in
 * OUTDIR/.coursec/ID.hash and written only
 * after the course's output was committed, and removed before it is
 * replaced, so a hash on disk always describes the output beside it.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xxhash.h>

#include "util.h"
#include "courseware.h"
#include "extern.h"
#include "cache.h"
#include "theme.h"

/* Theme hashes computed in this run: every course shares its theme. */
static struct smap	 themes;
/* The compiler binary's hash, once per run. */
static XXH128_hash_t	 self;
static int		 have_self;

static void
put_str(XXH3_state_t *st, const char *s)
{
	/* With its NUL, so "ab"+"c" and "a"+"bc" differ. */
	XXH3_128bits_update(st, s, strlen(s) + 1);
}

/*
 * The bytes of the file name in folder dfd, then their count.  Read in
 * chunks to the end, so a file of any size costs no allocation; opened
 * not to block, should a FIFO have taken the file's place.
 */
static void
put_file(XXH3_state_t *st, int dfd, const char *name)
{
	char		 buf[65536];
	ssize_t		 n;
	uint64_t	 len = 0;
	int		 fd;

	if ((fd = openat(dfd, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) ==
	    -1) {
		put_str(st, "unreadable");
		return;
	}
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			put_str(st, "unreadable");
			break;
		}
		XXH3_128bits_update(st, buf, (size_t)n);
		len += (uint64_t)n;
	}
	close(fd);
	XXH3_128bits_update(st, &len, sizeof(len));
}

/* The text of the symbolic link name in folder dfd. */
static void
put_link(XXH3_state_t *st, int dfd, const char *name)
{
	char	 buf[4096];
	ssize_t	 n;

	if ((n = readlinkat(dfd, name, buf, sizeof(buf) - 1)) < 0)
		n = 0;
	buf[n] = '\0';
	put_str(st, buf);
}

struct ent {
	char		*name;
	unsigned char	 type;		/* d_type: DT_UNKNOWN if not told */
};

static int
ent_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ent *)a)->name,
	    ((const struct ent *)b)->name);
}

/*
 * Every file under the open folder dfd (closed here), whose path is
 * rel, sorted by name, by name and content.  Everything is opened
 * relative to its folder, and readdir's file type spares a stat of
 * most entries: for the thousands of files of a catalogue that is
 * most of what a no-change rebuild costs.
 */
static void
put_tree(XXH3_state_t *st, int dfd, const char *rel)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	struct ent	*v = NULL;
	size_t		 n = 0, i;
	char		*r;
	int		 sub, type;

	if ((d = fdopendir(dfd)) == NULL) {
		close(dfd);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		v = xgrow(v, n, sizeof(*v));
		v[n].name = xstrdup(de->d_name);
		v[n++].type = de->d_type;
	}
	if (n > 0)	/* qsort(NULL, 0, ...) is undefined */
		qsort(v, n, sizeof(*v), ent_cmp);
	for (i = 0; i < n; i++) {
		r = rel[0] ? path_join(rel, v[i].name) : xstrdup(v[i].name);
		type = v[i].type;
		if (type == DT_UNKNOWN) {
			if (fstatat(dirfd(d), v[i].name, &sb,
			    AT_SYMLINK_NOFOLLOW) == -1)
				type = -1;
			else
				type = S_ISDIR(sb.st_mode) ? DT_DIR :
				    S_ISLNK(sb.st_mode) ? DT_LNK :
				    S_ISREG(sb.st_mode) ? DT_REG : DT_FIFO;
		}
		/*
		 * Links to folders are hashed by their text, not walked: a
		 * link back to a parent would walk forever (the render walk
		 * reports it).  Links to files are hashed by content.
		 */
		if (type == DT_LNK)
			type = fstatat(dirfd(d), v[i].name, &sb, 0) == 0 &&
			    S_ISREG(sb.st_mode) ? DT_REG : DT_LNK;
		if (type == -1)
			;
		else if (type == DT_DIR) {
			put_str(st, "d");
			put_str(st, r);
			if ((sub = openat(dirfd(d), v[i].name, O_RDONLY |
			    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) != -1)
				put_tree(st, sub, r);
			else
				put_str(st, "unreadable");
		} else if (type == DT_LNK) {
			put_str(st, "l");
			put_str(st, r);
			put_link(st, dirfd(d), v[i].name);
		} else if (type == DT_REG) {
			put_str(st, "f");
			put_str(st, r);
			put_file(st, dirfd(d), v[i].name);
		} else {
			/* A FIFO or device: never read, but its arrival
			 * must force a build that reports it. */
			put_str(st, "o");
			put_str(st, r);
		}
		free(r);
		free(v[i].name);
	}
	free(v);
	closedir(d);
}

/* The hash of a folder's files, or of one file (tree 0). */
static XXH128_hash_t
tree_hash(const char *path, int tree)
{
	XXH3_state_t	*st;
	XXH128_hash_t	 h;
	int		 fd;

	if ((st = XXH3_createState()) == NULL)
		abort();
	XXH3_128bits_reset(st);
	if (!tree)
		put_file(st, AT_FDCWD, path);
	else if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1)
		put_tree(st, fd, "");
	h = XXH3_128bits_digest(st);
	XXH3_freeState(st);
	return h;
}

void
cache_tree(const char *coursedir, struct cache_tree *t)
{
	XXH128_hash_t	 h;

	h = tree_hash(coursedir, 1);
	memcpy(t->h, &h, sizeof(t->h));
}

void
cache_hash(const struct cache_tree *tree, const struct theme *theme,
    const struct build_opts *o, char hex[CACHE_HEX])
{
	XXH3_state_t	*st;
	XXH128_hash_t	 h, *th;
	const char	*s;
	size_t		 i;

	if (!have_self) {
		/* A rebuilt compiler may render differently even with the
		 * same version string. */
		self = tree_hash("/proc/self/exe", 0);
		have_self = 1;
	}
	if ((th = smap_get(&themes, theme_dir(theme))) == NULL) {
		th = xcalloc(theme_nlayers(theme), sizeof(*th));
		for (i = 0; i < theme_nlayers(theme); i++)
			th[i] = tree_hash(theme_layer_dir(theme, i), 1);
		smap_put(&themes, theme_dir(theme), th);
	}
	if ((st = XXH3_createState()) == NULL)
		abort();
	XXH3_128bits_reset(st);
	put_str(st, "coursec " COURSEC_VERSION);
	XXH3_128bits_update(st, &self, sizeof(self));
	XXH3_128bits_update(st, th, theme_nlayers(theme) * sizeof(*th));
	put_str(st, o->html ? "html" : "");
	put_str(st, o->scorm12 ? "scorm12" : "");
	put_str(st, o->scorm2004 ? "scorm2004" : "");
	/* Zip entry times come from it. */
	s = getenv("SOURCE_DATE_EPOCH");
	put_str(st, s != NULL ? s : "");
	XXH3_128bits_update(st, tree->h, sizeof(tree->h));
	h = XXH3_128bits_digest(st);
	XXH3_freeState(st);
	snprintf(hex, CACHE_HEX, "%016llx%016llx",
	    (unsigned long long)h.high64, (unsigned long long)h.low64);
}

static char *
hash_path(const struct build_opts *o, const char *id)
{
	return xasprintf("%s/.coursec/%s.hash", o->outdir, id);
}

/* Whether path exists as a folder (dir) or a regular file. */
static int
exists(const char *path, int dir)
{
	struct stat	 sb;

	return stat(path, &sb) == 0 &&
	    (dir ? S_ISDIR(sb.st_mode) : S_ISREG(sb.st_mode));
}

int
cache_fresh(const struct build_opts *o, const char *id, const char *hex)
{
	char	*p, *text;
	int	 ok;

	p = hash_path(o, id);
	text = file_read(p, NULL);
	free(p);
	ok = text != NULL && strcmp(text, hex) == 0;
	free(text);
	if (ok && o->html) {
		p = path_join(o->outdir, id);
		ok = exists(p, 1);
		free(p);
	}
	if (ok && o->scorm12) {
		p = xasprintf("%s/%s-scorm12.zip", o->outdir, id);
		ok = exists(p, 0);
		free(p);
	}
	if (ok && o->scorm2004) {
		p = xasprintf("%s/%s-scorm2004.zip", o->outdir, id);
		ok = exists(p, 0);
		free(p);
	}
	if (ok && (o->scorm12 || o->scorm2004)) {
		p = xasprintf("%s/%s-scorm.txt", o->outdir, id);
		ok = exists(p, 0);
		free(p);
	}
	return ok;
}

static char *
inputs_path(const struct build_opts *o, const char *id)
{
	return xasprintf("%s/.coursec/%s.inputs", o->outdir, id);
}

void
cache_forget(const struct build_opts *o, const char *id)
{
	char	*p;

	p = hash_path(o, id);
	unlink(p);
	free(p);
	p = inputs_path(o, id);
	unlink(p);
	free(p);
}

/* Replaces path with text (through a temporary file and a rename, so a
 * reader sees the old text or the new); failures are not reported. */
static void
store(const char *path, const char *text)
{
	char	*tmp;
	FILE	*f;
	int	 ok;

	tmp = xasprintf("%s.tmp-%ld", path, (long)getpid());
	if (path_mkparents(path) && (f = fopen(tmp, "w")) != NULL) {
		ok = fputs(text, f) != EOF;
		if (fclose(f) == EOF)
			ok = 0;
		if (!ok || rename(tmp, path) == -1)
			unlink(tmp);
	}
	free(tmp);
}

/* A real path, or the path as given when it does not resolve. */
static void
put_real(struct buf *b, const char *path)
{
	char	*real;

	real = realpath(path, NULL);
	buf_printf(b, "%s\n", real != NULL ? real : path);
	free(real);
}

void
cache_store(const struct build_opts *o, const char *id, const char *hex,
    const char *coursedir, const struct theme *theme)
{
	struct buf	 b = { NULL, 0, 0 };
	char		*p;
	size_t		 i;

	put_real(&b, coursedir);
	for (i = 0; i < theme_nlayers(theme); i++)
		put_real(&b, theme_layer_dir(theme, i));
	p = inputs_path(o, id);
	store(p, b.data);
	free(p);
	buf_free(&b);
	/* Last: the hash stands for the output and the list above. */
	p = hash_path(o, id);
	store(p, hex);
	free(p);
}

void
cache_cleanup(void)
{
	size_t	 i;

	for (i = 0; i < themes.cap; i++)
		if (themes.ents[i].key != NULL)
			free(themes.ents[i].val);
	smap_free(&themes);
	memset(&themes, 0, sizeof(themes));
}
