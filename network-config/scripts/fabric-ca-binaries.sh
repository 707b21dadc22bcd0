#!/usr/bin/env bash
# Builds Hyperledger Fabric CA's fabric-ca-server and fabric-ca-client (v1.5.15) with this machine's
# Go, from the Go module proxy, into ${EDGEMARKET_FABRIC_HOME:-~/.cache/edgemarket/fabric}/bin, next
# to the Fabric binaries. Skips the build when both are there. Only MULTI-HOST.md's Fabric CA route
# (and `multihost.sh smoke`'s contributor step, which is skipped without them) needs these;
# network.sh and multihost.sh up do not.
#
# fabric-ca is an ordinary v1 module, so unlike Fabric it resolves by its tag; as for Fabric,
# `go install pkg@version` would also fetch the module's version list, which the proxy here refuses
# (403), so the build runs inside a throwaway module. fabric-ca-server needs cgo (go-sqlite3): gcc.
set -euo pipefail

CA_MODULE=github.com/hyperledger/fabric-ca
CA_VERSION=v1.5.15
FABRIC_HOME="${EDGEMARKET_FABRIC_HOME:-$HOME/.cache/edgemarket/fabric}"
BIN="$FABRIC_HOME/bin"
WORK="$FABRIC_HOME/build-ca"
TOOLS=(fabric-ca-server fabric-ca-client)

log() { echo "fabric-ca-binaries: $*"; }
# shellcheck source-path=SCRIPTDIR source=go-build-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/go-build-lib.sh"

if [[ "${1:-}" != "--force" ]] && built fabric-ca-client "${CA_VERSION#v}"; then
  log "$BIN already has ${TOOLS[*]} ($CA_VERSION); nothing to build"
  exit 0
fi
command -v go >/dev/null || { log "go not found on PATH" >&2; exit 1; }
command -v gcc >/dev/null || { log "gcc not found (fabric-ca-server needs cgo for sqlite)" >&2; exit 1; }

start=$(date +%s)
export GOFLAGS=-mod=mod CGO_ENABLED=1
go_build_module edgemarket.local/fabric-ca-build
log "downloading $CA_MODULE@$CA_VERSION and its dependencies ..."
go_download "$CA_MODULE/cmd/fabric-ca-server@$CA_VERSION" "$CA_MODULE/cmd/fabric-ca-client@$CA_VERSION"
go_install_tools "$CA_MODULE" "-X $CA_MODULE/lib/metadata.Version=${CA_VERSION#v}"
"$BIN/fabric-ca-client" version | sed 's/^/fabric-ca-binaries:   /'
log "built ${TOOLS[*]} ($CA_VERSION) into $BIN in $(($(date +%s) - start))s"
