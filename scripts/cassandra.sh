#!/usr/bin/env bash
# A single-node Cassandra 5.0 on 127.0.0.1, run from Maven Central jars (no Docker, no tarball).
# Data and logs under $VIGIL_WORK/cassandra.
#
#   scripts/cassandra.sh start    install the jars if needed, start, wait until CQL answers
#   scripts/cassandra.sh stop     stop the process this script started (by its PID), wait for its ports
#   scripts/cassandra.sh status   running or not (exit 0 / 3)
#
# Environment: CASSANDRA_PORT (9042), CASSANDRA_STORAGE_PORT (7000), CASSANDRA_JMX_PORT (7199),
# CASSANDRA_HEAP (1g), VIGIL_WORK (.work). Needs JDK 17 (Cassandra 5.0 does not run on 21+).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${VIGIL_WORK:-$ROOT/.work}/cassandra"
PORT="${CASSANDRA_PORT:-9042}"
SPORT="${CASSANDRA_STORAGE_PORT:-7000}"
JPORT="${CASSANDRA_JMX_PORT:-7199}"
HEAP="${CASSANDRA_HEAP:-1g}"
LIB="$WORK/lib"
PIDFILE="$WORK/cassandra.pid"
LOG="$WORK/logs/server.log"
CONF="$WORK/cassandra.yaml"

say() { echo "[cassandra] $*" >&2; }
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
  [[ "${major:-0}" -eq 17 ]] || die "Cassandra 5.0 needs Java 17, found: $(java -version 2>&1 | sed -n 1p)"
}

install() {
  if [[ -f "$LIB/.installed" ]]; then return; fi
  say "installing Cassandra jars from Maven Central into $LIB"
  mkdir -p "$LIB"
  mvn -q -B -f "$ROOT/scripts/servers/cassandra-pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$LIB" -DincludeScope=runtime >&2 || die "could not fetch the Cassandra jars with Maven"
  touch "$LIB/.installed"
}

write_config() {
  mkdir -p "$WORK"/{data,commitlog,saved_caches,hints,cdc_raw,logs}
  cat > "$CONF" <<CONF
cluster_name: vigil
num_tokens: 1
initial_token: 0
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
data_file_directories: [ $WORK/data ]
commitlog_directory: $WORK/commitlog
saved_caches_directory: $WORK/saved_caches
hints_directory: $WORK/hints
cdc_raw_directory: $WORK/cdc_raw
commitlog_sync: periodic
commitlog_sync_period: 10000ms
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "127.0.0.1:$SPORT"
listen_address: 127.0.0.1
rpc_address: 127.0.0.1
storage_port: $SPORT
native_transport_port: $PORT
start_native_transport: true
endpoint_snitch: SimpleSnitch
authenticator: AllowAllAuthenticator
authorizer: AllowAllAuthorizer
CONF
  cat > "$WORK/logback.xml" <<'XML'
<configuration>
  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="STDOUT"/></root>
</configuration>
XML
}

# The JDK 17 flags of Cassandra's conf/jvm17-server.options.
JVM17=(-Djdk.attach.allowAttachSelf=true
  --add-exports java.base/jdk.internal.misc=ALL-UNNAMED --add-exports java.base/jdk.internal.ref=ALL-UNNAMED
  --add-exports java.base/sun.nio.ch=ALL-UNNAMED --add-exports java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED
  --add-exports java.rmi/sun.rmi.registry=ALL-UNNAMED --add-exports java.rmi/sun.rmi.server=ALL-UNNAMED
  --add-exports java.sql/java.sql=ALL-UNNAMED
  --add-opens java.base/java.lang.module=ALL-UNNAMED --add-opens java.base/jdk.internal.loader=ALL-UNNAMED
  --add-opens java.base/jdk.internal.ref=ALL-UNNAMED --add-opens java.base/jdk.internal.reflect=ALL-UNNAMED
  --add-opens java.base/jdk.internal.math=ALL-UNNAMED --add-opens java.base/jdk.internal.module=ALL-UNNAMED
  --add-opens java.base/jdk.internal.util.jar=ALL-UNNAMED --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED
  --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/java.io=ALL-UNNAMED
  --add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens java.base/java.util=ALL-UNNAMED --add-opens java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.math=ALL-UNNAMED
  --add-opens java.base/java.lang.reflect=ALL-UNNAMED --add-opens java.base/java.net=ALL-UNNAMED)

start() {
  if pid="$(running_pid)"; then say "already running (pid $pid, 127.0.0.1:$PORT)"; return 0; fi
  check_java
  for p in "$PORT" "$SPORT" "$JPORT"; do
    port_open "$p" && die "port $p on 127.0.0.1 is taken by another process: stop it or set CASSANDRA_PORT/CASSANDRA_STORAGE_PORT/CASSANDRA_JMX_PORT"
  done
  install
  write_config
  say "starting on 127.0.0.1:$PORT (heap $HEAP, logs $LOG)"
  nohup java "-Xms$HEAP" "-Xmx$HEAP" -XX:+UseG1GC "${JVM17[@]}" \
    "-Dcassandra.config=file://$CONF" "-Dcassandra.storagedir=$WORK" "-Dcassandra.logdir=$WORK/logs" \
    "-Dcassandra-foreground=yes" "-Dcassandra.jmx.local.port=$JPORT" \
    "-Dlogback.configurationFile=$WORK/logback.xml" "-Dcassandra.skip_wait_for_gossip_to_settle=0" \
    -cp "$LIB/*" org.apache.cassandra.service.CassandraDaemon > "$LOG" 2>&1 < /dev/null &
  echo $! > "$PIDFILE"
  local started=$SECONDS
  while (( SECONDS - started < 120 )); do
    if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
      tail -30 "$LOG" >&2; rm -f "$PIDFILE"; die "Cassandra exited during startup (log above)"
    fi
    if port_open "$PORT" && grep -q "Starting listening for CQL clients" "$LOG"; then
      say "ready in $((SECONDS - started)) s (pid $(cat "$PIDFILE"))"
      return 0
    fi
    sleep 0.5
  done
  die "Cassandra did not become ready within 120 s: see $LOG"
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then say "not running"; rm -f "$PIDFILE"; return 0; fi
  say "stopping pid $pid"
  kill "$pid" 2>/dev/null || true
  local waited=$SECONDS
  while kill -0 "$pid" 2>/dev/null; do
    if (( SECONDS - waited > 45 )); then say "still alive after 45 s: killing"; kill -9 "$pid" 2>/dev/null || true; fi
    sleep 0.5
  done
  while port_open "$PORT" || port_open "$SPORT"; do
    (( SECONDS - waited > 75 )) && die "ports $PORT/$SPORT still open after stop"
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
  *) echo "usage: scripts/cassandra.sh start|stop|status" >&2; exit 2 ;;
esac
