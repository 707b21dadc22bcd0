#!/usr/bin/env bash
# Runs every test of EdgeMarket on a fresh machine: installs what the tests need, builds, runs unit
# and integration tests, then drives the real launcher end to end (demo, then audit).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
declare -a phases=()
phase_start=0
begin() { phase_name="$1"; phase_start=$(date +%s); echo; echo "=== $1"; }
end() { phases+=("$(printf '%-40s %5ss' "$phase_name" $(( $(date +%s) - phase_start )))"); }
summary() { echo; echo "=== phase timings"; printf '%s\n' "${phases[@]}"; }
fabric_net="${EDGEMARKET_FABRIC_NET:-$HOME/.cache/edgemarket/fabric-net}"
fabric_up=0
docker_started=0
# The Fabric network is stopped whatever happens after it started; its state is kept for the next run.
# A Docker engine this script started is stopped too.
# The web UI's browser tests leave a screenshot of each page (cli/target/screenshots): kept, pass or
# fail, in one place a CI job can publish ($EDGEMARKET_ARTIFACTS, default ci-artifacts/).
keep_artifacts() {
  local out="${EDGEMARKET_ARTIFACTS:-$root/ci-artifacts}"
  [[ -d cli/target/screenshots ]] || return 0
  mkdir -p "$out/screenshots"
  cp cli/target/screenshots/*.png "$out/screenshots/" 2>/dev/null || return 0
  echo "screenshots of the web UI: $out/screenshots ($(ls "$out/screenshots" | wc -l) pages)"
}
finish() {
  keep_artifacts || true
  if ((fabric_up)); then network-config/scripts/network.sh down || true; fi
  if ((docker_started)); then scripts/docker-engine.sh stop || true; fi
  summary
}
trap finish EXIT

# Prints where the network's logs are and the end of each, so a CI failure can be read from its output.
fabric_logs() {
  local f
  echo "Fabric network logs in $fabric_net/logs:" >&2
  for f in "$fabric_net"/logs/*.log; do
    [[ -f "$f" ]] || continue
    echo "--- tail -n 40 $f" >&2
    tail -n 40 "$f" >&2
  done
}

begin "prerequisites"
scripts/setup-prereqs.sh
end

# The container sandbox's tests (provider-agent) run against a real engine and fail in CI without one.
begin "Docker engine"
if [[ "$(scripts/docker-engine.sh)" == started ]]; then docker_started=1; fi
end

# FabricConformanceIT runs against this network and fails in CI (CI=true) when it is not up.
# Bounded: a cold binary build takes ~10 min on 2 cores, `up` from nothing ~30 s.
begin "Fabric binaries and network (network.sh up)"
if ! timeout 1800 network-config/scripts/fabric-binaries.sh; then
  echo "building Fabric's binaries failed or took over 30 min" >&2
  exit 1
fi
fabric_up=1
# A fresh channel every run: the audits in the tests read the whole ledger, which would otherwise
# grow with every run on a machine that keeps its cache (the binaries stay cached).
network-config/scripts/network.sh clean
if ! timeout 600 network-config/scripts/network.sh up; then
  echo "network.sh up failed or took over 10 min" >&2
  fabric_logs
  exit 1
fi
end

# The same chaincode on a consortium spread over network namespaces (one per organisation, veth and
# a bridge between them), so that its traffic really crosses a network; a contributor enrols with
# the providers' Fabric CA (its binaries are built once per machine, ~4 min cold).
begin "Fabric across network namespaces (multihost.sh)"
if ! timeout 1200 network-config/scripts/fabric-ca-binaries.sh; then
  echo "building the Fabric CA binaries failed or took over 20 min" >&2
  exit 1
fi
if ! EDGEMARKET_CHAINCODE_LIB="$fabric_net/chaincode/lib" timeout 600 network-config/scripts/multihost.sh up \
  || ! timeout 300 network-config/scripts/multihost.sh smoke; then
  tail -n 40 ~/.cache/edgemarket/fabric-multihost/logs/*.log >&2 || true
  network-config/scripts/multihost.sh clean || true
  exit 1
fi
network-config/scripts/multihost.sh clean
end

begin "build, unit and integration tests"
./mvnw -B -ntp verify
end

# Hostile input (issue 13): schemathesis fuzzes the broker's API from its OpenAPI description, with
# and without valid signatures, against a market of its own; no 5xx, answers as documented, the
# market alive and its audit clean after. CI size (FUZZ_MAX_EXAMPLES=50); RELIABILITY.md has the long one.
begin "API fuzzing from openapi.json (fuzz-api.sh)"
timeout 900 scripts/fuzz-api.sh
end

# Contributors on other networks: the broker (broker start, HTTPS) in one namespace, agents installed
# from the distribution's tar.gz behind a masquerading router dialling out, a consumer in a third;
# no plaintext on the wire, another CA's agent refused, a killed link's call moved and not charged.
begin "broker, NATed agents and consumer across namespaces (nat-test.sh)"
timeout 900 scripts/nat-test.sh
end

# Placement by measured latency (issue 12): three agents each in a namespace of its own behind
# tc netem delays; calls go to the nearest, and --region, --avoid, --only-on steer them.
begin "placement across netem-delayed namespaces (latency-test.sh)"
timeout 900 scripts/latency-test.sh
end

begin "end to end: ./edgemarket demo and audit"
scripts/smoke.sh
end
