#!/usr/bin/env bash
# Rebuilds fuzz/corpus/ from tests/fixtures/: every article (front_matter), every article body
# (markdown), every tree file (tree), every fixture site packed as one input (site), every
# file copied as it is from the fixtures, a stylesheet and a few hostile files (asset_sniffer: the extension,
# a newline, the bytes), and requests as a browser or an attacker sends them (serve_route).
set -euo pipefail
cd "$(dirname "$0")"
fixtures=../tests/fixtures
rm -rf corpus && mkdir -p corpus/{front_matter,markdown,tree,site,asset_sniffer,serve_route}
while IFS= read -r -d '' f; do
    name=$(echo "${f#"$fixtures"/}" | tr '/' '_')
    cp "$f" "corpus/front_matter/$name"
    # The body: everything after the second `+++` line.
    awk 'n>=2{print} /^\+\+\+$/{n++}' "$f" > "corpus/markdown/$name"
done < <(find "$fixtures" -name '*.md' -print0 | sort -z)
while IFS= read -r -d '' f; do
    cp "$f" "corpus/tree/$(echo "${f#"$fixtures"/}" | tr '/' '_')"
done < <(find "$fixtures" -path '*/checks/*.toml' -print0 | sort -z)
while IFS= read -r -d '' site; do
    dir=$(dirname "$site")
    out="corpus/site/$(echo "${dir#"$fixtures"/}" | tr '/' '_')"
    (cd "$dir" && find content $(if [ -d themes ]; then echo themes; fi) -type f | sort | while IFS= read -r f; do
        printf '=== %s\n' "$f"
        cat "$f"
        printf '\n'
    done) > "$out"
done < <(find "$fixtures" -maxdepth 3 -name content -type d -print0 | sort -z)
while IFS= read -r -d '' f; do
    name=$(echo "${f#../}" | tr '/' '_')
    { printf '%s\n' "${f##*.}"; cat "$f"; } > "corpus/asset_sniffer/$name"
    if [ "${f##*.}" = svg ]; then
        { printf 'svgz\n'; gzip -9 -n -c "$f"; } > "corpus/asset_sniffer/$name.svgz"
    fi
done < <(find "$fixtures" -type f -path '*/content/*' ! -name '*.md' ! -name '*.toml' -print0 | sort -z)
sniff() { printf '%s\n%b' "$2" "$3" > "corpus/asset_sniffer/$1"; }
sniff css css 'body { font: 1rem/1.5 system-ui, sans-serif; }\n'
sniff script-as-png png '<script>alert(1)</script>'
sniff doctype-as-txt txt '\xef\xbb\xbf  \n<!DOCTYPE html><p>x'
sniff ssi-as-shtml shtml '<!--#exec cmd="ls" -->'
sniff pdf pdf '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n'
sniff xml-as-css css '<?xml version="1.0"?><svg onload="x()"/>'
request() { printf '%b' "$2" > "corpus/serve_route/$1"; }
request get 'GET / HTTP/1.1\r\nHost: 127.0.0.1:1111\r\nAccept: text/html\r\n\r\n'
request head 'HEAD /causes/muscle-strain.html HTTP/1.1\r\nHost: localhost:1111\r\n\r\n'
request base-path 'GET /leaflets/causes/ HTTP/1.1\r\nHost: localhost\r\n\r\n'
request events 'GET /__carepath/events HTTP/1.1\r\nHost: [::1]:1111\r\n\r\n'
request rebinding 'GET / HTTP/1.1\r\nHost: rebind.evil.example:1111\r\n\r\n'
request absolute 'GET http://rebind.evil.example:1111/ HTTP/1.1\r\nHost: localhost\r\n\r\n'
request huge-body 'POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000000000\r\n\r\n'
request chunked 'PUT /x HTTP/1.1\r\nHost: laptop.local\r\nTransfer-Encoding: chunked\r\n\r\n'
request http10 'GET /a%20b/%C3%A9.html?q=1#f HTTP/1.0\r\n\r\n'
request traversal 'GET /%2e%2e/etc/passwd HTTP/1.1\r\nHost: preview.example.org\r\n\r\n'
request asterisk 'OPTIONS * HTTP/1.1\r\nHost: localhost\r\n\r\n'
request two-hosts 'GET //evil.example/ HTTP/1.1\r\nHost: localhost\r\nHost: evil\r\n\r\n'
# policy_tokenizers needs no copies: it reads ../themes and ../tests/fixtures as they are (.ci/run).
echo "seeded: $(find corpus -type f | wc -l) inputs"
