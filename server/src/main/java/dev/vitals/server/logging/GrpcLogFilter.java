package dev.vitals.server.logging;

import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Exception;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A java.util.logging filter on grpc-java's Netty loggers: the warnings a client causes at will
 * ("Stream Error" for each stream refused over the concurrent-stream limit, "Exception processing
 * message" for each request over the size limit), each with a stack trace, go to the {@link
 * ClientFaultLog} as one counted fault instead. Everything else passes, in full.
 */
final class GrpcLogFilter implements Filter {
  /** grpc-java's loggers, kept here: java.util.logging holds loggers only weakly. */
  private static final List<Logger> FILTERED =
      List.of(
          Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty.NettyServerHandler"),
          Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty.NettyServerStream"));

  private final ClientFaultLog faults;

  private GrpcLogFilter(ClientFaultLog faults) {
    this.faults = faults;
  }

  static synchronized void install(ClientFaultLog faults) {
    for (Logger logger : FILTERED) {
      if (!(logger.getFilter() instanceof GrpcLogFilter)) {
        logger.setFilter(new GrpcLogFilter(faults));
      }
    }
  }

  @Override
  public boolean isLoggable(LogRecord record) {
    Throwable thrown = record.getThrown();
    if (thrown instanceof Http2Exception.StreamException stream && thrown.getCause() == null) {
      // Netty's own protocol checks on one stream: what the client sent broke a rule.

      faults.record(
          "HTTP/2 stream error " + stream.error(),
          "stream " + stream.streamId() + ": " + stream.getMessage());
      return false;
    }
    if ("Exception processing message".equals(record.getMessage())
        && (thrown instanceof StatusRuntimeException || thrown instanceof StatusException)) {
      // The deframer refusing a request body: too large, or a bad compression flag.
      faults.record(
          "request message refused (" + io.grpc.Status.fromThrowable(thrown).getCode() + ")",
          String.valueOf(io.grpc.Status.fromThrowable(thrown).getDescription()));
      return false;
    }
    return true;
  }
}
