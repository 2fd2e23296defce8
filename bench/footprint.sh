#!/usr/bin/env bash
# Footprint, side by side in one run: vitals (on JDK 17, and on JDK 25 when it is installed: as the
# image runs it, with its AOT cache, and without parts of it), grpc-java's HealthStatusManager with
# directExecutor() (the bench module's reference-direct), grpc-go's own health server, and one
# `vitals probe` call against a minimal Go probe; with IMAGES, the same for images in containers.
#
# Per server and round (the servers interleaved, their order rotated each round):
#   start      process start -> first SERVING answer to a grpc.health.v1 Check (bench/go startclock)
#   start CPU  user + system CPU the server used up to 1 s after that answer
#   idle RSS   VmRSS 1 s after the first SERVING answer
#   load RSS   VmRSS after a bounded h2load run of Check (CLIENTS x STREAMS, H2LOAD_REQUESTS)
# Then, per round, against grpc-go's health server: PROBE_RUNS calls of each probe, interleaved,
# wall and CPU (user + system) of each call from bash's `time`; in the full mode hyperfine
# cross-checks the probes once more at the end.
#
#   bench/footprint.sh            # after ./mvnw -B -o package -pl server,cli,bench -am -DskipTests -Djib.skip=true
#   bench/footprint.sh --smoke    # one round at tiny sizes: checks that every part works (CI)
#   ROUNDS=7 bench/footprint.sh > bench/results/DATE/footprint.txt
#
# Environment: ROUNDS (5), PROBE_RUNS per round (5), H2LOAD_REQUESTS (200000), CLIENTS (16),
# STREAMS (32), SERVERS (all that can run: vitals-17-baseline vitals-17 vitals-25 vitals-25-aot
# vitals-25-aot-nocoh hsm-direct go-health), PROBES (vitals-17-baseline vitals-17 vitals-17-appcds
# vitals-25 vitals-25-aot go), JAVA17 (java on PATH), JAVA25
# (/usr/lib/jvm/temurin-25-jdk-amd64/bin/java), IMAGES (built vitals-server images, space-separated:
# each is started per round in a container, its start, CPU and RSS measured from the host, and
# `vitals probe` run inside it with docker exec; their sizes are reported).
# The JDK 25 columns use the image's own option files (image/src/main/jvm): vitals-25 without the
# AOT cache line, vitals-25-aot with a cache from a training run here (the image's settings),
# vitals-25-aot-nocoh the same without compact object headers; vitals-17 the file without the
# lines JDK 17 does not know.
# The Go programs are built from bench/go with Debian's golang-go and golang-google-grpc-dev
# (a GOPATH build, GO111MODULE=off: nothing is downloaded); the script says what to install.
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=false
for arg in "$@"; do
  case $arg in
    --smoke) smoke=true ;;
    -h | --help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "footprint.sh: unknown argument $arg (expected --smoke)" >&2; exit 2 ;;
  esac
done
if $smoke; then
  ROUNDS=${ROUNDS:-1}
  PROBE_RUNS=${PROBE_RUNS:-2}
  H2LOAD_REQUESTS=${H2LOAD_REQUESTS:-2000}
else
  ROUNDS=${ROUNDS:-5}
  PROBE_RUNS=${PROBE_RUNS:-5}
  H2LOAD_REQUESTS=${H2LOAD_REQUESTS:-200000}
fi
CLIENTS=${CLIENTS:-16}
STREAMS=${STREAMS:-32}
JAVA17=${JAVA17:-java}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
SERVER_JAR=server/target/vitals-server.jar
CLI_JAR=cli/target/vitals.jar
BENCH_JAR=bench/target/benchmarks.jar
LAUNCHER=cli/src/main/scripts/vitals
# The CLI launcher's default JVM options, and those it had before the footprint work.
CLI_OPTIONS=$(sed -n 's/^defaults="\(.*\)"$/\1/p' "$LAUNCHER")
BASELINE_CLI_OPTIONS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto"
# The server's JVM options as the image runs them, the CLI's extra options in the image, and the
# image's options before the footprint work (vitals-17-baseline).
OPTIONS_FILE=image/src/main/jvm/jvm.options
CLI_OPTIONS_FILE=image/src/main/jvm/vitals.jvm.options
BASELINE_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"

fail() { echo "footprint.sh: $*" >&2; exit 1; }

for tool in h2load go; do
  command -v "$tool" >/dev/null \
    || fail "$tool not found: apt-get install nghttp2-client golang-go golang-google-grpc-dev"
done
[[ -d /usr/share/gocode/src/google.golang.org/grpc/health ]] \
  || fail "grpc-go sources not found: apt-get install golang-google-grpc-dev"
"$JAVA17" -version 2>&1 | grep -q 'version "17' || fail "$JAVA17 is not a JDK 17 (set JAVA17)"
for jar in "$SERVER_JAR" "$CLI_JAR" "$BENCH_JAR"; do
  [[ -f $jar ]] || fail "$jar missing: ./mvnw -B -o package -pl server,cli,bench -am -DskipTests -Djib.skip=true"
done
have25=false
[[ -x $JAVA25 ]] && "$JAVA25" -version 2>&1 | grep -q 'version "25' && have25=true
default_servers="vitals-17-baseline vitals-17"
default_probes="vitals-17-baseline vitals-17 vitals-17-appcds"
if $have25; then
  default_servers+=" vitals-25 vitals-25-aot vitals-25-aot-nocoh"
  default_probes+=" vitals-25 vitals-25-aot"
fi
SERVERS=${SERVERS:-"$default_servers hsm-direct go-health"}
PROBES=${PROBES:-"$default_probes go"}
for name in $SERVERS $PROBES; do
  [[ $name != *-25* ]] || $have25 || fail "$name needs JDK 25 at $JAVA25 (set JAVA25)"
done

work=$(mktemp -d)
server_pid=
container_id=
cleanup() {
  if [[ -n $container_id ]]; then docker rm -f "$container_id" >/dev/null 2>&1 || true; fi
  if [[ -n $server_pid ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# The option files of each column, from the image's own (see the header).
grep -v -e '^-XX:AOTCache=' -e '^-XX:+UseCompactObjectHeaders' -e '^--sun-misc-unsafe-memory-access' \
  -e '^--enable-native-access' "$OPTIONS_FILE" >"$work/server-17.options"
grep -v -e '^-XX:AOTCache=' "$OPTIONS_FILE" >"$work/server-25.options"
grep -v -e '^-XX:+UseCompactObjectHeaders' "$work/server-25.options" >"$work/server-25-nocoh.options"
sed "s|^-XX:AOTCache=.*|-XX:AOTCache=$work/server.aot|" "$OPTIONS_FILE" >"$work/server-25-aot.options"
grep -v -e '^-XX:+UseCompactObjectHeaders' "$OPTIONS_FILE" \
  | sed "s|^-XX:AOTCache=.*|-XX:AOTCache=$work/server-nocoh.aot|" >"$work/server-25-aot-nocoh.options"
grep -v -e '^-XX:AOTCache=' "$CLI_OPTIONS_FILE" >"$work/cli-25.options"
sed "s|^-XX:AOTCache=.*|-XX:AOTCache=$work/cli.aot|" "$CLI_OPTIONS_FILE" >"$work/cli-25-aot.options"

echo "== building the Go programs (GOPATH, GO111MODULE=off) into bench/target/go"
gobin=bench/target/go/bin
mkdir -p "$gobin"
for cmd in healthserver healthprobe startclock; do
  GO111MODULE=off GOPATH="$PWD/bench/go:/usr/share/gocode" GOFLAGS= GOCACHE="$PWD/bench/target/go/cache" \
    go build -o "$gobin/$cmd" "vitalsbench/$cmd" || fail "go build $cmd failed"
done

# A loopback port that nothing listens on.
free_port() {
  local port
  for port in $(shuf -i 20000-29999 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  fail "no free port"
}

# server_command NAME PORT: the command line that runs server NAME on 127.0.0.1:PORT.
server_command() {
  local vitals_args="-cp $SERVER_JAR dev.vitals.server.Main --host 127.0.0.1 --port $2 --http-host 127.0.0.1 --http-port 0"
  case $1 in
    vitals-17-baseline) echo "$JAVA17 $BASELINE_OPTIONS $vitals_args" ;;
    vitals-17) echo "$JAVA17 @$work/server-17.options $vitals_args" ;;
    vitals-25) echo "$JAVA25 @$work/server-25.options $vitals_args" ;;
    vitals-25-aot) echo "$JAVA25 @$work/server-25-aot.options $vitals_args" ;;
    vitals-25-aot-nocoh) echo "$JAVA25 @$work/server-25-aot-nocoh.options $vitals_args" ;;
    hsm-direct) echo "$JAVA17 -cp $BENCH_JAR dev.vitals.bench.ServeMain reference-direct $2" ;;
    go-health) echo "$gobin/healthserver $2" ;;
    *) fail "unknown server $1" ;;
  esac
}

# probe_command NAME PORT: one probe call against 127.0.0.1:PORT. The vitals probes run java as the
# launcher (cli/src/main/scripts/vitals) does, with its default options. Long timeouts: a loaded
# machine must not turn a slow start into a failed run (a real probe keeps the 1 s defaults).
probe_command() {
  local args="-jar $CLI_JAR probe -addr 127.0.0.1:$2 -connect-timeout 20s -rpc-timeout 20s"
  case $1 in
    vitals-17-baseline) echo "$JAVA17 $BASELINE_CLI_OPTIONS $args" ;;
    vitals-17) echo "$JAVA17 $CLI_OPTIONS $args" ;;
    vitals-17-appcds) echo "$JAVA17 $CLI_OPTIONS -XX:SharedArchiveFile=$work/cli.jsa $args" ;;
    vitals-25) echo "$JAVA25 $CLI_OPTIONS @$work/cli-25.options $args" ;;
    vitals-25-aot) echo "$JAVA25 $CLI_OPTIONS @$work/cli-25-aot.options $args" ;;
    go) echo "$gobin/healthprobe -addr 127.0.0.1:$2 -connect-timeout 20s -rpc-timeout 20s" ;;
    *) fail "unknown probe $1" ;;
  esac
}

rss_kb() { awk '/^VmRSS:/{print $2}' "/proc/$1/status"; }
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.0f", ($14 + $15) * 1000 / hz}' "/proc/$1/stat"; }

# start_server NAME: starts it and waits for its first SERVING answer; sets server_pid, port, and
# start_ms (process start to that answer).
start_server() {
  local name=$1 cmd t0 out
  port=$(free_port)
  cmd=$(server_command "$name" "$port")
  t0=$(date +%s%N)
  # shellcheck disable=SC2086
  $cmd >"$work/server.out" 2>"$work/server.err" &
  server_pid=$!
  if ! out=$("$gobin/startclock" -addr "127.0.0.1:$port" -since "$t0" -timeout 120s); then
    tail -n 20 "$work/server.err" >&2
    fail "$name did not answer SERVING ($cmd)"
  fi
  start_ms=$(awk '{print $2}' <<<"$out")
}

stop_server() {
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}

# Fails unless every request of the h2load run succeeded with a SERVING answer (7 DATA bytes).
h2load_checked() {
  local url=$1 out="$work/h2load.out" succeeded data
  printf '\x00\x00\x00\x00\x00' >"$work/request"
  h2load -H 'content-type: application/grpc' -H 'te: trailers' -d "$work/request" \
    -c "$CLIENTS" -m "$STREAMS" -t 1 -n "$H2LOAD_REQUESTS" "$url" >"$out" 2>&1 || true
  succeeded=$(awk '/^requests:/{print $8}' "$out")
  data=$(awk '/^traffic:/{for (i = 1; i <= NF; i++) if ($i == "data") { v = $(i-1); gsub(/[()]/, "", v); print v }}' "$out")
  if ! grep -Eq 'requests: .* succeeded, 0 failed, 0 errored, 0 timeout' "$out" \
      || [[ -z $succeeded || $succeeded -ne $H2LOAD_REQUESTS || $data -ne $((succeeded * 7)) ]]; then
    grep -E '^(requests|traffic|client could not connect)' "$out" >&2 || cat "$out" >&2
    fail "h2load: not every Check answered SERVING ($url)"
  fi
  awk '/^finished in/{gsub(",", "", $4); printf "%.0f", $4}' "$out"
}

median_range() {
  sort -g "$1" | awk '{a[NR] = $1} END {
    if (NR == 0) { print "-"; exit }
    m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
    printf "%.6g (%.6g-%.6g)", m, a[1], a[NR] }'
}

echo "== conditions"
echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "other processes using CPU now: $(ps -eo pcpu= | awk '$1 > 5' | wc -l) (over 5% each)"
echo "JDK 17: $("$JAVA17" -version 2>&1 | head -n 1)"
$have25 && echo "JDK 25: $("$JAVA25" -version 2>&1 | head -n 1)"
echo "go: $(go version | cut -d' ' -f3); grpc-go: $(dpkg-query -W -f '${Version}' golang-google-grpc-dev 2>/dev/null || echo '?')"
options() { grep -v '^[[:space:]]*\(#\|$\)' "$1" | tr '\n' ' ' | sed "s|$work/||g"; }
echo "server options (image/src/main/jvm/jvm.options): $(options "$OPTIONS_FILE")"
echo "  vitals-17: $(options "$work/server-17.options")"
echo "  vitals-25: $(options "$work/server-25.options")"
echo "  vitals-25-aot: $(options "$work/server-25-aot.options")"
echo "  vitals-25-aot-nocoh: $(options "$work/server-25-aot-nocoh.options")"
echo "baseline options: $BASELINE_OPTIONS"
echo "CLI launcher default options: $CLI_OPTIONS (baseline: $BASELINE_CLI_OPTIONS)"
echo "  probe vitals-25: + $(options "$work/cli-25.options"); vitals-25-aot: + $(options "$work/cli-25-aot.options")"
echo "AOT caches (-aot): a training run each, below; vitals-17-appcds: -XX:SharedArchiveFile (a dynamic archive from one probe run)"
echo "rounds $ROUNDS; h2load -c $CLIENTS -m $STREAMS -n $H2LOAD_REQUESTS; probe runs per round $PROBE_RUNS"
echo "servers: $SERVERS; probes: $PROBES"

servers=($SERVERS)
probes=($PROBES)
wanted() { [[ " $SERVERS $PROBES " == *" $1 "* ]]; }

# Training runs, once, from the jars under test: the JDK 17 CLI archive and the JDK 25 AOT caches.
if wanted vitals-17-appcds || wanted vitals-25-aot || wanted vitals-25-aot-nocoh; then
  echo "== training runs"
  port=$(free_port)
  "$gobin/healthserver" "$port" >"$work/train-server.out" 2>&1 &
  server_pid=$!
  "$gobin/startclock" -addr "127.0.0.1:$port" -since "$(date +%s%N)" >/dev/null
  args="-jar $CLI_JAR probe -addr 127.0.0.1:$port -connect-timeout 20s -rpc-timeout 20s"
  if wanted vitals-17-appcds; then
    # shellcheck disable=SC2086
    $JAVA17 $CLI_OPTIONS -XX:ArchiveClassesAtExit="$work/cli.jsa" $args >"$work/train.out" 2>&1 || true
    [[ -s $work/cli.jsa ]] || { cat "$work/train.out" >&2; fail "no CLI archive from the JDK 17 training run"; }
  fi
  if wanted vitals-25-aot; then
    # shellcheck disable=SC2086
    $JAVA25 $CLI_OPTIONS @"$work/cli-25.options" -XX:AOTCacheOutput="$work/cli.aot" $args >"$work/train.out" 2>&1 || true
    [[ -s $work/cli.aot ]] || { cat "$work/train.out" >&2; fail "no CLI AOT cache from the JDK 25 training run"; }
  fi
  stop_server
  # The server's training runs (with and without compact object headers): start, a few Checks, a
  # short load, then SIGTERM (the cache is written as the JVM exits).
  for variant in aot aot-nocoh; do
    wanted "vitals-25-$variant" || continue
    if [[ $variant == aot ]]; then opts_file="$work/server-25.options" cache="$work/server.aot"
    else opts_file="$work/server-25-nocoh.options" cache="$work/server-nocoh.aot"; fi
    port=$(free_port)
    $JAVA25 @"$opts_file" -XX:AOTCacheOutput="$cache" -cp "$SERVER_JAR" \
      dev.vitals.server.Main --host 127.0.0.1 --port "$port" --http-host 127.0.0.1 --http-port 0 \
      --drain-delay 0s >"$work/train.out" 2>&1 &
    server_pid=$!
    "$gobin/startclock" -addr "127.0.0.1:$port" -since "$(date +%s%N)" >/dev/null \
      || { cat "$work/train.out" >&2; fail "the JDK 25 training server ($variant) did not start"; }
    saved=$H2LOAD_REQUESTS
    H2LOAD_REQUESTS=2000
    h2load_checked "http://127.0.0.1:$port/grpc.health.v1.Health/Check" >/dev/null
    H2LOAD_REQUESTS=$saved
    stop_server
    [[ -s $cache ]] || { cat "$work/train.out" >&2; fail "no server AOT cache from the JDK 25 training run ($variant)"; }
  done
  ls -l "$work"/*.jsa "$work"/*.aot 2>/dev/null | awk '{printf "  %s %.1f MB\n", $NF, $5 / 1e6}' | sed "s|$work/||"
fi
# image_round LABEL IMAGE: IMAGE started once in a container (no memory limit, as the host's
# servers): start -> first SERVING counted from `docker start` (Docker's own start included), CPU
# to start and RSS of its java process read from the host's /proc, RSS after the h2load run (to the
# container's address, not through Docker's port proxy), then PROBE_RUNS `vitals probe` calls inside
# it (docker exec; wall and CPU of the JVM from the container's own `time`).
image_round() {
  local label=$1 image=$2 id ip t0 out pid idle cpu rps loaded run times
  id=$(docker create --pull never "$image")
  container_id=$id
  t0=$(date +%s%N)
  docker start "$id" >/dev/null
  ip=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$id")
  if ! out=$("$gobin/startclock" -addr "$ip:8001" -since "$t0" -timeout 120s); then
    docker logs "$id" 2>&1 | tail -n 20 >&2
    fail "$image did not answer SERVING"
  fi
  pid=$(docker inspect -f '{{.State.Pid}}' "$id")
  sleep 1
  idle=$(rss_kb "$pid")
  cpu=$(cpu_ms "$pid")
  rps=$(h2load_checked "http://$ip:8001/grpc.health.v1.Health/Check")
  loaded=$(rss_kb "$pid")
  awk '{print $2}' <<<"$out" >>"$work/start.$label"
  echo "$cpu" >>"$work/cpu.$label"
  echo "$((idle / 1024))" >>"$work/idle.$label"
  echo "$((loaded / 1024))" >>"$work/load.$label"
  echo "$rps" >>"$work/rps.$label"
  printf '%-20s start %7.1f ms  start CPU %5d ms  idle RSS %4d MB  load RSS %4d MB  h2load %7d req/s\n' \
    "$label" "$(awk '{print $2}' <<<"$out")" "$cpu" $((idle / 1024)) $((loaded / 1024)) "$rps"
  for run in $(seq 1 "$PROBE_RUNS"); do
    times=$(docker exec "$id" sh -c 'time -p vitals probe -addr 127.0.0.1:8001 -connect-timeout 20s -rpc-timeout 20s' 2>&1) \
      || { echo "$times" >&2; fail "probe in $image failed"; }
    grep -q 'status: SERVING' <<<"$times" || { echo "$times" >&2; fail "probe in $image: no SERVING answer"; }
    awk '/^real/{printf "%.0f\n", $2 * 1000}' <<<"$times" >>"$work/pwall.$label"
    awk '/^user/{u = $2} /^sys/{s = $2} END {printf "%.0f\n", (u + s) * 1000}' <<<"$times" >>"$work/pcpu.$label"
    printf 'probe %-10s run %d  wall %5.0f ms  CPU %5.0f ms\n' "$label" "$run" \
      "$(tail -n 1 "$work/pwall.$label")" "$(tail -n 1 "$work/pcpu.$label")"
  done
  docker rm -f "$id" >/dev/null
  container_id=
}
images=(${IMAGES:-})
if [[ ${#images[@]} -gt 0 ]]; then
  echo "== images"
  for i in "${!images[@]}"; do
    echo "image-$((i + 1)): ${images[$i]} ($(docker image inspect -f '{{.Size}}' "${images[$i]}" | awk '{printf "%.1f MB", $1 / 1e6}'); $(docker run --rm --entrypoint java "${images[$i]}" -version 2>&1 | head -n 1))"
  done
fi

for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round"
  for i in "${!images[@]}"; do
    # Rotated like the servers: image i+round first.
    j=$(((i + round) % ${#images[@]}))
    image_round "image-$((j + 1))" "${images[$j]}"
  done
  # Only images (SERVERS=" "): no server to rotate.
  shift_by=0
  [[ ${#servers[@]} -eq 0 ]] || shift_by=$(((round - 1) % ${#servers[@]}))
  for name in "${servers[@]:shift_by}" "${servers[@]:0:shift_by}"; do
    start_server "$name"
    # Idle means 1 s after the first answer (a measurement interval, not a synchronisation).
    sleep 1
    idle=$(rss_kb "$server_pid")
    cpu=$(cpu_ms "$server_pid")
    rps=$(h2load_checked "http://127.0.0.1:$port/grpc.health.v1.Health/Check")
    loaded=$(rss_kb "$server_pid")
    stop_server
    echo "$start_ms" >>"$work/start.$name"
    echo "$cpu" >>"$work/cpu.$name"
    echo "$((idle / 1024))" >>"$work/idle.$name"
    echo "$((loaded / 1024))" >>"$work/load.$name"
    echo "$rps" >>"$work/rps.$name"
    printf '%-20s start %7.1f ms  start CPU %5d ms  idle RSS %4d MB  load RSS %4d MB  h2load %7d req/s\n' \
      "$name" "$start_ms" "$cpu" $((idle / 1024)) $((loaded / 1024)) "$rps"
  done
  probe_port=$(free_port)
  "$gobin/healthserver" "$probe_port" >"$work/probe-server.out" 2>&1 &
  server_pid=$!
  "$gobin/startclock" -addr "127.0.0.1:$probe_port" -since "$(date +%s%N)" >/dev/null
  for run in $(seq 1 "$PROBE_RUNS"); do
    for name in "${probes[@]}"; do
      cmd=$(probe_command "$name" "$probe_port")
      TIMEFORMAT='%R %U %S'
      # shellcheck disable=SC2086
      { time $cmd >"$work/probe.out" 2>&1; } 2>"$work/time.out" || true
      grep -q 'status: SERVING' "$work/probe.out" || { cat "$work/probe.out" >&2; fail "probe $name: no SERVING answer ($cmd)"; }
      read -r wall user sys <"$work/time.out"
      awk -v w="$wall" 'BEGIN{printf "%.0f\n", w * 1000}' >>"$work/pwall.$name"
      awk -v u="$user" -v s="$sys" 'BEGIN{printf "%.0f\n", (u + s) * 1000}' >>"$work/pcpu.$name"
      printf 'probe %-10s run %d  wall %5.0f ms  CPU %5.0f ms\n' "$name" "$run" \
        "$(tail -n 1 "$work/pwall.$name")" "$(tail -n 1 "$work/pcpu.$name")"
    done
  done
  stop_server
done

echo
echo "== medians (min-max) over $ROUNDS rounds"
printf '%-20s | %-22s | %-20s | %-18s | %-18s | %-24s\n' server 'start -> SERVING ms' 'start CPU ms' 'idle RSS MB' 'load RSS MB' 'h2load req/s'
for name in "${servers[@]}"; do
  printf '%-20s | %-22s | %-20s | %-18s | %-18s | %-24s\n' "$name" \
    "$(median_range "$work/start.$name")" "$(median_range "$work/cpu.$name")" \
    "$(median_range "$work/idle.$name")" "$(median_range "$work/load.$name")" \
    "$(median_range "$work/rps.$name")"
done
echo
printf '%-20s | %-22s | %-22s\n' probe 'wall ms' 'CPU ms (user+sys)'
for name in "${probes[@]}"; do
  printf '%-20s | %-22s | %-22s\n' "$name" "$(median_range "$work/pwall.$name")" "$(median_range "$work/pcpu.$name")"
done
if [[ ${#images[@]} -gt 0 ]]; then
  echo
  printf '%-20s | %-22s | %-20s | %-18s | %-18s | %-24s\n' image 'start -> SERVING ms' 'start CPU ms' 'idle RSS MB' 'load RSS MB' 'h2load req/s'
  for i in "${!images[@]}"; do
    label="image-$((i + 1))"
    printf '%-20s | %-22s | %-20s | %-18s | %-18s | %-24s\n' "$label" \
      "$(median_range "$work/start.$label")" "$(median_range "$work/cpu.$label")" \
      "$(median_range "$work/idle.$label")" "$(median_range "$work/load.$label")" \
      "$(median_range "$work/rps.$label")"
  done
  printf '%-20s | %-22s | %-22s\n' 'probe in the image' 'wall ms' 'CPU ms (user+sys)'
  for i in "${!images[@]}"; do
    label="image-$((i + 1))"
    printf '%-20s | %-22s | %-22s\n' "$label" "$(median_range "$work/pwall.$label")" "$(median_range "$work/pcpu.$label")"
  done
  for i in "${!images[@]}"; do
    echo "image-$((i + 1)) ${images[$i]}: $(docker image inspect -f '{{.Size}}' "${images[$i]}" | awk '{printf "%.1f MB", $1 / 1e6}')"
  done
fi

if ! $smoke && [[ ${#probes[@]} -gt 0 ]] && command -v hyperfine >/dev/null; then
  echo
  echo "== hyperfine cross-check of the probes (against grpc-go's health server)"
  probe_port=$(free_port)
  "$gobin/healthserver" "$probe_port" >"$work/probe-server.out" 2>&1 &
  server_pid=$!
  "$gobin/startclock" -addr "127.0.0.1:$probe_port" -since "$(date +%s%N)" >/dev/null
  hyperfine_args=()
  for name in "${probes[@]}"; do hyperfine_args+=(-n "$name" "$(probe_command "$name" "$probe_port")"); done
  hyperfine -N --style basic --warmup 2 --runs $((PROBE_RUNS * 2)) "${hyperfine_args[@]}"
  stop_server
fi
