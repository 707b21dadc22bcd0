package io.edgemarket.broker.invoke;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.http.SignedHeaders;
import io.edgemarket.model.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Asks an independent verifier ({@code POST /verify}, signed as the broker) to re-execute one
 * sampled invocation; see docs/http-api.md, "Verifiers". Any failure is an empty answer: the
 * invocation is then checked by its receipt alone.
 */
final class VerifierClient {
  /** What the verifier is sent. */
  record VerifyRequest(Receipt receipt, FunctionSpec function, byte[] input) {}

  /** Its verdict: agreed, provider-slashed or disputed, with its own run's output. */
  record VerifyAnswer(
      String outcome,
      String verifierId,
      String status,
      byte[] output,
      String outputDigest,
      String error,
      List<String> slashed) {}

  private final Identity broker;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  VerifierClient(Identity broker) {
    this.broker = broker;
  }

  /** The verdict, or empty with the reason logged by the caller. */
  Optional<VerifyAnswer> verify(String endpoint, VerifyRequest request, Duration timeout)
      throws VerifierUnavailable {
    URI uri;
    try {
      uri = URI.create((endpoint.endsWith("/") ? endpoint : endpoint + "/") + "verify");
    } catch (IllegalArgumentException e) {
      throw new VerifierUnavailable("verifier endpoint is not a URL: " + endpoint);
    }
    byte[] body = Json.bytes(request);
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    SignedHeaders.sign(broker, "POST", uri.getRawPath(), body, System.currentTimeMillis())
        .forEach(builder::header);
    HttpResponse<byte[]> response;
    try {
      // Blocking on the caller's worker thread; the body is held to the request's deadline too.
      response =
          http.send(
              builder.build(), DeadlineBody.ofByteArray(System.nanoTime() + timeout.toNanos()));
    } catch (HttpTimeoutException e) {
      throw new VerifierUnavailable("no answer within " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      throw new VerifierUnavailable("unreachable: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VerifierUnavailable("interrupted");
    }
    if (response.statusCode() != 200) {
      throw new VerifierUnavailable(
          "HTTP "
              + response.statusCode()
              + ": "
              + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
    try {
      return Optional.of(Json.read(response.body(), VerifyAnswer.class));
    } catch (IllegalArgumentException e) {
      throw new VerifierUnavailable("malformed answer: " + e.getMessage());
    }
  }

  /** No verdict: the verifier is unreachable, busy, refused, or its run was inconclusive. */
  static final class VerifierUnavailable extends Exception {
    private static final long serialVersionUID = 1L;

    VerifierUnavailable(String message) {
      super(message);
    }
  }
}
