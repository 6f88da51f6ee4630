#!/bin/sh
# Parallel and incremental builds give the same bytes as a clean serial
# build: -j1, -j2 and -j3 agree; a rebuild of unchanged sources skips
# every course and touches nothing; one changed lesson rebuilds only its
# course, and the result equals a clean build; a changed theme or
# compiler option rebuilds.
set -u
cd "$(dirname "$0")/.."
COURSEC=${COURSEC:-./coursec}
T=tests/out/incremental
rm -rf "$T"
mkdir -p "$T"
pass=0 fail=0

ok() { echo "PASS: incremental $1"; pass=$((pass + 1)); }
ko() { echo "FAIL: incremental $1"; fail=$((fail + 1)); }
# same NAME A B: the two output folders hold the same bytes.
same() {
	if diff -r "$2" "$3" >"$T/diff" 2>&1; then ok "$1"; else
		ko "$1"; head -20 "$T/diff"; fi
}
# listing DIR: every file with its inode and modification time.
listing() { find "$1" -type f -exec stat -c '%n %i %Y.%y' {} + | sort; }

# Sample courses plus a theme and sources we may change.
cp -R courses "$T/src"
cp -R themes/default "$T/theme"
set -- "$T/src"/*/

# Threads: byte-identical output whatever -j.
for j in 1 2 3; do
	$COURSEC build -q -j $j -o "$T/j$j" --theme "$T/theme" "$@" ||
	    ko "build -j$j failed"
done
same "-j1 and -j2 give the same bytes" "$T/j1" "$T/j2"
same "-j1 and -j3 give the same bytes" "$T/j1" "$T/j3"
if [ -n "$(find "$T/j1" -name '*.zip')" ]; then ok "packages written"; else
	ko "packages written"; fi

# No-op rebuild: every course skipped, no file rewritten.
cp -R "$T/j1" "$T/inc"
listing "$T/inc" >"$T/before"
$COURSEC build -j 2 -o "$T/inc" --theme "$T/theme" "$@" >"$T/out" 2>&1
listing "$T/inc" >"$T/after"
n=$(grep -c ': up to date' "$T/out")
if [ "$n" = $# ] && ! grep -q ': built ' "$T/out"; then
	ok "no-op rebuild skips all $# courses"
else ko "no-op rebuild skips all $# courses ($n)"; cat "$T/out"; fi
if cmp -s "$T/before" "$T/after"; then ok "no-op rebuild rewrites nothing"
else ko "no-op rebuild rewrites nothing"; diff "$T/before" "$T/after" | head; fi

# One changed lesson: only its course is rebuilt, and the result is a
# clean build's.
lesson=$(find "$T/src/first-contact" -name '*.md' | sort | head -1)
printf '\nOne more paragraph, added for the incremental test.\n' >>"$lesson"
$COURSEC build -o "$T/inc" --theme "$T/theme" "$@" >"$T/out" 2>&1
if [ "$(grep -c ': built ' "$T/out")" = 1 ] &&
    grep -q 'first-contact/*: built ' "$T/out" &&
    [ "$(grep -c ': up to date' "$T/out")" = $(($# - 1)) ]; then
	ok "one changed lesson rebuilds only its course"
else ko "one changed lesson rebuilds only its course"; cat "$T/out"; fi
$COURSEC build -q -o "$T/clean" --theme "$T/theme" "$@"
same "incremental result equals a clean build" "$T/inc" "$T/clean"

# A changed theme file rebuilds every course.
printf '\n/* changed */\n' >>"$T/theme/assets/style.css"
$COURSEC build -o "$T/inc" --theme "$T/theme" "$@" >"$T/out" 2>&1
if [ "$(grep -c ': built ' "$T/out")" = $# ]; then
	ok "a changed theme rebuilds every course"
else ko "a changed theme rebuilds every course"; cat "$T/out"; fi

# Other formats are another output: rebuilt, not skipped.
$COURSEC build -f html -o "$T/inc" --theme "$T/theme" "$@" >"$T/out" 2>&1
if [ "$(grep -c ': built ' "$T/out")" = $# ]; then
	ok "changed formats rebuild"
else ko "changed formats rebuild"; cat "$T/out"; fi

# A missing package is rebuilt even though the hash matches.
$COURSEC build -q -o "$T/inc" --theme "$T/theme" "$@"
rm -f "$T/inc/first-contact-scorm12.zip"
$COURSEC build -o "$T/inc" --theme "$T/theme" "$@" >"$T/out" 2>&1
if [ -f "$T/inc/first-contact-scorm12.zip" ] &&
    grep -q 'first-contact/*: built ' "$T/out"; then
	ok "a deleted package is rebuilt"
else ko "a deleted package is rebuilt"; cat "$T/out"; fi

echo "incremental: $pass passed, $fail failed"
[ "$fail" = 0 ]
