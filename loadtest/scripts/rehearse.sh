#!/usr/bin/env bash
# The capacity rehearsal: seeds a synthetic city of N students into a fresh store, opens a
# city-wide window, starts PostgreSQL and K gateway processes as a cluster, runs a Gatling scenario
# against them while sampling every node, verifies PostgreSQL (full scenario), optionally measures
# the bare-endpoint ceiling, and writes loadtest/target/rehearsal/latest/summary.json
# (org.huxin.loadtest.summary.RehearsalSummary, from the figures the simulation recorded itself in
# requests.json) beside Gatling's HTML report, which nothing reads.
#
#   loadtest/scripts/rehearse.sh --students N [--nodes K] [--scenario login|full]
#       [--mode all-first|paced] [--rate R] [--submit-rate R] [--consoles C] [--ceiling]
#       [--p99-ms MS] [--warmup-s S] [--hold-s S] [--think-ms MS] [--no-ceiling-storm]
#
# login: N students arrive at R/s, sign in and fetch the questionnaire (LoginStorm).
# full:  FullScreening; all-first (default) signs everyone in and saves a draft, holds, then
#        submits at --submit-rate; paced drafts every page with think time and submits.
# --consoles C adds C staff consoles (StaffWatch) on live progress and alerts during the run.
# --ceiling also measures a bare Vert.x endpoint and the login endpoint back to back with the same
# generator (loadtest/scripts/ceiling.sh) and reports ceiling_ratio.
#
# Environment: PORT (first node's HTTP port, 18300; node i listens on PORT+i), CLUSTER_PORT (5801),
# HUXIN_PG_PORT (55329), GATEWAY_HEAP (sized from N when unset), GATLING_HEAP (likewise),
# HUXIN_ADMISSION_LIMIT, JFR (1: record each node with JFR's profile settings into
# gateway-<i>.jfr), CEILING_ROUNDS (3 bare/login pairs), CEILING_USERS (128 connections),
# OFFLINE (-o; set OFFLINE= to let Maven download).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

students=2000
nodes=1
scenario=login
mode=all-first
rate=200
submit_rate=
consoles=0
ceiling=false
p99=1000
warmup=15
hold=10
think=2000
usage() {
  sed -n '8,11p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --students) students=$2; shift 2 ;;
    --nodes) nodes=$2; shift 2 ;;
    --scenario) scenario=$2; shift 2 ;;
    --mode) mode=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --submit-rate) submit_rate=$2; shift 2 ;;
    --consoles) consoles=$2; shift 2 ;;
    --ceiling) ceiling=true; shift ;;
    --p99-ms) p99=$2; shift 2 ;;
    --warmup-s) warmup=$2; shift 2 ;;
    --hold-s) hold=$2; shift 2 ;;
    --think-ms) think=$2; shift 2 ;;
    *) usage ;;
  esac
done
[[ $scenario == login || $scenario == full ]] || usage
[[ $mode == all-first || $mode == paced ]] || usage
(( nodes >= 1 && nodes <= 9 )) || { echo "--nodes is 1 to 9" >&2; exit 2; }
submit_rate=${submit_rate:-$rate}

PORT=${PORT:-18300}
CLUSTER_PORT=${CLUSTER_PORT:-5801}
export HUXIN_PG_PORT=${HUXIN_PG_PORT:-55329}
# Heaps from N. Every node keeps the whole roster in memory (about 330 B a student, measured live
# with 1,056,000), and in the full scenario its share of the held drafts, twice over on a cluster
# (owned and backup); the generator keeps each drafted student's token until the submit phase.
heap_mb=$(( 512 + students * 640 / 1000000 ))
if [[ $scenario == full ]]; then
  copies=$(( nodes > 1 ? 2 : 1 ))
  heap_mb=$(( heap_mb + students * 2048 / 1048576 * copies / nodes ))
fi
GATEWAY_HEAP=${GATEWAY_HEAP:--Xms${heap_mb}m -Xmx${heap_mb}m}
GATEWAY_OPTS="$GATEWAY_HEAP -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError"
JFR=${JFR:-}
GATLING_HEAP=${GATLING_HEAP:--Xmx$(( 768 + students / 1000 ))m}
OFFLINE=${OFFLINE--o}
MVN=(mvn -B -ntp -q ${OFFLINE})

work=$root/loadtest/target/rehearsal
out=$work/latest
export HUXIN_HOME=$work/home
gateway_jar=$root/gateway/target/huxin-gateway.jar
cp_loadtest="loadtest/target/classes:$gateway_jar"
# The once-a-second sampler: a small JVM beside the run.
sampler=(java -Xmx64m -XX:+UseSerialGC -cp "$cp_loadtest" org.huxin.loadtest.sampler.Sampler)
started=$(date +%s)

# ---- build what is missing ------------------------------------------------------------------
# The reactor is installed (tests skipped) so that `mvn -pl loadtest gatling:test` resolves the
# gateway it depends on from this tree, not from a stale or missing ~/.m2 jar (reactor.sh).
# shellcheck source=reactor.sh
source "$root/loadtest/scripts/reactor.sh"
if [[ ! -f $gateway_jar || ! -f loadtest/target/classes/org/huxin/loadtest/RehearsalCheck.class \
   || ! -f loadtest/target/classes/org/huxin/loadtest/sampler/Sampler.class \
   || -n $(reactor_install_needed "$gateway_jar" && echo yes) \
   || ! -f loadtest/target/test-classes/org/huxin/loadtest/FullScreening.class \
   || -n $(find pom.xml scales engine gateway loadtest -newer "$gateway_jar" -not -path '*/target/*' \
        \( -name '*.java' -o -name '*.sql' -o -name '*.json' -o -name 'pom.xml' -o -name '*.conf' \) \
        -print -quit) ]]; then
  echo "building gateway and loadtest (tests skipped)..." >&2
  "${MVN[@]}" -DskipTests -Dspotless.check.skip=true -Dassembly.skipAssembly=true -pl loadtest -am install
  "${MVN[@]}" -Dspotless.check.skip=true -pl loadtest test-compile
fi

rm -rf "$HUXIN_HOME" "$out"
mkdir -p "$HUXIN_HOME" "$out"
ulimit -n "$(ulimit -Hn)"
# Every node must sign and accept the same tokens; a throw-away secret for this rehearsal.
HUXIN_TOKEN_SECRET=$(head -c 32 /dev/urandom | base64)
export HUXIN_TOKEN_SECRET

pids=()
db_pid=
sampler_pid=
stop_all() {
  [[ -n $sampler_pid ]] && kill "$sampler_pid" 2>/dev/null || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
  if [[ -n $db_pid ]]; then
    kill "$db_pid" 2>/dev/null || true
    wait "$db_pid" 2>/dev/null || true
    db_pid=
  fi
}
trap stop_all EXIT

wait_until() { # seconds, description, command...
  local seconds=$1 what=$2
  shift 2
  for _ in $(seq 1 "$seconds"); do
    if "$@" 2>/dev/null; then return 0; fi
    sleep 1
  done
  echo "$what was not ready in $seconds s; see $out" >&2
  exit 1
}

# ---- PostgreSQL, shared by every node -------------------------------------------------------
java -Xmx256m -jar "$gateway_jar" db >"$out/db.log" 2>&1 &
db_pid=$!
wait_until 120 "PostgreSQL" bash -c "exec 3<>/dev/tcp/127.0.0.1/$HUXIN_PG_PORT"
# The gateways connect as the application's role; seeding and the check run as the owner (the
# embedded server keeps both passwords beside its data, mode 0600).
export PG_URL=jdbc:postgresql://127.0.0.1:$HUXIN_PG_PORT/huxin PG_USER=huxin_app \
  PG_PASSWORD_FILE=$HUXIN_HOME/pgdata.app.password PG_OWNER_USER=postgres \
  PG_OWNER_PASSWORD_FILE=$HUXIN_HOME/pgdata.owner.password
sleep 1

# ---- seed ---------------------------------------------------------------------------------
echo "seeding $students students..." >&2
seed_flags=(--students "$students" --feeder "$out/students.csv")
if (( consoles > 0 )); then
  seed_flags+=(--staff "$consoles" --staff-feeder "$out/staff.csv")
fi
java -Xmx2g -XX:+UseParallelGC -cp "$cp_loadtest" org.huxin.loadtest.Rehearsal "${seed_flags[@]}" \
  | tee "$out/seed.log"
seed_line=$(grep '^REHEARSAL ' "$out/seed.log")
window_id=$(sed -n 's/.* window=\([0-9]*\).*/\1/p' <<<"$seed_line")
seed=$(sed -n 's/.* seed=\([0-9]*\).*/\1/p' <<<"$seed_line")

# ---- K gateway nodes --------------------------------------------------------------------------
members=
bases=
ports=
for i in $(seq 0 $((nodes - 1))); do
  members+=${members:+,}127.0.0.1:$((CLUSTER_PORT + i))
  bases+=${bases:+,}http://127.0.0.1:$((PORT + i))
  ports+=${ports:+,}$((PORT + i))
done
for i in $(seq 0 $((nodes - 1))); do
  cluster_flags=()
  if (( nodes > 1 )); then
    cluster_flags=(--cluster --cluster-port $((CLUSTER_PORT + i)) --members "$members")
  fi
  jfr_flags=()
  if [[ -n $JFR ]]; then
    jfr_flags=(-XX:StartFlightRecording=filename="$out/gateway-$i.jfr",settings=profile,dumponexit=true)
  fi
  # shellcheck disable=SC2086
  HUXIN_HTTP_HOST=127.0.0.1 java $GATEWAY_OPTS "${jfr_flags[@]}" -jar "$gateway_jar" serve \
    --http-port $((PORT + i)) "${cluster_flags[@]}" >"$out/gateway-$i.log" 2>&1 &
  pids+=($!)
done
for i in $(seq 0 $((nodes - 1))); do
  wait_until 180 "gateway $i" curl -fsS -o /dev/null "http://127.0.0.1:$((PORT + i))/health/ready"
done
echo "$nodes gateway node(s) ready: $bases" >&2

# Live heap (after a full collection) summed over the nodes: before the run, and while every
# all-first student's draft is held, so the difference per student is what holding one costs.
live_heap() {
  for p in "${pids[@]}"; do jcmd "$p" GC.run >/dev/null; done
  "${sampler[@]}" --once --nodes "$ports"
}
live_heap >"$out/heap-before.json"
if [[ $scenario == full && $mode == all-first ]]; then
  (
    until grep -q '^HOLD ' "$out/gatling.log" 2>/dev/null; do sleep 0.5; done
    sleep 2
    live_heap >"$out/heap-hold.json"
  ) &
  hold_watch_pid=$!
fi

"${sampler[@]}" "$out/samples.jsonl" --nodes "$ports" \
  --pids "$(IFS=,; echo "${pids[*]}")" --generator-pattern "-Dfeeder=$out/students.csv" &
sampler_pid=$!

# ---- the run ------------------------------------------------------------------------------
if [[ $scenario == login ]]; then
  simulation=org.huxin.loadtest.LoginStorm
  report_prefix=loginstorm
else
  simulation=org.huxin.loadtest.FullScreening
  report_prefix=fullscreening
fi
gatling_flags=(
  -Dgatling.simulationClass=$simulation -Dgatling.jvm.heap="$GATLING_HEAP"
  -Dbase="$bases" -Dstudents="$students" -Drate="$rate" -DsubmitRate="$submit_rate"
  -Dmode="$mode" -DthinkMs="$think" -DholdS="$hold" -Dp99ms="$p99" -Dwarmup="$warmup"
  -Dseed="$seed" -Dfeeder="$out/students.csv"
  -Dconsoles="$consoles" -DstaffFeeder="$out/staff.csv" -DwindowId="$window_id"
  -DrecordTo="$out"
)
# The simulation prints a PROGRESS line every 10 s; show them as they come (tail ends with this
# script, and grep with it).
: >"$out/gatling.log"
tail --pid=$$ -n +1 -F "$out/gatling.log" 2>/dev/null | grep --line-buffered '^PROGRESS ' >&2 &
set +e
"${MVN[@]}" -pl loadtest gatling:test "${gatling_flags[@]}" >"$out/gatling.log" 2>&1
gatling_rc=$?
set -e
[[ -n ${hold_watch_pid:-} ]] && kill "$hold_watch_pid" 2>/dev/null || true
# What each node asked of PostgreSQL, as the load ended (the summary's database_work).
IFS=, read -ra metric_urls <<<"$bases"
for u in "${metric_urls[@]}"; do
  curl -s --max-time 10 "$u/metrics" >"$out/metrics-end-${u##*:}.txt" || rm -f "$out/metrics-end-${u##*:}.txt"
done
grep -E '^(STORM|FULL|HOLD) ' "$out/gatling.log" >&2 || true

# The simulation writes requests.json when it ends; none means it never ran through.
if [[ ! -s $out/requests.json ]]; then
  echo "the simulation recorded no requests (Gatling exited $gatling_rc); the end of $out/gatling.log:" >&2
  tail -n 40 "$out/gatling.log" >&2 || true
  exit 1
fi
# Gatling's HTML report, for people: copied beside the summary when there is one (ls exits 2 on
# no match, which pipefail and set -e would turn into a silent exit 2: hence the || true).
report=$( (ls -dt loadtest/target/gatling/$report_prefix-* 2>/dev/null || true) | sed -n 1p)
if [[ -n $report ]]; then
  cp -r "$report" "$out/report"
fi

# ---- the ceiling, with the same generator, on the same warm node ----------------------------
if [[ $ceiling == true ]]; then
  loadtest/scripts/ceiling.sh --base "http://127.0.0.1:$PORT" --feeder "$out/students.csv" \
    --rounds "${CEILING_ROUNDS:-3}" --users "${CEILING_USERS:-128}" \
    --out "$out" >"$out/ceiling.log" 2>&1 || { cat "$out/ceiling.log" >&2; exit 1; }
fi
kill "$sampler_pid" 2>/dev/null || true
wait "$sampler_pid" 2>/dev/null || true
sampler_pid=

# ---- verify PostgreSQL ----------------------------------------------------------------------
check_rc=0
if [[ $scenario == full ]]; then
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done # drain: every ack is committed
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
  set +e
  java -Xmx2g -XX:+UseParallelGC -cp "$cp_loadtest" org.huxin.loadtest.RehearsalCheck \
    --window "$window_id" --seed "$seed" --expect "$students" | tee "$out/check.log"
  check_rc=${PIPESTATUS[0]}
  set -e
fi
stop_all

# ---- summary ------------------------------------------------------------------------------
summary_rc=0
java -Xmx256m -cp "$cp_loadtest" org.huxin.loadtest.summary.RehearsalSummary "$out" \
  students="$students" scenario="$scenario" \
  mode="$mode" nodes="$nodes" rate="$rate" hz="$(getconf CLK_TCK)" gatling_rc="$gatling_rc" \
  gateway_opts="$GATEWAY_OPTS" gatling_heap="$GATLING_HEAP -XX:+UseParallelGC" \
  wall_s="$(( $(date +%s) - started ))" date="$(date -u +%Y-%m-%dT%H:%MZ)" || summary_rc=$?
echo "report: $out/report/index.html  summary: $out/summary.json" >&2
(( gatling_rc == 0 && check_rc == 0 && summary_rc == 0 ))
