#!/usr/bin/env bash
# Installs what the test suite needs when it is missing: a JDK 17, and for the Fabric network
# (network-config) openssl (test identities), util-linux (setsid), coreutils (timeout, od), tar
# and gzip (the chaincode package), iproute2 (ss for port checks, ip for the multi-host
# namespaces), and for nat-test.sh iptables (the home router's masquerade), curl, tcpdump (the
# capture on the broker's interface) and socat (a TLS relay for the agent of another market), and
# mosquitto (the MQTT broker of the MQTT trigger tests and 'up --mqtt'), faketime (FaultsIT runs
# a provider agent with its clock ten minutes off), Node.js with npm (the web UI's build) and
# Chromium with chromedriver (the web UI's browser tests). Go is
# expected to be present already: Fabric's binaries are built with it from the
# Go module proxy (network-config/scripts/fabric-binaries.sh). The Docker engine: docker-engine.sh.
set -euo pipefail
if ! command -v java >/dev/null || ! java -version 2>&1 | grep -qE 'version "(1[7-9]|[2-9][0-9])'; then
  echo "installing JDK 17"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless
fi
java -version 2>&1 | head -1

missing=()
for tool in openssl:openssl setsid:util-linux timeout:coreutils tar:tar gzip:gzip od:coreutils \
  ss:iproute2 ip:iproute2 iptables:iptables curl:curl tcpdump:tcpdump socat:socat \
  python3:python3 faketime:faketime; do
  command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
if ((${#missing[@]})); then
  echo "installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
# The MQTT trigger tests run a real mosquitto; Debian puts it in /usr/sbin, not always on PATH.
if ! command -v mosquitto >/dev/null && [ ! -x /usr/sbin/mosquitto ]; then
  echo "installing mosquitto"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mosquitto
fi
# The container sandbox's tests build their images from a static busybox (no registry is reachable).
if ! dpkg -s busybox-static >/dev/null 2>&1; then
  echo "installing busybox-static"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq busybox-static
fi
# The web UI (web/build.mjs) and the bridge's contracts (bridge/src/build/compile.js, solcjs) are
# built with node and npm at build time; Debian's nodejs is recent enough.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "installing nodejs npm"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
fi
node --version
# The bridge's tests start a real anvil; the binary ships inside the npm package.
anvil_dir="$HOME/.cache/edgemarket/anvil"
anvil_version=1.7.1
anvil_bin="$anvil_dir/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
if [ ! -x "$anvil_bin" ] || ! "$anvil_bin" --version 2>/dev/null | grep -q "Version: $anvil_version"; then
  echo "installing anvil $anvil_version into $anvil_dir"
  mkdir -p "$anvil_dir"
  npm install --prefix "$anvil_dir" --no-audit --no-fund --no-save "@foundry-rs/anvil-linux-amd64@$anvil_version"
fi
"$anvil_bin" --version | head -1
# The web UI's browser tests (cli's WebUiIT) drive Debian's Chromium through its chromedriver.
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  echo "installing chromium chromium-driver"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
fi
if command -v go >/dev/null; then
  go version
else
  echo "Go not found: Fabric's binaries are built with it (network-config/scripts/fabric-binaries.sh)." >&2
  echo "Install Go 1.22+ (e.g. from https://go.dev/dl/) and put it on PATH." >&2
  exit 1
fi
