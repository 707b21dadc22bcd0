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
trap summary EXIT

begin "prerequisites"
scripts/setup-prereqs.sh
end

begin "build, unit and integration tests"
./mvnw -B -ntp verify
end

begin "end to end: ./edgemarket demo and audit"
scripts/smoke.sh
end
