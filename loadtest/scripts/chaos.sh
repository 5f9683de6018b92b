#!/usr/bin/env bash
# Fault runs: seeds a synthetic city, starts PostgreSQL, a delaying TCP proxy in front of it and
# three gateway nodes as a Hazelcast cluster, then runs each scenario between two steady-state
# checks while ChaosDriver plays students (login, draft, submit with a fixed idempotency key,
# retried on another node with the same key). ChaosCheck compares every acknowledged submit with
# PostgreSQL. Prints scenario, requests, acknowledged, lost, duplicated; writes the same rows to
# loadtest/target/chaos/latest/summary.json; exits 1 when a row lost or duplicated anything, failed
# a steady-state check or broke a limit.
#
#   loadtest/scripts/chaos.sh [--short] [--scenarios kill-gateway,stop-postgres,relay-down,slow-database,overload,relay-node-killed]
#
# kill-gateway   kill -9 one of the three nodes mid-run; students carry on on the other two
# stop-postgres  pg_ctl stop -m immediate mid-run, start again after a pause
# relay-down     the alert relays cannot claim alerts (UPDATE on alert_outbox revoked from the
#                gateways' role) for a while; every crisis alert is then delivered exactly once
# slow-database  200 ms added to every database round trip; no event loop may block
# overload       students arrive at twice the capacity measured just before; admitted requests keep
#                p99 under 1 s, the rest wait in line, no node dies, heap stays under its limit
# relay-node-killed
#                three staff consoles watch the crisis feed (as the console does: one stream, the
#                pending list on every reconnect and every 30 s, confirmations) and every district
#                has a WeCom robot pointing at a local receiver; the node whose relay has just handed
#                on this scenario's first alerts is killed with kill -9; every alert must still reach
#                every console and the receiver, and no console may show one twice
#
# A steady-state check is: every node ready, and a probe of 20 students all acknowledged.
# Environment: PORT (19300; node i listens on PORT+i), CLUSTER_PORT (6801), HUXIN_PG_PORT (56329;
# the proxy listens on +1, its control port is +2), OFFLINE (-o).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

short=false
scenarios=kill-gateway,stop-postgres,relay-down,slow-database,overload,relay-node-killed
while [[ $# -gt 0 ]]; do
  case "$1" in
    --short) short=true; shift ;;
    --scenarios) scenarios=$2; shift 2 ;;
    *) sed -n '10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done

if [[ $short == true ]]; then
  per=600 rate=60 pg_down_s=10 relay_down_s=20 overload_s=15 overload_max=3000
else
  per=3000 rate=80 pg_down_s=30 relay_down_s=60 overload_s=60 overload_max=20000
fi
probe=20
students=$(( 6 * per + overload_max + 14 * probe + 2300 ))

PORT=${PORT:-19300}
CLUSTER_PORT=${CLUSTER_PORT:-6801}
export HUXIN_PG_PORT=${HUXIN_PG_PORT:-56329}
proxy_port=$((HUXIN_PG_PORT + 1))
proxy_control=$((HUXIN_PG_PORT + 2))
hook_port=$((PORT + 90))
nodes=3
OFFLINE=${OFFLINE--o}
gateway_heap=512
# Three nodes, PostgreSQL and the driver share two cores. Parallel GC's young pauses ran to 485 ms
# here (its threads wait on each other while descheduled), serial GC's to about 210 ms. Metaspace
# starts large, or its first growths each cost a full GC (350-480 ms seen, mid-run). The nodes, the
# proxy and every driver log their GC into the run's folder.
GATEWAY_OPTS="-Xms${gateway_heap}m -Xmx${gateway_heap}m -XX:+UseSerialGC -XX:MetaspaceSize=128m -XX:+ExitOnOutOfMemoryError"
DRIVER_OPTS="-Xmx384m -XX:+UseSerialGC"
# Low on purpose: the waiting room must engage at the load this box can offer. The lag bound is
# half the default too: here the driver shares the two cores with three nodes and PostgreSQL,
# and at 100 ms admitted students' p99 under overload ran 0.9-1.8 s; at 50 ms, 0.34 s.
ADMISSION_LIMIT=${HUXIN_ADMISSION_LIMIT:-12}
ADMISSION_MAX_LAG_MS=${HUXIN_ADMISSION_MAX_LAG_MS:-50}

work=$root/loadtest/target/chaos
out=$work/latest
export HUXIN_HOME=$work/home
gateway_jar=$root/gateway/target/huxin-gateway.jar
cp="$root/loadtest/target/classes:$gateway_jar"
started=$(date +%s)

if [[ ! -f $gateway_jar || ! -f loadtest/target/classes/org/huxin/loadtest/chaos/ChaosDriver.class \
   || -n $(find pom.xml scales engine gateway loadtest/src/main -newer "$gateway_jar" -not -path '*/target/*' \
        \( -name '*.java' -o -name '*.sql' -o -name '*.json' -o -name 'pom.xml' \) -print -quit) ]]; then
  echo "building gateway and loadtest (tests skipped)..." >&2
  mvn -B -ntp -q ${OFFLINE} -DskipTests -Dspotless.check.skip=true -pl loadtest -am install
fi

rm -rf "$HUXIN_HOME" "$out"
mkdir -p "$HUXIN_HOME" "$out"
ulimit -n "$(ulimit -Hn)"
HUXIN_TOKEN_SECRET=$(head -c 32 /dev/urandom | base64)
export HUXIN_TOKEN_SECRET
direct_url=jdbc:postgresql://127.0.0.1:$HUXIN_PG_PORT/huxin
# The embedded server asks every client for a password; `huxin db` keeps them beside its data.
owner_password_file=$HUXIN_HOME/pgdata.owner.password
export PGPASSFILE=$HUXIN_HOME/pgpass
gw_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
psql_() { psql -h 127.0.0.1 -p "$HUXIN_PG_PORT" -U postgres -d huxin -v ON_ERROR_STOP=1 -qtA "$@"; }
now_ms() { date +%s%3N; }
log() { echo "[chaos $(date -u +%H:%M:%S)] $*" >&2; }

declare -a pids=()
db_pid=
proxy_pid=
hook_pid=
watch_pid=
stop_all() {
  for p in "${pids[@]}"; do [[ -n $p ]] && kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do [[ -n $p ]] && wait "$p" 2>/dev/null || true; done
  [[ -n $proxy_pid ]] && kill "$proxy_pid" 2>/dev/null || true
  [[ -n $hook_pid ]] && kill "$hook_pid" 2>/dev/null || true
  [[ -n $watch_pid ]] && kill "$watch_pid" 2>/dev/null || true
  if [[ -n $db_pid ]]; then
    kill "$db_pid" 2>/dev/null || true
    wait "$db_pid" 2>/dev/null || true
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
  log "$what was not ready in $seconds s; see $out"
  return 1
}

# ---- PostgreSQL, the proxy, the seed ----------------------------------------------------------
java -Xmx256m -jar "$gateway_jar" db >"$out/db.log" 2>&1 &
db_pid=$!
wait_until 120 "PostgreSQL" bash -c "exec 3<>/dev/tcp/127.0.0.1/$HUXIN_PG_PORT"
sleep 1
pgdata=$HUXIN_HOME/pgdata
(umask 077 && echo "127.0.0.1:$HUXIN_PG_PORT:*:postgres:$(cat "$owner_password_file")" >"$PGPASSFILE")
log "seeding $students students"
PG_URL=$direct_url PG_USER=postgres PG_PASSWORD_FILE=$owner_password_file java -Xmx1g -XX:+UseParallelGC -cp "$cp" \
  org.huxin.loadtest.Rehearsal --students "$students" --feeder "$out/students.csv" \
  --staff 1 --staff-feeder "$out/staff.csv" >"$out/seed.log"
seed_line=$(grep '^REHEARSAL ' "$out/seed.log")
window_id=$(sed -n 's/.* window=\([0-9]*\).*/\1/p' <<<"$seed_line")
seed=$(sed -n 's/.* seed=\([0-9]*\).*/\1/p' <<<"$seed_line")
# The gateways sign in as an ordinary role, so that a REVOKE can take the alert relay down.
psql_ -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'huxin_gw') THEN
            CREATE ROLE huxin_gw LOGIN; END IF; END \$\$;" \
  -c "ALTER ROLE huxin_gw PASSWORD '$gw_password'" \
  -c "GRANT USAGE ON SCHEMA public TO huxin_gw" \
  -c "GRANT ALL ON ALL TABLES IN SCHEMA public TO huxin_gw" \
  -c "GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO huxin_gw"

java -Xmx96m -XX:+UseSerialGC -Xlog:gc:file=$out/gc-proxy.log:time,uptime -cp "$cp" org.huxin.loadtest.chaos.DelayProxy --listen "$proxy_port" \
  --target "127.0.0.1:$HUXIN_PG_PORT" --control-port "$proxy_control" >"$out/proxy.log" 2>&1 &
proxy_pid=$!
wait_until 30 "the delay proxy" bash -c "exec 3<>/dev/tcp/127.0.0.1/$proxy_control"
set_delay() { # ms
  exec 5<>"/dev/tcp/127.0.0.1/$proxy_control"
  echo "$1" >&5
  local reply
  read -r reply <&5 || true
  exec 5>&-
  log "proxy: $reply"
}

# The phones of the crisis path: a WeCom robot stand-in on loopback, in its own process.
java -Xmx64m -XX:+UseSerialGC -cp "$cp" org.huxin.loadtest.chaos.WebhookReceiver --port "$hook_port" \
  --out "$out/webhook.jsonl" >"$out/webhook.log" 2>&1 &
hook_pid=$!
wait_until 30 "the webhook receiver" bash -c "exec 3<>/dev/tcp/127.0.0.1/$hook_port"
staff_user=$(sed -n '2p' "$out/staff.csv" | cut -d, -f1)
staff_password=$(sed -n '2p' "$out/staff.csv" | cut -d, -f2)

# ---- three gateway nodes ----------------------------------------------------------------------
members=
bases=
for i in $(seq 0 $((nodes - 1))); do
  members+=${members:+,}127.0.0.1:$((CLUSTER_PORT + i))
  bases+=${bases:+,}http://127.0.0.1:$((PORT + i))
done
start_node() { # index
  local i=$1
  # shellcheck disable=SC2086
  PG_URL=jdbc:postgresql://127.0.0.1:$proxy_port/huxin PG_USER=huxin_gw PG_PASSWORD=$gw_password HUXIN_HTTP_HOST=127.0.0.1 \
    HUXIN_NODE_NAME=node-$i HUXIN_ALERT_SINK_ALLOW_HTTP=true HUXIN_PUBLIC_URL=http://127.0.0.1:$((PORT + i)) \
    HUXIN_ADMISSION_LIMIT=$ADMISSION_LIMIT HUXIN_ADMISSION_MAX_LAG_MS=$ADMISSION_MAX_LAG_MS java $GATEWAY_OPTS -Xlog:gc:file=$out/gc-gateway-$i.log:time,uptime -jar "$gateway_jar" serve \
    --http-port $((PORT + i)) --cluster --cluster-port $((CLUSTER_PORT + i)) --members "$members" \
    >>"$out/gateway-$i.log" 2>&1 &
  pids[i]=$!
}
ready() { curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$((PORT + $1))/health/ready"; }
for i in $(seq 0 $((nodes - 1))); do start_node "$i"; done
for i in $(seq 0 $((nodes - 1))); do wait_until 180 "gateway $i" ready "$i"; done
log "$nodes gateway nodes ready: $bases"

# Every district's own channel is a WeCom robot at the receiver (no school has one, so deliveries go
# to the district's): configured through the staff API, as an admin would in 预警通知.
cookies=$out/admin.cookies
curl -fsS -c "$cookies" -H 'Content-Type: application/json' -H "Origin: http://127.0.0.1:$PORT" \
  -d "{\"username\":\"$staff_user\",\"password\":\"$staff_password\"}" \
  "http://127.0.0.1:$PORT/api/staff/login" >/dev/null
for d in $(psql_ -c "SELECT id FROM district ORDER BY id"); do
  curl -fsS -b "$cookies" -H 'Content-Type: application/json' -H "Origin: http://127.0.0.1:$PORT" \
    -d "{\"kind\":\"wecom\",\"name\":\"chaos robot $d\",\"districtId\":$d,\"url\":\"http://127.0.0.1:$hook_port/cgi-bin/webhook/send?key=chaos-$d\"}" \
    "http://127.0.0.1:$PORT/api/staff/alert-channels" >/dev/null
done
log "alert channels: one WeCom robot per district at 127.0.0.1:$hook_port"

# ---- students: disjoint slices of the feeder --------------------------------------------------
offset=0
slice=0
alloc() { slice=$offset; offset=$((offset + $1)); } # count: sets $slice to the first row
drive_at() { # name from count rate [extra driver flags...]
  local name=$1 from=$2 count=$3 r=$4
  shift 4
  # shellcheck disable=SC2086
  java $DRIVER_OPTS -Xlog:gc:file=$out/gc-driver-$name.log:time,uptime -cp "$cp" org.huxin.loadtest.chaos.ChaosDriver --feeder "$out/students.csv" \
    --from "$from" --count "$count" --bases "$bases" --rate "$r" --seed "$seed" \
    --out "$out/$name" "$@" >"$out/$name.log" 2>&1
}
drive() { # name count rate [extra driver flags...]; in the foreground
  local name=$1 count=$2 r=$3
  shift 3
  alloc "$count"
  drive_at "$name" "$slice" "$count" "$r" "$@"
}
steady() { # name: every live node ready and a probe of $probe students all acknowledged
  local name=$1 i
  for i in $(seq 0 $((nodes - 1))); do
    if ! ready "$i"; then log "steady-state $name: node $i is not ready"; return 1; fi
  done
  if ! drive "$name" "$probe" 0 --concurrency 10 --deadline-s 60 --timeout-ms 5000; then
    log "steady-state $name: not every probe student was acknowledged; see $out/$name.log"
    return 1
  fi
}
blocked_count() { cat "$out"/gateway-*.log | grep -c 'vert.x-eventloop-thread.*has been blocked' || true; }
account() { # scenario before after [ChaosCheck flags...]
  local scenario=$1 before=$2 after=$3
  shift 3
  PG_URL=$direct_url PG_USER=postgres PG_PASSWORD_FILE=$owner_password_file java -Xmx256m -cp "$cp" org.huxin.loadtest.chaos.ChaosCheck \
    account --scenario "$scenario" --window "$window_id" --rows "$out/rows.jsonl" \
    --acks "$out/$scenario.acks.csv,$out/$scenario-before.acks.csv,$out/$scenario-after.acks.csv" \
    --drivers "$out/$scenario.driver.json,$out/$scenario-before.driver.json,$out/$scenario-after.driver.json" \
    --steady-before "$before" --steady-after "$after" "$@" >>"$out/check.log" 2>&1 \
    || log "the check of $scenario failed; see $out/check.log"
}
# Runs the steady-state check before, sets $before.
check_before() { before=true; steady "$1-before" || before=false; }
check_after() { after=true; steady "$1-after" || after=false; }
touch_files() { # so that a scenario stopped half-way still has files to account
  local f
  for f in "$@"; do [[ -f $out/$f.acks.csv ]] || : >"$out/$f.acks.csv"; done
}
run_seconds() { echo $(( per / rate )); }

scenario_kill_gateway() {
  local s=kill-gateway
  check_before $s
  log "$s: $per students at $rate/s; node 2 is killed after $(( $(run_seconds) / 3 )) s"
  alloc "$per"
  drive_at $s "$slice" "$per" "$rate" &
  local driver=$!
  sleep $(( $(run_seconds) / 3 ))
  kill -9 "${pids[2]}"
  wait "${pids[2]}" 2>/dev/null || true
  log "$s: node 2 killed"
  wait "$driver" || true
  start_node 2
  wait_until 180 "gateway 2 (restarted)" ready 2 || true
  check_after $s
  touch_files $s $s-before $s-after
  account $s "$before" "$after"
}

# pg_ctl refuses to run as root, which is how the embedded server runs here; then the stop is what
# `pg_ctl stop -m immediate` does (SIGQUIT to the postmaster: no checkpoint, crash recovery on the
# next start); the `db` process, which holds the data folder's lock, is then stopped too, and the
# start is a new `db` process on the same data.
pg_stop_immediate() {
  if (( $(id -u) != 0 )); then
    "$pg_bin/pg_ctl" stop -D "$pgdata" -m immediate >>"$out/pg-ctl.log" 2>&1
  else
    kill -QUIT "$(head -1 "$pgdata/postmaster.pid")"
  fi
  wait_until 30 "PostgreSQL's stop" bash -c "! exec 3<>/dev/tcp/127.0.0.1/$HUXIN_PG_PORT"
  if (( $(id -u) == 0 )); then
    kill "$db_pid" 2>/dev/null || true
    wait "$db_pid" 2>/dev/null || true
    db_pid=
  fi
}
pg_start() {
  if (( $(id -u) != 0 )); then
    "$pg_bin/pg_ctl" start -D "$pgdata" -w -t 120 -l "$out/pg-restarted.log" -o "$pg_opts" \
      >>"$out/pg-ctl.log" 2>&1
  else
    java -Xmx256m -jar "$gateway_jar" db >>"$out/db.log" 2>&1 &
    db_pid=$!
  fi
  wait_until 120 "PostgreSQL (restarted)" bash -c "exec 3<>/dev/tcp/127.0.0.1/$HUXIN_PG_PORT"
}

scenario_stop_postgres() {
  local s=stop-postgres
  check_before $s
  pg_bin=$(dirname "$(awk '{print $1; exit}' "$pgdata/postmaster.opts")")
  pg_opts=$(head -1 "$pgdata/postmaster.opts" | cut -d' ' -f2-)
  log "$s: $per students at $rate/s; PostgreSQL stops for $pg_down_s s"
  alloc "$per"
  drive_at $s "$slice" "$per" "$rate" --deadline-s $(( $(run_seconds) + pg_down_s + 90 )) &
  local driver=$!
  sleep $(( $(run_seconds) / 3 ))
  local down_ok=true
  pg_stop_immediate || down_ok=false
  log "$s: PostgreSQL stopped (immediate)"
  sleep "$pg_down_s"
  pg_start || down_ok=false
  log "$s: PostgreSQL started again"
  wait "$driver" || true
  check_after $s
  [[ $down_ok == true ]] || after=false
  touch_files $s $s-before $s-after
  account $s "$before" "$after" --detail "postgres_down_s=$pg_down_s"
}

scenario_relay_down() {
  local s=relay-down
  check_before $s
  # Wait until the probe's alerts are out, so that only this scenario's stay pending.
  sleep 2
  psql_ -c "REVOKE UPDATE ON alert_outbox FROM huxin_gw"
  local from
  from=$(now_ms)
  log "$s: relay down for $relay_down_s s; $per students at $rate/s"
  local n=$per
  if (( n / rate > relay_down_s - 3 )); then n=$(( (relay_down_s - 3) * rate )); fi
  drive $s "$n" "$rate" || true
  local left=$(( relay_down_s * 1000 - ($(now_ms) - from) ))
  if (( left > 0 )); then sleep "$(awk "BEGIN{print $left/1000}")"; fi
  local pending
  pending=$(psql_ -c "SELECT count(*) FROM alert_outbox WHERE window_id = $window_id AND relayed_at IS NULL")
  local to
  to=$(now_ms)
  psql_ -c "GRANT UPDATE ON alert_outbox TO huxin_gw"
  log "$s: relay back; $pending alerts were pending"
  wait_until 60 "the pending alerts' delivery" bash -c \
    "[[ \$(psql -h 127.0.0.1 -p $HUXIN_PG_PORT -U postgres -d huxin -qtA -c \"SELECT count(*) FROM alert_outbox WHERE window_id = $window_id AND relayed_at IS NULL\") == 0 ]]" || true
  check_after $s
  sleep 2 # the after-probe's alerts are delivered too
  touch_files $s $s-before $s-after
  account $s "$before" "$after" --outage-from "$from" --outage-to "$to" \
    --relay-logs "$(ls "$out"/gateway-*.log | paste -sd,)" --detail "pending_when_relay_returned=$pending" \
    --detail "relay_down_s=$relay_down_s"
}

scenario_slow_database() {
  local s=slow-database
  check_before $s
  local blocked_before
  blocked_before=$(blocked_count)
  set_delay 200
  log "$s: 200 ms per database round trip; $per students at $rate/s"
  drive $s "$per" "$rate" --concurrency 256 --deadline-s $(( $(run_seconds) + 120 )) || true
  set_delay 0
  check_after $s
  local blocked=$(( $(blocked_count) - blocked_before ))
  touch_files $s $s-before $s-after
  account $s "$before" "$after" --detail "delay_ms=200" --detail "blocked_warnings=$blocked" \
    --limit blocked_warnings=0
}

heap_max_mb=0
sample_heap() { # until $out/heap.stop exists: the largest heap one node used, in MB
  local m=0 i used
  while [[ ! -f $out/heap.stop ]]; do
    for i in $(seq 0 $((nodes - 1))); do
      used=$(curl -fsS --max-time 5 "http://127.0.0.1:$((PORT + i))/metrics" 2>/dev/null \
        | grep -F 'jvm_memory_used_bytes{area="heap"' | awk '{s += $NF} END {printf "%d", s / 1048576}') \
        || used=0
      (( ${used:-0} > m )) && m=$used
    done
    echo "$m" >"$out/heap.max"
    sleep 1
  done
}

scenario_overload() {
  local s=overload
  check_before $s
  # A first closed round warms the nodes (JIT, pools) so that a cold start does not halve the
  # measured capacity, and with it the overload; it is accounted like every other run.
  log "$s: warming up, then measuring capacity (closed model, 600 students, 32 at a time)"
  drive $s-warm 300 0 --concurrency 32 || true
  drive $s-capacity 600 0 --concurrency 32 || true
  local capacity
  capacity=$(python3 -c "import json;d=json.load(open('$out/$s-capacity.driver.json'));print(max(1,int(d['acknowledged']*1000/max(1,d['elapsed_ms']))))")
  local r=$(( 2 * capacity ))
  local n=$(( r * overload_s ))
  (( n > overload_max )) && n=$overload_max
  log "$s: capacity $capacity students/s; $n students at $r/s"
  rm -f "$out/heap.stop"
  sample_heap &
  local sampler=$!
  drive $s "$n" "$r" --concurrency 512 --deadline-s $(( overload_s + 240 )) --timeout-ms 15000 || true
  touch "$out/heap.stop"
  wait "$sampler" || true
  local alive=0 i
  for i in $(seq 0 $((nodes - 1))); do kill -0 "${pids[i]}" 2>/dev/null && alive=$((alive + 1)); done
  check_after $s
  touch_files $s $s-before $s-after
  account $s "$before" "$after" --detail "capacity_per_s=$capacity" --detail "offered_per_s=$r" \
    --detail "nodes_alive=$alive" --detail "nodes_dead=$((nodes - alive))" --limit nodes_dead=0 \
    --detail "heap_max_mb=$(cat "$out/heap.max" 2>/dev/null || echo 0)" --detail "heap_limit_mb=$gateway_heap" \
    --limit "heap_max_mb=$(( gateway_heap * 95 / 100 ))" --limit driver.ok_request_p99_ms=1000 \
    --acks "$out/$s-warm.acks.csv,$out/$s-capacity.acks.csv" \
    --drivers "$out/$s-warm.driver.json,$out/$s-capacity.driver.json"
}

scenario_relay_node_killed() {
  local s=relay-node-killed
  check_before $s
  # Staff took on every earlier alert, so the consoles' pending lists hold this scenario's.
  psql_ -c "UPDATE alert_outbox SET acknowledged_at = now(),
              acknowledged_by = (SELECT id FROM staff_account WHERE username = '$staff_user')
            WHERE acknowledged_at IS NULL"
  rm -f "$out/$s.stop"
  java -Xmx128m -XX:+UseSerialGC -cp "$cp" org.huxin.loadtest.chaos.ConsoleWatch --bases "$bases" \
    --consoles "$nodes" --username "$staff_user" --password "$staff_password" \
    --out "$out/$s-console" --stop-file "$out/$s.stop" >"$out/$s-console.out" 2>&1 &
  watch_pid=$!
  sleep 3
  local since
  since=$(now_ms)
  log "$s: $per students at $rate/s with $nodes consoles watching; the first node to relay one of their alerts is killed"
  alloc "$per"
  drive_at $s "$slice" "$per" "$rate" --deadline-s $(( $(run_seconds) + 120 )) &
  local driver=$!
  local victim=
  for _ in $(seq 1 1200); do
    victim=$(psql_ -c "SELECT relayed_by FROM alert_outbox WHERE window_id = $window_id
                         AND created_at >= to_timestamp($since / 1000.0) AND relayed_at IS NOT NULL
                       ORDER BY relayed_at LIMIT 1")
    [[ -n $victim ]] && break
    sleep 0.05
  done
  local killed_ok=true i=
  if [[ $victim =~ ^node-([0-9]+)$ ]]; then
    i=${BASH_REMATCH[1]}
    kill -9 "${pids[i]}"
    wait "${pids[i]}" 2>/dev/null || true
    log "$s: $victim relayed this scenario's first alert; killed it (kill -9)"
  else
    killed_ok=false
    log "$s: no node relayed an alert of this scenario within 60 s"
  fi
  wait "$driver" || true
  [[ -n $i ]] && start_node "$i"
  [[ -n $i ]] && { wait_until 180 "gateway $i (restarted)" ready "$i" || killed_ok=false; }
  # Consoles re-read every 30 s and a dead node's leased phone messages go to another after 60 s:
  # wait until every alert reached every console and a phone, or 150 s.
  local reach_args=(--window "$window_id" --acks "$out/$s.acks.csv" --since "$since"
    --console-logs "$(seq 0 $((nodes - 1)) | sed "s|^|$out/$s-console-|; s|$|.log|" | paste -sd,)"
    --webhook-log "$out/webhook.jsonl")
  wait_until 150 "every alert on every console and at a phone" \
    env PG_URL="$direct_url" PG_USER=postgres PG_PASSWORD_FILE="$owner_password_file" java -Xmx128m -cp "$cp" \
      org.huxin.loadtest.chaos.ChaosCheck reached "${reach_args[@]}" || true
  local until
  until=$(now_ms)
  touch "$out/$s.stop"
  wait "$watch_pid" 2>/dev/null || true
  watch_pid=
  check_after $s
  [[ $killed_ok == true ]] || after=false
  touch_files $s $s-before $s-after
  account $s "$before" "$after" "${reach_args[@]:4}" --until "$until" --killed-node "${victim:-none}"
}

expect=()
IFS=, read -r -a wanted <<<"$scenarios"
for s in "${wanted[@]}"; do
  expect+=(--expect "$s")
  case "$s" in
    kill-gateway) scenario_kill_gateway ;;
    stop-postgres) scenario_stop_postgres ;;
    relay-down) scenario_relay_down ;;
    slow-database) scenario_slow_database ;;
    overload) scenario_overload ;;
    relay-node-killed) scenario_relay_node_killed ;;
    *) log "unknown scenario $s"; exit 2 ;;
  esac
done
stop_all
trap - EXIT

set +e
java -Xmx128m -cp "$cp" org.huxin.loadtest.chaos.ChaosCheck summary --rows "$out/rows.jsonl" \
  --out "$out/summary.json" "${expect[@]}"
rc=$?
set -e
echo "summary: $out/summary.json  logs: $out  ($(( $(date +%s) - started )) s)" >&2
exit "$rc"
