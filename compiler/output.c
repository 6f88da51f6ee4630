/*
 * output.c: stage 5.  A course is written into a staging folder beside
 * its final place and swapped in only when the whole build succeeded,
 * so a failed build never clobbers earlier good output.
 */
#define _GNU_SOURCE	/* renameat2(2) */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "courseware.h"
#include "extern.h"
#include "msg.h"

struct out {
	char	*outdir;	/* where everything goes */
	char	*id;		/* course id */
	char	*final;		/* outdir/id */
	char	*stage;		/* outdir/.id.staging-PID */
	int	 dryrun;	/* coursec check: write nothing */
	int	 failed;	/* a write failed */
	int	 html;		/* keep the HTML folder (-f html) */
	char	*side[4];	/* temporary package files */
	char	*sidefinal[4];	/* their final names */
	size_t	 nside;
};

struct out *
out_begin(const char *outdir, const char *id, int dryrun)
{
	struct out	*o;

	o = xcalloc(1, sizeof(*o));
	o->dryrun = dryrun;
	o->html = 1;
	if (dryrun)
		return o;
	o->outdir = xstrdup(outdir);
	o->id = xstrdup(id);
	o->final = path_join(outdir, id);
	o->stage = xasprintf("%s/.%s.staging-%ld", outdir, id,
	    (long)getpid());
	if (!path_mkparents(o->stage) || (!path_rmtree(o->stage)) ||
	    mkdir(o->stage, 0755) == -1) {
		msg(MSG_WRITE, o->stage, 0, 0, "%s", strerror(errno));
		o->failed = 1;
	}
	return o;
}

/* Writes all of data to fd; 1 ok, 0 fail (errno set). */
static int
write_all(int fd, const char *data, size_t len)
{
	ssize_t	 n;

	while (len > 0) {
		if ((n = write(fd, data, len)) == -1) {
			if (errno == EINTR)
				continue;
			return 0;
		}
		data += n;
		len -= (size_t)n;
	}
	return 1;
}

static int
open_dest(struct out *o, const char *rel, char **pathp)
{
	int	 fd;

	*pathp = path_join(o->stage, rel);
	if (!path_mkparents(*pathp) || (fd = open(*pathp,
	    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) == -1) {
		msg(MSG_WRITE, *pathp, 0, 0, "%s", strerror(errno));
		o->failed = 1;
		return -1;
	}
	return fd;
}

int
out_write(struct out *o, const char *rel, const char *data, size_t len)
{
	char	*path;
	int	 fd, rc = 1;

	if (o->dryrun || o->failed)
		return !o->failed;
	if ((fd = open_dest(o, rel, &path)) == -1) {
		free(path);
		return 0;
	}
	if (!write_all(fd, data, len) || close(fd) == -1) {
		msg(MSG_WRITE, path, 0, 0, "%s", strerror(errno));
		o->failed = 1;
		rc = 0;
	}
	free(path);
	return rc;
}

int
out_copy(struct out *o, const char *rel, const char *src)
{
	char	 chunk[65536], *path;
	ssize_t	 n;
	int	 in, fd, rc = 0;

	if (o->dryrun || o->failed)
		return !o->failed;
	if ((in = open(src, O_RDONLY | O_CLOEXEC)) == -1) {
		msg(MSG_READ, src, 0, 0, "%s", strerror(errno));
		o->failed = 1;
		return 0;
	}
	if ((fd = open_dest(o, rel, &path)) == -1)
		goto out;
	while ((n = read(in, chunk, sizeof(chunk))) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			msg(MSG_READ, src, 0, 0, "%s", strerror(errno));
			goto out;
		}
		if (!write_all(fd, chunk, (size_t)n)) {
			msg(MSG_WRITE, path, 0, 0, "%s", strerror(errno));
			goto out;
		}
	}
	if (close(fd) == -1) {
		fd = -1;
		msg(MSG_WRITE, path, 0, 0, "%s", strerror(errno));
		goto out;
	}
	fd = -1;
	rc = 1;
out:
	if (fd != -1)
		close(fd);
	close(in);
	free(path);
	if (!rc)
		o->failed = 1;
	return rc;
}

const char *
out_stage(const struct out *o)
{
	return o->dryrun || o->failed ? NULL : o->stage;
}

void
out_keep_html(struct out *o, int keep)
{
	o->html = keep;
}

char *
out_sidecar(struct out *o, const char *kind)
{
	if (o->nside == sizeof(o->side) / sizeof(o->side[0]))
		abort();
	o->side[o->nside] = xasprintf("%s/.%s-%s.zip.tmp-%ld", o->outdir,
	    o->id, kind, (long)getpid());
	o->sidefinal[o->nside] = xasprintf("%s/%s-%s.zip", o->outdir, o->id,
	    kind);
	return o->side[o->nside++];
}

static void
out_free(struct out *o)
{
	size_t	 i;

	for (i = 0; i < o->nside; i++) {
		unlink(o->side[i]);	/* gone already after a commit */
		free(o->side[i]);
		free(o->sidefinal[i]);
	}
	free(o->outdir);
	free(o->id);
	free(o->final);
	free(o->stage);
	free(o);
}

int
out_commit(struct out *o)
{
	struct stat	 st;
	size_t		 i;
	int		 rc = 0;

	if (o->dryrun) {
		out_free(o);
		return 1;
	}
	if (o->failed)
		goto out;
	if (!o->html)
		goto packages;
	if (lstat(o->final, &st) == 0) {
		/* Swap old and new in one step; the old tree then sits at
		 * the staging name and is removed. */
		if (renameat2(AT_FDCWD, o->stage, AT_FDCWD, o->final,
		    RENAME_EXCHANGE) == -1) {
			if (errno != EINVAL && errno != ENOSYS) {
				msg(MSG_WRITE, o->final, 0, 0, "%s",
				    strerror(errno));
				goto out;
			}
			/* Filesystem without exchange: two renames. */
			if (!path_rmtree(o->final) ||
			    rename(o->stage, o->final) == -1) {
				msg(MSG_WRITE, o->final, 0, 0, "%s",
				    strerror(errno));
				goto out;
			}
		}
	} else if (rename(o->stage, o->final) == -1) {
		msg(MSG_WRITE, o->final, 0, 0, "%s", strerror(errno));
		goto out;
	}
packages:
	for (i = 0; i < o->nside; i++)
		if (rename(o->side[i], o->sidefinal[i]) == -1) {
			msg(MSG_WRITE, o->sidefinal[i], 0, 0, "%s",
			    strerror(errno));
			goto out;
		}
	rc = 1;
out:
	path_rmtree(o->stage);
	out_free(o);
	return rc;
}

void
out_abort(struct out *o)
{
	if (!o->dryrun)
		path_rmtree(o->stage);
	out_free(o);
}
