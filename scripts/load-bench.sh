#!/usr/bin/env bash
# Issue 13's workload mixes against a market in separate processes: a broker (`up --providers 0`:
# broker, embedded ledger, verifier; containers off), two provider agents enrolled with one-time
# tokens and started with `provider start`, and the load generator `io.edgemarket.bench.LoadMix`
# driving them through the consumer SDK: steady traffic (`upper`, fixed interval), bursty IoT
# sensors (`anomaly`, bursts of 10-50 calls within a few ms) and latency-critical AR/VR frames
# (`echo`, fixed rate, hedged), each an open loop on its own seeded arrival schedule (latency from
# each call's due time, HdrHistogram). Warm-up windows until every mix's p50 settles, then one
# measured window. Prints a markdown table and writes it, with this command, the machine and the
# date, into BENCHMARKS.md between `<!-- load-bench:begin -->` and `<!-- load-bench:end -->`
# (section "Load mixes (issue 13)"), replacing the previous one. Raw output in
# benchmarks/target/load-bench.
#
#   scripts/load-bench.sh
#   LOAD_MIX=all                         steady | iot | arvr | all (all: the three at once)
#   LOAD_RATES="steady=20,iot=20,arvr=20" mean calls/s of each mix
#   LOAD_SECONDS=30 LOAD_WARMUP_SECONDS=10 LOAD_MAX_WARMUP_WINDOWS=6 LOAD_CAP=256
#   LOAD_SEED=1                          seeds every schedule and input (same seed, same calls)
#   LOAD_BURST="10 50 5"                 IoT bursts: min calls, max calls, spread in ms
#   LOAD_ARVR_HEDGE_MS=25 LOAD_ARVR_DEADLINE_MS=50
#   LOAD_LAG_SAMPLES=40 LOAD_LAG_POLL_MS=100   answers per mix followed to settlement, poll interval
#   LOAD_AGENT_CONCURRENCY=32            each agent's --concurrency
#   LOAD_WRITE=0                         print the table only, leave BENCHMARKS.md alone
#   LOAD_KEEP=1                          keep the market's data directory
#
# Builds with the reactor (`./mvnw -pl benchmarks -am package`, which also builds the cli jar the
# launcher runs), never with `mvn install`, and runs the launcher with EDGEMARKET_NO_BUILD=1.
# Stops everything it started on exit. Benchmarks are not tests.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mix="${LOAD_MIX:-all}"
rates="${LOAD_RATES:-steady=20,iot=20,arvr=20}"
seconds="${LOAD_SECONDS:-30}"
warmup="${LOAD_WARMUP_SECONDS:-10}"
max_windows="${LOAD_MAX_WARMUP_WINDOWS:-6}"
cap="${LOAD_CAP:-256}"
seed="${LOAD_SEED:-1}"
read -r burst_min burst_max burst_spread <<<"${LOAD_BURST:-10 50 5}"
hedge="${LOAD_ARVR_HEDGE_MS:-25}"
deadline="${LOAD_ARVR_DEADLINE_MS:-50}"
lag_samples="${LOAD_LAG_SAMPLES:-40}"
lag_poll="${LOAD_LAG_POLL_MS:-100}"
agent_concurrency="${LOAD_AGENT_CONCURRENCY:-32}"
out="benchmarks/target/load-bench"
work="$(mktemp -d /tmp/em-load.XXXXXX)"
pids=()

cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    local alive=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [[ $alive == 0 ]] && break
    sleep 0.2
  done
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ -z ${LOAD_KEEP:-} ]]; then rm -rf "$work"; else echo "kept $work" >&2; fi
}
trap cleanup EXIT
await_line() { # FILE TEXT SECONDS
  for _ in $(seq 1 $(($3 * 5))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.2; done
  echo "no '$2' in $1 after $3 s:" >&2; tail -20 "$1" >&2; return 1
}

echo "=== build" >&2
./mvnw -q -B -ntp -pl benchmarks -am package -DskipTests
rm -rf "${out:?}" && mkdir -p "$out/lib"
cp benchmarks/target/edgemarket-benchmarks-*.jar "$out/lib/"
tr ':' '\n' < benchmarks/target/classpath.txt | while read -r jar || [[ -n "$jar" ]]; do cp "$jar" "$out/lib/"; done
bench_cp="$out/lib/*"
EM=(env EDGEMARKET_NO_BUILD=1 "$root/edgemarket")

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
: >"$out/loadavg.txt"
( while true; do cut -d' ' -f1 /proc/loadavg >>"$out/loadavg.txt"; sleep 5; done ) &
pids+=($!)
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
broker="http://127.0.0.1:$port"
echo "=== market: broker on $broker, data in $work" >&2
"${EM[@]}" up --providers 0 --containers off --port "$port" --data "$work/market" >"$out/broker.log" 2>&1 &
broker_pid=$!
pids+=("$broker_pid")
await_line "$out/broker.log" "EdgeMarket is up" 300
agent_pids=()
for name in lb1 lb2; do
  token="$("${EM[@]}" identity token --role provider --name "$name" --data "$work/market" --broker "$broker")"
  "${EM[@]}" identity enroll --broker "$broker" --token "$token" --name "$name" --data "$work/$name" >/dev/null
  # Price 1 + 1 per million instructions, as hotpath-bench.sh: the escrow lasts for every window.
  "${EM[@]}" provider start --broker "$broker" --data "$work/$name" \
    --as "$name" --containers off --cpu 2 --memory 512MiB --concurrency "$agent_concurrency" \
    --price 1 --price-per-mfuel 1 >"$out/$name.log" 2>&1 &
  agent_pids+=($!)
  pids+=($!)
done
for name in lb1 lb2; do await_line "$out/$name.log" "offers" 180; done
for _ in $(seq 1 150); do
  curl -fsS "$broker/api/v1/health" 2>/dev/null | grep -q '"providers":2' && break
  sleep 0.2
done

echo "=== mixes: $mix at $rates" >&2
java -Xss512k -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$bench_cp" io.edgemarket.bench.LoadMix \
  --broker "$broker" --data "$work/market" --mix "$mix" --rates "$rates" --seconds "$seconds" \
  --warmup-seconds "$warmup" --max-warmup-windows "$max_windows" --concurrency-cap "$cap" --seed "$seed" \
  --burst-min "$burst_min" --burst-max "$burst_max" --burst-spread-ms "$burst_spread" \
  --arvr-hedge-ms "$hedge" --arvr-deadline-ms "$deadline" --lag-samples "$lag_samples" --lag-poll-ms "$lag_poll" \
  --pids "broker=$broker_pid,agent1=${agent_pids[0]},agent2=${agent_pids[1]}" \
  --table "$out/table-body.md" >"$out/loadmix.txt" 2>"$out/loadmix.err" \
  || { echo "LoadMix failed:" >&2; tail -30 "$out/loadmix.err" >&2; exit 1; }
cat "$out/loadmix.err" >&2
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
load_samples="$(sort -n "$out/loadavg.txt" | awk '{a[NR]=$1} END {if (NR) printf "min %s, median %s, max %s over %d samples", a[1], a[int((NR+1)/2)], a[NR], NR}')"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git status --porcelain 2>/dev/null)" ]]; then commit="$commit + uncommitted changes"; fi
command="LOAD_MIX=$mix LOAD_RATES=\"$rates\" LOAD_SECONDS=$seconds LOAD_WARMUP_SECONDS=$warmup LOAD_MAX_WARMUP_WINDOWS=$max_windows LOAD_CAP=$cap LOAD_SEED=$seed LOAD_BURST=\"$burst_min $burst_max $burst_spread\" LOAD_ARVR_HEDGE_MS=$hedge LOAD_ARVR_DEADLINE_MS=$deadline scripts/load-bench.sh"
{
  echo "### Load mixes — $(date -u '+%Y-%m-%d %H:%M UTC') (commit $commit)"
  echo
  echo "- Command: \`$command\`"
  echo "- Machine: $(nproc) cores ($(sed -nE 's/^model name\s*:\s*//p' /proc/cpuinfo | head -1)), $(java -version 2>&1 | sed -n 2p); load average (1/5/15 min) $load_start at the start, $load_end at the end; 1-min load every 5 s: $load_samples"
  echo "- Market: \`./edgemarket up --providers 0 --containers off\` (broker + embedded ledger + verifier, one JVM) and 2 × \`./edgemarket provider start --cpu 2 --memory 512MiB --concurrency $agent_concurrency --price 1 --price-per-mfuel 1 --containers off\`; the load generator in a third JVM, one consumer identity for every mix"
  echo
  cat "$out/table-body.md"
} >"$out/table.md"
cat "$out/table.md"
if [[ ${LOAD_WRITE:-1} != 0 ]]; then
  java -cp "$bench_cp" io.edgemarket.bench.MarkdownSection BENCHMARKS.md load-bench \
    "## Load mixes (issue 13)" "$out/table.md"
  echo "=== wrote the table into BENCHMARKS.md (between the load-bench markers)" >&2
fi
