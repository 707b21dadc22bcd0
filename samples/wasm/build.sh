#!/usr/bin/env bash
# Rebuilds every sample .wasm from its .wat source. The .wasm files are committed, so the
# Maven build never needs this; run it after editing a .wat and commit both files.
#
# Needs wat2wasm from WABT (the WebAssembly Binary Toolkit):
#   Debian/Ubuntu: apt-get install -y wabt
#   macOS:         brew install wabt
set -euo pipefail

cd "$(dirname "$0")"

if ! command -v wat2wasm >/dev/null 2>&1; then
  echo "wat2wasm not found; install WABT (Debian/Ubuntu: apt-get install -y wabt)" >&2
  exit 1
fi

for wat in *.wat; do
  wasm="${wat%.wat}.wasm"
  # tailcall.wat uses return_call; the flag changes nothing for the others.
  wat2wasm --enable-tail-call "$wat" -o "$wasm"
  echo "built $wasm"
done
