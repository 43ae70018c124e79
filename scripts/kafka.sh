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

say() { echo "[kafka] $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

running_pid() {
  [[ -f "$PIDFILE" ]] || return 1
  local pid; pid="$(cat "$PIDFILE")"
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

check_java() {
  command -v java >/dev/null || die "java not found: install JDK 17"
  local major
  major="$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | sed -n 1p)"
  [[ "${major:-0}" -ge 17 ]] || die "Kafka needs Java 17 or newer, found: $(java -version 2>&1 | sed -n 1p)"
}

install() {
  if [[ -f "$LIB/.installed" ]]; then return; fi
  say "installing Kafka server jars from Maven Central into $LIB"
  mkdir -p "$LIB"
  mvn -q -B -f "$ROOT/scripts/servers/kafka-pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$LIB" -DincludeScope=runtime || die "could not fetch the Kafka jars with Maven"
  touch "$LIB/.installed"
}

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
  if pid="$(running_pid)"; then say "already running (pid $pid, 127.0.0.1:$PORT)"; return 0; fi
  check_java
  for p in "$PORT" "$CPORT"; do
    port_open "$p" && die "port $p on 127.0.0.1 is taken by another process: stop it or set KAFKA_PORT/KAFKA_CONTROLLER_PORT"
  done
  install
  write_config
  if [[ ! -f "$WORK/data/meta.properties" ]]; then
    local id
    id="$(java -cp "$LIB/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
    java -cp "$LIB/*" kafka.tools.StorageTool format -t "$id" -c "$CONF" >> "$WORK/logs/format.log" 2>&1 \
      || die "formatting storage failed: see $WORK/logs/format.log"
  fi
  say "starting on 127.0.0.1:$PORT (heap $HEAP, logs $LOG)"
  nohup java "-Xmx$HEAP" "-Xms$HEAP" -cp "$LIB/*" kafka.Kafka "$CONF" > "$LOG" 2>&1 < /dev/null &
  echo $! > "$PIDFILE"
  local started=$SECONDS
  while (( SECONDS - started < 90 )); do
    if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
      tail -20 "$LOG" >&2; rm -f "$PIDFILE"; die "Kafka exited during startup (log above)"
    fi
    if port_open "$PORT" && grep -q "Kafka Server started" "$LOG"; then
      say "ready in $((SECONDS - started)) s (pid $(cat "$PIDFILE"))"
      return 0
    fi
    sleep 0.5
  done
  die "Kafka did not become ready within 90 s: see $LOG"
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then say "not running"; rm -f "$PIDFILE"; return 0; fi
  say "stopping pid $pid"
  kill "$pid" 2>/dev/null || true
  local waited=$SECONDS
  while kill -0 "$pid" 2>/dev/null; do
    if (( SECONDS - waited > 30 )); then say "still alive after 30 s: killing"; kill -9 "$pid" 2>/dev/null || true; fi
    sleep 0.5
  done
  while port_open "$PORT" || port_open "$CPORT"; do
    (( SECONDS - waited > 60 )) && die "ports $PORT/$CPORT still open after stop"
    sleep 0.5
  done
  rm -f "$PIDFILE"
  say "stopped"
}

status() {
  if pid="$(running_pid)"; then say "running (pid $pid, 127.0.0.1:$PORT)"; return 0; fi
  say "stopped"; return 3
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: scripts/kafka.sh start|stop|status" >&2; exit 2 ;;
esac
