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
#
# CASSANDRA_SECURE=1: clients must speak TLS (a self-signed certificate made by keytool) and sign in
# (PasswordAuthenticator, CassandraAuthorizer); data under $VIGIL_WORK/cassandra-secure. The role
# `vigil` (no superuser; all permissions on all keyspaces) is made at the first start, and the
# default superuser `cassandra` gets a random password. Clients connect with
# $VIGIL_WORK/cassandra-secure/secure/client.properties (Vigil's --cassandraPropertiesFile), which
# holds no secret: the user, password and truststore password are references (${file:...}) into
# secrets.properties (mode 600) beside it. CASSANDRA_SECURE_PASSWORD sets the `vigil` role's
# password (default: random, made once).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECURE="${CASSANDRA_SECURE:-0}"
if [[ "$SECURE" == 1 ]]; then
  WORK="${VIGIL_WORK:-$ROOT/.work}/cassandra-secure"
else
  WORK="${VIGIL_WORK:-$ROOT/.work}/cassandra"
fi
PORT="${CASSANDRA_PORT:-9042}"
SPORT="${CASSANDRA_STORAGE_PORT:-7000}"
JPORT="${CASSANDRA_JMX_PORT:-7199}"
HEAP="${CASSANDRA_HEAP:-1g}"
LIB="${VIGIL_WORK:-$ROOT/.work}/cassandra/lib" # the same jars for both modes
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
CONF
  if [[ "$SECURE" == 1 ]]; then
    chmod 600 "$CONF"
    cat >> "$CONF" <<CONF
authenticator: PasswordAuthenticator
authorizer: CassandraAuthorizer
role_manager: CassandraRoleManager
client_encryption_options:
  enabled: true
  optional: false
  keystore: $SECRETS_DIR/node.p12
  keystore_password: $(secret keystore.password)
  store_type: PKCS12
  require_client_auth: false
  accepted_protocols: [TLSv1.3, TLSv1.2]
CONF
  else
    cat >> "$CONF" <<CONF
authenticator: AllowAllAuthenticator
authorizer: AllowAllAuthorizer
CONF
  fi
  cat > "$WORK/logback.xml" <<'XML'
<configuration>
  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="STDOUT"/></root>
</configuration>
XML
}

SECRETS_DIR="$WORK/secure"
SECRETS="$SECRETS_DIR/secrets.properties"

# The value of KEY in secrets.properties.
secret() { sed -n "s/^$1=//p" "$SECRETS"; }

# Once: passwords, the node's key and self-signed certificate, the clients' truststore; and
# client.properties, whose secrets are references into secrets.properties.
make_secrets() {
  mkdir -p "$SECRETS_DIR" "$WORK/logs"
  chmod 700 "$SECRETS_DIR"
  if [[ ! -f "$SECRETS" ]]; then
    umask 077
    {
      echo "cassandra.username=vigil"
      echo "cassandra.password=${CASSANDRA_SECURE_PASSWORD:-$(random_password)}"
      echo "admin.password=$(random_password)"
      echo "keystore.password=$(random_password)"
      echo "truststore.password=$(random_password)"
    } > "$SECRETS"
    make_tls_pair "$SECRETS_DIR" node "$(secret keystore.password)" "$(secret truststore.password)"
    umask 022
  fi
  cat > "$SECRETS_DIR/client.properties" <<PROPS
# Vigil's Cassandra client settings for the secure local node (scripts/cassandra.sh with
# CASSANDRA_SECURE=1), for --cassandraPropertiesFile. No secret here: each is a reference that
# Vigil resolves from secrets.properties where it connects.
username=\${file:$SECRETS:cassandra.username}
password=\${file:$SECRETS:cassandra.password}
ssl.enabled=true
ssl.truststore.location=$SECRETS_DIR/truststore.p12
ssl.truststore.type=PKCS12
ssl.truststore.password=\${file:$SECRETS:truststore.password}
PROPS
}

# Once per data directory: the role `vigil`, and a random password for the default superuser
# (scripts/servers/CassandraRoles.java, on the driver among Cassandra's own jars).
make_roles() {
  [[ -f "$WORK/data/.roles-made" ]] && return 0
  say "making the role $(secret cassandra.username) (log $WORK/logs/roles.log)"
  CASSANDRA_ADMIN_PASSWORD="$(secret admin.password)" \
    CASSANDRA_USER="$(secret cassandra.username)" CASSANDRA_USER_PASSWORD="$(secret cassandra.password)" \
    CASSANDRA_TRUSTSTORE="$SECRETS_DIR/truststore.p12" CASSANDRA_TRUSTSTORE_PASSWORD="$(secret truststore.password)" \
    java -cp "$LIB/*" "$ROOT/scripts/servers/CassandraRoles.java" 127.0.0.1 "$PORT" \
    >> "$WORK/logs/roles.log" 2>&1 || { tail -20 "$WORK/logs/roles.log" >&2; die "could not make the roles: see $WORK/logs/roles.log"; }
  touch "$WORK/data/.roles-made"
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
  local extra=()
  if [[ "$SECURE" == 1 ]]; then
    make_secrets
    extra=(-Dcassandra.superuser_setup_delay_ms=0)
  fi
  write_config
  if [[ "$SECURE" == 1 ]]; then
    say "starting on 127.0.0.1:$PORT, TLS and passwords only (clients: $SECRETS_DIR/client.properties; heap $HEAP, logs $LOG)"
  else
    say "starting on 127.0.0.1:$PORT (heap $HEAP, logs $LOG)"
  fi
  launch_and_wait "Starting listening for CQL clients" 120 \
    java "-Xms$HEAP" "-Xmx$HEAP" -XX:+UseG1GC "${JVM17[@]}" \
    "-Dcassandra.config=file://$CONF" "-Dcassandra.storagedir=$WORK" "-Dcassandra.logdir=$WORK/logs" \
    "-Dcassandra-foreground=yes" "-Dcassandra.jmx.local.port=$JPORT" \
    "-Dlogback.configurationFile=$WORK/logback.xml" "-Dcassandra.skip_wait_for_gossip_to_settle=0" \
    "${extra[@]}" -cp "$LIB/*" org.apache.cassandra.service.CassandraDaemon
  if [[ "$SECURE" == 1 ]]; then
    make_roles
  fi
}

dispatch "${1:-}" 45 75 "$PORT" "$SPORT"
