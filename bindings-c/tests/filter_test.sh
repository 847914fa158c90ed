#!/usr/bin/env bash
# The example log scrubber: its streamed output, at any chunk size (7 makes
# card numbers straddle chunk boundaries), equals masking the whole input at
# once, and no raw card number is left. Usage: filter_test.sh path/to/leaksift-filter
set -euo pipefail
filter=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
{
  cat "$root/samples/crm_export.jsonl"
  for i in $(seq 1 200); do
    echo "$i INFO payment card=4111 1111 1111 1111 cvv: 123 amount=$i.00"
    echo "$i DEBUG {\"pan\":\"5555-5555-5555-4444\",\"cvc\":\"987\",\"track\":\";4012888888881881=27121010000000000?\"}"
    echo "$i WARN %B4111111111111111^DOE/JOHN^2712101000000000000000? seq $((i * 7919))"
    printf '%s' "$i trailing 378282246310005 no newline here "
  done
} >"$work/in.log"
"$filter" --whole <"$work/in.log" >"$work/whole.log"
cmp -s "$work/in.log" "$work/whole.log" && { echo "filter masked nothing"; exit 1; }
[ "$(wc -c <"$work/in.log")" -eq "$(wc -c <"$work/whole.log")" ] || { echo "length changed"; exit 1; }
if grep -E "4111 1111 1111 1111|5555-5555-5555-4444|378282246310005" "$work/whole.log" >/dev/null; then
  echo "raw card number left in the output"; exit 1
fi
for chunk in 1 7 13 4096 65536 1000000; do
  "$filter" --chunk "$chunk" <"$work/in.log" >"$work/chunked.log"
  cmp "$work/whole.log" "$work/chunked.log" || { echo "chunk $chunk differs from the whole-input mask"; exit 1; }
done
: | "$filter" >"$work/empty.log" && [ ! -s "$work/empty.log" ]
echo "filter test: ok ($(wc -c <"$work/in.log") bytes, chunks 1 7 13 4096 65536 1000000 equal the one-shot mask)"
