#!/usr/bin/env bash
# Installs what the browser tests need on a clean Debian machine with Rust,
# Python, Node 20 and apt: Chromium, lynx and a Java runtime (for vnu.jar) from
# apt when missing, then the pinned npm packages from package-lock.json.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
missing=()
[ -x "$chromium_path" ] || missing+=(chromium)
command -v lynx >/dev/null 2>&1 || missing+=(lynx)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)

if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]} with apt-get"
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      echo "setup: need root (or sudo) to install: ${missing[*]}" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update
  "${sudo[@]}" apt-get install -y chromium lynx default-jre-headless
fi

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "setup: Node 20 or later is needed, found $(node --version)" >&2
  exit 1
fi

# --ignore-scripts: vnu-jar's postinstall would try to download a Java
# runtime; the system one from apt is used instead.
cd "$here"
npm ci --ignore-scripts --no-audit --no-fund
