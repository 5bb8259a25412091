#!/usr/bin/env bash
# Times the campaign analysis page and the CSV export at scale (issue 6), as written in
# docs/benchmarks.md: builds acquis (release), generates a campaign of N participants in a fresh
# SQLite database (or in DATABASE_URL's, e.g. a fresh PostgreSQL database:
# DATABASE_URL=postgres://postgres@127.0.0.1:5432/acquis_scale), serves it on a loopback port,
# signs in as the generated administrator, fetches the analysis (whole campaign, then by
# division) and the export three times each,
# and prints the server's peak memory (the server process only: PostgreSQL's own processes are
# not counted) and the load average before and after (the machine may be shared).
# Environment: PARTICIPANTS=100000  PORT=18103  ACQUIS=path/to/acquis  DATABASE_URL=…
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PARTICIPANTS=${PARTICIPANTS:-100000}
PORT=${PORT:-18103}
BASE="http://127.0.0.1:$PORT"
if [ -z "${ACQUIS:-}" ]; then
  (cd "$ROOT" && cargo build --release -p acquis-cli)
  ACQUIS="${CARGO_TARGET_DIR:-$ROOT/target}/release/acquis"
fi
WORK=$(mktemp -d)
cd "$WORK"
echo "== demo campaign of $PARTICIPANTS participants in $WORK, database: ${DATABASE_URL:-sqlite://$WORK/acquis.db}"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$ACQUIS" demo campaign --participants "$PARTICIPANTS" | tee demo.out
EMAIL=$(awk '/^administrator:/ {print $2}' demo.out)
PASS=$(awk '/^administrator:/ {print $4}' demo.out)
PORTAL=$(awk '/^organisation portal:/ {print $3}' demo.out)
CAMPAIGN_PATH=${PORTAL#*127.0.0.1:8080}
ACQUIS_LOG_LEVEL=warn /usr/bin/time -v "$ACQUIS" serve --bind "127.0.0.1:$PORT" 2> serve.time &
TIMER=$!
for _ in $(seq 1 50); do curl -sf "$BASE/health" >/dev/null && break; sleep 0.2; done
JAR="$WORK/cookies"
csrf=$(curl -s -c "$JAR" -b "$JAR" "$BASE/connexion" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"//')
curl -s -o /dev/null -c "$JAR" -b "$JAR" -X POST "$BASE/connexion" \
  --data-urlencode "csrf=$csrf" --data-urlencode "email=$EMAIL" --data-urlencode "password=$PASS"
for by in "" "?par=classe"; do
  for _ in 1 2 3; do
    curl -s -o /dev/null -b "$JAR" -w "analysis$by: HTTP %{http_code} in %{time_total} s\n" "$BASE$CAMPAIGN_PATH/analyse$by"
  done
done
for _ in 1 2 3; do
  curl -s -o export.csv -b "$JAR" \
    -w "export: HTTP %{http_code}, first byte %{time_starttransfer} s, complete %{time_total} s, %{size_download} bytes\n" \
    "$BASE$CAMPAIGN_PATH/export.csv"
done
echo "export lines: $(wc -l < export.csv)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# time(1) ignores SIGINT: stop the server it runs, its only child.
pkill -INT -P "$TIMER" || true
wait "$TIMER" || true
grep "Maximum resident" serve.time | sed 's/^\s*/server peak memory: /'
