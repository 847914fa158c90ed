#!/usr/bin/env bash
# Fuzz smoke: every cargo-fuzz target runs for a short time from seeds made
# of the shared test cases. Longer campaigns: FUZZ_SECONDS=3600 bash this.
set -euo pipefail
seconds=${FUZZ_SECONDS:-30}
rustup toolchain list | grep -q nightly || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
targets=$(cd fuzz && cargo +nightly fuzz list)
python3 fuzz/seed_corpus.py $targets
for target in $targets; do
  echo "--- fuzz target $target for ${seconds}s"
  log=$(mktemp)
  status=0
  (cd fuzz && cargo +nightly fuzz run "$target" "corpus/$target" -- \
      -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1) >"$log" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    tail -n 60 "$log"
    echo "fuzz target $target FAILED (artifacts in fuzz/artifacts/$target)"
    exit "$status"
  fi
  grep -E "^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added|Done)" "$log"
  rm -f "$log"
done
