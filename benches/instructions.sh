#!/usr/bin/env bash
# Instructions per input byte of each detector family and of every detector,
# counted by valgrind's callgrind: unlike GB/s, the count does not move when
# other processes share the machine, so it is the number to compare changes
# with. Prints a Markdown table.
#
#   bash benches/instructions.sh [MiB]      (default 4; needs valgrind)
#
# Each cell runs `profile_scan` once with one scan and once with three, and
# halves the difference, so corpus generation and start-up cancel out.
set -euo pipefail
cd "$(dirname "$0")/.."
mib=${1:-4}
target=${CARGO_TARGET_DIR:-target}
cargo build --release -q -p leaksift-benches --example profile_scan
bin="$target/release/examples/profile_scan"

collected() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$@" 2>&1 \
    | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

per_byte() {
  local one three
  one=$(collected "$1" "$mib" "$2" 1)
  three=$(collected "$1" "$mib" "$2" 3)
  awk -v a="$one" -v b="$three" -v n=$((mib << 20)) 'BEGIN { printf "%.1f", (b - a) / 2 / n }'
}

echo "| instructions per byte ($mib MiB) | CRM | logs | prose |"
echo "|---|---|---|---|"
for detectors in naive naive-cards pan,track cvv ssn iban routing email phone secrets all; do
  row="| $detectors |"
  for workload in crm logs prose; do
    row="$row $(per_byte "$workload" "$detectors") |"
  done
  echo "$row"
done
echo
echo "| adversarial input, every detector | instructions per byte ($mib MiB) |"
echo "|---|---|"
for input in digits visa_groups cvv_keywords at_signs base64_line digit_separator; do
  echo "| \`$input\` | $(per_byte "$input" all) |"
done
