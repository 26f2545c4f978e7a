#!/usr/bin/env bash
# Checks the printed leaflets with real PDF tools: Poppler (pdfinfo, pdftotext, pdftoppm), ZBar
# (zbarimg decodes the QR code) and pikepdf (the PDF/UA-1 identification, the structure tree,
# the language), installed here: apt for the first two, pip in a venv under target/ for pikepdf.
set -euo pipefail
cd "$(dirname "$0")/../.."
need=()
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v zbarimg >/dev/null || need+=(zbar-tools)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
venv=target/print-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q "pikepdf==10.18.0"
cargo build --locked -q
CAREPATH=target/debug/carepath "$venv/bin/python" tests/print/check.py "$@"
