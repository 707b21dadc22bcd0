# shellcheck shell=bash
# Shared by fabric-binaries.sh and fabric-ca-binaries.sh: building Go commands from the Go module
# proxy. Sourced, not run; the sourcing script sets BIN (where the commands go), WORK (a throwaway
# build module), TOOLS (the commands' names) and defines log.

built() {  # tool version-regex : every one of TOOLS is in BIN, and `tool version` matches
  local t
  for t in "${TOOLS[@]}"; do [[ -x "$BIN/$t" ]] || return 1; done
  "$BIN/$1" version 2>/dev/null | grep -E "Version: $2" >/dev/null
}

# A fresh throwaway Go module in WORK, to build in: `go install pkg@version` would also fetch the
# module's version list (for a deprecation notice), which the module proxy here refuses (403).
go_build_module() {  # module-name
  rm -rf "$WORK" && mkdir -p "$WORK" "$BIN"
  cd "$WORK" || exit 1
  go mod init "$1" >/dev/null 2>&1
}

go_download() {  # packages@version... : into the build module and the module cache
  local t0
  t0=$(date +%s)
  go get "$@" >"$WORK/get.log" 2>&1 || { cat "$WORK/get.log" >&2; exit 1; }
  log "  downloaded in $(($(date +%s) - t0))s"
}

go_install_tools() {  # module ldflags : each of TOOLS from module/cmd/ into BIN
  local t t0
  # 2 cores shared with other builds: compile at the lowest priority.
  for t in "${TOOLS[@]}"; do
    t0=$(date +%s)
    log "compiling $t (nice -n 19) ..."
    GOBIN="$BIN" nice -n 19 go install -ldflags "$2" "$1/cmd/$t"
    log "  $t done in $(($(date +%s) - t0))s"
  done
}
