#!/usr/bin/env bash
# Fault runs: builds the gateway and the loadtest when they are missing or older than their
# sources, then runs org.huxin.loadtest.chaos.ChaosRun, which seeds a synthetic city, starts
# PostgreSQL, a delaying TCP proxy in front of it and three gateway nodes as a Hazelcast cluster,
# and runs each scenario (loadtest/src/main/java/org/huxin/loadtest/chaos/scenario, one class
# each) between two steady-state checks. Prints scenario, requests, acknowledged, lost,
# duplicated; writes loadtest/target/chaos/latest/summary.json; exits 1 when a row lost or
# duplicated anything, failed a steady-state check or broke a limit.
#
#   loadtest/scripts/chaos.sh [--short] [--scenarios kill-gateway,stop-postgres,relay-down,slow-database,overload,relay-node-killed]
#
# Environment: PORT (19300; node i listens on PORT+i), CLUSTER_PORT (6801), HUXIN_PG_PORT (56329;
# the proxy listens on +1, its control port is +2), OFFLINE (-o; set OFFLINE= to let Maven
# download).
set -euo pipefail
cd "$(dirname "$0")/../.."

OFFLINE=${OFFLINE--o}
gateway_jar=gateway/target/huxin-gateway.jar
if [[ ! -f $gateway_jar || ! -f loadtest/target/classes/org/huxin/loadtest/chaos/ChaosRun.class \
   || -n $(find pom.xml scales engine gateway loadtest/src/main -newer "$gateway_jar" -not -path '*/target/*' \
        \( -name '*.java' -o -name '*.sql' -o -name '*.json' -o -name 'pom.xml' \) -print -quit) ]]; then
  echo "building gateway and loadtest (tests skipped)..." >&2
  mvn -B -ntp -q ${OFFLINE} -DskipTests -Dspotless.check.skip=true -Dassembly.skipAssembly=true -pl loadtest -am install
fi

# The nodes, drivers and consoles it starts inherit this limit.
ulimit -n "$(ulimit -Hn)"
exec java -Xmx128m -XX:+UseSerialGC -cp "loadtest/target/classes:$gateway_jar" \
  org.huxin.loadtest.chaos.ChaosRun "$@"
