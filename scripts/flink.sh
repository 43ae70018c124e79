#!/usr/bin/env bash
# A Flink 1.19 session cluster on 127.0.0.1: one JobManager and one or more TaskManagers, each its own JVM,
# run from Maven Central jars (there is no Flink distribution download here). Configuration,
# checkpoints, savepoints and logs under $VIGIL_WORK/flink.
#
#   scripts/flink.sh start    install the jars if needed, start the JobManager, then the TaskManagers,
#                             and wait until each has registered; processes already running are kept
#                             (so start after a crash brings back only what is missing)
#   scripts/flink.sh stop     stop the processes this script started (by their PIDs)
#   scripts/flink.sh status   running or not (exit 0 / 3)
#
# Submit with: ./vigil submit --config=runner-configs/flink-cluster.args ...
# Environment: FLINK_REST_PORT (8081), FLINK_RPC_PORT (6123), FLINK_TM_RPC_PORT (6124: the first
#   TaskManager's; the next ones take the ports after it), FLINK_TASKMANAGERS (1), FLINK_SLOTS (2 per
#   TaskManager), FLINK_TASK_HEAP_MB (768: task heap of each TaskManager), FLINK_JM_HEAP (512m),
#   VIGIL_WORK (.work). The PID files (jobmanager.pid, taskmanager.pid, taskmanager-2.pid, ...) are in
#   $VIGIL_WORK/flink.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${VIGIL_WORK:-$ROOT/.work}/flink"
REST_PORT="${FLINK_REST_PORT:-8081}"
RPC_PORT="${FLINK_RPC_PORT:-6123}"
TM_RPC_PORT="${FLINK_TM_RPC_PORT:-6124}"
TASKMANAGERS="${FLINK_TASKMANAGERS:-1}"
[[ "$TASKMANAGERS" =~ ^[1-9][0-9]*$ ]] || { echo "[flink] ERROR: FLINK_TASKMANAGERS must be a positive number, got '$TASKMANAGERS'" >&2; exit 1; }
SLOTS="${FLINK_SLOTS:-2}"
TASK_HEAP_MB="${FLINK_TASK_HEAP_MB:-768}"
TASK_HEAP="${TASK_HEAP_MB}m"
JM_HEAP="${FLINK_JM_HEAP:-512m}"
LIB="$WORK/lib"
CONF_DIR="$WORK/conf"

NAME=flink
# shellcheck source=scripts/server-lib.sh
source "$ROOT/scripts/server-lib.sh"
# shellcheck source=scripts/jvm-flags.sh
source "$ROOT/scripts/jvm-flags.sh"
mapfile -t OPENS < <(jdk17_opens "$ROOT")

# The server-lib globals for one of the processes: the JobManager, or TaskManager N (1, 2, ...).
jobmanager() { DISPLAY="Flink JobManager"; PIDFILE="$WORK/jobmanager.pid"; LOG="$WORK/logs/jobmanager.log"; PORT="$REST_PORT"; }
taskmanager() {
  local n="$1" suffix=""
  (( n > 1 )) && suffix="-$n"
  DISPLAY="Flink TaskManager $n"; PIDFILE="$WORK/taskmanager$suffix.pid"; LOG="$WORK/logs/taskmanager$suffix.log"
  PORT="$((TM_RPC_PORT + n - 1))"
}

write_config() {
  mkdir -p "$CONF_DIR" "$WORK/logs" "$WORK/tmp" "$WORK/checkpoints" "$WORK/savepoints"
  cat > "$CONF_DIR/flink-conf.yaml" <<CONF
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: $RPC_PORT
jobmanager.bind-host: 127.0.0.1
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $REST_PORT
taskmanager.host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
taskmanager.rpc.port: $TM_RPC_PORT
taskmanager.numberOfTaskSlots: $SLOTS
# Started without Flink's bash scripts, the TaskManager needs its memory spelled out (what
# BashJavaUtils would derive); the JVM flags below follow from it.
taskmanager.cpu.cores: $SLOTS
taskmanager.memory.framework.heap.size: 128m
taskmanager.memory.task.heap.size: $TASK_HEAP
taskmanager.memory.managed.size: 64m
taskmanager.memory.network.min: 64m
taskmanager.memory.network.max: 64m
taskmanager.memory.framework.off-heap.size: 128m
taskmanager.memory.task.off-heap.size: 128m
taskmanager.memory.jvm-metaspace.size: 256m
taskmanager.memory.jvm-overhead.min: 192m
taskmanager.memory.jvm-overhead.max: 192m
jobmanager.memory.process.size: 1024m
parallelism.default: $SLOTS
# With several TaskManagers, a job's slots are spread over them (as on a real cluster) instead of
# filling the first one.
cluster.evenly-spread-out-slots: true
io.tmp.dirs: $WORK/tmp
state.checkpoints.dir: file://$WORK/checkpoints
state.savepoints.dir: file://$WORK/savepoints
state.checkpoints.num-retained: 3
# TensorFlow Java lives in the cluster's lib: load it parent-first so its native library is
# loaded once per TaskManager JVM rather than once per job classloader.
classloader.parent-first-patterns.additional: org.tensorflow.;org.bytedeco.;com.google.protobuf.
CONF
}

start_jobmanager() {
  jobmanager
  if pid="$(running_pid)"; then say "JobManager already running (pid $pid)"; return 0; fi
  require_free_ports "FLINK_REST_PORT/FLINK_RPC_PORT" "$REST_PORT" "$RPC_PORT"
  say "starting the JobManager (REST on 127.0.0.1:$REST_PORT, logs $LOG)"
  launch_and_wait "Rest endpoint listening at" 90 java "-Xmx$JM_HEAP" -Dorg.bytedeco.javacpp.cachedir="$ROOT/.cache/javacpp" \
    -cp "$LIB/*" org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$CONF_DIR"
}

start_taskmanager() {
  taskmanager "$1"
  if pid="$(running_pid)"; then say "$DISPLAY already running (pid $pid)"; return 0; fi
  require_free_ports "FLINK_TM_RPC_PORT" "$PORT"
  say "starting $DISPLAY ($SLOTS slots, task heap $TASK_HEAP, RPC port $PORT, logs $LOG)"
  # Heap = framework + task heap; direct memory = framework + task off-heap + network.
  launch_and_wait "Successful registration at resource manager" 90 java "-Xmx$((TASK_HEAP_MB + 128))m" \
    "-Xms$((TASK_HEAP_MB + 128))m" -XX:MaxDirectMemorySize=320m -XX:MaxMetaspaceSize=256m \
    -Dorg.bytedeco.javacpp.cachedir="$ROOT/.cache/javacpp" \
    "${OPENS[@]}" \
    -cp "$LIB/*" org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$CONF_DIR" \
    "-Dtaskmanager.rpc.port=$PORT"
}

case "${1:-}" in
  start)
    [[ "$(java_major)" -ge 11 ]] || die "Flink 1.19 needs Java 11 or newer, found: $(java_version_line)"
    install_jars "$ROOT/scripts/servers/flink-pom.xml" "Flink 1.19 cluster jars"
    write_config
    start_jobmanager
    for ((n = 1; n <= TASKMANAGERS; n++)); do start_taskmanager "$n"; done
    say "session cluster up: REST API http://127.0.0.1:$REST_PORT (e.g. /overview, /jobs)" ;;
  stop)
    # Every TaskManager with a PID file, also those of a start with more TaskManagers than now.
    for f in "$WORK"/taskmanager*.pid; do
      [[ -e "$f" ]] || continue
      n="${f##*/taskmanager}"; n="${n%.pid}"; n="${n#-}"
      taskmanager "${n:-1}"; stop_server 30 60 "$PORT"
    done
    jobmanager; stop_server 30 60 "$REST_PORT" "$RPC_PORT" ;;
  status)
    rc=0
    jobmanager; status_server || rc=3
    for ((n = 1; n <= TASKMANAGERS; n++)); do taskmanager "$n"; status_server || rc=3; done
    exit $rc ;;
  *) echo "usage: scripts/flink.sh start|stop|status" >&2; exit 2 ;;
esac
