#!/bin/sh
# Command-line behaviour: exit codes, check mode, reproducible output,
# and a failed build that must keep the earlier good output.
set -u
cd "$(dirname "$0")/.."
COURSEC=${COURSEC:-./coursec}
T=tests/out/cli
rm -rf "$T"
mkdir -p "$T"
pass=0 fail=0

ok() { echo "PASS: cli $1"; pass=$((pass + 1)); }
ko() { echo "FAIL: cli $1"; fail=$((fail + 1)); }
# expect_exit NAME CODE CMD...: the command must exit with CODE.
expect_exit() {
	name=$1 code=$2
	shift 2
	"$@" >"$T/stdout" 2>"$T/stderr"
	rc=$?
	if [ "$rc" = "$code" ]; then ok "$name"; else
		ko "$name (exit $rc, wanted $code)"; cat "$T/stderr"; fi
}

expect_exit help 0 $COURSEC --help
grep -q "usage: coursec build" "$T/stdout" || ko "help text"
expect_exit version 0 $COURSEC --version
grep -q "^coursec [0-9]" "$T/stdout" || ko "version text"
expect_exit no-command 3 $COURSEC
expect_exit bad-command 3 $COURSEC frobnicate
expect_exit bad-option 3 $COURSEC build --no-such-option
expect_exit bad-format 3 $COURSEC build -f pdf courses/first-contact
expect_exit missing-course 2 $COURSEC build -o "$T/x" "$T/does-not-exist"

# check validates and writes nothing.
expect_exit check-ok 0 $COURSEC check -o "$T/check" tests/golden/render
if [ -e "$T/check" ]; then ko "check wrote output"; else ok "check-writes-nothing"; fi
expect_exit check-broken 2 $COURSEC check tests/golden/broken
n=$(grep -c ': error: ' "$T/stderr")
if [ "$n" -ge 6 ]; then ok "all-errors-in-one-run ($n)"; else ko "all-errors-in-one-run ($n)"; fi

# Warnings: status 0, or 1 with -W.
expect_exit warning 0 $COURSEC check tests/golden/order
expect_exit warning-W 1 $COURSEC check -W tests/golden/order

# Two builds of every course are byte-identical.
$COURSEC build -q -o "$T/a" >/dev/null 2>&1
$COURSEC build -q -o "$T/b" >/dev/null 2>&1
if [ -n "$(ls "$T/a" 2>/dev/null)" ] && diff -r "$T/a" "$T/b" >/dev/null; then
	ok "reproducible"
else
	ko "reproducible"
	diff -r "$T/a" "$T/b" | head -20
fi

# A failed build keeps the earlier good output and leaves no staging.
cp -R tests/golden/render "$T/course"
$COURSEC build -q -o "$T/keep" "$T/course" >/dev/null 2>&1
before=$(cd "$T/keep" && find . -type f | sort | xargs cat | cksum)
printf '\n[broken](nowhere.md)\n' >>"$T/course/01-features.md"
expect_exit failed-build 2 $COURSEC build -q -o "$T/keep" "$T/course"
after=$(cd "$T/keep" && find . -type f | sort | xargs cat | cksum)
if [ "$before" = "$after" ]; then ok "failed-build-keeps-output"; else ko "failed-build-keeps-output"; fi
if ls -a "$T/keep" | grep -q staging; then ko "staging-left-behind"; else ok "no-staging-left"; fi

# A good rebuild replaces the output in place.
sed -i '$d' "$T/course/01-features.md"
printf '\nAdded line.\n' >>"$T/course/01-features.md"
expect_exit rebuild 0 $COURSEC build -q -o "$T/keep" "$T/course"
if grep -rq "Added line" "$T/keep"; then ok "rebuild-replaces"; else ko "rebuild-replaces"; fi

# Paths leaving the course are refused, symlinks included.
mkdir -p "$T/esc"
printf 'title: Escape\n' >"$T/esc/course.yml"
printf '# One\n\n![x](secret.txt)\n' >"$T/esc/01-one.md"
echo secret >"$T/secret.txt"
ln -s ../secret.txt "$T/esc/secret.txt"
expect_exit symlink-out 2 $COURSEC build -q -o "$T/escout" "$T/esc"
if grep -q "path leaves the course folder" "$T/stderr"; then ok "symlink-refused"; else ko "symlink-refused"; fi

# coursec new writes a course that builds with no warning at all, and
# never writes into a folder that has something in it.
expect_exit new 0 $COURSEC new "$T/newcourse"
expect_exit new-builds-clean 0 $COURSEC build -W -o "$T/newout" "$T/newcourse"
if [ -s "$T/stderr" ]; then ko "new-course-no-diagnostics"; cat "$T/stderr"; else ok "new-course-no-diagnostics"; fi
grep -q '```quiz' "$T/newcourse/01-first-steps/01-greeting-a-caller.md" &&
    grep -q '```scenario' "$T/newcourse/01-first-steps/01-greeting-a-caller.md" &&
    ok "new-course-has-quiz-and-scenario" || ko "new-course-has-quiz-and-scenario"
expect_exit new-refuses-non-empty 3 $COURSEC new "$T/newcourse"

# The summary names what was written, in plain words.
expect_exit summary-scorm12 0 $COURSEC build -f scorm12 -o "$T/sum" "$T/newcourse"
if grep -q "wrote $T/sum/newcourse-scorm12.zip\$" "$T/stdout" &&
    ! grep -q suspend_data "$T/stdout"; then ok "summary-names-the-zip"; else
	ko "summary-names-the-zip"; cat "$T/stdout"; fi
if [ -d "$T/sum/newcourse" ]; then ko "no-html-folder-with-scorm12"; else ok "no-html-folder-with-scorm12"; fi

# An uninstalled ./coursec finds its themes from any working directory.
abs=$(pwd)
expect_exit build-from-elsewhere 0 sh -c "cd /tmp && '$abs/coursec' build -q -o '$abs/$T/elsewhere' '$abs/$T/newcourse'"
# Without themes next to it, it says where it looked and how to fix it,
# and blames no theme: line the course does not have.
mkdir -p "$T/bare"
cp coursec "$T/bare/coursec"
expect_exit theme-missing 2 "$T/bare/coursec" check "$T/newcourse"
if grep -q "^coursec: error: theme error: the default theme was not found (looked in $abs/$T/bare/themes" "$T/stderr" &&
    grep -q "^help: .*--theme DIR" "$T/stderr" && ! grep -q "course.yml" "$T/stderr"; then
	ok "theme-missing-says-where"; else ko "theme-missing-says-where"; cat "$T/stderr"; fi

# Colour: never into a pipe or with NO_COLOR, always when asked.
expect_exit color-pipe 2 $COURSEC check tests/golden/broken
if grep -q "$(printf '\033')" "$T/stderr"; then ko "no-colour-in-a-pipe"; else ok "no-colour-in-a-pipe"; fi
expect_exit color-always 2 $COURSEC check --color=always tests/golden/broken
if grep -q "$(printf '\033')\[1;31merror" "$T/stderr"; then ok "colour-when-asked"; else ko "colour-when-asked"; fi
if command -v script >/dev/null 2>&1; then
	script -qec "$COURSEC check tests/golden/broken" /dev/null >"$T/tty" 2>&1
	if grep -q "$(printf '\033')\[" "$T/tty"; then ok "colour-on-a-terminal"; else ko "colour-on-a-terminal"; fi
	NO_COLOR=1 script -qec "$COURSEC check tests/golden/broken" /dev/null >"$T/tty" 2>&1
	if grep -q "$(printf '\033')\[" "$T/tty"; then ko "NO_COLOR-honoured"; else ok "NO_COLOR-honoured"; fi
fi
expect_exit bad-color 3 $COURSEC check --color=sometimes tests/golden/broken
expect_exit serve-no-course 3 $COURSEC serve "$T/does-not-exist"
expect_exit port-only-for-serve 3 $COURSEC build -p 8000 tests/golden/render

# A template error hits every course of a run: each course reports it
# and none is built (the "already reported" mark once lived in the
# shared theme, so the second course said "built" with a page missing).
cp -R tests/theme-golden "$T/badtheme"
sed -i 's/{{lesson.title|html}}/{{lesson.nope|html}}/' \
    "$T/badtheme/templates/lesson.html"
for n in one two; do
	mkdir -p "$T/tc-$n"
	printf 'title: Course %s\nid: tc-%s\n' "$n" "$n" >"$T/tc-$n/course.yml"
	printf '# Lesson\n\nText.\n' >"$T/tc-$n/01-lesson.md"
done
expect_exit template-error-each-course 2 $COURSEC build --theme "$T/badtheme" \
    -o "$T/tc-out" "$T/tc-one" "$T/tc-two"
n=$(grep -c 'lesson.html:2:.*unknown template variable: lesson.nope' "$T/stderr")
if [ "$n" = 2 ]; then ok "template-error-reported-per-course"; else
	ko "template-error-reported-per-course ($n)"; cat "$T/stderr"; fi
if grep -q built "$T/stdout" || [ -e "$T/tc-out/tc-two" ]; then
	ko "template-error-nothing-built"; cat "$T/stdout"
else ok "template-error-nothing-built"; fi

# A theme that extends another holds only what it changes: its partial
# and asset win, everything else (templates, scripts, strings) comes
# from the theme it extends, and its files alone are rebuilt into the
# incremental hash.
mkdir -p "$T/themes/plum/partials" "$T/themes/plum/assets"
cp -R themes/default "$T/themes/default"
printf 'extends: default\n' >"$T/themes/plum/theme.yml"
printf '<link rel="stylesheet" href="{{root|url}}_theme/plum.css">\n' \
    >"$T/themes/plum/partials/theme-head.html"
printf 'body { color: purple; }\n' >"$T/themes/plum/assets/plum.css"
expect_exit theme-extends 0 $COURSEC build -q --theme "$T/themes/plum" \
    -o "$T/ext" "$T/tc-one"
if grep -q '_theme/plum.css' "$T/ext/tc-one/index.html" &&
    [ -f "$T/ext/tc-one/_theme/plum.css" ] &&
    cmp -s "$T/ext/tc-one/_theme/quiz.js" themes/default/assets/quiz.js &&
    grep -q 'class="cs-page' "$T/ext/tc-one/lesson.html"; then
	ok "theme-extends-layers"; else ko "theme-extends-layers"; fi
# A change in the extended theme reaches every course built on it.
printf '/* changed */\n' >>"$T/themes/default/assets/style.css"
$COURSEC build -q --theme "$T/themes/plum" -o "$T/ext" "$T/tc-one" >"$T/stdout" 2>&1
if grep -q 'changed' "$T/ext/tc-one/_theme/style.css"; then
	ok "theme-extends-rebuilds-on-parent-change"; else
	ko "theme-extends-rebuilds-on-parent-change"; fi
# Loops, unknown themes and paths are errors at the extends: line.
printf 'extends: plum\n' >"$T/themes/default/theme.yml"
expect_exit theme-extends-loop 2 $COURSEC check --theme "$T/themes/plum" "$T/tc-one"
grep -q 'themes extend each other in a loop' "$T/stderr" &&
	ok "theme-extends-loop-said" || { ko "theme-extends-loop-said"; cat "$T/stderr"; }
rm "$T/themes/default/theme.yml"
printf 'extends: nosuchtheme\n' >"$T/themes/plum/theme.yml"
expect_exit theme-extends-unknown 2 $COURSEC check --theme "$T/themes/plum" "$T/tc-one"
grep -q "theme.yml:1:10: error: theme error: theme 'nosuchtheme' not found" "$T/stderr" &&
	ok "theme-extends-unknown-positioned" || { ko "theme-extends-unknown-positioned"; cat "$T/stderr"; }
printf 'extends: ../default\n' >"$T/themes/plum/theme.yml"
expect_exit theme-extends-path 2 $COURSEC check --theme "$T/themes/plum" "$T/tc-one"
grep -q "extends: ../default is not a theme name" "$T/stderr" &&
	ok "theme-extends-path-refused" || { ko "theme-extends-path-refused"; cat "$T/stderr"; }

echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
