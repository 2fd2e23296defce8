#!/usr/bin/env bash
# Builds the local base image vitals-base:25-jlink without any container registry:
#   a jlink'ed Java 25 runtime made from the installed Temurin 25 JDK (its jlink links from the JDK's
#   own runtime image, no jmods needed), the host's glibc (and the few other shared libraries the
#   runtime links), a static busybox for a shell and the usual tools, a C.UTF-8 locale, /tmp, and a
#   non-root user 10001 - packed with `tar | docker import`.
# Offline builds then use it with  -Dvitals.base.image=docker://vitals-base:25-jlink  (Jib) or
#   --build-arg BASE_IMAGE=vitals-base:25-jlink  (Dockerfile).
# Usage: scripts/base-image.sh [--force]   (skips the build when the image exists, unless --force)
# Environment: JDK25 (/usr/lib/jvm/temurin-25-jdk-amd64), the JDK whose jlink makes the runtime.
set -euo pipefail

IMAGE="${VITALS_BASE_IMAGE_TAG:-vitals-base:25-jlink}"
JDK25="${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
# java.naming: gRPC's DNS name resolver; jdk.unsupported: Netty's Unsafe access; java.management:
# JVM metrics; java.xml: Logback configuration; jdk.crypto.ec: TLS for users who turn it on.
# java.net.http: the checks' http/https check type (HttpClient).
MODULES="java.base,java.logging,java.management,java.naming,java.net.http,java.xml,java.sql,jdk.unsupported,jdk.crypto.ec,jdk.management"

# No --generate-cds-archive (the JDK 17 base had one): every JVM the image starts brings its own
# AOT cache (JEP 483/514/515; the server's /app/vitals-server.aot, the CLI's
# /usr/local/lib/vitals.aot, made by a training run when the image is built: image/src/main/aot),
# which holds the JDK's classes as well, so the runtime's default archive would be 14 MB used only
# when a cache is not (BENCHMARKS.md, Footprint). zip-6 is what --compress=2 was on JDK 17.
JLINK_OPTIONS="--strip-debug --no-header-files --no-man-pages --compress=zip-6"
# What the image records: an image built with other modules, options or another JDK is rebuilt.
RECIPE="$MODULES $JLINK_OPTIONS jdk-25"

log() { printf '[base-image] %s\n' "$*" >&2; }

force=false
for arg in "$@"; do
  case "$arg" in
    --force) force=true ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) log "unknown argument: $arg (usage: $0 [--force])"; exit 1 ;;
  esac
done

# The image records its modules and jlink options: one built with others is rebuilt.
if ! $force && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  built_with="$(docker image inspect -f '{{index .Config.Labels "dev.vitals.base.modules"}}' "$IMAGE" 2>/dev/null || true)"
  if [[ "$built_with" == "$RECIPE" ]]; then
    log "$IMAGE already exists (use --force to rebuild)"
    exit 0
  fi
  log "$IMAGE was built with other modules or options (${built_with:-unrecorded}); rebuilding"
fi

start=$SECONDS
if [[ ! -x /bin/busybox ]] || ! /bin/busybox --list >/dev/null 2>&1 || ! dpkg -s busybox-static >/dev/null 2>&1; then
  log "installing busybox-static from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq busybox-static >/dev/null
fi

# The host build stays on JDK 17 (bytecode release 17); only the image's runtime is 25.
JLINK="$JDK25/bin/jlink"
if [[ ! -x "$JLINK" ]]; then
  log "no JDK 25 jlink at $JLINK: install Temurin 25 there, or set JDK25 to a JDK 25"
  exit 1
fi
version="$("$JLINK" --version)"
if [[ "${version%%.*}" != 25 ]]; then
  log "need a JDK 25 jlink, found $JLINK ($version); set JDK25 to a JDK 25"
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root"/{bin,etc,tmp,opt,usr/lib,root,home/vitals,app}
chmod 1777 "$root/tmp"

log "jlink $MODULES"
"$JLINK" $JLINK_OPTIONS --add-modules "$MODULES" --output "$root/opt/java"

# Debian's merged /usr: /lib and /lib64 are links into /usr, made first so copies land there.
for l in lib lib64; do
  if [[ -L /$l ]]; then mkdir -p "$root/$(readlink /$l)"; ln -sfn "$(readlink /$l)" "$root/$l"; fi
done
# glibc entire (Netty's native epoll transport dlopen()s libdl/libpthread; name lookups need the
# NSS modules), plus whatever the runtime's own libraries link against (zlib, libstdc++, ...).
copy_lib() {
  local src="$1"
  local dest="$root$src"
  [[ -e "$dest" ]] && return 0
  mkdir -p "$(dirname "$dest")"
  cp -a "$src" "$dest"
  if [[ -L "$src" ]]; then
    copy_lib "$(readlink -f "$src")"
  fi
}
while read -r f; do
  if [[ -f "$f" && ( "$f" == *.so* || "$f" == */ld-linux* ) ]]; then copy_lib "$f"; fi
done < <(dpkg -L libc6 | grep -E '^/(usr/)?lib' )
while read -r lib; do
  copy_lib "$lib"
done < <(find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec ldd {} + 2>/dev/null \
          | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// && $2 ~ /^\(/ {print $1}' | sort -u)
mkdir -p "$root/usr/lib/locale"
if [[ -d /usr/lib/locale/C.utf8 ]]; then cp -a /usr/lib/locale/C.utf8 "$root/usr/lib/locale/"; fi

cp /bin/busybox "$root/bin/busybox"
for tool in $("$root/bin/busybox" --list); do
  [[ -e "$root/bin/$tool" ]] || ln -s busybox "$root/bin/$tool"
done

cat >"$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
vitals:x:10001:10001:vitals:/home/vitals:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
cat >"$root/etc/group" <<'GROUP'
root:x:0:
vitals:x:10001:
nogroup:x:65534:
GROUP
printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"
chown -R 10001:10001 "$root/home/vitals" "$root/app"

log "importing into docker as $IMAGE"
previous="$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)"
# Imported under a scratch tag and checked before it takes the real name: a broken runtime must
# never be left behind as $IMAGE, where the next run would skip rebuilding it.
candidate="$IMAGE-candidate"
tar -C "$root" --numeric-owner -cf - . | docker import \
  --change 'ENV PATH=/opt/java/bin:/usr/local/bin:/usr/bin:/bin' \
  --change 'ENV JAVA_HOME=/opt/java' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'USER 10001' \
  --change 'WORKDIR /app' \
  --change 'CMD ["/bin/sh"]' \
  --change "LABEL dev.vitals.base.modules=\"$RECIPE\"" \
  - "$candidate" >/dev/null
if ! docker run --rm "$candidate" sh -c 'java -version && test "$(id -u)" = 10001' >&2; then
  docker rmi "$candidate" >/dev/null
  log "the imported runtime does not start; $IMAGE left unchanged"
  exit 1
fi
docker tag "$candidate" "$IMAGE"
docker rmi "$candidate" >/dev/null
current="$(docker image inspect -f '{{.Id}}' "$IMAGE")"
if [[ -n "$previous" && "$previous" != "$current" ]]; then
  docker rmi "$previous" >/dev/null 2>&1 || true  # still used by a container or another tag: keep it
fi
log "built $IMAGE: $(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}') in $((SECONDS - start)) s"
