/*
 * package.c: stage 5b.  Zips the staged course with its imsmanifest.xml
 * into SCORM 1.2 and SCORM 2004 packages with libzip.  Entries are
 * sorted and stamped with one fixed time (SOURCE_DATE_EPOCH or the DOS
 * epoch), so the same sources give byte-identical zips.  Each file is
 * deflated once (deflate.c, libdeflate) and both packages take the same
 * bytes; the theme's files are deflated once per run.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <zip.h>

#include "util.h"
#include "courseware.h"
#include "extern.h"
#include "msg.h"
#include "safepath.h"
#include "deflate.h"

/*
 * A course's packages, built by package_run on any thread.  It never
 * reports: the first failure is recorded here and package_end reports
 * it on the main thread, so messages keep their order whatever the
 * number of threads.
 */
struct package_job {
	struct course	*c;
	char		*stage;		/* staged course folder */
	char		*tmp[2];	/* SCORM 1.2, 2004 files, or NULL */
	enum msgid	 err;		/* MSG_MAX: no failure */
	char		*errfile;	/* where it failed */
	char		*errtext;	/* what failed */
};

static void
fail(struct package_job *j, enum msgid id, const char *file,
    const char *text)
{
	if (j->err != MSG_MAX)
		return;		/* the first failure is the one to tell */
	j->err = id;
	j->errfile = xstrdup(file);
	j->errtext = xstrdup(text);
}

/* Formats already compressed: deflating them again only costs time. */
static const char *const stored[] = {
	".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".mp3", ".mp4",
	".m4a", ".m4v", ".ogg", ".oga", ".ogv", ".webm", ".woff", ".woff2",
	".zip", ".gz", ".pdf", NULL
};

static int
is_stored(const char *name)
{
	size_t	 i;

	for (i = 0; stored[i] != NULL; i++)
		if (path_has_suffix(name, stored[i]))
			return 1;
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Lists the files under dir/rel recursively (course-relative paths).
 * Returns 0 if a name cannot go into a zip and a manifest (recorded in
 * j): the stages before check every name, this is the last line.
 */
static int
list_files(struct package_job *j, const char *dir, const char *rel,
    char ***v, size_t *n)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	char		*full, *r, *sub;
	const char	*bad;
	int		 rc = 1;

	full = rel[0] ? path_join(dir, rel) : xstrdup(dir);
	if ((d = opendir(full)) == NULL) {
		fail(j, MSG_READ, full, strerror(errno));
		free(full);
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		r = rel[0] ? path_join(rel, de->d_name) :
		    xstrdup(de->d_name);
		sub = path_join(full, de->d_name);
		if ((bad = sp_bad_name(r)) != NULL) {
			fail(j, MSG_BAD_NAME, sub, bad);
			rc = 0;
		} else if (lstat(sub, &st) == -1) {
			fail(j, MSG_READ, sub, strerror(errno));
			rc = 0;
		} else if (S_ISDIR(st.st_mode)) {
			if (!list_files(j, dir, r, v, n))
				rc = 0;
		} else if (S_ISREG(st.st_mode)) {
			*v = xreallocarray(*v, *n + 1, sizeof(**v));
			(*v)[(*n)++] = r;
			r = NULL;
		}
		free(r);
		free(sub);
	}
	closedir(d);
	free(full);
	return rc;
}

/* The fixed time of every entry. */
static time_t
entry_time(void)
{
	const char	*s;
	char		*end;
	long long	 v;

	if ((s = getenv("SOURCE_DATE_EPOCH")) != NULL && *s != '\0') {
		errno = 0;
		v = strtoll(s, &end, 10);
		/* DOS dates start in 1980. */
		if (*end == '\0' && errno == 0 && v >= 315532800LL)
			return (time_t)v;
	}
	return (time_t)315532800;	/* 1980-01-01T00:00:00Z */
}

/* Sets the fixed time, compression and Unix mode of entry idx. */
static int
entry_attrs(zip_t *za, zip_int64_t idx, int method)
{
	if (zip_file_set_mtime(za, (zip_uint64_t)idx, entry_time(), 0) < 0 ||
	    zip_set_file_compression(za, (zip_uint64_t)idx, method, 0) < 0 ||
	    zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0,
	    ZIP_OPSYS_UNIX, 0100644u << 16) < 0)
		return 0;
	return 1;
}

/*
 * libzip takes data that is already compressed from a source whose
 * ZIP_SOURCE_STAT reports the method, both sizes and the CRC: it then
 * copies the bytes as they are (libzip 1.7's zip_close checks only that
 * the source's method is the entry's).  Debian 12's libzip 1.7.3 has no
 * zip_source_layered_create, so this is a plain function source over a
 * struct zdata that the caller keeps alive until zip_close.
 */
struct zsrc {
	const struct zdata *z;
	size_t		 off;		/* read position */
	zip_error_t	 err;
};

static zip_int64_t
zsrc_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct zsrc	*s = ud;
	zip_stat_t	*st;
	size_t		 n;

	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		s->off = 0;
		return 0;
	case ZIP_SOURCE_READ:
		n = s->z->csize - s->off;
		if (n > len)
			n = (size_t)len;
		memcpy(data, s->z->data + s->off, n);
		s->off += n;
		return (zip_int64_t)n;
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT:
		st = data;
		zip_stat_init(st);
		st->size = s->z->usize;
		st->comp_size = s->z->csize;
		st->comp_method = s->z->deflated ? ZIP_CM_DEFLATE :
		    ZIP_CM_STORE;
		st->crc = s->z->crc;
		st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE |
		    ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC;
		return sizeof(*st);
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&s->err, data, len);
	case ZIP_SOURCE_FREE:
		zip_error_fini(&s->err);
		free(s);
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN,
		    ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
		    ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		zip_error_set(&s->err, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

/* Adds the entry name with the prepared data z. */
static int
add_entry(zip_t *za, const char *name, const struct zdata *z)
{
	zip_source_t	*src;
	zip_int64_t	 idx;
	struct zsrc	*s;

	s = xcalloc(1, sizeof(*s));
	s->z = z;
	zip_error_init(&s->err);
	if ((src = zip_source_function(za, zsrc_cb, s)) == NULL) {
		zip_error_fini(&s->err);
		free(s);
		return 0;
	}
	if ((idx = zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8)) < 0) {
		zip_source_free(src);
		return 0;
	}
	return entry_attrs(za, idx, z->deflated ? ZIP_CM_DEFLATE :
	    ZIP_CM_STORE);
}

/*
 * Writes one package: the manifest, then the files in order.  libzip
 * builds the archive in memory and it goes to path in one write(2):
 * written to a file, libzip puts each entry's header through a 4 KiB
 * stdio buffer twice, with a seek and a read between, six system calls
 * an entry and most of a package's cost once the data is deflated.
 */
static int
zip_write(struct package_job *j, const char *path,
    const struct zdata *manifest, char *const *files,
    const struct zdata *zs, size_t n)
{
	zip_source_t	*mem;
	zip_t		*za;
	zip_error_t	 ze;
	zip_stat_t	 st;
	char		*data = NULL;
	size_t		 i;
	int		 fd, ok = 0;

	zip_error_init(&ze);
	if ((mem = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL) {
		fail(j, MSG_WRITE, path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return 0;
	}
	if ((za = zip_open_from_source(mem, ZIP_TRUNCATE, &ze)) == NULL) {
		fail(j, MSG_WRITE, path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		zip_source_free(mem);
		return 0;
	}
	zip_error_fini(&ze);
	/* Kept past zip_close, which writes the archive into it. */
	zip_source_keep(mem);
	if (!add_entry(za, "imsmanifest.xml", manifest))
		goto fail;
	for (i = 0; i < n; i++)
		if (!add_entry(za, files[i], &zs[i]))
			goto fail;
	if (zip_close(za) < 0)
		goto fail;
	if (zip_source_stat(mem, &st) < 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    zip_source_open(mem) < 0) {
		fail(j, MSG_WRITE, path, zip_error_strerror(
		    zip_source_error(mem)));
		goto out;
	}
	data = xmalloc(st.size ? st.size : 1);
	if (zip_source_read(mem, data, st.size) != (zip_int64_t)st.size) {
		fail(j, MSG_WRITE, path, zip_error_strerror(
		    zip_source_error(mem)));
		zip_source_close(mem);
		goto out;
	}
	zip_source_close(mem);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) == -1) {
		fail(j, MSG_WRITE, path, strerror(errno));
		goto out;
	}
	if (!fd_write(fd, data, st.size)) {
		fail(j, MSG_WRITE, path, strerror(errno));
		close(fd);
	} else if (close(fd) == -1)
		fail(j, MSG_WRITE, path, strerror(errno));
	else
		ok = 1;
	/* No half-written package is left (out.c drops the name too). */
	if (!ok)
		unlink(path);
	goto out;
fail:
	fail(j, MSG_WRITE, path, zip_strerror(za));
	zip_discard(za);
out:
	free(data);
	zip_source_free(mem);
	return ok;
}

/*
 * Reads and deflates every staged file once, for both packages.  The
 * theme's files (under _theme/) are the same bytes in every course:
 * they come from the run-wide cache.
 */
static int
prepare(struct package_job *j, char *const *files, size_t n,
    struct zdata *zs, struct libdeflate_compressor *c)
{
	char	*full, *data;
	size_t	 i, len;

	for (i = 0; i < n; i++) {
		full = path_join(j->stage, files[i]);
		if ((data = file_read(full, &len)) == NULL) {
			fail(j, MSG_READ, full, strerror(errno));
			free(full);
			return 0;
		}
		free(full);
		if (strncmp(files[i], "_theme/", 7) == 0)
			zd_make_shared(&zs[i], c, files[i], data, len,
			    is_stored(files[i]));
		else
			zd_make(&zs[i], c, data, len, is_stored(files[i]));
		free(data);
	}
	return 1;
}

void
package_init(void)
{
	struct libdeflate_compressor *c;
	struct zdata	 z;
	zip_source_t	*src;
	zip_t		*za;
	zip_error_t	 ze;

	c = zd_compressor();
	zd_make(&z, c, "init", 4, 0);
	zd_free(&z);
	zd_compressor_free(c);
	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(NULL, 0, 0, &ze)) != NULL) {
		if ((za = zip_open_from_source(src, ZIP_TRUNCATE, &ze)) != NULL)
			zip_discard(za);	/* frees src */
		else
			zip_source_free(src);
	}
	zip_error_fini(&ze);
}

struct package_job *
package_begin(struct course *c, struct out *o, int scorm12, int scorm2004)
{
	struct package_job *j;
	const char	*stage;

	if ((stage = out_stage(o)) == NULL || (!scorm12 && !scorm2004))
		return NULL;	/* coursec check: nothing to zip */
	j = xcalloc(1, sizeof(*j));
	j->c = c;
	j->stage = xstrdup(stage);
	j->err = MSG_MAX;
	if (scorm12)
		j->tmp[0] = xstrdup(out_sidecar(o, "scorm12"));
	if (scorm2004)
		j->tmp[1] = xstrdup(out_sidecar(o, "scorm2004"));
	return j;
}

void
package_run(void *arg)
{
	struct package_job *j = arg;
	struct libdeflate_compressor *comp;
	struct zdata	*zs, manifest;
	char		**files = NULL, *xml;
	size_t		 n = 0, xlen, i;
	int		 k, ok;

	ok = list_files(j, j->stage, "", &files, &n);
	if (n > 0)	/* qsort(NULL, 0, ...) is undefined */
		qsort(files, n, sizeof(*files), cmp_str);
	zs = xcalloc(n ? n : 1, sizeof(*zs));
	comp = zd_compressor();
	if (!ok || !prepare(j, files, n, zs, comp))
		goto out;
	for (k = 0; k < 2; k++) {
		if (j->tmp[k] == NULL)
			continue;
		if ((xml = manifest_xml(j->c, k, files, n, &xlen)) == NULL) {
			fail(j, MSG_WRITE, j->tmp[k], "cannot write the "
			    "manifest");
			goto out;
		}
		zd_make(&manifest, comp, xml, xlen, 0);
		free(xml);
		ok = zip_write(j, j->tmp[k], &manifest, files, zs, n);
		zd_free(&manifest);
		if (!ok)
			goto out;
	}
out:
	zd_compressor_free(comp);
	for (i = 0; i < n; i++) {
		zd_free(&zs[i]);
		free(files[i]);
	}
	free(zs);
	free(files);
}

int
package_end(struct package_job *j)
{
	int	 ok;

	if (j == NULL)
		return 1;
	if ((ok = j->err == MSG_MAX) == 0)
		msg(j->err, j->errfile, 0, 0, "%s", j->errtext);
	free(j->errfile);
	free(j->errtext);
	free(j->tmp[0]);
	free(j->tmp[1]);
	free(j->stage);
	free(j);
	return ok;
}
