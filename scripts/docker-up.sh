#!/usr/bin/env bash
# Makes sure a Docker daemon is running on this machine: installs Debian's docker.io if there is
# no dockerd, starts dockerd if `docker info` cannot reach one, then waits until it answers.
# Idempotent and prompt-free; needs root (or a user that may run apt-get and dockerd).
set -euo pipefail

log() { printf '[docker-up] %s\n' "$*" >&2; }

if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
  log "installing docker.io from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq docker.io >/dev/null
fi

if docker info >/dev/null 2>&1; then
  log "daemon already running"
  exit 0
fi

log "starting dockerd (log: /var/log/dockerd.log)"
# setsid + nohup: the daemon must outlive this script and the shell that ran it.
setsid nohup dockerd --host unix:///var/run/docker.sock >/var/log/dockerd.log 2>&1 &

for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    log "daemon ready"
    exit 0
  fi
  sleep 1
done
log "dockerd did not answer within 60 s; last lines of /var/log/dockerd.log:"
tail -n 20 /var/log/dockerd.log >&2 || true
exit 1
