#!/usr/bin/env bash
# Validates the FHIR export of the default tree and the fixture trees with the Python package
# fhir.resources (6.1.0 = FHIR R4 4.0.1), installed in a virtual environment under target/.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=target/fhir-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q "fhir.resources==6.1.0" "pydantic==1.10.27"
cargo build --locked -q
export CAREPATH=target/debug/carepath
py="$venv/bin/python tests/fhir/validate.py"
$py . back-pain-after-sleeping
$py tests/fixtures/tree check
$py tests/fixtures/same-care check
$py tests/fixtures/basic example
$py tests/fixtures/protocol child:structure
