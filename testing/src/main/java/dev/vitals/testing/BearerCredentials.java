package dev.vitals.testing;

import dev.vitals.common.AdminAuthorization;
import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.util.concurrent.Executor;

/** Sends {@code authorization: Bearer <token>}, as an admin client would. */
public final class BearerCredentials extends CallCredentials {
  private final String token;

  public BearerCredentials(String token) {
    this.token = token;
  }

  @Override
  public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
    Metadata headers = new Metadata();
    headers.put(AdminAuthorization.KEY, "Bearer " + token);
    applier.apply(headers);
  }
}
