package io.edgemarket.sdk;

import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.http.ApiError;
import io.edgemarket.model.http.SignedHeaders;
import io.edgemarket.model.http.Tls;
import io.edgemarket.model.ledger.ErrorCodes;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Signed HTTP calls to the broker. Every request carries {@link SignedHeaders} over exactly the
 * method, path, query and body bytes sent (a streamed file: over its digest, which the blob path
 * names and the broker checks the body against), so the broker can authenticate it and nobody on
 * the way can alter or replay it.
 */
final class BrokerHttp {
  /**
   * An HTTP answer: status, raw body, and the broker's {@code Retry-After} advice (null without
   * one).
   */
  record Answer(int status, byte[] body, Duration retryAfter) {
    Answer(int status, byte[] body) {
      this(status, body, null);
    }

    boolean ok() {
      return status >= 200 && status < 300;
    }

    /** A 429: the broker's back-pressure (too many of our calls in flight, or our quota used). */
    boolean throttled() {
      return status == 429;
    }

    /**
     * The problem details of an error answer, or a generic problem for its status when the body is
     * none (e.g. a proxy's HTML page).
     */
    ApiError problem() {
      Optional<ApiError> problem = ApiError.read(body());
      if (problem.isPresent()) {
        return problem.get();
      }
      String text = new String(body(), StandardCharsets.UTF_8);
      String shortText = text.length() > 200 ? text.substring(0, 200) + "..." : text;
      return ApiError.of(status, codeFor(status), "HTTP " + status + ": " + shortText);
    }

    /** The failure an error answer means, concerning {@code id}. */
    Failure failure(String id) {
      ApiError problem = problem();
      return Failure.of(problem.code())
          .httpStatus(status)
          .id(id)
          .transactionId(problem.transactionId());
    }
  }

  /** No answer at all; {@code code} is UNAVAILABLE (unreachable) or TIMEOUT. */
  static final class Unreachable extends Exception {
    private static final long serialVersionUID = 1L;
    final String code;

    Unreachable(String code, String message, Throwable cause) {
      super(message, cause);
      this.code = code;
    }

    /** The failure this means, concerning {@code id}: no HTTP answer, so no status. */
    Failure failure(String id) {
      return Failure.of(code).id(id);
    }

    /** The same, after trying for {@code tried}. */
    Unreachable after(Duration tried) {
      return new Unreachable(
          code, getMessage() + " (tried again for " + tried.toMillis() + " ms)", getCause());
    }
  }

  private final URI base;
  private final Identity identity;
  private final HttpClient http;

  BrokerHttp(URI base, Identity identity, HttpClient http) {
    this.base = base;
    this.identity = identity;
    this.http = http;
  }

  URI base() {
    return base;
  }

  /**
   * As {@link #send}, riding through a broker that is down or restarting: no connection (refused,
   * reset, closed mid-answer) and 503 UNAVAILABLE answers are tried again, signed anew each time,
   * with a growing pause, until {@code wait} has passed since the first try. Only for requests that
   * are safe to repeat: reads, and invocations (the broker answers a repeated ticket with its first
   * result). Then the last 503 answer, or {@link Unreachable} saying the broker is unavailable. A
   * 429 (back-pressure) is tried again too, after its {@code Retry-After}, unless {@code
   * waitWhenThrottled} is false or the wait would end past {@code wait}: then it is the answer.
   */
  Answer sendPatiently(
      String method,
      String pathAndQuery,
      byte[] body,
      String contentType,
      Duration wait,
      boolean waitWhenThrottled)
      throws Unreachable {
    long start = System.nanoTime();
    long deadline = start + wait.toNanos();
    for (int attempt = 0; ; attempt++) {
      Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000));
      long pause = Math.min(1_000L, 100L << Math.min(attempt, 4));
      try {
        Answer answer = send(method, pathAndQuery, body, contentType, left);
        boolean again = restarting(answer);
        if (waitWhenThrottled && answer.throttled()) {
          pause = backOff(answer.retryAfter());
          again = true;
        }
        if (!again || System.nanoTime() + pause * 1_000_000 >= deadline) {
          return answer;
        }
      } catch (Unreachable e) {
        if (!ErrorCodes.UNAVAILABLE.equals(e.code)
            || System.nanoTime() + pause * 1_000_000 >= deadline) {
          throw attempt == 0 ? e : e.after(Duration.ofNanos(System.nanoTime() - start));
        }
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Unreachable(ErrorCodes.UNAVAILABLE, "interrupted while calling " + base, e);
      }
    }
  }

  /** As above, waiting out back-pressure: what every call but an impatient invocation wants. */
  Answer sendPatiently(
      String method, String pathAndQuery, byte[] body, String contentType, Duration wait)
      throws Unreachable {
    return sendPatiently(method, pathAndQuery, body, contentType, wait, true);
  }

  /**
   * How long to wait before sending a throttled request again: the broker's advice (1 s without
   * one, 100 ms at least) and up to a quarter more, so that the calls of one refused burst do not
   * all come back in the same millisecond and meet the same limit again.
   */
  static long backOff(Duration retryAfter) {
    long advised = retryAfter == null ? 1_000 : Math.max(100, retryAfter.toMillis());
    return advised + ThreadLocalRandom.current().nextLong(advised / 4 + 1);
  }

  /**
   * {@code Retry-After} as RFC 9110 gives it: whole seconds or an HTTP date; null when absent or
   * unreadable.
   */
  static Duration retryAfter(String header, long nowMillis) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.trim();
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
    } catch (NumberFormatException e) {
      try {
        long at =
            ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                .toInstant()
                .toEpochMilli();
        return Duration.ofMillis(Math.max(0, at - nowMillis));
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }

  /** A 503 UNAVAILABLE: the broker (re)starting, or its ledger or offers not back yet. */
  private static boolean restarting(Answer answer) {
    return answer.status() == 503 && ErrorCodes.UNAVAILABLE.equals(answer.problem().code());
  }

  Answer send(String method, String pathAndQuery, byte[] body, String contentType, Duration wait)
      throws Unreachable {
    byte[] bytes = body == null ? new byte[0] : body;
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(pathAndQuery))
            .timeout(wait)
            .method(
                method,
                bytes.length == 0 && method.equals("GET")
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(bytes));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    Map<String, String> headers =
        SignedHeaders.sign(identity, method, pathAndQuery, bytes, System.currentTimeMillis());
    headers.forEach(request::header);
    return exchange(request, method, pathAndQuery, wait);
  }

  /**
   * Streams a file as the body, signed over its digest (computed beforehand), so a 512 MiB image is
   * never held in memory.
   */
  Answer sendFile(
      String method,
      String pathAndQuery,
      ImageFile file,
      String contentType,
      Duration wait,
      UploadProgress progress)
      throws Unreachable, IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(pathAndQuery))
            .timeout(wait)
            .method(method, new FileBody(file.path(), file.size(), progress))
            .header("Content-Type", contentType);
    SignedHeaders.signBodyDigest(
            identity, method, pathAndQuery, file.sha256(), System.currentTimeMillis())
        .forEach(request::header);
    return exchange(request, method, pathAndQuery, wait);
  }

  private Answer exchange(
      HttpRequest.Builder request, String method, String pathAndQuery, Duration wait)
      throws Unreachable {
    try {
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(
          response.statusCode(),
          response.body(),
          retryAfter(
              response.headers().firstValue("Retry-After").orElse(null),
              System.currentTimeMillis()));
    } catch (HttpConnectTimeoutException e) {
      throw new Unreachable(
          ErrorCodes.UNAVAILABLE, "broker unavailable at " + base + ": connect timed out", e);
    } catch (HttpTimeoutException e) {
      throw new Unreachable(
          EdgeMarketException.TIMEOUT,
          "broker at " + base + " did not answer " + method + " " + pathAndQuery + " in " + wait,
          e);
    } catch (IOException e) {
      Optional<String> untrusted = Tls.permanentFailure(e);
      if (untrusted.isPresent()) {
        throw new Unreachable(
            EdgeMarketException.BROKER_UNTRUSTED,
            "refused the broker at " + base + ": " + untrusted.get(),
            e);
      }
      throw new Unreachable(
          ErrorCodes.UNAVAILABLE, "broker unavailable at " + base + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unreachable(ErrorCodes.UNAVAILABLE, "interrupted while calling " + base, e);
    }
  }

  /**
   * java.net.http often throws a bare ConnectException, or a ClosedChannelException when the broker
   * dies mid-answer, with a null message: say what happened instead.
   */
  static String describe(IOException e) {
    Throwable cause = e;
    while (cause.getMessage() == null && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause.getMessage() != null) {
      return cause.getMessage();
    }
    if (cause instanceof ConnectException) {
      return "connection refused";
    }
    if (cause instanceof ClosedChannelException || cause instanceof EOFException) {
      return "the connection closed before an answer";
    }
    return cause.getClass().getSimpleName();
  }

  static String codeFor(int status) {
    return switch (status) {
      case 400 -> ErrorCodes.BAD_REQUEST;
      case 401 -> ErrorCodes.UNAUTHENTICATED;
      case 402 -> ErrorCodes.INSUFFICIENT_FUNDS;
      case 403 -> ErrorCodes.FORBIDDEN;
      case 404 -> ErrorCodes.NOT_FOUND;
      case 409 -> ErrorCodes.DUPLICATE;
      case 502, 503, 504 -> ErrorCodes.UNAVAILABLE;
      default -> ErrorCodes.INTERNAL;
    };
  }
}
