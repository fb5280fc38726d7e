# Shared by scripts/test and scripts/reliability; sourced, not run. Runs layers to
# their end, gives each one verdict line, and adds up the runners' own counts.
#
# A check layer (setup, build, fmt, clippy, tsc) fails on a non-zero exit. A test layer
# fails when it does not compile, exits non-zero, has a test binary that ended without
# reporting its results (a crash or abort), or ran no tests at all. The totals add up
# the runners' count lines (cargo test's and wasm-bindgen-test's "test result: ... N
# passed; M failed", node --test's "# pass N" / "# fail N" / "# cancelled N"); a layer
# that failed without counting a failure adds 1 (and 1 per crashed test binary), so a
# failed run never reads "0 failed".

log="${log:-target/test-logs}"
mkdir -p "$log"
passed=0
failed=0
any_failed=0
verdicts=()
layer_start=$SECONDS

step() { printf '\n\033[1m[test] %s\033[0m\n' "$*"; }

# Records a layer's verdict line (with how long the layer took, from $layer_start).
verdict() {
  local line="[layer] $1 [$((SECONDS - layer_start)) s]"
  verdicts+=("$line")
  printf '\033[1m%s\033[0m\n' "$line"
}

# check NAME COMMAND...: a layer that passes or fails on its exit status.
check() {
  local name=$1 rc
  shift
  layer_start=$SECONDS
  step "$name: $*"
  "$@" 2>&1 | tee "$log/$name.txt"
  rc=${PIPESTATUS[0]}
  if [ "$rc" -eq 0 ]; then
    verdict "$name: ok"
  else
    any_failed=1
    failed=$((failed + 1))
    verdict "$name: FAILED (exit $rc)"
  fi
}

# Sums the "test result: ... N passed; M failed" lines of cargo test and
# wasm-bindgen-test output, and counts the test binaries that started ("Running ...",
# "Doc-tests ...") against those that reported. Prints "passed failed started reported".
count_cargo() {
  awk '
    /^test result: / {
      reported++
      for (i = 1; i <= NF; i++) {
        if ($(i) ~ /^passed;?$/) p += $(i - 1)
        if ($(i) ~ /^failed;?$/) f += $(i - 1)
      }
    }
    /^ +(Running|Doc-tests) / { started++ }
    # A hung attempt that scripts/test stopped and ran again counts as one start.
    /^\[test\] browser: attempt [0-9]+ stopped/ { started-- }
    END { printf "%d %d %d %d\n", p, f, started, reported }
  ' "$1"
}

# Sums node --test's closing "# pass N", "# fail N" and "# cancelled N" lines; prints
# "passed failed reports" (reports: how many "# pass" lines there were).
count_node() {
  awk '
    /^# pass [0-9]+$/ { p += $3; reported++ }
    /^# (fail|cancelled) [0-9]+$/ { f += $3 }
    END { printf "%d %d 1 %d\n", p, f, reported }
  ' "$1"
}

# tests NAME COUNTER COMMAND...: a test layer, judged on its exit status, its runner's
# count lines, test binaries that never reported, and whether any test ran at all.
tests() {
  local name=$1 counter=$2 rc p f started reported why=() extra=0
  shift 2
  layer_start=$SECONDS
  step "$name: $*"
  "$@" 2>&1 | tee "$log/$name.txt"
  rc=${PIPESTATUS[0]}
  read -r p f started reported < <("$counter" "$log/$name.txt")
  if grep -qE '^error: could not compile|^error\[E[0-9]+\]|^error: aborting due to' "$log/$name.txt"; then
    why+=("did not compile")
    extra=1
  fi
  if [ "$started" -gt "$reported" ]; then
    local lost=$((started - reported))
    if [ "$reported" -eq 0 ] && [ "$counter" = count_node ]; then
      why+=("crashed before reporting")
    else
      why+=("crashed before reporting: $lost of $started test binaries")
    fi
    extra=$((extra > lost ? extra : lost))
  fi
  if [ $((p + f)) -eq 0 ] && [ "${#why[@]}" -eq 0 ]; then
    why+=("no tests ran")
    extra=1
  fi
  if [ "$rc" -ne 0 ]; then
    why=("exit $rc" "${why[@]}")
  fi
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && [ "$extra" -eq 0 ]; then
    extra=1 # a failure no count line shows
  fi
  passed=$((passed + p))
  failed=$((failed + f + extra))
  if [ "${#why[@]}" -eq 0 ] && [ "$f" -eq 0 ]; then
    verdict "$name: $p passed, $f failed — ok"
  else
    any_failed=1
    [ "${#why[@]}" -eq 0 ] && why=("$f failed")
    local joined
    joined=$(printf '%s; ' "${why[@]}")
    verdict "$name: $p passed, $f failed — FAILED (${joined%; })"
  fi
}

# Prints the verdicts and the total; returns non-zero if any layer failed.
finish() {
  echo "logs: $log/"
  for line in "${verdicts[@]}"; do echo "$line"; done
  echo "total: $passed passed, $failed failed"
  [ "$any_failed" -eq 0 ] && [ "$failed" -eq 0 ]
}
