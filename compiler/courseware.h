/*
 * courseware.h: the model every stage shares.  A course is loaded
 * (course.c), its lessons parsed and checked (markdown.c), rendered
 * through a theme (render.c, theme.c) and written (output.c).
 * Include after <stddef.h> and "util.h".
 */
#ifndef COURSEWARE_H
#define COURSEWARE_H

struct cmark_node;
struct theme;

/* Where a value came from, for diagnostics. */
struct pos {
	int		 line;		/* 1-based line, 0 if unknown */
	int		 col;		/* 1-based byte column, 0 if unknown */
};

/* A heading of a lesson, with its stable anchor. */
struct heading {
	char		*text;		/* plain text of the heading */
	char		*anchor;	/* unique id within the page */
	int		 level;		/* 1..6 */
};

/* A file copied from the course folder into the output. */
struct asset {
	char		*path;		/* course-relative, normalised */
};

struct module;

struct lesson {
	char		*src;		/* course-relative source, "m/01-a.md" */
	char		*file;		/* path for diagnostics: dir + "/" + src */
	char		*slug;		/* page name without ".html" */
	char		*href;		/* course-relative page, "m/a.html" */
	char		*title;		/* front matter title or first heading */
	char		**objectives;	/* front matter objectives (plain text) */
	size_t		 nobjectives;	/* number of objectives */
	int		 duration;	/* minutes, 0 if not given */
	int		 body_line;	/* source line where Markdown starts */
	struct module	*module;	/* owning module, never NULL */
	size_t		 index;		/* 0-based position in the course */
	char		*text;		/* Markdown body (after front matter) */
	struct cmark_node *doc;		/* parsed tree, NULL once rendered */
	struct heading	*headings;	/* every heading in document order */
	size_t		 nheadings;	/* number of headings */
	struct smap	 anchors;	/* anchor -> heading, for link checks */
};

struct module {
	char		*dir;		/* course-relative folder, "" for root */
	char		*slug;		/* output folder, "" for root lessons */
	char		*title;		/* module.yml title or from folder name */
	char		*description;	/* module.yml description, or NULL */
	struct lesson	**lessons;	/* lessons in order */
	size_t		 nlessons;	/* number of lessons */
	size_t		 index;		/* 0-based position among modules */
};

struct course {
	char		*dir;		/* course folder as given by the user */
	char		*yml;		/* path of course.yml, for diagnostics */
	char		*id;		/* [a-z0-9-]+, default the folder name */
	char		*title;		/* required */
	char		*language;	/* BCP 47 tag, default "en" */
	char		*version;	/* free text, or NULL */
	char		*description;	/* plain text, or NULL */
	char		**authors;	/* author names */
	size_t		 nauthors;	/* number of authors */
	char		*theme;		/* theme name or path, or NULL */
	struct pos	 theme_pos;	/* where theme: was given */
	int		 passing_score;	/* percent, default 80 */
	int		 allow_html;	/* keep raw HTML from Markdown */
	struct module	**modules;	/* modules in order; root lessons form
					   an untitled first module */
	size_t		 nmodules;	/* number of modules */
	struct lesson	**lessons;	/* every lesson in reading order */
	size_t		 nlessons;	/* number of lessons */
	struct smap	 bysrc;		/* source path -> lesson */
	struct smap	 outputs;	/* output path -> owner (collisions) */
	struct asset	**assets;	/* files to copy, in discovery order */
	size_t		 nassets;	/* number of assets */
	struct smap	 byasset;	/* asset path -> asset */
	struct smap	 strings;	/* course.yml "strings:" overrides */
};

#endif /* !COURSEWARE_H */
