#!/bin/sh
# The SCORM packages of the sample courses played against Moodle's own
# SCORM runtime and parser (../shared/lms/moodle-runtime, a harness kept
# outside the project: mod_exescorm's datamodels/*.js, request.js and
# PHP under php-cli, in headless Chromium).  Every package of SITE
# (default tests/out/site, as tests/run.sh builds it) with every
# scenario that fits it (the harness's run-all.sh), then
# tests/moodle/check.mjs asserts on the JSON it writes (PASS:/FAIL:).
#   env MOODLE_RUNTIME  the harness folder (default ../shared/lms/moodle-runtime)
#       JOBS            runs at once (default 2), RUN_TIMEOUT seconds per run (default 1200)
set -u
cd "$(dirname "$0")/../.."
H=${MOODLE_RUNTIME:-../shared/lms/moodle-runtime}
SITE=${1:-tests/out/site}
OUT=tests/out/moodle
if [ ! -f "$H/run-all.sh" ] || [ ! -f "$H/vendor-mod_exescorm.tar.gz" ]; then
	echo "SKIP: moodle: no harness at $H (../shared absent?):"
	echo "SKIP: moodle: the SCORM packages were NOT played in Moodle's runtime"
	exit 0
fi
for cmd in php unzip node; do
	command -v "$cmd" >/dev/null 2>&1 ||
		{ echo "FAIL: moodle: $cmd not found (make test installs it: tools/deps.sh test)"; exit 1; }
done
php -r 'exit(class_exists("DOMDocument") && function_exists("xml_parser_create") ? 0 : 1);' ||
	{ echo "FAIL: moodle: php-xml is missing (tools/deps.sh test)"; exit 1; }
ls "$SITE"/*-scorm*.zip >/dev/null 2>&1 ||
	{ echo "FAIL: moodle: no SCORM package in $SITE"; exit 1; }

# Moodle's module, unpacked here (never into the shared folder).
rm -rf "$OUT"
mkdir -p "$OUT/exescorm"
tar -xzf "$H/vendor-mod_exescorm.tar.gz" -C "$OUT/exescorm" ||
	{ echo "FAIL: moodle: cannot unpack $H/vendor-mod_exescorm.tar.gz"; exit 1; }
root=$(pwd)
export PLAYWRIGHT_CORE="${PLAYWRIGHT_CORE:-$root/node_modules/playwright-core/index.mjs}"
t0=$(date +%s)
RUN_TIMEOUT=${RUN_TIMEOUT:-1200} JOBS=${JOBS:-2} sh "$H/run-all.sh" "$root/$OUT/exescorm" "$root/$SITE" \
    "$root/$OUT/results" >"$OUT/runs.log" 2>&1
echo "moodle: harness runs took $(($(date +%s) - t0)) s (JOBS=${JOBS:-2})"
node tests/moodle/check.mjs "$OUT/results" "$SITE"
