#!/usr/bin/env bash
# Measures single-node login throughput and where the waiting room engages on this machine.
# Starts a demo gateway on a throw-away home, then drives POST /api/student/login with wrk
# (apt-get install wrk) at rising connection counts, and prints served and queued logins per second.
#
#   loadtest/scripts/waiting-room-probe.sh [connections ...]     (default: 64 256 512 768 1024)
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { echo "needs wrk: apt-get install -y wrk" >&2; exit 2; }

PORT=${PORT:-18200}
DURATION=${DURATION:-15s}
LIMIT=${HUXIN_ADMISSION_LIMIT:-512}
home=$(mktemp -d)
log="$home/gateway.log"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$home"' EXIT

./huxin build >/dev/null
HUXIN_HOME="$home" HUXIN_HTTP_PORT=$PORT HUXIN_HTTP_HOST=127.0.0.1 HUXIN_PG_PORT=$((PORT + 100)) \
  HUXIN_ADMISSION_LIMIT=$LIMIT JAVA_OPTS="${JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC}" \
  ./huxin demo >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  grep -q "Staff logins" "$log" 2>/dev/null && break
  sleep 1
done
line=$(grep -E '^\s+S[0-9]+\s+[0-9]+\s+[0-9A-Z]{5}-[0-9A-Z]{5}' "$log" | sed -n 4p)
read -r school number code _ <<<"$line"
export LOGIN_BODY="{\"schoolCode\":\"$school\",\"studentNo\":\"$number\",\"accessCode\":\"$code\"}"

echo "gateway: 1 node, $(nproc) cores shared with wrk, admission limit $LIMIT in flight, $DURATION per step"
printf '%-12s %12s %12s %10s %10s\n' connections served/s queued/s p50_ms p99_ms
for c in "${@:-64 256 512 768 1024}"; do
  for conns in $c; do
    out=$(wrk -t2 -c"$conns" -d"$DURATION" --timeout 10s -s loadtest/scripts/login.lua \
      "http://127.0.0.1:$PORT/api/student/login" | grep RESULT)
    eval "$(echo "$out" | sed 's/^RESULT //')"
    printf '%-12s %12.0f %12.0f %10s %10s\n' "$conns" "$(echo "$ok / $seconds" | bc -l)" \
      "$(echo "$queued / $seconds" | bc -l)" "$p50_ms" "$p99_ms"
  done
done
