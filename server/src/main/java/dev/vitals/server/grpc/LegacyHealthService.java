package dev.vitals.server.grpc;

import static java.util.Objects.requireNonNull;

import dev.vitals.api.legacy.HealthCheckRequest;
import dev.vitals.api.legacy.HealthCheckResponse;
import dev.vitals.api.legacy.HealthGrpc;
import dev.vitals.common.HealthStatus;
import dev.vitals.server.status.ServiceNames;
import dev.vitals.server.status.StatusRegistry;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;

/**
 * The original vitals API, {@code /Health/check}, over the same {@link StatusRegistry}.
 *
 * <p>A registered name gets its own status; any other name gets the whole server's status. The
 * original server answered for the whole server whatever name was sent, and its clients send
 * arbitrary names (such as {@code test}), so an unknown name is not an error here; a name over
 * 1,024 bytes is (INVALID_ARGUMENT), as on every other surface.
 */
final class LegacyHealthService extends HealthGrpc.HealthImplBase {
  private final StatusRegistry registry;

  LegacyHealthService(StatusRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
  }

  /** This service, its answers sent as bytes serialised once. */
  ServerServiceDefinition bindSerialized() {
    return SerializedResponses.cache(bindService(), HealthResponses.LEGACY_ANSWERS);
  }

  @Override
  public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> responses) {
    if (ServiceNames.tooLong(request.getService())) {
      responses.onError(CallStatuses.NAME_TOO_LONG.asRuntimeException());
      return;
    }
    HealthStatus status = registry.statusOrNull(request.getService());
    if (status == null) {
      status = registry.statusOrNull(StatusRegistry.SERVER);
    }
    responses.onNext(HealthResponses.legacy(status == null ? HealthStatus.UNKNOWN : status));
    responses.onCompleted();
  }
}
