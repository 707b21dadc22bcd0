#!/usr/bin/env bash
# Drives the real launcher as a newcomer would: a demo on a fresh data directory, then an audit of
# what it settled. Fails if either fails or the demo does not report a verified receipt.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
out="$data/demo.out"
"$root/edgemarket" demo --data "$data/market" --port 0 | tee "$out"
grep -qE '^receipt [0-9a-f-]+ verified$' "$out" || { echo "demo printed no verified receipt" >&2; exit 1; }
"$root/edgemarket" audit --data "$data/market" --broker http://127.0.0.1:1 --json > "$data/audit.json"
cat "$data/audit.json"
grep -q '"ok" *: *true' "$data/audit.json" || { echo "audit found discrepancies" >&2; exit 1; }
echo "1 passed, 0 failed"
