# Shared helpers for the scripts; sourced, not run.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# The wasm-bindgen version pinned in Cargo.toml; the CLI must match it exactly.
wasm_bindgen_version() {
  sed -n 's/^wasm-bindgen = { *version = "=\([0-9.]*\)".*/\1/p; s/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml | head -1
}

# Reads `key = value` from wasm-pack.toml (top-level keys only, strings unquoted).
packaging() {
  sed -n "s/^$1 *= *//p" wasm-pack.toml | head -1 | sed 's/^"\(.*\)"$/\1/'
}
