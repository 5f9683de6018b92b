#!/usr/bin/env bash
# Login-storm rehearsal on one node: seeds a synthetic city of N students into a fresh store, opens
# a city-wide window, starts ONE gateway on it, drives POST /api/student/login + the questionnaire
# with Gatling's LoginStorm (open model, R students/s), stops the gateway and writes
# loadtest/target/rehearsal/latest/summary.json beside Gatling's HTML report.
#
#   loadtest/scripts/rehearse-login.sh --students N [--rate R] [--p99-ms MS] [--warmup-s S]
#
# R defaults to 200 students/s, the p99 limit on a login attempt to 1000 ms; before the storm
# S seconds (default 15, 0 for none) of warm-up at R/4 let both JVMs compile their hot paths.
#
# Environment: PORT (gateway HTTP, 18300), HUXIN_PG_PORT (embedded PostgreSQL, 55329),
# GATEWAY_OPTS (-Xms512m -Xmx512m -XX:+UseParallelGC), GATLING_HEAP (-Xmx768m; Gatling's JVM also
# runs ParallelGC), HUXIN_ADMISSION_LIMIT (the gateway's default when unset), OFFLINE (-o, set
# OFFLINE= to let Maven download).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

students=2000
rate=200
p99=1000
warmup=15
while [[ $# -gt 0 ]]; do
  case "$1" in
    --students) students=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --p99-ms) p99=$2; shift 2 ;;
    --warmup-s) warmup=$2; shift 2 ;;
    *) echo "usage: $0 --students N [--rate R] [--p99-ms MS] [--warmup-s S]" >&2; exit 2 ;;
  esac
done

PORT=${PORT:-18300}
export HUXIN_PG_PORT=${HUXIN_PG_PORT:-55329}
GATEWAY_OPTS=${GATEWAY_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC}
GATLING_HEAP=${GATLING_HEAP:--Xmx768m}
OFFLINE=${OFFLINE--o}
MVN=(mvn -B -ntp -q ${OFFLINE})

work=$root/loadtest/target/rehearsal
out=$work/latest
export HUXIN_HOME=$work/home
gateway_jar=$root/gateway/target/huxin-gateway.jar
started=$(date +%s)

# ---- build what is missing ------------------------------------------------------------------
# The reactor is installed (tests skipped) so that `mvn -pl loadtest gatling:test` resolves the
# gateway it depends on from this tree, not from a stale ~/.m2 jar.
if [[ ! -f $gateway_jar || ! -f loadtest/target/classes/org/huxin/loadtest/Rehearsal.class \
   || ! -f loadtest/target/test-classes/org/huxin/loadtest/LoginStorm.class \
   || -n $(find pom.xml scales engine gateway loadtest -newer "$gateway_jar" -not -path '*/target/*' \
        \( -name '*.java' -o -name '*.sql' -o -name '*.json' -o -name 'pom.xml' -o -name '*.conf' \) \
        -print -quit) ]]; then
  echo "building gateway and loadtest (tests skipped)..." >&2
  "${MVN[@]}" -DskipTests -Dspotless.check.skip=true -pl loadtest -am install
fi

rm -rf "$HUXIN_HOME" "$out"
mkdir -p "$HUXIN_HOME" "$out"
ulimit -n "$(ulimit -Hn)"

# ---- seed ---------------------------------------------------------------------------------
echo "seeding $students students into $HUXIN_HOME..." >&2
java -Xmx1g -XX:+UseParallelGC -cp "loadtest/target/classes:$gateway_jar" \
  org.huxin.loadtest.Rehearsal --students "$students" --feeder "$out/students.csv" | tee "$out/seed.log"
seed_line=$(grep '^REHEARSAL ' "$out/seed.log")

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
echo "gateway ready on port $PORT (pid $pid)" >&2

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
gateway_before=$(cpu_ticks "$pid")

# ---- the storm ----------------------------------------------------------------------------
run_started=$(date +%s.%N)
set +e
TIMEFORMAT='%U %S'
{ time "${MVN[@]}" -pl loadtest gatling:test \
    -Dgatling.simulationClass=org.huxin.loadtest.LoginStorm \
    -Dgatling.jvm.heap="$GATLING_HEAP" \
    -Dbase="http://127.0.0.1:$PORT" -Dstudents="$students" -Drate="$rate" -Dp99ms="$p99" -Dwarmup="$warmup" \
    -Dfeeder="$out/students.csv" >"$out/gatling.log" 2>&1; } 2>"$out/generator-cpu.txt"
gatling_rc=$?
set -e
run_s=$(echo "$(date +%s.%N) - $run_started" | bc -l)
gateway_cpu_s=$(echo "($(cpu_ticks "$pid") - $gateway_before) / $hz" | bc -l)
stop_gateway

report=$(ls -dt loadtest/target/gatling/loginstorm-* 2>/dev/null | head -1)
if [[ -z $report || ! -f $report/index.html ]]; then
  echo "no Gatling report found (exit $gatling_rc); see $out/gatling.log" >&2
  exit 1
fi
cp -r "$report" "$out/report"

# ---- summary ------------------------------------------------------------------------------
python3 - "$report/index.html" "$out/summary.json" "$students" "$rate" "$p99" "$gatling_rc" \
  "$seed_line" "$gateway_cpu_s" "$(cat "$out/generator-cpu.txt")" "$run_s" \
  "$(( $(date +%s) - started ))" "$GATEWAY_OPTS" "$GATLING_HEAP" \
  "$(grep -o 'STORM .*' "$out/gatling.log" | tail -1)" "$warmup" <<'PY'
import json, re, sys
(stats_file, out_file, students, rate, p99_limit, rc, seed_line, gw_cpu, gen_cpu, run_s, wall_s,
 gw_opts, gatling_heap, storm_line, warmup) = sys.argv[1:]
# Gatling 3.15 writes no stats.json: its figures are in the statistics table of index.html, one
# <tr> per request name with cells col-2..col-14: total, ok, ko, ko %, count/s, min, p50, p75,
# p95, p99, max, mean, std dev.
COLUMNS = {2: "total", 3: "ok", 4: "ko", 6: "per_s", 7: "min", 8: "p50", 9: "p75", 10: "p95",
           11: "p99", 12: "max", 13: "mean"}
html = open(stats_file, encoding="utf-8").read()
table = {}
for row in html.split("<tr id=")[1:]:
    name = re.search(r'class="ellipsed-name">([^<]*)<', row)
    if not name:
        continue
    cells = {int(n): v for n, v in re.findall(r'class="value [a-z]+ col-(\d+)">([^<]*)</td>', row)}
    table[name.group(1)] = {k: float(cells[n]) if cells.get(n, "-") not in ("-", "") else 0.0
                            for n, k in COLUMNS.items()}
every = table["All Requests"]
none = {k: 0.0 for k in COLUMNS.values()}
login = table.get("login", none)
queued = table.get("login (queued)", none)
questionnaire = table.get("questionnaire", none)
storm = dict(kv.split("=") for kv in storm_line.split()[1:]) if storm_line else {}
duration = int(storm.get("duration_ms", -1)) / 1000.0  # first storm arrival to last finish
ms = lambda s, k: int(s[k])
seed = dict(kv.split("=") for kv in seed_line.split()[1:])
user, system = (float(x) for x in gen_cpu.split()[-2:])
summary = {
    "students": int(students),
    "scenario": "login",
    "nodes": 1,
    "rate_per_s": float(rate),
    "duration_s": round(duration, 1),
    "requests": int(login["total"] + queued["total"] + questionnaire["total"]),
    "failed": int(login["ko"] + queued["ko"] + questionnaire["ko"]),
    "failed_incl_warmup": int(every["ko"]),
    "warmup_s": int(warmup),
    "queued": int(queued["total"]),
    "logins_ok": int(questionnaire["ok"]),
    "p50_ms": ms(login, "p50"),
    "p95_ms": ms(login, "p95"),
    "p99_ms": ms(login, "p99"),
    "max_ms": ms(login, "max"),
    "logins_per_s": round(questionnaire["ok"] / duration, 1) if duration > 0 else None,
    "percentiles_of": "request 'login' (each student's first attempt)",
    "queued_retries": {"p50_ms": ms(queued, "p50"), "p99_ms": ms(queued, "p99"),
                       "max_ms": ms(queued, "max")},
    "questionnaire": {"p50_ms": ms(questionnaire, "p50"), "p99_ms": ms(questionnaire, "p99"),
                      "max_ms": ms(questionnaire, "max")},
    "all_requests_incl_warmup": {"p50_ms": ms(every, "p50"), "p95_ms": ms(every, "p95"),
                     "p99_ms": ms(every, "p99"), "max_ms": ms(every, "max")},
    "p99_limit_ms": int(p99_limit),
    "assertions_passed": rc == "0",
    "seeding": {
        "roster_students": int(seed["seeded"]), "window_id": int(seed["window"]),
        "roster_ms": int(seed["roster_ms"]), "window_and_feeder_ms": int(seed["window_ms"]),
        "total_ms": int(seed["total_ms"]),
    },
    "cpu": {
        "gateway_cpu_s": round(float(gw_cpu), 1),
        "generator_cpu_s": round(user + system, 1),
        "generator_note": "Gatling JVM plus Maven start-up",
        "storm_wall_s": round(float(run_s), 1),
        "cores": 2,
    },
    "jvm": {"gateway": gw_opts, "gatling": gatling_heap + " -XX:+UseParallelGC"},
    "wall_s": int(wall_s),
}
json.dump(summary, open(out_file, "w"), indent=2)
print(json.dumps(summary, indent=2))
PY
echo "report: $out/report/index.html  summary: $out/summary.json" >&2
exit "$gatling_rc"
