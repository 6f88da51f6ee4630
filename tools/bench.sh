#!/bin/sh
# make bench: times coursec against a reference job on generated courses.
#
# Corpora (tools/benchgen.c, deterministic): small 1x10, medium 20x25,
# large 200x25 lessons of 4-8 KB with quizzes and scenarios.  On each,
# in one run and interleaved (run r of every job before run r+1 of any,
# so drift on a shared machine hits all jobs alike):
#   coursec      ./coursec build (HTML + both SCORM zips), default threads
#   coursec -j1  the same on one thread
#   reference    cmark-gfm library rendering every lesson in one process
#                (tools/benchref.c) + `zip -6` of the pages per course
#   cmark-gfm    the library rendering alone
#   no-op        ./coursec build again over its own unchanged output
# Every full build starts from an empty output folder (not timed).
# Prints and writes (BENCH_OUT/bench.txt) medians, ratio to the
# reference, lessons/s, MB/s of Markdown, peak RSS (/usr/bin/time -v),
# the zip sizes against zip -6, and a callgrind instruction count of the
# medium corpus on one thread (repeatable where wall times drift).
#
# Environment: RUNS (default 5; large uses RUNS_LARGE, default 3),
# SIZES (default "small medium large"), CALLGRIND=0 skips callgrind.
# Never part of make test: a benchmark measures, it does not pass/fail.
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUNS=${RUNS:-5}
RUNS_LARGE=${RUNS_LARGE:-3}
SIZES=${SIZES:-small medium large}
CALLGRIND=${CALLGRIND:-1}
# tmpfs when there is one: the disk should not be what is measured.
if [ -z "${BENCH_DIR:-}" ]; then
	if [ -d /dev/shm ] && [ -w /dev/shm ]; then
		BENCH_DIR=/dev/shm/coursec-bench
	else
		BENCH_DIR=$ROOT/tests/out/bench
	fi
fi
BENCH_OUT=${BENCH_OUT:-$ROOT/tests/out}
mkdir -p "$BENCH_DIR" "$BENCH_OUT"
report=$BENCH_OUT/bench.txt
: >"$report"
say() { echo "$@" | tee -a "$report"; }

COURSEC=${COURSEC:-$ROOT/coursec}
GEN=$ROOT/tools/benchgen
REF=$ROOT/tools/benchref
JOBS=$(cat <<EOF
coursec
coursec-j1
reference
cmark
EOF
)
# -j is only there once the thread pool is: without it, -j1 is the
# same build and is skipped.
if ! "$COURSEC" --help 2>&1 | grep -q -- '-j'; then
	JOBS=$(printf 'coursec\nreference\ncmark\n')
fi

ns() { date +%s%N; }

# run_job JOB CORPUS OUT: one timed run; appends "JOB seconds rss_kib".
run_job() {
	job=$1 src=$2 out=$3
	if [ "$job" != noop ]; then
		rm -rf "$out"
		mkdir -p "$out"
	fi
	t0=$(ns)
	case $job in
	coursec)
		/usr/bin/time -v -o "$BENCH_DIR/time.txt" \
		    "$COURSEC" build -q -o "$out" "$src"/c* ;;
	coursec-j1)
		/usr/bin/time -v -o "$BENCH_DIR/time.txt" \
		    "$COURSEC" build -q -j 1 -o "$out" "$src"/c* ;;
	cmark)
		/usr/bin/time -v -o "$BENCH_DIR/time.txt" \
		    "$REF" "$out" "$src"/c* ;;
	reference)
		/usr/bin/time -v -o "$BENCH_DIR/time.txt" sh -c '
		    "$1" "$2" "$3"/c* || exit 1
		    for d in "$2"/c*; do
		        (cd "$d" && zip -6 -q -r -X "../$(basename "$d").zip" .) || exit 1
		    done' sh "$REF" "$out" "$src" ;;
	noop)
		# Over the output the previous coursec run left.
		/usr/bin/time -v -o "$BENCH_DIR/time.txt" \
		    "$COURSEC" build -q -o "$out" "$src"/c* ;;
	esac
	t1=$(ns)
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' \
	    "$BENCH_DIR/time.txt")
	echo "$job $(( (t1 - t0) / 1000 )) $rss" >>"$BENCH_DIR/times.txt"
}

median() {	# JOB FIELD: median of the field (2 time, 3 rss) over runs
	awk -v j="$1" -v f="$2" '$1 == j { v[n++] = $f }
	    END { if (n == 0) { print 0; exit }
		  for (i = 0; i < n; i++) for (k = i + 1; k < n; k++)
			if (v[k] < v[i]) { t = v[i]; v[i] = v[k]; v[k] = t }
		  print (n % 2) ? v[int(n / 2)] : (v[n / 2 - 1] + v[n / 2]) / 2 }' \
	    "$BENCH_DIR/times.txt"
}

say "coursec bench, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, output in $BENCH_DIR"
say "$(printf '%-7s %-11s %6s %7s %9s %6s %9s %7s %8s' corpus job lessons MB \
    median_s ratio lessons/s MB/s rss_MiB)"
for size in $SIZES; do
	case $size in
	small) nc=1 nl=10 runs=$RUNS ;;
	medium) nc=20 nl=25 runs=$RUNS ;;
	large) nc=200 nl=25 runs=$RUNS_LARGE ;;
	*) echo "bench: unknown size $size" >&2; exit 1 ;;
	esac
	src=$BENCH_DIR/$size
	rm -rf "$src"
	"$GEN" "$src" "$nc" "$nl"
	lessons=$((nc * nl))
	bytes=$(cat "$src"/c*/*/*.md | wc -c)
	: >"$BENCH_DIR/times.txt"
	# One untimed warm-up of each job (page cache, dynamic loader).
	for job in $JOBS; do
		run_job "$job" "$src" "$BENCH_DIR/out-$job"
	done
	: >"$BENCH_DIR/times.txt"
	r=0
	while [ $r -lt "$runs" ]; do
		for job in $JOBS; do
			run_job "$job" "$src" "$BENCH_DIR/out-$job"
		done
		# The coursec output just written is unchanged: rebuild it.
		run_job noop "$src" "$BENCH_DIR/out-coursec"
		r=$((r + 1))
	done
	ref=$(median reference 2)
	for job in $JOBS noop; do
		t=$(median "$job" 2)
		rss=$(median "$job" 3)
		say "$(awk -v s="$size" -v j="$job" -v l="$lessons" -v b="$bytes" \
		    -v t="$t" -v r="$ref" -v m="$rss" 'BEGIN {
			printf "%-7s %-11s %6d %7.2f %9.3f %6.2f %9.0f %7.2f %8.1f",
			    s, j, l, b / 1e6, t / 1e6, t / r, l / (t / 1e6),
			    b / 1e6 / (t / 1e6), m / 1024 }')"
	done
	# Zip sizes: coursec's SCORM 1.2 packages against zip -6 of the same
	# staged files (the HTML folder).
	cz=0 rz=0
	for d in "$BENCH_DIR/out-coursec"/*/; do
		id=$(basename "$d")
		cz=$((cz + $(wc -c <"$BENCH_DIR/out-coursec/$id-scorm12.zip")))
		rm -f "$BENCH_DIR/ref.zip"
		(cd "$d" && zip -6 -q -r -X "$BENCH_DIR/ref.zip" .)
		rz=$((rz + $(wc -c <"$BENCH_DIR/ref.zip")))
	done
	say "$(awk -v s="$size" -v c="$cz" -v r="$rz" 'BEGIN {
		printf "%-7s zip bytes: coursec %d, zip -6 of the same files %d (%+.1f%%)",
		    s, c, r, (c - r) * 100 / r }')"
	say "$(awk -v s="$size" -v n="$(median noop 2)" -v f="$(median coursec 2)" 'BEGIN {
		printf "%-7s no-op rebuild: %.1f%% of a full build", s, n * 100 / f }')"
done
rm -rf "$BENCH_DIR"/out-*

if [ "$CALLGRIND" = 1 ] && command -v valgrind >/dev/null 2>&1; then
	src=$BENCH_DIR/medium
	[ -d "$src" ] || "$GEN" "$src" 20 25
	j=""
	"$COURSEC" --help 2>&1 | grep -q -- '-j' && j="-j 1"
	rm -rf "$BENCH_DIR/cg"
	# shellcheck disable=SC2086
	ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null \
	    "$COURSEC" build -q $j -o "$BENCH_DIR/cg" "$src"/c* 2>&1 |
	    sed -n 's/.*Collected : //p')
	say "callgrind, medium corpus (20x25), one thread: $ir instructions"
	rm -rf "$BENCH_DIR/cg"
fi
say "written to $report"
