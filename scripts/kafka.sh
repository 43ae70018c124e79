#!/usr/bin/env bash
# A single-node Kafka 4.1 (KRaft: broker + controller in one JVM) on 127.0.0.1, run from Maven
# Central jars (no Docker, no distribution download). Data and logs under $VIGIL_WORK/kafka.
#
#   scripts/kafka.sh start    install the jars if needed, format storage once, start, wait until it answers
#   scripts/kafka.sh stop     stop the process this script started (by its PID), wait for the ports to close
#   scripts/kafka.sh status   running or not (exit 0 / 3)
#
# Environment: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_HEAP (512m), VIGIL_WORK (.work).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${VIGIL_WORK:-$ROOT/.work}/kafka"
PORT="${KAFKA_PORT:-9092}"
CPORT="${KAFKA_CONTROLLER_PORT:-9093}"
HEAP="${KAFKA_HEAP:-512m}"
LIB="$WORK/lib"
PIDFILE="$WORK/kafka.pid"
LOG="$WORK/logs/server.log"
CONF="$WORK/server.properties"

NAME=kafka
DISPLAY=Kafka
# shellcheck source=scripts/server-lib.sh
source "$ROOT/scripts/server-lib.sh"

write_config() {
  mkdir -p "$WORK/data" "$WORK/logs"
  cat > "$CONF" <<CONF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CPORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CPORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$WORK/data
num.partitions=2
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=24
CONF
}

start() {
  [[ "$(java_major)" -ge 17 ]] || die "Kafka needs Java 17 or newer, found: $(java_version_line)"
  require_free_ports "KAFKA_PORT/KAFKA_CONTROLLER_PORT" "$PORT" "$CPORT"
  install_jars "$ROOT/scripts/servers/kafka-pom.xml" "Kafka server jars"
  write_config
  if [[ ! -f "$WORK/data/meta.properties" ]]; then
    local id
    id="$(java -cp "$LIB/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
    java -cp "$LIB/*" kafka.tools.StorageTool format -t "$id" -c "$CONF" >> "$WORK/logs/format.log" 2>&1 \
      || die "formatting storage failed: see $WORK/logs/format.log"
  fi
  say "starting on 127.0.0.1:$PORT (heap $HEAP, logs $LOG)"
  launch_and_wait "Kafka Server started" 90 java "-Xmx$HEAP" "-Xms$HEAP" -cp "$LIB/*" kafka.Kafka "$CONF"
}

dispatch "${1:-}" 30 60 "$PORT" "$CPORT"
