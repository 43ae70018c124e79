#!/usr/bin/env bash
# The Kafka and Cassandra the test suite's extensions use (KafkaServer, CassandraServer: the same
# ports and work directory, .work/it), started once for a whole run so that every module's test
# JVM shares them: ./vigil test runs this around the build. The extensions use a running server
# and leave it running; without this script, each test JVM starts and stops its own.
#
#   scripts/test-servers.sh start    start both side by side, wait until both answer
#   scripts/test-servers.sh stop     stop both (by the PIDs their scripts recorded)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export VIGIL_WORK="$ROOT/.work/it"

kafka() { KAFKA_PORT=19092 KAFKA_CONTROLLER_PORT=19093 "$ROOT/scripts/kafka.sh" "$1"; }
cassandra() {
  CASSANDRA_PORT=19042 CASSANDRA_STORAGE_PORT=17000 CASSANDRA_JMX_PORT=17199 \
    "$ROOT/scripts/cassandra.sh" "$1"
}

case "${1:-}" in
  start)
    kafka start & k=$!
    cassandra start & c=$!
    rc=0
    wait "$k" || rc=$?
    wait "$c" || rc=$?
    exit "$rc"
    ;;
  stop)
    rc=0
    kafka stop || rc=$?
    cassandra stop || rc=$?
    exit "$rc"
    ;;
  *) echo "usage: scripts/test-servers.sh start|stop" >&2; exit 2 ;;
esac
