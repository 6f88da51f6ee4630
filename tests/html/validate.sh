#!/usr/bin/env bash
# Validate every .html file under the given directories with the Nu HTML
# Checker (vnu.jar from the vnu-jar npm package; run `npm ci` first).
#
#   bash tests/html/validate.sh output/first-contact [more dirs...]
#
# Prints "PASS: html-valid <dir>" or "FAIL: html-valid <dir>" for each
# directory, followed by vnu's messages on failure, then a summary line.
# Exits 0 only if every directory is free of errors.  Warnings are ignored
# (--errors-only).  Environment: JAVA (java binary), VNU_JAR (jar path).
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
java=${JAVA:-java}
jar=${VNU_JAR:-$root/node_modules/vnu-jar/build/dist/vnu.jar}

if [ "$#" -eq 0 ]; then
	echo "usage: $0 DIR [DIR...]" >&2
	exit 2
fi
if ! command -v "$java" >/dev/null 2>&1; then
	echo "FAIL: html-valid: java not found (need Java 11+; on Debian: apt-get install default-jre-headless)" >&2
	exit 2
fi
if [ ! -f "$jar" ]; then
	echo "FAIL: html-valid: $jar not found (run 'npm ci' in $root)" >&2
	exit 2
fi

pass=0
fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for dir in "$@"; do
	if [ ! -d "$dir" ]; then
		echo "FAIL: html-valid $dir (not a directory)"
		fail=$((fail + 1))
		continue
	fi
	count=$(find "$dir" -type f -name '*.html' | wc -l)
	if [ "$count" -eq 0 ]; then
		echo "FAIL: html-valid $dir (no .html files found)"
		fail=$((fail + 1))
		continue
	fi
	# vnu prints its messages on stderr; it exits 1 on any error.
	"$java" -jar "$jar" --skip-non-html --errors-only --format gnu \
	    "$dir" >"$log" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ] && [ ! -s "$log" ]; then
		echo "PASS: html-valid $dir ($count files)"
		pass=$((pass + 1))
	else
		echo "FAIL: html-valid $dir ($count files, vnu exit $rc)"
		sed 's/^/    /' "$log"
		fail=$((fail + 1))
	fi
done

echo "html-valid: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
