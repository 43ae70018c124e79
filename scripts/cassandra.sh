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

NAME=cassandra
DISPLAY=Cassandra
# shellcheck source=scripts/server-lib.sh
source "$ROOT/scripts/server-lib.sh"

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
  [[ "$(java_major)" -eq 17 ]] || die "Cassandra 5.0 needs Java 17, found: $(java_version_line)"
  require_free_ports "CASSANDRA_PORT/CASSANDRA_STORAGE_PORT/CASSANDRA_JMX_PORT" "$PORT" "$SPORT" "$JPORT"
  install_jars "$ROOT/scripts/servers/cassandra-pom.xml" "Cassandra jars"
  write_config
  say "starting on 127.0.0.1:$PORT (heap $HEAP, logs $LOG)"
  launch_and_wait "Starting listening for CQL clients" 120 \
    java "-Xms$HEAP" "-Xmx$HEAP" -XX:+UseG1GC "${JVM17[@]}" \
    "-Dcassandra.config=file://$CONF" "-Dcassandra.storagedir=$WORK" "-Dcassandra.logdir=$WORK/logs" \
    "-Dcassandra-foreground=yes" "-Dcassandra.jmx.local.port=$JPORT" \
    "-Dlogback.configurationFile=$WORK/logback.xml" "-Dcassandra.skip_wait_for_gossip_to_settle=0" \
    -cp "$LIB/*" org.apache.cassandra.service.CassandraDaemon
}

dispatch "${1:-}" 45 75 "$PORT" "$SPORT"
