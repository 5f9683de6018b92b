#!/usr/bin/env bash
# The restore drill of gateway/README.md "Backups and recovery", on this machine: a PostgreSQL
# with WAL archived by pgBackRest, a Huxin store in it, a full backup, more work, an operator's
# mistake, then a point-in-time restore to just before the mistake, checked row for row. Prints
# each step's time and the sizes, and writes them to loadtest/target/restore-drill/summary.json.
#
#   loadtest/scripts/restore-drill.sh [--results 100000]
#
# Needs Debian's postgresql-15 (server and client) and pgbackrest (apt-get install postgresql-15
# pgbackrest). Debian 12's pgBackRest is 2.45, which knows PostgreSQL up to 15: the embedded
# PostgreSQL 17 of ./huxin demo needs pgBackRest 2.53 or newer (apt.postgresql.org), so the drill
# runs the store on Debian's PostgreSQL 15 through PG_URL, as a city's own server would be reached.
# Everything lives in a temporary folder, removed at the end unless KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/../.."

results=100000
while [[ $# -gt 0 ]]; do
  case $1 in
    --results) results=$2; shift 2 ;;
    *) echo "usage: $0 [--results N]" >&2; exit 2 ;;
  esac
done

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
for tool in "$PGBIN/initdb" "$PGBIN/pg_ctl" /usr/bin/psql /usr/bin/pgbackrest; do
  if [[ ! -x $tool ]]; then
    echo "restore-drill needs $tool: apt-get install postgresql-15 pgbackrest" >&2
    exit 2
  fi
done

gateway_jar=gateway/target/huxin-gateway.jar
if [[ ! -f $gateway_jar ]]; then
  mvn -B -ntp -q ${OFFLINE--o} -DskipTests -Dspotless.check.skip=true -Dassembly.skipAssembly=true \
    -pl gateway -am package
fi

work=$(mktemp -d /tmp/huxin-restore-drill.XXXXXX)
port=${DRILL_PG_PORT:-55432}
out=loadtest/target/restore-drill
mkdir -p "$out"
# PostgreSQL refuses to run as root: as root, the server and pgBackRest run as user postgres.
as_pg=()
if [[ $(id -u) == 0 ]]; then
  chown postgres "$work"
  as_pg=(runuser -u postgres --)
fi
pg() { "${as_pg[@]}" "$@"; }
cleanup() {
  pg "$PGBIN/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  [[ ${KEEP:-} == 1 ]] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT

now_ms() { date +%s%3N; }
step_start=0
step() { step_start=$(now_ms); printf '%-58s' "$1"; }
done_step() { local ms=$(( $(now_ms) - step_start )); echo "${ms} ms ${1:-}"; eval "$2=$ms"; }
sql() { psql -X -q -t -A -h "$work" -p "$port" -U postgres -d huxin -c "$1"; }

cat > "$work/pgbackrest.conf" <<EOF
[global]
repo1-path=$work/repo
repo1-retention-full=2
compress-type=zst
process-max=2
log-path=$work/log
lock-path=$work/lock
spool-path=$work/spool
log-level-console=warn
start-fast=y

[huxin]
pg1-path=$work/pg
pg1-port=$port
pg1-socket-path=$work
EOF
chmod 644 "$work/pgbackrest.conf"
pg mkdir -p "$work/repo" "$work/log" "$work/lock" "$work/spool"
pgbr() { pg pgbackrest --config="$work/pgbackrest.conf" --stanza=huxin "$@"; }

echo "== PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'), pgBackRest $(pgbackrest version | awk '{print $2}'), in $work"
pg "$PGBIN/initdb" -D "$work/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
cat >> "$work/pg/postgresql.conf" <<EOF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$work'
wal_level = replica
archive_mode = on
archive_command = 'pgbackrest --config=$work/pgbackrest.conf --stanza=huxin archive-push %p'
archive_timeout = 60
max_wal_senders = 3
EOF
pg "$PGBIN/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w start >/dev/null
psql -X -q -h "$work" -p "$port" -U postgres -d postgres \
  -c "CREATE ROLE huxin_owner LOGIN CREATEROLE" -c "CREATE ROLE huxin_gw LOGIN" \
  -c "CREATE DATABASE huxin OWNER huxin_owner"
pgbr stanza-create
pgbr check

# A window of $results synthetic results, and its roster, through the product's own job.
step "seed: rescore-demo --results $results --keep"
export PG_URL="jdbc:postgresql://localhost:$port/huxin"
export PG_USER=huxin_gw PG_PASSWORD=unused PG_OWNER_USER=huxin_owner PG_OWNER_PASSWORD=unused
export HUXIN_HOME="$work/home"
java -Xmx1g -DHUXIN_LOG_TARGET=System.err -cp "$gateway_jar" org.huxin.engine.renorm.RenormCli \
  rescore-demo --results "$results" --keep > "$work/seed.log" 2>&1 || { tail -20 "$work/seed.log"; exit 1; }
done_step "" seed_ms
db_bytes=$(sql "SELECT pg_database_size('huxin')")

step "full backup"
pgbr backup --type=full
done_step "" backup_ms
backup_info=$(pgbr info --output=json)
backup_bytes=$(python3 -c 'import json,sys; b=json.loads(sys.argv[1])[0]["backup"][-1]; print(b["info"]["repository"]["delta"])' "$backup_info")

# Work after the backup, which only the archived WAL carries.
step "work after the backup: 5,000 audit rows, a window moved"
sql "INSERT INTO audit (action, subject, ok) SELECT 'restore-drill', 'row ' || g, true FROM generate_series(1, 5000) g" >/dev/null
sql "UPDATE screening_window SET closes_at = closes_at + interval '1 day' WHERE id = (SELECT min(id) FROM screening_window)" >/dev/null
done_step "" work_ms
results_before=$(sql "SELECT count(*) FROM result")
audit_before=$(sql "SELECT count(*) FROM audit")
windows_before=$(sql "SELECT string_agg(id || ':' || closes_at, ',' ORDER BY id) FROM screening_window")
sleep 1
target=$(sql "SELECT now()")
sleep 1

step "the mistake: DELETE FROM result (as the owner)"
sql "DELETE FROM result" >/dev/null
sql "SELECT pg_switch_wal()" >/dev/null
done_step "" mistake_ms
[[ $(sql "SELECT count(*) FROM result") == 0 ]]
# The WAL holding the mistake must reach the archive too: the restore must stop before it.
pgbr check

step "restore to $target"
pg "$PGBIN/pg_ctl" -D "$work/pg" -m fast -w stop >/dev/null
pgbr restore --delta --type=time "--target=$target" --target-action=promote
done_step "" restore_ms

step "recovery: replay the archived WAL to the target"
pg "$PGBIN/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w -t 600 start >/dev/null
until [[ $(sql "SELECT pg_is_in_recovery()") == f ]]; do sleep 0.2; done
done_step "" recovery_ms

results_after=$(sql "SELECT count(*) FROM result")
audit_after=$(sql "SELECT count(*) FROM audit")
windows_after=$(sql "SELECT string_agg(id || ':' || closes_at, ',' ORDER BY id) FROM screening_window")
echo "results: $results_before before the mistake, $results_after after the restore"
echo "audit rows: $audit_before / $audit_after; windows: $windows_before / $windows_after"
ok=true
[[ $results_after == "$results_before" && $audit_after == "$audit_before" \
   && $windows_after == "$windows_before" && $results_before -ge $results ]] || ok=false

cat > "$out/summary.json" <<EOF
{"date":"$(date -u +%FT%TZ)","cores":$(nproc),"postgresql":"$("$PGBIN/postgres" --version | awk '{print $3}')",
 "pgbackrest":"$(pgbackrest version | awk '{print $2}')","results":$results,"database_bytes":$db_bytes,
 "backup_bytes":$backup_bytes,"seed_ms":$seed_ms,"backup_ms":$backup_ms,"restore_ms":$restore_ms,
 "recovery_ms":$recovery_ms,"rows_match":$ok}
EOF
cat "$out/summary.json"
$ok || { echo "RESTORE DRILL FAILED: the restored database differs from the one at the target" >&2; exit 1; }
echo "restore drill passed"
