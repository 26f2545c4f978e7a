#!/usr/bin/env bash
# Peak memory (maximum resident set size, from GNU time) of carepath on deep decision trees.
# Not a timed test: run it by hand, `bash benches/memory.sh`, and compare the figures.
#   1. a 20,000-question chain with tree_page_budget = 100000 (40,001 pages, inside the budget):
#      refused by max_path_questions (default 60) before anything is expanded;
#   2. chains of QUESTIONS (default 1000 and 2000) with max_path_questions raised so they build:
#      output is pages × path length, so the interesting figure is memory beside the output.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (/usr/bin/time)"; exit 1; }
cargo build --release --quiet --bin carepath --example synthetic
bin=target/release/carepath
gen=target/release/examples/synthetic
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

peak() { # peak MiB, exit code and output size of `carepath build` on site $1
    local log="$work/time.log" code=0
    CAREPATH_TODAY=2026-06-01 /usr/bin/time -v "$bin" build --site "$1" >"$work/out.log" 2>"$log" || code=$?
    local kib; kib=$(grep 'Maximum resident' "$log" | awk '{print $NF}')
    local size="-"; [ -d "$1/public" ] && size=$(du -sm "$1/public" | cut -f1)" MiB"
    printf '%-58s peak %6d MiB  exit %d  output %s\n' "$2" $((kib / 1024)) "$code" "$size"
    grep -m1 -o 'error: the longest path asks [0-9]* questions' "$log" || true
}

"$gen" chain "$work/deep" 20000 "tree_page_budget = 100000
max_file_bytes = 10000000"
peak "$work/deep" "20,000-question chain, budget 100,000, default path limit"
for n in ${QUESTIONS:-1000 2000}; do
    "$gen" chain "$work/c$n" "$n" "tree_page_budget = 100000
max_path_questions = $n
max_file_bytes = 10000000
page_weight_budget = 100000000"
    peak "$work/c$n" "$n-question chain ($((2 * n + 1)) pages), path limit raised"
    rm -rf "$work/c$n"
done
