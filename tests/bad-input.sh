#!/bin/sh
# Bad-input suite: hostile or broken course folders, themes and command
# lines (coursec(1), SAFETY).  Each case starts from a good course and a
# good earlier build, breaks something, and builds again.  It must:
#   - exit with the status in the table below, within its time bound;
#   - print exactly tests/bad-input/NAME.err (paths under the case
#     folder, the repository as @ROOT@; "exit N" last);
#   - leave the earlier output untouched when it fails (and no staging);
#   - change nothing outside the output folder (sources, the sentinel
#     folder beside them), and publish nothing from the sentinel.
# Cases needing symlinks, FIFOs or odd bytes are generated here at run
# time; nothing of the kind is committed.  REGEN=1 rewrites the .err
# files; SLOW=N multiplies the time bounds (sanitizer builds); ONLY=a,b
# runs only the cases named.
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
COURSEC=${COURSEC:-./coursec}
case $COURSEC in /*) ;; *) COURSEC=$ROOT/$COURSEC ;; esac
GOLD=$ROOT/tests/bad-input
W=${BAD_INPUT_OUT:-$ROOT/tests/out/bad-input}
SLOW=${SLOW:-1}
DEFTHEME=$ROOT/themes/default
rm -rf "$W"
mkdir -p "$W"
pass=0 fail=0

# --- the good course every case starts from --------------------------

base() {
	mkdir -p src/02-module/images src/assets/fonts sentinel/mod \
	    sentinel/dir
	printf 'title: Bad input\nid: c\nlanguage: en\n' >src/course.yml
	printf '# One\n\n## Start\n\nRead [two](02-module/01-two.md).\n' \
	    >src/01-one.md
	printf -- '---\ntitle: Two\n---\n\nBack to [one](../01-one.md#start).\n\n![A loop](images/loop.svg)\n' \
	    >src/02-module/01-two.md
	printf 'title: The module\n' >src/02-module/module.yml
	printf '<svg xmlns="http://www.w3.org/2000/svg"/>\n' \
	    >src/02-module/images/loop.svg
	printf 'body { color: black; }\n' >src/assets/site.css
	printf 'font\n' >src/assets/fonts/a.woff
	# What no build may read, publish or change.
	printf 'SENTINEL-SECRET\n' >sentinel/secret.txt
	printf 'SENTINEL-SECRET\n' >sentinel/secret.png
	printf 'title: SENTINEL-SECRET\n' >sentinel/course.yml
	printf '# SENTINEL-SECRET\n' >sentinel/mod/01-x.md
	printf 'SENTINEL-SECRET\n' >sentinel/dir/x.css
	printf '{{course.title|html}} SENTINEL-SECRET\n' >sentinel/t.html
	printf 'x: SENTINEL-SECRET\n' >sentinel/strings.yml
}


lesson() {	# lesson FILE TEXT: a lesson at the course root
	printf '%b' "$2" >"src/$1"
}

# --- helpers -----------------------------------------------------------

# A listing of a tree with each entry's type, link target, mode, size,
# modification time (ns) and inode: any write, chmod or replacement
# shows (not the change time: putting a file back by rename sets it).
# The top folder itself is left out: a staging folder made and removed
# beside the earlier output touches its times, not its contents; the
# incremental-build cache (.coursec/) is no output.
# FIFOs are listed, never opened; out/ is left out of the case folder.
snap() {
	( cd "$1" 2>/dev/null && find . -mindepth 1 -path ./out -prune -o \
	    -path ./.coursec -prune -o \
	    -printf '%y %p %l %m %s %T@ %i\n' | LC_ALL=C sort ) | cksum
}

ok() { echo "PASS: bad-input $1"; pass=$((pass + 1)); }
ko() { echo "FAIL: bad-input $1"; fail=$((fail + 1)); }

# run NAME WANT LIMIT: sets the case up (base, then b_NAME breaks it),
# runs r_NAME (default: a build of src into out) and checks everything.
run() {
	name=$1 want=$2 limit=$(($3 * SLOW))
	d=$W/$name
	r=$W/$name.run		# what the run leaves, outside the case
	cp -R "$W/template" "$d"
	cd "$d" || return
	THEME=$DEFTHEME
	[ "${NEEDS_THEME:-0}" = 1 ] && THEME=theme
	"b_$name"
	before_out=$(snap out 2>/dev/null)
	before_all=$(snap .)
	if command -v "r_$name" >/dev/null 2>&1; then
		( "r_$name" ) >"$r.stdout" 2>"$r.stderr"
		rc=$?
	else
		timeout -k 2 "$limit" "$COURSEC" build -o out --theme "$THEME" \
		    src >"$r.stdout" 2>"$r.stderr"
		rc=$?
	fi
	sed "s|$ROOT|@ROOT@|g" "$r.stderr" >"$r.err"
	echo "exit $rc" >>"$r.err"
	[ "${REGEN:-0}" = 1 ] && cp "$r.err" "$GOLD/$name.err"
	bad=""
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		bad="$bad, over its time bound of ${limit}s"
	elif [ "$rc" != "$want" ]; then
		bad="$bad, exit $rc instead of $want"
	fi
	if [ ! -f "$GOLD/$name.err" ]; then
		bad="$bad, no $GOLD/$name.err"
	elif ! diff -u "$GOLD/$name.err" "$r.err" >"$r.diff"; then
		bad="$bad, diagnostics differ"
	fi
	if [ "$rc" != 0 ] && [ "$(snap out 2>/dev/null)" != "$before_out" ]; then
		bad="$bad, earlier output changed"
	fi
	if [ "$(snap .)" != "$before_all" ]; then
		bad="$bad, something outside the output changed"
	fi
	if [ -d out ] && grep -rqs SENTINEL-SECRET out; then
		bad="$bad, published a file from outside"
	fi
	if command -v "x_$name" >/dev/null 2>&1 && ! "x_$name"; then
		bad="$bad, its own check failed"
	fi
	if ls -a out 2>/dev/null | grep -q -e '\.staging-' -e '\.tmp-' \
	    -e '\.bak-' -e '\.old-'; then
		bad="$bad, temporary files left in out"
	fi
	if [ -z "$bad" ]; then
		ok "$name"
	else
		ko "$name${bad}"
		[ -s "$r.diff" ] && head -20 "$r.diff"
	fi
	cd "$ROOT" || exit 1
	NEEDS_THEME=0
}

build() {	# the usual build, with other options
	timeout -k 2 "$limit" "$COURSEC" build "$@"
}

# The manifests of a build are well-formed XML.
manifests_ok() {
	for z in out/*.zip; do
		unzip -p "$z" imsmanifest.xml | xmllint --noout - || return 1
	done
}

# --- data loss: the output folder must not overlap a course ------------

b_out_parent() { :; }
r_out_parent() { build -o . --theme "$THEME" src; }
b_out_is_course() { :; }
r_out_is_course() { build -o src --theme "$THEME" src; }
b_out_inside_course() { :; }
r_out_inside_course() { build -o src/html --theme "$THEME" src; }
b_out_inside_assets() { :; }
r_out_inside_assets() { build -o src/assets --theme "$THEME" src; }
b_out_empty() { :; }
r_out_empty() { build -o '' --theme "$THEME" src; }
b_out_link_to_course() { ln -s src outlink; }
r_out_link_to_course() { build -o outlink --theme "$THEME" src; }
b_out_dotdot() { :; }
r_out_dotdot() { build -o src/assets/../.. --theme "$THEME" src; }
b_out_new_inside() { :; }
r_out_new_inside() { build -o src/new/deeper --theme "$THEME" src; }
b_id_is_folder() { printf 'title: T\nid: assets\n' >src/course.yml; }
r_id_is_folder() { build -o src --theme "$THEME" src; }
b_out_is_theme() { :; }
r_out_is_theme() { build -o theme --theme theme src; }
b_out_holds_theme() { :; }
r_out_holds_theme() { build -o . --theme theme src; }
b_out_second_course() { cp -R src src2; sed -i 's/id: c/id: d/' src2/course.yml; }
r_out_second_course() { build -o src2/x --theme "$THEME" src src2; }

# --- crashes -----------------------------------------------------------

b_no_course_yml() { rm src/course.yml; }
b_empty_folder() { rm -rf src; mkdir src; }
b_course_yml_dir() { rm src/course.yml; mkdir src/course.yml; }
b_course_yml_fifo() { rm src/course.yml; mkfifo src/course.yml; }
b_course_yml_dangling() { rm src/course.yml; ln -s nowhere.yml src/course.yml; }
b_course_yml_outside() { rm src/course.yml; ln -s ../sentinel/course.yml src/course.yml; }
b_course_yml_empty() { : >src/course.yml; }
b_course_yml_loop() { rm src/course.yml; ln -s course.yml src/course.yml; }
b_partial_self() { printf '{{> self}}\n' >theme/partials/self.html;
	printf '{{> self}}\n' >>theme/templates/index.html; }
b_partial_cycle() { printf '{{> pb}}\n' >theme/partials/pa.html;
	printf '{{> pa}}\n' >theme/partials/pb.html;
	printf '{{> pa}}\n' >>theme/templates/lesson.html; }
b_partial_chain() {
	i=0
	while [ $i -lt 80 ]; do
		printf '{{> p%d}}\n' $((i + 1)) >theme/partials/p$i.html
		i=$((i + 1))
	done
	printf 'end\n' >theme/partials/p80.html
	printf '{{> p0}}\n' >>theme/templates/index.html
}
b_template_deep() { python3 -c "print('{{#if lang}}' * 20000 + '{{/if}}' * 20000)" >>theme/templates/index.html; }
b_each_explosion() {
	python3 -c "print('{{#each modules}}' * 31 + 'x' + '{{/each}}' * 31)" >>theme/templates/index.html
	for m in 03-a 04-b 05-c 06-d; do
		mkdir src/$m
		printf '# M%s\n' $m >src/$m/01-l.md
	done
}

# --- hangs and runaway work ------------------------------------------

b_headings_20000() { python3 -c "
print('# Many')
for i in range(20000): print('\n## Same heading')" >src/03-many.md; }
x_headings_20000() { grep -q 'id="same-heading-19999"' out/c/many.html; }
b_assets_loop() { ln -s . src/assets/loop; }
b_assets_two_loops() { mkdir -p src/assets/a src/assets/b;
	ln -s ../b src/assets/a/tob; ln -s ../a src/assets/b/toa; }
b_assets_loop_up() { mkdir -p src/assets/x; ln -s .. src/assets/x/up; }
b_lesson_fifo() { mkfifo src/03-fifo.md; }
b_module_yml_fifo() { rm src/02-module/module.yml; mkfifo src/02-module/module.yml; }
b_template_fifo() { rm theme/partials/footer.html; mkfifo theme/partials/footer.html; }
b_asset_fifo() { mkfifo src/assets/pipe.css; }
b_image_fifo() { mkfifo src/pipe.png; printf '\n![A pipe](pipe.png)\n' >>src/01-one.md; }
b_strings_fifo() { rm theme/strings/en.yml; mkfifo theme/strings/en.yml; }
b_check_fifo() { mkfifo src/03-fifo.md; }
r_check_fifo() { timeout -k 2 "$limit" "$COURSEC" check --theme "$THEME" src; }
b_yaml_deep_course() { python3 -c "print('title: T\nx: ' + '[' * 40000 + ']' * 40000)" >src/course.yml; }
b_yaml_deep_front() { python3 -c "print('---\ntitle: T\nx: ' + '{a: ' * 40000 + '1' + '}' * 40000 + '\n---\nText.')" >src/03-deep.md; }
b_yaml_deep_module() { python3 -c "print('title: M\nx: ' + '{a: ' * 30000 + '1' + '}' * 30000)" >src/02-module/module.yml; }
b_yaml_deep_strings() { python3 -c "print('x: ' + '[' * 30000)" >theme/strings/en.yml; }
b_lesson_huge() { python3 -c "
print('# Huge')
for i in range(1000000): print('Some words of a lesson that goes on and on.')" >src/03-huge.md; }
b_lesson_quadratic() { python3 -c "
print('# Links\n\n## Sec\n')
for i in range(7000): print('Some *text* of one long paragraph [link](#sec).')" >src/03-links.md; }
b_table_wide() { python3 -c "
print('# Wide\n')
print('|' + '|'.join('h%d' % i for i in range(5000)) + '|')
print('|' + '|'.join('-' for i in range(5000)) + '|')
for r in range(300): print('|x|')" >src/03-wide.md; }
b_table_long() { python3 -c "
print('# Long\n')
print('| a | b | c | d | e | f |')
print('|---|---|---|---|---|---|')
for r in range(20000): print('| 1 | 2 | 3 | 4 | 5 | 6 |')" >src/03-long.md; }
b_table_fine() { python3 -c "
print('# Table\n')
print('| a | b |')
print('|---|---|')
for r in range(2000): print('| 1 | 2 |')" >src/03-table.md; }
b_course_yml_huge() { python3 -c "
print('title: T')
print('description: ' + 'x' * 400000)" >src/course.yml; }
b_template_huge() { python3 -c "print('x' * 1200000)" >>theme/partials/footer.html; }

# --- leaks: every read stays in the course or the theme ---------------

b_lesson_link_out() { ln -s ../sentinel/mod/01-x.md src/03-out.md; }
b_module_yml_link_out() { rm src/02-module/module.yml;
	ln -s ../../sentinel/course.yml src/02-module/module.yml; }
b_module_dir_link_out() { ln -s ../sentinel/mod src/03-outside; }
b_module_listed_out() { printf 'title: T\nid: c\nmodules: [02-module, 03-outside]\n' >src/course.yml;
	ln -s ../sentinel/mod src/03-outside; }
b_image_link_out() { ln -s ../sentinel/secret.png src/secret.png;
	printf '\n![Secret](secret.png)\n' >>src/01-one.md; }
b_asset_link_out() { ln -s ../../sentinel/secret.txt src/assets/secret.txt; }
b_asset_dir_link_out() { ln -s ../../sentinel/dir src/assets/dir; }
b_asset_abs_link() { ln -s "$W/asset_abs_link/sentinel/secret.txt" src/assets/abs.txt; }
b_theme_asset_link() { ln -s ../../sentinel/secret.txt theme/assets/secret.css; }
b_theme_asset_dir_link() { ln -s ../../sentinel/dir theme/assets/dir; }
b_theme_template_link() { rm theme/templates/index.html;
	ln -s ../../sentinel/t.html theme/templates/index.html; }
b_theme_partial_link() { rm theme/partials/footer.html;
	ln -s ../../sentinel/t.html theme/partials/footer.html; }
b_theme_strings_link() { rm theme/strings/en.yml;
	ln -s ../../sentinel/strings.yml theme/strings/en.yml; }
b_theme_path_outside() { mkdir -p sentinel/th; cp -R theme/templates theme/partials sentinel/th/;
	mkdir sentinel/th/assets; printf 'SENTINEL-SECRET\n' >sentinel/th/assets/x.css;
	printf 'title: T\nid: c\ntheme: ../sentinel/th\n' >src/course.yml; }
r_theme_path_outside() { build -o out src; }
b_theme_path_inside() { cp -R theme src/mytheme; printf 'title: Own theme\nid: c\ntheme: ./mytheme\n' >src/course.yml; }
r_theme_path_inside() { build -o out src; }
x_theme_path_inside() { grep -q 'Own theme' out/c/index.html; }
b_link_dotdot() { printf '\n![Secret](../sentinel/secret.png)\n' >>src/01-one.md; }
b_link_encoded_dotdot() { printf '\n![Secret](%%2e%%2e/sentinel/secret.png)\n' >>src/01-one.md; }
b_link_absolute() { printf '\n[Secret](/etc/passwd)\n' >>src/01-one.md; }
b_file_url_link() { printf '\n[Secret](file:///etc/passwd)\n' >>src/01-one.md; }
b_file_url_image() { printf '\n![Secret](file:///etc/hosts)\n' >>src/01-one.md; }
b_file_url_upper() { printf '\n[Secret](FILE:///etc/passwd)\n' >>src/01-one.md; }
b_file_url_quiz() { printf '\n```quiz\nid: q\n? See [this](file:///etc/passwd)\n( ) a\n(x) b\n```\n' >>src/01-one.md; }

# --- names the compiler generates are reserved -----------------------

b_reserved_scorm_html() { printf '<script>evil()</script>\n' >src/scorm.html;
	printf '\n[Launch](scorm.html)\n' >>src/01-one.md; }
b_reserved_theme_js() { mkdir -p src/_theme; printf 'evil()\n' >src/_theme/quiz.js;
	printf '\n[Quiz](_theme/quiz.js)\n' >>src/01-one.md; }
b_reserved_index() { printf '<p>home</p>\n' >src/index.html;
	printf '\n[Home](index.html)\n' >>src/01-one.md; }
b_reserved_manifest() { printf '<manifest/>\n' >src/imsmanifest.xml;
	printf '\n[M](imsmanifest.xml)\n' >>src/01-one.md; }
b_reserved_lesson_scorm() { lesson scorm.md '# Scorm\n\nA lesson named like the launch page.\n'; }

# --- names that cannot go into a zip or a manifest ----------------------

b_name_backslash() { printf 'x\n' >'src/assets/a\b.css'; }
b_name_control() { printf 'x\n' >"src/assets/a$(printf '\001')b.css"; }
b_name_utf8() { printf 'x\n' >"src/assets/a$(printf '\377')b.css"; }
b_name_linked_backslash() { printf 'x\n' >'src/a\b.png';
	printf '\n![Back](a%%5Cb.png)\n' >>src/01-one.md; }
b_name_escape_lesson() { printf '# Red\n\n[x](nowhere.md)\n' >"src/03-$(printf '\033')[31mred.md"; }

# --- silent input must speak -------------------------------------------

b_nul_byte() { printf '# Nul\n\nBefore\000after, and [a link](nowhere.md).\n' >src/03-nul.md; }
b_invalid_utf8() { printf '# Bad\n\nCaf\351 cr\350me.\n' >src/03-latin1.md; }
b_overlong_utf8() { printf '# Bad\n\nA \300\257 slash.\n' >src/03-overlong.md; }
b_surrogate_utf8() { printf '# Bad\n\nA \355\240\200 surrogate.\n' >src/03-surrogate.md; }
b_bom_lesson() { printf '\357\273\277---\ntitle: With a BOM\n---\n\nText.\n' >src/03-bom.md; }
x_bom_lesson() { grep -q 'With a BOM' out/c/bom.html; }
b_bom_course_yml() { printf '\357\273\277title: BOM course\nid: c\n' >src/course.yml; }
x_bom_course_yml() { grep -q 'BOM course' out/c/index.html; }
b_dup_key_course() { printf 'title: One\nid: c\ntitle: Two\n' >src/course.yml; }
b_dup_key_front() { printf -- '---\ntitle: A\nduration: 5\ntitle: B\n---\nText.\n' >src/03-dup.md; }
b_dup_key_module() { printf 'title: A\ndescription: d\ntitle: B\n' >src/02-module/module.yml; }
b_dup_key_nested() { printf 'title: T\nid: c\nstrings:\n  next: Next\n  next: Onward\n' >src/course.yml; }
b_dup_key_strings() { printf 'next: A\nnext: B\n' >>theme/strings/en.yml; }
b_lesson_dangling() { ln -s nowhere.md src/03-dangling.md; }
b_lesson_dir() { mkdir src/03-folder.md; }
b_lesson_listed_fifo() { printf 'title: M\nlessons: [01-two.md, 02-pipe.md]\n' >src/02-module/module.yml;
	mkfifo src/02-module/02-pipe.md; }
b_image_dangling() { ln -s nowhere.png src/gone.png; printf '\n![Gone](gone.png)\n' >>src/01-one.md; }
b_image_dir() { mkdir src/pic.png; printf '\n![Dir](pic.png)\n' >>src/01-one.md; }
b_raw_html_quiz() { printf '\n```quiz\nid: q\n? Which <b>one</b>?\n( ) a\n(x) b <i>right</i>\n```\n' >>src/01-one.md; }
b_raw_html_lesson() { printf '\n<div>raw</div>\n' >>src/01-one.md; }
b_control_title_yaml() { printf 'title: "Bad \\x1b[31m title \\x07"\nid: c\n' >src/course.yml; }
x_control_title_yaml() { manifests_ok && ! grep -q "$(printf '\033')" out/c/index.html; }
b_control_front_title() { printf -- '---\ntitle: "Ti\\u0001tle"\n---\nText.\n' >src/03-ctl.md; }
x_control_front_title() { manifests_ok; }
b_control_heading() { printf '# Head\033[1m ing\n\nText.\n' >src/03-ctl.md; }
x_control_heading() { manifests_ok; }
b_control_module_name() { mkdir "src/03-Mod$(printf '\033')ule"; printf '# L\n' >"src/03-Mod$(printf '\033')ule/01-l.md"; }
x_control_module_name() { manifests_ok; }
b_nul_yaml_escape() { printf 'title: "a\\0b"\nid: c\n' >src/course.yml; }
x_nul_yaml_escape() { grep -q '<title>ab' out/c/index.html; }

# --- packages and the output folder ------------------------------------

b_failed_rename() { rm -f out/c-scorm2004.zip; mkdir -p out/c-scorm2004.zip/x;
	printf '\nChanged.\n' >>src/01-one.md; }
x_failed_rename() { ! grep -rq Changed out/c && [ -f out/c-scorm12.zip ] &&
	! unzip -p out/c-scorm12.zip one.html | grep -q Changed; }
b_stale_staging() {
	mkdir -p out/.c.staging-999999/x out/.d.staging-999998
	: >out/.c-scorm12.zip.tmp-999999
	: >out/.c-scorm12.zip.bak-999997
	mkdir out/.c.staging-1	# pid 1 is alive: not ours to remove
	: >out/.notes.staging-x	# not one of our names
	printf '\nChanged.\n' >>src/01-one.md
}
x_stale_staging() { [ -d out/.c.staging-1 ] && [ -f out/.notes.staging-x ] &&
	[ ! -e out/.c.staging-999999 ] && [ ! -e out/.d.staging-999998 ] &&
	[ ! -e out/.c-scorm12.zip.tmp-999999 ] && grep -q Changed out/c/one.html &&
	rmdir out/.c.staging-1 && rm out/.notes.staging-x; }
b_broken_link() { printf '\n[Gone](nowhere.md)\n' >>src/01-one.md; }
b_heading_collisions() { printf '# H\n\n## x\n\n## x\n\n## x-1\n\n## x\n' >src/03-h.md; }
x_heading_collisions() { grep -q 'id="x-1-1"' out/c/h.html && grep -q 'id="x-2"' out/c/h.html; }

# --- the table: name, exit status, time bound in seconds ---------------

# Every case starts from a copy of this: the course, the sentinel, a
# copy of the default theme and the earlier good output of the course.
mkdir -p "$W/template"
cd "$W/template" || exit 1
base
cp -R "$DEFTHEME" theme
"$COURSEC" build -q -o out --theme "$DEFTHEME" src || exit 1
cd "$ROOT" || exit 1

NEEDS_THEME=0
for spec in \
    out_parent:3:10 out_is_course:3:10 out_inside_course:3:10 \
    out_inside_assets:3:10 out_empty:3:10 out_link_to_course:3:10 \
    out_dotdot:3:10 out_new_inside:3:10 id_is_folder:3:10 \
    out_is_theme:3:10:t out_holds_theme:3:10:t out_second_course:3:10 \
    no_course_yml:2:10 empty_folder:2:10 course_yml_dir:2:10 \
    course_yml_fifo:2:10 course_yml_dangling:2:10 course_yml_outside:2:10 \
    course_yml_empty:2:10 course_yml_loop:2:10 \
    partial_self:2:10:t partial_cycle:2:10:t partial_chain:2:10:t \
    template_deep:2:10:t each_explosion:2:20:t \
    headings_20000:0:20 assets_loop:2:10 assets_two_loops:2:10 \
    assets_loop_up:2:10 lesson_fifo:2:10 module_yml_fifo:2:10 \
    template_fifo:2:10:t asset_fifo:2:10 image_fifo:2:10 \
    strings_fifo:2:10:t check_fifo:2:10 yaml_deep_course:2:10 \
    yaml_deep_front:2:10 yaml_deep_module:2:10 yaml_deep_strings:2:10:t \
    lesson_huge:2:10 lesson_quadratic:0:20 table_wide:2:10 \
    table_long:2:10 table_fine:0:20 course_yml_huge:2:10 template_huge:2:10:t \
    lesson_link_out:2:10 module_yml_link_out:2:10 module_dir_link_out:2:10 \
    module_listed_out:2:10 image_link_out:2:10 asset_link_out:2:10 \
    asset_dir_link_out:2:10 asset_abs_link:2:10 theme_asset_link:2:10:t \
    theme_asset_dir_link:2:10:t theme_template_link:2:10:t \
    theme_partial_link:2:10:t theme_strings_link:2:10:t \
    theme_path_outside:2:10 theme_path_inside:0:10 link_dotdot:2:10 \
    link_encoded_dotdot:2:10 link_absolute:2:10 file_url_link:2:10 \
    file_url_image:2:10 file_url_upper:2:10 file_url_quiz:2:10 \
    reserved_scorm_html:2:10 reserved_theme_js:2:10 reserved_index:2:10 \
    reserved_manifest:2:10 reserved_lesson_scorm:2:10 \
    name_backslash:2:10 name_control:2:10 name_utf8:2:10 \
    name_linked_backslash:2:10 name_escape_lesson:2:10 \
    nul_byte:2:10 invalid_utf8:2:10 overlong_utf8:2:10 surrogate_utf8:2:10 \
    bom_lesson:0:10 bom_course_yml:0:10 dup_key_course:2:10 \
    dup_key_front:2:10 dup_key_module:2:10 dup_key_nested:2:10 \
    dup_key_strings:2:10:t lesson_dangling:2:10 lesson_dir:2:10 \
    lesson_listed_fifo:2:10 image_dangling:2:10 image_dir:2:10 \
    raw_html_quiz:0:10 raw_html_lesson:0:10 control_title_yaml:0:10 \
    control_front_title:0:10 control_heading:0:10 control_module_name:0:10 \
    nul_yaml_escape:0:10 failed_rename:4:10 stale_staging:0:10 \
    broken_link:2:10 heading_collisions:0:10
do
	IFS=: read -r n e t th <<EOF
$spec
EOF
	# ONLY=a,b runs those cases alone (while working on them).
	case ",${ONLY:-$n}," in *",$n,"*) ;; *) continue ;; esac
	[ "${th:-}" = t ] && NEEDS_THEME=1
	run "$n" "$e" "$t"
done

echo "bad-input: $pass passed, $fail failed"
[ "$fail" = 0 ]
