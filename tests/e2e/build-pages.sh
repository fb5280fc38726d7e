#!/usr/bin/env bash
# Builds the test-only pages that the e2e tests load from /seed/ (the harness serves
# target/e2e-seed/ there, same origin as the app), after scripts/build made pkg/:
#   /seed/                  seed-page.ts: fills a workspace for the XSS test
#   /seed/reliability.html  reliability-page.ts: the reliability tests' engine driver
# The reliability tests run this themselves when a page is missing or older than its
# sources, so calling it first is optional.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/node_modules/.bin:$PATH"
out=target/e2e-seed
mkdir -p "$out"

# bundle SOURCE NAME HTML: SOURCE bundled (wasm inlined) into NAME.js, loaded by HTML.
bundle() {
  esbuild "$1" --bundle --format=esm --target=es2022 --loader:.wasm=binary \
    --log-level=warning --log-override:duplicate-object-key=silent --outfile="$out/$2.js"
  printf '<!doctype html><meta charset="utf-8"><title>%s</title><link rel="icon" href="data:,"><script type="module" src="%s.js"></script>\n' \
    "$2" "$2" > "$out/$3"
}

bundle tests/e2e/seed-page.ts seed index.html
bundle tests/e2e/reliability-page.ts reliability reliability.html
