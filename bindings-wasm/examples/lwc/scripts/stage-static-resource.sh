#!/usr/bin/env bash
# Copies the classic-script build of the package (bindings-wasm/pkg/classic,
# made by scripts/build.sh) into the static resource folder, which the
# Salesforce CLI zips on deploy: force-app/main/default/staticresources/leaksift/.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
pkg=$here/../../pkg/classic
dest=$here/force-app/main/default/staticresources/leaksift
if [ ! -f "$pkg/leaksift_bg.wasm" ]; then
  echo "no $pkg/leaksift_bg.wasm: run bindings-wasm/scripts/build.sh first" >&2
  exit 1
fi
rm -rf "$dest"
mkdir -p "$dest"
cp "$pkg/leaksift.js" "$pkg/leaksift_bg.wasm" "$dest/"
echo "staged $(wc -c <"$dest/leaksift_bg.wasm") bytes of wasm into ${dest#"$here"/}"
