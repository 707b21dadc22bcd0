#!/usr/bin/env bash
# Fuzzes the broker's HTTP API from its own OpenAPI description (issue 13, hostile input) with
# schemathesis, against a market of its own (`up --providers 1 --containers off`): once with requests
# as generated (no signatures: the authenticator must refuse them with 4xx), once with every request
# carrying valid SignedHeaders of the identity the route admits (fuzz/hooks.py), so generated values
# reach the handlers. Checks: no 5xx, and answers (status, media type, body) as the document says.
# Afterwards the market must still answer health 200 and `./edgemarket audit` must pass (every
# settled receipt and batch checks out: no money moved wrongly). Non-zero exit on any finding.
#
#   scripts/fuzz-api.sh                          CI size: FUZZ_MAX_EXAMPLES=50 per operation
#   FUZZ_MAX_EXAMPLES=500 scripts/fuzz-api.sh    the long version (RELIABILITY.md)
#   FUZZ_SEED=N                                  replay a run (the seed is printed)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
max_examples="${FUZZ_MAX_EXAMPLES:-50}"
seed="${FUZZ_SEED:-$RANDOM$RANDOM}"
venv="${FUZZ_VENV:-$HOME/.cache/edgemarket/schemathesis-4.32.5}"
work="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
market_pid=""
cleanup() {
  if [[ -n "$market_pid" ]]; then kill "$market_pid" 2>/dev/null || true; wait "$market_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q ' 4\.32\.5$'; then
  echo "installing schemathesis 4.32.5 into $venv..." >&2
  # Debian's python3 lacks the venv module until python3-venv is installed.
  if ! python3 -m venv "$venv" 2>/dev/null; then
    rm -rf "$venv"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
    python3 -m venv "$venv"
  fi
  "$venv/bin/pip" install -q -r fuzz/requirements.txt
fi

./edgemarket --version >/dev/null # builds the jar when sources changed
export EDGEMARKET_NO_BUILD=1
data="$work/market"
echo "starting a market on port $port (data $data)..." >&2
./edgemarket up --providers 1 --containers off --port "$port" --data "$data" >"$work/up.log" 2>&1 &
market_pid=$!
broker="http://127.0.0.1:$port"
until curl -sf -o /dev/null "$broker/api/v1/health"; do
  kill -0 "$market_pid" 2>/dev/null || { cat "$work/up.log" >&2; exit 1; }
  sleep 0.2
done

# Phases: the document's examples, its boundaries (coverage) and random data (fuzzing), each in
# positive and negative mode. Stateful is left out: the document declares no links. The live feed
# (GET /api/v1/public/events, server-sent events) is left out too: it never ends, so each example
# would wait out the request timeout; it takes no input, and MarketEventsTest covers it.
fuzz() {
  local label="$1"
  shift
  echo
  echo "=== schemathesis: $label (seed $seed, at most $max_examples examples per operation)"
  # From the scratch directory: schemathesis keeps a .schemathesis/ cache where it runs.
  (cd "$work" && PYTHONPATH="$root/fuzz" SCHEMATHESIS_HOOKS=hooks "$@" "$venv/bin/schemathesis" --no-color run \
    "$broker/api/v1/openapi.json" --url "$broker" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --phases examples,coverage,fuzzing --mode all \
    --exclude-path /api/v1/public/events \
    --max-examples "$max_examples" --seed "$seed" --workers 1 \
    --request-timeout 30 --suppress-health-check all --generation-database none \
    --report junit --report-dir "$work/reports/$label")
}

status=0
fuzz "without signatures" env || status=1
fuzz "with signatures" env EDGEMARKET_FUZZ_DATA="$data" || status=1

echo
echo "=== the market after fuzzing"
if curl -sf -o /dev/null "$broker/api/v1/health"; then
  echo "health: 200"
else
  echo "health: not 200 after fuzzing" >&2
  status=1
fi
if ./edgemarket audit --broker "$broker" --data "$data"; then
  echo "audit: passed"
else
  echo "audit: FAILED after fuzzing" >&2
  status=1
fi
if grep -q "ERROR" "$work/up.log"; then
  echo "the market logged errors while fuzzed:" >&2
  grep -n -A3 "ERROR" "$work/up.log" | head -60 >&2
  status=1
fi
exit "$status"
