#!/usr/bin/env bash
# Serves bindings-wasm/ on 127.0.0.1 with Python's http.server, runs the
# browser test against it, and stops the server however the test ends.
# Usage: test/browser/run.sh [CORPUS_DIR relative to bindings-wasm/]
set -euo pipefail
cd "$(dirname "$0")/../.."
port=${LEAKSIFT_PORT:-8731}
python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null; then
    break
  fi
  sleep 0.1
done
export LEAKSIFT_DEMO_URL="http://127.0.0.1:$port/"
if [ -n "${1:-}" ]; then export LEAKSIFT_CORPUS=$1; fi
node --test test/browser/*.test.mjs
