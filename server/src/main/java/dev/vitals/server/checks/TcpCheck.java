package dev.vitals.server.checks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

/** {@code tcp}: passes when a TCP connection to {@code host:port} is accepted in time. */
final class TcpCheck implements Check {
  private final CheckTarget.Tcp target;

  TcpCheck(CheckTarget.Tcp target) {
    this.target = target;
  }

  @Override
  public CheckOutcome run(Duration timeout) {
    // Resolved on every run: the address behind a name may move.
    InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
    if (address.isUnresolved()) {
      return CheckOutcome.fail("cannot resolve " + target.host());
    }
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    try (Socket socket = new Socket()) {
      socket.connect(address, millis);
      return CheckOutcome.pass("connected to " + target.display());
    } catch (SocketTimeoutException e) {
      return CheckOutcome.fail("connect to " + target.display() + " timed out");
    } catch (UnknownHostException e) {
      return CheckOutcome.fail("cannot resolve " + target.host());
    } catch (IOException e) {
      return CheckOutcome.fail(
          "connect to "
              + target.display()
              + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
  }
}
