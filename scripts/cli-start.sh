#!/usr/bin/env bash
# Times ./edgemarket commands from enter to their first byte of output (issue 11: "any CLI command
# from enter to first output ≤ 0.5 s"), with the launcher as a user runs it (class archive in use,
# no rebuild check: EDGEMARKET_NO_BUILD=1). Starts a market of its own (`up --providers 1`) for the
# commands that need one, runs each command CLI_START_RUNS times (default 7) after one unmeasured
# run, and prints a markdown table of the median and highest time to first output and the median
# time to exit, with the machine and its load.
#
#   scripts/cli-start.sh                 build if needed, measure, stop the market
#   CLI_START_RUNS=15 scripts/cli-start.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
runs="${CLI_START_RUNS:-7}"
work="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
market_pid=""
cleanup() {
  if [[ -n "$market_pid" ]]; then kill "$market_pid" 2>/dev/null || true; wait "$market_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

./edgemarket --version >/dev/null # builds the jar and its class archive when sources changed
export EDGEMARKET_NO_BUILD=1
echo "starting a market on port $port (data $work/market)..." >&2
./edgemarket up --providers 1 --containers off --port "$port" --data "$work/market" >"$work/up.log" 2>&1 &
market_pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/api/v1/health"; do
  kill -0 "$market_pid" 2>/dev/null || { cat "$work/up.log" >&2; exit 1; }
  sleep 0.2
done
broker="http://127.0.0.1:$port"
printf 'hello' >"$work/input"

# Milliseconds from the command's start to the first byte it writes (stdout or stderr), then to its
# exit (the end of its output): "first exit".
timed_run() {
  local start first end
  start=$(date +%s%N)
  {
    IFS= read -r -n 1 _ || true
    first=$(date +%s%N)
    cat >/dev/null
  } < <("$@" 2>&1 || true)
  end=$(date +%s%N)
  echo "$(((first - start) / 1000000)) $(((end - start) / 1000000))"
}

measure() {
  local label="$1" firsts=() exits=() first exit
  shift
  timed_run "$@" >/dev/null
  for _ in $(seq "$runs"); do
    read -r first exit < <(timed_run "$@")
    firsts+=("$first")
    exits+=("$exit")
  done
  mapfile -t sorted_first < <(printf '%s\n' "${firsts[@]}" | sort -n)
  mapfile -t sorted_exit < <(printf '%s\n' "${exits[@]}" | sort -n)
  # shellcheck disable=SC2016 # backticks are markdown here
  printf '| `%s` | %s ms | %s ms | %s ms |\n' "$label" "${sorted_first[$((runs / 2))]}" \
    "${sorted_first[$((runs - 1))]}" "${sorted_exit[$((runs / 2))]}"
}

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "| command | first output, median | first output, highest | exit, median |"
echo "|---|---|---|---|"
measure "edgemarket --version" ./edgemarket --version
measure "edgemarket invoke --help" ./edgemarket invoke --help
measure "edgemarket balance" ./edgemarket balance --broker "$broker" --data "$work/market"
measure "edgemarket invoke upper" ./edgemarket invoke upper --input-file "$work/input" \
  --broker "$broker" --data "$work/market"
echo
echo "$runs runs each after one unmeasured; $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $(java -version 2>&1 | head -1); load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end; commit $(git rev-parse --short HEAD)."
