#!/bin/sh
# Helgrind over parallel builds.  A data race between build threads, in
# coursec or inside a library it calls, fails the suite: cmark-gfm's
# special-character table (one lock around cmark_parser_finish),
# first-call statics in libzip and libdeflate (package_init), the
# shared theme, strings and deflate caches, the pool and the per-thread
# arena spares.  ThreadSanitizer would see only coursec's own code.
set -u
cd "$(dirname "$0")/.."
COURSEC=${COURSEC:-./coursec}
T=tests/out/threads
rm -rf "$T"
mkdir -p "$T"
pass=0 fail=0

if ! command -v valgrind >/dev/null 2>&1; then
	echo "FAIL: threads valgrind is missing (make test installs it)"
	exit 1
fi

# run NAME ARGS...: one build under Helgrind; any report fails it.
run() {
	name=$1
	shift
	if valgrind -q --error-exitcode=9 --tool=helgrind \
	    --suppressions=tests/helgrind.supp \
	    "$COURSEC" build -q "$@" >"$T/$name.log" 2>&1; then
		echo "PASS: threads $name"
		pass=$((pass + 1))
	else
		echo "FAIL: threads $name"
		sed -n 1,60p "$T/$name.log"
		fail=$((fail + 1))
	fi
}

run sample-courses-j3 -j 3 -o "$T/sample" courses/*
# More courses than threads: courses queue, threads take turns, and the
# second build over the same output is the no-op path (course folders
# hashed on the pool).
tools/benchgen "$T/gen" 8 4 >/dev/null
run generated-j2 -j 2 -o "$T/out" "$T"/gen/c*
run generated-noop-j3 -j 3 -o "$T/out" "$T"/gen/c*

echo "threads: $pass passed, $fail failed"
[ "$fail" = 0 ]
