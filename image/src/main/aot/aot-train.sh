#!/bin/sh
# Makes the vitals-server image's two AOT caches (JEP 483/514/515, Java 25) by a training run:
#   /app/vitals-server.aot     the server's: `java @/app/jvm.options` (without its -XX:AOTCache line)
#                              started, asked as a user's probes and scrapers ask it, then stopped
#   /usr/local/lib/vitals.aot  the CLI's: one `vitals probe` call against that server, with the
#                              launcher's default options and /usr/local/lib/vitals.jvm.options
# A cache holds the classes the run loaded and linked (the JDK's too) and the JIT's method profiles,
# for this runtime, these jars and these JVM options only; a JVM that cannot use it says so in one
# line and starts without it. It runs inside the image's file layout: in the Maven build a container
# of the base image with the staged files mounted at their image paths (image/pom.xml), in the
# Dockerfile a RUN step. It is in the image as /app/aot-train.sh: an image derived from this one that
# replaces the jar or jvm.options runs it again (as root: RUN ["/app/aot-train.sh"]).
# The workload is loopback only (127.0.0.1:8001 and :8081 inside the container) and bounded.
set -eu

SERVER_CACHE=/app/vitals-server.aot
CLI_CACHE=/usr/local/lib/vitals.aot
work="$(mktemp -d)"
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
say() { echo "aot-train: $*"; }
fail() {
  say "$*" >&2
  for log in "$work"/*.log; do
    [ -f "$log" ] && { echo "--- $log" >&2; tail -n 30 "$log" >&2; }
  done
  exit 1
}

rm -f "$SERVER_CACHE" "$CLI_CACHE"
# A run writes a cache (-XX:AOTCacheOutput) and must not read one: the JVM takes only one of them.
grep -v -e '^-XX:AOTCache=' /app/jvm.options >"$work/server.options"
grep -v -e '^-XX:AOTCache=' /usr/local/lib/vitals.jvm.options >"$work/cli.options"
# The launcher's default JVM options (its `defaults=` line), as a probe in the image runs with them.
cli_defaults="$(sed -n 's/^defaults="\(.*\)"$/\1/p' /usr/local/bin/vitals)"
[ -n "$cli_defaults" ] || fail "no defaults= line in /usr/local/bin/vitals"

# The runtime's version from its release file (a `java -version` would cost a JVM start).
say "training the server (Java $(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' /opt/java/release))"
# No drain delay: the run ends as soon as the workload has. The cache is written as the JVM exits.
VITALS_DRAIN_DELAY=0s java @"$work/server.options" -XX:AOTCacheOutput="$SERVER_CACHE" \
  -cp /app/vitals-server.jar dev.vitals.server.Main --host 127.0.0.1 --http-host 127.0.0.1 \
  >"$work/server.log" 2>&1 &
server_pid=$!
# Ready when /readyz answers 200 (wget, no JVM); at most 300 s on a busy build machine.
tries=0
until wget -q -O /dev/null http://127.0.0.1:8081/readyz 2>/dev/null; do
  kill -0 "$server_pid" 2>/dev/null || fail "the training server exited before it was ready"
  tries=$((tries + 1))
  [ "$tries" -le 1500 ] || fail "the training server was not ready after 300 s"
  sleep 0.2
done

# The CLI's training run is one probe; beside it, the rest of a day's traffic for the server's cache:
# a Watch, a List (the CLI without a cache: the training run is writing it), and the HTTP probes,
# /health, /metrics and the page. Side by side, as each is a JVM start or a few milliseconds.
# Long timeouts: a slow start of a JVM on a busy build machine must not fail the build.
say "training the CLI (vitals probe) and, beside it, the server (Watch, List, HTTP)"
cli_opts="$cli_defaults @$work/cli.options"
JAVA_OPTS="$cli_opts -XX:AOTCacheOutput=$CLI_CACHE" \
  vitals probe -addr 127.0.0.1:8001 -connect-timeout 60s -rpc-timeout 60s >"$work/cli.log" 2>&1 &
cli_pid=$!
JAVA_OPTS="$cli_opts" vitals watch --addr 127.0.0.1:8001 --until SERVING \
  --timeout 60s --connect-timeout 60s >"$work/watch.log" 2>&1 &
watch_pid=$!
JAVA_OPTS="$cli_opts" vitals list --addr 127.0.0.1:8001 \
  --connect-timeout 60s >"$work/list.log" 2>&1 &
list_pid=$!
for round in 1 2 3; do
  for path in /livez /readyz /health /metrics /; do
    wget -q -O /dev/null "http://127.0.0.1:8081$path" || fail "GET $path failed (round $round)"
  done
done
wait "$cli_pid" || fail "the CLI's training probe failed"
wait "$watch_pid" || fail "vitals watch failed"
wait "$list_pid" || fail "vitals list failed"

say "stopping the server; the JVM writes its cache as it exits"
kill -TERM "$server_pid"
status=0
wait "$server_pid" || status=$?
server_pid=
[ "$status" -eq 0 ] || [ "$status" -eq 143 ] || fail "the training server exited with $status"
[ -s "$SERVER_CACHE" ] || fail "no server cache written ($SERVER_CACHE)"
[ -s "$CLI_CACHE" ] || fail "no CLI cache written ($CLI_CACHE)"
chmod 0644 "$SERVER_CACHE" "$CLI_CACHE"
say "$(ls -l "$SERVER_CACHE" | awk '{print $NF, $5}') bytes; $(ls -l "$CLI_CACHE" | awk '{print $NF, $5}') bytes"
