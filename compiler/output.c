/*
 * output.c: stage 5.  A course is written into a staging folder beside
 * its final place and swapped in only when the whole build succeeded,
 * so a failed build never clobbers earlier good output.  The output
 * folder may not overlap a course (coursec(1), SAFETY), and what a
 * killed build left behind is removed by the next one.
 */
#define _GNU_SOURCE	/* renameat2(2) */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "courseware.h"
#include "extern.h"
#include "msg.h"
#include "safepath.h"

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
	char	*sidebak[4];	/* the previous packages, kept until the
				   new ones are all in place */
	size_t	 nside;
};

/*
 * The real path p has or will have: realpath(3) of the part that
 * exists, the rest appended.  NULL if even that fails.  Caller frees.
 */
static char *
real_loose(const char *p)
{
	char		*r, *dir, *up;
	const char	*base;
	size_t		 n;

	if ((r = realpath(p, NULL)) != NULL)
		return r;
	if (errno != ENOENT)
		return NULL;
	n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		n--;
	base = p + n;
	while (base > p && base[-1] != '/')
		base--;
	dir = base == p ? xstrdup(".") : base == p + 1 ? xstrdup("/") :
	    xstrndup(p, (size_t)(base - p - 1));
	up = real_loose(dir);
	free(dir);
	if (up == NULL)
		return NULL;
	n = (size_t)(p + n - base);
	if (n == 0 || (n == 1 && base[0] == '.'))
		return up;
	if (n == 2 && base[0] == '.' && base[1] == '.') {
		r = strcmp(up, "/") == 0 ? xstrdup("/") : path_dir(up);
		if (r[0] == '\0') {
			free(r);
			r = xstrdup("/");
		}
		free(up);
		return r;
	}
	dir = xstrndup(base, n);
	r = path_join(up, dir);
	free(dir);
	free(up);
	return r;
}

/* Refuses outdir if it is folder or inside it, or holds it. */
static int
overlap_ok(const char *outdir, const struct sproot *out, const char *dir,
    const char *what)
{
	struct sproot	 in;

	if (!sp_root(&in, dir, what))
		return 1;	/* not a folder: reported when loaded */
	if (sp_inside(&in, out->real)) {
		msg_usage("output folder '%s' is %s %s folder %s: "
		    "refusing to build, its files would be replaced", outdir,
		    strcmp(in.real, out->real) == 0 ? "the" : "inside the",
		    what, dir);
		sp_root_free(&in);
		return 0;
	}
	if (sp_inside(out, in.real)) {
		msg_usage("output folder '%s' holds the %s folder %s: "
		    "refusing to build, its files could be replaced", outdir,
		    what, dir);
		sp_root_free(&in);
		return 0;
	}
	sp_root_free(&in);
	return 1;
}

int
out_check(const char *outdir, char *const *dirs, size_t n,
    const char *theme)
{
	struct sproot	 out;
	size_t		 i;
	int		 ok = 1;

	if (outdir[0] == '\0') {
		msg_usage("the output folder is an empty name");
		return 0;
	}
	out.what = "output";
	if ((out.real = real_loose(outdir)) == NULL) {
		msg_usage("output folder '%s': %s", outdir, strerror(errno));
		return 0;
	}
	for (i = 0; i < n; i++)
		if (!overlap_ok(outdir, &out, dirs[i], "course"))
			ok = 0;
	if (theme != NULL && !overlap_ok(outdir, &out, theme, "theme"))
		ok = 0;
	sp_root_free(&out);
	return ok;
}

/*
 * Whether name is one of our temporary names, ".ID.staging-PID",
 * ".ID-KIND.zip.tmp-PID", ".ID-KIND.zip.bak-PID" or ".ID.old-PID",
 * left by a process that is gone.
 */
static int
stale(const char *name)
{
	static const char *const marks[] = { ".staging-", ".zip.tmp-",
		".zip.bak-", ".old-", NULL };
	const char	*p, *digits = NULL;
	size_t		 i;
	long		 pid;

	if (name[0] != '.')
		return 0;
	for (i = 0; marks[i] != NULL && digits == NULL; i++)
		if ((p = strstr(name + 1, marks[i])) != NULL && p > name + 1)
			digits = p + strlen(marks[i]);
	if (digits == NULL || *digits == '\0')
		return 0;
	for (p = digits; *p != '\0'; p++)
		if (!isdigit((unsigned char)*p))
			return 0;
	pid = strtol(digits, NULL, 10);
	if (pid <= 0 || pid == (long)getpid())
		return 0;
	/* EPERM: alive, someone else's. */
	return kill((pid_t)pid, 0) == -1 && errno == ESRCH;
}

/* Removes what killed builds left in outdir. */
static void
sweep(const char *outdir)
{
	DIR		*d;
	struct dirent	*de;
	char		*p;

	if ((d = opendir(outdir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL)
		if (stale(de->d_name)) {
			p = path_join(outdir, de->d_name);
			path_rmtree(p);
			free(p);
		}
	closedir(d);
}

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
	} else
		sweep(outdir);
	return o;
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
	if (!fd_write(fd, data, len) || close(fd) == -1) {
		msg(MSG_WRITE, path, 0, 0, "%s", strerror(errno));
		o->failed = 1;
		rc = 0;
	}
	free(path);
	return rc;
}

int
out_copy(struct out *o, const char *rel, int in, const char *src)
{
	char	 chunk[65536], *path = NULL;
	ssize_t	 n;
	int	 fd, rc = 0;

	if (o->dryrun || o->failed) {
		close(in);
		return !o->failed;
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
		if (!fd_write(fd, chunk, (size_t)n)) {
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
	o->sidebak[o->nside] = xasprintf("%s/.%s-%s.zip.bak-%ld", o->outdir,
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
		unlink(o->sidebak[i]);
		free(o->side[i]);
		free(o->sidebak[i]);
		free(o->sidefinal[i]);
	}
	free(o->outdir);
	free(o->id);
	free(o->final);
	free(o->stage);
	free(o);
}

/*
 * Puts the new tree and packages in place, all or none: the old
 * packages stay linked under a backup name and the old tree at the
 * staging name until every rename succeeded, so a failure part way
 * puts them back instead of leaving new pages beside an old zip.
 */
int
out_commit(struct out *o)
{
	struct stat	 st;
	char		*old;
	size_t		 i, j;
	int		 rc = 0, had[4] = { 0, 0, 0, 0 };
	int		 tree = 0;	/* 1 exchanged, 2 renamed, 3 moved */

	if (o->dryrun) {
		out_free(o);
		return 1;
	}
	old = xasprintf("%s/.%s.old-%ld", o->outdir, o->id, (long)getpid());
	if (o->failed)
		goto out;
	for (i = 0; i < o->nside; i++) {
		unlink(o->sidebak[i]);
		/* Only a file can be linked; anything else in the way
		 * makes the rename below fail, and that is undone. */
		if (lstat(o->sidefinal[i], &st) == -1 || !S_ISREG(st.st_mode))
			continue;
		if (link(o->sidefinal[i], o->sidebak[i]) == 0)
			had[i] = 1;
		else {
			msg(MSG_WRITE, o->sidebak[i], 0, 0, "%s",
			    strerror(errno));
			goto out;
		}
	}
	if (!o->html)
		goto packages;
	if (lstat(o->final, &st) == 0) {
		/* Swap old and new in one step; the old tree then sits at
		 * the staging name and is removed. */
		if (renameat2(AT_FDCWD, o->stage, AT_FDCWD, o->final,
		    RENAME_EXCHANGE) == 0)
			tree = 1;
		else if (errno != EINVAL && errno != ENOSYS) {
			msg(MSG_WRITE, o->final, 0, 0, "%s", strerror(errno));
			goto out;
		} else if (rename(o->final, old) == -1) {
			/* Filesystem without exchange: two renames. */
			msg(MSG_WRITE, o->final, 0, 0, "%s", strerror(errno));
			goto out;
		} else if (rename(o->stage, o->final) == -1) {
			msg(MSG_WRITE, o->final, 0, 0, "%s", strerror(errno));
			rename(old, o->final);
			goto out;
		} else
			tree = 3;
	} else if (rename(o->stage, o->final) == -1) {
		msg(MSG_WRITE, o->final, 0, 0, "%s", strerror(errno));
		goto out;
	} else
		tree = 2;
packages:
	for (i = 0; i < o->nside; i++)
		if (rename(o->side[i], o->sidefinal[i]) == -1) {
			msg(MSG_WRITE, o->sidefinal[i], 0, 0, "%s",
			    strerror(errno));
			goto undo;
		}
	rc = 1;
	goto out;
undo:
	for (j = 0; j < i; j++)
		if (had[j])
			rename(o->sidebak[j], o->sidefinal[j]);
		else
			unlink(o->sidefinal[j]);
	if (tree == 1)
		renameat2(AT_FDCWD, o->stage, AT_FDCWD, o->final,
		    RENAME_EXCHANGE);
	else if (tree == 2)
		rename(o->final, o->stage);
	else if (tree == 3 && rename(o->final, o->stage) == 0)
		rename(old, o->final);
out:
	path_rmtree(o->stage);
	path_rmtree(old);
	free(old);
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
