#!/usr/bin/env bash
# Staff consoles alone on one node: seeds a synthetic city of N students and C rehearsal staff
# accounts into a fresh store, starts ONE gateway on it and runs Gatling's StaffWatch (C consoles
# signing in over A seconds, each holding the progress and alert streams and polling the tree and
# the alerts every P seconds for W seconds). Prints the gateway's CPU seconds and Gatling's result.
#
#   loadtest/scripts/staff-watch.sh [--students N] [--consoles C] [--watch-s W] [--arrival-s A]
#                                   [--poll-s P]
#
# Defaults: N=2000, C=200, W=60, A=15, P=5. Environment: PORT (18310), HUXIN_PG_PORT (55339),
# GATEWAY_OPTS (-Xms512m -Xmx512m -XX:+UseParallelGC), OFFLINE (-o).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

students=2000
consoles=200
watch=60
arrival=15
poll=5
while [[ $# -gt 0 ]]; do
  case "$1" in
    --students) students=$2; shift 2 ;;
    --consoles) consoles=$2; shift 2 ;;
    --watch-s) watch=$2; shift 2 ;;
    --arrival-s) arrival=$2; shift 2 ;;
    --poll-s) poll=$2; shift 2 ;;
    *) echo "usage: $0 [--students N] [--consoles C] [--watch-s W] [--arrival-s A] [--poll-s P]" >&2
       exit 2 ;;
  esac
done

PORT=${PORT:-18310}
export HUXIN_PG_PORT=${HUXIN_PG_PORT:-55339}
GATEWAY_OPTS=${GATEWAY_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC}
OFFLINE=${OFFLINE--o}
MVN=(mvn -B -ntp -q ${OFFLINE})

out=$root/loadtest/target/staff-watch
export HUXIN_HOME=$out/home
gateway_jar=$root/gateway/target/huxin-gateway.jar
classpath="loadtest/target/classes:$gateway_jar"

# shellcheck source=reactor.sh
source "$root/loadtest/scripts/reactor.sh"
if [[ ! -f $gateway_jar || ! -f loadtest/target/classes/org/huxin/loadtest/StaffAccounts.class \
   || ! -f loadtest/target/test-classes/org/huxin/loadtest/StaffWatch.class ]] \
   || reactor_install_needed "$gateway_jar"; then
  echo "building gateway and loadtest (tests skipped)..." >&2
  "${MVN[@]}" -DskipTests -Dspotless.check.skip=true -pl loadtest -am install
fi

rm -rf "$out"
mkdir -p "$HUXIN_HOME"
ulimit -n "$(ulimit -Hn)"

# ---- seed ---------------------------------------------------------------------------------
java -Xmx1g -XX:+UseParallelGC -cp "$classpath" org.huxin.loadtest.Rehearsal \
  --students "$students" --feeder "$out/students.csv" | tee "$out/seed.log"
window=$(grep '^REHEARSAL ' "$out/seed.log" | grep -o 'window=[0-9]*' | cut -d= -f2)
java -Xmx512m -cp "$classpath" org.huxin.loadtest.StaffAccounts \
  --staff "$consoles" --staff-feeder "$out/staff.csv" | tee -a "$out/seed.log"

# ---- one gateway --------------------------------------------------------------------------
pid=
stop_gateway() {
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    wait "$pid" 2>/dev/null || true
  fi
  pid=
}
trap stop_gateway EXIT
# shellcheck disable=SC2086
HUXIN_HTTP_PORT=$PORT HUXIN_HTTP_HOST=127.0.0.1 java $GATEWAY_OPTS -jar "$gateway_jar" serve \
  >"$out/gateway.log" 2>&1 &
pid=$!
for i in $(seq 1 120); do
  if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/health/ready" 2>/dev/null; then
    break
  fi
  kill -0 "$pid" 2>/dev/null || { echo "the gateway died; see $out/gateway.log" >&2; exit 1; }
  [[ $i -eq 120 ]] && { echo "the gateway was not ready in 120 s; see $out/gateway.log" >&2; exit 1; }
  sleep 1
done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
before=$(cpu_ticks "$pid")

# ---- the consoles -------------------------------------------------------------------------
set +e
mvn -B -ntp ${OFFLINE} -pl loadtest gatling:test \
  -Dgatling.simulationClass=org.huxin.loadtest.StaffWatch \
  -Dbase="http://127.0.0.1:$PORT" -DstaffFeeder="$out/staff.csv" -DwindowId="$window" \
  -Dconsoles="$consoles" -DwatchSeconds="$watch" -DarrivalSeconds="$arrival" -DpollSeconds="$poll" \
  >"$out/gatling.log" 2>&1
rc=$?
set -e
echo "gateway_cpu_s=$(echo "($(cpu_ticks "$pid") - $before) / $(getconf CLK_TCK)" | bc -l)" >&2
grep -E '^STAFF |^> (request count|response time 99th)|: (true|false) \(' "$out/gatling.log" >&2 || true
grep -c OutOfMemoryError "$out/gateway.log" | sed 's/^/gateway OutOfMemoryError lines: /' >&2 || true
echo "Gatling log: $out/gatling.log; report under loadtest/target/gatling/staffwatch-*" >&2
exit "$rc"
