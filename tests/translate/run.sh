#!/usr/bin/env bash
# Reads and writes carepath's files for translators (`translate export` / `translate import`)
# with a real translation tool: translate-toolkit 3.20.4 (the library behind Weblate and
# Pootle; 3.20 reads XLIFF 2.0 as well as PO), in a Python venv under target/, and GNU gettext's
# msgfmt --check (apt). lxml is pinned to the version translate-toolkit 3.20.4 installs with.
# See tests/translate/check.py for the steps.
set -euo pipefail
cd "$(dirname "$0")/../.."
# GNU gettext's own checker (msgfmt --check) reads the PO files too.
if ! command -v msgfmt >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null
fi
venv=target/translate-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q "translate-toolkit==3.20.4" "lxml==6.2.1"
cargo build --locked -q
export CAREPATH="$PWD/target/debug/carepath"
"$venv/bin/python" tests/translate/check.py
