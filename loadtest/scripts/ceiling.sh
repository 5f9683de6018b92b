#!/usr/bin/env bash
# The ceiling comparison of a capacity rehearsal: back to back on this machine and with the same
# Gatling simulation (org.huxin.loadtest.Ceiling, closed model, one keep-alive connection per user),
# (a) a bare Vert.x endpoint answering a constant body (org.huxin.loadtest.ceiling.BareEndpoint),
# then (b) the real POST /api/student/login of the gateway already running at --base. Writes
# DIR/ceiling.json with login throughput as a share of the bare ceiling (ceiling_ratio), the
# generator's, the server's and the rest of the machine's CPU over each measured phase, and keeps
# both Gatling reports (DIR/ceiling-bare, DIR/ceiling-login; with --rounds, also -r2, -r3 ...).
#
#   loadtest/scripts/ceiling.sh --base http://127.0.0.1:PORT --feeder /abs/students.csv --out DIR \
#       [--users 128] [--seconds 20] [--warmup 10] [--bare-port 18399] [--rounds 1]
#
# --rounds N repeats the pair N times (bare, login, bare, login, ...): on a shared machine the load
# of the neighbours drifts, and alternating spreads that drift over both targets. Login throughput
# is summed over its rounds; the ceiling (bare_per_s) is the fastest bare round, so that a slow
# bare round never flatters the ratio (bare_mean_per_s is beside it). Each run's figures are kept
# in ceiling.json ("rounds").
# The feeder's first three columns are schoolCode,studentNo,accessCode (more may follow); its codes
# must be valid for an open window, since the login phase counts only 200s as throughput.
# Environment: BARE_OPTS (-Xmx256m -XX:+UseParallelGC), GATLING_HEAP (-Xmx768m), OFFLINE (-o; set
# OFFLINE= to let Maven download). Exit status: 0 when no run had a failed request, else 1.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

usage() {
  echo "usage: $0 --base http://127.0.0.1:PORT --feeder /abs/students.csv --out DIR" \
    "[--users 128] [--seconds 20] [--warmup 10] [--bare-port 18399] [--rounds 1]" >&2
  exit 2
}
base=
feeder=
out=
users=128
seconds=20
warmup=10
bare_port=18399
rounds=1
while [[ $# -gt 0 ]]; do
  [[ $# -ge 2 ]] || usage
  case "$1" in
    --base) base=$2 ;;
    --feeder) feeder=$2 ;;
    --out) out=$2 ;;
    --users) users=$2 ;;
    --seconds) seconds=$2 ;;
    --warmup) warmup=$2 ;;
    --bare-port) bare_port=$2 ;;
    --rounds) rounds=$2 ;;
    *) usage ;;
  esac
  shift 2
done
[[ -n $base && -n $feeder && -n $out ]] || usage
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "--rounds must be a whole number from 1, got '$rounds'" >&2; exit 2; }
[[ -f $feeder ]] || { echo "no feeder at $feeder (give an absolute path to students.csv)" >&2; exit 2; }
feeder=$(cd "$(dirname "$feeder")" && pwd)/$(basename "$feeder")
mkdir -p "$out"
out=$(cd "$out" && pwd)

BARE_OPTS=${BARE_OPTS:--Xmx256m -XX:+UseParallelGC}
GATLING_HEAP=${GATLING_HEAP:--Xmx768m}
OFFLINE=${OFFLINE--o}
MVN=(mvn -B -ntp -q ${OFFLINE})
gateway_jar=$root/gateway/target/huxin-gateway.jar
hz=$(getconf CLK_TCK)
ulimit -n "$(ulimit -Hn)"

# ---- preconditions ------------------------------------------------------------------------
# shellcheck source=reactor.sh
source "$root/loadtest/scripts/reactor.sh"
if [[ ! -f $gateway_jar || ! -f loadtest/target/classes/org/huxin/loadtest/ceiling/BareEndpoint.class \
   || ! -f loadtest/target/test-classes/org/huxin/loadtest/Ceiling.class ]] \
   || reactor_install_needed "$gateway_jar"; then
  echo "building gateway and loadtest (tests skipped)..." >&2
  "${MVN[@]}" -DskipTests -Dspotless.check.skip=true -Dassembly.skipAssembly=true -pl loadtest -am install
fi
if ! curl -fsS -o /dev/null "$base/health/ready"; then
  echo "no ready gateway at $base (start one first, as rehearse-login.sh does)" >&2
  exit 1
fi

# ---- CPU sampling -------------------------------------------------------------------------
# Every half second: epoch ms, a server process's CPU ticks, the machine's busy ticks. A measured
# phase's share is read between the samples nearest its first and last request.
samplers=()
start_sampler() { # pid file
  local pid=$1 file=$2
  : >"$file"
  (
    while kill -0 "$pid" 2>/dev/null; do
      proc=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null) || break
      busy=$(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat)
      echo "$(date +%s%3N) $proc $busy" >>"$file"
      sleep 0.5
    done
  ) &
  samplers+=("$!")
}

# The pid listening on a local TCP port, or empty.
listener_pid() {
  ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | sed -n 1p | cut -d= -f2 || true
}

# ---- one Gatling run ----------------------------------------------------------------------
# run_ceiling TARGET BASE TAG: runs the simulation, copies its report to $out/ceiling-TAG and leaves
# its CEILING line in $out/ceiling-TAG.log; returns Gatling's exit status.
run_ceiling() {
  local target=$1 url=$2 tag=$3 marker report rc
  marker=$(mktemp)
  set +e
  "${MVN[@]}" -pl loadtest gatling:test \
    -Dgatling.simulationClass=org.huxin.loadtest.Ceiling \
    -Dgatling.jvm.heap="$GATLING_HEAP" \
    -Dtarget="$target" -Dbase="$url" -Dfeeder="$feeder" \
    -Dusers="$users" -Dseconds="$seconds" -Dwarmup="$warmup" >"$out/ceiling-$tag.log" 2>&1
  rc=$?
  set -e
  report=$(find loadtest/target/gatling -maxdepth 1 -type d -name 'ceiling-*' -newer "$marker" \
    2>/dev/null | sort | sed -n '$p')
  rm -f "$marker"
  rm -rf "${out:?}/ceiling-$tag"
  if [[ -n $report && -f $report/index.html ]]; then
    cp -r "$report" "$out/ceiling-$tag"
  else
    echo "no Gatling report for $tag (exit $rc); see $out/ceiling-$tag.log" >&2
  fi
  if ! grep -q '^CEILING ' "$out/ceiling-$tag.log"; then
    echo "the $tag run printed no CEILING line (exit $rc); see $out/ceiling-$tag.log" >&2
    exit 1
  fi
  return "$rc"
}

# ---- the two servers ----------------------------------------------------------------------
bare_pid=
stop_all() {
  local p
  for p in "${samplers[@]}"; do
    kill "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  samplers=()
  if [[ -n $bare_pid ]] && kill -0 "$bare_pid" 2>/dev/null; then
    kill "$bare_pid"
    wait "$bare_pid" 2>/dev/null || true
  fi
  bare_pid=
}
trap stop_all EXIT
if [[ -n $(listener_pid "$bare_port") ]]; then
  echo "port $bare_port is taken; pass --bare-port" >&2
  exit 1
fi
# shellcheck disable=SC2086
java $BARE_OPTS -cp "loadtest/target/classes:$gateway_jar" org.huxin.loadtest.ceiling.BareEndpoint \
  --port "$bare_port" >"$out/ceiling-bare-server.log" 2>&1 &
bare_pid=$!
for i in $(seq 1 60); do
  grep -q "^BARE ready port=$bare_port" "$out/ceiling-bare-server.log" && break
  kill -0 "$bare_pid" 2>/dev/null || { echo "the bare endpoint died; see $out/ceiling-bare-server.log" >&2; exit 1; }
  [[ $i -eq 60 ]] && { echo "the bare endpoint was not ready in 30 s; see $out/ceiling-bare-server.log" >&2; exit 1; }
  sleep 0.5
done
start_sampler "$bare_pid" "$out/ceiling-cpu-bare.txt"
gateway_port=$(sed -E 's#^[a-z]+://[^:/]+:?([0-9]*).*#\1#' <<<"$base")
gateway_pid=$(listener_pid "${gateway_port:-80}")
if [[ -n $gateway_pid ]]; then
  start_sampler "$gateway_pid" "$out/ceiling-cpu-login.txt"
else
  : >"$out/ceiling-cpu-login.txt"
fi
echo "bare endpoint on port $bare_port (pid $bare_pid), gateway at $base (pid ${gateway_pid:-unknown})" >&2

# ---- (a) the bare ceiling, then (b) the real login, --rounds times ---------------------------
failed_runs=0
tags=()
for r in $(seq 1 "$rounds"); do
  suffix=$([[ $r -eq 1 ]] && echo "" || echo "-r$r")
  echo "round $r of $rounds: the bare ceiling..." >&2
  run_ceiling bare "http://127.0.0.1:$bare_port" "bare$suffix" || failed_runs=$((failed_runs + 1))
  echo "round $r of $rounds: POST /api/student/login..." >&2
  run_ceiling login "$base" "login$suffix" || failed_runs=$((failed_runs + 1))
  tags+=("$suffix")
done
stop_all

# ---- summary ------------------------------------------------------------------------------
python3 - "$out" "$users" "$seconds" "$warmup" "$hz" "$(nproc)" "${tags[@]}" <<'PY'
import json, re, sys
out, users, seconds, warmup, hz, cores, *suffixes = sys.argv[1:]
hz = float(hz)

def ceiling_line(tag):
    lines = [l for l in open(f"{out}/ceiling-{tag}.log", encoding="utf-8") if l.startswith("CEILING ")]
    return {k: v for k, v in (kv.split("=", 1) for kv in lines[-1].split()[1:])}

def gatling_exit(tag):
    # the assertion line Gatling prints: "<name>: count of failed events is 0.0 : true (...)"
    text = open(f"{out}/ceiling-{tag}.log", encoding="utf-8").read()
    verdicts = re.findall(r"count of failed events is [0-9.]+ : (true|false)", text)
    return bool(verdicts) and all(v == "true" for v in verdicts)

def cpu_between(target, start_ms, end_ms):
    """Server cores and machine busy cores between the samples nearest the measured phase."""
    rows = [tuple(map(float, l.split())) for l in open(f"{out}/ceiling-cpu-{target}.txt") if l.strip()]
    if len(rows) < 2:
        return None, None
    a = min(rows, key=lambda r: abs(r[0] - start_ms))
    b = min(rows, key=lambda r: abs(r[0] - end_ms))
    span = (b[0] - a[0]) / 1000.0
    if span <= 0:
        return None, None
    return (b[1] - a[1]) / hz / span, (b[2] - a[2]) / hz / span

def run(target, suffix):
    tag = target + suffix
    c = ceiling_line(tag)
    s = float(c["seconds"])
    server, machine = cpu_between(target, float(c["from_ms"]), float(c["to_ms"]))
    generator = float(c["gen_cpu_s"]) / s if s > 0 else None
    others = machine - server - generator if None not in (server, machine, generator) else None
    return {
        "ok": int(c["ok"]), "seconds": s, "per_s": float(c["per_s"]),
        "queued": int(c["queued"]), "failed": int(c["failed"]),
        "generator_cpu_cores": generator, "server_cpu_cores": server,
        "others_cpu_cores": others, "machine_busy_cores": machine,
        "assertions_passed": gatling_exit(tag),
        "report": f"{out}/ceiling-{tag}/index.html",
    }

def total(runs):
    """A target's rounds summed: throughput over all measured seconds, CPU weighted by them."""
    seconds = sum(r["seconds"] for r in runs)
    def weighted(key):
        if any(r[key] is None for r in runs) or seconds <= 0:
            return None
        return round(sum(r[key] * r["seconds"] for r in runs) / seconds, 2)
    return {
        "ok": sum(r["ok"] for r in runs), "seconds": round(seconds, 3),
        "per_s": round(sum(r["ok"] for r in runs) / seconds, 1) if seconds > 0 else 0.0,
        "queued": sum(r["queued"] for r in runs), "failed": sum(r["failed"] for r in runs),
        **{k: weighted(k) for k in ("generator_cpu_cores", "server_cpu_cores",
                                    "others_cpu_cores", "machine_busy_cores")},
        "reports": [r["report"] for r in runs],
    }

pairs = [(run("bare", s), run("login", s)) for s in suffixes]
bare = total([b for b, _ in pairs])
login = total([l for _, l in pairs])
rounded = lambda d: {k: round(v, 2) if isinstance(v, float) else v for k, v in d.items()}
# The ceiling is the fastest bare round: a slower one is the shared machine's noise (the first
# round here often runs a quarter slow), and dividing by it would flatter the ratio.
ceiling = max(b["per_s"] for b, _ in pairs)
summary = {
    "bare_per_s": round(ceiling, 1),
    "bare_mean_per_s": bare["per_s"],
    "login_per_s": login["per_s"],
    "ceiling_ratio": round(login["per_s"] / ceiling, 3) if ceiling > 0 else None,
    "users": int(users),
    "seconds": int(seconds),
    "warmup_s": int(warmup),
    "login_queued": login["queued"],
    "failed": bare["failed"] + login["failed"],
    "bare": bare,
    "login": login,
    "rounds": [
        {"bare": rounded(b), "login": rounded(l),
         "ceiling_ratio": round(l["per_s"] / b["per_s"], 3) if b["per_s"] > 0 else None}
        for b, l in pairs
    ],
    "cores": int(cores),
    "note": "cpu figures are cores busy over each measured phase; others_cpu_cores is the rest of "
            "the machine (neighbours), which the two targets should see alike for a fair ratio",
}
json.dump(summary, open(f"{out}/ceiling.json", "w"), indent=2)
print(json.dumps(summary, indent=2))
PY
echo "summary: $out/ceiling.json" >&2
[[ $failed_runs -eq 0 ]]
