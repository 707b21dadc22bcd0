package io.edgemarket.sdk;

import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.http.ApiError;
import io.edgemarket.model.http.SignedHeaders;
import io.edgemarket.model.ledger.ErrorCodes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Signed HTTP calls to the broker. Every request carries {@link SignedHeaders} over exactly the
 * method, path, query and body bytes sent (a streamed file: over its digest, which the blob path
 * names and the broker checks the body against), so the broker can authenticate it and nobody on
 * the way can alter or replay it.
 */
final class BrokerHttp {
  /** An HTTP answer: status and raw body. */
  record Answer(int status, byte[] body) {
    boolean ok() {
      return status >= 200 && status < 300;
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
      return new Answer(response.statusCode(), response.body());
    } catch (HttpConnectTimeoutException e) {
      throw new Unreachable(
          ErrorCodes.UNAVAILABLE, "broker at " + base + " unreachable: connect timed out", e);
    } catch (HttpTimeoutException e) {
      throw new Unreachable(
          EdgeMarketException.TIMEOUT,
          "broker at " + base + " did not answer " + method + " " + pathAndQuery + " in " + wait,
          e);
    } catch (IOException e) {
      throw new Unreachable(
          ErrorCodes.UNAVAILABLE, "broker at " + base + " unreachable: " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unreachable(ErrorCodes.UNAVAILABLE, "interrupted while calling " + base, e);
    }
  }

  /** java.net.http often throws a bare ConnectException with a null message. */
  private static String describe(IOException e) {
    Throwable cause = e;
    while (cause.getMessage() == null && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
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
