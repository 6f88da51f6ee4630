#!/bin/sh
# Installs missing Debian packages for a part of the project, says what
# it installs, and stops with the exact command when it cannot.
#   deps.sh build   C libraries and tools to build coursec
#   deps.sh test    plus what the test suite needs (browser, Java, Node)
#   deps.sh bench   plus zip (the reference job), time and valgrind
set -eu
what=${1:-build}
pkgs="build-essential pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev libdeflate-dev libxxhash-dev libzip-dev libxml2-dev libyaml-dev libmicrohttpd-dev"
if [ "$what" = bench ]; then
	pkgs="$pkgs zip time valgrind"
fi
if [ "$what" = test ]; then
	# clang and its runtimes build the libFuzzer harnesses (tests/fuzz).
	# php-cli and php-xml run Moodle's SCORM code (tests/moodle).
	# valgrind's Helgrind checks parallel builds (tests/threads.sh).
	pkgs="$pkgs libcmocka-dev libxml2-utils chromium zip unzip clang libclang-rt-14-dev php-cli php-xml valgrind"
fi
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
# Node may come from elsewhere than Debian (e.g. a vendor package that
# bundles npm): only ask Debian for it when the commands are absent.
if [ "$what" = test ] && ! command -v npm >/dev/null 2>&1; then
	missing="$missing nodejs npm"
fi
# Any Java 11+ runs the Nu HTML checker; Debian's default only if none.
if [ "$what" = test ] && ! command -v java >/dev/null 2>&1; then
	missing="$missing default-jre-headless"
fi
[ -z "$missing" ] && exit 0
echo "deps: installing missing Debian packages:$missing"
if [ "$(id -u)" = 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO="sudo"
else
	echo "deps: cannot install as $(id -un). Run:" >&2
	echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing
