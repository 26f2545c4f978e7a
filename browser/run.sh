#!/usr/bin/env bash
# Runs the real-browser, HTML validity and text-browser tests of the default
# site, the fixtures they name and the user guide (docs/guide). From the repository root:
# bash browser/run.sh
# SKIP_BUILD=1 tests the public/ that is already there instead of building.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

bash "$here/setup.sh"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  (cd "$root" && cargo run --release -- build)
fi

cd "$here"
npm test
