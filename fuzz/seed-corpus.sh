#!/usr/bin/env bash
# Rebuilds fuzz/corpus/ from tests/fixtures/: every article (front_matter), every article body
# (markdown), every tree file (tree), and every fixture site packed as one input (site).
set -euo pipefail
cd "$(dirname "$0")"
fixtures=../tests/fixtures
rm -rf corpus && mkdir -p corpus/{front_matter,markdown,tree,site}
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
# policy_tokenizers needs no copies: it reads ../themes and ../tests/fixtures as they are (.ci/run).
echo "seeded: $(find corpus -type f | wc -l) inputs"
