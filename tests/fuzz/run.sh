#!/bin/sh
# Builds the libFuzzer harnesses (make fuzz-bin) and runs each on a copy
# of its seed corpus for FUZZ_SECONDS (default 5), then replays every
# input under tests/fuzz/regress/TARGET (crashes found before).  Prints
# PASS/FAIL per target, or SKIP when clang's fuzzer runtime is missing.
set -u
cd "$(dirname "$0")/../.."
secs=${FUZZ_SECONDS:-5}
D=tests/out/fuzz
mkdir -p "$D"
pass=0 fail=0

cat >"$D/probe.c" <<'PROBE'
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }
PROBE
if ! ${FUZZ_CC:-clang} -fsanitize=fuzzer,address,undefined -o "$D/probe" \
    "$D/probe.c" >"$D/probe.log" 2>&1; then
	echo "SKIP: fuzz: clang with libFuzzer is missing (sh tools/deps.sh test installs clang and libclang-rt-14-dev)"
	cat "$D/probe.log"
	exit 0
fi
if ! make -s fuzz-bin >"$D/build.log" 2>&1; then
	cat "$D/build.log"
	echo "FAIL: fuzz build"
	exit 1
fi
for t in quiz scenario yaml template lesson; do
	bin=$D/fuzz_$t
	work=$D/corpus-$t
	rm -rf "$work" "$D/crash-$t"
	mkdir -p "$work" "$D/crash-$t"
	ok=1
	# Inputs that once crashed: each must now run clean.
	if [ -d "tests/fuzz/regress/$t" ] &&
	    [ -n "$(ls "tests/fuzz/regress/$t")" ]; then
		"$bin" tests/fuzz/regress/"$t"/* >"$D/$t.regress.log" 2>&1 || {
			ok=0
			tail -40 "$D/$t.regress.log"
		}
	fi
	start=$(date +%s)
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix="$D/crash-$t/" -print_final_stats=1 \
	    "$work" "tests/fuzz/corpus/$t" >"$D/$t.log" 2>&1 || {
		ok=0
		grep -A30 "ERROR\|WARNING: " "$D/$t.log" | head -60
	}
	end=$(date +%s)
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$D/$t.log")
	if [ "$ok" = 1 ]; then
		echo "PASS: fuzz $t ($((end - start)) s, ${runs:-?} runs)"
		pass=$((pass + 1))
	else
		echo "FAIL: fuzz $t (inputs in $D/crash-$t)"
		fail=$((fail + 1))
	fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" = 0 ]
