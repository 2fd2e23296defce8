package dev.vitals.server.checks;

import dev.vitals.common.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * {@code http}/{@code https}: a GET that passes when the status is in the expected range. TLS
 * certificates and host names are verified (the JDK's defaults); redirects are not followed (a 3xx
 * is judged by the range). User-info in the URL becomes a Basic {@code Authorization} header.
 * Header values and the user-info never appear in outputs.
 */
final class HttpCheck implements Check {
  /** The start of the body kept in the output. */
  private static final int BODY_CHARS = 200;

  private final CheckTarget.Http target;
  private final HttpClient client;
  private final URI uri;
  private final @Nullable String authorization;

  HttpCheck(CheckTarget.Http target, Duration connectTimeout) {
    this.target = target;
    URI url = target.url();
    String userInfo = url.getRawUserInfo();
    try {
      this.uri =
          userInfo == null
              ? url
              : new URI(
                  url.getScheme(),
                  null,
                  url.getHost(),
                  url.getPort(),
                  url.getRawPath(),
                  url.getRawQuery(),
                  null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot use the URL " + target.display(), e);
    }
    this.authorization =
        userInfo == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        URLDecoder.decode(userInfo, StandardCharsets.UTF_8)
                            .getBytes(StandardCharsets.UTF_8));
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public CheckOutcome run(Duration timeout) throws InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).GET().timeout(timeout).header("User-Agent", "vitals-checks");
    target.headers().forEach(request::setHeader);
    if (authorization != null) {
      request.setHeader("Authorization", authorization);
    }
    HttpResponse<InputStream> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException e) {
      return CheckOutcome.fail("GET " + target.display() + ": connect timed out");
    } catch (HttpTimeoutException e) {
      return CheckOutcome.fail(
          "GET " + target.display() + ": no response within " + Durations.format(timeout));
    } catch (ConnectException e) {
      return CheckOutcome.fail("GET " + target.display() + ": connection refused");
    } catch (IOException e) {
      return CheckOutcome.fail(
          "GET "
              + target.display()
              + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : redact(e.getMessage())));
    }
    int status = response.statusCode();
    // An endpoint that echoes its request would show the headers: redacted too.
    String body = redact(readStart(response.body()));
    boolean passed = status >= target.expectFrom() && status <= target.expectTo();
    String output =
        "HTTP "
            + status
            + (passed ? "" : " (expected " + target.expectFrom() + "-" + target.expectTo() + ")")
            + (body.isEmpty() ? "" : ": " + body);
    return new CheckOutcome(passed, output);
  }

  /**
   * {@code message} without the URL's user-info or any header value. The JDK's messages name hosts
   * and protocols, not these; this holds even if one ever did, and for response bodies.
   */
  private String redact(String message) {
    String safe = message;
    String userInfo = target.url().getRawUserInfo();
    if (userInfo != null) {
      safe = safe.replace(userInfo, "***");
    }
    if (authorization != null) {
      safe = safe.replace(authorization.substring("Basic ".length()), "***");
    }
    for (String value : target.headers().values()) {
      if (!value.isEmpty()) {
        safe = safe.replace(value, "***");
      }
    }
    return safe;
  }

  /** The start of the body, one line; the rest is not read (the connection is closed). */
  private static String readStart(InputStream body) {
    try (body) {
      byte[] bytes = body.readNBytes(BODY_CHARS * 4);
      String text = new String(bytes, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
      return text.length() > BODY_CHARS ? text.substring(0, BODY_CHARS) + "..." : text;
    } catch (IOException e) {
      return "";
    }
  }
}
