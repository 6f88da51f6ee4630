/*
 * package.c: stage 5b.  Zips the staged course with its imsmanifest.xml
 * into SCORM 1.2 and SCORM 2004 packages with libzip.  Entries are
 * sorted and stamped with one fixed time (SOURCE_DATE_EPOCH or the DOS
 * epoch), so the same sources give byte-identical zips.  Each file is
 * compressed once: the second package copies the first one's deflated
 * data as it is.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
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
 * Returns 0 if a name cannot go into a zip and a manifest (reported):
 * the stages before check every name, this is the last line.
 */
static int
list_files(const char *dir, const char *rel, char ***v, size_t *n)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	char		*full, *r, *sub;
	const char	*bad;
	int		 rc = 1;

	full = rel[0] ? path_join(dir, rel) : xstrdup(dir);
	if ((d = opendir(full)) == NULL) {
		msg(MSG_READ, full, 0, 0, "%s", strerror(errno));
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
			msg(MSG_BAD_NAME, sub, 0, 0, "%s", bad);
			rc = 0;
		} else if (lstat(sub, &st) == -1) {
			msg(MSG_READ, sub, 0, 0, "%s", strerror(errno));
			rc = 0;
		} else if (S_ISDIR(st.st_mode)) {
			if (!list_files(dir, r, v, n))
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

static int
add_manifest(zip_t *za, const char *xml, size_t len)
{
	zip_source_t	*src;
	zip_int64_t	 idx;

	if ((src = zip_source_buffer(za, xml, len, 0)) == NULL)
		return 0;
	if ((idx = zip_file_add(za, "imsmanifest.xml", src,
	    ZIP_FL_ENC_UTF_8)) < 0) {
		zip_source_free(src);
		return 0;
	}
	return entry_attrs(za, idx, ZIP_CM_DEFLATE);
}

/* Writes the first package from the staged files. */
static int
zip_first(const char *path, const char *stage, char *const *files,
    size_t n, const char *xml, size_t xlen)
{
	zip_t		*za;
	zip_source_t	*src;
	zip_int64_t	 idx;
	char		*full;
	size_t		 i;
	int		 err;

	if ((za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err)) == NULL) {
		msg(MSG_WRITE, path, 0, 0, "libzip error %d", err);
		return 0;
	}
	if (!add_manifest(za, xml, xlen))
		goto fail;
	for (i = 0; i < n; i++) {
		full = path_join(stage, files[i]);
		src = zip_source_file(za, full, 0, 0);
		free(full);
		if (src == NULL)
			goto fail;
		if ((idx = zip_file_add(za, files[i], src,
		    ZIP_FL_ENC_UTF_8)) < 0) {
			zip_source_free(src);
			goto fail;
		}
		if (!entry_attrs(za, idx, is_stored(files[i]) ?
		    ZIP_CM_STORE : ZIP_CM_DEFLATE))
			goto fail;
	}
	if (zip_close(za) < 0)
		goto fail;
	return 1;
fail:
	msg(MSG_WRITE, path, 0, 0, "%s", zip_strerror(za));
	zip_discard(za);
	unlink(path);
	return 0;
}

/* Writes another package reusing the compressed entries of first. */
static int
zip_again(const char *path, const char *first, const char *xml,
    size_t xlen)
{
	zip_t		*src = NULL, *za = NULL;
	zip_source_t	*s;
	zip_stat_t	 st;
	zip_int64_t	 i, n, idx;
	int		 err;

	if ((src = zip_open(first, ZIP_RDONLY, &err)) == NULL) {
		msg(MSG_READ, first, 0, 0, "libzip error %d", err);
		return 0;
	}
	if ((za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err)) == NULL) {
		msg(MSG_WRITE, path, 0, 0, "libzip error %d", err);
		zip_discard(src);
		return 0;
	}
	if (!add_manifest(za, xml, xlen))
		goto fail;
	n = zip_get_num_entries(src, 0);
	for (i = 0; i < n; i++) {
		if (zip_stat_index(src, (zip_uint64_t)i, 0, &st) < 0)
			goto fail;
		if (strcmp(st.name, "imsmanifest.xml") == 0)
			continue;
		if ((s = zip_source_zip(za, src, (zip_uint64_t)i,
		    ZIP_FL_COMPRESSED, 0, 0)) == NULL)
			goto fail;
		if ((idx = zip_file_add(za, st.name, s,
		    ZIP_FL_ENC_UTF_8)) < 0) {
			zip_source_free(s);
			goto fail;
		}
		if (!entry_attrs(za, idx, st.comp_method))
			goto fail;
	}
	if (zip_close(za) < 0)
		goto fail;
	zip_discard(src);
	return 1;
fail:
	msg(MSG_WRITE, path, 0, 0, "%s", zip_strerror(za));
	zip_discard(za);
	zip_discard(src);
	unlink(path);
	return 0;
}

int
package_course(struct course *c, struct out *o, int scorm12, int scorm2004)
{
	char		**files = NULL, *xml = NULL, *tmp[2] = { NULL, NULL };
	const char	*stage;
	size_t		 n = 0, xlen, i;
	int		 rc = 0, k, first = -1;
	const int	 want[2] = { scorm12, scorm2004 };

	if ((stage = out_stage(o)) == NULL)
		return 1;	/* coursec check: nothing to zip */
	if (!list_files(stage, "", &files, &n))
		goto out;
	if (n > 0)
		qsort(files, n, sizeof(*files), cmp_str);
	for (k = 0; k < 2; k++) {
		if (!want[k])
			continue;
		if ((xml = manifest_xml(c, k, files, n, &xlen)) == NULL)
			goto out;
		tmp[k] = out_sidecar(o, k == 0 ? "scorm12" : "scorm2004");
		if (first < 0 ? !zip_first(tmp[k], stage, files, n, xml,
		    xlen) : !zip_again(tmp[k], tmp[first], xml, xlen)) {
			free(xml);
			goto out;
		}
		if (first < 0)
			first = k;
		free(xml);
	}
	rc = 1;
out:
	for (i = 0; i < n; i++)
		free(files[i]);
	free(files);
	return rc;
}
