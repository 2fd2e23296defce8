#!/usr/bin/env bash
# Language-neutral cross-check of Check throughput and latency: h2load (Debian nghttp2-client)
# against vitals (grpc.health.v1 and the original /Health/check) and grpc-java's reference
# HealthStatusManager (default server builder, and tuned with directExecutor()).
#
# Each server runs alone in a fresh JVM pinned to one core, h2load pinned to the other; the
# implementations are interleaved over ROUNDS rounds and the script prints medians and ratios.
#
#   bench/h2load.sh                 # after ./mvnw -B -o package -pl bench -am -DskipTests
#   ROUNDS=5 DURATION=10 bench/h2load.sh
#
# Environment: ROUNDS (5), DURATION seconds per measurement (5), WARMUP seconds (3),
# CLIENTS (16), STREAMS per client (32), LATENCY_REQUESTS for the single-stream run (20000),
# SERVER_CPU (0), CLIENT_CPU (1), JAR (bench/target/benchmarks.jar), IMPLS (all four),
# JAVA_OPTS (-Xms512m -Xmx512m), PAIR ("A B": also print A/B per round and the median of those
# ratios, e.g. PAIR="vitals-metrics vitals-v1" IMPLS="vitals-v1 vitals-metrics" for the metrics'
# cost; vitals-metrics is vitals-v1 with its HTTP port and so its metrics on).
set -euo pipefail

cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-5}
WARMUP=${WARMUP:-3}
CLIENTS=${CLIENTS:-16}
STREAMS=${STREAMS:-32}
LATENCY_REQUESTS=${LATENCY_REQUESTS:-20000}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
JAR=${JAR:-bench/target/benchmarks.jar}
IMPLS=${IMPLS:-"vitals-v1 vitals-legacy reference-default reference-direct"}
JAVA_OPTS=${JAVA_OPTS:-"-Xms512m -Xmx512m"}
PAIR=${PAIR:-}

for tool in h2load taskset java; do
  command -v "$tool" >/dev/null || { echo "h2load.sh: $tool not found (apt-get install nghttp2-client util-linux)" >&2; exit 2; }
done
[[ -f $JAR ]] || { echo "h2load.sh: $JAR missing: run ./mvnw -B -o package -pl bench -am -DskipTests" >&2; exit 2; }

work=$(mktemp -d)
server_pid=
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# An empty request message: gRPC's 5-byte prefix (not compressed, length 0) and nothing else.
printf '\x00\x00\x00\x00\x00' > "$work/request"

path_of() {
  case $1 in
    vitals-legacy) echo /Health/check ;;
    *) echo /grpc.health.v1.Health/Check ;;
  esac
}

start_server() {
  local impl=$1
  # shellcheck disable=SC2086
  taskset -c "$SERVER_CPU" java $JAVA_OPTS -cp "$JAR" dev.vitals.bench.ServeMain "$impl" 0 \
    > "$work/server.out" 2> "$work/server.err" &
  server_pid=$!
  for _ in $(seq 1 600); do
    port=$(awk '/^port [0-9]+$/{print $2}' "$work/server.out" 2>/dev/null)
    [[ -n $port ]] && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "h2load.sh: $impl did not start:" >&2
  cat "$work/server.err" >&2
  exit 1
}

# The server process's user + system CPU time, in clock ticks: CPU per request is far less
# sensitive than req/s to other work stealing the server's core.
cpu_ticks() {
  awk '{print $14 + $15}' "/proc/$1/stat"
}

stop_server() {
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}

h2() {
  taskset -c "$CLIENT_CPU" h2load -H 'content-type: application/grpc' -H 'te: trailers' \
    -d "$work/request" "$@"
}

# Fails the run unless every request succeeded: a benchmark of errors is no benchmark. gRPC
# reports errors in trailers with HTTP 200, so also check the bodies: a SERVING answer is exactly
# 7 bytes of DATA (5-byte prefix, then 08 01), an error has none, and NOT_SERVING is 08 02 (also
# 7 bytes, but the servers here are SERVING and nothing changes them during the run). With -D,
# h2load's byte count includes the warm-up requests, so it can only be a lower bound there; the
# latency run (-n) checks it exactly.
check_all_succeeded() {
  local out=$1 mode=$2 succeeded data
  succeeded=$(awk '/^requests:/{print $8}' "$out")
  data=$(awk '/^traffic:/{for (i = 1; i <= NF; i++) if ($i == "data") { v = $(i-1); gsub(/[()]/, "", v); print v }}' "$out")
  if ! grep -Eq 'requests: .* succeeded, 0 failed, 0 errored, 0 timeout' "$out" \
      || [[ -z $succeeded || $(( data % 7 )) -ne 0 || $data -lt $(( succeeded * 7 )) ]] \
      || [[ $mode == exact && $data -ne $(( succeeded * 7 )) ]]; then
    echo "h2load.sh: some requests failed ($succeeded succeeded, $data DATA bytes):" >&2
    grep -E '^(requests|traffic|client could not connect)' "$out" >&2
    if kill -0 "$server_pid" 2>/dev/null; then
      echo "h2load.sh: the server (pid $server_pid) is still running" >&2
    else
      echo "h2load.sh: the server (pid $server_pid) has exited" >&2
    fi
    tail -20 "$work/server.err" >&2
    exit 1
  fi
}

for impl in $IMPLS; do : > "$work/rps.$impl"; : > "$work/lat.$impl"; : > "$work/cpu.$impl"; done

impls=($IMPLS)
for round in $(seq 1 "$ROUNDS"); do
  # Rotate the order each round so that no implementation always runs first or last.
  shift_by=$(( (round - 1) % ${#impls[@]} ))
  order=("${impls[@]:shift_by}" "${impls[@]:0:shift_by}")
  for impl in "${order[@]}"; do
    start_server "$impl"
    url="http://127.0.0.1:$port$(path_of "$impl")"
    h2 -c "$CLIENTS" -m "$STREAMS" -t 1 -D "$WARMUP" "$url" > "$work/h2load-warm.out" 2>&1
    check_all_succeeded "$work/h2load-warm.out" exact
    cpu_before=$(cpu_ticks "$server_pid")
    h2 -c "$CLIENTS" -m "$STREAMS" -t 1 -D "$DURATION" "$url" > "$work/h2load.out" 2>&1
    cpu_after=$(cpu_ticks "$server_pid")
    check_all_succeeded "$work/h2load.out" exact
    rps=$(awk '/^finished in/{gsub(",","",$4); print $4}' "$work/h2load.out")
    requests=$(awk '/^requests:/{print $2}' "$work/h2load.out")
    cpu_us=$(awk -v t=$(( cpu_after - cpu_before )) -v hz="$(getconf CLK_TCK)" -v n="$requests" \
      'BEGIN{ printf "%.2f", t * 1000000 / hz / n }')
    h2 -c 1 -m 1 -t 1 -n "$LATENCY_REQUESTS" "$url" > "$work/h2load-lat.out" 2>&1
    check_all_succeeded "$work/h2load-lat.out" exact
    # "time for request:  min  max  mean  sd  +/- sd": the mean, converted to microseconds.
    lat=$(awk '/^time for request:/{print $6}' "$work/h2load-lat.out")
    lat_us=$(awk -v v="$lat" 'BEGIN{
      if (v ~ /us$/) { sub(/us$/,"",v); print v+0 }
      else if (v ~ /ms$/) { sub(/ms$/,"",v); print v*1000 }
      else { sub(/s$/,"",v); print v*1000000 } }')
    echo "$rps" >> "$work/rps.$impl"
    echo "$lat_us" >> "$work/lat.$impl"
    echo "$cpu_us" >> "$work/cpu.$impl"
    stop_server
    printf 'round %d  %-18s %10.0f req/s  %6.2f us server CPU/req  %7.1f us single-stream mean\n' \
      "$round" "$impl" "$rps" "$cpu_us" "$lat_us"
  done
done

median() { sort -g "$1" | awk '{a[NR]=$1} END{ if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2 }'; }

echo
echo "medians over $ROUNDS rounds (h2load -c $CLIENTS -m $STREAMS -D $DURATION; latency: -c 1 -m 1 -n $LATENCY_REQUESTS)"
printf '%-18s %10s %8s %10s %9s | %-30s\n' impl 'req/s' 'CPU us' 'latency us' '' 'ratios to reference-direct (reference-default)'
for impl in $IMPLS; do
  for m in rps cpu lat; do median "$work/$m.$impl" > "$work/$m.median.$impl"; done
done
ref() { cat "$work/$1.median.$2" 2>/dev/null || echo 0; }
for impl in $IMPLS; do
  awk -v i="$impl" -v r="$(ref rps "$impl")" -v c="$(ref cpu "$impl")" -v l="$(ref lat "$impl")" \
      -v rd="$(ref rps reference-direct)" -v rf="$(ref rps reference-default)" \
      -v cd="$(ref cpu reference-direct)" -v cf="$(ref cpu reference-default)" \
      -v ld="$(ref lat reference-direct)" -v lf="$(ref lat reference-default)" '
    function ratio(a, b) { return b > 0 ? sprintf("%.2f", a / b) : "-" }
    BEGIN {
      printf "%-18s %10.0f %8.2f %10.1f %9s | req/s %s (%s)  CPU %s (%s)  latency %s (%s)\n",
        i, r, c, l, "", ratio(r, rd), ratio(r, rf), ratio(c, cd), ratio(c, cf), ratio(l, ld), ratio(l, lf)
    }'
done

if [[ -n $PAIR ]]; then
  read -r a b <<< "$PAIR"
  echo
  echo "$a / $b per round (req/s ratio, server CPU per request ratio):"
  paste "$work/rps.$a" "$work/rps.$b" "$work/cpu.$a" "$work/cpu.$b" \
    | awk -v r="$work/pair.rps" -v c="$work/pair.cpu" '{
        printf "round %d  req/s %.3f  CPU/req %.3f\n", NR, $1 / $2, $3 / $4
        print $1 / $2 > r; print $3 / $4 > c }'
  printf 'median of the per-round ratios: req/s %.3f  CPU/req %.3f\n' \
    "$(median "$work/pair.rps")" "$(median "$work/pair.cpu")"
fi
