#!/usr/bin/env bash
# Installs both Docker Compose flavours the project supports, idempotently and prompt-free:
#   v1 `docker-compose` (Debian 12's python package, 1.29), and
#   v2 `docker compose` (the CLI plugin, taken from Debian 13's docker-compose package: Debian 12 has
#   no v2). The Debian 13 list is read into a private apt state directory: the system's apt sources
#   and lists are not touched, and nothing but that one .deb comes from it.
set -euo pipefail

PLUGIN_DIR=/usr/local/lib/docker/cli-plugins
log() { printf '[compose-install] %s\n' "$*" >&2; }

if command -v docker-compose >/dev/null 2>&1 && docker-compose version >/dev/null 2>&1; then
  log "v1 present: $(docker-compose version --short 2>/dev/null || true)"
else
  log "installing docker-compose (v1) from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq docker-compose >/dev/null
fi

if docker compose version >/dev/null 2>&1; then
  log "v2 present: $(docker compose version --short)"
  exit 0
fi

log "fetching the v2 compose plugin from Debian 13 (trixie)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/archives/partial" "$work/parts"
echo "deb http://deb.debian.org/debian trixie main" >"$work/trixie.list"
apt_opts=(
  -o "Dir::Etc::SourceList=$work/trixie.list"
  -o "Dir::Etc::SourceParts=$work/parts"
  -o "Dir::State::Lists=$work/lists"
  -o "Dir::Cache::Archives=$work/archives"
  -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache="
  -o "APT::Get::List-Cleanup=false"
  -o "APT::Sandbox::User=root"  # the private dirs are root-only; no _apt sandbox warnings
)
apt-get "${apt_opts[@]}" update -qq
(cd "$work" && apt-get "${apt_opts[@]}" download docker-compose)
dpkg-deb -x "$work"/docker-compose_*.deb "$work/pkg"
binary="$(find "$work/pkg" -type f -name docker-compose -path '*cli-plugins*' | head -n 1)"
if [[ -z "$binary" ]]; then
  log "no cli-plugins/docker-compose in the Debian 13 package"
  exit 1
fi
mkdir -p "$PLUGIN_DIR"
install -m 0755 "$binary" "$PLUGIN_DIR/docker-compose"
log "v2 installed: $(docker compose version --short)"
