#!/usr/bin/env bash
# The server's memory after a burst of sign-ups (issue 17, item 3), as written in
# docs/benchmarks.md: serves a fresh SQLite database on a loopback port (sign-in rate limit
# lifted), sends N sign-ups through the JSON API with C at a time, and prints the server's
# resident memory before, after, and at its peak (VmHWM), with its thread count.
# Environment: SIGNUPS=1000  CONCURRENCY=64  PORT=18104  ACQUIS=path/to/acquis
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SIGNUPS=${SIGNUPS:-1000}
CONCURRENCY=${CONCURRENCY:-64}
PORT=${PORT:-18104}
if [ -z "${ACQUIS:-}" ]; then
  (cd "$ROOT" && cargo build --release -p acquis-cli)
  ACQUIS="${CARGO_TARGET_DIR:-$ROOT/target}/release/acquis"
fi
WORK=$(mktemp -d)
cd "$WORK"
ACQUIS_AUTH_RATE_LIMIT_PER_MINUTE=100000000 ACQUIS_LOG_LEVEL=warn \
  "$ACQUIS" serve --bind "127.0.0.1:$PORT" > serve.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health" > /dev/null && break; sleep 0.2; done
rss() { grep -E "^$1:" "/proc/$SERVER/status" | awk '{print $2 / 1024 " MB"}'; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "resident before: $(rss VmRSS)"
start=$(date +%s.%N)
seq 1 "$SIGNUPS" | xargs -P "$CONCURRENCY" -I{} curl -s -o /dev/null -w "%{http_code}\n" \
  -H 'content-type: application/json' \
  -d '{"first_name":"Test","last_name":"Charge","email":"charge-{}@example.org","password":"Motdepasse1","accept_terms":true}' \
  "http://127.0.0.1:$PORT/api/v1/users" | sort | uniq -c | sed 's/^/HTTP status count: /'
end=$(date +%s.%N)
echo "$SIGNUPS sign-ups, $CONCURRENCY at a time, in $(echo "$end - $start" | bc) s"
echo "resident after: $(rss VmRSS); peak: $(rss VmHWM); threads: $(grep -E '^Threads:' /proc/$SERVER/status | awk '{print $2}')"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
