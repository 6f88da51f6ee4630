#!/bin/sh
# Runs every test suite and ends with one summary line.  Each suite's
# own output is shown; the counts come from its PASS/FAIL lines (shell
# suites), cmocka's summary and node's test runner summary.
set -u
cd "$(dirname "$0")/.."
mkdir -p tests/out
log=tests/out/run.log
: >"$log"
total_pass=0 total_fail=0 broken=""

# run NAME CMD...: runs a suite, shows and logs its output.
run() {
	name=$1
	shift
	echo "== $name"
	"$@" >"tests/out/$name.log" 2>&1
	rc=$?
	cat "tests/out/$name.log"
	p=$(grep -c '^PASS: ' "tests/out/$name.log")
	f=$(grep -c '^FAIL: ' "tests/out/$name.log")
	# cmocka: "[  PASSED  ] 7 test(s)." / "[  FAILED  ] 1 test(s), ..."
	cp=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "tests/out/$name.log")
	cf=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), .*/\1/p' "tests/out/$name.log")
	# node --test: "# pass 12" (tap) or "ℹ pass 12" (spec)
	np=$(sed -n 's/^[#ℹ] pass \([0-9]*\)$/\1/p' "tests/out/$name.log" | tail -1)
	nf=$(sed -n 's/^[#ℹ] fail \([0-9]*\)$/\1/p' "tests/out/$name.log" | tail -1)
	p=$((p + ${cp:-0} + ${np:-0}))
	f=$((f + ${cf:-0} + ${nf:-0}))
	# A suite that failed without saying which test counts as a failure.
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		f=1
		echo "FAIL: $name exited $rc"
	fi
	[ "$rc" != 0 ] && broken="$broken $name"
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
}

run unit ./tests/unit/unit
run golden sh tests/golden.sh
run cli sh tests/cli.sh
run bad-input sh tests/bad-input.sh
# Each libFuzzer harness briefly, and the inputs that once crashed.
run fuzz env FUZZ_SECONDS="${FUZZ_SECONDS:-4}" sh tests/fuzz/run.sh
run incremental sh tests/incremental.sh
run threads sh tests/threads.sh
# The sample courses, built fresh for validation and browser tests.
rm -rf tests/out/site
./coursec build -q -o tests/out/site || broken="$broken build-courses"
run html sh tests/html/validate.sh tests/out/site
run scorm sh tests/scorm/check-packages.sh tests/out/site
run browser node --test tests/browser/
# The same packages in Moodle's own SCORM runtime (SKIP without ../shared).
run moodle sh tests/moodle/run.sh tests/out/site

echo
[ -n "$broken" ] && echo "failing suites:$broken"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ] && [ -z "$broken" ]
