#!/usr/bin/env bash
# The image's AOT caches, made before Jib assembles the image (image/pom.xml, phase package): Jib
# cannot run a step inside the image, so this runs image/src/main/aot/aot-train.sh in a container
# of the base image with the staged files (target/image-root) mounted at their paths in the image,
# and the caches it writes there (app/vitals-server.aot, usr/local/lib/vitals.aot) go into the
# image with the rest of target/image-root. The Dockerfile runs the same script in a RUN step.
# Usage: aot-caches.sh BASE_IMAGE IMAGE_ROOT   (BASE_IMAGE as Jib's from.image, docker:// allowed)
set -euo pipefail
base="${1:?base image}"
root="${2:?image root}"
base="${base#docker://}"
start=$SECONDS

for f in app/vitals-server.jar app/jvm.options app/aot-train.sh usr/local/lib/vitals.jar \
         usr/local/lib/vitals.jvm.options usr/local/bin/vitals; do
  [[ -f "$root/$f" ]] || { echo "aot-caches: $root/$f missing" >&2; exit 1; }
done
rm -f "$root/app/vitals-server.aot" "$root/usr/local/lib/vitals.aot"
# Jib gives every file it adds the modification time 1970-01-01T00:00:01Z (filesModificationTime);
# the training sees the same, since a JVM may compare a jar's time with the one its cache recorded.
find "$root" -type f -exec touch -h -d @1 {} +
chmod 0755 "$root/app/aot-train.sh" "$root/usr/local/bin/vitals"

# No network (the workload is on the container's loopback); the host's user, so the caches are
# written into target/ as the build's own files.
docker run --rm --network none --user "$(id -u):$(id -g)" \
  -v "$(cd "$root/app" && pwd):/app" -v "$(cd "$root/usr/local/lib" && pwd):/usr/local/lib" \
  -v "$(cd "$root/usr/local/bin" && pwd):/usr/local/bin" \
  --entrypoint /app/aot-train.sh "$base"
touch -d @1 "$root/app/vitals-server.aot" "$root/usr/local/lib/vitals.aot"
echo "aot-caches: made in $((SECONDS - start)) s in a container of $base"
