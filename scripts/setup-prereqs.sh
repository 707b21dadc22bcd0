#!/usr/bin/env bash
# Installs what the test suite needs when it is missing. Today that is only a JDK 17; later issues
# add the Docker engine, Chromium, anvil and Fabric's binaries here.
set -euo pipefail
if ! command -v java >/dev/null || ! java -version 2>&1 | grep -qE 'version "(1[7-9]|[2-9][0-9])'; then
  echo "installing JDK 17"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless
fi
java -version 2>&1 | head -1
