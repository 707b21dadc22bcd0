#!/usr/bin/env bash
# Drives the real launcher as a newcomer would: a demo on a fresh data directory, then an audit of
# what it settled; then the same demo on the local Fabric network (--ledger fabric, which must be
# up or startable). Fails if any step fails or a demo does not report a verified receipt.
#   scripts/smoke.sh            # both ledgers
#   scripts/smoke.sh embedded   # the embedded ledger only
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
passed=0

verified() { # demo output file
  grep -qE '^receipt [0-9a-f-]+ verified$' "$1" || { echo "demo printed no verified receipt" >&2; exit 1; }
}

"$root/edgemarket" demo --data "$data/market" --port 0 | tee "$data/demo.out"
verified "$data/demo.out"
"$root/edgemarket" audit --data "$data/market" --broker http://127.0.0.1:1 --json > "$data/audit.json"
cat "$data/audit.json"
grep -q '"ok" *: *true' "$data/audit.json" || { echo "audit found discrepancies" >&2; exit 1; }
passed=$((passed + 1))

if [[ "${1:-all}" != embedded ]]; then
  "$root/edgemarket" demo --ledger fabric --data "$data/fabric" --port 0 --invocations 40 \
    | tee "$data/fabric.out"
  verified "$data/fabric.out"
  passed=$((passed + 1))
fi
echo "$passed passed, 0 failed"
