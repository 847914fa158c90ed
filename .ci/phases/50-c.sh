#!/usr/bin/env bash
# The C binding: build libleaksift.a/.so, check the committed header is what
# cbindgen generates, then build the C tests with -Wall -Wextra -Werror and
# run them plain, under ASan+UBSan and under valgrind; then the example log
# scrubber's chunked-vs-whole test.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v valgrind >/dev/null || { apt-get update -qq && apt-get install -y -qq valgrind >/dev/null; }
cargo build --release --locked -p leaksift-c
git diff --exit-code -- bindings-c/include/leaksift.h || {
  echo "bindings-c/include/leaksift.h changed when rebuilt: commit the regenerated header"
  exit 1
}
git ls-files --error-unmatch bindings-c/include/leaksift.h >/dev/null
target=${CARGO_TARGET_DIR:-target}
lib=$target/release/libleaksift.a
ls -l "$lib" "$target/release/libleaksift.so"
out=$target/c-tests
mkdir -p "$out"
cflags=(-std=c11 -g -Wall -Wextra -Werror -Ibindings-c/include -Ibindings-c/tests)
libs=(-lpthread -ldl -lm)
tests=(test_api test_threads test_cases)
run() { # name binary...
  local name=$1; shift
  case $name in
    test_cases) "$@" testdata/cases.jsonl ;;
    *) "$@" ;;
  esac
}
echo "--- the header compiles as C11, C23 and C++17"
gcc -std=c11 -Wall -Wextra -Werror -x c -fsyntax-only bindings-c/include/leaksift.h
gcc -std=c2x -Wall -Wextra -Werror -x c -fsyntax-only bindings-c/include/leaksift.h
g++ -std=c++17 -Wall -Wextra -Werror -x c++ -fsyntax-only bindings-c/include/leaksift.h
echo "--- C tests, plain"
for t in "${tests[@]}"; do
  gcc "${cflags[@]}" -O2 "bindings-c/tests/$t.c" "$lib" "${libs[@]}" -o "$out/$t"
  run "$t" "$out/$t"
done
echo "--- C tests, ASan + UBSan"
for t in "${tests[@]}"; do
  gcc "${cflags[@]}" -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
    -fno-sanitize-recover=all "bindings-c/tests/$t.c" "$lib" "${libs[@]}" -o "$out/$t.asan"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 run "$t" "$out/$t.asan"
done
echo "--- C tests, valgrind"
for t in "${tests[@]}"; do
  run "$t" valgrind -q --error-exitcode=1 --leak-check=full \
    --errors-for-leak-kinds=definite --suppressions=bindings-c/tests/valgrind.supp "$out/$t"
done
echo "--- shared library links too"
gcc "${cflags[@]}" bindings-c/tests/test_api.c -L"$target/release" -lleaksift "${libs[@]}" \
  -Wl,-rpath,"$(cd "$target/release" && pwd)" -o "$out/test_api.so"
"$out/test_api.so"
echo "--- example: leaksift-filter"
gcc "${cflags[@]}" -O2 bindings-c/examples/leaksift-filter.c "$lib" "${libs[@]}" -o "$out/leaksift-filter"
bash bindings-c/tests/filter_test.sh "$out/leaksift-filter"
echo "--- example under valgrind (chunk 7)"
printf 'card=4111 1111 1111 1111 cvv: 123\n' >"$out/tiny.log"
valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
  --suppressions=bindings-c/tests/valgrind.supp "$out/leaksift-filter" --chunk 7 <"$out/tiny.log" | grep -qx 'card=\*\*\*\* \*\*\*\* \*\*\*\* 1111 cvv: \*\*\*'
if command -v pkg-config >/dev/null; then
  echo "--- pkg-config from an install prefix"
  prefix=$(cd "$out" && pwd)/prefix
  rm -rf "$prefix" && mkdir -p "$prefix/include" "$prefix/lib/pkgconfig"
  cp bindings-c/include/leaksift.h "$prefix/include/"
  cp "$lib" "$prefix/lib/"
  sed "s|^prefix=.*|prefix=$prefix|" bindings-c/leaksift.pc >"$prefix/lib/pkgconfig/leaksift.pc"
  # shellcheck disable=SC2046
  gcc "${cflags[@]}" -Ibindings-c/tests bindings-c/tests/test_api.c \
    $(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs --static leaksift) -o "$out/test_api.pc"
  "$out/test_api.pc"
fi
echo "--- throughput smoke (numbers come from longer runs)"
gcc "${cflags[@]}" -O2 bindings-c/examples/throughput.c "$lib" "${libs[@]}" -o "$out/throughput"
"$out/throughput" 8
echo "c binding: ok"
