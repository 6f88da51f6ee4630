#!/bin/sh
# Golden tests: each course folder tests/golden/NAME is built with the
# plain golden theme; its diagnostics must equal NAME.err and its output
# tree NAME.expected/ (theme assets aside).  REGEN=1 rewrites them.
set -u
cd "$(dirname "$0")/.."
COURSEC=${COURSEC:-./coursec}
out=tests/out/golden
rm -rf "$out"
mkdir -p "$out"
pass=0 fail=0
for dir in tests/golden/*/; do
	name=$(basename "$dir")
	case "$name" in *.expected) continue ;; esac
	$COURSEC build -o "$out/$name" --theme tests/theme-golden \
	    "tests/golden/$name" >/dev/null 2>"$out/$name.err"
	echo "exit $?" >>"$out/$name.err"
	# The output folder is named after the course id: flatten it.
	got="$out/$name.tree"
	mkdir -p "$got"
	for d in "$out/$name"/*/; do
		[ -d "$d" ] && cp -R "$d." "$got/"
	done
	# Packages: the sorted entry list and the manifest of each zip.
	for z in "$out/$name"/*.zip; do
		[ -f "$z" ] || continue
		zn=$(basename "$z" .zip | sed 's/.*-scorm/scorm/')
		unzip -Z1 "$z" >"$got/$zn.zip.txt"
		unzip -p "$z" imsmanifest.xml >"$got/$zn.imsmanifest.xml"
	done
	if [ "${REGEN:-0}" = 1 ]; then
		cp "$out/$name.err" "tests/golden/$name.err"
		rm -rf "tests/golden/$name.expected"
		cp -R "$got" "tests/golden/$name.expected"
	fi
	# A failing case writes nothing, and git keeps no empty folder.
	exp="tests/golden/$name.expected"
	[ -d "$exp" ] || { exp="$out/empty"; mkdir -p "$exp"; }
	if diff -u "tests/golden/$name.err" "$out/$name.err" &&
	    diff -ru "$exp" "$got"; then
		echo "PASS: golden $name"
		pass=$((pass + 1))
	else
		echo "FAIL: golden $name"
		fail=$((fail + 1))
	fi
done
echo "golden: $pass passed, $fail failed"
[ "$fail" = 0 ]
