package dev.vitals.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on how a blocking call fails. */
final class CallAssertions {
  private CallAssertions() {}

  /** {@code call} fails with {@code code} and a description containing {@code description}. */
  static void assertStatus(ThrowingCallable call, Status.Code code, String description) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).contains(description);
            });
  }
}
