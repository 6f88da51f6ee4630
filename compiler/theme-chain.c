/*
 * theme-chain.c: where themes are and which themes a theme extends.
 *
 * A theme may hold a theme.yml whose "extends: NAME" makes it a layer
 * over another theme: every template, partial, strings file and asset
 * is looked up in the theme first, then in the one it extends, and so
 * on; strings files merge key by key.  A theme then holds only what it
 * changes.  NAME is a plain name: a folder beside the theme, else an
 * installed theme (theme_find).  Used by theme.c (loading) and build.c
 * (the theme: lookup).
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "msg.h"
#include "meta.h"
#include "safepath.h"
#include "theme.h"

#ifndef DATADIR
#define DATADIR "/usr/local/share/coursec"
#endif

/*
 * Looks a theme up by name next to the executable (an uninstalled
 * build run from anywhere), in DATADIR (installed), then in
 * BINDIR/../share (a relocated install).  Never the working directory:
 * the result must not depend on where coursec is run from.  tried (if
 * not NULL) gets the folders looked in, for a message.  Caller frees.
 */
char *
theme_find(const char *name, struct buf *tried)
{
	char	*p = NULL, *exe, *bin = NULL, *where[3];
	size_t	 i;

	if ((exe = realpath("/proc/self/exe", NULL)) != NULL) {
		bin = path_dir(exe);
		free(exe);
	}
	where[0] = bin != NULL ? xasprintf("%s/themes", bin) : NULL;
	where[1] = xstrdup(DATADIR "/themes");
	where[2] = bin != NULL ? xasprintf("%s/../share/coursec/themes",
	    bin) : NULL;
	free(bin);
	for (i = 0; i < 3; i++) {
		if (where[i] == NULL)
			continue;
		if (p == NULL) {
			p = xasprintf("%s/%s", where[i], name);
			if (path_is_dir(p))
				continue;
			free(p);
			p = NULL;
		}
		if (tried != NULL)
			buf_printf(tried, "%s%s", tried->len ? ", " : "",
			    where[i]);
	}
	for (i = 0; i < 3; i++)
		free(where[i]);
	return p;
}

/* The theme dir extends, from its theme.yml: NULL for none, or for an
 * error (reported, and *bad set). */
static char *
extends_of(const char *dir, int *bad)
{
	struct sproot	 root;
	struct ydoc	 y;
	yaml_node_t	*top, *n;
	enum sp_why	 why;
	char		*file, *text, *name = NULL, *parent = NULL, *up;
	size_t		 len;
	int		 before;
	static const char *const keys[] = { "extends", NULL };

	if (!sp_root(&root, dir, "theme"))
		return NULL;	/* theme_load reports the folder */
	file = path_join(dir, "theme.yml");
	if ((text = sp_read(&root, file, SP_MAX_YAML, &len, &why)) == NULL) {
		if (why != SP_MISSING) {
			*bad = 1;
			sp_report(why, &root, file, 0, 0, file, SP_MAX_YAML);
		}
		goto out;
	}
	before = msg_count(MSGL_ERROR);
	top = ydoc_load(&y, file, 0, text, len);
	if (msg_count(MSGL_ERROR) > before)
		*bad = 1;
	if (top != NULL) {
		y_check_keys(&y, top, keys);
		if ((n = y_get(&y, top, "extends")) != NULL &&
		    (name = y_str(&y, n, "extends")) != NULL &&
		    (name[0] == '\0' || name[0] == '.' ||
		    strchr(name, '/') != NULL)) {
			msg(MSG_THEME, file, y_line(&y, n), y_col(&y, n),
			    "extends: %s is not a theme name", name);
			msg_help("name a theme folder beside this one, or an "
			    "installed theme, such as 'default'");
			*bad = 1;
			free(name);
			name = NULL;
		}
		if (n != NULL && name == NULL)
			*bad = 1;
		if (name != NULL) {
			/* A folder beside this one, else an installed
			 * theme. */
			up = path_dir(root.real);
			parent = path_join(up, name);
			free(up);
			if (!path_is_dir(parent)) {
				free(parent);
				parent = theme_find(name, NULL);
			}
			if (parent == NULL) {
				msg(MSG_THEME, file, y_line(&y, n),
				    y_col(&y, n), "theme '%s' not found",
				    name);
				*bad = 1;
			}
		}
	}
	ydoc_free(&y);
	free(name);
out:
	free(text);
	free(file);
	sp_root_free(&root);
	return parent;
}

size_t
theme_chain(const char *dir, char **dirs)
{
	char	*real[THEME_MAX_CHAIN], *next;
	size_t	 n = 0, i;
	int	 bad = 0;

	dirs[n] = xstrdup(dir);
	real[n++] = realpath(dir, NULL);
	while ((next = extends_of(dirs[n - 1], &bad)) != NULL) {
		if (n == THEME_MAX_CHAIN) {
			msg(MSG_THEME, dirs[0], 0, 0, "themes extend more "
			    "than %d deep", THEME_MAX_CHAIN);
			free(next);
			bad = 1;
			break;
		}
		dirs[n] = next;
		real[n] = realpath(next, NULL);
		for (i = 0; i < n; i++)
			if (real[n] != NULL && real[i] != NULL &&
			    strcmp(real[i], real[n]) == 0)
				break;
		n++;
		if (i < n - 1) {
			msg(MSG_THEME, dirs[n - 2], 0, 0, "themes extend "
			    "each other in a loop (%s again)", dirs[n - 1]);
			bad = 1;
			break;
		}
	}
	for (i = 0; i < n; i++)
		free(real[i]);
	if (bad) {
		for (i = 0; i < n; i++)
			free(dirs[i]);
		return 0;
	}
	return n;
}
