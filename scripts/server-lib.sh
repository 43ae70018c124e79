# shellcheck shell=bash
# Shared lifecycle of the single-node servers Vigil runs from Maven Central jars, sourced by
# kafka.sh and cassandra.sh. The sourcing script sets NAME (log label), DISPLAY (server name in
# messages), ROOT, WORK, LIB, PIDFILE, LOG and PORT, and defines start().

say() { echo "[$NAME] $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

running_pid() {
  [[ -f "$PIDFILE" ]] || return 1
  local pid; pid="$(cat "$PIDFILE")"
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# Major version of the default java (sed, not head: head under pipefail can SIGPIPE the writer).
java_major() {
  command -v java >/dev/null || die "java not found: install JDK 17"
  java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | sed -n 1p
}

java_version_line() { java -version 2>&1 | sed -n 1p; }

random_password() { head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24; }

# make_tls_pair DIR ALIAS KEYSTORE_PASSWORD TRUSTSTORE_PASSWORD: a self-signed certificate for
# 127.0.0.1 and localhost in DIR/ALIAS.p12 (the server's key), its PEM in DIR/ALIAS.pem and a
# truststore holding it in DIR/truststore.p12 (the clients'); keytool's output in $WORK/logs.
make_tls_pair() {
  local dir="$1" alias="$2" ks="$3" ts="$4" log="$WORK/logs/keytool.log"
  mkdir -p "$WORK/logs"
  keytool -genkeypair -alias "$alias" -keyalg RSA -keysize 2048 -validity 3650 \
    -dname "CN=localhost, O=Vigil test $alias" -ext "SAN=ip:127.0.0.1,dns:localhost" \
    -keystore "$dir/$alias.p12" -storetype PKCS12 -storepass "$ks" -keypass "$ks" \
    >> "$log" 2>&1 || die "keytool could not make the $alias's key: see $log"
  keytool -exportcert -alias "$alias" -rfc -keystore "$dir/$alias.p12" -storepass "$ks" \
    -file "$dir/$alias.pem" >> "$log" 2>&1
  keytool -importcert -noprompt -alias "vigil-test-$alias" -file "$dir/$alias.pem" \
    -keystore "$dir/truststore.p12" -storetype PKCS12 -storepass "$ts" \
    >> "$log" 2>&1 || die "keytool could not make the truststore: see $log"
}

# require_free_ports HINT PORT...: fail when another process holds one of the ports.
require_free_ports() {
  local hint="$1"; shift
  for p in "$@"; do
    port_open "$p" && die "port $p on 127.0.0.1 is taken by another process: stop it or set $hint"
  done
  return 0
}

# install_jars POM WHAT: copy the runtime jars of POM into $LIB, again whenever POM changes.
install_jars() {
  if [[ -f "$LIB/.installed" && ! "$1" -nt "$LIB/.installed" ]]; then return; fi
  say "installing $2 from Maven Central into $LIB"
  rm -rf "$LIB"
  mkdir -p "$LIB"
  mvn -q -B -f "$1" dependency:copy-dependencies -DoutputDirectory="$LIB" -DincludeScope=runtime >&2 \
    || die "could not fetch the $2 with Maven"
  touch "$LIB/.installed"
}

# launch_and_wait READY_PATTERN TIMEOUT_S COMMAND...: start COMMAND in the background with its
# output in $LOG, record its PID, and wait until $PORT answers and READY_PATTERN is in the log.
launch_and_wait() {
  local ready="$1" timeout="$2"; shift 2
  nohup "$@" > "$LOG" 2>&1 < /dev/null &
  echo $! > "$PIDFILE"
  local started=$SECONDS
  while (( SECONDS - started < timeout )); do
    if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
      tail -30 "$LOG" >&2; rm -f "$PIDFILE"; die "$DISPLAY exited during startup (log above)"
    fi
    if port_open "$PORT" && grep -q "$ready" "$LOG"; then
      say "ready in $((SECONDS - started)) s (pid $(cat "$PIDFILE"))"
      return 0
    fi
    sleep 0.5
  done
  die "$DISPLAY did not become ready within $timeout s: see $LOG"
}

# stop_server KILL_AFTER_S PORTS_DEADLINE_S PORT...: end the recorded process (SIGTERM, SIGKILL
# after KILL_AFTER_S) and wait until the ports close.
stop_server() {
  local kill_after="$1" deadline="$2"; shift 2
  local pid
  if ! pid="$(running_pid)"; then say "not running"; rm -f "$PIDFILE"; return 0; fi
  say "stopping pid $pid"
  kill "$pid" 2>/dev/null || true
  local waited=$SECONDS
  while kill -0 "$pid" 2>/dev/null; do
    if (( SECONDS - waited > kill_after )); then
      say "still alive after $kill_after s: killing"; kill -9 "$pid" 2>/dev/null || true
    fi
    sleep 0.5
  done
  local p
  for p in "$@"; do
    while port_open "$p"; do
      (( SECONDS - waited > deadline )) && die "ports $* still open after stop"
      sleep 0.5
    done
  done
  rm -f "$PIDFILE"
  say "stopped"
}

status_server() {
  local pid
  if pid="$(running_pid)"; then say "running (pid $pid, 127.0.0.1:$PORT)"; return 0; fi
  say "stopped"; return 3
}

# dispatch COMMAND STOP_ARGS...: the start|stop|status entry point.
dispatch() {
  local command="${1:-}"; shift || true
  case "$command" in
    start)
      local pid
      if pid="$(running_pid)"; then say "already running (pid $pid, 127.0.0.1:$PORT)"; return 0; fi
      start ;;
    stop) stop_server "$@" ;;
    status) status_server ;;
    *) echo "usage: scripts/$NAME.sh start|stop|status" >&2; exit 2 ;;
  esac
}
