#!/usr/bin/env bash
# Builds the benchmarks module and runs every benchmark: the JMH suite (Wasm start, receipts,
# Merkle, matching, embedded settlement), the broker load generator on loopback, container start
# through the agent's sandbox and the real Docker engine, and an idle agent's memory. Prints the
# figures and rewrites the generated section of BENCHMARKS.md. Takes about 5 minutes on 2 cores.
#
#   scripts/bench.sh                       everything
#   BENCH_JMH_ARGS='MatchBench' scripts/bench.sh     JMH arguments (a regex, -f, -i, ...)
#   BENCH_LOAD_ARGS='--invocations 5000 --concurrency 8' scripts/bench.sh
#   BENCH_SKIP_LOAD=1 / BENCH_SKIP_JMH=1 / BENCH_SKIP_CONTAINERS=1 / BENCH_SKIP_FOOTPRINT=1
#                                          leave one part out (its rows then say "did not run")
#
# Benchmarks are not tests: nothing here runs in ./mvnw verify.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="benchmarks/target/bench"
mkdir -p "$out"
command_line="scripts/bench.sh"
if [[ -n "${BENCH_JMH_ARGS:-}" ]]; then command_line="BENCH_JMH_ARGS=\"$BENCH_JMH_ARGS\" $command_line"; fi
if [[ -n "${BENCH_LOAD_ARGS:-}" ]]; then command_line="BENCH_LOAD_ARGS=\"$BENCH_LOAD_ARGS\" $command_line"; fi
for skip in BENCH_SKIP_JMH BENCH_SKIP_LOAD BENCH_SKIP_CONTAINERS BENCH_SKIP_FOOTPRINT; do
  if [[ -n "${!skip:-}" ]]; then command_line="$skip=1 $command_line"; fi
done

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
load_start="$(loadavg)"
busy="$(ps -eo pcpu=,comm= --sort=-pcpu | awk '$2 !~ /^(ps|awk|head)$/ && n < 5 {printf "%s%s %s%%", (n++ ? ", " : ""), $2, $1}')"

# Samples the 1-minute load average every 5 s while the benchmarks run.
: > "$out/loadavg.txt"
( while true; do cut -d' ' -f1 /proc/loadavg >> "$out/loadavg.txt"; sleep 5; done ) &
sampler=$!
trap 'kill "$sampler" 2>/dev/null || true' EXIT

echo "=== build"
./mvnw -q -B -pl benchmarks -am package -DskipTests
# Run from a private copy of the jars: another build in this tree (mvn clean, a rebuild of one
# module) must not pull classes out from under a running benchmark.
rm -rf "${out:?}/lib"
mkdir -p "$out/lib"
cp benchmarks/target/edgemarket-benchmarks-*.jar "$out/lib/"
tr ':' '\n' < benchmarks/target/classpath.txt | while read -r jar || [[ -n "$jar" ]]; do cp "$jar" "$out/lib/"; done
cp="$out/lib/*"

if [[ -z "${BENCH_SKIP_JMH:-}" ]]; then
  echo "=== JMH"
  rm -f "$out/jmh.json"
  # shellcheck disable=SC2086
  java -cp "$cp" org.openjdk.jmh.Main -foe true -rf json -rff "$out/jmh.json" ${BENCH_JMH_ARGS:-} \
    | tee "$out/jmh.txt"
fi
load_mid="$(loadavg)"

if [[ -z "${BENCH_SKIP_LOAD:-}" ]]; then
  echo "=== load generator"
  # shellcheck disable=SC2086
  java -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
    io.edgemarket.bench.LoadGenerator ${BENCH_LOAD_ARGS:-} | tee "$out/load.txt"
fi
if [[ -z "${BENCH_SKIP_CONTAINERS:-}" ]]; then
  echo "=== container start (Docker engine)"
  if scripts/docker-engine.sh >/dev/null && samples/containers/build.sh >/dev/null; then
    java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
      io.edgemarket.bench.ContainerStart samples/containers/upper.tar 20 | tee "$out/container.txt"
  else
    echo "no Docker engine or no static busybox: container start not measured" | tee "$out/container.txt"
  fi
fi

if [[ -z "${BENCH_SKIP_FOOTPRINT:-}" ]]; then
  echo "=== provider agent footprint (own process, idle)"
  scripts/agent-footprint.sh | tee "$out/footprint.txt"
fi
load_end="$(loadavg)"
kill "$sampler" 2>/dev/null || true

samples="$(sort -n "$out/loadavg.txt" | awk '{a[NR]=$1; s+=$1} END {if (NR) printf "min %s, median %s, max %s over %d samples", a[1], a[int((NR+1)/2)], a[NR], NR}')"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git status --porcelain 2>/dev/null)" ]]; then commit="$commit + uncommitted changes"; fi
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
mem="$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
jdk="$(java -version 2>&1 | head -2 | tail -1)"

cat > "$out/machine.md" <<MD
### Run of $(date -u '+%Y-%m-%d %H:%M UTC') (commit $commit)

- Command: \`$command_line\` (build: \`./mvnw -q -B -pl benchmarks -am package -DskipTests\`; JMH:
  \`java -cp … org.openjdk.jmh.Main -foe true -rf json\`; load: \`java -cp … io.edgemarket.bench.LoadGenerator ${BENCH_LOAD_ARGS:---invocations 2000 --concurrency 4 --providers 2 --warmup 300 --seconds 120 (the defaults)}\`)
- Machine: $(nproc) cores ($cpu), $mem RAM, $jdk
- **Load average** (1/5/15 min): $load_start at the start, $load_mid after JMH, $load_end at the
  end; 1-min load sampled every 5 s during the run: $samples. Busiest processes at the start (ps %CPU, averaged over each process's life):
  $busy. The machine is shared (other builds may run on it): a 1-min load above ~2 on these 2
  cores means the figures below carry someone else's work too.
MD

# A part left out keeps the raw result of an earlier run, if any: say where those rows come from.
for part in "BENCH_SKIP_JMH:jmh.json" "BENCH_SKIP_LOAD:load.txt" "BENCH_SKIP_CONTAINERS:container.txt" \
  "BENCH_SKIP_FOOTPRINT:footprint.txt"; do
  skip="${part%%:*}" file="$out/${part#*:}"
  if [[ -n "${!skip:-}" && -f "$file" ]]; then
    echo "- Not rerun ($skip): the rows from \`${part#*:}\` are those of the earlier run of $(date -u -r "$file" '+%Y-%m-%d %H:%M UTC')." >>"$out/machine.md"
  fi
done

echo "=== BENCHMARKS.md"
java -cp "$cp" io.edgemarket.bench.Report BENCHMARKS.md "$out/jmh.json" "$out/load.txt" "$out/machine.md" \
  "$out/container.txt" "$out/footprint.txt"
