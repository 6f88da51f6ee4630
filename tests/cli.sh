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

echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
