package dev.vitals.client;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Timestamp;
import dev.vitals.api.admin.v1.ClearStatusRequest;
import dev.vitals.api.admin.v1.HeartbeatRequest;
import dev.vitals.api.admin.v1.ListChecksRequest;
import dev.vitals.api.admin.v1.ListChecksResponse;
import dev.vitals.api.admin.v1.ListStatusesRequest;
import dev.vitals.api.admin.v1.SetStatusRequest;
import dev.vitals.api.admin.v1.StatusAdminGrpc;
import dev.vitals.common.AdminAuthorization;
import dev.vitals.common.StatusProtos;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Calls the vitals admin API ({@code vitals.admin.v1.StatusAdmin}) to set, clear and list statuses.
 * Every call carries {@code authorization: Bearer <token>} and a deadline (5 s unless {@link
 * #withDeadline} says otherwise).
 *
 * <pre>{@code
 * AdminClient admin = AdminClient.create(channel, token);
 * admin.set("db", ServingStatus.NOT_SERVING);
 * }</pre>
 *
 * <p>The client does not own the channel. Instances are immutable and thread-safe. Errors keep the
 * server's status: UNAUTHENTICATED for a wrong token, INVALID_ARGUMENT for a bad service name,
 * UNIMPLEMENTED when the server has no admin token configured.
 */
public final class AdminClient {
  private final Channel channel;
  private final Duration deadline;

  private AdminClient(Channel channel, Duration deadline) {
    this.channel = channel;
    this.deadline = deadline;
  }

  /**
   * A client on {@code channel} that authenticates with {@code token}.
   *
   * @throws IllegalArgumentException if the token is blank or not printable ASCII
   */
  public static AdminClient create(Channel channel, String token) {
    requireNonNull(channel, "channel");
    requireNonNull(token, "token");
    Metadata headers = new Metadata();
    headers.put(AdminAuthorization.KEY, AdminAuthorization.headerValue(token));
    Channel authenticated =
        ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    return new AdminClient(authenticated, Deadlines.DEFAULT);
  }

  /**
   * A client like this one with another deadline for each call.
   *
   * @throws IllegalArgumentException if {@code deadline} is zero or negative
   */
  public AdminClient withDeadline(Duration deadline) {
    return new AdminClient(channel, Deadlines.checkPositive(deadline));
  }

  /**
   * Sets a service's status, registering the service if needed; watchers are told at once.
   *
   * @param service the service name; {@code ""} is the whole server
   * @param status SERVING, NOT_SERVING or UNKNOWN
   * @throws IllegalArgumentException for SERVICE_UNKNOWN, which only {@link #clear} produces
   */
  public void set(String service, ServingStatus status) throws HealthRpcException {
    requireNonNull(service, "service");
    SetStatusRequest request =
        SetStatusRequest.newBuilder()
            .setService(service)
            .setStatus(StatusProtos.toAdmin(requireNonNull(status, "status").toHealthStatus()))
            .build();
    try {
      stub().setStatus(request);
    } catch (StatusRuntimeException e) {
      throw HealthRpcException.from(e);
    }
  }

  /**
   * Sets a manual status on a service derived from checks (or the {@code liveness} or {@code
   * startup} profile) for {@code ttl}; the service then goes back to its checks. Maintenance mode
   * that cannot be forgotten.
   *
   * @param ttl how long the override lasts; positive
   * @throws IllegalArgumentException for SERVICE_UNKNOWN, or a TTL that is not positive
   * @throws HealthRpcException INVALID_ARGUMENT if the service is set by hand (not derived)
   */
  public void set(String service, ServingStatus status, Duration ttl) throws HealthRpcException {
    requireNonNull(service, "service");
    requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("the TTL must be positive, got " + ttl);
    }
    SetStatusRequest request =
        SetStatusRequest.newBuilder()
            .setService(service)
            .setStatus(StatusProtos.toAdmin(requireNonNull(status, "status").toHealthStatus()))
            .setTtl(
                com.google.protobuf.Duration.newBuilder()
                    .setSeconds(ttl.getSeconds())
                    .setNanos(ttl.getNano()))
            .build();
    try {
      stub().setStatus(request);
    } catch (StatusRuntimeException e) {
      throw HealthRpcException.from(e);
    }
  }

  /**
   * Refreshes a {@code ttl} check, which the server then runs at once.
   *
   * @throws HealthRpcException NOT_FOUND for no such check, FAILED_PRECONDITION for a check of
   *     another type
   */
  public void heartbeat(String check) throws HealthRpcException {
    HeartbeatRequest request =
        HeartbeatRequest.newBuilder().setCheck(requireNonNull(check, "check")).build();
    try {
      stub().heartbeat(request);
    } catch (StatusRuntimeException e) {
      throw HealthRpcException.from(e);
    }
  }

  /** Every check's last result and every derived service's status, reasons and history. */
  public ChecksReport checks() throws HealthRpcException {
    ListChecksResponse response;
    try {
      response = stub().listChecks(ListChecksRequest.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      throw HealthRpcException.from(e);
    }
    return ChecksReports.from(response);
  }

  /**
   * Unregisters a service: Check then answers NOT_FOUND and watchers see SERVICE_UNKNOWN. Clearing
   * a service that is not registered succeeds. For a service derived from checks, ends its manual
   * override instead: it follows its checks again.
   *
   * @param service the service name; the whole server ({@code ""}) cannot be cleared
   */
  public void clear(String service) throws HealthRpcException {
    ClearStatusRequest request =
        ClearStatusRequest.newBuilder().setService(requireNonNull(service, "service")).build();
    try {
      stub().clearStatus(request);
    } catch (StatusRuntimeException e) {
      throw HealthRpcException.from(e);
    }
  }

  /** Every registered service, sorted by name, with when its status last changed. */
  public List<ServiceStatus> list() throws HealthRpcException {
    List<dev.vitals.api.admin.v1.ServiceStatus> statuses;
    try {
      statuses = stub().listStatuses(ListStatusesRequest.getDefaultInstance()).getStatusesList();
    } catch (StatusRuntimeException e) {
      throw HealthRpcException.from(e);
    }
    List<ServiceStatus> result = new ArrayList<>(statuses.size());
    for (dev.vitals.api.admin.v1.ServiceStatus status : statuses) {
      Timestamp changed = status.getLastChanged();
      ServingStatus serving = ServingStatus.of(StatusProtos.fromAdmin(status.getStatus()));
      result.add(
          new ServiceStatus(
              status.getService(),
              serving,
              Instant.ofEpochSecond(changed.getSeconds(), changed.getNanos())));
    }
    return Collections.unmodifiableList(result);
  }

  private StatusAdminGrpc.StatusAdminBlockingStub stub() {
    return StatusAdminGrpc.newBlockingStub(channel)
        .withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
  }
}
