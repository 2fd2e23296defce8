# The vitals-server image for people who build with `docker build` (the Maven build makes the same
# image with Jib: image/pom.xml). It packages jars that Maven has already built, so first run
#   ./mvnw -B package -DskipTests -Djib.skip=true
# then
#   docker build -t vitals-server:latest .                                            # with internet
#   docker build --build-arg BASE_IMAGE=vitals-base:25-jlink -t vitals-server:latest . # offline
# (scripts/base-image.sh makes vitals-base:25-jlink from the installed Temurin 25, without any
# registry.) The runtime is Java 25; the jars are Java 17 bytecode.
ARG BASE_IMAGE=eclipse-temurin:25-jre
FROM ${BASE_IMAGE}
# The offline base already runs as 10001: root only to install the files, then back to 10001.
USER root

COPY server/target/vitals-server.jar /app/vitals-server.jar
COPY image/src/main/jvm/jvm.options /app/jvm.options
COPY image/src/main/aot/aot-train.sh /app/aot-train.sh
COPY cli/target/vitals.jar /usr/local/lib/vitals.jar
COPY image/src/main/jvm/vitals.jvm.options /usr/local/lib/vitals.jvm.options
COPY cli/src/main/scripts/vitals /usr/local/bin/vitals
# A RUN, not COPY --chmod: that needs BuildKit, and the classic builder must work too.
# The AOT caches of the server and the CLI (/app/vitals-server.aot, /usr/local/lib/vitals.aot): a
# training run on the container's loopback, as the Maven build makes them (image/src/main/aot).
RUN chmod 0755 /usr/local/bin/vitals /app/aot-train.sh && /app/aot-train.sh

ENV LANG=C.UTF-8
# As the Jib image's labels (but the version, which Maven knows); .ci/run removes images by the title.
LABEL org.opencontainers.image.title="vitals-server" \
      org.opencontainers.image.description="A gRPC health-checking server, client library and probe CLI."
WORKDIR /app
USER 10001:10001
# 8001 gRPC; 8081 HTTP (/livez, /readyz, /health, /metrics, the status page).
EXPOSE 8001 8081

# The same JVM options as the Jib image, from the same file (image/src/main/jvm/jvm.options).
ENTRYPOINT ["java", "@/app/jvm.options", "-cp", "/app/vitals-server.jar", "dev.vitals.server.Main"]

# /readyz answers 200 only when the server is ready (503 while it is not, or draining). busybox
# wget (the offline base) or the base's own wget: no JVM is started per probe, unlike `vitals probe`.
# With VITALS_HTTP_PORT changed or -1, override the healthcheck (docker run --health-cmd ...).
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["wget", "-q", "-O-", "http://127.0.0.1:8081/readyz"]
