#!/usr/bin/env bash
# A Spark 3.5 standalone cluster on 127.0.0.1: one master and one worker, each its own JVM, run
# from Maven Central jars in $VIGIL_WORK/spark/jars (which serves as SPARK_HOME for the worker's
# executors). Logs and work directories under $VIGIL_WORK/spark.
#
#   scripts/spark.sh start    install the jars if needed, start the master, then the worker, and
#                             wait until the worker has registered
#   scripts/spark.sh stop     stop both processes this script started (by their PIDs)
#   scripts/spark.sh status   running or not (exit 0 / 3)
#
# Submit with: ./vigil submit --config=runner-configs/spark-cluster.args --inputFile=... --outputDir=...
# Environment: SPARK_MASTER_PORT (7077), SPARK_MASTER_UI_PORT (8080), SPARK_WORKER_PORT (7078),
#   SPARK_WORKER_UI_PORT (8082), SPARK_WORKER_CORES (2), SPARK_WORKER_MEMORY (2g), VIGIL_WORK (.work).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${VIGIL_WORK:-$ROOT/.work}/spark"
MASTER_PORT="${SPARK_MASTER_PORT:-7077}"
MASTER_UI_PORT="${SPARK_MASTER_UI_PORT:-8080}"
WORKER_PORT="${SPARK_WORKER_PORT:-7078}"
WORKER_UI_PORT="${SPARK_WORKER_UI_PORT:-8082}"
CORES="${SPARK_WORKER_CORES:-2}"
MEMORY="${SPARK_WORKER_MEMORY:-2g}"
LIB="$WORK/jars"

NAME=spark
# shellcheck source=scripts/server-lib.sh
source "$ROOT/scripts/server-lib.sh"

# shellcheck source=scripts/jvm-flags.sh
source "$ROOT/scripts/jvm-flags.sh"
mapfile -t OPENS < <(jdk17_opens "$ROOT")

master() { DISPLAY="Spark master"; PIDFILE="$WORK/master.pid"; LOG="$WORK/logs/master.log"; PORT="$MASTER_PORT"; }
worker() { DISPLAY="Spark worker"; PIDFILE="$WORK/worker.pid"; LOG="$WORK/logs/worker.log"; PORT="$WORKER_PORT"; }

start_master() {
  master
  if pid="$(running_pid)"; then say "master already running (pid $pid)"; return 0; fi
  require_free_ports "SPARK_MASTER_PORT/SPARK_MASTER_UI_PORT" "$MASTER_PORT" "$MASTER_UI_PORT"
  say "starting the master on spark://127.0.0.1:$MASTER_PORT (UI :$MASTER_UI_PORT, logs $LOG)"
  SPARK_HOME="$WORK" launch_and_wait "I have been elected leader" 90 java -Xmx512m "${OPENS[@]}" -cp "$LIB/*" \
    org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$MASTER_PORT" --webui-port "$MASTER_UI_PORT"
}

start_worker() {
  worker
  if pid="$(running_pid)"; then say "worker already running (pid $pid)"; return 0; fi
  require_free_ports "SPARK_WORKER_PORT/SPARK_WORKER_UI_PORT" "$WORKER_PORT" "$WORKER_UI_PORT"
  say "starting a worker ($CORES cores, $MEMORY for executors, logs $LOG)"
  SPARK_HOME="$WORK" SPARK_SCALA_VERSION=2.12 launch_and_wait "Successfully registered with master" 90 java -Xmx512m "${OPENS[@]}" \
    -Dorg.bytedeco.javacpp.cachedir="$ROOT/.cache/javacpp" -cp "$LIB/*" \
    org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --port "$WORKER_PORT" --webui-port "$WORKER_UI_PORT" \
    --cores "$CORES" --memory "$MEMORY" --work-dir "$WORK/work" "spark://127.0.0.1:$MASTER_PORT"
}

case "${1:-}" in
  start)
    [[ "$(java_major)" -ge 17 ]] || die "Spark 3.5 here runs on Java 17, found: $(java_version_line)"
    install_jars "$ROOT/scripts/servers/spark-pom.xml" "Spark 3.5 cluster jars"
    mkdir -p "$WORK/logs" "$WORK/work"
    # A RELEASE file marks $WORK as a Spark distribution: executors then take their classpath from
    # $WORK/jars (else Spark looks for a source build's assembly directory).
    echo "Spark 3.5.1 from Maven Central jars (scripts/servers/spark-pom.xml)" > "$WORK/RELEASE"
    start_master
    start_worker
    say "standalone cluster up: spark://127.0.0.1:$MASTER_PORT (UI http://127.0.0.1:$MASTER_UI_PORT)" ;;
  stop)
    worker; stop_server 30 60 "$WORKER_PORT"
    master; stop_server 30 60 "$MASTER_PORT" ;;
  status)
    rc=0
    master; status_server || rc=3
    worker; status_server || rc=3
    exit $rc ;;
  *) echo "usage: scripts/spark.sh start|stop|status" >&2; exit 2 ;;
esac
