#!/usr/bin/env bash
# Remakes docs/screenshots/*.png: one screenshot of each kind of page of
# `kgraph serve` (front page, search results, entity, action, document),
# from a store of the bundled Wikinews articles (tests/data/wikinews/*.txt),
# taken by headless Chromium at 1200x900.
#
#   cargo build --release && bash scripts/screenshots.sh
#
# Needs chromium (Debian's package) and Graphviz; where ImageMagick's
# `convert` works, the images are cut to 64 colours to keep them small. The
# documents' IRIs are digests of their texts, so the paths below hold as
# long as the articles do.
set -euo pipefail
cd "$(dirname "$0")/.."

kgraph=${KGRAPH:-target/release/kgraph}
out=docs/screenshots
tmp=$(mktemp -d)
pid=
cleanup() {
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT

"$kgraph" ingest --store "$tmp/db" tests/data/wikinews/*.txt >/dev/null 2>&1
"$kgraph" serve --store "$tmp/db" --bind 127.0.0.1:0 2>"$tmp/log" >/dev/null &
pid=$!
url=
for _ in $(seq 1 100); do
    url=$(grep -o 'http://[0-9.:]*/' "$tmp/log" | head -1 || true)
    [ -n "$url" ] && break
    sleep 0.1
done
[ -n "$url" ] || { echo "screenshots.sh: the server did not start: $(cat "$tmp/log")" >&2; exit 1; }
url=${url%/}
# The index of names is built in the background: wait for the front page.
curl -s -o /dev/null --max-time 30 "$url/"

mkdir -p "$out"
shot() {
    local name=$1 path=$2
    chromium --headless --no-sandbox --disable-dev-shm-usage --disable-gpu \
        --hide-scrollbars --window-size=1200,900 \
        --screenshot="$tmp/$name.png" "$url$path" >/dev/null 2>&1
    if ! convert "$tmp/$name.png" -strip -colors 64 "PNG8:$out/$name.png" 2>/dev/null; then
        cp "$tmp/$name.png" "$out/$name.png"
    fi
    echo "$out/$name.png $(stat -c %s "$out/$name.png") bytes"
}
shot front /
shot search '/search?q=united&type='
shot entity /kgraph/id/person/ahmed-mohamed
shot action /kgraph/id/doc/996ece92aa060351/action/1
shot document /kgraph/id/doc/996ece92aa060351
