#!/usr/bin/env bash
# A single-node Kafka 4.1 (KRaft: broker + controller in one JVM) on 127.0.0.1, run from Maven
# Central jars (no Docker, no distribution download). Data and logs under $VIGIL_WORK/kafka.
#
#   scripts/kafka.sh start    install the jars if needed, format storage once, start, wait until it answers
#   scripts/kafka.sh stop     stop the process this script started (by its PID), wait for the ports to close
#   scripts/kafka.sh status   running or not (exit 0 / 3)
#
# Environment: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_HEAP (512m), VIGIL_WORK (.work).
#
# KAFKA_SECURE=1: the client listener speaks SASL_SSL only (SCRAM-SHA-512 over TLS 1.3), with a
# self-signed certificate made by keytool and the users `vigil` and `admin` created when the storage
# is formatted; data under $VIGIL_WORK/kafka-secure. Clients connect with
# $VIGIL_WORK/kafka-secure/secure/client.properties, which holds no secret: the user, password and
# truststore password are references (${file:...}) into secrets.properties (mode 600) beside it.
# KAFKA_SECURE_PASSWORD sets the `vigil` user's password (default: random, made once).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECURE="${KAFKA_SECURE:-0}"
if [[ "$SECURE" == 1 ]]; then
  WORK="${VIGIL_WORK:-$ROOT/.work}/kafka-secure"
else
  WORK="${VIGIL_WORK:-$ROOT/.work}/kafka"
fi
PORT="${KAFKA_PORT:-9092}"
CPORT="${KAFKA_CONTROLLER_PORT:-9093}"
HEAP="${KAFKA_HEAP:-512m}"
LIB="${VIGIL_WORK:-$ROOT/.work}/kafka/lib" # the same jars for both modes
PIDFILE="$WORK/kafka.pid"
LOG="$WORK/logs/server.log"
CONF="$WORK/server.properties"

NAME=kafka
DISPLAY=Kafka
# shellcheck source=scripts/server-lib.sh
source "$ROOT/scripts/server-lib.sh"

SECRETS_DIR="$WORK/secure"
SECRETS="$SECRETS_DIR/secrets.properties"

# The value of KEY in secrets.properties.
secret() { sed -n "s/^$1=//p" "$SECRETS"; }

# Once: passwords, the broker's key and self-signed certificate, the clients' truststore, and
# client.properties, whose secrets are references into secrets.properties.
make_secrets() {
  mkdir -p "$SECRETS_DIR"
  chmod 700 "$SECRETS_DIR"
  if [[ ! -f "$SECRETS" ]]; then
    umask 077
    {
      echo "kafka.username=vigil"
      echo "kafka.password=${KAFKA_SECURE_PASSWORD:-$(random_password)}"
      echo "admin.password=$(random_password)"
      echo "keystore.password=$(random_password)"
      echo "truststore.password=$(random_password)"
    } > "$SECRETS"
    make_tls_pair "$SECRETS_DIR" broker "$(secret keystore.password)" "$(secret truststore.password)"
    umask 022
  fi
  cat > "$SECRETS_DIR/client.properties" <<PROPS
# Kafka client settings for the secure local broker (scripts/kafka.sh with KAFKA_SECURE=1).
# No secret here: each is a reference that the Kafka client resolves from secrets.properties.
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
config.providers=file
config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="\${file:$SECRETS:kafka.username}" password="\${file:$SECRETS:kafka.password}";
ssl.truststore.location=$SECRETS_DIR/truststore.p12
ssl.truststore.type=PKCS12
ssl.truststore.password=\${file:$SECRETS:truststore.password}
ssl.endpoint.identification.algorithm=https
PROPS
}

write_config() {
  mkdir -p "$WORK/data" "$WORK/logs"
  if [[ "$SECURE" == 1 ]]; then
    make_secrets
    (umask 077; cat > "$CONF" <<CONF
listeners=SASL_SSL://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CPORT
advertised.listeners=SASL_SSL://127.0.0.1:$PORT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL
inter.broker.listener.name=SASL_SSL
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$(secret admin.password)";
ssl.keystore.location=$SECRETS_DIR/broker.p12
ssl.keystore.type=PKCS12
ssl.keystore.password=$(secret keystore.password)
ssl.key.password=$(secret keystore.password)
ssl.truststore.location=$SECRETS_DIR/truststore.p12
ssl.truststore.type=PKCS12
ssl.truststore.password=$(secret truststore.password)
ssl.enabled.protocols=TLSv1.3,TLSv1.2
CONF
    )
  else
    cat > "$CONF" <<CONF
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CPORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
CONF
  fi
  cat >> "$CONF" <<CONF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CPORT
controller.listener.names=CONTROLLER
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
    local scram=()
    if [[ "$SECURE" == 1 ]]; then
      scram=(--add-scram "SCRAM-SHA-512=[name=admin,password=$(secret admin.password)]"
             --add-scram "SCRAM-SHA-512=[name=$(secret kafka.username),password=$(secret kafka.password)]")
    fi
    java -cp "$LIB/*" kafka.tools.StorageTool format -t "$id" -c "$CONF" "${scram[@]}" >> "$WORK/logs/format.log" 2>&1 \
      || die "formatting storage failed: see $WORK/logs/format.log"
  fi
  if [[ "$SECURE" == 1 ]]; then
    say "starting on 127.0.0.1:$PORT, SASL_SSL only (SCRAM-SHA-512; clients: $SECRETS_DIR/client.properties; heap $HEAP, logs $LOG)"
  else
    say "starting on 127.0.0.1:$PORT (heap $HEAP, logs $LOG)"
  fi
  launch_and_wait "Kafka Server started" 90 java "-Xmx$HEAP" "-Xms$HEAP" -cp "$LIB/*" kafka.Kafka "$CONF"
}

dispatch "${1:-}" 30 60 "$PORT" "$CPORT"
