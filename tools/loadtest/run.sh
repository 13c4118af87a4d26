#!/usr/bin/env bash
# `make loadtest`: gunicorn on PostgreSQL with debug off, Locust headless against it, then the
# check that every save the simulated people were told about is in the database.
# Settings come from the make variables (see the Makefile and docs/performance.md).
set -euo pipefail

BIN=${BIN:-.venv/bin}
OUT=${LOADTEST_OUT:-var/loadtest}
PORT=${LOADTEST_PORT:-8765}
mkdir -p "$OUT"

# Production settings except what plain http on loopback needs: no HTTPS redirect, no HSTS,
# cookies without the Secure flag. Development mode only for the local keys file and the
# demo data; debug stays off.
export DATABASE_URL="${LOADTEST_DATABASE_URL:?set LOADTEST_DATABASE_URL}"
export WPSDESK_DEBUG=0 WPSDESK_DEV=1
export WPSDESK_SSL_REDIRECT=0 WPSDESK_SECURE_COOKIES=0 WPSDESK_HSTS_SECONDS=0
export WPSDESK_STATIC_ROOT="$OUT/static"
export WPSDESK_DB_CONN_MAX_AGE="${LOADTEST_CONN_MAX_AGE:-60}"
export WPSDESK_AUDIT_CHECKPOINT_FILE="$OUT/audit-checkpoints.jsonl"
# Locust gives each simulated person an address of its own in X-Forwarded-For, as one
# trusted proxy in front of the app would: log-in lockouts stay per person, as in real use.
export WPSDESK_PROXY_COUNT=1
export LOADTEST_PEOPLE="$OUT/people.json" LOADTEST_CONFIRMED="$OUT/confirmed.jsonl"

"$BIN/python" tools/loadtest/createdb.py "$DATABASE_URL"
"$BIN/wpsdesk" migrate --no-input -v 0
"$BIN/wpsdesk" catalogue load
"$BIN/wpsdesk" demo load >/dev/null
# Debug off serves static files through their manifest. Collecting compresses every file
# (two minutes): only when a static file changed since the last run.
manifest="$WPSDESK_STATIC_ROOT/staticfiles.json"
if [ ! -f "$manifest" ] || [ -n "$(find wpsdesk -path '*/static/*' -newer "$manifest" -print -quit)" ]; then
  "$BIN/wpsdesk" collectstatic --no-input -v 0
fi
"$BIN/wpsdesk" loadtest people --people "$LOADTEST_USERS" --per-unit "${LOADTEST_PER_UNIT:-5}" \
  --out "$LOADTEST_PEOPLE"
rm -f "$LOADTEST_CONFIRMED" "$OUT/access.log" "$OUT/gunicorn.log" "$OUT/server.log"

"$BIN/gunicorn" wpsdesk.wsgi --bind "127.0.0.1:$PORT" --workers "${LOADTEST_WORKERS:-4}" \
  --threads "${LOADTEST_THREADS:-1}" --no-control-socket \
  --access-logfile "$OUT/access.log" --error-logfile "$OUT/gunicorn.log" \
  --access-logformat '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(M)s' \
  >"$OUT/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
"$BIN/python" tools/loadtest/wait_for.py "http://127.0.0.1:$PORT/healthz" 60

status=0
"$BIN/locust" -f tools/loadtest/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
  --users "$LOADTEST_USERS" --spawn-rate "$LOADTEST_SPAWN_RATE" --run-time "$LOADTEST_DURATION" \
  --stop-timeout 30 --csv "$OUT/stats" --only-summary || status=$?

kill "$server" 2>/dev/null || true
wait "$server" 2>/dev/null || true
trap - EXIT
"$BIN/wpsdesk" loadtest check --confirmed "$LOADTEST_CONFIRMED" || status=1
# The security log took every log-in and save from several workers at once: still one chain.
"$BIN/wpsdesk" audit verify || status=1
# What the server answered, by status (a 5xx is a failure even where Locust expected one).
echo "Server answers by status:" $(awk '{print $9}' "$OUT/access.log" | sort | uniq -c | tr -s ' ')
# Time inside a worker (the last field, ms), apart from time waiting for a free worker: when
# the two differ much, the requests queued for CPU rather than took long.
awk '$7 !~ /healthz/ {print $NF}' "$OUT/access.log" | sort -n | awk '{t[NR]=$1}
  END {if (NR) printf "Time in the server: p50 %d ms, p95 %d ms over %d requests.\n",
       t[int(NR*0.5)+1], t[int(NR*0.95)+1], NR}'
if awk '$9 ~ /^5/ {found=1} END {exit !found}' "$OUT/access.log"; then
  echo "The server answered 5xx during the run: see $OUT/access.log and $OUT/server.log."
  status=1
fi
exit "$status"
