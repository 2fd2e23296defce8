#!/usr/bin/env bash
# Brings a vitals compose file up (`up -d`) once the steps before it are done, or says which step
# to run: no Docker daemon (scripts/docker-up.sh), no compose (scripts/compose-install.sh), or an
# image the file needs that is not built (scripts/base-image.sh, ./mvnw ... package). Compose's own
# errors for these are a registry pull (v1 ignores pull_policy) or "No such image".
#
# Usage: scripts/compose-up.sh [--v1|--v2] [-f FILE]... [-p PROJECT] [UP-OPTION]...
#   --v2 `docker compose` (the default), --v1 `docker-compose`; without either, v2 if installed,
#   else v1. -f and -p are compose's; the other arguments go to `up -d`. Exit 1 when a step is
#   missing (one line per missing step, each naming what to run), else compose's exit code.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'compose-up: %s\n' "$*" >&2; }

flavour=""
files=()
global=()
up=()
while (($#)); do
  case "$1" in
    --v1 | --v2) flavour="${1#--}" ;;
    -f | --file) files+=("$2"); global+=(-f "$2"); shift ;;
    -p | --project-name) global+=(-p "$2"); shift ;;
    *) up+=("$1") ;;
  esac
  shift
done
# As compose does: -f, else COMPOSE_FILE (':'-separated), else docker-compose.yml.
if ((${#files[@]} == 0)); then
  IFS=: read -r -a files <<<"${COMPOSE_FILE:-docker-compose.yml}"
fi

if ! command -v docker >/dev/null 2>&1; then
  say "docker is not installed: run scripts/docker-up.sh (as root), then scripts/compose-install.sh"
  exit 1
fi
if ! docker_err="$(docker info --format '{{.ServerVersion}}' 2>&1 >/dev/null)"; then
  say "no Docker daemon answers (${docker_err%%$'\n'*}): run scripts/docker-up.sh (as root)"
  exit 1
fi

missing=0
v2=false v1=false
docker compose version >/dev/null 2>&1 && v2=true
docker-compose version >/dev/null 2>&1 && v1=true
compose=()
case "$flavour" in
  v2) $v2 && compose=(docker compose) ;;
  v1) $v1 && compose=(docker-compose) ;;
  *) if $v2; then compose=(docker compose); elif $v1; then compose=(docker-compose); fi ;;
esac
if ((${#compose[@]} == 0)); then
  case "$flavour" in
    v1) what="compose v1 (docker-compose)" ;;
    v2) what="compose v2 (docker compose)" ;;
    *) what="docker compose (v2) or docker-compose (v1)" ;;
  esac
  say "$what is not installed: run scripts/compose-install.sh (as root)"
  missing=1
fi

# The file's images, with ${NAME:-default} and ${NAME} taken as compose takes them: from the
# environment, else from .env (NAME=value lines), else the default.
expand() {
  local s="$1" out="" name default value
  while [[ "$s" =~ ^([^$]*)\$\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?\}(.*)$ ]]; do
    name="${BASH_REMATCH[2]}"
    default="${BASH_REMATCH[4]}"
    value="${!name:-}"
    if [[ -z "$value" && -f .env ]]; then
      value="$(sed -n "s/^[[:space:]]*$name[[:space:]]*=[[:space:]]*//p" .env | tail -n 1)"
      value="${value%\"}" && value="${value#\"}"
    fi
    out+="${BASH_REMATCH[1]}${value:-$default}"
    s="${BASH_REMATCH[5]}"
  done
  printf '%s%s' "$out" "$s"
}
for file in "${files[@]}"; do
  if [[ ! -f "$file" ]]; then
    say "no compose file $file (run this from the repository, or pass -f FILE)"
    exit 1
  fi
  while IFS= read -r image; do
    image="$(expand "$image")"
    docker image inspect "$image" >/dev/null 2>&1 && continue
    case "$image" in
      vitals-base:*)
        say "image $image is not built: run scripts/base-image.sh" ;;
      vitals-server:*)
        say "image $image is not built: run scripts/base-image.sh && ./mvnw -B -q package -DskipTests -Dvitals.base.image=docker://vitals-base:25-jlink" ;;
      *)
        say "image $image is not on this machine: build or pull it (the file says pull_policy: never)" ;;
    esac
    missing=1
  done < <(sed -n 's/^[[:space:]]*image:[[:space:]]*["'"'"']\{0,1\}\([^"'"'"'#[:space:]]*\).*/\1/p' "$file" | sort -u)
done

# The admin token the server would get (environment, else .env): the server refuses to start with
# the placeholder of vitals.env.example or a token under 16 bytes, so say it here, before a
# container restarts in a loop. The token itself is never printed.
token="$(expand '${VITALS_ADMIN_TOKEN:-}')"
if [[ "$token" == replace-with-a-long-random-token ]]; then
  say "VITALS_ADMIN_TOKEN is still the placeholder of vitals.env.example: put your own in .env (for example: openssl rand -hex 32)"
  missing=1
elif [[ -n "$token" && ${#token} -lt 16 ]]; then
  say "VITALS_ADMIN_TOKEN is shorter than 16 bytes, which the server refuses: use a long random one (for example: openssl rand -hex 32)"
  missing=1
fi

((missing == 0)) || exit 1
exec "${compose[@]}" "${global[@]}" up -d "${up[@]}"
