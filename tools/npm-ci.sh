#!/bin/sh
# Installs the test tools pinned in package-lock.json (npm ci).
# Some networks re-sign TLS with a certificate authority that a brand-new
# machine does not trust yet (npm then fails with SELF_SIGNED_CERT_IN_CHAIN
# or UNABLE_TO_GET_ISSUER_CERT). Only in that case it retries without TLS
# verification: npm ci still checks every tarball against the sha512
# "integrity" recorded in the committed lockfile, so a substituted package
# is refused either way. Any other failure stops here.
set -u
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if npm ci --no-audit --no-fund >"$log" 2>&1; then
	cat "$log"
	exit 0
fi
cat "$log" >&2
if grep -Eq 'SELF_SIGNED_CERT|UNABLE_TO_GET_ISSUER_CERT|UNABLE_TO_VERIFY_LEAF|CERT_UNTRUSTED' "$log"; then
	echo "npm-ci: this machine does not trust the registry's TLS certificate;" >&2
	echo "npm-ci: retrying without TLS verification, packages checked against package-lock.json's sha512 integrity" >&2
	exec npm ci --no-audit --no-fund --strict-ssl=false
fi
exit 1
